"""The studio is named once (`consent-slate studio set`) and the name, address and contact reach the
signing certificate made afterwards, every record, certificate.pdf and the manifests."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pytest
from cryptography.x509.oid import NameOID

from studio_app.appdirs import keys_dir
from studio_app.cli import main
from studio_app.core.model import Studio
from studio_app.proof.identity import create_identity, load_identity
from studio_app.proof.studio import load_studio
from studio_app.services.export import ExportOptions, export_takes
from studio_app.services.ledger import Ledger
from studio_app.services.ledger.decisions import apply_session_default
from studio_app.services.ledger.intake import import_take
from tests.conftest import FIXTURE_WAVS, PROJECT_ROOT

NAME = "星光录音棚 Starlight Studio"
ADDRESS = "北京市朝阳区建国路 1 号 Beijing"
CONTACT = "rec@starlight.example"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "studio_app", *args], cwd=PROJECT_ROOT, capture_output=True, text=True,
        env={**os.environ},
    )


def _export(tmp_path, session_studio: str = ""):
    with Ledger.open(tmp_path / "ledger.sqlite3") as ledger:
        session = ledger.create_session("第一集", contract_status="no_ai_clause", studio=session_studio)
        actor = ledger.add_actor(session.id, "张伟")
        take = import_take(ledger, session.id, FIXTURE_WAVS[0], [actor.id])
        apply_session_default(ledger, session.id)
        return export_takes(ledger, [take.id], tmp_path / "out", ExportOptions(recipient="Blue Crane"))


def test_the_named_studio_reaches_the_certificate_subject_records_pdf_and_manifests(tmp_path, capsys):
    named = _cli("studio", "set", "--name", NAME, "--address", ADDRESS, "--contact", CONTACT)
    assert named.returncode == 0, named.stderr
    assert load_studio() == Studio(NAME, ADDRESS, CONTACT)

    report = _export(tmp_path)

    subject = load_identity(keys_dir()).signing_certificate.subject.rfc4514_string()
    assert f"O={NAME}" in subject and f"STREET={ADDRESS}" in subject and CONTACT in subject
    wav = report.folder / report.takes[0].file_name
    assert main(["verify", "--json", str(wav)]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    record = result["record"]
    assert (record["studio"], record["studio_address"], record["studio_contact"]) == (NAME, ADDRESS, CONTACT)
    assert NAME in result["signer"]
    pdf = report.folder / "certificate.pdf"
    text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
    for value in (NAME, ADDRESS, CONTACT):
        assert "".join(value.split()) in "".join(text.split()), value
    manifest = json.loads(report.manifest_json.read_text(encoding="utf-8"))
    assert [manifest[f"studio{key}"] for key in ("", "_address", "_contact")] == [NAME, ADDRESS, CONTACT]
    with open(report.manifest_csv, encoding="utf-8-sig", newline="") as f:
        assert [row["studio"] for row in csv.DictReader(f)] == [NAME]

    shown = _cli("identity", "show")
    assert f"studio: {NAME}\n  address: {ADDRESS}\n  contact: {CONTACT}\n" in shown.stdout


def test_a_session_studio_overrides_the_name_and_the_studio_needs_a_name_first(tmp_path, capsys):
    unnamed = _cli("studio", "set", "--address", ADDRESS)
    assert unnamed.returncode == 2 and "needs a name" in unnamed.stderr
    assert _cli("studio", "set", "--name", NAME).returncode == 0
    assert _cli("studio", "set", "--contact", CONTACT).returncode == 0
    assert load_studio() == Studio(NAME, "", CONTACT)

    report = _export(tmp_path, session_studio="Studio B (hired room)")
    assert main(["verify", "--json", str(report.folder / report.takes[0].file_name)]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    record = result["record"]
    assert (record["studio"], record["studio_contact"]) == ("Studio B (hired room)", CONTACT)


def test_a_certificate_made_before_the_studio_was_named_keeps_its_subject_and_says_so(tmp_path):
    assert _cli("identity", "show").returncode == 0
    renamed = _cli("studio", "set", "--name", NAME)
    assert renamed.returncode == 0
    assert "the existing signing certificate keeps its subject (" in renamed.stderr
    assert NAME not in load_identity(keys_dir()).subject


LONG_NAMES = [
    "Very Long Studio Name for Audiobooks, Games and Dubbing International Ltd.",
    "北京星光国际配音录音制作有限公司第二录音棚",
]


@pytest.mark.parametrize("long_name", LONG_NAMES)
def test_a_long_studio_name_is_cut_in_the_common_name_and_kept_whole_in_the_organization(long_name):
    identity = create_identity(Studio(long_name, contact="+86 10 1234 5678"))
    for certificate, role in ((identity.signing_certificate, "signing"), (identity.root_certificate, "root")):
        (organization,) = certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
        (common,) = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        assert organization.value == long_name
        assert len(common.value.encode()) <= 64 and common.value.endswith(f" — Consent Slate {role}")
        assert long_name.startswith(common.value.removesuffix(f" — Consent Slate {role}"))
    assert "+86 10 1234 5678" in identity.subject
