"""The studio's signing identity: the certificate chain and key that sign every export's Content Credentials.

On first use the app makes its own small PKI (a studio root CA and an ES256 signing certificate issued by
it); a studio can instead import a chain and key issued by a real CA. The root goes out with every
delivery (studio-root.pem) so a recipient can decide to trust it.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from studio_app.appdirs import keys_dir
from studio_app.core.model import Studio
from studio_app.proof.errors import ProofError
from studio_app.proof.studio import UNNAMED, load_studio

ROOT_FILE = "c2pa-root.pem"
CHAIN_FILE = "c2pa-signing.pem"
KEY_FILE = "c2pa-signing-key.pem"

DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
_ROOT_YEARS = 20
_SIGNING_YEARS = 10


@dataclass(frozen=True)
class StudioIdentity:
    """The signing certificate chain (leaf first), its private key and the root recipients may trust."""

    chain_pem: bytes
    key_pem: bytes
    root_pem: bytes

    @property
    def signing_certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificates(self.chain_pem)[0]

    @property
    def root_certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.root_pem)

    @property
    def algorithm(self) -> str:
        """The C2PA signing algorithm name that fits the key."""
        return signing_algorithm(serialization.load_pem_private_key(self.key_pem, password=None))

    @property
    def signing_fingerprint(self) -> str:
        return fingerprint(self.signing_certificate)

    @property
    def root_fingerprint(self) -> str:
        return fingerprint(self.root_certificate)

    @property
    def subject(self) -> str:
        return self.signing_certificate.subject.rfc4514_string()


def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the DER certificate, as colon-separated hex: what `openssl x509 -fingerprint` shows."""
    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


def signing_algorithm(key) -> str:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        by_curve = {"secp256r1": "es256", "secp384r1": "es384", "secp521r1": "es512"}
        if key.curve.name in by_curve:
            return by_curve[key.curve.name]
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return "ed25519"
    if isinstance(key, rsa.RSAPrivateKey):
        return "ps256"
    raise ValueError(f"a {type(key).__name__} key cannot sign Content Credentials")


def load_or_create_identity(studio: Studio | None = None) -> StudioIdentity:
    """The identity in keys_dir(); created there on first use (the first export signs with it) for
    `studio`, else the studio as set (`consent-slate studio set`), else an unnamed one."""
    folder = keys_dir()
    if (folder / CHAIN_FILE).exists():
        return load_identity(folder)
    identity = create_identity(studio or load_studio() or Studio(UNNAMED))
    _store(identity, folder)
    return identity


def load_identity(folder: Path) -> StudioIdentity:
    paths = [folder / CHAIN_FILE, folder / KEY_FILE, folder / ROOT_FILE]
    for path in paths:
        if not path.exists():
            raise ProofError(path, "studio identity file is missing")
    chain, key, root = (p.read_bytes() for p in paths)
    return StudioIdentity(chain_pem=chain, key_pem=key, root_pem=root)


def create_identity(studio: Studio, now: dt.datetime | None = None) -> StudioIdentity:
    """A root CA and a signing certificate with the extensions C2PA validators require of each; both
    name the studio, the signing certificate with its address and contact too."""
    now = now or dt.datetime.now(dt.UTC)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name(Studio(studio.name), "Consent Slate root")
    root_ski = x509.SubjectKeyIdentifier.from_public_key(root_key.public_key())
    issued_by_root = x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(root_ski)
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name)
        .issuer_name(root_name)
        .public_key(root_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * _ROOT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(root_ski, critical=False)
        .add_extension(issued_by_root, critical=False)
        .sign(root_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name(studio, "Consent Slate signing"))
        .issuer_name(root_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * _SIGNING_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(issued_by_root, critical=False)
        .sign(root_key, hashes.SHA256())
    )
    root_pem = root.public_bytes(serialization.Encoding.PEM)
    return StudioIdentity(
        chain_pem=leaf.public_bytes(serialization.Encoding.PEM) + root_pem,
        key_pem=_key_pem(key),
        root_pem=root_pem,
    )


def import_identity(chain_path: Path, key_path: Path) -> StudioIdentity:
    """Replace the studio identity with a chain (leaf first, up to the root) and key from elsewhere."""
    identity = read_identity_files(chain_path, key_path)
    _store(identity, keys_dir())
    return identity


def read_identity_files(chain_path: Path, key_path: Path) -> StudioIdentity:
    """Check that the chain parses, the key belongs to its first certificate and can sign C2PA."""
    try:
        certificates = x509.load_pem_x509_certificates(Path(chain_path).read_bytes())
    except (OSError, ValueError) as exc:
        raise ProofError(chain_path, f"not a PEM certificate chain ({exc})") from exc
    try:
        key = serialization.load_pem_private_key(Path(key_path).read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise ProofError(key_path, f"not an unencrypted PEM private key ({exc})") from exc
    try:
        signing_algorithm(key)
    except ValueError as exc:
        raise ProofError(key_path, str(exc)) from exc
    leaf = certificates[0]
    if _public_der(leaf.public_key()) != _public_der(key.public_key()):
        raise ProofError(key_path, "the key does not belong to the first certificate of the chain")
    basic = _extension(leaf, x509.BasicConstraints)
    if basic is not None and basic.ca:
        raise ProofError(chain_path, "the first certificate is a CA, not a signing certificate")
    top = certificates[-1]
    if len(certificates) < 2 or not _self_signed(top):
        raise ProofError(
            chain_path,
            f"the chain ends at {top.subject.rfc4514_string()!r}, not at a root: append the CA's "
            "self-signed root certificate (it goes out with every delivery for recipients to trust)",
        )
    return StudioIdentity(
        chain_pem=b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates),
        key_pem=_key_pem(key),
        root_pem=certificates[-1].public_bytes(serialization.Encoding.PEM),
    )


def _self_signed(certificate: x509.Certificate) -> bool:
    try:
        certificate.verify_directly_issued_by(certificate)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _store(identity: StudioIdentity, folder: Path) -> None:
    """Each file written to a temp name then renamed; the private key is never readable by others."""
    for name, data, mode in (
        (KEY_FILE, identity.key_pem, 0o600),
        (ROOT_FILE, identity.root_pem, 0o644),
        (CHAIN_FILE, identity.chain_pem, 0o644),
    ):
        temp = folder / f".{name}.tmp"
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        os.replace(temp, folder / name)


DESCRIPTION = ObjectIdentifier("2.5.4.13")
"""X.520 description (a UTF-8 DirectoryString): the studio's contact when it is not an e-mail address."""
COMMON_NAME_LIMIT = 64
"""UTF-8 bytes of a certificate's CN (RFC 5280 ub-common-name, as the cryptography package counts it)."""


def _name(studio: Studio, role: str) -> x509.Name:
    """CN `<studio> — <role>` (cut to X.509's 64 bytes, the full name is in O), O the studio, then its
    street address, and its contact as emailAddress when it is one (ASCII), else as a description."""
    suffix = f" — {role}".encode()
    room = COMMON_NAME_LIMIT - len(suffix)
    common = (studio.name.encode()[:room] + suffix).decode(errors="ignore")  # a cut character is dropped
    attributes = [
        x509.NameAttribute(NameOID.COMMON_NAME, common),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, studio.name),
    ]
    if studio.address:
        attributes.append(x509.NameAttribute(NameOID.STREET_ADDRESS, studio.address))
    if studio.contact:
        email = "@" in studio.contact and studio.contact.isascii() and " " not in studio.contact
        kind = NameOID.EMAIL_ADDRESS if email else DESCRIPTION
        attributes.append(x509.NameAttribute(kind, studio.contact))
    return x509.Name(attributes)


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _key_pem(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _public_der(public_key) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _extension(certificate: x509.Certificate, kind):
    try:
        return certificate.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None
