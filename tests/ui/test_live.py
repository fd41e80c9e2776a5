"""Two seats' main windows on one ledger server, each on its own connection: what one records shows in
the other within a second, as row updates (no reload of the table)."""

from __future__ import annotations

import time

from studio_app.services.ledger import Ledger
from studio_app.services.ledger.intake import add_take_for_recording
from studio_app.ui.main_window import MainWindow
from studio_app.ui.settings import AppSettings
from studio_app.ui.take_model import StatusKind
from tests.ui.ui_driver import wait_for_takes


def _window(qtbot, url: str, session_id: str) -> MainWindow:
    window = MainWindow(Ledger.open(url), settings=AppSettings())
    qtbot.addWidget(window)
    window.show()
    window.open_session(session_id)
    wait_for_takes(qtbot, window)
    return window


def test_a_take_and_a_decision_in_one_seat_show_in_the_others_window_within_a_second(qtbot, pg_server):
    url = pg_server.new_database()
    with Ledger.open(url) as setup:
        session = setup.create_session("两个房间", contract_status="no_ai_clause")
        actor = setup.add_actor(session.id, "张伟")
        add_take_for_recording(setup, session.id, "/rec/first.wav", [actor.id])
    room_a = _window(qtbot, url, session.id)
    room_b = _window(qtbot, url, session.id)
    resets = []
    room_b.model.modelReset.connect(lambda: resets.append(True))
    assert room_a.ledger.store.conn is not room_b.ledger.store.conn

    take = add_take_for_recording(room_a.ledger, session.id, "/rec/second.wav", [actor.id])
    started = time.monotonic()
    qtbot.waitUntil(lambda: room_b.model.take_row(take.id) is not None, timeout=1000)
    assert room_b.model.take_row(take.id).kind is StatusKind.PENDING

    room_a.restrict([take.id], [actor.id], "client asked", "Li")
    qtbot.waitUntil(lambda: room_b.model.take_row(take.id).kind is not StatusKind.PENDING, timeout=1000)
    assert time.monotonic() - started < 2.0
    assert room_b.model.rowCount() == 2 and not resets
    for window in (room_a, room_b):
        window.close()
        window.ledger.close()
