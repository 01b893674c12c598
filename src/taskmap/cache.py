"""A compact JSON copy of the compiled dataset, so answers need neither PyYAML nor pydantic.

An entry is two files: a small JSON index (everything but the tasks, plus the unit → task index) and the
records as JSON lines (tasks, annexes, populations, units, then each unit's view of the notice), of
which an answer parses only those it shows. Entries are keyed by a BLAKE2b digest of the data files'
bytes, so an edited file can never be answered from a stale entry.

Nothing read from the cache is believed unchecked: each JSON file begins with a digest of the rest, and
each record line with a digest of its bytes keyed by the entry's content key (so that a record of
another entry fails too). A file that fails is no cache; a record that fails is given afresh from the
YAML by the reader's `rebuild`. Any trouble with the cache directory (missing, read-only, damaged)
means "no cache": never an error, never a wrong answer.
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

try:  # hashlib's own BLAKE2b, without the 4 ms `import hashlib` spends loading OpenSSL
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

CACHE_ENV = "TASKMAP_CACHE_DIR"
SETTLED_NS = 5 * 10**9
RECORDS_SUFFIX = ".tasks.jsonl"
KEY_BYTES = 32  # a content key: BLAKE2b-256
CHECK_BYTES = 16  # the digest that checks a cache file or record
CHECK_HEX = 2 * CHECK_BYTES
JsonDict = dict[str, Any]
FileStats = list[list[Any]]
Rebuild = Callable[[list[int]], list[JsonDict]]


def fingerprint(*parts: bytes) -> str:
    """A BLAKE2b-256 digest of `parts`, each framed by its length so that no two sequences collide."""
    digest = blake2b(digest_size=KEY_BYTES)
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _check(body: bytes, key: bytes = b"") -> bytes:
    return blake2b(body, digest_size=CHECK_BYTES, key=key).hexdigest().encode()


def _sealed(value: Any) -> bytes:
    """A JSON file's bytes: the digest of the JSON, a newline, the JSON (lone surrogates of non-UTF-8
    paths kept, as `json.loads` reads them back)."""
    body = json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return _check(body) + b"\n" + body


def _unsealed(raw: bytes) -> Any:
    """The JSON value of a file `_sealed` wrote; ValueError if it is not one, byte for byte."""
    body = raw[CHECK_HEX + 1 :]
    if raw[CHECK_HEX : CHECK_HEX + 1] != b"\n" or raw[:CHECK_HEX] != _check(body):
        raise ValueError("cache file fails its check")
    return json.loads(body)


def _read_json(path: Path | str) -> Any:
    with open(path, "rb") as file:  # noqa: PTH123 (a string path is cheaper to open)
        return _unsealed(file.read())


def _record_key(key: str) -> bytes:
    """The BLAKE2b key that ties an entry's records to its content key (at most 64 bytes)."""
    return key.encode()[:64]


def _record_line(record: Any, key: bytes) -> bytes:
    body = json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"
    return _check(body, key) + body


def _record_body(line: bytes, key: bytes) -> bytes | None:
    """The JSON of one record line, or None if the line fails its check."""
    body = line[CHECK_HEX:]
    return body if line[:CHECK_HEX] == _check(body, key) else None


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


def read_cached(source: str, key: str, rebuild: Rebuild) -> tuple[JsonDict, EntryRecords] | None:
    """The cached index and a reader of records by position for this content key, or None.

    `rebuild` gives the records at some positions afresh, for when a cached one fails its check.
    """
    return read_entry(_cache_stem(source, key), key, rebuild)


def read_entry(stem: Path, key: str, rebuild: Rebuild) -> tuple[JsonDict, EntryRecords] | None:
    """The index and records of the entry at `stem` if it holds this content key, else None."""
    index_path, records_path = _entry(stem)
    try:
        entry = _read_json(index_path)
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
    return index, EntryRecords(records, spans, key, rebuild)


def read_view(
    source: str, key: str, size: int, span: list[int], rebuild: Callable[[list[int]], Rebuild]
) -> tuple[JsonDict, EntryRecords] | None:
    """One unit's view of a cached notice (see `dataset.unit_views`) and a reader of its records.

    `rebuild`, given where each of the view's records stands among the notice's, gives the reader's.
    """
    read = read_spanned(source, key, size, span)
    if read is None:
        return None
    view, records = read
    try:
        spans = [(start, end) for start, end in view.pop("spans")]
        in_notice = [int(position) for position in view.pop("records")]
    except (TypeError, KeyError, ValueError, AttributeError):
        return None
    return view, EntryRecords(records, spans, key, rebuild(in_notice))


def read_spanned(source: str, key: str, size: int, span: list[int]) -> tuple[Any, mmap.mmap] | None:
    """One record of a cached notice, found by its byte span, without reading the notice's index.

    `size` is the records file's length when the span was recorded; None if it differs or the record
    fails its check.
    """
    try:
        # A plain string: a library reads one view from each of a hundred notices' entries.
        records = _mapped(f"{cache_dir()}/{source}-{key}{RECORDS_SUFFIX}")
        if len(records) != size:
            return None
        body = _record_body(records[span[0] : span[1]], _record_key(key))
        return None if body is None else (json.loads(body), records)
    except (OSError, ValueError, TypeError, IndexError):
        return None


def _mapped(path: Path | str) -> mmap.mmap:
    with open(path, "rb") as file:  # noqa: PTH123 (a string path is cheaper to open)
        # Mapped, not read: an answer touches only the pages of the records it shows. Entries are
        # replaced whole (never rewritten in place), so the mapped file never shrinks underfoot.
        return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)


class EntryRecords:
    """An entry's records, parsed by position only when asked for, and where each lies in the file.

    Each record is checked as it is read; once one fails, every record is asked of `rebuild` instead.
    """

    def __init__(self, mapped: mmap.mmap, spans: list[tuple[int, int]], key: str, rebuild: Rebuild) -> None:
        self._mapped = mapped
        self.spans = spans
        self.size = len(mapped)
        self._key = _record_key(key)
        self._rebuild = rebuild
        self._damaged = False

    def __call__(self, positions: list[int]) -> list[JsonDict]:
        if not self._damaged:
            lines = [self._mapped[slice(*self.spans[position])] for position in positions]
            bodies = [body for line in lines if (body := _record_body(line, self._key)) is not None]
            if len(bodies) == len(lines):
                try:
                    parsed: list[JsonDict] = json.loads(b"[" + b",".join(bodies) + b"]")
                    return parsed
                except ValueError:
                    pass
            self._damaged = True
        return self._rebuild(positions)


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
    record_key = _record_key(key)
    lines = [_record_line(record, record_key) for record in records]
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    units = [row["name"] for row in records[index["departments_at"]]["departments"]]
    views = unit_views(index, units)
    index["unit_views"] = {}
    for unit, view in views.items():
        view["spans"] = [[offsets[position], offsets[position + 1]] for position in view["records"]]
        lines.append(_record_line(view, record_key))
        index["unit_views"][unit] = len(offsets) - 1
        offsets.append(offsets[-1] + len(lines[-1]))
    index_path, records_path = _entry(stem)
    index_path.parent.mkdir(parents=True, exist_ok=True)
    # Records first: an index on disk always has its records beside it.
    write_atomically(records_path, b"".join(lines))
    entry = {"key": key, "offsets": offsets, "dataset": index}
    write_atomically(index_path, _sealed(entry))


def recall_key(source: str, hold: Callable[[FileStats], bool]) -> tuple[str, FileStats] | None:
    """The content key last computed for these files and their stats then, if `hold` says they still do.

    A write always moves a file's change time forward. Stats recorded when every file had been left
    alone for SETTLED_NS therefore change with any later write, even one within the same clock tick, so
    equal stats mean equal content and the files need not be read again.
    """
    try:
        entry = _read_json(_files_entry(source))
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
        write_atomically(_files_entry(source), _sealed(entry))
    except OSError:
        return


def read_library_entry(source: str, part: str = "library") -> JsonDict | None:
    """What was last learnt about the library of notice directories named `source`, or None.

    `part` "library" is what every run reads (each notice's stats, key and facts, the merged units);
    "views" is where each notice's unit views lie, read only to answer a unit.
    """
    try:
        entry = _read_json(_library_entry(source, part))
    except (OSError, ValueError):
        return None
    return entry if isinstance(entry, dict) and isinstance(entry.get("notices"), dict) else None


def write_library_entry(source: str, entry: JsonDict, part: str = "library") -> None:
    """Record one part of what is known of a library (see `read_library_entry`); never fails."""
    try:
        _library_entry(source, part).parent.mkdir(parents=True, exist_ok=True)
        write_atomically(_library_entry(source, part), _sealed(entry))
    except OSError:
        return


def _library_entry(source: str, part: str) -> Path:
    return cache_dir() / f"{source}.{part}.json"


def _files_entry(source: str) -> Path:
    return cache_dir() / f"{source}.files.json"


def write_atomically(path: Path, content: bytes) -> None:
    """Replace a cache file in one step (see `taskmap.atomic`), unsynced: a torn file fails its check."""
    from taskmap.atomic import write_atomically as replace_whole

    replace_whole(path, content, durable=False)
