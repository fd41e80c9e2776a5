"""The consent rules, pure: pending, most restrictive actor, grants, defaults, gate, revocation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from studio_app.core.model import (
    Actor,
    ActorConfirmation,
    ConsentRuleError,
    ContractStatus,
    Delivery,
    DeliveryItem,
    ScopeChoice,
    Session,
)
from studio_app.core.record import ActorConsent, ConsentRecord, ScopeDecision, effective_permission
from studio_app.core.rules import (
    check_grant,
    check_restriction,
    deliveries_carrying,
    gate_verdict,
    is_pending,
    names_match,
    session_default_reason,
)
from studio_app.core.scopes import ALL_SCOPES, Method, Permission, Purpose, Scope
from tests.conftest import TERMS, grant

TODAY = date(2026, 11, 25)
ZHANG = Actor("a-zhang", "s1", "张伟", "小伟")


def decision(scope: Scope, permission: Permission, expires: str | None = None, n: int = 0) -> ScopeDecision:
    return ScopeDecision(
        scope=scope,
        permission=permission,
        decision_id=f"{scope.value}-{permission.value}-{n}",
        recorded_at="2026-11-01T10:00:00+00:00",
        recorded_by="tester",
        method=Method.ACTOR_CONFIRMATION if permission.is_grant else Method.ENGINEER_RESTRICTION,
        conditions="radio only" if permission is Permission.AUTHORIZED_WITH_CONDITIONS else None,
        expires=expires,
    )


def actor(actor_id: str, permissions: dict[Scope, Permission], expires: str | None = None) -> ActorConsent:
    return ActorConsent(
        actor_id=actor_id,
        name=actor_id,
        decisions=tuple(decision(s, p, expires) for s, p in permissions.items()),
    )


def every(permission: Permission) -> dict[Scope, Permission]:
    return dict.fromkeys(ALL_SCOPES, permission)


def record(take_id: str, *actors: ActorConsent) -> ConsentRecord:
    return ConsentRecord(
        take_id=take_id, audio_sha256="0" * 64, actors=actors, issued_at="", take_label=take_id
    )


def confirmation(
    typed_name: str = "张伟", strokes=(((0.0, 0.0, 0.0), (1.0, 1.0, 0.1)),)
) -> ActorConfirmation:
    return ActorConfirmation(
        id="c1",
        actor_id=ZHANG.id,
        typed_name=typed_name,
        strokes=strokes,
        terms_version="v1",
        terms_sha256="a" * 64,
        locale="zh_CN",
        confirmed_at="2026-11-25T10:00:00+00:00",
    )


def test_take_with_no_actor_is_pending():
    assert is_pending(())


def test_take_is_pending_while_one_actor_lacks_one_scope():
    decided = actor("a", every(Permission.NOT_AUTHORIZED))
    partly = actor("b", {s: Permission.AUTHORIZED for s in ALL_SCOPES[:3]})
    assert is_pending((decided, partly))
    assert not is_pending((decided,))


def test_multi_actor_take_is_as_permitted_as_its_most_restrictive_actor():
    granting = actor("a", every(Permission.AUTHORIZED))
    conditional = actor("b", every(Permission.AUTHORIZED_WITH_CONDITIONS))
    refusing = actor("c", {**every(Permission.AUTHORIZED), Scope.VOICE_CLONING: Permission.NOT_AUTHORIZED})
    effective = record("t", granting, conditional, refusing).effective(TODAY)
    assert effective[Scope.AI_TRAINING] is Permission.AUTHORIZED_WITH_CONDITIONS
    assert effective[Scope.VOICE_CLONING] is Permission.NOT_AUTHORIZED


def test_expired_condition_counts_as_not_authorized_from_its_expiry_date():
    d = decision(Scope.AI_TRAINING, Permission.AUTHORIZED_WITH_CONDITIONS, expires="2026-12-01")
    assert effective_permission([d], date(2026, 11, 30)) is Permission.AUTHORIZED_WITH_CONDITIONS
    assert effective_permission([d], date(2026, 12, 1)) is Permission.NOT_AUTHORIZED


def test_engineer_restriction_needs_a_reason():
    with pytest.raises(ConsentRuleError, match="reason"):
        check_restriction("take 1", "   ")
    check_restriction("take 1", "client asked")


def test_grant_is_refused_without_confirmation():
    with pytest.raises(ConsentRuleError, match="confirmation"):
        check_grant(ZHANG, Scope.AI_TRAINING, grant(), None)


def test_refusal_by_the_actor_needs_no_signature_checks():
    check_grant(ZHANG, Scope.AI_TRAINING, ScopeChoice(Permission.NOT_AUTHORIZED), None)


@pytest.mark.parametrize("typed", ["张伟", " 张伟 ", "小伟", "张伟\u3000"])
def test_typed_name_matches_legal_or_stage_name_after_normalising(typed):
    check_grant(ZHANG, Scope.AI_TRAINING, grant(), confirmation(typed))


def test_full_width_and_case_differences_still_match_a_latin_name():
    anna = Actor("a-anna", "s1", "Anna Li")
    assert names_match("ａｎｎａ ｌｉ", anna)
    assert not names_match("Anna", anna)
    assert not names_match("", anna)


def test_grant_is_refused_when_the_typed_name_is_someone_else():
    with pytest.raises(ConsentRuleError, match="does not match"):
        check_grant(ZHANG, Scope.AI_TRAINING, grant(), confirmation("李娜"))


def test_grant_is_refused_without_a_signature_stroke():
    with pytest.raises(ConsentRuleError, match="signature"):
        check_grant(ZHANG, Scope.AI_TRAINING, grant(), confirmation(strokes=((),)))


def test_conditional_grant_needs_its_conditions():
    choice = ScopeChoice(Permission.AUTHORIZED_WITH_CONDITIONS, conditions=" ")
    with pytest.raises(ConsentRuleError, match="conditions"):
        check_grant(ZHANG, Scope.AI_GENERATION, choice, confirmation())


def test_a_grant_with_every_term_passes_and_a_refusal_needs_none():
    check_grant(ZHANG, Scope.VOICE_CLONING, grant(), confirmation())
    check_grant(ZHANG, Scope.VOICE_CLONING, grant(expires="2027-06-30"), confirmation())
    check_grant(ZHANG, Scope.VOICE_CLONING, ScopeChoice(Permission.NOT_AUTHORIZED), confirmation())


@pytest.mark.parametrize(
    ("choice", "refusal"),
    [
        (ScopeChoice(Permission.AUTHORIZED), "needs its terms"),
        (grant(terms=replace(TERMS, intended_use="  ")), "needs its intended use"),
        (ScopeChoice(Permission.AUTHORIZED, terms=TERMS), "needs its term: an end date"),
        (ScopeChoice(Permission.AUTHORIZED, expires="2027-01-01", terms=replace(TERMS, no_end_date=True)),
         "choose one"),
        (grant(terms=replace(TERMS, territory=" ")), "needs its territory"),
        (grant(terms=replace(TERMS, compensation="")), "compensation"),
        (grant(Permission.AUTHORIZED_WITH_CONDITIONS, "radio only", terms=replace(TERMS, compensation=" ")),
         "compensation"),
    ],
)
def test_a_grant_without_one_of_its_terms_is_refused(choice, refusal):
    with pytest.raises(ConsentRuleError, match=refusal):
        check_grant(ZHANG, Scope.AI_TRAINING, choice, confirmation())


def test_compensation_may_say_none():
    check_grant(ZHANG, Scope.AI_TRAINING, grant(terms=replace(TERMS, compensation="none")), confirmation())


@pytest.mark.parametrize("scope", [Scope.VOICE_CLONING, Scope.AI_GENERATION])
@pytest.mark.parametrize("use", ["", "Any use", "ALL USES", "任何用途", "ｕｎｌｉｍｉｔｅｄ"])
def test_cloning_and_generation_grants_are_never_blanket(scope, use):
    with pytest.raises(ConsentRuleError, match="blanket"):
        check_grant(ZHANG, scope, grant(terms=replace(TERMS, intended_use=use)), confirmation())


def test_session_default_reasons_follow_the_contract_status():
    assert session_default_reason(Session("s", "T", contract_status=ContractStatus.NONE)) == "no contract"
    no_clause = Session("s", "T", contract_status=ContractStatus.NO_AI_CLAUSE)
    assert session_default_reason(no_clause) == "contract has no AI clause"
    with pytest.raises(ConsentRuleError, match="actor confirms"):
        session_default_reason(Session("s", "T", contract_status=ContractStatus.AI_CLAUSE, ai_scope_text="x"))


def test_gate_lists_every_pending_take_and_actor():
    decided = actor("a", every(Permission.NOT_AUTHORIZED))
    undecided = actor("b", {})
    verdict = gate_verdict(
        [record("t1", decided), record("t2", decided, undecided), record("t3")], Purpose.DELIVERY, TODAY
    )
    assert not verdict.allowed
    assert verdict.blocking_take_ids() == ("t2", "t3")
    assert [(b.take_id, b.actor_id) for b in verdict.blocks] == [("t2", "b"), ("t3", None)]


def test_delivery_purpose_passes_any_decided_take():
    verdict = gate_verdict(
        [record("t1", actor("a", every(Permission.NOT_AUTHORIZED)))], Purpose.DELIVERY, TODAY
    )
    assert verdict.allowed


def test_ai_purpose_refuses_a_take_one_actor_did_not_authorize():
    granting = actor("a", every(Permission.AUTHORIZED))
    refusing = actor("b", {**every(Permission.AUTHORIZED), Scope.AI_TRAINING: Permission.NOT_AUTHORIZED})
    verdict = gate_verdict([record("t1", granting, refusing)], Purpose.AI_TRAINING, TODAY)
    assert [(b.actor_id, b.reason) for b in verdict.blocks] == [("b", "ai_training not authorized")]
    assert gate_verdict([record("t1", granting, refusing)], Purpose.VOICE_CLONING, TODAY).allowed


def test_ai_purpose_refuses_an_expired_conditional_grant():
    expiring = actor("a", every(Permission.AUTHORIZED_WITH_CONDITIONS), expires="2026-11-01")
    verdict = gate_verdict([record("t1", expiring)], Purpose.AI_RESEARCH, TODAY)
    assert verdict.blocks[0].reason == "ai_research expired on 2026-11-01"
    assert gate_verdict([record("t1", expiring)], Purpose.AI_RESEARCH, date(2026, 10, 31)).allowed


def _delivery(delivery_id: str, carried: ConsentRecord) -> Delivery:
    item = DeliveryItem(carried.take_id, f"{carried.take_id}.wav", "f" * 64, carried.to_json())
    return Delivery(
        delivery_id, "s1", "2026-11-20T10:00:00+00:00", "/out", "client", Purpose.AI_TRAINING, (item,)
    )


def test_revocation_lists_the_deliveries_that_carried_the_withdrawn_permission():
    granted = _delivery("d1", record("t1", actor("a", every(Permission.AUTHORIZED))))
    refused = _delivery("d2", record("t1", actor("a", every(Permission.NOT_AUTHORIZED))))
    other_take = _delivery("d3", record("t2", actor("a", every(Permission.AUTHORIZED))))
    deliveries = [granted, refused, other_take]
    affected = deliveries_carrying(deliveries, "t1", "a", Scope.AI_TRAINING, Permission.NOT_AUTHORIZED)
    assert [d.id for d in affected] == ["d1"]
    narrowed = deliveries_carrying(
        deliveries, "t1", "a", Scope.AI_TRAINING, Permission.AUTHORIZED_WITH_CONDITIONS
    )
    assert [d.id for d in narrowed] == ["d1"]
    assert deliveries_carrying(deliveries, "t1", "a", Scope.AI_TRAINING, Permission.AUTHORIZED) == []


def test_take_still_being_recorded_blocks_even_when_decided():
    decided = record("t1", actor("a", every(Permission.AUTHORIZED)))
    verdict = gate_verdict([decided], Purpose.DELIVERY, TODAY, recording={"t1"})
    assert [(b.take_id, b.kind.value) for b in verdict.blocks] == [("t1", "recording")]
    assert gate_verdict([decided], Purpose.DELIVERY, TODAY).allowed
