"""The ledger on a PostgreSQL server (psycopg 3): a connection that speaks the SQLite-style SQL of store/.

`PgConnection` offers what store/ uses of a sqlite3 connection — `execute` and `executemany` with `?`
placeholders, rows readable by column name and by position — and turns the server's errors into
`StoreError`s, so the services never see which engine is underneath. Autocommit, with explicit
transactions (db.write), as the SQLite connection runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import psycopg

from studio_app.store.engine import CHANGES_CHANNEL, HIDDEN_ROWID, POSTGRES, StoreError, shown

CONNECT_TIMEOUT_S = 5


class LedgerUnreachable(StoreError):
    """The ledger server cannot be reached (down, network gone, connection cut)."""


class Row:
    """A result row like sqlite3.Row: by column name, by position, unpacked, or dict(row)."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[Any], index: dict[str, int]) -> None:
        self._values = values
        self._index = index

    def __getitem__(self, key: int | str) -> Any:
        return self._values[self._index[key]] if isinstance(key, str) else self._values[key]

    def keys(self) -> Iterable[str]:
        return self._index.keys()

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _row_factory(cursor: psycopg.Cursor):
    """Rows that leave out the hidden `rowid` column (SQLite's `SELECT *` does not show it either)."""
    names = [column.name for column in cursor.description or ()]
    if HIDDEN_ROWID not in names:
        index = {name: position for position, name in enumerate(names)}
        return lambda values: Row(values, index)
    kept = [position for position, name in enumerate(names) if name != HIDDEN_ROWID]
    index = {names[position]: n for n, position in enumerate(kept)}
    return lambda values: Row([values[position] for position in kept], index)


class PgConnection:
    """One seat's connection to the ledger server."""

    dialect = POSTGRES

    def __init__(self, raw: psycopg.Connection, url: str) -> None:
        self.raw = raw
        self.url = url

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor:
        try:
            return self.raw.execute(POSTGRES.query(sql), tuple(params))
        except psycopg.Error as exc:
            raise store_error(self.url, exc) from exc

    def executemany(self, sql: str, many: Iterable[Sequence[Any]]) -> psycopg.Cursor:
        try:
            cursor = self.raw.cursor()
            cursor.executemany(POSTGRES.query(sql), many)
        except psycopg.Error as exc:
            raise store_error(self.url, exc) from exc
        return cursor

    @property
    def broken(self) -> bool:
        return self.raw.closed or self.raw.broken

    def close(self) -> None:
        self.raw.close()


class ChangeListener:
    """A connection of its own that LISTENs for other seats' commits (db.write notifies on each)."""

    def __init__(self, url: str) -> None:
        self.conn = connect(url)
        self.conn.execute(f"LISTEN {CHANGES_CHANNEL}")

    def wait(self, timeout: float) -> bool:
        """True as soon as a commit was announced, False after `timeout` seconds without one."""
        try:
            return any(True for _ in self.conn.raw.notifies(timeout=timeout, stop_after=1))
        except psycopg.Error as exc:
            raise store_error(self.conn.url, exc) from exc

    def close(self) -> None:
        self.conn.close()


def connect(url: str) -> PgConnection:
    try:
        raw = psycopg.connect(
            url, autocommit=True, row_factory=_row_factory, connect_timeout=CONNECT_TIMEOUT_S,
            application_name="consent-slate",
        )
    except psycopg.Error as exc:
        raise store_error(url, exc) from exc
    return PgConnection(raw, url)


def store_error(url: str, exc: psycopg.Error) -> StoreError:
    reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, psycopg.OperationalError) and not isinstance(exc, psycopg.errors.QueryCanceled):
        return LedgerUnreachable(shown(url), f"the ledger server cannot be reached ({reason})")
    return StoreError(shown(url), reason)
