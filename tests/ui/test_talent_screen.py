"""The talent screen: only the actor grants, with the exact terms shown, typed name and drawn signature."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QDateEdit, QLabel, QLineEdit, QPlainTextEdit

from studio_app.core.model import DeliveryItem
from studio_app.core.scopes import ALL_SCOPES, Method, Permission, Purpose, Scope
from studio_app.services.ledger.intake import import_take
from studio_app.services.terms import CURRENT_TERMS_VERSION, load_terms
from studio_app.ui.i18n import AppLanguage
from studio_app.ui.settings import AppSettings
from studio_app.ui.talent import TalentScreen, booth_screen
from tests.ui.talent_driver import click, grant, open_screen, sign, wav


def test_every_scope_starts_not_authorized_and_confirm_waits_for_name_and_signature(qtbot, studio):
    screen = open_screen(qtbot, studio)
    assert all(card.permission is Permission.NOT_AUTHORIZED for card in screen.cards.values())
    assert not screen.confirm_button.isEnabled()
    QTest.keyClicks(screen.name_edit, "Li Na")
    assert not screen.confirm_button.isEnabled()
    assert "sign" in screen.hint.text().lower()
    sign(screen)
    assert screen.confirm_button.isEnabled()
    assert screen.hint.text() == ""


def test_typed_name_of_someone_else_keeps_confirm_disabled(qtbot, studio):
    screen = open_screen(qtbot, studio)
    sign(screen)
    QTest.keyClicks(screen.name_edit, "Wang Wei")
    assert not screen.confirm_button.isEnabled()
    assert "Li Na" in screen.hint.text()


def test_conditional_grant_needs_its_conditions_written(qtbot, studio):
    screen = open_screen(qtbot, studio)
    QTest.keyClicks(screen.name_edit, "Nana")
    sign(screen)
    card = screen.cards[Scope.AI_GENERATION]
    grant(card, Permission.AUTHORIZED_WITH_CONDITIONS)
    assert card.conditions.isVisibleTo(screen)
    assert not screen.confirm_button.isEnabled()
    assert load_terms().for_scope(Scope.AI_GENERATION).title in screen.hint.text()
    assert "conditions" in screen.hint.text()
    QTest.keyClicks(card.conditions, "Only for this game's trailers")
    assert screen.confirm_button.isEnabled()


def test_confirm_records_mixed_scopes_with_signature_and_the_terms_shown(qtbot, studio):
    ledger, _session, actor, takes = studio
    screen = open_screen(qtbot, studio)
    grant(screen.cards[Scope.AI_TRAINING])
    generation = screen.cards[Scope.AI_GENERATION]
    grant(generation, Permission.AUTHORIZED_WITH_CONDITIONS, ends=QDate(2031, 3, 1))
    QTest.keyClicks(generation.conditions, "Trailers only")
    QTest.keyClicks(screen.name_edit, " li na")
    sign(screen)
    drawn = screen.signature.strokes()

    with qtbot.waitSignal(screen.recorded, timeout=2000) as signal:
        QTest.mouseClick(screen.confirm_button, Qt.MouseButton.LeftButton)

    confirmation = signal.args[0]
    stored = ledger.confirmation(confirmation.id)
    terms = load_terms(CURRENT_TERMS_VERSION, "en")
    expected = (terms.sha256, CURRENT_TERMS_VERSION, "en")
    assert (stored.terms_sha256, stored.terms_version, stored.locale) == expected
    assert len(stored.strokes) == 2 and [list(s) for s in stored.strokes] == [list(s) for s in drawn]
    assert all(a[2] <= b[2] for stroke in stored.strokes for a, b in itertools.pairwise(stroke))
    expected = {
        Scope.AI_TRAINING: Permission.AUTHORIZED,
        Scope.VOICE_CLONING: Permission.NOT_AUTHORIZED,
        Scope.AI_GENERATION: Permission.AUTHORIZED_WITH_CONDITIONS,
        Scope.AI_RESEARCH: Permission.NOT_AUTHORIZED,
    }
    for take in takes:
        overview = ledger.take_status(take.id)
        for scope in ALL_SCOPES:
            decision = overview.decision(actor.id, scope).scope_decision
            assert decision.permission is expected[scope]
            assert decision.method is Method.ACTOR_CONFIRMATION
            assert decision.confirmation_id == confirmation.id
            assert decision.terms_sha256 == terms.sha256
        conditional = overview.decision(actor.id, Scope.AI_GENERATION).scope_decision
        assert (conditional.conditions, conditional.expires) == ("Trailers only", "2031-03-01")
    assert screen.stack.currentIndex() == 1
    summary = screen.summary_text.text()
    assert "Trailers only" in summary and "2031-03-01" in summary and terms.sha256[:16] in summary


def test_cancel_records_nothing_even_after_choices_and_signature(qtbot, studio):
    ledger, _session, _actor, takes = studio
    screen = open_screen(qtbot, studio)
    click(screen.cards[Scope.VOICE_CLONING].radios[Permission.AUTHORIZED])
    QTest.keyClicks(screen.name_edit, "Li Na")
    sign(screen)
    with qtbot.waitSignal(screen.cancelled, timeout=2000):
        QTest.mouseClick(screen.cancel_button, Qt.MouseButton.LeftButton)
    assert not screen.isVisible()
    assert all(ledger.decision_history(t.id) == [] for t in takes)
    assert ledger.take_status(takes[0].id).pending


def test_all_takes_from_now_on_reaches_a_take_imported_afterwards(qtbot, studio, tmp_path):
    ledger, session, actor, _takes = studio
    screen = open_screen(qtbot, studio, take_ids=None)
    assert "from now on" in screen.fact_values["takes"].text()
    grant(screen.cards[Scope.AI_RESEARCH])
    QTest.keyClicks(screen.name_edit, "Li Na")
    sign(screen)
    with qtbot.waitSignal(screen.recorded, timeout=2000):
        QTest.mouseClick(screen.confirm_button, Qt.MouseButton.LeftButton)
    later = import_take(ledger, session.id, wav(tmp_path, "later.wav"), [actor.id], take_number=9)
    decision = ledger.take_status(later.id).decision(actor.id, Scope.AI_RESEARCH)
    assert decision is not None and decision.permission is Permission.AUTHORIZED


def test_actor_switching_to_chinese_confirms_against_the_chinese_terms(qtbot, studio):
    ledger, _session, _actor, _takes = studio
    screen = open_screen(qtbot, studio)
    grant(screen.cards[Scope.AI_TRAINING])
    click(screen.findChild(type(screen.confirm_button), "language-zh_CN"))
    zh = load_terms(CURRENT_TERMS_VERSION, "zh_CN")
    assert screen.title.text() == zh.title
    assert screen.cards[Scope.AI_TRAINING].permission is Permission.AUTHORIZED
    assert screen.confirm_button.text() == "确认我的决定"
    QTest.keyClicks(screen.name_edit, "Li Na")
    sign(screen)
    with qtbot.waitSignal(screen.recorded, timeout=2000) as signal:
        QTest.mouseClick(screen.confirm_button, Qt.MouseButton.LeftButton)
    stored = ledger.confirmation(signal.args[0].id)
    assert (stored.locale, stored.terms_sha256) == ("zh_CN", zh.sha256)


def test_long_take_selection_is_listed_with_how_many_more(qtbot, studio, tmp_path):
    ledger, session, actor, takes = studio
    more = [import_take(ledger, session.id, wav(tmp_path, f"m{n}.wav"), [actor.id], take_number=10 + n)
            for n in range(6)]
    screen = open_screen(qtbot, studio, take_ids=[t.id for t in takes + more])
    text = screen.fact_values["takes"].text()
    assert text.startswith("Selected takes (8): 12 / T1, 12 / T2, T10") and text.endswith("T13 and 2 more")


def test_show_on_a_single_screen_opens_a_normal_window(qtbot, studio):
    ledger, session, actor, takes = studio
    screen = TalentScreen(ledger, session.id, actor.id, [takes[0].id], language="en")
    qtbot.addWidget(screen)
    screen.show_on(None)
    qtbot.waitExposed(screen)
    assert screen.isVisible() and not screen.isFullScreen()


def test_engineer_changing_the_app_language_leaves_the_booth_language_alone(qtbot, studio, qapp):
    screen = open_screen(qtbot, studio, language="zh_CN")
    language = AppLanguage(qapp, AppSettings())
    try:
        language.apply("en")
        qapp.processEvents()
        assert screen.confirm_button.text() == "确认我的决定"
        assert screen.title.text() == load_terms(CURRENT_TERMS_VERSION, "zh_CN").title
    finally:
        qapp.removeTranslator(language._ours)
        qapp.removeTranslator(language._qt)


def test_every_control_the_actor_can_reach_has_an_accessible_name(qtbot, studio):
    screen = open_screen(qtbot, studio)
    controls = screen.findChildren(QAbstractButton) + screen.findChildren(QLineEdit)
    controls += screen.findChildren(QPlainTextEdit) + screen.findChildren(QDateEdit) + [screen.signature]
    controls.append(screen.form_scroll)
    unnamed = [w.objectName() for w in controls if not (w.accessibleName() or getattr(w, "text", str)())]
    assert unnamed == []


def test_escape_leaves_without_recording(qtbot, studio):
    ledger, _session, _actor, takes = studio
    screen = open_screen(qtbot, studio)
    screen.activateWindow()
    qtbot.waitActive(screen)
    screen.name_edit.setFocus()
    with qtbot.waitSignal(screen.cancelled, timeout=2000):
        QTest.keyClick(screen.name_edit, Qt.Key.Key_Escape)
    assert ledger.decision_history(takes[0].id) == []


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_terms_on_screen_are_exactly_the_text_whose_hash_is_recorded(qtbot, studio, language):
    screen = open_screen(qtbot, studio, language=language)
    shown = [screen.title.text(), screen.intro.text()]
    for card in screen.cards.values():
        shown += [card.title.text(), card.explanation.text()]
    shown.append(screen.declaration.text())
    assert "\n\n".join(shown) == load_terms(CURRENT_TERMS_VERSION, language).text_shown()
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in screen.findChildren(QLabel))


def test_without_a_second_monitor_or_a_connected_remembered_one_there_is_no_booth_screen(qapp):
    settings = AppSettings()
    assert len(qapp.screens()) == 1
    assert booth_screen(settings) is None
    settings.talent_screen_name = "HDMI-unplugged"
    assert booth_screen(settings) is None


def _confirm_all(qtbot, studio, permission: Permission | None) -> TalentScreen:
    """Every scope set to `permission` (None: "Withdraw all AI permissions"), then name, sign, confirm."""
    takes = studio[3]
    screen = open_screen(qtbot, studio, take_ids=[takes[0].id])
    if permission is None:
        click(screen.withdraw_button)
    for card in screen.cards.values() if permission else ():
        grant(card, permission) if permission.is_grant else click(card.radios[permission])
    QTest.keyClicks(screen.name_edit, "Li Na")
    sign(screen)
    with qtbot.waitSignal(screen.recorded, timeout=2000):
        QTest.mouseClick(screen.confirm_button, Qt.MouseButton.LeftButton)
    return screen


def test_withdrawing_a_delivered_permission_tells_the_actor_the_recipients_will_be_told(qtbot, studio):
    ledger, session, _actor, takes = studio
    _confirm_all(qtbot, studio, Permission.AUTHORIZED)
    record = ledger.consent_record(takes[0].id)
    ledger.record_delivery(session.id, "/deliveries/a", "Blue Crane", Purpose.AI_TRAINING,
                           [DeliveryItem(takes[0].id, "take1.wav", "0" * 64, record.to_json())])
    screen = _confirm_all(qtbot, studio, Permission.NOT_AUTHORIZED)
    assert len(screen.outcome.withdrawn_from) == 1
    assert "withdrawn here: 1." in screen.summary_text.text()
    again = _confirm_all(qtbot, studio, None)
    assert "withdrawn here" not in again.summary_text.text()


def test_a_finger_signs_on_the_pad_inside_the_touch_scrolled_form(qtbot, studio):
    screen = open_screen(qtbot, studio)
    pad = screen.signature
    screen.form_scroll.ensureWidgetVisible(pad)
    finger = QTest.createTouchDevice()
    on_screen = pad.mapToGlobal  # QTest's widget touch sequence takes screen coordinates
    QTest.touchEvent(pad, finger).press(0, on_screen(QPoint(30, 40))).commit()
    for x in range(40, 200, 20):
        QTest.touchEvent(pad, finger).move(0, on_screen(QPoint(x, 40 + x // 10))).commit()
    QTest.touchEvent(pad, finger).release(0, on_screen(QPoint(210, 60))).commit()
    (stroke,) = pad.strokes()
    assert stroke[0][:2] == (30, 40) and stroke[-1][:2] == (210, 60) and len(stroke) == 10
