"""Delivery file names that every studio's operating system accepts, keeping Chinese names."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from studio_app.core.filenames import MAX_NAME_BYTES, free_name, safe_file_name


def test_forbidden_characters_are_replaced_and_unicode_kept():
    assert safe_file_name('场景1: "你好"/张伟?.wav') == "场景1_ _你好__张伟_.wav"


def test_undecodable_bytes_from_the_disk_become_underscores():
    assert safe_file_name("take\udcff1.wav") == "take_1.wav"


def test_reserved_device_names_are_avoided():
    assert safe_file_name("CON.wav") == "_CON.wav"
    assert safe_file_name("lpt1.take.wav") == "_lpt1.take.wav"


def test_trailing_dots_and_spaces_are_dropped():
    assert safe_file_name("take 1. . ") == "take 1"
    assert safe_file_name(" ... ") == "take"


def test_long_names_are_bounded_in_bytes_and_keep_the_extension():
    name = safe_file_name("声" * 300 + ".wav")
    assert name.endswith(".wav")
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES


def test_free_name_counts_up_past_taken_names():
    taken = {"take.wav", "take-2.wav"}
    assert free_name("take.wav", taken.__contains__) == "take-3.wav"
    assert free_name("other.wav", taken.__contains__) == "other.wav"


@given(st.text(max_size=400))
def test_any_name_becomes_a_name_every_file_system_accepts(name):
    safe = safe_file_name(name)
    assert safe and not set('<>:"/\\|?*') & set(safe)
    assert all(ord(c) >= 32 and c != "\x7f" for c in safe)
    assert not safe.endswith((".", " "))
    assert len(safe.encode("utf-8")) <= MAX_NAME_BYTES
    assert safe.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
