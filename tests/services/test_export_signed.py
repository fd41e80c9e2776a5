"""The proof hook of the export: the studio's Content Credentials signer plugged into a delivery."""

from __future__ import annotations

from pathlib import Path

from studio_app.core.model import Studio
from studio_app.proof.credentials import CredentialSigner
from studio_app.proof.identity import load_or_create_identity
from studio_app.proof.verify import verify_file
from studio_app.services.export import ExportOptions, export_takes
from studio_app.services.ledger import Ledger
from studio_app.services.ledger.decisions import apply_session_default
from studio_app.services.ledger.intake import import_take


def _root_certificate(identity):
    def write(staging, report) -> list[Path]:
        return [staging.write("studio-root.pem", identity.root_pem)]

    return write


def test_signed_delivery_verifies_against_the_studio_root_it_carries(tmp_path, fixture_wavs):
    identity = load_or_create_identity(Studio("星光录音棚"))
    with Ledger.open(tmp_path / "ledger.sqlite3") as ledger:
        session = ledger.create_session("第一集", contract_status="no_ai_clause")
        actor = ledger.add_actor(session.id, "张伟")
        takes = [import_take(ledger, session.id, p, [actor.id]).id for p in fixture_wavs[:2]]
        apply_session_default(ledger, session.id)
        options = ExportOptions(signer=CredentialSigner(identity), delivery_files=_root_certificate(identity))
        report = export_takes(ledger, takes, tmp_path / "out", options)
    root = report.extra_files[0].read_bytes()
    for take in report.takes:
        verdict = verify_file(report.folder / take.file_name, trust_pem=root)
        assert verdict.valid, verdict.problems
        assert verdict.trusted
        assert verdict.record.to_json() == take.record.to_json()
