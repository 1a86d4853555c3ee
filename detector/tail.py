"""``detector tail``: follow live log files like ``tail -F`` and feed the engine.

:func:`follow` reads every followed file with a :class:`FileFollower`
(through rotation and truncation, complete lines only; see
:mod:`detector.file_follower`) and sends each batch to a sink.  After each
batch is acknowledged (by the in-process engine, or by the service over
HTTP) the follower's position — device, inode, offset and a fingerprint of
the file's first bytes — is saved as a checkpoint, so a restarted ``tail``
resumes where it stopped.  A batch re-sent after a crash between
acknowledgement and checkpoint is harmless: the engine drops lines it
already holds.

Sinks: :class:`EngineSink` (in-process :class:`detector.stream.StreamEngine`)
and :class:`HttpSink` (``POST /v1/ingest`` with the bearer token, retried
with back-off while the service is unreachable).

The follower is :mod:`detector.file_follower` and the sinks
:mod:`detector.tail_sinks`; their names are re-exported here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol, Sequence

from detector.file_follower import FINGERPRINT_BYTES, READ_BYTES, FileFollower, Position
from detector.tail_sinks import EngineSink, HttpSink, Sink, TailError

__all__ = [
    "FINGERPRINT_BYTES", "READ_BYTES", "CheckpointStore", "EngineSink", "FileFollower", "HttpSink", "Position",
    "Sink", "TailError", "TailStats", "follow",
]


class CheckpointStore(Protocol):  # pragma: no cover - typing only
    def get_checkpoint(self, key: str) -> dict | None: ...
    def save_checkpoint(self, key: str, *, dev: int, inode: int, offset: int, fingerprint: str, fmt: str | None) -> None: ...


@dataclass
class TailStats:
    """What :func:`follow` sent: batches, lines, and the lines accepted and rejected."""

    batches: int = 0
    lines: int = 0
    accepted: int = 0
    rejected: int = 0


def follow(
    paths: Sequence[str | Path],
    sink: Sink,
    checkpoints: CheckpointStore | None,
    *,
    once: bool = False,
    poll_interval: float = 0.5,
    batch_lines: int = 5000,
    from_end: bool = False,
    should_stop: Callable[[], bool] = lambda: False,
) -> TailStats:
    """Follow ``paths``, send complete lines to ``sink`` and checkpoint after each acknowledged batch.

    Parameters
    ----------
    once : bool
        Read what is there now, then return (no following).
    should_stop : callable
        Polled between batches; True ends the loop.
    """
    followers = []
    for p in paths:
        key = str(Path(p).absolute())
        cp = checkpoints.get_checkpoint(key) if checkpoints is not None else None
        f = FileFollower(p, cp, from_end=from_end)
        f.key = key
        followers.append(f)
    stats = TailStats()
    try:
        while not should_stop():
            progressed = False
            for f in followers:
                lines, pos = f.read(batch_lines)
                if not lines or pos is None:
                    continue
                progressed = True
                result = sink.send(lines, f.key)
                stats.batches += 1
                stats.lines += len(lines)
                stats.accepted += int(result.get("accepted", 0))
                stats.rejected += int(result.get("rejected", 0))
                if checkpoints is not None:
                    checkpoints.save_checkpoint(
                        f.key, dev=pos.dev, inode=pos.inode, offset=pos.offset, fingerprint=pos.fingerprint, fmt=None
                    )
            if not progressed:
                if once:
                    break
                sink.idle()
                time.sleep(poll_interval)
    finally:
        for f in followers:
            f.close()
    return stats
