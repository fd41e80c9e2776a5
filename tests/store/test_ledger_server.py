"""The ledger on a real PostgreSQL server set up by `consent-slate ledger init-server`: roles, grants and
triggers make it append-only in the database itself."""

from __future__ import annotations

import secrets
import subprocess
import sys

import pytest

from studio_app.services.ledger import Ledger
from studio_app.services.ledger.decisions import record_restriction
from studio_app.services.ledger.intake import add_take_for_recording
from studio_app.store.db import StoreError
from studio_app.store.postgres import role_url
from tests.conftest import PROJECT_ROOT


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "studio_app", *args], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def server_ledger(pg_server):
    """A studio ledger set up by the CLI (names of its own: roles are the server's, not a database's);
    returns (database, admin role, seat role, the first run's output)."""
    tag = secrets.token_hex(4)
    names = (f"studio_{tag}", f"admin_{tag}", f"seat_{tag}")
    done = run_cli("ledger", "init-server", "--server", pg_server.url(), "--database", names[0],
                   "--admin-role", names[1], "--seat-role", names[2])
    assert done.returncode == 0, done.stderr
    return (*names, done.stdout)


@pytest.fixture
def seat(server_ledger, pg_server):
    database, _admin, seat_role, _out = server_ledger
    with Ledger.open(role_url(pg_server.url(), seat_role, database)) as ledger:
        yield ledger


def _restricted_take(ledger: Ledger) -> tuple[str, str]:
    session = ledger.create_session("第一集", contract_status="no_ai_clause")
    actor = ledger.add_actor(session.id, "张伟")
    take = add_take_for_recording(ledger, session.id, "/rec/1.wav", [actor.id])
    record_restriction(ledger, take.id, actor.id, "client asked", "Li")
    return session.id, take.id


def test_init_server_says_what_it_did_and_a_second_run_finds_it_done(server_ledger, pg_server):
    database, admin, seat_role, first = server_ledger
    assert f"role {admin}: created (login)" in first
    assert f"database {database}: created, owned by {admin}" in first
    assert "schema: version" in first and "migrated from 0" in first
    assert f"grant {seat_role}: SELECT, INSERT on decisions" in first
    assert f"grant {seat_role}: SELECT, INSERT, UPDATE on takes" in first
    assert f"seats connect with: --db {role_url(pg_server.url(), seat_role, database)}" in first
    again = run_cli("ledger", "init-server", "--server", pg_server.url(), "--database", database,
                    "--admin-role", admin, "--seat-role", seat_role)
    assert again.returncode == 0, again.stderr
    assert f"role {admin}: exists" in again.stdout and "(up to date)" in again.stdout
    owner = pg_server.psql("SELECT tableowner FROM pg_tables WHERE tablename = 'decisions'", database)
    assert owner.strip() == admin


def test_a_seat_records_and_reads_but_the_server_refuses_its_updates_and_deletes(seat):
    session_id, take_id = _restricted_take(seat)
    seat.update_session(session_id, title="第二集")
    assert seat.verify_audit().ok
    conn = seat.store.conn
    for statement in (
        f"UPDATE decisions SET permission = 'authorized' WHERE take_id = '{take_id}'",
        f"DELETE FROM decisions WHERE take_id = '{take_id}'",
        "UPDATE audit_events SET payload = '{}' WHERE seq = 1",
        "DELETE FROM audit_events",
        "DELETE FROM confirmations",
        "UPDATE deliveries SET recipient = 'x'",
        f"DELETE FROM takes WHERE id = '{take_id}'",
        "TRUNCATE audit_events",
    ):
        with pytest.raises(StoreError, match="permission denied"):
            conn.execute(statement)
    assert seat.verify_audit().ok
    assert len(seat.decision_history(take_id)) == 4


def test_even_the_administrator_cannot_change_a_decision_or_an_event(server_ledger, seat, pg_server):
    database, admin, _seat_role, _out = server_ledger
    _, take_id = _restricted_take(seat)
    for statement in (f"UPDATE decisions SET permission = 'authorized' WHERE take_id = '{take_id}'",
                      "DELETE FROM audit_events"):
        with pytest.raises(subprocess.CalledProcessError) as refused:
            pg_server.psql(statement, database, admin)
        assert "append-only" in refused.value.stderr
