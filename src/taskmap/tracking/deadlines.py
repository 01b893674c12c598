"""A deadline (完成时限) as a value: what its words say, read by a small explicit grammar.

Why a grammar of our own: the phrases of this genre are few and formulaic (2019年6月底前, 每季度第1个月20日前,
长期坚持, 按省统一要求, 印发之日起30日内), and what they mean is a convention of Chinese official writing that
no general date parser knows (年底前 is the 31st of December, 上半年 the 30th of June, 一季度 the 31st of
March, a missing year is the document's). A general parser would also guess where these rules say nothing
can be read, and a deadline must never be invented: what the grammar cannot read stays text, kind `unread`.

Each form is one named pattern below, tried in a fixed order (recurring before a plain date, so 每年2月底前
is not read as one 2月底). Recurrences are RFC 5545 rules, the same ones the calendar export writes, and
their next occurrence is computed by dateutil's rrule from that very rule.
"""

# No postponed annotations here: typing.NamedTuple would compile every field's annotation string.

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, Literal, NamedTuple

DeadlineKind = Literal[
    "by_date", "from_date", "range", "recurring", "ongoing", "depends", "relative", "unread"
]
KINDS: tuple[DeadlineKind, ...] = (
    "by_date",
    "from_date",
    "range",
    "recurring",
    "ongoing",
    "depends",
    "relative",
    "unread",
)
KIND_LABELS: dict[DeadlineKind, str] = {
    "by_date": "限期",
    "from_date": "起始",
    "range": "期间",
    "recurring": "定期",
    "ongoing": "长期",
    "depends": "按上级部署",
    "relative": "相对时限",
    "unread": "未识别",
}
Frequency = Literal["monthly", "quarterly", "half_yearly", "yearly"]
PeriodUnit = Literal["days", "working_days", "weeks", "months", "years"]
MONTHS_APART: dict[Frequency, int] = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


class Recurrence(NamedTuple):
    """Due again and again: each month, quarter, half-year or year, by a day of a month of that period.

    `month` counts within the period (每季度第1个月: 1; 每年2月: 2; None for monthly); `day` None is the
    period month's last day (月底, 季度末).
    """

    frequency: Frequency
    month: int | None = None
    day: int | None = None

    @property
    def months(self) -> tuple[int, ...]:
        """The months of the year an occurrence falls in (all twelve for monthly)."""
        step = MONTHS_APART[self.frequency]
        first = self.month or step
        return tuple(range(first, 13, step)) if self.frequency != "monthly" else tuple(range(1, 13))

    def rule(self) -> str:
        """The RFC 5545 recurrence rule (RRULE value) that the calendar export writes."""
        if self.day is None or self.day >= 31:
            days = "BYMONTHDAY=-1"
        elif self.day >= 29 and self.frequency == "monthly":
            # The 29th or 30th where the month has it, else its last day (February).
            days = f"BYMONTHDAY={self.day},-1;BYSETPOS=1"
        else:
            days = f"BYMONTHDAY={self.day}"
        if self.frequency == "monthly":
            return f"FREQ=MONTHLY;{days}"
        return f"FREQ=YEARLY;BYMONTH={','.join(map(str, self.months))};{days}"

    def next_on_or_after(self, day: date, start: date | None = None) -> date:
        """The first occurrence on or after `day` (and not before `start`, when the text gives one)."""
        from dateutil.rrule import rrulestr  # only when a recurring deadline is dated

        begin = start or date(day.year - 1, 1, 1)
        rule = rrulestr(self.rule(), dtstart=datetime(begin.year, begin.month, begin.day))
        after = max(day, begin)
        found = rule.after(datetime(after.year, after.month, after.day), inc=True)
        assert found is not None  # these rules never end
        return found.date()


class Period(NamedTuple):
    """A length of time counted from an event: 会后7日内, 30个工作日内, 本方案印发之日起3个月内."""

    length: int
    unit: PeriodUnit
    counted_from: str | None  # the event as written (会后, 印发之日起), None when the text names none
    from_document: bool = False  # counted from the document itself (its 印发, 下发, 发布)


class Deadline(NamedTuple):
    """One deadline read from a text: the words it was read from, its kind and what they date."""

    text: str
    kind: DeadlineKind
    start: date | None = None  # from_date, a range's first day, a recurrence's first possible day
    end: date | None = None  # by_date, a range's last day, a relative period's last day where anchored
    year_assumed: bool = False  # the year is the document's, not written in the text
    recurrence: Recurrence | None = None
    period: Period | None = None

    @property
    def day(self) -> date | None:
        """The one date this deadline names: the day it falls due, else the day it starts."""
        return self.end or self.start

    @property
    def dated(self) -> bool:
        """Whether it falls due on days a calendar can show (a date, or a rule of dates)."""
        return self.recurrence is not None or self.day is not None

    def next_due(self, today: date) -> date | None:
        """The day it next falls due as of `today`: a recurrence's next occurrence, else its date."""
        if self.recurrence is not None:
            return self.recurrence.next_on_or_after(today, self.start)
        return self.day


def deadline_to_dict(deadline: Deadline) -> dict[str, Any]:
    """A deadline as JSON: dates as ISO 8601 strings, null where the text gives none."""
    recurrence = deadline.recurrence
    period = deadline.period
    return {
        "text": deadline.text,
        "kind": deadline.kind,
        "date": _iso(deadline.day),
        "start": _iso(deadline.start),
        "end": _iso(deadline.end),
        "year_assumed": deadline.year_assumed,
        "recurrence": None if recurrence is None else recurrence._asdict() | {"rule": recurrence.rule()},
        "period": None if period is None else period._asdict(),
    }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


# --- reading ----------------------------------------------------------------------------------------

DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
DIGITS |= {"八": 8, "九": 9}
# Chinese numerals are read where they count something a deadline is made of: 二〇二一年, 十二月, 三十日,
# 一季度, 第一个月, 三个工作日. Elsewhere (统一要求, 一张网) they are words and stay as they are.
NUMERAL_RUN = re.compile(r"[〇○零一二两三四五六七八九十]+(?=[年月日号个季周天]|工作日|星期)")
CLAUSE_BREAK = re.compile(r"[,;。、\n]+")
# Words that make an unread clause worth keeping as unread rather than dropping it as no deadline at all.
TIME_HINT = re.compile(r"前|后|底|末|内|起|日|月|年|季|周|期|时|尽快|及时|适时|逐步|立即|马上|按时|定期|随时")
DOCUMENT_EVENT = re.compile(
    r"印发|下发|发布|出台|发文|公布|实施|施行|本通知|本方案|本意见|本办法|本文件|即日"
)

Y = r"((?:19|20)\d{2})\s*年度?"
SPAN = r"\s*(?:至|到|—+|–|-|~)\s*"
BEFORE = r"\s*(?:之前|以前|前|为止|止)?"
ORGAN = r"(?:党中央|中央|国务院|国家|部委|部里|省委省政府|省委|省政府|全省|省里|省|上级|市委市政府|市里|上面)"


class Reading(NamedTuple):
    """What a form makes of its words before the year is known: dates are built once the year is."""

    kind: DeadlineKind
    build: Callable[[int | None], tuple[date | None, date | None] | None]  # (start, end) for a year
    explicit_year: int | None = None  # a year written in these words
    needs_year: bool = False
    recurrence: Recurrence | None = None
    period: Period | None = None


def read_deadline(
    text: str | None, document_year: int | None = None, anchor: date | None = None
) -> list[Deadline]:
    """Every deadline a 完成时限 text holds, in the order written; [] for no text.

    `document_year` (its 成文日期, title or 文号) dates what the text gives without a year, and the
    deadline says the year was assumed. `anchor` is the document's own date: periods counted from it
    (印发之日起30日内) are dated; periods counted from anything else (会后, 收到申请之日起) or in working days
    (the official 调休 calendar is not known here) keep their length and no date. What cannot be read is one
    deadline of kind `unread` holding the words.
    """
    if text is None or not text.strip():
        return []
    folded, where = fold(text)
    found: list[tuple[int, int, Reading]] = []
    kept_unread: list[tuple[int, int]] = []
    for clause_start, clause_end in clauses(folded):
        clause = folded[clause_start:clause_end]
        matches = forms_in(clause)
        if matches:
            if len(matches) == 1:
                ((_, _, reading),) = matches
                found.append((clause_start, clause_end, reading))
            else:
                found += [(clause_start + s, clause_start + e, reading) for s, e, reading in matches]
        elif TIME_HINT.search(clause):
            kept_unread.append((clause_start, clause_end))

    def original(start: int, end: int) -> str:
        return text[where[start] : where[end - 1] + 1].strip()

    if not found:
        return [Deadline(text.strip(), "unread")]
    deadlines: list[tuple[int, Deadline]] = []
    context_year: int | None = None
    for start, end, reading in found:
        context_year = reading.explicit_year or context_year
        deadlines.append((start, dated(original(start, end), reading, context_year, document_year, anchor)))
    deadlines += [(start, Deadline(original(start, end), "unread")) for start, end in kept_unread]
    deadlines.sort(key=lambda pair: pair[0])
    return joined_starts(text, [deadline for _, deadline in deadlines])


def dated(
    piece: str, reading: Reading, context_year: int | None, document_year: int | None, anchor: date | None
) -> Deadline:
    """The deadline a reading makes once its year is known; unread when no year can date it."""
    year = reading.explicit_year or context_year
    assumed = False
    if year is None and reading.needs_year:
        year, assumed = document_year, document_year is not None
        if year is None:
            return Deadline(piece, "unread")
    try:
        days = reading.build(year)
    except ValueError:  # 6月31日: not a day of the calendar
        return Deadline(piece, "unread")
    if days is None:
        return Deadline(piece, "unread")
    start, end = days
    period = reading.period
    if period is not None and anchor is not None and period.from_document:
        end = after(anchor, period)
        if reading.kind == "from_date":
            start, end, period = anchor, None, None
    elif reading.kind == "from_date" and period is not None:
        return Deadline(piece, "relative", period=period)
    return Deadline(
        piece, reading.kind, start, end, assumed and reading.needs_year, reading.recurrence, period
    )


def after(anchor: date, period: Period) -> date | None:
    """The last day of a period counted from `anchor`; the day itself is not counted (民法典 第二百零一条)."""
    match period.unit:
        case "days":
            return anchor + timedelta(days=period.length)
        case "weeks":
            return anchor + timedelta(weeks=period.length)
        case "months" | "years":
            months = period.length * (12 if period.unit == "years" else 1)
            year, month = divmod(anchor.month - 1 + months, 12)
            last = last_day(anchor.year + year, month + 1).day
            return date(anchor.year + year, month + 1, min(anchor.day, last))
        case "working_days":
            return None
    return None


def joined_starts(text: str, deadlines: list[Deadline]) -> list[Deadline]:
    """从2019年起，每年2月底前: a start written before a recurrence is that recurrence's first day."""
    joined: list[Deadline] = []
    for deadline in deadlines:
        previous = joined[-1] if joined else None
        if (
            deadline.kind == "recurring"
            and previous is not None
            and previous.kind == "from_date"
            and previous.start is not None
        ):
            first, second = text.find(previous.text), text.find(deadline.text)
            words = text[first : second + len(deadline.text)] if 0 <= first < second else deadline.text
            joined[-1] = deadline._replace(text=words.strip(), start=previous.start)
            continue
        joined.append(deadline)
    return joined


def fold(text: str) -> tuple[str, list[int]]:
    """The text with full-width forms made plain and counting numerals made digits, and where each
    character of it came from in the text (to give back the words as written)."""
    chars: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        plain = unicodedata.normalize("NFKC", char)
        chars += plain
        where += [index] * len(plain)
    folded = "".join(chars)
    out: list[str] = []
    out_where: list[int] = []
    last = 0
    for run in NUMERAL_RUN.finditer(folded):
        out += folded[last : run.start()]
        out_where += where[last : run.start()]
        digits = str(numeral_value(run.group()))
        out += digits
        out_where += [where[run.start()]] * (len(digits) - 1) + [where[run.end() - 1]]
        last = run.end()
    out += folded[last:]
    out_where += where[last:]
    return "".join(out), out_where


def numeral_value(numeral: str) -> int:
    """二〇二一 → 2021 (read digit by digit), 十二 → 12, 二十八 → 28, 三十 → 30, 十 → 10."""
    if "十" not in numeral:
        return int("".join(str(DIGITS[char]) for char in numeral))
    tens, _, units = numeral.partition("十")
    return DIGITS.get(tens, 1) * 10 + (DIGITS[units[-1]] if units else 0)


def clauses(folded: str) -> list[tuple[int, int]]:
    """The spans between commas, semicolons, full stops and enumeration commas: one deadline each at most."""
    spans = []
    start = 0
    for mark in CLAUSE_BREAK.finditer(folded):
        spans.append((start, mark.start()))
        start = mark.end()
    spans.append((start, len(folded)))
    return [(s, e) for s, e in spans if folded[s:e].strip()]


def forms_in(clause: str) -> list[tuple[int, int, Reading]]:
    """Every deadline form in a clause, each form claiming its words before the forms after it may."""
    claimed: list[tuple[int, int, Reading]] = []
    for pattern, read in forms():
        for match in pattern.finditer(clause):
            if not match.group().strip():
                continue
            if any(match.start() < e and s < match.end() for s, e, _ in claimed):
                continue
            reading = read(match)
            if reading is not None:
                claimed.append((match.start(), match.end(), reading))
    return sorted(claimed, key=lambda item: item[0])


# --- the forms --------------------------------------------------------------------------------------


def fixed(start: date | None, end: date | None) -> Callable[[int | None], tuple[date | None, date | None]]:
    return lambda _year: (start, end)


def last_day(year: int, month: int) -> date:
    first_of_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first_of_next - timedelta(days=1)


def day_of(match: re.Match[str], name: str) -> int | None:
    value = match.groupdict().get(name)
    return int(value) if value else None


def recurring(frequency: Frequency) -> Callable[[re.Match[str]], Reading | None]:
    """每月28日前, 每季度第1个月20日前, 每季度末, 每半年, 每年2月底前, 按季度: due again each period."""

    def read(match: re.Match[str]) -> Reading | None:
        groups = match.groupdict()
        month = day_of(match, "month") if "month" in groups else None
        day = day_of(match, "day") if "day" in groups else None
        if groups.get("ten"):
            day = {"上旬": 10, "中旬": 20, "下旬": None}[groups["ten"]]
        if groups.get("after"):
            month, day = (
                1,
                int(groups["after"]),
            )  # 每季度结束后15日内: the 15th of the next period's first month
        if groups.get("half"):
            month = 6
        if groups.get("quarter"):
            month, day = int(groups["quarter"]) * 3, None
        if frequency == "yearly" and month is None:
            month = 12
        step = MONTHS_APART[frequency]
        if month is not None and not 1 <= month <= step and frequency != "yearly":
            return None
        if day is not None and not 1 <= day <= 31:
            return None
        if frequency == "monthly" and groups.get("after"):
            month = None
        return Reading("recurring", fixed(None, None), recurrence=Recurrence(frequency, month, day))

    return read


def by_date(match: re.Match[str]) -> Reading | None:
    """2019年6月底前, 年底前, 上半年, 一季度, 6月20日前, 2019年: the day it must be done by."""
    groups = match.groupdict()
    explicit = day_of(match, "year")
    relative_year = groups.get("rel")
    offset = 1 if relative_year in ("明年", "次年", "下一年", "下年", "下年度", "下一年度") else 0
    month, day = day_of(match, "month"), day_of(match, "day")
    core = [groups.get(name) for name in ("half", "q3", "quarter", "yend", "month")]
    if explicit is None and relative_year is None and not any(core):
        return None
    if groups.get("yend") in ("底", "末", "内") and explicit is None and relative_year is None:
        return None

    def build(year: int | None) -> tuple[date | None, date | None] | None:
        assert year is not None
        year += offset
        if groups.get("half"):
            return None, date(year, 6, 30) if groups["half"] == "上半年" else date(year, 12, 31)
        if groups.get("q3"):
            return None, date(year, 9, 30)
        if groups.get("quarter"):
            return None, last_day(year, int(groups["quarter"]) * 3)
        if month is not None:
            if day is not None:
                return None, date(year, month, day)
            ten = groups.get("ten")
            if ten in ("上旬", "中旬"):
                return None, date(year, month, 10 if ten == "上旬" else 20)
            return None, last_day(year, month)
        return None, date(year, 12, 31)

    return Reading("by_date", build, explicit, needs_year=explicit is None)


def from_date(match: re.Match[str]) -> Reading | None:
    """2019年7月1日起, 自2019年起, 即日起: from a day on."""
    if match.groupdict().get("document"):
        period = Period(0, "days", match.group().strip(), from_document=True)
        return Reading("from_date", fixed(None, None), period=period)
    explicit, month, day = day_of(match, "year"), day_of(match, "month"), day_of(match, "day")
    if explicit is None and month is None:
        return None

    def build(year: int | None) -> tuple[date | None, date | None]:
        assert year is not None
        return date(year, month or 1, day or 1), None

    return Reading("from_date", build, explicit, needs_year=explicit is None)


def date_range(match: re.Match[str]) -> Reading | None:
    """2019年6月至12月, 2019—2020年, 2018年7月1日至12月31日: a period with its first and last day."""
    y1, m1, d1 = day_of(match, "y1"), day_of(match, "m1"), day_of(match, "d1")
    y2, m2, d2 = day_of(match, "y2"), day_of(match, "m2"), day_of(match, "d2")
    if (y1 is None and m1 is None) or (y2 is None and m2 is None):
        return None
    if m1 is None and m2 is not None:
        return None

    def build(year: int | None) -> tuple[date | None, date | None] | None:
        first_year = y1 or year
        assert first_year is not None
        second_year = y2 or first_year
        first = date(first_year, m1 or 1, d1 or 1)
        last = date(second_year, m2, d2) if m2 and d2 else last_day(second_year, m2 or 12)
        return (first, last) if first <= last else None

    return Reading("range", build, y1 or y2, needs_year=y1 is None and y2 is None)


def relative(match: re.Match[str]) -> Reading | None:
    """会后7日内, 30个工作日内, 印发之日起30日内: a length of time counted from an event."""
    units: dict[str, PeriodUnit] = {"工作日": "working_days", "日": "days", "天": "days", "周": "weeks"}
    units |= {"星期": "weeks", "月": "months", "年": "years"}
    event = (match.group("event") or "").strip() or None
    from_document = event is not None and DOCUMENT_EVENT.search(event) is not None
    period = Period(int(match.group("count")), units[match.group("unit")], event, from_document)
    return Reading("relative", fixed(None, None), period=period)


def plain(kind: DeadlineKind) -> Callable[[re.Match[str]], Reading]:
    """Forms that name no date: ongoing work, and work timed by a higher level."""
    return lambda _match: Reading(kind, fixed(None, None))


def compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace("{Y}", Y).replace("{BEFORE}", BEFORE).replace("{SPAN}", SPAN))


M = r"(?P<month>1[0-2]|0?[1-9])\s*月份?"
D = r"(?P<day>3[01]|[12]\d|0?[1-9])\s*[日号]"
Form = tuple[re.Pattern[str], Callable[[re.Match[str]], Reading | None]]


@cache
def forms() -> list[Form]:
    """The forms in the order they claim words; compiled on first use, not on every start-up."""
    return [
        (
            compiled(r"每(?:个)?月(?:结束|终了)?后(?P<after>\d{1,2})\s*[日天](?:之内|以内|内)"),
            recurring("monthly"),
        ),
        (
            compiled(rf"(?:每(?:个)?月|按月度?)(?:的)?(?:{D}|(?P<ten>上旬|中旬|下旬)|底|末)?{{BEFORE}}"),
            recurring("monthly"),
        ),
        (
            compiled(r"每(?:个)?季度?(?:结束|终了)?后(?P<after>\d{1,2})\s*[日天](?:之内|以内|内)"),
            recurring("quarterly"),
        ),
        (
            compiled(
                rf"(?:每(?:个)?季度?|按季度?)(?:第(?P<month>[1-3])\s*个月)?(?:的)?(?:{D}|末|底)?{{BEFORE}}"
            ),
            recurring("quarterly"),
        ),
        (compiled(r"每半年(?:末|底)?{BEFORE}"), recurring("half_yearly")),
        (
            compiled(
                rf"(?:每(?:一)?年度?|按年度?)(?:的)?(?:{M}(?:{D}|(?P<ten>上旬|中旬|下旬)|底|末)?"
                r"|(?P<half>上半年)|第?(?P<quarter>[1-4])\s*季度(?:末|底)?|年底|年末|底|末)?{BEFORE}"
            ),
            recurring("yearly"),
        ),
        (
            compiled(
                r"(?P<event>(?:自|从)?[^\d,;。、]{0,14}?(?:之日起|之日后|日起|后|起))?\s*(?<![\d月])"
                r"(?P<count>\d{1,3})\s*个?\s*(?P<unit>工作日|日|天|周|星期|月|年)\s*(?:之内|以内|内)"
            ),
            relative,
        ),
        (
            compiled(
                r"年内持续推进|全年持续|长期(?:坚持|推进|开展|实施|执行|有效)?|常态化(?:推进|开展|实施|落实)?"
                r"|持续(?:推进|开展|实施|进行|抓好|做好|推动|深化|加强|落实)?|长效(?:推进|机制)?|常年(?:开展|坚持)?"
                r"|经常性|动态(?:更新|调整|管理)"
            ),
            plain("ongoing"),
        ),
        (
            compiled(
                rf"(?:按照?|根据|依据|遵照|视)\s*(?:{ORGAN}(?:的|有关)?(?:统一)?|统一)(?:工作)?"
                r"(?:部署|要求|安排|时间表?|进度|时限|规定|步骤)(?:而定)?"
                rf"|与\s*{ORGAN}\s*同步|待\s*{ORGAN}(?:明确|部署|出台|统一)"
            ),
            plain("depends"),
        ),
        (
            compiled(
                r"(?P<year>(?:19|20)\d{2})[-/.](?P<month>1[0-2]|0?[1-9])[-/.](?P<day>3[01]|[12]\d|0?[1-9])(?!\d)"
            ),
            by_date,
        ),
        (
            compiled(r"(?P<y1>(?:19|20)\d{2})\s*年?{SPAN}(?P<y2>(?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)"),
            date_range,
        ),
        (
            compiled(
                r"(?:(?P<y1>(?:19|20)\d{2})\s*年)?\s*(?:(?P<m1>1[0-2]|0?[1-9])\s*月(?:(?P<d1>3[01]|[12]\d|0?[1-9])\s*[日号])?)?"
                r"{SPAN}(?:(?P<y2>(?:19|20)\d{2})\s*年)?\s*(?:(?P<m2>1[0-2]|0?[1-9])\s*月"
                r"(?:(?P<d2>3[01]|[12]\d|0?[1-9])\s*[日号])?)?(?:底|末)?"
            ),
            date_range,
        ),
        (
            compiled(
                r"(?P<document>(?:自|从)?\s*(?:即日|(?:本通知|本方案|本意见|本办法|本文件)?\s*"
                r"(?:印发|下发|发布|公布)之日)起(?:施行|执行|实施)?)"
            ),
            from_date,
        ),
        (
            compiled(
                r"(?:自|从)?\s*(?:(?P<year>(?:19|20)\d{2})\s*年度?)?\s*"
                rf"(?:{M}(?:{D})?)?\s*(?:起|开始|以后|之后)(?:施行|执行|实施)?"
            ),
            from_date,
        ),
        (
            compiled(
                r"(?:截至|截止到?|到|于|在|力争|争取|确保|计划)?\s*"
                r"(?:(?P<year>(?:19|20)\d{2})\s*年度?|(?P<rel>今年|本年度?|当年|明年|次年|下一?年度?))?\s*"
                r"(?:(?P<half>上半年|下半年)|(?P<q3>前三季度)|第?(?P<quarter>[1-4])\s*季度(?:末|底)?"
                rf"|(?P<yend>年底|年末|年内|全年(?=完成|$|[，,。；;])|底|末|内)|{M}\s*(?:{D}|(?P<ten>上旬|中旬|下旬)|底|末)?)?"
                r"{BEFORE}"
            ),
            by_date,
        ),
    ]
