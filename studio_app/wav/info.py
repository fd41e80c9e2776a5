"""`LIST`/`INFO`: short null-terminated texts (ICOP, ICMT, ...). We write ASCII only (see
docs/metadata-mapping.md: exiftool and MediaInfo show UTF-8 INFO text as Latin-1 mojibake)."""

from __future__ import annotations

import struct

from studio_app.wav.bext import ascii_text
from studio_app.wav.errors import WavError
from studio_app.wav.mapping import is_our_text

MAX_INFO_ITEMS = 10_000  # real INFO lists hold a dozen texts


def is_info_list(payload_head: bytes) -> bool:
    return payload_head[:4] == b"INFO"


def decode_info(payload: bytes) -> list[tuple[str, bytes]]:
    """The INFO items in order, each (id, raw text bytes without the terminating NULs)."""
    if not is_info_list(payload):
        raise WavError(None, "LIST chunk is not of type INFO")
    items = []
    offset = 4
    while len(payload) - offset >= 8:
        raw_id, size = struct.unpack_from("<4sI", payload, offset)
        start = offset + 8
        if start + size > len(payload):
            raise WavError(None, f"INFO item {raw_id!r} runs past the end of its LIST chunk")
        items.append((raw_id.decode("latin-1"), payload[start : start + size]))
        if len(items) > MAX_INFO_ITEMS:
            raise WavError(None, f"LIST/INFO chunk refused: more than {MAX_INFO_ITEMS} items")
        offset = start + size + (size & 1)
    return items


def item_text(raw: bytes) -> str:
    """An INFO text for display: up to the first NUL, UTF-8 if it decodes, else Latin-1."""
    raw = raw.split(b"\0", 1)[0]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def merge_info(existing: bytes | None, ours: dict[str, str]) -> bytes:
    """The LIST/INFO payload with our items merged in place (or added at the end) and every other item
    kept. An item of ours the file already has keeps its text (bytes as they are) and gets ours as the
    last line; an earlier line of ours is replaced."""
    items = decode_info(existing) if existing is not None else []
    theirs = {key: raw for key, raw in reversed(items)}
    encoded = {key: _with_ours(theirs.get(key), ascii_text(text)) for key, text in ours.items()}
    merged: list[tuple[str, bytes]] = []
    placed: set[str] = set()
    for key, raw in items:
        if key not in encoded:
            merged.append((key, raw))
        elif key not in placed:
            merged.append((key, encoded[key]))
            placed.add(key)
    merged += [(key, raw) for key, raw in encoded.items() if key not in placed]
    return b"INFO" + b"".join(_item(key, raw) for key, raw in merged)


def _with_ours(raw: bytes | None, ours: str) -> bytes:
    lines = (raw or b"").split(b"\0", 1)[0].split(b"\n")
    kept = [line for line in lines if line.strip() and not is_our_text(line.decode("latin-1"))]
    return b"\n".join([*kept, ours.encode("ascii")]) + b"\0"


def _item(key: str, raw: bytes) -> bytes:
    return struct.pack("<4sI", key.encode("latin-1"), len(raw)) + raw + (b"\0" if len(raw) & 1 else b"")
