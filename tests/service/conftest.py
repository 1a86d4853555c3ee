"""Fixtures for the live-service tests: a small generated log, apps on temporary databases."""

from __future__ import annotations

from pathlib import Path

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
