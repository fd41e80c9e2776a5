"""The command line run as a real process (`python -m studio_app ...`) against one ledger file."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT


class Cli:
    """Runs `python -m studio_app` against one ledger file given by --db."""

    def __init__(self, db) -> None:
        self.db = str(db)

    def __call__(self, *args: str) -> subprocess.CompletedProcess:
        command, rest = _split(args)
        return subprocess.run(
            [sys.executable, "-m", "studio_app", *command, "--db", self.db, *rest],
            capture_output=True,
            text=True,
            cwd=PROJECT_ROOT,
            env={**os.environ},
            timeout=120,
        )

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()


def _split(args: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The command words (up to the first option), then the rest, so --db lands on the leaf command."""
    words = []
    for i, arg in enumerate(args):
        if arg.startswith("-"):
            return words, list(args[i:])
        words.append(arg)
    return words, []


@pytest.fixture
def cli(tmp_path):
    return Cli(tmp_path / "ledger.sqlite3")
