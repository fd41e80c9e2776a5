"""The actor's drawn signature: mouse, pen or finger, kept as strokes of (x, y, t_ms) points.

The strokes, not a picture, are stored with the confirmation: they show how the signature was drawn
(order, timing), and they can be redrawn at any size. Coordinates are in widget pixels; t_ms is the input
event's own timestamp, counted from the first point of the signature.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QInputEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio_app.core.model import Point

Stroke = tuple[Point, ...]


class SignaturePad(QWidget):
    """A drawing surface that records strokes; `changed` fires whenever a stroke ends or it is cleared."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SignaturePad")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(180)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._strokes: list[list[Point]] = []
        self._drawing: list[Point] | None = None
        self._first_ms: int | None = None

    def sizeHint(self) -> QSize:
        return QSize(640, 200)

    @property
    def is_empty(self) -> bool:
        return not self._strokes

    def strokes(self) -> tuple[Stroke, ...]:
        """The finished strokes (a stroke still being drawn is not part of the signature yet)."""
        return tuple(tuple(stroke) for stroke in self._strokes)

    def clear(self) -> None:
        self._strokes.clear()
        self._drawing = None
        self._first_ms = None
        self.update()
        self.changed.emit()

    # --- capture: the three kinds of pointer end in the same three steps ---

    def _begin(self, event: QInputEvent, pos: QPointF) -> None:
        if self._first_ms is None:
            self._first_ms = event.timestamp()
        self._drawing = []
        self._strokes.append(self._drawing)
        self._extend(event, pos)

    def _extend(self, event: QInputEvent, pos: QPointF) -> None:
        if self._drawing is None or self._first_ms is None:
            return
        point = (round(pos.x(), 2), round(pos.y(), 2), float(event.timestamp() - self._first_ms))
        if not self._drawing or self._drawing[-1][:2] != point[:2]:
            self._drawing.append(point)
            self.update()

    def _end(self, event: QInputEvent, pos: QPointF) -> None:
        if self._drawing is None:
            return
        self._extend(event, pos)
        self._drawing = None
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._drawing is None:
            self._begin(event, event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event, event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end(event, event.position())

    def tabletEvent(self, event: QTabletEvent) -> None:
        """Accepting the pen's events stops Qt from also sending them again as mouse events."""
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event, event.position())
        elif kind == QEvent.Type.TabletMove:
            self._extend(event, event.position())
        elif kind == QEvent.Type.TabletRelease:
            self._end(event, event.position())
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            self._touch(event)  # type: ignore[arg-type]
            return True
        if kind == QEvent.Type.TouchCancel:
            self._drawing = None
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        """One finger draws; the first touch point of the gesture is followed until it lifts."""
        points = event.points()
        if not points:
            return
        pos = points[0].position()
        kind = event.type()
        if kind == QEvent.Type.TouchBegin:
            self._begin(event, pos)
        elif kind == QEvent.Type.TouchUpdate:
            self._extend(event, pos)
        else:
            self._end(event, pos)
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self.palette().text().color(), 3.0)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self._strokes:
            if len(stroke) == 1:
                painter.drawPoint(QPointF(stroke[0][0], stroke[0][1]))
                continue
            path = QPainterPath(QPointF(stroke[0][0], stroke[0][1]))
            for x, y, _t in stroke[1:]:
                path.lineTo(x, y)
            painter.drawPath(path)
        painter.end()
