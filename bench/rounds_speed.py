"""Time a reporting round over every unit of the shipped notice: `taskmap forms` writing all the forms, and
`taskmap collect` reading them all back once filled in (each a fresh process, target < 10 s each).

python bench/rounds_speed.py [--runs N]   (after the install command; the median of N runs is reported)
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import load_workbook

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 10.0
STATES = itertools.cycle(["已完成", "推进中", "未启动", "滞后", "其他"])


def taskmap(*args: str) -> float:
    """Run the installed command in a fresh process; its wall time in seconds."""
    script = Path(sys.executable).with_name("taskmap")
    started = time.perf_counter()
    subprocess.run([str(script), *args], check=True, stdout=subprocess.DEVNULL, env=os.environ)
    return time.perf_counter() - started


def fill_all(directory: Path) -> int:
    """Fill every task row of every form as a department does; how many rows."""
    rows = 0
    for path in sorted(directory.glob("*.xlsx")):
        workbook = load_workbook(path)
        sheet = workbook["落实情况"]
        for row in sheet.iter_rows(min_row=5):
            if row[0].value and row[1].value and row[5].protection.locked is False:
                state = next(STATES)
                row[5].value = state
                row[6].value = "已按要求推进，形成阶段性成果"
                rows += 1
        workbook.save(path)
    return rows


def one_run(work: Path) -> tuple[float, float, int, int]:
    data = work / "credit"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("source"))
    forms = work / "forms"
    writing = taskmap(
        "forms", "--round", "2019Q2", "--due", "2019-07-05", "--out", str(forms), "--data", str(data)
    )
    count = len(list(forms.glob("*.xlsx")))
    rows = fill_all(forms)
    collecting = taskmap(
        "collect", *map(str, sorted(forms.glob("*.xlsx"))), "--round", "2019Q2", "--data", str(data)
    )
    return writing, collecting, count, rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    load = os.getloadavg()[0]
    print(f"taskmap rounds benchmark: median of {runs} runs, Python {sys.version.split()[0]}")
    print(f"load average {load:.1f} on {os.cpu_count()} cores")
    results = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as work:
            results.append(one_run(Path(work)))
    writing = statistics.median(r[0] for r in results)
    collecting = statistics.median(r[1] for r in results)
    _, _, count, rows = results[0]
    print(f"  forms for every unit ({count} forms, {rows} task rows)   {writing:6.2f} s")
    print(f"  collect them all back, filled in                {collecting:6.2f} s")
    failed = False
    for name, seconds in (("forms, every unit", writing), ("collect, every form", collecting)):
        verdict = "PASS" if seconds < TARGET_SECONDS else "FAIL"
        failed |= verdict == "FAIL"
        print(f"  {verdict}  {name:<22} {seconds:6.2f} s (limit {TARGET_SECONDS:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
