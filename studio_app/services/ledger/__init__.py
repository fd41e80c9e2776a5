"""`Ledger`: the consent ledger the desktop app, the recorder and the CLI open to read it — sessions,
actors, takes, decisions, the export gate, deliveries and the audit chain.

Changing consent and bringing in takes are workflows beside it, functions that take the ledger first
(as `export_takes(ledger, …)` does): `intake` (importing, recording, relocating, the managed folder) and
`decisions` (restrictions, the session default, the actor's confirmation). Every change runs in one short
write transaction together with its signed audit event; the rules come from core/rules.py.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

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
    Session,
    StandingDecision,
    Studio,
    Take,
    TakeStatus,
    actor_consents,
    build_consent_record,
)
from studio_app.core.record import ActorConsent, ConsentRecord, effective_permission
from studio_app.core.rules import GateVerdict, PassingGrant, gate_verdict, is_pending, passing_grants
from studio_app.core.scopes import ALL_SCOPES, Permission, Purpose, Scope
from studio_app.proof.studio import studio_for_session
from studio_app.store import repository as rows
from studio_app.store.audit import AuditReport, StudioKey, Witness
from studio_app.store.engine import Location
from studio_app.store.repository import AuditKey, LedgerStore

EDITABLE_TAKE_FIELDS = frozenset({"take_number", "scene", "line", "character", "notes"})
"""What labels a take in the studio: changing them is an audit event, never a change of consent."""

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

    def record(self, session: Session, issued_at: str, studio: Studio | None = None) -> ConsentRecord:
        return build_consent_record(
            session, self.take, {a.id: a for a in self.actors}, self.decisions, issued_at, studio
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
    def path(self) -> Location:
        """The ledger file, or the server URL: what a worker passes to `Ledger.open` for its own
        connection."""
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

    def update_actor(self, actor_id: str, legal_name: str, stage_name: str | None = None) -> Actor:
        """Correct an actor's names (a typo, a stage name learnt later): an audit event; the decisions and
        confirmations already recorded stay as they are."""
        if not legal_name.strip():
            raise ConsentRuleError(actor_id[:8], "an actor needs a legal name")
        changes = {"legal_name": legal_name.strip(), "stage_name": (stage_name or "").strip() or None}
        with self.store.writing():
            self.store.update("actor", actor_id, changes, self.now())
        return self.store.actor(actor_id)

    def actor(self, actor_id: str) -> Actor:
        return self.store.actor(actor_id)

    def standing_decisions(self, session_id: str) -> list[StandingDecision]:
        """The standing decisions in force for the session's actors (each copied onto every new take)."""
        return self.store.standing_decisions(session_id, [a.id for a in self.store.actors(session_id)])

    def list_actors(self, session_id: str) -> list[Actor]:
        return self.store.actors(session_id)

    # -- takes -------------------------------------------------------------------------------------

    def update_take(self, take_id: str, **changes) -> Take:
        """Change take_number, scene, line, character or notes (an audit event, like any change)."""
        return self.update_takes([take_id], **changes)[0]

    def update_takes(self, take_ids: Sequence[str], **changes) -> list[Take]:
        """The same change on several takes (scene 12 for the five selected), in one transaction with an
        audit event per take; these labels never touch a decision."""
        unknown = set(changes) - EDITABLE_TAKE_FIELDS
        if unknown:
            subject = ", ".join(t[:8] for t in take_ids)
            raise ConsentRuleError(subject, f"cannot change {', '.join(sorted(unknown))}")
        for name in changes.keys() & {"scene", "line", "character"}:
            changes[name] = " ".join(str(changes[name]).split())
        at = self.now()
        with self.store.writing():
            for take_id in take_ids:
                self.store.update("take", take_id, changes, at)
        return self.store.takes_by_id(list(take_ids))

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

    def take_overviews(
        self, take_ids: Sequence[str], decisions: Mapping[str, Sequence[Decision]] | None = None
    ) -> list[TakeOverview]:
        """Some takes (any sessions) with actors and current decisions, in the order given; `decisions`,
        the ones in force already read in this transaction (the export's proof), saves reading them again."""
        takes = self.store.takes_by_id(list(take_ids))
        actors = self.store.actors_by_id(a for t in takes for a in t.actor_ids)
        if decisions is None:
            decisions = self.store.current_decisions([t.id for t in takes])
        return [TakeOverview(t, tuple(actors[a] for a in t.actor_ids), tuple(decisions[t.id])) for t in takes]

    def decision_history(self, take_id: str) -> list[Decision]:
        """Every decision ever recorded on the take, oldest first (superseded ones included)."""
        return self.store.decision_history(take_id)

    def confirmation(self, confirmation_id: str) -> ActorConfirmation:
        """An actor's stored confirmation: typed name, signature strokes, the terms shown and their hash."""
        return self.store.confirmation(confirmation_id)

    def delivery(self, delivery_id: str) -> Delivery:
        return self.store.delivery(delivery_id)

    # -- records, gate, deliveries -----------------------------------------------------------------

    def consent_record(self, take_id: str, on: datetime | None = None) -> ConsentRecord:
        """The record as it would travel in an exported file now (or issued at `on`), naming the studio."""
        return self.records_of(self.take_overviews([take_id]), on)[take_id]

    def records_of(
        self, overviews: Sequence[TakeOverview], on: datetime | None = None
    ) -> dict[str, ConsentRecord]:
        """The records of takes already read (`take_overviews`), by take id, as they would travel in
        exported files now (or issued at `on`), naming the studio; each session read once."""
        issued = (on or self._clock()).astimezone(UTC).isoformat(timespec="seconds")
        sessions = {sid: self.session(sid) for sid in {o.take.session_id for o in overviews}}
        studios = {sid: studio_for_session(session.studio) for sid, session in sessions.items()}
        return {
            o.take.id: o.record(sessions[o.take.session_id], issued, studios[o.take.session_id])
            for o in overviews
        }

    def gate(self, take_ids: Sequence[str], purpose: Purpose | str, on: date | None = None) -> GateVerdict:
        """The export gate over a selection: every blocking take and actor and why."""
        overviews = self.take_overviews(take_ids)
        return self.verdict_of(overviews, self.records_of(overviews), purpose, on)

    def verdict_of(
        self,
        overviews: Sequence[TakeOverview],
        records: Mapping[str, ConsentRecord],
        purpose: Purpose | str,
        on: date | None = None,
    ) -> GateVerdict:
        """The gate over takes already read and their records (the export's proof reads them once for the
        verdict and for the files it signs)."""
        on = on or self.today()
        return gate_verdict(list(records.values()), Purpose(purpose), on, _recording(overviews))

    def passing_grants(
        self, take_ids: Sequence[str], purpose: Purpose | str, on: date | None = None
    ) -> list[PassingGrant]:
        """The grants with their terms that the takes the gate lets pass for `purpose` would carry."""
        overviews = self.take_overviews(take_ids)
        records = list(self.records_of(overviews).values())
        return passing_grants(records, Purpose(purpose), on or self.today(), _recording(overviews))

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

    def complete_delivery(
        self, attempt_id: str, items: Sequence[DeliveryItem], *, corrects: str | None = None
    ) -> Delivery:
        """The commit point of a staged delivery: the delivery with each file's hash and record, and its
        attempt moved to `publishing`, in one transaction; the files are moved into place after it. With
        `corrects`, the same transaction records it as the correction of that earlier delivery."""
        with self.store.writing():
            attempt = self._attempt(attempt_id)
            delivery = self.record_delivery(
                attempt.session_id, attempt.destination, attempt.recipient, attempt.purpose, items,
                delivery_id=attempt.id,
            )
            at = self.now()
            if corrects is not None:
                self.store.delivery(corrects)
                correction = {"id": delivery.id, "corrects": corrects, "recorded_at": at}
                self.store.insert("delivery_correction", correction, at)
            publishing = {"state": DeliveryState.PUBLISHING.value}
            self.store.update("delivery_attempt", attempt_id, publishing, at)
        return delivery

    def corrections(self, session_id: str) -> dict[str, str]:
        """For the session's deliveries: outdated delivery id -> id of the delivery that corrected it."""
        return self.store.corrections(session_id)

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

    def list_audit_keys(self) -> list[AuditKey]:
        """The key registry: every seat's signing key, who, which machine, since when, retired when."""
        return self.store.audit_keys()

    def retire_key(self, key_id: str) -> None:
        """An administrator's act (on a server, only the administrator role may): the key's events from
        now on fail the audit. The retirement is itself an event, signed by this seat's key."""
        key_id = self.resolve("audit_key", key_id)
        with self.store.writing():
            self.store.update("audit_key", key_id, {"retired_at": self.now()}, self.now())

    def audit_head(self) -> tuple[int, str] | None:
        """The newest audit event (number, SHA-256), recorded in delivery manifests as an anchor."""
        return self.store.audit_head()

    def verify_audit(
        self, anchors: Iterable[tuple[int, str]] = (), witnesses: Iterable[Witness] = ()
    ) -> AuditReport:
        """Re-check the audit chain and every row against it, that each anchor (event number and hash) is
        still in the chain, and each witness a delivery carried (`consent-slate audit verify --manifest`)."""
        return self.store.verify_audit(anchors, witnesses)

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


def _recording(overviews: Sequence[TakeOverview]) -> set[str]:
    """The takes still being recorded: the gate blocks them whatever their decisions."""
    return {o.take.id for o in overviews if o.take.status is TakeStatus.RECORDING}


def new_confirmation_id() -> str:
    """Ids for ActorConfirmation built by the talent screen."""
    return _new_id()


def _new_id() -> str:
    return uuid.uuid4().hex
