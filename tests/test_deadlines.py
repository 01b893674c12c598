"""What a deadline's words mean: real 完成时限 phrases from the shared notices and the genre, read by
`read_deadline`, each with the meaning a person in the office gives it, what must stay unread included.

Each expected deadline is written `kind dates [notes]`: `by_date 2019-06-30`, `range 2019-06-01..2019-12-31`,
`recurring RRULE [from DAY]`, `relative LENGTH UNIT [counted from] [→ DAY]`, `... assumed` when the year
is the document's. Unless a row says otherwise the document is of 2019, issued on 2019-04-16.
"""

from __future__ import annotations

from datetime import date

import pytest

from taskmap.tracking.deadlines import Deadline, Recurrence, deadline_to_dict, read_deadline

ISSUED = date(2019, 4, 16)

# (text, document year, expected deadlines); the corpus file a phrase comes from is named beside it.
PHRASES: list[tuple[str, int | None, list[str]]] = [
    # --- by a date ------------------------------------------------------------------------------------
    ("2019年6月底前", 2019, ["by_date 2019-06-30"]),  # 06 国办发〔2018〕128号
    ("2021年3月底前", 2019, ["by_date 2021-03-31"]),  # 06
    ("于2018年12月31日前报送国务院办公厅", 2018, ["by_date 2018-12-31"]),  # 04 国办发〔2018〕117号
    ("在6月20日前报省政府办公厅", 2016, ["by_date 2016-06-20 assumed"]),  # 12 (2016年分解表)
    (
        "分别于9月21日、12月9日前报送",
        2016,
        ["by_date 2016-09-21 assumed", "by_date 2016-12-09 assumed"],
    ),  # 12
    ("年内应予纳入", 2016, ["by_date 2016-12-31 assumed"]),  # 12
    ("2018年前建成省级和设区市统一的政府网站技术平台", 2016, ["by_date 2018-12-31"]),  # 12
    ("力争2018年底前将全省从事政务公开工作人员轮训一遍", 2016, ["by_date 2018-12-31"]),  # 12
    ("于5月27日前书面报省政府办公厅", 2017, ["by_date 2017-05-27 assumed"]),  # 17 闽政办〔2017〕45号
    ("全年落实情况于2017年12月8日前书面报省政府办公厅", 2017, ["by_date 2017-12-08"]),  # 17
    ("2017年底前完成省直部门政务公开目录体系编制", 2017, ["by_date 2017-12-31"]),  # 17
    ("年内实现全省“一张网”管理", 2017, ["by_date 2017-12-31 assumed"]),  # 17
    ("一期工程2019年年底完工", 2018, ["by_date 2019-12-31"]),  # 11 平潭 2018
    ("二期工程2020年年底完工", 2018, ["by_date 2020-12-31"]),  # 11
    ("2019年完成75%的村庄整治", 2018, ["by_date 2019-12-31"]),  # 11
    ("2020年前基本完成整治", 2018, ["by_date 2020-12-31"]),  # 11
    ("2018年计划初步完成10公里", 2018, ["by_date 2018-12-31"]),  # 11
    ("2017年前全面铺开社区居家养老服务站建设工作", 2016, ["by_date 2017-12-31"]),  # 14 平潭 2016
    ("力争2023年底实现全区学校教室照明卫生标准达标率100%", 2021, ["by_date 2023-12-31"]),  # 18 平潭 2021
    ("2019年6月30日前", 2019, ["by_date 2019-06-30"]),
    ("2019年底前", 2019, ["by_date 2019-12-31"]),
    ("2019年年底前", 2019, ["by_date 2019-12-31"]),
    ("年底前", 2019, ["by_date 2019-12-31 assumed"]),
    ("年内", 2019, ["by_date 2019-12-31 assumed"]),
    ("上半年", 2019, ["by_date 2019-06-30 assumed"]),
    ("下半年", 2019, ["by_date 2019-12-31 assumed"]),
    ("一季度", 2019, ["by_date 2019-03-31 assumed"]),
    ("第三季度末", 2019, ["by_date 2019-09-30 assumed"]),
    ("2020年二季度", 2019, ["by_date 2020-06-30"]),
    ("前三季度", 2019, ["by_date 2019-09-30 assumed"]),
    ("二〇二一年十二月", 2019, ["by_date 2021-12-31"]),
    ("二〇一九年底前", 2019, ["by_date 2019-12-31"]),
    ("二〇二〇年三月三十一日前", 2019, ["by_date 2020-03-31"]),
    ("２０１９年６月３０日前", 2019, ["by_date 2019-06-30"]),
    ("2019年8月", 2019, ["by_date 2019-08-31"]),
    ("2019年6月中旬", 2019, ["by_date 2019-06-20"]),
    ("2019年9月上旬前", 2019, ["by_date 2019-09-10"]),
    ("截至2019年底", 2019, ["by_date 2019-12-31"]),
    ("2019-06-30", 2019, ["by_date 2019-06-30"]),
    ("明年6月底前", 2019, ["by_date 2020-06-30 assumed"]),
    ("2020年2月底前", 2019, ["by_date 2020-02-29"]),
    # --- several in one cell --------------------------------------------------------------------------
    (
        "口岸指定监管场地于2019年8月完成，其余2019年底前完成",
        2019,
        ["by_date 2019-08-31", "by_date 2019-12-31"],
    ),
    ("2019年8月完成试点，年底前全面推开", 2019, ["by_date 2019-08-31", "by_date 2019-12-31"]),
    ("2019年底前完成并长期坚持", 2019, ["by_date 2019-12-31", "ongoing"]),
    ("2019年6月底前出台方案；按国家部署推进", 2019, ["by_date 2019-06-30", "depends"]),
    # --- from a date, and a period -------------------------------------------------------------------
    ("2019年7月1日起施行", 2019, ["from_date 2019-07-01"]),
    ("自2020年起", 2019, ["from_date 2020-01-01"]),
    ("即日起", 2019, ["from_date 2019-04-16"]),
    ("2019年6月至12月", 2019, ["range 2019-06-01..2019-12-31"]),
    ("2019—2020年", 2019, ["range 2019-01-01..2020-12-31"]),
    ("2016-2018年", 2016, ["range 2016-01-01..2018-12-31"]),
    ("2018年7月1日至2018年12月31日", 2018, ["range 2018-07-01..2018-12-31"]),
    ("6月至9月", 2019, ["range 2019-06-01..2019-09-30 assumed"]),
    # --- recurring ------------------------------------------------------------------------------------
    ("每月28日前", 2019, ["recurring FREQ=MONTHLY;BYMONTHDAY=28"]),
    ("每月底前", 2019, ["recurring FREQ=MONTHLY;BYMONTHDAY=-1"]),
    ("每月5日前报送上月进展情况", 2019, ["recurring FREQ=MONTHLY;BYMONTHDAY=5"]),
    ("每月上旬", 2019, ["recurring FREQ=MONTHLY;BYMONTHDAY=10"]),
    ("每月30日前", 2019, ["recurring FREQ=MONTHLY;BYMONTHDAY=30,-1;BYSETPOS=1"]),
    ("每季度第1个月20日前", 2019, ["recurring FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=20"]),
    ("每季度第一个月10日前", 2019, ["recurring FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=10"]),
    ("每季度末", 2019, ["recurring FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"]),
    ("每季度结束后15日内", 2019, ["recurring FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=15"]),
    ("按季度督查落实情况", 2017, ["recurring FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"]),  # 17
    ("每半年", 2019, ["recurring FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1"]),
    ("每年12月31日前", 2019, ["recurring FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1"]),
    ("每年一季度", 2019, ["recurring FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=-1"]),
    (
        "从2019年起，各有关部门于每年2月底前",  # 04 国办发〔2018〕117号
        2018,
        ["recurring FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1 from 2019-01-01"],
    ),
    (
        "自2016年起地级以上城市人民政府每季度应向社会公开饮用水水源",  # 12
        2016,
        ["recurring FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1 from 2016-01-01"],
    ),
    # --- ongoing, and timed by a higher level ---------------------------------------------------------
    ("长期坚持", 2019, ["ongoing"]),
    ("长期", 2019, ["ongoing"]),
    ("持续推进", 2019, ["ongoing"]),
    ("常态化推进", 2019, ["ongoing"]),
    ("常态化", 2019, ["ongoing"]),
    ("年内持续推进", 2019, ["ongoing"]),
    ("按国家部署", 2019, ["depends"]),
    ("按省统一要求", 2019, ["depends"]),
    ("按照国家统一部署推进", 2019, ["depends"]),
    ("根据上级要求", 2019, ["depends"]),
    ("与国家同步推进", 2019, ["depends"]),
    ("按照统一部署开展基层政务公开标准化规范化试点", 2017, ["depends"]),  # 17
    # --- relative to an event -------------------------------------------------------------------------
    ("会后7日内", 2019, ["relative 7 days 会后"]),
    ("30个工作日内", 2019, ["relative 30 working_days"]),
    ("收到申请之日起15个工作日内", 2019, ["relative 15 working_days 收到申请之日起"]),
    ("印发之日起30日内", 2019, ["relative 30 days 印发之日起 → 2019-05-16"]),
    ("本方案印发之日起3个月内", 2019, ["relative 3 months 本方案印发之日起 → 2019-07-16"]),
    ("文件下发后十五日内", 2019, ["relative 15 days 文件下发后 → 2019-05-01"]),
    ("要围绕3年内对政务公开工作人员轮训一遍的要求", 2016, ["relative 3 years"]),  # 12
    # --- what must stay unread ------------------------------------------------------------------------
    ("及时", 2019, ["unread"]),
    ("尽快", 2019, ["unread"]),
    ("适时", 2019, ["unread"]),
    ("春节前", 2019, ["unread"]),
    ("汛期前", 2019, ["unread"]),
    ("另行通知", 2019, ["unread"]),
    ("待定", 2019, ["unread"]),
    ("—", 2019, ["unread"]),
    ("2019年6月31日前", 2019, ["unread"]),
    ("最迟5小时内发布权威信息", 2017, ["unread"]),  # 17: hours after an emergency, no day
    ("6月20日前", None, ["unread"]),  # no year written and none known
    ("年底前", None, ["unread"]),
    ("上半年", None, ["unread"]),
]


def described(deadline: Deadline) -> str:
    """A deadline in the notation of PHRASES."""
    words: list[str] = [deadline.kind]
    if deadline.recurrence is not None:
        words.append(deadline.recurrence.rule())
        if deadline.start is not None:
            words.append(f"from {deadline.start}")
    elif deadline.period is not None:
        period = deadline.period
        words += [str(period.length), period.unit]
        words += [period.counted_from] if period.counted_from else []
        words += [f"→ {deadline.end}"] if deadline.end else []
    elif deadline.kind == "range":
        words.append(f"{deadline.start}..{deadline.end}")
    elif deadline.day is not None:
        words.append(str(deadline.day))
    if deadline.year_assumed:
        words.append("assumed")
    return " ".join(words)


def test_the_table_holds_at_least_sixty_phrases() -> None:
    assert len(PHRASES) >= 60


@pytest.mark.parametrize(("text", "year", "expected"), PHRASES, ids=[text for text, _, _ in PHRASES])
def test_a_phrase_means_what_the_office_reads_in_it(text: str, year: int | None, expected: list[str]) -> None:
    deadlines = read_deadline(text, document_year=year, anchor=ISSUED)
    assert [described(deadline) for deadline in deadlines] == expected
    assert all(deadline.text and deadline.text in text for deadline in deadlines)


def test_no_text_is_no_deadline() -> None:
    assert read_deadline(None) == [] and read_deadline("  ") == []


def test_a_phrase_counted_from_the_document_has_no_date_without_the_documents_date() -> None:
    (deadline,) = read_deadline("印发之日起30日内", 2019)
    assert deadline.kind == "relative" and deadline.end is None and deadline.period is not None
    (started,) = read_deadline("即日起", 2019)
    assert started.kind == "relative" and started.day is None


def test_an_unread_deadline_keeps_every_word() -> None:
    text = "视汛期情况另行安排"
    assert read_deadline(text, 2019) == [Deadline(text, "unread")]


def test_words_that_date_nothing_beside_a_deadline_are_dropped_and_doubtful_ones_kept() -> None:
    kinds = [(d.kind, d.text) for d in read_deadline("2019年底前完成，逐步推开，加强宣传", 2019)]
    assert kinds == [("by_date", "2019年底前完成"), ("unread", "逐步推开")]


@pytest.mark.parametrize(
    ("recurrence", "today", "expected"),
    [
        (Recurrence("monthly", None, 28), date(2019, 5, 1), date(2019, 5, 28)),
        (Recurrence("monthly", None, 28), date(2019, 5, 29), date(2019, 6, 28)),
        (Recurrence("monthly", None, 28), date(2019, 5, 28), date(2019, 5, 28)),
        (Recurrence("monthly", None, 30), date(2019, 2, 1), date(2019, 2, 28)),
        (Recurrence("monthly", None, None), date(2020, 2, 3), date(2020, 2, 29)),
        (Recurrence("quarterly", 1, 20), date(2019, 4, 21), date(2019, 7, 20)),
        (Recurrence("quarterly", None, None), date(2019, 4, 21), date(2019, 6, 30)),
        (Recurrence("half_yearly", None, None), date(2019, 7, 1), date(2019, 12, 31)),
        (Recurrence("yearly", 2, None), date(2019, 3, 1), date(2020, 2, 29)),
    ],
)
def test_a_recurrence_falls_due_next_on_its_rules_next_day(
    recurrence: Recurrence, today: date, expected: date
) -> None:
    assert recurrence.next_on_or_after(today) == expected


def test_a_recurrence_with_a_start_is_not_due_before_it() -> None:
    (deadline,) = read_deadline("从2019年起，每年2月底前", 2018)
    assert deadline.next_due(date(2018, 6, 1)) == date(2019, 2, 28)
    assert deadline.next_due(date(2019, 3, 1)) == date(2020, 2, 29)


def test_a_deadline_as_json_has_iso_dates_and_its_rule() -> None:
    (deadline,) = read_deadline("每季度第1个月20日前", 2019)
    assert deadline_to_dict(deadline) == {
        "text": "每季度第1个月20日前",
        "kind": "recurring",
        "date": None,
        "start": None,
        "end": None,
        "year_assumed": False,
        "recurrence": {
            "frequency": "quarterly",
            "month": 1,
            "day": 20,
            "rule": "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=20",
        },
        "period": None,
    }
    (dated,) = read_deadline("年底前", 2019)
    assert deadline_to_dict(dated)["date"] == "2019-12-31" and deadline_to_dict(dated)["year_assumed"]
