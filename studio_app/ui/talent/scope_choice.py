"""One scope on the talent screen: its plain-language explanation and the actor's three-way choice.

Every card starts at "Not authorized"; a grant only exists when the actor picks it. Conditions need a
text; an end date is optional.
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
from studio_app.services.terms import ScopeTerms
from studio_app.ui.i18n import ScreenLanguage

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


class ScopeChoiceCard(QFrame):
    """The explanation of one scope and the actor's choice for it; `changed` fires on any edit."""

    changed = Signal()

    def __init__(self, scope: Scope, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scope = scope
        self.setObjectName("ScopeCard")
        self.title = QLabel(objectName="ScopeTitle")
        self.explanation = QLabel(wordWrap=True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.buttons = QButtonGroup(self)
        self.radios: dict[Permission, QRadioButton] = {}
        choices = QHBoxLayout()
        for permission in PERMISSION_TEXTS:
            radio = QRadioButton(objectName=f"{scope.value}-{permission.value}")
            radio.setProperty("choice", PERMISSION_TONES[permission])
            self.radios[permission] = radio
            self.buttons.addButton(radio)
            choices.addWidget(radio)
        choices.addStretch(1)
        self.radios[Permission.NOT_AUTHORIZED].setChecked(True)

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
        layout.addWidget(self.explanation)
        layout.addLayout(choices)
        layout.addWidget(self.conditions_box)

        self.buttons.buttonToggled.connect(self._on_choice)
        self.conditions.textChanged.connect(self.changed)
        self.has_expiry.toggled.connect(self.expiry.setEnabled)
        self.has_expiry.toggled.connect(self.changed)
        self.expiry.dateChanged.connect(self.changed)

    def _on_choice(self) -> None:
        self.conditions_box.setVisible(self.permission is Permission.AUTHORIZED_WITH_CONDITIONS)
        self.changed.emit()

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
        self.title.setText(terms.title)
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
