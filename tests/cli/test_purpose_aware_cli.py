"""`export --only-allowed` and `reexport` after a revocation, run as the studio runs them (subprocesses)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from studio_app.services.ledger import Ledger
from studio_app.services.ledger.decisions import apply_session_default, restrict_takes
from studio_app.services.ledger.intake import import_take
from tests.cli.conftest import entries
from tests.conftest import PROJECT_ROOT, actor_grants_all


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "studio_app", *args], cwd=PROJECT_ROOT, capture_output=True, text=True,
        timeout=120,
    )


@pytest.fixture
def mixed(tmp_path, small_wavs, fixture_wavs):
    """Three takes: the actor authorized every AI use on two; the third carries the session default."""
    db = tmp_path / "ledger.sqlite3"
    wavs = [*small_wavs, next(p for p in fixture_wavs if p.stat().st_size < 400_000 and p not in small_wavs)]
    with Ledger.open(db) as ledger:
        session = ledger.create_session("第一集", contract_status="no_ai_clause")
        actor = ledger.add_actor(session.id, "张伟")
        takes = [import_take(ledger, session.id, path, [actor.id], copy=False) for path in wavs]
        actor_grants_all(ledger, actor, [t.id for t in takes[:2]])
        apply_session_default(ledger, session.id)
    return db, session.id, actor.id, [t.id for t in takes]


def test_only_allowed_exports_the_takes_the_purpose_allows_and_names_each_left_out(mixed, tmp_path):
    db, session_id, _actor, take_ids = mixed
    common = ["export", "--db", str(db), "--session", session_id, "--purpose", "ai_training"]

    refused = run(*common, "--to", str(tmp_path / "all"))
    assert refused.returncode == 3

    done = run(*common, "--to", str(tmp_path / "allowed"), "--only-allowed", "--recipient", "Lab A")
    assert done.returncode == 0, done.stderr
    left_out = [line for line in done.stderr.splitlines() if line.startswith("left out:")]
    assert len(left_out) == 1 and take_ids[2][:8] in left_out[0] and "not authorized" in left_out[0]
    manifest = json.loads((tmp_path / "allowed" / "manifest.json").read_text(encoding="utf-8"))
    assert [row["take_id"] for row in manifest["takes"]] == take_ids[:2]

    none = run(*common, "--to", str(tmp_path / "none"), "--takes", take_ids[2], "--only-allowed")
    assert none.returncode == 3
    assert "left out:" in none.stderr and "nothing was exported" in none.stderr
    assert entries(tmp_path / "none") == []


def test_reexport_keeps_purpose_and_recipient_creates_its_folder_and_is_listed_as_the_correction(
    mixed, tmp_path
):
    db, session_id, actor_id, take_ids = mixed
    first = run("export", "--db", str(db), "--session", session_id, "--takes", ",".join(take_ids[:2]),
                "--purpose", "ai_training", "--recipient", "Lab A", "--to", str(tmp_path / "first"))
    assert first.returncode == 0, first.stderr
    first_manifest = (tmp_path / "first" / "manifest.json").read_text(encoding="utf-8")
    delivery_id = json.loads(first_manifest)["delivery_id"]
    with Ledger.open(db) as ledger:
        restrict_takes(ledger, [take_ids[0]], [actor_id], "actor withdrew AI use in writing", "Lena")

    listed = run("reexport", "--db", str(db), "--list", session_id)
    assert f"delivery {delivery_id[:8]}" in listed.stdout and "(ai_training): outdated" in listed.stdout

    folder = tmp_path / "not" / "there" / "yet"
    again = run("reexport", "--db", str(db), "--delivery", delivery_id, "--to", str(folder))
    assert again.returncode == 0, again.stderr
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["purpose"], manifest["recipient"]) == ("ai_training", "Lab A")
    assert manifest["corrects_delivery"] == delivery_id
    assert [row["take_id"] for row in manifest["takes"]] == [take_ids[0]]
    assert manifest["takes"][0]["permissions"]["ai_training"] == "not_authorized"

    listed = run("reexport", "--db", str(db), "--list", session_id)
    corrected_by = manifest["delivery_id"][:8]
    assert f"(ai_training): corrected by delivery {corrected_by}" in listed.stdout
    assert "outdated" not in listed.stdout
    twice = run("reexport", "--db", str(db), "--delivery", delivery_id, "--to", str(tmp_path / "twice"))
    assert twice.returncode == 1 and f"already corrected by delivery {corrected_by}" in twice.stderr
    assert run("audit", "verify", "--db", str(db)).returncode == 0
