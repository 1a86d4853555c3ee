"""IIS W3C extended logs (hand-written sample with a mid-file #Fields change)."""

from __future__ import annotations

import math

import pandas as pd

from detector.io import detect_format, parse_lines, read_logs
from detector.io.w3c import W3CParser
from detector.schema import concat_records

from ._helpers import assert_schema

IIS_SAMPLE = """\
#Software: Microsoft Internet Information Services 10.0
#Version: 1.0
#Date: 2024-03-04 15:00:01
#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken
2024-03-04 15:00:01 10.20.0.5 GET /Student/Search.aspx term=2024F&school=7 443 SCHOOL\\jdoe 198.51.100.7 Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) https://sis.example.org/Home 200 0 0 31
2024-03-04 15:00:02 10.20.0.5 POST /Student/Export.aspx - 443 - 198.51.100.8 python-requests/2.31.0 - 302 0 0 4
this line is not a w3c record
#Software: Microsoft Internet Information Services 10.0
#Version: 1.0
#Date: 2024-03-04 16:00:00
#Fields: time c-ip cs-username cs-method cs-uri-stem cs-uri-query sc-status sc-bytes time-taken cs(User-Agent) cs(Cookie) date
16:00:00 198.51.100.7 SCHOOL\\jdoe GET /Student/Record.aspx id=123456 200 5120 15 Mozilla/5.0+(Windows+NT+10.0) ASP.NET_SessionId=k3x9q2;+theme=dark 2024-03-04
16:00:01 198.51.100.9 - GET /favicon.ico - 404 1245 0 - - 2024-03-04
16:00:61 198.51.100.9 - GET /bad-time - 200 1 0 - - 2024-03-04
"""


def _records(text: str = IIS_SAMPLE):
    return parse_lines(text.splitlines(), "w3c")


def test_w3c_fields_in_both_layouts():
    frame, rejected, seen = _records()
    assert seen == 14
    assert_schema(frame)
    assert list(frame.line_no) == [5, 6, 12, 13]
    first, second, third, fourth = (frame.iloc[i] for i in range(4))
    assert first.ts == pd.Timestamp("2024-03-04 15:00:01", tz="UTC") and first.utc_offset_min == 0.0
    assert first.client_ip == "198.51.100.7" and first.user == "SCHOOL\\jdoe"
    assert first.method == "GET" and first.path == "/Student/Search.aspx?term=2024F&school=7"
    assert first.user_agent == "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"
    assert first.referer == "https://sis.example.org/Home"
    assert first.status == 200 and first.bytes == 0  # no sc-bytes in the first layout
    assert first.duration_ms == 31.0 and pd.isna(first.app_session)
    assert second.path == "/Student/Export.aspx" and pd.isna(second.user) and pd.isna(second.referer)
    # second header: columns reordered, sc-bytes and cs(Cookie) added, cs(Referer) gone
    assert third.ts == pd.Timestamp("2024-03-04 16:00:00", tz="UTC")
    assert third.path == "/Student/Record.aspx?id=123456" and third.bytes == 5120
    assert third.app_session == "k3x9q2" and pd.isna(third.referer)
    assert third.user_agent == "Mozilla/5.0 (Windows NT 10.0)"
    assert fourth.user_agent == "" and fourth.status == 404 and fourth.duration_ms == 0.0


def test_w3c_rejects_and_directives():
    _, rejected, _ = _records()
    assert [(r.line_no, r.reason) for r in rejected] == [
        (7, "field count differs from #Fields header"),
        (14, "bad timestamp"),
    ]


def test_w3c_data_before_header_rejected():
    frame, rejected, _ = parse_lines(["2024-03-04 15:00:01 GET /x", "#Fields: date time cs-method cs-uri-stem",
                                      "2024-03-04 15:00:01 GET /x"], "w3c")
    assert [(r.line_no, r.reason) for r in rejected] == [(1, "no #Fields header before data")]
    assert list(frame.line_no) == [3] and frame.iloc[0].path == "/x"
    assert frame.iloc[0].client_ip == "" and math.isnan(frame.iloc[0].duration_ms)


def test_w3c_header_state_carries_over_chunks():
    lines = IIS_SAMPLE.splitlines()
    parser = W3CParser()
    first, _ = parser.parse(lines[:9], 1, 0)
    second, _ = parser.parse(lines[9:], 10, 0)
    whole, _, _ = _records()
    pd.testing.assert_frame_equal(concat_records([first, second]), whole)


def test_w3c_detected_and_read_from_file(tmp_path):
    path = tmp_path / "u_ex240304.log"
    path.write_text(IIS_SAMPLE.replace("\n", "\r\n"), encoding="utf-8")
    assert detect_format(IIS_SAMPLE.splitlines()) == "w3c"
    frame, report = read_logs(path)
    assert report.formats == {str(path): "w3c"}
    assert len(frame) == 4 and report.lines_rejected == 2
    assert report.lines_skipped == 8  # directives
    assert frame.iloc[0].user_agent == "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"  # no stray "\r"


def test_a_log_without_the_user_agent_field_says_so_and_a_dash_is_a_client_that_sent_none() -> None:
    from detector.schema import UA_NOT_LOGGED

    without = ["#Fields: date time c-ip cs-method cs-uri-stem sc-status", "2026-09-14 15:00:01 10.0.0.1 GET /a 200"]
    with_dash = ["#Fields: date time c-ip cs-method cs-uri-stem sc-status cs(User-Agent)",
                 "2026-09-14 15:00:01 10.0.0.1 GET /a 200 -"]
    assert parse_lines(without, "w3c")[0].user_agent.iloc[0] == UA_NOT_LOGGED
    assert parse_lines(with_dash, "w3c")[0].user_agent.iloc[0] == ""
