"""Before the session default records anything: how many takes, actors and decisions, and why (no
contract, or no AI clause); with takes selected, the choice of deciding only those."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QRadioButton, QVBoxLayout, QWidget

from studio_app.core.model import ContractStatus
from studio_app.services.ledger.decisions import SessionDefaultPlan


class SessionDefaultDialog(QDialog):
    """`whole` is the session's plan, `selected` the plan over the selected takes (None: no selection)."""

    def __init__(
        self, whole: SessionDefaultPlan, selected: SessionDefaultPlan | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SessionDefaultDialog")
        self.setWindowTitle(self.tr("Apply the session default"))
        self.whole, self.selected = whole, selected
        if whole.contract_status is ContractStatus.NONE:
            because = self.tr(
                "Record “not authorized” for every AI use still undecided: the session has no contract."
            )
        else:
            because = self.tr(
                "Record “not authorized” for every AI use still undecided: "
                "the session's contract has no AI clause."
            )
        self.intro = QLabel(because)
        self.intro.setWordWrap(True)
        self.selected_radio = QRadioButton(self._choice(self.tr("Selected takes only"), selected))
        self.selected_radio.setVisible(selected is not None)
        self.selected_radio.setEnabled(selected is not None and bool(selected.decisions))
        self.whole_radio = QRadioButton(self._choice(self.tr("All undecided takes of the session"), whole))
        self.whole_radio.setEnabled(bool(whole.decisions))
        (self.selected_radio if self.selected_radio.isEnabled() else self.whole_radio).setChecked(True)
        note = QLabel(self.tr(
            "This is the restrictive decision; only the actor can give a permission, on the talent screen."
        ))
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record_button = self.buttons.addButton(
            self.tr("&Record not authorized"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setEnabled(bool(whole.decisions))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.selected_radio, self.whole_radio, note, self.buttons):
            layout.addWidget(widget)

    def _choice(self, what: str, plan: SessionDefaultPlan | None) -> str:
        if plan is None:
            return what
        if not plan.decisions:
            return self.tr("%1: nothing left to decide").replace("%1", what)
        counts = ", ".join((
            self.tr("%n take(s)", "", len(plan.take_ids)),
            self.tr("%n actor(s)", "", len(plan.actor_ids)),
            self.tr("%n decision(s)", "", plan.decisions),
        ))
        return f"{what}: {counts}"

    def take_ids(self) -> list[str] | None:
        """The takes to decide: the selected ones, or None for every undecided take of the session."""
        if self.selected is not None and self.selected_radio.isChecked():
            return list(self.selected.take_ids)
        return None
