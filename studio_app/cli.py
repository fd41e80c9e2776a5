"""`consent-slate`: the command line. Thin over services; no rule of its own.

Each command group registers itself in `_COMMANDS` through a `register_*` function that adds its
sub-parser and sets `handler`; handlers return the process exit code.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from studio_app import __version__

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_GATE_REFUSED = 3
EXIT_NOT_AUTHORIZED = 4

Registrar = Callable[[argparse._SubParsersAction], None]


def _registrars() -> list[Registrar]:
    """Command groups, imported lazily so `--version` and the GUI start fast."""
    from studio_app.cli_commands import all_registrars

    return all_registrars()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="consent-slate",
        description="AI-use consent for voice recordings, carried inside every exported WAV. "
        "With no command, the desktop app starts.",
    )
    parser.add_argument("--version", action="version", version=f"consent-slate {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in _registrars():
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("--gui", "--quit-after") or argv[0].startswith("-platform"):
        from studio_app.ui.app import run_app

        return run_app(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_USAGE
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.handler(args))
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours; silence the final flush too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
