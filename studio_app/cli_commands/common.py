"""Helpers shared by the command modules: one-line error output and id formatting."""

from __future__ import annotations

import sys


def fail_line(path: object, reason: object) -> None:
    """The CLI's one-line error: the file (or object) first, then why."""
    print(f"{path}: {reason}", file=sys.stderr)
