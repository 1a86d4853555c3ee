"""blind10 generator (a PHP district SIS: a Splunk CSV export with the raw lines, or Apache logging the
X-Forwarded-For chain as the client): determinism, labels, and the detector reading every request line it should."""
from __future__ import annotations

from pathlib import Path

import pytest

from sample_logs.blind10.check import check_dir
from sample_logs.blind10.generate import generate
from tests.sample_logs._blind import assert_label_kinds, assert_regenerated_alike, generate_into, scan_reads

SEED = 9010
FORMATS = ("splunk_csv", "apache_xff")


def _run(tmp: Path, fmt: str):
    return generate_into(generate, tmp, fmt, SEED, 100)


@pytest.fixture(scope="module", params=FORMATS)
def generated(request, tmp_path_factory):
    fmt = request.param
    return (fmt, *_run(tmp_path_factory.mktemp(f"b9_{fmt}"), fmt))


def test_deterministic(generated, tmp_path):
    assert_regenerated_alike(generate, generated, tmp_path, SEED, 100)


def test_labels_match_log(generated):
    fmt, log, _lab, labels = generated
    assert labels["format"] == fmt and labels["seed"] == SEED
    errors, _ = check_dir(str(log.parent))
    assert errors == []
    assert_label_kinds(labels)


def test_detector_reads_every_request_and_rejects_only_the_other_lines(generated, tmp_path):
    """The Splunk export is read by its header row (its extracted fields); Apache's lines are read whatever their
    first field holds (an address, a chain of them, '-'). Only malformed lines are rejected."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == ("csv" if fmt == "splunk_csv" else "combined")
    assert abusive & users
