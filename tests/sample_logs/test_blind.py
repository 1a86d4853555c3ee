"""The blind app's generator: deterministic, labels that match the log, readable by the detector.

No assertion of detection quality: the blind app exists to measure it honestly.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest

from sample_logs.blind import generate_blind
from sample_logs.blind.world import build_world
from sample_logs.blind.lookalikes import LOOKALIKES
from sample_logs.blind.scraping import TOOLS
from sample_logs.blind.sharing import SHARING

SEED = 4  # test seed; the evaluation seeds are in detector.evaluate.blind_apps.BLIND_APPS
TINY = {"days": 1, "n_staff": 60}
KNOWN = set(LOOKALIKES) | set(TOOLS) | set(SHARING) | {"generic_account", "shared_front_desk_pc",
                                                       "health_check", "uptime_monitor"}


@pytest.fixture(scope="module", params=["ecs", "caddy"])
def blind_log(request, tmp_path_factory) -> tuple[Path, dict, str]:
    folder = tmp_path_factory.mktemp(f"blind-{request.param}")
    log = folder / "access.jsonl"
    labels = generate_blind(log, folder / "labels.json", seed=SEED, fmt=request.param, **TINY)
    return log, labels, request.param


def _records(log: Path, fmt: str) -> list[tuple[float, str, str | None]]:
    """(time, client ip, user) per line, read straight from the JSON."""
    out = []
    for line in log.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        if fmt == "ecs":
            from datetime import datetime

            ts = datetime.fromisoformat(d["@timestamp"].replace("Z", "+00:00")).timestamp()
            out.append((ts, d["source"]["ip"], d.get("user", {}).get("name")))
        else:
            out.append((d["ts"], d["request"]["client_ip"], d["user_id"] or None))
    return out


def test_same_seed_same_bytes(tmp_path: Path, blind_log) -> None:
    log, labels, fmt = blind_log
    again = generate_blind(tmp_path / "again.jsonl", tmp_path / "again.json", seed=SEED, fmt=fmt, **TINY)
    assert (tmp_path / "again.jsonl").read_bytes() == log.read_bytes()
    assert (tmp_path / "again.json").read_bytes() == (log.parent / "labels.json").read_bytes()
    assert again == labels
    start = date.fromisoformat(labels["start"])
    worlds = [build_world(seed, TINY["n_staff"], TINY["days"], start) for seed in (SEED, SEED + 1)]
    assert [s.email for s in worlds[0].staff] != [s.email for s in worlds[1].staff]


def test_labels_match_the_log(blind_log) -> None:
    log, labels, fmt = blind_log
    records = _records(log, fmt)
    assert len(records) == labels["lines"]
    times = [r[0] for r in records]
    assert times == sorted(times)
    assert times[-1] - times[0] <= 24 * 3600 * labels["days"]
    users = {r[2] for r in records if r[2]}
    ips = {r[1] for r in records}
    for account, info in labels["accounts"].items():
        assert account in users, account
        assert set(info) == {"label", "behaviour", "kinds", "params"}
        assert info["behaviour"] in KNOWN
        assert set(info["kinds"]) <= {"scraping", "credential_sharing"}
        assert (info["label"] == "benign") == (not info["kinds"])
        if info["kinds"]:
            assert info["label"] == info["kinds"][0]
        if isinstance(info["params"].get("ip"), str) and info["params"]["ip"][0].isdigit():
            assert info["params"]["ip"] in ips
    for ip, info in labels["sources"].items():
        assert ip in ips and info["behaviour"] in KNOWN and info["kinds"] == []
    assert set(labels["staff"]) <= users and not set(labels["staff"]) & set(labels["accounts"])
    abusive = {info["behaviour"] for info in labels["accounts"].values() if info["kinds"]}
    assert {"vendor_night_job", "generic_account", "shared_with_colleague"} <= abusive
    assert any(not info["kinds"] for info in labels["accounts"].values())
    assert len(users) >= TINY["n_staff"] * 0.8


def test_detector_reads_every_line(tmp_path: Path, blind_log) -> None:
    """Every 7th line (all kinds of request, a fraction of the scan time); the full ECS log is read below."""
    from detector.config import Settings
    from detector.scan import run_scan

    log, labels, fmt = blind_log
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)[::7]
    sample = tmp_path / f"sample.{fmt}.jsonl"
    sample.write_text("".join(lines), encoding="utf-8")
    result = run_scan([sample], Settings(timezone=labels["tz"]), out_dir=tmp_path / "scan")
    assert result.summary["formats"][str(sample)] == "jsonl"
    assert result.summary["lines_rejected"] == 0
    assert result.summary["lines_read"] == result.summary["lines_parsed"] == len(lines)
    assert result.summary["accounts"] >= len(labels["staff"]) // 2


def test_blind_evaluation_runs(tmp_path: Path) -> None:
    from detector.evaluate.blind_apps import APPS_BY_KEY, run_blind_app

    result = run_blind_app(APPS_BY_KEY["blind"], tmp_path, SEED, "ecs", days=TINY["days"], staff=TINY["n_staff"])
    assert result["rejected"] == 0
    labels = json.loads((tmp_path / f"blind-{SEED}-ecs" / "labels.json").read_text(encoding="utf-8"))
    assert result["lines"] == labels["lines"]
    for key in ("precision", "recall", "average_precision"):
        value = result[key]
        assert not math.isnan(value) and 0.0 <= value <= 1.0, key
    assert {"caught", "missed_detail", "false_alarm_detail"} <= set(result)
    assert len(result["missed_detail"]) == len(result["missed"])
