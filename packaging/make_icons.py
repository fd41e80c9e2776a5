"""Renders the app icon SVG into the PNG, ICO and ICNS files the bundles need (run by scripts/build)."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons" / "app"
ICNS_TYPES = {128: b"ic07", 256: b"ic08", 512: b"ic09"}


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def icns_bytes(renderer: QSvgRenderer) -> bytes:
    """Apple icon container: 'icns' + (type, length, PNG) entries; macOS reads PNG payloads directly."""
    entries = b""
    for size, kind in ICNS_TYPES.items():
        payload = png_bytes(render(renderer, size))
        entries += kind + struct.pack(">I", len(payload) + 8) + payload
    return b"icns" + struct.pack(">I", len(entries) + 8) + entries


def main() -> int:
    QGuiApplication.instance() or QGuiApplication([*sys.argv[:1], "-platform", "offscreen"])
    renderer = QSvgRenderer(str(ICON_DIR / "consent-slate.svg"))
    if not renderer.isValid():
        print("consent-slate.svg could not be read", file=sys.stderr)
        return 1
    for size in (16, 32, 48, 64, 128, 256, 512):
        render(renderer, size).save(str(ICON_DIR / f"consent-slate-{size}.png"))
    render(renderer, 256).save(str(ICON_DIR / "consent-slate.ico"))
    (ICON_DIR / "consent-slate.icns").write_bytes(icns_bytes(renderer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
