"""How big and how quick the offline page is: `python bench/site_speed.py [--runs N]` (after installing).

Targets (issue 13): the shipped notice's page at most 400 KB and its first view painted within 300 ms of
load in headless Chromium; on a page of a 100-notice library (bench/library.py), a keystroke in 搜索 or 单位
updates the results within 50 ms, measured in the page with performance.now().
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from library import generate  # bench/library.py, beside this script

SIZE_LIMIT_KB = 400
PAINT_LIMIT_MS = 300
KEYSTROKE_LIMIT_MS = 50
LIBRARY_NOTICES = 100
# What a person types, one keystroke at a time: a search of the generated notices' words, a unit's name.
TYPED = {"q": "工作机制 落实", "unit": "市公安局"}
# Time from a keystroke's input event to the results laid out, in the page's own clock.
KEYSTROKE_SCRIPT = """([selector, text]) => {
  const field = document.querySelector(selector);
  field.focus();
  field.value = "";
  field.dispatchEvent(new Event("input"));
  const times = [];
  for (const ch of text) {
    const start = performance.now();
    field.value += ch;
    field.dispatchEvent(new Event("input"));
    document.getElementById("view").getBoundingClientRect();
    document.body.offsetHeight;
    times.push(performance.now() - start);
  }
  return times;
}"""
# The first view painted: the first contentful paint, or the script's first view if that came later.
FIRST_VIEW_SCRIPT = """() => {
  const paint = performance.getEntriesByType("paint").find(e => e.name === "first-contentful-paint");
  return paint && window.taskmapReadyAt ? Math.max(paint.startTime, window.taskmapReadyAt) : null;
}"""


def write_site(target: Path, *data: Path) -> Path:
    """The page, written by the installed command as a person would run it."""
    options = [argument for directory in data for argument in ("--data", str(directory))]
    subprocess.run(
        [sys.executable, "-m", "taskmap", "site", "--out", str(target), *options],
        check=True,
        capture_output=True,
    )
    return target


def first_paint_ms(browser: Any, page_file: Path, runs: int) -> float:
    """Median time from navigation start to the first contentful paint of the page's first view."""
    times = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(page_file.as_uri())
        page.wait_for_function("window.taskmapReady === true")
        page.wait_for_function(f"({FIRST_VIEW_SCRIPT})() !== null")
        times.append(float(page.evaluate(FIRST_VIEW_SCRIPT)))
        page.close()
    return statistics.median(times)


def keystroke_ms(browser: Any, page_file: Path, selector: str, text: str, runs: int) -> float:
    """The slowest keystroke's median over runs: typing `text` into `selector`, one character at a time."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(page_file.as_uri())
    page.wait_for_function("window.taskmapReady === true")
    per_key = [page.evaluate(KEYSTROKE_SCRIPT, [selector, text]) for _ in range(runs)]
    page.close()
    return max(statistics.median(times[k] for times in per_key) for k in range(len(text)))


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("no chromium found: install Debian's chromium to measure the page", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shipped = write_site(work / "shipped.html")
        generate(work / "library", LIBRARY_NOTICES)
        large = write_site(work / "library.html", work / "library")
        size_kb = shipped.stat().st_size / 1024
        large_kb = large.stat().st_size / 1024
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium)
            paint = first_paint_ms(browser, shipped, args.runs)
            search = keystroke_ms(browser, large, "#q", TYPED["q"], args.runs)
            unit = keystroke_ms(browser, large, "#unit", TYPED["unit"], args.runs)
            browser.close()
    python = sys.version.split()[0]
    print(f"taskmap site benchmark: headless Chromium, median of {args.runs} runs, Python {python}")
    print()
    print(f"  page of the shipped notice            {size_kb:7.1f} KB")
    print(f"  page of a {LIBRARY_NOTICES}-notice library           {large_kb:7.1f} KB")
    print()
    rows = [
        (
            size_kb <= SIZE_LIMIT_KB,
            "shipped notice: file size",
            f"{size_kb:7.1f} KB (limit {SIZE_LIMIT_KB} KB)",
        ),
        (
            paint <= PAINT_LIMIT_MS,
            "shipped notice: first view painted",
            f"{paint:7.1f} ms (limit {PAINT_LIMIT_MS} ms)",
        ),
        (
            search <= KEYSTROKE_LIMIT_MS,
            f"{LIBRARY_NOTICES} notices: a keystroke in 搜索",
            f"{search:7.1f} ms (limit {KEYSTROKE_LIMIT_MS} ms, slowest key of '{TYPED['q']}')",
        ),
        (
            unit <= KEYSTROKE_LIMIT_MS,
            f"{LIBRARY_NOTICES} notices: a keystroke in 单位",
            f"{unit:7.1f} ms (limit {KEYSTROKE_LIMIT_MS} ms, slowest key of '{TYPED['unit']}')",
        ),
    ]
    for passed_one, label, figure in rows:
        print(f"  {verdict(passed_one)}  {label:<36}{figure}")
    passed = size_kb <= SIZE_LIMIT_KB and paint <= PAINT_LIMIT_MS and max(search, unit) <= KEYSTROKE_LIMIT_MS
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
