"""Open a delivered folder or file with the desktop's own program, or, where the desktop has none (no
file manager registered, no xdg-open), say so and show the path, selectable, with a button that copies it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeDatabase, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

XDG_TIMEOUT_S = 2


def open_location(parent: QWidget | None, path: Path) -> QMessageBox | None:
    """Open `path`; None when the desktop took it, else the (non-modal) box that shows its path."""
    if _desktop_can_open(path) and QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return None
    return show_path(parent, path)


def show_path(parent: QWidget | None, path: Path) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("PathDialog")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(QCoreApplication.translate("OpenLocation", "Open it yourself"))
    box.setText(QCoreApplication.translate(
        "OpenLocation", "No program on this computer is set up to open it. Its path:"
    ))
    box.setInformativeText(str(path))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    copy_text = QCoreApplication.translate("OpenLocation", "&Copy path")
    copy = box.addButton(copy_text, QMessageBox.ButtonRole.ActionRole)
    copy.clicked.disconnect()  # a QMessageBox button closes the box; this one only copies
    copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(str(path)))
    box.addButton(QMessageBox.StandardButton.Close)
    box.open()
    return box


def _desktop_can_open(path: Path) -> bool:
    """On Linux, Qt hands the path to xdg-open and reports success even when no program is registered
    for it; ask xdg-mime first. Elsewhere the platform's answer is trusted."""
    if not sys.platform.startswith("linux"):
        return True
    if shutil.which("xdg-open") is None:
        return False
    if shutil.which("xdg-mime") is None:
        return True
    mime = "inode/directory" if path.is_dir() else QMimeDatabase().mimeTypeForFile(str(path)).name()
    try:
        found = subprocess.run(
            ["xdg-mime", "query", "default", mime], capture_output=True, text=True, timeout=XDG_TIMEOUT_S
        )
    except (OSError, subprocess.TimeoutExpired):
        return True
    return bool(found.stdout.strip())

