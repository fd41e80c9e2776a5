"""The recorder against a real PortAudio device (the ALSA sine of conftest.py), and crash repair."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from studio_app.core.model import TakeStatus
from studio_app.services import recording as recording_module
from studio_app.services.ledger import Ledger
from studio_app.services.ledger.intake import add_take_for_recording, import_take
from studio_app.services.recording import (
    RecordingError,
    RecordingSettings,
    SampleFormat,
    TakeLock,
    disk_seconds_left,
    next_take_number,
    open_take_file,
    recover_unfinished,
    repair_interrupted_take,
    take_file_name,
)
from studio_app.wav.errors import WavError
from studio_app.wav.reader import audio_sha256, read_wav
from studio_app.wav.repair import repair_take_file


def dominant_frequency(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    return float(np.argmax(spectrum) * rate / len(samples))


def level_db(samples: np.ndarray) -> tuple[float, float]:
    """(peak, RMS) in dBFS."""
    return 20 * np.log10(np.abs(samples).max()), 20 * np.log10(np.sqrt(np.mean(samples**2)))


@pytest.fixture
def session_and_actor():
    with Ledger.open() as ledger:
        session = ledger.create_session("Dub 配音", engineer="Li")
        actor = ledger.add_actor(session.id, "王芳")
    return session.id, actor.id


def run_script(alsa_sine, script: str, *args: str, timeout: float = 60) -> dict:
    """Run `script` in its own process on the sine device; what it printed, as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args], env=alsa_sine.env, capture_output=True, text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def record_command(session_id: str, actor_id: str, seconds: float, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "studio_app", "record", "--session", session_id, "--actor", actor_id,
        "--seconds", str(seconds), "--device", "slate_sine", *extra,
    ]


def test_recorded_take_holds_the_device_sine(alsa_sine, session_and_actor):
    session_id, actor_id = session_and_actor
    done = subprocess.run(
        record_command(session_id, actor_id, 2, "--scene", "12", "--line", "3", "--format", "pcm24"),
        env=alsa_sine.env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    take_id = done.stdout.strip()
    with Ledger.open() as ledger:
        take = ledger.take(take_id)
        overview = ledger.take_status(take_id)
    path = Path(take.path)
    assert path.name == "Dub 配音_12_3_T001.wav"
    assert take.status is TakeStatus.COMPLETE and overview.pending
    samples, rate = soundfile.read(path)
    info = soundfile.info(path)
    assert (rate, info.subtype, info.frames) == (48000, "PCM_24", 96000)
    assert take.duration == pytest.approx(2.0)
    assert take.audio_sha256 == audio_sha256(path)
    assert dominant_frequency(samples, rate) == pytest.approx(alsa_sine.frequency, rel=0.02)
    peak, rms = level_db(samples[4800:])
    assert peak == pytest.approx(alsa_sine.level_db, abs=0.3)
    assert rms == pytest.approx(alsa_sine.level_db - 3.01, abs=0.3)
    assert read_wav(path).form == "RIFF"
    assert not path.stat().st_mode & 0o222


def test_take_is_pending_in_the_ledger_while_it_is_recorded(alsa_sine, session_and_actor):
    session_id, actor_id = session_and_actor
    process = subprocess.Popen(
        record_command(session_id, actor_id, 3, "--format", "pcm16"),
        env=alsa_sine.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    take_id = process.stdout.readline().strip()
    with Ledger.open() as ledger:
        during = ledger.take_status(take_id)
    assert process.wait(timeout=60) == 0
    assert during.take.status is TakeStatus.RECORDING
    assert during.pending and Path(during.take.path).exists()
    with Ledger.open() as ledger:
        assert ledger.take(take_id).status is TakeStatus.COMPLETE


def test_killed_recording_is_repaired_keeping_audio_up_to_a_second_before_the_kill(
    alsa_sine, session_and_actor
):
    session_id, actor_id = session_and_actor
    process = subprocess.Popen(
        record_command(session_id, actor_id, 60), env=alsa_sine.env, stdout=subprocess.PIPE, text=True
    )
    take_id = process.stdout.readline().strip()
    started = time.monotonic()
    time.sleep(3.2)
    process.send_signal(signal.SIGKILL)
    recorded_for = time.monotonic() - started
    process.wait()
    with Ledger.open() as ledger:
        path = Path(ledger.take(take_id).path)
        before = path.stat().st_size
        recoveries = recover_unfinished(ledger)
        take = ledger.take(take_id)
    assert [r.take_id for r in recoveries] == [take_id]
    report = recoveries[0].report
    assert report.changed
    # at most FLUSH_INTERVAL lost; the device may run up to its buffers (FIFO unit + PortAudio) ahead
    assert recorded_for - 1.0 <= report.seconds <= recorded_for + 0.5
    assert path.stat().st_size <= before + 1
    assert take.status is TakeStatus.RECOVERED
    assert "Recovered after an interrupted recording" in take.notes
    assert take.audio_sha256 == audio_sha256(path)
    assert take.duration == pytest.approx(report.seconds)
    samples, rate = soundfile.read(path)
    assert len(samples) == report.frames
    assert dominant_frequency(samples, rate) == pytest.approx(alsa_sine.frequency, rel=0.02)


def crashed_take(
    path: Path, frames: np.ndarray, rate: int = 48000, sample_format: SampleFormat = SampleFormat.PCM24
) -> None:
    """A file as a kill leaves it: written like the recorder does (RF64 auto-downgrade), RIFF and data
    sizes still zero as at the start, and a partial frame at the end."""
    settings = RecordingSettings(channels=frames.shape[1], sample_rate=rate, sample_format=sample_format)
    with open_take_file(path, settings) as f:
        f.write(frames)
    data_size_at = read_wav(path).data.offset + 4
    content = bytearray(path.read_bytes())
    content[4:8] = content[data_size_at : data_size_at + 4] = bytes(4)
    path.write_bytes(bytes(content) + b"\x01\x02")


def test_repair_keeps_every_whole_frame_and_drops_the_partial_one(tmp_path):
    frames = (np.random.default_rng(5).integers(-(2**23), 2**23, size=(48000, 2)) << 8).astype(np.int32)
    path = tmp_path / "take.wav"
    crashed_take(path, frames)
    report = repair_take_file(path)
    assert (report.changed, report.frames, report.dropped_bytes, report.form) == (True, 48000, 2, "RIFF")
    again, _ = soundfile.read(path, dtype="int32")
    assert np.array_equal(again, frames)
    probe = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=duration_ts", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, check=True,
    )
    assert probe.stdout.strip() == "48000"
    assert read_wav(path).frames == 48000
    assert [p.name for p in tmp_path.iterdir()] == ["take.wav"]


def test_repair_switches_to_rf64_above_the_riff_limit(tmp_path):
    frames = (np.arange(30000 * 3, dtype=np.int32).reshape(30000, 3) << 8).astype(np.int32)
    path = tmp_path / "long.wav"
    crashed_take(path, frames)
    report = repair_take_file(path, riff_limit=100_000)
    assert (report.form, report.frames) == ("RF64", 30000)
    wav = read_wav(path)
    assert (wav.form, wav.frames, wav.data.data_offset) == ("RF64", 30000, 112)
    again, _ = soundfile.read(path, dtype="int32")
    assert np.array_equal(again, frames)
    info = subprocess.run(["mediainfo", "--Inform=General;%Format_Profile%", str(path)],
                          capture_output=True, text=True, check=True)
    assert info.stdout.strip() == "RF64"


def test_repair_leaves_an_intact_take_alone(tmp_path):
    path = tmp_path / "fine.wav"
    soundfile.write(path, np.zeros((1000, 1), dtype=np.int16), 48000, "PCM_16")
    before = path.read_bytes()
    report = repair_take_file(path)
    assert not report.changed and report.frames == 1000
    assert path.read_bytes() == before


def test_a_lock_the_filesystem_refuses_is_reported_and_its_file_closed(tmp_path, monkeypatch):
    path = tmp_path / "on-a-share.wav"
    crashed_take(path, np.zeros((100, 1), dtype=np.int32))
    before = path.read_bytes()

    def no_locks(_fd, _operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(recording_module.fcntl, "flock", no_locks)
    with pytest.raises(RecordingError, match="cannot read: No locks available"):
        repair_interrupted_take(path)
    open_on_it = [fd for fd in os.listdir("/proc/self/fd") if _points_at(f"/proc/self/fd/{fd}", path)]
    assert open_on_it == [] and path.read_bytes() == before


def _points_at(link: str, path: Path) -> bool:
    try:
        return os.readlink(link) == str(path)
    except OSError:
        return False


def test_repair_refuses_a_take_that_is_being_recorded_and_repairs_it_once_released(tmp_path):
    """The recorder's lock (flock here, msvcrt.locking on Windows) is what repair asks, and it excludes a
    second holder even in the same process."""
    path = tmp_path / "live.wav"
    crashed_take(path, np.zeros((100, 1), dtype=np.int32))
    before = path.read_bytes()
    held = TakeLock(path)
    try:
        with pytest.raises(RecordingError, match="being recorded"):
            repair_interrupted_take(path)
        with pytest.raises(RecordingError, match="being recorded"):
            TakeLock(path)
        assert path.read_bytes() == before
    finally:
        held.release()
    assert repair_interrupted_take(path).frames == 100


FINISHING_SCRIPT = """
import json, os, threading, time
from studio_app.services.ledger import Ledger
from studio_app.services.recording import RecordingSettings, TakeRecording, recover_unfinished

ledger = Ledger.open()
session = ledger.create_session("Finishing")
actor = ledger.add_actor(session.id, "Kim")
recording = TakeRecording.start(
    ledger, session.id, [actor.id], RecordingSettings(device="slate_sine"), max_seconds=0.5
)
recording.recorder.wait(20)
recording.recorder.stop_capture()
seen = {}
opened, go = threading.Event(), threading.Event()

def finish():
    with Ledger.open(ledger.path) as own:  # opening writes too (migrations): before the lock below
        opened.set()
        go.wait()
        seen["status"] = recording.finish(own)[0].status.value

finisher = threading.Thread(target=finish)
finisher.start()
third = Ledger.open(ledger.path)
opened.wait()
with ledger.store.writing():  # the finish cannot complete its ledger write until this ends
    go.set()
    deadline = time.monotonic() + 30
    while os.stat(recording.recorder.path).st_mode & 0o222 and time.monotonic() < deadline:
        time.sleep(0.01)  # until the file is finished and read-only: the finisher is at the ledger
    seen["recoveries"] = [(r.take_id, r.problem) for r in recover_unfinished(third)]
finisher.join()
seen.update(take=recording.take.id, notes=ledger.take(recording.take.id).notes)
print(json.dumps(seen))
"""


def test_a_take_being_finished_is_not_taken_for_a_crashed_one(alsa_sine):
    """Between Stop and the ledger's `complete`, start-up recovery in another process must leave it alone."""
    seen = run_script(alsa_sine, FINISHING_SCRIPT, timeout=90)
    [(take_id, problem)] = seen["recoveries"]
    assert take_id == seen["take"] and "being recorded" in problem
    assert seen["status"] == "complete" and seen["notes"] == ""


def test_repair_of_a_file_that_is_not_a_wav_names_the_file(tmp_path):
    path = tmp_path / "notes.wav"
    path.write_text("not audio")
    with pytest.raises(WavError) as error:
        repair_take_file(path)
    assert error.value.path == str(path) and "not a WAV" in error.value.reason
    assert path.read_text() == "not audio"


def test_start_up_recovery_completes_every_unfinished_take(session_and_actor, isolated_data_dir):
    session_id, actor_id = session_and_actor
    frames = np.full((24000, 1), 1 << 20, dtype=np.int32)
    with Ledger.open() as ledger:
        paths = [isolated_data_dir / f"t{i}.wav" for i in range(2)]
        takes = []
        for path in paths:
            crashed_take(path, frames)
            takes.append(add_take_for_recording(ledger, session_id, path, [actor_id], take_number=1))
        recoveries = recover_unfinished(ledger)
        assert sorted(r.take_id for r in recoveries) == sorted(t.id for t in takes)
        assert ledger.unfinished_recordings() == []
        for take in takes:
            again = ledger.take(take.id)
            assert again.status is TakeStatus.RECOVERED and again.duration == pytest.approx(0.5)
            assert ledger.take_status(take.id).pending


def test_settings_refuse_channel_counts_and_rates_the_recorder_does_not_offer():
    with pytest.raises(RecordingError, match="between 1 and 8"):
        RecordingSettings(channels=9).check()
    with pytest.raises(RecordingError, match="22050 Hz"):
        RecordingSettings(sample_rate=22050).check()
    with pytest.raises(RecordingError, match="pcm32"):
        SampleFormat.from_word("pcm32")


def test_take_numbers_count_per_scene_and_line(session_and_actor, isolated_data_dir):
    session_id, actor_id = session_and_actor
    with Ledger.open() as ledger:
        for scene, line, number in (("1", "1", 1), ("1", "1", 2), ("1", "2", 1)):
            path = isolated_data_dir / f"{scene}-{line}-{number}.wav"
            soundfile.write(path, np.zeros(10), 48000)
            import_take(ledger, session_id, path, [actor_id], copy=False, scene=scene, line=line,
                        take_number=number)
        assert next_take_number(ledger, session_id, "1", "1") == 3
        assert next_take_number(ledger, session_id, "1", "2") == 2
        assert next_take_number(ledger, session_id, "2", "1") == 1
    assert take_file_name("Dub: Ep/1", "", "7", 12) == "Dub_ Ep_1_7_T012.wav"


LOCK_REFUSED_SCRIPT = """
import errno, json, os, sys
from studio_app.services import recording
from studio_app.services.recording import Recorder, RecordingError, RecordingSettings

def out_of_file_descriptors(path):
    raise OSError(errno.EMFILE, "Too many open files")

recording.TakeLock = out_of_file_descriptors
recorder = Recorder(sys.argv[1], RecordingSettings(device="slate_sine"))
try:
    recorder.open()
    raised = ""
except RecordingError as exc:
    raised = exc.reason
fds = [os.readlink(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")
       if os.path.islink(f"/proc/self/fd/{fd}")]
print(json.dumps({"raised": raised, "open": [f for f in fds if f.startswith(sys.argv[1])]}))
"""


def test_a_take_file_that_cannot_be_locked_is_closed_and_not_left_behind(alsa_sine, tmp_path):
    path = tmp_path / "refused.wav"
    seen = run_script(alsa_sine, LOCK_REFUSED_SCRIPT, str(path))
    assert seen["raised"] == "cannot create the take file: [Errno 24] Too many open files"
    assert seen["open"] == [] and not path.exists()


FULL_DISK_SCRIPT = """
import json, resource, signal, sys
from studio_app.services.recording import Recorder, RecordingError, RecordingSettings
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (300_000, 300_000))
recorder = Recorder(sys.argv[1], RecordingSettings(device="slate_sine"), max_frames=4 * 48000)
recorder.start()
recorder.wait(20)
during = recorder.stats().write_error
try:
    recorder.stop()
    raised = ""
except RecordingError as exc:
    raised = exc.reason
print(json.dumps({"during": during, "raised": raised}))
"""


def test_a_disk_that_refuses_more_audio_is_reported_and_what_was_written_is_kept(alsa_sine, tmp_path):
    """The file size limit (RLIMIT_FSIZE) makes the disk refuse writes the way a full disk does."""
    path = tmp_path / "full.wav"
    seen = run_script(alsa_sine, FULL_DISK_SCRIPT, str(path))
    assert seen["during"].startswith("the audio could not be written after ")
    assert seen["raised"] == seen["during"]
    report = repair_take_file(path)
    assert 1.5 < report.seconds < 2.1
    samples, rate = soundfile.read(path)
    assert dominant_frequency(samples, rate) == pytest.approx(alsa_sine.frequency, rel=0.02)


def test_disk_time_left_is_for_the_folder_to_be_and_the_chosen_format(tmp_path):
    """Before the session's first take its folder does not exist yet: the disk that will hold it counts.
    Eight 24-bit channels at 96 kHz fill it 16 times faster than one 16-bit channel at 48 kHz."""
    import shutil

    folder = tmp_path / "takes" / "not-yet"
    mono = RecordingSettings(channels=1, sample_rate=48000, sample_format=SampleFormat.PCM16)
    wide = RecordingSettings(channels=8, sample_rate=96000, sample_format=SampleFormat.PCM24)
    free = shutil.disk_usage(tmp_path).free
    assert disk_seconds_left(folder, mono) == pytest.approx(free / 96_000, rel=0.01)
    assert disk_seconds_left(folder, wide) == pytest.approx(disk_seconds_left(folder, mono) / 24, rel=0.01)
    assert not folder.exists()
