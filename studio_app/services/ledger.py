"""`Ledger`: the one facade the desktop app, the recorder and the CLI call to read and change consent.

Every change runs in one short write transaction together with its signed audit event. The rules come
from core/rules.py; this class only fetches what they need and stores what they allow.

Standing decisions ("all takes of this session from now on"): `record_confirmation(...,
standing_session=True)` stores, besides any per-take decisions, one standing decision per scope for the
actor in the take's session. Every take added to that session later (import or recording) gets a copy of
the actor's standing decisions in force at that moment, as ordinary per-take decisions citing the same
confirmation, so the export gate, the history and the record never need to know standing decisions
exist. A later confirmation with `standing_session=True` supersedes the standing decisions for the
takes added after it; takes already added keep their own decisions until changed one by one.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from studio_app import appdirs
from studio_app.core.filenames import free_name, safe_file_name
from studio_app.core.model import (
    Actor,
    ActorConfirmation,
    ConsentRuleError,
    ContractStatus,
    Decision,
    Delivery,
    DeliveryAttempt,
    DeliveryItem,
    DeliveryState,
    ScopeChoice,
    Session,
    StandingDecision,
    Take,
    TakeStatus,
    actor_consents,
    build_consent_record,
)
from studio_app.core.record import ActorConsent, ConsentRecord, ScopeDecision
from studio_app.core.rules import (
    GateVerdict,
    check_grant,
    check_restriction,
    deliveries_carrying,
    effective_permission,
    gate_verdict,
    is_pending,
    session_default_reason,
)
from studio_app.core.scopes import ALL_SCOPES, Method, Permission, Purpose, Scope
from studio_app.store import repository as rows
from studio_app.store.audit import AuditReport, StudioKey, Witness
from studio_app.store.repository import LedgerStore
from studio_app.wav.errors import Cancelled, WavError
from studio_app.wav.reader import WavFile, audio_sha256, hash_range, read_wav

COPY_BLOCK = 4 << 20
SESSION_DEFAULT_BATCH = 250
"""Takes per session-default transaction: 2,000 signed decisions for two actors, a fraction of a second
of holding the ledger, instead of one commit per take."""

Progress = Callable[[int, int], None]
"""Called with (bytes done, bytes total) while a file is hashed or copied."""
Cancel = Callable[[], bool]
"""Polled between blocks; returning True stops the work (wav.errors.Cancelled) and leaves nothing behind."""


@dataclass(frozen=True)
class TakeOverview:
    """A take as lists show it: its actors and the decision in force per actor and scope."""

    take: Take
    actors: tuple[Actor, ...]
    decisions: tuple[Decision, ...]

    def decision(self, actor_id: str, scope: Scope) -> Decision | None:
        return next((d for d in self.decisions if d.actor_id == actor_id and d.scope is scope), None)

    def record(self, session: Session, issued_at: str) -> ConsentRecord:
        return build_consent_record(
            session, self.take, {a.id: a for a in self.actors}, self.decisions, issued_at
        )

    def consents(self) -> tuple[ActorConsent, ...]:
        return actor_consents(self.take, {a.id: a for a in self.actors}, self.decisions)

    @property
    def pending(self) -> bool:
        """Pending while the take has no actor or any actor lacks a decision for any scope."""
        return is_pending(self.consents())

    def effective(self, on: date) -> dict[Scope, Permission] | None:
        """Per scope the most restrictive permission over the actors; None while the take is pending."""
        consents = self.consents()
        if is_pending(consents):
            return None
        return {s: effective_permission([a.decision_for(s) for a in consents], on) for s in ALL_SCOPES}


@dataclass(frozen=True)
class DecisionOutcome:
    """What a change recorded, and the deliveries that carried a permission it withdraws (to notify)."""

    decisions: tuple[Decision, ...]
    standing: tuple[StandingDecision, ...] = ()
    withdrawn_from: tuple[Delivery, ...] = ()


class Ledger:
    """The consent ledger of a studio: sessions, actors, takes, decisions, deliveries and the audit chain."""

    def __init__(self, store: LedgerStore, clock: Callable[[], datetime] | None = None) -> None:
        self.store = store
        self._clock = clock or (lambda: datetime.now(UTC))

    @classmethod
    def open(
        cls,
        db_path: str | os.PathLike | None = None,
        *,
        key: StudioKey | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> Ledger:
        """The ledger at `db_path`, else $CONSENT_SLATE_DB, else the default one in the data folder."""
        return cls(LedgerStore.open(db_path, key), clock)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.store.path

    def now(self) -> str:
        return self._clock().astimezone(UTC).isoformat(timespec="seconds")

    def today(self) -> date:
        return self._clock().astimezone(UTC).date()

    def resolve(self, entity: str, given: str) -> str:
        """A full id from an id or its first 8+ characters ('session', 'actor', 'take', 'delivery')."""
        return self.store.resolve(entity, given)

    # -- sessions ----------------------------------------------------------------------------------

    def create_session(
        self,
        title: str,
        *,
        client: str = "",
        studio: str = "",
        engineer: str = "",
        date: str = "",
        contract_reference: str | None = None,
        contract_status: ContractStatus | str = ContractStatus.NONE,
        ai_scope_text: str | None = None,
    ) -> Session:
        at = self.now()
        session = Session(
            id=_new_id(),
            title=title,
            client=client,
            studio=studio,
            engineer=engineer,
            date=date or at[:10],
            contract_reference=contract_reference or None,
            contract_status=ContractStatus(contract_status),
            ai_scope_text=ai_scope_text or None,
            created_at=at,
        )
        _check_session(session)
        with self.store.writing():
            self.store.insert("session", rows.session_values(session), at)
        return session

    def update_session(self, session_id: str, **changes) -> Session:
        """Change any of title, client, studio, engineer, date, contract_reference, contract_status,
        ai_scope_text; the change is an audit event, decisions already recorded stay as they are."""
        allowed = set(rows.session_values(self.session(session_id))) - {"id", "created_at"}
        unknown = set(changes) - allowed
        if unknown:
            raise ConsentRuleError(session_id, f"cannot change {', '.join(sorted(unknown))}")
        with self.store.writing():
            session = replace(self.store.session(session_id), **changes)
            session = replace(session, contract_status=ContractStatus(session.contract_status))
            _check_session(session)
            values = rows.session_values(session)
            self.store.update("session", session_id, {k: values[k] for k in changes}, self.now())
        return session

    def session(self, session_id: str) -> Session:
        return self.store.session(session_id)

    def list_sessions(self) -> list[Session]:
        return self.store.sessions()

    # -- actors ------------------------------------------------------------------------------------

    def add_actor(self, session_id: str, legal_name: str, stage_name: str | None = None) -> Actor:
        """An actor of a session; names are kept exactly as typed (any script)."""
        if not legal_name.strip():
            raise ConsentRuleError(session_id, "an actor needs a legal name")
        at = self.now()
        actor = Actor(_new_id(), session_id, legal_name.strip(), (stage_name or "").strip() or None, at)
        with self.store.writing():
            self.store.session(session_id)
            self.store.insert("actor", rows.actor_values(actor), at)
        return actor

    def actor(self, actor_id: str) -> Actor:
        return self.store.actor(actor_id)

    def list_actors(self, session_id: str) -> list[Actor]:
        return self.store.actors(session_id)

    # -- takes -------------------------------------------------------------------------------------

    def import_take(
        self,
        session_id: str,
        path: str | os.PathLike,
        actor_ids: Sequence[str],
        *,
        copy: bool = True,
        take_number: int | None = None,
        scene: str = "",
        line: str = "",
        character: str = "",
        notes: str = "",
        progress: Progress | None = None,
        cancel: Cancel | None = None,
        referenced_audio_sha256: str | None = None,
    ) -> Take:
        """Add a WAV as a take: read its format, hash its audio and (with `copy`) copy it read-only into
        the session's managed folder. The source is never moved or edited; a bad file raises WavError.

        Without `copy`, `referenced_audio_sha256` is the hash the caller has just taken of the file (the
        watch folder), so it is not read a second time; a copy is always hashed as it is copied."""
        source = Path(path).absolute()
        session = self.session(session_id)
        self._check_actors(session, actor_ids)
        wav = read_wav(source)
        if copy:
            managed, audio_hash = _copy_into_managed(source, session.id, wav, progress, cancel)
        else:
            managed = source
            audio_hash = referenced_audio_sha256 or _hash_audio_in_place(source, wav, cancel)
        take = Take(
            id=_new_id(),
            session_id=session.id,
            path=str(managed),
            actor_ids=tuple(actor_ids),
            audio_sha256=audio_hash,
            format=wav.fmt.describe(),
            duration=wav.duration_seconds,
            take_number=take_number,
            scene=scene,
            line=line,
            character=character,
            notes=notes,
            status=TakeStatus.COMPLETE,
            source_path=str(source),
        )
        try:
            return self._insert_take(take)
        except BaseException:
            if copy:
                _remove_managed(managed)
            raise

    def add_take_for_recording(
        self,
        session_id: str,
        path: str | os.PathLike,
        actor_ids: Sequence[str],
        *,
        take_number: int | None = None,
        scene: str = "",
        line: str = "",
        character: str = "",
        notes: str = "",
    ) -> Take:
        """A take that exists (pending, status `recording`) the moment recording starts, at `path` in the
        managed folder; `finish_recording` fills in its hash, format and duration."""
        session = self.session(session_id)
        self._check_actors(session, actor_ids)
        take = Take(
            id=_new_id(),
            session_id=session.id,
            path=str(Path(path).absolute()),
            actor_ids=tuple(actor_ids),
            take_number=take_number,
            scene=scene,
            line=line,
            character=character,
            notes=notes,
            status=TakeStatus.RECORDING,
        )
        return self._insert_take(take)

    def finish_recording(self, take_id: str, *, recovered: bool = False) -> Take:
        """Mark a recorded take complete (or `recovered` after a crash), with its audio hash and format."""
        take = self.store.take(take_id)
        wav = read_wav(take.path)
        changes = {
            "audio_sha256": audio_sha256(take.path, wav),
            "format": wav.fmt.describe(),
            "duration": wav.duration_seconds,
            "status": (TakeStatus.RECOVERED if recovered else TakeStatus.COMPLETE).value,
        }
        with self.store.writing():
            self.store.update("take", take_id, changes, self.now())
        return self.store.take(take_id)

    def update_take(self, take_id: str, **changes) -> Take:
        """Change take_number, scene, line, character or notes (an audit event, like any change)."""
        unknown = set(changes) - {"take_number", "scene", "line", "character", "notes"}
        if unknown:
            raise ConsentRuleError(take_id, f"cannot change {', '.join(sorted(unknown))}")
        with self.store.writing():
            self.store.update("take", take_id, changes, self.now())
        return self.store.take(take_id)

    def relocate_take(self, take_id: str, path: str | os.PathLike) -> Take:
        """Point a referenced take at its file's new name (a rename in a DAW folder); refused unless the
        file there holds the take's very audio."""
        take = self.store.take(take_id)
        path = Path(path).absolute()
        if audio_sha256(path) != take.audio_sha256:
            raise ConsentRuleError(f"take {take_id[:8]}", f"{path} does not hold this take's audio")
        with self.store.writing():
            self.store.update("take", take_id, {"path": str(path), "source_path": str(path)}, self.now())
        return self.store.take(take_id)

    def take(self, take_id: str) -> Take:
        return self.store.take(take_id)

    def unfinished_recordings(self) -> list[Take]:
        """Takes still marked `recording` in any session: what a crash left behind, for the recorder to
        repair with `finish_recording(take_id, recovered=True)`."""
        return self.store.takes_with_status(TakeStatus.RECORDING)

    def list_takes(self, session_id: str) -> list[TakeOverview]:
        """Every take of a session with actors and current decisions: three queries whatever the count."""
        takes = self.store.takes(session_id)
        actors = {a.id: a for a in self.store.actors(session_id)}
        decisions = self.store.session_decisions(session_id)
        return [
            TakeOverview(t, tuple(actors[a] for a in t.actor_ids), tuple(decisions.get(t.id, ())))
            for t in takes
        ]

    def take_status(self, take_id: str) -> TakeOverview:
        return self.take_overviews([take_id])[0]

    def take_overviews(self, take_ids: Sequence[str]) -> list[TakeOverview]:
        """Some takes (any sessions) with actors and current decisions, in the order given."""
        takes = self.store.takes_by_id(list(take_ids))
        actors = self.store.actors_by_id(a for t in takes for a in t.actor_ids)
        decisions = self.store.current_decisions([t.id for t in takes])
        return [TakeOverview(t, tuple(actors[a] for a in t.actor_ids), tuple(decisions[t.id])) for t in takes]

    def decision_history(self, take_id: str) -> list[Decision]:
        """Every decision ever recorded on the take, oldest first (superseded ones included)."""
        return self.store.decision_history(take_id)

    # -- decisions ---------------------------------------------------------------------------------

    def record_restriction(
        self,
        take_id: str,
        actor_id: str,
        reason: str,
        engineer: str = "",
        scopes: Iterable[Scope] = ALL_SCOPES,
    ) -> DecisionOutcome:
        """The engineer's only decision: `not_authorized`, with a reason, for the given scopes
        (recorded by `engineer`, else the session's engineer)."""
        check_restriction(f"take {take_id[:8]}", reason)
        at = self.now()
        with self.store.writing():
            take = self.store.take(take_id)
            if actor_id not in take.actor_ids:
                raise ConsentRuleError(f"take {take_id[:8]}", f"actor {actor_id[:8]} is not on this take")
            session = self.store.session(take.session_id)
            engineer = _engineer(engineer, session)
            recorded = []
            withdrawn: dict[str, Delivery] = {}
            for scope in scopes:
                decision = ScopeDecision(
                    scope=scope,
                    permission=Permission.NOT_AUTHORIZED,
                    decision_id=_new_id(),
                    recorded_at=at,
                    recorded_by=engineer,
                    method=Method.ENGINEER_RESTRICTION,
                    reason=reason.strip(),
                    contract_reference=session.contract_reference,
                )
                recorded.append(self._append_decision(take.id, actor_id, decision, at, withdrawn))
        return DecisionOutcome(tuple(recorded), withdrawn_from=tuple(withdrawn.values()))

    def apply_session_default(
        self,
        session_id: str,
        engineer: str = "",
        *,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> DecisionOutcome:
        """With no contract or no AI clause, record `not_authorized` for every actor/take/scope still
        undecided, with the reason; with an AI clause refuse (ConsentRuleError): each actor confirms.

        The pending takes are decided SESSION_DEFAULT_BATCH at a time, one short transaction per batch
        that re-reads the session and those takes' decisions inside it, so a decision recorded meanwhile
        by another process is never overridden and no writer waits long. `progress(takes done, takes
        pending)` follows each batch; `cancel()` is polled between batches and stops there: the batches
        already committed stay (each is complete, with its audit events) and are what is returned."""
        session_default_reason(self.session(session_id))
        pending = [o.take.id for o in self.list_takes(session_id) if o.pending]
        recorded: list[Decision] = []
        if progress is not None:
            progress(0, len(pending))
        for start in range(0, len(pending), SESSION_DEFAULT_BATCH):
            if cancel is not None and cancel():
                break
            batch = pending[start : start + SESSION_DEFAULT_BATCH]
            recorded.extend(self._default_takes(session_id, batch, engineer))
            if progress is not None:
                progress(start + len(batch), len(pending))
        return DecisionOutcome(tuple(recorded))

    def _default_takes(self, session_id: str, take_ids: Sequence[str], engineer: str) -> list[Decision]:
        at = self.now()
        with self.store.writing():
            session = self.store.session(session_id)
            reason = session_default_reason(session)
            recorded_by = _engineer(engineer, session)
            recorded = [
                Decision(
                    overview.take.id,
                    actor.id,
                    ScopeDecision(
                        scope=scope,
                        permission=Permission.NOT_AUTHORIZED,
                        decision_id=_new_id(),
                        recorded_at=at,
                        recorded_by=recorded_by,
                        method=Method.SESSION_DEFAULT,
                        reason=reason,
                        contract_reference=session.contract_reference,
                    ),
                    supersedes=None,
                )
                for overview in self.take_overviews(take_ids)
                for actor in overview.actors
                for scope in ALL_SCOPES
                if overview.decision(actor.id, scope) is None
            ]
            self.store.insert_many("decision", [rows.decision_values(row) for row in recorded], at)
        return recorded

    def record_confirmation(
        self,
        confirmation: ActorConfirmation,
        choices: Mapping[Scope, ScopeChoice],
        *,
        take_ids: Sequence[str] = (),
        standing_session: bool = False,
    ) -> DecisionOutcome:
        """The talent screen's call: store the actor's confirmation and their choice per scope for the
        given takes and, with `standing_session`, for every take of the session added from now on.

        Refused (ConsentRuleError, nothing stored) when a grant lacks a valid confirmation: typed name
        matching the actor, a signature stroke, terms version and hash, conditions for a conditional grant.
        """
        if not choices:
            raise ConsentRuleError(f"actor {confirmation.actor_id[:8]}", "no scope was chosen")
        if not take_ids and not standing_session:
            raise ConsentRuleError(f"actor {confirmation.actor_id[:8]}", "no take and no session chosen")
        at = self.now()
        with self.store.writing():
            actor = self.store.actor(confirmation.actor_id)
            session = self.store.session(actor.session_id)
            for scope, choice in choices.items():
                check_grant(actor, scope, choice, confirmation)
            takes = self.store.takes_by_id(list(take_ids))
            for take in takes:
                if actor.id not in take.actor_ids:
                    raise ConsentRuleError(f"take {take.id[:8]}", f"{actor.display_name} is not on this take")
            self.store.insert("confirmation", rows.confirmation_values(confirmation), at)
            withdrawn: dict[str, Delivery] = {}
            recorded = []
            standing = []
            for scope, choice in choices.items():
                for take in takes:
                    decision = _confirmed(scope, choice, actor, session, confirmation, at)
                    recorded.append(self._append_decision(take.id, actor.id, decision, at, withdrawn))
                if standing_session:
                    standing.append(
                        self._append_standing(session.id, actor.id, scope, choice, confirmation, at)
                    )
        return DecisionOutcome(tuple(recorded), tuple(standing), tuple(withdrawn.values()))

    def revocation_impact(
        self, take_id: str, actor_id: str, scope: Scope, permission: Permission
    ) -> list[Delivery]:
        """The deliveries that carried a permission of this actor on this take that `permission` would
        withdraw: ask before recording, or read `DecisionOutcome.withdrawn_from` after."""
        return deliveries_carrying(
            self.store.deliveries_with_take(take_id), take_id, actor_id, scope, permission
        )

    # -- records, gate, deliveries -----------------------------------------------------------------

    def consent_record(self, take_id: str, on: datetime | None = None) -> ConsentRecord:
        """The record as it would travel in an exported file now (or issued at `on`)."""
        overview = self.take_status(take_id)
        issued = (on or self._clock()).astimezone(UTC).isoformat(timespec="seconds")
        return overview.record(self.session(overview.take.session_id), issued)

    def gate(self, take_ids: Sequence[str], purpose: Purpose | str, on: date | None = None) -> GateVerdict:
        """The export gate over a selection: every blocking take and actor and why (each session read once,
        not once per take)."""
        overviews = self.take_overviews(take_ids)
        sessions = {sid: self.session(sid) for sid in {o.take.session_id for o in overviews}}
        records = [o.record(sessions[o.take.session_id], "") for o in overviews]
        recording = {o.take.id for o in overviews if o.take.status is TakeStatus.RECORDING}
        return gate_verdict(records, Purpose(purpose), on or self.today(), recording)

    def record_delivery(
        self,
        session_id: str,
        destination: str,
        recipient: str,
        purpose: Purpose,
        items: Sequence[DeliveryItem],
        *,
        delivery_id: str | None = None,
    ) -> Delivery:
        """Store a finished delivery with the decision snapshot and file hash of each take it carried."""
        at = self.now()
        delivery = Delivery(
            delivery_id or _new_id(), session_id, at, destination, recipient, Purpose(purpose), tuple(items)
        )
        with self.store.writing():
            self.store.insert("delivery", rows.delivery_values(delivery), at)
        return delivery

    def deliveries(self, session_id: str) -> list[Delivery]:
        return self.store.deliveries(session_id)

    def begin_delivery(self, attempt: DeliveryAttempt) -> Witness:
        """Record a delivery's start (state `staging`) before its first file is written; the witness
        returned, the signed chain head right after that event, is what its files and manifest carry."""
        with self.store.writing():
            self.store.insert("delivery_attempt", rows.attempt_values(attempt), attempt.started_at)
            return self.store.audit_witness(attempt.id)

    def complete_delivery(self, attempt_id: str, items: Sequence[DeliveryItem]) -> Delivery:
        """The commit point of a staged delivery: the delivery with each file's hash and record, and its
        attempt moved to `publishing`, in one transaction; the files are moved into place after it."""
        with self.store.writing():
            attempt = self._attempt(attempt_id)
            delivery = self.record_delivery(
                attempt.session_id, attempt.destination, attempt.recipient, attempt.purpose, items,
                delivery_id=attempt.id,
            )
            publishing = {"state": DeliveryState.PUBLISHING.value}
            self.store.update("delivery_attempt", attempt_id, publishing, self.now())
        return delivery

    def end_delivery_attempt(self, attempt_id: str, state: DeliveryState, note: str = "") -> bool:
        """Move an unfinished attempt (`staging` or `publishing`) to where it ended; False, nothing
        changed, when another process already ended it."""
        with self.store.writing():
            if self._attempt(attempt_id).state not in (DeliveryState.STAGING, DeliveryState.PUBLISHING):
                return False
            self.store.update(
                "delivery_attempt", attempt_id, {"state": state.value, "note": note}, self.now()
            )
        return True

    def delivery_attempt(self, attempt_id: str) -> DeliveryAttempt | None:
        return self.store.delivery_attempt(attempt_id)

    def delivery_attempts(
        self, states: Sequence[DeliveryState], session_id: str | None = None
    ) -> list[DeliveryAttempt]:
        """Deliveries in any of these states, of one session or all, oldest first."""
        return self.store.delivery_attempts(states, session_id)

    def _attempt(self, attempt_id: str) -> DeliveryAttempt:
        attempt = self.store.delivery_attempt(attempt_id)
        if attempt is None:
            raise ConsentRuleError(f"delivery {attempt_id[:8]}", "was never started in this ledger")
        return attempt

    def audit_head(self) -> tuple[int, str] | None:
        """The newest audit event (number, SHA-256), recorded in delivery manifests as an anchor."""
        return self.store.audit_head()

    def verify_audit(
        self, anchors: Iterable[tuple[int, str]] = (), witnesses: Iterable[Witness] = ()
    ) -> AuditReport:
        """Re-check the audit chain and every row against it, that each anchor (event number and hash) is
        still in the chain, and each witness a delivery carried (`consent-slate audit verify --manifest`)."""
        return self.store.verify_audit(anchors, witnesses)

    # -- inside ------------------------------------------------------------------------------------

    def _check_actors(self, session: Session, actor_ids: Sequence[str]) -> None:
        if len(set(actor_ids)) != len(actor_ids):
            raise ConsentRuleError(session.title, "an actor is listed twice on the take")
        found = self.store.actors_by_id(actor_ids)
        for actor_id in actor_ids:
            actor = found.get(actor_id)
            if actor is None or actor.session_id != session.id:
                raise ConsentRuleError(session.title, f"actor {actor_id[:8]} is not in this session")

    def _insert_take(self, take: Take) -> Take:
        """Insert the take and copy onto it the standing decisions of its actors in its session."""
        at = self.now()
        take = replace(take, created_at=at)
        with self.store.writing():
            self.store.insert("take", rows.take_values(take), at)
            for standing in self.store.standing_decisions(take.session_id, take.actor_ids):
                decision = replace(standing.scope_decision, decision_id=_new_id(), recorded_at=at)
                self._append_decision(take.id, standing.actor_id, decision, at, {})
        return take

    def _append_decision(
        self, take_id: str, actor_id: str, decision: ScopeDecision, at: str, withdrawn: dict[str, Delivery]
    ) -> Decision:
        """Append a decision superseding the one in force; note deliveries whose permission it withdraws."""
        current = self.store.current_decision(take_id, actor_id, decision.scope)
        if current is not None and current.permission.is_grant:
            for delivery in self.revocation_impact(take_id, actor_id, decision.scope, decision.permission):
                withdrawn[delivery.id] = delivery
        row = Decision(take_id, actor_id, decision, current.id if current else None)
        self.store.insert("decision", rows.decision_values(row), at)
        return row

    def _append_standing(
        self,
        session_id: str,
        actor_id: str,
        scope: Scope,
        choice: ScopeChoice,
        confirmation: ActorConfirmation,
        at: str,
    ) -> StandingDecision:
        session = self.store.session(session_id)
        actor = self.store.actor(actor_id)
        previous = self.store.standing_decisions(session_id, [actor_id])
        supersedes = next((s.id for s in previous if s.scope_decision.scope is scope), None)
        decision = _confirmed(scope, choice, actor, session, confirmation, at)
        row = StandingDecision(session_id, actor_id, decision, supersedes)
        self.store.insert("standing_decision", rows.decision_values(row), at)
        return row


def _confirmed(
    scope: Scope,
    choice: ScopeChoice,
    actor: Actor,
    session: Session,
    confirmation: ActorConfirmation,
    at: str,
) -> ScopeDecision:
    conditional = choice.permission is Permission.AUTHORIZED_WITH_CONDITIONS
    return ScopeDecision(
        scope=scope,
        permission=choice.permission,
        decision_id=_new_id(),
        recorded_at=at,
        recorded_by=actor.display_name,
        method=Method.ACTOR_CONFIRMATION,
        conditions=(choice.conditions or "").strip() or None if conditional else None,
        expires=choice.expires if conditional else None,
        contract_reference=session.contract_reference,
        terms_version=confirmation.terms_version,
        terms_sha256=confirmation.terms_sha256,
        confirmation_id=confirmation.id,
    )


def _engineer(given: str, session: Session) -> str:
    """Who recorded an engineer's decision: the name given, else the session's engineer."""
    return given.strip() or session.engineer.strip() or "studio engineer"


def _check_session(session: Session) -> None:
    if not session.title.strip():
        raise ConsentRuleError("session", "a session needs a title")
    if session.contract_status is ContractStatus.AI_CLAUSE and not (session.ai_scope_text or "").strip():
        raise ConsentRuleError(session.title, "a contract with an AI clause needs the clause's AI scope text")
    if session.date:
        try:
            date.fromisoformat(session.date)
        except ValueError as exc:
            raise ConsentRuleError(session.title, f"date {session.date!r} is not YYYY-MM-DD") from exc


def new_confirmation_id() -> str:
    """Ids for ActorConfirmation built by the talent screen."""
    return _new_id()


def _new_id() -> str:
    return uuid.uuid4().hex


def _hash_audio_in_place(path: Path, wav: WavFile, cancel: Cancel | None) -> str:
    """The audio hash of a file the ledger references where it is (already in the managed folder)."""
    with open(path, "rb") as f:
        digest = hash_range(f.fileno(), wav.data.data_offset, wav.data.size, stop=cancel)
    if cancel is not None and cancel():
        raise Cancelled(path, "cancelled; nothing was recorded")
    return digest


def _copy_into_managed(
    source: Path, session_id: str, wav: WavFile, progress: Progress | None, cancel: Cancel | None
) -> tuple[Path, str]:
    """Copy `source` into takes_dir()/<session>/ through a temp file (fsync, link in, read-only), hashing
    the audio bytes on the way; a cancel or error leaves nothing behind and names the file."""
    folder = appdirs.session_takes_dir(session_id)
    tmp = folder / f".{uuid.uuid4().hex}.part"
    digest = hashlib.sha256()
    audio_start, audio_end = wav.data.data_offset, wav.data.data_offset + wav.data.size
    done = 0
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(source, "rb") as src, open(tmp, "xb") as out:
            total = os.fstat(src.fileno()).st_size
            while block := src.read(COPY_BLOCK):
                if cancel is not None and cancel():
                    raise Cancelled(source, "cancelled; nothing was copied or recorded")
                out.write(block)
                lo, hi = max(done, audio_start), min(done + len(block), audio_end)
                if lo < hi:
                    digest.update(block[lo - done : hi - done])
                done += len(block)
                if progress is not None:
                    progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o444)
        while True:
            destination = folder / free_name(safe_file_name(source.name), lambda n: (folder / n).exists())
            try:
                os.link(tmp, destination)
                break
            except FileExistsError:
                continue
    except OSError as exc:
        reason = f"cannot copy into the managed folder {folder}: {exc.strerror or exc}"
        raise WavError(source, reason) from None
    finally:
        tmp.unlink(missing_ok=True)
    return destination, digest.hexdigest()


def _remove_managed(path: Path) -> None:
    """Undo a copy whose take could not be recorded (the source is untouched)."""
    path.chmod(0o644)
    path.unlink(missing_ok=True)
