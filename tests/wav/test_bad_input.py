"""Bad input and bad destinations: one WavError naming the file and the reason, nothing left behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from studio_app.wav.errors import WavError
from studio_app.wav.reader import read_wav
from studio_app.wav.tagging import read_consent_tags, write_tagged
from tests.conftest import FIXTURE_WAVS
from tests.wav.conftest import (
    BILLION_LAUGHS,
    EXTERNAL_ENTITY_XMP,
    archive_record,
    chunk,
    pcm16_fmt,
    riff,
    tmpfs,
)


def _wav_with(path: Path, chunk_id: bytes, payload: bytes) -> Path:
    path.write_bytes(riff(chunk(b"fmt ", pcm16_fmt()), chunk(b"data", bytes(400)), chunk(chunk_id, payload)))
    return path


@pytest.mark.parametrize(("chunk_id", "payload"), [(b"iXML", BILLION_LAUGHS), (b"_PMX", EXTERNAL_ENTITY_XMP)])
def test_hostile_xml_is_refused_quickly_and_nothing_is_written(tmp_path, chunk_id, payload):
    source = _wav_with(tmp_path / "hostile.wav", chunk_id, payload)
    out = tmp_path / "out"
    out.mkdir()
    started = time.monotonic()
    with pytest.raises(WavError) as caught:
        write_tagged(source, out / "hostile.wav", archive_record())
    assert caught.value.path == str(source)
    assert "entities" in caught.value.reason
    with pytest.raises(WavError):
        read_consent_tags(source)
    assert time.monotonic() - started < 5
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("chunk_id", [b"iXML", b"_PMX"])
def test_xml_too_large_to_be_metadata_is_refused_before_parsing(tmp_path, chunk_id):
    """200 001 empty elements (800 KB): parsing time grows with the element count (30 million took
    minutes and 3 GB), so a flood is refused by counting tags, before any parse."""
    flood = b"<BWFXML>" + b"<N/>" * 200_000 + b"</BWFXML>"
    source = _wav_with(tmp_path / "flood.wav", chunk_id, flood)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(WavError, match="200002 tags; more than 16 MiB or 200000 tags is not metadata"):
        write_tagged(source, out / "flood.wav", archive_record())
    with pytest.raises(WavError, match="is not metadata"):
        read_consent_tags(source)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("chunk_id", [b"iXML", b"_PMX"])
def test_deeply_nested_xml_is_refused(tmp_path, chunk_id):
    """ElementTree writes (and indents) recursively: 60 000 nested elements in a foreign XMP packet
    were a RecursionError traceback."""
    nested = b"<a>" * 60_000 + b"</a>" * 60_000
    xml = {
        b"iXML": b"<BWFXML>" + nested + b"</BWFXML>",
        b"_PMX": b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
                 b'syntax-ns#"><rdf:Description rdf:about="">' + nested + b"</rdf:Description></rdf:RDF>"
                 b"</x:xmpmeta>",
    }[chunk_id]
    source = _wav_with(tmp_path / "deep.wav", chunk_id, xml)
    with pytest.raises(WavError, match="nested more than 100 deep"):
        write_tagged(source, tmp_path / "o.wav", archive_record())
    assert not (tmp_path / "o.wav").exists()


def test_broken_xml_is_a_wav_error(tmp_path):
    source = _wav_with(tmp_path / "broken.wav", b"iXML", b"<BWFXML><PROJECT>x</BWFXML>")
    with pytest.raises(WavError, match="not well-formed"):
        write_tagged(source, tmp_path / "o.wav", archive_record())
    assert not (tmp_path / "o.wav").exists()


def test_missing_destination_folder_is_refused(tmp_path):
    with pytest.raises(WavError, match="does not exist") as caught:
        write_tagged(FIXTURE_WAVS[0], tmp_path / "nowhere" / "o.wav", archive_record())
    assert caught.value.path == str(tmp_path / "nowhere" / "o.wav")


def test_read_only_destination_is_refused_and_source_untouched(tmp_path):
    source = FIXTURE_WAVS[0]
    before = source.stat().st_mtime_ns
    with tmpfs(tmp_path / "ro", "size=1m,ro") as folder:
        with pytest.raises(WavError, match="Read-only file system") as caught:
            write_tagged(source, folder / "o.wav", archive_record())
        assert caught.value.path == str(folder / "o.wav")
        assert list(folder.iterdir()) == []
    assert source.stat().st_mtime_ns == before


def test_full_disk_leaves_no_partial_or_temp_file(tmp_path):
    source = next(p for p in FIXTURE_WAVS if p.stat().st_size > 1_000_000)
    with tmpfs(tmp_path / "small", "size=512k") as folder:
        with pytest.raises(WavError, match="disk full") as caught:
            write_tagged(source, folder / "o.wav", archive_record())
        assert caught.value.path == str(folder / "o.wav")
        assert list(folder.iterdir()) == []


def test_file_size_limit_is_refused_cleanly_without_root(tmp_path):
    """RLIMIT_FSIZE in a child process: the same failure as a full disk, on any machine."""
    source = next(p for p in FIXTURE_WAVS if p.stat().st_size > 1_000_000)
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))\n"
        "from studio_app.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, "tag", "--not-authorized", "--reason", "archive", "--out",
         str(tmp_path), str(source)],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2],
    )
    assert run.returncode == 1
    assert run.stderr.strip() == f"{tmp_path / source.name}: " \
        "file too large for the destination (File too large); nothing was written"
    assert list(tmp_path.iterdir()) == []


def test_truncated_copy_source_fails_before_any_file_appears(tmp_path):
    source = tmp_path / "cut.wav"
    whole = FIXTURE_WAVS[0].read_bytes()
    source.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(WavError, match="truncated"):
        write_tagged(source, tmp_path / "o.wav", archive_record())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut.wav"]


def test_unique_temp_names_do_not_collide_with_user_files(tmp_path):
    keep = tmp_path / f".o.wav.{uuid.uuid4().hex[:8]}.part"
    keep.write_bytes(b"user file")
    write_tagged(FIXTURE_WAVS[0], tmp_path / "o.wav", archive_record())
    assert keep.read_bytes() == b"user file"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([keep.name, "o.wav"])
    assert read_wav(tmp_path / "o.wav").find("_PMX") is not None
    assert os.access(tmp_path / "o.wav", os.R_OK)
