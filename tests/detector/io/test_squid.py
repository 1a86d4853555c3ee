"""Squid's native access log: fields, start times, user names, rejections, detection; its combined variant."""

from __future__ import annotations

import pandas as pd

from detector.io import detect_format, parse_lines, read_logs
from detector.io.squid import NOT_SQUID, looks_like_squid
from detector.schema import UA_NOT_LOGGED

from ._helpers import assert_schema

#: A reverse proxy's lines (``logformat squid``): a page to a signed-in user, an asset served from the cache,
#: a sign-in redirected, a forward proxy's tunnel with an escaped user name, and a request the client aborted.
LINES = [
    "1706884445.123    245 203.0.113.5 TCP_MISS/200 5120 GET "
    "http://sis.example.us/student/profile?ssid=1234567890 jsmith HIER_DIRECT/10.20.0.15 text/html",
    "1706884446.500      0 203.0.113.5 TCP_MEM_HIT/200 18211 GET http://sis.example.us/static/app.css?v=3 - HIER_NONE/- text/css",
    "1706884447.010     12 198.51.100.7 TCP_MISS/302 0 POST http://sis.example.us/j_spring_security_check - HIER_DIRECT/10.20.0.15 -",
    "1706884448.777   1200 10.1.2.3 TCP_TUNNEL/200 4410 CONNECT sis.example.us:443 d%40x.org HIER_DIRECT/10.20.0.15 -",
    "1706884449.000     30 10.1.2.3 TCP_MISS_ABORTED/000 0 GET http://sis.example.us/home - HIER_DIRECT/10.20.0.15 -",
    "1706884450.000      0 10.1.2.9 NONE_NONE/400 3896 NONE error:invalid-request - HIER_NONE/- text/html",
]


def test_reads_every_field() -> None:
    assert detect_format(LINES) == "squid"
    frame, rejected, _ = parse_lines(LINES, None)
    assert rejected == []
    assert_schema(frame)
    page, asset, sign_in, tunnel, aborted, invalid = (frame.iloc[i] for i in range(6))
    # logged when it finished, placed when it started: 245 ms earlier
    assert page.ts == pd.Timestamp("2024-02-02 14:34:04.878", tz="UTC") and page.duration_ms == 245.0
    assert (page.client_ip, page.user, page.method, page.path, page.status, page.bytes) == (
        "203.0.113.5", "jsmith", "GET", "/student/profile?ssid=1234567890", 200, 5120)
    assert page.user_agent == UA_NOT_LOGGED and pd.isna(page.referer)
    assert pd.isna(asset.user) and asset.path == "/static/app.css?v=3" and asset.ts == pd.Timestamp("2024-02-02 14:34:06.5", tz="UTC")
    assert (sign_in.method, sign_in.status, sign_in.bytes) == ("POST", 302, 0)
    assert tunnel.user == "d@x.org" and tunnel.method == "CONNECT" and tunnel.path == ""
    assert aborted.status == 0
    assert (invalid.method, invalid.path, invalid.status) == ("", "", 400)  # no request arrived: counted, no path


def test_malformed_lines_are_counted_with_their_numbers(tmp_path) -> None:
    log = tmp_path / "access.log"
    cut = LINES[0][:70]
    glued = LINES[1] + LINES[2]
    log.write_text("\n".join([LINES[0], cut, LINES[1], "", glued, LINES[2], LINES[3]]) + "\n")
    frame, report = read_logs([log])
    assert report.formats[str(log)] == "squid"
    assert list(frame.line_no) == [1, 3, 6, 7]
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [(2, NOT_SQUID), (5, NOT_SQUID)]


def test_other_formats_are_not_taken_for_it() -> None:
    assert not looks_like_squid('10.0.0.1 - - [03/Nov/2026:14:02:11 -0500] "GET / HTTP/1.1" 200 5')
    assert not looks_like_squid("2026-11-03 14:02:11 10.0.0.2 GET /Student.aspx ID=1 443 - 10.0.0.1 - 200 0 0 31")
    assert not looks_like_squid('{"time": 1706884445.123, "status": 200}')


def test_squids_combined_format_is_read_as_combined() -> None:
    """``logformat combined``: Apache's combined with an absolute URL and Squid's codes after the user agent."""
    line = ('203.0.113.5 - jsmith [02/Feb/2024:07:34:05 -0700] "GET http://sis.example.us/student/profile?ssid=1 '
            'HTTP/1.1" 200 5120 "https://sis.example.us/search?q=a" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) '
            'AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0 Safari/537.36" TCP_MISS:HIER_DIRECT')
    assert detect_format([line]) == "combined"
    frame, rejected, _ = parse_lines([line], None)
    assert rejected == [] and frame.path.iloc[0] == "/student/profile?ssid=1" and frame.user.iloc[0] == "jsmith"
    assert frame.ts.iloc[0] == pd.Timestamp("2024-02-02 14:34:05", tz="UTC")


def test_squids_no_request_lines_are_records_without_a_path() -> None:
    """Squid logs a connection that never sent its headers, or sent something else than HTTP, with ``error:``."""
    lines = ['10.20.5.40 - - [10/Feb/2025:01:24:04 -0700] "- error:transaction-end-before-headers HTTP/0.0" 0 0 "-" "-" '
             'NONE_NONE:HIER_NONE',
             '10.20.5.40 - - [10/Feb/2025:01:24:05 -0700] "NONE error:invalid-request HTTP/0.0" 400 3896 "-" "-" '
             'NONE_NONE:HIER_NONE']
    frame, rejected, _ = parse_lines(lines, "combined")
    assert rejected == [] and list(frame.path) == ["", ""] and list(frame.status) == [0, 400]
