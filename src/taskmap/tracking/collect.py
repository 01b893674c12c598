"""Reading returned forms (as Excel or WPS saved them) and recording their reports beside their notice.

A returned form is judged by what it carries on its hidden sheet, not by where its rows stand: each row is
matched by its task number to the keys the form was written with, and its task text to their fingerprint,
so re-sorted rows, removed protection and resized columns change nothing, while an edited task, a task
that is not the unit's, a form of another round or notice, an unknown state or a row without a task is
one problem naming the file and the row. Rows with a problem are left out; the rest of the form counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any, Literal, NamedTuple

from taskmap.errors import BadQuery, NotFound
from taskmap.i18n import N_
from taskmap.library import Library, Notice, Unit
from taskmap.tracking.forms import (
    FILL_COLUMNS,
    FORM_SHEET,
    FORM_VERSION,
    KEY_COLUMNS,
    KEYS_SHEET,
    MARK,
    TASK_COLUMNS,
    fingerprint,
    form_of,
)
from taskmap.tracking.rounds import (
    FILLED_FIELDS,
    STATE_LABELS,
    Progress,
    Report,
    Round,
    Submission,
    checked_round_name,
    read_progress,
    state_of,
    with_submission,
    write_progress,
)

Outcome = Literal["recorded", "already_collected", "refused"]
MAX_FORM_BYTES = 32 * 1024 * 1024
STATE_COLUMN = FILL_COLUMNS[0]
ID_COLUMN, TEXT_COLUMN = TASK_COLUMNS[0], TASK_COLUMNS[1]
FIELD_OF_COLUMN = {column: field for field, column in FILLED_FIELDS.items()}


class CollectProblem(NamedTuple):
    """One thing wrong with a returned form: the file, the row (None for the whole form) and what."""

    file: str
    row: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}: row {self.row}: {self.message}" if self.row else f"{self.file}: {self.message}"


class FormResult(NamedTuple):
    """What became of one returned form."""

    file: str
    unit: str | None
    round: str | None
    outcome: Outcome
    reports: int
    left_empty: int
    problems: int


class CollectResult(NamedTuple):
    """The `collect` answer: each form's outcome, every problem, the progress files written."""

    forms: list[FormResult]
    problems: list[CollectProblem]
    written: list[Path]


class ReadForm(NamedTuple):
    """A returned form, read and matched: whose, which round, and its rows' reports by notice."""

    unit: Unit
    round: Round
    reports: dict[str, list[Report]]  # notice key → reports
    local_names: dict[str, str]  # notice key → the unit's name there
    left_empty: int


class Refused(Exception):
    """The whole form cannot be taken (another round, not a form, unknown notice or unit)."""


def collect(
    library: Library, paths: Sequence[Path], round_name: str | None, now: datetime, shipped: Path | None
) -> CollectResult:
    """Read every form in `paths`, record what they report (one atomic write per notice and round)."""
    wanted = checked_round_name(round_name) if round_name is not None else None
    results: list[FormResult] = []
    problems: list[CollectProblem] = []
    pending: dict[tuple[str, str], Progress | None] = {}
    rounds: dict[tuple[str, str], Round] = {}
    changed: set[tuple[str, str]] = set()
    for path in paths:
        name = path.name
        found: list[CollectProblem] = []
        try:
            data = read_bytes(path)
            read = read_form(library, data, name, wanted, found)
        except Refused as refusal:
            problems.append(CollectProblem(name, None, str(refusal)))
            results.append(FormResult(name, None, None, "refused", 0, 0, 1))
            continue
        problems += found
        count = sum(len(reports) for reports in read.reports.values())
        if count == 0:
            message = "no row has a 完成状态; nothing recorded" if not found else "no row could be recorded"
            problems.append(CollectProblem(name, None, message))
            results.append(
                FormResult(
                    name,
                    read.unit.department.name,
                    read.round.name,
                    "refused",
                    0,
                    read.left_empty,
                    len(found) + 1,
                )
            )
            continue
        digest = file_digest(data)
        outcome: Outcome = "already_collected"
        for key, reports in read.reports.items():
            slot = (key, read.round.name)
            if slot not in pending:
                pending[slot] = read_progress(library.notice(key).directory, read.round.name)
                rounds[slot] = read.round
            progress = pending[slot]
            local = read.local_names[key]
            if progress is not None and progress.has(local, digest):
                continue
            stamp = now.isoformat(timespec="seconds")
            submission = Submission(local, name, stamp, digest, tuple(reports))
            pending[slot] = with_submission(progress, rounds[slot], submission)
            changed.add(slot)
            outcome = "recorded"
        results.append(
            FormResult(
                name, read.unit.department.name, read.round.name, outcome, count, read.left_empty, len(found)
            )
        )
    written = []
    for (key, round_name), progress in pending.items():
        if progress is None or (key, round_name) not in changed:
            continue
        directory = library.notice(key).directory
        if shipped is not None and directory.resolve() == shipped.resolve():
            raise BadQuery(
                N_(
                    "the shipped notice is part of taskmap and keeps no reports: copy its data "
                    "(taskmap export --format yaml, or the repository's data/) to a directory of your own "
                    "and give --data DIR"
                )
            )
        written.append(write_progress(directory, progress))
    return CollectResult(results, problems, sorted(set(written)))


def read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FORM_BYTES:
            raise Refused(f"over {MAX_FORM_BYTES // 2**20} MiB; not a form taskmap wrote")
        return path.read_bytes()
    except OSError as error:
        raise Refused(f"cannot be read: {error.strerror or error}") from None


def file_digest(data: bytes) -> str:
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover
        from hashlib import blake2b
    return blake2b(data, digest_size=16).hexdigest()


def open_workbook(data: bytes) -> Any:
    import warnings
    import zipfile

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of extensions WPS and Excel add
            return load_workbook(BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise Refused(
            f"not an .xlsx workbook ({type(error).__name__}); save it as .xlsx and send it again"
        ) from None


def read_form(
    library: Library, data: bytes, name: str, wanted: str | None, problems: list[CollectProblem]
) -> ReadForm:
    """Match one returned form's rows to the tasks it was written with; row problems go to `problems`."""
    workbook = open_workbook(data)
    if KEYS_SHEET not in workbook.sheetnames:
        raise Refused("not a taskmap form: its hidden sheet of task keys is missing")
    facts, keys = read_keys(workbook[KEYS_SHEET])
    if facts.get(MARK) != FORM_VERSION:
        raise Refused("not a taskmap form of a version this taskmap reads")
    round_name = facts.get("轮次", "")
    if wanted is not None and round_name != wanted:
        raise Refused(f"a form of round {round_name!r}, not of {wanted!r}")
    try:
        round_ = Round(checked_round_name(round_name), date.fromisoformat(facts.get("报送截止", "")))
    except (BadQuery, ValueError):
        raise Refused("its round or due date is unreadable: the hidden sheet was edited") from None
    notices: dict[str, Notice] = {}
    for key in dict.fromkeys(row["文件"] for row in keys.values()):
        try:
            notices[key] = library.notice(key)
        except NotFound:
            raise Refused(f"a form of notice {key!r}, which is not loaded (give its --data)") from None
    unit = form_unit(library, facts)
    form = form_of(library, round_, unit)
    current = {row.task.ref: row for row in form.rows} if form is not None else {}
    local = {notice.key: local for notice, local in library.notices_naming(unit)}
    sheet = form_sheet(workbook)
    columns, header_row = header_of(sheet)
    reports: dict[str, list[Report]] = {}
    seen: dict[str, int] = {}
    left_empty = 0
    for number, cells in enumerate(
        sheet.iter_rows(min_row=header_row + 1, values_only=True), start=header_row + 1
    ):
        values = {
            column: cell_text(cells[index]) if index < len(cells) else "" for column, index in columns.items()
        }
        task_ref = values.get(ID_COLUMN, "")
        filled = {FIELD_OF_COLUMN[c]: values.get(c, "") for c in FILL_COLUMNS[1:] if values.get(c)}
        state_text = values.get(STATE_COLUMN, "")
        if task_ref not in keys:
            others = [v for c, v in values.items() if c != ID_COLUMN and v]
            if not task_ref and (filled or state_text):
                problems.append(CollectProblem(name, number, "a row without a task (任务编号 is empty)"))
            elif task_ref and others:
                problems.append(
                    CollectProblem(
                        name,
                        number,
                        f"task {task_ref} is not one of {unit.department.name}'s tasks on this form",
                    )
                )
            continue
        keyed = keys[task_ref]
        if fingerprint(values.get(TEXT_COLUMN, "")) != keyed["指纹"]:
            problems.append(
                CollectProblem(name, number, f"the text of task {task_ref} was changed on the form")
            )
            continue
        now_row = current.get(task_ref)
        if now_row is None:
            problems.append(
                CollectProblem(name, number, f"task {task_ref} is no longer {unit.department.name}'s")
            )
            continue
        if fingerprint(now_row.task.text) != keyed["指纹"]:
            problems.append(
                CollectProblem(
                    name, number, f"task {task_ref} was changed in the notice since the form was written"
                )
            )
            continue
        if not state_text:
            if filled:
                problems.append(CollectProblem(name, number, f"task {task_ref}: 完成状态 is empty"))
            else:
                left_empty += 1
            continue
        state = state_of(state_text)
        if state is None:
            choices = "、".join(STATE_LABELS.values())
            problems.append(
                CollectProblem(
                    name, number, f"task {task_ref}: unknown 完成状态 {state_text!r}; choose {choices}"
                )
            )
            continue
        if state == "other" and not filled.get("progress"):
            problems.append(CollectProblem(name, number, f"task {task_ref}: 其他 needs a note in 进展情况"))
            continue
        if task_ref in seen:
            problems.append(
                CollectProblem(name, number, f"task {task_ref} is reported twice (also row {seen[task_ref]})")
            )
            continue
        seen[task_ref] = number
        reports.setdefault(keyed["文件"], []).append(Report(keyed["任务"], state, **filled))
    return ReadForm(unit, round_, reports, local, left_empty)


def read_keys(sheet: Any) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The hidden sheet's facts (name → value) and its task rows by the number the form shows."""
    rows = [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    facts: dict[str, str] = {}
    index = 0
    while index < len(rows) and rows[index] and rows[index][0]:
        facts[rows[index][0]] = rows[index][1] if len(rows[index]) > 1 else ""
        index += 1
    while index < len(rows) and not (rows[index] and rows[index][0]):
        index += 1
    if index >= len(rows) or tuple(rows[index][: len(KEY_COLUMNS)]) != KEY_COLUMNS:
        raise Refused("not a taskmap form: its hidden sheet of task keys is unreadable")
    keys = {}
    for row in rows[index + 1 :]:
        if row and row[0]:
            keys[row[0]] = dict(zip(KEY_COLUMNS, row, strict=False))
    return facts, keys


def form_unit(library: Library, facts: dict[str, str]) -> Unit:
    name, jurisdiction = facts.get("单位", ""), facts.get("辖区", "")
    try:
        if library.several and jurisdiction:
            return library.resolve_unit_of(name, jurisdiction)
        return library.resolve_unit(name)
    except (NotFound, BadQuery):
        raise Refused(f"a form of unit {name!r}, which no loaded notice names") from None


def form_sheet(workbook: Any) -> Any:
    """The sheet of tasks: by its name, else the first other sheet (a renamed one)."""
    if FORM_SHEET in workbook.sheetnames:
        return workbook[FORM_SHEET]
    for sheet in workbook.worksheets:
        if sheet.title != KEYS_SHEET:
            return sheet
    raise Refused("it has no sheet of tasks")


def header_of(sheet: Any) -> tuple[dict[str, int], int]:
    """Each column's index by its header (columns may have been moved) and the header's row number."""
    for number, cells in enumerate(sheet.iter_rows(max_row=20, values_only=True), start=1):
        names = [cell_text(cell) for cell in cells]
        if ID_COLUMN in names and STATE_COLUMN in names:
            wanted = (*TASK_COLUMNS, *FILL_COLUMNS)
            return {name: names.index(name) for name in wanted if name in names}, number
    raise Refused(f"its header row ({ID_COLUMN} … {STATE_COLUMN}) is missing")


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, days as 2019-06-30, everything stripped."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
