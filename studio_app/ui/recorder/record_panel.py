"""The record panel: input settings, Record / Stop, elapsed time, disk time left, overruns, meters.

Recording starts a take that is pending in the ledger at once (services.recording.TakeRecording); the
panel only shows what the recorder counts, so overruns can never be hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio_app.core.model import ConsentRuleError
from studio_app.services.ledger import Ledger
from studio_app.services.meters import MeterModel
from studio_app.services.recording import (
    MAX_CHANNELS,
    SAMPLE_RATES,
    RecorderStats,
    RecordingError,
    RecordingSettings,
    SampleFormat,
    TakeRecording,
    input_devices,
)
from studio_app.store.db import StoreError
from studio_app.ui.recorder.meters_widget import LevelMeters
from studio_app.ui.take_model import format_duration
from studio_app.wav.errors import WavError

STATS_MS = 100


class RecordPanel(QWidget):
    """Set the ledger with `set_ledger`, the session and its actors with `set_session`, then Record."""

    take_started = Signal(str)
    take_finished = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RecordPanel")
        self.ledger: Ledger | None = None
        self.session_id: str | None = None
        self.actor_ids: tuple[str, ...] = ()
        self.recording: TakeRecording | None = None

        self.device = QComboBox()
        self.device.setAccessibleName(self.tr("Input device"))
        self.channels = QSpinBox()
        self.channels.setRange(1, MAX_CHANNELS)
        self.rate = QComboBox()
        for rate in SAMPLE_RATES:
            self.rate.addItem(self.tr("%s kHz") % f"{rate / 1000:g}", rate)
        self.rate.setCurrentIndex(SAMPLE_RATES.index(48000))
        self.sample_format = QComboBox()
        for member, label in (
            (SampleFormat.PCM16, self.tr("16-bit")),
            (SampleFormat.PCM24, self.tr("24-bit")),
            (SampleFormat.FLOAT32, self.tr("32-bit float")),
        ):
            self.sample_format.addItem(label, member)
        self.sample_format.setCurrentIndex(1)
        self.scene = QLineEdit()
        self.line = QLineEdit()
        for widget, name in (
            (self.channels, self.tr("Channels")),
            (self.rate, self.tr("Sample rate")),
            (self.sample_format, self.tr("Sample format")),
            (self.scene, self.tr("Scene")),
            (self.line, self.tr("Line")),
        ):
            widget.setAccessibleName(name)

        self.record_button = QPushButton(self.tr("Record"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.record_button.clicked.connect(self.start_recording)
        self.stop_button.clicked.connect(self.stop_recording)
        self.elapsed = QLabel()
        self.disk_left = QLabel()
        self.overruns = QLabel()
        self.meters = LevelMeters()
        self.timer = QTimer(self)
        self.timer.setInterval(STATS_MS)
        self.timer.timeout.connect(self.refresh_stats)

        form = QFormLayout()
        form.addRow(self.tr("Input:"), self.device)
        form.addRow(self.tr("Channels:"), self.channels)
        form.addRow(self.tr("Sample rate:"), self.rate)
        form.addRow(self.tr("Format:"), self.sample_format)
        form.addRow(self.tr("Scene:"), self.scene)
        form.addRow(self.tr("Line:"), self.line)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.stop_button)
        status = QFormLayout()
        status.addRow(self.tr("Elapsed:"), self.elapsed)
        status.addRow(self.tr("Disk time left:"), self.disk_left)
        status.addRow(self.tr("Overruns:"), self.overruns)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addLayout(buttons)
        side.addLayout(status)
        layout = QHBoxLayout(self)
        layout.addLayout(side, 1)
        layout.addWidget(self.meters)
        self._show_idle()

    def set_ledger(self, ledger: Ledger | None) -> None:
        self.ledger = ledger
        self._show_idle()

    def set_session(self, session_id: str | None, actor_ids: tuple[str, ...] = ()) -> None:
        """The session the next take belongs to and its actors (the take starts pending with them)."""
        self.session_id = session_id
        self.actor_ids = tuple(actor_ids)
        self._show_idle()

    def refresh_devices(self) -> None:
        """List the input devices (PortAudio is asked only when the engineer opens the recorder)."""
        current = self.device.currentData()
        self.device.clear()
        self.device.addItem(self.tr("System default"), None)
        try:
            devices = input_devices()
        except OSError as exc:
            self.failed.emit(self.tr("No audio input available: %s") % exc)
            devices = []
        for device in devices:
            self.device.addItem(f"{device.name} ({device.host_api})", device.name)
        self.device.setCurrentIndex(max(0, self.device.findData(current)))

    def settings(self) -> RecordingSettings:
        return RecordingSettings(
            device=self.device.currentData(),
            channels=self.channels.value(),
            sample_rate=self.rate.currentData(),
            sample_format=self.sample_format.currentData(),
        )

    def start_recording(self) -> None:
        if self.recording is not None or self.ledger is None or self.session_id is None:
            return
        settings = self.settings()
        model = MeterModel(settings.channels, settings.sample_rate)
        try:
            self.recording = TakeRecording.start(
                self.ledger, self.session_id, self.actor_ids, settings,
                scene=self.scene.text().strip(), line=self.line.text().strip(), meters=model,
            )
        except (RecordingError, WavError, StoreError) as exc:
            self.failed.emit(f"{exc.path}: {exc.reason}")
            return
        except ConsentRuleError as exc:
            self.failed.emit(f"{exc.subject}: {exc.reason}")
            return
        self.meters.set_model(model)
        self.timer.start()
        self._show_recording(True)
        self.take_started.emit(self.recording.take.id)

    def stop_recording(self) -> None:
        if self.recording is None:
            return
        recording, self.recording = self.recording, None
        self.timer.stop()
        try:
            take, stats = recording.stop()
        except (RecordingError, WavError, StoreError) as exc:
            self.failed.emit(f"{exc.path}: {exc.reason}")
        else:
            self.show_stats(stats)
            self.take_finished.emit(take)
        self.meters.set_model(None)
        self._show_idle()

    def refresh_stats(self) -> None:
        if self.recording is not None:
            self.show_stats(self.recording.recorder.stats())

    def show_stats(self, stats: RecorderStats) -> None:
        self.elapsed.setText(format_duration(stats.elapsed_seconds))
        hours, rest = divmod(int(stats.disk_seconds_left), 3600)
        self.disk_left.setText(self.tr("%s h %s min") % (hours, rest // 60))
        self.overruns.setText(
            self.tr("%s (input overflows %s, dropped blocks %s)")
            % (stats.overruns, stats.input_overflows, stats.dropped_blocks)
        )
        if stats.write_error:
            self.overruns.setText(self.tr("Writing stopped: %s") % stats.write_error)
        alarm = stats.overruns or stats.write_error
        self.overruns.setStyleSheet("color: #d03030; font-weight: bold;" if alarm else "")

    def _show_idle(self) -> None:
        self._show_recording(False)

    def _show_recording(self, recording: bool) -> None:
        ready = self.ledger is not None and self.session_id is not None
        self.record_button.setEnabled(ready and not recording)
        self.stop_button.setEnabled(recording)
        for widget in (self.device, self.channels, self.rate, self.sample_format, self.scene, self.line):
            widget.setEnabled(not recording)
