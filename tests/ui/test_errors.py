"""Errors reach the user as one dialog naming the file and the reason, even when no slot caught them."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QRunnable, QThreadPool
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from studio_app.core.errors import SlateError
from studio_app.core.model import ConsentRuleError
from studio_app.proof.errors import ProofError
from studio_app.services.export import ExportError
from studio_app.services.recording import RecordingError
from studio_app.services.terms import TermsError
from studio_app.services.watch import WatchError
from studio_app.store.db import StoreError
from studio_app.ui.dialogs.errors import error_subject_and_reason, report_uncaught_errors, show_error
from studio_app.wav.errors import Cancelled, WavError


@pytest.fixture
def main_window(qtbot, monkeypatch) -> QWidget:
    """A window that shows uncaught errors. The hook it chains to prints nothing; the test's end puts
    the original sys.excepthook back."""
    monkeypatch.setattr(sys, "excepthook", lambda *_args: None)
    window = QWidget()
    qtbot.addWidget(window)
    report_uncaught_errors(window)
    return window


@pytest.mark.qt_no_exception_capture
def test_an_error_no_slot_caught_is_shown_as_the_error_dialog(qtbot, main_window, tmp_path):
    ledger = tmp_path / "ledger.sqlite3"
    button = QPushButton("Open")
    qtbot.addWidget(button)

    def locked() -> None:
        raise StoreError(ledger, "database is locked")

    button.clicked.connect(locked)
    button.click()

    [box] = main_window.findChildren(QMessageBox, "ErrorDialog")
    assert box.isVisible()
    assert box.text() == f"<b>{ledger}</b>" and box.informativeText() == "database is locked"
    box.close()


@pytest.mark.qt_no_exception_capture
def test_an_error_raised_on_a_pool_thread_is_shown_from_the_gui_thread(qtbot, main_window, tmp_path):
    ledger = tmp_path / "ledger.sqlite3"

    class Unguarded(QRunnable):
        """Work that lets an error escape run(): PySide reports it through sys.excepthook on its thread."""

        def run(self) -> None:
            raise StoreError(ledger, "disk I/O error")

    work = Unguarded()
    work.setAutoDelete(False)
    QThreadPool.globalInstance().start(work)
    QThreadPool.globalInstance().waitForDone()

    qtbot.waitUntil(lambda: bool(main_window.findChildren(QMessageBox, "ErrorDialog")))
    [box] = main_window.findChildren(QMessageBox, "ErrorDialog")
    assert box.thread() is main_window.thread()
    assert box.text() == f"<b>{ledger}</b>" and box.informativeText() == "disk I/O error"
    box.close()


@pytest.mark.parametrize(
    "error_class",
    [WavError, Cancelled, StoreError, ProofError, ConsentRuleError, RecordingError, WatchError, TermsError,
     ExportError],
)
def test_every_layers_error_is_one_type_the_dialog_shows_as_subject_and_reason(qtbot, error_class, tmp_path):
    """The UI catches SlateError alone, and the dialog reads its two parts, whatever the layer."""
    path = tmp_path / "take.wav"
    try:
        raise error_class(path, "is not a WAV file")
    except SlateError as exc:
        caught = exc
    assert error_subject_and_reason(caught) == (str(path), "is not a WAV file")
    assert str(caught) == f"{path}: is not a WAV file"
    box = show_error(None, caught)
    assert box.text() == f"<b>{path}</b>" and box.informativeText() == "is not a WAV file"
    box.close()
