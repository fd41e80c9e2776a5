"""The DAW watch folder in the app: the session's folders (remembered per session), copy or reference,
Watch / Stop, and what each scan found.

Scans run on a `services.watch.WatchRunner` thread with its own ledger connection; its events and errors
come back to the GUI thread through queued signals, so a slow copy never freezes the window.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio_app.services.watch import (
    DEFAULT_SETTLE_SECONDS,
    LeftAlone,
    PickupKind,
    WatchError,
    WatchEvent,
    WatchRunner,
    remember_folders,
    remembered_copy,
    remembered_folders,
)
from studio_app.ui.dialogs.errors import error_text
from studio_app.ui.recorder import Retranslating

LOG_LIMIT = 200
"""Scan results kept on screen; the ledger keeps the takes whatever scrolls away."""


class WatchPanel(Retranslating, QGroupBox):
    """`set_session(ledger_path, session_id)`, then Watch; `takes_changed` names the takes added or found
    again after a rename, for the take table."""

    takes_changed = Signal(list)
    failed = Signal(str)
    _events = Signal(str, list)
    _error = Signal(str, object)
    """Both carry the session the runner watched for: a late one from a session left behind is dropped."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        settle_seconds: float = DEFAULT_SETTLE_SECONDS,
        interval: float = 1.0,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("WatchPanel")
        self.settle_seconds = settle_seconds
        self.interval = interval
        self.ledger_path: Path | None = None
        self.session_id: str | None = None
        self.runner: WatchRunner | None = None

        self.folders = QListWidget()
        self.folders.setMaximumHeight(self.folders.fontMetrics().height() * 5)
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.mode = QComboBox()
        self.mode.addItem("", True)
        self.mode.addItem("", False)
        self.watch_button = QPushButton()
        self.log = QListWidget()
        self.add_button.clicked.connect(self.choose_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        self.watch_button.clicked.connect(self.toggle)
        self.folders.itemSelectionChanged.connect(self._show_state)
        self.mode.currentIndexChanged.connect(lambda _index: self._remember())
        self._events.connect(self._show_events)
        self._error.connect(self._stopped_by_error)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.watch_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folders)
        layout.addLayout(buttons)
        layout.addWidget(self.mode)
        layout.addWidget(self.log, 1)
        self.retranslate()

    def retranslate(self) -> None:
        """Every text, again on QEvent.LanguageChange (lines already in the log keep theirs)."""
        self.setTitle(self.tr("DAW watch folders"))
        self.folders.setAccessibleName(self.tr("Watched folders"))
        self.add_button.setText(self.tr("Add folder…"))
        self.remove_button.setText(self.tr("Remove"))
        self.mode.setItemText(0, self.tr("Copy into the managed folder"))
        self.mode.setItemText(1, self.tr("Reference where they are"))
        self.mode.setAccessibleName(self.tr("How picked-up files are kept"))
        self.log.setAccessibleName(self.tr("What the watch folder found"))
        self._show_state()

    def set_session(self, ledger_path: Path | None, session_id: str | None) -> None:
        """Another session stops the watch and shows that session's remembered folders."""
        if (ledger_path, session_id) == (self.ledger_path, self.session_id):
            return
        self.stop()
        self.ledger_path, self.session_id = ledger_path, session_id
        self.folders.clear()
        self.log.clear()
        for folder in remembered_folders(session_id) if session_id else []:
            self.folders.addItem(str(folder))
        with QSignalBlocker(self.mode):
            self.mode.setCurrentIndex(self.mode.findData(remembered_copy(session_id) if session_id else True))
        self._show_state()

    def folder_paths(self) -> list[Path]:
        return [Path(self.folders.item(row).text()) for row in range(self.folders.count())]

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Watch a DAW folder"))
        if folder:
            self.add_folder(Path(folder))

    def add_folder(self, folder: str | os.PathLike) -> None:
        """Remembered at once for the session; a running watch picks it up on its next start."""
        path = Path(folder).absolute()
        if path not in self.folder_paths():
            self.folders.addItem(str(path))
            self._remember()

    def remove_selected(self) -> None:
        for item in self.folders.selectedItems():
            self.folders.takeItem(self.folders.row(item))
        self._remember()

    def toggle(self) -> None:
        if self.runner is None:
            self.start()
        else:
            self.stop()

    def start(self) -> None:
        if self.runner is not None or self.session_id is None or not self.folder_paths():
            return
        try:
            runner = WatchRunner(
                self.ledger_path, self.session_id, self.folder_paths(),
                partial(self._events.emit, self.session_id), partial(self._error.emit, self.session_id),
                copy=self.mode.currentData(), settle_seconds=self.settle_seconds, interval=self.interval,
            )
        except WatchError as exc:
            self.failed.emit(error_text(exc))
            return
        self.runner = runner
        runner.start()
        self._show_state()

    def stop(self) -> None:
        """Stops the runner; a pickup in progress is cancelled (nothing recorded, picked up next time),
        so the window never waits for a long copy."""
        if self.runner is not None:
            runner, self.runner = self.runner, None
            runner.stop()
            self._show_state()

    def _remember(self) -> None:
        if self.session_id is not None:
            remember_folders(self.session_id, self.folder_paths(), self.mode.currentData())
        self._show_state()

    def _show_events(self, session_id: str, events: list[WatchEvent]) -> None:
        if session_id != self.session_id:
            return
        texts = {
            PickupKind.ADDED: self.tr("picked up as a pending take"),
            PickupKind.RELOCATED: self.tr("found again after a rename; ledger data kept"),
            PickupKind.MISSING: self.tr("missing from the folder; ledger data kept"),
        }
        left_alone = {
            LeftAlone.STILL_WRITING: self.tr("left alone: still being written, looked at again once settled"),
            LeftAlone.NOT_A_WAV: self.tr("left alone: not a WAV file the app can read"),
            LeftAlone.WRITTEN_OVER: self.tr(
                "left alone: written over, no longer its take's audio (the take's ledger data is kept)"
            ),
            LeftAlone.REFUSED: self.tr("left alone: the ledger refused it"),
        }
        for event in events:
            said = left_alone[event.why] if event.kind is PickupKind.REJECTED else texts[event.kind]
            self.log.addItem(f"{event.path.name}: {said}")
            detail = f"\n{event.problem}" if event.kind is PickupKind.REJECTED else ""
            self.log.item(self.log.count() - 1).setToolTip(f"{event.path}{detail}")
        while self.log.count() > LOG_LIMIT:
            self.log.takeItem(0)
        self.log.scrollToBottom()
        changed = [e.take_id for e in events if e.kind in (PickupKind.ADDED, PickupKind.RELOCATED)]
        if changed:
            self.takes_changed.emit(changed)

    def _stopped_by_error(self, session_id: str, exc: Exception) -> None:
        if session_id != self.session_id:
            return
        self.stop()
        self.failed.emit(self.tr("The watch folder stopped: %s") % error_text(exc))

    def _show_state(self) -> None:
        watching = self.runner is not None
        has_session = self.session_id is not None
        self.watch_button.setText(self.tr("Stop watching") if watching else self.tr("Watch"))
        self.watch_button.setEnabled(has_session and (watching or self.folders.count() > 0))
        self.add_button.setEnabled(has_session and not watching)
        self.remove_button.setEnabled(not watching and bool(self.folders.selectedItems()))
        self.mode.setEnabled(has_session and not watching)
