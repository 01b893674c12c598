"""Commands for the big picture and for documents: matrix, partners, stats, sheets."""

# No `from __future__ import annotations` here: Typer would have to evaluate every annotation
# string again, which costs about 2 ms of start-up per run.

from pathlib import Path
from typing import Annotated

import typer

from taskmap.cli.app import app, examples
from taskmap.cli.options import DataOption, FormatOption, NoticeOption
from taskmap.cli.output import answer_as_read, writing_to
from taskmap.cli.queries import UnitArgument
from taskmap.i18n import N_, _, ngettext
from taskmap.identity import qualified_unit_name
from taskmap.questions import answers, reports, streams
from taskmap.render import TABLE_ROWS, DocumentFormat, render_document
from taskmap.store.library_loading import load_library

UNSAFE_IN_FILE_NAMES = '/\\:*?"<>|'
INDEX_STEM = "index"


@app.command(
    help=_("Units × annexes (× notices, with several): tasks each unit leads, supports and answers for."),
    epilog=examples("taskmap matrix", "taskmap matrix --sort lead", "taskmap matrix --format csv"),
)
def matrix(
    sort: Annotated[
        reports.MatrixSort, typer.Option(help=_("Order by a count (heaviest first) or by name."))
    ] = "total",
    output_format: FormatOption = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> None:
    library = load_library(data, notice)
    answer_as_read(
        lambda: answers.load_matrix(library, sort=sort),
        lambda: streams.matrix_stream(library, sort=sort),
        output_format,
    )


@app.command(
    help=_("The units that share tasks with NAME, how many and which."),
    epilog=examples("taskmap partners 市公安局", "taskmap partners 人民银行 --format json"),
)
def partners(
    name: UnitArgument,
    output_format: FormatOption = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> None:
    library = load_library(data, notice)
    answer_as_read(
        lambda: answers.partners(library, name, first=TABLE_ROWS),
        lambda: streams.partners_stream(library, name),
        output_format,
    )


@app.command(
    help=_(
        "The notices taskmap answers from: key (for --notice and KEY:ID), 文号, title, issuer, date, counts."
    ),
    epilog=examples(
        "taskmap notices --data ~/notices",
        "taskmap notices --data ~/notices --data ~/wuxi-2020 --format json",
    ),
)
def notices(output_format: FormatOption = None, data: DataOption = None, notice: NoticeOption = None) -> None:
    library = load_library(data, notice)
    answer_as_read(
        lambda: answers.notice_list(library, first=TABLE_ROWS),
        lambda: streams.notices_stream(library),
        output_format,
    )


@app.command(
    help=_("Headline figures: tasks per annex and role, units per task, most and least loaded units."),
    epilog=examples("taskmap stats", "taskmap stats --format json"),
)
def stats(output_format: FormatOption = None, data: DataOption = None, notice: NoticeOption = None) -> None:
    library = load_library(data, notice)
    answer_as_read(
        lambda: answers.headlines(library, first=TABLE_ROWS),
        lambda: streams.headlines_stream(library),
        output_format,
    )


@app.command(
    help=_("Write one checklist per unit, plus an index, for the office to send to each department."),
    epilog=examples("taskmap sheets --out checklists", "taskmap sheets --format html --out checklists-html"),
)
def sheets(
    out: Annotated[Path, typer.Option(help=_("Directory to write into (created if missing)."))],
    output_format: Annotated[DocumentFormat, typer.Option("--format", "-f", help=_("md or html."))] = "md",
    data: DataOption = None,
    notice: NoticeOption = None,
) -> None:
    from taskmap.atomic import write_atomically
    from taskmap.render.checklist import IndexEntry, render_index
    from taskmap.render.progress import with_progress

    library = load_library(data, notice)
    total = len(library.addressable_units())
    with writing_to(out):
        out.mkdir(parents=True, exist_ok=True)
    written: list[IndexEntry] = []
    taken = {INDEX_STEM.casefold()}
    checklists = answers.unit_checklists(library)
    for checklist in with_progress(checklists, total=total, description=N_("Writing checklists")):
        name = checklist.report.department.name
        if library.several:
            name = qualified_unit_name(name, checklist.report.department.jurisdiction)
        target = out / f"{unique_file_stem(name, taken)}.{output_format}"
        with writing_to(target):
            write_atomically(target, render_document(checklist, output_format).encode())
        written.append(IndexEntry.of(name, target.name, checklist.report))
    index = out / f"{INDEX_STEM}.{output_format}"
    notices = []
    for loaded in library.notices:
        notices.append(loaded.dataset.notice)
        library.let_go(loaded)
    with writing_to(index):
        write_atomically(index, render_index(notices, written, output_format).encode())
    said = ngettext(
        "wrote {count} checklist and {index}", "wrote {count} checklists and {index}", len(written)
    )
    typer.echo(said.format(count=len(written), index=index), err=True)


def safe_file_name(name: str) -> str:
    """A unit name as a file name on any system: path separators, characters Windows refuses and control
    characters replaced, no leading dot (a hidden file) and no trailing dot or space (Windows drops them)."""
    safe = "".join("_" if ch in UNSAFE_IN_FILE_NAMES or not ch.isprintable() else ch for ch in name)
    if safe.startswith("."):
        safe = "_" + safe[1:]
    if safe.endswith((".", " ")):
        safe = safe[:-1] + "_"
    return safe or "_"


def unique_file_stem(name: str, taken: set[str]) -> str:
    """`safe_file_name(name)`, with -2, -3… when another unit already has it: names that differ only in
    characters a file name cannot hold, or only in case (which macOS and Windows ignore), get files of
    their own. `taken` holds the stems given so far, case-folded."""
    stem = safe_file_name(name)
    candidate, number = stem, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{stem}-{number}"
    taken.add(candidate.casefold())
    return candidate
