"""``detector explain``: exactly the alert's raw lines, the records in them, and features beside peer percentiles."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from detector.cli import app
from detector.evidence import alert_positions
from detector.explain_alert import ExplainError, explain_alert, record_of
from detector.explain_output import write_explanation
from tests.detector.test_evidence import EVIL_IDS, EVIL_USER, scanned_sample

_URL = re.compile(r'"[A-Z]+ (\S+) HTTP/[\d.]+"')


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return scanned_sample(tmp_path_factory)


def _file_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def _expected_lines(sample: dict, alert) -> set[tuple[int, int]]:
    analysis = sample["result"].analysis
    req = analysis.data.requests
    pos = alert_positions(analysis, alert.session_ids)
    return set(zip(req["file_idx"].to_numpy()[pos].tolist(), req["line_no"].to_numpy()[pos].tolist()))


def test_lines_are_exactly_the_alert_sessions_lines(sample: dict) -> None:
    analysis = sample["result"].analysis
    raw = _file_lines(sample["log"])
    for alert in analysis.alerts:
        expl = explain_alert(alert.alert_id, sample["out"])
        got = {(0, int(n)) for n in expl.lines["line_no"]}
        assert len(got) == len(expl.lines), "no line twice"
        assert got == _expected_lines(sample, alert), alert.alert_id
        assert expl.lines["line_no"].is_monotonic_increasing
        for row in expl.lines.itertuples(index=False):
            assert row.text == raw[row.line_no - 1]


def test_records_match_the_ids_in_those_lines(sample: dict) -> None:
    analysis = sample["result"].analysis
    evil = next(a for a in analysis.alerts if a.user == EVIL_USER)
    expl = explain_alert(evil.alert_id, sample["out"])
    students = expl.records[expl.records["kind"] == "students"]
    assert set(EVIL_IDS) <= set(students["id"])
    # every record is an identifier written in one of the lines, with the right request count
    urls = [_URL.search(t).group(1) for t in expl.lines["text"]]
    counted: dict[tuple[str, str], int] = {}
    for url in urls:
        rec = record_of(url)
        if rec:
            counted[(rec[0], rec[1])] = counted.get((rec[0], rec[1]), 0) + 1
    assert {(r.kind, r.id): r.requests for r in expl.records.itertuples()} == counted
    for r in expl.records.itertuples():
        assert any(r.id in u for u in urls)
    # and there are as many as the detector counted from its hashes
    manifest = json.loads((sample["out"] / "evidence.json").read_text(encoding="utf-8"))
    for alert in analysis.alerts:
        expl = explain_alert(alert.alert_id, sample["out"])
        assert len(expl.records) == manifest["alerts"][alert.alert_id]["records"], alert.alert_id
        assert not expl.notes


def test_record_of_mirrors_the_route_entities() -> None:
    assert record_of("/students/1234567890/enrollment") == ("students", "1234567890", "students/1234567890")
    assert record_of("/students/1234567890") == record_of("/students/1234567890/demographics")
    assert record_of("/api/v1/schools/12/roster?grade=3&year=2025")[:2] == ("schools", "12")
    assert record_of("/reports/extract?type=SENR&year=2025")[:2] == ("extract?year", "2025")
    assert record_of("/files/ABC12345.pdf")[:2] == ("files", "ABC12345")
    assert record_of("/dashboard") is None


def test_features_beside_peer_percentiles(sample: dict) -> None:
    analysis = sample["result"].analysis
    evil = next(a for a in analysis.alerts if a.user == EVIL_USER)
    expl = explain_alert(evil.alert_id, sample["out"])
    f = expl.features
    assert {"level", "unit", "feature", "label", "value", "percentile", "peer_p50", "peer_p99"} <= set(f.columns)
    assert set(f.loc[f["level"] == "session", "unit"]) == set(evil.session_ids)
    assert (f["level"] == "account_day").any()
    assert f["percentile"].between(0, 100).all()
    # percentile = share of the *other* sessions with records that touched at most as many
    sessions = pd.read_csv(sample["out"] / "sessions.csv")
    others = sessions.loc[~sessions["session_id"].isin(evil.session_ids), "distinct_entities"]
    others = others[others > 0]
    rows = f[(f["level"] == "session") & (f["feature"] == "distinct_entities")].set_index("unit")
    mine = sessions[sessions["session_id"].isin(evil.session_ids)].set_index("session_id")["distinct_entities"]
    for sid, value in mine.items():
        assert rows.at[sid, "value"] == value
        expected = (others <= value).mean() * 100 if value > 0 else 0.0
        assert rows.at[sid, "percentile"] == pytest.approx(expected)
    assert rows["percentile"].max() > 99


def test_write_text_and_json_owner_only(sample: dict, tmp_path: Path) -> None:
    evil = next(a for a in sample["result"].analysis.alerts if a.user == EVIL_USER)
    expl = explain_alert(evil.alert_id, sample["out"])
    txt = write_explanation(expl, tmp_path / "x.txt")
    js = write_explanation(expl, tmp_path / "x.json")
    for path in (txt, js):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = txt.read_text(encoding="utf-8")
    assert "RECORDS TOUCHED" in text and EVIL_IDS[1234] in text and "RAW LINES" in text
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["alert"]["alert_id"] == evil.alert_id
    assert len(data["lines"]) == len(expl.lines) and len(data["records"]) == len(expl.records)


def test_one_line_errors(sample: dict, tmp_path: Path) -> None:
    with pytest.raises(ExplainError, match="no alert 'A-000000000000'"):
        explain_alert("A-000000000000", sample["out"])
    with pytest.raises(ExplainError, match="not found"):
        explain_alert("A-000000000000", tmp_path / "nowhere")
    runner = CliRunner()
    for args, words in (
        (["explain", "A-000000000000", "--scan", str(sample["out"]), "--out", str(tmp_path / "o.txt")], "no alert"),
        (["explain", "A-000000000000", "--scan", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o.txt")], "not found"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert words in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
    assert not (tmp_path / "o.txt").exists()


def _copy_scan(sample: dict, where: Path) -> Path:
    scan = where / "scan"
    shutil.copytree(sample["out"], scan)
    return scan


def test_moved_source_files(sample: dict, tmp_path: Path) -> None:
    alert = sample["result"].analysis.alerts[0]
    scan = _copy_scan(sample, tmp_path)
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    summary = json.loads((scan / "summary.json").read_text(encoding="utf-8"))
    summary["files"] = [str(tmp_path / "gone" / "access.log")]
    summary["formats"] = {summary["files"][0]: "combined"}
    (scan / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    with pytest.raises(ExplainError, match=r"not there any more.*--log-dir"):
        explain_alert(alert.alert_id, scan)
    result = CliRunner().invoke(app, ["explain", alert.alert_id, "--scan", str(scan), "--out", str(tmp_path / "o.txt")])
    assert result.exit_code == 2 and "--log-dir" in result.output and "Traceback" not in result.output
    shutil.copy(sample["log"], moved / "access.log")
    expl = explain_alert(alert.alert_id, scan, log_dir=moved)
    assert {(0, int(n)) for n in expl.lines["line_no"]} == _expected_lines(sample, alert)


def test_changed_source_files_are_refused(sample: dict, tmp_path: Path) -> None:
    alert = sample["result"].analysis.alerts[0]
    scan = _copy_scan(sample, tmp_path)
    logs = tmp_path / "logs"
    logs.mkdir()
    lines = _file_lines(sample["log"])
    # an extra line at the top shifts every line number: the lines read are not the ones scanned
    (logs / "access.log").write_text("\n".join(['1.2.3.4 - - [14/Sep/2026:00:00:00 -0700] "GET /x HTTP/1.1" 200 1 "-" "curl/8"', *lines]),
                                     encoding="utf-8")
    summary = json.loads((scan / "summary.json").read_text(encoding="utf-8"))
    summary["files"] = [str(logs / "access.log")]
    summary["formats"] = {summary["files"][0]: "combined"}
    (scan / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    with pytest.raises(ExplainError, match="not the one scanned|no longer reads"):
        explain_alert(alert.alert_id, scan)
    # a rotated (shortened) file
    (logs / "access.log").write_text("\n".join(lines[:100]) + "\n", encoding="utf-8")
    last = int(np.max(pd.read_parquet(scan / "alert_lines.parquet", filters=[("alert_id", "==", alert.alert_id)])["line_no"]))
    if last > 100:
        with pytest.raises(ExplainError, match="changed or was rotated"):
            explain_alert(alert.alert_id, scan)


def test_cli_explain_writes_the_file(sample: dict, tmp_path: Path) -> None:
    alert = sample["result"].analysis.alerts[-1]
    target = tmp_path / "out" / f"{alert.alert_id}.json"
    result = CliRunner().invoke(app, ["explain", alert.alert_id, "--scan", str(sample["out"]), "--out", str(target), "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["out"] == str(target) and info["lines"] == len(_expected_lines(sample, alert))
    assert json.loads(target.read_text(encoding="utf-8"))["alert"]["alert_id"] == alert.alert_id


def test_w3c_and_gzip_sources(tmp_path: Path) -> None:
    """Lines are found again in a gzip W3C log (directives kept for re-parsing)."""
    from detector.config import Settings
    from detector.scan import run_scan
    from sample_logs.generate import generate

    log = tmp_path / "u_ex.log.gz"
    labels = generate(log, tmp_path / "labels.json", seed=6, days=1, n_staff=30, fmt="w3c")
    result = run_scan([log], Settings(timezone=labels["tz"]), out_dir=tmp_path / "scan")
    assert result.analysis.alerts
    for alert in result.analysis.alerts[:3]:
        expl = explain_alert(alert.alert_id, tmp_path / "scan")
        req = result.analysis.data.requests
        pos = alert_positions(result.analysis, alert.session_ids)
        assert set(expl.lines["line_no"].astype(int)) == set(req["line_no"].to_numpy()[pos].tolist())
        assert not any(t.startswith("#") for t in expl.lines["text"])


def _as_azure_csv(log: Path, out: Path) -> None:
    """The requests of a log written as Azure Log Analytics' CSV export of ``AppServiceHTTPLogs`` would hold them."""
    import csv

    from detector.io import read_logs

    frame, _ = read_logs(str(log))
    with out.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["TimeGenerated [UTC]", "CsMethod", "CsUriStem", "CsUriQuery", "CIp", "CsUsername", "ScStatus",
                         "ScBytes", "UserAgent", "Referer", "TimeTaken"])
        for row in frame.itertuples(index=False):
            stem, _, query = str(row.path).partition("?")
            ts = row.ts.tz_convert("UTC")
            hour = ts.hour % 12 or 12
            when = f"{ts:%m/%d/%Y}, {hour}:{ts:%M:%S}.{ts.microsecond // 1000:03d} {'AM' if ts.hour < 12 else 'PM'}"
            writer.writerow([when, row.method, stem, query, row.client_ip, "" if pd.isna(row.user) else row.user,
                             row.status, row.bytes, "" if pd.isna(row.user_agent) else row.user_agent,
                             "" if pd.isna(row.referer) else row.referer, 12])


def _scan_log_and_export(tmp_path: Path, name: str, export_as) -> tuple:
    """A generated combined log and ``export_as(log, out)`` of it, each scanned: ``(plain, export scan, export)``."""
    from detector.config import Settings
    from detector.scan import run_scan
    from sample_logs.generate import generate

    log = tmp_path / "access.log"
    labels = generate(log, tmp_path / "labels.json", seed=6, days=1, n_staff=30, fmt="combined")
    export = tmp_path / name
    export_as(log, export)
    settings = Settings(timezone=labels["tz"])
    return run_scan([log], settings, out_dir=tmp_path / "plain"), run_scan([export], settings, out_dir=tmp_path / "scan"), export


def _explained_lines_are_the_alerts(result, scan_dir: Path, alert) -> pd.DataFrame:
    """Explain ``alert`` from ``scan_dir``; its lines are exactly the lines of the alert's sessions' requests."""
    expl = explain_alert(alert.alert_id, scan_dir)
    pos = alert_positions(result.analysis, alert.session_ids)
    lines = result.analysis.data.requests["line_no"].to_numpy()[pos]
    assert sorted(expl.lines["line_no"].astype(int)) == sorted(set(lines.tolist()))
    return expl


def test_csv_export_sources(tmp_path: Path) -> None:
    """A CSV export of a log alerts the accounts the log itself alerts, and explains them from its rows."""
    plain, result, export = _scan_log_and_export(tmp_path, "AppServiceHTTPLogs.csv", _as_azure_csv)
    assert json.loads((tmp_path / "scan" / "summary.json").read_text())["formats"] == {str(export): "csv"}
    assert {a.user for a in result.analysis.alerts} == {a.user for a in plain.analysis.alerts} != set()
    for alert in result.analysis.alerts[:3]:
        expl = _explained_lines_are_the_alerts(result, tmp_path / "scan", alert)
        assert not any(t.startswith("TimeGenerated") for t in expl.lines["text"])  # the header row is not evidence


def _as_otlp(log: Path, out: Path, batch: int = 25) -> None:
    """The requests of a log as an OpenTelemetry Collector's ``file`` exporter writes them: OTLP/JSON, ``batch``
    log records per line, attributes by the HTTP semantic conventions."""
    from detector.io import read_logs

    def attr(key: str, value: object) -> dict:
        return {"key": key, "value": {"intValue": str(int(value))} if isinstance(value, (int, np.integer))
                else {"stringValue": str(value)}}

    frame, _ = read_logs(str(log))
    records = []
    for row in frame.itertuples(index=False):
        stem, _, query = str(row.path).partition("?")
        attrs = [attr("http.request.method", row.method), attr("url.path", stem), attr("http.response.status_code", row.status),
                 attr("client.address", row.client_ip), attr("http.response.body.size", row.bytes)]
        attrs += [attr("url.query", query)] if query else []
        for key, value in (("enduser.id", row.user), ("user_agent.original", row.user_agent),
                           ("http.request.header.referer", row.referer)):
            attrs += [] if pd.isna(value) else [attr(key, value)]
        records.append({"timeUnixNano": str(row.ts.value), "attributes": attrs, "body": {"stringValue": "Request finished"}})
    with out.open("w", encoding="utf-8") as fh:
        for at in range(0, len(records), batch):
            fh.write(json.dumps({"resourceLogs": [{"scopeLogs": [{"logRecords": records[at:at + batch]}]}]}) + "\n")


def test_otlp_batches_alert_as_the_log_does_and_explain_their_lines(tmp_path: Path) -> None:
    """An OTLP/JSON export of a log (many requests a line) alerts the accounts the log itself alerts, with the same
    rules; explaining an alert shows each batch line once and every record its requests touched."""
    plain, result, export = _scan_log_and_export(tmp_path, "otel-logs.jsonl", _as_otlp)
    assert result.summary["lines_rejected"] == 0 and result.summary["formats"] == {str(export): "jsonl"}
    assert ({(a.user, a.kind, tuple(a.rules)) for a in result.analysis.alerts}
            == {(a.user, a.kind, tuple(a.rules)) for a in plain.analysis.alerts} != set())
    for alert in result.analysis.alerts[:3]:
        expl = _explained_lines_are_the_alerts(result, tmp_path / "scan", alert)  # each batch line once
        # alert ids are per kind, subject and day: the same in both scans
        assert set(expl.records["id"]) == set(explain_alert(alert.alert_id, tmp_path / "plain").records["id"])


# --- where the explanation may be written ---------------------------------------------------------


def _scan_of_a_copy(sample: dict, where: Path) -> tuple[Path, Path]:
    """A copy of the sample scan whose summary names a copy of the log (tests may damage both)."""
    scan = _copy_scan(sample, where)
    logs = where / "logs"
    logs.mkdir()
    log = logs / "access.log"
    shutil.copy(sample["log"], log)
    summary = json.loads((scan / "summary.json").read_text(encoding="utf-8"))
    summary["files"] = [str(log)]
    summary["formats"] = {str(log): "combined"}
    (scan / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return scan, log


def test_existing_out_file_ends_up_owner_only(sample: dict, tmp_path: Path) -> None:
    alert = sample["result"].analysis.alerts[-1]
    for name in ("old.txt", "old.json"):
        target = tmp_path / name
        target.write_text("old\n", encoding="utf-8")
        os.chmod(target, 0o644)
        result = CliRunner().invoke(app, ["explain", alert.alert_id, "--scan", str(sample["out"]), "--out", str(target), "-q"])
        assert result.exit_code == 0, result.output
        assert stat.S_IMODE(os.stat(target).st_mode) == 0o600, name
        assert target.read_text(encoding="utf-8") != "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.json", "old.txt"], "no temporary file left behind"


def test_out_onto_a_scanned_log_or_into_the_scan_is_refused(sample: dict, tmp_path: Path) -> None:
    alert = sample["result"].analysis.alerts[0]
    scan, log = _scan_of_a_copy(sample, tmp_path)
    before = log.read_bytes()
    (tmp_path / "hard.log").hardlink_to(log)
    (tmp_path / "sym.log").symlink_to(log)
    relative = Path(os.path.relpath(log))
    for out, words in (
        (log, "is a log file the scan read"),
        (relative, "is a log file the scan read"),
        (tmp_path / "hard.log", "is a log file the scan read"),
        (tmp_path / "sym.log", "is a log file the scan read"),
        (scan / "notes.txt", "is inside the scan directory"),
        (scan / "alerts.jsonl", "is inside the scan directory"),
        (scan, "is inside the scan directory"),
    ):
        result = CliRunner().invoke(app, ["explain", alert.alert_id, "--scan", str(scan), "--out", str(out)])
        assert result.exit_code == 2, (out, result.output)
        assert words in result.output and "Traceback" not in result.output, result.output
        assert len(result.output.strip().splitlines()) == 1, result.output
    assert log.read_bytes() == before
    assert not (scan / "notes.txt").exists()
    expl = explain_alert(alert.alert_id, scan)
    with pytest.raises(ExplainError, match="is a log file the scan read"):
        write_explanation(expl, log)
    assert log.read_bytes() == before


# --- a damaged scan directory ---------------------------------------------------------------------


def _junk(path: Path) -> None:
    path.write_bytes(b"this is not a table, just junk bytes\n")


def _damage_summary(path: Path) -> None:
    path.write_text("[]", encoding="utf-8")


def _damage_score(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["score"] = "high"
    path.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n", encoding="utf-8")


def _rename_column(old: str, new: str):
    def damage(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        header, _, rest = text.partition("\n")
        path.write_text(header.replace(f'"{old}"', f'"{new}"') + "\n" + rest, encoding="utf-8")
    return damage


def _naive_times(path: Path) -> None:
    frame = pd.read_parquet(path)
    frame["ts"] = frame["ts"].dt.tz_localize(None)
    frame.to_parquet(path, index=False)


@pytest.mark.parametrize("name, damage, words", [
    ("evidence.json", lambda p: p.write_text("{broken", encoding="utf-8"), "evidence.json: not readable JSON"),
    ("alert_lines.parquet", _junk, "alert_lines.parquet: not a Parquet file"),
    ("alert_lines.parquet", _naive_times, "alert_lines.parquet: column ts holds timestamp[ns], expected UTC time"),
    ("sessions.csv", _rename_column("session_id", "sid"), "sessions.csv: missing column session_id"),
    ("sessions.csv", _junk, "sessions.csv: missing column session_id"),
    ("alert_features.csv", _rename_column("value", "v"), "alert_features.csv: missing column value"),
    ("summary.json", _damage_summary, "summary.json: expected a JSON object, found an array"),
    ("alerts.jsonl", _damage_score, "alerts.jsonl:1: score is not a number"),
])
def test_damaged_scan_files_are_one_line_errors(sample: dict, tmp_path: Path, name: str, damage, words: str) -> None:
    scan = _copy_scan(sample, tmp_path)
    damage(scan / name)
    alert_id = json.loads((sample["out"] / "alerts.jsonl").read_text(encoding="utf-8").splitlines()[0])["alert_id"]
    with pytest.raises(ExplainError, match=re.escape(words)):
        explain_alert(alert_id, scan)
    result = CliRunner().invoke(app, ["explain", alert_id, "--scan", str(scan), "--out", str(tmp_path / "o.txt")])
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert not (tmp_path / "o.txt").exists()


# --- lines whose account or address changed since the scan ----------------------------------------


def _first_line_of(scan: Path, alert_id: str) -> int:
    refs = pd.read_parquet(scan / "alert_lines.parquet", filters=[("alert_id", "==", alert_id)])
    return int(refs["line_no"].min())


@pytest.mark.parametrize("field, words", [(2, "user differs"), (0, "client address differs")])
def test_changed_user_or_address_in_a_scanned_line_is_refused(sample: dict, tmp_path: Path, field: int, words: str) -> None:
    analysis = sample["result"].analysis
    for alert in (next(a for a in analysis.alerts if a.user == EVIL_USER), next(a for a in analysis.alerts if a.user is None)):
        where = tmp_path / alert.alert_id
        where.mkdir()
        scan, log = _scan_of_a_copy(sample, where)
        assert len(explain_alert(alert.alert_id, scan).lines), "the copy explains as the original"
        lines = _file_lines(log)
        no = _first_line_of(scan, alert.alert_id)
        parts = lines[no - 1].split(" ")
        parts[field] = "eve@other.example.org" if field == 2 else "192.0.2.250"  # same time, same route
        lines[no - 1] = " ".join(parts)
        log.write_text("\n".join(lines), encoding="utf-8")
        with pytest.raises(ExplainError, match=rf"{re.escape(str(log))}:{no}: the line is not the one scanned \({words}\)"):
            explain_alert(alert.alert_id, scan)


def test_a_line_whose_account_is_typed_in_another_case_is_the_account_scanned(sample: dict, tmp_path: Path) -> None:
    """Account names are kept in lower case: the same login typed in capitals on a line is still the one scanned."""
    analysis = sample["result"].analysis
    alert = next(a for a in analysis.alerts if a.user == EVIL_USER)
    scan, log = _scan_of_a_copy(sample, tmp_path)
    before = explain_alert(alert.alert_id, scan).lines
    lines = _file_lines(log)
    no = _first_line_of(scan, alert.alert_id)
    parts = lines[no - 1].split(" ")
    assert parts[2].lower() == parts[2] != parts[2].upper()
    parts[2] = parts[2].upper()
    lines[no - 1] = " ".join(parts)
    log.write_text("\n".join(lines), encoding="utf-8")
    after = explain_alert(alert.alert_id, scan).lines
    assert after["line_no"].tolist() == before["line_no"].tolist()
    assert parts[2] in after.loc[after["line_no"] == no, "text"].iloc[0]  # the line as logged


def test_a_servers_local_clock_is_the_scanned_time_in_some_zone() -> None:
    """The IIS log file format writes local times; the scan read them in its --timezone, which explain does not
    know: the re-read reading must be the scanned time shifted by a zone's offset, nothing else."""
    from detector.explain_lines import _same_time

    scanned = pd.Timestamp("2026-11-03 19:02:11", tz="UTC")
    wall = pd.Timestamp("2026-11-03 14:02:11", tz="UTC")  # the wall clock read as UTC
    assert _same_time(wall, True, scanned) and not _same_time(wall, False, scanned)
    assert not _same_time(wall + pd.Timedelta(seconds=1), True, scanned)
    assert not _same_time(wall - pd.Timedelta(hours=20), True, scanned)


def test_numeric_account_names_in_sessions_csv_stay_text(tmp_path: Path) -> None:
    from detector.scan_folder import TEXT, read_csv_table

    path = tmp_path / "sessions.csv"
    path.write_text("session_id,user,client_ip\ns-1,4821,10.0.0.1\ns-2,,10.0.0.2\n")
    frame = read_csv_table(path, {"session_id": TEXT, "user": TEXT}, ValueError, keep_default_na=False, na_values=[""])
    assert frame["user"].iloc[0] == "4821" and pd.isna(frame["user"].iloc[1])
