"""The scikit-learn / PyOD estimator contract, checked for every model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from joblib import hash as jhash
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import roc_auc_score
from sklearn.utils.estimator_checks import check_no_attributes_set_in_init

from models.directional import Directional, DirectionalTailDetector
from models.ensemble import ScoreEnsemble
from models.iforest import IsolationForestDetector
from models.pyod_detector import PyODDetector
from models.rules import RuleSet

from .conftest import FEATURES, RULES_PATH

# (id, factory) -- factories so every test gets a fresh, unfitted estimator.
MODELS = {
    "iforest": lambda: IsolationForestDetector(n_estimators=100),
    "pyod-ecod": lambda: PyODDetector("ECOD"),
    "pyod-iforest": lambda: PyODDetector("IForest", params={"n_estimators": 50}),
    "pyod-knn": lambda: PyODDetector("KNN", params={"n_neighbors": 10}),
    "pyod-lof": lambda: PyODDetector("LOF"),
    "pyod-hbos": lambda: PyODDetector("HBOS", contamination=0.1),
    "pyod-pca": lambda: PyODDetector("PCA"),
    "ensemble": lambda: ScoreEnsemble(),
    "ensemble-max-tail": lambda: ScoreEnsemble(
        detectors=[("if", IsolationForestDetector(n_estimators=50)), ("copod", PyODDetector("COPOD"))],
        combine="max", threshold_method="tail", tail_k=2.0,
    ),
    "rules": lambda: RuleSet(rules=str(RULES_PATH), level="session"),
    # one-sided: only deviations in the declared direction count (the planted rows have many requests and the flag)
    "directional-iforest": lambda: Directional(IsolationForestDetector(n_estimators=50), {"requests": 1, "flag": 1}),
    "directional-ecod": lambda: Directional(PyODDetector("ECOD"), {"requests": 1, "flag": 1, "a": 0}),
    "directional-tail": lambda: DirectionalTailDetector({"requests": 1, "flag": 1}),
}


@pytest.fixture(params=list(MODELS), ids=list(MODELS))
def make(request):
    return MODELS[request.param]


@pytest.fixture(scope="module")
def fitted_cache():
    return {}


def _fitted(make, planted, cache):
    key = make
    if key not in cache:
        X, _ = planted
        cache[key] = make().fit(X)
    return cache[key]


def test_init_stores_params_unchanged(make):
    est = make()
    check_no_attributes_set_in_init(type(est).__name__, est)
    params = est.get_params(deep=False)
    again = type(est)(**params).get_params(deep=False)
    assert params.keys() == again.keys()
    for name, value in params.items():
        assert again[name] is value, name


def test_clone_round_trips_params(make):
    est = make()
    params = est.get_params(deep=False)
    twin = clone(est)
    assert type(twin) is type(est)
    assert jhash(twin.get_params(deep=False)) == jhash(params)
    assert twin.set_params(**params) is twin


def test_set_params_then_clone(make):
    est = make()
    name = next(iter(est.get_params(deep=False)))
    value = est.get_params(deep=False)[name]
    est.set_params(**{name: value})
    assert clone(est).get_params(deep=False)[name] == value


def test_fit_returns_self_and_sets_attributes(make, planted):
    X, _ = planted
    est = make()
    assert est.fit(X) is est
    assert list(est.feature_names_in_) == FEATURES
    assert est.n_features_in_ == len(FEATURES)
    assert est.decision_scores_.shape == (len(X),)
    assert np.isfinite(est.decision_scores_).all()
    assert np.isscalar(est.threshold_) and np.isfinite(est.threshold_)
    assert set(np.unique(est.labels_)) <= {0, 1}
    np.testing.assert_array_equal(est.labels_, (est.decision_scores_ > est.threshold_).astype(int))


def test_fit_does_not_change_params(make, planted):
    X, _ = planted
    est = make()
    before = jhash(est.get_params(deep=False))
    est.fit(X)
    assert jhash(est.get_params(deep=False)) == before


def test_scoring_does_not_mutate(make, planted, fitted_cache):
    X, _ = planted
    est = _fitted(make, planted, fitted_cache)
    before = jhash(est)
    est.decision_function(X)
    est.predict(X.iloc[:7])
    if isinstance(est, ScoreEnsemble):
        est.member_scores(X)
        est.feature_contributions(X)
        est.top_contributions(X.iloc[-3:])
    if isinstance(est, RuleSet):
        est.matches(X)
        est.reasons(X)
    assert jhash(est) == before


def test_planted_outliers_score_high(make, planted, fitted_cache):
    X, y = planted
    est = _fitted(make, planted, fitted_cache)
    scores = est.decision_function(X)
    assert scores.shape == (len(X),)
    assert roc_auc_score(y, scores) > 0.9
    normal_median = np.median(scores[y == 0])
    assert np.mean(scores[y == 1] > normal_median) >= 0.9
    assert est.predict(X)[y == 1].mean() >= 0.8


def test_predict_is_binary_by_threshold(make, planted, fitted_cache):
    X, _ = planted
    est = _fitted(make, planted, fitted_cache)
    pred = est.predict(X)
    assert pred.dtype.kind == "i"
    np.testing.assert_array_equal(pred, (est.decision_function(X) > est.threshold_).astype(int))


def test_column_order_is_free(make, planted, fitted_cache):
    X, _ = planted
    est = _fitted(make, planted, fitted_cache)
    np.testing.assert_allclose(est.decision_function(X[FEATURES[::-1]]), est.decision_function(X))


def test_unfitted_raises_not_fitted(make, planted):
    X, _ = planted
    est = make()
    with pytest.raises(NotFittedError):
        est.decision_function(X)
    with pytest.raises(NotFittedError):
        est.predict(X)


def test_missing_column_is_named(make, planted, fitted_cache):
    X, _ = planted
    est = _fitted(make, planted, fitted_cache)
    with pytest.raises(ValueError, match="missing columns: requests"):
        est.decision_function(X.drop(columns=["requests"]))
    with pytest.raises(ValueError, match="unexpected columns: extra"):
        est.predict(X.assign(extra=1.0))
    with pytest.raises(ValueError, match=r"missing columns: b.*unexpected columns: B"):
        est.decision_function(X.rename(columns={"b": "B"}))


def test_nan_and_inf_are_handled(make, planted):
    X, y = planted
    dirty = X.copy()
    dirty.loc[0, "a"] = np.nan
    dirty.loc[1, "requests"] = np.inf
    dirty.loc[2, "b"] = -np.inf
    dirty.loc[3:20, "c"] = np.nan
    dirty.loc[len(X) - 1, "a"] = np.nan  # an outlier with a gap
    est = make().fit(dirty)
    assert np.isfinite(est.decision_scores_).all()
    scores = est.decision_function(dirty)
    assert np.isfinite(scores).all()
    assert roc_auc_score(y, scores) > 0.9
    all_nan = pd.DataFrame(np.nan, index=range(3), columns=FEATURES)
    assert np.isfinite(est.decision_function(all_nan)).all()
    assert set(est.predict(all_nan)) <= {0, 1}


def test_empty_frame_scores_empty(make, planted, fitted_cache):
    X, _ = planted
    est = _fitted(make, planted, fitted_cache)
    assert est.decision_function(X.iloc[:0]).shape == (0,)


def test_fit_is_deterministic(make, planted):
    X, _ = planted
    a = make().fit(X).decision_function(X.iloc[:50])
    b = make().fit(X).decision_function(X.iloc[:50])
    np.testing.assert_allclose(a, b)
