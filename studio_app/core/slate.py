"""What the slate said: scene, line, take number and note of a take, read from a recorder's iXML
(wav/ixml.py) or from the common ways studios and recorders name files (`S12_L04_T08`, `Sc12-T3`,
`Scene_1_2AG-T001_Tr1`), so takes arrive in the table already telling themselves apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

_EDGE_BEFORE = r"(?<![A-Za-z0-9])"
_EDGE_AFTER = r"(?![A-Za-z0-9])"
_SCENE = re.compile(_EDGE_BEFORE + r"(?:scene|sc|s)[ _\-]?(\d+[A-Za-z]?)" + _EDGE_AFTER, re.IGNORECASE)
_LINE = re.compile(_EDGE_BEFORE + r"(?:line|ln|l)[ _\-]?(\d+[A-Za-z]?)" + _EDGE_AFTER, re.IGNORECASE)
_TAKE = re.compile(_EDGE_BEFORE + r"(?:take|tk|t)[ _\-]?(\d+)" + _EDGE_AFTER, re.IGNORECASE)
MAX_TAKE_NUMBER = 1_000_000


@dataclass(frozen=True)
class Slate:
    """The slate of one take; empty text or None where nothing was said."""

    scene: str = ""
    line: str = ""
    take: int | None = None
    note: str = ""

    def or_else(self, other: Slate) -> Slate:
        """This slate, with what it leaves empty taken from `other` (the recorder's iXML before the name)."""
        return Slate(
            self.scene or other.scene,
            self.line or other.line,
            self.take if self.take is not None else other.take,
            self.note or other.note,
        )


def take_number(text: str | None) -> int | None:
    """`001` is take 1; anything but a plain positive number (`3A`, `` ``, `0`) is no take number."""
    text = (text or "").strip()
    if not text.isdecimal() or not text.isascii():
        return None
    number = int(text)
    return number if 0 < number <= MAX_TAKE_NUMBER else None


def slate_from_file_name(name: str) -> Slate:
    """Scene, line and take from a file name (`S12_L04_T08.wav`, `Sc12-T3.wav`); each part only when
    it is written as its own token, so `Tr1` (a track) or `A101_1` (a bare number) say nothing."""
    stem = PurePath(name).stem
    scene, line, take = (pattern.search(stem) for pattern in (_SCENE, _LINE, _TAKE))
    return Slate(
        scene.group(1) if scene else "",
        line.group(1) if line else "",
        take_number(take.group(1)) if take else None,
    )
