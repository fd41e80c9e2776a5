"""`verify` as a recipient runs it: a good delivery passes, any edit or transplant is caught, trust and
--require change the exit code as documented."""

from __future__ import annotations

import importlib.util
import json
import shutil
from datetime import date

import c2pa
import pytest

from studio_app.appdirs import keys_dir
from studio_app.cli import main
from studio_app.core.model import Studio
from studio_app.core.scopes import Permission, Scope
from studio_app.proof.identity import create_identity
from studio_app.proof.verify import verify_file
from studio_app.wav.reader import read_wav
from tests.conftest import PROJECT_ROOT
from tests.proof.conftest import (
    actor,
    consent_record,
    payload,
    rewrite_chunks,
    run_with_peak_rss,
    sign_take,
)
from tests.wav.conftest import chunk, riff


def _root():
    return (keys_dir() / "c2pa-root.pem").read_bytes()


def test_untouched_delivery_is_valid_with_todays_permissions(signed):
    verdict = verify_file(signed.path)
    assert verdict.problems == []
    assert verdict.record.take_id == "T-1"
    assert verdict.permissions[Scope.AI_TRAINING] is Permission.AUTHORIZED
    assert verdict.permissions[Scope.VOICE_CLONING] is Permission.NOT_AUTHORIZED
    assert verdict.manifest_label == signed.signed.manifest_label


def test_one_changed_audio_byte_is_detected(signed, tmp_path):
    altered = tmp_path / "altered.wav"
    shutil.copy(signed.path, altered)
    data = read_wav(altered).data
    with open(altered, "r+b") as f:
        f.seek(data.data_offset + data.size // 2)
        byte = f.read(1)
        f.seek(-1, 1)
        f.write(bytes([byte[0] ^ 0x01]))
    problems = " ".join(verify_file(altered).problems)
    assert "assertion.dataHash.mismatch" in problems
    assert "audio SHA-256" in problems


def test_hand_edited_ixml_record_is_detected(signed, tmp_path):
    ixml = payload(signed.path, "iXML")
    edited = ixml.replace(b'"permission":"not_authorized"', b'"permission":"authorized"', 1)
    assert edited != ixml
    altered = rewrite_chunks(signed.path, tmp_path / "ixml.wav", {"iXML": edited})
    problems = " ".join(verify_file(altered).problems)
    assert "dataHash.mismatch" in problems and "iXML record differs" in problems


def test_hand_edited_ixml_summary_is_detected_by_the_data_hash(signed, tmp_path):
    ixml = payload(signed.path, "iXML")
    edited = ixml.replace(b"<VOICE_CLONING>not_authorized<", b"<VOICE_CLONING>authorized<", 1)
    assert edited != ixml
    altered = rewrite_chunks(signed.path, tmp_path / "ixml.wav", {"iXML": edited})
    assert any("dataHash.mismatch" in p for p in verify_file(altered).problems)


def test_edited_xmp_data_mining_is_detected(signed, tmp_path):
    xmp = payload(signed.path, "_PMX")
    edited = xmp.replace(b"DMI-PROHIBITED-SEECONSTRAINT", b"DMI-ALLOWED", 1)
    assert edited != xmp
    altered = rewrite_chunks(signed.path, tmp_path / "xmp.wav", {"_PMX": edited})
    problems = " ".join(verify_file(altered).problems)
    assert "dataHash.mismatch" in problems and "plus:DataMining" in problems


def test_record_transplanted_from_another_take_is_detected(signed, tmp_path):
    generous = actor("Bo", {s: Permission.AUTHORIZED for s in Scope})
    other = sign_take(tmp_path, "take-2.wav", consent_record("T-2", generous), tone=660)
    transplant = {cid: payload(other.path, cid) for cid in ("iXML", "_PMX", "C2PA")}
    altered = rewrite_chunks(signed.path, tmp_path / "transplant.wav", transplant)
    verdict = verify_file(altered)
    assert not verdict.valid
    problems = " ".join(verdict.problems)
    assert "audio SHA-256" in problems and "dataHash.mismatch" in problems


def test_removed_c2pa_chunk_is_detected(signed, tmp_path):
    altered = rewrite_chunks(signed.path, tmp_path / "stripped.wav", {"C2PA": None})
    verdict = verify_file(altered)
    assert verdict.record is None
    assert any("no readable Content Credentials" in p for p in verdict.problems)


def test_trust_in_the_studio_root_makes_the_signer_trusted(signed):
    verdict = verify_file(signed.path, trust_pem=_root())
    assert verdict.valid and verdict.trusted is True


def test_trust_in_another_root_makes_the_file_invalid(signed):
    verdict = verify_file(signed.path, trust_pem=create_identity(Studio("Someone else")).root_pem)
    assert verdict.trusted is False
    assert any("signingCredential.untrusted" in p for p in verdict.problems)


def test_condition_past_its_expiry_counts_as_not_authorized_today(signed):
    verdict = verify_file(signed.path, on=date(2030, 1, 1), require=Scope.AI_RESEARCH)
    assert verdict.valid
    assert verdict.permissions[Scope.AI_RESEARCH] is Permission.NOT_AUTHORIZED
    assert verdict.authorizes_required is False
    assert any("expired on 2030-01-01" in n for n in verdict.notes)


def test_cli_exit_codes_follow_validity_then_required_scope(signed, tmp_path, capsys):
    root = tmp_path / "studio-root.pem"
    root.write_bytes(_root())
    assert main(["verify", str(signed.path), "--trust", str(root), "--require", "ai_training"]) == 0
    assert capsys.readouterr().out.startswith("OK ")
    assert main(["verify", str(signed.path), "--require", "voice_cloning"]) == 4
    assert capsys.readouterr().out.startswith("NOT AUTHORIZED ")
    stripped = rewrite_chunks(signed.path, tmp_path / "stripped.wav", {"C2PA": None})
    assert main(["verify", str(signed.path), str(stripped), "--require", "voice_cloning"]) == 1
    reports = [block.splitlines()[0] for block in capsys.readouterr().out.split("\n\n")]
    assert reports == [f"NOT AUTHORIZED {signed.path}", f"INVALID {stripped}"]


def test_cli_json_gives_full_detail_per_file(signed, capsys):
    assert main(["verify", "--json", str(signed.path)]) == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["valid"] and entry["take_id"] == "T-1"
    assert entry["permissions"]["ai_research"] == "authorized_with_conditions"
    assert entry["record"]["actors"][0]["name"] == "Ann Lee"


@pytest.mark.parametrize("content", [b"", b"RIFF\x04\x00\x00\x00WAVE", b"not a wav at all"])
def test_unreadable_file_is_invalid_with_its_reason(tmp_path, content, capsys):
    bad = tmp_path / "bad.wav"
    bad.write_bytes(content)
    assert main(["verify", str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"INVALID {bad}" and lines[1].startswith("  not a readable WAV")


def _library_data_hash_matches(path) -> bool:
    """c2pa-python's own verdict on the data hash, with the whole file given to its Reader."""
    with c2pa.Reader(str(path)) as reader:
        results = reader.get_validation_results()["activeManifest"]
    codes = {s["code"] for s in results["success"]} | {"!" + f["code"] for f in results["failure"]}
    return "assertion.dataHash.match" in codes and "!assertion.dataHash.mismatch" not in codes


def _flip_audio_byte(path):
    data = read_wav(path).data
    with open(path, "r+b") as f:
        f.seek(data.data_offset + 7)
        byte = f.read(1)
        f.seek(-1, 1)
        f.write(bytes([byte[0] ^ 0x80]))
    return path


def _edits(signed, tmp_path):
    """Valid and altered copies of one signed take, each a different way to break the data hash."""
    store = payload(signed.path, "C2PA")
    other_store = payload(sign_take(tmp_path, "other.wav", consent_record("T-2"), tone=660).path, "C2PA")
    ixml = payload(signed.path, "iXML").replace(b"<TAKE_ID>T-1<", b"<TAKE_ID>T-9<", 1)
    files = {
        "untouched": shutil.copy(signed.path, tmp_path / "untouched.wav"),
        "audio byte": _flip_audio_byte(shutil.copy(signed.path, tmp_path / "byte.wav")),
        "ixml text": rewrite_chunks(signed.path, tmp_path / "ixml.wav", {"iXML": ixml}),
        "other take's store": rewrite_chunks(signed.path, tmp_path / "swap.wav", {"C2PA": other_store}),
        "store moved first": _with_chunks(signed.path, tmp_path / "moved.wav", first=[(b"C2PA", store)]),
        "second store": _with_chunks(signed.path, tmp_path / "twice.wav", last=[(b"C2PA", store)]),
    }
    appended = shutil.copy(signed.path, tmp_path / "appended.wav")
    with open(appended, "ab") as f:
        f.write(b"TAG" + bytes(125))
    files["bytes after the form"] = appended
    return files


def _with_chunks(source, destination, first=(), last=()):
    """A copy with extra chunks before `fmt ` and after everything, the original C2PA kept or moved."""
    wav = read_wav(source)
    with open(source, "rb") as f:
        body = []
        for c in wav.chunks:
            f.seek(c.data_offset)
            if not (first and c.id == "C2PA"):
                body.append(chunk(c.id.encode("latin-1"), f.read(c.size)))
    destination.write_bytes(riff(*(chunk(i, p) for i, p in first), *body, *(chunk(i, p) for i, p in last)))
    return destination


def test_data_hash_verdict_is_the_librarys_on_the_whole_file(signed, tmp_path):
    """verify checks the data hash itself (bounded memory); on every kind of edit it must agree with
    c2pa-python reading the whole file."""
    for name, path in _edits(signed, tmp_path).items():
        ours = not any("assertion.dataHash.mismatch" in p for p in verify_file(path).problems)
        assert ours == _library_data_hash_matches(path), name
        assert ours == (name == "untouched"), name


def test_store_without_its_file_is_not_taken_as_valid(signed, tmp_path):
    """The C2PA chunk alone in an otherwise different file: signature fine, data hash not."""
    other = sign_take(tmp_path, "other.wav", consent_record("T-2"), tone=660)
    forged = rewrite_chunks(other.path, tmp_path / "forged.wav", {"C2PA": payload(signed.path, "C2PA")})
    verdict = verify_file(forged)
    assert not verdict.valid and verdict.record.take_id == "T-1"
    assert any(p.startswith("C2PA assertion.dataHash.mismatch") for p in verdict.problems)
    assert not any("claimSignature" in p for p in verdict.problems)


SIGN_IN_CHILD = """
import sys
from studio_app.proof.credentials import CredentialSigner, write_signed
from studio_app.proof.identity import load_or_create_identity
from tests.proof.conftest import consent_record
write_signed(sys.argv[1], sys.argv[2], consent_record("T-long"), CredentialSigner(load_or_create_identity()))
"""
VERIFY_IN_CHILD = """
import sys
from studio_app.cli import main
sys.exit(main(["verify", *sys.argv[1:]]))
"""


@pytest.mark.slow
def test_signing_and_verifying_a_take_past_the_librarys_hash_buffers_stay_under_150_mib(tmp_path):
    """A 600 MiB take, signed then verified, each in its own process. Builder.sign_file would hold the
    whole file; c2pa's Reader given the file hashes it through two 256 MiB buffers (430-580 MiB peak
    for 1 GiB): neither may be what runs."""
    spec = importlib.util.spec_from_file_location("bench_sign", PROJECT_ROOT / "benchmarks" / "bench_sign.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    source, signed = tmp_path / "long.wav", tmp_path / "signed.wav"
    bench.make_take(source, 600 << 20)
    run, peak = run_with_peak_rss(SIGN_IN_CHILD, str(source), str(signed))
    assert run.returncode == 0, run.stderr
    assert peak < 150 << 20, f"signing: peak RSS {peak >> 20} MiB"
    run, peak = run_with_peak_rss(VERIFY_IN_CHILD, str(signed))
    assert run.returncode == 0 and run.stdout.startswith("OK "), run.stdout + run.stderr
    assert peak < 150 << 20, f"verify: peak RSS {peak >> 20} MiB"


def test_an_oversized_c2pa_chunk_is_refused_unread(signed, tmp_path):
    bloated = rewrite_chunks(signed.path, tmp_path / "bloated.wav", {"C2PA": bytes((16 << 20) + 1)})
    (problem,) = verify_file(bloated).problems
    assert problem.endswith("has 16777217 bytes, more than the 16 MiB a manifest store may have here")


def test_unreadable_trust_file_is_a_usage_error(signed, tmp_path, capsys):
    missing = tmp_path / "nowhere.pem"
    assert main(["verify", str(signed.path), "--trust", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"{missing}: cannot read the trusted root: No such file or directory\n"


def test_a_trusted_root_with_text_around_it_is_used(signed, tmp_path, capsys):
    """A note in Chinese, or `openssl x509 -text` output, before the certificate is not part of it."""
    root = tmp_path / "studio-root.pem"
    root.write_bytes("录音棚 Nord 的根证书\n".encode() + _root() + "（交付时附上）\n".encode())
    assert main(["verify", str(signed.path), "--trust", str(root)]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("OK ") and "\n  signer trusted: " in captured.out and captured.err == ""


@pytest.mark.parametrize("content", [b"\xff\xfe not text", b"hello\n"], ids=["binary", "text"])
def test_trust_file_that_is_not_a_certificate_is_a_usage_error(signed, tmp_path, capsys, content):
    bad = tmp_path / "root.pem"
    bad.write_bytes(content)
    assert main(["verify", str(signed.path), "--trust", str(bad)]) == 2
    reason = "not a PEM certificate (the delivery's studio-root.pem is one)"
    assert capsys.readouterr().err == f"{bad}: {reason}\n"
