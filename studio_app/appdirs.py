"""Where Consent Slate keeps its data: the ledger, the studio keys and the managed takes.

The platform's user data folder by default; `CONSENT_SLATE_DATA_DIR` moves everything (tests and
scripted set-ups use it), and `CONSENT_SLATE_DB` (or `--db`) points at another ledger file, or at the
studio's ledger server (a postgresql:// URL). `CONSENT_SLATE_STORAGE_ROOT` is where this seat mounts the
studio's shared take storage: takes under it are recorded relative to it, so every seat finds them under
its own mount point, and the managed takes are kept there.
"""

from __future__ import annotations

import getpass
import os
import socket
import sys
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "CONSENT_SLATE_DATA_DIR"
DB_ENV = "CONSENT_SLATE_DB"
SEAT_ENV = "CONSENT_SLATE_SEAT"
STORAGE_ROOT_ENV = "CONSENT_SLATE_STORAGE_ROOT"
SERVER_SCHEMES = ("postgresql://", "postgres://")


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    path = Path(override) if override else Path(platformdirs.user_data_dir("consent-slate", "ConsentSlate"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def ledger_path(explicit: str | os.PathLike | None = None) -> Path | str:
    """The ledger: an explicit --db, else $CONSENT_SLATE_DB, else ledger.sqlite3 in data_dir(); a server
    URL is kept as the string it is, a file as a Path."""
    chosen = explicit or os.environ.get(DB_ENV)
    if not chosen:
        return data_dir() / "ledger.sqlite3"
    return chosen if isinstance(chosen, str) and chosen.startswith(SERVER_SCHEMES) else Path(chosen)


def seat_name() -> str:
    """Who signs this seat's ledger events, in the key registry: $CONSENT_SLATE_SEAT (a room's name,
    "Room B"), else user@machine."""
    return os.environ.get(SEAT_ENV) or f"{getpass.getuser()}@{socket.gethostname()}"


def storage_root() -> Path | None:
    """Where this seat mounts the studio's shared take storage ($CONSENT_SLATE_STORAGE_ROOT), if it has
    one."""
    chosen = os.environ.get(STORAGE_ROOT_ENV)
    return Path(os.path.abspath(chosen)) if chosen else None


def keys_dir() -> Path:
    path = data_dir() / "keys"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def takes_dir() -> Path:
    """The managed folder: takes recorded by the app or copied in on import live here, never edited; under
    the studio's shared storage when the seat has one, so the other seats reach them."""
    root = storage_root()
    path = (root if root is not None else data_dir()) / "takes"
    path.mkdir(parents=True, exist_ok=True)
    return path


def session_takes_dir(session_id: str) -> Path:
    """Where a session's takes are kept: imported copies and recordings alike."""
    return takes_dir() / session_id


def resources_dir() -> Path:
    """The shipped, read-only resources (terms texts, translations, themes, icons): beside the package
    in a checkout, inside the bundle when frozen by PyInstaller."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) / "resources" if bundle else Path(__file__).resolve().parent.parent / "resources"
