"""The widget tests run with Python's cycle collector on the GUI thread, as the app does (run_app); a
language switch a test makes is undone after it."""

from __future__ import annotations

import gc

import pytest

from studio_app.ui.i18n import AppLanguage
from studio_app.ui.settings import AppSettings
from studio_app.ui.workers import GuiThreadGarbageCollector
from tests.ui.talent_driver import make_studio


@pytest.fixture(autouse=True)
def garbage_collected_on_the_gui_thread(qapp):
    """No widget of a test is freed on a worker's thread; what is left is collected here, after the
    test's widgets are closed, before automatic collection comes back for the tests outside tests/ui."""
    collector = GuiThreadGarbageCollector(qapp)
    yield collector
    gc.collect()
    collector.stop()


@pytest.fixture
def app_language(qapp):
    """The application's language, as run_app sets it up; its translators are removed after the test."""
    language = AppLanguage(qapp, AppSettings())
    yield language
    for translator in (language._ours, language._qt):
        qapp.removeTranslator(translator)


@pytest.fixture
def studio(tmp_path):
    """A real ledger with one session (its contract has an AI clause text), one actor, two imported takes."""
    made = make_studio(tmp_path)
    yield made
    made[0].close()
