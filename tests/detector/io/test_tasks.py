"""Reading files in pieces (read tasks): the pieces give exactly what a whole-file read gives."""

from __future__ import annotations

import gzip
import json
import os
import pickle
import tempfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import detector.io.files as files
import detector.io.read_plan as read_plan
from detector.io import LogReadError, ReadReport, UnknownFormatError, read_logs
from detector.io.tasks import ReadTask, finish_reads, line_offsets, plan_reads, read_task_chunks
from detector.schema import CATEGORY_COLUMNS, concat_records

from ._helpers import CERTH_FORMAT, assert_schema, fixture
from .test_w3c import IIS_SAMPLE

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SYSLOG = "Sep 15 16:13:46 web1 nginx[1234]: "


def combined(i: int, agent: str = "UA") -> str:
    return f'10.1.2.{i % 250} - u{i % 7} [17/May/2015:10:{i // 60 % 60:02d}:{i % 60:02d} +0000] "GET /s/{i} HTTP/1.1" 200 {i} "-" "{agent}"'


def jsonl(i: int) -> str:
    return json.dumps({"time": f"2024-03-04T10:00:{i % 60:02d}Z", "remote_addr": f"10.0.0.{i % 250}",
                       "request": f"GET /j/{i} HTTP/1.1", "status": 200, "body_bytes_sent": i})


def write(path: Path, data: str | bytes) -> str:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return str(path)


def read_by_tasks(paths, target_bytes: int, *, chunk_lines: int = 200_000, **options):
    """Plan, read every task on its own (task and report through pickle, as across processes), finish.

    Each task numbers its lines from 1; its :func:`line_offsets` entry turns them into file line numbers.
    """
    tasks, report = plan_reads(paths, target_bytes=target_bytes, **options)
    report = pickle.loads(pickle.dumps(report))
    per_task, parts = [], []
    for task in tasks:
        part, advanced = ReadReport(), []
        task = pickle.loads(pickle.dumps(task))
        chunks = list(read_task_chunks(task, options.get("log_format"), options.get("jsonl_mapping"),
                                       chunk_lines=chunk_lines, report=part, progress=advanced.append))
        assert sum(advanced) == task.size
        for chunk in chunks:
            assert len(chunk) and (chunk.file_idx == task.file_idx).all()
            assert chunk.line_no.min() >= 1 and chunk.line_no.max() <= part.lines_read
        per_task.append(chunks)
        parts.append(pickle.loads(pickle.dumps(part)))
    frames = []
    for task, chunks, offsets in zip(tasks, per_task, line_offsets(parts)):
        for chunk in chunks:
            chunk["line_no"] += offsets[task.file_idx]
        frames.extend(chunks)
    return tasks, (concat_records(frames) if frames else None), finish_reads(report, parts)


def as_objects(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as plain values: pieces may meet the categories in another order than one whole read."""
    frame = frame.reset_index(drop=True).copy()
    for name in CATEGORY_COLUMNS:
        frame[name] = frame[name].astype(object)
    return frame


def assert_same_read(paths, target_bytes: int, *, chunk_lines: int = 200_000, **options) -> list[ReadTask]:
    """Reading by tasks gives the records and the report of a whole read (or the same error)."""
    try:
        whole, whole_report = read_logs(paths, **options)
    except LogReadError as exc:
        with pytest.raises(type(exc)) as info:
            read_by_tasks(paths, target_bytes, chunk_lines=chunk_lines, **options)
        assert str(info.value) == str(exc)
        return []
    tasks, frame, report = read_by_tasks(paths, target_bytes, chunk_lines=chunk_lines, **options)
    assert report.to_dict() == whole_report.to_dict()
    assert report.pending == {}
    if frame is None:
        assert len(whole) == 0
    else:
        assert_schema(frame)
        pd.testing.assert_frame_equal(as_objects(frame), as_objects(whole))
    return tasks


def check_tasks(tasks: list[ReadTask], data: bytes) -> None:
    """Tasks cover the file end to end, each starting just after a line end."""
    assert tasks[0].start == 0 and tasks[-1].stop is None
    for a, b in zip(tasks, tasks[1:]):
        assert a.stop == b.start and data[b.start - 1:b.start] == b"\n"
    assert sum(t.size for t in tasks) == len(data)


# --- property: arbitrary files cut anywhere -------------------------------------------------------------

LINE_KINDS = st.one_of(
    st.integers(0, 10**6).map(combined),
    st.integers(0, 10**6).map(lambda i: combined(i, "Agent é 漢字 " + "x" * (i % 3000))),  # long lines too
    st.text(st.characters(exclude_characters="\n"), max_size=40),  # junk (may hold \r, NUL, U+FEFF)
    st.sampled_from(["", "   ", "\t"]),
)


@st.composite
def log_files(draw):
    kind = draw(st.sampled_from(["combined", "jsonl"]))
    lines = draw(st.lists(LINE_KINDS if kind == "combined" else st.one_of(st.integers(0, 999).map(jsonl), LINE_KINDS),
                          min_size=0, max_size=120))
    if draw(st.booleans()):
        lines = [SYSLOG + line if line.strip() else line for line in lines]
    ends = draw(st.sampled_from(["\n", "\r\n", "mixed"]))
    text = "".join(line + ("\r\n" if ends == "\r\n" or (ends == "mixed" and i % 3 == 0) else "\n")
                   for i, line in enumerate(lines))
    if draw(st.booleans()) and text:
        text = text[:-2] if text.endswith("\r\n") else text[:-1]  # last line without a line end
    data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return kind, data


@SETTINGS
@given(log=log_files(), target=st.integers(1, 4096), fmt=st.sampled_from([None, "given"]),
       chunk_lines=st.sampled_from([3, 200_000]), block=st.sampled_from([64, 1 << 22]),
       scan=st.sampled_from([5, 1 << 24]))
def test_pieces_read_like_the_whole_file(log, target, fmt, chunk_lines, block, scan):
    kind, data = log
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        # small read blocks and cut-search buffers put line ends at every kind of boundary
        stack.enter_context(mock.patch.object(files, "BLOCK_BYTES", block))
        stack.enter_context(mock.patch.object(read_plan, "_SCAN_BYTES", scan))
        path = write(Path(tmp) / "a.log", data)
        tasks = assert_same_read(path, target, chunk_lines=chunk_lines, fmt=kind if fmt else None)
        if tasks:
            check_tasks(tasks, data)


# --- the cases one by one -------------------------------------------------------------------------------

def test_combined_with_rejects_at_the_cuts(tmp_path):
    lines = [combined(i) for i in range(400)]
    data = ("\n".join(lines) + "\n").encode()
    probe, _ = plan_reads(write(tmp_path / "probe.log", data), target_bytes=2000)
    for task in probe[1:]:  # junk (as long: the cuts stay) as the first line of every task and the line before
        first = data[:task.start].count(b"\n")
        lines[first] = "junk after the cut".ljust(len(lines[first]), "!")
        lines[first - 1] = "junk before the cut".ljust(len(lines[first - 1]), "!")
    data = ("\n".join(lines) + "\n").encode()
    path = write(tmp_path / "a.log", data)
    tasks = assert_same_read(path, 2000, fmt="combined")
    assert [t.start for t in tasks] == [t.start for t in probe] and len(tasks) > 10
    check_tasks(tasks, data)
    _, _, report = read_by_tasks(path, 2000, fmt="combined")
    assert report.lines_rejected > 20 and len(report.rejected_samples) == 20  # the first 20, in line order
    assert [r.line_no for r in report.rejected_samples] == sorted(r.line_no for r in report.rejected_samples)
    # numbered in the file, not in the task: the line before the first cut is the first junk
    assert report.rejected_samples[0].line_no == data[:probe[1].start].count(b"\n")


def test_crlf_bom_and_last_line_without_newline(tmp_path):
    data = b"\xef\xbb\xbf" + "".join(combined(i) + "\r\n" for i in range(200)).encode() + combined(200).encode()
    path = write(tmp_path / "a.log", data)
    tasks = assert_same_read(path, 1024)
    assert len(tasks) > 10
    check_tasks(tasks, data)
    _, frame, _ = read_by_tasks(path, 1024)
    assert list(frame.line_no) == list(range(1, 202)) and frame.client_ip.iloc[0] == "10.1.2.0"
    assert frame.user_agent.iloc[-1] == "UA" and frame.bytes.iloc[-1] == 200


def test_json_lines(tmp_path):
    lines = [jsonl(i) if i % 11 else '{"broken": ' for i in range(300)]
    path = write(tmp_path / "a.jsonl", "\n".join(lines) + "\n")
    tasks = assert_same_read(path, 1500)
    assert len(tasks) > 10 and {t.fmt for t in tasks} == {"jsonl"}


def test_syslog_wrapped_lines(tmp_path):
    path = write(tmp_path / "a.log", "".join(SYSLOG + combined(i) + "\n" for i in range(300)))
    tasks = assert_same_read(path, 2000)
    assert len(tasks) > 10 and all(t.syslog and t.fmt == "combined" for t in tasks)
    _, _, report = read_by_tasks(path, 2000)
    assert report.syslog_files == [path] and report.lines_parsed == 300


def test_logformat(tmp_path):
    lines = fixture("certh_webbot_phase1.log").read_bytes()
    path = write(tmp_path / "certh.log", lines * 5)
    tasks = assert_same_read(path, 3000, log_format=CERTH_FORMAT)
    assert len(tasks) > 3 and {t.fmt for t in tasks} == {"logformat"}
    with pytest.raises(ValueError, match="log_format"):
        list(read_task_chunks(tasks[0]))


def test_gzip_is_one_task(tmp_path):
    path = write(tmp_path / "a.log.1", gzip.compress("".join(combined(i) + "\n" for i in range(500)).encode()))
    tasks = assert_same_read(path, 1000)
    assert len(tasks) == 1 and tasks[0].size == os.path.getsize(path) and tasks[0].stop is None
    with pytest.raises(ValueError, match="gzip"):
        list(read_task_chunks(ReadTask(path, 0, 10, None, "combined", False, 1)))


def test_w3c_is_one_task(tmp_path):
    path = write(tmp_path / "u_ex.log", IIS_SAMPLE * 30)  # mid-file #Fields changes
    tasks = assert_same_read(path, 1000)
    assert len(tasks) == 1 and tasks[0].fmt == "w3c" and os.path.getsize(path) > 1000


def test_blank_and_empty_files(tmp_path):
    blank = write(tmp_path / "blank.log", "\n  \n\r\n" * 2000)
    empty = write(tmp_path / "empty.log", b"")
    good = write(tmp_path / "good.log", "".join(combined(i) + "\n" for i in range(100)))
    for fmt in (None, "combined"):
        tasks = assert_same_read([blank, empty, good, blank], 1000, fmt=fmt)
        assert fmt is not None or [t.file_idx for t in tasks].count(0) == 1  # with no format, a blank file is one task
        _, _, report = read_by_tasks([blank, empty, good, blank], 1000, fmt=fmt)
        assert report.warnings == [f"{blank}: no log lines", f"{empty}: empty file", f"{blank}: no log lines"]


def test_nothing_parses_is_the_same_error(tmp_path):
    path = write(tmp_path / "junk.log", "GET / HTTP/1.1\n" * 500)
    tasks, _ = plan_reads(path, fmt="combined", target_bytes=500)
    assert len(tasks) > 10
    assert_same_read(path, 500, fmt="combined")  # the same LogReadError message, from finish_reads
    with pytest.raises(LogReadError, match=r"junk.log: no line could be read as combined \(500 lines rejected"):
        read_by_tasks(path, 500, fmt="combined")
    parts = []
    for task in tasks:  # a piece may have no record: no error while reading it
        part = ReadReport()
        assert list(read_task_chunks(task, report=part)) == []
        parts.append(part)
    report = plan_reads(path, fmt="combined", target_bytes=500)[1]
    with pytest.raises(LogReadError, match="mostly: line does not match combined format"):
        finish_reads(report, parts)


def test_files_of_different_formats_in_one_scan(tmp_path):
    a = write(tmp_path / "a.jsonl", "".join(jsonl(i) + "\n" for i in range(200)))
    common = '1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /c/{i} HTTP/1.1" 200 {i} extra 77\n'
    b = write(tmp_path / "b.log", "".join(common.format(i=i) for i in range(200)))  # 'common', with a warning
    c = write(tmp_path / "c.log", "".join(SYSLOG + combined(i) + "\n" for i in range(200)))
    d = write(tmp_path / "d.log", "\n\n")
    tasks = assert_same_read([a, d, b, c], 2000)
    assert {t.file_idx: t.fmt for t in tasks} == {0: "jsonl", 1: None, 2: "common", 3: "combined"}
    assert all(tasks.count(t) == 1 for t in tasks) and len(tasks) > 15
    _, frame, report = read_by_tasks([a, d, b, c], 2000)
    assert list(frame.file_idx) == [0] * 200 + [2] * 200 + [3] * 200
    assert list(frame.path) == [f"/j/{i}" for i in range(200)] + [f"/c/{i}" for i in range(200)] + \
        [f"/s/{i}" for i in range(200)]
    # each file's format notes and checks together, in file order (as read one after another)
    assert report.warnings == [f"{d}: no log lines", f"{b}: lines carry fields after the byte count that the "
                               "'common' format ignores; pass a LogFormat string to read them"]


def test_plan_errors(tmp_path):
    good = write(tmp_path / "good.log", combined(1) + "\n")
    with pytest.raises(LogReadError, match="nope.log: cannot open"):
        plan_reads([good, tmp_path / "nope.log"])
    with pytest.raises(UnknownFormatError, match="junk.log"):
        plan_reads(write(tmp_path / "junk.log", "GET / HTTP/1.1\n" * 5))
    with pytest.raises(ValueError):
        plan_reads(good, fmt="syslog")
    with pytest.raises(ValueError):
        plan_reads(good, target_bytes=0)


def _read_in_worker(task: ReadTask):
    report = ReadReport()
    return concat_records(list(read_task_chunks(task, report=report))), report


def test_tasks_read_in_other_processes(tmp_path):
    data = "".join(combined(i) + ("\n" if i % 17 else "\nbad line\n") for i in range(3000))
    path = write(tmp_path / "a.log", data)
    whole, whole_report = read_logs(path)
    tasks, report = plan_reads(path, target_bytes=40_000)
    assert len(tasks) > 4
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_read_in_worker, tasks))
    report = finish_reads(report, [r for _, r in results])
    assert report.to_dict() == whole_report.to_dict()
    for (frame, _), offsets, task in zip(results, line_offsets([r for _, r in results]), tasks):
        frame["line_no"] += offsets[task.file_idx]
    pd.testing.assert_frame_equal(as_objects(concat_records([f for f, _ in results])), as_objects(whole))


def test_to_dict_keys_unchanged():
    assert list(ReadReport().to_dict()) == ["files", "formats", "lines_read", "lines_parsed", "lines_rejected",
                                            "lines_skipped", "rejected_by_format", "rejected_by_reason",
                                            "rejected_samples", "warnings", "syslog_files"]
