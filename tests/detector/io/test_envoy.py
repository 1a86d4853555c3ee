"""Envoy's default text access log, and Istio's: fields, the client behind the mesh, rejections, detection."""

from __future__ import annotations

import pandas as pd

from detector.io import detect_format, parse_lines, read_logs
from detector.io.envoy import NOT_ENVOY, looks_like_envoy

from ._helpers import assert_schema

#: Envoy's documented example line, and Istio's default format (its example, then a request through an ingress
#: gateway whose downstream peer is the cloud balancer's private address).
ENVOY = ('[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" '
         '"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"')
ISTIO = ('[2020-11-25T21:26:18.409Z] "GET /status/418 HTTP/1.1" 418 - via_upstream - "-" 0 135 4 4 "-" '
         '"curl/7.73.0-DEV" "84961386-6d84-929d-98bd-c5aee93b5c88" "httpbin:8000" "10.44.1.27:80" '
         "outbound|8000||httpbin.foo.svc.cluster.local 10.44.1.23:37652 10.0.45.184:8000 10.44.1.23:46520 - default")
GATEWAY = ('[2026-11-24T10:00:00.123Z] "GET /api/students/42/?tab=iep HTTP/1.1" 200 - via_upstream - "-" 0 5123 31 30 '
           '"203.0.113.9,10.1.0.4" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0" "a1" "harbor.example.org" '
           '"10.44.2.3:8000" outbound|8000||api.svc.cluster.local 10.44.1.23:37652 10.44.1.5:8080 10.1.0.4:51234 '
           "harbor.example.org -")


def test_reads_both_defaults() -> None:
    assert detect_format([ENVOY, ISTIO, GATEWAY]) == "envoy"
    frame, rejected, _ = parse_lines([ENVOY, ISTIO, GATEWAY], None)
    assert rejected == []
    assert_schema(frame)
    assert frame.ts.iloc[0] == pd.Timestamp("2016-04-15T20:17:00.310Z")
    assert list(frame.method) == ["POST", "GET", "GET"] and list(frame.status) == [204, 418, 200]
    assert list(frame.bytes) == [0, 135, 5123] and list(frame.duration_ms) == [226.0, 4.0, 31.0]
    assert list(frame.path) == ["/api/v1/locations", "/status/418", "/api/students/42/?tab=iep"]
    assert list(frame.user_agent) == ["nsq2http", "curl/7.73.0-DEV", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0"]
    assert frame.user.isna().all()


def test_the_client_is_the_downstream_peer_or_the_chain_behind_a_private_one() -> None:
    frame, _, _ = parse_lines([ENVOY, ISTIO, GATEWAY], "envoy")
    # Envoy's default has no peer: X-Forwarded-For names the client; Istio's peer is the client unless it is a
    # private address with a chain behind it (the ingress gateway behind the cloud balancer)
    assert list(frame.client_ip) == ["10.0.35.28", "10.44.1.23", "203.0.113.9"]


def test_malformed_lines_are_counted_with_their_numbers(tmp_path) -> None:
    log = tmp_path / "istio-ingress.log"
    log.write_text("\n".join([ENVOY, ENVOY[:70], "", GATEWAY, ISTIO, "2026-11-24T10:00:00Z info envoy started"]) + "\n")
    frame, report = read_logs([log])
    assert list(frame.line_no) == [1, 4, 5]
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [(2, NOT_ENVOY), (6, NOT_ENVOY)]


def test_other_formats_are_not_taken_for_it() -> None:
    assert not looks_like_envoy('10.0.0.1 - - [03/Nov/2026:14:02:11 -0500] "GET / HTTP/1.1" 200 5 "-" "curl/8"')
    assert not looks_like_envoy("[2026-11-24T10:00:00Z] INFO starting server")
