"""`taskmap import`: a published notice's page → a data directory, as a pipeline you can read in order.

readers (bytes → blocks) → parser (blocks → ParsedNotice, with conventions.py for unit groups)
→ writer (ParsedNotice → YAML files) → the loader's own compiler judges them → files moved into place.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from taskmap.errors import BadQuery, CannotWrite, InvalidDataset, NotFound
from taskmap.i18n import N_, _
from taskmap.importer.blocks import Source
from taskmap.importer.parser import parse_source
from taskmap.importer.placing import MANIFEST, check_target, manifest_text, place
from taskmap.importer.readers import UnreadableInput, read_source
from taskmap.importer.structure import ParsedNotice
from taskmap.importer.writer import (
    CONTROL,
    annex_document,
    clean,
    departments_document,
    notice_document,
    yaml_text,
)


class BadInput(BadQuery):
    """The input is not a page the importer can read (exit 2)."""


class NoTasks(NotFound):
    """The page holds no task at all (exit 1); the page and what its reading met say why."""

    def __init__(self, name: str, page: Source, notice: ParsedNotice) -> None:
        self.page = page
        self.notice = notice
        super().__init__(
            N_(
                "{file}: no task found (no item or table row was read as naming a unit;"
                " --report FILE says what was read)"
            ),
            file=name,
        )


@dataclass
class ImportResult:
    """What was imported and what the report says about it."""

    page: Source
    notice: ParsedNotice
    files: list[str]
    new_units: int
    units: int
    dataset: dict[str, Any]
    aside: Path | None = None  # where the notice that was in DIR before was kept


def read_file(file: str) -> bytes:
    """The bytes of FILE (or of stdin for `-`), never more than the readers accept: a FIFO or a device is
    refused before it is opened (opening a FIFO with no writer would hang), stdin stops at the limit."""
    import stat
    import sys

    from taskmap.importer.readers import MAX_INPUT_BYTES

    if file == "-":
        if sys.stdin.isatty():
            raise BadInput(N_("-: standard input is the terminal; pipe the notice in, or give its file"))
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        try:
            mode = Path(file).stat().st_mode
            if not stat.S_ISREG(mode):
                kind = (
                    "a directory" if stat.S_ISDIR(mode) else "not a regular file (a FIFO, socket or device)"
                )
                raise BadInput(f"{file}: {kind}; give the notice's file")
            with Path(file).open("rb") as opened:
                data = opened.read(MAX_INPUT_BYTES + 1)
        except OSError as error:
            raise BadInput(N_("{path}: cannot be read: {reason}"), path=file, reason=error.strerror) from None
    if len(data) > MAX_INPUT_BYTES:
        raise BadInput(
            N_("{path}: larger than {size} bytes; refused"), path=file, size=f"{MAX_INPUT_BYTES:,}"
        )
    return data


def read_input(data: bytes, name: str) -> Source:
    try:
        return read_source(data, name)
    except UnreadableInput as error:
        raise BadInput(f"{name}: {error}") from None


def load_registry(path: Path | None) -> list[dict[str, Any]]:
    """The entries of an existing departments.yaml, checked by the loader's own schema."""
    if path is None:
        return []
    from taskmap.store.schema import DepartmentsFile
    from taskmap.store.yamlfile import YamlProblem, parse_yaml

    try:
        raw = parse_yaml(path.read_bytes())
        DepartmentsFile.model_validate(raw)
    except OSError as error:
        raise BadInput(
            N_("{path}: cannot be read: {reason}"), path=f"--units {path}", reason=error.strerror
        ) from None
    except YamlProblem as problem:
        raise BadInput(f"--units {path}: {problem.where}: {problem.message}") from None
    except ValueError as error:
        raise BadInput(
            N_("{path}: not a departments.yaml ({reason})"),
            path=f"--units {path}",
            reason=str(error).splitlines()[0],
        ) from None
    entries: list[dict[str, Any]] = raw["departments"]
    return entries


def build_files(
    page: Source, notice: ParsedNotice, registry: list[dict[str, Any]], name: str
) -> tuple[dict[str, str], int, int]:
    departments, added = departments_document(notice, registry)
    files = {"notice.yaml": yaml_text(notice_document(notice))}
    files["departments.yaml"] = yaml_text({"departments": departments})
    for annex in notice.annexes:
        files[f"annexes/annex-{annex.number}.yaml"] = yaml_text(annex_document(annex, notice))
    source_name = Path(name).name if name != "-" else "stdin.txt"
    files[f"source/{Path(source_name).stem}.txt"] = clean(page.text)
    return files, added, len(departments)


def import_notice(
    data: bytes, name: str, out: Path, units: Path | None = None, force: bool = False
) -> ImportResult:
    """Read, parse and write one notice into `out`; nothing is written unless the loader accepts it."""
    check_target(out, force)
    registry = load_registry(units)
    page = read_input(data, name)
    if dropped := len(CONTROL.findall(page.text)):
        page.notes.append(_("{count} control characters (ESC and the like) dropped").format(count=dropped))
    notice = parse_source(page)
    if not any(task.roles for task in notice.tasks()):
        raise NoTasks(name, page, notice)
    files, added, unit_count = build_files(page, notice, registry, name)
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".taskmap-import-", dir=parent))
    except OSError as error:
        raise CannotWrite(
            N_("{path}: cannot be written: {reason}"), path=out, reason=error.strerror
        ) from None
    try:
        for relative, text in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        from taskmap.store.loading import compile_directory

        try:
            dataset = compile_directory(staging)
        except InvalidDataset as invalid:
            raise BadInput(
                N_("{name}: read, but what it gives is not valid data ({problem}); nothing written"),
                name=name,
                problem=invalid.problems[0],
            ) from None
        (staging / MANIFEST).write_text(manifest_text(staging, list(files)), encoding="utf-8")
        aside = place(staging, out)
    except OSError as error:
        raise CannotWrite(
            N_("{path}: cannot be written: {reason}"), path=out, reason=error.strerror
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ImportResult(page, notice, list(files), added, unit_count, dataset, aside)
