"""The ledger at studio scale: N takes (default 10,000) x 2 actors, timed through the `Ledger` API, each
against a peer measured in the same run on a copy of the same ledger — on SQLite, and with `--db URL` or
`--pg` on PostgreSQL too, side by side.

- list_takes, before the session default (takes pending) and after it (8 decisions per take):
  `Ledger.list_takes`; peer: the same rows fetched with plain sqlite3.
- session default: `Ledger.apply_session_default` (8 signed decisions per take); peer: as many decision
  and audit rows inserted with plain sqlite3 executemany, each event hashed and Ed25519-signed.
- gate over every take: `Ledger.gate`; no peer (printed alone).
- proven gate over every take: `services.trust.proven_gate`, the gate every export signs behind (the
  same verdict, every row it relies on checked against its signed audit event); printed against the
  plain gate of the same round, which it must stay within 2x of.
- audit verify: `Ledger.verify_audit`; peer: every event read with plain sqlite3, hashed and its
  Ed25519 signature checked on one thread.
- 4 seats at once (`--seats`, `--seat-takes`): seat processes each record takes one transaction each,
  apply the session default to them, then restrict a fifth of them take by take, all at the same moment
  on one ledger; prints the wall time, the signed events per second of all seats together, the seats
  that failed and whether the chain verifies afterwards. On SQLite the seats are processes of one
  workstation (one key); on the server each is a seat of its own (its own key and name).

On PostgreSQL the peers are plain psycopg on the same server. Each round gets a fresh database, filled
from the built file by `ledger migrate`'s copy (not timed), and dropped after: `--db` must name a role
that may create databases (the databases are its own, `bench_ledger_…`). `--pg` starts a throw-away
PostgreSQL 15 instead (tests/pg_server.py), removed at the end.

The ledger is built once in a child process (not timed: one tiny WAV imported by reference N times,
each take in its own transaction with its audit event, as the app does), then every round works on a
fresh copy of that file, so each round applies the session default to N pending takes. Peak RSS is
this process's own (VmHWM, benchmarks/measure.py) right after our operations; the build ran elsewhere.
Prints medians.

    .venv/bin/python benchmarks/bench_ledger.py [--takes 10000] [--rounds 3] [--db URL | --pg]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.measure import peak_rss_mib
from studio_app.core.record import canonical_json
from studio_app.core.scopes import ALL_SCOPES, Purpose
from studio_app.services.ledger import Ledger
from studio_app.services.ledger.decisions import apply_session_default, restrict_takes
from studio_app.services.ledger.intake import add_take_for_recording, import_take
from studio_app.services.trust import proven_gate
from studio_app.store.audit import StudioKey
from studio_app.store.engine import Location, is_server
from studio_app.store.ledger_copy import copy_to_server
from studio_app.wav.reader import audio_sha256


def tiny_wav(path: Path) -> None:
    """0.1 s of 48 kHz 16-bit mono silence."""
    audio = b"\0" * 9600
    fmt = struct.pack("<HHIIHH", 1, 1, 48000, 96000, 2, 16)
    riff = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(audio))
    path.write_bytes(b"RIFF" + struct.pack("<I", len(riff) + len(audio)) + riff + audio)


def build(db_path: Path, takes: int) -> None:
    """The child's job: a no-contract session with two actors and `takes` pending takes."""
    wav = db_path.parent / "take.wav"
    tiny_wav(wav)
    digest = audio_sha256(wav)
    with Ledger.open(db_path) as ledger:
        session = ledger.create_session("Bench", engineer="Bench", contract_status="none")
        actors = [ledger.add_actor(session.id, "王小明").id, ledger.add_actor(session.id, "Anna Berg").id]
        for number in range(1, takes + 1):
            import_take(
                ledger, session.id, wav, actors, copy=False, take_number=number,
                referenced_audio_sha256=digest,
            )
        ledger.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def ours(location: Location) -> dict[str, float]:
    with Ledger.open(location) as ledger:
        session_id = ledger.list_sessions()[0].id
        take_ids = [o.take.id for o in ledger.list_takes(session_id)]
        return {
            "list_takes pending": timed(lambda: ledger.list_takes(session_id)),
            "session default": timed(lambda: apply_session_default(ledger, session_id)),
            "list_takes decided": timed(lambda: ledger.list_takes(session_id)),
            "gate (all takes)": timed(lambda: ledger.gate(take_ids, Purpose.DELIVERY)),
            "proven gate": timed(lambda: _allowed(proven_gate(ledger, take_ids, Purpose.DELIVERY))),
            "audit verify": timed(lambda: _checked(ledger.verify_audit())),
        }


def _allowed(verdict) -> None:
    assert verdict.allowed, verdict.take_lines()[:3]


def _checked(report) -> None:
    assert report.ok, report.problems[:3]


def plain_connection(location: Location):
    """The engine's own client on the ledger, no layer of ours: sqlite3, or psycopg (tuple rows)."""
    if is_server(location):
        return psycopg.connect(str(location), autocommit=True)
    conn = sqlite3.connect(location, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def peers(location: Location, key: StudioKey) -> dict[str, float]:
    """The engine's plain client and the cryptography library on the same ledger, doing the least the task
    needs."""
    conn = plain_connection(location)
    server = is_server(location)

    def run(sql: str, params=()):
        return conn.execute(sql.replace("?", "%s") if server else sql, params)

    session_id = run("SELECT id FROM sessions").fetchone()[0]

    def list_rows() -> None:
        run("SELECT * FROM takes WHERE session_id = ?", (session_id,)).fetchall()
        run("SELECT * FROM take_actors").fetchall()
        run("SELECT * FROM decisions").fetchall()

    pairs = run("SELECT take_id, actor_id FROM take_actors").fetchall()

    def insert_signed_rows() -> None:
        seq = run("SELECT max(seq) FROM audit_events").fetchone()[0]
        decisions, events = [], []
        for take_id, actor_id in pairs:
            for scope in ALL_SCOPES:
                seq += 1
                decision_id = uuid.uuid4().hex
                row = (decision_id, take_id, actor_id, scope.value, "not_authorized", "now", "Bench",
                       "session_default", "no contract")
                digest = hashlib.sha256(canonical_json(row).encode()).hexdigest()
                decisions.append(row)
                events.append((seq, "now", "decision", decision_id, "create", canonical_json(row), "", digest,
                               key.sign(bytes.fromhex(digest))))
        run("BEGIN" if server else "BEGIN IMMEDIATE")
        cursor = conn.cursor()
        mark = "%s" if server else "?"
        cursor.executemany(
            "INSERT INTO decisions (id, take_id, actor_id, scope, permission, recorded_at, recorded_by,"
            f" method, reason) VALUES ({', '.join([mark] * 9)})",
            decisions,
        )
        cursor.executemany(
            "INSERT INTO audit_events (seq, at, entity, entity_id, action, payload, prev_sha256,"
            f" event_sha256, signature) VALUES ({', '.join([mark] * 9)})",
            events,
        )
        run("COMMIT")

    def verify_events() -> None:
        public = key.public_key
        events = run("SELECT at, payload, signature, event_sha256 FROM audit_events")
        for at, payload, signature, digest in events:
            hashlib.sha256((at + payload).encode()).hexdigest()
            public.verify(bytes.fromhex(signature), bytes.fromhex(digest))

    figures = {
        "list_takes pending": timed(list_rows),
        "session default": timed(insert_signed_rows),
        "list_takes decided": timed(list_rows),
        "audit verify": timed(verify_events),
    }
    conn.close()
    return figures


def seat(location: Location, takes: int, start: Path) -> None:
    """One seat: a session of its own with two actors, `takes` takes recorded one transaction each, the
    session default over them, then a fifth of them restricted take by take."""
    with Ledger.open(location) as ledger:
        session = ledger.create_session(f"Seat {ledger.store.seat}", contract_status="none")
        actors = [ledger.add_actor(session.id, name).id for name in ("王小明", "Anna Berg")]
        while not start.exists():
            time.sleep(0.005)
        take_ids = [add_take_for_recording(ledger, session.id, f"/rec/{n}.wav", actors).id
                    for n in range(takes)]
        apply_session_default(ledger, session.id)
        restrict_takes(ledger, take_ids[::5], actors[:1], "client asked", "Bench")


def concurrent_run(location: Location, seats: int, takes: int, folder: Path) -> dict[str, object]:
    """`seats` seat processes at once on the ledger; wall time from the start signal to the last exit."""
    start = folder / f"start-{uuid.uuid4().hex}"
    server = is_server(location)
    with Ledger.open(location) as ledger:
        before = ledger.verify_audit().events
    children = []
    for number in range(seats):
        env = dict(os.environ)
        if server:  # each seat its own key and name; on a file, processes of one workstation share its key
            env["CONSENT_SLATE_DATA_DIR"] = str(folder / f"seat-{number}")
            env["CONSENT_SLATE_SEAT"] = f"Room {number + 1}"
        command = [sys.executable, __file__, "--seat", str(location), "--seat-takes", str(takes),
                   "--start", str(start)]
        children.append(subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True))
    time.sleep(1.0)  # every seat connected and waiting
    started = time.perf_counter()
    start.touch()
    failed = [child for child in children if child.wait() != 0]
    wall = time.perf_counter() - started
    for child in failed:
        print((child.stderr.read() or "").strip().splitlines()[-1:], file=sys.stderr)
    with Ledger.open(location) as ledger:
        report = ledger.verify_audit()
    written = report.events - before
    return {"wall": wall, "events": written, "rate": written / wall, "errors": len(failed),
            "intact": report.ok}


class Engine:
    """Where the rounds run: fresh copies of the built ledger file, or fresh databases on a server."""

    def __init__(self, name: str, folder: Path, server_url: str | None = None) -> None:
        self.name = name
        self.folder = folder
        self.server_url = server_url
        self._made: list[Location] = []

    def fresh(self, base: Path, label: str) -> Location:
        """A copy of the built ledger (`label` names it)."""
        if self.server_url is None:
            work = self.folder / f"{label}.sqlite3"
            shutil.copyfile(base, work)
            self._made.append(work)
            return work
        url = self._new_database()
        copy_to_server(base, url)
        return url

    def empty(self, label: str) -> Location:
        """A new ledger with nothing in it."""
        if self.server_url is None:
            return self.folder / f"{label}.sqlite3"
        return self._new_database()

    def _new_database(self) -> str:
        name = f"bench_ledger_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(self.server_url, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        url = urlsplit(self.server_url)._replace(path=f"/{name}").geturl()
        self._made.append(url)
        return url

    def discard(self) -> None:
        """Drop every ledger this engine made."""
        for made in self._made:
            if isinstance(made, Path):
                for leftover in made.parent.glob(f"{made.name}*"):
                    leftover.unlink()
            else:
                with psycopg.connect(self.server_url, autocommit=True) as admin:
                    admin.execute(f"DROP DATABASE IF EXISTS {urlsplit(made).path.lstrip('/')}")
        self._made.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takes", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", metavar="URL", help="also on this PostgreSQL server (a role that may create"
                        " databases)")
    parser.add_argument("--pg", action="store_true", help="also on a throw-away PostgreSQL 15 started here")
    parser.add_argument("--seats", type=int, default=4)
    parser.add_argument("--seat-takes", type=int, default=500)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--seat", help=argparse.SUPPRESS)
    parser.add_argument("--start", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.build, args.takes)
        return
    if args.seat:
        seat(args.seat, args.seat_takes, args.start)
        return
    throwaway = None
    server_url = args.db
    if args.pg:
        from tests.pg_server import PgServer

        throwaway = PgServer().init().start()
        server_url = throwaway.url()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-ledger-") as folder:
            run_all(args, Path(folder), server_url)
    finally:
        if throwaway is not None:
            throwaway.remove()


def run_all(args: argparse.Namespace, folder: Path, server_url: str | None) -> None:
    os.environ["CONSENT_SLATE_DATA_DIR"] = str(folder)
    os.chmod(folder, 0o755)
    base = folder / "base.sqlite3"
    started = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--takes", str(args.takes), "--build", str(base)], check=True)
    print(f"built {args.takes} takes x 2 actors in {time.perf_counter() - started:.1f} s (not timed)")
    key = StudioKey.load_or_create(folder / "keys")
    engines = [Engine("sqlite", folder)] + ([Engine("postgresql", folder, server_url)] if server_url else [])
    results: dict[tuple[str, str], dict[str, list[float]]] = {}
    peak_after_ours = 0.0
    for round_number in range(args.rounds):
        for engine in engines:
            for name in ("ours", "peer"):
                work = engine.fresh(base, f"{name}-{round_number}")
                figures = ours(work) if name == "ours" else peers(work, key)
                if name == "ours":
                    peak_after_ours = max(peak_after_ours, peak_rss_mib())
                for operation, seconds in figures.items():
                    results.setdefault((engine.name, name), {}).setdefault(operation, []).append(seconds)
                engine.discard()
    print(f"{args.takes} takes x 2 actors, median of {args.rounds} rounds (seconds)")
    print(f"  {'operation':18s} {'engine':10s} {'ours':>8s} {'peer':>8s} {'ratio':>6s}")
    for operation in results[("sqlite", "ours")]:
        for engine in engines:
            mine = statistics.median(results[(engine.name, "ours")][operation])
            line = f"  {operation:18s} {engine.name:10s} {mine:8.3f}"
            if operation in results[(engine.name, "peer")]:
                theirs = statistics.median(results[(engine.name, "peer")][operation])
                line += f" {theirs:8.3f} {mine / theirs:6.1f}"
            print(line)
    for engine in engines:
        plain, proven = (statistics.median(results[(engine.name, "ours")][name])
                         for name in ("gate (all takes)", "proven gate"))
        print(f"  {engine.name}: gate before (plain) {plain:.3f} s, after (proven) {proven:.3f} s:"
              f" {proven / plain:.2f}x")
    print(f"  peak RSS after our operations: {peak_after_ours:.0f} MiB")
    print(f"{args.seats} seats at once, each {args.seat_takes} takes, the session default, a fifth"
          " restricted")
    for engine in engines:
        found = concurrent_run(engine.empty("seats"), args.seats, args.seat_takes, folder)
        engine.discard()
        print(f"  {engine.name:10s} {found['wall']:7.2f} s  {found['events']} events  {found['rate']:7.0f}"
              f" events/s  errors {found['errors']}  chain {'intact' if found['intact'] else 'BROKEN'}")


if __name__ == "__main__":
    main()
