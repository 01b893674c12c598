"""The SQLite database a library's notices are compiled into, one per library in the cache directory.

Nothing read from it is believed unchecked. The file must carry taskmap's application id and a schema
version this code knows (older ones are migrated, one function per version); every row carries a BLAKE2b
digest of its bytes keyed by its notice's content key, checked as it is read, so a changed byte or a row
of another notice fails. A file that is no database, a foreign one, one of an unknown version, or one
that fails a check or raises an SQLite error while read is removed and built afresh from the YAML: it is
never an answer and never an error. Writes happen in WAL mode in one transaction each (building a
library, a batch of whole notices to a transaction), so a reader sees the database before or after a
notice's rebuild, never half of it, and a build interrupted leaves the whole notices it committed. A
cache directory that cannot hold a database (missing, read-only, a file) means a database in memory.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from contextvars import ContextVar
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

try:  # hashlib's own BLAKE2b, without the 4 ms `import hashlib` spends loading OpenSSL
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

CACHE_ENV = "TASKMAP_CACHE_DIR"
APPLICATION_ID = 0x546D6170  # "Tmap": a file in our place without it is foreign
SUFFIX = ".sqlite3"
KEY_BYTES = 32  # a content key: BLAKE2b-256
CHECK_BYTES = 16  # the digest that checks a row
KEEP_UNHELD_NS = 60 * 10**9  # how long a compiled form no directory holds is kept for readers
BUSY_TIMEOUT_MS = 30_000  # a writer waits for another writer; readers never wait in WAL mode
BATCH_NOTICES = 100  # notices stored in one transaction while building
# A page cache of this many KiB while building holds the pages every notice's rows go to (the ends of the
# indexes by unit, the trigram index's segments), which SQLite's default 2 MiB keeps reading again.
BUILD_CACHE_KIB = 64 * 1024
DEFAULT_CACHE = -2000  # SQLite's own default, in KiB
JsonDict = dict[str, Any]
# How far a build has come, for the CLI to draw a bar on a terminal (the store draws nothing): called
# with the number of notices in all, it gives what `Database.storing` tells each notice done.
BuildProgress = Callable[[int], AbstractContextManager[Callable[[int], None]]]
build_progress: ContextVar[BuildProgress | None] = ContextVar("build_progress", default=None)


def _told_nothing(done: int) -> None:
    """Progress nobody watches."""


def fingerprint(*parts: bytes) -> str:
    """A BLAKE2b-256 digest of `parts`, each framed by its length so that no two sequences collide."""
    digest = blake2b(digest_size=KEY_BYTES)
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def cache_dir() -> Path:
    """`TASKMAP_CACHE_DIR`, else the platform's user cache directory."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    if sys.platform == "linux":
        # What platformdirs answers on Linux (the XDG base directory rule), without the 3 ms its import
        # adds to every run; other platforms ask platformdirs.
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
        return base / "taskmap"
    import platformdirs

    return Path(platformdirs.user_cache_dir("taskmap", appauthor=False))


def _check(body: str, key: str) -> str:
    data = body.encode("utf-8", "surrogatepass")
    return blake2b(data, digest_size=CHECK_BYTES, key=key.encode()[:64]).hexdigest()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _joined(fields: Iterable[object]) -> str:
    """A row's fields as its digest reads them, one a line: half what JSON costs, and as exact for fields
    that hold no line break (names, codes, numbers)."""
    return "\n".join(map(str, fields))


def _version_1(connection: sqlite3.Connection) -> None:
    """Compiled notices by content key (their index and records) and what is known of each directory."""
    for statement in (
        """CREATE TABLE compiled (
            content_key TEXT PRIMARY KEY,
            dataset TEXT NOT NULL,
            departments_at INTEGER NOT NULL,
            stored_at INTEGER NOT NULL,
            checksum TEXT NOT NULL
        )""",
        """CREATE TABLE records (
            content_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            body TEXT NOT NULL,
            checksum TEXT NOT NULL,
            PRIMARY KEY (content_key, position)
        ) WITHOUT ROWID""",
        "CREATE TABLE directories (path TEXT PRIMARY KEY, known TEXT NOT NULL, checksum TEXT NOT NULL)",
        "CREATE TABLE library (part TEXT PRIMARY KEY, value TEXT NOT NULL, checksum TEXT NOT NULL)",
    ):
        connection.execute(statement)


def _version_2(connection: sqlite3.Connection) -> None:
    """Who does what as rows: every spelling of each notice's units, every assignment (notice, task,
    unit, role, clause) and each notice's units (in its order, with their kind, how many key
    populations each leads and its tasks in each role), indexed by unit; each task's text as search
    compares it, in an FTS5 trigram index. Version 3 lays them out anew and fills them."""
    for statement in (
        """CREATE TABLE spellings (
            content_key TEXT NOT NULL,
            spelling TEXT NOT NULL,
            unit TEXT NOT NULL,
            kind TEXT NOT NULL,
            checksum TEXT NOT NULL,
            PRIMARY KEY (content_key, spelling)
        ) WITHOUT ROWID""",
        "CREATE INDEX spellings_by_spelling ON spellings (spelling)",
        """CREATE TABLE assignments (
            content_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            task TEXT NOT NULL,
            unit TEXT NOT NULL,
            role TEXT NOT NULL,
            clause INTEGER,
            checksum TEXT NOT NULL,
            PRIMARY KEY (content_key, unit, role, position)
        ) WITHOUT ROWID""",
        "CREATE INDEX assignments_by_unit ON assignments (unit, content_key)",
        """CREATE TABLE unit_notices (
            unit TEXT NOT NULL,
            content_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            populations INTEGER NOT NULL,
            lead INTEGER NOT NULL,
            support INTEGER NOT NULL,
            responsible INTEGER NOT NULL,
            guide INTEGER NOT NULL,
            checksum TEXT NOT NULL,
            PRIMARY KEY (unit, content_key)
        ) WITHOUT ROWID""",
        "CREATE INDEX unit_notices_by_notice ON unit_notices (content_key, position)",
        """CREATE TABLE texts (
            id INTEGER PRIMARY KEY,
            content_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            folded TEXT NOT NULL,
            checksum TEXT NOT NULL,
            UNIQUE (content_key, position)
        )""",
        "CREATE VIRTUAL TABLE texts_index USING fts5(folded, content='texts', content_rowid='id', "
        "tokenize='trigram')",
        """CREATE TRIGGER texts_added AFTER INSERT ON texts BEGIN
            INSERT INTO texts_index (rowid, folded) VALUES (new.id, new.folded);
        END""",
        """CREATE TRIGGER texts_removed AFTER DELETE ON texts BEGIN
            INSERT INTO texts_index (texts_index, rowid, folded) VALUES ('delete', old.id, old.folded);
        END""",
    ):
        connection.execute(statement)


def _version_3(connection: sqlite3.Connection) -> None:
    """The rows of who does what laid out to be written fast at any size, and filled for the notices
    already stored: tables with a rowid, so that an index by unit or spelling ends in the order rows
    were stored and a notice's rows are appended to it (keyed by content key, they landed on a page
    anywhere in it: a page written per row, and more the larger the library); a notice's rows found by
    their content key; texts indexed by one statement per notice, not by a trigger per row (which costs
    FTS5 far more); digests of plain joined fields rather than of JSON."""
    for table in ("spellings", "assignments", "unit_notices", "texts", "texts_index"):
        connection.execute(f"DROP TABLE {table}")
    for statement in (
        """CREATE TABLE spellings (
            content_key TEXT NOT NULL,
            spelling TEXT NOT NULL,
            unit TEXT NOT NULL,
            kind TEXT NOT NULL,
            checksum TEXT NOT NULL,
            UNIQUE (content_key, spelling)
        )""",
        "CREATE INDEX spellings_by_spelling ON spellings (spelling)",
        """CREATE TABLE assignments (
            content_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            task TEXT NOT NULL,
            unit TEXT NOT NULL,
            role TEXT NOT NULL,
            clause INTEGER,
            checksum TEXT NOT NULL
        )""",
        "CREATE INDEX assignments_by_notice ON assignments (content_key)",
        "CREATE INDEX assignments_by_unit ON assignments (unit)",
        """CREATE TABLE unit_notices (
            unit TEXT NOT NULL,
            content_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            populations INTEGER NOT NULL,
            lead INTEGER NOT NULL,
            support INTEGER NOT NULL,
            responsible INTEGER NOT NULL,
            guide INTEGER NOT NULL,
            checksum TEXT NOT NULL,
            UNIQUE (content_key, position)
        )""",
        "CREATE INDEX unit_notices_by_unit ON unit_notices (unit)",
        """CREATE TABLE texts (
            id INTEGER PRIMARY KEY,
            content_key TEXT NOT NULL,
            position INTEGER NOT NULL,
            folded TEXT NOT NULL,
            checksum TEXT NOT NULL,
            UNIQUE (content_key, position)
        )""",
        "CREATE VIRTUAL TABLE texts_index USING fts5(folded, content='texts', content_rowid='id', "
        "tokenize='trigram')",
        """CREATE TRIGGER texts_removed AFTER DELETE ON texts BEGIN
            INSERT INTO texts_index (texts_index, rowid, folded) VALUES ('delete', old.id, old.folded);
        END""",
    ):
        connection.execute(statement)
    stored = connection.execute("SELECT content_key, dataset FROM compiled").fetchall()
    for key, dataset in stored:
        index = json.loads(dataset)
        bodies = connection.execute(
            "SELECT body FROM records WHERE content_key = ? ORDER BY position", (key,)
        ).fetchall()
        records = [json.loads(body) for (body,) in bodies]
        _insert_who_does_what(connection, key, index, records)


# One function per schema version, each taking the database from the version before to its own.
def _version_4(connection: sqlite3.Connection) -> None:
    """A row per directory, its record's fields as columns, and a row per content key for each of what
    `notices` lists and what `stats` says: an edit of one notice of ten thousand writes its own rows
    (the library's listing and figures were each one value, rewritten whole), an unchanged library reads
    its records without parsing JSON, and what no directory holds is found by a query. Records of the
    older form are dropped, so each directory is looked at afresh once (its compiled form, found by its
    content key, is kept)."""
    connection.execute("DROP TABLE directories")
    for statement in (
        """CREATE TABLE directories (
            path TEXT PRIMARY KEY,
            content_key TEXT NOT NULL,
            names TEXT NOT NULL,
            stats TEXT NOT NULL,
            latest INTEGER NOT NULL,
            checked_at INTEGER NOT NULL,
            notice_key TEXT,
            jurisdiction TEXT,
            units TEXT,
            departments_at INTEGER,
            checksum TEXT NOT NULL
        )""",
        "CREATE INDEX directories_by_key ON directories (content_key)",
        """CREATE TABLE summaries (
            content_key TEXT NOT NULL,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            checksum TEXT NOT NULL,
            PRIMARY KEY (content_key, kind)
        ) WITHOUT ROWID""",
        "DELETE FROM library WHERE part IN ('listing', 'facts', 'headlines')",
    ):
        connection.execute(statement)


def _version_5(connection: sqlite3.Connection) -> None:
    """Each notice's units in one row, checked once, filled from their rows: summing every unit's counts
    over ten thousand notices checked 450,000 rows one by one (3 s after any edit); the rows stay, by
    unit, for the matrix."""
    connection.execute(
        "CREATE TABLE notice_units (content_key TEXT PRIMARY KEY, units TEXT NOT NULL, "
        "checksum TEXT NOT NULL) WITHOUT ROWID"
    )
    rows = connection.execute(
        "SELECT content_key, unit, position, kind, populations, lead, support, responsible, guide "
        "FROM unit_notices ORDER BY content_key, position"
    )
    for key, units in groupby(rows, key=itemgetter(0)):
        _insert_notice_units(connection, key, [unit[1:] for unit in units])


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _version_1,
    2: _version_2,
    3: _version_3,
    4: _version_4,
    5: _version_5,
}
SCHEMA_VERSION = max(MIGRATIONS)


class Damaged(Exception):
    """The database failed a check; it is removed and built afresh."""


class _NotWritten(Exception):
    """The database could not begin a write (locked past the busy timeout, read-only, full): the write
    is not made, which only loses work."""


class Database:
    """One library's compiled notices; every method gives None (or nothing) rather than fail."""

    def __init__(self, connection: sqlite3.Connection, path: Path | None) -> None:
        self._connection = connection
        self.path = path
        self._batch: int | None = None  # within `storing`: notices stored in the open write transaction

    @classmethod
    def of_library(cls, source: str) -> Database:
        """The database of the library (or lone notice) the cache knows as `source`, created if need be."""
        return cls.open(cache_dir() / f"{source}{SUFFIX}")

    @classmethod
    def open(cls, path: Path) -> Database:
        """The database at `path`, checked; a damaged one is removed and made anew (in memory if need be)."""
        for attempt in range(2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                return cls(_opened(path), path)
            except (sqlite3.Error, Damaged):
                if attempt == 0:
                    _remove(path)
            except OSError:
                break
        return cls(_opened(None), None)

    @classmethod
    def open_shipped(cls, path: Path) -> Database | None:
        """The database a wheel carries, read only; None when it is not there or fails its checks."""
        try:
            connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
            _check_header(connection)
        except (sqlite3.Error, Damaged, ValueError):
            return None
        return cls(connection, None)

    def _damaged(self) -> None:
        """Throw the file away and go on with a fresh one: what was read from it is not believed."""
        self._connection.close()
        self._batch = None if self._batch is None else 0
        if self.path is None:
            self._connection = _opened(None)
            return
        _remove(self.path)
        fresh = Database.open(self.path)
        self._connection, self.path = fresh._connection, fresh.path

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """Reads within one snapshot, held until this process next writes: a notice's index and its
        records are always of one state of the database, whatever other processes commit meanwhile."""
        try:
            if not self._connection.in_transaction:
                self._connection.execute("BEGIN")
            yield self._connection
        except (sqlite3.Error, Damaged, ValueError, TypeError, KeyError):
            self._damaged()
            raise Damaged from None

    def compiled(self, key: str) -> tuple[JsonDict, int] | None:
        """The index of the notice compiled with content key `key`, and where its units record lies."""
        try:
            with self._reading() as connection:
                row = connection.execute(
                    "SELECT dataset, departments_at, checksum FROM compiled WHERE content_key = ?", (key,)
                ).fetchone()
                if row is None:
                    return None
                dataset, departments_at, checksum = row
                if checksum != _check(f"{dataset}\n{departments_at}", key):
                    raise Damaged
                index: JsonDict = json.loads(dataset)
                return index, departments_at
        except Damaged:
            return None

    def records(self, key: str, positions: list[int]) -> list[JsonDict] | None:
        """The records at `positions` of a compiled notice, in that order; None if any is missing or fails."""
        try:
            with self._reading() as connection:
                rows = connection.execute(
                    "SELECT position, body, checksum FROM records WHERE content_key = ? "
                    "AND position IN (SELECT value FROM json_each(?))",
                    (key, json.dumps(positions)),
                ).fetchall()
                bodies = {}
                for position, body, checksum in rows:
                    if checksum != _check(body, key):
                        raise Damaged
                    bodies[position] = body
                if len(bodies) != len(set(positions)):
                    raise Damaged
                parsed: list[JsonDict] = json.loads("[" + ",".join(bodies[p] for p in positions) + "]")
                return parsed
        except Damaged:
            return None

    def records_at(self, places: list[tuple[str, int]], take: Callable[[str, JsonDict], None]) -> bool:
        """Give `take` each stored notice's record at these (content key, position) places, by content
        key, as one query reads them; False if any is missing or fails its check (what was taken is then
        not to be believed)."""
        query = (
            "SELECT content_key, position, body, checksum FROM json_each(?) AS wanted JOIN records "
            "ON records.content_key = wanted.value ->> 0 AND records.position = wanted.value ->> 1"
        )
        try:
            with self._reading() as connection:
                taken = 0
                for key, _, body, checksum in connection.execute(query, (json.dumps(places),)):
                    if checksum != _check(body, key):
                        raise Damaged
                    take(key, json.loads(body))
                    taken += 1
                if taken != len(set(places)):
                    raise Damaged
                return True
        except Damaged:
            return False

    def tasks_containing(self, keys: list[str], words: list[str]) -> dict[str, array[int]] | None:
        """The positions of every task of the notices `keys` whose folded text contains every word, by
        content key, each notice's in no particular order; None when the database cannot say. Positions
        are machine integers: a word in every task of ten thousand notices is found 900,000 times.

        Words of three characters or more are looked up in the trigram index; shorter ones, which it
        cannot hold, are found by a scan of the texts. Every row found is then checked exactly."""
        long = [word for word in words if len(word) >= 3]
        exact = " AND ".join("instr(texts.folded, ?) > 0" for _ in words)
        if long:
            query = (
                "SELECT texts.content_key, texts.position, texts.folded, texts.checksum FROM texts_index "
                "JOIN texts ON texts.id = texts_index.rowid WHERE texts_index MATCH ? "
                f"AND texts.content_key IN (SELECT value FROM json_each(?)) AND {exact}"
            )
            phrases = " AND ".join('"' + word.replace('"', '""') + '"' for word in long)
            parameters: list[str] = [phrases, json.dumps(keys), *words]
        else:
            query = (
                "SELECT content_key, position, folded, checksum FROM texts "
                f"WHERE content_key IN (SELECT value FROM json_each(?)) AND {exact}"
            )
            parameters = [json.dumps(keys), *words]
        try:
            with self._reading() as connection:
                found: dict[str, array[int]] = {}
                for key, position, folded, checksum in connection.execute(query, parameters):
                    if checksum != _check(f"{position}\n{folded}", key):
                        raise Damaged
                    if all(word in folded for word in words):
                        if (positions := found.get(key)) is None:
                            positions = found[key] = array("i")
                        positions.append(position)
                return found
        except Damaged:
            return None

    def unit_loads(self, keys: list[str], take: Callable[[str, list[UnitLoad]], None]) -> bool:
        """Give `take` each of the notices `keys` (by content key, in no particular order) with its units
        in its order: (unit, kind, key populations it leads, tasks as lead, support, responsible, guide).
        A notice at a time, so that summing them holds one notice's units; False when the database cannot
        say (what was taken is then not to be believed)."""
        query = (
            "SELECT notice_units.content_key, units, checksum FROM (SELECT DISTINCT value FROM json_each(?)) "
            "AS wanted JOIN notice_units ON notice_units.content_key = wanted.value"
        )
        try:
            with self._reading() as connection:
                taken = 0
                for key, units, checksum in connection.execute(query, (json.dumps(keys),)):
                    if checksum != _check(units, key):
                        raise Damaged
                    take(key, [tuple(unit) for unit in json.loads(units)])
                    taken += 1
                if taken != len(set(keys)):
                    raise Damaged  # every stored notice has its row
                return True
        except Damaged:
            return False

    def units_called(self, names: list[str], take: Callable[[str, UnitLoad], None]) -> bool:
        """Give `take` each stored notice's unit called one of `names` (its content key, and the unit as
        `unit_loads` gives it), as read: a unit of ten thousand notices has ten thousand. False when the
        database cannot say (what was taken is then not to be believed)."""
        query = (
            "SELECT content_key, unit, position, kind, populations, lead, support, responsible, guide, "
            "checksum FROM unit_notices WHERE unit IN (SELECT value FROM json_each(?))"
        )
        try:
            with self._reading() as connection:
                for key, unit, position, kind, *counts, checksum in connection.execute(
                    query, (json.dumps(names),)
                ):
                    if checksum != _check(_joined([unit, position, kind, *counts]), key):
                        raise Damaged
                    take(key, (unit, kind, *counts))
                return True
        except Damaged:
            return False

    def store_compiled(self, key: str, index: JsonDict, records: list[JsonDict]) -> None:
        """Keep a compiled notice under its content key, in one transaction."""
        dataset = _dumps(index)
        departments_at = index["departments_at"]
        bodies = [_dumps(record) for record in records]
        with suppress(_NotWritten), self._writing() as connection:
            connection.execute("DELETE FROM compiled WHERE content_key = ?", (key,))
            connection.execute("DELETE FROM records WHERE content_key = ?", (key,))
            for table in DERIVED_TABLES:
                connection.execute(f"DELETE FROM {table} WHERE content_key = ?", (key,))
            connection.execute(
                "INSERT INTO compiled VALUES (?, ?, ?, ?, ?)",
                (key, dataset, departments_at, time.time_ns(), _check(f"{dataset}\n{departments_at}", key)),
            )
            connection.executemany(
                "INSERT INTO records VALUES (?, ?, ?, ?)",
                ((key, position, body, _check(body, key)) for position, body in enumerate(bodies)),
            )
            _insert_derived(connection, key, index, records)

    def directories(self) -> dict[str, JsonDict]:
        """What was last learnt about each data directory (see `remember_directories`)."""
        return self._directories("", ())

    def directory(self, path: str) -> JsonDict | None:
        """What was last learnt about one data directory, or None."""
        return self._directories("WHERE path = ?", (path,)).get(path)

    def _directories(self, where: str, parameters: tuple[str, ...]) -> dict[str, JsonDict]:
        try:
            with self._reading() as connection:
                known = {}
                seen: dict[str, str] = {}  # most notices have the same file names and place: kept once
                for (
                    path,
                    key,
                    names,
                    stats,
                    latest,
                    at,
                    notice_key,
                    jurisdiction,
                    units,
                    departments_at,
                    checksum,
                ) in connection.execute(
                    f"SELECT {', '.join(DIRECTORY_COLUMNS)}, checksum FROM directories {where}", parameters
                ):
                    fields = (key, names, stats, latest, at, notice_key, jurisdiction, units, departments_at)
                    if checksum != _check(_joined(fields), path):
                        raise Damaged
                    record = {
                        "key": key,
                        "files": {"names": seen.setdefault(names, names), "stats": stats, "latest": latest},
                        "at": at,
                    }
                    # A directory loaded alone records no DIRECTORY_FACTS: they are left out, not None.
                    if notice_key is not None:
                        record["name"] = notice_key
                    if jurisdiction is not None:
                        record["jurisdiction"] = seen.setdefault(jurisdiction, jurisdiction)
                    if units is not None:
                        record["units"] = units
                    if departments_at is not None:
                        record["departments_at"] = departments_at
                    known[path] = record
                return known
        except Damaged:
            return {}

    def remember_directories(self, known: dict[str, JsonDict], keep: Collection[str] | None = None) -> None:
        """Record what is now known of these directories (their content key `key`, their files' stats as
        `files`, when they were taken `at`, and for a library's notice its DIRECTORY_FACTS), forget every
        other one unless in `keep` (None: keep them all), and drop compiled notices no directory holds any
        more; in one transaction, which writes the rows of these directories alone."""
        with suppress(_NotWritten), self._writing() as connection:
            rows = []
            for path, record in known.items():
                files = record["files"]
                fields = [record["key"], files["names"], files["stats"], files["latest"], record["at"]]
                fields += [record.get(name) for name in DIRECTORY_FACTS]
                rows.append((path, *fields, _check(_joined(fields), path)))
            marks = ", ".join("?" * (len(DIRECTORY_COLUMNS) + 1))
            connection.executemany(f"INSERT OR REPLACE INTO directories VALUES ({marks})", rows)
            if keep is not None:
                gone = [
                    (path,)
                    for (path,) in connection.execute("SELECT path FROM directories")
                    if path not in known and path not in keep
                ]
                connection.executemany("DELETE FROM directories WHERE path = ?", gone)
            # A reader that began before this write may still read an older compiled form: those
            # stored in the last KEEP_UNHELD_NS stay. The notices no directory holds are found on the
            # index of content keys alone: a scan of `compiled` would read every notice's compiled form
            # (40 MB at ten thousand notices) to reach its time.
            stale = connection.execute(
                "SELECT content_key FROM compiled WHERE content_key IN (SELECT content_key FROM compiled "
                "WHERE content_key NOT IN (SELECT content_key FROM directories)) AND stored_at < ?",
                (time.time_ns() - KEEP_UNHELD_NS,),
            ).fetchall()
            for table in (*DERIVED_TABLES, "summaries", "records", "compiled"):
                connection.executemany(f"DELETE FROM {table} WHERE content_key = ?", stale)

    def summaries(self, kind: str, keys: list[str]) -> dict[str, str]:
        """The summaries of this kind (see `store_summaries`) of the notices `keys`, by content key; none
        when the database cannot say."""
        try:
            with self._reading() as connection:
                found = {}
                for held, value, checksum in connection.execute(
                    "SELECT content_key, value, checksum FROM summaries WHERE kind = ? "
                    "AND content_key IN (SELECT value FROM json_each(?))",
                    (kind, json.dumps(keys)),
                ):
                    if checksum != _check(f"{kind}\n{value}", held):
                        raise Damaged
                    found[held] = value
                return found
        except Damaged:
            return {}

    def store_summaries(self, key: str, summaries: dict[str, str]) -> None:
        """Keep what is said of a stored notice (its `notices` fields, its `stats` figures), each as text
        under its kind, so that a question of every notice reads those rows and opens no notice."""
        with suppress(_NotWritten), self._writing(whole_notice=False) as connection:
            connection.executemany(
                "INSERT OR REPLACE INTO summaries VALUES (?, ?, ?, ?)",
                ((key, kind, value, _check(f"{kind}\n{value}", key)) for kind, value in summaries.items()),
            )

    def library_part(self, part: str) -> Any:
        """One part of what is known of the library as a whole (its merged units), or None."""
        try:
            with self._reading() as connection:
                row = connection.execute(
                    "SELECT value, checksum FROM library WHERE part = ?", (part,)
                ).fetchone()
                if row is None:
                    return None
                if row[1] != _check(row[0], part):
                    raise Damaged
                return json.loads(row[0])
        except Damaged:
            return None

    def write_library_part(self, part: str, value: Any) -> None:
        body = _dumps(value)
        with suppress(_NotWritten), self._writing() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO library VALUES (?, ?, ?)", (part, body, _check(body, part))
            )

    @contextmanager
    def storing(self, notices: int) -> Iterator[Callable[[int], None]]:
        """Store many notices in few transactions, as building a library of `notices` does; gives what
        to tell how many are done (passed on to `build_progress`).

        BATCH_NOTICES whole notices go to a transaction, each in a savepoint, so one that fails leaves
        no row behind. A reader sees the database before or after a transaction, never a notice half
        stored; a build stopped by an error keeps the notices stored before it, an interrupted one those
        of the transactions it committed: every state is one of whole notices."""
        progress = build_progress.get()
        with progress(notices) if progress else nullcontext(_told_nothing) as told:
            self._batch = 0
            self._cache_pages(-BUILD_CACHE_KIB)
            try:
                yield told
            except Exception:
                self._end_batch("COMMIT")
                raise
            except BaseException:
                self._end_batch("ROLLBACK")
                raise
            else:
                self._end_batch("COMMIT")
            finally:
                self._cache_pages(None)

    def _cache_pages(self, size: int | None) -> None:
        """SQLite's page cache: `size` (negative: KiB) while building, SQLite's default otherwise; a
        question reads few pages and so keeps a small one."""
        with suppress(sqlite3.Error):
            self._connection.execute(f"PRAGMA cache_size = {DEFAULT_CACHE if size is None else size}")

    def _end_batch(self, ending: str) -> None:
        self._batch = None
        if self._connection.in_transaction:  # the batch's, or a read snapshot, which ends either way
            try:
                self._connection.execute(ending)
            except sqlite3.Error:
                self._abandon()

    @contextmanager
    def _writing(self, whole_notice: bool = True) -> Iterator[sqlite3.Connection]:
        """One transaction (within `storing`, a savepoint of the batch's); a database that cannot take it
        is left as it was (it only saves work), and so is a batch whose one write fails. A write that is
        not `whole_notice` (what is said of a notice just stored) does not count towards the batch,
        unless it begins the batch's transaction."""
        connection = self._connection
        begins = not self._batch
        try:
            if begins:  # no batch, or none of its transaction open yet
                if connection.in_transaction:
                    connection.execute("COMMIT")  # the read snapshot ends here
                connection.execute("BEGIN IMMEDIATE")
            connection.execute("SAVEPOINT writing")
        except sqlite3.Error:
            self._abandon()
            raise _NotWritten from None
        try:
            yield connection
        except BaseException as error:
            try:
                connection.execute("ROLLBACK TO writing")
                connection.execute("RELEASE writing")
                if self._batch is None:
                    connection.execute("ROLLBACK")
            except sqlite3.Error:
                self._abandon()  # SQLite rolled the transaction back itself
            if isinstance(error, sqlite3.Error):
                return
            raise
        try:
            connection.execute("RELEASE writing")
            if self._batch is None:
                connection.execute("COMMIT")
            elif not whole_notice and not begins:
                return
            elif self._batch + 1 < BATCH_NOTICES:
                self._batch += 1
            else:
                connection.execute("COMMIT")
                self._batch = 0
        except sqlite3.Error:
            self._abandon()

    def _abandon(self) -> None:
        """Roll back whatever is open after an SQLite error (a batch's earlier notices too)."""
        if self._batch is not None:
            self._batch = 0
        if self._connection.in_transaction:
            try:
                self._connection.execute("ROLLBACK")
            except sqlite3.Error:
                return

    def close(self) -> None:
        self._connection.close()

    def seal(self) -> None:
        """Fold the write-ahead log into the file and close it: a database to ship, whole in one file."""
        self._connection.execute("VACUUM")
        self._connection.execute("PRAGMA journal_mode = DELETE")
        self._connection.close()


def _opened(path: Path | None) -> sqlite3.Connection:
    """A connection to a checked database at `path` (None: in memory), its schema brought up to date."""
    if path is not None:
        _check_length(path)
    connection = sqlite3.connect(":memory:" if path is None else os.fspath(path), isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA synchronous = NORMAL")  # in WAL mode: durable at checkpoints only
        version = _check_header(connection)
        if version < SCHEMA_VERSION:
            _migrate(connection)
        return connection
    except BaseException:
        connection.close()
        raise


def _check_length(path: Path) -> None:
    """Damaged when the file is shorter than its header says it is (a truncated database): a sound one,
    whatever its write-ahead log holds, is never shorter than at its last checkpoint."""
    try:
        with path.open("rb") as file:
            header = file.read(100)
            size = os.fstat(file.fileno()).st_size
    except OSError:
        return  # not there yet, or not readable: SQLite says which
    if len(header) < 100 or header[24:28] != header[92:96]:
        return  # not a database header, or one whose page count SQLite does not trust either
    page_size = int.from_bytes(header[16:18], "big")
    if size < int.from_bytes(header[28:32], "big") * (65536 if page_size == 1 else page_size):
        raise Damaged


def _check_header(connection: sqlite3.Connection) -> int:
    """The schema version of a database that is taskmap's (or still empty); Damaged for any other file."""
    ((application_id,),) = connection.execute("PRAGMA application_id").fetchall()
    ((version,),) = connection.execute("PRAGMA user_version").fetchall()
    if (application_id, version) == (0, 0):
        ((tables,),) = connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
        if tables:
            raise Damaged  # a database, but not ours
        return 0
    if application_id != APPLICATION_ID or not 0 < version <= SCHEMA_VERSION:
        raise Damaged
    return int(version)


def _migrate(connection: sqlite3.Connection) -> None:
    """Bring the schema to SCHEMA_VERSION, one migration function per version it lacks."""
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("BEGIN IMMEDIATE")
    try:
        ((now,),) = connection.execute("PRAGMA user_version").fetchall()
        for step in range(int(now) + 1, SCHEMA_VERSION + 1):  # another process may have migrated meanwhile
            MIGRATIONS[step](connection)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise


Spelling = tuple[str, str, str]
Assignment = tuple[int, str, str, str, int | None]
NoticeUnit = tuple[str, int, str, int, int, int, int, int]
UnitLoad = tuple[str, str, int, int, int, int, int]
Text = tuple[int, str]


def derived_rows(
    index: JsonDict, records: list[JsonDict]
) -> tuple[list[Spelling], list[Assignment], list[NoticeUnit], list[Text]]:
    """A compiled notice's rows of who does what: (spelling, unit, kind) for every name of each unit,
    (position, task, unit, role, clause) for every unit a task names in a role (the clause, counted from
    0, that names it there; None when none does), (unit, position, kind, key populations it leads,
    then its tasks as lead, support, responsible and guide) for each of the notice's units, in its
    order, and (position, text) of every task, its text folded (NFKC) as search compares it."""
    import unicodedata

    from taskmap.model import ROLES
    from taskmap.registry import normalise

    spellings: dict[str, Spelling] = {}
    departments = records[index["departments_at"]]["departments"]
    led = index["populations_led"]
    held = index["assignments"]
    units = [
        (
            row["name"],
            at,
            row["kind"],
            len(led.get(row["name"], ())),
            *(
                len(held.get(row["name"], {}).get(role, ()))
                for role in ("lead", "support", "responsible", "guide")
            ),
        )
        for at, row in enumerate(departments)
    ]
    for department in departments:
        unit = department["name"]
        for name in (unit, *department.get("spellings", ()), *department.get("short_forms", ())):
            spellings.setdefault(normalise(name), (normalise(name), unit, department["kind"]))
    task_ids: list[str] = index["task_ids"]
    assignments: list[Assignment] = []
    for position, task in enumerate(records[: len(task_ids)]):
        clauses = task.get("clauses") or ()
        for role in ROLES:
            for unit in dict.fromkeys(task.get(role, ())):
                clause = next((n for n, c in enumerate(clauses) if unit in c.get(role, ())), None)
                assignments.append((position, task_ids[position], unit, role, clause))
    texts = [
        (position, unicodedata.normalize("NFKC", task["text"]))
        for position, task in enumerate(records[: len(task_ids)])
    ]
    return list(spellings.values()), assignments, units, texts


DERIVED_TABLES = ("spellings", "assignments", "unit_notices", "notice_units", "texts")
# What a library records of each of its notices beside its files' stats, for it to answer unopened.
DIRECTORY_FACTS = ("name", "jurisdiction", "units", "departments_at")
DIRECTORY_COLUMNS = (
    "path",
    "content_key",
    "names",
    "stats",
    "latest",
    "checked_at",
    "notice_key",
    "jurisdiction",
    "units",
    "departments_at",
)


def _insert_derived(
    connection: sqlite3.Connection, key: str, index: JsonDict, records: list[JsonDict]
) -> None:
    """What a question reads of one stored notice but its records, each row with its digest keyed by the
    content key."""
    _insert_notice_units(connection, key, _insert_who_does_what(connection, key, index, records))


def _insert_notice_units(connection: sqlite3.Connection, key: str, units: list[tuple[Any, ...]]) -> None:
    """The notice's units (as `derived_rows` gives them) in one row: what `unit_loads` gives, in order."""
    loads = [[unit, *rest] for unit, _position, *rest in sorted(units, key=itemgetter(1))]
    text = json.dumps(loads, ensure_ascii=False, separators=(",", ":"))
    connection.execute("INSERT INTO notice_units VALUES (?, ?, ?)", (key, text, _check(text, key)))


def _insert_who_does_what(
    connection: sqlite3.Connection, key: str, index: JsonDict, records: list[JsonDict]
) -> list[tuple[Any, ...]]:
    """The rows of who does what of one stored notice (its units' returned), each with its digest."""
    spellings, assignments, units, texts = derived_rows(index, records)
    connection.executemany(
        "INSERT INTO spellings VALUES (?, ?, ?, ?, ?)",
        ((key, *row, _check("\n".join(row), key)) for row in spellings),
    )
    connection.executemany(
        "INSERT INTO assignments VALUES (?, ?, ?, ?, ?, ?, ?)",
        ((key, *row, _check(_joined(row), key)) for row in assignments),
    )
    connection.executemany(
        "INSERT INTO unit_notices VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((unit, key, *rest, _check(_joined([unit, *rest]), key)) for unit, *rest in units),
    )
    connection.executemany(
        "INSERT INTO texts (content_key, position, folded, checksum) VALUES (?, ?, ?, ?)",
        ((key, position, text, _check(f"{position}\n{text}", key)) for position, text in texts),
    )
    connection.execute(
        "INSERT INTO texts_index (rowid, folded) SELECT id, folded FROM texts WHERE content_key = ?", (key,)
    )
    return units


def _remove(path: Path) -> None:
    """A damaged database and its write-ahead log, gone (a stale log must never meet a new file)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        except OSError:
            continue
