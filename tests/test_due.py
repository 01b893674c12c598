"""`taskmap due` over a library whose tasks carry deadlines, `--today` fixed: what falls due, what is
overdue, for whom, in every format, and as a calendar that two independent iCalendar libraries read back.

Expected days are computed here from each notice's 成文日期 and each phrase's own day (see EXPECTED), never
taken from taskmap's answer.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from conftest import CORPUS, Cli
from deadline_notices import FUJIAN_2017, GUOBAN_2018, NOTICES, deadline_library
from taskmap.schemas import command_schema

FUJIAN = "闽政办2017-45"
GUOBAN = "国办发2018-117"
FUJIAN_ISSUED = date.fromisoformat(FUJIAN_2017["notice"]["issued"])
GUOBAN_ISSUED = date.fromisoformat(GUOBAN_2018["notice"]["issued"])


def month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def next_quarter_end(day: date) -> date:
    end = month_end(date(day.year, (day.month - 1) // 3 * 3 + 3, 1))
    return end if end >= day else next_quarter_end(end + timedelta(days=1))


def next_end_of_february(day: date, first_year: int) -> date:
    year = max(day.year, first_year)
    end = month_end(date(year, 2, 1))
    return end if end >= day else month_end(date(year + 1, 2, 1))


# (notice, task) → the day its deadline next falls due as of `today`, from the notice's date and the words.
EXPECTED: dict[tuple[str, str], tuple[Callable[[date], date], bool]] = {
    # (day as of today, recurring)
    (FUJIAN, "1.1.1"): (month_end, True),  # 按月公开
    (FUJIAN, "1.1.2"): (next_quarter_end, True),  # 按季度公布
    (FUJIAN, "1.1.3"): (lambda _: date(FUJIAN_ISSUED.year, 12, 31), False),  # 年内
    (FUJIAN, "1.1.4"): (lambda _: date(2017, 12, 31), False),  # 2017年底前
    (FUJIAN, "1.1.5"): (lambda _: date(FUJIAN_ISSUED.year, 5, 27), False),  # 于5月27日前
    (FUJIAN, "1.1.6"): (lambda _: date(2017, 12, 8), False),  # 于2017年12月8日前
    (GUOBAN, "1.1.1"): (lambda _: date(2018, 12, 31), False),  # 于2018年12月31日前
    (GUOBAN, "1.1.2"): (lambda today: next_end_of_february(today, 2019), True),  # 从2019年起…每年2月底前
    (GUOBAN, "1.1.3"): (lambda _: GUOBAN_ISSUED, False),  # 自本通知印发之日起
}
UNDATED = {(FUJIAN, "1.1.7")}  # 按照统一部署
UNITS = {
    (key, f"1.1.{number}"): {*lead, *support}
    for key, spec in ((FUJIAN, FUJIAN_2017), (GUOBAN, GUOBAN_2018))
    for number, (_, lead, support, _) in enumerate(spec["tasks"], start=1)
}


def expected(today: date, first: date | None, last: date | None, overdue: bool = False) -> list[Any]:
    """(day, notice, task id) of every deadline due between first and last (or overdue), by day."""
    found = []
    for (key, task_id), (day_of, recurring) in EXPECTED.items():
        day = day_of(first or today)
        if overdue and (recurring or (key, task_id) == (GUOBAN, "1.1.3") or day >= today):
            continue
        if (first is None or first <= day) and (last is None or day <= last):
            found.append((day.isoformat(), key, task_id))
    return sorted(found, key=lambda row: (row[0], row[1], row[2]))


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return deadline_library(tmp_path_factory.mktemp("due-library"))


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return Draft202012Validator(command_schema("due"))


def due_json(cli: Cli, library: Path, *args: str) -> Any:
    return cli.json("due", "--data", str(library), *args)


def listed(answer: Any) -> list[Any]:
    return [(e["due"], e["task"]["notice"], e["task"]["id"]) for e in answer["deadlines"]]


def test_the_phrases_are_the_documents_own() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"the corpus of real notices is not beside the repository ({CORPUS})")
    for spec in NOTICES.values():
        text = (CORPUS / spec["file"]).read_text(encoding="utf-8")
        assert spec["notice"]["document_number"] in text
        for _, _, _, deadline in spec["tasks"]:
            assert deadline.removeprefix("从2019年起，各有关部门于") in text, deadline


@pytest.mark.parametrize("today", [FUJIAN_ISSUED + timedelta(days=3), date(2017, 12, 1), date(2019, 2, 10)])
def test_due_lists_what_falls_due_in_the_next_30_days_by_day(cli: Cli, library: Path, today: date) -> None:
    answer = due_json(cli, library, "--today", today.isoformat())
    assert listed(answer) == expected(today, today, today + timedelta(days=30))
    assert (answer["today"], answer["from"], answer["to"]) == (
        today.isoformat(),
        today.isoformat(),
        (today + timedelta(days=30)).isoformat(),
    )


@pytest.mark.parametrize(("within", "length"), [("2w", timedelta(weeks=2)), ("45d", timedelta(days=45))])
def test_within_looks_as_far_ahead_as_asked(cli: Cli, library: Path, within: str, length: timedelta) -> None:
    today = date(2017, 5, 20)
    answer = due_json(cli, library, "--today", today.isoformat(), "--within", within)
    assert listed(answer) == expected(today, today, today + length)


def test_within_months_and_a_year_end_on_the_same_day_of_the_month(cli: Cli, library: Path) -> None:
    today = date(2017, 5, 1)
    for within, last in (("3m", date(2017, 8, 1)), ("1y", date(2018, 5, 1)), ("3个月", date(2017, 8, 1))):
        answer = due_json(cli, library, "--today", today.isoformat(), "--within", within)
        assert answer["to"] == last.isoformat()
        assert listed(answer) == expected(today, today, last)


def test_before_lists_up_to_the_day_before(cli: Cli, library: Path) -> None:
    today = date(2017, 5, 1)
    answer = due_json(cli, library, "--today", today.isoformat(), "--before", "2017-12-08")
    assert listed(answer) == expected(today, today, date(2017, 12, 7))
    assert (FUJIAN, "1.1.6") not in {(key, task_id) for _, key, task_id in listed(answer)}


def test_on_lists_what_falls_due_that_day_recurring_ones_included(cli: Cli, library: Path) -> None:
    for day in (date(2017, 5, 27), date(2017, 12, 31), date(2019, 2, 28), date(2017, 6, 30)):
        answer = due_json(cli, library, "--today", "2017-05-01", "--on", day.isoformat())
        assert listed(answer) == expected(day, day, day)
        assert listed(answer)


def test_overdue_lists_what_is_past_its_day_oldest_first(cli: Cli, library: Path) -> None:
    today = date(2018, 1, 15)
    answer = due_json(cli, library, "--today", today.isoformat(), "--overdue")
    assert answer["overdue"] and answer["from"] is None
    assert listed(answer) == expected(today, None, today - timedelta(days=1), overdue=True)
    assert all(entry["days"] < 0 for entry in answer["deadlines"])


def test_dept_keeps_the_tasks_naming_the_unit(cli: Cli, library: Path) -> None:
    today = date(2017, 5, 1)
    answer = due_json(cli, library, "--today", today.isoformat(), "--within", "1y", "--dept", "省政府办公厅")
    assert answer["unit"] == "省政府办公厅"
    wanted = [row for row in expected(today, today, date(2018, 5, 1)) if "省政府办公厅" in UNITS[row[1:]]]
    assert listed(answer) == wanted and wanted


def test_notice_keeps_one_notice(cli: Cli, library: Path) -> None:
    today = date(2018, 12, 1)
    answer = due_json(cli, library, "--today", today.isoformat(), "--within", "1y", "--notice", GUOBAN)
    assert listed(answer) == [row for row in expected(today, today, date(2019, 12, 1)) if row[1] == GUOBAN]


def test_all_lists_the_deadlines_naming_no_day_apart(cli: Cli, library: Path) -> None:
    plain = due_json(cli, library, "--today", "2017-05-01")
    assert plain["undated"] == [] and plain["undated_count"] == len(UNDATED)
    answer = due_json(cli, library, "--today", "2017-05-01", "--all")
    assert {(e["task"]["notice"], e["task"]["id"]) for e in answer["undated"]} == UNDATED
    assert all(e["due"] is None and e["deadline"]["kind"] == "depends" for e in answer["undated"])
    assert listed(answer) == listed(plain)


def test_a_deadline_without_a_year_says_the_year_was_assumed(cli: Cli, library: Path) -> None:
    answer = due_json(cli, library, "--today", "2017-05-01", "--on", "2017-05-27")
    (entry,) = answer["deadlines"]
    assert entry["deadline"]["year_assumed"] is True
    assert entry["deadline"]["text"] == "于5月27日前书面报省政府办公厅"


@pytest.mark.parametrize(
    "args",
    [
        ["--today", "2017-05-01", "--all"],
        ["--today", "2018-01-15", "--overdue", "--all"],
        ["--today", "2017-05-01", "--within", "1y", "--dept", "省政府办公厅"],
    ],
    ids=" ".join,
)
def test_due_follows_its_contract(
    cli: Cli, library: Path, validator: Draft202012Validator, args: list[str]
) -> None:
    answer = due_json(cli, library, *args)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(answer)]
    assert not errors
    answer["deadlines"][0]["deadline"]["undeclared_key"] = 1
    with pytest.raises(ValidationError, match="undeclared_key"):
        validator.validate(answer)


def test_plain_and_csv_hold_one_record_per_deadline_in_the_documented_order(cli: Cli, library: Path) -> None:
    from test_contract import documented_fields

    args = ("due", "--data", str(library), "--today", "2017-05-01", "--within", "1y")
    answer = cli.json(*args)
    header, *rows = cli(*args, "--format", "csv").stdout.splitlines()
    assert header.split(",") == documented_fields()["due"]
    lines = cli(*args, "--format", "plain").stdout.splitlines()
    assert len(rows) == len(lines) == len(answer["deadlines"])
    assert [line.split("\t")[0] for line in lines] == [entry["due"] for entry in answer["deadlines"]]


def test_the_table_shows_the_day_the_task_and_its_deadline(cli: Cli, library: Path) -> None:
    outcome = cli("due", "--data", str(library), "--today", "2017-05-01", "--format", "table", "--all")
    assert outcome.exit_code == 0
    text = outcome.stdout
    assert (
        "Due 2017-05-01 – 2017-05-31, today 2017-05-01" in text
        and "2017-05-27" in text
        and "(year assumed)" in text
    )
    assert "Without a day" in text and "按照统一部署" in text


def test_a_task_naming_no_lead_shows_its_responsible_units_under_a_header_naming_no_role(
    cli: Cli, tmp_path: Path
) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "2025年开发区重点工作及责任清单\n1.盘活僵尸企业10家。\n责任单位：区经济发展局\n完成时限：全年\n",
        "utf-8",
    )
    assert cli("import", str(page), "--out", str(tmp_path / "notice")).exit_code == 0
    args = ("due", "--data", str(tmp_path / "notice"), "--today", "2025-12-01", "--format", "table")
    text = cli(*args).stdout
    header = next(line for line in text.splitlines() if "days" in line)
    assert header.split()[-1] == "units"  # not "lead": the unit shown here is responsible
    assert "2025-12-31" in text and "区经济发展局" in text


def test_usage_errors_are_one_line_and_exit_2(cli: Cli, library: Path) -> None:
    for args in (
        ["--within", "soon"],
        ["--within", "2w", "--overdue"],
        ["--on", "2017-13-01"],
        ["--today", "2019-06-10", "--before", "2019-06-01"],
    ):
        outcome = cli("due", "--data", str(library), *args)
        assert outcome.exit_code == 2, args
        assert len(outcome.stderr.splitlines()) == 1 and outcome.stdout == ""


# --- the calendar -----------------------------------------------------------------------------------


def calendar_text(cli: Cli, *args: str) -> str:
    outcome = cli(*args, "--format", "ics")
    assert outcome.exit_code == 0, outcome.stderr
    return outcome.stdout


def test_the_calendar_holds_one_all_day_event_per_deadline_on_its_day(cli: Cli, library: Path) -> None:
    from icalendar import Calendar

    args = ("due", "--data", str(library), "--today", "2017-05-01", "--within", "1y")
    answer = cli.json(*args)
    calendar = Calendar.from_ical(calendar_text(cli, *args))
    calendar.validate()
    events = calendar.walk("VEVENT")
    assert len(events) == len(answer["deadlines"])
    for event, entry in zip(events, answer["deadlines"], strict=True):
        assert event.start == date.fromisoformat(entry["due"]) and event.end == event.start + timedelta(
            days=1
        )
        assert type(event.start) is date  # all-day: a DATE, not a DATE-TIME
        recurrence = entry["deadline"]["recurrence"]
        assert (event.get("RRULE").to_ical().decode() if recurrence else None) == (
            recurrence and canonical_rule(recurrence["rule"])
        )
        assert entry["task"]["text"] in str(event["DESCRIPTION"])
        assert all(unit in str(event["DESCRIPTION"]) for unit in entry["task"]["lead"])


def canonical_rule(rule: str) -> str:
    from icalendar import vRecur

    return str(vRecur.from_ical(rule).to_ical().decode())


def test_the_calendar_is_strict_rfc_5545_and_its_recurrences_fall_on_the_documents_days(
    cli: Cli, library: Path
) -> None:
    from ical.calendar_stream import IcsCalendarStream

    today = date(2017, 5, 1)
    text = calendar_text(cli, "due", "--data", str(library), "--today", today.isoformat(), "--within", "1y")
    calendar = IcsCalendarStream.calendar_from_ics(text)  # a second, strict parser: raises on any error
    monthly = (e.dtstart for e in calendar.timeline if e.summary.startswith(f"{FUJIAN}:1.1.1 "))
    first_twelve = list(itertools.islice(monthly, 12))
    assert first_twelve[0] == month_end(today)
    assert all(day == month_end(day) for day in first_twelve) and len({d.month for d in first_twelve}) == 12


def test_a_calendar_exported_again_keeps_its_uids(cli: Cli, library: Path) -> None:
    from icalendar import Calendar

    def uids(today: str) -> dict[str, str]:
        text = calendar_text(cli, "due", "--data", str(library), "--today", today, "--within", "2y")
        return {str(e["SUMMARY"]): str(e["UID"]) for e in Calendar.from_ical(text).walk("VEVENT")}

    first, later = uids("2017-05-01"), uids("2017-06-15")
    assert len(set(first.values())) == len(first)
    assert {summary: first[summary] for summary in later} == later


def test_dept_writes_the_units_calendar(cli: Cli, library: Path) -> None:
    from icalendar import Calendar

    text = calendar_text(cli, "dept", "全国各有关部门", "--data", str(library))
    events = Calendar.from_ical(text).walk("VEVENT")
    assert sorted(str(e["SUMMARY"]).split()[0] for e in events) == [f"{GUOBAN}:1.1.1", f"{GUOBAN}:1.1.2"]
    recurring = next(e for e in events if "RRULE" in e)
    assert recurring.start == next_end_of_february(GUOBAN_ISSUED, 2019)


# --- where people look, and the shipped notice -------------------------------------------------------


def test_the_dept_table_shows_a_tasks_deadline_when_it_has_one(cli: Cli, library: Path) -> None:
    outcome = cli("dept", "省政府办公厅", "--data", str(library), "--format", "table")
    assert "deadline" in outcome.stdout and "2017年底前完成" in outcome.stdout.replace("\n", "")


def test_checklists_and_the_workbook_carry_a_tasks_deadline(cli: Cli, library: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    data = ("--data", str(library))
    markdown = cli("dept", "省政府办公厅", *data, "--format", "md").stdout
    assert "- 完成时限：于5月27日前书面报省政府办公厅" in markdown
    assert "完成时限：2017年底前完成" in cli("dept", "省政府办公厅", *data, "--format", "html").stdout
    assert "完成时限" not in cli("dept", "市公安局", "--format", "md").stdout
    assert cli("export", "--format", "xlsx", "--out", str(tmp_path / "t.xlsx"), *data).exit_code == 0
    header, *rows = load_workbook(tmp_path / "t.xlsx")["任务"].values
    column = {name: header.index(name) for name in ("任务编号", "完成时限", "完成日期", "时限类型", "文件")}
    by_task = {(row[column["文件"]], row[column["任务编号"]]): row for row in rows}
    for (key, task_id), (day_of, recurring) in EXPECTED.items():
        row = by_task[(key, task_id)]
        assert row[column["完成时限"]]
        assert row[column["完成日期"]] == (None if recurring else day_of(FUJIAN_ISSUED).isoformat())
    assert by_task[(FUJIAN, "1.1.7")][column["时限类型"]] == "按上级部署"


def test_the_shipped_notice_has_nothing_due_and_answers_as_before(cli: Cli) -> None:
    answer = cli.json("due", "--today", "2019-05-01", "--all")
    assert answer["deadlines"] == [] and answer["undated"] == [] and answer["undated_count"] == 0
    assert "deadline" not in cli("dept", "市公安局", "--format", "table").stdout
    outcome = cli("due", "--format", "ics")
    assert outcome.exit_code == 1 and outcome.stdout == "" and len(outcome.stderr.splitlines()) == 1


def test_the_credit_notice_in_a_library_still_answers_exactly_as_alone(cli: Cli, library: Path) -> None:
    alone = json.loads(cli("dept", "市公安局", "--format", "json").stdout)
    shelved = cli.json("dept", "市公安局", "--data", str(library / "credit"))
    assert alone == shelved
