"""Each question asked of every loaded notice at once, the answers merged into the one-notice shapes.

The per-notice rules (catch-all phrases, task order, what a population row is) stay in `queries` and
`reports`; here a unit is first resolved across the library, then asked of each notice that names it.
With one notice loaded, every answer is exactly that notice's own.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Iterator, Sequence
from itertools import chain, islice
from typing import Any, NamedTuple, TypeVar

from taskmap.dataset import task_ref
from taskmap.errors import NoMatch, NotFound, UnknownAnnex, UnknownTask, shown
from taskmap.i18n import N_
from taskmap.library import Library, Notice, Unit
from taskmap.model import COLLECTIVE, ROLES, Department, Population, Role
from taskmap.questions import queries, reports
from taskmap.questions.queries import (
    AnnexOutline,
    Assignment,
    Outline,
    PopulationTable,
    SearchHit,
    SearchResult,
    TaskDetail,
    UnitLoads,
    UnitReport,
    UnitSummary,
    shown_order,
)
from taskmap.questions.reports import (
    Checklist,
    Headlines,
    LoadMatrix,
    MatrixColumn,
    MatrixRow,
    Partner,
    Partners,
)
from taskmap.store.database import Database, UnitLoad, fingerprint

Result = TypeVar("Result")
QUALIFIER = (":", "：")
MatrixCells = dict[str, dict[Role, int]]  # a matrix row's counts: by notice, by role


def unit_report(
    library: Library,
    name: str,
    roles: Sequence[Role] | None = None,
    include_collective: bool = False,
    first: int | None = None,
) -> UnitReport:
    """What one unit must do in every notice that names it; catch-all phrases count within their notice.

    In `roles` only (every role without), and when it holds nothing in them, what it holds in the others.
    With `first`, each role lists only its first that many tasks and counts the others (see
    `first_of_report`)."""
    unit = library.resolve_unit(name)
    if first is None:
        report = unit_report_of(library, unit, roles, include_collective)
    else:
        report = first_of_report(library, unit, roles, include_collective, first)
    if not roles or report.assignments or report.populations:
        return report
    if first is None:
        everything = unit_report_of(library, unit, None, include_collective=False)
    else:
        everything = first_of_report(library, unit, None, False, 0)  # its counts alone
    held: list[tuple[str, int]] = [(role, everything.count(role, collective=False)) for role in ROLES]
    held.append(("populations", len(everything.populations)))
    return report._replace(
        roles=tuple(roles), held_elsewhere=tuple((role, count) for role, count in held if count)
    )


def unit_report_of(
    library: Library, unit: Unit, roles: Sequence[Role] | None, include_collective: bool
) -> UnitReport:
    """What an already resolved unit must do: for callers that walk every unit rather than name one."""
    reports = [
        report
        for notice, local in library.notices_naming(unit)
        for report in notice_reports(notice, unit, local, roles, include_collective)
    ]
    return joined_report(department(unit), reports)


def first_of_report(
    library: Library, unit: Unit, roles: Sequence[Role] | None, include_collective: bool, first: int
) -> UnitReport:
    """`unit_report_of` with each role's first `first` tasks in the answer's order, the others counted,
    read a notice at a time: a unit of ten thousand notices holds 60,000 tasks, a gigabyte as values."""
    kept: dict[Role, list[Assignment]] = {}
    held: dict[tuple[Role, bool], int] = {}
    populations: list[Population] = []
    phrases: list[tuple[str, int]] = []
    collective_count = 0
    for notice, local in library.notices_naming(unit):
        for report in notice_reports(notice, unit, local, roles, include_collective):
            populations += report.populations
            phrases += report.phrases
            collective_count += report.collective_count
            for assignment in (*report.assignments, *report.collective):
                key = (assignment.role, assignment.collective)
                held[key] = held.get(key, 0) + 1
                rows = kept.setdefault(assignment.role, [])
                rows.append(assignment)
                if len(rows) > 2 * first + 64:
                    kept[assignment.role] = _first_in_order(rows, first)
        library.let_go(notice)
    listed = [assignment for rows in kept.values() for assignment in _first_in_order(rows, first)]
    named = [assignment for assignment in listed if not assignment.collective]
    shared = [assignment for assignment in listed if assignment.collective]
    unlisted = tuple(
        (
            role,
            held.get((role, False), 0) - sum(a.role == role for a in named),
            held.get((role, True), 0) - sum(a.role == role for a in shared),
        )
        for role in ROLES
        if role in kept
    )
    return UnitReport(
        department(unit),
        named,
        shared,
        collective_count,
        populations,
        queries.counted_phrases((), phrases),
        unlisted=tuple(counts for counts in unlisted if counts[1] or counts[2]),
    )


def _first_in_order(rows: list[Assignment], first: int) -> list[Assignment]:
    """The first `first` of a role's tasks as `UnitReport.shown` orders them: by place, those naming
    the unit before those shared at one place, else in notice order (the order they were read in)."""
    return sorted(rows, key=lambda assignment: (shown_order(assignment), assignment.collective))[:first]


def notice_reports(
    notice: Notice, unit: Unit, local: str, roles: Sequence[Role] | None, include_collective: bool
) -> list[UnitReport]:
    """What the unit (called `local` there) must do in one notice, a report per role asked for."""
    named = unit.department._replace(name=local)
    return [
        queries.unit_report_of(notice.dataset, named, role, include_collective) for role in roles or (None,)
    ]


def joined_report(unit: Department, reports: list[UnitReport]) -> UnitReport:
    """Reports of one unit, each of a notice and a role, as one: lists joined in their order, counts added."""
    return UnitReport(
        unit,
        [assignment for report in reports for assignment in report.assignments],
        [assignment for report in reports for assignment in report.collective],
        sum(report.collective_count for report in reports),
        [population for report in reports for population in report.populations],
        queries.counted_phrases((), [pair for report in reports for pair in report.phrases]),
    )


def department(unit: Unit) -> Department:
    """The unit as answers show it: merged across notices, with its jurisdiction."""
    return unit.department._replace(jurisdiction=unit.jurisdiction)


def unit_summaries(library: Library, kind: str | None = None, sort: queries.SortKey = "name") -> UnitLoads:
    """Every unit's counts by role, summed over the notices that name it."""
    if library.several and (totals := _unit_totals(library)) is not None:
        return _unit_summaries_totalled(totals, kind, sort)
    rows: dict[tuple[str, str], UnitSummary] = {}
    by_name = _units_by_name(library)
    for notice in library.notices:
        for row in queries.unit_summaries(notice.dataset, kind=kind).rows:
            unit = by_name[notice.jurisdiction, row.name]
            key = (unit.jurisdiction, unit.department.name)
            if key in rows:
                total = rows[key]
                counted = (*ROLES, "populations")
                row = total._replace(
                    **{field: getattr(total, field) + getattr(row, field) for field in counted}
                )
            rows[key] = row._replace(name=unit.department.name)
    summaries = list(rows.values())
    if sort != "name":
        summaries.sort(key=lambda s: -int(getattr(s, sort)))
    return UnitLoads(summaries, roles_in_use(library))


# Each notice's units in its order: its library unit, its kind there, and its counts in LOAD_FIELDS.
StoredLoads = list[tuple[Notice, list[tuple[Unit, str, tuple[int, ...]]]]]
LOAD_FIELDS = ("populations", *ROLES)


def _unit_loads(library: Library) -> StoredLoads | None:
    """Each notice's units in its order, each as its library unit with its kind and counts (populations
    and each role), read from the library's database in one query; None when it cannot say."""
    loads: dict[str, list[tuple[Unit, str, tuple[int, ...]]]] = {}
    place_of = {notice.content_key: notice.jurisdiction for notice in library.notices}
    by_name = _units_by_name(library)

    def take(key: str, units: list[UnitLoad]) -> None:
        loads[key] = [(by_name[place_of[key], name], kind, tuple(counts)) for name, kind, *counts in units]

    if not _each_unit_load(library, take):
        return None
    return [(notice, loads[notice.content_key or ""]) for notice in library.notices]


def _units_by_name(library: Library) -> dict[tuple[str, str], Unit]:
    """Each library unit by its place and each of its names. A notice's unit is the library unit of its
    place that has its name among its spellings: merging joins every entry of a place sharing a name, so
    this needs no look at which notices name whom."""
    return {
        (place, name): unit
        for place in library.jurisdictions
        for unit in library.units(place).values()
        for name in (unit.department.name, *unit.department.spellings)
    }


def _each_unit_load(library: Library, take: Callable[[str, list[UnitLoad]], None]) -> bool:
    """`Database.unit_loads` of every notice of the library; False when there is none to ask, or it
    cannot say."""
    keys = [notice.content_key for notice in library.notices]
    if library.database is None or None in keys:
        return False
    return library.database.unit_loads([key for key in keys if key is not None], take)


# Each library unit's counts summed over the notices giving it one kind there: its place, name, that
# kind, then the sums in LOAD_FIELDS; in the order each first appears in the library.
UnitTotal = list[Any]
UNIT_TOTALS = "unit totals"


def _unit_totals(library: Library) -> list[UnitTotal] | None:
    """Every unit's counts summed over the library, as its database keeps them for the notices as they
    are now (so `depts` reads a row per unit, not per unit of every notice); summed again from each
    notice's counts, a notice at a time, when a notice, their order or the spellings file changed.
    None when it cannot say."""
    database = library.database
    keys = [notice.content_key for notice in library.notices]
    if database is None or None in keys:
        return None
    places = [notice.jurisdiction for notice in library.notices]
    state = json.dumps([keys, places, [list(entry) for entry in library.same_units]], ensure_ascii=False)
    summed_from = fingerprint(state.encode())
    kept = database.library_part(UNIT_TOTALS)
    if isinstance(kept, dict) and kept.get("from") == summed_from and isinstance(kept.get("units"), list):
        return list(kept["units"])
    at = {key: (place, index) for index, (key, place) in enumerate(zip(keys, places, strict=True))}
    by_name = _units_by_name(library)
    # Each (place, unit, kind): where it first appears (notice, position), then its place, name, kind
    # and summed counts.
    totals: dict[tuple[str, str, str], list[Any]] = {}

    def take(key: str, units: list[UnitLoad]) -> None:
        place, index = at[key]
        for position, (name, kind, *counts) in enumerate(units):
            unit = by_name[place, name]
            triple = (unit.jurisdiction, unit.department.name, kind)
            total = totals.get(triple)
            if total is None:
                totals[triple] = [(index, position), *triple, *counts]
                continue
            total[0] = min(total[0], (index, position))
            for field, count in enumerate(counts, 4):
                total[field] += count

    if not _each_unit_load(library, take):
        return None
    rows = [total[1:] for total in sorted(totals.values(), key=lambda total: total[0])]
    database.write_library_part(UNIT_TOTALS, {"from": summed_from, "units": rows})
    return rows


def _unit_summaries_totalled(totals: list[UnitTotal], kind: str | None, sort: queries.SortKey) -> UnitLoads:
    """Each unit's summary from its totals: those of the kind asked, each with the kind it first has, in
    the order units first appear; and the roles any notice uses, whatever the kind asked."""
    summed: dict[tuple[str, str], tuple[str, list[int]]] = {}
    used = [False] * len(LOAD_FIELDS)
    for place, name, local_kind, *counts in totals:
        used = [was or bool(count) for was, count in zip(used, counts, strict=True)]
        if kind is not None and local_kind != kind:
            continue
        total = summed.get((place, name))
        if total is None:
            summed[place, name] = (local_kind, list(counts))
        else:
            sums = total[1]
            for field, count in enumerate(counts):
                sums[field] += count
    summaries = [
        UnitSummary(name, local_kind, **dict(zip(LOAD_FIELDS, sums, strict=True)))
        for (_, name), (local_kind, sums) in summed.items()
    ]
    if sort != "name":
        summaries.sort(key=lambda s: -int(getattr(s, sort)))
    return UnitLoads(summaries, tuple(role for role, was in zip(ROLES, used[1:], strict=True) if was))


def roles_in_use(library: Library) -> tuple[Role, ...]:
    """The roles some loaded notice uses, in the usual order."""
    used = {role for notice in library.notices for role in notice.dataset.roles_in_use}
    return tuple(role for role in ROLES if role in used)


def find_populations(library: Library, query: str | None, unit: str | None = None) -> PopulationTable:
    """Key population rows of every notice matching `query` (all rows without one); with `unit`, its own."""
    if unit is None:
        # Only notices holding key populations are opened; what none answers is said as the first says it.
        holding = [notice for notice in library.notices if notice.facts.populations]

        def ask(notice: Notice) -> PopulationTable:
            return _let_go(library, notice, queries.find_populations(notice.dataset, query))

        try:
            tables = _each(holding or library.notices[:1], ask)
        except NotFound:
            tables = _each(library.notices[:1], ask)
    else:
        named_in = dict(library.notices_naming(library.resolve_unit(unit)))
        tables = _each(
            list(named_in),
            lambda notice: _let_go(
                library, notice, queries.find_populations(notice.dataset, query, unit=named_in[notice])
            ),
        )
    return PopulationTable([row for table in tables for row in table.rows])


def _let_go(library: Library, notice: Notice, answer: Result) -> Result:
    """The notice's part of an answer over a library, its data let go (`Library.let_go`) once asked: what
    the part holds stays."""
    library.let_go(notice)
    return answer


def find_task(library: Library, task_id: str) -> TaskDetail:
    """One task: `KEY:2.3.6` in a given notice, or `2.3.6` where only one loaded notice has it."""
    key, _, local_id = _split_qualified(task_id)
    if key:
        return queries.find_task(library.notice(key).dataset, local_id)
    found = _each(library.notices, lambda notice: queries.find_task(notice.dataset, task_id))
    if len(found) == 1:
        return found[0]
    refs = tuple(detail.task.ref for detail in found)
    raise UnknownTask(
        N_("task {id} is in {count} notices; name one as KEY:ID"), refs, id=found[0].task.id, count=len(found)
    )


def _split_qualified(task_id: str) -> tuple[str, str, str]:
    for mark in QUALIFIER:
        if mark in task_id:
            return task_id.partition(mark)
    return "", "", task_id


def search_tasks(
    library: Library, text: str, annex: int | None = None, unit: str | None = None, first: int | None = None
) -> SearchResult:
    """Tasks of every notice whose text contains every word of `text`; with `first`, only the first that
    many are kept and the others counted, as each notice is read (900,000 hits are gigabytes as values)."""
    hits = search_hits(library, text, annex, unit)
    if first is None:
        return SearchResult(text, list(hits))
    return SearchResult(text, *first_and_more(hits, first))


def search_hits(
    library: Library, text: str, annex: int | None = None, unit: str | None = None
) -> Iterator[SearchHit]:
    """The hits of `search_tasks` as each notice is read, in notice order: a notice's data is let go once
    its hits are taken. Finding nothing is an error here, before any hit is asked for."""
    notices: list[tuple[Notice, str | None]] = [(notice, None) for notice in library.notices]
    if unit is not None:
        notices = [(notice, local) for notice, local in library.notices_naming(library.resolve_unit(unit))]
    hits: Iterator[SearchHit] | None = None
    if annex is None and library.several:
        words = queries.search_words(text)
        if (found := _found_in_database(library, notices, words)) is not None:
            hits = _hits_at(library, notices, found, words)
    if hits is None:
        hits = _hits_of_each(library, notices, text, annex)
    first = next(hits, None)
    if first is None:
        raise NoMatch(N_("no task contains {text}"), text=shown(text))
    return chain((first,), hits)


def _found_in_database(
    library: Library, notices: list[tuple[Notice, str | None]], words: list[str]
) -> dict[str, array[int]] | None:
    """Where the words are, by content key, from the library's database (trigram index, then the exact
    check), so that only the notices holding a match are read; None when it cannot say."""
    keys = {notice.content_key for notice, _ in notices}
    if library.database is None or None in keys:
        return None
    return library.database.tasks_containing(sorted(key for key in keys if key is not None), words)


def _hits_at(
    library: Library, notices: list[tuple[Notice, str | None]], found: dict[str, array[int]], words: list[str]
) -> Iterator[SearchHit]:
    """The tasks found, read notice by notice, of them only the tasks found."""
    for notice, local in notices:
        at = sorted(found.get(notice.content_key or "", ()))
        if not at:
            continue
        ids = notice.dataset.tasks.keys_in_order
        tasks = notice.dataset.tasks.many([ids[position] for position in at])
        library.let_go(notice)
        for task in tasks:
            if local is not None and not any(local in task.units(role) for role in ROLES):
                continue
            if (hit := queries.search_hit(task, words)) is not None:
                yield hit


def _hits_of_each(
    library: Library, notices: list[tuple[Notice, str | None]], text: str, annex: int | None
) -> Iterator[SearchHit]:
    """Each notice searched in turn; with `annex`, those having it, and none having it is an error."""
    having = False
    for notice, local in notices:
        if annex is not None and annex not in notice.dataset.annexes:
            library.let_go(notice)
            continue
        having = True
        try:
            hits = queries.search_tasks(notice.dataset, text, annex=annex, unit=local).hits
        except NoMatch:
            hits = []
        library.let_go(notice)
        yield from hits
    if annex is not None and not having:
        raise UnknownAnnex(N_("no annex {number} in any loaded notice"), number=annex)


def annex_outline(library: Library, number: int | None = None, first: int | None = None) -> Outline:
    """The outline of annex `number` (or of every annex) of every notice that has it; with `first`, its
    annexes until `first` tasks are listed, the tasks of the others counted."""
    outlines = each_annex_outline(library, number)
    if first is None:
        return Outline(list(outlines))
    listed: list[AnnexOutline] = []
    shown = more = 0
    for outline in outlines:
        tasks = sum(len(tasks) for _, tasks in outline.sections)
        if shown < first:
            listed.append(outline)
            shown += tasks
        else:
            more += tasks
    return Outline(listed, more)


def each_annex_outline(library: Library, number: int | None = None) -> Iterator[AnnexOutline]:
    """`annex_outline`'s annexes a notice at a time, each notice let go once its annexes are given (ten
    thousand notices' annex 1 are 300,000 tasks). An annex no notice has is an error here, before any
    annex is asked for, naming the first notice's annexes."""
    notices = library.notices
    start = next((place for place, notice in enumerate(notices) if _has_annex(library, notice, number)), None)
    if start is None:
        return iter(queries.annex_outline(notices[0].dataset, number).annexes)
    return _annexes_from(library, notices[start:], number)


def _has_annex(library: Library, notice: Notice, number: int | None) -> bool:
    """Whether the notice has annex `number` (any, when None); one that has not is let go."""
    if number is None or number in notice.dataset.annexes:
        return True
    library.let_go(notice)
    return False


def _annexes_from(library: Library, notices: list[Notice], number: int | None) -> Iterator[AnnexOutline]:
    for notice in notices:
        if _has_annex(library, notice, number):
            yield from queries.annex_outline(notice.dataset, number).annexes
            library.let_go(notice)


def _each(notices: list[Notice], ask: Callable[[Notice], Result]) -> list[Result]:
    """The answers of every notice that has one; when none has, the first notice's error."""
    answers: list[Result] = []
    first_error: NotFound | None = None
    for notice in notices:
        try:
            answers.append(ask(notice))
        except NotFound as error:
            first_error = first_error or error
    if not answers:
        assert first_error is not None
        raise first_error
    return answers


class NoticeSummary(NamedTuple):
    """One loaded notice as `taskmap notices` lists it."""

    key: str
    document_number: str | None
    title: str
    issuer: str | None
    date: str | None
    jurisdiction: str
    tasks: int
    units: int


class NoticeList(NamedTuple):
    """The `notices` answer: what taskmap answers from, in the order loaded; `more` notices beyond the
    rows when only the first were asked for (a table of a big library, see `render.TABLE_ROWS`)."""

    rows: list[NoticeSummary]
    more: int = 0


def notice_list(library: Library, first: int | None = None) -> NoticeList:
    """Every loaded notice with its key, 文号, title, issuer, date and counts (with `first`, only the first
    that many, the others counted)."""
    if first is None:
        return NoticeList(list(notice_summaries(library)))
    return NoticeList(*first_and_more(notice_summaries(library), first))


def first_and_more(items: Iterator[Result], first: int) -> tuple[list[Result], int]:
    """The first `first` of `items`, and how many follow them (counted as they are read)."""
    listed = list(islice(items, first))
    return listed, sum(1 for _ in items)


def notice_summaries(library: Library) -> Iterator[NoticeSummary]:
    """`notice_list`'s rows, one notice at a time."""
    for notice in library.notices:
        facts = notice.facts
        yield NoticeSummary(
            notice.key,
            facts.notice.get("document_number"),
            facts.notice["title"],
            facts.notice.get("issuer") or facts.notice.get("publisher"),
            facts.notice.get("issued") or facts.notice.get("published"),
            notice.jurisdiction,
            facts.tasks,
            facts.units,
        )


def unit_checklist(library: Library, name: str, roles: Sequence[Role] | None = None) -> Checklist:
    """A unit's checklist over every notice naming it, shared tasks included (a document has no --all)."""
    return _checklist(library, library.resolve_unit(name), roles)


def unit_checklists(library: Library) -> Iterator[Checklist]:
    """Every unit's checklist (catch-all phrases are not units), in library order, each made as it is asked
    for: what is held is one unit's checklist, not every unit's (at a thousand notices, 6,000 tasks
    against 270,000)."""
    for unit in library.addressable_units():
        yield _checklist(library, unit, None)


def _checklist(library: Library, unit: Unit, roles: Sequence[Role] | None) -> Checklist:
    """The unit's checklist, its notices read in turn and each let go (`Library.let_go`)."""
    held: list[UnitReport] = []
    notices: list[dict[str, Any]] = []
    titles: dict[tuple[str, int], str] = {}
    for notice, local in library.notices_naming(unit):
        held += notice_reports(notice, unit, local, roles, include_collective=True)
        notices.append(notice.dataset.notice)
        titles.update(reports.annex_titles(notice.dataset))
        library.let_go(notice)
    return Checklist(joined_report(department(unit), held), notices, titles)


def partners(library: Library, name: str, first: int | None = None) -> Partners:
    """The units sharing tasks with `name` in any notice, most shared first (with `first`, each with its
    first that many task ids, the others counted: 120,000 ids are a document of their own)."""
    unit = library.resolve_unit(name)
    shared = each_partner(library, unit)
    if first is not None:
        shared = (
            partner._replace(task_ids=partner.task_ids[:first], more=max(0, len(partner.task_ids) - first))
            for partner in shared
        )
    return Partners(department(unit), list(shared))


def each_partner(library: Library, unit: Unit) -> Iterator[Partner]:
    """`partners`' partners of `unit` in their order, each one's task ids written out as it is given.

    Until then a shared task is a notice's place and its id, kept once: a unit named in ten thousand
    notices shares 120,000 tasks, whose KEY:ID are about 8 MiB of text. Every notice is read before this
    returns, so that what fails, fails before anything is written."""
    place_of = {notice.key: place for place, notice in enumerate(library.notices)}
    places: dict[str, array[int]] = {}
    ids: dict[str, list[str]] = {}
    same_id: dict[str, str] = {}
    by_name = _units_by_name(library)
    for notice, local in library.notices_naming(unit):
        place = place_of[notice.key]
        for partner in reports.partners(notice.dataset, local).partners:
            merged = by_name[notice.jurisdiction, partner.unit].department.name
            places.setdefault(merged, array("i")).extend([place] * len(partner.task_ids))
            ids.setdefault(merged, []).extend(same_id.setdefault(i, i) for i in partner.task_ids)
        _let_go(library, notice, None)
    return _written_out(library, places, ids)


def _written_out(
    library: Library, places: dict[str, array[int]], ids: dict[str, list[str]]
) -> Iterator[Partner]:
    for merged in sorted(ids, key=lambda merged: -len(ids[merged])):
        keys = (library.notices[place].key for place in places.pop(merged))
        refs = [task_ref(key, i, library.several) for key, i in zip(keys, ids.pop(merged), strict=True)]
        yield Partner(merged, refs)


def load_matrix(library: Library, sort: reports.MatrixSort = "total") -> LoadMatrix:
    """Units × annexes for one notice; units × notices, each unit merged across them, for several."""
    if not library.several:
        return reports.load_matrix(library.notices[0].dataset, sort)
    columns = [MatrixColumn(notice.key, notice.key, notice.key) for notice in library.notices]
    if (stored := _unit_loads(library)) is not None:
        return reports.sorted_matrix(_matrix_stored(columns, stored), sort)
    rows: dict[tuple[str, str], MatrixRow] = {}
    by_name = _units_by_name(library)
    for notice in library.notices:
        for row in reports.load_matrix(notice.dataset, "name").rows:
            unit = by_name[notice.jurisdiction, row.unit]
            merged = rows.setdefault(
                (unit.jurisdiction, unit.department.name),
                MatrixRow(
                    unit.department.name,
                    unit.department.kind,
                    {c.key: dict.fromkeys(ROLES, 0) for c in columns},
                ),
            )
            for role in ROLES:
                merged.counts[notice.key][role] = sum(counts[role] for counts in row.counts.values())
    matrix = LoadMatrix("notice", columns, list(rows.values()), roles_in_use(library))
    return reports.sorted_matrix(matrix, sort)


def matrix_rows(library: Library, sort: reports.MatrixSort = "total") -> Iterator[MatrixRow] | None:
    """`load_matrix`'s rows over several notices, a unit at a time: ordered by the library's unit totals,
    each row's cells read from the database alone (a unit's row of ten thousand notices is ten thousand
    cells; every row at once, hundreds of MiB). None when the database cannot say."""
    totals = _unit_totals(library) if library.several else None
    if totals is None or library.database is None:
        return None
    sums: dict[tuple[str, str], list[int]] = {}
    for place, name, kind, _populations, *by_role in totals:
        if kind != COLLECTIVE:
            summed = sums.setdefault((place, name), [0] * len(ROLES))
            for field, count in enumerate(by_role):
                summed[field] += count
    order = list(sums)
    if sort != "name":
        role = None if sort == "total" else ROLES.index(sort)
        order.sort(key=lambda unit: -(sum(sums[unit]) if role is None else sums[unit][role]))
    return _matrix_rows_read(library, library.database, order)


def _matrix_rows_read(
    library: Library, database: Database, order: list[tuple[str, str]]
) -> Iterator[MatrixRow]:
    """Each unit's row in `order`, its cells from the database as read, else counted in the notices
    naming it.

    A notice's rows called by one of the unit's names are the unit's when the notice is of its place
    (see `_units_by_name`): which notices name it need not be decoded, ten thousand a unit."""
    notice_of = {notice.content_key: notice for notice in library.notices}
    for place, name in order:
        unit = library.units(place)[name]
        cells = _empty_cells(library)

        def take(key: str, load: UnitLoad, place: str = place, cells: MatrixCells = cells) -> None:
            _local, kind, _populations, *by_role = load
            owner = notice_of.get(key)
            if owner is not None and kind != COLLECTIVE and owner.jurisdiction == place:
                cells[owner.key].update(zip(ROLES, by_role, strict=True))

        if not database.units_called([unit.department.name, *unit.department.spellings], take):
            cells = _empty_cells(library)
            for notice, local in library.notices_naming(unit):
                for row in _let_go(library, notice, reports.load_matrix(notice.dataset, "name").rows):
                    if row.unit == local:
                        cells[notice.key] = {
                            role: sum(c[role] for c in row.counts.values()) for role in ROLES
                        }
        yield MatrixRow(unit.department.name, unit.department.kind, cells)


def _empty_cells(library: Library) -> MatrixCells:
    """A matrix row's cells before any is counted: every notice's, each role at 0."""
    return {notice.key: dict.fromkeys(ROLES, 0) for notice in library.notices}


def _matrix_stored(columns: list[MatrixColumn], stored: StoredLoads) -> LoadMatrix:
    """Units × notices from each notice's counts: each unit's row made once, each notice's cells set."""
    rows: dict[tuple[str, str], MatrixRow] = {}
    used: set[str] = set()
    for notice, units in stored:
        for unit, kind, counts in units:
            by_role = dict(zip(ROLES, counts[1:], strict=True))
            used.update(role for role, count in by_role.items() if count)
            if kind == COLLECTIVE:
                continue
            merged = rows.get((unit.jurisdiction, unit.department.name))
            if merged is None:
                cells = {column.key: dict.fromkeys(ROLES, 0) for column in columns}
                merged = MatrixRow(unit.department.name, unit.department.kind, cells)
                rows[unit.jurisdiction, unit.department.name] = merged
            merged.counts[notice.key].update(by_role)
    return LoadMatrix("notice", columns, list(rows.values()), tuple(role for role in ROLES if role in used))


def headlines(library: Library, first: int | None = None) -> Headlines:
    """The headline figures of each loaded notice, in the order loaded (with `first`, of the first that
    many, the others counted)."""
    if first is None:
        return Headlines(list(each_headlines(library)))
    return Headlines(*first_and_more(each_headlines(library), first))


def each_headlines(library: Library) -> Iterator[reports.NoticeHeadlines]:
    """`headlines`' figures, one notice at a time."""
    return (_headlines(notice, library.several) for notice in library.notices)


def _headlines(notice: Notice, qualify: bool) -> reports.NoticeHeadlines:
    """A notice's figures as the library's database keeps them, else counted from its tasks."""
    stored = notice.stored_headlines()
    if stored is None:
        return reports.headlines(notice.dataset)
    return reports.headlines_from_json(stored, notice.key, qualify)
