"""The script contract: one JSON Schema (draft 2020-12) per command's JSON output, shipped in the package.

The schemas are data, read with importlib.resources like the shipped notice; tests/test_contract.py checks
every command's output against them, so the contract cannot drift from what the commands print.
"""

from __future__ import annotations

import json
from typing import Any

from taskmap.errors import BadQuery
from taskmap.i18n import N_
from taskmap.registry import closest

CONTRACT_COMMANDS = (
    "dept",
    "depts",
    "population",
    "task",
    "search",
    "annex",
    "due",
    "forms",
    "collect",
    "status",
    "missing",
    "bulletin",
    "matrix",
    "partners",
    "stats",
    "notices",
    "export",
)


# The commands that answer in files, reports or text only.
WITHOUT_JSON = ("sheets", "site", "import", "validate", "schema")


def command_schema(command: str) -> dict[str, Any]:
    """The JSON Schema of one command's JSON output; an unknown command is a usage error with a suggestion."""
    if command not in CONTRACT_COMMANDS:
        every = ", ".join(CONTRACT_COMMANDS)
        if command in WITHOUT_JSON:  # a command that exists: its name is not a misspelling of another
            raise BadQuery(
                N_("{command} writes no JSON, so it has no schema; schemas exist for {commands}"),
                command=command,
                commands=every,
            )
        close = closest(command, (*CONTRACT_COMMANDS, *WITHOUT_JSON), limit=1)
        if close and close[0] in CONTRACT_COMMANDS:
            raise BadQuery(
                N_("no schema for {command}: did you mean {name}?"), command=repr(command), name=close[0]
            )
        raise BadQuery(
            N_("no schema for {command}: schemas exist for {commands}"), command=repr(command), commands=every
        )
    from importlib.resources import files  # only when a schema is asked for: it costs start-up time

    schema: dict[str, Any] = json.loads((files(__name__) / f"{command}.schema.json").read_text("utf-8"))
    return schema


def contract() -> dict[str, dict[str, Any]]:
    """Every command's schema, keyed by command, in the order `taskmap --help` lists them."""
    return {command: command_schema(command) for command in CONTRACT_COMMANDS}
