"""The database is an invisible speed-up: it never gives a stale or damaged answer, and never an error."""

from __future__ import annotations

import gc
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from taskmap.dataset import Dataset
from taskmap.store import compiler, database, loading
from taskmap.store.loading import bundled_data_dir, compile_directory, load_dataset


def compiled_afresh(directory: Path) -> dict[str, Any]:
    """The dataset of `directory` compiled from its YAML, in the export form a load gives."""
    return Dataset.from_dict(compile_directory(directory)).to_dict()


def edit_task_text(data: Path, old: str, new: str) -> None:
    annex = data / "annexes" / "annex-1.yaml"
    annex.write_text(annex.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_a_cached_load_equals_a_fresh_compile(cache_dir: Path) -> None:
    load_dataset()
    assert any(cache_dir.iterdir())
    assert load_dataset().to_dict() == compiled_afresh(bundled_data_dir())


def test_an_edited_data_file_is_picked_up(data: Path, cache_dir: Path) -> None:
    assert load_dataset(data).tasks["1.1.3"].text == "推动实名登记。"
    edit_task_text(data, "推动实名登记。", "推动实名登记和认证。")
    assert load_dataset(data).tasks["1.1.3"].text == "推动实名登记和认证。"


def test_an_edit_keeping_the_size_is_picked_up_when_stats_are_trusted(
    data: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "SETTLED_NS", 0)
    load_dataset(data)
    edit_task_text(data, "推动实名登记。", "推动实名认证。")
    assert load_dataset(data).tasks["1.1.3"].text == "推动实名认证。"


def test_settled_unchanged_files_are_not_read_again(
    data: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "SETTLED_NS", 0)
    time.sleep(0.01)
    load_dataset(data)

    def must_not_read(*_: object) -> None:
        raise AssertionError("settled files were read again")

    monkeypatch.setattr(loading, "read_data_files", must_not_read)
    assert load_dataset(data).tasks["1.1.3"].text == "推动实名登记。"


def test_freshly_written_files_are_always_read(
    data: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_dataset(data)
    reads: list[object] = []
    real_read = loading.read_data_files

    def counting_read(files: list[loading.DataFile]) -> dict[str, bytes]:
        reads.append(files)
        return real_read(files)

    monkeypatch.setattr(loading, "read_data_files", counting_read)
    load_dataset(data)
    assert reads, "files changed within SETTLED_NS must be fingerprinted by content"


def databases(cache_dir: Path) -> list[Path]:
    """The databases in the cache directory, their write-ahead logs folded in (as when no run is open)."""
    gc.collect()
    found = sorted(cache_dir.glob(f"*{database.SUFFIX}"))
    for path in found:
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return found


def foreign_database() -> bytes:
    """An SQLite database that is not taskmap's, with a table of the same name."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE compiled (x)")
    return connection.serialize()


def of_schema_version(path: Path, version: int) -> bytes:
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {version}")
    connection.close()
    return path.read_bytes()


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: b"",
        lambda path: b"{not json",
        lambda path: b"\x00" * 4096,
        lambda path: path.read_bytes()[: len(path.read_bytes()) // 2],
        lambda path: path.read_bytes()[:-10],
        lambda path: path.read_bytes()[:4096] + b"\xff" * (len(path.read_bytes()) - 4096),
        lambda path: of_schema_version(path, database.SCHEMA_VERSION + 1),
        lambda path: of_schema_version(path, 0),
        lambda path: foreign_database(),
    ],
    ids=[
        "empty",
        "text",
        "zeros",
        "half",
        "truncated",
        "bytes changed",
        "newer schema",
        "no schema version",
        "foreign database",
    ],
)
def test_a_damaged_database_is_rebuilt_never_answered_from(
    data: Path, cache_dir: Path, damage: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "SETTLED_NS", 0)
    time.sleep(0.01)
    expected = load_dataset(data).to_dict()
    (path,) = databases(cache_dir)
    path.write_bytes(damage(path))
    assert load_dataset(data).to_dict() == expected
    (path,) = databases(cache_dir)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchall() == [(database.SCHEMA_VERSION,)]
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert load_dataset(data).to_dict() == expected


def test_an_unusable_cache_directory_means_no_cache(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("TASKMAP_CACHE_DIR", str(blocker / "cache"))
    assert load_dataset(data).tasks["1.1.3"].text == "推动实名登记。"
    assert load_dataset(data).tasks["1.1.3"].text == "推动实名登记。"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_a_read_only_cache_directory_means_no_cache(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o500)
    monkeypatch.setenv("TASKMAP_CACHE_DIR", str(read_only))
    try:
        assert load_dataset(data).tasks["1.1.3"].text == "推动实名登记。"
        assert load_dataset(data).tasks["1.1.3"].text == "推动实名登记。"
    finally:
        read_only.chmod(0o700)


def test_a_missing_cache_directory_is_created(
    tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TASKMAP_CACHE_DIR", str(tmp_path / "new" / "cache"))
    load_dataset(data)
    assert any((tmp_path / "new" / "cache").iterdir())


def test_older_compiled_forms_of_a_data_directory_are_dropped(
    data: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "KEEP_UNHELD_NS", 0)
    load_dataset(data)
    edit_task_text(data, "推动实名登记。", "推动实名登记和认证。")
    load_dataset(data)
    (path,) = databases(cache_dir)
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM compiled").fetchall() == [(1,)]


def test_the_cache_follows_xdg_cache_home_on_linux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TASKMAP_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr("sys.platform", "linux")
    assert database.cache_dir() == tmp_path / "xdg" / "taskmap"


def refuse_to_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_compile(*_: object) -> None:
        raise AssertionError("compiled although a matching compiled entry was at hand")

    monkeypatch.setattr(compiler, "compile_files", must_not_compile)


def test_the_bundled_data_is_answered_from_the_shipped_compiled_form(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = compiled_afresh(bundled_data_dir())
    loading.ship_compiled(bundled_data_dir(), tmp_path / "notice.sqlite3")
    monkeypatch.setattr(loading, "SHIPPED_DATABASE", tmp_path / "notice.sqlite3")
    refuse_to_compile(monkeypatch)
    assert load_dataset().to_dict() == expected
    assert load_dataset().to_dict() == expected


def test_a_shipped_form_of_other_content_is_never_used(
    data: Path, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loading.ship_compiled(data, tmp_path / "notice.sqlite3")
    monkeypatch.setattr(loading, "SHIPPED_DATABASE", tmp_path / "notice.sqlite3")
    assert load_dataset().to_dict() == compiled_afresh(bundled_data_dir())


def test_data_given_by_directory_is_never_answered_from_the_shipped_form(
    data: Path, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loading.ship_compiled(data, tmp_path / "notice.sqlite3")
    monkeypatch.setattr(loading, "SHIPPED_DATABASE", tmp_path / "notice.sqlite3")
    compiled: list[object] = []
    real_compile = compiler.compile_files

    def counting_compile(contents: dict[str, bytes]) -> dict[str, object]:
        compiled.append(contents)
        return real_compile(contents)

    monkeypatch.setattr(compiler, "compile_files", counting_compile)
    assert load_dataset(data).tasks["1.1.3"].text == "推动实名登记。"
    assert compiled, "a directory given by path is compiled on first use, whatever ships in the wheel"
