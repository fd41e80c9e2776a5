"""A grant's terms travel everywhere the decision goes: a grant with every term, exported, read back by
`verify` (text and JSON), pdftotext on certificate.pdf and manifest.csv; records from before still verify;
an expired grant is not authorized in the gate and in `verify`."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from studio_app.cli import main
from studio_app.core.model import ActorConfirmation, ConsentRuleError, ScopeChoice
from studio_app.core.record import GrantTerms, Representation
from studio_app.core.rules import BlockKind
from studio_app.core.scopes import ALL_SCOPES, Permission, Purpose, Scope
from studio_app.proof.report import display_width
from studio_app.proof.verify import verify_file
from studio_app.services.export import ExportOptions, ExportReport, export_takes
from studio_app.services.ledger import Ledger, new_confirmation_id
from studio_app.services.ledger.decisions import record_confirmation
from studio_app.services.ledger.intake import import_take
from tests.conftest import FIXTURE_WAVS, PROJECT_ROOT

BEFORE_GRANT_TERMS = PROJECT_ROOT / "tests" / "data" / "before-grant-terms"
SIGNATURE = (((1.0, 1.0, 0.0), (40.0, 9.0, 80.0), (80.0, 30.0, 160.0)),)
ZHANG_TERMS = GrantTerms(
    intended_use="第一集 阿明 的普通话配音 Mandarin dub of episode 1, character A-Ming",
    territory="中国大陆 mainland China",
    compensation="合同第7条 clause 7, fee 5000 CNY",
    representation=Representation.UNION,
)
ANNA_TERMS = GrantTerms(
    intended_use="Trailer voice for the Blue Crane game",
    no_end_date=True,
    compensation="none",
    representation=Representation.AGENT,
)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ledger(tmp_path, clock):
    with Ledger.open(tmp_path / "ledger.sqlite3", clock=clock) as opened:
        yield opened


def _confirm(ledger: Ledger, actor, choices: dict[Scope, ScopeChoice], take_id: str) -> None:
    confirmation = ActorConfirmation(
        new_confirmation_id(), actor.id, actor.legal_name, SIGNATURE, "v1", "c" * 64, "zh_CN", ledger.now()
    )
    record_confirmation(ledger, confirmation, choices, take_ids=[take_id])


def _refuse_others(choices: dict[Scope, ScopeChoice]) -> dict[Scope, ScopeChoice]:
    return {scope: choices.get(scope, ScopeChoice(Permission.NOT_AUTHORIZED)) for scope in ALL_SCOPES}


@pytest.fixture
def cloning_delivery(ledger, tmp_path) -> ExportReport:
    """张伟 grants voice cloning with every term until 2031-06-30, Anna Berg with conditions and no end
    date; the take goes out for voice cloning."""
    session = ledger.create_session("第一集 配音", studio="星光录音棚", contract_status="none")
    zhang = ledger.add_actor(session.id, "张伟")
    anna = ledger.add_actor(session.id, "Anna Berg")
    take = import_take(ledger, session.id, FIXTURE_WAVS[0], [zhang.id, anna.id])
    zhang_grant = ScopeChoice(Permission.AUTHORIZED, expires="2031-06-30", terms=ZHANG_TERMS)
    anna_grant = ScopeChoice(Permission.AUTHORIZED_WITH_CONDITIONS, "no political content", terms=ANNA_TERMS)
    _confirm(ledger, zhang, _refuse_others({Scope.VOICE_CLONING: zhang_grant}), take.id)
    _confirm(ledger, anna, _refuse_others({Scope.VOICE_CLONING: anna_grant}), take.id)
    options = ExportOptions(Purpose.VOICE_CLONING, "Blue Crane")
    return export_takes(ledger, [take.id], tmp_path / "out", options)


ZHANG_PHRASES = [
    "use: 第一集 阿明 的普通话配音 Mandarin dub of episode 1, character A-Ming",
    "until 2031-06-30",
    "territory: 中国大陆 mainland China",
    "compensation: 合同第7条 clause 7, fee 5000 CNY",
    "represented by: union",
]
ANNA_PHRASES = [
    "no political content",
    "use: Trailer voice for the Blue Crane game",
    "no end date",
    "territory: worldwide",
    "compensation: none",
    "represented by: agent",
]


def _squeezed(text: str) -> str:
    """Without white space: pdftotext breaks lines where the layout wrapped them."""
    return "".join(text.split())


def test_every_term_of_a_grant_reaches_verify_json_the_certificate_and_the_manifest(cloning_delivery, capsys):
    take = cloning_delivery.takes[0]
    wav = cloning_delivery.folder / take.file_name

    assert main(["verify", "--lang", "en", str(wav)]) == 0
    text = capsys.readouterr().out
    for phrase in ZHANG_PHRASES + ANNA_PHRASES:
        assert " ".join(phrase.split()) in " ".join(text.split()), phrase
    assert "\n      张伟: authorized — use: " in text
    assert "\n      Anna Berg: authorized with conditions — no political content; use: " in text
    assert "\n    Voice cloning: authorized with conditions\n" in text

    assert main(["verify", "--json", str(wav)]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert result["record"]["version"] == 2
    decisions = {
        (a["name"], d["scope"]): d for a in result["record"]["actors"] for d in a["decisions"]
    }
    zhang, anna = decisions["张伟", "voice_cloning"], decisions["Anna Berg", "voice_cloning"]
    assert (zhang["terms"], zhang["expires"]) == (ZHANG_TERMS.to_dict(), "2031-06-30")
    assert (anna["terms"], anna["conditions"]) == (ANNA_TERMS.to_dict(), "no political content")
    assert decisions["张伟", "ai_training"]["terms"] is None

    tags = subprocess.run(["exiftool", "-j", "-a", "-G1", wav], capture_output=True, text=True).stdout
    (tags,) = json.loads(tags)
    assert tags["XML:BwfxmlConsentSlateActorListActorVoiceCloningIntendedUse"] == ZHANG_TERMS.intended_use
    assert tags["XML:BwfxmlAswgIsUnion"] is True
    for phrase in ZHANG_PHRASES + ANNA_PHRASES:
        assert phrase in tags["XMP-xmpRights:UsageTerms-en"], phrase
    zh = tags["XMP-xmpRights:UsageTerms-zh-CN"]
    assert "用途：Trailer voice for the Blue Crane game; 无截止日期; 地域：全球" in zh

    pdf = cloning_delivery.folder / "certificate.pdf"
    text = _squeezed(subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout)
    for phrase in ZHANG_PHRASES + ANNA_PHRASES:
        assert _squeezed(phrase) in text, phrase

    with open(cloning_delivery.manifest_csv, encoding="utf-8-sig", newline="") as f:
        (row,) = list(csv.DictReader(f))
    cell = row["voice_cloning_terms"]
    zhang_cell, anna_cell = cell.split(" | ")
    assert zhang_cell == "张伟: " + "; ".join(ZHANG_PHRASES)
    assert anna_cell == "Anna Berg: " + "; ".join(ANNA_PHRASES)
    assert row["ai_training_terms"] == row["ai_generation_terms"] == row["ai_research_terms"] == ""
    manifest = json.loads(cloning_delivery.manifest_json.read_text(encoding="utf-8"))
    (grant_terms,) = [t["terms"]["voice_cloning"] for t in manifest["takes"]]
    assert [g["terms"] for g in grant_terms] == [ZHANG_TERMS.to_dict(), ANNA_TERMS.to_dict()]


def test_a_cloning_grant_without_intended_use_is_refused_and_nothing_is_stored(ledger):
    session = ledger.create_session("第二集", contract_status="none")
    actor = ledger.add_actor(session.id, "张伟")
    take = import_take(ledger, session.id, FIXTURE_WAVS[0], [actor.id])
    blanket = replace(ZHANG_TERMS, intended_use=" ", no_end_date=True)
    choice = ScopeChoice(Permission.AUTHORIZED, terms=blanket)
    with pytest.raises(ConsentRuleError, match="intended use"):
        _confirm(ledger, actor, _refuse_others({Scope.VOICE_CLONING: choice}), take.id)
    assert ledger.decision_history(take.id) == []


def test_an_expired_grant_blocks_the_gate_and_is_not_authorized_in_verify(ledger, clock, tmp_path):
    session = ledger.create_session("第三集", contract_status="none")
    actor = ledger.add_actor(session.id, "张伟")
    take = import_take(ledger, session.id, FIXTURE_WAVS[0], [actor.id])
    plain = ScopeChoice(Permission.AUTHORIZED, expires="2026-12-01", terms=ZHANG_TERMS)
    _confirm(ledger, actor, _refuse_others({Scope.AI_TRAINING: plain}), take.id)
    report = export_takes(ledger, [take.id], tmp_path / "out", ExportOptions(Purpose.AI_TRAINING, "Lab"))
    wav = report.folder / report.takes[0].file_name
    assert verify_file(wav, on=date(2026, 11, 30)).permissions[Scope.AI_TRAINING] is Permission.AUTHORIZED

    clock.now = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    (block,) = ledger.gate([take.id], Purpose.AI_TRAINING).blocks
    assert (block.kind, block.expires) == (BlockKind.EXPIRED, "2026-12-01")
    verdict = verify_file(wav, on=date(2026, 12, 1), require=Scope.AI_TRAINING)
    assert verdict.valid and verdict.permissions[Scope.AI_TRAINING] is Permission.NOT_AUTHORIZED
    assert verdict.authorizes_required is False
    assert any("expired on 2026-12-01" in note for note in verdict.notes)


def test_a_version_1_file_from_before_the_grant_terms_still_verifies(capsys):
    wav = BEFORE_GRANT_TERMS / "take-v1.wav"
    verdict = verify_file(wav, trust_pem=(BEFORE_GRANT_TERMS / "studio-root.pem").read_bytes())
    assert verdict.valid, verdict.problems
    assert verdict.trusted is True
    assert verdict.record.version == 1
    assert verdict.permissions == {
        Scope.AI_TRAINING: Permission.AUTHORIZED_WITH_CONDITIONS,
        Scope.VOICE_CLONING: Permission.NOT_AUTHORIZED,
        Scope.AI_GENERATION: Permission.NOT_AUTHORIZED,
        Scope.AI_RESEARCH: Permission.AUTHORIZED,
    }
    assert main(["verify", "--json", str(wav)]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert result["record"]["version"] == 1
    assert all("terms" not in d for a in result["record"]["actors"] for d in a["decisions"])


def _verify_text(wav, *args: str, env: dict[str, str] | None = None) -> str:
    """`consent-slate verify` run as a recipient runs it, in its own process and locale."""
    run = subprocess.run(
        [sys.executable, "-m", "studio_app", "verify", *args, str(wav)],
        cwd=PROJECT_ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})},
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_verify_text_fits_80_columns_says_how_to_check_the_signer_and_speaks_chinese(cloning_delivery):
    wav = cloning_delivery.folder / cloning_delivery.takes[0].file_name
    root = cloning_delivery.folder / "studio-root.pem"
    english = _verify_text(wav, env={"LC_ALL": "", "LANG": "en_US.UTF-8"})
    trusted = _verify_text(wav, "--trust", str(root), env={"LC_ALL": "", "LANG": "en_US.UTF-8"})
    chinese = _verify_text(wav, env={"LC_ALL": "zh_CN.UTF-8"})
    forced = _verify_text(wav, "--lang", "zh", env={"LC_ALL": "", "LANG": "en_US.UTF-8"})

    for text in (english, trusted, chinese):
        too_wide = [line for line in text.splitlines() if display_width(line) > 80 and str(wav) not in line]
        assert not too_wide, too_wide
    assert "\n  signer not checked against a trusted root: " in english
    assert "to check it: consent-slate verify --trust studio-root.pem" in english
    assert "\n  signer trusted: " in trusted and "not checked" not in trusted
    assert chinese == forced
    assert chinese.startswith(f"通过 {wav}\n")
    assert "签名者未经可信根证书核验" in chinese and "--trust studio-root.pem" in chinese
    squeezed = _squeezed(chinese)
    assert _squeezed("声音复制 / 克隆：有条件授权") in squeezed
    assert _squeezed("张伟：已授权 — 用途：第一集 阿明 的普通话配音") in squeezed
    assert _squeezed("有效期至 2031-06-30; 地域：中国大陆 mainland China; 报酬：合同第7条") in squeezed
    assert _squeezed("无截止日期; 地域：全球; 报酬：none; 代表：经纪人") in squeezed
