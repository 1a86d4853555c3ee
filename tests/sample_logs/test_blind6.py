"""blind6 generator (ASP.NET on IIS behind an AWS ALB, IIS W3C and ALB logs): determinism, labels and readability."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from sample_logs.blind6.check import check_dir
from sample_logs.blind6.generate import generate

SEED = 9003
FORMATS = ("iis", "alb")


def _run(tmp: Path, fmt: str):
    log, lab = tmp / "access.log", tmp / "labels.json"
    labels = generate(log, lab, seed=SEED, days=1, n_staff=40, fmt=fmt)
    return log, lab, labels


@pytest.fixture(scope="module", params=FORMATS)
def generated(request, tmp_path_factory):
    fmt = request.param
    return (fmt, *_run(tmp_path_factory.mktemp(f"b6_{fmt}"), fmt))


def test_deterministic(generated, tmp_path):
    fmt, log, lab, labels = generated
    log2, _lab2, labels2 = _run(tmp_path, fmt)
    assert log.read_bytes() == log2.read_bytes()
    assert labels == labels2 == json.loads(lab.read_text())


def test_labels_match_log(generated):
    fmt, log, _lab, labels = generated
    assert labels["format"] == fmt and labels["seed"] == SEED and labels["tz"] == "America/Chicago"
    assert check_dir(str(log.parent))[1] == []
    kinds = {"scraping", "credential_sharing", "brute_force"}
    for subject in list(labels["accounts"].values()) + list(labels["sources"].values()):
        assert set(subject["kinds"]) <= kinds
        assert (subject["label"] == "benign") == (not subject["kinds"])
    assert not set(labels["staff"]) & set(labels["accounts"])


def test_detector_reads_every_line(generated, tmp_path):
    from detector.config import Settings
    from detector.scan import run_scan

    fmt, log, _lab, labels = generated
    res = run_scan([log], Settings(timezone=labels["tz"]), out_dir=tmp_path / "scan")
    assert res.summary["lines_rejected"] == 0
    assert res.summary["formats"][str(log)] == ("w3c" if fmt == "iis" else "alb")
