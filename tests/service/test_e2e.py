"""End to end: a real uvicorn server (``detector serve``) on 127.0.0.1, fed over HTTP.

Streams a generated log in batches, is killed with SIGKILL mid-stream,
restarts on the same database (nothing acknowledged is lost), gets the rest
through ``detector tail --url`` (the already-held lines are dropped as
duplicates), flushes, serves alerts and metrics, is killed again and still
has the alerts after a restart; the accounts it alerts equal those of
``detector scan`` on the same file.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from service.metrics import ALLOWED_LABELS
from tests.service.conftest import AUTH, TOKEN, wait_until_serving

REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DETECTOR_")}
    env.update(
        PYTHONPATH=str(REPO) + os.pathsep + env.get("PYTHONPATH", ""),
        DETECTOR_API_TOKEN=TOKEN,
        DETECTOR_MIN_RESCORE_SECONDS="2",
        PYTHONUNBUFFERED="1",
    )
    return env


class Server:
    def __init__(self, db_url: str, log_path: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "detector.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port), "--database-url", db_url],
            cwd=REPO,
            env=_env(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.client = httpx.Client(base_url=self.url, timeout=120)
        wait_until_serving(self.proc, self.client, log_path)

    def kill(self, sig=signal.SIGKILL) -> None:
        self.client.close()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(60)
        self.log.close()


@pytest.fixture
def servers():
    started: list[Server] = []
    yield started
    for server in started:
        server.kill()


def _alerts(client: httpx.Client, **filters) -> list[dict]:
    items, cursor = [], None
    while True:
        page = client.get("/v1/alerts", params={"limit": 50, **filters, **({"cursor": cursor} if cursor else {})}, headers=AUTH)
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next_cursor"]
        if not cursor:
            return items


def _post_quietly(url: str, body: str) -> None:
    try:
        httpx.post(url + "/v1/ingest", content=body, headers={**AUTH, "content-type": "text/plain"}, timeout=30)
    except httpx.HTTPError:
        pass  # the server was killed mid-request: not acknowledged


def _subject(alert: dict) -> str:
    return alert["user"] or "ip:" + alert["client_ips"][0]


def test_real_server_stream_kill_restart_parity(tmp_path, small_log, small_lines, servers):
    from detector.config import Settings
    from detector.io.reader import parse_lines
    from detector.scan import run_scan

    db_url = f"sqlite:///{tmp_path / 'svc.db'}"
    server_log = tmp_path / "server.log"

    # 1. stream 60 % of the log in batches, then kill -9 without flushing
    a = Server(db_url, server_log)
    servers.append(a)
    cut = int(len(small_lines) * 0.6)
    acked = 0
    for i in range(0, cut, 8000):
        body = "\n".join(small_lines[i : min(i + 8000, cut)]) + "\n"
        resp = a.client.post("/v1/ingest", content=body, headers={**AUTH, "content-type": "text/plain"})
        assert resp.status_code == 200, resp.text
        acked += resp.json()["accepted"] - resp.json()["duplicates"]
    # one more batch in flight when the server is killed: either wholly kept or not acknowledged
    extra = small_lines[cut : cut + 8000]
    extra_parsed = len(parse_lines(extra, "combined")[0])
    in_flight = threading.Thread(target=_post_quietly, args=(a.url, "\n".join(extra) + "\n"), daemon=True)
    in_flight.start()
    time.sleep(0.15)
    a.kill(signal.SIGKILL)
    in_flight.join(30)

    # 2. restart on the same database: every acknowledged line is back
    b = Server(db_url, server_log)
    servers.append(b)
    assert b.client.get("/healthz").json()["engine"]["retained_records"] in (acked, acked + extra_parsed)

    # 3. the whole file through `detector tail --url --once`: held lines are duplicates, the rest is new
    tail = subprocess.run(
        [sys.executable, "-m", "detector.cli", "tail", str(small_log), "--url", b.url, "--once",
         "--database-url", f"sqlite:///{tmp_path / 'tail.db'}", "--batch-lines", "10000"],
        cwd=REPO, env=_env(), capture_output=True, text=True, timeout=300,
    )
    assert tail.returncode == 0, tail.stderr[-2000:]
    health = b.client.get("/healthz").json()["engine"]
    scan = run_scan([small_log], Settings())
    assert health["retained_records"] == scan.summary["lines_parsed"]
    assert health["last_scoring"]["scored"] is True  # the tail's final flush

    alerts = _alerts(b.client)
    assert alerts, "the generated log holds threats: expected alerts"
    detail = b.client.get(f"/v1/alerts/{alerts[0]['alert_id']}", headers=AUTH).json()
    assert detail["reasons"] and detail["activity"]

    # parity with `detector scan` on the same file
    assert {a["user"] for a in alerts if a["user"]} == {x.user for x in scan.analysis.alerts if x.user}
    assert {(a["kind"], _subject(a)) for a in alerts} == {
        (x.kind, x.user or "ip:" + x.client_ips[0]) for x in scan.analysis.alerts
    }

    # metrics: the numbers add up and carry no forbidden labels
    families = {f.name: f for f in text_string_to_metric_families(b.client.get("/metrics").text)}
    for family in families.values():
        for sample in family.samples:
            assert set(sample.labels) <= ALLOWED_LABELS | {"le"}, sample
    raised = sum(s.value for s in families["records_detector_alerts_raised"].samples)
    assert raised >= len(alerts)
    assert families["records_detector_retained_records"].samples[0].value == scan.summary["lines_parsed"]
    assert sum(s.value for s in families["records_detector_open_alerts"].samples) == len(alerts)
    assert families["records_detector_last_scoring_timestamp_seconds"].samples[0].value > 0

    # 4. kill -9 again; a third server on the same database still has every alert
    b.kill(signal.SIGKILL)
    c = Server(db_url, server_log)
    servers.append(c)
    again = _alerts(c.client)
    assert {x["alert_id"] for x in again} == {x["alert_id"] for x in alerts}
    assert c.client.get(f"/v1/alerts/{alerts[0]['alert_id']}", headers=AUTH).status_code == 200
    c.kill(signal.SIGTERM)

    # the service's own log names routes, never accounts or raw lines
    logged = server_log.read_text(errors="replace")
    assert "/v1/ingest" in logged
    accounts = {x.user for x in scan.analysis.alerts if x.user}
    assert not any(acct in logged for acct in accounts)
    assert small_lines[100] not in logged
