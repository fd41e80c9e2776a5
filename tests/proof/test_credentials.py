"""Signed exports read back through c2pa-python's own Reader and through the everyday audio tools."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import c2pa
import numpy as np
import pytest
import soundfile

from studio_app.core.ai_signals import training_mining_entries
from studio_app.core.scopes import Permission, Scope
from studio_app.proof.credentials import (
    ACTIONS_LABEL,
    CONSENT_RECORD_LABEL,
    DIGITAL_CAPTURE,
    TRAINING_MINING_LABEL,
    CredentialSigner,
    write_signed,
)
from studio_app.proof.errors import ProofError
from studio_app.proof.identity import load_or_create_identity
from studio_app.wav.reader import audio_sha256, read_wav
from studio_app.wav.tagging import write_tagged
from tests.conftest import FIXTURE_WAVS
from tests.proof.conftest import actor, consent_record
from tests.wav.conftest import ffmpeg_md5, ffmpeg_wav


def _validation(path):
    with c2pa.Reader(str(path)) as reader:
        results = reader.get_validation_results()["activeManifest"]
        return reader.get_active_manifest(), {s["code"] for s in results["success"]}, results["failure"]


def test_signed_take_validates_in_c2pa_reader_with_our_record_as_assertion(signed):
    manifest, successes, failures = _validation(signed.path)
    assert {"claimSignature.validated", "assertion.dataHash.match"} <= successes
    assert [f["code"] for f in failures] == ["signingCredential.untrusted"]
    assertions = {a["label"]: a["data"] for a in manifest["assertions"]}
    assert assertions[CONSENT_RECORD_LABEL] == json.loads(signed.record.to_json())
    assert assertions[CONSENT_RECORD_LABEL]["audio_sha256"] == audio_sha256(signed.path)


def test_manifest_declares_capture_and_the_training_mining_terms(signed):
    manifest, _, _ = _validation(signed.path)
    assertions = {a["label"]: a["data"] for a in manifest["assertions"]}
    assert manifest["label"] == signed.signed.manifest_label
    actions = next(data for label, data in assertions.items() if label.startswith(ACTIONS_LABEL))
    created = actions["actions"][0]
    assert (created["action"], created["digitalSourceType"]) == ("c2pa.created", DIGITAL_CAPTURE)
    entries = assertions[TRAINING_MINING_LABEL]["entries"]
    assert entries == training_mining_entries(signed.record, date(2026, 11, 25))
    assert entries["cawg.ai_training"] == {"use": "allowed"}
    assert entries["cawg.ai_generative_training"] == {
        "use": "notAllowed",
        "constraint_info": "ai_generation: not authorized (Ann Lee)\nvoice_cloning: not authorized (Ann Lee)",
    }
    assert entries["cawg.ai_inference"]["use"] == "notAllowed"
    assert entries["cawg.data_mining"] == {
        "use": "constrained",
        "constraint_info": "ai_research: Ann Lee: internal prototypes only; until 2030-01-01",
    }
    assert entries["org.consentslate.ai_research"] == entries["cawg.data_mining"]
    assert entries["org.consentslate.voice_cloning"]["use"] == "notAllowed"


def test_training_mining_key_follows_its_most_restrictive_actor():
    open_actor = actor("A", {s: Permission.AUTHORIZED for s in Scope})
    conditional = actor("B", {s: Permission.AUTHORIZED_WITH_CONDITIONS for s in Scope}, expires="2031-01-01")
    on = date(2026, 11, 25)
    assert {e["use"] for e in training_mining_entries(consent_record("T", open_actor), on).values()} == {
        "allowed"
    }
    mixed = training_mining_entries(consent_record("T", open_actor, conditional), on)
    assert {e["use"] for e in mixed.values()} == {"constrained"}
    expired = training_mining_entries(consent_record("T", open_actor, conditional), date(2031, 1, 1))
    assert {e["use"] for e in expired.values()} == {"notAllowed"}


@pytest.mark.parametrize("source", FIXTURE_WAVS, ids=lambda p: p.name)
def test_every_recorder_file_signs_and_still_reads_everywhere_with_identical_audio(source, tmp_path):
    """c2pa, libsndfile, ffmpeg, exiftool and MediaInfo on the signed copy of every fixture."""
    signer = CredentialSigner(load_or_create_identity())
    record = consent_record("T-fixture")
    destination = tmp_path / source.name
    write_signed(source, destination, record, signer)
    _, successes, _ = _validation(destination)
    assert {"claimSignature.validated", "assertion.dataHash.match"} <= successes
    assert audio_sha256(destination) == audio_sha256(source)
    assert read_wav(destination).chunks[-1].id == "C2PA"
    before, rate = soundfile.read(source, dtype="float64", always_2d=True)
    after, rate_after = soundfile.read(destination, dtype="float64", always_2d=True)
    assert rate == rate_after and np.array_equal(before, after)
    assert ffmpeg_md5(destination) == ffmpeg_md5(source)
    exif = json.loads(subprocess.run(["exiftool", "-j", destination], capture_output=True, text=True,
                                     check=True).stdout)[0]
    assert "Error" not in exif and "Warning" not in exif
    tracks = json.loads(subprocess.run(["mediainfo", "--Output=JSON", str(destination)], capture_output=True,
                                       text=True, check=True).stdout)["media"]["track"]
    assert int(next(t for t in tracks if t["@type"] == "Audio")["SamplingRate"]) == rate


def test_signed_take_still_reads_in_libsndfile_ffprobe_exiftool_and_mediainfo(signed, tmp_path):
    source = tmp_path / "source-take-1.wav"
    samples, rate = soundfile.read(signed.path, dtype="int32")
    original, original_rate = soundfile.read(source, dtype="int32")
    assert rate == original_rate and np.array_equal(samples, original)

    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(signed.path)],
        capture_output=True, text=True, check=True,
    )
    stream = json.loads(probe.stdout)["streams"][0]
    assert (stream["codec_name"], stream["sample_rate"]) == ("pcm_s24le", "48000")

    exiftool = subprocess.run(["exiftool", "-j", signed.path], capture_output=True, text=True, check=True)
    exif = json.loads(exiftool.stdout)[0]
    assert "Error" not in exif and "Warning" not in exif
    assert exif["SampleRate"] == 48000

    info = subprocess.run(
        ["mediainfo", "--Output=JSON", str(signed.path)], capture_output=True, text=True, check=True
    )
    tracks = json.loads(info.stdout)["media"]["track"]
    audio = next(t for t in tracks if t["@type"] == "Audio")
    assert audio["SamplingRate"] == "48000" and audio["BitDepth"] == "24"


def test_failed_signing_leaves_nothing_at_the_destination(tmp_path):
    signer = CredentialSigner(load_or_create_identity())
    record = consent_record("T-broken")
    pending = signer.prepare(record, "out.wav")
    with pytest.raises(ProofError, match="reserved"):
        # One byte short of the placeholder: the signer must refuse rather than patch a wrong chunk.
        write_tagged(
            FIXTURE_WAVS[0], tmp_path / "out.wav", record,
            reserve_trailing=pending.chunk_size - 1, finalize=pending.finalize,
        )
    assert list(tmp_path.iterdir()) == []


def test_small_rf64_take_is_signed_as_riff_with_identical_audio(tmp_path):
    source = ffmpeg_wav(tmp_path / "long.wav", "-c:a", "pcm_s24le", "-rf64", "always")
    assert read_wav(source).form == "RF64"
    signer = CredentialSigner(load_or_create_identity())
    signed = write_signed(source, tmp_path / "signed.wav", consent_record("T-rf64"), signer)
    written = read_wav(signed.tagged.destination)
    assert written.form == "RIFF"
    assert audio_sha256(written.path) == audio_sha256(source)
    _, successes, failures = _validation(written.path)
    assert {"claimSignature.validated", "assertion.dataHash.match"} <= successes
    assert [f["code"] for f in failures] == ["signingCredential.untrusted"]


def test_credentials_in_an_rf64_result_are_refused_and_nothing_written(tmp_path):
    source = ffmpeg_wav(tmp_path / "long.wav", "-c:a", "pcm_s24le", "-rf64", "always")
    signer = CredentialSigner(load_or_create_identity())
    record = consent_record("T-rf64")
    pending = signer.prepare(record, "long.wav")
    (tmp_path / "out").mkdir()
    with pytest.raises(ProofError, match="cannot be verified in an RF64 file"):
        write_tagged(
            source, tmp_path / "out" / "long.wav", record,
            reserve_trailing=pending.chunk_size, finalize=pending.finalize,
        )
    assert list((tmp_path / "out").iterdir()) == []


def test_signing_uses_the_writers_hash_and_reads_the_file_no_second_time(tmp_path, monkeypatch):
    """The data hash comes from `write_tagged` (computed while writing): no pass over the file at
    signing time, and the credentials still validate."""
    import studio_app.proof.credentials as credentials

    def no_second_pass(*args, **kwargs):
        raise AssertionError("the file was hashed again at signing time")

    monkeypatch.setattr(credentials, "hash_range", no_second_pass)
    record = consent_record("T-one-pass")
    signer = CredentialSigner(load_or_create_identity())
    signed = write_signed(FIXTURE_WAVS[0], tmp_path / "signed.wav", record, signer)
    assert signed.tagged.layout.prefix_sha256 is not None
    _, successes, failures = _validation(signed.tagged.destination)
    assert {"claimSignature.validated", "assertion.dataHash.match"} <= successes
    assert [f["code"] for f in failures] == ["signingCredential.untrusted"]
