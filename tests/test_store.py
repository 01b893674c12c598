"""The database under the answers: its schema is versioned in one place, and a reader in another process
during a rebuild gets the old answer or the new one, never an error."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES
from taskmap.store import database

TEXTS = ("推动实名登记。", "推动实名认证。")
ROUNDS = 14

WRITER = """
import os, sys
from pathlib import Path
from taskmap.loading import load_dataset
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
from taskmap.loading import load_dataset
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
