"""The main window over a real ledger: sessions, the take table, restriction, session default, inspector."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile
from PySide6.QtCore import QCoreApplication, QPoint, Qt, QThreadPool, QTranslator
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from studio_app import __version__
from studio_app.appdirs import takes_dir
from studio_app.core.model import ContractStatus, TakeStatus
from studio_app.core.scopes import ALL_SCOPES, Method, Permission, Scope
from studio_app.services.ledger import Ledger
from studio_app.services.ledger import decisions as decisions_module
from studio_app.services.ledger.decisions import record_restriction
from studio_app.services.ledger.intake import add_take_for_recording, import_take
from studio_app.ui import main_window as main_window_module
from studio_app.ui import theme
from studio_app.ui.dialogs.export_dialog import ExportDialog
from studio_app.ui.dialogs.import_dialog import ImportDialog
from studio_app.ui.dialogs.restriction_dialog import RestrictionDialog
from studio_app.ui.dialogs.session_dialog import SessionDialog
from studio_app.ui.dialogs.worker_progress import WorkerProgressDialog
from studio_app.ui.i18n import AppLanguage, translations_dir
from studio_app.ui.main_actions import Action
from studio_app.ui.main_window import MainWindow, user_guide_path
from studio_app.ui.settings import AppSettings
from studio_app.ui.take_model import Column, StatusKind, format_duration
from studio_app.wav.tagging import preview_tags
from tests.ui.talent_driver import grant
from tests.ui.ui_driver import (
    DialogAnswer,
    accessible_name,
    apply_session_default,
    open_window,
    tab_cycle,
    wait_for_takes,
    wait_for_workers,
)


@pytest.fixture
def english_plurals(qapp):
    """The English catalogue run_app installs (plural forms only): "1 take", "3 takes"."""
    translator = QTranslator()
    assert translator.load("consent_slate_en", str(translations_dir()))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def _session_with_takes(
    qtbot, window: MainWindow, fixture_wavs: list[Path], status=ContractStatus.NONE, count=3
):
    ledger = window.ledger
    session = ledger.create_session("Episode 7 dub", client="Studio Nord", contract_status=status,
                                    ai_scope_text="AI clause" if status is ContractStatus.AI_CLAUSE else None)
    wang = ledger.add_actor(session.id, "王小明", "小明")
    anna = ledger.add_actor(session.id, "Anna Berg")
    takes = [import_take(ledger, session.id, path, [wang.id, anna.id]) for path in fixture_wavs[:count]]
    window.open_session(session.id)
    wait_for_takes(qtbot, window)
    return session, (wang, anna), takes


def _error_box() -> QMessageBox | None:
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "ErrorDialog" and w.isVisible()]
    return boxes[0] if boxes else None


def test_new_session_dialog_creates_opens_and_remembers_the_session(qtbot):
    window = open_window(qtbot)
    assert window.windowTitle() == ""
    assert not window.main_actions[Action.IMPORT_FILES].isEnabled()

    def fill(dialog: SessionDialog):
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.title_edit.setText("Trailer VO 配音")
        dialog.client_edit.setText("Northwind")
        dialog.contract_edit.setText("NW-2026-114")
        dialog.status_combo.setCurrentIndex(dialog.status_combo.findData(ContractStatus.NO_AI_CLAUSE))
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    answer = DialogAnswer(fill)
    window.main_actions[Action.NEW_SESSION].trigger()
    answer.check()

    assert window.windowTitle() == "Trailer VO 配音"
    stored = window.ledger.session(window.session.id)
    assert (stored.client, stored.contract_reference, stored.contract_status) == (
        "Northwind", "NW-2026-114", ContractStatus.NO_AI_CLAUSE)
    assert AppSettings().last_session_id == stored.id
    assert window.main_actions[Action.IMPORT_FILES].isEnabled()
    wait_for_takes(qtbot, window)
    assert window.table_stack.currentWidget() is window.empty_hint and "Drop WAV" in window.empty_hint.text()


def test_last_session_is_reopened_in_a_new_window(qtbot, fixture_wavs):
    first = open_window(qtbot)
    session, _actors, takes = _session_with_takes(qtbot, first, fixture_wavs, count=2)
    first.close()

    second = open_window(qtbot)
    second.reopen_last_session()
    wait_for_takes(qtbot, second)
    assert second.session.id == session.id
    assert second.model.rowCount() == len(takes)
    second.recent_menu.aboutToShow.emit()
    assert [a.text() for a in second.recent_menu.actions()] == [session.title]


def test_a_session_opens_through_a_worker_and_a_later_open_wins(qtbot, fixture_wavs, english_plurals):
    window = open_window(qtbot)
    ledger = window.ledger
    long_session, _actors, _takes = _session_with_takes(qtbot, window, fixture_wavs, count=3)
    short_session = ledger.create_session("Pickups")
    actor = ledger.add_actor(short_session.id, "Anna Berg")
    pickup = import_take(ledger, short_session.id, fixture_wavs[4], [actor.id])

    window.open_session(short_session.id)
    assert window.is_loading() and window.model.rowCount() == 0
    assert not window.table.isEnabled() and not window.main_actions[Action.EXPORT].isEnabled()
    assert window.counts_label.text() == "Loading takes…"
    assert window.empty_hint.text() == "Loading the session's takes…"
    window.open_session(long_session.id)
    window.open_session(short_session.id)
    QThreadPool.globalInstance().waitForDone()
    QCoreApplication.processEvents()  # all three loads answer, the superseded ones in any order
    wait_for_takes(qtbot, window)

    assert window.windowTitle() == "Pickups"
    assert [window.model.row_at(r).take_id for r in range(window.model.rowCount())] == [pickup.id]
    assert window.table.isEnabled() and window.main_actions[Action.EXPORT].isEnabled()
    assert window.counts_label.text() == "1 take, 1 pending"


def test_tab_moves_through_the_main_window_in_reading_order_and_every_stop_is_named(qtbot, fixture_wavs):
    window = open_window(qtbot)
    _session, _actors, takes = _session_with_takes(qtbot, window, fixture_wavs)
    apply_session_default(window)
    window.inspector_dock.raise_()
    window.select_takes([takes[0].id])
    assert window.inspector.history.rowCount() > 1

    visited = tab_cycle(qtbot, window.status_filter)

    assert visited[:3] == [window.status_filter, window.actor_filter, window.table]
    assert window.inspector.history in visited
    assert len(visited) == len(set(visited)), "Tab stays inside a widget instead of moving on"
    assert all(accessible_name(widget).strip() for widget in visited), [
        widget for widget in visited if not accessible_name(widget).strip()
    ]


def test_window_size_and_dock_layout_are_remembered_for_the_next_window(qtbot):
    first = open_window(qtbot)
    first.inspector_dock.toggleViewAction().trigger()
    first.resize(720, 770)
    assert first.inspector_dock.isHidden() and (first.width(), first.height()) == (720, 770)
    first.close()

    second = open_window(qtbot)
    assert (second.width(), second.height()) == (720, 770)
    assert second.inspector_dock.isHidden()


def test_a_take_changed_while_the_session_loads_keeps_its_change_when_the_rows_arrive(qtbot, fixture_wavs):
    window = open_window(qtbot)
    _session, (wang, anna), takes = _session_with_takes(qtbot, window, fixture_wavs)
    window.reload_takes()
    QThreadPool.globalInstance().waitForDone()  # the rows are read (all pending), not yet shown
    assert window.is_loading()
    for actor in (wang, anna):
        record_restriction(window.ledger, takes[0].id, actor.id, "declined at the session", "Lena")
    window.refresh_takes([takes[0].id])

    wait_for_takes(qtbot, window)

    assert window.model.take_row(takes[0].id).kind is StatusKind.NOT_AUTHORIZED
    assert window.model.take_row(takes[1].id).kind is StatusKind.PENDING


def test_take_table_shows_pending_with_text_icon_and_colour(qtbot, fixture_wavs, english_plurals):
    window = open_window(qtbot)
    _session, _actors, takes = _session_with_takes(qtbot, window, fixture_wavs)
    index = window.proxy.index(0, Column.STATUS)
    assert index.data() == "Pending"
    assert not index.data(Qt.ItemDataRole.DecorationRole).isNull()
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert window.counts_label.text() == f"{len(takes)} takes, {len(takes)} pending"


def test_engineer_restriction_records_not_authorized_with_reason(qtbot, fixture_wavs):
    window = open_window(qtbot)
    _session, (wang, anna), takes = _session_with_takes(qtbot, window, fixture_wavs)
    window.select_takes([takes[0].id, takes[1].id])

    def fill(dialog: RestrictionDialog):
        assert not dialog.record_button.isEnabled()
        dialog.reason_edit.setPlainText("actor declined AI use at the session")
        dialog.engineer_edit.setText("Lena (engineer)")
        dialog.record_button.click()

    answer = DialogAnswer(fill)
    window.main_actions[Action.RESTRICT].trigger()
    answer.check()

    for take in takes[:2]:
        history = window.ledger.decision_history(take.id)
        expected = {(a.id, s) for a in (wang, anna) for s in ALL_SCOPES}
        assert {(d.actor_id, d.scope) for d in history} == expected
        assert all(d.permission is Permission.NOT_AUTHORIZED for d in history)
        assert all(d.scope_decision.method is Method.ENGINEER_RESTRICTION for d in history)
        assert all(d.scope_decision.reason == "actor declined AI use at the session" for d in history)
        row = window.model.take_row(take.id)
        assert row.kind is StatusKind.NOT_AUTHORIZED
    assert window.model.take_row(takes[2].id).kind is StatusKind.PENDING


def test_engineer_window_offers_no_action_that_grants(qtbot, fixture_wavs):
    window = open_window(qtbot)
    _session_with_takes(qtbot, window, fixture_wavs, count=1)
    actions = window.findChildren(type(window.main_actions[Action.EXPORT]))
    texts = [a.text().replace("&", "").casefold() for a in actions]
    granting = [
        t for t in texts if any(w in t for w in ("authoriz", "permi", "grant")) and "not authorized" not in t
    ]
    assert granting == []
    dialog = RestrictionDialog(window.ledger.list_actors(window.session.id), 1, "x")
    buttons = [b.text().replace("&", "") for b in dialog.buttons.buttons()]
    assert sorted(buttons) == ["Cancel", "Record not authorized"]


def test_session_default_decides_every_pending_take_when_there_is_no_contract(qtbot, fixture_wavs):
    window = open_window(qtbot)
    _session, _actors, takes = _session_with_takes(qtbot, window, fixture_wavs, status=ContractStatus.NONE)
    resets = []
    window.model.modelReset.connect(lambda: resets.append(True))
    apply_session_default(window)
    assert resets == []
    shown = [window.model.take_row(t.id).display[Column.STATUS] for t in takes]
    assert shown == ["Not authorized"] * len(takes)
    reasons = {d.scope_decision.reason for t in takes for d in window.ledger.decision_history(t.id)}
    assert reasons == {"no contract"}


def test_session_default_with_an_ai_clause_records_nothing_and_says_why(qtbot, fixture_wavs):
    window = open_window(qtbot)
    status = ContractStatus.AI_CLAUSE
    session, _actors, takes = _session_with_takes(qtbot, window, fixture_wavs, status=status)
    apply_session_default(window, confirm=False)
    box = _error_box()
    assert box is not None
    assert session.title in box.text()
    assert "AI clause" in box.informativeText()
    box.close()
    wait_for_takes(qtbot, window)
    assert all(window.ledger.decision_history(t.id) == [] for t in takes)
    assert window.model.take_row(takes[0].id).kind is StatusKind.PENDING


def test_session_default_runs_in_a_worker_with_a_progress_dialog(qtbot, fixture_wavs, monkeypatch):
    window = open_window(qtbot)
    _session, _actors, takes = _session_with_takes(qtbot, window, fixture_wavs)
    monkeypatch.setattr(decisions_module, "SESSION_DEFAULT_BATCH", 1)
    on_gui_thread = []
    apply = decisions_module.apply_session_default

    def noting_the_thread(ledger, *args, **kwargs):
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return apply(ledger, *args, **kwargs)

    monkeypatch.setattr(main_window_module, "apply_session_default", noting_the_thread)
    resets = []
    window.model.modelReset.connect(lambda: resets.append(True))

    worker = window.record_session_default()
    dialog = window.findChild(WorkerProgressDialog)
    assert dialog.worker is worker
    assert dialog.windowModality() is Qt.WindowModality.WindowModal
    wait_for_workers()

    assert on_gui_thread == [False]
    assert resets == []
    shown = [window.model.take_row(t.id).display[Column.STATUS] for t in takes]
    assert shown == ["Not authorized"] * len(takes)
    methods = {d.scope_decision.method for t in takes for d in window.ledger.decision_history(t.id)}
    assert methods == {Method.SESSION_DEFAULT}
    decisions = len(takes) * 2 * len(ALL_SCOPES)
    message = "Session default recorded: %n decision(s)."
    expected = QCoreApplication.translate("MainWindow", message, "", decisions)
    assert window.statusBar().currentMessage() == expected


def _hold_after_the_first_take(monkeypatch) -> None:
    """The session default, one take per batch, waits after the first until it is cancelled (at most 30 s)."""
    monkeypatch.setattr(decisions_module, "SESSION_DEFAULT_BATCH", 1)
    apply = decisions_module.apply_session_default

    def holding(ledger, session_id, engineer, *, progress, cancel, take_ids=None):
        def hold(done: int, total: int) -> None:
            progress(done, total)
            deadline = time.monotonic() + 30
            while done == 1 and not cancel() and time.monotonic() < deadline:
                time.sleep(0.005)

        return apply(ledger, session_id, engineer, take_ids=take_ids, progress=hold, cancel=cancel)

    monkeypatch.setattr(main_window_module, "apply_session_default", holding)


@pytest.mark.parametrize("how", ["cancel button", "escape"])
def test_cancelling_the_session_default_keeps_the_takes_already_decided(
    qtbot, fixture_wavs, monkeypatch, how
):
    window = open_window(qtbot)
    _session, _actors, takes = _session_with_takes(qtbot, window, fixture_wavs)
    _hold_after_the_first_take(monkeypatch)
    window.record_session_default()
    dialog = window.findChild(WorkerProgressDialog)
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.maximum() == len(takes))

    if how == "escape":
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    else:
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    wait_for_workers()

    kinds = [window.model.take_row(t.id).kind for t in takes]
    assert kinds == [StatusKind.NOT_AUTHORIZED, StatusKind.PENDING, StatusKind.PENDING]
    assert [window.ledger.take_status(t.id).pending for t in takes] == [False, True, True]
    assert window.ledger.verify_audit().ok


def test_closing_the_window_stops_the_session_default_after_its_batch(qtbot, fixture_wavs, monkeypatch):
    window = open_window(qtbot)
    _session, _actors, takes = _session_with_takes(qtbot, window, fixture_wavs)
    _hold_after_the_first_take(monkeypatch)
    worker = window.record_session_default()
    qtbot.waitUntil(lambda: window.ledger.take_status(takes[0].id).pending is False)

    window.close()

    assert worker.control.cancelled()
    assert [window.ledger.take_status(t.id).pending for t in takes] == [False, True, True]


def test_inspector_shows_format_hash_history_and_the_tags_the_export_writes(qtbot, fixture_wavs):
    window = open_window(qtbot)
    _session, (wang, _anna), takes = _session_with_takes(qtbot, window, fixture_wavs, count=2)
    record_restriction(window.ledger, takes[1].id, wang.id, "no AI clause agreed", "Lena")
    window.refresh_takes([takes[1].id])
    window.select_takes([takes[1].id])

    inspector = window.inspector
    take = window.ledger.take(takes[1].id)
    assert inspector.hash_label.text() == take.audio_sha256
    assert inspector.format_label.text() == take.format
    assert inspector.history.rowCount() == len(window.ledger.decision_history(take.id)) == len(ALL_SCOPES)
    assert inspector.history.item(0, 5).text() == "no AI clause agreed"
    expected = preview_tags(window.ledger.consent_record(take.id))
    shown = inspector.tags.toPlainText()
    assert all(f"[{chunk}]" in shown for chunk in expected)
    issued_then = {"iXML CONSENT_SLATE"}  # carries the record's issue time, a second may have passed
    assert all(text in shown for chunk, text in expected.items() if chunk not in issued_then)

    window.select_takes([t.id for t in takes])
    assert inspector.form.isHidden()
    assert "2 takes selected" in inspector.hint.text()


def test_status_and_actor_filters_narrow_the_table(qtbot, fixture_wavs):
    window = open_window(qtbot)
    session, (wang, anna), takes = _session_with_takes(qtbot, window, fixture_wavs)
    solo = import_take(window.ledger, session.id, fixture_wavs[3], [anna.id])
    window.refresh_takes([solo.id])
    record_restriction(window.ledger, takes[0].id, wang.id, "declined", "Lena")
    record_restriction(window.ledger, takes[0].id, anna.id, "declined", "Lena")
    window.refresh_takes([takes[0].id])

    window.status_filter.setCurrentIndex(window.status_filter.findData(StatusKind.NOT_AUTHORIZED))
    assert window.proxy.rowCount() == 1
    window.status_filter.setCurrentIndex(window.status_filter.findData(StatusKind.PENDING))
    assert window.proxy.rowCount() == len(takes)
    window.actor_filter.setCurrentIndex(window.actor_filter.findData(wang.display_name))
    assert window.proxy.rowCount() == len(takes) - 1

    window.select_takes([takes[0].id])
    assert window.status_filter.currentData() is None and window.actor_filter.currentData() is None
    assert window.selected_take_ids() == [takes[0].id]


def test_an_unreadable_ledger_is_one_clear_message(tmp_path):
    bad = tmp_path / "ledger.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    try:
        Ledger.open(bad)
    except Exception as exc:
        from studio_app.ui.dialogs.errors import error_subject_and_reason

        subject, reason = error_subject_and_reason(exc)
        assert subject == str(bad) and reason
    else:
        raise AssertionError("a broken ledger opened")


def test_talent_screen_opened_for_the_selection_updates_those_rows_when_the_actor_confirms(
    qtbot, fixture_wavs
):
    window = open_window(qtbot)
    session, (wang, anna), takes = _session_with_takes(qtbot, window, fixture_wavs)
    record_restriction(window.ledger, takes[0].id, anna.id, "not present at the session", "Lena")
    solo = import_take(window.ledger, session.id, fixture_wavs[3], [wang.id])
    window.refresh_takes([takes[0].id, solo.id])
    window.select_takes([takes[0].id, solo.id])

    def fill(dialog):
        dialog.actor_combo.setCurrentIndex(dialog.actor_combo.findData(wang.id))
        assert dialog.selected_radio.isChecked()
        dialog.open_button.click()

    answer = DialogAnswer(fill)
    window.main_actions[Action.TALENT_SCREEN].trigger()
    answer.check()
    screen = window.talent_screen
    qtbot.addWidget(screen)
    assert screen.take_ids == [takes[0].id, solo.id] and screen.actor.id == wang.id

    grant(screen.cards[Scope.AI_TRAINING])
    grant(screen.cards[Scope.AI_RESEARCH], Permission.AUTHORIZED_WITH_CONDITIONS)
    screen.cards[Scope.AI_RESEARCH].conditions.setPlainText("academic use only")
    screen.name_edit.setText("小明")  # QTest.keyClicks only types Latin-1
    pad = screen.signature
    screen.form_scroll.ensureWidgetVisible(pad)
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(20, 40))
    for x in range(30, 200, 20):
        QTest.mouseMove(pad, QPoint(x, 40 + x % 17), 5)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(210, 50))
    QTest.mouseClick(screen.confirm_button, Qt.MouseButton.LeftButton)

    solo_row = window.model.take_row(solo.id)
    assert solo_row.kind is StatusKind.CONDITIONS
    assert solo_row.display[Column.STATUS] == "Authorized: AI training; Conditions: AI research"
    # Anna restricted everything on the shared take: it is as restrictive as she is.
    assert window.model.take_row(takes[0].id).kind is StatusKind.NOT_AUTHORIZED
    history = window.ledger.decision_history(takes[0].id)
    assert {d.scope_decision.method for d in history if d.actor_id == wang.id} == {Method.ACTOR_CONFIRMATION}
    assert window.model.take_row(takes[1].id).kind is StatusKind.PENDING
    window.select_takes([takes[0].id])
    assert window.inspector.history.rowCount() == len(history) == 2 * len(ALL_SCOPES)


def test_language_menu_switches_the_window_to_chinese_and_is_remembered(qtbot, qapp, fixture_wavs):
    settings = AppSettings()
    language = AppLanguage(qapp, settings)
    language.apply("en")
    window = MainWindow(Ledger.open(), language, settings)
    qtbot.addWidget(window)
    _session_with_takes(qtbot, window, fixture_wavs, count=1)
    english = (window.file_menu.title(), window.model.headerData(Column.STATUS, Qt.Orientation.Horizontal))
    try:
        chinese = next(a for a in window.language_actions.actions() if a.data() == "zh_CN")
        chinese.trigger()
        translated = (
            QCoreApplication.translate("MainWindow", "&File"),
            QCoreApplication.translate("TakeTableModel", "Consent"),
        )
        assert translated != english
        qtbot.waitUntil(lambda: window.file_menu.title() == translated[0])
        assert window.model.headerData(Column.STATUS, Qt.Orientation.Horizontal) == translated[1]
        pending = QCoreApplication.translate("TakeModel", "Pending")
        assert pending != "Pending"
        wait_for_takes(qtbot, window)  # the rows are rebuilt in the new language by a worker
        assert window.model.row_at(0).display[Column.STATUS] == pending
        assert AppSettings().language == "zh_CN" and chinese.isChecked()
    finally:
        language.apply("en")
    qtbot.waitUntil(lambda: window.file_menu.title() == english[0] == "&File")


def test_start_up_repairs_a_take_that_a_crash_left_unfinished(qtbot):
    window = open_window(qtbot)
    ledger = window.ledger
    session = ledger.create_session("Night session")
    actor = ledger.add_actor(session.id, "Anna Berg")
    path = takes_dir() / session.id / "Night_S1_T1.wav"
    path.parent.mkdir(parents=True)
    samples = np.arange(-2400, 2400, dtype=np.int16) * 7
    soundfile.write(path, samples, 48000, subtype="PCM_16")
    crashed = bytearray(path.read_bytes())
    crashed[4:8] = bytes(4)
    data_at = crashed.index(b"data")
    crashed[data_at + 4 : data_at + 8] = bytes(4)
    path.write_bytes(bytes(crashed) + b"\x01")
    take = add_take_for_recording(ledger, session.id, path, [actor.id])
    window.open_session(session.id)
    wait_for_takes(qtbot, window)
    recording = QCoreApplication.translate("TakeModel", "recording…")
    assert window.model.take_row(take.id).display[Column.DURATION] == recording

    window.recover_unfinished_takes()
    qtbot.waitUntil(lambda: "Recovered" in window.model.take_row(take.id).notes, timeout=30_000)

    assert ledger.take(take.id).status is TakeStatus.RECOVERED
    assert (soundfile.read(path, dtype="int16")[0] == samples).all()
    assert window.model.take_row(take.id).display[Column.DURATION] == format_duration(len(samples) / 48000)
    expected = QCoreApplication.translate("MainWindow", "Recovered %n unfinished take(s).", "", 1)
    assert window.statusBar().currentMessage() == expected


def test_every_main_action_has_a_shortcut_and_a_menu_entry(qtbot):
    window = open_window(qtbot)
    actions = [
        window.main_actions[name]
        for name in (
            Action.NEW_SESSION, Action.ADD_ACTOR, Action.IMPORT_FILES, Action.SESSION_DEFAULT,
            Action.TALENT_SCREEN, Action.RESTRICT, Action.EXPORT,
        )
    ]
    in_menus = {a for menu in (window.file_menu, window.consent_menu) for a in menu.actions()}
    shortcuts = [a.shortcut().toString() for a in actions]
    assert all(shortcuts) and len(set(shortcuts)) == len(shortcuts)
    assert all(action in in_menus for action in actions)


def test_input_controls_of_the_window_and_dialogs_have_accessible_names(qtbot, fixture_wavs):
    window = open_window(qtbot)
    session, _actors, takes = _session_with_takes(qtbot, window, fixture_wavs, count=2)
    window.select_takes([takes[0].id])
    dialogs = [
        window,
        SessionDialog(session, window),
        RestrictionDialog(window.ledger.list_actors(session.id), 2, "Lena", window),
        ExportDialog(window.ledger, session, [t.id for t in takes], window.settings, window),
        ImportDialog(window.ledger, session.id, fixture_wavs[:2], window),
    ]
    inputs = (QLineEdit, QComboBox, QPlainTextEdit, QAbstractItemView, QAbstractSpinBox)
    controls = [
        (d, w)
        for d in dialogs
        for w in d.findChildren(QWidget)
        if isinstance(w, inputs) and w.isVisibleTo(d)
        and not isinstance(w.parent(), (QComboBox, QAbstractItemView, QAbstractSpinBox))
    ]
    assert len(controls) > 15
    assert [f"{type(d).__name__}/{type(w).__name__}" for d, w in controls if not w.accessibleName()] == []


def test_recorder_dock_records_into_the_open_session_with_the_actors_in_the_booth(qtbot, fixture_wavs):
    window = open_window(qtbot)
    session, (wang, anna), takes = _session_with_takes(qtbot, window, fixture_wavs, count=1)
    panel = window.recorder_dock.record_panel
    assert panel.session_id == session.id and panel.actor_ids == ()
    window.recorder_dock.booth_actors.set_checked(anna.id)
    assert window.recorder_dock.record_panel.actor_ids == (anna.id,)
    window.recorder_dock.booth_actors.set_checked(wang.id)
    assert set(window.recorder_dock.record_panel.actor_ids) == {wang.id, anna.id}

    window.select_takes([takes[0].id])
    assert window.inspector.player.path == window.ledger.take(takes[0].id).path
    assert window.inspector.player.play_button.isEnabled()
    window.select_takes([])
    assert window.inspector.player.path is None


def test_a_session_the_ledger_refuses_keeps_the_dialog_open_with_what_was_typed(qtbot):
    window = open_window(qtbot)
    seen = {}

    def fill(dialog: SessionDialog):
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        dialog.title_edit.setText("Commercial 配音")
        dialog.status_combo.setCurrentIndex(dialog.status_combo.findData(ContractStatus.AI_CLAUSE))
        ok.click()
        box = _error_box()
        seen["refused"] = (dialog.isVisible(), dialog.title_edit.text(), box.informativeText() if box else "")
        box.close()
        dialog.ai_text_edit.setPlainText("AI training allowed only with each performer's written consent")
        ok.click()

    answer = DialogAnswer(fill)
    window.main_actions[Action.NEW_SESSION].trigger()
    answer.check()
    visible, title, reason = seen["refused"]
    assert visible and title == "Commercial 配音" and "AI clause" in reason
    assert window.session.title == "Commercial 配音"
    assert [s.title for s in window.ledger.list_sessions()] == ["Commercial 配音"]


def test_theme_menu_recolours_the_status_column_and_is_remembered(qtbot, qapp, fixture_wavs):
    window = open_window(qtbot)
    _session_with_takes(qtbot, window, fixture_wavs, count=1)
    index = window.model.index(0, Column.STATUS)
    try:
        for name in (theme.ThemeName.LIGHT, theme.ThemeName.DARK):
            action = next(a for a in window.theme_actions.actions() if a.data() == name.value)
            action.trigger()
            colours = theme.PALETTES[name].status[StatusKind.PENDING.value]
            assert index.data(Qt.ItemDataRole.BackgroundRole).name() == colours.fill
            assert index.data(Qt.ItemDataRole.ForegroundRole).name() == colours.text
            assert AppSettings().theme == name.value
    finally:
        theme.apply_theme(qapp, theme.ThemeName.DARK)


def test_about_box_names_the_version(qtbot):
    window = open_window(qtbot)
    seen = {}

    def read(box):
        seen["text"] = box.text()
        box.accept()

    answer = DialogAnswer(read)
    window.main_actions[Action.ABOUT].trigger()
    answer.check()
    assert __version__ in seen["text"] and "Consent Slate" in seen["text"]


def test_help_opens_the_user_guide_that_ships_with_the_app():
    guide = user_guide_path()
    assert guide.name == "user-guide.md" and guide.is_file()
    assert guide.read_text(encoding="utf-8").strip()


def test_open_and_edit_a_session_through_their_dialogs(qtbot, fixture_wavs):
    window = open_window(qtbot)
    ledger = window.ledger
    older = ledger.create_session("Pilot episode", client="Northwind")
    ledger.create_session("Trailer")

    def pick(dialog):
        items = [dialog.session_list.item(i) for i in range(dialog.session_list.count())]
        dialog.session_list.setCurrentItem(next(i for i in items if i.text().startswith("Pilot episode")))
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    answer = DialogAnswer(pick)
    window.main_actions[Action.OPEN_SESSION].trigger()
    answer.check()
    assert window.session.id == older.id

    def edit(dialog: SessionDialog):
        assert dialog.title_edit.text() == "Pilot episode" and dialog.client_edit.text() == "Northwind"
        dialog.contract_edit.setText("NW-7")
        dialog.status_combo.setCurrentIndex(dialog.status_combo.findData(ContractStatus.NO_AI_CLAUSE))
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    answer = DialogAnswer(edit)
    window.main_actions[Action.EDIT_SESSION].trigger()
    answer.check()
    stored = ledger.session(older.id)
    assert (stored.contract_reference, stored.contract_status) == ("NW-7", ContractStatus.NO_AI_CLAUSE)
    assert "NW-7" in window.session_label.text()


def test_consent_column_is_in_view_at_the_default_window_size(qtbot, fixture_wavs):
    window = open_window(qtbot)
    _session_with_takes(qtbot, window, fixture_wavs)
    table = window.table
    cell = table.visualRect(window.proxy.index(0, Column.STATUS))
    assert table.viewport().rect().contains(cell.topLeft())
    assert cell.left() < table.viewport().width() // 2
