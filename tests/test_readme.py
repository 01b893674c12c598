"""The README's examples are real: each `$ taskmap …` shown there prints what the README says it prints."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"
CONSOLE_BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
WIDTH = "100"  # the terminal width the README's tables were drawn at


def shown_examples() -> list[tuple[str, list[str]]]:
    """(command, the lines shown after it) for every `$ taskmap` line in the README's console blocks;
    each shows the beginning of what the command prints."""
    examples = []
    for block in CONSOLE_BLOCK.findall(README.read_text(encoding="utf-8")):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, *output = chunk.rstrip("\n").split("\n")
            # A last line of … says the output goes on: what is shown is its beginning.
            examples.append((command, [line for line in output if line and line != "…"]))
    return examples


def run_shown(command: str, tmp_path: Path) -> list[str]:
    """Run an example as the README shows it: through a shell when piped, else on a 100-column terminal."""
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "COLUMNS": WIDTH}
    if "|" not in command and "--format" not in command:
        command += " --format table"
    result = subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    return [line.rstrip() for line in (result.stdout + result.stderr).splitlines() if line.strip()]


EXAMPLES = shown_examples()


def test_the_readme_shows_examples() -> None:
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[command for command, _ in EXAMPLES])
def test_a_readme_example_prints_what_the_readme_shows(
    command: str, shown: list[str], tmp_path: Path
) -> None:
    actual = run_shown(command, tmp_path)
    assert actual[: len(shown)] == shown
