"""Before the talent screen opens: which actor, which takes the decision covers, and which screen shows it."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from studio_app.core.model import Actor
from studio_app.ui.settings import AppSettings
from studio_app.ui.talent import booth_screen


class TalentLaunchDialog(QDialog):
    """The screen defaults to the talent screen's own choice: the last one used, else a second monitor."""

    def __init__(
        self, actors: list[Actor], selected_take_ids: list[str], settings: AppSettings,
        parent: QWidget | None = None, *, on_selection: set[str] | None = None,
    ) -> None:
        """`on_selection`: the actors on every selected take, the only ones who can decide for them (all
        the session's actors can give a standing decision for its takes to come)."""
        super().__init__(parent)
        self.settings = settings
        self._selected = list(selected_take_ids)
        self._actors = actors
        self._on_selection = {a.id for a in actors} if on_selection is None else on_selection
        self.setWindowTitle(self.tr("Open talent screen"))
        self.actor_combo = QComboBox()
        self.actor_combo.setAccessibleName(self.tr("Actor"))
        self.selected_radio = QRadioButton(
            self.tr("The %n selected take(s)", "", len(self._selected))
        )
        self.future_radio = QRadioButton(self.tr("All takes of this session from now on"))
        self.selected_radio.setEnabled(bool(self._selected))
        (self.selected_radio if self._selected else self.future_radio).setChecked(True)
        coverage = QVBoxLayout()
        coverage.addWidget(self.selected_radio)
        coverage.addWidget(self.future_radio)
        self.screen_combo = QComboBox()
        self.screen_combo.setAccessibleName(self.tr("Screen for the talent"))
        screens = QGuiApplication.screens()
        for screen in screens:
            self.screen_combo.addItem(f"{screen.name()} ({screen.size().width()}×{screen.size().height()})",
                                      screen.name())
        booth = booth_screen(settings) or QGuiApplication.primaryScreen()
        self.screen_combo.setCurrentIndex(max(0, self.screen_combo.findData(booth.name())))

        form = QFormLayout(self)
        form.addRow(self.tr("&Actor:"), self.actor_combo)
        form.addRow(self.tr("Decision covers:"), coverage)
        form.addRow(self.tr("&Screen:"), self.screen_combo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = self.buttons.addButton(self.tr("Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        self._fill_actors()
        self.selected_radio.toggled.connect(self._fill_actors)
        if not actors:
            hint = self.tr("This session has no actor yet: Consent ▸ Add actor (Ctrl+Shift+A).")
            form.insertRow(0, QLabel(hint))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def _fill_actors(self) -> None:
        """The actors who may decide for the chosen coverage, keeping the one chosen when still there."""
        chosen = self.actor_combo.currentData()
        self.actor_combo.clear()
        for actor in self._actors:
            if not self.selected_radio.isChecked() or actor.id in self._on_selection:
                self.actor_combo.addItem(actor.display_name, actor.id)
        self.actor_combo.setCurrentIndex(max(0, self.actor_combo.findData(chosen)))
        self.open_button.setEnabled(self.actor_combo.count() > 0)

    def actor_id(self) -> str:
        return self.actor_combo.currentData()

    def take_ids(self) -> list[str] | None:
        """None means every take of the session from now on (a standing decision)."""
        return list(self._selected) if self.selected_radio.isChecked() else None

    def screen_choice(self) -> QScreen | None:
        name = self.screen_combo.currentData()
        self.settings.talent_screen_name = name or ""
        return next((s for s in QGuiApplication.screens() if s.name() == name), None)
