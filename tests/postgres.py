"""A throwaway PostgreSQL cluster for the tests: Debian's `postgresql` package, started in a
temporary folder on a free loopback port, stopped and removed at the end of the session.

`initdb` refuses to run as root: as root the cluster runs as Debian's `postgres` user
(`runuser -u postgres --`), in a folder that user owns. Connections use TCP on 127.0.0.1 with a
password (scram-sha-256), as a deployment does. Without PostgreSQL the tests that need it skip,
except under HUB_REQUIRE_POSTGRES=1 (set by .ci/run), where they fail.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

import pytest

REQUIRE_VARIABLE = "HUB_REQUIRE_POSTGRES"
SUPERUSER = "hub"
SERVICE_USER = "postgres"


def require_postgres() -> bool:
    return os.environ.get(REQUIRE_VARIABLE) == "1"


def unavailable(reason: str):
    """Skip, or fail under HUB_REQUIRE_POSTGRES=1."""
    if require_postgres():
        pytest.fail(f"PostgreSQL obligatoire ({REQUIRE_VARIABLE}=1) : {reason}")
    pytest.skip(reason)


def postgres_bindir() -> Path | None:
    """Debian's newest server binaries (/usr/lib/postgresql/<version>/bin), else initdb on PATH."""
    found = sorted(
        (Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if (Path(p) / "initdb").is_file()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One running cluster; `url(name)` gives a SQLAlchemy URL of one of its databases."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="hub-postgres-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.password = secrets.token_hex(12)
        self.port = _free_port()
        self.host = "127.0.0.1"
        self.running = False
        self._count = 0

    # --- processes ----------------------------------------------------------------------

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", SERVICE_USER, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=self.root)

    def start(self) -> None:
        if self.as_root:
            try:
                user = pwd.getpwnam(SERVICE_USER)
            except KeyError as exc:
                raise RuntimeError(f"utilisateur « {SERVICE_USER} » absent (paquet postgresql)") from exc
            os.chown(self.root, user.pw_uid, user.pw_gid)
        password_file = self.root / "password"
        password_file.write_text(self.password + "\n", encoding="utf-8")
        if self.as_root:
            os.chown(password_file, user.pw_uid, user.pw_gid)
        done = self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            f"--pwfile={password_file}",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        password_file.unlink()
        if done.returncode != 0:
            raise RuntimeError(f"initdb a échoué : {done.stderr.strip()[-500:]}")
        options = " ".join(
            [
                f"-c listen_addresses={self.host}",
                f"-p {self.port}",
                f"-c unix_socket_directories={self.root}",
                # A throwaway cluster: durability is not what these tests are about.
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=200",
            ]
        )
        done = self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-800:] if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl start a échoué : {done.stderr.strip()[-400:]} {log}")
        self.running = True

    def stop(self) -> None:
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=60)
            self.running = False
        shutil.rmtree(self.root, ignore_errors=True)

    # --- databases ----------------------------------------------------------------------

    def url(self, database: str, user: str = SUPERUSER, password: str | None = None) -> str:
        secret = urllib.parse.quote(self.password if password is None else password, safe="")
        return f"postgresql+psycopg://{user}:{secret}@{self.host}:{self.port}/{database}"

    def admin(self, sql: str, *params, database: str = "postgres") -> list[tuple]:
        """Run one statement as the superuser, outside any transaction (CREATE DATABASE…)."""
        import psycopg

        with psycopg.connect(
            host=self.host, port=self.port, user=SUPERUSER, password=self.password, dbname=database, autocommit=True
        ) as conn:
            cursor = conn.execute(sql, params or None)
            return cursor.fetchall() if cursor.description else []

    def new_name(self, prefix: str = "hub") -> str:
        self._count += 1
        return f"{prefix}_{os.getpid()}_{self._count}"

    def create_database(self, name: str | None = None, template: str | None = None) -> str:
        """A new database (a copy of `template` when given); returns its name."""
        name = name or self.new_name()
        self.admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def terminate_connections(self, database: str) -> int:
        """Cut every connection to `database`, as a server restart does; returns how many."""
        rows = self.admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            database,
        )
        return len(rows)


def start_cluster() -> Cluster:
    """Start a cluster, or skip/fail (HUB_REQUIRE_POSTGRES=1) with the reason."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        unavailable("pilote psycopg absent (pip install '.[postgresql]')")
    bindir = postgres_bindir()
    if bindir is None:
        unavailable("PostgreSQL absent (apt-get install postgresql)")
    cluster = Cluster(bindir)
    try:
        cluster.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        cluster.stop()
        unavailable(f"PostgreSQL ne démarre pas : {exc}")
    return cluster
