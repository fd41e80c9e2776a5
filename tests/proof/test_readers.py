"""Every common reader reads every output: the `wavinfo` CLI and c2pa's validation on each fixture's
tagged and signed copy, the ASWG block as a game-audio pipeline reads it, EBU R98 CodingHistory, and
the source's file name kept through an export."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import c2pa
import pytest
from wavinfo import WavInfoReader

from studio_app.core.scopes import Permission, Purpose, Scope
from studio_app.proof.credentials import CredentialSigner, write_signed
from studio_app.proof.identity import load_or_create_identity
from studio_app.services.export import ExportOptions, export_takes
from studio_app.services.ledger import Ledger
from studio_app.services.ledger.decisions import apply_session_default
from studio_app.services.ledger.intake import import_take
from studio_app.wav.bext import decode_bext
from studio_app.wav.reader import read_chunk, read_wav
from studio_app.wav.tagging import write_tagged
from tests.conftest import FIXTURE_WAVS, FIXTURES_DIR
from tests.proof.conftest import actor, consent_record
from tests.wav.conftest import chunk, ffmpeg_wav, pcm16_fmt, riff

WAVINFO = str(Path(sys.executable).with_name("wavinfo"))  # the CLI installed with the test extras
# The ASWG v1.1 elements we write, in the order of the schema's xs:sequence (aswg_ixml_1_1.xsd).
ASWG_ORDER = ["contentType", "isGenerated", "recEngineer", "recStudio", "characterName", "actorName",
              "usageRights", "isUnion", "schemaVersion"]


def wavinfo_cli(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([WAVINFO, str(path)], capture_output=True, text=True)


def validation_codes(path: Path) -> set[str]:
    with c2pa.Reader(str(path)) as reader:
        results = reader.get_validation_results()
    return set(re.findall(r'"code":\s*"([^"]+)"', json.dumps(results)))


@pytest.mark.parametrize("source", FIXTURE_WAVS, ids=lambda p: p.name)
def test_wavinfo_and_c2pa_read_every_fixtures_tagged_and_signed_copy(source, tmp_path):
    (tmp_path / "tagged").mkdir()
    tagged = write_tagged(source, tmp_path / "tagged" / source.name, consent_record("T-tag"))
    signed = write_signed(source, tmp_path / source.name, consent_record("T-sign"),
                          CredentialSigner(load_or_create_identity()))
    for path in (tagged.destination, signed.tagged.destination):
        run = wavinfo_cli(path)
        assert run.returncode == 0, run.stderr
        assert WavInfoReader(str(path)).ixml.raw_xml.find("CONSENT_SLATE") is not None
    reserved = signed.tagged.layout.reserved
    assert reserved.size % 2 == 0 and reserved.offset + 8 + reserved.size == signed.tagged.layout.file_size
    codes = validation_codes(signed.tagged.destination)
    assert {"claimSignature.validated", "assertion.dataHash.match"} <= codes
    assert "assertion.dataHash.additionalExclusionsPresent" not in codes


def test_a_new_ixml_lists_one_track_per_channel(tmp_path):
    source = ffmpeg_wav(tmp_path / "src.wav", "-ac", "3")
    out = write_tagged(source, tmp_path / "out.wav", consent_record("T")).destination
    tracks = list(WavInfoReader(str(out)).ixml.track_list)
    assert [(t.channel_index, t.interleave_index) for t in tracks] == [("1", "1"), ("2", "2"), ("3", "3")]
    assert WavInfoReader(str(out)).ixml.raw_xml.findtext("TRACK_LIST/TRACK_COUNT") == "3"


def test_aswg_block_carries_character_actor_studio_engineer_and_rights_in_schema_order(tmp_path):
    record = replace(consent_record("T", actor("林小雨", {Scope.AI_TRAINING: Permission.AUTHORIZED})),
                     extra={"character": "老王", "engineer": "Sam Chen"})
    out = write_tagged(ffmpeg_wav(tmp_path / "src.wav"), tmp_path / "out.wav", record).destination
    aswg = WavInfoReader(str(out)).ixml.raw_xml.find("ASWG")
    tags = [child.tag for child in aswg]
    assert tags == [t for t in ASWG_ORDER if t in tags]
    values = {child.tag: child.text for child in aswg}
    assert values["characterName"] == "老王" and values["actorName"] == "林小雨"
    assert values["recStudio"] == "Studio Nord" and values["recEngineer"] == "Sam Chen"
    assert values["isGenerated"] == "false" and values["schemaVersion"] == "1.1"
    assert "AI training: authorized" in values["usageRights"]
    assert "Voice cloning: not authorized" in values["usageRights"]
    exif = json.loads(subprocess.run(["exiftool", "-j", "-XML:all", str(out)], capture_output=True,
                                     text=True, check=True).stdout)[0]
    assert exif["BwfxmlAswgCharacterName"] == "老王"


def test_a_foreign_aswg_block_is_completed_not_replaced(tmp_path):
    ixml = (b'<?xml version="1.0" encoding="UTF-8"?><BWFXML><IXML_VERSION>1.5</IXML_VERSION>'
            b"<ASWG><project>Game X</project><characterName>Kratos</characterName>"
            b"<usageRights>Internal</usageRights><emotion>angry</emotion></ASWG></BWFXML>")
    source = tmp_path / "src.wav"
    source.write_bytes(riff(chunk(b"fmt ", pcm16_fmt()), chunk(b"data", bytes(800)), chunk(b"iXML", ixml)))
    record = replace(consent_record("T"), extra={"character": "老王"})
    once = write_tagged(source, tmp_path / "once.wav", record).destination
    twice = write_tagged(once, tmp_path / "twice.wav", record).destination
    aswg = WavInfoReader(str(twice)).ixml.raw_xml.find("ASWG")
    values = {child.tag: child.text for child in aswg}
    assert values["project"] == "Game X" and values["emotion"] == "angry"
    assert values["characterName"] == "Kratos", "the file's own value is kept"
    assert values["usageRights"].splitlines()[0] == "Internal"
    assert len(values["usageRights"].splitlines()) == 2, "one line of ours, not one per tagging"
    assert [c.tag for c in aswg].index("project") < [c.tag for c in aswg].index("isGenerated")
    assert wavinfo_cli(twice).returncode == 0


@pytest.mark.parametrize("channels", [1, 2, 6])
def test_coding_history_follows_ebu_r98_and_a_new_bext_names_its_origin(channels, tmp_path):
    source = ffmpeg_wav(tmp_path / "src.wav", "-ac", str(channels))
    out = write_tagged(source, tmp_path / "out.wav", consent_record("T")).destination
    bext = decode_bext(read_chunk(read_wav(out), read_wav(out).find("bext")))
    line = bext.coding_history.strip()
    parameters = dict(p.split("=", 1) for p in line.split(","))
    assert set(parameters) <= {"A", "F", "B", "W", "M", "T"}
    assert parameters.get("M") == {1: "mono", 2: "stereo"}.get(channels)
    assert "consent-slate record T" in parameters["T"]
    assert bext.originator == "Studio Nord"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", bext.origination_date)
    assert re.fullmatch(r"\d{2}:\d{2}:\d{2}", bext.origination_time)


def test_export_keeps_the_source_extension_case_and_the_takes_character(tmp_path):
    source = FIXTURES_DIR / "sounddevices" / "A101_1.WAV"
    with Ledger.open(tmp_path / "ledger.sqlite3") as ledger:
        session = ledger.create_session("S", studio="Studio Nord", engineer="Sam", contract_status="none")
        performer = ledger.add_actor(session.id, "林小雨")
        take = import_take(ledger, session.id, source, [performer.id], character="老王")
        apply_session_default(ledger, session.id)
        report = export_takes(ledger, [take.id], tmp_path / "out", ExportOptions(Purpose.DELIVERY, "R"))
    assert [t.file_name for t in report.takes] == ["A101_1.WAV"]
    aswg = WavInfoReader(str(tmp_path / "out" / "A101_1.WAV")).ixml.raw_xml.find("ASWG")
    assert aswg.findtext("characterName") == "老王" and aswg.findtext("recEngineer") == "Sam"
