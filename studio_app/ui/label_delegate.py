"""Typing a scene, line or character into the take table: what is typed goes to every selected take
when the edited cell is one of them (name six takes "Scene 12" at once), else to that take alone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QStyledItemDelegate, QWidget

from studio_app.ui.take_model import TAKE_ID_ROLE, TakeTableModel


class LabelDelegate(QStyledItemDelegate):
    """The delegate of the take table's label columns; `selected_take_ids` reads the view's selection."""

    def __init__(self, view: QAbstractItemView, selected_take_ids: Callable[[], list[str]]) -> None:
        super().__init__(view)
        self._selected_take_ids = selected_take_ids

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if not isinstance(editor, QLineEdit):
            super().setModelData(editor, model, index)
            return
        edited = index.data(TAKE_ID_ROLE)
        selected = self._selected_take_ids()
        take_ids = selected if edited in selected else [edited]
        source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else model
        if isinstance(source, TakeTableModel):
            source.edit_takes(take_ids, index.column(), editor.text())
