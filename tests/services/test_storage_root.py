"""Shared takes under a studio storage root: the ledger keeps their paths relative to it, each seat finds
them under its own mount point ($CONSENT_SLATE_STORAGE_ROOT), and an export names every file this seat
cannot reach before it records or writes anything."""

from __future__ import annotations

import shutil

import pytest

from studio_app import appdirs
from studio_app.services.export import ExportError, export_takes
from studio_app.services.ledger import Ledger
from studio_app.services.ledger.decisions import apply_session_default, record_restriction
from studio_app.services.ledger.intake import import_take


@pytest.fixture
def storage(tmp_path, fixture_wavs):
    """The studio's shared storage as Room A mounts it (mnt-a) and as Room B does (mnt-b, the same
    folder under another path), holding one take of episode 1."""
    mount_a = tmp_path / "mnt-a"
    (mount_a / "Ep1").mkdir(parents=True)
    small = min(fixture_wavs, key=lambda path: path.stat().st_size)
    shutil.copyfile(small, mount_a / "Ep1" / "001.wav")
    mount_b = tmp_path / "mnt-b"
    mount_b.symlink_to(mount_a, target_is_directory=True)
    return mount_a, mount_b


def _recorded_in_room_a(location, storage, monkeypatch) -> tuple[str, list[str]]:
    """Room A references the take on the storage and copies another one in (the managed folder is on the
    storage too); both get the session default. Returns the session and take ids."""
    mount_a, _ = storage
    monkeypatch.setenv(appdirs.STORAGE_ROOT_ENV, str(mount_a))
    with Ledger.open(location) as room_a:
        session = room_a.create_session("第一集", contract_status="none")
        actor = room_a.add_actor(session.id, "张伟")
        referenced = import_take(room_a, session.id, mount_a / "Ep1" / "001.wav", [actor.id], copy=False)
        copied = import_take(room_a, session.id, mount_a / "Ep1" / "001.wav", [actor.id])
        apply_session_default(room_a, session.id)
        stored = room_a.store.conn.execute("SELECT path FROM takes ORDER BY rowid").fetchall()
    assert [row[0] for row in stored] == ["Ep1/001.wav", f"takes/{copied.path.split('/takes/', 1)[1]}"]
    return session.id, [referenced.id, copied.id]


def test_another_seat_finds_the_takes_under_its_own_mount_point_and_exports_them(
    ledger_location, storage, monkeypatch, tmp_path
):
    _, take_ids = _recorded_in_room_a(ledger_location, storage, monkeypatch)
    mount_b = storage[1]
    monkeypatch.setenv(appdirs.STORAGE_ROOT_ENV, str(mount_b))
    with Ledger.open(ledger_location) as room_b:
        take = room_b.store.take(take_ids[0])
        assert take.path == str(mount_b / "Ep1" / "001.wav")
        report = export_takes(room_b, take_ids, tmp_path / "out")
        assert len(report.takes) == 2
        assert room_b.verify_audit().ok


def test_a_seat_that_cannot_reach_the_storage_decides_but_its_export_names_the_files(
    ledger_location, storage, monkeypatch, tmp_path
):
    _, take_ids = _recorded_in_room_a(ledger_location, storage, monkeypatch)
    monkeypatch.delenv(appdirs.STORAGE_ROOT_ENV)
    out = tmp_path / "out"
    with Ledger.open(ledger_location) as office:
        take = office.store.take(take_ids[0])
        assert take.path == "Ep1/001.wav"
        with pytest.raises(ExportError) as refused:
            export_takes(office, take_ids, out)
        reason = refused.value.reason
        assert "cannot reach 2 take file(s), nothing exported" in reason
        assert f"Ep1/001.wav (take {take_ids[0][:8]})" in reason and f"take {take_ids[1][:8]}" in reason
        assert "$CONSENT_SLATE_STORAGE_ROOT" in reason
        assert not out.exists()
        assert office.store.conn.execute("SELECT count(*) FROM delivery_attempts").fetchone()[0] == 0
        record_restriction(office, take.id, take.actor_ids[0], "client asked", "Office")
        assert office.verify_audit().ok
