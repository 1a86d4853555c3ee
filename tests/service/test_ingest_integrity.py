"""Nothing acknowledged by ``POST /v1/ingest`` is lost, and nothing is acknowledged that is not kept.

* A W3C batch is journalled with the ``#Fields:`` directives it was parsed
  with, so a restarted server (a new process on the same SQLite file) holds
  it again; a journal batch that cannot be replayed is logged and counted.
* A line dated far ahead of the server clock is rejected (it would move the
  window, which follows log time, past every real record); lines older than
  the window are reported as ``too_old``, not accepted.
* The format is detected per batch: a remembered W3C header never makes a
  combined or JSON-lines batch read as W3C.
* A gzip body that is corrupt or ends early is refused whole (400).

The log lines are dated relative to the wall clock (the server compares them
with its own).
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from tests.service.conftest import AUTH, TOKEN, wait_until_serving

REPO = Path(__file__).resolve().parents[2]
TEXT = {**AUTH, "content-type": "text/plain"}
FIELDS_A = "#Fields: date time c-ip cs-username cs-method cs-uri-stem cs-uri-query sc-status sc-bytes cs(User-Agent)"
FIELDS_B = "#Fields: date time cs-method cs-uri-stem cs-uri-query c-ip cs-username sc-status sc-bytes cs(User-Agent)"


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def combined_lines(n: int, start: datetime, tag: str = "c") -> list[str]:
    """``n`` combined lines one second apart from ``start`` (distinct paths per ``tag``)."""
    out = []
    for i in range(n):
        ts = (start + timedelta(seconds=i)).strftime("%d/%b/%Y:%H:%M:%S +0000")
        out.append(f'10.1.{i % 7}.{i % 200} - u{i % 5}@x.example [{ts}] "GET /{tag}/{i} HTTP/1.1" 200 10 "-" "Mozilla/5.0"')
    return out


def w3c_data(n: int, start: datetime, order: str = "a", tag: str = "w") -> list[str]:
    """``n`` W3C data lines (no directive) in the column order of FIELDS_A or FIELDS_B."""
    out = []
    for i in range(n):
        ts = start + timedelta(seconds=i)
        date, clock = ts.strftime("%Y-%m-%d"), ts.strftime("%H:%M:%S")
        ip, user, path = f"10.2.{i % 7}.{i % 200}", f"u{i % 5}@x.example", f"/{tag}/{i}"
        if order == "a":
            out.append(f"{date} {clock} {ip} {user} GET {path} - 200 10 Mozilla/5.0")
        else:
            out.append(f"{date} {clock} GET {path} - {ip} {user} 200 10 Mozilla/5.0")
    return out


def _body(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


# --------------------------------------------------------------------------- a real server, restarted
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``detector serve`` on 127.0.0.1 (no background scoring); :meth:`stop` ends it with SIGTERM."""

    def __init__(self, db_url: str, log_path: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DETECTOR_")}
        env.update(
            PYTHONPATH=str(REPO) + os.pathsep + env.get("PYTHONPATH", ""),
            DETECTOR_API_TOKEN=TOKEN,
            DETECTOR_BACKGROUND_SCORING="false",
            PYTHONUNBUFFERED="1",
        )
        port = _free_port()
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "detector.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--database-url", db_url],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        wait_until_serving(self.proc, self.client, log_path)

    def post(self, lines: list[str]) -> httpx.Response:
        return self.client.post("/v1/ingest", content=_body(lines), headers=TEXT)

    def engine(self) -> dict:
        return self.client.get("/healthz").json()["engine"]

    def stop(self) -> None:
        self.client.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(60)
        self.log.close()


@pytest.fixture
def servers(tmp_path):
    """Start servers on one SQLite file (``servers()``); all stopped at teardown."""
    started: list[Server] = []
    db_url = f"sqlite:///{tmp_path / 'detector.db'}"

    def start() -> Server:
        server = Server(db_url, tmp_path / "server.log")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def test_w3c_batches_are_held_again_after_a_restart(servers):
    start = _now() - timedelta(hours=3)
    # a batch with its own directive, changing the column order half way; then one relying on the remembered one
    first = ["#Software: Microsoft Internet Information Services 10.0", FIELDS_A, *w3c_data(40, start),
             FIELDS_B, *w3c_data(30, start + timedelta(minutes=1), order="b", tag="v")]
    later = w3c_data(20, start + timedelta(minutes=2), order="b", tag="z")
    a = servers()
    for lines, n in ((first, 70), (later, 20)):
        resp = a.post(lines)
        assert resp.status_code == 200, resp.text
        assert (resp.json()["format"], resp.json()["accepted"], resp.json()["rejected"]) == ("w3c", n, 0)
    assert a.engine()["retained_records"] == 90
    a.stop()

    b = servers()  # a new process on the same database
    engine = b.engine()
    assert engine["retained_records"] == 90
    assert engine["replay"]["lines"] == 90 and engine["replay"]["failed_batches"] == 0
    # the replayed directive is remembered: a re-posted headerless batch is read as W3C and held already
    again = b.post(later).json()
    assert (again["format"], again["accepted"], again["duplicates"]) == ("w3c", 20, 20)


def test_a_line_far_in_the_future_is_rejected_and_does_not_survive_a_restart(servers):
    now = _now()
    a = servers()
    assert a.post(combined_lines(50, now - timedelta(hours=2))).json()["accepted"] == 50
    future = combined_lines(1, datetime(2099, 9, 14, 17, tzinfo=timezone.utc), tag="f")
    resp = a.post(future)
    assert resp.status_code == 422, resp.text
    body = resp.json()
    assert body["rejected"] == 1
    assert body["rejected_samples"][0]["line_no"] == 1 and "ahead of the server clock" in body["rejected_samples"][0]["reason"]
    # in a batch with real lines: only that line is rejected, the others are held
    mixed = a.post(combined_lines(30, now - timedelta(hours=1), tag="m") + future).json()
    assert (mixed["accepted"], mixed["rejected"], mixed["too_old"]) == (30, 1, 0)
    assert mixed["rejected_samples"] == [{"line_no": 31, "reason": body["rejected_samples"][0]["reason"]}]
    engine = a.engine()
    assert engine["retained_records"] == 80 and engine["newest_log_time"] < now.strftime("%Y-%m-%dT%H:%M:%SZ")
    a.stop()

    b = servers()
    engine = b.engine()
    assert engine["retained_records"] == 80
    assert engine["window_start"] == (now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert engine["newest_log_time"] < now.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert b.post(combined_lines(10, now - timedelta(minutes=30), tag="n")).json()["accepted"] == 10
    assert b.engine()["retained_records"] == 90


# --------------------------------------------------------------------------- in-process (TestClient)
def _post(client, lines, **headers):
    return client.post("/v1/ingest", content=_body(lines), headers={**TEXT, **headers})


def test_lines_older_than_the_window_are_reported_too_old(client_for):
    client = client_for(retention_hours=2)
    now = _now()
    assert _post(client, combined_lines(20, now - timedelta(hours=1))).json()["accepted"] == 20
    journalled = client.app.state.store.journal_stats()["lines"]
    old = _post(client, combined_lines(15, now - timedelta(hours=5), tag="o"))
    assert old.status_code == 200, old.text
    assert {k: old.json()[k] for k in ("accepted", "rejected", "duplicates", "too_old")} == {
        "accepted": 0, "rejected": 0, "duplicates": 0, "too_old": 15,
    }
    # a batch reaching back past the window: its old lines are reported, its recent ones held
    mixed = _post(client, combined_lines(5, now - timedelta(hours=4), tag="p") + combined_lines(7, now - timedelta(minutes=20), tag="q"))
    assert (mixed.json()["accepted"], mixed.json()["too_old"]) == (7, 5)
    assert client.get("/healthz").json()["engine"]["retained_records"] == 27
    assert client.app.state.store.journal_stats()["lines"] == journalled + 7
    metrics = client.get("/metrics").text  # Prometheus sees what was dropped, by format only
    assert 'records_detector_lines_too_old_total{format="combined"} 20.0' in metrics


def test_lines_a_little_ahead_of_the_clock_are_accepted(client_for):
    client = client_for()
    resp = _post(client, combined_lines(10, _now() + timedelta(hours=1)))
    assert resp.status_code == 200 and resp.json()["accepted"] == 10, resp.text
    resp = _post(client, combined_lines(3, _now() + timedelta(days=2), tag="late"))
    assert resp.status_code == 422 and resp.json()["rejected"] == 3
    assert "no line accepted as combined" in resp.json()["detail"]


def test_the_format_is_detected_per_batch_after_a_w3c_batch(client_for):
    client = client_for()
    start = _now() - timedelta(hours=2)
    w3c = _post(client, [FIELDS_A, *w3c_data(20, start)])
    assert w3c.json()["format"] == "w3c" and w3c.json()["accepted"] == 20
    combined = _post(client, combined_lines(5, start))
    assert combined.status_code == 200, combined.text
    assert (combined.json()["format"], combined.json()["accepted"]) == ("combined", 5)
    records = [
        json.dumps({"ts": (start + timedelta(seconds=i)).isoformat(), "client_ip": "10.3.0.1", "user": "j@x.example",
                    "method": "GET", "path": f"/j/{i}", "status": 200, "bytes": 5, "user_agent": "Mozilla/5.0"})
        for i in range(6)
    ]
    jsonl = _post(client, records)  # JSON lines sent as text/plain
    assert jsonl.status_code == 200, jsonl.text
    assert (jsonl.json()["format"], jsonl.json()["accepted"]) == ("jsonl", 6)
    # W3C data without its directive still continues the earlier batch
    more = _post(client, w3c_data(8, start + timedelta(minutes=5), tag="more"))
    assert (more.json()["format"], more.json()["accepted"]) == ("w3c", 8)
    # lines that fit neither a format nor the remembered directive are refused, not read as W3C
    junk = _post(client, ["this is not a log line at all", "nor is this one"])
    assert junk.status_code == 422 and "cannot tell the log format" in junk.json()["detail"]
    assert client.get("/healthz").json()["engine"]["retained_records"] == 39


def test_corrupt_or_truncated_gzip_is_refused_whole(client_for):
    client = client_for()
    lines = combined_lines(3000, _now() - timedelta(hours=3))
    packed = gzip.compress(_body(lines))
    corrupt = bytearray(packed)
    corrupt[-6] ^= 0xFF  # the CRC no longer matches
    for name, body in (("truncated", packed[: len(packed) // 2]), ("corrupt", bytes(corrupt)), ("trailing junk", packed + b"junk")):
        resp = client.post("/v1/ingest", content=body, headers={**TEXT, "content-encoding": "gzip"})
        assert resp.status_code == 400, (name, resp.status_code, resp.text)
        assert "not valid gzip" in resp.json()["detail"]
    engine = client.get("/healthz").json()["engine"]
    assert engine["retained_records"] == 0 and client.app.state.store.journal_stats()["lines"] == 0
    # two members one after the other are one valid body
    two = gzip.compress(_body(lines[:1500])) + gzip.compress(_body(lines[1500:]))
    resp = client.post("/v1/ingest", content=two, headers={**TEXT, "content-encoding": "gzip"})
    assert resp.status_code == 200 and resp.json()["accepted"] == 3000, resp.text


def test_a_journal_batch_that_cannot_be_replayed_is_reported(client_for, service_settings, caplog):
    from service.store import Store

    good = combined_lines(12, _now() - timedelta(hours=1))
    store = Store(service_settings().database_url)
    secret = "STU-55443322 private@school.example"
    store.journal_append([f"{secret} not a log line"] * 3, "combined", "http", time.time_ns())
    store.journal_append(good, "combined", "http", time.time_ns())
    store.engine.dispose()
    with caplog.at_level(logging.INFO):
        client = client_for()
    replay = client.get("/healthz").json()["engine"]["replay"]
    assert replay == {"lines": 12, "batches": 2, "failed_batches": 1, "failed_lines": 3, "rejected_lines": 0, "too_old": 0}
    assert any("could not be replayed" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)
    assert secret not in caplog.text and "55443322" not in caplog.text


def test_the_future_skew_is_a_service_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Operators set it like any other setting (TOML or DETECTOR_ env var); the engine reads it from the settings."""
    from detector.stream_types import StreamParams
    from service.config import ServiceSettings

    monkeypatch.setenv("DETECTOR_MAX_FUTURE_SKEW_HOURS", "2.5")
    assert StreamParams.from_settings(ServiceSettings()).max_future_skew_hours == 2.5


def _alb_line(ts: datetime, k: int) -> str:
    stamp = ts.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return (f'https {stamp} app/records-lb/50dc6c495c0c9188 203.0.113.{k % 50}:{40000 + k} 10.0.0.1:80 0.000 0.004 0.000 '
            f'200 200 34 5123 "GET https://records.example.gov:443/students/{1000 + k} HTTP/1.1" "Mozilla/5.0 Chrome/128.0" '
            f'ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-west-2:1:targetgroup/t/73e2d6bc24d8a067 '
            f'"Root=1-58337262-36d228ad5d99923122bbe354" "records.example.gov" "arn:aws:acm:us-west-2:1:certificate/1" 0 '
            f'{stamp} "forward" "-" "-" "10.0.0.1:80" "200" "-" "-"')


def test_load_balancer_logs_are_ingested_and_counted_under_their_format(client_for):
    client = client_for()
    start = _now() - timedelta(hours=1)
    resp = _post(client, [_alb_line(start + timedelta(seconds=i), i) for i in range(12)])
    assert resp.status_code == 200, resp.text
    assert (resp.json()["format"], resp.json()["accepted"]) == ("alb", 12)
    metrics = client.get("/metrics").text
    assert 'records_detector_lines_ingested_total{format="alb"} 12.0' in metrics
    # every reader format has its series from the start, at zero
    assert 'records_detector_lines_ingested_total{format="haproxy"} 0.0' in metrics


def test_every_reader_format_can_be_named_and_an_unknown_one_is_a_422(client_for):
    client = client_for()
    lines = [_alb_line(_now() - timedelta(minutes=30) + timedelta(seconds=i), i) for i in range(3)]
    named = client.post("/v1/ingest?format=alb", content=_body(lines), headers=TEXT)
    assert named.status_code == 200 and (named.json()["format"], named.json()["accepted"]) == ("alb", 3), named.text
    unknown = client.post("/v1/ingest?format=nginx-json", content=_body(lines), headers=TEXT)
    assert unknown.status_code == 422 and "haproxy" in unknown.text  # the error lists the formats accepted
