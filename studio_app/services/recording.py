"""Recording a take: PortAudio input, a writer thread, crash repair, and the take's life in the ledger.

The audio callback only copies each block into a queue (and counts what it could not queue); a writer
thread writes the blocks with libsndfile, feeds the meters, and every FLUSH_INTERVAL rewrites the header
sizes and fsyncs, so a killed process loses at most that much audio. Files are written as libsndfile's
RF64 with auto-downgrade: a plain RIFF/WAVE (with a JUNK chunk reserving room for `ds64`) that libsndfile
turns into RF64 only when the take passes 4 GiB, without moving the audio. A take a crash left behind
is repaired by wav/repair.py once no recorder holds its lock (`repair_interrupted_take`).
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import numpy as np
import soundfile

from studio_app import appdirs
from studio_app.core.errors import SlateError
from studio_app.core.filenames import free_name, safe_file_name
from studio_app.core.model import Take
from studio_app.services.ledger import Ledger
from studio_app.services.ledger.intake import add_take_for_recording, finish_recording
from studio_app.services.meters import MeterModel
from studio_app.wav.repair import RepairReport, repair_take_file

if os.name == "nt":
    import msvcrt
else:
    import fcntl

SAMPLE_RATES = (44100, 48000, 88200, 96000)
MAX_CHANNELS = 8
FLUSH_INTERVAL = 0.5
"""Seconds between header rewrites + fsync: the most audio a power cut or SIGKILL can take."""
QUEUE_SECONDS = 4.0
"""How much audio may wait for a stalled disk before blocks are dropped (and counted)."""
_SFC_UPDATE_HEADER_NOW = 0x1060
_SFC_RF64_AUTO_DOWNGRADE = 0x1210


class RecordingError(SlateError):
    """A take that cannot be recorded or repaired: the file (or device) and the reason, one line."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(path, reason)
        self.path = self.subject


class NoAudioOutput(RecordingError):
    """Nothing to play on: PortAudio finds no output device (or not the one asked for)."""


class SampleFormat(Enum):
    """The take's sample format: the CLI word, libsndfile's subtype and the dtype captured from PortAudio
    (24-bit is captured as int32 and written from its top 24 bits, so no sample is rounded)."""

    PCM16 = ("pcm16", "PCM_16", "int16")
    PCM24 = ("pcm24", "PCM_24", "int32")
    FLOAT32 = ("float32", "FLOAT", "float32")

    def __init__(self, word: str, subtype: str, dtype: str) -> None:
        self.word = word
        self.subtype = subtype
        self.dtype = dtype

    @property
    def bytes_per_sample(self) -> int:
        return {"PCM_16": 2, "PCM_24": 3, "FLOAT": 4}[self.subtype]

    @classmethod
    def from_word(cls, word: str) -> SampleFormat:
        for member in cls:
            if member.word == word:
                return member
        raise RecordingError("format", f"{word!r} is not one of {', '.join(m.word for m in cls)}")


@dataclass(frozen=True)
class RecordingSettings:
    """Input device (name, part of a name, index; None = the system default) and the take's format."""

    device: str | int | None = None
    channels: int = 1
    sample_rate: int = 48000
    sample_format: SampleFormat = SampleFormat.PCM24
    blocksize: int = 1024

    def check(self) -> None:
        if not 1 <= self.channels <= MAX_CHANNELS:
            raise RecordingError("channels", f"{self.channels} is not between 1 and {MAX_CHANNELS}")
        if self.sample_rate not in SAMPLE_RATES:
            rates = ", ".join(str(r) for r in SAMPLE_RATES)
            raise RecordingError("rate", f"{self.sample_rate} Hz is not one of {rates}")

    @property
    def bytes_per_second(self) -> int:
        return self.sample_rate * self.channels * self.sample_format.bytes_per_sample


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    host_api: str
    max_input_channels: int
    default_sample_rate: float

    @property
    def query(self) -> str:
        """The name sounddevice matches exactly: on Windows one device is listed under MME, DirectSound
        and WASAPI by the same name, which alone would be ambiguous."""
        return f"{self.name}, {self.host_api}"


def input_devices() -> list[InputDevice]:
    """Every PortAudio device that can record, as the device menu and `consent-slate devices` list them."""
    import sounddevice

    apis = sounddevice.query_hostapis()
    return [
        InputDevice(
            d["index"], d["name"], apis[d["hostapi"]]["name"], d["max_input_channels"],
            d["default_samplerate"],
        )
        for d in sounddevice.query_devices()
        if d["max_input_channels"] > 0
    ]


@dataclass(frozen=True)
class RecorderStats:
    """What the record panel shows; overruns are never hidden."""

    frames_written: int
    sample_rate: int
    input_overflows: int
    dropped_blocks: int
    disk_seconds_left: float
    write_error: str = ""
    """Why the writer stopped writing (a full disk…): shown at once, the take keeps what was written."""

    @property
    def elapsed_seconds(self) -> float:
        return self.frames_written / self.sample_rate

    @property
    def overruns(self) -> int:
        return self.input_overflows + self.dropped_blocks


class Recorder:
    """One file being recorded from one input stream; `start`, then `stop` (or `wait` for `max_frames`)."""

    def __init__(
        self,
        path: str | os.PathLike,
        settings: RecordingSettings,
        *,
        meters: MeterModel | None = None,
        max_frames: int | None = None,
    ) -> None:
        settings.check()
        self.path = Path(path)
        self.settings = settings
        self.meters = meters
        self.max_frames = max_frames
        self._queue: queue.Queue[np.ndarray | None] = queue.Queue(
            max(4, int(QUEUE_SECONDS * settings.sample_rate / settings.blocksize))
        )
        self._captured = 0
        self._written = 0
        self._overflows = 0
        self._dropped = 0
        self._reached_max = threading.Event()
        self._writer_error: str | None = None
        self._stream = None
        self._file: soundfile.SoundFile | None = None
        self._lock: TakeLock | None = None
        self._thread: threading.Thread | None = None

    # -- life --------------------------------------------------------------------------------------

    def open(self) -> None:
        """Open the input device and create the file (locked while recorded); nothing is captured yet."""
        import sounddevice

        s = self.settings
        try:
            self._stream = sounddevice.InputStream(
                samplerate=s.sample_rate,
                channels=s.channels,
                dtype=s.sample_format.dtype,
                device=s.device,
                blocksize=s.blocksize,
                callback=self._callback,
            )
        except (sounddevice.PortAudioError, ValueError) as exc:
            raise RecordingError(f"device {'default' if s.device is None else s.device}", str(exc)) from None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._file = open_take_file(self.path, s)
            self._lock = TakeLock(self.path)
        except (OSError, RuntimeError, soundfile.LibsndfileError, RecordingError) as exc:
            self._stream.close()
            if self._file is not None:  # created just now, empty and in no ledger: not left behind
                self._file.close()
                self._file = None
                self.path.unlink(missing_ok=True)
            raise RecordingError(self.path, f"cannot create the take file: {exc}") from None

    def start(self) -> None:
        if self._stream is None:
            self.open()
        self._thread = threading.Thread(target=self._write_blocks, name="take-writer", daemon=True)
        self._thread.start()
        self._stream.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until `max_frames` were captured (True) or `timeout` passed (False)."""
        return self._reached_max.wait(timeout)

    def stop(self) -> RecorderStats:
        """Stop capturing and finish the file, for callers that may wait on the disk."""
        self.stop_capture()
        try:
            return self.finish_file()
        finally:
            self.release()

    def stop_capture(self) -> None:
        """End the take now: the device is closed and nothing more is queued. Quick, so the GUI thread
        calls it and leaves the rest (`finish_file`, `release`) to a worker."""
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None

    def finish_file(self) -> RecorderStats:
        """Write what is queued and close the file with its final header: as slow as the disk, so never on
        the GUI thread. The lock stays until `release`, so the take is not taken for a crashed one while
        its ledger entry is finished."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        if self._file is not None and not self._file.closed:
            self._file.close()
        if self._writer_error is not None:
            raise RecordingError(self.path, self._writer_error)
        return self.stats()

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def stats(self) -> RecorderStats:
        return RecorderStats(
            self._written,
            self.settings.sample_rate,
            self._overflows,
            self._dropped,
            disk_seconds_left(self.path.parent, self.settings),
            self._writer_error or "",
        )

    # -- threads -----------------------------------------------------------------------------------

    def _callback(self, indata: np.ndarray, frames: int, time_info, status) -> None:
        """PortAudio's thread: copy, queue, count. No I/O, no lock, no allocation beyond the copy."""
        if status.input_overflow:
            self._overflows += 1
        if self._reached_max.is_set():
            return
        block = indata.copy()
        if self.max_frames is not None and self._captured + frames >= self.max_frames:
            block = block[: self.max_frames - self._captured]
            self._reached_max.set()
        self._captured += len(block)
        try:
            self._queue.put_nowait(block)
        except queue.Full:
            self._dropped += 1

    def _write_blocks(self) -> None:
        """The writer thread: disk writes, meter feed, and the periodic header update + fsync."""
        last_flush = time.monotonic()
        while True:
            try:
                block = self._queue.get(timeout=FLUSH_INTERVAL / 2)
            except queue.Empty:
                block = np.empty((0, self.settings.channels))
            if block is None:
                return
            try:
                if len(block):
                    if self.meters is not None:
                        self.meters.feed(block)
                    if self._writer_error is None:
                        self._file.write(block)
                        self._written += len(block)
                if time.monotonic() - last_flush >= FLUSH_INTERVAL and self._writer_error is None:
                    _sf_command(self._file, _SFC_UPDATE_HEADER_NOW, False)
                    self._file.flush()
                    last_flush = time.monotonic()
            except Exception as exc:  # a full disk: keep draining so the callback never blocks
                why = str(exc) or repr(exc)
                self._writer_error = f"the audio could not be written after {self._written} frames: {why}"


def open_take_file(path: Path, settings: RecordingSettings) -> soundfile.SoundFile:
    """A new take file (never an existing one) as libsndfile RF64 with auto-downgrade: RIFF/WAVE with a
    JUNK chunk reserving the ds64 room, which libsndfile turns into RF64 in place past 4 GiB."""
    sound_file = soundfile.SoundFile(
        path, "x", settings.sample_rate, settings.channels, settings.sample_format.subtype, format="RF64"
    )
    _sf_command(sound_file, _SFC_RF64_AUTO_DOWNGRADE, True)
    return sound_file


def _sf_command(sound_file: soundfile.SoundFile, command: int, value: bool) -> None:
    """libsndfile's sf_command for the two switches soundfile does not wrap (RF64 auto-downgrade, header
    update now); the constants are libsndfile's public API (sndfile.h)."""
    flag = soundfile._snd.SF_TRUE if value else soundfile._snd.SF_FALSE
    soundfile._snd.sf_command(sound_file._file, command, soundfile._ffi.NULL, flag)


WINDOWS_LOCK_OFFSET = 1 << 62
"""Where the Windows lock sits: byte-range locks there are mandatory, so it is far past any take's
bytes, and libsndfile, repair and hashing never touch the locked byte."""


class TakeLock:
    """The OS lock a take file holds while it is recorded: repair leaves a locked file alone. POSIX
    `flock` on the file, Windows `msvcrt.locking` of one byte past any audio; the kernel drops either
    when the process dies, however it dies. `TakeLock(path)` raises RecordingError if it is held."""

    def __init__(self, path: Path) -> None:
        self.fd: int | None = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            locked = _try_lock(self.fd)
        except OSError:  # no locks on this filesystem, say: the caller reports it, the file is closed
            os.close(self.fd)
            raise
        if not locked:
            os.close(self.fd)
            raise RecordingError(path, "is being recorded right now; repair it after the recording stops")

    def release(self) -> None:
        if self.fd is not None:
            _unlock(self.fd)
            os.close(self.fd)
            self.fd = None


def _try_lock(fd: int) -> bool:
    if os.name == "nt":
        os.lseek(fd, WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    """Windows asks for regions to be unlocked before the file is closed; flock's close would do."""
    if os.name == "nt":
        os.lseek(fd, WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)


class Playback:
    """Plays a take on an output device from its own thread with blocking writes: no callback, no Qt;
    the position bar only reads `position_seconds`. Plays the file as it is and never opens it for writing."""

    def __init__(
        self,
        path: str | os.PathLike,
        device: str | int | None = None,
        *,
        block_frames: int = 4096,
        on_finished: Callable[[Playback], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.device = device
        self.block_frames = block_frames
        self.on_finished = on_finished
        self.error: RecordingError | None = None
        try:
            info = soundfile.info(self.path)
        except (OSError, RuntimeError, soundfile.LibsndfileError) as exc:
            raise RecordingError(self.path, f"cannot play: {exc}") from None
        _check_output(self.path, device)
        self.sample_rate = info.samplerate
        self.frames = info.frames
        self._played = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._play, name="take-playback", daemon=True)

    @property
    def duration_seconds(self) -> float:
        return self.frames / self.sample_rate

    @property
    def position_seconds(self) -> float:
        return self._played / self.sample_rate

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def wait(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _play(self) -> None:
        import sounddevice

        try:
            with soundfile.SoundFile(self.path) as f, sounddevice.OutputStream(
                samplerate=f.samplerate, channels=f.channels, dtype="float32", device=self.device
            ) as stream:
                for block in f.blocks(self.block_frames, dtype="float32", always_2d=True):
                    if self._stop.is_set():
                        break
                    stream.write(block)
                    self._played += len(block)
        except Exception as exc:  # device gone, file unreadable: reported, never raised in a thread
            self.error = RecordingError(self.path, f"playback failed: {exc}")
        finally:
            if self.on_finished is not None:
                self.on_finished(self)


def _check_output(path: Path, device: str | int | None) -> None:
    """At once, before the playing thread: a machine with no sound output is told so in words (PortAudio
    itself only says "Error querying device -1", after its stream fails)."""
    import sounddevice

    try:
        sounddevice.query_devices(device, kind="output")
    except (sounddevice.PortAudioError, ValueError) as exc:
        reason = (
            "no audio output device: check the system's sound settings (an output device for ALSA, "
            f"PulseAudio or PipeWire, speakers or headphones connected) ({exc})"
        )
        raise NoAudioOutput(path, reason) from None


# -- takes in the ledger ---------------------------------------------------------------------------


def disk_seconds_left(folder: Path, settings: RecordingSettings) -> float:
    """Recording time left on the disk that holds `folder` (or would: its nearest existing parent) at
    these settings; shown before a take too, so the engineer knows the room there is before pressing
    Record."""
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = 0
    return free / settings.bytes_per_second


def take_file_name(session_title: str, scene: str, line: str, number: int) -> str:
    """`<session>_<scene>_<line>_T003.wav`, leaving out what is empty, safe on every file system."""
    parts = [p.strip() for p in (session_title, scene, line) if p.strip()]
    return safe_file_name("_".join([*parts, f"T{number:03d}"]) + ".wav")


def next_take_number(ledger: Ledger, session_id: str, scene: str, line: str) -> int:
    """One more than the highest take number of the session's same scene and line."""
    return ledger.store.highest_take_number(session_id, scene, line) + 1


class TakeRecording:
    """A take being recorded: pending in the ledger from its first sample, complete when stopped."""

    def __init__(self, ledger: Ledger, take: Take, recorder: Recorder) -> None:
        self.ledger = ledger
        self.take = take
        self.recorder = recorder

    @classmethod
    def start(
        cls,
        ledger: Ledger,
        session_id: str,
        actor_ids: Sequence[str],
        settings: RecordingSettings,
        *,
        scene: str = "",
        line: str = "",
        character: str = "",
        meters: MeterModel | None = None,
        max_seconds: float | None = None,
    ) -> TakeRecording:
        """Open the device, create the file in takes_dir()/<session>/, add the pending take, start."""
        session = ledger.session(session_id)
        number = next_take_number(ledger, session.id, scene, line)
        folder = appdirs.session_takes_dir(session.id)
        folder.mkdir(parents=True, exist_ok=True)
        name = free_name(take_file_name(session.title, scene, line, number), lambda n: (folder / n).exists())
        max_frames = None if max_seconds is None else round(max_seconds * settings.sample_rate)
        recorder = Recorder(folder / name, settings, meters=meters, max_frames=max_frames)
        recorder.open()
        try:
            take = add_take_for_recording(
                ledger, session.id, recorder.path, actor_ids, take_number=number, scene=scene, line=line,
                character=character,
            )
        except BaseException:
            recorder.stop()
            recorder.path.unlink(missing_ok=True)
            raise
        try:
            recorder.start()
        except BaseException:
            recorder.stop()
            finish_recording(ledger, take.id)
            raise
        return cls(ledger, take, recorder)

    def stop(self) -> tuple[Take, RecorderStats]:
        """Stop capturing and finish the take here (the CLI; the app finishes on a worker)."""
        self.recorder.stop_capture()
        return self.finish(self.ledger)

    def finish(self, ledger: Ledger) -> tuple[Take, RecorderStats]:
        """After `recorder.stop_capture()`: write the rest, close the file, make it read-only (originals
        are never edited) and complete the take (hash, duration) in `ledger`, a connection of the calling
        thread. Gigabytes are hashed here, so the app runs it on a worker with its own connection."""
        try:
            stats = self.recorder.finish_file()
            os.chmod(self.recorder.path, 0o444)
            return finish_recording(ledger, self.take.id), stats
        finally:
            self.recorder.release()


# -- crash repair ----------------------------------------------------------------------------------


def repair_interrupted_take(path: str | os.PathLike) -> RepairReport:
    """`repair_take_file` for a take no recorder holds: refused (RecordingError) while one is recording
    it, in this process or another; the file is left as it is then."""
    path = Path(path)
    try:
        TakeLock(path).release()
    except FileNotFoundError:
        raise RecordingError(path, "file not found") from None
    except OSError as exc:
        raise RecordingError(path, f"cannot read: {exc.strerror or exc}") from None
    return repair_take_file(path)


@dataclass(frozen=True)
class Recovery:
    """One interrupted take after `recover`: repaired (with its report) or why not."""

    path: Path
    take_id: str | None
    report: RepairReport | None = None
    problem: str | None = None


def recover_file(ledger: Ledger, path: str | os.PathLike) -> Recovery:
    """Repair one file by hand; when the ledger knows it as an unfinished take, complete that take too."""
    path = Path(path).absolute()
    take = next((t for t in ledger.unfinished_recordings() if Path(t.path) == path), None)
    return _recover(ledger, path, take)


def recover_unfinished(ledger: Ledger) -> list[Recovery]:
    """Repair every take the ledger still has as `recording` and no process is recording: the app calls
    this at start-up, `consent-slate recover` without a path too."""
    return [_recover(ledger, Path(t.path), t) for t in ledger.unfinished_recordings()]


def _recover(ledger: Ledger, path: Path, take: Take | None) -> Recovery:
    take_id = take.id if take else None
    try:
        report = repair_interrupted_take(path)
    except SlateError as exc:
        return Recovery(path, take_id, problem=exc.reason)
    if take is not None:
        finish_recording(ledger, take.id, recovered=True)
        note = (
            f"Recovered after an interrupted recording on {ledger.now()[:10]}: "
            f"{report.seconds:.1f} s of audio kept"
        )
        ledger.update_take(take.id, notes=f"{take.notes}\n{note}".strip())
    return Recovery(path, take_id, report)
