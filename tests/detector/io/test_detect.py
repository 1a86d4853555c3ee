"""Format detection from the first lines of a log."""

from __future__ import annotations

import pytest

from detector.io import LogReadError, UnknownFormatError, detect_format
from detector.io.formats import make_parser, sniff_format

from ._helpers import fixture_lines
from .test_w3c import IIS_SAMPLE


@pytest.mark.parametrize(("name", "fmt"), [
    ("elastic_apache_combined.log", "combined"),
    ("honeynet_chuvakin_2004_combined.log", "combined"),
    ("ocatak_w3af_quoted.log", "combined"),
    ("netnea_tutorial5_extended.log", "combined"),
    ("crowdsec_traefik_clf.log", "combined"),
    ("fail2ban_apache_badbots.log", "combined"),
    ("crowdsec_apache_http_probing_common.log", "common"),
    ("certh_webbot_phase1.log", "common"),
    ("crowdsec_traefik_json.log", "jsonl"),
    ("crowdsec_caddy.log", "jsonl"),
])
def test_detect_real_logs(name, fmt):
    assert detect_format(fixture_lines(name)) == fmt


def test_detect_w3c():
    assert detect_format(IIS_SAMPLE.splitlines()) == "w3c"
    assert detect_format(["#Fields: date time c-ip", "2024-01-01 00:00:00 1.2.3.4"]) == "w3c"


def test_detect_skips_blank_lines_and_uses_sample_only():
    lines = ["", "   "] + fixture_lines("elastic_apache_combined.log") + ["garbage"] * 500
    assert detect_format(lines) == "combined"


def test_common_with_extra_fields_warns():
    fmt, notes = sniff_format(fixture_lines("certh_webbot_phase1.log"))
    assert fmt == "common" and len(notes) == 1 and "LogFormat" in notes[0]
    assert sniff_format(fixture_lines("crowdsec_apache_http_probing_common.log")) == ("common", [])


@pytest.mark.parametrize("lines", [
    [],
    ["", "  "],
    ["# only a comment"],
    ["hello world", "foo bar baz", "1.2.3.4 - - [x] y"],
    ['{"ts": 1}', "plain", "plain", "plain"],
])
def test_unknown_format(lines):
    with pytest.raises(UnknownFormatError) as info:
        detect_format(lines)
    assert isinstance(info.value, LogReadError)
    assert "\n" not in str(info.value)


def test_unknown_message_does_not_quote_lines():
    with pytest.raises(UnknownFormatError) as info:
        detect_format(["student 1234567 secret"] * 3)
    assert "1234567" not in str(info.value)


def test_make_parser_names():
    assert make_parser("JSON").name == "jsonl"
    assert make_parser("iis").name == "w3c"
    assert make_parser("combined", log_format="%h %t").name == "logformat"
    with pytest.raises(ValueError):
        make_parser("syslog")


def test_lighttpds_default_layout_reads_as_combined_with_the_host_where_combined_has_ident() -> None:
    """lighttpd's mod_accesslog default, ``%h %V %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"``: the host name
    sits in combined's ident field, which is not read; the HTTP-auth user is the third field."""
    import pandas as pd

    from detector.io import parse_lines

    lines = [f'203.0.113.{i} sis.example.org {"svc.export" if i % 2 else "-"} [24/Nov/2026:09:0{i}:07 -0500] '
             f'"GET /api/export/roster?school={i} HTTP/1.1" 200 {512 + i} "-" "curl/8.5.0"' for i in range(1, 7)]
    assert detect_format(lines) == "combined"
    frame, rejected, _ = parse_lines(lines, None)
    assert rejected == [] and len(frame) == 6
    assert frame.user.iloc[0] == "svc.export" and pd.isna(frame.user.iloc[1])
    assert frame.client_ip.iloc[0] == "203.0.113.1" and frame.path.iloc[0] == "/api/export/roster?school=1"
    assert frame.ts.iloc[0].isoformat() == "2026-11-24T14:01:07+00:00"
