"""Shared fixtures: the real dataset, the scanned source, and a CLI runner isolated from the user's cache."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from source_scan import ScannedNotice, scan_source
from taskmap.cli import run
from taskmap.dataset import Dataset
from taskmap.store.loading import bundled_data_dir, load_dataset

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = REPO.parent / "shared" / "corpus" / "notices"


def shelf_of(library: Path, imported: list[str]) -> Path:
    """A library directory: the shipped notice and corpus documents imported beside it (skip without them)."""
    from taskmap.importer import import_notice

    if not CORPUS.is_dir():
        pytest.skip(f"the corpus of real notices is not beside the repository ({CORPUS})")
    shutil.copytree(bundled_data_dir(), library / "credit", ignore=shutil.ignore_patterns("source"))
    for name in imported:
        import_notice((CORPUS / name).read_bytes(), name, library / name.removesuffix(".txt"))
    return library


@pytest.fixture(scope="session", autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The whole session uses its own cache directory and no data override, never the user's."""
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TASKMAP_CACHE_DIR", str(cache))
        for name in ("TASKMAP_DATA", "TASKMAP_DEBUG", "NO_COLOR", "FORCE_COLOR"):
            patch.delenv(name, raising=False)
        yield cache


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the minimal data directory, to edit."""
    copy = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", copy)
    return copy


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory of the test's own."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("TASKMAP_CACHE_DIR", str(directory))
    return directory


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="session")
def source() -> ScannedNotice:
    return scan_source()


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


class Cli:
    """Runs taskmap's real entry point in-process, on an 120-column non-terminal, with captured output."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.monkeypatch = monkeypatch
        self.capsys = capsys
        monkeypatch.setenv("COLUMNS", "120")

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Outcome:
        for name, value in (env or {}).items():
            self.monkeypatch.setenv(name, value)
        self.capsys.readouterr()
        exit_code = run(list(args))
        captured = self.capsys.readouterr()
        return Outcome(exit_code, captured.out, captured.err)

    def json(self, *args: str) -> Any:
        outcome = self(*args, "--format", "json")
        assert outcome.exit_code == 0, outcome.stderr
        return json.loads(outcome.stdout)


def in_language(monkeypatch: pytest.MonkeyPatch, code: str) -> Iterator[None]:
    """The in-process CLI reads its language once per process: ask again with TASKMAP_LANG set, and after."""
    from taskmap.i18n import language

    monkeypatch.setenv("TASKMAP_LANG", code)
    language.cache_clear()
    yield
    monkeypatch.undo()
    language.cache_clear()


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Chinese, as a Chinese locale gives it."""
    yield from in_language(monkeypatch, "zh")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """English whatever the machine's locale."""
    yield from in_language(monkeypatch, "en")


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(monkeypatch, capsys)
