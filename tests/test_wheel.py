"""The built wheel answers its first query from the compiled data it carries, and never answers edited data
from it.

The wheel is built once per session (about 15 s: pip builds it in an isolated environment) and unpacked,
which is what `pip install` does with it; the unpacked copy runs with this interpreter's dependencies.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from taskmap.dataset import Dataset
from taskmap.store.database import Database
from taskmap.store.loading import (
    SHIPPED_DATABASE,
    bundled_data_dir,
    content_key,
    find_data_files,
    read_data_files,
)

UNIT = "市财政局"
COMPILING_MODULES = {"yaml", "pydantic", "taskmap.store.compiler"}
SHIPPED_IN_WHEEL = SHIPPED_DATABASE.relative_to(SHIPPED_DATABASE.parents[2]).as_posix()


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """taskmap's wheel, built from this checkout the way `pip install .` builds it."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--quiet", "--wheel-dir", str(out)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("taskmap-*.whl")
    return built


def install(wheel: Path, target: Path) -> Path:
    """Unpack the wheel into `target` (a site-packages of its own) and return it."""
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


@pytest.fixture(scope="session")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install(wheel, tmp_path_factory.mktemp("site"))


def first_query(site: Path, *args: str, cwd: Path) -> tuple[Any, set[str]]:
    """The JSON answer of the installed taskmap run with an empty cache, and every module it imported."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "taskmap", *args, "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(site), "TASKMAP_CACHE_DIR": str(cwd / "empty-cache")},
        cwd=cwd,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    modules = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.count("|") == 2}
    return json.loads(result.stdout), modules


def edit_first_task(data: Path, dataset: Dataset) -> str:
    """Change the text of the unit's first task in a copy of the data; return the new text."""
    task_id = dataset.assignments(UNIT)[0][1]
    task = dataset.tasks[task_id]
    annex = data / "annexes" / f"annex-{task.annex}.yaml"
    text = annex.read_text(encoding="utf-8")
    assert text.count(task.text) == 1, "the task's text must appear once, on one line, to be edited"
    edited = task.text + "（已修改）"
    annex.write_text(text.replace(task.text, edited), encoding="utf-8")
    return edited


def task_texts(answer: Any) -> list[str]:
    return [task["text"] for task in answer["tasks"]]


def test_the_wheel_carries_the_database_of_the_shipped_files(installed: Path) -> None:
    contents = read_data_files(find_data_files(bundled_data_dir()))
    shipped = Database.open_shipped(installed / SHIPPED_IN_WHEEL)
    assert shipped is not None
    compiled = shipped.compiled(content_key(contents))
    assert compiled is not None
    _, departments_at = compiled
    assert shipped.records(content_key(contents), list(range(departments_at + 1))), "every record checks"


def test_the_first_answer_after_install_neither_parses_yaml_nor_imports_pydantic(
    installed: Path, tmp_path: Path, dataset: Dataset
) -> None:
    answer, modules = first_query(installed, "dept", UNIT, cwd=tmp_path)
    assert "taskmap" in modules
    assert modules & COMPILING_MODULES == set()
    assert task_texts(answer) == [dataset.tasks[task_id].text for _, task_id in dataset.assignments(UNIT)]


def test_data_given_with_data_is_compiled_never_answered_from_the_wheel(
    installed: Path, tmp_path: Path, dataset: Dataset
) -> None:
    data = shutil.copytree(installed / "taskmap" / "data", tmp_path / "data")
    edited = edit_first_task(data, dataset)
    answer, modules = first_query(installed, "dept", UNIT, "--data", str(data), cwd=tmp_path)
    assert task_texts(answer)[0] == edited
    assert modules >= COMPILING_MODULES


def test_shipped_data_edited_after_install_is_compiled_afresh(
    wheel: Path, tmp_path: Path, dataset: Dataset
) -> None:
    site = install(wheel, tmp_path / "site")
    edited = edit_first_task(site / "taskmap" / "data", dataset)
    answer, modules = first_query(site, "dept", UNIT, cwd=tmp_path)
    assert task_texts(answer)[0] == edited
    assert modules >= COMPILING_MODULES
