"""Dark (control room) and light themes, and how a consent status looks: colour, icon and chip.

A status never relies on colour alone: each has its own icon shape (clock, no-entry sign, page with a
check, disc with a check) and its text. Every status colour reads at WCAG AA (4.5:1) against its chip
and against the table's backgrounds in both themes (tests/ui/test_theme.py computes the ratios).

Public names: `ThemeName`, `ThemePalette`, `StatusColours`, `PALETTES`, `apply_theme(app, name)`,
`theme_by_name(name)`, `current_palette()`, `status_colours(kind)`, `status_icon(kind)`,
`contrast_ratio(a, b)`, `TALENT_FONT_POINTS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from studio_app.appdirs import resources_dir

if TYPE_CHECKING:
    from studio_app.ui.take_model import StatusKind

TALENT_FONT_POINTS = 22
"""The talent screen's body size: read from a booth chair, a metre or more from the screen."""


class ThemeName(StrEnum):
    DARK = "dark"
    LIGHT = "light"


@dataclass(frozen=True)
class StatusColours:
    """`text` is used for the status word and icon; `fill` is the chip behind them."""

    text: str
    fill: str


@dataclass(frozen=True)
class ThemePalette:
    name: ThemeName
    window: str
    base: str
    alternate_base: str
    text: str
    muted_text: str
    button: str
    highlight: str
    highlighted_text: str
    accent: str
    status: dict[str, StatusColours]

    @property
    def backgrounds(self) -> tuple[str, ...]:
        """The surfaces a status can be drawn on without its chip."""
        return (self.window, self.base, self.alternate_base)


PALETTES: dict[ThemeName, ThemePalette] = {
    ThemeName.DARK: ThemePalette(
        name=ThemeName.DARK,
        window="#2a2d33",
        base="#1b1d21",
        alternate_base="#23262b",
        text="#e8eaed",
        muted_text="#b3b8c0",
        button="#353941",
        highlight="#3d6fb6",
        highlighted_text="#ffffff",
        accent="#8cbcff",
        status={
            "pending": StatusColours("#ffcc66", "#3a2e12"),
            "not_authorized": StatusColours("#ff8f87", "#3d1c1c"),
            "conditions": StatusColours("#8cbcff", "#182b45"),
            "authorized": StatusColours("#74dc8c", "#123020"),
        },
    ),
    ThemeName.LIGHT: ThemePalette(
        name=ThemeName.LIGHT,
        window="#eceef1",
        base="#ffffff",
        alternate_base="#f3f4f6",
        text="#1b1d21",
        muted_text="#50565e",
        button="#f8f9fa",
        highlight="#2f62a8",
        highlighted_text="#ffffff",
        accent="#0b4f9c",
        status={
            "pending": StatusColours("#7a4a00", "#fff0c7"),
            "not_authorized": StatusColours("#a3161c", "#fde3e1"),
            "conditions": StatusColours("#0b4f9c", "#dde9fb"),
            "authorized": StatusColours("#176b2d", "#daf2e0"),
        },
    ),
}

_current: list[ThemePalette] = [PALETTES[ThemeName.DARK]]


def current_palette() -> ThemePalette:
    return _current[0]


def theme_by_name(name: str) -> ThemeName:
    """A stored theme name, falling back to dark (the control-room default) when unknown."""
    try:
        return ThemeName(name)
    except ValueError:
        return ThemeName.DARK


def apply_theme(app: QApplication, name: ThemeName | str) -> ThemePalette:
    """Fusion style, the theme's QPalette and the shared style sheet filled with the theme's colours."""
    palette = PALETTES[theme_by_name(str(name))]
    app.setStyle("Fusion")
    qp = QPalette()
    roles = {
        QPalette.ColorRole.Window: palette.window,
        QPalette.ColorRole.WindowText: palette.text,
        QPalette.ColorRole.Base: palette.base,
        QPalette.ColorRole.AlternateBase: palette.alternate_base,
        QPalette.ColorRole.Text: palette.text,
        QPalette.ColorRole.PlaceholderText: palette.muted_text,
        QPalette.ColorRole.Button: palette.button,
        QPalette.ColorRole.ButtonText: palette.text,
        QPalette.ColorRole.ToolTipBase: palette.base,
        QPalette.ColorRole.ToolTipText: palette.text,
        QPalette.ColorRole.Highlight: palette.highlight,
        QPalette.ColorRole.HighlightedText: palette.highlighted_text,
        QPalette.ColorRole.Link: palette.accent,
    }
    for role, colour in roles.items():
        qp.setColor(role, QColor(colour))
    qp.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(palette.muted_text))
    qp.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(palette.muted_text))
    app.setPalette(qp)
    app.setStyleSheet(style_sheet(palette))
    _current[0] = palette
    status_icon.cache_clear()
    return palette


def style_sheet(palette: ThemePalette) -> str:
    """resources/themes/consent_slate.qss with its `@name` tokens replaced by the palette's colours."""
    text = (resources_dir() / "themes" / "consent_slate.qss").read_text(encoding="utf-8")
    tokens = {f"@{key}": value for key, value in vars(palette).items() if isinstance(value, str)}
    tokens.update({f"@status_{kind}_{part}": getattr(c, part)
                   for kind, c in palette.status.items() for part in ("text", "fill")})
    tokens["@talent_points"] = str(TALENT_FONT_POINTS)
    for token in sorted(tokens, key=len, reverse=True):
        text = text.replace(token, tokens[token])
    return text


def status_colours(kind: StatusKind | str) -> StatusColours:
    return current_palette().status[getattr(kind, "value", kind)]


@cache
def status_icon(kind: StatusKind | str, size: int = 24) -> QIcon:
    """The status's SVG from resources/icons drawn in the current theme's status colour."""
    key = getattr(kind, "value", kind)
    colours = current_palette().status[key]
    svg = (resources_dir() / "icons" / f"status-{key}.svg").read_text(encoding="utf-8")
    svg = svg.replace("#000000", colours.text).replace("#ffffff", current_palette().base)
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    icon = QIcon()
    for scale in (1, 2):
        pixmap = QPixmap(size * scale, size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, size * scale, size * scale))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.x contrast ratio of two sRGB colours (1 to 21; AA asks 4.5 for text, 3 for icons)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    c = QColor(colour)
    channels = [c.redF(), c.greenF(), c.blueF()]
    linear = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
