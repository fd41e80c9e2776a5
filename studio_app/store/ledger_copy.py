"""`consent-slate ledger migrate`: a studio's SQLite ledger copied onto its new PostgreSQL server, row for
row — the same ids, decision numbers, key registry, audit events (number, hash, signature, key) and seals —
so the chain verifies on the server as it did on the file, and `audit verify` names any row the copy lost
or changed.

Only into an empty server ledger: a chain has one genesis, and two studios' histories cannot be merged
without re-signing them. The take files are not touched: the takes keep the paths the file recorded.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg.sql import SQL, Identifier

from studio_app.store import db
from studio_app.store.engine import HIDDEN_ROWID, StoreError, shown
from studio_app.store.postgres import PgConnection, store_error


@dataclass(frozen=True)
class CopiedLedger:
    """What a migration copied: rows per table, in the order they were copied."""

    rows: dict[str, int]


def copy_to_server(source: Path, target_url: str) -> CopiedLedger:
    """Copy the ledger file `source` (migrated to this app's schema first, as opening it does) into the empty
    ledger at `target_url` (its schema created if the database is new), in one transaction on each side: a
    snapshot of the file, and on the server all or nothing, under the writers' lock so no seat writes
    meanwhile."""
    if not source.is_file():
        raise StoreError(source, "no such ledger file")
    src = db.connect(source)
    try:
        dst = db.connect(target_url)
        try:
            with db.read(src), db.write(dst):
                tables = _tables_in_reference_order(src)
                _refuse_non_empty(dst, tables)
                _refuse_without_sequence_rights(dst)
                rows = {table: _copy_table(src, dst, table) for table in tables}
                _continue_numbering(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return CopiedLedger(rows)


def _tables_in_reference_order(src: sqlite3.Connection) -> list[str]:
    """The file's tables, each after the tables it references (audit_keys before audit_events, whose
    key_id a later migration added), in creation order otherwise."""
    names = [row[0] for row in src.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
    )]
    ordered: list[str] = []

    def place(table: str) -> None:
        if table in ordered:
            return
        for reference in src.execute(f"PRAGMA foreign_key_list({table})"):
            if reference["table"] != table:
                place(reference["table"])
        ordered.append(table)

    for table in names:
        place(table)
    return ordered


def _refuse_non_empty(dst: PgConnection, tables: list[str]) -> None:
    held = [table for table in tables if dst.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone()]
    if held:
        raise StoreError(shown(dst.url), f"the server ledger is not empty ({', '.join(held)} hold rows):"
                         " a studio's history migrates only into a new ledger")


def _identity_columns(dst: PgConnection) -> list[tuple[str, str]]:
    """(table, column) of the numbered columns (decisions' seq, …), not the hidden rowid."""
    return [tuple(row) for row in dst.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND is_identity = 'YES' AND column_name <> ? ORDER BY table_name", (HIDDEN_ROWID,)
    )]


def _refuse_without_sequence_rights(dst: PgConnection) -> None:
    """Copied rows keep their numbers, so the numbering must then continue after them: only the schema's
    owner (the administrator role) may set that."""
    for table, column in _identity_columns(dst):
        allowed = dst.execute(
            "SELECT has_sequence_privilege(pg_get_serial_sequence(?, ?), 'UPDATE')", (table, column)
        ).fetchone()[0]
        if not allowed:
            raise StoreError(shown(dst.url), "this role may not continue the ledger's numbering: migrate as"
                             " the administrator role (ledger init-server's --admin-role, slate_admin)")


def _copy_table(src: sqlite3.Connection, dst: PgConnection, table: str) -> int:
    """Every row, in the file's insertion order (the server's hidden rowid numbers them in that order), by
    COPY: one round trip for a studio's whole history."""
    columns = [row["name"] for row in src.execute(f"PRAGMA table_info({table})")]
    copy = SQL("COPY {} ({}) FROM STDIN").format(Identifier(table), SQL(", ").join(map(Identifier, columns)))
    count = 0
    try:
        with dst.raw.cursor().copy(copy) as out:
            for row in src.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid"):
                out.write_row(tuple(row))
                count += 1
    except psycopg.Error as exc:
        raise store_error(dst.url, exc) from exc
    return count


def _continue_numbering(dst: PgConnection) -> None:
    """The next decision (standing decision) a seat records is numbered after the copied ones."""
    for table, column in _identity_columns(dst):
        dst.execute(
            f"SELECT setval(pg_get_serial_sequence(?, ?), max({column})) FROM {table} HAVING count(*) > 0",
            (table, column),
        )
