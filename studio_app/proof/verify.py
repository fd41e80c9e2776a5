"""What a recipient checks before using a take: the signed Content Credentials, that every copy of the
consent record in the file agrees with the signed one, that the audio is the audio it was signed for,
and what each AI use is permitted today (a conditional grant past its expiry no longer counts).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import c2pa

from studio_app.core.record import ConsentRecord, RecordError
from studio_app.core.scopes import ALL_SCOPES, Permission, Scope
from studio_app.proof.credentials import CONSENT_RECORD_LABEL, TRAINING_MINING_LABEL, training_mining_entries
from studio_app.wav import mapping
from studio_app.wav.errors import WavError
from studio_app.wav.reader import audio_sha256, read_wav
from studio_app.wav.tagging import ConsentTags, read_consent_tags

UNTRUSTED = "signingCredential.untrusted"
REQUIRED_SUCCESSES = ("claimSignature.validated", "assertion.dataHash.match")


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
    manifest = _check_credentials(verdict, trust_pem)
    record = _signed_record(verdict, manifest)
    if record is None:
        return verdict
    verdict.record = record
    try:
        tags = read_consent_tags(path)
        actual_audio = audio_sha256(path, wav)
    except WavError as exc:
        verdict.problems.append(f"cannot read the tags: {exc.reason}")
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


def _check_credentials(verdict: Verdict, trust_pem: bytes | None) -> dict | None:
    """The C2PA signature and data hash; with a trust list, an untrusted signer is a problem too."""
    try:
        if trust_pem is None:
            reader = c2pa.Reader(str(verdict.path))
        else:
            context = c2pa.Context.from_dict(
                {"verify": {"verify_trust": True}, "trust": {"trust_anchors": trust_pem.decode("ascii")}}
            )
            reader = c2pa.Reader(str(verdict.path), context=context)
        with reader:
            results = (reader.get_validation_results() or {}).get("activeManifest") or {}
            manifest = reader.get_active_manifest()
            label = json.loads(reader.json()).get("active_manifest")
    except c2pa.C2paError as exc:
        verdict.problems.append(f"no readable Content Credentials (C2PA): {exc}")
        return None
    verdict.manifest_label = label
    info = (manifest or {}).get("signature_info") or {}
    verdict.signer = ", ".join(v for v in (info.get("common_name"), info.get("issuer")) if v) or None
    failures = results.get("failure") or []
    codes = {f.get("code") for f in failures}
    verdict.trusted = None if trust_pem is None else UNTRUSTED not in codes and bool(results)
    for failure in failures:
        if failure.get("code") == UNTRUSTED and trust_pem is None:
            verdict.notes.append("signer not checked against a trusted root (use --trust studio-root.pem)")
            continue
        verdict.problems.append(f"C2PA {failure.get('code')}: {failure.get('explanation', '')}".strip())
    successes = {s.get("code") for s in results.get("success") or []}
    for code in REQUIRED_SUCCESSES:
        if code not in successes and code not in codes:
            verdict.problems.append(f"C2PA {code} missing from the validation results")
    return manifest


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
        ("XMP plus:DataMining", tags.xmp_data_mining, mapping.data_mining_value(record, on)),
        ("INFO ICOP", tags.info_icop, mapping.info_copyright(record, on)),
        ("INFO ICMT", tags.info_icmt, mapping.info_comment(record, on)),
    ):
        if found != expected:
            verdict.problems.append(f"{where} does not say what the signed record says")


def _note_expiries(verdict: Verdict, record: ConsentRecord) -> None:
    for actor in record.actors:
        for d in actor.decisions:
            if d.permission.is_grant and not d.is_in_force(verdict.checked_on):
                verdict.notes.append(
                    f"{actor.name}: {d.scope.value} expired on {d.expires}, now counts as not authorized"
                )


def summary_line(verdict: Verdict) -> str:
    """The default one line per file: status, file, take and the four scopes (or the first problems)."""
    if not verdict.valid:
        return f"INVALID {verdict.path}: " + "; ".join(verdict.problems)
    status = "OK" if verdict.authorizes_required is not False else "NOT AUTHORIZED"
    scopes = ", ".join(f"{s.value}={verdict.permissions[s].value}" for s in ALL_SCOPES)
    trust = {True: "trusted", False: "untrusted", None: "signature valid"}[verdict.trusted]
    take = verdict.record.take_id if verdict.record else "?"
    return f"{status} {verdict.path}: take {take}, {trust} ({verdict.signer}); {scopes}"
