"""Tagging keeps every audio byte and every foreign chunk, and the real readers see what we wrote."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import soundfile
import wavinfo

from studio_app.core.record import ConsentRecord
from studio_app.wav import tagging
from studio_app.wav.errors import Cancelled, WavError
from studio_app.wav.info import decode_info, is_info_list
from studio_app.wav.reader import audio_sha256, read_chunk, read_wav
from studio_app.wav.tagging import read_consent_tags, write_tagged
from tests.conftest import FIXTURE_WAVS
from tests.wav.conftest import OUR_IDS, archive_record, chunk, ffmpeg_md5, ffmpeg_wav, riff


def _foreign_payloads(path) -> list[tuple[str, bytes, bool]]:
    """Every chunk we do not own, in order: id, payload, and whether it comes before `data` (only the
    first LIST/INFO is ours to merge; a further one is foreign)."""
    wav = read_wav(path)
    kept = []
    info_seen = False
    for c in wav.chunks:
        if c.id in OUR_IDS or c.id == "data":
            continue
        payload = read_chunk(wav, c)
        if c.id == "LIST" and is_info_list(payload) and not info_seen:
            info_seen = True
            continue
        kept.append((c.id, payload, c.offset < wav.data.offset))
    return kept


@pytest.fixture(scope="module")
def tagged_pairs(tmp_path_factory, all_test_wavs):
    out = tmp_path_factory.mktemp("tagged")
    pairs = []
    for i, source in enumerate(all_test_wavs):
        destination = out / f"{i:02d}_{source.name}"
        result = write_tagged(source, destination, archive_record("张伟", "Ann Lee"))
        pairs.append((source, destination, result))
    return pairs


def test_every_file_is_tagged_with_identical_samples(tagged_pairs):
    for source, destination, result in tagged_pairs:
        assert result.audio_sha256 == audio_sha256(source) == audio_sha256(destination)
        before, rate = soundfile.read(str(source), dtype="float64", always_2d=True)
        after, rate_after = soundfile.read(str(destination), dtype="float64", always_2d=True)
        assert rate == rate_after and np.array_equal(before, after), destination.name
        assert ffmpeg_md5(source) == ffmpeg_md5(destination), destination.name


def test_every_foreign_chunk_survives_byte_for_byte_in_order(tagged_pairs):
    for source, destination, _ in tagged_pairs:
        assert _foreign_payloads(source) == _foreign_payloads(destination), destination.name


def test_existing_info_items_and_ixml_elements_are_kept(tagged_pairs):
    for source, destination, _ in tagged_pairs:
        before = read_wav(source)
        info = [c for c in before.chunks if c.id == "LIST" and is_info_list(read_chunk(before, c))]
        if info:
            old_items = dict(decode_info(read_chunk(before, info[0])))
            after = read_wav(destination)
            new_list = next(c for c in after.chunks if c.id == "LIST" and is_info_list(read_chunk(after, c)))
            new_items = dict(decode_info(read_chunk(after, new_list)))
            for key, value in old_items.items():
                if key not in ("ICOP", "ICMT"):
                    assert new_items[key] == value
        old_ixml = before.find("iXML")
        if old_ixml:
            old = wavinfo.WavInfoReader(str(source)).ixml.to_dict()
            new = wavinfo.WavInfoReader(str(destination)).ixml.to_dict()
            assert old == new, destination.name


def test_bext_values_of_the_recorder_are_kept(tagged_pairs):
    for source, destination, _ in tagged_pairs:
        old = wavinfo.WavInfoReader(str(source)).bext
        new = wavinfo.WavInfoReader(str(destination)).bext
        assert new is not None
        if old is None:
            assert "NOT AUTHORIZED" in new.description
            continue
        for key, value in old.to_dict().items():
            if key == "coding_history":
                assert new.coding_history.startswith(value.rstrip("\0").rstrip("\r\n"))
            elif key == "description" and not value.strip("\0 "):
                assert "NOT AUTHORIZED" in new.description
            else:
                assert new.to_dict()[key] == value, (destination.name, key)


def test_the_record_reads_back_identically_from_ixml_and_xmp(tagged_pairs):
    for _, destination, result in tagged_pairs:
        tags = read_consent_tags(destination)
        assert tags.problems == []
        assert tags.ixml_record == tags.xmp_record == result.record
        assert tags.xmp_data_mining == "DMI-PROHIBITED"
        assert result.record.audio_sha256 == result.audio_sha256


def test_exiftool_reads_xmp_ixml_info_and_bext(tagged_pairs):
    paths = [str(d) for _, d, _ in tagged_pairs]
    out = subprocess.run(
        ["exiftool", "-j", "-G1", "-lang", "zh-CN", *paths],
        check=True, capture_output=True, text=True,
    ).stdout
    for item, (_, _, result) in zip(json.loads(out), tagged_pairs, strict=True):
        assert item["XMP-plus:DataMining"] == "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"
        assert str(item["XMP-xmpRights:Marked"]) == "True"
        assert "AI 训练：未授权" in item["XMP-xmpRights:UsageTerms-zh-CN"]
        assert ConsentRecord.from_json(item["XMP-cslate:ConsentRecord"]) == result.record
        assert result.record.take_id in item["RIFF:Copyright"]
        assert result.record.take_id in item["RIFF:CodingHistory"]


def test_exiftool_reads_chinese_actor_names_from_our_ixml_block(tagged_pairs):
    for _, destination, _ in tagged_pairs:
        out = subprocess.run(
            ["exiftool", "-a", "-s", "-XML:BwfxmlConsentSlateActorListActorName", str(destination)],
            check=True, capture_output=True, text=True,
        ).stdout
        assert [line.split(": ", 1)[1] for line in out.splitlines()] == ["张伟", "Ann Lee"]


def test_ffprobe_reads_info_and_bext(tagged_pairs):
    for _, destination, result in tagged_pairs:
        out = subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "format_tags", "-of", "json", str(destination)],
            check=True, capture_output=True, text=True,
        ).stdout
        tags = json.loads(out)["format"]["tags"]
        assert "NOT AUTHORIZED" in tags["copyright"]
        assert tags["comment"].splitlines()[-1].startswith("DMI-PROHIBITED")
        assert result.record.take_id in tags["coding_history"]


def test_mediainfo_reads_info_and_bext(tagged_pairs):
    for _, destination, result in tagged_pairs:
        out = subprocess.run(
            ["mediainfo", "--Output=JSON", str(destination)], check=True, capture_output=True, text=True
        ).stdout
        general = json.loads(out)["media"]["track"][0]
        assert result.record.take_id in general["Copyright"]
        assert general["Comment"].split(" / ")[-1].startswith("DMI-PROHIBITED"), "after the file's comment"
        assert result.record.take_id in general["Encoded_Library_Settings"]


def test_wavinfo_reads_info_bext_and_our_ixml_block(tagged_pairs):
    for _, destination, result in tagged_pairs:
        info = wavinfo.WavInfoReader(str(destination))
        assert result.record.take_id in info.info.copyright
        assert result.record.take_id in info.bext.coding_history
        block = info.ixml.parsed.find("CONSENT_SLATE")
        assert ConsentRecord.from_json(block.findtext("RECORD_JSON")) == result.record
        assert [a.findtext("NAME") for a in block.iter("ACTOR")] == ["张伟", "Ann Lee"]


def test_retagging_keeps_one_copy_of_each_of_our_chunks(tmp_path):
    source = next(p for p in FIXTURE_WAVS if p.name == "PT_A101_4.A1.wav")
    first, second = tmp_path / "first.wav", tmp_path / "second.wav"
    write_tagged(source, first, archive_record("Ann Lee"), reserve_trailing=100)
    result = write_tagged(first, second, archive_record("Bo Chen"), reserve_trailing=100)
    ids = [c.id for c in read_wav(second).chunks]
    for chunk_id in ("bext", "iXML", "_PMX", "C2PA"):
        assert ids.count(chunk_id) == 1, chunk_id
    lists = [c for c in read_wav(second).chunks if c.id == "LIST"]
    assert len(lists) == 1
    tags = read_consent_tags(second)
    assert tags.ixml_record == result.record
    assert tags.bext_coding_history.count("consent-slate record") == 1
    assert _foreign_payloads(source) == _foreign_payloads(second)


def test_given_hash_must_match_the_audio(tmp_path):
    source = FIXTURE_WAVS[0]
    record = archive_record(audio_sha256="0" * 64)
    with pytest.raises(WavError, match="does not match"):
        write_tagged(source, tmp_path / "out.wav", record)
    assert list(tmp_path.iterdir()) == []
    good = replace(record, audio_sha256=audio_sha256(source))
    assert write_tagged(source, tmp_path / "out.wav", good).record == good


def test_reserved_trailing_chunk_is_last_and_finalize_can_patch_it(tmp_path):
    seen = {}

    def finalize(f, layout):
        seen["layout"] = layout
        f.seek(layout.reserved.data_offset)
        f.write(b"signed!")

    result = write_tagged(FIXTURE_WAVS[0], tmp_path / "out.wav", archive_record(), reserve_trailing=1001,
                          finalize=finalize)
    wav = read_wav(tmp_path / "out.wav")
    assert wav.chunks[-1].id == "C2PA" and wav.chunks[-1].size == 1001
    assert seen["layout"] == result.layout and result.layout.file_size == wav.file_size
    assert [c.id for c in result.layout.chunks] == [c.id for c in wav.chunks]
    assert read_chunk(wav, wav.chunks[-1]).startswith(b"signed!")


def test_cancel_leaves_nothing(tmp_path):
    with pytest.raises(Cancelled):
        write_tagged(FIXTURE_WAVS[0], tmp_path / "out.wav", archive_record(), cancel=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_existing_destination_is_refused_unless_overwrite(tmp_path):
    destination = tmp_path / "out.wav"
    destination.write_bytes(b"someone else's file")
    with pytest.raises(WavError, match="already exists"):
        write_tagged(FIXTURE_WAVS[0], destination, archive_record())
    assert destination.read_bytes() == b"someone else's file"
    write_tagged(FIXTURE_WAVS[0], destination, archive_record(), overwrite=True)
    assert read_wav(destination).find("iXML") is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.wav"]


def test_source_is_never_the_destination(tmp_path):
    source = tmp_path / "take.wav"
    source.write_bytes(FIXTURE_WAVS[0].read_bytes())
    before = source.read_bytes()
    with pytest.raises(WavError, match="source file itself"):
        write_tagged(source, source, archive_record(), overwrite=True)
    assert source.read_bytes() == before


def test_progress_reaches_the_file_size(tmp_path):
    calls = []
    result = write_tagged(FIXTURE_WAVS[0], tmp_path / "o.wav", archive_record(),
                          progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (result.layout.file_size, result.layout.file_size)
    assert all(done <= total for done, total in calls)


def test_copy_across_filesystems_falls_back_to_read_and_write(tmp_path):
    """copy_file_range refuses tmpfs -> ext4 (EXDEV): the plain copy must give the same bytes."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("needs /dev/shm on another filesystem than the test folder")
    with tempfile.TemporaryDirectory(dir=shm) as folder:
        source = ffmpeg_wav(Path(folder) / "take.wav", "-c:a", "pcm_s24le",
                            source="anoisesrc=d=1:r=48000:a=0.5")
        result = write_tagged(source, tmp_path / "out.wav", archive_record())
        assert result.audio_sha256 == audio_sha256(source) == audio_sha256(tmp_path / "out.wav")
        assert ffmpeg_md5(source) == ffmpeg_md5(tmp_path / "out.wav")
        assert _foreign_payloads(source) == _foreign_payloads(tmp_path / "out.wav")


def _hash_before_reserved(layout, f) -> str:
    f.seek(0)
    return hashlib.sha256(f.read(layout.reserved.offset)).hexdigest()


@pytest.mark.parametrize("name", ["fixture", "odd_chunks_after_data", "rf64"])
@pytest.mark.parametrize("reserve", [1000, 1001])
@pytest.mark.parametrize("copy", ["kernel", "read_write"])
def test_prefix_hash_is_every_byte_before_the_reserved_chunk(
    generated_wavs, tmp_path, monkeypatch, name, reserve, copy
):
    """Computed while writing (windows and copy blocks made tiny so the hash follows many steps), it
    must equal a fresh hash of the finished file before the reserved chunk, for RF64 (ds64) too."""
    monkeypatch.setattr(tagging, "HASH_WINDOW", 4096)
    monkeypatch.setattr(tagging, "COPY_BLOCK", 1000)
    if copy == "read_write":
        def refuse(*args):
            raise OSError(errno.ENOSYS, "no copy_file_range")
        monkeypatch.setattr(tagging.os, "copy_file_range", refuse)
    source = FIXTURE_WAVS[0] if name == "fixture" else generated_wavs[name]
    seen = {}

    def finalize(f, layout):
        seen["at_finalize"] = _hash_before_reserved(layout, f)

    result = write_tagged(source, tmp_path / "out.wav", archive_record(), reserve_trailing=reserve,
                          finalize=finalize)
    layout = result.layout
    assert layout.reserved is not None and layout.reserved.size == reserve
    with open(tmp_path / "out.wav", "rb") as f:
        assert layout.prefix_sha256 == seen["at_finalize"] == _hash_before_reserved(layout, f)
    assert result.audio_sha256 == audio_sha256(source) == audio_sha256(tmp_path / "out.wav")


def test_no_prefix_hash_without_a_reserved_chunk(tmp_path):
    assert write_tagged(FIXTURE_WAVS[0], tmp_path / "out.wav", archive_record()).layout.prefix_sha256 is None


def test_cancel_during_the_audio_stops_both_hash_threads(tmp_path, monkeypatch):
    monkeypatch.setattr(tagging, "COPY_BLOCK", 1000)
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        write_tagged(FIXTURE_WAVS[0], tmp_path / "out.wav", archive_record(), reserve_trailing=100,
                     finalize=lambda f, layout: None, cancel=cancel)
    assert list(tmp_path.iterdir()) == []
    assert not [t for t in threading.enumerate() if t.name in ("audio-sha256", "prefix-sha256")]


def test_the_copy_is_fsynced_before_it_is_published_and_the_folder_after(tmp_path, monkeypatch):
    """The early writeback is only a hint: the fsync of the finished temp file, then the link, then
    the fsync of the folder are what make the copy durable, in that order."""
    events = []
    real_fsync, real_link, real_hint = os.fsync, os.link, tagging._sync_file_range

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def link(src, dst, **kwargs):
        events.append(("link", str(dst)))
        real_link(src, dst, **kwargs)

    def hint(*args):
        events.append(("writeback", ""))
        return real_hint(*args) if real_hint is not None else 0

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "link", link)
    monkeypatch.setattr(tagging, "_sync_file_range", hint)
    out = tmp_path / "out.wav"
    write_tagged(FIXTURE_WAVS[0], out, archive_record(), reserve_trailing=11,
                 finalize=lambda f, layout: events.append(("finalize", "")))
    kinds = [kind for kind, _ in events]
    assert "writeback" in kinds
    tail = [e for e in events if e[0] != "writeback"]
    assert [kind for kind, _ in tail] == ["finalize", "fsync", "link", "fsync"]
    assert tail[1][1].endswith(".part") and tail[2][1] == str(out) and tail[3][1] == str(tmp_path)
    assert kinds.index("finalize") > max(i for i, kind in enumerate(kinds) if kind == "writeback")


def test_retagging_every_file_replaces_our_chunks_and_keeps_the_rest(tagged_pairs, tmp_path):
    """Tagged once (no C2PA), then twice more with a reserved C2PA chunk: the second and third copies
    have the same chunk list — the first's plus one C2PA — and every foreign chunk of the source."""
    for i, (source, first, _) in enumerate(tagged_pairs):
        second, third = tmp_path / f"{i}-2.wav", tmp_path / f"{i}-3.wav"
        write_tagged(first, second, archive_record("Bo Chen"), reserve_trailing=64)
        result = write_tagged(second, third, archive_record("Cy Wu"), reserve_trailing=65)
        ids = [[c.id for c in read_wav(path).chunks] for path in (first, second, third)]
        assert ids[1] == ids[2] == [*ids[0], "C2PA"], source.name
        assert _foreign_payloads(third) == _foreign_payloads(source), source.name
        tags = read_consent_tags(third)
        assert tags.ixml_record == tags.xmp_record == result.record
        assert tags.bext_coding_history.count("consent-slate record") == 1, source.name
        assert audio_sha256(third) == audio_sha256(source)


def test_info_is_ascii_because_the_readers_disagree_on_utf8_info(tmp_path):
    """The evidence for writing only ASCII into LIST/INFO: a UTF-8 ICMT written by ffmpeg reads back
    correctly in ffprobe only (exiftool and MediaInfo decode it as Latin-1). Our INFO, for a Chinese
    performer, is ASCII and names nobody; the names are in iXML and XMP."""
    text = "演员 张伟: 未授权"
    utf8 = ffmpeg_wav(tmp_path / "utf8.wav", "-metadata", f"comment={text}")
    probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format_tags=comment", "-of",
                            "default=nw=1:nk=1", str(utf8)], capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == text
    exif = subprocess.run(["exiftool", "-s3", "-Comment", str(utf8)], capture_output=True, text=True,
                          check=True)
    media = subprocess.run(["mediainfo", "--Inform=General;%Comment%", str(utf8)], capture_output=True,
                           text=True, check=True)
    assert text not in exif.stdout and text not in media.stdout

    result = write_tagged(utf8, tmp_path / "ours.wav", archive_record("张伟"))
    wav = read_wav(tmp_path / "ours.wav")
    info = next(c for c in wav.chunks if c.id == "LIST" and is_info_list(read_chunk(wav, c)))
    items = dict(decode_info(read_chunk(wav, info)))
    for key in ("ICOP", "ICMT"):
        ours = items[key].rstrip(b"\0").split(b"\n")[-1]
        assert ours.isascii() and "张伟".encode() not in ours
    assert items["ICMT"].startswith(text.encode()), "the file's own comment is kept byte for byte"
    assert result.record.take_id.encode() in items["ICOP"]
    exif = subprocess.run(["exiftool", "-s3", "-Copyright", str(tmp_path / "ours.wav")], capture_output=True,
                          text=True, check=True)
    assert exif.stdout.strip() == items["ICOP"].rstrip(b"\0").decode("ascii")


def test_a_second_ixml_or_xmp_is_kept_after_ours_so_readers_find_the_record(tmp_path):
    """Some tools append an iXML or XMP instead of replacing it. Readers take the first of each id:
    it must be ours (it was the source's second one, so the record was invisible to wavinfo and to
    verify, and re-tagging alternated). The others are kept byte for byte, after ours."""
    recorder = next(p for p in FIXTURE_WAVS if p.name == "A101_1.WAV")  # iXML before data
    xmp = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
           b'syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
           b"<dc:format>%s</dc:format></rdf:Description></rdf:RDF></x:xmpmeta>")
    extra = [(b"_PMX", xmp % b"first"), (b"iXML", b"<BWFXML><NOTE>appended</NOTE></BWFXML>"),
             (b"_PMX", xmp % b"second")]
    source = tmp_path / "twice.wav"
    source.write_bytes(riff(recorder.read_bytes()[12:], *(chunk(cid, payload) for cid, payload in extra)))
    first, second = tmp_path / "first.wav", tmp_path / "second.wav"
    result = write_tagged(source, first, archive_record("张伟"))
    write_tagged(first, second, archive_record("张伟"))
    ids = [c.id for c in read_wav(first).chunks]
    assert ids[-4:] == ["iXML", "_PMX", "iXML", "_PMX"] and ids == [c.id for c in read_wav(second).chunks]
    tags = read_consent_tags(first)
    assert tags.ixml_record == tags.xmp_record == result.record
    assert wavinfo.WavInfoReader(str(first)).ixml.parsed.find("CONSENT_SLATE") is not None
    wav = read_wav(first)
    kept = [read_chunk(wav, c) for c in wav.chunks[-2:]]
    assert kept == [b"<BWFXML><NOTE>appended</NOTE></BWFXML>", xmp % b"second"]
