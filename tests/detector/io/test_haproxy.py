"""HAProxy HTTP logs (``option httplog``), behind a syslog header or a bare tag."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from detector.io import detect_format, parse_lines, read_logs
from detector.io.formats import make_parser
from detector.io.haproxy import captured_headers, looks_like_haproxy

from ._cloudlogs import Req, haproxy
from ._helpers import assert_schema

REQ = Req()


@pytest.mark.parametrize("prefix", ["syslog", "tag", "none"])
def test_reads_the_request(prefix: str) -> None:
    lines = [haproxy(REQ, prefix), haproxy(Req(ip="2001:db8::7", method="POST", path="/login", query="", status=302), prefix)]
    assert detect_format(lines) == "haproxy"
    frame, rejected, _ = parse_lines(lines, None)
    assert rejected == []
    assert_schema(frame)
    rec = frame.iloc[0]
    assert rec.ts == REQ.stamp.floor("ms") and math.isnan(rec.utc_offset_min)  # the accept date has no offset
    assert (rec.client_ip, rec.method, rec.path) == (REQ.ip, "GET", "/students/42?term=F")
    assert (rec.status, rec.bytes, rec.user_agent, rec.referer) == (200, 5123, REQ.ua, REQ.referer)
    assert pd.isna(rec.user) and rec.duration_ms == 30.0
    assert (frame.iloc[1].client_ip, frame.iloc[1].method, frame.iloc[1].path) == ("2001:db8::7", "POST", "/login")


def test_variants() -> None:
    lines = [
        # no captured headers, logasap (+ on the total time and the bytes), httpslog fields after the request
        '203.0.113.5:51234 [14/Sep/2026:08:00:01.123] fe~ be/srv 0/0/1/2/+3 200 +5123 - - ---- 1/1/0/0/0 0/0 '
        '"GET /a HTTP/1.1" 0/0/0/0/0 sis.example.org/TLSv1.3/TLS_AES_256_GCM_SHA384',
        # a request HAProxy could not read, aborted timers
        '203.0.113.5:51235 [14/Sep/2026:08:00:02.000] fe be/<NOSRV> -1/-1/-1/-1/0 400 187 - - PR-- 1/1/0/0/0 0/0 "<BADREQ>"',
        # a truncated request (no closing quote), request and response captures
        '203.0.113.5:51236 [14/Sep/2026:08:00:03.000] fe be/srv 0/0/1/2/-1 -1 0 - - CD-- 1/1/0/0/0 0/0 '
        '{text/html,*/*|curl/8.0} {nginx} "GET /very/long/path?x=1',
    ]
    frame, rejected, _ = parse_lines(lines, "haproxy")
    assert rejected == []
    assert list(frame.path) == ["/a", "", "/very/long/path?x=1"] and list(frame.method) == ["GET", "", "GET"]
    assert list(frame.bytes) == [5123, 187, 0] and list(frame.status) == [200, 400, 0]
    assert frame.duration_ms.iloc[0] == 3.0 and frame.duration_ms.iloc[1] == 0.0 and math.isnan(frame.duration_ms.iloc[2])
    assert list(frame.user_agent) == ["", "", "curl/8.0"]


def test_malformed_lines_are_counted_with_their_numbers(tmp_path) -> None:
    good = haproxy(REQ)
    lines = [
        good,
        "Sep 14 15:00:01 lb1 haproxy[1234]: Proxy https-in started.",
        "Sep 14 15:00:01 lb1 haproxy[1234]: 203.0.113.5:51234 [14/Sep/2026:15:00:01.123] fe be/srv 0/0/5 212 -- 0/0/0/0/0 0/0",
        good.replace("14/Sep/2026", "31/Sep/2026"),
        good,
        good.replace('"GET /students', '"\x01 /students'),
    ]
    path = tmp_path / "haproxy.log"
    path.write_text("\n".join(lines) + "\n")
    frame, report = read_logs(path)
    assert report.formats == {str(path): "haproxy"} and report.syslog_files == [str(path)]
    assert list(frame.line_no) == [1, 5]
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [
        (2, "line does not match haproxy format"), (3, "line does not match haproxy format"), (4, "bad timestamp"),
        (6, "unparseable request line")]


def test_captured_headers_and_names() -> None:
    assert captured_headers(None) == (None, None)
    assert captured_headers("text/html|application/json||https://a.example/") == (None, "https://a.example/")
    assert make_parser("HAProxy").name == "haproxy"
    assert not looks_like_haproxy('203.0.113.5 - - [14/Sep/2026:15:00:01 +0000] "GET / HTTP/1.1" 200 5')


def test_the_user_an_app_header_capture_names() -> None:
    """A custom log-format capturing the request's User-Agent and Referer, and the app's ``X-Auth-User`` response
    header: the account is the captured value that names one; a capture of anything else names nobody."""
    line = ("Sep  9 07:41:12 lb01 haproxy[2211]: 10.44.3.7:51234 [09/Sep/2026:07:41:12.345] fe_https~ be_sis/web03 "
            "0/0/1/42/43 200 18211 - - ---- 311/298/12/4/0 0/0 {Mozilla/5.0 (Windows NT 10.0)|https://sis.example/home} "
            '{jdoe@mpls.k12.mn.us} "GET /students/123456789 HTTP/1.1"')
    other = line.replace("{jdoe@mpls.k12.mn.us}", "{text/html; charset=UTF-8}")
    windows = line.replace("{jdoe@mpls.k12.mn.us}", "{DISTRICT\\jdoe}")
    frame, rejected, _ = parse_lines([line, other, windows], "haproxy")
    assert rejected == []
    assert frame.user.iloc[0] == "jdoe@mpls.k12.mn.us" and pd.isna(frame.user.iloc[1])
    assert frame.user.iloc[2] == "DISTRICT\\jdoe"
    assert frame.user_agent.iloc[0] == "Mozilla/5.0 (Windows NT 10.0)" and frame.referer.iloc[0] == "https://sis.example/home"
