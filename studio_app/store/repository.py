"""Rows in and out of the ledger: every insert or update signs an audit event in the same transaction.

Nothing here decides anything; the rules live in core/ and the workflows in services/ledger/.
Decisions are only ever inserted: the current decision for (take, actor, scope) is the latest row.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path
from typing import Any

from studio_app import appdirs
from studio_app.core.model import (
    Actor,
    ActorConfirmation,
    ContractStatus,
    Decision,
    Delivery,
    DeliveryAttempt,
    DeliveryItem,
    DeliveryState,
    Session,
    StandingDecision,
    Take,
    TakeStatus,
)
from studio_app.core.record import OPTIONAL_DECISION_FIELDS, GrantTerms, Representation, ScopeDecision
from studio_app.core.scopes import Method, Permission, Purpose, Scope
from studio_app.store import audit, db
from studio_app.store.db import StoreError
from studio_app.store.engine import Location

ID_LENGTH = 32
SHORT_ID = 8
_DECISION_COLUMNS = ("scope", "permission", "recorded_at", "recorded_by", "method", *OPTIONAL_DECISION_FIELDS)


@dataclass(frozen=True)
class AuditKey:
    """A seat's signing key in the registry: who, which machine, since when, retired when."""

    id: str
    seat: str
    machine: str
    registered_at: str
    retired_at: str | None


class LedgerStore:
    """One open ledger (a file, or the studio's server) and this seat's key that signs its audit events."""

    def __init__(
        self, conn: sqlite3.Connection, path: Location, key: audit.StudioKey, seat: str | None = None
    ) -> None:
        self.conn = conn
        self.path = path
        self.key = key
        self.seat = seat or appdirs.seat_name()
        self.storage_root = appdirs.storage_root()
        self._in_write = False
        self._key_registered = False

    @classmethod
    def open(cls, db_path: str | Path | None = None, key: audit.StudioKey | None = None) -> LedgerStore:
        """The ledger at `db_path` (a file, or a postgresql:// URL), else $CONSENT_SLATE_DB, else the
        default ledger in the data folder."""
        path = appdirs.ledger_path(db_path)
        return cls(db.connect(path), path, key or audit.StudioKey.load_or_create(appdirs.keys_dir()))

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """One short write transaction; every insert/update inside it joins the same commit."""
        if self._in_write:
            yield
            return
        self._in_write = True
        try:
            with db.write(self.conn):
                if not self._key_registered:
                    at = datetime.now(UTC).isoformat(timespec="seconds")
                    audit.register_key(self.conn, self.key, self.seat, socket.gethostname(), at)
                    self._key_registered = True
                yield
        finally:
            self._in_write = False

    # -- writes (call inside writing()) ------------------------------------------------------------

    def insert(self, entity: str, values: dict[str, Any], at: str) -> None:
        """Insert one entity row (children under their payload key) and sign it onto the chain."""
        self.insert_many(entity, [values], at)

    def insert_many(self, entity: str, many: Sequence[dict[str, Any]], at: str) -> None:
        """Insert rows of one entity, each signed onto the chain as its own event; their snapshots and
        events are read and written together (the session default inserts thousands in one batch)."""
        self._require_write()
        rows: list[dict[str, Any]] = []
        children: list[dict[str, Any]] = []
        for values in many:
            row = self._stored(entity, values)
            kids = row.pop("actors", None) if entity == "take" else row.pop("items", None)
            rows.append(row)
            if entity == "take":
                children += ({"take_id": row["id"], "actor_id": actor_id, "position": position}
                             for position, actor_id in enumerate(kids or ()))
            elif entity == "delivery":
                children += ({"delivery_id": row["id"], **item} for item in kids or ())
        _insert_rows(self.conn, audit.ENTITY_TABLES[entity], rows)
        _insert_rows(self.conn, "take_actors" if entity == "take" else "delivery_items", children)
        audit.append_events(self.conn, self.key, entity, [values["id"] for values in many], "create", at)

    def _stored(self, entity: str, values: dict[str, Any]) -> dict[str, Any]:
        """The row as stored: a take's paths under the storage root relative to it."""
        row = dict(values)
        if entity == "take":
            for column in TAKE_PATH_COLUMNS:
                if row.get(column):
                    row[column] = stored_take_path(row[column], self.storage_root)
        return row

    def update(self, entity: str, entity_id: str, changes: dict[str, Any], at: str) -> None:
        self._require_write()
        if not changes:
            return
        changes = self._stored(entity, changes)
        columns = ", ".join(f"{name} = ?" for name in changes)
        table = audit.ENTITY_TABLES[entity]
        cursor = self.conn.execute(
            f"UPDATE {table} SET {columns} WHERE id = ?", (*changes.values(), entity_id)
        )
        if cursor.rowcount != 1:
            raise StoreError(self.path, f"no {entity} {entity_id}")
        audit.append_events(self.conn, self.key, entity, [entity_id], "update", at)

    def _require_write(self) -> None:
        if not self._in_write:
            raise RuntimeError("ledger writes must run inside LedgerStore.writing()")

    # -- ids ---------------------------------------------------------------------------------------

    def resolve(self, entity: str, given: str) -> str:
        """A full id from an id or its first characters (at least 8); unknown or ambiguous is an error."""
        given = given.strip().lower()
        table = audit.ENTITY_TABLES[entity]
        if len(given) < SHORT_ID and len(given) != ID_LENGTH:
            raise StoreError(
                self.path, f"{entity} id {given!r} is too short (give at least {SHORT_ID} characters)"
            )
        pattern = given.replace("\\", "").replace("%", "").replace("_", "") + "%"
        found = [
            r[0] for r in self.conn.execute(f"SELECT id FROM {table} WHERE id LIKE ? LIMIT 2", (pattern,))
        ]
        if not found:
            raise StoreError(self.path, f"no {entity} with id {given!r}")
        if len(found) > 1:
            raise StoreError(self.path, f"{entity} id {given!r} is ambiguous: give more characters")
        return found[0]

    # -- reads -------------------------------------------------------------------------------------

    def session(self, session_id: str) -> Session:
        row = self.conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise StoreError(self.path, f"no session {session_id}")
        return _session(row)

    def sessions(self) -> list[Session]:
        return [_session(r) for r in self.conn.execute("SELECT * FROM sessions ORDER BY created_at, id")]

    def actor(self, actor_id: str) -> Actor:
        row = self.conn.execute("SELECT * FROM actors WHERE id = ?", (actor_id,)).fetchone()
        if row is None:
            raise StoreError(self.path, f"no actor {actor_id}")
        return _actor(row)

    def actors(self, session_id: str) -> list[Actor]:
        query = "SELECT * FROM actors WHERE session_id = ? ORDER BY created_at, rowid"
        return [_actor(r) for r in self.conn.execute(query, (session_id,))]

    def actors_by_id(self, actor_ids: Iterable[str]) -> dict[str, Actor]:
        ids = list(dict.fromkeys(actor_ids))
        found: dict[str, Actor] = {}
        for chunk in db.chunks(ids):
            query = f"SELECT * FROM actors WHERE id IN ({db.marks(chunk)})"
            found.update((r["id"], _actor(r)) for r in self.conn.execute(query, chunk))
        return found

    def take(self, take_id: str) -> Take:
        takes = self._takes("t.id = ?", (take_id,))
        if not takes:
            raise StoreError(self.path, f"no take {take_id}")
        return takes[0]

    def takes(self, session_id: str) -> list[Take]:
        return self._takes("t.session_id = ?", (session_id,))

    def takes_with_status(self, status: TakeStatus) -> list[Take]:
        return self._takes("t.status = ?", (status.value,))

    def takes_by_id(self, take_ids: Sequence[str]) -> list[Take]:
        found: dict[str, Take] = {}
        for chunk in db.chunks(list(take_ids)):
            found.update((t.id, t) for t in self._takes(f"t.id IN ({db.marks(chunk)})", chunk))
        missing = [t for t in take_ids if t not in found]
        if missing:
            raise StoreError(self.path, f"no take {missing[0]}")
        return [found[t] for t in take_ids]

    def _takes(self, where: str, params: Sequence[Any]) -> list[Take]:
        """Takes with their actor ids in one query (group_concat), in the order they were added."""
        query = (
            "SELECT t.*, (SELECT group_concat(actor_id, ',') FROM (SELECT actor_id FROM take_actors a"
            " WHERE a.take_id = t.id ORDER BY position) AS ordered) AS actor_list"
            f" FROM takes t WHERE {where} ORDER BY t.rowid"
        )
        return [_take(r, self.storage_root) for r in self.conn.execute(query, params)]

    def highest_take_number(self, session_id: str, scene: str, line: str) -> int:
        """The highest take number given so far in the session's scene and line (0 before the first)."""
        query = "SELECT max(take_number) FROM takes WHERE session_id = ? AND scene = ? AND line = ?"
        return self.conn.execute(query, (session_id, scene, line)).fetchone()[0] or 0

    def current_decisions(self, take_ids: Sequence[str]) -> dict[str, list[Decision]]:
        """The decision in force per (take, actor, scope) for many takes at once: the latest row of each."""
        result: dict[str, list[Decision]] = {t: [] for t in take_ids}
        for row in decision_rows_in_force(self.conn, take_ids):
            result[row["take_id"]].append(decision_from_row(row))
        return result

    def session_decisions(self, session_id: str) -> dict[str, list[Decision]]:
        """Current decisions of every take in a session, in one query (the 10,000-take list)."""
        query = (
            "SELECT d.* FROM decisions d JOIN (SELECT max(d2.seq) AS seq FROM decisions d2"
            " JOIN takes t ON t.id = d2.take_id WHERE t.session_id = ?"
            " GROUP BY d2.take_id, d2.actor_id, d2.scope) m ON d.seq = m.seq"
        )
        result: dict[str, list[Decision]] = {}
        for row in self.conn.execute(query, (session_id,)):
            result.setdefault(row["take_id"], []).append(decision_from_row(row))
        return result

    def decision_history(self, take_id: str) -> list[Decision]:
        query = "SELECT * FROM decisions WHERE take_id = ? ORDER BY seq"
        return [decision_from_row(r) for r in self.conn.execute(query, (take_id,))]

    def current_decision(self, take_id: str, actor_id: str, scope: Scope) -> Decision | None:
        query = (
            "SELECT * FROM decisions WHERE take_id = ? AND actor_id = ? AND scope = ?"
            " ORDER BY seq DESC LIMIT 1"
        )
        row = self.conn.execute(query, (take_id, actor_id, scope.value)).fetchone()
        return decision_from_row(row) if row else None

    def standing_decisions(self, session_id: str, actor_ids: Iterable[str]) -> list[StandingDecision]:
        """The standing decision in force per (actor, scope) for the given actors of a session."""
        ids = list(actor_ids)
        if not ids:
            return []
        query = (
            "SELECT s.* FROM standing_decisions s JOIN (SELECT max(seq) AS seq FROM standing_decisions"
            f" WHERE session_id = ? AND actor_id IN ({db.marks(ids)}) GROUP BY actor_id, scope) m"
            " ON s.seq = m.seq ORDER BY s.seq"
        )
        return [_standing(r) for r in self.conn.execute(query, (session_id, *ids))]

    def confirmation(self, confirmation_id: str) -> ActorConfirmation:
        row = self.conn.execute("SELECT * FROM confirmations WHERE id = ?", (confirmation_id,)).fetchone()
        if row is None:
            raise StoreError(self.path, f"no confirmation {confirmation_id}")
        return _confirmation(row)

    def deliveries_with_take(self, take_id: str) -> list[Delivery]:
        query = "SELECT DISTINCT delivery_id FROM delivery_items WHERE take_id = ?"
        return [self.delivery(r[0]) for r in self.conn.execute(query, (take_id,))]

    def deliveries(self, session_id: str) -> list[Delivery]:
        query = "SELECT id FROM deliveries WHERE session_id = ? ORDER BY delivered_at, id"
        return [self.delivery(r[0]) for r in self.conn.execute(query, (session_id,))]

    def delivery(self, delivery_id: str) -> Delivery:
        row = self.conn.execute("SELECT * FROM deliveries WHERE id = ?", (delivery_id,)).fetchone()
        if row is None:
            raise StoreError(self.path, f"no delivery {delivery_id}")
        items = tuple(
            DeliveryItem(r["take_id"], r["file_name"], r["sha256"], r["record_json"])
            for r in self.conn.execute(
                "SELECT * FROM delivery_items WHERE delivery_id = ? ORDER BY file_name", (delivery_id,)
            )
        )
        return Delivery(
            id=row["id"],
            session_id=row["session_id"],
            delivered_at=row["delivered_at"],
            destination=row["destination"],
            recipient=row["recipient"],
            purpose=Purpose(row["purpose"]),
            items=items,
        )

    def corrections(self, session_id: str) -> dict[str, str]:
        """Outdated delivery id -> the id of the delivery that corrected it, for a session's deliveries."""
        query = (
            "SELECT c.corrects, c.id FROM delivery_corrections c JOIN deliveries d ON d.id = c.corrects"
            " WHERE d.session_id = ? ORDER BY c.recorded_at, c.id"
        )
        return {row[0]: row[1] for row in self.conn.execute(query, (session_id,))}

    def delivery_attempt(self, attempt_id: str) -> DeliveryAttempt | None:
        row = self.conn.execute("SELECT * FROM delivery_attempts WHERE id = ?", (attempt_id,)).fetchone()
        return _attempt(row) if row else None

    def delivery_attempts(
        self, states: Sequence[DeliveryState], session_id: str | None = None
    ) -> list[DeliveryAttempt]:
        """Attempts in any of these states (of one session, or all), oldest first."""
        values = [s.value for s in states]
        where = f"state IN ({db.marks(values)})" + (" AND session_id = ?" if session_id else "")
        params = (*values, session_id) if session_id else tuple(values)
        query = f"SELECT * FROM delivery_attempts WHERE {where} ORDER BY started_at, id"
        return [_attempt(r) for r in self.conn.execute(query, params)]

    def audit_witness(self, delivery_id: str | None = None) -> audit.Witness:
        return audit.witness(self.conn, delivery_id)

    def count(self, entity: str) -> int:
        return self.conn.execute(f"SELECT count(*) FROM {audit.ENTITY_TABLES[entity]}").fetchone()[0]

    def changed_takes_since(self, seq: int, session_id: str) -> tuple[int, list[str]]:
        """The takes of a session that events after `seq` created or decided (a take, a decision, a
        delivery of it), and the newest event number: what another seat's window must show anew."""
        take_ids: dict[str, None] = {}
        last = seq
        query = "SELECT seq, entity, entity_id, payload FROM audit_events WHERE seq > ? ORDER BY seq"
        for row in self.conn.execute(query, (seq,)):
            last = row["seq"]
            if row["entity"] == "take":
                take_ids[row["entity_id"]] = None
            elif row["entity"] in ("decision", "delivery"):
                payload = json.loads(row["payload"])
                for take_id in [payload.get("take_id")] + [i["take_id"] for i in payload.get("items", ())]:
                    if take_id:
                        take_ids[take_id] = None
        in_session: list[str] = []
        for chunk in db.chunks(list(take_ids)):
            query = f"SELECT id FROM takes WHERE session_id = ? AND id IN ({db.marks(chunk)})"
            found = {r[0] for r in self.conn.execute(query, (session_id, *chunk))}
            in_session.extend(t for t in chunk if t in found)
        return last, in_session

    def audit_keys(self) -> list[AuditKey]:
        query = "SELECT id, seat, machine, registered_at, retired_at FROM audit_keys ORDER BY rowid"
        return [AuditKey(**dict(r)) for r in self.conn.execute(query)]

    def audit_head(self) -> tuple[int, str] | None:
        return audit.head(self.conn)

    def verify_audit(
        self, anchors: Iterable[tuple[int, str]] = (), witnesses: Iterable[audit.Witness] = ()
    ) -> audit.AuditReport:
        report = audit.verify(self.conn, self.key.public_key, anchors, self.key.key_id)
        audit.check_witnesses(self.conn, self.key.public_key, witnesses, report, self.key.key_id)
        return report


def decision_rows_in_force(
    conn: sqlite3.Connection, take_ids: Sequence[str], columns: str = "d.*", joined: str = ""
) -> Iterator[sqlite3.Row]:
    """The latest decision row `d` per (take, actor, scope) of the takes, a chunk of takes per query: the
    given columns of it and of any tables `joined` to it."""
    for chunk in db.chunks(list(take_ids)):
        query = (
            f"SELECT {columns} FROM decisions d JOIN (SELECT max(seq) AS seq FROM decisions"
            f" WHERE take_id IN ({db.marks(chunk)}) GROUP BY take_id, actor_id, scope) m ON d.seq = m.seq"
            f"{joined}"
        )
        yield from conn.execute(query, chunk)


# -- row <-> value ------------------------------------------------------------------------------------


def session_values(session: Session) -> dict[str, Any]:
    return {
        "id": session.id,
        "title": session.title,
        "client": session.client,
        "studio": session.studio,
        "engineer": session.engineer,
        "date": session.date,
        "contract_reference": session.contract_reference,
        "contract_status": session.contract_status.value,
        "ai_scope_text": session.ai_scope_text,
        "created_at": session.created_at,
    }


def actor_values(actor: Actor) -> dict[str, Any]:
    return {
        "id": actor.id,
        "session_id": actor.session_id,
        "legal_name": actor.legal_name,
        "stage_name": actor.stage_name,
        "created_at": actor.created_at,
    }


def take_values(take: Take) -> dict[str, Any]:
    return {
        "id": take.id,
        "session_id": take.session_id,
        "path": take.path,
        "source_path": take.source_path,
        "audio_sha256": take.audio_sha256,
        "format": take.format,
        "duration": take.duration,
        "take_number": take.take_number,
        "scene": take.scene,
        "line": take.line,
        "character": take.character,
        "notes": take.notes,
        "status": take.status.value,
        "created_at": take.created_at,
        "actors": list(take.actor_ids),
    }


def confirmation_values(confirmation: ActorConfirmation) -> dict[str, Any]:
    return {
        "id": confirmation.id,
        "actor_id": confirmation.actor_id,
        "typed_name": confirmation.typed_name,
        "strokes_json": json.dumps([[list(p) for p in stroke] for stroke in confirmation.strokes]),
        "terms_version": confirmation.terms_version,
        "terms_sha256": confirmation.terms_sha256,
        "locale": confirmation.locale,
        "confirmed_at": confirmation.confirmed_at,
    }


def decision_values(decision: Decision | StandingDecision) -> dict[str, Any]:
    d = decision.scope_decision
    values = {name: getattr(d, name) for name in _DECISION_COLUMNS}
    values.update(scope=d.scope.value, permission=d.permission.value, method=d.method.value)
    values.update(_grant_term_values(d.grant_terms))
    owner = (
        {"take_id": decision.take_id}
        if isinstance(decision, Decision)
        else {"session_id": decision.session_id}
    )
    return {
        "id": d.decision_id,
        **owner,
        "actor_id": decision.actor_id,
        **values,
        "supersedes": decision.supersedes,
    }


def _grant_term_values(terms: GrantTerms | None) -> dict[str, Any]:
    """The grant-term columns: all NULL for a refusal (no_end_date is 0 or 1 for a grant)."""
    if terms is None:
        return dict.fromkeys(db.GRANT_TERM_COLUMNS)
    return {
        "intended_use": terms.intended_use,
        "no_end_date": int(terms.no_end_date),
        "territory": terms.territory,
        "compensation": terms.compensation,
        "representation": terms.representation.value,
    }


def _grant_terms(row: sqlite3.Row) -> GrantTerms | None:
    """A row's grant terms: none for a refusal or a row recorded before terms existed."""
    if row["intended_use"] is None:
        return None
    return GrantTerms(
        row["intended_use"],
        bool(row["no_end_date"]),
        row["territory"],
        row["compensation"],
        Representation(row["representation"]),
    )


def delivery_values(delivery: Delivery) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "session_id": delivery.session_id,
        "delivered_at": delivery.delivered_at,
        "destination": delivery.destination,
        "recipient": delivery.recipient,
        "purpose": delivery.purpose.value,
        "items": [
            {"take_id": i.take_id, "file_name": i.file_name, "sha256": i.sha256, "record_json": i.record_json}
            for i in delivery.items
        ],
    }


def attempt_values(attempt: DeliveryAttempt) -> dict[str, Any]:
    return {
        "id": attempt.id,
        "session_id": attempt.session_id,
        "started_at": attempt.started_at,
        "destination": attempt.destination,
        "recipient": attempt.recipient,
        "purpose": attempt.purpose.value,
        "take_ids": json.dumps(list(attempt.take_ids)),
        "state": attempt.state.value,
        "note": attempt.note,
    }


def _attempt(row: sqlite3.Row) -> DeliveryAttempt:
    values = dict(row)
    values.update(
        purpose=Purpose(values["purpose"]),
        take_ids=tuple(json.loads(values["take_ids"])),
        state=DeliveryState(values["state"]),
    )
    return DeliveryAttempt(**values)


def _session(row: sqlite3.Row) -> Session:
    values = dict(row)
    values["contract_status"] = ContractStatus(values["contract_status"])
    return Session(**values)


def _actor(row: sqlite3.Row) -> Actor:
    return Actor(**dict(row))


TAKE_PATH_COLUMNS = ("path", "source_path")


def stored_take_path(path: str | os.PathLike, root: Path | None) -> str:
    """A take file's path as the ledger keeps it: relative to the studio storage root (forward slashes)
    when it lies under it, so every seat finds it under its own mount point; else as given."""
    if root is not None:
        absolute = Path(os.path.abspath(path))
        if absolute.is_relative_to(root):
            return absolute.relative_to(root).as_posix()
    return str(path)


def resolved_take_path(stored: str, root: Path | None) -> str:
    """Where this seat finds a take file: a relative path under its storage root; a relative path stays
    relative (unreachable: `is_shared_path`) on a seat without one."""
    if root is not None and is_shared_path(stored):
        return str(root / stored)
    return stored


def is_shared_path(path: str | None) -> bool:
    """A take path left relative: it lies under a storage root this seat has not set."""
    return bool(path) and not os.path.isabs(path)


def _take(row: sqlite3.Row, root: Path | None) -> Take:
    values = dict(row)
    if root is not None:
        for column in TAKE_PATH_COLUMNS:
            values[column] = resolved_take_path(values[column], root)
    actor_list = values.pop("actor_list")
    values["actor_ids"] = tuple(actor_list.split(",")) if actor_list else ()
    values["status"] = TakeStatus(values["status"])
    return Take(**values)


_SCOPES = {s.value: s for s in Scope}
_PERMISSIONS = {p.value: p for p in Permission}
_METHODS = {m.value: m for m in Method}


def _scope_decision(row: sqlite3.Row) -> ScopeDecision:
    """Built field by field with dict look-ups: the 10,000-take list maps tens of thousands of these."""
    return ScopeDecision(
        _SCOPES[row["scope"]],
        _PERMISSIONS[row["permission"]],
        row["id"],
        row["recorded_at"],
        row["recorded_by"],
        _METHODS[row["method"]],
        row["reason"],
        row["conditions"],
        row["expires"],
        row["contract_reference"],
        row["terms_version"],
        row["terms_sha256"],
        row["confirmation_id"],
        _grant_terms(row),
    )


def decision_from_row(row: sqlite3.Row) -> Decision:
    """A decision row (columns by name; others may stand beside them) as the domain's Decision."""
    return Decision(row["take_id"], row["actor_id"], _scope_decision(row), row["supersedes"])


def _standing(row: sqlite3.Row) -> StandingDecision:
    return StandingDecision(row["session_id"], row["actor_id"], _scope_decision(row), row["supersedes"])


def _confirmation(row: sqlite3.Row) -> ActorConfirmation:
    strokes = tuple(tuple(tuple(point) for point in stroke) for stroke in json.loads(row["strokes_json"]))
    return ActorConfirmation(
        id=row["id"],
        actor_id=row["actor_id"],
        typed_name=row["typed_name"],
        strokes=strokes,
        terms_version=row["terms_version"],
        terms_sha256=row["terms_sha256"],
        locale=row["locale"],
        confirmed_at=row["confirmed_at"],
    )


def _insert_rows(conn: sqlite3.Connection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """One executemany per run of rows with the same columns: a server gets them pipelined, not one round
    trip per row (the session default inserts tens of thousands)."""
    for columns, run in groupby(rows, key=lambda row: tuple(row)):
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({db.marks(columns)})",
            [tuple(row.values()) for row in run],
        )
