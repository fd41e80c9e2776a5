"""The record panel: input settings, Record / Stop, elapsed time, disk time left, overruns, meters.

Recording starts a take that is pending in the ledger at once (services.recording.TakeRecording); the
panel only shows what the recorder counts, so overruns can never be hidden. Stop ends the capture at once
and finishes the take (drain, header, hash, ledger) on a worker: an hour of 8 channels at 96 kHz is
gigabytes to hash. One take at a time: Record stays off until the previous take is finished.
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

from studio_app import appdirs
from studio_app.core.errors import SlateError
from studio_app.services.ledger import Ledger
from studio_app.services.meters import MeterModel
from studio_app.services.recording import (
    MAX_CHANNELS,
    SAMPLE_RATES,
    RecorderStats,
    RecordingSettings,
    SampleFormat,
    TakeRecording,
    disk_seconds_left,
    input_devices,
)
from studio_app.ui.dialogs.errors import error_text
from studio_app.ui.recorder import Retranslating
from studio_app.ui.recorder.meters_widget import LevelMeters
from studio_app.ui.take_model import format_duration
from studio_app.ui.workers import Worker, on_own_ledger

STATS_MS = 100


class RecordPanel(Retranslating, QWidget):
    """Set the ledger with `set_ledger`, the session and its actors with `set_session`, then Record."""

    take_started = Signal(str)
    take_finished = Signal(object)
    failed = Signal(str)
    state_changed = Signal()
    """Recording started, stopped (finishing), or finished: the main window's Record action follows it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RecordPanel")
        self.ledger: Ledger | None = None
        self.session_id: str | None = None
        self.actor_ids: tuple[str, ...] = ()
        self.recording: TakeRecording | None = None
        self.finishing: Worker | None = None
        self.finishing_name = ""

        self.device = QComboBox()
        self.channels = QSpinBox()
        self.channels.setRange(1, MAX_CHANNELS)
        self.rate = QComboBox()
        for rate in SAMPLE_RATES:
            self.rate.addItem("", rate)
        self.rate.setCurrentIndex(SAMPLE_RATES.index(48000))
        self.sample_format = QComboBox()
        for member in (SampleFormat.PCM16, SampleFormat.PCM24, SampleFormat.FLOAT32):
            self.sample_format.addItem("", member)
        self.sample_format.setCurrentIndex(1)
        self.scene = QLineEdit()
        self.line = QLineEdit()

        self.record_button = QPushButton()
        self.stop_button = QPushButton()
        self.record_button.clicked.connect(self.start_recording)
        self.stop_button.clicked.connect(self.stop_recording)
        self.elapsed = QLabel()
        self.disk_left = QLabel()
        self.overruns = QLabel()
        self.state = QLabel()
        self.last_stats: RecorderStats | None = None
        self.meters = LevelMeters()
        for choice in (self.channels.valueChanged, self.rate.currentIndexChanged,
                       self.sample_format.currentIndexChanged):
            choice.connect(self.show_disk_left_before_recording)
        self.timer = QTimer(self)
        self.timer.setInterval(STATS_MS)
        self.timer.timeout.connect(self.refresh_stats)

        inputs = (self.device, self.channels, self.rate, self.sample_format, self.scene, self.line)
        shown = (self.elapsed, self.disk_left, self.overruns)
        self._labels = [QLabel() for _ in (*inputs, *shown)]
        form = QFormLayout()
        status = QFormLayout()
        for label, widget in zip(self._labels, (*inputs, *shown), strict=True):
            (form if widget in inputs else status).addRow(label, widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.stop_button)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addLayout(buttons)
        side.addWidget(self.state)
        side.addLayout(status)
        layout = QHBoxLayout(self)
        layout.addLayout(side, 1)
        layout.addWidget(self.meters)
        self.retranslate()

    def retranslate(self) -> None:
        """Every text, again on QEvent.LanguageChange: the dock stays open while the language changes."""
        for label, text in zip(self._labels, (
            self.tr("Input:"), self.tr("Channels:"), self.tr("Sample rate:"), self.tr("Format:"),
            self.tr("Scene:"), self.tr("Line:"), self.tr("Elapsed:"), self.tr("Disk time left:"),
            self.tr("Overruns:"),
        ), strict=True):
            label.setText(text)
        for widget, name in (
            (self.device, self.tr("Input device")),
            (self.channels, self.tr("Channels")),
            (self.rate, self.tr("Sample rate")),
            (self.sample_format, self.tr("Sample format")),
            (self.scene, self.tr("Scene")),
            (self.line, self.tr("Line")),
        ):
            widget.setAccessibleName(name)
        for index, rate in enumerate(SAMPLE_RATES):
            self.rate.setItemText(index, self.tr("%s kHz") % f"{rate / 1000:g}")
        for index, text in enumerate((self.tr("16-bit"), self.tr("24-bit"), self.tr("32-bit float"))):
            self.sample_format.setItemText(index, text)
        if self.device.count():
            self.device.setItemText(0, self.tr("System default"))
        self.record_button.setText(self.tr("Record"))
        self.stop_button.setText(self.tr("Stop"))
        if self.last_stats is not None:
            self.show_stats(self.last_stats)
        self._show_state()

    def set_ledger(self, ledger: Ledger | None) -> None:
        self.ledger = ledger
        self._show_state()

    def set_session(self, session_id: str | None, actor_ids: tuple[str, ...] = ()) -> None:
        """The session the next take belongs to and its actors (the take starts pending with them)."""
        self.session_id = session_id
        self.actor_ids = tuple(actor_ids)
        self._show_state()
        self.show_disk_left_before_recording()

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
            self.device.addItem(f"{device.name} ({device.host_api})", device.query)
        self.device.setCurrentIndex(max(0, self.device.findData(current)))

    def settings(self) -> RecordingSettings:
        return RecordingSettings(
            device=self.device.currentData(),
            channels=self.channels.value(),
            sample_rate=self.rate.currentData(),
            sample_format=self.sample_format.currentData(),
        )

    def start_recording(self) -> None:
        """Ignored while a take is recorded or still finishing (the button is off then; the shortcut may
        still fire): a second recorder would fight the first for the disk while it is hashed."""
        busy = self.recording is not None or self.finishing is not None
        if busy or self.ledger is None or self.session_id is None:
            return
        settings = self.settings()
        model = MeterModel(settings.channels, settings.sample_rate)
        try:
            self.recording = TakeRecording.start(
                self.ledger, self.session_id, self.actor_ids, settings,
                scene=self.scene.text().strip(), line=self.line.text().strip(), meters=model,
            )
        except SlateError as exc:
            self.failed.emit(error_text(exc))
            return
        self.meters.set_model(model)
        self.timer.start()
        self._show_state()
        self.take_started.emit(self.recording.take.id)

    def stop_recording(self) -> None:
        """End the capture here and now; the take is finished by a worker (`take_finished` then)."""
        if self.recording is None:
            return
        recording, self.recording = self.recording, None
        self.timer.stop()
        recording.recorder.stop_capture()
        self.meters.set_model(None)
        worker = Worker(on_own_ledger(self.ledger.path, lambda ledger, _c: recording.finish(ledger)))
        worker.signals.finished.connect(self._finished)
        worker.signals.failed.connect(self._finish_failed)
        self.finishing, self.finishing_name = worker, recording.recorder.path.name
        self._show_state()
        worker.start()

    def _finished(self, result: tuple) -> None:
        take, stats = result
        self.finishing = None
        self.show_stats(stats)
        self._show_state()
        self.take_finished.emit(take)

    def _finish_failed(self, exc: Exception) -> None:
        """The take stays `recording` in the ledger with what was written; start-up recovery repairs it."""
        self.finishing = None
        self._show_state()
        self.failed.emit(error_text(exc))

    def refresh_stats(self) -> None:
        if self.recording is not None:
            self.show_stats(self.recording.recorder.stats())

    def show_stats(self, stats: RecorderStats) -> None:
        self.last_stats = stats
        self.elapsed.setText(format_duration(stats.elapsed_seconds))
        self._show_disk_left(stats.disk_seconds_left)
        self.overruns.setText(
            self.tr("%s (input overflows %s, dropped blocks %s)")
            % (stats.overruns, stats.input_overflows, stats.dropped_blocks)
        )
        if stats.write_error:
            self.overruns.setText(self.tr("Writing stopped: %s") % stats.write_error)
        alarm = stats.overruns or stats.write_error
        self.overruns.setStyleSheet("color: #d03030; font-weight: bold;" if alarm else "")

    def show_disk_left_before_recording(self) -> None:
        """The room on the session's disk at the chosen channels, rate and format, before Record."""
        if self.recording is None and self.session_id is not None:
            folder = appdirs.session_takes_dir(self.session_id)
            self._show_disk_left(disk_seconds_left(folder, self.settings()))

    def _show_disk_left(self, seconds: float) -> None:
        hours, rest = divmod(int(seconds), 3600)
        self.disk_left.setText(self.tr("%s h %s min") % (hours, rest // 60))

    def _show_state(self) -> None:
        recording, finishing = self.recording is not None, self.finishing is not None
        ready = self.ledger is not None and self.session_id is not None
        self.record_button.setEnabled(ready and not recording and not finishing)
        self.stop_button.setEnabled(recording)
        for widget in (self.device, self.channels, self.rate, self.sample_format, self.scene, self.line):
            widget.setEnabled(not recording)
        self.state.setText(self.tr("Finishing %s…") % self.finishing_name if finishing else "")
        self.state_changed.emit()
