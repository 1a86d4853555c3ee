"""Fixtures for the live-service tests: a small generated log, apps on temporary databases."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

TOKEN = "svc-test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}



def pytest_configure(config):
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx` with `starlette.testclient` is deprecated")


@pytest.fixture(scope="session")
def small_log(tmp_path_factory) -> Path:
    """One day, 60 staff, seed 5 (about 77,000 combined lines with every threat)."""
    from sample_logs.generate import generate

    folder = tmp_path_factory.mktemp("svc-log")
    generate(folder / "access.log", folder / "labels.json", seed=5, start="2026-09-14", days=1, n_staff=60, fmt="combined")
    return folder / "access.log"


@pytest.fixture(scope="session")
def small_lines(small_log) -> list[str]:
    return small_log.read_text(encoding="utf-8").split("\n")[:-1]


@pytest.fixture(scope="session")
def slice_lines(small_lines) -> list[str]:
    """The first 12,000 lines: enough for sessions and alerts, fast to analyse."""
    return small_lines[:12000]


@pytest.fixture
def service_settings(tmp_path):
    from service.config import ServiceSettings

    def make(**overrides):
        base = dict(api_token=TOKEN, database_url=f"sqlite:///{tmp_path / 'detector.db'}", background_scoring=False)
        base.update(overrides)
        return ServiceSettings(**base)

    return make


@pytest.fixture
def client_for(service_settings):
    """Build an app (lifespan run: journal replayed) and return a TestClient; closed at teardown."""
    from fastapi.testclient import TestClient

    from service.app import create_app

    opened = []

    def make(**overrides):
        app = create_app(service_settings(**overrides))
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        opened.append(client)
        return client

    yield make
    for client in opened:
        client.__exit__(None, None, None)


# --------------------------------------------------------------------------- PostgreSQL (real server, optional)
def _pg_binaries() -> str | None:
    for folder in ("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"):
        if os.path.exists(os.path.join(folder, "initdb")):
            return folder
    found = shutil.which("initdb")
    return os.path.dirname(found) if found else None


@pytest.fixture(scope="session")
def postgres_url():
    """Start a throw-away PostgreSQL server (Debian's `postgresql` package) or skip."""
    pytest.importorskip("psycopg")
    bindir = _pg_binaries()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not installed")
    import tempfile
    from pathlib import Path

    base = Path(tempfile.mkdtemp(prefix="detector-pg-"))  # not under pytest's 0700 root-owned folder
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    run_as: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and no 'postgres' user to start the server as")
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        os.chmod(base, 0o755)
        run_as = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    init = subprocess.run([*run_as, f"{bindir}/initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
                          capture_output=True, text=True)
    if init.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"initdb failed: {init.stderr[-300:]}")
    start = subprocess.run(
        [*run_as, f"{bindir}/pg_ctl", "-D", str(data), "-w", "-t", "60", "-l", str(base / "pg.log"), "-o",
         f"-p {port} -k {sock} -c listen_addresses='' -c fsync=off", "start"],
        capture_output=True, text=True,
    )
    if start.returncode != 0:
        pytest.skip(f"PostgreSQL did not start: {start.stderr[-300:]}")
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={sock}&port={port}"
    finally:
        subprocess.run([*run_as, f"{bindir}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def fresh_pg_url(postgres_url):
    """An empty database of its own on the test PostgreSQL server (dropped afterwards)."""
    import uuid

    from sqlalchemy import create_engine

    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        yield postgres_url.replace("/postgres?", f"/{name}?", 1)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.dispose()


def wait_until_serving(proc: subprocess.Popen, client: httpx.Client, log_path: Path, seconds: float = 90) -> None:
    """Wait until a server started as ``proc`` answers ``/healthz`` with 200 (fails if it exits or never does)."""
    deadline = time.monotonic() + seconds
    while True:
        assert proc.poll() is None, f"server exited with {proc.returncode}; see {log_path}"
        try:
            if client.get("/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "server did not come up"
        time.sleep(0.2)
