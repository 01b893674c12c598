"""Layouts met in published notices of issuers the corpus does not hold, each rule shown on the words that
taught it. The quotes are single printed lines of public notices, named beside each test; where a test
needs a whole page it builds the smallest one showing the layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskmap.identity import notice_jurisdiction
from taskmap.importer import NoTasks, import_notice
from taskmap.importer.carriers import actor_heading, groups_in, label_line
from taskmap.importer.conventions import looks_like_units, shared_prefix
from taskmap.importer.parser import parse_source
from taskmap.importer.readers import read_source
from taskmap.importer.structure import ParsedNotice, ParsedTask
from taskmap.importer.tables import column_kind
from taskmap.store.library_loading import load_library
from taskmap.tracking.deadlines import read_deadline

# 丽水市政府工作报告重点工作责任分解(2023年), www.lishui.gov.cn
LISHUI_LEGEND = (
    "责任单位:市发改委、市经信局、市科技局、市卫生健康委(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)"
)
LISHUI_EACH_LEADS = "责任单位:市人力社保局、市农业农村局分别牵头"
LISHUI_COUNTIES = "责任单位:市双招双引办、市发改委、市经信局,各县(市、区)政府、丽水开发区管委会"


def labelled(line: str) -> dict[str, list[str]]:
    found = label_line(line)
    assert found is not None and found.group is not None, line
    return found.group.roles


def parsed(*lines: str) -> ParsedNotice:
    text = "\n".join(lines) + "\n"
    return parse_source(read_source(text.encode(), "page.txt"))


def spots(notice: ParsedNotice) -> list[tuple[str, dict[str, str]]]:
    """The doubtful spots but the one every page without a title gets."""
    return [
        (doubt.template, doubt.values) for doubt in notice.doubts if not doubt.template.startswith("no title")
    ]


def tasks_of(notice: ParsedNotice) -> list[tuple[str, ParsedTask]]:
    return [
        (f"{annex.number}.{section.number}.{task.number}", task)
        for annex in notice.annexes
        for section in annex.sections
        for task in section.tasks
    ]


def test_a_role_word_after_a_labelled_list_gives_the_list_that_role() -> None:
    assert labelled(LISHUI_EACH_LEADS) == {"lead": ["市人力社保局", "市农业农村局"]}
    # the label line of a 责任单位 list whose tiers say their own roles (derived from the line above)
    assert labelled("责任单位：市发改委牵头，市财政局、市商务局配合") == {
        "lead": ["市发改委"],
        "support": ["市财政局", "市商务局"],
    }
    # 苏平片区自建房安全专项整治实施方案 (平潭, 2023): 负责配合 is support
    assert labelled("责任单位：派驻片区综合执法队筹建组负责配合。") == {
        "support": ["派驻片区综合执法队筹建组"]
    }


def test_a_separator_inside_brackets_splits_no_unit() -> None:
    assert labelled(LISHUI_COUNTIES) == {
        "responsible": ["市双招双引办", "市发改委", "市经信局", "各县(市、区)政府", "丽水开发区管委会"]
    }
    (_, group), *_ = groups_in("做好统计工作。（市统计局牵头，各县（市、区）人民政府配合）")
    assert group.roles == {"lead": ["市统计局"], "support": ["各县（市、区）人民政府"]}


def test_a_note_in_brackets_after_a_unit_is_no_part_of_its_name_and_its_legend_is_read() -> None:
    found = label_line(LISHUI_LEGEND)
    assert found is not None and found.group is not None
    assert found.group.roles == {"responsible": ["市发改委", "市经信局", "市科技局", "市卫生健康委"]}
    assert found.group.legend == "列第一位为牵头或汇总单位" and found.group.legend_follows
    assert found.group.remarks == ["除标注“分别牵头”外"]
    assert labelled("责任单位：省编办（省审改办）、省财政厅")["responsible"][0] == "省编办（省审改办）"


def test_the_legend_of_a_note_makes_the_first_unit_lead_there_and_after() -> None:
    notice = parsed(
        "一、主要预期目标",
        "1.研发投入强度达到2.3%。",
        "责任单位:市科技局",
        "2.固定资产投资增长10%。",
        LISHUI_LEGEND,
        "3.城乡居民收入增速保持全省领先。",
        LISHUI_EACH_LEADS,
        "4.一般公共预算收入与经济增长基本同步。",
        "责任单位:市财政局、市税务局",
    )
    roles = {task_id: task.roles for task_id, task in tasks_of(notice)}
    assert roles["1.1.1"] == {"responsible": ["市科技局"]}
    assert roles["1.1.2"] == {"lead": ["市发改委"], "responsible": ["市经信局", "市科技局", "市卫生健康委"]}
    assert roles["1.1.3"] == {"lead": ["市人力社保局", "市农业农村局"]}
    assert roles["1.1.4"] == {"lead": ["市财政局"], "responsible": ["市税务局"]}


def test_a_name_that_says_its_level_takes_no_prefix_from_the_name_before_it() -> None:
    found = label_line("责任单位：市委宣传部、团市委、市妇联、财政局")
    assert found is not None and found.group is not None
    assert found.group.expansions == {"财政局": "市财政局"}  # 团市委 is printed as it is named


def test_the_divisions_of_one_office_are_its_units_under_a_label() -> None:
    # 苏平片区农村人居环境整治提升五年行动实施方案 (平潭, 2023)
    assert labelled("责任处室:资源生态处、交通建设处、农业农村处") == {
        "responsible": ["资源生态处", "交通建设处", "农业农村处"]
    }
    assert column_kind("责任科室") == "responsible"


def test_a_bare_bracket_the_sentence_runs_on_after_is_an_aside_not_units() -> None:
    # 广州 关于推进人才集聚工程的实施意见; 平潭 2017年创建第五届全国文明城市工作方案
    assert groups_in("建立“接触广州”人才联络站（海外人才工作站），逐步形成覆盖全球的联络网络。") == []
    assert groups_in("下设办公室（简称局创城办），负责日常工作。") == []
    (_, group), *_ = groups_in("加强农资市场监管（区经济发展局农业处）。")
    assert group.roles == {"responsible": ["区经济发展局农业处"]}


def test_a_heading_naming_work_binds_no_items_in_a_section_of_duties() -> None:
    assert actor_heading("重点任务责任分工") is None
    assert actor_heading("工作措施") is None
    assert actor_heading("打造城市完整社区") is None  # 平潭 2015年宜居环境建设行动计划实施方案
    assert actor_heading("学校") == "学校"


def test_the_one_item_under_a_heading_is_the_task_a_label_line_closes() -> None:
    notice = parsed(
        "一、主要预期目标",
        "9.城镇新增就业、节能减排降碳完成省定任务。",
        "责任单位:市人力社保局、市发改委分别牵头",
        "二、重点抓好六方面工作",
        "(一)全力以赴拼经济稳增长促发展。",
        "10.实施招商引资“百千”行动,每年招引亿元以上制造业项目100个。",
        LISHUI_COUNTIES,
        "11.推进工业项目建设。",
        "责任单位:市经信局",
    )
    found = dict(tasks_of(notice))
    assert sorted(found) == ["1.1.9", "1.2.10", "1.2.11"]
    assert found["1.2.10"].text.startswith("实施招商引资")
    assert "全力以赴" not in found["1.2.10"].text


def test_a_table_of_key_work_is_read_by_its_header() -> None:
    # 霍山 2025年开发区重点工作及责任清单: 序号 | 重点工作 | 责任领导 | 责任单位 | 完成时限
    assert [column_kind(h) for h in ("序号", "重点工作", "责任领导", "责任单位", "完成时限")] == [
        "number",
        "text",
        "person",
        "responsible",
        "deadline",
    ]
    assert column_kind("负责事项") is None  # a column restating roles in prose is a remark, not the task


def test_the_whole_year_is_due_at_its_end() -> None:
    (deadline,) = read_deadline("全年", 2025)
    assert (deadline.kind, str(deadline.end)) == ("by_date", "2025-12-31")
    assert [str(d.end) for d in read_deadline("全年落实情况于2017年12月8日前书面报省政府办公厅", 2017)] == [
        "2017-12-08"
    ]


PAGE = """<html><head><title>部门文件_ 某区人民政府网站</title>
<meta name="ArticleTitle" content="某区管理局关于印发《安全生产专项整治实施方案》的通知"/></head><body>
<div><p>首页</p><p>政务公开</p><p>当前位置：首页 部门文件</p></div>
<h1>某区管理局关于印发《安全生产专项整治实施方案》的通知</h1><p>时间：2023-03-30 11:39</p>
<p>各处室：</p><p>现将方案印发给你们，请认真贯彻执行。</p>
<p>一、主要任务</p><p>1.开展隐患排查。</p><p>责任单位：应急管理处、经济发展处</p>
<p>某区管理局</p><p>2023年3月29日</p>
<div><p>网站标识码：3590000001 闽ICP备09032658号</p><p>主办单位：某区人民政府办公室</p></div>
</body></html>"""


def test_a_web_page_is_read_from_its_declared_title_to_the_sites_footer() -> None:
    source = read_source(PAGE.encode(), "page.html")
    notice = parse_source(source)
    assert notice.fields["title"] == "某区管理局关于印发《安全生产专项整治实施方案》的通知"
    assert notice.fields["addressees"] == "各处室"
    assert notice.fields["issued"] == "2023-03-29"
    ((task_id, task),) = tasks_of(notice)
    assert (task_id, task.roles) == ("1.1.1", {"responsible": ["应急管理处", "经济发展处"]})
    assert "首页" not in str(notice.fields.get("body"))
    assert "主办单位" in source.text  # the page text kept beside the data still holds every line


def test_a_pages_title_names_the_notice_only_when_it_reads_as_one() -> None:
    page = "<html><head><title>{}</title></head><body><p>1.开展排查。（区应急局负责）</p></body></html>"
    named = parse_source(read_source(page.format("2025年开发区重点工作及责任清单").encode(), "a.html"))
    assert named.fields["title"] == "2025年开发区重点工作及责任清单"
    section = parse_source(read_source(page.format("部门文件_某区人民政府网站").encode(), "a.html"))
    assert "title" not in section.fields


def test_a_red_header_and_a_number_on_its_own_line_open_the_notice() -> None:
    # 鞍山市立山区 鞍立政发〔2023〕2号: the 版头, then the 文号 alone, then the title
    notice = parsed(
        "鞍山市立山区人民政府文件",
        "鞍立政发〔2023〕2号",
        "立山区人民政府关于印发《立山区政府2023年重点工作任务分解和责任分工方案》的通知",
        "立山经济开发区,各街道办事处,各区直部门,各有关单位:",
        "经区政府同意,现将方案印发给你们,请认真贯彻落实。",
        "立山区人民政府",
        "2023年3月28日",
        "1.开展排查。",
        "牵头单位:区应急局",
    )
    assert notice.fields["title"].startswith("立山区人民政府关于印发")
    assert notice.fields["document_number"] == "鞍立政发〔2023〕2号"
    assert notice.fields["issuer"] == "立山区人民政府"


def test_a_sentence_above_the_date_is_no_issuer() -> None:
    # 平潭 岚医保文〔2019〕14号: four issuers signed in a borderless table, the body's last sentence above
    notice = parsed(
        "关于印发《医疗保障扶贫三年行动实施方案》的通知",
        "各有关单位：",
        "现将方案印发给你们，请认真贯彻执行。",
        "2019年3月27日",
        "1.落实参保资助政策。（责任单位：区医保局、财金局）",
    )
    assert notice.fields["issued"] == "2019-03-27"
    assert "issuer" not in notice.fields


def sections_and_ids(notice: ParsedNotice) -> list[tuple[str, list[str]]]:
    (annex,) = notice.annexes
    return [
        (section.title, [f"{annex.number}.{section.number}.{task.number}" for task in section.tasks])
        for section in annex.sections
    ]


def test_items_restarting_under_headings_of_two_levels_belong_to_the_heading_nearest_above() -> None:
    # 平潭 2017年创建第五届全国文明城市工作方案: items 1.–3. restart under each （一） of 三、, and 四、
    # numbers items of its own
    notice = parsed(
        "三、主要任务",
        "（一）建设廉洁高效的政务环境",
        "1.干部学习教育。（责任单位：机关党委）",
        "2.党风廉政建设。（责任单位：纪检组）",
        "（二）建设民主公正的法治环境",
        "1.法治建设。（责任单位：政策法规处）",
        "四、2017年重点工作",
        "1.着力加强公民道德建设。（责任单位：办公室、机关党委）",
        "2.查处无证无照经营。（责任单位：信用信息监督管理处）",
    )
    assert sections_and_ids(notice) == [
        ("建设廉洁高效的政务环境", ["1.1.1", "1.1.2"]),
        ("建设民主公正的法治环境", ["1.2.1"]),
        ("2017年重点工作", ["1.3.1", "1.3.2"]),
    ]
    assert spots(notice) == []


def test_items_of_a_higher_level_carrying_units_are_tasks_of_the_heading_above_them() -> None:
    # 苏平片区农村人居环境整治提升五年行动实施方案: 1.–3. under each （一） of 二、, and 三、保障措施's own
    # （八）–（九） carry units too
    notice = parsed(
        "二、重点任务",
        "（一）农村改厕质量提升",
        "1.改造农村户用厕所。",
        "责任处室:农业农村处、社会事业处",
        "2.提升公厕档次。",
        "责任处室:交通建设处",
        "（二）农村生活污水治理提升",
        "1.治理乡镇生活污水。",
        "责任处室:交通建设处、资源生态处",
        "三、保障措施",
        "（八）加强组织领导",
        "落实五级书记抓乡村振兴的要求。",
        "责任处室:农业农村处",
        "（九）完善配套政策",
        "落实设施建设用地保障政策。",
        "责任处室:经济发展处",
    )
    assert sections_and_ids(notice) == [
        ("农村改厕质量提升", ["1.1.1", "1.1.2"]),
        ("农村生活污水治理提升", ["1.2.1"]),
        ("保障措施", ["1.3.8", "1.3.9"]),
    ]
    assert spots(notice) == []


def test_a_table_documents_merged_first_row_is_its_title() -> None:
    page = (
        "<html><body><table><tr><td colspan=3>{}</td></tr>"
        "<tr><td>序号</td><td>重点工作</td><td>责任单位</td></tr>"
        "<tr><td>1</td><td>开展隐患排查</td><td>区应急局</td></tr></table></body></html>"
    )
    titled = parse_source(read_source(page.format("2025年开发区重点工作及责任清单").encode(), "a.html"))
    assert titled.fields["title"] == "2025年开发区重点工作及责任清单"
    assert titled.doubts == []
    untitled = parse_source(read_source(page.format("附表").encode(), "a.html"))
    assert "title" not in untitled.fields
    assert [doubt.template for doubt in untitled.doubts] == [
        "no title found: the notice is called {title} until notice.yaml gives its own"
    ]


def test_a_list_of_administrative_levels_after_each_is_one_collective() -> None:
    # 广州 关于推进人才集聚工程的实施意见: `配合单位：市科协，各有关区、县级市`
    assert labelled("配合单位：市科协，各有关区、县级市") == {"support": ["市科协", "各有关区、县级市"]}
    assert labelled("责任单位：各县、市、区政府、市财政局") == {
        "responsible": ["各县、市、区政府", "市财政局"]
    }
    assert labelled("责任单位：各区、市直各部门") == {"responsible": ["各区", "市直各部门"]}


def test_a_contact_line_after_the_date_is_no_release_note() -> None:
    # 平潭 2017年专利事业发展战略推进工作任务分解表: （联系人：…，电话：…） under the date
    lines = ("关于印发工作任务分解表的通知", "各处室：", "现将任务分解表印发给你们。", "某区市场监督管理局")
    contact = parsed(
        *lines, "2017年4月7日", "（联系人：陈某，电话：0591-0000000）", "1.开展培训。（责任单位：知识产权处）"
    )
    assert "release" not in contact.fields
    public = parsed(*lines, "2017年4月7日", "（此件公开发布）", "1.开展培训。（责任单位：知识产权处）")
    assert public.fields["release"] == "此件公开发布"


def test_a_heading_printed_with_the_number_before_it_is_reported() -> None:
    # 苏平片区四大专项攻坚行动的总体方案: 五、方法步骤 … 五、工作要求
    notice = parsed(
        "四、主要任务",
        "1.开展矛盾纠纷排查。（责任单位：政法综治处）",
        "五、方法步骤",
        "按阶段推进。",
        "五、工作要求",
        "加强领导。",
    )
    assert spots(notice) == [("heading {item} repeats the number of the heading before it", {"item": "五、"})]


def test_a_time_set_in_a_tasks_text_with_no_deadline_printed_apart_is_reported() -> None:
    # 广州 关于推进人才集聚工程的实施意见, item 43
    notice = parsed(
        "43.建立人才工作目标责任制。于2012年10月底前制定考核办法；各区（县级市）要于2012年底前落实。"
        "（牵头单位：市委组织部）",
        "44.加强人才工作宣传。（牵头单位：市委宣传部）",
    )
    times = [(doubt.line, doubt.values) for doubt in notice.doubts if "words" in doubt.values]
    assert times == [(1, {"words": "2012年10月底前，2012年底前"})]


def test_a_notice_without_addressees_is_titled_by_the_line_above_its_items_that_reads_as_a_title() -> None:
    # 丽水 (2023): the page's breadcrumb, then the title with its year in brackets, then the items
    notice = parsed(
        "当前位置:首页",
        ">> 专题专栏 >> 归档专题 >> 2023市政府重点工作(已归档)",
        "市政府工作报告重点工作责任分解(2023年)",
        "时间:2023-07-11 17:01 浏览次数: 信息来源: 丽水市政府",
        "一、全市经济社会发展主要预期目标",
        "1.生产总值增长6%以上,高质量前提下能快则快。",
        "责任单位:市发改委",
    )
    assert notice.fields["title"] == "市政府工作报告重点工作责任分解(2023年)"
    untitled = parsed("三、主要任务", "1.开展矛盾纠纷排查。（责任单位：政法综治处）")
    assert "title" not in untitled.fields  # a numbered heading is no title


def test_persons_named_in_a_group_are_a_remark_and_no_doubt() -> None:
    # 咸宁咸安区 2023年区《政府工作报告》确定的重点工作任务责任分解方案
    notice = parsed("1.地区生产总值增长8%以上。(责任领导:杜新国;牵头单位:区发改局)")
    ((_, task),) = tasks_of(notice)
    assert (task.roles, task.remarks) == ({"lead": ["区发改局"]}, ["责任领导:杜新国"])
    assert spots(notice) == []


def group_roles(paragraph: str) -> list[dict[str, list[str]]]:
    return [group.roles for _, group in groups_in(paragraph)]


def test_a_role_word_ends_a_clause_also_before_a_comma_of_enumeration() -> None:
    # 上海市城镇燃气安全专项整治实施方案 (沪安委会〔2023〕9号)
    assert group_roles("开展排查整治。（市交通委牵头负责、各区政府组织落实）") == [
        {"lead": ["市交通委"], "responsible": ["各区政府"]}
    ]
    assert group_roles("加强消防监管。（市消防救援总队牵头负责，市商务委、市公安局、各区政府组织落实）") == [
        {"lead": ["市消防救援总队"], "responsible": ["市商务委", "市公安局", "各区政府"]}
    ]
    assert group_roles("做好保障。（市应急局牵头负责，市民政局按职责组织配合）") == [
        {"lead": ["市应急局"], "support": ["市民政局"]}
    ]
    assert group_roles("整治违法停车。（市公安局交警总队、市应急局配合）") == [
        {"support": ["市公安局交警总队", "市应急局"]}
    ]


def test_an_annex_naming_no_unit_is_kept_with_no_task_and_the_import_goes_on() -> None:
    # 宝山 宝府办〔2019〕26号: 附件2 is a table of each 街镇's targets, no unit column
    notice = parsed(
        "附件1",
        "重点任务分工",
        "1.加强组织领导。（牵头部门：区绿化市容局）",
        "附件2",
        "各街镇目标任务分解表",
        "街镇、园区",
        "目标任务",
    )
    assert [(annex.number, len(annex.sections)) for annex in notice.annexes] == [(1, 1), (2, 1)]
    assert ("annex {number} names no unit in any item: kept with no task", {"number": "2"}) in spots(notice)


def test_support_in_several_words_and_a_customs_office_are_read() -> None:
    # 平潭 新污染物治理工作方案 (2023)
    (group,) = [
        g
        for _, g in groups_in(
            "开展调查监测。（区资源生态局牵头负责;各片区负责配合落实，以下均需各片区配合落实，不再列出）"
        )
    ]
    assert group.roles == {"lead": ["区资源生态局"], "support": ["各片区"]}
    assert group.inherited == {"support": ["各片区"]}
    assert group_roles("加强进出口监管。（区市场监管局，平潭海关等按职责分工负责）") == [
        {"responsible": ["区市场监管局", "平潭海关"]}
    ]


def test_a_count_in_brackets_is_no_unit() -> None:
    # corpus 18 prints `（公办幼儿园、小学、初中、高中各1所；民办幼儿园1所）` mid-sentence
    assert groups_in("2021年拟建试点校5所（公办幼儿园、小学、初中、高中各1所；民办幼儿园1所）。") == []


def test_a_division_of_work_written_as_sentences_gives_each_unit_its_role() -> None:
    # 平潭 2015年宜居环境建设行动计划实施方案 (岚综管办〔2015〕70号)
    assert labelled(
        "责任分工：由各片区开发管理局负责，区交通投资集团有限公司组织实施，区交通与建设局业务检查指导。"
    ) == {
        "responsible": ["各片区开发管理局", "区交通投资集团有限公司"],
        "guide": ["区交通与建设局"],
    }
    assert labelled(
        "责任分工：区规划局负责开展规划编制工作，所在乡镇人民政府组织实施,区直有关责任部门全力配合。"
    ) == {
        "responsible": ["区规划局", "所在乡镇人民政府"],
        "support": ["区直有关责任部门"],
    }


def test_fields_of_an_item_under_a_name_heading_are_not_that_names_duties() -> None:
    # the same notice: `1.雨水管网` over `实施项目：…`, `实施内容：…`, `责任分工：…`
    notice = parsed(
        "三、主要内容及职责分工",
        "（一）市政提升五千工程",
        "1.雨水管网",
        "实施项目：完成金井二路雨水管网建设。",
        "实施内容：重点围绕加强雨水管网建设，提高雨水收集率和利用率。",
        "责任分工：由各片区开发管理局负责，区交通投资集团有限公司组织实施，区交通与建设局业务检查指导。",
    )
    ((_, task),) = tasks_of(notice)
    assert task.roles == {
        "responsible": ["各片区开发管理局", "区交通投资集团有限公司"],
        "guide": ["区交通与建设局"],
    }
    assert "雨水管网" not in str(task.roles)


def test_a_column_of_merged_section_cells_opens_sections_and_the_numbered_column_gives_the_tasks() -> None:
    # 平潭 2022年全区政务公开工作主要任务分解表: 工作任务 | 工作要求 | 牵头单位 | 配合/责任单位
    page = (
        "<html><body><table><tr><td>工作任务</td><td>工作要求</td><td>牵头单位</td><td>配合/责任单位</td></tr>"
        "<tr><td rowspan=2>一、加强涉及市场主体的信息公开</td><td>1.增强政策制定实施的透明度。</td>"
        "<td></td><td>区直各有关单位</td></tr>"
        "<tr><td>2.建立市场主体反映问题的办理和反馈机制。</td><td>区经济发展局</td><td>区直各有关单位</td></tr>"
        "<tr><td>二、加强涉及减税降费的信息公开</td><td>3.系统集成、智能推送减税降费政策。</td>"
        "<td>区财政金融局</td><td>区直各有关单位</td></tr></table></body></html>"
    )
    notice = parse_source(read_source(page.encode(), "a.html"))
    assert sections_and_ids(notice) == [
        ("加强涉及市场主体的信息公开", ["1.1.1", "1.1.2"]),
        ("加强涉及减税降费的信息公开", ["1.2.3"]),
    ]
    tasks = dict(tasks_of(notice))
    assert tasks["1.1.2"].text == "建立市场主体反映问题的办理和反馈机制。"
    assert tasks["1.1.2"].roles == {"lead": ["区经济发展局"], "support": ["区直各有关单位"]}


def test_the_partys_organs_at_every_level_are_told_by_their_names() -> None:
    # 上海 宝山/嘉定 (区委组织部, 区委宣传部), 平潭 (党工委, 区纪工委)
    from taskmap.importer.writer import infer_kind

    assert {
        name: infer_kind(name) for name in ("区委组织部", "县委宣传部", "平潭综合实验区党工委", "区纪工委")
    } == (dict.fromkeys(("区委组织部", "县委宣传部", "平潭综合实验区党工委", "区纪工委"), "party_organ"))
    assert infer_kind("团区委") == "peoples_organization"
    assert infer_kind("市场监管局") == "government_department"


def test_a_district_notice_addresses_its_districts_units_not_its_citys(tmp_path: Path) -> None:
    # 上海 宝府办〔2019〕26号 and 嘉府办发〔2024〕23号: each district's 区委组织部 is its own
    assert notice_jurisdiction({"issuer": "上海市嘉定区人民政府办公室"}) == "上海市嘉定区"
    assert notice_jurisdiction({"issuer": "中共常州市委办公室"}) == "常州市"
    assert notice_jurisdiction({"issuer": "常州市市场监督管理局"}) == "常州市"
    for district in ("宝山区", "嘉定区"):
        page = tmp_path / f"{district}.txt"
        page.write_text(
            f"关于印发工作方案的通知\n各街镇：\n现将方案印发给你们。\n上海市{district}人民政府办公室\n2024年3月1日\n"
            "1.加强组织领导。（牵头部门：区委组织部）\n",
            encoding="utf-8",
        )
        (tmp_path / "library").mkdir(exist_ok=True)
        import_notice(page.read_bytes(), page.name, tmp_path / "library" / district)
    library = load_library([tmp_path / "library"])
    assert all("区委组织部" in library.units(f"上海市{district}") for district in ("宝山区", "嘉定区"))
    assert sorted(notice.jurisdiction for notice in library.notices) == ["上海市嘉定区", "上海市宝山区"]


def test_a_labels_role_is_its_first_word_that_says_lead_support_or_guide() -> None:
    # 安徽 2022年省政府工作报告重点工作分工, 滁州 2020: 牵头责任单位 / 协同责任单位 lines under each item
    assert labelled("牵头责任单位:省发展改革委。") == {"lead": ["省发展改革委"]}
    assert labelled("协同责任单位:市经信局、市商务局、市交通局等,各县、市、区政府。") == {
        "support": ["市经信局", "市商务局", "市交通局", "各县、市、区政府"]
    }
    # 灵璧县卫健委 2021: 主要协作单位
    assert labelled("主要协作单位:各乡镇人民政府、经济开发区管委会") == {
        "support": ["各乡镇人民政府", "经济开发区管委会"]
    }
    # 谯城区教育局 2025, 南陵 2024: table headers
    headers = ("主要责任单位", "协同配合单位", "牵头责任单位", "责任单位", "配合/责任单位", "指导单位")
    assert [column_kind(h) for h in headers] == [
        "lead",
        "support",
        "lead",
        "responsible",
        "support or responsible",
        "guide",
    ]


def test_a_leader_named_on_a_line_of_his_own_is_a_remark_never_the_tasks_text() -> None:
    # 滁州市2020年政府工作报告重点工作分工: the item, its leader, its lead and support lines
    notice = parsed(
        "一、确保完成全年主要预期目标",
        "1. 地区生产总值增长8%以上。",
        "牵头负责领导:金力。",
        "牵头责任单位:市发展改革委。",
        "协同责任单位:市经信局、市商务局等,各县、市、区政府。",
        "2. 财政收入增长8%左右。",
        "牵头负责领导:金力。",
        "牵头责任单位:市财政局。",
    )
    found = dict(tasks_of(notice))
    assert found["1.1.1"].text == "地区生产总值增长8%以上。"
    assert found["1.1.1"].roles == {
        "lead": ["市发展改革委"],
        "support": ["市经信局", "市商务局", "各县、市、区政府"],
    }
    assert found["1.1.1"].remarks == ["牵头负责领导:金力"]
    assert found["1.1.2"].text == "财政收入增长8%左右。"
    # 广东 粤府〔2021〕22号: 分管省领导 and 部门分工 written as a sentence
    notice = parsed(
        "1.地区生产总值增长6%以上。",
        "分管省领导:林克庆",
        "部门分工:省发展改革委牵头,各地、各部门配合。",
    )
    ((_, task),) = tasks_of(notice)
    assert (task.text, task.remarks) == ("地区生产总值增长6%以上。", ["分管省领导:林克庆"])
    assert task.roles == {"lead": ["省发展改革委"], "support": ["各地", "各部门"]}


def test_a_list_between_two_roles_in_words_takes_the_role_that_follows_it() -> None:
    # 官渡区 2016: the 等部门 tier printed between the lead and the 配合 tier
    (roles,) = group_roles(
        "加强项目谋划储备。（区发改局牵头,区财政局、区交运局、区水务局等部门,区国投公司、各街道办事处配合）"
    )
    assert roles == {
        "lead": ["区发改局"],
        "support": ["区财政局", "区交运局", "区水务局", "区国投公司", "各街道办事处"],
    }
    (roles,) = group_roles("开展调查。（市发改委、市财政局，市公安局配合）")  # no role before: responsible
    assert roles == {"responsible": ["市发改委", "市财政局"], "support": ["市公安局"]}


def test_a_note_giving_every_later_task_its_units_is_read_whatever_it_calls_the_tasks() -> None:
    # 淮安 2022 实施细则 item 1; 潮州 打赢蓝天保卫战实施方案 item 1
    (_, group), *_ = groups_in(
        "落实增值税留抵退税政策。(责任单位:市工信局、市财政局等有关部门,各县区人民政府、园区管委会。"
        "以下政策措施均需各县区人民政府、园区管委会落实,不再单独列出)"
    )
    assert group.inherited == {"responsible": ["各县区人民政府", "园区管委会"]}
    assert group.remarks == []
    (_, group), *_ = groups_in(
        "制定实施准入清单。〔市生态环境局牵头,各县、区人民政府(管委会)负责落实。"
        "以下各项工作均需各县、区人民政府(管委会)落实,不再列出〕"
    )
    assert group.roles["responsible"] == ["各县、区人民政府(管委会)"]
    assert group.inherited == {"responsible": ["各县、区人民政府(管委会)"]}


def test_words_of_a_group_no_convention_reads_are_kept_as_printed() -> None:
    (_, group), *_ = groups_in("开展培训。（市人社局牵头，另行通知,具体见方案）")
    assert group.remarks == ["另行通知,具体见方案"]  # the ASCII comma between them as printed


def test_a_reprinted_title_in_book_marks_or_with_a_span_of_years_names_the_notice() -> None:
    years = parsed(
        "日前,潮州印发《潮州市打赢蓝天保卫战实施方案(2019-2020年)》。全文如下:",
        "潮州市打赢蓝天保卫战实施方案(2019-2020年)",
        "1.制定实施准入清单。(市生态环境局牵头)",
    )
    assert years.fields["title"] == "潮州市打赢蓝天保卫战实施方案(2019-2020年)"
    marks = parsed(
        "《关于进一步帮助市场主体纾困解难着力稳定经济增长的具体实施细则》",
        "1.落实增值税留抵退税政策。(责任单位:市财政局)",
    )
    assert marks.fields["title"] == "关于进一步帮助市场主体纾困解难着力稳定经济增长的具体实施细则"


def test_an_information_box_under_the_sites_name_is_read_key_by_key() -> None:
    # 谯城区教育局 2025: the site's name above the box, `名称: …` with a space, `文号:` left empty
    notice = parsed(
        "谯城区教育局",
        "索引号: 11341602003165628D/202506-00023 组配分类: 决策部署落实情况",
        "名称: 谯城区教育局2025年政府工作报告重点工作任务分解表 文号:",
        "文号:",
        "发文日期: 2025-06-13",
        "1.推进学前教育普惠发展。(责任单位:区教育局)",
    )
    assert notice.fields["title"] == "谯城区教育局2025年政府工作报告重点工作任务分解表"
    assert notice.fields["issued"] == "2025-06-13"
    assert "document_number" not in notice.fields  # not the next line's 发文日期


def test_a_tables_one_column_its_header_does_not_name_holds_the_tasks_text() -> None:
    # 大竹县 竹府办〔2016〕20号 附件: 序号 | 民生实事 | 责任单位 | 完成时限
    page = (
        "<html><body><table><tr><td>序号</td><td>民生实事</td><td>责任单位</td><td>完成时限</td></tr>"
        "<tr><td>1</td><td>新建2座人行天桥。</td><td>县住建局</td><td>9月投入使用</td></tr>"
        "</table></body></html>"
    )
    ((_, task),) = tasks_of(parse_source(read_source(page.encode(), "a.html")))
    assert (task.text, task.roles, task.deadline) == (
        "新建2座人行天桥。",
        {"responsible": ["县住建局"]},
        "9月投入使用",
    )
    two_unnamed = page.replace("完成时限", "备注")
    assert tasks_of(parse_source(read_source(two_unnamed.encode(), "a.html"))) == []


def test_persons_spaced_as_printed_are_persons_in_a_table_printed_one_cell_a_line() -> None:
    # 南陵县 2024年《政府工作报告》重点工作目标任务分解表, one cell a line
    notice = parsed(
        "2024年《政府工作报告》重点工作目标任务分解表",
        "序号",
        "目标与任务",
        "分 管 县领导",
        "牵头责任单位",
        "责任单位",
        "81",
        "保障芜职院现代物流智造学院秋季开学,探索职业教育赋能区域发展路径。",
        "陆 明俞 悦",
        "县教育局",
        "县各有关单位",
    )
    ((_, task),) = tasks_of(notice)
    assert task.text == "保障芜职院现代物流智造学院秋季开学,探索职业教育赋能区域发展路径。"
    assert task.roles == {"lead": ["县教育局"], "responsible": ["县各有关单位"]}
    assert task.remarks == ["分管县领导：陆 明俞 悦"]


def test_a_plan_printed_after_the_letters_date_is_the_annex_and_the_letters_points_are_not() -> None:
    # 蔡甸区 蔡政办〔2023〕1号: the letter's 一、二、 points, its signature and date, then the plan
    notice = parsed(
        "区人民政府办公室关于印发主要目标任务责任分解方案的通知",
        "各街道办事处、乡人民政府,区人民政府各部门:",
        "现印发给你们,并就有关事项通知如下:",
        "一、各责任单位要高度重视,切实加强领导,制订工作方案。",
        "二、区绩效考评机构要将重要目标任务纳入绩效管理考核范围。",
        "蔡甸区人民政府办公室",
        "2023年1月3日",
        "2023年区《政府工作报告》确定的主要目标任务责任分解方案",
        "一、2023年全区经济社会发展的主要预期目标",
        "(一)地区生产总值增长7%以上",
        "责任单位:区发展和改革局",
    )
    (annex,) = notice.annexes
    assert (annex.title, annex.in_body) == ("2023年区《政府工作报告》确定的主要目标任务责任分解方案", False)
    assert [(s.numeral, s.title) for s in annex.sections] == [("一", "2023年全区经济社会发展的主要预期目标")]
    assert [key for key, _ in tasks_of(notice)] == ["1.1.1"]
    assert notice.fields["issuer"] == "蔡甸区人民政府办公室"


def test_a_unit_whose_name_ends_as_no_units_does_is_reported() -> None:
    notice = parsed("1.工业投资增长12%以上。", "责任单位:区", "2.开展培训。", "责任单位:区人社局")
    assert spots(notice) == [("kept as units, yet no unit's name ends so: {names}", {"names": "区"})]


def test_a_page_with_no_task_is_one_line_of_error_and_its_reading_in_the_report(tmp_path: Path) -> None:
    import subprocess
    import sys

    source = tmp_path / "page.txt"
    source.write_text("序号\n民生实事\n县住建局\n", encoding="utf-8")
    report = tmp_path / "report.txt"
    command = [sys.executable, "-m", "taskmap", "import", str(source), "--out", str(tmp_path / "out")]
    result = subprocess.run([*command, "--report", str(report)], capture_output=True, check=False)
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()
    written = report.read_text(encoding="utf-8")
    assert "nothing written" in written.splitlines()[0] and "paragraphs 3, tables 0" in written


DAZHU_ROWS = (  # 大竹县 竹府办〔2016〕20号 附件: row 5's 序号 and 责任单位 cells merged down two rows
    ("4", "建成县残疾人综合服务中心。", "县残联", "5月底前动工"),
    ("5", "开工建设县老年养护楼。", "县民政局", "5月底前动工"),
    ("5", "开工建设老年大学。", "县民政局", "12月底前"),
    ("6", "迁建县政务服务中心。", "县政务服务中心", "12月底前"),
)


def test_rows_under_one_merged_number_are_one_item_of_several_clauses_in_every_form() -> None:
    header = ("序号", "民生实事", "责任单位", "完成时限")
    page = "<html><body><table>{}</table></body></html>".format(
        "".join("<tr>{}</tr>".format("".join(f"<td>{c}</td>" for c in row)) for row in (header, *DAZHU_ROWS))
    )
    one_cell_a_line = [
        *header,
        *(cell for number, text, unit, due in DAZHU_ROWS for cell in (number, text, unit, due)),
    ]
    del one_cell_a_line[4 + 4 * 2]  # printed one cell a line, the merged 序号 and 责任单位 appear once
    del one_cell_a_line[4 + 4 * 2 + 1]
    for notice in (parse_source(read_source(page.encode(), "a.html")), parsed(*one_cell_a_line)):
        found = dict(tasks_of(notice))
        assert sorted(found) == ["1.1.4", "1.1.5", "1.1.6"]  # the printed numbers, none shifted
        five = found["1.1.5"]
        assert five.text == "开工建设县老年养护楼。开工建设老年大学。"
        assert five.deadline == "5月底前动工；12月底前"
        assert [(text, group.roles) for text, group in five.clauses] == [
            ("开工建设县老年养护楼。", {"responsible": ["县民政局"]}),
            ("开工建设老年大学。", {"responsible": ["县民政局"]}),
        ]


def test_a_section_whose_number_is_not_its_place_shows_its_title_alone() -> None:
    from taskmap.model import Section

    assert Section(1, 4, None, "2023年全区经济社会发展的主要预期目标", ()).heading == (
        "2023年全区经济社会发展的主要预期目标"
    )
    assert Section(1, 1, "一", "总体要求", ()).heading == "一、总体要求"


def test_a_sheets_title_under_its_annex_line_names_the_notice() -> None:
    # 南陵县 2024 分解表 as a sheet: 附件 / the title / the header, each title row in its first cell alone
    page = (
        "<html><body><table><tr><td>附件</td><td></td><td></td></tr>"
        "<tr><td>2024年《政府工作报告》重点工作目标任务分解表</td><td></td><td></td></tr>"
        "<tr><td>序号</td><td>目标与任务</td><td>牵头责任单位</td></tr>"
        "<tr><td>81</td><td>保障芜职院现代物流智造学院秋季开学。</td><td>县教育局</td></tr></table></body></html>"
    )
    notice = parse_source(read_source(page.encode(), "a.html"))
    assert notice.fields["title"] == "2024年《政府工作报告》重点工作目标任务分解表"


def test_municipal_works_lends_no_level_to_the_names_after_it() -> None:
    # 崇川区 2023 民生实事: 市政局 is the municipal-works bureau, not 市 + 政局
    assert shared_prefix([["市政局", "环卫处", "崇川经济开发区"]]) == {}
    assert shared_prefix([["市政府办公室", "财政局"]]) == {"财政局": "市财政局"}


def test_headings_between_a_section_and_its_tasks_are_kept_with_each_task() -> None:
    # 国发〔2020〕6号: 一、 / （一）总体要求和主要预期目标。 / 1.…（国务院各部门分别负责）
    notice = parsed(
        "一、落实2020年发展主要目标和下一阶段工作总体部署",
        "(一)总体要求和主要预期目标。",
        "1.全面建成小康社会。(国务院各部门分别负责,年内持续推进)",
        "(二)推进改革开放。",
        "1.深化“放管服”改革。",
        "(1)推进政务服务一网通办。(国务院办公厅牵头)",
        "二、保障措施",
        "3.加强统筹协调。(国务院办公厅负责)",
    )
    found = {key: task.subsections for key, task in tasks_of(notice)}
    assert found == {
        "1.1.1": ["(一)总体要求和主要预期目标。"],
        "1.1.2": ["(二)推进改革开放。", "1.深化“放管服”改革。"],
        "1.2.3": [],
    }


def test_host_and_co_host_in_words_are_lead_and_support() -> None:
    # 黑龙江省人民政府 2013 政府工作报告 分工: （…主办，…协办）
    (roles,) = group_roles("加快发展。(省财政厅主办,省国税局、地税局协办)")
    assert roles == {"lead": ["省财政厅"], "support": ["省国税局", "地税局"]}


def test_a_label_of_a_role_taskmap_does_not_know_is_a_remark_never_a_unit() -> None:
    # 成都 2022年《政府工作报告》目标任务责任分解: (牵头单位:市发改委;数据提供单位:市统计局)
    (_, group), *_ = groups_in("地区生产总值增长6%左右。(牵头单位:市发改委;数据提供单位:市统计局)")
    assert (group.roles, group.remarks) == ({"lead": ["市发改委"]}, ["数据提供单位:市统计局"])


def test_a_name_opening_with_its_province_takes_no_level_from_the_name_before_it() -> None:
    # 河南 豫政〔2023〕5号: `省住房城乡建设厅、地方金融监管局、人行郑州中心支行、河南银保监局`
    assert shared_prefix([["省住房城乡建设厅", "地方金融监管局", "河南银保监局"]]) == {
        "地方金融监管局": "省地方金融监管局"
    }


def test_items_printed_on_one_line_each_closed_by_its_group_are_tasks_of_their_own() -> None:
    # 黑龙江 2013: `（省发改委负责）（二）公共财政收入增长13%左右。（省财政厅负责）` on one line
    notice = parsed(
        "一、主要预期目标",
        "(一)地区生产总值增长10%左右。(省发改委负责)(二)公共财政收入增长13%左右。(省财政厅负责)",
        "二、重点工作",
        "1.加快发展现代农业。(省农委主办,省财政厅协办) 2.推进新型工业化。(省工信委负责)",
    )
    found = {key: (task.text, task.roles) for key, task in tasks_of(notice)}
    assert found == {
        "1.1.1": ("地区生产总值增长10%左右。", {"responsible": ["省发改委"]}),
        "1.1.2": ("公共财政收入增长13%左右。", {"responsible": ["省财政厅"]}),
        "1.2.1": ("加快发展现代农业。", {"lead": ["省农委"], "support": ["省财政厅"]}),
        "1.2.2": ("推进新型工业化。", {"responsible": ["省工信委"]}),
    }


def test_a_title_with_its_number_after_it_and_a_page_label_above_the_addressees_are_read() -> None:
    # 广东 粤府〔2021〕22号 as a law site prints it: the title and its 文号, 核心提示:, a grid, the addressees
    notice = parsed(
        "广东省人民政府关于印发2021年省《政府工作报告》重点任务分工方案的通知 (粤府〔2021〕22号)",
        "时间: 2023-02-21",
        "核心提示:",
        "《2021年省〈政府工作报告〉重点任务分工方案》已经省政府全体会议审议通过,现印发给你们。",
        "发布单位",
        "广东省人民政府",
        "发布文号 粤府〔2021〕22号",
        "有效性状态 阶段性文件",
        "备注",
        "各地级以上市人民政府,省政府各部门、各直属机构:",
        "《2021年省〈政府工作报告〉重点任务分工方案》已经省政府全体会议审议通过,现印发给你们。",
        "广东省人民政府",
        "2021年3月21日",
        "1.地区生产总值增长6%以上。",
        "部门分工:省发展改革委牵头,各地、各部门配合。",
    )
    assert notice.fields["title"] == "广东省人民政府关于印发2021年省《政府工作报告》重点任务分工方案的通知"
    assert notice.fields["addressees"] == "各地级以上市人民政府,省政府各部门、各直属机构"
    assert notice.fields["issuer"] == "广东省人民政府"


def test_an_information_box_printed_as_a_table_gives_the_notices_facts() -> None:
    # 兴平市 兴政办发〔2022〕20号: 索引号 | … | 发文字号 | … rows above the letter
    page = (
        "<html><body><table>"
        "<tr><td>索引号</td><td>000014349116104810160239447/2022-01099</td><td>签发时间</td><td>2022-07-28</td></tr>"
        "<tr><td>发布机构</td><td>兴平市</td><td>发文字号</td><td>兴政办发〔2022〕20号</td></tr>"
        "<tr><td>名称</td><td colspan=3>兴平市人民政府办公室关于印发任务分工的通知</td></tr></table>"
        "<p>各镇人民政府,市人民政府各有关工作部门:</p><p>现印发给你们。</p>"
        "<p>1.聚力建设西安都市圈核心区。(牵头部门:市发改局,配合部门:市级相关部门)</p></body></html>"
    )
    fields = parse_source(read_source(page.encode(), "a.html")).fields
    assert (fields["document_number"], fields["title"]) == (
        "兴政办发〔2022〕20号",
        "兴平市人民政府办公室关于印发任务分工的通知",
    )
    assert fields["index_number"] == "000014349116104810160239447/2022-01099"


def test_a_title_printed_over_two_lines_is_one_title() -> None:
    # 成都 2022: `2022年《政府工作报告》` / `目标任务责任分解方案` above the first item
    notice = parsed(
        "日前,成都市人民政府网站公布了方案。",
        "2022年《政府工作报告》",
        "目标任务责任分解方案",
        "一、全市经济社会发展主要预期目标",
        "1.地区生产总值增长7%左右。(牵头单位:市发改委;数据提供单位:市统计局)",
    )
    assert notice.fields["title"] == "2022年《政府工作报告》目标任务责任分解方案"


def test_numbers_printed_as_one_character_are_items_under_a_chain_of_headings() -> None:
    # 辽宁 辽政办发〔2012〕53号: 一、 / （一） / 1.约束性指标。 / ⑴… / 责任单位:…
    notice = parsed(
        "一、主要目标和任务分工",
        "(一)“十二五”时期主要规划指标。",
        "1.约束性指标。",
        "⑴九年义务教育巩固率达到97%。",
        "责任单位:省教育厅。",
        "⑵耕地保有量保持在6120万亩。",
        "责任单位:省国土资源厅。",
    )
    found = {key: (task.text, task.printed, task.subsections) for key, task in tasks_of(notice)}
    chain = ["(一)“十二五”时期主要规划指标。", "1.约束性指标。"]
    assert found == {
        "1.1.1": ("九年义务教育巩固率达到97%。", "⑴", chain),
        "1.1.2": ("耕地保有量保持在6120万亩。", "⑵", chain),
    }
    assert notice.annexes[0].sections[0].title == "主要目标和任务分工"


def test_a_group_in_square_brackets_is_read_whole_with_the_alias_inside_it() -> None:
    # 嘉鱼县 嘉政办发〔2021〕5号: [牵头单位:县发改局(粮食局);责任单位:各镇人民政府,嘉鱼经济开发区]
    (roles,) = group_roles(
        "(一)地区生产总值增长11%。[牵头单位:县发改局(粮食局);责任单位:各镇人民政府,嘉鱼经济开发区]"
    )
    assert roles == {"lead": ["县发改局(粮食局)"], "responsible": ["各镇人民政府", "嘉鱼经济开发区"]}


def test_a_number_in_ascii_brackets_and_a_line_of_the_annex_list_above_the_date() -> None:
    # 许昌 许政 [2020] 20号; 嘉鱼: the annex list's second line stands right above the date
    notice = parsed(
        "许政 [2020] 20号",
        "各县(市、区)人民政府,市直有关单位:",
        "现将重点工作任务予以分解。",
        "附件:1.县《政府工作报告》确定的2021年重点工作责任分解",
        "2.市《政府工作报告》涉及嘉鱼的重点事项责任分解",
        "2021年5月12日",
        "1.坚持总体防控策略。",
        "责任单位:市卫生健康委",
    )
    assert notice.fields["document_number"] == "许政 [2020] 20号"
    assert "issuer" not in notice.fields


def test_a_note_that_every_task_involves_a_unit_is_read_in_a_label_line_too() -> None:
    # 四川省发展和改革委员会 2022: the note after the label's units, 不再做分工 no unit
    found = label_line(
        "责任单位:省发展改革委按职责分工负责。具体任务均涉及相关市(州)人民政府,不再做分工,下同。"
    )
    assert found is not None and found.group is not None
    assert found.group.roles == {"responsible": ["省发展改革委", "相关市(州)人民政府"]}
    assert (found.group.inherited, found.group.remarks) == ({"responsible": ["相关市(州)人民政府"]}, [])
    found = label_line(
        "责任单位:市工信局、市财政局。以下政策措施均需各县区人民政府、园区管委会落实,不再单独列出"
    )
    assert found is not None and found.group is not None
    assert found.group.roles == {"responsible": ["市工信局", "市财政局"]}
    assert found.group.inherited == {"responsible": ["各县区人民政府", "园区管委会"]}


def test_a_plan_after_the_date_may_print_its_title_over_two_lines_and_open_with_a_paragraph() -> None:
    # 辽宁 辽政发〔2024〕3号: the date, （此件公开发布）, the plan's title over two lines, its opening, 一、
    notice = parsed(
        "辽宁省人民政府关于印发《2024年省〈政府工作报告〉重点工作分工方案》的通知",
        "各市人民政府,省政府各厅委、各直属机构:",
        "《2024年省〈政府工作报告〉重点工作分工方案》已经省政府同意,现印发给你们。",
        "辽宁省人民政府",
        "2024年2月5日",
        "(此件公开发布)",
        "2024年省《政府工作报告》重点工作",
        "分工方案",
        "为全面贯彻党的二十大精神,制定分工方案如下。",
        "一、今年全省经济社会发展的主要预期目标",
        "1.地区生产总值增长5.5%左右。",
        "牵头领导:王 健",
        "牵头单位:省发展改革委",
    )
    (annex,) = notice.annexes
    assert (annex.title, annex.preamble) == (
        "2024年省《政府工作报告》重点工作分工方案",
        "为全面贯彻党的二十大精神,制定分工方案如下。",
    )
    ((_, task),) = tasks_of(notice)
    assert (task.roles, task.remarks) == ({"lead": ["省发展改革委"]}, ["牵头领导:王 健"])


def test_a_record_printing_each_label_above_its_value_is_one_task() -> None:
    # 同心县 2023: 具体任务 / the text / 责任单位 / units / 配合单位 / units / 完成时限 / the time
    notice = parsed(
        "具体任务",
        "全面落实疫情防控“新十条”,全面完成老年人群疫苗接种。",
        "责任单位",
        "卫健局、文旅局",
        "配合单位",
        "各乡镇",
        "完成时限",
        "1月底前完成",
    )
    ((_, task),) = tasks_of(notice)
    assert task.text == "全面落实疫情防控“新十条”,全面完成老年人群疫苗接种。"
    assert task.roles == {"responsible": ["卫健局", "文旅局"], "support": ["各乡镇"]}
    assert task.deadline == "1月底前完成"
    assert "title" not in notice.fields  # 具体任务 names a field, not the notice


def test_a_list_closed_by_words_of_its_level_and_scope_is_open_ended_and_imports(tmp_path: Path) -> None:
    # 西安 市政办函〔2024〕26号; 山西 晋政发[2008]8号: 等市级相关单位, 等省直有关部门 close the list
    xian = (
        "责任单位:市市场监管局、市投资局、市财政局等市级相关单位,各区县政府、西咸新区管委会、各开发区管委会"
    )
    found = label_line(xian)
    assert found is not None and found.group is not None
    assert found.group.roles["responsible"][:3] == ["市市场监管局", "市投资局", "市财政局"]
    assert found.group.open_ended == {"responsible": "等市级相关单位"}
    shanxi = labelled("协同单位:省财政厅、省人事厅、省农业厅等省直有关部门和各市人民政府。")
    assert shanxi == {"support": ["省财政厅", "省人事厅", "省农业厅", "各市人民政府"]}
    page = tmp_path / "page.txt"
    page.write_text(f"一、重点任务\n1.营造项目公平准入环境。\n牵头单位:市发改委\n{xian}\n", encoding="utf-8")
    import_notice(page.read_bytes(), page.name, tmp_path / "out")  # the schema takes the suffix
    annex = (tmp_path / "out" / "annexes" / "annex-1.yaml").read_text(encoding="utf-8")
    assert "responsible: 等市级相关单位" in annex and "- 市财政局\n" in annex


def test_items_numbered_with_an_ideographic_full_stop_keep_their_numbers() -> None:
    # 天津 2020 政府工作报告分工: `1。在以…。(市政府各部门分别负责,年内持续推进)`
    notice = parsed(
        "1。完成年度目标任务。(市政府各部门分别负责,年内持续推进)",
        "2。力争居民消费价格涨幅在3%左右。(市发展改革委负责)",
    )
    assert [(task.number, task.numbered, task.printed, task.text) for _, task in tasks_of(notice)] == [
        (1, True, "1。", "完成年度目标任务。"),
        (2, True, "2。", "力争居民消费价格涨幅在3%左右。"),
    ]


def test_the_sites_breadcrumb_and_the_lines_above_it_are_no_part_of_the_title() -> None:
    # 咸阳 咸政发〔2022〕4号, www.xianyang.gov.cn
    notice = parsed(
        "本站支持IPV6",
        "首页>政府信息公开>政策文件>市政府文件",
        "",
        "咸阳市人民政府关于落实《政府工作报告》重点工作部门分工的意见",
        "各县市区人民政府,市人民政府各工作部门:",
        "1.全面完成全年目标任务。(市政府各部门负责)",
    )
    assert notice.fields["title"] == "咸阳市人民政府关于落实《政府工作报告》重点工作部门分工的意见"


def test_a_title_printed_over_three_lines_is_one_title() -> None:
    # 内蒙古自治区人民政府关于推动呼包鄂乌一体化发展若干举措的通知, as a reprint prints it
    notice = parsed(
        "内蒙古自治区人民政府关于",
        "推动呼包鄂乌一体化发展",
        "若干举措的通知",
        "(一)打造1小时铁路经济圈。(责任单位:自治区发展改革委)",
    )
    assert notice.fields["title"] == "内蒙古自治区人民政府关于推动呼包鄂乌一体化发展若干举措的通知"


def test_an_autonomous_regions_prefix_is_lent_within_a_tier_as_a_provinces_is() -> None:
    # 内蒙古 2023: `责任单位:自治区发展改革委、财政厅,…`
    assert shared_prefix([["自治区发展改革委", "财政厅"]]) == {"财政厅": "自治区财政厅"}


def test_a_note_that_every_later_task_involves_units_gives_them_those_units() -> None:
    # 内蒙古 2023: the note, in the first task's group, names no role: those involved are responsible
    notice = parsed(
        "(一)打造1小时铁路经济圈。(责任单位:自治区发展改革委、财政厅,四市人民政府按职责分工负责,下同。"
        "以下各项任务均涉及四市或部分市人民政府,不再列出)",
        "(二)完善2小时公路经济圈。(责任单位:自治区交通运输厅)",
    )
    (_, first), (_, second) = tasks_of(notice)
    assert "四市或部分市人民政府" not in first.roles["responsible"]
    assert second.roles == {"responsible": ["自治区交通运输厅", "四市或部分市人民政府"]}
    assert not any("remark" in template for template, _ in spots(notice))


def test_a_page_whose_only_task_names_no_unit_is_a_page_with_no_task(tmp_path: Path) -> None:
    # 池州市信访局 政务公开清单, a table's cells printed one a line with `|` between: nothing names a unit
    page = tmp_path / "page.txt"
    page.write_text("工作任务\n|\n具体要求\n|\n责任科室\n|\n时限要求\n|\n", encoding="utf-8")
    with pytest.raises(NoTasks):
        import_notice(page.read_bytes(), page.name, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_a_plan_after_the_date_titled_on_one_line_and_opening_with_a_paragraph_is_the_annex(
    tmp_path: Path,
) -> None:
    # 西安 市政办函〔2024〕26号; the letter's citation is the plan's basis too (福建 2019)
    page = tmp_path / "page.txt"
    lines = (
        "西安市人民政府办公厅关于印发强化项目服务保障优化营商环境工作方案的通知",
        "市政办函〔2024〕26号",
        "各区、县人民政府,市人民政府各工作部门、各直属机构:",
        "根据《国务院办公厅关于印发2019年政务公开工作要点的通知》（国办发〔2019〕14号）精神，"
        "《西安市强化项目服务保障优化营商环境工作方案》已经市政府同意,现印发给你们,请认真贯彻执行。",
        "西安市人民政府办公厅",
        "2024年4月12日",
        "(此件公开发布)",
        "西安市强化项目服务保障优化营商环境工作方案",
        "为深入贯彻落实省委、省政府深化“三个年”活动重点工作部署,制定本工作方案。",
        "一、重点任务",
        "1.营造项目公平准入环境。",
        "牵头单位:市发改委",
        "完成时限:2024年6月底前",
    )
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_notice(page.read_bytes(), page.name, tmp_path / "out")
    (annex,) = result.notice.annexes
    assert (annex.title, annex.preamble, annex.in_body) == (lines[7], lines[8], False)
    assert result.notice.fields["body"] == [lines[3]]
    text = (tmp_path / "out" / "annexes" / "annex-1.yaml").read_text(encoding="utf-8")
    assert "number: 国办发〔2019〕14号" in text


def test_a_number_in_brackets_under_the_title_and_a_law_databases_box_give_the_notices_facts() -> None:
    # 山西 晋政发[2008]8号, as a law database prints it
    notice = parsed(
        "【发布单位】山西省",
        "  【发布文号】晋政发[2008]8号",
        "  【发布日期】2008-02-03",
        "",
        "山西省人民政府关于印发2008年省人民政府工作目标责任分解的通知",
        "(晋政发[2008]8号)",
        "各市、县人民政府,省人民政府各委、厅,各直属机构:",
        "1.加强行政监察工作。(省监察厅牵头)",
    )
    assert notice.fields["document_number"] == "晋政发[2008]8号"
    assert notice.fields["published"] == "2008-02-03"
    no_box = parsed(
        "山西省人民政府关于印发2008年省人民政府工作目标责任分解的通知",
        "(晋政发[2008]8号)",
        "各市、县人民政府:",
        "1.加强行政监察工作。(省监察厅牵头)",
    )
    assert no_box.fields["document_number"] == "晋政发[2008]8号"


def test_a_box_key_left_empty_takes_no_value_from_the_line_under_it() -> None:
    # 广东省卫生健康委 2021 政务公开台账: `文 号:` printed with nothing after it
    notice = parsed(
        "发布机构: 广东省卫生健康委员会",
        "名 称: 广东省卫生健康委2021年政务公开工作重点任务台账",
        "发文日期: 2021年03月16日",
        "文 号:",
        "2021 年政务公开工作重点任务台账",
        "1.做好常态化疫情防控信息发布。(应急处负责)",
    )
    assert "document_number" not in notice.fields
    assert notice.fields["issued"] == "2021-03-16"


def test_a_bureaus_sections_ending_in_ke_or_gu_are_units_and_a_discipline_is_not() -> None:
    # 芜湖市教育局 2024: (责任科室:组干科、机关党委); 综合股 of a county bureau
    notice = parsed("1.加强思想理论武装。(责任科室:组干科、机关党委)", "2.规范财务管理。(责任单位:综合股)")
    assert [task.roles for _, task in tasks_of(notice)] == [
        {"responsible": ["组干科", "机关党委"]},
        {"responsible": ["综合股"]},
    ]
    assert spots(notice) == []
    assert not any(map(looks_like_units, ("本科", "重点学科", "国有控股")))


def test_a_table_copied_as_text_with_tabs_or_pipes_between_cells_is_read_by_its_header() -> None:
    # 吉水县 10件民生实事任务分解表, its cells between |; the same rows copied from a page have tabs
    rows = (
        ("序号", "具体工作任务和要求", "责任领导", "责任单位", "落实情况"),
        ("1", "提升幼教服务水平,启动中心幼儿园改扩建。", "毛晓青", "县教体局、各相关乡镇政府", "已启动"),
        ("2", "扎实推进城乡供水一体化建设。", "张学伟", "县住建局", ""),
    )
    for lines in (
        [" | ".join(row) + " |" for row in rows],
        [
            "| " + " | ".join(rows[0]) + " |",
            "|---|---|---|---|---|",
            *("| " + " | ".join(r) + " |" for r in rows[1:]),
        ],
        ["\t".join(row) for row in rows],
    ):
        tasks = [task for _, task in tasks_of(parsed("一、民生实事", *lines))]
        assert [(task.number, task.text, task.roles) for task in tasks] == [
            (1, rows[1][1], {"responsible": ["县教体局", "各相关乡镇政府"]}),
            (2, rows[2][1], {"responsible": ["县住建局"]}),
        ], lines
        assert tasks[0].remarks == ["责任领导：毛晓青", "落实情况：已启动"]
    prose = parsed("首页 | 政务公开 | 政策文件", "1.推进项目建设。(市发改委负责)")
    assert [task.text for _, task in tasks_of(prose)] == ["推进项目建设。"]


def test_a_list_of_prefectures_and_cities_after_each_is_one_collective() -> None:
    # 云南省人民政府 2017 稳增长意见: `…,各州、市人民政府配合)`
    notice = parsed("1.稳增长。(省发展改革委牵头,省财政厅,各州、市人民政府配合)")
    ((_, task),) = tasks_of(notice)
    assert task.roles == {"lead": ["省发展改革委"], "support": ["省财政厅", "各州、市人民政府"]}


def test_the_browsers_title_line_and_the_sites_line_are_neither_title_nor_addressees() -> None:
    # 湖南 湘政发〔2019〕1号, www.hunan.gov.cn as its text prints it
    notice = parsed(
        "湖南省人民政府关于落实《政府工作报告》重点工作部门分工的意见-湖南省人民政府门户网站",
        "湖南省人民政府关于落实《政府工作报告》重点工作部门分工的意见",
        "湖南省人民政府门户网站 www.hunan.gov.cn 发布时间: 2019-02-20 11:02 【字体:",
        "湘政发〔2019〕1号",
        "省直和中央在湘有关单位:",
        "1.地区生产总值增长7.5%左右。(省发展改革委牵头)",
    )
    assert notice.fields["title"] == "湖南省人民政府关于落实《政府工作报告》重点工作部门分工的意见"
    assert (notice.fields["addressees"], notice.fields["document_number"]) == (
        "省直和中央在湘有关单位",
        "湘政发〔2019〕1号",
    )


def test_an_item_before_the_next_items_label_line_is_reported_not_dropped_in_silence() -> None:
    # a county's notice: items 1. and 2., then one label line under item 2.
    notice = parsed(
        "一、加强组织领导",
        "1.各乡镇要成立防火工作领导小组，明确责任人。",
        "2.建立健全值班制度，落实24小时值班。",
        "协同单位：县应急管理局、县林业局",
        "二、强化宣传教育",
        "3.开展防火宣传进村入户活动。",
        "牵头单位：县委宣传部",
    )
    assert [task.printed for _, task in tasks_of(notice)] == ["2.", "3."]
    assert ("item {item} names no unit; not a task", {"item": "1."}) in spots(notice)


def test_headings_naming_the_leading_unit_and_the_leader_give_each_item_its_lead_and_a_remark() -> None:
    # 政府工作报告 分工 as provinces printed them in 2008–2010: the leader over the units over the items
    notice = parsed(
        "一、王某某副省长负责的工作",
        "（一）省发展改革委牵头的工作",
        "1.扩大有效投资，推进重大项目建设。（省财政厅配合）",
        "2.深化投融资体制改革。",
        "（二）省监察厅、省人力资源社会保障厅牵头的工作",
        "3.加强行政效能监察。",
        "二、李某某副省长负责的工作",
        "（一）省农业厅牵头的工作",
        "4.稳定粮食生产。",
        "某某省人民政府",
        "2009年2月10日",
    )
    tasks = dict(tasks_of(notice))
    assert {key: task.roles for key, task in tasks.items()} == {
        "1.1.1": {"lead": ["省发展改革委"], "support": ["省财政厅"]},
        "1.1.2": {"lead": ["省发展改革委"]},
        "1.1.3": {"lead": ["省监察厅", "省人力资源社会保障厅"]},
        "1.2.4": {"lead": ["省农业厅"]},
    }
    assert tasks["1.1.3"].remarks == ["王某某副省长负责的工作"]
    assert tasks["1.2.4"].subsections == ["（一）省农业厅牵头的工作"]
    assert [section.title for section in notice.annexes[0].sections] == [
        "王某某副省长负责的工作",
        "李某某副省长负责的工作",
    ]


def test_unit_names_printed_with_spaces_between_are_several_units() -> None:
    # a county's 2022 plan: `责任单位：县教体局 各相关乡镇政府`
    assert labelled("责任单位：县教体局 各相关乡镇政府") == {"responsible": ["县教体局", "各相关乡镇政府"]}
    assert labelled("牵头单位：市发改委　市财政局") == {"lead": ["市发改委", "市财政局"]}
    (_, group), *_ = groups_in("做好工作。（县教体局 各相关乡镇政府负责）")
    assert group.roles == {"responsible": ["县教体局", "各相关乡镇政府"]}


def test_a_bracket_left_open_at_the_end_of_an_item_still_gives_its_units_and_is_reported() -> None:
    # a page cut off inside the last item's group
    notice = parsed(
        "一、加强信用体系建设。（市发改委牵头，市财政局配合）",
        "二、推进信用修复工作。（市发改委、市市场监管局负责",
    )
    (_, _), (_, second) = tasks_of(notice)
    assert second.text == "推进信用修复工作。"
    assert second.roles == {"responsible": ["市发改委", "市市场监管局"]}
    assert ("a bracket is never closed: what follows it is read as the task's units", {}) in spots(notice)
    # a bare name in an open bracket says no role: an aside, kept in the text
    assert groups_in("做好服务。（社区卫生服务中心") == []


def letter(date: str) -> ParsedNotice:
    return parsed(
        "某某县人民政府办公室关于印发某某工作方案的通知",
        "各乡镇人民政府，县政府各部门：",
        "现将方案印发给你们，请认真贯彻执行。",
        "某某县人民政府办公室",
        date,
        "某某工作方案",
        "一、加强信用体系建设。（县发改局牵头，县财政局配合）",
    )


def test_a_date_in_chinese_numerals_or_full_width_digits_closes_the_letter_as_arabic_digits_do() -> None:
    for printed in ("2022年12月1日", "二〇二二年十二月一日", "２０２２年１２月１日"):
        notice = letter(printed)
        assert notice.fields["issued"] == "2022-12-01", printed
        assert notice.fields["issuer"] == "某某县人民政府办公室"
        assert notice.annexes[0].title == "某某工作方案"


def test_a_date_whose_year_and_month_marks_were_lost_still_closes_the_letter_and_is_reported() -> None:
    notice = letter("2022121日")
    assert notice.fields["issuer"] == "某某县人民政府办公室"
    assert "issued" not in notice.fields and notice.fields["issued_as_printed"] == "2022121日"
    assert notice.annexes[0].title == "某某工作方案"
    assert ("the date under the signature reads as no date: {words}", {"words": "2022121日"}) in spots(notice)
