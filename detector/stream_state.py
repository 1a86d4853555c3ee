"""The records the streaming engine retains, and which raw lines it already holds.

:class:`RetentionBuffer` keeps parsed records in chunks (one per accepted
batch) with a 64-bit hash of each record's raw line.  The hashes are counted
as a multiset, so a re-posted batch adds nothing while genuine repeats inside
one batch are kept (:meth:`RetentionBuffer.new_copies`).  Chunks wholly older
than the retention window are dropped as batches arrive, and the window is
consolidated into one chunk, older rows removed, when it is analysed.

The buffer does no locking: :class:`detector.stream.StreamEngine` calls it
under its data lock.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from detector.schema import concat_records

__all__ = ["RetentionBuffer", "line_hashes"]


def line_hashes(lines: Sequence[str]) -> np.ndarray:
    """64-bit hashes of raw lines (in-memory de-duplication only; never stored)."""
    return np.fromiter((hash(line) for line in lines), dtype=np.int64, count=len(lines))


@dataclass
class _Chunk:
    frame: pd.DataFrame
    hashes: np.ndarray  # int64, one per row
    min_ns: int
    max_ns: int


class RetentionBuffer:
    """Parsed records of a retention window of log time, de-duplicated by raw line.

    Attributes
    ----------
    n_records : int
        Records held.
    newest_ns, oldest_ns : int or None
        Newest and oldest log time held (ns since the epoch); None when empty.
    """

    def __init__(self) -> None:
        self._chunks: list[_Chunk] = []
        self._counts: Counter = Counter()
        self.n_records = 0
        self.newest_ns: int | None = None
        self.oldest_ns: int | None = None
        self._next_line_no = 1

    @property
    def empty(self) -> bool:
        """Whether no chunk is held."""
        return not self._chunks

    def new_copies(self, hashes: np.ndarray) -> np.ndarray:
        """Mask of lines to keep: copies beyond those already retained (multiset)."""
        keep = np.ones(len(hashes), dtype=bool)
        if not self._counts:
            return keep
        seen_here: dict[int, int] = {}
        counts = self._counts
        for i, h in enumerate(hashes.tolist()):
            held = counts.get(h, 0)
            if held:
                k = seen_here.get(h, 0)
                seen_here[h] = k + 1
                if k < held:
                    keep[i] = False
        return keep

    def append(self, frame: pd.DataFrame, hashes: np.ndarray) -> None:
        """Hold a batch's new records (``frame``, renumbered in place) and their line hashes.

        Parameters
        ----------
        frame : pandas.DataFrame
            Parsed records with a ``ts`` column; its ``file_idx`` and
            ``line_no`` are overwritten so that line numbers keep counting
            across batches (global arrival order).
        hashes : numpy.ndarray of int64
            One :func:`line_hashes` value per row.
        """
        n_new = len(frame)
        ts_ns = frame["ts"].array.asi8
        frame["file_idx"] = np.int32(0)
        frame["line_no"] = np.arange(self._next_line_no, self._next_line_no + n_new, dtype=np.int64)
        self._next_line_no += n_new
        self._counts.update(hashes.tolist())
        self._chunks.append(_Chunk(frame, hashes, int(ts_ns.min()), int(ts_ns.max())))
        self.n_records += n_new
        self.newest_ns = max(self.newest_ns or ts_ns.max(), int(ts_ns.max()))
        self.oldest_ns = min(self.oldest_ns or ts_ns.min(), int(ts_ns.min()))

    def drop_expired(self, retention_ns: int) -> int | None:
        """Drop whole chunks older than ``retention_ns`` before the newest record.

        Returns
        -------
        int or None
            The cutoff (ns) when some chunk was dropped, else None.
        """
        if self.newest_ns is None:
            return None
        cutoff = self.newest_ns - retention_ns
        if all(c.max_ns >= cutoff for c in self._chunks):
            return None
        kept = []
        for chunk in self._chunks:
            if chunk.max_ns < cutoff:
                self._counts.subtract(chunk.hashes.tolist())
                self.n_records -= len(chunk.frame)
            else:
                kept.append(chunk)
        self._chunks = kept
        self._counts = +self._counts  # drop zero counts
        self.oldest_ns = min((c.min_ns for c in kept), default=None)
        return cutoff

    def consolidate(self, retention_ns: int) -> pd.DataFrame:
        """All retained records (rows older than the window removed), consolidated into one chunk.

        Call only when not :attr:`empty`.
        """
        cutoff = self.newest_ns - retention_ns
        # concat_records keeps the text columns categorical (pd.concat would turn them back into strings)
        frame = concat_records([c.frame for c in self._chunks]) if len(self._chunks) > 1 else self._chunks[0].frame
        hashes = np.concatenate([c.hashes for c in self._chunks]) if len(self._chunks) > 1 else self._chunks[0].hashes
        ts_ns = frame["ts"].array.asi8
        old = ts_ns < cutoff
        if old.any():
            self._counts.subtract(hashes[old].tolist())
            self._counts = +self._counts
            frame = frame.loc[~old].reset_index(drop=True)
            hashes = hashes[~old]
            ts_ns = ts_ns[~old]
        if len(frame):
            self._chunks = [_Chunk(frame, hashes, int(ts_ns.min()), int(ts_ns.max()))]
            self.oldest_ns = int(ts_ns.min())
        else:
            self._chunks = []
            self.oldest_ns = None
        self.n_records = len(frame)
        return frame
