"""Deliveries that went out with a decision the ledger has since superseded (a revocation, a restriction):
listed per recipient, each with a corrected re-export of its changed takes (services.revocation).

The files already delivered stay as they are (they are the recipient's); the studio sends the corrected
copies and tells the recipient. Closing the dialog cancels a re-export still running: the export service
removes what it wrote and records no delivery.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QProgressBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio_app.core.model import Session
from studio_app.services.export import ExportReport
from studio_app.services.ledger import Ledger
from studio_app.services.revocation import OutdatedDelivery, outdated_deliveries, reexport_delivery
from studio_app.ui.dialogs.errors import error_text
from studio_app.ui.dialogs.export_dialog import PROGRESS_STEPS, export_task
from studio_app.ui.settings import AppSettings
from studio_app.ui.take_model import local_time, purpose_label
from studio_app.ui.workers import Worker


class OutdatedDeliveriesDialog(QDialog):
    """Choose a delivery, then a folder: its changed takes are exported again with today's decisions."""

    def __init__(
        self, ledger: Ledger, session: Session, settings: AppSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("OutdatedDeliveriesDialog")
        self.setWindowTitle(self.tr("Deliveries with withdrawn decisions"))
        self.ledger = ledger
        self.session = session
        self.settings = settings
        self.outdated: list[OutdatedDelivery] = []
        self.worker: Worker | None = None
        self.report: ExportReport | None = None

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.deliveries = QTreeWidget()
        self.deliveries.setAccessibleName(self.tr("Outdated deliveries"))
        self.deliveries.setRootIsDecorated(False)
        self.deliveries.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.deliveries.setHeaderLabels(
            [self.tr("Delivered"), self.tr("Recipient"), self.tr("Purpose"), self.tr("Changed takes"),
             self.tr("Folder")]
        )
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Re-export progress"))
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.reexport_button = self.buttons.addButton(
            self.tr("&Re-export corrected copies…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.reexport_button.clicked.connect(self.choose_folder)
        self.buttons.rejected.connect(self.reject)
        self.deliveries.itemSelectionChanged.connect(self._update_buttons)

        layout = QVBoxLayout(self)
        for widget in (self.intro, self.deliveries, self.progress, self.summary, self.buttons):
            layout.addWidget(widget)
        self.resize(820, 420)
        self.refresh()

    def refresh(self) -> None:
        self.outdated = outdated_deliveries(self.ledger, self.session.id)
        self.deliveries.clear()
        for outdated in self.outdated:
            delivery = outdated.delivery
            self.deliveries.addTopLevelItem(QTreeWidgetItem([
                local_time(delivery.delivered_at), delivery.recipient, purpose_label(delivery.purpose),
                str(len(outdated.take_ids)), delivery.destination,
            ]))
        if self.outdated:
            self.intro.setText(self.tr(
                "%n earlier delivery(ies) carry a decision that has changed since. Their files stay as "
                "delivered; export corrected copies and tell the recipient.", "", len(self.outdated)
            ))
            self.deliveries.setCurrentItem(self.deliveries.topLevelItem(0))
        else:
            self.intro.setText(
                self.tr("Every delivery of this session still carries the decisions in force.")
            )
        self._update_buttons()

    def selected(self) -> OutdatedDelivery | None:
        row = self.deliveries.indexOfTopLevelItem(self.deliveries.currentItem())
        return self.outdated[row] if 0 <= row < len(self.outdated) else None

    def _update_buttons(self) -> None:
        self.reexport_button.setEnabled(self.selected() is not None and self.worker is None)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Folder for the corrected copies"), self.settings.export_folder
        )
        if folder:
            self.reexport(Path(folder))

    def reexport(self, folder: Path) -> None:
        self.prepare_reexport(folder).start()

    def prepare_reexport(self, folder: Path) -> Worker:
        """The connected worker that exports the selected delivery's changed takes to `folder`;
        `start()` runs it."""
        delivery_id = self.selected().delivery.id

        def export(ledger: Ledger, progress, cancel) -> ExportReport:
            return reexport_delivery(ledger, delivery_id, folder, progress=progress, cancel=cancel)

        self.worker = Worker(export_task(self.ledger.path, export))
        self.worker.signals.progress.connect(self._progress)
        self.worker.signals.finished.connect(self._finished)
        self.worker.signals.failed.connect(self._failed)
        self.worker.signals.cancelled.connect(self._cancelled)
        self.progress.show()
        self._update_buttons()
        return self.worker

    def is_running(self) -> bool:
        return self.worker is not None

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def reject(self) -> None:
        """Close, Escape and the window's close button cancel a re-export still running; the dialog
        closes at once and the worker cleans up behind it (the main window waits for it on quit)."""
        self.cancel()
        super().reject()

    def _progress(self, done: int, _total: int, _label: str) -> None:
        self.progress.setValue(done)

    def _finished(self, report: ExportReport) -> None:
        self.report, self.worker = report, None
        self.progress.hide()
        self.summary.setText(
            self.tr("Corrected copies of %n take(s) written to %1.", "", len(report.takes))
            .replace("%1", str(report.folder))
        )
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._stopped(self.tr("Nothing was re-exported.") + "\n" + error_text(exc))

    def _cancelled(self) -> None:
        self._stopped(self.tr("Re-export cancelled: no file was left behind and no delivery was recorded."))

    def _stopped(self, text: str) -> None:
        self.worker = None
        self.progress.hide()
        self.summary.setText(text)
        self._update_buttons()
