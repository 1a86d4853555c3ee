"""Combined/common parsing and the Apache LogFormat compiler."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from detector.io.escapes import unescape_field
from detector.io import LogFormatError, parse_lines
from detector.io.logformat import CompiledFormat
from detector.schema import UA_NOT_LOGGED
from detector.io.records import normalize_target, session_from_cookies, split_request

from ._helpers import assert_schema

UA = "Mozilla/5.0 (X11; Linux x86_64)"
LINE = f'10.1.2.3 - jdoe [17/May/2015:10:05:03 -0700] "GET /students/123?term=F HTTP/1.1" 200 5120 "https://sis/x" "{UA}"'


def one(line: str, fmt: str | None = "combined", **kw) -> pd.Series:
    frame, rejected, seen = parse_lines([line], fmt, **kw)
    assert seen == 1 and rejected == [] and len(frame) == 1, rejected
    assert_schema(frame)
    return frame.iloc[0]


def reason(line: str, fmt: str | None = "combined", **kw) -> str:
    frame, rejected, _ = parse_lines([line], fmt, **kw)
    assert len(frame) == 0 and len(rejected) == 1
    return rejected[0].reason


def test_combined_fields_and_utc_normalisation():
    rec = one(LINE)
    assert rec.ts == pd.Timestamp("2015-05-17 17:05:03", tz="UTC")
    assert rec.utc_offset_min == -420.0
    assert (rec.client_ip, rec.user, rec.method) == ("10.1.2.3", "jdoe", "GET")
    assert rec.path == "/students/123?term=F"
    assert (rec.status, rec.bytes) == (200, 5120)
    assert rec.referer == "https://sis/x" and rec.user_agent == UA


@pytest.mark.parametrize(("offset", "utc", "minutes"), [
    ("+0000", "2015-05-17 10:05:03", 0.0),
    ("+0530", "2015-05-17 04:35:03", 330.0),
    ("-0945", "2015-05-17 19:50:03", -585.0),
    ("+1400", "2015-05-16 20:05:03", 840.0),
])
def test_offsets(offset, utc, minutes):
    rec = one(LINE.replace("-0700", offset))
    assert rec.ts == pd.Timestamp(utc, tz="UTC") and rec.utc_offset_min == minutes


def test_dash_fields_become_absent():
    rec = one('- - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.0" - - "-" "-"')
    assert rec.client_ip == "" and pd.isna(rec.user) and pd.isna(rec.referer)
    assert rec.user_agent == "" and rec.status == 0 and rec.bytes == 0


def test_trailing_fields_ignored():
    rec = one(LINE + ' www.example.com 443 "x y" 88871 - -')
    assert rec.user_agent == UA and math.isnan(rec.duration_ms)


def test_quote_wrapped_line():
    rec = one(f'"{LINE}"')
    assert rec.client_ip == "10.1.2.3" and rec.user_agent == UA


def test_netnea_timestamp_without_offset_is_utc():
    rec = one(LINE.replace("[17/May/2015:10:05:03 -0700]", "[2016-09-02 10:42:51.003372]"))
    assert rec.ts == pd.Timestamp("2016-09-02 10:42:51.003372", tz="UTC")
    assert math.isnan(rec.utc_offset_min)


@pytest.mark.parametrize(("target", "path"), [
    ("http://sis.example.org/x?y=1", "/x?y=1"),
    ("https://sis.example.org:8443", "/"),
    ("HTTP://h?q", "/?q"),
])
def test_absolute_uri_normalised(target, path):
    assert one(LINE.replace("/students/123?term=F", target)).path == path


def test_connect_and_asterisk_targets():
    assert one(LINE.replace("GET /students/123?term=F", "CONNECT proxy.example:443")).path == ""
    assert one(LINE.replace("GET /students/123?term=F", "OPTIONS *")).path == "*"


@pytest.mark.parametrize("request_line", ["\x16\x03\x01\x02\x17", "GET", "GET HTTP/1.1", " ",
                                          "<script>alert(1)</script> /x HTTP/1.0", "200 /uploader.php HTTP/1.0"])
def test_garbage_request_lines_rejected(request_line):
    assert reason(LINE.replace("GET /students/123?term=F HTTP/1.1", request_line)) == "unparseable request line"


@pytest.mark.parametrize("line", [
    '10.1.2.3 - - [17/May/2015:10:05:03 -0700] "-" 408 - "-" "-"',  # Apache: a connection that sent nothing
    '10.1.2.3 - jdoe [17/May/2015:10:05:03 -0700] "" 400 0 "-" "-"',  # nginx writes an empty request
    '10.1.2.3 - - [17/May/2015:10:05:03 -0700] "-" 408 -',  # common
])
def test_no_request_is_a_record_without_method_or_path(line):
    for fmt in ("combined", None):
        rec = one(line, fmt)
        assert rec.method == "" and rec.path == ""
        assert rec.client_ip == "10.1.2.3" and rec.status in (400, 408)
        assert rec.ts == pd.Timestamp("2015-05-17 17:05:03", tz="UTC")


def test_lowercase_method_and_spaces_in_target_are_requests():
    rec = one(LINE.replace("GET /students/123?term=F HTTP/1.1", "get /a b  c HTTP/1.0"))
    assert rec.method == "get" and rec.path == "/a b  c"


def test_bad_timestamp_rejected():
    assert reason(LINE.replace("17/May/2015", "31/Feb/2015")) == "bad timestamp"
    assert reason(LINE.replace("17/May/2015:10:05:03 -0700", "yesterday")) == "bad timestamp"


def test_unmatched_line_rejected():
    assert reason("hello world") == "line does not match combined format"


def test_combined_accepts_common_lines():
    rec = one('1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 404 196')
    assert rec.status == 404 and rec.user_agent == "" and pd.isna(rec.referer)


def test_common_ignores_referer_and_agent():
    rec = one(LINE, "common")
    assert rec.user_agent == UA_NOT_LOGGED and pd.isna(rec.referer) and rec.path == "/students/123?term=F"


def test_user_with_spaces_is_not_guessed():
    # vhost_combined-style lines must not turn "- -" into an account name
    line = 'www.example.com 192.0.2.222 - - [18/Aug/2024:21:08:39 +0100] "GET / HTTP/1.1" 403 332 "-" "x"'
    assert reason(line) == "line does not match combined format"


def test_escaped_quote_in_user_agent():
    rec = one(LINE.replace(UA, 'sqlmap \\"1.0\\" (http://sqlmap.org)'))
    assert rec.user_agent == 'sqlmap "1.0" (http://sqlmap.org)'  # as sent: the escapes are undone


def test_raw_quote_in_user_agent_uses_tolerant_path():
    rec = one(LINE.replace(UA, 'evil"agent'))
    assert rec.user_agent == 'evil"agent' and rec.status == 200


# --- LogFormat compiler -------------------------------------------------------------------

def test_certh_format_bare_cookie_token():
    fmt = '%h %l %u %t "%r" %>s %b "%{Referer}i" %{PHPSESSID}C "%{User-Agent}i"'
    rec = one('1.2.3.4 - - [30/Oct/2019:11:50:36 +0000] "GET /css/main.css HTTP/1.1" 200 764 '
              '"https://160.40.52.164/" crv8slnnov42i8mci4ppsrou68 "Mozilla/5.0"', None, log_format=fmt)
    assert rec.app_session == "crv8slnnov42i8mci4ppsrou68" and rec.user_agent == "Mozilla/5.0"
    assert rec.client_ip == "1.2.3.4" and rec.referer == "https://160.40.52.164/"


def test_logformat_url_query_method_durations():
    fmt = '%a %{X-Forwarded-For}i %u [%{%d/%b/%Y:%H:%M:%S %z}t] %m %U%q %H %s %B %D %{ms}T'
    rec = one('10.0.0.9 203.0.113.5 alice [17/May/2015:10:05:03 +0200] POST /grades?id=7 HTTP/1.1 302 12 1500 2',
              None, log_format=fmt)
    # %a is a private address (a load balancer), so the client is the X-Forwarded-For address
    assert rec.client_ip == "203.0.113.5" and rec.user == "alice"
    assert rec.ts == pd.Timestamp("2015-05-17 08:05:03", tz="UTC") and rec.utc_offset_min == 120.0
    assert rec.method == "POST" and rec.path == "/grades?id=7"
    assert rec.status == 302 and rec.bytes == 12
    assert rec.duration_ms == 1.5  # the first duration in the format (%D) wins


@pytest.mark.parametrize(("directive", "value", "ms"), [("%T", "2", 2000.0), ("%{us}T", "2500", 2.5),
                                                         ("%{ms}T", "40", 40.0), ("%D", "40", 0.04)])
def test_duration_units(directive, value, ms):
    rec = one(f'1.2.3.4 [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 5 {value}', None,
              log_format=f'%h %t "%r" %>s %b {directive}')
    assert rec.duration_ms == pytest.approx(ms)


def test_logformat_epoch_and_cookie_and_percent():
    fmt = '%{sec}t.%{msec_frac}t %h "%r" %>s %b 100%% %{JSESSIONID}C'
    rec = one('1431857103.250 1.2.3.4 "GET /x HTTP/1.1" 200 5 100% ABC123', None, log_format=fmt)
    assert rec.ts == pd.Timestamp("2015-05-17 10:05:03.250", tz="UTC") and rec.utc_offset_min == 0.0
    assert rec.app_session == "ABC123"


def test_logformat_status_priority_and_unknown_directive():
    compiled = CompiledFormat('%h %t "%r" %s %>s %b')
    assert compiled.slots.count("status") == 1
    rec = one('1.2.3.4 [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 302 200 5', None,
              log_format='%h %t "%r" %s %>s %b')
    assert rec.status == 200
    with pytest.raises(LogFormatError):
        CompiledFormat("%h %t %J")
    with pytest.raises(LogFormatError):
        CompiledFormat('%h "%r"')  # no time


def test_logformat_mismatch_reason_names_format():
    assert reason("nope", None, log_format="%h %t") == "line does not match logformat format"


# --- small helpers ------------------------------------------------------------------------

def test_split_request():
    assert split_request("GET /a HTTP/1.1") == ("GET", "/a")
    assert split_request("GET /a") == ("GET", "/a")
    assert split_request(" PROPFIND  /dav  HTTP/1.0 ") == ("PROPFIND", "/dav")
    assert split_request("-") == "unparseable request line"


def test_normalize_target_and_cookies():
    assert normalize_target("/x") == "/x"
    assert normalize_target("http://h/x#f") == "/x#f"
    assert normalize_target("garbage") == "garbage"
    assert session_from_cookies("theme=dark;+ASP.NET_SessionId=abc123;+.ASPXAUTH=zz") == "abc123"
    assert session_from_cookies("PHPSESSID=p1; other=2") == "p1"
    assert session_from_cookies("theme=dark") is None
    assert session_from_cookies("-") is None


@pytest.mark.parametrize(("referer", "agent"), [
    ("-", r'foo\" \"bar'),           # an escaped quote followed by a space inside the UA
    (r'a\" \"b', "realUA"),          # ... inside the referer
    (r"a\\", "ua"),                  # an escaped backslash just before the closing quote
    (r"\"", r"\""),
])
def test_escaped_quotes_keep_fields_apart(referer, agent):
    rec = one(LINE.replace('"https://sis/x"', f'"{referer}"').replace(f'"{UA}"', f'"{agent}" extra'))
    # fields split where the server meant them to, and their escapes undone
    assert (pd.isna(rec.referer) if referer == "-" else rec.referer == unescape_field(referer))
    assert rec.user_agent == unescape_field(agent) and rec.status == 200


def test_escaped_quotes_in_request_cannot_forge_fields():
    rec = one(r'1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /a\" 500 9 \"x HTTP/1.1" 200 5 "-" "ua"')
    assert rec.path == r'/a\" 500 9 \"x' and rec.status == 200 and rec.bytes == 5


APP_USER_FORMAT = '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" "%{X-Beacon-User}o" %T'


def test_a_header_naming_the_user_fills_an_empty_user_field_on_both_paths(tmp_path):
    """nginx's ``"$upstream_http_x_beacon_user"`` after combined: the app's user where the server has none."""
    from detector.io import read_logs
    from detector.io.apache import LogFormatParser

    assert LogFormatParser(APP_USER_FORMAT).fast_path is not None
    escaped = 'Mo\\"zilla'
    lines = [f'10.0.0.{i} - {"basic.user" if i == 3 else "-"} [17/Nov/2026:08:00:0{i} -0500] "GET /s/{i} HTTP/1.1" 200 5 "-" '
             f'"{escaped if i == 2 else "Mozilla"}" "{"-" if i == 1 else f"staff{i}@district.example"}" 0.012'
             for i in range(5)]
    path = tmp_path / "access.log"
    path.write_text("\n".join(lines) + "\n")
    frame, report = read_logs(str(path), log_format=APP_USER_FORMAT)  # line 2 takes the tolerant (Python) path
    assert report.lines_parsed == 5
    users = frame.sort_values("line_no").user.tolist()
    assert users[0] == "staff0@district.example" and pd.isna(users[1]) and users[2] == "staff2@district.example"
    assert users[3] == "basic.user" and users[4] == "staff4@district.example"
    assert one(lines[2], fmt=None, log_format=APP_USER_FORMAT).user == "staff2@district.example"


@pytest.mark.parametrize("header", ["X-Remote-User", "X-Auth-Request-Email", "X-SIS-Username", "Remote-User"])
def test_user_headers_in_a_log_format_are_the_app_user(header):
    fields = CompiledFormat(f'%h %t "%r" %>s %b "%{{{header}}}o"').slots
    assert "app_user" in fields and "user" not in fields
