"""A real PostgreSQL 15 server for the tests, from Debian's packages (scripts/setup installs postgresql-15).

Its own data folder under a temp dir, run by a non-root OS user (PostgreSQL refuses to run as root, and
CI runs as root), listening on a free port on 127.0.0.1 only, trust authentication (the folder and the
port are this run's own). Durability is traded for speed (fsync off): the tests check the ledger's
logic, not the disk. Each test gets its own database.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
OS_USER = "consentslate-pg"
SUPERUSER = "postgres"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _os_user() -> str:
    """The OS user the server runs as: ourselves unless we are root, else `consentslate-pg` (created)."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid()).pw_name
    try:
        pwd.getpwnam(OS_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OS_USER],
                       check=True, capture_output=True)
    return OS_USER


@dataclass
class PgServer:
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="consent-slate-pg-")))
    """Directly under /tmp: pytest's own temp folders are private to root, which the server user is not."""
    port: int = field(default_factory=_free_port)
    user: str = field(default_factory=_os_user)
    process: subprocess.Popen | None = None

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres", role: str = SUPERUSER) -> str:
        return f"postgresql://{role}@127.0.0.1:{self.port}/{database}"

    def _as_user(self, command: list[str]) -> None:
        done = subprocess.run(self._prefix() + command, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"{command[0]} failed: {done.stderr or done.stdout}")

    def _prefix(self) -> list[str]:
        if os.geteuid() != 0:
            return []
        user = self.user
        return ["setpriv", f"--reuid={user}", f"--regid={user}", "--init-groups", "--pdeathsig=INT", "--"]

    def init(self) -> PgServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        shutil.chown(self.folder, self.user)
        self.folder.chmod(0o755)
        self._as_user([str(PG_BIN / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                       "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"])
        return self

    def start(self) -> PgServer:
        log = (self.folder / "server.log").open("ab")
        self.process = subprocess.Popen(
            [
                *self._prefix(),
                str(PG_BIN / "postgres"), "-D", str(self.data), "-p", str(self.port),
                "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.folder}",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=200",
            ],
            stdout=log, stderr=log,
        )
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"postgres exited: {(self.folder / 'server.log').read_text()[-2000:]}")
            ready = subprocess.run([str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                                   capture_output=True)
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("postgres did not become ready")

    def stop(self) -> None:
        """A fast shutdown (SIGINT): open connections are cut, as when the server goes away."""
        if self.process is not None:
            self.process.send_signal(2)
            self.process.wait(timeout=30)
            self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def psql(self, sql: str, database: str = "postgres", role: str = SUPERUSER) -> str:
        done = subprocess.run(
            [str(PG_BIN / "psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", self.url(database, role),
             "-c", sql],
            capture_output=True, text=True,
        )
        if done.returncode:
            raise subprocess.CalledProcessError(done.returncode, "psql", done.stdout, done.stderr)
        return done.stdout

    def new_database(self) -> str:
        """A fresh empty database; its URL."""
        name = f"t_{secrets.token_hex(6)}"
        self.psql(f"CREATE DATABASE {name}")
        return self.url(name)
