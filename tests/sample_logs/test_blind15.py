"""blind15 generator (a Rails transcript system: its production.log, several lines per request, or nginx in a
layout of the site's own): determinism, labels, and the detector reading every request."""
from __future__ import annotations

import pytest

from sample_logs.blind15.check import check_dir
from sample_logs.blind15.generate import FORMATS as LOG_NAMES
from sample_logs.blind15.generate import generate
from tests.sample_logs._blind import assert_label_kinds, assert_regenerated_alike, generate_into, scan_reads

SEED = 9015


@pytest.fixture(scope="module", params=sorted(LOG_NAMES))
def generated(request, tmp_path_factory):
    fmt = request.param
    return (fmt, *generate_into(generate, tmp_path_factory.mktemp(f"b15_{fmt}"), fmt, SEED, 100, LOG_NAMES[fmt]))


def test_deterministic(generated, tmp_path):
    assert_regenerated_alike(generate, generated, tmp_path, SEED, 100, LOG_NAMES[generated[0]])


def test_labels_match_log(generated):
    fmt, log, _lab, labels = generated
    assert labels["format"] == fmt and labels["seed"] == SEED
    errors, _ = check_dir(str(log.parent))
    assert errors == []
    assert_label_kinds(labels)


def test_detector_reads_every_request_and_rejects_only_the_other_lines(generated, tmp_path):
    """The Rails log is one record per Started line, its other messages skipped; the nginx layout is found by
    what its fields look like. Both name the user by a numeric id."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == ("rails" if fmt == "rails_log" else "inferred")
    assert {str(u).removesuffix(".0") for u in users} & abusive
