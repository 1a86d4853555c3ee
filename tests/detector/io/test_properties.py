"""Property tests: arbitrary input never crashes the parsers; valid lines round-trip."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detector.io import parse_lines
from detector.io.jsonl import MESSAGE_KEYS
from detector.io.timeparse import NAT, parse_auto

from ._helpers import CERTH_FORMAT, assert_schema, fixture_lines

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REAL = [line for name in ("elastic_apache_combined.log", "honeynet_chuvakin_2004_combined.log",
                          "ocatak_w3af_quoted.log", "certh_webbot_phase1.log", "crowdsec_traefik_json.log")
        for line in fixture_lines(name)] + [
    # the IIS log file format, Microsoft's documented example lines
    "192.168.114.201, -, 03/20/01, 7:55:20, W3SVC2, SALES1, 172.21.13.45, 4502, 163, 3223, 200, 0, GET, /DeptLogo.gif, -,",
    "172.16.255.255, anonymous, 03/20/01, 23:58:11, MSFTPSVC, SALES1, 172.16.255.255, 60, 275, 0, 0, 0, PASS, /Intro.htm, -,",
    # Envoy's default text access log, its documented example
    '[2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28" "nsq2http" '
    '"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"',
    # a Rails app's production.log
    'I, [2027-02-02T09:14:05.123456 #12]  INFO -- : [5f1e0c2a-7b7d] Started GET "/students/1" for 203.0.113.5 at '
    "2027-02-02 09:14:05 -0500",
    "I, [2027-02-02T09:14:05.180012 #12]  INFO -- : [5f1e0c2a-7b7d] Completed 200 OK in 52ms (Views: 31.2ms)"]


@st.composite
def mutated_real_line(draw) -> str:
    """A real log line with a random slice deleted or replaced."""
    line = draw(st.sampled_from(REAL))
    i = draw(st.integers(0, len(line)))
    j = draw(st.integers(i, len(line)))
    return line[:i] + draw(st.text(max_size=5)) + line[j:]


LINES = st.lists(st.one_of(st.text(), mutated_real_line(), st.sampled_from(REAL)), max_size=25)


def _non_blank(lines: list[str]) -> list[str]:
    return [line for line in (raw.rstrip("\r\n") for raw in lines) if line.strip()]


@SETTINGS
@given(lines=LINES, fmt=st.sampled_from(["combined", "common", "jsonl", "logformat", "iis_native", "envoy"]))
def test_arbitrary_lines_are_parsed_or_rejected(lines, fmt):
    kwargs = {"log_format": CERTH_FORMAT} if fmt == "logformat" else {}
    frame, rejected, seen = parse_lines(lines, None if fmt == "logformat" else fmt, **kwargs)
    assert seen == len(lines)
    accounted = set(frame.line_no) | {r.line_no for r in rejected}
    # the only lines neither read nor rejected: a JSON logger's other events (a message and no request)
    skipped = [line for no, line in enumerate(lines, 1) if line.strip() and no not in accounted]
    assert all(fmt == "jsonl" and _other_event(line) for line in skipped), skipped
    assert set(frame.line_no).isdisjoint(r.line_no for r in rejected)
    assert all(1 <= r.line_no <= len(lines) and r.reason and "\n" not in r.reason for r in rejected)
    assert_schema(frame)


def _other_event(line: str) -> bool:
    try:
        obj = json.loads(line)
    except ValueError:
        return False
    return isinstance(obj, dict) and any(isinstance(obj.get(k), str) for k in MESSAGE_KEYS)


@SETTINGS
@given(lines=LINES)
def test_arbitrary_lines_rails(lines):
    """A Rails log's other messages are neither records nor rejections (they count as skipped), so only the
    request lines are accounted for: never more records and rejections than lines, never a crash."""
    frame, rejected, seen = parse_lines(lines, "rails")
    assert seen == len(lines) and len(frame) + len(rejected) <= len(_non_blank(lines))
    assert set(frame.line_no).isdisjoint(r.line_no for r in rejected)
    assert_schema(frame)


@SETTINGS
@given(lines=LINES)
def test_arbitrary_lines_w3c(lines):
    header = ["#Fields: date time c-ip cs-method cs-uri-stem sc-status"]
    frame, rejected, seen = parse_lines(header + lines, "w3c")
    directives = [line for line in _non_blank(header + lines) if line.startswith("#")]
    assert len(frame) + len(rejected) + len(directives) == len(_non_blank(header + lines))
    assert_schema(frame)


IPS = st.ip_addresses(v=4).map(str)
TOKENS = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126, exclude_characters='"\\[]'),
                 min_size=1, max_size=12)
QUOTED = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_characters='"\\',
                                        exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40)
DATES = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31))
OFFSETS = st.integers(-14 * 60, 14 * 60)


def _clf_time(local: datetime, offset: int) -> str:
    sign = "-" if offset < 0 else "+"
    return f"{local:%d/%b/%Y:%H:%M:%S} {sign}{abs(offset) // 60:02d}{abs(offset) % 60:02d}"


@SETTINGS
@given(ip=IPS, user=TOKENS, local=DATES, offset=OFFSETS, method=st.sampled_from(["GET", "POST", "PROPFIND"]),
       path=TOKENS.map(lambda t: "/" + t), status=st.integers(100, 599), size=st.integers(0, 10**12),
       referer=QUOTED, agent=QUOTED, wrap=st.booleans(), extra=st.sampled_from(["", " x 1 \"y z\""]))
def test_valid_combined_lines_round_trip(ip, user, local, offset, method, path, status, size, referer, agent,
                                         wrap, extra):
    local = local.replace(microsecond=0)
    line = (f'{ip} - {user} [{_clf_time(local, offset)}] "{method} {path} HTTP/1.1" {status} {size} '
            f'"{referer}" "{agent}"{extra}')
    if wrap:
        line = f'"{line}"'
    frame, rejected, _ = parse_lines([line], "combined")
    assert rejected == [] and len(frame) == 1
    rec = frame.iloc[0]
    utc = (local - timedelta(minutes=offset)).replace(tzinfo=timezone.utc)
    assert rec.ts == pd.Timestamp(utc) and rec.utc_offset_min == offset
    assert rec.client_ip == ip and (pd.isna(rec.user) if user == "-" else rec.user == user)
    assert (rec.method, rec.path, rec.status, rec.bytes) == (method, path, status, size)
    assert pd.isna(rec.referer) if referer in ("", "-") else rec.referer == referer
    assert rec.user_agent == ("" if agent == "-" else agent)


@SETTINGS
@given(st.lists(st.tuples(DATES, OFFSETS), min_size=1, max_size=40))
def test_vectorised_clf_time_matches_datetime(pairs):
    texts = [_clf_time(local.replace(microsecond=0), off) for local, off in pairs]
    ns, offsets = parse_auto(texts)
    for (local, off), got, got_off in zip(pairs, ns, offsets):
        aware = local.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=off)))
        assert got == pd.Timestamp(aware).value and got_off == off


@SETTINGS
@given(st.lists(st.text(max_size=30), max_size=30))
def test_time_parser_never_raises(texts):
    ns, offsets = parse_auto(texts)
    assert len(ns) == len(texts) and ns.dtype == np.int64
    assert np.isnan(offsets[ns == NAT]).all()
