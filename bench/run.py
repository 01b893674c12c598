"""Benchmark taskmap's start-up and scale targets; prints each target's measured ratio and PASS/FAIL.

Usage: python bench/run.py [--runs N]   (from the repository, with taskmap installed in this interpreter)

Every case runs as a separate process, as a person or a shell loop would run it; timings are medians of
interleaved runs, so a slow moment of the machine hits every case alike. The first-answer case builds the
wheel, installs it into a new virtual environment and answers with an empty cache directory each run.
Then bench/import_speed.py (taskmap import) and bench/site_speed.py (taskmap site) print their own figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import library
from scale import generate
from taskmap.store.loading import SETTLED_NS, bundled_data_dir

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PYTHON = sys.executable
TASKMAP = str(Path(sys.executable).with_name("taskmap"))
QUERY = ["dept", "市财政局"]
# What any re-validation must pay before reading a byte: importing pydantic and building one model.
PYDANTIC_FLOOR = "from pydantic import BaseModel\nclass Model(BaseModel):\n    x: int"
# What any table must pay before drawing a line: the minimal Typer app, plus importing Rich's table.
RICH_FLOOR = (
    "import rich.console, rich.table, runpy\n"
    f"runpy.run_path({str(HERE / 'minimal_typer.py')!r}, run_name='__main__')"
)

Case = tuple[list[str], dict[str, str], Callable[[], None] | None]
# (case, reference case, limit on the ratio of their medians)
TARGETS = [
    ("dept --format json", "minimal Typer app", 1.25),
    ("dept --format json", "python -c pass", 8.0),
    ("dept, piped (plain)", "minimal Typer app", 1.25),
    ("dept, piped (plain)", "python -c pass", 8.0),
    ("dept, table", "python -c pass", 8.0),
    ("taskmap --help", "python -c pass", 8.0),
    ("taskmap dept --help", "python -c pass", 8.0),
    ("completion of a unit", "python -c pass", 8.0),
    ("dept --format json, every unit", "dept --format json", 2.0),
    ("dept --format json, scaled x100", "dept --format json", 1.5),
    ("first answer after install", "warm answer, same install", 1.2),
    ("dept 市公安局, library of 100", "dept 市公安局 --format json", 1.5),
    ("notices, library of 100", "notices (one notice)", 1.2),
    ("cache miss, one notice of 100", "cache miss, that notice alone", 1.2),
]
LIBRARY_QUERY = ["dept", "市公安局", "--format", "json"]
# Generated libraries are kept here between runs (gitignored): 1,000 notices take minutes to import.
LIBRARIES = HERE / "out"
RSS_SIZES = (1, 100, 1000)


def timed(command: list[str], env: dict[str, str], before: Callable[[], None] | None = None) -> float:
    """Seconds one run of `command` takes (stdout to a pipe, as in a script)."""
    if before:
        before()
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def succeeds(command: list[str], env: dict[str, str]) -> bool:
    return subprocess.run(command, env=env, capture_output=True, check=False).returncode == 0


def fresh_install(work: Path) -> tuple[str | None, str]:
    """The console script of taskmap's wheel installed into a new virtual environment, or None and why."""
    dist, venv = work / "dist", work / "venv"
    steps = [
        [PYTHON, "-m", "pip", "wheel", str(REPO), "--no-deps", "--quiet", "--wheel-dir", str(dist)],
        [PYTHON, "-m", "venv", str(venv)],
    ]
    try:
        for step in steps:
            subprocess.run(step, capture_output=True, check=True)
        (wheel,) = dist.glob("taskmap-*.whl")
        install = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)]
        subprocess.run(install, capture_output=True, check=True)
    except subprocess.CalledProcessError as error:
        reason = error.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no message"]
        return None, f"install failed: {reason[0]}"
    return str(venv / "bin" / "taskmap"), "installed"


def unit_names(env: dict[str, str]) -> list[str]:
    """Every unit's name, as `taskmap depts --format plain | cut -f1` gives them."""
    listing = subprocess.run(
        [TASKMAP, "depts", "--format", "plain"], env=env, capture_output=True, text=True, check=True
    )
    return [line.split("\t")[0] for line in listing.stdout.splitlines()]


def generated_library(count: int) -> Path:
    """A library of `count` generated notices under bench/out/, made once and reused."""
    directory = LIBRARIES / f"library-{count}"
    done = directory / ".complete"
    if not done.exists():
        shutil.rmtree(directory, ignore_errors=True)
        library.generate(directory, count)
        done.touch()
    return directory


# Linux folds the memory a process had before exec into its peak, so a child forked from this
# (large) benchmark would report at least the benchmark's own size. A small interpreter forks it instead.
MEASURE_PEAK = """
import os, sys
child = os.fork()
if child == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(child, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def peak_rss_mib(command: list[str], env: dict[str, str]) -> float:
    """The peak resident memory of one run of `command` (ru_maxrss of that run alone), in MiB."""
    measured = subprocess.run(
        [PYTHON, "-S", "-c", MEASURE_PEAK, *command], env=env, capture_output=True, text=True, check=True
    )
    code, peak_kib = map(int, measured.stdout.split()[-2:])
    if code:
        raise subprocess.CalledProcessError(code, command)
    return peak_kib / 1024


def library_cases(work: Path, env: dict[str, str]) -> tuple[dict[str, Case], dict[int, list[str]]]:
    """The library cases (issue 11), and the peak-RSS command for 1, 100 and 1,000 notices."""
    hundred = work / "library-100"
    shutil.copytree(generated_library(100), hundred)
    # The miss case edits a notice on every run: in a library of its own, so that the other library cases
    # are not answered from a library with a notice edited a moment ago.
    edited_library = work / "library-100-edited"
    shutil.copytree(generated_library(100), edited_library)
    edited_notice = edited_library / "notice-0050"
    alone = work / "notice-alone"
    shutil.copytree(edited_notice, alone)
    counter = iter(range(10**9))

    def editing(notice: Path) -> Callable[[], None]:
        def edit() -> None:
            with (notice / "notice.yaml").open("a", encoding="utf-8") as text:
                text.write(f"# edit {next(counter)}\n")

        return edit

    cases: dict[str, Case] = {
        "dept 市公安局 --format json": ([TASKMAP, *LIBRARY_QUERY], env, None),
        "dept 市公安局, library of 100": ([TASKMAP, *LIBRARY_QUERY, "--data", str(hundred)], env, None),
        "notices (one notice)": ([TASKMAP, "notices", "--format", "json"], env, None),
        "notices, library of 100": (
            [TASKMAP, "notices", "--format", "json", "--data", str(hundred)],
            env,
            None,
        ),
        "cache miss, that notice alone": (
            [TASKMAP, *LIBRARY_QUERY, "--data", str(alone)],
            env,
            editing(alone),
        ),
        "cache miss, one notice of 100": (
            [TASKMAP, *LIBRARY_QUERY, "--data", str(edited_library)],
            env,
            editing(edited_notice),
        ),
    }
    rss = {count: [TASKMAP, *LIBRARY_QUERY, "--data", str(generated_library(count))] for count in (100, 1000)}
    rss[1] = [TASKMAP, *LIBRARY_QUERY, "--data", str(generated_library(100) / "notice-0001")]
    return cases, rss


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15, help="runs per case (median taken); default 15")
    parser.add_argument("--scale-only", action="store_true", help="only the targets at 1 to 10,000 notices")
    parser.add_argument(
        "--counts",
        type=lambda text: tuple(int(count) for count in text.split(",")),
        default=SCALE_COUNTS,
        help="with --scale-only: library sizes (default 1,100,1000,10000); ratios are to the smallest",
    )
    parser.add_argument(
        "--build-only",
        action="store_true",
        help="with --scale-only: only building the database and editing one notice, no questions",
    )
    arguments = parser.parse_args()
    runs = arguments.runs
    if arguments.scale_only:
        return scale_report(scale_figures(arguments.counts, questions=not arguments.build_only))

    work = Path(tempfile.mkdtemp(prefix="taskmap-bench-"))
    # Every case runs taskmap as a user has it: the wheel installed into a new virtual environment. A
    # development (editable) install adds import hooks and its dev packages' start-up, which no user pays.
    global PYTHON, TASKMAP
    installed, why = fresh_install(work)
    if installed is not None:
        TASKMAP, PYTHON = installed, str(Path(installed).with_name("python"))
    env = {**os.environ, "TASKMAP_CACHE_DIR": str(work / "cache"), "COLUMNS": "120"}
    env.pop("TASKMAP_DATA", None)
    scaled = generate(work / "scaled", copies=100)
    edited = work / "edited"
    shutil.copytree(bundled_data_dir(), edited)
    counter = iter(range(10**9))

    def edit_data() -> None:
        with (edited / "notice.yaml").open("a", encoding="utf-8") as notice:
            notice.write(f"# edit {next(counter)}\n")

    completion_env = {
        **env,
        "_TASKMAP_COMPLETE": "complete_bash",
        "COMP_WORDS": "taskmap dept 市财",
        "COMP_CWORD": "2",
    }
    cases: dict[str, Case] = {
        "python -c pass": ([PYTHON, "-c", "pass"], env, None),
        "minimal Typer app": ([PYTHON, str(HERE / "minimal_typer.py"), "hello"], env, None),
        "dept --format json": ([TASKMAP, *QUERY, "--format", "json"], env, None),
        "dept, piped (plain)": ([TASKMAP, *QUERY], env, None),
        "dept, table": ([TASKMAP, *QUERY, "--format", "table"], {**env, "FORCE_COLOR": "1"}, None),
        "taskmap --help": ([TASKMAP, "--help"], env, None),
        "taskmap dept --help": ([TASKMAP, "dept", "--help"], env, None),
        "completion of a unit": ([TASKMAP], completion_env, None),
        "dept --format json, scaled x100": (
            [TASKMAP, *QUERY, "--format", "json", "--data", str(scaled)],
            env,
            None,
        ),
        "dept --format json, cache miss": (
            [TASKMAP, *QUERY, "--format", "json", "--data", str(edited)],
            env,
            edit_data,
        ),
        "import pydantic, define a model": ([PYTHON, "-c", PYDANTIC_FLOOR], env, None),
        "minimal Typer app + Rich's table": ([PYTHON, "-c", RICH_FLOOR, "hello"], env, None),
    }
    unavailable: dict[str, str] = {}
    more_cases, rss_commands = library_cases(work, env)
    cases.update(more_cases)

    names = unit_names(env)
    every_unit = [TASKMAP, "dept", *names, "--format", "json"]
    if succeeds(every_unit, env):
        cases["dept --format json, every unit"] = (every_unit, env, None)
    else:
        unavailable["dept --format json, every unit"] = "dept does not take several names yet"

    if installed is None:
        unavailable["first answer after install"] = why
    else:
        first_cache = work / "first-answer-cache"
        first_env = {**env, "TASKMAP_CACHE_DIR": str(first_cache)}
        query = [installed, *QUERY, "--format", "json"]
        cases["first answer after install"] = (
            query,
            first_env,
            lambda: shutil.rmtree(first_cache, ignore_errors=True),
        )
        cases["warm answer, same install"] = (query, {**env, "TASKMAP_CACHE_DIR": str(work / "warm")}, None)

    # Data directories in use were written long ago; let the generated ones (and the fresh install) settle
    # the same way, or every run would re-read and fingerprint them (see taskmap.store.loading.settled).
    time.sleep(SETTLED_NS / 1e9 + 0.5)
    for command, case_env, _ in cases.values():  # warm caches and the OS
        subprocess.run(
            command, env=case_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
        )

    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (command, case_env, before) in cases.items():
            samples[name].append(timed(command, case_env, before))
    median = {name: statistics.median(values) for name, values in samples.items()}
    validate_times = [timed([TASKMAP, "validate", "--data", str(scaled)], env) for _ in range(3)]
    rss = {}
    for count in RSS_SIZES:
        subprocess.run(rss_commands[count], env=env, capture_output=True, check=True)  # fill the cache
        rss[count] = statistics.median(peak_rss_mib(rss_commands[count], env) for _ in range(3))
    shutil.rmtree(work)
    # the fresh install is gone with `work`: what runs next (the scale targets) uses this interpreter's
    TASKMAP, PYTHON = str(Path(sys.executable).with_name("taskmap")), sys.executable
    failures = report(runs, median, unavailable, validate_times, len(names))
    print("\n  peak RSS of `dept 市公安局 --format json` (ru_maxrss, median of 3, cache warm):")
    for count, mib in rss.items():
        print(f"    {count:>5} notice{'s' if count > 1 else ' '}  {mib:6.1f} MiB")
    return failures


def padded(text: str, width: int) -> str:
    """`text` left-aligned in `width` terminal columns; a Chinese character takes two."""
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(width - columns, 0)


def report(
    runs: int,
    median: dict[str, float],
    unavailable: dict[str, str],
    validate_times: list[float],
    unit_count: int,
) -> int:
    """Print every figure and every target's verdict; return how many targets failed."""
    print(f"taskmap benchmark: median of {runs} interleaved runs, Python {sys.version.split()[0]}")
    print(f"('every unit' is all {unit_count} units in one call; libraries are bench/library.py's notices)")
    print()
    for name, value in median.items():
        print(f"  {padded(name, 36)} {value * 1000:7.1f} ms")
    print()
    failures = 0
    for case, reference, limit in TARGETS:
        if case in unavailable:
            print(f"  n/a   {padded(case, 36)} not available: {unavailable[case]}")
            continue
        ratio = median[case] / median[reference]
        verdict = "PASS" if ratio <= limit else "FAIL"
        failures += verdict == "FAIL"
        print(f"  {verdict}  {padded(case, 36)} {ratio:5.2f} x {padded(reference, 30)} (limit {limit} x)")
    slowest_validate = max(validate_times)
    verdict = "PASS" if slowest_validate < 3 else "FAIL"
    failures += verdict == "FAIL"
    print(f"  {verdict}  {'validate, scaled x100':<36} {slowest_validate:5.2f} s (limit 3 s, slowest of 3)")

    warm, baseline, typer_app = (
        median[name] for name in ("dept --format json", "python -c pass", "minimal Typer app")
    )
    miss = median["dept --format json, cache miss"] / warm
    pydantic = median["import pydantic, define a model"] - baseline
    print(
        f"  ----  {'dept --format json, cache miss':<36} {miss:5.2f} x {'dept --format json':<30} (no target)"
    )
    print(f"\n  (python -c pass {baseline * 1000:.1f} ms, minimal Typer app {typer_app * 1000:.1f} ms)")
    print(
        f"  cache-miss floor: a warm answer plus pydantic's own import ({pydantic * 1000:.1f} ms) "
        f"is already {(warm + pydantic) / warm:.2f} x a warm answer"
    )
    rich_floor = median["minimal Typer app + Rich's table"]
    print(
        f"  table floor: the minimal Typer app importing Rich's console and table "
        f"({rich_floor * 1000:.1f} ms) is already {rich_floor / baseline:.2f} x python -c pass"
    )
    return failures


def run_companions() -> None:
    """The import and site benchmarks, each a script of its own, run after the start-up figures."""
    for script in ("import_speed.py", "site_speed.py"):
        print(f"\n$ python bench/{script}", flush=True)
        subprocess.run([sys.executable, str(HERE / script)], check=False)


SCALE_COUNTS = (1, 100, 1000, 10000)
RARE = (library.RARE_UNIT, library.RARE_WORDS)  # named in one notice of every hundred
# Named in nearly every generated notice (all of the first 1,000, 9,986 of 10,000), about five tasks in
# each: its answer grows with the library, 49,000 tasks at 10,000 notices.
EVERYWHERE = "市数据管理局"
# Words in nine tasks of every generated notice (those numbered 1, 11, ... 81): 90,000 hits at 10,000.
IN_EVERY_NOTICE = "1项工作机制"
BIG_ANSWERS = (f"dept {EVERYWHERE}", f"search {IN_EVERY_NOTICE}")  # answers growing with the library
SCALE_RUNS = 3
# An answer of a second or less is measured more often: this machine's runs differ by tens of ms, which
# is what its ratio to the one-notice answer is made of.
QUICK_RUNS, QUICK_SECONDS = 7, 1.0
ROUND, ROUND_DAY = "2020Q2", ("--today", "2020-07-01")
TABLE_QUESTIONS = {
    "notices": ["notices"],
    "stats": ["stats"],
    f"dept {EVERYWHERE}": ["dept", EVERYWHERE],
    f"search {IN_EVERY_NOTICE}": ["search", IN_EVERY_NOTICE],
    f"partners {EVERYWHERE}": ["partners", EVERYWHERE],
    "annex 1": ["annex", "1"],
}
PEAK_LIMIT_MIB = 60


def scale_library(count: int) -> Path:
    """The generated library of `count` notices; for one, a notice naming the rare unit."""
    return generated_library(100) / "notice-0100" if count == 1 else generated_library(count)


def scale_questions(count: int) -> dict[str, list[str]]:
    task = "1.1.1" if count == 1 else "常测办2020-100:1.1.1"
    return {
        "notices": ["notices", "--format", "json"],
        "task KEY:ID": ["task", task, "--format", "json"],
        "population": ["population", "--format", "json"],
        f"dept {RARE[0]}": ["dept", RARE[0], "--format", "json"],
        f"search {RARE[1]}": ["search", RARE[1], "--format", "json"],
        f"partners {RARE[0]}": ["partners", RARE[0], "--format", "json"],
        "depts": ["depts", "--format", "json"],
        "stats": ["stats", "--format", "json"],
        "matrix": ["matrix", "--format", "json"],
        BIG_ANSWERS[0]: ["dept", EVERYWHERE, "--format", "json"],
        BIG_ANSWERS[1]: ["search", IN_EVERY_NOTICE, "--format", "json"],
        f"partners {EVERYWHERE}": ["partners", EVERYWHERE, "--format", "json"],  # its memory
        "annex 1": ["annex", "1", "--format", "json"],  # every notice's annex 1: its memory
        # A round over every unit, read a notice at a time: its memory (no report has come back).
        f"status --dept {RARE[0]}": ["status", "--dept", RARE[0], *ROUND_DAY, "--format", "json"],
        "missing": ["missing", "--round", ROUND, *ROUND_DAY, "--format", "json"],
        "bulletin": ["bulletin", "--round", ROUND, *ROUND_DAY, "--format", "json"],
        # A person's tables of the big answers, each listing its first rows: their memory.
        **{f"{name} (table)": [*asked, "--format", "table"] for name, asked in TABLE_QUESTIONS.items()},
    }


def tasks_in(answer: str) -> str:
    """The name of the figure of how many tasks a big answer lists."""
    return f"tasks in {answer}"


def answer_tasks(command: list[str], env: dict[str, str]) -> int:
    """How many tasks a `dept` or `search` answer in json lists."""
    written = json.loads(subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout)
    return len(written["tasks"] if isinstance(written, dict) else written)


def scale_figures(
    counts: tuple[int, ...], questions: bool = True
) -> dict[int, dict[str, tuple[float, float] | None]]:
    """Per library size: the database built from the YAML, an edit of one notice (and the same answer
    with nothing changed, which every edit pays first), each the median of QUICK_RUNS runs, and every
    question unless not asked (`median_seconds`, peak MiB), None where the question has no answer
    there."""
    figures: dict[int, dict[str, tuple[float, float] | None]] = {}
    for count in counts:
        directory = scale_library(count)
        work = Path(tempfile.mkdtemp(prefix="taskmap-scale-"))
        env = {**os.environ, "TASKMAP_CACHE_DIR": str(work / "cache"), "COLUMNS": "120"}
        env.pop("TASKMAP_DATA", None)
        data = ["--data", str(directory)]
        row: dict[str, tuple[float, float] | None] = {}
        row["build from YAML"] = (timed([TASKMAP, "notices", *data], env), 0.0)
        notice = directory if count == 1 else directory / "notice-0050"
        alone = work / "alone"
        shutil.copytree(notice, alone)
        time.sleep(SETTLED_NS / 1e9 + 0.5)
        subprocess.run([TASKMAP, "notices", *data], env=env, capture_output=True, check=True)
        row["the library unchanged"] = (
            statistics.median(timed([TASKMAP, "notices", *data], env) for _ in range(QUICK_RUNS)),
            0.0,
        )

        def edit(target: Path) -> Callable[[], None]:
            def append() -> None:
                with (target / "notice.yaml").open("a", encoding="utf-8") as text:
                    text.write(f"# edit {time.time_ns()}\n")

            return append

        row["edit of one notice"] = (
            statistics.median(
                timed([TASKMAP, "notices", *data], env, edit(notice)) for _ in range(QUICK_RUNS)
            ),
            0.0,
        )
        row["that notice compiled alone"] = (
            statistics.median(
                timed([TASKMAP, "notices", "--data", str(alone)], env, edit(alone)) for _ in range(QUICK_RUNS)
            ),
            0.0,
        )
        time.sleep(SETTLED_NS / 1e9 + 0.5)
        subprocess.run([TASKMAP, "notices", *data], env=env, capture_output=True, check=True)
        alone_data = [TASKMAP, "notices", "--data", str(alone)]
        subprocess.run(alone_data, env=env, capture_output=True, check=True)
        row["that notice alone unchanged"] = (
            statistics.median(timed(alone_data, env) for _ in range(QUICK_RUNS)),
            0.0,
        )
        for name, question in scale_questions(count).items() if questions else ():
            command = [TASKMAP, *question, *data]
            if not succeeds(command, env):
                row[name] = None
                continue
            row[name] = (median_seconds(command, env), peak_rss_mib(command, env))
            if name in BIG_ANSWERS:
                row[tasks_in(name)] = (float(answer_tasks(command, env)), 0.0)
        figures[count] = row
        shutil.rmtree(work, ignore_errors=True)
        print(f"  measured {count} notice(s)", flush=True)
    return figures


def median_seconds(command: list[str], env: dict[str, str]) -> float:
    """The median of SCALE_RUNS runs of `command`, or of QUICK_RUNS when the first takes under
    QUICK_SECONDS."""
    first = timed(command, env)
    runs = QUICK_RUNS if first < QUICK_SECONDS else SCALE_RUNS
    return statistics.median([first, *(timed(command, env) for _ in range(runs - 1))])


def scale_report(figures: dict[int, dict[str, tuple[float, float] | None]]) -> int:
    """Every target of issue 20 at each library size, with PASS/FAIL; returns how many failed."""
    one = figures[min(figures)]
    counts = sorted(figures)
    names = list(one)
    print("\n  issue 20 at scale (seconds, median; peak MiB):")
    print("  " + padded("", 30) + "".join(f"{count:>20,}" for count in counts))
    for name in names:
        cells = []
        for count in counts:
            value = figures[count].get(name)
            if value is None:
                cells.append("n/a")
            elif name in map(tasks_in, BIG_ANSWERS):
                cells.append(f"{value[0]:,.0f}")
            else:
                cells.append(f"{value[0]:.3f} s" + (f" {value[1]:.0f} MiB" if value[1] else ""))
        print("  " + padded(name, 30) + "".join(f"{cell:>20}" for cell in cells))
    failures = 0

    def verdict(ok: bool, text: str) -> None:
        nonlocal failures
        failures += not ok
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")

    print()
    for count in counts:
        row = figures[count]
        for name in (
            "notices",
            "task KEY:ID",
            "population",
            f"dept {RARE[0]}",
            f"search {RARE[1]}",
            f"partners {RARE[0]}",
        ):
            if name not in row:
                continue  # not asked (--build-only)
            if row.get(name) is None or one.get(name) is None:
                print(f"  n/a   {name} at {count:,}: no answer in the generated notices")
                continue
            ratio = row[name][0] / one[name][0]
            verdict(ratio <= 2.0, f"{name} at {count:,}: {ratio:.2f} x the one-notice answer (limit 2 x)")
        for name in ("depts", "stats"):
            if row.get(name) is not None:
                verdict(row[name][0] <= 2.0, f"{name} at {count:,}: {row[name][0]:.2f} s (limit 2 s)")
        for name, value in row.items():
            if value is not None and value[1]:
                verdict(
                    value[1] <= PEAK_LIMIT_MIB,
                    f"peak memory of {name} at {count:,}: {value[1]:.0f} MiB (limit 60)",
                )
        build = row["build from YAML"][0]
        verdict(
            count < 10000 or build <= 300,
            f"database built from the YAML at {count:,}: {build:.1f} s (limit 300 s at 10,000)",
        )
        edit, alone = row["edit of one notice"][0], row["that notice compiled alone"][0]
        verdict(
            edit <= 1.2 * alone,
            f"edit of one notice at {count:,}: {edit / alone:.2f} x that notice's own compile (limit 1.2 x)",
        )
        over = edit - row["the library unchanged"][0]
        alone_over = alone - row["that notice alone unchanged"][0]
        print(
            f"  ----  edit of one notice at {count:,}: {over:.3f} s over the unchanged library's answer; "
            f"its compile alone {alone_over:.3f} s over its own (no target)"
        )
    big_answer_verdicts(figures, verdict)
    if len(counts) > 1 and figures[counts[-1]].get("matrix") and one.get("matrix"):
        big, small = counts[-1], counts[-2]
        growth = figures[big]["matrix"][0] / figures[small]["matrix"][0]
        verdict(
            growth <= 2 * big / small,
            f"matrix from {small:,} to {big:,} notices: {growth:.1f} x time for "
            f"{big / small:.0f} x notices (limit: linear, 2 x slack)",
        )
    return failures


def big_answer_verdicts(
    figures: dict[int, dict[str, tuple[float, float] | None]], verdict: Callable[[bool, str], None]
) -> None:
    """Any answer of N tasks <= 1.5 x (the one-notice answer + N x the per-task cost of writing it).

    For each of BIG_ANSWERS, the per-task cost is the slope between two of its answers: those of 100 and
    1,000 notices when 10,000 are measured too, (t1000 - t100) / (N1000 - N100), else those of 1 and 100.
    It holds all a task costs in such an answer, the reading of its notice shared with the notice's other
    tasks in the answer included; the slope over the larger answers is the one a slow moment of the
    machine cannot turn negative (the one- and 100-notice answers differ by tens of ms). Each larger
    answer is then held to that line from the one-notice answer (its peak memory, like every question's,
    to 60 MiB)."""
    for answer in BIG_ANSWERS:
        sizes = [count for count in sorted(figures) if figures[count].get(tasks_in(answer))]
        if 1 not in sizes or 100 not in sizes:
            print(f"  n/a   {answer}: its per-task cost is measured at 1 and 100 notices")
            continue

        def measured(count: int, answer: str = answer) -> tuple[float, float, float]:
            seconds, tasks = figures[count][answer], figures[count][tasks_in(answer)]
            assert seconds is not None and tasks is not None
            return seconds[0], seconds[1], tasks[0]

        one, _, one_tasks = measured(1)
        low, high = (100, 1000) if 1000 in sizes and 10000 in sizes else (1, 100)
        (low_seconds, _, low_tasks), (high_seconds, _, high_tasks) = measured(low), measured(high)
        per_task = (high_seconds - low_seconds) / (high_tasks - low_tasks)
        print(
            f"  ----  {answer}: one notice {one_tasks:,.0f} tasks in {one:.3f} s; per-task cost "
            f"{per_task * 1e6:.0f} us, from {low_tasks:,.0f} tasks at {low:,} notices ({low_seconds:.3f} s) "
            f"to {high_tasks:,.0f} at {high:,} ({high_seconds:.3f} s)"
        )
        for count in sizes:
            if count <= high:
                continue
            seconds, peak, tasks = measured(count)
            limit = 1.5 * (one + tasks * per_task)
            verdict(
                seconds <= limit,
                f"{answer} at {count:,}: {tasks:,.0f} tasks in {seconds:.2f} s, {peak:.0f} MiB "
                f"(limit 1.5 x (one-notice answer + N x per-task cost) = {limit:.2f} s)",
            )


if __name__ == "__main__":
    failed = main()
    if "--scale-only" not in sys.argv:  # main() answered only the scale targets then
        failed += scale_report(scale_figures(SCALE_COUNTS))
        run_companions()
    sys.exit(1 if failed else 0)
