"""Batched JSON lines (OpenTelemetry's OTLP/JSON logs and traces, Azure's ``records``), ModSecurity's JSON audit log
and Azure Application Gateway's access log: read as JSON lines."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from detector.enrich import resolve_local_clock
from detector.io import detect_format, parse_lines
from detector.io.otlp import any_value, attributes, batch_objects, is_batch
from detector.schema import LOCAL_CLOCK

from ._helpers import assert_schema

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36"
T0 = 1_795_528_800_000_000_000  # 2026-11-24 08:00:00 UTC, in ns


def _attr(key: str, value: object) -> dict:
    return {"key": key, "value": {"intValue": str(value)} if isinstance(value, int) else {"stringValue": value}}


def _request_record(t_ns: int, path: str, status: int, ip: str, user: str | None = None, body: str | None = None) -> dict:
    attrs = [_attr("http.request.method", "GET"), _attr("url.path", path), _attr("url.query", "tab=2"),
             _attr("http.response.status_code", status), _attr("client.address", ip), _attr("user_agent.original", CHROME),
             _attr("http.route", "/students/{stateId}")]
    if user:
        attrs.append(_attr("enduser.id", user))
    return {"timeUnixNano": str(t_ns), "observedTimeUnixNano": str(t_ns + 900), "severityNumber": 9,
            "body": {"stringValue": body or f"Request finished HTTP/1.1 GET https://sis.example.gov{path}?tab=2 - {status}"},
            "attributes": attrs, "traceId": "ab" * 16, "spanId": "cd" * 8}


def _batch(*records: dict) -> str:
    return json.dumps({"resourceLogs": [{"resource": {"attributes": [_attr("service.name", "sis")]},
                                         "scopeLogs": [{"scope": {"name": "Microsoft.AspNetCore.Hosting.Diagnostics"},
                                                        "logRecords": list(records)}]}]})


def test_any_value_and_attribute_lists() -> None:
    assert any_value({"intValue": "404"}) == 404 and any_value({"boolValue": False}) is False
    assert any_value({"arrayValue": {"values": [{"stringValue": "a"}, {"stringValue": "b"}]}}) == "a"
    assert any_value({"kvlistValue": {"values": [_attr("k", "v")]}}) == {"k": "v"}
    assert attributes([_attr("a", 1), _attr("a", 2), {"value": {}}, "junk"]) == {"a": 1}


def test_each_request_record_of_a_batch_is_one_request_on_the_batch_line() -> None:
    startup = {"timeUnixNano": str(T0), "body": {"stringValue": "Application started."}, "attributes": []}
    starting = _request_record(T0 + 1, "/students/1234567890", 200, "192.0.2.9",
                               body="Request starting HTTP/1.1 GET https://sis.example.gov/students/1234567890 - -")
    first = _batch(startup, starting, _request_record(T0 + 5_000_000, "/students/1234567890", 200, "192.0.2.9", "jo@ok.gov"),
                   _request_record(T0 + 9_000_000, "/health", 200, "10.0.0.4"))
    only_startup = _batch(startup)
    second = _batch({**_request_record(0, "/students/42", 404, "198.51.100.7", "al@ok.gov"),
                     "timeUnixNano": "0", "observedTimeUnixNano": str(T0 + 60 * 10**9)})
    lines = [first, only_startup, second, '{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"body": ']
    assert detect_format(lines[:3]) == "jsonl"
    frame, rejected, _ = parse_lines(lines, None)
    assert_schema(frame)
    assert [r.line_no for r in rejected] == [4]  # the truncated batch; the batch of start-up messages names no request
    assert frame.line_no.tolist() == [1, 1, 2 + 1]
    assert frame.path.tolist() == ["/students/1234567890?tab=2", "/health?tab=2", "/students/42?tab=2"]
    assert frame.user.tolist()[0] == "jo@ok.gov" and pd.isna(frame.user.iloc[1]) and frame.user.iloc[2] == "al@ok.gov"
    assert frame.client_ip.tolist() == ["192.0.2.9", "10.0.0.4", "198.51.100.7"]
    assert frame.status.tolist() == [200, 200, 404] and frame.user_agent.iloc[0] == CHROME
    # the record's own time; an unset one (0) falls back to when the collector observed it
    assert frame.ts.tolist() == [pd.Timestamp(T0 + 5_000_000, tz="UTC"), pd.Timestamp(T0 + 9_000_000, tz="UTC"),
                                 pd.Timestamp(T0 + 60 * 10**9, tz="UTC")]


def test_server_spans_of_a_traces_export_are_requests_with_their_duration() -> None:
    server = {"traceId": "ab" * 16, "spanId": "01" * 8, "name": "GET /students/{id}", "kind": 2,
              "startTimeUnixNano": str(T0), "endTimeUnixNano": str(T0 + 42_000_000),
              "attributes": [_attr("http.method", "GET"), _attr("http.target", "/students/77"),
                             _attr("http.status_code", 200), _attr("net.peer.ip", "203.0.113.5"),
                             _attr("http.user_agent", "python-requests/2.32.3"), _attr("enduser.id", "svc@ok.gov")]}
    client = {**server, "kind": "SPAN_KIND_CLIENT", "spanId": "02" * 8}
    line = json.dumps({"resourceSpans": [{"scopeSpans": [{"spans": [server, client]}]}]})
    assert is_batch(json.loads(line)) and len(batch_objects(json.loads(line))) == 1
    frame, rejected, _ = parse_lines([line], None)
    assert rejected == [] and len(frame) == 1
    row = frame.iloc[0]
    assert (row.path, row.status, row.client_ip, row.user, row.user_agent) == (
        "/students/77", 200, "203.0.113.5", "svc@ok.gov", "python-requests/2.32.3")
    assert row.duration_ms == 42.0


def test_azure_records_batches_are_read_record_by_record() -> None:
    record = {"time": "2026-11-24T15:01:02.5000000Z", "category": "ApplicationGatewayAccessLog",
              "operationName": "ApplicationGatewayAccess",
              "properties": {"clientIP": "203.0.113.40", "httpMethod": "GET", "requestUri": "/students/9",
                             "originalRequestUriWithArgs": "/students/9?view=full", "userAgent": CHROME,
                             "httpStatus": 200, "sentBytes": 5120, "timeTaken": 0.031}}
    alone = json.dumps(record)
    batched = json.dumps({"records": [record, {**record, "properties": {**record["properties"], "httpStatus": 403}}]})
    frame, rejected, _ = parse_lines([alone, batched], None)
    assert rejected == []
    assert frame.line_no.tolist() == [1, 2, 2] and frame.status.tolist() == [200, 200, 403]
    row = frame.iloc[0]
    assert (row.client_ip, row.path, row.bytes, row.duration_ms) == ("203.0.113.40", "/students/9?view=full", 5120, 31.0)


def _modsec3(ip: str, when: str, uri: str, cookie: str, code: int = 200) -> str:
    return json.dumps({"transaction": {
        "client_ip": ip, "time_stamp": when, "server_id": "8c5d0b8b0bd6b4a0c4b6d3f4e1f0a9b8c7d6e5f4", "client_port": 51234,
        "host_ip": "10.20.0.5", "host_port": 443, "unique_id": "176402350712.345678",
        "request": {"method": "GET", "http_version": 1.1, "uri": uri,
                    "headers": {"Host": "sis.example.org", "User-Agent": CHROME, "Cookie": cookie,
                                "Referer": "https://sis.example.org/home"}},
        "response": {"http_code": code, "headers": {"Content-Length": "5123", "Content-Type": "text/html"}},
        "producer": {"modsecurity": "ModSecurity v3.0.13 (Linux)", "connector": "ModSecurity-Apache v0.0.9-beta1",
                     "secrules_engine": "Enabled", "components": ["OWASP_CRS/4.7.0\""]},
        "messages": []}})


def test_modsecurity_v3_audit_log_local_ctime_and_the_user_from_the_app_cookie() -> None:
    lines = [_modsec3("198.51.100.20", "Tue Nov 24 09:05:07 2026", "/sis/student.php?sasid=1012345678",
                      "session=9f86d081; sis_user=jdoe%40town.k12.ma.us"),
             _modsec3("203.0.113.66", "Tue Nov  3 23:59:59 2026", "/.env", "", code=403)]
    assert detect_format(lines) == "jsonl"
    frame, rejected, _ = parse_lines(lines, None)
    assert rejected == []
    assert_schema(frame)
    first = frame.iloc[0]
    assert (first.client_ip, first.method, first.path, first.status, first.bytes) == (
        "198.51.100.20", "GET", "/sis/student.php?sasid=1012345678", 200, 5123)
    assert (first.user, first.app_session, first.user_agent) == ("jdoe@town.k12.ma.us", "9f86d081", CHROME)
    assert np.isinf(frame.utc_offset_min).all() and (frame.utc_offset_min == LOCAL_CLOCK).all()
    # the server's local clock, read in the site's zone by the scan
    local = resolve_local_clock(frame, "America/New_York")
    assert local.ts.tolist() == [pd.Timestamp("2026-11-24 14:05:07", tz="UTC"), pd.Timestamp("2026-11-04 04:59:59", tz="UTC")]
    assert frame.iloc[1].status == 403 and pd.isna(frame.iloc[1].user)


def test_modsecurity_v2_json_audit_log() -> None:
    line = json.dumps({"transaction": {"time": "24/Nov/2026:09:05:07 -0500", "transaction_id": "ZK2r",
                                       "remote_address": "198.51.100.21", "remote_port": 50111,
                                       "local_address": "10.20.0.5", "local_port": 443},
                       "request": {"request_line": "POST /auth/login HTTP/1.1", "headers": {"User-Agent": "curl/8.5.0"}},
                       "response": {"protocol": "HTTP/1.1", "status": 401, "headers": {}}})
    frame, rejected, _ = parse_lines([line], None)
    assert rejected == []
    row = frame.iloc[0]
    assert (row.client_ip, row.method, row.path, row.status, row.user_agent) == (
        "198.51.100.21", "POST", "/auth/login", 401, "curl/8.5.0")
    assert row.ts == pd.Timestamp("2026-11-24 14:05:07", tz="UTC")
