"""Finding and reading a data directory, and loading it through the cache.

The answer path stays light: it reads the files' bytes, hashes them and loads the cached JSON. The wheel
carries the shipped data already compiled (see hatch_build.py), so even the first answer after install
needs no compile. Only on a cache miss for other or edited data (or for `validate`) are PyYAML and
pydantic imported to compile the YAML.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from taskmap import __version__
from taskmap.cache import (
    FileStats,
    Rebuild,
    fingerprint,
    read_cached,
    read_entry,
    read_spanned,
    read_view,
    recall_key,
    remember_key,
    write_cached,
    write_entry,
)
from taskmap.central import registry_bytes
from taskmap.dataset import Dataset, department_from_dict, split_export
from taskmap.errors import InvalidDataset, Problem
from taskmap.i18n import N_
from taskmap.model import Department

NOTICE_FILE = "notice.yaml"
DEPARTMENTS_FILE = "departments.yaml"
ANNEX_DIR = "annexes"
MAX_FILE_BYTES = 16 * 1024 * 1024
# Where the wheel carries the shipped data's compiled form: an entry like the cache's, same key.
SHIPPED_ENTRY = Path(__file__).parent / "compiled" / "dataset"


def bundled_data_dir() -> Path:
    """The data shipped inside the package; in a source checkout, the repository's `data/`.

    The wheel installs the data as plain files beside the code, so a path next to this module finds it;
    importlib.resources would cost more start-up time (zipfile, tempfile) than the whole query.
    """
    packaged = Path(__file__).parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


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
            problems.append(Problem(name, "", "symbolic link points outside the data directory; refused"))
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
                    problems.append(
                        Problem(name, "", f"file is larger than {MAX_FILE_BYTES:,} bytes; refused")
                    )
                    continue
                contents[name] = file.read()
        except FileNotFoundError:
            problems.append(Problem(name, "", "file not found"))
        except OSError as error:
            problems.append(Problem(name, "", f"cannot be read: {error.strerror}"))
    if problems:
        raise InvalidDataset(problems)
    return contents


def file_stats(files: list[DataFile]) -> FileStats | None:
    """Name, size, modification and change times and inode of every file; None if any cannot be read."""
    stats: FileStats = []
    for name, path in files:
        try:
            stat = path.stat()
        except OSError:
            return None
        stats.append([name, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino])
    return stats


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
    from taskmap.compiler import compile_files

    return compile_files(read_data_files(find_data_files(directory)))


def ship_compiled(directory: Path, stem: Path) -> None:
    """Compile a data directory and write it as the entry a wheel carries at `SHIPPED_ENTRY`."""
    from taskmap.compiler import compile_files

    contents = read_data_files(find_data_files(directory))
    write_entry(stem, content_key(contents), compile_files(contents))


def load_dataset(directory: Path | None = None) -> Dataset:
    """The dataset in `directory` (default: the bundled data), from the cache when the files are unchanged.

    Files whose stats are those recorded long after their last change are not read again (see
    `recall_key`); otherwise their content is read and fingerprinted. The bundled data may also be
    answered from the compiled form shipped in the wheel, when its content key is the files' own.
    """
    return load_checked(directory)[0]


def load_checked(directory: Path | None = None) -> tuple[Dataset, str, FileStats | None]:
    """The dataset as `load_dataset` gives it, its content key, and its files' stats taken before reading."""
    shipped = SHIPPED_ENTRY if directory is None else None
    directory = directory or bundled_data_dir()
    source = data_source(directory)
    recalled = recall_key(source, lambda stats: stats_hold(directory, stats))
    if recalled is not None and (dataset := _from_cache(source, directory, recalled[0], shipped)) is not None:
        return dataset, *recalled
    files = find_data_files(directory)
    checked_at = time.time_ns()
    stats = file_stats(files)
    contents = read_data_files(files)
    key = content_key(contents)
    dataset = _from_cache(source, directory, key, shipped)
    if dataset is None:
        from taskmap.compiler import compile_files

        data = compile_files(contents)
        write_cached(source, key, data)
        # Read back when the cache took it, so the dataset knows where its records and views lie.
        dataset = _from_cache(source, directory, key, None) or Dataset.from_dict(data)
    remember_key(source, stats, key, checked_at)
    return dataset, key, stats


def data_source(directory: Path) -> str:
    """The name the cache files a data directory under: a fingerprint of its resolved path's bytes."""
    return fingerprint(COMPILED_FORM, os.fsencode(directory.resolve()))[:16]


def stats_hold(directory: Path, recorded: FileStats) -> bool:
    """Whether a data directory holds exactly the files recorded, each with its recorded stats.

    What unchanged data costs on every run: one directory scan and a stat per file on plain strings,
    not `find_data_files`' paths and link checks. A file replaced, or linked elsewhere, has
    another inode, so it fails here and is looked at afresh.
    """
    base = os.fspath(directory)
    try:
        with os.scandir(f"{base}/{ANNEX_DIR}") as entries:
            annexes = sorted(f"{ANNEX_DIR}/{entry.name}" for entry in entries if entry.name.endswith(".yaml"))
        if [NOTICE_FILE, DEPARTMENTS_FILE, *annexes] != [row[0] for row in recorded]:
            return False
        for name, *stats in recorded:
            now = os.stat(f"{base}/{name}")  # noqa: PTH116 (plain strings, see above)
            if [now.st_size, now.st_mtime_ns, now.st_ctime_ns, now.st_ino] != stats:
                return False
    except (OSError, TypeError, ValueError):
        return False
    return True


def cached_dataset(source: str, directory: Path, key: str) -> Dataset | None:
    """The dataset of `directory` (cached as `source`) with this content key from the cache, if there."""
    return _from_cache(source, directory, key, None)


def cached_view(
    source: str, directory: Path, key: str, size: int, span: list[int], jurisdiction: str
) -> Dataset | None:
    """One unit's view of a cached notice (see `dataset.unit_views`), or None if the cache lost it.

    A view's notice holds only its jurisdiction; its key is set when it is labelled.
    """
    read = read_view(source, key, size, span, lambda in_notice: _rebuilder(directory, key, in_notice))
    if read is None:
        return None
    index, records = read
    index["notice"] = {"jurisdiction": jurisdiction}
    try:
        return Dataset(index, records)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None


def cached_departments(source: str, key: str, size: int, span: list[int]) -> list[Department] | None:
    """A cached notice's units alone, read by the span of their record (see `cache.read_spanned`)."""
    read = read_spanned(source, key, size, span)
    if read is None:
        return None
    try:
        return [department_from_dict(row) for row in read[0]["departments"]]
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def _from_cache(source: str, directory: Path, key: str, shipped: Path | None) -> Dataset | None:
    """The dataset with this content key from the user's cache, else from the shipped entry if given."""
    rebuild = _rebuilder(directory, key)
    cached = read_cached(source, key, rebuild)
    if cached is None and shipped is not None:
        cached = read_entry(shipped, key, rebuild)
    if cached is None:
        return None
    try:
        return Dataset(*cached)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None  # written by another version of taskmap, or damaged: compile afresh


def _rebuilder(directory: Path, key: str, in_notice: list[int] | None = None) -> Rebuild:
    """What gives a cached entry's records afresh when one fails its check: `directory` compiled again.

    `in_notice` maps a view's records to the notice's. The entry is written anew on the way, so the next
    run reads a sound one.
    """
    compiled: list[list[dict[str, Any]]] = []

    def rebuild(positions: list[int]) -> list[dict[str, Any]]:
        if not compiled:
            compiled.append(_compiled_again(directory, key))
        records = compiled[0]
        return [records[position if in_notice is None else in_notice[position]] for position in positions]

    return rebuild


def _compiled_again(directory: Path, key: str) -> list[dict[str, Any]]:
    """The records of `directory`, compiled from its files, which must still have content key `key`."""
    from taskmap.compiler import compile_files

    contents = read_data_files(find_data_files(directory))
    if content_key(contents) != key:
        raise InvalidDataset(
            [Problem(str(directory), "", "its files changed while they were being read; run again")]
        )
    data = compile_files(contents)
    write_cached(data_source(directory), key, data)
    return split_export(data)[1]
