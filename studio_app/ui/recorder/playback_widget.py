"""Playback of a take with a position bar. PySide6-Essentials has no QtMultimedia, so the sound goes
through sounddevice on the service's own thread; this widget only polls the position."""

from __future__ import annotations

import os

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from studio_app.services.recording import NoAudioOutput, Playback, RecordingError
from studio_app.ui.recorder import Retranslating
from studio_app.ui.take_model import format_duration

POSITION_MS = 50


class TakePlayer(Retranslating, QWidget):
    """Play / Stop for the take set with `set_path`; the bar shows the position in milliseconds."""

    failed = Signal(str)
    _finished = Signal(object)

    def __init__(self, parent: QWidget | None = None, device: str | int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TakePlayer")
        self.device = device
        self.path: str | None = None
        self.playback: Playback | None = None
        self.play_button = QPushButton()
        self.play_button.clicked.connect(self.toggle)
        self.position = QProgressBar()
        self.position.setTextVisible(False)
        self.time_label = QLabel()
        self.timer = QTimer(self)
        self.timer.setInterval(POSITION_MS)
        self.timer.timeout.connect(self.refresh_position)
        self._finished.connect(self._on_finished)
        layout = QHBoxLayout(self)
        layout.addWidget(self.play_button)
        layout.addWidget(self.position, 1)
        layout.addWidget(self.time_label)
        self.set_path(None)
        self.retranslate()

    def retranslate(self) -> None:
        """The texts, again on QEvent.LanguageChange (the inspector stays open while it changes)."""
        self.position.setAccessibleName(self.tr("Playback position"))
        self.play_button.setText(self.tr("Play") if self.playback is None else self.tr("Stop"))

    def set_path(self, path: str | os.PathLike | None) -> None:
        self.stop()
        self.path = None if path is None else os.fspath(path)
        self.play_button.setEnabled(path is not None)
        self.position.setRange(0, 1)
        self.position.setValue(0)
        self.time_label.setText("")

    def toggle(self) -> None:
        if self.playback is not None:
            self.stop()
        else:
            self.play()

    def play(self) -> None:
        if self.path is None:
            return
        try:
            self.playback = Playback(self.path, self.device, on_finished=self._finished.emit)
        except NoAudioOutput:
            self.failed.emit(self.tr(
                "No audio output: this computer has no sound output device the app can use. Check the "
                "system's sound settings (the output device for ALSA, PulseAudio or PipeWire) and that "
                "speakers or headphones are connected."
            ))
            return
        except RecordingError as exc:
            self.failed.emit(f"{exc.path}: {exc.reason}")
            return
        self.position.setRange(0, max(1, round(self.playback.duration_seconds * 1000)))
        self.playback.start()
        self.retranslate()
        self.timer.start()

    def stop(self) -> None:
        if self.playback is not None:
            self.playback.stop()
            self._on_finished(self.playback)

    def refresh_position(self) -> None:
        if self.playback is not None:
            seconds = self.playback.position_seconds
            self.position.setValue(round(seconds * 1000))
            self.time_label.setText(
                f"{format_duration(seconds)} / {format_duration(self.playback.duration_seconds)}"
            )

    def _on_finished(self, playback: Playback) -> None:
        """The end of `playback` (reported once more, queued, by its thread: ignored then)."""
        if playback is not self.playback:
            return
        self.playback = None
        self.timer.stop()
        self.position.setValue(round(playback.position_seconds * 1000))
        if playback.error is not None:
            self.failed.emit(f"{playback.error.path}: {playback.error.reason}")
        self.retranslate()
