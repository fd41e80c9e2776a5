"""The ledger at studio scale: N takes (default 10,000) x 2 actors, timed through the `Ledger` API, each
against a peer measured in the same run on a copy of the same ledger file.

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

The ledger is built once in a child process (not timed: one tiny WAV imported by reference N times,
each take in its own transaction with its audit event, as the app does), then every round works on a
fresh copy of that file, so each round applies the session default to N pending takes. Peak RSS is
this process's own (VmHWM, benchmarks/measure.py) right after our operations; the build ran elsewhere.
Prints medians.

    .venv/bin/python benchmarks/bench_ledger.py [--takes 10000] [--rounds 3]
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.measure import peak_rss_mib
from studio_app.core.record import canonical_json
from studio_app.core.scopes import ALL_SCOPES, Purpose
from studio_app.services.ledger import Ledger
from studio_app.services.ledger.decisions import apply_session_default
from studio_app.services.ledger.intake import import_take
from studio_app.services.trust import proven_gate
from studio_app.store.audit import StudioKey
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


def ours(db_path: Path) -> dict[str, float]:
    with Ledger.open(db_path) as ledger:
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


def peers(db_path: Path, key: StudioKey) -> dict[str, float]:
    """Plain sqlite3 and the cryptography library on the same file, doing the least the task needs."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    session_id = conn.execute("SELECT id FROM sessions").fetchone()[0]

    def list_rows() -> None:
        conn.execute("SELECT * FROM takes WHERE session_id = ?", (session_id,)).fetchall()
        conn.execute("SELECT * FROM take_actors").fetchall()
        conn.execute("SELECT * FROM decisions").fetchall()

    pairs = conn.execute("SELECT take_id, actor_id FROM take_actors").fetchall()

    def insert_signed_rows() -> None:
        seq = conn.execute("SELECT max(seq) FROM audit_events").fetchone()[0]
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
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO decisions (id, take_id, actor_id, scope, permission, recorded_at, recorded_by,"
            " method, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            decisions,
        )
        conn.executemany(
            "INSERT INTO audit_events (seq, at, entity, entity_id, action, payload, prev_sha256,"
            " event_sha256, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )
        conn.execute("COMMIT")

    def verify_events() -> None:
        public = key.public_key
        for at, payload, signature, digest in conn.execute(
            "SELECT at, payload, signature, event_sha256 FROM audit_events"
        ):
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takes", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(args.build, args.takes)
        return
    with tempfile.TemporaryDirectory(prefix="bench-ledger-") as folder:
        os.environ["CONSENT_SLATE_DATA_DIR"] = folder
        base = Path(folder) / "base.sqlite3"
        started = time.perf_counter()
        builder = [sys.executable, __file__, "--takes", str(args.takes), "--build", str(base)]
        subprocess.run(builder, check=True)
        print(f"built {args.takes} takes x 2 actors in {time.perf_counter() - started:.1f} s (not timed)")
        key = StudioKey.load_or_create(Path(folder) / "keys")
        results: dict[str, dict[str, list[float]]] = {"ours": {}, "peer": {}}
        peak_after_ours = 0.0
        for round_number in range(args.rounds):
            for name in ("ours", "peer"):
                work = Path(folder) / f"{name}-{round_number}.sqlite3"
                shutil.copyfile(base, work)
                figures = ours(work) if name == "ours" else peers(work, key)
                if name == "ours":
                    peak_after_ours = peak_rss_mib()
                for operation, seconds in figures.items():
                    results[name].setdefault(operation, []).append(seconds)
                for leftover in Path(folder).glob(f"{work.name}*"):
                    leftover.unlink()
    print(f"{args.takes} takes x 2 actors, median of {args.rounds} rounds (seconds)")
    for operation, values in results["ours"].items():
        mine = statistics.median(values)
        line = f"  {operation:18s} ours {mine:8.3f}"
        if operation in results["peer"]:
            theirs = statistics.median(results["peer"][operation])
            line += f"   peer {theirs:8.3f}   ratio {mine / theirs:6.1f}"
        print(line)
    plain, proven = (statistics.median(results["ours"][name]) for name in ("gate (all takes)", "proven gate"))
    print(f"  gate before (plain) {plain:.3f} s, after (proven) {proven:.3f} s: {proven / plain:.2f}x")
    print(f"  peak RSS after our operations: {peak_after_ours:.0f} MiB")


if __name__ == "__main__":
    main()
