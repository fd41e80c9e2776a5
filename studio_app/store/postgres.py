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

from studio_app.store.engine import HIDDEN_ROWID, POSTGRES, StoreError, shown

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
            raise _store_error(self.url, exc) from exc

    def executemany(self, sql: str, many: Iterable[Sequence[Any]]) -> psycopg.Cursor:
        try:
            cursor = self.raw.cursor()
            cursor.executemany(POSTGRES.query(sql), many)
        except psycopg.Error as exc:
            raise _store_error(self.url, exc) from exc
        return cursor

    @property
    def broken(self) -> bool:
        return self.raw.closed or self.raw.broken

    def close(self) -> None:
        self.raw.close()


def connect(url: str) -> PgConnection:
    try:
        raw = psycopg.connect(
            url, autocommit=True, row_factory=_row_factory, connect_timeout=CONNECT_TIMEOUT_S,
            application_name="consent-slate",
        )
    except psycopg.Error as exc:
        raise _store_error(url, exc) from exc
    return PgConnection(raw, url)


def _store_error(url: str, exc: psycopg.Error) -> StoreError:
    reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    if isinstance(exc, psycopg.OperationalError) and not isinstance(exc, psycopg.errors.QueryCanceled):
        return LedgerUnreachable(shown(url), f"the ledger server cannot be reached ({reason})")
    return StoreError(shown(url), reason)


# -- setting up the server (`consent-slate ledger init-server`) ------------------------------------------

APPEND_ONLY_TABLES = ("decisions", "standing_decisions", "confirmations", "deliveries", "delivery_items",
                      "audit_events")
"""No one updates or deletes these rows, not even the administrator without first dropping a trigger."""
UPDATABLE_TABLES = ("sessions", "takes", "delivery_attempts")
"""The rows the app changes in place (each change a signed audit event); a seat may insert and read every
other table, never update it, and delete nothing anywhere. A migration adding a table the app updates
adds it here."""

_APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION slate_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the consent ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def init_server(
    server_url: str, database: str, admin_role: str, seat_role: str,
    passwords: dict[str, str | None] | None = None,
) -> list[str]:
    """Create (or bring up to date) the studio's ledger on a server, as a superuser: the administrator
    role (owns the schema, runs the migrations), the seat role (inserts and reads; updates only
    UPDATABLE_TABLES; deletes nothing), the database, the schema, the append-only triggers and the
    grants. Idempotent; returns one line per thing done or found."""
    from psycopg.conninfo import make_conninfo

    done: list[str] = []
    server = connect(server_url)
    try:
        _create_roles_and_database(server, database, admin_role, seat_role, passwords or {}, done)
    finally:
        server.close()
    conn = connect(make_conninfo(server_url, dbname=database))
    try:
        _set_up_schema(conn, admin_role, seat_role, done)
    finally:
        conn.close()
    return done


def role_url(url: str, role: str, database: str) -> str:
    """The same server, connecting to `database` as `role` (no password in it: libpq's .pgpass,
    PGPASSWORD or the server's own authentication supply it)."""
    from psycopg.conninfo import conninfo_to_dict

    parts = conninfo_to_dict(url)
    host, port = parts.get("host", "localhost"), parts.get("port")
    return f"postgresql://{role}@{host}{f':{port}' if port else ''}/{database}"


def _create_roles_and_database(
    server: PgConnection, database: str, admin_role: str, seat_role: str,
    passwords: dict[str, str | None], done: list[str],
) -> None:
    from psycopg.sql import SQL, Identifier, Literal

    for role in (admin_role, seat_role):
        if server.execute("SELECT 1 FROM pg_roles WHERE rolname = ?", (role,)).fetchone():
            done.append(f"role {role}: exists")
        else:
            server.raw.execute(SQL("CREATE ROLE {} LOGIN").format(Identifier(role)))
            done.append(f"role {role}: created (login)")
        if passwords.get(role):
            password = Literal(passwords[role])
            server.raw.execute(SQL("ALTER ROLE {} PASSWORD {}").format(Identifier(role), password))
            done.append(f"role {role}: password set")
    name = Identifier(database)
    if server.execute("SELECT 1 FROM pg_database WHERE datname = ?", (database,)).fetchone():
        done.append(f"database {database}: exists")
    else:
        server.raw.execute(SQL("CREATE DATABASE {} OWNER {}").format(name, Identifier(admin_role)))
        done.append(f"database {database}: created, owned by {admin_role}")
    server.raw.execute(SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(name))
    server.raw.execute(SQL("GRANT CONNECT, TEMPORARY ON DATABASE {} TO {}, {}").format(
        name, Identifier(admin_role), Identifier(seat_role)))
    done.append(f"database {database}: only {admin_role} and {seat_role} may connect")


def _set_up_schema(conn: PgConnection, admin_role: str, seat_role: str, done: list[str]) -> None:
    """Migrate as the administrator (who then owns every table), then the triggers and the grants."""
    from psycopg.sql import SQL, Identifier

    from studio_app.store.db import SCHEMA_VERSION, migrate

    admin, seat = Identifier(admin_role), Identifier(seat_role)
    conn.raw.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    conn.raw.execute(SQL("GRANT USAGE, CREATE ON SCHEMA public TO {}").format(admin))
    conn.raw.execute(SQL("GRANT USAGE ON SCHEMA public TO {}").format(seat))
    conn.raw.execute(SQL("SET ROLE {}").format(admin))
    before = conn.dialect.schema_version(conn)
    migrate(conn, conn.url)
    came_from = "up to date" if before == SCHEMA_VERSION else f"migrated from {before}"
    done.append(f"schema: version {SCHEMA_VERSION} ({came_from}), owned by {admin_role}")
    conn.raw.execute(_APPEND_ONLY_FUNCTION)
    for table in APPEND_ONLY_TABLES:
        for suffix, when in (("append_only", "UPDATE OR DELETE"), ("no_truncate", "TRUNCATE")):
            per = "ROW" if suffix == "append_only" else "STATEMENT"
            conn.raw.execute(SQL(
                f"CREATE OR REPLACE TRIGGER {{}} BEFORE {when} ON {{}} FOR EACH {per}"
                " EXECUTE FUNCTION slate_append_only()"
            ).format(Identifier(f"{table}_{suffix}"), Identifier(table)))
    done.append(f"triggers: no UPDATE, DELETE or TRUNCATE on {', '.join(APPEND_ONLY_TABLES)}, by anyone")
    tables = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    for (table,) in tables.fetchall():
        rights = ["SELECT"] if table == "slate_schema" else ["SELECT", "INSERT"]
        if table in UPDATABLE_TABLES:
            rights.append("UPDATE")
        conn.raw.execute(SQL("REVOKE ALL ON {} FROM {}").format(Identifier(table), seat))
        conn.raw.execute(SQL(f"GRANT {', '.join(rights)} ON {{}} TO {{}}").format(Identifier(table), seat))
        done.append(f"grant {seat_role}: {', '.join(rights)} on {table}")
    conn.raw.execute(SQL("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {}").format(seat))
    conn.raw.execute("RESET ROLE")
