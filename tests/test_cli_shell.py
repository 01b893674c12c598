"""taskmap as a script author and a shell see it: help, pipes, exit codes, completion, the console script."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from conftest import Cli
from taskmap.cli.app import CommandsByUse, app, command_summaries
from taskmap.dataset import Dataset
from taskmap.render.records import DEPT_COLUMNS

COMMAND_NAMES = sorted(command.name or command.callback.__name__ for command in app.registered_commands)  # type: ignore[union-attr]


def taskmap(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed console script, run as a shell would, with stdout a pipe."""
    script = Path(sys.executable).with_name("taskmap")
    return subprocess.run(
        [str(script), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_every_command_has_help_with_examples_and_exit_codes(cli: Cli, name: str) -> None:
    outcome = cli(name, "--help")
    assert outcome.exit_code == 0
    assert "Examples" in outcome.stdout
    assert sum(line.strip().startswith("taskmap ") for line in outcome.stdout.splitlines()) >= 2
    assert "Exit codes" in outcome.stdout


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert [n for n in COMMAND_NAMES if f"taskmap {n}" not in readme] == []


def test_the_examples_in_help_run(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every example that needs no file of the reader's own (no redirection, no path) answers."""
    monkeypatch.chdir(tmp_path)
    for name in COMMAND_NAMES:
        for line in cli(name, "--help").stdout.splitlines():
            words = line.split()
            if words[:1] == ["taskmap"] and ">" not in words and "/" not in line:
                assert cli(*words[1:]).exit_code == 0, line


def test_piped_output_is_tab_separated_lines_without_colour(dataset: Dataset, tmp_path: Path) -> None:
    result = taskmap("dept", "市公安局", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(line.count("\t") == len(DEPT_COLUMNS) - 1 for line in lines)
    assert "\x1b" not in result.stdout


def test_search_piped_into_wc_counts_the_matching_tasks(dataset: Dataset, tmp_path: Path) -> None:
    result = taskmap("search", "信用修复", cwd=tmp_path)
    assert len(result.stdout.splitlines()) == sum("信用修复" in t.text for t in dataset.tasks.values())


def test_python_dash_m_taskmap_works(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "taskmap", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("taskmap ")


def test_usage_errors_exit_2_with_one_line(cli: Cli) -> None:
    for args in (
        ["dept"],
        ["dept", "市公安局", "--role", "boss"],
        ["nonsense"],
        ["depts", "--format", "xml"],
    ):
        outcome = cli(*args)
        assert outcome.exit_code == 2, args
        assert len(outcome.stderr.splitlines()) == 1, outcome.stderr
        assert outcome.stdout == ""


def test_taskmap_alone_shows_the_help_without_an_error_line(cli: Cli) -> None:
    outcome = cli()
    assert "Usage" in outcome.stdout and all(name in outcome.stdout for name in COMMAND_NAMES)
    assert outcome.stderr == ""


def test_the_main_help_lists_each_command_as_its_built_command_says(cli: Cli) -> None:
    """The main help is drawn without building the commands; it must read as if it had built them."""
    group = typer.main.get_command(app)
    assert isinstance(group, CommandsByUse)
    names = group.list_commands(typer.Context(group))
    built = [(name, group.commands[name].get_short_help_str(limit=10_000)) for name in names]
    assert command_summaries() == built
    listing = cli("--help").stdout.split("Commands:")[1]
    places = [listing.find(f"\n  {name} ") for name in names]
    assert -1 not in places and places == sorted(places)


def test_a_usage_error_points_at_the_command_help(cli: Cli) -> None:
    assert "(see 'taskmap dept --help')" in cli("dept").stderr


def test_shell_completion_offers_unit_names(tmp_path: Path) -> None:
    env = {"_TASKMAP_COMPLETE": "complete_bash", "COMP_WORDS": "taskmap dept 市公", "COMP_CWORD": "2"}
    result = taskmap(env=env, cwd=tmp_path)
    assert "市公安局" in result.stdout


def test_shell_completion_follows_the_data_option(tmp_path: Path) -> None:
    minimal = Path(__file__).resolve().parent / "fixtures" / "minimal"
    words = f"taskmap dept --data {minimal} 市"
    env = {"_TASKMAP_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": "4"}
    offered = set(taskmap(env=env, cwd=tmp_path).stdout.split())
    assert offered == {"市发改委", "市公安局", "市各有关部门", "市发改委(市信用办)"}


def test_shell_completion_in_zsh_offers_unit_names(tmp_path: Path) -> None:
    env = {"_TASKMAP_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "taskmap dept 市公"}
    assert "市公安局" in taskmap(env=env, cwd=tmp_path).stdout


@pytest.mark.parametrize(
    "env",
    [
        {"_TASKMAP_COMPLETE": "complete_bash", "COMP_WORDS": "taskmap dep", "COMP_CWORD": "1"},
        {"_TASKMAP_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "taskmap dep"},
    ],
    ids=["bash", "zsh"],
)
def test_shell_completion_of_a_command_offers_every_command_it_may_be(
    tmp_path: Path, env: dict[str, str]
) -> None:
    offered = taskmap(env=env, cwd=tmp_path).stdout
    assert "dept" in offered and "depts" in offered


def test_shell_completion_offers_population_names(tmp_path: Path) -> None:
    env = {"_TASKMAP_COMPLETE": "complete_bash", "COMP_WORDS": "taskmap population 律", "COMP_CWORD": "2"}
    assert "律师" in taskmap(env=env, cwd=tmp_path).stdout
