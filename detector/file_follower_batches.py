"""The batches a file follower returns: decoded, a W3C header prefixed when needed, located in their file.

:meth:`BatchLocatorMixin._batch` decodes the complete lines read (UTF-8,
undecodable bytes replaced), prefixes the file's last W3C ``#Fields:``
directive to a batch of W3C data that starts without one (it is not part of
the file's bytes or offsets), and remembers where the batch came from, so
that :meth:`BatchLocatorMixin.locate` can turn the number of a line within
the batch (as a service's rejected samples give it) into the file name and
line number.  The lines before a batch are counted only when one of its
lines is located, and the count is kept for the batches that follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from detector.file_follower_io import _count_newlines, _Open
from detector.io.formats import sets_columns

__all__ = ["BatchLocatorMixin"]



@dataclass
class _Batch:
    """Where the lines of the last batch came from (for :meth:`FileFollower.locate`)."""

    source: _Open
    start: int
    end: int
    count: int
    prefix: int
    lines_before: int | None


class BatchLocatorMixin:
    """Batch decoding and line location part of :class:`detector.file_follower.FileFollower`.

    The follower provides ``path``, the current file (``_fh``, ``_offset``
    and ``_lines``, the lines before ``_offset``, None while not counted) and
    the rotated file it finishes first (``_pending_old``); it sets the state
    kept here in its ``__init__``: ``_last`` (where the last batch came from)
    and ``column_directive`` (the file's last column directive: W3C's ``#Fields:``, Zeek's ``#fields``).
    """

    path: Path
    column_directive: str | None
    _fh: Any
    _offset: int
    _lines: int | None
    _pending_old: _Open | None
    _last: _Batch | None


    def _batch(self, source: _Open, raw: Sequence[bytes], start: int, end: int) -> list[str]:
        """Decode a batch and remember where it came from."""
        lines = self._emit(raw)
        self._last = _Batch(source, start, end, len(raw), len(lines) - len(raw), source.lines)
        if source is self._pending_old and source.lines is not None:
            source.lines += len(raw)
        return lines

    def locate(self, batch_line: int) -> tuple[str, int | None]:
        """File name and line number (from 1) of a line of the last batch :meth:`read` returned.

        Parameters
        ----------
        batch_line : int
            The line's number within that batch as sent, from 1 (a W3C
            ``#Fields:`` line prefixed by the follower counts as line 1).

        Returns
        -------
        tuple of (str, int or None)
            The file (the rotated name for lines of a rotated file) and the
            line number, None when it cannot be told (a prefixed header line,
            or a file closed before its earlier lines were counted).
        """
        batch = self._last
        if batch is None:
            return str(self.path), None
        within = batch_line - batch.prefix
        if within < 1 or within > batch.count:
            return batch.source.name, None
        if batch.lines_before is None:
            batch.lines_before = _count_newlines(batch.source.fh, batch.start)
            self._remember_count(batch)
        if batch.lines_before is None:
            return batch.source.name, None
        return batch.source.name, batch.lines_before + within

    def last_batch_span(self) -> tuple[str, int | None, int | None]:
        """File name, first and last line numbers (from 1) of the last batch's own lines (see :meth:`locate`)."""
        batch = self._last
        if batch is None:
            return str(self.path), None, None
        name, first = self.locate(batch.prefix + 1)
        return name, first, None if first is None else first + batch.count - 1

    def _remember_count(self, batch: _Batch) -> None:
        """Keep a line count just made, so that later batches of the same file are not counted again."""
        if batch.lines_before is None:
            return
        after = batch.lines_before + batch.count
        if batch.source.fh is self._fh and self._lines is None and self._offset == batch.end:
            self._lines = after
        old = self._pending_old
        if old is not None and batch.source is old and old.lines is None and old.offset == batch.end:
            old.lines = after

    def _emit(self, raw: Sequence[bytes]) -> list[str]:
        previous = self.column_directive
        lines = [b.decode("utf-8", "replace").rstrip("\r") for b in raw]
        for line in lines:
            if sets_columns(line):
                self.column_directive = line
        if previous is not None:
            for line in lines:
                if sets_columns(line):
                    break
                if line.strip() and not line.startswith("#"):
                    return [previous, *lines]
        return lines
