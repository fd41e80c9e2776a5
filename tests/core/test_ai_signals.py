"""The machine-readable signals never say more than the consent: every combination of the 3 permissions
over the 4 scopes, for one actor and for two, against the CAWG and PLUS definitions written out here
(issue 13) independently of the code's own tables."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import pytest

from studio_app.core.ai_signals import constraint_info, data_mining_code, training_mining_entries
from studio_app.core.record import ActorConsent, ConsentRecord, GrantTerms, ScopeDecision
from studio_app.core.scopes import ALL_SCOPES, Method, Permission, Scope

ON = date(2026, 11, 25)
LEVEL = {"notAllowed": 0, "constrained": 1, "allowed": 2}

# Each CAWG use and every scope whose refusal it would break (CAWG 1.1 definitions; issue 13).
BREAKS = {
    "cawg.ai_training": {Scope.AI_TRAINING},
    "cawg.ai_generative_training": {Scope.AI_TRAINING, Scope.AI_GENERATION, Scope.VOICE_CLONING},
    "cawg.ai_inference": {Scope.AI_GENERATION, Scope.VOICE_CLONING},
    "cawg.data_mining": {Scope.AI_RESEARCH, Scope.AI_TRAINING},
}
# What a reader may do under each PLUS code: the scopes that must all be plainly authorized.
PLUS_NEEDS = {
    "DMI-ALLOWED": set(ALL_SCOPES),
    "DMI-PROHIBITED-GENAIMLTRAINING": BREAKS["cawg.data_mining"] | BREAKS["cawg.ai_training"],
    "DMI-PROHIBITED-AIMLTRAINING": BREAKS["cawg.data_mining"],
    "DMI-PROHIBITED-SEECONSTRAINT": set(),
    "DMI-PROHIBITED": set(),
}
TERMS = {"conditions": "this game only", "expires": "2030-01-01", "contract_reference": "C-7"}


def performer(name: str, permissions: tuple[Permission, ...]) -> ActorConsent:
    decisions = tuple(
        ScopeDecision(
            scope=scope, permission=permission, decision_id=f"{name}-{scope.value}",
            recorded_at="2026-11-20T10:00:00", recorded_by=name, method=Method.ACTOR_CONFIRMATION,
            **(TERMS if permission is Permission.AUTHORIZED_WITH_CONDITIONS else {}),
        )
        for scope, permission in zip(ALL_SCOPES, permissions, strict=True)
    )
    return ActorConsent(actor_id=name, name=name, decisions=decisions)


def every_consent(actors: int):
    combos = list(itertools.product(Permission, repeat=len(ALL_SCOPES)))
    for chosen in itertools.product(combos, repeat=actors):
        yield ConsentRecord(
            take_id="T", audio_sha256="", issued_at="2026-11-25T10:00:00",
            actors=tuple(performer(f"Actor {n}", p) for n, p in enumerate(chosen)),
        )


@pytest.mark.parametrize("actors", [1, 2])
def test_no_signal_is_more_permissive_than_the_consent(actors):
    checked = 0
    for record in every_consent(actors):
        effective = record.effective(ON)
        entries = training_mining_entries(record, ON)
        for key, scopes in BREAKS.items():
            allowed_level = min(effective[s].rank for s in scopes)
            assert LEVEL[entries[key]["use"]] <= allowed_level, (key, effective)
        for scope in ALL_SCOPES:
            assert LEVEL[entries[f"org.consentslate.{scope.value}"]["use"]] == effective[scope].rank
        code = data_mining_code(record, ON)
        assert all(effective[s] is Permission.AUTHORIZED for s in PLUS_NEEDS[code]), (code, effective)
        checked += 1
    assert checked == 3 ** (4 * actors)


def test_the_plus_code_is_the_most_specific_that_fits():
    everything_but_cloning = (Permission.AUTHORIZED, Permission.NOT_AUTHORIZED, *[Permission.AUTHORIZED] * 2)
    record = next(iter(every_consent(1)))
    cases = {
        (Permission.AUTHORIZED,) * 4: "DMI-ALLOWED",
        everything_but_cloning: "DMI-PROHIBITED-GENAIMLTRAINING",
        (Permission.NOT_AUTHORIZED,) * 4: "DMI-PROHIBITED",
        (Permission.AUTHORIZED_WITH_CONDITIONS,) * 4: "DMI-PROHIBITED-SEECONSTRAINT",
    }
    for permissions, code in cases.items():
        record = ConsentRecord("T", "", (performer("A", permissions),), "2026-11-25T10:00:00")
        assert data_mining_code(record, ON) == code


def test_a_cloning_refusal_forbids_generative_training_and_inference_and_says_why():
    everything_but_cloning = (Permission.AUTHORIZED, Permission.NOT_AUTHORIZED, *[Permission.AUTHORIZED] * 2)
    record = ConsentRecord(
        "T", "", (performer("Ann", everything_but_cloning), performer("Bo", (Permission.AUTHORIZED,) * 4)),
        "2026-11-25T10:00:00",
    )
    entries = training_mining_entries(record, ON)
    assert entries["cawg.ai_training"] == {"use": "allowed"}
    assert entries["cawg.data_mining"] == {"use": "allowed"}
    for key in ("cawg.ai_generative_training", "cawg.ai_inference"):
        assert entries[key] == {"use": "notAllowed", "constraint_info": "voice_cloning: not authorized (Ann)"}
    assert entries["org.consentslate.voice_cloning"]["use"] == "notAllowed"


def test_constraint_info_names_the_refused_scopes_and_every_term_of_the_constrained_ones():
    ann = performer("Ann", (Permission.AUTHORIZED_WITH_CONDITIONS, Permission.AUTHORIZED,
                            Permission.NOT_AUTHORIZED, Permission.AUTHORIZED))
    record = ConsentRecord("T", "", (ann,), "2026-11-25T10:00:00")
    info = constraint_info(record, ON, (Scope.AI_TRAINING, Scope.AI_GENERATION, Scope.VOICE_CLONING))
    assert info.splitlines() == [
        "ai_generation: not authorized (Ann)",
        "ai_training: Ann: this game only; until 2030-01-01; contract C-7",
    ]
    expired = constraint_info(record, date(2030, 1, 1), (Scope.AI_TRAINING,))
    assert expired == "ai_training: not authorized (Ann)"


def test_a_grant_that_states_terms_is_constrained_not_allowed_and_says_them():
    """A grant for a stated use, territory or term is not a licence for any use, anywhere, for ever."""
    use = GrantTerms("Mandarin dub of episode 1", no_end_date=True, compensation="clause 7")
    plain = performer("Ann", (Permission.AUTHORIZED,) * len(ALL_SCOPES))
    with_terms = replace(
        plain, decisions=tuple(replace(d, grant_terms=use) if d.scope is Scope.AI_TRAINING else d
                               for d in plain.decisions)
    )
    record = ConsentRecord(take_id="T", audio_sha256="", issued_at="2026-11-25", actors=(with_terms,))
    entries = training_mining_entries(record, ON)
    assert entries["cawg.ai_training"] == {
        "use": "constrained",
        "constraint_info": "ai_training: Ann: use: Mandarin dub of episode 1; no end date; "
        "territory: worldwide; compensation: clause 7; represented by: none",
    }
    assert entries["org.consentslate.voice_cloning"] == {"use": "allowed"}
    assert data_mining_code(record, ON) == "DMI-PROHIBITED-SEECONSTRAINT"
    assert data_mining_code(replace(record, actors=(plain,)), ON) == "DMI-ALLOWED"
