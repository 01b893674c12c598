"""How task-division notices name the units that carry out an item, one convention per function.

Each function reads one way of writing a unit group; tests/test_import_conventions.py shows each on the
printed line that taught it, and tests/test_import.py imports the whole notices. A group is the text inside
one parenthesis; `read_group` tries the conventions in turn and keeps whatever no convention explains as a
remark, so nothing printed is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LABEL_ROLES = {
    "牵头": "lead",
    "配合": "support",
    "参与": "support",
    "协办": "support",
    "责任": "responsible",
    "指导": "guide",
}
LABELLED_CLAUSE = re.compile(r"^(牵头|配合|责任|参与|协办|指导)(?:单位|部门)[:：](.+)$")
LEGEND = re.compile(
    r"(?:排在第一位的部门为牵头部门|列第一位者为牵头单位|排在第一位的为牵头单位|排名第一的为牵头单位)"
)
FOLLOWING = "下同"
# Longest first, so 等有关部门和单位 is not read as 等有关部门 followed by 和单位.
OPEN_ENDED_SUFFIXES = ("等有关部门和单位", "等有关部门", "等市部门", "等部门", "等")
# Catch-all phrases whose inner 、 does not separate units.
COLLECTIVES_WITH_COMMA = ("各省、自治区、直辖市人民政府", "各区、县级市", "各市、县（区）", "各市、区")
CLAUSE_SEPARATOR = re.compile(r"[，,；;。]")
NAME_SEPARATOR = re.compile(r"、|，|,|(?<=等)和|和(?=各)")
UNIT_ENDINGS = re.compile(
    r"(部|局|委|办|署|院|会|行|厅|室|组|社|团|联|站|司|处|政府|单位|部门|总局|公司|中心|支行|分局|委员会|中央)$"
)


@dataclass
class UnitGroup:
    """The units one parenthesis names, by role, and what it says besides."""

    roles: dict[str, list[str]] = field(default_factory=dict)
    open_ended: dict[str, str] = field(default_factory=dict)
    remarks: list[str] = field(default_factory=list)
    conventions: list[str] = field(default_factory=list)
    lead_unknown: bool = False
    legend: str | None = None
    legend_follows: bool = False

    def add(self, role: str, names: str) -> None:
        """The units a clause names in `role`, and its trailing 等… when the list is open-ended."""
        units, suffix = split_names(names)
        self.roles.setdefault(role, []).extend(units)
        if suffix:
            self.open_ended[role] = suffix

    @property
    def has_units(self) -> bool:
        return any(self.roles.values())


def split_names(names: str) -> tuple[list[str], str | None]:
    """Unit names of a list (A、B、C等), keeping catch-all phrases whole; the open-ended suffix apart."""
    present = [(f"\0{n}\0", phrase) for n, phrase in enumerate(COLLECTIVES_WITH_COMMA) if phrase in names]
    protected = names
    for mark, phrase in present:
        protected = protected.replace(phrase, mark)
    suffix = None
    units: list[str] = []
    for piece in NAME_SEPARATOR.split(protected):
        piece = piece.strip()
        for mark, phrase in present:
            piece = piece.replace(mark, phrase)
        if "等" in piece:  # every open-ended suffix holds 等
            for candidate in OPEN_ENDED_SUFFIXES:
                if piece.endswith(candidate) and len(piece) > len(candidate):
                    piece, suffix = piece[: -len(candidate)], candidate
                    break
        if piece:
            units.append(piece)
    return units, suffix


def looks_like_units(names: str) -> bool:
    """True when every name of a list ends like a unit (部, 局, 政府, …) rather than ordinary words."""
    units, _ = split_names(names)
    return bool(units) and all(UNIT_ENDINGS.search(unit) or unit.startswith("各") for unit in units)


def labelled_clause(group: UnitGroup, clause: str) -> bool:
    """`牵头单位：A、B` (also 配合/责任/参与/协办/指导, 单位 or 部门, ： or :)."""
    match = LABELLED_CLAUSE.match(clause)
    if not match:
        return False
    group.add(LABEL_ROLES[match[1]], match[2])
    group.conventions.append("labelled")
    return True


def legend_clause(group: UnitGroup, clause: str) -> bool:
    """`排在第一位的部门为牵头部门，下同` / `列第一位者为牵头单位`: the first unit of a 负责 list leads."""
    if not (found := LEGEND.search(clause)):
        return False
    group.legend = found[0]
    group.conventions.append("legend")
    return True


def following_clause(group: UnitGroup, clause: str) -> bool:
    """`下同`: the legend just read holds for every later group too."""
    if clause != FOLLOWING:
        return False
    group.legend_follows = True
    return True


WORDING = re.compile(r"^(.+?)(牵头负责|牵头|参与|指导|会同有关部门负责|负责落实|按职责分工负责|负责)$")
WORDING_ROLES = {
    "牵头负责": "lead",
    "牵头": "lead",
    "参与": "support",
    "指导": "guide",
    "会同有关部门负责": "lead",
    "负责落实": "responsible",
    "按职责分工负责": "responsible",
    "负责": "responsible",
}


def worded_clause(group: UnitGroup, clause: str) -> bool:
    """`A牵头`, `A、B牵头负责`, `B、C参与`, `A指导`, `A会同有关部门负责`, `A、B负责`,
    `各省级人民政府按职责分工负责`."""
    match = WORDING.match(clause)
    if not match or not looks_like_units(match[1]):
        return False
    group.add(WORDING_ROLES[match[2]], match[1])
    if match[2] == "会同有关部门负责":
        group.add("support", "有关部门")
    group.conventions.append(f"wording:{match[2]}")
    return True


def unlabelled_list(group: UnitGroup, clause: str) -> bool:
    """`A、B、市场监管总局，各省级人民政府按职责分工负责`: a bare list the later verb governs."""
    if not looks_like_units(clause):
        return False
    group.add("responsible", clause)
    group.conventions.append("list")
    return True


CLAUSE_CONVENTIONS = (labelled_clause, legend_clause, following_clause, worded_clause, unlabelled_list)


def clauses_of(content: str) -> list[str]:
    """The clauses of a group, split at ，；。 but never inside a catch-all phrase or a nested bracket."""
    if "（" not in content and "(" not in content:
        return [clause for piece in CLAUSE_SEPARATOR.split(content) if (clause := piece.strip())]
    clauses, depth, current = [], 0, ""
    for character in content:
        depth += character in "（("
        depth -= character in "）)"
        if depth == 0 and CLAUSE_SEPARATOR.match(character):
            clauses.append(current.strip())
            current = ""
        else:
            current += character
    clauses.append(current.strip())
    return [clause for clause in clauses if clause]


def read_group(content: str) -> UnitGroup | None:
    """The units of one parenthesis, or None when it names none (a plain parenthesis such as （区、市）).

    Who leads a jointly responsible list depends on the legends read before it: `apply_lead_rule` decides.
    """
    group = UnitGroup()
    for clause in clauses_of(content):
        if not any(convention(group, clause) for convention in CLAUSE_CONVENTIONS):
            group.remarks.append(clause)
    return group if group.has_units else None


def apply_lead_rule(group: UnitGroup, legend: bool) -> None:
    """Units a group lists as jointly 负责: with a legend the first leads, the rest support; else unknown."""
    responsible = group.roles.get("responsible", [])
    unlabelled = any(c in ("list", "wording:负责", "wording:按职责分工负责") for c in group.conventions)
    if not unlabelled or "lead" in group.roles:
        return
    if legend:
        group.roles["lead"] = responsible[:1]
        rest = responsible[1:]
        del group.roles["responsible"]
        if rest:
            group.roles["support"] = rest
        if "responsible" in group.open_ended:
            group.open_ended["support" if rest else "lead"] = group.open_ended.pop("responsible")
        group.conventions.append("legend applied")
    elif len(responsible) > 1:
        group.lead_unknown = True
