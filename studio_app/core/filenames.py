"""File names that are safe on Windows, macOS and Linux, keeping the studio's Unicode names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import PurePath

MAX_NAME_BYTES = 200
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def safe_file_name(name: str, fallback: str = "take") -> str:
    """Replace forbidden characters with `_`, drop trailing dots and spaces, avoid reserved device names
    and bound the length in UTF-8 bytes (keeping the extension)."""
    name = name.encode("utf-8", "replace").decode("utf-8")  # undecodable bytes from the disk become "?"
    name = _FORBIDDEN.sub("_", unicodedata.normalize("NFC", name)).strip().rstrip(". ")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = ext[:16]
    stem = stem.strip().rstrip(". ") or fallback
    if stem.split(".")[0].upper() in _RESERVED:
        stem = f"_{stem}"
    suffix = f".{ext}" if ext else ""
    while len((stem + suffix).encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return (stem.rstrip(". ") or fallback) + suffix


def wav_file_name(source: str) -> str:
    """A copy's name: the source's own, with its extension as written (`A101_1.WAV` stays `.WAV`: a
    recorder's iXML FILENAME refers to it); a file named otherwise (`.bwf`, none) becomes `.wav`."""
    path = PurePath(source)
    return path.name if path.suffix.lower() == ".wav" else path.stem + ".wav"


def free_name(name: str, taken: Callable[[str], bool]) -> str:
    """`name`, or `name-2`, `name-3`… the first that `taken` says is free (case-insensitively is the
    caller's business: pass a `taken` that folds case for case-insensitive file systems)."""
    if not taken(name):
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    suffix = f".{ext}" if ext else ""
    counter = 2
    while taken(candidate := f"{stem}-{counter}{suffix}"):
        counter += 1
    return candidate
