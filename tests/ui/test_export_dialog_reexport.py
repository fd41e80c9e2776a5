"""After a restriction withdraws a delivered permission: the affected delivery is listed and re-exported."""

from __future__ import annotations

from PySide6.QtCore import Qt

from studio_app.core.model import ActorConfirmation
from studio_app.core.scopes import ALL_SCOPES, Permission, Purpose, Scope
from studio_app.services.export import ExportOptions, ExportReport, export_takes
from studio_app.services.ledger import new_confirmation_id
from studio_app.services.ledger.decisions import record_confirmation
from studio_app.services.ledger.intake import import_take
from studio_app.services.terms import load_terms
from studio_app.ui.dialogs.deliveries_dialog import OutdatedDeliveriesDialog
from studio_app.ui.dialogs.restriction_dialog import RestrictionDialog
from studio_app.ui.main_actions import Action
from studio_app.ui.main_window import MainWindow
from studio_app.ui.take_model import StatusKind
from studio_app.wav.tagging import read_consent_tags
from tests.conftest import grant
from tests.ui.ui_driver import DialogAnswer, open_window, start_held_inside_the_copy, wait_for_takes


def _withdrawn_after_delivery(
    qtbot, fixture_wavs, tmp_path
) -> tuple[MainWindow, OutdatedDeliveriesDialog, str, ExportReport]:
    """A take delivered for AI training, then restricted in the main window: the listing it opens."""
    window = open_window(qtbot)
    ledger = window.ledger
    session = ledger.create_session("Audiobook ch. 9", contract_reference="AB-9")
    actor = ledger.add_actor(session.id, "Anna Berg")
    take = import_take(ledger, session.id, fixture_wavs[0], [actor.id])
    terms = load_terms()
    signature = (((1, 1, 0), (40, 9, 80)),)
    confirmation = ActorConfirmation(
        new_confirmation_id(), actor.id, "Anna Berg", signature, terms.version, terms.sha256, "en",
        ledger.now(),
    )
    choices = {scope: grant() for scope in ALL_SCOPES}
    record_confirmation(ledger, confirmation, choices, take_ids=[take.id])
    first = export_takes(ledger, [take.id], tmp_path / "first", ExportOptions(Purpose.AI_TRAINING, "Lab A"))
    window.open_session(session.id)
    wait_for_takes(qtbot, window)
    window.select_takes([take.id])

    def fill(dialog: RestrictionDialog):
        dialog.reason_edit.setPlainText("actor withdrew AI training in writing")
        dialog.engineer_edit.setText("Lena")
        dialog.record_button.click()

    answer = DialogAnswer(fill)
    window.main_actions[Action.RESTRICT].trigger()
    answer.check()

    listing = window.deliveries_dialog
    assert isinstance(listing, OutdatedDeliveriesDialog) and listing.isVisible()
    return window, listing, take.id, first


def test_a_restriction_after_delivery_lists_the_delivery_and_re_exports_corrected_copies(
    qtbot, fixture_wavs, tmp_path
):
    window, listing, take_id, first = _withdrawn_after_delivery(qtbot, fixture_wavs, tmp_path)
    ledger = window.ledger
    assert [o.delivery.id for o in listing.outdated] == [ledger.deliveries(window.session.id)[0].id]
    assert [listing.deliveries.topLevelItem(0).text(c) for c in (1, 2)] == ["Lab A", "AI training"]
    assert listing.reexport_button.isEnabled()

    listing.reexport(tmp_path / "corrected")
    qtbot.waitUntil(lambda: listing.report is not None or "Nothing" in listing.summary.text(), timeout=60_000)

    assert listing.report is not None, listing.summary.text()
    [copy] = listing.report.takes
    record = read_consent_tags(tmp_path / "corrected" / copy.file_name).ixml_record
    assert record.effective(ledger.today())[Scope.AI_TRAINING] is Permission.NOT_AUTHORIZED
    delivered_first = read_consent_tags(first.folder / first.takes[0].file_name).ixml_record
    assert delivered_first.effective(ledger.today())[Scope.AI_TRAINING] is Permission.AUTHORIZED
    assert listing.summary.text().startswith("Corrected copies of 1 take")
    assert window.model.take_row(take_id).kind is StatusKind.NOT_AUTHORIZED


def test_closing_the_listing_mid_re_export_cancels_it_and_leaves_nothing(qtbot, fixture_wavs, tmp_path):
    window, listing, _take_id, _first = _withdrawn_after_delivery(qtbot, fixture_wavs, tmp_path)
    destination = tmp_path / "corrected"
    worker = listing.prepare_reexport(destination)
    start_held_inside_the_copy(worker)

    with qtbot.waitSignal(worker.signals.cancelled, timeout=30_000):
        qtbot.keyClick(listing, Qt.Key.Key_Escape)
        assert not listing.isVisible()

    assert not listing.is_running() and listing.report is None
    assert list(destination.rglob("*")) == []
    assert len(window.ledger.deliveries(window.session.id)) == 1
    assert "no delivery was recorded" in listing.summary.text()
