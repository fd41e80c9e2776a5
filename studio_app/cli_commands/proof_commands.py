"""`verify` (what a recipient runs on delivered takes), `identity` (the studio's signing certificate) and
`reexport` (deliveries outdated by a revocation, and their corrected copies)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from studio_app.cli import EXIT_FAILED, EXIT_GATE_REFUSED, EXIT_NOT_AUTHORIZED, EXIT_OK, EXIT_USAGE
from studio_app.cli_commands.common import fail_line, ledger_option, with_ledger
from studio_app.core.scopes import Purpose, Scope
from studio_app.proof.errors import ProofError

if TYPE_CHECKING:
    from studio_app.proof.identity import StudioIdentity
    from studio_app.services.ledger import Ledger


def register(subparsers: argparse._SubParsersAction) -> None:
    verify = subparsers.add_parser(
        "verify",
        help="check delivered WAVs: signed Content Credentials, consent record, audio hash, permissions",
        description="Exit 0: every file valid (and authorizes --require); 1: a file is invalid, altered or "
        "has no record; 4: all valid but some do not authorize the required scope.",
    )
    verify.add_argument("files", nargs="*", type=Path, metavar="FILE")
    verify.add_argument(
        "--manifest", type=Path, metavar="manifest.json",
        help="also check the delivery's manifest: its signature (manifest.json.p7s) and every file it lists",
    )
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

    reexport = subparsers.add_parser(
        "reexport",
        help="after a revocation: list outdated deliveries, or export their takes again as decided now",
        parents=[ledger_option()],
    )
    which = reexport.add_mutually_exclusive_group(required=True)
    which.add_argument("--list", metavar="SESSION", help="the session's deliveries with superseded decisions")
    which.add_argument("--delivery", metavar="ID", help="the delivery to correct")
    reexport.add_argument("--to", type=Path, metavar="DIR", help="folder for the corrected copies")
    reexport.add_argument(
        "--purpose", choices=[p.value for p in Purpose], default=Purpose.DELIVERY.value,
        help="declared purpose of the corrected copies (default: delivery)",
    )
    reexport.set_defaults(handler=with_ledger(run_reexport))


def run_verify(args: argparse.Namespace) -> int:
    from studio_app.proof.verify import summary_line, verify_file

    trust = None
    if args.trust is not None:
        try:
            trust = args.trust.read_bytes()
        except OSError as exc:
            fail_line(args.trust, f"cannot read the trusted root: {exc.strerror or exc}")
            return EXIT_USAGE
        trust = _pem_certificates(trust)
        if trust is None:
            fail_line(args.trust, "not a PEM certificate (the delivery's studio-root.pem is one)")
            return EXIT_USAGE
    if not args.files and args.manifest is None:
        fail_line("verify", "name the files to check, or --manifest manifest.json")
        return EXIT_USAGE
    manifest_ok = args.manifest is None or _verify_manifest(args.manifest, trust)
    require = Scope(args.require) if args.require else None
    verdicts = [verify_file(path, trust_pem=trust, require=require) for path in args.files]
    if args.json:
        print(json.dumps([v.to_dict() for v in verdicts], ensure_ascii=False, indent=2))
    else:
        for verdict in verdicts:
            print(summary_line(verdict))
    if not manifest_ok or not all(v.valid for v in verdicts):
        return EXIT_FAILED
    if require is not None and not all(v.authorizes_required for v in verdicts):
        return EXIT_NOT_AUTHORIZED
    return EXIT_OK


def _verify_manifest(path: Path, trust: bytes | None) -> bool:
    """One line for a good manifest (stdout), one per problem (stderr); untrusted counts as a problem."""
    from studio_app.proof.manifest_signature import check_manifest

    check = check_manifest(path, trust)
    for problem in check.problems:
        print(problem, file=sys.stderr)
    if check.ok:
        signer = check.signature.signer if check.signature else ""
        trusted = "trusted" if check.signature and check.signature.trusted else "signer not checked (--trust)"
        print(f"OK {path}: signed by {signer}, {trusted}; {check.files} file(s) as listed")
    return check.ok


def _pem_certificates(data: bytes) -> bytes | None:
    """The trust list's certificates alone, as plain PEM; None when it holds none (anything else would
    fail every file for a wrong reason). Text around them, such as a note in Chinese or `openssl x509
    -text` output, is dropped: the C2PA library takes ASCII PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    try:
        certificates = x509.load_pem_x509_certificates(data)
    except ValueError:
        return None
    return b"".join(certificate.public_bytes(Encoding.PEM) for certificate in certificates)


def run_identity_show(args: argparse.Namespace) -> int:
    from studio_app.proof.identity import load_or_create_identity

    _print_identity(load_or_create_identity())
    return EXIT_OK


def run_identity_import(args: argparse.Namespace) -> int:
    from studio_app.proof.identity import import_identity

    try:
        identity = import_identity(args.chain, args.key)
    except ProofError as exc:
        fail_line(exc.path, exc.reason)
        return EXIT_FAILED
    _print_identity(identity)
    return EXIT_OK


def run_reexport(args: argparse.Namespace, ledger: Ledger) -> int:
    from studio_app.services.export import ExportRefused
    from studio_app.services.revocation import outdated_deliveries, reexport_delivery

    if args.list:
        session_id = ledger.resolve("session", args.list)
        _print_unfinished_deliveries(ledger, session_id)
        for outdated in outdated_deliveries(ledger, session_id):
            d = outdated.delivery
            print(f"delivery {d.id[:8]} {d.delivered_at} to {d.recipient or '-'} ({d.purpose.value})")
            for take_id, decisions in outdated.superseded.items():
                ids = ", ".join(x[:8] for x in decisions)
                print(f"  take {take_id[:8]}: carries superseded decision(s) {ids}")
        return EXIT_OK
    if args.to is None:
        fail_line("reexport", "--to DIR is required with --delivery")
        return EXIT_USAGE
    try:
        report = reexport_delivery(
            ledger, ledger.resolve("delivery", args.delivery), args.to, purpose=Purpose(args.purpose)
        )
    except ExportRefused as exc:
        for line in exc.verdict.take_lines():
            fail_line(args.delivery, line)
        return EXIT_GATE_REFUSED
    for take in report.takes:
        print(f"{take.take_id[:8]}\t{report.folder / take.file_name}")
    print(f"delivery {report.delivery_id}: {len(report.takes)} corrected take(s), {report.recipient or '-'}")
    return EXIT_OK


def _print_unfinished_deliveries(ledger: Ledger, session_id: str) -> None:
    """Exports that never finished: nothing of them was delivered, but the ledger keeps that they began."""
    from studio_app.core.model import DeliveryState

    unfinished = ledger.delivery_attempts([DeliveryState.INTERRUPTED, DeliveryState.STAGING], session_id)
    for attempt in unfinished:
        state = (
            "interrupted, nothing was delivered"
            if attempt.state is DeliveryState.INTERRUPTED
            else "unfinished (still running, or killed: the next export to its folder cleans it up)"
        )
        print(
            f"delivery {attempt.id[:8]} {attempt.started_at} to {attempt.recipient or '-'}"
            f" ({attempt.purpose.value}): {state}; {len(attempt.take_ids)} take(s) for {attempt.destination}"
        )


def _print_identity(identity: StudioIdentity) -> None:
    print(f"signing certificate: {identity.subject}")
    print(f"  SHA-256 {identity.signing_fingerprint}")
    until = identity.signing_certificate.not_valid_after_utc
    print(f"  algorithm {identity.algorithm}, valid until {until:%Y-%m-%d}")
    print(f"root certificate: {identity.root_certificate.subject.rfc4514_string()}")
    print(f"  SHA-256 {identity.root_fingerprint}")
