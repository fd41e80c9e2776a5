"""The ledger from the command line, run as a real process: `python -m studio_app ...`."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from studio_app.wav.tagging import read_consent_tags
from tests.cli.conftest import Cli
from tests.conftest import FIXTURE_WAVS, PROJECT_ROOT

WAVS = FIXTURE_WAVS[:2]


@pytest.fixture
def cast(cli):
    session = cli.ok(
        "session", "new", "--title", "第一集", "--contract-status", "no_ai_clause", "--contract", "C-9"
    )
    zhang = cli.ok("actor", "add", "--session", session[:8], "--name", "张伟", "--stage-name", "小伟")
    anna = cli.ok("actor", "add", "--session", session, "--name", "Anna")
    return session, zhang, anna


def _add_takes(cli, session, actors) -> list[str]:
    out = cli.ok(
        "take", "add", "--session", session, "--actor", ",".join(a[:8] for a in actors), *map(str, WAVS)
    )
    return [line.split("\t")[0] for line in out.splitlines()]


def test_session_new_prints_an_id_that_session_list_shows(cli):
    session = cli.ok("session", "new", "--title", "配音 第二集", "--client", "星光")
    assert len(session) == 32
    assert f"{session}\t" in cli.ok("session", "list")


def test_take_add_prints_one_take_id_per_file_and_names_a_bad_file(cli, cast, tmp_path):
    session, zhang, _ = cast
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"RIFF\x04\x00\x00\x00WAVE")
    result = cli("take", "add", "--session", session, "--actor", zhang, str(WAVS[0]), str(bad))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr.count("\n") == 1 and "broken.wav" in result.stderr


def test_export_gate_refuses_pending_takes_with_one_line_each_and_exit_3(cli, cast, tmp_path):
    session, zhang, anna = cast
    takes = _add_takes(cli, session, [zhang, anna])
    cli.ok(
        "decide", "--take", takes[0][:8], "--actor", zhang[:8], "--not-authorized", "--reason", "client asked"
    )
    out = tmp_path / "out"
    result = cli("export", "--session", session, "--to", str(out))
    assert result.returncode == 3
    lines = result.stderr.splitlines()
    assert len(lines) == len(takes)
    assert "Anna" in lines[0] and "张伟" not in lines[0]
    assert "张伟" in lines[1] and "Anna" in lines[1]
    assert not out.exists()


def test_session_default_then_export_writes_tagged_copies(cli, cast, tmp_path):
    session, zhang, anna = cast
    takes = _add_takes(cli, session, [zhang, anna])
    cli.ok("decide", "--session", session, "--default")
    out = tmp_path / "out"
    printed = cli.ok("export", "--session", session, "--to", str(out), "--recipient", "Client X")
    assert "delivery" in printed
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [t["take_id"] for t in manifest["takes"]] == takes
    for entry in manifest["takes"]:
        record = read_consent_tags(out / entry["file_name"]).ixml_record
        assert record.take_id == entry["take_id"]
        assert {d.reason for a in record.actors for d in a.decisions} == {"contract has no AI clause"}


def test_audit_verify_checks_the_chain_still_holds_what_a_delivery_manifest_recorded(cli, cast, tmp_path):
    session, zhang, _ = cast
    _add_takes(cli, session, [zhang])
    cli.ok("decide", "--session", session, "--default")
    out = tmp_path / "out"
    cli.ok("export", "--session", session, "--to", str(out))
    manifest = out / "manifest.json"
    assert "intact" in cli.ok("audit", "verify", "--manifest", str(manifest))
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["ledger_audit_head"]["sha256"] = "0" * 64
    manifest.write_text(json.dumps(data), encoding="utf-8")
    result = cli("audit", "verify", "--manifest", str(manifest))
    assert result.returncode == 1 and "chain rewritten" in result.stderr


def test_ai_training_export_is_refused_when_nobody_authorized_it(cli, cast, tmp_path):
    session, zhang, _ = cast
    take = _add_takes(cli, session, [zhang])[0]
    cli.ok("decide", "--session", session, "--default")
    result = cli(
        "export",
        "--session",
        session,
        "--takes",
        take[:8],
        "--to",
        str(tmp_path / "o"),
        "--purpose",
        "ai_training",
    )
    assert result.returncode == 3
    assert "ai_training not authorized" in result.stderr


def test_default_with_an_ai_clause_is_refused(cli):
    session = cli.ok(
        "session", "new", "--title", "ep", "--contract-status", "ai_clause", "--ai-scope-text", "dubbing only"
    )
    result = cli("decide", "--session", session, "--default")
    assert result.returncode == 1
    assert "actor confirms" in result.stderr


def test_no_command_records_a_permission(cli, cast):
    session, zhang, _ = cast
    take = _add_takes(cli, session, [zhang])[0]
    for flag in ("--authorized", "--authorized-with-conditions"):
        result = cli("decide", "--take", take, "--actor", zhang, flag)
        assert result.returncode == 2
        assert "talent screen" in result.stderr
    status = json.loads(cli.ok("status", "--session", session, "--json"))
    assert status[0]["pending"] is True


def test_status_shows_pending_and_who_decided(cli, cast):
    session, zhang, anna = cast
    take = _add_takes(cli, session, [zhang, anna])[0]
    cli.ok(
        "decide", "--take", take, "--actor", anna, "--not-authorized", "--reason", "no", "--engineer", "李工"
    )
    text = cli.ok("status", "--session", session)
    assert "Anna: ai_training: not_authorized (李工)" in text
    assert "张伟 (小伟): ai_training: pending" in text
    entry = json.loads(cli.ok("status", "--session", session, "--json"))[0]
    anna_scopes = next(a for a in entry["actors"] if a["name"] == "Anna")["scopes"]
    assert anna_scopes["voice_cloning"]["recorded_by"] == "李工"
    assert entry["pending"] and entry["effective"] is None


def test_unknown_and_too_short_ids_are_clear_errors(cli, cast):
    session, _, _ = cast
    unknown = cli("actor", "add", "--session", "0123456789abcdef", "--name", "X")
    assert unknown.returncode == 1 and "no session" in unknown.stderr
    too_short = cli("status", "--session", session[:4])
    assert too_short.returncode == 1 and "too short" in too_short.stderr


def test_restriction_needs_a_reason(cli, cast):
    session, zhang, _ = cast
    take = _add_takes(cli, session, [zhang])[0]
    result = cli("decide", "--take", take, "--actor", zhang, "--not-authorized", "--reason", " ")
    assert result.returncode == 1 and "reason" in result.stderr


def test_audit_verify_passes_then_names_a_row_edited_with_sqlite3(cli, cast):
    session, zhang, _ = cast
    _add_takes(cli, session, [zhang])
    cli.ok("decide", "--session", session, "--default")
    assert "intact" in cli.ok("audit", "verify")
    subprocess.run(
        ["sqlite3", cli.db, "UPDATE decisions SET permission = 'authorized' WHERE scope = 'voice_cloning'"],
        check=True,
    )
    result = cli("audit", "verify")
    assert result.returncode == 1
    assert "first bad event" in result.stderr and "changed" in result.stderr


def test_db_from_the_environment_is_used_when_no_db_option_is_given(tmp_path):
    db = tmp_path / "env-ledger.sqlite3"
    env = {**os.environ, "CONSENT_SLATE_DB": str(db)}
    run = subprocess.run(
        [sys.executable, "-m", "studio_app", "session", "new", "--title", "env"],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
    )
    assert db.exists()
    assert run.stdout.strip() in Cli(db).ok("session", "list")
