"""``detector tail``: follow live log files like ``tail -F`` and feed the engine.

:class:`FileFollower` follows one path through rotation: when the name is
moved away and re-created (``logrotate`` ``create``) it finishes the old file
and continues with the new one from its start; when the file shrinks
(``copytruncate``) it starts again from offset 0.  Only complete lines are
delivered.  After each batch is acknowledged (by the in-process engine, or
by the service over HTTP) the position — device, inode, offset and a
fingerprint of the file's first bytes — is saved as a checkpoint, so a
restarted ``tail`` resumes where it stopped; when the file was rotated while
``tail`` was down, the rest of the old file is read first if it is still in
the same directory (uncompressed) under another name.  A batch re-sent after
a crash between acknowledgement and checkpoint is harmless: the engine drops
lines it already holds.

Sinks: :class:`EngineSink` (in-process :class:`detector.stream.StreamEngine`)
and :class:`HttpSink` (``POST /v1/ingest`` with the bearer token, retried
with back-off while the service is unreachable).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol, Sequence

log = logging.getLogger("detector.tail")

FINGERPRINT_BYTES = 256
READ_BYTES = 4 << 20


class CheckpointStore(Protocol):  # pragma: no cover - typing only
    def get_checkpoint(self, key: str) -> dict | None: ...
    def save_checkpoint(self, key: str, *, dev: int, inode: int, offset: int, fingerprint: str, fmt: str | None) -> None: ...


@dataclass(frozen=True)
class Position:
    """Where a follower stands after a batch."""

    dev: int
    inode: int
    offset: int
    fingerprint: str


def _fingerprint(fh) -> str:
    """Hash of the file's first bytes ('' while the file is shorter than that)."""
    here = fh.tell()
    try:
        fh.seek(0)
        head = fh.read(FINGERPRINT_BYTES)
    finally:
        fh.seek(here)
    if len(head) < FINGERPRINT_BYTES:
        return ""
    return hashlib.blake2b(head, digest_size=16).hexdigest()


class FileFollower:
    """Follow one path through rotation and truncation.

    Parameters
    ----------
    path : path
        The log file name to follow (it may not exist yet).
    checkpoint : dict, optional
        A saved checkpoint (``dev``, ``inode``, ``offset``, ``fingerprint``).
    from_end : bool
        Without a checkpoint, start at the end of the existing file
        (default: from its beginning).
    """

    def __init__(self, path: str | Path, checkpoint: dict | None = None, *, from_end: bool = False) -> None:
        self.path = Path(path)
        self.key = str(self.path.resolve()) if self.path.exists() else str(self.path.absolute())
        self._fh = None
        self._dev = self._inode = 0
        self._offset = 0
        self._fp = ""
        self._pending_old: tuple | None = None  # (fh, dev, inode, offset) of a rotated file to finish first
        self._from_end = from_end
        self.w3c_fields: str | None = None
        self._resume(checkpoint)

    # -------------------------------------------------------------- opening
    def _resume(self, cp: dict | None) -> None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            st = None
        if cp is None:
            if st is not None:
                self._open(0)
                if self._from_end:
                    self._fh.seek(0, os.SEEK_END)
                    self._offset = self._fh.tell()
            return
        saved = (int(cp["dev"]), int(cp["inode"]))
        if st is not None and (st.st_dev, st.st_ino) == saved and st.st_size >= int(cp["offset"]):
            self._open(0)
            if not cp["fingerprint"] or _fingerprint(self._fh) in (cp["fingerprint"], ""):
                self._fh.seek(int(cp["offset"]))
                self._offset = int(cp["offset"])
                return
            self._fh.seek(0)  # same inode reused by another file: start over
            return
        old = self._find_rotated(saved)
        if old is not None:
            fh = open(old, "rb")
            fh.seek(int(cp["offset"]))
            self._pending_old = (fh, *saved, int(cp["offset"]))
            log.info("resuming the rotated file first")
        if st is not None:
            self._open(0)

    def _find_rotated(self, ident: tuple[int, int]) -> Path | None:
        folder = self.path.parent if str(self.path.parent) else Path(".")
        try:
            candidates = [p for p in folder.iterdir() if p.name.startswith(self.path.name) and p != self.path]
        except OSError:
            return None
        for p in candidates:
            try:
                st = p.stat()
            except OSError:
                continue
            if (st.st_dev, st.st_ino) == ident and p.suffix != ".gz":
                return p
        return None

    def _open(self, offset: int) -> None:
        fh = open(self.path, "rb")
        st = os.fstat(fh.fileno())
        if self._fh is not None:
            self._fh.close()
        self._fh, self._dev, self._inode = fh, st.st_dev, st.st_ino
        fh.seek(offset)
        self._offset = offset
        self._fp = ""

    def close(self) -> None:
        for fh in (self._fh, self._pending_old[0] if self._pending_old else None):
            if fh is not None:
                fh.close()
        self._fh = None
        self._pending_old = None

    # -------------------------------------------------------------- reading
    def position(self) -> Position:
        if self._fh is not None and not self._fp:
            self._fp = _fingerprint(self._fh)
        return Position(self._dev, self._inode, self._offset, self._fp)

    def read(self, max_lines: int = 5000) -> tuple[list[str], Position | None]:
        """Complete lines available now (at most ``max_lines``) and the position after them.

        Returns ``([], None)`` when nothing new is there.  W3C batches that
        start without a ``#Fields:`` directive get the file's last one
        prefixed (it is not part of the file's bytes or offsets).
        """
        if self._pending_old is not None:
            fh, dev, inode, offset = self._pending_old
            data = fh.read(READ_BYTES)
            if data:
                lines, used = _complete_lines(data, limit=max_lines)
                if not lines:  # the old file ends without a newline: its last line is complete
                    lines, used = [data], len(data)
                fh.seek(offset + used)
                self._pending_old = (fh, dev, inode, offset + used)
                return self._emit(lines), Position(dev, inode, offset + used, "")
            fh.close()
            self._pending_old = None
        if self._fh is None:
            try:
                self._open(0)
            except FileNotFoundError:
                return [], None
        data = self._fh.read(READ_BYTES)
        if data:
            lines, used = _complete_lines(data, limit=max_lines)
            # consume only complete lines; a partial last line is read again next time
            self._offset += used
            self._fh.seek(self._offset)
            if lines:
                return self._emit(lines), self.position()
            return [], None
        # at EOF: rotated or truncated?
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return [], None
        if (st.st_dev, st.st_ino) != (self._dev, self._inode):
            self._fh.seek(self._offset)
            rest = self._fh.read()  # written between our last read and the rotation
            self._open(0)
            log.info("file rotated; following the new one")
            if rest:
                return self._emit([r for r in rest.split(b"\n") if r]), self.position()
            return [], None
        if st.st_size < self._offset:
            log.info("file truncated; reading from its start")
            self._open(0)
        return [], None

    def _emit(self, raw: Sequence[bytes]) -> list[str]:
        previous = self.w3c_fields
        lines = [b.decode("utf-8", "replace").rstrip("\r") for b in raw]
        for line in lines:
            if line.startswith("#Fields:"):
                self.w3c_fields = line
        if previous is not None:
            for line in lines:
                if line.startswith("#Fields:"):
                    break
                if line.strip() and not line.startswith("#"):
                    return [previous, *lines]
        return lines


def _complete_lines(data: bytes, *, limit: int) -> tuple[list[bytes], int]:
    """Split off complete lines (at most ``limit``): ``(lines, bytes used)``."""
    end = data.rfind(b"\n")
    if end < 0:
        return [], 0
    lines = data[: end + 1].split(b"\n")[:-1]
    if len(lines) > limit:
        lines = lines[:limit]
        used = sum(len(x) + 1 for x in lines)
    else:
        used = end + 1
    return lines, used


# ------------------------------------------------------------------------------ sinks
class Sink(Protocol):  # pragma: no cover - typing only
    def send(self, lines: list[str], source: str) -> dict: ...
    def idle(self) -> None: ...
    def close(self) -> None: ...


class EngineSink:
    """Feed an in-process :class:`detector.stream.StreamEngine` (scores when due)."""

    def __init__(self, engine) -> None:
        self.engine = engine

    def send(self, lines: list[str], source: str) -> dict:
        from detector.stream import NothingParsed

        try:
            result = self.engine.ingest_lines(lines, source=source).to_dict()
        except NothingParsed as exc:
            result = {"accepted": 0, "rejected": exc.rejected, "detail": str(exc)}
        self.engine.maybe_score()
        return result

    def idle(self) -> None:
        self.engine.maybe_score()

    def close(self) -> dict:
        return self.engine.flush().to_dict()


class HttpSink:
    """POST batches to a running service's ``/v1/ingest``.

    Retries with exponential back-off (up to ``max_wait`` seconds between
    tries) while the service is unreachable or answers 5xx/429, so nothing
    is skipped; a 422 (no line parses) is logged and the batch is consumed.
    """

    def __init__(self, url: str, token: str | None, *, timeout: float = 60.0, max_wait: float = 30.0, retries: int | None = None) -> None:
        self.url = url.rstrip("/") + "/v1/ingest"
        self.token = token
        self.timeout = timeout
        self.max_wait = max_wait
        self.retries = retries

    def send(self, lines: list[str], source: str) -> dict:
        body = ("\n".join(lines) + "\n").encode("utf-8")
        headers = {"Content-Type": "text/plain; charset=utf-8"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        wait, attempt = 0.5, 0
        while True:
            attempt += 1
            req = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    return json.loads(resp.read() or b"{}")
            except urllib.error.HTTPError as exc:
                if exc.code == 422:
                    detail = _detail(exc)
                    log.warning("service parsed no line of a %d-line batch: %s", len(lines), detail)
                    return {"accepted": 0, "rejected": len(lines), "detail": detail}
                if exc.code == 413 and len(lines) > 1:
                    half = len(lines) // 2
                    a, b = self.send(lines[:half], source), self.send(lines[half:], source)
                    return {"accepted": a.get("accepted", 0) + b.get("accepted", 0), "rejected": a.get("rejected", 0) + b.get("rejected", 0)}
                if exc.code in (401, 403, 413, 415):
                    raise TailError(f"service refused the batch: HTTP {exc.code} {_detail(exc)}") from None
                problem = f"HTTP {exc.code}"
            except (urllib.error.URLError, OSError, TimeoutError) as exc:
                problem = type(exc).__name__
            if self.retries is not None and attempt > self.retries:
                raise TailError(f"service unreachable after {attempt} tries ({problem})")
            log.warning("ingest failed (%s); retrying in %.1f s", problem, wait)
            time.sleep(wait)
            wait = min(wait * 2, self.max_wait)

    def idle(self) -> None:
        pass

    def close(self) -> None:
        pass

    def flush(self) -> dict:
        req = urllib.request.Request(self.url.replace("/v1/ingest", "/v1/flush"), data=b"", method="POST")
        if self.token:
            req.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(req, timeout=max(self.timeout, 600)) as resp:
            return json.loads(resp.read() or b"{}")


def _detail(exc: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(exc.read() or b"{}").get("detail", ""))[:300]
    except (ValueError, OSError):
        return ""


class TailError(Exception):
    """Following cannot go on (the service refuses the batches)."""


# ------------------------------------------------------------------------------ loop
@dataclass
class TailStats:
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
