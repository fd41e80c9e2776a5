"""Languages of the app: the engineer's window language, and the talent screen's own language.

The engineer's windows follow the system locale unless the Language menu overrides it (remembered in
`AppSettings.language`). `AppLanguage.apply()` swaps the application translator; Qt then sends a
`QEvent.LanguageChange` to every widget, which rebuilds its texts.

The talent screen is read by the actor and switches language on its own: it holds a `ScreenLanguage`
(a private QTranslator that is never installed on the application) and calls it for each string, so
switching the booth to Chinese leaves the engineer's English window untouched.

Public names: `LANGUAGES`, `DEFAULT_LANGUAGE`, `system_language()`, `AppLanguage`, `ScreenLanguage`,
`fill(text, *args)`, `translations_dir()`, `terms_language(settings)`.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from studio_app.appdirs import resources_dir
from studio_app.ui.settings import AppSettings

LANGUAGES: dict[str, str] = {"zh_CN": "中文", "en": "English"}
QT_STRINGS_QTBASE_LACKS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
"""Labels of Qt's own file dialog that Qt 6 renamed and its qtbase_zh_CN.qm does not translate yet: listed
here so our catalogue (searched before Qt's) carries them, and the Chinese file dialog is whole."""
DEFAULT_LANGUAGE = "en"
QM_PREFIX = "consent_slate_"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def system_language() -> str:
    """The supported language closest to the system locale (any Chinese locale reads zh_CN)."""
    if QLocale.system().language() == QLocale.Language.Chinese:
        return "zh_CN"
    return DEFAULT_LANGUAGE


def terms_language(settings: AppSettings) -> str:
    """The language ("zh" or "en") in which the windows word a grant's terms (core ScopeDecision.terms):
    the window language, as AppLanguage.apply chooses it."""
    chosen = settings.language if settings.language in LANGUAGES else system_language()
    return "zh" if chosen == "zh_CN" else "en"


def _load(translator: QTranslator, language: str) -> QTranslator:
    """Load our compiled .qm; a missing file leaves the English source strings, never a blank UI."""
    translator.load(f"{QM_PREFIX}{language}", str(translations_dir()))
    return translator


def _load_qt(translator: QTranslator, language: str) -> QTranslator:
    """Qt's own strings (file dialogs' "Look in:", standard buttons): the copy of qtbase_<language>.qm that
    ships in our translations folder, else the Qt installation's; none for English (Qt's source text)."""
    name = f"qtbase_{language}"
    if not translator.load(name, str(translations_dir())):
        translator.load(name, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return translator


class AppLanguage:
    """The language of the engineer's and producer's windows: one translator set on the application."""

    def __init__(self, app: QCoreApplication, settings: AppSettings | None = None) -> None:
        self._app = app
        self._settings = settings or AppSettings()
        self._ours = QTranslator(app)
        self._qt = QTranslator(app)
        self.current = ""

    @property
    def override(self) -> str:
        """The language chosen in the menu, or '' when the system locale decides."""
        stored = self._settings.language
        return stored if stored in LANGUAGES else ""

    def apply(self, language: str | None = None) -> str:
        """Switch to `language` ('' = follow the system) and remember it; returns the language in use."""
        if language is not None:
            self._settings.language = language if language in LANGUAGES else ""
            self._settings.sync()
        chosen = self.override or system_language()
        for translator in (self._ours, self._qt):
            self._app.removeTranslator(translator)
        _load(self._ours, chosen)
        _load_qt(self._qt, chosen)
        for translator in (self._qt, self._ours):
            if not translator.isEmpty():
                self._app.installTranslator(translator)
        self.current = chosen
        return chosen


class ScreenLanguage:
    """A translator for one window only (the talent screen), independent of the application language."""

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self._translator = QTranslator()
        self.language = ""
        self.switch(language)

    def switch(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}; choose one of {', '.join(LANGUAGES)}")
        self._translator = _load(QTranslator(), language)
        self.language = language

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        """Like QCoreApplication.translate, but from this window's translator only (lupdate finds these
        calls, though not as plural forms: write sources that read right for any `%n`)."""
        text = self._translator.translate(context, source, disambiguation, n) or source
        return text.replace("%n", str(n)) if n >= 0 else text

    def text(self, context: str, source: str, *args: object) -> str:
        """`source` translated, with `%1`, `%2` … replaced by `args` as QString.arg does."""
        return fill(self.translate(context, source), *args)


def fill(text: str, *args: object) -> str:
    """QString.arg for Python strings: `%1`, `%2` … replaced by `args` in one pass, so an argument that
    itself contains `%1` (an actor's own words) is never replaced again."""

    def argument(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return str(args[number - 1]) if 1 <= number <= len(args) else match.group(0)

    return re.sub(r"%([1-9])", argument, text)
