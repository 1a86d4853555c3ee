"""logfmt request lines: Heroku's router and an app's request middleware, one record per request."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from detector.io import detect_format, parse_lines, read_logs
from detector.io.logfmt import NOT_LOGFMT_REQUEST, looks_like_logfmt

from ._helpers import assert_schema

UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
APP = ('2026-03-10T14:03:12.350001+00:00 app[web.3]: level=info msg="request" method=GET '
       'path="/pupils/1234567/attendance?term=2" status=200 duration_ms=44 user_id=jdoe@district.org '
       f'remote_ip=203.0.113.9 user_agent="{UA}" request_id=3a1a-77 sess=mbe4f256')
ROUTER = ('2026-03-10T14:03:12.352000+00:00 heroku[router]: at=info method=GET path="/pupils/1234567/attendance?term=2" '
          'host=app.example.org request_id=3a1a-77 fwd="203.0.113.9" dyno=web.3 connect=0ms service=45ms status=200 '
          'bytes=5312 protocol=https')
ASSET = ('2026-03-10T14:03:12.600000+00:00 heroku[router]: at=info method=GET path="/assets/app-4f2.css" '
         'host=app.example.org request_id=9c0d-12 fwd="10.1.2.3, 198.51.100.4" dyno=web.1 connect=1ms service=3ms '
         'status=304 bytes=0 protocol=https')
STATE = "2026-03-10T14:04:00.000000+00:00 heroku[web.1]: State changed from up to down"
JOB = '2026-03-10T14:04:01.000000+00:00 app[worker.1]: level=info msg="job finished" job=AbsenceRollupJob duration_ms=1044'


def test_a_request_logged_by_the_router_and_the_app_is_one_record_with_both_halves() -> None:
    lines = [APP, ROUTER, ASSET, STATE, JOB]
    assert detect_format(lines) == "logfmt"
    frame, rejected, seen = parse_lines(lines, None)
    assert_schema(frame)
    assert seen == 5 and [(r.line_no, r.reason) for r in rejected] == [(4, NOT_LOGFMT_REQUEST), (5, NOT_LOGFMT_REQUEST)]
    assert len(frame) == 2
    page, asset = frame.iloc[0], frame.iloc[1]
    assert page.line_no == 1 and page.ts == pd.Timestamp("2026-03-10T14:03:12.350001Z")
    assert (page.client_ip, page.user, page.method, page.path) == ("203.0.113.9", "jdoe@district.org", "GET",
                                                                   "/pupils/1234567/attendance?term=2")
    assert (page.status, page.bytes, page.user_agent, page.app_session) == (200, 5312, UA, "mbe4f256")
    assert page.duration_ms == 44.0  # the app's own, the first line that has one
    # the router alone: no user, no user agent; the client from the forwarded chain, Heroku's "service" in ms
    assert asset.client_ip == "198.51.100.4" and pd.isna(asset.user) and asset.duration_ms == 3.0
    assert asset.status == 304 and asset.bytes == 0


def test_lines_of_different_requests_stay_apart_and_a_line_without_a_request_id_is_its_own() -> None:
    second = APP.replace("request_id=3a1a-77", "request_id=ffff-01").replace("14:03:12.350001", "14:03:20.000000")
    no_id = APP.replace(" request_id=3a1a-77", "").replace("14:03:12.350001", "14:03:30.000000")
    frame, rejected, _ = parse_lines([APP, second, no_id, ROUTER], "logfmt")
    assert not rejected and frame["line_no"].tolist() == [1, 2, 3]
    assert frame["bytes"].tolist() == [5312, 0, 0]  # the router's line joined the first request only


def test_time_from_a_key_durations_with_units_and_quoted_values_with_escapes() -> None:
    line = ('time=2026-03-10T14:03:12Z method=post path="/api/notes?q=\\"x y\\"" status=201 duration=0.25 '
            'user=ann@d.org ip=192.0.2.8 ua="curl/8.0"')
    assert looks_like_logfmt(line)
    frame, rejected, _ = parse_lines([line], "logfmt")
    rec = frame.iloc[0]
    assert not rejected and rec.method == "POST" and rec.status == 201 and rec.duration_ms == 250.0
    assert rec.ts == pd.Timestamp("2026-03-10T14:03:12Z") and rec.user_agent == "curl/8.0"
    assert rec.path.startswith("/api/notes?q=")


def test_a_line_without_a_time_or_without_a_status_is_rejected_with_its_number() -> None:
    lines = ['method=GET path="/" status=200', 'time=2026-03-10T14:03:12Z method=GET path="/"', "garbage \x00\x01"]
    assert not any(looks_like_logfmt(line) for line in lines)
    frame, rejected, _ = parse_lines(lines, "logfmt")
    assert frame.empty and [r.line_no for r in rejected] == [1, 2, 3]
    assert rejected[0].reason == "missing timestamp" and rejected[1].reason == NOT_LOGFMT_REQUEST


@pytest.mark.parametrize("wrapper", ["none", "kubectl"])
def test_a_drain_file_is_read_with_the_leading_time_as_the_lines_own(tmp_path, wrapper: str) -> None:
    """``heroku logs`` starts every line with its time: that time is the request's, not a container runtime's
    wrapper to strip. Under ``kubectl logs --timestamps`` a logfmt line with a ``time`` key is unwrapped."""
    if wrapper == "none":
        lines = [APP, ROUTER, ASSET]
    else:
        lines = [f"2026-03-10T14:03:1{k}.000000000Z time=2026-03-10T14:03:1{k}Z method=GET path=/p/{k} status=200 "
                 f"ip=192.0.2.{k}" for k in range(3)]
    path = tmp_path / "drain.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame, report = read_logs(path)
    assert report.formats[str(path)] == "logfmt" and report.lines_rejected == 0
    assert len(frame) == (2 if wrapper == "none" else 3)
    assert not math.isnan(frame["ts"].iloc[0].timestamp())
