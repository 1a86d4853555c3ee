"""The records the streaming engine retains, and which raw lines it already holds.

:class:`RetentionBuffer` keeps parsed records in chunks (one per accepted
batch) with a 64-bit hash of each record's raw line.  The hashes are counted
as a multiset, so a re-posted batch adds nothing while genuine repeats inside
one batch are kept (:meth:`RetentionBuffer.new_copies`).  Chunks wholly older
than the retention window are dropped as batches arrive, and the window is
consolidated into one chunk, older rows removed, when it is analysed.
Records are numbered in arrival order (``line_no``), so an analysis can
tell the records that arrived since the last one.

:class:`EnrichedWindow` keeps the same window enriched (see
:func:`detector.enrich.enrich_records`), enriching only the records that
arrived since the last analysis: incremental analyses take their subsets
from it, and the record populations behind the ``entity_share`` features
are counted over it (the whole window's, as a full analysis counts them).

The buffer does no locking: :class:`detector.stream.StreamEngine` calls it
under its data lock.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from detector.config import Settings
from detector.enrich import enrich_records
from detector.pipeline import drop_allowlisted_paths
from detector.schema import concat_records
from detector.units import entity_populations

__all__ = ["EnrichedWindow", "RetentionBuffer", "line_hashes"]


def line_hashes(lines: Sequence[str]) -> np.ndarray:
    """64-bit hashes of raw lines (in-memory de-duplication only; never stored)."""
    return np.fromiter(map(hash, lines), dtype=np.int64, count=len(lines))


@dataclass
class _Chunk:
    frame: pd.DataFrame
    hashes: np.ndarray  # int64, one per row
    min_ns: int
    max_ns: int
    last_line: int = 0  # highest line_no held


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
        values = hashes.tolist()
        held_here = self._counts.keys() & set(values)  # usually none: then every line is new
        if not held_here:
            return keep
        seen_here: dict[int, int] = {}
        counts = self._counts
        for i, h in enumerate(values):
            if h not in held_here:
                continue
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
        self._chunks.append(_Chunk(frame, hashes, int(ts_ns.min()), int(ts_ns.max()), self._next_line_no - 1))
        self.n_records += n_new
        self.newest_ns = max(self.newest_ns or ts_ns.max(), int(ts_ns.max()))
        self.oldest_ns = min(self.oldest_ns or ts_ns.min(), int(ts_ns.min()))

    @property
    def n_chunks(self) -> int:
        """Chunks held (one per batch since the last :meth:`consolidate`)."""
        return len(self._chunks)

    @property
    def last_line(self) -> int:
        """The ``line_no`` of the last record appended (0 before any)."""
        return self._next_line_no - 1

    def rows_after(self, line_no: int) -> pd.DataFrame:
        """The retained records numbered above ``line_no`` (those that arrived since), in arrival order."""
        parts = []
        for chunk in reversed(self._chunks):
            if chunk.last_line <= line_no:
                break
            numbers = chunk.frame["line_no"].to_numpy()
            parts.append(chunk.frame if numbers[0] > line_no else chunk.frame.loc[numbers > line_no])
        if not parts:
            return self._chunks[0].frame.iloc[:0] if self._chunks else pd.DataFrame()
        return concat_records(parts[::-1]) if len(parts) > 1 else parts[0].reset_index(drop=True)

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
            self._chunks = [_Chunk(frame, hashes, int(ts_ns.min()), int(ts_ns.max()), self._next_line_no - 1)]
            self.oldest_ns = int(ts_ns.min())
        else:
            self._chunks = []
            self.oldest_ns = None
        self.n_records = len(frame)
        return frame


class EnrichedWindow:
    """The retained records, allowlisted paths dropped and enriched, kept up to date incrementally.

    Each analysis enriches only the records that arrived since the last one
    and drops the rows that left the retention window; the record
    populations are counted again only when the rows changed.  Only the
    scoring thread uses it (no locking).

    Attributes
    ----------
    frame : pandas.DataFrame or None
        The enriched records, in arrival order (None until the first :meth:`add`).
    upto : int
        The highest ``line_no`` added (records above it are still to add).
    """

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget everything (the next :meth:`add` must be given every retained record)."""
        self.frame: pd.DataFrame | None = None
        self._populations: dict[str, np.ndarray] | None = None
        self.upto = 0

    def add(self, fresh: pd.DataFrame, settings: Settings) -> None:
        """Enrich and hold the records of ``fresh`` numbered above :attr:`upto`.

        Parameters
        ----------
        fresh : pandas.DataFrame
            Records frame, in arrival order (rows already held are skipped).
        settings : Settings
            Time zone and path allowlists.
        """
        numbers = fresh["line_no"].to_numpy() if len(fresh) else np.zeros(0, dtype=np.int64)
        if numbers.size and numbers.min() <= self.upto:
            fresh = fresh.loc[numbers > self.upto]
        if fresh.empty:
            return
        upto = int(fresh["line_no"].max())
        kept, _ = drop_allowlisted_paths(fresh, settings)
        kept = kept.reset_index(drop=True)
        if self.frame is not None:
            # a slice keeps every category of its frame: enrich only the values these rows hold
            for name in kept.columns:
                if isinstance(kept[name].dtype, pd.CategoricalDtype):
                    kept[name] = kept[name].cat.remove_unused_categories()
        enriched = enrich_records(kept, settings.timezone)
        self.frame = enriched if self.frame is None else concat_records([self.frame, enriched])
        self._populations = None
        self.upto = upto

    def trim(self, cutoff_ns: int) -> None:
        """Drop the rows logged before ``cutoff_ns`` (they left the retention window)."""
        if self.frame is None:
            return
        old = self.frame["ts"].array.asi8 < cutoff_ns
        if old.any():
            self.frame = self.frame.loc[~old].reset_index(drop=True)
            self._populations = None

    def populations(self) -> dict[str, np.ndarray]:
        """The record populations of the window (see :func:`detector.units.entity_populations`)."""
        if self._populations is None:
            self._populations = entity_populations(self.frame)
        return self._populations
