"""Changing a decision on the talent screen starts from what the actor holds and records only what changed;
every grant states its terms; withdrawing everything is one action; the screen fits any width."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from studio_app.core.record import Representation
from studio_app.core.scopes import ALL_SCOPES, Method, Permission, Scope
from studio_app.services.terms import CURRENT_TERMS_VERSION, load_terms
from studio_app.ui.i18n import LANGUAGES, system_language
from studio_app.ui.settings import AppSettings
from studio_app.ui.talent import TalentScreen
from studio_app.ui.theme import ThemeName, apply_theme
from tests.ui.talent_driver import click, grant, name_sign_confirm, open_screen, sign

TITLES = {scope: load_terms(CURRENT_TERMS_VERSION, "en").for_scope(scope).title for scope in ALL_SCOPES}


def _first_decision(qtbot, studio, take_ids="selected") -> None:
    """Li Na grants AI training (no end date) and AI generation with conditions until 2031-03-01."""
    screen = open_screen(qtbot, studio, take_ids)
    grant(screen.cards[Scope.AI_TRAINING], use="Training the studio's dubbing voice model")
    generation = screen.cards[Scope.AI_GENERATION]
    grant(generation, Permission.AUTHORIZED_WITH_CONDITIONS, use="Trailers", ends=QDate(2031, 3, 1))
    QTest.keyClicks(generation.conditions, "Trailers only")
    name_sign_confirm(qtbot, screen)
    screen.close()


def _in_force(studio) -> dict[tuple[str, Scope], str]:
    """The id of the decision in force per (take, scope) for the actor."""
    ledger, _session, actor, takes = studio
    return {(t.id, s): ledger.take_status(t.id).decision(actor.id, s).id for t in takes for s in ALL_SCOPES}


def test_reopening_the_screen_shows_the_decisions_in_force_with_their_terms(qtbot, studio):
    _first_decision(qtbot, studio)
    screen = open_screen(qtbot, studio)
    held = {scope: card.permission for scope, card in screen.cards.items()}
    assert held == {Scope.AI_TRAINING: Permission.AUTHORIZED, Scope.VOICE_CLONING: Permission.NOT_AUTHORIZED,
                    Scope.AI_GENERATION: Permission.AUTHORIZED_WITH_CONDITIONS,
                    Scope.AI_RESEARCH: Permission.NOT_AUTHORIZED}
    generation = screen.cards[Scope.AI_GENERATION]
    assert generation.conditions.toPlainText() == "Trailers only"
    terms = generation.grant_terms
    assert terms.has_expiry.isChecked() and terms.expiry.date() == QDate(2031, 3, 1)
    assert terms.intended_use.toPlainText() == "Trailers"
    assert terms.compensation.text() == "Contract clause 7"
    assert terms.representation.currentData() == Representation.UNION
    training = screen.cards[Scope.AI_TRAINING].grant_terms
    assert training.no_end_date.isChecked() and training.territory.text() == "Worldwide"
    assert not any(card.changed_mark.isVisibleTo(screen) for card in screen.cards.values())
    assert not screen.confirm_button.isEnabled()
    assert "Nothing has changed yet" in screen.hint.text()


def test_changing_one_scope_records_only_that_scope_and_keeps_the_others(qtbot, studio):
    ledger, _session, _actor, takes = studio
    _first_decision(qtbot, studio)
    before = _in_force(studio)
    screen = open_screen(qtbot, studio)
    research = screen.cards[Scope.AI_RESEARCH]
    grant(research, use="University phonetics study")
    assert research.changed_mark.isVisibleTo(screen) and research.property("changed") is True
    assert not screen.cards[Scope.AI_TRAINING].changed_mark.isVisibleTo(screen)
    confirmation = name_sign_confirm(qtbot, screen)

    after = _in_force(studio)
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {(t.id, Scope.AI_RESEARCH) for t in takes}
    for take in takes:
        latest = ledger.decision_history(take.id)[-1]
        assert (latest.scope, latest.scope_decision.confirmation_id) == (Scope.AI_RESEARCH, confirmation.id)
        assert latest.supersedes == before[(take.id, Scope.AI_RESEARCH)]
        assert len(ledger.decision_history(take.id)) == len(ALL_SCOPES) + 1
    summary = screen.summary_text.text()
    assert f"{TITLES[Scope.AI_TRAINING]} (unchanged): Authorized" in summary


def test_the_summary_lists_each_scope_before_and_after_in_the_actors_language(qtbot, studio):
    _first_decision(qtbot, studio)
    screen = open_screen(qtbot, studio)
    click(screen.cards[Scope.AI_TRAINING].radios[Permission.NOT_AUTHORIZED])
    lines = screen.changes_text.text().split("\n\n")
    assert lines[0].startswith(f"{TITLES[Scope.AI_TRAINING]}: Authorized (for: Training the studio's")
    assert lines[0].endswith("→ Not authorized")
    assert lines[1] == f"{TITLES[Scope.VOICE_CLONING]} (unchanged): Not authorized"
    generation = f"{TITLES[Scope.AI_GENERATION]} (unchanged): Authorized with conditions — Trailers only"
    assert lines[2].startswith(generation)
    assert "until 2031-03-01" in lines[2]
    click(screen.findChild(type(screen.confirm_button), "language-zh_CN"))
    zh = load_terms(CURRENT_TERMS_VERSION, "zh_CN").for_scope(Scope.AI_TRAINING).title
    first = screen.changes_text.text().split("\n\n")[0]
    assert first.startswith(f"{zh}：已授权") and first.endswith("→ 未授权")


@pytest.mark.parametrize("scope", [Scope.VOICE_CLONING, Scope.AI_GENERATION])
def test_a_cloning_or_generation_grant_without_an_intended_use_cannot_be_confirmed(qtbot, qapp, studio,
                                                                                   scope):
    apply_theme(qapp, ThemeName.DARK)
    screen = open_screen(qtbot, studio)
    card = screen.cards[scope]
    grant(card, use="")
    QTest.keyClicks(screen.name_edit, "Li Na")
    sign(screen)
    assert not screen.confirm_button.isEnabled()
    assert TITLES[scope] in screen.hint.text() and "intended use" in screen.hint.text()
    assert screen.hint.isVisible()
    QTest.keyClicks(card.grant_terms.intended_use, "any use")
    assert not screen.confirm_button.isEnabled() and "name a specific use" in screen.hint.text()
    disabled = _button_colour(screen)
    card.grant_terms.intended_use.setPlainText("The villain's lines in the French dub")
    assert screen.confirm_button.isEnabled() and not screen.hint.isVisible()
    assert _button_colour(screen) != disabled  # Confirm looks disabled, not only greyed text beside it


def _button_colour(screen: TalentScreen) -> str:
    button = screen.confirm_button
    return button.grab().toImage().pixelColor(QPoint(button.width() // 2, 6)).name()


def test_takes_with_different_decisions_are_flagged_per_scope_and_start_not_authorized(qtbot, studio):
    ledger, _session, actor, takes = studio
    _first_decision(qtbot, studio, take_ids=[takes[0].id])
    screen = open_screen(qtbot, studio, take_ids=[takes[0].id])
    grant(screen.cards[Scope.AI_RESEARCH], use="Phonetics")
    name_sign_confirm(qtbot, screen)
    screen.close()
    second = open_screen(qtbot, studio, take_ids=[takes[1].id])
    click(second.withdraw_button)
    name_sign_confirm(qtbot, second)
    second.close()

    screen = open_screen(qtbot, studio)
    differing = {s for s, card in screen.cards.items() if card.differs_note.isVisibleTo(screen)}
    assert differing == {Scope.AI_TRAINING, Scope.AI_GENERATION, Scope.AI_RESEARCH}
    assert all(screen.cards[s].permission is Permission.NOT_AUTHORIZED for s in differing)
    assert not screen.cards[Scope.VOICE_CLONING].changed_mark.isVisibleTo(screen)
    assert f"{TITLES[Scope.AI_RESEARCH]}: Not the same on all the selected recordings → Not authorized" \
        in screen.changes_text.text()
    before = _in_force(studio)
    name_sign_confirm(qtbot, screen)
    after = _in_force(studio)
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {(takes[0].id, s) for s in differing}
    assert all(ledger.take_status(t.id).decision(actor.id, s).permission is Permission.NOT_AUTHORIZED
               for t in takes for s in ALL_SCOPES)


def test_withdraw_all_records_not_authorized_for_every_scope_in_one_confirmation(qtbot, studio):
    ledger, _session, actor, takes = studio
    _first_decision(qtbot, studio)
    screen = open_screen(qtbot, studio)
    click(screen.withdraw_button)
    assert all(card.permission is Permission.NOT_AUTHORIZED for card in screen.cards.values())
    assert screen.withdraw_note.isVisibleTo(screen)
    confirmation = name_sign_confirm(qtbot, screen)
    for take in takes:
        for scope in ALL_SCOPES:
            decision = ledger.take_status(take.id).decision(actor.id, scope).scope_decision
            assert decision.permission is Permission.NOT_AUTHORIZED
            assert (decision.method, decision.confirmation_id) == (Method.ACTOR_CONFIRMATION, confirmation.id)
    assert "→ Not authorized" in screen.summary_text.text()


def test_the_screen_opens_in_the_language_each_actor_last_chose(qtbot, studio):
    ledger, session, actor, _takes = studio
    other = ledger.add_actor(session.id, "Wang Wei")
    chosen = next(code for code in LANGUAGES if code != system_language())
    screen = open_screen(qtbot, studio, language=None)
    assert screen.language.language == system_language()
    click(screen.findChild(type(screen.confirm_button), f"language-{chosen}"))
    screen.close()
    again = open_screen(qtbot, studio, language=None)
    assert again.language.language == chosen
    assert AppSettings().talent_language(actor.id) == chosen
    stranger = TalentScreen(ledger, session.id, other.id, None)
    qtbot.addWidget(stranger)
    assert stranger.language.language == system_language()


@pytest.mark.parametrize("width", [1100, 700])
def test_the_english_terms_wrap_without_a_horizontal_scrollbar(qtbot, qapp, studio, width):
    apply_theme(qapp, ThemeName.DARK)
    screen = open_screen(qtbot, studio, size=(width, 900))
    for scope, card in screen.cards.items():
        click(card.radios[Permission.AUTHORIZED_WITH_CONDITIONS if scope is Scope.AI_GENERATION
                          else Permission.AUTHORIZED])
    qtbot.wait(50)
    bar = screen.form_scroll.horizontalScrollBar()
    assert bar.maximum() == 0 and not bar.isVisible()
    content = screen.form_scroll.widget()
    assert content.width() <= screen.form_scroll.viewport().width()


def _turn_wheel_over(widget, notches: int) -> None:
    """Wheel notches turned downwards with the pointer over `widget`, as an actor scrolling the screen."""
    centre = QPointF(widget.rect().center())
    for _ in range(notches):
        event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(), QPoint(0, -120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(widget, event)


def test_scrolling_the_screen_over_a_terms_field_does_not_change_the_actors_answer(qtbot, studio):
    """Seen under Xvfb: the wheel turned over the representation combo while scrolling down changed
    "An agent" to "No one" and the screen did not scroll; the end date moved the same way. (That the
    ignored wheel then scrolls the screen needs a window system's own event: checked under Xvfb.)"""
    screen = open_screen(qtbot, studio)
    box = screen.cards[Scope.AI_TRAINING].grant_terms
    grant(screen.cards[Scope.AI_TRAINING], ends=QDate(2031, 3, 1))
    box.representation.setCurrentIndex(box.representation.findData(Representation.AGENT))
    for field in (box.representation, box.expiry):
        _turn_wheel_over(field, 3)
    assert box.representation.currentData() == Representation.AGENT
    assert box.expiry.date() == QDate(2031, 3, 1)
