"""A day on the studio floor (issue 14), through the real main window: takes told apart and labelled in
the table, the session default asked first, purpose-aware export, the corrected re-export, booth hygiene,
the Actors panel and the rough edges."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from studio_app.core.model import ContractStatus
from studio_app.core.scopes import Permission, Purpose
from studio_app.services.export import ExportOptions, export_takes
from studio_app.services.ledger.intake import import_take
from studio_app.ui.dialogs.deliveries_dialog import OutdatedDeliveriesDialog
from studio_app.ui.dialogs.export_dialog import ExportDialog
from studio_app.ui.dialogs.session_default_dialog import SessionDefaultDialog
from studio_app.ui.main_actions import Action
from studio_app.ui.main_window import MainWindow, user_guide_path
from studio_app.ui.recorder.playback_widget import TakePlayer
from studio_app.ui.take_model import Column, StatusKind
from tests.conftest import FIXTURES_DIR, actor_grants_all
from tests.ui.ui_driver import DialogAnswer, open_window, wait_for_takes, wait_for_workers

RECORDER_TAKES = ("sounddevices/A101_1.WAV", "sounddevices/A101_3.WAV", "zoom_F8/Scene_1_2AG-T001_Tr1.WAV")


def _session(qtbot, window: MainWindow, names=RECORDER_TAKES, status=ContractStatus.NONE):
    ledger = window.ledger
    session = ledger.create_session("Harbour lights", contract_status=status)
    actor = ledger.add_actor(session.id, "Anna Berg", "Nana")
    takes = [import_take(ledger, session.id, FIXTURES_DIR / name, [actor.id]) for name in names]
    window.open_session(session.id)
    wait_for_takes(qtbot, window)
    return session, actor, takes


def _cell(window: MainWindow, take_id: str, column: Column) -> str:
    return window.model.take_row(take_id).display[column]


# --- 1. takes you can tell apart ------------------------------------------------------------------


def test_the_table_shows_each_takes_number_file_and_recorder_scene(qtbot):
    window = open_window(qtbot)
    _s, _actor, takes = _session(qtbot, window)
    shown = [(_cell(window, t.id, Column.NUMBER), _cell(window, t.id, Column.FILE),
              _cell(window, t.id, Column.SCENE)) for t in takes]
    assert shown == [
        ("1", "A101_1.WAV", "A101"),
        ("3", "A101_3.WAV", "A101"),
        ("1", "Scene_1_2AG-T001_Tr1.WAV", "Scene_1_2AG"),
    ]
    headers = [window.model.headerData(c, Qt.Orientation.Horizontal) for c in (Column.FILE, Column.LINE)]
    assert headers == ["File", "Line"]


def test_typing_a_scene_into_one_selected_row_labels_every_selected_take(qtbot, app_language):
    app_language.apply("en")
    window = open_window(qtbot)
    _s, _actor, takes = _session(qtbot, window)
    window.select_takes([takes[0].id, takes[2].id])
    source_row = window.model.source_row_of(takes[2].id)
    index = window.proxy.mapFromSource(window.model.index(source_row, Column.SCENE))
    selection = window.table.selectionModel()
    selection.setCurrentIndex(index, selection.SelectionFlag.NoUpdate)
    QTest.keyClick(window.table, Qt.Key.Key_F2)
    editor = window.table.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    QTest.keyClicks(editor, "12B")
    QTest.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on its next event-loop turn
    qtbot.waitUntil(lambda: window.ledger.take(takes[0].id).scene == "12B")

    assert [window.ledger.take(t.id).scene for t in takes] == ["12B", "A101", "12B"]
    assert [_cell(window, t.id, Column.SCENE) for t in takes] == ["12B", "A101", "12B"]
    assert window.statusBar().currentMessage() == "Labelled 2 takes."
    assert window.ledger.verify_audit().ok


# --- 2. the session default asks first --------------------------------------------------------------


def test_session_default_asks_with_counts_and_can_decide_the_selected_takes_only(qtbot, app_language):
    app_language.apply("en")
    window = open_window(qtbot)
    _s, _actor, takes = _session(qtbot, window)
    window.select_takes([takes[0].id, takes[1].id])
    seen = {}

    def fill(dialog: SessionDefaultDialog):
        seen["intro"] = dialog.intro.text()
        seen["selected"] = dialog.selected_radio.text()
        seen["whole"] = dialog.whole_radio.text()
        assert dialog.selected_radio.isChecked()
        dialog.record_button.click()

    answer = DialogAnswer(fill)
    window.main_actions[Action.SESSION_DEFAULT].trigger()
    wait_for_workers()
    answer.check()

    assert "no contract" in seen["intro"]
    assert seen["selected"] == "Selected takes only: 2 takes, 1 actor, 8 decisions"
    assert seen["whole"] == "All undecided takes of the session: 3 takes, 1 actor, 12 decisions"
    kinds = [window.model.take_row(t.id).kind for t in takes]
    assert kinds == [StatusKind.NOT_AUTHORIZED, StatusKind.NOT_AUTHORIZED, StatusKind.PENDING]


def test_cancelling_the_session_default_question_records_nothing(qtbot):
    window = open_window(qtbot)
    _s, _actor, takes = _session(qtbot, window)
    answer = DialogAnswer(lambda dialog: dialog.reject())
    window.main_actions[Action.SESSION_DEFAULT].trigger()
    wait_for_workers()
    assert isinstance(answer.check(), SessionDefaultDialog)
    assert all(window.ledger.decision_history(t.id) == [] for t in takes)


# --- 3. purpose-aware export, and a selection narrower than the session ------------------------------


def _export_dialog(qtbot, window: MainWindow) -> ExportDialog:
    window.main_actions[Action.EXPORT].trigger()
    dialog = window.export_dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.verdict is not None)
    return dialog


def test_export_only_the_takes_the_purpose_allows_lists_the_rest_and_delivers_those(
    qtbot, tmp_path, app_language
):
    app_language.apply("en")
    window = open_window(qtbot)
    _s, actor, takes = _session(qtbot, window)
    actor_grants_all(window.ledger, actor, [takes[0].id, takes[2].id])
    window.reload_takes()
    wait_for_takes(qtbot, window)
    window.table.clearSelection()
    dialog = _export_dialog(qtbot, window)
    dialog.folder_edit.setText(str(tmp_path / "lab"))
    dialog.purpose_combo.setCurrentIndex(dialog.purpose_combo.findData(Purpose.AI_TRAINING))
    qtbot.waitUntil(lambda: dialog.verdict is not None)
    assert not dialog.export_button.isEnabled() and dialog.only_allowed_check.isVisible()

    dialog.only_allowed_check.click()

    assert dialog.verdict_label.text() == (
        "Ready: 2 takes may leave for this purpose; 1 left out, listed below with why."
    )
    assert dialog.blocks.headerItem().text(0) == "Left out: take / actor: why"
    left_out = dialog.blocks.topLevelItem(0)
    assert left_out.text(0) == window.ledger.take(takes[1].id).label
    assert left_out.child(0).text(0) == (
        "Anna Berg: Pending: no decision yet for AI training, Voice cloning, AI generation, AI research"
    )
    assert dialog.export_button.isEnabled()
    worker = dialog.prepare_export()
    worker.start()
    qtbot.waitUntil(lambda: bool(dialog.outcome), timeout=60_000)
    assert dialog.outcome == "delivered", dialog.summary_label.text()
    assert [t.take_id for t in dialog.report.takes] == [takes[0].id, takes[2].id]
    assert dialog.report.purpose is Purpose.AI_TRAINING


def test_a_take_still_selected_says_so_in_the_first_line_and_all_takes_widens_the_export(
    qtbot, app_language
):
    app_language.apply("en")
    window = open_window(qtbot)
    _s, _actor, takes = _session(qtbot, window)
    window.select_takes([takes[1].id])
    dialog = _export_dialog(qtbot, window)
    assert dialog.selection_label.text() == (
        "Only the 1 selected take of session “Harbour lights” — not all 3 of its takes."
    )
    assert dialog.all_takes_button.isVisible()

    QTest.mouseClick(dialog.all_takes_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.verdict is not None)

    assert sorted(dialog.take_ids) == sorted(t.id for t in takes)
    assert dialog.selection_label.text() == "3 takes of session “Harbour lights”."
    assert not dialog.all_takes_button.isVisible()
    assert len(dialog.verdict.blocking_take_ids()) == 3


# --- 4 and 5. the corrected re-export, after the talent screen is closed -------------------------------


def _confirm_on_the_talent_screen(qtbot, window: MainWindow, actor, take_id: str):
    """The actor opens the talent screen for the take and confirms every use not authorized (withdrawal)."""
    window.select_takes([take_id])

    def launch(dialog):
        dialog.actor_combo.setCurrentIndex(dialog.actor_combo.findData(actor.id))
        dialog.open_button.click()

    answer = DialogAnswer(launch)
    window.main_actions[Action.TALENT_SCREEN].trigger()
    answer.check()
    screen = window.talent_screen
    qtbot.addWidget(screen)
    for card in screen.cards.values():
        card.choose(Permission.NOT_AUTHORIZED)
    screen.name_edit.setText(actor.legal_name)
    pad = screen.signature
    screen.form_scroll.ensureWidgetVisible(pad)
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(20, 40))
    for x in range(30, 200, 20):
        QTest.mouseMove(pad, QPoint(x, 40 + x % 17), 5)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(210, 50))
    QTest.mouseClick(screen.confirm_button, Qt.MouseButton.LeftButton)
    return screen


def test_a_withdrawal_on_the_talent_screen_lists_outdated_deliveries_only_once_it_is_closed(qtbot, tmp_path):
    window = open_window(qtbot)
    _s, actor, takes = _session(qtbot, window)
    actor_grants_all(window.ledger, actor, [takes[0].id])
    options = ExportOptions(Purpose.AI_TRAINING, "Lab A")
    export_takes(window.ledger, [takes[0].id], tmp_path / "first", options)
    window.reload_takes()
    wait_for_takes(qtbot, window)

    screen = _confirm_on_the_talent_screen(qtbot, window, actor, takes[0].id)

    assert screen.isVisible() and screen.confirmation is not None
    assert window.deliveries_dialog is None
    assert not any(isinstance(w, OutdatedDeliveriesDialog) for w in QApplication.topLevelWidgets())
    assert "talent screen is closed" in window.statusBar().currentMessage()

    screen.close()
    qtbot.waitUntil(lambda: window.deliveries_dialog is not None and window.deliveries_dialog.isVisible())
    listing = window.deliveries_dialog
    qtbot.addWidget(listing)
    assert [o.delivery.recipient for o in listing.outdated] == ["Lab A"]
    assert "talent screen is closed" not in window.statusBar().currentMessage(), "the wait is over"


def test_re_export_keeps_purpose_and_recipient_creates_the_folder_and_marks_the_old_delivery(
    qtbot, tmp_path
):
    window = open_window(qtbot)
    session, actor, takes = _session(qtbot, window)
    actor_grants_all(window.ledger, actor, [takes[0].id])
    first = export_takes(
        window.ledger, [takes[0].id], tmp_path / "first", ExportOptions(Purpose.AI_TRAINING, "Lab A")
    )
    window.reload_takes()
    wait_for_takes(qtbot, window)
    screen = _confirm_on_the_talent_screen(qtbot, window, actor, takes[0].id)
    screen.close()
    qtbot.waitUntil(lambda: window.deliveries_dialog is not None and window.deliveries_dialog.isVisible())
    listing = window.deliveries_dialog
    qtbot.addWidget(listing)
    proposed = Path(listing.folder_edit.text())
    assert proposed.parent == tmp_path and proposed.name.startswith("first-corrected-")
    assert not proposed.exists()

    QTest.mouseClick(listing.reexport_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listing.report is not None or "Nothing" in listing.summary.text(), timeout=60_000)

    assert listing.report is not None, listing.summary.text()
    assert (listing.report.purpose, listing.report.recipient) == (Purpose.AI_TRAINING, "Lab A")
    assert listing.report.folder == proposed and proposed.is_dir()
    assert window.ledger.corrections(session.id) == {first.delivery_id: listing.report.delivery_id}
    row = listing.deliveries.topLevelItem(0)
    assert row.text(4).startswith(listing.report.delivery_id[:8])
    assert not listing.reexport_button.isEnabled()
    assert listing.intro.text().startswith("Every delivery of this session carries")
    assert window.ledger.verify_audit().ok


# --- 7. the Actors panel ------------------------------------------------------------------------------


def test_adding_an_actor_shows_them_in_the_actors_panel_with_feedback(qtbot):
    window = open_window(qtbot)
    _session(qtbot, window)
    assert window.actors_panel.actor_names() == ["Anna Berg"]
    assert window.actors_panel.list.topLevelItem(0).text(2) == "3"

    def fill(dialog):
        dialog.legal_name_edit.setText("李娜")
        dialog.stage_name_edit.setText("Nana Li")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    answer = DialogAnswer(fill)
    window.main_actions[Action.ADD_ACTOR].trigger()
    answer.check()

    panel = window.actors_panel
    assert panel.actor_names() == ["Anna Berg", "李娜"]
    assert panel.isVisible() and panel.list.currentItem().text(0) == "李娜"
    assert window.statusBar().currentMessage() == "Actor 李娜 (Nana Li) added to the session."
    assert panel.list.topLevelItem(1).text(3) == "None: each take is decided on its own"


def test_the_actors_panel_shows_standing_decisions_and_edits_names_in_chinese(qtbot, app_language):
    window = open_window(qtbot)
    _s, anna, _takes = _session(qtbot, window)
    window.record_session_default()
    wait_for_workers()
    app_language.apply("zh_CN")
    QApplication.processEvents()
    panel = window.actors_panel
    assert panel.list.headerItem().text(0) == "法定姓名"
    assert panel.windowTitle() == "演员"

    panel.select_actor(anna.id)

    def fill(dialog):
        dialog.legal_name_edit.setText("Anna Bergström")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    answer = DialogAnswer(fill)
    QTest.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    answer.check()
    assert window.ledger.actor(anna.id).legal_name == "Anna Bergström"
    assert panel.actor_names() == ["Anna Bergström"]
    assert panel.list.topLevelItem(0).text(3) == "无：每条录音单独决定"
    wait_for_takes(qtbot, window)
    assert window.ledger.verify_audit().ok


# --- 8. rough edges ---------------------------------------------------------------------------------


def test_play_without_an_output_device_says_so_at_once(qtbot):
    import sounddevice

    try:
        sounddevice.query_devices(kind="output")
    except sounddevice.PortAudioError:
        pass
    else:
        pytest.skip("this machine has a sound output")
    player = TakePlayer()
    qtbot.addWidget(player)
    player.set_path(FIXTURES_DIR / "sounddevices" / "A101_1.WAV")
    said = []
    player.failed.connect(said.append)
    player.play()
    assert said and said[0].startswith("No audio output") and "sound settings" in said[0]
    assert player.playback is None and player.play_button.text() == "Play"


def test_opening_without_a_program_for_it_shows_the_path_to_copy(qtbot, tmp_path, monkeypatch):
    """Help ▸ User guide (as Open folder and Open manifest) on a desktop with no xdg-open."""
    monkeypatch.setenv("PATH", str(tmp_path))
    window = open_window(qtbot)
    window.main_actions[Action.USER_GUIDE].trigger()
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "PathDialog" and w.isVisible()]
    assert len(boxes) == 1
    box = boxes[0]
    qtbot.addWidget(box)
    assert box.informativeText() == str(user_guide_path())
    copy = next(b for b in box.buttons() if b.text() == "&Copy path")
    copy.click()
    assert QApplication.clipboard().text() == str(user_guide_path()) and box.isVisible()


def test_the_title_names_the_app_once(qtbot, qapp):
    before = qapp.applicationDisplayName()
    qapp.setApplicationDisplayName("Consent Slate")
    try:
        window = open_window(qtbot)
        _session(qtbot, window, names=RECORDER_TAKES[:1])
        assert window.windowTitle() == "Harbour lights"
        assert window.shown_title() == "Harbour lights \u2014 Consent Slate"
    finally:
        qapp.setApplicationDisplayName(before)


def test_qt_file_dialogs_speak_chinese_from_the_catalogue_we_ship(app_language, monkeypatch):
    from studio_app.ui import i18n

    monkeypatch.setattr(i18n.QLibraryInfo, "path", lambda _which: "/nonexistent")
    app_language.apply("zh_CN")
    # From the qtbase_zh_CN.qm we ship (Qt's own folder is out of reach here) ...
    assert QCoreApplication.translate("QFileDialog", "File &name:") == "文件名称(&N)："
    # ... and from our catalogue, for the labels Qt 6 renamed and its catalogue lacks.
    assert QCoreApplication.translate("QFileDialog", "&Look in:") == "查找范围(&L)："
    assert QCoreApplication.translate("QFileDialog", "Files of &type:") == "文件类型(&T)："
