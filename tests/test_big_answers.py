"""Big answers are written as they are read: a library's notices one at a time, each let go once its rows
are rendered, and what is written is byte for byte what the whole answer's renderers write."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

import pytest

from conftest import Cli, shelf_of
from taskmap.dataset import Dataset
from taskmap.library import Library, Notice
from taskmap.model import Role
from taskmap.questions import answers, streams
from taskmap.render import Answer, MachineFormat, emit, emit_streamed, payload, records
from taskmap.render.records import batch_records, write_csv, write_tsv
from taskmap.render.spreadsheet import assignments_sheet
from taskmap.store import loading
from taskmap.store.library_loading import load_library
from test_library import notice_copy
from test_library_cli import IMPORTED

FORMATS: tuple[MachineFormat, ...] = ("json", "plain", "csv")
COPIES = ("a", "b", "c")
REFS = re.compile(r"(?<![\w.:])[abc]:[\d.]+\d")  # the task refs of the copies in what is written
# A question as typed, and its whole answers (several names: one each), as a table is drawn from them.
Question = tuple[list[str], Callable[[Library], list[Answer]]]


def dept(*names: str, roles: list[Role] | None = None, everything: bool = False) -> Question:
    typed = ["dept", *names, *(f"--role={role}" for role in roles or ()), *(["--all"] if everything else [])]
    return typed, lambda library: [answers.unit_report(library, name, roles, everything) for name in names]


def search(text: str, annex: int | None = None, unit: str | None = None) -> Question:
    typed = [
        "search",
        *text.split(),
        *([f"--annex={annex}"] if annex else []),
        *([f"--dept={unit}"] if unit else []),
    ]
    return typed, lambda library: [answers.search_tasks(library, text, annex, unit)]


QUESTIONS = [
    dept("市公安局"),
    dept("市公安局", everything=True),
    dept("发展改革委", everything=True),
    dept("市公安局", roles=["support", "lead"]),
    dept("市公安局", roles=["guide"]),
    dept("市公安局", "发展改革委"),
    search("信用"),
    search("信用 修复"),
    search("互联网+"),
    search("信"),
    search("信用", unit="市公安局"),
    search("信用", annex=2),
    (["partners", "市公安局"], lambda library: [answers.partners(library, "市公安局")]),
    (["notices"], lambda library: [answers.notice_list(library)]),
    (["stats"], lambda library: [answers.headlines(library)]),
    (["matrix"], lambda library: [answers.load_matrix(library)]),
    (["matrix", "--sort=name"], lambda library: [answers.load_matrix(library, "name")]),
    (["matrix", "--sort=support"], lambda library: [answers.load_matrix(library, "support")]),
    (["annex"], lambda library: [answers.annex_outline(library)]),
    (["annex", "2"], lambda library: [answers.annex_outline(library, 2)]),
    (["annex", "附件4"], lambda library: [answers.annex_outline(library, 4)]),
]


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three copies of the shipped notice: each unit is in all three at the same places, so a unit's
    answer takes its rows from each notice in turn."""
    shelf = tmp_path_factory.mktemp("copies")
    for key in COPIES:
        notice_copy(shelf / key, key=key)
    return shelf


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped notice and two State Council documents of the shared corpus."""
    return shelf_of(tmp_path_factory.mktemp("big-shelf"), IMPORTED)


@pytest.fixture(params=["shipped", "copies", "shelf"])
def data(request: pytest.FixtureRequest) -> list[str]:
    return [] if request.param == "shipped" else ["--data", str(request.getfixturevalue(request.param))]


def written_whole(results: list[Answer], chosen: MachineFormat) -> str:
    """What the renderers of whole answers write: one answer, or a batch as `answer_each` writes it."""
    out = io.StringIO()
    if len(results) == 1:
        emit(results[0], chosen, out)
        return out.getvalue()
    for index, result in enumerate(results):
        columns, rows = batch_records(result)
        if chosen == "plain":
            write_tsv(rows, out)
        elif chosen == "csv":
            write_csv(None if index else columns, rows, out)
        else:
            emit(result, chosen, out)
    return out.getvalue()


def whole_and_capped(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, asked: list[str], rows: int, *data: str
) -> tuple[str, str]:
    """The table `asked` for drawn whole, then with only `rows` rows to a table (`render.TABLE_ROWS`)."""
    import taskmap.cli.overview
    import taskmap.cli.queries

    typed = [*asked, *data, "--format", "table"]
    whole = cli(*typed, env={"COLUMNS": "200"})
    for module in (taskmap.cli.queries, taskmap.cli.overview):
        monkeypatch.setattr(module, "TABLE_ROWS", rows)
    capped = cli(*typed, env={"COLUMNS": "200"})
    assert (whole.exit_code, capped.exit_code) == (0, 0), capped.stderr
    return whole.stdout, capped.stdout


def says(table: str, line: str) -> bool:
    """Whether the table holds the line, however the terminal wrapped it."""
    return "".join(line.split()) in "".join(table.split())


@pytest.mark.parametrize("chosen", FORMATS)
@pytest.mark.parametrize("question", QUESTIONS, ids=lambda question: " ".join(question[0]))
def test_big_answers_written_as_read_are_what_the_whole_answer_writes(
    cli: Cli, data: list[str], question: Question, chosen: MachineFormat
) -> None:
    typed, whole = question
    outcome = cli(*typed, *data, "--format", chosen)
    assert outcome.exit_code == 0, outcome.stderr
    library = load_library([Path(data[1])] if data else None)
    assert outcome.stdout == written_whole(whole(library), chosen)


@pytest.mark.parametrize("chosen", ["json", "csv"])
def test_a_matrix_row_too_long_to_write_whole_is_written_in_parts_as_the_whole_answer_writes_it(
    cli: Cli, shelf: Path, chosen: MachineFormat, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = written_whole([answers.load_matrix(load_library([shelf]))], chosen)
    for cells in (1, 2, 3):
        monkeypatch.setattr(payload, "CELLS_PER_PART", cells)
        monkeypatch.setattr(records, "CELLS_PER_PART", cells)
        assert cli("matrix", "--data", str(shelf), "--format", chosen).stdout == whole


def test_a_csv_line_in_parts_is_the_line_written_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    line = records.csv_lines()
    row = ["", "=1+1", 'a"b', "x,y", "", "市公安局", "", ""]
    for cells in range(1, len(row) + 2):
        monkeypatch.setattr(records, "CELLS_PER_PART", cells)
        for length in range(len(row) + 1):
            assert "".join(records.csv_line_parts(line, row[:length])) == line(row[:length])


def test_a_units_answer_across_notices_spills_into_the_cache_directory_not_the_systems_temporary_one(
    cli: Cli, copies: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    whole = written_whole([answers.unit_report(load_library([copies]), "市公安局")], "json")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-directory"))
    assert cli("dept", "市公安局", "--data", str(copies), "--format", "json").stdout == whole
    monkeypatch.setenv("TASKMAP_CACHE_DIR", str(tmp_path / "a-file"))
    (tmp_path / "a-file").write_text("")
    monkeypatch.setattr(tempfile, "tempdir", None)  # no cache directory to spill into: the system's
    assert cli("dept", "市公安局", "--data", str(copies), "--format", "json").stdout == whole


class Recorder(io.StringIO):
    """A stdout that notes in `events` when it is first written to."""

    def __init__(self, events: list[str]) -> None:
        super().__init__()
        self.events = events

    def write(self, text: str) -> int:
        if "write" not in self.events:
            self.events.append("write")
        return super().write(text)


@pytest.fixture
def reads(copies: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Library, list[str]]]:
    """The copies read from their database, each notice's data on first use, with every read noted (and
    how many other notices held their data then)."""
    monkeypatch.setattr(loading, "SETTLED_NS", 0)
    time.sleep(0.01)
    load_library([copies])
    library = load_library([copies])
    events: list[str] = []
    read = Notice.dataset.fget
    assert read is not None

    def noted(notice: Notice) -> Dataset:
        if not notice.loaded:
            held = sum(other.loaded for other in library.notices)
            events.append(f"read {notice.key} while {held} held")
        return read(notice)

    monkeypatch.setattr(Notice, "dataset", property(noted))
    yield library, events


@pytest.mark.parametrize("chosen", FORMATS)
def test_search_writes_its_first_hits_before_the_last_notice_is_read(
    reads: tuple[Library, list[str]], chosen: MachineFormat
) -> None:
    library, events = reads
    emit_streamed(streams.search_stream(library, "信用"), chosen, Recorder(events))
    assert events == [
        "read a while 0 held",
        "write",
        "read b while 0 held",
        "read c while 0 held",
    ]


@pytest.mark.parametrize("chosen", FORMATS)
def test_a_units_answer_across_notices_holds_one_notice_at_a_time(
    reads: tuple[Library, list[str]], chosen: MachineFormat
) -> None:
    """Its first row may be the last notice's: its rows are copied out once every notice has been read."""
    library, events = reads
    emit_streamed(streams.unit_stream(library, "市公安局"), chosen, Recorder(events))
    assert [event for event in events if event != "write"] == [f"read {key} while 0 held" for key in COPIES]


@pytest.mark.parametrize("chosen", FORMATS)
def test_an_annex_across_notices_is_written_a_notice_at_a_time(
    reads: tuple[Library, list[str]], chosen: MachineFormat
) -> None:
    library, events = reads
    emit_streamed(streams.outline_stream(library, 1), chosen, Recorder(events))
    assert events[:2] == ["read a while 0 held", "write"]
    assert [event for event in events if event != "write"] == [f"read {key} while 0 held" for key in COPIES]


@pytest.mark.parametrize(
    "question",
    [["search", "没有这样的词"], ["search", "信用", "--annex", "9"], ["dept", "没有这个局"], ["annex", "9"]],
)
@pytest.mark.parametrize("chosen", FORMATS)
def test_finding_nothing_in_a_library_writes_nothing_and_one_line(
    cli: Cli, copies: Path, question: list[str], chosen: MachineFormat
) -> None:
    outcome = cli(*question, "--data", str(copies), "--format", chosen)
    assert (outcome.exit_code, outcome.stdout) == (1, "")
    assert len(outcome.stderr.splitlines()) == 1


@pytest.mark.parametrize("question", [["dept", "市公安局", "--all"], ["search", "的"]])
@pytest.mark.parametrize("chosen", FORMATS)
def test_a_reader_going_away_mid_answer_ends_it_quietly(
    copies: Path, question: list[str], chosen: str
) -> None:
    """More than a pipe holds, so the reader closes it while the answer is still being written."""
    command = [str(Path(sys.executable).with_name("taskmap")), *question, "--data", str(copies)]
    with subprocess.Popen(
        [*command, "--format", chosen], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as reader:
        assert reader.stdout is not None and reader.stderr is not None
        reader.stdout.read(10)
        reader.stdout.close()
        assert reader.wait(timeout=60) == 141
        assert reader.stderr.read() == b""


@pytest.mark.parametrize("language", ["english", "chinese"])
def test_a_table_of_a_big_search_lists_its_first_tasks_and_says_how_many_in_all(
    cli: Cli, copies: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, language: str
) -> None:
    request.getfixturevalue(language)
    data = ["--data", str(copies)]
    ids = [
        line.split("\t")[0] for line in cli("search", "信用", *data, "--format", "plain").stdout.splitlines()
    ]
    whole, capped = whole_and_capped(cli, monkeypatch, ["search", "信用"], 5, *data)
    assert REFS.findall(capped) == ids[:5]  # the answer's first five, in its order
    english = language == "english"
    title = f"{len(ids)} tasks contain “信用”" if english else f"{len(ids)} 项任务含“信用”"
    assert title in capped and title in whole
    shown = (
        f"The first 5 of {len(ids)} tasks shown; --format plain, csv or json gives every one."
        if english
        else f"共 {len(ids)} 项任务，显示前 5 项；全部请用 --format 导出为纯文本、CSV 或 JSON。"
    )
    assert says(capped, shown)
    assert REFS.findall(whole) == ids  # within TABLE_ROWS: every task, and nothing said
    assert "The first" not in whole and "显示前" not in whole


DEPT_QUESTIONS = [
    ("市公安局", None, False),
    ("市公安局", None, True),
    ("发展改革委", None, True),
    ("市公安局", ["support", "lead"], True),
    ("市公安局", ["guide"], False),
]


@pytest.mark.parametrize("first", [1, 5])
@pytest.mark.parametrize("question", DEPT_QUESTIONS, ids=str)
def test_a_units_first_tasks_are_the_whole_answers_first_of_each_role_with_every_count(
    data: list[str], question: tuple[str, list[Role] | None, bool], first: int
) -> None:
    name, roles, everything = question
    library = load_library([Path(data[1])] if data else None)
    whole = answers.unit_report(library, name, roles, everything)
    listed = answers.unit_report(
        load_library([Path(data[1])] if data else None), name, roles, everything, first
    )
    for role in ("lead", "support", "responsible", "guide"):
        in_role = [assignment for assignment in whole.shown if assignment.role == role]
        assert [assignment for assignment in listed.shown if assignment.role == role] == in_role[:first]
        for collective in (None, True, False):
            assert listed.count(role, collective) == whole.count(role, collective)
    assert listed.count() == len(whole.shown)
    assert listed._replace(assignments=[], collective=[], unlisted=()) == whole._replace(
        assignments=[], collective=[]
    )


@pytest.mark.parametrize("language", ["english", "chinese"])
def test_a_table_of_a_big_units_answer_lists_each_roles_first_tasks_and_says_how_many(
    cli: Cli, copies: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, language: str
) -> None:
    request.getfixturevalue(language)
    whole, capped = whole_and_capped(
        cli, monkeypatch, ["dept", "市公安局", "--all"], 5, "--data", str(copies)
    )
    # The same headline and role titles, with the counts of every task.
    titles = [line for line in whole.splitlines() if not line.startswith(" ")]
    assert titles == [line for line in capped.splitlines() if line in titles]
    report = answers.unit_report(load_library([copies]), "市公安局", None, True)
    for role in ("lead", "support"):
        held = report.count(role)
        assert held > 5
        assert says(
            capped,
            f"The first 5 of {held} tasks shown; --format plain, csv or json gives every one."
            if language == "english"
            else f"共 {held} 项任务，显示前 5 项；全部请用 --format 导出为纯文本、CSV 或 JSON。",
        )
    roles_held = sum(bool(report.count(role)) for role in ("lead", "support", "responsible", "guide"))
    assert len(REFS.findall(capped)) == 5 * roles_held


@pytest.mark.parametrize("language", ["english", "chinese"])
@pytest.mark.parametrize("command", ["notices", "stats"])
def test_a_table_of_a_big_library_lists_its_first_notices_and_says_how_many(
    cli: Cli,
    copies: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    command: str,
    language: str,
) -> None:
    request.getfixturevalue(language)
    whole, capped = whole_and_capped(cli, monkeypatch, [command], 2, "--data", str(copies))
    keys = re.compile(r"^ ?([abc])\b", re.MULTILINE)
    assert keys.findall(whole) == list(COPIES)
    assert keys.findall(capped) == list(COPIES[:2])  # the library's first two, in its order
    shown = (
        "The first 2 of 3 notices shown; --format plain, csv or json gives every one."
        if language == "english"
        else "共 3 个通知，显示前 2 个；全部请用 --format 导出为纯文本、CSV 或 JSON。"
    )
    assert says(capped, shown) and not says(whole, shown)
    if command == "notices":  # the title counts every notice
        assert whole.splitlines()[0] == capped.splitlines()[0]
        assert "3" in whole.splitlines()[0]


@pytest.mark.parametrize("language", ["english", "chinese"])
def test_a_table_of_a_units_partners_lists_each_ones_first_tasks_and_counts_every_one(
    cli: Cli, copies: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, language: str
) -> None:
    request.getfixturevalue(language)
    whole, capped = whole_and_capped(cli, monkeypatch, ["partners", "市公安局"], 2, "--data", str(copies))
    every = answers.partners(load_library([copies]), "市公安局")
    for partner in every.partners:
        row = next(line for line in capped.splitlines() if line.startswith(f" {partner.unit} "))
        assert row.split()[1] == str(len(partner.task_ids))  # the count of every shared task
        assert REFS.findall(row) == partner.task_ids[:2]
        if len(partner.task_ids) > 2:
            more = len(partner.task_ids) - 2
            assert (f"… and {more} more" if language == "english" else f"……另有 {more} 项") in row
    assert any(len(partner.task_ids) > 2 for partner in every.partners)
    assert says(
        capped,
        "The first 2 tasks of each shown; --format plain, csv or json gives every one."
        if language == "english"
        else "每个单位显示前 2 项任务；全部请用 --format 导出为纯文本、CSV 或 JSON。",
    )
    assert "… and" not in whole and "另有" not in whole and "显示前" not in whole  # within TABLE_ROWS


@pytest.mark.parametrize("language", ["english", "chinese"])
def test_a_table_of_an_annex_across_a_big_library_lists_its_first_annexes_and_says_how_many_tasks(
    cli: Cli, copies: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest, language: str
) -> None:
    request.getfixturevalue(language)
    first = load_library([copies]).notices[0].dataset.annexes[1]
    in_annex = sum(len(section.task_ids) for section in first.sections)
    whole, capped = whole_and_capped(cli, monkeypatch, ["annex", "1"], 1, "--data", str(copies))
    notices = re.compile(r"(?<![\w.:])([abc]):[\d.]+\d")
    assert set(notices.findall(whole)) == set(COPIES)
    assert notices.findall(capped) == ["a"] * in_annex  # the first notice's annex 1, whole
    assert says(
        capped,
        f"The first {in_annex} of {3 * in_annex} tasks shown; --format plain, csv or json gives every one."
        if language == "english"
        else f"共 {3 * in_annex} 项任务，显示前 {in_annex} 项；全部请用 --format 导出为纯文本、CSV 或 JSON。",
    )
    assert "显示前" not in whole and "The first" not in whole


@pytest.mark.parametrize("unit", [None, "市公安局"])
def test_what_falls_due_across_notices_is_read_a_notice_at_a_time(
    reads: tuple[Library, list[str]], unit: str | None
) -> None:
    from datetime import date

    from taskmap.tracking.schedule import Window, due_list

    library, events = reads
    due_list(library, date(2019, 1, 1), Window(None, None), unit, include_undated=True)
    assert events == [f"read {key} while 0 held" for key in COPIES]


@pytest.mark.parametrize("chosen", ["json", "yaml", "csv"])
def test_an_export_of_a_library_holds_one_notice_at_a_time_and_keeps_every_notices_rows(
    reads: tuple[Library, list[str]], chosen: Literal["json", "yaml", "csv"]
) -> None:
    from taskmap.cli.data import write_export

    library, events = reads
    written = io.StringIO()
    write_export(library, chosen, written)
    assert events == [f"read {key} while 0 held" for key in COPIES]
    whole = load_library([library.notices[0].directory.parent])
    if chosen == "json":
        assert [json.loads(line)["notice"]["key"] for line in written.getvalue().splitlines()] == list(COPIES)
    if chosen == "csv":
        rows = list(csv.reader(io.StringIO(written.getvalue())))
        assert rows[0][-1] == "notice"
        expected = sum(len(assignments_sheet(notice.dataset)[1]) for notice in whole.notices)
        assert len(rows) - 1 == expected
        assert [row[-1] for row in rows[1:]] == [
            notice.key for notice in whole.notices for _ in assignments_sheet(notice.dataset)[1]
        ]


ROUND_TODAY = "2019-07-01"


@pytest.mark.parametrize("chosen", FORMATS)
@pytest.mark.parametrize(
    "narrowed", [{}, {"unit": "市公安局"}, {"state": "unreported"}, {"state": "done"}], ids=repr
)
@pytest.mark.parametrize("source", ["copies", "shelf"])
def test_a_round_status_written_as_read_is_what_the_whole_answer_writes(
    request: pytest.FixtureRequest, source: str, narrowed: dict[str, str], chosen: MachineFormat
) -> None:
    from datetime import date

    from taskmap.render.rounds import emit_round
    from taskmap.tracking.status import status

    library = load_library([request.getfixturevalue(source)])
    asked = (library, None, date.fromisoformat(ROUND_TODAY))
    answer = status(*asked, **narrowed).whole()  # type: ignore[arg-type]
    assert answer.rows or narrowed == {"state": "done"}  # no one has reported yet
    whole, as_read = io.StringIO(), io.StringIO()
    emit_round(answer, chosen, whole)
    emit_round(status(*asked, **narrowed), chosen, as_read)  # type: ignore[arg-type]
    assert as_read.getvalue() == whole.getvalue()


@pytest.mark.parametrize("chosen", FORMATS)
def test_a_round_status_over_every_unit_reads_every_notice_before_writing_and_holds_one_at_a_time(
    reads: tuple[Library, list[str]], chosen: MachineFormat
) -> None:
    from datetime import date

    from taskmap.render.rounds import emit_round
    from taskmap.tracking.status import status

    library, events = reads
    emit_round(status(library, None, date.fromisoformat(ROUND_TODAY)), chosen, Recorder(events))
    assert events == [*(f"read {key} while 0 held" for key in COPIES), "write"]


@pytest.mark.parametrize("command", ["missing", "bulletin"])
def test_who_is_missing_and_the_bulletin_over_every_unit_hold_one_notice_at_a_time(
    reads: tuple[Library, list[str]], command: str
) -> None:
    from datetime import date

    from taskmap.tracking import status

    library, events = reads
    asked = getattr(status, command)(library, "2019Q2", date.fromisoformat(ROUND_TODAY))
    assert events == [f"read {key} while 0 held" for key in COPIES]
    assert asked.units  # every unit of the shipped notice is in each copy: none has reported


def test_each_units_form_is_made_a_notice_at_a_time_and_lists_its_tasks_in_notice_order(
    reads: tuple[Library, list[str]],
) -> None:
    from datetime import date

    from taskmap.tracking.forms import forms_of
    from taskmap.tracking.rounds import Round

    library, events = reads
    forms = forms_of(library, Round("2019Q2", date(2019, 7, 5)))
    first = next(forms)
    assert events == [f"read {key} while 0 held" for key in COPIES]
    police = next(form for form in forms if form.unit == "市公安局")
    assert set(events) == {f"read {key} while 0 held" for key in COPIES}
    assert len(events) > len(COPIES) and first.unit != police.unit
    assert [row.task.notice for row in police.named] == sorted(row.task.notice for row in police.named)
    assert {row.task.notice for row in police.rows} == set(COPIES)


@pytest.mark.parametrize("stretch_read", [streams.STRETCH_READ_BYTES, 0])
def test_rows_across_runs_come_out_by_place_each_place_in_the_order_read(
    monkeypatch: pytest.MonkeyPatch, stretch_read: int
) -> None:
    """Rows of one place side by side in a run are kept as one stretch of the spill file, read whole when
    short and row by row when long; either way every row comes out once, whole, in its place."""
    monkeypatch.setattr(streams, "STRETCH_READ_BYTES", stretch_read)
    runs = [
        [((0,), "a1"), ((0,), "a2"), ((2,), "c1"), ((1,), "b1\n多行")],
        [((2,), "c2"), ((0,), "a3"), ((0,), "")],
        [((1,), "b2" * 1000), ((1,), "b3")],
    ]
    rows = [row for run in runs for row in run]
    expected = [text for _, text in sorted(rows, key=lambda row: row[0])]
    assert list(streams.in_order(runs, lambda row: row[0], lambda row: row[1])) == expected


def test_each_units_checklist_is_made_a_notice_at_a_time(reads: tuple[Library, list[str]]) -> None:
    library, events = reads
    checklists = answers.unit_checklists(library)
    first = next(checklists)
    assert events == [f"read {key} while 0 held" for key in COPIES]
    assert [notice["key"] for notice in first.notices] == list(COPIES)
    assert len(list(checklists)) == len(library.addressable_units()) - 1
