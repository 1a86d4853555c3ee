"""Train-referenced ECOD / COPOD: batch-independent scores, PyOD's formula, no PyOD import."""

from __future__ import annotations

import inspect
import json
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from joblib import hash as jhash
from scipy.stats import skew
from sklearn.base import clone

from models.pyod_detector import PyODDetector
from models.tail_reference import TRAIN_REFERENCE_DETECTORS, ReferenceCOPOD, ReferenceECOD

from . import test_contract as contract

REPO = Path(__file__).resolve().parents[2]
CLASSES = {"ECOD": ReferenceECOD, "COPOD": ReferenceCOPOD}


def _data(seed: int = 0, n: int = 400, m: int = 60) -> tuple[np.ndarray, np.ndarray]:
    """Training and new rows: skewed, symmetric and discrete (tied) columns, 12 in all."""
    rng = np.random.default_rng(seed)

    def draw(k: int, spread: float) -> np.ndarray:
        return np.column_stack([
            rng.exponential(size=(k, 3)) * spread,  # right-skewed
            -rng.lognormal(size=(k, 3)) * spread,  # left-skewed
            rng.gamma(2.0, size=(k, 2)) * spread,
            rng.poisson(3, size=(k, 2)).astype(float),  # many ties
            rng.integers(0, 5, size=(k, 1)).astype(float) ** 2,
            rng.exponential(size=(k, 1)) ** 2,
        ])

    return draw(n, 1.0), draw(m, 1.5)


# --------------------------------------------------------------------------- batch independence
@pytest.mark.parametrize("name", ["ECOD", "COPOD"])
def test_slices_score_exactly_like_the_whole_batch(name):
    train, new = _data()
    est = CLASSES[name]().fit(train)
    whole = est.decision_function(new)
    for bounds in ([0, 1, 2, 7, 30, 31, 60], [0, 60], list(range(61))):
        parts = np.concatenate([est.decision_function(new[a:b]) for a, b in zip(bounds, bounds[1:])])
        np.testing.assert_array_equal(parts, whole)
    # reversed and shuffled batches give each row the same score
    order = np.random.default_rng(1).permutation(len(new))
    np.testing.assert_array_equal(est.decision_function(new[order]), whole[order])


@pytest.mark.parametrize("name", ["ECOD", "COPOD"])
def test_pyod_detector_train_reference_is_batch_independent(name):
    train, new = _data(seed=2)
    cols = [f"f{i}" for i in range(train.shape[1])]
    est = PyODDetector(name).fit(pd.DataFrame(train, columns=cols))
    assert isinstance(est.detector_, TRAIN_REFERENCE_DETECTORS[name])
    frame = pd.DataFrame(new, columns=cols)
    whole = est.decision_function(frame)
    parts = np.concatenate([est.decision_function(frame.iloc[a:a + 7]) for a in range(0, len(frame), 7)])
    np.testing.assert_array_equal(parts, whole)


def test_batch_reference_is_why_the_option_exists():
    """PyOD's own ECOD scores a row against training + the whole batch: slicing changes scores."""
    train, new = _data(seed=3)
    est = PyODDetector("ECOD", reference="batch").fit(train)
    assert type(est.detector_).__module__ == "pyod.models.ecod"
    whole = est.decision_function(new)
    parts = np.concatenate([est.decision_function(new[a:a + 5]) for a in range(0, len(new), 5)])
    assert not np.array_equal(parts, whole)
    assert np.max(np.abs(parts - whole)) > 1e-3


# --------------------------------------------------------------------------- PyOD's formula
@pytest.mark.parametrize("name", ["ECOD", "COPOD"])
def test_matches_pyod_scoring_one_row_with_its_training_data(name):
    module = __import__(f"pyod.models.{name.lower()}", fromlist=[name])
    train, new = _data(seed=4)
    ours = CLASSES[name]().fit(train)
    theirs = getattr(module, name)().fit(train)
    train_sign = np.sign(np.nan_to_num(skew(train, axis=0)))
    np.testing.assert_array_equal(ours.skew_sign_, train_sign)
    mine = ours.decision_function(new)
    checked = 0
    for i, row in enumerate(new):
        if not np.array_equal(np.sign(np.nan_to_num(skew(np.vstack([train, row]), axis=0))), train_sign):
            continue  # the one documented difference: the skewness sign comes from the training data
        reference = theirs.decision_function(row[None, :])[0]
        np.testing.assert_allclose(mine[i], reference, rtol=1e-12, err_msg=f"row {i}")
        checked += 1
    assert checked >= 50


@pytest.mark.parametrize("name", ["ECOD", "COPOD"])
def test_training_scores_are_the_scores_of_the_training_rows(name):
    train, _ = _data(seed=5)
    est = CLASSES[name](contamination=0.1).fit(train)
    np.testing.assert_array_equal(est.decision_scores_, est.decision_function(train))
    assert est.threshold_ == np.percentile(est.decision_scores_, 90)
    np.testing.assert_array_equal(est.labels_, (est.decision_scores_ > est.threshold_).astype(int))


@pytest.mark.parametrize("name", ["ECOD", "COPOD"])
def test_decision_function_does_not_mutate(name):
    train, new = _data(seed=6)
    est = CLASSES[name]().fit(train)
    before_keys, before = set(vars(est)), jhash(vars(est))
    est.decision_function(new)
    est.decision_function(new[:0])
    est.predict(new)
    assert set(vars(est)) == before_keys
    assert jhash(vars(est)) == before


def test_tails_count_ties_and_extremes():
    """Hand-checked tails: (#train <= x + 1) / (n + 1) and (#train >= x + 1) / (n + 1)."""
    train = np.array([[1.0], [2.0], [2.0], [3.0], [10.0]])
    est = ReferenceECOD().fit(train)
    assert est.skew_sign_[0] == 1  # right-skewed: U_skew is the right tail
    x = np.array([[2.0], [0.0], [11.0], [np.inf], [-np.inf]])
    left = np.array([4, 1, 6, 6, 1]) / 6
    right = np.array([5, 6, 1, 1, 6]) / 6
    expected = np.maximum(-np.log(left), -np.log(right))
    np.testing.assert_allclose(est.decision_function(x), expected, rtol=1e-15)
    copod = ReferenceCOPOD().fit(train)
    np.testing.assert_allclose(
        copod.decision_function(x), np.maximum(-np.log(right), (-np.log(left) - np.log(right)) / 2), rtol=1e-15
    )


def test_nan_is_the_training_median():
    train = np.array([[1.0, 5.0], [2.0, np.nan], [3.0, 7.0], [4.0, 9.0], [100.0, 11.0]])
    est = ReferenceECOD().fit(train)
    np.testing.assert_array_equal(est.fill_values_, [3.0, 8.0])
    np.testing.assert_array_equal(est.decision_function([[np.nan, np.nan]]), est.decision_function([[3.0, 8.0]]))


def test_bad_contamination_is_refused_in_fit():
    est = ReferenceECOD(contamination=0.7)  # __init__ validates nothing
    with pytest.raises(ValueError, match="contamination"):
        est.fit(np.zeros((5, 2)))


# --------------------------------------------------------------------------- the estimator contract
CONTRACT_CHECKS = sorted(name for name, fn in vars(contract).items() if name.startswith("test_") and callable(fn))


@pytest.mark.parametrize("check", CONTRACT_CHECKS)
@pytest.mark.parametrize("cls", [ReferenceECOD, ReferenceCOPOD], ids=["ECOD", "COPOD"])
def test_contract(cls, check, planted):
    """Every check of ``test_contract`` on the standalone classes."""
    fn = getattr(contract, check)
    available = {"make": cls, "planted": planted, "fitted_cache": {}}
    fn(**{k: available[k] for k in inspect.signature(fn).parameters})


# --------------------------------------------------------------------------- no PyOD import
_NO_PYOD = r"""
import json, sys
import numpy as np, pandas as pd
from models.pyod_detector import PyODDetector
from models.pipeline import DetectorModel
rng = np.random.default_rng(0)
X = pd.DataFrame(rng.normal(size=(200, 4)), columns=list("abcd"))
det = PyODDetector().fit(X)
det.decision_function(X)
det.predict(X.iloc[:5])
n = 120
features = {
    "session": pd.DataFrame({
        "distinct_entities": rng.poisson(10, n).astype(float),
        "gap_cv": rng.uniform(0.8, 2.0, n),
        "pages": rng.poisson(30, n).astype(float),
    }),
    "account_day": pd.DataFrame({"ad_distinct_networks": rng.choice([1.0, 2.0], 40)}),
}
rules = (
    "rules:\n"
    "  - id: odd\n"
    "    kind: scraping\n"
    "    level: session\n"
    "    severity: low\n"
    "    condition: 'anomalous == 1'\n"
    "    reason: 'unusual'\n"
)
model = DetectorModel(rules_source=rules).fit(features)
model.score(features)
model.decision_function(features)
directed = DetectorModel(rules_source=rules, directions={"session": {"distinct_entities": 1, "gap_cv": -1}}).fit(features)
directed.score(features)
print(json.dumps({
    "detector": type(det.detector_).__name__,
    "members": [type(m).__name__ for _, m in model.ensembles_["session"].detectors_],
    "loaded": sorted(m for m in ("pyod", "numba", "matplotlib") if m in sys.modules),
}))
"""


def test_default_detector_and_model_never_import_pyod():
    proc = subprocess.run([sys.executable, "-c", _NO_PYOD], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["detector"] == "ReferenceECOD"
    assert out["loaded"] == []


# --------------------------------------------------------------------------- models saved before `reference`
def test_old_pickle_without_reference_scores_like_batch():
    train, new = _data(seed=7)
    old = PyODDetector("ECOD", reference="batch").fit(train)
    del old.__dict__["reference"]  # a pickle written before the parameter existed lacks it
    loaded = pickle.loads(pickle.dumps(old))
    assert "reference" not in vars(loaded)
    assert loaded.reference == "batch" and loaded.get_params()["reference"] == "batch"
    assert type(loaded.detector_).__module__ == "pyod.models.ecod"
    batch = PyODDetector("ECOD", reference="batch").fit(train)
    np.testing.assert_array_equal(loaded.decision_function(new), batch.decision_function(new))
    # refitting an old model keeps its behaviour
    refit = clone(loaded).fit(train)
    assert refit.reference == "batch" and type(refit.detector_).__module__ == "pyod.models.ecod"
    np.testing.assert_array_equal(refit.decision_function(new), batch.decision_function(new))
    # while a new model scores differently (against the training data only)
    fresh = PyODDetector("ECOD").fit(train)
    assert not np.array_equal(fresh.decision_function(new), batch.decision_function(new))
