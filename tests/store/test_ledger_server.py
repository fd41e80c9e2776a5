"""The ledger on a real PostgreSQL server set up by `consent-slate ledger init-server`: roles, grants and
triggers make it append-only in the database itself."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import textwrap

import pytest

from studio_app import appdirs
from studio_app.services.ledger import Ledger
from studio_app.services.ledger.decisions import record_restriction
from studio_app.services.ledger.intake import add_take_for_recording
from studio_app.store.db import StoreError
from studio_app.store.server_setup import role_url
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


SEAT = textwrap.dedent(
    """
    import pathlib, sys, time
    from studio_app.services.ledger import Ledger
    from studio_app.services.ledger.decisions import record_restriction
    from studio_app.services.ledger.intake import add_take_for_recording
    url, session_id, actor_id, count, start = sys.argv[1:6]
    with Ledger.open(url) as ledger:
        while not pathlib.Path(start).exists():
            time.sleep(0.01)
        for i in range(int(count)):
            take = add_take_for_recording(ledger, session_id, f"/rec/{ledger.store.seat}-{i}.wav", [actor_id])
            record_restriction(ledger, take.id, actor_id, "no contract yet", ledger.store.seat)
    """
)


def _four_seats_at_once(pg_server, tmp_path, operations: int) -> None:
    """4 seat processes (each its own key and seat name) write to one server ledger at the same moment;
    the chain must come out linear, every event signed by the seat that wrote it."""
    url = pg_server.new_database()
    with Ledger.open(url) as ledger:
        session = ledger.create_session("four rooms", contract_status="no_ai_clause")
        actor = ledger.add_actor(session.id, "张伟")
    start = tmp_path / "start"
    seats = [f"Room {room}" for room in "ABCD"]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", SEAT, url, session.id, actor.id, str(operations), str(start)],
            env={**os.environ, appdirs.DATA_DIR_ENV: str(tmp_path / seat), appdirs.SEAT_ENV: seat},
            cwd=PROJECT_ROOT,
        )
        for seat in seats
    ]
    start.touch()
    assert [w.wait(timeout=1800) for w in writers] == [0] * 4
    with Ledger.open(url) as ledger:
        report = ledger.verify_audit()
        assert report.ok, report.problems[:5]
        takes = ledger.list_takes(session.id)
        assert len(takes) == 4 * operations and not any(t.pending for t in takes)
        # registration, session, actor, then per seat: its key, and per operation a take and 4 decisions
        assert report.events == 3 + 4 * (1 + operations * 5)
        signers = dict(ledger.store.conn.execute(
            "SELECT k.seat, count(*) FROM audit_events e JOIN audit_keys k ON k.id = e.key_id GROUP BY k.seat"
        ).fetchall())
        assert {seat: signers[seat] for seat in seats} == {seat: 1 + operations * 5 for seat in seats}


def test_four_seats_writing_at_once_keep_one_linear_chain(pg_server, tmp_path):
    _four_seats_at_once(pg_server, tmp_path, operations=15)


@pytest.mark.slow
def test_four_seats_times_500_operations_keep_one_linear_chain(pg_server, tmp_path):
    _four_seats_at_once(pg_server, tmp_path, operations=500)


def test_only_the_administrator_retires_a_seats_key(server_ledger, seat, pg_server):
    database, admin, _seat_role, _out = server_ledger
    _restricted_take(seat)
    key = seat.store.key.key_id
    refused = run_cli("ledger", "keys", "--db", seat.path, "--retire", key[:8])
    assert refused.returncode == 1 and "permission denied" in refused.stderr
    retired = run_cli("ledger", "keys", "--db", role_url(pg_server.url(), admin, database), "--retire", key)
    assert retired.returncode == 0, retired.stderr
    line = next(line for line in retired.stdout.splitlines() if line.startswith(key[:8]))
    assert seat.store.seat in line and "retired" in line
    with Ledger.open(seat.path) as again, pytest.raises(StoreError, match="retired"):
        again.create_session("after retirement")


def test_an_unreachable_server_is_one_clear_error_without_its_password():
    from tests.pg_server import _free_port

    with pytest.raises(StoreError) as refused:
        Ledger.open(f"postgresql://seat:s3cret@127.0.0.1:{_free_port()}/consent_slate")
    assert "cannot be reached" in refused.value.reason
    assert "s3cret" not in str(refused.value) and "seat:***@" in str(refused.value.subject)
