"""blind4 generator (CALPADS-style state student data system): determinism, labels and readability."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sample_logs.blind4 import FORMATS, generate

SEED = 9001
NGINX = re.compile(r'^(\S+) - (\S+) \[[^\]]+\] "[^"]*" \d{3} \d+ "[^"]*" "[^"]*" "([^"]*)"$')


def _run(tmp: Path, fmt: str):
    log, lab = tmp / f"{fmt}.log", tmp / f"{fmt}.labels.json"
    labels = generate(log, lab, seed=SEED, days=1, n_staff=30, fmt=fmt)
    return log, lab, labels


@pytest.fixture(scope="module", params=FORMATS)
def generated(request, tmp_path_factory):
    fmt = request.param
    return (fmt, *_run(tmp_path_factory.mktemp(f"b4_{fmt}"), fmt))


def _users_and_clients(log: Path, fmt: str):
    users, clients = set(), set()
    with open(log, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if fmt == "nginx_xff":
                m = NGINX.match(line)
                assert m, line
                lb, user, xff = m.groups()
                assert lb.startswith("10.")
                users.add(user)
                clients.add(lb if xff == "-" else xff.split(",")[-1].strip())
            else:
                d = json.loads(line)
                users.add(d["user"])
                clients.add(d["remote_ip"])
    return users, clients


def test_formats():
    assert FORMATS == ("nginx_xff", "lograge_json")


def test_deterministic(generated, tmp_path):
    fmt, log, lab, labels = generated
    log2, lab2, labels2 = _run(tmp_path, fmt)
    assert log.read_bytes() == log2.read_bytes()
    assert lab.read_bytes() == lab2.read_bytes()
    assert labels == labels2 == json.loads(lab.read_text())


def test_labels_match_log(generated):
    fmt, log, _lab, labels = generated
    assert labels["format"] == fmt and labels["seed"] == SEED and labels["tz"] == "America/Los_Angeles"
    n = sum(1 for _ in open(log, encoding="utf-8"))
    assert labels["n_lines"] == n
    users, clients = _users_and_clients(log, fmt)
    missing = [a for a in labels["accounts"] if a not in users]
    assert not missing, missing
    missing_src = [ip for ip in labels["sources"] if ip not in clients]
    assert not missing_src, missing_src
    kinds = {"scraping", "credential_sharing", "brute_force"}
    for subject in list(labels["accounts"].values()) + list(labels["sources"].values()):
        assert set(subject["kinds"]) <= kinds
        assert (subject["label"] == "benign") == (not subject["kinds"])
    assert not set(labels["staff"]) & set(labels["accounts"])
    abusive = [s for s in list(labels["accounts"].values()) + list(labels["sources"].values()) if s["kinds"]]
    assert 20 <= len(abusive) <= 32


def test_detector_reads_every_line(generated, tmp_path):
    from detector.config import Settings
    from detector.scan import run_scan

    _fmt, log, _lab, labels = generated
    res = run_scan([log], Settings(timezone=labels["tz"]), out_dir=tmp_path / "scan")
    assert res.summary["lines_rejected"] == 0
