"""Byte-level reading of a followed log file, for :class:`detector.file_follower.FileFollower`.

Where a follower stands (:class:`Position`, checkpointed by ``detector
tail``; ``_Open`` for a file being read), what it refuses
(:class:`NotFollowable`, a :class:`TailError`: a directory or another
non-regular file, a compressed file recognised by its magic bytes), the
fingerprint of a file's first bytes (which tells a reused inode from the
checkpointed file), the splitting of the bytes read into complete lines, and
the counting of the lines before an offset (to locate a line in its file).
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

__all__ = ["COMPRESSED_MAGIC", "FINGERPRINT_BYTES", "READ_BYTES", "NotFollowable", "Position", "TailError"]

FINGERPRINT_BYTES = 256
READ_BYTES = 4 << 20
#: Magic bytes of the compressed formats a follower refuses, and their names.
COMPRESSED_MAGIC = {b"\x1f\x8b": "gzip", b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz", b"\x28\xb5\x2f\xfd": "zstd"}


class TailError(Exception):
    """Following cannot go on (a file cannot be followed, or the service refuses the batches)."""


class NotFollowable(TailError):
    """A path that cannot be followed: a directory, a compressed or unreadable file.

    The message is one line naming the path and what to do instead.
    """


@dataclass(frozen=True)
class Position:
    """Where a follower stands after a batch."""

    dev: int
    inode: int
    offset: int
    fingerprint: str


@dataclass
class _Open:
    """One open file being read: where it stands and how many lines precede that (None: not counted yet)."""

    fh: BinaryIO
    name: str
    dev: int
    inode: int
    offset: int
    lines: int | None


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


def _refuse_compressed(head: bytes, path: Path) -> None:
    """Raise :class:`NotFollowable` when ``head`` (a file's first bytes) starts a compressed stream."""
    for magic, kind in COMPRESSED_MAGIC.items():
        if head.startswith(magic):
            advice = "read it with `detector scan`" if kind == "gzip" else "decompress it and read it with `detector scan`"
            raise NotFollowable(f"{path} is {kind}-compressed: a compressed (rotated) log is not followed; {advice}")


def _refuse_unfollowable(path: Path, st: os.stat_result) -> None:
    """Raise :class:`NotFollowable` when ``path`` is not a regular file."""
    if stat.S_ISDIR(st.st_mode):
        raise NotFollowable(f"{path} is a directory: give the log files in it (e.g. {path}/*.log)")
    if not stat.S_ISREG(st.st_mode):
        raise NotFollowable(f"{path} is not a regular file: only log files can be followed")


def _count_newlines(fh: BinaryIO, end: int) -> int | None:
    """Newlines in the first ``end`` bytes of an open file (None once it is closed)."""
    try:
        fd = fh.fileno()
        count, pos = 0, 0
        while pos < end:
            chunk = os.pread(fd, min(READ_BYTES, end - pos), pos)
            if not chunk:
                break
            count += chunk.count(b"\n")
            pos += len(chunk)
        return count
    except (OSError, ValueError):
        return None

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
