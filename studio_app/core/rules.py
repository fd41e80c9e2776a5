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
from studio_app.core.record import ActorConsent, ConsentRecord, ScopeDecision
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
    check_grant_terms(subject, scope, choice)


NEVER_BLANKET = frozenset({Scope.VOICE_CLONING, Scope.AI_GENERATION})
"""Scopes whose grant must name a use: a clone or generated speech cannot be licensed for "anything"."""

BLANKET_USES = frozenset(
    normalized_name(text)
    for text in (
        "any", "any use", "any uses", "any purpose", "all", "all uses", "all purposes", "everything",
        "unlimited", "unrestricted", "任何", "任何用途", "所有", "所有用途", "全部", "不限", "无限制",
    )
)
"""Intended-use texts that name no use at all (compared NFKC and case-folded)."""


def check_grant_terms(subject: str, scope: Scope, choice: ScopeChoice) -> None:
    """A grant states its intended use, its term (an end date, or "no end date" ticked, not both), its
    territory and its compensation reference ("none" is an answer, empty is not)."""
    terms = choice.terms
    if terms is None:
        reason = "a permission needs its terms: intended use, term, territory, compensation"
        raise ConsentRuleError(subject, reason)
    use = terms.intended_use.strip()
    if not use:
        blanket = " (never blanket)" if scope in NEVER_BLANKET else ""
        raise ConsentRuleError(subject, f"a permission needs its intended use{blanket}")
    if scope in NEVER_BLANKET and normalized_name(use) in BLANKET_USES:
        raise ConsentRuleError(subject, f"{scope.value} is never blanket: {use!r} names no specific use")
    if choice.expires is None and not terms.no_end_date:
        raise ConsentRuleError(subject, "a permission needs its term: an end date, or 'no end date' ticked")
    if choice.expires is not None and terms.no_end_date:
        raise ConsentRuleError(subject, "a permission has an end date and 'no end date' ticked: choose one")
    if not terms.territory.strip():
        raise ConsentRuleError(subject, "a permission needs its territory (e.g. worldwide)")
    if not terms.compensation.strip():
        raise ConsentRuleError(subject, "a permission needs its compensation reference (or 'none')")


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

    def for_correction(self) -> GateVerdict:
        """The verdict for corrected copies of a delivery: a take still pending or being recorded blocks
        them, a withdrawn or expired permission does not: the recipient already holds that audio, and the
        copies exist to carry the withdrawal to them under the delivery's own purpose."""
        withdrawn = (BlockKind.NOT_AUTHORIZED, BlockKind.EXPIRED)
        return GateVerdict(self.purpose, tuple(b for b in self.blocks if b.kind not in withdrawn))

    def passing(self, take_ids: Iterable[str]) -> list[str]:
        """The takes of `take_ids` that nothing blocks, in their order: what may leave for this purpose."""
        blocking = {block.take_id for block in self.blocks}
        return [take_id for take_id in take_ids if take_id not in blocking]

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


@dataclass(frozen=True)
class PassingGrant:
    """A grant a delivery would carry, with its terms: what the producer must honour for that take."""

    take_id: str
    take_label: str
    actor_name: str
    decision: ScopeDecision


def passing_grants(
    records: Sequence[ConsentRecord], purpose: Purpose, on: date, recording: Collection[str] = frozenset()
) -> list[PassingGrant]:
    """The grants in force that state terms, of the takes the gate lets leave for `purpose`: for the
    purpose's scope, or every scope for a plain delivery (each file carries all its decisions)."""
    blocked = set(gate_verdict(records, purpose, on, recording).blocking_take_ids())
    scopes = ALL_SCOPES if purpose.scope is None else (purpose.scope,)
    return [
        PassingGrant(record.take_id, record.take_label or record.take_id, actor.name, decision)
        for record in records
        if record.take_id not in blocked
        for scope in scopes
        for actor, decision in record.grants_stating_terms(scope)
        if decision.permission_on(on).is_grant
    ]


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
