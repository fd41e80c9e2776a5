"""A take's waveform thumbnail: min/max columns computed on the QThreadPool and cached, so scrolling a
take list or reselecting a take never reads audio on the GUI thread twice."""

from __future__ import annotations

import os
from collections import OrderedDict
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, QSize
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from studio_app.services.meters import waveform_peaks
from studio_app.ui.recorder import Retranslating
from studio_app.ui.workers import Worker

COLUMNS = 512
"""Computed once per file at this resolution and scaled when painted, so resizing costs nothing."""

CacheKey = tuple[str, int, int]


class WaveformCache:
    """The latest thumbnails by (path, size, mtime): a file changed on disk is a new entry."""

    def __init__(self, limit: int = 256) -> None:
        self.limit = limit
        self._entries: OrderedDict[CacheKey, np.ndarray] = OrderedDict()

    @staticmethod
    def key(path: Path) -> CacheKey:
        stat = path.stat()
        return str(path), stat.st_size, stat.st_mtime_ns

    def get(self, key: CacheKey) -> np.ndarray | None:
        peaks = self._entries.get(key)
        if peaks is not None:
            self._entries.move_to_end(key)
        return peaks

    def put(self, key: CacheKey, peaks: np.ndarray) -> None:
        self._entries[key] = peaks
        self._entries.move_to_end(key)
        while len(self._entries) > self.limit:
            self._entries.popitem(last=False)


SHARED_CACHE = WaveformCache()


class WaveformThumbnail(Retranslating, QWidget):
    """Shows the waveform of the take set with `set_path`; empty until the worker has read it."""

    def __init__(self, parent: QWidget | None = None, cache: WaveformCache = SHARED_CACHE) -> None:
        super().__init__(parent)
        self.setObjectName("WaveformThumbnail")
        self.cache = cache
        self.peaks: np.ndarray | None = None
        self.error = ""
        self.worker: Worker | None = None
        self._key: CacheKey | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Waveform"))

    def set_path(self, path: str | os.PathLike | None) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.worker = None
        self.peaks, self.error, self._key = None, "", None
        if path is not None:
            try:
                self._key = self.cache.key(Path(path))
            except OSError as exc:
                self.error = self.tr("Cannot read %s: %s") % (path, exc.strerror or exc)
            else:
                self.peaks = self.cache.get(self._key)
                if self.peaks is None:
                    self._compute(self._key)
        self.setToolTip(self.error)
        self.update()

    def _compute(self, key: CacheKey) -> None:
        def peaks(_control) -> tuple[CacheKey, np.ndarray | Exception]:
            try:
                return key, waveform_peaks(key[0], COLUMNS)
            except Exception as exc:
                return key, exc

        worker = Worker(peaks)
        # A bound method, not a lambda: Qt drops the result when this widget is gone before the worker ends.
        worker.signals.finished.connect(self._done)
        self.worker = worker.start()

    def _done(self, result: tuple[CacheKey, np.ndarray | Exception]) -> None:
        key, outcome = result
        if isinstance(outcome, Exception):
            self._failed(key, outcome)
        else:
            self._computed(key, outcome)

    def _computed(self, key: CacheKey, peaks: np.ndarray) -> None:
        self.cache.put(key, peaks)
        if key == self._key:
            self.peaks, self.worker = peaks, None
            self.update()

    def _failed(self, key: CacheKey, exc: Exception) -> None:
        if key == self._key:
            self.error, self.worker = self.tr("Cannot draw the waveform: %s") % exc, None
            self.setToolTip(self.error)

    def sizeHint(self) -> QSize:
        return QSize(240, 48)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        if self.peaks is None or not self.width():
            return
        middle, half = self.height() / 2, self.height() / 2 - 1
        painter.setPen(QPen(QColor("#3c78d8"), 1))
        for x in range(self.width()):
            low, high = self.peaks[min(COLUMNS - 1, x * COLUMNS // self.width())]
            painter.drawLine(QPointF(x + 0.5, middle - high * half), QPointF(x + 0.5, middle - low * half))
