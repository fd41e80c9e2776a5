"""Generated chunk layouts and byte-level damage: the reader and the writer either work or raise the one
typed error; never another exception, never a hang, never a file left behind."""

from __future__ import annotations

import struct
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio_app.wav.errors import WavError
from studio_app.wav.reader import read_chunk, read_wav
from studio_app.wav.tagging import read_consent_tags, write_tagged
from tests.conftest import FIXTURE_WAVS
from tests.wav.conftest import archive_record, chunk, pcm16_fmt

IDS = [b"fmt ", b"data", b"bext", b"iXML", b"_PMX", b"LIST", b"JUNK", b"ds64", b"C2PA", b"Fake", b"FLLR"]

payloads = {
    b"fmt ": st.one_of(st.just(pcm16_fmt()), st.binary(max_size=48)),
    b"iXML": st.one_of(
        st.sampled_from([
            b"<BWFXML><NOTE>x</NOTE></BWFXML>",
            b'<?xml version="1.0" encoding="foo"?><BWFXML/>',
            b'<?xml version="1.0" encoding="shift_jis"?><BWFXML/>',
            b"<BWFXML/>",
            b"<OTHER><CONSENT_SLATE><RECORD_JSON>{}</RECORD_JSON></CONSENT_SLATE></OTHER>",
            b"<BWFXML><CONSENT_SLATE><RECORD_JSON>[1]</RECORD_JSON></CONSENT_SLATE></BWFXML>",
        ]),
        st.binary(max_size=64),
    ),
    b"_PMX": st.one_of(st.just(b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>"), st.binary(max_size=64)),
    b"LIST": st.one_of(st.just(b"INFOICMT\x04\x00\x00\x00abc\x00"), st.binary(max_size=40)),
    b"bext": st.one_of(st.binary(min_size=602, max_size=640), st.binary(max_size=32)),
    b"ds64": st.binary(min_size=28, max_size=40),
}

chunk_strategy = st.sampled_from(IDS).flatmap(
    lambda cid: st.tuples(st.just(cid), payloads.get(cid, st.binary(max_size=64)))
)

layouts = st.tuples(
    st.sampled_from([b"RIFF", b"RF64", b"BW64"]),
    st.lists(chunk_strategy, max_size=8),
)

mutations = st.lists(st.tuples(st.integers(min_value=0, max_value=4096), st.integers(0, 255)), max_size=6)

FUZZ = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


def _build(form: bytes, chunks: list[tuple[bytes, bytes]], edits, cut: int | None) -> bytes:
    body = b"WAVE" + b"".join(chunk(cid, payload) for cid, payload in chunks)
    raw = bytearray(form + struct.pack("<I", len(body)) + body)
    for position, value in edits:
        if raw:
            raw[position % len(raw)] = value
    return bytes(raw[:cut] if cut is not None else raw)


@FUZZ
@given(layout=layouts, edits=mutations, cut=st.one_of(st.none(), st.integers(0, 2048)))
def test_reader_parses_or_raises_the_one_typed_error(layout, edits, cut):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.wav"
        path.write_bytes(_build(*layout, edits, cut))
        try:
            wav = read_wav(path)
        except WavError as exc:
            assert exc.path == str(path) and exc.reason
            return
        assert wav.data.end <= wav.file_size + 1
        assert wav.fmt.block_align > 0


@settings(FUZZ, deadline=10_000)  # each example fsyncs: slack for a busy shared disk, still no hang
@given(layout=layouts, edits=mutations)
def test_writer_tags_or_refuses_and_leaves_nothing_behind(layout, edits):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "fuzz.wav"
        out = Path(folder) / "out"
        out.mkdir()
        source.write_bytes(_build(*layout, edits, None))
        original = source.read_bytes()
        try:
            write_tagged(source, out / "tagged.wav", archive_record())
        except WavError as exc:
            assert exc.reason
            assert list(out.iterdir()) == []
        else:
            tags = read_consent_tags(out / "tagged.wav")
            assert tags.ixml_record is not None and tags.xmp_record == tags.ixml_record
        assert source.read_bytes() == original


foreign_chunks = st.lists(
    st.tuples(st.sampled_from([b"JUNK", b"Fake", b"FLLR", b"C2PA", b"PAD "]), st.binary(max_size=64)),
    max_size=6,
)


@settings(max_examples=60, deadline=10_000)
@given(before=foreign_chunks, after=foreign_chunks)
def test_valid_layouts_always_tag_and_keep_foreign_chunks(before, after):
    """One good fmt and one data chunk with any foreign chunks around them is always taggable."""
    body = [(b"fmt ", pcm16_fmt()), *before, (b"data", bytes(64)), *after]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "ok.wav"
        source.write_bytes(_build(b"RIFF", body, [], None))
        write_tagged(source, Path(folder) / "tagged.wav", archive_record())
        tagged = read_wav(Path(folder) / "tagged.wav")
        kept = [(c.id.encode(), read_chunk(tagged, c)) for c in tagged.chunks if c.id.encode() in dict(body)]
        expected = [(cid, p) for cid, p in body if cid != b"C2PA"]
        assert kept == expected


def _damage_points(wav) -> list[int]:
    """Where damage hurts a parser: the form header, every chunk header (id and size), and the first
    bytes of every metadata payload (bext fields, XML prologues, INFO item sizes, fmt fields)."""
    points = list(range(12))
    for c in wav.chunks:
        points += range(c.offset, c.data_offset)
        if c.id != "data":
            points += range(c.data_offset, c.data_offset + min(c.size, 64))
    return points


@settings(max_examples=120, deadline=10_000, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_damaged_recorder_files_tag_or_refuse_with_the_one_typed_error(data):
    """Byte-level damage to the real fixtures, aimed at their structure, then read, inspect and tag."""
    original = data.draw(st.sampled_from(FIXTURE_WAVS), label="fixture")
    raw = bytearray(original.read_bytes())
    points = _damage_points(read_wav(original))
    for position in data.draw(st.lists(st.sampled_from(points), min_size=1, max_size=4), label="positions"):
        raw[position] = data.draw(st.integers(0, 255), label="byte")
    cut = data.draw(st.one_of(st.none(), st.integers(0, len(raw))), label="cut")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "damaged.wav"
        source.write_bytes(bytes(raw[:cut]))
        out = Path(folder) / "out"
        out.mkdir()
        try:
            read_wav(source)
            read_consent_tags(source)
            write_tagged(source, out / "tagged.wav", archive_record())
        except WavError as exc:
            assert exc.path and exc.reason
            assert list(out.iterdir()) == []
        else:
            assert read_consent_tags(out / "tagged.wav").ixml_record is not None
        assert source.read_bytes() == bytes(raw[:cut])
