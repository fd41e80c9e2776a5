"""WAV test material: generated files (RF64, extensible, float, 8-bit, odd chunks after data) and a
raw RIFF builder for malformed layouts. Generated with ffmpeg, the tool our users' files come from."""

from __future__ import annotations

import contextlib
import struct
import subprocess
import uuid
from pathlib import Path

import pytest

from studio_app.core.record import restriction_record
from tests.conftest import FIXTURE_WAVS

OUR_IDS = {"bext", "iXML", "_PMX", "ds64", "C2PA"}

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE BWFXML [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<BWFXML><NOTE>&f;</NOTE></BWFXML>"""

EXTERNAL_ENTITY_XMP = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="">&secret;</rdf:Description></rdf:RDF></x:xmpmeta>"""


def chunk(chunk_id: bytes, payload: bytes) -> bytes:
    """One chunk with its pad byte."""
    return struct.pack("<4sI", chunk_id, len(payload)) + payload + (b"\0" if len(payload) & 1 else b"")


def riff(*chunks: bytes, form: bytes = b"RIFF") -> bytes:
    body = b"WAVE" + b"".join(chunks)
    return form + struct.pack("<I", len(body)) + body


def pcm16_fmt(channels: int = 1, rate: int = 8000) -> bytes:
    return struct.pack("<HHIIHH", 1, channels, rate, rate * 2 * channels, 2 * channels, 16)


def ffmpeg_wav(path: Path, *args: str, source: str = "sine=f=440:d=0.25:r=48000") -> Path:
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i", source, *args, str(path)],
        check=True,
    )
    return path


def ffmpeg_md5(path) -> str:
    """MD5 of the samples as ffmpeg decodes them."""
    return subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a", "-f", "md5", "-"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()


def archive_record(*names: str, audio_sha256: str = ""):
    return restriction_record(
        take_id=f"T-{uuid.uuid4().hex[:8]}",
        audio_sha256=audio_sha256,
        actor_names=names or ["Ann Lee"],
        reason="archive contract predates AI",
        recorded_by="engineer",
        recorded_at="2026-11-25T10:00:00+00:00",
        id_factory=lambda: str(uuid.uuid4()),
    )


@pytest.fixture(scope="session")
def generated_wavs(tmp_path_factory) -> dict[str, Path]:
    """One file per format the reader must handle, made by ffmpeg (plus one built chunk by chunk)."""
    folder = tmp_path_factory.mktemp("generated")
    noise = "anoisesrc=d=0.2:r=48000:a=0.5"
    files = {
        "rf64": ffmpeg_wav(folder / "rf64.wav", "-c:a", "pcm_s24le", "-rf64", "always", source=noise),
        "extensible_6ch_24bit": ffmpeg_wav(
            folder / "six.wav", "-filter_complex", "[0:a]pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0",
            "-c:a", "pcm_s24le", source=noise,
        ),
        "float32": ffmpeg_wav(folder / "f32.wav", "-c:a", "pcm_f32le", source=noise),
        "float64": ffmpeg_wav(folder / "f64.wav", "-c:a", "pcm_f64le", source=noise),
        "pcm8": ffmpeg_wav(folder / "u8.wav", "-c:a", "pcm_u8", source=noise),
        "pcm32": ffmpeg_wav(folder / "s32.wav", "-c:a", "pcm_s32le", source=noise),
    }
    odd = folder / "odd_after_data.wav"
    frames = bytes(range(256)) * 31 + b"\x01\x02"  # 7938 bytes of 16-bit mono
    odd.write_bytes(
        riff(
            chunk(b"fmt ", pcm16_fmt()),
            chunk(b"data", frames),
            chunk(b"odd1", b"abc"),
            chunk(b"LIST", b"adtlnote" + struct.pack("<I", 5) + b"hello\0"),
            chunk(b"zzz9", b"12345"),
        )
    )
    files["odd_chunks_after_data"] = odd
    return files


@pytest.fixture(scope="session")
def bw64_wav(generated_wavs, tmp_path_factory) -> Path:
    """ITU-R BS.2088 BW64: the RF64 layout under another id (libsndfile and exiftool here refuse it)."""
    path = tmp_path_factory.mktemp("bw64") / "bw64.wav"
    path.write_bytes(b"BW64" + generated_wavs["rf64"].read_bytes()[4:])
    return path


@pytest.fixture(scope="session")
def all_test_wavs(generated_wavs) -> list[Path]:
    return [*FIXTURE_WAVS, *generated_wavs.values()]


BAD_FILES = {
    "empty": (b"", "empty file"),
    "not_riff": (b"ID3\x03" + bytes(100), "not a RIFF/WAVE file"),
    "truncated_header": (b"RIFF\x10\x00\x00\x00WA", "not a RIFF/WAVE file"),
    "chunk_past_end": (
        riff(chunk(b"fmt ", pcm16_fmt()), chunk(b"data", bytes(100)))[:-40], "truncated file"
    ),
    "no_data": (riff(chunk(b"fmt ", pcm16_fmt()), chunk(b"LIST", b"INFO")), "no 'data' chunk"),
    "no_fmt": (riff(chunk(b"data", bytes(8))), "no 'fmt' chunk"),
    "duplicate_data": (
        riff(chunk(b"fmt ", pcm16_fmt()), chunk(b"data", bytes(8)), chunk(b"data", bytes(8))),
        "2 'data' chunks",
    ),
    "short_fmt": (riff(chunk(b"fmt ", bytes(10)), chunk(b"data", bytes(8))), "too short"),
    "zero_block_align": (
        riff(chunk(b"fmt ", struct.pack("<HHIIHH", 1, 1, 8000, 0, 0, 16)), chunk(b"data", bytes(8))),
        "'fmt ' chunk is invalid",
    ),
    "rf64_without_ds64": (riff(chunk(b"fmt ", pcm16_fmt()), chunk(b"data", bytes(8)), form=b"RF64"), "ds64"),
}


@contextlib.contextmanager
def tmpfs(path: Path, options: str):
    """A small real filesystem of our own (needs root); the test is skipped where we cannot mount."""
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=True)
