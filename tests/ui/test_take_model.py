"""The take table model over many takes: precise updates, filters and sorting on cached keys."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelRoleData, QModelRoleDataSpan, Qt
from PySide6.QtGui import QColor, QIcon

from studio_app.core.scopes import ALL_SCOPES, Permission, Scope
from studio_app.services.ledger.intake import add_take_for_recording
from studio_app.ui.take_model import (
    TAKE_ID_ROLE,
    Column,
    StatusKind,
    TakeFilterProxy,
    TakeRow,
    TakeTableModel,
    session_rows_task,
)
from studio_app.ui.workers import WorkerControl, WorkerSignals
from studio_app.wav.errors import Cancelled

ACTORS = ("王小明", "Li Na", "Anna Berg", "陈静")


def _effective(seed: int) -> dict[Scope, Permission] | None:
    rng = random.Random(seed)
    if rng.random() < 0.3:
        return None
    return {scope: rng.choice(list(Permission)) for scope in ALL_SCOPES}


def _rows(count: int) -> list[TakeRow]:
    rng = random.Random(7)
    return [
        TakeRow(
            take_id=f"take-{n:05d}",
            number=n,
            created=f"2026-11-25 {n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}",
            duration_s=rng.uniform(0.5, 600.0),
            scene=f"S{n % 40} / L{n % 7}",
            actors=tuple(rng.sample(ACTORS, rng.randint(1, 2))),
            effective=_effective(n),
            notes="",
        )
        for n in range(1, count + 1)
    ]


@pytest.fixture
def ten_thousand() -> list[TakeRow]:
    return _rows(10_000)


def test_model_passes_qt_consistency_checks(qtmodeltester):
    model = TakeTableModel()
    model.set_takes(_rows(50))
    qtmodeltester.check(model, force_py=True)


def test_ten_thousand_takes_filter_by_status_and_actor(ten_thousand):
    model = TakeTableModel()
    model.set_takes(ten_thousand)
    proxy = TakeFilterProxy()
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 10_000

    proxy.set_status_filter(StatusKind.PENDING)
    assert proxy.rowCount() == sum(r.effective is None for r in ten_thousand)
    assert all(
        proxy.index(i, Column.STATUS).data() == "Pending" for i in range(0, proxy.rowCount(), 97)
    )

    proxy.set_actor_filter("陈静")
    expected = sum(r.effective is None and "陈静" in r.actors for r in ten_thousand)
    assert proxy.rowCount() == expected > 0

    proxy.set_status_filter(None)
    proxy.set_actor_filter(None)
    assert proxy.rowCount() == 10_000


def test_ten_thousand_takes_sort_by_duration_and_status(ten_thousand):
    model = TakeTableModel()
    model.set_takes(ten_thousand)
    proxy = TakeFilterProxy()
    proxy.setSourceModel(model)

    proxy.sort(Column.DURATION, Qt.SortOrder.DescendingOrder)
    durations = [model.take_row(proxy.index(i, 0).data(TAKE_ID_ROLE)).duration_s for i in range(10_000)]
    assert durations == sorted((r.duration_s for r in ten_thousand), reverse=True)

    proxy.sort(Column.STATUS, Qt.SortOrder.AscendingOrder)
    kinds = [proxy.index(i, 0).data(TAKE_ID_ROLE) for i in range(10_000)]
    order = [model.take_row(t).kind for t in kinds]
    ranks = [list(StatusKind).index(k) for k in order]
    assert ranks == sorted(ranks)
    assert order[0] is StatusKind.PENDING


def test_changed_take_updates_its_row_only_without_reset(ten_thousand):
    model = TakeTableModel()
    model.set_takes(ten_thousand)
    changes, resets = [], []
    model.dataChanged.connect(lambda top, bottom, *_: changes.append((top.row(), bottom.row())))
    model.modelReset.connect(lambda: resets.append(True))

    old = ten_thousand[4321]
    restricted = {scope: Permission.NOT_AUTHORIZED for scope in ALL_SCOPES}
    model.upsert([TakeRow(old.take_id, old.number, old.created, old.duration_s, old.scene, old.actors,
                          restricted)])

    assert changes == [(4321, 4321)]
    assert resets == []
    assert model.index(4321, Column.STATUS).data() == "Not authorized"
    assert model.index(4320, Column.STATUS).data() == ten_thousand[4320].display[Column.STATUS]


def test_new_takes_are_inserted_at_the_end(ten_thousand):
    model = TakeTableModel()
    model.set_takes(ten_thousand[:10])
    inserted = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.upsert(ten_thousand[10:13])
    assert inserted == [(10, 12)]
    assert model.rowCount() == 13
    assert model.index(12, 0).data(TAKE_ID_ROLE) == ten_thousand[12].take_id


def test_status_text_names_the_authorized_and_conditional_scopes():
    effective = {
        Scope.AI_TRAINING: Permission.AUTHORIZED,
        Scope.VOICE_CLONING: Permission.NOT_AUTHORIZED,
        Scope.AI_GENERATION: Permission.AUTHORIZED_WITH_CONDITIONS,
        Scope.AI_RESEARCH: Permission.AUTHORIZED,
    }
    row = TakeRow("t", 1, "", 1.0, "", ("A",), effective)
    assert row.kind is StatusKind.CONDITIONS
    assert row.display[Column.STATUS] == "Authorized: AI training, AI research; Conditions: AI generation"


def test_selection_follows_its_takes_when_the_table_is_sorted(ten_thousand):
    model = TakeTableModel()
    model.set_takes(ten_thousand)
    proxy = TakeFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_status_filter(StatusKind.PENDING)
    selection = QItemSelectionModel(proxy)
    picked = [proxy.index(row, 0).data(TAKE_ID_ROLE) for row in (3, 250, 1999)]
    for row in (3, 250, 1999):
        selection.select(proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select)

    proxy.sort(Column.DURATION, Qt.SortOrder.DescendingOrder)

    assert sorted(i.data(TAKE_ID_ROLE) for i in selection.selectedIndexes()) == sorted(picked)
    pending = [r for r in ten_thousand if r.kind is StatusKind.PENDING]
    longest = sorted(pending, key=lambda r: r.duration_s, reverse=True)[:3]
    assert [proxy.index(r, 0).data(TAKE_ID_ROLE) for r in range(3)] == [r.take_id for r in longest]


def test_ten_thousand_changed_takes_update_in_place_without_a_reset(ten_thousand):
    """Also guards the Qt binding: PySide6 6.12.0 aborted the interpreter after a few hundred emits."""
    model = TakeTableModel()
    model.set_takes(ten_thousand)
    changed, resets = [], []
    model.dataChanged.connect(lambda top, _bottom, *_: changed.append(top.row()))
    model.modelReset.connect(lambda: resets.append(True))
    restricted = {scope: Permission.NOT_AUTHORIZED for scope in ALL_SCOPES}
    model.upsert([replace(r, effective=restricted) for r in ten_thousand])
    assert sorted(changed) == list(range(10_000)) and resets == []
    assert {model.row_at(i).kind for i in range(10_000)} == {StatusKind.NOT_AUTHORIZED}


def test_the_views_one_call_per_cell_gives_what_data_gives(ten_thousand):
    """Qt's delegates ask every role of a cell at once (multiData); through the proxy it must agree."""
    model = TakeTableModel()
    model.set_takes(ten_thousand[:50])
    proxy = TakeFilterProxy()
    proxy.setSourceModel(model)
    model.set_status_style({kind: (QColor("#101010"), QColor("#f0f0f0"), QIcon()) for kind in StatusKind})
    roles = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole,
             Qt.ItemDataRole.BackgroundRole, TAKE_ID_ROLE]
    slots = {role: QModelRoleData(role) for role in roles}  # reused from cell to cell, as delegates do
    for row, column in itertools.product(range(0, 50, 7), range(len(Column))):
        index = proxy.index(row, column)
        for role, slot in slots.items():
            proxy.multiData(index, QModelRoleDataSpan(slot))
            assert slot.data() == index.data(role), (row, column, role)


def test_a_session_load_superseded_by_a_newer_one_stops_as_cancelled(ledger):
    """The rows task stops at the first take once its worker is cancelled, with the worker's own
    Cancelled (the worker then reports 'cancelled', never another error)."""
    session = ledger.create_session("Superseded")
    actor = ledger.add_actor(session.id, "Li Na")
    add_take_for_recording(ledger, session.id, "/rec/t1.wav", [actor.id])
    control = WorkerControl(WorkerSignals())
    control.cancel()
    with pytest.raises(Cancelled, match="superseded by a newer load"):
        session_rows_task(ledger.path, session.id, date(2026, 1, 1))(control)
