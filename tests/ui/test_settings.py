"""Preferences are declared once and come back with their declared type after a restart."""

from __future__ import annotations

import pytest

from studio_app.ui.settings import AppSettings, settings_path


def test_every_preference_has_a_unique_key_a_type_and_a_default_of_that_type():
    entries = list(AppSettings.entries())
    assert len({p.key for p in entries}) == len(entries)
    for pref in entries:
        assert isinstance(pref.default, pref.kind), pref.key


def test_values_survive_a_new_settings_object_with_their_types(qapp):
    settings = AppSettings()
    settings.language = "zh_CN"
    settings.main_window_geometry = b"\x01\x00geometry\xff"
    settings.recent_session_ids = ["one"]
    settings.sync()
    again = AppSettings()
    assert again.language == "zh_CN"
    assert again.main_window_geometry == b"\x01\x00geometry\xff"
    assert again.recent_session_ids == ["one"]
    assert settings_path().exists()


def test_unset_preferences_read_their_default(qapp):
    settings = AppSettings()
    assert settings.theme == "dark"
    assert settings.recent_session_ids == []
    assert settings.main_window_geometry == b""


def test_remember_session_keeps_recent_list_unique_newest_first_and_bounded(qapp):
    settings = AppSettings()
    for n in range(AppSettings.RECENT_LIMIT + 3):
        settings.remember_session(f"s{n}")
    settings.remember_session("s5")
    assert settings.last_session_id == "s5"
    recent = settings.recent_session_ids
    assert recent[0] == "s5" and len(recent) == len(set(recent)) == AppSettings.RECENT_LIMIT


def test_a_value_of_the_wrong_type_is_refused(qapp):
    with pytest.raises(TypeError, match="ui/language"):
        AppSettings().language = 3
