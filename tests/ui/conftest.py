"""The widget tests run with Python's cycle collector on the GUI thread, as the app does (run_app)."""

from __future__ import annotations

import gc

import pytest

from studio_app.ui.workers import GuiThreadGarbageCollector


@pytest.fixture(autouse=True)
def garbage_collected_on_the_gui_thread(qapp):
    """No widget of a test is freed on a worker's thread; what is left is collected here, after the
    test's widgets are closed, before automatic collection comes back for the tests outside tests/ui."""
    collector = GuiThreadGarbageCollector(qapp)
    yield collector
    gc.collect()
    collector.stop()
