"""What an export is asked and what it answers: options, progress, report, errors, and the signer protocols.

Its own module so that services/export.py (the workflow) and services/certificate.py (the proof files a
delivery adds) both import these types without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from studio_app.core.errors import SlateError
from studio_app.core.record import ConsentRecord
from studio_app.core.rules import GateVerdict
from studio_app.core.scopes import Purpose
from studio_app.services.staging import StagingFolder
from studio_app.wav.tagging import DEFAULT_SOFTWARE, TagLayout


class ExportError(SlateError):
    """An export that could not complete: the file (or folder) and the reason; nothing was delivered."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path


class ExportRefused(ExportError):
    """The export gate refused the selection; `verdict.blocks` names every blocking take and actor."""

    def __init__(self, destination: object, verdict: GateVerdict) -> None:
        takes = len(verdict.blocking_take_ids())
        super().__init__(
            destination, f"export refused: {takes} take(s) may not leave for {verdict.purpose.value}"
        )
        self.verdict = verdict


class PendingSignature(Protocol):
    """One take's signature in the making (proof.credentials.PendingCredential has this shape)."""

    @property
    def chunk_size(self) -> int: ...

    @property
    def label(self) -> str: ...

    def finalize(self, fileobj: BinaryIO, layout: TagLayout) -> None: ...


class TakeSigner(Protocol):
    """What the C2PA engineer plugs in (proof.credentials.CredentialSigner has this shape)."""

    def prepare(self, record: ConsentRecord, title: str) -> PendingSignature: ...


@dataclass(frozen=True)
class ExportOptions:
    """How to export: the declared purpose and recipient, and the proof hooks (None: tags only)."""

    purpose: Purpose = Purpose.DELIVERY
    recipient: str = ""
    software: str = DEFAULT_SOFTWARE
    signer: TakeSigner | None = None
    sign: bool = True
    """With no `signer`, sign with the studio identity and add certificate.pdf + studio-root.pem
    (services.certificate.with_studio_proof); False writes the tags only."""
    delivery_files: Callable[[StagingFolder, ExportReport], Sequence[Path]] | None = None
    """Called with the staging folder and the report once every take is staged and checked, to add files
    such as certificate.pdf and the studio's root certificate (`StagingFolder.write`); it returns their
    paths in the destination."""
    manifest_signer: Callable[[bytes], bytes] | None = None
    """Signs manifest.json's bytes; the detached signature is staged beside it as manifest.json.p7s
    (services.certificate.with_studio_proof sets it; proof.manifest_signature)."""
    tsa_url: str | None = None
    """RFC 3161 time-stamp authority for the studio's signatures (None: they expire with the certificate)."""


@dataclass(frozen=True)
class ExportProgress:
    """Where an export is: the file being written (bytes of it) and the whole delivery (bytes)."""

    file_index: int
    file_count: int
    file_name: str
    file_done: int
    file_total: int
    done: int
    total: int


@dataclass(frozen=True)
class ExportedTake:
    take_id: str
    file_name: str
    wanted_name: str
    sha256: str
    audio_sha256: str
    record: ConsentRecord
    manifest_label: str | None = None

    @property
    def renamed(self) -> bool:
        """True when the wanted name was taken and a free one was picked instead."""
        return self.file_name != self.wanted_name


@dataclass(frozen=True)
class ExportReport:
    delivery_id: str
    folder: Path
    purpose: Purpose
    recipient: str
    takes: tuple[ExportedTake, ...]
    manifest_json: Path
    manifest_csv: Path
    extra_files: tuple[Path, ...] = field(default_factory=tuple)
