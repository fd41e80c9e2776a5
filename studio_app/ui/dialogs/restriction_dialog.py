"""The engineer's only decision: record "not authorized" for chosen actors of the selected takes, with why.

There is deliberately no control here that grants anything: permissions come from the actor alone.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from studio_app.core.model import Actor
from studio_app.ui.dialogs.actor_checklist import ActorChecklist
from studio_app.ui.dialogs.submitting import SubmittingDialog


class RestrictionDialog(SubmittingDialog):
    def __init__(
        self, actors: list[Actor], take_count: int, engineer: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record restriction (not authorized)"))
        intro = QLabel(
            self.tr(
                "Records \"Not authorized\" for every AI use, for the checked actors on %n selected take(s). "
                "Only the actor can grant a permission, on the talent screen.",
                "",
                take_count,
            )
        )
        intro.setWordWrap(True)
        self.actor_list = ActorChecklist(actors, checked=True)
        self.actor_list.setAccessibleName(self.tr("Actors to restrict"))
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setAccessibleName(self.tr("Reason"))
        self.reason_edit.setPlaceholderText(
            self.tr("Why (required), e.g. \"actor declined AI use verbally\"")
        )
        reason_label = QLabel(self.tr("&Reason:"))
        reason_label.setBuddy(self.reason_edit)
        self.engineer_edit = QLineEdit(engineer)
        self.engineer_edit.setAccessibleName(self.tr("Recorded by (engineer)"))
        engineer_label = QLabel(self.tr("Recorded &by (engineer):"))
        engineer_label.setBuddy(self.engineer_edit)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record_button = self.buttons.addButton(
            self.tr("Record not authorized"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.actor_list)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason_edit)
        layout.addWidget(engineer_label)
        layout.addWidget(self.engineer_edit)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._update_state)
        self.engineer_edit.textChanged.connect(self._update_state)
        self.actor_list.changed.connect(self._update_state)
        self._update_state()

    def _update_state(self) -> None:
        self.record_button.setEnabled(bool(self.reason() and self.engineer() and self.actor_ids()))

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def engineer(self) -> str:
        return self.engineer_edit.text().strip()

    def actor_ids(self) -> list[str]:
        return self.actor_list.checked_ids()
