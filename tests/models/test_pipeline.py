"""DetectorModel: peers, directional ensembles and rules per level, under the estimator contract."""

from __future__ import annotations

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from models.pipeline import DetectorModel

RULES = """
rules:
  - id: big
    kind: scraping
    level: session
    severity: high
    condition: "distinct_entities_vs_peers >= 5"
    reason: "{distinct_entities:,.0f} records"
  - id: odd
    kind: scraping
    level: session
    severity: low
    condition: "anomalous == 1"
    reason: "unusual ({anomaly_score:.2f})"
  - id: shared
    kind: credential_sharing
    level: account_day
    severity: medium
    condition: "ad_distinct_networks >= 3"
    reason: "{ad_distinct_networks:.0f} networks"
"""
DIRECTIONS = {"session": {"distinct_entities": 1, "gap_cv": -1}, "account_day": {"ad_distinct_networks": 1}}


def _features(seed: int = 0, n: int = 400) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    session = pd.DataFrame({
        "distinct_entities": rng.poisson(10, n).astype(float),
        "gap_cv": rng.uniform(0.8, 2.0, n),
        "pages": rng.poisson(30, n).astype(float),
    })
    session.loc[:2, ["distinct_entities", "gap_cv"]] = [[900.0, 0.02], [700.0, 0.05], [800.0, 0.03]]  # three scrapers
    session.loc[3, "gap_cv"] = 9.0  # unusual, but in the human direction
    accounts = pd.DataFrame({"ad_distinct_networks": rng.choice([1.0, 2.0], n // 4)})
    accounts.loc[0, "ad_distinct_networks"] = 7.0
    return {"session": session, "account_day": accounts}


def _model(**kw) -> DetectorModel:
    return DetectorModel(rules_source=RULES, directions=DIRECTIONS, **kw)


def test_scores_rules_and_direction() -> None:
    features = _features()
    scored = _model().fit(features).score(features)
    session = scored["session"]
    hits = [sorted(h[0] for h in unit) for unit in session.rule_hits]
    assert hits[0] == hits[1] == hits[2] == ["big", "odd"]
    assert session.features.loc[3, "anomalous"] == 0, "deviation in the human direction is not anomalous"
    assert session.features["anomaly_score"].between(0, 1).all()
    assert [h[0] for h in scored["account_day"].rule_hits[0]] == ["shared"]
    assert sum(bool(h) for h in scored["account_day"].rule_hits) == 1


def test_threshold_settings_steer_anomalous() -> None:
    features = _features()
    strict = _model(threshold_method="tail", tail_k=1e6).fit(features).score(features)["session"]
    loose = _model(threshold_method="contamination", contamination=0.2).fit(features).score(features)["session"]
    assert strict.features["anomalous"].sum() == 0
    assert 40 <= loose.features["anomalous"].sum() <= 120


def test_contract_clone_and_no_mutation() -> None:
    features = _features()
    model = _model(tail_k=3.0)
    assert clone(model).get_params() == model.get_params()
    fitted = model.fit(features)
    before = joblib.hash(fitted)
    fitted.score(_features(seed=1))
    assert joblib.hash(fitted) == before


def test_missing_features_are_named() -> None:
    features = _features()
    model = _model().fit(features)
    with pytest.raises(ValueError, match="gap_cv"):
        model.score({"session": features["session"].drop(columns=["gap_cv"])})


def test_rule_on_unknown_feature_fails_at_fit() -> None:
    bad = RULES.replace("ad_distinct_networks >= 3", "ad_no_such_feature >= 3")
    with pytest.raises(ValueError, match="ad_no_such_feature"):
        DetectorModel(rules_source=bad, directions=DIRECTIONS).fit(_features())


def test_ensemble_fits_on_a_sample_and_peers_on_every_unit() -> None:
    features = _features(n=400)
    model = _model(fit_sample_size=120).fit(features)
    assert model.fit_units_ == {"session": 120, "account_day": 100}  # account-days: fewer than the sample size
    assert model.peers_["session"].n_peers_ == 400
    assert len(model.ensembles_["session"].decision_scores_) == 120
    session = model.score(features)["session"]
    hits = [sorted(h[0] for h in unit) for unit in session.rule_hits]
    assert hits[0] == hits[1] == hits[2] == ["big", "odd"], "scrapers left out of the sample are still caught"
    again = _model(fit_sample_size=120).fit(features).score(features)["session"]
    assert np.array_equal(again.features["anomaly_score"], session.features["anomaly_score"]), "the sample is seeded"
    assert _model(fit_sample_size=None).fit(features).fit_units_["session"] == 400


def test_fit_sample_size_is_validated_in_fit() -> None:
    model = _model(fit_sample_size=5)  # stored unchanged, refused only by fit
    assert model.get_params()["fit_sample_size"] == 5
    with pytest.raises(ValueError, match="fit_sample_size"):
        model.fit(_features())


def test_fit_does_not_rescore_the_training_rows(monkeypatch) -> None:
    from models.ensemble import ScoreEnsemble

    def refuse(self, X):
        raise AssertionError("training rows scored again")

    monkeypatch.setattr(ScoreEnsemble, "decision_function", refuse)
    model = _model().fit(_features())
    assert len(model.rules_["session"].decision_scores_) == 400


def test_levels_fitted_on_threads_give_the_same_model() -> None:
    import threading

    features = _features()
    one = _model().fit(features)
    seen: set[str] = set()
    original = DetectorModel._fit_level

    def spy(self, level, frame, rules):
        seen.add(threading.current_thread().name)
        return original(self, level, frame, rules)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DetectorModel, "_fit_level", spy)
        two = _model(n_jobs=2).fit(features)
    assert all(name.startswith("fit") for name in seen), "the levels were fitted on the pool's threads"
    assert list(two.rules_) == list(one.rules_) == ["session", "account_day"]  # levels in the order given
    for level in features:
        a, b = one.score(features)[level], two.score(features)[level]
        pd.testing.assert_frame_equal(a.features, b.features, check_exact=True)
        assert a.rule_hits == b.rule_hits
    assert two.get_params()["n_jobs"] == 2


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2"])
def test_n_jobs_is_validated_in_fit(bad) -> None:
    model = _model(n_jobs=bad)  # stored unchanged, refused only by fit
    assert model.get_params()["n_jobs"] == bad
    with pytest.raises(ValueError, match="n_jobs"):
        model.fit(_features())
