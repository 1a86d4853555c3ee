"""The streaming engine: raw lines in, alerts kept up to date.

:class:`StreamEngine` holds the parsed records of a retention window (by
default the last 48 hours of *log* time) in memory.  Each ingest parses a
batch with :func:`detector.io.reader.parse_lines`, drops lines already held
(a hash of the raw line, counted as a multiset so that a re-posted batch adds
nothing while genuine repeats inside one batch are kept), journals the
accepted lines to the store *before* acknowledging them, and appends them.

Every ``score_interval_minutes`` of new log time (and at most once per
``min_rescore_seconds`` of wall time, in a background thread so ingest stays
fast), and on :meth:`StreamEngine.flush`, the whole retained window is
re-analysed by :func:`detector.pipeline.analyse` — the very function behind
``detector scan``, so there is one feature and model code path.  Sessions are
rebuilt from the retained records at every analysis, so a session still open
(no inactivity gap yet) is scored as it stands and a scraper that never
pauses is alerted within minutes; ``flush`` scores everything now.  Alerts
are upserted into the store by their stable ``alert_id`` (kind + subject +
local day), so an ongoing scrape updates one alert.

The engine holds no web or metrics code: an optional *observer* (see
:class:`service.metrics.ServiceMetrics`) is told about ingests and scorings.

Its parts live beside it, and their names are re-exported here:
:mod:`detector.stream_types` (settings, results, errors, the observer),
:mod:`detector.stream_parse` (a batch's format and parsing),
:mod:`detector.stream_state` (the retention buffer and de-duplication),
:mod:`detector.stream_schedule` (when to score, the background thread) and
:mod:`detector.alert_documents` (what is stored for each alert).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Sequence

import numpy as np
import pandas as pd

from detector.alert_documents import MAX_ACTIVITY_MINUTES, MAX_SESSIONS_LISTED, MemoryAlertStore, alert_documents
from detector.config import Settings
from detector.pipeline import analyse
from detector.stream_parse import DETECT_SAMPLE, BatchParser, iter_batches, split_body
from detector.stream_schedule import ScoringScheduleMixin
from detector.stream_state import RetentionBuffer, line_hashes
from detector.stream_types import IngestResult, NothingParsed, Observer, ScoreResult, StreamParams, iso_ns

__all__ = [
    "DETECT_SAMPLE", "MAX_ACTIVITY_MINUTES", "MAX_SESSIONS_LISTED", "IngestResult", "NothingParsed", "Observer",
    "ScoreResult", "StreamEngine", "StreamParams", "alert_documents", "iter_batches", "line_hashes", "split_body",
]

log = logging.getLogger("detector.stream")


class StreamEngine(ScoringScheduleMixin):
    """Incremental detection over a retention window of log time.

    Parameters
    ----------
    settings : Settings
        The detector settings (a :class:`service.config.ServiceSettings`
        also carries the streaming fields of :class:`StreamParams`).
    model : DetectorModel, optional
        A fitted model (``detector train``); None fits on the window (see
        ``fit_mode``).
    store : service.store.Store, optional
        Durable journal and alert storage; None keeps alerts in memory and
        journals nothing.
    observer : Observer, optional
        Told about ingests and scorings (metrics).
    model_version : str
        A short identifier of the model file (for the model info metric).
    """

    def __init__(
        self,
        settings: Settings,
        model: Any = None,
        store: Any = None,
        *,
        observer: Any = None,
        model_version: str = "",
        clock=time.time,
    ) -> None:
        self.settings = settings
        self.params = StreamParams.from_settings(settings)
        self.model = model
        self.store = store if store is not None else None
        self._alerts = store if store is not None else MemoryAlertStore()
        self.observer = observer
        self.clock = clock
        self._data_lock = threading.Lock()
        self._score_lock = threading.Lock()
        self._buffer = RetentionBuffer()  # guarded by _data_lock
        self._parser = BatchParser(settings, self.params)
        self._init_schedule()
        self.last_scoring: ScoreResult | None = None
        self.last_scoring_at: float | None = None
        self._fitted = None  # fit_mode="first": the frozen model
        if observer is not None:
            source = "file" if model is not None else "fitted"
            observer.on_model(source, model_version or ("window" if model is None else "unknown"), self.params.fit_mode)

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
            ``combined``, ``common``, ``w3c`` or ``jsonl``; None uses the
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
        fmt, lines, prefix, records = batch.format, batch.lines, batch.prefix, batch.records
        n_rejected, samples = batch.rejected, batch.samples
        if records.empty:
            if self.observer is not None and journal:
                self.observer.on_ingest(fmt, 0, n_rejected, 0)
            raise batch.nothing_parsed()

        idx = records["line_no"].to_numpy(dtype=np.int64) - 1  # positions in `lines`
        raw = [lines[i] for i in idx]
        hashes = line_hashes(raw)
        with self._data_lock:
            keep = self._buffer.new_copies(hashes)
            n_new = int(keep.sum())
            seq = None
            if n_new:
                kept_raw = [raw[i] for i in np.flatnonzero(keep)]
                frame = records.loc[keep].reset_index(drop=True)
                ts_ns = frame["ts"].array.asi8
                if journal and self.store is not None:
                    seq = self.store.journal_append(prefix + kept_raw, fmt, source, int(ts_ns.max()))
                # global arrival order: line numbers keep counting across batches
                self._buffer.append(frame, hashes[keep])
                self._dirty = True
                self._prune()
            newest, n_records = self._buffer.newest_ns, self._buffer.n_records
        duplicates = len(raw) - n_new
        if self.observer is not None:
            if journal:
                self.observer.on_ingest(fmt, len(raw), n_rejected, duplicates)
            self.observer.on_retained(n_records, newest)
        if self._due():
            self._wake.set()
        return IngestResult(len(raw), n_rejected, duplicates, fmt, samples, seq)

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

    # ----------------------------------------------------------------- scoring
    # (when to score: detector.stream_schedule)
    def flush(self) -> ScoreResult:
        """Analyse the whole retained window now and upsert its alerts."""
        with self._score_lock:
            return self._score()

    def _score(self) -> ScoreResult:
        self._force = False
        records, newest = self._snapshot()
        if records.empty:
            return ScoreResult(False, reason="no records retained")
        started = time.perf_counter()
        model = self.model if self.model is not None else self._fitted
        window_start = iso_ns(int(records["ts"].array.asi8.min()))
        try:
            analysis = analyse(records, self.settings, model=model)
            docs = alert_documents(analysis)
            upsert = self._alerts.upsert_alerts(
                docs,
                window_start=window_start,
                suppress=self.params.suppress_false_positives,
                withdraw=self.params.withdraw_unconfirmed,
            )
        except Exception as exc:
            # the message may quote data; log only its type
            log.error("analysis of %d records failed (%s)", len(records), type(exc).__name__)
            if self.observer is not None:
                self.observer.on_scoring_failed()
            self._last_score_wall = time.monotonic()
            self._scored_upto_ns = newest
            result = ScoreResult(False, reason=f"analysis failed ({type(exc).__name__}); see the service log", records=len(records))
            self.last_scoring = result
            return result
        duration = time.perf_counter() - started
        if self.model is None and self.params.fit_mode == "first" and self._fitted is None:
            span_h = (records["ts"].array.asi8.max() - records["ts"].array.asi8.min()) / 3600e9
            if span_h >= self.params.fit_min_hours:
                self._fitted = analysis.model
                if self.observer is not None:
                    self.observer.on_model("fitted", f"first-window:{window_start}", "first")
        self._scored_upto_ns = newest
        self._last_score_wall = time.monotonic()
        result = ScoreResult(
            True,
            sessions=int(analysis.stats.get("sessions", 0)),
            records=len(records),
            alerts=len(docs),
            raised=len(upsert.raised),
            updated=int(upsert.updated),
            withdrawn=int(upsert.withdrawn),
            duration_s=round(duration, 3),
            window_start=window_start,
            window_end=iso_ns(newest),
        )
        self.last_scoring = result
        self.last_scoring_at = self.clock()
        if self.observer is not None:
            self.observer.on_scored(duration, result.sessions, list(upsert.raised))
        log.info(
            "scored %d records, %d sessions in %.2f s: %d alerts (%d raised, %d withdrawn)",
            result.records, result.sessions, duration, result.alerts, result.raised, result.withdrawn,
        )
        return result

    # ---------------------------------------------------------------- replay
    def replay(self) -> int:
        """Re-ingest every journalled batch (at start); returns the lines replayed."""
        if self.store is None:
            return 0
        total = 0
        for _seq, fmt, source, lines in self.store.journal_batches():
            if not lines:
                continue
            try:
                res = self.ingest_lines(lines, fmt, source=source, journal=False)
            except NothingParsed:
                continue
            total += res.accepted
        if self.observer is not None and total:
            self.observer.on_replay(total)
        if total:
            self.request_scoring()
        return total

    # ---------------------------------------------------------------- status
    def status(self) -> dict:
        """Counts and times for ``/healthz`` (no identifiers)."""
        with self._data_lock:
            newest, oldest, n = self._buffer.newest_ns, self._buffer.oldest_ns, self._buffer.n_records
        now = self.clock()
        return {
            "retained_records": n,
            "window_start": iso_ns(oldest),
            "newest_log_time": iso_ns(newest),
            "ingest_lag_seconds": None if newest is None else round(now - newest / 1e9, 3),
            "last_scoring_at": self.last_scoring_at,
            "last_scoring": self.last_scoring.to_dict() if self.last_scoring else None,
            "model": "file" if self.model is not None else ("frozen-first-window" if self._fitted is not None else "fitted-per-window"),
        }

