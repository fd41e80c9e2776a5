"""The terms shown to the actor: complete in both languages, hashed exactly as displayed, never edited."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
import unicodedata

import pytest

from studio_app.core.scopes import ALL_SCOPES
from studio_app.services.terms import (
    CURRENT_TERMS_VERSION,
    TERMS_LOCALES,
    TermsError,
    load_terms,
    terms_root,
    terms_versions,
)

# Shipped texts are frozen: a wording change is a new version folder, so old confirmations stay checkable.
SHIPPED_SHA256 = {
    ("v1", "en"): "bb3420a05454197dfb666674952bf4a4b6879b038c2972a1772962f0be51d797",
    ("v1", "zh_CN"): "4983540ca7ef9b2fe10092e15122bc06d8771c0f189b536432cdbeaf72a86b8b",
    ("v2", "en"): "296d5f853fda804c82650243e9b9cf8dbf656ead84e07c8f3a6a26cd1acaff4f",
    ("v2", "zh_CN"): "81227def0aa219906ccd7548c772c1c5c86118e2914e77565b4ea110f448b5c7",
}


@pytest.mark.parametrize("version", terms_versions())
@pytest.mark.parametrize("locale", TERMS_LOCALES)
def test_every_shipped_version_explains_all_four_scopes_in_every_language(version, locale):
    terms = load_terms(version, locale)
    assert [s.scope for s in terms.scopes] == list(ALL_SCOPES)
    assert all(s.title.strip() and s.explanation.strip() for s in terms.scopes)


def test_current_version_is_shipped():
    assert CURRENT_TERMS_VERSION in terms_versions()


@pytest.mark.parametrize("locale", TERMS_LOCALES)
def test_text_shown_holds_every_displayed_piece_in_order_and_is_hashed_as_utf8(locale):
    terms = load_terms(CURRENT_TERMS_VERSION, locale)
    text = terms.text_shown()
    pieces = [terms.title, terms.intro]
    for s in terms.scopes:
        pieces += [s.title, s.explanation]
    pieces.append(terms.declaration)
    assert text == "\n\n".join(pieces)
    assert text == unicodedata.normalize("NFC", text) and not text.endswith("\n")
    assert terms.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_one_changed_character_in_any_scope_changes_the_hash():
    terms = load_terms()
    for i, scope_terms in enumerate(terms.scopes):
        edited = dataclasses.replace(scope_terms, explanation=scope_terms.explanation + ".")
        scopes = (*terms.scopes[:i], edited, *terms.scopes[i + 1:])
        assert dataclasses.replace(terms, scopes=scopes).sha256 != terms.sha256


def test_languages_hash_differently_so_the_confirmation_tells_which_text_was_read():
    assert load_terms(locale="en").sha256 != load_terms(locale="zh_CN").sha256


@pytest.mark.parametrize(("version", "locale"), sorted(SHIPPED_SHA256))
def test_shipped_terms_texts_are_never_edited(version, locale):
    assert load_terms(version, locale).sha256 == SHIPPED_SHA256[(version, locale)]


def test_unknown_language_names_the_missing_file():
    with pytest.raises(TermsError) as err:
        load_terms(CURRENT_TERMS_VERSION, "fr")
    assert err.value.path.name == "fr.json" and "fr" in err.value.reason


def test_terms_missing_a_scope_are_refused_with_file_and_reason(tmp_path):
    shutil.copytree(terms_root() / "v1", tmp_path / "v1")
    path = tmp_path / "v1" / "en.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["scopes"]["voice_cloning"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(TermsError) as err:
        load_terms("v1", "en", root=tmp_path)
    assert err.value.path == path and "voice_cloning" in err.value.reason


def test_terms_file_claiming_another_version_is_refused(tmp_path):
    shutil.copytree(terms_root() / "v1", tmp_path / "v2")
    with pytest.raises(TermsError, match="version 'v1'"):
        load_terms("v2", "zh_CN", root=tmp_path)


def test_broken_json_is_refused_with_the_file(tmp_path):
    (tmp_path / "v1").mkdir()
    (tmp_path / "v1" / "en.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(TermsError, match="unreadable"):
        load_terms("v1", "en", root=tmp_path)
