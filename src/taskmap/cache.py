"""A compact JSON copy of the compiled dataset, so answers need neither PyYAML nor pydantic.

An entry is two files: a small JSON index (everything but the tasks, plus the unit → task index) and the
records as JSON lines (tasks, annexes, populations, units, then each unit's view of the notice), of
which an answer parses only those it shows. Entries are keyed by the content of the data files, so an
edited file can never be answered from a stale entry. Any trouble with
the cache directory (missing, read-only, corrupt entry) means "no cache", never an error.
"""

from __future__ import annotations

import itertools
import json
import mmap
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from taskmap.dataset import split_export, unit_views

CACHE_ENV = "TASKMAP_CACHE_DIR"
SETTLED_NS = 5 * 10**9
RECORDS_SUFFIX = ".tasks.jsonl"
JsonDict = dict[str, Any]
FileStats = list[list[Any]]


def cache_dir() -> Path:
    """`TASKMAP_CACHE_DIR`, else the platform's user cache directory."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    if sys.platform == "linux":
        # What platformdirs answers on Linux (the XDG base directory rule), without the 3 ms its import
        # adds to every run; other platforms ask platformdirs.
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
        return base / "taskmap"
    import platformdirs

    return Path(platformdirs.user_cache_dir("taskmap", appauthor=False))


def _entry(stem: Path) -> tuple[Path, Path]:
    return stem.with_suffix(".json"), stem.with_suffix(RECORDS_SUFFIX)


def _cache_stem(source: str, key: str) -> Path:
    return cache_dir() / f"{source}-{key}"


def read_cached(source: str, key: str) -> tuple[JsonDict, EntryRecords] | None:
    """The cached index and a reader of records by position for this content key, or None."""
    return read_entry(_cache_stem(source, key), key)


def read_entry(stem: Path, key: str) -> tuple[JsonDict, EntryRecords] | None:
    """The index and records of the entry at `stem` if it holds this content key, else None."""
    index_path, records_path = _entry(stem)
    try:
        entry = json.loads(index_path.read_bytes())
        records = _mapped(records_path)
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    offsets = entry.get("offsets")
    if not isinstance(offsets, list) or not offsets or offsets[-1] != len(records):
        return None
    spans = list(itertools.pairwise(offsets))
    index: JsonDict = entry["dataset"]
    return index, EntryRecords(records, spans)


def read_view(source: str, key: str, size: int, span: list[int]) -> tuple[JsonDict, EntryRecords] | None:
    """One unit's view of a cached notice (see `dataset.unit_views`) and a reader of its records."""
    read = read_spanned(source, key, size, span)
    if read is None:
        return None
    view, records = read
    try:
        spans = [(start, end) for start, end in view.pop("spans")]
    except (TypeError, KeyError, ValueError, AttributeError):
        return None
    return view, EntryRecords(records, spans)


def read_spanned(source: str, key: str, size: int, span: list[int]) -> tuple[Any, mmap.mmap] | None:
    """One record of a cached notice, found by its byte span, without reading the notice's index.

    `size` is the records file's length when the span was recorded; None if it differs.
    """
    try:
        # A plain string: a library reads one view from each of a hundred notices' entries.
        records = _mapped(f"{cache_dir()}/{source}-{key}{RECORDS_SUFFIX}")
        if len(records) != size:
            return None
        return json.loads(records[span[0] : span[1]]), records
    except (OSError, ValueError, TypeError, IndexError):
        return None


def _mapped(path: Path | str) -> mmap.mmap:
    with open(path, "rb") as file:  # noqa: PTH123 (a string path is cheaper to open)
        # Mapped, not read: an answer touches only the pages of the records it shows. Entries are
        # replaced whole (never rewritten in place), so the mapped file never shrinks underfoot.
        return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)


class EntryRecords:
    """An entry's records, parsed by position only when asked for, and where each lies in the file."""

    def __init__(self, mapped: mmap.mmap, spans: list[tuple[int, int]]) -> None:
        self._mapped = mapped
        self.spans = spans
        self.size = len(mapped)

    def __call__(self, positions: list[int]) -> list[JsonDict]:
        lines = b",".join(self._mapped[slice(*self.spans[position])] for position in positions)
        parsed: list[JsonDict] = json.loads(b"[" + lines + b"]")
        return parsed


def write_cached(source: str, key: str, data: JsonDict) -> None:
    """Store the compiled dataset and drop older entries of the same data directory; never fails."""
    stem = _cache_stem(source, key)
    try:
        write_entry(stem, key, data)
        for stale in stem.parent.glob(f"{source}-*"):
            if stale not in _entry(stem):
                stale.unlink(missing_ok=True)
    except OSError:
        return


def write_entry(stem: Path, key: str, data: JsonDict) -> None:
    """Write the compiled dataset as an entry at `stem` (index and records); raises OSError.

    After the records come the units' views (see `dataset.unit_views`), each with the spans of the
    records it indexes, so that a library can read one unit's view and then just those records.
    """
    index, records = split_export(data)
    lines = [json.dumps(record, ensure_ascii=False).encode() + b"\n" for record in records]
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    units = [row["name"] for row in records[index["departments_at"]]["departments"]]
    views = unit_views(index, units)
    index["unit_views"] = {}
    for unit, view in views.items():
        view["spans"] = [[offsets[position], offsets[position + 1]] for position in view.pop("records")]
        lines.append(json.dumps(view, ensure_ascii=False).encode() + b"\n")
        index["unit_views"][unit] = len(offsets) - 1
        offsets.append(offsets[-1] + len(lines[-1]))
    index_path, records_path = _entry(stem)
    index_path.parent.mkdir(parents=True, exist_ok=True)
    # Records first: an index on disk always has its records beside it.
    _write_atomically(records_path, b"".join(lines))
    entry = {"key": key, "offsets": offsets, "dataset": index}
    _write_atomically(index_path, json.dumps(entry, ensure_ascii=False).encode())


def recall_key(source: str, hold: Callable[[FileStats], bool]) -> tuple[str, FileStats] | None:
    """The content key last computed for these files and their stats then, if `hold` says they still do.

    A write always moves a file's change time forward. Stats recorded when every file had been left
    alone for SETTLED_NS therefore change with any later write, even one within the same clock tick, so
    equal stats mean equal content and the files need not be read again.
    """
    try:
        entry = json.loads(_files_entry(source).read_bytes())
        stats, key = entry["files"], entry["key"]
        if isinstance(key, str) and settled(stats, entry.get("checked_at", 0)) and hold(stats):
            return key, stats
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    return None


def settled(stats: FileStats, checked_at: int) -> bool:
    """Every file had been left alone for SETTLED_NS when its stats were taken at `checked_at`."""
    settled_before = checked_at - SETTLED_NS
    return all(stat[2] < settled_before and stat[3] < settled_before for stat in stats)


def remember_key(source: str, stats: FileStats | None, key: str, checked_at: int) -> None:
    """Record which content key files with these stats (taken at `checked_at`) had; never fails."""
    if stats is None:
        return
    entry = {"files": stats, "checked_at": checked_at, "key": key}
    try:
        _files_entry(source).parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(_files_entry(source), json.dumps(entry, ensure_ascii=False).encode())
    except OSError:
        return


def read_library_entry(source: str, part: str = "library") -> JsonDict | None:
    """What was last learnt about the library of notice directories named `source`, or None.

    `part` "library" is what every run reads (each notice's stats, key and facts, the merged units);
    "views" is where each notice's unit views lie, read only to answer a unit.
    """
    try:
        entry = json.loads(_library_entry(source, part).read_bytes())
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) and isinstance(entry.get("notices"), dict) else None


def write_library_entry(source: str, entry: JsonDict, part: str = "library") -> None:
    """Record one part of what is known of a library (see `read_library_entry`); never fails."""
    try:
        _library_entry(source, part).parent.mkdir(parents=True, exist_ok=True)
        _write_atomically(_library_entry(source, part), json.dumps(entry, ensure_ascii=False).encode())
    except OSError:
        return


def _library_entry(source: str, part: str) -> Path:
    return cache_dir() / f"{source}.{part}.json"


def _files_entry(source: str) -> Path:
    return cache_dir() / f"{source}.files.json"


def _write_atomically(target: Path, content: bytes) -> None:
    """Readers see the old file or the new one, never half of one."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(content)
    temporary.replace(target)
