"""Where a paragraph carries its units (importer/carriers.py), each rule shown on the printed lines that
taught it: quoted from the shared corpus documents, checked there, then read by the carrier alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from taskmap.importer.carriers import (
    actor_heading,
    bracketed,
    groups_in,
    has_legend,
    label_line,
    label_segments,
    standalone_group,
    unit_first,
)
from taskmap.importer.conventions import shared_prefix, split_names

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "notices"


def printed(prefix: str, line: str) -> str:
    """The words as the corpus document prints them: the test fails if the quote is not in the document."""
    if not CORPUS.is_dir():
        pytest.skip("no ../shared/corpus beside this checkout")
    text = next(CORPUS.glob(f"{prefix}-*.txt")).read_text(encoding="utf-8")
    assert line in text, f"not printed in {prefix}: {line}"
    return line


def test_a_label_line_after_an_item_names_its_units_in_tiers() -> None:
    line = printed("09", "责任单位：省司法厅，各设区市人民政府、平潭综合实验区管委会。")
    found = label_line(line)
    assert found is not None and found.group is not None
    assert found.group.roles == {"responsible": ["省司法厅", "各设区市人民政府", "平潭综合实验区管委会"]}


def test_a_group_standing_alone_is_a_carrier_of_its_own() -> None:
    line = printed("11", "（责任单位：各乡镇人民政府、区社会事业局、规划局、旅发委、环土局、交建局）")
    group = standalone_group(line)
    assert group is not None
    assert group.roles["responsible"] == split_names(line[6:-1])[0]


def test_a_level_prefix_is_lent_within_a_tier_by_the_nearest_office_that_carries_it() -> None:
    line = printed("11", "（责任单位：各乡镇人民政府、区社会事业局、规划局、旅发委、环土局、交建局）")
    tiers = [split_names(tier)[0] for tier in line[6:-1].split("，")]
    assert shared_prefix(tiers) == {name: "区" + name for name in ("规划局", "旅发委", "环土局", "交建局")}
    collective_first = printed(
        "10", "（省政府办公厅牵头，省直有关部门、各设区市人民政府、平潭综合实验区管委会负责）"
    )
    names = split_names(collective_first[collective_first.index("，") + 1 : -3])[0]
    assert shared_prefix([names]) == {}  # 省直有关部门 is a collective: it lends nothing


def test_mixed_bracket_pairs_close_a_bare_unit_group() -> None:
    line = next(text for text in [printed("13", line) for line in corpus_lines("13") if line.endswith("〉")])
    spans = bracketed(line)
    assert spans and spans[-1][1] == len(line)
    assert groups_in(line)[-1][1].roles == {"responsible": ["区市场监管局"]}


def corpus_lines(prefix: str) -> list[str]:
    if not CORPUS.is_dir():
        pytest.skip("no ../shared/corpus beside this checkout")
    return next(CORPUS.glob(f"{prefix}-*.txt")).read_text(encoding="utf-8").splitlines()


def test_a_legend_in_the_closing_paragraphs_is_found_outside_any_group() -> None:
    line = next(line for line in corpus_lines("11") if line.startswith("（二）加快组织实施。"))
    assert has_legend(line) == "排位靠前的责任单位为牵头单位"


def test_two_units_written_first_in_one_paragraph_are_two_entries() -> None:
    line = next(line for line in corpus_lines("15") if line.startswith("区市场监督管理局："))
    entries = unit_first(line, in_duty_section=True)
    assert [entry.unit for entry in entries] == ["区市场监督管理局", "区残联"]
    assert line.endswith(entries[-1].text)


def test_a_unit_glued_to_its_duties_counts_only_in_a_section_of_duties() -> None:
    line = printed(
        "18", next(line for line in corpus_lines("18") if line.startswith("（六）区市场监督管理局"))
    )
    rest = line[3:]
    assert [entry.unit for entry in unit_first(rest, in_duty_section=True)] == ["区市场监督管理局"]
    assert unit_first(rest, in_duty_section=False) == []


def test_a_heading_that_is_only_a_name_binds_the_items_under_it() -> None:
    assert actor_heading(printed("18", "（七）学校")[3:]) == "学校"
    assert actor_heading(printed("18", "（五）区社会事业局")[3:]) == "区社会事业局"


def test_labels_glued_inside_a_table_cell_give_each_its_role() -> None:
    cell = next(line for line in corpus_lines("16") if line.startswith("牵头单位：区社会事业局配合单位："))
    found = label_segments(cell, anywhere=True)
    assert found is not None and found.group is not None
    lead, _, support = cell.removeprefix("牵头单位：").partition("配合单位：")
    assert found.group.roles == {"lead": [lead], "support": split_names(support)[0]}


def test_label_segments_keep_a_deadline_beside_the_units() -> None:
    # the genre's `…。责任单位：A、B。完成时限：…` (built from 09's group and a deadline phrase)
    units = printed("09", "责任单位：省司法厅，各设区市人民政府、平潭综合实验区管委会。")
    found = label_segments(f"推进行政执法信息公开。{units}完成时限：2019年底前。")
    assert found is not None and found.group is not None
    assert found.text == "推进行政执法信息公开。"
    assert found.deadline == "2019年底前"


def test_a_deadline_inside_a_group_is_kept_and_a_worded_role_beside_it() -> None:
    # the genre's `（A牵头，B配合；2020年6月底前）`; the unit names are 10's
    group = groups_in("开展试点。（省发改委牵头，省财政厅配合；2020年6月底前）")[0][1]
    assert group.roles == {"lead": ["省发改委"], "support": ["省财政厅"]}
    assert group.deadline == "2020年6月底前"
    assert group.remarks == []


def test_a_labelled_deadline_inside_a_group_keeps_only_its_words() -> None:
    # the genre's `（牵头单位：A；配合单位：B；完成时限：…）`; the unit names are the shipped notice's
    group = groups_in("建立制度。（牵头单位：市发改委；配合单位：市财政局；完成时限：2020年底前）")[0][1]
    assert group.roles == {"lead": ["市发改委"], "support": ["市财政局"]}
    assert group.deadline == "2020年底前"
