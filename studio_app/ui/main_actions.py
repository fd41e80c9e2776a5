"""The main window's actions, each declared once: what it calls, its shortcut, its text and whether it
needs an open session. The menus and the toolbar are lists of them.

A text is a function of the window, called again on every language change, so the menus follow the
Language menu live; the strings keep the MainWindow translation context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QKeySequence

if TYPE_CHECKING:
    from studio_app.ui.main_window import MainWindow

Key = QKeySequence.StandardKey


class Action(Enum):
    NEW_SESSION = auto()
    OPEN_SESSION = auto()
    EDIT_SESSION = auto()
    ADD_ACTOR = auto()
    IMPORT_FILES = auto()
    IMPORT_FOLDER = auto()
    SESSION_DEFAULT = auto()
    RESTRICT = auto()
    TALENT_SCREEN = auto()
    EXPORT = auto()
    OUTDATED_DELIVERIES = auto()
    RECORD = auto()
    QUIT = auto()
    STUDIO = auto()
    USER_GUIDE = auto()
    ABOUT = auto()


@dataclass(frozen=True)
class ActionSpec:
    slot: str
    """The MainWindow method the action triggers."""
    shortcut: Key | str | None
    text: Callable[[MainWindow], str]
    needs_session: bool


def _text(source: str) -> Callable[[MainWindow], str]:
    return lambda _window: QCoreApplication.translate("MainWindow", source)


ACTIONS: dict[Action, ActionSpec] = {
    Action.NEW_SESSION: ActionSpec(
        "new_session", Key.New, _text(QT_TRANSLATE_NOOP("MainWindow", "&New session…")), False
    ),
    Action.OPEN_SESSION: ActionSpec(
        "choose_session", Key.Open, _text(QT_TRANSLATE_NOOP("MainWindow", "&Open session…")), False
    ),
    Action.EDIT_SESSION: ActionSpec(
        "edit_session", "Ctrl+Shift+E", _text(QT_TRANSLATE_NOOP("MainWindow", "&Edit session…")), True
    ),
    Action.ADD_ACTOR: ActionSpec(
        "add_actor", "Ctrl+Shift+A", _text(QT_TRANSLATE_NOOP("MainWindow", "Add &actor…")), True
    ),
    Action.IMPORT_FILES: ActionSpec(
        "choose_import_files", "Ctrl+I", _text(QT_TRANSLATE_NOOP("MainWindow", "&Import takes…")), True
    ),
    Action.IMPORT_FOLDER: ActionSpec(
        "choose_import_folder",
        "Ctrl+Shift+I",
        _text(QT_TRANSLATE_NOOP("MainWindow", "Import a &folder of takes…")),
        True,
    ),
    Action.SESSION_DEFAULT: ActionSpec(
        "apply_session_default",
        "Ctrl+Shift+D",
        _text(QT_TRANSLATE_NOOP("MainWindow", "Apply session &default (no contract / no AI clause)")),
        True,
    ),
    Action.RESTRICT: ActionSpec(
        "record_restriction",
        "Ctrl+R",
        _text(QT_TRANSLATE_NOOP("MainWindow", "Record &restriction (not authorized)…")),
        True,
    ),
    Action.TALENT_SCREEN: ActionSpec(
        "open_talent_screen", "Ctrl+T", _text(QT_TRANSLATE_NOOP("MainWindow", "Open &talent screen…")), True
    ),
    Action.EXPORT: ActionSpec(
        "open_export_dialog", "Ctrl+E", _text(QT_TRANSLATE_NOOP("MainWindow", "E&xport…")), True
    ),
    Action.OUTDATED_DELIVERIES: ActionSpec(
        "open_outdated_deliveries",
        "Ctrl+Shift+O",
        _text(QT_TRANSLATE_NOOP("MainWindow", "&Outdated deliveries…")),
        True,
    ),
    Action.RECORD: ActionSpec(
        "toggle_recording", "Ctrl+Shift+R", lambda window: window.record_action_text(), True
    ),
    Action.STUDIO: ActionSpec(
        "edit_studio", None, _text(QT_TRANSLATE_NOOP("MainWindow", "S&tudio name and address…")), False
    ),
    Action.QUIT: ActionSpec("close", Key.Quit, _text(QT_TRANSLATE_NOOP("MainWindow", "&Quit")), False),
    Action.USER_GUIDE: ActionSpec(
        "open_user_guide", Key.HelpContents, _text(QT_TRANSLATE_NOOP("MainWindow", "&User guide")), False
    ),
    Action.ABOUT: ActionSpec(
        "show_about", None, _text(QT_TRANSLATE_NOOP("MainWindow", "&About Consent Slate")), False
    ),
}

SEPARATOR = None
RECENT_SESSIONS = "recent sessions"
"""Where the File menu holds its Recent sessions submenu."""

FILE_MENU = (
    Action.NEW_SESSION, Action.OPEN_SESSION, RECENT_SESSIONS, Action.EDIT_SESSION, SEPARATOR,
    Action.IMPORT_FILES, Action.IMPORT_FOLDER, Action.RECORD, Action.EXPORT, SEPARATOR, Action.STUDIO,
    SEPARATOR, Action.QUIT,
)
CONSENT_MENU = (
    Action.ADD_ACTOR, Action.TALENT_SCREEN, Action.RESTRICT, Action.SESSION_DEFAULT, SEPARATOR,
    Action.OUTDATED_DELIVERIES,
)
HELP_MENU = (Action.USER_GUIDE, Action.ABOUT)
TOOLBAR = (
    Action.NEW_SESSION, Action.IMPORT_FILES, Action.RECORD, Action.ADD_ACTOR, Action.TALENT_SCREEN,
    Action.RESTRICT, Action.EXPORT,
)
