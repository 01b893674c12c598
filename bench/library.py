"""Generate a library of imported notices for the benchmark: `python bench/library.py DIR [COUNT]`.

Each notice is a page in the shipped notice's shape (附件 → 一、 → 1、 items closed by labelled unit groups),
imported with `taskmap import` as an office would. The notices of one city draw their units from one pool,
so units overlap across notices as they do in life: each unit is named in about 5% of the tasks.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from taskmap.importer import import_notice
from taskmap.importer.numbering import chinese_numeral

POOL_BY_SUFFIX = {
    "局": "公安 财政 商务 民政 司法 教育 科技 水利 审计 统计 体育 气象 农业 林业 粮食",
    "委": "发改 卫健 网信 编办 宣传 组织 农工 统战 政法 外事",
    "办": "政务 文明 金融 信访 侨务 人防 台湾 港澳 扶贫 法制",
    "管理局": "市场监督 应急 城市 医疗保障 机关事务 邮政 公务员 数据 住房 园林",
}
UNIT_POOL = [f"市{stem}{suffix}" for suffix, stems in POOL_BY_SUFFIX.items() for stem in stems.split()]
UNITS_PER_TASK = 3  # of 55 units: each unit in about 5% of tasks
TASKS_PER_NOTICE = 90
# A unit and words of one task in every hundredth notice: what a question found in 100 of 10,000 asks.
RARE_EVERY = 100
RARE_UNIT = "市档案局"
RARE_WORDS = "档案数字化"


def notice_page(number: int, rng: random.Random) -> str:
    """One notice of 90 tasks in 3 annexes of 3 sections, its units drawn from the city's pool."""
    title = f"关于印发第{number}批重点工作任务分工的通知"
    lines = [
        "信息名称:" + title,
        f"文件编号:常测办〔2020〕{number}号 发布机构:市测试办",
        title,
        "市有关部门和单位:",
    ]
    lines += ["常州市测试工作领导小组办公室", "2020年1月1日"]
    task = 0
    for annex in (1, 2, 3):
        lines += [f"附件{annex}", f"《第{number}批第{annex}项工作》任务分工"]
        for section in (1, 2, 3):
            lines.append(f"{chinese_numeral(section)}、第{section}方面工作")
            for item in range(1, TASKS_PER_NOTICE // 9 + 1):
                task += 1
                lead, *support = rng.sample(UNIT_POOL, UNITS_PER_TASK)
                work = f"推进第{task}项工作"
                if task == 1 and number % RARE_EVERY == 0:
                    support.append(RARE_UNIT)
                    work += f",推动{RARE_WORDS}"
                group = f"（牵头单位:{lead},配合单位:{'、'.join(support)}）"
                lines.append(f"{item}、{work}。完善第{task}项工作机制,落实有关要求。{group}")
    return "\n".join(lines) + "\n"


def generate(directory: Path, count: int, seed: int = 2020) -> list[Path]:
    """Import `count` generated notices into sub-directories of `directory` (a library)."""
    rng = random.Random(seed)
    notices = []
    for number in range(1, count + 1):
        target = directory / f"notice-{number:04d}"
        import_notice(notice_page(number, rng).encode(), f"notice-{number}.txt", target)
        notices.append(target)
    return notices


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100)
