"""Every failure reaches the user the same way: one dialog naming the file (or thing) and the reason."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from studio_app.core.errors import SlateError


def error_subject_and_reason(exc: BaseException) -> tuple[str, str]:
    """Our layers' errors (SlateError) carry their subject and reason; an OSError its file and message;
    anything else is shown as it says itself."""
    if isinstance(exc, SlateError):
        return exc.subject, exc.reason
    if isinstance(exc, OSError) and exc.strerror:
        return (str(exc.filename) if exc.filename else "", exc.strerror)
    return "", str(exc) or type(exc).__name__


def error_text(exc: BaseException) -> str:
    subject, reason = error_subject_and_reason(exc)
    return f"{subject}: {reason}" if subject else reason


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> QMessageBox:
    """Window-modal but not blocking: work in progress (an import, an export) keeps its state behind it."""
    subject, reason = error_subject_and_reason(exc)
    return show_failure(parent, reason, subject, title)


def show_failure(
    parent: QWidget | None, reason: str, subject: str = "", title: str | None = None
) -> QMessageBox:
    """The same dialog for a failure already put in words (widgets that report 'file: reason' text)."""
    box = QMessageBox(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(title or QCoreApplication.translate("ErrorDialog", "Something went wrong"))
    box.setText(f"<b>{_escape(subject)}</b>" if subject else _escape(reason))
    if subject:
        box.setInformativeText(_escape(reason))
    box.setAccessibleName(f"{subject}: {reason}" if subject else reason)
    box.setObjectName("ErrorDialog")
    box.open()
    return box


def report_uncaught_errors(main_window: QWidget) -> None:
    """A failure no slot caught (another program holding the ledger, a disk gone) still reaches the user
    as the same dialog naming the file and the reason, not only as a traceback on stderr. It opens over
    the active window, else over `main_window` (which also keeps the dialog alive)."""
    previous = sys.excepthook
    relay = _UncaughtErrorRelay(main_window)

    def hook(kind, exc, traceback) -> None:
        previous(kind, exc, traceback)
        if isinstance(exc, Exception):
            relay.raised.emit(exc)

    sys.excepthook = hook


class _UncaughtErrorRelay(QObject):
    """Lives on the GUI thread: PySide calls sys.excepthook on the thread that raised (a pool thread for
    a QRunnable), and a dialog must be made on the GUI thread, so the error is queued to it from there."""

    raised = Signal(object)

    def __init__(self, main_window: QWidget) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.raised.connect(self._show)

    def _show(self, exc: Exception) -> None:
        show_error(QApplication.activeWindow() or self.main_window, exc)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def show_problems(parent: QWidget | None, title: str, problems: list[tuple[str, str]]) -> QMessageBox:
    """Several files that went wrong at once (the others went on): one line each, file then reason."""
    box = QMessageBox(parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("ErrorDialog")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(title)
    box.setInformativeText("\n".join(f"{path}: {reason}" for path, reason in problems))
    box.open()
    return box
