"""The supervised layer: estimator contract, calibration, and the blending wrapper."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from joblib import hash as jhash
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.metrics import roc_auc_score
from sklearn.utils.estimator_checks import check_no_attributes_set_in_init

from models.pipeline import DetectorModel, LevelScores
from models.supervised import NotEnoughLabels, SupervisedClassifier, SupervisedDetectorModel

from .conftest import FEATURES, RULES_PATH, make_planted


def _labelled(seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Rows whose label depends on two features (plus noise), some NaN and inf."""
    rng = np.random.default_rng(seed)
    n = 300
    X = pd.DataFrame({
        "a": rng.normal(size=n),
        "b": rng.normal(size=n),
        "c": rng.normal(size=n),
        "requests": rng.poisson(20, n).astype(float),
        "flag": (rng.uniform(size=n) < 0.1).astype(float),
    })[FEATURES]
    y = ((X["a"] + 0.8 * X["b"] + 0.3 * rng.normal(size=n)) > 0.8).astype(int).to_numpy()
    X.loc[rng.choice(n, 15, replace=False), "c"] = np.nan
    X.loc[rng.choice(n, 3, replace=False), "requests"] = np.inf
    return X, y


@pytest.fixture(scope="module")
def labelled() -> tuple[pd.DataFrame, np.ndarray]:
    return _labelled()


@pytest.fixture(scope="module")
def fitted(labelled) -> SupervisedClassifier:
    X, y = labelled
    return SupervisedClassifier(max_iter=100).fit(X, y)


# --------------------------------------------------------------------------- SupervisedClassifier contract
def test_init_stores_params_unchanged():
    clf = SupervisedClassifier(max_iter=7, learning_rate=0.3, exclude=("a",), calibration="none", cv=3, random_state=4)
    assert clf.get_params() == {
        "max_iter": 7, "learning_rate": 0.3, "max_depth": None, "min_samples_leaf": "auto",
        "l2_regularization": 0.0, "class_weight": "balanced", "calibration": "none", "cv": 3,
        "exclude": ("a",), "random_state": 4,
    }
    check_no_attributes_set_in_init("SupervisedClassifier", SupervisedClassifier())
    assert not [k for k in vars(clf) if k.endswith("_")]


def test_clone_is_unfitted_with_same_params(fitted):
    twin = clone(fitted)
    assert twin.get_params() == fitted.get_params()
    assert not hasattr(twin, "estimator_")
    with pytest.raises(NotFittedError):
        twin.decision_function(pd.DataFrame({f: [0.0] for f in FEATURES}))


def test_fit_sets_trailing_underscore_attributes(fitted, labelled):
    X, y = labelled
    assert list(fitted.feature_names_in_) == FEATURES
    assert fitted.n_features_in_ == len(FEATURES)
    assert fitted.features_used_ == FEATURES
    assert list(fitted.classes_) == [0, 1]
    assert (fitted.n_positives_, fitted.n_negatives_) == (int(y.sum()), int(len(y) - y.sum()))
    assert fitted.calibration_ == "sigmoid"
    assert fitted.threshold_ == 0.5


def test_decision_function_is_a_calibrated_probability_and_separates(fitted, labelled):
    X, y = labelled
    s = fitted.decision_function(X)
    assert s.shape == (len(X),) and np.isfinite(s).all()
    assert ((s >= 0) & (s <= 1)).all()
    assert roc_auc_score(y, s) > 0.9
    proba = fitted.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(fitted.predict(X), (s > 0.5).astype(int))
    # on fresh rows from the same process it still ranks well (not memorised)
    X2, y2 = _labelled(seed=1)
    assert roc_auc_score(y2, fitted.decision_function(X2)) > 0.85


def test_decision_function_changes_neither_model_nor_input(fitted, labelled):
    X, _ = labelled
    before_model, before_X = jhash(fitted), X.copy()
    first = fitted.decision_function(X)
    second = fitted.decision_function(X)
    assert jhash(fitted) == before_model
    pd.testing.assert_frame_equal(X, before_X)
    np.testing.assert_array_equal(first, second)


def test_fit_does_not_change_its_input(labelled):
    X, y = labelled
    X0, y0 = X.copy(), y.copy()
    SupervisedClassifier(max_iter=20).fit(X, y)
    pd.testing.assert_frame_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


def test_columns_selected_by_name_and_mismatch_named(fitted, labelled):
    X, _ = labelled
    np.testing.assert_allclose(fitted.decision_function(X[FEATURES[::-1]]), fitted.decision_function(X))
    with pytest.raises(ValueError, match="flag"):
        fitted.decision_function(X.drop(columns=["flag"]))


def test_exclude_leaves_columns_out(labelled):
    X, y = labelled
    clf = SupervisedClassifier(max_iter=50, exclude=("a", "b")).fit(X, y)
    assert clf.features_used_ == ["c", "requests", "flag"]
    # without the two informative features the ranking is near chance
    assert roc_auc_score(y, clf.decision_function(X)) < roc_auc_score(y, SupervisedClassifier(max_iter=50).fit(X, y).decision_function(X))


def test_small_label_sets_fit_without_calibration():
    X = pd.DataFrame({"a": [0.0, 0.1, 5.0, 5.2, 0.2], "b": [1.0, 1.0, 1.0, 1.0, 1.0]})
    clf = SupervisedClassifier(max_iter=20).fit(X, [0, 0, 1, 1, 0])
    assert clf.calibration_ == "none"
    s = clf.decision_function(X)
    assert s[2] > s[0] and s[3] > s[1]


@pytest.mark.parametrize("y, error", [
    ([0, 0, 0, 0], NotEnoughLabels),
    ([1, 1, 1, 1], NotEnoughLabels),
    ([0, 1, 2, 0], ValueError),
    ([0, 1], ValueError),
])
def test_bad_targets_are_refused(y, error):
    X = pd.DataFrame({"a": [0.0, 1.0, 2.0, 3.0]})
    with pytest.raises(error):
        SupervisedClassifier().fit(X, y)


def test_bad_params_are_refused_at_fit():
    X, y = pd.DataFrame({"a": [0.0, 1.0, 2.0, 3.0]}), [0, 1, 0, 1]
    with pytest.raises(ValueError, match="calibration"):
        SupervisedClassifier(calibration="platt").fit(X, y)
    with pytest.raises(ValueError, match="min_samples_leaf"):
        SupervisedClassifier(min_samples_leaf=0).fit(X, y)
    with pytest.raises(ValueError, match="no feature left"):
        SupervisedClassifier(exclude=("a",)).fit(X, y)


# --------------------------------------------------------------------------- SupervisedDetectorModel
@pytest.fixture(scope="module")
def planted_levels():
    X, y = make_planted(n_normal=300, n_out=20, seed=3)
    return {"session": X}, pd.Series(y.astype(int), index=X.index)


def _wrapper(**kw) -> SupervisedDetectorModel:
    return SupervisedDetectorModel(
        base=DetectorModel(rules_source=str(RULES_PATH)),
        classifier=SupervisedClassifier(max_iter=50),
        levels=("session",),
        **kw,
    )


@pytest.fixture(scope="module")
def wrapped(planted_levels):
    features, y = planted_levels
    labelled = pd.concat([y[y == 1].iloc[::2], y[y == 0].iloc[::5]])  # half the positives, a fifth of the rest
    return _wrapper().fit(features, {"session": labelled}), labelled


def test_wrapper_params_and_clone():
    model = _wrapper(weight=0.3)
    check_no_attributes_set_in_init("SupervisedDetectorModel", SupervisedDetectorModel())
    assert model.get_params(deep=False)["weight"] == 0.3
    twin = clone(model)
    assert twin.get_params(deep=False)["weight"] == 0.3 and not hasattr(twin, "base_")
    with pytest.raises(NotFittedError):
        twin.score({"session": pd.DataFrame()})


def test_wrapper_scores_like_a_detector_model_with_a_blend(wrapped, planted_levels):
    model, labelled = wrapped
    features, y = planted_levels
    assert isinstance(model.base_, DetectorModel)
    assert model.peers_ is model.base_.peers_ and model.rules_ is model.base_.rules_
    assert model.label_counts_ == {"session": {"positives": 10, "negatives": 60}}
    scored = model.score(features)
    assert set(scored) == {"session"} and isinstance(scored["session"], LevelScores)
    f = scored["session"].features
    np.testing.assert_allclose(f["anomaly_score"], 0.5 * f["supervised_score"] + 0.5 * f["unsupervised_score"])
    plain = model.base_.score(features)["session"].features
    np.testing.assert_allclose(f["unsupervised_score"], plain["anomaly_score"])
    assert f["anomaly_score"].between(0, 1).all()
    # unlabelled planted rows still rank at the top
    unseen = ~y.index.isin(labelled.index)
    assert roc_auc_score(y[unseen], f.loc[unseen, "anomaly_score"]) > 0.95
    assert len(scored["session"].rule_hits) == len(f)
    assert scored["session"].anomalous.dtype == bool
    assert set(model.decision_function(features)) == {"session"}
    assert model.describe()["levels"]["session"]["positives"] == 10


def test_wrapper_score_never_changes_the_model(wrapped, planted_levels):
    model, _ = wrapped
    features, _ = planted_levels
    before = jhash(model)
    model.score(features)
    assert jhash(model) == before


def test_weight_one_is_the_classifier_and_zero_the_unsupervised_score(planted_levels, wrapped):
    features, _ = planted_levels
    _, labelled = wrapped
    for w, col in ((1.0, "supervised_score"), (0.0, "unsupervised_score")):
        f = _wrapper(weight=w).fit(features, {"session": labelled}).score(features)["session"].features
        np.testing.assert_allclose(f["anomaly_score"], f[col])
    with pytest.raises(ValueError, match="weight"):
        _wrapper(weight=1.5).fit(features, {"session": labelled})


def test_prefit_base_is_used_as_is(planted_levels, wrapped):
    features, _ = planted_levels
    _, labelled = wrapped
    base = DetectorModel(rules_source=str(RULES_PATH)).fit(features)
    before = jhash(base)
    model = SupervisedDetectorModel(base=base, prefit=True, classifier=SupervisedClassifier(max_iter=20), levels=("session",))
    model.fit(features, {"session": labelled})
    assert model.base_ is base and jhash(base) == before
    with pytest.raises(NotFittedError):
        SupervisedDetectorModel(base=DetectorModel(), prefit=True).fit(features, {"session": labelled})


def test_too_few_labels_name_the_levels(planted_levels):
    features, y = planted_levels
    few = pd.concat([y[y == 1].iloc[:1], y[y == 0].iloc[:5]])
    with pytest.raises(NotEnoughLabels, match=r"session: 1 positive and 5 negative"):
        _wrapper().fit(features, {"session": few})
    with pytest.raises(NotEnoughLabels, match="no labels"):
        _wrapper().fit(features, {})


def test_stacking_gives_the_classifier_the_unsupervised_score(planted_levels, wrapped):
    features, _ = planted_levels
    _, labelled = wrapped
    model = _wrapper(stack_anomaly_score=True).fit(features, {"session": labelled})
    names = list(model.classifiers_["session"].feature_names_in_)
    assert "anomaly_score" in names and set(FEATURES) <= set(names)
    assert model.score(features)["session"].features["supervised_score"].between(0, 1).all()


# --------------------------------------------------------------------------- OpenMP threads
def test_small_fits_and_predictions_use_one_openmp_thread(labelled, monkeypatch):
    """Below the row limits the trees run on one thread (busy machines: 132 s instead of 3 s); above, the default."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.utils._openmp_helpers import _openmp_effective_n_threads

    import models.supervised as supervised

    seen: list[tuple[str, int]] = []
    fit, raw_predict = HistGradientBoostingClassifier.fit, HistGradientBoostingClassifier._raw_predict

    def spy_fit(self, *args, **kwargs):
        seen.append(("fit", _openmp_effective_n_threads()))
        return fit(self, *args, **kwargs)

    def spy_predict(self, *args, **kwargs):
        seen.append(("predict", _openmp_effective_n_threads()))
        return raw_predict(self, *args, **kwargs)

    monkeypatch.setattr(HistGradientBoostingClassifier, "fit", spy_fit)
    monkeypatch.setattr(HistGradientBoostingClassifier, "_raw_predict", spy_predict)
    X, y = labelled
    default = _openmp_effective_n_threads()
    clf = SupervisedClassifier(max_iter=10).fit(X, y)
    clf.decision_function(X)
    assert {"fit", "predict"} <= {kind for kind, _ in seen}
    assert all(n == 1 for _, n in seen), seen
    assert _openmp_effective_n_threads() == default  # restored afterwards
    seen.clear()
    monkeypatch.setattr(supervised, "FIT_THREADS_MIN_ROWS", 10)
    monkeypatch.setattr(supervised, "PREDICT_THREADS_MIN_ROWS", 10)
    SupervisedClassifier(max_iter=10).fit(X, y).decision_function(X)
    assert seen and all(n == default for _, n in seen), seen
