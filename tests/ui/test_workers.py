"""LatestRunner: only the newest request's answer reaches the window, however the workers finish."""

from __future__ import annotations

import threading

from studio_app.ui.workers import LatestRunner


def test_an_answer_that_arrives_after_a_newer_one_is_dropped(qtbot):
    runner = LatestRunner()
    answers = []
    runner.finished.connect(answers.append)
    release_old = threading.Event()

    def old_question(control):
        release_old.wait(30)
        return "old"

    old = runner.run(old_question)
    assert runner.busy()
    with qtbot.waitSignal(runner.finished):
        runner.run(lambda _control: "new")
    assert answers == ["new"] and not runner.busy()
    assert old.control.cancelled()

    with qtbot.waitSignal(old.signals.finished):
        release_old.set()
    assert answers == ["new"]


def test_a_failure_of_the_newest_request_is_reported(qtbot):
    runner = LatestRunner()

    def broken(_control):
        raise OSError("ledger unreadable")

    with qtbot.waitSignal(runner.failed) as failure:
        runner.run(broken)
    assert str(failure.args[0]) == "ledger unreadable" and not runner.busy()
