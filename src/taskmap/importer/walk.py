"""The walk: a document's paragraphs → the tasks they make, in page order, with the headings between.

A task is a paragraph carrying its units (a group in brackets, label segments), or the paragraphs a group
or label line standing on its own closes (all of them since the previous task or the start of the item),
or a unit written before its duties. Which numbering level makes tasks and which makes sections is the
parser's decision, made on what the walk found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from taskmap.i18n import N_
from taskmap.importer.blocks import Block, Table
from taskmap.importer.carriers import (
    DUTY_SECTION,
    LEFT_OPEN,
    Groups,
    actor_heading,
    groups_in,
    label_line,
    label_segments,
    role_heading,
    standalone_group,
    unit_first,
)
from taskmap.importer.conventions import (
    DEADLINE_NAMES,
    LABEL_NOUNS,
    LABEL_WORDS,
    PERSON_LABEL,
    UnitGroup,
    looks_like_units,
)
from taskmap.importer.numbering import RANK, Numbered, numbering_of
from taskmap.importer.pagetables import find_page_table
from taskmap.importer.tables import column_kind

if TYPE_CHECKING:
    from taskmap.importer.parser import Parser

TERMINAL = tuple("。）)；;：:！？”」")
HEADING_MAX = 30
# `实施项目：…`, `责任分工：…`: a paragraph led by a label of its own is a field of an item, not
# an actor's duty
LABEL_LED = re.compile(r"^[\u4e00-\u9fff]{2,6}[:：]")
# An item's number right after a closing bracket: `）（二）`, `） 2.`, `）三、` (not `）3.5亿元`)
ITEM_AFTER_GROUP = re.compile(
    r"(?<=[）)】〕\]])\s*(?=[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,4}[.、．](?!\d)|[一二三四五六七八九十]{1,3}、)"
)
ROLE_LABEL_ALONE = re.compile(rf"(?:{LABEL_WORDS})(?:{LABEL_NOUNS})")  # 责任单位, 配合单位
DEADLINE_LABEL_ALONE = re.compile(DEADLINE_NAMES)  # 完成时限
BULLET = re.compile(r"^(?:——|—|●|•|◆|■|□|▲|-)\s*")  # a paragraph's bullet is a marker, like a number
Line = tuple[int, str]


def join_broken_lines(lines: list[Line]) -> list[Line]:
    """A long paragraph cut mid-sentence (no closing punctuation, next line unnumbered) is one paragraph.

    Pieces are gathered and joined once: adding each line to a growing string would take minutes on a
    page of thousands of unpunctuated lines."""
    paragraphs: list[tuple[int, list[str]]] = []
    length = 0
    for number, line in lines:
        if (
            paragraphs
            and length >= 40
            and not paragraphs[-1][1][-1].endswith(TERMINAL)
            and numbering_of(line).style == "plain"
            and label_line(line) is None
            and standalone_group(line) is None
        ):
            paragraphs[-1][1].append(line)
            length += len(line)
        else:
            paragraphs.append((number, [line]))
            length = len(line)
    return [(number, "".join(pieces)) for number, pieces in paragraphs]


@dataclass
class Piece:
    """One paragraph as the walk keeps it: where, its numbering, and its text without the number."""

    line: int
    numbered: Numbered
    text: str
    marker: str = ""  # the number as printed before the text: （三）, 2., 三、


@dataclass
class Span:
    """A task found by the walk: the paragraphs it is made of and the groups that name its units."""

    pieces: list[Piece]
    groups: list[UnitGroup]
    text: str
    deadline: str | None = None
    carrier: str = "group"
    clauses: list[tuple[str, UnitGroup]] = field(default_factory=list)


@dataclass
class Actor:
    """The unit a heading names for the items under it: `（七）学校` in a section of duties is
    responsible for them; `（一）省发展改革委牵头的工作` leads them, beside the units each item names."""

    rank: int
    name: str
    role: str = "responsible"
    beside_groups: bool = False


@dataclass
class Heading:
    """A numbered paragraph that is not (part of) a task."""

    piece: Piece
    actor: str | None = None  # `（七）学校`: the unit or actor its items bind; it opens a section of its own


@dataclass
class TableEvent:
    table: Table


Event = Span | Heading | TableEvent


def clauses_of_groups(paragraph: str, groups: Groups, offset: int) -> list[tuple[str, UnitGroup]]:
    """`…（市场监管总局负责）。…（体育总局、教育部负责）`: the words each group closes, with that group."""
    clauses, cursor = [], offset
    for (start, end), group in groups:
        words = paragraph[cursor:start].strip().lstrip("。；;，,").strip()
        if words:
            clauses.append((words, group))
        elif clauses:  # two groups side by side close the same words
            clauses.append((clauses[-1][0], group))
        cursor = end
    return clauses


def without_spans(paragraph: str, groups: Groups, offset: int) -> str:
    """The paragraph's text from `offset`, the unit groups taken out."""
    text, cursor = "", offset
    for (start, end), _ in groups:
        if start >= offset:
            text += paragraph[cursor:start]
            cursor = end
    return (text + paragraph[cursor:]).strip()


@dataclass
class Walk:
    """The walk over one annex's paragraphs (see the module's docstring)."""

    parser: Parser
    events: list[Event] = field(default_factory=list)
    pending: list[Piece] = field(default_factory=list)
    actor: Actor | None = None  # whom the items under a heading bind
    leader: tuple[int, str] | None = None  # (rank of its heading, `王某某副省长负责的工作`)
    duty_section: bool = False
    persons: list[str] = field(default_factory=list)  # person lines between an item and its unit lines

    def flush(self) -> None:
        first = self.pending[0] if self.pending else None
        items = [
            p for p in self.pending[1:] if first and p.numbered.rank > first.numbered.rank < RANK["plain"]
        ]
        if first is not None and items and self.duty_section:
            self.parser.doubt(
                first.line,
                N_("item {item}: its items name no unit (whose duties?); not tasks"),
                item=first.marker,
            )
        for piece in self.pending:
            if piece.numbered.style != "plain":
                self.events.append(Heading(piece))
        self.pending = []
        self.persons = []

    def close(self, group: UnitGroup | None, deadline: str | None, line: int, carrier: str) -> None:
        """A group or label line standing alone closes the pending paragraphs, or adds to the last task."""
        if not self.pending:
            last = self.events[-1] if self.events else None
            if isinstance(last, Span):
                if group is not None:
                    last.groups.append(group)
                last.deadline = last.deadline or deadline
            elif group is not None and group.has_units:
                self.parser.doubt(line, N_("unit group with no paragraph before it to close; not kept"))
            return
        if self.persons:
            group = group or UnitGroup()
            group.persons[:0] = self.persons
            self.persons = []
        self.heading_apart()
        text = "".join(piece.text for piece in self.pending if piece.text)
        if not text:
            text = self.pending[0].text
        self.task(Span(self.pending, [group] if group else [], text, deadline, carrier))
        self.pending = []

    def heading_apart(self) -> None:
        """`（一）全力以赴拼经济稳增长促发展。` above `10.实施招商引资…` and the unit line closing both:
        the one numbered item under the heading is the task, the heading (a short sentence) only heads
        it, and so down a chain of headings (`（一）…` / `1.约束性指标。` / `⑴九年义务教育…`). Under a
        heading with several numbered items of one level the line closes them all."""
        while len(self.pending) > 1:
            first, *rest = self.pending
            numbered = [piece for piece in rest if piece.numbered.style != "plain"]
            chain = [first, *numbered]  # each numbered piece one level deeper than the one before it
            if not (
                first.numbered.style != "plain"
                and numbered
                and numbered[0] is rest[0]
                and all(inner.numbered.rank > outer.numbered.rank for outer, inner in pairwise(chain))
                and heading_of(first.text) == first.text.removesuffix("。")
            ):
                return
            self.events.append(Heading(first))
            self.pending = rest

    def step(self, line: int, paragraph: str) -> None:
        numbered = numbering_of(paragraph)
        if numbered.style == "section":
            self.duty_section = bool(DUTY_SECTION.search(numbered.rest))
            self.actor = None
        if self.leader and numbered.style != "plain" and numbered.rank <= self.leader[0]:
            self.leader = None
        if (labelled := label_line(paragraph)) is not None:
            if self.pending and labelled.group and not labelled.group.has_units and not labelled.deadline:
                self.persons.extend(labelled.group.persons)  # `牵头负责领导：金力。` above the unit lines
                return
            self.close(labelled.group, labelled.deadline, line, "label line")
            return
        if (group := standalone_group(paragraph)) is not None:
            self.close(group, None, line, "group alone")
            return
        marker = paragraph[: len(paragraph) - len(numbered.rest)].strip()
        piece = Piece(line, numbered, BULLET.sub("", numbered.rest), marker)
        if numbered.style != "plain":
            first = self.pending[0] if self.pending else None
            if (
                first is None
                or first.numbered.style == "plain"
                or numbered.rank <= first.numbered.rank
                or (len(self.pending) == 1 and is_title(first.text))
            ):
                self.flush()
            if self.actor and numbered.rank <= self.actor.rank:
                self.actor = None
        if self.unit_carriers(piece, paragraph):
            return
        self.pending.append(piece)

    def unit_carriers(self, piece: Piece, paragraph: str) -> bool:
        """The carriers found in the paragraph itself; True when it became a task (or an actor's heading)."""
        offset = len(paragraph) - len(piece.text)
        if piece.numbered.style != "plain" and (heading := role_heading(piece.text)):
            self.flush()
            if heading.units:
                self.actor = Actor(piece.numbered.rank, heading.units, heading.role, beside_groups=True)
            else:
                self.leader = (piece.numbered.rank, heading.leader or piece.text)
            self.events.append(Heading(piece))  # a heading above its items, as any other
            return True
        groups = groups_in(paragraph)
        under_actor = self.actor is not None and piece.numbered.rank > self.actor.rank
        if under_actor:  # an actor's item: a bare bracket in it (社区卫生服务中心) is its text, not units
            groups = [(span, g) for span, g in groups if "list" not in g.conventions]
        if groups:
            self.parser.settle_leads(piece.line, groups)
            if any(LEFT_OPEN in group.conventions for _, group in groups):
                self.parser.doubt(
                    piece.line, N_("a bracket is never closed: what follows it is read as the task's units")
                )
            self.flush()
            text = without_spans(paragraph, groups, offset)
            found = label_segments(text)
            deadline = found.deadline if found else None
            extra = [found.group] if found and found.group else []
            span = Span([piece], [g for _, g in groups] + extra, found.text if found else text, deadline)
            if len(groups) > 1 and not extra:
                span.clauses = clauses_of_groups(paragraph, groups, offset)
            self.task(span)
            return True
        found = label_segments(piece.text)
        if found is not None and found.group is not None and found.group.has_units and found.text:
            self.flush()
            self.task(Span([piece], [found.group], found.text, found.deadline, "label segment"))
            return True
        if self.duty_section and piece.numbered.style != "plain" and (name := actor_heading(piece.text)):
            self.flush()
            self.actor = Actor(piece.numbered.rank, name)
            self.events.append(Heading(piece, name))
            return True
        entries = unit_first(piece.text, self.duty_section)
        if entries:
            self.flush()
            for entry in entries:
                group = UnitGroup()
                group.add("responsible", entry.unit)
                group.conventions.append("unit first")
                self.task(Span([piece], [group], entry.text, None, "unit first"))
            return True
        if under_actor and not LABEL_LED.match(piece.text) and not self.plain_under_role_heading(piece):
            self.flush()
            self.task(Span([piece], [], piece.text, None, "unit heading"))
            return True
        return False

    def plain_under_role_heading(self, piece: Piece) -> bool:
        """Under `（一）省发展改革委牵头的工作` the numbered items are the tasks; a plain line (the
        signature, the date) is none."""
        return self.actor is not None and self.actor.beside_groups and piece.numbered.style == "plain"

    def task(self, span: Span) -> None:
        """A task found: under a heading that names its units or its leader, those are the task's too."""
        rank = span.pieces[0].numbered.rank
        if (
            self.actor is not None
            and rank > self.actor.rank
            and (self.actor.beside_groups or not span.groups)
        ):
            group = UnitGroup()
            group.add(self.actor.role, self.actor.name)
            group.conventions.append("role heading" if self.actor.beside_groups else "unit first")
            span.groups.insert(0, group)
        if self.leader is not None and rank > self.leader[0]:
            if not span.groups:
                span.groups.append(UnitGroup())
            span.groups[0].persons.insert(0, self.leader[1])
            span.groups[0].conventions.append("role heading")
        self.events.append(span)


def heading_of(text: str) -> str | None:
    """An item's first sentence when it is short enough to be a heading (see HEADING_MAX)."""
    first, stop, _ = text.partition("。")
    return first if stop and len(first) <= HEADING_MAX else None


def is_title(text: str) -> bool:
    """A heading line alone (`（二）实施农村“厕所革命”`): short, no closing punctuation."""
    return len(text) <= 40 and not text.endswith(("。", "；", ";", "：", ":", "！", "？", "）", ")"))


def walk(parser: Parser, blocks: list[Block]) -> list[Event]:
    """The events of one annex's blocks: tasks, headings and tables, in document order."""
    walk = Walk(parser)
    run: list[Line] = []
    for block in tables_found(blocks):
        if isinstance(block, Table):
            for line, paragraph in join_broken_lines(items_apart(labels_joined(run))):
                walk.step(line, paragraph)
            run = []
            walk.flush()
            walk.events.append(TableEvent(block))
        else:
            run.append((block.line, block.text))
    for line, paragraph in join_broken_lines(items_apart(labels_joined(run))):
        walk.step(line, paragraph)
    walk.flush()
    return walk.events


def labels_joined(lines: list[Line]) -> list[Line]:
    """`责任单位` / `卫健局、文旅局` / `完成时限` / `1月底前完成`: a record printed a label on one line and
    its value on the next is read as `责任单位：卫健局、文旅局`; the value must read as what the label
    names (units, a time, a person), never as another label."""
    result: list[Line] = []
    index = 0
    while index < len(lines):
        number, text = lines[index]
        value = lines[index + 1][1] if index + 1 < len(lines) else ""
        then = lines[index + 2][1] if index + 2 < len(lines) else ""
        if value and is_bare_label(text) and not is_bare_label(value) and fits_label(text, value):
            result.append((number, f"{text}：{value}"))
            index += 2
            continue
        if len(text) <= 6 and column_kind(text) == "text" and value and is_bare_label(then):
            index += 1  # `具体任务` over the task's text in such a record: the field's name, not its words
            continue
        result.append((number, text))
        index += 1
    return result


def is_bare_label(text: str) -> bool:
    """A label printed alone on its line, no colon: 责任单位, 完成时限, 牵头领导."""
    person = PERSON_LABEL.fullmatch(text + "：")
    return bool(ROLE_LABEL_ALONE.fullmatch(text) or DEADLINE_LABEL_ALONE.fullmatch(text) or person)


def fits_label(label: str, value: str) -> bool:
    if DEADLINE_LABEL_ALONE.fullmatch(label):
        return numbering_of(value).style == "plain"
    if PERSON_LABEL.fullmatch(label + "："):
        return len(value) <= 20
    return looks_like_units(value.rstrip("。；;"))


def items_apart(lines: list[Line]) -> list[Line]:
    """`…（省发改委负责）（二）公共财政收入增长13%左右。（省财政厅负责）`: items printed on one line, each
    closed by its unit group, are paragraphs of their own. Only a group naming units ends an item here."""
    result: list[Line] = []
    for number, text in lines:
        starts = [found.start() for found in ITEM_AFTER_GROUP.finditer(text)]
        ends = (
            {end for (_, end), _ in groups_in(text)} if starts else set()
        )  # read once: a line may be a page
        cuts = [start for start in starts if start in ends]
        pieces = [text[start:end].strip() for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        result.extend((number, piece) for piece in pieces if piece)
    return result


def tables_found(blocks: list[Block]) -> list[Block]:
    """The blocks with every table printed one cell per line turned back into a Table."""
    result: list[Block] = []
    index = 0
    while index < len(blocks):
        found = find_page_table(blocks, index)
        if found is not None:
            table, index = found
            result.append(table)
        else:
            result.append(blocks[index])
            index += 1
    return result
