"""Create or edit a session: title, client, contract reference and what the contract says about AI."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from studio_app.core.model import ContractStatus, Session
from studio_app.ui.dialogs.submitting import SubmittingDialog


@dataclass(frozen=True)
class SessionFields:
    """What the engineer typed; the ledger validates and stores it."""

    title: str
    client: str
    engineer: str
    contract_reference: str | None
    contract_status: ContractStatus
    ai_scope_text: str | None

_OK = QDialogButtonBox.StandardButton.Ok


class SessionDialog(SubmittingDialog):
    """One form for new and existing sessions; OK stays disabled until the session has a title."""

    def __init__(self, session: Session | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit session") if session else self.tr("New session"))
        self.title_edit = QLineEdit(session.title if session else "")
        self.client_edit = QLineEdit(session.client if session else "")
        self.engineer_edit = QLineEdit(session.engineer if session else "")
        self.contract_edit = QLineEdit((session.contract_reference or "") if session else "")
        self.status_combo = QComboBox()
        for status, label in (
            (ContractStatus.NONE, self.tr("No contract")),
            (ContractStatus.NO_AI_CLAUSE, self.tr("Contract without an AI clause")),
            (ContractStatus.AI_CLAUSE, self.tr("Contract with an AI clause")),
        ):
            self.status_combo.addItem(label, status)
        if session:
            self.status_combo.setCurrentIndex(self.status_combo.findData(session.contract_status))
        self.ai_text_edit = QPlainTextEdit((session.ai_scope_text or "") if session else "")
        self.ai_text_edit.setTabChangesFocus(True)
        self.ai_text_edit.setPlaceholderText(self.tr("What the contract's AI clause says"))

        for widget, name in (
            (self.title_edit, self.tr("Session title")),
            (self.client_edit, self.tr("Client")),
            (self.engineer_edit, self.tr("Engineer")),
            (self.contract_edit, self.tr("Contract reference")),
            (self.status_combo, self.tr("Contract status")),
            (self.ai_text_edit, self.tr("AI clause text")),
        ):
            widget.setAccessibleName(name)

        form = QFormLayout(self)
        form.addRow(self.tr("&Title:"), self.title_edit)
        form.addRow(self.tr("&Client:"), self.client_edit)
        form.addRow(self.tr("&Engineer:"), self.engineer_edit)
        form.addRow(self.tr("Contract &reference:"), self.contract_edit)
        form.addRow(self.tr("Contract &status:"), self.status_combo)
        form.addRow(self.tr("&AI clause:"), self.ai_text_edit)
        self.buttons = QDialogButtonBox(_OK | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

        self.title_edit.textChanged.connect(self._update_state)
        self.status_combo.currentIndexChanged.connect(self._update_state)
        self._update_state()

    def _update_state(self) -> None:
        self.buttons.button(_OK).setEnabled(bool(self.title_edit.text().strip()))
        self.ai_text_edit.setEnabled(self.status_combo.currentData() is ContractStatus.AI_CLAUSE)

    def fields(self) -> SessionFields:
        status = ContractStatus(self.status_combo.currentData())
        ai_text = self.ai_text_edit.toPlainText().strip()
        return SessionFields(
            title=self.title_edit.text().strip(),
            client=self.client_edit.text().strip(),
            engineer=self.engineer_edit.text().strip(),
            contract_reference=self.contract_edit.text().strip() or None,
            contract_status=status,
            ai_scope_text=ai_text if status is ContractStatus.AI_CLAUSE and ai_text else None,
        )


class SessionPickerDialog(QDialog):
    """Open an existing session: newest first, with client and contract to tell similar titles apart."""

    def __init__(self, sessions: list[Session], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Open session"))
        self.session_list = QListWidget()
        self.session_list.setAccessibleName(self.tr("Sessions"))
        for session in sorted(sessions, key=lambda s: s.created_at, reverse=True):
            parts = (session.client, session.contract_reference or "", session.date)
            details = " · ".join(p for p in parts if p)
            item = QListWidgetItem(f"{session.title}  —  {details}" if details else session.title)
            item.setData(Qt.ItemDataRole.UserRole, session.id)
            self.session_list.addItem(item)
        self.session_list.setCurrentRow(0)
        self.buttons = QDialogButtonBox(_OK | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.session_list.itemActivated.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(self.session_list)
        layout.addWidget(self.buttons)
        self.buttons.button(_OK).setEnabled(bool(sessions))

    def session_id(self) -> str | None:
        item = self.session_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None
