"""The studio's name, address and contact, set once (first run of the app, or `consent-slate studio set`)
and kept beside the signing identity (`studio.json` in the keys folder), so the app and the CLI share it.

They go into the subject of a self-signed signing certificate made afterwards, every consent record
(`studio`, and from record version 2 `studio_address`, `studio_contact`), certificate.pdf and the delivery
manifests. A session's own `studio` field, when set, overrides the name for that session's records.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from studio_app.appdirs import keys_dir
from studio_app.core.model import Studio
from studio_app.proof.errors import ProofError

STUDIO_FILE = "studio.json"
UNNAMED = "Consent Slate studio"
"""The name a certificate made before the studio was named carries."""


def studio_path() -> Path:
    return keys_dir() / STUDIO_FILE


def load_studio() -> Studio | None:
    """The studio as set, or None before it was named; an unreadable file is an error, never ignored."""
    path = studio_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ProofError(path, f"cannot read the studio's name and address ({exc})") from exc
    if not isinstance(data, dict) or not all(isinstance(data.get(k, ""), str) for k in Studio.FIELDS):
        raise ProofError(path, "the studio file is not an object of name, address and contact texts")
    if not data.get("name", "").strip():
        return None
    return Studio(data["name"], data.get("address", ""), data.get("contact", ""))


def save_studio(studio: Studio) -> Studio:
    """Store the studio (texts trimmed; a name is required): a temp file renamed into place."""
    studio = Studio(studio.name.strip(), studio.address.strip(), studio.contact.strip())
    if not studio.name:
        raise ProofError(STUDIO_FILE, "the studio needs a name")
    path = studio_path()
    temp = path.with_name(f".{path.name}.tmp")
    with open(temp, "w", encoding="utf-8") as out:
        json.dump(studio.to_dict(), out, ensure_ascii=False, indent=2)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, path)
    return studio


def studio_for_session(session_studio: str) -> Studio:
    """The studio a session's records name: the session's own name when set, else the studio's; the
    address and contact are the studio's."""
    saved = load_studio() or Studio("")
    return replace(saved, name=session_studio.strip() or saved.name)
