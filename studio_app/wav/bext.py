"""The Broadcast Wave `bext` chunk (EBU Tech 3285 v2): fixed ASCII fields, UMID, loudness, CodingHistory.

Existing values are kept byte for byte: field recorders keep scene and take data in Description.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from datetime import datetime

from studio_app.wav.errors import WavError

_FIXED = struct.Struct("<256s32s32s10s8sIIH64shhhhh180s")
FIXED_SIZE = _FIXED.size  # 602
LOUDNESS_NOT_MEASURED = 0x7FFF
HISTORY_MARK = "consent-slate record"


@dataclass(frozen=True)
class Bext:
    """The decoded fields; text fields are ASCII, as the standard requires."""

    description: str = ""
    originator: str = ""
    originator_reference: str = ""
    origination_date: str = ""
    origination_time: str = ""
    time_reference: int = 0
    version: int = 2
    umid: bytes = bytes(64)
    loudness_value: int = LOUDNESS_NOT_MEASURED
    loudness_range: int = LOUDNESS_NOT_MEASURED
    max_true_peak_level: int = LOUDNESS_NOT_MEASURED
    max_momentary_loudness: int = LOUDNESS_NOT_MEASURED
    max_short_term_loudness: int = LOUDNESS_NOT_MEASURED
    coding_history: str = ""

    def to_dict(self) -> dict[str, object]:
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values["umid"] = self.umid.hex() if any(self.umid) else ""
        return values


def ascii_text(text: str) -> str:
    """Text made safe for an ASCII-only field: anything else becomes '?' (never silently mis-encoded)."""
    return text.encode("ascii", "replace").decode("ascii")


def decode_bext(payload: bytes) -> Bext:
    if len(payload) < FIXED_SIZE:
        raise WavError(None, f"bext chunk is too short ({len(payload)} bytes, {FIXED_SIZE} needed)")
    (desc, orig, ref, odate, otime, low, high, version, umid,
     lv, lr, tp, mm, ms, _reserved) = _FIXED.unpack_from(payload)
    return Bext(
        description=_text(desc),
        originator=_text(orig),
        originator_reference=_text(ref),
        origination_date=_text(odate),
        origination_time=_text(otime),
        time_reference=low | (high << 32),
        version=version,
        umid=umid,
        loudness_value=lv,
        loudness_range=lr,
        max_true_peak_level=tp,
        max_momentary_loudness=mm,
        max_short_term_loudness=ms,
        coding_history=_text(payload[FIXED_SIZE:]),
    )


def encode_bext(bext: Bext) -> bytes:
    """A new bext chunk payload; every text field must already be ASCII and fit its width."""
    fields = (
        ("description", 256), ("originator", 32), ("originator_reference", 32),
        ("origination_date", 10), ("origination_time", 8),
    )
    raw = {}
    for name, width in fields:
        value = getattr(bext, name)
        if not value.isascii():
            raise WavError(None, f"bext {name} must be ASCII")
        raw[name] = value.encode("ascii")[:width]
    if not bext.coding_history.isascii():
        raise WavError(None, "bext coding history must be ASCII")
    fixed = _FIXED.pack(
        raw["description"], raw["originator"], raw["originator_reference"],
        raw["origination_date"], raw["origination_time"],
        bext.time_reference & 0xFFFFFFFF, bext.time_reference >> 32, bext.version, bext.umid,
        bext.loudness_value, bext.loudness_range, bext.max_true_peak_level,
        bext.max_momentary_loudness, bext.max_short_term_loudness, bytes(180),
    )
    return fixed + bext.coding_history.encode("ascii")


def merge_bext(
    existing: bytes | None, description: str, history_line: str, originator: str, originated: datetime
) -> bytes:
    """Our bext: the existing fields kept byte for byte, Description filled only where empty (or ours),
    the CodingHistory as readers see it (up to its first NUL) with our line in place of an earlier one.
    A new bext also names its Originator and the OriginationDate and OriginationTime."""
    line = ascii_text(history_line).replace("\r", " ").replace("\n", " ") + "\r\n"
    description = ascii_text(description)[:256]
    if existing is None:
        new = Bext(
            description=description,
            originator=ascii_text(originator)[:32],
            origination_date=originated.strftime("%Y-%m-%d"),
            origination_time=originated.strftime("%H:%M:%S"),
            coding_history=line,
        )
        return _even(encode_bext(new))
    if len(existing) < FIXED_SIZE:
        raise WavError(None, f"bext chunk is too short ({len(existing)} bytes, {FIXED_SIZE} needed)")
    current = decode_bext(existing)
    fixed = bytearray(existing[:FIXED_SIZE])
    if not current.description.strip() or HISTORY_MARK in current.description:
        fixed[:256] = description.encode("ascii").ljust(256, b"\0")
    history = existing[FIXED_SIZE:].split(b"\0", 1)[0]
    kept = [ln for ln in history.split(b"\r\n") if ln and HISTORY_MARK.encode() not in ln]
    history = b"".join(ln + b"\r\n" for ln in kept)
    return _even(bytes(fixed) + history + line.encode("ascii"))


def _even(payload: bytes) -> bytes:
    """A NUL after the CodingHistory when its length is odd: libsndfile's RF64 parser ignores pad bytes."""
    return payload + b"\0" if len(payload) & 1 else payload


def coding_history_line(
    channels: int, sample_rate: int, bits: int, is_float: bool, software: str, take_id: str, summary: str
) -> str:
    """One EBU R98 CodingHistory line for our copy, marked so a re-tag replaces it: A=, F=, W=, M= only
    with one of R98's modes (mono, stereo: none fits more channels), and a T= text without commas (a
    comma starts the next parameter)."""
    algorithm = "PCM_FLOAT" if is_float else "PCM"
    mode = {1: ",M=mono", 2: ",M=stereo"}.get(channels, "")
    text = f"{software}; {HISTORY_MARK} {take_id}: {summary}".replace(",", ";")
    return f"A={algorithm},F={sample_rate},W={bits}{mode},T={text}"


def _text(raw: bytes) -> str:
    return raw.split(b"\0", 1)[0].decode("ascii", "replace")

