"""`taskmap site` in a real browser: the page answers what the CLI answers, offline, from its fragment.

Driven by Playwright's Python package with Debian's chromium (`executable_path`, no browser download). On a
machine without chromium these tests skip and say so; `.ci/run` installs it.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from conftest import Cli, shelf_of
from deadline_notices import deadline_library
from taskmap.cli import run
from taskmap.errors import UnknownUnit
from taskmap.identity import qualified_unit_name
from taskmap.model import ROLE_LABELS, ROLES
from taskmap.questions.site import site_payload
from taskmap.store.library_loading import load_library
from test_library import notice_copy
from test_rounds import ROUND, STATE_LABELS, TODAY, fill, header, task_rows

CHROMIUM = shutil.which("chromium") or next(
    (path for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(path).exists()), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium found: install Debian's chromium (apt-get install chromium) to run"
)
LOCAL_SCHEMES = ("file:", "data:", "about:")
VIEWPORTS = {"desk": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
# What the controls may take of a phone's first screen: the rest is for the answer.
CONTROLS_SHARE = 0.2
# Notices imported beside the shipped one: a bare 文号 key (国办发2018-126), and a key that is a long
# directory name, from a table of many units.
LIBRARY_NOTICES = [
    "07-guobanfa-2018-126-chuangxin-table.txt",
    "12-fujian-2016-zhengwu-gongkai-renwu-fenjiebiao-table.txt",
]
# A task of the shipped notice given a deadline in the library (imported notices carry theirs).
DEADLINE_TASK = ("1.1.2", "    support: [市有关部门]\n", "2019年底前完成")
MISTYPED = ["市公按局", "市教肓局", "人民银航"]
# Text boxes of two different nodes overlap when they share more than this part of the lower one's height:
# the boxes of two lines may touch where the line height is less than the font's own.
LINE_TOLERANCE = 0.4
# Every piece of text and every control of the page whose box overlaps another's, as [this, that] pairs.
OVERLAPS_SCRIPT = """tolerance => {
  // What a person sees as they scroll: every task laid out, not only those near the screen.
  document.querySelectorAll(".task").forEach(task => { task.style.contentVisibility = "visible"; });
  const boxes = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || node.parentElement.closest("script, style, select, noscript")) continue;
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) boxes.push([node, r]);
  }
  for (const control of document.querySelectorAll("input, select, button")) {
    const r = control.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) boxes.push([control, r]);
  }
  boxes.sort((a, b) => a[1].top - b[1].top);
  const name = node => (node.textContent || node.id || node.tagName).trim().slice(0, 40);
  const found = [];
  for (let i = 0; i < boxes.length; i++) {
    const [node, r] = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j][1].top < r.bottom; j++) {
      const [other, s] = boxes[j];
      if (node.contains(other) || other.contains(node)) continue;  // a control's own text
      const across = Math.min(r.right, s.right) - Math.max(r.left, s.left);
      const down = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
      const lines = tolerance * Math.min(r.height, s.height);
      if (across > 1 && down > lines) found.push([name(node), name(other)]);
    }
  }
  return found;
}"""
# Every table of the view that reaches past the viewport's edges, every piece of a task's text that does (a
# task clips what overflows it), and how wide the document is.
OVERFLOW_SCRIPT = """() => ({
  clipped: [...document.querySelectorAll("#view .task")].flatMap(task => {
    task.style.contentVisibility = "visible";
    return [...task.querySelectorAll("span, p, a")];
  }).filter(e => e.getBoundingClientRect().right > innerWidth + 1).map(e => e.textContent.slice(0, 40)),
  tables: [...document.querySelectorAll("#view table")]
    .map(table => [table.className || table.querySelector("th").textContent, table.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && (r.left < 0 || r.right > innerWidth))
    .map(([table, r]) => [table, Math.round(r.left), Math.round(r.right)]),
  document: document.documentElement.scrollWidth,
})"""


class Page:
    """One browser page on a site file, recording every console error and every request off this machine."""

    def __init__(self, browser: Any, site: Path, viewport: dict[str, int] | None = None) -> None:
        self.url = site.as_uri()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport=viewport or {"width": 1280, "height": 800})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", self._record)
        self.page.route("**/*", self._only_local)
        self.page.goto(self.url)
        self.page.wait_for_function("window.taskmapReady === true")

    def _record(self, request: Any) -> None:
        if not request.url.startswith(LOCAL_SCHEMES):
            self.requests.append(request.url)

    def _only_local(self, route: Any) -> None:
        if route.request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def show(self, fragment: str) -> None:
        """Open a view by its fragment, as a mailed link would."""
        self.page.evaluate("fragment => { location.hash = fragment }", fragment)
        self.page.wait_for_function("() => window.taskmapShown === location.hash")

    def shown_tasks(self) -> list[dict[str, str | None]]:
        """Each task element of the view: its id, role and notice."""
        return list(
            self.page.eval_on_selector_all(
                "#view [data-task-id]",
                "els => els.map(e => ({id: e.dataset.taskId, role: e.dataset.role || null,"
                " notice: e.dataset.notice || null}))",
            )
        )

    def tasks_in_views(self, fragments: list[str]) -> list[list[dict[str, str | None]]]:
        """The tasks each fragment's view shows, all opened in the page in one go (fast over every unit)."""
        return list(
            self.page.evaluate(
                """async fragments => {
                  const seen = [];
                  for (const fragment of fragments) {
                    const shown = new Promise(done => addEventListener("taskmap:shown", done, {once: true}));
                    location.hash = fragment;
                    await shown;
                    seen.push([...document.querySelectorAll("#view [data-task-id]")].map(e => ({id:
                      e.dataset.taskId, role: e.dataset.role || null, notice: e.dataset.notice || null})));
                  }
                  return seen;
                }""",
                fragments,
            )
        )

    def heading(self) -> str:
        return str(self.page.inner_text("#view h2"))

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.requests == [], self.requests


def fragment(**fields: str) -> str:
    return "#" + "&".join(f"{key}={quote(value)}" for key, value in fields.items())


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page for the shipped notice, written by the real command."""
    target = tmp_path_factory.mktemp("site") / "taskmap.html"
    assert run(["site", "--out", str(target)]) == 0
    return target


@pytest.fixture(scope="module")
def page(browser: Any, site: Path) -> Iterator[Page]:
    opened = Page(browser, site)
    yield opened
    opened.page.close()


@pytest.fixture(scope="module")
def two_cities(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of two notices of two cities: the shipped one and a copy for 无锡市."""
    shelf = tmp_path_factory.mktemp("two-cities")
    notice_copy(shelf / "changzhou", key="cz")
    notice_copy(shelf / "wuxi", key="wx", jurisdiction="无锡市")
    return shelf


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of the shipped notice, one of its tasks with a deadline, and two imported notices."""
    library = shelf_of(tmp_path_factory.mktemp("shelf"), LIBRARY_NOTICES)
    task, after, deadline = DEADLINE_TASK
    annex = library / "credit" / "annexes" / f"annex-{task.split('.')[0]}.yaml"
    text = annex.read_text(encoding="utf-8")
    at = text.index(after, text.index(f"- id: {task}\n")) + len(after)
    annex.write_text(f"{text[:at]}    deadline: {deadline}\n{text[at:]}", encoding="utf-8")
    return library


@pytest.fixture(scope="module")
def tracked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two notices with deadlines after a round: every unit's form filled with each state in turn, but
    the last form, which never came back."""
    library = deadline_library(tmp_path_factory.mktemp("tracked"), with_shipped=False)
    out = tmp_path_factory.mktemp("forms")
    assert (
        run(["forms", "--round", ROUND, "--due", "2017-06-25", "--out", str(out), "--data", str(library)])
        == 0
    )
    *returned, _ = sorted(out.glob("*.xlsx"))
    states = itertools.cycle(STATE_LABELS)
    for form in returned:
        sheet = load_workbook(form)["落实情况"]
        column = header(sheet)[1]["任务编号"]
        fill(form, {row[column].value: next(states) for row in task_rows(sheet)})
    assert run(["collect", *map(str, returned), "--round", ROUND, "--data", str(library)]) == 0
    return library


@pytest.fixture(scope="module")
def tracked_site(tracked: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page for that library as of the round's day (`--today`)."""
    target = tmp_path_factory.mktemp("tracked-site") / "tracked.html"
    assert run(["site", "--out", str(target), "--data", str(tracked), "--today", TODAY.isoformat()]) == 0
    return target


@pytest.fixture(scope="module")
def library_site(shelf: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page for that library, written by the real command."""
    target = tmp_path_factory.mktemp("library-site") / "notices.html"
    assert run(["site", "--out", str(target), "--data", str(shelf)]) == 0
    return target


def payload_of(site: Path) -> Any:
    return json.loads(site.read_text(encoding="utf-8").split('id="taskmap-data">')[1].split("</script>")[0])


def views_of(site: Path) -> list[str]:
    """A fragment of every kind of view: home, a unit (with and without shared tasks), its checklist, the
    tasks with the longest title and with a deadline, a search, populations, overview, 到期 and 进度 (alone
    and for the unit with most tasks) and a mistyped unit."""
    payload = payload_of(site)
    longest = max(payload["tasks"], key=lambda task: len(task["title"]))
    with_deadline = [task["ref"] for task in payload["tasks"] if "deadline" in task]
    busiest = max(payload["units"], key=lambda unit: len(unit["tasks"]))["display"]
    return [
        "#",
        fragment(dept="市公安局"),
        fragment(dept=busiest),
        "#due",
        "#due&" + fragment(dept=busiest)[1:],
        "#progress",
        "#progress&" + fragment(dept=busiest)[1:],
        fragment(dept="市公安局", all="1"),
        fragment(checklist="市公安局"),
        *(fragment(task=ref) for ref in [longest["ref"], *with_deadline]),
        fragment(q="信用"),
        "#populations",
        "#overview",
        fragment(dept=MISTYPED[0]),
    ]


def as_shown(task: dict[str, Any], several: bool = False) -> dict[str, str | None]:
    return {"id": task["id"], "role": task.get("role"), "notice": task["notice"] if several else None}


def unit_names(cli: Cli, *data: str) -> list[str]:
    return [row["name"] for row in cli.json("depts", *data)]


def dept_answers(cli: Cli, names: list[str], *options: str) -> dict[str, Any]:
    """`taskmap dept NAME... --format json` in one batch: each answer by the unit's name with its place.

    A name the CLI cannot tell apart (one both cities' notices use) has no answer.
    """
    outcome = cli("dept", *names, *options, "--format", "json")
    answers = [json.loads(line) for line in outcome.stdout.splitlines()]
    several_places = len({answer["department"]["jurisdiction"] for answer in answers}) > 1
    return {
        qualified_unit_name(answer["department"]["name"], answer["department"]["jurisdiction"])
        if several_places
        else answer["department"]["name"]: answer
        for answer in answers
    }


def test_for_every_unit_the_page_shows_the_tasks_taskmap_dept_lists(cli: Cli, page: Page) -> None:
    names = unit_names(cli)
    with_all = page.tasks_in_views([fragment(dept=name, all="1") for name in names])
    named_only = page.tasks_in_views([fragment(dept=name) for name in names])
    expected_all, expected = dept_answers(cli, names, "--all"), dept_answers(cli, names)
    for name, shown_all, shown in zip(names, with_all, named_only, strict=True):
        assert shown_all == [as_shown(t) for t in expected_all[name]["tasks"]], name
        assert shown == [as_shown(t) for t in expected[name]["tasks"]], name
    page.assert_clean()


def test_the_role_choice_keeps_the_tasks_of_that_role(cli: Cli, page: Page) -> None:
    names = unit_names(cli)
    for role in ROLES:
        views = page.tasks_in_views([fragment(dept=name, role=role, all="1") for name in names])
        expected = dept_answers(cli, names, "--all", "--role", role)
        for name, shown in zip(names, views, strict=True):
            assert shown == [as_shown(t) for t in expected[name]["tasks"]], (name, role)
    page.assert_clean()


def test_a_unit_shows_the_populations_it_leads_and_only_with_the_lead_role(cli: Cli, page: Page) -> None:
    for name in ("市公安局", "市住房和城乡建设局"):
        numbers = [row["number"] for row in cli.json("dept", name)["populations"]]
        for role, expected in (("", numbers), ("lead", numbers), ("support", [])):
            page.show(fragment(dept=name, role=role) if role else fragment(dept=name))
            shown = page.page.eval_on_selector_all(
                "#view [data-population]", "rows => rows.map(r => Number(r.dataset.population))"
            )
            assert shown == expected, (name, role)


def test_collective_tasks_are_counted_and_one_click_away(cli: Cli, page: Page) -> None:
    answer = cli.json("dept", "市公安局")
    page.show(fragment(dept="市公安局"))
    assert f"另有 {answer['collective_tasks']} 项任务" in page.page.inner_text(".shared-note")
    page.page.click("#toggle-shared")
    page.page.wait_for_function("location.hash.includes('all=1')")
    assert page.shown_tasks() == [as_shown(t) for t in cli.json("dept", "市公安局", "--all")["tasks"]]
    page.assert_clean()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_unit_name_never_breaks_across_lines(browser: Any, site: Path, width: int) -> None:
    page = Page(browser, site, viewport={"width": width, "height": 800})
    page.show(fragment(dept="市公安局"))
    names = page.page.eval_on_selector_all(
        "#view .unit a", "links => links.map(a => [a.textContent, a.getClientRects().length])"
    )
    assert names and [name for name, lines in names if lines != 1] == []
    page.assert_clean()


@pytest.mark.parametrize(
    "name", ["市交通局", "中院", "信用办", "市监局", "人行常州中支", "财政", "常州市公安局", "常州中院"]
)
def test_a_unit_typed_any_way_the_cli_accepts_opens_the_same_unit(cli: Cli, page: Page, name: str) -> None:
    canonical = cli.json("dept", name)["department"]["name"]
    page.show(fragment(dept=name))
    assert page.heading() == canonical


def test_every_spelling_of_every_unit_opens_that_unit(cli: Cli, page: Page) -> None:
    asked = [
        (name, alias) for name in unit_names(cli) for alias in cli.json("dept", name)["department"]["aliases"]
    ]
    headings = page.page.evaluate(
        """async names => {
          const seen = [];
          for (const name of names) {
            const shown = new Promise(done => addEventListener("hashchange", done, {once: true}));
            location.hash = "#dept=" + encodeURIComponent(name);
            await shown;
            seen.push(document.querySelector("#view h2").textContent);
          }
          return seen;
        }""",
        [alias for _, alias in asked],
    )
    assert [(alias, heading) for (_, alias), heading in zip(asked, headings, strict=True)] == [
        (alias, name) for name, alias in asked
    ]
    page.assert_clean()


def test_a_part_of_several_names_offers_them_as_the_cli_does(cli: Cli, page: Page) -> None:
    outcome = cli("dept", "管理局")
    assert outcome.exit_code == 1
    page.show(fragment(dept="管理局"))
    offered = page.page.eval_on_selector_all("#view li a", "links => links.map(a => a.textContent)")
    named = re.sub(r" \(or \d+ more\)$", "", outcome.stderr.split("did you mean ")[1].rstrip("?\n"))
    assert offered and all(name in offered for name in named.split(", "))


@pytest.mark.parametrize("text", ["信用修复", "红黑名单 公示", "互联网+", "信用", "ＰＰＰ"])
def test_search_finds_what_taskmap_search_finds(cli: Cli, page: Page, text: str) -> None:
    outcome = cli("search", *text.split(), "--format", "json")
    expected = json.loads(outcome.stdout) if outcome.exit_code == 0 else []
    page.show(fragment(q=text))
    assert page.shown_tasks() == [{"id": t["id"], "role": None, "notice": None} for t in expected]
    marks = set(page.page.eval_on_selector_all("#view mark", "ms => ms.map(m => m.textContent)"))
    assert marks <= set(text.split()) | {"PPP"}
    page.assert_clean()


def test_typing_in_search_updates_the_results_and_the_fragment(cli: Cli, page: Page) -> None:
    page.show("#")
    page.page.fill("#q", "信用修复")
    expected = [t["id"] for t in cli.json("search", "信用修复")]
    assert [t["id"] for t in page.shown_tasks()] == expected
    assert page.page.evaluate("decodeURIComponent(location.hash)") == "#q=信用修复"


def test_the_fragment_restores_a_task_in_full(cli: Cli, site: Path, browser: Any) -> None:
    task = cli.json("task", "2.3.6")
    fresh = Page(browser, site)
    fresh.page.goto(site.as_uri() + "#task=2.3.6")
    fresh.page.wait_for_function("window.taskmapReady === true")
    article = fresh.page.inner_text("#view article")
    assert fresh.page.get_attribute("#view article", "data-task-id") == "2.3.6"
    assert task["text"] in article
    assert all(unit in article for role in ("lead", "support") for unit in task[role])
    assert "附件2" in article
    fresh.assert_clean()
    fresh.page.close()


def test_the_fragment_restores_the_controls_and_back_returns(page: Page) -> None:
    page.page.goto(page.url + fragment(dept="市公安局", role="lead"))
    page.page.reload()
    page.page.wait_for_function("window.taskmapReady === true")
    assert page.page.input_value("#unit") == "市公安局"
    assert page.page.input_value("#role") == "lead"
    assert {t["role"] for t in page.shown_tasks()} == {"lead"}
    page.page.click("#view [data-task-id] a.task-id")
    page.page.wait_for_function("location.hash.startsWith('#task=')")
    page.page.go_back()
    page.page.wait_for_function("document.querySelector('#view h2').textContent === '市公安局'")
    assert {t["role"] for t in page.shown_tasks()} == {"lead"}
    page.assert_clean()


def test_the_unit_field_suggests_as_you_type_and_the_keyboard_chooses(page: Page) -> None:
    page.show("#")
    page.page.focus("#unit")
    page.page.keyboard.type("管理局")
    options = page.page.eval_on_selector_all("#unit-options [role=option]", "os => os.length")
    assert options > 1
    assert page.page.get_attribute("#unit", "aria-expanded") == "true"
    page.page.keyboard.press("ArrowDown")
    chosen = page.page.inner_text("#unit-options [aria-selected=true] span")
    page.page.keyboard.press("Enter")
    page.page.wait_for_function("name => document.querySelector('#view h2').textContent === name", arg=chosen)
    page.assert_clean()


def test_the_keyboard_reaches_every_control_with_a_visible_focus(page: Page) -> None:
    page.show("#")
    page.page.evaluate("document.activeElement.blur()")
    reached = []
    for _ in range(8):
        page.page.keyboard.press("Tab")
        reached.append(page.page.evaluate("document.activeElement.id || document.activeElement.textContent"))
        outline = page.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", reached[-1]
    assert {"q", "unit", "role", "重点人群", "总览"} <= set(reached)


def test_controls_carry_their_chinese_labels(page: Page) -> None:
    labels = page.page.eval_on_selector_all(
        "label[for]", "ls => ls.map(l => [l.textContent, document.getElementById(l.htmlFor).tagName])"
    )
    assert [label for label, _ in labels] == ["搜索", "单位", "角色"]
    roles = page.page.eval_on_selector_all("#role option", "os => os.map(o => o.textContent)")
    assert roles == ["全部", *(ROLE_LABELS[role].removesuffix("单位") for role in ROLES)]


def test_populations_and_the_overview_are_the_cli_answers(cli: Cli, page: Page) -> None:
    page.show("#populations")
    rows = page.page.eval_on_selector_all(
        "#view [data-population]", "rs => rs.map(r => Number(r.dataset.population))"
    )
    assert rows == [row["number"] for row in cli.json("population")]
    page.show("#overview")
    units = page.page.eval_on_selector_all(
        "#view tbody tr td:first-child", "cs => cs.map(c => c.textContent)"
    )
    assert units == [row["name"] for row in cli.json("matrix")]
    page.assert_clean()


def test_the_checklist_prints_on_a4_without_the_controls(page: Page) -> None:
    page.show(fragment(checklist="市公安局"))
    page.page.emulate_media(media="print")
    try:
        assert page.page.is_hidden("header.bar")
        assert page.page.is_visible("#view .checklist")
    finally:
        page.page.emulate_media(media="screen")


def test_several_notices_have_a_notice_choice_and_tasks_carry_their_notice(
    cli: Cli, browser: Any, two_cities: Path, tmp_path: Path
) -> None:
    target = tmp_path / "two.html"
    assert cli("site", "--out", str(target), "--data", str(two_cities)).exit_code == 0
    several = Page(browser, target)
    assert several.page.eval_on_selector_all("label[for]", "ls => ls.map(l => l.textContent)")[-1] == "文件"
    names = [unit["display"] for unit in site_payload(load_library([two_cities]))["units"]]
    views = several.tasks_in_views([fragment(dept=name, all="1") for name in names])
    expected = dept_answers(cli, names, "--all", "--data", str(two_cities))
    # Only a name with 常州 in it, which both copies give a unit, is one the CLI cannot tell apart.
    assert all("常州" in name for name in names if name not in expected)
    assert len(expected) > len(names) / 2
    for name, shown in zip(names, views, strict=True):
        if name in expected:
            assert shown == [as_shown(t, several=True) for t in expected[name]["tasks"]], name
    several.show(fragment(dept="常州市公安局", notice="wx"))
    assert several.shown_tasks() == []
    several.show(fragment(dept="市公安局"))
    assert "无锡市公安局" in several.page.inner_text("#view")
    several.assert_clean()
    several.page.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("pages", ["site", "library_site", "tracked_site"])
def test_no_element_overlaps_another_s_text_in_any_view(
    browser: Any, request: pytest.FixtureRequest, pages: str, viewport: str
) -> None:
    site: Path = request.getfixturevalue(pages)
    opened = Page(browser, site, VIEWPORTS[viewport])
    for view in views_of(site):
        opened.show(view)
        assert opened.page.evaluate(OVERLAPS_SCRIPT, LINE_TOLERANCE) == [], view
    opened.assert_clean()
    opened.page.close()


@pytest.mark.parametrize("pages", ["site", "library_site", "tracked_site"])
def test_no_table_is_wider_than_a_phone_in_any_view(
    browser: Any, request: pytest.FixtureRequest, pages: str
) -> None:
    site: Path = request.getfixturevalue(pages)
    phone = VIEWPORTS["phone"]
    opened = Page(browser, site, phone)
    assert opened.page.evaluate("document.querySelector('header.bar').offsetHeight") <= (
        CONTROLS_SHARE * phone["height"]
    )
    for view in views_of(site):
        opened.show(view)
        assert opened.page.evaluate(OVERFLOW_SCRIPT) == {
            "clipped": [],
            "tables": [],
            "document": phone["width"],
        }, view
    assert opened.page.evaluate("document.querySelector('header.bar').offsetHeight") <= (
        CONTROLS_SHARE * phone["height"]
    )
    opened.assert_clean()
    opened.page.close()


@pytest.mark.parametrize("typo", MISTYPED)
def test_a_mistyped_unit_is_offered_the_units_taskmap_dept_suggests(page: Page, typo: str) -> None:
    with pytest.raises(UnknownUnit) as unknown:
        load_library().resolve_unit(typo)
    expected = list(unknown.value.suggestions)
    page.show(fragment(dept=typo))
    assert (
        page.page.eval_on_selector_all(".close-units a", "links => links.map(a => a.textContent)") == expected
    )
    assert "您是不是要找" in page.page.inner_text("#view")
    page.show("#")
    page.page.fill("#unit", typo)
    offered = page.page.eval_on_selector_all(
        "#unit-options [role=option] span:first-child", "s => s.map(e => e.textContent)"
    )
    assert offered == expected
    assert "您是不是要找 " + "、".join(expected) in page.page.inner_text("#status")
    page.assert_clean()


def test_the_notice_choice_names_each_notice_by_its_key_and_title(
    browser: Any, library_site: Path, shelf: Path
) -> None:
    notices = site_payload(load_library([shelf]))["notices"]
    opened = Page(browser, library_site)
    choices = opened.page.eval_on_selector_all(
        "#notice option", "os => os.map(o => [o.value, o.textContent])"
    )
    assert choices[1:] == [[notice["key"], f"{notice['key']}　{notice['title']}"] for notice in notices]
    opened.page.select_option("#notice", notices[1]["key"])
    opened.page.wait_for_function(
        "key => decodeURIComponent(location.hash).includes('notice=' + key)", arg=notices[1]["key"]
    )
    opened.assert_clean()
    opened.page.close()


def test_a_task_s_deadline_is_shown_with_it(browser: Any, library_site: Path, shelf: Path) -> None:
    task_id, _, deadline = DEADLINE_TASK
    task = next(
        t for t in site_payload(load_library([shelf]))["tasks"] if t["id"] == task_id and "deadline" in t
    )
    assert task["deadline"] == deadline
    opened = Page(browser, library_site)
    opened.show(fragment(task=task["ref"]))
    facts = opened.page.eval_on_selector_all(
        "#view dt", "dts => dts.map(dt => [dt.textContent, dt.nextElementSibling.textContent])"
    )
    assert ["完成时限", deadline] in facts
    opened.show(fragment(dept="常州市政府办公室"))
    assert f"完成时限：{deadline}" in opened.page.inner_text(f"#view [data-task-id='{task_id}']")
    opened.assert_clean()
    opened.page.close()


# --- 到期 and 进度: deadlines and reports, as of the day the page was built ---------------------------------

DUE_GROUPS_SCRIPT = """() => Object.fromEntries(
  [...document.querySelectorAll("#view .due-group")].map(group => [group.dataset.group,
    [...group.querySelectorAll("[data-task-id]")].map(e => [e.dataset.due || null, e.dataset.notice,
      e.dataset.taskId])]))"""
STATES_SCRIPT = """() => [...document.querySelectorAll("#view [data-task-id]")].map(e => {
  const state = e.querySelector(".state");
  const ref = e.dataset.notice + ":" + e.dataset.taskId;
  return [ref, state && state.dataset.state, state && state.dataset.light];
})"""


def due_groups(cli: Cli, library: Path, *options: str) -> dict[str, list[list[str | None]]]:
    """What `taskmap due` answers as of TODAY, in the page's parts: the next 30 days, overdue, later (what
    a long look ahead adds), and the deadlines naming no day; empty parts left out as the page leaves them."""
    asked = ["due", "--data", str(library), "--today", TODAY.isoformat(), *options]

    def rows(entries: list[Any]) -> list[list[str | None]]:
        return [[entry["due"], entry["task"]["notice"], entry["task"]["id"]] for entry in entries]

    soon = cli.json(*asked, "--all")
    ahead = cli.json(*asked, "--within", "10y")
    groups = {
        "soon": rows(soon["deadlines"]),
        "overdue": rows(cli.json(*asked, "--overdue")["deadlines"]),
        "later": [row for row in rows(ahead["deadlines"]) if str(row[0]) > soon["to"]],
        "undated": rows(soon["undated"]),
    }
    return {name: found for name, found in groups.items() if found}


def test_the_due_view_is_taskmap_due_as_of_the_day_the_page_states(
    cli: Cli, browser: Any, tracked: Path, tracked_site: Path
) -> None:
    opened = Page(browser, tracked_site)
    opened.show("#due")
    assert opened.page.evaluate(DUE_GROUPS_SCRIPT) == due_groups(cli, tracked)
    assert f"按 {TODAY.year}年{TODAY.month}月{TODAY.day}日 计算" in opened.page.inner_text("#view .lede")
    assert "到期" in opened.page.eval_on_selector_all(".views a", "links => links.map(a => a.textContent)")
    opened.assert_clean()
    opened.page.close()


def test_the_due_view_of_each_unit_is_taskmap_due_dept(
    cli: Cli, browser: Any, tracked: Path, tracked_site: Path
) -> None:
    opened = Page(browser, tracked_site)
    for unit in payload_of(tracked_site)["units"]:
        opened.show("#due&" + fragment(dept=unit["display"])[1:])
        if not unit["tasks"]:
            continue
        expected = due_groups(cli, tracked, "--dept", unit["display"])
        assert opened.page.evaluate(DUE_GROUPS_SCRIPT) == expected, unit["display"]
    opened.page.fill("#unit", "")
    opened.page.wait_for_function("location.hash === '#due'")
    opened.assert_clean()
    opened.page.close()


def test_each_task_of_a_unit_shows_its_latest_state_and_light_as_taskmap_status(
    cli: Cli, browser: Any, tracked: Path, tracked_site: Path
) -> None:
    opened = Page(browser, tracked_site)
    units = [unit["display"] for unit in payload_of(tracked_site)["units"] if unit["tasks"]]
    for name in units:
        answer = cli.json("status", "--data", str(tracked), "--today", TODAY.isoformat(), "--dept", name)
        opened.show(fragment(dept=name, all="1"))
        shown = {tuple(row) for row in opened.page.evaluate(STATES_SCRIPT)}
        assert shown == {(row["id"], row["state"], row["light"]) for row in answer["tasks"]}, name
    opened.assert_clean()
    opened.page.close()


def test_a_task_shows_every_unit_s_state(cli: Cli, browser: Any, tracked: Path, tracked_site: Path) -> None:
    answer = cli.json("status", "--data", str(tracked), "--today", TODAY.isoformat())
    opened = Page(browser, tracked_site)
    for ref in sorted({row["id"] for row in answer["tasks"]}):
        opened.show(fragment(task=ref))
        shown = opened.page.eval_on_selector_all(
            ".states-list li", "lis => lis.map(li => li.querySelector('.state').dataset.state)"
        )
        expected = [row["state"] for row in answer["tasks"] if row["id"] == ref]
        assert sorted(shown) == sorted(expected), ref
    opened.assert_clean()
    opened.page.close()


def test_the_progress_view_totals_states_and_lights_and_names_who_did_not_report(
    cli: Cli, browser: Any, tracked: Path, tracked_site: Path
) -> None:
    rows = cli.json("status", "--data", str(tracked), "--today", TODAY.isoformat())["tasks"]
    missing = cli.json("missing", "--round", ROUND, "--data", str(tracked), "--today", TODAY.isoformat())
    opened = Page(browser, tracked_site)
    opened.show("#progress")
    totals = opened.page.eval_on_selector_all(
        "#progress-totals [data-count]",
        "cs => cs.map(c => [c.dataset.count, c.textContent.split(' ').pop()])",
    )
    counted = Counter([row["state"] for row in rows] + [row["light"] for row in rows])
    counted_text = {key: str(count) for key, count in counted.items()}
    assert dict(totals) == counted_text
    absent = opened.page.eval_on_selector_all(
        ".progress-units li:has(.badge-missing)", "lis => lis.map(li => li.dataset.unit)"
    )
    assert len(absent) == len(missing["units"]) > 0
    assert all(shown.endswith(unit["name"]) for shown, unit in zip(absent, missing["units"], strict=True))
    opened.assert_clean()
    opened.page.close()


def test_without_reports_or_deadlines_the_page_shows_neither(page: Page) -> None:
    assert page.page.eval_on_selector_all(".views a", "links => links.map(a => a.textContent)") == [
        "单位一览",
        "重点人群",
        "总览",
    ]
    page.show(fragment(dept="市公安局"))
    assert page.page.query_selector_all("#view .state, #view .progress-line") == []
    page.assert_clean()
