"""Placement on a studio with two monitors: the talent screen goes full screen on the booth's monitor.

Qt's offscreen platform takes a screen layout from a JSON file at start-up, so each case runs in its
own Python process with a control-room monitor (primary) and two more monitors beside it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

# The offscreen platform makes the first screen by name the primary one: DP-1 is the control room.
LAYOUT = {"screens": [
    {"name": "DP-1", "x": 0, "y": 0, "width": 1920, "height": 1080},
    {"name": "HDMI-1", "x": 1920, "y": 0, "width": 1280, "height": 1024},
    {"name": "HDMI-2", "x": 3200, "y": 0, "width": 1024, "height": 768},
]}

PROGRAM = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    import numpy as np, soundfile
    from PySide6.QtWidgets import QApplication
    from studio_app.services.ledger import Ledger
    from studio_app.services.ledger.intake import import_take
    from studio_app.ui.settings import AppSettings
    from studio_app.ui.talent import TalentScreen

    app = QApplication([])
    remembered, explicit = sys.argv[1], sys.argv[2]
    AppSettings().talent_screen_name = remembered
    ledger = Ledger.open()
    session = ledger.create_session("Placement")
    actor = ledger.add_actor(session.id, "Li Na")
    wav = Path(ledger.path).parent / "t.wav"
    soundfile.write(wav, np.zeros(480), 48000, subtype="PCM_16")
    take = import_take(ledger, session.id, wav, [actor.id])
    screen = TalentScreen(ledger, session.id, actor.id, [take.id], language="en")
    target = next((s for s in app.screens() if s.name() == explicit), None)
    screen.show_on(target)
    for _ in range(10):
        app.processEvents()
    print(json.dumps({"screen": screen.screen().name(), "full": screen.isFullScreen(),
                      "geometry": screen.geometry().getRect(), "primary": app.primaryScreen().name()}))
""")


def _place(tmp_path, remembered: str = "", explicit: str = "") -> dict:
    layout = tmp_path / "screens.json"
    layout.write_text(json.dumps(LAYOUT), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={layout}")
    done = subprocess.run([sys.executable, "-c", PROGRAM, remembered, explicit], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_with_a_second_monitor_the_talent_screen_fills_the_booth_monitor(tmp_path):
    placed = _place(tmp_path)
    assert placed["primary"] == "DP-1"
    assert placed["screen"] == "HDMI-1" and placed["full"]
    assert placed["geometry"] == [1920, 0, 1280, 1024]


def test_sent_to_the_engineers_own_monitor_it_opens_as_a_normal_window(tmp_path):
    placed = _place(tmp_path, explicit="DP-1")
    assert placed["screen"] == "DP-1" and not placed["full"]


@pytest.mark.parametrize(("remembered", "used"), [("HDMI-2", "HDMI-2"), ("HDMI-3-unplugged", "HDMI-1")])
def test_a_remembered_screen_is_used_when_connected_else_another_monitor(tmp_path, remembered, used):
    placed = _place(tmp_path, remembered=remembered)
    assert placed["screen"] == used and placed["full"]
