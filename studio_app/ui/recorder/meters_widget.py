"""Level meters: one bar per channel (RMS filled, peak lighter, hold line, clip light), polled at 33 fps
from a `MeterModel` the recorder's writer thread feeds; the widget never touches the audio callback."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio_app.services.meters import ChannelLevel, MeterModel
from studio_app.ui.recorder import Retranslating

POLL_MS = 30
"""33 polls a second: at or above the 30 fps the meters need to look continuous."""
RANGE_DB = 60.0
CLIP_BOX = 12


class LevelMeters(Retranslating, QWidget):
    """Vertical bars from -60 to 0 dBFS; click to reset the clip lights."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("LevelMeters")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.model: MeterModel | None = None
        self.levels: tuple[ChannelLevel, ...] = ()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Input level meters"))

    def set_model(self, model: MeterModel | None) -> None:
        """Show a recorder's meters (None: idle, bars empty)."""
        self.model = model
        self.levels = ()
        if model is None:
            self.timer.stop()
        else:
            self.timer.start()
        self.update()

    def poll(self) -> None:
        if self.model is not None:
            self.levels = self.model.levels()
            clipped = [i + 1 for i, level in enumerate(self.levels) if level.clipped]
            self.setToolTip(self.tr("Clipped: channel %s") % ", ".join(map(str, clipped)) if clipped else "")
            self.update()

    def mousePressEvent(self, event) -> None:
        if self.model is not None:
            self.model.reset_clip()
            self.poll()
        super().mousePressEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(18 * max(1, len(self.levels) or 2) + 8, 160)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().base())
        if not self.levels:
            return
        count = len(self.levels)
        width = (self.width() - 4) / count
        height = self.height() - CLIP_BOX - 6
        for index, level in enumerate(self.levels):
            left = 2 + index * width
            bar = QRectF(left + 1, CLIP_BOX + 4, width - 2, height)
            painter.fillRect(bar, QColor("#202020"))
            for value, colour in ((level.peak_db, "#7fbf7f"), (level.rms_db, "#2e8b57")):
                filled = height * _fraction(value)
                area = QRectF(bar.left(), bar.bottom() - filled, bar.width(), filled)
                painter.fillRect(area, QColor(colour))
            hold_y = bar.bottom() - height * _fraction(level.hold_db)
            painter.fillRect(QRectF(bar.left(), hold_y - 1, bar.width(), 2), QColor("#f0c040"))
            clip = QRectF(left + 1, 2, width - 2, CLIP_BOX)
            painter.fillRect(clip, QColor("#e03030" if level.clipped else "#402020"))


def _fraction(db: float) -> float:
    """Where a level sits on the bar, 0 at -RANGE_DB and below, 1 at 0 dBFS."""
    return min(1.0, max(0.0, 1.0 + db / RANGE_DB))



