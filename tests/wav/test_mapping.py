"""What the record says in each vocabulary: PLUS DataMining, usage terms (en, zh), and a foreign XMP kept."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date

import pytest

from studio_app.core.ai_signals import data_mining_code
from studio_app.core.record import ActorConsent, ConsentRecord, ScopeDecision
from studio_app.core.scopes import ALL_SCOPES, Method, Permission, Scope
from studio_app.wav.mapping import usage_terms_en, usage_terms_zh
from studio_app.wav.tagging import preview_tags, read_consent_tags, write_tagged
from tests.wav.conftest import archive_record, chunk, pcm16_fmt, riff

ON = date(2026, 11, 25)


def _decision(scope: Scope, permission: Permission, **kw) -> ScopeDecision:
    return ScopeDecision(
        scope=scope, permission=permission, decision_id=f"d-{scope.value}", recorded_at="2026-11-25T10:00:00",
        recorded_by="actor", method=Method.ACTOR_CONFIRMATION, **kw,
    )


def _record(*actors: dict[Scope, ScopeDecision]) -> ConsentRecord:
    return ConsentRecord(
        take_id="T-1", audio_sha256="", issued_at="2026-11-25T10:00:00+00:00",
        actors=tuple(ActorConsent(f"a{i}", f"Actor {i}", tuple(d.values())) for i, d in enumerate(actors)),
    )


def _all(permission: Permission, **kw) -> dict[Scope, ScopeDecision]:
    return {s: _decision(s, permission, **kw) for s in ALL_SCOPES}


def test_all_refused_is_prohibited():
    assert data_mining_code(_record(_all(Permission.NOT_AUTHORIZED)), ON) == "DMI-PROHIBITED"


def test_all_granted_without_conditions_is_allowed():
    assert data_mining_code(_record(_all(Permission.AUTHORIZED)), ON) == "DMI-ALLOWED"


def test_mixed_scopes_point_to_the_constraints():
    decisions = _all(Permission.AUTHORIZED)
    decisions[Scope.AI_RESEARCH] = _decision(Scope.AI_RESEARCH, Permission.NOT_AUTHORIZED)
    assert data_mining_code(_record(decisions), ON) == "DMI-PROHIBITED-SEECONSTRAINT"


def test_a_cloning_refusal_prohibits_generative_training_only():
    decisions = _all(Permission.AUTHORIZED)
    decisions[Scope.VOICE_CLONING] = _decision(Scope.VOICE_CLONING, Permission.NOT_AUTHORIZED)
    assert data_mining_code(_record(decisions), ON) == "DMI-PROHIBITED-GENAIMLTRAINING"


def test_conditional_grants_are_not_plainly_allowed():
    conditional = _all(Permission.AUTHORIZED_WITH_CONDITIONS, conditions="this game only")
    assert data_mining_code(_record(conditional), ON) == "DMI-PROHIBITED-SEECONSTRAINT"


def test_the_most_restrictive_actor_decides():
    assert data_mining_code(
        _record(_all(Permission.AUTHORIZED), _all(Permission.NOT_AUTHORIZED)), ON
    ) == "DMI-PROHIBITED"


def test_an_expired_condition_counts_as_refused():
    expired = _all(Permission.AUTHORIZED_WITH_CONDITIONS, conditions="trial", expires="2026-01-01")
    assert data_mining_code(_record(expired), ON) == "DMI-PROHIBITED"


def test_usage_terms_name_every_scope_in_both_languages_with_conditions():
    decisions = _all(Permission.NOT_AUTHORIZED)
    decisions[Scope.AI_TRAINING] = _decision(Scope.AI_TRAINING, Permission.AUTHORIZED_WITH_CONDITIONS,
                                             conditions="internal model only")
    record = _record(decisions)
    en, zh = usage_terms_en(record, ON), usage_terms_zh(record, ON)
    for scope in ALL_SCOPES:
        assert scope.label_en in en and scope.label_zh in zh
    assert "internal model only" in en and "internal model only" in zh
    assert "AI 训练：有条件授权" in zh and "声音复制 / 克隆：未授权" in zh


def test_preview_shows_what_each_chunk_will_say():
    preview = preview_tags(archive_record("张伟"))
    assert preview["XMP plus:DataMining"] == "DMI-PROHIBITED"
    assert preview["bext Description"].isascii() and preview["INFO ICOP"].isascii()
    assert "张伟" in preview["iXML CONSENT_SLATE"]


@pytest.mark.skipif(shutil.which("exiftool") is None, reason="needs exiftool")
def test_mixed_record_and_a_foreign_xmp_packet_read_back_through_exiftool(tmp_path):
    """exiftool cannot write WAV, so it writes the foreign packet as a sidecar that we embed as _PMX."""
    sidecar = tmp_path / "foreign.xmp"
    subprocess.run(["exiftool", "-q", "-o", str(sidecar), "-XMP-dc:Title=Scene 4 wild line",
                    "-XMP-dc:Rights=old rights"], check=True)
    source = tmp_path / "src.wav"
    source.write_bytes(riff(chunk(b"fmt ", pcm16_fmt()), chunk(b"data", bytes(800)),
                            chunk(b"_PMX", sidecar.read_bytes())))
    decisions = _all(Permission.AUTHORIZED)
    decisions[Scope.VOICE_CLONING] = _decision(Scope.VOICE_CLONING, Permission.NOT_AUTHORIZED)
    decisions[Scope.AI_RESEARCH] = _decision(Scope.AI_RESEARCH, Permission.NOT_AUTHORIZED)
    record = _record(decisions)
    write_tagged(source, tmp_path / "out.wav", record)
    found = json.loads(subprocess.run(
        ["exiftool", "-j", "-G1", "-lang", "zh-CN", str(tmp_path / "out.wav")],
        check=True, capture_output=True, text=True,
    ).stdout)[0]
    assert found["XMP-dc:Title"] == "Scene 4 wild line"
    assert found["XMP-plus:DataMining"].endswith("DMI-PROHIBITED-SEECONSTRAINT")
    assert "Voice cloning: not authorized" in found["XMP-plus:OtherConstraints"]
    assert found["XMP-dc:Rights"].startswith("old rights\n"), "the packet's own rights text is kept"
    tags = read_consent_tags(tmp_path / "out.wav")
    assert tags.xmp_record == tags.ixml_record and tags.xmp_data_mining == "DMI-PROHIBITED-SEECONSTRAINT"
