"""Label-free thresholds, ECDF calibration, the robust scaler and input checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from models.base import RobustFeatureScaler, check_features, choose_threshold, ecdf_scores
from models.ensemble import ScoreEnsemble
from models.iforest import IsolationForestDetector
from models.pyod_detector import PyODDetector

RNG = np.random.default_rng(42)
GAUSS = RNG.normal(size=20_000)


@pytest.mark.parametrize("contamination", [0.01, 0.05, 0.1, 0.3])
def test_contamination_flags_about_that_share(contamination):
    t = choose_threshold(GAUSS, method="contamination", contamination=contamination)
    assert abs(np.mean(GAUSS > t) - contamination) < 0.002


@pytest.mark.parametrize("k", [2.5, 3.0, 4.0])
def test_tail_rule_on_clean_gaussian_flags_almost_nothing(k):
    t = choose_threshold(GAUSS, method="tail", tail_k=k)
    assert t == pytest.approx(k, abs=0.1)  # median 0 + k * (MAD * 1.4826 ~ sigma 1)
    assert np.mean(GAUSS > t) < 0.01


def test_tail_rule_plain_mad_option():
    t = choose_threshold(GAUSS, method="tail", tail_k=3.0, tail_spread="both")
    assert t == pytest.approx(3.0, abs=0.1)
    skewed = RNG.exponential(size=20_000)
    plain = choose_threshold(skewed, method="tail", tail_spread="both")
    upper = choose_threshold(skewed, method="tail")
    assert np.mean(skewed > upper) < np.mean(skewed > plain)
    with pytest.raises(ValueError, match="tail_spread"):
        choose_threshold(GAUSS, method="tail", tail_spread="lower")


def test_tail_rule_catches_far_outliers():
    scores = np.r_[GAUSS[:1000], np.full(10, 12.0)]
    t = choose_threshold(scores, method="tail", tail_k=3.0)
    flagged = scores > t
    assert flagged[-10:].all() and flagged[:-10].mean() < 0.01


def test_tail_rule_with_mostly_tied_scores():
    scores = np.r_[np.zeros(900), np.full(90, 1.0), np.full(10, 50.0)]
    t = choose_threshold(scores, method="tail", tail_k=3.0)  # MAD is 0: falls back
    assert 1.0 <= t < 50.0
    assert choose_threshold(np.zeros(10), method="tail") == 0.0


def test_threshold_ignores_non_finite_and_validates():
    assert np.isfinite(choose_threshold(np.r_[GAUSS[:100], np.nan, np.inf]))
    with pytest.raises(ValueError, match="threshold_method"):
        choose_threshold(GAUSS, method="otsu")
    with pytest.raises(ValueError, match="contamination"):
        choose_threshold(GAUSS, contamination=0.0)
    with pytest.raises(ValueError, match="tail_k"):
        choose_threshold(GAUSS, method="tail", tail_k=-1)
    with pytest.raises(ValueError, match="no finite"):
        choose_threshold(np.array([np.nan]))


def _frame(values: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(values, columns=[f"f{i}" for i in range(values.shape[1])])


@pytest.mark.parametrize("factory", [
    lambda c: IsolationForestDetector(n_estimators=50, contamination=c),
    lambda c: PyODDetector("ECOD", contamination=c),
    lambda c: ScoreEnsemble(contamination=c),
], ids=["iforest", "ecod", "ensemble"])
@pytest.mark.parametrize("contamination", [0.02, 0.1])
def test_models_flag_contamination_share_of_training(factory, contamination):
    X = _frame(RNG.normal(size=(2000, 3)))
    est = factory(contamination).fit(X)
    assert abs(est.labels_.mean() - contamination) < 0.01
    assert abs(est.predict(X).mean() - contamination) < 0.01


@pytest.mark.parametrize("factory", [
    lambda: IsolationForestDetector(n_estimators=50, threshold_method="tail"),
    lambda: PyODDetector("ECOD", threshold_method="tail"),
    lambda: ScoreEnsemble(threshold_method="tail"),
], ids=["iforest", "ecod", "ensemble"])
def test_models_tail_rule_flags_little_on_clean_data_but_catches_far_rows(factory):
    X = _frame(RNG.normal(size=(2000, 3)))
    est = factory().fit(X)
    assert est.labels_.mean() < 0.02
    far = _frame(np.full((3, 3), 15.0))
    assert est.predict(far).tolist() == [1, 1, 1]


# ----------------------------------------------------------------- ECDF

def test_ecdf_fraction_at_or_below():
    train = np.array([1.0, 2.0, 2.0, 3.0])
    np.testing.assert_allclose(ecdf_scores(train, [0.0, 1.0, 2.0, 2.5, 3.0, 9.0]), [0, 0.25, 0.75, 0.75, 1.0, 1.0])


def test_ecdf_mid_rank_ties():
    train = np.r_[np.zeros(90), np.arange(1, 11)]
    np.testing.assert_allclose(ecdf_scores(train, [0.0, 10.0, 11.0], ties="mid"), [0.45, 0.995, 1.0])
    np.testing.assert_allclose(ecdf_scores(train, [0.0], ties="right"), [0.9])


def test_ecdf_edge_values():
    out = ecdf_scores([1.0, 2.0, np.nan, np.inf], [np.nan, np.inf, -np.inf, 1.5])
    assert np.isnan(out[0]) and out[1] == 1.0 and out[2] == 0.0 and out[3] == 0.5
    with pytest.raises(ValueError):
        ecdf_scores([np.nan], [1.0])
    with pytest.raises(ValueError, match="ties"):
        ecdf_scores([1.0], [1.0], ties="left")


def test_ecdf_is_monotone():
    s = np.sort(RNG.normal(size=500))
    assert np.all(np.diff(ecdf_scores(GAUSS[:300], s)) >= 0)


# ----------------------------------------------------------------- scaler

def test_scaler_constant_and_rare_columns_do_not_explode():
    X = pd.DataFrame({"const": np.full(100, 5.0), "rare": np.r_[np.zeros(99), 1.0], "g": RNG.normal(size=100)})
    sc = RobustFeatureScaler(log1p=False).fit(X)
    z = sc.transform(pd.DataFrame({"const": [6.0], "rare": [1.0], "g": [0.0]}))
    assert abs(z[0, 0]) <= 1.0 + 1e-9  # constant column: scale 1.0
    assert abs(z[0, 1]) < 15  # rare flag: scaled by its std, not a tiny MAD
    assert np.all(sc.scale_ >= sc.min_scale)


def test_scaler_imputes_and_clips():
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0, np.nan, 100.0], "b": [-1.0, 0.0, 1.0, 2.0, 3.0]})
    sc = RobustFeatureScaler(log1p=False, clip=50).fit(X)
    assert sc.fill_values_.tolist() == [2.5, 1.0]
    z = sc.transform(pd.DataFrame({"a": [np.nan, np.inf, -np.inf], "b": [np.nan, 1.0, 1.0]}))
    assert np.isfinite(z).all()
    assert z[1, 0] == 50 and z[2, 0] == -50
    np.testing.assert_allclose(z[0], (sc.fill_values_ - sc.center_) / sc.scale_)


def test_scaler_log1p_auto_only_on_non_negative_columns():
    X = pd.DataFrame({"count": RNG.poisson(5, 200).astype(float), "signed": RNG.normal(size=200)})
    sc = RobustFeatureScaler(log1p="auto").fit(X)
    assert sc.log_mask_.tolist() == [True, False]
    assert RobustFeatureScaler(log1p=["signed"]).fit(X).log_mask_.tolist() == [False, True]
    assert RobustFeatureScaler(log1p=True).fit(X).log_mask_.tolist() == [True, True]
    with pytest.raises(ValueError, match="unknown columns: nope"):
        RobustFeatureScaler(log1p=["nope"]).fit(X)
    # heavy tail is compressed: 10 000 requests is far out, but not 1000s of units
    z = sc.transform(pd.DataFrame({"count": [10_000.0], "signed": [0.0]}))
    assert 3 < z[0, 0] < 100


def test_scaler_all_nan_column():
    X = pd.DataFrame({"a": [np.nan] * 5, "b": np.arange(5.0)})
    z = RobustFeatureScaler().fit(X).transform(X)
    assert np.isfinite(z).all() and (z[:, 0] == 0).all()


# ----------------------------------------------------------------- input checks

def test_check_features_messages():
    X = pd.DataFrame({"a": [1.0], "b": [2.0]})
    with pytest.raises(ValueError, match="missing columns: c; unexpected columns: b"):
        check_features(X, ["a", "c"])
    with pytest.raises(ValueError, match="non-numeric columns: s"):
        check_features(X.assign(s="x"))
    with pytest.raises(ValueError, match="duplicate feature columns: a"):
        check_features(pd.DataFrame([[1, 2]], columns=["a", "a"]))
    with pytest.raises(ValueError, match="fitted with 3"):
        check_features(np.zeros((2, 2)), None, 3)
    values, names = check_features(pd.DataFrame({"b": [True], "a": pd.array([None], dtype="Int64")}), ["a", "b"])
    assert names == ["a", "b"] and np.isnan(values[0, 0]) and values[0, 1] == 1.0


def test_numpy_input_is_accepted_without_names():
    X = RNG.normal(size=(300, 3))
    est = IsolationForestDetector(n_estimators=20).fit(X)
    assert not hasattr(est, "feature_names_in_") and est.n_features_in_ == 3
    assert est.decision_function(X[:5]).shape == (5,)
    with pytest.raises(ValueError, match="3"):
        est.decision_function(X[:, :2])
