"""Following one log file like ``tail -F``: through rotation and truncation, complete lines only.

:class:`FileFollower` follows one path through rotation: when the name is
moved away and re-created (``logrotate`` ``create``) it finishes the old file
and continues with the new one from its start; when the file shrinks
(``copytruncate``) it starts again from offset 0.  Only complete lines are
delivered.  Its :class:`Position` after each batch — device, inode, offset
and a fingerprint of the file's first bytes — is what ``detector tail``
checkpoints, so that a restarted follower resumes where it stopped; when the
file was rotated meanwhile, the rest of the old file is read first if it is
still in the same directory (uncompressed) under another name.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

__all__ = ["FINGERPRINT_BYTES", "READ_BYTES", "FileFollower", "Position"]

log = logging.getLogger("detector.tail")

FINGERPRINT_BYTES = 256
READ_BYTES = 4 << 20


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
