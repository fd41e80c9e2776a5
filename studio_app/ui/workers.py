"""A small QRunnable worker for long work (import, export, waveforms): the GUI thread never waits on disk.

`Worker(task)` runs `task(control)` on the global QThreadPool; the task reports through `control`
(overall and per-file progress, `report(item)` per unit done, `cancelled()` to poll) and the worker
turns that into queued signals.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal

from studio_app.services.ledger import Ledger

T = TypeVar("T")

PROGRESS_INTERVAL_S = 0.04
"""Progress is forwarded at most ~25 times a second, so a fast task cannot flood the event loop."""


def on_own_ledger(
    ledger_path: Path, job: Callable[[Ledger, WorkerControl], T]
) -> Callable[[WorkerControl], T]:
    """A worker task running `job(ledger, control)` on its own connection to the ledger at `ledger_path`:
    SQLite connections stay on the thread that opened them, so a pool thread never borrows the window's."""

    def run(control: WorkerControl) -> T:
        with Ledger.open(ledger_path) as ledger:
            return job(ledger, control)

    return run


class WorkerSignals(QObject):
    """Signals live on a QObject owned by the GUI thread; emitting them from the pool thread queues them."""

    progress = Signal(int, int, str)
    file_progress = Signal(int, int)
    reported = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class WorkerControl:
    """What a task sees of its worker: progress reporting and the cancel flag."""

    def __init__(self, signals: WorkerSignals) -> None:
        self._signals = signals
        self._cancel = threading.Event()
        self._last_emit = {"progress": 0.0, "file": 0.0}

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int, label: str = "") -> None:
        if self._due("progress", done, total):
            self._signals.progress.emit(done, total, label)

    def file_progress(self, done: int, total: int) -> None:
        """Bytes of the current file; Qt's int signals are 32-bit, so big files are counted in KiB."""
        if self._due("file", done, total):
            scale = 1024 if total >= 2**31 else 1
            self._signals.file_progress.emit(done // scale, total // scale)

    def report(self, item: object) -> None:
        """One unit of work done (a take imported, a file exported), for the GUI to show at once."""
        self._signals.reported.emit(item)

    def _due(self, kind: str, done: int, total: int) -> bool:
        now = time.monotonic()
        if done >= total or done == 0 or now - self._last_emit[kind] >= PROGRESS_INTERVAL_S:
            self._last_emit[kind] = now
            return True
        return False


class Worker(QRunnable):
    """Runs one task off the GUI thread; exactly one of finished / failed / cancelled is emitted.

    A task that raises after cancel() was requested counts as cancelled, whatever it raised. Connect the
    signals to bound methods of widgets, not lambdas: Qt then drops a result whose widget is gone.
    """

    def __init__(self, task: Callable[[WorkerControl], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.signals = WorkerSignals()
        self.control = WorkerControl(self.signals)
        self._task = task

    def cancel(self) -> None:
        self.control.cancel()

    def start(self, pool: QThreadPool | None = None) -> Worker:
        (pool or QThreadPool.globalInstance()).start(self)
        return self

    def run(self) -> None:
        try:
            result = self._task(self.control)
        except Exception as exc:
            if self.control.cancelled():
                self.signals.cancelled.emit()
            else:
                self.signals.failed.emit(exc)
            return
        self.signals.finished.emit(result)


class LatestRunner(QObject):
    """Runs tasks of which only the newest request matters (a session's rows, an export verdict).

    A new `run()` cancels the one before it and drops whatever that one still delivers, so a slow answer
    to an old question never overwrites the answer to the current one. Superseded workers are kept
    referenced until their pool thread is done with them.
    """

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.current: Worker | None = None
        self._running: dict[WorkerSignals, Worker] = {}

    def busy(self) -> bool:
        return self.current is not None

    def run(self, task: Callable[[WorkerControl], Any]) -> Worker:
        if self.current is not None:
            self.current.cancel()
        worker = Worker(task)
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._failed)
        worker.signals.cancelled.connect(self._ended)
        self._running[worker.signals] = worker
        self.current = worker
        return worker.start()

    def _ended(self) -> bool:
        """Forget the worker that just ended; True when it was the newest request."""
        worker = self._running.pop(self.sender(), None)
        newest = worker is not None and worker is self.current
        if newest:
            self.current = None
        return newest

    def _finished(self, result: object) -> None:
        if self._ended():
            self.finished.emit(result)

    def _failed(self, exc: object) -> None:
        if self._ended():
            self.failed.emit(exc)


class GuiThreadGarbageCollector(QObject):
    """Python's cycle collector runs on whichever thread trips its thresholds. On a pool thread it deletes
    the widgets of a collected cycle (a closed window held by its own lambdas) off their thread: their
    timers cannot be stopped there and later fire into freed memory (a crash). So automatic collection is
    off while this runs, and it collects on the GUI thread instead, by the same generation thresholds."""

    INTERVAL_MS = 200

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(self.INTERVAL_MS)
        gc.disable()

    def collect_due(self) -> None:
        young, middle, old = gc.get_count()
        if young <= self._thresholds[0]:
            return
        generation = 0
        if middle > self._thresholds[1]:
            generation = 2 if old > self._thresholds[2] else 1
        gc.collect(generation)

    def stop(self) -> None:
        """Automatic collection again (tests that install it for their own duration)."""
        self._timer.stop()
        gc.enable()
        self.deleteLater()
