"""The four AI-use scopes of the voice actors' declaration and the values a decision can take."""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    """An AI use that a performer authorizes or not, each on its own (specific, separate consent)."""

    AI_TRAINING = "ai_training"
    VOICE_CLONING = "voice_cloning"
    AI_GENERATION = "ai_generation"
    AI_RESEARCH = "ai_research"

    @property
    def label_en(self) -> str:
        return _LABELS[self][0]

    @property
    def label_zh(self) -> str:
        return _LABELS[self][1]

    def label(self, lang: str) -> str:
        """The scope's name for a text in `lang`: its Chinese label, else its key (`ai_training`)."""
        return self.label_zh if lang == "zh" else self.value


_LABELS = {
    Scope.AI_TRAINING: ("AI training", "AI 训练"),
    Scope.VOICE_CLONING: ("Voice cloning", "声音复制 / 克隆"),
    Scope.AI_GENERATION: ("AI generation", "AI 生成 / 制作"),
    Scope.AI_RESEARCH: ("AI research", "AI 研究 / 开发"),
}

ALL_SCOPES: tuple[Scope, ...] = tuple(Scope)


class Permission(StrEnum):
    """A decision's value, ordered from most to least restrictive."""

    NOT_AUTHORIZED = "not_authorized"
    AUTHORIZED_WITH_CONDITIONS = "authorized_with_conditions"
    AUTHORIZED = "authorized"

    @property
    def rank(self) -> int:
        """Lower is more restrictive; the effective value of a take is the minimum over actors."""
        return _RANK[self]

    @property
    def is_grant(self) -> bool:
        return self is not Permission.NOT_AUTHORIZED

    @property
    def label_en(self) -> str:
        return {
            Permission.NOT_AUTHORIZED: "Not authorized",
            Permission.AUTHORIZED_WITH_CONDITIONS: "Authorized with conditions",
            Permission.AUTHORIZED: "Authorized",
        }[self]

    @property
    def label_zh(self) -> str:
        return {
            Permission.NOT_AUTHORIZED: "未授权",
            Permission.AUTHORIZED_WITH_CONDITIONS: "有条件授权",
            Permission.AUTHORIZED: "已授权",
        }[self]


_RANK = {
    Permission.NOT_AUTHORIZED: 0,
    Permission.AUTHORIZED_WITH_CONDITIONS: 1,
    Permission.AUTHORIZED: 2,
}


class Method(StrEnum):
    """How a decision came to be: only the actor can grant, the engineer can only restrict."""

    ACTOR_CONFIRMATION = "actor_confirmation"
    ENGINEER_RESTRICTION = "engineer_restriction"
    SESSION_DEFAULT = "session_default"


class Purpose(StrEnum):
    """What a delivery is declared to be for; the AI purposes are gated by the matching scope."""

    DELIVERY = "delivery"
    AI_TRAINING = "ai_training"
    VOICE_CLONING = "voice_cloning"
    AI_GENERATION = "ai_generation"
    AI_RESEARCH = "ai_research"

    @property
    def scope(self) -> Scope | None:
        return None if self is Purpose.DELIVERY else Scope(self.value)
