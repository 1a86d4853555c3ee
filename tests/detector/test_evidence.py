"""Evidence files written by a real scan: consistent with the alerts' sessions, and free of record IDs.

:func:`scanned_sample` (one scan per test run, shared with ``test_report`` and
``test_explain``) generates a small labelled log, appends an enumerating
scraper whose user agent and URLs carry HTML/JS and matplotlib-math payloads,
and scans it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from detector.config import Settings
from detector.evidence import EVIDENCE_FILES, alert_positions, bucket_minutes
from detector.scan import run_scan
from sample_logs.generate import generate

#: The injected scraper: attacker-controlled text in the user agent and in a URL segment.
EVIL_USER = "mallory.vendor@tlusd.example.org"
EVIL_UA = "<script>alert('ua')</script><img src=x onerror=alert(2)> $\\frac{1}{$ evil-scraper/1.0"
EVIL_PATH = "/<script>alert(4)</script>/x"
EVIL_IP = "203.0.113.66"
EVIL_IDS = [f"{7_000_000_000 + i}" for i in range(3000)]

_CACHE: dict[str, dict] = {}


def _evil_lines() -> list[str]:
    lines = []
    start = pd.Timestamp("2026-09-14 10:00:00")
    for i, sid in enumerate(EVIL_IDS):
        when = (start + pd.Timedelta(seconds=2 * i)).strftime("%d/%b/%Y:%H:%M:%S -0700")
        lines.append(f'{EVIL_IP} - {EVIL_USER} [{when}] "GET /students/{sid} HTTP/1.1" 200 2048 "-" "{EVIL_UA}"')
        if i % 500 == 0:
            lines.append(f'{EVIL_IP} - {EVIL_USER} [{when}] "GET {EVIL_PATH} HTTP/1.1" 404 0 "-" "{EVIL_UA}"')
    return lines


def scanned_sample(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Generate, inject, scan once per test run; returns folder, log, out dir and the ScanResult."""
    if "sample" not in _CACHE:
        folder = tmp_path_factory.mktemp("evidence")
        log = folder / "logs" / "access.log"
        log.parent.mkdir()
        labels = generate(log, folder / "labels.json", seed=5, days=1, n_staff=40, fmt="combined")
        with open(log, "a", encoding="utf-8") as fh:
            fh.write("\n".join(_evil_lines()) + "\n")
        out = folder / "scan"
        result = run_scan([log], Settings(timezone=labels["tz"]), out_dir=out)
        _CACHE["sample"] = {"folder": folder, "log": log, "out": out, "result": result, "labels": labels}
    return _CACHE["sample"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return scanned_sample(tmp_path_factory)


def _alerts(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "alerts.jsonl").read_text(encoding="utf-8").splitlines() if line]


def test_scan_writes_every_evidence_file_and_the_injected_scraper_is_alerted(sample: dict) -> None:
    out = sample["out"]
    for name in EVIDENCE_FILES:
        assert (out / name).is_file(), name
    assert not list(out.glob(".scan-*")), "staging directory left behind"
    alerts = _alerts(out)
    assert len(alerts) >= 3
    evil = [a for a in alerts if a["user"] == EVIL_USER]
    assert evil and evil[0]["kind"] == "scraping"
    assert EVIL_UA in evil[0]["user_agents"]


def test_activity_sums_match_the_alert_sessions_request_counts(sample: dict) -> None:
    out = sample["out"]
    sessions = pd.read_csv(out / "sessions.csv", usecols=["session_id", "requests"]).set_index("session_id")["requests"]
    activity = pd.read_parquet(out / "activity.parquet")
    lanes = pd.read_parquet(out / "lanes.parquet")
    routes = pd.read_csv(out / "routes.csv", keep_default_na=False)
    lines = pd.read_parquet(out / "alert_lines.parquet")
    manifest = json.loads((out / "evidence.json").read_text(encoding="utf-8"))
    for alert in _alerts(out):
        aid = alert["alert_id"]
        expected = int(sessions.loc[alert["session_ids"]].sum())
        act = activity[activity["alert_id"] == aid].sort_values("minute")
        assert int(act["requests"].sum()) == expected, aid
        assert int(lanes.loc[lanes["alert_id"] == aid, "requests"].sum()) == expected, aid
        assert int(routes.loc[routes["alert_id"] == aid, "requests"].sum()) == expected, aid
        assert int((lines["alert_id"] == aid).sum()) == expected, aid
        # cumulative distinct records: running sum of the new ones, ending at the alert's distinct count
        assert (np.diff(act["records_cumulative"].to_numpy()) >= 0).all()
        assert int(act["records_cumulative"].iloc[-1]) == int(act["new_records"].sum()) == manifest["alerts"][aid]["records"]
        assert (act["networks"] >= 1).all() and (act["user_agents"] >= 1).all()
        assert act["minute"].is_unique
        first, last = pd.Timestamp(alert["first_seen"]), pd.Timestamp(alert["last_seen"])
        assert act["minute"].min() <= first and act["minute"].max() <= last
        assert manifest["alerts"][aid]["requests"] == expected


def test_evidence_counts_records_like_the_pipeline(sample: dict) -> None:
    analysis = sample["result"].analysis
    manifest = json.loads((sample["out"] / "evidence.json").read_text(encoding="utf-8"))
    req = analysis.data.requests
    for alert in analysis.alerts:
        pos = alert_positions(analysis, alert.session_ids)
        ent = req["entity"].to_numpy()[pos]
        assert manifest["alerts"][alert.alert_id]["records"] == np.unique(ent[ent != 0]).size
    evil = next(a for a in analysis.alerts if a.user == EVIL_USER)
    assert manifest["alerts"][evil.alert_id]["records"] >= len(EVIL_IDS)


def test_no_record_ids_or_urls_in_the_evidence(sample: dict) -> None:
    out = sample["out"]
    text = []
    for name in EVIDENCE_FILES:
        path = out / name
        if path.suffix == ".parquet":
            text.append(pd.read_parquet(path).astype(str).to_csv(index=False))
        else:
            text.append(path.read_text(encoding="utf-8"))
    blob = "\n".join(text)
    for sid in EVIL_IDS[::97]:
        assert sid not in blob
    assert "/students/{n}" in blob  # templates, yes


def test_lines_reference_the_scanned_file_and_are_sorted(sample: dict) -> None:
    lines = pd.read_parquet(sample["out"] / "alert_lines.parquet")
    summary = json.loads((sample["out"] / "summary.json").read_text(encoding="utf-8"))
    assert set(lines["file_idx"]) <= set(range(len(summary["files"])))
    for _, group in lines.groupby("alert_id", observed=True):
        assert group["line_no"].is_monotonic_increasing
        assert group["line_no"].min() >= 1


def test_bucket_size_grows_with_the_span() -> None:
    t0 = pd.Timestamp("2026-01-01", tz="UTC")
    assert bucket_minutes(t0, t0) == 1
    assert bucket_minutes(t0, t0 + pd.Timedelta(days=2)) == 1
    assert bucket_minutes(t0, t0 + pd.Timedelta(days=5)) == 2
    assert bucket_minutes(t0, t0 + pd.Timedelta(days=400)) >= 60
    assert (pd.Timedelta(days=400) / pd.Timedelta(minutes=bucket_minutes(t0, t0 + pd.Timedelta(days=400)))) < 4_320


def test_write_evidence_with_no_alerts(tmp_path: Path) -> None:
    log = tmp_path / "quiet.log"
    log.write_text(
        "\n".join(
            f'10.0.0.{i % 5} - user{i % 5}@x.org [14/Sep/2026:10:{i % 60:02d}:00 -0700] "GET /home HTTP/1.1" 200 10 "-" "Mozilla/5.0"'
            for i in range(50)
        )
        + "\n",
        encoding="utf-8",
    )
    result = run_scan([log], Settings(), out_dir=tmp_path / "out")
    assert result.analysis.alerts == []
    for name in EVIDENCE_FILES:
        assert (tmp_path / "out" / name).is_file()
    assert pd.read_parquet(tmp_path / "out" / "activity.parquet").empty
