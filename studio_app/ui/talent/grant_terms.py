"""The terms of one grant on the talent screen: intended use, term, territory, compensation, representation.

Shown under a scope's choice while it is a grant. Unions and laws ask these of every AI permission (a
reasonably specific intended use, a term, compensation, representation), so each must be answered by
the actor: the intended use in their own words or the session contract's wording, an end date or "No
end date" ticked, the territory (worldwide unless changed), a compensation reference (may say "none")
and who represented them. What is still unanswered is named by `missing()`.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio_app.core.record import WORLDWIDE, GrantTerms, Representation
from studio_app.core.rules import BLANKET_USES, NEVER_BLANKET, normalized_name
from studio_app.core.scopes import Scope
from studio_app.ui.i18n import ScreenLanguage
from studio_app.ui.talent.flow_layout import FlowLayout

CONTEXT = "TalentScreen"

WORLDWIDE_TEXT = QT_TRANSLATE_NOOP("TalentScreen", "Worldwide")

REPRESENTATION_TEXTS = {
    Representation.UNION: QT_TRANSLATE_NOOP("TalentScreen", "A union"),
    Representation.AGENT: QT_TRANSLATE_NOOP("TalentScreen", "An agent"),
    Representation.LAWYER: QT_TRANSLATE_NOOP("TalentScreen", "A lawyer"),
    Representation.NONE: QT_TRANSLATE_NOOP("TalentScreen", "No one"),
}
"""Who represented the actor, in the order offered after "Choose…"."""


class WheelScrollsScreenCombo(QComboBox):
    """A wheel turned over it scrolls the talent screen instead of changing the actor's answer."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()


class WheelScrollsScreenDateEdit(QDateEdit):
    """A wheel turned over it scrolls the talent screen instead of moving the end date."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()


class GrantTermsBox(QWidget):
    """The five terms of one grant; `changed` fires on any edit."""

    changed = Signal()

    def __init__(self, scope: Scope, contract_text: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scope = scope
        self.contract_text = (contract_text or "").strip()
        self.language: ScreenLanguage | None = None
        self._shown_worldwide = ""
        name = scope.value
        self.use_label = QLabel(wordWrap=True)
        self.intended_use = QPlainTextEdit(objectName=f"{name}-intended-use")
        self.intended_use.setTabChangesFocus(True)
        self.intended_use.setFixedHeight(110)
        self.use_label.setBuddy(self.intended_use)
        self.use_contract = QPushButton(objectName=f"{name}-use-contract")
        self.use_contract.setVisible(bool(self.contract_text))
        self.term_label = QLabel(wordWrap=True)
        self.has_expiry = QCheckBox(objectName=f"{name}-has-expiry")
        self.expiry = WheelScrollsScreenDateEdit(objectName=f"{name}-expiry", calendarPopup=True)
        self.expiry.setDisplayFormat("yyyy-MM-dd")
        self.expiry.setMinimumDate(QDate.currentDate().addDays(1))
        self.expiry.setDate(QDate.currentDate().addYears(1))
        self.expiry.setEnabled(False)
        self.no_end_date = QCheckBox(objectName=f"{name}-no-end-date")
        term_row = FlowLayout()
        for widget in (self.has_expiry, self.expiry, self.no_end_date):
            term_row.addWidget(widget)
        self.territory_label = QLabel(wordWrap=True)
        self.territory = QLineEdit(objectName=f"{name}-territory")
        self.territory_label.setBuddy(self.territory)
        self.compensation_label = QLabel(wordWrap=True)
        self.compensation = QLineEdit(objectName=f"{name}-compensation")
        self.compensation_label.setBuddy(self.compensation)
        self.representation_label = QLabel(wordWrap=True)
        self.representation = WheelScrollsScreenCombo(objectName=f"{name}-representation")
        self.representation.addItem("", None)
        for representation in REPRESENTATION_TEXTS:
            self.representation.addItem("", representation)
        self.representation_label.setBuddy(self.representation)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.use_label)
        layout.addWidget(self.intended_use)
        layout.addWidget(self.use_contract, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.term_label)
        layout.addLayout(term_row)
        for label, field in ((self.territory_label, self.territory),
                             (self.compensation_label, self.compensation),
                             (self.representation_label, self.representation)):
            layout.addWidget(label)
            layout.addWidget(field)

        self.use_contract.clicked.connect(lambda: self.intended_use.setPlainText(self.contract_text))
        self.has_expiry.toggled.connect(self._on_end_date)
        self.no_end_date.toggled.connect(self._on_no_end_date)
        for signal in (self.intended_use.textChanged, self.expiry.dateChanged, self.territory.textChanged,
                       self.compensation.textChanged, self.representation.currentIndexChanged):
            signal.connect(self.changed)

    def _on_end_date(self, checked: bool) -> None:
        """An end date and "No end date" exclude each other; neither ticked leaves the term unanswered."""
        self.expiry.setEnabled(checked)
        if checked:
            self.no_end_date.setChecked(False)
        self.changed.emit()

    def _on_no_end_date(self, checked: bool) -> None:
        if checked:
            self.has_expiry.setChecked(False)
        self.changed.emit()

    # --- values ---

    def set_terms(self, expires: str | None, terms: GrantTerms | None) -> None:
        """Fill in a held grant's terms (no signals: this is where the card starts, not an edit)."""
        blocked = [w.blockSignals(True) for w in self._fields()]
        if expires:
            self.has_expiry.setChecked(True)
            self.expiry.setEnabled(True)
            self.expiry.setDate(QDate.fromString(expires, "yyyy-MM-dd"))
        if terms is not None:
            self.intended_use.setPlainText(terms.intended_use)
            self.no_end_date.setChecked(terms.no_end_date)
            self.territory.setText("" if terms.territory == WORLDWIDE else terms.territory)
            self.compensation.setText(terms.compensation)
            self.representation.setCurrentIndex(self.representation.findData(terms.representation))
        for widget, was in zip(self._fields(), blocked, strict=True):
            widget.blockSignals(was)

    def _fields(self) -> list[QWidget]:
        return [self.intended_use, self.has_expiry, self.expiry, self.no_end_date, self.territory,
                self.compensation, self.representation]

    def expires(self) -> str | None:
        return self.expiry.date().toString("yyyy-MM-dd") if self.has_expiry.isChecked() else None

    def territory_value(self) -> str:
        """What the territory field says; its default, "Worldwide" in either language, is `worldwide`."""
        text = self.territory.text().strip()
        defaults = {normalized_name(WORLDWIDE), normalized_name(self._shown_worldwide)}
        return WORLDWIDE if text and normalized_name(text) in defaults else text

    def terms(self) -> GrantTerms:
        """The answers as the grant's terms (Qt hands the combo's enum data back as its string value)."""
        representation = self.representation.currentData()
        return GrantTerms(
            intended_use=self.intended_use.toPlainText().strip(),
            no_end_date=self.no_end_date.isChecked(),
            territory=self.territory_value(),
            compensation=self.compensation.text().strip(),
            representation=Representation(representation or Representation.NONE),
        )

    def missing(self) -> str:
        """The first unanswered term, as the step the actor still has to take ('' when all are answered)."""
        language = self.language
        if language is None:
            return ""
        use = self.intended_use.toPlainText().strip()
        if not use:
            return language.text(CONTEXT, QT_TRANSLATE_NOOP(
                "TalentScreen", "describe what your voice may be used for (intended use)"))
        if self.scope in NEVER_BLANKET and normalized_name(use) in BLANKET_USES:
            blanket = QT_TRANSLATE_NOOP(
                "TalentScreen", "name a specific use: “%1” does not say what your voice will be used for")
            return language.text(CONTEXT, blanket, use)
        if not (self.has_expiry.isChecked() or self.no_end_date.isChecked()):
            return language.text(CONTEXT, QT_TRANSLATE_NOOP(
                "TalentScreen", "choose an end date, or tick “No end date”"))
        if not self.territory.text().strip():
            return language.text(CONTEXT, QT_TRANSLATE_NOOP(
                "TalentScreen", "write where your voice may be used (territory)"))
        if not self.compensation.text().strip():
            return language.text(CONTEXT, QT_TRANSLATE_NOOP(
                "TalentScreen", "write how you are paid for this use (or “none”)"))
        if self.representation.currentData() is None:
            return language.text(CONTEXT, QT_TRANSLATE_NOOP(
                "TalentScreen", "say who represented you for this decision"))
        return ""

    # --- language ---

    def retranslate(self, language: ScreenLanguage, scope_title: str) -> None:
        self.language = language

        def t(source: str) -> str:
            return language.text(CONTEXT, source)

        self.use_label.setText(t(QT_TRANSLATE_NOOP(
            "TalentScreen", "What may your voice be used for? Describe the intended use in your own words:")))
        self.use_contract.setText(t(QT_TRANSLATE_NOOP("TalentScreen", "Use the contract’s wording")))
        self.use_contract.setToolTip(self.contract_text)
        self.term_label.setText(t(QT_TRANSLATE_NOOP("TalentScreen", "For how long:")))
        self.has_expiry.setText(t(QT_TRANSLATE_NOOP("TalentScreen", "Ends on")))
        self.no_end_date.setText(t(QT_TRANSLATE_NOOP("TalentScreen", "No end date")))
        self.territory_label.setText(t(QT_TRANSLATE_NOOP("TalentScreen", "Where (territory):")))
        if normalized_name(self.territory.text()) in ("", normalized_name(self._shown_worldwide)):
            self._shown_worldwide = t(WORLDWIDE_TEXT)
            blocked = self.territory.blockSignals(True)
            self.territory.setText(self._shown_worldwide)
            self.territory.blockSignals(blocked)
        self.compensation_label.setText(t(QT_TRANSLATE_NOOP(
            "TalentScreen", "Payment for this use (contract clause or fee; write “none” if there is none):")))
        self.representation_label.setText(t(QT_TRANSLATE_NOOP(
            "TalentScreen", "Who represented you for this decision:")))
        self.representation.setItemText(0, t(QT_TRANSLATE_NOOP("TalentScreen", "Choose…")))
        for index, source in enumerate(REPRESENTATION_TEXTS.values(), start=1):
            self.representation.setItemText(index, t(source))
        named = [(self.intended_use, self.use_label), (self.territory, self.territory_label),
                 (self.compensation, self.compensation_label),
                 (self.representation, self.representation_label)]
        for field, label in named:
            field.setAccessibleName(f"{scope_title}: {label.text()}")
        self.expiry.setAccessibleName(f"{scope_title}: {self.has_expiry.text()}")
