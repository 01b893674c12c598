"""Each way of naming units that importer/conventions.py reads, shown on the printed line that taught it.

Every quote below is copied from one line of a corpus notice (../shared/corpus/notices/) or of the shipped
source (data/source/); `test_every_quote_is_printed_on_its_line` checks that it still is. Where no document
at hand prints a variant the importer accepts (full-width ：, ；, other label words), the test derives it from
a quoted line and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from taskmap.importer.blocks import Source
from taskmap.importer.conventions import UnitGroup
from taskmap.importer.parser import Parser, groups_in

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "notices"
SHIPPED = REPO / "data" / "source" / "changzhou-credit-task-division-2019.txt"

# name: (document, line number, text printed on that line)
QUOTES = {
    "labelled": (
        "changzhou",
        44,
        "加快推进决策、执行、管理、服务和结果全过程公开。(牵头单位:市政府办公室,配合单位:市有关部门)",
    ),
    "labelled nested": (
        "changzhou",
        204,
        "(牵头单位:市发改委(市信用办)、市文明办,配合单位:市委组织部、市人社局、市总工会、市妇联等市部门)",
    ),
    "responsible collective": ("changzhou", 98, "(责任单位:市各有关部门)"),
    "legend 排在第一位": (
        "01",
        33,
        "1.拓展两个市场。积极稳妥地在综合保税区推广增值税一般纳税人资格试点。"
        "（税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同）",
    ),
    "after legend 排在第一位": ("01", 34, "（海关总署、财政部、税务总局负责）"),
    "single unit after legend": ("01", 37, "自主补缴税款。（海关总署负责）"),
    "等有关部门": ("01", 39, "（海关总署、商务部等有关部门负责）"),
    "legend 列第一位": (
        "02",
        28,
        "（工业和信息化部、发展改革委、科技部、农业农村部等负责。列第一位者为牵头单位，下同）",
    ),
    "牵头负责": ("02", 49, "重大问题及时向国务院报告。（农业农村部、工业和信息化部牵头负责）"),
    "legend 列第一位 alone": ("03", 23, "（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）"),
    "departments and provinces by ，": (
        "03",
        27,
        "（人力资源社会保障部、科技部、财政部、住房城乡建设部、市场监管总局，各省级人民政府按职责分工负责）",
    ),
    "等有关部门和单位": ("03", 36, "（财政部、人力资源社会保障部、民政部等有关部门和单位按职责分工负责）"),
    "各有关部门和单位": ("03", 39, "（各有关部门和单位按职责分工负责）"),
    "plain parenthesis": (
        "04",
        25,
        "用于奖励支持该省（区、市）符合条件的项目。（国家发展改革委负责）",
    ),
    "会同有关部门": ("04", 37, "（国家发展改革委会同有关部门负责）"),
    "会同有关部门, two units": ("04", 39, "（国家发展改革委、财政部会同有关部门负责）"),
    "负责 without legend": ("05", 44, "（体育总局、公安部、标准委、统计局负责）"),
    "牵头 参与": (
        "06",
        38,
        "（生态环境部牵头，国家发展改革委、工业和信息化部、住房城乡建设部、农业农村部、国家统计局参与）",
    ),
    "指导 负责落实 remark": (
        "06",
        39,
        "（生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出）",
    ),
    "half-width 指导": (
        "06",
        55,
        "(国家发展改革委、工业和信息化部、住房城乡建设部、市场监管总局、国管局指导)",
    ),
    "full- and half-width in one item": (
        "06",
        56,
        "（商务部指导，供销合作总社参与）建立政府固体废物环境管理平台与市场化固体废物公共交易平台信息交换机制",
    ),
    "departments and provinces by 和": (
        "08",
        25,
        "（扶贫办、中央统战部、中央和国家机关工委、教育部、卫生健康委、人民银行、国资委、国管局、"
        "中央军委政治工作部、全国总工会等和各省级人民政府负责）",
    ),
}


def printed_line(document: str, number: int) -> str:
    if document == "changzhou":
        path = SHIPPED
    elif not CORPUS.is_dir():
        pytest.skip("no ../shared/corpus beside this checkout")
    else:
        path = next(CORPUS.glob(f"{document}-*.txt"))
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


@pytest.mark.parametrize("name", sorted(QUOTES))
def test_every_quote_is_printed_on_its_line(name: str) -> None:
    document, number, text = QUOTES[name]
    assert text in printed_line(document, number)


def read(*names: str) -> list[UnitGroup]:
    """The groups of the quoted lines read in order, leads settled as the parser settles them."""
    parser = Parser(Source([], "text", "UTF-8", ""))
    found = []
    for name in names:
        groups = groups_in(QUOTES[name][2])
        parser.settle_leads(QUOTES[name][1], groups)
        found += [group for _, group in groups]
    return found


def only(*names: str) -> UnitGroup:
    """The group of the last quoted line, which names exactly one."""
    groups = groups_in(QUOTES[names[-1]][2])
    assert len(groups) == 1
    return read(*names)[-1]


def test_a_labelled_group_gives_each_label_its_role() -> None:
    group = only("labelled")
    assert group.roles == {"lead": ["市政府办公室"], "support": ["市有关部门"]}
    assert (group.open_ended, group.remarks, group.lead_unknown) == ({}, [], False)


def test_a_bracket_inside_a_unit_name_stays_in_the_name_and_等市部门_makes_the_role_open_ended() -> None:
    group = only("labelled nested")
    assert group.roles == {
        "lead": ["市发改委(市信用办)", "市文明办"],
        "support": ["市委组织部", "市人社局", "市总工会", "市妇联"],
    }
    assert group.open_ended == {"support": "等市部门"}


def test_责任单位_names_the_responsible_units_and_a_collective_phrase_is_one_unit() -> None:
    assert only("responsible collective").roles == {"responsible": ["市各有关部门"]}


FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，"})


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda text: text.translate(FULL_WIDTH), id="full-width brackets, ： and ，"),
        pytest.param(lambda text: text.replace(",", "；"), id="；"),
        pytest.param(lambda text: text.replace(",", ";"), id=";"),
        pytest.param(
            lambda text: text.replace(",", "，").replace(":", "："), id="：and ，in half-width brackets"
        ),
    ],
)
def test_every_separator_and_bracket_width_reads_as_the_printed_line(variant: Callable[[str], str]) -> None:
    printed = groups_in(QUOTES["labelled"][2])[0][1]
    derived = groups_in(variant(QUOTES["labelled"][2]))  # the shipped line, its punctuation changed
    assert [group.roles for _, group in derived] == [printed.roles]


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("牵头部门", "lead"),
        ("配合部门", "support"),
        ("参与单位", "support"),
        ("协办单位", "support"),
        ("责任部门", "responsible"),
        ("指导单位", "guide"),
    ],
)
def test_each_label_word_gives_its_role(label: str, role: str) -> None:
    derived = QUOTES["responsible collective"][2].replace("责任单位", label)  # the shipped line, relabelled
    assert groups_in(derived)[0][1].roles == {role: ["市各有关部门"]}


def test_the_排在第一位_legend_makes_the_first_unit_lead_in_its_own_group() -> None:
    group = only("legend 排在第一位")
    assert group.roles == {"lead": ["税务总局"], "support": ["财政部", "海关总署"]}
    assert group.legend and group.legend_follows and not group.lead_unknown
    assert group.remarks == []  # the legend and 下同 are read, not kept as words


def test_下同_carries_the_legend_to_every_later_group() -> None:
    later = read("legend 排在第一位", "after legend 排在第一位")[-1]
    assert later.roles == {"lead": ["海关总署"], "support": ["财政部", "税务总局"]}


def test_a_legend_without_下同_holds_for_its_own_group_only() -> None:
    parser = Parser(Source([], "text", "UTF-8", ""))
    without_following = QUOTES["legend 排在第一位"][2].replace("，下同", "")  # the quoted line, 下同 removed
    parser.settle_leads(1, groups_in(without_following))
    later = groups_in(QUOTES["after legend 排在第一位"][2])
    parser.settle_leads(2, later)
    assert later[0][1].lead_unknown and "lead" not in later[0][1].roles


def test_the_列第一位_legend_with_等_makes_the_supporting_units_open_ended() -> None:
    group = only("legend 列第一位")
    assert group.roles == {"lead": ["工业和信息化部"], "support": ["发展改革委", "科技部", "农业农村部"]}
    assert group.open_ended == {"support": "等"}


def test_a_legend_over_two_units_leaves_one_supporting_unit() -> None:
    assert only("legend 列第一位 alone").roles == {"lead": ["人力资源社会保障部"], "support": ["财政部"]}


def test_a_single_unit_under_a_legend_leads_alone() -> None:
    group = read("legend 排在第一位", "single unit after legend")[-1]
    assert group.roles == {"lead": ["海关总署"]}


def test_units_jointly_responsible_without_a_legend_have_an_unknown_lead() -> None:
    group = only("负责 without legend")
    assert group.roles == {"responsible": ["体育总局", "公安部", "标准委", "统计局"]}
    assert group.lead_unknown


def test_departments_and_provinces_joined_by_a_comma_are_one_list() -> None:
    group = only("departments and provinces by ，")
    units = ["人力资源社会保障部", "科技部", "财政部", "住房城乡建设部", "市场监管总局", "各省级人民政府"]
    assert group.roles == {"responsible": units}
    assert group.lead_unknown and group.remarks == []
    under_legend = read("legend 列第一位 alone", "departments and provinces by ，")[-1]
    assert under_legend.roles == {"lead": units[:1], "support": units[1:]}


def test_departments_and_provinces_joined_by_和_after_等_are_one_list_open_ended() -> None:
    group = only("departments and provinces by 和")
    assert group.roles["responsible"][2] == "中央和国家机关工委"  # a 和 inside a name does not split it
    assert group.roles["responsible"][-2:] == ["全国总工会", "各省级人民政府"]
    assert len(group.roles["responsible"]) == 11
    assert group.open_ended == {"responsible": "等"}


@pytest.mark.parametrize(
    ("name", "units", "suffix"),
    [
        ("等有关部门", ["海关总署", "商务部"], "等有关部门"),
        ("等有关部门和单位", ["财政部", "人力资源社会保障部", "民政部"], "等有关部门和单位"),
    ],
)
def test_a_trailing_等_phrase_makes_the_role_open_ended(name: str, units: list[str], suffix: str) -> None:
    group = only(name)
    assert group.roles == {"responsible": units}
    assert group.open_ended == {"responsible": suffix}


def test_a_collective_phrase_with_和_is_kept_whole() -> None:
    group = only("各有关部门和单位")
    assert group.roles == {"responsible": ["各有关部门和单位"]}
    assert not group.lead_unknown


def test_会同有关部门负责_makes_the_named_units_lead_with_有关部门_supporting() -> None:
    assert only("会同有关部门").roles == {"lead": ["国家发展改革委"], "support": ["有关部门"]}
    assert only("会同有关部门, two units").roles == {
        "lead": ["国家发展改革委", "财政部"],
        "support": ["有关部门"],
    }


def test_牵头负责_makes_every_named_unit_lead_even_under_a_legend() -> None:
    assert only("legend 列第一位", "牵头负责").roles == {"lead": ["农业农村部", "工业和信息化部"]}


def test_牵头_and_参与_give_lead_and_support() -> None:
    group = only("牵头 参与")
    assert group.roles == {
        "lead": ["生态环境部"],
        "support": ["国家发展改革委", "工业和信息化部", "住房城乡建设部", "农业农村部", "国家统计局"],
    }


def test_指导_and_负责落实_give_roles_and_以下均需_names_units_for_every_later_group() -> None:
    group = only("指导 负责落实 remark")
    assert group.roles == {"guide": ["生态环境部"], "responsible": ["试点城市政府"]}
    assert group.remarks == []
    assert group.inherited == {"responsible": ["试点城市政府"]}  # 以下均需…落实，不再列出
    assert not group.lead_unknown


def test_a_half_width_group_reads_like_a_full_width_one() -> None:
    group = only("half-width 指导")
    assert group.roles == {
        "guide": ["国家发展改革委", "工业和信息化部", "住房城乡建设部", "市场监管总局", "国管局"]
    }


def test_a_full_width_group_with_指导_and_参与_at_the_start_of_a_paragraph() -> None:
    assert only("full- and half-width in one item").roles == {
        "guide": ["商务部"],
        "support": ["供销合作总社"],
    }


def test_a_parenthesis_that_names_no_unit_is_not_a_group() -> None:
    groups = groups_in(QUOTES["plain parenthesis"][2])
    assert [group.roles for _, group in groups] == [{"responsible": ["国家发展改革委"]}]
