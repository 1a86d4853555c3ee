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
:mod:`detector.stream_ingest` (ingest, journal replay, reading the window back),
:mod:`detector.stream_parse` (a batch's format and parsing),
:mod:`detector.stream_state` (the retention buffer and de-duplication),
:mod:`detector.stream_subjects` (what an incremental analysis re-scores),
:mod:`detector.stream_schedule` (when to score, with which model, the background thread) and
:mod:`detector.alert_documents` (what is stored for each alert).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from typing import Any

import numpy as np

from detector.alert_documents import MAX_ACTIVITY_MINUTES, MAX_SESSIONS_LISTED, MemoryAlertStore, alert_documents
from detector.config import Settings
from detector.pipeline import analyse, detect, feature_params
from detector.stream_ingest import MAX_CHUNKS, IngestMixin  # noqa: F401 (MAX_CHUNKS re-exported)
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


class StreamEngine(IngestMixin, ScoringScheduleMixin):
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

    # ----------------------------------------------------------------- scoring
    # (ingest, replay, the window read back: detector.stream_ingest;
    # when to score and with which model: detector.stream_schedule)
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

