"""blind7 generator (a records-transfer SPA behind Cloudflare or a Google Cloud load balancer): determinism,
labels, and the detector reading every line it should, names included."""
from __future__ import annotations

from pathlib import Path

import pytest

from sample_logs.blind7.check import check
from sample_logs.blind7.generate import generate
from tests.sample_logs._blind import assert_label_kinds, assert_regenerated_alike, generate_into

SEED = 9007
FORMATS = ("cloudflare", "gcp")


def _run(tmp: Path, fmt: str):
    return generate_into(generate, tmp, fmt, SEED, 40, "access.jsonl")


@pytest.fixture(scope="module", params=FORMATS)
def generated(request, tmp_path_factory):
    fmt = request.param
    return (fmt, *_run(tmp_path_factory.mktemp(f"b7_{fmt}"), fmt))


def test_deterministic(generated, tmp_path):
    assert_regenerated_alike(generate, generated, tmp_path, SEED, 40, "access.jsonl")


def test_labels_match_log(generated):
    fmt, log, _lab, labels = generated
    assert labels["format"] == fmt and labels["seed"] == SEED and labels["tz"] == "America/Chicago"
    assert check(str(log.parent))
    assert_label_kinds(labels)


def test_detector_reads_every_line_and_the_cloudflare_user_header(generated, tmp_path):
    """Only the inserted malformed lines are rejected, with their numbers; Cloudflare's log names the signed-in
    users through its ``x-user-id`` custom field, the Google load balancer's names nobody."""
    import pandas as pd

    from detector.config import Settings
    from detector.scan import run_scan

    fmt, log, _lab, labels = generated
    out = tmp_path / "scan"
    res = run_scan([log], Settings(timezone=labels["tz"]), out_dir=out)
    assert res.summary["formats"][str(log)] == "jsonl"
    assert res.summary["lines_rejected"] == len(labels["malformed_lines"])
    users = set(pd.read_csv(out / "sessions.csv", usecols=["user"])["user"].dropna())
    if fmt == "cloudflare":
        assert set(labels["accounts"]) <= users and len(users) > 20
    else:
        assert users == set()
