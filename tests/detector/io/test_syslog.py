"""Access lines behind syslog headers, and lines logged without a request."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detector.io import detect_format, iter_record_chunks, parse_lines, read_logs
from detector.io.files import block_lines
from detector.io.reader import _count_lines
from detector.io.syslog import looks_like_syslog, strip_syslog, strip_syslog_block, strip_syslog_lines

from ._helpers import assert_schema, fixture, fixture_lines

ACCESS = '1.2.3.4 - jdoe [15/Sep/2023:16:13:46 +0000] "GET /students/12?x=1 HTTP/1.1" 200 512 "-" "curl/8.0"'
HEADERS = [
    "Sep 15 16:13:46 web1 nginx[1234]: ",  # RFC 3164 as rsyslog writes it
    "Sep  5 16:13:46 web1 nginx: ",  # day padded with a space, no pid
    "<190>Sep 15 16:13:46 web1 nginx: ",  # with the priority (nginx's own syslog output)
    "2023-09-15T16:13:46.123456+02:00 web1 apache2[7]: ",  # rsyslog's high-precision time
    "<190>1 2023-09-15T16:13:46.123Z web1 nginx 1234 - - ",  # RFC 5424
    '<190>1 2023-09-15T16:13:46Z web1 nginx - access [meta seq="1" note="a \\"q\\" ]"][x@1 k="v"] \ufeff',
    "1 - web1 nginx - - - ",  # RFC 5424 without priority or time
    "Sep 15 16:13:46 relay rsyslogd: Sep 15 16:13:45 web1 nginx[1]: ",  # a relay's header on the original's
]
NOT_SYSLOG = [
    ACCESS,
    '"' + ACCESS + '"',
    '{"time": "2023-09-15T16:13:46Z", "path": "/x"}',
    "2024-01-01 00:00:00 1.2.3.4 GET /x - 443 - 1.2.3.4 curl 200 0 0 12",
    "#Fields: date time c-ip",
    "- - [30/Oct/2019:12:59:27 +0000] \"-\" 408 156 \"-\" - \"-\"",
    "75.249.65.145 US - [2016-09-02 10:42:51.003372] \"GET / HTTP/1.1\" 200 7113",
    "Sep 15 16:13:46 web1 nginx[1234]:no-space",
    "Sep 15 16:13:46 web1\x00 nginx: " + ACCESS,  # a NUL is never part of a header
    "",
]


@pytest.mark.parametrize("header", HEADERS)
def test_headers_are_stripped(header):
    assert strip_syslog(header + ACCESS) == ACCESS
    rec = parse_lines([header + ACCESS], "combined")[0].iloc[0]
    assert (rec.client_ip, rec.user, rec.path, rec.status) == ("1.2.3.4", "jdoe", "/students/12?x=1", 200)
    assert rec.ts == pd.Timestamp("2023-09-15 16:13:46", tz="UTC")  # the access line's time, not syslog's


@pytest.mark.parametrize("line", NOT_SYSLOG)
def test_other_lines_have_no_header(line):
    assert strip_syslog(line) is None


def test_detection_votes_on_the_first_lines():
    wrapped = [HEADERS[0] + ACCESS] * 10
    assert looks_like_syslog(wrapped) and looks_like_syslog(["", "#x", *wrapped, ACCESS])
    assert not looks_like_syslog([ACCESS] * 10 + wrapped[:9]) and not looks_like_syslog([])
    assert detect_format(wrapped) == "combined"
    assert detect_format([h + ACCESS for h in HEADERS]) == "combined"
    assert detect_format([HEADERS[0] + ACCESS[:ACCESS.index(' "-"')]] * 5) == "common"
    assert detect_format([HEADERS[2] + '{"ts": 1694794426, "path": "/x"}'] * 5) == "jsonl"


def _write(path: Path, lines: list[str], compress: bool = False) -> Path:
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.reset_index(drop=True).copy()
    for name in out.columns:
        if isinstance(out[name].dtype, pd.CategoricalDtype):
            out[name] = out[name].astype(object).where(out[name].notna(), None)
    return out


@pytest.mark.parametrize("compress", [False, True])
def test_syslog_file_reads_like_the_plain_file(tmp_path, compress):
    access = [ACCESS.replace("/12?", f"/{i}?").replace("16:13:46", f"16:{i % 60:02d}:46") for i in range(400)]
    access[7] = access[7].replace('"GET /7?x=1 HTTP/1.1"', '"-"')  # a time-out
    access[9] = "not a log line"
    access[11] = ""
    headers = [HEADERS[i % len(HEADERS)] if line else "" for i, line in enumerate(access)]
    plain_file = _write(tmp_path / "plain.log", access)
    syslog_file = _write(tmp_path / "syslog.log", [h + line for h, line in zip(headers, access)], compress)
    expected, plain_report = read_logs(plain_file)
    frame, report = read_logs(syslog_file)
    assert report.syslog_files == [str(syslog_file)] and plain_report.syslog_files == []
    assert report.formats == {str(syslog_file): "combined"}
    pd.testing.assert_frame_equal(_plain(frame), _plain(expected))
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [(10, "line does not match combined format")]
    assert (report.lines_read, report.lines_parsed, report.lines_skipped) == (400, 398, 1)
    assert_schema(frame)
    # chunk by chunk, and through parse_lines (the live engine's and explain's way), the same records
    chunks = list(iter_record_chunks(syslog_file, chunk_lines=37))
    pd.testing.assert_frame_equal(_plain(pd.concat([_plain(c) for c in chunks])), _plain(expected))
    lines = [h + line for h, line in zip(headers, access)]
    parsed, rejected, _ = parse_lines(lines, None, file_label=str(plain_file))
    pd.testing.assert_frame_equal(_plain(parsed), _plain(expected))


def test_syslog_wrapped_json_lines(tmp_path):
    lines = [f'{HEADERS[0]}{{"ts": "2023-09-15T16:13:{i:02d}Z", "client_ip": "1.2.3.4", "path": "/s/{i}"}}'
             for i in range(5)]
    frame, report = read_logs(_write(tmp_path / "j.log", lines))
    assert report.formats[str(tmp_path / "j.log")] == "jsonl" and report.syslog_files == [str(tmp_path / "j.log")]
    assert list(frame.path) == [f"/s/{i}" for i in range(5)]


def test_a_few_wrapped_lines_in_a_plain_file_still_parse(tmp_path):
    lines = [ACCESS] * 20 + [HEADERS[0] + ACCESS, HEADERS[4] + ACCESS]
    frame, report = read_logs(_write(tmp_path / "mixed.log", lines))
    assert report.syslog_files == [] and report.lines_rejected == 0 and len(frame) == 22
    assert (frame.path == "/students/12?x=1").all()


def test_real_nginx_syslog_excerpt():
    frame, report = read_logs(fixture("crowdsec_nginx_syslog.log"))
    assert report.formats == {str(fixture("crowdsec_nginx_syslog.log")): "combined"}
    assert report.syslog_files == [str(fixture("crowdsec_nginx_syslog.log"))]
    assert len(frame) == 14 and report.lines_rejected == 0 and report.lines_skipped == 1
    assert_schema(frame)
    first = frame.iloc[0]
    assert (first.client_ip, first.path, first.status, first.bytes) == ("167.71.13.196", "/wp-config.php", 200, 5)
    assert first.ts == pd.Timestamp("2021-07-08 11:07:07", tz="UTC") and first.user_agent == "Go-http-client/1.1"
    unwrapped = [strip_syslog(line) or line for line in fixture_lines("crowdsec_nginx_syslog.log")]
    expected, _, _ = parse_lines(unwrapped, "combined")
    pd.testing.assert_frame_equal(_plain(frame), _plain(expected))


def test_real_nginx_empty_requests_are_records():
    frame, report = read_logs(fixture("fail2ban_nginx_bad_request.log"))
    by_line = frame.set_index("line_no")
    # nginx logs "" when a client sent no request: a record without method or path
    for no, user in ((2, None), (5, "root")):
        assert (by_line.loc[no, "method"], by_line.loc[no, "path"], by_line.loc[no, "status"]) == ("", "", 400)
        assert by_line.loc[no, "client_ip"] == "12.34.56.78"
        assert (pd.isna(by_line.loc[no, "user"]) if user is None else by_line.loc[no, "user"] == user)
    assert by_line.loc[20, "method"] == "CONNECT" and by_line.loc[20, "path"] == ""
    assert sorted(frame.line_no) == [2, 5, 11, 20, 23]
    rejected = {(r.line_no, r.reason) for r in report.rejected_samples}
    # binary junk, "HELP" and "batman" are not requests; the "# failJSON" lines are not log lines
    assert {(8, "unparseable request line"), (14, "unparseable request line"),
            (17, "unparseable request line")} <= rejected
    assert report.lines_rejected == 3 + 8 and report.lines_skipped == 7


REALDATA = Path("/work/shared/realdata")


@pytest.mark.skipif(not REALDATA.exists(), reason="shared real-log collection not available")
@pytest.mark.parametrize("name", ["http-wordpress_wpconfig/http-wordpress_wpconfig.log",
                                  "http-bf-wordpress-bf/http-bf-wordpress-bf.log"])
def test_shared_realdata_syslog_files(name):
    path = REALDATA / "crowdsec_hub_tests" / name
    frame, report = read_logs(path)
    assert report.syslog_files == [str(path)] and report.lines_rejected == 0
    assert len(frame) == report.lines_read - report.lines_skipped > 0
    assert (frame.method != "").all() and frame.path.str.startswith("/").all()


@pytest.mark.skipif(not REALDATA.exists(), reason="shared real-log collection not available")
def test_shared_realdata_dash_requests_are_counted():
    path = REALDATA / "netnea_tutorial5" / "tutorial-5-example-access.log"
    frame, report = read_logs(path)
    dashes = sum(1 for line in path.read_text(errors="replace").splitlines() if '] "-" ' in line)
    assert dashes == 41 and (frame.path == "").sum() == dashes
    assert set(frame.status[frame.path == ""]) == {408}
    # what is still rejected is not a request at all ("quit")
    assert report.rejected_by_reason == {"unparseable request line": 4}


LINE_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FF, exclude_characters="\n"),
                    max_size=30)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(st.tuples(st.sampled_from(HEADERS + ["", "<1>", "Sep 15 1"]), LINE_TEXT)
                                .map("".join), LINE_TEXT), max_size=20),
       final_newline=st.booleans(), junk=st.binary(max_size=4))
def test_block_stripping_matches_line_stripping(lines, final_newline, junk):
    data = "\n".join(lines).encode() + junk + (b"\n" if final_newline else b"")
    expected = strip_syslog_lines(block_lines(data))
    assert block_lines(strip_syslog_block(data)) == expected
    assert _count_lines(strip_syslog_block(data)) == _count_lines(data)  # the reader's line numbers hold
