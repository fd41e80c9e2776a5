"""`ledger init-server`: the studio's ledger on a PostgreSQL server, for every seat of a multi-room studio;
`ledger keys`: the key registry (every seat's signing key), and an administrator's `--retire`;
`ledger migrate`: a one-room studio's ledger file copied onto its new server, then verified there.

Run once (and again after an upgrade of the app, to migrate) with a superuser's URL; it prints what it
did. Passwords for the two roles come from $CONSENT_SLATE_ADMIN_PASSWORD and $CONSENT_SLATE_SEAT_PASSWORD
when set (never from the command line, which other users of the machine can read).
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from studio_app.cli import EXIT_FAILED, EXIT_OK
from studio_app.cli_commands.common import fail_line, ledger_option, with_ledger
from studio_app.core.errors import SlateError

if TYPE_CHECKING:
    from studio_app.services.ledger import Ledger

PASSWORD_ENV = {"admin": "CONSENT_SLATE_ADMIN_PASSWORD", "seat": "CONSENT_SLATE_SEAT_PASSWORD"}


def register(subparsers: argparse._SubParsersAction) -> None:
    ledger = subparsers.add_parser("ledger", help="the studio's ledger server").add_subparsers(
        dest="ledger_command", metavar="ACTION", required=True
    )
    init = ledger.add_parser(
        "init-server", help="set up (or migrate) the ledger on a PostgreSQL server; prints what it did"
    )
    init.add_argument("--server", required=True, metavar="URL",
                      help="a superuser's connection, e.g. postgresql://postgres@dbhost/postgres")
    init.add_argument("--database", default="consent_slate")
    init.add_argument("--admin-role", default="slate_admin", help="owns the schema, runs migrations")
    init.add_argument("--seat-role", default="slate_seat", help="what every seat connects as")
    init.set_defaults(handler=_init_server)
    keys = ledger.add_parser("keys", parents=[ledger_option()], help="the seats' signing keys (key registry)")
    keys.add_argument("--retire", metavar="KEY", help="retire a key (administrator): its later events fail")
    keys.set_defaults(handler=with_ledger(_keys))
    migrate = ledger.add_parser(
        "migrate", help="copy a ledger file's whole history onto an empty server ledger, then verify it there"
    )
    migrate.add_argument("--from", dest="source", required=True, metavar="FILE", help="the SQLite ledger")
    migrate.add_argument("--to", dest="target", required=True, metavar="URL",
                         help="the server ledger, as its administrator: postgresql://slate_admin@host/consent_slate")
    migrate.set_defaults(handler=_migrate)


def _init_server(args: argparse.Namespace) -> int:
    from studio_app.store.server_setup import init_server, role_url

    passwords = {args.admin_role: os.environ.get(PASSWORD_ENV["admin"]),
                 args.seat_role: os.environ.get(PASSWORD_ENV["seat"])}
    try:
        done = init_server(args.server, args.database, args.admin_role, args.seat_role, passwords)
    except SlateError as exc:
        fail_line(exc.subject, exc.reason)
        return EXIT_FAILED
    for line in done:
        print(line)
    print(f"seats connect with: --db {role_url(args.server, args.seat_role, args.database)}"
          " (or CONSENT_SLATE_DB)")
    return EXIT_OK


def _keys(args: argparse.Namespace, ledger: Ledger) -> int:
    if args.retire:
        ledger.retire_key(args.retire)
    for key in ledger.list_audit_keys():
        state = f"retired {key.retired_at}" if key.retired_at else "active"
        print(f"{key.id[:8]}\t{key.seat}\t{key.machine}\tsince {key.registered_at}\t{state}")
    return EXIT_OK


def _migrate(args: argparse.Namespace) -> int:
    from pathlib import Path

    from studio_app.services.ledger import Ledger
    from studio_app.store.engine import is_server, shown
    from studio_app.store.ledger_copy import copy_to_server

    if not is_server(args.target):
        fail_line(args.target, "--to must be a ledger server's URL (postgresql://…)")
        return EXIT_FAILED
    try:
        copied = copy_to_server(Path(args.source), args.target)
        for table, count in copied.rows.items():
            print(f"copied {table}: {count} rows")
        print(f"take files: not moved; the {copied.rows.get('takes', 0)} takes keep the paths {args.source}"
              " recorded")
        with Ledger.open(args.target) as ledger:
            report = ledger.verify_audit()
    except SlateError as exc:
        fail_line(exc.subject, exc.reason)
        return EXIT_FAILED
    if not report.ok:
        fail_line(shown(args.target), f"the copy does not verify ({report.problems[0]})")
        return EXIT_FAILED
    print(f"{shown(args.target)}: audit chain intact ({report.events} events, {report.rows} rows checked)")
    return EXIT_OK
