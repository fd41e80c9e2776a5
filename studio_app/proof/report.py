"""`verify`'s text report, written for the recipient of a delivery reading it in an 80-column terminal:
per file whether its signer was checked against a trusted root (and how to check it), then per AI use
the effective permission and, for every performer, their decision with the terms of their grant
(intended use, term, territory, compensation, representation, conditions).

Every word of the report is in `WORDS`, one table for English and Chinese (`--lang`, else the locale);
the terms themselves are worded by `ScopeDecision.terms(lang)`, like everywhere else. A problem that
makes a file invalid is reported as `verify` found it (English). `--json` keeps the full record.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Mapping

from studio_app.core.scopes import ALL_SCOPES, Permission, Scope
from studio_app.proof.verify import Verdict

WIDTH = 80
LANGUAGES = ("en", "zh")

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "ok": "OK",
        "not_authorized": "NOT AUTHORIZED",
        "invalid": "INVALID",
        "take": "take {take}",
        "studio": "studio: {studio}",
        "trusted": "signer trusted: {signer}",
        "untrusted": "signer NOT trusted: {signer}",
        "not_checked": "signer not checked against a trusted root: {signer}",
        "how_to_check": "to check it: consent-slate verify --trust studio-root.pem {file}",
        "uses_on": "AI use on {date} (the most restrictive performer decides):",
        "scope": "{scope}: {permission}",
        "actor": "{actor}: {permission}",
        "expired": "{actor}: expired on {date}, now not authorized",
        "no_decision": "{actor}: no decision (not authorized)",
        "no_actor": "no performer on this take: nothing is authorized",
        "required": "--require {scope}: {permission}",
    },
    "zh": {
        "ok": "通过",
        "not_authorized": "未授权",
        "invalid": "无效",
        "take": "录音 {take}",
        "studio": "工作室：{studio}",
        "trusted": "签名者可信：{signer}",
        "untrusted": "签名者不可信：{signer}",
        "not_checked": "签名者未经可信根证书核验：{signer}",
        "how_to_check": "核验方法：consent-slate verify --trust studio-root.pem {file}",
        "uses_on": "{date} 的 AI 使用许可（以最严格的表演者决定为准）：",
        "scope": "{scope}：{permission}",
        "actor": "{actor}：{permission}",
        "expired": "{actor}：已于 {date} 到期，现视为未授权",
        "no_decision": "{actor}：尚无决定（视为未授权）",
        "no_actor": "此录音没有表演者：一律未授权",
        "required": "--require {scope}：{permission}",
    },
}


def report_language(chosen: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """`--lang`, else the locale as POSIX reads it (LC_ALL, then LC_MESSAGES, then LANG): zh_* is Chinese."""
    if chosen in LANGUAGES:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def verdict_text(verdict: Verdict, lang: str = "en") -> str:
    """One file's report, every line at most WIDTH columns but the first (status and file) and a path or
    word longer than that, which stay whole."""
    words = WORDS[lang]
    lines: list[str] = []

    def say(text: str, indent: int = 0) -> None:
        lines.extend(wrap(text, indent, indent + 2))

    # The status and the file stay on one line, whatever the path's length: scripts read it.
    if not verdict.valid:
        lines.append(f"{words['invalid']} {verdict.path}")
        for problem in verdict.problems:
            say(problem, 2)
        return "\n".join(lines)
    status = "not_authorized" if verdict.authorizes_required is False else "ok"
    lines.append(f"{words[status]} {verdict.path}")
    record = verdict.record
    take = record.take_id + (f" ({record.take_label})" if record.take_label else "")
    say(words["take"].format(take=take), 2)
    studio = ", ".join(t for t in (record.studio, record.studio_address, record.studio_contact) if t)
    if studio:
        say(words["studio"].format(studio=studio), 2)
    trust = {True: "trusted", False: "untrusted", None: "not_checked"}[verdict.trusted]
    say(words[trust].format(signer=verdict.signer or "?"), 2)
    if verdict.trusted is None:
        say(words["how_to_check"].format(file=verdict.path), 4)
    if verdict.required is not None:
        permission = verdict.permissions[verdict.required]
        say(words["required"].format(scope=verdict.required.value, permission=_label(permission, lang)), 2)
    say(words["uses_on"].format(date=verdict.checked_on.isoformat()), 2)
    for scope in ALL_SCOPES:
        permission = _label(verdict.permissions[scope], lang)
        say(words["scope"].format(scope=_scope(scope, lang), permission=permission), 4)
        lines.extend(_actor_lines(verdict, scope, lang))
    return "\n".join(lines)


def _actor_lines(verdict: Verdict, scope: Scope, lang: str) -> list[str]:
    """Each performer's decision for the scope: a grant with its terms, the actors it comes from."""
    words = WORDS[lang]
    record = verdict.record
    if not record.actors:
        return wrap(words["no_actor"], 6, 8)
    lines = []
    for actor in record.actors:
        decision = actor.decision_for(scope)
        if decision is None:
            text = words["no_decision"].format(actor=actor.name)
        elif decision.permission.is_grant and not decision.is_in_force(verdict.checked_on):
            text = words["expired"].format(actor=actor.name, date=decision.expires)
        else:
            text = words["actor"].format(actor=actor.name, permission=_label(decision.permission, lang))
            if decision.permission.is_grant and decision.terms(lang):
                text += " — " + "; ".join(decision.terms(lang))
        lines.extend(wrap(text, 6, 8))
    return lines


def _label(permission: Permission, lang: str) -> str:
    return permission.label_zh if lang == "zh" else permission.label_en.lower()


def _scope(scope: Scope, lang: str) -> str:
    return scope.label_zh if lang == "zh" else scope.label_en


def display_width(text: str) -> int:
    """Terminal columns: wide and full-width characters (Chinese) take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap(text: str, indent: int, next_indent: int, width: int = WIDTH) -> list[str]:
    """Lines of at most `width` columns: broken at spaces, or between two wide characters (Chinese has
    no spaces); a longer word (a path) stays whole on its own line."""
    lines: list[str] = []
    line, used = " " * indent, indent
    for token in _tokens(text):
        size = display_width(token)
        if token == " ":
            if line.strip():
                line, used = line + " ", used + 1
            continue
        if used + size > width and line.strip():
            lines.append(line.rstrip())
            line, used = " " * next_indent, next_indent
        line, used = line + token, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Words, single spaces and single wide characters: the places a line may break."""
    tokens: list[str] = []
    word = ""
    for char in text:
        if char.isspace() or display_width(char) == 2:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(" " if char.isspace() else char)
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens
