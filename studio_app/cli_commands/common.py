"""Helpers shared by the command modules: the `--db` option, opening the ledger, id lists, one-line
error output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from studio_app.cli import EXIT_FAILED
from studio_app.core.errors import SlateError

if TYPE_CHECKING:
    from studio_app.services.ledger import Ledger

LedgerHandler = Callable[[argparse.Namespace, "Ledger"], int]


def fail_line(path: object, reason: object) -> None:
    """The CLI's one-line error: the file (or object) first, then why."""
    print(f"{path}: {reason}", file=sys.stderr)


def ledger_option() -> argparse.ArgumentParser:
    """The `--db PATH` option, as a parent parser for every command that touches the ledger."""
    db = argparse.ArgumentParser(add_help=False)
    db.add_argument(
        "--db", metavar="PATH", help="ledger file (default: $CONSENT_SLATE_DB or the app's ledger)"
    )
    return db


def with_ledger(handler: LedgerHandler) -> Callable[[argparse.Namespace], int]:
    """Open the ledger, run the handler, and turn any layer's typed error into one line (exit 1).

    The ledger is imported when the command runs, so building the parser (and `--version`) does not
    load the export, signing and audio stacks.
    """

    @wraps(handler)
    def run(args: argparse.Namespace) -> int:
        from studio_app.services.ledger import Ledger

        try:
            with Ledger.open(args.db) as ledger:
                return handler(args, ledger)
        except SlateError as exc:
            fail_line(exc.subject, exc.reason)
        return EXIT_FAILED

    return run


def resolve_ids(ledger: Ledger, entity: str, given: str) -> list[str]:
    """The full ids of a comma-separated list (each id may be given by its first 8 characters)."""
    return [ledger.resolve(entity, part) for part in given.split(",") if part.strip()]
