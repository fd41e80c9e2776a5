"""A delivery's hidden staging folder inside its destination, and what the next run does with leftovers.

Every file of a delivery is written into `DEST/.consent-slate-staging-<delivery id>/`: to a temp name,
flushed, fsync'd, read back and checked, then renamed. Only once the delivery is recorded in the ledger
(state `publishing`, the commit point) are the files linked into the destination under their final
names. A process killed at any moment therefore leaves either the hidden folder alone (the delivery
was not recorded: the folder is removed, the attempt marked `interrupted`) or a delivery the ledger
records (its files still staged are published). The next export to that folder, or the app's next
start, does either (`recover_folder`, `recover_unfinished_deliveries`).

A running export holds an advisory lock (flock) on its staging folder, so another process cleaning up
never removes the folder of an export that is alive; the kernel drops the lock when the process dies.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from studio_app.core.errors import SlateError
from studio_app.core.filenames import free_name
from studio_app.core.model import DeliveryAttempt, DeliveryState
from studio_app.services.ledger import Ledger
from studio_app.wav.errors import WavError
from studio_app.wav.files import fsync_folder
from studio_app.wav.tagging import publish_file

try:
    import fcntl
except ImportError:  # Windows: an open file already keeps its folder from being removed
    fcntl = None

STAGING_PREFIX = ".consent-slate-staging-"
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF_SECTION = re.compile(rb"(\d+) (\d+)\s*\r?\n")


class StagedFileError(SlateError):
    """A delivery file that did not read back as written, or is not what its kind must be."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path


FileCheck = Callable[[bytes], str | None]
"""The problem with a file's bytes as read back from the disk, or None (e.g. `pdf_problem`)."""


class StagingFolder:
    """The hidden folder one delivery is written into; `publish()` moves it into the destination."""

    def __init__(self, folder: Path, delivery_id: str) -> None:
        self.folder = folder
        self.path = folder / f"{STAGING_PREFIX}{delivery_id}"
        self._names: set[str] = set()
        self._lock: int | None = None

    def create(self) -> None:
        """Make the folder and hold its lock until `remove()` or `publish()`; OSError when the destination
        cannot be written (read-only, full, no permission)."""
        self.path.mkdir()
        self._lock = _lock(self.path)
        fsync_folder(self.folder)

    def name_for(self, wanted: str) -> str:
        """A name free in the destination and not yet given to another file of this delivery."""
        name = free_name(wanted, lambda n: n.casefold() in self._names or (self.folder / n).exists())
        self._names.add(name.casefold())
        return name

    def write(self, wanted: str, data: bytes, check: FileCheck | None = None) -> Path:
        """Stage a small file (manifest, certificate, root certificate): temp name, fsync, read back and
        checked, renamed. Returns the path it will have once published."""
        name = self.name_for(wanted)
        write_checked(self.path / name, data, check)
        return self.folder / name

    def publish(self) -> None:
        """Link every staged file into the destination, then remove the staging folder."""
        publish_staged(self.path, self.folder)
        self._unlock()

    def remove(self) -> None:
        """Remove the staging folder and everything in it (nothing of it was published)."""
        shutil.rmtree(self.path, ignore_errors=True)
        self._unlock()
        with contextlib.suppress(OSError):
            fsync_folder(self.folder)

    def _unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def write_checked(path: Path, data: bytes, check: FileCheck | None = None) -> None:
    """Write `data` to a temp name beside `path`, flush, fsync, read it back from the disk (same size,
    same bytes, and `check` finds no problem), then link it in under `path`; nothing is left on failure."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        with open(temp, "xb+") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
            size = os.fstat(out.fileno()).st_size
            written = os.pread(out.fileno(), size + 1, 0)
        if size != len(data) or written != data:
            raise StagedFileError(path, f"reads back as {size} bytes, not the {len(data)} written")
        problem = check(written) if check is not None else None
        if problem:
            raise StagedFileError(path, problem)
        publish_file(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def pdf_problem(data: bytes) -> str | None:
    """A real structural check of a PDF: header, `startxref` … `%%EOF` at the end, the cross-reference
    table it points to, and every object that table lists in use starting where it says."""
    if not data.startswith(b"%PDF-"):
        return "not a PDF (no %PDF- header)"
    end = _STARTXREF.search(data[-64:])
    if end is None:
        return "PDF is cut short (no startxref and %%EOF at its end)"
    offset = int(end.group(1))
    if data[offset : offset + 4] != b"xref":
        return f"PDF cross-reference table not found at byte {offset}"
    position = offset + 4
    while (section := _XREF_SECTION.match(data, position + _spaces(data, position))) is not None:
        first, count = int(section.group(1)), int(section.group(2))
        position = section.end()
        for number in range(first, first + count):
            entry = data[position : position + 20]
            if len(entry) != 20 or entry[17:18] not in (b"n", b"f"):
                return f"PDF cross-reference entry of object {number} is unreadable"
            at = int(entry[:10])
            if entry[17:18] == b"n" and not data.startswith(f"{number} {int(entry[11:16])} obj".encode(), at):
                return f"PDF object {number} is not at byte {at}, where the cross-reference table says"
            position += 20
    if not data.startswith(b"trailer", position + _spaces(data, position)):
        return "PDF cross-reference table has no trailer"
    return None


def _spaces(data: bytes, position: int) -> int:
    return len(data[position : position + 8]) - len(data[position : position + 8].lstrip())


def publish_staged(staging: Path, folder: Path) -> None:
    """Link each staged file into `folder` under its name (one already there from an earlier, killed run
    of this very step is the same file), then remove the staging folder. WavError when a name was taken
    meanwhile by another file: the staging folder stays, nothing is overwritten."""
    for staged in sorted(staging.iterdir()):
        if staged.name.startswith("."):
            continue  # a temp file of a write that never finished: not part of the delivery
        final = folder / staged.name
        if final.exists() and os.path.samefile(final, staged):
            staged.unlink()
        else:
            publish_file(staged, final)
    shutil.rmtree(staging)
    fsync_folder(folder)


@dataclass(frozen=True)
class RecoveredDelivery:
    """What the clean-up did with one delivery a killed export left unfinished."""

    attempt: DeliveryAttempt | None
    """None: a staging folder the ledger never heard of (killed before the delivery started)."""
    folder: Path
    state: DeliveryState
    problem: str = ""


def recover_folder(ledger: Ledger, folder: Path) -> list[RecoveredDelivery]:
    """Finish or remove every staging folder a killed export left in `folder` (the export calls this
    before it writes anything there). Folders of exports still running are left alone."""
    try:
        leftovers = sorted(p for p in folder.iterdir() if p.name.startswith(STAGING_PREFIX) and p.is_dir())
    except OSError:
        return []
    recovered = []
    for staging in leftovers:
        with _held(staging) as held:
            if held:
                attempt = ledger.delivery_attempt(staging.name.removeprefix(STAGING_PREFIX))
                recovered.append(_recover(ledger, staging, attempt))
    return recovered


def recover_unfinished_deliveries(ledger: Ledger) -> list[RecoveredDelivery]:
    """At the app's start: every delivery the ledger still has `staging` or `publishing` is finished
    (published, when it was recorded as delivered) or cleaned up and marked `interrupted`. A delivery
    whose folder is not reachable now (a drive not mounted) is left for later."""
    recovered = []
    for attempt in ledger.delivery_attempts([DeliveryState.STAGING, DeliveryState.PUBLISHING]):
        folder = Path(attempt.destination)
        staging = folder / f"{STAGING_PREFIX}{attempt.id}"
        if not folder.is_dir():
            continue
        with _held(staging) as held:
            if held:
                recovered.append(_recover(ledger, staging, attempt))
    return recovered


def _recover(ledger: Ledger, staging: Path, attempt: DeliveryAttempt | None) -> RecoveredDelivery:
    """Roll a killed delivery forward (recorded as delivered: publish what is staged) or back (remove)."""
    folder = staging.parent
    if attempt is not None and attempt.state is DeliveryState.PUBLISHING:
        try:
            if staging.exists():
                publish_staged(staging, folder)
        except (OSError, WavError) as exc:
            problem = f"recorded as delivered, but its files could not be moved into place: {_reason(exc)}"
            return RecoveredDelivery(attempt, folder, DeliveryState.PUBLISHING, problem)
        ledger.end_delivery_attempt(attempt.id, DeliveryState.COMPLETE, "published after an interruption")
        return RecoveredDelivery(attempt, folder, DeliveryState.COMPLETE)
    shutil.rmtree(staging, ignore_errors=True)
    if attempt is not None and attempt.state is DeliveryState.STAGING:
        note = "interrupted while its files were written; they were removed and nothing was delivered"
        ledger.end_delivery_attempt(attempt.id, DeliveryState.INTERRUPTED, note)
    return RecoveredDelivery(attempt, folder, DeliveryState.INTERRUPTED)


@contextlib.contextmanager
def _held(staging: Path) -> Iterator[bool]:
    """True while we hold the staging folder's lock (or it is gone: nothing holds it); False when a
    running export holds it."""
    try:
        fd = os.open(staging, os.O_RDONLY)
    except FileNotFoundError:
        yield True
        return
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
        yield True
    finally:
        os.close(fd)


def _lock(staging: Path) -> int | None:
    fd = os.open(staging, os.O_RDONLY)
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd




def _reason(exc: Exception) -> str:
    return getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc)
