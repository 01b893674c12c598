"""A library's cache entry only saves work: an edited, added or removed notice is never answered stale."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, shelf_of
from taskmap import answers, cache, compiler, library_loading, loading
from taskmap.library import Library
from taskmap.library_loading import build_library, load_library, notice_directories
from taskmap.loading import load_dataset
from taskmap.model import ROLES

# Imported beside the shipped notice: two more notices of other issuers, one of them in a table.
VARIED = ["04-guobanfa-2018-117-zhenzhua-shigan.txt", "07-guobanfa-2018-126-chuangxin-table.txt"]


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("TASKMAP_CACHE_DIR", str(directory))
    return directory


def add_notice(shelf: Path, key: str) -> Path:
    """The minimal notice copied into the library `shelf` under its own key."""
    target = shelf / key
    shutil.copytree(FIXTURES / "minimal", target)
    with (target / "notice.yaml").open("a", encoding="utf-8") as notice:
        notice.write(f"key: {key}\n")
    return target


@pytest.fixture
def shelf(tmp_path: Path) -> Path:
    for key in ("a", "b", "c"):
        add_notice(tmp_path / "shelf", key)
    return tmp_path / "shelf"


@pytest.fixture
def recorded_shelf(shelf: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shelf with its library entry written and its files' stats trusted at once."""
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    time.sleep(0.01)
    load_library([shelf])
    return shelf


def edit_task_text(notice: Path, old: str, new: str) -> None:
    annex = notice / "annexes" / "annex-1.yaml"
    annex.write_text(annex.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def without_cache(shelf: Path) -> Library:
    return build_library([(path, load_dataset(path)) for path in notice_directories(shelf)])


def task_texts(loaded: Library) -> dict[str, str]:
    return {notice.key: notice.dataset.tasks["1.1.3"].text for notice in loaded.notices}


def test_a_library_from_its_cache_entry_answers_as_one_built_afresh(shelf: Path, cache_dir: Path) -> None:
    load_library([shelf])
    cached, fresh = load_library([shelf]), without_cache(shelf)
    assert answers.notice_list(cached) == answers.notice_list(fresh)
    assert answers.unit_report(cached, "公安局") == answers.unit_report(fresh, "公安局")
    assert answers.unit_summaries(cached) == answers.unit_summaries(fresh)


@pytest.mark.parametrize("settled_ns", [0, cache.SETTLED_NS])
def test_an_edited_notice_in_a_library_is_never_answered_stale(
    shelf: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, settled_ns: int
) -> None:
    monkeypatch.setattr(cache, "SETTLED_NS", settled_ns)
    time.sleep(0.01)
    load_library([shelf])
    load_library([shelf])
    edit_task_text(shelf / "b", "推动实名登记。", "推动实名认证。")  # same size: only the content tells
    assert task_texts(load_library([shelf])) == {
        "a": "推动实名登记。",
        "b": "推动实名认证。",
        "c": "推动实名登记。",
    }


def test_editing_one_notice_compiles_only_that_notice(
    recorded_shelf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_task_text(recorded_shelf / "c", "推动实名登记。", "推动实名登记和认证。")
    compiled: list[object] = []
    real_compile = compiler.compile_files
    monkeypatch.setattr(
        compiler, "compile_files", lambda files: compiled.append(files) or real_compile(files)
    )
    assert task_texts(load_library([recorded_shelf]))["c"] == "推动实名登记和认证。"
    assert len(compiled) == 1


def test_a_text_edit_keeps_the_merged_units_and_reads_no_other_notice(
    recorded_shelf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_task_text(recorded_shelf / "c", "推动实名登记。", "推动实名登记和认证。")
    monkeypatch.setattr(library_loading, "cached_dataset", must_not_index)
    monkeypatch.setattr(library_loading, "cached_departments", must_not_index)
    report = answers.unit_report(load_library([recorded_shelf]), "公安局")
    assert [(a.task.notice, a.task.text) for a in report.assignments if a.task.id == "1.1.3"] == [
        ("a", "推动实名登记。"),
        ("b", "推动实名登记。"),
        ("c", "推动实名登记和认证。"),
    ]


def test_an_edit_of_a_notices_units_merges_them_again_from_the_others_records(
    recorded_shelf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    departments = recorded_shelf / "b" / "departments.yaml"
    text = departments.read_text(encoding="utf-8")
    departments.write_text(text.replace("short_forms: [公安局]", "short_forms: [公安局, 警察局]"), "utf-8")
    monkeypatch.setattr(library_loading, "cached_dataset", must_not_index)
    unit = load_library([recorded_shelf]).resolve_unit("警察局")
    assert (unit.department.name, sorted(unit.names_by_notice)) == ("市公安局", ["a", "b", "c"])


def test_an_unchanged_library_opens_no_notice_until_a_question_needs_it(
    shelf: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    time.sleep(0.01)
    expected = answers.notice_list(load_library([shelf]))

    def must_not_open(*_: object) -> None:
        raise AssertionError("a notice was opened")

    monkeypatch.setattr(loading, "read_data_files", must_not_open)
    monkeypatch.setattr(library_loading, "load_checked", must_not_open)
    monkeypatch.setattr(library_loading, "cached_dataset", must_not_open)
    assert answers.notice_list(load_library([shelf])) == expected


def test_an_added_or_removed_notice_changes_the_library(shelf: Path, cache_dir: Path) -> None:
    load_library([shelf])
    add_notice(shelf, "d")
    assert [notice.key for notice in load_library([shelf]).notices] == ["a", "b", "c", "d"]
    shutil.rmtree(shelf / "a")
    loaded = load_library([shelf])
    assert [notice.key for notice in loaded.notices] == ["b", "c", "d"]
    assert set(loaded.resolve_unit("公安局").names_by_notice) == {"b", "c", "d"}


@pytest.mark.parametrize("part", ["library", "views"])
@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b'{"notices": {"x": 1}, "units": 7}',
        b"\x00" * 64,
        json.dumps({"notices": {"x": {"key": "k", "size": 1, "spans": {"公安局": [0, 9]}}}}).encode(),
    ],
)
def test_a_damaged_library_entry_is_ignored(shelf: Path, cache_dir: Path, part: str, damage: bytes) -> None:
    expected = answers.unit_report(without_cache(shelf), "公安局", include_collective=True)
    load_library([shelf])
    (entry,) = cache_dir.glob(f"*.{part}.json")
    entry.write_bytes(damage.replace(b'"x"', json.dumps(str(shelf / "b")).encode()))
    assert answers.unit_report(load_library([shelf]), "公安局", include_collective=True) == expected


def test_views_whose_records_changed_are_not_read(shelf: Path, cache_dir: Path) -> None:
    expected = answers.unit_report(without_cache(shelf), "公安局")
    load_library([shelf])
    for records in cache_dir.glob("*.tasks.jsonl"):
        records.write_bytes(records.read_bytes() + b"\n")
    assert answers.unit_report(load_library([shelf]), "公安局") == expected


def test_a_unit_is_answered_from_views_exactly_as_from_whole_notices(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every unit, role and --all: the views alone (no notice indexed) give the whole notices' answers."""
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    shelf = shelf_of(tmp_path / "shelf", VARIED)
    time.sleep(0.01)
    fresh = load_library([shelf])
    monkeypatch.setattr(library_loading, "cached_dataset", must_not_index)
    from_views = load_library([shelf])
    units = from_views.all_units()
    assert units == fresh.all_units()
    for unit in units:
        for role in (None, *ROLES):
            for include_collective in (False, True):
                assert answers.unit_report_of(from_views, unit, role, include_collective) == (
                    answers.unit_report_of(fresh, unit, role, include_collective)
                )
    assert any(answers.unit_report_of(fresh, unit, None, True).collective for unit in units)
    assert any(answers.unit_report_of(fresh, unit, "lead", False).populations for unit in units)


def test_one_data_directory_answers_a_unit_without_indexing_its_notice(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    notice = add_notice(tmp_path, "a")
    time.sleep(0.01)
    expected = answers.unit_report(load_library([notice]), "公安局", include_collective=True)
    monkeypatch.setattr(loading, "read_cached", must_not_index)
    assert answers.unit_report(load_library([notice]), "公安局", include_collective=True) == expected


def must_not_index(*_: object) -> None:
    raise AssertionError("a whole notice was indexed")
