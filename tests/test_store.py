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
        for table in (*database.DERIVED_TABLES, "texts_index"):
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


def test_depts_and_the_matrix_from_the_database_answer_as_every_notice_read_in_turn(tmp_path: Path) -> None:
    from conftest import shelf_of
    from taskmap.questions import answers
    from taskmap.store.library_loading import load_library

    shelf = shelf_of(
        tmp_path / "shelf", ["03-guofa-2018-39-jiuye.txt", "05-guobanfa-2018-121-tiyu-saishi.txt"]
    )
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
    assert whole and parts and set(whole) <= set(parts)
    assert store.tasks_containing(["k" * 64], ["信"]) and store.tasks_containing(["x" * 64], ["信"]) == []
    store.close()
