"""What a unit's reporting form (报送表) holds, built from the notices: the unit, the round, and each task.

The form is a spreadsheet a person fills in; what makes a returned one trustworthy travels inside it, on a
hidden sheet: the round, the unit, and for every task its notice, id and a fingerprint of its text. So
`collect` matches each row exactly (whatever order the rows were sorted into) and sees a task cell that
was edited. The layout both sides share is defined here once.
"""

# No postponed annotations here: typing.NamedTuple would compile every field's annotation string.

from collections.abc import Iterator
from typing import NamedTuple

from taskmap.library import Library, Notice, Unit, units_named_in
from taskmap.model import ROLE_LABELS, ROLES, Role, Task
from taskmap.tracking.rounds import Round

FORM_VERSION = "1"
MARK = "taskmap 报送表"
KEYS_SHEET = "taskmap"
FORM_SHEET = "落实情况"
# The visible columns, in order: the task's (protected), then the unit's to fill in.
TASK_COLUMNS = ("任务编号", "任务内容", "承担角色", "共同承担单位", "完成时限")
FILL_COLUMNS = ("完成状态", "进展情况", "存在问题", "下步打算", "佐证材料")
KEY_COLUMNS = ("编号", "文件", "任务", "单位", "角色", "统称", "指纹")
FINGERPRINT_BYTES = 16


class FormTask(NamedTuple):
    """One row of a form: the task, the roles the unit holds it in, and the catch-all phrase it came by."""

    task: Task
    roles: tuple[Role, ...]
    unit: str  # the unit's name in the task's notice
    via: str | None = None

    @property
    def role_label(self) -> str:
        labels = "、".join(ROLE_LABELS[role] for role in self.roles)
        return f"{labels}（{self.via}）" if self.via else labels

    def shared_with(self) -> str:
        """The other units named in the task, in role order."""
        others: list[str] = []
        for role in ROLES:
            others += [u for u in self.task.units(role) if u != self.unit and u not in others]
        return "、".join(others)


class Form(NamedTuple):
    """Everything one unit's form for one round holds."""

    round: Round
    unit: str
    jurisdiction: str
    notices: list[dict[str, object]]
    named: list[FormTask]
    shared: list[FormTask]

    @property
    def rows(self) -> list[FormTask]:
        return self.named + self.shared


def fingerprint(text: str) -> str:
    """A short digest of a task's text: the form carries it, so an edited task cell is seen."""
    try:
        from _blake2 import blake2b  # hashlib's own, without loading OpenSSL
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b
    from taskmap.render.escaping import printable

    words = " ".join(printable(text).split())
    return blake2b(words.encode(), digest_size=FINGERPRINT_BYTES).hexdigest()


def forms_of(library: Library, round_: Round, units: list[Unit] | None = None) -> Iterator[Form]:
    """A form for each unit with a task (of `units`, else of every unit), in library order, each made as
    it is asked for (`form_of`): what is held is one unit's form, not every unit's (at a thousand notices,
    6,000 tasks against 270,000)."""
    for unit in units if units is not None else library.addressable_units():
        form = form_of(library, round_, unit)
        if form is not None:
            yield form


def form_of(library: Library, round_: Round, unit: Unit) -> Form | None:
    """The unit's form, its notices read one at a time and each let go (`Library.let_go`); None when the
    unit holds no task."""
    named: list[FormTask] = []
    shared: list[FormTask] = []
    sources: dict[str, dict[str, object]] = {}
    naming = library.notices_naming(unit)
    for notice, local in sorted(naming, key=lambda pair: pair[0].key):  # a form's order
        rows = rows_in_notice(notice, unit, local)
        named += rows.named
        shared += rows.shared
        sources[notice.key] = notice.dataset.notice
        library.let_go(notice)
    if not named and not shared:
        return None
    notices = [sources[notice.key] for notice, _ in naming]
    return Form(round_, unit.department.name, unit.jurisdiction, notices, named, shared)


class HeldRows(NamedTuple):
    """A unit's rows of one notice: the tasks naming it, then those shared with it through a catch-all
    phrase alone (a task is one row, whichever way it comes)."""

    unit: int  # the unit's place in the units asked about
    named: list[FormTask]
    shared: list[FormTask]


def rows_in_notice(notice: Notice, unit: Unit, local: str, place: int = 0) -> HeldRows:
    """The unit's rows of one notice, which calls it `local`, in the notice's order."""
    from taskmap.questions.answers import notice_reports

    (report,) = notice_reports(notice, unit, local, None, include_collective=True)
    named = merged_rows([(a.task, a.role, None) for a in report.assignments], local)
    seen = {row.task.ref for row in named}
    shared = merged_rows(
        [(a.task, a.role, a.via) for a in report.collective if a.task.ref not in seen], local
    )
    return HeldRows(place, named, shared)


def each_notice_rows(library: Library, units: list[Unit]) -> Iterator[tuple[Notice, list[HeldRows]]]:
    """Every unit's rows a notice at a time, for the answers over all units of a round: the notices in the
    order of their keys (a form's order), each let go once the next is asked for (`Library.let_go`), so
    that ten thousand notices are never held at once."""
    for notice in sorted(library.notices, key=lambda notice: notice.key):
        named_here = units_named_in(notice, units)
        if len(named_here) > 1:  # its tasks read in one go, not a unit's at a time
            notice.dataset.tasks.values()
        held = [rows_in_notice(notice, units[place], local, place) for place, local in named_here]
        yield notice, held
        library.let_go(notice)


def merged_rows(held: list[tuple[Task, Role, str | None]], local: str) -> list[FormTask]:
    """One row per task of a notice in its order, with every role the unit (called `local`) holds it in."""
    rows: dict[str, FormTask] = {}
    for task, role, via in held:
        known = rows.get(task.ref)
        if known is None:
            rows[task.ref] = FormTask(task, (role,), local, via)
        elif role not in known.roles:
            rows[task.ref] = known._replace(roles=(*known.roles, role))
    return sorted(rows.values(), key=lambda row: (row.task.annex, row.task.section, row.task.number))


class WrittenForm(NamedTuple):
    """One form written: whose, to which file, how many tasks (and of them shared through a phrase)."""

    unit: str
    file: str
    tasks: int
    shared: int


class FormsWritten(NamedTuple):
    """The `forms` answer: the round and every form written into the directory."""

    round: Round
    directory: str
    forms: list[WrittenForm]
