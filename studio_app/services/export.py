"""Export a delivery: the gate first, then a tagged copy of each take, each one read back and checked
against the ledger, then manifest.json / manifest.csv, and only then the delivery in the ledger.

A delivery is all or nothing: when the gate refuses nothing is written; when a take fails its check,
or the user cancels, the files this export already wrote are removed and no delivery is recorded.
Existing files are never overwritten: a taken name gets `-2`, `-3`… and the result says which.
"""

from __future__ import annotations

import csv
import io
import json
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, Protocol

from studio_app.core.filenames import free_name, safe_file_name
from studio_app.core.model import DeliveryItem
from studio_app.core.record import ConsentRecord
from studio_app.core.rules import GateVerdict
from studio_app.core.scopes import ALL_SCOPES, Purpose
from studio_app.services.certificate import with_studio_proof
from studio_app.services.ledger import Cancel, Ledger
from studio_app.services.trust import proven_gate
from studio_app.wav.errors import WavError
from studio_app.wav.mapping import record_date
from studio_app.wav.reader import hash_range
from studio_app.wav.tagging import DEFAULT_SOFTWARE, TagLayout, TagResult, read_consent_tags, write_tagged

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"


class ExportError(Exception):
    """An export that could not complete: the file (or folder) and the reason; nothing was delivered."""

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


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
    delivery_files: Callable[[Path, ExportReport], Sequence[Path]] | None = None
    """Called with the folder and the report once every take is written and checked, to add files such
    as certificate.pdf and the studio's root certificate; it returns the paths it wrote."""


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


def export_takes(
    ledger: Ledger,
    take_ids: Sequence[str],
    folder: str | os.PathLike,
    options: ExportOptions | None = None,
    *,
    progress: Callable[[ExportProgress], None] | None = None,
    cancel: Cancel | None = None,
) -> ExportReport:
    """Export the takes to `folder` (created if missing) and record the delivery.

    Raises ExportRefused when the gate refuses (nothing written), wav.errors.Cancelled when cancelled,
    ExportError or WavError when a file cannot be written or does not read back as the ledger says.
    """
    options = options or ExportOptions()
    folder = Path(folder).absolute()
    if not take_ids:
        raise ExportError(folder, "no takes selected")
    verdict = proven_gate(ledger, take_ids, options.purpose)
    if not verdict.allowed:
        raise ExportRefused(folder, verdict)
    overviews = ledger.take_overviews(take_ids)
    sessions = {o.take.session_id for o in overviews}
    if len(sessions) != 1:
        raise ExportError(folder, "a delivery carries takes of one session only")
    if options.sign and options.signer is None:
        options = with_studio_proof(options, ledger, overviews[0].take.session_id)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(folder, f"cannot create the folder: {exc.strerror or exc}") from None
    total = sum(_size(Path(o.take.path)) for o in overviews)
    written: list[Path] = []
    planned: set[str] = set()
    exported: list[ExportedTake] = []
    done = 0
    try:
        for index, overview in enumerate(overviews):
            take = overview.take
            wanted = safe_file_name(Path(take.path).stem + ".wav")
            name = free_name(wanted, lambda n: n.casefold() in planned or (folder / n).exists())
            planned.add(name.casefold())
            destination = folder / name
            record = ledger.consent_record(take.id)

            size = _size(Path(take.path))

            def on_bytes(
                file_done: int, file_total: int, index=index, name=name, before=done, size=size
            ) -> None:
                """Per-file bytes as written; overall in source bytes, scaled, so the two agree."""
                if progress is not None:
                    share = size * file_done // file_total if file_total else size
                    progress(
                        ExportProgress(
                            index, len(overviews), name, file_done, file_total, before + share, total
                        )
                    )

            tagged, label = _write_take(Path(take.path), destination, record, options, on_bytes, cancel)
            written.append(destination)
            checked = _check_written(tagged, take.id, take.audio_sha256, record, wanted)
            exported.append(replace(checked, manifest_label=label))
            written_size = destination.stat().st_size
            on_bytes(written_size, written_size)
            done += size
        delivery_id = uuid.uuid4().hex
        report = ExportReport(
            delivery_id,
            folder,
            options.purpose,
            options.recipient,
            tuple(exported),
            folder / MANIFEST_JSON,
            folder / MANIFEST_CSV,
        )
        manifest_json, manifest_csv = _write_manifests(ledger, report, overviews[0].take.session_id, written)
        report = replace(report, manifest_json=manifest_json, manifest_csv=manifest_csv)
        if options.delivery_files is not None:
            extra = tuple(options.delivery_files(folder, report))
            written.extend(extra)
            report = replace(report, extra_files=extra)
        items = [DeliveryItem(t.take_id, t.file_name, t.sha256, t.record.to_json()) for t in exported]
        ledger.record_delivery(
            overviews[0].take.session_id,
            str(folder),
            options.recipient,
            options.purpose,
            items,
            delivery_id=delivery_id,
        )
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return report


def _write_take(
    source: Path,
    destination: Path,
    record: ConsentRecord,
    options: ExportOptions,
    progress: Callable[[int, int], None],
    cancel: Cancel | None,
) -> tuple[TagResult, str | None]:
    """Write one take: the result, and the label of its C2PA manifest when signed."""
    pending = options.signer.prepare(record, destination.name) if options.signer else None
    tagged = write_tagged(
        source,
        destination,
        record,
        software=options.software,
        reserve_trailing=pending.chunk_size if pending else 0,
        riff_when_it_fits=pending is not None,
        finalize=pending.finalize if pending else None,
        progress=progress,
        cancel=cancel,
    )
    return tagged, pending.label if pending else None


def _check_written(
    tagged: TagResult, take_id: str, ledger_audio: str, record: ConsentRecord, wanted: str
) -> ExportedTake:
    """The file as written must say what the ledger says: its record in every copy, read back from the
    published file, and its audio hash. The hashes were taken by reading back the temp file (the same
    file, renamed) while it was written, so a gigabyte is not read a second time; only an unsigned copy,
    whose whole-file hash the writer could not continue, is hashed again for the manifest."""
    destination = tagged.destination
    tags = read_consent_tags(destination)
    expected = record.to_json()
    for where, found in (("iXML", tags.ixml_record), ("XMP", tags.xmp_record)):
        if found is None or found.to_json() != expected:
            raise ExportError(destination, f"the {where} record read back differs from the ledger's")
    if tags.problems:
        raise ExportError(destination, "; ".join(tags.problems))
    audio = tagged.audio_sha256
    if audio != ledger_audio:
        raise ExportError(destination, f"audio read back ({audio[:12]}…) differs from the ledger's")
    file_hash = tagged.sha256 or _file_sha256(destination)
    return ExportedTake(take_id, destination.name, wanted, file_hash, audio, record)


def _write_manifests(ledger: Ledger, report: ExportReport, session_id: str, written: list[Path]):
    """manifest.json and manifest.csv (free names if taken), each through a temp file and a rename."""
    session = ledger.session(session_id)
    rows = []
    for take in report.takes:
        effective = take.record.effective(record_date(take.record))
        rows.append(
            {
                "take_id": take.take_id,
                "take_label": take.record.take_label,
                "file_name": take.file_name,
                "sha256": take.sha256,
                "audio_sha256": take.audio_sha256,
                "actors": [a.name for a in take.record.actors],
                "permissions": {scope.value: effective[scope].value for scope in ALL_SCOPES},
                "decision_ids": [d.decision_id for a in take.record.actors for d in a.decisions],
                "c2pa_manifest_label": take.manifest_label,
            }
        )
    manifest = {
        "delivery_id": report.delivery_id,
        "session_id": session.id,
        "session_title": session.title,
        "studio": session.studio,
        "contract_reference": session.contract_reference,
        "purpose": report.purpose.value,
        "recipient": report.recipient,
        "issued_at": ledger.now(),
        "ledger_audit_head": _audit_head(ledger),
        "takes": rows,
    }
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(
        [
            "take_id",
            "take_label",
            "file_name",
            "sha256",
            "actors",
            *[s.value for s in ALL_SCOPES],
            "decision_ids",
        ]
    )
    for row in rows:
        writer.writerow(
            [
                row["take_id"],
                row["take_label"],
                row["file_name"],
                row["sha256"],
                "; ".join(row["actors"]),
                *row["permissions"].values(),
                " ".join(row["decision_ids"]),
            ]
        )
    json_path = _publish(
        report.folder, MANIFEST_JSON, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    )
    written.append(json_path)
    csv_path = _publish(report.folder, MANIFEST_CSV, "\ufeff" + text.getvalue())
    written.append(csv_path)
    return json_path, csv_path


def _audit_head(ledger: Ledger) -> dict | None:
    """The ledger's newest audit event: `audit verify --manifest` later proves the chain still holds it."""
    head = ledger.audit_head()
    return {"event": head[0], "sha256": head[1]} if head else None


def _publish(folder: Path, wanted: str, text: str) -> Path:
    """Write a small file through a temp file beside it, fsync, then link it in under a free name."""
    temp = folder / f".{wanted}.{uuid.uuid4().hex[:8]}.part"
    try:
        with open(temp, "x", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        while True:
            path = folder / free_name(wanted, lambda n: (folder / n).exists())
            try:
                os.link(temp, path)
                return path
            except FileExistsError:
                continue
    finally:
        temp.unlink(missing_ok=True)


def _file_sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hash_range(f.fileno(), 0, os.fstat(f.fileno()).st_size)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as exc:
        raise WavError(path, f"managed take is missing: {exc.strerror or exc}") from None
