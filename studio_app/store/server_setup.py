"""`consent-slate ledger init-server`: the studio's ledger on a PostgreSQL server, append-only by the
database itself — an administrator role that owns the schema and runs the migrations, a seat role that
inserts and reads, triggers that refuse to change or delete the records, the grants."""

from __future__ import annotations

from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.sql import SQL, Identifier, Literal

from studio_app.store.db import SCHEMA_VERSION, migrate
from studio_app.store.postgres import PgConnection, connect

APPEND_ONLY_TABLES = ("decisions", "standing_decisions", "confirmations", "deliveries", "delivery_items",
                      "delivery_corrections", "audit_events")
"""No one updates or deletes these rows, not even the administrator without first dropping a trigger."""
UPDATABLE_TABLES = ("sessions", "actors", "takes", "delivery_attempts", "audit_seals")
"""The rows the app changes in place (each change a signed audit event; an event's seal, which only a
seat's key can make, is replaced when another seat verifies the event); a seat may insert and read every
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
    parts = conninfo_to_dict(url)
    host, port = parts.get("host", "localhost"), parts.get("port")
    return f"postgresql://{role}@{host}{f':{port}' if port else ''}/{database}"


def _create_roles_and_database(
    server: PgConnection, database: str, admin_role: str, seat_role: str,
    passwords: dict[str, str | None], done: list[str],
) -> None:
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
