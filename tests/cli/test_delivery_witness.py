"""A truncated audit chain is detectable: every delivery carries a signed witness of its own start event,
in manifest.json and in each file's record (so in its C2PA assertion too), and `audit verify --manifest`
names a chain cut back past it. Real exports, real SQLite edits, real `python -m studio_app` runs."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import c2pa

from studio_app.proof.credentials import CONSENT_RECORD_LABEL
from studio_app.services.export import MANIFEST_JSON, WITNESS_KEY
from tests.cli.conftest import Studio
from tests.conftest import PROJECT_ROOT


def _audit_verify(studio: Studio, *files: Path) -> subprocess.CompletedProcess:
    manifests = [arg for path in files for arg in ("--manifest", str(path))]
    return subprocess.run(
        [sys.executable, "-m", "studio_app", "audit", "verify", "--db", str(studio.db), *manifests],
        capture_output=True, text=True, cwd=PROJECT_ROOT, env={**os.environ}, timeout=120,
    )


def _export(studio: Studio, folder: Path) -> dict:
    done = subprocess.run(
        studio.export_command(folder), capture_output=True, text=True, cwd=PROJECT_ROOT,
        env={**os.environ}, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads((folder / MANIFEST_JSON).read_text(encoding="utf-8"))


def _start_event(studio: Studio, delivery_id: str) -> tuple[int, str]:
    with sqlite3.connect(studio.db) as conn:
        return conn.execute(
            "SELECT seq, event_sha256 FROM audit_events WHERE entity = 'delivery_attempt' AND entity_id = ?"
            " AND action = 'create'",
            (delivery_id,),
        ).fetchone()


def _delete_delivery(studio: Studio, delivery_id: str, from_event: int) -> None:
    """What an attacker with the SQLite file does: the delivery's rows and every event from `from_event`."""
    with sqlite3.connect(studio.db) as conn:
        conn.execute("DELETE FROM delivery_items WHERE delivery_id = ?", (delivery_id,))
        conn.execute("DELETE FROM deliveries WHERE id = ?", (delivery_id,))
        conn.execute("DELETE FROM delivery_attempts WHERE id = ?", (delivery_id,))
        conn.execute("DELETE FROM audit_events WHERE seq >= ?", (from_event,))


def test_deleting_the_newest_delivery_and_its_events_is_named_a_chain_cut_by_its_own_manifest(
    small_studio, tmp_path
):
    _export(small_studio, tmp_path / "first")
    manifest = _export(small_studio, tmp_path / "newest")
    delivery_id = manifest["delivery_id"]
    start, _ = _start_event(small_studio, delivery_id)

    _delete_delivery(small_studio, delivery_id, start)

    alone = _audit_verify(small_studio)
    assert alone.returncode == 0, alone.stderr  # a shorter chain verifies by itself
    newest = tmp_path / "newest" / MANIFEST_JSON
    checked = _audit_verify(small_studio, tmp_path / "first" / MANIFEST_JSON, newest)
    assert checked.returncode == 1
    cut = f"{newest}: chain cut: it witnesses event {start}, but the chain now ends at event {start - 1}"
    assert cut in checked.stderr.splitlines()
    assert f"first bad event: {start}" in checked.stderr


def test_cutting_only_a_deliverys_completion_is_named_too(small_studio, tmp_path):
    """The attacker keeps the start event (the witness) and cuts the delivery recorded after it."""
    manifest = _export(small_studio, tmp_path / "out")
    delivery_id = manifest["delivery_id"]
    start, _ = _start_event(small_studio, delivery_id)
    with sqlite3.connect(small_studio.db) as conn:
        conn.execute("DELETE FROM delivery_items WHERE delivery_id = ?", (delivery_id,))
        conn.execute("DELETE FROM deliveries WHERE id = ?", (delivery_id,))
        conn.execute("UPDATE delivery_attempts SET state = 'staging', note = '' WHERE id = ?", (delivery_id,))
        conn.execute("DELETE FROM audit_events WHERE seq > ?", (start,))
    assert _audit_verify(small_studio).returncode == 0

    checked = _audit_verify(small_studio, tmp_path / "out" / MANIFEST_JSON)
    assert checked.returncode == 1
    assert f"chain cut: delivery {delivery_id} is not in the ledger" in checked.stderr


def test_each_file_carries_a_signed_witness_of_its_own_delivery_event_in_its_c2pa_record(
    small_studio, tmp_path
):
    folder = tmp_path / "out"
    manifest = _export(small_studio, folder)
    delivery_id = manifest["delivery_id"]
    start, start_hash = _start_event(small_studio, delivery_id)
    assert manifest[WITNESS_KEY]["delivery_id"] == delivery_id
    assert (manifest[WITNESS_KEY]["event"], manifest[WITNESS_KEY]["sha256"]) == (start, start_hash)
    wavs = [folder / take["file_name"] for take in manifest["takes"]]
    for wav in wavs:
        with c2pa.Reader(str(wav)) as reader:
            assertions = {a["label"]: a["data"] for a in reader.get_active_manifest()["assertions"]}
        assert assertions[CONSENT_RECORD_LABEL]["extra"][WITNESS_KEY] == manifest[WITNESS_KEY]

    _delete_delivery(small_studio, delivery_id, start)
    checked = _audit_verify(small_studio, wavs[0])
    assert checked.returncode == 1
    assert f"{wavs[0]}: chain cut: it witnesses event {start}" in checked.stderr


def test_a_forged_or_edited_witness_proves_nothing_and_says_so(small_studio, tmp_path):
    """Nobody can accuse the studio of a cut with a witness it did not sign."""
    manifest_path = tmp_path / "out" / MANIFEST_JSON
    manifest = _export(small_studio, tmp_path / "out")
    manifest.pop("ledger_audit_head")
    for field, changed, said in [
        ("sha256", "ab" * 32, "is not signed by the studio key"),
        ("event", manifest[WITNESS_KEY]["event"] + 1000, "(the witness was edited)"),
    ]:
        edited = {**manifest, WITNESS_KEY: {**manifest[WITNESS_KEY], field: changed}}
        manifest_path.write_text(json.dumps(edited), encoding="utf-8")
        checked = _audit_verify(small_studio, manifest_path)
        assert checked.returncode == 1
        assert said in checked.stderr and "chain cut" not in checked.stderr


def test_a_first_format_manifest_with_only_its_audit_head_still_verifies(small_studio, tmp_path):
    manifest_path = tmp_path / "out" / MANIFEST_JSON
    manifest = _export(small_studio, tmp_path / "out")
    del manifest[WITNESS_KEY]
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    assert _audit_verify(small_studio, manifest_path).returncode == 0

    _delete_delivery(small_studio, manifest["delivery_id"], manifest["ledger_audit_head"]["event"])
    checked = _audit_verify(small_studio, manifest_path)
    assert checked.returncode == 1 and "chain cut" in checked.stderr
