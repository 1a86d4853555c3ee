"""``detector train --labels``: train -> save -> load -> scan with the supervised layer, and refusals."""

from __future__ import annotations

import csv
import json

import joblib
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from detector.cli import app
from detector.config import Settings
from detector.labels import LabelError
from detector.scan import run_scan
from detector.train import ModelRefused, expected_feature_list, load_trained, train_and_save
from models.persistence import save_model
from models.supervised import SupervisedClassifier, SupervisedDetectorModel
from sample_logs.generate import generate


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A one-day generated log, a plain scan of it, and verdicts built from its labels."""
    folder = tmp_path_factory.mktemp("train-labels")
    log = folder / "access.log"
    truth = generate(log, folder / "labels.json", seed=6, days=1, n_staff=40)
    settings = Settings(timezone=truth["tz"])
    plain = run_scan([log], settings, out_dir=folder / "plain")
    sessions = plain.analysis.sessions
    rows: list[tuple[str, str]] = []
    listed = truth["accounts"]
    for account, info in listed.items():
        rows.append((account, info["label"]))  # scraping / credential_sharing / benign
    for account in sorted(set(sessions["user"].dropna()) - set(listed)):
        rows.append((account, "human"))
    # session verdicts: the scraping tools' own sessions (their user agent on the owner's login) are bots,
    # some ordinary sessions human
    tools = {a: i for a, i in listed.items() if i["behaviour"] in ("vendor_script", "headless_scraper", "bulk_export_loop")}
    for account, info in tools.items():
        mine = sessions[(sessions["user"] == account) & (sessions["user_agent"] == info["params"]["user_agent"])]
        rows += [(sid, "bot") for sid in mine["session_id"]]
    ordinary = sessions[sessions["user"].notna() & ~sessions["user"].isin(list(listed))]
    rows += [(sid, "0") for sid in ordinary["session_id"].iloc[:25]]
    labels = folder / "verdicts.csv"
    with open(labels, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "label"])
        writer.writerows(rows)
    return {"folder": folder, "log": log, "truth": truth, "settings": settings, "plain": plain, "labels": labels, "rows": rows}


@pytest.fixture(scope="module")
def trained(world) -> dict:
    """`detector train LOG --labels FILE` through the CLI."""
    model_path = world["folder"] / "site.joblib"
    result = CliRunner().invoke(app, [
        "train", str(world["log"]), "--out", str(model_path), "--labels", str(world["labels"]),
        "--timezone", world["truth"]["tz"],
    ])
    assert result.exit_code == 0, result.output
    return {"path": model_path, "output": result.output}


def _threats(truth: dict) -> set[str]:
    return {a for a, i in truth["accounts"].items() if i["label"] != "benign"}


def test_train_reports_the_supervised_layer(trained):
    assert "model written to" in trained["output"]
    assert "supervised layer on session" in trained["output"] and "account_day" in trained["output"]


def test_saved_metadata_describes_labels_and_blend(trained, world):
    payload = joblib.load(trained["path"])
    meta = payload["metadata"]["supervised"]
    assert meta["labels_file"] == str(world["labels"])
    assert meta["labels_read"] == len(world["rows"])
    assert meta["unmatched"] == 0
    assert set(meta["matched"]) == {"account", "session"}
    ad = meta["levels"]["account_day"]
    assert ad["positives"] >= len(_threats(world["truth"]))  # a night run can reach the next local day
    assert ad["negatives"] > 20 and ad["classifier"] == "SupervisedClassifier"
    assert meta["levels"]["session"]["positives"] >= 1
    assert meta["blend"] == "anomaly_score = 0.5 * supervised + 0.5 * unsupervised"
    assert meta["counts"]["account_day"] == {"positives": ad["positives"], "negatives": ad["negatives"]}


def test_loaded_model_scans_and_blends(trained, world):
    model = load_trained(trained["path"], world["settings"])
    assert isinstance(model, SupervisedDetectorModel)
    assert set(model.classifiers_) == {"session", "account_day"}
    result = run_scan([world["log"]], world["settings"], out_dir=world["folder"] / "supervised", model=model)
    scores = result.analysis.scores
    for level in ("session", "account_day"):
        f = scores[level].features
        np.testing.assert_allclose(f["anomaly_score"], 0.5 * f["supervised_score"] + 0.5 * f["unsupervised_score"])
    ad = scores["account_day"].features
    threats = _threats(world["truth"])
    users = ad.index.get_level_values(0)
    # trained on these very verdicts: every threat day outranks every ordinary day
    assert ad.loc[users.isin(list(threats)), "supervised_score"].min() > ad.loc[~users.isin(list(world["truth"]["accounts"])), "supervised_score"].max()
    # the scan still finds every threat account, and sessions.csv carries the blended anomaly score
    alerted = {a.user for a in result.analysis.alerts}
    assert threats <= alerted
    written = pd.read_csv(world["folder"] / "supervised" / "sessions.csv")
    column = "anomaly_score" if "anomaly_score" in written.columns else "score"
    np.testing.assert_allclose(written[column].to_numpy(), scores["session"].features["anomaly_score"].to_numpy(), atol=1e-4)


def test_cli_scan_uses_the_supervised_model(trained, world, tmp_path):
    out = tmp_path / "scan"
    result = CliRunner().invoke(app, [
        "scan", str(world["log"]), "--model", str(trained["path"]), "--out", str(out), "--timezone", world["truth"]["tz"], "-q",
    ])
    assert result.exit_code == 0, result.output
    alerts = [json.loads(x) for x in (out / "alerts.jsonl").read_text(encoding="utf-8").splitlines() if x]
    assert _threats(world["truth"]) <= {a["user"] for a in alerts}


# --------------------------------------------------------------------------- refusals
def test_model_with_other_features_is_refused(trained, world, tmp_path):
    model = load_trained(trained["path"], world["settings"])
    features = expected_feature_list()
    stale = tmp_path / "stale.joblib"
    save_model(model, stale, feature_names=features[:-1] + ["session.retired_family"])
    with pytest.raises(ModelRefused, match=rf"expected but absent: {features[-1]}.*present but not expected: session.retired_family"):
        load_trained(stale, world["settings"])
    result = CliRunner().invoke(app, ["scan", str(world["log"]), "--model", str(stale), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "feature mismatch" in result.output and "session.retired_family" in result.output


def test_classifier_reading_columns_the_code_does_not_produce_is_refused(trained, world, tmp_path):
    model = load_trained(trained["path"], world["settings"])
    clf = model.classifiers_["session"]
    clf.feature_names_in_ = np.array(list(clf.feature_names_in_[:-1]) + ["no_such_feature"], dtype=object)
    bad = tmp_path / "tampered.joblib"
    save_model(model, bad, feature_names=expected_feature_list())
    with pytest.raises(ModelRefused, match=r"session classifier was fitted on columns this code does not produce \(no_such_feature\)"):
        load_trained(bad, world["settings"])


def test_other_objects_and_settings_are_refused(trained, world, tmp_path):
    other = tmp_path / "clf.joblib"
    save_model(SupervisedClassifier(), other, feature_names=expected_feature_list())
    with pytest.raises(ModelRefused, match=r"does not hold a detector model \(found SupervisedClassifier\)"):
        load_trained(other, world["settings"])
    unfitted = tmp_path / "unfitted.joblib"
    save_model(SupervisedDetectorModel(), unfitted, feature_names=expected_feature_list())
    with pytest.raises(ModelRefused, match="never fitted"):
        load_trained(unfitted, world["settings"])
    with pytest.raises(ModelRefused, match="session gap"):
        load_trained(trained["path"], world["settings"].model_copy(update={"session_gap_minutes": 15.0}))


def test_bad_labels_file_stops_training_with_line_numbers(world, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,label\nsomeone@x.org,1\nother@x.org,perhaps\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["train", str(world["log"]), "--out", str(tmp_path / "m.joblib"), "--labels", str(bad)])
    assert result.exit_code == 2
    assert "bad.csv:3: unknown label 'perhaps'" in result.output.replace("\n", "")
    assert not (tmp_path / "m.joblib").exists()


def test_labels_absent_from_the_logs_stop_training(world, tmp_path):
    absent = tmp_path / "absent.csv"
    absent.write_text("nobody@x.org,1\nnoone@x.org,0\ns-000000000000,bot\n", encoding="utf-8")
    with pytest.raises(LabelError, match=r"no level has at least 2 abusive and 2 not-abusive.*not found: 3"):
        train_and_save([world["log"]], world["settings"], tmp_path / "m.joblib", labels_path=absent)
    assert not (tmp_path / "m.joblib").exists()


def test_training_without_labels_is_unchanged(world, tmp_path):
    meta = train_and_save([world["log"]], world["settings"], tmp_path / "plain.joblib")
    assert "supervised" not in meta
    model = load_trained(tmp_path / "plain.joblib", world["settings"])
    assert type(model).__name__ == "DetectorModel"


# --- the CERTH evaluation's use of the published train/test split --------------------------------


def _split_eval(monkeypatch, split: dict[str, dict[str, int]], **kw) -> tuple[dict, list[dict]]:
    """Run ``_published_split`` with fits recorded instead of made; scores: 1 for bots, 0 for humans."""
    from detector.evaluate import supervised as ev

    fits: list[dict] = []
    every = {**split["train"], **split["test"]}

    def fake_fit(base, features, app, labels, exclude, seed):
        fits.append(dict(labels))
        return len(fits)

    def fake_scores(model, features, app):
        score = pd.Series({u: float(v) for u, v in every.items()})
        return pd.DataFrame({"supervised": score, "blend": score})

    monkeypatch.setattr(ev, "_fit", fake_fit)
    monkeypatch.setattr(ev, "_session_scores", fake_scores)
    return ev._published_split(None, None, None, split, (), kw.get("n_splits", 5), kw.get("repeats", 2), 0), fits


def test_published_split_never_trains_on_what_it_scores(monkeypatch):
    train = {**{f"h{i}": 0 for i in range(10)}, **{f"b{i}": 1 for i in range(8)}}
    test_bots = {f"t{i}": 1 for i in range(4)}
    result, fits = _split_eval(monkeypatch, {"train": train, "test": test_bots}, n_splits=5, repeats=2)
    assert result["auc"] == 1.0 and result["fits"] == len(fits) == 10
    assert "left out" in result["method"]
    held_per_repeat = [set(), set()]
    for i, labels in enumerate(fits):
        assert not set(labels) & set(test_bots), "a test-split bot was trained on"
        assert set(labels) <= set(train)
        assert all(labels[b] == 1 for b in train if b.startswith("b")), "every train-split bot is trained on"
        held = {h for h in train if h.startswith("h")} - set(labels)
        assert len(held) == 2
        assert not held & held_per_repeat[i // 5]
        held_per_repeat[i // 5] |= held
    assert all(h == {f"h{i}" for i in range(10)} for h in held_per_repeat), "each human held out once per repeat"


def test_published_split_as_published_and_when_not_measurable(monkeypatch):
    train = {"h1": 0, "h2": 0, "b1": 1, "b2": 1}
    result, fits = _split_eval(monkeypatch, {"train": train, "test": {"h3": 0, "b3": 1}})
    assert fits == [train] and result["auc"] == 1.0 and result["note"] == ""
    result, fits = _split_eval(monkeypatch, {"train": train, "test": {}})
    assert fits == [] and result["auc"] != result["auc"] and "none of the test split" in result["note"]


# --------------------------------------------------------------------------- the service's reviews export as labels
def test_service_reviews_export_trains(world, tmp_path):
    """`GET /v1/reviews.csv` writes quoted CSV whose notes may span lines; `train --labels` reads it as it is."""
    from detector.alerts import alert_id_for

    threats = _threats(world["truth"])
    alerts = world["plain"].analysis.alerts
    day = int(np.datetime64(alerts[0].day, "D").astype(np.int64))
    benign = sorted(set(world["plain"].analysis.sessions["user"].dropna()) - set(world["truth"]["accounts"]))[:3]
    rows = [{"alert_id": a.alert_id, "verdict": "confirmed"} for a in alerts if a.user in threats]
    rows += [{"alert_id": alert_id_for("scraping", user, None, day), "verdict": "false_positive"} for user in benign]
    assert sum(r["verdict"] == "confirmed" for r in rows) >= 2 and len(rows) >= 5
    export = tmp_path / "verdicts.csv"
    with open(export, "w", newline="", encoding="utf-8") as fh:  # as service/routes_alerts.py writes it
        writer = csv.DictWriter(fh, fieldnames=["alert_id", "verdict", "reviewer", "at", "note"], lineterminator="\n")
        writer.writeheader()
        for i, row in enumerate(rows):
            writer.writerow({**row, "reviewer": "ann", "at": "2026-11-23T04:28:52.034190Z",
                             "note": f'vendor tool, "ticket"\nSEC-{i}' if i % 2 == 0 else "front desk"})
    model_path = tmp_path / "m.joblib"
    result = CliRunner().invoke(app, ["train", str(world["log"]), "--out", str(model_path), "--labels", str(export),
                                      "--timezone", world["truth"]["tz"]])
    assert result.exit_code == 0, result.output
    meta = joblib.load(model_path)["metadata"]["supervised"]
    assert meta["labels_read"] == len(rows) and meta["unmatched"] == 0 and meta["matched"] == {"alert": len(rows)}


# --------------------------------------------------------------------------- too little to learn from
def _tiny_log(folder, sessions: int):
    """One authenticated session per address (a minute apart), two requests each."""
    log = folder / "tiny.log"
    lines = []
    for i in range(sessions):
        for second in (0, 30):
            lines.append(f'10.0.{i // 200}.{i % 200 + 1} - user{i}@x.org [14/Sep/2026:10:{i % 60:02d}:{second:02d} +0000] '
                         f'"GET /students/{1000 + i} HTTP/1.1" 200 100 "-" "Mozilla/5.0 Firefox/140.0"')
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return log


@pytest.mark.parametrize("content", ["", "five"])
def test_training_on_too_few_sessions_is_refused(tmp_path, content):
    from detector.train import MIN_TRAINING_SESSIONS
    from models.pipeline import MIN_UNITS_FOR_ENSEMBLE

    assert MIN_TRAINING_SESSIONS == MIN_UNITS_FOR_ENSEMBLE
    log = _tiny_log(tmp_path, 5) if content else tmp_path / "empty.log"
    if not content:
        log.write_text("", encoding="utf-8")
    model_path = tmp_path / "m.joblib"
    result = CliRunner().invoke(app, ["train", str(log), "--out", str(model_path)])
    assert result.exit_code == 2, result.output
    sessions = 5 if content else 0
    assert f"{sessions} session(s), too few to learn what is normal here; training needs at least {MIN_TRAINING_SESSIONS}" \
        in result.output.replace("\n", "")
    assert "Traceback" not in result.output and not model_path.exists()


def test_enough_sessions_train(tmp_path):
    from detector.train import MIN_TRAINING_SESSIONS

    meta = train_and_save([_tiny_log(tmp_path, MIN_TRAINING_SESSIONS)], Settings(), tmp_path / "m.joblib")
    assert meta["units_by_level"]["session"] == MIN_TRAINING_SESSIONS
    load_trained(tmp_path / "m.joblib", Settings())


def test_model_fitted_on_too_few_sessions_is_refused_at_load(tmp_path):
    """A model written before training refused small logs (or by other code) is refused when loaded."""
    from detector.io.reader import read_logs
    from detector.pipeline import build_features, new_model

    records, _ = read_logs([_tiny_log(tmp_path, 5)])
    _, features = build_features(records, Settings())
    model = new_model(Settings()).fit(features)
    path = tmp_path / "small.joblib"
    save_model(model, path, feature_names=expected_feature_list(), metadata={"session_gap_minutes": Settings().session_gap_minutes})
    with pytest.raises(ModelRefused, match=r"trained on 5 session\(s\): too few to have learnt what is normal \(at least 20"):
        load_trained(path, Settings())
    result = CliRunner().invoke(app, ["scan", str(tmp_path / "tiny.log"), "--model", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and "too few" in result.output and not (tmp_path / "o" / "alerts.jsonl").exists()
