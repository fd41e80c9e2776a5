"""A delivery as the recipient gets it: signed WAVs, manifest with C2PA labels, studio-root.pem and a
certificate.pdf that poppler reads back in Chinese and English; then a revocation and re-export."""

from __future__ import annotations

import hashlib
import json
import math
import subprocess
import unicodedata

import c2pa
import pytest
from PySide6.QtGui import QImage

from studio_app.cli import main
from studio_app.core.model import ActorConfirmation, ScopeChoice
from studio_app.core.scopes import Permission, Purpose, Scope
from studio_app.proof.credentials import CONSENT_RECORD_LABEL
from studio_app.proof.identity import create_identity, load_or_create_identity
from studio_app.proof.verify import verify_file
from studio_app.services.export import ExportError, ExportOptions, export_takes
from studio_app.services.ledger import Ledger, new_confirmation_id
from studio_app.services.ledger.decisions import (
    apply_session_default,
    record_confirmation,
    record_restriction,
)
from studio_app.services.ledger.intake import import_take
from studio_app.services.revocation import outdated_deliveries, reexport_delivery
from tests.conftest import FIXTURE_WAVS

SIGNATURE = (
    tuple((100 + 60 * math.cos(t / 8), 60 + 30 * math.sin(t / 8), t * 10.0) for t in range(50)),
    tuple((180 + 4 * i, 90 - 2 * i, 600 + 10.0 * i) for i in range(25)),
)


@pytest.fixture
def ledger(tmp_path):
    with Ledger.open(tmp_path / "ledger.sqlite3") as opened:
        yield opened


@pytest.fixture
def delivery(ledger, tmp_path):
    """林小雨 authorizes AI training (research with conditions) for two takes; exported for training."""
    session = ledger.create_session("第一集 配音", studio="星光录音棚 Starlight", contract_status="none")
    actor = ledger.add_actor(session.id, "林小雨")
    takes = [import_take(ledger, session.id, source, [actor.id]).id for source in FIXTURE_WAVS[:2]]
    confirmation = ActorConfirmation(
        new_confirmation_id(), actor.id, "林小雨", SIGNATURE, "v1", "c" * 64, "zh_CN", "2026-11-25T09:30Z"
    )
    choices = {
        Scope.AI_TRAINING: ScopeChoice(Permission.AUTHORIZED),
        Scope.VOICE_CLONING: ScopeChoice(Permission.NOT_AUTHORIZED),
        Scope.AI_GENERATION: ScopeChoice(Permission.NOT_AUTHORIZED),
        Scope.AI_RESEARCH: ScopeChoice(Permission.AUTHORIZED_WITH_CONDITIONS, "仅限内部研究", "2030-01-01"),
    }
    record_confirmation(ledger, confirmation, choices, take_ids=takes)
    options = ExportOptions(Purpose.AI_TRAINING, "Voice AI Ltd 声音科技")
    report = export_takes(ledger, takes, tmp_path / "delivery", options)
    return report, actor, takes


def test_delivery_carries_certificate_root_and_manifest_labels(delivery):
    report, _, _ = delivery
    folder = report.folder
    assert (folder / "studio-root.pem").read_bytes() == load_or_create_identity().root_pem
    assert {p.name for p in report.extra_files} == {"certificate.pdf", "studio-root.pem", "manifest.json.p7s"}
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for row, take in zip(manifest["takes"], report.takes, strict=True):
        assert row["c2pa_manifest_label"] == take.manifest_label
        assert take.manifest_label.startswith("urn:c2pa:")
        verdict = verify_file(folder / row["file_name"], trust_pem=(folder / "studio-root.pem").read_bytes())
        assert verdict.valid and verdict.trusted
        assert verdict.manifest_label == take.manifest_label
        assert verdict.record.to_json() == take.record.to_json()


def test_recipient_cli_passes_the_delivery_for_the_authorized_use_only(delivery):
    report, _, _ = delivery
    files = [str(report.folder / t.file_name) for t in report.takes]
    root = str(report.folder / "studio-root.pem")
    assert main(["verify", "--trust", root, "--require", "ai_training", *files]) == 0
    assert main(["verify", "--trust", root, "--require", "voice_cloning", *files]) == 4


def test_certificate_reads_back_in_chinese_and_english(delivery, tmp_path):
    report, _, _ = delivery
    pdf = report.folder / "certificate.pdf"
    pdftotext = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True)
    text = pdftotext.stdout
    # Qt's PDF maps "fi" to a ligature; NFKC gives back the text as written.
    flat = unicodedata.normalize("NFKC", " ".join(text.split()))
    for expected in (
        "授权同意证明", "Consent certificate", "星光录音棚 Starlight", "第一集 配音", "Voice AI Ltd 声音科技",
        "林小雨", "已授权", "Authorized", "未授权", "Not authorized", "仅限内部研究", "2030-01-01",
        "consent-slate verify --trust studio-root.pem", report.delivery_id,
    ):
        assert expected in flat, expected
    assert "2026-11-25T09:30Z" in flat and "v1" in flat, "the confirmation's time and terms version"
    identity = load_or_create_identity()
    assert identity.signing_fingerprint in "".join(text.split())
    for take in report.takes:
        assert take.file_name in flat
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
    cjk = [line.split() for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(row[-5] == "yes" for row in cjk), "Chinese drawn with an embedded CJK font"


def test_certificate_text_layer_gives_the_ideographs_not_kangxi_radicals(ledger, tmp_path):
    """Noto Sans CJK draws 工 and the radical ⼯ with one glyph; pdftotext must return 工, unnormalized."""
    session = ledger.create_session("工音方用生文一目见", studio="录音棚", contract_status="none")
    actor = ledger.add_actor(session.id, "林小雨")
    take = import_take(ledger, session.id, FIXTURE_WAVS[0], [actor.id])
    apply_session_default(ledger, session.id)
    report = export_takes(ledger, [take.id], tmp_path / "out", ExportOptions(Purpose.DELIVERY, "R"))
    pdf = report.folder / "certificate.pdf"
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
    assert "录音" in text and "工音方用生文一目见" in text
    radicals = [c for c in text if 0x2E80 <= ord(c) <= 0x2FDF]
    assert not radicals, radicals


def test_certificate_renders_to_an_image_with_ink_in_the_signature(delivery, tmp_path):
    report, _, _ = delivery
    pdf = report.folder / "certificate.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "100", "-l", "1", pdf, tmp_path / "page"], check=True)
    page = QImage(str(tmp_path / "page-1.png"))
    assert page.width() > 300 and page.height() > 400
    ink = sum(
        1
        for x in range(page.width())
        for y in range(page.height())
        if (c := page.pixelColor(x, y)).blue() - c.red() > 50
    )
    assert ink > 50, "the redrawn signature (blue ink) is missing"


def test_revocation_lists_the_delivery_and_reexport_carries_the_new_decision(
    delivery, ledger, tmp_path, capsys
):
    report, actor, takes = delivery
    outcome = record_restriction(ledger, takes[0], actor.id, "actor revoked", scopes=[Scope.AI_TRAINING])
    assert [d.id for d in outcome.withdrawn_from] == [report.delivery_id]

    (outdated,) = outdated_deliveries(ledger, ledger.take(takes[0]).session_id)
    assert outdated.delivery.id == report.delivery_id and outdated.take_ids == (takes[0],)
    history = {d.id: d for d in ledger.decision_history(takes[0])}
    (carried,) = outdated.superseded[takes[0]]
    assert any(d.supersedes == carried for d in history.values()), "the ledger links the revocation"

    db = str(ledger.path)
    assert main(["reexport", "--db", db, "--list", ledger.take(takes[0]).session_id]) == 0
    assert f"delivery {report.delivery_id[:8]}" in capsys.readouterr().out
    fix = str(tmp_path / "fix")
    assert main(["reexport", "--db", db, "--delivery", report.delivery_id, "--to", fix]) == 0
    corrected = sorted((tmp_path / "fix").glob("*.wav"))
    assert len(corrected) == 1
    old = verify_file(report.folder / report.takes[0].file_name, require=Scope.AI_TRAINING)
    new = verify_file(corrected[0], require=Scope.AI_TRAINING)
    assert old.valid and old.authorizes_required is True, "the old copy still says what it said, signed"
    assert new.valid and new.authorizes_required is False
    assert new.record.take_id == old.record.take_id == takes[0]



def test_delivery_with_unchanged_decisions_is_not_outdated_and_not_reexported(delivery, ledger, tmp_path):
    report, _, takes = delivery
    assert outdated_deliveries(ledger, ledger.take(takes[0]).session_id) == []
    with pytest.raises(ExportError, match="no decision it carried has changed"):
        reexport_delivery(ledger, report.delivery_id, tmp_path / "fix")
    assert not (tmp_path / "fix").exists()


def test_export_without_signing_writes_tags_only(ledger, tmp_path):
    session = ledger.create_session("Unsigned", contract_status="none")
    actor = ledger.add_actor(session.id, "Ann Lee")
    take = import_take(ledger, session.id, FIXTURE_WAVS[0], [actor.id])
    apply_session_default(ledger, session.id)
    report = export_takes(ledger, [take.id], tmp_path / "plain", ExportOptions(sign=False))
    assert report.extra_files == () and report.takes[0].manifest_label is None
    assert verify_file(report.folder / report.takes[0].file_name).record is None


def test_each_delivered_file_round_trips_through_c2pa_reader_to_the_ledgers_record(delivery, ledger):
    """The whole file through c2pa-python's own Reader: signature and data hash valid, and the signed
    record is the one the ledger stored for this delivery, with the decisions in force for the take."""
    report, _, takes = delivery
    (stored,) = [d for d in ledger.deliveries(ledger.take(takes[0]).session_id) if d.id == report.delivery_id]
    ledger_records = {item.take_id: json.loads(item.record_json) for item in stored.items}
    for take in report.takes:
        with c2pa.Reader(str(report.folder / take.file_name)) as reader:
            results = reader.get_validation_results()["activeManifest"]
            manifest = reader.get_active_manifest()
        successes = {s["code"] for s in results["success"]}
        assert {"claimSignature.validated", "assertion.dataHash.match"} <= successes
        assert [f["code"] for f in results["failure"]] == ["signingCredential.untrusted"]
        signed = {a["label"]: a["data"] for a in manifest["assertions"]}[CONSENT_RECORD_LABEL]
        assert signed == ledger_records[take.take_id]
        in_force = ledger.consent_record(take.take_id)
        assert {d.decision_id for a in in_force.actors for d in a.decisions} == {
            d["decision_id"] for a in signed["actors"] for d in a["decisions"]
        }


def test_manifest_lists_the_proof_files_and_is_signed_for_openssl_and_verify(delivery):
    report, _, _ = delivery
    folder = report.folder
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {f["file_name"]: f["sha256"] for f in manifest["files"]} == {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in ("certificate.pdf", "studio-root.pem")
    }
    openssl = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", folder / "manifest.json.p7s",
         "-content", folder / "manifest.json", "-CAfile", folder / "studio-root.pem", "-purpose", "any",
         "-out", "/dev/null"],
        capture_output=True, text=True,
    )
    assert openssl.returncode == 0, openssl.stderr
    root = str(folder / "studio-root.pem")
    assert main(["verify", "--manifest", str(folder / "manifest.json"), "--trust", root]) == 0


@pytest.mark.parametrize("altered", ["manifest.json", "certificate.pdf", "manifest.json.p7s"])
def test_verify_manifest_fails_on_any_altered_delivery_file(delivery, altered, capsys):
    report, _, _ = delivery
    folder = report.folder
    path = folder / altered
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    root = str(folder / "studio-root.pem")
    assert main(["verify", "--manifest", str(folder / "manifest.json"), "--trust", root]) == 1
    named = "certificate.pdf" if altered == "certificate.pdf" else "manifest.json"
    assert named in capsys.readouterr().err


def test_verify_manifest_refuses_a_signer_outside_the_trusted_root(delivery, tmp_path, capsys):
    report, _, _ = delivery
    other = tmp_path / "other-root.pem"
    other.write_bytes(create_identity("Someone else").root_pem)
    assert main(["verify", "--manifest", str(report.folder / "manifest.json"), "--trust", str(other)]) == 1
    assert "does not chain up to the trusted root" in capsys.readouterr().err


def test_verify_manifest_says_an_unsigned_manifest_is_unsigned(delivery, capsys):
    report, _, _ = delivery
    (report.folder / "manifest.json.p7s").unlink()
    assert main(["verify", "--manifest", str(report.folder / "manifest.json")]) == 1
    assert "the manifest is not signed" in capsys.readouterr().err
