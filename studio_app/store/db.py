"""The ledger database: one SQLite file in WAL mode (the one-room default) or one PostgreSQL server
(store/postgres.py), created and migrated forward from the one schema below (store/engine.py translates
it for PostgreSQL; the SQLite file keeps its version in PRAGMA user_version).

Writes run in short exclusive transactions (BEGIN IMMEDIATE with a busy timeout; an advisory lock on the
server), so several processes or seats share one ledger without corrupting it or the audit chain.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence, Sized
from contextlib import contextmanager
from pathlib import Path

from studio_app.store.engine import Location, SqliteConnection, StoreError, is_server, shown

BUSY_TIMEOUT_MS = 30_000
IDS_PER_QUERY = 500
"""Ids bound in one `IN (...)` query: well under SQLite's host-parameter limit (999 in older builds)."""


_V1 = """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    client TEXT NOT NULL DEFAULT '',
    studio TEXT NOT NULL DEFAULT '',
    engineer TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    contract_reference TEXT,
    contract_status TEXT NOT NULL CHECK (contract_status IN ('none', 'no_ai_clause', 'ai_clause')),
    ai_scope_text TEXT,
    created_at TEXT NOT NULL
);
CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    legal_name TEXT NOT NULL,
    stage_name TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX actors_by_session ON actors(session_id);
CREATE TABLE takes (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    path TEXT NOT NULL,
    source_path TEXT,
    audio_sha256 TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT '',
    duration REAL NOT NULL DEFAULT 0,
    take_number INTEGER,
    scene TEXT NOT NULL DEFAULT '',
    line TEXT NOT NULL DEFAULT '',
    character TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'recovered')),
    created_at TEXT NOT NULL
);
CREATE INDEX takes_by_session ON takes(session_id, created_at);
CREATE TABLE take_actors (
    take_id TEXT NOT NULL REFERENCES takes(id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (take_id, actor_id)
);
CREATE INDEX take_actors_by_actor ON take_actors(actor_id);
CREATE TABLE confirmations (
    id TEXT PRIMARY KEY,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    typed_name TEXT NOT NULL,
    strokes_json TEXT NOT NULL,
    terms_version TEXT NOT NULL,
    terms_sha256 TEXT NOT NULL,
    locale TEXT NOT NULL,
    confirmed_at TEXT NOT NULL
);
CREATE TABLE decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    take_id TEXT NOT NULL REFERENCES takes(id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    scope TEXT NOT NULL,
    permission TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    method TEXT NOT NULL,
    reason TEXT,
    conditions TEXT,
    expires TEXT,
    contract_reference TEXT,
    terms_version TEXT,
    terms_sha256 TEXT,
    confirmation_id TEXT REFERENCES confirmations(id),
    supersedes TEXT REFERENCES decisions(id)
);
CREATE INDEX decisions_by_take ON decisions(take_id, actor_id, scope, seq);
CREATE TABLE standing_decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    scope TEXT NOT NULL,
    permission TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    method TEXT NOT NULL,
    reason TEXT,
    conditions TEXT,
    expires TEXT,
    contract_reference TEXT,
    terms_version TEXT,
    terms_sha256 TEXT,
    confirmation_id TEXT REFERENCES confirmations(id),
    supersedes TEXT REFERENCES standing_decisions(id)
);
CREATE INDEX standing_by_actor ON standing_decisions(session_id, actor_id, scope, seq);
CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    delivered_at TEXT NOT NULL,
    destination TEXT NOT NULL,
    recipient TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL
);
CREATE TABLE delivery_items (
    delivery_id TEXT NOT NULL REFERENCES deliveries(id),
    take_id TEXT NOT NULL REFERENCES takes(id),
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    record_json TEXT NOT NULL,
    PRIMARY KEY (delivery_id, take_id)
);
CREATE INDEX delivery_items_by_take ON delivery_items(take_id);
CREATE TABLE audit_events (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_sha256 TEXT NOT NULL,
    event_sha256 TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE INDEX audit_by_entity ON audit_events(entity, entity_id, seq);
"""

_V2_DELIVERY_ATTEMPTS = """
CREATE TABLE delivery_attempts (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    started_at TEXT NOT NULL,
    destination TEXT NOT NULL,
    recipient TEXT NOT NULL DEFAULT '',
    purpose TEXT NOT NULL,
    take_ids TEXT NOT NULL,
    state TEXT NOT NULL
        CHECK (state IN ('staging', 'publishing', 'complete', 'failed', 'cancelled', 'interrupted')),
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX delivery_attempts_by_state ON delivery_attempts(state);
CREATE INDEX delivery_attempts_by_session ON delivery_attempts(session_id, started_at)
"""
"""A delivery from its first step: recorded (signed) before its first file is written, so the files can
carry a witness of that event, and so a delivery killed half-way is known, shown and cleaned up."""

_V3_ROW_PROOF = """
CREATE TABLE audit_seals (
    seq INTEGER PRIMARY KEY REFERENCES audit_events(seq),
    tag TEXT NOT NULL
);
CREATE INDEX audit_decisions_by_scope ON audit_events(
    json_extract(payload, '$.take_id'), json_extract(payload, '$.actor_id'), json_extract(payload, '$.scope'),
    seq
) WHERE entity = 'decision';
"""
"""For the export gate's proof of the rows it relies on (store/row_proof.py): a seal per event known to be
signed by the studio key, and the latest decision event of a (take, actor, scope) found without reading
the chain."""

GRANT_TERM_COLUMNS = ("intended_use", "no_end_date", "territory", "compensation", "representation")
"""A grant's terms (core.record.GrantTerms), NULL on a refusal and on every row recorded before them."""

_V4_GRANT_TERMS = ";".join(
    f"ALTER TABLE {table} ADD COLUMN {column} {'INTEGER' if column == 'no_end_date' else 'TEXT'}"
    for table in ("decisions", "standing_decisions")
    for column in GRANT_TERM_COLUMNS
)
"""A grant's terms beside its conditions and end date. Added as NULL columns, so every row recorded
before reads as it did (no terms) and its signed audit payload, which has no such keys, still matches
it (store.audit compares a key a payload lacks as NULL)."""

_V5_DELIVERY_CORRECTIONS = """
CREATE TABLE delivery_corrections (
    id TEXT PRIMARY KEY REFERENCES deliveries(id),
    corrects TEXT NOT NULL REFERENCES deliveries(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX delivery_corrections_by_corrected ON delivery_corrections(corrects)
"""
"""A delivery (`id`) sent to correct an earlier one (`corrects`) whose decisions were superseded: a row of its
own, signed like any other, so the outdated delivery itself is never edited."""

_V6_KEY_REGISTRY = """
CREATE TABLE audit_keys (
    id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL UNIQUE,
    seat TEXT NOT NULL,
    machine TEXT NOT NULL DEFAULT '',
    registered_at TEXT NOT NULL,
    retired_at TEXT
);
CREATE UNIQUE INDEX audit_keys_one_active_per_seat ON audit_keys(seat) WHERE retired_at IS NULL;
ALTER TABLE audit_events ADD COLUMN key_id TEXT REFERENCES audit_keys(id)
"""
"""The key registry: every seat signs the chain with its own key, registered (by an event that key signs)
under the seat's name and machine; an administrator retires a key, and its later events fail the audit.
Events from before the registry have no key_id: the studio key of the ledger's one room signed them."""

# Forward migrations: MIGRATIONS[n] brings a ledger at version n to n + 1. Append, never edit. Plain
# SQLite DDL (TEXT, INTEGER, REAL, BLOB, CREATE INDEX, ALTER TABLE ADD COLUMN, json_extract): engine.py
# translates it.
MIGRATIONS: tuple[str, ...] = (
    _V1, _V2_DELIVERY_ATTEMPTS, _V3_ROW_PROOF, _V4_GRANT_TERMS, _V5_DELIVERY_CORRECTIONS, _V6_KEY_REGISTRY
)
SCHEMA_VERSION = len(MIGRATIONS)


def connect(location: Location):
    """Open (creating if needed) and migrate the ledger file at `location`, or on the server its URL
    names; autocommit, explicit transactions."""
    if is_server(location):
        from studio_app.store import postgres  # psycopg is imported only by a studio with a server

        conn = postgres.connect(str(location))
        try:
            migrate(conn, location)
        except BaseException:
            conn.close()
            raise
        return conn
    return _connect_file(Path(location))


def _connect_file(path: Path) -> sqlite3.Connection:
    """The SQLite ledger file.

    synchronous = NORMAL under WAL: a commit survives the app or the CLI crashing; a power cut may lose
    the last commits, never half of one, so the file and its audit chain stay whole (SQLite replays only
    complete transactions from the WAL). FULL would fsync on every commit for that last margin."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, factory=SqliteConnection
        )
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn, path)
    except sqlite3.DatabaseError as exc:
        raise StoreError(path, f"not a usable ledger ({exc})") from exc
    return conn


def migrate(conn, location: Location) -> None:
    """Run every migration step above the ledger's version, in one transaction."""
    dialect = conn.dialect
    with write(conn):
        version = dialect.schema_version(conn)
        if version > SCHEMA_VERSION:
            raise StoreError(
                shown(location), f"ledger schema {version} is newer than this app ({SCHEMA_VERSION})"
            )
        for step in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    conn.execute(dialect.ddl(statement))
            dialect.set_schema_version(conn, step + 1)


def chunks(ids: Sequence[str]) -> Iterator[Sequence[str]]:
    """The ids in groups of IDS_PER_QUERY, one `IN (...)` query each."""
    for start in range(0, len(ids), IDS_PER_QUERY):
        yield ids[start : start + IDS_PER_QUERY]


def marks(values: Sized) -> str:
    """The `?, ?, ?` of an `IN (...)` for these values."""
    return ", ".join("?" * len(values))


@contextmanager
def read(conn) -> Iterator[None]:
    """A read transaction: every query inside sees the same state of the ledger (SQLite's WAL snapshot,
    PostgreSQL's REPEATABLE READ)."""
    conn.dialect.begin_read(conn)
    try:
        yield
    finally:
        conn.execute("COMMIT")


@contextmanager
def write(conn) -> Iterator[None]:
    """A short exclusive write transaction (BEGIN IMMEDIATE, or the server's advisory lock), so concurrent
    writers queue, not deadlock."""
    conn.dialect.begin_write(conn)
    try:
        yield
    except BaseException:
        conn.dialect.rollback(conn)
        raise
    conn.dialect.announce(conn)
    conn.execute("COMMIT")
