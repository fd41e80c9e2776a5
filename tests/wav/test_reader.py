"""The streaming reader on recorder files and ffmpeg-made ones, checked against libsndfile and ffprobe."""

from __future__ import annotations

import hashlib
import json
import struct
import subprocess

import pytest
import soundfile

from studio_app.wav.errors import WavError
from studio_app.wav.reader import audio_sha256, read_chunk, read_wav
from tests.conftest import FIXTURE_WAVS
from tests.wav.conftest import BAD_FILES, chunk, pcm16_fmt, riff


def _ffprobe_stream(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(path)],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)["streams"][0]


@pytest.mark.parametrize("path", FIXTURE_WAVS, ids=lambda p: p.name)
def test_reader_agrees_with_libsndfile_and_ffprobe_on_recorder_files(path):
    wav = read_wav(path)
    info = soundfile.info(str(path))
    stream = _ffprobe_stream(path)
    assert (wav.fmt.channels, wav.fmt.sample_rate) == (info.channels, info.samplerate)
    assert wav.frames == info.frames
    assert wav.fmt.channels == stream["channels"]
    assert wav.fmt.sample_rate == int(stream["sample_rate"])


@pytest.mark.parametrize(
    "name", ["rf64", "extensible_6ch_24bit", "float32", "float64", "pcm8", "pcm32", "odd_chunks_after_data"]
)
def test_reader_handles_every_generated_format(generated_wavs, name):
    path = generated_wavs[name]
    wav = read_wav(path)
    info = soundfile.info(str(path))
    assert (wav.fmt.channels, wav.fmt.sample_rate) == (info.channels, info.samplerate)
    assert wav.frames == info.frames
    assert wav.chunks[-1].end <= wav.file_size


def test_rf64_sizes_come_from_ds64(generated_wavs):
    wav = read_wav(generated_wavs["rf64"])
    assert wav.form == "RF64"
    assert wav.chunks[0].id == "ds64"
    with open(wav.path, "rb") as f:
        f.seek(wav.data.offset + 4)
        (size_field,) = struct.unpack("<I", f.read(4))
    assert size_field == 0xFFFFFFFF
    assert wav.frames == soundfile.info(str(wav.path)).frames


def test_extensible_format_resolves_to_pcm(generated_wavs):
    fmt = read_wav(generated_wavs["extensible_6ch_24bit"]).fmt
    assert fmt.is_extensible and fmt.is_pcm
    assert (fmt.channels, fmt.bits_per_sample) == (6, 24)


@pytest.mark.parametrize(("name", "bits"), [("float32", 32), ("float64", 64)])
def test_float_formats_are_recognised(generated_wavs, name, bits):
    fmt = read_wav(generated_wavs[name]).fmt
    assert fmt.is_float and fmt.bits_per_sample == bits


def test_odd_sized_chunks_after_data_are_listed_with_their_pad(generated_wavs):
    wav = read_wav(generated_wavs["odd_chunks_after_data"])
    ids = [c.id for c in wav.chunks]
    assert ids.index("odd1") > ids.index("data")
    odd = wav.find("odd1")
    assert odd.size == 3 and odd.end == odd.data_offset + 4
    assert read_chunk(wav, odd) == b"abc"


def test_audio_hash_covers_exactly_the_data_payload(tmp_path):
    path = tmp_path / "a.wav"
    audio = bytes(range(200)) * 10
    path.write_bytes(riff(chunk(b"fmt ", pcm16_fmt()), chunk(b"data", audio), chunk(b"XTRA", b"zz")))
    assert audio_sha256(path) == hashlib.sha256(audio).hexdigest()


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_is_one_wav_error_naming_file_and_reason(tmp_path, case):
    content, reason = BAD_FILES[case]
    path = tmp_path / f"{case}.wav"
    path.write_bytes(content)
    with pytest.raises(WavError) as caught:
        read_wav(path)
    assert caught.value.path == str(path)
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"{path}: ")


def test_missing_and_folder_sources_are_wav_errors(tmp_path):
    with pytest.raises(WavError, match="cannot read"):
        read_wav(tmp_path / "nope.wav")
    with pytest.raises(WavError, match="folder"):
        read_wav(tmp_path)


def test_bytes_appended_after_the_riff_form_are_not_chunks(tmp_path):
    """Some taggers append an ID3v1 block after the RIFF form; the readers ignore it, so do we."""
    path = tmp_path / "id3v1.wav"
    body = riff(chunk(b"fmt ", pcm16_fmt()), chunk(b"data", bytes(400)))
    path.write_bytes(body + b"TAG" + b"Title".ljust(30, b"\0") + bytes(95))
    wav = read_wav(path)
    assert [c.id for c in wav.chunks] == ["fmt ", "data"]
    assert wav.frames == soundfile.info(str(path)).frames == _ffprobe_stream(path)["duration_ts"]


def test_zero_padding_after_the_riff_form_is_trailing_bytes_not_empty_chunks(tmp_path):
    """Recorders pad files to a cluster with zeros; 4 KiB of them must not become 512 empty chunks that
    every tagged copy would carry along. A real chunk written after the form (a size left stale) is kept."""
    path = tmp_path / "padded.wav"
    body = riff(chunk(b"fmt ", pcm16_fmt()), chunk(b"data", bytes(400)))
    path.write_bytes(body + bytes(4096))
    assert [c.id for c in read_wav(path).chunks] == ["fmt ", "data"]
    path.write_bytes(body + chunk(b"LIST", b"INFOICMT" + struct.pack("<I", 4) + b"late") + bytes(4096))
    assert [c.id for c in read_wav(path).chunks] == ["fmt ", "data", "LIST"]


def test_truncation_inside_the_riff_form_is_still_an_error(tmp_path):
    path = tmp_path / "cut.wav"
    path.write_bytes(riff(chunk(b"fmt ", pcm16_fmt()), chunk(b"data", bytes(400)))[:-100])
    with pytest.raises(WavError, match="truncated"):
        read_wav(path)


def test_a_flood_of_chunks_is_refused_without_listing_them_all(tmp_path):
    """A million empty JUNK chunks (8 MB) took 12 s and 600 MiB to tag; a real WAV has tens of chunks."""
    path = tmp_path / "flood.wav"
    for junk, ok in ((9_998, True), (9_999, False)):
        junks = chunk(b"JUNK", b"") * junk
        path.write_bytes(riff(chunk(b"fmt ", pcm16_fmt()), chunk(b"data", bytes(8)), junks))
        if ok:
            assert len(read_wav(path).chunks) == 10_000
        else:
            with pytest.raises(WavError, match="more than 10000 chunks"):
                read_wav(path)
