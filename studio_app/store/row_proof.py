"""The export gate's proof: every ledger row a delivery will carry under the studio's signature is the row
the studio key signed onto the audit chain.

`audit verify` walks the whole chain, one Ed25519 verification per event; an export cannot afford that
at every run. So the gate checks only the events behind the rows the record of each take is made of
(the take with its actors, its session and actors, the decisions in force and the confirmations they
cite), each found by its entity id: the row must equal the payload of its latest event, the event's hash
must be right and the event must be the studio key's. An event the key signed, or whose hash and signature
have verified once, carries a seal (`StudioKey.seal`, over all its columns) that is checked instead: a few
microseconds where hashing and Ed25519 take over a hundred, and just as out of reach without the key.

Each decision in force must also be the latest decision event of its (take, actor, scope), so a newer
decision deleted behind the app (an older grant back in force) is caught while its event remains; and the
events are counted, so a gap cut into the chain blocks every take. What this cannot see is written down in
docs/ledger.md (threat model).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import NamedTuple

from studio_app.core.model import Decision
from studio_app.store import audit, db
from studio_app.store.repository import decision_from_row, decision_rows_in_force

_EVENT_COLUMNS = "seq, at, entity, entity_id, action, payload, prev_sha256, event_sha256, signature, key_id"
_BY_SCOPE = (
    "INDEXED BY audit_decisions_by_scope WHERE x.entity = 'decision' AND json_extract(x.payload, '$.take_id')"
)
_ACTOR = "json_extract(x.payload, '$.actor_id')"
_SCOPE = "json_extract(x.payload, '$.scope')"
_CITED = ("take", "session", "actor", "confirmation")
"""The entities besides decisions that a take's record is made of."""


class _Event(NamedTuple):
    seq: int
    at: str
    entity: str
    entity_id: str
    action: str
    payload: str
    prev: str
    digest: str
    signature: str
    key_id: str | None


class _InForce(NamedTuple):
    """A decision in force and the latest decision event of its take, actor and scope, compared by the
    database: `signed` when that event is this row's and its payload is the row; the event's number, key,
    `audit.seal_text` and stored seal."""

    id: str
    take_id: str
    actor_id: str
    scope: str
    confirmation_id: str | None
    signed: bool | None
    event_seq: int | None
    key_id: str | None
    seal_text: str | None
    seal: str | None


@dataclass(frozen=True)
class RowProof:
    """What the chain could not prove, per take (only takes with a problem), and the seals of the events
    whose signature verified during the proof, for `audit.seal_events` to keep."""

    problems: dict[str, tuple[str, ...]]
    new_seals: tuple[tuple[int, str], ...]
    decisions: dict[str, list[Decision]]
    """The decisions in force per take, as the proof read them: the gate judges these same rows."""


def prove_takes(conn: sqlite3.Connection, key: audit.StudioKey, take_ids: Sequence[str]) -> RowProof:
    """Check every row the records of these takes are made of against its signed audit event; call inside
    one read transaction (`db.read`) together with the gate, so both see the same rows."""
    problems: dict[str, list[str]] = {take_id: [] for take_id in take_ids}
    relied: dict[str, list[_Event]] = {take_id: [] for take_id in take_ids}
    takes = audit.snapshots(conn, "take", take_ids)
    cited: dict[str, dict[str, list[str]]] = {entity: {} for entity in _CITED}
    signers = audit.signers(conn, key.public_key, key.key_id)
    for take_id, take in takes.items():
        cited["take"][take_id] = [take_id]
        cited["session"].setdefault(take["session_id"], []).append(take_id)
        for actor in take["actors"]:
            cited["actor"].setdefault(actor["actor_id"], []).append(take_id)
    in_force, decisions = _decisions_in_force(conn, take_ids)
    for decision in in_force:
        if not _proven_at_once(key, signers, decision):
            _check_decision(conn, decision, problems[decision.take_id], relied[decision.take_id])
        if decision.confirmation_id:
            cited["confirmation"].setdefault(decision.confirmation_id, []).append(decision.take_id)
    for entity, citing in cited.items():
        ids = list(citing)
        rows = takes if entity == "take" else audit.snapshots(conn, entity, ids)
        latest = _latest_events(conn, entity, ids)
        for entity_id, by_takes in citing.items():
            found: list[str] = []
            events: list[_Event] = []
            _check_row(entity, entity_id, rows.get(entity_id), latest.get(entity_id), found, events)
            for take_id in dict.fromkeys(by_takes):
                problems[take_id] += found
                relied[take_id] += events

    bad, new_seals = _authenticate(
        conn, key, signers, {e.seq: e for events in relied.values() for e in events}
    )
    gap = _chain_gap(conn)
    for take_id, found in problems.items():
        found.extend(dict.fromkeys(bad[e.seq] for e in relied[take_id] if e.seq in bad))
        if gap:
            found.append(gap)
    return RowProof({t: tuple(p) for t, p in problems.items() if p}, tuple(new_seals), decisions)


def _check_row(
    entity: str, entity_id: str, row: dict | None, event: _Event | None, found: list[str], relied: list
) -> None:
    """The row must exist and equal the payload of its latest event, which is then relied on."""
    if row is None:
        found.append(f"ledger row missing: {entity} {entity_id}")
    elif event is None:
        found.append(f"ledger row has no audit event: {entity} {entity_id}")
    elif not audit.same_content(_payload(event), row):
        found.append(f"ledger row changed behind the app: {entity} {entity_id}, event {event.seq}")
    else:
        relied.append(event)


def _payload(event: _Event) -> object:
    """The row an event signed; None when its payload is not JSON (a forged event)."""
    try:
        return json.loads(event.payload)
    except ValueError:
        return None


def _proven_at_once(
    key: audit.StudioKey, signers: dict[str | None, audit.Signer], decision: _InForce
) -> bool:
    """The common case, settled without reading the event into Python: the latest decision event of the
    scope is this row's, the row is its payload, its seal is this seat's key's, and the key it names was
    not retired before it."""
    if not decision.signed or decision.seal != key.seal(decision.seal_text):
        return False
    signer = signers.get(decision.key_id)
    return signer is not None and not signer.refuses(decision.event_seq)


def _check_decision(conn: sqlite3.Connection, decision: _InForce, found: list[str], relied: list) -> None:
    """A decision in force is proven like any row, then must be the latest decision event of its scope."""
    event = _latest_events(conn, "decision", [decision.id]).get(decision.id)
    row = audit.snapshots(conn, "decision", [decision.id]).get(decision.id)
    problems = len(found)
    _check_row("decision", decision.id, row, event, found, relied)
    if len(found) > problems:
        return
    last = conn.execute(
        f"SELECT max(x.seq) FROM audit_events x {_BY_SCOPE} = ? AND {_ACTOR} = ? AND {_SCOPE} = ?",
        (decision.take_id, decision.actor_id, decision.scope),
    ).fetchone()[0]
    if last != event.seq:
        found.append(
            f"ledger row deleted or reordered behind the app: event {last} is the latest decision for"
            f" {decision.scope}, not decision {decision.id} in force"
        )


def _authenticate(
    conn: sqlite3.Connection, key: audit.StudioKey, signers: dict[str | None, audit.Signer],
    events: dict[int, _Event],
) -> tuple[dict[int, str], list[tuple[int, str]]]:
    """Per bad event number why it is bad (key, hash, signature), and the seals of the events whose hash
    and signature verified now. Each event is checked under the key it names (the seat that wrote it), as
    `audit verify` does; the signatures on every core."""
    bad = {e.seq: problem for e in events.values() if (problem := _signer_problem(signers, e))}
    seals = _seals(conn, list(events))
    unsealed = [
        e for e in events.values() if e.seq not in bad and seals.get(e.seq) != key.seal(audit.seal_text(e))
    ]
    bad.update(
        (e.seq, f"audit event {e.seq} does not match its hash (edited behind the app)")
        for e in unsealed
        if audit.event_hash(e.seq, e.at, e.entity, e.entity_id, e.action, e.payload, e.prev) != e.digest
    )
    signed = [
        (e.seq, e.signature, e.digest, signers[e.key_id].public_key) for e in unsealed if e.seq not in bad
    ]
    batches = [signed[i : i + audit.SIGNATURE_CHUNK] for i in range(0, len(signed), audit.SIGNATURE_CHUNK)]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for forged in pool.map(audit.forged_events, batches):
            bad.update((seq, f"audit event {seq} is not signed by the key it names") for seq in forged)
    return bad, [(e.seq, key.seal(audit.seal_text(e))) for e in unsealed if e.seq not in bad]


def _signer_problem(signers: dict[str | None, audit.Signer], event: _Event) -> str | None:
    """Why the key an event names cannot vouch for it: not in the registry, or retired before it."""
    signer = signers.get(event.key_id)
    if signer is None:
        return f"audit event {event.seq} is signed by key {event.key_id[:8]}, not a key this ledger trusts"
    if signer.refuses(event.seq):
        return (f"audit event {event.seq} is signed by key {event.key_id[:8]} after its retirement"
                f" (event {signer.retired_by})")
    return None


def _chain_gap(conn: sqlite3.Connection) -> str | None:
    """Events numbered 1..n without a hole, or what is missing: a cut inside the chain hides which rows
    it removed, so it concerns every take."""
    count, first, last = conn.execute("SELECT count(*), min(seq), max(seq) FROM audit_events").fetchone()
    if count and (first != 1 or last != count):
        return f"audit chain has {last - count} event(s) missing before event {last} (deleted behind the app)"
    return None


def _decisions_in_force(
    conn: sqlite3.Connection, take_ids: Sequence[str]
) -> tuple[list[_InForce], dict[str, list[Decision]]]:
    """The decisions in force of the takes, each with the latest decision event of its scope (found by
    the index audit_decisions_by_scope, not by walking the chain) compared with it by the database, and
    the same rows as the gate's Decisions (one read serves both). The unary `+` drops the columns' text
    affinity, without which SQLite would not use that index."""
    columns = (
        f"d.*, e.entity_id = d.id AND {_signed_form(conn)} AS proof_signed, e.seq AS proof_event,"
        f" e.key_id AS proof_key, {audit.SEAL_TEXT_SQL.format(alias='e')} AS proof_seal_text,"
        " s.tag AS proof_seal"
    )
    joined = (
        " LEFT JOIN audit_events e ON e.seq = (SELECT max(x.seq) FROM audit_events x"
        f" {_BY_SCOPE} = +d.take_id AND {_ACTOR} = +d.actor_id AND {_SCOPE} = +d.scope)"
        " LEFT JOIN audit_seals s ON s.seq = e.seq"
    )
    in_force: list[_InForce] = []
    decisions: dict[str, list[Decision]] = {take_id: [] for take_id in take_ids}
    for row in decision_rows_in_force(conn, take_ids, columns, joined):
        in_force.append(
            _InForce(
                row["id"], row["take_id"], row["actor_id"], row["scope"], row["confirmation_id"],
                row["proof_signed"], row["proof_event"], row["proof_key"], row["proof_seal_text"],
                row["proof_seal"],
            )
        )
        decisions[row["take_id"]].append(decision_from_row(row))
    return in_force, decisions


def _signed_form(conn: sqlite3.Connection) -> str:
    """SQL: the payload of event `e` is the decision row `d` (every column, in the engine's comparison of
    JSON). A BLOB in a column (JSON cannot hold one) makes the database refuse the query: the gate fails,
    nothing is signed."""
    return conn.dialect.payload_is_row("e.payload", "d", conn.dialect.column_names(conn, "decisions"))


def _latest_events(conn: sqlite3.Connection, entity: str, entity_ids: Sequence[str]) -> dict[str, _Event]:
    """The newest event of each entity id."""
    latest: dict[str, _Event] = {}
    for chunk in db.chunks(entity_ids):
        query = (
            f"SELECT {_EVENT_COLUMNS} FROM audit_events WHERE entity = ? AND entity_id IN ({db.marks(chunk)})"
            " ORDER BY seq"
        )
        for row in conn.execute(query, (entity, *chunk)):
            latest[row[3]] = _Event._make(row)
    return latest


def _seals(conn: sqlite3.Connection, seqs: Sequence[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for chunk in db.chunks(seqs):
        query = f"SELECT seq, tag FROM audit_seals WHERE seq IN ({db.marks(chunk)})"
        found.update((seq, tag) for seq, tag in conn.execute(query, chunk))
    return found
