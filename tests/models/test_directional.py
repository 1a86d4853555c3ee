"""The directional clipper keeps only the automated side of each directed feature."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from models.directional import DirectionalClipper


def test_clips_each_feature_at_its_median_on_the_human_side_and_drops_undirected() -> None:
    train = pd.DataFrame({"pages": [1.0, 2.0, 3.0, 4.0, 5.0], "entropy": [5.0, 4.0, 3.0, 2.0, 1.0],
                          "hour": [9.0, 10.0, 11.0, 12.0, 13.0]})
    clipper = DirectionalClipper({"pages": 1, "entropy": -1}).fit(train)
    out = clipper.transform(pd.DataFrame({"pages": [1.0, 9.0], "entropy": [9.0, 0.5], "hour": [0.0, 23.0]}))
    assert list(out.columns) == ["pages", "entropy"]
    assert out["pages"].tolist() == [3.0, 9.0]  # below the median (human side) is raised to it
    assert out["entropy"].tolist() == [3.0, 0.5]  # above the median (human side) is lowered to it


def test_a_feature_never_measured_gets_median_zero_without_a_warning() -> None:
    """Logs without, e.g., response times: the column is all NaN (seen on the Honeynet 2004 log)."""
    train = pd.DataFrame({"pages": [1.0, 2.0, 3.0], "latency": [np.nan, np.nan, np.inf]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "All-NaN slice encountered" would fail here
        clipper = DirectionalClipper({"pages": 1, "latency": 1}).fit(train)
        out = clipper.transform(pd.DataFrame({"pages": [2.0], "latency": [np.nan]}))
    assert clipper.median_.tolist() == [2.0, 0.0]
    assert out.to_numpy().tolist() == [[2.0, 0.0]]


def test_refuses_features_without_any_direction() -> None:
    with pytest.raises(ValueError, match="no feature has a direction"):
        DirectionalClipper({}).fit(pd.DataFrame({"hour": [1.0, 2.0]}))
