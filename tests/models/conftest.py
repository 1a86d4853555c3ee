"""Shared data for the model tests: normal rows plus planted far outliers."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

FEATURES = ["a", "b", "c", "requests", "flag"]

RULES_PATH = Path(__file__).parent / "data" / "test_rules.yaml"


def make_planted(n_normal: int = 500, n_out: int = 10, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Return ``(X, y)``: ``n_normal`` ordinary rows then ``n_out`` far rows (y=1)."""
    rng = np.random.default_rng(seed)
    normal = pd.DataFrame({
        "a": rng.normal(size=n_normal),
        "b": rng.normal(size=n_normal),
        "c": rng.normal(size=n_normal),
        "requests": rng.poisson(20, n_normal).astype(float),
        "flag": (rng.uniform(size=n_normal) < 0.02).astype(float),
    })
    sign = rng.choice([-1.0, 1.0], size=(n_out, 3))
    far = pd.DataFrame(sign * rng.uniform(6, 10, size=(n_out, 3)), columns=["a", "b", "c"])
    far["requests"] = rng.uniform(300, 1000, n_out)
    far["flag"] = 1.0
    X = pd.concat([normal, far], ignore_index=True)[FEATURES]
    y = np.r_[np.zeros(n_normal), np.ones(n_out)]
    return X, y


@pytest.fixture(scope="session")
def planted() -> tuple[pd.DataFrame, np.ndarray]:
    return make_planted()


@pytest.fixture(scope="session")
def rules_file() -> Path:
    return RULES_PATH
