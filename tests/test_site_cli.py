"""`taskmap site` as a command: one self-contained file, its data embedded safely, errors as one line."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from conftest import Cli
from deadline_notices import deadline_library
from taskmap.questions.site import site_payload
from taskmap.store.library_loading import load_library

SHIPPED_LIMIT = 400 * 1024
DATA_ELEMENT = re.compile(r'<script type="application/json" id="taskmap-data">(.*?)</script>', re.DOTALL)


def test_site_writes_one_self_contained_file_without_any_address_off_the_page(
    cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "taskmap.html"
    outcome = cli("site", "--out", str(target))
    assert outcome.exit_code == 0, outcome.stderr
    page = target.read_text(encoding="utf-8")
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page) == []
    assert "@import" not in page and "url(" not in page
    assert len(page.encode()) <= SHIPPED_LIMIT


def test_the_embedded_data_is_the_core_payload_and_cannot_close_its_element(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "taskmap.html"
    cli("site", "--out", str(target))
    embedded = DATA_ELEMENT.search(target.read_text(encoding="utf-8"))
    assert embedded is not None
    assert "<" not in embedded.group(1)
    assert json.loads(embedded.group(1)) == json.loads(json.dumps(site_payload(load_library())))


def test_every_unit_lists_the_tasks_dept_all_lists_in_its_order(cli: Cli) -> None:
    payload = site_payload(load_library())
    for unit in payload["units"]:
        expected = cli.json("dept", unit["name"], "--all")["tasks"]
        shown = [payload["tasks"][task] for task, _, _ in unit["tasks"]]
        assert [task["id"] for task in shown] == [task["id"] for task in expected], unit["name"]
        roles = [payload["roles"][role]["key"] for _, role, _ in unit["tasks"]]
        assert roles == [task["role"] for task in expected]


def test_site_with_notice_keeps_that_notice_only(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "one.html"
    assert cli("site", "--out", str(target), "--notice", "常信用办〔2019〕10号").exit_code == 0
    assert cli("site", "--out", str(target), "--notice", "nothing").exit_code == 1


def test_an_unwritable_file_is_one_line_and_exit_4(cli: Cli, tmp_path: Path) -> None:
    outcome = cli("site", "--out", str(tmp_path / "missing" / "x.html"))
    assert outcome.exit_code == 4
    assert outcome.stderr.count("\n") == 1 and "cannot write" in outcome.stderr


def test_today_dates_what_the_page_shows_as_due_and_a_page_without_deadlines_has_none(
    cli: Cli, tmp_path: Path
) -> None:
    library = deadline_library(tmp_path / "library", with_shipped=False)
    target = tmp_path / "due.html"
    assert cli("site", "--out", str(target), "--data", str(library), "--today", "2017-06-20").exit_code == 0
    embedded = DATA_ELEMENT.search(target.read_text(encoding="utf-8"))
    assert embedded is not None
    payload = json.loads(embedded.group(1))
    assert payload["today"] == "2017-06-20"
    assert payload["due"] == site_payload(load_library([library]), date(2017, 6, 20))["due"]
    assert "progress" not in payload
    shipped = site_payload(load_library())
    assert "due" not in shipped and "progress" not in shipped
