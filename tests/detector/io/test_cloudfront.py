"""AWS CloudFront standard logs: W3C with tab-separated, percent-encoded columns."""

from __future__ import annotations

import gzip

import pandas as pd

from detector.io import detect_format, parse_lines, read_logs
from detector.io.formats import make_parser

from ._cloudlogs import CLOUDFRONT_HEADER, Req, cloudfront
from ._helpers import assert_schema
from .test_w3c import IIS_SAMPLE

REQ = Req()


def test_reads_the_request() -> None:
    lines = CLOUDFRONT_HEADER + [cloudfront(REQ), cloudfront(Req(query="", method="HEAD", status=304, nbytes=0))]
    assert detect_format(lines) == "w3c"
    frame, rejected, _ = parse_lines(lines, None)
    assert rejected == []
    assert_schema(frame)
    rec = frame.iloc[0]
    assert rec.ts == REQ.stamp.floor("s") and rec.utc_offset_min == 0.0
    assert (rec.client_ip, rec.method, rec.path) == (REQ.ip, "GET", "/students/42?term=F")
    assert (rec.status, rec.bytes, rec.referer) == (200, 5123, REQ.referer)
    assert rec.user_agent == REQ.ua  # percent-decoded
    assert rec.app_session == "cf-5"  # from the percent-encoded Cookie column
    assert rec.duration_ms == 30.0  # CloudFront's time-taken is in seconds
    assert pd.isna(rec.user)
    assert (frame.iloc[1].method, frame.iloc[1].path, frame.iloc[1].status) == ("HEAD", "/students/42", 304)


def test_the_user_an_app_names_in_a_cookie() -> None:
    """No user field in CloudFront: an app's own cookie naming the signed-in user gives it (URL-encoded twice,
    by the app and by CloudFront); an analytics tool's visitor id does not."""
    signed_in = cloudfront(REQ).replace("theme=dark;%20session_id=cf-5",
                                        "theme=dark;%20session_id=cf-5;%20pw_user=j.doe%2540district.org")
    visitor = cloudfront(REQ).replace("theme=dark;%20session_id=cf-5",
                                      "ajs_user_id=8812;%20optimizelyEndUserId=oeu1;%20session_id=cf-5")
    frame, rejected, _ = parse_lines(CLOUDFRONT_HEADER + [signed_in, visitor], None)
    assert rejected == []
    assert frame.user.iloc[0] == "j.doe@district.org" and frame.app_session.iloc[0] == "cf-5"
    assert pd.isna(frame.user.iloc[1])


def test_iis_layout_after_cloudfront_keeps_iis_rules() -> None:
    lines = CLOUDFRONT_HEADER + [cloudfront(REQ)] + IIS_SAMPLE.splitlines()
    frame, _, _ = parse_lines(lines, "w3c")
    assert frame.iloc[0].duration_ms == 30.0 and frame.iloc[1].duration_ms == 31.0  # IIS: milliseconds
    assert frame.iloc[1].user_agent == "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"


def test_malformed_lines_are_counted_with_their_numbers(tmp_path) -> None:
    good = cloudfront(REQ)
    lines = CLOUDFRONT_HEADER + [good, "\t".join(good.split("\t")[:5]), good.replace("2026-09-14", "2026-02-30"), good]
    path = tmp_path / "E2ABCDEF.2026-09-14-15.a1b2c3d4.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    frame, report = read_logs(path)
    assert report.formats == {str(path): "w3c"}
    assert list(frame.line_no) == [3, 6]
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [
        (4, "field count differs from #Fields header"), (5, "bad timestamp")]
    assert make_parser("cloudfront").name == "w3c"
