"""The IIS log file format (IIS's native comma-separated format): fields, local times, rejections, detection."""

from __future__ import annotations

import pandas as pd
import pytest

from detector.enrich import enrich_records, resolve_local_clock
from detector.io import detect_format, parse_lines, read_logs
from detector.io.iis_native import LOCAL_TIME_NOTE, NOT_IIS_NATIVE, looks_like_iis_native
from detector.schema import LOCAL_CLOCK, UA_NOT_LOGGED

from ._helpers import assert_schema

#: Microsoft's own example lines (IIS log file format documentation), then a Windows-authenticated page with a
#: query string and the 401 of an NTLM handshake.
LINES = [
    "192.168.114.201, -, 03/20/01, 7:55:20, W3SVC2, SALES1, 172.21.13.45, 4502, 163, 3223, 200, 0, GET, /DeptLogo.gif, -,",
    r"10.20.4.17, DISTRICT\jdoe, 11/03/26, 14:02:11, W3SVC1, WEB01, 10.0.0.2, 31, 512, 18211, 200, 0, GET, "
    "/Student.aspx, ID=123456&tab=demo,",
    "10.20.4.17, -, 11/03/26, 14:02:10, W3SVC1, WEB01, 10.0.0.2, 0, 480, 1293, 401, 2148074254, GET, /Student.aspx, "
    "ID=123456&tab=demo,",
]


def test_reads_every_field() -> None:
    assert detect_format(LINES) == "iis_native"
    frame, rejected, _ = parse_lines(LINES, None)
    assert rejected == []
    assert_schema(frame)
    first, page, handshake = (frame.iloc[i] for i in range(3))
    assert first.ts == pd.Timestamp("2001-03-20 07:55:20", tz="UTC") and first.utc_offset_min == LOCAL_CLOCK
    assert (first.client_ip, first.method, first.path, first.status, first.bytes) == (
        "192.168.114.201", "GET", "/DeptLogo.gif", 200, 3223)
    assert pd.isna(first.user) and first.duration_ms == 4502.0 and first.user_agent == UA_NOT_LOGGED and pd.isna(first.referer)
    assert (page.user, page.path, page.bytes) == ("DISTRICT\\jdoe", "/Student.aspx?ID=123456&tab=demo", 18211)
    assert pd.isna(handshake.user) and handshake.status == 401


def test_four_digit_years_and_a_short_last_field() -> None:
    line = "10.1.1.1, -, 11/03/2026, 9:00:00, W3SVC1, WEB01, 10.0.0.2, 5, 300, 900, 404, 2, GET, /missing.aspx, -"
    frame, rejected, _ = parse_lines([line], "iis_native")
    assert rejected == [] and frame.ts.iloc[0] == pd.Timestamp("2026-11-03 09:00:00", tz="UTC")
    assert frame.status.iloc[0] == 404


def test_malformed_lines_are_counted_with_their_numbers(tmp_path) -> None:
    log = tmp_path / "in261103.log"
    cut = LINES[1][:60]
    bad_date = LINES[0].replace("03/20/01", "13/45/01")
    log.write_text("\n".join([LINES[0], cut, "", bad_date, LINES[1], "log file closed by the server"]) + "\n")
    frame, report = read_logs([log])
    assert len(frame) == 2 and list(frame.line_no) == [1, 5]
    assert [(r.line_no, r.reason) for r in report.rejected_samples][:1] == [(2, NOT_IIS_NATIVE)]
    assert {r.line_no for r in report.rejected_samples} == {2, 4, 6}
    assert any(LOCAL_TIME_NOTE in w for w in report.warnings)


def test_other_formats_are_not_taken_for_it() -> None:
    assert not looks_like_iis_native('10.0.0.1 - - [03/Nov/2026:14:02:11 -0500] "GET / HTTP/1.1" 200 5')
    assert not looks_like_iis_native("2026-11-03 14:02:11 10.0.0.2 GET /Student.aspx ID=1 443 - 10.0.0.1 - 200 0 0 31")
    assert not looks_like_iis_native("timestamp,client_ip,method,path,status")


@pytest.mark.parametrize(("zone", "utc", "offset"), [
    ("America/New_York", "2026-11-03 19:02:11", -300.0),  # EST
    ("America/Los_Angeles", "2026-11-03 22:02:11", -480.0),
])
def test_local_times_are_read_in_the_site_zone(zone: str, utc: str, offset: float) -> None:
    frame, _, _ = parse_lines(LINES[1:2], "iis_native")
    out = enrich_records(frame, zone)
    assert out.ts.iloc[0] == pd.Timestamp(utc, tz="UTC") and out.utc_offset_min.iloc[0] == offset
    assert out.local_hour.iloc[0] == 14  # the wall clock the server wrote


def test_without_a_zone_the_wall_clock_is_kept_as_utc() -> None:
    frame, _, _ = parse_lines(LINES[1:2], "iis_native")
    out = enrich_records(frame, None)
    assert out.ts.iloc[0] == pd.Timestamp("2026-11-03 14:02:11", tz="UTC") and pd.isna(out.utc_offset_min.iloc[0])
    assert out.local_hour.iloc[0] == 14


def test_daylight_saving_changes() -> None:
    """The hour skipped in spring moves forward; the hour repeated in autumn is read as the first (summer time)."""
    lines = [LINES[1].replace("11/03/26, 14:02:11", day) for day in ("03/08/26, 2:30:00", "11/01/26, 1:30:00")]
    frame, _, _ = parse_lines(lines, "iis_native")
    out = resolve_local_clock(frame, "America/New_York")
    assert list(out.ts) == [pd.Timestamp("2026-03-08 07:00:00", tz="UTC"), pd.Timestamp("2026-11-01 05:30:00", tz="UTC")]
    assert list(out.utc_offset_min) == [-240.0, -240.0]


def test_records_with_offsets_are_left_alone() -> None:
    frame, _, _ = parse_lines(['10.0.0.1 - - [03/Nov/2026:14:02:11 -0500] "GET / HTTP/1.1" 200 5'], "common")
    assert resolve_local_clock(frame, "America/Los_Angeles") is frame
