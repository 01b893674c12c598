"""A compact JSON copy of the compiled dataset, so answers need neither PyYAML nor pydantic.

Entries are keyed by the content of the data files, so an edited file can never be answered from a
stale entry. Any trouble with the cache directory (missing, read-only, corrupt entry) means "no cache".
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

CACHE_ENV = "TASKMAP_CACHE_DIR"


def cache_dir() -> Path:
    """`TASKMAP_CACHE_DIR`, else the platform's user cache directory (XDG on Linux)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("taskmap", appauthor=False))


def _entry(source: str, key: str) -> Path:
    return cache_dir() / f"{source}-{key}.json"


def read_cached(source: str, key: str) -> dict[str, Any] | None:
    """The cached dataset for this content key, or None when absent or unreadable."""
    try:
        entry = json.loads(_entry(source, key).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key or not isinstance(entry.get("dataset"), dict):
        return None
    dataset: dict[str, Any] = entry["dataset"]
    return dataset


def write_cached(source: str, key: str, dataset: dict[str, Any]) -> None:
    """Store the dataset atomically and drop older entries of the same data directory; never fails."""
    target = _entry(source, key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.write_text(
            json.dumps({"key": key, "dataset": dataset}, ensure_ascii=False), encoding="utf-8"
        )
        temporary.replace(target)
        for stale in target.parent.glob(f"{source}-*.json"):
            if stale != target:
                stale.unlink(missing_ok=True)
    except OSError:
        return
