"""Add a performer to the session, or correct one: legal name (any script) and an optional stage name."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from studio_app.core.model import Actor
from studio_app.ui.dialogs.submitting import SubmittingDialog

_OK = QDialogButtonBox.StandardButton.Ok


class ActorDialog(SubmittingDialog):
    def __init__(self, parent: QWidget | None = None, actor: Actor | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit actor") if actor else self.tr("Add actor"))
        self.legal_name_edit = QLineEdit(actor.legal_name if actor else "")
        self.legal_name_edit.setAccessibleName(self.tr("Legal name"))
        self.stage_name_edit = QLineEdit((actor.stage_name or "") if actor else "")
        self.stage_name_edit.setAccessibleName(self.tr("Stage name"))
        form = QFormLayout(self)
        form.addRow(self.tr("&Legal name:"), self.legal_name_edit)
        form.addRow(self.tr("&Stage name:"), self.stage_name_edit)
        self.buttons = QDialogButtonBox(_OK | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.legal_name_edit.textChanged.connect(
            lambda text: self.buttons.button(_OK).setEnabled(bool(text.strip()))
        )
        self.buttons.button(_OK).setEnabled(bool(self.legal_name()))

    def legal_name(self) -> str:
        return self.legal_name_edit.text().strip()

    def stage_name(self) -> str | None:
        return self.stage_name_edit.text().strip() or None
