"""Prometheus metrics of the live service.

One prefix (``records_detector_``), base units (seconds), ``_total`` counters,
and a registry of its own per app (tests build many apps in one process).

Label discipline: the only label names are ``format``, ``kind``,
``severity``, ``mode`` (``full`` or ``incremental`` analysis) and, on the model info metric, ``source``, ``version`` and
``fit_mode``.  **Never** a user, address, path, session or record label: an
alert's subject belongs in the API, not in a time series.
"""

from __future__ import annotations

import math
import time
from typing import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info, disable_created_metrics
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

from detector.alerts import ALERT_KINDS, SEVERITIES
from detector.io.formats import FORMATS as LOG_FORMATS

PREFIX = "records_detector_"
#: Every label name any metric of this module may carry (tests assert it).
ALLOWED_LABELS = frozenset({"format", "kind", "severity", "source", "version", "fit_mode", "mode"})
SCORING_MODES = ("full", "incremental")
#: The ``format`` label's closed set: the readers' formats, ``custom`` (a LogFormat string) and ``unknown``.
FORMATS = (*LOG_FORMATS, "custom", "unknown")

# `_created` series only add noise to the exposition (process-wide switch of prometheus-client)
disable_created_metrics()

__all__ = ["ServiceMetrics", "PREFIX", "ALLOWED_LABELS", "CONTENT_TYPE_LATEST"]


class ServiceMetrics:
    """The service's metrics, in their own :class:`CollectorRegistry`.

    It also serves as the streaming engine's *observer* (the ``on_*``
    methods), so that :mod:`detector.stream` knows nothing of Prometheus.
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._clock = clock
        r = self.registry
        p = PREFIX
        self.lines_ingested = Counter(p + "lines_ingested", "Log lines accepted by ingest (parsed), by format.", ["format"], registry=r)
        self.lines_rejected = Counter(p + "lines_rejected", "Log lines that did not parse, by format.", ["format"], registry=r)
        self.lines_duplicate = Counter(
            p + "lines_duplicate", "Accepted lines already held in the retention window (not counted twice).", ["format"], registry=r
        )
        self.lines_too_old = Counter(
            p + "lines_too_old", "Parsed lines older than the retention window: neither retained nor journalled, by format.",
            ["format"], registry=r,
        )
        self.lines_replayed = Counter(p + "lines_replayed", "Journalled lines replayed into the engine at start.", registry=r)
        self.ingest_batches = Counter(p + "ingest_batches", "Ingest requests acknowledged.", registry=r)
        self.sessions_scored = Counter(p + "sessions_scored", "Sessions scored (a session re-scored later counts again).", registry=r)
        self.scoring_runs = Counter(
            p + "scoring_runs",
            "Analyses that completed, by mode: full (the whole retention window) or incremental (the subjects with new records).",
            ["mode"],
            registry=r,
        )
        self.scoring_failures = Counter(p + "scoring_failures", "Analyses of the retention window that failed.", registry=r)
        self.alerts_raised = Counter(
            p + "alerts_raised", "Alerts raised: new, re-opened or escalated in severity.", ["kind", "severity"], registry=r
        )
        self.open_alerts = Gauge(p + "open_alerts", "Open alerts nobody has reviewed yet.", ["kind"], registry=r)
        self.scoring_duration = Histogram(
            p + "scoring_duration_seconds",
            "Wall time of one analysis of the retention window.",
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40, 80, 160, 320),
            registry=r,
        )
        self.ingest_lag = Gauge(p + "ingest_lag_seconds", "Wall clock minus the newest log timestamp ingested.", registry=r)
        self.last_scoring = Gauge(p + "last_scoring_timestamp_seconds", "Unix time of the last successful analysis.", registry=r)
        self.last_ingest = Gauge(
            p + "last_ingest_timestamp_seconds", "Unix time of the last acknowledged ingest (process start until one).", registry=r
        )
        self.newest_log = Gauge(p + "newest_log_timestamp_seconds", "Newest log timestamp ingested (Unix time).", registry=r)
        self.retained_records = Gauge(p + "retained_records", "Parsed records held in the retention window.", registry=r)
        self.model_info = Info(p + "model", "The scoring model in use.", registry=r)
        self.last_ingest.set(clock())
        self.newest_log.set(math.nan)
        self.ingest_lag.set(math.nan)
        for fmt in LOG_FORMATS:  # series exist from the start, so rate() and increase() see the first lines
            for counter in (self.lines_ingested, self.lines_rejected, self.lines_duplicate, self.lines_too_old):
                counter.labels(format=fmt)
        for mode in SCORING_MODES:
            self.scoring_runs.labels(mode=mode)
        for kind in ALERT_KINDS:
            self.open_alerts.labels(kind=kind).set(0)
            for severity in SEVERITIES:
                self.alerts_raised.labels(kind=kind, severity=severity)
        self._newest_ns: int | None = None
        self.ingest_lag.set_function(self._lag)

    # ------------------------------------------------------------ observer API
    def on_ingest(self, fmt: str, accepted: int, rejected: int, duplicates: int, too_old: int = 0) -> None:
        fmt = fmt if fmt in FORMATS else ("unknown" if not fmt else "custom")
        if too_old:
            self.lines_too_old.labels(format=fmt).inc(too_old)
        if accepted:
            self.lines_ingested.labels(format=fmt).inc(accepted)
        if rejected:
            self.lines_rejected.labels(format=fmt).inc(rejected)
        if duplicates:
            self.lines_duplicate.labels(format=fmt).inc(duplicates)
        if accepted:
            self.ingest_batches.inc()
            self.last_ingest.set(self._clock())

    def on_replay(self, lines: int) -> None:
        self.lines_replayed.inc(lines)

    def on_retained(self, records: int, newest_ns: int | None) -> None:
        self.retained_records.set(records)
        self._newest_ns = newest_ns
        self.newest_log.set(newest_ns / 1e9 if newest_ns is not None else math.nan)

    def on_scored(self, duration_s: float, sessions: int, raised: list[tuple[str, str]], mode: str = "full") -> None:
        self.scoring_runs.labels(mode=mode if mode in SCORING_MODES else "full").inc()
        self.scoring_duration.observe(duration_s)
        self.sessions_scored.inc(sessions)
        self.last_scoring.set(self._clock())
        for kind, severity in raised:
            self.alerts_raised.labels(kind=kind, severity=severity).inc()

    def on_scoring_failed(self) -> None:
        self.scoring_failures.inc()

    def on_model(self, source: str, version: str, fit_mode: str) -> None:
        self.model_info.info({"source": source, "version": version, "fit_mode": fit_mode})

    # ---------------------------------------------------------------- scraping
    def set_open_counts(self, counts: dict[str, int]) -> None:
        for kind in set(ALERT_KINDS) | set(counts):
            self.open_alerts.labels(kind=kind).set(counts.get(kind, 0))

    def _lag(self) -> float:
        if self._newest_ns is None:
            return math.nan
        return self._clock() - self._newest_ns / 1e9

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
