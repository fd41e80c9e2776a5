"""Streaming RIFF/WAVE, RF64 and BW64 reading: the chunk list and the format, never the audio payload.

Only chunk headers are read (plus `fmt ` and `ds64`), so a 10 GiB take opens as fast as a 10 KiB one.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from studio_app.wav.errors import Cancelled, WavError

FORMS = ("RIFF", "RF64", "BW64")
SIZE_IN_DS64 = 0xFFFFFFFF
RIFF_LIMIT = 0xFFFFFFFF
"""The largest size a RIFF size field holds; a file or chunk past it needs RF64 and its ds64."""
DS64_PAYLOAD = 28
"""A ds64 chunk's fixed part: RIFF size, data size, sample count (64-bit each), table length."""
HEADER_SIZE = 12
CHUNK_HEADER_SIZE = 8
MAX_SMALL_CHUNK = 256 << 20
MAX_CHUNKS = 10_000  # real WAVs have tens; 10 million empty chunks (80 MB) would take minutes and GBs
HASH_BLOCK = 4 << 20

WAVE_FORMAT_PCM = 0x0001
WAVE_FORMAT_IEEE_FLOAT = 0x0003
WAVE_FORMAT_EXTENSIBLE = 0xFFFE


@dataclass(frozen=True)
class Chunk:
    """One chunk as found in the file: `offset` of its 8-byte header, `size` of its payload (no pad)."""

    id: str
    offset: int
    size: int
    data_offset: int

    @property
    def end(self) -> int:
        """Where the next chunk starts: payload plus the pad byte of an odd-sized chunk."""
        return self.data_offset + self.size + (self.size & 1)


@dataclass(frozen=True)
class AudioFormat:
    """The `fmt ` chunk, with the real sample format of a WAVE_FORMAT_EXTENSIBLE file resolved."""

    format_tag: int
    channels: int
    sample_rate: int
    byte_rate: int
    block_align: int
    bits_per_sample: int
    is_extensible: bool = False
    valid_bits_per_sample: int | None = None
    channel_mask: int | None = None

    @property
    def is_float(self) -> bool:
        return self.format_tag == WAVE_FORMAT_IEEE_FLOAT

    @property
    def is_pcm(self) -> bool:
        return self.format_tag == WAVE_FORMAT_PCM

    def describe(self) -> str:
        kind = "float" if self.is_float else "PCM" if self.is_pcm else f"format 0x{self.format_tag:04X}"
        extensible = ", extensible" if self.is_extensible else ""
        return f"{kind} {self.bits_per_sample}-bit, {self.channels} ch, {self.sample_rate} Hz{extensible}"


@dataclass(frozen=True)
class WavFile:
    """The structure of a WAV: its form, every chunk in file order, the format and the audio chunk."""

    path: Path
    form: str
    file_size: int
    chunks: tuple[Chunk, ...]
    fmt: AudioFormat
    data: Chunk

    @property
    def frames(self) -> int:
        return self.data.size // self.fmt.block_align

    @property
    def duration_seconds(self) -> float:
        return self.frames / self.fmt.sample_rate

    @property
    def fmt_chunk(self) -> Chunk:
        return next(c for c in self.chunks if c.id == "fmt ")

    def find(self, chunk_id: str) -> Chunk | None:
        return next((c for c in self.chunks if c.id == chunk_id), None)


def read_wav(path: str | os.PathLike) -> WavFile:
    """The chunk list and format of a WAV; any malformation is a WavError naming the file."""
    path = Path(path)
    try:
        with _open_regular(path) as f:
            return _parse(path, f, os.fstat(f.fileno()).st_size)
    except WavError as exc:
        raise exc.at(path) from None
    except OSError as exc:
        raise WavError(path, f"cannot read: {exc.strerror or exc}") from None


def _open_regular(path: Path):
    """The file opened for reading, only if it is a regular file: opening a named pipe would wait for
    a writer forever (O_NONBLOCK makes the open return; it changes nothing for a regular file)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(mode) else "a pipe, socket or device"
        raise WavError(path, f"is {kind}, not a WAV file")
    return os.fdopen(fd, "rb")


def read_chunk(source: str | os.PathLike | WavFile, chunk: Chunk, limit: int | None = None) -> bytes:
    """The payload of a small chunk (metadata, never `data`), or its first `limit` bytes."""
    path = source.path if isinstance(source, WavFile) else Path(source)
    size = chunk.size if limit is None else min(limit, chunk.size)
    if size > MAX_SMALL_CHUNK:
        raise WavError(path, f"chunk {chunk.id!r} is too large to read into memory ({chunk.size} bytes)")
    try:
        with open(path, "rb") as f:
            f.seek(chunk.data_offset)
            payload = f.read(size)
    except OSError as exc:
        raise WavError(path, f"cannot read: {exc.strerror or exc}") from None
    if len(payload) != size:
        raise WavError(path, f"chunk {chunk.id!r} is truncated")
    return payload


def audio_sha256(
    path: str | os.PathLike, wav: WavFile | None = None, stop: Callable[[], bool] | None = None
) -> str:
    """SHA-256 (hex) of the audio payload bytes, read in blocks: the take's identity across copies.
    When `stop` turns true the reading ends early and Cancelled is raised (no partial hash escapes)."""
    wav = wav or read_wav(path)
    try:
        with open(path, "rb") as f:
            digest = hash_range(f.fileno(), wav.data.data_offset, wav.data.size, stop)
    except OSError as exc:
        raise WavError(path, f"cannot read: {exc.strerror or exc}") from None
    if stop is not None and stop():
        raise Cancelled(path, "cancelled")
    return digest


def hash_range(fd: int, offset: int, length: int, stop: Callable[[], bool] | None = None) -> str:
    """SHA-256 of `length` bytes of an open file from `offset`, read in blocks (hashlib releases the GIL).

    read(), not mmap: a file truncated meanwhile by another program must be an error, not a SIGBUS.
    """
    return hash_into(hashlib.sha256(), fd, offset, length, stop).hexdigest()


def hash_into(digest, fd: int, offset: int, length: int, stop: Callable[[], bool] | None = None):
    """Feed `length` bytes of an open file from `offset` into `digest` (read in blocks); returns it."""
    buffer = bytearray(HASH_BLOCK)
    view = memoryview(buffer)
    while length > 0 and not (stop is not None and stop()):
        n = os.preadv(fd, [view[: min(HASH_BLOCK, length)]], offset)
        if n == 0:
            raise OSError(f"file ended {length} bytes before the end of the range")
        digest.update(view[:n])
        offset += n
        length -= n
    return digest


def _parse(path: Path, f, file_size: int) -> WavFile:
    if file_size == 0:
        raise WavError(path, "empty file (0 bytes)")
    header = f.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE or header[:4].decode("latin-1") not in FORMS or header[8:12] != b"WAVE":
        raise WavError(path, "not a RIFF/WAVE file")
    form = header[:4].decode("latin-1")
    form_end = 8 + struct.unpack_from("<I", header, 4)[0]
    chunks: list[Chunk] = []
    ds64: _Ds64 | None = None
    offset = HEADER_SIZE
    while file_size - offset >= CHUNK_HEADER_SIZE:
        f.seek(offset)
        raw_id, size = struct.unpack("<4sI", f.read(CHUNK_HEADER_SIZE))
        if offset >= form_end and not _is_fourcc(raw_id):
            break  # zero padding or a tag appended after the RIFF form: trailing bytes, not chunks
        chunk_id = raw_id.decode("latin-1")
        if form != "RIFF" and not chunks and chunk_id == "ds64":
            ds64 = _read_ds64(path, f, size)
            form_end = 8 + ds64.riff_size
        elif size == SIZE_IN_DS64 and ds64 is not None:
            size = ds64.data_size if chunk_id == "data" else ds64.table.get(chunk_id, size)
        chunk = Chunk(chunk_id, offset, size, offset + CHUNK_HEADER_SIZE)
        if chunk.data_offset + size > file_size:
            if offset >= form_end:
                break  # bytes appended after the RIFF form (e.g. an ID3v1 tag) are not chunks
            raise WavError(
                path,
                f"chunk {chunk_id!r} at offset {offset} claims {size} bytes but the file ends "
                f"{file_size - chunk.data_offset} bytes later (truncated file)",
            )
        chunks.append(chunk)
        if len(chunks) > MAX_CHUNKS:
            raise WavError(path, f"more than {MAX_CHUNKS} chunks: not a recording's WAV")
        offset = chunk.end
    if form != "RIFF" and ds64 is None:
        raise WavError(path, f"{form} file without a ds64 chunk")
    data = _single(path, chunks, "data")
    fmt_chunk = _single(path, chunks, "fmt ")
    f.seek(fmt_chunk.data_offset)
    fmt = _parse_fmt(path, f.read(min(fmt_chunk.size, 64)))
    return WavFile(path, form, file_size, tuple(chunks), fmt, data)


def _is_fourcc(raw_id: bytes) -> bool:
    """A chunk id is four printable ASCII characters (RIFF); zeros or binary are not a chunk."""
    return all(0x20 <= byte <= 0x7E for byte in raw_id)


def _single(path: Path, chunks: list[Chunk], chunk_id: str) -> Chunk:
    found = [c for c in chunks if c.id == chunk_id]
    if not found:
        raise WavError(path, f"no {chunk_id.strip()!r} chunk")
    if len(found) > 1:
        raise WavError(path, f"{len(found)} {chunk_id.strip()!r} chunks (only one is allowed)")
    return found[0]


@dataclass(frozen=True)
class _Ds64:
    riff_size: int
    data_size: int
    sample_count: int
    table: dict[str, int]


def _read_ds64(path: Path, f, size: int) -> _Ds64:
    if size < DS64_PAYLOAD or size > DS64_PAYLOAD + 12 * 4096:
        raise WavError(path, f"ds64 chunk has an impossible size ({size} bytes)")
    payload = f.read(size)
    if len(payload) < size:
        raise WavError(path, "ds64 chunk is truncated")
    riff_size, data_size, sample_count, table_length = struct.unpack_from("<QQQI", payload)
    if DS64_PAYLOAD + 12 * table_length > size:
        raise WavError(path, f"ds64 table claims {table_length} entries that do not fit in the chunk")
    table = {}
    for i in range(table_length):
        raw_id, chunk_size = struct.unpack_from("<4sQ", payload, DS64_PAYLOAD + 12 * i)
        table[raw_id.decode("latin-1")] = chunk_size
    return _Ds64(riff_size, data_size, sample_count, table)


def _parse_fmt(path: Path, payload: bytes) -> AudioFormat:
    if len(payload) < 16:
        raise WavError(path, f"'fmt ' chunk is too short ({len(payload)} bytes, at least 16 needed)")
    tag, channels, rate, byte_rate, block_align, bits = struct.unpack_from("<HHIIHH", payload)
    extensible = tag == WAVE_FORMAT_EXTENSIBLE
    valid_bits = mask = None
    if extensible:
        if len(payload) < 40:
            raise WavError(path, "WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is shorter than 40 bytes")
        valid_bits, mask, tag = struct.unpack_from("<HIH", payload, 18)
    if channels == 0 or rate == 0 or block_align == 0:
        raise WavError(
            path, f"'fmt ' chunk is invalid (channels {channels}, rate {rate}, block align {block_align})"
        )
    return AudioFormat(tag, channels, rate, byte_rate, block_align, bits, extensible, valid_bits, mask)
