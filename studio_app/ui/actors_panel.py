"""The session's actors at a glance: legal and stage names, how many takes each is on, and the standing
decision each confirmed for the session's takes from then on (or that each take is decided on its own).

The panel shows and asks; adding and editing are the main window's dialogs and the ledger's calls."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio_app.core.model import Actor, StandingDecision
from studio_app.core.scopes import ALL_SCOPES
from studio_app.ui.take_model import permission_label, scope_label

ACTOR_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ActorsPanel(QDockWidget):
    """`add_requested()` and `edit_requested(actor_id)` ask the main window for its actor dialog."""

    add_requested = Signal()
    edit_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ActorsDock")
        self._actors: list[Actor] = []
        self._standing: dict[str, list[StandingDecision]] = {}
        self._take_counts: dict[str, int] = {}
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.list = QTreeWidget()
        self.list.setObjectName("ActorList")
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemActivated.connect(
            lambda item, _column: self.edit_requested.emit(item.data(0, ACTOR_ID_ROLE))
        )
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self._edit_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.hint)
        column.addWidget(self.list, 1)
        column.addLayout(buttons)
        self.setWidget(body)
        self.retranslate()

    def show_actors(
        self, actors: Sequence[Actor], standing: Sequence[StandingDecision], take_counts: dict[str, int]
    ) -> None:
        """The session's actors (none: no session or no actor yet), keeping the selected one selected."""
        selected = self.selected_actor_id()
        self._actors = list(actors)
        self._standing = {}
        for decision in standing:
            self._standing.setdefault(decision.actor_id, []).append(decision)
        self._take_counts = dict(take_counts)
        self._fill(selected)

    def select_actor(self, actor_id: str) -> None:
        for row in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(row)
            if item.data(0, ACTOR_ID_ROLE) == actor_id:
                self.list.setCurrentItem(item)
                self.list.scrollToItem(item)

    def selected_actor_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(0, ACTOR_ID_ROLE) if item is not None else None

    def actor_names(self) -> list[str]:
        """The names as listed (for tests and screen readers alike)."""
        return [self.list.topLevelItem(row).text(0) for row in range(self.list.topLevelItemCount())]

    def standing_text(self, actor_id: str) -> str:
        """The actor's standing decision in words: one permission for all four uses, or each use's."""
        standing = self._standing.get(actor_id, ())
        decisions = {d.scope_decision.scope: d.scope_decision.permission for d in standing}
        if not decisions:
            return self.tr("None: each take is decided on its own")
        permissions = set(decisions.values())
        if len(decisions) == len(ALL_SCOPES) and len(permissions) == 1:
            return self.tr("%1 for every AI use").replace("%1", permission_label(permissions.pop()))
        return "; ".join(
            f"{scope_label(scope)}: {permission_label(decisions[scope])}"
            for scope in ALL_SCOPES
            if scope in decisions
        )

    def _fill(self, selected: str | None) -> None:
        self.list.clear()
        for actor in self._actors:
            count = self._take_counts.get(actor.id, 0)
            item = QTreeWidgetItem(
                [actor.legal_name, actor.stage_name or "", str(count), self.standing_text(actor.id)]
            )
            item.setData(0, ACTOR_ID_ROLE, actor.id)
            item.setToolTip(3, item.text(3))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
        if selected:
            self.select_actor(selected)
        self.hint.setVisible(not self._actors)
        self._update_buttons()

    def _edit_selected(self) -> None:
        actor_id = self.selected_actor_id()
        if actor_id:
            self.edit_requested.emit(actor_id)

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected_actor_id() is not None)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Actors"))
        self.hint.setText(self.tr("No actor in this session yet: add each performer before the first take."))
        self.list.setHeaderLabels(
            [self.tr("Legal name"), self.tr("Stage name"), self.tr("Takes"), self.tr("Standing decision")]
        )
        self.list.setAccessibleName(self.tr("Actors of the session"))
        self.add_button.setText(self.tr("&Add actor…"))
        self.edit_button.setText(self.tr("&Edit actor…"))
        self._fill(self.selected_actor_id())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
