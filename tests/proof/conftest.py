"""Signed takes for the proof tests: real WAVs made by ffmpeg, tagged by the engine, signed with a studio
identity made in the test's own data folder, plus a chunk-level rewriter for the tamper cases."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from studio_app.core.model import Studio
from studio_app.core.record import ActorConsent, ConsentRecord, ScopeDecision
from studio_app.core.scopes import ALL_SCOPES, Method, Permission, Scope
from studio_app.proof.credentials import CredentialSigner, SignedTake, write_signed
from studio_app.proof.identity import load_or_create_identity
from studio_app.wav.reader import read_chunk, read_wav
from tests.conftest import PROJECT_ROOT
from tests.wav.conftest import chunk, ffmpeg_wav, riff


def actor(name: str, grants: dict[Scope, Permission], *, expires: str | None = None) -> ActorConsent:
    """A performer who refuses every scope not in `grants`; conditional grants carry a text and expiry."""
    decisions = []
    for n, scope in enumerate(ALL_SCOPES):
        permission = grants.get(scope, Permission.NOT_AUTHORIZED)
        conditional = permission is Permission.AUTHORIZED_WITH_CONDITIONS
        decisions.append(
            ScopeDecision(
                scope=scope,
                permission=permission,
                decision_id=f"{name}-{n}",
                recorded_at="2026-11-20T10:00:00+00:00",
                recorded_by=name if permission.is_grant else "engineer",
                method=Method.ACTOR_CONFIRMATION if permission.is_grant else Method.ENGINEER_RESTRICTION,
                reason=None if permission.is_grant else "not discussed",
                conditions="internal prototypes only" if conditional else None,
                expires=expires if conditional else None,
                terms_version="v1" if permission.is_grant else None,
            )
        )
    return ActorConsent(actor_id=f"actor-{name}", name=name, decisions=tuple(decisions))


def consent_record(take_id: str, *actors: ActorConsent) -> ConsentRecord:
    return ConsentRecord(
        take_id=take_id,
        audio_sha256="",
        actors=actors or (actor("林小雨", {}),),
        issued_at="2026-11-25T09:00:00+00:00",
        studio="Studio Nord",
        session_id="S-1",
        session_title="配音 Session 1",
        take_label=f"{take_id} take",
    )


@dataclass(frozen=True)
class SignedFile:
    path: Path
    signed: SignedTake

    @property
    def record(self) -> ConsentRecord:
        return self.signed.tagged.record


def sign_take(folder: Path, name: str, record: ConsentRecord, tone: int = 440) -> SignedFile:
    """An ffmpeg-made take, tagged and signed by the real pipeline into `folder/out/name`."""
    source = ffmpeg_wav(folder / f"source-{name}", "-c:a", "pcm_s24le", source=f"sine=f={tone}:d=0.3:r=48000")
    (folder / "out").mkdir(exist_ok=True)
    signer = CredentialSigner(load_or_create_identity(Studio("Studio Nord")))
    return SignedFile(folder / "out" / name, write_signed(source, folder / "out" / name, record, signer))


def rewrite_chunks(source: Path, destination: Path, replace: dict[str, bytes | None]) -> Path:
    """A copy of `source` with some chunk payloads replaced (None drops the chunk): a hand-made edit."""
    wav = read_wav(source)
    with open(source, "rb") as f:
        parts = []
        for c in wav.chunks:
            if c.id in replace:
                if replace[c.id] is not None:
                    parts.append(chunk(c.id.encode("latin-1"), replace[c.id]))
                continue
            f.seek(c.data_offset)
            parts.append(chunk(c.id.encode("latin-1"), f.read(c.size)))
    destination.write_bytes(riff(*parts))
    return destination


def payload(path: Path, chunk_id: str) -> bytes:
    wav = read_wav(path)
    return read_chunk(wav, wav.find(chunk_id))


@pytest.fixture
def signed(tmp_path) -> SignedFile:
    """One take: Ann authorizes AI training plainly and research with conditions, refuses the rest."""
    grants = {
        Scope.AI_TRAINING: Permission.AUTHORIZED,
        Scope.AI_RESEARCH: Permission.AUTHORIZED_WITH_CONDITIONS,
    }
    ann = actor("Ann Lee", grants, expires="2030-01-01")
    return sign_take(tmp_path, "take-1.wav", consent_record("T-1", ann))


def run_with_peak_rss(code: str, *args: str) -> tuple[subprocess.CompletedProcess, int]:
    """Run `code` in a fresh interpreter (in the project folder) and return its own peak RSS in bytes:
    VmHWM of its memory map, which exec starts afresh (ru_maxrss would carry the pytest process's peak
    over the fork and exec). Linux only."""
    report = "import atexit, sys\natexit.register(lambda: print(next(line for line in " \
        "open('/proc/self/status') if line.startswith('VmHWM:')), file=sys.stderr))\n"
    run = subprocess.run([sys.executable, "-c", report + code, *args], cwd=PROJECT_ROOT,
                         capture_output=True, text=True)
    peak_kib = int(run.stderr.split("VmHWM:")[-1].split()[0])
    return run, peak_kib << 10
