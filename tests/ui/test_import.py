"""Importing takes: chosen files or a real drop of files and folders, with actors, off the GUI thread."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QListView

from studio_app.appdirs import takes_dir
from studio_app.ui.dialogs.import_dialog import ImportDialog
from studio_app.ui.take_model import StatusKind
from studio_app.wav.files import wav_files_in
from tests.conftest import FIXTURES_DIR
from tests.ui.ui_driver import open_window, wait_for_takes


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def window_with_actors(qtbot):
    window = open_window(qtbot)
    session = window.ledger.create_session("Audiobook ch. 3")
    wang = window.ledger.add_actor(session.id, "王小明")
    anna = window.ledger.add_actor(session.id, "Anna Berg")
    window.open_session(session.id)
    wait_for_takes(qtbot, window)
    return window, wang, anna


def _drop(window, paths: list[Path]) -> None:
    """A real drag-enter and drop with file URLs onto what the table area shows (the empty-session hint
    or the take table), passed up to the window as Qt does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = window.table_stack.currentWidget()
    target = getattr(target, "viewport", lambda: target)()
    position = QPointF(target.rect().center())
    enter = QDragEnterEvent(position.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(position, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()


def _run(qtbot, dialog: ImportDialog) -> None:
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=60_000)


def test_dropping_a_folder_imports_its_wavs_with_the_chosen_actors(qtbot, window_with_actors):
    window, wang, anna = window_with_actors
    folder = FIXTURES_DIR / "sounddevices"
    expected = wav_files_in([folder])
    before = {p: _sha256(p) for p in expected}

    _drop(window, [folder])
    dialog = window.import_dialog
    assert isinstance(dialog, ImportDialog)
    listed = [dialog.file_list.item(i).text() for i in range(dialog.file_list.count())]
    assert listed == [str(p) for p in expected]
    dialog.actor_list.set_checked(wang.id)
    dialog.actor_list.set_checked(anna.id)
    _run(qtbot, dialog)

    assert len(dialog.outcome.imported) == len(expected) > 0
    assert window.model.rowCount() == len(expected)
    assert window.table_stack.currentWidget() is window.table
    for take_id in dialog.outcome.imported:
        take = window.ledger.take(take_id)
        assert set(take.actor_ids) == {wang.id, anna.id}
        copy = Path(take.path)
        assert copy.parent == takes_dir() / window.session.id
        assert not os.stat(copy).st_mode & stat.S_IWUSR
        assert window.model.take_row(take_id).kind is StatusKind.PENDING
        assert set(window.model.take_row(take_id).actors) == {"王小明", "Anna Berg"}
        assert _sha256(copy) == before[Path(take.source_path)]
    assert {p: _sha256(p) for p in expected} == before


def test_a_bad_file_is_named_with_its_reason_and_the_others_still_import(
    qtbot, window_with_actors, fixture_wavs, tmp_path
):
    window, wang, _anna = window_with_actors
    bad = tmp_path / "broken take.wav"
    bad.write_bytes(b"RIFF\x10\x00\x00\x00WAVEjunk")
    good = fixture_wavs[0]
    window.import_paths([bad, good])
    dialog = window.import_dialog
    dialog.actor_list.set_checked(wang.id)
    _run(qtbot, dialog)

    assert len(dialog.outcome.imported) == 1
    [(path, reason)] = dialog.outcome.failed
    assert path == str(bad) and reason
    assert str(bad) in dialog.result_label.text()
    assert window.model.rowCount() == 1
    assert window.ledger.take(dialog.outcome.imported[0]).source_path == str(good)


def test_cancelling_an_import_leaves_no_partial_copy(qtbot, window_with_actors, fixture_wavs):
    window, wang, _anna = window_with_actors
    window.import_paths(fixture_wavs[:4])
    dialog = window.import_dialog
    dialog.actor_list.set_checked(wang.id)
    worker = dialog.prepare_import()
    worker.signals.reported.connect(lambda _item: worker.cancel(), Qt.ConnectionType.DirectConnection)
    worker.start()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=60_000)

    imported = window.ledger.list_takes(window.session.id)
    assert len(imported) < 4
    managed = takes_dir() / window.session.id
    assert sorted(p.name for p in managed.iterdir()) == sorted(Path(o.take.path).name for o in imported)
    assert window.model.rowCount() == len(imported)


def test_only_wav_files_are_taken_from_dropped_items(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.wav", "B.WAV", "notes.txt", "sub/c.wav", "sub/d.mp3"):
        (tmp_path / name).write_bytes(b"")
    found = wav_files_in([tmp_path, tmp_path / "a.wav"])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in found) == ["B.WAV", "a.wav", "sub/c.wav"]


def test_files_ctrl_clicked_after_typing_their_folder_into_the_file_dialog_are_taken_by_open(qtbot,
                                                                                            window_with_actors):
    """Seen under Xvfb: a folder typed into the file-name box stayed selected after the dialog opened it,
    so the ctrl-clicked files came back with it and Open only re-entered the folder."""
    window, _wang, _anna = window_with_actors
    window.choose_import_files()
    dialog = window.import_files_dialog
    folder = FIXTURES_DIR / "protools"
    name_box = dialog.findChild(QLineEdit, "fileNameEdit")
    QTest.keyClicks(name_box, str(folder))
    QTest.keyClick(name_box, Qt.Key.Key_Return)
    view = dialog.findChild(QListView, "listView")
    qtbot.waitUntil(lambda: view.model().rowCount(view.rootIndex()) == 3)
    for name in ("umid.wav", "PT_A101_4.A1.wav"):
        index = view.model().index(str(folder / name))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                         view.visualRect(index).center())
    QTest.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "import_dialog", None), ImportDialog))
    assert sorted(p.name for p in window.import_dialog.paths) == ["PT_A101_4.A1.wav", "umid.wav"]
