"""The audit chain: every change to the ledger appends a signed event in the same transaction.

An event holds the canonical JSON of the changed row (with its child rows), the SHA-256 of the
previous event and an Ed25519 signature by the key of the seat that wrote it, so `audit verify` can name
the first event that was edited, inserted or deleted, and any row changed behind the app's back. Every
seat's key is in the key registry (audit_keys), registered by an event it signs itself; an event names
its key, and verifies only under that key, and only if it comes before that key's retirement.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import sqlite3
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from studio_app.core.record import canonical_json
from studio_app.store.db import StoreError, chunks, marks

KEY_FILE_NAME = "audit-ed25519.pem"
GENESIS = "0" * 64
SIGNATURE_CHUNK = 2048
"""Signatures per thread-pool task in `verify`: scheduling costs next to nothing, the work spreads on every
core."""

# entity name -> table; child tables are folded into the parent's payload under the given key.
ENTITY_TABLES = {
    "session": "sessions",
    "actor": "actors",
    "take": "takes",
    "confirmation": "confirmations",
    "decision": "decisions",
    "standing_decision": "standing_decisions",
    "delivery": "deliveries",
    "delivery_attempt": "delivery_attempts",
    "delivery_correction": "delivery_corrections",
    "audit_key": "audit_keys",
}
_CHILDREN = {
    "take": ("actors", "take_actors", "take_id", "position"),
    "delivery": ("items", "delivery_items", "delivery_id", "take_id"),
}


class StudioKey:
    """The studio's Ed25519 audit key, created on first run (PEM, mode 0600) in the keys folder."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._private = private_key
        self.public_key: Ed25519PublicKey = private_key.public_key()
        self.public_hex = self.public_key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        ).hex()
        self.key_id = hashlib.sha256(bytes.fromhex(self.public_hex)).hexdigest()[:32]
        """The key's name in the registry: the first half of the SHA-256 of its raw public key."""
        raw = private_key.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        self._seal_key = hashlib.sha256(b"consent-slate audit seal v1\0" + raw).digest()

    @classmethod
    def load_or_create(cls, keys_dir: Path) -> StudioKey:
        path = keys_dir / KEY_FILE_NAME
        if not path.exists():
            _create_key_file(path)
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError) as exc:
            raise StoreError(path, f"cannot read the studio audit key ({exc})") from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise StoreError(path, "the studio audit key is not an Ed25519 key")
        return cls(key)

    def sign(self, data: bytes) -> str:
        return self._private.sign(data).hex()

    def seal(self, text: str) -> str:
        """A keyed hash (BLAKE2b, under a key derived from the private key) of an audit event's
        `seal_text`: made only by whoever holds the key, when it signs the event or once the event's hash
        and signature have verified, and checked in a microsecond or two where hashing and Ed25519 take
        over a hundred (store/row_proof.py)."""
        return hashlib.blake2b(text.encode(), key=self._seal_key, digest_size=32).hexdigest()


_EVENT_COLUMNS = (
    "seq", "at", "entity", "entity_id", "action", "payload", "prev_sha256", "event_sha256", "signature"
)
SEAL_TEXT_SQL = " || char(31) || ".join(
    [*(f"{{alias}}.{column}" for column in _EVENT_COLUMNS), "coalesce({alias}.key_id, '')"]
)
"""`seal_text` of the audit_events row `{alias}`, made by the database (the same characters)."""


def seal_text(event: Sequence) -> str:
    """Every column of an event (seq, at, entity, entity_id, action, payload, prev, hash, signature, key)
    joined by U+001F, which cannot occur inside the columns of an event the app wrote (its payload is JSON,
    control characters escaped): no two such events share a text. No key (an event from before the key
    registry) is an empty text."""
    return "\x1f".join("" if value is None else str(value) for value in event)


def _create_key_file(path: Path) -> None:
    """Write a new key to a private temp file, then link it into place: whoever links first wins, and a
    racing process or thread (a worker opening its own ledger) loads that key. The temp name is random,
    not the pid, so two threads of one process never collide on it."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def snapshots(
    conn: sqlite3.Connection, entity: str, entity_ids: Sequence[str] | None = None
) -> dict[str, dict]:
    """The canonical content of an entity's rows (the given ids, else all), child rows included, keyed by
    id; ids are asked for a chunk at a time, so signing thousands of new rows costs few queries."""
    if entity_ids is None:
        return _snapshot_rows(conn, entity, None)
    rows: dict[str, dict] = {}
    for chunk in chunks(entity_ids):
        rows.update(_snapshot_rows(conn, entity, chunk))
    return rows


def _snapshot_rows(conn: sqlite3.Connection, entity: str, ids: Sequence[str] | None) -> dict[str, dict]:
    params = tuple(ids) if ids is not None else ()
    where = f" WHERE id IN ({marks(params)})" if ids is not None else ""
    query = f"SELECT * FROM {ENTITY_TABLES[entity]}{where}"
    rows = {row["id"]: dict(row) for row in conn.execute(query, params)}
    child = _CHILDREN.get(entity)
    if child and rows:
        key, child_table, parent_column, order = child
        for row in rows.values():
            row[key] = []
        child_where = f" WHERE {parent_column} IN ({marks(params)})" if ids is not None else ""
        query = f"SELECT * FROM {child_table}{child_where} ORDER BY {parent_column}, {order}"
        for child_row in conn.execute(query, params):
            values = dict(child_row)
            parent = rows.get(values.pop(parent_column))
            if parent is not None:
                parent[key].append(values)
    return rows


def event_hash(seq: int, at: str, entity: str, entity_id: str, action: str, payload: str, prev: str) -> str:
    body = canonical_json(
        {
            "seq": seq,
            "at": at,
            "entity": entity,
            "entity_id": entity_id,
            "action": action,
            "payload": payload,
            "prev": prev,
        }
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def register_key(conn: sqlite3.Connection, key: StudioKey, seat: str, machine: str, at: str) -> None:
    """Put this seat's key in the registry (signed by itself) unless it is there; call inside a write
    transaction before the seat's first event. A retired key signs nothing more, and a seat name that
    already has an active key is refused: an administrator retires the old key first."""
    row = conn.execute("SELECT retired_at FROM audit_keys WHERE id = ?", (key.key_id,)).fetchone()
    if row is not None:
        if row["retired_at"]:
            raise StoreError(f"audit key {key.key_id[:8]}", f"retired on {row['retired_at']}: this seat"
                             " signs nothing more with it (move its key file away to make a new one)")
        return
    active = conn.execute(
        "SELECT id, machine, registered_at FROM audit_keys WHERE seat = ? AND retired_at IS NULL", (seat,)
    ).fetchone()
    if active is not None:
        raise StoreError(seat, f"this seat already signs with key {active['id'][:8]} (on {active['machine']}"
                         f" since {active['registered_at']}); an administrator retires it first")
    conn.execute(
        "INSERT INTO audit_keys (id, public_key, seat, machine, registered_at) VALUES (?, ?, ?, ?, ?)",
        (key.key_id, key.public_hex, seat, machine, at),
    )
    append_events(conn, key, "audit_key", [key.key_id], "create", at)


def append_events(
    conn: sqlite3.Connection, key: StudioKey, entity: str, entity_ids: Sequence[str], action: str, at: str
) -> None:
    """Sign each row's current content onto the chain as its own event, in the order given; call inside
    the write transaction that changed them (its lock also keeps other writers off the chain's head)."""
    rows = snapshots(conn, entity, entity_ids)
    seq, prev = head(conn) or (0, GENESIS)
    events = []
    for entity_id in entity_ids:
        seq += 1
        payload = canonical_json(rows[entity_id])
        digest = event_hash(seq, at, entity, entity_id, action, payload, prev)
        signature = key.sign(bytes.fromhex(digest))
        events.append((seq, at, entity, entity_id, action, payload, prev, digest, signature, key.key_id))
        prev = digest
    conn.executemany(
        "INSERT INTO audit_events (seq, at, entity, entity_id, action, payload, prev_sha256, event_sha256,"
        " signature, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        events,
    )
    seal_events(conn, [(event[0], key.seal(seal_text(event))) for event in events])


def seal_events(conn: sqlite3.Connection, seals: Sequence[tuple[int, str]]) -> None:
    """Store the seals (event number, tag) of events this seat's key signed or verified, replacing whatever
    stood under those numbers (a seal planted in advance, or another seat's, is not this key's)."""
    conn.executemany(
        "INSERT INTO audit_seals (seq, tag) VALUES (?, ?) ON CONFLICT (seq) DO UPDATE SET tag = excluded.tag",
        seals,
    )


@dataclass
class AuditReport:
    """The outcome of `audit verify`: how many events were checked and every problem, first bad one first."""

    events: int = 0
    rows: int = 0
    problems: list[str] = field(default_factory=list)
    first_bad_event: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def _bad(self, seq: int | None, problem: str) -> None:
        if seq is not None and (self.first_bad_event is None or seq < self.first_bad_event):
            self.first_bad_event = seq
        self.problems.append(problem)


def head(conn: sqlite3.Connection) -> tuple[int, str] | None:
    """The newest event (number, SHA-256): written into each delivery manifest as an outside anchor."""
    row = conn.execute("SELECT seq, event_sha256 FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
    return (row["seq"], row["event_sha256"]) if row else None


def verify(
    conn: sqlite3.Connection,
    public_key: Ed25519PublicKey,
    anchors: Iterable[tuple[int, str]] = (),
    own_key_id: str | None = None,
) -> AuditReport:
    """Re-check the chain links, hashes and signatures, then every current row against its latest event,
    then that each anchor (an event number and hash kept outside the file) is still in the chain."""
    report = AuditReport()
    hashes, latest = _check_chain(conn, public_key, report, own_key_id)
    for entity in ENTITY_TABLES:
        for entity_id, row in snapshots(conn, entity).items():
            report.rows += 1
            signed = latest.pop((entity, entity_id), None)
            if signed is None:
                report._bad(None, f"{entity} {entity_id}: row has no audit event (inserted behind the app)")
            elif not same_content(json.loads(signed[1]), row):
                report._bad(signed[0], f"event {signed[0]}: {entity} {entity_id} row was changed since")
    for (entity, entity_id), (seq, _payload) in sorted(latest.items(), key=lambda item: item[1][0]):
        report._bad(seq, f"event {seq}: {entity} {entity_id} row was deleted")
    for seq, digest in anchors:
        if seq not in hashes:
            report._bad(seq, f"event {seq}: missing, but a delivery manifest recorded it (chain cut)")
        elif hashes[seq] != digest:
            report._bad(seq, f"event {seq}: not the event a delivery manifest recorded (chain rewritten)")
    return report


def same_content(signed: object, row: dict) -> bool:
    """Whether a row still holds what its event signed (NULLs aside: see `_without_nulls`)."""
    return isinstance(signed, dict) and _without_nulls(signed) == _without_nulls(row)


def _without_nulls(row: dict) -> dict:
    """A row's values but its NULLs: a column a migration added (NULL in every older row) is absent from
    the payloads signed before it, which say nothing about it, and so compares equal to NULL. Any other
    change, a value set to NULL included, still differs."""
    return {name: value for name, value in row.items() if value is not None}


def _check_chain(
    conn: sqlite3.Connection, public_key: Ed25519PublicKey, report: AuditReport, own_key_id: str | None
) -> tuple[dict[int, str], dict[tuple[str, str], tuple[int, str]]]:
    """Number, link, hash and signature of every event, problems reported in event order; returns each
    event's hash by number and the latest (number, payload) per entity row.

    Every signature is checked, on all cores: chunks of SIGNATURE_CHUNK go to a thread pool while this
    thread walks the chain (OpenSSL's Ed25519 verify, most of the cost, runs without the GIL). An event
    with no key_id (written before the key registry) is checked against `public_key`, the studio key."""
    problems: list[tuple[int, str]] = []
    keys = trusted_keys(conn, own_key_id)
    retired: dict[str, int] = {}
    hashes: dict[int, str] = {}
    latest: dict[tuple[str, str], tuple[int, str]] = {}
    prev = GENESIS
    expected_seq = 1
    events = conn.execute(
        "SELECT seq, at, entity, entity_id, action, payload, prev_sha256, event_sha256, signature, key_id"
        " FROM audit_events ORDER BY seq"
    )
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        checks: list[Future[list[int]]] = []
        signed: list[tuple[int, str, str, Ed25519PublicKey]] = []
        for seq, at, entity, entity_id, action, payload, prev_sha256, digest, signature, key_id in events:
            report.events += 1
            if seq != expected_seq:
                problems.append((seq, f"event {seq}: expected event {expected_seq} here (events missing)"))
            if prev_sha256 != prev:
                problems.append((seq, f"event {seq}: does not follow the previous event (chain broken)"))
            if event_hash(seq, at, entity, entity_id, action, payload, prev_sha256) != digest:
                problems.append((seq, f"event {seq}: content does not match its hash (event edited)"))
            signer = public_key if key_id is None else keys.get(key_id)
            if signer is None:
                untrusted = f"event {seq}: signed by key {key_id[:8]}, not a key this ledger trusts"
                problems.append((seq, untrusted))
            else:
                signed.append((seq, signature, digest, signer))
            if key_id in retired:
                problems.append((seq, f"event {seq}: signed by key {key_id[:8]} after its retirement"
                                      f" (event {retired[key_id]})"))
            if _retires(entity, action, payload):
                retired.setdefault(entity_id, seq)
            if len(signed) == SIGNATURE_CHUNK:
                checks.append(pool.submit(forged_events, signed))
                signed = []
            prev = hashes[seq] = digest
            expected_seq = seq + 1
            latest[(entity, entity_id)] = (seq, payload)
        checks.append(pool.submit(forged_events, signed))
        forged = [seq for check in checks for seq in check.result()]
    problems.extend((seq, f"event {seq}: signature is not the key's it names") for seq in forged)
    for seq, problem in sorted(problems, key=lambda numbered: numbered[0]):
        report._bad(seq, problem)
    return hashes, latest


def trusted_keys(conn: sqlite3.Connection, own_key_id: str | None) -> dict[str, Ed25519PublicKey]:
    """The registered keys whose events count, by id, retired ones included (their earlier events stay
    valid): on a server every key of the registry, which the server's roles guard; on a file, to which
    anyone who can edit it can add a key of their own, only this seat's key (`own_key_id`)."""
    return {
        row["id"]: Ed25519PublicKey.from_public_bytes(bytes.fromhex(row["public_key"]))
        for row in conn.execute("SELECT id, public_key FROM audit_keys")
        if conn.dialect.guards_key_registry or row["id"] == own_key_id
    }


@dataclass(frozen=True)
class Signer:
    """A key events may name: its public key and the event that retired it (None while active)."""

    public_key: Ed25519PublicKey
    retired_by: int | None = None

    def refuses(self, seq: int) -> bool:
        """Event `seq` comes after this key's retirement (the audit chain's order)."""
        return self.retired_by is not None and seq > self.retired_by


def signers(
    conn: sqlite3.Connection, studio_key: Ed25519PublicKey, own_key_id: str | None
) -> dict[str | None, Signer]:
    """The keys an event may be checked under, by the key id it names: every trusted key (`trusted_keys`)
    with the event that retired it, and `studio_key` for events that name none (before the registry)."""
    found: dict[str | None, Signer] = {
        key_id: Signer(key) for key_id, key in trusted_keys(conn, own_key_id).items()
    }
    for seq, entity, entity_id, action, payload in conn.execute(
        "SELECT seq, entity, entity_id, action, payload FROM audit_events"
        " WHERE entity = 'audit_key' AND action = 'update' ORDER BY seq"
    ):
        signer = found.get(entity_id)
        if signer is not None and signer.retired_by is None and _retires(entity, action, payload):
            found[entity_id] = Signer(signer.public_key, seq)
    found[None] = Signer(studio_key)
    return found


def _retires(entity: str, action: str, payload: str) -> bool:
    """The event retires a key of the registry."""
    return entity == "audit_key" and action == "update" and bool(json.loads(payload).get("retired_at"))


def forged_events(signed: Sequence[tuple[int, str, str, Ed25519PublicKey]]) -> list[int]:
    """The numbers of the events whose signature is not their key's over their hash."""
    bad = []
    for seq, signature, digest, public_key in signed:
        try:
            public_key.verify(bytes.fromhex(signature), bytes.fromhex(digest))
        except (InvalidSignature, ValueError):
            bad.append(seq)
    return bad


@dataclass(frozen=True)
class Witness:
    """A signed chain head handed out of the ledger, like a Certificate Transparency signed tree head: the
    number and hash of an event (which, chained, commits to every event before it) and the studio key's
    signature over that hash. A delivery carries one that covers its own start event (in manifest.json and
    in each file's record), so any copy of it later shows the chain once held at least that much."""

    event: int
    sha256: str
    signature: str | None = None
    """None only for a first-format manifest's `ledger_audit_head`, which was not signed."""
    delivery_id: str | None = None
    source: str = ""
    """Where it was read (a manifest, a delivered WAV), to name it in the report."""

    def to_dict(self) -> dict:
        return {"delivery_id": self.delivery_id, "event": self.event, "sha256": self.sha256,
                "signature": self.signature}

    @classmethod
    def from_dict(cls, data: dict, source: str = "") -> Witness:
        """Raises KeyError, TypeError or ValueError for anything that is not a witness."""
        event, sha256, signature = int(data["event"]), str(data["sha256"]), data.get("signature")
        if event < 1 or len(sha256) != 64 or not (signature is None or isinstance(signature, str)):
            raise ValueError(f"not a ledger witness: {data!r}")
        return cls(event, sha256, signature, data.get("delivery_id"), source)


def witness(conn: sqlite3.Connection, delivery_id: str | None = None) -> Witness:
    """The newest event as a witness; call inside the write transaction that appended the event it must
    cover, so no other writer's event can be the head instead."""
    row = conn.execute(
        "SELECT seq, event_sha256, signature FROM audit_events ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    if row is None:
        raise StoreError("audit", "the audit chain is empty: nothing to witness")
    return Witness(row["seq"], row["event_sha256"], row["signature"], delivery_id)


def check_witnesses(
    conn: sqlite3.Connection,
    public_key: Ed25519PublicKey,
    witnesses: Iterable[Witness],
    report: AuditReport,
    own_key_id: str | None = None,
) -> None:
    """Each witness's event must still be in the chain with its hash (else the chain was cut back past it,
    or rewritten), its signature must be a trusted key's or the studio key's (else it proves nothing),
    and the delivery it names must be recorded (else the chain was cut between that delivery's start and
    its completion)."""
    last = head(conn)
    signers = [public_key, *trusted_keys(conn, own_key_id).values()]
    for found in witnesses:
        where = f"{found.source}: " if found.source else ""
        seq = found.event
        if found.signature is not None and all(
            forged_events([(seq, found.signature, found.sha256, signer)]) for signer in signers
        ):
            report._bad(None, f"{where}its witness of event {seq} is not signed by the studio key"
                              " (a forged or damaged witness proves nothing)")
            continue
        row = conn.execute("SELECT event_sha256 FROM audit_events WHERE seq = ?", (seq,)).fetchone()
        holder = conn.execute(
            "SELECT seq FROM audit_events WHERE event_sha256 = ?", (found.sha256,)
        ).fetchone()
        delivered = not found.delivery_id or conn.execute(
            "SELECT 1 FROM deliveries WHERE id = ?", (found.delivery_id,)
        ).fetchone()
        if holder is not None and holder["seq"] != seq:
            report._bad(None, f"{where}its witness names event {seq}, but the hash it carries is event"
                              f" {holder['seq']}'s (the witness was edited)")
        elif row is None:
            ends = f"now ends at event {last[0]}" if last else "is now empty"
            report._bad(seq, f"{where}chain cut: it witnesses event {seq}, but the chain {ends}")
        elif row["event_sha256"] != found.sha256:
            report._bad(seq, f"{where}chain rewritten: event {seq} is not the event it witnesses")
        elif not delivered:
            report._bad(None, f"{where}chain cut: delivery {found.delivery_id} is not in the ledger"
                              " (its completion is gone)")
