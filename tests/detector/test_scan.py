"""End to end: a generated log in, the documented outputs and the right alerts out."""

from __future__ import annotations

import csv
import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from detector.config import Settings
from detector.scan import run_scan
from sample_logs.generate import generate

REPO = Path(__file__).resolve().parents[2]
ALERT_FIELDS = {
    "alert_id", "kind", "severity", "score", "user", "client_ips", "user_agents",
    "first_seen", "last_seen", "session_ids", "reasons",
}
SESSION_HEAD = ["session_id", "user", "client_ip", "user_agent", "app_session", "first_seen", "last_seen", "requests", "score"]
ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A one-day labelled log (seed reserved for this test) and its scan."""
    folder = tmp_path_factory.mktemp("scan")
    log = folder / "access.log"
    labels = generate(log, folder / "labels.json", seed=3, days=1, n_staff=80, fmt="combined")
    result = run_scan([log], Settings(timezone=labels["tz"]), out_dir=folder / "out")
    return {"folder": folder, "log": log, "labels": labels, "result": result, "out": folder / "out"}


def _alerts(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "alerts.jsonl").read_text(encoding="utf-8").splitlines() if line]


def test_injected_accounts_and_only_they_are_alerted(generated: dict) -> None:
    labels = generated["labels"]
    alerts = _alerts(generated["out"])
    abusive_accounts = {u.lower(): set(v["kinds"]) for u, v in labels["accounts"].items() if v["kinds"]}
    abusive_sources = {ip: set(v["kinds"]) for ip, v in labels["sources"].items() if v["kinds"]}
    found_accounts: dict[str, set[str]] = {}
    found_sources: set[str] = set()
    for alert in alerts:
        if alert["user"]:
            user = alert["user"].lower()
            assert user in abusive_accounts, f"false alarm on {alert['user']}: {alert['reasons'][:2]}"
            assert alert["kind"] in abusive_accounts[user], f"{user}: wrong kind {alert['kind']}"
            found_accounts.setdefault(user, set()).add(alert["kind"])
        else:
            hits = [ip for ip in alert["client_ips"] if ip in abusive_sources]
            assert hits, f"false alarm on unauthenticated {alert['client_ips'][:3]}: {alert['reasons'][:2]}"
            assert alert["kind"] in abusive_sources[hits[0]]
            found_sources.update(hits)
    assert set(found_accounts) == set(abusive_accounts), f"missed: {set(abusive_accounts) - set(found_accounts)}"
    assert found_sources, "credential stuffing not alerted"


def test_alert_records_follow_the_contract(generated: dict) -> None:
    alerts = _alerts(generated["out"])
    assert alerts
    for alert in alerts:
        assert ALERT_FIELDS <= set(alert)
        assert alert["kind"] in {"scraping", "credential_sharing", "brute_force"}
        assert alert["severity"] in {"low", "medium", "high", "critical"}
        assert 0.0 <= alert["score"] <= 1.0
        assert ISO_UTC.match(alert["first_seen"]) and ISO_UTC.match(alert["last_seen"])
        assert alert["first_seen"] <= alert["last_seen"]
        assert alert["reasons"] and all(isinstance(r, str) and r for r in alert["reasons"])
        assert alert["session_ids"] and alert["client_ips"]
    # one alert per subject, kind and day
    keys = [(a["user"] or a["client_ips"][0], a["kind"], a["day"]) for a in alerts]
    assert len(keys) == len(set(keys))


def test_alerts_never_carry_raw_record_ids(generated: dict) -> None:
    """No identifier that appears in the log's URLs appears anywhere in the alerts."""
    log_text = generated["log"].read_text(encoding="utf-8", errors="replace")
    ids = set(re.findall(r"/students/(\d{6,})", log_text))
    assert len(ids) > 100  # the log does carry student IDs
    text = (generated["out"] / "alerts.jsonl").read_text(encoding="utf-8")
    leaked = {i for i in re.findall(r"\d{6,}", text) if i in ids}
    assert not leaked, f"{len(leaked)} record IDs in alerts.jsonl"
    assert "/students/" not in text


def test_sessions_csv_and_summary(generated: dict) -> None:
    out, labels = generated["out"], generated["labels"]
    with open(out / "sessions.csv", newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = list(reader)
    assert header[: len(SESSION_HEAD)] == SESSION_HEAD
    assert "distinct_entities" in header and "regular_gap_share" in header
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["sessions"] == len(rows)
    assert summary["formats"] == {str(generated["log"]): "combined"}
    assert summary["lines_parsed"] + summary["lines_rejected"] <= summary["lines_read"]
    # the generator's deliberately damaged lines are exactly the rejected ones, with their numbers
    malformed = set(labels["malformed_lines"])
    assert summary["lines_rejected"] == len(malformed)
    assert {s["line_no"] for s in summary["rejected_samples"]} <= malformed
    assert all(s["reason"] for s in summary["rejected_samples"])
    assert summary["alerts"] == len(_alerts(out))
    assert sum(summary["alerts_by_kind"].values()) == summary["alerts"]


def test_same_alerts_from_gzip_and_split_files(generated: dict, tmp_path: Path) -> None:
    lines = generated["log"].read_bytes().splitlines(keepends=True)
    half = len(lines) // 2
    first, second = tmp_path / "access.log.1.gz", tmp_path / "access.log"
    with gzip.open(first, "wb") as fh:
        fh.writelines(lines[:half])
    second.write_bytes(b"".join(lines[half:]))
    result = run_scan([first, second], Settings(timezone=generated["labels"]["tz"]))
    mine = {(a.user, a.kind, a.day) for a in result.analysis.alerts}
    reference = {(a.user, a.kind, a.day) for a in generated["result"].analysis.alerts}
    assert mine == reference


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "detector.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )


def test_cli_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    proc = _cli("scan", str(tmp_path / "nope.log"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "nope.log" in proc.stderr
    assert len([line for line in proc.stderr.splitlines() if line.strip()]) <= 2
    assert not (tmp_path / "out" / "summary.json").exists()


def test_cli_file_where_nothing_parses(tmp_path: Path) -> None:
    junk = tmp_path / "junk.log"
    junk.write_bytes(b"hello world\nthis is not a log\n\x00\x01\x02\n")
    proc = _cli("scan", str(junk), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and "junk.log" in proc.stderr
    assert not (tmp_path / "out" / "summary.json").exists()


def test_cli_scan_prints_ranked_table_and_json(generated: dict, tmp_path: Path) -> None:
    proc = _cli("scan", str(generated["log"]), "--out", str(tmp_path / "out"), "--timezone", "America/Los_Angeles", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "alert(s), most certain first" in proc.stdout
    assert "scraping" in proc.stdout
    proc = _cli("scan", str(generated["log"]), "--out", str(tmp_path / "out2"), "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["alerts"] > 0 and summary["lines_read"] > 0


def test_empty_file_beside_a_real_one_is_a_warning(generated: dict, tmp_path: Path) -> None:
    empty = tmp_path / "empty.log"
    empty.write_text("")
    log = tmp_path / "access.log"
    shutil.copy(generated["log"], log)
    result = run_scan([empty, log], Settings(timezone="America/Los_Angeles"), out_dir=tmp_path / "out")
    assert any("empty.log" in w for w in result.summary["warnings"])
    assert result.summary["alerts"] > 0


def test_a_new_scan_into_a_folder_removes_the_old_report(generated: dict, tmp_path: Path) -> None:
    """A report.html drawn from the outputs a scan replaces would show alerts the new scan does not have."""
    from detector.report import write_report

    out = tmp_path / "out"
    shutil.copytree(generated["out"], out)
    report = write_report(out)
    assert Path(report).is_file()
    (out / "kept.txt").write_text("not ours")
    run_scan([generated["log"]], Settings(timezone=generated["labels"]["tz"]), out_dir=out)
    assert not (out / "report.html").exists()
    assert (out / "kept.txt").read_text() == "not ours"  # only the scan's own files are replaced
