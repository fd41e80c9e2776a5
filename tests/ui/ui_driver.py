"""Helpers for driving the desktop app's real dialogs in pytest-qt tests (no dialog is faked)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from studio_app.services.ledger import Ledger
from studio_app.ui.main_actions import Action
from studio_app.ui.main_window import MainWindow
from studio_app.ui.settings import AppSettings
from studio_app.ui.workers import Worker
from tests.conftest import PROJECT_ROOT
from tests.services.conftest import AlsaSine


class DialogAnswer:
    """Fills the next modal dialog once it is shown (inside its exec() loop) and keeps any failure."""

    def __init__(self, fill: Callable[[QDialog], None]) -> None:
        self.fill = fill
        self.error: BaseException | None = None
        self.seen: QWidget | None = None
        QTimer.singleShot(0, self._handle)

    def _handle(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, self._handle)
            return
        self.seen = dialog
        try:
            self.fill(dialog)
        except BaseException as exc:
            self.error = exc
            dialog.reject()

    def check(self) -> QWidget:
        if self.error is not None:
            raise self.error
        assert self.seen is not None, "no dialog was shown"
        return self.seen


def open_window(qtbot) -> MainWindow:
    window = MainWindow(Ledger.open(), settings=AppSettings())
    qtbot.addWidget(window)
    window.show()
    return window


def wait_for_takes(qtbot, window: MainWindow) -> None:
    """Until the session's takes, read by a worker after open_session or reload_takes, fill the table."""
    qtbot.waitUntil(lambda: not window.is_loading())


def wait_for_workers() -> None:
    """Until every pool worker has ended and the GUI thread has run the slots of what they sent,
    including workers those slots started in turn (a reload after the session default)."""
    pool = QThreadPool.globalInstance()
    pool.waitForDone()
    QApplication.processEvents()
    while pool.activeThreadCount():
        pool.waitForDone()
        QApplication.processEvents()


def apply_session_default(window: MainWindow, confirm: bool = True) -> None:
    """The session default action, confirmed as the dialog proposes (unless `confirm` is False: an AI
    clause refuses before any dialog), run to its end: the window shows the refreshed takes or the error."""
    answer = DialogAnswer(lambda dialog: dialog.record_button.click()) if confirm else None
    window.main_actions[Action.SESSION_DEFAULT].trigger()
    wait_for_workers()
    if answer is not None:
        answer.check()


def tab_cycle(qtbot, start: QWidget, limit: int = 80) -> list[QWidget]:
    """The widgets Tab visits from `start` until focus is back on it: a keyboard user's path."""
    start.window().activateWindow()
    qtbot.waitUntil(start.window().isActiveWindow)
    start.setFocus(Qt.FocusReason.TabFocusReason)
    visited = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is start:
            return visited
        visited.append(QApplication.focusWidget())
    raise AssertionError(f"Tab never came back to {start!r}: {visited}")


def accessible_name(widget: QWidget) -> str:
    """What a screen reader announces: the accessible name, else the buddy label's or the widget's text."""
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def run_with_sine(tmp_path: Path, script: str, timeout: float = 60) -> dict:
    """Run a Qt `script` (offscreen) in its own process, recording from the ALSA sine device (PortAudio
    reads the ALSA configuration once per process); what it printed last, as JSON."""
    sine = AlsaSine.start(tmp_path)
    try:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(script)],
            env={**sine.env, "QT_QPA_PLATFORM": "offscreen"},
            capture_output=True, text=True, timeout=timeout, cwd=PROJECT_ROOT,
        )
    finally:
        sine.stop()
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def start_held_inside_the_copy(worker: Worker, limit_s: float = 30) -> None:
    """Start an export `worker` and return once it is inside its first file's copy, held there until it is
    cancelled: what the test does meanwhile happens mid-export. The hold ends after `limit_s` anyway, so
    a cancel that never comes lets the export finish (the test's 'nothing left' fails) instead of hanging."""
    inside = threading.Event()
    deadline = time.monotonic() + limit_s

    def hold(*_args) -> None:
        inside.set()
        while not worker.control.cancelled() and time.monotonic() < deadline:
            time.sleep(0.005)

    worker.signals.file_progress.connect(hold, Qt.ConnectionType.DirectConnection)
    worker.start()
    assert inside.wait(limit_s)
