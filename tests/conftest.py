"""Shared fixtures: paths to the real public logs and small generated logs."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REALDATA = REPO.parent / "shared" / "realdata"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def realdata() -> Path:
    """The shared real-log folder; tests that need it skip when it is absent."""
    if not REALDATA.is_dir():
        pytest.skip("../shared/realdata is not present")
    return REALDATA


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """Committed small fixtures (excerpts of real logs, hand-made samples)."""
    return FIXTURES
