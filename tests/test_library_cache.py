"""A library's database only saves work: an edited, added or removed notice is never answered stale."""

from __future__ import annotations

import contextlib
import gc
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from conftest import FIXTURES
from taskmap.dataset import Dataset
from taskmap.errors import NotFound
from taskmap.library import Library, Notice
from taskmap.questions import answers, queries
from taskmap.store import compiler, database, library_loading, loading
from taskmap.store.library_loading import build_library, load_library, notice_directories
from taskmap.store.loading import load_dataset

# Imported beside the shipped notice: two more notices of other issuers, one of them in a table.
VARIED = ["04-guobanfa-2018-117-zhenzhua-shigan.txt", "07-guobanfa-2018-126-chuangxin-table.txt"]


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
    """The shelf with its library's database written, its merged units in it, and its files' stats
    trusted at once."""
    monkeypatch.setattr(loading, "SETTLED_NS", 0)
    time.sleep(0.01)
    load_library([shelf]).all_units()
    return shelf


def edit_task_text(notice: Path, old: str, new: str) -> None:
    annex = notice / "annexes" / "annex-1.yaml"
    annex.write_text(annex.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def add_police_spelling(notice: Path) -> None:
    """An edit of a notice's units: 市公安局 gains the short form 警察局."""
    departments = notice / "departments.yaml"
    text = departments.read_text(encoding="utf-8")
    departments.write_text(text.replace("short_forms: [公安局]", "short_forms: [公安局, 警察局]"), "utf-8")


def without_cache(shelf: Path) -> Library:
    return build_library([(path, load_dataset(path)) for path in notice_directories(shelf)])


def task_texts(loaded: Library) -> dict[str, str]:
    return {notice.key: notice.dataset.tasks["1.1.3"].text for notice in loaded.notices}


def test_a_notice_named_twice_counts_once_whether_read_afresh_or_from_the_database(
    shelf: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "SETTLED_NS", 0)
    fresh = without_cache(shelf)
    for given in ([shelf, shelf], [shelf, shelf / "b"], [shelf / "b", shelf]):
        for _ in range(2):  # read afresh, then answered from the database
            time.sleep(0.01)
            twice = load_library(given)
            assert sorted(notice.key for notice in twice.notices) == ["a", "b", "c"], given
            assert answers.unit_summaries(twice) == answers.unit_summaries(fresh)
        shutil.rmtree(cache_dir, ignore_errors=True)


def test_a_library_from_its_database_answers_as_one_built_afresh(shelf: Path, cache_dir: Path) -> None:
    load_library([shelf])
    cached, fresh = load_library([shelf]), without_cache(shelf)
    assert answers.notice_list(cached) == answers.notice_list(fresh)
    assert answers.unit_report(cached, "公安局") == answers.unit_report(fresh, "公安局")
    assert answers.unit_summaries(cached) == answers.unit_summaries(fresh)


@pytest.mark.parametrize("settled_ns", [0, loading.SETTLED_NS])
def test_an_edited_notice_in_a_library_is_never_answered_stale(
    shelf: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, settled_ns: int
) -> None:
    monkeypatch.setattr(loading, "SETTLED_NS", settled_ns)
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


def test_an_edited_notices_older_form_leaves_no_row_in_any_table(
    recorded_shelf: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "KEEP_UNHELD_NS", 0)
    answers.headlines(load_library([recorded_shelf]))  # every notice's summaries stored
    edit_task_text(recorded_shelf / "c", "推动实名登记。", "推动实名登记和认证。")
    answers.headlines(load_library([recorded_shelf]))
    gc.collect()
    (path,) = cache_dir.glob(f"*{database.SUFFIX}")
    with sqlite3.connect(path) as connection:
        held = {key for (key,) in connection.execute("SELECT content_key FROM directories")}
        for table in (*database.DERIVED_TABLES, "summaries", "records", "compiled"):
            stored = {key for (key,) in connection.execute(f"SELECT DISTINCT content_key FROM {table}")}
            assert stored == held, table
    connection.close()
    assert len(held) == 3


def test_a_text_edit_keeps_the_merged_units(recorded_shelf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit_task_text(recorded_shelf / "c", "推动实名登记。", "推动实名登记和认证。")
    monkeypatch.setattr(library_loading, "_units_as_json", must_not_index)
    report = answers.unit_report(load_library([recorded_shelf]), "公安局")
    assert [(a.task.notice, a.task.text) for a in report.assignments if a.task.id == "1.1.3"] == [
        ("a", "推动实名登记。"),
        ("b", "推动实名登记。"),
        ("c", "推动实名登记和认证。"),
    ]


def test_a_question_asking_no_unit_reads_no_merged_units(
    recorded_shelf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database.Database, "library_part", must_not_index)
    library = load_library([recorded_shelf])
    assert [row.key for row in answers.notice_list(library).rows] == ["a", "b", "c"]
    assert answers.search_tasks(library, "实名登记").hits


def test_units_first_asked_after_an_edit_are_merged_again_and_kept(
    recorded_shelf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_police_spelling(recorded_shelf / "b")
    assert [row.key for row in answers.notice_list(load_library([recorded_shelf])).rows] == ["a", "b", "c"]
    assert load_library([recorded_shelf]).resolve_unit("警察局").department.name == "市公安局"
    monkeypatch.setattr(library_loading, "_units_as_json", must_not_index)
    assert load_library([recorded_shelf]).resolve_unit("警察局").department.name == "市公安局"


def test_an_edit_of_a_notices_units_merges_them_again_from_the_others_records(
    recorded_shelf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_police_spelling(recorded_shelf / "b")
    monkeypatch.setattr(library_loading, "stored_dataset", must_not_index)
    monkeypatch.setattr(database.Database, "records", must_not_index)  # the others' in one query
    unit = load_library([recorded_shelf]).resolve_unit("警察局")
    assert (unit.department.name, sorted(unit.names_by_notice)) == ("市公安局", ["a", "b", "c"])


def test_an_unchanged_library_opens_no_notice_until_a_question_needs_it(
    shelf: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "SETTLED_NS", 0)
    time.sleep(0.01)
    expected = answers.notice_list(load_library([shelf]))

    def must_not_open(*_: object) -> None:
        raise AssertionError("a notice was opened")

    monkeypatch.setattr(loading, "read_data_files", must_not_open)
    monkeypatch.setattr(library_loading, "load_checked", must_not_open)
    monkeypatch.setattr(library_loading, "stored_dataset", must_not_open)
    assert answers.notice_list(load_library([shelf])) == expected


def test_stats_of_an_unchanged_library_open_no_notice_and_equal_counting_afresh(
    shelf: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "SETTLED_NS", 0)
    time.sleep(0.01)
    load_library([shelf])
    expected = answers.headlines(without_cache(shelf))
    assert expected.notices[0].open_ended_tasks == ["a:1.1.3"]  # a qualified id, as a library shows it
    monkeypatch.setattr(library_loading, "load_checked", lambda *_: pytest.fail("a notice was opened"))
    monkeypatch.setattr(library_loading, "stored_dataset", lambda *_: pytest.fail("a notice was opened"))
    assert answers.headlines(load_library([shelf])) == expected
    only = load_library([shelf], only="b")
    alone = build_library([(path, load_dataset(path)) for path in notice_directories(shelf)], only="b")
    assert answers.headlines(only) == answers.headlines(alone)


def test_key_populations_of_a_library_open_only_the_notices_holding_some(
    shelf: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    annex = shelf / "b" / "annexes" / "annex-1.yaml"
    annex.write_text(annex.read_text(encoding="utf-8").split("populations:")[0], encoding="utf-8")
    monkeypatch.setattr(loading, "SETTLED_NS", 0)
    time.sleep(0.01)
    every = without_cache(shelf).notices
    load_library([shelf])
    opened: list[str] = []
    real = library_loading.stored_dataset

    def recording(database: database.Database, path: Path, key: str) -> Dataset | None:
        opened.append(path.name)
        return real(database, path, key)

    monkeypatch.setattr(library_loading, "stored_dataset", recording)
    for query in (None, "律师"):  # each notice's rows, in turn, of those that have any
        rows = []
        for notice in every:
            with contextlib.suppress(NotFound):
                rows += queries.find_populations(notice.dataset, query).rows
        assert answers.find_populations(load_library([shelf]), query).rows == rows
    assert set(opened) == {"a", "c"}
    for query in ("17", "无此人群"):  # what no notice answers is said as the first notice says it
        with pytest.raises(NotFound) as first:
            queries.find_populations(every[0].dataset, query)
        with pytest.raises(NotFound) as library:
            answers.find_populations(load_library([shelf]), query)
        assert str(library.value) == str(first.value)


def test_an_added_or_removed_notice_changes_the_library(shelf: Path, cache_dir: Path) -> None:
    load_library([shelf])
    add_notice(shelf, "d")
    assert [notice.key for notice in load_library([shelf]).notices] == ["a", "b", "c", "d"]
    shutil.rmtree(shelf / "a")
    loaded = load_library([shelf])
    assert [notice.key for notice in loaded.notices] == ["b", "c", "d"]
    assert set(loaded.resolve_unit("公安局").names_by_notice) == {"b", "c", "d"}


def test_a_damaged_library_database_is_rebuilt(shelf: Path, cache_dir: Path) -> None:
    expected = answers.unit_report(without_cache(shelf), "公安局", include_collective=True)
    load_library([shelf])
    gc.collect()
    for path in cache_dir.glob(f"*{database.SUFFIX}*"):
        path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 3])
    assert answers.unit_report(load_library([shelf]), "公安局", include_collective=True) == expected


@pytest.mark.parametrize("table", ["directories", "library", "compiled"])
def test_a_changed_row_of_what_a_library_knows_is_not_believed(
    recorded_shelf: Path, cache_dir: Path, table: str
) -> None:
    gc.collect()
    (path,) = cache_dir.glob(f"*{database.SUFFIX}")
    expected = answers.unit_report(without_cache(recorded_shelf), "公安局", include_collective=True)
    changed = {
        "directories": "notice_key = notice_key || '乙'",
        "library": "value = replace(value, '市公安局', '市公按局')",
        "compiled": "dataset = replace(dataset, '市公安局', '市公按局')",
    }[table]
    with sqlite3.connect(path) as connection:
        connection.execute(f"UPDATE {table} SET {changed}")
    connection.close()
    assert answers.unit_report(load_library([recorded_shelf]), "公安局", include_collective=True) == expected


def test_a_changed_summary_of_a_notice_is_not_believed(recorded_shelf: Path, cache_dir: Path) -> None:
    gc.collect()
    (path,) = cache_dir.glob(f"*{database.SUFFIX}")
    loaded = without_cache(recorded_shelf)
    expected = (answers.notice_list(loaded), answers.headlines(loaded))
    with sqlite3.connect(path) as connection:
        assert connection.execute("UPDATE summaries SET value = replace(value, '1', '2')").rowcount
    connection.close()
    stored = load_library([recorded_shelf])
    assert (answers.notice_list(stored), answers.headlines(stored)) == expected


def test_two_spellings_of_one_library_share_what_is_known(
    recorded_shelf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spelled = recorded_shelf.parent / "." / recorded_shelf.name
    monkeypatch.setattr(loading, "read_data_files", must_not_index)
    assert [notice.key for notice in load_library([spelled]).notices] == ["a", "b", "c"]


def must_not_index(*_: object) -> None:
    raise AssertionError("a whole notice was indexed")


def test_partners_and_key_populations_over_a_library_hold_one_notice_at_a_time(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_library import notice_copy

    shelf = tmp_path / "copies"
    for key in ("a", "b", "c"):
        notice_copy(shelf / key, key=key)

    def asked(library: Library) -> tuple[object, ...]:
        return (
            answers.partners(library, "市公安局"),
            answers.find_populations(library, None),
            answers.find_populations(library, None, unit="市公安局"),
        )

    expected = asked(without_cache(shelf))
    monkeypatch.setattr(loading, "SETTLED_NS", 0)
    time.sleep(0.01)
    load_library([shelf])
    library = load_library([shelf])
    held: list[int] = []  # how many other notices held their data as each one was read
    read = Notice.dataset.fget
    assert read is not None

    def noted(notice: Notice) -> Dataset:
        if not notice.loaded:
            held.append(sum(other.loaded for other in library.notices))
        return read(notice)

    monkeypatch.setattr(Notice, "dataset", property(noted))
    assert asked(library) == expected
    assert held == [0] * 9


def test_a_library_compiled_afresh_keeps_no_notices_data_once_each_is_stored(
    shelf: Path, cache_dir: Path
) -> None:
    """Ten thousand notices compiled in one run are not all held: each is read again when asked."""
    library = load_library([shelf])
    assert not any(notice.loaded for notice in library.notices)
    assert answers.unit_report(library, "公安局") == answers.unit_report(without_cache(shelf), "公安局")
