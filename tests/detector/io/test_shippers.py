"""Log shippers' output: Filebeat's (or Logstash's, Vector's) JSON with the line in ``message``, Fluentd's
``out_file`` and Fluent Bit's ``file`` records, read as the lines inside them (see detector.io.containers)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from detector.io import read_logs
from detector.io.containers import FLUENTBIT, FLUENTD, MALFORMED, SHIPPER, split_record
from detector.io.formats import container_wrapper

from .test_containers import plain_records
from .test_tasks import as_objects, assert_same_read, combined, jsonl, write


def filebeat(text: str, offset: int = 0) -> str:
    return json.dumps({"@timestamp": "2026-11-17T13:00:06.512Z", "@metadata": {"beat": "filebeat", "type": "_doc"},
                       "log": {"offset": offset, "file": {"path": "/var/log/nginx/access.log"}}, "message": text,
                       "input": {"type": "filestream"}, "host": {"name": "web01"},
                       "agent": {"type": "filebeat", "version": "8.15.0"}, "ecs": {"version": "8.0.0"}})


def nginx_record(i: int, user: str = "-", app_user: str | None = None) -> dict:
    """A record as Fluentd's built-in ``nginx`` parser writes it (all values strings, the time taken out)."""
    record = {"remote": f"10.1.2.{i % 250}", "host": "-", "user": user, "method": "GET", "path": f"/s/{i}",
              "code": "200", "size": str(i), "referer": "-", "agent": "UA", "http_x_forwarded_for": "-"}
    if app_user is not None:
        record["app_user"] = app_user
    return record


def fluentd(i: int, **fields) -> str:
    return f"2026-11-17T08:00:{i % 60:02d}-05:00\tsis.nginx.access.web0{i % 3}\t{json.dumps(nginx_record(i, **fields))}"


def test_filebeat_records_read_as_the_access_lines_in_their_message(tmp_path):
    inner = [combined(i) for i in range(30)]
    path = write(tmp_path / "filebeat.ndjson", "\n".join(filebeat(line, i * 200) for i, line in enumerate(inner)) + "\n")
    frame, report = read_logs(path)
    assert container_wrapper([filebeat(line) for line in inner]) == SHIPPER
    assert report.formats == {path: "combined"} and report.lines_parsed == 30 and report.lines_rejected == 0
    assert frame.line_no.tolist() == list(range(1, 31))
    # the server's time, not the shipper's @timestamp
    pd.testing.assert_frame_equal(as_objects(frame.drop(columns=["line_no"])), plain_records(tmp_path, inner))


def test_a_shipper_record_without_the_line_is_rejected_with_its_line_number(tmp_path):
    lines = [filebeat(combined(i)) for i in range(12)]
    lines.insert(4, '{"@timestamp":"2026-11-17T13:00:06.512Z","message":"10.1.2.3 - - [17/May/2015:10:0')
    lines.insert(9, json.dumps({"@timestamp": "2026-11-17T13:00:06.512Z", "host": {"name": "web01"}}))
    frame, report = read_logs(write(tmp_path / "fb.json", "\n".join(lines) + "\n"))
    assert report.lines_parsed == 12 and report.lines_rejected == 2
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [(5, MALFORMED[SHIPPER]), (10, MALFORMED[SHIPPER])]


def test_json_requests_that_keep_their_raw_message_are_read_as_json():
    """An ECS document an ingest pipeline parsed keeps the raw line in ``message``: its fields are read, not the line."""
    docs = [json.dumps({"@timestamp": f"2026-11-17T13:00:{i:02d}Z", "message": combined(i), "source": {"ip": "10.9.9.9"},
                        "http": {"request": {"method": "GET"}}, "url": {"original": f"/parsed/{i}"},
                        "user": {"name": "ecs.user"}}) for i in range(20)]
    assert container_wrapper(docs) is None
    frame, report = read_logs_lines(docs)
    assert report.lines_parsed == 20 and set(frame.user) == {"ecs.user"} and frame.path.iloc[0] == "/parsed/0"


def read_logs_lines(lines: list[str]):
    from detector.io.reader import parse_lines
    frame, rejected, fmt = parse_lines(lines, None)
    return frame, type("R", (), {"lines_parsed": len(frame), "rejected": rejected, "format": fmt})


def test_fluentd_out_file_records_take_the_record_time_and_the_app_user(tmp_path):
    lines = [fluentd(i, app_user=f"staff{i % 4}@district.example" if i % 5 else "-") for i in range(40)]
    path = write(tmp_path / "fluentd_access.log", "\n".join(lines) + "\n")
    frame, report = read_logs(path)
    assert container_wrapper(lines) == FLUENTD
    assert report.formats == {path: "jsonl"} and report.lines_parsed == 40 and report.lines_rejected == 0
    first = frame.iloc[0]
    assert first.ts == pd.Timestamp("2026-11-17T13:00:00Z") and first.utc_offset_min == -300
    assert (first.client_ip, first.method, first.path, first.status, first.bytes) == ("10.1.2.0", "GET", "/s/0", 200, 0)
    # the nginx parser's "user" is the server's empty $remote_user: the app's user key names the account
    assert frame.user.iloc[1] == "staff1@district.example" and pd.isna(frame.user.iloc[5])


def test_fluentd_record_with_the_server_user_keeps_it(tmp_path):
    lines = [fluentd(i, user="jdoe", app_user="someone.else") for i in range(10)]
    frame, _ = read_logs(write(tmp_path / "f.log", "\n".join(lines) + "\n"))
    assert set(frame.user) == {"jdoe"}


def test_fluent_bit_file_records_and_unparsed_messages(tmp_path):
    split = [f"sis.access: [1794920400.25, {json.dumps(nginx_record(i))}]" for i in range(10)]
    frame, report = read_logs(write(tmp_path / "fb.log", "\n".join(split) + "\n"))
    assert container_wrapper(split) == FLUENTBIT and report.lines_parsed == 10
    assert frame.ts.iloc[0] == pd.Timestamp(1794920400.25, unit="s", tz="UTC")
    whole = [f"2026-11-17T08:00:0{i % 10}-05:00\tsis.access\t{json.dumps({'message': combined(i)})}" for i in range(10)]
    frame, report = read_logs(write(tmp_path / "fd.log", "\n".join(whole) + "\n"))
    assert report.formats[str(tmp_path / "fd.log")] == "combined" and report.lines_parsed == 10


@pytest.mark.parametrize("kind, line", [(FLUENTD, "2026-11-17T08:00:00-05:00\ttag\tnot json"),
                                        (FLUENTBIT, "tag: [1794920400, {\"a\": 1}"),
                                        (SHIPPER, '{"message": 5}')])
def test_split_record_refuses_what_is_not_a_record(kind, line):
    assert split_record(line, kind) is None


def test_shipper_files_read_by_tasks_as_a_whole(tmp_path):
    a = write(tmp_path / "a.json", "".join(filebeat(combined(i), i) + "\n" for i in range(300)))
    b = write(tmp_path / "b.log", "".join(fluentd(i, app_user="u@x.example") + "\n" for i in range(300)))
    c = write(tmp_path / "c.json", "".join(filebeat(jsonl(i), i) + "\n" for i in range(300)))
    assert len(assert_same_read([a, b, c], target_bytes=4_000)) > 3


def test_fluentd_apache2_parser_records_name_the_client_host(tmp_path):
    records = [{"host": f"198.51.100.{i}", "user": "-", "method": "GET", "path": f"/a/{i}", "code": "200", "size": "5",
                "referer": "-", "agent": "UA"} for i in range(5)]
    lines = [f"2026-11-17T08:00:0{i}-05:00\tapache.access\t{json.dumps(r)}" for i, r in enumerate(records)]
    frame, _ = read_logs(write(tmp_path / "a.log", "\n".join(lines) + "\n"))
    assert frame.client_ip.tolist() == [f"198.51.100.{i}" for i in range(5)]


def test_siem_exports_read_as_the_access_lines_they_hold(tmp_path):
    """Splunk's JSON export (``result._raw``, newest first, its closing messages row skipped) and an Elasticsearch or
    OpenSearch dump (``_source.message``) give the server's lines, with the server's times and line numbers."""
    inner = [combined(i) for i in range(30)]
    splunk = [json.dumps({"preview": False, "offset": n, "result": {"_raw": line, "_time": "2026-11-17T08:00:00.000-07:00",
                                                                 "host": "web02", "sourcetype": "access_combined"}})
              for n, line in enumerate(reversed(inner))]
    splunk.append(json.dumps({"preview": False, "messages": [{"type": "INFO", "text": "search finished"}]}))
    dump = [json.dumps({"_index": "web-logs-2015.05.17", "_id": f"h{i}", "_score": 1,
                        "_source": {"@timestamp": "2026-11-17T15:00:00Z", "message": line, "host": {"name": "web02"}}})
            for i, line in enumerate(inner)]
    plain = plain_records(tmp_path, inner)
    for name, lines, order in (("export.json", splunk, list(reversed(range(30)))), ("hits.ndjson", dump, list(range(30)))):
        path = write(tmp_path / name, "\n".join(lines) + "\n")
        frame, report = read_logs(path)
        assert container_wrapper(lines) == SHIPPER
        assert report.formats == {path: "combined"} and report.lines_parsed == 30 and report.lines_rejected == 0
        got = as_objects(frame.drop(columns=["line_no"])).iloc[[order.index(i) for i in range(30)]].reset_index(drop=True)
        pd.testing.assert_frame_equal(got, plain)
    assert read_logs(write(tmp_path / "export.json", "\n".join(splunk) + "\n"))[1].lines_skipped == 1


def test_a_siem_csv_export_of_raw_events_reads_as_the_lines_in_its_raw_column(tmp_path):
    """Splunk's ``| table _time _raw host`` exported as CSV: the header is skipped, each row's ``_raw`` read."""
    import csv
    import io

    inner = [combined(i) for i in range(30)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["_time", "_raw", "host"])
    writer.writerows([f"2015-05-17T10:{i // 60 % 60:02d}:{i % 60:02d}.000+0000", line, "web02"] for i, line in enumerate(inner))
    path = write(tmp_path / "export.csv", out.getvalue())
    frame, report = read_logs(path)
    assert report.formats == {path: "combined"} and report.lines_parsed == 30
    assert report.lines_rejected == 0 and report.lines_skipped == 1 and frame.line_no.tolist() == list(range(2, 32))
    pd.testing.assert_frame_equal(as_objects(frame.drop(columns=["line_no"])), plain_records(tmp_path, inner))
    # an access-log CSV export without a raw column is read by its columns, not unwrapped
    assert container_wrapper(["_time,clientip,method,uri_path,status", "2015-05-17T10:00:00Z,10.0.0.1,GET,/,200"]) is None


def test_a_csv_export_with_its_own_access_columns_is_read_by_them_even_beside_raw() -> None:
    header = "_time,clientip,user,method,uri_path,status,bytes,useragent,_raw"
    row = f'2015-05-17T10:00:00Z,10.1.2.0,u0,GET,/s/0,200,0,UA,"{combined(0).replace(chr(34), chr(34) * 2)}"'
    assert container_wrapper([header, row]) is None
