"""The CLI run as a real process against one ledger file, and a studio ledger ready to export from."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from studio_app.services.ledger import Ledger
from studio_app.services.ledger.decisions import apply_session_default
from studio_app.services.ledger.intake import import_take
from tests.conftest import PROJECT_ROOT

DELIVERY_EXTRAS = {"manifest.json", "manifest.json.p7s", "manifest.csv", "certificate.pdf", "studio-root.pem"}


@dataclass(frozen=True)
class Studio:
    """One ledger file with a session whose takes all carry the session default (so any export passes)."""

    db: Path
    session_id: str
    take_ids: tuple[str, ...]

    def export_command(self, folder: Path) -> list[str]:
        return [sys.executable, "-m", "studio_app", "export", "--db", str(self.db), "--session",
                self.session_id, "--to", str(folder), "--recipient", "Blue Crane"]

    def start_export(self, folder: Path) -> subprocess.Popen:
        return subprocess.Popen(
            self.export_command(folder), cwd=PROJECT_ROOT, env={**os.environ},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )

    def ledger(self) -> Ledger:
        return Ledger.open(self.db)


def make_studio(db: Path, wavs: list[Path]) -> Studio:
    """The takes are referenced where they are (not copied), so big sources cost one hash each."""
    with Ledger.open(db) as ledger:
        session = ledger.create_session("第一集", contract_status="no_ai_clause", studio="星光录音棚")
        actor = ledger.add_actor(session.id, "张伟")
        takes = [import_take(ledger, session.id, path, [actor.id], copy=False).id for path in wavs]
        apply_session_default(ledger, session.id)
    return Studio(db, session.id, tuple(takes))


def entries(folder: Path) -> list[str]:
    """Every name in the folder, hidden ones included; none when it does not exist."""
    try:
        return sorted(os.listdir(folder))
    except FileNotFoundError:
        return []


@pytest.fixture
def small_wavs(fixture_wavs) -> list[Path]:
    """Two real-world takes of a few hundred KB: a whole delivery fits a small tmpfs."""
    return [path for path in fixture_wavs if path.stat().st_size < 400_000][:2]


@pytest.fixture
def small_studio(tmp_path, small_wavs) -> Studio:
    return make_studio(tmp_path / "ledger.sqlite3", small_wavs)


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
