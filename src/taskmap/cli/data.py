"""Commands about the dataset as a whole: checking it and exporting it."""

# No `from __future__ import annotations` here: Typer would have to evaluate every annotation
# string again, which costs about 2 ms of start-up per run.

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Literal, TextIO, assert_never

import typer

from taskmap.cli.app import EXIT_INVALID_DATA, app, examples
from taskmap.cli.help_wrapping import display_width
from taskmap.cli.options import DataOption, NoticeOption
from taskmap.cli.output import quiet_on_closed_pipe, writing_to
from taskmap.dataset import Dataset
from taskmap.errors import BadQuery, InvalidDataset
from taskmap.i18n import N_, _, ngettext
from taskmap.library import Library, Notice
from taskmap.render.escaping import printable
from taskmap.store.library_loading import (
    UnitsOnly,
    library_spellings_files,
    load_library,
    notice_directories,
    units_library,
)
from taskmap.store.library_spellings import SPELLINGS_FILE, read_same_units
from taskmap.store.loading import bundled_data_dir, compile_directory

TextExport = Literal["json", "yaml", "csv"]
ExportFormat = Literal["json", "yaml", "csv", "xlsx"]


def summary_lines(dataset: Dataset) -> list[str]:
    """The counts a person checks against the notice."""
    sections = sum(len(annex.sections) for annex in dataset.annexes.values())
    units = [d for d in dataset.departments.values() if not d.is_collective]
    phrases = len(dataset.departments) - len(units)
    figures = [
        (_("annexes"), str(len(dataset.annexes))),
        (_("sections"), str(sections)),
        (_("tasks"), str(len(dataset.tasks))),
        (_("populations"), str(len(dataset.populations))),
        (_("units"), _("{count} (+ {phrases} catch-all phrases)").format(count=len(units), phrases=phrases)),
    ]
    # The figures in one column, however many columns the labels of the reader's language take.
    width = max(display_width(label) for label, _figure in figures) + 2
    return [label + " " * (width - display_width(label)) + figure for label, figure in figures]


@app.command(
    help=_(
        "Check data directories from scratch (each notice, then the library as a whole): "
        "a summary, or every problem found (exit 3)."
    ),
    epilog=examples(
        "taskmap validate", "taskmap validate --data ~/notice-2020/data", "taskmap validate --data ~/notices"
    ),
)
def validate(data: DataOption = None) -> None:
    directories = [path for directory in data or () for path in notice_directories(directory)]
    kept = UnitsOnly()
    compiled: list[Notice] = []
    failed = False
    for directory in directories or [bundled_data_dir()]:
        label = printable(str(directory)) if data else _("bundled data")
        try:
            dataset = Dataset.from_dict(compile_directory(directory))
        except InvalidDataset as invalid:
            report_problems(label, invalid)
            failed = True
            continue
        typer.echo(_("{label}: valid").format(label=label))
        for line in summary_lines(dataset):
            typer.echo(f"  {line}")
        compiled.append(kept.kept(directory, dataset))
    spellings = library_spellings_files(data or ())
    if (len(compiled) > 1 or spellings) and not failed:
        try:
            library = units_library(compiled, same_units=read_same_units(spellings)[0])
            for place in library.jurisdictions:
                library.units(place)
        except InvalidDataset as invalid:
            report_problems(_("library"), invalid)
            failed = True
        else:
            valid = _("library: {notices} notices, {units} units: valid")
            typer.echo(valid.format(notices=len(library.notices), units=len(library.all_units())))
            for line in probably_one_lines(library, spellings_file(data or ())):
                typer.echo(f"  {line}")
    if failed:
        raise typer.Exit(EXIT_INVALID_DATA)


def spellings_file(directories: Sequence[Path]) -> str:
    """Where a library's spellings file is (or would be): in the first library given."""
    libraries = [directory for directory in directories if notice_directories(directory) != [directory]]
    return printable(str(libraries[0] / SPELLINGS_FILE)) if libraries else SPELLINGS_FILE


def probably_one_lines(library: Library, spellings: str) -> list[str]:
    """Units of one place that are probably one office: what to check, and how to make them one."""
    from taskmap.i18n import _
    from taskmap.questions.near_duplicates import probably_one

    units = [
        (place, unit.department.name, unit.department.spellings)
        for place in library.jurisdictions
        for unit in library.units(place).values()
    ]
    return [
        _(
            "{first} and {second} ({place}) are probably one unit: both read {stem} without place or level;"
            " if so, write “{first}: [{second}]” under “{place}:” in {file}"
        ).format(
            first=pair.first, second=pair.second, place=pair.jurisdiction, stem=pair.stem, file=spellings
        )
        for pair in probably_one(units)
    ]


def report_problems(label: str, invalid: InvalidDataset) -> None:
    count = len(invalid.problems)
    said = ngettext("{label}: {count} problem", "{label}: {count} problems", count)
    typer.echo(said.format(label=label, count=count), err=True)
    for problem in invalid.problems:
        typer.echo(f"  {printable(str(problem))}", err=True)


@app.command(
    help=_(
        "The whole dataset (json, yaml), or the flat task × unit × role table (csv; xlsx "
        "adds more sheets).\n\nWith several notices: one JSON line (one YAML document) per "
        "notice; CSV and xlsx rows end with the notice's key. A CSV file written with "
        "--out starts with a UTF-8 BOM so that Excel reads the Chinese correctly; CSV on "
        "stdout has none, for cut, sort and friends."
    ),
    epilog=examples(
        "taskmap export --format json > notice.json",
        "taskmap export --format csv --out assignments.csv",
        "taskmap export --format xlsx --out taskmap.xlsx",
    ),
)
def export(
    output_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help=_("json, yaml, csv or xlsx."))
    ] = "json",
    out: Annotated[
        Path | None,
        typer.Option(help=_("Write to this file instead of stdout (xlsx needs it)."), show_default=False),
    ] = None,
    data: DataOption = None,
    notice: NoticeOption = None,
) -> None:
    from taskmap.atomic import replacing_text
    from taskmap.render.spreadsheet import assignments_sheet, spanning_as_read, write_csv_file, write_workbook

    library = load_library(data, notice)
    if out is None:
        if output_format == "xlsx":
            raise BadQuery(N_("--format xlsx writes a workbook: give it a file with --out FILE"))
        with quiet_on_closed_pipe():
            write_export(library, output_format, sys.stdout)
        return
    with writing_to(out):
        if output_format == "xlsx":  # a workbook holds everything: its sheets are made whole
            write_workbook([loaded.dataset for loaded in library.notices], out)
        elif output_format == "csv":
            write_csv_file(spanning_as_read(assignments_sheet, each_dataset(library), library.several), out)
        else:
            with replacing_text(out) as stream:
                write_export(library, output_format, stream)


def write_export(library: Library, output_format: TextExport, stream: TextIO) -> None:
    """Each notice's dataset as JSON (one line each) or YAML (one document each), or the assignment
    table as CSV, written a notice at a time."""
    from taskmap.render.payload import write_json
    from taskmap.render.spreadsheet import assignments_sheet, spanning_as_read, write_csv

    match output_format:
        case "json":
            for dataset in each_dataset(library):
                write_json(dataset.to_dict(), stream)
        case "yaml":
            import yaml

            documents = (dataset.to_dict() for dataset in each_dataset(library))
            yaml.safe_dump_all(documents, stream, allow_unicode=True, sort_keys=False, width=1000)
        case "csv":
            write_csv(spanning_as_read(assignments_sheet, each_dataset(library), library.several), stream)
        case _:
            assert_never(output_format)


def each_dataset(library: Library) -> Iterator[Dataset]:
    """The library's notices' data in turn, each let go (`Library.let_go`) once the next is asked for: an
    export of ten thousand notices holds one."""
    for loaded in library.notices:
        yield loaded.dataset
        library.let_go(loaded)
