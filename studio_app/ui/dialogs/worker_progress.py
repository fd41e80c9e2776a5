"""A progress dialog for a `Worker` whose result its window handles itself (the session default)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from studio_app.ui.workers import Worker

SHOW_AFTER_MS = 400
"""Shown only when the work lasts longer, so a session of a few takes does not flash a dialog."""


class WorkerProgressDialog(QProgressDialog):
    """Follows one worker: its progress on the bar; Cancel, Escape or closing the window asks it to stop;
    gone once the worker ends, however it ends. Window-modal while shown: the window waits for it."""

    def __init__(self, worker: Worker, label: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("WorkerProgressDialog")
        self.setWindowTitle(label)
        self.setLabelText(label)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(SHOW_AFTER_MS)
        self.setRange(0, 0)
        self.worker = worker
        self.canceled.connect(worker.cancel)
        signals = worker.signals
        signals.progress.connect(self._progress)
        for ended in (signals.finished, signals.failed, signals.cancelled):
            ended.connect(self._ended)
        parent.installEventFilter(self)

    def reject(self) -> None:
        """Escape cancels the work, as the Cancel button does (QDialog's Escape may only hide the dialog)."""
        self.canceled.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The window closing stops the work at its next check instead of waiting for all of it."""
        if event.type() == QEvent.Type.Close:
            self.worker.cancel()
        return False

    def _progress(self, done: int, total: int, _label: str) -> None:
        self.setMaximum(max(total, 1))
        self.setValue(done)

    def _ended(self, *_result) -> None:
        self.parent().removeEventFilter(self)
        self.reset()
        self.deleteLater()
