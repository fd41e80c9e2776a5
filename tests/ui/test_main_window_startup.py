"""`consent-slate` with no command starts the desktop app: a window over the default ledger."""

from __future__ import annotations

import os
import subprocess
import sys

from studio_app.appdirs import ledger_path
from studio_app.services.ledger import Ledger
from studio_app.ui.app import build_main_window
from studio_app.ui.settings import AppSettings
from tests.conftest import PROJECT_ROOT


def test_start_up_reopens_the_last_session_over_the_default_ledger(qtbot, qapp):
    """run_app's window (its event loop runs in the subprocess test below: one exec() per process)."""
    with Ledger.open() as ledger:
        session = ledger.create_session("Morning pickups")
    AppSettings().remember_session(session.id)
    window = build_main_window(qapp)
    qtbot.addWidget(window)
    assert window.windowTitle() == "Morning pickups"
    assert window.ledger.path == ledger_path()


def test_build_main_window_names_an_unreadable_ledger(qapp, tmp_path, monkeypatch):
    broken = tmp_path / "ledger.sqlite3"
    broken.write_bytes(b"not a ledger at all" * 64)
    monkeypatch.setenv("CONSENT_SLATE_DB", str(broken))
    try:
        build_main_window(qapp)
    except Exception as exc:
        assert str(broken) in str(exc)
    else:
        raise AssertionError("an unreadable ledger opened")


def test_consent_slate_without_a_command_starts_the_gui(tmp_path):
    """A real process: `python -m studio_app -platform offscreen` runs until told to stop."""
    env = dict(os.environ, CONSENT_SLATE_DATA_DIR=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-m", "studio_app", "-platform", "offscreen"]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    else:
        raise AssertionError(f"the app exited at once: {process.returncode} {process.stderr.read()!r}")
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert (tmp_path / "ledger.sqlite3").exists()
