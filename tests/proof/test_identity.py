"""The studio identity: made once with the extensions C2PA validators demand, key private, importable."""

from __future__ import annotations

import shutil
import stat
import subprocess

import pytest
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from studio_app.appdirs import keys_dir
from studio_app.cli import main
from studio_app.core.model import Studio
from studio_app.proof.errors import ProofError
from studio_app.proof.identity import (
    CHAIN_FILE,
    DOCUMENT_SIGNING,
    KEY_FILE,
    ROOT_FILE,
    create_identity,
    import_identity,
    load_or_create_identity,
)
from studio_app.proof.verify import verify_file
from tests.proof.conftest import consent_record, sign_take


def _import(folder) -> int:
    chain, key = folder / "chain.pem", folder / "key.pem"
    return main(["identity", "import", "--chain", str(chain), "--key", str(key)])


def test_first_use_creates_root_and_signing_certificate_with_c2pa_extensions():
    identity = load_or_create_identity(Studio("Studio Nord"))
    leaf, root = identity.signing_certificate, identity.root_certificate
    ext = leaf.extensions
    assert ext.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert ext.get_extension_for_class(x509.KeyUsage).value.digital_signature
    usages = set(ext.get_extension_for_class(x509.ExtendedKeyUsage).value)
    assert {ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING} <= usages
    assert (
        ext.get_extension_for_class(x509.AuthorityKeyIdentifier).value.key_identifier
        == root.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value.digest
    )
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert identity.algorithm == "es256"
    assert "Studio Nord" in identity.subject


def test_private_key_is_readable_by_the_owner_only_and_reused_next_time():
    first = load_or_create_identity()
    mode = stat.S_IMODE((keys_dir() / KEY_FILE).stat().st_mode)
    assert mode == 0o600
    assert load_or_create_identity().signing_fingerprint == first.signing_fingerprint


def test_imported_chain_signs_and_verifies_against_its_own_root(tmp_path):
    load_or_create_identity()
    external = create_identity(Studio("Real CA customer"))
    (tmp_path / "chain.pem").write_bytes(external.chain_pem)
    (tmp_path / "key.pem").write_bytes(external.key_pem)
    assert _import(tmp_path) == 0
    assert (keys_dir() / ROOT_FILE).read_bytes() == external.root_pem
    take = sign_take(tmp_path, "imported.wav", consent_record("T-imp"))
    assert verify_file(take.path, trust_pem=external.root_pem).trusted is True


def test_import_refuses_a_key_of_another_certificate(tmp_path, capsys):
    one, other = create_identity(Studio("One")), create_identity(Studio("Other"))
    (tmp_path / "chain.pem").write_bytes(one.chain_pem)
    (tmp_path / "key.pem").write_bytes(other.key_pem)
    assert _import(tmp_path) == 1
    assert "does not belong to the first certificate" in capsys.readouterr().err
    assert not (keys_dir() / CHAIN_FILE).exists()


def test_import_refuses_a_file_that_is_not_a_chain(tmp_path):
    (tmp_path / "chain.pem").write_text("hello")
    (tmp_path / "key.pem").write_bytes(create_identity(Studio("x")).key_pem)
    with pytest.raises(ProofError, match=r"chain\.pem: not a PEM certificate chain"):
        import_identity(tmp_path / "chain.pem", tmp_path / "key.pem")


def test_identity_show_prints_both_fingerprints(capsys):
    assert main(["identity", "show"]) == 0
    out = capsys.readouterr().out
    identity = load_or_create_identity()
    assert identity.signing_fingerprint in out and identity.root_fingerprint in out


CA_EXTENSIONS = """
[intermediate]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = emailProtection,1.3.6.1.5.5.7.3.36
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


def _openssl(folder, *args) -> None:
    subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)


def _ca_issued_chain(folder, leaf_key: list[str]) -> None:
    """What a real CA hands out, made by openssl: root (P-256) -> intermediate (P-384) -> leaf, in
    chain.pem leaf first, the leaf's key in key.pem."""
    (folder / "ext.cnf").write_text(CA_EXTENSIONS)
    _openssl(folder, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "root.key")
    _openssl(folder, "req", "-x509", "-new", "-key", "root.key", "-subj", "/CN=Test Root CA/O=Test CA",
             "-days", "3650", "-out", "root.pem", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    _openssl(folder, "ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "inter.key")
    _openssl(folder, "req", "-new", "-key", "inter.key", "-subj", "/CN=Test Intermediate/O=Test CA",
             "-out", "inter.csr")
    _openssl(folder, "x509", "-req", "-in", "inter.csr", "-CA", "root.pem", "-CAkey", "root.key",
             "-CAcreateserial", "-days", "1825", "-extfile", "ext.cnf", "-extensions", "intermediate",
             "-out", "inter.pem")
    _openssl(folder, "genpkey", *leaf_key, "-out", "key.pem")
    _openssl(folder, "req", "-new", "-key", "key.pem", "-subj", "/CN=Studio Nord signing/O=Studio Nord",
             "-out", "leaf.csr")
    _openssl(folder, "x509", "-req", "-in", "leaf.csr", "-CA", "inter.pem", "-CAkey", "inter.key",
             "-CAcreateserial", "-days", "365", "-extfile", "ext.cnf", "-extensions", "leaf",
             "-out", "leaf.pem")
    parts = [(folder / name).read_bytes() for name in ("leaf.pem", "inter.pem", "root.pem")]
    (folder / "chain.pem").write_bytes(b"".join(parts))


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
@pytest.mark.parametrize(
    ("leaf_key", "algorithm"),
    [
        (["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"], "es256"),
        (["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"], "ps256"),
        (["-algorithm", "ED25519"], "ed25519"),
    ],
    ids=["ec-p256", "rsa", "ed25519"],
)
def test_chain_from_a_ca_with_an_intermediate_imports_signs_and_verifies(
    tmp_path, capsys, leaf_key, algorithm
):
    _ca_issued_chain(tmp_path, leaf_key)
    assert _import(tmp_path) == 0
    assert f"algorithm {algorithm}" in capsys.readouterr().out
    assert (keys_dir() / ROOT_FILE).read_bytes() == (tmp_path / "root.pem").read_bytes()
    take = sign_take(tmp_path, "ca.wav", consent_record("T-ca"))
    verdict = verify_file(take.path, trust_pem=(tmp_path / "root.pem").read_bytes())
    assert verdict.valid and verdict.trusted is True, verdict.problems
    assert "Studio Nord signing" in verdict.signer
    elsewhere = verify_file(take.path, trust_pem=create_identity(Studio("Someone else")).root_pem)
    assert elsewhere.trusted is False and not elsewhere.valid


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_a_chain_that_stops_at_the_intermediate_is_refused_naming_what_to_append(tmp_path, capsys):
    """Without its root, the intermediate would go out as 'studio-root.pem' and show as the root."""
    _ca_issued_chain(tmp_path, ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"])
    leaf, intermediate = ((tmp_path / name).read_bytes() for name in ("leaf.pem", "inter.pem"))
    (tmp_path / "chain.pem").write_bytes(leaf + intermediate)
    assert _import(tmp_path) == 1
    err = capsys.readouterr().err
    assert "CN=Test Intermediate" in err and "not at a root" in err
    assert not (keys_dir() / CHAIN_FILE).exists()
    (tmp_path / "chain.pem").write_bytes(leaf)
    assert _import(tmp_path) == 1
    assert "not at a root" in capsys.readouterr().err
