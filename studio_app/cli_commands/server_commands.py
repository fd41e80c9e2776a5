"""`ledger init-server`: the studio's ledger on a PostgreSQL server, for every seat of a multi-room studio;
`ledger keys`: the key registry (every seat's signing key), and an administrator's `--retire`.

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
