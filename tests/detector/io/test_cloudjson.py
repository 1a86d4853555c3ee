"""JSON logs of cloud load balancers, CDNs and proxies read with the default key names."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from detector.io import detect_format, parse_lines, read_logs
from detector.io.jsonl import JsonLinesParser
from detector.io.values import decode_percent, durations_ms, strip_port

from ._cloudlogs import Req, azure_app_gateway, azure_front_door, cloudflare, envoy, gcp, replace
from ._helpers import assert_schema

REQ = Req()
BUILDERS = {
    "gcp": gcp,
    "cloudflare": cloudflare,
    "cloudflare_unixnano": lambda r: cloudflare(r, unix_nano=True),
    "azure_front_door": azure_front_door,
    "azure_app_gateway": azure_app_gateway,
    "envoy": envoy,
}


def _expected_ts(name: str, r: Req) -> pd.Timestamp:
    if name == "cloudflare":  # Logpush's rfc3339 option writes whole seconds
        return r.stamp.floor("s")
    if name == "envoy":  # Envoy writes milliseconds
        return r.stamp.floor("ms")
    return r.stamp


@pytest.mark.parametrize("name", list(BUILDERS))
def test_reads_the_request(name: str) -> None:
    lines = [BUILDERS[name](REQ)]
    assert detect_format(lines) == "jsonl"
    frame, rejected, _ = parse_lines(lines, None)
    assert rejected == []
    assert_schema(frame)
    rec = frame.iloc[0]
    assert rec.ts == _expected_ts(name, REQ) and rec.utc_offset_min == 0.0
    assert (rec.client_ip, rec.method, rec.path) == (REQ.ip, REQ.method, "/students/42?term=F")
    assert (rec.status, rec.bytes, rec.user_agent) == (REQ.status, REQ.nbytes, REQ.ua)
    assert pd.isna(rec.user)
    if name == "azure_app_gateway":  # Application Gateway does not log the referer
        assert pd.isna(rec.referer)
    else:
        assert rec.referer == REQ.referer
    if name.startswith("cloudflare"):
        assert math.isnan(rec.duration_ms)
    else:
        assert rec.duration_ms == pytest.approx(30.0)  # "0.030s", "0.030", 0.030 s and Envoy's 30 ms alike


@pytest.mark.parametrize("name", list(BUILDERS))
def test_malformed_lines_are_counted_with_their_numbers(name: str, tmp_path) -> None:
    good = BUILDERS[name](REQ)
    broken = json.loads(good)
    for key in ("timestamp", "timeStamp", "EdgeStartTimestamp", "time", "start_time"):  # every time it carries
        broken.pop(key, None)
    path = tmp_path / f"{name}.jsonl"
    path.write_text("\n".join([good, good[:40], json.dumps(broken), good, '{"msg": "started"}']) + "\n")
    frame, report = read_logs(path)
    assert report.formats == {str(path): "jsonl"}
    assert list(frame.line_no) == [1, 4]
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [
        (2, "invalid JSON"), (3, "missing timestamp"), (5, "missing timestamp")]


def test_cloud_logging_timestamps_keep_nanoseconds() -> None:
    line = json.loads(gcp(REQ))
    line["timestamp"] = "2026-09-14T15:00:01.123456789Z"
    frame, _, _ = parse_lines([json.dumps(line)], "jsonl")
    assert frame.iloc[0].ts == pd.Timestamp("2026-09-14 15:00:01.123456789", tz="UTC")


def test_caddy_duration_stays_in_seconds_beside_envoy() -> None:
    caddy = {"ts": 1789398001.5, "request": {"remote_ip": "203.0.113.9", "method": "GET", "uri": "/a"},
             "status": 200, "duration": 0.25}
    frame, rejected, _ = parse_lines([json.dumps(caddy), envoy(REQ)], "jsonl")
    assert rejected == []
    assert list(frame.duration_ms) == [250.0, 30.0]


def test_duration_mapping_turns_the_envoy_rule_off() -> None:
    frame, _, _ = parse_lines([envoy(REQ)], "jsonl", jsonl_mapping={"duration_s": "duration"})
    assert frame.iloc[0].duration_ms == 30_000.0


def test_existing_keys_keep_precedence() -> None:
    line = json.loads(gcp(REQ))
    line.update({"remote_addr": "192.0.2.1", "status": 503, "path": "/first"})
    frame, _, _ = parse_lines([json.dumps(line)], "jsonl")
    assert (frame.iloc[0].client_ip, frame.iloc[0].status, frame.iloc[0].path) == ("192.0.2.1", 503, "/first")


def test_mixed_duration_keys_are_read_per_line() -> None:
    lines = [json.dumps({"ts": 0, "path": "/a", "duration_ms": 5}), json.dumps({"ts": 0, "path": "/b", "request_time": "0.5"})]
    frame, _, _ = parse_lines(lines, "jsonl")
    assert list(frame.duration_ms) == [5.0, 500.0]


def test_forwarded_client_addresses() -> None:
    lines = [json.dumps({"ts": 0, "path": "/", "client_ip": ip}) for ip in
             ("203.0.113.5:2817", "[2001:db8::1]:443", "2001:db8::1", "203.0.113.6")]
    frame, _, _ = parse_lines(lines, "jsonl")
    assert list(frame.client_ip) == ["203.0.113.5", "2001:db8::1", "2001:db8::1", "203.0.113.6"]


def test_value_helpers() -> None:
    assert strip_port("2001:db8::1:2817", has_port=True) == "2001:db8::1"
    assert strip_port("host:x") == "host:x" and strip_port(None) is None and strip_port("") == ""
    assert decode_percent("Mozilla/5.0%2520(X11)") == "Mozilla/5.0 (X11)"
    assert decode_percent("a+b") == "a+b" and decode_percent("100%") == "100%"
    got = durations_ms(["0.030s", "12ms", "150us", "0.5", 2, None, "1m2s", "junk", "2h", True], 1e3)
    np.testing.assert_allclose(got, [30.0, 12.0, 0.15, 500.0, 2000.0, np.nan, np.nan, np.nan, 7_200_000.0, np.nan])
    assert list(durations_ms([], 1.0)) == []


def test_pino_http_request_log() -> None:
    line = {"level": 30, "time": 1789398001123, "req": {"method": "GET", "url": "/students/42?term=F",
            "remoteAddress": "::ffff:203.0.113.5", "headers": {"user-agent": "curl/8.0", "referer": "-"}},
            "res": {"statusCode": 200}, "responseTime": 12, "msg": "request completed"}
    frame, rejected, _ = parse_lines([json.dumps(line), json.dumps({"level": 30, "time": 1, "msg": "listening"})], None)
    assert rejected == [] and len(frame) == 1  # the server's "listening" message: skipped, not a broken line
    rec = frame.iloc[0]
    assert (rec.method, rec.path, rec.status, rec.user_agent, rec.duration_ms) == ("GET", "/students/42?term=F", 200,
                                                                                  "curl/8.0", 12.0)
    assert rec.client_ip == "::ffff:203.0.113.5" and pd.isna(rec.referer)


def test_pino_http_response_size_comes_from_its_content_length_header() -> None:
    """pino-http logs no byte count of its own: the response's Content-Length header (a string) is the size."""
    lines = [{"time": 1789398001123 + k, "req": {"method": "GET", "url": f"/api/plans?offset={50 * k}"},
              "res": {"statusCode": 200, "headers": {"content-type": "application/json", "content-length": size}}}
             for k, size in enumerate(["18687", 512])]
    frame, rejected, _ = parse_lines([json.dumps(line) for line in lines], None)
    assert not rejected and frame["bytes"].tolist() == [18687, 512]


def test_missing_values_in_cloud_entries() -> None:
    line = json.loads(gcp(replace(REQ, query="")))
    del line["httpRequest"]["referer"], line["httpRequest"]["userAgent"], line["httpRequest"]["latency"]
    frame, _, _ = parse_lines([json.dumps(line)], "jsonl")
    rec = frame.iloc[0]
    assert rec.path == "/students/42" and rec.user_agent == "" and pd.isna(rec.referer) and math.isnan(rec.duration_ms)


def test_an_edge_log_reads_the_user_from_a_header_the_app_or_an_auth_proxy_set() -> None:
    """Cloudflare knows no user; a Logpush custom field can log the origin's ``x-user-id`` response header (empty
    on cache hits and failed sign-ins). Cloudflare Access's and Google IAP's request headers name users too."""
    signed = json.loads(cloudflare(REQ, unix_nano=True))
    lines = [{**signed, "ResponseHeaders": {"x-user-id": "ann@district.example"}},
             {**signed, "ResponseHeaders": {}},
             {**signed, "RequestHeaders": {"Cf-Access-Authenticated-User-Email": "bob@district.example"}},
             {**signed, "RequestHeaders": {"x-goog-authenticated-user-email": "accounts.google.com:cy@district.example"}},
             {**signed, "ResponseHeaders": {"content-type": "text/html"}}]
    frame, rejected, _ = parse_lines([json.dumps(line) for line in lines], None)
    assert not rejected
    assert frame["user"].tolist()[:1] == ["ann@district.example"] and pd.isna(frame["user"].iloc[1])
    assert frame["user"].tolist()[2:4] == ["bob@district.example", "cy@district.example"]
    assert pd.isna(frame["user"].iloc[4])


def test_a_user_field_of_the_line_wins_and_a_mapped_user_key_is_the_only_one_read() -> None:
    line = {**json.loads(cloudflare(REQ, unix_nano=True)), "user": "own@district.example",
            "ResponseHeaders": {"x-user-id": "header@district.example"}}
    frame, _, _ = parse_lines([json.dumps(line)], None)
    assert frame["user"].iloc[0] == "own@district.example"
    del line["user"]
    mapped = JsonLinesParser({"user": "ClientUsername"}).parse([json.dumps(line)], 1, 0)[0]
    assert pd.isna(mapped["user"].iloc[0])


AKAMAI = {"version": "1", "cp": "1482711", "reqId": "2d02132820", "reqTimeSec": "1789398001.123", "bytes": "5123",
          "cliIP": "203.0.113.5", "statusCode": "200", "reqHost": "sis.example.org", "reqMethod": "GET",
          "reqPath": "/students/42", "queryStr": "term=F", "turnAroundTimeMSec": "30",
          "UA": "Mozilla%2F5.0%20(X11%3B%20Linux%20x86_64)", "country": "US"}
FASTLY = {"timestamp": "2026-09-14T15:00:01+0000", "client_ip": "203.0.113.5", "url": "/students/42?term=F",
          "request_method": "GET", "request_referer": "(null)", "request_user_agent": "Mozilla/5.0 (X11; Linux x86_64)",
          "response_status": 200, "response_body_size": 5123, "fastly_server": "cache-den8390-DEN", "user": "(null)"}


@pytest.mark.parametrize("line", [AKAMAI, FASTLY], ids=["akamai_datastream2", "fastly_vcl_json"])
def test_keys_no_list_knows_are_matched_by_name(line: dict) -> None:
    """Akamai DataStream 2 and a customer's Fastly format: keys found by their names, as CSV columns are."""
    frame, rejected, _ = parse_lines([json.dumps(line)], None)
    assert rejected == []
    r = frame.iloc[0]
    assert r.ts == pd.Timestamp("2026-09-14T15:00:01Z").floor("s") or r.ts == pd.Timestamp("2026-09-14 15:00:01.123Z")
    assert (r.client_ip, r.method, r.path, r.status, r.bytes) == ("203.0.113.5", "GET", "/students/42?term=F", 200, 5123)
    assert r.user_agent == "Mozilla/5.0 (X11; Linux x86_64)"  # Akamai's percent-encoding undone
    assert pd.isna(r.user) and pd.isna(r.referer)  # Fastly's (null) is no value


def test_a_mapped_field_is_never_taken_from_another_key() -> None:
    frame, _, _ = parse_lines([json.dumps(FASTLY)], "jsonl", jsonl_mapping={"status": "fastly_server"})
    assert frame.status.iloc[0] == 0  # the mapping said where the status is (it is not a number there)


#: Amazon API Gateway HTTP API access log in a custom JSON format of documented ``$context`` variables, the
#: authorizer's claims e-mail logged under a key of the site's own choosing.
APIGW = {"requestId": "dGhpcyBp", "ip": "203.0.113.5", "requestTime": "14/Sep/2026:15:00:01 +0000",
         "httpMethod": "GET", "routeKey": "GET /students/{id}", "path": "/students/42", "status": "200",
         "protocol": "HTTP/1.1", "responseLength": "5123", "userAgent": "curl/8.4.0"}


@pytest.mark.parametrize("key", ["jwtEmail", "principalId", "cognito_user", "claims.email", "endUserName"])
def test_a_user_key_no_list_names_is_found_by_how_its_name_ends(key: str) -> None:
    frame, rejected, _ = parse_lines([json.dumps({**APIGW, key: "jdoe@district.example"}),
                                      json.dumps({**APIGW, key: "-"})], None)
    assert rejected == [] and frame.user.iloc[0] == "jdoe@district.example" and pd.isna(frame.user.iloc[1])
    assert (frame.path.iloc[0], frame.status.iloc[0], frame.bytes.iloc[0]) == ("/students/42", 200, 5123)


@pytest.mark.parametrize("key", ["userAgentFamily", "emailSent", "username_hint_shown", "userType"])
def test_keys_that_only_start_like_a_user_are_not_one(key: str) -> None:
    frame, _, _ = parse_lines([json.dumps({**APIGW, key: "x"})], None)
    assert pd.isna(frame.user.iloc[0])
