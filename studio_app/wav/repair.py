"""Repairing the header of a take a crash cut short (a killed recorder, a power cut): the RIFF and data
sizes are rewritten from the file's length, keeping every whole frame, and a take grown past 4 GiB
becomes RF64 (its ds64 laid out in the room writers reserve before the audio). The audio never moves;
the repair is written to a temp file beside the take and renamed over it.

Whether a take may be repaired at all (no recorder holds it) is the recorder's question:
services/recording.py asks its lock first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import struct
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from studio_app.wav.errors import WavError
from studio_app.wav.files import fsync_folder
from studio_app.wav.reader import DS64_PAYLOAD, FORMS, RIFF_LIMIT, SIZE_IN_DS64

HEADER_SCAN = 1 << 20
"""How much of the file's start is read for the chunks before `data`."""


@dataclass(frozen=True)
class RepairReport:
    """What a repair found and did: the form written, the audio kept, the partial frame dropped."""

    path: Path
    form: str
    frames: int
    sample_rate: int
    dropped_bytes: int
    changed: bool

    @property
    def seconds(self) -> float:
        return self.frames / self.sample_rate


@dataclass
class _Header:
    form: str
    chunks: list[tuple[bytes, int, int]] = field(default_factory=list)
    """(id, offset of its 8-byte header, payload size) of every chunk before `data`."""
    data_offset: int = 0
    declared_data: int = 0
    riff_size: int = 0
    block_align: int = 0
    sample_rate: int = 0


def repair_take_file(path: str | os.PathLike, *, riff_limit: int = RIFF_LIMIT) -> RepairReport:
    """Rewrite the header sizes of an interrupted take from the file's length, keeping every whole frame.

    The audio is taken to run from the `data` header to the end of the file (nothing follows it while
    recording); a partial last frame is dropped. Above `riff_limit` the file becomes RF64. The repair is
    written to a temp file beside the take and renamed over it, so the damaged file stays until the
    repaired one is in place. A file that is intact is left alone (`changed` False).
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            header = _parse_header(path, f.read(HEADER_SCAN))
    except FileNotFoundError:
        raise WavError(path, "file not found") from None
    except OSError as exc:
        raise WavError(path, f"cannot read: {exc.strerror or exc}") from None
    audio = size - header.data_offset
    data_size = audio - audio % header.block_align
    frames = data_size // header.block_align
    report = RepairReport(path, header.form, frames, header.sample_rate, audio - data_size, False)
    total = header.data_offset + data_size + (data_size & 1)
    if header.declared_data == data_size and header.riff_size == total - 8 and audio == data_size:
        return report
    form = "RIFF" if total - 8 <= riff_limit else "RF64"
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.repair")
    try:
        shutil.copyfile(path, tmp)
        with open(tmp, "r+b") as f:
            f.truncate(header.data_offset + data_size)
            if data_size & 1:
                f.seek(0, os.SEEK_END)
                f.write(b"\0")
            repaired = _repaired_header(path, header, form, data_size, frames, total, f)
            f.seek(0)  # after building it: _repaired_header reads the old header and moves the position
            f.write(repaired)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
        with contextlib.suppress(OSError):  # Windows has no directory handles to sync
            fsync_folder(path.parent)
    except OSError as exc:
        raise WavError(path, f"cannot write the repaired take: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return replace(report, form=form, changed=True)


def _parse_header(path: Path, head: bytes) -> _Header:
    """The chunks before `data`, read leniently: a crash leaves the sizes of RIFF and data wrong."""
    form = head[:4].decode("latin-1")
    if len(head) < 12 or form not in FORMS or head[8:12] != b"WAVE":
        raise WavError(path, "not a WAV file (no RIFF/RF64 WAVE header)")
    header = _Header(form, riff_size=struct.unpack_from("<I", head, 4)[0])
    ds64 = None
    pos = 12
    while True:
        if pos + 8 > len(head):
            raise WavError(path, "no audio (data) chunk in the first MiB; cannot repair")
        chunk_id, chunk_size = head[pos : pos + 4], struct.unpack_from("<I", head, pos + 4)[0]
        if chunk_id == b"data":
            header.data_offset = pos + 8
            header.declared_data = chunk_size
            break
        if pos + 8 + chunk_size > len(head):
            raise WavError(path, f"header chunk {chunk_id!r} runs past the end; cannot repair")
        if chunk_id == b"fmt " and chunk_size >= 16:
            _, _, header.sample_rate, _, header.block_align = struct.unpack_from("<HHIIH", head, pos + 8)
        if chunk_id == b"ds64" and chunk_size >= DS64_PAYLOAD:
            ds64 = struct.unpack_from("<QQ", head, pos + 8)
        header.chunks.append((chunk_id, pos, chunk_size))
        pos += 8 + chunk_size + (chunk_size & 1)
    if not header.block_align or not header.sample_rate:
        raise WavError(path, "no usable fmt chunk before the audio; cannot repair")
    if ds64 is not None and header.riff_size == SIZE_IN_DS64:
        header.riff_size = ds64[0]
    if ds64 is not None and header.declared_data == SIZE_IN_DS64:
        header.declared_data = ds64[1]
    return header


def _repaired_header(
    path: Path, header: _Header, form: str, data_size: int, frames: int, total: int, f
) -> bytes:
    """The bytes from 0 to the audio, rewritten for `form`; the audio never moves."""
    f.seek(0)
    head = bytearray(f.read(header.data_offset))
    rf64 = form == "RF64"
    ds64 = next((c for c in header.chunks if c[0] == b"ds64"), None)
    if rf64 and ds64 is None:
        head[12 : header.data_offset - 8] = _relayout_for_ds64(path, header, head)
        return _repaired_header_bytes(head, _parse_header(path, bytes(head)), rf64, data_size, frames, total)
    return _repaired_header_bytes(head, header, rf64, data_size, frames, total)


def _repaired_header_bytes(
    head: bytearray, header: _Header, rf64: bool, data_size: int, frames: int, total: int
) -> bytes:
    head[0:4] = b"RF64" if rf64 else b"RIFF"
    struct.pack_into("<I", head, 4, SIZE_IN_DS64 if rf64 else total - 8)
    struct.pack_into("<I", head, header.data_offset - 4, SIZE_IN_DS64 if rf64 else data_size)
    for chunk_id, offset, _ in header.chunks:
        if chunk_id == b"ds64":
            if rf64:
                struct.pack_into("<QQQ", head, offset + 8, total - 8, data_size, frames)
            else:
                head[offset : offset + 4] = b"JUNK"
        elif chunk_id == b"fact":
            struct.pack_into("<I", head, offset + 8, min(frames, SIZE_IN_DS64))
    return bytes(head)


def _relayout_for_ds64(path: Path, header: _Header, head: bytearray) -> bytes:
    """The chunks before the audio laid out again as ds64 + the kept chunks + one JUNK filler, in the
    same number of bytes (the room libsndfile and other writers reserve as JUNK/fact/PAD)."""
    fillers = {b"JUNK", b"PAD ", b"FLLR", b"fact"}
    kept = b"".join(
        bytes(head[offset : offset + 8 + size + (size & 1)])
        for chunk_id, offset, size in header.chunks
        if chunk_id not in fillers
    )
    room = header.data_offset - 8 - 12
    ds64 = b"ds64" + struct.pack("<I", DS64_PAYLOAD) + bytes(DS64_PAYLOAD)
    left = room - len(ds64) - len(kept)
    if left != 0 and left < 8:
        raise WavError(path, "too large for RIFF and no room reserved for an RF64 ds64 chunk")
    filler = b"JUNK" + struct.pack("<I", left - 8) + bytes(left - 8) if left else b""
    return ds64 + kept + filler


