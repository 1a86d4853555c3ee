"""The client behind a load balancer: ``X-Forwarded-For`` and nginx's ``main`` format."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from detector.io import detect_format, parse_lines, read_logs
from detector.io.forwarded import real_client, real_client_categorical, real_clients

LB = "10.0.1.5"


@pytest.mark.parametrize("remote, forwarded, client", [
    (LB, "203.0.113.9", "203.0.113.9"),                        # the usual case: one client behind the balancer
    (LB, "198.51.100.7, 192.0.2.44", "192.0.2.44"),            # a school's proxy added itself: the proxy is what we know
    (LB, "198.51.100.7, 192.0.2.44, 10.0.0.9", "192.0.2.44"),  # and our own second proxy is skipped
    (LB, "-", LB), (LB, None, LB), (LB, "unknown", LB),        # nothing usable: the logged address
    ("203.0.113.1", "10.1.1.1", "203.0.113.1"),               # straight from the internet: the header may be forged
    (LB, "10.2.3.4, 10.0.0.9", "10.2.3.4"),                   # an intranet: the computer that sent it
    (LB, "unknown, 203.0.113.9:51234", "203.0.113.9"),        # ports and junk tokens
    ("127.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
    (LB, "100.64.3.4", "100.64.3.4"),                         # carrier-grade NAT is a subscriber, not our proxy
    ("::ffff:10.0.0.1", "198.51.100.3", "198.51.100.3"),       # an IPv4-mapped balancer address
    (None, "198.51.100.3", "198.51.100.3"),
])
def test_real_client(remote, forwarded, client) -> None:
    assert real_client(remote, forwarded) == client


@given(st.lists(st.tuples(st.sampled_from([LB, "10.0.1.6", "203.0.113.1", None]),
                          st.sampled_from(["-", None, "198.51.100.7", "198.51.100.7, 192.0.2.1", "10.9.9.9", "junk"])),
                max_size=40))
def test_the_vectorised_forms_agree_with_one_by_one(pairs) -> None:
    remote, forwarded = [p[0] for p in pairs], [p[1] for p in pairs]
    expected = [real_client(r, f) for r, f in pairs]
    assert real_clients(remote, forwarded) == expected
    got = real_client_categorical(pd.Categorical(remote), pd.Categorical([None if f == "-" else f for f in forwarded]))
    assert [None if pd.isna(v) else v for v in got] == expected


def _main(ip: str, xff: str, user: str = "-", path: str = "/students/1234567890") -> str:
    return (f'{ip} - {user} [14/Sep/2026:08:00:01 -0700] "GET {path} HTTP/1.1" 200 5123 "https://sis.example.org/" '
            f'"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/150.0" "{xff}"')


def test_nginx_main_format_is_detected_and_the_client_taken_from_the_header() -> None:
    lines = [_main(LB, "203.0.113.9", "jdoe"), _main("10.0.1.6", "-"), _main(LB, "198.51.100.7, 192.0.2.44")]
    assert detect_format(lines) == "combined_xff"
    frame, rejected, _ = parse_lines(lines, None)
    assert rejected == []
    assert list(frame.client_ip) == ["203.0.113.9", "10.0.1.6", "192.0.2.44"]
    assert frame.iloc[0].user == "jdoe" and frame.iloc[0].path == "/students/1234567890"


def test_combined_lines_with_another_quoted_field_last_stay_combined() -> None:
    lines = [_main(LB, "session=abc123") for _ in range(5)]
    assert detect_format(lines) == "combined"
    frame, _, _ = parse_lines(lines, None)
    assert set(frame.client_ip) == {LB}


def test_a_large_file_takes_the_fast_path_and_agrees_with_the_slow_one(tmp_path) -> None:
    lines = [_main(f"10.0.1.{5 + i % 2}", ["-", f"203.0.113.{i % 50}", f"198.51.100.{i % 9}, 10.0.0.3"][i % 3],
                   path=f"/students/{1000000000 + i}") for i in range(3000)]
    lines[1500] = "junk line"
    path = tmp_path / "access.log"
    path.write_text("\n".join(lines) + "\n")
    frame, report = read_logs(path)
    assert report.formats == {str(path): "combined_xff"}
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [(1501, "line does not match combined_xff format")]
    slow, _, _ = parse_lines(lines, "combined_xff")
    assert list(frame.client_ip) == list(slow.client_ip)
    assert frame.client_ip.iloc[1] == "203.0.113.1" and frame.client_ip.iloc[2] == "198.51.100.2"


def test_a_logformat_string_with_the_header_anywhere() -> None:
    fmt = '"%{X-Forwarded-For}i" %h %l %u %t "%r" %>s %b'
    line = '"203.0.113.9, 10.0.0.2" 10.0.1.5 - - [14/Sep/2026:08:00:01 -0700] "GET /x HTTP/1.1" 200 5'
    frame, rejected, _ = parse_lines([line], None, log_format=fmt)
    assert rejected == [] and frame.iloc[0].client_ip == "203.0.113.9"


def test_json_lines_take_the_client_from_the_forwarded_header() -> None:
    lines = ['{"time": "2026-09-14T08:00:01-07:00", "remote_addr": "10.0.1.5", "http_x_forwarded_for": "203.0.113.9", '
             '"request": "GET /x HTTP/1.1", "status": 200}',
             '{"time": "2026-09-14T08:00:02-07:00", "remote_addr": "10.0.1.5", "xff": ["198.51.100.7", "10.0.0.2"], '
             '"request": "GET /y HTTP/1.1", "status": 200}',
             '{"time": "2026-09-14T08:00:03-07:00", "remote_addr": "10.0.1.6", "request": "GET /z HTTP/1.1", "status": 200}']
    frame, rejected, _ = parse_lines(lines, "jsonl")
    assert rejected == []
    assert list(frame.client_ip) == ["203.0.113.9", "198.51.100.7", "10.0.1.6"]


def test_iis_with_a_custom_forwarded_for_field() -> None:
    lines = ["#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status "
             "time-taken X-Forwarded-For",
             "2026-09-14 15:00:01 10.0.0.4 GET /students/12 - 443 DISTRICT\\jdoe 10.0.1.5 Mozilla/5.0 200 15 203.0.113.9",
             "2026-09-14 15:00:02 10.0.0.4 GET /students/13 - 443 - 10.0.1.5 Mozilla/5.0 200 15 -"]
    frame, rejected, _ = parse_lines(lines, "w3c")
    assert rejected == []
    assert list(frame.client_ip) == ["203.0.113.9", "10.0.1.5"]


CHAINED = [
    '10.51.5.172, 64.129.48.21 - jdoe [14/Jan/2027:08:00:56 -0600] "GET /sis/index.php?page=student&sid=1 HTTP/1.1" 200 '
    '512 "-" "Mozilla/5.0 (X11)" 2573',
    '73.50.86.153 - - [14/Jan/2027:08:00:57 -0600] "GET /sis/index.php?page=home HTTP/1.1" 200 2 "-" "Mozilla/5.0" 2512',
    '- - - [14/Jan/2027:08:00:58 -0600] "GET /sis/health.php HTTP/1.0" 200 2 "-" "-" 2512',
    '10.1.2.3,10.4.5.6 - - [14/Jan/2027:08:00:59 -0600] "GET / HTTP/1.1" 200 2 "-" "curl/8.5.0" 1',
    '198.51.100.7 ,  unknown, 64.129.48.22 - amy [14/Jan/2027:08:01:00 -0600] "GET / HTTP/1.1" 200 2 "-" "x" 1',
]


def test_an_address_chain_logged_as_the_client_is_read_and_resolved(tmp_path) -> None:
    """Apache logging ``%{X-Forwarded-For}i`` where ``%h`` belongs: a chain as the first field."""
    lines = [CHAINED[0]] * 30 + CHAINED[1:]
    assert detect_format(lines) == "combined"  # most lines start with a chain: still combined
    frame, rejected, _ = parse_lines(CHAINED, "combined")
    assert rejected == []
    assert frame.client_ip.astype(object).tolist()[:2] == ["64.129.48.21", "73.50.86.153"]
    # all internal: the leftmost; a spoofable left part is never the client when a public address follows it
    assert frame.client_ip.astype(object).tolist()[3:] == ["10.1.2.3", "64.129.48.22"]
    assert frame.user.astype(object).tolist()[0] == "jdoe"
    path = tmp_path / "access_log"  # the file reader: RE2/Arrow for the plain lines, the regex path for the rest
    path.write_text("\n".join(CHAINED * 40) + "\n", encoding="utf-8")
    whole, report = read_logs(str(path))
    assert report.lines_rejected == 0 and len(whole) == 200
    assert whole.client_ip.astype(object).tolist()[:5] == frame.client_ip.astype(object).tolist()


def test_a_cdn_or_cloud_balancer_hop_is_a_proxy_of_ones_own() -> None:
    """Behind Azure Front Door, Cloudflare or a Google Cloud balancer, the logged peer or the chain's last hop is
    the CDN's published egress: the client is the address before it. A public peer of no CDN still ends it."""

    assert real_client(None, "20.99.137.44,147.243.20.9") == "20.99.137.44"  # Envoy behind Front Door
    assert real_client("162.158.90.12", "198.51.100.23") == "198.51.100.23"  # Cloudflare as the peer
    assert real_client("10.1.0.4", "198.51.100.23, 35.191.10.1") == "198.51.100.23"  # GCP balancer
    assert real_client("203.0.113.77", "198.51.100.23") == "203.0.113.77"  # a public peer: the header may be forged


def _with_user(ip: str, user: str, *, xff: str | None = None, basic: str = "-", i: int = 0) -> str:
    line = _main(ip, xff, basic, path=f"/students/{1000000000 + i}") if xff is not None else \
        _main(ip, "-", basic, path=f"/students/{1000000000 + i}").rsplit(' "-"', 1)[0]
    return f'{line} "{user}" 0.0{i % 90 + 10}'


def test_the_app_user_after_the_user_agent_is_detected_and_read(tmp_path) -> None:
    """nginx's ``"$upstream_http_x_user"`` appended to combined: the app's user where the server has none."""
    lines = [_with_user(f"198.51.100.{i % 9}", "-" if i % 3 == 0 else f"staff{i % 4}@district.example", i=i)
             for i in range(3000)]
    lines[7] = _with_user("198.51.100.1", "DISTRICT\\\\jdoe", basic="basic.user", i=7)
    assert detect_format(lines[:50]) == "combined_user"
    path = tmp_path / "access.log"
    path.write_text("\n".join(lines) + "\n")
    frame, report = read_logs(path)  # the fast path
    assert report.formats == {str(path): "combined_user"} and report.lines_parsed == 3000
    slow, _, _ = parse_lines(lines, "combined_user")
    assert list(frame.user.astype(object)) == list(slow.user.astype(object))
    assert frame.user.iloc[1] == "staff1@district.example" and pd.isna(frame.user.iloc[3])
    assert frame.user.iloc[7] == "basic.user"  # the server's own user comes first


def test_the_app_user_after_the_forwarded_header_is_detected_and_read() -> None:
    lines = [_with_user(LB, f"t{i % 5}@school.example", xff=f"203.0.113.{i % 7}", i=i) for i in range(40)]
    assert detect_format(lines) == "combined_xff_user"
    frame, rejected, _ = parse_lines(lines, None)
    assert rejected == [] and frame.user.iloc[2] == "t2@school.example" and frame.client_ip.iloc[2] == "203.0.113.2"


def test_trailing_fields_that_name_no_account_stay_combined() -> None:
    lines = [_with_user(f"198.51.100.{i % 9}", value, i=i)
             for i, value in enumerate(["www.example.org", "HIT", "a1b2c3d4e5f6", "-", "TLSv1.3"] * 8)]
    assert detect_format(lines) == "combined"


def test_the_app_user_is_found_beyond_the_first_fifty_lines() -> None:
    """At midnight only monitors and crawlers are about: the user field is read once some lines name accounts."""
    quiet = [_with_user("10.50.0.11", "-", xff="-", i=i) for i in range(300)]
    busy = [_with_user(LB, f"t{i % 5}@school.example", xff=f"203.0.113.{i % 7}", i=i) for i in range(10)]
    assert detect_format(quiet + busy) == "combined_xff_user"
    assert detect_format(quiet) in ("combined", "combined_xff")


def test_a_tail_field_with_other_values_is_not_a_user() -> None:
    lines = [_with_user(f"198.51.100.{i % 9}", f"t{i}@school.example" if i % 2 else f"node-{i}.internal", i=i)
             for i in range(60)]
    assert detect_format(lines) == "combined"
