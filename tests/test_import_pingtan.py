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


@pytest.mark.parametrize("title", sorted(STANDING_GROUPS_11), ids=lambda title: f"item-{title[1]}")
def test_pingtan_11_a_group_standing_alone_closes_every_paragraph_of_its_item(
    renju: Tasks, title: str
) -> None:
    """`（二）实施农村“厕所革命”` / six paragraphs / `（责任单位：区交建局、农发局、…）` on a line
    of its own: one task whose text joins the paragraphs and whose heading is the item's title."""
    lines = page("11")
    start = lines.index(title) + 1
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("（责任单位："))
    paragraphs = lines[start:end]
    assert len(paragraphs) >= 2  # （七） closes two, the others more
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


def district_offices_14() -> set[str]:
    """The offices the notice prints with 区 somewhere, or after an office with 区 in one tier of a list:
    within one notice a printed name is one unit."""
    text = "\n".join(page("14"))
    names = {name for _, units in label_lines_14() for name in units}
    offices = {name for name in names if "区" + name in text}
    for _, units in label_lines_14():
        lender = False
        for name in units:
            lender = name.startswith("区") or (lender and not name.startswith("各"))
            if lender and not name.startswith("区"):
                offices.add(name)
    return offices


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
    各乡镇人民政府`: the list opens without 区, so no prefix is shared; a name the notice also prints with
    区 (`区管委会办公室` in 保障措施（二）, `区经济发展局`) is that one unit. `责任单位：区社会事业局、
    经济发展局、交通与建设局、…，各乡镇人民政府`: the 区 of the first name is shared. No legend: a
    labelled list of several has no lead, and is not marked lead unknown (that is for `A、B负责`)."""
    closed = dict(label_lines_14())
    network = next(units for paragraph, units in closed.items() if paragraph.startswith("建设社区居家养老"))
    assert network[-2:] == ["区通信管理局", "各乡镇人民政府"]
    printed_with_prefix = [name for name in network if name in district_offices_14()]
    assert "管委会办公室" in printed_with_prefix
    assert_divided(
        task_with(yanglao, "建设社区居家养老服务网络平台"),
        responsible=with_district_prefix(network, *printed_with_prefix),
        lead_unknown=False,
    )
    firms = next(units for paragraph, units in closed.items() if paragraph.startswith("培育养老服务龙头"))
    assert_divided(
        task_with(yanglao, "培育养老服务龙头企业和机构"),
        responsible=with_district_prefix(
            firms, "经济发展局", "交通与建设局", "财政金融局", "市场监督管理局", "卫计局"
        ),
        lead_unknown=False,
    )


def test_pingtan_14_banks_other_prefixes_and_collectives_keep_their_printed_names(yanglao: Tasks) -> None:
    """`责任单位：区财政金融局、社会事业局，人行平潭支行、国税局、地税局，金融办，县银监局`: the
    prefix is shared within a tier only (between two ，): 社会事业局 takes 区; the other tiers, the
    non-district units of the corpus README (人行平潭支行, 国税局, 地税局, 金融办, 县银监局), keep
    their printed names.
    `责任单位：区直有关单位，各乡镇人民政府`: two collectives."""
    closed = dict(label_lines_14())
    support = next(units for paragraph, units in closed.items() if paragraph.startswith("加大扶持力度"))
    assert "人行平潭支行" in support and "县银监局" in support
    assert_divided(
        task_with(yanglao, "加大扶持力度"),
        responsible=with_district_prefix(support, "社会事业局"),
        lead_unknown=False,
    )
    mechanism = next(units for paragraph, units in closed.items() if paragraph.startswith("完善工作机制"))
    assert mechanism == ["区直有关单位", "各乡镇人民政府"]
    assert_divided(task_with(yanglao, "完善工作机制"), responsible=mechanism, lead_unknown=False)


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


# ----------------------------------------------------------------------------------------------------
# 16 创业合作对接会签约项目任务分解汇总表 (岚综管办〔2015〕172号): a table printed one cell per line,
# 序号/项目名称/项目内容/投资额/企业方联系人/牵头领导/责任单位/责任单位负责人/负责事项.


@pytest.fixture(scope="module")
def duijie(tmp_path_factory: pytest.TempPathFactory) -> Tasks:
    return import_once(tmp_path_factory, "16")


def table_rows_16() -> dict[int, list[str]]:
    """Row number: the cell lines after it, read from the header's last cell `负责事项` on; a row
    starts at the line that is the next 序号 (no 投资额 equals the next row's number)."""
    lines = page("16")
    rows: dict[int, list[str]] = {}
    for line in lines[lines.index("负责事项") + 1 :]:
        if line == str(len(rows) + 1):
            rows[len(rows) + 1] = []
        elif rows:
            rows[len(rows)].append(line)
    return rows


@pytest.mark.xfail(
    strict=False,
    reason="row 11 prints no unit cell; a row without unit cells is read as merged with the row above"
    " (rowspan), as in 12 and 17",
)
def test_pingtan_16_every_project_row_naming_a_unit_is_a_task(duijie: Tasks) -> None:
    """Rows 1–75; row 11 (`中电建平潭项目` / `参与平潭基础设施建设。` / `100` / `张福荣` /
    `15980209009` / `王进足` / `赖德芳` / `邓连生` / 负责事项) has no 责任单位 cell: by eye, its two
    lines after the 牵头领导 are persons, so it is not a task. The section rows jump from
    `（四）台资项目` to `（六）民企项目`; the rows on both sides are tasks."""
    rows = table_rows_16()
    assert sorted(rows) == list(range(1, 76))
    assert all(not cells[0].isdigit() for cells in rows.values())
    assert len(duijie) == len(rows) - 1 == 74
    assert not any(
        "中电建平潭项目" in t["text"] or "中电建平潭项目" in (t.get("heading") or "") for t in duijie.values()
    )
    lines = page("16")
    sections = [
        line for line in lines[lines.index("负责事项") :] if re.match(r"（[一二三四五六七八]）", line)
    ]
    assert [section[1] for section in sections] == ["一", "二", "三", "四", "六", "七"]
    assert task_with(duijie, rows[45][0]) is not task_with(duijie, rows[46][0])


# row: (lead, support, responsible, persons and contacts printed in the row, kept as a remark)
ROWS_16: dict[int, tuple[list[str], list[str], list[str], list[str]]] = {
    # `区财政金融局` alone, no label: responsible
    1: ([], [], ["区财政金融局"], ["叶勤13509351223", "郭小童", "邓连生"]),
    # a contact split over two lines: `颜君宪` / `13910377716`
    2: ([], [], ["区财政金融局"], ["颜君宪", "13910377716", "郭小童", "邓连生"]),
    # four units without a label, four persons; 负责事项 `1.区社会事业局负责…` / `2、区财政金融局积极配合…`
    4: (
        [],
        [],
        ["区社会事业局", "区财政金融局", "流水小城镇综合试点", "区招商局"],
        ["谭运涛", "欧阳晓波", "刘建宁", "李华"],
    ),
    # `牵头单位：` / `岚城片区开发管理局` / `配合单位：` / …; two 牵头领导 `谭运涛` / `林杰`
    5: (
        ["岚城片区开发管理局"],
        ["区环境与国土资源局", "区规划局", "区土地开发集团公司"],
        [],
        ["谭运涛", "林杰", "郑宇"],
    ),
    # two units under one `牵头单位：`
    6: (["澳前片区开发管理局", "区财政金融局"], ["区环境与国土资源局", "区规划局"], [], ["谢秀桐", "丁雄生"]),
    # `牵头单位：区社会事业局配合单位：区经济发展局` / `区环境与国土资源局区规划局` (glued names)
    10: (
        ["区社会事业局"],
        ["区经济发展局", "区环境与国土资源局", "区规划局"],
        [],
        ["陈东荣", "欧阳晓波", "钟官和"],
    ),
    # `牵头单位：` / `区经济发展局配合单位：` / `澳前片区开发管理局`
    16: (["区经济发展局"], ["澳前片区开发管理局"], [], ["赖宁兴87668638", "谢秀桐", "钟官和", "丁雄生"]),
    18: (["区办"], ["区经济发展局", "区公安局"], [], ["黄跃珍", "谢秀桐", "李妙君", "张鼎"]),
    23: (
        ["区财政金融局"],
        ["人民银行平潭支行", "福建银监局平潭办事处"],
        [],
        ["陈文胜13906909711", "林永通", "陈志强"],
    ),
    # `谢威：13799387456；邮箱：hxtvxw@126.com`; persons glued: `金昌明孙树群`
    35: (
        ["区社会事业局"],
        ["区台湾工作部", "区环境与国土资源局", "区规划局"],
        [],
        ["hxtvxw@126.com", "金昌明", "孙树群"],
    ),
    36: (["区社会事业局"], ["区财政金融局", "平潭两岸发展公司"], [], ["欧阳晓波", "邓连生", "祝芸"]),
    # truncated as published: 负责事项 reads `金昌明作部做好项目服务工作。`
    37: (["区自贸办"], ["区台湾工作部"], [], ["沈晓斌", "陈道金"]),
    # the first row after the missing （五）; the contact is a company, a person, a title and a phone
    46: (["区交通与建设局"], ["区财政金融局"], [], ["太平洋建设集团", "陈晓明", "13951750222", "王进足"]),
    # the contact cell ends in 等 and runs into a name: `…福州山鼎包装设计有限公司等林为民`
    51: ([], [], ["区交通与建设局", "区经济发展局", "平潭两岸发展公司"], ["林为民", "王进足", "赖德芳"]),
    # no 牵头领导 cell
    57: (["区金井湾片区管理局"], ["平潭两岸发展公司"], [], ["吴前禄13328688999", "张遵耀", "祝芸"]),
    # `配合单位:区经济发展局` with an ASCII colon
    70: (["区社会事业局"], ["区经济发展局"], [], ["梁秦龙", "欧阳晓波", "钟官和"]),
}


@pytest.mark.parametrize("row", sorted(ROWS_16))
def test_pingtan_16_labels_inside_the_unit_cell_give_the_roles_and_persons_are_never_units(
    duijie: Tasks, row: int
) -> None:
    """`牵头单位：A配合单位：B`, glued or on lines of their own, give lead and support; a cell without
    labels names the responsible units. Persons (企业方联系人, 牵头领导, 责任单位负责人) and phone
    numbers stay in the remark. The 负责事项 prose adds no unit (`…及项目所在乡镇负责土地征迁`).
    `截止日期：2015年9月1日` above the table dates the figures (the notice is of 9月10日): no deadline."""
    cells = table_rows_16()[row]
    lead, support, responsible, persons = ROWS_16[row]
    printed = "".join(cells)
    assert all(unit in printed for unit in lead + support + responsible)
    assert all(person in printed for person in persons)
    task = task_with(duijie, cells[0])
    # the 责任单位 column labels its cell: several units there have no lead, and are not "lead unknown"
    assert_divided(task, lead=lead, support=support, responsible=responsible, lead_unknown=False)
    assert all(person in str(task["remark"]) for person in persons)


def test_pingtan_16_no_unit_is_a_person_a_phone_number_or_an_address(duijie: Tasks) -> None:
    """The 牵头领导 column names the leaders of 一、构建组织机构 (`…区管委会主任助理郭小童，…林杰任
    副组长`), never a unit."""
    leaders = {"郭小童", "谭运涛", "林杰", "谢秀桐", "陈东荣", "王进足", "林江铃", "梁秦龙", "陈文波"}
    organisation = next(line for line in page("16") if line.startswith("成立平潭综合实验区"))
    assert all(leader in organisation for leader in leaders)
    units = {unit for task in duijie.values() for role in ROLES for unit in task[role]}
    assert units
    for unit in units:
        assert not re.search(r"[0-9@]", unit) and not any(leader in unit for leader in leaders), unit


# ----------------------------------------------------------------------------------------------------
# 18 综合防控儿童青少年近视工作实施方案 (2021): in 五、职责分工, `（一）区党群工作部按照…` (a unit glued
# to its duties, no colon), and headings naming a unit or an actor followed by items `1.`….


@pytest.fixture(scope="module")
def jinshi(tmp_path_factory: pytest.TempPathFactory) -> Tasks:
    return import_once(tmp_path_factory, "18")


# the actor headings of 五、职责分工; （八） is glued to an introduction: `（八）家庭家长应当了解…`
ACTORS_18 = {"（五）": "区社会事业局", "（七）": "学校", "（八）": "家庭", "（九）": "医疗卫生机构"}


def duties_18() -> list[str]:
    return between(page("18"), "五、职责分工", "六、保障机制")


def addressed_units_18() -> list[str]:
    """`区党群工作部、宣传与影视发展部、财政金融局、旅游与文化体育局、社会事业局、市场监督管理局：`"""
    units = listed(page("18")[2].split("：")[0])
    return with_district_prefix(units, *units[1:])


@pytest.mark.xfail(
    strict=False,
    reason="（八）家庭家长应当… glues the actor 家庭 to a sentence: no rule finds a non-unit actor there;"
    " its items are reported",
)
def test_pingtan_18_each_duty_paragraph_and_each_item_under_an_actor_is_a_task(jinshi: Tasks) -> None:
    """Five glued paragraphs `（一）区党群工作部按照…`–`（六）区市场监督管理局严格…` plus the items
    `1.`… under （五）区社会事业局 (5), （七）学校 (11), （八）家庭 (6), （九）医疗卫生机构 (3): 30."""
    lines = duties_18()
    glued = [line for line in lines if line[3:].startswith(tuple(addressed_units_18())) and "。" in line]
    items = [line for line in lines if re.match(r"\d+\.", line)]
    assert (len(glued), len(items)) == (5, 25)
    assert len(jinshi) == len(glued) + len(items)


def test_pingtan_18_a_unit_glued_to_its_duties_is_responsible_for_the_whole_sentence(jinshi: Tasks) -> None:
    """`（一）区党群工作部按照国家、省部署…由区社会事业局按标准…配齐学校卫生保健人员。`: the task is
    the whole paragraph, name included; 区社会事业局, named inside it, is no unit of it.
    `（六）区市场监督管理局严格监管验光配镜行业,不断加强…`: the ASCII comma stays."""
    units = addressed_units_18()
    for line in duties_18():
        unit = next((unit for unit in units if line[3:].startswith(unit)), None)
        if unit and "。" in line:
            assert_divided(task_printed_as(jinshi, line[3:]), responsible=[unit])
    assert "验光配镜行业,不断" in task_with(jinshi, "严格监管验光配镜行业")["text"]


@pytest.mark.xfail(
    strict=False,
    reason="（八）家庭家长应当… glues the actor 家庭 to a sentence: no rule finds a non-unit actor there;"
    " its items are reported",
)
def test_pingtan_18_items_under_a_unit_or_actor_heading_are_that_actors_tasks(jinshi: Tasks) -> None:
    """`（七）学校` / `1.加强视力健康管理。…` … `11.倡导科学保育保教。…`: each item is a task of 学校,
    numbered as printed; `…配合医疗卫生机构开展视力筛查` (学校 9.) and `在学校配合下` (医疗卫生机构
    1.) name no support. The dashes stay as printed: `0—6岁` (区社会事业局 4.), `3一6岁` (学校 11.)."""
    actor = None
    for line in duties_18():
        if re.match(r"（[一二三四五六七八九]）", line):
            actor = ACTORS_18.get(line[:3])
            assert actor is None or line[3:].startswith(actor)
            continue
        item = re.match(r"(\d+)\.(.+)", line)
        assert item and actor, line[:20]
        task = task_printed_as(jinshi, item[2])
        assert task["number"] == int(item[1])
        assert_divided(task, responsible=[actor])
        first_sentence = item[2].split("。")[0]
        assert len(first_sentence) > 30 or task["heading"] == first_sentence
    assert "0—6岁儿童眼保健" in task_with(jinshi, "加强基层眼科医师")["text"]
    assert "3一6岁儿童成长" in task_with(jinshi, "倡导科学保育保教")["text"]


def test_pingtan_18_principles_measures_safeguards_and_the_family_introduction_give_no_task(
    jinshi: Tasks,
) -> None:
    """三、工作原则, 四、工作措施 (`（一）开展“视力监测筛查”行动。各中小学、幼儿园严格落实…`: actors
    inside, no unit) and 六、保障机制 name no unit. The introduction glued to `（八）家庭` is not one
    of the numbered items, so it is no task of its own."""
    lines = page("18")
    unitless = [line[3:] for line in lines[lines.index("三、工作原则") :] if line.startswith(("（",))]
    unitless = [line for line in unitless if not line.startswith(tuple(addressed_units_18()))]
    introduction = next(line for line in lines if line.startswith("（八）家庭"))[len("（八）家庭") :]
    for line in [*unitless, introduction]:
        if line in ACTORS_18.values():
            continue
        assert not any(line[:20] in task["text"] for task in jinshi.values()), line[:20]
