"""SIEM events: ArcSight CEF and QRadar LEEF (a WAF's requests), and F5 ASM's key-value format (logfmt reader)."""

from __future__ import annotations

import pandas as pd

from detector.io import detect_format, parse_lines, read_logs
from detector.io.cef import NOT_CEF, event_pairs, looks_like_cef
from detector.schema import LOCAL_CLOCK

from ._helpers import assert_schema

#: F5 ASM's ArcSight format behind a syslog header (a page; a raw request in the URL's key; a sign-in, its
#: user agent escaped); a LEEF 2.0 event with ``^`` between pairs and epoch milliseconds; a LEEF 1.0 event
#: (tabs); and an ASM attack summary that carries no request.
CEF_LINES = [
    "Nov 17 08:01:02 bigip1 ASM:CEF:0|F5|ASM|17.1.0|200000001|Request passed|2|dvchost=bigip1 act=passed "
    "cn1=200 cn1Label=response_code src=203.0.113.7 spt=51234 requestMethod=GET rt=Nov 17 2026 08:01:02 "
    "suid=4b190ebfa6f220e9 suser=JDoe@District.org cs5=N/A cs5Label=x_forwarded_for_header_value "
    "request=/ksr/student?ssid\\=123456789&tab\\=scores out=5120 "
    "requestClientApplication=Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 "
    "requestContext=https://ksr.example.gov/ksr/search",
    "Nov 17 08:01:03 bigip1 ASM:CEF:0|F5|ASM|17.1.0|200000001|Request passed|2|act=passed cn1=404 "
    "cn1Label=response_code src=10.0.0.5 rt=1763366463000 cs5=198.51.100.4 cs5Label=x_forwarded_for_header_value "
    "request=GET /x HTTP/1.1\\r\\nHost: a\\r\\nUser-Agent: python-requests/2.31\\r\\nCookie: KSRSESSION\\=abc123",
    "<13>Nov 17 08:01:04 waf LEEF:2.0|Vendor|WAF|1.0|access|^|devTime=1763366464000^src=203.0.113.8^"
    "usrName=amy^method=POST^url=/ksr/login^status=302^userAgent=curl/8.0",
    "Nov 17 08:01:05 proxy LEEF:1.0|Vendor|Proxy|2.1|http|devTime=Nov 17 2026 08:01:05\tsrc=203.0.113.9\t"
    "usrName=bob\tmethod=GET\turl=https://ksr.example.gov/ksr/home\tstatus=200",
    "Nov 17 08:01:06 bigip1 ASM:CEF:0|F5|ASM|17.1.0|200000099|Brute Force Attack|7|act=alerted src=198.51.100.2",
]


def test_reads_cef_and_leef_events() -> None:
    assert detect_format(CEF_LINES) == "cef"
    frame, rejected, _ = parse_lines(CEF_LINES, "cef")
    assert rejected == []  # the attack summary is not a request: skipped, not rejected
    assert_schema(frame)
    page, raw, leef2, leef1 = (frame.iloc[i] for i in range(4))
    # ArcSight's layout is the device's clock (read in --timezone by the scan); epoch milliseconds are UTC
    assert page.ts == pd.Timestamp("2026-11-17 08:01:02", tz="UTC") and page.utc_offset_min == LOCAL_CLOCK
    assert raw.utc_offset_min == 0.0 and leef1.utc_offset_min == LOCAL_CLOCK
    assert (page.client_ip, page.user, page.method, page.path, page.status, page.bytes) == (
        "203.0.113.7", "JDoe@District.org", "GET", "/ksr/student?ssid=123456789&tab=scores", 200, 5120)
    assert page.user_agent.startswith("Mozilla/5.0 (Windows NT 10.0") and page.referer.endswith("/ksr/search")
    assert page.app_session == "4b190ebfa6f220e9"  # F5 ASM's session id, in the dictionary's suid
    # the raw request gives the method, path, user agent and session; the labelled X-Forwarded-For the client
    assert (raw.method, raw.path, raw.status, raw.user_agent, raw.app_session) == (
        "GET", "/x", 404, "python-requests/2.31", "abc123")
    assert raw.client_ip == "198.51.100.4" and raw.ts == pd.Timestamp("2025-11-17 08:01:03", tz="UTC")
    assert (leef2.user, leef2.method, leef2.path, leef2.status, leef2.user_agent) == (
        "amy", "POST", "/ksr/login", 302, "curl/8.0")
    assert (leef1.user, leef1.path, leef1.status) == ("bob", "/ksr/home", 200)
    assert leef1.ts == pd.Timestamp("2026-11-17 08:01:05", tz="UTC")


def test_cef_escapes_and_labels() -> None:
    pairs = event_pairs("CEF:0|V\\|X|P|1|id|name|3|msg=a\\=b c\\\\d cs1=x cs1Label=policy_name suser=u")
    assert pairs == {"msg": "a=b c\\d", "cs1": "x", "cs1Label": "policy_name", "suser": "u", "policy_name": "x"}
    assert event_pairs("no event here") is None


def test_malformed_lines_are_counted_with_their_numbers(tmp_path) -> None:
    log = tmp_path / "asm_cef.log"
    cut = CEF_LINES[0][:40]
    log.write_text("\n".join([CEF_LINES[0], cut, CEF_LINES[2], "garbage", CEF_LINES[4], CEF_LINES[3]]) + "\n")
    frame, report = read_logs([log])
    assert report.formats[str(log)] == "cef"
    assert list(frame.line_no) == [1, 3, 6]
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [(2, NOT_CEF), (4, NOT_CEF)]


def test_other_formats_are_not_taken_for_it() -> None:
    assert not looks_like_cef('10.0.0.1 - - [03/Nov/2026:14:02:11 -0500] "GET /CEF:0|x HTTP/1.1" 200 5')
    assert not looks_like_cef('at=info method=GET path="/" status=200')


#: F5 ASM's Splunk format: ``key="value"`` pairs separated by commas, the query apart, the user agent, referer
#: and session cookie only in the raw request; a request the WAF blocked (status 0, no user, session ``0``).
F5_LINES = [
    'Nov 17 08:01:02 bigip-ksr-01 ASM:unit_hostname="bigip-ksr-01",management_ip_address="10.0.0.1",'
    'request_status="passed",response_code="200",ip_client="203.0.113.7",route_domain="0",method="GET",'
    'protocol="HTTPS",query_string="ssid=123456789",x_forwarded_for_header_value="N/A",'
    'date_time="2026-11-17 08:01:02",severity="Informational",username="jdoe@district.org",session_id="a1b2c3d4",'
    'uri="/ksr/student",request="GET /ksr/student?ssid=123456789 HTTP/1.1\\r\\nHost: ksr.example.gov\\r\\n'
    'User-Agent: Mozilla/5.0 (Windows NT 10.0) Chrome/120\\r\\nReferer: https://ksr.example.gov/ksr/search\\r\\n'
    'Cookie: KSRSESSION=zz9\\r\\n\\r\\n",response="Response logging disabled"',
    'Nov 17 08:01:03 bigip-ksr-01 ASM:unit_hostname="bigip-ksr-01",request_status="blocked",response_code="0",'
    'ip_client="198.51.100.9",method="GET",protocol="HTTPS",query_string="",x_forwarded_for_header_value="N/A",'
    'date_time="2026-11-17 08:01:03",username="N/A",session_id="0",uri="/etc/passwd",'
    'request="GET /etc/passwd HTTP/1.1\\r\\nHost: x\\r\\nUser-Agent: Nikto\\r\\n\\r\\n"',
]


def test_reads_f5_asm_key_value_format() -> None:
    assert detect_format(F5_LINES) == "logfmt"
    frame, rejected, _ = parse_lines(F5_LINES, None)
    assert rejected == []
    page, blocked = frame.iloc[0], frame.iloc[1]
    assert (page.client_ip, page.user, page.method, page.path, page.status) == (
        "203.0.113.7", "jdoe@district.org", "GET", "/ksr/student?ssid=123456789", 200)
    assert page.ts == pd.Timestamp("2026-11-17 08:01:02", tz="UTC")  # the unit's clock, read in --timezone
    assert page.utc_offset_min == LOCAL_CLOCK and blocked.utc_offset_min == LOCAL_CLOCK
    assert (page.user_agent, page.referer, page.app_session) == (
        "Mozilla/5.0 (Windows NT 10.0) Chrome/120", "https://ksr.example.gov/ksr/search", "a1b2c3d4")
    assert pd.isna(blocked.user) and pd.isna(blocked.app_session) and blocked.status == 0
    assert (blocked.path, blocked.user_agent) == ("/etc/passwd", "Nikto")
