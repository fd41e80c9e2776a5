"""`consent-slate ledger migrate`: a one-room studio's ledger file onto its new server (set up by
init-server), row for row, verified there; a copy altered afterwards fails `audit verify` by name."""

from __future__ import annotations

import secrets
import sqlite3

import pytest

from studio_app.services.ledger import Ledger
from studio_app.services.ledger.decisions import apply_session_default, record_restriction
from studio_app.services.ledger.intake import add_take_for_recording
from studio_app.store import db
from studio_app.store.server_setup import role_url
from tests.conftest import actor_grants_all, tamper
from tests.store.test_ledger_server import run_cli


@pytest.fixture
def new_server_ledger(pg_server) -> tuple[str, str]:
    """An empty studio ledger set up by init-server: the administrator's URL and a seat's."""
    tag = secrets.token_hex(4)
    database, admin, seat = f"studio_{tag}", f"admin_{tag}", f"seat_{tag}"
    done = run_cli("ledger", "init-server", "--server", pg_server.url(), "--database", database,
                   "--admin-role", admin, "--seat-role", seat)
    assert done.returncode == 0, done.stderr
    return role_url(pg_server.url(), admin, database), role_url(pg_server.url(), seat, database)


@pytest.fixture
def studio_file(tmp_path):
    """A ledger file with a history: two actors on three takes, a restriction, the session default, the
    actor's confirmed grant (standing decisions, a confirmation), a change to the session."""
    path = tmp_path / "ledger.sqlite3"
    with Ledger.open(path) as ledger:
        session = ledger.create_session("第一集", contract_status="no_ai_clause", studio="星光录音棚")
        actors = [ledger.add_actor(session.id, name) for name in ("张伟", "Li Na")]
        takes = [add_take_for_recording(ledger, session.id, f"/rec/{n}.wav", [a.id for a in actors])
                 for n in range(3)]
        record_restriction(ledger, takes[0].id, actors[0].id, "client asked", "Li")
        apply_session_default(ledger, session.id)
        actor_grants_all(ledger, actors[1], [takes[1].id])
        ledger.update_session(session.id, title="第一集 (final)")
    return path


def _rows(location, tables: list[str]) -> dict[str, list[tuple]]:
    """Every row of these tables, in insertion order."""
    conn = db.connect(location)
    try:
        return {table: [tuple(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
                for table in tables}
    finally:
        conn.close()


def test_migrate_copies_the_history_exactly_and_it_verifies_on_the_server(studio_file, new_server_ledger,
                                                                           pg_server):
    admin_url, seat_url = new_server_ledger
    done = run_cli("ledger", "migrate", "--from", str(studio_file), "--to", admin_url)
    assert done.returncode == 0, done.stderr
    tables = [row[0] for row in sqlite3.connect(studio_file).execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    file_rows = _rows(studio_file, tables)
    assert file_rows == _rows(admin_url, tables)
    assert f"copied audit_events: {len(file_rows['audit_events'])} rows" in done.stdout
    assert "take files: not moved; the 3 takes keep the paths" in done.stdout
    assert "audit chain intact" in done.stdout
    verified = run_cli("audit", "verify", "--db", seat_url)
    assert verified.returncode == 0, verified.stderr
    with Ledger.open(seat_url) as seat:  # a seat goes on where the file stopped
        take = seat.list_takes(seat.list_sessions()[0].id)[2].take
        record_restriction(seat, take.id, take.actor_ids[0], "no contract yet", "Room B")
        assert seat.verify_audit().ok
    database = admin_url.rsplit("/", 1)[1]
    tamper(pg_server.url(database), f"UPDATE takes SET path = '/elsewhere.wav' WHERE id = '{take.id}'")
    broken = run_cli("audit", "verify", "--db", seat_url)
    assert broken.returncode == 1
    assert f"take {take.id} row was changed since" in broken.stderr


def test_migrate_refuses_a_server_ledger_that_holds_anything(studio_file, new_server_ledger):
    admin_url, seat_url = new_server_ledger
    with Ledger.open(seat_url) as seat:
        seat.create_session("already here")
        before = seat.verify_audit().events
    refused = run_cli("ledger", "migrate", "--from", str(studio_file), "--to", admin_url)
    assert refused.returncode == 1 and not refused.stdout
    assert refused.stderr.count("\n") == 1 and "the server ledger is not empty" in refused.stderr
    with Ledger.open(seat_url) as seat:
        assert seat.verify_audit().events == before


def test_migrate_as_a_seat_is_refused_the_administrator_migrates(studio_file, new_server_ledger):
    _admin_url, seat_url = new_server_ledger
    refused = run_cli("ledger", "migrate", "--from", str(studio_file), "--to", seat_url)
    assert refused.returncode == 1 and "migrate as the administrator role" in refused.stderr
