"""Faults injected one at a time: an interrupted write, a damaged or forged cache, hostile text, a
hostile environment. Each test says what nothing-lost means for it and which exit code is promised."""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, REPO, Cli
from taskmap import __version__, atomic
from taskmap.cli import data as data_cli
from taskmap.render import spreadsheet
from taskmap.render.escaping import printable
from taskmap.store import compiler, database, loading
from taskmap.store.loading import bundled_data_dir

UNIT = "市公安局"
SOURCE = REPO / "data" / "source" / "changzhou-credit-task-division-2019.txt"  # not in an installed package
INTERRUPTED = 130
CANNOT_WRITE = 4
# Control characters a terminal acts on: C0 but tab and newline, DEL, C1.
TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file under `directory` (hidden ones too) and its bytes."""
    return {
        str(path.relative_to(directory)): path.read_bytes() for path in directory.rglob("*") if path.is_file()
    }


def interrupted_halfway(path: Path, data: bytes, durable: bool = True) -> None:
    """Write half of `data` the way taskmap writes a file, then be stopped by Ctrl-C."""
    with atomic.replacing(path, durable) as file:
        file.write(data[: len(data) // 2])
        raise KeyboardInterrupt


# Interrupted writes --------------------------------------------------------------------------------


def half_export(library: Any, output_format: Any, stream: io.TextIOBase) -> None:
    stream.write('{"notice": {"title": "half of a n')
    raise KeyboardInterrupt


def half_csv(sheet: Any, stream: io.TextIOBase) -> None:
    stream.write("task_id,annex,annex_ti")
    raise KeyboardInterrupt


def half_workbook(self: Any, file: Any) -> None:
    file.write(b"PK\x03\x04 half of a workbook")
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("output_format", "patch"),
    [
        ("json", (data_cli, "write_export", half_export)),
        ("yaml", (data_cli, "write_export", half_export)),
        ("csv", (spreadsheet, "write_csv", half_csv)),
        ("xlsx", ("openpyxl.workbook.workbook.Workbook.save", None, half_workbook)),
    ],
)
def test_ctrl_c_during_export_leaves_the_previous_file_whole_and_no_temporary_file(
    output_format: str, patch: tuple[Any, Any, Any], tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out" / f"export.{output_format}"
    out.parent.mkdir()
    assert cli("export", "--format", output_format, "--out", str(out)).exit_code == 0
    before = snapshot(out.parent)
    target, name, replacement = patch
    if name is None:
        monkeypatch.setattr(target, replacement)
    else:
        monkeypatch.setattr(target, name, replacement)
    assert cli("export", "--format", output_format, "--out", str(out)).exit_code == INTERRUPTED
    assert snapshot(out.parent) == before


def test_ctrl_c_while_writing_the_site_leaves_the_previous_page(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "site" / "taskmap.html"
    page.parent.mkdir()
    page.write_text("<p>the page colleagues have bookmarked</p>", encoding="utf-8")
    before = snapshot(page.parent)
    monkeypatch.setattr(atomic, "write_atomically", interrupted_halfway)
    assert cli("site", "--out", str(page)).exit_code == INTERRUPTED
    assert snapshot(page.parent) == before


def test_ctrl_c_during_sheets_leaves_every_checklist_whole(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "sheets"
    assert cli("sheets", "--out", str(out)).exit_code == 0
    for checklist in out.iterdir():
        checklist.write_text(f"the previous {checklist.name}\n", encoding="utf-8")
    before = snapshot(out)
    calls: list[Path] = []
    real_write = atomic.write_atomically

    def third_interrupted(path: Path, data: bytes, durable: bool = True) -> None:
        calls.append(path)
        (interrupted_halfway if len(calls) == 3 else real_write)(path, data, durable)

    monkeypatch.setattr(atomic, "write_atomically", third_interrupted)
    assert cli("sheets", "--out", str(out)).exit_code == INTERRUPTED
    after = snapshot(out)
    assert set(after) == set(before), "no file lost, no temporary file left"
    assert after[calls[2].name] == before[calls[2].name]
    assert all(after[path.name] != before[path.name] for path in calls[:2]), "the first two were written"


def test_ctrl_c_while_writing_the_import_report_leaves_the_previous_report(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tmp_path / "reports" / "report.txt"
    report.parent.mkdir()
    report.write_text("last week's report\n", encoding="utf-8")
    before = snapshot(report.parent)
    monkeypatch.setattr(atomic, "write_atomically", interrupted_halfway)
    units = bundled_data_dir() / "departments.yaml"
    outcome = cli(
        "import",
        str(SOURCE),
        "--units",
        str(units),
        "--out",
        str(tmp_path / "notice"),
        "--report",
        str(report),
    )
    assert outcome.exit_code == INTERRUPTED
    assert snapshot(report.parent) == before


def test_ctrl_c_while_the_database_is_written_leaves_it_as_it_was(
    data: Path, cache_dir: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_check = database._check
    calls = iter(range(10**6))

    def interrupted_halfway(body: str, key: str) -> str:
        if next(calls) == 3:  # among a notice's records, inside the transaction that stores them
            raise KeyboardInterrupt
        return real_check(body, key)

    monkeypatch.setattr(database, "_check", interrupted_halfway)
    assert cli("dept", UNIT, "--data", str(data)).exit_code == INTERRUPTED
    monkeypatch.setattr(database, "_check", real_check)
    for path in cache_dir.glob(f"*{database.SUFFIX}"):
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("SELECT count(*) FROM records").fetchall() == [(0,)]
    assert cli.json("dept", UNIT, "--data", str(data))["department"]["name"] == UNIT


def run_with_hook(hook: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """taskmap in a process of its own, `hook` (Python) run first."""
    program = f"{hook}\nfrom taskmap.cli import main\nmain()"
    return subprocess.run(
        [sys.executable, "-c", program, *args], cwd=cwd, capture_output=True, timeout=120, check=False
    )


# The hook signals the process itself from the moment a file's content is complete, before it is synced.
SIGNAL_AT_FSYNC = """
import os, signal
real_fsync = os.fsync
def fsync(descriptor):
    os.kill(os.getpid(), signal.{name})
    time.sleep(1)
    real_fsync(descriptor)
import time
os.fsync = fsync
"""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_process_terminated_while_writing_leaves_the_previous_file_and_no_temporary_file(
    name: str, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "taskmap.xlsx"
    out.parent.mkdir()
    out.write_bytes(b"the previous workbook")
    result = run_with_hook(
        SIGNAL_AT_FSYNC.format(name=name), "export", "--format", "xlsx", "--out", str(out), cwd=tmp_path
    )
    assert result.returncode == INTERRUPTED, result.stderr
    assert snapshot(out.parent) == {"taskmap.xlsx": b"the previous workbook"}


def test_a_process_killed_while_writing_leaves_the_previous_file_whole(tmp_path: Path) -> None:
    """SIGKILL cannot be caught: the previous file is whole; at most a hidden temporary file stays."""
    out = tmp_path / "out" / "notice.json"
    out.parent.mkdir()
    out.write_bytes(b"the previous export")
    result = run_with_hook(SIGNAL_AT_FSYNC.format(name="SIGKILL"), "export", "--out", str(out), cwd=tmp_path)
    assert result.returncode == -signal.SIGKILL
    assert out.read_bytes() == b"the previous export"
    left = [path.name for path in out.parent.iterdir() if path != out]
    assert all(name.startswith(".notice.json.") and name.endswith(".tmp") for name in left)


def test_a_written_file_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "assignments.csv"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    assert cli("export", "--format", "csv", "--out", str(out)).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o640
    assert out.read_text(encoding="utf-8-sig").startswith("task_id,")


def test_a_dangling_symlink_as_out_creates_the_file_it_names(tmp_path: Path, cli: Cli) -> None:
    link, target = tmp_path / "latest.html", tmp_path / "pages" / "taskmap.html"
    target.parent.mkdir()
    link.symlink_to(target)
    assert cli("site", "--out", str(link)).exit_code == 0
    assert link.is_symlink() and "<html" in target.read_text(encoding="utf-8")[:200].lower()


def test_a_target_that_cannot_be_replaced_is_one_line_and_exit_4(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mount point (a file bind-mounted into a container) cannot be renamed over: EBUSY."""
    out = tmp_path / "mounted.json"
    out.write_text("kept", encoding="utf-8")

    def busy(self: Path, target: Path) -> None:
        raise OSError(16, "Device or resource busy")

    monkeypatch.setattr(Path, "replace", busy)
    outcome = cli("export", "--out", str(out))
    assert outcome.exit_code == CANNOT_WRITE
    assert len(outcome.stderr.splitlines()) == 1 and "mount point" in outcome.stderr
    assert snapshot(tmp_path) == {"mounted.json": b"kept"}


def test_a_directory_as_out_is_one_line_and_exit_4(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "existing").mkdir()
    outcome = cli("export", "--out", str(tmp_path / "existing"))
    assert outcome.exit_code == CANNOT_WRITE
    assert len(outcome.stderr.splitlines()) == 1
    assert list((tmp_path).iterdir()) == [tmp_path / "existing"]


# A cache that cannot lie ---------------------------------------------------------------------------


def cache_files(cache_dir: Path) -> list[Path]:
    """The databases in the cache directory, their write-ahead logs folded in (as when no run is open)."""
    gc.collect()  # connections of the in-process runs before
    files = sorted(cache_dir.glob(f"*{database.SUFFIX}"))
    for path in files:
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return files


def changed_bytes(original: bytes, offset: int) -> Iterator[bytes]:
    """Same-length changes at `offset`: a flipped bit, and the next digit where the byte is one (a span,
    an offset, a count, a stat: what still parses)."""
    flipped = bytearray(original)
    flipped[offset] ^= 0x01
    yield bytes(flipped)
    digit = next((at for at in range(offset, len(original)) if 0x30 <= original[at] <= 0x39), None)
    if digit is not None:
        bumped = bytearray(original)
        bumped[digit] = ord(str((int(chr(original[digit])) + 1) % 10))
        yield bytes(bumped)


def sample_offsets(size: int, count: int = 10) -> list[int]:
    return sorted({0, 1, 18, 19, 28, 68, 96, *(size * k // count for k in range(1, count))})


@pytest.fixture
def trusted_stats(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stats recorded at once count as settled, so that the database is believed as far as it ever is."""
    monkeypatch.setattr(loading, "SETTLED_NS", 0)
    time.sleep(0.01)


QUESTIONS = [("dept", UNIT, "--all"), ("task", "1.1.3"), ("population", "律师")]


@pytest.mark.usefixtures("trusted_stats")
def test_a_same_length_change_anywhere_in_the_database_never_changes_an_answer(
    data: Path, cache_dir: Path, cli: Cli
) -> None:
    given = ("--data", str(data))
    expected = [cli.json(*question, *given) for question in QUESTIONS]
    files = cache_files(cache_dir)
    assert len(files) == 1
    for path in files:
        original = path.read_bytes()
        for offset in sample_offsets(len(original), count=40):
            for changed in changed_bytes(original, offset):
                path.write_bytes(changed)
                answers = [cli.json(*question, *given) for question in QUESTIONS]
                assert answers == expected, f"{path.name} changed at byte {offset}"
                cache_files(cache_dir)
                path.write_bytes(original)


@pytest.mark.usefixtures("trusted_stats")
def test_a_same_length_change_in_the_database_of_the_shipped_notice_never_changes_its_answer(
    cache_dir: Path, cli: Cli
) -> None:
    expected = cli.json("dept", UNIT)
    files = cache_files(cache_dir)
    assert len(files) == 1
    for path in files:
        original = path.read_bytes()
        for offset in sample_offsets(len(original), count=8):
            for changed in changed_bytes(original, offset):
                path.write_bytes(changed)
                assert cli.json("dept", UNIT) == expected, f"{path.name} changed at byte {offset}"
                cache_files(cache_dir)
                path.write_bytes(original)


def forge_records(path: Path, old: str, new: str, source: Path | None = None) -> None:
    """Change the records' text in place, keeping their digests (or take the other database's rows)."""
    with sqlite3.connect(path) as connection:
        if source is None:
            connection.execute("UPDATE records SET body = replace(body, ?, ?)", (old, new))
        else:
            connection.execute("ATTACH ? AS other", (str(source),))
            connection.execute(
                "UPDATE records SET body = o.body, checksum = o.checksum FROM other.records AS o "
                "WHERE o.position = records.position"
            )
            connection.commit()
            connection.execute("DETACH other")


def records_sound(path: Path) -> bool:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT content_key, body, checksum FROM records").fetchall()
    return bool(rows) and all(database._check(body, key) == checksum for key, body, checksum in rows)


@pytest.mark.usefixtures("trusted_stats")
@pytest.mark.parametrize("question", [("task", "1.1.3"), ("dept", UNIT, "--all")], ids=["task", "unit"])
def test_a_changed_record_is_rebuilt_from_the_yaml_and_the_database_made_sound_again(
    question: tuple[str, ...], data: Path, cache_dir: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    given = (*question, "--data", str(data))
    expected = cli.json(*given)
    (path,) = cache_files(cache_dir)
    forge_records(path, "推动实名登记", "推动实名认证")
    assert not records_sound(path)
    assert cli.json(*given) == expected
    assert records_sound(cache_files(cache_dir)[0]), "the notice was stored anew"

    def must_not_compile(*_: object) -> None:
        raise AssertionError("a sound database was compiled again")

    monkeypatch.setattr(compiler, "compile_files", must_not_compile)
    assert cli.json(*given) == expected


@pytest.mark.usefixtures("trusted_stats")
def test_a_record_of_another_notice_in_its_place_is_not_believed(
    data: Path, tmp_path: Path, cache_dir: Path, cli: Cli
) -> None:
    """Two notices whose task 1.1.3 differ in one character: the other's records, copied over with their
    own digests, are refused, since a record's digest is keyed by its notice's content key."""
    other = tmp_path / "other"
    shutil.copytree(data, other)
    replace_in(other / "annexes" / "annex-1.yaml", "推动实名登记。", "推动实名认证。")
    expected = cli.json("task", "1.1.3", "--data", str(data))
    cli.json("task", "1.1.3", "--data", str(other))
    cache_files(cache_dir)
    ours, theirs = (
        cache_dir / f"{loading.data_source(directory)}{database.SUFFIX}" for directory in (data, other)
    )
    forge_records(ours, "", "", source=theirs)
    assert cli.json("task", "1.1.3", "--data", str(data)) == expected


def old_content_key(contents: dict[str, bytes]) -> str:
    """The content key taskmap used before: CRC-32 and Adler-32 of the same bytes."""
    crc = adler = zlib.crc32(__version__.encode())
    for name in sorted(contents):
        for part in (name.encode(), len(contents[name]).to_bytes(8, "big"), contents[name]):
            crc, adler = zlib.crc32(part, crc), zlib.adler32(part, adler)
    return f"{crc:08x}{adler:08x}"


def forged_twin(original: bytes, start: int, length: int) -> bytes:
    """Other bytes of the same length and the same CRC-32 and Adler-32, changed within a run of 'm's.

    Each change (+1 −1 −1 +1 on four bytes in a row) leaves both Adler-32 sums alone; CRC-32 is linear, so
    among 33 or more such changes some set cancels its CRC differences, found by Gaussian elimination.
    """
    base = zlib.crc32(original)
    changes: list[tuple[int, int]] = []
    for place in range(start, start + length - 3, 4):
        changed = bytearray(original)
        for offset, delta in enumerate((1, -1, -1, 1)):
            changed[place + offset] += delta
        changes.append((place, zlib.crc32(bytes(changed)) ^ base))
    basis: dict[int, tuple[int, set[int]]] = {}
    chosen: set[int] = set()
    for index, (_, difference) in enumerate(changes):
        combination = {index}
        while difference:
            top = difference.bit_length() - 1
            if top not in basis:
                basis[top] = (difference, combination)
                break
            difference ^= basis[top][0]
            combination ^= basis[top][1]
        else:
            chosen = combination
            break
    assert chosen, "the run of 'm's is too short to forge"
    forged = bytearray(original)
    for index in chosen:
        for offset, delta in enumerate((1, -1, -1, 1)):
            forged[changes[index][0] + offset] += delta
    return bytes(forged)


def test_a_forged_crc32_and_adler32_collision_gives_the_new_answer(
    data: Path, cache_dir: Path, cli: Cli
) -> None:
    annex = data / "annexes" / "annex-1.yaml"
    replace_in(annex, "text: 推动实名登记。", f"text: 推动实名登记{'m' * 200}。")
    given = ("--data", str(data))
    assert "m" * 200 in cli.json("task", "1.1.3", *given)["text"]
    original = annex.read_bytes()
    start = original.index(b"m" * 200)
    forged = forged_twin(original, start, 200)
    assert forged != original and len(forged) == len(original)
    assert (zlib.crc32(forged), zlib.adler32(forged)) == (zlib.crc32(original), zlib.adler32(original))
    files = loading.read_data_files(loading.find_data_files(data))
    assert old_content_key(files) == old_content_key({**files, "annexes/annex-1.yaml": forged})
    annex.write_bytes(forged)
    forged_text = forged[start : start + 200].decode()
    assert forged_text in cli.json("task", "1.1.3", *given)["text"]


def test_validate_judges_the_yaml_never_the_cache(
    data: Path, cache_dir: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.json("dept", UNIT, "--data", str(data))
    for path in cache_files(cache_dir):
        forge_records(path, "1.1.3", "9.9.9")

    def must_not_read(*_: object) -> None:
        raise AssertionError("validate read the database")

    monkeypatch.setattr(database.Database, "open", must_not_read)
    assert cli("validate", "--data", str(data)).exit_code == 0
    replace_in(data / "annexes" / "annex-1.yaml", "lead: [市公安局]", "lead: [市公按局]")
    assert cli("validate", "--data", str(data)).exit_code == 3


# Hostile text --------------------------------------------------------------------------------------

# YAML escapes, so the data files stay printable: ESC sequences that erase the screen and retitle the
# window, a bell, C1 CSI (U+009B), a backspace.
HOSTILE_TEXT = r'"推动\e[2J实名\e]0;pwned\a登记\x9b31m。\b"'
HOSTILE_UNIT = r'"市\e[2J局"'
HYPERLINK = '=HYPERLINK("http://example.invalid","点击")'


@pytest.fixture
def hostile(data: Path) -> Path:
    """The minimal notice with control characters in a task's text and a unit's name, and populations and
    a task whose text would be formulas in a spreadsheet."""
    annex = data / "annexes" / "annex-1.yaml"
    replace_in(annex, "text: 推动实名登记。", f"text: {HOSTILE_TEXT}")
    replace_in(annex, "support: [市发改委]\n", f"support: [市发改委, {HOSTILE_UNIT}]\n")
    replace_in(annex, "heading: 建立信用修复机制", "heading: '@SUM(A1)'")
    replace_in(annex, "text: 建立信用修复机制。完善流程。", "text: '@SUM(A1)。完善流程。'")
    replace_in(annex, "name: 公务员", 'name: \'=HYPERLINK("http://example.invalid","点击")\'')
    replace_in(annex, "name: 律师", 'name: "\\t-1+2"')
    departments = data / "departments.yaml"
    departments.write_text(
        departments.read_text(encoding="utf-8")
        + f"- {{name: {HOSTILE_UNIT}, kind: government_department}}\n",
        encoding="utf-8",
    )
    return data


TEXT_ANSWERS = [
    ("dept", "市发改委", "--all"),
    ("task", "1.1.3"),
    ("search", "实名"),
    ("annex", "1"),
    ("depts",),
    ("population",),
    ("matrix",),
    ("partners", "市发改委"),
    ("notices",),
]


@pytest.mark.parametrize("question", TEXT_ANSWERS, ids=lambda question: question[0])
@pytest.mark.parametrize("output_format", ["table", "plain", "csv"])
def test_control_characters_from_data_never_reach_the_terminal(
    question: tuple[str, ...], output_format: str, hostile: Path, cli: Cli
) -> None:
    outcome = cli(*question, "--data", str(hostile), "--format", output_format)
    assert outcome.exit_code == 0, outcome.stderr
    assert not TERMINAL_CONTROLS.search(outcome.stdout), repr(outcome.stdout)


@pytest.mark.parametrize("width", ["40", "120"])
def test_a_coloured_table_carries_no_control_sequence_of_the_data(
    width: str, hostile: Path, cli: Cli
) -> None:
    outcome = cli("task", "1.1.3", "--data", str(hostile), env={"FORCE_COLOR": "1", "COLUMNS": width})
    assert outcome.exit_code == 0
    drawn = re.sub("\x1b\\[[0-9;]*m", "", outcome.stdout)  # Rich's own colours
    assert not TERMINAL_CONTROLS.search(drawn), repr(drawn)
    assert "\ufffd" in drawn


def test_checklists_and_messages_carry_no_control_character(hostile: Path, cli: Cli) -> None:
    for document_format in ("md", "html"):
        outcome = cli("dept", "市发改委", "--data", str(hostile), "--format", document_format)
        assert outcome.exit_code == 0 and not TERMINAL_CONTROLS.search(outcome.stdout)
    outcome = cli("dept", "市局", "--data", str(hostile))
    assert outcome.exit_code == 1 and not TERMINAL_CONTROLS.search(outcome.stderr)


def test_json_keeps_the_data_exactly(hostile: Path, cli: Cli) -> None:
    outcome = cli("task", "1.1.3", "--data", str(hostile), "--format", "json")
    assert not TERMINAL_CONTROLS.search(outcome.stdout), "escaped as \\u sequences"
    task = json.loads(outcome.stdout)
    assert task["text"] == "推动\x1b[2J实名\x1b]0;pwned\x07登记\x9b31m。\x08"
    assert "市\x1b[2J局" in task["support"]


def formula_cells(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]


def test_csv_for_spreadsheets_neutralises_formula_cells(hostile: Path, tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "assignments.csv"
    assert cli("export", "--format", "csv", "--out", str(out), "--data", str(hostile)).exit_code == 0
    exported = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert formula_cells(exported) == []
    assert "'@SUM(A1)" in {cell for row in exported for cell in row}
    answered = list(
        csv.reader(cli("population", "--data", str(hostile), "--format", "csv").stdout.splitlines())
    )
    assert formula_cells(answered) == []
    names = [row[1] for row in answered[1:]]
    assert names == ["'" + HYPERLINK, "'\t-1+2"]


def test_tab_separated_lines_for_scripts_keep_the_data_as_it_is(hostile: Path, cli: Cli) -> None:
    lines = cli("population", "--data", str(hostile), "--format", "plain").stdout.splitlines()
    assert lines[0].split("\t")[1] == HYPERLINK


def test_xlsx_cells_from_data_are_text_never_formulas(hostile: Path, tmp_path: Path, cli: Cli) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "taskmap.xlsx"
    assert cli("export", "--format", "xlsx", "--out", str(out), "--data", str(hostile)).exit_code == 0
    workbook = load_workbook(out)
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value: cell.data_type for cell in cells if isinstance(cell.value, str)}
    assert set(texts.values()) == {"s"}
    assert HYPERLINK in texts
    assert not any(TERMINAL_CONTROLS.search(text) for text in texts)


# Paths and environment -----------------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["0", "abc", "-3", ""])
def test_an_unusable_columns_falls_back_to_80(columns: str, cli: Cli) -> None:
    outcome = cli("population", "17", "--format", "table", env={"COLUMNS": columns})
    assert outcome.exit_code == 0
    widths = [len(line) for line in outcome.stdout.splitlines()]
    assert "17" in outcome.stdout and max(widths) <= 80


def run_taskmap(command: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """A shell line running taskmap, for redirections no in-process run can make."""
    taskmap = shutil.which("taskmap", path=str(Path(sys.executable).parent)) or "taskmap"
    return subprocess.run(
        ["/bin/sh", "-c", command.replace("taskmap", taskmap, 1)],
        cwd=cwd,
        capture_output=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "command",
    [
        f"taskmap dept {UNIT} > /dev/full",
        f"taskmap dept {UNIT} --format json > /dev/full",
        f"taskmap dept {UNIT} 市发改委 > /dev/full",
        "taskmap validate > /dev/full",
        "taskmap --help > /dev/full",
        f"taskmap dept {UNIT} >&-",
    ],
)
@pytest.mark.parametrize("buffered", [True, False])
def test_a_full_or_closed_stdout_is_one_line_and_exit_4(
    command: str, buffered: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not Path("/dev/full").exists() and "/dev/full" in command:
        pytest.skip("no /dev/full here")
    if buffered:
        monkeypatch.delenv("PYTHONUNBUFFERED", raising=False)
    else:
        monkeypatch.setenv("PYTHONUNBUFFERED", "1")
    result = run_taskmap(command, tmp_path)
    assert result.returncode == CANNOT_WRITE, result.stderr
    assert result.stderr.decode().splitlines() == [result.stderr.decode().strip()]
    assert b"stdout" in result.stderr


def test_a_command_writing_a_file_works_with_stdout_closed(tmp_path: Path) -> None:
    result = run_taskmap(f"taskmap site --out {tmp_path / 'page.html'} >&-", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "page.html").stat().st_size > 0


@pytest.mark.parametrize("value", [":", "::", ":{data}", "{data}:", "{data}::{data}"])
def test_empty_entries_in_taskmap_data_are_ignored(
    value: str, data: Path, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never the current directory, whatever it holds (here another notice)."""
    elsewhere = tmp_path / "cwd"
    shutil.copytree(FIXTURES / "minimal", elsewhere)
    replace_in(elsewhere / "notice.yaml", "测试〔2019〕1号", "别处〔2020〕2号")
    monkeypatch.chdir(elsewhere)
    expected = cli.json("notices", "--data", str(data)) if "{data}" in value else cli.json("notices")
    monkeypatch.setenv("TASKMAP_DATA", value.replace(":", os.pathsep).format(data=data))
    assert cli.json("notices") == expected


GBK_NAME = "常州信用办".encode("gbk")


@pytest.fixture
def gbk_library(tmp_path: Path) -> Path:
    """A library whose notice directories have GBK names, one of them without a 文号 (so its key is the
    directory's name)."""
    library = tmp_path / "library"
    for index, name in enumerate((GBK_NAME, GBK_NAME + b"-2")):
        notice = library / os.fsdecode(name)
        shutil.copytree(FIXTURES / "minimal", notice)
        if index:
            replace_in(notice / "notice.yaml", "document_number: 测试〔2019〕1号\n", "")
    return library


def test_directories_named_in_gbk_work_and_show_replacement_characters(gbk_library: Path, cli: Cli) -> None:
    notice = gbk_library / os.fsdecode(GBK_NAME)
    for _ in range(2):  # compiled, then from the cache
        for given in (["--data", str(gbk_library)], ["--data", str(notice)]):
            for output_format in ("json", "plain", "table", "csv"):
                outcome = cli("dept", UNIT, *given, "--format", output_format)
                assert outcome.exit_code == 0, outcome.stderr
                assert not re.search("[\ud800-\udfff]", outcome.stdout)
        keys = [row["key"] for row in cli.json("notices", "--data", str(gbk_library))]
        assert keys[0] == "测试2019-1" and "\ufffd" in keys[1]
    outcome = cli("validate", "--data", str(gbk_library))
    assert outcome.exit_code == 0 and "\ufffd" in outcome.stdout


def test_a_broken_notice_in_a_gbk_named_library_is_named_and_exit_3(gbk_library: Path, cli: Cli) -> None:
    broken = gbk_library / os.fsdecode(GBK_NAME + b"-2")
    replace_in(broken / "annexes" / "annex-1.yaml", "lead: [市公安局]", "lead: [市公安局")
    outcome = cli("dept", UNIT, "--data", str(gbk_library))
    assert outcome.exit_code == 3
    (line,) = outcome.stderr.splitlines()
    assert f"{printable(str(broken))}/annexes/annex-1.yaml" in line


def test_a_hidden_directory_in_a_library_is_never_a_notice(data: Path, tmp_path: Path, cli: Cli) -> None:
    """What an import builds beside its target, or leaves when it is killed, is not loaded."""
    library = tmp_path / "library"
    shutil.copytree(data, library / "notice")
    shutil.copytree(data, library / ".notice.import-1234")
    assert [row["key"] for row in cli.json("notices", "--data", str(library))] == ["测试2019-1"]


def test_a_library_error_names_the_notice_it_is_in(data: Path, tmp_path: Path, cli: Cli) -> None:
    library = tmp_path / "library"
    library.mkdir()
    shutil.copytree(data, library / "good")
    shutil.copytree(data, library / "broken")
    replace_in(library / "broken" / "notice.yaml", "测试〔2019〕1号", "测试〔2019〕2号")
    replace_in(library / "broken" / "annexes" / "annex-1.yaml", "lead: [市公安局]", "lead: [市公按局]")
    outcome = cli("dept", UNIT, "--data", str(library))
    assert outcome.exit_code == 3
    assert f"{library / 'broken' / 'annexes' / 'annex-1.yaml'}: " in outcome.stderr


def test_sheets_gives_units_whose_file_names_would_clash_a_file_each(
    data: Path, tmp_path: Path, cli: Cli
) -> None:
    clashing = ["市甲/乙局", "市甲:乙局", "市甲_乙局", "index", "INDEX"]
    departments = data / "departments.yaml"
    departments.write_text(
        departments.read_text(encoding="utf-8")
        + "".join(f"- {{name: '{name}', kind: government_department}}\n" for name in clashing),
        encoding="utf-8",
    )
    replace_in(
        data / "annexes" / "annex-1.yaml",
        "support: [市发改委]\n",
        f"support: [市发改委, {', '.join(clashing)}]\n",
    )
    out = tmp_path / "sheets"
    outcome = cli("sheets", "--out", str(out), "--data", str(data))
    assert outcome.exit_code == 0, outcome.stderr
    files = sorted(path.name for path in out.iterdir())
    units = ["市发改委", "市公安局", *clashing]
    assert len(files) == len(units) + 1, files
    index = (out / "index.md").read_text(encoding="utf-8")
    for name in files:
        if name != "index.md":
            assert f"]({name})" in index or name in index
    written = [(out / name).read_text(encoding="utf-8") for name in files if name != "index.md"]
    for unit in units:
        assert sum(unit in text.splitlines()[0] for text in written) >= 1, unit


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "- {name: 市公安局, kind: government_department}",
            "unit '市公安局' is listed twice (also departments[1])",
        ),
        (
            "- {name: 市警察局, kind: government_department, short_forms: [公安局]}",
            "'公安局' already names 市公安局",
        ),
    ],
)
def test_a_unit_listed_twice_in_departments_yaml_is_a_validation_error(
    entry: str, message: str, data: Path, cli: Cli
) -> None:
    departments = data / "departments.yaml"
    departments.write_text(departments.read_text(encoding="utf-8") + entry + "\n", encoding="utf-8")
    outcome = cli("validate", "--data", str(data))
    assert outcome.exit_code == 3
    (line,) = [line for line in outcome.stderr.splitlines() if "departments.yaml" in line]
    assert "departments[3]" in line and message in line


def test_the_readme_documents_exit_code_4_for_stdout() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(r"\| 4 \|[^\n]*stdout", readme)
    assert "## What taskmap promises" in readme
