"""A library's own file of extra spellings (`spellings.yaml` beside its notices): the offices its notices
write in more than one way (交建局 and 区交建局, 发展改革委 and 国家发展改革委), made one unit across the
library without editing every notice's departments.yaml.

    平潭综合实验区:
      区交建局: [交建局]
    全国:
      国家发展改革委: [发展改革委, 发改委]

Under each place, a unit's name as the library should show it, then its other spellings. The file is
judged like any data file (strict YAML, checked by pydantic, every problem naming the file and the place)
and read only when its bytes change: what it says is kept in the library's database under their digest.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from taskmap.errors import InvalidDataset, Problem
from taskmap.i18n import N_
from taskmap.library import SameUnit
from taskmap.store.database import fingerprint

if TYPE_CHECKING:
    from taskmap.store.database import Database

SPELLINGS_FILE = "spellings.yaml"
MAX_BYTES = 1024 * 1024


def spellings_files(directories: Sequence[Path]) -> list[Path]:
    """The spellings files of the libraries given (a directory holding notices may hold one)."""
    return [directory / SPELLINGS_FILE for directory in directories if (directory / SPELLINGS_FILE).is_file()]


def read_same_units(files: list[Path], database: Database | None = None) -> tuple[list[SameUnit], str]:
    """Every entry of the files, in order, with a digest of their bytes (which merged units depend on).

    An unchanged file is answered from the database without parsing it again.
    """
    entries: list[SameUnit] = []
    digests: list[bytes] = []
    for path in files:
        try:
            with path.open("rb") as file:  # bounded: one byte past the limit says it is too large
                raw = file.read(MAX_BYTES + 1)
        except OSError as error:
            unread = N_("cannot be read: {reason}")
            raise InvalidDataset([Problem(str(path), "", unread, {"reason": error.strerror})]) from None
        digest = fingerprint(raw)
        digests.append(digest.encode())
        remembered = database.library_part(f"spellings {path}") if database is not None else None
        if isinstance(remembered, dict) and remembered.get("digest") == digest:
            entries += [
                SameUnit(str(path), place, name, tuple(spellings))
                for place, name, spellings in remembered["entries"]
            ]
            continue
        parsed = parse_same_units(raw, str(path))
        if database is not None:
            rows = [[entry.place, entry.name, list(entry.spellings)] for entry in parsed]
            database.write_library_part(f"spellings {path}", {"digest": digest, "entries": rows})
        entries += parsed
    return entries, fingerprint(*digests)


def parse_same_units(raw: bytes, source: str) -> list[SameUnit]:
    """The entries of one file's bytes, checked; every problem is one InvalidDataset naming `source`."""
    from pydantic import TypeAdapter, ValidationError

    from taskmap.store.compiler import key_path, message_of
    from taskmap.store.schema import SpellingsFile
    from taskmap.store.yamlfile import YamlProblem, parse_yaml

    if len(raw) > MAX_BYTES:
        larger = N_("file is larger than {limit} bytes; refused")
        raise InvalidDataset([Problem(source, "", larger, {"limit": f"{MAX_BYTES:,}"})])
    try:
        data: Any = parse_yaml(raw)
    except YamlProblem as problem:
        raise InvalidDataset([problem.in_file(source)]) from None
    try:
        checked = TypeAdapter(SpellingsFile).validate_python({} if data is None else data, strict=True)
    except ValidationError as error:
        problems = [Problem(source, key_path(d["loc"], data), *message_of(d)) for d in error.errors()]
        raise InvalidDataset(problems) from None
    entries = [
        SameUnit(source, place, name, tuple(spellings))
        for place, units in checked.items()
        for name, spellings in units.items()
    ]
    problems = _listed_twice(entries)
    if problems:
        raise InvalidDataset(problems)
    return entries


def _listed_twice(entries: list[SameUnit]) -> list[Problem]:
    """A spelling may name one unit of a place only."""
    from taskmap.registry import normalise

    owner: dict[tuple[str, str], str] = {}
    problems = []
    for entry in entries:
        for spelling in (entry.name, *entry.spellings):
            key = (normalise(entry.place), normalise(spelling))
            first = owner.setdefault(key, entry.name)
            if first != entry.name:
                where, values = f"{entry.place}.{entry.name}", {"name": spelling, "unit": first}
                problems.append(Problem(entry.source, where, N_("'{name}' already names {unit}"), values))
    return problems
