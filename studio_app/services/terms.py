"""The plain-language terms the actor reads on the talent screen, versioned, and the hash of what was shown.

Texts live in resources/terms/<version>/<locale>.json and are never edited once shipped: a wording
change is a new version folder. An actor's confirmation stores the version and the SHA-256 of
`Terms.text_shown()`, the canonical text of exactly what the screen displays (defined in docs/terms.md).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from studio_app.appdirs import resources_dir
from studio_app.core.errors import SlateError
from studio_app.core.scopes import ALL_SCOPES, Scope

CURRENT_TERMS_VERSION = "v2"
TERMS_LOCALES = ("en", "zh_CN")


class TermsError(SlateError, ValueError):
    """A terms text that is missing or malformed, with the file and the reason."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path


@dataclass(frozen=True)
class ScopeTerms:
    scope: Scope
    title: str
    explanation: str


@dataclass(frozen=True)
class Terms:
    """One version of the terms in one language, exactly as the talent screen shows them."""

    version: str
    locale: str
    title: str
    intro: str
    scopes: tuple[ScopeTerms, ...]
    declaration: str

    def for_scope(self, scope: Scope) -> ScopeTerms:
        return next(s for s in self.scopes if s.scope is scope)

    def text_shown(self) -> str:
        """Title, intro, each scope's title and explanation (fixed scope order), declaration: one
        paragraph each, separated by a blank line, NFC, LF line ends, no trailing newline."""
        parts = [self.title, self.intro]
        for s in self.scopes:
            parts += [s.title, s.explanation]
        parts.append(self.declaration)
        return unicodedata.normalize("NFC", "\n\n".join(parts))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text_shown().encode("utf-8")).hexdigest()


def terms_root() -> Path:
    return resources_dir() / "terms"


def terms_versions(root: Path | None = None) -> list[str]:
    """Every shipped version, oldest first (folder names sort by version: v1, v2 …)."""
    folders = (p.name for p in (root or terms_root()).iterdir() if p.is_dir())
    return sorted(folders, key=lambda v: (len(v), v))


def load_terms(version: str = CURRENT_TERMS_VERSION, locale: str = "en", root: Path | None = None) -> Terms:
    """Read one version in one language; refuses an incomplete text rather than showing part of it."""
    path = (root or terms_root()) / version / f"{locale}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TermsError(path, f"no terms for version {version!r} in language {locale!r}") from exc
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise TermsError(path, f"unreadable terms text: {exc}") from exc
    try:
        if data["version"] != version or data["locale"] != locale:
            raise TermsError(path, f"file says version {data['version']!r}, locale {data['locale']!r}")
        scopes = tuple(
            ScopeTerms(scope, _text(data["scopes"][scope.value], "title", path),
                       _text(data["scopes"][scope.value], "explanation", path))
            for scope in ALL_SCOPES
        )
        return Terms(
            version=version,
            locale=locale,
            title=_text(data, "title", path),
            intro=_text(data, "intro", path),
            scopes=scopes,
            declaration=_text(data, "declaration", path),
        )
    except (KeyError, TypeError) as exc:
        raise TermsError(path, f"missing entry {exc}") from exc


def _text(data: dict, key: str, path: Path) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise TermsError(path, f"{key!r} must be a non-empty text")
    return value
