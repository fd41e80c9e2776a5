"""Takes arrive numbered and labelled (recorder iXML, file name), and labels change on many takes at once."""

from __future__ import annotations

import shutil

import pytest

from studio_app.core.model import ConsentRuleError
from studio_app.services.ledger.intake import import_take
from tests.conftest import FIXTURES_DIR


def test_imported_takes_carry_the_recorders_slate_and_a_number_each(ledger, tmp_path):
    session = ledger.create_session("Episode 7")
    actor = ledger.add_actor(session.id, "Anna Berg")
    plain = tmp_path / "booth"
    plain.mkdir()
    for name in ("one.wav", "two.wav"):
        shutil.copy(FIXTURES_DIR / "cue_chunks" / "STE-000.wav", plain / name)
    named = tmp_path / "S12_L04_T08.wav"
    shutil.copy(FIXTURES_DIR / "cue_chunks" / "STE-000.wav", named)
    sources = [
        FIXTURES_DIR / "sounddevices" / "A101_3.WAV",
        FIXTURES_DIR / "zoom_F8" / "Scene_1_2AG-T001_Tr1.WAV",
        plain / "one.wav",
        plain / "two.wav",
        named,
    ]
    takes = [import_take(ledger, session.id, path, [actor.id]) for path in sources]

    labels = [(t.scene, t.line, t.take_number, t.notes) for t in takes]
    assert labels == [
        ("A101", "", 3, ""),
        ("Scene_1_2AG", "", 1, "Test 01 wavinfo"),
        ("", "", 1, ""),
        ("", "", 2, ""),
        ("12", "04", 8, ""),
    ]
    stored = [(t.take.take_number, t.take.scene) for t in ledger.list_takes(session.id)]
    assert stored == [(n, scene) for scene, _line, n, _note in labels]
    given = import_take(ledger, session.id, sources[1], [actor.id], scene="12", take_number=5)
    assert (given.scene, given.take_number, given.notes) == ("12", 5, "Test 01 wavinfo")


def test_labels_change_on_several_takes_in_one_call_each_an_audit_event(ledger):
    session = ledger.create_session("Episode 7")
    actor = ledger.add_actor(session.id, "Anna Berg")
    takes = [
        import_take(ledger, session.id, FIXTURES_DIR / "sounddevices" / name, [actor.id])
        for name in ("A101_1.WAV", "A101_3.WAV")
    ]
    before = ledger.audit_head()[0]

    changed = ledger.update_takes([t.id for t in takes], scene=" 12  B ", character="Captain Mei")

    assert [(t.scene, t.character) for t in changed] == [("12 B", "Captain Mei")] * 2
    assert ledger.audit_head()[0] == before + 2
    assert ledger.verify_audit().ok
    with pytest.raises(ConsentRuleError, match="cannot change audio_sha256"):
        ledger.update_takes([takes[0].id], audio_sha256="0" * 64)
