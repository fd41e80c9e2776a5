"""The recorder dock: who is in the booth, the record panel and the DAW watch folders, as one panel the
main window places beside the inspector and listens to."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QVBoxLayout, QWidget

from studio_app.core.model import Actor
from studio_app.services.ledger import Ledger
from studio_app.ui.dialogs.actor_checklist import ActorChecklist
from studio_app.ui.recorder import Retranslating
from studio_app.ui.recorder.record_panel import RecordPanel
from studio_app.ui.recorder.watch_panel import WatchPanel


class RecorderDock(Retranslating, QDockWidget):
    """The actors ticked in the booth are on the next recorded take (pending with them from its first
    sample); the watch folders pick up the DAW's finished files for the same session."""

    take_started = Signal(str)
    """A take id: the take is in the ledger, recording."""
    take_finished = Signal(object)
    """The finished Take (perhaps of a session no longer open)."""
    takes_changed = Signal(list)
    """Take ids the watch folders added or relocated."""
    recording_changed = Signal()
    """Recording started, stopped, or its finishing ended."""
    failed = Signal(str)

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RecorderDock")
        self.ledger = ledger
        self.session_id: str | None = None
        self.record_panel = RecordPanel()
        self.record_panel.set_ledger(ledger)
        self.record_panel.take_started.connect(self.take_started)
        self.record_panel.take_finished.connect(self.take_finished)
        self.record_panel.state_changed.connect(self.recording_changed)
        self.record_panel.failed.connect(self.failed)
        self.booth_actors = ActorChecklist()
        self.booth_actors.changed.connect(self._booth_changed)
        self.booth_label = QLabel()
        self.booth_label.setBuddy(self.booth_actors)
        self.booth_actors.setMaximumHeight(self.booth_actors.fontMetrics().height() * 6)
        self.watch_panel = WatchPanel()
        self.watch_panel.takes_changed.connect(self.takes_changed)
        self.watch_panel.failed.connect(self.failed)
        panel = QWidget()
        column = QVBoxLayout(panel)
        column.addWidget(self.booth_label)
        column.addWidget(self.booth_actors)
        column.addWidget(self.record_panel, 1)
        column.addWidget(self.watch_panel, 1)
        self.setWidget(panel)
        self._devices_listed = False
        self.visibilityChanged.connect(self._shown)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Recorder"))
        self.toggleViewAction().setText(self.tr("&Recorder"))
        self.booth_label.setText(self.tr("In the &booth:"))
        self.booth_actors.setAccessibleName(self.tr("Actors in the booth (on the next take)"))

    def open_session(self, session_id: str | None, actors: Sequence[Actor]) -> None:
        """Another session: nobody is in the booth until ticked."""
        self.session_id = session_id
        self.booth_actors.clear()
        self.set_actors(actors)

    def set_actors(self, actors: Sequence[Actor]) -> None:
        """The session's actors changed; those in the booth stay ticked."""
        self.booth_actors.set_actors(actors)

    def is_recording(self) -> bool:
        return self.record_panel.recording is not None

    def is_finishing(self) -> bool:
        """A stopped take is still being finished (hashed, completed in the ledger)."""
        return self.record_panel.finishing is not None

    def toggle_recording(self) -> None:
        """Record / Stop: the dock comes forward, so its meters and elapsed time are in view."""
        if self.is_recording():
            self.record_panel.stop_recording()
            return
        self.show()
        self.raise_()
        self.record_panel.start_recording()

    def stop(self) -> None:
        """Closing the window: a take being recorded is stopped and the watch folders are let go."""
        if self.is_recording():
            self.record_panel.stop_recording()
        self.watch_panel.stop()

    def _booth_changed(self) -> None:
        self.record_panel.set_session(self.session_id, tuple(self.booth_actors.checked_ids()))
        self.watch_panel.set_session(self.ledger.path, self.session_id)

    def _shown(self, visible: bool) -> None:
        """PortAudio is asked for devices only once the recorder is on screen."""
        if visible and not self._devices_listed:
            self._devices_listed = True
            self.record_panel.refresh_devices()
