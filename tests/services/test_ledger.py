"""The `Ledger` facade over a real SQLite file and real WAVs: import, decisions, confirmations, history."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from datetime import UTC, datetime

import pytest

from studio_app import appdirs
from studio_app.core.model import ActorConfirmation, ConsentRuleError, DeliveryItem, ScopeChoice
from studio_app.core.scopes import ALL_SCOPES, Method, Permission, Purpose, Scope
from studio_app.services.ledger import Ledger, decisions, new_confirmation_id
from studio_app.services.ledger.decisions import (
    apply_session_default,
    record_confirmation,
    record_restriction,
)
from studio_app.services.ledger.intake import add_take_for_recording, finish_recording, import_take
from studio_app.wav.errors import Cancelled, WavError
from studio_app.wav.reader import audio_sha256
from tests.conftest import FIXTURE_WAVS, grant

SOURCE = next(p for p in FIXTURE_WAVS if p.name == "A101_1.WAV")
SIGNATURE = (((0.1, 0.2, 0.0), (0.3, 0.4, 0.05)),)


class Clock:
    """A settable clock, so expiry can be tested on both sides of its date."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock():
    return Clock(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))


@pytest.fixture
def ledger(ledger_location, clock):
    with Ledger.open(ledger_location, clock=clock) as opened:
        yield opened


@pytest.fixture
def cast(ledger):
    session = ledger.create_session(
        "第一集", engineer="Li", contract_status="no_ai_clause", contract_reference="C-1"
    )
    zhang = ledger.add_actor(session.id, "张伟", "小伟")
    anna = ledger.add_actor(session.id, "Anna Li")
    return session, zhang, anna


def confirm(actor, typed_name: str | None = None) -> ActorConfirmation:
    return ActorConfirmation(
        id=new_confirmation_id(),
        actor_id=actor.id,
        typed_name=actor.legal_name if typed_name is None else typed_name,
        strokes=SIGNATURE,
        terms_version="v1",
        terms_sha256=hashlib.sha256(b"terms shown").hexdigest(),
        locale="zh_CN",
        confirmed_at="2026-11-25T10:00:00+00:00",
    )


def grant_all(permission=Permission.AUTHORIZED, **kwargs) -> dict[Scope, ScopeChoice]:
    if not permission.is_grant:
        return {scope: ScopeChoice(permission) for scope in ALL_SCOPES}
    return {scope: grant(permission, **kwargs) for scope in ALL_SCOPES}


def test_import_copies_read_only_into_the_session_folder_and_leaves_the_source_alone(ledger, cast, tmp_path):
    session, zhang, _ = cast
    source = tmp_path / "studio" / "A101_1.WAV"
    source.parent.mkdir()
    shutil.copy2(SOURCE, source)
    before = (source.read_bytes(), source.stat().st_mtime_ns)
    seen = []
    take = import_take(
        ledger, session.id, source, [zhang.id], progress=lambda done, total: seen.append((done, total))
    )
    managed = appdirs.takes_dir() / session.id / "A101_1.WAV"
    assert take.path == str(managed)
    assert managed.read_bytes() == source.read_bytes()
    assert stat.S_IMODE(managed.stat().st_mode) == 0o444
    assert (source.read_bytes(), source.stat().st_mtime_ns) == before
    assert take.audio_sha256 == audio_sha256(source)
    assert seen[-1] == (source.stat().st_size, source.stat().st_size)


def test_importing_the_same_file_twice_keeps_both_copies(ledger, cast):
    session, zhang, _ = cast
    first = import_take(ledger, session.id, SOURCE, [zhang.id])
    second = import_take(ledger, session.id, SOURCE, [zhang.id])
    assert first.path != second.path
    assert os.path.basename(second.path) == "A101_1-2.WAV"


def test_import_of_a_bad_file_names_it_and_records_nothing(ledger, cast, tmp_path):
    session, zhang, _ = cast
    bad = tmp_path / "notes.wav"
    bad.write_text("not audio")
    with pytest.raises(WavError, match=r"notes\.wav"):
        import_take(ledger, session.id, bad, [zhang.id])
    assert ledger.list_takes(session.id) == []
    assert not (appdirs.takes_dir() / session.id).exists() or not any(
        (appdirs.takes_dir() / session.id).iterdir()
    )


def test_cancelled_import_leaves_no_file_and_no_take(ledger, cast):
    session, zhang, _ = cast
    with pytest.raises(Cancelled):
        import_take(ledger, session.id, SOURCE, [zhang.id], cancel=lambda: True)
    assert ledger.list_takes(session.id) == []
    assert list((appdirs.takes_dir() / session.id).iterdir()) == []


def test_actor_from_another_session_cannot_be_put_on_a_take(ledger, cast):
    session, _, _ = cast
    stranger = ledger.add_actor(ledger.create_session("other").id, "Stranger")
    with pytest.raises(ConsentRuleError, match="not in this session"):
        add_take_for_recording(ledger, session.id, "/rec/t1.wav", [stranger.id])


def test_recording_take_is_pending_until_decided_and_gets_its_hash_when_finished(ledger, cast, tmp_path):
    session, zhang, _ = cast
    path = tmp_path / "rec.wav"
    take = add_take_for_recording(ledger, session.id, path, [zhang.id], take_number=4)
    assert ledger.take_status(take.id).pending
    assert [t.id for t in ledger.unfinished_recordings()] == [take.id]
    apply_session_default(ledger, session.id)
    assert [b.reason for b in ledger.gate([take.id], Purpose.DELIVERY).blocks] == [
        "still recording: the file is not finished"
    ]
    shutil.copy(SOURCE, path)
    finished = finish_recording(ledger, take.id, recovered=True)
    assert ledger.unfinished_recordings() == []
    assert ledger.gate([take.id], Purpose.DELIVERY).allowed
    assert finished.status.value == "recovered"
    assert finished.audio_sha256 == audio_sha256(SOURCE)


def test_grant_without_matching_typed_name_is_refused_and_nothing_is_stored(ledger, cast):
    session, zhang, _ = cast
    take = add_take_for_recording(ledger, session.id, "/rec/t1.wav", [zhang.id])
    with pytest.raises(ConsentRuleError, match="does not match"):
        record_confirmation(ledger, confirm(zhang, "Anna Li"), grant_all(), take_ids=[take.id])
    assert ledger.store.count("confirmation") == 0
    assert ledger.decision_history(take.id) == []


def test_actor_confirmation_records_a_grant_with_the_terms_shown(ledger, cast):
    session, zhang, _ = cast
    take = add_take_for_recording(ledger, session.id, "/rec/t1.wav", [zhang.id])
    confirmation = confirm(zhang, "小伟")
    record_confirmation(ledger, confirmation, grant_all(), take_ids=[take.id])
    record = ledger.consent_record(take.id)
    decision = record.actors[0].decision_for(Scope.VOICE_CLONING)
    assert decision.permission is Permission.AUTHORIZED
    assert decision.method is Method.ACTOR_CONFIRMATION
    assert (decision.confirmation_id, decision.terms_sha256) == (confirmation.id, confirmation.terms_sha256)
    assert ledger.confirmation(confirmation.id).strokes == SIGNATURE


def test_restriction_supersedes_a_grant_and_the_history_keeps_both(ledger, cast):
    session, zhang, _ = cast
    take = add_take_for_recording(ledger, session.id, "/rec/t1.wav", [zhang.id])
    record_confirmation(
        ledger, confirm(zhang), {Scope.AI_TRAINING: grant()}, take_ids=[take.id]
    )
    record_restriction(ledger, take.id, zhang.id, "actor changed their mind", scopes=[Scope.AI_TRAINING])
    history = ledger.decision_history(take.id)
    assert [d.permission for d in history] == [Permission.AUTHORIZED, Permission.NOT_AUTHORIZED]
    assert history[1].supersedes == history[0].id
    assert history[1].scope_decision.recorded_by == "Li"


def test_restriction_after_a_delivery_lists_the_delivery_to_notify(ledger, cast):
    session, zhang, _ = cast
    take = add_take_for_recording(ledger, session.id, "/rec/t1.wav", [zhang.id])
    record_confirmation(ledger, confirm(zhang), grant_all(), take_ids=[take.id])
    snapshot = ledger.consent_record(take.id).to_json()
    delivery = ledger.record_delivery(
        session.id,
        "/deliveries/x",
        "Voice AI Ltd",
        Purpose.AI_TRAINING,
        [DeliveryItem(take.id, "t1.wav", "0" * 64, snapshot)],
    )
    outcome = record_restriction(ledger, take.id, zhang.id, "withdrawn", scopes=[Scope.AI_TRAINING])
    assert outcome.withdrawn_from == (delivery,)


def test_standing_confirmation_covers_takes_added_later_in_the_session(ledger, cast):
    session, zhang, anna = cast
    earlier = add_take_for_recording(ledger, session.id, "/rec/t1.wav", [zhang.id])
    record_confirmation(ledger, confirm(zhang), grant_all(), standing_session=True)
    later = add_take_for_recording(ledger, session.id, "/rec/t2.wav", [zhang.id, anna.id])
    assert ledger.take_status(earlier.id).pending
    later_status = ledger.take_status(later.id)
    assert all(later_status.decision(zhang.id, s).permission is Permission.AUTHORIZED for s in ALL_SCOPES)
    assert later_status.pending  # Anna has not decided
    record_confirmation(ledger, confirm(zhang), grant_all(Permission.NOT_AUTHORIZED), standing_session=True)
    latest = add_take_for_recording(ledger, session.id, "/rec/t3.wav", [zhang.id])
    assert (
        ledger.take_status(latest.id).effective(ledger.today())[Scope.AI_TRAINING]
        is Permission.NOT_AUTHORIZED
    )


def test_session_default_fills_only_the_undecided_scopes(ledger, cast):
    session, zhang, anna = cast
    take = add_take_for_recording(ledger, session.id, "/rec/t1.wav", [zhang.id, anna.id])
    record_confirmation(
        ledger, confirm(zhang), {Scope.AI_RESEARCH: grant()}, take_ids=[take.id]
    )
    outcome = apply_session_default(ledger, session.id)
    assert len(outcome.decisions) == 7
    status = ledger.take_status(take.id)
    assert not status.pending
    assert status.decision(zhang.id, Scope.AI_RESEARCH).permission is Permission.AUTHORIZED
    assert {d.scope_decision.reason for d in outcome.decisions} == {"contract has no AI clause"}


def _pending_takes(ledger, session, actors, count):
    actor_ids = [a.id for a in actors]
    return [add_take_for_recording(ledger, session.id, f"/rec/{n}.wav", actor_ids) for n in range(count)]


@pytest.mark.sqlite_only
def test_session_default_commits_one_transaction_per_batch_and_reports_progress(ledger, cast, monkeypatch):
    session, zhang, anna = cast
    takes = _pending_takes(ledger, session, (zhang, anna), 5)
    monkeypatch.setattr(decisions, "SESSION_DEFAULT_BATCH", 2)
    seen = []
    statements = []
    ledger.store.conn.set_trace_callback(statements.append)
    outcome = apply_session_default(ledger, session.id, progress=lambda *done_total: seen.append(done_total))
    ledger.store.conn.set_trace_callback(None)
    assert seen == [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert statements.count("BEGIN IMMEDIATE") == 3
    assert len(outcome.decisions) == len(takes) * 2 * len(ALL_SCOPES)
    assert not any(o.pending for o in ledger.list_takes(session.id))
    report = ledger.verify_audit()
    assert report.ok, report.problems
    decision_events = ledger.store.conn.execute(
        "SELECT count(*) FROM audit_events WHERE entity = 'decision'"
    ).fetchone()[0]
    assert decision_events == len(outcome.decisions)


def test_cancelling_the_session_default_keeps_the_batches_already_committed(ledger, cast, monkeypatch):
    session, zhang, anna = cast
    takes = _pending_takes(ledger, session, (zhang, anna), 5)
    monkeypatch.setattr(decisions, "SESSION_DEFAULT_BATCH", 2)
    seen = []
    outcome = apply_session_default(
        ledger, session.id, progress=lambda done, total: seen.append(done), cancel=lambda: len(seen) > 1
    )
    assert seen == [0, 2]
    assert {d.take_id for d in outcome.decisions} == {takes[0].id, takes[1].id}
    statuses = [ledger.take_status(t.id) for t in takes]
    assert [s.pending for s in statuses] == [False, False, True, True, True]
    assert all(s.decisions == () for s in statuses[2:])
    assert ledger.verify_audit().ok


def test_session_default_keeps_a_decision_another_writer_recorded_between_batches(ledger, cast, monkeypatch):
    session, zhang, anna = cast
    takes = _pending_takes(ledger, session, (zhang, anna), 4)
    monkeypatch.setattr(decisions, "SESSION_DEFAULT_BATCH", 2)

    def restrict_a_later_take_on_another_connection(done: int, _total: int) -> None:
        if done == 2:
            with Ledger.open(ledger.path) as other:
                record_restriction(other, takes[3].id, zhang.id, "declined at the booth", "Li")

    apply_session_default(ledger, session.id, progress=restrict_a_later_take_on_another_connection)
    last = ledger.take_status(takes[3].id)

    def methods(actor) -> set[Method]:
        return {last.decision(actor.id, scope).scope_decision.method for scope in ALL_SCOPES}

    assert methods(zhang) == {Method.ENGINEER_RESTRICTION}
    assert methods(anna) == {Method.SESSION_DEFAULT}
    assert len(ledger.decision_history(takes[3].id)) == 8
    assert ledger.verify_audit().ok


def test_session_default_is_refused_when_the_contract_has_an_ai_clause(ledger):
    session = ledger.create_session(
        "ep 2", contract_status="ai_clause", ai_scope_text="training for dubbing only"
    )
    actor = ledger.add_actor(session.id, "张伟")
    take = add_take_for_recording(ledger, session.id, "/rec/t1.wav", [actor.id])
    with pytest.raises(ConsentRuleError, match="actor confirms"):
        apply_session_default(ledger, session.id)
    assert ledger.decision_history(take.id) == []


def test_conditional_grant_stops_counting_from_its_expiry_date(ledger, cast, clock):
    session, zhang, _ = cast
    take = import_take(ledger, session.id, SOURCE, [zhang.id])
    choices = grant_all(
        Permission.AUTHORIZED_WITH_CONDITIONS, conditions="dubbing only", expires="2026-12-01"
    )
    record_confirmation(ledger, confirm(zhang), choices, take_ids=[take.id])
    assert ledger.gate([take.id], Purpose.AI_TRAINING).allowed
    clock.now = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)
    verdict = ledger.gate([take.id], Purpose.AI_TRAINING)
    assert [b.reason for b in verdict.blocks] == ["ai_training expired on 2026-12-01"]


@pytest.mark.sqlite_only
def test_listing_takes_costs_the_same_queries_for_ten_or_two_hundred_takes(ledger):
    def queries_for(count: int) -> int:
        target = ledger.create_session(f"{count} takes")
        actor = ledger.add_actor(target.id, "张伟")
        for i in range(count):
            add_take_for_recording(ledger, target.id, f"/rec/{i}.wav", [actor.id])
        apply_session_default(ledger, target.id)
        statements = []
        ledger.store.conn.set_trace_callback(statements.append)
        takes = ledger.list_takes(target.id)
        ledger.store.conn.set_trace_callback(None)
        assert len(takes) == count and not any(t.pending for t in takes)
        return len(statements)

    assert queries_for(10) == queries_for(200)


def test_every_change_leaves_a_verifiable_audit_chain(ledger, cast):
    session, zhang, _ = cast
    ledger.update_session(session.id, client="星光配音", contract_status="none")
    take = import_take(ledger, session.id, SOURCE, [zhang.id])
    ledger.update_take(take.id, notes="breath at 0:03")
    record_restriction(ledger, take.id, zhang.id, "no contract for AI")
    report = ledger.verify_audit()
    assert report.ok, report.problems
    assert ledger.session(session.id).client == "星光配音"


def test_keep_unchanged_records_only_the_scopes_and_takes_whose_choice_changes(ledger, cast, clock):
    session, zhang, _ = cast
    first = add_take_for_recording(ledger, session.id, "/rec/t1.wav", [zhang.id])
    second = add_take_for_recording(ledger, session.id, "/rec/t2.wav", [zhang.id])
    refused = grant_all(Permission.NOT_AUTHORIZED)
    record_confirmation(ledger, confirm(zhang), refused, take_ids=[first.id, second.id])
    record_confirmation(ledger, confirm(zhang), {Scope.AI_RESEARCH: grant()}, take_ids=[first.id])
    held = decisions.held_choices(ledger, zhang.id, [first.id, second.id])
    assert held[Scope.AI_RESEARCH] == decisions.HeldChoice(None, differs=True)
    assert held[Scope.AI_TRAINING] == decisions.HeldChoice(ScopeChoice(Permission.NOT_AUTHORIZED))

    outcome = record_confirmation(ledger, confirm(zhang), {**refused, Scope.AI_TRAINING: grant()},
                                  take_ids=[first.id, second.id], keep_unchanged=True)
    assert {(d.take_id, d.scope) for d in outcome.decisions} == {
        (first.id, Scope.AI_TRAINING), (second.id, Scope.AI_TRAINING), (first.id, Scope.AI_RESEARCH)}
    with pytest.raises(ConsentRuleError, match="nothing changed"):
        record_confirmation(ledger, confirm(zhang), {**refused, Scope.AI_TRAINING: grant()},
                            take_ids=[first.id, second.id], keep_unchanged=True)
    assert len(ledger.decision_history(first.id)) == len(ALL_SCOPES) + 3
    assert len(ledger.decision_history(second.id)) == len(ALL_SCOPES) + 1


def test_an_expired_grant_is_held_as_not_authorized(ledger, cast, clock):
    session, zhang, _ = cast
    take = add_take_for_recording(ledger, session.id, "/rec/t1.wav", [zhang.id])
    record_confirmation(ledger, confirm(zhang), {Scope.AI_TRAINING: grant(expires="2026-12-01")},
                        take_ids=[take.id])
    assert decisions.held_choices(ledger, zhang.id, [take.id])[Scope.AI_TRAINING].choice.permission.is_grant
    clock.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    held = decisions.held_choices(ledger, zhang.id, [take.id])
    assert held[Scope.AI_TRAINING] == decisions.HeldChoice(ScopeChoice(Permission.NOT_AUTHORIZED))
