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
from tests.conftest import PROJECT_ROOT, TERMS, grant

SQLITE3 = "sqlite3"
BEFORE_GRANT_TERMS = PROJECT_ROOT / "tests" / "data" / "before-grant-terms"


@pytest.fixture
def ledger(tmp_path):
    with Ledger.open(tmp_path / "ledger.sqlite3") as opened:
        yield opened


def _filled(ledger: Ledger) -> tuple[str, str, str]:
    session = ledger.create_session("第一集", contract_status="no_ai_clause", contract_reference="C-7")
    actor = ledger.add_actor(session.id, "张伟", "小伟")
    take = add_take_for_recording(ledger, session.id, "/nowhere/take1.wav", [actor.id], scene="3")
    record_restriction(ledger, take.id, actor.id, "client asked", "Li")
    return session.id, actor.id, take.id


def _sql(path, statement: str) -> None:
    """Change the ledger behind the app's back, with the sqlite3 command-line tool."""
    subprocess.run([SQLITE3, str(path), statement], check=True, capture_output=True, text=True)


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
    assert (report.events, report.rows) == (7, 7)


def test_row_edited_with_sqlite3_is_caught(ledger):
    _, _, take_id = _filled(ledger)
    _sql(ledger.path, f"UPDATE decisions SET permission = 'authorized' WHERE take_id = '{take_id}'")
    report = ledger.verify_audit()
    assert not report.ok
    assert any("decision" in p and "changed" in p for p in report.problems)
    assert report.first_bad_event is not None


def test_row_inserted_with_sqlite3_is_caught(ledger):
    session_id, _, _ = _filled(ledger)
    _sql(
        ledger.path,
        "INSERT INTO actors (id, session_id, legal_name, created_at)"
        f" VALUES ('ffffffffffffffffffffffffffffffff', '{session_id}', 'Intruder', '2026-01-01')",
    )
    report = ledger.verify_audit()
    assert any("ffffffff" in p and "no audit event" in p for p in report.problems)


def test_row_deleted_with_sqlite3_is_caught(ledger):
    _, _, take_id = _filled(ledger)
    _sql(ledger.path, f"DELETE FROM decisions WHERE take_id = '{take_id}' AND scope = 'voice_cloning'")
    report = ledger.verify_audit()
    assert any("deleted" in p for p in report.problems)


def test_audit_event_edited_with_sqlite3_names_that_event(ledger):
    _filled(ledger)
    _sql(ledger.path, "UPDATE audit_events SET payload = replace(payload, '张伟', '李娜') WHERE seq = 2")
    report = ledger.verify_audit()
    assert report.first_bad_event == 2


def test_audit_event_deleted_with_sqlite3_breaks_the_chain_there(ledger):
    _filled(ledger)
    _sql(ledger.path, "DELETE FROM audit_events WHERE seq = 3")
    report = ledger.verify_audit()
    assert report.first_bad_event is not None and report.first_bad_event <= 4
    assert any("event 4" in p for p in report.problems)


def test_cutting_the_tail_of_the_chain_is_caught_only_with_an_outside_anchor(ledger):
    _, _, take_id = _filled(ledger)
    anchor = ledger.audit_head()
    assert anchor[0] == 7
    _sql(
        ledger.path,
        f"DELETE FROM decisions WHERE take_id = '{take_id}'; DELETE FROM audit_events WHERE seq > 3",
    )
    assert ledger.verify_audit().ok
    report = ledger.verify_audit([anchor])
    assert report.first_bad_event == 7
    assert "chain cut" in report.problems[0]


def test_event_resigned_with_another_key_is_caught(ledger, tmp_path):
    _filled(ledger)
    other_data = tmp_path / "other"
    env = {**os.environ, appdirs.DATA_DIR_ENV: str(other_data)}
    script = textwrap.dedent(
        f"""
        from studio_app.services.ledger import Ledger
        with Ledger.open({str(ledger.path)!r}) as ledger:
            ledger.create_session("forged")
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, env=env)
    report = ledger.verify_audit()
    assert any("signature" in p for p in report.problems)


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
    assert report.events == 1 + 4 * writes


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
    _sql(ledger.path, "UPDATE decisions SET intended_use = 'anything' WHERE permission = 'authorized'")
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
    _sql(
        ledger.path,
        "UPDATE decisions SET intended_use = 'any use', no_end_date = 1, territory = 'worldwide',"
        " compensation = 'none', representation = 'none' WHERE permission = 'authorized'",
    )
    assert unproven() and all("changed behind the app" in b.reason for b in unproven())
