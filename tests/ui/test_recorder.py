"""The recorder's widgets: meters polled from the model, cached waveform thumbnails, and the record panel
and player driven end to end against the ALSA sine device (in a child process: PortAudio reads the ALSA
configuration once per process)."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QColor

from studio_app.services.ledger import Ledger
from studio_app.services.meters import MeterModel
from studio_app.services.recording import RecorderStats
from studio_app.ui.recorder.meters_widget import CLIP_BOX, POLL_MS, LevelMeters
from studio_app.ui.recorder.playback_widget import TakePlayer
from studio_app.ui.recorder.record_panel import RecordPanel
from studio_app.ui.recorder.watch_panel import WatchPanel
from studio_app.ui.recorder.waveform import COLUMNS, WaveformCache, WaveformThumbnail
from tests.ui.ui_driver import run_with_sine


def sine_block(amplitude: float, frames: int = 4800) -> np.ndarray:
    return (amplitude * np.sin(2 * np.pi * 1000 * np.arange(frames) / 48000)).astype(np.float32)[:, None]


def test_meters_poll_the_model_at_least_30_times_a_second(qtbot):
    meters = LevelMeters()
    qtbot.addWidget(meters)
    meters.resize(60, 200)
    model = MeterModel(1, 48000)
    meters.set_model(model)
    assert meters.timer.isActive() and POLL_MS <= 1000 / 30
    model.feed(sine_block(10 ** (-12 / 20)))
    qtbot.waitUntil(lambda: bool(meters.levels), timeout=2000)
    assert meters.levels[0].peak_db == pytest.approx(-12, abs=0.01)


def test_meter_bar_is_lit_up_to_the_level_and_the_clip_light_resets_on_click(qtbot):
    meters = LevelMeters()
    qtbot.addWidget(meters)
    meters.resize(40, 212)
    model = MeterModel(1, 48000)
    meters.set_model(model)
    block = sine_block(10 ** (-30 / 20))
    block[10] = 1.0
    model.feed(block)
    meters.poll()
    model.feed(sine_block(10 ** (-30 / 20), 48000))
    meters.poll()
    image = meters.grab().toImage()
    bar_top, bar_height = CLIP_BOX + 4, meters.height() - CLIP_BOX - 6
    at_db = lambda db: round(bar_top + bar_height * (-db / 60))  # noqa: E731
    assert image.pixelColor(20, at_db(-36)) != QColor("#202020")
    assert image.pixelColor(20, at_db(-24)) == QColor("#202020")
    assert image.pixelColor(20, 6) == QColor("#e03030")
    qtbot.mouseClick(meters, Qt.MouseButton.LeftButton, pos=QPoint(20, 100))
    assert meters.grab().toImage().pixelColor(20, 6) == QColor("#402020")


def test_waveform_is_computed_off_the_gui_thread_once_and_then_cached(qtbot, tmp_path):
    path = tmp_path / "ramp.wav"
    ramp = np.linspace(-0.5, 0.5, 48000 * 2).astype(np.float32)
    soundfile.write(path, ramp, 48000, "FLOAT")
    cache = WaveformCache()
    first = WaveformThumbnail(cache=cache)
    qtbot.addWidget(first)
    first.set_path(path)
    assert first.worker is not None and first.peaks is None
    qtbot.waitUntil(lambda: first.peaks is not None, timeout=10000)
    assert first.peaks.shape == (COLUMNS, 2)
    assert first.peaks[0, 0] == pytest.approx(-0.5, abs=1e-6)
    assert first.peaks[-1, 1] == pytest.approx(0.5, abs=1e-6)
    assert np.all(np.diff(first.peaks[:, 1]) > 0)
    second = WaveformThumbnail(cache=cache)
    qtbot.addWidget(second)
    second.set_path(path)
    assert second.worker is None and second.peaks is first.peaks


def test_waveform_of_a_missing_file_says_so(qtbot, tmp_path):
    widget = WaveformThumbnail(cache=WaveformCache())
    qtbot.addWidget(widget)
    widget.set_path(tmp_path / "gone.wav")
    assert widget.peaks is None and "gone.wav" in widget.error


def test_the_recorder_widgets_follow_a_language_change_while_on_screen(qtbot, app_language):
    panel, watch, player = RecordPanel(), WatchPanel(), TakePlayer()
    for widget in (panel, watch, player):
        qtbot.addWidget(widget)
    panel.show_stats(RecorderStats(48000, 48000, 0, 0, 7200))
    english = (panel.record_button.text(), watch.title(), player.play_button.text(), panel.disk_left.text())
    app_language.apply("zh_CN")
    translate = QCoreApplication.translate
    chinese = (
        translate("RecordPanel", "Record"), translate("WatchPanel", "DAW watch folders"),
        translate("TakePlayer", "Play"), translate("RecordPanel", "%s h %s min") % (2, 0),
    )
    assert all(c != e for c, e in zip(chinese, english, strict=True))
    qtbot.waitUntil(lambda: panel.record_button.text() == chinese[0])
    texts = (panel.record_button.text(), watch.title(), player.play_button.text(), panel.disk_left.text())
    assert texts == chinese


def test_record_panel_needs_a_session_and_shows_overruns_in_red(qtbot):
    panel = RecordPanel()
    qtbot.addWidget(panel)
    assert not panel.record_button.isEnabled()
    with Ledger.open() as ledger:
        session = ledger.create_session("Panel")
        panel.set_ledger(ledger)
        panel.set_session(session.id, ())
        assert panel.record_button.isEnabled() and not panel.stop_button.isEnabled()
        panel.show_stats(RecorderStats(48000 * 75, 48000, 2, 1, 3 * 3600 + 25 * 60))
        assert panel.elapsed.text() == "1:15.0"
        assert panel.disk_left.text() == "3 h 25 min"
        assert panel.overruns.text().startswith("3 ") and "d03030" in panel.overruns.styleSheet()
        panel.set_ledger(None)


PANEL_ON_THE_SINE = """
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from studio_app.services.ledger import Ledger
from studio_app.ui.recorder.playback_widget import TakePlayer
from studio_app.ui.recorder.record_panel import RecordPanel

app = QApplication([])
ledger = Ledger.open()
session = ledger.create_session("Booth")
actor = ledger.add_actor(session.id, "Kim")
panel = RecordPanel()
panel.set_ledger(ledger)
panel.set_session(session.id, (actor.id,))
panel.refresh_devices()
panel.device.setCurrentIndex(panel.device.findData("slate_sine, ALSA"))
"""
"""A record panel for a one-actor session, its input set to the ALSA sine device: the scripts' start."""

PANEL_SCRIPT = PANEL_ON_THE_SINE + """
player = TakePlayer(device="slate_sine")
seen = {"devices": [panel.device.itemData(i) for i in range(panel.device.count())], "levels": []}
panel.take_started.connect(
    lambda take_id: seen.update(started=take_id, status=ledger.take(take_id).status.value)
)
panel.failed.connect(lambda message: seen.update(failed=message))

def finished(take):
    seen.update(finished=take.id, status_after=take.status.value, duration=take.duration,
                overruns=panel.overruns.text())
    player.set_path(take.path)
    player.play()
    QTimer.singleShot(3000, app.quit)

def press(button, stamp):  # the take lasts from one press to the other, however late the timers fire
    seen[stamp] = time.monotonic()
    button.click()

panel.take_finished.connect(finished)
QTimer.singleShot(0, lambda: press(panel.record_button, "record_at"))
QTimer.singleShot(1000, lambda: seen["levels"].append(panel.meters.levels[0].peak_db))
QTimer.singleShot(1500, lambda: press(panel.stop_button, "stop_at"))
app.exec()
seen.update(played_ms=player.position.value(), bar_max=player.position.maximum(),
            button=player.play_button.text())
print(json.dumps(seen))
"""


def test_record_panel_records_a_pending_take_and_the_player_plays_it(tmp_path):
    seen = run_with_sine(tmp_path, PANEL_SCRIPT)
    assert "failed" not in seen and "slate_sine, ALSA" in seen["devices"]
    assert seen["started"] == seen["finished"] and seen["status"] == "recording"
    assert seen["status_after"] == "complete"
    assert seen["duration"] == pytest.approx(seen["stop_at"] - seen["record_at"], abs=0.3)
    assert seen["overruns"].startswith("0 ")
    assert seen["levels"][0] == pytest.approx(-12, abs=0.3)
    assert seen["played_ms"] == seen["bar_max"] == round(seen["duration"] * 1000)
    assert seen["button"] == "Play"


FINISH_SCRIPT = PANEL_ON_THE_SINE + """
seen = {}
panel.failed.connect(lambda message: seen.update(failed=message))

def stop_while_the_ledger_is_write_locked():
    take_id = panel.recording.take.id
    seen["stop_at"] = time.monotonic()
    # The GUI's connection holds the write lock: a finish on the GUI thread would run inside it and
    # complete the take at once; the worker's own connection has to wait until it is let go.
    with ledger.store.writing():
        panel.stop_button.click()
        panel.start_recording()  # the shortcut's way in while the button is off
        seen.update(
            status=ledger.take(take_id).status.value, finishing=panel.finishing is not None,
            recording=panel.recording is not None, record_enabled=panel.record_button.isEnabled(),
            state=panel.state.text(), takes=len(ledger.list_takes(session.id)),
        )

def finished(take):
    seen.update(
        status_after=take.status.value, duration=take.duration, hashed=bool(take.audio_sha256),
        record_enabled_after=panel.record_button.isEnabled(), state_after=panel.state.text(),
        elapsed=panel.elapsed.text(),
    )
    app.quit()

def record():
    seen["record_at"] = time.monotonic()
    panel.record_button.click()

panel.take_finished.connect(finished)
QTimer.singleShot(0, record)
QTimer.singleShot(1000, stop_while_the_ledger_is_write_locked)
app.exec()
print(json.dumps(seen))
"""


def test_stop_returns_at_once_and_the_take_is_finished_by_a_worker_before_the_next_can_start(tmp_path):
    seen = run_with_sine(tmp_path, FINISH_SCRIPT, timeout=90)
    assert "failed" not in seen
    assert seen["status"] == "recording" and seen["finishing"] and not seen["recording"]
    assert not seen["record_enabled"] and seen["state"] == "Finishing Booth_T001.wav…"
    assert seen["takes"] == 1
    assert seen["status_after"] == "complete" and seen["hashed"]
    assert seen["duration"] == pytest.approx(seen["stop_at"] - seen["record_at"], abs=0.3)
    assert seen["record_enabled_after"] and seen["state_after"] == ""
    assert seen["elapsed"] == f"0:{seen['duration']:04.1f}"


def test_the_panel_shows_the_disk_time_left_before_record_and_follows_the_settings(qtbot, ledger):
    session = ledger.create_session("Booth")
    panel = RecordPanel()
    qtbot.addWidget(panel)
    panel.set_ledger(ledger)
    assert panel.disk_left.text() == ""

    def minutes_shown() -> int:
        hours, minutes = panel.disk_left.text().removesuffix(" min").split(" h ")
        return int(hours) * 60 + int(minutes)

    panel.set_session(session.id)
    one_channel = minutes_shown()
    panel.channels.setValue(8)
    assert one_channel > 8 and minutes_shown() == pytest.approx(one_channel / 8, abs=1)
