"""Take intake: importing a WAV (hashed, copied read-only into the managed folder), a take that exists
from the first recorded sample, finishing and relocating it.

Functions take the ledger first, as `export_takes(ledger, …)` does. A new take inherits, in the same
transaction, the standing decisions of its actors in its session (see `decisions`).
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from studio_app import appdirs
from studio_app.core.filenames import free_name, safe_file_name
from studio_app.core.model import ConsentRuleError, Session, Take, TakeStatus
from studio_app.core.slate import Slate, slate_from_file_name
from studio_app.services.ledger import Cancel, Ledger, Progress, _new_id
from studio_app.services.ledger.decisions import append_decision
from studio_app.store import repository as rows
from studio_app.wav.errors import Cancelled, WavError
from studio_app.wav.ixml import read_recorder_slate
from studio_app.wav.reader import WavFile, audio_sha256, hash_range, read_wav

COPY_BLOCK = 4 << 20


def import_take(
    ledger: Ledger,
    session_id: str,
    path: str | os.PathLike,
    actor_ids: Sequence[str],
    *,
    copy: bool = True,
    take_number: int | None = None,
    scene: str = "",
    line: str = "",
    character: str = "",
    notes: str = "",
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    referenced_audio_sha256: str | None = None,
) -> Take:
    """Add a WAV as a take: read its format, hash its audio and (with `copy`) copy it read-only into
    the session's managed folder. The source is never moved or edited; a bad file raises WavError.

    Scene, take number and notes not given come from the recorder's iXML slate, then from the file's
    name (`S12_L04_T08`); a take still without a number gets the next one of its scene and line.

    Without `copy`, `referenced_audio_sha256` is the hash the caller has just taken of the file (the
    watch folder), so it is not read a second time; a copy is always hashed as it is copied."""
    source = Path(path).absolute()
    session = ledger.session(session_id)
    _check_actors(ledger, session, actor_ids)
    wav = read_wav(source)
    given = Slate(scene, line, take_number, notes)
    slate = given.or_else(read_recorder_slate(wav)).or_else(slate_from_file_name(source.name))
    if copy:
        managed, audio_hash = _copy_into_managed(source, session.id, wav, progress, cancel)
    else:
        managed = source
        audio_hash = referenced_audio_sha256 or _hash_audio_in_place(source, wav, cancel)
    take = Take(
        id=_new_id(),
        session_id=session.id,
        path=str(managed),
        actor_ids=tuple(actor_ids),
        audio_sha256=audio_hash,
        format=wav.fmt.describe(),
        duration=wav.duration_seconds,
        take_number=slate.take,
        scene=slate.scene,
        line=slate.line,
        character=character,
        notes=slate.note,
        status=TakeStatus.COMPLETE,
        source_path=str(source),
    )
    try:
        return _insert_take(ledger, take)
    except BaseException:
        if copy:
            _remove_managed(managed)
        raise


def add_take_for_recording(
    ledger: Ledger,
    session_id: str,
    path: str | os.PathLike,
    actor_ids: Sequence[str],
    *,
    take_number: int | None = None,
    scene: str = "",
    line: str = "",
    character: str = "",
    notes: str = "",
) -> Take:
    """A take that exists (pending, status `recording`) the moment recording starts, at `path` in the
    managed folder; `finish_recording` fills in its hash, format and duration."""
    session = ledger.session(session_id)
    _check_actors(ledger, session, actor_ids)
    take = Take(
        id=_new_id(),
        session_id=session.id,
        path=str(Path(path).absolute()),
        actor_ids=tuple(actor_ids),
        take_number=take_number,
        scene=scene,
        line=line,
        character=character,
        notes=notes,
        status=TakeStatus.RECORDING,
    )
    return _insert_take(ledger, take)


def finish_recording(ledger: Ledger, take_id: str, *, recovered: bool = False) -> Take:
    """Mark a recorded take complete (or `recovered` after a crash), with its audio hash and format."""
    take = ledger.store.take(take_id)
    wav = read_wav(take.path)
    changes = {
        "audio_sha256": audio_sha256(take.path, wav),
        "format": wav.fmt.describe(),
        "duration": wav.duration_seconds,
        "status": (TakeStatus.RECOVERED if recovered else TakeStatus.COMPLETE).value,
    }
    with ledger.store.writing():
        ledger.store.update("take", take_id, changes, ledger.now())
    return ledger.store.take(take_id)


def relocate_take(ledger: Ledger, take_id: str, path: str | os.PathLike) -> Take:
    """Point a referenced take at its file's new name (a rename in a DAW folder); refused unless the
    file there holds the take's very audio."""
    take = ledger.store.take(take_id)
    path = Path(path).absolute()
    if audio_sha256(path) != take.audio_sha256:
        raise ConsentRuleError(f"take {take_id[:8]}", f"{path} does not hold this take's audio")
    with ledger.store.writing():
        ledger.store.update("take", take_id, {"path": str(path), "source_path": str(path)}, ledger.now())
    return ledger.store.take(take_id)


def _check_actors(ledger: Ledger, session: Session, actor_ids: Sequence[str]) -> None:
    if len(set(actor_ids)) != len(actor_ids):
        raise ConsentRuleError(session.title, "an actor is listed twice on the take")
    found = ledger.store.actors_by_id(actor_ids)
    for actor_id in actor_ids:
        actor = found.get(actor_id)
        if actor is None or actor.session_id != session.id:
            raise ConsentRuleError(session.title, f"actor {actor_id[:8]} is not in this session")


def _insert_take(ledger: Ledger, take: Take) -> Take:
    """Insert the take (numbered next in its scene and line when it has no number) and copy onto it the
    standing decisions of its actors in its session."""
    at = ledger.now()
    take = replace(take, created_at=at)
    with ledger.store.writing():
        if take.take_number is None:
            number = ledger.store.highest_take_number(take.session_id, take.scene, take.line) + 1
            take = replace(take, take_number=number)
        ledger.store.insert("take", rows.take_values(take), at)
        for standing in ledger.store.standing_decisions(take.session_id, take.actor_ids):
            decision = replace(standing.scope_decision, decision_id=_new_id(), recorded_at=at)
            append_decision(ledger, take.id, standing.actor_id, decision, at, {})
    return take


def _hash_audio_in_place(path: Path, wav: WavFile, cancel: Cancel | None) -> str:
    """The audio hash of a file the ledger references where it is (already in the managed folder)."""
    with open(path, "rb") as f:
        digest = hash_range(f.fileno(), wav.data.data_offset, wav.data.size, stop=cancel)
    if cancel is not None and cancel():
        raise Cancelled(path, "cancelled; nothing was recorded")
    return digest


def _copy_into_managed(
    source: Path, session_id: str, wav: WavFile, progress: Progress | None, cancel: Cancel | None
) -> tuple[Path, str]:
    """Copy `source` into takes_dir()/<session>/ through a temp file (fsync, link in, read-only), hashing
    the audio bytes on the way; a cancel or error leaves nothing behind and names the file."""
    folder = appdirs.session_takes_dir(session_id)
    tmp = folder / f".{uuid.uuid4().hex}.part"
    digest = hashlib.sha256()
    audio_start, audio_end = wav.data.data_offset, wav.data.data_offset + wav.data.size
    done = 0
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(source, "rb") as src, open(tmp, "xb") as out:
            total = os.fstat(src.fileno()).st_size
            while block := src.read(COPY_BLOCK):
                if cancel is not None and cancel():
                    raise Cancelled(source, "cancelled; nothing was copied or recorded")
                out.write(block)
                lo, hi = max(done, audio_start), min(done + len(block), audio_end)
                if lo < hi:
                    digest.update(block[lo - done : hi - done])
                done += len(block)
                if progress is not None:
                    progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o444)
        while True:
            destination = folder / free_name(safe_file_name(source.name), lambda n: (folder / n).exists())
            try:
                os.link(tmp, destination)
                break
            except FileExistsError:
                continue
    except OSError as exc:
        reason = f"cannot copy into the managed folder {folder}: {exc.strerror or exc}"
        raise WavError(source, reason) from None
    finally:
        tmp.unlink(missing_ok=True)
    return destination, digest.hexdigest()


def _remove_managed(path: Path) -> None:
    """Undo a copy whose take could not be recorded (the source is untouched)."""
    path.chmod(0o644)
    path.unlink(missing_ok=True)
