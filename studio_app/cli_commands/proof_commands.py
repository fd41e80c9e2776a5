"""`verify` (what a recipient runs on delivered takes) and `identity` (the studio's signing certificate)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from studio_app.cli_commands.common import fail_line
from studio_app.core.scopes import Scope
from studio_app.proof.errors import ProofError
from studio_app.proof.identity import StudioIdentity, import_identity, load_or_create_identity
from studio_app.proof.verify import summary_line, verify_file

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NOT_AUTHORIZED = 0, 1, 2, 4


def register(subparsers: argparse._SubParsersAction) -> None:
    verify = subparsers.add_parser(
        "verify",
        help="check delivered WAVs: signed Content Credentials, consent record, audio hash, permissions",
        description="Exit 0: every file valid (and authorizes --require); 1: a file is invalid, altered or "
        "has no record; 4: all valid but some do not authorize the required scope.",
    )
    verify.add_argument("files", nargs="+", type=Path, metavar="FILE")
    verify.add_argument("--json", action="store_true", help="full detail as JSON")
    verify.add_argument(
        "--require", choices=[s.value for s in Scope], help="the AI use the files must authorize today"
    )
    verify.add_argument(
        "--trust", type=Path, metavar="ROOT.pem", help="trusted root certificate(s); untrusted signers fail"
    )
    verify.set_defaults(handler=run_verify)

    identity = subparsers.add_parser("identity", help="the studio's Content Credentials signing identity")
    actions = identity.add_subparsers(dest="identity_command", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="certificate fingerprints (created if absent)")
    show.set_defaults(handler=run_identity_show)
    imported = actions.add_parser("import", help="sign with a chain and key from a real CA")
    imported.add_argument("--chain", type=Path, required=True, help="PEM chain, signing certificate first")
    imported.add_argument("--key", type=Path, required=True, help="unencrypted PEM private key")
    imported.set_defaults(handler=run_identity_import)


def run_verify(args: argparse.Namespace) -> int:
    trust = None
    if args.trust is not None:
        try:
            trust = args.trust.read_bytes()
        except OSError as exc:
            fail_line(args.trust, f"cannot read the trusted root: {exc.strerror or exc}")
            return EXIT_USAGE
    require = Scope(args.require) if args.require else None
    verdicts = [verify_file(path, trust_pem=trust, require=require) for path in args.files]
    if args.json:
        print(json.dumps([v.to_dict() for v in verdicts], ensure_ascii=False, indent=2))
    else:
        for verdict in verdicts:
            print(summary_line(verdict))
    if not all(v.valid for v in verdicts):
        return EXIT_FAILED
    if require is not None and not all(v.authorizes_required for v in verdicts):
        return EXIT_NOT_AUTHORIZED
    return EXIT_OK


def run_identity_show(args: argparse.Namespace) -> int:
    _print_identity(load_or_create_identity())
    return EXIT_OK


def run_identity_import(args: argparse.Namespace) -> int:
    try:
        identity = import_identity(args.chain, args.key)
    except ProofError as exc:
        fail_line(exc.path, exc.reason)
        return EXIT_FAILED
    _print_identity(identity)
    return EXIT_OK


def _print_identity(identity: StudioIdentity) -> None:
    print(f"signing certificate: {identity.subject}")
    print(f"  SHA-256 {identity.signing_fingerprint}")
    until = identity.signing_certificate.not_valid_after_utc
    print(f"  algorithm {identity.algorithm}, valid until {until:%Y-%m-%d}")
    print(f"root certificate: {identity.root_certificate.subject.rfc4514_string()}")
    print(f"  SHA-256 {identity.root_fingerprint}")
