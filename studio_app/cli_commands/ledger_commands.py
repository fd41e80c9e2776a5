"""`session`, `actor`, `take`, `decide`, `status`, `export`, `audit`: the ledger from the command line.

No command here records a permission: only the actor can, on the talent screen. Ids may be given by
their first 8 characters when unique. Every command takes `--db PATH` (else $CONSENT_SLATE_DB).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from studio_app.cli import EXIT_FAILED, EXIT_GATE_REFUSED, EXIT_OK, EXIT_USAGE
from studio_app.cli_commands.common import fail_line, ledger_option, resolve_ids, with_ledger
from studio_app.core.model import ContractStatus
from studio_app.core.scopes import ALL_SCOPES, Purpose, Scope
from studio_app.services.ledger.decisions import apply_session_default, record_restriction
from studio_app.services.ledger.intake import import_take
from studio_app.wav.errors import WavError

if TYPE_CHECKING:
    from studio_app.services.ledger import Ledger, TakeOverview

TALENT_SCREEN_ONLY = (
    "a permission can only be given by the actor, on the talent screen, with the exact terms shown; "
    "this command can only record 'not authorized' (--not-authorized --reason TEXT)"
)

def register(subparsers: argparse._SubParsersAction) -> None:
    db = ledger_option()

    session = subparsers.add_parser("session", help="recording sessions").add_subparsers(
        dest="session_command", metavar="ACTION", required=True
    )
    new = session.add_parser("new", parents=[db], help="create a session; prints its id")
    new.add_argument("--title", required=True)
    new.add_argument("--client", default="")
    new.add_argument("--studio", default="")
    new.add_argument("--engineer", default="")
    new.add_argument("--date", default="", help="YYYY-MM-DD (default: today)")
    new.add_argument("--contract", default=None, metavar="REF", help="contract reference")
    new.add_argument(
        "--contract-status", choices=[s.value for s in ContractStatus], default=ContractStatus.NONE.value
    )
    new.add_argument("--ai-scope-text", default=None, metavar="TEXT", help="the contract's AI clause scope")
    new.set_defaults(handler=with_ledger(_session_new))
    listing = session.add_parser("list", parents=[db], help="list sessions")
    listing.set_defaults(handler=with_ledger(_session_list))

    actor = subparsers.add_parser("actor", help="actors of a session").add_subparsers(
        dest="actor_command", metavar="ACTION", required=True
    )
    add_actor = actor.add_parser("add", parents=[db], help="add an actor to a session; prints its id")
    add_actor.add_argument("--session", required=True)
    add_actor.add_argument("--name", required=True, help="legal name (any script)")
    add_actor.add_argument("--stage-name", default=None)
    add_actor.set_defaults(handler=with_ledger(_actor_add))

    take = subparsers.add_parser("take", help="takes of a session").add_subparsers(
        dest="take_command", metavar="ACTION", required=True
    )
    add_take = take.add_parser("add", parents=[db], help="copy WAVs into the session; prints the take ids")
    add_take.add_argument("--session", required=True)
    add_take.add_argument("--actor", required=True, help="actor id(s), comma-separated")
    add_take.add_argument("--scene", default="")
    add_take.add_argument("--line", default="")
    add_take.add_argument("--character", default="")
    add_take.add_argument("files", nargs="+", type=Path, metavar="FILE")
    add_take.set_defaults(handler=with_ledger(_take_add))

    decide = subparsers.add_parser(
        "decide", parents=[db], help="record 'not authorized' for a take's actor, or the session default"
    )
    decide.add_argument("--take")
    decide.add_argument("--actor")
    decide.add_argument("--session")
    decide.add_argument("--default", action="store_true", help="session default for every undecided scope")
    decide.add_argument("--not-authorized", action="store_true")
    decide.add_argument("--reason", default="")
    decide.add_argument(
        "--scope", action="append", choices=[s.value for s in ALL_SCOPES], help="default: all"
    )
    decide.add_argument("--engineer", default="", help="who records it (default: the session's engineer)")
    decide.add_argument("--authorized", action="store_true", help=argparse.SUPPRESS)
    decide.add_argument("--authorized-with-conditions", action="store_true", help=argparse.SUPPRESS)
    decide.set_defaults(handler=with_ledger(_decide))

    status = subparsers.add_parser("status", parents=[db], help="each take: pending or its decisions")
    status.add_argument("--session", required=True)
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(handler=with_ledger(_status))

    export = subparsers.add_parser("export", parents=[db], help="tagged copies of decided takes + manifest")
    export.add_argument("--session", required=True)
    export.add_argument("--to", required=True, type=Path, metavar="DIR")
    export.add_argument("--takes", default="", help="take ids, comma-separated (default: the whole session)")
    export.add_argument("--purpose", choices=[p.value for p in Purpose], default=Purpose.DELIVERY.value)
    export.add_argument("--recipient", default="")
    export.add_argument(
        "--only-allowed", action="store_true",
        help="export only the takes the purpose allows, naming each one left out (exit 3 if none is)",
    )
    export.add_argument("--tsa-url", default=None, metavar="URL",
                        help="RFC 3161 time-stamp authority: signatures then outlive the signing certificate")
    export.set_defaults(handler=with_ledger(_export))

    audit = subparsers.add_parser("audit", help="the signed audit chain").add_subparsers(
        dest="audit_command", metavar="ACTION", required=True
    )
    verify = audit.add_parser("verify", parents=[db], help="re-check the chain, signatures and every row")
    verify.add_argument(
        "--manifest",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="a delivery's manifest.json (or a delivered WAV): the ledger witness it carries must still be in"
        " the chain, and its delivery recorded (repeatable)",
    )
    verify.set_defaults(handler=with_ledger(_audit_verify))


def _session_new(args: argparse.Namespace, ledger: Ledger) -> int:
    session = ledger.create_session(
        args.title,
        client=args.client,
        studio=args.studio,
        engineer=args.engineer,
        date=args.date,
        contract_reference=args.contract,
        contract_status=args.contract_status,
        ai_scope_text=args.ai_scope_text,
    )
    print(session.id)
    return EXIT_OK


def _session_list(args: argparse.Namespace, ledger: Ledger) -> int:
    for session in ledger.list_sessions():
        contract = f"{session.contract_status.value} {session.contract_reference or ''}".strip()
        print(f"{session.id}\t{session.date}\t{session.title}\t{session.client}\t{contract}")
    return EXIT_OK


def _actor_add(args: argparse.Namespace, ledger: Ledger) -> int:
    actor = ledger.add_actor(ledger.resolve("session", args.session), args.name, args.stage_name)
    print(actor.id)
    return EXIT_OK


def _take_add(args: argparse.Namespace, ledger: Ledger) -> int:
    session_id = ledger.resolve("session", args.session)
    actor_ids = resolve_ids(ledger, "actor", args.actor)
    failed = 0
    for path in args.files:
        try:
            take = import_take(
                ledger, session_id, path, actor_ids, scene=args.scene, line=args.line,
                character=args.character,
            )
        except WavError as exc:
            fail_line(exc.path or path, exc.reason)
            failed += 1
            continue
        print(f"{take.id}\t{path}")
    return EXIT_FAILED if failed else EXIT_OK


def _decide(args: argparse.Namespace, ledger: Ledger) -> int:
    if args.authorized or args.authorized_with_conditions:
        fail_line("decide", TALENT_SCREEN_ONLY)
        return EXIT_USAGE
    if args.default:
        if not args.session or args.take or args.actor:
            fail_line("decide", "--default needs --session (and no --take or --actor)")
            return EXIT_USAGE
        outcome = apply_session_default(ledger, ledger.resolve("session", args.session), args.engineer)
        print(f"not authorized recorded for {len(outcome.decisions)} undecided scope(s)")
        return EXIT_OK
    if not (args.take and args.actor and args.not_authorized):
        fail_line(
            "decide", "give --take T --actor A --not-authorized --reason TEXT, or --session S --default"
        )
        return EXIT_USAGE
    take_id = ledger.resolve("take", args.take)
    actor_id = ledger.resolve("actor", args.actor)
    scopes = [Scope(s) for s in args.scope] if args.scope else ALL_SCOPES
    outcome = record_restriction(ledger, take_id, actor_id, args.reason, args.engineer, scopes)
    for decision in outcome.decisions:
        print(f"{decision.id}\t{decision.scope.value}\tnot authorized")
    for delivery in outcome.withdrawn_from:
        print(
            f"notify: delivery {delivery.id[:8]} of {delivery.delivered_at} to {delivery.recipient or '?'}"
            f" ({delivery.destination}) carried the permission now withdrawn",
            file=sys.stderr,
        )
    return EXIT_OK


def _status(args: argparse.Namespace, ledger: Ledger) -> int:
    session_id = ledger.resolve("session", args.session)
    today = ledger.today()
    overviews = ledger.list_takes(session_id)
    if args.json:
        print(json.dumps([_status_entry(o, today) for o in overviews], ensure_ascii=False, indent=2))
        return EXIT_OK
    for overview in overviews:
        take = overview.take
        print(f"{take.id[:8]}  {take.label}  [{take.status.value}]")
        if not overview.actors:
            print("    pending: no actor on this take")
        for actor in overview.actors:
            parts = []
            for scope in ALL_SCOPES:
                decision = overview.decision(actor.id, scope)
                if decision is None:
                    parts.append(f"{scope.value}: pending")
                else:
                    value = decision.scope_decision.permission_on(today).value
                    parts.append(f"{scope.value}: {value} ({decision.scope_decision.recorded_by})")
            print(f"    {actor.display_name}: " + "; ".join(parts))
    return EXIT_OK


def _status_entry(overview: TakeOverview, today: date) -> dict:
    effective = overview.effective(today)
    return {
        "take_id": overview.take.id,
        "label": overview.take.label,
        "path": overview.take.path,
        "status": overview.take.status.value,
        "pending": overview.pending,
        "effective": {s.value: p.value for s, p in effective.items()} if effective else None,
        "actors": [
            {
                "actor_id": actor.id,
                "name": actor.legal_name,
                "stage_name": actor.stage_name,
                "scopes": {
                    scope.value: _decision_entry(overview, actor.id, scope, today) for scope in ALL_SCOPES
                },
            }
            for actor in overview.actors
        ],
    }


def _decision_entry(overview: TakeOverview, actor_id: str, scope: Scope, today: date) -> dict | None:
    decision = overview.decision(actor_id, scope)
    if decision is None:
        return None
    d = decision.scope_decision
    return {
        "decision_id": d.decision_id,
        "permission": d.permission_on(today).value,
        "recorded_by": d.recorded_by,
        "method": d.method.value,
        "recorded_at": d.recorded_at,
        "reason": d.reason,
        "conditions": d.conditions,
        "expires": d.expires,
        "terms": d.grant_terms.to_dict() if d.grant_terms else None,
    }


def _export(args: argparse.Namespace, ledger: Ledger) -> int:
    from studio_app.services.export import ExportOptions, ExportRefused, export_takes
    from studio_app.services.trust import proven_gate

    session_id = ledger.resolve("session", args.session)
    if args.takes:
        take_ids = resolve_ids(ledger, "take", args.takes)
    else:
        take_ids = [o.take.id for o in ledger.list_takes(session_id)]
    foreign = [t for t in take_ids if ledger.take(t).session_id != session_id]
    if foreign:
        fail_line(f"take {foreign[0][:8]}", "is not in this session")
        return EXIT_FAILED
    options = ExportOptions(purpose=Purpose(args.purpose), recipient=args.recipient, tsa_url=args.tsa_url)
    if args.only_allowed:
        verdict = proven_gate(ledger, take_ids, options.purpose)
        for line in verdict.take_lines():
            print(f"left out: {line}", file=sys.stderr)
        take_ids = verdict.passing(take_ids)
        if not take_ids:
            print(f"no take may leave for {options.purpose.value}; nothing was exported", file=sys.stderr)
            return EXIT_GATE_REFUSED
    try:
        report = export_takes(ledger, take_ids, args.to, options)
    except ExportRefused as exc:
        for line in exc.verdict.take_lines():
            print(line, file=sys.stderr)
        return EXIT_GATE_REFUSED
    for take in report.takes:
        renamed = f" (name {take.wanted_name} was taken)" if take.renamed else ""
        print(f"{take.take_id[:8]}\t{report.folder / take.file_name}{renamed}")
    print(f"delivery {report.delivery_id}: {len(report.takes)} take(s), {report.manifest_json.name}")
    if not args.tsa_url:
        print(
            "note: no time-stamp authority (--tsa-url): the signatures expire with the studio's signing "
            "certificate",
            file=sys.stderr,
        )
    return EXIT_OK


def _audit_verify(args: argparse.Namespace, ledger: Ledger) -> int:
    from studio_app.services.export import delivery_witnesses

    witnesses = []
    for manifest in args.manifest:
        try:
            witnesses.extend(delivery_witnesses(manifest))
        except (OSError, ValueError, KeyError, TypeError, WavError) as exc:
            fail_line(manifest, f"not a delivery manifest or delivered WAV with a ledger witness ({exc})")
            return EXIT_FAILED
    from studio_app.store.engine import shown

    report = ledger.verify_audit(witnesses=witnesses)
    where = shown(ledger.path)
    if report.ok:
        print(f"{where}: audit chain intact ({report.events} events, {report.rows} rows checked)")
        return EXIT_OK
    first = f"first bad event: {report.first_bad_event}" if report.first_bad_event else "rows without events"
    fail_line(where, f"audit chain broken ({first})")
    for problem in report.problems:
        print(problem, file=sys.stderr)
    return EXIT_FAILED
