"""The recorder's widgets, self-contained for the main window to place: meters, record panel, player,
waveform thumbnail, watch folders."""

from __future__ import annotations

from PySide6.QtCore import QEvent


class Retranslating:
    """Mixed in before QWidget: `retranslate()` sets every text, and runs again on QEvent.LanguageChange,
    since these widgets stay on screen while the Language menu switches the app."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
