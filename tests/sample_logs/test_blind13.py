"""blind13 generator (a GraphQL records system on AWS: API Gateway's JSON access log, or the Node app's own
request log among its other lines): determinism, labels, and the detector reading every request line."""
from __future__ import annotations


import pytest

from sample_logs.blind13.check import LOG_FILE, check_dir
from sample_logs.blind13.generate import generate
from tests.sample_logs._blind import assert_label_kinds, assert_regenerated_alike, generate_into, scan_reads

SEED = 9013
FORMATS = ("apigw", "app")


@pytest.fixture(scope="module", params=FORMATS)
def generated(request, tmp_path_factory):
    fmt = request.param
    return (fmt, *generate_into(generate, tmp_path_factory.mktemp(f"b13_{fmt}"), fmt, SEED, 100, LOG_FILE[fmt]))


def test_deterministic(generated, tmp_path):
    assert_regenerated_alike(generate, generated, tmp_path, SEED, 100, LOG_FILE[generated[0]])


def test_labels_match_log(generated):
    fmt, log, _lab, labels = generated
    assert labels["format"] == fmt and labels["seed"] == SEED
    errors, _ = check_dir(str(log.parent))
    assert errors == []
    assert_label_kinds(labels)


def test_detector_reads_every_request_and_rejects_only_the_other_lines(generated, tmp_path):
    """API Gateway's user is the claims e-mail under a key of the site's choosing (jwtEmail), the app's a
    numeric uid; both are found without a mapping."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == "jsonl"
    assert {str(u).removesuffix(".0") for u in users} & abusive
