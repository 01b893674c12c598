"""Options and argument types shared by every command, defined once."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, get_args

import typer
from typer._click.core import Context, Parameter, ParameterSource
from typer._click.shell_completion import CompletionItem
from typer._click.types import ParamType

from taskmap.i18n import N_, _
from taskmap.model import KIND_LABELS, ROLE_ALIASES, ROLE_LABELS, Kind
from taskmap.registry import normalise
from taskmap.render import DeptFormat, OutputFormat

# Suffixes a Chinese user may leave off a label: 牵头 for 牵头单位.
DROPPABLE_SUFFIXES = ("单位",)
CHINESE_NUMERALS = "一二三四五六七八九十"


def label_spellings(label: str) -> list[str]:
    """Every way a Chinese label is typed: whole, each part of a 、 list, and without a generic suffix."""
    parts = [label, *label.split("、")] if "、" in label else [label]
    spellings = []
    for part in parts:
        spellings.append(part)
        spellings += [part.removesuffix(suffix) for suffix in DROPPABLE_SUFFIXES if part.endswith(suffix)]
    return spellings


class LabelledChoice(ParamType):
    """A closed choice typed as its English key or its Chinese label (what the screens show)."""

    def __init__(self, metavar: str, keys: Sequence[str], labels: Mapping[str, str] | None = None) -> None:
        self.name = metavar.lower()
        self.metavar = metavar
        self.labels = {key: (labels or {}).get(key) for key in keys}
        self.spellings: dict[str, str] = {}
        for key, label in self.labels.items():
            self.spellings[key.lower()] = key
            for spelling in label_spellings(label) if label else []:
                self.spellings[normalise(spelling)] = key

    def get_metavar(self, param: Parameter, ctx: Context) -> str:
        return self.metavar

    def listing(self) -> str:
        """The choices as help shows them: `lead (牵头单位), support (配合单位)`."""
        return ", ".join(f"{key} ({label})" if label else key for key, label in self.labels.items())

    def convert(self, value: Any, param: Parameter | None, ctx: Context | None) -> Any:
        key = self.spellings.get(normalise(str(value)).lower())
        if key is None:
            self.fail(
                _("{value} is not one of {choices}").format(value=repr(value), choices=self.listing()),
                param,
                ctx,
            )
        return key

    def shell_complete(self, ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
        names = [name for key, label in self.labels.items() for name in (key, label) if name]
        return [CompletionItem(name) for name in names if name.startswith(incomplete)]


class AnnexNumber(ParamType):
    """An annex as a number: 2, ２, 附件2 or 附件二."""

    name = "annex"

    def get_metavar(self, param: Parameter, ctx: Context) -> str:
        return "N"

    def convert(self, value: Any, param: Parameter | None, ctx: Context | None) -> Any:
        if isinstance(value, int):
            return value
        text = normalise(str(value)).removeprefix("附件")
        if re.fullmatch(r"\d+", text):
            return int(text)
        if len(text) == 1 and text in CHINESE_NUMERALS:
            return CHINESE_NUMERALS.index(text) + 1
        self.fail(_("{value} is not an annex number; write 2 or 附件2").format(value=repr(value)), param, ctx)


ROLE = LabelledChoice("ROLE", list(ROLE_LABELS), {str(role): label for role, label in ROLE_LABELS.items()})
ROLE.spellings |= ROLE_ALIASES
KIND = LabelledChoice("KIND", list(KIND_LABELS), KIND_LABELS)
OUTPUT_FORMAT = LabelledChoice("FORMAT", get_args(OutputFormat))
DEPT_FORMAT = LabelledChoice("FORMAT", get_args(DeptFormat))
ANNEX = AnnexNumber()


def format_option(choice: LabelledChoice, help_text: str) -> Any:
    """`--format/-f`, the same on every command; only its help says which formats it offers."""
    return typer.Option(
        "--format", "-f", click_type=choice, help=f"{choice.listing()}. {_(help_text)}", show_default=False
    )


FormatOption = Annotated[
    OutputFormat | None,
    format_option(OUTPUT_FORMAT, N_("Default: table on a terminal, plain tab-separated lines when piped.")),
]

DeptFormatOption = Annotated[
    DeptFormat | None,
    format_option(
        DEPT_FORMAT, N_("md and html make a printable checklist. Default: table, or plain when piped.")
    ),
]

RoleOption = Annotated[
    list[str] | None,  # each a Role: Typer cannot take a list of Literal, ROLE converts every value
    typer.Option(
        click_type=ROLE,
        help=_("Only tasks held in this role: {roles}; repeat for several.").format(roles=ROLE.listing()),
        show_default=False,
    ),
]

KindOption = Annotated[
    Kind | None,
    typer.Option(
        click_type=KIND,
        help=_("Only units of this kind: {kinds}.").format(kinds=KIND.listing()),
        show_default=False,
    ),
]

DATA_ENV = "TASKMAP_DATA"
# The data directories this run was given (--data or TASKMAP_DATA), so that hints can repeat them.
data_dir_given: ContextVar[list[Path] | None] = ContextVar("data_dir_given", default=None)


def _remember_data_dirs(ctx: Context, param: Parameter, value: list[Path] | None) -> list[Path] | None:
    """The directories given, remembered for hints; TASKMAP_DATA's empty entries are left out.

    An empty entry (`$TASKMAP_DATA:~/notices` with the variable unset) would otherwise be the current
    directory, as the shell's PATH once made it.
    """
    if param.name is not None and ctx.get_parameter_source(param.name) == ParameterSource.ENVIRONMENT:
        entries = os.environ.get(DATA_ENV, "").split(os.pathsep)
        value = [Path(entry) for entry in entries if entry] or None
    data_dir_given.set(value or None)
    return value


DataOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        metavar="DIR",
        help=_(
            "A notice's data directory (notice.yaml, departments.yaml, annexes/), or a library whose "
            "subdirectories are notices; repeat for several. Default: the notice taskmap ships."
        ),
        envvar=DATA_ENV,
        show_default=False,
        callback=_remember_data_dirs,
    ),
]

NoticeOption = Annotated[
    str | None,
    typer.Option(
        "--notice",
        metavar="KEY",
        help=_("Only the notice with this key or 文号; the notices command lists the keys."),
        show_default=False,
    ),
]
