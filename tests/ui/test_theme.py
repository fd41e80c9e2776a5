"""The themes keep every consent status readable: AA contrast, distinct icons, colours from the palette."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from studio_app.ui.theme import (
    PALETTES,
    ThemeName,
    apply_theme,
    contrast_ratio,
    status_colours,
    status_icon,
    style_sheet,
)

AA_TEXT = 4.5
STATUSES = ("pending", "not_authorized", "conditions", "authorized")


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("theme", list(ThemeName))
@pytest.mark.parametrize("status", STATUSES)
def test_status_text_meets_aa_on_its_chip_and_on_every_table_background(theme, status):
    palette = PALETTES[theme]
    colours = palette.status[status]
    assert contrast_ratio(colours.text, colours.fill) >= AA_TEXT
    for background in palette.backgrounds:
        assert contrast_ratio(colours.text, background) >= AA_TEXT, (theme, status, background)


@pytest.mark.parametrize("theme", list(ThemeName))
def test_body_text_meets_aa_in_both_themes(theme):
    palette = PALETTES[theme]
    for background in palette.backgrounds:
        assert contrast_ratio(palette.text, background) >= AA_TEXT
        assert contrast_ratio(palette.muted_text, background) >= AA_TEXT
    assert contrast_ratio(palette.highlighted_text, palette.highlight) >= AA_TEXT


def test_status_colours_differ_between_statuses_so_the_table_never_shows_two_alike():
    for palette in PALETTES.values():
        assert len({palette.status[s].text for s in STATUSES}) == len(STATUSES)


def test_apply_theme_sets_palette_and_fills_every_style_sheet_token(qapp):
    for theme in ThemeName:
        palette = apply_theme(qapp, theme)
        assert qapp.palette().color(QPalette.ColorRole.Base).name() == palette.base
        assert "@" not in qapp.styleSheet()
        assert status_colours("pending") == palette.status["pending"]
    assert "@" not in style_sheet(PALETTES[ThemeName.LIGHT])


def test_status_icons_are_distinct_shapes_drawn_in_the_status_colour(qapp):
    apply_theme(qapp, ThemeName.DARK)
    images = {s: status_icon(s).pixmap(24, 24).toImage() for s in STATUSES}
    for status, image in images.items():
        assert not image.isNull()
        pixels = [image.pixelColor(x, y) for x in range(24) for y in range(24)]
        opaque = [c for c in pixels if c.alpha() == 255]
        assert opaque, status
        wanted = PALETTES[ThemeName.DARK].status[status].text
        assert any(c.name() == wanted for c in opaque), status
    masks = {s: bytes(img.convertToFormat(img.Format.Format_Alpha8).constBits()) for s, img in images.items()}
    assert len(set(masks.values())) == len(STATUSES)
