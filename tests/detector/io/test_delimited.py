"""CSV and TSV exports of access logs (Azure Log Analytics, Splunk, Kibana): columns found by their header row."""

from __future__ import annotations

import pandas as pd

from detector.io import detect_format, parse_lines, read_logs
from detector.io.delimited import FIELD_COUNT, NO_HEADER, column_key, header_layout, looks_like_csv
from detector.io.formats import layout_line

from ._cloudlogs import AZURE_CSV_HEADER, Req, azure_csv, replace, traffic
from ._helpers import assert_schema
from .test_tasks import assert_same_read

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36"
REQ = Req(ua=CHROME, user="jdoe@district.org")
SPLUNK_HEADER = "_time,clientip,method,uri_path,uri_query,status,bytes,useragent,referer,user,host,source,sourcetype"


def splunk(r: Req, sep: str = ",") -> str:
    """A row of a Splunk search exported as CSV (``| table _time clientip ...``), ISO times with an offset."""
    values = [r.ts.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+00:00", r.ip, r.method, r.path, r.query, str(r.status),
              str(r.nbytes), f'"{r.ua}"' if sep in r.ua else r.ua, r.referer, r.user, "web1", "/var/log/x", "access"]
    return sep.join(values)


def test_column_names_are_compared_without_case_punctuation_or_unit() -> None:
    assert column_key("TimeGenerated [UTC]") == column_key("timegenerated") == "timegenerated"
    assert column_key("cs-uri-stem") == column_key("CsUriStem") == "csuristem"
    assert column_key("cs(User-Agent)") == "csuseragent" and column_key("\ufeff_time") == "time"


def test_azure_log_analytics_export_reads_every_field() -> None:
    lines = AZURE_CSV_HEADER + [azure_csv(REQ)]
    assert detect_format(lines) == "csv"
    frame, rejected, seen = parse_lines(lines, None)
    assert_schema(frame)
    assert rejected == [] and seen == 2 and len(frame) == 1
    row = frame.iloc[0]
    assert row.ts == REQ.stamp.floor("ms") and pd.isna(row.utc_offset_min)  # "9/14/2026, 3:00:01.123 PM", UTC
    assert (row.client_ip, row.user, row.method, row.path) == (REQ.ip, REQ.user, "GET", "/students/42?term=F")
    assert (row.status, row.bytes, row.user_agent, row.referer) == (200, REQ.nbytes, CHROME, REQ.referer)
    assert row.app_session == "s.5" and row.duration_ms == 30.0  # ASP.NET_SessionId from the Cookie column


def test_an_iis_style_user_agent_gets_its_spaces_back() -> None:
    bot = "Googlebot/2.1 (+http://www.google.com/bot.html)"
    lines = AZURE_CSV_HEADER + [azure_csv(replace(REQ, ua=CHROME.replace(" ", "+"))), azure_csv(replace(REQ, ua=bot))]
    frame, _, _ = parse_lines(lines, "csv")
    assert frame.user_agent.tolist() == [CHROME, bot]


def test_empty_values_are_missing_and_the_line_number_is_the_files() -> None:
    anonymous = replace(REQ, user="", query="", referer="")
    frame, _, _ = parse_lines(AZURE_CSV_HEADER + [azure_csv(REQ), azure_csv(anonymous)], "csv")
    assert frame.line_no.tolist() == [2, 3]
    assert pd.isna(frame.user.iloc[1]) and pd.isna(frame.referer.iloc[1]) and frame.path.iloc[1] == "/students/42"


def test_splunk_export_and_its_tsv_variant() -> None:
    for sep in (",", "\t"):
        lines = [SPLUNK_HEADER.replace(",", sep), splunk(REQ, sep)]
        assert looks_like_csv(lines) and header_layout(lines[0]).delimiter == sep
        frame, rejected, _ = parse_lines(lines, "tsv" if sep == "\t" else "csv")
        assert rejected == []
        row = frame.iloc[0]
        assert row.ts == REQ.stamp.floor("ms") and row.utc_offset_min == 0
        assert (row.client_ip, row.user, row.path, row.user_agent) == (REQ.ip, REQ.user, "/students/42?term=F", CHROME)


def test_kibana_export_of_elastic_common_schema_fields() -> None:
    header = ("@timestamp,source.ip,user.name,http.request.method,url.original,http.response.status_code,"
              "http.response.body.bytes,user_agent.original,http.request.referrer,event.dataset")
    row = (f'"Sep 14, 2026 @ 15:00:01.123",{REQ.ip},{REQ.user},GET,/students/42?term=F,200,{REQ.nbytes},'
           f'"{CHROME}",{REQ.referer},apache.access')
    frame, rejected, _ = parse_lines([header, row], None)
    assert rejected == []
    r = frame.iloc[0]
    assert r.ts == REQ.stamp.floor("ms") and (r.client_ip, r.user, r.method, r.path) == (
        REQ.ip, REQ.user, "GET", "/students/42?term=F")
    assert (r.status, r.bytes, r.user_agent, r.referer) == (200, REQ.nbytes, CHROME, REQ.referer)


def test_a_time_of_day_column_is_joined_to_the_date_column() -> None:
    lines = ["date,time,c-ip,cs-username,cs-method,cs-uri-stem,cs-uri-query,sc-status,time-taken",
             "2026-09-14,15:00:01,203.0.113.5,jdoe,GET,/students/42,-,200,15"]
    frame, rejected, _ = parse_lines(lines, None)
    assert rejected == [] and frame.ts.iloc[0] == pd.Timestamp("2026-09-14T15:00:01Z")
    assert frame.path.iloc[0] == "/students/42" and frame.user.iloc[0] == "jdoe"


def test_a_request_line_column_gives_method_and_path() -> None:
    lines = ["timestamp;remote_addr;request;status;http_user_agent",
             "2026-09-14T15:00:01Z;203.0.113.5;GET /students/42?term=F HTTP/1.1;404;curl/8.5.0"]
    frame, _, _ = parse_lines(lines, None)
    assert (frame.method.iloc[0], frame.path.iloc[0], frame.status.iloc[0]) == ("GET", "/students/42?term=F", 404)


def test_bad_rows_are_rejected_with_their_line_numbers_and_nothing_else_lost() -> None:
    good = [azure_csv(replace(REQ, path=f"/students/{i}")) for i in range(6)]
    lines = ["garbage before any header", *AZURE_CSV_HEADER, *good[:3], good[3][:40], '"unclosed, quote', *good[3:]]
    frame, rejected, seen = parse_lines(lines, "csv")
    assert seen == len(lines) and len(frame) == 6
    assert [(r.line_no, r.reason) for r in rejected] == [(1, NO_HEADER), (6, FIELD_COUNT), (7, FIELD_COUNT)]


def test_concatenated_exports_each_bring_their_header() -> None:
    other = "status,url,timestamp,user"  # a second export, other columns in another order
    lines = [*AZURE_CSV_HEADER, azure_csv(REQ), other, "403,https://sis.example.org/admin?x=1,2026-09-14T16:00:00Z,mk",
             *AZURE_CSV_HEADER, azure_csv(REQ)]
    frame, rejected, _ = parse_lines(lines, None)
    assert rejected == [] and frame.line_no.tolist() == [2, 4, 6]
    assert (frame.path.iloc[1], frame.status.iloc[1], frame.user.iloc[1]) == ("/admin?x=1", 403, "mk")
    keep = layout_line("csv")
    assert [keep(line) for line in lines] == [True, False, True, False, True, False]


def test_lines_without_a_recognisable_header_are_not_csv() -> None:
    assert not looks_like_csv(["a,b,c", "1,2,3"])
    assert not looks_like_csv(["2026-09-14T15:00:01Z,203.0.113.5,GET,/x,200", "2026-09-14T15:00:02Z,1.2.3.4,GET,/y,200"])
    assert header_layout("time,status,path,user") is not None and header_layout("time,200,path,user") is None


def test_a_file_is_one_read_task_and_reads_the_same_in_small_chunks(tmp_path) -> None:
    reqs = traffic(3, 40)
    path = tmp_path / "AppServiceHTTPLogs.csv"
    path.write_text("\n".join(AZURE_CSV_HEADER + [azure_csv(r) for r in reqs]) + "\n", encoding="utf-8-sig")
    frame, report = read_logs(str(path))
    assert report.formats == {str(path): "csv"} and report.lines_parsed == 120 and report.lines_rejected == 0
    assert frame.path.tolist() == [r.path for r in reqs] and frame.user.tolist() == [r.user for r in reqs]
    tasks = assert_same_read(str(path), 1500, chunk_lines=7)  # the header row is only at the top: never cut
    assert len(tasks) == 1


def test_a_user_column_no_list_names_is_found_by_how_its_name_ends() -> None:
    lines = ["TimeGenerated,ClientIP,Method,Path,Status,EndUserEmail,UserAgentFamily",
             "2026-09-14T15:00:01Z,203.0.113.5,GET,/students/42,200,jdoe@district.example,Chrome"]
    frame, rejected, _ = parse_lines(lines, None)
    assert rejected == [] and frame.user.iloc[0] == "jdoe@district.example"


def test_an_audit_export_names_its_user_by_login_but_a_last_login_time_is_no_user() -> None:
    lines = ["event_time,last_login,staff_login,staff_role,source_ip,http_method,url_path,http_status",
             "2026-03-03 07:41:12-06:00,2026-03-02 16:00:00-06:00,jdoe@district.example,teacher,203.0.113.5,GET,"
             "/students/123456789,200"]
    frame, rejected, _ = parse_lines(lines, None)
    assert rejected == [] and frame.user.iloc[0] == "jdoe@district.example"
    assert frame.ts.iloc[0] == pd.Timestamp("2026-03-03 13:41:12", tz="UTC")


def test_an_export_without_a_user_agent_column_says_it_was_not_logged() -> None:
    from detector.schema import UA_NOT_LOGGED

    frame, _, _ = parse_lines(["_time,clientip,method,uri_path,status", "2026-09-14T15:00:01Z,10.0.0.1,GET,/a,200"], None)
    assert frame.user_agent.iloc[0] == UA_NOT_LOGGED


#: Application Insights' AppRequests exported from Log Analytics (columns abridged, in the portal's order): the
#: method only in the operation's name, the address masked (its location kept), an availability test.
APPINSIGHTS_HEADER = ("TenantId,TimeGenerated [UTC],Id,Name,Url,Success,ResultCode,DurationMs,SyntheticSource,SessionId,"
                      "UserId,UserAuthenticatedId,ClientType,ClientIP,ClientCity,ClientStateOrProvince,"
                      "ClientCountryOrRegion,ItemCount,Type")
APPINSIGHTS_ROWS = [
    't1,"11/17/2026, 4:01:02.123 PM",a1,GET Students/Details [id],https://pw.example.org/Students/Details/48213?tab=iep,'
    'True,200,12.3,,s1,anon1,jane.doe@d417.example,PC,0.0.0.0,Fresno,California,United States,1,AppRequests',
    't1,"11/17/2026, 4:01:04.000 PM",a2,POST Account/Login,https://pw.example.org/Account/Login,True,200,3.1,,,,,PC,'
    '0.0.0.0,Ashburn,Virginia,United States,3,AppRequests',
    't1,"11/17/2026, 4:02:00.000 PM",a3,GET Home/Index,https://pw.example.org/,True,200,5.0,'
    'Application Insights Availability Monitoring,,,,PC,203.0.113.9,,,,1,AppRequests',
]


def test_application_insights_requests_export() -> None:
    lines = [APPINSIGHTS_HEADER, *APPINSIGHTS_ROWS]
    assert detect_format(lines) == "csv"
    frame, rejected, _ = parse_lines(lines, None)
    assert rejected == []
    page, sign_in, probe = (frame.iloc[i] for i in range(3))
    assert page.ts == pd.Timestamp("2026-11-17 16:01:02.123", tz="UTC")
    # the signed-in user, not the browser's anonymous id; the method from the operation's name
    assert (page.user, page.method, page.path, page.status, page.app_session) == (
        "jane.doe@d417.example", "GET", "/Students/Details/48213?tab=iep", 200, "s1")
    assert page.client_ip == "Fresno, California, United States"  # the masked address's place
    assert pd.isna(sign_in.user) and sign_in.method == "POST" and sign_in.client_ip == "Ashburn, Virginia, United States"
    assert probe.client_ip == "203.0.113.9" and probe.user_agent == "Application Insights Availability Monitoring"
