"""JSON-lines access logs: usual key names, nested keys, timestamps, mapping overrides."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from detector.io import parse_lines, read_logs
from detector.io.jsonl import resolve_mapping

from ._helpers import assert_schema, fixture


def _parse(objs, mapping=None):
    lines = [o if isinstance(o, str) else json.dumps(o) for o in objs]
    return parse_lines(lines, "jsonl", jsonl_mapping=mapping)


def test_nginx_style_keys():
    frame, rejected, _ = _parse([{
        "time": "2024-03-04T10:00:00-08:00", "remote_addr": "198.51.100.7", "remote_user": "jdoe",
        "request": "GET /Student/Record?id=9 HTTP/1.1", "status": "200", "body_bytes_sent": "5120",
        "http_referer": "-", "http_user_agent": "curl/8.0", "request_time": "0.042", "session_id": "s-1",
    }])
    assert rejected == []
    assert_schema(frame)
    rec = frame.iloc[0]
    assert rec.ts == pd.Timestamp("2024-03-04 18:00:00", tz="UTC") and rec.utc_offset_min == -480.0
    assert (rec.client_ip, rec.user, rec.method, rec.path) == ("198.51.100.7", "jdoe", "GET", "/Student/Record?id=9")
    assert (rec.status, rec.bytes) == (200, 5120)
    assert pd.isna(rec.referer) and rec.user_agent == "curl/8.0" and rec.app_session == "s-1"
    assert rec.duration_ms == pytest.approx(42.0)


@pytest.mark.parametrize(("value", "expected", "offset"), [
    (1709546400, "2024-03-04 10:00:00", 0.0),
    (1709546400123, "2024-03-04 10:00:00.123", 0.0),
    ("1709546400.5", "2024-03-04 10:00:00.5", 0.0),
    ("2024-03-04T10:00:00Z", "2024-03-04 10:00:00", 0.0),
    ("2024-03-04 10:00:00", "2024-03-04 10:00:00", math.nan),
    ("2024-03-04T11:30:00+01:30", "2024-03-04 10:00:00", 90.0),
    ("04/Mar/2024:10:00:00 +0000", "2024-03-04 10:00:00", 0.0),
])
def test_timestamp_forms(value, expected, offset):
    frame, rejected, _ = _parse([{"@timestamp": value, "ip": "1.2.3.4", "path": "/"}])
    assert rejected == []
    assert frame.iloc[0].ts == pd.Timestamp(expected, tz="UTC")
    got = frame.iloc[0].utc_offset_min
    assert (math.isnan(got) and math.isnan(offset)) or got == offset


def test_rejections():
    frame, rejected, seen = _parse([
        "not json", "[1, 2]", {"path": "/no-time"}, {"ts": "garbage", "path": "/"}, "", {"ts": 0, "path": "/ok"},
    ])
    assert seen == 6 and len(frame) == 1 and frame.iloc[0].path == "/ok"
    assert [(r.line_no, r.reason) for r in rejected] == [
        (1, "invalid JSON"), (2, "JSON line is not an object"), (3, "missing timestamp"), (4, "bad timestamp"),
    ]


def test_absolute_url_and_separate_query():
    frame, _, _ = _parse([{"ts": 0, "url": "https://sis.example.org/a/b", "query_string": "x=1", "method": "GET"}])
    assert frame.iloc[0].path == "/a/b?x=1"


def test_nested_dotted_keys():
    frame, _, _ = _parse([{"ts": 0, "http": {"request": {"method": "PUT"}, "response": {"status_code": 201}},
                           "url": {"original": "/x"}, "user_agent": {"original": "ua"}, "source": {"ip": "9.9.9.9"}}])
    rec = frame.iloc[0]
    assert (rec.method, rec.status, rec.path, rec.client_ip) == ("PUT", 201, "/x", "9.9.9.9")
    assert rec.user_agent == "ua"  # ECS user_agent.original


def test_mapping_override_on_real_caddy_log():
    path = fixture("crowdsec_caddy.log")
    default, report = read_logs(path)
    # line 11 is a reverse-proxy debug message (a logger's "msg"), not a request: skipped, not broken
    assert report.rejected_samples == [] and 11 not in set(default.line_no) and len(default) == 10
    mapped, _ = read_logs(path, jsonl_mapping={"client_ip": "request.remote_ip", "app_session": "request.remote_port"})
    assert list(default.client_ip[:4]) == ["127.0.0.1", "127.0.0.1", "127.0.0.1", "172.17.0.1"]
    assert list(mapped.client_ip[:4]) == ["172.17.0.1"] * 4
    assert mapped.iloc[0].app_session == "44790" and pd.isna(default.iloc[0].app_session)
    assert default.iloc[9].user == "Bob" and default.iloc[9].status == 200
    pd.testing.assert_series_equal(default.path, mapped.path)


def test_mapping_override_duration_unit_and_time_key():
    line = {"when": "2024-03-04T10:00:00Z", "ts": "ignored", "elapsed": 1500, "duration_ms": 9, "uri": "/a"}
    frame, rejected, _ = _parse([line], mapping={"ts": "when", "duration_us": "elapsed"})
    assert rejected == []
    assert frame.iloc[0].ts == pd.Timestamp("2024-03-04 10:00:00", tz="UTC")
    assert frame.iloc[0].duration_ms == 1.5


def test_unknown_mapping_name():
    with pytest.raises(ValueError, match="unknown field"):
        resolve_mapping({"colour": "x"})


LOGRAGE = {"method": "GET", "path": "/leas/4111920/schools/0684343/roster", "format": "html",
           "controller": "Schools::RostersController", "action": "show", "status": 200, "duration": 972.43,
           "time": "2025-12-10T13:12:22.891-08:00", "remote_ip": "12.226.21.16", "user": "yuki@pusd.org",
           "user_agent": "Mozilla/5.0", "params": {"status": "active", "page": "2", "per_page": "100",
                                                   "lea_id": "4111920", "school_id": "0684343"}}


def test_lograge_params_stand_for_the_query_string_the_path_was_logged_without():
    # the route's own parameters are in the path already; the rest were the query
    frame, rejected, _ = _parse([LOGRAGE])
    assert rejected == []
    assert frame["path"].iloc[0] == "/leas/4111920/schools/0684343/roster?status=active&page=2&per_page=100"


@pytest.mark.parametrize("change", [
    {"method": "POST", "params": {"user": {"email": "a@b.org", "password": "[FILTERED]"}, "commit": "Sign in"}},
    {"path": "/students?id=7", "params": {"id": "7", "page": "2"}},                     # a query string is logged
    {"params": {"token": "[FILTERED]", "flag": True, "ids": ["1", "2"], "controller": "x", "action": "y"}},
    {"params": "page=2"},                                                               # not an object
])
def test_lograge_params_that_stand_for_no_query(change):
    # forms and bodies are not URLs; a query already logged wins; filtered, nested, routing keys are left out
    frame, _, _ = _parse([{**LOGRAGE, **change}])
    path = change.get("path", LOGRAGE["path"])
    assert frame["path"].iloc[0] == path


def test_lograge_params_name_the_record_a_query_asked_for():
    from detector.enrich import enrich_records
    line = {**LOGRAGE, "path": "/students/lookup", "params": {"student_id": "6259485779"}}
    frame, _, _ = _parse([line, {**line, "params": {"student_id": "6259485780"}}])
    entity = enrich_records(frame)["entity"].to_numpy()
    assert entity[0] != 0 and entity[1] != 0 and entity[0] != entity[1]


def test_a_graphql_servers_operation_field_names_the_route_and_azures_operation_name_does_not() -> None:
    line = {"time": "2026-09-14T15:00:01Z", "method": "POST", "path": "/graphql", "status": 200, "uid": 10482,
            "gqlOp": "StudentProfile"}
    azure = {"time": "2026-09-14T15:00:01Z", "method": "GET", "path": "/students/42", "status": 200,
             "operationName": "ApplicationGatewayAccess"}
    frame, _, _ = parse_lines([json.dumps(line), json.dumps(azure)], "jsonl")
    assert frame.path.tolist() == ["/graphql?operationName=StudentProfile", "/students/42"]
    assert frame.user.iloc[0] == "10482"  # a numeric uid is the user


def test_serilog_request_log_and_its_other_events() -> None:
    """Serilog's compact JSON (``@t``) and its JsonFormatter (``Properties``); the app's other events are skipped."""
    template = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms"
    lines = [
        json.dumps({"@t": "2026-11-17T16:01:02.1234567Z", "@mt": template, "RequestMethod": "GET",
                    "RequestPath": "/Students/Details/48213", "StatusCode": 200, "Elapsed": 12.3456,
                    "QueryString": "?tab=iep", "RemoteIpAddress": "203.0.113.7", "UserAgent": "Mozilla/5.0 x",
                    "UserName": "jane.doe@d417.example", "RequestId": "0HN1:00000001"}),
        # an event logged while serving a request carries its path (the logging scope): not a request of its own
        json.dumps({"@t": "2026-11-17T16:01:03Z", "@mt": "User {UserName} signed in", "UserName": "jane.doe@d417.example",
                    "RequestPath": "/signin-oidc", "RequestId": "0HN1:00000002"}),
        json.dumps({"Timestamp": "2026-11-17T08:01:04.0000000-08:00", "Level": "Information", "MessageTemplate": template,
                    "Properties": {"RequestMethod": "POST", "RequestPath": "/Account/Login", "StatusCode": 302,
                                   "Elapsed": 3.1, "RemoteIpAddress": "198.51.100.9", "UserAgent": "curl/8.0"}}),
        json.dumps({"@t": "2026-11-17T16:01:05Z", "@l": "Error", "@mt": "Unhandled exception", "@x": "System.Exception"}),
        # an error's code is not an HTTP status: still the app's other event
        json.dumps({"time": 1804257118433, "reqId": 25610, "code": "FORBIDDEN", "msg": "graphql error"}),
        json.dumps({"@t": "2026-11-17T16:01:06Z", "Elapsed": 3}),  # no request and no message: a broken line
    ]
    frame, rejected, _ = parse_lines(lines, "jsonl")
    assert [r.line_no for r in rejected] == [6]
    page, sign_in = frame.iloc[0], frame.iloc[1]
    assert (page.client_ip, page.user, page.method, page.path, page.status, page.user_agent) == (
        "203.0.113.7", "jane.doe@d417.example", "GET", "/Students/Details/48213?tab=iep", 200, "Mozilla/5.0 x")
    assert page.ts == pd.Timestamp("2026-11-17 16:01:02.1234567", tz="UTC") and page.duration_ms == 12.3456
    assert (sign_in.client_ip, sign_in.method, sign_in.path, sign_in.status) == ("198.51.100.9", "POST", "/Account/Login", 302)
    assert sign_in.ts == pd.Timestamp("2026-11-17 16:01:04", tz="UTC")


def test_a_json_log_of_messages_and_no_request_is_an_error_not_an_empty_scan(tmp_path) -> None:
    """A logger's messages are skipped beside requests; a file of nothing else says so instead of scanning nothing."""
    from detector.io import LogReadError

    path = tmp_path / "app.json"
    path.write_text("\n".join(json.dumps({"level": "info", "message": f"GET /x/{i} 200 12ms",
                                          "timestamp": f"2026-11-17T08:00:0{i}Z"}) for i in range(3)) + "\n")
    with pytest.raises(LogReadError, match="3 lines are events that are not requests"):
        read_logs([path])
