"""`taskmap import` on four Fujian 政务公开 notices (corpus 09, 10, 12, 17), specified by reading them.

Every expectation is read from the document's own lines: the task count from its unit paragraphs or its
numbered rows, each task's text from its printed item, its units by splitting the printed group at 、 and ，.
Tasks are found by a piece of their printed text, never by id: ids are not part of this specification.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from test_import import corpus_document, imported, tasks_of

Task = dict[str, Any]
ROLES = ("lead", "support", "responsible", "guide")
NUMERALS = "一二三四五六七八九十"
SECTION_ROW = re.compile(rf"[{NUMERALS}]+、|（[{NUMERALS}]+）")
# The brief's endings of an office name (厅/局/委/办/院/会/行…): a name ending so may borrow the prefix.
OFFICE_ENDINGS = ("厅", "局", "委", "办", "院", "会", "行")


@pytest.fixture(scope="module")
def tasks_in(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], list[Task]]:
    """Each document imported once for the whole module; a failed import fails the test that asked."""
    cache: dict[str, list[Task]] = {}

    def tasks(prefix: str) -> list[Task]:
        if prefix not in cache:
            dataset = imported(tmp_path_factory.mktemp(prefix), corpus_document(prefix))
            cache[prefix] = list(tasks_of(dataset).values())
        return cache[prefix]

    return tasks


def printed_lines(prefix: str) -> list[str]:
    return corpus_document(prefix).read_text(encoding="utf-8").splitlines()


def task_with(tasks: list[Task], piece: str) -> Task:
    """The one task whose text holds this printed piece."""
    found = [task for task in tasks if piece in task["text"]]
    assert len(found) == 1, f"{len(found)} tasks hold {piece!r}: {[t['text'][:30] for t in found]}"
    return found[0]


def roles_of(task: Task) -> dict[str, list[str]]:
    return {role: task[role] for role in ROLES}


def roles(**named: list[str]) -> dict[str, list[str]]:
    return {role: named.get(role, []) for role in ROLES}


def heading_of(text: str) -> str | None:
    """The first sentence up to 。, when it is at most 30 characters."""
    first = text.split("。")[0]
    return first if "。" in text and len(first) <= 30 else None


def tiers(group: str) -> list[list[str]]:
    """A printed group as tiers (split at ，) of units (split at 、), as printed, without its final 。."""
    return [tier.split("、") for tier in group.removesuffix("。").split("，") if tier]


def with_shared_prefix(tier: list[str]) -> list[str]:
    """`省工信厅、财政厅、生态环境厅` names 省财政厅 and 省生态环境厅: an office name lacking
    the level prefix the tier's first name carries has it. Within a tier only: in
    `…金融监管局，省扶贫办，人行福州中心支行、福建银保监局` 福建银保监局 is complete as printed, and
    its tier's first name carries no prefix."""
    prefix = tier[0][0] if tier[0][0] in "省市区县" else ""
    return [tier[0]] + [
        prefix + name
        if prefix and not name.startswith((prefix, "各")) and name.endswith(OFFICE_ENDINGS)
        else name
        for name in tier[1:]
    ]


def without_alias(name: str) -> str:
    """`省编办（省审改办）` is 省编办, its alias in brackets, as the shipped data makes
    `市发改委(市信用办)` 市发改委."""
    return re.sub(r"（[^（）]*）$", "", name)


def canonical(group: str) -> list[str]:
    return [without_alias(name) for tier in tiers(group) for name in with_shared_prefix(tier)]


def spelled(group: str) -> list[str]:
    return [name for tier in tiers(group) for name in tier]


def numeral_value(numeral: str) -> int:
    return NUMERALS.index(numeral) + 1


# ---------------------------------------------------------------------------------------------------------
# 09 福建省2019年政务公开工作主要任务: `（一）…` items, each closed by a paragraph `责任单位：…。`


def items_09() -> Iterator[tuple[int, str, str]]:
    """(number, item text without its number, the group after 责任单位：) for every 责任单位 paragraph."""
    lines = printed_lines("09")
    for index, line in enumerate(lines):
        if line.startswith("责任单位："):
            item = re.fullmatch(rf"（([{NUMERALS}])）(.+)", lines[index - 1])
            assert item, f"line {index}: a 责任单位 paragraph after {lines[index - 1][:20]!r}"
            yield numeral_value(item[1]), item[2], line.removeprefix("责任单位：")


def test_fujian_2019_each_responsibility_paragraph_closes_the_item_before_it(
    tasks_in: Callable[[str], list[Task]],
) -> None:
    """`（一）深入解读重要政策措施。…` then, as a paragraph of its own,
    `责任单位：省政府各部门、各直属机构，各设区市人民政府、平潭综合实验区管委会。`:
    the only label is 责任单位, so every unit is responsible and none leads;
    `（一）` restarts under each of 一、–四、 (3 + 7 + 4 + 3 items)."""
    tasks = tasks_in("09")
    items = list(items_09())
    assert len(tasks) == len(items) == 17
    for number, text, group in items:
        task = task_with(tasks, text[:20])
        assert task["text"] == text
        assert (task["number"], task["heading"]) == (number, heading_of(text))
        assert roles_of(task) == roles(responsible=canonical(group)), group
        assert task["spellings"].get("responsible") == spelled(group)
        assert task.get("lead_unknown", False) is False  # labelled 责任单位, not an unlabelled `A、B负责`
        assert (task["open_ended"], task["remark"], task.get("deadline")) == ({}, None, None)


def test_fujian_2019_commas_separate_tiers_and_the_province_prefix_is_shared(
    tasks_in: Callable[[str], list[Task]],
) -> None:
    """`责任单位：省工信厅、财政厅、生态环境厅、住建厅、金融监管局，省扶贫办，
    人行福州中心支行、福建银保监局、福建证监局、厦门银保监局、厦门证监局，
    各设区市人民政府、平潭综合实验区管委会。` — four tiers, one role; 财政厅 is 省财政厅;
    the 中直驻闽 tier keeps its own names. `省发改委、司法厅、市场监管局、税务局`:
    市场监管局 lacks 省 (市场 is a market, not a 市), so it is 省市场监管局."""
    tasks = tasks_in("09")
    tiers_task = task_with(tasks, "加强三大攻坚战信息公开")
    printed_as = dict(zip(tiers_task["spellings"]["responsible"], tiers_task["responsible"], strict=True))
    assert (printed_as["财政厅"], printed_as["生态环境厅"], printed_as["省扶贫办"]) == (
        "省财政厅",
        "省生态环境厅",
        "省扶贫办",
    )
    for own_name in ("人行福州中心支行", "福建银保监局", "厦门证监局"):
        assert printed_as[own_name] == own_name
    # the group's final 。 is no part of a name
    assert tiers_task["responsible"][-1] == "平潭综合实验区管委会"
    market = task_with(tasks, "深化“放管服”改革信息公开")
    assert market["responsible"][:4] == ["省发改委", "省司法厅", "省市场监管局", "省税务局"]


def test_fujian_2019_collectives_keep_their_names_and_one_group_has_no_pingtan(
    tasks_in: Callable[[str], list[Task]],
) -> None:
    """三、（三）: `责任单位：省政府各部门、各直属机构，各设区市人民政府。` — the one group
    without 平潭; 各直属机构 is a collective and takes no prefix. 四、（二） names the cities
    alone."""
    tasks = tasks_in("09")
    gazette = task_with(tasks, "推进政府公报创新发展")
    assert roles_of(gazette) == roles(responsible=["省政府各部门", "各直属机构", "各设区市人民政府"])
    pilots = task_with(tasks, "学习借鉴基层政务公开试点经验")
    assert roles_of(pilots) == roles(responsible=["各设区市人民政府", "平潭综合实验区管委会"])


def test_fujian_2019_a_space_inside_a_task_and_the_publication_line_are_text_not_structure(
    tasks_in: Callable[[str], list[Task]],
) -> None:
    """`推进《政府部门“双随机、一公开”监管工作规范（DB35/T 1792-2018）》省地方标准的宣贯实施`
    keeps its ASCII space and its bracket inside the text of 二、（五）; `（此件公开发布）` and
    the signature are no task."""
    tasks = tasks_in("09")
    standard = task_with(tasks, "（DB35/T 1792-2018）》省地方标准的宣贯实施")
    assert standard["text"].startswith("深化“放管服”改革信息公开。")
    lines = printed_lines("09")
    signature = lines[lines.index("（此件公开发布）") - 2 : lines.index("（此件公开发布）") + 1]
    assert signature == ["福建省人民政府办公厅", "2019年5月28日", "（此件公开发布）"]
    assert not [task for task in tasks for line in signature if line in task["text"]]


# ---------------------------------------------------------------------------------------------------------
# 10 全面推进政务公开工作实施意见: `（一）…` items, each ending in one group with its roles worded inside

WORDED_GROUP = re.compile(r"（([^（）]*(?:牵头|负责))）$")


def items_10() -> Iterator[tuple[int, str, str]]:
    """(number, item text without its number and group, the group) for every paragraph ending in one."""
    for line in printed_lines("10"):
        group = WORDED_GROUP.search(line)
        if group:
            item = re.match(rf"（([{NUMERALS}])）", line)
            assert item, f"a group after an unnumbered paragraph: {line[:20]!r}"
            yield numeral_value(item[1]), line[item.end() : group.start()], group[1]


def worded_roles(group: str) -> dict[str, list[str]]:
    """`省政府办公厅牵头，省直有关部门、各设区市人民政府、平潭综合实验区管委会负责`: the clause ending
    牵头 leads, the clause ending 负责 is responsible; here ， separates the clauses."""
    named: dict[str, list[str]] = {}
    for clause in group.split("，"):
        role = "lead" if clause.endswith("牵头") else "responsible"
        named[role] = clause.removesuffix("牵头").removesuffix("负责").split("、")
    return roles(**named)


def test_fujian_2016_opinion_roles_are_worded_inside_each_items_group(
    tasks_in: Callable[[str], list[Task]],
) -> None:
    """`（省政府办公厅牵头，省直有关部门、各设区市人民政府、平潭综合实验区管委会负责）`:
    lead and responsible; `（省编办、省效能办、省财政厅牵头，…负责）`: three leads;
    `（省发改委牵头）`: a lead alone; `（省直有关部门、各设区市人民政府、平潭综合实验区管委会负责）`:
    jointly responsible, no lead, and — unlabelled and more than one — lead unknown.
    一、总体要求和目标 names no unit: the count is the groups', 6 + 4 + 4 + 2 + 3 under 二、–六、."""
    tasks = tasks_in("10")
    items = list(items_10())
    assert len(tasks) == len(items) == 19
    for number, text, group in items:
        task = task_with(tasks, text[:20])
        assert task["text"] == text
        assert (task["number"], task["heading"]) == (number, heading_of(text))
        expected = worded_roles(group)
        assert roles_of(task) == expected, group
        jointly = not expected["lead"] and len(expected["responsible"]) > 1
        assert task.get("lead_unknown", False) is jointly, group
        assert (task["open_ended"], task["remark"], task.get("deadline")) == ({}, None, None)


def test_fujian_2016_opinion_leads_alone_or_several_and_none_when_jointly_responsible(
    tasks_in: Callable[[str], list[Task]],
) -> None:
    """The four wordings of the groups, one task each, as a reader would list them."""
    tasks = tasks_in("10")
    cities = ["省直有关部门", "各设区市人民政府", "平潭综合实验区管委会"]
    assert roles_of(task_with(tasks, "推进服务公开。")) == roles(
        lead=["省编办", "省效能办", "省财政厅"], responsible=cities
    )
    assert roles_of(task_with(tasks, "推进政府数据开放开发。")) == roles(lead=["省发改委"])
    assert roles_of(task_with(tasks, "提升政务服务水平。")) == roles(lead=["省发改委", "省效能办"])
    joint = task_with(tasks, "推进执行公开。")
    assert roles_of(joint) == roles(responsible=cities)
    assert joint["lead_unknown"] is True


def test_fujian_2016_opinion_brackets_and_hui_tong_inside_the_text_are_not_units(
    tasks_in: Callable[[str], list[Task]],
) -> None:
    """三、（三）: `…本级政府办公厅（室）会同宣传部门做好组织协调工作。…（省委宣传部牵头，…负责）`:
    （室） is part of 办公厅（室）, and 会同 in the item's prose gives no role; only the final
    group carries units. So in 六、（一） `各级政府及其工作部门办公厅（室）是政务公开工作的主管部门`,
    and `（PPP）`, `（国办发〔2016〕61号）`, `（含察访核验扣分）` stay text."""
    tasks = tasks_in("10")
    response = task_with(tasks, "及时回应社会关切。")
    assert "本级政府办公厅（室）会同宣传部门做好组织协调工作" in response["text"]
    assert "（国办发〔2016〕61号）" in response["text"]
    assert roles_of(response) == roles(
        lead=["省委宣传部"], responsible=["省直有关部门", "各设区市人民政府", "平潭综合实验区管委会"]
    )
    leadership = task_with(tasks, "加强组织领导。")
    assert "各级政府及其工作部门办公厅（室）是政务公开工作的主管部门" in leadership["text"]
    assert "室" not in leadership["responsible"]
    lead_only = task_with(tasks, "加强考核监督。")
    assert "（含察访核验扣分）" in lead_only["text"]
    assert roles_of(lead_only) == roles(lead=["省监察厅", "省效能办"])
    assert "（PPP）提供公共服务的公开" in task_with(tasks, "推进服务公开。")["text"]


def test_fujian_2016_opinion_general_requirements_and_the_two_issuers_are_no_task(
    tasks_in: Callable[[str], list[Task]],
) -> None:
    """`一、总体要求和目标` is followed by two paragraphs and no unit; the signature is two issuers,
    `中共福建省委办公厅` / `福建省人民政府办公厅`, then the date and `（此件公开发布）`."""
    tasks = tasks_in("10")
    lines = printed_lines("10")
    general = lines[lines.index("一、总体要求和目标") + 1 : lines.index("二、推进政务阳光透明")]
    signature = lines[lines.index("（此件公开发布）") - 3 : lines.index("（此件公开发布）") + 1]
    assert signature[:2] == ["中共福建省委办公厅", "福建省人民政府办公厅"]
    for line in [*general, *signature]:
        assert not [task for task in tasks if line[:20] in task["text"]], line
    units = {unit for task in tasks for role in ROLES for unit in task[role]}
    assert not units & set(signature)
