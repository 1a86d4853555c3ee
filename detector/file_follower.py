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

Only plain-text regular files are followed.  A compressed file (gzip,
recognised by its magic bytes whatever its name, or bzip2, xz, zstd) is
refused with :class:`NotFollowable`: a compressed rotated log is finished and
is read whole by ``detector scan``; byte offsets into it mean nothing to a
follower.  A directory or another non-regular file is refused the same way.

:meth:`FileFollower.locate` turns the number of a line within the last batch
(as a service's rejected samples give it) into the file name and line number.

Its parts live beside it, and their names are re-exported here:
:mod:`detector.file_follower_io` (positions, errors, fingerprints, refusals,
complete lines and line counts) and :mod:`detector.file_follower_batches`
(decoding a batch and locating its lines).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from detector.file_follower_batches import BatchLocatorMixin, _Batch
from detector.file_follower_io import (  # noqa: F401 (COMPRESSED_MAGIC re-exported)
    COMPRESSED_MAGIC, FINGERPRINT_BYTES, READ_BYTES, NotFollowable, Position, TailError, _complete_lines, _count_newlines,
    _fingerprint, _Open, _refuse_compressed, _refuse_unfollowable,
)

__all__ = ["FINGERPRINT_BYTES", "READ_BYTES", "FileFollower", "NotFollowable", "Position", "TailError"]

log = logging.getLogger("detector.tail")


class FileFollower(BatchLocatorMixin):
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

    Raises
    ------
    NotFollowable
        The path is a directory or another non-regular file, a compressed
        file, or cannot be opened (permission denied...).  :meth:`read` raises
        it too when the path later turns into one of those.
    """

    def __init__(self, path: str | Path, checkpoint: dict | None = None, *, from_end: bool = False) -> None:
        self.path = Path(path)
        self.key = str(self.path.resolve()) if self.path.exists() else str(self.path.absolute())
        self._fh = None
        self._dev = self._inode = 0
        self._offset = 0
        self._lines: int | None = 0  # lines before self._offset in the current file (None: not counted yet)
        self._fp = ""
        self._pending_old: _Open | None = None  # a rotated file to finish first
        self._last: _Batch | None = None
        self._from_end = from_end
        self.column_directive: str | None = None
        self._resume(checkpoint)

    # -------------------------------------------------------------- opening
    def _stat(self) -> os.stat_result | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise NotFollowable(f"{self.path}: cannot read it ({exc.strerror or type(exc).__name__})") from None
        _refuse_unfollowable(self.path, st)
        return st

    def _resume(self, cp: dict | None) -> None:
        st = self._stat()
        if cp is None:
            if st is not None:
                self._open(0)
                if self._from_end:
                    self._fh.seek(0, os.SEEK_END)
                    self._offset = self._fh.tell()
                    self._lines = None if self._offset else 0
            return
        saved = (int(cp["dev"]), int(cp["inode"]))
        if st is not None and (st.st_dev, st.st_ino) == saved and st.st_size >= int(cp["offset"]):
            self._open(0)
            if not cp["fingerprint"] or _fingerprint(self._fh) in (cp["fingerprint"], ""):
                self._fh.seek(int(cp["offset"]))
                self._offset = int(cp["offset"])
                self._lines = None if self._offset else 0
                return
            self._fh.seek(0)  # same inode reused by another file: start over
            return
        old = self._find_rotated(saved)
        if old is not None:
            fh = open(old, "rb")
            fh.seek(int(cp["offset"]))
            self._pending_old = _Open(fh, str(old), *saved, int(cp["offset"]), None if int(cp["offset"]) else 0)
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
        try:
            fh = open(self.path, "rb")
        except FileNotFoundError:
            raise
        except IsADirectoryError:
            raise NotFollowable(f"{self.path} is a directory: give the log files in it (e.g. {self.path}/*.log)") from None
        except OSError as exc:
            raise NotFollowable(f"{self.path}: cannot open it ({exc.strerror or type(exc).__name__})") from None
        try:
            st = os.fstat(fh.fileno())
            _refuse_unfollowable(self.path, st)
            _refuse_compressed(os.pread(fh.fileno(), 8, 0), self.path)
        except BaseException:
            fh.close()
            raise
        if self._fh is not None:
            self._fh.close()
        self._fh, self._dev, self._inode = fh, st.st_dev, st.st_ino
        fh.seek(offset)
        self._offset = offset
        self._lines = 0 if offset == 0 else None
        self._fp = ""

    def close(self) -> None:
        for fh in (self._fh, self._pending_old.fh if self._pending_old else None):
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

        Returns ``([], None)`` when nothing new is there.  W3C (or Zeek) batches
        that start without a ``#Fields:`` (``#fields``) directive get the file's
        last one prefixed (it is not part of the file's bytes or offsets).

        Raises
        ------
        NotFollowable
            The path turned into a directory, a compressed or unreadable file.
        """
        if self._pending_old is not None:
            old = self._pending_old
            data = old.fh.read(READ_BYTES)
            if data:
                lines, used = _complete_lines(data, limit=max_lines)
                if not lines:  # the old file ends without a newline: its last line is complete
                    lines, used = [data], len(data)
                old.fh.seek(old.offset + used)
                out = self._batch(old, lines, old.offset, old.offset + used)
                old.offset += used
                return out, Position(old.dev, old.inode, old.offset, "")
            old.fh.close()
            self._pending_old = None
        if self._fh is None:
            try:
                self._open(0)
            except FileNotFoundError:
                return [], None
        data = self._fh.read(READ_BYTES)
        if data:
            if self._offset == 0:
                _refuse_compressed(data[:8], self.path)
            lines, used = _complete_lines(data, limit=max_lines)
            # consume only complete lines; a partial last line is read again next time
            start = self._offset
            self._offset += used
            self._fh.seek(self._offset)
            if lines:
                out = self._batch(self._current(), lines, start, self._offset)
                if self._lines is not None:
                    self._lines += len(lines)
                return out, self.position()
            return [], None
        # at EOF: rotated or truncated?
        st = self._stat()
        if st is None:
            return [], None
        if (st.st_dev, st.st_ino) != (self._dev, self._inode):
            return self._finish_rotated()
        if st.st_size < self._offset:
            log.info("file truncated; reading from its start")
            self._open(0)
        return [], None

    def _finish_rotated(self) -> tuple[list[str], Position | None]:
        """The lines written to the old file between our last read and its rotation, then switch to the new file."""
        self._fh.seek(self._offset)
        rest = self._fh.read()
        raw = rest.split(b"\n")
        if raw and raw[-1] == b"":
            raw.pop()
        out: list[str] = []
        if raw:
            rotated = self._find_rotated((self._dev, self._inode))
            old = self._current(name=str(rotated) if rotated else f"{self.path} (rotated)")
            if old.lines is None:
                old.lines = _count_newlines(self._fh, self._offset)  # counted now: the file is closed next
            out = self._batch(old, raw, self._offset, self._offset + len(rest))
        self._open(0)
        log.info("file rotated; following the new one")
        if out:
            return out, self.position()
        return [], None

    # (decoding a batch, locating its lines: detector.file_follower_batches)
    def _current(self, name: str | None = None) -> _Open:
        return _Open(self._fh, name or str(self.path), self._dev, self._inode, self._offset, self._lines)
