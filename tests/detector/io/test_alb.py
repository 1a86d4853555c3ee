"""AWS Application and Classic Load Balancer access logs."""

from __future__ import annotations

import gzip
import math

import pandas as pd
import pytest

from detector.io import detect_format, parse_lines, read_logs
from detector.io.alb import AlbParser, looks_like_alb
from detector.io.formats import make_parser

from ._cloudlogs import Req, alb, elb
from ._helpers import assert_schema

REQ = Req()


@pytest.mark.parametrize("build", [alb, elb], ids=["alb", "classic"])
def test_reads_the_request(build) -> None:
    lines = [build(REQ), build(Req(ip="198.51.100.7", method="POST", path="/login", query="", status=302, nbytes=0,
                                   ua='curl/8.0 "quoted"'.replace('"', '\\"')))]
    assert detect_format(lines) == "alb"
    frame, rejected, _ = parse_lines(lines, None)
    assert rejected == []
    assert_schema(frame)
    first, second = frame.iloc[0], frame.iloc[1]
    assert first.ts == REQ.stamp and first.utc_offset_min == 0.0
    assert (first.client_ip, first.method, first.path) == (REQ.ip, "GET", "/students/42?term=F")
    assert (first.status, first.bytes, first.user_agent) == (200, 5123, REQ.ua)
    assert pd.isna(first.user) and pd.isna(first.referer) and pd.isna(first.app_session)
    assert first.duration_ms == pytest.approx(30.0)
    assert (second.method, second.path, second.status, second.bytes) == ("POST", "/login", 302, 0)
    assert second.user_agent == 'curl/8.0 "quoted"'


def test_requests_the_balancer_could_not_read() -> None:
    lines = [
        # an ALB that got a malformed request: no target, processing times -1
        'h2 2026-09-14T15:00:02.000000Z app/my-lb/50dc 2001:db8::1:2817 - -1 -1 -1 400 - 0 0 '
        '"- http://sis.example.org:80- -" "-" - - - "-" "-" "-" - 2026-09-14T15:00:02.000000Z "-" "-" "-" "-" "-" "-" "-"',
        # a Classic ELB TCP listener
        '2026-09-14T15:00:03.000000Z my-classic-lb 203.0.113.5:2817 10.0.0.1:80 0.001 0.002 0.001 - - 82 305 "- - - " "-" - -',
        # a target that never answered
        'http 2026-09-14T15:00:04.000000Z app/my-lb/50dc 203.0.113.5:2817 - -1 -1 -1 502 - 34 0 '
        '"GET http://sis.example.org:80/x HTTP/1.1" "-" - - arn "Root=1" "-" "-" 0 2026-09-14T15:00:04.000000Z '
        '"forward" "-" "-" "-" "-" "-" "-"',
    ]
    frame, rejected, _ = parse_lines(lines, "alb")
    assert rejected == []
    assert list(frame.method) == ["", "", "GET"] and list(frame.path) == ["", "", "/x"]
    assert list(frame.client_ip) == ["2001:db8::1", "203.0.113.5", "203.0.113.5"]
    assert list(frame.status) == [400, 0, 502]
    assert math.isnan(frame.iloc[0].duration_ms) and frame.iloc[1].duration_ms == pytest.approx(4.0)
    assert list(frame.user_agent) == ["", "", ""]


def test_malformed_lines_are_counted_with_their_numbers(tmp_path) -> None:
    good = alb(REQ)
    lines = [good, "not an alb line", good.replace("2026-09-14T15", "2026-13-14T15", 1), good,
             good.replace('"GET https', '"\x01\x02 https'), good[:120]]
    path = tmp_path / "123456789012_elasticloadbalancing_us-east-2_app.my-lb.log.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    frame, report = read_logs(path)
    assert report.formats == {str(path): "alb"}
    assert list(frame.line_no) == [1, 4]
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [
        (2, "line does not match alb format"), (3, "bad timestamp"), (5, "unparseable request line"),
        (6, "line does not match alb format")]


def test_names_and_detection() -> None:
    assert make_parser("elb").name == "alb" and isinstance(make_parser("ALB"), AlbParser)
    assert not looks_like_alb('203.0.113.5 - - [14/Sep/2026:15:00:01 +0000] "GET / HTTP/1.1" 200 5')
    assert detect_format([alb(REQ)] * 3 + ["junk"] * 2) == "alb"
