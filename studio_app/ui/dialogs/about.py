"""The About box: name, version and what the app is for."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from studio_app import APP_NAME, __version__


def show_about(parent: QWidget) -> None:
    title = QCoreApplication.translate("AboutBox", "About %1").replace("%1", APP_NAME)
    text = (
        QCoreApplication.translate(
            "AboutBox",
            "<h3>%1</h3><p>Version %2</p>"
            "<p>AI-use consent for voice-over and dubbing takes, carried inside every exported WAV.</p>",
        )
        .replace("%1", APP_NAME)
        .replace("%2", __version__)
    )
    QMessageBox.about(parent, title, text)
