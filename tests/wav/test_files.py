"""Which names are WAVs: one list for the drop, the import dialog, the file dialog and the watch folder."""

from __future__ import annotations

import pytest

from studio_app.wav.errors import WavError
from studio_app.wav.files import wav_files_in, wav_name_patterns
from studio_app.wav.reader import read_wav

WAVE64_GUID = bytes.fromhex("726966662e91cf11a5d628db04c10000")  # 'riff' GUID that opens a Sony Wave64 file


def test_a_wave64_file_is_refused_by_name_as_the_reader_refuses_it(tmp_path):
    for name in ("a.wav", "b.WAVE", "c.bwf", "d.RF64", "e.w64", "f.mp3"):
        (tmp_path / name).write_bytes(b"")
    wave64 = tmp_path / "e.w64"
    wave64.write_bytes(WAVE64_GUID + bytes(64))
    with pytest.raises(WavError):
        read_wav(wave64)
    assert [p.name for p in wav_files_in([tmp_path])] == ["a.wav", "b.WAVE", "c.bwf", "d.RF64"]
    patterns = wav_name_patterns().split()
    assert {"*.wav", "*.WAV", "*.wave", "*.bwf", "*.rf64"} <= set(patterns)
    assert not any("w64" in pattern.lower() for pattern in patterns)
