"""The producer's export: destination, recipient and declared purpose, the gate's verdict before anything
starts, then the export in a worker with overall and per-file progress, cancel, and a summary.

The verdict and the export are the ledger's (`Ledger.gate`, `services.export.export_takes`): a blocked
selection lists every blocking take with a button that selects it in the main window.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio_app.core.model import Session
from studio_app.core.rules import BlockKind, GateBlock, GateVerdict
from studio_app.core.scopes import Purpose
from studio_app.services.export import ExportOptions, ExportProgress, ExportReport, export_takes
from studio_app.services.ledger import Ledger
from studio_app.services.trust import proven_gate
from studio_app.ui.dialogs.errors import error_text, show_error
from studio_app.ui.dialogs.worker_dialog import WorkerDialog
from studio_app.ui.settings import AppSettings
from studio_app.ui.take_model import StatusKind, scope_label
from studio_app.ui.theme import status_icon
from studio_app.ui.workers import LatestRunner, Worker, WorkerControl, on_own_ledger

BLOCK_BUTTON_LIMIT = 200
"""Blocking takes listed one by one with their own button; past this, 'Select all blocking takes' remains."""
PROGRESS_STEPS = 1000
_ACCEPT = QDialogButtonBox.ButtonRole.AcceptRole


ExportCall = Callable[[Ledger, Callable[[ExportProgress], None], Callable[[], bool]], ExportReport]
"""An export service call given the worker's ledger, progress and cancel (export_takes, reexport_delivery)."""


def export_task(ledger_path: Path, export: ExportCall) -> Callable[[WorkerControl], ExportReport]:
    """The worker's job, on its own ledger connection: progress in thousandths of the delivery's bytes."""

    def run(ledger: Ledger, control: WorkerControl) -> ExportReport:
        def on_progress(p: ExportProgress) -> None:
            label = f"{p.file_index + 1}/{p.file_count}  {p.file_name}"
            control.progress(PROGRESS_STEPS * p.done // max(p.total, 1), PROGRESS_STEPS, label)
            control.file_progress(p.file_done, p.file_total)

        return export(ledger, on_progress, control.cancelled)

    return on_own_ledger(ledger_path, run)


class ExportDialog(WorkerDialog):
    """`select_take_requested(take_id)` asks the main window to show a blocking take; `delivered(report)`."""

    select_take_requested = Signal(str)
    select_takes_requested = Signal(list)
    delivered = Signal(object)

    def __init__(
        self,
        ledger: Ledger,
        session: Session,
        take_ids: list[str],
        settings: AppSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ExportDialog")
        self.setWindowTitle(self.tr("Export delivery"))
        self.ledger = ledger
        self.session = session
        self.take_ids = list(take_ids)
        self.settings = settings
        self.verdict: GateVerdict | None = None
        self.verdict_checker = LatestRunner(self)
        self.verdict_checker.finished.connect(self._verdict_arrived)
        self.verdict_checker.failed.connect(self._verdict_failed)
        self.worker: Worker | None = None
        self.report: ExportReport | None = None
        self.outcome = ""
        self.error_dialog: QMessageBox | None = None

        self.selection_label = QLabel(
            self.tr("%n take(s) of session “%1”.", "", len(self.take_ids)).replace("%1", session.title)
        )
        self.folder_edit = QLineEdit(settings.export_folder)
        self.folder_edit.setAccessibleName(self.tr("Destination folder"))
        self.browse_button = QPushButton(self.tr("&Browse…"))
        self.browse_button.setAccessibleName(self.tr("Choose the destination folder"))
        self.browse_button.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        self.recipient_edit = QLineEdit(settings.export_recipient)
        self.recipient_edit.setAccessibleName(self.tr("Recipient"))
        self.purpose_combo = QComboBox()
        self.purpose_combo.setAccessibleName(self.tr("Declared purpose"))
        delivery = self.tr("Delivery (restrictions travel inside each file)")
        self.purpose_combo.addItem(delivery, Purpose.DELIVERY)
        for purpose in Purpose:
            if purpose.scope is not None:
                self.purpose_combo.addItem(scope_label(purpose.scope), purpose)

        form = QFormLayout()
        folder_label = QLabel(self.tr("&Destination:"))
        folder_label.setBuddy(self.folder_edit)
        form.addRow(folder_label, folder_row)
        form.addRow(self.tr("&Recipient:"), self.recipient_edit)
        form.addRow(self.tr("Declared &purpose:"), self.purpose_combo)

        self.verdict_label = QLabel()
        self.verdict_label.setObjectName("VerdictLabel")
        self.verdict_label.setWordWrap(True)
        self.blocks = QTreeWidget()
        self.blocks.setAccessibleName(self.tr("Takes that block the export"))
        self.blocks.setHeaderLabels([self.tr("Blocking take / actor: why"), ""])
        self.blocks.setWordWrap(True)
        self.blocks.header().setStretchLastSection(False)
        self.blocks.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.blocks.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.select_all_button = QPushButton(self.tr("Select all blocking takes"))
        self.select_all_button.clicked.connect(
            lambda: self.select_takes_requested.emit(list(self.verdict.blocking_take_ids()))
        )

        self.file_label = QLabel()
        self.overall_bar = QProgressBar()
        self.overall_bar.setAccessibleName(self.tr("Delivery progress"))
        self.overall_bar.setRange(0, PROGRESS_STEPS)
        self.file_bar = QProgressBar()
        self.file_bar.setAccessibleName(self.tr("Current file progress"))
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(self.tr("&Export"), _ACCEPT)
        self.export_button.setDefault(True)
        self.open_folder_button = self.buttons.addButton(
            self.tr("Open &folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_manifest_button = self.buttons.addButton(
            self.tr("Open &manifest"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.accept)
        self.open_folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.report.folder)))
        )
        self.open_manifest_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.report.manifest_json)))
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.selection_label)
        layout.addLayout(form)
        for widget in (self.verdict_label, self.blocks, self.select_all_button, self.file_label,
                       self.overall_bar, self.file_bar, self.summary_label, self.buttons):
            layout.addWidget(widget)
        self._show_progress(False)
        for button in (self.open_folder_button, self.open_manifest_button, self.close_button):
            button.hide()

        self.purpose_combo.currentIndexChanged.connect(self.refresh_verdict)
        self.folder_edit.textChanged.connect(self._update_buttons)
        self.resize(720, 560)
        self.refresh_verdict()

    # --- before: the verdict ---------------------------------------------------------------
    def purpose(self) -> Purpose:
        return Purpose(self.purpose_combo.currentData())

    def refresh_verdict(self) -> None:
        """Ask the ledger's gate for this selection and purpose in a worker; until it answers the dialog
        says it is checking and Export stays disabled. An answer for an earlier purpose is dropped."""
        self.verdict = None
        self.blocks.clear()
        self.blocks.hide()
        self.select_all_button.hide()
        self._show_verdict(self.tr("Checking the recorded decisions…"), StatusKind.PENDING)
        self._update_buttons()
        take_ids, purpose, on = self.take_ids, self.purpose(), self.ledger.today()

        def check(ledger: Ledger, _control: WorkerControl) -> GateVerdict:
            return proven_gate(ledger, take_ids, purpose, on)  # a few seconds at 10,000 takes

        self.verdict_checker.run(on_own_ledger(self.ledger.path, check))

    def _verdict_arrived(self, verdict: GateVerdict) -> None:
        """List every blocking take, each with its button."""
        self.verdict = verdict
        blocking = verdict.blocking_take_ids()
        if verdict.allowed:
            text = self.tr("Ready: %n take(s) may leave for this purpose.", "", len(self.take_ids))
            self._show_verdict(text, StatusKind.AUTHORIZED)
        else:
            text = self.tr("Export blocked: %n take(s) may not leave for this purpose.", "", len(blocking))
            self._show_verdict(text, StatusKind.NOT_AUTHORIZED)
        self._list_blocks(blocking)
        self.blocks.setVisible(not verdict.allowed)
        self.select_all_button.setVisible(len(blocking) > 1)
        self._update_buttons()

    def _verdict_failed(self, exc: BaseException) -> None:
        self._show_verdict(error_text(exc), StatusKind.NOT_AUTHORIZED)

    def _show_verdict(self, text: str, kind: StatusKind) -> None:
        """The verdict line in the status colours of the theme (the stylesheet keys on `status`)."""
        self.verdict_label.setText(text)
        self.verdict_label.setProperty("status", kind.value)
        self.verdict_label.style().unpolish(self.verdict_label)
        self.verdict_label.style().polish(self.verdict_label)

    def _list_blocks(self, blocking: tuple[str, ...]) -> None:
        """One item per blocking take with its reasons and its button; Tab reaches the buttons in list
        order right after the list (they are made last, so Qt would otherwise put them after Cancel)."""
        by_take: dict[str, list] = {}
        for block in self.verdict.blocks:
            by_take.setdefault(block.take_id, []).append(block)
        before: QWidget = self.blocks
        for take_id in blocking[:BLOCK_BUTTON_LIMIT]:
            first = by_take[take_id][0]
            item = QTreeWidgetItem([first.take_label])
            pending = first.kind in (BlockKind.PENDING, BlockKind.NO_ACTOR, BlockKind.RECORDING)
            item.setIcon(0, status_icon(StatusKind.PENDING if pending else StatusKind.NOT_AUTHORIZED))
            for block in by_take[take_id]:
                who = f"{block.actor_name}: " if block.actor_name else ""
                child = QTreeWidgetItem([who + self.block_text(block)])
                child.setToolTip(0, child.text(0))
                item.addChild(child)
            self.blocks.addTopLevelItem(item)
            item.setExpanded(True)
            button = QPushButton(self.tr("Show in list"))
            button.setAccessibleName(self.tr("Show take %1 in the list").replace("%1", first.take_label))
            button.clicked.connect(lambda _c=False, t=take_id: self.select_take_requested.emit(t))
            self.blocks.setItemWidget(item, 1, button)
            QWidget.setTabOrder(before, button)
            before = button
        QWidget.setTabOrder(before, self.select_all_button)
        if len(blocking) > BLOCK_BUTTON_LIMIT:
            more = len(blocking) - BLOCK_BUTTON_LIMIT
            self.blocks.addTopLevelItem(QTreeWidgetItem([self.tr("… and %n more", "", more)]))

    def block_text(self, block: GateBlock) -> str:
        """The gate's reason in the window's language (the ledger's `reason` is the English line)."""
        scopes = ", ".join(scope_label(s) for s in block.scopes)
        if block.kind is BlockKind.NO_ACTOR:
            return self.tr("Pending: no actor on this take")
        if block.kind is BlockKind.RECORDING:
            return self.tr("Still being recorded")
        if block.kind is BlockKind.PENDING:
            return self.tr("Pending: no decision yet for %1").replace("%1", scopes)
        if block.kind is BlockKind.UNPROVEN:
            return self.tr("The ledger cannot prove this record, nothing will be signed: %1").replace(
                "%1", block.reason
            )
        if block.kind is BlockKind.EXPIRED:
            return self.tr("%1: the conditional permission expired on %2").replace("%1", scopes).replace(
                "%2", block.expires or ""
            )
        return self.tr("Not authorized for %1").replace("%1", scopes)

    def block_buttons(self) -> dict[str, QPushButton]:
        """Each listed blocking take's button, by take id (for keyboard users and tests alike)."""
        buttons = {}
        for row, take_id in enumerate(self.verdict.blocking_take_ids()[:BLOCK_BUTTON_LIMIT]):
            buttons[take_id] = self.blocks.itemWidget(self.blocks.topLevelItem(row), 1)
        return buttons

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export to folder"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def _update_buttons(self) -> None:
        ready = self.verdict is not None and self.verdict.allowed and bool(self.folder_edit.text().strip())
        self.export_button.setEnabled(ready and self.worker is None)

    # --- during: the worker ----------------------------------------------------------------
    def start(self) -> None:
        self.prepare_export().start()

    def prepare_export(self) -> Worker:
        """Lock the form and build the connected worker; `start()` runs it at once."""
        folder = Path(self.folder_edit.text().strip()).expanduser()
        self.settings.export_folder = str(folder)
        self.settings.export_recipient = self.recipient_edit.text().strip()
        options = ExportOptions(
            purpose=self.purpose(),
            recipient=self.recipient_edit.text().strip(),
            tsa_url=self.settings.tsa_url or None,
        )
        for widget in (self.folder_edit, self.browse_button, self.recipient_edit, self.purpose_combo):
            widget.setEnabled(False)
        self._show_progress(True)
        take_ids = list(self.take_ids)

        def export(ledger: Ledger, progress, cancel) -> ExportReport:
            return export_takes(ledger, take_ids, folder, options, progress=progress, cancel=cancel)

        worker = self._follow(Worker(export_task(self.ledger.path, export)))
        self._update_buttons()
        return worker

    def cancel(self) -> None:
        if self.is_running():
            self.cancel_button.setEnabled(False)
            self.file_label.setText(self.tr("Cancelling… the files of this export are being removed."))
            self.worker.cancel()
        elif self.worker is None:
            self.reject()

    def is_running(self) -> bool:
        return self.worker is not None and not self.outcome

    def _show_progress(self, visible: bool) -> None:
        for widget in (self.file_label, self.overall_bar, self.file_bar):
            widget.setVisible(visible)

    def _progress(self, done: int, total: int, label: str) -> None:
        self.overall_bar.setValue(done)
        if label and self.cancel_button.isEnabled():
            self.file_label.setText(label)

    # --- after: the summary ----------------------------------------------------------------
    def _finished(self, report: ExportReport) -> None:
        self.report = report
        self.outcome = "delivered"
        renamed = [t for t in report.takes if t.renamed]
        lines = [
            self.tr("Delivered %n file(s) to %1.", "", len(report.takes)).replace("%1", str(report.folder)),
            self.tr("Manifest: %1").replace("%1", report.manifest_json.name),
        ]
        if report.extra_files:
            names = ", ".join(path.name for path in report.extra_files)
            lines.append(self.tr("Also in the folder: %1").replace("%1", names))
        if not self.settings.tsa_url:
            lines.append(
                self.tr("No time-stamp authority is set: the signatures expire with the studio's signing "
                        "certificate.")
            )
        lines.extend(
            self.tr("%1 existed already: written as %2")
            .replace("%1", t.wanted_name)
            .replace("%2", t.file_name)
            for t in renamed
        )
        self._end("\n".join(lines))
        self.open_folder_button.show()
        self.open_manifest_button.show()
        self.delivered.emit(report)

    def _failed(self, exc: BaseException) -> None:
        """The summary says it, and a dialog too: a full disk or a read-only folder must not pass unseen."""
        self.outcome = "failed"
        self._end(self.tr("Nothing was delivered.") + "\n" + error_text(exc))
        self.error_dialog = show_error(self, exc, self.tr("Export failed: nothing was delivered"))

    def _cancelled(self) -> None:
        self.outcome = "cancelled"
        self._end(self.tr("Export cancelled: no file was left behind and no delivery was recorded."))

    def _end(self, text: str) -> None:
        self.summary_label.setText(text)
        self._show_progress(False)
        self._leave_only_close(self.export_button)
