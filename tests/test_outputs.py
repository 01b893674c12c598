"""What the office hands around, read back with real readers: checklists, CSV, xlsx, matrix, partners."""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import FIXTURES, Cli
from taskmap.dataset import Dataset
from taskmap.model import ROLE_LABELS, ROLES
from taskmap.render.linebreak import CLOSING


def assignment_count(dataset: Dataset) -> int:
    """Task × unit × role rows, counted straight from the tasks."""
    return sum(len(task.units(role)) for task in dataset.tasks.values() for role in ROLES)


def tasks_naming(dataset: Dataset, unit: str) -> list[str]:
    return [t.id for t in dataset.tasks.values() if any(unit in t.units(role) for role in ROLES)]


class PageReader(HTMLParser):
    """Collects the text, the task sections and every URL-bearing attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.task_ids: list[str] = []
        self.urls: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name == "id" and value and value.startswith("task-"):
                self.task_ids.append(value.removeprefix("task-"))
            if name in {"src", "href"} and value:
                self.urls.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    return reader


# --- checklists -------------------------------------------------------------------------------------


def test_html_checklist_has_every_task_of_the_unit_and_no_external_asset(cli: Cli, dataset: Dataset) -> None:
    outcome = cli("dept", "市公安局", "--format", "html")
    assert outcome.exit_code == 0
    page = read_page(outcome.stdout)
    shared = [task_id for _, task_id, _ in dataset.shared_through_phrases("市公安局")]
    assert sorted(page.task_ids) == sorted(tasks_naming(dataset, "市公安局") + shared)
    text = "".join(page.text)
    for task_id in page.task_ids:
        assert dataset.tasks[task_id].text in text
        assert dataset.annexes[dataset.tasks[task_id].annex].title in text
    assert dataset.notice["document_number"] in text and dataset.notice["issued_as_printed"] in text
    assert all(p.name in text for p in dataset.populations.values() if "市公安局" in p.lead)
    assert page.urls == []
    assert not {"script", "img", "link", "iframe"} & page.tags
    assert "@page { size: A4" in outcome.stdout


def test_html_checklist_escapes_data(cli: Cli, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    annex = data / "annexes" / "annex-1.yaml"
    annex.write_text(
        annex.read_text().replace("text: 推动实名登记。", "text: '推动<script>x</script>登记。'")
    )
    page = read_page(cli("dept", "市公安局", "--format", "html", "--data", str(data)).stdout)
    assert "script" not in page.tags
    assert "推动<script>x</script>登记。" in "".join(page.text)


def test_markdown_checklist_lists_tasks_with_co_assigned_units(cli: Cli, dataset: Dataset) -> None:
    out = cli("dept", "市财政局", "--format", "md").stdout
    for task_id in tasks_naming(dataset, "市财政局"):
        task = dataset.tasks[task_id]
        assert f"### {task_id}" in out and task.text in out
        others = [u for role in ROLES for u in task.units(role) if u != "市财政局"]
        assert all(unit in out for unit in others)
    assert dataset.notice["document_number"] in out


def test_sheets_writes_one_checklist_per_unit_and_an_index(
    cli: Cli, dataset: Dataset, tmp_path: Path
) -> None:
    out = tmp_path / "sheets"
    outcome = cli("sheets", "--format", "html", "--out", str(out))
    assert outcome.exit_code == 0, outcome.stderr
    units = [d.name for d in dataset.departments.values() if not d.is_collective]
    assert sorted(path.stem for path in out.glob("*.html") if path.stem != "index") == sorted(units)
    index = read_page((out / "index.html").read_text(encoding="utf-8"))
    assert sorted(index.urls) == sorted(f"{unit}.html" for unit in units)
    assert outcome.stdout == ""


def test_sheets_into_an_unwritable_place_exits_4(cli: Cli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    outcome = cli("sheets", "--out", str(blocker / "sheets"))
    assert outcome.exit_code == 4
    assert len(outcome.stderr.splitlines()) == 1


# --- spreadsheets -----------------------------------------------------------------------------------


def test_csv_file_has_a_bom_and_one_row_per_assignment(cli: Cli, dataset: Dataset, tmp_path: Path) -> None:
    target = tmp_path / "assignments.csv"
    assert cli("export", "--format", "csv", "--out", str(target)).exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == assignment_count(dataset)
    first = rows[0]
    task = dataset.tasks[first["task_id"]]
    assert first["text"] == task.text and first["unit"] in task.units(first["role"])
    spellings = {(r["task_id"], r["role"], r["spelling"]) for r in rows}
    assert ("1.2.2", "lead", "市发改委(市信用办)") in spellings
    assert {r["collective"] for r in rows if r["unit"] == "市各有关部门"} == {"yes"}
    open_ended = {(r["task_id"], r["role"]) for r in rows if r["open_ended"] == "yes"}
    assert open_ended == {(t.id, role) for t in dataset.tasks.values() for role in t.open_ended}


def test_csv_on_stdout_has_no_bom(cli: Cli, dataset: Dataset) -> None:
    out = cli("export", "--format", "csv").stdout
    assert not out.startswith("\ufeff")
    assert len(list(csv.reader(io.StringIO(out)))) == assignment_count(dataset) + 1


def test_xlsx_workbook_has_four_sheets_with_frozen_headers_and_filters(
    cli: Cli, dataset: Dataset, tmp_path: Path
) -> None:
    target = tmp_path / "taskmap.xlsx"
    assert cli("export", "--format", "xlsx", "--out", str(target)).exit_code == 0
    workbook = load_workbook(target)
    expected_rows = {
        "任务分工": assignment_count(dataset),
        "任务": len(dataset.tasks),
        "重点人群": len(dataset.populations),
        "单位": len(dataset.departments),
    }
    assert workbook.sheetnames == list(expected_rows)
    for name, count in expected_rows.items():
        sheet = workbook[name]
        assert sheet.max_row - 1 == count, name
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
        assert all(cell.font.bold for cell in sheet[1])
    tasks = workbook["任务"]
    header = [cell.value for cell in tasks[1]]
    text_column = tasks.column_dimensions[chr(ord("A") + header.index("任务内容"))]
    assert text_column.width >= 40


def test_xlsx_needs_an_output_file(cli: Cli) -> None:
    outcome = cli("export", "--format", "xlsx")
    assert outcome.exit_code == 2
    assert "--out" in outcome.stderr


# --- the big picture --------------------------------------------------------------------------------


def test_matrix_counts_match_the_tasks(cli: Cli, dataset: Dataset) -> None:
    rows = cli.json("matrix")
    units = [d.name for d in dataset.departments.values() if not d.is_collective]
    assert sorted(row["name"] for row in rows) == sorted(units)
    for row in rows:
        for annex, by_role in row["annexes"].items():
            for role, count in by_role.items():
                expected = sum(
                    row["name"] in t.units(role) for t in dataset.tasks.values() if t.annex == int(annex)
                )
                assert count == expected, (row["name"], annex, role)
    totals = [row["total"] for row in rows]
    assert totals == sorted(totals, reverse=True)


def test_matrix_table_and_csv(cli: Cli, dataset: Dataset) -> None:
    table = cli("matrix", "--format", "table", env={"FORCE_COLOR": "1"}).stdout
    assert all(f"附件{n}" in table for n in dataset.annexes)
    assert "\x1b[" in table
    rows = list(csv.DictReader(io.StringIO(cli("matrix", "--format", "csv").stdout)))
    assert {"name", "total", "annex1_lead"} <= set(rows[0])


def test_partners_lists_units_sharing_tasks(cli: Cli, dataset: Dataset) -> None:
    answer = cli.json("partners", "市公安局")
    own = set(tasks_naming(dataset, "市公安局"))
    for partner in answer["partners"]:
        shared = {t for t in own if any(partner["name"] in dataset.tasks[t].units(r) for r in ROLES)}
        assert set(partner["tasks"]) == shared and partner["count"] == len(shared)
    named = {u for t in own for r in ROLES for u in dataset.tasks[t].units(r)}
    collective = {n for n, d in dataset.departments.items() if d.is_collective}
    assert {p["name"] for p in answer["partners"]} == named - {"市公安局"} - collective


def test_stats_headline_figures_match_the_data(cli: Cli, dataset: Dataset) -> None:
    (figures,) = cli.json("stats")
    assert figures["tasks"] == len(dataset.tasks)
    assert {annex["number"]: annex["tasks"] for annex in figures["annexes"]} == {
        number: sum(t.annex == number for t in dataset.tasks.values()) for number in dataset.annexes
    }
    assert figures["tasks_by_role"] == {
        role: sum(bool(t.units(role)) for t in dataset.tasks.values()) for role in dataset.roles_in_use
    }
    assert figures["open_ended_tasks"] == [t.id for t in dataset.tasks.values() if t.open_ended]
    assert figures["populations"] == len(dataset.populations)


@pytest.mark.parametrize("command", [["matrix"], ["partners", "市公安局"], ["stats"]], ids=lambda c: c[0])
def test_overview_commands_answer_in_every_format(cli: Cli, command: list[str]) -> None:
    for output_format in ("table", "plain", "csv", "json"):
        outcome = cli(*command, "--format", output_format)
        assert outcome.exit_code == 0, (output_format, outcome.stderr)
    json.loads(cli(*command, "--format", "json").stdout)


def read_terminal(command: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run `command` with stderr on a pseudo-terminal; its exit code and what the terminal showed."""
    primary, secondary = pty.openpty()
    with subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=secondary, env=env
    ) as child:
        os.close(secondary)
        shown = b""
        while True:
            ready = select.select([primary], [], [], 0.2)[0]
            if ready:
                try:
                    chunk = os.read(primary, 65536)
                except OSError:  # the child closed its end
                    chunk = b""
                shown += chunk
                if not chunk:
                    break
            elif child.poll() is not None:
                break
        os.close(primary)
        return child.wait(timeout=60), shown.decode("utf-8", "replace")


def test_sheets_shows_a_progress_bar_on_a_terminal_and_nothing_when_redirected(tmp_path: Path) -> None:
    script = str(Path(sys.executable).with_name("taskmap"))
    code, shown = read_terminal([script, "sheets", "--out", str(tmp_path / "tty")])
    assert code == 0
    assert "Writing checklists" in shown
    redirected = subprocess.run(
        [script, "sheets", "--out", str(tmp_path / "piped")], capture_output=True, text=True, check=False
    )
    assert redirected.returncode == 0
    assert "Writing checklists" not in redirected.stderr


def shelf_of_copies(shelf: Path, count: int) -> Path:
    """A library of `count` copies of the shipped notice, each under its own key."""
    from taskmap.store.loading import bundled_data_dir

    for number in range(count):
        notice = shelf / f"n{number}"
        shutil.copytree(bundled_data_dir(), notice, ignore=shutil.ignore_patterns("source"))
        with (notice / "notice.yaml").open("a", encoding="utf-8") as text:
            text.write(f"key: n{number}\n")
    return shelf


def test_a_library_compiled_afresh_shows_a_progress_bar_on_a_terminal_and_nothing_when_piped(
    tmp_path: Path, cache_dir: Path
) -> None:
    shelf = shelf_of_copies(tmp_path / "shelf", 100)  # seconds of compiling, more than the bar waits
    script = str(Path(sys.executable).with_name("taskmap"))
    code, shown = read_terminal([script, "notices", "--data", str(shelf)])
    assert code == 0
    assert "Compiling notices" in shown
    shutil.rmtree(cache_dir)
    piped = subprocess.run(
        [script, "notices", "--data", str(shelf)], capture_output=True, text=True, check=False
    )
    assert piped.returncode == 0
    assert piped.stderr == ""
    shown_again = read_terminal([script, "notices", "--data", str(shelf)])
    assert shown_again[0] == 0 and "Compiling" not in shown_again[1]  # nothing compiled, no bar


def test_the_progress_bars_speak_the_readers_language(tmp_path: Path, cache_dir: Path) -> None:
    script = str(Path(sys.executable).with_name("taskmap"))
    chinese = {**os.environ, "TASKMAP_LANG": "zh"}
    code, shown = read_terminal([script, "sheets", "--out", str(tmp_path / "sheets")], chinese)
    assert code == 0
    assert "正在写入任务清单" in shown and "Writing" not in shown
    shelf = shelf_of_copies(tmp_path / "shelf", 100)
    code, shown = read_terminal([script, "notices", "--data", str(shelf)], chinese)
    assert code == 0
    assert "正在编译通知" in shown and "Compiling" not in shown
    forms = [script, "forms", "--round", "2019Q2", "--due", "2019-07-05", "--out", str(tmp_path / "forms")]
    code, shown = read_terminal([*forms, "--data", str(shelf / "n0")], chinese)
    assert code == 0
    assert "正在写入报送表" in shown and "Writing" not in shown


TABLE_WIDTHS = [60, 80, 120, 200]
TABLE_COMMANDS = [
    ["dept", "市公安局"],
    ["dept", "市公安局", "--all"],
    ["depts"],
    ["population"],
    ["task", "2.1.2"],
    ["search", "信用"],
    ["annex", "2"],
    ["matrix"],
    ["partners", "市公安局"],
    ["stats"],
    ["notices"],
]


def cell_starts(line: str) -> dict[int, str]:
    """Each cell of a drawn line (text after two or more spaces) by the terminal column it starts at."""
    cells = {}
    for match in re.finditer(r"(?:(?<=\s\s)|^)\S(?:\S| (?! ))*", line):
        before = line[: match.start()]
        cells[sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in before)] = match.group(0)
    return cells


def broken_words(lines: list[str], words: set[str]) -> list[str]:
    """The words that end one line of a cell and go on at the start of the next line of that cell."""
    broken = []
    for above, below in itertools.pairwise(lines):
        next_cells = cell_starts(below)
        for column, cell in cell_starts(above).items():
            following = next_cells.get(column, "")
            if re.search(r"[。，,；;]", cell + following):  # running text, where a name is words among words
                continue
            for word in words:
                for cut in range(1, len(word)):
                    if cell.endswith(word[:cut]) and following.startswith(word[cut:]):
                        broken.append(f"{word}: {cell!r} / {following!r}")
    return broken


def words_that_stay_whole(library: Path | None) -> set[str]:
    from taskmap.model import KIND_LABELS
    from taskmap.store.library_loading import load_library

    loaded = load_library([library] if library else None)
    names = {unit.department.name for unit in loaded.all_units()}
    return {word for word in names | set(KIND_LABELS.values()) | set(ROLE_LABELS.values()) if len(word) > 2}


@pytest.fixture(scope="module")
def table_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import shelf_of

    return shelf_of(
        tmp_path_factory.mktemp("tables"),
        ["01-guofa-2019-3-zonghe-baoshuiqu.txt", "09-fujian-2019-zhengwu-gongkai-zhuyao-renwu.txt"],
    )


@pytest.mark.parametrize("width", TABLE_WIDTHS)
@pytest.mark.parametrize("command", TABLE_COMMANDS, ids=" ".join)
def test_no_unit_name_kind_or_label_is_broken_across_lines(cli: Cli, command: list[str], width: int) -> None:
    outcome = cli(*command, "--format", "table", env={"COLUMNS": str(width)})
    assert outcome.exit_code == 0, outcome.stderr
    assert broken_words(outcome.stdout.splitlines(), words_that_stay_whole(None)) == []


@pytest.mark.parametrize("width", TABLE_WIDTHS)
@pytest.mark.parametrize("command", [c for c in TABLE_COMMANDS if c[:1] != ["task"]], ids=" ".join)
def test_no_unit_name_kind_or_label_of_a_library_is_broken_across_lines(
    cli: Cli, table_library: Path, command: list[str], width: int
) -> None:
    outcome = cli(*command, "--format", "table", "--data", str(table_library), env={"COLUMNS": str(width)})
    assert outcome.exit_code == 0, outcome.stderr
    assert broken_words(outcome.stdout.splitlines(), words_that_stay_whole(table_library)) == []


def test_the_dept_footer_keeps_each_catch_all_phrase_whole_at_80_columns(cli: Cli) -> None:
    lines = cli("dept", "市公安局", "--format", "table", env={"COLUMNS": "80"}).stdout.splitlines()
    footer = " ".join(lines[-2:])
    assert "市各有关部门" in footer and "市有关部门" in footer
    assert not any(line.startswith(" ") and "and" in line.split()[:1] for line in lines[-2:])


def display_width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


# What stays English in a Chinese table: options, and the data's own codes and abbreviations (DB35/T).
NOT_WORDS = re.compile(r"--?[a-z][\w-]*|[A-Z][A-Za-z0-9/.-]*")


@pytest.mark.parametrize("width", TABLE_WIDTHS)
@pytest.mark.parametrize("command", TABLE_COMMANDS, ids=" ".join)
def test_every_table_speaks_chinese_in_a_chinese_locale_and_breaks_no_name(
    cli: Cli, chinese: None, command: list[str], width: int
) -> None:
    outcome = cli(*command, "--format", "table", env={"COLUMNS": str(width)})
    assert outcome.exit_code == 0, outcome.stderr
    lines = outcome.stdout.splitlines()
    assert re.findall(r"[a-z]{2,}", NOT_WORDS.sub("", outcome.stdout)) == [], outcome.stdout
    assert broken_words(lines, words_that_stay_whole(None)) == []
    assert max(map(display_width, lines)) <= width


@pytest.mark.parametrize("width", TABLE_WIDTHS)
@pytest.mark.parametrize("command", [c for c in TABLE_COMMANDS if c[:1] != ["task"]], ids=" ".join)
def test_every_table_of_a_library_speaks_chinese_and_breaks_no_name(
    cli: Cli, chinese: None, table_library: Path, command: list[str], width: int
) -> None:
    outcome = cli(*command, "--format", "table", "--data", str(table_library), env={"COLUMNS": str(width)})
    assert outcome.exit_code == 0, outcome.stderr
    lines = outcome.stdout.splitlines()
    keys = re.compile("|".join(re.escape(p.name) for p in table_library.iterdir()))
    english = re.findall(r"[a-z]{2,}", NOT_WORDS.sub("", keys.sub("", outcome.stdout)))
    assert english == [], outcome.stdout
    assert broken_words(lines, words_that_stay_whole(table_library)) == []
    assert max(map(display_width, lines)) <= width


@pytest.mark.parametrize("width", TABLE_WIDTHS)
def test_the_due_table_speaks_chinese_in_a_chinese_locale(
    cli: Cli, chinese: None, tmp_path: Path, width: int
) -> None:
    from deadline_notices import deadline_library

    library = deadline_library(tmp_path)
    outcome = cli(
        "due",
        "--all",
        "--today",
        "2017-05-20",
        "--within",
        "3m",
        "--format",
        "table",
        "--data",
        str(library),
        env={"COLUMNS": str(width)},
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert "到期，今天 2017-05-20（3）" in outcome.stdout and "完成时限" in outcome.stdout
    assert re.findall(r"[a-z]{2,}", NOT_WORDS.sub("", outcome.stdout)) == [], outcome.stdout
    assert max(map(display_width, outcome.stdout.splitlines())) <= width


def test_the_dept_footer_keeps_each_catch_all_phrase_whole_in_chinese(cli: Cli, chinese: None) -> None:
    for width in TABLE_WIDTHS:
        lines = cli("dept", "市公安局", "--format", "table", env={"COLUMNS": str(width)}).stdout.splitlines()
        for phrase in ("“市各有关部门”", "“市有关部门”"):
            assert any(phrase in line for line in lines), (width, lines[-3:])


def test_the_workbooks_task_sheet_has_every_role_the_deadline_and_the_remark(
    cli: Cli, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from conftest import shelf_of
    from taskmap.store.library_loading import load_library

    names = ["06-guobanfa-2018-128-wufei-chengshi.txt", "07-guobanfa-2018-126-chuangxin-table.txt"]
    library = shelf_of(tmp_path_factory.mktemp("workbook"), names)
    target = library.parent / "tasks.xlsx"
    assert cli("export", "--format", "xlsx", "--out", str(target), "--data", str(library)).exit_code == 0
    header, *rows = load_workbook(target)["任务"].values
    assert {*(ROLE_LABELS[role] for role in ROLES), "完成时限", "备注"} <= set(header)
    by_task = {(row[header.index("文件")], row[header.index("任务编号")]): row for row in rows}
    expected = {
        (notice.dataset.key, task.id): task
        for notice in load_library([library]).notices
        for task in notice.dataset.tasks.values()
    }
    assert set(by_task) == set(expected)
    for key, task in expected.items():
        row = by_task[key]
        for role in ROLES:
            assert (row[header.index(ROLE_LABELS[role])] or "") == "、".join(task.units(role)), key
        assert (row[header.index("备注")] or "") == (task.remark or ""), key
    guided_only = [task for task in expected.values() if task.guide and not (task.lead or task.responsible)]
    remarked = [task for task in expected.values() if task.remark]
    assert guided_only and remarked  # the two notices show what the columns are for


# Below 50 columns a table gives way to records, one "label: value" line per field ----------------------

NARROW_WIDTHS = [30, 45]
BOLD_LABEL = re.compile(r"^\x1b\[1m(.+?(?::|：)) ?\x1b\[0m")  # a field's label; a title is bold too


def narrow_records(cli: Cli, width: int, *args: str) -> list[list[str]]:
    """The bold labels of each record drawn at `width` columns, record by record."""
    outcome = cli(*args, "--format", "table", env={"COLUMNS": str(width), "FORCE_COLOR": "1"})
    assert outcome.exit_code == 0, outcome.stderr
    records: list[list[str]] = [[]]
    for line in outcome.stdout.splitlines():
        label = BOLD_LABEL.match(line)
        if label:
            records[-1].append(label.group(1))
        elif not ANSI_CODE.sub("", line).strip() and records[-1]:
            records.append([])
    return [record for record in records if record]


ANSI_CODE = re.compile(r"\x1b\[[\d;]*m")


def deadline_questions(library: Path, out: Path) -> list[list[str]]:
    """The answers a round and its deadlines give, over a library with deadlines."""
    data = ["--data", str(library)]
    return [
        ["due", "--all", "--today", "2017-05-20", "--within", "3m", *data],
        ["forms", "--round", "2017Q2", "--due", "2017-06-25", "--out", str(out), *data],
        ["status", "--round", "2017Q2", *data],
        ["missing", "--round", "2017Q2", "--today", "2017-06-20", *data],
    ]


@pytest.fixture(scope="module")
def deadlines(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from deadline_notices import deadline_library

    return deadline_library(tmp_path_factory.mktemp("narrow"))


def narrow_questions(deadlines: Path) -> list[list[str]]:
    return [*TABLE_COMMANDS, *deadline_questions(deadlines, deadlines.parent / "forms")]


@pytest.mark.parametrize("width", NARROW_WIDTHS)
def test_records_below_50_columns_are_labelled_in_chinese_in_a_chinese_locale(
    cli: Cli, chinese: None, deadlines: Path, width: int
) -> None:
    from taskmap.i18n import language

    for question in narrow_questions(deadlines):
        chinese_records = narrow_records(cli, width, *question)
        language.cache_clear()
        cli.monkeypatch.setenv("TASKMAP_LANG", "en")
        english_records = narrow_records(cli, width, *question)
        cli.monkeypatch.setenv("TASKMAP_LANG", "zh")
        language.cache_clear()
        assert chinese_records and len(chinese_records) == len(english_records), question
        words: dict[str, str] = {}
        for chinese_labels, english_labels in zip(chinese_records, english_records, strict=True):
            assert len(chinese_labels) == len(english_labels), (question, chinese_labels, english_labels)
            assert len(set(chinese_labels)) == len(chinese_labels), (question, chinese_labels)  # none alike
            for said, field in zip(chinese_labels, english_labels, strict=True):
                assert said.endswith("：") and re.search(r"[\u4e00-\u9fff]", said), (question, said)
                assert not re.search(r"[A-Za-z]", said), (question, said)
                assert words.setdefault(field, said) == said, (question, field)  # one field, one label


@pytest.mark.parametrize("width", NARROW_WIDTHS)
def test_records_below_50_columns_are_labelled_by_their_fields_in_english(
    cli: Cli, deadlines: Path, width: int
) -> None:
    from taskmap.render.records import records

    assert records  # the fields plain and CSV name: the labels of an English record
    for question in narrow_questions(deadlines):
        labelled = narrow_records(cli, width, *question)
        assert labelled, question
        for labels in labelled:
            assert all(re.fullmatch(r"[\w.:-]+:", label, re.ASCII) for label in labels), labels


def field_lines(stdout: str) -> list[tuple[str, list[str]]]:
    """Each field of records drawn in colour: its bold label and the lines of its value, colours taken off."""
    fields: list[tuple[str, list[str]]] = []
    for line in stdout.splitlines():
        label = BOLD_LABEL.match(line)
        plain = ANSI_CODE.sub("", line)
        if label:
            fields.append((label.group(1), [plain.removeprefix(ANSI_CODE.sub("", label.group(0)))]))
        elif plain.strip() and fields:
            fields[-1][1].append(plain)
        elif fields:
            fields.append(("", []))
    return [field for field in fields if field[0]]


@pytest.mark.parametrize("width", NARROW_WIDTHS)
def test_records_below_50_columns_keep_names_and_ids_whole(cli: Cli, chinese: None, width: int) -> None:
    from taskmap.i18n import _
    from taskmap.render.table import COUNT_HEADERS
    from taskmap.store.loading import load_dataset

    units = set(load_dataset().departments)
    role_labels = {_("{label}: ").format(label=_(COUNT_HEADERS[role])).strip() for role in ROLES}
    too_wide = [unit for unit in units if display_width(unit) > width]
    for question in TABLE_COMMANDS:
        outcome = cli(*question, "--format", "table", env={"COLUMNS": str(width), "FORCE_COLOR": "1"})
        lines = ANSI_CODE.sub("", outcome.stdout).splitlines()
        assert max(map(display_width, lines)) <= width, question
        for label, value in field_lines(outcome.stdout):
            names = [name for line in value for name in line.strip().split("、") if name]
            if label in role_labels and not "".join(names).isdigit():  # unit names: each whole on a line
                for name in names:  # (but one wider than the terminal, which must be cut)
                    assert name in units or any(name in unit for unit in too_wide), (question, label, value)
            for above, below in itertools.pairwise(value):  # ids whole, no line opening with a closing mark
                assert not (re.search(r"\d\.\d*$", above) and re.match(r"\d", below)), (question, value)
                assert below[:1] not in set(CLOSING), (question, value)


def roles_held_elsewhere(dataset: Dataset) -> list[tuple[str, str, list[str]]]:
    """(unit, a role it holds no task in, the --role values the answer names instead), from the data."""
    cases = []
    for name, department in dataset.departments.items():
        held = {role for role, _task in dataset.assignments(name)}
        if dataset.populations_led(name):
            held.add("lead")
        missing = [role for role in ROLES if role not in held]
        if not department.is_collective and held and missing:
            cases.append((name, missing[0], sorted(held)))
    return cases


@pytest.mark.parametrize("language", ["chinese", "english"])
def test_a_hint_naming_a_role_never_breaks_a_line_inside_it(
    cli: Cli, language: str, request: pytest.FixtureRequest
) -> None:
    from taskmap.i18n import language as spoken
    from taskmap.store.loading import load_dataset

    if language == "chinese":
        request.getfixturevalue("chinese")
    else:
        cli.monkeypatch.setenv("TASKMAP_LANG", "en")
        spoken.cache_clear()
    cases = roles_held_elsewhere(load_dataset())
    assert cases
    sweeps = [(case, width) for case in cases for width in TABLE_WIDTHS]
    sweeps += [(cases[0], width) for width in range(50, 201)]  # one hint at every width a table has
    for (unit, asked, held), width in sweeps:
        outcome = cli("dept", unit, "--role", asked, "--format", "table", env={"COLUMNS": str(width)})
        lines = outcome.stdout.splitlines()
        assert not any(line.rstrip().endswith("--role") for line in lines), (unit, width, lines)
        for role in held:
            assert any(f"--role {role}" in line for line in lines), (unit, width, role, lines)
