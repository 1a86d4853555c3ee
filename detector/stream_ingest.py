"""How lines get into the streaming engine's retention window, and how an analysis reads it back.

The ingest side of :class:`detector.stream.StreamEngine`:
:meth:`IngestMixin.ingest_lines` parses a batch (:mod:`detector.stream_parse`),
refuses lines dated too far ahead of the server clock, drops lines already
held and lines older than the window, journals the accepted lines to the
store *before* acknowledging them, and appends them to the retention buffer
(:mod:`detector.stream_state`); :meth:`IngestMixin.replay` re-ingests the
journal at start.  The analysis reads the window back through
:meth:`IngestMixin._snapshot` (the whole window, for a full analysis) and
:meth:`IngestMixin._fresh_records` (the records that arrived since the last
one, for an incremental analysis), both under the engine's data lock.
"""

from __future__ import annotations

import logging
from typing import Any, Sequence

import numpy as np
import pandas as pd

from detector.stream_parse import split_body
from detector.stream_state import line_hashes
from detector.stream_types import IngestResult, NothingParsed, ReplayReport

__all__ = ["MAX_CHUNKS", "IngestMixin"]

log = logging.getLogger("detector.stream")

#: Retained batches kept apart before they are joined into one chunk (each batch is a chunk until then).
MAX_CHUNKS = 32


class IngestMixin:
    """Ingest, journal replay and retained-window part of :class:`detector.stream.StreamEngine`.

    The engine provides ``params``, ``store``, ``observer``, ``clock``,
    ``_parser`` (a :class:`detector.stream_parse.BatchParser`), ``_buffer``
    (a :class:`detector.stream_state.RetentionBuffer`) guarded by
    ``_data_lock``, ``_enriched`` and ``_scored_line`` (what the analyses
    covered) and, from :class:`detector.stream_schedule.ScoringScheduleMixin`,
    ``_dirty``, ``_wake``, ``_due()`` and ``request_scoring()``; it sets
    :attr:`replay_report`.
    """

    params: Any
    store: Any
    observer: Any
    clock: Any
    replay_report: ReplayReport
    _parser: Any
    _buffer: Any
    _data_lock: Any
    _enriched: Any
    _scored_line: int

    # ------------------------------------------------------------------ ingest
    def ingest_text(self, text: str, fmt: str | None = None, *, source: str = "http") -> IngestResult:
        """Ingest a body of raw lines (see :meth:`ingest_lines`)."""
        return self.ingest_lines(split_body(text), fmt, source=source)

    def ingest_lines(
        self, lines: Sequence[str], fmt: str | None = None, *, source: str = "http", journal: bool = True
    ) -> IngestResult:
        """Parse, de-duplicate, journal and retain a batch of raw lines.

        Parameters
        ----------
        lines : sequence of str
            Raw log lines without newlines.
        fmt : str, optional
            one of :data:`detector.io.formats.FORMATS`; None uses the
            configured ``input_format``, else detects it from the batch.
        source : str
            Names the stream (W3C ``#Fields`` headers are remembered per
            source so later batches without one still parse).
        journal : bool
            Write accepted lines to the store's journal first (off when
            replaying the journal itself).

        Returns
        -------
        IngestResult

        Raises
        ------
        NothingParsed
            The batch is empty, its format is unknown, or no line parses.
        """
        batch = self._parser.parse(lines, fmt, source)
        self._refuse_future(batch)
        fmt, lines, records = batch.format, batch.lines, batch.records
        n_rejected, samples = batch.rejected, batch.samples
        if records.empty:
            if self.observer is not None and journal:
                self.observer.on_ingest(fmt, 0, n_rejected, 0)
            raise batch.nothing_parsed()

        idx = records["line_no"].to_numpy(dtype=np.int64) - 1  # positions in `lines`
        every = len(idx) == len(lines) and (len(idx) == 0 or (idx[0] == 0 and idx[-1] == len(idx) - 1))
        raw = list(lines) if every else [lines[i] for i in idx]
        hashes = line_hashes(raw)
        ts_ns = records["ts"].array.asi8
        with self._data_lock:
            # lines older than the window (as it will stand with this batch) are not held: reported, not accepted
            held_newest = self._buffer.newest_ns
            newest = int(ts_ns.max()) if held_newest is None else max(held_newest, int(ts_ns.max()))
            in_window = ts_ns >= newest - self._retention_ns()
            if in_window.all():
                keep = self._buffer.new_copies(hashes)
            else:
                keep = np.zeros(len(raw), dtype=bool)
                keep[in_window] = self._buffer.new_copies(hashes[in_window])
            n_new = int(keep.sum())
            seq = None
            if n_new:
                if n_new == len(raw):
                    positions, frame = idx, records.reset_index(drop=True)
                else:
                    positions, frame = idx[keep], records.loc[keep].reset_index(drop=True)
                if journal and self.store is not None:
                    kept_ts = ts_ns if n_new == len(raw) else ts_ns[keep]
                    seq = self.store.journal_append(batch.journal_lines(positions), fmt, source, int(kept_ts.max()))
                # global arrival order: line numbers keep counting across batches
                self._buffer.append(frame, hashes[keep])
                self._dirty = True
                self._prune()
            newest, n_records = self._buffer.newest_ns, self._buffer.n_records
        too_old = len(raw) - int(in_window.sum())
        accepted = len(raw) - too_old
        duplicates = accepted - n_new
        if self.observer is not None:
            if journal:
                self.observer.on_ingest(fmt, accepted, n_rejected, duplicates, too_old)
            self.observer.on_retained(n_records, newest)
        if self._due():
            self._wake.set()
        return IngestResult(accepted, n_rejected, duplicates, fmt, samples, seq, too_old)

    def _refuse_future(self, batch: Any) -> None:
        """Reject the batch's records dated more than ``max_future_skew_hours`` ahead of the server clock.

        One such line would otherwise move the retention window (log time)
        past every real record: the window, and the journal, would be emptied.
        """
        if batch.records.empty:
            return
        skew_hours = self.params.max_future_skew_hours
        limit_ns = int((self.clock() + skew_hours * 3600.0) * 1e9)
        ahead = batch.records["ts"].array.asi8 > limit_ns
        if ahead.any():
            reason = f"timestamp more than {skew_hours:g} h ahead of the server clock (max_future_skew_hours)"
            batch.refuse(ahead, reason, self.params.max_rejected_samples)

    # ------------------------------------------------------- retained window
    def _retention_ns(self) -> int:
        return int(self.params.retention_hours * 3600e9)

    def _prune(self) -> None:
        """Drop whole chunks older than the retention window and their journal batches (under the data lock)."""
        cutoff = self._buffer.drop_expired(self._retention_ns())
        if cutoff is not None and self.store is not None:
            try:
                self.store.journal_prune(cutoff)
            except Exception as exc:  # pruning is housekeeping; never fail an ingest for it
                log.warning("journal prune failed (%s)", type(exc).__name__)

    def _snapshot(self) -> tuple[pd.DataFrame, int | None]:
        """All retained records (rows older than the window removed), consolidated into one chunk."""
        with self._data_lock:
            if self._buffer.empty:
                return pd.DataFrame(), None
            frame = self._buffer.consolidate(self._retention_ns())
            self._dirty = False
            return frame, self._buffer.newest_ns

    def _fresh_records(self) -> tuple[pd.DataFrame, int, int, int, int]:
        """For an incremental pass: the records not yet enriched, newest time, window start, records held, last line."""
        with self._data_lock:
            if self._buffer.n_chunks > MAX_CHUNKS:  # housekeeping: one chunk per batch would pile up
                self._buffer.consolidate(self._retention_ns())
            self._dirty = False
            buffer = self._buffer
            newest = buffer.newest_ns
            window_start = max(buffer.oldest_ns, newest - self._retention_ns())
            # not yet enriched (all of them after a failed pass reset the enriched window) or not yet scored
            fresh = buffer.rows_after(min(self._enriched.upto, self._scored_line))
            return fresh, newest, window_start, buffer.n_records, buffer.last_line

    # ---------------------------------------------------------------- replay
    def replay(self) -> int:
        """Re-ingest every journalled batch (at start); returns the lines replayed.

        A batch that cannot be read again, or lines of one that are not held
        again, are logged (counts, sequence number and reason, never a line)
        and counted in :attr:`replay_report` (``/healthz``), never dropped
        silently.
        """
        report = ReplayReport()
        self.replay_report = report
        if self.store is None:
            return 0
        for seq, fmt, source, lines in self.store.journal_batches():
            if not lines:
                continue
            report.batches += 1
            try:
                res = self.ingest_lines(lines, fmt, source=source, journal=False)
            except NothingParsed as exc:
                report.failed_batches += 1
                report.failed_lines += len(lines)
                log.warning("journal batch %d (%d lines, %s) could not be replayed: %s", seq, len(lines), fmt, exc)
                continue
            report.lines += res.accepted
            report.too_old += res.too_old
            if res.rejected:
                report.rejected_lines += res.rejected
                reasons = "; ".join(sorted({s["reason"] for s in res.rejected_samples}))
                log.warning("journal batch %d: %d of its lines not replayed (%s)", seq, res.rejected, reasons)
        if report.failed_batches or report.rejected_lines:
            log.warning(
                "journal replay: %d of %d batches could not be replayed (%d lines); %d more lines not replayed",
                report.failed_batches, report.batches, report.failed_lines, report.rejected_lines,
            )
        total = report.lines
        if self.observer is not None and total:
            self.observer.on_replay(total)
        if total:
            self.request_scoring()
        return total
