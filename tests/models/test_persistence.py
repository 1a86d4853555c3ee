"""save_model / load_model: round trip and refusals."""

from __future__ import annotations

from pathlib import Path

import joblib
import numpy as np
import pytest

import models.persistence as persistence
from models.ensemble import ScoreEnsemble
from models.iforest import IsolationForestDetector
from models.persistence import ModelLoadError, ModelMismatchError, load_model, runtime_versions, save_model
from models.rules import RuleSet

from .conftest import FEATURES, RULES_PATH


@pytest.fixture(scope="module")
def fitted(planted):
    X, _ = planted
    return IsolationForestDetector(n_estimators=50).fit(X)


@pytest.mark.parametrize("factory", [
    lambda: IsolationForestDetector(n_estimators=50),
    lambda: ScoreEnsemble(),
    lambda: RuleSet(rules=str(RULES_PATH)),
], ids=["iforest", "ensemble", "rules"])
def test_round_trip(factory, planted, tmp_path):
    X, _ = planted
    model = factory().fit(X)
    path = save_model(model, tmp_path / "sub" / "m.joblib", feature_names=FEATURES,
                      metadata={"trained_on": "2024-05-01..2024-05-31", "rows": len(X)})
    assert path.is_file()
    loaded, meta = load_model(path, expected_features=FEATURES)
    assert type(loaded) is type(model)
    np.testing.assert_allclose(loaded.decision_function(X), model.decision_function(X))
    assert loaded.threshold_ == model.threshold_
    assert meta["feature_names"] == FEATURES
    assert meta["trained_on"] == "2024-05-01..2024-05-31" and meta["rows"] == len(X)
    assert set(meta["versions"]) == {"python", "numpy", "pandas", "scikit-learn", "pyod"}
    assert meta["versions"] == runtime_versions()
    assert meta["created_at"].endswith("+00:00")


def test_expected_features_in_other_order_is_fine(fitted, tmp_path):
    path = save_model(fitted, tmp_path / "m.joblib", feature_names=FEATURES)
    load_model(path, expected_features=FEATURES[::-1])


def test_feature_mismatch_refused(fitted, tmp_path):
    path = save_model(fitted, tmp_path / "m.joblib", feature_names=FEATURES)
    wanted = [f for f in FEATURES if f != "flag"] + ["new_feature"]
    with pytest.raises(ModelMismatchError) as info:
        load_model(path, expected_features=wanted)
    message = str(info.value)
    assert "\n" not in message
    assert "expected but absent: new_feature" in message
    assert "present but not expected: flag" in message


@pytest.mark.parametrize("library", ["scikit-learn", "pyod"])
def test_version_mismatch_refused(fitted, tmp_path, monkeypatch, library):
    real = runtime_versions()
    fake = dict(real, **{library: "0.1.0"})
    monkeypatch.setattr(persistence, "runtime_versions", lambda: fake)
    path = save_model(fitted, tmp_path / "m.joblib", feature_names=FEATURES)
    monkeypatch.setattr(persistence, "runtime_versions", lambda: real)
    with pytest.raises(ModelMismatchError, match=rf"saved with {library} 0.1.0 but {library} {real[library]} is running"):
        load_model(path)
    model, meta = load_model(path, check_versions=False)
    assert meta["versions"][library] == "0.1.0"


def test_patch_version_difference_accepted(fitted, tmp_path, monkeypatch):
    real = runtime_versions()
    major_minor = ".".join(real["scikit-learn"].split(".")[:2])
    monkeypatch.setattr(persistence, "runtime_versions", lambda: dict(real, **{"scikit-learn": major_minor + ".99"}))
    path = save_model(fitted, tmp_path / "m.joblib", feature_names=FEATURES)
    monkeypatch.setattr(persistence, "runtime_versions", lambda: real)
    load_model(path)


def test_missing_file(tmp_path):
    with pytest.raises(ModelLoadError, match="model file not found"):
        load_model(tmp_path / "nope.joblib")


def test_corrupt_file(fitted, tmp_path):
    garbage = tmp_path / "garbage.joblib"
    garbage.write_bytes(b"\x00not a joblib file at all" * 10)
    with pytest.raises(ModelLoadError, match=r"garbage.joblib is not a model file written by `detector train` \(unreadable: \w+\)$"):
        load_model(garbage)
    good = save_model(fitted, tmp_path / "m.joblib", feature_names=FEATURES)
    truncated = tmp_path / "truncated.joblib"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ModelLoadError, match="truncated.joblib is not a model file written by `detector train`"):
        load_model(truncated)
    pickled_dict = tmp_path / "dict.joblib"  # a joblib file, but not a model: the user saw "KeyError: 110" before
    pickled_dict.write_bytes(b"\x80\x04\x95" + b"\x6e" * 40)
    with pytest.raises(ModelLoadError, match="dict.joblib is not a model file"):
        load_model(pickled_dict)


def test_foreign_joblib_file(tmp_path):
    path = tmp_path / "other.joblib"
    joblib.dump({"weights": [1, 2, 3]}, path)
    with pytest.raises(ModelLoadError, match="not a model file written by `detector train`"):
        load_model(path)


def test_save_refuses_features_that_do_not_fit_the_model(fitted, tmp_path):
    with pytest.raises(ValueError, match="feature mismatch"):
        save_model(fitted, tmp_path / "m.joblib", feature_names=FEATURES[:-1])
    with pytest.raises(ValueError, match="distinct strings"):
        save_model(fitted, tmp_path / "m.joblib", feature_names=FEATURES + ["a"])


def test_save_refuses_reserved_metadata(fitted, tmp_path):
    with pytest.raises(ValueError, match="reserved key.*versions"):
        save_model(fitted, tmp_path / "m.joblib", feature_names=FEATURES, metadata={"versions": {}})


def test_save_is_atomic_and_overwrites(fitted, tmp_path):
    path = tmp_path / "m.joblib"
    save_model(fitted, path, feature_names=FEATURES, metadata={"n": 1})
    save_model(fitted, path, feature_names=FEATURES, metadata={"n": 2})
    assert load_model(path)[1]["n"] == 2
    assert [p.name for p in Path(tmp_path).iterdir()] == ["m.joblib"]
