"""Commands about the dataset as a whole: checking it and exporting it."""

# No `from __future__ import annotations` here: Typer would have to evaluate every annotation
# string again, which costs about 2 ms of start-up per run.

import sys
from typing import Annotated, Any, Literal

import typer

from taskmap.cli.app import EXIT_CODES_HELP, EXIT_INVALID_DATA, app
from taskmap.cli.options import DataOption
from taskmap.cli.output import quiet_on_closed_pipe
from taskmap.dataset import Dataset
from taskmap.errors import InvalidDataset
from taskmap.loading import bundled_data_dir, compile_directory

ExportFormat = Literal["json", "yaml"]


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


@app.command(
    epilog="Examples:\n\n  taskmap validate\n\n  taskmap validate --data ~/notice-2020/data\n\n"
    + EXIT_CODES_HELP
)
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
    epilog="Examples:\n\n  taskmap export --format json > notice.json\n\n  taskmap export --format yaml\n\n"
    + EXIT_CODES_HELP
)
def export(
    output_format: Annotated[ExportFormat, typer.Option("--format", "-f", help="json or yaml.")] = "json",
    data: DataOption = None,
) -> None:
    """Print the whole dataset: notice, annexes with their tasks, populations and units."""
    from taskmap.loading import load_dataset

    document = load_dataset(data).to_dict()
    with quiet_on_closed_pipe():
        write_document(document, output_format)


def write_document(document: dict[str, Any], output_format: ExportFormat) -> None:
    if output_format == "json":
        from taskmap.render.payload import write_json

        write_json(document, sys.stdout)
    else:
        import yaml

        yaml.safe_dump(document, sys.stdout, allow_unicode=True, sort_keys=False, width=1000)
