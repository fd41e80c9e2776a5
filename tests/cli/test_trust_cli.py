"""`export` and `reexport` as real processes on a ledger file edited with sqlite3 behind the app: the
forged grant is never signed (exit 3, one line per blocking take naming the event, nothing written)."""

from __future__ import annotations

from studio_app.core.scopes import Purpose
from studio_app.services.export import ExportOptions, export_takes
from studio_app.services.ledger import Ledger
from studio_app.services.ledger.decisions import record_restriction
from tests.tamper import authorize_behind_the_app, cast, training_decision


def test_export_of_a_decision_updated_to_authorized_exits_3_naming_the_event(cli, tmp_path):
    with Ledger.open(cli.db) as ledger:
        studio = cast(ledger, granted=1, defaulted=1)
    (forged,) = studio.defaulted
    decision_id, event = training_decision(cli.db, forged)
    authorize_behind_the_app(cli.db, decision_id)

    out = tmp_path / "out"
    result = cli("export", "--session", studio.session_id, "--to", str(out), "--purpose", "ai_training")
    assert result.returncode == 3, result.stdout
    (line,) = result.stderr.splitlines()
    assert f"[{forged[:8]}]: ledger row changed behind the app: decision {decision_id}, event {event}" in line
    assert not out.exists(), "nothing signed, nothing written"


def test_reexport_does_not_sign_a_revocation_edited_back_to_a_grant(cli, tmp_path):
    with Ledger.open(cli.db) as ledger:
        studio = cast(ledger, granted=1, defaulted=0)
        (take,) = studio.granted
        delivered = export_takes(ledger, [take], tmp_path / "first", ExportOptions(Purpose.AI_TRAINING))
        record_restriction(ledger, take, studio.actor_id, "actor withdrew training", "Lena")
    revocation, event = training_decision(cli.db, take)
    authorize_behind_the_app(cli.db, revocation)

    fix = tmp_path / "fix"
    result = cli("reexport", "--delivery", delivered.delivery_id, "--to", str(fix))
    assert result.returncode == 3, result.stdout
    assert f"decision {revocation}, event {event}" in result.stderr
    assert not fix.exists()
