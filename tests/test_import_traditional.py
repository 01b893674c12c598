"""A notice printed in traditional characters imports as its simplified print does, kept as printed.

The corpus's real notices are turned into traditional characters with OpenCC's phrase-aware simplified →
traditional conversion (as a site's 繁體 version prints them) and imported beside their own print."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from taskmap.importer import import_notice
from taskmap.importer.parser import parse_source
from taskmap.importer.readers import read_source
from taskmap.importer.structure import ParsedNotice

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "notices"
NOTICES = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
TO_TRADITIONAL = opencc.OpenCC("s2t")
TO_SIMPLIFIED = opencc.OpenCC("t2s")


def answers(notice: ParsedNotice) -> list[tuple[object, ...]]:
    """Each task's number, text, units and deadline, read in simplified characters."""
    return [
        (
            task.number,
            task.printed,
            TO_SIMPLIFIED.convert(task.text),
            {role: [TO_SIMPLIFIED.convert(name) for name in names] for role, names in task.roles.items()},
            task.deadline and TO_SIMPLIFIED.convert(task.deadline),
        )
        for task in notice.tasks()
    ]


def printed_strings(notice: ParsedNotice) -> list[str]:
    """Every text of the tasks and of notice.yaml's fields that the page gave."""
    strings = [str(value) for value in notice.fields.values() if isinstance(value, str)]
    for task in notice.tasks():
        strings += [task.text, *task.remarks, *(name for names in task.roles.values() for name in names)]
    return strings


@pytest.mark.skipif(not NOTICES, reason=f"the corpus of real notices is not beside the repository ({CORPUS})")
@pytest.mark.parametrize("path", NOTICES, ids=[path.stem[:2] for path in NOTICES])
def test_a_real_notice_in_traditional_characters_gives_the_tasks_and_units_of_its_simplified_print(
    path: Path,
) -> None:
    simplified = path.read_text(encoding="utf-8")
    traditional = TO_TRADITIONAL.convert(simplified)
    assert traditional != simplified
    as_printed = parse_source(read_source(simplified.encode(), path.name))
    in_traditional = parse_source(read_source(traditional.encode(), path.name))

    assert answers(in_traditional) == answers(as_printed)
    page_characters = set(traditional)
    spelled_otherwise = {text for text in printed_strings(in_traditional) if not set(text) <= page_characters}
    assert not spelled_otherwise


TRADITIONAL_PAGE = """某某縣人民政府辦公室關於印發某某工作方案的通知

各鄉鎮人民政府，縣政府各部門：
現將方案印發給你們，請認真貫徹執行。

附件：某某工作方案

某某縣人民政府辦公室
2022年12月1日

附件
某某工作方案
一、加強信用體系建設。（縣發改局牽頭，縣財政局配合）
二、推進信用修復工作。（責任單位：縣發改局、于某某鎮政府）
"""


def test_a_traditional_page_is_reported_as_read_through_simplified_characters_its_data_as_printed(
    tmp_path: Path,
) -> None:
    result = import_notice(TRADITIONAL_PAGE.encode(), "page.txt", tmp_path / "data")

    assert any("traditional" in note for note in result.page.notes)
    departments = (tmp_path / "data" / "departments.yaml").read_text(encoding="utf-8")
    assert "name: 縣發改局\n  kind: government_department" in departments
    assert "spellings:\n  - 县发改局" in departments  # found as a person types it in simplified characters
    assert "name: 于某某鎮政府" in departments  # 于 and 關於's 於 both read as 于; each kept as printed
    notice = (tmp_path / "data" / "notice.yaml").read_text(encoding="utf-8")
    assert "jurisdiction: 某某縣\n" in notice
    annex = (tmp_path / "data" / "annexes" / "annex-1.yaml").read_text(encoding="utf-8")
    assert "lead:\n    - 縣發改局\n    support:\n    - 縣財政局" in annex


def test_a_simplified_page_is_read_as_printed_with_no_note() -> None:
    page = read_source(TO_SIMPLIFIED.convert(TRADITIONAL_PAGE).encode(), "page.txt")

    parse_source(page)

    assert not any("traditional" in note for note in page.notes)
