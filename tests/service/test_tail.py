"""``detector tail``: following through rotation and truncation, resuming from checkpoints."""

from __future__ import annotations

import os
from pathlib import Path

from detector.tail import EngineSink, FileFollower, follow


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

    def send(self, lines, source):
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
