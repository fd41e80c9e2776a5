"""The DAW watch folder: WAVs the DAW finishes in its audio folder become pending takes of the session.

Polling, so it works the same on every platform and network share: a file is picked up once its size
and modification time stayed unchanged for the settle time AND its RIFF/RF64 header sizes account for
its audio (a DAW still writing has a short or zero size in the header; padding some recorders leave
after a whole RIFF form is not audio and is accepted). Files are referenced where they are
or copied into the managed folder, never moved or modified. A referenced file renamed in the folder is
found again by its audio hash; a deleted one is reported missing and its ledger data kept.
"""

from __future__ import annotations

import json
import os
import struct
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from studio_app import appdirs
from studio_app.core.errors import SlateError
from studio_app.core.model import ConsentRuleError, TakeStatus
from studio_app.services.ledger import Cancel, Ledger
from studio_app.services.ledger.intake import import_take, relocate_take
from studio_app.wav.errors import Cancelled, WavError
from studio_app.wav.files import is_wav
from studio_app.wav.reader import FORMS, HEADER_SIZE, SIZE_IN_DS64, audio_sha256, read_wav

DEFAULT_SETTLE_SECONDS = 2.0
REMEMBERED_FILE = "watch-folders.json"


class WatchError(SlateError):
    """A watch folder that cannot be watched: the folder and the reason, one line."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(path, reason)
        self.path = str(path)


class PickupKind(StrEnum):
    ADDED = "added"
    RELOCATED = "relocated"
    MISSING = "missing"
    ALREADY_KNOWN = "already known"
    REJECTED = "rejected"


class LeftAlone(StrEnum):
    """Why a settled file was not taken: the app says it in the engineer's language, the technical
    detail (`WatchEvent.problem`) stays as the engine wrote it."""

    STILL_WRITING = "still being written"
    NOT_A_WAV = "not a WAV it can read"
    WRITTEN_OVER = "written over"
    REFUSED = "refused by the ledger"


@dataclass(frozen=True)
class WatchEvent:
    """Something a scan did or found, for the CLI's lines and the UI's notices."""

    kind: PickupKind
    path: Path
    take_id: str | None = None
    problem: str | None = None
    why: LeftAlone | None = None

    def describe(self) -> str:
        take = f"\ttake {self.take_id}" if self.take_id else ""
        why = f": {self.problem}" if self.problem else ""
        return f"{self.path}\t{self.kind.value}{why}{take}"


def header_mismatch(path: Path, size: int) -> tuple[LeftAlone, str] | None:
    """Why the file is not a complete WAV yet, and the detail (None when it is one).

    The RIFF (or ds64) size is checked first: a DAW still writing leaves it short or zero. A file longer
    than its RIFF form is complete only when the form is whole by the reader's rules (its chunks end
    where the RIFF size says, the audio inside it and not empty): the bytes after it are then padding or
    a tag some recorders leave, which the reader does not take for audio. Zero sizes, or a data chunk
    still empty while audio follows it, are a writer that has not finished its header.
    """
    try:
        with open(path, "rb") as f:
            head = f.read(HEADER_SIZE + 8 + 8 + 8)
    except OSError as exc:
        return LeftAlone.NOT_A_WAV, f"cannot read: {exc.strerror or exc}"
    form = head[:4].decode("latin-1")
    if len(head) < HEADER_SIZE or form not in FORMS or head[8:12] != b"WAVE":
        return LeftAlone.NOT_A_WAV, "not a RIFF/WAVE file"
    riff_size = struct.unpack_from("<I", head, 4)[0]
    if form != "RIFF" and riff_size == SIZE_IN_DS64 and head[12:16] == b"ds64" and len(head) >= 28:
        riff_size = struct.unpack_from("<Q", head, 20)[0]
    form_end = riff_size + 8
    still_writing = f"header says {form_end} bytes but the file has {size} (still being written?)"
    if form_end > size:
        return LeftAlone.STILL_WRITING, still_writing
    try:
        wav = read_wav(path)
    except WavError as exc:
        return LeftAlone.NOT_A_WAV, exc.reason
    if form_end >= size - 1:  # exact, or an odd last chunk's pad byte left out of the RIFF size
        return None
    inside = [c for c in wav.chunks if c.offset < form_end]
    if not inside or form_end not in (inside[-1].end, inside[-1].data_offset + inside[-1].size):
        return LeftAlone.STILL_WRITING, still_writing
    if wav.data not in inside or wav.data.size == 0:
        empty = f"the header's audio is empty or outside its RIFF size; {still_writing}"
        return LeftAlone.STILL_WRITING, empty
    return None


def checked_folders(folders: Iterable[str | os.PathLike]) -> tuple[Path, ...]:
    """The folders as absolute paths; a WatchError names the first one that is not a folder."""
    checked = tuple(Path(f).absolute() for f in folders)
    for folder in checked:
        if not folder.is_dir():
            raise WatchError(folder, "is not a folder")
    return checked


class WatchFolder:
    """One session's watched folders; `scan_once` is one polling pass (tests call it directly)."""

    def __init__(
        self,
        ledger: Ledger,
        session_id: str,
        folders: Iterable[str | os.PathLike],
        *,
        copy: bool = True,
        settle_seconds: float = DEFAULT_SETTLE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        cancel: Cancel | None = None,
    ) -> None:
        """`cancel` turning true stops a pickup mid-hash or mid-copy (Cancelled out of scan_once); the
        file is left unhandled, so the next watch picks it up again."""
        self.ledger = ledger
        self.session_id = ledger.session(session_id).id
        self.folders = checked_folders(folders)
        self.copy = copy
        self.settle_seconds = settle_seconds
        self._clock = clock
        self._cancel = cancel
        self._settling: dict[Path, tuple[tuple[int, int], float]] = {}
        self._handled: dict[Path, tuple[int, int]] = {}
        self._reported_missing: set[str] = set()

    def scan_once(self) -> list[WatchEvent]:
        now = self._clock()
        present = dict(self._wav_files())
        events = []
        for path, signature in present.items():
            if self._handled.get(path) == signature:
                continue
            seen = self._settling.get(path)
            if seen is None or seen[0] != signature:
                self._settling[path] = (signature, now)
                continue
            if now - seen[1] < self.settle_seconds:
                continue
            del self._settling[path]
            event = self._pick_up(path, signature[0], changed=path in self._handled)
            self._handled[path] = signature
            if event.kind is not PickupKind.ALREADY_KNOWN:
                events.append(event)
        for path in set(self._settling) - set(present):
            del self._settling[path]
        events.extend(self._missing_references())
        return events

    def _wav_files(self) -> Iterable[tuple[Path, tuple[int, int]]]:
        for folder in self.folders:
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith(".") or not is_wav(Path(entry.name)):
                    continue
                try:
                    if entry.is_file():
                        stat = entry.stat()
                        yield Path(entry.path), (stat.st_size, stat.st_mtime_ns)
                except OSError:
                    continue

    def _pick_up(self, path: Path, size: int, *, changed: bool) -> WatchEvent:
        """A settled file: a new take, a renamed reference found again, or why not. A known file is
        looked at again only when it `changed` while watched (a bounce written over its own name)."""
        takes = [o.take for o in self.ledger.list_takes(self.session_id)]
        known = [t for t in takes if str(path) in (t.path, t.source_path)]
        if known and not changed:
            return WatchEvent(PickupKind.ALREADY_KNOWN, path)
        mismatch = header_mismatch(path, size)
        if mismatch is not None:
            why, problem = mismatch
            return WatchEvent(PickupKind.REJECTED, path, problem=problem, why=why)
        try:
            audio_hash = audio_sha256(path, stop=self._cancel)
        except Cancelled:
            raise
        except WavError as exc:
            return WatchEvent(PickupKind.REJECTED, path, problem=exc.reason, why=LeftAlone.NOT_A_WAV)
        same_audio = [t for t in takes if t.audio_sha256 == audio_hash]
        for take in same_audio:
            if take.source_path == take.path and not Path(take.path).exists():
                relocate_take(self.ledger, take.id, path)
                self._reported_missing.discard(take.id)
                return WatchEvent(PickupKind.RELOCATED, path, take.id)
        if same_audio:
            return WatchEvent(PickupKind.ALREADY_KNOWN, path, same_audio[0].id)
        referencing = next((t for t in known if t.path == str(path)), None)
        if referencing is not None:
            problem = "written over: no longer the audio of its take (the take's ledger data is kept)"
            return WatchEvent(PickupKind.REJECTED, path, referencing.id, problem, LeftAlone.WRITTEN_OVER)
        actor_ids = [a.id for a in self.ledger.list_actors(self.session_id)]
        try:
            take = import_take(
                self.ledger, self.session_id, path, actor_ids, copy=self.copy,
                referenced_audio_sha256=audio_hash, cancel=self._cancel,
            )
        except Cancelled:
            raise
        except WavError as exc:
            return WatchEvent(PickupKind.REJECTED, path, problem=exc.reason, why=LeftAlone.NOT_A_WAV)
        except ConsentRuleError as exc:
            return WatchEvent(PickupKind.REJECTED, path, problem=exc.reason, why=LeftAlone.REFUSED)
        return WatchEvent(PickupKind.ADDED, path, take.id)

    def _missing_references(self) -> list[WatchEvent]:
        """Referenced takes of this session whose file is gone: reported once, ledger data untouched."""
        events = []
        for overview in self.ledger.list_takes(self.session_id):
            take = overview.take
            referenced = take.source_path == take.path and take.status is not TakeStatus.RECORDING
            if not referenced or take.id in self._reported_missing:
                continue
            if not any(Path(take.path).parent == folder for folder in self.folders):
                continue
            if not Path(take.path).exists():
                self._reported_missing.add(take.id)
                events.append(
                    WatchEvent(PickupKind.MISSING, Path(take.path), take.id, "file is gone; ledger data kept")
                )
        return events


class WatchRunner:
    """Runs `scan_once` every `interval` seconds on its own thread with its own ledger connection
    (SQLite connections stay in the thread that opened them). `on_events` and `on_error` are called from
    that thread; after `on_error` (the ledger unreadable, a session gone) the runner has stopped, so a
    watcher never dies unnoticed. Folders are checked here, on the caller's thread."""

    def __init__(
        self,
        db_path: str | os.PathLike,
        session_id: str,
        folders: Iterable[str | os.PathLike],
        on_events: Callable[[list[WatchEvent]], None],
        on_error: Callable[[Exception], None],
        *,
        copy: bool = True,
        settle_seconds: float = DEFAULT_SETTLE_SECONDS,
        interval: float = 1.0,
    ) -> None:
        self._args = (db_path, session_id, checked_folders(folders), copy, settle_seconds)
        self._on_events = on_events
        self._on_error = on_error
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="watch-folder", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Returns within a block of reading: a pickup in progress (hashing or copying a long take) is
        cancelled, nothing of it recorded, and picked up again by the next watch."""
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        db_path, session_id, folders, copy, settle = self._args
        try:
            with Ledger.open(db_path) as ledger:
                watcher = WatchFolder(
                    ledger, session_id, folders, copy=copy, settle_seconds=settle, cancel=self._stop.is_set
                )
                while not self._stop.wait(self._interval):
                    events = watcher.scan_once()
                    if events:
                        self._on_events(events)
        except Cancelled:
            return  # stopped mid-pickup
        except Exception as exc:  # reported, never a silent dead thread
            self._on_error(exc)


def remembered_folders(session_id: str) -> list[Path]:
    """The folders the session watched last time (kept in the data folder beside the ledger)."""
    return [Path(p) for p in _remembered_watch(session_id)["folders"]]


def remembered_copy(session_id: str) -> bool:
    """How the session's watch kept picked-up files last time: copied in (True, the default) or
    referenced where they are."""
    return bool(_remembered_watch(session_id)["copy"])


def remember_folders(
    session_id: str, folders: Iterable[str | os.PathLike], copy: bool | None = None
) -> None:
    """Remember the session's folders, and how files are kept (`copy`; None keeps what was chosen)."""
    remembered = _load_remembered()
    previous = _remembered_watch(session_id, remembered)
    remembered[session_id] = {
        "folders": [str(Path(f).absolute()) for f in folders],
        "copy": previous["copy"] if copy is None else copy,
    }
    path = appdirs.data_dir() / REMEMBERED_FILE
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    tmp.write_text(json.dumps(remembered, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def _remembered_watch(session_id: str, remembered: dict | None = None) -> dict:
    """{"folders": [...], "copy": bool} for the session; a plain list (the first format) is its folders."""
    entry = (_load_remembered() if remembered is None else remembered).get(session_id, [])
    if isinstance(entry, list):
        entry = {"folders": entry}
    return {"folders": list(entry.get("folders", [])), "copy": entry.get("copy", True)}


def _load_remembered() -> dict[str, object]:
    path = appdirs.data_dir() / REMEMBERED_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
