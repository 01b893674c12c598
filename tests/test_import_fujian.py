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
    its tier's first name carries no prefix. Only an office lends its prefix: in 10's
    `省直有关部门、各设区市人民政府、平潭综合实验区管委会` the collective lends none, and
    平潭综合实验区管委会 stays as printed."""
    lends = tier[0][0] in "省市区县" and tier[0].endswith(OFFICE_ENDINGS)
    prefix = tier[0][0] if lends else ""
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
    No group lends 省 to `平潭综合实验区管委会`: its list opens with the collective 省直有关部门.
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


# ---------------------------------------------------------------------------------------------------------
# 12 and 17, the 政务公开 任务分解表 of 2016 and 2017: tables printed one cell paragraph a line


def table_rows(prefix: str) -> dict[int, tuple[str, list[str]]]:
    """Row number -> (its 工作任务 cell without the number, the lines after it up to the next row).

    The table starts after its header's last cell, `工　作　要　求` (spaced with U+3000, ASCII in 12's
    `工 作 任 务`); section rows `一、…` and `（一）…` end a row and are no row of their own."""
    lines = printed_lines(prefix)
    start = next(i for i, line in enumerate(lines) if re.sub(r"\s", "", line) == "工作要求") + 1
    rows: dict[int, tuple[str, list[str]]] = {}
    after: list[str] = []
    for line in lines[start:]:
        row = re.match(r"(\d+)\.(.*)", line)
        if row:
            after = []
            rows[int(row[1])] = (row[2], after)
        elif SECTION_ROW.match(line):
            after = []
        else:
            after.append(line)
    return rows


def test_table_rows_are_read_as_the_documents_print_them() -> None:
    """The reading the table tests rely on, checked against the page text itself."""
    assert table_rows("12")[1] == (
        "全面公开省级政府工作部门权力清单和责任清单",
        [
            "省编办（省审改办）",
            "省直各部门，",
            "各设区市、平潭综合实验区",
            "通过政府门户网站集中展示，及时动态更新。",
        ],
    )
    assert table_rows("17")[34][1][0] == "省河长办"
    assert [sorted(table_rows(prefix)) for prefix in ("12", "17")] == [
        list(range(1, 67)),
        list(range(1, 61)),
    ]


class TasksByNumber(dict[int, Task]):
    def __missing__(self, number: int) -> Task:
        raise AssertionError(f"no task numbered {number}")


def by_number(tasks: list[Task]) -> TasksByNumber:
    numbered = TasksByNumber((task["number"], task) for task in tasks)
    assert len(numbered) == len(tasks), "two tasks with one number"
    return numbered


def assert_rows_are_the_tasks(tasks: list[Task], rows: dict[int, tuple[str, list[str]]]) -> None:
    """Each row `N.` is the task numbered N, its text the 工作任务 cell; no other line is a task."""
    assert sorted(task["number"] for task in tasks) == sorted(rows)
    numbered = by_number(tasks)
    for number, (text, _) in rows.items():
        assert numbered[number]["text"] == text, number


# 12: a row's unit cells end with its 责任单位 cell's last paragraph, always this line; before it, the cell's
# first paragraph ends in ，; the lines before that are the 牵头单位 cell, one lead a line (or none).
CITIES_12 = "各设区市、平潭综合实验区"


def cells_12(after: list[str]) -> tuple[list[str], str, str | None] | None:
    """(leads, 责任单位 cell, 工作要求 or None) as printed, or None when the row prints no unit cell."""
    if CITIES_12 not in after:
        return None
    end = after.index(CITIES_12) + 1
    first = end - 1
    while first > 0 and after[first - 1].endswith("，"):
        first -= 1
    assert len(after) - end <= 1, after  # at most one 工作要求 paragraph after the units
    return after[:first], "".join(after[first:end]), after[end] if end < len(after) else None


def test_fujian_2016_table_every_numbered_row_is_a_task(tasks_in: Callable[[str], list[Task]]) -> None:
    """Rows `1.`–`66.` under section rows `一、围绕深化改革推进公开` / `（一）进一步推进权力清单…`;
    the header `工 作 任 务 / 牵头单位 / 责　任　单　位 / 工　作　要　求` and the sections are no task."""
    assert_rows_are_the_tasks(tasks_in("12"), table_rows("12"))


def test_fujian_2016_table_cells_land_in_their_roles(tasks_in: Callable[[str], list[Task]]) -> None:
    """`6.推进企业信用信息公示系统建设` / `省工商局` / `省直各相关部门，` / `各设区市、平潭综合实验区` /
    `通过系统归集并公示…`: lead, one 责任单位 cell in two paragraphs, 工作要求 as the remark. An
    empty 牵头单位 cell prints no line (row 4) and means no lead, not an unknown one: the column
    says who leads. Row 10 words its roles inside the cell and has a test of its own."""
    numbered = by_number(tasks_in("12"))
    for number, (_, after) in table_rows("12").items():
        cells = cells_12(after)
        if cells is None or number == 10:
            continue
        leads, responsible, requirement = cells
        task = numbered[number]
        expected = roles(lead=[without_alias(lead) for lead in leads], responsible=canonical(responsible))
        assert roles_of(task) == expected, number
        assert task["spellings"].get("responsible") == spelled(responsible), number
        assert task.get("lead_unknown", False) is False, number
        assert task["remark"] == (f"工作要求：{requirement}" if requirement else None), number
        assert (task["open_ended"], task.get("deadline")) == ({}, None), number


def test_fujian_2016_table_merged_cells_take_the_units_of_the_row_above(
    tasks_in: Callable[[str], list[Task]],
) -> None:
    """`1.全面公开…` / `省编办（省审改办）` / … then `2.推动市县两级…` and `3.政府工作部门取消…` /
    `重点公开保留的行政许可事项清单、中介服务事项清单。`: rows 2 and 3 print no unit cell — the cells are
    merged with row 1's — and take row 1's units; row 3 keeps its own 工作要求."""
    rows = table_rows("12")
    numbered = by_number(tasks_in("12"))
    merged = [number for number, (_, after) in rows.items() if cells_12(after) is None]
    # by eye: task cell only in 2, 19, 20, 30, 31; task and 工作要求 in 3, 22, 25, 29, 33
    assert merged == [2, 3, 19, 20, 22, 25, 29, 30, 31, 33]
    for number in merged:
        above = max(n for n in rows if n < number and n not in merged)
        assert roles_of(numbered[number]) == roles_of(numbered[above]), (number, above)
        requirement = rows[number][1]
        if requirement:  # rows 2, 19, 20, 30, 31 print none: whether 要求 is merged too is not printed
            assert numbered[number]["remark"] == f"工作要求：{requirement[0]}", number


def test_fujian_2016_table_two_leads_aliases_shared_prefix_and_rows_without_requirement(
    tasks_in: Callable[[str], list[Task]],
) -> None:
    """`11.加大稳增长…` / `省发改委` / `省经信委` / `省直各部门，` / …: two lines, two leads.
    `21.…` / `省农业厅（省委农办）`: one lead, its alias in brackets. `32.…` / `省环保厅` /
    `省卫计委、住建厅、水利厅，`: 省住建厅, 省水利厅. Rows 18, 35, 39, 41, 43, 58 end at the units."""
    tasks = by_number(tasks_in("12"))
    cities = ["各设区市", "平潭综合实验区"]
    assert roles_of(tasks[11]) == roles(lead=["省发改委", "省经信委"], responsible=["省直各部门", *cities])
    assert (tasks[1]["lead"], tasks[1]["spellings"]["lead"]) == (["省编办"], ["省编办（省审改办）"])
    assert (tasks[21]["lead"], tasks[21]["spellings"]["lead"]) == (["省农业厅"], ["省农业厅（省委农办）"])
    assert tasks[32]["responsible"] == ["省卫计委", "省住建厅", "省水利厅", *cities]
    assert tasks[32]["spellings"]["responsible"] == ["省卫计委", "住建厅", "水利厅", *cities]
    assert roles_of(tasks[62]) == roles(responsible=cities)
    rows = table_rows("12")
    for number in (18, 35, 39, 41, 43, 58):
        assert rows[number][1][-1] == CITIES_12
        assert tasks[number]["remark"] is None, number


def test_fujian_2016_table_hui_tong_inside_a_responsibility_cell(
    tasks_in: Callable[[str], list[Task]],
) -> None:
    """`10.推进面向转移落户人员的服务公开` / `省公安厅会同省人社厅、卫计委、教育厅等相关部门，` /
    `各设区市、平潭综合实验区`: 省公安厅 leads, the units it works with support (等相关部门 left
    open), and the cities, the cell's second paragraph, stay responsible as the column says."""
    task = by_number(tasks_in("12"))[10]
    cell = table_rows("12")[10][1][0]
    lead, partners = cell.removesuffix("等相关部门，").split("会同")
    assert roles_of(task) == roles(
        lead=[lead], support=canonical(partners), responsible=["各设区市", "平潭综合实验区"]
    )
    assert task["spellings"]["support"] == ["省人社厅", "卫计委", "教育厅"]
    assert task["open_ended"] == {"support": "等相关部门"}
    assert task["remark"] == "工作要求：及时公开户口迁移政策，公开居住证相关信息。"


# 17: cell boundaries were inferred when the page text was split: the 责任单位 cell is one line ending in
# this tier list (or being it); the lines before it are the 牵头单位 cell, one lead a line.
CITIES_17 = "各设区市，平潭综合实验区"


def cells_17(after: list[str]) -> tuple[list[str], str, str | None] | None:
    """(leads, 责任单位 cell, 工作要求 or None) as printed, or None when the row prints no unit cell."""
    end = next((i + 1 for i, line in enumerate(after) if line.endswith(CITIES_17)), None)
    if end is None:
        return None
    assert len(after) - end <= 1, after  # at most one 工作要求 paragraph after the units
    return after[: end - 1], after[end - 1], after[end] if end < len(after) else None


def test_fujian_2017_table_every_numbered_row_is_a_task(tasks_in: Callable[[str], list[Task]]) -> None:
    """Rows `1.`–`60.` under `一、以政务公开助力稳增长` … `六、增强政务公开实效`; the title printed
    twice, `闽政办〔2017〕45号`, the covering letter, the signature and `（此件主动公开）` are no task."""
    tasks = tasks_in("17")
    assert_rows_are_the_tasks(tasks, table_rows("17"))
    lines = printed_lines("17")
    assert lines[lines.index("（此件主动公开）") - 2] == "福建省人民政府办公厅"


def test_fujian_2017_table_cells_land_in_their_roles(tasks_in: Callable[[str], list[Task]]) -> None:
    """`5.加大减税降费、税收优惠政策公开力度` / `省财政厅` / `省国税局` / `省地税局` / `省物价局` /
    `各设区市，平潭综合实验区` / `利用政府网站…`: four leads, the cities responsible, the 要求 the
    remark; `1.…` / `省直各部门，各设区市，平潭综合实验区`: no lead cell, so no lead."""
    numbered = by_number(tasks_in("17"))
    for number, (_, after) in table_rows("17").items():
        cells = cells_17(after)
        if cells is None:
            continue
        leads, responsible, requirement = cells
        task = numbered[number]
        assert roles_of(task) == roles(lead=leads, responsible=canonical(responsible)), number
        assert task["spellings"].get("responsible") == spelled(responsible), number
        assert task.get("lead_unknown", False) is False, number
        assert task["remark"] == (f"工作要求：{requirement}" if requirement else None), number
        assert (task["open_ended"], task.get("deadline")) == ({}, None), number


def test_fujian_2017_table_rows_printing_task_and_requirement_take_the_units_above(
    tasks_in: Callable[[str], list[Task]],
) -> None:
    """`18.做好国有产权交易…` / `省国资委` / `各设区市，平潭综合实验区` / … then
    `19.依法依规公开国有企业生产经营情况` / `按月公开国有及国有控股企业…`: row 19 prints its task and
    its 要求 only; its unit cells are row 18's, merged."""
    rows = table_rows("17")
    numbered = by_number(tasks_in("17"))
    merged = [number for number, (_, after) in rows.items() if cells_17(after) is None]
    assert merged == [19, 21, 22, 36, 41, 43]  # by eye, as the corpus README lists them
    for number in merged:
        above = max(n for n in rows if n < number and n not in merged)
        assert roles_of(numbered[number]) == roles_of(numbered[above]), (number, above)
        (requirement,) = rows[number][1]
        assert numbered[number]["remark"] == f"工作要求：{requirement}", number


def test_fujian_2017_table_comma_lists_without_lead_and_long_shared_prefix_lists(
    tasks_in: Callable[[str], list[Task]],
) -> None:
    """`40.…` / `省金融办，省财政厅，人行福州中心支行，福建证监局、福建银监局、福建保监局，厦门银监局、
    厦门证监局、厦门保监局，各设区市，平潭综合实验区` and `45.…` / `省国土厅，各设区市，平潭综合实验区`:
    one 责任单位 cell, no lead — the tiers' own names kept (福建证监局 is no 省 unit).
    `34.…` / `省河长办` / `省水利厅、环保厅、住建厅、…、海洋渔业厅、卫计委，各设区市，平潭综合实验区`:
    every office of the first tier is a 省 unit. Rows 30, 34, 39, 47, 48 have no 要求."""
    tasks = by_number(tasks_in("17"))
    finance = tasks[40]
    assert finance["lead"] == [] and finance.get("lead_unknown", False) is False
    own_names = ["省金融办", "省财政厅", "人行福州中心支行", "福建证监局", "福建银监局"]
    assert finance["responsible"][:5] == own_names
    assert roles_of(tasks[45]) == roles(responsible=["省国土厅", "各设区市", "平潭综合实验区"])
    rivers = tasks[34]
    printed_as = dict(zip(rivers["spellings"]["responsible"], rivers["responsible"], strict=True))
    assert rivers["lead"] == ["省河长办"]
    assert (printed_as["环保厅"], printed_as["海洋渔业厅"], printed_as["卫计委"]) == (
        "省环保厅",
        "省海洋渔业厅",
        "省卫计委",
    )
    capacity = tasks[27]
    assert capacity["responsible"][:3] == ["省发改委", "省人社厅", "省国土厅"]
    assert capacity["spellings"]["responsible"][:3] == ["省发改委", "人社厅", "国土厅"]
    rows = table_rows("17")
    for number in (30, 34, 39, 47, 48):
        assert rows[number][1][-1].endswith(CITIES_17)
        assert tasks[number]["remark"] is None, number
