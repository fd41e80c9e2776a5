"""Exporting a delivery: the gate first, every foreign chunk and audio byte kept, all or nothing."""

from __future__ import annotations

import csv
import hashlib
import json
import os

import numpy as np
import pytest
import soundfile

from studio_app.core.model import ActorConfirmation
from studio_app.core.scopes import ALL_SCOPES, Purpose
from studio_app.services.export import ExportError, ExportOptions, ExportRefused, export_takes
from studio_app.services.ledger import Ledger, new_confirmation_id
from studio_app.services.ledger.decisions import (
    apply_session_default,
    record_confirmation,
    record_restriction,
)
from studio_app.services.ledger.intake import import_take
from studio_app.wav.errors import Cancelled, WavError
from studio_app.wav.info import is_info_list
from studio_app.wav.reader import read_chunk, read_wav
from tests.conftest import grant

OURS = {"bext", "iXML", "_PMX", "C2PA"}


@pytest.fixture
def ledger(ledger_location):
    with Ledger.open(ledger_location) as opened:
        yield opened


@pytest.fixture
def session(ledger):
    return ledger.create_session("第一集", studio="星光录音棚", contract_status="none")


def _decided_takes(ledger, session, sources, actors=("张伟",)) -> list[str]:
    actor_ids = [ledger.add_actor(session.id, name).id for name in actors]
    take_ids = [import_take(ledger, session.id, source, actor_ids).id for source in sources]
    apply_session_default(ledger, session.id)
    return take_ids


def _foreign_chunks(path) -> list[tuple[str, bytes]]:
    """Every chunk the tagger does not own (not bext, iXML, _PMX, LIST/INFO, data), with its payload."""
    wav = read_wav(path)
    found = []
    for chunk in wav.chunks:
        if chunk.id in OURS or chunk.id == "data":
            continue
        payload = read_chunk(wav, chunk)
        if chunk.id == "LIST" and is_info_list(payload[:4]):
            continue
        found.append((chunk.id, payload))
    return found


def _audio(path) -> bytes:
    wav = read_wav(path)
    with open(path, "rb") as f:
        f.seek(wav.data.data_offset)
        return f.read(wav.data.size)


def test_export_of_real_world_files_keeps_every_foreign_chunk_and_audio_byte(
    ledger, session, tmp_path, fixture_wavs
):
    take_ids = _decided_takes(ledger, session, fixture_wavs)
    report = export_takes(ledger, take_ids, tmp_path / "out")
    assert len(report.takes) == len(fixture_wavs)
    for source, exported in zip(fixture_wavs, report.takes, strict=True):
        written = report.folder / exported.file_name
        assert _foreign_chunks(written) == _foreign_chunks(source), source.name
        assert _audio(written) == _audio(source), source.name
        assert exported.sha256 == hashlib.sha256(written.read_bytes()).hexdigest()


def test_exported_samples_decode_identically_with_libsndfile(ledger, session, tmp_path, fixture_wavs):
    readable = [p for p in fixture_wavs if soundfile.info(p).format == "WAV"][:4]
    report = export_takes(ledger, _decided_takes(ledger, session, readable), tmp_path / "out")
    for source, exported in zip(readable, report.takes, strict=True):
        original, rate = soundfile.read(source, dtype="int32", always_2d=True)
        copy, copy_rate = soundfile.read(report.folder / exported.file_name, dtype="int32", always_2d=True)
        assert rate == copy_rate
        assert np.array_equal(original, copy)


def test_export_refuses_pending_take_and_writes_nothing(ledger, session, tmp_path, fixture_wavs):
    decided = _decided_takes(ledger, session, fixture_wavs[:1])
    newcomer = ledger.add_actor(session.id, "Anna")
    pending = import_take(ledger, session.id, fixture_wavs[1], [newcomer.id]).id
    folder = tmp_path / "out"
    with pytest.raises(ExportRefused) as refused:
        export_takes(ledger, [*decided, pending], folder)
    assert refused.value.verdict.blocking_take_ids() == (pending,)
    assert not folder.exists()
    assert ledger.deliveries(session.id) == []


def test_ai_purpose_export_passes_only_with_every_actor_authorized(ledger, session, tmp_path, fixture_wavs):
    actor = ledger.add_actor(session.id, "张伟")
    take = import_take(ledger, session.id, fixture_wavs[0], [actor.id])
    confirmation = ActorConfirmation(
        new_confirmation_id(),
        actor.id,
        "张伟",
        (((0.0, 0.0, 0.0), (1.0, 1.0, 0.2)),),
        "v1",
        "b" * 64,
        "zh_CN",
        "t",
    )
    record_confirmation(
        ledger, confirmation, {s: grant() for s in ALL_SCOPES}, take_ids=[take.id]
    )
    report = export_takes(
        ledger, [take.id], tmp_path / "out", ExportOptions(Purpose.AI_TRAINING, "Voice AI Ltd")
    )
    delivery = ledger.deliveries(session.id)[0]
    assert (delivery.id, delivery.purpose, delivery.recipient) == (
        report.delivery_id,
        Purpose.AI_TRAINING,
        "Voice AI Ltd",
    )
    record_restriction(ledger, take.id, actor.id, "withdrawn by the actor")
    with pytest.raises(ExportRefused):
        export_takes(ledger, [take.id], tmp_path / "again", ExportOptions(Purpose.AI_TRAINING))


def test_manifests_list_each_file_with_its_hash_permissions_and_decisions(
    ledger, session, tmp_path, fixture_wavs
):
    take_ids = _decided_takes(ledger, session, fixture_wavs[:2], actors=("张伟", "Anna"))
    report = export_takes(ledger, take_ids, tmp_path / "out")
    manifest = json.loads(report.manifest_json.read_text(encoding="utf-8"))
    assert manifest["delivery_id"] == report.delivery_id
    for entry in manifest["takes"]:
        written = report.folder / entry["file_name"]
        assert entry["sha256"] == hashlib.sha256(written.read_bytes()).hexdigest()
        assert entry["actors"] == ["张伟", "Anna"]
        assert set(entry["permissions"].values()) == {"not_authorized"}
        history = {d.id for d in ledger.decision_history(entry["take_id"])}
        assert len(entry["decision_ids"]) == 8 and set(entry["decision_ids"]) <= history
    rows = list(csv.DictReader(report.manifest_csv.read_text(encoding="utf-8-sig").splitlines()))
    assert [r["sha256"] for r in rows] == [e["sha256"] for e in manifest["takes"]]
    stored = ledger.deliveries(session.id)[0]
    assert {i.sha256 for i in stored.items} == {e["sha256"] for e in manifest["takes"]}


def test_existing_files_are_never_overwritten_a_free_name_is_used(ledger, session, tmp_path, fixture_wavs):
    folder = tmp_path / "out"
    folder.mkdir()
    source = fixture_wavs[0]
    occupied = folder / (source.stem + ".wav")
    occupied.write_bytes(b"someone else's file")
    (folder / "manifest.json").write_text("{}")
    report = export_takes(ledger, _decided_takes(ledger, session, [source]), folder)
    assert occupied.read_bytes() == b"someone else's file"
    assert report.takes[0].renamed and report.takes[0].file_name == source.stem + "-2.wav"
    assert report.manifest_json.name == "manifest-2.json"
    assert (folder / "manifest.json").read_text() == "{}"


def test_cancelled_export_leaves_no_file_and_records_no_delivery(ledger, session, tmp_path, fixture_wavs):
    take_ids = _decided_takes(ledger, session, fixture_wavs[:3])
    seen_files = set()

    def cancel_on_third_file(progress):
        seen_files.add(progress.file_index)

    with pytest.raises(Cancelled):
        export_takes(
            ledger,
            take_ids,
            tmp_path / "out",
            progress=cancel_on_third_file,
            cancel=lambda: len(seen_files) >= 3,
        )
    assert list((tmp_path / "out").iterdir()) == []
    assert ledger.deliveries(session.id) == []


def test_progress_reports_each_file_and_reaches_the_whole_delivery(ledger, session, tmp_path, fixture_wavs):
    take_ids = _decided_takes(ledger, session, fixture_wavs[:3])
    updates = []
    export_takes(ledger, take_ids, tmp_path / "out", progress=updates.append)
    assert {u.file_index for u in updates} == {0, 1, 2}
    assert updates[-1].done == updates[-1].total == sum(p.stat().st_size for p in fixture_wavs[:3])
    assert all(u.file_done <= u.file_total for u in updates)


def test_take_whose_managed_file_changed_behind_the_ledger_is_not_delivered(
    ledger, session, tmp_path, fixture_wavs
):
    take_ids = _decided_takes(ledger, session, fixture_wavs[:2])
    managed = ledger.take(take_ids[1]).path
    wav = read_wav(managed)
    os.chmod(managed, 0o644)
    with open(managed, "r+b") as f:
        f.seek(wav.data.data_offset)
        f.write(b"\x7f\x7f")
    with pytest.raises((WavError, ExportError), match="hash"):
        export_takes(ledger, take_ids, tmp_path / "out")
    assert list((tmp_path / "out").iterdir()) == []
    assert ledger.deliveries(session.id) == []


def test_a_signed_export_reads_no_file_twice_and_its_hashes_are_the_files(
    ledger, session, tmp_path, fixture_wavs, monkeypatch
):
    """The audio and whole-file hashes come from the writer's read-back of the copy: no second pass
    over a gigabyte after it is in place. Unsigned, the writer has no prefix hash to continue, so the
    file is hashed once more for the manifest; either way the manifest holds the file's real hash."""
    import studio_app.services.export as export

    take_ids = _decided_takes(ledger, session, fixture_wavs[:2])
    hashed_again = []
    real_file_sha256 = export._file_sha256

    def counted(path):
        hashed_again.append(path)
        return real_file_sha256(path)

    monkeypatch.setattr(export, "_file_sha256", counted)
    for sign, folder in ((True, "signed"), (False, "tags-only")):
        report = export_takes(ledger, take_ids, tmp_path / folder, ExportOptions(sign=sign))
        for take in report.takes:
            written = report.folder / take.file_name
            assert take.sha256 == hashlib.sha256(written.read_bytes()).hexdigest()
            assert take.audio_sha256 == ledger.take(take.take_id).audio_sha256
        assert len(hashed_again) == (0 if sign else len(take_ids))
        hashed_again.clear()
