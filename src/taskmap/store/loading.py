"""Finding and reading a data directory, and loading it through its library's database.

The answer path stays light: it reads the files' bytes, hashes them and reads the compiled notice from
the database (see `taskmap.store.database`). The wheel carries the shipped data's database already built
(see hatch_build.py), so even the first answer after install needs no compile. Only for other or edited
data (or for `validate`) are PyYAML and pydantic imported to compile the YAML.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from taskmap import __version__
from taskmap.central import registry_bytes
from taskmap.dataset import Dataset, RecordReader, split_export
from taskmap.errors import InvalidDataset, Problem
from taskmap.i18n import N_
from taskmap.store.database import Database, fingerprint

NOTICE_FILE = "notice.yaml"
DEPARTMENTS_FILE = "departments.yaml"
ANNEX_DIR = "annexes"
ANNEX_LISTING = f"{ANNEX_DIR}/"  # the annex directory itself, among the stats of a directory's files
MAX_FILE_BYTES = 16 * 1024 * 1024
# Where the wheel carries the shipped data's database: like a library's, the notice under its content key.
SHIPPED_DATABASE = Path(__file__).parents[1] / "compiled" / "notice.sqlite3"
# Files left alone this long before their stats were taken are trusted unchanged while the stats hold.
SETTLED_NS = 5 * 10**9
# What is recorded of a directory's files to know them unchanged, compact because a library reads it for
# every notice on every run: their names and their stats (size, modification and change times, inode),
# each a line, and the latest time any of them changed.
FileStats = dict[str, Any]


def bundled_data_dir() -> Path:
    """The data shipped inside the package; in a source checkout, the repository's `data/`.

    The wheel installs the data as plain files beside the code, so a path beside the package finds it;
    importlib.resources would cost more start-up time (zipfile, tempfile) than the whole query.
    """
    packaged = Path(__file__).parents[1] / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "data"


DataFile = tuple[str, Path]


def find_data_files(directory: Path) -> list[DataFile]:
    """Name (relative to `directory`) and path of each data file; missing parts and links out are problems."""
    if not directory.is_dir():
        raise InvalidDataset([Problem(str(directory), "", N_("data directory not found"))])
    if not any((directory / name).exists() for name in (NOTICE_FILE, DEPARTMENTS_FILE, ANNEX_DIR)):
        # A folder of page texts, say: what it needs is an import, not a list of missing files.
        message = N_("not a data directory — import it first: taskmap import FILE --out DIR")
        raise InvalidDataset([Problem(str(directory), "", message)])
    problems: list[Problem] = []
    candidates = [
        (name, directory / name, (directory / name).is_symlink()) for name in (NOTICE_FILE, DEPARTMENTS_FILE)
    ]
    annex_dir = directory / ANNEX_DIR
    if annex_dir.is_dir():
        annex_files = sorted(_annex_files(annex_dir))
        candidates += annex_files
        if not annex_files:
            problems.append(Problem(f"{ANNEX_DIR}/", "", N_("no annex files (*.yaml)")))
    else:
        problems.append(
            Problem(f"{ANNEX_DIR}/", "", N_("directory not found; one YAML file per annex belongs there"))
        )
    files = []
    for name, path, is_link in candidates:
        # Only a link can lead outside, so only links pay for resolving their path (and the directory's).
        if is_link and not path.resolve().is_relative_to(directory.resolve()):
            problems.append(Problem(name, "", N_("symbolic link points outside the data directory; refused")))
        else:
            files.append((name, path))
    if problems:
        raise InvalidDataset(problems)
    return files


def _annex_files(annex_dir: Path) -> list[tuple[str, Path, bool]]:
    """(name, path, may lead elsewhere) for each annex file, found with one directory scan."""
    dir_is_link = annex_dir.is_symlink()
    with os.scandir(annex_dir) as entries:
        return [
            (f"{ANNEX_DIR}/{entry.name}", Path(entry.path), dir_is_link or entry.is_symlink())
            for entry in entries
            if entry.name.endswith(".yaml")
        ]


def read_data_files(files: list[DataFile]) -> dict[str, bytes]:
    """Every data file's bytes by name; a missing, unreadable or oversized file is a problem."""
    problems: list[Problem] = []
    contents: dict[str, bytes] = {}
    for name, path in files:
        try:
            with path.open("rb") as file:
                if os.fstat(file.fileno()).st_size > MAX_FILE_BYTES:
                    refused = N_("file is larger than {limit} bytes; refused")
                    problems.append(Problem(name, "", refused, {"limit": f"{MAX_FILE_BYTES:,}"}))
                    continue
                contents[name] = file.read()
        except FileNotFoundError:
            problems.append(Problem(name, "", N_("file not found")))
        except OSError as error:
            problems.append(Problem(name, "", N_("cannot be read: {reason}"), {"reason": error.strerror}))
    if problems:
        raise InvalidDataset(problems)
    return contents


def file_stats(files: list[DataFile], directory: Path) -> FileStats | None:
    """Name, size, modification and change times and inode of every file, then of the annex directory
    (whose times move when a file is added, removed or renamed in it); None if any cannot be read."""
    names, lines, latest = [], [], 0
    for name, path in [*files, (ANNEX_LISTING, directory / ANNEX_DIR)]:
        try:
            stat = path.stat()
        except OSError:
            return None
        names.append(name)
        lines.append(_stat_line(stat))
        latest = max(latest, stat.st_mtime_ns, stat.st_ctime_ns)
    return {"names": "\n".join(names), "stats": "\n".join(lines), "latest": latest}


def _stat_line(stat: os.stat_result) -> str:
    return f"{stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino}"


# What the compiler makes of the same files changes with the code: a cache entry of an older form must
# not answer, nor a content key remembered for it. Change it with every change to what a compiled
# notice holds; it is part of every content key and of the name each data directory is cached under.
COMPILED_FORM = b"catch-alls-by-phrase"


def content_key(contents: dict[str, bytes]) -> str:
    """A BLAKE2b-256 digest of taskmap's version and every file's name and bytes.

    Cryptographic, so that no edit, however made, gives the key of other content. Unchanged data costs
    no hashing at all on most runs (see `recall_key`). The shipped registry of central units is part of
    the content: a national notice is compiled with it.
    """
    parts = [part for name in sorted(contents) for part in (name.encode(), contents[name])]
    return fingerprint(__version__.encode(), COMPILED_FORM, registry_bytes(), *parts)


def compile_directory(directory: Path) -> dict[str, Any]:
    """Validate a data directory from scratch, ignoring any cache."""
    from taskmap.store.compiler import compile_files

    return compile_files(read_data_files(find_data_files(directory)))


def ship_compiled(directory: Path, target: Path) -> None:
    """Compile a data directory into the database a wheel carries at `SHIPPED_DATABASE`."""
    from taskmap.store.compiler import compile_files

    contents = read_data_files(find_data_files(directory))
    target.unlink(missing_ok=True)
    database = Database.open(target)
    database.store_compiled(content_key(contents), *split_export(compile_files(contents)))
    database.seal()


def load_dataset(directory: Path | None = None) -> Dataset:
    """The dataset in `directory` (default: the bundled data), from the database when the files are unchanged.

    Files whose stats are those recorded long after their last change are not read again (see
    `settled`); otherwise their content is read and fingerprinted. The bundled data may also be
    answered from the database shipped in the wheel, when its content key is the files' own.
    """
    return load_checked(directory)[0]


def load_checked(
    directory: Path | None = None, database: Database | None = None, known: Any = None
) -> tuple[Dataset, str, FileStats | None]:
    """The dataset as `load_dataset` gives it, its content key, and its files' stats taken before reading.

    A library passes its `database` and what it `known` of the directory, and records the rest itself;
    a directory loaded alone is recorded in a database of its own.
    """
    shipped = directory is None
    directory = directory or bundled_data_dir()
    alone = database is None
    if database is None:
        database = Database.of_library(data_source(directory))
        known = database.directory("")
    recalled = _recalled(directory, known)
    if recalled is not None and (dataset := _stored(database, directory, recalled[0], shipped)) is not None:
        return dataset, *recalled
    files = find_data_files(directory)
    checked_at = time.time_ns()
    stats = file_stats(files, directory)
    contents = read_data_files(files)
    key = content_key(contents)
    dataset = _stored(database, directory, key, shipped)
    if dataset is None:
        from taskmap.store.compiler import compile_files

        index, records = split_export(compile_files(contents))
        database.store_compiled(key, index, records)
        dataset = Dataset(index, _reader(database, directory, key, records))
    if alone and stats is not None:
        database.remember_directories({"": {"key": key, "files": stats, "at": checked_at}}, keep=())
    return dataset, key, stats


def _recalled(directory: Path, known: Any) -> tuple[str, FileStats] | None:
    """The content key last computed for the directory's files, if their recorded stats still hold."""
    try:
        stats, key = known["files"], known["key"]
        if isinstance(key, str) and settled(stats, known["at"]) and stats_hold(directory, stats):
            return key, stats
    except (KeyError, TypeError, IndexError, ValueError):
        return None
    return None


def settled(stats: FileStats, checked_at: int) -> bool:
    """Every file had been left alone for SETTLED_NS when its stats were taken at `checked_at`.

    A write always moves a file's change time forward. Stats recorded when every file had been left
    alone for SETTLED_NS therefore change with any later write, even one within the same clock tick, so
    equal stats mean equal content and the files need not be read again.
    """
    return bool(stats["latest"] < checked_at - SETTLED_NS)


def data_source(directory: Path) -> str:
    """The name the cache files a data directory under: a fingerprint of its resolved path's bytes."""
    return fingerprint(COMPILED_FORM, os.fsencode(directory.resolve()))[:16]


def stats_hold(directory: Path | str, recorded: FileStats) -> bool:
    """Whether a data directory holds exactly the files recorded, each with its recorded stats.

    What unchanged data costs on every run: a stat per file and one of the annex directory, on plain
    strings, not `find_data_files`' paths, scans and link checks. The annex directory's times stand for
    its list of files; a file replaced, or linked elsewhere, has another inode, so it fails here and is
    looked at afresh.
    """
    base = os.fspath(directory)
    try:
        names = recorded["names"].split("\n")
        if names[-1] != ANNEX_LISTING:
            return False
        now = "\n".join(_stat_line(os.stat(f"{base}/{name}")) for name in names)  # noqa: PTH116 (plain strings)
    except (OSError, TypeError, ValueError, KeyError, AttributeError):
        return False
    return bool(now == recorded["stats"])


def stored_dataset(database: Database, directory: Path, key: str) -> Dataset | None:
    """The dataset of `directory` with this content key from the library's database, if there."""
    return _stored(database, directory, key, False)


def _stored(database: Database, directory: Path, key: str, shipped: bool) -> Dataset | None:
    """The dataset with this content key from the database, else from the shipped one if `shipped`."""
    found = database.compiled(key)
    source = database
    if found is None and shipped:
        carried = Database.open_shipped(SHIPPED_DATABASE)
        found = None if carried is None else carried.compiled(key)
        source = carried or database
    if found is None:
        return None
    try:
        return Dataset(found[0], _reader(source, directory, key, None, rebuilt_into=database))
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None  # damaged past its checks: compile afresh


def _reader(
    database: Database,
    directory: Path,
    key: str,
    records: list[dict[str, Any]] | None,
    rebuilt_into: Database | None = None,
) -> RecordReader:
    """Records by position: from memory after a compile, else from the database, checked as read.

    When one fails its check, `directory` is compiled again (its files must still have content key
    `key`) and stored anew, and every record is given from that compile.
    """
    compiled: list[list[dict[str, Any]]] = [] if records is None else [records]

    def read(positions: list[int]) -> list[dict[str, Any]]:
        if not compiled:
            found = database.records(key, positions)
            if found is not None:
                return found
            compiled.append(_compiled_again(rebuilt_into or database, directory, key))
        return [compiled[0][position] for position in positions]

    return read


def _compiled_again(database: Database, directory: Path, key: str) -> list[dict[str, Any]]:
    """The records of `directory`, compiled from its files, which must still have content key `key`."""
    from taskmap.store.compiler import compile_files

    contents = read_data_files(find_data_files(directory))
    if content_key(contents) != key:
        raise InvalidDataset(
            [Problem(str(directory), "", N_("its files changed while they were being read; run again"))]
        )
    index, records = split_export(compile_files(contents))
    database.store_compiled(key, index, records)
    return records
