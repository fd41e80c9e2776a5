"""The take table with 10,000 takes, against a plain QStandardItemModel holding the same text (the
textbook peer) in the same run: load, sort by consent status, and full-page repaints while scrolling.

Both views are QTableViews of the same size with the same filter-proxy-free setup, so the ratio is the
cost of our model (cached rows, Python data()) next to Qt's own C++ item model. Prints medians.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_take_table.py [--rows 10000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

from studio_app.core.scopes import ALL_SCOPES, Permission
from studio_app.ui.take_model import Column, TakeFilterProxy, TakeRow, TakeTableModel

ACTORS = ("王小明", "Li Na", "Anna Berg", "陈静")


def take_rows(count: int) -> list[TakeRow]:
    rng = random.Random(7)
    rows = []
    for n in range(1, count + 1):
        pending = rng.random() < 0.3
        effective = None if pending else {s: rng.choice(list(Permission)) for s in ALL_SCOPES}
        created = f"2026-11-25 {n % 24:02d}:{n % 60:02d}:00"
        actors = tuple(rng.sample(ACTORS, rng.randint(1, 2)))
        rows.append(TakeRow(f"take-{n:05d}", n, created, rng.uniform(1, 600), f"S{n % 40} / L{n % 7}", actors,
                            effective))
    return rows


def view(model) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.resize(1400, 900)
    table.show()
    return table


def timed(action) -> float:
    start = time.perf_counter()
    action()
    QApplication.processEvents()
    return time.perf_counter() - start


def scroll_pages(table: QTableView, pages: int = 100) -> float:
    QApplication.processEvents()
    bar = table.verticalScrollBar()
    assert bar.maximum() > pages, "the table is not laid out yet"
    step = bar.maximum() // pages

    def run() -> None:
        for value in range(0, bar.maximum(), step):
            bar.setValue(value)
            table.viewport().repaint()

    return timed(run) / pages


def ours(rows: list[TakeRow]) -> dict[str, float]:
    model = TakeTableModel()
    proxy = TakeFilterProxy()
    proxy.setSourceModel(model)
    table = view(proxy)
    figures = {
        "load": timed(lambda: model.set_takes(rows)),
        "sort by status": timed(lambda: proxy.sort(Column.STATUS, Qt.SortOrder.AscendingOrder)),
        "page repaint": scroll_pages(table),
    }
    table.close()
    return figures


def peer(rows: list[TakeRow]) -> dict[str, float]:
    model = QStandardItemModel()
    table = view(model)

    def load() -> None:
        model.setRowCount(0)
        for row in rows:
            model.appendRow([QStandardItem(text) for text in row.display])

    figures = {
        "load": timed(load),
        "sort by status": timed(lambda: model.sort(Column.STATUS, Qt.SortOrder.AscendingOrder)),
        "page repaint": scroll_pages(table),
    }
    table.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    QApplication([sys.argv[0]])
    rows = take_rows(args.rows)
    results: dict[str, dict[str, list[float]]] = {"ours": {}, "QStandardItemModel": {}}
    for _ in range(args.rounds):
        for name, run in (("ours", ours), ("QStandardItemModel", peer)):
            for key, value in run(rows).items():
                results[name].setdefault(key, []).append(value)
    print(f"{args.rows} takes, median of {args.rounds} rounds (seconds)")
    for key in results["ours"]:
        mine = statistics.median(results["ours"][key])
        theirs = statistics.median(results["QStandardItemModel"][key])
        print(f"  {key:15s} ours {mine:8.4f}   QStandardItemModel {theirs:8.4f}   ratio {mine / theirs:5.2f}")


if __name__ == "__main__":
    main()
