"""The slate of a take from its file name (pure) and from real recorders' iXML (the shared fixtures)."""

from __future__ import annotations

import pytest

from studio_app.core.slate import Slate, slate_from_file_name
from studio_app.wav.ixml import read_recorder_slate
from studio_app.wav.reader import read_wav
from tests.conftest import FIXTURES_DIR


@pytest.mark.parametrize(
    ("name", "slate"),
    [
        ("S12_L04_T08.wav", Slate("12", "04", 8)),
        ("Sc12-T3.wav", Slate("12", "", 3)),
        ("scene 7 take 2.WAV", Slate("7", "", 2)),
        ("第一集_S3_L12_T003.wav", Slate("3", "12", 3)),
        ("Scene_1_2AG-T001_Tr1.WAV", Slate("1", "", 1)),
    ],
)
def test_common_file_name_patterns_give_scene_line_and_take(name, slate):
    assert slate_from_file_name(name) == slate


@pytest.mark.parametrize("name", ["A101_1.WAV", "Sr001-2C-01_01.WAV", "new_camera_bumb_1.wav", "T0.wav"])
def test_names_without_a_slate_say_nothing(name):
    assert slate_from_file_name(name) == Slate()


@pytest.mark.parametrize(
    ("fixture", "slate"),
    [
        ("sounddevices/A101_3.WAV", Slate("A101", "", 3)),
        ("zoom_F8/Scene_1_2AG-T001_Tr1.WAV", Slate("Scene_1_2AG", "", 1, "Test 01 wavinfo")),
        ("metacorder/Sr001-2C-01_01.WAV", Slate("2C", "", 1, "Tail Slate Cloth noise")),
        ("nuendo/wavinfo_Test_Project_-_Audio_-_Stereo.wav", Slate()),
        ("cue_chunks/STE-000.wav", Slate()),
    ],
)
def test_recorder_ixml_gives_scene_take_and_note(fixture, slate):
    assert read_recorder_slate(read_wav(FIXTURES_DIR / fixture)) == slate
