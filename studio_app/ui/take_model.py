"""The take table: one model over the session's takes, one proxy for the status and actor filters.

Display text and sort keys are computed once per take (`TakeRow`), so scrolling 10,000 rows only reads
tuples and sorting is one Python sort; a changed take replaces its row and emits `dataChanged` for that
row alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum, IntEnum
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QIcon

from studio_app.core.model import TakeStatus
from studio_app.core.scopes import ALL_SCOPES, Permission, Purpose, Scope
from studio_app.services.ledger import Ledger, TakeOverview
from studio_app.ui.workers import WorkerControl, on_own_ledger
from studio_app.wav.errors import Cancelled

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NUMBER = 0
    FILE = 1
    SCENE = 2
    LINE = 3
    CHARACTER = 4
    TIME = 5
    DURATION = 6
    ACTORS = 7
    STATUS = 8
    NOTES = 9


EDITABLE_COLUMNS: dict[Column, str] = {
    Column.SCENE: "scene",
    Column.LINE: "line",
    Column.CHARACTER: "character",
}
"""The columns typed into in the table, and the take field each one sets (Ledger.update_takes)."""


class StatusKind(Enum):
    """How a take reads in the table: what it is allowed to carry out of the studio, in four words."""

    PENDING = "pending"
    NOT_AUTHORIZED = "not_authorized"
    AUTHORIZED = "authorized"
    CONDITIONS = "conditions"


TAKE_ID_ROLE = Qt.ItemDataRole.UserRole + 1

_COLUMN_COUNT = len(Column)
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_STYLE_ROLES = {
    Qt.ItemDataRole.ForegroundRole.value: 0,
    Qt.ItemDataRole.BackgroundRole.value: 1,
    Qt.ItemDataRole.DecorationRole.value: 2,
}
_RIGHT = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value
_NUMERIC_COLUMNS = (Column.NUMBER, Column.DURATION)
_TOOLTIP_COLUMNS = (Column.FILE, Column.ACTORS, Column.STATUS, Column.NOTES)
_EDIT = Qt.ItemDataRole.EditRole.value
_EDITABLE_FLAGS = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsEditable


def scope_label(scope: Scope) -> str:
    return {
        Scope.AI_TRAINING: QCoreApplication.translate("TakeModel", "AI training"),
        Scope.VOICE_CLONING: QCoreApplication.translate("TakeModel", "Voice cloning"),
        Scope.AI_GENERATION: QCoreApplication.translate("TakeModel", "AI generation"),
        Scope.AI_RESEARCH: QCoreApplication.translate("TakeModel", "AI research"),
    }[scope]


def purpose_label(purpose: Purpose) -> str:
    """A delivery's declared purpose in words: a plain delivery, or the AI use it was made for."""
    if purpose.scope is None:
        return QCoreApplication.translate("TakeModel", "Delivery")
    return scope_label(purpose.scope)


def permission_label(permission: Permission) -> str:
    return {
        Permission.NOT_AUTHORIZED: QCoreApplication.translate("TakeModel", "Not authorized"),
        Permission.AUTHORIZED_WITH_CONDITIONS: QCoreApplication.translate(
            "TakeModel", "Authorized with conditions"
        ),
        Permission.AUTHORIZED: QCoreApplication.translate("TakeModel", "Authorized"),
    }[permission]


def status_kind(effective: dict[Scope, Permission] | None) -> StatusKind:
    """None means pending (someone on the take has not decided); otherwise the ledger's effective values."""
    if effective is None:
        return StatusKind.PENDING
    granted = [p for p in effective.values() if p.is_grant]
    if not granted:
        return StatusKind.NOT_AUTHORIZED
    if any(p is Permission.AUTHORIZED_WITH_CONDITIONS for p in granted):
        return StatusKind.CONDITIONS
    return StatusKind.AUTHORIZED


def status_text(effective: dict[Scope, Permission] | None) -> str:
    """Words, never colour alone: 'Authorized: AI training, AI research' reads on any screen."""
    kind = status_kind(effective)
    if kind is StatusKind.PENDING:
        return QCoreApplication.translate("TakeModel", "Pending")
    if kind is StatusKind.NOT_AUTHORIZED:
        return QCoreApplication.translate("TakeModel", "Not authorized")
    assert effective is not None
    plain = [scope_label(s) for s in ALL_SCOPES if effective.get(s) is Permission.AUTHORIZED]
    conditional = [
        scope_label(s) for s in ALL_SCOPES if effective.get(s) is Permission.AUTHORIZED_WITH_CONDITIONS
    ]
    parts = []
    if plain:
        parts.append(QCoreApplication.translate("TakeModel", "Authorized: %s") % ", ".join(plain))
    if conditional:
        parts.append(QCoreApplication.translate("TakeModel", "Conditions: %s") % ", ".join(conditional))
    return "; ".join(parts)


def local_time(iso: str) -> str:
    """The ledger's UTC timestamp as the studio's wall-clock time, to the second."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return iso


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    minutes, rest = divmod(max(seconds, 0.0), 60.0)
    return f"{int(minutes)}:{rest:04.1f}"


def _natural(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key where scene 2 comes before scene 10 and `12A` after `12`."""
    return tuple(
        (0, int(part)) if part.isdecimal() else (1, part)
        for part in re.split(r"(\d+)", text.casefold()) if part
    )


@dataclass(frozen=True)
class TakeRow:
    """One take as the table shows it; built once from the ledger, so data() never formats anything."""

    take_id: str
    number: int | None
    created: str
    duration_s: float | None
    scene: str
    actors: tuple[str, ...]
    effective: dict[Scope, Permission] | None
    notes: str = ""
    actor_ids: tuple[str, ...] = ()
    recording: bool = False
    file_name: str = ""
    line: str = ""
    character: str = ""
    display: tuple[str, ...] = field(init=False, compare=False)
    sort_keys: tuple[object, ...] = field(init=False, compare=False)
    kind: StatusKind = field(init=False, compare=False)

    def __post_init__(self) -> None:
        kind = status_kind(self.effective)
        display = (
            "" if self.number is None else str(self.number),
            self.file_name,
            self.scene,
            self.line,
            self.character,
            self.created,
            QCoreApplication.translate("TakeModel", "recording…")
            if self.recording
            else format_duration(self.duration_s),
            ", ".join(self.actors),
            status_text(self.effective),
            self.notes.replace("\n", " "),
        )
        sort_keys = (
            (self.number is None, self.number or 0, self.created),
            (self.file_name.casefold(), self.created),
            (_natural(self.scene), self.number or 0, self.created),
            (_natural(self.line), self.number or 0, self.created),
            self.character.casefold(),
            self.created,
            self.duration_s or 0.0,
            display[Column.ACTORS].casefold(),
            (list(StatusKind).index(kind), display[Column.STATUS]),
            display[Column.NOTES].casefold(),
        )
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "display", display)
        object.__setattr__(self, "sort_keys", sort_keys)


TakeEditor = Callable[[list[str], str, str], list[TakeRow]]
"""Records one label (field name, text) on takes and returns their rows as read back from the ledger."""


class TakeTableModel(QAbstractTableModel):
    """The session's takes in the table's sort order (sorted here); `TakeFilterProxy` only filters."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[TakeRow] = []
        self._row_of: dict[str, int] = {}
        self._status_style: dict[StatusKind, tuple[QColor, QColor, QIcon]] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._editor: TakeEditor | None = None

    def set_editor(self, editor: TakeEditor | None) -> None:
        """What records a typed scene, line or character (the ledger); None keeps the table read-only."""
        self._editor = editor

    def edit_takes(self, take_ids: Sequence[str], column: int, value: str) -> bool:
        """Set one label column of several takes at once; their rows come back from the editor."""
        field_name = EDITABLE_COLUMNS.get(Column(column))
        if self._editor is None or field_name is None or not take_ids:
            return False
        rows = self._editor(list(take_ids), field_name, value)
        self.upsert(rows)
        return bool(rows)

    def set_status_style(self, style: dict[StatusKind, tuple[QColor, QColor, QIcon]]) -> None:
        """Per status kind (foreground, background, icon): the theme's status chip."""
        self._status_style = style
        if self._rows:
            self.dataChanged.emit(
                self.index(0, Column.STATUS), self.index(len(self._rows) - 1, Column.STATUS)
            )

    # --- the ledger side -------------------------------------------------------------------
    def set_takes(self, rows: list[TakeRow]) -> None:
        """A new session: the only time the model resets (kept in the current sort order)."""
        self.beginResetModel()
        self._rows = self._sorted(rows)
        self._row_of = {r.take_id: i for i, r in enumerate(self._rows)}
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """One Python sort on the cached keys (10,000 rows in milliseconds); selections follow their rows."""
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        moved = [(index, self._rows[index.row()].take_id) for index in before]
        self._rows = self._sorted(self._rows)
        self._row_of = {r.take_id: i for i, r in enumerate(self._rows)}
        self.changePersistentIndexList(
            [index for index, _ in moved],
            [self.index(self._row_of[take_id], index.column()) for index, take_id in moved],
        )
        self.layoutChanged.emit()

    def _sorted(self, rows: list[TakeRow]) -> list[TakeRow]:
        if self._sort is None:
            return list(rows)
        column, order = self._sort
        return sorted(rows, key=lambda r: r.sort_keys[column], reverse=order == Qt.SortOrder.DescendingOrder)

    def upsert(self, rows: list[TakeRow]) -> None:
        """Changed takes replace their row (one dataChanged each); new takes are appended in one insert."""
        new = []
        for row in rows:
            at = self._row_of.get(row.take_id)
            if at is None:
                new.append(row)
                continue
            self._rows[at] = row
            self.dataChanged.emit(self.index(at, 0), self.index(at, len(Column) - 1))
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for offset, row in enumerate(new):
                self._row_of[row.take_id] = first + offset
                self._rows.append(row)
            self.endInsertRows()

    def take_row(self, take_id: str) -> TakeRow | None:
        at = self._row_of.get(take_id)
        return None if at is None else self._rows[at]

    def row_at(self, row: int) -> TakeRow:
        return self._rows[row]

    def source_row_of(self, take_id: str) -> int | None:
        return self._row_of.get(take_id)

    def all_actor_names(self) -> list[str]:
        return sorted({name for r in self._rows for name in r.actors}, key=str.casefold)

    # --- Qt's side -------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else _COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            Column.NUMBER: self.tr("Take"),
            Column.FILE: self.tr("File"),
            Column.SCENE: self.tr("Scene"),
            Column.LINE: self.tr("Line"),
            Column.CHARACTER: self.tr("Character"),
            Column.TIME: self.tr("Time"),
            Column.DURATION: self.tr("Duration"),
            Column.ACTORS: self.tr("Actors"),
            Column.STATUS: self.tr("Consent"),
            Column.NOTES: self.tr("Notes"),
        }[Column(section)]

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self._editor is not None and index.column() in EDITABLE_COLUMNS:
            return flags | _EDITABLE_FLAGS
        return flags

    def setData(self, index: _Index, value, role: int = _EDIT) -> bool:
        if not index.isValid() or role != _EDIT:
            return False
        return self.edit_takes([self._rows[index.row()].take_id], index.column(), str(value or ""))

    def data(self, index: _Index, role: int = _DISPLAY):
        if not index.isValid():
            return None
        return self._value(self._rows[index.row()], index.column(), role)

    def multiData(self, index: _Index, roles) -> None:
        """What the view's delegate asks per cell: all its roles in one call instead of one call each."""
        if not index.isValid():
            return
        row, column = self._rows[index.row()], index.column()
        for role_data in roles:
            value = self._value(row, column, role_data.role())
            if value is None:
                role_data.clearData()  # the delegate reuses its slots from cell to cell
            else:
                role_data.setData(value)

    def _value(self, row: TakeRow, column: int, role: int):
        """The hottest function of the table: plain int roles, tuple lookups, nothing formatted here."""
        if role == _DISPLAY:
            return row.display[column]
        if role == _ALIGNMENT:
            return _RIGHT if column in _NUMERIC_COLUMNS else None
        if role == _EDIT:
            return row.display[column] if column in EDITABLE_COLUMNS else None
        if column == Column.STATUS and role in _STYLE_ROLES and self._status_style:
            return self._status_style[row.kind][_STYLE_ROLES[role]]
        if role == TAKE_ID_ROLE:
            return row.take_id
        if role == _TOOLTIP and column in _TOOLTIP_COLUMNS:
            return row.display[column]
        return None


class TakeFilterProxy(QSortFilterProxyModel):
    """Filters by status kind and by actor name; the rows keep the source model's (sorted) order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._kind: StatusKind | None = None
        self._actor: str | None = None

    def set_status_filter(self, kind: StatusKind | None) -> None:
        self.beginFilterChange()
        self._kind = kind
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_actor_filter(self, actor_name: str | None) -> None:
        self.beginFilterChange()
        self._actor = actor_name
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def multiData(self, index: _Index, roles) -> None:
        """Forwarded whole to the source model (Qt's proxy would ask it role by role)."""
        self.sourceModel().multiData(self.mapToSource(index), roles)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        row = self.sourceModel().row_at(source_row)
        if self._kind is not None and row.kind is not self._kind:
            return False
        return self._actor is None or self._actor in row.actors

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting happens in the source model (one key-sorted list); the proxy only filters."""
        self.sourceModel().sort(column, order)


def take_row(overview: TakeOverview, on: date) -> TakeRow:
    """The ledger's view of one take, as the table shows it."""
    take = overview.take
    return TakeRow(
        take_id=take.id,
        number=take.take_number,
        created=local_time(take.created_at),
        duration_s=take.duration,
        scene=take.scene,
        line=take.line,
        character=take.character,
        file_name=Path(take.path).name,
        actors=tuple(a.display_name for a in overview.actors),
        actor_ids=take.actor_ids,
        effective=overview.effective(on),
        notes=take.notes,
        recording=take.status is TakeStatus.RECORDING,
    )


def session_rows_task(ledger_path: Path, session_id: str, on: date):
    """The worker's job: a session's takes read on the worker's own ledger connection (SQLite connections
    stay on their thread) and turned into table rows, stopping early once a newer load supersedes it."""

    def run(ledger: Ledger, control: WorkerControl) -> list[TakeRow]:
        rows = []
        for overview in ledger.list_takes(session_id):
            if control.cancelled():
                raise Cancelled(None, "superseded by a newer load")
            rows.append(take_row(overview, on))
        return rows

    return on_own_ledger(ledger_path, run)
