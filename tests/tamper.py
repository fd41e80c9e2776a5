"""An attacker at the ledger file: SQL run on the real SQLite file through the `sqlite3` module, outside
the app, and audit events forged with a key that is not the studio's. Shared by the services, CLI and UI
tests of the export gate's proof (services/trust.py)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from studio_app.core.model import ActorConfirmation, ScopeChoice
from studio_app.core.record import canonical_json
from studio_app.core.scopes import Permission, Scope
from studio_app.services.ledger import Ledger, new_confirmation_id
from studio_app.services.ledger.decisions import apply_session_default, record_confirmation
from studio_app.services.ledger.intake import import_take
from studio_app.store.audit import event_hash
from tests.conftest import FIXTURE_WAVS, grant

_TRAINING_IN_FORCE = (
    "SELECT * FROM decisions WHERE take_id = ? AND scope = 'ai_training' ORDER BY seq DESC LIMIT 1"
)
_AT = "2026-12-01T09:00:00+00:00"
SIGNATURE = (((10.0, 20.0, 0.0), (60.0, 25.0, 80.0), (90.0, 40.0, 160.0)),)


@dataclass(frozen=True)
class Cast:
    """One session: 林小雨 on every take, training authorized on the talent screen (the other scopes
    refused) for the takes in `granted`, the session default (nothing authorized) for the others."""

    session_id: str
    actor_id: str
    granted: tuple[str, ...]
    defaulted: tuple[str, ...]
    confirmation_id: str


def cast(ledger: Ledger, granted: int = 1, defaulted: int = 1) -> Cast:
    session = ledger.create_session("第七集", studio="Studio Nord", contract_status="none")
    actor = ledger.add_actor(session.id, "林小雨")
    takes = [import_take(ledger, session.id, p, [actor.id]).id for p in FIXTURE_WAVS[: granted + defaulted]]
    confirmation = ActorConfirmation(
        new_confirmation_id(), actor.id, "林小雨", SIGNATURE, "v1", "c" * 64, "zh_CN", ledger.now()
    )
    choices = {scope: ScopeChoice(Permission.NOT_AUTHORIZED) for scope in Scope}
    choices[Scope.AI_TRAINING] = grant()
    record_confirmation(ledger, confirmation, choices, take_ids=takes[:granted])
    apply_session_default(ledger, session.id)
    return Cast(session.id, actor.id, tuple(takes[:granted]), tuple(takes[granted:]), confirmation.id)


def behind_the_app(db: Path, sql: str, *params: object) -> None:
    """Run one statement on the ledger file as any SQLite tool would, and commit."""
    with sqlite3.connect(db) as conn:
        conn.execute(sql, params)
    conn.close()


def authorize_behind_the_app(db: Path, decision_id: str) -> None:
    """The attack of the issue: `UPDATE decisions SET permission='authorized'` on a decision row."""
    behind_the_app(db, "UPDATE decisions SET permission = 'authorized' WHERE id = ?", decision_id)


def training_decision(db: Path, take_id: str) -> tuple[str, int]:
    """The id of the take's training decision in force and the number of its audit event."""
    with sqlite3.connect(db) as conn:
        decision_id = conn.execute(_TRAINING_IN_FORCE, (take_id,)).fetchone()[1]
        query = "SELECT max(seq) FROM audit_events WHERE entity_id = ?"
        seq = conn.execute(query, (decision_id,)).fetchone()[0]
    conn.close()
    return decision_id, seq


def insert_newer_grant(db: Path, take_id: str) -> tuple[str, dict]:
    """A newer 'authorized' training decision for the take, copied from the one in force: (id, row)."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        row = dict(conn.execute(_TRAINING_IN_FORCE, (take_id,)).fetchone())
        row.update(
            seq=row["seq"] + 10_000, id=uuid.uuid4().hex, permission="authorized", supersedes=row["id"],
            reason=None,
        )
        conn.execute(f"INSERT INTO decisions ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                     tuple(row.values()))
    conn.close()
    return row["id"], row


def append_forged_event(
    db: Path, entity: str, entity_id: str, row: dict, signer: tuple[Ed25519PrivateKey, str] | None = None
) -> int:
    """An audit event for the row at the head of the chain, linked and hashed correctly but signed by a
    key of the attacker's own (`signer`: a key and the id the event names; by default a fresh key naming
    the seat's key); it also copies the newest genuine event's seal. Returns its number."""
    with sqlite3.connect(db) as conn:
        query = "SELECT seq, event_sha256, key_id FROM audit_events ORDER BY seq DESC LIMIT 1"
        seq, prev, key_id = conn.execute(query).fetchone()
        private, key_id = signer or (Ed25519PrivateKey.generate(), key_id)
        seq += 1
        payload = canonical_json(json.loads(json.dumps(row)))
        digest = event_hash(seq, _AT, entity, entity_id, "create", payload, prev)
        signature = private.sign(bytes.fromhex(digest)).hex()
        conn.execute(
            "INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, _AT, entity, entity_id, "create", payload, prev, digest, signature, key_id),
        )
        conn.execute("INSERT INTO audit_seals SELECT ?, tag FROM audit_seals WHERE seq = ?", (seq, seq - 1))
    conn.close()
    return seq


def register_own_key(db: Path) -> tuple[Ed25519PrivateKey, str]:
    """The attacker's key put in the file's key registry, with its registration event signed by itself
    (as a seat registers its key), linked and hashed correctly: (key, key id)."""
    private = Ed25519PrivateKey.generate()
    public_hex = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    key_id = hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:32]
    row = {"id": key_id, "public_key": public_hex, "seat": "Room Z", "machine": "", "registered_at": _AT,
           "retired_at": None}
    with sqlite3.connect(db) as conn:
        conn.execute(f"INSERT INTO audit_keys ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                     tuple(row.values()))
    conn.close()
    append_forged_event(db, "audit_key", key_id, row, (private, key_id))
    return private, key_id
