"""File reading: gzip, chunks, reports, errors."""

from __future__ import annotations

import gzip
import json
import os

import pandas as pd
import pytest

from detector.io import LogReadError, ReadReport, Rejected, UnknownFormatError, iter_record_chunks, read_logs
from detector.io.reader import MAX_SAMPLES
from detector.schema import concat_records

from ._helpers import assert_schema, fixture

LINE = '10.1.2.3 - jdoe [17/May/2015:10:05:03 +0000] "GET /s/{i} HTTP/1.1" 200 {i} "-" "UA"\n'


def write(path, text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    path.write_bytes(data)
    return str(path)


def synthetic(n: int, start: int = 0) -> str:
    return "".join(LINE.format(i=i) for i in range(start, start + n))


def test_gzip_read_transparently_by_magic_bytes(tmp_path):
    plain = fixture("elastic_apache_combined.log")
    gz_named = tmp_path / "access.log.gz"
    hidden = tmp_path / "access.log.1"  # gzip data without a .gz name
    gz_named.write_bytes(gzip.compress(plain.read_bytes()))
    hidden.write_bytes(gzip.compress(plain.read_bytes()))
    expected, _ = read_logs(plain)
    for path in (gz_named, hidden):
        frame, report = read_logs(path)
        pd.testing.assert_frame_equal(frame, expected)
        assert report.formats == {str(path): "combined"}


def test_multi_member_gzip(tmp_path):
    path = tmp_path / "two.gz"
    path.write_bytes(gzip.compress(synthetic(3).encode()) + gzip.compress(synthetic(2, 3).encode()))
    frame, _ = read_logs(path)
    assert list(frame.bytes) == [0, 1, 2, 3, 4]


def test_corrupt_and_truncated_gzip(tmp_path):
    data = gzip.compress(synthetic(2000).encode())
    truncated = write(tmp_path / "cut.gz", data[: len(data) // 2])
    corrupt = write(tmp_path / "bad.gz", data[:20] + b"\x00" * 50 + data[70:])
    for path in (truncated, corrupt):
        with pytest.raises(LogReadError, match=os.path.basename(path)) as info:
            read_logs(path)
        assert "\n" not in str(info.value)


def test_missing_file_names_the_file(tmp_path):
    missing = str(tmp_path / "nope.log")
    with pytest.raises(LogReadError, match="nope.log") as info:
        read_logs([fixture("elastic_apache_combined.log"), missing])
    assert "cannot open" in str(info.value)


def test_directory_is_unreadable(tmp_path):
    with pytest.raises(LogReadError, match=tmp_path.name):
        read_logs(tmp_path)


def test_empty_file_is_a_warning(tmp_path):
    empty = write(tmp_path / "empty.log", b"")
    blank = write(tmp_path / "blank.log", "\n\n  \n")
    good = str(fixture("elastic_apache_combined.log"))
    frame, report = read_logs([empty, good, blank])
    assert len(frame) == 30 and set(frame.file_idx) == {1}
    assert report.warnings == [f"{empty}: empty file", f"{blank}: no log lines"]
    assert report.lines_read == 33 and report.lines_skipped == 3
    only_empty, report = read_logs(empty)
    assert len(only_empty) == 0 and list(only_empty.columns) == list(frame.columns)


def test_nothing_parses_is_an_error(tmp_path):
    junk = write(tmp_path / "junk.log", "GET / HTTP/1.1\n" * 5)
    with pytest.raises(UnknownFormatError, match="junk.log"):
        read_logs(junk)
    with pytest.raises(LogReadError, match=r"junk.log: no line could be read as combined \(5 lines rejected"):
        read_logs(junk, fmt="combined")


def test_unknown_format_name_fails_before_reading(tmp_path):
    with pytest.raises(ValueError):
        list(iter_record_chunks([tmp_path / "nope.log"], fmt="syslog"))


def test_format_detected_per_file_and_file_idx(tmp_path):
    jsonl = write(tmp_path / "a.jsonl", json.dumps({"ts": 0, "path": "/j"}) + "\n")
    combined = str(fixture("elastic_apache_combined.log"))
    frame, report = read_logs([jsonl, combined])
    assert report.formats == {jsonl: "jsonl", combined: "combined"}
    assert report.files == [jsonl, combined]
    assert list(frame.file_idx) == [0] + [1] * 30 and frame.iloc[0].path == "/j"


def test_chunks_line_numbers_and_progress(tmp_path):
    text = synthetic(10) + "garbage\n" + synthetic(14, 10)
    path = write(tmp_path / "a.log", text)
    report, advanced = ReadReport(), []
    chunks = list(iter_record_chunks([path], chunk_lines=7, report=report, progress=advanced.append))
    assert [len(c) for c in chunks] == [7, 6, 7, 4]  # chunk 2 holds the garbage line
    whole = concat_records(chunks)
    assert list(whole.line_no) == [*range(1, 11), *range(12, 26)]
    assert list(whole.bytes) == list(range(24))
    assert sum(advanced) == len(text)
    assert report.rejected_samples == [Rejected(path, 11, "line does not match combined format")]
    assert (report.lines_read, report.lines_parsed, report.lines_rejected) == (25, 24, 1)


def test_timestamps_not_sorted(tmp_path):
    lines = [LINE.format(i=1).replace("10:05:03", "10:05:09"), LINE.format(i=2)]
    frame, _ = read_logs(write(tmp_path / "a.log", "".join(lines)))
    assert list(frame.bytes) == [1, 2] and frame.ts.iloc[0] > frame.ts.iloc[1]


def test_crlf_bom_invalid_utf8_and_no_final_newline(tmp_path):
    data = b"\xef\xbb\xbf" + synthetic(2).replace("\n", "\r\n").encode() + LINE.format(i=7).rstrip().encode()
    data = data.replace(b'"UA"', b'"caf\xe9"', 1)  # Latin-1 byte: replaced, not fatal
    frame, report = read_logs(write(tmp_path / "a.log", data))
    assert len(frame) == 3 and report.lines_rejected == 0
    assert frame.iloc[0].user_agent == "caf\ufffd" and frame.iloc[1].user_agent == "UA"
    assert frame.iloc[0].client_ip == "10.1.2.3" and frame.iloc[2].bytes == 7


def test_nul_bytes_reject_the_line(tmp_path):
    data = synthetic(2).encode() + b'10.1.2.3 - - [17/May/2015:10:05:03 +0000] "GET /\x00 HTTP/1.1" 200 1 "-" "x"\n'
    frame, report = read_logs(write(tmp_path / "a.log", data))
    assert len(frame) == 2
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [(3, "binary data")]


def test_report_keeps_twenty_samples_and_is_json(tmp_path):
    path = write(tmp_path / "a.log", synthetic(5) + "junk\n" * 30)
    frame, report = read_logs(path, fmt="combined")
    assert report.lines_rejected == 30 and len(report.rejected_samples) == MAX_SAMPLES
    assert report.rejected_by_format == {"combined": 30}
    assert report.rejected_by_reason == {"line does not match combined format": 30}
    data = json.loads(json.dumps(report.to_dict()))
    assert data["rejected_samples"][0] == {"file": path, "line_no": 6, "reason": "line does not match combined format"}
    assert "junk" not in json.dumps(data)


def test_logformat_applies_to_every_file(tmp_path):
    a = write(tmp_path / "a.log", '1.2.3.4 [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200\n')
    b = write(tmp_path / "b.log", '5.6.7.8 [17/May/2015:10:05:04 +0000] "GET /b HTTP/1.1" 404\n')
    frame, report = read_logs([a, b], fmt="combined", log_format='%h %t "%r" %>s')
    assert report.formats == {a: "logformat", b: "logformat"}
    assert list(frame.status) == [200, 404]
    assert_schema(frame)


def test_read_many_chunks_matches_one_chunk(tmp_path):
    path = write(tmp_path / "a.log", synthetic(1000))
    whole, _ = read_logs(path)
    parts = concat_records(list(iter_record_chunks(path, chunk_lines=97)))
    pd.testing.assert_frame_equal(whole, parts)
    assert_schema(parts)


@pytest.mark.parametrize("compress", [False, True])
def test_tiny_blocks_split_lines_crlf_and_utf8_correctly(tmp_path, monkeypatch, compress):
    import detector.io.files as files

    text = synthetic(40).replace('"UA"', '"Agent é ü 漢字"').replace("\n", "\r\n") + "\r\n\r\n" + synthetic(3, 40)
    data = text.encode("utf-8")
    path = write(tmp_path / "a.log", gzip.compress(data) if compress else data)
    expected, expected_report = read_logs(path)
    monkeypatch.setattr(files, "BLOCK_BYTES", 7)
    advanced = []
    frame, report = read_logs(path, progress=advanced.append)
    pd.testing.assert_frame_equal(frame, expected)
    assert report.to_dict() == expected_report.to_dict()
    assert list(frame.line_no) == [*range(1, 41), 43, 44, 45] and report.lines_skipped == 2
    assert frame.iloc[0].user_agent == "Agent é ü 漢字"
    assert sum(advanced) == os.path.getsize(path)


def test_parse_lines_detects_and_strips_line_ends():
    from detector.io import parse_lines

    lines = [line + "\r\n" for line in synthetic(3).splitlines()] + ["\n"]
    for fmt in (None, "auto"):
        frame, rejected, seen = parse_lines(lines, fmt, file_idx=4, first_line_no=10, file_label="batch")
        assert seen == 4 and rejected == [] and list(frame.line_no) == [10, 11, 12]
        assert (frame.file_idx == 4).all() and frame.iloc[0].user_agent == "UA"
    _, rejected, _ = parse_lines(["junk"], "combined", first_line_no=7, file_label="batch")
    assert rejected == [Rejected("batch", 7, "line does not match combined format")]


@pytest.mark.parametrize("compress", [False, True])
def test_read_ahead_gives_the_same_blocks_and_errors(tmp_path, monkeypatch, compress):
    import threading

    import detector.io.files as files

    monkeypatch.setattr(files, "BLOCK_BYTES", 1000)
    data = synthetic(300).encode()
    path = write(tmp_path / "a.log", gzip.compress(data) if compress else data)
    plain = [(bytes(block), n) for block, n in files.iter_raw_blocks(path, path)]
    ahead = [(bytes(block), n) for block, n in files.prefetch_blocks(path, path, depth=2)]
    assert ahead == plain and len(plain) > 10
    # stopping early stops the reader thread (and closes the file)
    blocks = files.prefetch_blocks(path, path, depth=1)
    next(blocks)
    blocks.close()
    assert not any(t.name == "read-ahead" and t.is_alive() for t in threading.enumerate())
    # errors reach the consumer as they would without read-ahead
    with pytest.raises(LogReadError, match="cannot open"):
        list(files.prefetch_blocks(tmp_path / "missing.log", "missing.log"))
    corrupt = write(tmp_path / "bad.gz", gzip.compress(data)[:-30])
    with pytest.raises(LogReadError, match="bad.gz"):
        list(files.prefetch_blocks(corrupt, corrupt))
