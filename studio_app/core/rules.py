"""The rules that decide whether a take may leave the studio. Pure functions, tested without Qt."""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from studio_app.core.model import (
    Actor,
    ActorConfirmation,
    ConsentRuleError,
    ContractStatus,
    Delivery,
    ScopeChoice,
    Session,
)
from studio_app.core.record import ActorConsent, ConsentRecord
from studio_app.core.scopes import ALL_SCOPES, Permission, Purpose, Scope


def missing_scopes(actor: ActorConsent) -> tuple[Scope, ...]:
    """The scopes an actor has no decision for yet: each one keeps the take pending."""
    return tuple(scope for scope in ALL_SCOPES if actor.decision_for(scope) is None)


def is_pending(actors: Sequence[ActorConsent]) -> bool:
    """A take is pending while it has no actor, or any actor lacks a decision for any scope."""
    return not actors or any(missing_scopes(actor) for actor in actors)


def normalized_name(name: str) -> str:
    """NFKC, case-folded and trimmed: full-width and half-width forms of a name compare equal."""
    return unicodedata.normalize("NFKC", name).casefold().strip()


def names_match(typed: str, actor: Actor) -> bool:
    """The typed name must be the actor's legal or stage name; an empty name matches nothing."""
    wanted = normalized_name(typed)
    return bool(wanted) and any(
        wanted == normalized_name(name) for name in (actor.legal_name, actor.stage_name) if name
    )


def check_restriction(subject: str, reason: str) -> None:
    """The engineer may only restrict, and must say why."""
    if not reason or not reason.strip():
        raise ConsentRuleError(subject, "a restriction needs a reason")


def check_grant(
    actor: Actor, scope: Scope, choice: ScopeChoice, confirmation: ActorConfirmation | None
) -> None:
    """Refuse any permission that the actor has not confirmed themselves on the talent screen."""
    subject = f"{actor.display_name} / {scope.value}"
    if not choice.permission.is_grant:
        return
    if confirmation is None:
        raise ConsentRuleError(subject, "a permission needs the actor's own confirmation (talent screen)")
    if confirmation.actor_id != actor.id:
        raise ConsentRuleError(subject, "the confirmation was given by another actor")
    if not names_match(confirmation.typed_name, actor):
        raise ConsentRuleError(subject, f"typed name {confirmation.typed_name!r} does not match the actor")
    if not any(confirmation.strokes):
        raise ConsentRuleError(subject, "the confirmation has no signature")
    if not confirmation.terms_version or not confirmation.terms_sha256:
        raise ConsentRuleError(subject, "the confirmation does not name the terms shown")
    if choice.permission is Permission.AUTHORIZED_WITH_CONDITIONS and not (choice.conditions or "").strip():
        raise ConsentRuleError(subject, "a conditional permission needs its conditions")
    if choice.expires is not None:
        try:
            date.fromisoformat(choice.expires)
        except ValueError as exc:
            raise ConsentRuleError(subject, f"expiry {choice.expires!r} is not a date (YYYY-MM-DD)") from exc


SESSION_DEFAULT_REASONS = {
    ContractStatus.NONE: "no contract",
    ContractStatus.NO_AI_CLAUSE: "contract has no AI clause",
}


def session_default_reason(session: Session) -> str:
    """The reason recorded by the session default; with an AI clause nothing is assumed."""
    reason = SESSION_DEFAULT_REASONS.get(session.contract_status)
    if reason is None:
        raise ConsentRuleError(
            session.title or session.id,
            "the contract has an AI clause: nothing is assumed, each actor confirms on the talent screen",
        )
    return reason


class BlockKind(StrEnum):
    """Why the gate holds a take back."""

    NO_ACTOR = "no_actor"
    PENDING = "pending"
    NOT_AUTHORIZED = "not_authorized"
    EXPIRED = "expired"
    RECORDING = "recording"
    UNPROVEN = "unproven"
    """A row the take's record is made of does not match its signed audit event (services/trust.py)."""


@dataclass(frozen=True)
class GateBlock:
    """One reason a selection may not leave the studio: a take, and the actor who holds it back.

    `reason` is the English line; `kind`, `scopes` and `expires` say the same for a UI to word it in its
    own language."""

    take_id: str
    take_label: str
    actor_id: str | None
    actor_name: str | None
    reason: str
    kind: BlockKind = BlockKind.PENDING
    scopes: tuple[Scope, ...] = ()
    expires: str | None = None


@dataclass(frozen=True)
class GateVerdict:
    purpose: Purpose
    blocks: tuple[GateBlock, ...]

    @property
    def allowed(self) -> bool:
        return not self.blocks

    def blocking_take_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(block.take_id for block in self.blocks))

    def take_lines(self) -> list[str]:
        """One line per blocking take, naming each actor who holds it back and why."""
        lines = []
        for take_id in self.blocking_take_ids():
            blocks = [b for b in self.blocks if b.take_id == take_id]
            reasons = "; ".join(f"{b.actor_name}: {b.reason}" if b.actor_name else b.reason for b in blocks)
            lines.append(f"{blocks[0].take_label} [{take_id[:8]}]: {reasons}")
        return lines


def gate_verdict(
    records: Iterable[ConsentRecord], purpose: Purpose, on: date, recording: Collection[str] = frozenset()
) -> GateVerdict:
    """The export gate: a take still being recorded (id in `recording`) or pending blocks; an AI purpose
    also blocks takes not authorized for it."""
    blocks: list[GateBlock] = []
    for record in records:
        label = record.take_label or record.take_id
        if record.take_id in recording:
            reason = "still recording: the file is not finished"
            blocks.append(GateBlock(record.take_id, label, None, None, reason, BlockKind.RECORDING))
            continue
        if not record.actors:
            reason = "pending: no actor on this take"
            blocks.append(GateBlock(record.take_id, label, None, None, reason, BlockKind.NO_ACTOR))
            continue
        for actor in record.actors:
            missing = missing_scopes(actor)
            if missing:
                reason = "pending: no decision yet for " + ", ".join(s.value for s in missing)
                blocks.append(
                    GateBlock(
                        record.take_id, label, actor.actor_id, actor.name, reason, BlockKind.PENDING, missing
                    )
                )
        if purpose.scope is None or is_pending(record.actors):
            continue
        for actor in record.actors:
            decision = actor.decision_for(purpose.scope)
            if decision is not None and not decision.permission_on(on).is_grant:
                expired = decision.permission.is_grant
                reason = (
                    f"{purpose.scope.value} expired on {decision.expires}"
                    if expired
                    else f"{purpose.scope.value} not authorized"
                )
                kind = BlockKind.EXPIRED if expired else BlockKind.NOT_AUTHORIZED
                blocks.append(
                    GateBlock(
                        record.take_id, label, actor.actor_id, actor.name, reason, kind, (purpose.scope,),
                        decision.expires if expired else None,
                    )
                )
    return GateVerdict(purpose, tuple(blocks))


def with_unproven_takes(
    verdict: GateVerdict, problems: Mapping[str, Sequence[str]], labels: Mapping[str, str]
) -> GateVerdict:
    """The verdict with each take whose rows the audit chain does not prove blocked, first: its record may
    say anything, so nothing the studio signs may rest on it. `problems` names only the bad takes."""
    unproven = tuple(
        GateBlock(take_id, labels[take_id], None, None, reason, BlockKind.UNPROVEN)
        for take_id, reasons in problems.items()
        for reason in reasons
    )
    return GateVerdict(verdict.purpose, unproven + verdict.blocks)


def withdraws(earlier: Permission, later: Permission) -> bool:
    """A later decision withdraws a permission when it is more restrictive than what was granted."""
    return earlier.is_grant and later.rank < earlier.rank


def deliveries_carrying(
    deliveries: Iterable[Delivery], take_id: str, actor_id: str, scope: Scope, later: Permission
) -> list[Delivery]:
    """The deliveries whose snapshot carried a permission that `later` withdraws: recipients need word."""
    affected = []
    for delivery in deliveries:
        for item in delivery.items:
            if item.take_id != take_id:
                continue
            record = ConsentRecord.from_json(item.record_json)
            for actor in record.actors:
                carried = actor.decision_for(scope) if actor.actor_id == actor_id else None
                if carried is not None and withdraws(carried.permission, later):
                    affected.append(delivery)
                    break
    return affected
