"""The gate the studio signs behind: the rules' verdict, over rows the audit chain proves.

Everything that signs (export, re-export, the export dialog's verdict) asks `proven_gate`, not
`Ledger.gate`: a decision edited or inserted in the SQLite file behind the app, or an event forged
without the studio key, blocks its take with a reason naming the row and the event.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date

from studio_app.core.rules import GateVerdict, with_unproven_takes
from studio_app.core.scopes import Purpose
from studio_app.services.ledger import Ledger
from studio_app.store import audit, db
from studio_app.store.db import StoreError
from studio_app.store.row_proof import prove_takes


def proven_gate(
    ledger: Ledger, take_ids: Sequence[str], purpose: Purpose | str, on: date | None = None
) -> GateVerdict:
    """`Ledger.gate` and the proof of every row it judged, read in one transaction (so both see the same
    rows); events whose signature verified now are sealed, so the next gate skips their Ed25519 check."""
    conn = ledger.store.conn
    try:
        with db.read(conn):
            verdict = ledger.gate(take_ids, purpose, on)
            proof = prove_takes(conn, ledger.store.key, take_ids)
    except sqlite3.DatabaseError as exc:
        raise StoreError(ledger.path, f"cannot prove the ledger's rows ({exc}); nothing is signed") from exc
    if proof.new_seals:
        with ledger.store.writing():
            audit.seal_events(conn, proof.new_seals)
    labels = {take.id: take.label for take in ledger.store.takes_by_id(list(proof.problems))}
    return with_unproven_takes(verdict, proof.problems, labels)
