"""The database under the answers: its schema is versioned in one place, and a reader in another process
during a rebuild gets the old answer or the new one, never an error."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES
from taskmap.store import database

TEXTS = ("推动实名登记。", "推动实名认证。")
ROUNDS = 14

WRITER = """
import os, sys
from pathlib import Path
from typing import Any
from taskmap.store.loading import load_dataset
from taskmap.store.database import SUFFIX
data, cache, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
annex = data / "annexes" / "annex-1.yaml"
original = annex.read_text(encoding="utf-8")
for round in range(rounds):
    if round % 7 == 6:  # a damaged database, thrown away and built again under the reader's feet
        for path in cache.glob(f"*{SUFFIX}"):
            path.write_bytes(path.read_bytes()[:1000])
    text = original.replace("推动实名登记。", ("推动实名登记。", "推动实名认证。")[round % 2])
    temporary = annex.with_name(".annex-1.yaml.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, annex)
    assert load_dataset(data).tasks["1.1.3"].text in text
(data / ".done").touch()
"""

READER = """
import sys
from pathlib import Path
from typing import Any
from taskmap.store.loading import load_dataset
data = Path(sys.argv[1])
answers = set()
while not (data / ".done").exists():
    answers.add(load_dataset(data).tasks["1.1.3"].text)
print(len(answers), *sorted(answers))
"""


def test_every_schema_version_has_its_one_migration() -> None:
    assert sorted(database.MIGRATIONS) == list(range(1, database.SCHEMA_VERSION + 1))


def test_a_new_database_carries_the_application_id_and_the_schema_version(tmp_path: Path) -> None:
    database.Database.open(tmp_path / f"x{database.SUFFIX}").close()
    with sqlite3.connect(tmp_path / f"x{database.SUFFIX}") as connection:
        assert connection.execute("PRAGMA application_id").fetchone() == (database.APPLICATION_ID,)
        assert connection.execute("PRAGMA user_version").fetchone() == (database.SCHEMA_VERSION,)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()


def test_readers_during_rebuilds_get_the_old_or_the_new_answer_never_an_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "minimal", data)
    cache = tmp_path / "cache"
    env = {**os.environ, "TASKMAP_CACHE_DIR": str(cache)}
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(data)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    writer = subprocess.run(
        [sys.executable, "-c", WRITER, str(data), str(cache), str(ROUNDS)],
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    if writer.returncode:
        (data / ".done").touch()
    out, err = reader.communicate(timeout=300)
    assert writer.returncode == 0, writer.stderr.decode()
    assert reader.returncode == 0, err.decode()
    count, *seen = out.decode().split()
    assert set(seen) <= set(TEXTS) and int(count) >= 1


def _rows(path: Path, query: str, *parameters: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(query, parameters).fetchall()
    connection.close()
    return rows


def _stored_notice(tmp_path: Path) -> tuple[Path, str, object]:
    """The shipped notice stored in a database of its own: its path, content key and dataset."""
    from taskmap.dataset import split_export
    from taskmap.store.loading import load_dataset

    dataset = load_dataset()
    path = tmp_path / f"x{database.SUFFIX}"
    store = database.Database.open(path)
    store.store_compiled("k" * 64, *split_export(dataset.to_dict()))
    store.close()
    return path, "k" * 64, dataset


def test_storing_a_notice_fills_its_assignments_spellings_and_units(tmp_path: Path) -> None:
    from taskmap.registry import normalise

    path, key, dataset = _stored_notice(tmp_path)
    assert isinstance(path, Path)
    for department in dataset.departments.values():  # type: ignore[attr-defined]
        rows = _rows(
            path,
            "SELECT role, task FROM assignments WHERE unit = ? AND content_key = ? "
            "ORDER BY CASE role WHEN 'lead' THEN 0 WHEN 'support' THEN 1 WHEN 'responsible' THEN 2 "
            "ELSE 3 END, position",
            department.name,
            key,
        )
        assert rows == [tuple(pair) for pair in dataset.assignments(department.name)]  # type: ignore[attr-defined]
        named = _rows(
            path,
            "SELECT kind, populations FROM unit_notices WHERE unit = ? AND content_key = ?",
            department.name,
            key,
        )
        led = len(dataset.populations_led(department.name))  # type: ignore[attr-defined]
        assert named == [(department.kind, led)]
        for name in (department.name, *department.aliases):
            found = _rows(path, "SELECT unit, kind FROM spellings WHERE spelling = ?", normalise(name))
            assert found == [(department.name, department.kind)]


def test_a_clause_naming_a_unit_is_its_assignment_clause() -> None:
    held = {"甲": {"lead": [0]}, "乙": {"lead": [0]}, "丙": {"support": [0]}}
    index = {"task_ids": ["1"], "departments_at": 1, "populations_led": {"乙": [0]}, "assignments": held}
    task = {
        "text": "甲乙丙",
        "lead": ["甲", "乙"],
        "support": ["丙"],
        "clauses": [{"text": "a", "lead": ["甲"]}, {"text": "b", "lead": ["乙"], "support": ["丙"]}],
    }
    units = {
        "departments": [{"name": n, "kind": "other", "spellings": [], "short_forms": []} for n in "甲乙丙"]
    }
    _, assignments, named, texts = database.derived_rows(index, [task, units])
    assert assignments == [(0, "1", "甲", "lead", 0), (0, "1", "乙", "lead", 1), (0, "1", "丙", "support", 1)]
    assert named == [
        ("甲", 0, "other", 0, 1, 0, 0, 0),
        ("乙", 1, "other", 1, 1, 0, 0, 0),
        ("丙", 2, "other", 0, 0, 1, 0, 0),
    ]
    assert texts == [(0, "甲乙丙")]


def test_a_version_1_database_is_migrated_with_the_rows_of_its_stored_notices(tmp_path: Path) -> None:
    path, key, _ = _stored_notice(tmp_path)
    expected = _rows(path, "SELECT * FROM assignments ORDER BY unit, role, position")
    assert expected
    with sqlite3.connect(path) as connection:
        for table in (*database.DERIVED_TABLES, "texts_index", "summaries"):
            connection.execute(f"DROP TABLE {table}")
        connection.execute("PRAGMA user_version = 1")
    connection.close()
    database.Database.open(path).close()
    assert _rows(path, "PRAGMA user_version") == [(database.SCHEMA_VERSION,)]
    assert _rows(path, "SELECT * FROM assignments ORDER BY unit, role, position") == expected
    assert _rows(path, "SELECT count(*) FROM unit_notices WHERE content_key = ?", key) != [(0,)]


SEARCHED = [
    "互联网+",
    "信",
    "信用",
    "信用信息",
    "推进 信",
    "服务 互联网+",
    "（",
    "+",
    "十",
    "政务 诚信 建设",
    "ab",
]


def _hits(library: Any, words: str, unit: str | None) -> Any:
    from taskmap.errors import NotFound
    from taskmap.questions import answers

    try:
        return [(hit.task.ref, hit.spans) for hit in answers.search_tasks(library, words, unit=unit).hits]
    except NotFound as error:
        return str(error)


@pytest.fixture
def shelf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped notice and two State Council documents of the corpus, in a library whose database
    lies in a cache directory of its own (tmp_path / "cache")."""
    from conftest import shelf_of

    monkeypatch.setenv(database.CACHE_ENV, str(tmp_path / "cache"))
    return shelf_of(
        tmp_path / "shelf", ["03-guofa-2018-39-jiuye.txt", "05-guobanfa-2018-121-tiyu-saishi.txt"]
    )


def test_search_from_the_trigram_index_answers_as_every_notice_read_in_turn(tmp_path: Path) -> None:
    from conftest import shelf_of
    from taskmap.store.library_loading import load_library

    shelf = shelf_of(
        tmp_path / "shelf",
        ["01-guofa-2019-3-zonghe-baoshuiqu.txt", "07-guobanfa-2018-126-chuangxin-table.txt"],
    )
    library = load_library([shelf])
    stored = library.database
    assert stored is not None
    for words in SEARCHED:
        for unit in (None, "市公安局", "发展改革委"):
            library.database = stored
            from_index = _hits(library, words, unit)
            library.database = None
            assert from_index == _hits(library, words, unit), (words, unit)
    library.database = stored
    assert _hits(library, "互联网+", None) != _hits(library, "互联网", None)
    assert len(_hits(library, "信", None)) > len(_hits(library, "信用", None)) > 0


def test_depts_and_the_matrix_from_the_database_answer_as_every_notice_read_in_turn(shelf: Path) -> None:
    from taskmap.questions import answers
    from taskmap.store.library_loading import load_library

    library = load_library([shelf])
    stored = library.database
    assert stored is not None
    asked: list[Any] = [
        *(
            ("depts", kind, sort)
            for kind in (None, "government_department")
            for sort in ("name", "total", "lead")
        ),
        *(("matrix", sort) for sort in ("name", "total", "support")),
    ]
    for question in asked:
        given = []
        for database_given in (stored, None):
            library.database = database_given
            if question[0] == "depts":
                given.append(answers.unit_summaries(library, kind=question[1], sort=question[2]))
            else:
                given.append(answers.load_matrix(library, question[1]))
        assert given[0] == given[1], question
    library.database = stored
    assert answers._unit_loads(library) is not None


def test_the_matrix_read_a_unit_at_a_time_is_the_whole_matrix_even_when_the_database_fails_midway(
    shelf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taskmap.questions import answers
    from taskmap.store.library_loading import load_library

    keys = [notice.content_key for notice in load_library([shelf]).notices]

    def failing_once_read(self: database.Database, names: list[str], take: Any) -> bool:
        for key in keys:  # what it gave before it failed, which is not to be believed
            take(key, (names[0], "department", 0, 99, 99, 99, 99))
        return False

    for sort in ("total", "name", "lead"):
        library = load_library([shelf])
        whole = answers.load_matrix(library, sort).rows
        assert list(answers.matrix_rows(library, sort) or ()) == whole
        for failing in (lambda self, names, take: False, failing_once_read):
            with monkeypatch.context() as patch:
                patch.setattr(database.Database, "units_called", failing)
                assert list(answers.matrix_rows(load_library([shelf]), sort) or ()) == whole


def test_depts_kept_for_a_library_are_summed_again_when_a_notice_changes(shelf: Path) -> None:
    from taskmap.questions import answers
    from taskmap.store.library_loading import load_library

    whole = answers.unit_summaries(load_library([shelf]))
    kept = load_library([shelf])
    assert kept.database is not None and kept.database.library_part(answers.UNIT_TOTALS) is not None
    assert answers.unit_summaries(kept) == whole
    annex = shelf / "credit" / "annexes" / "annex-1.yaml"  # a task led by its units is now supported
    annex.write_text(annex.read_text(encoding="utf-8").replace("    lead: [", "    support: [", 1), "utf-8")
    edited = load_library([shelf])
    summed = answers.unit_summaries(edited)
    edited.database = None
    assert summed == answers.unit_summaries(edited) != whole
    shutil.rmtree(shelf / "credit")
    fewer = load_library([shelf])
    summed = answers.unit_summaries(fewer)
    fewer.database = None
    assert summed == answers.unit_summaries(fewer) != whole


def test_words_of_three_characters_are_found_through_the_index_shorter_ones_by_a_scan(tmp_path: Path) -> None:
    path, _, _ = _stored_notice(tmp_path)
    with sqlite3.connect(path) as connection:
        long = connection.execute(
            "EXPLAIN QUERY PLAN SELECT rowid FROM texts_index WHERE texts_index MATCH ?", ('"信用修"',)
        ).fetchall()
        assert any("VIRTUAL TABLE INDEX" in row[-1] for row in long)
        assert (
            connection.execute(
                "SELECT count(*) FROM texts_index WHERE texts_index MATCH ?", ('"信用修复"',)
            ).fetchone()
            == connection.execute("SELECT count(*) FROM texts WHERE instr(folded, '信用修复') > 0").fetchone()
        )
    connection.close()
    store = database.Database.open(path)
    whole = store.tasks_containing(["k" * 64], ["信用修复"])
    parts = store.tasks_containing(["k" * 64], ["信用", "修复"])
    assert whole and parts and set(whole["k" * 64]) <= set(parts["k" * 64])
    assert store.tasks_containing(["k" * 64], ["信"]) and store.tasks_containing(["x" * 64], ["信"]) == {}
    store.close()


def _notices(count: int) -> list[tuple[str, dict[str, Any], list[dict[str, Any]]]]:
    """The shipped notice compiled, stored under `count` made-up content keys."""
    from taskmap.dataset import split_export
    from taskmap.store.loading import load_dataset

    index, records = split_export(load_dataset().to_dict())
    return [(f"{number:064x}", index, records) for number in range(count)]


def _stored_keys(path: Path) -> list[str]:
    """The content keys another connection sees stored, each with every row of its notice."""
    keys = [key for (key,) in _rows(path, "SELECT content_key FROM compiled ORDER BY content_key")]
    for key in keys:
        for table in database.DERIVED_TABLES:
            assert _rows(path, f"SELECT count(*) FROM {table} WHERE content_key = ?", key) != [(0,)]
    return keys


def test_a_build_commits_whole_notices_a_batch_at_a_time_and_readers_see_only_whole_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BATCH_NOTICES", 3)
    path = tmp_path / f"x{database.SUFFIX}"
    store = database.Database.open(path)
    notices = _notices(7)
    seen = []
    with store.storing(len(notices)):
        for key, index, records in notices:
            store.store_compiled(key, index, records)
            assert store.compiled(key) is not None  # the builder reads what it stored at once
            seen.append(len(_stored_keys(path)))
    assert seen == [0, 0, 3, 3, 3, 6, 6]
    assert _stored_keys(path) == [key for key, _, _ in notices]
    store.close()


def test_a_build_stopped_by_an_error_keeps_its_whole_notices_and_an_interrupted_one_its_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BATCH_NOTICES", 2)
    notices = _notices(5)
    for stop, kept in ((ValueError, 3), (KeyboardInterrupt, 2)):
        path = tmp_path / f"{stop.__name__}{database.SUFFIX}"
        store = database.Database.open(path)
        with pytest.raises(stop), store.storing(len(notices)):
            for key, index, records in notices[:3]:
                store.store_compiled(key, index, records)
            key, index, records = notices[3]
            with pytest.raises(IndexError):
                store.store_compiled(key, index, records[:1])  # fails half-way: no row of it is kept
            raise stop
        assert _stored_keys(path) == [key for key, _, _ in notices[:kept]]
        store.close()


def test_the_trigram_index_holds_each_stored_text_once_through_rebuilds(tmp_path: Path) -> None:
    path = tmp_path / f"x{database.SUFFIX}"
    store = database.Database.open(path)
    notices = _notices(3)
    with store.storing(len(notices)):
        for key, index, records in [*notices, notices[1]]:  # one notice stored twice: replaced
            store.store_compiled(key, index, records)
    store.close()
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO texts_index (texts_index) VALUES ('integrity-check')")
        (texts,) = connection.execute("SELECT count(*) FROM texts").fetchone()
        (found,) = connection.execute(
            "SELECT count(*) FROM texts_index WHERE texts_index MATCH ?", ('"信用修复"',)
        ).fetchone()
        (scanned,) = connection.execute(
            "SELECT count(*) FROM texts WHERE instr(folded, '信用修复') > 0"
        ).fetchone()
    connection.close()
    assert texts == 3 * len(notices[0][1]["task_ids"]) and found == scanned > 0


def test_a_version_2_database_is_laid_out_again_with_the_rows_of_its_stored_notices(tmp_path: Path) -> None:
    path, key, _ = _stored_notice(tmp_path)
    orders = {
        "assignments": "unit, role, position",
        "unit_notices": "position",
        "spellings": "spelling",
        "texts": "position",
    }
    expected = {
        table: _rows(path, f"SELECT * FROM {table} ORDER BY {order}") for table, order in orders.items()
    }
    with sqlite3.connect(path) as connection:
        for table in (*database.DERIVED_TABLES, "texts_index", "summaries"):
            connection.execute(f"DROP TABLE {table}")
        database.MIGRATIONS[2](connection)
        connection.execute("INSERT INTO texts VALUES (1, ?, 0, 'a row version 3 replaces', '')", (key,))
        connection.execute("PRAGMA user_version = 2")
    connection.close()
    database.Database.open(path).close()
    assert _rows(path, "PRAGMA user_version") == [(database.SCHEMA_VERSION,)]
    for table, order in orders.items():
        assert _rows(path, f"SELECT * FROM {table} ORDER BY {order}") == expected[table], table
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO texts_index (texts_index) VALUES ('integrity-check')")
        assert connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall() == [
            ("texts_removed",)
        ]
    connection.close()


def test_a_version_3_database_keeps_its_notices_and_looks_at_each_directory_afresh(
    tmp_path: Path, shelf: Path
) -> None:
    from taskmap.questions import answers
    from taskmap.store.library_loading import load_library

    before = answers.notice_list(load_library([shelf]))
    (path,) = (tmp_path / "cache").glob(f"*{database.SUFFIX}")
    compiled = _rows(path, "SELECT content_key, checksum FROM compiled ORDER BY content_key")
    with sqlite3.connect(path) as connection:  # what version 3 held: a listing read whole
        connection.execute("DROP TABLE directories")
        connection.execute("DROP TABLE summaries")
        connection.execute(
            "CREATE TABLE directories (path TEXT PRIMARY KEY, known TEXT NOT NULL, checksum TEXT NOT NULL)"
        )
        connection.execute("INSERT INTO directories VALUES ('a notice', '{}', '')")
        connection.execute("INSERT INTO library VALUES ('listing', '{}', '')")
        connection.execute("PRAGMA user_version = 3")
    connection.close()
    assert answers.notice_list(load_library([shelf])) == before
    assert _rows(path, "PRAGMA user_version") == [(database.SCHEMA_VERSION,)]
    assert _rows(path, "SELECT content_key, checksum FROM compiled ORDER BY content_key") == compiled
    assert _rows(path, "SELECT part FROM library WHERE part = 'listing'") == []
    assert sorted(key for (key,) in _rows(path, "SELECT content_key FROM directories")) == [
        key for key, _ in compiled
    ]


def test_a_notices_units_row_with_a_count_changed_is_not_believed(tmp_path: Path, shelf: Path) -> None:
    from taskmap.questions import answers
    from taskmap.store.library_loading import load_library

    library = load_library([shelf])
    library.database = None
    truth = answers.unit_summaries(library)
    (path,) = (tmp_path / "cache").glob(f"*{database.SUFFIX}")
    ((key, units),) = _rows(path, "SELECT content_key, units FROM notice_units LIMIT 1")
    changed = units.replace(",0,", ",7,", 1)
    assert changed != units
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE notice_units SET units = ? WHERE content_key = ?", (changed, key))
        connection.execute("DELETE FROM library")  # the totals summed from it before
    connection.close()
    assert answers.unit_summaries(load_library([shelf])) == truth


def test_a_version_4_database_gets_each_notices_units_in_one_row_from_its_unit_rows(
    tmp_path: Path, shelf: Path
) -> None:
    from taskmap.questions import answers
    from taskmap.store.library_loading import load_library

    before = answers.unit_summaries(load_library([shelf]))
    (path,) = (tmp_path / "cache").glob(f"*{database.SUFFIX}")
    stored = _rows(path, "SELECT * FROM notice_units ORDER BY content_key")
    assert len(stored) == len(_rows(path, "SELECT DISTINCT content_key FROM unit_notices")) > 1
    with sqlite3.connect(path) as connection:  # what version 4 held: the units of notices as rows alone
        connection.execute("DROP TABLE notice_units")
        connection.execute("DELETE FROM library")
        connection.execute("PRAGMA user_version = 4")
    connection.close()
    assert answers.unit_summaries(load_library([shelf])) == before
    assert _rows(path, "PRAGMA user_version") == [(database.SCHEMA_VERSION,)]
    assert _rows(path, "SELECT * FROM notice_units ORDER BY content_key") == stored


def test_a_write_the_database_cannot_begin_is_not_made_and_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 10)
    path = tmp_path / f"x{database.SUFFIX}"
    store = database.Database.open(path)
    (key, index, records), (other, _, _) = _notices(2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer, for longer than the busy timeout
    store.store_compiled(key, index, records)
    with store.storing(1):
        store.store_compiled(other, index, records)
    holder.execute("ROLLBACK")
    holder.close()
    assert store.compiled(key) is None and store.compiled(other) is None
    store.store_compiled(key, index, records)
    assert store.compiled(key) is not None
    store.close()


def test_a_build_gives_its_large_page_cache_back_for_the_questions_after_it(tmp_path: Path) -> None:
    store = database.Database.open(tmp_path / f"x{database.SUFFIX}")
    cache = "PRAGMA cache_size"
    before = store._connection.execute(cache).fetchall()
    with store.storing(1):
        assert store._connection.execute(cache).fetchall() == [(-database.BUILD_CACHE_KIB,)]
        store.store_compiled(*_notices(1)[0])
    assert store._connection.execute(cache).fetchall() == before == [(database.DEFAULT_CACHE,)]
    store.close()
