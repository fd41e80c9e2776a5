"""The export dialog: the gate's verdict before anything starts, the export in a worker, cancel, summary."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import soundfile
from PySide6.QtCore import QCoreApplication, Qt, QThreadPool

from studio_app.core.model import ContractStatus
from studio_app.core.scopes import Permission, Purpose
from studio_app.services.export import MANIFEST_JSON
from studio_app.services.ledger.decisions import record_restriction
from studio_app.services.ledger.intake import add_take_for_recording, import_take
from studio_app.ui.dialogs.export_dialog import ExportDialog
from studio_app.ui.main_actions import Action
from studio_app.wav.tagging import read_consent_tags
from tests.tamper import authorize_behind_the_app, training_decision
from tests.ui.ui_driver import (
    apply_session_default,
    open_window,
    start_held_inside_the_copy,
    tab_cycle,
    wait_for_takes,
)
from tests.wav.conftest import tmpfs


def _window_with_takes(qtbot, fixture_wavs: list[Path], count: int = 3):
    window = open_window(qtbot)
    ledger = window.ledger
    session = ledger.create_session("Spot 30s", contract_status=ContractStatus.NO_AI_CLAUSE,
                                    contract_reference="SP-30")
    actor = ledger.add_actor(session.id, "李娜", "Li Na")
    takes = [import_take(ledger, session.id, path, [actor.id]) for path in fixture_wavs[:count]]
    window.open_session(session.id)
    wait_for_takes(qtbot, window)
    return window, actor, takes


def _open_export(qtbot, window, take_ids: list[str]) -> ExportDialog:
    window.select_takes(take_ids)
    window.main_actions[Action.EXPORT].trigger()
    dialog = window.export_dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    _wait_for_verdict(qtbot, dialog)
    return dialog


def _wait_for_verdict(qtbot, dialog: ExportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.verdict_checker.busy())


def test_pending_takes_block_the_export_and_each_can_be_selected_in_the_main_window(qtbot, fixture_wavs):
    window, actor, takes = _window_with_takes(qtbot, fixture_wavs)
    record_restriction(window.ledger, takes[0].id, actor.id, "declined", "Lena")
    window.refresh_takes([takes[0].id])
    dialog = _open_export(qtbot, window, [t.id for t in takes])

    assert not dialog.verdict.allowed
    assert not dialog.export_button.isEnabled()
    buttons = dialog.block_buttons()
    assert set(buttons) == {takes[1].id, takes[2].id}
    assert dialog.blocks.topLevelItem(0).child(0).text(0) == (
        "李娜: Pending: no decision yet for AI training, Voice cloning, AI generation, AI research"
    )

    qtbot.mouseClick(buttons[takes[2].id], Qt.MouseButton.LeftButton)
    assert window.selected_take_ids() == [takes[2].id]
    dialog.select_all_button.click()
    assert sorted(window.selected_take_ids()) == sorted([takes[1].id, takes[2].id])


def test_an_ai_purpose_blocks_takes_not_authorized_for_that_scope(qtbot, fixture_wavs):
    window, _actor, takes = _window_with_takes(qtbot, fixture_wavs, count=2)
    apply_session_default(window)
    dialog = _open_export(qtbot, window, [t.id for t in takes])
    assert dialog.verdict.allowed

    dialog.purpose_combo.setCurrentIndex(dialog.purpose_combo.findData(Purpose.VOICE_CLONING))
    _wait_for_verdict(qtbot, dialog)
    assert not dialog.verdict.allowed
    assert set(dialog.block_buttons()) == {t.id for t in takes}
    assert dialog.blocks.topLevelItem(0).child(0).text(0) == "李娜: Not authorized for Voice cloning"


def test_export_after_the_session_default_writes_tagged_files_manifest_and_delivery(
    qtbot, fixture_wavs, tmp_path
):
    window, _actor, takes = _window_with_takes(qtbot, fixture_wavs)
    apply_session_default(window)
    dialog = _open_export(qtbot, window, [t.id for t in takes])
    destination = tmp_path / "delivery 交付"
    dialog.folder_edit.setText(str(destination))
    dialog.recipient_edit.setText("Mix stage B")
    assert dialog.export_button.isEnabled()

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome != "", timeout=60_000)

    assert dialog.outcome == "delivered", dialog.summary_label.text()
    report = dialog.report
    assert len(report.takes) == len(takes)
    assert report.manifest_json == destination / MANIFEST_JSON and report.manifest_json.exists()
    for exported in report.takes:
        path = destination / exported.file_name
        tags = read_consent_tags(path)
        assert tags.ixml_record is not None
        effective = tags.ixml_record.effective(window.ledger.today())
        assert all(p is Permission.NOT_AUTHORIZED for p in effective.values())
        assert hashlib.sha256(path.read_bytes()).hexdigest() == exported.sha256
    source = Path(window.ledger.take(takes[0].id).path)
    exported_first = destination / report.takes[0].file_name
    assert (soundfile.read(source)[0] == soundfile.read(exported_first)[0]).all()
    deliveries = window.ledger.deliveries(window.session.id)
    assert [(d.recipient, len(d.items)) for d in deliveries] == [("Mix stage B", len(takes))]
    assert dialog.open_folder_button.isVisible() and dialog.open_manifest_button.isVisible()
    assert str(destination) in dialog.summary_label.text()
    assert "signatures expire with the studio's signing certificate" in dialog.summary_label.text()
    dialog.close()
    wait_for_takes(qtbot, window)  # the delivery reloads the table; Export waits for it
    again = _open_export(qtbot, window, [takes[0].id])
    assert (again.folder_edit.text(), again.recipient_edit.text()) == (str(destination), "Mix stage B")


def test_cancel_mid_export_leaves_no_file_and_records_no_delivery(qtbot, fixture_wavs, tmp_path):
    window, _actor, takes = _window_with_takes(qtbot, fixture_wavs, count=4)
    apply_session_default(window)
    dialog = _open_export(qtbot, window, [t.id for t in takes])
    destination = tmp_path / "out"
    dialog.folder_edit.setText(str(destination))

    worker = dialog.prepare_export()
    progress_seen = []

    def cancel_while_the_first_file_is_copied(done: int, total: int) -> None:
        progress_seen.append((done, total))
        worker.cancel()

    worker.signals.file_progress.connect(
        cancel_while_the_first_file_is_copied, Qt.ConnectionType.DirectConnection
    )
    worker.start()
    qtbot.waitUntil(lambda: dialog.outcome != "", timeout=60_000)

    assert dialog.outcome == "cancelled"
    assert progress_seen and progress_seen[0][0] < progress_seen[0][1]
    assert list(destination.rglob("*")) == []
    assert window.ledger.deliveries(window.session.id) == []
    assert "no delivery was recorded" in dialog.summary_label.text()


def test_closing_the_window_mid_export_cancels_it_and_leaves_nothing(qtbot, fixture_wavs, tmp_path):
    window, _actor, takes = _window_with_takes(qtbot, fixture_wavs, count=3)
    apply_session_default(window)
    dialog = _open_export(qtbot, window, [t.id for t in takes])
    destination = tmp_path / "out"
    dialog.folder_edit.setText(str(destination))
    worker = dialog.prepare_export()
    start_held_inside_the_copy(worker)

    window.close()

    assert list(destination.rglob("*")) == []
    assert window.ledger.deliveries(window.session.id) == []


def test_a_take_still_being_recorded_blocks_the_export_and_says_so(qtbot, fixture_wavs, tmp_path):
    window, actor, takes = _window_with_takes(qtbot, fixture_wavs, count=1)
    apply_session_default(window)
    recording = add_take_for_recording(window.ledger, window.session.id, tmp_path / "live.wav", [actor.id])
    window.reload_takes()
    wait_for_takes(qtbot, window)
    dialog = _open_export(qtbot, window, [takes[0].id, recording.id])
    assert not dialog.verdict.allowed
    assert set(dialog.block_buttons()) == {recording.id}
    assert dialog.blocks.topLevelItem(0).child(0).text(0).endswith("Still being recorded")


def test_the_verdict_is_checked_in_a_worker_and_an_answer_for_an_earlier_purpose_is_dropped(
    qtbot, fixture_wavs
):
    window, _actor, takes = _window_with_takes(qtbot, fixture_wavs, count=2)
    apply_session_default(window)
    dialog = _open_export(qtbot, window, [t.id for t in takes])
    dialog.folder_edit.setText("/tmp/never-written")
    assert dialog.verdict.allowed and dialog.export_button.isEnabled()

    dialog.purpose_combo.setCurrentIndex(dialog.purpose_combo.findData(Purpose.VOICE_CLONING))
    assert dialog.verdict is None and dialog.verdict_label.text() == "Checking the recorded decisions…"
    assert not dialog.export_button.isEnabled() and dialog.blocks.isHidden()
    dialog.purpose_combo.setCurrentIndex(dialog.purpose_combo.findData(Purpose.DELIVERY))
    QThreadPool.globalInstance().waitForDone()
    QCoreApplication.processEvents()  # both answers arrive, the voice-cloning one first or last
    _wait_for_verdict(qtbot, dialog)

    assert dialog.verdict.purpose is Purpose.DELIVERY and dialog.verdict.allowed
    assert dialog.export_button.isEnabled() and dialog.verdict_label.text().startswith("Ready")


def test_tab_reaches_every_control_of_the_export_dialog_in_reading_order(qtbot, fixture_wavs):
    window, _actor, takes = _window_with_takes(qtbot, fixture_wavs)
    dialog = _open_export(qtbot, window, [t.id for t in takes])
    shown = dialog.block_buttons()
    assert len(shown) == len(takes)

    visited = tab_cycle(qtbot, dialog.folder_edit)

    assert visited == [
        dialog.folder_edit, dialog.browse_button, dialog.recipient_edit, dialog.purpose_combo, dialog.blocks,
        *shown.values(), dialog.select_all_button, dialog.cancel_button,
    ]
    take_id, button = list(shown.items())[1]
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert window.selected_take_ids() == [take_id]


def test_a_full_disk_is_an_error_dialog_and_leaves_nothing(qtbot, fixture_wavs, tmp_path):
    window, _actor, takes = _window_with_takes(qtbot, fixture_wavs, count=3)
    apply_session_default(window)
    dialog = _open_export(qtbot, window, [t.id for t in takes])
    first, second = (Path(window.ledger.take(t.id).path).stat().st_size for t in takes[:2])
    with tmpfs(tmp_path / "small", f"size={(first + second // 2) // 1024}k") as destination:
        dialog.folder_edit.setText(str(destination))
        dialog.start()
        qtbot.waitUntil(lambda: dialog.outcome != "", timeout=60_000)

        assert dialog.outcome == "failed"
        box = dialog.error_dialog
        assert box is not None and box.isVisible()
        assert box.windowTitle() == "Export failed: nothing was delivered"
        assert box.text() == f"<b>{destination}</b>"
        assert box.informativeText() == "disk full (No space left on device); nothing was delivered"
        assert sorted(os.listdir(destination)) == []
        assert window.ledger.deliveries(window.session.id) == []
        box.close()


def test_a_decision_edited_behind_the_app_shows_a_blocking_entry_naming_the_event(qtbot, fixture_wavs):
    window, _actor, takes = _window_with_takes(qtbot, fixture_wavs, count=2)
    apply_session_default(window)
    decision_id, event = training_decision(window.ledger.path, takes[0].id)
    authorize_behind_the_app(window.ledger.path, decision_id)
    dialog = _open_export(qtbot, window, [t.id for t in takes])

    assert not dialog.verdict.allowed and not dialog.export_button.isEnabled()
    buttons = dialog.block_buttons()
    assert set(buttons) == {takes[0].id}, "only the forged take is named"
    assert dialog.blocks.topLevelItem(0).child(0).text(0) == (
        "The ledger cannot prove this record, nothing will be signed: ledger row changed behind the app:"
        f" decision {decision_id}, event {event}"
    )
    qtbot.mouseClick(buttons[takes[0].id], Qt.MouseButton.LeftButton)
    assert window.selected_take_ids() == [takes[0].id]
