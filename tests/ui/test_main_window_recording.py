"""Record / Stop from the main window's shortcut, against the ALSA sine device (in a child process:
PortAudio reads the ALSA configuration once per process)."""

from __future__ import annotations

import pytest

from tests.ui.ui_driver import run_with_sine

WINDOW_SCRIPT = """
import json, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from studio_app.services.ledger import Ledger
from studio_app.ui.main_actions import Action
from studio_app.ui.main_window import MainWindow

app = QApplication([])
ledger = Ledger.open()
session = ledger.create_session("Booth")
actor = ledger.add_actor(session.id, "金智")
window = MainWindow(ledger)
window.open_session(session.id)
window.recorder_dock.booth_actors.set_checked(actor.id)
window.recorder_dock.record_panel.refresh_devices()
panel = window.recorder_dock.record_panel
panel.device.setCurrentIndex(panel.device.findData("slate_sine, ALSA"))
window.show()
seen = {"shortcut": window.main_actions[Action.RECORD].shortcut().toString(), "texts": []}
window.recorder_dock.record_panel.failed.connect(lambda message: seen.update(failed=message))

def press_record():
    seen["record_at"] = time.monotonic()
    window.main_actions[Action.RECORD].trigger()
    take_id = window.recorder_dock.record_panel.recording.take.id
    seen.update(started=take_id, texts=[window.main_actions[Action.RECORD].text()],
                row_while_recording=window.model.take_row(take_id).kind.value,
                recorder_visible=window.recorder_dock.isVisible())

def press_stop():
    seen["stop_at"] = time.monotonic()
    window.main_actions[Action.RECORD].trigger()
    seen.update(texts=seen["texts"] + [window.main_actions[Action.RECORD].text()],
                enabled_while_finishing=window.main_actions[Action.RECORD].isEnabled())
    window.open_session(session.id)  # the session actions come back on; Record must stay off
    seen.update(enabled_after_reopen_while_finishing=window.main_actions[Action.RECORD].isEnabled())

def finished(_take):  # connected after the window's own slots; then once the reopened rows are loaded
    if window.is_loading():
        QTimer.singleShot(20, lambda: finished(_take))
        return
    take = ledger.take(seen["started"])
    row = window.model.take_row(take.id)
    seen.update(status_after=take.status.value, duration=take.duration,
                actors=list(take.actor_ids),
                texts=seen["texts"] + [window.main_actions[Action.RECORD].text()],
                row_after=row.kind.value, row_recording=row.recording, row_duration=row.duration_s,
                enabled_after=window.main_actions[Action.RECORD].isEnabled())
    app.quit()

window.recorder_dock.record_panel.take_finished.connect(finished)
QTimer.singleShot(0, press_record)
QTimer.singleShot(1500, press_stop)
app.exec()
print(json.dumps(seen))
"""


def test_record_action_records_a_pending_take_with_the_booth_actors_and_stops(tmp_path):
    seen = run_with_sine(tmp_path, WINDOW_SCRIPT)
    assert "failed" not in seen
    assert seen["shortcut"] == "Ctrl+Shift+R"
    assert seen["recorder_visible"]
    assert seen["row_while_recording"] == seen["row_after"] == "pending"
    assert seen["status_after"] == "complete"
    assert seen["duration"] == pytest.approx(seen["stop_at"] - seen["record_at"], abs=0.3)
    assert len(seen["actors"]) == 1
    assert [t.replace("&", "") for t in seen["texts"]] == [
        "Stop recording", "Finishing the take…", "Record a take"
    ]
    assert not seen["enabled_while_finishing"] and seen["enabled_after"]
    assert not seen["enabled_after_reopen_while_finishing"]
    assert not seen["row_recording"] and seen["row_duration"] == seen["duration"]


SWITCH_SCRIPT = """
import json
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from studio_app.services.ledger import Ledger
from studio_app.ui.main_actions import Action
from studio_app.ui.main_window import MainWindow

app = QApplication([])
ledger = Ledger.open()
booth_a = ledger.create_session("Booth A")
booth_b = ledger.create_session("Booth B")
window = MainWindow(ledger)
window.open_session(booth_a.id)
window.recorder_dock.record_panel.refresh_devices()
panel = window.recorder_dock.record_panel
panel.device.setCurrentIndex(panel.device.findData("slate_sine, ALSA"))
window.show()
seen = {}
window.recorder_dock.record_panel.failed.connect(lambda message: seen.update(failed=message))

def press_record():
    window.main_actions[Action.RECORD].trigger()
    seen["take"] = window.recorder_dock.record_panel.recording.take.id

def finished(take):  # after the window's own slot; then once session B's rows are loaded
    if window.is_loading():
        QTimer.singleShot(20, lambda: finished(take))
        return
    seen.update(session=take.session_id == booth_a.id, status=take.status.value,
                in_table=window.model.take_row(take.id) is not None, rows=window.model.rowCount())
    app.quit()

window.recorder_dock.record_panel.take_finished.connect(finished)
QTimer.singleShot(0, press_record)
QTimer.singleShot(700, lambda: window.open_session(booth_b.id))
QTimer.singleShot(1400, window.main_actions[Action.RECORD].trigger)
app.exec()
print(json.dumps(seen))
"""


def test_a_take_finished_after_another_session_was_opened_stays_out_of_its_table(tmp_path):
    seen = run_with_sine(tmp_path, SWITCH_SCRIPT)
    assert "failed" not in seen
    assert seen["session"] and seen["status"] == "complete"
    assert not seen["in_table"] and seen["rows"] == 0
