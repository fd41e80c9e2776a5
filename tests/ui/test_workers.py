"""LatestRunner: only the newest request's answer reaches the window, however the workers finish; and
garbage (a closed window's cycles) is freed on the GUI thread, never on a worker's."""

from __future__ import annotations

import gc
import threading
import weakref

from studio_app.ui.workers import LatestRunner, Worker


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


def test_garbage_is_freed_on_the_gui_thread_even_when_a_worker_allocates(qtbot):
    freed_on = []

    class Cycle:
        """Stands for a closed window held by its own connected lambdas."""

    cycle = Cycle()
    cycle.itself = cycle
    weakref.finalize(cycle, lambda: freed_on.append(threading.current_thread()))
    del cycle
    worker = Worker(lambda _control: [[] for _ in range(20 * gc.get_threshold()[0])])
    with qtbot.waitSignal(worker.signals.finished) as allocated:
        worker.start()
    qtbot.waitUntil(lambda: bool(freed_on))

    assert freed_on == [threading.main_thread()]
    assert len(allocated.args[0]) > gc.get_threshold()[0]
