"""Before the talent screen opens: only an actor on every selected take can decide for those takes."""

from __future__ import annotations

from studio_app.core.model import Actor
from studio_app.ui.dialogs.talent_launch import TalentLaunchDialog
from studio_app.ui.settings import AppSettings

MAYA = Actor("a-maya", "s-1", "Maya Ortiz")
LI_NA = Actor("a-lina", "s-1", "李娜", "Li Na")


def _offered(dialog: TalentLaunchDialog) -> list[str]:
    return [dialog.actor_combo.itemData(i) for i in range(dialog.actor_combo.count())]


def test_for_selected_takes_only_their_actors_are_offered_and_every_actor_for_takes_to_come(qtbot):
    dialog = TalentLaunchDialog([MAYA, LI_NA], ["take-1"], AppSettings(), on_selection={LI_NA.id})
    qtbot.addWidget(dialog)
    assert _offered(dialog) == [LI_NA.id] and dialog.actor_id() == LI_NA.id
    dialog.future_radio.setChecked(True)
    assert _offered(dialog) == [MAYA.id, LI_NA.id] and dialog.actor_id() == LI_NA.id, "the choice is kept"


def test_selected_takes_no_actor_shares_cannot_open_the_talent_screen(qtbot):
    dialog = TalentLaunchDialog([MAYA, LI_NA], ["take-1", "take-2"], AppSettings(), on_selection=set())
    qtbot.addWidget(dialog)
    assert _offered(dialog) == [] and not dialog.open_button.isEnabled()
    dialog.future_radio.setChecked(True)
    assert dialog.open_button.isEnabled()
