"""The third blind app's generator (TidePool SIS): deterministic, labels match the log, the detector reads it."""

from __future__ import annotations

import json
import math
import re

import pytest

from sample_logs.blind3.generate import generate

SEED = 3  # tests only; the evaluation seeds are in detector.evaluate.blind_apps
VHOST = re.compile(r'^\S+:443 (\S+) - (\S+) \[[^\]]+\] "([A-Z]+) (\S+) HTTP/1\.1" \d{3} (\d+|-) "[^"]*" "[^"]*"$')


@pytest.fixture(scope="module", params=["vhost_combined", "jsonl"])
def small(request, tmp_path_factory):
    """A two-day, 40-person log in each format and its labels."""
    folder = tmp_path_factory.mktemp(f"blind3-{request.param}")
    log = folder / "access.log"
    labels = generate(log, folder / "labels.json", seed=SEED, days=2, n_staff=40, fmt=request.param)
    return request.param, log, labels


def _rows(fmt: str, log) -> list[tuple[str, str, str]]:
    """(address, account, path) of every line."""
    rows = []
    for line in log.read_text(encoding="utf-8").splitlines():
        if fmt == "jsonl":
            rec = json.loads(line)
            rows.append((rec["remote_addr"], rec["remote_user"], rec["request"].split()[1]))
        else:
            m = VHOST.match(line)
            assert m, line
            rows.append((m.group(1), "" if m.group(2) == "-" else m.group(2), m.group(4)))
    return rows


def test_same_seed_same_bytes(tmp_path):
    a = generate(tmp_path / "a.log", tmp_path / "a.json", seed=SEED, days=1, n_staff=30)
    b = generate(tmp_path / "b.log", tmp_path / "b.json", seed=SEED, days=1, n_staff=30)
    assert (tmp_path / "a.log").read_bytes() == (tmp_path / "b.log").read_bytes()
    assert a == b
    generate(tmp_path / "c.log", tmp_path / "c.json", seed=SEED + 1, days=1, n_staff=30)
    assert (tmp_path / "a.log").read_bytes() != (tmp_path / "c.log").read_bytes()


def test_labels_match_the_log(small):
    fmt, log, labels = small
    rows = _rows(fmt, log)
    assert len(rows) == labels["lines"]
    accounts = {u for _, u, _ in rows if u}
    addresses = {ip for ip, _, _ in rows}
    assert set(labels["accounts"]) <= accounts
    assert set(labels["sources"]) <= addresses
    assert not set(labels["staff"]) & set(labels["accounts"])
    kinds = {k for v in [*labels["accounts"].values(), *labels["sources"].values()] for k in v["kinds"]}
    assert kinds == {"scraping", "credential_sharing", "brute_force"}
    for info in [*labels["accounts"].values(), *labels["sources"].values()]:
        assert info["label"] in ("abusive", "benign") and bool(info["kinds"]) == (info["label"] == "abusive")
        assert info["behaviour"]
    assert any(v["label"] == "benign" for v in labels["accounts"].values())
    for ip in labels["sources"]:  # guessing sources only ever post to the sign-in form
        assert {p for a, _, p in rows if a == ip} <= {"/sis/login.php"}


def test_detector_reads_every_line(small, tmp_path):
    from detector.config import Settings
    from detector.scan import run_scan

    _, log, labels = small
    result = run_scan([log], Settings(timezone=labels["tz"]), out_dir=tmp_path / "scan")
    assert result.summary["lines_rejected"] == 0
    assert result.summary["lines_read"] == labels["lines"]


def test_blind3_runs_on_a_tiny_config(tmp_path, capsys):
    from detector.evaluate.blind_apps import APPS_BY_KEY, run_blind_app

    out = run_blind_app(APPS_BY_KEY["blind3"], tmp_path, SEED, "jsonl", days=1, staff=40)
    assert out["rejected"] == 0 and out["lines"] > 0
    for key in ("precision", "recall", "average_precision"):
        assert math.isnan(out[key]) or 0.0 <= out[key] <= 1.0
    assert "third blind app" in capsys.readouterr().out
