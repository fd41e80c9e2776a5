"""The studio is named in the app: File ▸ Studio name and address… writes what the CLI reads."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from studio_app.core.model import Studio
from studio_app.proof.studio import load_studio, save_studio
from studio_app.ui.dialogs.studio_dialog import StudioDialog
from studio_app.ui.main_actions import Action
from studio_app.ui.settings import AppSettings
from tests.conftest import PROJECT_ROOT
from tests.ui.ui_driver import DialogAnswer, open_window


def test_the_studio_named_in_the_app_is_the_one_the_cli_shows(qtbot):
    window = open_window(qtbot)

    def fill(dialog: StudioDialog) -> None:
        assert isinstance(dialog, StudioDialog)
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.name_edit.setText("星光录音棚")  # QTest types ASCII only
        dialog.address_edit.setText("北京市朝阳区 1 号")
        QTest.keyClicks(dialog.contact_edit, "rec@starlight.example")
        QTest.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    answer = DialogAnswer(fill)
    window.main_actions[Action.STUDIO].trigger()
    answer.check()
    assert load_studio() == Studio("星光录音棚", "北京市朝阳区 1 号", "rec@starlight.example")
    command = [sys.executable, "-m", "studio_app", "studio", "show"]
    shown = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert shown.stdout.startswith("studio: 星光录音棚\n  address: 北京市朝阳区 1 号\n")


def test_the_dialog_opens_on_the_studio_as_set(qtbot):
    save_studio(Studio("Studio Nord", "Hamburg", "+49 40 123"))
    dialog = StudioDialog()
    qtbot.addWidget(dialog)
    assert dialog.studio() == Studio("Studio Nord", "Hamburg", "+49 40 123")


def test_the_time_stamp_authority_set_in_the_studio_dialog_is_what_the_export_uses(qtbot):
    save_studio(Studio("Studio Nord"))
    dialog = StudioDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.tsa_edit.setText("timestamp.example")
    assert not ok.isEnabled(), "not an http(s) URL"
    dialog.tsa_edit.setText("http://127.0.0.1:3161/tsr")
    assert ok.isEnabled()
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert AppSettings().tsa_url == "http://127.0.0.1:3161/tsr"
    assert StudioDialog().tsa_edit.text() == "http://127.0.0.1:3161/tsr"
