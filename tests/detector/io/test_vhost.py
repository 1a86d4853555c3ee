"""Apache ``vhost_combined`` logs: combined with ``host:port`` in front."""

from __future__ import annotations

import pandas as pd

from detector.io import detect_format, parse_lines, read_logs
from detector.io.formats import make_parser

from ._cloudlogs import Req, vhost_combined
from ._helpers import assert_schema, fixture_lines

REQ = Req()


def test_reads_the_request() -> None:
    short = 'sis.example.org:80 2001:db8::1 - - [14/Sep/2026:08:00:01 -0700] "GET /x HTTP/1.1" 301 0'  # vhost_common
    lines = [vhost_combined(REQ), short]
    assert detect_format(lines) == "vhost_combined"
    frame, rejected, _ = parse_lines(lines, None)
    assert rejected == []
    assert_schema(frame)
    rec = frame.iloc[0]
    assert rec.ts == REQ.stamp.floor("s") and rec.utc_offset_min == -420.0
    assert (rec.client_ip, rec.user, rec.method, rec.path) == (REQ.ip, "jdoe", "GET", "/students/42?term=F")
    assert (rec.status, rec.bytes, rec.referer, rec.user_agent) == (200, 5123, REQ.referer, REQ.ua)
    assert (frame.iloc[1].client_ip, frame.iloc[1].path, frame.iloc[1].user_agent) == ("2001:db8::1", "/x", "")
    assert pd.isna(frame.iloc[1].referer)


def test_malformed_lines_are_counted_with_their_numbers(tmp_path) -> None:
    good = vhost_combined(REQ)
    path = tmp_path / "other_vhosts_access.log"
    path.write_text("\n".join([good, "junk", good.replace("14/Sep/2026", "31/Sep/2026"), good]) + "\n")
    frame, report = read_logs(path)
    assert report.formats == {str(path): "vhost_combined"}
    assert list(frame.line_no) == [1, 4]
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [
        (2, "line does not match vhost_combined format"), (3, "bad timestamp")]


def test_combined_logs_are_not_taken_for_vhost() -> None:
    assert detect_format(fixture_lines("elastic_apache_combined.log")) == "combined"
    assert make_parser("vhost").name == "vhost_combined"
