"""blind6 generator (ASP.NET on IIS behind an AWS ALB, IIS W3C and ALB logs): determinism, labels and readability."""
from __future__ import annotations

from pathlib import Path

import pytest

from sample_logs.blind6.check import check_dir
from sample_logs.blind6.generate import generate
from tests.sample_logs._blind import assert_label_kinds, assert_regenerated_alike, generate_into

SEED = 9003
FORMATS = ("iis", "alb")


def _run(tmp: Path, fmt: str):
    return generate_into(generate, tmp, fmt, SEED, 40)


@pytest.fixture(scope="module", params=FORMATS)
def generated(request, tmp_path_factory):
    fmt = request.param
    return (fmt, *_run(tmp_path_factory.mktemp(f"b6_{fmt}"), fmt))


def test_deterministic(generated, tmp_path):
    assert_regenerated_alike(generate, generated, tmp_path, SEED, 40)


def test_labels_match_log(generated):
    fmt, log, _lab, labels = generated
    assert labels["format"] == fmt and labels["seed"] == SEED and labels["tz"] == "America/Chicago"
    assert check_dir(str(log.parent))[1] == []
    assert_label_kinds(labels)
    assert not set(labels["staff"]) & set(labels["accounts"])


def test_detector_reads_every_line(generated, tmp_path):
    from detector.config import Settings
    from detector.scan import run_scan

    fmt, log, _lab, labels = generated
    res = run_scan([log], Settings(timezone=labels["tz"]), out_dir=tmp_path / "scan")
    assert res.summary["lines_rejected"] == 0
    assert res.summary["formats"][str(log)] == ("w3c" if fmt == "iis" else "alb")
