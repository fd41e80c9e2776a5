"""RF64: an RF64 source stays RF64, and a RIFF result past 4 GiB becomes RF64 with ds64 in the JUNK."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess

import pytest
import soundfile

from studio_app.wav.reader import audio_sha256, read_wav
from studio_app.wav.tagging import read_consent_tags, write_tagged
from tests.wav.conftest import archive_record, chunk, pcm16_fmt


def test_rf64_source_stays_rf64_and_readers_agree(generated_wavs, tmp_path):
    out = tmp_path / "tagged.wav"
    write_tagged(generated_wavs["rf64"], out, archive_record())
    wav = read_wav(out)
    assert wav.form == "RF64" and wav.chunks[0].id == "ds64"
    assert wav.frames == soundfile.info(str(out)).frames == read_wav(generated_wavs["rf64"]).frames
    assert read_consent_tags(out).ixml_record is not None


@pytest.mark.slow
def test_riff_result_past_4_gib_becomes_rf64_with_ds64_in_the_leading_junk(tmp_path):
    """A sparse 4 GiB source: only the copy costs disk (about 4 GiB, deleted with tmp_path)."""
    if shutil.disk_usage(tmp_path).free < 10 << 30:
        pytest.skip("needs 10 GiB free for a 4 GiB copy")
    audio_size = 0xFFFFF000
    source = tmp_path / "big.wav"
    head = chunk(b"JUNK", bytes(28)) + chunk(b"fmt ", pcm16_fmt(1, 48000))
    header = b"RIFF" + struct.pack("<I", 4 + len(head) + 8 + audio_size) + b"WAVE" + head
    with open(source, "wb") as f:
        f.write(header + b"data" + struct.pack("<I", audio_size))
        f.truncate(len(header) + 8 + audio_size)
    out = tmp_path / "out.wav"
    result = write_tagged(source, out, archive_record())
    wav = read_wav(out)
    assert wav.form == "RF64" and wav.file_size > 0xFFFFFFFF
    ids = [c.id for c in wav.chunks]
    assert ids[0] == "ds64" and "JUNK" not in ids
    assert wav.chunks[0].offset == 12 and wav.data.size == audio_size
    assert soundfile.info(str(out)).frames == audio_size // 2
    probe = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-show_format", "-of", "json", str(out)],
        check=True, capture_output=True, text=True,
    ).stdout)
    assert int(probe["streams"][0]["duration_ts"]) == audio_size // 2
    mediainfo = json.loads(subprocess.run(
        ["mediainfo", "--Output=JSON", str(out)], check=True, capture_output=True, text=True
    ).stdout)
    assert int(mediainfo["media"]["track"][1]["SamplingCount"]) == audio_size // 2
    assert result.audio_sha256 == audio_sha256(source) == audio_sha256(out)
    assert read_consent_tags(out).ixml_record == result.record
