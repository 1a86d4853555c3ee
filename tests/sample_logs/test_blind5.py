"""blind5 generator (special-education portal, pino-http and Envoy JSON): determinism, labels and readability."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from sample_logs.blind5.generate import generate

SEED = 9002
FORMATS = ("pino", "envoy")


def _run(tmp: Path, fmt: str):
    log, lab = tmp / f"{fmt}.jsonl", tmp / f"{fmt}.labels.json"
    labels = generate(log, lab, seed=SEED, days=1, n_staff=40, fmt=fmt)
    return log, lab, labels


@pytest.fixture(scope="module", params=FORMATS)
def generated(request, tmp_path_factory):
    fmt = request.param
    return (fmt, *_run(tmp_path_factory.mktemp(f"b5_{fmt}"), fmt))


def _users_and_clients(log: Path, fmt: str) -> tuple[set, set]:
    users, clients = set(), set()
    with open(log, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            if fmt == "pino":
                users.add(d.get("user"))
                clients.add(d["req"]["headers"]["x-forwarded-for"].split(",")[0].strip())
            else:
                users.add(d.get("user"))
                clients.add(d["downstream_remote_address"].rpartition(":")[0])
    return users, clients


def test_deterministic(generated, tmp_path):
    fmt, log, lab, labels = generated
    log2, lab2, labels2 = _run(tmp_path, fmt)
    assert log.read_bytes() == log2.read_bytes()
    assert labels == labels2 == json.loads(lab.read_text())


def test_labels_match_log(generated):
    fmt, log, _lab, labels = generated
    assert labels["format"] == fmt and labels["seed"] == SEED and labels["tz"] == "America/Denver"
    assert labels["n_lines"] == sum(1 for _ in open(log, encoding="utf-8"))
    users, clients = _users_and_clients(log, fmt)
    kinds = {"scraping", "credential_sharing", "brute_force"}
    for subject in list(labels["accounts"].values()) + list(labels["sources"].values()):
        assert set(subject["kinds"]) <= kinds
        assert (subject["label"] == "benign") == (not subject["kinds"])
    assert not set(labels["staff"]) & set(labels["accounts"])
    assert set(labels["sources"]) <= clients, set(labels["sources"]) - clients
    assert set(labels["staff"]) <= users


def test_detector_reads_every_line(generated, tmp_path):
    from detector.config import Settings
    from detector.scan import run_scan

    _fmt, log, _lab, labels = generated
    res = run_scan([log], Settings(timezone=labels["tz"]), out_dir=tmp_path / "scan")
    assert res.summary["lines_rejected"] == 0


def test_the_same_log_whatever_the_hash_seed(tmp_path):
    import os
    import subprocess
    import sys

    logs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        subprocess.run([sys.executable, "-m", "sample_logs.blind5", "--out", str(out), "--seed", str(SEED), "--fmt",
                        "envoy", "--days", "1", "--staff", "30"], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": hash_seed})
        logs.append((out / "access.jsonl").read_bytes())
    assert logs[0] == logs[1]
