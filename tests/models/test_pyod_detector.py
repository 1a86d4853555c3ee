"""PyODDetector: every registered PyOD name honours the contract."""

from __future__ import annotations

import numpy as np
import pytest
from joblib import hash as jhash
from sklearn.base import clone
from sklearn.metrics import roc_auc_score

from models.pyod_detector import DETECTOR_REGISTRY, REFERENCES, PyODDetector, available_detectors, resolve_detector
from models.tail_reference import TRAIN_REFERENCE_DETECTORS


def test_registry_has_the_core_detectors():
    for name in ["ECOD", "COPOD", "HBOS", "IForest", "LOF", "KNN", "PCA", "MCD", "OCSVM", "LODA"]:
        assert name in available_detectors()
    assert available_detectors() == list(DETECTOR_REGISTRY)


@pytest.mark.parametrize("reference", REFERENCES)
@pytest.mark.parametrize("name", available_detectors())
def test_every_registered_detector_works(name, reference, planted):
    X, y = planted
    dirty = X.copy()
    dirty.iloc[5, 0] = np.nan
    dirty.iloc[6, 3] = np.inf
    est = PyODDetector(name, reference=reference)
    assert est.fit(dirty) is est
    if reference == "train" and name in TRAIN_REFERENCE_DETECTORS:
        assert type(est.detector_) is TRAIN_REFERENCE_DETECTORS[name]
    else:
        module, cls = DETECTOR_REGISTRY[name]
        assert (type(est.detector_).__module__, type(est.detector_).__name__) == (module, cls)
    assert est.decision_scores_.shape == (len(X),) and np.isfinite(est.decision_scores_).all()
    before = jhash(est)
    scores = est.decision_function(dirty)
    est.predict(dirty)
    assert jhash(est) == before, "decision_function/predict changed the model"
    assert np.isfinite(scores).all()
    assert roc_auc_score(y, scores) > 0.9
    assert np.mean(scores[y == 1] > np.median(scores[y == 0])) >= 0.9
    assert clone(est).get_params() == est.get_params()


def test_unknown_name_lists_known_names():
    with pytest.raises(ValueError, match="unknown PyOD detector 'NoSuch'.*ECOD.*LOF"):
        PyODDetector("NoSuch").fit(np.zeros((5, 2)))


def test_unknown_name_is_refused_only_in_fit():
    est = PyODDetector("NoSuch")  # __init__ validates nothing
    assert est.get_params()["name"] == "NoSuch"


def test_name_is_case_insensitive():
    assert resolve_detector("ecod") is resolve_detector("ECOD")


def test_params_are_passed_and_checked(planted):
    X, _ = planted
    est = PyODDetector("KNN", params={"n_neighbors": 7, "method": "mean"}, contamination=0.1).fit(X)
    assert est.detector_.n_neighbors == 7 and est.detector_.method == "mean"
    assert est.detector_.contamination == 0.1
    assert abs(est.labels_.mean() - 0.1) < 0.02
    with pytest.raises(ValueError, match="does not accept parameter.*bogus"):
        PyODDetector("KNN", params={"bogus": 1}).fit(X)


def test_params_contamination_wins_over_wrapper(planted):
    X, _ = planted
    est = PyODDetector("ECOD", params={"contamination": 0.2}).fit(X)
    assert est.detector_.contamination == 0.2


def test_random_state_reaches_detector(planted):
    X, _ = planted
    est = PyODDetector("IForest", random_state=7).fit(X)
    assert est.detector_.random_state == 7


def test_bad_threshold_params_refused(planted):
    X, _ = planted
    with pytest.raises(ValueError, match="contamination"):
        PyODDetector(contamination=0.9).fit(X)
    with pytest.raises(ValueError, match="threshold_method"):
        PyODDetector(threshold_method="otsu").fit(X)


def test_reference_picks_the_ecod_copod_implementation(planted):
    X, _ = planted
    assert PyODDetector().get_params()["reference"] == "train"
    for name in ("ECOD", "ecod", "COPOD"):
        assert type(PyODDetector(name).fit(X).detector_) is TRAIN_REFERENCE_DETECTORS[name.upper()]
        assert type(PyODDetector(name, reference="batch").fit(X).detector_) is resolve_detector(name)
    # other detectors score against the training data anyway: the same PyOD class either way
    for name in ("HBOS", "KNN"):
        a, b = PyODDetector(name).fit(X), PyODDetector(name, reference="batch").fit(X)
        assert type(a.detector_) is type(b.detector_) is resolve_detector(name)
        np.testing.assert_array_equal(a.decision_function(X), b.decision_function(X))


def test_bad_reference_refused_in_fit(planted):
    X, _ = planted
    est = PyODDetector(reference="Train")  # __init__ validates nothing
    assert est.get_params()["reference"] == "Train"
    with pytest.raises(ValueError, match=r"reference must be one of 'train', 'batch'; got 'Train'"):
        est.fit(X)


def test_train_params_are_checked_against_the_replacement(planted):
    X, _ = planted
    assert PyODDetector("ECOD", params={"n_jobs": 1}).fit(X).detector_.n_jobs == 1
    with pytest.raises(ValueError, match="does not accept parameter.*bogus"):
        PyODDetector("COPOD", params={"bogus": 1}).fit(X)
