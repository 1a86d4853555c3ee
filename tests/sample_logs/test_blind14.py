"""blind14 generator (a special-education platform on Kubernetes: Istio's default Envoy text log, which names no
user, or Kong's file-log JSON): determinism, labels, and the detector reading every request line."""
from __future__ import annotations

import pytest

from sample_logs.blind14.check import check_dir
from sample_logs.blind14.generate import FORMATS as LOG_NAMES
from sample_logs.blind14.generate import generate
from tests.sample_logs._blind import assert_label_kinds, assert_regenerated_alike, generate_into, scan_reads

SEED = 9014


@pytest.fixture(scope="module", params=sorted(LOG_NAMES))
def generated(request, tmp_path_factory):
    fmt = request.param
    return (fmt, *generate_into(generate, tmp_path_factory.mktemp(f"b14_{fmt}"), fmt, SEED, 100, LOG_NAMES[fmt]))


def test_deterministic(generated, tmp_path):
    assert_regenerated_alike(generate, generated, tmp_path, SEED, 100, LOG_NAMES[generated[0]])


def test_labels_match_log(generated):
    fmt, log, _lab, labels = generated
    assert labels["format"] == fmt and labels["seed"] == SEED
    errors, _ = check_dir(str(log.parent))
    assert errors == []
    assert_label_kinds(labels)


def test_detector_reads_every_request_and_rejects_only_the_other_lines(generated, tmp_path):
    """Envoy's text lines are recognised, the client taken from before Azure Front Door's hop; Kong's staff user
    is the app's own X-Harbor-User response header, a partner's the Kong consumer."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == ("envoy" if fmt == "envoy_text" else "jsonl")
    assert (abusive & users) if fmt == "kong_json" else not users
