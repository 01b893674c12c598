"""The domain's own failures. They carry what the user needs; the CLI makes them one line and an exit code."""

# No postponed annotations here: typing.NamedTuple would compile every field's annotation string,
# about 0.2 ms a class on every start-up.

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from taskmap.i18n import N_, _, ngettext


def shown(text: str, limit: int = 40) -> str:
    """User input as it can safely appear inside a one-line message: quoted, escaped, shortened."""
    cut = text.strip()
    if len(cut) > limit:
        cut = cut[:limit] + "…"
    escaped = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in cut)
    return f"'{escaped}'"


class TaskmapError(Exception):
    """Base of every error taskmap reports to its user instead of a traceback.

    Its message is a template marked with N_ and the values it names, so that it is read in the reader's
    language when it is shown: `UnknownTask(N_("no task {id}"), id=...)`.
    """

    def __init__(self, message: str = "", **values: object) -> None:
        self.template = message
        self.values = values
        super().__init__(message)

    def __str__(self) -> str:
        text = _(self.template)
        return text.format(**self.values) if self.values else text


class NotFound(TaskmapError):
    """A name, number or id that matches nothing (or too much) in the dataset."""

    def __init__(
        self, message: str, suggestions: tuple[str, ...] = (), more: int = 0, **values: object
    ) -> None:
        """`more`: how many further candidates there are beyond the `suggestions` named."""
        self.suggestions = suggestions
        self.more = more
        super().__init__(message, **values)

    def __str__(self) -> str:
        message = super().__str__()
        if not self.suggestions:
            return message
        names = _(", ").join(self.suggestions)
        if self.more:
            hint = ngettext(
                "{message}; did you mean {names} (or {count} more)?",
                "{message}; did you mean {names} (or {count} more)?",
                self.more,
            )
            return hint.format(message=message, names=names, count=self.more)
        return _("{message}; did you mean {names}?").format(message=message, names=names)


class UnknownUnit(NotFound):
    """No unit is known by that name."""


class AmbiguousUnit(NotFound):
    """The name is part of several units' names."""


class UnknownTask(NotFound):
    """No task has that id."""


class UnknownPopulation(NotFound):
    """No key population has that number or name."""


class UnknownAnnex(NotFound):
    """No annex has that number."""


class UnknownNotice(NotFound):
    """No loaded notice has that key."""


class NoMatch(NotFound):
    """A search found nothing."""


class BadQuery(TaskmapError):
    """The argument cannot be a query at all (empty, malformed id, out of range)."""


class CannotWrite(TaskmapError):
    """An output file or directory could not be written."""


NO_VALUES: Mapping[str, object] = MappingProxyType({})


class Names(tuple[str, ...]):
    """Names a message lists, joined where it is shown as its reader writes a list ("a, b" / "a、b")."""

    def __str__(self) -> str:
        return _(", ").join(self)


class Together(tuple[str, ...]):
    """Names a message says together ("a and b" / "a和b")."""

    def __str__(self) -> str:
        return _(" and ").join(self)


class Choices(tuple[str, ...]):
    """The values a key may take, offered where they are shown in the reader's language ("'a' or 'b'")."""

    def __str__(self) -> str:
        if len(self) < 2:
            return "".join(self)
        return _("{choices} or {last}").format(choices=_(", ").join(self[:-1]), last=self[-1])


class Problem(NamedTuple):
    """One thing wrong with a data directory: which file, where in it, and what.

    `message` is a template marked with N_ and `values` the values it names, read in the reader's
    language when it is shown, as a TaskmapError's is. `where` is made in the reader's language (line 3,
    第 3 行), the file's own keys in it as written (`sections[0].tasks[1]`).
    """

    file: str
    where: str
    message: str
    values: Mapping[str, object] = NO_VALUES

    def __str__(self) -> str:
        place = f"{self.file}: {self.where}" if self.where else self.file
        text = _(self.message)
        message = text.format(**self.values) if self.values else text
        return _("{place}: {message}").format(place=place, message=message)


class InvalidDataset(TaskmapError):
    """The data directory failed validation; every problem found is listed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        # The command that lists every problem; the CLI adds the --data the user gave, so it checks the same.
        self.validate_command = "taskmap validate"
        super().__init__(str(problems[0]) if problems else N_("invalid dataset"))

    def in_directory(self, directory: str) -> "InvalidDataset":
        """The same problems, each file named inside `directory`: which notice of a library is at fault."""
        return InvalidDataset([_inside(problem, directory) for problem in self.problems])

    def __str__(self) -> str:
        first = str(self.problems[0]) if self.problems else _("invalid dataset")
        if len(self.problems) < 2:
            return first
        more = len(self.problems) - 1
        return ngettext(
            "{first} (and {count} more problem; run '{command}')",
            "{first} (and {count} more problems; run '{command}')",
            more,
        ).format(first=first, count=more, command=self.validate_command)


def _inside(problem: Problem, directory: str) -> Problem:
    if problem.file.startswith(directory):
        return problem
    return problem._replace(file=f"{directory}/{problem.file}")
