"""blind8 generator (an attendance platform on Heroku or behind Kubernetes ingress-nginx): determinism, labels,
and the detector reading every line it should, names included."""
from __future__ import annotations

from pathlib import Path

import pytest

from sample_logs.blind8.check import check
from sample_logs.blind8.generate import generate
from tests.sample_logs._blind import assert_label_kinds, assert_regenerated_alike, generate_into

SEED = 9008
FORMATS = ("heroku", "ingress")


def _run(tmp: Path, fmt: str):
    return generate_into(generate, tmp, fmt, SEED, 100)  # fewer leaves a role empty


@pytest.fixture(scope="module", params=FORMATS)
def generated(request, tmp_path_factory):
    fmt = request.param
    return (fmt, *_run(tmp_path_factory.mktemp(f"b8_{fmt}"), fmt))


def test_deterministic(generated, tmp_path):
    assert_regenerated_alike(generate, generated, tmp_path, SEED, 100)


def test_labels_match_log(generated):
    fmt, log, _lab, labels = generated
    assert labels["format"] == fmt and labels["seed"] == SEED and labels["tz"] == "America/Chicago"
    assert check(str(log.parent))
    assert_label_kinds(labels)


def test_detector_reads_every_request_and_rejects_only_the_other_lines(generated, tmp_path):
    """The Heroku drain is read as logfmt, router and app lines of a request joined, the app naming the user;
    ingress-nginx's lines come in CRI records and name nobody. Malformed lines and the drain's other lines
    (dyno state, job logs; the controller's own lines) are rejected or skipped with their numbers, no request
    line is."""
    import pandas as pd

    from detector.config import Settings
    from detector.scan import run_scan

    fmt, log, _lab, labels = generated
    out = tmp_path / "scan"
    res = run_scan([log], Settings(timezone=labels["tz"]), out_dir=out)
    assert res.summary["formats"][str(log)] == ("logfmt" if fmt == "heroku" else "combined")
    assert res.summary["lines_rejected"] <= len(labels["malformed_lines"]) + len(labels["header_lines"])
    users = set(pd.read_csv(out / "sessions.csv", usecols=["user"])["user"].dropna())
    requests = int(pd.read_csv(out / "sessions.csv", usecols=["requests"])["requests"].sum())
    if fmt == "heroku":
        assert {a for a, v in labels["accounts"].items() if v["label"] != "benign"} <= users
        assert requests <= labels["n_events"]  # one record per request, however many lines it has
    else:
        assert users == set()
