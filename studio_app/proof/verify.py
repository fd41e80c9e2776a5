"""What a recipient checks before using a take: the signed Content Credentials, that every copy of the
consent record in the file agrees with the signed one, that the audio is the audio it was signed for,
and what each AI use is permitted today (a conditional grant past its expiry no longer counts).

Memory stays bounded whatever the file size: c2pa-python's Reader hashes a whole asset through two
256 MiB buffers (c2pa-rs `MAX_HASH_BUF`, a constant), so it is given only the manifest store of the
file's `C2PA` chunk, which it validates completely except for the one check that needs the asset, the
data hash. That check is made here, in one 8 MiB-at-a-time pass that also hashes the audio.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import c2pa

from studio_app.core.ai_signals import data_mining_code, training_mining_entries
from studio_app.core.record import ConsentRecord, RecordError
from studio_app.core.scopes import Permission, Scope
from studio_app.proof.credentials import CHUNK_ID, CONSENT_RECORD_LABEL, TRAINING_MINING_LABEL
from studio_app.wav import mapping
from studio_app.wav.errors import WavError
from studio_app.wav.reader import CHUNK_HEADER_SIZE, WavFile, read_chunk, read_wav
from studio_app.wav.tagging import ConsentTags, read_consent_tags

UNTRUSTED = "signingCredential.untrusted"
DATA_HASH_LABEL = "c2pa.hash.data"
DATA_HASH_CODES = "assertion.dataHash."
DATA_HASH_MISMATCH = "C2PA assertion.dataHash.mismatch"
HASH_ALGORITHMS = ("sha256", "sha384", "sha512")
STORE_FORMAT = "application/c2pa"
READ_BLOCK = 8 << 20
MAX_STORE_BYTES = 16 << 20  # a take's manifest store is kilobytes; keeps verify's memory bounded


@dataclass
class Verdict:
    """One file's result: valid only with no problem at all; permissions as judged on `checked_on`."""

    path: Path
    checked_on: date
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    record: ConsentRecord | None = None
    manifest_label: str | None = None
    signer: str | None = None
    trusted: bool | None = None
    permissions: dict[Scope, Permission] = field(default_factory=dict)
    required: Scope | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def authorizes_required(self) -> bool | None:
        """Whether the file permits the scope asked for with --require (None when none was asked)."""
        if self.required is None:
            return None
        return self.valid and self.permissions.get(self.required, Permission.NOT_AUTHORIZED).is_grant

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "valid": self.valid,
            "problems": self.problems,
            "notes": self.notes,
            "checked_on": self.checked_on.isoformat(),
            "manifest_label": self.manifest_label,
            "signer": self.signer,
            "trusted": self.trusted,
            "take_id": self.record.take_id if self.record else None,
            "audio_sha256": self.record.audio_sha256 if self.record else None,
            "permissions": {s.value: p.value for s, p in self.permissions.items()},
            "required": self.required.value if self.required else None,
            "authorizes_required": self.authorizes_required,
            "record": self.record.to_dict() if self.record else None,
        }


def verify_file(
    path: str | Path, *, trust_pem: bytes | None = None, require: Scope | None = None, on: date | None = None
) -> Verdict:
    """Every check on one file; problems are collected, never raised, so one bad file stops nothing."""
    verdict = Verdict(Path(path), on or date.today(), required=require)
    try:
        wav = read_wav(path)
    except WavError as exc:
        verdict.problems.append(f"not a readable WAV: {exc.reason}")
        return verdict
    manifest, binding = _check_credentials(verdict, trust_pem, wav)
    record = _signed_record(verdict, manifest)
    if record is None:
        return verdict
    verdict.record = record
    try:
        tags = read_consent_tags(path)
        actual_audio = _check_data_hash(verdict, wav, binding)
    except WavError as exc:
        verdict.problems.append(f"cannot read the tags: {exc.reason}")
        return verdict
    except OSError as exc:
        verdict.problems.append(f"cannot read the file: {exc.strerror or exc}")
        return verdict
    _check_tags(verdict, record, tags)
    if actual_audio != record.audio_sha256:
        verdict.problems.append(
            f"audio SHA-256 {actual_audio[:16]}… is not the record's {record.audio_sha256[:16]}… "
            "(altered audio, or a record from another take)"
        )
    verdict.permissions = record.effective(verdict.checked_on)
    _note_expiries(verdict, record)
    return verdict


def _check_credentials(
    verdict: Verdict, trust_pem: bytes | None, wav: WavFile
) -> tuple[dict | None, dict | None]:
    """The manifest store of the first `C2PA` chunk (the one c2pa-rs reads) validated by c2pa-python:
    claim signature, certificate chain (and trust with a trust list), every assertion's hashed URI.
    Returns the active manifest and its `c2pa.hash.data` assertion, for `_check_data_hash`.

    The store is read as a sidecar, without its asset, so the library's own data-hash statuses
    describe the store's bytes, not the file's: they are dropped, and `_check_data_hash` decides.
    """
    chunk = wav.find(CHUNK_ID.decode())
    if chunk is None:
        verdict.problems.append("no readable Content Credentials (C2PA): the file has no C2PA chunk")
        return None, None
    if chunk.size > MAX_STORE_BYTES:
        verdict.problems.append(
            f"no readable Content Credentials (C2PA): the C2PA chunk has {chunk.size} bytes, "
            f"more than the {MAX_STORE_BYTES >> 20} MiB a manifest store may have here"
        )
        return None, None
    try:
        store = io.BytesIO(read_chunk(wav, chunk))
        if trust_pem is None:
            reader = c2pa.Reader(STORE_FORMAT, store)
        else:
            context = c2pa.Context.from_dict(
                {"verify": {"verify_trust": True}, "trust": {"trust_anchors": trust_pem.decode("ascii")}}
            )
            reader = c2pa.Reader(STORE_FORMAT, store, context=context)
        with reader:
            results = (reader.get_validation_results() or {}).get("activeManifest") or {}
            manifest = reader.get_active_manifest()
            detail = json.loads(reader.detailed_json())
    except (c2pa.C2paError, WavError) as exc:
        verdict.problems.append(f"no readable Content Credentials (C2PA): {exc}")
        return None, None
    verdict.manifest_label = detail.get("active_manifest")
    info = (manifest or {}).get("signature_info") or {}
    verdict.signer = ", ".join(v for v in (info.get("common_name"), info.get("issuer")) if v) or None
    failures = [f for f in results.get("failure") or [] if not f.get("code", "").startswith(DATA_HASH_CODES)]
    codes = {f.get("code") for f in failures}
    verdict.trusted = None if trust_pem is None else UNTRUSTED not in codes and bool(results)
    for failure in failures:
        if failure.get("code") == UNTRUSTED and trust_pem is None:
            verdict.notes.append("signer not checked against a trusted root (use --trust studio-root.pem)")
            continue
        verdict.problems.append(f"C2PA {failure.get('code')}: {failure.get('explanation', '')}".strip())
    if "claimSignature.validated" not in {s.get("code") for s in results.get("success") or []}:
        verdict.problems.append("C2PA claimSignature.validated missing from the validation results")
    return manifest, _hard_binding(verdict, detail)


def _hard_binding(verdict: Verdict, detail: dict) -> dict | None:
    """The active manifest's one `c2pa.hash.data` assertion (with the claim's algorithm as default)."""
    manifest = (detail.get("manifests") or {}).get(detail.get("active_manifest")) or {}
    store = manifest.get("assertion_store") or {}
    bindings = sorted(label for label in store if label.startswith("c2pa.hash."))
    if bindings != [DATA_HASH_LABEL]:
        verdict.problems.append(f"the C2PA manifest's hard binding is not one {DATA_HASH_LABEL}: {bindings}")
        return None
    return {"alg": (manifest.get("claim") or {}).get("alg"), **store[DATA_HASH_LABEL]}


def _check_data_hash(verdict: Verdict, wav: WavFile, binding: dict | None) -> str:
    """The C2PA data hash, checked as c2pa-rs does but stricter: the signed exclusions must be exactly
    the `C2PA` chunk (header and payload, then its pad byte), so every other byte of the file, the
    audio included, is covered; the signed hash must be that of all those bytes. Returns the audio's
    SHA-256, computed in the same pass."""
    chunk = wav.find(CHUNK_ID.decode())
    expected = [(chunk.offset, CHUNK_HEADER_SIZE + chunk.size)]
    if chunk.size & 1:
        expected.append((chunk.offset + CHUNK_HEADER_SIZE + chunk.size, 1))
    alg = (binding or {}).get("alg") or "sha256"
    if alg not in HASH_ALGORITHMS:
        verdict.problems.append(f"{DATA_HASH_MISMATCH}: unsupported hash algorithm {alg!r}")
        binding, alg = None, "sha256"
    data_digest, audio = _file_digests(wav, expected, alg)
    if binding is None:
        return audio
    try:
        signed = sorted((int(e["start"]), int(e["length"])) for e in binding.get("exclusions") or [])
        signed_hash = base64.b64decode(binding.get("hash") or "", validate=True)
    except (KeyError, TypeError, ValueError):
        verdict.problems.append(f"{DATA_HASH_MISMATCH}: the {DATA_HASH_LABEL} assertion is malformed")
        return audio
    if signed != expected:
        verdict.problems.append(
            f"{DATA_HASH_MISMATCH}: the signed exclusions {signed} are not exactly the C2PA chunk {expected}"
        )
    elif signed_hash != data_digest:
        verdict.problems.append(
            f"{DATA_HASH_MISMATCH}: the bytes outside the C2PA chunk are not the signed ones"
        )
    return audio


def _file_digests(wav: WavFile, excluded: list[tuple[int, int]], alg: str) -> tuple[bytes, str]:
    """One read of the whole file into one reused buffer: the `alg` digest of every byte outside
    `excluded` and, on a second thread (hashlib releases the GIL), the SHA-256 of the audio payload.
    preadv, not mmap: a file truncated meanwhile is an error, not a SIGBUS."""
    data_digest, audio_digest = hashlib.new(alg), hashlib.sha256()
    audio_start, audio_end = wav.data.data_offset, wav.data.data_offset + wav.data.size
    view = memoryview(bytearray(READ_BLOCK))
    with open(wav.path, "rb") as f, ThreadPoolExecutor(1, thread_name_prefix="verify-audio") as worker:
        offset = 0
        while offset < wav.file_size:
            n = os.preadv(f.fileno(), [view[: min(READ_BLOCK, wav.file_size - offset)]], offset)
            if n == 0:
                raise WavError(wav.path, "the file got shorter while it was being verified")
            end = offset + n
            low, high = max(offset, audio_start), min(end, audio_end)
            audio = None
            if low < high:
                audio = worker.submit(audio_digest.update, view[low - offset : high - offset])
            for start, stop in _outside(offset, end, excluded):
                data_digest.update(view[start - offset : stop - offset])
            if audio is not None:
                audio.result()
            offset = end
    return data_digest.digest(), audio_digest.hexdigest()


def _outside(start: int, end: int, excluded: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The parts of [start, end) outside every (offset, length) range of `excluded` (sorted)."""
    for offset, length in excluded:
        if offset > start:
            yield start, min(end, offset)
        start = max(start, offset + length)
        if start >= end:
            return
    yield start, end


def _signed_record(verdict: Verdict, manifest: dict | None) -> ConsentRecord | None:
    if manifest is None:
        return None
    assertions = {a.get("label"): a.get("data") for a in manifest.get("assertions") or []}
    if CONSENT_RECORD_LABEL not in assertions:
        verdict.problems.append(f"the C2PA manifest has no {CONSENT_RECORD_LABEL} assertion")
        return None
    try:
        record = ConsentRecord.from_dict(assertions[CONSENT_RECORD_LABEL])
    except RecordError as exc:
        verdict.problems.append(f"the signed consent record is unreadable: {exc}")
        return None
    expected = training_mining_entries(record, mapping.record_date(record))
    if (assertions.get(TRAINING_MINING_LABEL) or {}).get("entries") != expected:
        verdict.problems.append(f"the C2PA {TRAINING_MINING_LABEL} assertion contradicts the signed record")
    return record


def _check_tags(verdict: Verdict, record: ConsentRecord, tags: ConsentTags) -> None:
    """iXML and XMP must carry the signed record byte for byte; INFO and PLUS must say what it says.

    bext is left to the data hash: a recorder's Description is kept, so it need not be ours.
    """
    verdict.problems.extend(tags.problems)
    signed = record.to_json()
    for where, copy in (("iXML", tags.ixml_record), ("XMP", tags.xmp_record)):
        if copy is None:
            verdict.problems.append(f"no consent record in {where}")
        elif copy.to_json() != signed:
            verdict.problems.append(f"the {where} record differs from the signed record")
    on = mapping.record_date(record)
    for where, found, expected in (
        ("XMP plus:DataMining", tags.xmp_data_mining, data_mining_code(record, on)),
        ("INFO ICOP", tags.info_icop, mapping.info_copyright(record, on)),
        ("INFO ICMT", tags.info_icmt, mapping.info_comment(record, on)),
    ):
        # A rights text the file had before is kept: ours is the last line (INFO ICOP, ICMT).
        if (found or "").splitlines()[-1:] != [expected]:
            verdict.problems.append(f"{where} does not say what the signed record says")


def _note_expiries(verdict: Verdict, record: ConsentRecord) -> None:
    for actor in record.actors:
        for d in actor.decisions:
            if d.permission.is_grant and not d.is_in_force(verdict.checked_on):
                verdict.notes.append(
                    f"{actor.name}: {d.scope.value} expired on {d.expires}, now counts as not authorized"
                )
