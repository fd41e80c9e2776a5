"""The ledger file: schema version, WAL, the studio key, tampering caught by the audit chain, two writers."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from dataclasses import replace

import pytest

from studio_app import appdirs
from studio_app.core.model import ActorConfirmation
from studio_app.core.rules import BlockKind
from studio_app.core.scopes import ALL_SCOPES, Method, Purpose, Scope
from studio_app.services.ledger import Ledger, new_confirmation_id
from studio_app.services.ledger.decisions import record_confirmation, record_restriction
from studio_app.services.ledger.intake import add_take_for_recording
from studio_app.services.trust import proven_gate
from studio_app.store import db
from studio_app.store.audit import KEY_FILE_NAME
from studio_app.store.db import StoreError
from studio_app.store.engine import is_server
from tests.conftest import PROJECT_ROOT, TERMS, grant, tamper

BEFORE_GRANT_TERMS = PROJECT_ROOT / "tests" / "data" / "before-grant-terms"


@pytest.fixture
def ledger(ledger_location):
    with Ledger.open(ledger_location) as opened:
        yield opened


def _filled(ledger: Ledger) -> tuple[str, str, str]:
    session = ledger.create_session("第一集", contract_status="no_ai_clause", contract_reference="C-7")
    actor = ledger.add_actor(session.id, "张伟", "小伟")
    take = add_take_for_recording(ledger, session.id, "/nowhere/take1.wav", [actor.id], scene="3")
    record_restriction(ledger, take.id, actor.id, "client asked", "Li")
    return session.id, actor.id, take.id


@pytest.mark.sqlite_only
def test_new_ledger_is_at_the_current_schema_version_in_wal_mode(ledger):
    conn = sqlite3.connect(ledger.path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_ledger_from_a_newer_app_is_refused(tmp_path):
    path = tmp_path / "future.sqlite3"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer than this app"):
        db.connect(path)


def test_a_file_that_is_not_sqlite_is_refused_with_its_name(tmp_path):
    path = tmp_path / "not-a-ledger.sqlite3"
    path.write_bytes(b"RIFF" + b"\0" * 200)
    with pytest.raises(StoreError, match="not-a-ledger"):
        db.connect(path)


def test_studio_key_is_created_private(ledger):
    key_file = appdirs.keys_dir() / KEY_FILE_NAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in key_file.read_bytes()


def test_untouched_ledger_verifies(ledger):
    _filled(ledger)
    report = ledger.verify_audit()
    assert report.ok, report.problems
    assert (report.events, report.rows) == (8, 8)  # the seat's key is registered by the first event


def test_row_edited_behind_the_app_is_caught(ledger):
    _, _, take_id = _filled(ledger)
    tamper(ledger.path, f"UPDATE decisions SET permission = 'authorized' WHERE take_id = '{take_id}'")
    report = ledger.verify_audit()
    assert not report.ok
    assert any("decision" in p and "changed" in p for p in report.problems)
    assert report.first_bad_event is not None


def test_row_inserted_behind_the_app_is_caught(ledger):
    session_id, _, _ = _filled(ledger)
    tamper(
        ledger.path,
        "INSERT INTO actors (id, session_id, legal_name, created_at)"
        f" VALUES ('ffffffffffffffffffffffffffffffff', '{session_id}', 'Intruder', '2026-01-01')",
    )
    report = ledger.verify_audit()
    assert any("ffffffff" in p and "no audit event" in p for p in report.problems)


def test_row_deleted_behind_the_app_is_caught(ledger):
    _, _, take_id = _filled(ledger)
    tamper(ledger.path, f"DELETE FROM decisions WHERE take_id = '{take_id}' AND scope = 'voice_cloning'")
    report = ledger.verify_audit()
    assert any("deleted" in p for p in report.problems)


def test_audit_event_edited_behind_the_app_names_that_event(ledger):
    _filled(ledger)
    tamper(ledger.path, "UPDATE audit_events SET payload = replace(payload, '张伟', '李娜') WHERE seq = 3")
    report = ledger.verify_audit()
    assert report.first_bad_event == 3


def test_audit_event_deleted_behind_the_app_breaks_the_chain_there(ledger):
    _filled(ledger)
    tamper(ledger.path, "DELETE FROM audit_seals WHERE seq = 3; DELETE FROM audit_events WHERE seq = 3")
    report = ledger.verify_audit()
    assert report.first_bad_event is not None and report.first_bad_event <= 4
    assert any("event 4" in p for p in report.problems)


def test_cutting_the_tail_of_the_chain_is_caught_only_with_an_outside_anchor(ledger):
    _, _, take_id = _filled(ledger)
    anchor = ledger.audit_head()
    assert anchor[0] == 8
    tamper(
        ledger.path,
        f"DELETE FROM decisions WHERE take_id = '{take_id}'; DELETE FROM audit_seals WHERE seq > 4;"
        " DELETE FROM audit_events WHERE seq > 4",
    )
    assert ledger.verify_audit().ok
    report = ledger.verify_audit([anchor])
    assert report.first_bad_event == 8
    assert "chain cut" in report.problems[0]


SEAT_WRITES = textwrap.dedent(
    """
    import sys
    from studio_app.services.ledger import Ledger
    with Ledger.open(sys.argv[1]) as ledger:
        print(ledger.create_session(sys.argv[2]).id)
    """
)


def _other_seat(ledger: Ledger, folder, seat: str, title: str) -> subprocess.CompletedProcess:
    """Another seat (its own data folder, so its own key) writing to the same ledger."""
    env = {**os.environ, appdirs.DATA_DIR_ENV: str(folder), appdirs.SEAT_ENV: seat}
    return subprocess.run([sys.executable, "-c", SEAT_WRITES, str(ledger.path), title], env=env,
                          capture_output=True, text=True, timeout=120)


def test_each_seat_signs_with_its_own_registered_key_and_none_passes_as_another(ledger, tmp_path):
    if not is_server(ledger.path):
        pytest.skip("on a file only the seat's own key is trusted (anyone at the file can register one):"
                    " tests/services/test_trust.py, the self-registered key")
    _filled(ledger)
    assert _other_seat(ledger, tmp_path / "room-b", "Room B", "from room B").returncode == 0
    keys = {k.seat: k for k in ledger.store.audit_keys()}
    assert set(keys) == {ledger.store.seat, "Room B"}
    assert keys["Room B"].machine and keys["Room B"].retired_at is None
    assert ledger.verify_audit().ok
    impostor = _other_seat(ledger, tmp_path / "room-c", ledger.store.seat, "as the first seat")
    assert impostor.returncode == 1 and "already signs with key" in impostor.stderr
    tamper(ledger.path, f"UPDATE audit_events SET key_id = '{ledger.store.key.key_id}'"
                        f" WHERE key_id = '{keys['Room B'].id}' AND entity = 'session'")
    report = ledger.verify_audit()
    assert any("signature is not the key's it names" in p for p in report.problems), report.problems


def test_a_retired_keys_new_events_fail_the_audit(ledger, tmp_path):
    if not is_server(ledger.path):
        pytest.skip("on a file only the seat's own key is trusted (anyone at the file can register one):"
                    " tests/services/test_trust.py, the self-registered key")
    _filled(ledger)
    assert _other_seat(ledger, tmp_path / "room-b", "Room B", "before").returncode == 0
    room_b = next(k for k in ledger.store.audit_keys() if k.seat == "Room B")
    ledger.retire_key(room_b.id[:8])
    assert next(k for k in ledger.list_audit_keys() if k.id == room_b.id).retired_at
    assert ledger.verify_audit().ok
    refused = _other_seat(ledger, tmp_path / "room-b", "Room B", "after")
    assert refused.returncode == 1 and "retired" in refused.stderr
    forged = textwrap.dedent(
        """
        import sys
        from studio_app.services.ledger import Ledger
        from studio_app.store import audit
        with Ledger.open(sys.argv[1]) as ledger:
            ledger.store._key_registered = True  # a seat that skips the app's own refusal
            with ledger.store.writing():
                audit.append_events(ledger.store.conn, ledger.store.key, "audit_key", [sys.argv[2]], "create",
                                    "2030-01-01T00:00:00+00:00")
        """
    )
    env = {**os.environ, appdirs.DATA_DIR_ENV: str(tmp_path / "room-b"), appdirs.SEAT_ENV: "Room B"}
    subprocess.run([sys.executable, "-c", forged, str(ledger.path), room_b.id], env=env, check=True)
    report = ledger.verify_audit()
    assert any("after its retirement" in p for p in report.problems), report.problems


def test_short_ids_resolve_only_when_unique(ledger):
    store = ledger.store
    with store.writing():
        for suffix in ("1" * 24, "2" * 24):
            values = {"id": "abcdef01" + suffix, "title": "t", "contract_status": "none", "created_at": "now"}
            store.insert("session", values, "now")
    assert store.resolve("session", "abcdef011") == "abcdef01" + "1" * 24
    with pytest.raises(StoreError, match="ambiguous"):
        store.resolve("session", "abcdef01")
    with pytest.raises(StoreError, match="no session"):
        store.resolve("session", "abcdef03")


WRITER = textwrap.dedent(
    """
    import pathlib, sys, time
    from studio_app.services.ledger import Ledger
    from studio_app.services.ledger.intake import add_take_for_recording
    path, session_id, count, name, start = sys.argv[1:6]
    with Ledger.open(path) as ledger:
        while not pathlib.Path(start).exists():
            time.sleep(0.01)
        for i in range(int(count)):
            actor = ledger.add_actor(session_id, f"{name} {i}")
            add_take_for_recording(ledger, session_id, f"/rec/{name}-{i}.wav", [actor.id])
    """
)


def test_two_processes_writing_at_once_keep_the_ledger_and_chain_whole(ledger, tmp_path):
    session_id = ledger.create_session("busy night").id
    writes = 150
    start = tmp_path / "start"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(ledger.path), session_id, str(writes), name, str(start)]
        )
        for name in ("甲", "乙")
    ]
    start.touch()
    assert [w.wait(timeout=300) for w in writers] == [0, 0]
    assert len(ledger.list_actors(session_id)) == 2 * writes
    takes = ledger.list_takes(session_id)
    assert len(takes) == 2 * writes
    assert {t.take.path for t in takes} == {f"/rec/{n}-{i}.wav" for n in ("甲", "乙") for i in range(writes)}
    report = ledger.verify_audit()
    assert report.ok, report.problems
    assert report.events == 2 + 4 * writes


SESSION_DEFAULT = textwrap.dedent(
    """
    import pathlib, sys, time
    from studio_app.services.ledger import Ledger, decisions
    decisions.SESSION_DEFAULT_BATCH = 10
    path, session_id, start = sys.argv[1:4]
    with Ledger.open(path) as ledger:
        while not pathlib.Path(start).exists():
            time.sleep(0.01)
        decisions.apply_session_default(ledger, session_id)
    """
)


def test_a_session_default_in_another_process_never_overrides_a_restriction_made_meanwhile(ledger, tmp_path):
    session = ledger.create_session("night shift", contract_status="none")
    actor = ledger.add_actor(session.id, "张伟")
    takes = [add_take_for_recording(ledger, session.id, f"/rec/{i}.wav", [actor.id]) for i in range(600)]
    start = tmp_path / "start"
    other = subprocess.Popen(
        [sys.executable, "-c", SESSION_DEFAULT, str(ledger.path), session.id, str(start)]
    )
    start.touch()
    while not ledger.take_status(takes[0].id).decisions and other.poll() is None:
        time.sleep(0.001)
    for take in reversed(takes[::2]):
        record_restriction(ledger, take.id, actor.id, "declined at the booth", "Li")
    assert other.wait(timeout=300) == 0

    for take in takes:
        status = ledger.take_status(take.id)
        assert not status.pending
        for scope in ALL_SCOPES:
            history = [d for d in ledger.decision_history(take.id) if d.scope is scope]
            methods = [d.scope_decision.method for d in history]
            assert methods in (
                [Method.SESSION_DEFAULT],
                [Method.ENGINEER_RESTRICTION],
                [Method.SESSION_DEFAULT, Method.ENGINEER_RESTRICTION],
            ), (take.id, scope, methods)
            assert [d.supersedes for d in history] == [None, *(d.id for d in history[:-1])]
    report = ledger.verify_audit()
    assert report.ok, report.problems


def test_threads_creating_the_studio_key_at_once_all_load_the_one_that_won(tmp_path):
    """A worker opening its own ledger while the window opens the first one: one key, no error."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from studio_app.store.audit import StudioKey

    start = Barrier(8)

    def create() -> str:
        start.wait()
        return StudioKey.load_or_create(tmp_path).sign(b"same key?")

    with ThreadPoolExecutor(max_workers=8) as pool:
        signatures = {f.result() for f in [pool.submit(create) for _ in range(8)]}
    assert len(signatures) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [KEY_FILE_NAME]


@pytest.fixture
def ledger_before_grant_terms(tmp_path) -> Ledger:
    """The ledger (schema 2) and audit key an export of e1c6770 left, opened by this app: migrated."""
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript((BEFORE_GRANT_TERMS / "ledger-v2.sql").read_text(encoding="utf-8"))
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    keys = appdirs.keys_dir()
    shutil.copy(BEFORE_GRANT_TERMS / KEY_FILE_NAME, keys / KEY_FILE_NAME)
    with Ledger.open(path) as opened:
        yield opened


def test_a_ledger_from_before_the_grant_terms_migrates_and_its_audit_chain_still_verifies(
    ledger_before_grant_terms,
):
    ledger = ledger_before_grant_terms
    conn = ledger.store.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    columns = {row[1] for row in conn.execute("PRAGMA table_info(decisions)")}
    assert set(db.GRANT_TERM_COLUMNS) <= columns
    report = ledger.verify_audit()
    assert report.ok, report.problems
    assert report.events == 12
    (session,) = ledger.store.sessions()
    (take,) = ledger.store.takes(session.id)
    decisions = ledger.store.current_decisions([take.id])[take.id]
    grants = [d.scope_decision for d in decisions if d.permission.is_grant]
    assert len(grants) == 2
    assert all(d.grant_terms is None for d in grants)
    assert {d.conditions for d in grants} == {"仅限内部研究 internal only", None}


def test_terms_written_into_a_migrated_row_behind_the_app_are_caught(ledger_before_grant_terms):
    ledger = ledger_before_grant_terms
    tamper(ledger.path, "UPDATE decisions SET intended_use = 'anything' WHERE permission = 'authorized'")
    report = ledger.verify_audit()
    assert any("decision" in p and "changed" in p for p in report.problems), report.problems


def test_a_grant_recorded_after_the_migration_keeps_its_terms_and_the_chain_verifies(
    ledger_before_grant_terms,
):
    ledger = ledger_before_grant_terms
    (session,) = ledger.store.sessions()
    (take,) = ledger.store.takes(session.id)
    (actor,) = ledger.store.actors(session.id)
    confirmation = ActorConfirmation(
        new_confirmation_id(), actor.id, actor.legal_name, (((0.0, 0.0, 0.0), (1.0, 1.0, 0.1)),), "v1",
        "c" * 64, "zh_CN", ledger.now(),
    )
    record_confirmation(
        ledger, confirmation, {Scope.VOICE_CLONING: grant(expires="2030-01-01")}, take_ids=[take.id]
    )
    current = ledger.store.current_decision(take.id, actor.id, Scope.VOICE_CLONING).scope_decision
    assert current.grant_terms == replace(TERMS, no_end_date=False)
    assert current.expires == "2030-01-01"
    report = ledger.verify_audit()
    assert report.ok, report.problems


def test_the_export_gate_still_proves_the_decisions_recorded_before_the_grant_terms(
    ledger_before_grant_terms,
):
    """Their signed payloads have no terms keys, their rows NULL terms columns: the same decision, proven;
    a term written into such a row behind the app is not."""
    ledger = ledger_before_grant_terms
    (session,) = ledger.store.sessions()
    take_ids = [t.id for t in ledger.store.takes(session.id)]

    def unproven() -> list:
        verdict = proven_gate(ledger, take_ids, Purpose.DELIVERY)
        return [b for b in verdict.blocks if b.kind is BlockKind.UNPROVEN]

    assert unproven() == []
    tamper(
        ledger.path,
        "UPDATE decisions SET intended_use = 'any use', no_end_date = 1, territory = 'worldwide',"
        " compensation = 'none', representation = 'none' WHERE permission = 'authorized'",
    )
    assert unproven() and all("changed behind the app" in b.reason for b in unproven())


def test_the_ledger_is_on_the_engine_its_location_names(ledger, ledger_location, pg_server):
    assert ledger.store.conn.dialect.name == ("postgresql" if is_server(ledger_location) else "sqlite")
    if is_server(ledger_location):
        tables = pg_server.psql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
                                ledger_location.rsplit("/", 1)[1]).split()
        assert {"decisions", "audit_events", "slate_schema"} <= set(tables)


def test_a_migration_in_plain_sqlite_ddl_runs_on_both_engines(ledger_location, monkeypatch):
    """Other branches add steps in SQLite's DDL (TEXT, INTEGER, REAL, BLOB, ALTER TABLE ADD COLUMN, CREATE
    INDEX, a new table with AUTOINCREMENT): the one list of steps serves both engines."""
    step = """
    ALTER TABLE decisions ADD COLUMN grant_terms TEXT;
    CREATE INDEX decisions_by_terms ON decisions(grant_terms);
    CREATE TABLE take_notes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        take_id TEXT NOT NULL REFERENCES takes(id),
        position INTEGER NOT NULL,
        thumbnail BLOB
    );
    ALTER TABLE take_notes ADD COLUMN loudness REAL NOT NULL DEFAULT 0
    """
    monkeypatch.setattr(db, "MIGRATIONS", (*db.MIGRATIONS, step))
    monkeypatch.setattr(db, "SCHEMA_VERSION", len(db.MIGRATIONS))
    with Ledger.open(ledger_location) as ledger:
        _, _, take_id = _filled(ledger)
        conn = ledger.store.conn
        with ledger.store.writing():
            conn.execute("INSERT INTO take_notes (take_id, position, thumbnail) VALUES (?, ?, ?)",
                         (take_id, 2**40, b"\x00\xff"))
        note = conn.execute("SELECT * FROM take_notes").fetchone()
        assert dict(note) == {
            "seq": 1, "take_id": take_id, "position": 2**40, "thumbnail": b"\x00\xff", "loudness": 0.0
        }
        assert conn.dialect.schema_version(conn) == len(db.MIGRATIONS)
        assert ledger.take(take_id).id == take_id
        assert ledger.verify_audit().ok
