"""Commands about the dataset as a whole: checking it and exporting it."""

# No `from __future__ import annotations` here: Typer would have to evaluate every annotation
# string again, which costs about 2 ms of start-up per run.

import sys
from pathlib import Path
from typing import Annotated, Literal, TextIO, assert_never

import typer

from taskmap.cli.app import EXIT_INVALID_DATA, app, examples
from taskmap.cli.options import DataOption
from taskmap.cli.output import quiet_on_closed_pipe, writing_to
from taskmap.dataset import Dataset
from taskmap.errors import BadQuery, InvalidDataset
from taskmap.loading import bundled_data_dir, compile_directory, load_dataset

TextExport = Literal["json", "yaml", "csv"]
ExportFormat = Literal["json", "yaml", "csv", "xlsx"]


def summary_lines(dataset: Dataset) -> list[str]:
    """The counts a person checks against the notice."""
    sections = sum(len(annex.sections) for annex in dataset.annexes.values())
    units = [d for d in dataset.departments.values() if not d.is_collective]
    return [
        f"annexes      {len(dataset.annexes)}",
        f"sections     {sections}",
        f"tasks        {len(dataset.tasks)}",
        f"populations  {len(dataset.populations)}",
        f"units        {len(units)} (+ {len(dataset.departments) - len(units)} catch-all phrases)",
    ]


@app.command(epilog=examples("taskmap validate", "taskmap validate --data ~/notice-2020/data"))
def validate(data: DataOption = None) -> None:
    """Check a data directory from scratch and print a summary, or every problem found (exit 3)."""
    directory = data or bundled_data_dir()
    label = str(data) if data else "bundled data"
    try:
        dataset = Dataset.from_dict(compile_directory(directory))
    except InvalidDataset as invalid:
        count = len(invalid.problems)
        typer.echo(f"{label}: {count} problem{'s' if count > 1 else ''}", err=True)
        for problem in invalid.problems:
            typer.echo(f"  {problem}", err=True)
        raise typer.Exit(EXIT_INVALID_DATA) from None
    typer.echo(f"{label}: valid")
    for line in summary_lines(dataset):
        typer.echo(f"  {line}")


@app.command(
    epilog=examples(
        "taskmap export --format json > notice.json",
        "taskmap export --format csv --out assignments.csv",
        "taskmap export --format xlsx --out taskmap.xlsx",
    )
)
def export(
    output_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="json, yaml, csv or xlsx.")
    ] = "json",
    out: Annotated[
        Path | None,
        typer.Option(help="Write to this file instead of stdout (xlsx needs it).", show_default=False),
    ] = None,
    data: DataOption = None,
) -> None:
    """The whole dataset (json, yaml), or the flat task × unit × role table (csv; xlsx adds more sheets).

    A CSV file written with --out starts with a UTF-8 BOM so that Excel reads the Chinese correctly;
    CSV on stdout has none, for cut, sort and friends.
    """
    from taskmap.render.spreadsheet import assignments_sheet, write_csv_file, write_workbook

    dataset = load_dataset(data)
    if out is None:
        if output_format == "xlsx":
            raise BadQuery("--format xlsx writes a workbook: give it a file with --out FILE")
        with quiet_on_closed_pipe():
            write_export(dataset, output_format, sys.stdout)
        return
    with writing_to(out):
        if output_format == "xlsx":
            write_workbook(dataset, out)
        elif output_format == "csv":
            write_csv_file(assignments_sheet(dataset), out)
        else:
            with out.open("w", encoding="utf-8") as stream:
                write_export(dataset, output_format, stream)


def write_export(dataset: Dataset, output_format: TextExport, stream: TextIO) -> None:
    """The dataset as JSON or YAML, or the assignment table as CSV, on a text stream."""
    from taskmap.render.payload import write_json
    from taskmap.render.spreadsheet import assignments_sheet, write_csv

    match output_format:
        case "json":
            write_json(dataset.to_dict(), stream)
        case "yaml":
            import yaml

            yaml.safe_dump(dataset.to_dict(), stream, allow_unicode=True, sort_keys=False, width=1000)
        case "csv":
            write_csv(assignments_sheet(dataset), stream)
        case _:
            assert_never(output_format)
