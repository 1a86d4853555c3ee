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
and :class:`HttpSink` (``POST /v1/ingest`` with the bearer token).  While
following, a batch the service cannot take yet is retried with back-off for
as long as it takes (nothing is skipped); a one-shot run (``once=True``)
gives up after the sink's bounded retries with a :class:`TailError` naming the
URL and the cause.

Only plain-text log files are followed: a directory, a compressed file
(gzip, bzip2, xz, zstd: rotated logs, read whole by ``detector scan``) or an
unreadable one raises :class:`NotFollowable` (a :class:`TailError`).  A file
that does not exist is warned about and followed once it is created; in a
one-shot run it is skipped, and when no file exists at all :func:`follow`
raises :class:`TailError`.

Lines the engine rejects are counted, and the first of them are logged as
``file:line_no: reason`` (never the line itself) and kept in
:attr:`TailStats.rejected_samples`.

The follower is :mod:`detector.file_follower` and the sinks
:mod:`detector.tail_sinks`; their names are re-exported here.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Protocol, Sequence

from detector.file_follower import FINGERPRINT_BYTES, READ_BYTES, FileFollower, NotFollowable, Position
from detector.tail_sinks import EngineSink, HttpSink, Sink, TailError

__all__ = [
    "FINGERPRINT_BYTES", "READ_BYTES", "CheckpointStore", "EngineSink", "FileFollower", "HttpSink", "NotFollowable",
    "Position", "Sink", "TailError", "TailStats", "follow",
]

log = logging.getLogger("detector.tail")

#: Rejected lines kept in :attr:`TailStats.rejected_samples`.
MAX_REJECTED_SAMPLES = 20


class CheckpointStore(Protocol):  # pragma: no cover - typing only
    def get_checkpoint(self, key: str) -> dict | None: ...
    def save_checkpoint(self, key: str, *, dev: int, inode: int, offset: int, fingerprint: str, fmt: str | None) -> None: ...


@dataclass
class TailStats:
    """What :func:`follow` sent: batches, lines, and the lines accepted and rejected.

    Attributes
    ----------
    missing : list of str
        Paths that did not exist when following started.
    rejected_samples : list of dict
        The first rejected lines (at most ``MAX_REJECTED_SAMPLES``): ``file``,
        ``line_no`` (from 1; None when it cannot be told) and ``reason``.
    """

    batches: int = 0
    lines: int = 0
    accepted: int = 0
    rejected: int = 0
    missing: list[str] = field(default_factory=list)
    rejected_samples: list[dict] = field(default_factory=list)


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
    report_rejected: int = 5,
) -> TailStats:
    """Follow ``paths``, send complete lines to ``sink`` and checkpoint after each acknowledged batch.

    Parameters
    ----------
    paths : sequence of path
        Log files (plain text; they may not exist yet).
    sink : Sink
        Where batches go (:class:`EngineSink`, :class:`HttpSink`).
    checkpoints : CheckpointStore, optional
        Where positions are kept (None: start afresh, save nothing).
    once : bool
        Read what is there now, then return (no following).  Batches are sent
        with ``keep_trying=False``: an unreachable service ends the run.
    poll_interval : float
        Seconds between polls when there is nothing new.
    batch_lines : int
        Lines per batch at most.
    from_end : bool
        Without a checkpoint, start at the end of each existing file.
    should_stop : callable
        Polled between batches; True ends the loop.
    report_rejected : int
        Rejected lines logged as ``file:line_no: reason`` (the first ones).

    Returns
    -------
    TailStats

    Raises
    ------
    NotFollowable
        A path is a directory, a compressed or an unreadable file.
    TailError
        ``once`` and none of ``paths`` exists, or the sink gave up (see
        :class:`HttpSink`).
    """
    stats = TailStats(missing=_missing(paths, once))
    followers = _followers(paths, checkpoints, from_end)
    try:
        while not should_stop():
            progressed = False
            for f in followers:
                lines, pos = f.read(batch_lines)
                if not lines or pos is None:
                    continue
                progressed = True
                result = sink.send(lines, f.key, keep_trying=not once)
                stats.batches += 1
                stats.lines += len(lines)
                _count(stats, f, result, report_rejected)
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


def _missing(paths: Sequence[str | Path], once: bool) -> list[str]:
    """The paths that do not exist, each warned about; :class:`TailError` when ``once`` and none exists."""
    missing = [str(p) for p in paths if not Path(p).exists()]
    if once and missing and len(missing) == len(paths):
        if len(missing) == 1:
            raise TailError(f"{missing[0]} does not exist: nothing to read")
        raise TailError(f"none of the {len(missing)} files exists ({', '.join(missing)}): nothing to read")
    for name in missing:
        if once:
            log.warning("%s does not exist: nothing read from it", name)
        else:
            log.warning("%s does not exist yet: it is followed from when it is created", name)
    return missing


def _followers(paths: Sequence[str | Path], checkpoints: CheckpointStore | None, from_end: bool) -> list[FileFollower]:
    """One follower per path, resumed from its checkpoint (all closed again when one path cannot be followed)."""
    followers: list[FileFollower] = []
    try:
        for p in paths:
            key = str(Path(p).absolute())
            cp = checkpoints.get_checkpoint(key) if checkpoints is not None else None
            f = FileFollower(p, cp, from_end=from_end)
            f.key = key
            followers.append(f)
    except BaseException:
        for f in followers:
            f.close()
        raise
    return followers


def _count(stats: TailStats, follower: FileFollower, result: dict, report_rejected: int) -> None:
    """Add a batch's answer to ``stats``; keep (and log the first) rejected lines as ``file:line_no: reason``."""
    stats.accepted += int(result.get("accepted", 0))
    rejected = int(result.get("rejected", 0))
    stats.rejected += rejected
    if not rejected:
        return
    samples = _samples(follower, result)
    for sample in samples:
        if len(stats.rejected_samples) >= MAX_REJECTED_SAMPLES:
            break
        stats.rejected_samples.append(sample)
        shown = len(stats.rejected_samples)
        if shown <= report_rejected:
            log.warning("rejected %s: %s", _where(sample), sample["reason"])
        elif shown == report_rejected + 1:
            log.warning("more lines rejected: counted, not listed (the first %d are above)", report_rejected)


def _samples(follower: FileFollower, result: dict) -> list[dict]:
    """The answer's rejected samples located in the file; a whole-batch refusal without samples as one entry."""
    samples = []
    for sample in result.get("rejected_samples") or []:
        try:
            name, line_no = follower.locate(int(sample.get("line_no", 0)))
        except (TypeError, ValueError):
            name, line_no = follower.last_batch_span()[0], None
        samples.append({"file": name, "line_no": line_no, "reason": str(sample.get("reason", ""))})
    if not samples and result.get("detail"):
        name, first, last = follower.last_batch_span()
        span = f"lines {first}-{last}" if first is not None else "the batch"
        samples.append({"file": name, "line_no": first, "reason": f"no line of {span} parsed: {result['detail']}"})
    return samples


def _where(sample: dict) -> str:
    return f"{sample['file']}:{sample['line_no']}" if sample["line_no"] is not None else f"{sample['file']} (line unknown)"
