"""The machine-readable AI-use signals a consent record becomes: CAWG training-and-data-mining entries
and the PLUS DataMining code. One table each (docs/content-credentials.md, docs/metadata-mapping.md).

A signal is never more permissive than the consent: each CAWG use takes the most restrictive effective
value of every scope whose refusal that use would break, and a PLUS code is written only when every use
it lets a reader assume is plainly allowed.
"""

from __future__ import annotations

from datetime import date

from studio_app.core.record import ConsentRecord
from studio_app.core.scopes import ALL_SCOPES, Permission, Scope

CUSTOM_ENTRY_PREFIX = "org.consentslate."
"""Our own training-mining keys, one per scope: reverse-domain labels, as CAWG allows for custom keys."""

CAWG_SCOPES: dict[str, tuple[Scope, ...]] = {
    # A non-generative model (classification, speaker recognition) trained on the voice.
    "cawg.ai_training": (Scope.AI_TRAINING,),
    # A model that can generate audio, trained on the voice: training, generation and a clone at once.
    "cawg.ai_generative_training": (Scope.AI_TRAINING, Scope.AI_GENERATION, Scope.VOICE_CLONING),
    # The recording as a model's input, e.g. a voice prompt: generation and cloning without training.
    "cawg.ai_inference": (Scope.AI_GENERATION, Scope.VOICE_CLONING),
    # Patterns extracted from the recording: research, and the material of any training set.
    "cawg.data_mining": (Scope.AI_RESEARCH, Scope.AI_TRAINING),
}

CAWG_USE = {
    Permission.NOT_AUTHORIZED: "notAllowed",
    Permission.AUTHORIZED_WITH_CONDITIONS: "constrained",
    Permission.AUTHORIZED: "allowed",
}

PLUS_VOCAB = "http://ns.useplus.org/ldf/vocab/"
DMI_ALLOWED = "DMI-ALLOWED"
DMI_PROHIBITED_GENAI_TRAINING = "DMI-PROHIBITED-GENAIMLTRAINING"
DMI_PROHIBITED_AI_TRAINING = "DMI-PROHIBITED-AIMLTRAINING"
DMI_SEE_CONSTRAINT = "DMI-PROHIBITED-SEECONSTRAINT"
DMI_PROHIBITED = "DMI-PROHIBITED"

PLUS_PERMITS: dict[str, tuple[str, ...]] = {
    # Most permissive first. "Allowed" is read as every AI use, so it needs all four scopes.
    DMI_ALLOWED: (*CAWG_SCOPES, *(CUSTOM_ENTRY_PREFIX + s.value for s in ALL_SCOPES)),
    # "Prohibited for generative AI/ML training": data mining and other training stay allowed.
    DMI_PROHIBITED_GENAI_TRAINING: ("cawg.data_mining", "cawg.ai_training"),
    # "Prohibited for AI/ML training": data mining stays allowed.
    DMI_PROHIBITED_AI_TRAINING: ("cawg.data_mining",),
}
"""Each PLUS code that lets a reader do something, and the training-mining entries that must then be
`allowed`. Anything else is DMI-PROHIBITED (all refused) or DMI-PROHIBITED-SEECONSTRAINT."""


def training_mining_entries(record: ConsentRecord, on: date) -> dict[str, dict[str, str]]:
    """The `cawg.training-mining` entries: the four CAWG uses, then one of ours per scope."""
    effective = record.effective(on)
    entries = {key: _entry(record, on, effective, scopes) for key, scopes in CAWG_SCOPES.items()}
    for scope in ALL_SCOPES:
        entries[CUSTOM_ENTRY_PREFIX + scope.value] = _entry(record, on, effective, (scope,))
    return entries


def data_mining_code(record: ConsentRecord, on: date) -> str:
    """The most specific PLUS DataMining code that says no more than the training-mining entries."""
    entries = training_mining_entries(record, on)
    for code, needs in PLUS_PERMITS.items():
        if all(entries[key]["use"] == "allowed" for key in needs):
            return code
    if set(record.effective(on).values()) == {Permission.NOT_AUTHORIZED}:
        return DMI_PROHIBITED
    return DMI_SEE_CONSTRAINT


def _entry(
    record: ConsentRecord, on: date, effective: dict[Scope, Permission], scopes: tuple[Scope, ...]
) -> dict[str, str]:
    value = min((effective[s] for s in scopes), key=lambda p: p.rank)
    if value is Permission.AUTHORIZED and _granted_with_terms(record, on, scopes):
        # A grant for a stated use, territory or term is not "allowed" for any use: constrained.
        value = Permission.AUTHORIZED_WITH_CONDITIONS
    entry = {"use": CAWG_USE[value]}
    if value is not Permission.AUTHORIZED:
        entry["constraint_info"] = constraint_info(record, on, scopes, effective)
    return entry


def constraint_info(
    record: ConsentRecord,
    on: date,
    scopes: tuple[Scope, ...],
    effective: dict[Scope, Permission] | None = None,
) -> str:
    """Why a use is not plainly allowed: each refused scope with the actors who refuse it (no decision
    and an expired grant count as refusals), then every grant in force that states terms, with them."""
    effective = effective or record.effective(on)
    lines = []
    for scope in scopes:
        if effective[scope] is Permission.NOT_AUTHORIZED:
            refusing = [
                actor.name
                for actor in record.actors
                if (d := actor.decision_for(scope)) is None or not d.permission_on(on).is_grant
            ]
            lines.append(f"{scope.value}: not authorized ({', '.join(refusing) or 'no performer'})")
    for scope in scopes:
        for actor in record.actors:
            decision = actor.decision_for(scope)
            if decision is not None and decision.permission_on(on).is_grant and decision.states_terms:
                lines.append(f"{scope.value}: {actor.name}: {'; '.join(decision.terms())}")
    return "\n".join(lines)


def _granted_with_terms(record: ConsentRecord, on: date, scopes: tuple[Scope, ...]) -> bool:
    """Whether a grant in force for one of these scopes states terms (conditions, end date, intended use)."""
    return any(
        d is not None and d.permission_on(on).is_grant and d.states_terms
        for scope in scopes
        for d in (actor.decision_for(scope) for actor in record.actors)
    )
