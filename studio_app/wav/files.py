"""Which files are WAVs by name: the one list of extensions the import dialog, a drop on the window, the
file dialog's filter and the watch folder all use. Only containers the reader opens (RIFF, RF64, BW64)
are here; Sony Wave64 (.w64) is another format, refused by name rather than by a failed read."""

from __future__ import annotations

import os
from pathlib import Path

WAV_SUFFIXES = (".wav", ".wave", ".bwf", ".rf64")


def is_wav(path: Path) -> bool:
    return path.suffix.lower() in WAV_SUFFIXES


def wav_files_in(paths: list[Path]) -> list[Path]:
    """The WAV files among dropped or chosen paths, folders searched recursively, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and is_wav(p)))
        elif is_wav(path):
            found.append(path)
    return list(dict.fromkeys(found))


def wav_name_patterns() -> str:
    """The file dialog's patterns, in both cases (some platforms match names case-sensitively)."""
    return " ".join(f"*{suffix} *{suffix.upper()}" for suffix in WAV_SUFFIXES)


def fsync_folder(folder: Path) -> None:
    """Make a rename or link in `folder` durable (POSIX), so the new name survives a power cut."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
