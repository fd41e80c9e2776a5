"""The meter model: levels of real captured audio, hold and decay, the clip light."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from studio_app.services.meters import FLOOR_DB, MeterModel


class Clock:
    """A clock the test moves by hand, so hold and decay are checked without sleeping."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def sine(amplitude: float, frames: int = 4800, rate: int = 48000, channels: int = 1) -> np.ndarray:
    wave = amplitude * np.sin(2 * np.pi * 1000 * np.arange(frames) / rate)
    return np.repeat(wave[:, None], channels, axis=1).astype(np.float32)


def test_meters_report_the_level_of_the_device_sine(alsa_sine, tmp_path):
    """Recorded from the ALSA sine device in a child process, polled at 30 fps like the UI does."""
    script = textwrap.dedent(
        f"""
        import json, time
        from studio_app.services.meters import MeterModel
        from studio_app.services.recording import Recorder, RecordingSettings
        meters = MeterModel(1, 48000)
        settings = RecordingSettings(device="slate_sine")
        recorder = Recorder({str(tmp_path / "m.wav")!r}, settings, meters=meters)
        recorder.start()
        polls = []
        for _ in range(45):
            time.sleep(1 / 30)
            polls.append(meters.levels()[0])
        recorder.stop()
        last = polls[-1]
        print(json.dumps([last.peak_db, last.rms_db, last.hold_db, last.clipped]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=alsa_sine.env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    peak, rms, hold, clipped = json.loads(done.stdout)
    assert peak == pytest.approx(alsa_sine.level_db, abs=0.3)
    assert rms == pytest.approx(alsa_sine.level_db - 3.01, abs=0.3)
    assert hold == pytest.approx(alsa_sine.level_db, abs=0.3)
    assert clipped is False


def test_integer_and_float_captures_read_the_same_level():
    levels = []
    for block in (sine(0.5), (sine(0.5) * 32767).astype(np.int16), (sine(0.5) * 2**31).astype(np.int32)):
        model = MeterModel(1, 48000)
        model.feed(block)
        levels.append(model.levels()[0])
    for level in levels:
        assert level.peak_db == pytest.approx(-6.02, abs=0.01)
        assert level.rms_db == pytest.approx(-9.03, abs=0.01)


def test_peak_is_per_channel():
    block = np.column_stack([sine(1.0)[:, 0] * 0.1, sine(1.0)[:, 0] * 0.01])
    model = MeterModel(2, 48000)
    model.feed(block)
    left, right = model.levels()
    assert left.peak_db == pytest.approx(-20, abs=0.01)
    assert right.peak_db == pytest.approx(-40, abs=0.01)


def test_peak_hold_stays_then_decays():
    clock = Clock()
    model = MeterModel(1, 48000, hold_seconds=1.5, decay_db_per_second=20, clock=clock)
    model.feed(sine(0.5))
    assert model.levels()[0].hold_db == pytest.approx(-6.02, abs=0.01)
    clock.now = 1.0
    model.feed(sine(0.05))
    assert model.levels()[0].hold_db == pytest.approx(-6.02, abs=0.01)
    clock.now = 2.0
    model.feed(sine(0.05))
    assert model.levels()[0].hold_db == pytest.approx(-6.02 - 20, abs=0.01)
    clock.now = 4.0
    model.feed(sine(0.05))
    assert model.levels()[0].hold_db == pytest.approx(-26.02, abs=0.01)


def test_clip_light_stays_on_until_the_engineer_resets_it():
    model = MeterModel(2, 48000)
    block = np.zeros((480, 2), dtype=np.int16)
    block[100, 1] = 32767
    model.feed(block)
    model.feed(np.zeros((48000, 2), dtype=np.int16))
    assert [level.clipped for level in model.levels()] == [False, True]
    assert [level.clipped for level in model.levels()] == [False, True]
    model.reset_clip()
    assert [level.clipped for level in model.levels()] == [False, False]


def test_silence_reads_the_floor_not_minus_infinity():
    model = MeterModel(1, 48000)
    assert model.levels()[0].rms_db == FLOOR_DB
    model.feed(np.zeros((100, 1), dtype=np.int32))
    level = model.levels()[0]
    assert level.peak_db == level.rms_db == FLOOR_DB


def test_rms_covers_only_the_latest_window():
    model = MeterModel(1, 48000, rms_window=0.1)
    model.feed(sine(0.5, frames=48000))
    model.feed(sine(0.05, frames=9600))
    assert model.levels()[0].rms_db == pytest.approx(-29.03, abs=0.05)


def test_a_poll_between_two_bursts_keeps_showing_the_last_peak():
    model = MeterModel(1, 48000)
    model.feed(sine(0.25))
    first = model.levels()[0].peak_db
    assert model.levels()[0].peak_db == first == pytest.approx(-12.04, abs=0.01)
    model.feed(sine(0.025))
    assert model.levels()[0].peak_db == pytest.approx(-32.04, abs=0.01)
