"""What a consent record says in each chunk's own vocabulary. Pure functions (documented in
docs/metadata-mapping.md), shared by the writer, the UI preview and `verify`."""

from __future__ import annotations

from datetime import date, datetime

from studio_app.core.ai_signals import data_mining_code
from studio_app.core.record import ConsentRecord
from studio_app.core.scopes import ALL_SCOPES, Permission, Scope
from studio_app.wav.bext import HISTORY_MARK


def record_date(record: ConsentRecord) -> date:
    """The day the record speaks for: its issue date (a conditional grant's expiry is judged on it)."""
    try:
        return datetime.fromisoformat(record.issued_at).date()
    except ValueError:
        return date.today()


USAGE_EN = "AI use of this recording, per the performers' consent record: "
USAGE_ZH = "本录音的 AI 使用（依据表演者的授权记录）："
COMMENT_MARK = "The full consent record (JSON) is in"
_OUR_MARKS = (HISTORY_MARK, USAGE_EN, USAGE_ZH, COMMENT_MARK)


def is_our_text(paragraph: str) -> bool:
    """A paragraph one of our rights texts wrote (replaced on re-tagging, never kept twice)."""
    return any(mark in paragraph for mark in _OUR_MARKS)


def with_ours(theirs: str | None, ours: str, separator: str = "\n") -> str:
    """A rights field keeping the text already in the file, with ours as its last paragraph: an earlier
    paragraph of ours is dropped, every other one kept in order."""
    kept = [p for p in (theirs or "").split(separator) if p.strip() and not is_our_text(p)]
    return separator.join([*kept, ours])


def scope_lines(record: ConsentRecord, on: date, lang: str = "en") -> list[str]:
    """One line per scope: the scope and its effective value, in English or Chinese."""
    effective = record.effective(on)
    if lang == "zh":
        return [f"{s.label_zh}：{effective[s].label_zh}" for s in ALL_SCOPES]
    return [f"{s.label_en}: {effective[s].label_en.lower()}" for s in ALL_SCOPES]


def usage_terms_en(record: ConsentRecord, on: date) -> str:
    terms = record.terms_text()
    text = USAGE_EN + "; ".join(scope_lines(record, on, "en")) + "."
    if terms:
        text += " Terms: " + terms.replace("\n", " | ") + "."
    return text + f" Any use not authorized here is not authorized. Take {record.take_id}."


def usage_terms_zh(record: ConsentRecord, on: date) -> str:
    terms = record.terms_text("zh")
    text = USAGE_ZH + "；".join(scope_lines(record, on, "zh")) + "。"
    if terms:
        text += "条款：" + terms.replace("\n", " | ") + "。"
    return text + f"凡未在此明确授权的使用，均视为未授权。录音编号 {record.take_id}。"


def other_constraints(record: ConsentRecord, on: date) -> str:
    """The plus:OtherConstraints text that a SEECONSTRAINT value points to."""
    return usage_terms_en(record, on)


def ascii_scopes(record: ConsentRecord, on: date) -> str:
    """The four effective values in a short ASCII phrase (no names: bext and INFO cannot carry Chinese)."""
    effective = record.effective(on)
    if set(effective.values()) == {Permission.NOT_AUTHORIZED}:
        return "AI use NOT AUTHORIZED (training, voice cloning, generation, research)"
    return "AI use: " + ", ".join(f"{_short(s)} {effective[s].value}" for s in ALL_SCOPES)


def ascii_summary(record: ConsentRecord, on: date) -> str:
    """The bext Description and INFO ICOP sentence: the scopes and the take, marked as ours."""
    return f"{ascii_scopes(record, on)}; {HISTORY_MARK} {record.take_id}"


def info_copyright(record: ConsentRecord, on: date) -> str:
    """INFO ICOP: who decided and what, in plain ASCII."""
    return ascii_summary(record, on)


def info_comment(record: ConsentRecord, on: date) -> str:
    """INFO ICMT: where the full record lives."""
    code = data_mining_code(record, on)
    return f"{code}. {COMMENT_MARK} the iXML CONSENT_SLATE block and in the XMP packet."


def _short(scope: Scope) -> str:
    return scope.value.replace("ai_", "").replace("_", " ")
