"""Time `taskmap import` on the shipped source and on generated pages of 1,000 to 10,000 tasks.

Run: python bench/import_speed.py. Growth should stay linear (10,000 tasks well under 5 s).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from taskmap.importer import import_notice
from taskmap.importer.numbering import chinese_numeral

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "data" / "source" / "changzhou-credit-task-division-2019.txt"


def generated_page(tasks: int) -> bytes:
    """A notice with `tasks` numbered items in sections of 100, each closed by a labelled group."""
    lines = ["关于印发测试任务分工的通知", "市有关部门：", "附件1", "测试任务分工"]
    for number in range(tasks):
        if number % 100 == 0:
            lines.append(f"{chinese_numeral(number // 100 + 1)}、第{number // 100 + 1}部分")
        group = f"（牵头单位：市部门{number % 50}局，配合单位：市有关部门）"
        lines.append(f"{number % 100 + 1}、任务{number}。落实第{number}项工作。{group}")
    return "\n".join(lines).encode()


def timed(data: bytes, name: str) -> float:
    with tempfile.TemporaryDirectory() as directory:
        start = time.perf_counter()
        import_notice(data, name, Path(directory) / "out")
        return time.perf_counter() - start


def main() -> None:
    print(f"shipped source (85 tasks): {timed(SOURCE.read_bytes(), SOURCE.name):.3f} s")
    for tasks in (900, 2_700, 9_000):
        seconds = timed(generated_page(tasks), "generated.txt")
        print(f"{tasks:>6} tasks: {seconds:.3f} s  ({seconds / tasks * 1e6:.0f} µs per task)")


if __name__ == "__main__":
    main()
