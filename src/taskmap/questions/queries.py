"""The questions taskmap answers, as functions from the dataset to plain result objects."""

# No postponed annotations here: typing.NamedTuple would compile every field's annotation string,
# about 0.2 ms a class on every start-up.

import re
import unicodedata
from collections.abc import Iterable
from typing import Literal, NamedTuple

from taskmap.dataset import Dataset
from taskmap.errors import BadQuery, NoMatch, UnknownAnnex, UnknownPopulation, UnknownTask, shown
from taskmap.i18n import N_, _
from taskmap.model import ROLES, Annex, Department, Population, Role, Section, Task
from taskmap.registry import closest, normalise

# 2.3.6, 2-3-6, and 2。3。6 as a Chinese input method types the full stop.
TASK_ID = re.compile(r"^(\d+)[.\-。](\d+)[.\-。](\d+)$")
SortKey = Literal["name", "lead", "support", "responsible", "populations", "total"]


class Assignment(NamedTuple):
    """A task as one unit holds it; `via` names the catch-all phrase when the unit is not named itself."""

    role: Role
    task: Task
    via: str | None = None

    @property
    def collective(self) -> bool:
        return self.via is not None


class UnitReport(NamedTuple):
    """All one unit must do: tasks by role, those it shares through catch-all phrases, its populations."""

    department: Department
    assignments: list[Assignment]
    collective: list[Assignment]
    collective_count: int
    populations: list[Population]
    # The catch-all phrases the shared tasks come by, with how many each gives, most first.
    phrases: tuple[tuple[str, int], ...] = ()
    # The roles asked for (none: every role); when it holds nothing in them, how many tasks it holds in
    # each other role ("populations": the key populations it leads).
    roles: tuple[Role, ...] = ()
    held_elsewhere: tuple[tuple[str, int], ...] = ()
    # When each role listed only its first tasks (a table of a big answer, see `render.TABLE_ROWS`): for
    # each role, how many tasks naming it and how many shared are not listed.
    unlisted: tuple[tuple[Role, int, int], ...] = ()

    def count(self, role: Role | None = None, collective: bool | None = None) -> int:
        """How many tasks it holds (in `role`; naming it or shared, when `collective` says which), those
        not listed included."""
        listed = [
            a
            for a in (*self.assignments, *self.collective)
            if role in (None, a.role) and collective in (None, a.collective)
        ]
        return len(listed) + sum(
            (named if collective is not True else 0) + (shared if collective is not False else 0)
            for held, named, shared in self.unlisted
            if role in (None, held)
        )

    @property
    def shown(self) -> list[Assignment]:
        """Every task listed, by role and in notice order within a role, collective ones among the rest."""
        return sorted(self.assignments + self.collective, key=shown_order)


def shown_order(assignment: Assignment) -> tuple[int, int, int, int]:
    """Where a unit's task stands in its answer: by role, then by annex, section and number."""
    task = assignment.task
    return ROLES.index(assignment.role), task.annex, task.section, task.number


class UnitSummary(NamedTuple):
    """One unit's load: how many tasks it holds in each role, and how many populations it leads."""

    name: str
    kind: str
    lead: int
    support: int
    responsible: int
    populations: int
    guide: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, role) for role in ROLES)


class UnitLoads(NamedTuple):
    """The `depts` answer: one summary per unit, counting the roles the notices use."""

    rows: list[UnitSummary]
    roles: tuple[Role, ...] = ROLES


class PopulationTable(NamedTuple):
    """The `population` answer: rows of annex 3's key-population table."""

    rows: list[Population]


class TaskDetail(NamedTuple):
    """One task with its place in the notice."""

    task: Task
    annex: Annex
    section: Section


class SearchHit(NamedTuple):
    """A task whose text contains every word searched for, with where they stand in it."""

    task: Task
    spans: list[tuple[int, int]]


class SearchResult(NamedTuple):
    """The `search` answer; `more` hits found beyond those listed when only the first were asked for (a
    table of a big answer, see `render.TABLE_ROWS`)."""

    text: str
    hits: list[SearchHit]
    more: int = 0


class AnnexOutline(NamedTuple):
    """An annex with its sections and their tasks, for drawing as a tree."""

    annex: Annex
    sections: list[tuple[Section, list[Task]]]


class Outline(NamedTuple):
    """The `annex` answer; `more` tasks in annexes beyond these when only the first were asked for (a
    table of a big library, see `render.TABLE_ROWS`)."""

    annexes: list[AnnexOutline]
    more: int = 0


QueryResult = UnitReport | UnitLoads | PopulationTable | TaskDetail | SearchResult | Outline


def unit_report(
    dataset: Dataset, name: str, role: Role | None = None, include_collective: bool = False
) -> UnitReport:
    """The tasks and populations of the unit `name` resolves to; tasks are built only for what is shown."""
    return unit_report_of(dataset, dataset.registry.resolve(name), role, include_collective)


def unit_report_of(
    dataset: Dataset, department: Department, role: Role | None = None, include_collective: bool = False
) -> UnitReport:
    """The tasks and populations of a unit already resolved (by its name in this dataset)."""
    direct = [pair for pair in dataset.assignments(department.name) if role in (None, pair[0])]
    shared = [] if department.is_collective else dataset.shared_through_phrases(department.name, role)
    listed = shared if include_collective else []
    tasks = dataset.tasks.many([task_id for _, task_id in direct] + [task_id for _, task_id, _ in listed])
    populations = dataset.populations_led(department.name) if role in (None, "lead") else []
    return UnitReport(
        department,
        [Assignment(r, task) for (r, _), task in zip(direct, tasks, strict=False)],
        [Assignment(r, task, via) for (r, _, via), task in zip(listed, tasks[len(direct) :], strict=True)],
        len(shared),
        populations,
        counted_phrases(via for _, _, via in shared),
    )


def counted_phrases(
    phrases: Iterable[str], counts: Iterable[tuple[str, int]] = ()
) -> tuple[tuple[str, int], ...]:
    """Each phrase with how many tasks it gives (added to `counts`), most first, ties in first-seen order."""
    total: dict[str, int] = {}
    for phrase, count in (*counts, *((phrase, 1) for phrase in phrases)):
        total[phrase] = total.get(phrase, 0) + count
    return tuple(sorted(total.items(), key=lambda item: -item[1]))


def unit_summaries(dataset: Dataset, kind: str | None = None, sort: SortKey = "name") -> UnitLoads:
    """Every unit's counts by role, optionally of one kind; sorted by a count (descending) or notice order."""
    summaries = []
    for department in dataset.departments.values():
        if kind is not None and department.kind != kind:
            continue
        counts = dict.fromkeys(ROLES, 0)
        for r, _task in dataset.assignments(department.name):
            counts[r] += 1
        populations = len(dataset.populations_led(department.name))
        summaries.append(UnitSummary(department.name, department.kind, populations=populations, **counts))
    if sort != "name":
        summaries.sort(key=lambda s: -int(getattr(s, sort)))
    return UnitLoads(summaries, dataset.roles_in_use)


def find_populations(dataset: Dataset, query: str | None, unit: str | None = None) -> PopulationTable:
    """The whole table, the row numbered `query` or the rows naming it; with `unit`, only those it leads."""
    rows = _population_rows(dataset, query)
    if unit is not None:
        name = dataset.registry.resolve(unit).name
        rows = [row for row in rows if name in row.lead]
        if not rows:
            if query is None:
                raise UnknownPopulation(N_("{name} leads no key population"), name=name)
            raise UnknownPopulation(
                N_("{name} leads no key population matching {query}"), name=name, query=shown(query)
            )
    return PopulationTable(rows)


def _population_rows(dataset: Dataset, query: str | None) -> list[Population]:
    if query is None:
        return list(dataset.populations.values())
    key = normalise(query)
    if not key:
        raise BadQuery(N_("a population number or name is required, e.g. 17 or 律师"))
    last = len(dataset.populations)
    if re.fullmatch(r"[+-]?\d+", key):
        number = int(key)
        if number not in dataset.populations:
            raise UnknownPopulation(
                N_("no key population {number}; they are numbered 1-{last}"), number=number, last=last
            )
        return [dataset.populations[number]]
    rows = [row for row in dataset.populations.values() if key in normalise(row.name)]
    if not rows:
        names = {normalise(row.name): row.name for row in dataset.populations.values()}
        suggestions = tuple(names[n] for n in closest(key, names))
        raise UnknownPopulation(N_("no key population called {name}"), suggestions, name=shown(query))
    return rows


def find_task(dataset: Dataset, task_id: str) -> TaskDetail:
    """One task by its id, written 2.3.6 or 2-3-6, or by the number the notice prints (2, （三）, 三)."""
    match = TASK_ID.match(normalise(task_id))
    if match is None:
        return _printed_task(dataset, task_id)
    canonical = ".".join(str(int(part)) for part in match.groups())
    task = dataset.tasks.get(canonical)
    if task is None:
        raise UnknownTask(
            N_("no task {id} in the notice ({nearest})"),
            id=canonical,
            nearest=_nearest_place(dataset, canonical),
        )
    return TaskDetail(task, dataset.annexes[task.annex], dataset.section_of(task))


def printed_key(number: str) -> str:
    """A printed number without its brackets and marks: （三） and 三、 are 三, 2. is 2."""
    return normalise(number).strip("()（）〔〕[]【】、.．。, ")


def _printed_task(dataset: Dataset, number: str) -> TaskDetail:
    """The one item printed with `number`; several are "did you mean" with their ids."""
    key = printed_key(number)
    if not key or not re.fullmatch(r"[0-9一二三四五六七八九十百零〇两]+", key):
        raise BadQuery(N_("{id} is not a task id; write annex.section.number, e.g. 2.3.6"), id=shown(number))
    found = [task for task in dataset.tasks.values() if printed_key(task.shown_number) == key]
    if len(found) == 1:
        (task,) = found
        return TaskDetail(task, dataset.annexes[task.annex], dataset.section_of(task))
    if not found:
        raise UnknownTask(N_("no item printed {number} in the notice"), number=shown(number))
    refs = tuple(task.ref for task in found)
    raise UnknownTask(N_("{count} items are printed {number}"), refs, count=len(found), number=shown(number))


def _nearest_place(dataset: Dataset, task_id: str) -> str:
    """What does exist where a task id points at nothing: the annexes, the sections, or the tasks."""
    annex, section, _number = (int(part) for part in task_id.split("."))
    if annex not in dataset.annexes:
        return _("there is no annex {annex}; {annexes}").format(annex=annex, annexes=_annex_range(dataset))
    sections = dataset.annexes[annex].sections
    if not 1 <= section <= len(sections):
        return _("annex {annex} has sections 1-{last}").format(annex=annex, last=len(sections))
    tasks = ", ".join(sections[section - 1].task_ids)
    return _("section {annex}.{section} has {tasks}").format(annex=annex, section=section, tasks=tasks)


def _annex_range(dataset: Dataset) -> str:
    numbers = list(dataset.annexes)
    if len(numbers) > 1:
        return _("annexes {first}-{last}").format(first=numbers[0], last=numbers[-1])
    return _("annex {number} only").format(number=numbers[0])


def search_tasks(
    dataset: Dataset, text: str, annex: int | None = None, unit: str | None = None
) -> SearchResult:
    """Tasks whose text contains every word of `text`, taken literally."""
    words = search_words(text)
    candidates: list[Task] = list(dataset.tasks.values())
    if annex is not None:
        _check_annex(dataset, annex)
        candidates = [task for task in candidates if task.annex == annex]
    if unit is not None:
        name = dataset.registry.resolve(unit).name
        candidates = [task for task in candidates if any(name in task.units(r) for r in ROLES)]
    hits = [hit for task in candidates if (hit := search_hit(task, words)) is not None]
    if not hits:
        raise NoMatch(N_("no task contains {text}"), text=shown(text))
    return SearchResult(text, hits)


def search_words(text: str) -> list[str]:
    """The words searched for, folded as task texts are compared (NFKC, no white space)."""
    words = [normalise(word) for word in unicodedata.normalize("NFKC", text).split()]
    if not words:
        raise BadQuery(N_("search text is required, e.g. 信用修复"))
    return words


def search_hit(task: Task, words: list[str]) -> SearchHit | None:
    """The task with where the words stand in it, if its text contains every one of them."""
    folded = unicodedata.normalize("NFKC", task.text)
    if not all(word in folded for word in words):
        return None
    return SearchHit(task, _spans(folded, words) if len(folded) == len(task.text) else [])


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    spans = []
    for word in words:
        start = text.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = text.find(word, start + len(word))
    return sorted(spans)


def _check_annex(dataset: Dataset, number: int) -> None:
    if number not in dataset.annexes:
        annexes = ", ".join(map(str, dataset.annexes))
        raise UnknownAnnex(N_("no annex {number}; the annexes are {annexes}"), number=number, annexes=annexes)


def task_ids_starting(dataset: Dataset, typed: str) -> list[str]:
    """Task ids beginning with what has been typed (2.3. or 2-3- or 2。3。), for completion."""
    prefix = re.sub(r"[\-。]", ".", normalise(typed))
    return [task_id for task_id in dataset.tasks if task_id.startswith(prefix)]


def annex_outline(dataset: Dataset, number: int | None = None) -> Outline:
    """One annex, or all of them, with their sections and tasks."""
    if number is not None:
        _check_annex(dataset, number)
    return Outline(
        [
            AnnexOutline(
                annex,
                [
                    (section, [dataset.tasks[task_id] for task_id in section.task_ids])
                    for section in annex.sections
                ],
            )
            for annex in dataset.annexes.values()
            if number is None or annex.number == number
        ]
    )
