"""PeerBaseline: percentiles, ratios and peer values on a known distribution."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from models.peers import PeerBaseline


def training() -> pd.DataFrame:
    """100 rows.

    a: 1..100, every row active
    b: 50 zeros then 1..50 (zeros are not peers)
    c: 0.1 everywhere (a tiny reference, below the floor)
    d: always zero (no active peers)
    """
    return pd.DataFrame(
        {
            "a": np.arange(1, 101, dtype=float),
            "b": np.r_[np.zeros(50), np.arange(1, 51)].astype(float),
            "c": np.full(100, 0.1),
            "d": np.zeros(100),
        }
    )


@pytest.fixture()
def fitted() -> PeerBaseline:
    return PeerBaseline().fit(training())


def rows(**cols) -> pd.DataFrame:
    base = {"a": [0.0], "b": [0.0], "c": [0.0], "d": [0.0]}
    base.update({k: list(v) for k, v in cols.items()})
    n = max(len(v) for v in base.values())
    return pd.DataFrame({k: v * n if len(v) == 1 else v for k, v in base.items()})


# --------------------------------------------------------------------------- fit


def test_reference_is_quantile_of_active_values(fitted: PeerBaseline) -> None:
    # numpy's linear quantile of 1..100 at 0.95: 1 + 0.95 * 99
    assert fitted.reference_["a"] == pytest.approx(95.05)
    # zeros are ignored: quantile of 1..50 is 1 + 0.95 * 49 (with zeros it would be 45.05)
    assert fitted.reference_["b"] == pytest.approx(47.55)
    assert fitted.reference_["c"] == pytest.approx(0.1)
    assert fitted.reference_["d"] == 0.0
    assert len(fitted.sorted_values_["b"]) == 50
    assert len(fitted.sorted_values_["d"]) == 0
    assert fitted.n_peers_ == 100
    assert list(fitted.feature_names_in_) == ["a", "b", "c", "d"]


def test_non_finite_values_are_not_peers() -> None:
    X = training()
    X.loc[0:4, "b"] = [np.nan, np.inf, -np.inf, -3.0, np.nan]  # replaces five zeros
    pb = PeerBaseline().fit(X)
    assert len(pb.sorted_values_["b"]) == 50
    assert pb.reference_["b"] == pytest.approx(47.55)


def test_quantile_parameter() -> None:
    pb = PeerBaseline(quantile=0.5).fit(training())
    assert pb.reference_["a"] == pytest.approx(50.5)
    assert pb.reference_["b"] == pytest.approx(25.5)


def test_sample_cap() -> None:
    pb = PeerBaseline(max_reference_rows=10, random_state=3).fit(training())
    ref = pb.sorted_values_["a"]
    assert len(ref) == 10
    assert (np.diff(ref) >= 0).all()
    assert set(ref) <= set(range(1, 101))
    assert len(set(ref)) == 10  # sampled without replacement


# --------------------------------------------------------------------------- percentiles


def test_percentiles(fitted: PeerBaseline) -> None:
    X = rows(a=[50.0, 100.0, 1000.0, 0.5, 0.0, -3.0], b=[25.0, 50.0, 0.0, 1.0, 0.0, 0.0])
    p = fitted.percentiles(X)
    assert list(p.columns) == ["a", "b", "c", "d"]
    assert list(p.index) == list(X.index)
    assert p["a"].tolist() == pytest.approx([50.0, 100.0, 100.0, 0.0, 0.0, 0.0])
    # among the 50 active b-peers, 25 is at 50% (it would be 75% if the zeros counted)
    assert p["b"].tolist() == pytest.approx([50.0, 100.0, 0.0, 2.0, 0.0, 0.0])


def test_percentile_without_peers(fitted: PeerBaseline) -> None:
    p = fitted.percentiles(rows(d=[0.0, 2.0]))
    assert p["d"].tolist() == [0.0, 100.0]


# --------------------------------------------------------------------------- ratios and floor


def test_ratios(fitted: PeerBaseline) -> None:
    X = rows(a=[190.1, 0.0], b=[95.1, 4.755], c=[0.5, 0.0], d=[3.0, 0.0])
    r = fitted.ratios(X)
    assert list(r.columns) == ["a_vs_peers", "b_vs_peers", "c_vs_peers", "d_vs_peers"]
    assert r["a_vs_peers"].tolist() == pytest.approx([2.0, 0.0])
    assert r["b_vs_peers"].tolist() == pytest.approx([2.0, 0.1])
    # c's reference (0.1) and d's (0) are below the floor of 1
    assert r["c_vs_peers"].tolist() == pytest.approx([0.5, 0.0])
    assert r["d_vs_peers"].tolist() == pytest.approx([3.0, 0.0])


def test_ratios_subset_of_columns(fitted: PeerBaseline) -> None:
    r = fitted.ratios(rows(a=[95.05]), columns=["a"])
    assert list(r.columns) == ["a_vs_peers"]
    assert r.iloc[0, 0] == pytest.approx(1.0)


def test_floor_respected() -> None:
    pb = PeerBaseline(floor=10.0).fit(training())
    r = pb.ratios(rows(a=[190.1], b=[95.1], c=[5.0], d=[20.0]))
    assert r["a_vs_peers"].iloc[0] == pytest.approx(2.0)  # 95.05 is above the floor
    assert r["b_vs_peers"].iloc[0] == pytest.approx(2.0)
    assert r["c_vs_peers"].iloc[0] == pytest.approx(0.5)  # 5 / 10, not 5 / 0.1
    assert r["d_vs_peers"].iloc[0] == pytest.approx(2.0)


# --------------------------------------------------------------------------- peer_value


def test_peer_value(fitted: PeerBaseline) -> None:
    assert fitted.peer_value("a", 0.5) == pytest.approx(50.5)
    assert fitted.peer_value("a", 0.99) == pytest.approx(99.01)
    assert fitted.peer_value("b", 0.5) == pytest.approx(25.5)
    assert fitted.peer_value("d", 0.99) == 0.0
    assert fitted.peer_value("not_a_feature", 0.5) == 0.0


# --------------------------------------------------------------------------- decision_function and contract


def test_decision_function_is_highest_percentile(fitted: PeerBaseline) -> None:
    X = rows(a=[50.0, 10.0, 0.0], b=[25.0, 40.0, 0.0], d=[0.0, 0.0, 1.0])
    # row 0: max(50, 50) ; row 1: max(10, 80) ; row 2: d has no peers -> 100
    assert fitted.decision_function(X) == pytest.approx([0.5, 0.8, 1.0])


def test_decision_function_does_not_mutate(fitted: PeerBaseline) -> None:
    X = rows(a=[50.0, 1e6], b=[25.0, -1.0], c=[np.nan, 0.2], d=[0.0, 7.0])
    X["extra"] = [1.0, 2.0]  # unused columns are allowed and left alone
    X_before = X.copy()
    ref_before = fitted.reference_.copy()
    sorted_before = {k: v.copy() for k, v in fitted.sorted_values_.items()}
    first = fitted.decision_function(X)
    second = fitted.decision_function(X)
    pd.testing.assert_frame_equal(X, X_before)
    pd.testing.assert_series_equal(fitted.reference_, ref_before)
    for k, v in sorted_before.items():
        np.testing.assert_array_equal(fitted.sorted_values_[k], v)
    np.testing.assert_array_equal(first, second)


def test_fit_does_not_mutate_input() -> None:
    X = training()
    before = X.copy()
    PeerBaseline(max_reference_rows=20).fit(X)
    pd.testing.assert_frame_equal(X, before)


def test_get_params_and_clone() -> None:
    pb = PeerBaseline(quantile=0.9, floor=2.0, max_reference_rows=500, random_state=7)
    assert pb.get_params() == {"quantile": 0.9, "floor": 2.0, "max_reference_rows": 500, "random_state": 7}
    pb.fit(training())
    c = clone(pb)
    assert c.get_params() == pb.get_params()
    assert not hasattr(c, "reference_")
    c.set_params(quantile=0.5)
    assert c.quantile == 0.5 and pb.quantile == 0.9


def test_errors(fitted: PeerBaseline) -> None:
    with pytest.raises(NotFittedError):
        PeerBaseline().percentiles(training())
    with pytest.raises(TypeError):
        PeerBaseline().fit(training().to_numpy())
    for q in (0.0, 1.0, 1.5):
        with pytest.raises(ValueError):
            PeerBaseline(quantile=q).fit(training())
    with pytest.raises(ValueError, match="d"):
        fitted.percentiles(training().drop(columns=["d"]))
