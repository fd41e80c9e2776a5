"""The ledger's domain: sessions, actors, takes, decisions, confirmations and deliveries, as values.

Actors belong to one session (a performer booked again in another session is added again there):
a confirmation is given for the terms of one session, so nothing is carried across sessions by accident.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from studio_app.core.errors import SlateError
from studio_app.core.record import ActorConsent, ConsentRecord, GrantTerms, ScopeDecision
from studio_app.core.scopes import ALL_SCOPES, Permission, Purpose, Scope


class ConsentRuleError(SlateError, ValueError):
    """A change the consent rules refuse, with the thing it concerns and why."""


class ContractStatus(StrEnum):
    """What the session's contract says about AI, which decides whether a session default exists."""

    NONE = "none"
    NO_AI_CLAUSE = "no_ai_clause"
    AI_CLAUSE = "ai_clause"


class TakeStatus(StrEnum):
    """A take exists from the moment recording starts; `recovered` marks a file rescued after a crash."""

    RECORDING = "recording"
    COMPLETE = "complete"
    RECOVERED = "recovered"


class DeliveryState(StrEnum):
    """A delivery's way out: `staging` (files written into a hidden folder, nothing visible), `publishing`
    (recorded as delivered, files being moved into place), `complete`; or it ended with nothing delivered:
    `failed`, `cancelled`, or `interrupted` (the process was killed while staging; found and cleaned up
    by the next export to that folder or the app's next start)."""

    STAGING = "staging"
    PUBLISHING = "publishing"
    COMPLETE = "complete"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"


@dataclass(frozen=True)
class Studio:
    """Who records: named in the signing certificate, every record, the certificate and the manifests."""

    name: str
    address: str = ""
    contact: str = ""

    FIELDS = ("name", "address", "contact")

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "address": self.address, "contact": self.contact}


@dataclass(frozen=True)
class Session:
    id: str
    title: str
    client: str = ""
    studio: str = ""
    engineer: str = ""
    date: str = ""
    contract_reference: str | None = None
    contract_status: ContractStatus = ContractStatus.NONE
    ai_scope_text: str | None = None
    created_at: str = ""


@dataclass(frozen=True)
class Actor:
    id: str
    session_id: str
    legal_name: str
    stage_name: str | None = None
    created_at: str = ""

    @property
    def display_name(self) -> str:
        return f"{self.legal_name} ({self.stage_name})" if self.stage_name else self.legal_name


@dataclass(frozen=True)
class Take:
    """A managed WAV file; `audio_sha256` is of the whole file as it sits in the managed folder."""

    id: str
    session_id: str
    path: str
    actor_ids: tuple[str, ...]
    audio_sha256: str = ""
    format: str = ""
    duration: float = 0.0
    take_number: int | None = None
    scene: str = ""
    line: str = ""
    character: str = ""
    notes: str = ""
    status: TakeStatus = TakeStatus.COMPLETE
    source_path: str | None = None
    created_at: str = ""

    @property
    def label(self) -> str:
        """How the studio calls a take out loud: scene / line / take number, else the file name."""
        parts = [p for p in (self.scene, self.line) if p]
        if self.take_number is not None:
            parts.append(f"T{self.take_number}")
        return " / ".join(parts) if parts else self.path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Decision:
    """One ledger row: a take's actor's decision for a scope; `supersedes` names the decision it replaces."""

    take_id: str
    actor_id: str
    scope_decision: ScopeDecision
    supersedes: str | None = None

    @property
    def id(self) -> str:
        return self.scope_decision.decision_id

    @property
    def scope(self) -> Scope:
        return self.scope_decision.scope

    @property
    def permission(self) -> Permission:
        return self.scope_decision.permission


@dataclass(frozen=True)
class StandingDecision:
    """An actor's decision for every take of a session added after it: copied onto each new take."""

    session_id: str
    actor_id: str
    scope_decision: ScopeDecision
    supersedes: str | None = None

    @property
    def id(self) -> str:
        return self.scope_decision.decision_id


Point = tuple[float, float, float]


@dataclass(frozen=True)
class ActorConfirmation:
    """The actor's own confirmation on the talent screen: typed name, signature and the exact terms shown."""

    id: str
    actor_id: str
    typed_name: str
    strokes: tuple[tuple[Point, ...], ...]
    terms_version: str
    terms_sha256: str
    locale: str
    confirmed_at: str


@dataclass(frozen=True)
class ScopeChoice:
    """What the actor chose for one scope on the talent screen. A grant's term is `expires` (an end date,
    YYYY-MM-DD) or `terms.no_end_date` ticked; a grant needs `terms`, a refusal ignores them."""

    permission: Permission
    conditions: str | None = None
    expires: str | None = None
    terms: GrantTerms | None = None


@dataclass(frozen=True)
class DeliveryItem:
    """One exported file: the decision snapshot it carried and the SHA-256 of the file written."""

    take_id: str
    file_name: str
    sha256: str
    record_json: str


@dataclass(frozen=True)
class Delivery:
    id: str
    session_id: str
    delivered_at: str
    destination: str
    recipient: str
    purpose: Purpose
    items: tuple[DeliveryItem, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DeliveryAttempt:
    """A delivery from its first step on, whatever became of it (the `Delivery` exists once it is recorded
    as delivered); its hidden staging folder inside `destination` is named after its id."""

    id: str
    session_id: str
    started_at: str
    destination: str
    recipient: str
    purpose: Purpose
    take_ids: tuple[str, ...]
    state: DeliveryState
    note: str = ""


def actor_consents(
    take: Take, actors: Mapping[str, Actor], decisions: Iterable[Decision]
) -> tuple[ActorConsent, ...]:
    """The take's actors in take order, each with the decisions in force (scopes in the declaration's
    order; a scope with no decision stays missing, which keeps the take pending)."""
    by_actor: dict[str, dict[Scope, ScopeDecision]] = {actor_id: {} for actor_id in take.actor_ids}
    for decision in decisions:
        if decision.actor_id in by_actor:
            by_actor[decision.actor_id][decision.scope] = decision.scope_decision
    return tuple(
        ActorConsent(
            actor_id=actor_id,
            name=actors[actor_id].legal_name,
            stage_name=actors[actor_id].stage_name,
            decisions=tuple(by_actor[actor_id][s] for s in ALL_SCOPES if s in by_actor[actor_id]),
        )
        for actor_id in take.actor_ids
    )


def build_consent_record(
    session: Session,
    take: Take,
    actors: Mapping[str, Actor],
    decisions: Iterable[Decision],
    issued_at: str,
    studio: Studio | None = None,
) -> ConsentRecord:
    """The take's record as it will travel in the exported file; `studio` names who recorded it (the
    session's own studio name, when set, wins)."""
    studio = studio or Studio("")
    return ConsentRecord(
        take_id=take.id,
        audio_sha256=take.audio_sha256,
        actors=actor_consents(take, actors, decisions),
        issued_at=issued_at,
        studio=session.studio or studio.name,
        studio_address=studio.address,
        studio_contact=studio.contact,
        session_id=session.id,
        session_title=session.title,
        contract_reference=session.contract_reference,
        take_label=take.label,
        # Production facts that do not change the consent's meaning, for the iXML ASWG block.
        extra={k: v for k, v in (("character", take.character), ("engineer", session.engineer)) if v},
    )
