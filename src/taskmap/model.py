"""The dataset as plain, immutable objects: what every query works on.

These are deliberately not pydantic models: validation happens once when the YAML is compiled
(see `taskmap.store.schema`), and the answer path only needs cheap attribute access. They are NamedTuples
rather than dataclasses because defining and building them costs a fraction as much at start-up.
"""

# No postponed annotations here: typing.NamedTuple would compile every field's annotation string,
# about 0.2 ms a class on every start-up.

from typing import Literal, NamedTuple

Role = Literal["lead", "support", "responsible", "guide"]
ROLES: tuple[Role, ...] = ("lead", "support", "responsible", "guide")
ROLE_LABELS: dict[Role, str] = {
    "lead": "牵头单位",
    "support": "配合单位",
    "responsible": "责任单位",
    "guide": "指导单位",  # only imported notices name it (生态环境部指导, a 指导部门 column)
}
# Other words for a role than its label: how many offices say 责任单位.
ROLE_ALIASES: dict[str, Role] = {"负责": "responsible", "负责单位": "responsible"}

# 等, 等部门, 等有关单位, 等有关部门和单位, 等市级相关单位, 等省直有关部门, 等成员单位: the suffix of a list
# that names only some of its units (a regular expression; the schema checks it, the importer splits it off)
OPEN_ENDED_SUFFIX = (
    r"等(?:(?:(?:省|自治区|市|县|区|镇|乡)(?:级|直|属)?)?(?:有关|相关|其他|各)?(?:职能|成员)?"
    r"(?:部门|单位|机构|科室)(?:和(?:部门|单位))?)?"
)

Kind = Literal[
    "party_organ",
    "government_department",
    "court_procuratorate",
    "vertical_agency",
    "peoples_organization",
    "enterprise",
    "coordination_body",
    "collective",
    "other",
]
COLLECTIVE = "collective"
KIND_LABELS: dict[str, str] = {
    "party_organ": "党委部门",
    "government_department": "政府部门",
    "court_procuratorate": "法院、检察院",
    "vertical_agency": "垂直管理单位",
    "peoples_organization": "人民团体",
    "enterprise": "企业",
    "coordination_body": "议事协调机构",
    COLLECTIVE: "统称",
    "other": "其他",
}


class Document(NamedTuple):
    """A policy document cited by the notice, with its 文号 where the notice gives one."""

    title: str
    number: str | None
    level: str | None = None


class Clause(NamedTuple):
    """One clause of an item closed by several groups, and the units its own group names."""

    text: str
    lead: tuple[str, ...] = ()
    support: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    guide: tuple[str, ...] = ()

    def units(self, role: Role) -> tuple[str, ...]:
        """Canonical names of the units holding `role` in this clause."""
        units: tuple[str, ...] = getattr(self, role)
        return units

    def names(self, unit: str) -> bool:
        """Whether the clause's own group names `unit`."""
        return any(unit in self.units(role) for role in ROLES)


class Task(NamedTuple):
    """One numbered item of an annex and the units named for it, by role."""

    id: str
    annex: int
    section: int
    number: int
    numbered: bool
    heading: str | None
    text: str
    lead: tuple[str, ...]
    support: tuple[str, ...]
    responsible: tuple[str, ...]
    spellings: dict[str, tuple[str, ...]]
    open_ended: dict[str, str]
    remark: str | None
    notice: str = ""
    ref: str = ""
    guide: tuple[str, ...] = ()
    lead_unknown: bool = False
    deadline: str | None = None
    printed: str | None = None  # the item's number as the notice prints it: （三）, 2., 三、
    clauses: tuple[Clause, ...] = ()  # an item closed by several groups: each clause's own units
    subsections: tuple[str, ...] = ()  # headings between its section and it, as printed: （一）总体要求。

    def units(self, role: Role) -> tuple[str, ...]:
        """Canonical names of the units holding `role` in this task."""
        units: tuple[str, ...] = getattr(self, role)
        return units

    @property
    def title(self) -> str:
        """The heading, or the whole first sentence where the item has none: never cut, whatever shows it."""
        return self.heading or self.text.split("。", 1)[0]

    def clause_of(self, unit: str) -> Clause | None:
        """The clause whose own group names `unit`, in an item closed by several groups."""
        return next((clause for clause in self.clauses if clause.names(unit)), None)

    def units_with(self, unit: str) -> list[tuple[Role, str]]:
        """(role, unit) of the others named with `unit`: in its own clause only, where the item has them."""
        holder: Task | Clause = self.clause_of(unit) or self
        return [(role, other) for role in ROLES for other in holder.units(role) if other != unit]

    @property
    def shown_number(self) -> str:
        """The item's number as the notice prints it; the id's own number where nothing else is recorded."""
        return self.printed or str(self.number)


class Section(NamedTuple):
    """A 一、二、… section of an annex."""

    annex: int
    number: int
    numeral: str | None
    title: str
    task_ids: tuple[str, ...]

    @property
    def heading(self) -> str:
        """`一、主要目标` as printed; a section whose number was not printed as its place is its title."""
        return f"{self.numeral}、{self.title}" if self.numeral else self.title


class Annex(NamedTuple):
    """One 附件: the city policy it divides into tasks, and its sections."""

    number: int
    title: str
    implements: Document
    basis: tuple[Document, ...]
    preamble: str
    sections: tuple[Section, ...]
    in_body: bool = False

    @property
    def label(self) -> str:
        """附件2, or 正文 for a notice whose tasks sit in its own body."""
        return "正文" if self.in_body else f"附件{self.number}"


class Population(NamedTuple):
    """A row of annex 3's table of key populations (重点人群)."""

    number: int
    name: str
    lead: tuple[str, ...]
    lead_spellings: tuple[str, ...]
    annex: int
    notice: str = ""


class Department(NamedTuple):
    """A unit the notice names, or one of its catch-all phrases (kind "collective")."""

    name: str
    kind: str
    spellings: tuple[str, ...]
    short_forms: tuple[str, ...]
    jurisdiction: str = ""

    @property
    def aliases(self) -> tuple[str, ...]:
        return self.spellings + self.short_forms

    @property
    def is_collective(self) -> bool:
        return self.kind == COLLECTIVE
