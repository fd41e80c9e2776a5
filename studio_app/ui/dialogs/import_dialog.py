"""Import WAV takes: choose the actors on them, then hash and copy each file in the background.

The worker opens its own `Ledger` on the same file (SQLite connections stay on their thread). A bad file
is reported by name and reason and skipped; the others go on. Cancel stops inside the current copy,
which the ledger cleans up, so no half-copied take is left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from studio_app.services.ledger import Ledger
from studio_app.services.ledger.intake import import_take
from studio_app.ui.dialogs.actor_checklist import ActorChecklist
from studio_app.ui.dialogs.errors import error_text
from studio_app.ui.dialogs.worker_dialog import WorkerDialog
from studio_app.ui.workers import Worker, WorkerControl, on_own_ledger
from studio_app.wav.errors import Cancelled

_ACCEPT = QDialogButtonBox.ButtonRole.AcceptRole


@dataclass
class ImportOutcome:
    imported: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False


def import_task(ledger_path: Path, session_id: str, paths: list[Path], actor_ids: list[str]):
    """The worker's job: one take per file, each reported as soon as it is in the ledger."""

    def run(ledger: Ledger, control: WorkerControl) -> ImportOutcome:
        outcome = ImportOutcome()
        for number, path in enumerate(paths):
            if control.cancelled():
                outcome.cancelled = True
                break
            control.progress(number, len(paths), path.name)
            try:
                take = import_take(
                    ledger, session_id, path, actor_ids, progress=control.file_progress,
                    cancel=control.cancelled,
                )
            except Cancelled:
                outcome.cancelled = True
                break
            except Exception as exc:
                failure = (str(path), error_text(exc))
                outcome.failed.append(failure)
                control.report(failure)
                continue
            outcome.imported.append(take.id)
            control.report(take.id)
        control.progress(len(outcome.imported) + len(outcome.failed), len(paths), "")
        return outcome

    return on_own_ledger(ledger_path, run)


class ImportDialog(WorkerDialog):
    """Files to import, actors to assign, then progress and a summary; `imported(take_id)` per new take."""

    imported = Signal(str)

    def __init__(
        self, ledger: Ledger, session_id: str, paths: list[Path], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import takes"))
        self.setObjectName("ImportDialog")
        self.ledger = ledger
        self.session_id = session_id
        self.paths = list(paths)
        self.worker: Worker | None = None
        self.outcome: ImportOutcome | None = None

        self.files_label = QLabel(self.tr("%n WAV file(s) to import:", "", len(self.paths)))
        self.file_list = QListWidget()
        self.file_list.setAccessibleName(self.tr("Files to import"))
        self.file_list.addItems([str(p) for p in self.paths])
        self.actor_label = QLabel(self.tr("&Actors on these takes:"))
        self.actor_list = ActorChecklist(ledger.list_actors(session_id))
        self.actor_list.setAccessibleName(self.tr("Actors on these takes"))
        self.actor_label.setBuddy(self.actor_list)
        self.no_actor_hint = QLabel(self.tr("Takes without an actor stay pending until actors are assigned."))
        self.no_actor_hint.setWordWrap(True)
        self.current_label = QLabel()
        self.overall_bar = QProgressBar()
        self.overall_bar.setAccessibleName(self.tr("Files imported"))
        self.file_bar = QProgressBar()
        self.file_bar.setAccessibleName(self.tr("Current file"))
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(self.tr("&Import"), _ACCEPT)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        self.import_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        for widget in (
            self.files_label, self.file_list, self.actor_label, self.actor_list, self.no_actor_hint,
            self.current_label, self.overall_bar, self.file_bar, self.result_label, self.buttons,
        ):
            layout.addWidget(widget)
        for widget in (self.current_label, self.overall_bar, self.file_bar):
            widget.hide()
        self.resize(640, 520)

    def start(self) -> None:
        self.prepare_import().start()

    def prepare_import(self) -> Worker:
        """Lock the choices and build the connected worker; `start()` runs it at once."""
        self.import_button.setEnabled(False)
        self.actor_list.setEnabled(False)
        for widget in (self.current_label, self.overall_bar, self.file_bar):
            widget.show()
        self.overall_bar.setRange(0, len(self.paths))
        task = import_task(self.ledger.path, self.session_id, self.paths, self.actor_list.checked_ids())
        worker = self._follow(Worker(task))
        worker.signals.reported.connect(self._reported)
        return worker

    def cancel(self) -> None:
        if self.worker is None:
            self.reject()
            return
        self.cancel_button.setEnabled(False)
        self.worker.cancel()

    def is_running(self) -> bool:
        return self.worker is not None and self.outcome is None

    def _progress(self, done: int, total: int, name: str) -> None:
        self.overall_bar.setValue(done)
        self.current_label.setText(self.tr("Copying %1").replace("%1", name) if name else "")

    def _reported(self, item) -> None:
        if isinstance(item, str):
            self.imported.emit(item)

    def _cancelled(self) -> None:
        self._finished(ImportOutcome(cancelled=True))

    def _failed(self, exc: BaseException) -> None:
        self._finished(ImportOutcome(failed=[("", error_text(exc))]))

    def _finished(self, outcome: ImportOutcome) -> None:
        self.outcome = outcome
        lines = [self.tr("%n take(s) imported.", "", len(outcome.imported))]
        if outcome.cancelled:
            lines.append(self.tr("Cancelled: the remaining files were not imported."))
        if outcome.failed:
            lines.append(self.tr("Not imported:"))
            lines.extend(f"• {path}: {reason}" if path else f"• {reason}" for path, reason in outcome.failed)
        self.result_label.setText("\n".join(lines))
        self.current_label.clear()
        self._leave_only_close(self.import_button)
