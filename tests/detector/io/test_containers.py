"""Access logs wrapped by container runtimes and the journal.

Docker json-file, CRI (containerd, CRI-O), kubectl --timestamps, journalctl -o json.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import detector.io.files as files
import detector.io.read_plan as read_plan
from detector.cli import app
from detector.io import LogReadError, read_logs
from detector.io.containers import MALFORMED, Unwrapper, detect_wrapper, split_record, unwrap_lines
from detector.io.formats import container_wrapper, detect_format
from detector.io.reader import parse_lines

from ._cloudlogs import elb, traffic
from .test_tasks import as_objects, assert_same_read, combined, jsonl, read_by_tasks, write

TS = "2026-09-14T15:00:01.123456789Z"
ERROR_LINE = "2026/09/14 15:00:01 [error] 29#29: *1 open() failed (2: No such file or directory)"


def docker(text: str, stream: str = "stdout", end: str = "\n") -> str:
    return json.dumps({"log": text + end, "stream": stream, "time": TS}, separators=(",", ":"))


def cri(text: str, stream: str = "stdout", tag: str = "F") -> str:
    return f"{TS} {stream} {tag} {text}"


def cri_pieces(text: str, cuts: list[int]) -> list[str]:
    """One line as CRI records: ``P`` pieces cut at ``cuts``, then the ``F`` piece."""
    bounds = [0, *sorted(set(c for c in cuts if 0 < c < len(text))), len(text)]
    pieces = [text[a:b] for a, b in zip(bounds, bounds[1:])]
    return [cri(p, tag="P") for p in pieces[:-1]] + [cri(pieces[-1])]


def plain_records(tmp_path: Path, lines: list[str]) -> pd.DataFrame:
    frame, _ = read_logs(write(tmp_path / "plain.log", "\n".join(lines) + "\n"))
    return as_objects(frame.drop(columns=["line_no"]))


def test_docker_json_file_with_combined_lines(tmp_path):
    inner = [combined(i) for i in range(30)]
    path = write(tmp_path / "abc-json.log", "\n".join(docker(line) for line in inner) + "\n")
    frame, report = read_logs(path)
    assert report.formats == {path: "combined"} and report.syslog_files == []
    assert report.lines_read == report.lines_parsed == 30 and report.lines_rejected == 0
    assert frame.line_no.tolist() == list(range(1, 31))
    pd.testing.assert_frame_equal(as_objects(frame.drop(columns=["line_no"])), plain_records(tmp_path, inner))


def test_docker_json_file_with_json_lines_app_log(tmp_path):
    inner = [jsonl(i) for i in range(25)]
    path = write(tmp_path / "app-json.log", "\n".join(docker(line) for line in inner) + "\n")
    frame, report = read_logs(path)
    assert report.formats == {path: "jsonl"} and report.lines_parsed == 25 and report.lines_rejected == 0
    pd.testing.assert_frame_equal(as_objects(frame.drop(columns=["line_no"])), plain_records(tmp_path, inner))


def test_docker_partial_records_are_joined(tmp_path):
    long = combined(7, "Agent " + "x" * 40_000)  # Docker splits lines over 16 KiB
    lines = [docker(combined(1)), docker(long[:16384], end=""), docker(ERROR_LINE, "stderr"),
             docker(long[16384:32768], end=""), docker(long[32768:]), docker(combined(2))]
    path = write(tmp_path / "a.log", "\n".join(lines) + "\n")
    frame, report = read_logs(path)
    assert frame.line_no.tolist() == [1, 2, 6]  # the joined line numbered at its first piece
    assert frame.user_agent.iloc[1] == "Agent " + "x" * 40_000
    assert report.lines_read == 6 and report.lines_skipped == 3 and report.lines_rejected == 0


def test_cri_full_and_partial_lines(tmp_path):
    inner = [combined(i) for i in range(40)]
    lines: list[str] = []
    for i, text in enumerate(inner):
        lines.extend(cri_pieces(text, [10, 35, 70]) if i % 4 == 1 else [cri(text)])
    path = write(tmp_path / "0.log", "\n".join(lines) + "\n")
    frame, report = read_logs(path)
    assert report.formats == {path: "combined"} and report.lines_read == len(lines)
    assert report.lines_parsed == 40 and report.lines_rejected == 0 and report.lines_skipped == len(lines) - 40
    pd.testing.assert_frame_equal(as_objects(frame.drop(columns=["line_no"])), plain_records(tmp_path, inner))
    assert frame.line_no.tolist()[:3] == [1, 2, 6]  # line 2 is the first of four pieces


def test_kubectl_timestamps(tmp_path):
    inner = [combined(i) for i in range(20)] + [jsonl(0)]  # one line of another format: rejected by the parser
    path = write(tmp_path / "kubectl.log", "".join(f"{TS} {line}\n" for line in inner))
    frame, report = read_logs(path)
    assert report.formats == {path: "combined"} and report.lines_parsed == 20
    assert [(r.line_no, r.reason) for r in report.rejected_samples][0][0] == 21
    pd.testing.assert_frame_equal(as_objects(frame.drop(columns=["line_no"])), plain_records(tmp_path, inner[:-1]))


def test_classic_elb_lines_keep_their_leading_time():
    lines = [elb(r) for r in traffic(2, 10)]
    assert detect_wrapper(lines) == "kubectl"  # a time then a space, as far as the pattern goes...
    assert container_wrapper(lines) is None and detect_format(lines) == "alb"  # ...but the lines read as they are


@pytest.mark.parametrize("wrap", [lambda t, s: docker(t, s), lambda t, s: cri(t, s)], ids=["docker", "cri"])
def test_stderr_records_are_skipped_not_rejected(tmp_path, wrap):
    lines = [wrap(combined(i), "stdout") if i % 3 else wrap(ERROR_LINE, "stderr") for i in range(30)]
    path = write(tmp_path / "a.log", "\n".join(lines) + "\n")
    frame, report = read_logs(path)
    assert report.lines_read == 30 and report.lines_parsed == 20 and report.lines_skipped == 10
    assert report.lines_rejected == 0 and report.warnings == []
    assert frame.line_no.tolist() == [i for i in range(1, 31) if (i - 1) % 3]


@pytest.mark.parametrize("kind, bad", [("docker", '{"log":"203.0.113.5 - jdoe [14/Sep'),
                                       ("docker", '{"log": 5, "stream": "stdout"}'),
                                       ("cri", f"{TS} stdout X {combined(0)}"),
                                       ("cri", combined(0))])
def test_malformed_wrapper_line_is_rejected_with_its_line_number(tmp_path, kind, bad):
    wrap = docker if kind == "docker" else cri
    lines = [wrap(combined(i)) for i in range(10)]
    lines.insert(6, bad)
    path = write(tmp_path / "a.log", "\n".join(lines) + "\n")
    frame, report = read_logs(path)
    assert report.lines_parsed == 10 and report.lines_rejected == 1
    assert [(r.line_no, r.reason) for r in report.rejected_samples] == [(7, MALFORMED[kind])]
    assert 7 not in frame.line_no.tolist()


def test_file_of_malformed_records_fails_with_one_line(tmp_path):
    path = write(tmp_path / "a.log", "\n".join([docker(combined(i)) for i in range(8)] + ['{"log": 1}'] * 5) + "\n")
    frame, report = read_logs(path)  # a majority of good records: the bad ones are rejected
    assert report.lines_parsed == 8 and report.rejected_by_reason == {MALFORMED["docker"]: 5}
    path = write(tmp_path / "b.log", '{"log":"203.0.113.5 - jdoe [14/Sep\n' * 10)  # all cut short: no wrapper
    with pytest.raises(LogReadError, match="b.log: cannot recognise the log format"):
        read_logs(path)
    result = CliRunner().invoke(app, ["scan", path, "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_unwrapper_joins_pieces_across_blocks():
    unwrapper = Unwrapper("cri")
    out, rejects = unwrapper.feed([cri("a"), cri("b", tag="P"), cri("oops", "stderr")])
    assert out == ["a"] and rejects == []  # the open line and what follows it are held back
    out, rejects = unwrapper.feed(["junk", cri("c", tag="P"), cri("d"), cri("e")])
    assert out == ["bcd", "", "", "", "", "e"] and rejects == [(2, MALFORMED["cri"])]
    assert unwrapper.feed([cri("f", tag="P")]) == ([], []) and unwrapper.finish() == (["f"], [])
    assert unwrap_lines([cri("g", tag="P"), cri("h", tag="P")], "cri") == (["gh", ""], [])
    assert split_record(docker("x", end="\r\n"), "docker") == ("x", True, True)


def test_parse_lines_in_memory_unwraps():
    lines = [docker(combined(i)) for i in range(5)] + ["not json"]
    frame, rejected, seen = parse_lines(lines, None, file_label="<batch>")
    assert len(frame) == 5 and seen == 6 and [(r.line_no, r.reason) for r in rejected] == [(6, MALFORMED["docker"])]
    frame, _, _ = parse_lines([cri(combined(1))], "combined")  # a forced format reads inside the wrapper too
    assert len(frame) == 1


def test_plain_logs_have_no_wrapper():
    assert detect_wrapper([combined(i) for i in range(10)]) is None
    assert detect_wrapper([jsonl(i) for i in range(10)]) is None
    assert detect_wrapper(["", "  "]) is None


@pytest.mark.parametrize("kind", ["docker", "cri", "kubectl", "journald"])
def test_read_in_tasks_gives_the_whole_read(tmp_path, kind):
    lines: list[str] = []
    for i in range(300):
        text = combined(i, "UA " + "y" * (i % 7 * 40))
        if kind == "kubectl":
            lines.append(f"{TS} {text}")
        elif kind == "journald":
            lines.append(journal(text, i))
        elif i % 5 == 2:  # a line in pieces, with a stderr record between them
            pieces = cri_pieces(text, [20, 60, 100])
            if kind == "docker":
                pieces = [docker(text[:20], end=""), docker(text[20:60], end=""), docker(text[60:])]
            err = cri(ERROR_LINE, "stderr") if kind == "cri" else docker(ERROR_LINE, "stderr")
            lines.extend([pieces[0], err, *pieces[1:]])
        else:
            lines.append(cri(text) if kind == "cri" else docker(text))
        if i == 150:
            lines.append("garbage" if kind != "kubectl" else "")
    path = write(tmp_path / "a.log", "\n".join(lines) + "\n")
    with ExitStack() as stack:
        stack.enter_context(mock.patch.object(files, "BLOCK_BYTES", 3000))
        stack.enter_context(mock.patch.object(read_plan, "_SCAN_BYTES", 500))
        tasks = assert_same_read(path, 1500, chunk_lines=37)
    assert len(tasks) > 20 and {t.wrapper for t in tasks} == {kind}
    _, frame, report = read_by_tasks(path, 1500)
    assert report.lines_parsed == 300 and len(frame) == 300


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 999), st.lists(st.integers(1, 150), max_size=4), st.booleans()),
                min_size=1, max_size=60),
       st.integers(200, 4000))
def test_cri_pieces_anywhere_read_like_plain_lines(tmp_path, spec, target):
    inner, lines = [], []
    for i, cuts, err in spec:
        inner.append(combined(i))
        pieces = cri_pieces(inner[-1], cuts)
        if err and len(pieces) > 1:
            pieces.insert(1, cri(ERROR_LINE, "stderr", "P"))
        lines.extend(pieces)
    path = write(tmp_path / "h.log", "\n".join(lines) + "\n")
    with mock.patch.object(files, "BLOCK_BYTES", 700):
        assert_same_read(path, target, chunk_lines=13)
    frame, report = read_logs(path)
    assert report.lines_read == len(lines) and report.lines_rejected == 0
    pd.testing.assert_frame_equal(as_objects(frame.drop(columns=["line_no"])), plain_records(tmp_path, inner))


def test_scan_of_a_wrapped_file(tmp_path):
    lines = [docker(combined(i)) for i in range(60)] + [docker(ERROR_LINE, "stderr"), '{"log":"truncated']
    path = tmp_path / "nginx-json.log"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "scan"
    result = CliRunner().invoke(app, ["scan", str(path), "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["formats"] == {str(path): "combined"}
    assert summary["lines_parsed"] == 60 and summary["lines_skipped"] == 1 and summary["lines_rejected"] == 1
    assert summary["rejected_samples"] == [{"file": str(path), "line_no": 62, "reason": MALFORMED["docker"]}]


def journal(text: str | list[int] | None, n: int = 0, **extra) -> str:
    """One entry of ``journalctl -u nginx -o json`` whose MESSAGE is ``text``."""
    entry = {"__CURSOR": f"s=6f1c;i={n:x};b=4a2e", "__REALTIME_TIMESTAMP": str(1789398001123456 + n * 1000),
             "__MONOTONIC_TIMESTAMP": str(5123456 + n), "_BOOT_ID": "4a2e", "PRIORITY": "6",
             "SYSLOG_IDENTIFIER": "nginx", "_PID": "812", "_HOSTNAME": "web1", **extra}
    if text is not None:
        entry["MESSAGE"] = text
    return json.dumps(entry, separators=(",", ":"))


def test_journalctl_json_export_reads_the_message_of_each_entry(tmp_path):
    inner = [combined(i) for i in range(30)]
    lines = [journal(text, i) for i, text in enumerate(inner)]
    lines.insert(10, journal("nginx: [warn] conflicting server name", 99, PRIORITY="4"))  # not an access line
    lines.insert(20, '{"__CURSOR":"s=6f1c;i=ff","MESS')  # cut short
    lines.insert(25, journal(list(combined(40).encode()), 40))  # journald writes a non-UTF-8 message as bytes
    lines.insert(28, journal(None, 41))  # an entry without a message
    assert detect_wrapper(lines) == "journald" and detect_format(lines) == "combined"
    path = write(tmp_path / "nginx.json", "\n".join(lines) + "\n")
    frame, report = read_logs(path)
    assert report.formats == {path: "combined"}
    assert report.lines_read == 34 and report.lines_parsed == 31 and report.lines_skipped == 1
    reasons = {r.line_no: r.reason for r in report.rejected_samples}
    assert set(reasons) == {11, 21} and reasons[21] == MALFORMED["journald"]
    assert frame.line_no.tolist() == [i for i in range(1, 35) if i not in (11, 21, 29)]
    pd.testing.assert_frame_equal(as_objects(frame.drop(columns=["line_no"])),
                                  plain_records(tmp_path, inner[:23] + [combined(40)] + inner[23:]))


def test_docker_records_are_not_journal_entries():
    assert split_record(docker(combined(0)), "journald") is None
    assert split_record(journal(combined(0)), "docker") is None
    assert split_record(journal(combined(0)), "journald") == (combined(0), True, True)
