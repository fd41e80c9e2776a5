"""The detached signature of a delivery's manifest.json: CMS (RFC 5652) SignedData in DER, by the studio's
signing certificate, so any recipient can check it with the delivery's studio-root.pem, with our `verify
--manifest` or with OpenSSL alone:

    openssl cms -verify -binary -inform DER -in manifest.json.p7s -content manifest.json \
        -CAfile studio-root.pem -purpose any -out /dev/null

The signature has no signed attributes, so it is over the manifest's bytes themselves: the few lines of
DER reading below find it without a general ASN.1 library.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs7

from studio_app.proof.errors import ProofError
from studio_app.proof.identity import StudioIdentity

SIGNATURE_SUFFIX = ".p7s"
_SEQUENCE, _SET, _OCTET_STRING, _CONTEXT_0 = 0x30, 0x31, 0x04, 0xA0


def sign_manifest(identity: StudioIdentity, manifest: bytes) -> bytes:
    """A detached CMS signature of the manifest's bytes carrying the signing chain (not the root)."""
    key = serialization.load_pem_private_key(identity.key_pem, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise ProofError("studio identity", f"a {type(key).__name__} key cannot sign the manifest (CMS)")
    chain = x509.load_pem_x509_certificates(identity.chain_pem)
    builder = pkcs7.PKCS7SignatureBuilder().set_data(manifest).add_signer(chain[0], key, hashes.SHA256())
    for certificate in chain[1:]:
        builder = builder.add_certificate(certificate)
    options = pkcs7.PKCS7Options
    return builder.sign(
        serialization.Encoding.DER, [options.DetachedSignature, options.Binary, options.NoAttributes]
    )


@dataclass(frozen=True)
class ManifestSignature:
    """What the signature says: valid over these bytes, by whom, and whether that signer chains to a root
    the recipient trusts (None when no root was given)."""

    valid: bool
    signer: str
    trusted: bool | None
    problem: str | None = None


def check_manifest_signature(
    manifest: bytes, signature: bytes, trust_pem: bytes | None, on: dt.datetime | None = None
) -> ManifestSignature:
    try:
        certificates = pkcs7.load_der_pkcs7_certificates(signature)
        value = _signature_value(signature)
    except (ValueError, IndexError, UnsupportedAlgorithm) as exc:
        return ManifestSignature(False, "", None, f"not a CMS signature ({exc})")
    leaf = next((c for c in certificates if _verifies(c, manifest, value)), None)
    if leaf is None:
        return ManifestSignature(False, "", None, "the signature does not match manifest.json (altered?)")
    signer = leaf.subject.rfc4514_string()
    if trust_pem is None:
        return ManifestSignature(True, signer, None)
    roots = x509.load_pem_x509_certificates(trust_pem)
    problem = _chain_problem(leaf, certificates, roots, on or dt.datetime.now(dt.UTC))
    return ManifestSignature(True, signer, problem is None, problem)


def _verifies(certificate: x509.Certificate, data: bytes, value: bytes) -> bool:
    key = certificate.public_key()
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(value, data, ec.ECDSA(hashes.SHA256()))
        elif isinstance(key, rsa.RSAPublicKey):
            key.verify(value, data, padding.PKCS1v15(), hashes.SHA256())
        else:
            return False
    except InvalidSignature:
        return False
    return True


def _chain_problem(
    leaf: x509.Certificate, carried: list[x509.Certificate], roots: list[x509.Certificate], on: dt.datetime
) -> str | None:
    """Why the leaf does not chain up to one of the roots through the carried certificates, or None."""
    current, seen = leaf, 0
    while seen <= len(carried):
        if not current.not_valid_before_utc <= on <= current.not_valid_after_utc:
            return f"certificate {current.subject.rfc4514_string()} is not valid on {on.date()}"
        for root in roots:
            if _issued_by(current, root):
                return None
        issuer = next((c for c in carried if c != current and _issued_by(current, c)), None)
        if issuer is None:
            return "the signer does not chain up to the trusted root"
        current, seen = issuer, seen + 1
    return "the signer does not chain up to the trusted root"


def _issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def _signature_value(der: bytes) -> bytes:
    """The first SignerInfo's signature: ContentInfo → [0] SignedData → signerInfos (the last SET) → its
    first SignerInfo → the OCTET STRING after the signature algorithm (its last element, no attributes)."""
    content_info = _children(_read(der, 0)[1])
    signed_data = _children(_read(content_info[1][1], 0)[1])
    signer_infos = signed_data[-1]
    if signer_infos[0] != _SET:
        raise ValueError("no signer infos")
    signer_info = _children(signer_infos[1])[0]
    if signer_info[0] != _SEQUENCE:
        raise ValueError("signer info is not a sequence")
    tag, value = _children(signer_info[1])[-1]
    if tag != _OCTET_STRING:
        raise ValueError("signed attributes are not expected")
    return value


def _children(data: bytes) -> list[tuple[int, bytes]]:
    items, offset = [], 0
    while offset < len(data):
        tag, value, offset = _read(data, offset)
        items.append((tag, value))
    return items


def _read(data: bytes, offset: int) -> tuple[int, bytes, int]:
    """One DER element at `offset`: (tag, contents, offset after it)."""
    tag, length = data[offset], data[offset + 1]
    offset += 2
    if length & 0x80:
        count = length & 0x7F
        if not 0 < count <= 4:
            raise ValueError("unsupported DER length")
        length = int.from_bytes(data[offset : offset + count], "big")
        offset += count
    if offset + length > len(data):
        raise ValueError("truncated DER")
    return tag, data[offset : offset + length], offset + length


@dataclass(frozen=True)
class ManifestCheck:
    """`verify --manifest`: the manifest's signature and every file it lists, as found beside it."""

    path: Path
    signature: ManifestSignature | None
    files: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_manifest(path: Path, trust_pem: bytes | None) -> ManifestCheck:
    """Check manifest.json against its detached signature (`manifest.json.p7s` beside it) and the SHA-256
    of every take and file it lists (the files in its folder); each problem one line."""
    problems: list[str] = []
    try:
        manifest = path.read_bytes()
        listed = _listed_files(json.loads(manifest))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else f"not a delivery manifest ({exc})"
        return ManifestCheck(path, None, 0, (f"{path}: {reason}",))
    signature_path = path.with_name(path.name + SIGNATURE_SUFFIX)
    try:
        signature = check_manifest_signature(manifest, signature_path.read_bytes(), trust_pem)
    except FileNotFoundError:
        signature = None
        problems.append(f"{signature_path}: missing: the manifest is not signed (an older delivery?)")
    if signature is not None and signature.problem:
        problems.append(f"{path}: {signature.problem}")
    for name, expected in listed:
        try:
            with open(path.parent / name, "rb") as f:
                found = hashlib.file_digest(f, "sha256").hexdigest()
        except OSError as exc:
            problems.append(f"{path.parent / name}: listed in the manifest, {exc.strerror or exc}")
            continue
        if found != expected:
            problems.append(f"{path.parent / name}: SHA-256 differs from the manifest's (altered)")
    return ManifestCheck(path, signature, len(listed), tuple(problems))


def _listed_files(manifest: dict) -> list[tuple[str, str]]:
    """(file name, SHA-256) of every take and other file the manifest lists; names stay in its folder."""
    entries = [*manifest["takes"], *manifest.get("files", [])]
    listed = [(str(e["file_name"]), str(e["sha256"])) for e in entries]
    for name, _ in listed:
        if Path(name).name != name or name in ("", ".", ".."):
            raise ValueError(f"file name {name!r} leaves the delivery folder")
    return listed
