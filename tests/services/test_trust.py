"""The export gate signs only what the audit chain proves: rows edited, inserted or deleted in the real
SQLite file behind the app block their take, naming the row and the event; clean takes still leave."""

from __future__ import annotations

import sqlite3

import pytest

from studio_app.core.rules import BlockKind
from studio_app.core.scopes import Permission, Purpose, Scope
from studio_app.services.export import ExportOptions, ExportRefused, export_takes
from studio_app.services.ledger import Ledger
from studio_app.services.ledger.decisions import record_restriction
from studio_app.services.trust import proven_gate
from studio_app.wav.tagging import read_consent_tags
from tests.tamper import (
    append_forged_event,
    authorize_behind_the_app,
    behind_the_app,
    cast,
    insert_newer_grant,
    register_own_key,
    training_decision,
)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "ledger.sqlite3"


@pytest.fixture
def studio(db):
    """The cast recorded through the app; the ledger is closed again, as the attacker edits the file."""
    with Ledger.open(db) as ledger:
        return cast(ledger, granted=1, defaulted=2)


def _training_verdict(db, take_ids, folder):
    """Export for AI training: the refusal's verdict, or None when the delivery was written."""
    with Ledger.open(db) as ledger:
        try:
            export_takes(ledger, list(take_ids), folder, ExportOptions(Purpose.AI_TRAINING))
        except ExportRefused as refused:
            assert not folder.exists(), "a refused export writes nothing"
            return refused.verdict
    return None


def _reasons(verdict, take_id) -> list[str]:
    return [b.reason for b in verdict.blocks if b.take_id == take_id and b.kind is BlockKind.UNPROVEN]


def test_a_decision_updated_to_authorized_blocks_only_its_take_naming_the_event(db, studio, tmp_path):
    forged, clean = studio.defaulted
    decision_id, event = training_decision(db, forged)
    authorize_behind_the_app(db, decision_id)

    verdict = _training_verdict(db, [*studio.granted, forged], tmp_path / "both")
    assert verdict.blocking_take_ids() == (forged,), "the granted take is fine and not named"
    assert _reasons(verdict, forged) == [
        f"ledger row changed behind the app: decision {decision_id}, event {event}"
    ]
    assert _training_verdict(db, [clean], tmp_path / "clean").blocks[0].kind is BlockKind.NOT_AUTHORIZED
    assert _training_verdict(db, studio.granted, tmp_path / "granted") is None, "the clean grant still leaves"


def test_a_newer_authorized_row_without_an_event_is_blocked(db, studio, tmp_path):
    take = studio.defaulted[0]
    inserted, _ = insert_newer_grant(db, take)
    reasons = _reasons(_training_verdict(db, [take], tmp_path / "out"), take)
    assert reasons == [f"ledger row has no audit event: decision {inserted}"]


def test_a_newer_authorized_row_with_a_forged_event_and_a_copied_seal_is_blocked(db, studio, tmp_path):
    take = studio.defaulted[0]
    inserted, row = insert_newer_grant(db, take)
    event = append_forged_event(db, "decision", inserted, row)
    reasons = _reasons(_training_verdict(db, [take], tmp_path / "out"), take)
    assert reasons == [f"audit event {event} is not signed by the key it names"]


def test_a_forged_event_signed_by_a_key_registered_behind_the_app_is_blocked(db, studio, tmp_path):
    take = studio.defaulted[0]
    inserted, row = insert_newer_grant(db, take)
    signer = register_own_key(db)
    event = append_forged_event(db, "decision", inserted, row, signer)
    reasons = _reasons(_training_verdict(db, [take], tmp_path / "out"), take)
    assert reasons == [f"audit event {event} is signed by key {signer[1][:8]}, not a key this ledger trusts"]
    with Ledger.open(db) as ledger:
        report = ledger.verify_audit()
    assert not report.ok, "audit verify must not take the attacker's key either"
    assert any(f"signed by key {signer[1][:8]}, not a key this ledger trusts" in p for p in report.problems)


@pytest.mark.parametrize(
    ("column", "value"), [("terms_sha256", "0" * 64), ("strokes_json", "[[[1, 1, 0], [2, 2, 10]]]")]
)
def test_an_edited_confirmation_blocks_the_grant_citing_it(db, studio, column, value, tmp_path):
    behind_the_app(db, f"UPDATE confirmations SET {column} = ? WHERE id = ?", value, studio.confirmation_id)
    (take,) = studio.granted
    (reason,) = _reasons(_training_verdict(db, [take], tmp_path / "out"), take)
    confirmation = studio.confirmation_id
    assert reason.startswith(f"ledger row changed behind the app: confirmation {confirmation}, event ")


def test_a_take_row_edited_behind_the_app_is_blocked(db, studio, tmp_path):
    (take,) = studio.granted
    behind_the_app(db, "UPDATE takes SET scene = ? WHERE id = ?", "a scene the actor never recorded", take)
    (reason,) = _reasons(_training_verdict(db, [take], tmp_path / "out"), take)
    assert reason.startswith(f"ledger row changed behind the app: take {take}, event ")


def test_deleting_the_newest_restriction_row_brings_back_no_grant(db, studio, tmp_path):
    (take,) = studio.granted
    with Ledger.open(db) as ledger:
        record_restriction(ledger, take, studio.actor_id, "actor withdrew training", "Lena")
    restriction, event = training_decision(db, take)
    behind_the_app(db, "DELETE FROM decisions WHERE id = ?", restriction)

    (reason,) = _reasons(_training_verdict(db, [take], tmp_path / "out"), take)
    assert reason.startswith(f"ledger row deleted or reordered behind the app: event {event} is the latest")


def test_deleting_a_restriction_and_its_event_inside_the_chain_blocks_every_take(db, studio, tmp_path):
    (take,) = studio.granted
    with Ledger.open(db) as ledger:
        record_restriction(ledger, take, studio.actor_id, "actor withdrew training", "Lena")
        ledger.update_session(studio.session_id, client="later change")
    restriction, event = training_decision(db, take)
    behind_the_app(db, "DELETE FROM decisions WHERE id = ?", restriction)
    behind_the_app(db, "DELETE FROM audit_events WHERE seq = ?", event)

    verdict = _training_verdict(db, [take, *studio.defaulted], tmp_path / "out")
    for blocked in (take, *studio.defaulted):
        assert any("audit chain has 1 event(s) missing" in r for r in _reasons(verdict, blocked))


def test_events_without_seals_are_verified_by_signature_once_then_sealed(db, studio):
    behind_the_app(db, "DELETE FROM audit_seals")
    with Ledger.open(db) as ledger:
        assert proven_gate(ledger, studio.granted, Purpose.AI_TRAINING).allowed
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM audit_seals").fetchone()[0] > 0
    conn.close()
    behind_the_app(db, "UPDATE audit_seals SET tag = ?", "0" * 64)
    with Ledger.open(db) as ledger:
        assert proven_gate(ledger, studio.granted, Purpose.AI_TRAINING).allowed, "a bad seal: signature"


def test_a_row_edited_while_the_export_writes_is_not_what_gets_signed(db, studio, tmp_path):
    """The attacker waits for the gate to pass, then edits a take still to be written: the file carries the
    record the gate proved, never the edited row."""
    first, edited = studio.defaulted
    decision_id, _event = training_decision(db, edited)

    def edit_during_the_first_file(step) -> None:
        if step.file_index == 0:
            authorize_behind_the_app(db, decision_id)

    with Ledger.open(db) as ledger:
        report = export_takes(
            ledger, [first, edited], tmp_path / "out", ExportOptions(), progress=edit_during_the_first_file
        )
    (signed,) = [t.record for t in report.takes if t.take_id == edited]
    assert [d.permission for a in signed.actors for d in a.decisions if d.scope is Scope.AI_TRAINING] == [
        Permission.NOT_AUTHORIZED
    ]
    tags = read_consent_tags(report.folder / report.takes[1].file_name)
    assert tags.ixml_record.to_json() == signed.to_json()
