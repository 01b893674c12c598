"""Time `taskmap import` on the shipped source and on generated pages of 1,000 to 10,000 tasks.

Run: python bench/import_speed.py. Each import is the real command in a fresh process, start-up
included. Growth should stay linear, and the 10,000-task page (the target in issue 10) should import
in under 5 s of wall time; CPU time is printed too, since other work on a small machine inflates the
wall time alone.

A 50-page PDF notice (issue 18: under 15 s) is printed by headless Chromium from a generated page, a
page break after every PDF_TASKS_PER_PAGE tasks; without Chromium that case is skipped and says so.
"""

from __future__ import annotations

import os
import resource
import shutil
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


PDF_PAGES = 50
PDF_TARGET_SECONDS = 15.0
PDF_TASKS_PER_PAGE = 8


def pdf_notice(directory: Path) -> Path | None:
    """A PDF_PAGES-page notice printed by Chromium, or None when Chromium is not installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        return None
    duty = "加强统筹协调，完善工作机制，细化工作措施，明确时间节点，确保各项任务按期保质完成。"
    pages = []
    for page in range(PDF_PAGES):
        items = []
        for item in range(PDF_TASKS_PER_PAGE):
            number = page * PDF_TASKS_PER_PAGE + item
            group = f"（牵头单位：市部门{number % 50}局，配合单位：市有关部门）"
            items.append(f"<p>{item + 1}、任务{number}。落实第{number}项工作，{duty * 2}{group}</p>")
        heading = f"<p>{chinese_numeral(page + 1)}、第{page + 1}部分</p>"
        pages.append(f'<div style="break-after: page">{heading}{"".join(items)}</div>')
    html = Path(directory) / "notice.html"
    html.write_text(
        '<html><head><meta charset="utf-8"></head><body><p>关于印发测试任务分工的通知</p><p>市有关部门：</p>'
        f"{''.join(pages)}</body></html>",
        encoding="utf-8",
    )
    pdf = Path(directory) / "notice.pdf"
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={directory}/profile"]
    subprocess.run(
        [*command, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri()],
        check=True,
        capture_output=True,
    )
    return pdf


def timed(page: bytes, suffix: str = ".txt") -> tuple[float, float]:
    """Wall and CPU seconds of one `taskmap import` of `page` into a fresh directory."""
    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / f"notice{suffix}"
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
    with tempfile.TemporaryDirectory() as directory:
        pdf = pdf_notice(Path(directory))
        if pdf is None:
            print(f"SKIP: the {PDF_PAGES}-page PDF case needs Chromium (apt-get install chromium)")
            return
        wall, cpu = timed(pdf.read_bytes(), ".pdf")
    verdict = "PASS" if wall < PDF_TARGET_SECONDS else "FAIL"
    tasks = PDF_PAGES * PDF_TASKS_PER_PAGE
    print(
        f"{verdict}: a {PDF_PAGES}-page PDF ({tasks} tasks) in {wall:.2f} s wall, {cpu:.2f} s CPU"
        f" (target < {PDF_TARGET_SECONDS:.0f} s)"
    )


if __name__ == "__main__":
    main()
