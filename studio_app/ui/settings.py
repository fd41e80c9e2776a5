"""Every remembered preference of the desktop app, declared once: key, type and default.

Widgets never spell a QSettings key: they read and write typed attributes of `AppSettings`
(`AppSettings().language`, `settings.main_window_geometry = ...`). The file lives in the data folder
(`settings.ini` in `studio_app.appdirs.data_dir()`), so `CONSENT_SLATE_DATA_DIR` isolates it as well.

Public names: `AppSettings` (one attribute per preference, `AppSettings.entries()` lists them all),
`Preference` (one declared entry), `settings_path()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from studio_app.appdirs import data_dir

T = TypeVar("T")


def settings_path() -> Path:
    return data_dir() / "settings.ini"


@dataclass(frozen=True)
class Preference(Generic[T]):
    """One remembered value; an unreadable stored value falls back to the default instead of failing."""

    key: str
    kind: type
    default: T
    meaning: str

    def __set_name__(self, owner: type, name: str) -> None:
        object.__setattr__(self, "attribute", name)

    def __get__(self, instance: AppSettings | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        return _decode(self, instance.store.value(self.key))

    def __set__(self, instance: AppSettings, value: T) -> None:
        if not isinstance(value, self.kind):
            raise TypeError(f"setting {self.key} takes {self.kind.__name__}, not {type(value).__name__}")
        instance.store.setValue(self.key, QByteArray(value) if self.kind is bytes else value)


def _decode(pref: Preference, raw: Any) -> Any:
    """QSettings' INI format hands back strings, lists or QByteArray; turn them into the declared type."""
    if raw is None:
        return pref.default
    if pref.kind is bytes:
        return bytes(raw.data()) if isinstance(raw, QByteArray) else pref.default
    if pref.kind is bool:
        return raw if isinstance(raw, bool) else str(raw).lower() in ("true", "1")
    if pref.kind is int:
        try:
            return int(raw)
        except (TypeError, ValueError):
            return pref.default
    if pref.kind is list:
        items = raw if isinstance(raw, list) else [raw]
        return [str(item) for item in items if str(item)]
    return str(raw)


class AppSettings:
    """The app's preferences over one QSettings INI file; cheap to create, so widgets make their own."""

    last_session_id = Preference("session/last", str, "", "session reopened at start-up ('' = none)")
    recent_session_ids = Preference("session/recent", list, [], "most recent first, for the File menu")
    main_window_geometry = Preference("main_window/geometry", bytes, b"", "QWidget.saveGeometry()")
    main_window_state = Preference("main_window/state", bytes, b"", "QMainWindow.saveState()")
    talent_screen_name = Preference("talent/screen", str, "", "QScreen.name() of the booth screen")
    talent_languages = Preference(
        "talent/languages", list, [], "'actor id=language' the talent screen last used, most recent first")
    language = Preference("ui/language", str, "", "engineer's window language: 'zh_CN', 'en', '' = system")
    theme = Preference("ui/theme", str, "dark", "'dark' for control rooms or 'light'")
    export_folder = Preference("export/folder", str, "", "last delivery destination folder")
    export_recipient = Preference("export/recipient", str, "", "last delivery recipient")
    tsa_url = Preference("signing/tsa_url", str, "", "RFC 3161 time-stamp authority for C2PA ('' = none)")

    RECENT_LIMIT = 8
    TALENT_LANGUAGE_LIMIT = 500

    def __init__(self, path: Path | None = None) -> None:
        self.store = QSettings(str(path or settings_path()), QSettings.Format.IniFormat)

    @classmethod
    def entries(cls) -> Iterator[Preference]:
        """Every declared preference, in declaration order."""
        return (v for v in vars(cls).values() if isinstance(v, Preference))

    def remember_session(self, session_id: str) -> None:
        """Make this the last session and put it on top of the recent list (no duplicates, bounded)."""
        self.last_session_id = session_id
        recent = [s for s in self.recent_session_ids if s != session_id]
        self.recent_session_ids = [session_id, *recent][: self.RECENT_LIMIT]

    def talent_language(self, actor_id: str) -> str:
        """The language this actor last chose on the talent screen, '' if never."""
        prefix = f"{actor_id}="
        return next((e.removeprefix(prefix) for e in self.talent_languages if e.startswith(prefix)), "")

    def remember_talent_language(self, actor_id: str, language: str) -> None:
        """Put this actor's choice on top (one entry per actor, bounded like the recent sessions)."""
        others = [e for e in self.talent_languages if not e.startswith(f"{actor_id}=")]
        self.talent_languages = [f"{actor_id}={language}", *others][: self.TALENT_LANGUAGE_LIMIT]

    def reset(self, pref: Preference) -> None:
        self.store.remove(pref.key)

    def sync(self) -> None:
        self.store.sync()
