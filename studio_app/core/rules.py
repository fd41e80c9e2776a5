"""The rules that decide whether a take may leave the studio. Pure functions, tested without Qt."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from studio_app.core.record import ScopeDecision
from studio_app.core.scopes import Permission


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
