"""Shared fixtures: a registry engine on SQLite and on a real, throwaway PostgreSQL server."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import Engine, create_engine, text

from stakeholders.db import make_engine
from stakeholders.repository import load_organizations
from stakeholders.sample import ensure_sample
from tests._components import postgis_available, postgres_bindir, require


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run server commands as the ``postgres`` user."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


class PostgresServer:
    """initdb + pg_ctl in a temporary folder, on a free loopback port, trust auth."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="mapa-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._counter = 0

    def start(self) -> None:
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        run = lambda cmd: subprocess.run(_as_postgres(cmd), check=True, capture_output=True, text=True)  # noqa: E731
        run(
            [
                str(self.bindir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        run(
            [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"), "-w", "start"]
        )
        admin = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE template_mapa"))
        admin.dispose()
        tmpl = create_engine(self.url("template_mapa"))
        with tmpl.begin() as conn:
            conn.execute(text("CREATE EXTENSION postgis"))
        tmpl.dispose()

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        self._counter += 1
        name = f"test_{self._counter}"
        admin = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name} TEMPLATE template_mapa"))
        admin.dispose()
        return self.url(name)

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bindir = postgres_bindir()
    require(bindir is not None, "PostgreSQL no está instalado (paquete Debian postgresql)")
    assert bindir is not None
    require(postgis_available(bindir), "PostGIS no está instalado (paquete Debian postgresql-15-postgis-3)")
    server = PostgresServer(bindir)
    server.start()
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            create_engine(server.url("postgres")).connect().close()
            break
        except Exception:  # noqa: BLE001 - server still starting
            time.sleep(0.2)
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL on each backend: every registry test runs on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'registro.sqlite'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.new_database()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture(autouse=True)
def _keep_main_module() -> Iterator[None]:
    """AppTest runs page scripts as ``__main__`` and leaves that module behind; a later test that
    spawns a process (multiprocessing re-imports ``__main__``) would then run the page script."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(scope="session")
def sample_orgs(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """The bundled sample registry's organizations (SQLite, loaded once per test run; read only)."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('muestra') / 'r.sqlite'}")
    ensure_sample(engine)
    frame = load_organizations(engine)
    engine.dispose()
    return frame
