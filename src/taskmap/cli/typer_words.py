"""Typer's own words (the usage line, section headings, the help and completion options, its usage
errors) in the reader's language. Typer writes them in English without gettext, so in a language other
than English its help formatter is taught to look them up, and its errors are reworded at the edge.
"""

from __future__ import annotations

import re
from typing import Any

from typer._click.exceptions import BadParameter, ClickException, MissingParameter, NoSuchOption

from taskmap.i18n import N_, _, language

# What Typer writes in every help page, named here so the catalogue has them.
WORDS = (
    N_("Usage:"),
    N_("Arguments:"),
    N_("Options:"),
    N_("Commands:"),
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("required"),
    N_("env var: {var}"),
    N_("default: {default}"),
    # Typer's usage errors worded through the same name.
    N_("Missing command."),
    N_("No such command {name!r}."),
)
# Typer's usage errors that it words in English f-strings: each as it reads, and its words here.
USAGE_WORDS = (
    (
        re.compile(r"Got unexpected extra argument\(s\) \((?P<words>.*)\)"),
        N_("unexpected extra arguments: {words}"),
    ),
    (re.compile(r"Option '(?P<name>[^']+)' requires an argument\."), N_("option {name} needs a value")),
    (
        re.compile(r"Option '(?P<name>[^']+)' requires (?P<count>\d+) arguments\."),
        N_("option {name} needs {count} values"),
    ),
    (re.compile(r"Option '(?P<name>[^']+)' does not take a value\."), N_("option {name} takes no value")),
    (
        re.compile(r"Argument '(?P<name>[^']+)' takes (?P<count>\d+) values\."),
        N_("argument {name} takes {count} values"),
    ),
)


def teach_typer() -> None:
    """Teach Typer's help formatter the catalogue's words for its headings, usage and option help."""
    from typer import core
    from typer._click import formatting

    core._ = _  # type: ignore[attr-defined]  # Typer's headings (Arguments, Options…) go through this name
    formatter = formatting.HelpFormatter
    write_usage, write_dl = formatter.write_usage, formatter.write_dl

    def usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        said = _("Usage:")
        write_usage(
            self, prog, args, (said if said.endswith("：") else f"{said} ") if prefix is None else prefix
        )

    def heading(self: Any, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_(heading + ':')}\n")

    def definitions(self: Any, rows: Any, *options: Any, **named: Any) -> None:
        write_dl(self, [(term, _(text) if text else text) for term, text in rows], *options, **named)

    formatter.write_usage = usage  # type: ignore[method-assign]
    formatter.write_heading = heading  # type: ignore[method-assign]
    formatter.write_dl = definitions  # type: ignore[method-assign]


def usage_error(error: ClickException) -> str:
    """A usage error in the reader's language: what is wrong and with which option or argument."""
    if language() == "en":
        return error.format_message()
    match error:
        case NoSuchOption():
            message = _("no such option: {name}").format(name=error.option_name)
            if error.possibilities:
                options = ", ".join(sorted(error.possibilities))
                message += " " + _("(possible options: {options})").format(options=options)
            return message
        case MissingParameter():
            name = error.param.get_error_hint(error.ctx) if error.param and error.ctx else ""
            if error.param_type == "option":
                return _("missing option {name}").format(name=name)
            return _("missing argument {name}").format(name=name)
        case BadParameter():
            name = error.param.get_error_hint(error.ctx) if error.param and error.ctx else ""
            return _("invalid value for {name}: {message}").format(name=name, message=error.message)
    message = error.format_message()
    for pattern, words in USAGE_WORDS:
        if found := pattern.fullmatch(message):
            return _(words).format(**found.groupdict())
    return message
