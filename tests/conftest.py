"""Shared test set-up: every test gets its own data folder (so its own key, and its own seat name in a
ledger's key registry), so no test touches a real ledger or key."""

from __future__ import annotations

import os
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from studio_app.core.model import ScopeChoice
from studio_app.core.record import GrantTerms, Representation
from studio_app.core.scopes import Permission
from studio_app.services.ledger import Ledger
from studio_app.store.engine import Location, is_server
from tests.pg_server import PG_BIN, PgServer

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES_DIR = PROJECT_ROOT.parent / "shared" / "fixtures" / "wavinfo"
FIXTURE_WAVS = sorted(p for p in FIXTURES_DIR.rglob("*") if p.suffix.lower() == ".wav")


TERMS = GrantTerms(
    intended_use="dubbing of episode 1",
    territory="worldwide",
    compensation="contract clause 7",
    representation=Representation.UNION,
)
"""Every term of a grant filled, as an actor would on the talent screen."""


def grant(
    permission: Permission = Permission.AUTHORIZED,
    conditions: str | None = None,
    expires: str | None = None,
    terms: GrantTerms = TERMS,
) -> ScopeChoice:
    """An actor's grant with its terms; without an end date, "no end date" is ticked."""
    return ScopeChoice(permission, conditions, expires, replace(terms, no_end_date=expires is None))


@pytest.fixture(autouse=True, scope="session")
def one_qt_application(qapp):
    """The widget tests' QApplication, made first: a service that needs only QtGui (certificate.pdf)
    would otherwise make a QGuiApplication that no QApplication can replace later in the run."""
    return qapp


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path_factory, monkeypatch) -> Path:
    data = tmp_path_factory.mktemp("consent-slate-data")
    monkeypatch.setenv("CONSENT_SLATE_DATA_DIR", str(data))
    monkeypatch.setenv("CONSENT_SLATE_SEAT", f"seat of {data.name}")
    monkeypatch.delenv("CONSENT_SLATE_DB", raising=False)
    return data


ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server():
    """One real PostgreSQL 15 server for the whole run, removed (data folder too) at its end."""
    server = PgServer().init().start()
    yield server
    server.remove()


@pytest.fixture(params=ENGINES)
def ledger_location(request, tmp_path) -> Location:
    """A new ledger's location, once per engine: a file in the test's folder, or a fresh database on the
    test server."""
    if request.param == "sqlite":
        return tmp_path / "ledger.sqlite3"
    return request.getfixturevalue("pg_server").new_database()


def pytest_collection_modifyitems(config, items):
    """Tests marked sqlite_only (they read SQLite itself: its trace callback, its file) run on SQLite only."""
    kept, dropped = [], []
    for item in items:
        engine = getattr(item, "callspec", None) and item.callspec.params.get("ledger_location")
        (dropped if engine == "postgresql" and item.get_closest_marker("sqlite_only") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def tamper(location: Location, statement: str) -> None:
    """Change the ledger behind the app's back, with the engine's own command-line client."""
    client = [str(PG_BIN / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", location, "-c"]
    command = [*client, statement] if is_server(location) else ["sqlite3", str(location), statement]
    subprocess.run(command, check=True, capture_output=True, text=True)


@pytest.fixture
def fixture_wavs() -> list[Path]:
    assert FIXTURE_WAVS, f"no fixtures found under {FIXTURES_DIR}"
    return FIXTURE_WAVS


@pytest.fixture
def ledger(ledger_location):
    """The test's own ledger, once per engine (modules that need another set-up define their own)."""
    with Ledger.open(ledger_location) as opened:
        yield opened


@pytest.fixture
def daw_folder(tmp_path) -> Path:
    """A DAW's audio folder, as Pro Tools names it."""
    folder = tmp_path / "Audio Files"
    folder.mkdir()
    return folder


def actor_grants_all(ledger: Ledger, actor, take_ids) -> None:
    """The actor's own confirmation (typed name, a signature, the terms shown) authorizing every AI use on
    the takes, as the talent screen records it."""
    from studio_app.core.model import ActorConfirmation
    from studio_app.core.scopes import ALL_SCOPES
    from studio_app.services.ledger import new_confirmation_id
    from studio_app.services.ledger.decisions import record_confirmation
    from studio_app.services.terms import load_terms

    terms = load_terms()
    confirmation = ActorConfirmation(
        new_confirmation_id(), actor.id, actor.legal_name, (((1, 1, 0), (40, 9, 80)),), terms.version,
        terms.sha256, "en", ledger.now(),
    )
    choices = {scope: grant() for scope in ALL_SCOPES}
    record_confirmation(ledger, confirmation, choices, take_ids=list(take_ids))
