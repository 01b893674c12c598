"""`taskmap import` on six notices of 平潭综合实验区管委会办公室 (corpus 11, 13–16, 18), written by
reading them.

Every expectation is taken from the printed page where it can be: task counts are counted in the
text, expected units are the printed group split at 、 and ，, and each rule quotes the line that
teaches it. Tasks are found by a piece of their printed text, never by id."""

from __future__ import annotations

import re
from typing import Any

import pytest

from test_import import corpus_document, imported, tasks_of

Tasks = dict[str, dict[str, Any]]
ROLES = ("lead", "support", "responsible", "guide")


def page(prefix: str) -> list[str]:
    """The document's lines as printed (line 1 is the `# source:` line)."""
    return corpus_document(prefix).read_text(encoding="utf-8").splitlines()


def between(lines: list[str], start: str, end: str) -> list[str]:
    """The lines after the line `start` and before the line `end`."""
    return lines[lines.index(start) + 1 : lines.index(end)]


def import_once(tmp_path_factory: pytest.TempPathFactory, prefix: str) -> Tasks:
    return tasks_of(imported(tmp_path_factory.mktemp(prefix), corpus_document(prefix)))


def task_with(tasks: Tasks, piece: str) -> dict[str, Any]:
    """The one task whose printed text (or heading) holds `piece`."""
    found = [t for t in tasks.values() if piece in t["text"] or piece in (t.get("heading") or "")]
    assert len(found) == 1, f"{len(found)} tasks hold {piece!r}: {[t['text'][:30] for t in found]}"
    return found[0]


def task_printed_as(tasks: Tasks, text: str) -> dict[str, Any]:
    """The one task whose text is exactly `text`."""
    found = [t for t in tasks.values() if t["text"] == text]
    assert len(found) == 1, f"{len(found)} tasks read {text[:40]!r}"
    return found[0]


def listed(group: str) -> list[str]:
    """The units of a printed list: 、 separates units, ， separates tiers (same role)."""
    return [name for name in re.split("[、，]", group.rstrip("。")) if name]


def with_district_prefix(units: list[str], *bare: str) -> list[str]:
    """The list with the shared prefix 区 restored on the names printed without it."""
    assert set(bare) <= set(units), set(bare) - set(units)
    return [f"区{name}" if name in bare else name for name in units]


def printed_spellings(task: dict[str, Any]) -> set[str]:
    return {spelling for spellings in task["spellings"].values() for spelling in spellings}


def assert_divided(
    task: dict[str, Any],
    *,
    lead: list[str] | None = None,
    support: list[str] | None = None,
    responsible: list[str] | None = None,
    guide: list[str] | None = None,
    lead_unknown: bool = False,
) -> None:
    """Units by role exactly; nothing open-ended and no deadline (none of these notices prints one)."""
    expected = {"lead": lead, "support": support, "responsible": responsible, "guide": guide}
    assert {role: task[role] for role in ROLES} == {role: expected[role] or [] for role in ROLES}, task[
        "text"
    ][:40]
    assert bool(task.get("lead_unknown")) is lead_unknown, task["text"][:40]
    assert task["open_ended"] == {}, task["text"][:40]
    assert task.get("deadline") is None, task["text"][:40]


# ----------------------------------------------------------------------------------------------------
# 11 农村人居环境整治三年行动实施方案 (岚综管办〔2018〕148号): `（责任单位：…）` at the end of
# a `——` paragraph or standing alone after several paragraphs; the lead legend printed at the
# end, in 三、保障措施.

GROUP_11 = re.compile(r"（责任单位：(?P<units>[^（）]+)）$")


@pytest.fixture(scope="module")
def renju(tmp_path_factory: pytest.TempPathFactory) -> Tasks:
    return import_once(tmp_path_factory, "11")


def group_11(line: str) -> list[str]:
    match = GROUP_11.search(line)
    assert match, line
    return listed(match["units"])


def test_pingtan_11_every_responsibility_group_is_one_task_and_the_targets_are_none(renju: Tasks) -> None:
    """13 `（责任单位：` groups, 13 tasks; the 目标 paragraphs `——2018年，…` name no unit."""
    lines = page("11")
    assert len(renju) == "\n".join(lines).count("（责任单位：") == 13
    targets = [line.removeprefix("——") for line in between(lines, "一、总体目标", "二、重点任务")]
    assert len(targets) == 4  # the aim, then ——2018年 / ——2019年 / ——2020年
    for target in targets:
        assert not any(target[:30] in task["text"] for task in renju.values()), target[:30]


def test_pingtan_11_the_legend_at_the_end_makes_the_first_unit_of_every_group_lead(renju: Tasks) -> None:
    """`——加快生活垃圾有效治理。…（责任单位：区交建局、各片区项目建设指挥部、各乡镇人民政府、
    综合执法局、农发局、爱卫办、市政园林公司）`: the group at the end of a `——` paragraph makes
    it a task. The legend stands after every group, in 三、保障措施（二）:
    `各项任务中排位靠前的责任单位为牵头单位。` The 区 of 区交建局 is shared by the offices after
    it; 市政园林公司 is a company, 各… collectives: both stay as printed."""
    lines = page("11")
    assert any(
        "各项任务中排位靠前的责任单位为牵头单位" in line for line in lines[lines.index("三、保障措施") :]
    )
    line = next(line for line in lines if line.startswith("——加快生活垃圾有效治理。"))
    units = group_11(line)
    expected = with_district_prefix(units, "综合执法局", "农发局", "爱卫办")
    task = task_with(renju, "加快生活垃圾有效治理")
    assert_divided(task, lead=expected[:1], responsible=expected[1:])
    assert task["heading"] == "加快生活垃圾有效治理"
    assert line[: line.index("（责任单位：")].removeprefix("——") in task["text"]
    assert "责任单位" not in task["text"]
    assert printed_spellings(task) == set(units)  # 农发局 as printed, 区农发局 as the unit


STANDING_GROUPS_11 = {  # item title: the names printed without the shared 区
    "（二）实施农村“厕所革命”": ("农发局", "爱卫办"),
    "（三）实施农村污水治理行动": ("农发局", "经发局", "环土局", "财金局", "行政审批局"),
    # the list opens with a collective (各乡镇人民政府、区社会事业局、规划局…):
    # the 区 carried is the one of the nearest name before
    "（六）加强村庄规划管理": ("规划局", "旅发委", "环土局", "交建局"),
    "（七）完善建设和管护机制": ("财金局", "社会事业局", "交建局", "农发局", "综合执法局", "规划局"),
}


@pytest.mark.parametrize("title", sorted(STANDING_GROUPS_11))
def test_pingtan_11_a_group_standing_alone_closes_every_paragraph_of_its_item(
    renju: Tasks, title: str
) -> None:
    """`（二）实施农村“厕所革命”` / six paragraphs / `（责任单位：区交建局、农发局、…）` on a line
    of its own: one task whose text joins the paragraphs and whose heading is the item's title."""
    lines = page("11")
    start = lines.index(title) + 1
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("（责任单位："))
    paragraphs = lines[start:end]
    assert len(paragraphs) >= 3
    task = task_with(renju, paragraphs[0][:30])
    places = [task["text"].find(paragraph) for paragraph in paragraphs]
    assert -1 not in places and places == sorted(places), places
    assert "责任单位" not in task["text"]
    assert task["heading"] == title[3:]
    expected = with_district_prefix(group_11(lines[end]), *STANDING_GROUPS_11[title])
    assert_divided(task, lead=expected[:1], responsible=expected[1:])


def test_pingtan_11_a_standing_group_after_a_task_closes_only_the_paragraphs_since_that_task(
    renju: Tasks,
) -> None:
    """（四）: `——规范建房审批。…（责任单位：区环土局、…）` is one task; `——整治既有农房。…` and
    `2020年以后，…` then close with `（责任单位：区环土局、综合执法局、危改办，各片区项目建设指挥部、
    各乡镇人民政府，交建局、规划局）`, whose `，` separates tiers of the same role."""
    lines = page("11")
    first = next(line for line in lines if line.startswith("——规范建房审批。"))
    units = with_district_prefix(group_11(first), "综合执法局", "危改办", "交建局", "规划局")
    task = task_with(renju, "规范建房审批")
    assert_divided(task, lead=units[:1], responsible=units[1:])
    assert "整治既有农房" not in task["text"]
    at = lines.index(first)
    paragraphs, group = lines[at + 1 : at + 3], lines[at + 3]
    second = task_with(renju, "整治既有农房")
    assert all(paragraph.removeprefix("——") in second["text"] for paragraph in paragraphs)
    assert "规范建房审批" not in second["text"]
    units = with_district_prefix(group_11(group), "综合执法局", "危改办", "交建局", "规划局")
    assert_divided(second, lead=units[:1], responsible=units[1:])


def test_pingtan_11_companies_are_units_and_a_collective_first_does_not_stop_the_shared_prefix(
    renju: Tasks,
) -> None:
    """`（责任单位：区通管办，各乡镇人民政府，综合执法局，平潭电力公司、移动公司、电信公司、
    联通公司、广电网络集团平潭分公司）`: companies are units, never prefixed.
    `（责任单位：各片区项目建设指挥部、各乡镇人民政府，区综合执法局、公安局、交建局）`: the list
    opens with collectives, yet 公安局 is 区公安局 (the paragraph says `区公安局合理规划路内外
    停车泊位`). The lead is still the first listed (the legend), although the paragraph also says
    `区交建局牵头，有条件的镇区…`."""
    lines = page("11")
    poles = group_11(next(line for line in lines if line.startswith("——规整村庄杆线。")))
    assert_divided(
        task_with(renju, "规整村庄杆线"),
        lead=poles[:1],
        responsible=with_district_prefix(poles[1:], "综合执法局"),
    )
    town = group_11(next(line for line in lines if line.startswith("——提升镇区品质。")))
    assert_divided(
        task_with(renju, "提升镇区品质"),
        lead=town[:1],
        responsible=with_district_prefix(town[1:], "公安局", "交建局"),
    )
    # `（责任单位：各片区项目指挥部、各乡镇，区交建局、整治办）`
    houses = group_11(next(line for line in lines if line.startswith("——整治房前屋后。")))
    assert_divided(
        task_with(renju, "整治房前屋后"),
        lead=houses[:1],
        responsible=with_district_prefix(houses[1:], "整治办"),
    )


# ----------------------------------------------------------------------------------------------------
# 13 治理“餐桌污染”工作方案 (岚综管办〔2015〕78号): `1.` restarting in each of （一）–（八）,
# each item closed by a bare unit group: no label, no role word, `（区经济发展局农业处）`, also
# `(…）` and `（…〉`.

BARE_ITEM_13 = re.compile(r"^(?P<number>\d+)\.\s*(?P<text>.+。)[（(](?P<units>[^（）()〈〉]+)[）)〉]$")


@pytest.fixture(scope="module")
def canzhuo(tmp_path_factory: pytest.TempPathFactory) -> Tasks:
    return import_once(tmp_path_factory, "13")


def items_13() -> list[re.Match[str]]:
    lines = between(page("13"), "二、目标任务", "三、保障措施")
    items = [line for line in lines if re.match(r"\d+\.", line)]
    matches = [BARE_ITEM_13.match(line) for line in items]
    assert all(matches), [line for line, match in zip(items, matches, strict=True) if not match]
    return [match for match in matches if match]


def test_pingtan_13_every_numbered_item_is_a_task(canzhuo: Tasks) -> None:
    """The tasks are the `1.`… items of （一）–（八） under 二、目标任务: 5+3+3+3+5+5+6+5 = 35
    (the corpus README says 37; the page prints 35)."""
    assert len(canzhuo) == len(items_13()) == 35


def test_pingtan_13_a_bare_group_names_the_responsible_units_in_any_bracket_pair(canzhuo: Tasks) -> None:
    """`…把好检疫关。（区经济发展局农业处）`: a bare group, a sub-office unit, responsible. Also
    `(区经济发展局农业处）`, `（区市场监管局〉`, `(区社会事业局、区市场监管局）` (two units, no
    legend: lead unknown), `1. 加强…` with a space, and `1.` restarting under `(一）畜禽生产环节`,
    `(二）种植环节`…: each task keeps its printed number."""
    for item in items_13():
        task = task_printed_as(canzhuo, item["text"])
        assert task["number"] == int(item["number"]), item["text"][:20]
        units = listed(item["units"])
        assert_divided(task, responsible=units, lead_unknown=len(units) > 1)
    assert task_with(canzhuo, "开展违法添加禁用物质专项整治")["responsible"] == ["区经济发展局海洋渔业处"]
    assert task_with(canzhuo, "开展餐饮服务标准化建设")["responsible"] == ["区市场监管局"]  # （区市场监管局〉
    assert task_with(canzhuo, "加强进口食品监督管理")["responsible"] == ["平潭出入境检验检疫局"]


def test_pingtan_13_indicators_task_lines_and_safeguards_give_no_task(canzhuo: Tasks) -> None:
    """`治理指标：…`, `治理指标:…` (ASCII colon), `治理目标：…`, `工作任务：` and 三、保障措施 name
    no unit. （七）'s indicator is broken mid-sentence over two lines (`…《餐饮服务食品安全` /
    `操作规范》规定，…`); neither half is a task nor joins the item after it."""
    lines = page("13")
    unitless = [
        line
        for line in lines[lines.index("二、目标任务") + 1 :]
        if not re.match(r"\d+\.", line) and len(line) > 12 and line != "三、保障措施"
    ]
    assert any(line.startswith("治理指标:") for line in unitless)
    assert "操作规范》规定，餐具抽检卫生指标合格率达到90%以上。" in unitless
    for line in unitless:
        body = re.sub(r"^[（(][一二三四五六七八][）)]", "", line)
        body = re.sub(r"^治理(指标|目标)[：:]", "", body)
        assert not any(body[:20] in task["text"] for task in canzhuo.values()), body[:20]


# ----------------------------------------------------------------------------------------------------
# 14 “十三五”社区居家养老服务补短板实施方案 (岚综管办〔2016〕183号): each （一）… paragraph closed by a
# line `责任单位：…` of its own, no final 。, no legend.


@pytest.fixture(scope="module")
def yanglao_dataset(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return imported(tmp_path_factory.mktemp("14"), corpus_document("14"))


@pytest.fixture(scope="module")
def yanglao(yanglao_dataset: dict[str, Any]) -> Tasks:
    return tasks_of(yanglao_dataset)


def label_lines_14() -> list[tuple[str, list[str]]]:
    """(the paragraph the label line closes, without its numeral; the printed units)."""
    lines = page("14")
    at = [i for i, line in enumerate(lines) if line.startswith("责任单位：")]
    return [(re.sub(r"^（[一二三四五六七八九十]+）", "", lines[i - 1]), listed(lines[i][5:])) for i in at]


def test_pingtan_14_every_label_line_closes_the_paragraph_above_it(yanglao: Tasks) -> None:
    """6 in 三、重点任务 and 4 in 四、保障措施: 10 lines `责任单位：…`, 10 tasks. 二、发展目标
    `（一）2016年目标：…`–`（四）2020年目标：…` name no unit."""
    closed = label_lines_14()
    assert len(yanglao) == len(closed) == 10
    for paragraph, units in closed:
        task = task_printed_as(yanglao, paragraph)
        first_sentence = paragraph.split("。")[0]
        assert len(first_sentence) > 30 or task["heading"] == first_sentence
        assert printed_spellings(task) == set(units)
    for target in between(page("14"), "二、发展目标", "三、重点任务"):
        assert not any(target[3:25] in task["text"] for task in yanglao.values()), target[:10]


def test_pingtan_14_the_prefix_is_shared_only_after_a_name_that_carries_it(yanglao: Tasks) -> None:
    """`责任单位：管委会办公室、经济发展局、公安局、财政金融局、社会事业局、卫计局、区通信管理局，
    各乡镇人民政府`: the list opens without 区, so its names stay as printed. `责任单位：区社会事业局、
    经济发展局、交通与建设局、…，各乡镇人民政府`: the 区 of the first name is shared. No legend: a
    list of several has no lead."""
    closed = dict(label_lines_14())
    network = next(units for paragraph, units in closed.items() if paragraph.startswith("建设社区居家养老"))
    assert network[-2:] == ["区通信管理局", "各乡镇人民政府"]
    assert_divided(task_with(yanglao, "建设社区居家养老服务网络平台"), responsible=network, lead_unknown=True)
    firms = next(units for paragraph, units in closed.items() if paragraph.startswith("培育养老服务龙头"))
    assert_divided(
        task_with(yanglao, "培育养老服务龙头企业和机构"),
        responsible=with_district_prefix(
            firms, "经济发展局", "交通与建设局", "财政金融局", "市场监督管理局", "卫计局"
        ),
        lead_unknown=True,
    )


def test_pingtan_14_banks_other_prefixes_and_collectives_keep_their_printed_names(yanglao: Tasks) -> None:
    """`责任单位：区财政金融局、社会事业局，人行平潭支行、国税局、地税局，金融办，县银监局`:
    人行平潭支行 is a bank's branch, not an office; 县银监局 carries a prefix of its own; 国税局,
    地税局 and 金融办 are offices printed without the list's 区 (15 prints `区地方税务局`).
    `责任单位：区直有关单位，各乡镇人民政府`: two collectives."""
    closed = dict(label_lines_14())
    support = next(units for paragraph, units in closed.items() if paragraph.startswith("加大扶持力度"))
    assert "人行平潭支行" in support and "县银监局" in support
    assert_divided(
        task_with(yanglao, "加大扶持力度"),
        responsible=with_district_prefix(support, "社会事业局", "国税局", "地税局", "金融办"),
        lead_unknown=True,
    )
    mechanism = next(units for paragraph, units in closed.items() if paragraph.startswith("完善工作机制"))
    assert mechanism == ["区直有关单位", "各乡镇人民政府"]
    assert_divided(task_with(yanglao, "完善工作机制"), responsible=mechanism, lead_unknown=True)


def test_pingtan_14_a_title_printed_over_three_lines_is_one_title(yanglao_dataset: dict[str, Any]) -> None:
    """The page title (line 2) is printed again as `平潭综合实验区管委会办公室关于` /
    `印发“十三五”社区居家养老` / `服务补短板实施方案的通知`."""
    lines = page("14")
    assert "".join(lines[3:6]) == lines[1]
    assert yanglao_dataset["notice"]["title"] == lines[1]


# ----------------------------------------------------------------------------------------------------
# 15 义务教育均衡发展工作责任、监督和问责机制 (岚综管办〔2016〕196号): unit first, `区X：duties`, two
# entries in one paragraph; then the heading `（二）各乡镇政府` with its duties on the next line.

DUTY_ENTRY = re.compile(r"(?:^|(?<=。))(区[^：。，、]{1,10})：")


@pytest.fixture(scope="module")
def junheng_dataset(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return imported(tmp_path_factory.mktemp("15"), corpus_document("15"))


@pytest.fixture(scope="module")
def junheng(junheng_dataset: dict[str, Any]) -> Tasks:
    return tasks_of(junheng_dataset)


def duty_entries_15() -> list[tuple[str, str]]:
    """(unit, duty text) for every `区X：` under （一）有关工作部门, also the second one of a paragraph."""
    entries = []
    for line in between(page("15"), "（一）有关工作部门", "（二）各乡镇政府"):
        starts = list(DUTY_ENTRY.finditer(line))
        ends = [match.start() for match in starts[1:]] + [len(line)]
        entries += [(match[1], line[match.end() : end]) for match, end in zip(starts, ends, strict=True)]
    return entries


def test_pingtan_15_every_unit_entry_is_a_task(junheng: Tasks) -> None:
    """14 entries `区X：…` under （一）有关工作部门 (13 paragraphs, one of them holding
    `区市场监督管理局：…。区残联：…`) and the one paragraph under `（二）各乡镇政府`: 15 tasks."""
    lines = page("15")
    towns = between(lines, "（二）各乡镇政府", "二、责任追究")
    assert len(duty_entries_15()) == 14 and len(towns) == 1
    assert len(junheng) == len(duty_entries_15()) + len(towns)


def test_pingtan_15_the_unit_before_the_colon_is_responsible_for_the_duties_after_it(junheng: Tasks) -> None:
    """`区市场监督管理局：认真贯彻落实…。区残联：积极促进适龄残疾儿童少年…` gives two tasks (区社会
    事业局's duties end with the same sentence as 区残联's, so tasks are matched on their whole text).
    Irregular names stay as printed: `区环境与资源局：…`, `区纪工委：…`."""
    entries = duty_entries_15()
    assert {"区环境与资源局", "区纪工委", "区残联"} <= {unit for unit, _ in entries}
    for unit, duties in entries:
        assert_divided(task_printed_as(junheng, duties), responsible=[unit])
    lines = page("15")
    (towns,) = between(lines, "（二）各乡镇政府", "二、责任追究")
    assert_divided(task_printed_as(junheng, towns), responsible=["各乡镇政府"])


def test_pingtan_15_accountability_and_requirements_name_no_unit(junheng: Tasks) -> None:
    """二、责任追究 `1.严格按照“谁主管、谁负责”的原则…`, `…责令责任单位和相关责任人向区管委会写出
    书面检查…` (责任单位 as a word, not a label) and 三、工作要求 give no task."""
    lines = page("15")
    after = lines[lines.index("二、责任追究") + 1 :]
    prose = [re.sub(r"^\d+\.", "", line) for line in after if re.match(r"\d+\.|各有关部门", line)]
    assert len(prose) == 5
    for line in prose:
        assert not any(line[:20] in task["text"] for task in junheng.values()), line[:20]
    units = {unit for task in junheng.values() for role in ROLES for unit in task[role]}
    assert not any("责任" in unit for unit in units)


def test_pingtan_15_the_signature_date_is_the_notice_date(junheng_dataset: dict[str, Any]) -> None:
    """`平潭综合实验区管委会办公室` / `2016年8月10日` (the signature) and `2016年8月10日印发`."""
    lines = page("15")
    assert lines[-3] == "2016年8月10日" and lines[-1] == "2016年8月10日印发"
    assert junheng_dataset["notice"]["issued"] == "2016-08-10"
