"""Network sensors' records of HTTP requests: Zeek's http.log (TSV and JSON) and Suricata's eve.json."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from detector.io import LogReadError, read_logs
from detector.io.formats import detect_format
from detector.io.zeek import FIELD_COUNT, NO_HEADER, NOT_HTTP, proxied_client, unescape

from .test_tasks import assert_same_read, write

FIELDS = ("ts uid id.orig_h id.orig_p id.resp_h id.resp_p trans_depth method host uri referrer version user_agent "
          "origin request_body_len response_body_len status_code status_msg info_code info_msg tags username "
          "password proxied orig_fuids orig_filenames orig_mime_types resp_fuids resp_filenames resp_mime_types").split()
T0 = 1794920400.0  # 2026-11-17 13:00:00 UTC


def header(fields=FIELDS, path: str = "http") -> list[str]:
    return ["#separator \\x09", "#set_separator\t,", "#empty_field\t(empty)", "#unset_field\t-", f"#path\t{path}",
            "#open\t2026-11-17-13-00-00", "#fields\t" + "\t".join(fields), "#types\t" + "\t".join("string" for _ in fields)]


def zeek_line(i: int, *, client: str = "10.1.2.3", user: str = "-", proxied: str = "-", agent: str = "Mozilla/5.0 (X11)",
              fields=FIELDS) -> str:
    values = {"ts": f"{T0 + i:.6f}", "uid": f"C{i:016d}", "id.orig_h": client, "id.orig_p": "51000", "id.resp_h": "10.0.0.80",
              "id.resp_p": "80", "trans_depth": "1", "method": "GET", "host": "sv.example", "uri": f"/sv/student/{1000 + i}",
              "referrer": "-", "version": "1.1", "user_agent": agent, "origin": "-", "request_body_len": "0",
              "response_body_len": str(100 + i), "status_code": "200", "status_msg": "OK", "tags": "(empty)",
              "username": user, "password": "-", "proxied": proxied}
    return "\t".join(values.get(name, "-") for name in fields)


def test_zeek_http_log_across_hourly_files_with_proxied_clients_and_basic_auth_users(tmp_path):
    lines = header() + [zeek_line(0, user="jsmith.d27"),
                        zeek_line(1, client="10.40.0.5", proxied="VIA -> 1.1 rp,X-FORWARDED-FOR -> 203.0.113.7"),
                        zeek_line(2, agent="Mozilla/5.0 (Windows NT 10.0;\\x09Win64)")]
    lines += ["#close\t2026-11-17-14-00-00"]
    shorter = [f for f in FIELDS if f not in ("origin", "info_code", "info_msg")]  # the next hour's layout changed
    lines += header(shorter) + [zeek_line(3, user="mgarcia.adams12", fields=shorter), "garbage", zeek_line(4, fields=shorter)]
    path = write(tmp_path / "http.log", "\n".join(lines) + "\n")
    assert detect_format(lines[:20]) == "zeek"
    frame, report = read_logs(path)
    assert report.formats == {path: "zeek"} and report.lines_parsed == 5 and report.lines_rejected == 1
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [(len(lines) - 1, FIELD_COUNT)]
    assert frame.ts.iloc[0] == pd.Timestamp("2026-11-17T13:00:00Z") and frame.utc_offset_min.iloc[0] == 0
    assert frame.client_ip.tolist() == ["10.1.2.3", "203.0.113.7", "10.1.2.3", "10.1.2.3", "10.1.2.3"]
    assert frame.user.tolist()[:1] == ["jsmith.d27"] and pd.isna(frame.user.iloc[1]) and frame.user.iloc[3] == "mgarcia.adams12"
    assert frame.path.tolist()[3] == "/sv/student/1003" and frame.bytes.tolist()[4] == 104
    assert frame.user_agent.iloc[2] == "Mozilla/5.0 (Windows NT 10.0;\tWin64)"
    assert frame.line_no.tolist()[:3] == [9, 10, 11]


def test_zeek_data_before_its_header_and_other_streams_are_rejected(tmp_path):
    conn = header(["ts", "uid", "id.orig_h", "proto"], path="conn") + ["1794920400.0\tC1\t10.1.2.3\ttcp"]
    with pytest.raises(LogReadError, match=f"no line could be read as zeek .*{NOT_HTTP}"):
        read_logs(write(tmp_path / "conn.log", "\n".join(conn) + "\n"), fmt="zeek")
    frame, report = read_logs(write(tmp_path / "h.log", zeek_line(0) + "\n" + "\n".join(header()) + "\n" + zeek_line(1) + "\n"),
                              fmt="zeek")
    assert len(frame) == 1 and [(r.line_no, r.reason) for r in report.rejected_samples] == [(1, NO_HEADER)]


def test_zeek_logs_read_by_tasks_as_a_whole(tmp_path):
    path = write(tmp_path / "http.log", "\n".join(header() + [zeek_line(i) for i in range(400)]) + "\n")
    assert_same_read([path], target_bytes=3_000)


def test_proxied_headers_and_escapes():
    assert proxied_client(["X-FORWARDED-FOR -> 203.0.113.7, 10.40.0.5"]) == "203.0.113.7, 10.40.0.5"
    assert proxied_client("FORWARDED -> for=\"[2001:db8::1]\";proto=https") == "2001:db8::1"
    assert proxied_client(["VIA -> 1.1 proxy"]) is None and proxied_client(None) is None
    assert unescape("a\\x2cb\\x09c") == "a,b\tc"


def test_zeek_json_lines(tmp_path):
    records = [{"ts": T0 + i, "uid": f"CHhAvVGS1DHFjwGM{i}", "id.orig_h": "10.40.0.5" if i % 2 else "10.1.2.3",
                "method": "GET", "uri": f"/sv/student/{i}", "status_code": 200, "response_body_len": 50 + i,
                "user_agent": "Mozilla/5.0"} for i in range(6)]
    for i, record in enumerate(records):
        if i % 2:
            record["proxied"] = ["X-FORWARDED-FOR -> 198.51.100.9"]
        if i % 3 == 0:
            record["username"] = "jsmith.d27"
    frame, report = read_logs(write(tmp_path / "http.json", "\n".join(map(json.dumps, records)) + "\n"))
    assert report.lines_parsed == 6 and report.lines_rejected == 0
    # the connection's uid is not a user: only the Basic-auth username is
    assert frame.user.tolist()[0] == "jsmith.d27" and frame.user.isna().sum() == 4
    assert frame.client_ip.tolist() == ["10.1.2.3", "198.51.100.9"] * 3 and frame.bytes.tolist()[5] == 55


def test_suricata_eve_reads_http_events_and_skips_the_others(tmp_path):
    def http(i: int, **extra) -> dict:
        return {"timestamp": f"2026-11-17T06:00:0{i}.250000-0700", "flow_id": 100 + i, "in_iface": "eth1",
                "event_type": "http", "src_ip": "10.1.2.3", "src_port": 51000, "dest_ip": "10.0.0.80", "dest_port": 80,
                "proto": "TCP", "tx_id": 0, "http": {"hostname": "sv.example", "url": f"/sv/scores/{i}?year=2026",
                                                     "http_user_agent": "curl/8.5.0", "http_refer": "http://sv.example/",
                                                     "http_method": "POST" if i == 2 else "GET", "protocol": "HTTP/1.1",
                                                     "status": 404 if i == 3 else 200, "length": 1000 + i}, **extra}
    events = [http(0), {"timestamp": "2026-11-17T06:00:00.3-0700", "flow_id": 7, "event_type": "flow", "src_ip": "10.1.2.3"},
              http(1, xff="203.0.113.8"),
              {"timestamp": "2026-11-17T06:00:01.1-0700", "flow_id": 101, "event_type": "alert", "src_ip": "10.1.2.3",
               "alert": {"signature": "ET SCAN"}, "http": {"url": "/sv/scores/1", "http_method": "GET"}},
              {"timestamp": "2026-11-17T06:00:02.0-0700", "event_type": "stats", "stats": {"uptime": 60}},
              http(2), http(3)]
    lines = [json.dumps(e) for e in events] + ['{"timestamp": "2026-11-17T06:00:04.0-0700", "flow_id": 9, "event_type": "ht']
    frame, report = read_logs(write(tmp_path / "eve.json", "\n".join(lines) + "\n"))
    assert report.lines_parsed == 4 and report.lines_skipped == 3 and report.lines_rejected == 1
    assert [r.line_no for r in report.rejected_samples] == [8]
    assert frame.line_no.tolist() == [1, 3, 6, 7]
    assert frame.ts.iloc[0] == pd.Timestamp("2026-11-17T13:00:00.25Z") and frame.utc_offset_min.iloc[0] == -420
    assert frame.client_ip.tolist() == ["10.1.2.3", "203.0.113.8", "10.1.2.3", "10.1.2.3"]
    assert frame.method.tolist()[2] == "POST" and frame.status.tolist() == [200, 200, 200, 404]
    assert frame.path.iloc[0] == "/sv/scores/0?year=2026" and frame.bytes.iloc[1] == 1001
    assert frame.referer.iloc[0] == "http://sv.example/" and frame.user_agent.iloc[0] == "curl/8.5.0"
    assert frame.user.isna().all()
