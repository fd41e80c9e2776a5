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
SCHEMA_VERSION = 1


class RecordError(ValueError):
    """A consent record that does not follow the schema; unreadable means not authorized."""


class Representation(StrEnum):
    """Who represented the actor when they granted an AI use (California AB 2602 asks)."""

    UNION = "union"
    AGENT = "agent"
    LAWYER = "lawyer"
    NONE = "none"


WORLDWIDE = "worldwide"


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

    def terms(self) -> list[str]:
        """A grant's terms as short phrases, for every text that states them (tags, CAWG, certificate):
        the one place a new term of a grant is worded."""
        terms = [self.conditions] if self.conditions else []
        if self.expires:
            terms.append(f"until {self.expires}")
        if self.contract_reference:
            terms.append(f"contract {self.contract_reference}")
        return terms


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
    session_id: str = ""
    session_title: str = ""
    contract_reference: str | None = None
    take_label: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def effective(self, on: date) -> dict[Scope, Permission]:
        """Per scope, the most restrictive decision over all actors; anything missing is refused."""
        return {
            scope: effective_permission([a.decision_for(scope) for a in self.actors], on)
            for scope in ALL_SCOPES
        }

    def conditions_text(self) -> str:
        """The conditions of every conditional grant, one line each, for the human-readable tags."""
        lines = []
        for actor in self.actors:
            for d in actor.decisions:
                if d.permission is Permission.AUTHORIZED_WITH_CONDITIONS:
                    lines.append(f"{actor.name} / {d.scope.value}: {'; '.join(d.terms())}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_ID,
            "version": SCHEMA_VERSION,
            "take_id": self.take_id,
            "take_label": self.take_label,
            "audio_sha256": self.audio_sha256,
            "issued_at": self.issued_at,
            "studio": self.studio,
            "session_id": self.session_id,
            "session_title": self.session_title,
            "contract_reference": self.contract_reference,
            "actors": [_actor_to_dict(a) for a in self.actors],
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
        if data.get("version") != SCHEMA_VERSION:
            raise RecordError(f"unsupported record version {data.get('version')!r}")
        try:
            actors = tuple(_actor_from_dict(a) for a in _list(data, "actors"))
            return cls(
                take_id=_str(data, "take_id"),
                audio_sha256=_str(data, "audio_sha256"),
                actors=actors,
                issued_at=_str(data, "issued_at"),
                studio=_str(data, "studio", ""),
                session_id=_str(data, "session_id", ""),
                session_title=_str(data, "session_title", ""),
                contract_reference=_opt_str(data, "contract_reference"),
                take_label=_str(data, "take_label", ""),
                extra=dict(data.get("extra") or {}),
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


def _actor_to_dict(actor: ActorConsent) -> dict[str, Any]:
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
            }
            for d in actor.decisions
        ],
    }


def _actor_from_dict(data: Any) -> ActorConsent:
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
