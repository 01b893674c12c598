"""What the parser finds in a page: plain objects the writer turns into a data directory."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from taskmap.importer.conventions import UnitGroup


@dataclass
class Doubt:
    """A spot of the page the import had to judge: the reader should look at that line.

    The message is a template and its values, so the report can say it in the reader's language and
    give spots of one kind one line."""

    line: int
    template: str
    values: dict[str, str] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.template.format(**self.values)


@dataclass
class ParsedTask:
    number: int
    numbered: bool
    heading: str | None
    text: str
    line: int
    roles: dict[str, list[str]] = field(default_factory=dict)
    open_ended: dict[str, str] = field(default_factory=dict)
    remarks: list[str] = field(default_factory=list)
    lead_unknown: bool = False
    deadline: str | None = None
    groups: int = 0
    printed: str | None = None  # the number as printed: （三）, 2., 三、
    clauses: list[tuple[str, UnitGroup]] = field(default_factory=list)
    subsections: list[str] = field(default_factory=list)  # headings between its section and it, as printed

    def inherit(self, inherited: dict[str, list[str]]) -> None:
        """Units a note earlier in the document (`以下均需X落实，不再列出`) gives every later task, after
        the task's own."""
        for role, units in inherited.items():
            kept = self.roles.setdefault(role, [])
            kept.extend(
                unit for unit in units if unit not in kept and unit not in self.roles.get("guide", [])
            )


@dataclass
class ParsedSection:
    number: int
    numeral: str | None
    title: str
    tasks: list[ParsedTask] = field(default_factory=list)


@dataclass
class ParsedPopulation:
    number: int
    name: str
    lead: list[str]


@dataclass
class ParsedAnnex:
    number: int
    title: str
    preamble: str | None
    in_body: bool = False
    sections: list[ParsedSection] = field(default_factory=list)
    populations: list[ParsedPopulation] = field(default_factory=list)
    line: int = 1  # where it begins in the page text
    letter: str = ""  # a plan printed after the letter's date: the letter, whose citations are its basis too


@dataclass
class ParsedNotice:
    fields: dict[str, object]
    annexes: list[ParsedAnnex]
    doubts: list[Doubt] = field(default_factory=list)
    conventions: dict[str, int] = field(default_factory=dict)
    expansions: dict[str, str] = field(default_factory=dict)  # a name as printed → with its shared prefix
    # A page in traditional characters: each of its characters → its simplified form, through which the
    # rules that read a name (a unit's kind) read it. Empty for a page in simplified characters.
    simplified: dict[int, str] = field(default_factory=dict)

    def tasks(self) -> list[ParsedTask]:
        """Every task, in page order."""
        return [task for annex in self.annexes for section in annex.sections for task in section.tasks]

    def used(self, convention: str, count: int = 1) -> None:
        self.conventions[convention] = self.conventions.get(convention, 0) + count
