"""Writing a tagged copy of a take: one streaming pass into a temp file beside the destination, fsync,
atomic rename. The source is only read; the audio bytes and every foreign chunk are copied unchanged.

Layout of the copy: the chunks before `data` in their order (bext and LIST/INFO merged in place; a new
bext goes just before `fmt `, a new LIST/INFO just before `data`), `data`, the chunks after `data` in
their order, then our iXML and `_PMX` (they carry the audio hash, known only once the audio is copied),
then any further iXML or `_PMX` of the source, then the reserved `C2PA`.

Hashing follows the writing on threads that read the temp file back (so the hashes prove the bytes of
the copy): the audio's SHA-256 always, and, when a trailing chunk is reserved, the SHA-256 of every byte
before it (the C2PA data hash), so signing needs no second pass over the file. The two run in parallel.
Each copied block is handed to the disk at once (sync_file_range, a hint), so the disk writes while we
copy and hash; the fsync before the rename is still what makes the copy durable.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import mmap
import os
import re
import secrets
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from studio_app import APP_NAME, __version__
from studio_app.core.ai_signals import data_mining_code
from studio_app.core.record import ConsentRecord, RecordError
from studio_app.wav.bext import coding_history_line, decode_bext, merge_bext
from studio_app.wav.errors import Cancelled, WavError
from studio_app.wav.files import fsync_folder
from studio_app.wav.info import decode_info, is_info_list, item_text, merge_info
from studio_app.wav.ixml import aswg_fields, aswg_usage_rights, consent_block, merge_ixml, record_in_ixml
from studio_app.wav.mapping import (
    ascii_scopes,
    ascii_summary,
    info_comment,
    info_copyright,
    is_our_text,
    record_date,
    usage_terms_en,
    usage_terms_zh,
)
from studio_app.wav.reader import (
    CHUNK_HEADER_SIZE,
    DS64_PAYLOAD,
    HEADER_SIZE,
    RIFF_LIMIT,
    SIZE_IN_DS64,
    Chunk,
    WavFile,
    hash_into,
    read_chunk,
    read_wav,
)
from studio_app.wav.xmp import build_xmp, read_xmp, rights_texts

DEFAULT_SOFTWARE = f"{APP_NAME} {__version__}"
RESERVED_ID = "C2PA"
COPY_BLOCK = 16 << 20
HASH_WINDOW = 8 << 20  # per hash thread: the mapped window counts in RSS; larger is no faster
PLACEHOLDER_SHA256 = "0" * 64
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_NO_FAST_COPY = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EPERM, errno.EBADF}


@dataclass(frozen=True)
class TagLayout:
    """Where every chunk of the written file is, for the C2PA signer that patches the reserved chunk."""

    form: str
    chunks: tuple[Chunk, ...]
    file_size: int
    reserved: Chunk | None = None
    prefix_sha256: str | None = None
    """SHA-256 (hex) of bytes [0, reserved.offset) as written, read back while writing; None when no
    chunk is reserved. Nothing is written before the reserved chunk after it was computed."""

    def find(self, chunk_id: str) -> Chunk | None:
        return next((c for c in self.chunks if c.id == chunk_id), None)


@dataclass(frozen=True)
class TagResult:
    """The written copy: its audio hash, the record as written (hash filled in) and its layout.

    Both hashes are of the bytes as written, read back from the temp file that became `destination`.
    `sha256` (the whole file, for a delivery manifest) is known only when a chunk was reserved: the
    prefix hash, continued over the reserved chunk as `finalize` left it; else None, and callers that
    need one hash the result.
    """

    destination: Path
    audio_sha256: str
    record: ConsentRecord
    layout: TagLayout
    sha256: str | None = None


@dataclass
class ConsentTags:
    """Every copy of the consent decision found in a file, for `verify` to compare."""

    ixml_record: ConsentRecord | None = None
    xmp_record: ConsentRecord | None = None
    xmp_data_mining: str | None = None
    info_icop: str | None = None
    info_icmt: str | None = None
    bext_description: str | None = None
    bext_coding_history: str | None = None
    problems: list[str] = field(default_factory=list)


def write_tagged(
    source: str | os.PathLike,
    destination: str | os.PathLike,
    record: ConsentRecord,
    *,
    software: str = DEFAULT_SOFTWARE,
    finalize: Callable[[BinaryIO, TagLayout], None] | None = None,
    reserve_trailing: int = 0,
    riff_when_it_fits: bool = False,
    overwrite: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> TagResult:
    """Write `destination`: the source's audio and foreign chunks plus the record in every chunk.

    An empty `record.audio_sha256` is filled with the hash computed while copying; a given one must
    match it. Nothing is left at the destination (not even a temp file) unless everything succeeded.
    `riff_when_it_fits` writes an RF64/BW64 source as plain RIFF when the result stays under 4 GiB
    (Content Credentials can only be read back from RIFF files).
    """
    source, destination = Path(source), Path(destination)
    wav = read_wav(source)
    _check_destination(source, destination, overwrite)
    if record.audio_sha256 and not _SHA256_HEX.fullmatch(record.audio_sha256):
        raise WavError(source, f"record audio_sha256 {record.audio_sha256!r} is not a SHA-256 hex digest")
    plan = _Plan.build(wav, record, software, reserve_trailing, riff_when_it_fits)
    temp = destination.parent / f".{destination.name}.{secrets.token_hex(4)}.part"
    try:
        with open(source, "rb") as src, _create(temp, destination) as out:
            result, prefix_digest = plan.write(src.fileno(), out, progress, cancel)
            if record.audio_sha256 and record.audio_sha256 != result.audio_sha256:
                raise WavError(
                    source,
                    f"audio hash {result.audio_sha256} does not match the record's {record.audio_sha256}",
                )
            if finalize is not None:
                out.seek(0)
                finalize(out, result.layout)
            if prefix_digest is not None:
                result = replace(result, sha256=_continued_sha256(prefix_digest, out.fileno(), result.layout))
            os.fsync(out.fileno())
        publish_file(temp, destination, overwrite)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise WavError(destination, _os_reason(exc)) from exc
        raise
    return replace(result, destination=destination)


def read_consent_tags(path: str | os.PathLike) -> ConsentTags:
    """Every copy of the record in a file; unparseable records are listed in `problems`."""
    wav = read_wav(path)
    tags = ConsentTags()
    try:
        for chunk in _our_chunks(wav).values():
            payload = read_chunk(wav, chunk)
            if chunk.id == "bext":
                bext = decode_bext(payload)
                tags.bext_description, tags.bext_coding_history = bext.description, bext.coding_history
            elif chunk.id == "LIST":
                items = dict(decode_info(payload))
                tags.info_icop = item_text(items["ICOP"]) if "ICOP" in items else None
                tags.info_icmt = item_text(items["ICMT"]) if "ICMT" in items else None
            elif chunk.id == "iXML":
                tags.ixml_record = _record(record_in_ixml(payload), "iXML", tags.problems)
            elif chunk.id == "_PMX":
                tags.xmp_data_mining, text = read_xmp(payload)
                tags.xmp_record = _record(text, "XMP", tags.problems)
    except WavError as exc:
        raise exc.at(wav.path) from None
    return tags


def kept_rights(path: str | os.PathLike) -> dict[str, str]:
    """The rights texts in a file that are not ours: what a studio or recorder wrote before we tagged
    it (INFO ICOP/ICMT, XMP dc:rights and xmpRights:UsageTerms per language, ASWG usageRights)."""
    wav = read_wav(path)
    found: dict[str, str] = {}

    def keep(where: str, text: str) -> None:
        theirs = "\n".join(p for p in text.splitlines() if p.strip() and not is_our_text(p))
        if theirs:
            found[where] = theirs

    try:
        for chunk in _our_chunks(wav).values():
            payload = read_chunk(wav, chunk)
            if chunk.id == "LIST":
                for key, raw in decode_info(payload):
                    if key in ("ICOP", "ICMT"):
                        keep(f"INFO {key}", item_text(raw))
            elif chunk.id == "_PMX":
                for name, texts in rights_texts(payload).items():
                    for lang, text in texts.items():
                        keep(f"XMP {name} ({lang})", text)
            elif chunk.id == "iXML":
                keep("iXML ASWG usageRights", aswg_usage_rights(payload))
    except WavError as exc:
        raise exc.at(wav.path) from None
    return found


def preview_tags(record: ConsentRecord) -> dict[str, str]:
    """What each chunk will say for this record, for the export dialog's preview."""
    on = record_date(record)
    return {
        "bext Description": ascii_summary(record, on),
        "INFO ICOP": info_copyright(record, on),
        "INFO ICMT": info_comment(record, on),
        "XMP plus:DataMining": data_mining_code(record, on),
        "XMP UsageTerms (en)": usage_terms_en(record, on),
        "XMP UsageTerms (zh-CN)": usage_terms_zh(record, on),
        "iXML CONSENT_SLATE": consent_block(record, on),
    }


def _record(text: str | None, where: str, problems: list[str]) -> ConsentRecord | None:
    if text is None:
        return None
    try:
        return ConsentRecord.from_json(text)
    except RecordError as exc:
        problems.append(f"{where} record unreadable: {exc}")
        return None


def _our_chunks(wav: WavFile) -> dict[str, Chunk]:
    """The first bext, LIST/INFO, iXML and _PMX of a file: the chunks we merge or replace."""
    found: dict[str, Chunk] = {}
    for chunk in wav.chunks:
        if chunk.id in ("bext", "iXML", "_PMX") and chunk.id not in found:
            found[chunk.id] = chunk
        elif chunk.id == "LIST" and "LIST" not in found and is_info_list(read_chunk(wav, chunk, limit=4)):
            found["LIST"] = chunk
    return found


@dataclass
class _Piece:
    """One chunk of the output: copied from the source, given as bytes, or built once the hash is known."""

    id: str
    size: int
    source: Chunk | None = None
    payload: bytes | None = None
    build: Callable[[ConsentRecord], bytes] | None = None


@dataclass
class _Plan:
    wav: WavFile
    record: ConsentRecord
    form: str
    pieces: list[_Piece]
    reserve_trailing: int

    @classmethod
    def build(
        cls,
        wav: WavFile,
        record: ConsentRecord,
        software: str,
        reserve_trailing: int,
        riff_when_it_fits: bool,
    ) -> _Plan:
        on = record_date(record)
        ours = _our_chunks(wav)
        existing: dict[str, bytes] = {}

        def ixml(final: ConsentRecord) -> bytes:
            return merge_ixml(
                existing.get("iXML"), consent_block(final, on), wav.fmt.channels, aswg_fields(final, on)
            )

        def xmp(final: ConsentRecord) -> bytes:
            return build_xmp(final, on, existing.get("_PMX"))

        sized = record if record.audio_sha256 else replace(record, audio_sha256=PLACEHOLDER_SHA256)
        try:
            existing.update((key, read_chunk(wav, chunk)) for key, chunk in ours.items())
            fmt = wav.fmt
            bext = merge_bext(
                existing.get("bext"),
                ascii_summary(record, on),
                coding_history_line(
                    fmt.channels, fmt.sample_rate, fmt.bits_per_sample, fmt.is_float, software,
                    record.take_id, ascii_scopes(record, on),
                ),
                record.studio or software,
                datetime.fromtimestamp(wav.path.stat().st_mtime),
            )
            info = merge_info(
                existing.get("LIST"), {"ICOP": info_copyright(record, on), "ICMT": info_comment(record, on)}
            )
            ixml_size, xmp_size = len(ixml(sized)), len(xmp(sized))
        except WavError as exc:
            raise exc.at(wav.path) from None

        pieces: list[_Piece] = []
        # A second iXML or _PMX (some tools append one instead of replacing it) is kept, after ours:
        # readers (and re-tagging) take the first of each id, which must be the one with the record.
        duplicates: list[_Piece] = []
        for chunk in wav.chunks:
            if chunk is wav.fmt_chunk and "bext" not in ours:
                pieces.append(_Piece("bext", len(bext), payload=bext))
            if chunk is wav.data:
                if "LIST" not in ours:
                    pieces.append(_Piece("LIST", len(info), payload=info))
                pieces.append(_Piece("data", chunk.size, source=chunk))
            elif chunk is ours.get("bext"):
                pieces.append(_Piece("bext", len(bext), payload=bext))
            elif chunk is ours.get("LIST"):
                pieces.append(_Piece("LIST", len(info), payload=info))
            elif chunk.id in ("ds64", RESERVED_ID) or chunk in (ours.get("iXML"), ours.get("_PMX")):
                continue
            elif chunk.id in ("iXML", "_PMX"):
                duplicates.append(_Piece(chunk.id, chunk.size, source=chunk))
            else:
                pieces.append(_Piece(chunk.id, chunk.size, source=chunk))
        pieces.append(_Piece("iXML", ixml_size, build=ixml))
        pieces.append(_Piece("_PMX", xmp_size, build=xmp))
        pieces += duplicates
        if reserve_trailing > 0:
            pieces.append(_Piece(RESERVED_ID, reserve_trailing, payload=bytes(reserve_trailing)))
        too_big = next((p for p in pieces if p.id != "data" and p.size > RIFF_LIMIT), None)
        if too_big is not None:
            raise WavError(wav.path, f"chunk {too_big.id!r} is over 4 GiB; only the audio chunk may be")
        form = "RIFF" if riff_when_it_fits else wav.form
        total = HEADER_SIZE + sum(CHUNK_HEADER_SIZE + p.size + (p.size & 1) for p in pieces)
        if form == "RIFF" and (total - 8 > RIFF_LIMIT or wav.data.size > RIFF_LIMIT):
            form = "RF64"
            first = pieces[0]
            if first.id == "JUNK" and first.size == DS64_PAYLOAD:
                pieces.pop(0)
        if form != "RIFF":
            pieces.insert(0, _Piece("ds64", DS64_PAYLOAD, payload=bytes(DS64_PAYLOAD)))
        return cls(wav, record, form, pieces, reserve_trailing)

    def write(
        self,
        src: int,
        out: BinaryIO,
        progress: Callable[[int, int], None] | None,
        cancel: Callable[[], bool] | None,
    ) -> tuple[TagResult, hashlib._Hash | None]:
        """The copy, and the running hash of every byte before the reserved chunk (None without one)."""
        total = HEADER_SIZE + sum(CHUNK_HEADER_SIZE + p.size + (p.size & 1) for p in self.pieces)
        copier = _Copier(src, out.fileno(), total, progress, cancel, self.wav.path)
        prefix_hash = None
        if self.reserve_trailing > 0:
            reserved_at = total - CHUNK_HEADER_SIZE - self.reserve_trailing - (self.reserve_trailing & 1)
            prefix_hash = _WrittenHash(out.fileno(), 0, reserved_at, "prefix-sha256")
            copier.follow(prefix_hash)
        try:
            chunks, final, audio_hash = self._write_pieces(copier, total)
            if copier.position != total:
                raise WavError(self.wav.path, f"wrote {copier.position} bytes, planned {total}")
            reserved = chunks[-1] if self.reserve_trailing > 0 else None
            prefix = prefix_digest = None
            if prefix_hash is not None:
                if reserved is None or reserved.offset != prefix_hash.length:
                    raise WavError(self.wav.path, "the reserved chunk is not where it was planned")
                prefix, prefix_digest = prefix_hash.result(), prefix_hash.digest()
        except BaseException:
            if prefix_hash is not None:
                prefix_hash.abandon()
            raise
        copier.report()
        layout = TagLayout(self.form, tuple(chunks), total, reserved, prefix)
        return TagResult(Path(), audio_hash, final, layout), prefix_digest

    def _write_pieces(self, copier: _Copier, total: int) -> tuple[list[Chunk], ConsentRecord, str]:
        copier.write(self.form.encode() + struct.pack("<I", self._size_field(total - 8)) + b"WAVE")
        chunks: list[Chunk] = []
        final = self.record
        audio_hash = self.record.audio_sha256
        for piece in self.pieces:
            offset = copier.position
            size_field = self._size_field(piece.size) if piece.id == "data" else piece.size
            copier.write(piece.id.encode("latin-1") + struct.pack("<I", size_field))
            if piece.id == "data":
                audio_hash = copier.copy_hashing(piece.source.data_offset, piece.size)
                final = replace(self.record, audio_sha256=self.record.audio_sha256 or audio_hash)
            elif piece.source is not None:
                copier.copy(piece.source.data_offset, piece.size)
            else:
                if piece.id == "ds64":  # every size is known before writing: nothing is patched later
                    data = self.wav.data.size
                    payload = struct.pack("<QQQI", total - 8, data, data // self.wav.fmt.block_align, 0)
                else:
                    payload = piece.payload if piece.build is None else piece.build(final)
                if len(payload) != piece.size:
                    raise WavError(self.wav.path, f"{piece.id} chunk changed size while writing")
                copier.write(payload)
            if piece.size & 1:
                copier.write(b"\0")
            chunks.append(Chunk(piece.id, offset, piece.size, offset + CHUNK_HEADER_SIZE))
        return chunks, final, audio_hash

    def _size_field(self, size: int) -> int:
        return SIZE_IN_DS64 if self.form != "RIFF" else size


class _Copier:
    """Writes into the temp file, copying source ranges in the kernel when it can, with progress/cancel.

    Every hash thread that follows the copy is told how far the file is written after each step.
    """

    def __init__(self, src: int, dst: int, total: int, progress, cancel, source_path: Path) -> None:
        self.src, self.dst, self.total = src, dst, total
        self.progress, self.cancel, self.source_path = progress, cancel, source_path
        self.position = 0
        self.fast = True
        self.followers: list[_WrittenHash] = []

    def follow(self, hasher: _WrittenHash) -> None:
        self.followers.append(hasher)
        hasher.start()
        hasher.advance(self.position)

    def write(self, payload: bytes) -> None:
        _write_all(self.dst, payload)
        self._moved(len(payload))

    def copy(self, offset: int, length: int) -> None:
        end = offset + length
        while offset < end:
            self._check_cancel()
            n = self._copy_some(offset, min(COPY_BLOCK, end - offset))
            if n == 0:
                raise WavError(self.source_path, "the file got shorter while it was being copied")
            offset += n
            self._moved(n)
            _start_writeback(self.dst, self.position - n, n)
            self.report()

    def report(self) -> None:
        if self.progress is not None:
            self.progress(self.position, self.total)

    def copy_hashing(self, offset: int, length: int) -> str:
        """Copy the audio while a second thread hashes what has been written (hashlib releases the GIL).

        The hash reads our own temp file through mmap (no one else can truncate it, so no SIGBUS; and
        twice as fast here as read()): it proves the bytes in the copy. The audio's writeback is started
        block by block during the copy and waited for here while the hash catches up.
        """
        hasher = _WrittenHash(self.dst, self.position, length, "audio-sha256")
        self.follow(hasher)
        try:
            self.copy(offset, length)
            os.fdatasync(self.dst)
            return hasher.result()
        except BaseException:
            hasher.abandon()
            raise
        finally:
            self.followers.remove(hasher)

    def _moved(self, count: int) -> None:
        self.position += count
        for hasher in self.followers:
            hasher.advance(self.position)

    def _copy_some(self, offset: int, count: int) -> int:
        if self.fast:
            try:
                return os.copy_file_range(self.src, self.dst, count, offset)
            except OSError as exc:
                if exc.errno not in _NO_FAST_COPY:
                    raise
                self.fast = False
        block = os.pread(self.src, min(count, 8 << 20), offset)
        _write_all(self.dst, block)
        return len(block)

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled(self.source_path, "cancelled; nothing was written")


def _start_writeback(fd: int, offset: int, length: int) -> None:
    """Have the kernel start writing a copied range to disk now (no wait for it), so the disk works
    while we copy and hash and the fsync before the rename finds little left. Only a hint: durability
    still comes from that fsync alone, and where the call is missing or refused nothing changes."""
    if _sync_file_range is not None:
        _sync_file_range(fd, offset, length, _SYNC_FILE_RANGE_WRITE)


def _libc_sync_file_range():
    try:
        function = ctypes.CDLL(None, use_errno=True).sync_file_range
    except (OSError, AttributeError):  # not Linux: no early writeback
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_SYNC_FILE_RANGE_WRITE = 2
_sync_file_range = _libc_sync_file_range()


def _continued_sha256(prefix: hashlib._Hash, fd: int, layout: TagLayout) -> str:
    """The whole file's SHA-256: the prefix, hashed while writing, then the reserved chunk and whatever
    follows it, read back as they are now (a few kilobytes), so the file is not hashed a second time."""
    start = layout.reserved.offset
    return hash_into(prefix.copy(), fd, start, os.fstat(fd).st_size - start).hexdigest()


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view) :]


class _WrittenHash:
    """SHA-256 of bytes [start, start + length) of the temp file, on a thread that follows the writing:
    it reads back, in order, only what `advance` says is written, a window at a time."""

    def __init__(self, fd: int, start: int, length: int, name: str) -> None:
        self.fd, self.offset, self.length = fd, start, length
        self.written = 0
        self.stopped = False
        self.changed = threading.Condition()
        self.outcome: dict[str, object] = {}
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def advance(self, position: int) -> None:
        """The file is written up to `position` (an offset in the file)."""
        written = min(max(position - self.offset, 0), self.length)
        with self.changed:
            if written > self.written:
                self.written = written
                self.changed.notify()

    def abandon(self) -> None:
        with self.changed:
            self.stopped = True
            self.changed.notify()
        self.thread.join()

    def result(self) -> str:
        return self.digest().hexdigest()

    def digest(self) -> hashlib._Hash:
        """A copy of the finished hash object, for a caller to continue over bytes written later."""
        self.thread.join()
        if "error" in self.outcome:
            raise self.outcome["error"]
        if "digest" not in self.outcome:
            raise OSError("the hash was abandoned before the end")
        return self.outcome["digest"].copy()

    def _run(self) -> None:
        digest = hashlib.sha256()
        hashed = 0
        try:
            while hashed < self.length:
                with self.changed:
                    while not self.stopped and self.written < min(self.length, hashed + HASH_WINDOW):
                        self.changed.wait()
                    if self.stopped:
                        return
                    upto = min(self.written, hashed + HASH_WINDOW)
                self._hash_mapped(digest, self.offset + hashed, upto - hashed)
                hashed = upto
            self.outcome["digest"] = digest
        except OSError as exc:
            self.outcome["error"] = exc

    def _hash_mapped(self, digest, offset: int, size: int) -> None:
        aligned = offset - offset % mmap.ALLOCATIONGRANULARITY
        try:
            window = mmap.mmap(self.fd, offset + size - aligned, access=mmap.ACCESS_READ, offset=aligned)
        except OSError:  # a filesystem without mmap: read it back instead
            hash_into(digest, self.fd, offset, size)
            return
        with window, memoryview(window) as view:
            digest.update(view[offset - aligned :])


@contextlib.contextmanager
def _create(temp: Path, destination: Path):
    try:
        out = open(temp, "x+b", buffering=0)  # noqa: SIM115 - closed below, after fsync
    except OSError as exc:
        raise WavError(destination, f"cannot write in {destination.parent}: {exc.strerror or exc}") from exc
    with out:
        yield out


def _check_destination(source: Path, destination: Path, overwrite: bool) -> None:
    if not destination.parent.is_dir():
        missing = "is not a folder" if destination.parent.exists() else "does not exist"
        raise WavError(destination, f"destination folder {destination.parent} {missing}")
    if destination.exists():
        if destination.samefile(source):
            raise WavError(destination, "is the source file itself (originals are never modified)")
        if not overwrite:
            raise WavError(destination, "already exists (not overwritten)")


def publish_file(temp: Path, destination: Path, overwrite: bool = False) -> None:
    """Atomic rename (a hard link when we must not overwrite, so a file created meanwhile is kept), then
    the folder is fsync'd so the new name survives a power cut."""
    if overwrite:
        os.replace(temp, destination)
    else:
        try:
            os.link(temp, destination)
        except FileExistsError:
            raise WavError(destination, "already exists (not overwritten)") from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK):
                raise
            if destination.exists():
                raise WavError(destination, "already exists (not overwritten)") from None
            os.replace(temp, destination)
        else:
            temp.unlink()
    fsync_folder(destination.parent)


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "disk full (No space left on device); nothing was written"
    if exc.errno == errno.EFBIG:
        return "file too large for the destination (File too large); nothing was written"
    return f"cannot write: {exc.strerror or exc}; nothing was written"
