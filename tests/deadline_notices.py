"""A library whose tasks carry deadlines (完成时限): two real notices of the shared corpus, written by hand
as data directories with the documents' own dates, tasks, units and deadline words, beside the shipped one.

Each deadline is the document's phrase, found in the document's text (see `phrases_are_the_documents`); the
dates a test expects are computed from the notice's 成文日期 and the phrase's own day.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from taskmap.store.loading import bundled_data_dir

# 闽政办〔2017〕45号, 成文 2017-04-28 (corpus 17): tasks from its 分解表, deadlines from its 工作要求 cells
# and its body (于5月27日前书面报省政府办公厅, 全年落实情况于2017年12月8日前书面报省政府办公厅).
FUJIAN_2017: dict[str, Any] = {
    "file": "17-fujian-2017-zhengwu-gongkai-renwu-fenjiebiao-table.txt",
    "notice": {
        "title": "福建省人民政府办公厅关于印发2017年政务公开工作主要任务分解表的通知",
        "document_number": "闽政办〔2017〕45号",
        "issuer": "福建省人民政府办公厅",
        "jurisdiction": "福建省",
        "issued": "2017-04-28",
        "issued_as_printed": "2017年4月28日",
    },
    "units": ["省财政厅", "省国土厅", "省发改委", "省审改办", "省政府办公厅", "各设区市"],
    "tasks": [
        ("按月公开全省财政收支情况", ["省财政厅"], ["各设区市"], "按月公开"),
        ("加大征地信息公开力度", ["省国土厅"], ["各设区市"], "按季度公布房地产用地供应数据"),
        ("大力推进“互联网＋政务服务”", ["省发改委", "省审改办"], ["各设区市"], "年内实现全省“一张网”管理"),
        (
            "加快制定主动公开基本目录",
            ["省政府办公厅"],
            ["各设区市"],
            "2017年底前完成省直部门政务公开目录体系编制",
        ),
        ("制定具体实施方案或工作安排", ["省政府办公厅"], ["各设区市"], "于5月27日前书面报省政府办公厅"),
        (
            "报送全年落实情况",
            ["省政府办公厅"],
            ["各设区市"],
            "全年落实情况于2017年12月8日前书面报省政府办公厅",
        ),
        ("按照统一部署开展基层政务公开标准化规范化试点", ["各设区市"], [], "按照统一部署"),
    ],
}
# 国办发〔2018〕117号, 成文 2018-12-06 (corpus 04): its two reporting duties.
GUOBAN_2018: dict[str, Any] = {
    "file": "04-guobanfa-2018-117-zhenzhua-shigan.txt",
    "notice": {
        "title": "国务院办公厅关于对真抓实干成效明显地方进一步加大激励支持力度的通知",
        "document_number": "国办发〔2018〕117号",
        "issuer": "国务院办公厅",
        "jurisdiction": "全国",
        "issued": "2018-12-06",
        "issued_as_printed": "2018年12月6日",
    },
    "units": ["国务院办公厅", "各有关部门"],
    "tasks": [
        ("报送激励措施实施办法", ["各有关部门"], ["国务院办公厅"], "于2018年12月31日前报送国务院办公厅"),
        (
            "研究提出拟予督查激励的地方名单",
            ["各有关部门"],
            ["国务院办公厅"],
            "从2019年起，各有关部门于每年2月底前",
        ),
        ("停止执行国办发〔2016〕82号", ["国务院办公厅"], [], "自本通知印发之日起"),
    ],
}
NOTICES = {"fujian-2017": FUJIAN_2017, "guobanfa-2018-117": GUOBAN_2018}


def write_notice(directory: Path, spec: dict[str, Any]) -> Path:
    """A data directory of one annex and one section holding the spec's tasks, numbered 1.1.1 onwards."""
    (directory / "annexes").mkdir(parents=True)
    notice = spec["notice"] | {"annexes": [{"number": 1, "title": "任务分工"}]}
    departments = {"departments": [{"name": name, "kind": "government_department"} for name in spec["units"]]}
    tasks = []
    for number, (heading, lead, support, deadline) in enumerate(spec["tasks"], start=1):
        task: dict[str, Any] = {"id": f"1.1.{number}", "number": number, "heading": heading}
        task |= {"text": f"{heading}。", "lead": lead, "deadline": deadline}
        if support:
            task["support"] = support
        tasks.append(task)
    annex = {
        "number": 1,
        "title": "任务分工",
        "implements": {"title": spec["notice"]["title"], "number": spec["notice"]["document_number"]},
        "basis": [],
        "preamble": "现将主要任务分解如下：",
        "sections": [{"number": 1, "numeral": "一", "title": "主要任务", "tasks": tasks}],
    }
    for name, value in (
        ("notice.yaml", notice),
        ("departments.yaml", departments),
        ("annexes/annex-1.yaml", annex),
    ):
        (directory / name).write_text(yaml.safe_dump(value, allow_unicode=True, sort_keys=False), "utf-8")
    return directory


def deadline_library(directory: Path, with_shipped: bool = True) -> Path:
    """Both notices with deadlines and (unless told not to) the shipped notice, which has none."""
    for name, spec in NOTICES.items():
        write_notice(directory / name, spec)
    if with_shipped:
        shutil.copytree(bundled_data_dir(), directory / "credit", ignore=shutil.ignore_patterns("source"))
    return directory


if __name__ == "__main__":  # python tests/deadline_notices.py DIR: the library, to try the commands on
    import sys

    print(deadline_library(Path(sys.argv[1])))
