"""Start-up of the desktop app: the QApplication, its language and theme, the ledger, the main window.

`run_app(argv) -> int` is what `consent-slate` (no command) and `python -m studio_app` call.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from studio_app import APP_NAME, __version__
from studio_app.proof.studio import load_studio
from studio_app.ui.dialogs.errors import error_text, report_uncaught_errors
from studio_app.ui.workers import GuiThreadGarbageCollector


def create_application(argv: Sequence[str] = ()) -> QApplication:
    """The one QApplication (reused under pytest-qt), named for QSettings, dialogs and the About box."""
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("ConsentSlate")
    app.setApplicationVersion(__version__)
    return app


def build_main_window(app: QApplication):
    """Language and theme from the settings, the default ledger, the last session reopened."""
    from studio_app.services.ledger import Ledger
    from studio_app.ui.i18n import AppLanguage
    from studio_app.ui.main_window import MainWindow
    from studio_app.ui.settings import AppSettings
    from studio_app.ui.theme import apply_theme

    settings = AppSettings()
    language = AppLanguage(app, settings)
    language.apply()
    apply_theme(app, settings.theme)
    window = MainWindow(Ledger.open(), language, settings)
    window.reopen_last_session()
    return window


def _quit_after_ms(argv: list[str]) -> int | None:
    """`--quit-after MS`: a smoke test for installers and the bundle test (show, report, quit)."""
    if "--quit-after" not in argv:
        return None
    at = argv.index("--quit-after")
    value = argv[at + 1] if at + 1 < len(argv) else ""
    del argv[at : at + 2]
    return int(value) if value.isdigit() else 0


def run_app(argv: Sequence[str] = ()) -> int:
    """Show the main window, repair what a crash left unfinished, run the event loop; a ledger that
    cannot be opened is one clear message."""
    argv = [a for a in argv if a != "--gui"]
    quit_after = _quit_after_ms(argv)
    app = create_application(argv)
    GuiThreadGarbageCollector(app)
    try:
        window = build_main_window(app)
    except Exception as exc:
        QMessageBox.critical(None, APP_NAME, error_text(exc))
        print(error_text(exc), file=sys.stderr)
        return 1
    report_uncaught_errors(window)
    window.show()
    if quit_after is None and load_studio() is None:
        window.edit_studio()  # the first run names the studio (Cancel: asked again next time)
    window.recover_unfinished_takes()
    window.recover_unfinished_deliveries()
    if quit_after is not None:
        print(f"main window shown: {window.shown_title()}", flush=True)
        QTimer.singleShot(quit_after, app.quit)
    code = app.exec()
    ledger = window.ledger
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    ledger.close()
    return code
