"""The signature pad keeps strokes of (x, y, t_ms) from mouse, finger and pen alike."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from studio_app.ui.talent.signature_pad import SignaturePad


def _pad(qtbot) -> SignaturePad:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(600, 200)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def test_mouse_strokes_are_kept_in_order_with_rising_time(qtbot):
    pad = _pad(qtbot)
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(10, 20))
    QTest.mouseMove(pad, QPoint(40, 30), 20)
    QTest.mouseMove(pad, QPoint(80, 50), 20)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(90, 55), 20)
    (stroke,) = pad.strokes()
    assert [p[:2] for p in stroke] == [(10, 20), (40, 30), (80, 50), (90, 55)]
    times = [p[2] for p in stroke]
    assert times[0] == 0 and times == sorted(times) and times[-1] > times[0]


def test_moving_without_a_pressed_button_draws_nothing(qtbot):
    pad = _pad(qtbot)
    QTest.mouseMove(pad, QPoint(40, 30))
    QTest.mouseMove(pad, QPoint(80, 50))
    assert pad.is_empty and pad.strokes() == ()


def test_finger_touch_draws_a_stroke(qtbot):
    pad = _pad(qtbot)
    finger = QTest.createTouchDevice()
    # QTest's widget touch sequence takes the points in screen coordinates.
    screen = pad.mapToGlobal
    QTest.touchEvent(pad, finger).press(0, screen(QPoint(15, 15))).commit()
    QTest.touchEvent(pad, finger).move(0, screen(QPoint(60, 40))).commit()
    QTest.touchEvent(pad, finger).move(0, screen(QPoint(120, 70))).commit()
    QTest.touchEvent(pad, finger).release(0, screen(QPoint(130, 75))).commit()
    (stroke,) = pad.strokes()
    assert [p[:2] for p in stroke] == [(15, 15), (60, 40), (120, 70), (130, 75)]


def test_pen_on_a_tablet_draws_a_stroke(qtbot):
    pad = _pad(qtbot)
    pen = QPointingDevice("test pen", 4242, QInputDevice.DeviceType.Stylus, QPointingDevice.PointerType.Pen,
                          QInputDevice.Capability.Position | QInputDevice.Capability.Pressure, 1, 2)
    points = [(QEvent.Type.TabletPress, (30, 30)), (QEvent.Type.TabletMove, (70, 45)),
              (QEvent.Type.TabletRelease, (100, 60))]
    for kind, (x, y) in points:
        local = QPointF(x, y)
        event = QTabletEvent(kind, pen, local, QPointF(pad.mapToGlobal(local)), 0.6, 0, 0, 0, 0, 0,
                             Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton,
                             Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease
                             else Qt.MouseButton.LeftButton)
        QApplication.sendEvent(pad, event)
    (stroke,) = pad.strokes()
    assert [p[:2] for p in stroke] == [(30, 30), (70, 45), (100, 60)]


def test_clear_removes_every_stroke_and_tells_the_screen(qtbot):
    pad = _pad(qtbot)
    QTest.mouseClick(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(50, 50))
    assert not pad.is_empty
    with qtbot.waitSignal(pad.changed, timeout=1000):
        pad.clear()
    assert pad.is_empty


def test_a_single_tap_is_a_one_point_stroke(qtbot):
    pad = _pad(qtbot)
    QTest.mouseClick(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(50, 50))
    assert [[p[:2] for p in s] for s in pad.strokes()] == [[(50, 50)]]
