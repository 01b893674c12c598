"""Time `taskmap import` on the shipped source and on generated pages of 1,000 to 10,000 tasks.

Run: python bench/import_speed.py. Each import is the real command in a fresh process, start-up
included. Growth should stay linear, and the 10,000-task page (the target in issue 10) should import
in under 5 s of wall time; CPU time is printed too, since other work on a small machine inflates the
wall time alone.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from taskmap.importer.numbering import chinese_numeral

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "data" / "source" / "changzhou-credit-task-division-2019.txt"
TARGET_TASKS = 10_000
TARGET_SECONDS = 5.0
ITEMS_PER_SECTION = (
    200  # a notice numbers its sections 一 … 九十九, so 10,000 items need more than 100 a section
)


def generated_page(tasks: int) -> bytes:
    """A notice with `tasks` numbered items, ITEMS_PER_SECTION a section, each closed by a labelled group."""
    lines = ["关于印发测试任务分工的通知", "市有关部门：", "附件1", "测试任务分工"]
    for number in range(tasks):
        section, item = divmod(number, ITEMS_PER_SECTION)
        if item == 0:
            lines.append(f"{chinese_numeral(section + 1)}、第{section + 1}部分")
        group = f"（牵头单位：市部门{number % 50}局，配合单位：市有关部门）"
        lines.append(f"{item + 1}、任务{number}。落实第{number}项工作。{group}")
    return "\n".join(lines).encode()


def timed(page: bytes) -> tuple[float, float]:
    """Wall and CPU seconds of one `taskmap import` of `page` into a fresh directory."""
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "notice.txt"
        source.write_bytes(page)
        command = [sys.executable, "-m", "taskmap", "import", str(source), "--out", f"{directory}/out"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    wall, cpu = timed(SOURCE.read_bytes())
    print(f"shipped source (85 tasks): {wall:.3f} s wall, {cpu:.3f} s CPU")
    for tasks in (1_000, 3_000, TARGET_TASKS):
        wall, cpu = timed(generated_page(tasks))
        print(f"{tasks:>6} tasks: {wall:.3f} s wall, {cpu:.3f} s CPU  ({wall / tasks * 1e6:.0f} µs per task)")
    verdict = "PASS" if wall < TARGET_SECONDS else "FAIL"
    print(f"{verdict}: {TARGET_TASKS:,} tasks in {wall:.2f} s (target < {TARGET_SECONDS:.0f} s)")


if __name__ == "__main__":
    main()
