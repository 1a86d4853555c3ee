"""The streaming engine: raw lines in, alerts kept up to date.

:class:`StreamEngine` holds the parsed records of a retention window (by
default the last 48 hours of *log* time) in memory.  Each ingest parses a
batch with :func:`detector.io.reader.parse_lines`, drops lines already held
(a hash of the raw line, counted as a multiset so that a re-posted batch adds
nothing while genuine repeats inside one batch are kept), journals the
accepted lines to the store *before* acknowledging them (a W3C batch with
the ``#Fields:`` directive it was parsed with, so that a replay reads it
again), and appends them.  A line dated more than ``max_future_skew_hours``
ahead of the server clock is rejected (one such line would move the window
past every real record), and a line older than the window is reported as
``too_old`` (neither retained nor journalled), never silently accepted.

Every ``score_interval_minutes`` of new log time (and at most once per
``min_rescore_seconds`` of wall time, in a background thread so ingest stays
fast), and on :meth:`StreamEngine.flush`, the records are analysed by
:func:`detector.pipeline.analyse` — the very function behind ``detector
scan``, so there is one feature and model code path.  Sessions are rebuilt
from the retained records at every analysis, so a session still open (no
inactivity gap yet) is scored as it stands and a scraper that never pauses
is alerted within minutes.

Once a model is fitted — from ``detector train``'s file, the first window
(``fit_mode="first"``), or the last full analysis (``fit_mode="window"``,
refitted every ``refit_minutes`` of log time) — an analysis is
*incremental*: features, scores and decisions are per unit given a fitted
model, so only the retained records of the accounts and addresses that
received new records are analysed (:mod:`detector.stream_subjects` picks
them so that every unit of those subjects is complete), and only their
alerts are upserted or withdrawn.  A full analysis fits the model on the
window; a flush is full when the model is fitted on the window (so it gives
what ``detector scan`` gives on the same records), incremental otherwise.
Alerts are upserted into the store by their stable ``alert_id`` (kind +
subject + local day), so an ongoing scrape updates one alert.

The engine holds no web or metrics code: an optional *observer* (see
:class:`service.metrics.ServiceMetrics`) is told about ingests and scorings.

Its parts live beside it, and their names are re-exported here:
:mod:`detector.stream_types` (settings, results, errors, the observer),
:mod:`detector.stream_parse` (a batch's format and parsing),
:mod:`detector.stream_state` (the retention buffer and de-duplication),
:mod:`detector.stream_subjects` (what an incremental analysis re-scores),
:mod:`detector.stream_schedule` (when to score, the background thread) and
:mod:`detector.alert_documents` (what is stored for each alert).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from typing import Any, Sequence

import numpy as np
import pandas as pd

from detector.alert_documents import MAX_ACTIVITY_MINUTES, MAX_SESSIONS_LISTED, MemoryAlertStore, alert_documents
from detector.config import Settings
from detector.pipeline import analyse, detect, feature_params
from detector.stream_parse import DETECT_SAMPLE, BatchParser, iter_batches, split_body
from detector.stream_schedule import ScoringScheduleMixin
from detector.stream_state import EnrichedWindow, RetentionBuffer, line_hashes
from detector.stream_subjects import affected_records, alert_scope, dirty_subjects
from detector.units import build_units, with_populations
from detector.stream_types import IngestResult, NothingParsed, Observer, ReplayReport, ScoreResult, StreamParams, iso_ns

__all__ = [
    "DETECT_SAMPLE", "MAX_ACTIVITY_MINUTES", "MAX_SESSIONS_LISTED", "IngestResult", "NothingParsed", "Observer",
    "ReplayReport", "ScoreResult", "StreamEngine", "StreamParams", "alert_documents", "iter_batches", "line_hashes", "split_body",
]

log = logging.getLogger("detector.stream")

#: Retained batches kept apart before they are joined into one chunk (each batch is a chunk until then).
MAX_CHUNKS = 32


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
        #: Alert ids the last analysis covered (incremental), None when it covered every alert (full).
        self.last_scope: set[str] | None = None
        self.last_scoring_at: float | None = None
        #: What the last :meth:`replay` did (empty before one).
        self.replay_report = ReplayReport()
        self._fitted = None  # fit_mode="first": the frozen model
        self._window_model = None  # fit_mode="window": the model of the last full analysis
        self._window_fit = (0, 0)  # ... fitted at this newest log time (ns), on a window of this span (ns)
        self._scored_line = 0  # records up to this line_no (arrival order) were in a successful analysis
        self._enriched = EnrichedWindow()  # the window enriched, for incremental analyses (scoring thread only)
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
    def flush(self, full: bool | None = None) -> ScoreResult:
        """Score every record that arrived (open sessions included) now and upsert the alerts.

        Parameters
        ----------
        full : bool, optional
            True analyses the whole retained window; False only the subjects
            that received new records (with the model already fitted).  By
            default the window is analysed whole when the model is fitted on
            it (``fit_mode="window"`` without a model file), so that a flush
            gives what ``detector scan`` gives on the same records, and
            incrementally otherwise (the same alerts, for less work).
        """
        if full is None:
            full = self._fixed_model() is None
        with self._score_lock:
            return self._score(full=full)

    def _fixed_model(self) -> Any:
        """The model from a file, or the first window's (``fit_mode="first"``) once frozen; else None."""
        return self.model if self.model is not None else self._fitted

    def _pass_model(self, newest: int, full: bool) -> tuple[Any, str]:
        """``(model, mode)`` of the next analysis: a fitted model and ``incremental``, or ``full`` (model None = fit)."""
        fixed = self._fixed_model()
        if fixed is not None:
            return fixed, ("full" if full or not self.params.incremental else "incremental")
        if full or not self.params.incremental or self.params.fit_mode != "window" or self._window_model is None:
            return None, "full"
        # refit on the window every refit_minutes of new log time; sooner while the window is young, so
        # that the first models (fitted on a few minutes of log) are soon replaced
        fitted_ns, span_ns = self._window_fit
        period = min(self.params.refit_minutes * 60e9, max(span_ns, self.params.score_interval_minutes * 60e9))
        if self.params.refit_minutes <= 0 or newest - fitted_ns >= period:
            return None, "full"
        return self._window_model, "incremental"

    def _score(self, full: bool = False) -> ScoreResult:
        self._force = False
        with self._data_lock:
            newest = self._buffer.newest_ns
        if newest is None:
            return ScoreResult(False, reason="no records retained")
        model, mode = self._pass_model(newest, full)
        started = time.perf_counter()
        analysed = retained = 0
        scope = None
        try:
            if mode == "full":
                records, newest = self._snapshot()
                retained = analysed = len(records)
                ts = records["ts"].array.asi8
                window_start, last_line = int(ts.min()), int(records["line_no"].max())
                analysis = analyse(records, self.settings, model=model)
                if self.params.incremental:  # keep the enriched window current for the incremental passes
                    self._enriched.add(records, self.settings)
                    self._enriched.trim(newest - self._retention_ns())
                del records
            else:
                fresh, newest, window_start, retained, last_line = self._fresh_records()
                if fresh.empty:
                    return self._nothing_new(retained, iso_ns(window_start), newest)
                dirty = dirty_subjects([fresh.loc[fresh["line_no"].to_numpy() > self._scored_line]])
                self._enriched.add(fresh, self.settings)
                self._enriched.trim(newest - self._retention_ns())
                if not dirty:  # only re-enriched what was scored already
                    return self._nothing_new(retained, iso_ns(window_start), newest)
                subset, users, ips = affected_records(self._enriched.frame, dirty)
                analysed = len(subset)
                # analyse()'s own steps on the subset, the entity_share populations being the whole window's
                params = with_populations(feature_params(self.settings), self._enriched.populations())
                units = build_units(subset, self.settings.session_gap_minutes, params, keep_data=True)
                del subset
                analysis = detect(units, self.settings, model)
                # only alerts about the dirty subjects are complete in the subset (detector.stream_subjects)
                scope = alert_scope(users, ips, np.unique(units.data.requests["local_day"].to_numpy()))
                analysis = replace(analysis, alerts=[a for a in analysis.alerts if a.alert_id in scope])
            docs = alert_documents(analysis)
            upsert = self._alerts.upsert_alerts(
                docs,
                window_start=iso_ns(window_start),
                suppress=self.params.suppress_false_positives,
                withdraw=self.params.withdraw_unconfirmed,
                scope=scope,
            )
        except Exception as exc:
            # the message may quote data; log only its type
            log.error("analysis of %d records failed (%s)", analysed, type(exc).__name__)
            self._enriched.reset()  # enriched again from the retained records by the next analysis
            if self.observer is not None:
                self.observer.on_scoring_failed()
            self._last_score_wall = time.monotonic()
            self._scored_upto_ns = newest
            result = ScoreResult(
                False, reason=f"analysis failed ({type(exc).__name__}); see the service log", records=analysed,
                mode=mode, retained=retained,
            )
            self.last_scoring = result
            return result
        duration = time.perf_counter() - started
        if mode == "full" and model is None:
            span_ns = newest - window_start
            if self.params.fit_mode == "first":
                if self._fitted is None and span_ns >= self.params.fit_min_hours * 3600e9:
                    self._fitted = analysis.model
                    if self.observer is not None:
                        self.observer.on_model("fitted", f"first-window:{iso_ns(window_start)}", "first")
            else:
                self._window_model, self._window_fit = analysis.model, (newest, span_ns)
        self._scored_line = last_line
        self.last_scope = scope
        self._scored_upto_ns = newest
        self._last_score_wall = time.monotonic()
        result = ScoreResult(
            True,
            sessions=int(analysis.stats.get("sessions", 0)),
            records=analysed,
            alerts=len(docs),
            raised=len(upsert.raised),
            updated=int(upsert.updated),
            withdrawn=int(upsert.withdrawn),
            duration_s=round(duration, 3),
            window_start=iso_ns(window_start),
            window_end=iso_ns(newest),
            mode=mode,
            subjects=len(users) + len(ips) if scope is not None else 0,
            retained=retained,
        )
        self.last_scoring = result
        self.last_scoring_at = self.clock()
        if self.observer is not None:
            self.observer.on_scored(duration, result.sessions, list(upsert.raised), mode)
        log.info(
            "scored %d of %d records (%s), %d sessions in %.2f s: %d alerts (%d raised, %d withdrawn)",
            result.records, result.retained, mode, result.sessions, duration, result.alerts, result.raised, result.withdrawn,
        )
        return result

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

    def _nothing_new(self, retained: int, window_start: str | None, newest: int | None) -> ScoreResult:
        """An incremental pass with no new record: nothing can have changed."""
        self.last_scope = set()
        self._scored_upto_ns = newest
        self._last_score_wall = time.monotonic()
        result = ScoreResult(
            True, reason="nothing new since the last analysis", window_start=window_start, window_end=iso_ns(newest),
            mode="incremental", retained=retained,
        )
        self.last_scoring = result
        self.last_scoring_at = self.clock()
        if self.observer is not None:
            self.observer.on_scored(0.0, 0, [], "incremental")
        return result

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
            "incremental": bool(self.params.incremental),
            "replay": self.replay_report.to_dict(),
        }

