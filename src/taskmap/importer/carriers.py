"""Where a paragraph carries its units: groups in brackets, label segments, a group standing alone, or the
unit written first. Each carrier is one small rule; tests/test_import_carriers.py shows each on the printed
lines that taught it. What a group says inside its brackets is conventions.py's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from taskmap.importer.conventions import (
    DEADLINE_NAMES,
    LABEL_NOUNS,
    LABEL_WORDS,
    LEGEND,
    PERSON_LABEL,
    UnitGroup,
    label_role,
    looks_like_units,
    read_group,
    read_labelled,
)

OPENING = "（(【〔["
CLOSING = "）)】〕〉]"
BRACKET = re.compile(f"[{re.escape(OPENING + CLOSING)}]")
LABEL = re.compile(rf"({LABEL_WORDS})(?:{LABEL_NOUNS})\s*[:：]")
DEADLINE_LABEL = re.compile(rf"({DEADLINE_NAMES})\s*[:：]")
SEGMENT_END = "。；;，, "
SENTENCE_END = "。；;.！!？?"
LEVEL_UNIT = re.compile(r"^(?:区|市|省|县|各)[^，,。；;：:、（）()]{1,20}$")
GLUED_UNIT = re.compile(
    r"^((?:区|市|省|县)[\u4e00-\u9fff]{1,14}?(?:部|局|委|办|院|会|厅|署|中心|委员会|政府))(?!门|分)(?=[\u4e00-\u9fff])"
)
ACTOR_HEADING = re.compile(r"^[\u4e00-\u9fff、]{2,14}$")
DUTY_SECTION = re.compile(r"职责|分工")
WORK_WORDS = re.compile(
    r"职责|分工|任务|工作|措施|要求|目标|安排|机制|保障"
    r"|^(?:打造|建设|推进|加强|开展|完善|实施|落实|提升|强化|健全|深化|推动|加快|促进|做好|抓好|优化|构建|建立|规范)"
)  # a heading naming work, or opening with what is to be done (打造城市完整社区), names no actor
UNIT_COLON = re.compile(r"^([^：:，,。；;、（）()]{2,24})[：:](.+)$")
ENTRY_BREAK = re.compile(r"(?<=。)(?=(?:区|市|省|县)[^，。；：:]{1,20}[：:])")


Span = tuple[int, int]


def bracketed(paragraph: str) -> list[Span]:
    """(start, end) of every top-level bracket pair, any of （）()【】〔〕[] and mixed pairs such as (…） or
    （…〉; nested pairs belong to theirs."""
    spans, depth, start = [], 0, 0
    for found in BRACKET.finditer(paragraph):
        if found[0] in OPENING:
            if depth == 0:
                start = found.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, found.end()))
    return spans


Groups = list[tuple[Span, UnitGroup]]


def left_open(paragraph: str) -> int | None:
    """Where the paragraph's last bracket opens when nothing closes it (`…工作。（市发改委负责`, the
    page cut off or the bracket forgotten)."""
    depth, start = 0, 0
    for found in BRACKET.finditer(paragraph):
        if found[0] in OPENING:
            start = found.start() if depth == 0 else start
            depth += 1
        elif depth:
            depth -= 1
    return start if depth else None


LEFT_OPEN = "bracket left open"


def groups_in(paragraph: str) -> Groups:
    """Every bracket of a paragraph that names units, with its span; leads are settled later. A bracket
    left open at the paragraph's end counts when what follows it is a group in words (a role or a label),
    never a bare list; the group says so (LEFT_OPEN) for the report."""
    found = []
    for start, end in bracketed(paragraph):
        group = read_group(paragraph[start + 1 : end - 1])
        if group is not None and (group.conventions != ["list"] or closes_sentence(paragraph, end)):
            found.append(((start, end), group))
    if (opened := left_open(paragraph)) is not None:
        group = read_group(paragraph[opened + 1 :].rstrip("。；; "))
        if group is not None and group.has_units and "list" not in group.conventions:
            group.conventions.append(LEFT_OPEN)
            found.append(((opened, len(paragraph)), group))
    return found


def closes_sentence(paragraph: str, end: int) -> bool:
    """A bare list in brackets (no label, no role word) names units where it closes a sentence
    (`…监管。（区市场监管局）`, `…工作（区经济发展局农业处）。`); one the sentence runs on after
    (`人才联络站（海外人才工作站），逐步形成…`) is an aside."""
    after = paragraph[end:].lstrip()
    return not after or after[0] in SENTENCE_END + OPENING


@dataclass
class Labelled:
    """What label segments (`责任单位：A、B。完成时限：2019年底前`) give, and the text before them."""

    text: str
    group: UnitGroup | None
    deadline: str | None


def label_segments(paragraph: str, anywhere: bool = False) -> Labelled | None:
    """`…。责任单位：A、B。时间要求：…`: from the first label on, each label's value runs to the next label.

    A label counts at the start of the paragraph or after 。；，; with `anywhere` (a table cell such as
    `牵头单位：A配合单位：B`) wherever it stands."""
    marks = sorted(
        [(m.start(), m.end(), "unit", m[1]) for m in LABEL.finditer(paragraph)]
        + [(m.start(), m.end(), "deadline", m[1]) for m in DEADLINE_LABEL.finditer(paragraph)]
        + [(m.start(), m.end(), "person", m[1]) for m in PERSON_LABEL.finditer(paragraph)]
    )
    if not anywhere:
        marks = [mark for mark in marks if mark[0] == 0 or paragraph[mark[0] - 1] in "。；;，, \u3000"]
    if not marks:
        return None
    group, deadline = UnitGroup(), None
    for index, (_, value_start, kind, word) in enumerate(marks):
        value_end = marks[index + 1][0] if index + 1 < len(marks) else len(paragraph)
        value = unclosed(paragraph[value_start:value_end].strip().rstrip(SEGMENT_END))
        if not value:
            continue
        if kind == "deadline":
            deadline = value
        elif kind == "person":
            group.persons.append(f"{paragraph[marks[index][0] : value_start]}{value}")
            group.conventions.append("persons named")
        elif looks_like_units(value.split("会同")[0]) or anywhere:
            read_labelled(group, label_role(word), value)
            group.conventions.append("label segment")
    if not group.has_units and deadline is None and not group.persons:
        return None
    kept = group if group.has_units or group.persons else None
    return Labelled(paragraph[: marks[0][0]].strip(), kept, deadline)


def unclosed(value: str) -> str:
    """A label's value without the bracket closing the group it stands in (`（责任单位：A、B）`), its own
    brackets kept (`A（列第一位为牵头单位）`)."""
    while value.endswith(("）", ")")) and sum(map(value.count, "）)")) > sum(map(value.count, "（(")):
        value = value[:-1].rstrip(SEGMENT_END)
    return value


def standalone_group(paragraph: str) -> UnitGroup | None:
    """A paragraph that is one bracket of units and nothing else (`（责任单位：区交建局、农发局）`): it closes
    the paragraphs before it."""
    spans = bracketed(paragraph)
    if len(spans) == 1 and spans[0] == (0, len(paragraph.rstrip("。；;"))):
        group = read_group(paragraph[1 : spans[0][1] - 1])
        if group is not None:
            group.conventions.append("group on a line of its own")
            return group
    return None


def label_line(paragraph: str) -> Labelled | None:
    """A paragraph that begins with a label (`责任单位：…`, `完成时限：…`): it closes the item before it."""
    if not (LABEL.match(paragraph) or DEADLINE_LABEL.match(paragraph) or PERSON_LABEL.match(paragraph)):
        return None
    found = label_segments(paragraph, anywhere=True)
    if found is not None and found.group is not None:
        found.group.conventions.append("label line")
    return found


def has_legend(paragraph: str) -> str | None:
    """A legend printed in the text itself (`各项任务中排位靠前的责任单位为牵头单位`), not in a group."""
    outside = BRACKET.sub("", "".join(paragraph[s:e] for s, e in gaps(paragraph, bracketed(paragraph))))
    found = LEGEND.search(outside)
    return found[0] if found else None


def gaps(paragraph: str, spans: list[Span]) -> list[Span]:
    """The parts of a paragraph outside the given spans."""
    result, cursor = [], 0
    for start, end in spans:
        result.append((cursor, start))
        cursor = end
    result.append((cursor, len(paragraph)))
    return result


@dataclass
class DutyEntry:
    """A unit written first, its duties after it (`区教育局：发挥综合协调作用…`)."""

    unit: str
    text: str


def unit_first(paragraph: str, in_duty_section: bool) -> list[DutyEntry]:
    """`区X：duties` (two entries in one paragraph are two); in a section of duties (职责分工) also a unit
    glued to its duties (`区党群工作部按照…`)."""
    entries: list[DutyEntry] = []
    for piece in ENTRY_BREAK.split(paragraph):
        found = UNIT_COLON.match(piece)
        if found and looks_like_units(found[1]) and (LEVEL_UNIT.match(found[1]) or in_duty_section):
            entries.append(DutyEntry(found[1], found[2].strip()))
        elif entries:
            entries[-1] = DutyEntry(entries[-1].unit, entries[-1].text + piece)
        else:
            break
    if entries or not in_duty_section:
        return entries
    glued = GLUED_UNIT.match(paragraph)
    return [DutyEntry(glued[1], paragraph)] if glued else []


# `（一）省发展改革委牵头的工作`, `一、王某某副省长负责的工作`: the heading says who does the items under it
ROLE_HEADING = re.compile(
    r"^([^，,。；;：:（）()]{2,60}?)(牵头|主办|负责|承担|落实|配合|协助|参与|指导)的(?:重点)?(?:工作|任务|事项)[。：:]?$"
)
LEADER = re.compile(r"(?:省长|市长|县长|区长|州长|旗长|主席|秘书长|书记|主任|同志|领导)$")


@dataclass
class RoleHeading:
    """A heading naming whose work its items are: units in a role, or a leader (kept as a remark)."""

    role: str
    units: str | None = None
    leader: str | None = None


def role_heading(rest: str) -> RoleHeading | None:
    """`省监察厅、省人力资源社会保障厅牵头的工作` leads its items; `王某某副省长负责的工作` names the leader
    who answers for them, a person and no unit."""
    found = ROLE_HEADING.match(rest)
    if found is None:
        return None
    who, role = found[1], label_role(found[2])
    if LEADER.search(who):
        return RoleHeading(role, leader=rest.rstrip("。：:"))
    return RoleHeading(role, units=who) if looks_like_units(who) else None


def actor_heading(rest: str) -> str | None:
    """A numbered heading that is only a name (`（七）学校`, `（二）各乡镇政府`): whom its items bind. A
    heading naming work (`重点任务责任分工`, `工作措施`, `打造城市完整社区`) names no one."""
    return rest if ACTOR_HEADING.match(rest) and not WORK_WORDS.search(rest) else None
