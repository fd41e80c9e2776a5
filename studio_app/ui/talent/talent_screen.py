"""The talent screen: the actor reads the terms in their own language and records their own decision.

Only this window can grant a permission. It shows who, which project, which takes, the contract and the
four scope explanations; every scope starts at the decision the actor holds for those takes (else at
"Not authorized"), and a summary lists each scope as before → after. Confirm needs a change, the actor's
typed name and a drawn signature, and hands everything to the ledger, which records the ActorConfirmation
and a decision for each scope that changed; "Withdraw all AI permissions" records not authorized for
every scope. Cancel or closing records nothing.

The screen speaks its own language (`ScreenLanguage`), remembered per actor: the actor's switch never
changes the engineer's window, and every text here is rebuilt by `retranslate()`.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studio_app.core.errors import SlateError
from studio_app.core.model import ActorConfirmation, ScopeChoice
from studio_app.core.rules import names_match
from studio_app.core.scopes import ALL_SCOPES, Permission, Scope
from studio_app.services.ledger import DecisionOutcome, Ledger, new_confirmation_id
from studio_app.services.ledger.decisions import held_choices, record_confirmation
from studio_app.services.terms import CURRENT_TERMS_VERSION, Terms, TermsError, load_terms
from studio_app.ui.dialogs.errors import error_text
from studio_app.ui.i18n import LANGUAGES, ScreenLanguage, fill, system_language
from studio_app.ui.settings import AppSettings
from studio_app.ui.talent.scope_choice import CONTEXT, ScopeChoiceCard, choice_text
from studio_app.ui.talent.signature_pad import SignaturePad

LISTED_TAKES = 6
"""How many take labels the screen spells out before it says "and N more"."""


def booth_screen(settings: AppSettings | None = None) -> QScreen | None:
    """The screen the actor faces: the remembered one if connected, else any screen but the primary."""
    screens = QGuiApplication.screens()
    remembered = (settings or AppSettings()).talent_screen_name
    chosen = next((s for s in screens if remembered and s.name() == remembered), None)
    return chosen or next((s for s in screens if s is not QGuiApplication.primaryScreen()), None)


class TalentScreen(QWidget):
    """A top-level window for the actor. `recorded` carries the ActorConfirmation once it is stored."""

    recorded = Signal(object)
    cancelled = Signal()

    def __init__(
        self,
        ledger: Ledger,
        session_id: str,
        actor_id: str,
        take_ids: list[str] | None,
        parent: QWidget | None = None,
        language: str | None = None,
        settings: AppSettings | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("TalentScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.ledger = ledger
        self.settings = settings or AppSettings()
        self.session = ledger.session(session_id)
        self.actor = ledger.actor(actor_id)
        self.take_ids = list(take_ids) if take_ids is not None else None
        self.takes = [ledger.take(t) for t in self.take_ids] if self.take_ids is not None else None
        self.held = held_choices(ledger, actor_id, self.take_ids)
        self.withdrawing = False
        remembered = self.settings.talent_language(actor_id)
        remembered = remembered if remembered in LANGUAGES else ""
        self.language = ScreenLanguage(language or remembered or system_language())
        self.terms: Terms | None = None
        self.terms_error = ""
        self.confirmation: ActorConfirmation | None = None
        self.outcome: DecisionOutcome | None = None
        self._build()
        self.retranslate()

    # --- building ---

    def _build(self) -> None:
        self.language_buttons = QButtonGroup(self)
        bar = QHBoxLayout()
        bar.addStretch(1)
        for code, name in LANGUAGES.items():
            button = QPushButton(name, objectName=f"language-{code}", checkable=True)
            button.setChecked(code == self.language.language)
            button.clicked.connect(lambda _=False, c=code: self.switch_language(c))
            self.language_buttons.addButton(button)
            bar.addWidget(button)

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_form())
        self.stack.addWidget(self._build_summary())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 24)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        # The terms, names and take labels are shown exactly as written, never read as markup.
        for label in self.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)

    def _build_form(self) -> QWidget:
        self.title = QLabel(objectName="TalentTitle", wordWrap=True)
        self.facts = QFormLayout()
        self.fact_labels = {key: QLabel() for key in ("actor", "project", "takes", "contract")}
        self.fact_values = {key: QLabel(wordWrap=True) for key in self.fact_labels}
        for key in self.fact_labels:
            self.fact_values[key].setObjectName(f"fact-{key}")
            self.facts.addRow(self.fact_labels[key], self.fact_values[key])
        self.intro = QLabel(wordWrap=True)
        self.withdraw_button = QPushButton(objectName="withdraw-all")
        self.withdraw_note = QLabel(objectName="withdraw-note", wordWrap=True)
        self.withdraw_note.setVisible(False)
        self.cards = {scope: ScopeChoiceCard(scope, self.held[scope], self.session.ai_scope_text)
                      for scope in ALL_SCOPES}
        self.changes_title = QLabel(objectName="ScopeTitle", wordWrap=True)
        self.changes_text = QLabel(objectName="changes-summary", wordWrap=True)
        self.declaration = QLabel(wordWrap=True)
        self.name_label = QLabel(wordWrap=True)
        self.name_edit = QLineEdit(objectName="typed-name")
        self.name_label.setBuddy(self.name_edit)
        self.signature_label = QLabel(wordWrap=True)
        self.signature = SignaturePad()
        self.clear_signature = QPushButton(objectName="clear-signature")
        self.hint = QLabel(objectName="confirm-hint", wordWrap=True)
        self.cancel_button = QPushButton(objectName="CancelButton")
        self.confirm_button = QPushButton(objectName="ConfirmButton")

        content = QWidget()
        column = QVBoxLayout(content)
        column.setSpacing(18)
        column.addWidget(self.title)
        column.addLayout(self.facts)
        column.addWidget(self.intro)
        withdraw_row = QHBoxLayout()
        withdraw_row.addWidget(self.withdraw_button)
        withdraw_row.addStretch(1)
        column.addLayout(withdraw_row)
        column.addWidget(self.withdraw_note)
        for card in self.cards.values():
            column.addWidget(card)
            card.changed.connect(self._on_card_changed)
        column.addWidget(self.changes_title)
        column.addWidget(self.changes_text)
        column.addWidget(self.declaration)
        column.addWidget(self.name_label)
        column.addWidget(self.name_edit)
        column.addWidget(self.signature_label)
        column.addWidget(self.signature)
        clear_row = QHBoxLayout()
        clear_row.addWidget(self.clear_signature)
        clear_row.addStretch(1)
        column.addLayout(clear_row)
        column.addStretch(1)

        self.name_edit.textChanged.connect(self._update_confirm)
        self.signature.changed.connect(self._update_confirm)
        self.clear_signature.clicked.connect(self.signature.clear)
        self.cancel_button.clicked.connect(self.cancel)
        self.confirm_button.clicked.connect(self.confirm)
        self.withdraw_button.clicked.connect(self.withdraw_all)

        scroll = QScrollArea(widgetResizable=True, frameShape=QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        scroll.viewport().setAutoFillBackground(False)
        # A finger drags the terms up and down; the signature pad takes its own touches first.
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        content.setAutoFillBackground(False)
        self.form_scroll = scroll

        # What is missing and the two buttons stay in view however long the terms are.
        page = QWidget()
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        return page

    def _build_summary(self) -> QWidget:
        page = QWidget()
        self.summary_title = QLabel(objectName="TalentTitle", wordWrap=True)
        self.summary_text = QLabel(objectName="summary-text", wordWrap=True)
        self.done_button = QPushButton(objectName="ConfirmButton")
        self.done_button.clicked.connect(self.close)
        self.summary_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea(widgetResizable=True, frameShape=QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.summary_text)  # long terms in the actor's words scroll, never cut off
        scroll.viewport().setAutoFillBackground(False)
        self.summary_text.setAutoFillBackground(False)
        QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        layout = QVBoxLayout(page)
        layout.setSpacing(24)
        layout.addWidget(self.summary_title)
        layout.addWidget(scroll, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.done_button)
        layout.addLayout(row)
        return page

    # --- language ---

    def _t(self, source: str, *args: object) -> str:
        return self.language.text(CONTEXT, source, *args)

    def switch_language(self, language: str) -> None:
        """Change only this window's language, remembered for this actor; the choices made so far stay."""
        self.language.switch(language)
        self.settings.remember_talent_language(self.actor.id, language)
        self.settings.sync()
        for button in self.language_buttons.buttons():
            button.setChecked(button.objectName() == f"language-{language}")
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        """The application's language change is the engineer's: this screen keeps its own language."""
        if event.type() != QEvent.Type.LanguageChange:
            super().changeEvent(event)

    def retranslate(self) -> None:
        try:
            self.terms = load_terms(CURRENT_TERMS_VERSION, self.language.language)
        except TermsError as exc:
            self.terms = None
            self.terms_error = error_text(exc)
        self.setWindowTitle(self._t(QT_TRANSLATE_NOOP("TalentScreen", "Your consent decision")))
        language_name = QT_TRANSLATE_NOOP("TalentScreen", "Language: %1")
        for button in self.language_buttons.buttons():
            button.setAccessibleName(self._t(language_name, button.text()))
        labels = {
            "actor": QT_TRANSLATE_NOOP("TalentScreen", "Actor"),
            "project": QT_TRANSLATE_NOOP("TalentScreen", "Project"),
            "takes": QT_TRANSLATE_NOOP("TalentScreen", "Recordings"),
            "contract": QT_TRANSLATE_NOOP("TalentScreen", "Contract"),
        }
        for key, source in labels.items():
            self.fact_labels[key].setText(self._t(source) + ":")
            self.fact_values[key].setAccessibleName(self._t(source))
        self.fact_values["actor"].setText(self.actor.display_name)
        self.fact_values["project"].setText(
            " · ".join(p for p in (self.session.title, self.session.client) if p))
        self.fact_values["takes"].setText(self.covered_text())
        self.fact_values["contract"].setText(
            self.session.contract_reference
            or self._t(QT_TRANSLATE_NOOP("TalentScreen", "No contract reference given")))
        if self.terms is not None:
            self.title.setText(self.terms.title)
            self.form_scroll.setAccessibleName(self.terms.title)  # a Tab stop: arrow keys scroll the terms
            self.intro.setText(self.terms.intro)
            self.declaration.setText(self.terms.declaration)
            for scope, card in self.cards.items():
                card.retranslate(self.language, self.terms.for_scope(scope))
        self.withdraw_button.setText(
            self._t(QT_TRANSLATE_NOOP("TalentScreen", "Withdraw all AI permissions")))
        self.withdraw_note.setText(self._t(QT_TRANSLATE_NOOP(
            "TalentScreen", "You are withdrawing every AI permission for these recordings: each use below is "
            "set to “Not authorized”. Type your name and sign to confirm.")))
        self.changes_title.setText(self._t(QT_TRANSLATE_NOOP("TalentScreen", "What you are confirming")))
        self.name_label.setText(self._t(QT_TRANSLATE_NOOP("TalentScreen", "Type your full name:")))
        self.name_edit.setAccessibleName(self.name_label.text())
        self.name_edit.setPlaceholderText(self.actor.legal_name)
        self.signature_label.setText(
            self._t(QT_TRANSLATE_NOOP("TalentScreen", "Sign here with your finger, a pen or the mouse:")))
        self.signature.setAccessibleName(self._t(QT_TRANSLATE_NOOP("TalentScreen", "Signature")))
        self.clear_signature.setText(self._t(QT_TRANSLATE_NOOP("TalentScreen", "Clear signature")))
        self.cancel_button.setText(self._t(QT_TRANSLATE_NOOP("TalentScreen", "Cancel (record nothing)")))
        self.confirm_button.setText(self._t(QT_TRANSLATE_NOOP("TalentScreen", "Confirm my decision")))
        self.done_button.setText(self._t(QT_TRANSLATE_NOOP("TalentScreen", "Done")))
        if self.confirmation is not None:
            self._fill_summary()
        self._on_card_changed()

    def covered_text(self) -> str:
        """Which takes this decision applies to, as the actor should read it."""
        if self.takes is None:
            return self._t(QT_TRANSLATE_NOOP(
                "TalentScreen", "Every take of this session recorded or imported from now on"))
        labels = ", ".join(t.label for t in self.takes[:LISTED_TAKES])
        count, more = len(self.takes), len(self.takes) - LISTED_TAKES
        if more > 0:
            labels += " " + self.language.translate("TalentScreen", "and %n more", None, more)
        return fill(self.language.translate("TalentScreen", "Selected takes (%n): %1", None, count), labels)

    # --- confirming ---

    def choices(self) -> dict[Scope, ScopeChoice]:
        return {scope: card.choice() for scope, card in self.cards.items()}

    def withdraw_all(self) -> None:
        """Every scope to "Not authorized", confirmed as one withdrawal: recorded for every scope."""
        for card in self.cards.values():
            card.choose(Permission.NOT_AUTHORIZED)
        self.withdrawing = True
        self._on_card_changed()
        self.form_scroll.ensureWidgetVisible(self.name_edit)
        self.name_edit.setFocus()

    def _on_card_changed(self) -> None:
        if any(card.permission is not Permission.NOT_AUTHORIZED for card in self.cards.values()):
            self.withdrawing = False
        self.withdraw_note.setVisible(self.withdrawing)
        self.changes_text.setText(self.changes())
        self._update_confirm()

    def changes(self) -> str:
        """Each scope as before → after (or unchanged), in the screen's language."""
        if self.terms is None:
            return ""
        return "\n\n".join(
            self._change_line(scope, card.choice() if card.is_changed or self.withdrawing else None)
            for scope, card in self.cards.items()
        )

    def _change_line(self, scope: Scope, after: ScopeChoice | None) -> str:
        """"Use: before → after", or "Use (unchanged): before" when `after` is None."""
        assert self.terms is not None
        held = self.held[scope]
        before = choice_text(self.language, held.choice, held.differs)
        if after is None:
            return self._t(QT_TRANSLATE_NOOP("TalentScreen", "%1 (unchanged): %2"),
                           self.terms.for_scope(scope).title, before)
        return self._t(QT_TRANSLATE_NOOP("TalentScreen", "%1: %2 → %3"),
                       self.terms.for_scope(scope).title, before, choice_text(self.language, after))

    def missing(self) -> str:
        """What still stands between the actor and Confirm, in words; '' when ready."""
        if self.terms is None:
            return self.terms_error
        if not self.withdrawing and not any(card.is_changed for card in self.cards.values()):
            return self._t(QT_TRANSLATE_NOOP(
                "TalentScreen", "Nothing has changed yet. Change a choice above, or press Cancel to keep "
                "your decision as it is."))
        for scope, card in self.cards.items():
            if step := card.missing():
                title = self.terms.for_scope(scope).title
                return self._t(QT_TRANSLATE_NOOP("TalentScreen", "%1: %2"), title, step)
        if not names_match(self.name_edit.text(), self.actor):
            return self._t(QT_TRANSLATE_NOOP("TalentScreen", "Type your name as written here: %1"),
                           self.actor.legal_name)
        if self.signature.is_empty:
            return self._t(QT_TRANSLATE_NOOP("TalentScreen", "Please sign in the box above."))
        return ""

    def _update_confirm(self) -> None:
        """Confirm is enabled only when nothing is missing; the next step is named beside it."""
        reason = self.missing()
        self.confirm_button.setEnabled(not reason)
        self.confirm_button.setToolTip(reason)
        self.confirm_button.setAccessibleDescription(reason)
        before = QT_TRANSLATE_NOOP("TalentScreen", "Before you can confirm: %1")
        self.hint.setText(self._t(before, reason) if reason else "")
        self.hint.setVisible(bool(reason))

    def confirm(self) -> None:
        """Record the confirmation and its decisions through the ledger, then show what was recorded."""
        if self.missing() or self.terms is None:
            return
        confirmation = ActorConfirmation(
            id=new_confirmation_id(),
            actor_id=self.actor.id,
            typed_name=self.name_edit.text().strip(),
            strokes=self.signature.strokes(),
            terms_version=self.terms.version,
            terms_sha256=self.terms.sha256,
            locale=self.language.language,
            confirmed_at=self.ledger.now(),
        )
        try:
            self.outcome = record_confirmation(
                self.ledger,
                confirmation,
                self.choices(),
                take_ids=self.take_ids or (),
                standing_session=self.take_ids is None,
                keep_unchanged=not self.withdrawing,
            )
        except SlateError as exc:
            self.hint.setText(self._t(QT_TRANSLATE_NOOP("TalentScreen", "Nothing was recorded: %1"),
                                      error_text(exc)))
            self.hint.setVisible(True)
            return
        self.confirmation = confirmation
        self._fill_summary()
        self.stack.setCurrentIndex(1)
        self.done_button.setFocus()
        self.recorded.emit(self.confirmation)

    def _fill_summary(self) -> None:
        """What the ledger recorded (not what the form holds), in the screen's current language."""
        assert self.confirmation is not None and self.terms is not None
        when = datetime.fromisoformat(self.confirmation.confirmed_at).astimezone()
        self.summary_title.setText(self._t(QT_TRANSLATE_NOOP("TalentScreen", "Your decision is recorded")))
        lines = [
            self._t(QT_TRANSLATE_NOOP("TalentScreen", "Recorded on %1 for %2."),
                    when.strftime("%Y-%m-%d %H:%M"), self.actor.display_name),
            self.covered_text(),
            "",
        ]
        assert self.outcome is not None
        recorded = {d.scope_decision.scope: d.scope_decision
                    for d in (*self.outcome.decisions, *self.outcome.standing)}
        for scope in ALL_SCOPES:
            decision = recorded.get(scope)
            after = decision and ScopeChoice(
                decision.permission, decision.conditions, decision.expires, decision.grant_terms)
            lines += [self._change_line(scope, after), ""]
        withdrawn = len(self.outcome.withdrawn_from)
        if withdrawn:
            lines += [self.language.translate(
                "TalentScreen", "Earlier deliveries that carried a permission withdrawn here: %n. "
                "The studio will tell their recipients.", None, withdrawn), ""]
        lines += [
            self._t(QT_TRANSLATE_NOOP("TalentScreen", "Terms version %1, text fingerprint %2"),
                    self.confirmation.terms_version, self.confirmation.terms_sha256[:16]),
            self._t(QT_TRANSLATE_NOOP(
                "TalentScreen", "You can change this decision later; a change is recorded with its date.")),
        ]
        self.summary_text.setText("\n".join(lines))

    def cancel(self) -> None:
        """Leave without recording anything."""
        self.close()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape leaves like Cancel, from any field that does not use the key itself."""
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.confirmation is None:
            self.cancelled.emit()
        super().closeEvent(event)

    # --- placement ---

    def show_on(self, screen: QScreen | None = None) -> None:
        """Full screen on the booth's own monitor; a normal window when the studio has only one screen."""
        target = screen or booth_screen()
        if target is not None and target is not QGuiApplication.primaryScreen():
            self.setScreen(target)
            self.setGeometry(target.geometry())
            self.showFullScreen()
        else:
            if target is not None:
                self.setScreen(target)
            self.resize(1100, 900)
            self.showNormal()
        self.raise_()
        self.activateWindow()
