"""The DAW watch folder over real files written the way DAWs write them, and a real ledger."""

from __future__ import annotations

import json
import os
import struct
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from studio_app import appdirs
from studio_app.services.ledger.decisions import record_restriction
from studio_app.services.watch import (
    REMEMBERED_FILE,
    LeftAlone,
    PickupKind,
    WatchError,
    WatchFolder,
    WatchRunner,
    remember_folders,
    remembered_copy,
    remembered_folders,
)
from studio_app.wav.reader import audio_sha256

SETTLE = 2.0


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def session(ledger):
    session = ledger.create_session("ADR day 2")
    ledger.add_actor(session.id, "Chen Jing")
    ledger.add_actor(session.id, "Ana Souza")
    return session


def write_wav(path: Path, seed: int = 1, frames: int = 4800) -> None:
    samples = np.random.default_rng(seed).integers(-30000, 30000, size=(frames, 2), dtype=np.int16)
    soundfile.write(path, samples, 48000, "PCM_16")


def settled_scan(watcher: WatchFolder, clock: Clock) -> list:
    """Two scans SETTLE seconds apart: the first sees the files, the second picks up the settled ones."""
    events = watcher.scan_once()
    clock.now += SETTLE + 0.1
    return events + watcher.scan_once()


def test_file_written_slowly_is_picked_up_once_after_it_is_complete(ledger, session, daw_folder):
    """Like a DAW: a header with zero sizes, audio appended in pieces, the sizes patched at the end."""
    path = daw_folder / "Dialog_01.wav"
    rng = np.random.default_rng(3)
    pieces = [rng.integers(-9000, 9000, 4800 * 2, dtype=np.int16).tobytes() for _ in range(8)]
    finished = threading.Event()

    def daw() -> None:
        with open(path, "wb") as f:
            fmt = struct.pack("<IHHIIHH", 16, 1, 2, 48000, 192000, 4, 16)
            f.write(b"RIFF" + bytes(4) + b"WAVEfmt " + fmt)
            f.write(b"data" + bytes(4))
            for piece in pieces:
                f.write(piece)
                f.flush()
                time.sleep(0.15)
            data = sum(len(p) for p in pieces)
            f.seek(4)
            f.write(struct.pack("<I", 36 + data))
            f.seek(40)
            f.write(struct.pack("<I", data))
        finished.set()

    watcher = WatchFolder(ledger, session.id, [daw_folder], settle_seconds=0.4)
    writer = threading.Thread(target=daw)
    writer.start()
    seen = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (finished.is_set() and seen):
        for event in watcher.scan_once():
            seen.append((event, finished.is_set()))
        time.sleep(0.05)
    for _ in range(10):
        seen.extend((event, True) for event in watcher.scan_once())
        time.sleep(0.05)
    writer.join()
    assert [(e.kind, done) for e, done in seen] == [(PickupKind.ADDED, True)]
    take = ledger.take(seen[0][0].take_id)
    assert take.audio_sha256 == audio_sha256(path)
    assert take.duration == pytest.approx(0.8)


def test_pickup_becomes_a_pending_take_with_the_sessions_actors(ledger, session, daw_folder):
    write_wav(daw_folder / "Line_12.wav")
    clock = Clock()
    watcher = WatchFolder(ledger, session.id, [daw_folder], settle_seconds=SETTLE, clock=clock)
    events = settled_scan(watcher, clock)
    assert [e.kind for e in events] == [PickupKind.ADDED]
    overview = ledger.take_status(events[0].take_id)
    assert overview.pending
    assert {a.legal_name for a in overview.actors} == {"Chen Jing", "Ana Souza"}


def test_nothing_is_picked_up_before_the_settle_time(ledger, session, daw_folder):
    write_wav(daw_folder / "a.wav")
    clock = Clock()
    watcher = WatchFolder(ledger, session.id, [daw_folder], settle_seconds=SETTLE, clock=clock)
    assert watcher.scan_once() == []
    clock.now += SETTLE / 2
    assert watcher.scan_once() == []
    assert ledger.list_takes(session.id) == []


def test_copy_leaves_the_daw_file_untouched(ledger, session, daw_folder):
    source = daw_folder / "take.wav"
    write_wav(source)
    before = (source.read_bytes(), source.stat().st_mtime_ns)
    clock = Clock()
    events = settled_scan(WatchFolder(ledger, session.id, [daw_folder], copy=True, clock=clock), clock)
    take = ledger.take(events[0].take_id)
    assert Path(take.path).parent == appdirs.takes_dir() / session.id
    assert Path(take.path).read_bytes() == before[0]
    assert (source.read_bytes(), source.stat().st_mtime_ns) == before
    assert [p.name for p in daw_folder.iterdir()] == ["take.wav"]


def test_other_files_and_unfinished_wavs_are_left_alone(ledger, session, daw_folder):
    (daw_folder / "session.ptx").write_bytes(b"pro tools session")
    (daw_folder / "notes.txt").write_text("line 12 again")
    (daw_folder / ".take.wav.tmp").write_bytes(b"RIFF")
    stalled = daw_folder / "stalled.wav"
    write_wav(stalled)
    content = bytearray(stalled.read_bytes())
    content[4:8] = content[40:44] = bytes(4)
    stalled.write_bytes(bytes(content))
    clock = Clock()
    watcher = WatchFolder(ledger, session.id, [daw_folder], clock=clock)
    events = settled_scan(watcher, clock)
    assert [(e.kind, e.path.name) for e in events] == [(PickupKind.REJECTED, "stalled.wav")]
    assert "still being written" in events[0].problem and events[0].why is LeftAlone.STILL_WRITING
    clock.now += SETTLE * 3
    assert watcher.scan_once() == []
    assert ledger.list_takes(session.id) == []
    assert stalled.read_bytes() == bytes(content)


@pytest.mark.parametrize("trailer", ["zeros to a 32 KiB cluster", "ID3v1 tag"])
def test_bytes_after_a_whole_riff_form_are_padding_and_the_file_is_picked_up(
    ledger, session, daw_folder, trailer
):
    path = daw_folder / "Recorder_0007.wav"
    write_wav(path)
    audio_hash = audio_sha256(path)
    with open(path, "ab") as f:
        if trailer == "ID3v1 tag":
            f.write(b"TAG" + b"Line 12".ljust(125, b"\0"))
        else:
            f.write(bytes(-path.stat().st_size % 32768))
    before = path.read_bytes()
    clock = Clock()
    events = settled_scan(WatchFolder(ledger, session.id, [daw_folder], clock=clock), clock)
    assert [e.kind for e in events] == [PickupKind.ADDED]
    take = ledger.take(events[0].take_id)
    assert take.audio_sha256 == audio_hash and take.duration == pytest.approx(0.1)
    assert Path(take.path).read_bytes() == before == path.read_bytes()


def test_a_header_whose_audio_is_still_empty_is_not_taken_for_padding(ledger, session, daw_folder):
    """A writer that finished the header's layout but not its sizes: RIFF ends after an empty data
    chunk and the audio follows; that is a file still being written, not padding."""
    path = daw_folder / "Take 9.wav"
    audio = np.random.default_rng(9).integers(-9000, 9000, 4800 * 2, dtype=np.int16).tobytes()
    fmt = struct.pack("<IHHIIHH", 16, 1, 2, 48000, 192000, 4, 16)
    path.write_bytes(b"RIFF" + struct.pack("<I", 36) + b"WAVEfmt " + fmt + b"data" + bytes(4) + audio)
    clock = Clock()
    events = settled_scan(WatchFolder(ledger, session.id, [daw_folder], clock=clock), clock)
    assert [e.kind for e in events] == [PickupKind.REJECTED]
    assert "still being written" in events[0].problem
    assert ledger.list_takes(session.id) == []


def test_a_renamed_reference_is_found_again_by_its_audio(ledger, session, daw_folder):
    original = daw_folder / "Take 4.wav"
    write_wav(original)
    clock = Clock()
    watcher = WatchFolder(ledger, session.id, [daw_folder], copy=False, clock=clock)
    take_id = settled_scan(watcher, clock)[0].take_id
    actor = ledger.list_actors(session.id)[0]
    record_restriction(ledger, take_id, actor.id, "contract has no AI clause")
    original.rename(daw_folder / "Take 4 (keeper).wav")
    events = settled_scan(watcher, clock)
    assert [(e.kind, e.take_id) for e in events] == [
        (PickupKind.MISSING, take_id),
        (PickupKind.RELOCATED, take_id),
    ]
    take = ledger.take(take_id)
    assert take.path == str(daw_folder / "Take 4 (keeper).wav")
    assert len(ledger.decision_history(take_id)) == 4
    assert len(ledger.list_takes(session.id)) == 1


def test_a_copied_file_written_over_with_new_audio_becomes_a_new_take(ledger, session, daw_folder):
    path = daw_folder / "Bounce.wav"
    write_wav(path, seed=1)
    clock = Clock()
    watcher = WatchFolder(ledger, session.id, [daw_folder], copy=True, clock=clock)
    first = ledger.take(settled_scan(watcher, clock)[0].take_id)
    write_wav(path, seed=2)
    events = settled_scan(watcher, clock)
    assert [e.kind for e in events] == [PickupKind.ADDED]
    second = ledger.take(events[0].take_id)
    assert second.audio_sha256 == audio_sha256(path) != first.audio_sha256
    assert audio_sha256(first.path) == first.audio_sha256
    os.utime(path)  # touched, same audio: nothing new
    assert settled_scan(watcher, clock) == []


def test_a_reference_written_over_is_reported_and_its_take_kept(ledger, session, daw_folder):
    path = daw_folder / "Take 5.wav"
    write_wav(path, seed=1)
    clock = Clock()
    watcher = WatchFolder(ledger, session.id, [daw_folder], copy=False, clock=clock)
    take = ledger.take(settled_scan(watcher, clock)[0].take_id)
    os.utime(path)
    assert settled_scan(watcher, clock) == []
    write_wav(path, seed=2)
    events = settled_scan(watcher, clock)
    assert [(e.kind, e.take_id) for e in events] == [(PickupKind.REJECTED, take.id)]
    assert "no longer the audio of its take" in events[0].problem and events[0].why is LeftAlone.WRITTEN_OVER
    assert ledger.take(take.id) == take and len(ledger.list_takes(session.id)) == 1


def test_a_deleted_reference_is_reported_missing_once_and_its_ledger_data_kept(ledger, session, daw_folder):
    path = daw_folder / "gone.wav"
    write_wav(path)
    clock = Clock()
    watcher = WatchFolder(ledger, session.id, [daw_folder], copy=False, clock=clock)
    take_id = settled_scan(watcher, clock)[0].take_id
    path.unlink()
    events = settled_scan(watcher, clock)
    assert [(e.kind, e.take_id) for e in events] == [(PickupKind.MISSING, take_id)]
    assert settled_scan(watcher, clock) == []
    assert ledger.take(take_id).path == str(path)


def test_a_restarted_watch_does_not_pick_up_known_files_again(ledger, session, daw_folder):
    write_wav(daw_folder / "one.wav", seed=1)
    clock = Clock()
    first = settled_scan(WatchFolder(ledger, session.id, [daw_folder], copy=True, clock=clock), clock)
    assert len(first) == 1
    write_wav(daw_folder / "two.wav", seed=2)
    again = settled_scan(WatchFolder(ledger, session.id, [daw_folder], copy=True, clock=clock), clock)
    assert [(e.kind, e.path.name) for e in again] == [(PickupKind.ADDED, "two.wav")]
    assert len(ledger.list_takes(session.id)) == 2


def test_runner_picks_up_on_its_own_thread(ledger, session, daw_folder):
    write_wav(daw_folder / "runner.wav")
    found = threading.Event()
    events = []

    def on_events(batch):
        events.extend(batch)
        found.set()

    runner = WatchRunner(
        ledger.path, session.id, [daw_folder], on_events, pytest.fail, settle_seconds=0.2, interval=0.1
    )
    runner.start()
    try:
        assert found.wait(20)
    finally:
        runner.stop()
    assert [e.kind for e in events] == [PickupKind.ADDED]
    assert len(ledger.list_takes(session.id)) == 1


def test_a_runner_that_cannot_go_on_reports_why_instead_of_dying_silently(ledger, daw_folder, tmp_path):
    errors = []
    stopped = threading.Event()

    def on_error(exc):
        errors.append(exc)
        stopped.set()

    runner = WatchRunner(ledger.path, "no-such-session", [daw_folder], pytest.fail, on_error, interval=0.1)
    runner.start()
    assert stopped.wait(20)
    runner.stop()
    assert "no-such-session" in str(errors[0])
    with pytest.raises(WatchError, match="not a folder"):
        WatchRunner(ledger.path, "any", [tmp_path / "unplugged drive"], pytest.fail, pytest.fail)


def test_watch_folders_are_remembered_per_session(session, daw_folder, tmp_path):
    other = tmp_path / "Bounces"
    other.mkdir()
    remember_folders(session.id, [daw_folder, other])
    assert remembered_folders(session.id) == [daw_folder, other]
    assert remembered_folders("another-session") == []
    assert remembered_copy(session.id) is True
    remember_folders(session.id, [other], copy=False)
    remember_folders(session.id, [daw_folder])  # how files are kept stays as chosen
    assert remembered_copy(session.id) is False and remembered_folders(session.id) == [daw_folder]


def test_folders_remembered_in_the_first_format_still_read(session, daw_folder):
    """A list per session, before the copy/reference choice was kept too."""
    (appdirs.data_dir() / REMEMBERED_FILE).write_text(json.dumps({session.id: [str(daw_folder)]}))
    assert remembered_folders(session.id) == [daw_folder] and remembered_copy(session.id) is True


def test_a_folder_that_does_not_exist_is_one_clear_error(ledger, session, tmp_path):
    with pytest.raises(WatchError) as error:
        WatchFolder(ledger, session.id, [tmp_path / "nowhere"])
    assert error.value.path == os.fspath(tmp_path / "nowhere") and "not a folder" in error.value.reason


def test_a_cancelled_pickup_records_nothing_and_the_next_watch_picks_the_file_up(
    ledger, session, daw_folder
):
    """Stopping the watch mid-pickup (a long take being hashed or copied) must not leave a half take,
    nor mark the file as handled: the next watch takes it."""
    from studio_app.wav.errors import Cancelled

    write_wav(daw_folder / "Long_take.wav", seed=11)
    clock, stopping = Clock(), threading.Event()
    stopping.set()
    stopped = WatchFolder(ledger, session.id, [daw_folder], settle_seconds=SETTLE, clock=clock,
                          cancel=stopping.is_set)
    with pytest.raises(Cancelled):
        settled_scan(stopped, clock)
    assert ledger.list_takes(session.id) == []
    assert not list(appdirs.takes_dir().rglob("*.wav*"))

    stopping.clear()
    events = settled_scan(stopped, clock)
    assert [e.kind for e in events] == [PickupKind.ADDED]
    assert len(ledger.list_takes(session.id)) == 1
