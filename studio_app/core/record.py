"""The consent record: what a take's performers decided, as it travels inside the exported file.

The JSON form is versioned and documented in docs/consent-record.md. Every copy of the record in a
file (iXML, XMP, C2PA) is the same canonical JSON, so readers can compare them byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from studio_app.core.scopes import ALL_SCOPES, Method, Permission, Scope

SCHEMA_ID = "consent-slate/consent-record"
SCHEMA_VERSION = 2
READABLE_VERSIONS = (1, 2)
"""Version 2 adds each grant's `terms`; a version-1 record is still read (its grants have no terms) and
written back as version 1, byte for byte, so a file made before still verifies."""


class RecordError(ValueError):
    """A consent record that does not follow the schema; unreadable means not authorized."""


class Representation(StrEnum):
    """Who represented the actor when they granted an AI use (California AB 2602 asks)."""

    UNION = "union"
    AGENT = "agent"
    LAWYER = "lawyer"
    NONE = "none"


WORLDWIDE = "worldwide"

_TERM_WORDS: dict[str, dict[str, Any]] = {
    "en": {
        "use": "use: {}",
        "until": "until {}",
        "no_end": "no end date",
        "territory": "territory: {}",
        "compensation": "compensation: {}",
        "represented": "represented by: {}",
        "contract": "contract {}",
        "worldwide": "worldwide",
        "representation": {"union": "union", "agent": "agent", "lawyer": "lawyer", "none": "none"},
    },
    "zh": {
        "use": "用途：{}",
        "until": "有效期至 {}",
        "no_end": "无截止日期",
        "territory": "地域：{}",
        "compensation": "报酬：{}",
        "represented": "代表：{}",
        "contract": "合同 {}",
        "worldwide": "全球",
        "representation": {"union": "工会", "agent": "经纪人", "lawyer": "律师", "none": "无"},
    },
}
"""The words of a grant's terms in each language a text is written in: used only by ScopeDecision.terms."""


@dataclass(frozen=True)
class GrantTerms:
    """What a grant (authorized, or authorized with conditions) is for, as the actor stated it: the
    intended use in their words, the territory, the compensation reference (may say "none", never empty),
    who represented them, and, when the grant has no end date, that they ticked "no end date" (the end
    date itself is the decision's `expires`). A refusal carries none."""

    intended_use: str
    no_end_date: bool = False
    territory: str = WORLDWIDE
    compensation: str = ""
    representation: Representation = Representation.NONE

    def to_dict(self) -> dict[str, Any]:
        """The record's (version 2) `terms` object."""
        return {
            "intended_use": self.intended_use,
            "no_end_date": self.no_end_date,
            "territory": self.territory,
            "compensation": self.compensation,
            "representation": self.representation.value,
        }


@dataclass(frozen=True)
class ScopeDecision:
    """One actor's decision for one scope, as recorded in the ledger (never edited, only superseded)."""

    scope: Scope
    permission: Permission
    decision_id: str
    recorded_at: str
    recorded_by: str
    method: Method
    reason: str | None = None
    conditions: str | None = None
    expires: str | None = None
    contract_reference: str | None = None
    terms_version: str | None = None
    terms_sha256: str | None = None
    confirmation_id: str | None = None
    grant_terms: GrantTerms | None = None

    def is_in_force(self, on: date) -> bool:
        """A conditional grant stops counting as a grant from its expiry date on."""
        return self.expires is None or on < date.fromisoformat(self.expires)

    def permission_on(self, on: date) -> Permission:
        return self.permission if self.is_in_force(on) else Permission.NOT_AUTHORIZED

    def terms(self, lang: str = "en") -> list[str]:
        """A grant's terms as short phrases (English or Chinese `lang`), for every text that states them
        (tags, CAWG, certificate, manifest, verify): the one place a term of a grant is worded. The actor's
        own words (conditions, intended use, territory, compensation) are given as they wrote them."""
        words = _TERM_WORDS.get(lang, _TERM_WORDS["en"])
        terms = [self.conditions] if self.conditions else []
        grant = self.grant_terms
        if grant is not None:
            terms.append(words["use"].format(grant.intended_use))
        if self.expires:
            terms.append(words["until"].format(self.expires))
        elif grant is not None and grant.no_end_date:
            terms.append(words["no_end"])
        if grant is not None:
            territory = words["worldwide"] if grant.territory == WORLDWIDE else grant.territory
            terms.append(words["territory"].format(territory))
            terms.append(words["compensation"].format(grant.compensation))
            terms.append(words["represented"].format(words["representation"][grant.representation.value]))
        if self.contract_reference:
            terms.append(words["contract"].format(self.contract_reference))
        return terms

    @property
    def states_terms(self) -> bool:
        """A grant whose terms a reader must be told: conditions, an end date or the terms of a grant
        (every grant confirmed since version 2 of the record)."""
        return self.permission.is_grant and bool(self.conditions or self.expires or self.grant_terms)


@dataclass(frozen=True)
class ActorConsent:
    """A performer on the take and their current decision for each of the four scopes."""

    actor_id: str
    name: str
    decisions: tuple[ScopeDecision, ...]
    stage_name: str | None = None

    def decision_for(self, scope: Scope) -> ScopeDecision | None:
        return next((d for d in self.decisions if d.scope is scope), None)


def effective_permission(decisions: Iterable[ScopeDecision | None], on: date) -> Permission:
    """The most restrictive permission over the actors of a take for one scope.

    A missing decision, an empty take or an expired condition all count as not authorized:
    unclear or absent authorization is never a grant.
    """
    result: Permission | None = None
    for decision in decisions:
        if decision is None:
            return Permission.NOT_AUTHORIZED
        value = decision.permission_on(on)
        if result is None or value.rank < result.rank:
            result = value
    return result or Permission.NOT_AUTHORIZED


@dataclass(frozen=True)
class ConsentRecord:
    """Everything a recipient needs to know what may be done with this take, bound to its samples."""

    take_id: str
    audio_sha256: str
    actors: tuple[ActorConsent, ...]
    issued_at: str
    studio: str = ""
    studio_address: str = ""
    studio_contact: str = ""
    session_id: str = ""
    session_title: str = ""
    contract_reference: str | None = None
    take_label: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)
    version: int = SCHEMA_VERSION

    def effective(self, on: date) -> dict[Scope, Permission]:
        """Per scope, the most restrictive decision over all actors; anything missing is refused."""
        return {
            scope: effective_permission([a.decision_for(scope) for a in self.actors], on)
            for scope in ALL_SCOPES
        }

    def terms_lines(self, lang: str = "en") -> list[str]:
        """The terms of every grant that states some (conditions, end date, intended use...), one entry
        each, for the human-readable texts (tags, certificate)."""
        return [
            f"{actor.name} / {d.scope.label(lang)}: " + "; ".join(d.terms(lang))
            for actor in self.actors
            for d in actor.decisions
            if d.states_terms
        ]

    def terms_text(self, lang: str = "en") -> str:
        return "\n".join(self.terms_lines(lang))

    def grants_stating_terms(self, scope: Scope) -> list[tuple[ActorConsent, ScopeDecision]]:
        """Each actor's grant for `scope` that states terms, in actor order (manifest, verify)."""
        return [
            (actor, d)
            for actor in self.actors
            if (d := actor.decision_for(scope)) is not None and d.states_terms
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_ID,
            "version": self.version,
            "take_id": self.take_id,
            "take_label": self.take_label,
            "audio_sha256": self.audio_sha256,
            "issued_at": self.issued_at,
            "studio": self.studio,
            **({"studio_address": self.studio_address, "studio_contact": self.studio_contact}
               if self.version >= 2 else {}),
            "session_id": self.session_id,
            "session_title": self.session_title,
            "contract_reference": self.contract_reference,
            "actors": [_actor_to_dict(a, self.version) for a in self.actors],
            "extra": dict(self.extra),
        }

    def to_json(self) -> str:
        """Canonical JSON (sorted keys, UTF-8, no spaces): identical bytes in every chunk."""
        return canonical_json(self.to_dict())

    @classmethod
    def from_json(cls, text: str | bytes) -> ConsentRecord:
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise RecordError(f"consent record is not valid JSON: {exc}") from exc
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> ConsentRecord:
        if not isinstance(data, dict):
            raise RecordError("consent record is not a JSON object")
        if data.get("schema") != SCHEMA_ID:
            raise RecordError(f"unknown record schema {data.get('schema')!r}")
        version = data.get("version")
        if type(version) is not int or version not in READABLE_VERSIONS:
            raise RecordError(f"unsupported record version {version!r}")
        try:
            actors = tuple(_actor_from_dict(a, version) for a in _list(data, "actors"))
            return cls(
                take_id=_str(data, "take_id"),
                audio_sha256=_str(data, "audio_sha256"),
                actors=actors,
                issued_at=_str(data, "issued_at"),
                studio=_str(data, "studio", ""),
                studio_address=_str(data, "studio_address", "") if version >= 2 else "",
                studio_contact=_str(data, "studio_contact", "") if version >= 2 else "",
                session_id=_str(data, "session_id", ""),
                session_title=_str(data, "session_title", ""),
                contract_reference=_opt_str(data, "contract_reference"),
                take_label=_str(data, "take_label", ""),
                extra=dict(data.get("extra") or {}),
                version=version,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise RecordError(f"consent record is malformed: {exc}") from exc


def canonical_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


OPTIONAL_DECISION_FIELDS = (
    "reason",
    "conditions",
    "expires",
    "contract_reference",
    "terms_version",
    "terms_sha256",
    "confirmation_id",
)
"""A ScopeDecision's optional fields, under the same names in the record's JSON and the ledger's columns."""


def _actor_to_dict(actor: ActorConsent, version: int) -> dict[str, Any]:
    return {
        "actor_id": actor.actor_id,
        "name": actor.name,
        "stage_name": actor.stage_name,
        "decisions": [
            {
                "scope": d.scope.value,
                "permission": d.permission.value,
                "decision_id": d.decision_id,
                "recorded_at": d.recorded_at,
                "recorded_by": d.recorded_by,
                "method": d.method.value,
                **{name: getattr(d, name) for name in OPTIONAL_DECISION_FIELDS},
                **({"terms": d.grant_terms.to_dict() if d.grant_terms else None} if version >= 2 else {}),
            }
            for d in actor.decisions
        ],
    }


def _terms_from_dict(decision: dict, version: int) -> GrantTerms | None:
    """A version-2 decision's `terms` (null for a refusal, never left out); a version-1 record has none."""
    if version < 2:
        return None
    value = decision["terms"]
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("no_end_date"), bool):
        raise TypeError("terms is not an object with a true/false no_end_date")
    return GrantTerms(
        intended_use=_str(value, "intended_use"),
        no_end_date=value["no_end_date"],
        territory=_str(value, "territory"),
        compensation=_str(value, "compensation"),
        representation=Representation(_str(value, "representation")),
    )


def _actor_from_dict(data: Any, version: int) -> ActorConsent:
    if not isinstance(data, dict):
        raise TypeError("actor entry is not an object")
    decisions = tuple(
        ScopeDecision(
            scope=Scope(_str(d, "scope")),
            permission=Permission(_str(d, "permission")),
            decision_id=_str(d, "decision_id"),
            recorded_at=_str(d, "recorded_at"),
            recorded_by=_str(d, "recorded_by"),
            method=Method(_str(d, "method")),
            **{name: _opt_str(d, name) for name in OPTIONAL_DECISION_FIELDS},
            grant_terms=_terms_from_dict(d, version),
        )
        for d in _list(data, "decisions")
    )
    for d in decisions:
        if d.expires is not None:
            date.fromisoformat(d.expires)
    return ActorConsent(
        actor_id=_str(data, "actor_id"),
        name=_str(data, "name"),
        stage_name=_opt_str(data, "stage_name"),
        decisions=decisions,
    )


def _list(data: dict, key: str) -> list:
    value = data[key]
    if not isinstance(value, list):
        raise TypeError(f"{key} is not a list")
    return value


def _str(data: Any, key: str, default: str | None = None) -> str:
    if not isinstance(data, dict):
        raise TypeError("expected an object")
    value = data.get(key, default)
    if not isinstance(value, str):
        raise TypeError(f"{key} is not a string")
    return value


def _opt_str(data: dict, key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{key} is not a string")
    return value


def restriction_record(
    *,
    take_id: str,
    audio_sha256: str,
    actor_names: Iterable[str],
    reason: str,
    recorded_by: str,
    recorded_at: str,
    id_factory,
) -> ConsentRecord:
    """A record that refuses every scope for every actor: the archive backfill of the declaration."""
    actors = []
    for name in actor_names:
        actors.append(
            ActorConsent(
                actor_id=id_factory(),
                name=name,
                decisions=tuple(
                    ScopeDecision(
                        scope=scope,
                        permission=Permission.NOT_AUTHORIZED,
                        decision_id=id_factory(),
                        recorded_at=recorded_at,
                        recorded_by=recorded_by,
                        method=Method.ENGINEER_RESTRICTION,
                        reason=reason,
                    )
                    for scope in ALL_SCOPES
                ),
            )
        )
    return ConsentRecord(
        take_id=take_id,
        audio_sha256=audio_sha256,
        actors=tuple(actors),
        issued_at=recorded_at,
    )
