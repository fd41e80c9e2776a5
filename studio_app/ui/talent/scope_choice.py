"""One scope on the talent screen: its plain-language explanation and the actor's three-way choice.

A card starts at the choice the actor holds for its scope (`HeldChoice`), else at "Not authorized": a
grant only exists when the actor picks it or picked it before. Where the covered takes do not all hold
the same, the card says so and starts at "Not authorized". A card whose choice differs from what is held
is marked as changed. Every grant states its terms (`GrantTermsBox`); a conditional grant also needs its
conditions written.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from studio_app.core.model import ScopeChoice
from studio_app.core.record import WORLDWIDE
from studio_app.core.scopes import Permission, Scope
from studio_app.services.ledger.decisions import HeldChoice
from studio_app.services.terms import ScopeTerms
from studio_app.ui.i18n import ScreenLanguage
from studio_app.ui.talent.flow_layout import FlowLayout
from studio_app.ui.talent.grant_terms import CONTEXT, REPRESENTATION_TEXTS, WORLDWIDE_TEXT, GrantTermsBox

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
    """A choice in the actor's words: the permission, then a grant's conditions and terms."""
    if choice is None:
        return language.text(CONTEXT, DIFFERING if differs else UNDECIDED)

    def t(source: str, *args: object) -> str:
        return language.text(CONTEXT, source, *args)

    text = t(PERMISSION_TEXTS[choice.permission])
    if choice.conditions:
        text += f" — {choice.conditions}"
    terms = choice.terms
    if not choice.permission.is_grant or terms is None:
        return text
    parts = []
    if terms.intended_use:
        parts.append(t(QT_TRANSLATE_NOOP("TalentScreen", "for: %1"), terms.intended_use))
    if choice.expires:
        parts.append(t(QT_TRANSLATE_NOOP("TalentScreen", "until %1"), choice.expires))
    elif terms.no_end_date:
        parts.append(t(QT_TRANSLATE_NOOP("TalentScreen", "no end date")))
    if terms.territory:
        parts.append(t(WORLDWIDE_TEXT) if terms.territory == WORLDWIDE else terms.territory)
    if terms.compensation:
        parts.append(t(QT_TRANSLATE_NOOP("TalentScreen", "payment: %1"), terms.compensation))
    parts.append(t(QT_TRANSLATE_NOOP("TalentScreen", "represented by: %1"),
                   t(REPRESENTATION_TEXTS[terms.representation])))
    separator = t(QT_TRANSLATE_NOOP("TalentScreen", "; "))
    return t(QT_TRANSLATE_NOOP("TalentScreen", "%1 (%2)"), text, separator.join(parts))


class ScopeChoiceCard(QFrame):
    """The explanation of one scope and the actor's choice for it; `changed` fires on any edit."""

    changed = Signal()

    def __init__(
        self,
        scope: Scope,
        held: HeldChoice | None = None,
        contract_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
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
        self.untermed_note = QLabel(objectName=f"{scope.value}-without-terms", wordWrap=True)
        self.untermed_note.setProperty("mark", "differs")
        held_grant = self.held.choice is not None and self.held.choice.permission.is_grant
        self.untermed_note.setVisible(held_grant and self.held.choice.terms is None)
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

        self.conditions_label = QLabel(wordWrap=True)
        self.conditions = QPlainTextEdit(objectName=f"{scope.value}-conditions")
        self.conditions.setTabChangesFocus(True)
        self.conditions.setFixedHeight(110)
        self.conditions_label.setBuddy(self.conditions)
        self.grant_terms = GrantTermsBox(scope, contract_text)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.changed_mark)
        layout.addWidget(self.explanation)
        layout.addWidget(self.differs_note)
        layout.addWidget(self.untermed_note)
        layout.addLayout(choices)
        layout.addWidget(self.conditions_label)
        layout.addWidget(self.conditions)
        layout.addWidget(self.grant_terms)

        self._start_from(self.held.choice)
        self.buttons.buttonToggled.connect(self._on_choice)
        self.conditions.textChanged.connect(self._on_edit)
        self.grant_terms.changed.connect(self._on_edit)

    def _start_from(self, choice: ScopeChoice | None) -> None:
        """The held choice, filled in as the actor left it; none held (or differing takes): Not authorized."""
        self.choose(choice.permission if choice else Permission.NOT_AUTHORIZED)
        if choice is not None:
            self.conditions.setPlainText(choice.conditions or "")
            self.grant_terms.set_terms(choice.expires, choice.terms)
        self._show_inputs()

    def _show_inputs(self) -> None:
        """Conditions for a conditional grant, the terms for any grant, nothing for a refusal."""
        conditional = self.permission is Permission.AUTHORIZED_WITH_CONDITIONS
        self.conditions_label.setVisible(conditional)
        self.conditions.setVisible(conditional)
        self.grant_terms.setVisible(self.permission.is_grant)

    def _on_choice(self) -> None:
        self._show_inputs()
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

    def missing(self) -> str:
        """What this scope's choice still lacks, as the actor's next step ('' when it is complete)."""
        if not self.permission.is_grant or self.language is None:
            return ""
        if self.permission is Permission.AUTHORIZED_WITH_CONDITIONS and not self.conditions_text:
            return self.language.text(CONTEXT, QT_TRANSLATE_NOOP("TalentScreen", "write your conditions"))
        return self.grant_terms.missing()

    @property
    def conditions_text(self) -> str:
        return self.conditions.toPlainText().strip()

    def choice(self) -> ScopeChoice:
        """The choice as it will be recorded: a refusal carries nothing else, a grant its terms."""
        if not self.permission.is_grant:
            return ScopeChoice(self.permission)
        conditional = self.permission is Permission.AUTHORIZED_WITH_CONDITIONS
        return ScopeChoice(
            self.permission,
            conditions=self.conditions_text or None if conditional else None,
            expires=self.grant_terms.expires(),
            terms=self.grant_terms.terms(),
        )

    def retranslate(self, language: ScreenLanguage, terms: ScopeTerms) -> None:
        """The terms' own title and explanation (part of the hashed text) and the translated controls."""
        self.language = language
        self.title.setText(terms.title)
        self.differs_note.setText(language.text(CONTEXT, QT_TRANSLATE_NOOP(
            "TalentScreen", "The selected recordings do not all have the same decision for this use, so it "
            "starts at “Not authorized”. What you confirm here applies to all of them.")))
        self.untermed_note.setText(language.text(CONTEXT, QT_TRANSLATE_NOOP(
            "TalentScreen", "You gave this permission before its terms were asked for. To keep it, answer "
            "the questions below; or choose “Not authorized”.")))
        self.explanation.setText(terms.explanation)
        for permission, radio in self.radios.items():
            radio.setText(language.text(CONTEXT, PERMISSION_TEXTS[permission]))
            radio.setAccessibleName(f"{terms.title}: {radio.text()}")
        conditions = QT_TRANSLATE_NOOP("TalentScreen", "Your conditions:")
        self.conditions_label.setText(language.text(CONTEXT, conditions))
        self.conditions.setAccessibleName(f"{terms.title}: {self.conditions_label.text()}")
        self.grant_terms.retranslate(language, terms.title)
        self.setAccessibleName(terms.title)
        self._show_changed()
