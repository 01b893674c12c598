"""Big answers as they are read: a library's notices one at a time, each let go once its rows are rendered.

Built whole, an answer of a hundred thousand tasks keeps every notice it read and every task as a value
until one document is made of them all: gigabytes at ten thousand notices. Here the machine formats take
each row rendered as text. `search` lists its hits notice by notice, so each is written as it is read.
`dept` lists a unit's tasks by role and place (annex, section, number) across its notices, so that the
first row may come from the last notice: its rows are rendered as each notice is read into a temporary
file, and copied out in the answer's order once the last is read, where each stretch of rows lies kept
in memory (`status` over every unit, in a unit's order of notices, is written so too). Tables, which
measure every row first, are drawn from the whole answers of `answers` (of a search, its first
`render.TABLE_ROWS` hits and how many there are; of a unit, each role's first; of `notices` and `stats`,
the first notices; of `partners`, each partner's first task ids; of `annex`, the annexes holding its
first tasks).
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import BinaryIO, Literal, NamedTuple, TypeVar

from taskmap.library import Library, Unit
from taskmap.model import Department, Population, Role
from taskmap.questions import answers
from taskmap.questions.queries import AnnexOutline, Assignment, SearchHit, UnitReport, shown_order
from taskmap.questions.reports import MatrixColumn, MatrixRow, MatrixSort, NoticeHeadlines, Partner
from taskmap.store.database import cache_dir

Row = TypeVar("Row")
ROW_LENGTH_BYTES = 4  # before each row in `in_order`'s file: a row is far under 4 GB
STRETCH_READ_BYTES = 1 << 20  # a stretch of rows up to this long is read whole from `in_order`'s file
Place = tuple[int, ...]  # where a row stands in its answer


class SearchStream(NamedTuple):
    """The `search` answer as it is read (its first hit already found: nothing found is an error)."""

    text: str
    hits: Iterator[SearchHit]

    def rendered(self, render: Callable[[SearchHit], str]) -> Iterator[str]:
        """Each hit rendered, as it is read."""
        return map(render, self.hits)


class UnitStream:
    """The `dept` answer of one unit as its notices are read, its tasks in `UnitReport.shown`'s order.

    The key populations and the count of shared tasks, which follow the tasks in every format, are
    complete once `rendered` has been read to its end.
    """

    def __init__(self, department: Department, reports: Iterator[UnitReport]) -> None:
        self.department = department
        self._reports = reports
        self.populations: list[Population] = []
        self.collective_count = 0

    def rendered(self, render: Callable[[Assignment], str]) -> Iterator[str]:
        """Each task rendered, in the answer's order."""
        return in_order(self._runs(), _merge_order, render)

    def _runs(self) -> Iterator[list[Assignment]]:
        for report in self._reports:
            self.populations += report.populations
            self.collective_count += report.collective_count
            yield report.shown


def _merge_order(assignment: Assignment) -> tuple[int, int, int, int, bool]:
    """`shown_order` across notices: the whole answer sorts every notice's own tasks before any shared
    through a catch-all phrase, so at one place those come last."""
    return (*shown_order(assignment), assignment.collective)


class NoticesStream(NamedTuple):
    """The `notices` answer as it is read."""

    rows: Iterator[answers.NoticeSummary]


class HeadlinesStream(NamedTuple):
    """The `stats` answer as it is read, a notice's figures at a time."""

    notices: Iterator[NoticeHeadlines]


class MatrixStream(NamedTuple):
    """The `matrix` answer as it is read, a unit's row at a time."""

    by: Literal["annex", "notice"]
    columns: list[MatrixColumn]
    rows: Iterator[MatrixRow]


class OutlineStream(NamedTuple):
    """The `annex` answer as it is read, a notice's annexes at a time."""

    annexes: Iterator[AnnexOutline]


class PartnersStream(NamedTuple):
    """The `partners` answer, a partner at a time: a unit named in ten thousand notices shares 120,000
    tasks, whose ids are a document of their own."""

    department: Department
    partners: Iterator[Partner]


Streamed = (
    UnitStream
    | SearchStream
    | NoticesStream
    | HeadlinesStream
    | MatrixStream
    | PartnersStream
    | OutlineStream
)


def outline_stream(library: Library, number: int | None = None) -> OutlineStream:
    """`answers.annex_outline`, as it is read."""
    return OutlineStream(answers.each_annex_outline(library, number))


def partners_stream(library: Library, name: str) -> PartnersStream:
    """`answers.partners`, as it is read."""
    unit = library.resolve_unit(name)
    return PartnersStream(answers.department(unit), answers.each_partner(library, unit))


def notices_stream(library: Library) -> NoticesStream:
    """`answers.notice_list`, as it is read."""
    return NoticesStream(answers.notice_summaries(library))


def matrix_stream(library: Library, sort: MatrixSort = "total") -> MatrixStream:
    """`answers.load_matrix`, as it is read: over several notices a unit's row at a time, from the
    library's database; else (one notice, or a database that cannot say) the whole answer's rows."""
    rows = answers.matrix_rows(library, sort)
    if rows is None:
        whole = answers.load_matrix(library, sort)
        return MatrixStream(whole.by, whole.columns, iter(whole.rows))
    columns = [MatrixColumn(notice.key, notice.key, notice.key) for notice in library.notices]
    return MatrixStream("notice", columns, rows)


def headlines_stream(library: Library) -> HeadlinesStream:
    """`answers.headlines`, as it is read."""
    return HeadlinesStream(answers.each_headlines(library))


def search_stream(
    library: Library, text: str, annex: int | None = None, unit: str | None = None
) -> SearchStream:
    """`answers.search_tasks`, as it is read."""
    return SearchStream(text, answers.search_hits(library, text, annex, unit))


def unit_stream(
    library: Library, name: str, roles: Sequence[Role] | None = None, include_collective: bool = False
) -> UnitStream:
    """`answers.unit_report` for the machine formats, which show no word of the roles it holds elsewhere."""
    unit = library.resolve_unit(name)
    return UnitStream(answers.department(unit), _by_notice(library, unit, roles, include_collective))


def _by_notice(
    library: Library, unit: Unit, roles: Sequence[Role] | None, include_collective: bool
) -> Iterator[UnitReport]:
    """The unit's report in each notice naming it, each notice let go once its report is made."""
    department = answers.department(unit)
    for notice, local in library.notices_naming(unit):
        report = answers.joined_report(
            department, answers.notice_reports(notice, unit, local, roles, include_collective)
        )
        library.let_go(notice)
        yield report


def _spill_file() -> BinaryIO:
    """A temporary file in taskmap's cache directory, where the library's database lies, else in the
    system's: `/tmp` is often a tmpfs, whose files are memory, and the spill grows with the answer."""
    import tempfile  # only here: it imports shutil and random, which no other answer needs

    try:
        return tempfile.TemporaryFile(dir=cache_dir())
    except OSError:
        return tempfile.TemporaryFile()


def in_order(
    runs: Iterable[list[Row]], order: Callable[[Row], Place], render: Callable[[Row], str]
) -> Iterator[str]:
    """Rows read in runs (a notice's each, in order), rendered and given in `order` across runs, rows in
    the same place in the order they were read: a lone run as it is read; several through a temporary
    file of rendered rows (see `_spill_file`), copied out once the last run is read.

    Each row is written after its length, so that what is kept in memory is where each stretch of rows of
    one place lies in the file: a row's worth for a unit's tasks (each at a place of its own), a unit's
    worth a notice for a round's status, whose 2.7 million rows at ten thousand notices are 100,000
    stretches."""
    runs = iter(runs)
    first = next(runs, [])
    second = next(runs, None)
    if second is None:
        yield from map(render, first)
        return
    with _spill_file() as spill:
        stretches: dict[Place, array[int]] = {}  # each place's stretches of rows: (start, end) in the file
        size = 0
        last: Place | None = None
        for run in chain((first, second), runs):
            for row in run:
                text = render(row).encode()
                start, place = size, order(row)
                size += spill.write(len(text).to_bytes(ROW_LENGTH_BYTES, "little")) + spill.write(text)
                if place == last:
                    stretches[place][-1] = size
                else:
                    stretches.setdefault(place, array("q")).extend((start, size))
                    last = place
        spill.flush()
        for place in sorted(stretches):
            bounds = stretches.pop(place)
            for start, end in zip(bounds[::2], bounds[1::2], strict=True):
                yield from _rows_between(spill, start, end)


def _rows_between(spill: BinaryIO, start: int, end: int) -> Iterator[str]:
    """The rows `in_order` wrote from `start` to `end` of its file: a short stretch read in one go."""
    if end - start <= STRETCH_READ_BYTES:
        block, at = os.pread(spill.fileno(), end - start, start), 0
        while at < len(block):
            length = int.from_bytes(block[at : at + ROW_LENGTH_BYTES], "little")
            at += ROW_LENGTH_BYTES + length
            yield block[at - length : at].decode()
        return
    spill.seek(start)
    while start < end:
        length = int.from_bytes(spill.read(ROW_LENGTH_BYTES), "little")
        start += ROW_LENGTH_BYTES + length
        yield spill.read(length).decode()
