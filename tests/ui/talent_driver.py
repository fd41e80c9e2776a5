"""Helpers for driving the talent screen as an actor would: open it, choose, answer terms, sign, confirm."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtTest import QTest

from studio_app.core.record import Representation
from studio_app.core.scopes import Permission
from studio_app.services.ledger import Ledger
from studio_app.services.ledger.intake import import_take
from studio_app.ui.talent import TalentScreen


def wav(folder: Path, name: str) -> Path:
    path = folder / name
    soundfile.write(path, np.linspace(-0.5, 0.5, 4800), 48000, subtype="PCM_24")
    return path


def make_studio(folder: Path, takes: int = 2):
    """A real ledger with one session, one actor and `takes` imported takes (scene 12, T1, T2, …)."""
    ledger = Ledger.open(folder / "ledger.sqlite3")
    session = ledger.create_session("Moonlit Harbour ep. 3", client="Blue Crane Games",
                                    contract_reference="BCG-2026-117",
                                    ai_scope_text="Localised dubbing of Moonlit Harbour, season 1")
    actor = ledger.add_actor(session.id, "Li Na", stage_name="Nana")
    imported = [
        import_take(ledger, session.id, wav(folder, f"take{n}.wav"), [actor.id], take_number=n, scene="12")
        for n in range(1, takes + 1)
    ]
    return ledger, session, actor, imported


def open_screen(qtbot, studio, take_ids="selected", language: str | None = "en",
                size: tuple[int, int] = (1000, 900)) -> TalentScreen:
    ledger, session, actor, takes = studio
    ids = [t.id for t in takes] if take_ids == "selected" else take_ids
    screen = TalentScreen(ledger, session.id, actor.id, ids, language=language)
    qtbot.addWidget(screen)
    screen.resize(*size)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def sign(screen: TalentScreen) -> None:
    """Two strokes drawn with the mouse on the pad, point by point, as a hand would."""
    pad = screen.signature
    screen.form_scroll.ensureWidgetVisible(pad)
    for row in (40, 90):
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(20, row))
        for x in range(30, 200, 17):
            QTest.mouseMove(pad, QPoint(x, row + (x % 23)), 5)
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(210, row))


def click(button) -> None:
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def grant(card, permission=Permission.AUTHORIZED, use="Dubbing of episode 3", ends: QDate | None = None):
    """Pick a grant on the card and answer its terms as an actor would, by keyboard and mouse."""
    click(card.radios[permission])
    box = card.grant_terms
    QTest.keyClicks(box.intended_use, use)
    if ends is None:
        click(box.no_end_date)
    else:
        click(box.has_expiry)
        box.expiry.setDate(ends)
    QTest.keyClicks(box.compensation, "Contract clause 7")
    box.representation.setCurrentIndex(box.representation.findData(Representation.UNION))


def name_sign_confirm(qtbot, screen: TalentScreen):
    """Type the actor's name, sign, press Confirm; returns the ActorConfirmation recorded."""
    QTest.keyClicks(screen.name_edit, "Li Na")
    sign(screen)
    with qtbot.waitSignal(screen.recorded, timeout=2000) as signal:
        click(screen.confirm_button)
    return signal.args[0]
