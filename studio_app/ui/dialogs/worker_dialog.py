"""What the import and export dialogs share while their work runs in a `Worker`."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QProgressBar, QPushButton

from studio_app.ui.workers import Worker


class WorkerDialog(QDialog):
    """Escape or closing while the worker runs cancels it instead of abandoning it; the file bar follows
    the worker; at the end only Close remains. Subclasses build `file_bar`, `cancel_button` and
    `close_button`, hand their worker to `_follow`, and answer `is_running()`, `cancel()` and the
    worker's `_progress`, `_finished`, `_failed` and `_cancelled`."""

    worker: Worker | None
    file_bar: QProgressBar
    cancel_button: QPushButton
    close_button: QPushButton

    def is_running(self) -> bool:
        raise NotImplementedError

    def cancel(self) -> None:
        raise NotImplementedError

    def _follow(self, worker: Worker) -> Worker:
        """Keep the worker and connect its signals to this dialog's slots of the same names."""
        self.worker = worker
        signals = worker.signals
        signals.progress.connect(self._progress)
        signals.file_progress.connect(self._file_progress)
        signals.finished.connect(self._finished)
        signals.failed.connect(self._failed)
        signals.cancelled.connect(self._cancelled)
        return worker

    def reject(self) -> None:
        if self.is_running():
            self.cancel()
            return
        super().reject()

    def _file_progress(self, done: int, total: int) -> None:
        self.file_bar.setRange(0, max(total, 1))
        self.file_bar.setValue(done)

    def _leave_only_close(self, start_button: QPushButton) -> None:
        start_button.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setFocus()
