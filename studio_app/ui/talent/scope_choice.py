"""One scope on the talent screen: its plain-language explanation and the actor's three-way choice.

A card starts at the choice the actor holds for its scope (`HeldChoice`), else at "Not authorized": a
grant only exists when the actor picks it or picked it before. Where the covered takes do not all hold
the same, the card says so and starts at "Not authorized". A card whose choice differs from what is held
is marked as changed. Conditions need a text; an end date is optional.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from studio_app.core.model import ScopeChoice
from studio_app.core.scopes import Permission, Scope
from studio_app.services.ledger.decisions import HeldChoice
from studio_app.services.terms import ScopeTerms
from studio_app.ui.i18n import ScreenLanguage
from studio_app.ui.talent.flow_layout import FlowLayout

CONTEXT = "TalentScreen"

PERMISSION_TONES = {
    Permission.NOT_AUTHORIZED: "not_authorized",
    Permission.AUTHORIZED: "authorized",
    Permission.AUTHORIZED_WITH_CONDITIONS: "conditions",
}
"""The theme's status colours a chosen option takes (style sheet property `choice`)."""

PERMISSION_TEXTS = {
    Permission.NOT_AUTHORIZED: QT_TRANSLATE_NOOP("TalentScreen", "Not authorized"),
    Permission.AUTHORIZED: QT_TRANSLATE_NOOP("TalentScreen", "Authorized"),
    Permission.AUTHORIZED_WITH_CONDITIONS: QT_TRANSLATE_NOOP("TalentScreen", "Authorized with conditions"),
}
"""The choice labels, in the order shown: the restrictive one first and preselected."""

UNDECIDED = QT_TRANSLATE_NOOP("TalentScreen", "No decision yet")
DIFFERING = QT_TRANSLATE_NOOP("TalentScreen", "Not the same on all the selected recordings")


def choice_text(language: ScreenLanguage, choice: ScopeChoice | None, differs: bool = False) -> str:
    """A choice in the actor's words: the permission, then a conditional grant's conditions and end date."""
    if choice is None:
        return language.text(CONTEXT, DIFFERING if differs else UNDECIDED)
    text = language.text(CONTEXT, PERMISSION_TEXTS[choice.permission])
    if choice.permission is Permission.AUTHORIZED_WITH_CONDITIONS:
        text += f" — {choice.conditions}"
        if choice.expires:
            text += " " + language.text(CONTEXT, QT_TRANSLATE_NOOP("TalentScreen", "(until %1)"), choice.expires)
    return text


class ScopeChoiceCard(QFrame):
    """The explanation of one scope and the actor's choice for it; `changed` fires on any edit."""

    changed = Signal()

    def __init__(self, scope: Scope, held: HeldChoice | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scope = scope
        self.held = held or HeldChoice(None)
        self.language: ScreenLanguage | None = None
        self.setObjectName("ScopeCard")
        self.title = QLabel(objectName="ScopeTitle", wordWrap=True)
        self.changed_mark = QLabel(objectName=f"{scope.value}-changed", wordWrap=True)
        self.changed_mark.setProperty("mark", "changed")
        self.changed_mark.setVisible(False)
        self.differs_note = QLabel(objectName=f"{scope.value}-differs", wordWrap=True)
        self.differs_note.setProperty("mark", "differs")
        self.differs_note.setVisible(self.held.differs)
        self.explanation = QLabel(wordWrap=True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.buttons = QButtonGroup(self)
        self.radios: dict[Permission, QRadioButton] = {}
        choices = FlowLayout()
        for permission in PERMISSION_TEXTS:
            radio = QRadioButton(objectName=f"{scope.value}-{permission.value}")
            radio.setProperty("choice", PERMISSION_TONES[permission])
            self.radios[permission] = radio
            self.buttons.addButton(radio)
            choices.addWidget(radio)

        self.conditions_label = QLabel()
        self.conditions = QPlainTextEdit(objectName=f"{scope.value}-conditions")
        self.conditions.setTabChangesFocus(True)
        self.conditions.setFixedHeight(110)
        self.conditions_label.setBuddy(self.conditions)
        self.has_expiry = QCheckBox(objectName=f"{scope.value}-has-expiry")
        self.expiry = QDateEdit(objectName=f"{scope.value}-expiry", calendarPopup=True)
        self.expiry.setDisplayFormat("yyyy-MM-dd")
        self.expiry.setMinimumDate(QDate.currentDate().addDays(1))
        self.expiry.setDate(QDate.currentDate().addYears(1))
        self.expiry.setEnabled(False)
        expiry_row = QHBoxLayout()
        expiry_row.addWidget(self.has_expiry)
        expiry_row.addWidget(self.expiry)
        expiry_row.addStretch(1)
        self.conditions_box = QWidget()
        box = QVBoxLayout(self.conditions_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.conditions_label)
        box.addWidget(self.conditions)
        box.addLayout(expiry_row)
        self.conditions_box.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.changed_mark)
        layout.addWidget(self.explanation)
        layout.addWidget(self.differs_note)
        layout.addLayout(choices)
        layout.addWidget(self.conditions_box)

        self._start_from(self.held.choice)
        self.buttons.buttonToggled.connect(self._on_choice)
        self.conditions.textChanged.connect(self._on_edit)
        self.has_expiry.toggled.connect(self.expiry.setEnabled)
        self.has_expiry.toggled.connect(self._on_edit)
        self.expiry.dateChanged.connect(self._on_edit)

    def _start_from(self, choice: ScopeChoice | None) -> None:
        """The held choice, filled in as the actor left it; none held (or differing takes): Not authorized."""
        self.choose(choice.permission if choice else Permission.NOT_AUTHORIZED)
        self.conditions_box.setVisible(self.permission is Permission.AUTHORIZED_WITH_CONDITIONS)
        if choice is not None and choice.conditions:
            self.conditions.setPlainText(choice.conditions)
        if choice is not None and choice.expires:
            self.has_expiry.setChecked(True)
            self.expiry.setEnabled(True)
            self.expiry.setDate(QDate.fromString(choice.expires, "yyyy-MM-dd"))

    def _on_choice(self) -> None:
        self.conditions_box.setVisible(self.permission is Permission.AUTHORIZED_WITH_CONDITIONS)
        self._on_edit()

    def _on_edit(self) -> None:
        self._show_changed()
        self.changed.emit()

    @property
    def is_changed(self) -> bool:
        """Whether confirming would record something for this scope: a new or differing choice."""
        return self.held.choice is None or self.choice() != self.held.choice

    def _show_changed(self) -> None:
        """Marked only against a decision held: a first decision is all new, nothing to compare with."""
        marked = self.is_changed and (self.held.choice is not None or self.held.differs)
        self.changed_mark.setVisible(marked)
        if self.property("changed") != marked:
            self.setProperty("changed", marked)
            self.style().unpolish(self)
            self.style().polish(self)
        if self.language is not None:
            before = choice_text(self.language, self.held.choice, self.held.differs)
            self.changed_mark.setText(
                self.language.text(CONTEXT, QT_TRANSLATE_NOOP("TalentScreen", "Changed (was: %1)"), before))

    @property
    def permission(self) -> Permission:
        return next(p for p, radio in self.radios.items() if radio.isChecked())

    def choose(self, permission: Permission) -> None:
        self.radios[permission].setChecked(True)

    @property
    def is_complete(self) -> bool:
        """A conditional grant without its conditions written down is not a choice yet."""
        return self.permission is not Permission.AUTHORIZED_WITH_CONDITIONS or bool(self.conditions_text)

    @property
    def conditions_text(self) -> str:
        return self.conditions.toPlainText().strip()

    def choice(self) -> ScopeChoice:
        if self.permission is not Permission.AUTHORIZED_WITH_CONDITIONS:
            return ScopeChoice(self.permission)
        expires = self.expiry.date().toString("yyyy-MM-dd") if self.has_expiry.isChecked() else None
        return ScopeChoice(self.permission, conditions=self.conditions_text, expires=expires)

    def retranslate(self, language: ScreenLanguage, terms: ScopeTerms) -> None:
        """The terms' own title and explanation (part of the hashed text) and the translated controls."""
        self.language = language
        self.title.setText(terms.title)
        self.differs_note.setText(language.text(CONTEXT, QT_TRANSLATE_NOOP(
            "TalentScreen", "The selected recordings do not all have the same decision for this use, so it "
            "starts at “Not authorized”. What you confirm here applies to all of them.")))
        self._show_changed()
        self.explanation.setText(terms.explanation)
        for permission, radio in self.radios.items():
            radio.setText(language.text(CONTEXT, PERMISSION_TEXTS[permission]))
            radio.setAccessibleName(f"{terms.title}: {radio.text()}")
        conditions = QT_TRANSLATE_NOOP("TalentScreen", "Your conditions:")
        self.conditions_label.setText(language.text(CONTEXT, conditions))
        self.conditions.setAccessibleName(f"{terms.title}: {self.conditions_label.text()}")
        self.has_expiry.setText(language.text(CONTEXT, QT_TRANSLATE_NOOP("TalentScreen", "Ends on")))
        self.expiry.setAccessibleName(f"{terms.title}: {self.has_expiry.text()}")
        self.setAccessibleName(terms.title)
