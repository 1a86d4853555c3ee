"""The HTTP API in-process (TestClient): auth, bad payloads, ingest, alerts, reviews, metrics, logs."""

from __future__ import annotations

import gzip
import json
import logging
import re

import pytest
from prometheus_client.parser import text_string_to_metric_families

from detector.config import ConfigError
from detector.labels import read_labels
from service.metrics import ALLOWED_LABELS, PREFIX
from tests.service.conftest import AUTH, TOKEN

V1_ROUTES = [
    ("post", "/v1/ingest"),
    ("post", "/v1/flush"),
    ("get", "/v1/alerts"),
    ("get", "/v1/alerts/A-000000000000"),
    ("post", "/v1/alerts/A-000000000000/review"),
    ("get", "/v1/reviews.csv"),
]


def _post_lines(client, lines, **params):
    return client.post("/v1/ingest", content="\n".join(lines) + "\n", headers={**AUTH, "content-type": "text/plain"}, params=params)


def _all_alerts(client, **filters):
    items, cursor = [], None
    while True:
        params = {"limit": 3, **filters, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/alerts", params=params, headers=AUTH)
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items


# --------------------------------------------------------------------------- auth
def test_refuses_to_start_without_a_token(service_settings):
    from service.app import create_app

    with pytest.raises(ConfigError, match="no API token"):
        create_app(service_settings(api_token=None))


def test_insecure_no_auth_is_explicit(client_for):
    client = client_for(api_token=None, insecure_no_auth=True)
    assert client.get("/v1/alerts").status_code == 200


@pytest.mark.parametrize("method,path", V1_ROUTES)
def test_every_v1_route_needs_the_bearer_token(client_for, method, path):
    client = client_for()
    for headers in ({}, {"Authorization": "Bearer wrong-token-wrong-token"}, {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN}):
        resp = getattr(client, method)(path, headers=headers)
        assert resp.status_code == 401, (path, headers, resp.status_code)
        assert resp.headers.get("www-authenticate") == "Bearer"
    resp = getattr(client, method)(path, headers=AUTH)
    assert resp.status_code != 401


def test_named_tokens_and_protected_metrics(client_for):
    client = client_for(api_tokens={"soc-analyst": "another-token-abcdefgh"}, protect_metrics=True)
    assert client.get("/v1/alerts", headers={"Authorization": "Bearer another-token-abcdefgh"}).status_code == 200
    assert client.get("/metrics").status_code == 401
    assert client.get("/healthz").status_code == 401
    assert client.get("/metrics", headers=AUTH).status_code == 200


def test_metrics_and_healthz_open_by_default(client_for):
    client = client_for()
    assert client.get("/metrics").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json()["database"] is True


# --------------------------------------------------------------------------- bad payloads
def test_bad_payloads_get_4xx_never_500(client_for, slice_lines):
    client = client_for(max_body_bytes=4096)
    good = ("\n".join(slice_lines[:5]) + "\n").encode()
    cases = [
        ("binary", b"\x00\x01\x02\x03\xff\xfe" * 50, {"content-type": "text/plain"}, 415),
        ("binary-no-nul", bytes(range(1, 32)) * 20, {}, 415),
        ("invalid-utf8", b"\xff\xfe\xfa" * 200, {}, 415),
        ("empty", b"", {}, 422),
        ("blank lines", b"\n\n   \n", {}, 422),
        ("oversized", b"x" * 5000, {}, 413),
        ("wrong content type", good, {"content-type": "image/png"}, 415),
        ("form", good, {"content-type": "application/x-www-form-urlencoded"}, 415),
        ("unsupported charset", good, {"content-type": "text/plain; charset=utf-16"}, 415),
        ("bad gzip", b"not gzip at all", {"content-encoding": "gzip"}, 400),
        ("gzip bomb", gzip.compress(b"a" * 100_000), {"content-encoding": "gzip"}, 413),
        ("unknown encoding", good, {"content-encoding": "br"}, 415),
        ("garbage text", b"hello world\nthis is not a log\n", {}, 422),
        ("json lines of another format", good, {"content-type": "application/x-ndjson"}, 422),
    ]
    for name, body, headers, expected in cases:
        resp = client.post("/v1/ingest", content=body, headers={**AUTH, **headers})
        assert resp.status_code == expected, (name, resp.status_code, resp.text)
        assert resp.json()["detail"], name
    # a streamed (chunked) oversized body, no Content-Length
    resp = client.post("/v1/ingest", content=iter([b"y" * 3000, b"y" * 3000]), headers=AUTH)
    assert resp.status_code == 413
    assert client.post("/v1/ingest", params={"format": "xml"}, content=good, headers=AUTH).status_code == 422


def test_nothing_parses_says_why_without_quoting_lines(client_for):
    client = client_for()
    secret = 'STU-99887766 alice@school.example "GET /students/99887766'
    resp = client.post("/v1/ingest", params={"format": "combined"}, content=f"{secret}\n{secret}\n", headers=AUTH)
    assert resp.status_code == 422
    body = resp.json()
    assert "no line parsed as combined" in body["detail"]
    assert body["rejected"] == 2
    assert [set(s) for s in body["rejected_samples"]] == [{"line_no", "reason"}] * 2
    assert "99887766" not in resp.text


def test_blank_lines_at_the_end_of_a_body_are_skipped(client_for, slice_lines):
    """A body ending with a blank line (``line\\n\\n``) is its lines, the blank one skipped: it answered 503 until a
    property test found it in session 15."""
    client = client_for()
    for body in (f"{slice_lines[0]}\n\n", f"{slice_lines[1]}\n{slice_lines[2]}\n\n\n", f"\n{slice_lines[3]}\n"):
        resp = client.post("/v1/ingest", content=body, headers=AUTH)
        assert resp.status_code == 200, resp.text
        assert resp.json()["rejected"] == 0 and resp.json()["accepted"] == body.strip().count("\n") + 1


def test_validation_errors_are_clear_4xx(client_for):
    client = client_for()
    assert client.get("/v1/alerts", params={"limit": 0}, headers=AUTH).status_code == 422
    assert client.get("/v1/alerts", params={"kind": "nope"}, headers=AUTH).status_code == 422
    resp = client.get("/v1/alerts", params={"since": "yesterday"}, headers=AUTH)
    assert resp.status_code == 422 and "since" in resp.json()["detail"]
    assert client.get("/v1/alerts", params={"cursor": "garbage!"}, headers=AUTH).status_code == 400
    assert client.get("/v1/alerts/does-not-exist", headers=AUTH).status_code == 404
    resp = client.post("/v1/alerts/A-1/review", content=b"{not json", headers={**AUTH, "content-type": "application/json"})
    assert resp.status_code == 422


# --------------------------------------------------------------------------- the main flow
def test_ingest_flush_list_detail_review(client_for, slice_lines, tmp_path):
    client = client_for()
    accepted = rejected = 0
    for i in range(0, len(slice_lines), 3000):
        resp = _post_lines(client, slice_lines[i : i + 3000])
        assert resp.status_code == 200, resp.text
        body = resp.json()
        assert body["format"] == "combined" and body["duplicates"] == 0
        accepted += body["accepted"]
        rejected += body["rejected"]
        for sample in body["rejected_samples"]:
            assert set(sample) == {"line_no", "reason"} and 1 <= sample["line_no"] <= 3000
    assert accepted + rejected == len(slice_lines) and accepted > 11000

    flushed = client.post("/v1/flush", headers=AUTH).json()
    assert flushed["scored"] is True and flushed["records"] == accepted and flushed["alerts"] >= 1

    alerts = _all_alerts(client)
    assert len(alerts) == flushed["alerts"]
    assert len({a["alert_id"] for a in alerts}) == len(alerts)  # paging: no overlap
    first = alerts[0]
    assert all(a["kind"] == first["kind"] for a in _all_alerts(client, kind=first["kind"]))
    assert all(a["severity"] == first["severity"] for a in _all_alerts(client, severity=first["severity"]))
    if first["user"]:
        assert {a["user"] for a in _all_alerts(client, user=first["user"])} == {first["user"]}
    assert _all_alerts(client, since="2100-01-01T00:00:00Z") == []
    assert len(_all_alerts(client, since="2000-01-01T00:00:00")) == len(alerts)
    assert _all_alerts(client, status="withdrawn") == []

    detail = client.get(f"/v1/alerts/{first['alert_id']}", headers=AUTH).json()
    assert detail["reasons"] and detail["sessions"] and detail["activity"]
    assert {"minute", "requests", "errors"} <= set(detail["activity"][0])
    assert sum(m["requests"] for m in detail["activity"]) >= 1
    assert detail["reviews"] == [] and detail["status"] == "open"

    bad = client.post(f"/v1/alerts/{first['alert_id']}/review", json={"verdict": "maybe"}, headers=AUTH)
    assert bad.status_code == 422 and "verdict" in bad.json()["detail"]
    as_text = client.post(f"/v1/alerts/{first['alert_id']}/review", content='{"verdict": "confirmed"}',
                          headers={**AUTH, "Content-Type": "text/plain"})
    assert as_text.status_code == 415 and "send application/json" in as_text.json()["detail"]
    assert client.post("/v1/alerts/A-unknown/review", json={"verdict": "confirmed"}, headers=AUTH).status_code == 404
    review = client.post(
        f"/v1/alerts/{first['alert_id']}/review",
        json={"verdict": "confirmed", "note": "vendor script, ticket 42"},
        headers={**AUTH, "X-Reviewer": "ann.analyst"},
    )
    assert review.status_code == 200 and review.json()["reviewer"] == "ann.analyst"
    second = alerts[1] if len(alerts) > 1 else first
    review = client.post(f"/v1/alerts/{second['alert_id']}/review", json={"verdict": "benign_automation"}, headers=AUTH)
    assert review.json()["reviewer"] == "api"  # the token's name
    detail = client.get(f"/v1/alerts/{first['alert_id']}", headers=AUTH).json()
    assert detail["status"] == "reviewed" and detail["reviews"][0]["note"] == "vendor script, ticket 42"
    # the verdicts export as labels that `detector train --labels` reads
    exported = client.get("/v1/reviews.csv", headers=AUTH)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    labels_file = tmp_path / "verdicts.csv"
    labels_file.write_text(exported.text, encoding="utf-8")
    labels = {lab.id: lab.value for lab in read_labels(labels_file)}
    assert labels[first["alert_id"]] == 1
    if second is not first:
        assert labels[second["alert_id"]] == 0
    assert first["alert_id"] in {a["alert_id"] for a in _all_alerts(client, status="reviewed")}

    # re-posting the same batch creates neither records nor alerts
    again = _post_lines(client, slice_lines[:3000]).json()
    assert again["duplicates"] == again["accepted"]
    flushed2 = client.post("/v1/flush", headers=AUTH).json()
    assert flushed2["records"] == accepted and flushed2["raised"] == 0
    assert {a["alert_id"] for a in _all_alerts(client)} == {a["alert_id"] for a in alerts}


def test_false_positive_suppresses_the_pattern(client_for, slice_lines):
    client = client_for(suppress_false_positives=True)
    _post_lines(client, slice_lines)
    client.post("/v1/flush", headers=AUTH)
    alert = _all_alerts(client)[0]
    client.post(f"/v1/alerts/{alert['alert_id']}/review", json={"verdict": "false_positive"}, headers=AUTH)
    store = client.app.state.store
    doc = {**alert, "alert_id": "A-nextday0000", "day": "2099-01-01", "user_agents": [], "session_ids": [], "sessions": [], "activity": []}
    result = store.upsert_alerts([doc], window_start=None)
    assert result.raised == [] and result.suppressed == 1
    assert store.get_alert("A-nextday0000")["status"] == "suppressed"
    assert "A-nextday0000" not in {a["alert_id"] for a in _all_alerts(client)}


def test_gzip_and_json_lines(client_for, tmp_path):
    from sample_logs.generate import generate

    generate(tmp_path / "j.log", seed=3, start="2026-09-14", days=1, n_staff=20, fmt="jsonl")
    jl = (tmp_path / "j.log").read_bytes()
    client = client_for()
    resp = client.post("/v1/ingest", content=gzip.compress(jl), headers={**AUTH, "content-type": "application/x-ndjson", "content-encoding": "gzip"})
    assert resp.status_code == 200, resp.text
    assert resp.json()["format"] == "jsonl" and resp.json()["accepted"] > 1000


def test_w3c_batches_without_header(client_for, tmp_path):
    from sample_logs.generate import generate

    generate(tmp_path / "w.log", seed=3, start="2026-09-14", days=1, n_staff=20, fmt="w3c")
    lines = (tmp_path / "w.log").read_text().split("\n")[:-1]
    client = client_for()
    total = 0
    for i in range(0, 6000, 2000):  # later batches carry no #Fields directive
        resp = _post_lines(client, lines[i : i + 2000])
        assert resp.status_code == 200, resp.text
        assert resp.json()["format"] == "w3c"
        total += resp.json()["accepted"]
    assert total > 5900


def test_zeek_batches_without_header(client_for):
    """A sensor's http.log tailed in batches: later batches carry no #fields directive and still read as Zeek's."""
    from tests.detector.io.test_zeek import header, zeek_line

    lines = header() + [zeek_line(i, client=f"10.1.2.{i % 20}", user=f"u{i % 5}.d27") for i in range(3000)]
    client = client_for()
    total = 0
    for i in range(0, len(lines), 1000):
        resp = _post_lines(client, lines[i : i + 1000])
        assert resp.status_code == 200, resp.text
        assert resp.json()["format"] == "zeek"
        total += resp.json()["accepted"]
    assert total == 3000


def test_csv_export_batches_carry_their_header(client_for, tmp_path):
    """A CSV export is read by its header row; a batch of bare rows is refused with a 422 saying why."""
    import csv
    import io

    from detector.io import read_logs
    from sample_logs.generate import generate

    generate(tmp_path / "c.log", seed=3, start="2026-09-14", days=1, n_staff=20, fmt="combined")
    frame, _ = read_logs(str(tmp_path / "c.log"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["_time", "clientip", "user", "method", "uri", "status", "bytes", "useragent"])
    for row in frame.head(3000).itertuples(index=False):
        writer.writerow([row.ts.isoformat(), row.client_ip, "" if row.user != row.user else row.user, row.method,
                         row.path, row.status, row.bytes, row.user_agent])
    lines = out.getvalue().split("\n")[:-1]
    client = client_for()
    resp = _post_lines(client, lines[:2001])
    assert resp.status_code == 200, resp.text
    assert resp.json()["format"] == "csv" and resp.json()["accepted"] == 2000
    resp = _post_lines(client, lines[2001:])  # no header row: nothing says which column is which
    assert resp.status_code == 422 and "format" in resp.text
    resp = _post_lines(client, lines[:1] + lines[2001:], format="csv")
    assert resp.status_code == 200 and resp.json()["accepted"] == 1000


def test_restart_replays_the_journal(client_for, slice_lines):
    first = client_for()
    acked = _post_lines(first, slice_lines[:5000]).json()["accepted"]
    # a second app on the same database (a restart): nothing acknowledged is lost
    second = client_for()
    status = second.get("/healthz").json()["engine"]
    assert status["retained_records"] == acked
    assert _post_lines(second, slice_lines[:5000]).json()["duplicates"] == acked


# --------------------------------------------------------------------------- metrics and logs
def test_metrics_carry_no_forbidden_labels(client_for, slice_lines):
    client = client_for()
    _post_lines(client, slice_lines[:6000] + ["garbage line"])
    client.post("/v1/flush", headers=AUTH)
    text = client.get("/metrics").text
    families = list(text_string_to_metric_families(text))
    names = {f.name for f in families}
    for needed in ("lines_ingested", "lines_rejected", "sessions_scored", "alerts_raised", "open_alerts",
                   "scoring_duration_seconds", "ingest_lag_seconds", "last_scoring_timestamp_seconds", "model_info"):
        assert PREFIX + needed in names, needed
    for family in families:
        assert family.name.startswith(PREFIX), family.name
        if family.type == "counter":
            assert all(s.name.endswith("_total") for s in family.samples), family.name
        for sample in family.samples:
            assert set(sample.labels) <= ALLOWED_LABELS | {"le"}, (sample.name, sample.labels)
            for value in sample.labels.values():
                assert "@" not in value and not re.search(r"\d+\.\d+\.\d+\.\d+", value) and "/" not in value
    ingested = [s.value for f in families if f.name == PREFIX + "lines_ingested" for s in f.samples if s.labels.get("format") == "combined"]
    assert ingested and ingested[0] >= 5990
    open_total = sum(s.value for f in families if f.name == PREFIX + "open_alerts" for s in f.samples)
    assert open_total == len(_all_alerts(client, status="open"))


def test_service_logs_hold_no_raw_lines_or_identifiers(client_for, slice_lines, caplog):
    caplog.set_level(logging.DEBUG)
    client = client_for()
    marker = "ZZSTUDENT4242"
    line = f'10.1.2.3 - zed@school.example [14/Sep/2026:10:00:00 -0700] "GET /students/{marker} HTTP/1.1" 200 1 "-" "curl/8"'
    _post_lines(client, slice_lines[:3000] + [line, f"broken {marker} line"])
    client.post("/v1/ingest", params={"format": "combined"}, content=f"junk {marker}\n", headers=AUTH)
    client.get("/v1/alerts", params={"user": "zed@school.example"}, headers=AUTH)
    client.post("/v1/flush", headers=AUTH)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "/v1/ingest" in logged  # the access log is there...
    assert marker not in logged and "zed@school.example" not in logged and "10.1.2.3" not in logged  # ...without data


def test_openapi_documents_the_routes(client_for):
    spec = client_for().get("/openapi.json").json()
    for path in ("/v1/ingest", "/v1/flush", "/v1/alerts", "/v1/alerts/{alert_id}", "/v1/alerts/{alert_id}/review", "/healthz", "/metrics"):
        assert path in spec["paths"], path
    assert "text/plain" in spec["paths"]["/v1/ingest"]["post"]["requestBody"]["content"]
    json.dumps(spec)


def test_unexpected_errors_are_500_without_data_in_logs(client_for, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    client = client_for()

    def broken(*args, **kwargs):
        raise RuntimeError("row for STU-31337 failed")

    monkeypatch.setattr(client.app.state.store, "list_alerts", broken)
    resp = client.get("/v1/alerts", headers=AUTH)
    assert resp.status_code == 500 and resp.json() == {"detail": "internal error"}
    logged = "\n".join(r.getMessage() for r in caplog.records) + "\n".join(str(r.exc_info) for r in caplog.records)
    assert "RuntimeError" in logged and "STU-31337" not in logged
