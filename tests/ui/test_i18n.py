"""Languages: the engineer's window follows the system or the menu (remembered); the talent screen keeps its
own; the shipped translations are complete, compiled from the committed sources and keep placeholders."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

from studio_app.ui.i18n import AppLanguage, ScreenLanguage, fill, system_language, translations_dir
from studio_app.ui.settings import AppSettings

PYSIDE_BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"%(?:n|s|\d)")


def _messages(language: str) -> list[tuple[str, str, ET.Element]]:
    return _entries(translations_dir() / f"consent_slate_{language}.ts")


def _entries(ts: Path) -> list[tuple[str, str, ET.Element]]:
    contexts = ET.parse(ts).getroot().iter("context")
    return [(c.findtext("name"), m.findtext("source"), m) for c in contexts for m in c.iter("message")]


def _app_text(source: str, context: str = "TalentScreen") -> str:
    return QCoreApplication.translate(context, source)


def test_without_an_override_the_app_follows_the_system_language(app_language):
    assert app_language.apply() == system_language()
    assert app_language.override == ""


def test_menu_override_switches_the_app_and_is_remembered_across_restarts(app_language, qapp):
    assert app_language.apply("zh_CN") == "zh_CN"
    assert _app_text("Confirm my decision") == "确认我的决定"
    restarted = AppLanguage(qapp, AppSettings())
    try:
        assert restarted.apply() == "zh_CN"
    finally:
        qapp.removeTranslator(restarted._ours)
        qapp.removeTranslator(restarted._qt)
    assert app_language.apply("en") == "en"
    assert _app_text("Confirm my decision") == "Confirm my decision"
    assert AppSettings().language == "en"


def test_choosing_system_language_clears_the_override(app_language):
    app_language.apply("zh_CN")
    assert app_language.apply("") == system_language()
    assert AppSettings().language == ""


def test_qt_standard_dialog_texts_follow_the_app_language(app_language):
    app_language.apply("zh_CN")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_talent_screen_language_is_independent_of_the_app_language(app_language):
    app_language.apply("en")
    booth = ScreenLanguage("zh_CN")
    assert booth.text("TalentScreen", "Confirm my decision") == "确认我的决定"
    assert _app_text("Confirm my decision") == "Confirm my decision"
    app_language.apply("zh_CN")
    booth.switch("en")
    assert booth.text("TalentScreen", "Confirm my decision") == "Confirm my decision"
    assert _app_text("Confirm my decision") == "确认我的决定"


def test_screen_language_fills_counts_and_numbered_arguments():
    def covered(language: str) -> str:
        counted = ScreenLanguage(language).translate("TalentScreen", "Selected takes (%n): %1", None, 3)
        return fill(counted, "T1")

    assert covered("en") == "Selected takes (3): T1"
    assert covered("zh_CN") == "所选录音（3 条）：T1"
    assert fill("%1 of %2, not %10", "a", "b") == "a of b, not a0"
    assert fill("%1: %2", "AI training", "payment: 5%1 of %2") == "AI training: payment: 5%1 of %2"


def test_unsupported_screen_language_is_refused():
    with pytest.raises(ValueError, match="fr"):
        ScreenLanguage("fr")


def test_every_chinese_message_is_translated_and_keeps_placeholders_and_shortcut_keys():
    messages = _messages("zh_CN")
    assert messages
    for context, source, message in messages:
        translation = message.find("translation")
        assert translation.get("type") is None, (context, source)
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        for text in forms:
            assert text.strip(), (context, source)
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (context, source)
            assert ("&" in source.replace("&&", "")) <= ("&" in text), (context, source)


def test_english_plural_forms_are_filled():
    for context, source, message in _messages("en"):
        forms = [f.text or "" for f in message.iter("numerusform")]
        assert len(forms) == 2 and all("%n" in f for f in forms), (context, source)


@pytest.mark.skipif(not (PYSIDE_BIN / "pyside6-lupdate").exists(), reason="Qt linguist tools not installed")
def test_translation_sources_hold_every_string_of_the_ui(tmp_path):
    """Run lupdate over studio_app/ui afresh: a string missing from the committed .ts means
    scripts/update-translations was not run after the UI changed."""
    fresh = tmp_path / "fresh.ts"
    ui = Path(__file__).resolve().parents[2] / "studio_app" / "ui"
    lupdate = PYSIDE_BIN / "pyside6-lupdate"
    subprocess.run([lupdate, "-silent", "-extensions", "py", str(ui), "-ts", str(fresh)], check=True)
    wanted = {(context, source) for context, source, _m in _entries(fresh)}
    committed = {(context, source) for context, source, _m in _messages("zh_CN")}
    assert wanted <= committed, sorted(wanted - committed)[:10]


@pytest.mark.skipif(not (PYSIDE_BIN / "pyside6-lrelease").exists(), reason="Qt linguist tools not installed")
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_committed_qm_is_compiled_from_the_committed_ts(tmp_path, language):
    source = translations_dir() / f"consent_slate_{language}.ts"
    shutil.copy(source, tmp_path / source.name)
    subprocess.run([PYSIDE_BIN / "pyside6-lrelease", "-silent", str(tmp_path / source.name),
                    "-qm", str(tmp_path / "fresh.qm")], check=True)
    committed = translations_dir() / f"consent_slate_{language}.qm"
    assert (tmp_path / "fresh.qm").read_bytes() == committed.read_bytes()


def test_a_simplified_chinese_font_is_installed_so_chinese_never_shows_as_boxes(qapp):
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    assert families, "no Simplified Chinese font: install fonts-noto-cjk (scripts/setup does)"
    font = QFont(families[0])
    assert all(QFontMetrics(font).inFontUcs4(ord(ch)) for ch in "确认我的决定未授权")


SYSTEM_LOCALE_PROGRAM = """
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from studio_app.ui.i18n import AppLanguage
app = QApplication([])
print(AppLanguage(app).apply(), QCoreApplication.translate("TalentScreen", "Confirm my decision"))
"""


@pytest.mark.parametrize(("system_locale", "expected"), [
    ("zh_CN.UTF-8", "zh_CN 确认我的决定"),
    ("zh_TW.UTF-8", "zh_CN 确认我的决定"),
    ("de_DE.UTF-8", "en Confirm my decision"),
])
def test_a_fresh_start_follows_the_system_locale(system_locale, expected):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LANG=system_locale, LANGUAGE="")
    done = subprocess.run([sys.executable, "-c", SYSTEM_LOCALE_PROGRAM], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected


def _literal_strings_marked_for_translation(source: Path) -> set[tuple[str, str]]:
    """(context, text) of every tr(), translate() and QT_*_NOOP() call with literal arguments, read with
    Python's own parser: it catches calls that lupdate's parser silently skips."""
    found: set[tuple[str, str]] = set()

    def visit(node: ast.AST, cls: str | None) -> None:
        if isinstance(node, ast.ClassDef):
            cls = node.name
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            texts = [a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                     for a in node.args[:2]]
            if name in ("tr", "QT_TR_NOOP") and texts and texts[0] and cls:
                found.add((cls, texts[0]))
            elif name in ("translate", "QT_TRANSLATE_NOOP") and len(texts) == 2 and all(texts):
                found.add((texts[0], texts[1]))
        for child in ast.iter_child_nodes(node):
            visit(child, cls)

    visit(ast.parse(source.read_text(encoding="utf-8")), None)
    return found


def test_every_literal_ui_string_reaches_the_translation_sources():
    ui = Path(__file__).resolve().parents[2] / "studio_app" / "ui"
    marked = set().union(*(_literal_strings_marked_for_translation(p) for p in sorted(ui.rglob("*.py"))))
    committed = {(context, source) for context, source, _m in _messages("zh_CN")}
    assert marked, "no translatable strings found"
    assert marked <= committed, sorted(marked - committed)[:10]
