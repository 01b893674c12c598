"""The structure pass: a document's blocks → its annexes, sections and tasks.

Two steps. The walk (walk.py) finds every task and the headings between them; then `read_content`
decides, from the numbering levels of those tasks, which level carries tasks and which one above it makes
sections, and numbers the tasks as printed.

The rule for headings (the same one the shipped data follows): an item's first sentence, up to the first
。, is its heading when that sentence is at most walk.HEADING_MAX characters long.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import takewhile

from taskmap.i18n import N_, _
from taskmap.importer.blocks import Block, Paragraph, Source, Table
from taskmap.importer.carriers import (
    OPENING,
    Groups,
    groups_in,
    has_legend,
)
from taskmap.importer.conventions import UnitGroup, apply_lead_rule, looks_like_units
from taskmap.importer.metadata import (
    ISSUER_CODE,
    NUMBER_YEAR,
    TITLE_END,
    is_date_line,
    is_signature,
    read_notice_fields,
    table_box,
)
from taskmap.importer.numbering import RANK, Numbered, chinese_number, numbering_of
from taskmap.importer.pagetables import find_page_table
from taskmap.importer.report import EMPTY_ANNEX
from taskmap.importer.structure import (
    Doubt,
    ParsedAnnex,
    ParsedNotice,
    ParsedSection,
    ParsedTask,
)
from taskmap.importer.tables import is_header, read_table
from taskmap.importer.traditional import respelled, simplified_reading
from taskmap.importer.walk import TERMINAL, Event, Heading, Span, TableEvent, heading_of, is_title, walk

PAGE_FOOTER = re.compile(
    r"^扫一扫在手机打开当前页$|网站标识码|ICP备|公网安备|公安备案号|^版权所有|^Copyright|^©", re.IGNORECASE
)
# A line of the page's buttons (分享到:, 打印本页, 【字体:大 中 小】), wherever it stands
PAGE_WIDGET = re.compile(
    r"^(?:分享到[:：]?|打印本页|关闭窗口|【?\s*(?:打印|关闭)\s*】?|【?\s*字体\s*[:：].*)$"
)
# 首页>政府信息公开>政策文件, 当前位置：首页 > 政务公开: the page's breadcrumb; it and the lines above it
# are the site's, never the notice's
BREADCRUMB = re.compile(
    r"^(?:(?:您(?:现在)?的?|当前)?(?:所在)?位置\s*[:：]\s*)?(?:网站)?首页\s*[>＞»›](?:\s*[^>＞»›]+\s*[>＞»›]?)*$"
)
BREADCRUMB_WITHIN = 12  # lines from the page's top
# 2023年6月底前, 年底前, 6月30日前, 2019年上半年前: a time by which a task's own words say it is done
TIME_IN_TEXT = re.compile(
    r"(?:(?:19|20)\d{2}\s*年)?\s*(?:\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?:底|末)?|年底|年末|底|上半年|下半年)前"
)
FIELD_NAME_MAX = 6
TITLE_LINE_MAX = 40  # a line of a title printed over several lines, but the last
TITLE_LINES = 3
TITLE_BREAK = re.compile(r"(?:》|关于|印发|的|和|及|与|\d{4}年(?:度)?)$")  # where a title's first line breaks
CAPTION_LINES = 12  # a title printed further down is not above the notice's first item
TRAILING_NUMBER = re.compile(rf"\s*[（(]\s*{ISSUER_CODE}{NUMBER_YEAR}\s*[）)]$")  # a 文号 after the title
TRAILING_YEAR = re.compile(r"[（(]\s*\d{4}\s*(?:[-—–~至]\s*\d{4}\s*)?(?:年|年度)?\s*[）)]$")
SITE_NAME_AFTER = re.compile(r"\s*[_｜|]\s*|\s+[-—–]\s+")
ANNEX_LINE = re.compile(r"^附件\s*(\d*)[:：]?$")
Line = tuple[int, str]

__all__ = ["Parser", "groups_in", "parse_source"]


class Parser:
    """Reads one document; `parse` returns the notice found, with the doubtful spots it met."""

    def __init__(self, source: Source) -> None:
        self.declared_title = notice_title(source.title)
        self.blocks = article(source.blocks, self.declared_title)
        self.lines: list[Line] = [(b.line, b.text) for b in self.blocks if isinstance(b, Paragraph)]
        self.notice = ParsedNotice({}, [])
        self.legend_in_force = False
        self.inherited: dict[str, list[str]] = {}
        self.document_legend = next((found for _, text in self.lines if (found := has_legend(text))), None)

    def doubt(self, line: int, template: str, **values: object) -> None:
        self.notice.doubts.append(Doubt(line, template, {name: str(value) for name, value in values.items()}))

    def parse(self) -> ParsedNotice:
        self.notice.fields, body_end = read_notice_fields(self.lines)
        if (printed := self.notice.fields.get("issued_as_printed")) and "issued" not in self.notice.fields:
            line = next(number for number, text in self.lines if text == printed)
            self.doubt(line, N_("the date under the signature reads as no date: {words}"), words=printed)
        boxes = [
            b for b in self.blocks[:CAPTION_LINES] if isinstance(b, Table) and not any(map(is_header, b.rows))
        ]
        for table in boxes:
            for name, value in table_box(table.rows).items():  # an information box printed as a table
                self.notice.fields.setdefault(name, value)
        if "title" not in self.notice.fields and (title := self.declared_title or self.caption()):
            self.notice.fields["title"] = title
        body_line = self.lines[body_end][0] if body_end < len(self.lines) else 0
        starts = [
            i for i, b in enumerate(self.blocks) if isinstance(b, Paragraph) and ANNEX_LINE.match(b.text)
        ]
        if self.document_legend:
            self.notice.used("legend in the text")
        if not starts and (plan := plan_after_date(self.blocks, body_line)) is not None:
            self.notice.used("annex after the date, no 附件 line")
            self.read_annex(1, self.blocks[plan[0] :], self.blocks[plan[0]].line, title_lines=plan[1])
            letter = self.notice.fields.get("body")
            self.notice.annexes[0].letter = "".join(letter) if isinstance(letter, list) else ""
        elif starts:
            for order, start in enumerate(starts):
                end = starts[order + 1] if order + 1 < len(starts) else len(self.blocks)
                first = self.blocks[start]
                assert isinstance(first, Paragraph)
                printed = ANNEX_LINE.match(first.text)
                number = int(printed[1]) if printed and printed[1] else order + 1
                self.read_annex(number, self.blocks[start + 1 : end], first.line)
        else:
            self.read_body([b for b in self.blocks if b.line >= body_line])
        self.check_deadlines()
        self.check_unit_names()
        for annex in self.notice.annexes:
            if not any(section.tasks for section in annex.sections):
                if not annex.sections:
                    annex.sections.append(ParsedSection(1, None, annex.title))
                self.doubt(
                    annex.line,
                    EMPTY_ANNEX,
                    number=annex.number,
                )
        if "title" not in self.notice.fields:
            self.doubt(
                self.lines[0][0] if self.lines else 1,
                N_("no title found: the notice is called {title} until notice.yaml gives its own"),
                title=self.notice.annexes[0].title if self.notice.annexes else "未命名通知",
            )
        return self.notice

    def caption(self) -> str | None:
        """A notice that prints no addressees: the first line above its first item that reads as a notice's
        title, a paragraph (`市政府工作报告重点工作责任分解(2023年)` under a page's breadcrumb) or a table's
        row merged across it (`国务院办公厅关于…的通知` over 序号 | 改革举措 | …)."""
        blocks = self.blocks[:CAPTION_LINES]
        for index, block in enumerate(blocks):
            if isinstance(block, Table):  # `附件` over the title, each merged across (or alone in) its row
                merged = [row[0] for row in takewhile(lambda row: set(row) - {""} == {row[0]}, block.rows)]
                title = next((text for text in merged if not ANNEX_LINE.match(text)), "")
                return title if reads_as_title(title) else None
            if numbering_of(block.text).style != "plain":
                return None
            title = block.text.removeprefix("《").removesuffix("》")
            if len(title) > FIELD_NAME_MAX and reads_as_title(title):  # not a field's name (具体任务)
                return TRAILING_NUMBER.sub("", title)  # 《…实施细则》 as a reprint prints it; its 文号 apart
            if TITLE_BREAK.search(block.text) and (over := title_over_lines(blocks[index:])):
                return over
        return None

    def check_unit_names(self) -> None:
        """A unit whose name ends as no unit's does (`区`, `区商`, `已进场施工`) is named once in the report:
        a name cut short, or a cell of another column read as units. An actor heading its own section
        (`（七）学校`) is one on purpose."""
        named = {section.title for annex in self.notice.annexes for section in annex.sections}  # actors
        for task in self.notice.tasks():
            units = dict.fromkeys(unit for units in task.roles.values() for unit in units)
            if odd := [unit for unit in units if unit not in named and not looks_like_units(unit)]:
                self.doubt(
                    task.line, N_("kept as units, yet no unit's name ends so: {names}"), names="、".join(odd)
                )
            named.update(units)

    def check_deadlines(self) -> None:
        """Deadlines are kept verbatim; one the deadline reader cannot date is named in the report, and so
        is a time a task's text sets (`于2012年10月底前完成`) when no deadline was printed apart from it."""
        for task in self.notice.tasks():
            if not task.deadline and (times := TIME_IN_TEXT.findall(task.text)):
                self.doubt(
                    task.line,
                    N_("the text sets a time ({words}), no deadline is printed: taskmap due sees none"),
                    words="，".join(dict.fromkeys(times)),
                )
        tasks = [task for task in self.notice.tasks() if task.deadline]
        if not tasks:
            return
        from taskmap.tracking.deadlines import read_deadline
        from taskmap.tracking.schedule import document_year

        year = document_year(self.notice.fields)  # the year `taskmap due` reads them in
        for task in tasks:
            unread = [d.text for d in read_deadline(task.deadline, year) if d.kind == "unread"]
            if unread:
                self.doubt(
                    task.line,
                    N_("deadline kept as printed, not read as a date: {words}"),
                    words="，".join(unread),
                )

    def read_annex(self, number: int, blocks: list[Block], line: int, title_lines: int = 1) -> None:
        if not blocks or not isinstance(blocks[0], Paragraph):
            title, rest = f"附件{number}", blocks
        else:
            title = "".join(b.text for b in blocks[:title_lines] if isinstance(b, Paragraph))
            rest = blocks[title_lines:]
        preamble = None
        if rest and isinstance(rest[0], Paragraph):
            numbered = numbering_of(rest[0].text)
            if numbered.style == "plain" and not groups_in(rest[0].text) and not is_cell_run(rest):
                preamble, rest = rest[0].text, rest[1:]
        annex = ParsedAnnex(number, title, preamble, line=line)
        self.notice.annexes.append(annex)
        self.read_content(annex, rest)

    def read_body(self, blocks: list[Block]) -> None:
        """A notice without annexes: its tasks sit in the body, kept as annex 1 marked in_body."""
        title = str(self.notice.fields.get("title") or "正文")
        preamble = next(
            (b.text for b in blocks if isinstance(b, Paragraph) and numbering_of(b.text).style == "plain"),
            None,
        )
        annex = ParsedAnnex(1, title, preamble, in_body=True)
        self.notice.annexes.append(annex)
        self.notice.used("tasks in the body (no annex)")
        self.read_content(annex, blocks)

    def settle_leads(self, line: int, groups: Groups) -> None:
        """Apply the lead rule to each group in page order, a legend with 下同 holding for every later one.

        A legend is reported once, where it is printed, not at every group it decides."""
        for _words, group in groups:
            self.settle_lead(line, group)

    def settle_lead(self, line: int, group: UnitGroup) -> None:
        legend = self.legend_in_force or group.legend is not None or self.document_legend is not None
        apply_lead_rule(group, legend)
        if group.legend is not None:
            reach = N_("this and every later group (下同)") if group.legend_follows else N_("this group only")
            self.doubt(
                line,
                N_("legend {legend}: the first unit of a list leads, in {reach}"),
                legend=group.legend,
                reach=reach,
            )
            self.legend_in_force = self.legend_in_force or group.legend_follows

    def read_content(self, annex: ParsedAnnex, blocks: list[Block]) -> None:
        events = walk(self, blocks)
        spans = [event for event in events if isinstance(event, Span)]
        task_ranks = [s.pieces[0].numbered.rank for s in spans if s.pieces[0].numbered.style != "plain"]
        top = min(task_ranks, default=RANK["plain"])
        ranks = [s.pieces[0].numbered.rank for s in spans]
        usual = max(set(ranks), key=ranks.count) if ranks else RANK["plain"]
        section_rank = section_level(events, top, usual)
        section: ParsedSection | None = None
        last_heading: Numbered | None = None  # of the outermost level (一、)
        above: list[Heading] = []  # the headings between the section and the next task, outermost first
        for index, event in enumerate(events):
            if isinstance(event, TableEvent):
                section = read_table(self, annex, section, event.table)
            elif isinstance(event, Heading):
                numbered = event.piece.numbered
                if numbered.style == "section":
                    if last_heading is not None and last_heading.number == numbered.number:
                        self.doubt(
                            event.piece.line,
                            N_("heading {item} repeats the number of the heading before it"),
                            item=event.piece.marker,
                        )
                    last_heading = numbered
                if event.actor is not None:
                    section, above = self.open_section(annex, numbered, event.actor), []
                elif numbered.rank == section_rank or (section_rank is None and heads_tasks(events, index)):
                    section, above = self.open_section(annex, numbered), []
                elif heads_deeper_tasks(
                    events, index
                ):  # `（一）总体要求和主要预期目标。` between 一、 and 1.
                    above = [*(h for h in above if h.piece.numbered.rank < numbered.rank), event]
                elif numbered.rank == top == usual:  # item 1. above item 2. and its label line
                    self.doubt(
                        event.piece.line, N_("item {item} names no unit; not a task"), item=event.piece.marker
                    )
            else:
                if section is None:
                    section = ParsedSection(1, None, annex.title)
                    annex.sections.append(section)
                above = [h for h in above if h.piece.numbered.rank < event.pieces[0].numbered.rank]
                self.add_task(section, event, [f"{h.piece.marker}{h.piece.text}" for h in above])

    def open_section(self, annex: ParsedAnnex, numbered: Numbered, title: str | None = None) -> ParsedSection:
        number = len(annex.sections) + 1
        numeral = numbered.numeral if chinese_number(numbered.numeral) == number else None
        title = title or (numbered.rest.split("。")[0] if len(numbered.rest) > 60 else numbered.rest)
        section = ParsedSection(number, numeral, title)
        annex.sections.append(section)
        return section

    def add_task(self, section: ParsedSection, span: Span, subsections: list[str]) -> None:
        first = span.pieces[0]
        numbered = first.numbered.style != "plain"
        text = span.text
        if len(span.pieces) > 1 and is_title(first.text) and first.numbered.style != "plain":
            heading: str | None = first.text  # `（二）实施农村“厕所革命”` standing alone above its paragraphs
            text = "".join(piece.text for piece in span.pieces)
        else:
            heading = heading_of(text)
        if not text.strip():
            self.doubt(first.line, N_("a unit group closes no text; not a task"))
            return
        number = section.tasks[-1].number + 1 if section.tasks else 1
        task = ParsedTask(number, numbered, heading, text, first.line, groups=len(span.groups))
        task.deadline = span.deadline
        task.printed = first.marker if numbered else None
        task.clauses = span.clauses
        task.subsections = subsections
        earlier = self.inherited_so_far()
        for group in span.groups:
            if span.carrier != "group":
                self.settle_lead(first.line, group)
            self.merge(task, group)
        task.inherit(earlier)
        if not task.roles:
            if numbered:
                self.doubt(first.line, N_("item {item} names no unit; not a task"), item=first.marker)
            else:
                self.doubt(first.line, N_("a paragraph names no unit; not a task"))
            return
        self.notice.used(span.carrier if span.carrier != "group" else "group in brackets")
        if len(span.groups) > 1:
            self.notice.used("several groups in one item")
        if task.lead_unknown:
            self.doubt(
                first.line,
                N_("units listed as jointly responsible and no legend says who leads: lead unknown"),
            )
        section.tasks.append(task)
        if numbered:
            self.number_as_printed(section, first.line, first.numbered.number, first.marker)

    def number_as_printed(self, section: ParsedSection, line: int, number: int, printed: str) -> None:
        """The last task takes its printed number unless that repeats or goes back: ids must stay unique."""
        task = section.tasks[-1]
        follows_unnumbered = len(section.tasks) > 1 and not section.tasks[-2].numbered
        if number >= task.number:
            task.number = number
        elif not follows_unnumbered:
            self.doubt(
                line,
                N_("item {item} comes after item {previous}; kept as item {kept}"),  # item: as printed
                item=printed,
                previous=task.number - 1,
                kept=task.number,
            )

    def inherited_so_far(self) -> dict[str, list[str]]:
        """The units earlier tasks' notes give every later task (not yet the notes of the task at hand)."""
        return {role: list(units) for role, units in self.inherited.items()}

    def merge(self, task: ParsedTask, group: UnitGroup) -> None:
        for role, units in group.roles.items():
            kept = task.roles.setdefault(role, [])
            kept.extend(unit for unit in units if unit not in kept)
        task.open_ended.update(group.open_ended)
        task.remarks.extend(group.persons + group.remarks)
        if group.deadline:
            task.deadline = f"{task.deadline}，{group.deadline}" if task.deadline else group.deadline
        task.lead_unknown = task.lead_unknown or group.lead_unknown
        self.notice.expansions.update(group.expansions)
        if group.inherited:
            for role, units in group.inherited.items():
                self.inherited.setdefault(role, []).extend(units)
            names = "、".join(unit for units in group.inherited.values() for unit in units)
            self.doubt(
                task.line,
                N_("{note}: {units} added to every later task"),
                note=group.inheritance_note,
                units=names,
            )
        for convention in group.conventions:
            self.notice.used(convention)
        if group.remarks:
            self.doubt(
                task.line,
                N_("words in a unit group kept as a remark: {words}"),
                words="，".join(group.remarks),
            )


def section_level(events: list[Event], top: int, usual: int) -> int | None:
    """The level whose headings make sections: the outermost one above the tasks under which the tasks'
    printed numbers never restart (items 1.–21. running on through （一）–（五） make 一、 the sections;
    items restarting under each （一） make （一） the sections). The numbers of the topmost tasks and of
    the most common ones are both looked at. None when no level holds: each task then belongs to the
    heading nearest above it (see `heads_tasks`)."""
    ranks = sorted({e.piece.numbered.rank for e in events if isinstance(e, Heading)} - {top})
    ranks = [rank for rank in ranks if rank < top]
    for rank in ranks:
        last = dict.fromkeys((top, usual), 0)
        for event in events:
            if isinstance(event, Heading) and event.piece.numbered.rank == rank:
                last = dict.fromkeys(last, 0)
            elif isinstance(event, Span) and (task_rank := event.pieces[0].numbered.rank) in last:
                if event.pieces[0].numbered.number <= last[task_rank]:
                    break
                last[task_rank] = event.pieces[0].numbered.number
        else:
            return rank
    return None


def heads_tasks(events: list[Event], index: int) -> bool:
    """True when the heading at `index` is the nearest one above tasks: tasks (or a table) follow it at
    once. `三、主要任务` over `（一）…` heads none; each `（一）` over its items 1.–3. does, and so does
    `四、2017年重点工作` over items of its own."""
    heading = events[index]
    following = events[index + 1] if index + 1 < len(events) else None
    assert isinstance(heading, Heading)
    if isinstance(following, TableEvent):
        return True
    return isinstance(following, Span) and following.pieces[0].numbered.rank > heading.piece.numbered.rank


def heads_deeper_tasks(events: list[Event], index: int) -> bool:
    """True when tasks of a deeper level follow the heading at `index` before the next heading of its
    level or above: the heading is theirs (`（一）…` over 1.–3., also over `1.…` over （1）–（3）)."""
    heading = events[index]
    assert isinstance(heading, Heading)
    rank = heading.piece.numbered.rank
    for event in events[index + 1 :]:
        if isinstance(event, Span):
            return event.pieces[0].numbered.rank > rank
        if isinstance(event, TableEvent) or event.piece.numbered.rank <= rank:
            return False
    return False


def plan_after_date(blocks: list[Block], body_line: int) -> tuple[int, int] | None:
    """Where a plan printed after the letter's signature and date begins when no 附件 line opens it:
    its title (`2023年区《政府工作报告》确定的主要目标任务责任分解方案`, on one line or up to three) followed
    by its first item or by its opening paragraph and then its first item; the index of the title and how
    many lines it takes.
    The letter's own points (一、各责任单位要高度重视…) stay the letter's."""
    dated = next(
        (
            index
            for index, block in enumerate(blocks)
            if block.line >= body_line and isinstance(block, Paragraph) and is_date_line(block.text)
        ),
        None,
    )
    if (
        not dated
        or not isinstance(signature := blocks[dated - 1], Paragraph)
        or not is_signature(signature.text)
    ):
        return None
    texts = [b.text if isinstance(b, Paragraph) else None for b in blocks[dated + 1 : dated + 9]]
    plain = [text is not None and numbering_of(text).style == "plain" for text in texts]
    numbered = [text is not None and not flat for text, flat in zip(texts, plain, strict=True)]
    for at in range(min(4, len(texts))):
        if not (lines := title_span(texts, plain, at)):
            continue
        after = at + lines
        if after < len(texts) and numbered[after]:
            return dated + 1 + at, lines  # the title, then the first item
        opening = texts[after] if after < len(texts) else None
        if (  # the plan's opening paragraph (为深入贯彻…，制定本工作方案。), then its first item
            opening is not None
            and plain[after]
            and opening.endswith(("。", "：", ":"))
            and after + 1 < len(texts)
            and numbered[after + 1]
        ):
            return dated + 1 + at, lines
    return None


def reads_as_title(text: str) -> bool:
    """`…的通知`, `…责任分解(2023年)`, `…的通知 (粤府〔2021〕22号)`: short, ending as a notice's title does
    (a year or the 文号 in brackets after)."""
    bare = TRAILING_NUMBER.sub("", TRAILING_YEAR.sub("", text))
    return 0 < len(text) <= 80 and TITLE_END.search(bare) is not None


def notice_title(declared: str | None) -> str | None:
    """A page's declared title when it names a notice (`…实施方案的通知`), the site's name after it
    (`…_平潭综合实验区党工委管委会`) dropped; a section's name (`部门文件`) is none."""
    if not declared:
        return None
    title = SITE_NAME_AFTER.split(declared)[0].strip()
    return title if TITLE_END.search(title) else None


def article(blocks: Sequence[Block], title: str | None) -> list[Block]:
    """The notice's own blocks on a web page: from the line printing its declared title, or else below the
    page's breadcrumb (the menus and breadcrumb above dropped), up to the site's footer, whose first line
    carries the site's marks (网站标识码, ICP备案, 版权所有, 扫一扫在手机打开当前页), without the lines of its
    buttons."""
    start = 0
    if title is not None:
        wanted = re.sub(r"\s+", "", title)
        start = next(
            (
                index
                for index, block in enumerate(blocks)
                if isinstance(block, Paragraph) and re.sub(r"\s+", "", block.text) == wanted
            ),
            0,
        )
    top = [index for index, block in enumerate(blocks[:BREADCRUMB_WITHIN]) if is_breadcrumb(block)]
    start = max(start, top[-1] + 1) if top else start
    kept: list[Block] = []
    for block in blocks[start:]:
        if isinstance(block, Paragraph) and PAGE_FOOTER.search(block.text):
            break
        if not (isinstance(block, Paragraph) and PAGE_WIDGET.match(block.text)):
            kept.append(block)
    return kept


def title_span(texts: list[str | None], plain: list[bool], at: int) -> int:
    """How many lines, from `at`, a plan's title printed alone takes: one line reading as a title, or two
    or three short ones that only together do (`2024年省《政府工作报告》重点工作` / `分工方案`); 0 if none."""
    joined = ""
    for index in range(at, min(at + TITLE_LINES, len(texts))):
        text = texts[index]
        if text is None or not plain[index] or (index == at and text.startswith(OPENING)):
            return 0
        joined += text
        if reads_as_title(joined):
            return index - at + 1
        if len(text) > TITLE_LINE_MAX or text.endswith(TERMINAL):
            return 0
    return 0


def title_over_lines(blocks: Sequence[Block]) -> str | None:
    """`2022年《政府工作报告》` / `目标任务责任分解方案`, or `…人民政府关于` / `推动…发展` / `若干举措的通知`:
    one title printed over two or three short lines, the first broken where a title breaks (关于, 印发, 的, …:
    not a line of the page's, 小编带你了解)."""
    pieces: list[str] = []
    for block in blocks[:TITLE_LINES]:
        if not isinstance(block, Paragraph) or numbering_of(block.text).style != "plain":
            return None
        if pieces and reads_as_title("".join(pieces) + block.text):
            return "".join(pieces) + block.text
        if len(block.text) > TITLE_LINE_MAX or block.text.endswith(TERMINAL):
            return None
        pieces.append(block.text)
    return None


def is_breadcrumb(block: Block) -> bool:
    return isinstance(block, Paragraph) and BREADCRUMB.match(block.text) is not None


def is_cell_run(blocks: list[Block]) -> bool:
    """True when the blocks open with a table printed one cell per line."""
    return find_page_table(blocks, 0) is not None


def parse_source(source: Source) -> ParsedNotice:
    """The notice a document's blocks hold, read through simplified characters where it prints
    traditional ones."""
    reading, respelling = simplified_reading(source)
    notice = Parser(reading).parse()
    if respelling is None:
        return notice
    source.notes.append(
        _("printed in traditional characters: read through their simplified forms, kept as printed")
    )
    return respelled(notice, respelling)
