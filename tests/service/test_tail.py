"""``detector tail``: following through rotation and truncation, resuming from checkpoints, failing clearly.

The HTTP failure modes run against a stdlib ``http.server`` stub on
127.0.0.1 (or a port where nothing listens); rejected lines are checked
against a real service (uvicorn on 127.0.0.1).  Retries are bounded by
parameters (no wait between tries), never by time.
"""

from __future__ import annotations

import gzip
import http.server
import json
import logging
import os
import socket
import threading
from pathlib import Path

import pytest

from detector.tail import EngineSink, FileFollower, HttpSink, NotFollowable, TailError, follow
from tests.service.conftest import TOKEN


class MemoryCheckpoints:
    def __init__(self) -> None:
        self.saved: dict[str, dict] = {}

    def get_checkpoint(self, key):
        return self.saved.get(key)

    def save_checkpoint(self, key, **values):
        self.saved[key] = dict(values)


class ListSink:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def send(self, lines, source, *, keep_trying=True):
        self.lines += lines
        return {"accepted": len(lines), "rejected": 0}

    def idle(self):
        pass

    def close(self):
        return {}


def _append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


def _drain(follower: FileFollower) -> list[str]:
    out = []
    for _ in range(20):
        lines, _pos = follower.read(3)
        if not lines:
            lines, _pos = follower.read(3)  # a rotation is noticed at EOF, then read
            if not lines:
                return out
        out += lines
    return out


def test_partial_lines_wait_for_their_newline(tmp_path):
    log = tmp_path / "access.log"
    log.write_text("a1\na2\npart")
    f = FileFollower(log)
    assert _drain(f) == ["a1", "a2"]
    _append(log, "ial\na3\n")
    assert _drain(f) == ["partial", "a3"]


def test_follows_rename_rotation_like_tail_F(tmp_path):
    log = tmp_path / "access.log"
    log.write_text("a1\na2\n")
    f = FileFollower(log)
    assert _drain(f) == ["a1", "a2"]
    _append(log, "a3\n")
    os.rename(log, tmp_path / "access.log.1")  # logrotate `create`
    _append(tmp_path / "access.log.1", "a4\n")  # written by the server before it reopened
    log.write_text("b1\nb2\n")
    assert _drain(f) == ["a3", "a4", "b1", "b2"]
    _append(log, "b3\n")
    assert _drain(f) == ["b3"]


def test_copytruncate_starts_again(tmp_path):
    log = tmp_path / "access.log"
    log.write_text("a1\na2\na3\n")
    f = FileFollower(log)
    assert _drain(f) == ["a1", "a2", "a3"]
    with open(log, "w") as fh:  # truncate in place
        fh.write("b1\n")
    assert _drain(f) == ["b1"]


def test_file_created_later(tmp_path):
    log = tmp_path / "later.log"
    f = FileFollower(log)
    assert f.read() == ([], None)
    log.write_text("x1\n")
    assert _drain(f) == ["x1"]


def test_resumes_from_checkpoint_and_from_a_file_rotated_while_down(tmp_path):
    log = tmp_path / "access.log"
    log.write_text("".join(f"line {i:03d} " + "x" * 40 + "\n" for i in range(10)))
    cps = MemoryCheckpoints()
    sink = ListSink()
    follow([log], sink, cps, once=True, batch_lines=4)
    assert len(sink.lines) == 10
    # restart: nothing new -> nothing sent
    sink2 = ListSink()
    follow([log], sink2, cps, once=True)
    assert sink2.lines == []
    # more lines while down -> only those
    _append(log, "line 010\nline 011\n")
    sink3 = ListSink()
    follow([log], sink3, cps, once=True)
    assert sink3.lines == ["line 010", "line 011"]
    # rotated while down: the rest of the old file first, then the new file
    _append(log, "line 012\n")
    os.rename(log, tmp_path / "access.log.1")
    log.write_text("new 000\n")
    sink4 = ListSink()
    follow([log], sink4, cps, once=True)
    assert sink4.lines == ["line 012", "new 000"]


def test_w3c_batches_get_the_fields_header(tmp_path):
    log = tmp_path / "ex.log"
    log.write_text("#Software: IIS\n#Fields: date time cs-method\n2026-09-14 10:00:00 GET\n")
    f = FileFollower(log)
    assert _drain(f)[-1] == "2026-09-14 10:00:00 GET"
    _append(log, "2026-09-14 10:00:01 GET\n")
    lines, _ = f.read()
    assert lines == ["#Fields: date time cs-method", "2026-09-14 10:00:01 GET"]


def test_in_process_engine_sink(tmp_path, slice_lines):
    from detector.stream import StreamEngine
    from service.config import ServiceSettings
    from service.store import Store

    log = tmp_path / "access.log"
    log.write_text("\n".join(slice_lines[:4000]) + "\n")
    settings = ServiceSettings(api_token="x" * 20, database_url=f"sqlite:///{tmp_path / 'd.db'}", background_scoring=False)
    store = Store(settings.database_url)
    engine = StreamEngine(settings, store=store)
    stats = follow([log], EngineSink(engine), store, once=True, batch_lines=1500)
    assert stats.lines == 4000 and stats.accepted + stats.rejected == 4000
    assert engine.status()["retained_records"] == stats.accepted
    saved = store.get_checkpoint(str(log.absolute()))
    assert saved["offset"] == log.stat().st_size
    # a restarted tail sends nothing again
    stats2 = follow([log], EngineSink(engine), store, once=True)
    assert stats2.lines == 0


# --------------------------------------------------------------------------- failing clearly
class StubService:
    """A stdlib HTTP server on 127.0.0.1 answering each POST from a script of ``(status, body)`` (the last repeats)."""

    def __init__(self, answers: list[tuple[int, bytes]]) -> None:
        self.answers = list(answers)
        self.paths: list[str] = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                stub.paths.append(self.path)
                status, body = stub.answers.pop(0) if len(stub.answers) > 1 else stub.answers[0]
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub():
    started: list[StubService] = []

    def start(*answers: tuple[int, bytes]) -> StubService:
        started.append(StubService(list(answers)))
        return started[-1]

    yield start
    for server in started:
        server.close()


@pytest.fixture
def refused_url():
    """A URL on 127.0.0.1 whose port is bound but not listening: every connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


OK_ANSWER = (200, json.dumps({"accepted": 2, "rejected": 0, "duplicates": 0, "format": "combined", "rejected_samples": []}).encode())


def _two_lines(tmp_path: Path) -> Path:
    log = tmp_path / "access.log"
    log.write_text("a1\na2\n")
    return log


def test_once_gives_up_on_a_refused_connection_naming_url_and_cause(tmp_path, refused_url):
    log = _two_lines(tmp_path)
    cps = MemoryCheckpoints()
    sink = HttpSink(refused_url, TOKEN, first_wait=0.0, retries=2)
    with pytest.raises(TailError) as caught:
        follow([log], sink, cps, once=True)
    message = str(caught.value)
    assert message.startswith(f"cannot post to {refused_url}/v1/ingest: connection refused")
    assert "gave up after 3 tries" in message and "\n" not in message
    assert cps.saved == {}  # nothing acknowledged, nothing checkpointed: the next run sends the lines again


def test_once_gives_up_on_http_500_quoting_the_answer(tmp_path, stub):
    server = stub((500, b'{"detail": "database is locked"}'))
    sink = HttpSink(server.url, TOKEN, first_wait=0.0, retries=3)
    with pytest.raises(TailError, match=r"/v1/ingest: HTTP 500: database is locked; gave up after 4 tries"):
        follow([_two_lines(tmp_path)], sink, MemoryCheckpoints(), once=True)
    assert len(server.paths) == 4


def test_a_proxy_error_page_is_quoted_as_text(tmp_path, stub):
    server = stub((502, b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"))
    sink = HttpSink(server.url, TOKEN, first_wait=0.0, retries=0)
    with pytest.raises(TailError, match=r"HTTP 502: 502 Bad Gateway 502 Bad Gateway; gave up after 1 tries"):
        sink.send(["a1"], "access.log", keep_trying=False)


def test_following_keeps_retrying_until_the_service_recovers_and_logs_the_cause_sparingly(tmp_path, stub, caplog):
    server = stub(*[(503, b'{"detail": "the batch could not be stored"}')] * 40, OK_ANSWER)
    sink = HttpSink(server.url, TOKEN, first_wait=0.0, retries=0)  # retries bound one-shot sends only
    caplog.set_level(logging.WARNING, logger="detector.tail")
    answer = sink.send(["a1", "a2"], "access.log", keep_trying=True)
    assert answer["accepted"] == 2 and len(server.paths) == 41
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings and all("HTTP 503: the batch could not be stored" in w for w in warnings)
    assert len(warnings) == 8  # tries 1, 2, 4, 8, 16, 20, 32, 40: not one line per try


def test_a_client_error_is_not_retried(tmp_path, stub):
    server = stub((404, b'{"detail": "Not Found"}'))
    sink = HttpSink(server.url, TOKEN, first_wait=0.0, retries=5)
    with pytest.raises(TailError, match=r"/v1/ingest refused the batch: HTTP 404: Not Found \(is that the detector service\?\)"):
        follow([_two_lines(tmp_path)], sink, MemoryCheckpoints())  # even while following: sending again cannot help
    assert len(server.paths) == 1


def test_a_failing_flush_is_a_tail_error(stub):
    server = stub((500, b"boom"))
    with pytest.raises(TailError, match=r"/v1/flush: HTTP 500: boom; gave up after 2 tries"):
        HttpSink(server.url, TOKEN, first_wait=0.0, retries=1).flush()


@pytest.mark.parametrize("url", ["not a url", "ftp://127.0.0.1/", "http://127.0.0.1:port"])
def test_an_invalid_url_is_a_tail_error(tmp_path, url):
    with pytest.raises(TailError, match="invalid service URL"):
        follow([_two_lines(tmp_path)], HttpSink(url, TOKEN, first_wait=0.0), MemoryCheckpoints(), once=True)


def test_missing_files_are_warned_about_and_once_with_none_is_an_error(tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="detector.tail")
    present, absent = _two_lines(tmp_path), tmp_path / "absent.log"
    stats = follow([absent, present], ListSink(), MemoryCheckpoints(), once=True)
    assert stats.lines == 2 and stats.missing == [str(absent)]
    assert f"{absent} does not exist: nothing read from it" in caplog.text
    with pytest.raises(TailError, match=f"{absent} does not exist: nothing to read"):
        follow([absent], ListSink(), MemoryCheckpoints(), once=True)
    with pytest.raises(TailError, match="none of the 2 files exists"):
        follow([absent, tmp_path / "other.log"], ListSink(), MemoryCheckpoints(), once=True)


def test_a_gzip_file_or_a_directory_is_refused_before_anything_is_sent(tmp_path):
    rotated = tmp_path / "access.log.1.gz"
    rotated.write_bytes(gzip.compress(b"a1\na2\n"))
    sink = ListSink()
    with pytest.raises(NotFollowable, match="gzip-compressed.*`detector scan`"):
        follow([_two_lines(tmp_path), rotated], sink, MemoryCheckpoints(), once=True)
    with pytest.raises(NotFollowable, match="is a directory"):
        follow([tmp_path], sink, MemoryCheckpoints(), once=True)
    assert sink.lines == []


# --------------------------------------------------------------------------- rejected lines, from a real service
@pytest.fixture
def live_service(service_settings):
    """The service under uvicorn on 127.0.0.1 (in a thread); yields its URL."""
    import uvicorn

    from service.app import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(service_settings()), log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive(), "the service did not start"
        thread.join(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join()
    sock.close()


def test_rejected_lines_are_reported_as_file_line_and_reason(tmp_path, slice_lines, live_service, caplog):
    log = tmp_path / "access.log"
    lines = list(slice_lines[:30])
    lines[6] = "garbage that is no log line"  # line 7
    lines[22] = "more garbage"  # line 23, in the third batch
    log.write_text("\n".join(lines[:25]) + "\n")
    caplog.set_level(logging.WARNING, logger="detector.tail")
    cps = MemoryCheckpoints()
    sink = HttpSink(live_service, TOKEN, first_wait=0.0, retries=1)
    stats = follow([log], sink, cps, once=True, batch_lines=10)
    assert (stats.lines, stats.rejected) == (25, 2)
    assert [(s["file"], s["line_no"]) for s in stats.rejected_samples] == [(str(log), 7), (str(log), 23)]
    assert all(s["reason"] for s in stats.rejected_samples)
    assert f"rejected {log}:7: " in caplog.text and f"rejected {log}:23: " in caplog.text
    assert "garbage" not in caplog.text  # the reason, never the line
    # resumed from the checkpoint: numbers are still those of the file
    with open(log, "a") as fh:
        fh.write("\n".join([*lines[25:28], "garbage again"]) + "\n")  # line 29
    stats = follow([log], sink, cps, once=True)
    assert [(s["file"], s["line_no"]) for s in stats.rejected_samples] == [(str(log), 29)]


def test_a_batch_with_no_parsable_line_is_reported_with_its_lines_and_why(tmp_path, live_service):
    log = tmp_path / "junk.log"
    log.write_text("".join(f"not a log line {i}\n" for i in range(12)))
    stats = follow([log], HttpSink(live_service, TOKEN, first_wait=0.0, retries=1), MemoryCheckpoints(), once=True)
    assert (stats.accepted, stats.rejected) == (0, 12)
    [sample] = stats.rejected_samples
    assert (sample["file"], sample["line_no"]) == (str(log), 1)
    assert sample["reason"].startswith("no line of lines 1-12 parsed: cannot tell the log format")
