"""Deliveries that went out with a decision the ledger has since superseded (a revocation, a restriction):
listed per recipient, each with a corrected re-export of its changed takes (services.revocation) for the
same recipient and purpose, into a folder that may not exist yet; once corrected, a delivery is listed as
corrected by the new one.

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
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
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
             self.tr("Corrected by"), self.tr("Folder")]
        )
        self.folder_edit = QLineEdit()
        self.folder_edit.setAccessibleName(self.tr("Folder for the corrected copies"))
        self.folder_edit.textChanged.connect(self._update_buttons)
        self.browse_button = QPushButton(self.tr("&Browse…"))
        self.browse_button.setAccessibleName(self.tr("Choose the folder for the corrected copies"))
        self.browse_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        folder_form = QFormLayout()
        folder_label = QLabel(self.tr("Corrected copies &to:"))
        folder_label.setBuddy(self.folder_edit)
        folder_form.addRow(folder_label, folder_row)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Re-export progress"))
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.reexport_button = self.buttons.addButton(
            self.tr("&Re-export corrected copies"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.reexport_button.clicked.connect(lambda: self.reexport(self.folder()))
        self.buttons.rejected.connect(self.reject)
        self.deliveries.itemSelectionChanged.connect(self._delivery_chosen)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.deliveries)
        layout.addLayout(folder_form)
        for widget in (self.progress, self.summary, self.buttons):
            layout.addWidget(widget)
        self.resize(820, 420)
        self.refresh()

    def refresh(self) -> None:
        self.outdated = outdated_deliveries(self.ledger, self.session.id)
        self.deliveries.clear()
        for outdated in self.outdated:
            delivery = outdated.delivery
            corrected_by = outdated.corrected_by
            self.deliveries.addTopLevelItem(QTreeWidgetItem([
                local_time(delivery.delivered_at), delivery.recipient, purpose_label(delivery.purpose),
                str(len(outdated.take_ids)), self.correction_text(corrected_by), delivery.destination,
            ]))
        waiting = [o for o in self.outdated if o.needs_correction]
        if waiting:
            self.intro.setText(self.tr(
                "%n earlier delivery(ies) carry a decision that has changed since. Their files stay as "
                "delivered; export corrected copies and tell the recipient.", "", len(waiting)
            ))
            row = self.outdated.index(waiting[0])
            self.deliveries.setCurrentItem(self.deliveries.topLevelItem(row))
        else:
            self.intro.setText(self.tr(
                "Every delivery of this session carries the decisions in force, or has been corrected."
            ))
        self._delivery_chosen()

    def correction_text(self, corrected_by: str | None) -> str:
        if corrected_by is None:
            return self.tr("not yet")
        delivery = self.ledger.delivery(corrected_by)
        when = local_time(delivery.delivered_at)
        return self.tr("%1 (%2)").replace("%1", corrected_by[:8]).replace("%2", when)

    def folder(self) -> Path:
        return Path(self.folder_edit.text().strip()).expanduser()

    def _delivery_chosen(self) -> None:
        """Propose a new folder beside the outdated delivery's for its corrected copies."""
        outdated = self.selected()
        if outdated is not None and outdated.needs_correction:
            original = Path(outdated.delivery.destination)
            day = self.ledger.today().isoformat()
            self.folder_edit.setText(str(original.with_name(f"{original.name}-corrected-{day}")))
        self._update_buttons()

    def selected(self) -> OutdatedDelivery | None:
        row = self.deliveries.indexOfTopLevelItem(self.deliveries.currentItem())
        return self.outdated[row] if 0 <= row < len(self.outdated) else None

    def _update_buttons(self) -> None:
        outdated = self.selected()
        ready = outdated is not None and outdated.needs_correction and bool(self.folder_edit.text().strip())
        self.reexport_button.setEnabled(ready and self.worker is None)

    def choose_folder(self) -> None:
        """An existing folder; typing a new name into the field works too (the export creates it)."""
        start = str(self.folder().parent) if self.folder_edit.text().strip() else self.settings.export_folder
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder for the corrected copies"), start)
        if folder:
            self.folder_edit.setText(folder)

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
            self.tr("Corrected copies of %n take(s) written to %1, for %2 to %3; the outdated delivery is "
                    "marked as corrected by them.", "", len(report.takes))
            .replace("%1", str(report.folder))
            .replace("%2", purpose_label(report.purpose))
            .replace("%3", report.recipient or "—")
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
