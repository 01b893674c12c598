"""What people read: tables that never break a name, and documents that stand on their own.

Tables are drawn by the real CLI at the widths people use; expected names and counts come from the data.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import Cli
from taskmap.dataset import Dataset
from taskmap.model import ROLE_LABELS, ROLES, Task
from taskmap.render.linebreak import CLOSING

WIDTHS = [60, 80, 120, 200]
WIDE = 80
UNIT = "市公安局"
ANSI = re.compile(r"\x1b\[([\d;]*)m")


def table(cli: Cli, width: int, *args: str, colour: bool = False) -> list[str]:
    env = {"COLUMNS": str(width), "TERM": "xterm-256color"}
    if colour:
        env["FORCE_COLOR"] = "1"
    outcome = cli(*args, "--format", "table", env=env)
    assert outcome.exit_code == 0, outcome.stderr
    return outcome.stdout.splitlines()


def shown_units(dataset: Dataset, command: list[str], width: int) -> Counter[str]:
    """How many times each unit name must appear whole in the table `command` draws at `width`."""
    wide = width >= WIDE
    match command:
        case ["dept", unit]:
            names: list[str] = []
            if wide:
                for _, task_id in dataset.assignments(unit):
                    task = dataset.tasks[task_id]
                    names += dict.fromkeys(u for r in ROLES for u in task.units(r) if u != unit)
            names += [u for p in dataset.populations_led(unit) for u in p.lead]
        case ["population"]:
            names = [u for p in dataset.populations.values() for u in p.lead]
        case ["matrix"]:
            names = [d.name for d in dataset.departments.values() if not d.is_collective]
        case ["depts"]:
            names = list(dataset.departments)
        case ["partners", unit]:
            together = {
                u for _, t in dataset.assignments(unit) for r in ROLES for u in dataset.tasks[t].units(r)
            }
            names = [u for u in together if u != unit and not dataset.departments[u].is_collective]
        case ["task", task_id]:
            names = [u for r in ROLES for u in dataset.tasks[task_id].units(r)]
        case ["search", text]:
            hits = [t for t in dataset.tasks.values() if text in t.text]
            names = [u for t in hits for u in (t.lead or t.responsible)] if wide else []
        case _:
            raise AssertionError(command)
    return Counter(names)


COMMANDS = [
    ["dept", UNIT],
    ["population"],
    ["matrix"],
    ["depts"],
    ["partners", UNIT],
    ["task", "2.1.2"],
    ["search", "红黑名单"],
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_tables_show_every_unit_name_whole_on_one_line(
    cli: Cli, dataset: Dataset, command: list[str], width: int
) -> None:
    lines = table(cli, width, *command)
    for name, count in shown_units(dataset, command, width).items():
        assert sum(line.count(name) for line in lines) >= count, (name, "\n".join(lines))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_line_of_a_cell_starts_with_closing_punctuation(cli: Cli, command: list[str], width: int) -> None:
    for line in table(cli, width, *command):
        for cell_line in re.split(r"\s{2,}", line.strip()):
            assert not cell_line or cell_line[0] not in CLOSING, line


def full_title(task: Task) -> str:
    return task.heading or task.text.split("。", 1)[0]


@pytest.mark.parametrize("width", WIDTHS)
def test_task_titles_are_never_cut(cli: Cli, dataset: Dataset, width: int) -> None:
    lines = table(cli, width, "dept", UNIT)
    assert not any("…" in line for line in lines)
    if width >= 120:
        short_titles = [full_title(dataset.tasks[t]) for _, t in dataset.assignments(UNIT)]
        for title in (title for title in short_titles if len(title) <= 20):
            assert any(title in line for line in lines), title


def test_dept_table_leaves_the_annex_to_the_id(cli: Cli) -> None:
    assert not any("附件" in line for line in table(cli, 120, "dept", UNIT)[:5])


@pytest.mark.parametrize("width", WIDTHS)
def test_a_column_left_out_at_a_narrow_width_is_said_in_one_line(cli: Cli, width: int) -> None:
    said = [
        line
        for line in table(cli, width, "dept", UNIT)
        if "with (other units)" in line and "left out" in line
    ]
    assert len(said) == (1 if width < WIDE else 0)


def test_abbreviated_headers_are_explained(cli: Cli, dataset: Dataset) -> None:
    lines = table(cli, 60, "depts")
    header = next(line for line in lines if line.split()[:1] == ["unit"])
    shorts = [role[0].upper() for role in dataset.roles_in_use] + ["P"]
    assert header.split()[1:] == shorts
    legend = " ".join(lines[-4:])
    for role in dataset.roles_in_use:
        assert f"{role[0].upper()} = {role} {ROLE_LABELS[role]}" in legend
    assert re.search(r"“kind” left out at 60 columns; \d+\+ shows it", legend)


XTERM_BASIC = [  # xterm's 16 basic colours, which a terminal of 16 colours is given instead
    *[(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205)],
    *[(229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255)],
    *[(255, 0, 255), (0, 255, 255), (255, 255, 255)],
]


def luminance(colour: int) -> float:
    """Relative brightness of an xterm 256-colour index."""
    if colour >= 232:
        red = green = blue = 8 + 10 * (colour - 232)
    elif colour >= 16:
        steps = [0, 95, 135, 175, 215, 255]
        index = colour - 16
        red, green, blue = steps[index // 36], steps[index // 6 % 6], steps[index % 6]
    else:
        red, green, blue = XTERM_BASIC[colour]
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def coloured_pieces(line: str) -> list[tuple[int | None, str]]:
    """(background colour index, text) for each run of text in an ANSI line."""
    pieces, background, position = [], None, 0
    for match in ANSI.finditer(line + "\x1b[0m"):
        if match.start() > position:
            pieces.append((background, line[position : match.start()]))
        codes = match.group(1).split(";")
        if codes in (["0"], [""]):
            background = None
        index = 0
        while index < len(codes):
            code = int(codes[index] or 0)
            if code in (38, 48):  # an extended colour: 5;N or 2;R;G;B follow
                if code == 48 and codes[index + 1] == "5":
                    background = int(codes[index + 2])
                index += 3 if codes[index + 1] == "5" else 5
                continue
            if 40 <= code <= 47 or 100 <= code <= 107:
                background = code - 40 if code < 100 else code - 92
            index += 1
        position = match.end()
    return pieces


@pytest.mark.parametrize("width", [60, 120])
def test_matrix_shades_darken_with_load_as_its_key_says(cli: Cli, width: int) -> None:
    lines = table(cli, width, "matrix", colour=True)
    key_line = next(line for line in lines if "shade =" in line)
    key = [(bg, text.strip()) for bg, text in coloured_pieces(key_line) if bg is not None]
    bounds = [(bg, [int(n) for n in re.split("–", text)]) for bg, text in key]
    assert len(bounds) >= 3
    brightness = [luminance(bg) for bg, _ in bounds]
    assert brightness == sorted(brightness, reverse=True) and len(set(brightness)) == len(brightness)
    assert "darker = heavier" in ANSI.sub("", " ".join(lines[-4:]))
    ranges = {bg: (numbers[0], numbers[-1]) for bg, numbers in bounds}
    shaded_cells = 0
    for line in lines[: lines.index(key_line)]:
        for bg, text in coloured_pieces(line):
            if bg is not None and text.strip():
                count = sum(int(n) for n in text.split("/"))
                low, high = ranges[bg]
                assert low <= count <= high, (text, ranges)
                shaded_cells += 1
    assert shaded_cells > 10


def test_dept_all_counts_what_it_lists_in_notice_order_marking_collective_tasks(
    cli: Cli, dataset: Dataset
) -> None:
    lines = table(cli, 200, "dept", UNIT, "--all")
    named, shared = dataset.assignments(UNIT), dataset.shared_through_phrases(UNIT)
    assert f"{len(named) + len(shared)} tasks" in lines[0]
    sections: dict[str, list[str]] = {}
    current = ""
    for line in lines:
        heading = next((role for role in ROLES if line.startswith(f"{ROLE_LABELS[role]} {role} (")), None)
        current = heading or current
        match = re.match(r"^\s*(\d+\.\d+\.\d+)\s", line)
        if match:
            sections.setdefault(current, []).append(match.group(1))
    assert sum(len(ids) for ids in sections.values()) == len(named) + len(shared)
    for ids in sections.values():
        assert ids == sorted(ids, key=dataset.tasks.position)
    assert sum("(collective:" in line for line in lines) == len(shared)


ENGLISH_LABELS = re.compile(r"\b(lead|support|responsible|collective|source|run|taskmap)\b")


@pytest.mark.parametrize("document_format", ["md", "html"])
def test_checklist_stands_on_its_own_in_chinese(cli: Cli, dataset: Dataset, document_format: str) -> None:
    unit = "市审计局"
    outcome = cli("dept", unit, "--format", document_format)
    assert outcome.exit_code == 0
    text = re.sub(r"<style>.*?</style>|<[^>]+>", " ", outcome.stdout, flags=re.DOTALL)
    for _, task_id, _ in dataset.shared_through_phrases(unit):
        assert dataset.tasks[task_id].text in text
    assert not ENGLISH_LABELS.search(text), ENGLISH_LABELS.search(text)
    for population in dataset.populations_led(unit):
        assert population.name in text


def test_workbook_headers_and_roles_are_chinese(cli: Cli, dataset: Dataset, tmp_path: Path) -> None:
    target = tmp_path / "taskmap.xlsx"
    assert cli("export", "--format", "xlsx", "--out", str(target)).exit_code == 0
    workbook = load_workbook(target)
    for sheet in workbook:
        assert re.search("[一-鿿]", sheet.title)
        for cell in sheet[1]:
            assert re.search("[一-鿿]", str(cell.value)), (sheet.title, cell.value)
    assignments = workbook.worksheets[0]
    header = [cell.value for cell in assignments[1]]
    roles = {row[header.index("职责")] for row in assignments.iter_rows(min_row=2, values_only=True)}
    assert roles == {ROLE_LABELS[role] for role in dataset.roles_in_use}


def test_export_csv_keeps_its_english_keys(cli: Cli) -> None:
    header = cli("export", "--format", "csv").stdout.splitlines()[0].split(",")
    assert {"task_id", "role", "unit"} <= set(header)


@pytest.mark.parametrize("document_format", ["md", "html"])
def test_sheets_index_names_the_notice_and_counts_right(
    cli: Cli, dataset: Dataset, tmp_path: Path, document_format: str
) -> None:
    out = tmp_path / "sheets"
    assert cli("sheets", "--format", document_format, "--out", str(out)).exit_code == 0
    index = (out / f"index.{document_format}").read_text(encoding="utf-8")
    assert dataset.notice["title"] in index and dataset.notice["document_number"] in index
    assert "tasks" not in index
    if document_format == "html":
        assert "<style>" in index
        return
    lines = {line.split("]")[0].lstrip("- ["): line for line in index.splitlines() if line.startswith("- [")}
    for department in (d for d in dataset.departments.values() if not d.is_collective):
        line = lines[department.name]
        assert f"点名任务{len(dataset.assignments(department.name))}项" in line
        led = len(dataset.populations_led(department.name))
        assert (f"牵头重点人群{led}个" in line) == bool(led)


def test_stats_counts_a_key_population_led_as_load(cli: Cli, dataset: Dataset) -> None:
    (figures,) = cli.json("stats")
    for unit in figures["most_loaded_units"] + figures["least_loaded_units"]:
        assert unit["tasks"] == len(dataset.assignments(unit["name"]))
        assert unit["populations"] == len(dataset.populations_led(unit["name"]))
        assert unit["load"] == unit["tasks"] + unit["populations"]
    leaders = {
        u for p in dataset.populations.values() for u in p.lead if not dataset.departments[u].is_collective
    }
    assert not any(unit["name"] in leaders and unit["load"] == 0 for unit in figures["least_loaded_units"])
