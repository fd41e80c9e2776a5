"""The watch folder in the app: folders remembered per session, pickup on the runner's thread reported on
the GUI thread, a folder gone before Watch, and the main window's table showing the picked-up take."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from studio_app.services.ledger import Ledger
from studio_app.services.watch import remembered_folders
from studio_app.ui.main_window import MainWindow
from studio_app.ui.recorder.watch_panel import WatchPanel
from studio_app.wav.reader import audio_sha256


@pytest.fixture
def session(ledger):
    session = ledger.create_session("ADR day 3")
    ledger.add_actor(session.id, "Chen Jing")
    return session


def quick_panel(qtbot) -> WatchPanel:
    panel = WatchPanel(settle_seconds=0.2, interval=0.05)
    qtbot.addWidget(panel)
    return panel


def write_wav(path: Path) -> None:
    samples = np.random.default_rng(4).integers(-9000, 9000, size=(4800, 2), dtype=np.int16)
    soundfile.write(path, samples, 48000, "PCM_16")


def test_folders_are_remembered_for_the_session_and_shown_when_it_opens_again(
    qtbot, ledger, session, daw_folder, tmp_path
):
    bounces = tmp_path / "Bounces"
    bounces.mkdir()
    panel = quick_panel(qtbot)
    assert not panel.add_button.isEnabled()
    panel.set_session(ledger.path, session.id)
    assert panel.add_button.isEnabled() and not panel.watch_button.isEnabled()
    panel.add_folder(daw_folder)
    panel.add_folder(bounces)
    panel.add_folder(daw_folder)
    assert remembered_folders(session.id) == [daw_folder, bounces]
    panel.folders.item(0).setSelected(True)
    panel.remove_button.click()
    assert remembered_folders(session.id) == [bounces]
    other = ledger.create_session("Another day")
    panel.set_session(ledger.path, other.id)
    assert panel.folder_paths() == []
    again = quick_panel(qtbot)
    again.set_session(ledger.path, session.id)
    assert again.folder_paths() == [bounces] and again.watch_button.isEnabled()
    assert again.mode.currentData() is True  # copy in, until the session is watched by reference
    again.mode.setCurrentIndex(again.mode.findData(False))
    third = quick_panel(qtbot)
    third.set_session(ledger.path, session.id)
    assert third.mode.currentData() is False and third.folder_paths() == [bounces]


def test_watching_picks_up_a_finished_wav_on_the_runners_thread(qtbot, ledger, session, daw_folder):
    panel = quick_panel(qtbot)
    panel.set_session(ledger.path, session.id)
    panel.add_folder(daw_folder)
    panel.mode.setCurrentIndex(panel.mode.findData(False))
    panel.watch_button.click()
    assert panel.runner is not None and panel.watch_button.text() == "Stop watching"
    assert not panel.add_button.isEnabled() and not panel.mode.isEnabled()
    path = daw_folder / "Line 40.wav"
    try:
        with qtbot.waitSignal(panel.takes_changed, timeout=20000) as changed:
            write_wav(path)
    finally:
        panel.watch_button.click()
    assert panel.runner is None and panel.watch_button.text() == "Watch"
    [take_id] = changed.args[0]
    take = ledger.take(take_id)
    assert take.path == str(path) and take.audio_sha256 == audio_sha256(path)
    assert ledger.take_status(take_id).pending
    assert panel.log.item(0).text() == "Line 40.wav: picked up as a pending take"


def test_a_remembered_folder_that_is_gone_is_one_clear_failure(qtbot, ledger, session, daw_folder):
    panel = quick_panel(qtbot)
    panel.set_session(ledger.path, session.id)
    panel.add_folder(daw_folder)
    daw_folder.rmdir()
    with qtbot.waitSignal(panel.failed) as failed:
        panel.watch_button.click()
    assert failed.args == [f"{daw_folder}: is not a folder"]
    assert panel.runner is None and panel.watch_button.text() == "Watch"


def test_a_picked_up_take_appears_in_the_main_windows_table(qtbot, ledger, session, daw_folder):
    window = MainWindow(ledger)
    qtbot.addWidget(window)
    window.open_session(session.id)
    panel = window.recorder_dock.watch_panel
    panel.settle_seconds, panel.interval = 0.2, 0.05
    panel.add_folder(daw_folder)
    panel.start()
    try:
        with qtbot.waitSignal(panel.takes_changed, timeout=20000) as changed:
            write_wav(daw_folder / "Dialog 7.wav")
    finally:
        window.close()
    assert panel.runner is None
    [take_id] = changed.args[0]
    assert window.model.take_row(take_id).kind.value == "pending"


def test_a_pickup_delivered_after_the_session_changed_is_dropped(qtbot, qapp, ledger, session, daw_folder):
    panel = quick_panel(qtbot)
    panel.set_session(ledger.path, session.id)
    panel.add_folder(daw_folder)
    panel.start()
    write_wav(daw_folder / "Late.wav")
    with Ledger.open(ledger.path) as own:  # polled without running Qt's loop: the event stays queued
        deadline = time.monotonic() + 20
        while not own.list_takes(session.id) and time.monotonic() < deadline:
            time.sleep(0.02)
    other = ledger.create_session("Next day")
    panel.set_session(ledger.path, other.id)  # joins the runner: its event is queued by now
    changed = []
    panel.takes_changed.connect(changed.append)
    qapp.processEvents()
    assert changed == [] and panel.log.count() == 0
    assert len(ledger.list_takes(session.id)) == 1


def test_a_file_left_alone_says_why_in_the_apps_words_with_the_detail_in_its_tooltip(
    qtbot, ledger, session, daw_folder
):
    """The line is the app's own text (translated with the UI); the engine's detail is on hover."""
    panel = quick_panel(qtbot)
    panel.set_session(ledger.path, session.id)
    panel.add_folder(daw_folder)
    panel.watch_button.click()
    try:
        (daw_folder / "notes.wav").write_bytes(b"not audio at all, just a text file named .wav")
        qtbot.waitUntil(lambda: panel.log.count() == 1, timeout=20000)
    finally:
        panel.watch_button.click()
    line = panel.log.item(0)
    assert line.text() == "notes.wav: left alone: not a WAV file the app can read"
    assert line.toolTip() == f"{daw_folder / 'notes.wav'}\nnot a RIFF/WAVE file"
