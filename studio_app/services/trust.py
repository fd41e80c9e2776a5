"""The gate the studio signs behind: the rules' verdict, over rows the audit chain proves.

Everything that signs (export, re-export, the export dialog's verdict) asks `proven_gate`, not
`Ledger.gate`: a decision edited or inserted in the SQLite file behind the app, or an event forged
without the studio key, blocks its take with a reason naming the row and the event.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from studio_app.core.record import ConsentRecord
from studio_app.core.rules import GateVerdict, with_unproven_takes
from studio_app.core.scopes import Purpose
from studio_app.services.ledger import Ledger
from studio_app.store import audit, db
from studio_app.store.db import StoreError
from studio_app.store.row_proof import prove_takes


@dataclass(frozen=True)
class ProvenSelection:
    """The verdict over a selection and, when it allows, each take's record built from the very rows the
    proof checked: what is signed is what was proven, not a second read an edit could slip into."""

    verdict: GateVerdict
    records: Mapping[str, ConsentRecord]


def proven_gate(
    ledger: Ledger,
    take_ids: Sequence[str],
    purpose: Purpose | str,
    on: date | None = None,
    *,
    correction: bool = False,
) -> GateVerdict:
    """`Ledger.gate` over rows the audit chain proves (the export dialog's verdict)."""
    return prove_selection(ledger, take_ids, purpose, on, correction=correction).verdict


def prove_selection(
    ledger: Ledger,
    take_ids: Sequence[str],
    purpose: Purpose | str,
    on: date | None = None,
    *,
    correction: bool = False,
) -> ProvenSelection:
    """The proof of every row a take's record is made of, the gate's verdict over the records built from
    the rows the proof read (for corrected copies, `GateVerdict.for_correction`) and, if both pass, those
    same records to sign: one read transaction, one read of the decisions in force. Events whose
    signature verified now are sealed, so the next gate skips their Ed25519 check."""
    conn = ledger.store.conn
    records: dict[str, ConsentRecord] = {}
    try:
        with db.read(conn):
            proof = prove_takes(conn, ledger.store.key, take_ids)
            overviews = ledger.take_overviews(take_ids, proof.decisions)
            built = ledger.records_of(overviews)
            verdict = ledger.verdict_of(overviews, built, purpose, on)
            if correction:
                verdict = verdict.for_correction()
            if verdict.allowed and not proof.problems:
                records = built
    except sqlite3.DatabaseError as exc:
        raise StoreError(ledger.path, f"cannot prove the ledger's rows ({exc}); nothing is signed") from exc
    if proof.new_seals:
        with ledger.store.writing():
            audit.seal_events(conn, proof.new_seals)
    labels = {take.id: take.label for take in ledger.store.takes_by_id(list(proof.problems))}
    return ProvenSelection(with_unproven_takes(verdict, proof.problems, labels), records)
