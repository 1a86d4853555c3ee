"""The second blind app's generator: deterministic, labels match the log, the detector reads it all."""

from __future__ import annotations

import json
import math
import re

import pytest

from detector.config import Settings
from detector.scan import run_scan
from sample_logs.blind2 import generate_blind2

SEED = 8093  # tests only; evaluation seeds live in detector.evaluate.blind_apps


def _users_and_ips(text: str, fmt: str) -> tuple[set[str], set[str]]:
    users, ips = set(), set()
    for line in text.splitlines():
        if fmt == "traefik":
            rec = json.loads(line)
            user, ip = rec["ClientUsername"], rec["ClientHost"]
        else:
            m = re.match(r"(\S+) - (.+?) \[", line)
            ip, user = m.group(1), m.group(2)
        ips.add(ip)
        if user != "-":
            users.add(user)
    return users, ips


@pytest.fixture(scope="module", params=["traefik", "tomcat"])
def tiny(request, tmp_path_factory):
    fmt = request.param
    folder = tmp_path_factory.mktemp(f"blind2-{fmt}")
    log = folder / "access.log"
    labels = generate_blind2(log, folder / "labels.json", seed=SEED, days=1, n_staff=30, fmt=fmt)
    return fmt, folder, log, labels


def test_deterministic(tiny, tmp_path):
    fmt, folder, log, labels = tiny
    again = generate_blind2(tmp_path / "a.log", tmp_path / "l.json", seed=SEED, days=1, n_staff=30, fmt=fmt)
    assert (tmp_path / "a.log").read_bytes() == log.read_bytes()
    assert again == labels
    other = generate_blind2(tmp_path / "b.log", tmp_path / "m.json", seed=SEED + 1, days=1, n_staff=30, fmt=fmt)
    assert (tmp_path / "b.log").read_bytes() != log.read_bytes()
    assert other["accounts"] != labels["accounts"]


def test_labels_consistent_with_log(tiny):
    fmt, folder, log, labels = tiny
    text = log.read_text(encoding="utf-8")
    assert len(text.splitlines()) == labels["lines"]
    users, ips = _users_and_ips(text, fmt)
    assert set(labels["accounts"]) <= users  # exact account names, as the person's login
    assert set(labels["sources"]) <= ips
    assert not set(labels["accounts"]) & set(labels["staff"])
    kinds = {"scraping", "credential_sharing", "brute_force"}
    entries = list(labels["accounts"].values()) + list(labels["sources"].values())
    for info in entries:
        assert set(info["kinds"]) <= kinds and info["behaviour"]
        assert (info["label"] == "abusive") == bool(info["kinds"])
    assert any(i["kinds"] for i in entries) and any(not i["kinds"] for i in entries)
    assert {k for i in entries for k in i["kinds"]} == kinds
    assert json.loads((folder / "labels.json").read_text(encoding="utf-8")) == labels


def test_detector_reads_every_line(tiny):
    fmt, folder, log, labels = tiny
    result = run_scan([log], Settings(timezone=labels["tz"]), out_dir=folder / "scan")
    assert result.summary["lines_rejected"] == 0
    assert result.summary["lines_parsed"] == labels["lines"]


def test_blind2_section_runs(tmp_path):
    from detector.evaluate.blind_apps import APPS_BY_KEY, run_blind_app

    out = run_blind_app(APPS_BY_KEY["blind2"], tmp_path, SEED, "tomcat", days=1, staff=30)
    assert out["rejected"] == 0 and out["lines"] > 0
    for key in ("precision", "recall", "average_precision"):
        value = out[key]
        assert math.isnan(value) or 0.0 <= value <= 1.0
    assert {"caught", "missed_detail", "false_alarm_detail"} <= set(out)
