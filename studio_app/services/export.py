"""Export a delivery: the gate first; then the delivery's start is recorded (signed) in the ledger; a
tagged copy of each take, each read back and checked against the ledger, manifest.json / manifest.csv
and the proof files are staged in a hidden folder inside the destination (services.staging); then the
delivery is recorded as delivered and only then are its files moved into place.

A delivery is all or nothing, even when the process is killed: when the gate refuses nothing is
written; when a file fails its check, the disk is full or the user cancels, the staging folder is
removed and no delivery is recorded (the attempt is kept as failed or cancelled). Every file's record
and the manifest carry a witness of the delivery's start event (store.audit.Witness), so a ledger cut
back past it is caught by `audit verify --manifest`. Existing files are never overwritten: a taken name
gets `-2`, `-3`… and the result says which.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import hashlib
import io
import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from studio_app.appdirs import STORAGE_ROOT_ENV
from studio_app.core.filenames import safe_file_name, wav_file_name
from studio_app.core.model import DeliveryAttempt, DeliveryItem, DeliveryState, Take
from studio_app.core.record import ConsentRecord
from studio_app.core.scopes import ALL_SCOPES, Scope
from studio_app.proof.manifest_signature import SIGNATURE_SUFFIX as MANIFEST_SIGNATURE_SUFFIX
from studio_app.proof.studio import studio_for_session
from studio_app.services.certificate import with_studio_proof
from studio_app.services.export_types import (
    ExportedTake,
    ExportError,
    ExportOptions,
    ExportProgress,
    ExportRefused,
    ExportReport,
)
from studio_app.services.ledger import Cancel, Ledger, TakeOverview
from studio_app.services.staging import STAGING_PREFIX, StagedFileError, StagingFolder, recover_folder
from studio_app.services.trust import prove_selection
from studio_app.store.audit import Witness
from studio_app.store.db import StoreError
from studio_app.store.repository import is_shared_path
from studio_app.wav.errors import Cancelled, WavError
from studio_app.wav.mapping import record_date
from studio_app.wav.reader import hash_range
from studio_app.wav.tagging import TagResult, read_consent_tags, write_tagged

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
WITNESS_KEY = "ledger_witness"
"""Where each file's record (`extra`) and manifest.json carry the delivery's witness."""


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
    proven = prove_selection(ledger, take_ids, options.purpose, correction=options.corrects is not None)
    if not proven.verdict.allowed:
        raise ExportRefused(folder, proven.verdict)
    overviews = ledger.take_overviews(take_ids)
    sessions = {o.take.session_id for o in overviews}
    if len(sessions) != 1:
        raise ExportError(folder, "a delivery carries takes of one session only")
    _refuse_unreachable(folder, [o.take for o in overviews])
    session_id = overviews[0].take.session_id
    if options.sign and options.signer is None:
        options = with_studio_proof(options, ledger, session_id)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(folder, f"cannot create the folder: {exc.strerror or exc}") from None
    recover_folder(ledger, folder)
    staging = StagingFolder(folder, uuid.uuid4().hex)
    try:
        staging.create()
    except OSError as exc:
        raise ExportError(folder, _not_delivered(exc)) from None
    delivery_id = staging.path.name.removeprefix(STAGING_PREFIX)
    attempt = DeliveryAttempt(
        delivery_id, session_id, ledger.now(), str(folder), options.recipient, options.purpose,
        tuple(take_ids), DeliveryState.STAGING,
    )
    try:
        witness = ledger.begin_delivery(attempt)
    except BaseException:
        staging.remove()
        raise
    try:
        report = _stage(ledger, overviews, proven.records, staging, witness, options, progress, cancel)
        if cancel is not None and cancel():
            raise Cancelled(folder, "cancelled; nothing was delivered")
        items = [DeliveryItem(t.take_id, t.file_name, t.sha256, t.record.to_json()) for t in report.takes]
        ledger.complete_delivery(delivery_id, items, corrects=options.corrects)
    except BaseException as exc:
        staging.remove()
        error = _staging_error(folder, staging, exc)
        ended = DeliveryState.CANCELLED if isinstance(exc, Cancelled) else DeliveryState.FAILED
        with contextlib.suppress(StoreError, sqlite3.Error):
            ledger.end_delivery_attempt(delivery_id, ended, str(error))
        if error is exc:
            raise
        raise error from None
    try:
        staging.publish()
    except (OSError, WavError) as exc:
        reason = getattr(exc, "reason", None) or exc.strerror or str(exc)
        raise ExportError(
            folder,
            f"delivery {delivery_id[:8]} is recorded, but its files could not be moved into place ({reason});"
            " the next export to this folder or the app's next start finishes it",
        ) from None
    ledger.end_delivery_attempt(delivery_id, DeliveryState.COMPLETE)
    return report


def _stage(
    ledger: Ledger,
    overviews: Sequence[TakeOverview],
    records: Mapping[str, ConsentRecord],
    staging: StagingFolder,
    witness: Witness,
    options: ExportOptions,
    progress: Callable[[ExportProgress], None] | None,
    cancel: Cancel | None,
) -> ExportReport:
    """Write, read back and check every file of the delivery in its staging folder; each file carries its
    proven record (`records`, read with the gate's proof) and the witness of the delivery's start."""
    total = sum(_size(Path(o.take.path)) for o in overviews)
    exported: list[ExportedTake] = []
    done = 0
    for index, overview in enumerate(overviews):
        take = overview.take
        wanted = safe_file_name(wav_file_name(take.path))
        name = staging.name_for(wanted)
        destination = staging.path / name
        record = records[take.id]
        record = replace(record, extra={**record.extra, WITNESS_KEY: witness.to_dict()})

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
        checked = _check_written(tagged, take.id, record.audio_sha256, record, wanted)
        exported.append(replace(checked, manifest_label=label))
        written_size = destination.stat().st_size
        on_bytes(written_size, written_size)
        done += size
    report = ExportReport(
        witness.delivery_id or "",
        staging.folder,
        options.purpose,
        options.recipient,
        tuple(exported),
        staging.folder / MANIFEST_JSON,
        staging.folder / MANIFEST_CSV,
    )
    session_id = overviews[0].take.session_id
    extra = tuple(options.delivery_files(staging, report)) if options.delivery_files is not None else ()
    manifest_json, manifest_csv = _write_manifests(
        ledger, report, session_id, staging, witness, extra, options.corrects
    )
    if options.manifest_signer is not None:
        signed = (staging.path / manifest_json.name).read_bytes()
        signature = options.manifest_signer(signed)
        extra = (*extra, staging.write(manifest_json.name + MANIFEST_SIGNATURE_SUFFIX, signature))
    return replace(report, manifest_json=manifest_json, manifest_csv=manifest_csv, extra_files=extra)


def _staging_error(folder: Path, staging: StagingFolder, exc: BaseException) -> BaseException:
    """A failure to write the delivery as one line about the destination (disk full, read-only…); any
    other error (a source, a check, a cancel) as it was."""
    cause = exc.__cause__ if isinstance(exc, WavError) and not isinstance(exc, Cancelled) else exc
    written_by_us = not isinstance(exc, WavError) or Path(exc.path).parent == staging.path
    if isinstance(cause, OSError) and written_by_us:
        return ExportError(folder, _not_delivered(cause))
    if isinstance(exc, StagedFileError):
        return ExportError(folder, f"{exc.path.name} {exc.reason}; nothing was delivered")
    return exc


def _not_delivered(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk full (No space left on device); nothing was delivered"
    if exc.errno == errno.EFBIG:
        return "file too large for the destination (File too large); nothing was delivered"
    return f"cannot write: {exc.strerror or exc}; nothing was delivered"


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


def _grant_terms(record: ConsentRecord, scope: Scope) -> list[dict]:
    """manifest.json: each actor's grant for the scope that states terms, field by field."""
    return [
        {
            "actor": actor.name,
            "permission": d.permission.value,
            "conditions": d.conditions,
            "expires": d.expires,
            "terms": d.grant_terms.to_dict() if d.grant_terms else None,
        }
        for actor, d in record.grants_stating_terms(scope)
    ]


def _terms_cell(record: ConsentRecord, scope: Scope) -> str:
    """manifest.csv's `<scope>_terms` cell: `actor: term; term` per grant, grants separated by ` | `."""
    grants = record.grants_stating_terms(scope)
    return " | ".join(f"{actor.name}: " + "; ".join(d.terms()) for actor, d in grants)


def _write_manifests(
    ledger: Ledger,
    report: ExportReport,
    session_id: str,
    staging: StagingFolder,
    witness: Witness,
    extra: Sequence[Path],
    corrects: str | None = None,
) -> tuple[Path, Path]:
    """manifest.json and manifest.csv, staged under free names; the JSON carries the delivery's witness
    (and, for readers of the first manifest format, its event and hash as `ledger_audit_head`) and the
    SHA-256 of every other file of the delivery already staged (certificate.pdf, studio-root.pem)."""
    session = ledger.session(session_id)
    studio = studio_for_session(session.studio)
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
                "terms": {scope.value: _grant_terms(take.record, scope) for scope in ALL_SCOPES},
                "decision_ids": [d.decision_id for a in take.record.actors for d in a.decisions],
                "c2pa_manifest_label": take.manifest_label,
            }
        )
    manifest = {
        "delivery_id": report.delivery_id,
        "session_id": session.id,
        "session_title": session.title,
        "studio": studio.name,
        "studio_address": studio.address,
        "studio_contact": studio.contact,
        "contract_reference": session.contract_reference,
        "purpose": report.purpose.value,
        "recipient": report.recipient,
        **({"corrects_delivery": corrects} if corrects else {}),
        "issued_at": ledger.now(),
        "ledger_audit_head": {"event": witness.event, "sha256": witness.sha256},
        WITNESS_KEY: witness.to_dict(),
        "takes": rows,
        "files": [
            {"file_name": p.name, "sha256": hashlib.sha256((staging.path / p.name).read_bytes()).hexdigest()}
            for p in extra
        ],
    }
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(
        [
            "take_id",
            "take_label",
            "file_name",
            "sha256",
            "studio",
            "actors",
            *[s.value for s in ALL_SCOPES],
            *[f"{s.value}_terms" for s in ALL_SCOPES],
            "decision_ids",
        ]
    )
    for take, row in zip(report.takes, rows, strict=True):
        writer.writerow(
            [
                row["take_id"],
                row["take_label"],
                row["file_name"],
                row["sha256"],
                studio.name,
                "; ".join(row["actors"]),
                *row["permissions"].values(),
                *(_terms_cell(take.record, scope) for scope in ALL_SCOPES),
                " ".join(row["decision_ids"]),
            ]
        )
    json_text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    json_path = staging.write(MANIFEST_JSON, json_text.encode("utf-8"))
    csv_path = staging.write(MANIFEST_CSV, ("\ufeff" + text.getvalue()).encode("utf-8"))
    return json_path, csv_path


def delivery_witnesses(path: Path) -> list[Witness]:
    """The ledger witnesses a delivery's manifest.json or one of its WAVs carries: a manifest's signed
    `ledger_witness` and its `ledger_audit_head` (the only one, unsigned, in a first-format manifest);
    a WAV's record's. KeyError, TypeError, ValueError (or WavError, OSError) when it carries none."""
    with open(path, "rb") as f:
        start = f.read(4)
    if start in (b"RIFF", b"RF64", b"BW64"):
        record = read_consent_tags(path).ixml_record
        if record is None:
            raise ValueError("no consent record")
        return [Witness.from_dict(record.extra[WITNESS_KEY], str(path))]
    manifest = json.loads(path.read_text(encoding="utf-8"))
    found = [Witness.from_dict(manifest[WITNESS_KEY], str(path))] if WITNESS_KEY in manifest else []
    if "ledger_audit_head" in manifest or not found:
        head = manifest["ledger_audit_head"]
        delivery_id = manifest.get("delivery_id")
        found.append(Witness(int(head["event"]), str(head["sha256"]), None, delivery_id, str(path)))
    return found


def _file_sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hash_range(f.fileno(), 0, os.fstat(f.fileno()).st_size)


def _refuse_unreachable(folder: Path, takes: Sequence[Take]) -> None:
    """Name every take file this seat cannot reach (the storage not mounted, a file moved away) before
    anything is recorded or written: a delivery is whole or not made."""
    missing = [take for take in takes if not Path(take.path).is_file()]
    if not missing:
        return
    named = "; ".join(f"{take.path} (take {take.id[:8]})" for take in missing)
    unset = any(is_shared_path(take.path) for take in missing)
    hint = (f" — under the studio storage root, which this seat has not set (${STORAGE_ROOT_ENV})" if unset
            else "")
    raise ExportError(folder, f"cannot reach {len(missing)} take file(s), nothing exported: {named}{hint}")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as exc:
        raise WavError(path, f"managed take is missing: {exc.strerror or exc}") from None
