"""PyODDetector: every registered PyOD name honours the contract."""

from __future__ import annotations

import numpy as np
import pytest
from joblib import hash as jhash
from sklearn.base import clone
from sklearn.metrics import roc_auc_score

from models.pyod_detector import DETECTOR_REGISTRY, PyODDetector, available_detectors, resolve_detector


def test_registry_has_the_core_detectors():
    for name in ["ECOD", "COPOD", "HBOS", "IForest", "LOF", "KNN", "PCA", "MCD", "OCSVM", "LODA"]:
        assert name in available_detectors()
    assert available_detectors() == list(DETECTOR_REGISTRY)


@pytest.mark.parametrize("name", available_detectors())
def test_every_registered_detector_works(name, planted):
    X, y = planted
    dirty = X.copy()
    dirty.iloc[5, 0] = np.nan
    dirty.iloc[6, 3] = np.inf
    est = PyODDetector(name)
    assert est.fit(dirty) is est
    assert type(est.detector_).__name__ == DETECTOR_REGISTRY[name][1]
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
