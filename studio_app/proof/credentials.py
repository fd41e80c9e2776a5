"""Content Credentials (C2PA) for exported takes, signed without ever holding the audio in memory.

`Builder.sign_file` of c2pa-python reads the whole WAV into memory. Instead the WAV writer reserves a
trailing `C2PA` chunk of the placeholder's size; the writer hashes every byte before that chunk while
it writes them (read back from the file, in order, in parallel with the audio hash), so once every other
byte is final we let the library sign the claim over our hash (its data-hash path,
which the Python wrapper does not expose, so it is declared here on the wrapper's own library handle),
and patch the signed manifest store, exactly as long as the placeholder, into the chunk.
"""

from __future__ import annotations

import ctypes
import json
import os
import struct
import uuid
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import c2pa
from c2pa import c2pa as _native

from studio_app import __version__
from studio_app.core.ai_signals import training_mining_entries
from studio_app.core.record import ConsentRecord
from studio_app.proof.errors import ProofError
from studio_app.proof.identity import StudioIdentity
from studio_app.wav.mapping import record_date
from studio_app.wav.reader import CHUNK_HEADER_SIZE, audio_sha256, hash_range
from studio_app.wav.tagging import TagLayout, TagResult, write_tagged

CONSENT_RECORD_LABEL = "org.consentslate.consent-record"
TRAINING_MINING_LABEL = "cawg.training-mining"
ACTIONS_LABEL = "c2pa.actions"
CHUNK_ID = b"C2PA"
DIGITAL_CAPTURE = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
# The library composes no WAV-specific placeholder; a WAV's C2PA chunk payload is the bare manifest store.
_MANIFEST_STORE_FORMAT = b"application/c2pa"
CLAIM_PADDING = "org.consentslate.padding"

_BytesOut = ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte))
_lib = _native._lib
_lib.c2pa_builder_data_hashed_placeholder.argtypes = [
    ctypes.POINTER(_native.C2paBuilder), ctypes.c_size_t, ctypes.c_char_p, _BytesOut
]
_lib.c2pa_builder_data_hashed_placeholder.restype = ctypes.c_int64
_lib.c2pa_builder_sign_data_hashed_embeddable.argtypes = [
    ctypes.POINTER(_native.C2paBuilder),
    ctypes.POINTER(_native.C2paSigner),
    ctypes.c_char_p,
    ctypes.c_char_p,
    ctypes.POINTER(_native.C2paStream),
    _BytesOut,
]
_lib.c2pa_builder_sign_data_hashed_embeddable.restype = ctypes.c_int64


def manifest_definition(record: ConsentRecord, title: str, label: str, on: date) -> dict[str, Any]:
    """The claim for one exported take: created by capture, its AI-use terms, and our full record."""
    return {
        "label": label,
        "title": title,
        "format": "audio/wav",
        "claim_generator_info": [{"name": "Consent Slate", "version": __version__}],
        "assertions": [
            {
                "label": ACTIONS_LABEL,
                "data": {"actions": [{"action": "c2pa.created", "digitalSourceType": DIGITAL_CAPTURE}]},
            },
            {"label": TRAINING_MINING_LABEL, "data": {"entries": training_mining_entries(record, on)}},
            {"label": CONSENT_RECORD_LABEL, "data": record.to_dict()},
        ],
    }


class CredentialSigner:
    """Signs exported takes with the studio identity; one `PendingCredential` per take.

    With `tsa_url`, each signature is time-stamped there (RFC 3161): it then stays valid after the
    signing certificate expires. Without one, the signatures expire with the certificate.
    """

    def __init__(self, identity: StudioIdentity, tsa_url: str | None = None):
        self.identity = identity
        self.tsa_url = tsa_url or None

    def prepare(self, record: ConsentRecord, title: str, on: date | None = None) -> PendingCredential:
        """Compose the take's claim and its placeholder, whose size the writer reserves as a chunk.

        The placeholder must be even: an odd chunk has a pad byte that the data hash has to exclude on
        its own, which validators report (assertion.dataHash.additionalExclusionsPresent). The library
        pads the signature to the signer's reserve whatever we ask, so an odd claim is composed again
        one byte longer, through a padding field in our claim generator's info.
        """
        label = f"urn:c2pa:{uuid.uuid4()}"
        definition = manifest_definition(record, title, label, on or record_date(record))
        for padding in (None, "", " "):
            if padding is not None:
                definition["claim_generator_info"][0][CLAIM_PADDING] = padding
            signer, builder = self._signer_and_builder(definition, title)
            placeholder = _placeholder(builder, signer.reserve_size(), title)
            if not len(placeholder) & 1:
                return PendingCredential(label=label, placeholder=placeholder, builder=builder, signer=signer)
            builder.close()
            signer.close()
        raise ProofError(title, f"the Content Credentials placeholder has an odd size ({len(placeholder)})")

    def _signer_and_builder(self, definition: dict[str, Any], title: str) -> tuple[c2pa.Signer, c2pa.Builder]:
        tsa = self.tsa_url.encode() if self.tsa_url else None
        try:
            signer = c2pa.Signer.from_info(
                _native.C2paSignerInfo(
                    self.identity.algorithm.encode(), self.identity.chain_pem, self.identity.key_pem, tsa
                )
            )
            return signer, c2pa.Builder(definition)
        except c2pa.C2paError as exc:
            raise ProofError(title, f"cannot prepare Content Credentials: {exc}") from exc


@dataclass
class PendingCredential:
    """A composed, not yet signed manifest for one take: reserve `chunk_size` bytes, then `finalize`."""

    label: str
    placeholder: bytes
    builder: c2pa.Builder
    signer: c2pa.Signer

    @property
    def chunk_size(self) -> int:
        """Payload bytes of the `C2PA` chunk the writer must reserve: even, so the chunk has no pad byte."""
        return len(self.placeholder)

    def finalize(self, fileobj: BinaryIO, layout: TagLayout) -> None:
        """The WAV writer's hook, called once every other byte of the temp file is written."""
        path = getattr(fileobj, "name", "")
        if layout.reserved is None:
            raise ProofError(path, "the writer reserved no C2PA chunk")
        if layout.form != "RIFF":
            # c2pa-rs (0.91) parses RIFF headers only: credentials in an RF64/BW64 file would not verify.
            raise ProofError(path, f"Content Credentials cannot be verified in an {layout.form} file yet")
        self._embed(fileobj, layout.reserved.offset, path, layout.prefix_sha256)

    def _embed(
        self,
        fileobj: BinaryIO,
        chunk_offset: int,
        path: str | os.PathLike = "",
        prefix_sha256: str | None = None,
    ) -> None:
        """Sign over every byte of the file except the `C2PA` chunk at `chunk_offset`, and patch it in.

        The chunk must be the last one, so the hash of [0, chunk_offset) is the data hash: the writer's
        `prefix_sha256` when it gives one (computed while writing), else one streaming pass. The
        one exclusion is the chunk's header and payload (even-sized: no pad byte), exactly where the
        library's WAV reader finds the manifest.
        """
        fileobj.flush()
        fd = fileobj.fileno()
        file_size = os.fstat(fd).st_size
        header = os.pread(fd, CHUNK_HEADER_SIZE, chunk_offset)
        chunk_id, size = struct.unpack("<4sI", header) if len(header) == CHUNK_HEADER_SIZE else (b"", 0)
        excluded = CHUNK_HEADER_SIZE + size
        if chunk_id != CHUNK_ID or size != self.chunk_size:
            raise ProofError(path, f"no reserved C2PA chunk of {self.chunk_size} bytes at {chunk_offset}")
        if chunk_offset + excluded != file_size:
            raise ProofError(path, "the reserved C2PA chunk is not the last chunk of the file")
        exclusions = [{"start": chunk_offset, "length": excluded}]
        if prefix_sha256 is None:
            prefix_sha256 = hash_range(fd, 0, chunk_offset)
        data_hash = {
            "name": "jumbf manifest",
            "alg": "sha256",
            "hash": list(bytes.fromhex(prefix_sha256)),
            "exclusions": exclusions,
            "pad": [],
        }
        out = ctypes.POINTER(ctypes.c_ubyte)()
        with self.builder._exclusive_native_call(), self.signer._native_call():
            size = _lib.c2pa_builder_sign_data_hashed_embeddable(
                self.builder._handle,
                self.signer._handle,
                json.dumps(data_hash).encode(),
                _MANIFEST_STORE_FORMAT,
                None,
                ctypes.byref(out),
            )
            manifest = _take_bytes(out, size, path, "signing the Content Credentials failed")
        self.builder.close()
        self.signer.close()
        if len(manifest) != self.chunk_size:
            raise ProofError(path, f"signed manifest has {len(manifest)} bytes, not {self.chunk_size}")
        os.pwrite(fd, manifest, chunk_offset + CHUNK_HEADER_SIZE)


def _placeholder(builder: c2pa.Builder, reserve: int, title: str) -> bytes:
    """The unsigned manifest store: the signed one comes out exactly as long, both holding a signature
    box padded to the signer's reserve size."""
    out = ctypes.POINTER(ctypes.c_ubyte)()
    with builder._exclusive_native_call():
        size = _lib.c2pa_builder_data_hashed_placeholder(
            builder._handle, reserve, _MANIFEST_STORE_FORMAT, ctypes.byref(out)
        )
        return _take_bytes(out, size, title, "cannot compose the Content Credentials placeholder")


def _take_bytes(out, size: int, path: str | os.PathLike, what: str) -> bytes:
    """Copy bytes the library allocated, free them, and turn its error into ours."""
    if size < 0 or not out:
        raise ProofError(path, f"{what}: {_native._read_native_error() or 'unknown error'}")
    try:
        return ctypes.string_at(out, size)
    finally:
        _lib.c2pa_free(out)


@dataclass(frozen=True)
class SignedTake:
    """A tagged and signed copy of a take, and the label of its C2PA manifest."""

    tagged: TagResult
    manifest_label: str


def write_signed(
    source: str | os.PathLike,
    destination: str | os.PathLike,
    record: ConsentRecord,
    signer: CredentialSigner,
    **tagging_options: Any,
) -> SignedTake:
    """`write_tagged` with Content Credentials: the trailing C2PA chunk is signed before the rename.

    The claim is composed before the audio is copied, so an unknown audio hash costs one read first.
    """
    if not record.audio_sha256:
        record = replace(record, audio_sha256=audio_sha256(source))
    pending = signer.prepare(record, Path(destination).name)
    tagged = write_tagged(
        source,
        destination,
        record,
        reserve_trailing=pending.chunk_size,
        riff_when_it_fits=True,
        finalize=pending.finalize,
        **tagging_options,
    )
    return SignedTake(tagged=tagged, manifest_label=pending.label)
