"""How task-division notices name the units that carry out an item, one convention per function.

Each function reads one way of writing a unit group; tests/test_import_conventions.py shows each on the
printed line that taught it, and tests/test_import.py imports the whole notices. A group is the text inside
one parenthesis; `read_group` tries the conventions in turn and keeps whatever no convention explains as a
remark, so nothing printed is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from taskmap.model import OPEN_ENDED_SUFFIX

# A label's role words, also two together (牵头责任单位, 协同配合单位) or after 主要 (主要协作单位): the
# first word that says lead, else support, else guide, names the role; 主要责任单位 leads.
LEAD_WORDS = ("牵头", "主办", "主责")
SUPPORT_WORDS = ("配合", "协同", "协作", "协助", "协办", "参与")
ROLE_WORD = "牵头|主办|主责|配合|协同|协作|协助|协办|参与|责任|指导|负责|实施|承办|落实"
LABEL_WORDS = rf"(?:主要)?(?:{ROLE_WORD}){{1,2}}|部门|单位"  # 部门分工: who does what, in sentences
NOTE_OPENINGS = (
    "以下",
    "下列",
    "后续",
    "具体",
    "不再",
    "下同",
)  # notes about later tasks: inheritance_clause
CUT_NAME = 4  # a label's value this short that ends as no name does is a name cut short
OTHER_LABEL = re.compile(r"^[\u4e00-\u9fff]{1,10}[:：]")
ROLE_AT_END = re.compile(f"(?:{ROLE_WORD})$")  # `各部门配合` is a clause, not a name


def label_role(words: str) -> str:
    """The role a label's words give its units: `牵头责任` lead, `协同责任` support, `主要责任` lead."""
    if any(word in words for word in LEAD_WORDS) or (words.startswith("主要") and not support(words)):
        return "lead"
    if support(words):
        return "support"
    return "guide" if "指导" in words else "responsible"


def support(words: str) -> bool:
    return any(word in words for word in SUPPORT_WORDS)


# What a label calls the units: 单位 and 部门, inside one office its divisions (处室, 科室, 股室), and
# 责任分工 (who does what, written as sentences: see `prose_clause`).
LABEL_NOUNS = "单位|部门|处室|科室|股室|分工"
LABELLED_CLAUSE = re.compile(rf"^({LABEL_WORDS})(?:{LABEL_NOUNS})\s*[:：](.+)$")
# 排在第一位的部门为牵头部门, 列第一位者为牵头单位, 各项任务中排位靠前的责任单位为牵头单位, …
LEGEND = re.compile(
    r"(?:排在第一位|列第一位|排名第一|排位第一|排在首位|列首位|排位靠前|排名靠前|排在前面|排序第一)"
    r"(?:的|者)?(?:部门|单位|责任单位|责任部门)?(?:为|是)牵头(?:或[\u4e00-\u9fff]{1,4}?)?(?:部门|单位)"
)
FOLLOWING = "下同"
OPEN_ENDED = re.compile(rf"{OPEN_ENDED_SUFFIX}$")
# Catch-all phrases whose inner 、 does not separate units: 各 and a list of administrative levels
# (各省、自治区、直辖市人民政府, 各有关区、县级市, 各市、县（区）, 各县、市、区政府, 各州、市人民政府).
LEVEL_WORD = (
    r"(?:省|自治区|直辖市|自治州|州|市|县级市|县|区|市辖区|旗|乡镇|乡|镇|街道)(?:[（(][^（）()]{1,6}[）)])?"
)
COLLECTIVE_WITH_COMMA = re.compile(
    rf"各(?:有关|相关)?{LEVEL_WORD}(?:、{LEVEL_WORD})+(?:人民政府|政府|党委和政府|党委、政府)?"
    r"(?:[（(][^（）()]{1,8}[）)])?(?=$|[、，,；;等])"  # 各县、区人民政府(管委会)
)
CLAUSE_SEPARATOR = re.compile(r"[，,；;。]")
SEPARATORS = "，,；;。、 \u3000"
AFTER_ROLE_WORD = re.compile(r"(?<=牵头|主办|负责|配合|协办|参与|协助|指导|落实)、")
# 、 ， and 和 before 各; spaces after an office's ending (`县教体局 各相关乡镇政府`); also two names printed
# with no separator (`区环境与国土资源局区规划局`): an office's ending followed by the level prefix of the
# next name.
NAME_SEPARATOR = re.compile(
    r"、|，|,|(?<=等)和|和(?=各)|(?<=[局委厅署])(?=[区省县][\u4e00-\u9fff]{1,10}[局委办厅])"
    r"|(?<=[部局委办署院会厅室组社队所站处府心司门位])[ \u3000\t]+(?=[\u4e00-\u9fff])"
)
UNIT_ENDING_WORDS = (
    "部|局|委|办|署|院|会|行|厅|室|组|社|团|联|站|司|处|队|所|馆|关|科|股|政府|单位|部门|总局|公司|中心|支行"
    "|分局|委员会|中央|实验区|开发区|新区|示范区"
)
# A bureau's sections (财务科, 组干科, 综合股) end so; 学科, 本科, 控股 and the like are no unit.
NOT_AN_ENDING_AFTER = {"科": "(?<![学本专全外内儿工理文医牙眼])科", "股": "(?<![控参入持])股"}
UNIT_ENDINGS = re.compile(
    "(" + "|".join(NOT_AN_ENDING_AFTER.get(word, word) for word in UNIT_ENDING_WORDS.split("|")) + ")$"
)
# Where a name ends inside a sentence: the longest ending first (部门 before 部), and not at the first
# character of a word that goes on (组织, 会同, 行政, 所在).
NOT_ENDING_THERE = {
    "组": "组(?!织)",
    "会": "会(?!同)",
    "行": "行(?!政|动)",
    "所": "所(?!在|有)",
    "联": "联(?!合|系)",
    "科": NOT_AN_ENDING_AFTER["科"] + "(?!学|技|研|普|室|目)",
    "股": NOT_AN_ENDING_AFTER["股"] + "(?!份|东|权|票)",
}
UNIT_ENDINGS_INSIDE = re.compile(
    "|".join(
        NOT_ENDING_THERE.get(word, word)
        for word in sorted(UNIT_ENDING_WORDS.split("|"), key=len, reverse=True)
    )
)


@dataclass
class UnitGroup:
    """The units one parenthesis names, by role, and what it says besides."""

    roles: dict[str, list[str]] = field(default_factory=dict)
    open_ended: dict[str, str] = field(default_factory=dict)
    remarks: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)  # `责任领导：杜新国`: kept as a remark, never units
    conventions: list[str] = field(default_factory=list)
    lead_unknown: bool = False
    legend: str | None = None
    legend_follows: bool = False
    expansions: dict[str, str] = field(default_factory=dict)  # printed name → name with the shared prefix
    label_role: str | None = None  # the role of the last label read: later tiers (after ，) continue it
    deadline: str | None = None  # `（A负责，2019年底前完成）`: a deadline printed inside the group
    inherited: dict[str, list[str]] = field(default_factory=dict)  # `以下均需X落实`: X in every later task
    inheritance_note: str | None = None
    ungoverned: list[str] = field(default_factory=list)  # `A牵头，B、C等部门，D配合`: B、C wait for 配合

    def add(self, role: str, names: str) -> None:
        """The units a clause names in `role`, and its trailing 等… when the list is open-ended.

        `A会同B、C` (A together with B and C) makes A lead and the others support, whatever the label."""
        names = names.removeprefix("由")  # `由区规划局负责`: 由 opens the sentence, not the name
        tiers = TIER.split(names)
        if len(tiers) > 1 and any("会同" in tier for tier in tiers):
            for tier in tiers:
                self.add(role, tier)
            return
        leader, together, others = names.partition("会同")
        if together and looks_like_units(leader) and role in ("responsible", "lead"):
            self.add("lead", leader)
            self.add("support", others)
            self.conventions.append("会同")
            return
        units, suffix = split_names(names)
        bare = {unit: self.without_note(unit) for unit in dict.fromkeys(units)}  # each note read once
        named_tiers = [[bare.get(unit, unit) for unit in split_names(tier)[0]] for tier in clauses_of(names)]
        self.expansions.update(shared_prefix(named_tiers))
        self.roles.setdefault(role, []).extend(bare[unit] for unit in units if bare[unit])
        if suffix:
            self.open_ended[role] = suffix

    def without_note(self, unit: str) -> str:
        """`市卫生健康委(列第一位为牵头单位,下同)`: a note in brackets after a name is not part of it; a
        legend in it is read as one, anything else kept as a remark. An alias (`省编办（省审改办）`) stays."""
        found = TRAILING_NOTE.search(unit)
        if found is None or not is_note(found[1]):
            return unit
        for clause in clauses_of(found[1]):
            if not (legend_clause(self, clause) or following_clause(self, clause)):
                self.remarks.append(clause)
        return unit[: found.start()].strip()

    @property
    def has_units(self) -> bool:
        return any(self.roles.values())


def split_names(names: str) -> tuple[list[str], str | None]:
    """Unit names of a list (A、B、C等), keeping catch-all phrases whole; the open-ended suffix apart."""
    present = [(f"\0{n}\0", found[0]) for n, found in enumerate(COLLECTIVE_WITH_COMMA.finditer(names))]
    protected = names
    for mark, phrase in present:
        protected = protected.replace(phrase, mark)
    for n, phrase in enumerate(dict.fromkeys(INNER_BRACKET.findall(protected)), start=len(present)):
        if NAME_SEPARATOR.search(phrase):  # 各县（市、区）政府: a separator inside brackets splits nothing
            present.append((f"\0{n}\0", phrase))
            protected = protected.replace(phrase, f"\0{n}\0")
    suffix = None
    units: list[str] = []
    for piece in NAME_SEPARATOR.split(protected):
        piece = piece.strip()
        for mark, phrase in present:
            piece = piece.replace(mark, phrase)
        if "等" in piece and (found := OPEN_ENDED.search(piece)) and found.start() > 0:
            piece, suffix = piece[: found.start()], found[0]
        if piece:
            units.append(piece)
    return units, suffix


ALIAS = re.compile(r"[（(][^（）()]{2,12}[）)]$")  # 省编办（省审改办）: a name with its alias in brackets
INNER_BRACKET = re.compile(r"[（(][^（）()]*[）)]")
TRAILING_NOTE = re.compile(r"[（(]([^（）()]+)[）)]$")


def is_note(inside: str) -> bool:
    """Words in brackets after a name that are a note on the list, not an alias: a sentence, or a legend."""
    return len(inside) > 12 or bool(CLAUSE_SEPARATOR.search(inside)) or LEGEND.search(inside) is not None


LEVEL_PREFIXES = ("自治区", "省", "市", "区", "县")
LEVEL_INSIDE = re.compile(r"[省区县]|市(?!场)")
TIER = re.compile(r"[，,；;]")
PLACES_AND_FIRMS = ("有关", "相关", "公司", "集团", "片区", "乡镇", "街道", "园区", "开发区")
# A name opening with its province says its place (河南银保监局, 浙江海事局): no 省 is lent to it.
PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
    "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
    "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
)  # fmt: skip
OFFICE_ENDINGS = re.compile(r"(厅|局|委|办|院|会|署|室|部|处|站|中心|委员会)$")


def shared_prefix(tiers: list[list[str]]) -> dict[str, str]:
    """`省工信厅、财政厅、生态环境厅`: in one tier of a list (the names between two ，), a name that lacks a
    level prefix (自治区/省/市/区/县) and ends like an office takes the prefix of the nearest office before
    it that carries one (财政厅 → 省财政厅). Only an office lends it: a collective (省直有关部门) does not,
    and collectives, places and companies never take one."""
    expanded: dict[str, str] = {}
    for units in tiers:
        lender = None
        for name in units:
            if has_level_prefix(name):
                lender = None if is_collective(name) else level_prefix(name)
            elif (
                lender
                and OFFICE_ENDINGS.search(name)
                and not is_collective(name)
                and not is_place(name)
                and not names_a_level(name)
            ):
                expanded[name] = lender + name
    return expanded


def is_place(name: str) -> bool:
    return name.startswith(PROVINCES) or any(word in name for word in PLACES_AND_FIRMS)


def names_a_level(name: str) -> bool:
    """团市委, 县委办: a name that already says its level anywhere takes no prefix (市场 is no level)."""
    return LEVEL_INSIDE.search(name) is not None


# 市场监管局 and 市政局 (municipal works) open with 市 that is no level: 市政府, 市政务服务中心 do not
NOT_A_LEVEL = re.compile(r"^市(?:场|政(?:局|公用|园林|工程|设施|管理|市容))")


def level_prefix(name: str) -> str:
    return next(prefix for prefix in LEVEL_PREFIXES if name.startswith(prefix))


def has_level_prefix(name: str) -> bool:
    return name.startswith(LEVEL_PREFIXES) and not NOT_A_LEVEL.match(name)


def is_collective(name: str) -> bool:
    return name.startswith(("各", "全")) or any(
        word in name for word in ("有关", "相关", "直属", "省直", "区直")
    )


def looks_like_units(names: str) -> bool:
    """True when every name of a list ends like a unit (部, 局, 政府, …) rather than ordinary words."""
    if ":" in names or "：" in names:
        return False  # `数据提供单位:市统计局`: a label and its value, no name
    units, _ = split_names(names)
    return bool(units) and all(
        UNIT_ENDINGS.search(ALIAS.sub("", unit)) or (unit.startswith("各") and not ROLE_AT_END.search(unit))
        for unit in units
    )


def labelled_clause(group: UnitGroup, clause: str) -> bool:
    """`牵头单位：A、B` (also 配合/责任/参与/协办/指导, 单位 or 部门, ： or :)."""
    match = LABELLED_CLAUSE.match(clause)
    if not match:
        return False
    read_labelled(group, label_role(match[1]), match[2])
    group.conventions.append("labelled")
    return True


def read_labelled(group: UnitGroup, role: str, value: str) -> None:
    """`责任单位：A牵头，B、C配合`: a label's value (or a unit column's cell) read clause by clause as a
    group is, a clause in a role's own words or a legend read so; a bare list takes the label's role."""
    group.label_role = role
    for clause in clauses_of(value):
        if OTHER_LABEL.match(clause) and not DEADLINE_WORDS.match(clause):  # `数据提供单位:市统计局`
            group.remarks.append(clause)
        elif clause.startswith(NOTE_OPENINGS) and inheritance_clause(group, clause):
            continue
        # the usual clause is a list of names, added at once: the other readings cost a deadline grammar
        elif looks_like_units(clause) or not read_as_group_clause(group, clause):
            if looks_like_units(clause) or len(clause) <= CUT_NAME or len(split_names(clause)[0]) > 1:
                group.add(
                    role, clause
                )  # a list, or a name cut short (`区商`): units, the report names odd ones
            else:
                group.remarks.append(clause)  # `不再做分工`: words, not a name


def read_as_group_clause(group: UnitGroup, clause: str) -> bool:
    """A label's clause that is no list of names: a role in words, a legend, a deadline, a sentence."""
    return any(convention(group, clause) for convention in LABELLED_VALUE_CONVENTIONS) or prose_clause(
        group, clause
    )


PROSE_ROLES = {"牵头": "lead", "负责": "responsible", "实施": "responsible", "落实": "responsible",
               "配合": "support", "协助": "support", "参与": "support", "指导": "guide"}  # fmt: skip
PROSE_ROLE = re.compile("|".join(PROSE_ROLES))


def prose_clause(group: UnitGroup, clause: str) -> bool:
    """`责任分工：由区规划局负责开展规划编制工作，所在乡镇人民政府组织实施，区交通与建设局业务检查指导`:
    a clause of a label's value that is a sentence, not a list: the unit it opens with (after 由) and the
    first role word after it. The words between are the duty, kept in the task's text."""
    clause = INNER_BRACKET.sub("", clause)  # a note in brackets says no role
    found = PROSE_ROLE.search(clause)
    if found is None:
        return False
    opening = clause[: found.start()]
    ends = [end.end() for end in UNIT_ENDINGS_INSIDE.finditer(opening)]
    if not ends or not looks_like_units(opening[: ends[-1]]):
        return False
    group.add(PROSE_ROLES[found[0]], opening[: ends[-1]])
    group.conventions.append("roles in a sentence")
    return True


def legend_clause(group: UnitGroup, clause: str) -> bool:
    """`排在第一位的部门为牵头部门，下同` / `列第一位者为牵头单位`: the first unit of a 负责 list leads."""
    if not (found := LEGEND.search(INNER_BRACKET.sub("", clause))):  # a note's legend: see `without_note`
        return False
    group.legend = found[0]
    group.conventions.append("legend")
    return True


def following_clause(group: UnitGroup, clause: str) -> bool:
    """`下同`: the legend just read holds for every later group too."""
    if clause != FOLLOWING:
        return False
    group.legend_follows = True
    return True


# `A、B分别牵头`, `A按职责组织配合`, `各区政府组织落实`: words before the role word say how, not who.
WORDING = re.compile(
    r"^(.+?)(?:分别|共同|联合|按职责(?:分工)?|组织)*?"
    r"(牵头负责|牵头督导|牵头|主办|参与|协办|负责配合落实|负责配合|配合落实|配合|协助|指导|会同有关部门负责|负责落实"
    r"|按职责分工负责|负责|落实)$"
)
WORDING_ROLES = {
    "牵头负责": "lead",
    "牵头督导": "lead",
    "牵头": "lead",
    "主办": "lead",
    "协办": "support",
    "参与": "support",
    "负责配合落实": "support",
    "负责配合": "support",
    "配合落实": "support",
    "配合": "support",
    "协助": "support",
    "指导": "guide",
    "会同有关部门负责": "lead",
    "负责落实": "responsible",
    "按职责分工负责": "responsible",
    "负责": "responsible",
    "落实": "responsible",
}


def worded_clause(group: UnitGroup, clause: str) -> bool:
    """`A牵头`, `A、B牵头负责`, `B、C参与`, `A指导`, `A会同有关部门负责`, `A、B负责`,
    `各省级人民政府按职责分工负责`."""
    match = WORDING.match(clause)
    if not match or not looks_like_units(match[1]):
        return False
    for tier in group.ungoverned:
        group.add(WORDING_ROLES[match[2]], tier)
    group.ungoverned.clear()
    group.add(WORDING_ROLES[match[2]], match[1])
    if match[2] == "会同有关部门负责":
        group.add("support", "有关部门")
    group.conventions.append(f"wording:{match[2]}")
    return True


FUNCTION_WORDS = (
    "简称",
    "以下简称",
    "下称",
    "原",
    "含",
    "包括",
    "如",
    "即",
    "指",
    "其中",
    "主要",
    "以",
    "按",
    "由",
    "在",
    "对",
    "为",
    "与",
    "及",
    "或",
)


COUNTED = re.compile(r"[0-9０-９]+\s*[个所家座处名人项]")  # 民办幼儿园1所: a count, not a name


def bare_names(clause: str) -> bool:
    """A list with no label or role word names units only when its names read as names: none of two
    characters but collectives (试行 is not a unit), none opening with a function word (含…站), none
    counted (`高中各1所`)."""
    units, _ = split_names(clause)
    return (
        all(len(unit) >= 3 or unit.startswith("各") for unit in units)
        and not clause.startswith(FUNCTION_WORDS)
        and not COUNTED.search(clause)
    )


def unlabelled_list(group: UnitGroup, clause: str) -> bool:
    """`A、B、市场监管总局，各省级人民政府按职责分工负责`: a bare list, responsible; after a role in words,
    a tier the next role word governs (`A牵头，B、C等部门，D、E配合`: B and C support)."""
    if not looks_like_units(clause) or not bare_names(clause):
        return False
    if group.label_role is not None:  # `责任单位：A、B，C、D`: the tier after ， keeps the label's role
        group.add(group.label_role, clause)
        return True
    if any(convention.startswith("wording:") for convention in group.conventions):
        group.ungoverned.append(clause)
    else:
        group.add("responsible", clause)
    group.conventions.append("list")
    return True


INHERITANCE = re.compile(
    r"^(?:以下|下列|后续)[\u4e00-\u9fff]{0,6}?均(?:[需须由](.+?)(负责配合落实|配合落实|落实|负责|参与|配合|牵头)"
    r"|涉及(.+?)(负责|落实|参与|配合)?)$"
)  # `以下各项任务均涉及四市人民政府，不再列出`: involved, no role word, is responsible
# `具体任务均涉及相关市(州)人民政府，不再做分工，下同`: this task's and every later one's
EACH_TASK = re.compile(r"^具体(?:任务|工作|事项)?均(?:涉及|需|须|由)(.+?)(负责|落实|参与|配合)?$")
NOT_REPEATED = re.compile(r"^不再(?:单独|一一|重复|逐项)?(?:列出|列举|列明|做分工|分工)$")


def inheritance_clause(group: UnitGroup, clause: str) -> bool:
    """`以下均需试点城市政府落实，不再列出`: units every later task has too, printed once (下同 for units);
    `具体任务均涉及X，不再做分工，下同`: X in this task and every later one."""
    if NOT_REPEATED.match(clause) or (clause == FOLLOWING and group.inheritance_note is not None):
        return group.inheritance_note is not None
    match = INHERITANCE.match(clause) or EACH_TASK.match(clause)
    if not match:
        return False
    names, word = (match[1], match[2]) if match[1] is not None else (match[3], match[4])
    if not looks_like_units(names):
        return False
    word = word or "负责"
    role = {"参与": "support", "牵头": "lead"}.get(word, "support" if "配合" in word else "responsible")
    group.inherited.setdefault(role, []).extend(split_names(names)[0])
    if match.re is EACH_TASK:
        group.add(role, names)
    group.inheritance_note = clause
    group.conventions.append("inherited by every later group")
    return True


DEADLINE_NAMES = "完成时限|时间要求|时间节点|完成时间|时限要求|完成期限"  # what a deadline's label says
DEADLINE_WORDS = re.compile(rf"^(?:{DEADLINE_NAMES})\s*[:：]\s*")


def deadline_clause(group: UnitGroup, clause: str) -> bool:
    """`2019年底前完成`, `长期坚持`, `每季度末前`: a clause every part of which reads as a deadline."""
    from taskmap.tracking.deadlines import read_deadline

    clause = DEADLINE_WORDS.sub("", clause)
    if not group.has_units or len(clause) > 40:
        return False
    if any(deadline.kind == "unread" for deadline in read_deadline(clause)):
        return False
    group.deadline = f"{group.deadline}，{clause}" if group.deadline else clause
    group.conventions.append("deadline in the group")
    return True


# `责任领导：杜新国`, `牵头负责领导：金力`, `分管省领导：林克庆`, `联系人：…`
PERSON_LABEL = re.compile(
    r"((?:牵头负责|责任|分管|牵头|包保|联系|挂钩|负责|主要)?(?:省|市|县|区|镇|乡|州)?级?(?:领导|责任人|负责人|联系人))\s*[:：]"
)


def person_clause(group: UnitGroup, clause: str) -> bool:
    """`责任领导：杜新国`, `联系人：…`: persons, as a table's 牵头领导 column holds them; kept as a remark."""
    if not PERSON_LABEL.match(clause):
        return False
    group.persons.append(clause)
    group.conventions.append("persons named")
    return True


LABELLED_VALUE_CONVENTIONS = (legend_clause, following_clause, worded_clause, deadline_clause)
CLAUSE_CONVENTIONS = (
    person_clause,
    labelled_clause,
    legend_clause,
    following_clause,
    inheritance_clause,
    worded_clause,
    deadline_clause,
    unlabelled_list,
)


def clauses_of(content: str) -> list[str]:
    """The clauses of a group, split at ，；。 (and at a 、 after a role word: `A牵头负责、B组织落实`) but
    never inside a catch-all phrase or a nested bracket."""
    content = AFTER_ROLE_WORD.sub("，", content)
    if "（" not in content and "(" not in content:
        return [clause for piece in CLAUSE_SEPARATOR.split(content) if (clause := piece.strip())]
    clauses, depth, current = [], 0, ""
    for character in content:
        depth += character in "（("
        depth -= character in "）)"
        if depth == 0 and CLAUSE_SEPARATOR.match(character):
            clauses.append(current.strip())
            current = ""
        else:
            current += character
    clauses.append(current.strip())
    return [clause for clause in clauses if clause]


def read_group(content: str) -> UnitGroup | None:
    """The units of one parenthesis, or None when it names none (a plain parenthesis such as （区、市）).

    Who leads a jointly responsible list depends on the legends read before it: `apply_lead_rule` decides.
    """
    group = UnitGroup()
    unexplained = []
    for clause in clauses_of(content):
        if not any(convention(group, clause) for convention in CLAUSE_CONVENTIONS):
            unexplained.append(clause)
    for tier in group.ungoverned:  # no role word came after it
        group.add("responsible", tier)
    group.ungoverned.clear()
    group.remarks.extend(verbatim_runs(content, unexplained))
    return group if group.has_units else None


def verbatim_runs(content: str, clauses: list[str]) -> list[str]:
    """Clauses no convention explains, as printed: side by side ones are one remark with the punctuation
    between them (`落实,不再列出`), never one the import chose."""
    remarks: list[str] = []
    cursor, last_end = 0, -1
    for clause in clauses:
        start = content.find(clause, cursor)
        end = start + len(clause)
        if start >= 0 and last_end >= 0 and not content[last_end:start].strip(SEPARATORS):
            remarks[-1] += content[last_end:end]
        else:
            remarks.append(clause)
        cursor, last_end = (end, end) if start >= 0 else (cursor, -1)
    return remarks


def apply_lead_rule(group: UnitGroup, legend: bool) -> None:
    """Units a group lists as jointly 负责: with a legend the first leads, the rest support; else unknown.

    A labelled 责任单位 list under a legend (`排位靠前的责任单位为牵头单位`) has its first unit lead and the
    others stay responsible, as the legend says."""
    responsible = group.roles.get("responsible", [])
    unlabelled = any(c in ("list", "wording:负责", "wording:按职责分工负责") for c in group.conventions)
    if "lead" in group.roles or not responsible:
        return
    if not unlabelled:
        if legend and len(responsible) > 1:
            group.roles = {"lead": responsible[:1], **group.roles, "responsible": responsible[1:]}
            group.conventions.append("legend applied")
        return
    if legend:
        group.roles["lead"] = responsible[:1]
        rest = responsible[1:]
        del group.roles["responsible"]
        if rest:
            group.roles["support"] = rest
        if "responsible" in group.open_ended:
            group.open_ended["support" if rest else "lead"] = group.open_ended.pop("responsible")
        group.conventions.append("legend applied")
    elif len(responsible) > 1:
        group.lead_unknown = True
