"""A list of the session's actors with a box each: who is on these takes, who is restricted, who is in
the booth. One widget for the import and restriction dialogs and the recorder dock."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from studio_app.core.model import Actor


class ActorChecklist(QListWidget):
    """`changed` fires when a box is ticked or cleared; ids come back in list order."""

    changed = Signal()

    def __init__(
        self, actors: Sequence[Actor] = (), checked: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.itemChanged.connect(lambda _item: self.changed.emit())
        self.set_actors(actors, checked)

    def set_actors(self, actors: Sequence[Actor], checked: bool = False) -> None:
        """Replace the list; actors that were ticked before stay ticked."""
        keep = set(self.checked_ids())
        self.blockSignals(True)
        self.clear()
        for actor in actors:
            item = QListWidgetItem(actor.display_name)
            item.setData(Qt.ItemDataRole.UserRole, actor.id)
            ticked = checked or actor.id in keep
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)
        self.changed.emit()

    def checked_ids(self) -> list[str]:
        items = (self.item(i) for i in range(self.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    def set_checked(self, actor_id: str, checked: bool = True) -> None:
        for i in range(self.count()):
            item = self.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == actor_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
