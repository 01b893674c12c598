"""Finding and reading a data directory, and loading it through the cache.

The answer path stays light: it reads the files' bytes, hashes them and loads the cached JSON. Only on a
cache miss (or for `validate`) are PyYAML and pydantic imported to compile the YAML.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any

from taskmap import __version__
from taskmap.cache import read_cached, write_cached
from taskmap.dataset import Dataset
from taskmap.errors import InvalidDataset, Problem

NOTICE_FILE = "notice.yaml"
DEPARTMENTS_FILE = "departments.yaml"
ANNEX_DIR = "annexes"
MAX_FILE_BYTES = 16 * 1024 * 1024


def bundled_data_dir() -> Path:
    """The data shipped inside the package; in a source checkout, the repository's `data/`.

    The wheel installs the data as plain files beside the code, so a path next to this module finds it;
    importlib.resources would cost more start-up time (zipfile, tempfile) than the whole query.
    """
    packaged = Path(__file__).parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


def read_data_files(directory: Path) -> dict[str, bytes]:
    """Every data file's bytes by its name relative to `directory`; missing or unsafe files are problems."""
    if not directory.is_dir():
        raise InvalidDataset([Problem(str(directory), "", "data directory not found")])
    problems: list[Problem] = []
    files = [
        (name, directory / name, (directory / name).is_symlink()) for name in (NOTICE_FILE, DEPARTMENTS_FILE)
    ]
    annex_dir = directory / ANNEX_DIR
    if annex_dir.is_dir():
        annex_files = sorted(_annex_files(annex_dir))
        files += annex_files
        if not annex_files:
            problems.append(Problem(f"{ANNEX_DIR}/", "", "no annex files (*.yaml)"))
    else:
        problems.append(
            Problem(f"{ANNEX_DIR}/", "", "directory not found; one YAML file per annex belongs there")
        )
    root = directory.resolve()
    contents: dict[str, bytes] = {}
    for name, path, is_link in files:
        # Only a link can lead outside, so only links pay for resolving their path.
        if is_link and not path.resolve().is_relative_to(root):
            problems.append(Problem(name, "", "symbolic link points outside the data directory; refused"))
            continue
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


def _annex_files(annex_dir: Path) -> list[tuple[str, Path, bool]]:
    """(name, path, may lead elsewhere) for each annex file, found with one directory scan."""
    dir_is_link = annex_dir.is_symlink()
    with os.scandir(annex_dir) as entries:
        return [
            (f"{ANNEX_DIR}/{entry.name}", Path(entry.path), dir_is_link or entry.is_symlink())
            for entry in entries
            if entry.name.endswith(".yaml")
        ]


def content_key(contents: dict[str, bytes]) -> str:
    """A fingerprint of every file's name, length and bytes, and of taskmap's version.

    CRC-32 and Adler-32 together: a changed file matching both is a 1-in-2^64 accident, while a
    cryptographic hash would cost more start-up time than the whole query.
    """
    crc = adler = zlib.crc32(__version__.encode())
    for name in sorted(contents):
        for part in (name.encode(), len(contents[name]).to_bytes(8, "big"), contents[name]):
            crc, adler = zlib.crc32(part, crc), zlib.adler32(part, adler)
    return f"{crc:08x}{adler:08x}"


def compile_directory(directory: Path) -> dict[str, Any]:
    """Validate a data directory from scratch, ignoring any cache."""
    from taskmap.compiler import compile_files

    return compile_files(read_data_files(directory))


def load_dataset(directory: Path | None = None) -> Dataset:
    """The dataset in `directory` (default: the bundled data), from the cache when the files are unchanged."""
    directory = directory or bundled_data_dir()
    contents = read_data_files(directory)
    source = f"{zlib.crc32(str(directory.resolve()).encode()):08x}"
    key = content_key(contents)
    cached = read_cached(source, key)
    if cached is not None:
        try:
            return Dataset(*cached)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            pass  # written by another version of taskmap, or damaged: compile afresh
    from taskmap.compiler import compile_files

    data = compile_files(contents)
    write_cached(source, key, data)
    return Dataset.from_dict(data)
