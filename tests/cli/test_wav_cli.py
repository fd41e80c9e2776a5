"""`consent-slate inspect` and `consent-slate tag --not-authorized`: exit codes, one line per refusal."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile

from studio_app.cli import main
from studio_app.core.scopes import ALL_SCOPES, Method, Permission
from studio_app.wav.reader import audio_sha256
from studio_app.wav.tagging import read_consent_tags
from tests.conftest import FIXTURE_WAVS, PROJECT_ROOT
from tests.wav.conftest import (
    BAD_FILES,
    BILLION_LAUGHS,
    EXTERNAL_ENTITY_XMP,
    chunk,
    ffmpeg_wav,
    pcm16_fmt,
    riff,
    tmpfs,
)

SOURCES = [next(p for p in FIXTURE_WAVS if p.name == name) for name in ("A101_1.WAV", "umid.wav")]


def _tag(tmp_path, *extra):
    reason = "contract predates AI"
    return main(["tag", "--not-authorized", "--reason", reason, "--out", str(tmp_path), *extra])


def test_tag_writes_refusing_copies_for_every_actor_and_scope(tmp_path, capsys):
    assert _tag(tmp_path, "--actor", "张伟", "--actor", "Ann Lee", *map(str, SOURCES)) == 0
    for source in SOURCES:
        tags = read_consent_tags(tmp_path / source.name)
        record = tags.ixml_record
        assert record == tags.xmp_record and record.audio_sha256 == audio_sha256(source)
        assert [a.name for a in record.actors] == ["张伟", "Ann Lee"]
        for actor in record.actors:
            assert {d.scope for d in actor.decisions} == set(ALL_SCOPES)
            for d in actor.decisions:
                assert d.permission is Permission.NOT_AUTHORIZED
                assert d.method is Method.ENGINEER_RESTRICTION and d.reason == "contract predates AI"
    assert capsys.readouterr().out.count("not authorized") == len(SOURCES)


def test_tag_refuses_bad_files_one_line_each_and_still_does_the_others(tmp_path, capsys):
    bad = tmp_path / "notes.wav"
    bad.write_text("not audio")
    out = tmp_path / "out"
    out.mkdir()
    assert _tag(out, str(bad), str(SOURCES[0])) == 1
    assert capsys.readouterr().err.splitlines() == [f"{bad}: not a RIFF/WAVE file"]
    assert sorted(p.name for p in out.iterdir()) == [SOURCES[0].name]


def test_tag_never_overwrites_a_file_in_the_output_folder(tmp_path, capsys):
    existing = tmp_path / SOURCES[0].name
    existing.write_bytes(b"earlier delivery")
    assert _tag(tmp_path, str(SOURCES[0])) == 1
    assert existing.read_bytes() == b"earlier delivery"
    assert capsys.readouterr().err.strip() == f"{existing}: already exists (not overwritten)"


@pytest.mark.parametrize(
    "argv",
    [
        ["tag", "--reason", "x", "--out", "."],
        ["tag", "--not-authorized", "--out", ".", "a.wav"],
        ["tag", "--not-authorized", "--reason", "x", "a.wav"],
        ["tag", "--authorized", "--reason", "x", "--out", ".", "a.wav"],
        ["tag", "--not-authorized", "--reason", "  ", "--out", ".", "a.wav"],
    ],
    ids=["no-decision", "no-reason", "no-out", "no-grant-option", "blank-reason"],
)
def test_tag_usage_errors_exit_2(argv, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert list(tmp_path.iterdir()) == []


def test_missing_output_folder_refuses_every_file_one_line_each(tmp_path, capsys):
    missing = tmp_path / "missing"
    assert _tag(missing, *map(str, SOURCES)) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{missing / s.name}: destination folder {missing} does not exist" for s in SOURCES
    ]
    assert list(tmp_path.iterdir()) == []


def test_inspect_shows_format_chunks_and_one_line_per_scope(tmp_path, capsys):
    _tag(tmp_path, "--actor", "张伟", str(SOURCES[0]))
    capsys.readouterr()
    assert main(["inspect", str(tmp_path / SOURCES[0].name)]) == 0
    text = capsys.readouterr().out
    assert "RIFF/WAVE, PCM 24-bit, 2 ch, 48000 Hz" in text
    assert "'iXML'" in text and "'_PMX'" in text and "'data'" in text
    for scope in ALL_SCOPES:
        assert f"  {scope.value}: not_authorized" in text
    assert "actors: 张伟" in text


def test_inspect_says_when_there_is_no_record(capsys):
    assert main(["inspect", str(SOURCES[0])]) == 0
    assert capsys.readouterr().out.rstrip().endswith("no consent record")


def test_inspect_json_is_machine_readable(tmp_path, capsys):
    _tag(tmp_path, str(SOURCES[1]))
    capsys.readouterr()
    assert main(["inspect", "--json", str(tmp_path / SOURCES[1].name)]) == 0
    report = json.loads(capsys.readouterr().out)
    info = soundfile.info(str(SOURCES[1]))
    assert (report["format"]["sample_rate"], report["format"]["frames"]) == (info.samplerate, info.frames)
    assert report["consent"]["data_mining"] == "DMI-PROHIBITED"
    assert set(report["consent"]["scopes"].values()) == {"not_authorized"}
    assert [c["id"] for c in report["chunks"]].count("bext") == 1


def test_inspect_bad_file_is_one_line_and_exit_1(tmp_path, capsys):
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    assert main(["inspect", str(empty)]) == 1
    assert capsys.readouterr().err == f"{empty}: empty file (0 bytes)\n"


def test_console_entry_point_runs_the_command(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "studio_app", "inspect", str(SOURCES[0])],
        capture_output=True, text=True, cwd=PROJECT_ROOT,
    )
    assert run.returncode == 0 and "no consent record" in run.stdout


def test_hostile_ixml_is_one_line_for_inspect_and_tag(tmp_path, capsys):
    source = tmp_path / "laughs.wav"
    body = riff(chunk(b"fmt ", pcm16_fmt()), chunk(b"data", bytes(64)), chunk(b"iXML", BILLION_LAUGHS))
    source.write_bytes(body)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["inspect", str(source)]) == 1
    assert _tag(out, str(source)) == 1
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2 and all(line.startswith(f"{source}: iXML chunk refused") for line in lines)
    assert list(out.iterdir()) == []


def _wav_with(chunk_id: bytes, payload: bytes) -> bytes:
    """A small valid WAV with one more chunk after its audio."""
    return riff(chunk(b"fmt ", pcm16_fmt()), chunk(b"data", bytes(64)), chunk(chunk_id, payload))


BAD_SOURCES = {
    **{case: content for case, (content, _) in BAD_FILES.items()},
    "hostile_ixml": _wav_with(b"iXML", BILLION_LAUGHS),
    "xml_element_flood": _wav_with(b"iXML", b"<N/>" * 200_001),
    "xml_nested_deep": _wav_with(b"iXML", b"<a>" * 5000 + b"</a>" * 5000),
    "external_entity_xmp": _wav_with(b"_PMX", EXTERNAL_ENTITY_XMP),
}


def _tag_in_child(out: Path, source: Path, prefix: list[str] = ()) -> tuple[int, str]:
    """`tag` in its own process, time-limited: a source that blocks fails the test, never hangs it."""
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "studio_app", "tag", "--not-authorized", "--reason", "archive",
         "--out", str(out), str(source)],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=60,
    )
    return done.returncode, done.stderr


def _refused_alone(source: Path, out: Path, run) -> str:
    """`tag` on one bad source: exit 1, exactly one line naming the file and a reason, nothing in the
    output folder (no copy, no temp file), the source byte for byte as it was. Returns the line."""
    before = source.read_bytes() if source.is_file() else None
    code, err = run()
    assert code == 1
    (line,) = err.splitlines()
    assert line.startswith(f"{source}: ") and len(line) > len(f"{source}: ")
    assert list(out.iterdir()) == []
    if before is not None:
        assert source.read_bytes() == before
    return line


@pytest.mark.parametrize("case", sorted(BAD_SOURCES))
def test_tag_refuses_each_bad_source_with_one_line_and_leaves_nothing(tmp_path, capsys, case):
    source = tmp_path / f"{case}.wav"
    source.write_bytes(BAD_SOURCES[case])
    out = tmp_path / "out"
    out.mkdir()

    def run():
        code = _tag(out, str(source))
        return code, capsys.readouterr().err

    _refused_alone(source, out, run)


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_tag_refuses_a_pipe_or_folder_without_waiting(tmp_path, kind):
    """A named pipe would block a plain open() forever, waiting for a writer: run in a child with a
    time limit, so a regression fails the test instead of hanging the suite."""
    source = tmp_path / "take.wav"
    os.mkfifo(source) if kind == "fifo" else source.mkdir()
    out = tmp_path / "out"
    out.mkdir()

    _refused_alone(source, out, lambda: _tag_in_child(out, source))


def test_tag_refuses_an_unreadable_source(tmp_path):
    """Mode 000. Root reads anything through CAP_DAC_OVERRIDE, so as root the command runs without it."""
    source = tmp_path / "locked.wav"
    source.write_bytes(SOURCES[0].read_bytes())
    out = tmp_path / "out"
    out.mkdir()
    prefix = []
    if os.geteuid() == 0:
        caps = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--bounding-set={caps}", f"--inh-caps={caps}"]
        if shutil.which("setpriv") is None:
            pytest.skip("root without setpriv cannot be denied a read")

    def locked():
        source.chmod(0)
        try:
            return _tag_in_child(out, source, prefix)
        finally:
            source.chmod(0o600)

    assert _refused_alone(source, out, locked) == f"{source}: cannot read: Permission denied"


@pytest.mark.parametrize(
    ("options", "reason"), [("size=1m,ro", "Read-only file system"), ("size=512k", "disk full")]
)
def test_tag_into_a_read_only_or_full_filesystem_is_one_line_and_nothing_left(
    tmp_path, capsys, options, reason
):
    source = next(p for p in FIXTURE_WAVS if p.stat().st_size > 1_000_000)
    before = source.read_bytes()
    with tmpfs(tmp_path / "mnt", options) as out:
        assert _tag(out, str(source)) == 1
        (line,) = capsys.readouterr().err.splitlines()
        assert line.startswith(f"{out / source.name}: ") and reason in line
        assert list(out.iterdir()) == []
    assert source.read_bytes() == before


STUDIO_COPYRIGHT = "(C) 2024 Studio A. All rights reserved"
STUDIO_COMMENT = "Recorded at Studio A, room 2"
USAGE_TERMS = "Broadcast use only until 2027"


def _source_with_rights(tmp_path) -> Path:
    """INFO ICOP/ICMT written by ffmpeg, and an XMP packet with dc:rights and xmpRights:UsageTerms written
    by exiftool (as a sidecar: exiftool cannot write WAV) embedded as _PMX."""
    audio = ffmpeg_wav(tmp_path / "ffmpeg.wav", "-metadata", f"copyright={STUDIO_COPYRIGHT}",
                       "-metadata", f"comment={STUDIO_COMMENT}")
    sidecar = tmp_path / "rights.xmp"
    subprocess.run(["exiftool", "-q", "-o", str(sidecar), f"-XMP-dc:Rights={STUDIO_COPYRIGHT}",
                    f"-XMP-xmpRights:UsageTerms={USAGE_TERMS}"], check=True)
    source = tmp_path / "rights.wav"
    source.write_bytes(audio.read_bytes())
    with open(source, "r+b") as f:
        f.seek(0, 2)
        f.write(chunk(b"_PMX", sidecar.read_bytes()))
        size = f.tell() - 8
        f.seek(4)
        f.write(size.to_bytes(4, "little"))
    return source


def test_rights_text_in_the_source_is_kept_and_ours_added_once(tmp_path, capsys):
    source = _source_with_rights(tmp_path)
    (tmp_path / "once").mkdir()
    (tmp_path / "twice").mkdir()
    assert main(["tag", "--not-authorized", "--reason", "archive", "--out", str(tmp_path / "once"),
                 str(source)]) == 0
    once = tmp_path / "once" / source.name
    assert main(["tag", "--not-authorized", "--reason", "archive", "--out", str(tmp_path / "twice"),
                 str(once)]) == 0
    twice = tmp_path / "twice" / source.name
    exif = json.loads(subprocess.run(["exiftool", "-j", "-G1", "-lang", "en", str(twice)],
                                     capture_output=True, text=True, check=True).stdout)[0]
    for tag, theirs in (("RIFF:Copyright", STUDIO_COPYRIGHT), ("RIFF:Comment", STUDIO_COMMENT),
                        ("XMP-dc:Rights", STUDIO_COPYRIGHT), ("XMP-xmpRights:UsageTerms", USAGE_TERMS)):
        assert exif[tag].startswith(theirs), tag
        assert exif[tag].count("consent") == 1, (tag, "ours once, after theirs")
    probe = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format_tags", "-of", "json", str(twice)],
        capture_output=True, text=True, check=True,
    ).stdout)
    tags = probe["format"]["tags"]
    assert tags["copyright"].startswith(STUDIO_COPYRIGHT) and "NOT AUTHORIZED" in tags["copyright"]
    assert tags["comment"].startswith(STUDIO_COMMENT) and "DMI-PROHIBITED" in tags["comment"]
    capsys.readouterr()
    assert main(["inspect", "--json", str(twice)]) == 0
    kept = json.loads(capsys.readouterr().out)["rights_kept"]
    assert kept["INFO ICOP"] == STUDIO_COPYRIGHT and kept["INFO ICMT"] == STUDIO_COMMENT
    assert kept["XMP dc:rights (x-default)"] == STUDIO_COPYRIGHT
    assert kept["XMP xmpRights:UsageTerms (x-default)"] == USAGE_TERMS
