"""RFC 3161 time-stamps on the C2PA signature, against a real time-stamp authority run here: `openssl
ts -reply` behind a small HTTP server on 127.0.0.1, with its own key and a certificate whose
extendedKeyUsage is timeStamping (critical), issued by a test CA; all made by openssl for the test."""

from __future__ import annotations

import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import c2pa
import pytest

from studio_app.cli import main
from studio_app.proof.credentials import CredentialSigner, write_signed
from studio_app.proof.errors import ProofError
from studio_app.proof.identity import load_or_create_identity
from studio_app.services.ledger import Ledger
from studio_app.services.ledger.decisions import apply_session_default
from studio_app.services.ledger.intake import import_take
from tests.conftest import FIXTURE_WAVS
from tests.proof.conftest import consent_record

TSA_CONFIG = """
[ tsa ]
default_tsa = local
[ local ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
signer_key = $dir/tsa.key
certs = $dir/ca.pem
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def tsa_url(tmp_path):
    """A running time-stamp authority; its URL. Every request is answered by `openssl ts -reply`."""
    folder = tmp_path / "tsa"
    folder.mkdir()
    for key in ("ca.key", "tsa.key"):
        _openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key, cwd=folder)
    _openssl("req", "-new", "-x509", "-key", "ca.key", "-out", "ca.pem", "-days", "30",
             "-subj", "/CN=Test TSA CA", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign", cwd=folder)
    _openssl("req", "-new", "-key", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=Test TSA", cwd=folder)
    (folder / "tsa.ext").write_text(
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
        "extendedKeyUsage=critical,timeStamping\n"
    )
    _openssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-days", "30", "-extfile", "tsa.ext", "-out", "tsa.pem", cwd=folder)
    (folder / "serial").write_text("01\n")
    (folder / "tsa.cnf").write_text(TSA_CONFIG.format(dir=folder))
    answered: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            query = folder / f"q{len(answered)}.tsq"
            query.write_bytes(self.rfile.read(int(self.headers["Content-Length"])))
            reply = folder / f"r{len(answered)}.tsr"
            _openssl("ts", "-reply", "-config", "tsa.cnf", "-queryfile", query.name, "-out", reply.name,
                     cwd=folder)
            answered.append(1)
            body = reply.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    assert answered, "the time-stamp authority was never asked"


def _time_stamp_codes(path: Path) -> set[str]:
    with c2pa.Reader(str(path)) as reader:
        results = reader.get_validation_results()["activeManifest"]
    return {s["code"] for s in results["success"] if s["code"].startswith("timeStamp.")}


def test_a_signature_time_stamped_by_a_real_tsa_validates_with_its_time_stamp(tsa_url, tmp_path):
    signer = CredentialSigner(load_or_create_identity(), tsa_url)
    signed = write_signed(FIXTURE_WAVS[0], tmp_path / "stamped.wav", consent_record("T"), signer)
    assert "timeStamp.validated" in _time_stamp_codes(signed.tagged.destination)
    plain = write_signed(FIXTURE_WAVS[0], tmp_path / "plain.wav", consent_record("T"),
                         CredentialSigner(load_or_create_identity()))
    assert _time_stamp_codes(plain.tagged.destination) == set()


def test_cli_export_time_stamps_with_tsa_url_and_warns_once_without(tsa_url, tmp_path, capsys):
    db = tmp_path / "ledger.sqlite3"
    with Ledger.open(db) as ledger:
        session = ledger.create_session("S", studio="Studio Nord", contract_status="none")
        performer = ledger.add_actor(session.id, "林小雨")
        for source in FIXTURE_WAVS[:2]:
            import_take(ledger, session.id, source, [performer.id])
        apply_session_default(ledger, session.id)
    base = ["export", "--db", str(db), "--session", session.id]
    assert main([*base, "--to", str(tmp_path / "stamped"), "--tsa-url", tsa_url]) == 0
    assert "time-stamp" not in capsys.readouterr().err
    manifest = json.loads((tmp_path / "stamped" / "manifest.json").read_text(encoding="utf-8"))
    for row in manifest["takes"]:
        assert "timeStamp.validated" in _time_stamp_codes(tmp_path / "stamped" / row["file_name"])
    assert main([*base, "--to", str(tmp_path / "plain")]) == 0
    assert capsys.readouterr().err.count("signatures expire with the studio's signing certificate") == 1


def test_an_unreachable_tsa_fails_the_signing_and_writes_nothing(tmp_path):
    (tmp_path / "out").mkdir()
    signer = CredentialSigner(load_or_create_identity(), "http://127.0.0.1:9/")  # discard port: refused
    with pytest.raises(ProofError, match="signing the Content Credentials failed"):
        write_signed(FIXTURE_WAVS[0], tmp_path / "out" / "take.wav", consent_record("T"), signer)
    assert list((tmp_path / "out").iterdir()) == []
