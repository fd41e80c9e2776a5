"""Decisions: the engineer's restriction, the session default, the actor's confirmation.

Functions take the ledger first, as `export_takes(ledger, …)` does. Every decision is appended,
superseding the one in force, never overwriting it; a change that withdraws a permission names the
deliveries that carried it (`DecisionOutcome.withdrawn_from`), to notify and re-export.

Standing decisions ("all takes of this session from now on"): `record_confirmation(...,
standing_session=True)` stores, besides any per-take decisions, one standing decision per scope for the
actor in the take's session. Every take added to that session later (import or recording) gets a copy of
the actor's standing decisions in force at that moment, as ordinary per-take decisions citing the same
confirmation, so the export gate, the history and the record never need to know standing decisions
exist. A later confirmation with `standing_session=True` supersedes the standing decisions for the
takes added after it; takes already added keep their own decisions until changed one by one.

Changing a decision starts from what the actor holds: `held_choices` reads, per scope, the choice in force
over the takes (or the standing one), and `record_confirmation(..., keep_unchanged=True)` appends only
where the new choice differs from it, so the history shows what the actor changed and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from studio_app.core.model import (
    Actor,
    ActorConfirmation,
    ConsentRuleError,
    ContractStatus,
    Decision,
    Delivery,
    ScopeChoice,
    Session,
    StandingDecision,
)
from studio_app.core.record import GrantTerms, ScopeDecision
from studio_app.core.rules import check_grant, check_restriction, deliveries_carrying, session_default_reason
from studio_app.core.scopes import ALL_SCOPES, Method, Permission, Scope
from studio_app.services.ledger import Cancel, DecisionOutcome, Ledger, Progress, _new_id
from studio_app.store import repository as rows

SESSION_DEFAULT_BATCH = 250
"""Takes per session-default transaction: 2,000 signed decisions for two actors, a fraction of a second
of holding the ledger, instead of one commit per take."""


def record_restriction(
    ledger: Ledger,
    take_id: str,
    actor_id: str,
    reason: str,
    engineer: str = "",
    scopes: Iterable[Scope] = ALL_SCOPES,
) -> DecisionOutcome:
    """The engineer's only decision: `not_authorized`, with a reason, for the given scopes
    (recorded by `engineer`, else the session's engineer)."""
    check_restriction(f"take {take_id[:8]}", reason)
    at = ledger.now()
    with ledger.store.writing():
        take = ledger.store.take(take_id)
        if actor_id not in take.actor_ids:
            raise ConsentRuleError(f"take {take_id[:8]}", f"actor {actor_id[:8]} is not on this take")
        session = ledger.store.session(take.session_id)
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
            recorded.append(append_decision(ledger, take.id, actor_id, decision, at, withdrawn))
    return DecisionOutcome(tuple(recorded), withdrawn_from=tuple(withdrawn.values()))


def restrict_takes(
    ledger: Ledger, take_ids: Sequence[str], actor_ids: Sequence[str], reason: str, engineer: str
) -> DecisionOutcome:
    """Not authorized, for every scope, for each chosen actor on each take they appear on (an actor not
    on a take is skipped there). A refusal is raised; what was recorded before it stays (decisions are
    append-only)."""
    recorded: list[Decision] = []
    withdrawn: dict[str, Delivery] = {}
    for take in ledger.store.takes_by_id(list(take_ids)):
        for actor_id in actor_ids:
            if actor_id in take.actor_ids:
                outcome = record_restriction(ledger, take.id, actor_id, reason, engineer)
                recorded.extend(outcome.decisions)
                withdrawn.update((d.id, d) for d in outcome.withdrawn_from)
    return DecisionOutcome(tuple(recorded), withdrawn_from=tuple(withdrawn.values()))


@dataclass(frozen=True)
class SessionDefaultPlan:
    """What the session default would record, to ask before it does: the takes and actors that still
    lack a decision, how many decisions that makes, and the reason they will carry."""

    contract_status: ContractStatus
    reason: str
    take_ids: tuple[str, ...]
    actor_ids: tuple[str, ...]
    decisions: int


def plan_session_default(
    ledger: Ledger, session_id: str, take_ids: Sequence[str] | None = None
) -> SessionDefaultPlan:
    """The session default over the session's takes (or only `take_ids` of them); ConsentRuleError when
    the contract has an AI clause (nothing is assumed then)."""
    session = ledger.session(session_id)
    reason = session_default_reason(session)
    overviews = ledger.list_takes(session_id) if take_ids is None else ledger.take_overviews(take_ids)
    takes: list[str] = []
    actors: dict[str, None] = {}
    decisions = 0
    for overview in overviews:
        if overview.take.session_id != session_id:
            continue
        missing = [
            (actor.id, scope)
            for actor in overview.actors
            for scope in ALL_SCOPES
            if overview.decision(actor.id, scope) is None
        ]
        if missing:
            takes.append(overview.take.id)
            actors.update(dict.fromkeys(actor_id for actor_id, _scope in missing))
            decisions += len(missing)
    return SessionDefaultPlan(session.contract_status, reason, tuple(takes), tuple(actors), decisions)


def apply_session_default(
    ledger: Ledger,
    session_id: str,
    engineer: str = "",
    *,
    take_ids: Sequence[str] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> DecisionOutcome:
    """With no contract or no AI clause, record `not_authorized` for every actor/take/scope still
    undecided (of the session, or of `take_ids` only), with the reason; with an AI clause refuse
    (ConsentRuleError): each actor confirms.

    The pending takes are decided SESSION_DEFAULT_BATCH at a time, one short transaction per batch
    that re-reads the session and those takes' decisions inside it, so a decision recorded meanwhile
    by another process is never overridden and no writer waits long. `progress(takes done, takes
    pending)` follows each batch; `cancel()` is polled between batches and stops there: the batches
    already committed stay (each is complete, with its audit events) and are what is returned."""
    pending = list(plan_session_default(ledger, session_id, take_ids).take_ids)
    recorded: list[Decision] = []
    if progress is not None:
        progress(0, len(pending))
    for start in range(0, len(pending), SESSION_DEFAULT_BATCH):
        if cancel is not None and cancel():
            break
        batch = pending[start : start + SESSION_DEFAULT_BATCH]
        recorded.extend(_default_takes(ledger, session_id, batch, engineer))
        if progress is not None:
            progress(start + len(batch), len(pending))
    return DecisionOutcome(tuple(recorded))


def _default_takes(ledger: Ledger, session_id: str, take_ids: Sequence[str], engineer: str) -> list[Decision]:
    at = ledger.now()
    with ledger.store.writing():
        session = ledger.store.session(session_id)
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
            for overview in ledger.take_overviews(take_ids)
            for actor in overview.actors
            for scope in ALL_SCOPES
            if overview.decision(actor.id, scope) is None
        ]
        ledger.store.insert_many("decision", [rows.decision_values(row) for row in recorded], at)
    return recorded


@dataclass(frozen=True)
class HeldChoice:
    """What an actor holds for one scope over the takes a talent screen covers: `choice` is None while
    undecided or when the takes do not all hold the same (`differs`)."""

    choice: ScopeChoice | None
    differs: bool = False


def held_choice(decision: ScopeDecision, on: date) -> ScopeChoice:
    """A recorded decision as the choice it stands for today: an expired grant holds `not_authorized`."""
    if decision.permission_on(on) is not decision.permission:
        return ScopeChoice(Permission.NOT_AUTHORIZED)
    return _as_recorded(
        ScopeChoice(decision.permission, decision.conditions, decision.expires, decision.grant_terms)
    )


def held_choices(ledger: Ledger, actor_id: str, take_ids: Sequence[str] | None) -> dict[Scope, HeldChoice]:
    """Per scope, the actor's choice in force on every given take, or, with `take_ids` None, their
    standing decision for the session's takes from now on."""
    on = ledger.today()
    if take_ids is None:
        actor = ledger.actor(actor_id)
        standing = ledger.store.standing_decisions(actor.session_id, [actor_id])
        found = {s.scope_decision.scope: held_choice(s.scope_decision, on) for s in standing}
        return {scope: HeldChoice(found.get(scope)) for scope in ALL_SCOPES}
    overviews = ledger.take_overviews(take_ids)
    held = {}
    for scope in ALL_SCOPES:
        decisions = [overview.decision(actor_id, scope) for overview in overviews]
        seen = {held_choice(d.scope_decision, on) if d else None for d in decisions}
        held[scope] = HeldChoice(next(iter(seen))) if len(seen) == 1 else HeldChoice(None, differs=True)
    return held


def record_confirmation(
    ledger: Ledger,
    confirmation: ActorConfirmation,
    choices: Mapping[Scope, ScopeChoice],
    *,
    take_ids: Sequence[str] = (),
    standing_session: bool = False,
    keep_unchanged: bool = False,
) -> DecisionOutcome:
    """The talent screen's call: store the actor's confirmation and their choice per scope for the
    given takes and, with `standing_session`, for every take of the session added from now on.

    With `keep_unchanged`, a take (or the standing decision) whose choice in force for a scope is already
    the one given keeps its decision; when nothing would change, nothing is stored (ConsentRuleError).
    Refused (ConsentRuleError, nothing stored) when a grant lacks a valid confirmation (typed name
    matching the actor, a signature stroke, terms version and hash), conditions for a conditional grant,
    or its terms (intended use, end date or "no end date", territory, compensation: `check_grant`).
    """
    if not choices:
        raise ConsentRuleError(f"actor {confirmation.actor_id[:8]}", "no scope was chosen")
    if not take_ids and not standing_session:
        raise ConsentRuleError(f"actor {confirmation.actor_id[:8]}", "no take and no session chosen")
    at = ledger.now()
    with ledger.store.writing():
        actor = ledger.store.actor(confirmation.actor_id)
        session = ledger.store.session(actor.session_id)
        for scope, choice in choices.items():
            check_grant(actor, scope, choice, confirmation)
        takes = ledger.store.takes_by_id(list(take_ids))
        for take in takes:
            if actor.id not in take.actor_ids:
                raise ConsentRuleError(f"take {take.id[:8]}", f"{actor.display_name} is not on this take")
        changes = [
            (scope, choice, take_id)
            for scope, choice in choices.items()
            for take_id in ([t.id for t in takes] + ([None] if standing_session else []))
            if not (keep_unchanged and _holds(ledger, actor.id, session.id, take_id, scope, choice))
        ]
        if not changes:
            raise ConsentRuleError(f"actor {actor.display_name}", "nothing changed: every choice is in force")
        ledger.store.insert("confirmation", rows.confirmation_values(confirmation), at)
        withdrawn: dict[str, Delivery] = {}
        recorded = []
        standing = []
        for scope, choice, take_id in changes:
            if take_id is None:
                standing.append(
                    _append_standing(ledger, session.id, actor.id, scope, choice, confirmation, at)
                )
            else:
                decision = _confirmed(scope, choice, actor, session, confirmation, at)
                recorded.append(append_decision(ledger, take_id, actor.id, decision, at, withdrawn))
    return DecisionOutcome(tuple(recorded), tuple(standing), tuple(withdrawn.values()))


def _holds(
    ledger: Ledger, actor_id: str, session_id: str, take_id: str | None, scope: Scope, choice: ScopeChoice
) -> bool:
    """Whether the decision in force on the take (None: the standing one) already is this choice."""
    if take_id is None:
        standing = ledger.store.standing_decisions(session_id, [actor_id])
        current = next((s.scope_decision for s in standing if s.scope_decision.scope is scope), None)
    else:
        found = ledger.store.current_decision(take_id, actor_id, scope)
        current = found.scope_decision if found else None
    return current is not None and held_choice(current, ledger.today()) == _as_recorded(choice)


def _as_recorded(choice: ScopeChoice) -> ScopeChoice:
    """The choice as it is recorded: a grant keeps its end date and terms (trimmed), conditions only when
    conditional; a refusal keeps nothing but itself."""
    if not choice.permission.is_grant:
        return ScopeChoice(choice.permission)
    conditional = choice.permission is Permission.AUTHORIZED_WITH_CONDITIONS
    return ScopeChoice(
        choice.permission,
        conditions=(choice.conditions or "").strip() or None if conditional else None,
        expires=choice.expires,
        terms=_trimmed(choice.terms) if choice.terms is not None else None,
    )


def append_decision(
    ledger: Ledger,
    take_id: str,
    actor_id: str,
    decision: ScopeDecision,
    at: str,
    withdrawn: dict[str, Delivery],
) -> Decision:
    """Append a decision superseding the one in force; note deliveries whose permission it withdraws."""
    current = ledger.store.current_decision(take_id, actor_id, decision.scope)
    if current is not None and current.permission.is_grant:
        for delivery in _withdrawn_by(ledger, take_id, actor_id, decision.scope, decision.permission):
            withdrawn[delivery.id] = delivery
    row = Decision(take_id, actor_id, decision, current.id if current else None)
    ledger.store.insert("decision", rows.decision_values(row), at)
    return row


def _append_standing(
    ledger: Ledger,
    session_id: str,
    actor_id: str,
    scope: Scope,
    choice: ScopeChoice,
    confirmation: ActorConfirmation,
    at: str,
) -> StandingDecision:
    session = ledger.store.session(session_id)
    actor = ledger.store.actor(actor_id)
    previous = ledger.store.standing_decisions(session_id, [actor_id])
    supersedes = next((s.id for s in previous if s.scope_decision.scope is scope), None)
    decision = _confirmed(scope, choice, actor, session, confirmation, at)
    row = StandingDecision(session_id, actor_id, decision, supersedes)
    ledger.store.insert("standing_decision", rows.decision_values(row), at)
    return row


def _withdrawn_by(
    ledger: Ledger, take_id: str, actor_id: str, scope: Scope, permission: Permission
) -> list[Delivery]:
    """The deliveries that carried a permission of this actor on this take that `permission` withdraws."""
    carried = ledger.store.deliveries_with_take(take_id)
    return deliveries_carrying(carried, take_id, actor_id, scope, permission)


def _confirmed(
    scope: Scope,
    choice: ScopeChoice,
    actor: Actor,
    session: Session,
    confirmation: ActorConfirmation,
    at: str,
) -> ScopeDecision:
    """The decision recorded for a choice (`_as_recorded`)."""
    recorded = _as_recorded(choice)
    return ScopeDecision(
        scope=scope,
        permission=choice.permission,
        decision_id=_new_id(),
        recorded_at=at,
        recorded_by=actor.display_name,
        method=Method.ACTOR_CONFIRMATION,
        conditions=recorded.conditions,
        expires=recorded.expires,
        contract_reference=session.contract_reference,
        terms_version=confirmation.terms_version,
        terms_sha256=confirmation.terms_sha256,
        confirmation_id=confirmation.id,
        grant_terms=recorded.terms,
    )


def _trimmed(terms: GrantTerms) -> GrantTerms:
    return replace(
        terms,
        intended_use=terms.intended_use.strip(),
        territory=terms.territory.strip(),
        compensation=terms.compensation.strip(),
    )


def _engineer(given: str, session: Session) -> str:
    """Who recorded an engineer's decision: the name given, else the session's engineer."""
    return given.strip() or session.engineer.strip() or "studio engineer"
