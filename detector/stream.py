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
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol, Sequence

import numpy as np
import pandas as pd

from detector.config import Settings
from detector.pipeline import Analysis, analyse

log = logging.getLogger("detector.stream")

#: Lines looked at to detect a batch's format.
DETECT_SAMPLE = 50
MAX_SESSIONS_LISTED = 200
MAX_ACTIVITY_MINUTES = 2 * 24 * 60


class Observer(Protocol):  # pragma: no cover - typing only
    def on_ingest(self, fmt: str, accepted: int, rejected: int, duplicates: int) -> None: ...
    def on_replay(self, lines: int) -> None: ...
    def on_retained(self, records: int, newest_ns: int | None) -> None: ...
    def on_scored(self, duration_s: float, sessions: int, raised: list[tuple[str, str]]) -> None: ...
    def on_scoring_failed(self) -> None: ...
    def on_model(self, source: str, version: str, fit_mode: str) -> None: ...


class NothingParsed(ValueError):
    """No line of a batch parsed; the message says why (never quoting a line)."""

    def __init__(self, message: str, fmt: str | None, rejected: int, samples: list[dict]) -> None:
        super().__init__(message)
        self.format = fmt
        self.rejected = rejected
        self.samples = samples


@dataclass
class StreamParams:
    """The engine's own settings (read from a ServiceSettings, defaults otherwise)."""

    retention_hours: float = 48.0
    score_interval_minutes: float = 5.0
    min_rescore_seconds: float = 5.0
    fit_mode: str = "window"
    fit_min_hours: float = 6.0
    suppress_false_positives: bool = True
    withdraw_unconfirmed: bool = True
    max_rejected_samples: int = 10

    @classmethod
    def from_settings(cls, settings: Settings) -> "StreamParams":
        return cls(**{name: getattr(settings, name) for name in cls.__dataclass_fields__ if hasattr(settings, name)})


@dataclass
class IngestResult:
    """What one ingest did."""

    accepted: int
    rejected: int
    duplicates: int
    format: str
    rejected_samples: list[dict]
    journal_seq: int | None = None

    def to_dict(self) -> dict:
        return {
            "accepted": self.accepted,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "format": self.format,
            "rejected_samples": self.rejected_samples,
        }


@dataclass
class ScoreResult:
    """What one analysis of the window did."""

    scored: bool
    reason: str | None = None
    sessions: int = 0
    records: int = 0
    alerts: int = 0
    raised: int = 0
    updated: int = 0
    withdrawn: int = 0
    duration_s: float = 0.0
    window_start: str | None = None
    window_end: str | None = None

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class _Chunk:
    frame: pd.DataFrame
    hashes: np.ndarray  # int64, one per row
    min_ns: int
    max_ns: int


@dataclass
class _MemoryAlerts:
    """Alert storage when the engine runs without a store."""

    docs: dict[str, dict] = field(default_factory=dict)

    def upsert_alerts(self, docs: list[dict], **_: Any):
        from types import SimpleNamespace

        raised = [(d["kind"], d["severity"]) for d in docs if d["alert_id"] not in self.docs]
        for d in docs:
            self.docs[d["alert_id"]] = {**d, "status": "open"}
        return SimpleNamespace(raised=raised, updated=len(docs) - len(raised), withdrawn=0)


def _iso_ns(ns: int | None) -> str | None:
    if ns is None:
        return None
    return pd.Timestamp(int(ns), unit="ns", tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def line_hashes(lines: Sequence[str]) -> np.ndarray:
    """64-bit hashes of raw lines (in-memory de-duplication only; never stored)."""
    return np.fromiter((hash(line) for line in lines), dtype=np.int64, count=len(lines))


def split_body(text: str) -> list[str]:
    """Split a body into lines: ``\\n`` or ``\\r\\n``; a final newline adds no empty line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


class StreamEngine:
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
        self._alerts = store if store is not None else _MemoryAlerts()
        self.observer = observer
        self.clock = clock
        self._data_lock = threading.Lock()
        self._score_lock = threading.Lock()
        self._chunks: list[_Chunk] = []
        self._counts: Counter = Counter()
        self._n_records = 0
        self._newest_ns: int | None = None
        self._oldest_ns: int | None = None
        self._next_line_no = 1
        self._w3c_fields: dict[str, str] = {}
        self._scored_upto_ns: int | None = None
        self._dirty = False
        self._force = False
        self._last_score_wall = 0.0
        self.last_scoring: ScoreResult | None = None
        self.last_scoring_at: float | None = None
        self._fitted = None  # fit_mode="first": the frozen model
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
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
        from detector.io.errors import LogReadError
        from detector.io.formats import detect_format
        from detector.io.reader import parse_lines

        if not lines or not any(line.strip() for line in lines):
            raise NothingParsed("the body holds no log lines", fmt, 0, [])
        if fmt is None:
            fmt = self.settings.input_format
        if fmt is None and self.settings.log_format:
            fmt = "logformat"
        log_format = self.settings.log_format if fmt == "logformat" else None
        if fmt is None:
            sample = [line for line in lines[: DETECT_SAMPLE * 4] if line.strip()][:DETECT_SAMPLE]
            if not any(line.startswith("#") for line in sample) and self._w3c_fields.get(source):
                sample = [self._w3c_fields[source], *sample]
            try:
                fmt = detect_format(sample)
            except LogReadError as exc:
                raise NothingParsed(f"cannot tell the log format: {exc}", None, len(lines), []) from None
        prefix: list[str] = []
        if fmt == "w3c":
            lines, prefix = self._w3c_header(lines, source)
        try:
            records, rejected, n_lines = parse_lines(
                [*prefix, *lines],
                fmt,
                log_format=log_format,
                first_line_no=1 - len(prefix),
                file_label=f"<{source}>",
            )
        except (LogReadError, ValueError) as exc:
            raise NothingParsed(f"no line parsed as {fmt}: {exc}", fmt, len(lines), []) from None
        samples = [
            {"line_no": int(r.line_no), "reason": str(r.reason)}
            for r in rejected[: self.params.max_rejected_samples]
            if int(r.line_no) >= 1
        ]
        n_rejected = sum(1 for r in rejected if int(r.line_no) >= 1)
        if records.empty:
            reasons = Counter(str(r.reason) for r in rejected)
            why = "; ".join(f"{n} × {reason}" for reason, n in reasons.most_common(3)) or "no data lines"
            if self.observer is not None and journal:
                self.observer.on_ingest(fmt, 0, n_rejected, 0)
            raise NothingParsed(f"no line parsed as {fmt} ({why})", fmt, n_rejected, samples)

        idx = records["line_no"].to_numpy(dtype=np.int64) - 1  # positions in `lines`
        raw = [lines[i] for i in idx]
        hashes = line_hashes(raw)
        with self._data_lock:
            keep = self._new_copies(hashes)
            n_new = int(keep.sum())
            seq = None
            if n_new:
                kept_raw = [raw[i] for i in np.flatnonzero(keep)]
                frame = records.loc[keep].reset_index(drop=True)
                ts_ns = frame["ts"].array.asi8
                if journal and self.store is not None:
                    seq = self.store.journal_append(prefix + kept_raw, fmt, source, int(ts_ns.max()))
                # global arrival order: line numbers keep counting across batches
                frame["file_idx"] = np.int32(0)
                frame["line_no"] = np.arange(self._next_line_no, self._next_line_no + n_new, dtype=np.int64)
                self._next_line_no += n_new
                kept_hashes = hashes[keep]
                self._counts.update(kept_hashes.tolist())
                self._chunks.append(_Chunk(frame, kept_hashes, int(ts_ns.min()), int(ts_ns.max())))
                self._n_records += n_new
                self._newest_ns = max(self._newest_ns or ts_ns.max(), int(ts_ns.max()))
                self._oldest_ns = min(self._oldest_ns or ts_ns.min(), int(ts_ns.min()))
                self._dirty = True
                self._prune_chunks()
            newest, n_records = self._newest_ns, self._n_records
        duplicates = len(raw) - n_new
        if self.observer is not None:
            if journal:
                self.observer.on_ingest(fmt, len(raw), n_rejected, duplicates)
            self.observer.on_retained(n_records, newest)
        if self._due():
            self._wake.set()
        return IngestResult(len(raw), n_rejected, duplicates, fmt, samples, seq)

    def _w3c_header(self, lines: Sequence[str], source: str) -> tuple[list[str], list[str]]:
        """Remember this source's last ``#Fields:`` line; prefix it when a batch starts without one."""
        previous = self._w3c_fields.get(source)
        first_data = next((i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")), len(lines))
        has_header = any(line.startswith("#Fields:") for line in lines[:first_data])
        for line in lines:
            if line.startswith("#Fields:"):
                self._w3c_fields[source] = line
        if not has_header and previous is not None:
            return list(lines), [previous]
        return list(lines), []

    def _new_copies(self, hashes: np.ndarray) -> np.ndarray:
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

    def _prune_chunks(self) -> None:
        """Drop whole chunks older than the retention window (called under the data lock)."""
        if self._newest_ns is None:
            return
        cutoff = self._newest_ns - int(self.params.retention_hours * 3600e9)
        if all(c.max_ns >= cutoff for c in self._chunks):
            return
        kept = []
        for chunk in self._chunks:
            if chunk.max_ns < cutoff:
                self._counts.subtract(chunk.hashes.tolist())
                self._n_records -= len(chunk.frame)
            else:
                kept.append(chunk)
        self._chunks = kept
        self._counts = +self._counts  # drop zero counts
        self._oldest_ns = min((c.min_ns for c in kept), default=None)
        if self.store is not None:
            try:
                self.store.journal_prune(cutoff)
            except Exception as exc:  # pruning is housekeeping; never fail an ingest for it
                log.warning("journal prune failed (%s)", type(exc).__name__)

    def _snapshot(self) -> tuple[pd.DataFrame, int | None]:
        """All retained records (rows older than the window removed), consolidated into one chunk."""
        with self._data_lock:
            if not self._chunks:
                return pd.DataFrame(), None
            cutoff = self._newest_ns - int(self.params.retention_hours * 3600e9)
            frame = pd.concat([c.frame for c in self._chunks], ignore_index=True) if len(self._chunks) > 1 else self._chunks[0].frame
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
                self._oldest_ns = int(ts_ns.min())
            else:
                self._chunks = []
                self._oldest_ns = None
            self._n_records = len(frame)
            self._dirty = False
            return frame, self._newest_ns

    # ----------------------------------------------------------------- scoring
    def _due(self) -> bool:
        if self._newest_ns is None:
            return False
        if self._force:
            return True
        if not self._dirty:
            return False
        base = self._scored_upto_ns if self._scored_upto_ns is not None else self._oldest_ns
        return (self._newest_ns - (base or self._newest_ns)) >= self.params.score_interval_minutes * 60e9

    def maybe_score(self) -> ScoreResult | None:
        """Score when enough new log time arrived and the wall-clock throttle allows."""
        if not self._due():
            return None
        if time.monotonic() - self._last_score_wall < self.params.min_rescore_seconds:
            return None
        return self.flush()

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
        window_start = _iso_ns(int(records["ts"].array.asi8.min()))
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
            window_end=_iso_ns(newest),
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

    # ------------------------------------------------------------- background
    def start(self) -> None:
        """Score in a background thread whenever due (idempotent)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="detector-scorer", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop the background thread; an analysis still running is abandoned (it is redone from the journal)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def request_scoring(self) -> None:
        """Ask the background thread to score at its next chance, due or not."""
        self._force = True
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(1.0)
            self._wake.clear()
            if self._stop.is_set():
                return
            wait = self.params.min_rescore_seconds - (time.monotonic() - self._last_score_wall)
            if wait > 0 and self._due():
                self._stop.wait(min(wait, 60.0))
                self._wake.set()
                continue
            try:
                if self._due():
                    self.flush()
            except Exception as exc:  # keep the thread alive whatever happens
                log.error("background scoring failed (%s)", type(exc).__name__)

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
            newest, oldest, n = self._newest_ns, self._oldest_ns, self._n_records
        now = self.clock()
        return {
            "retained_records": n,
            "window_start": _iso_ns(oldest),
            "newest_log_time": _iso_ns(newest),
            "ingest_lag_seconds": None if newest is None else round(now - newest / 1e9, 3),
            "last_scoring_at": self.last_scoring_at,
            "last_scoring": self.last_scoring.to_dict() if self.last_scoring else None,
            "model": "file" if self.model is not None else ("frozen-first-window" if self._fitted is not None else "fitted-per-window"),
        }


# --------------------------------------------------------------------------- alert documents
def alert_documents(analysis: Analysis, max_sessions: int = MAX_SESSIONS_LISTED) -> list[dict]:
    """Each alert as a dict plus its session details and per-minute activity.

    Activity rows carry counts only (requests, errors, distinct record
    entities): never a path or an identifier.
    """
    alerts = analysis.alerts
    if not alerts:
        return []
    data = analysis.data
    sessions = data.sessions
    requests = data.requests
    table = analysis.sessions
    sid_to_idx = pd.Series(sessions.index.to_numpy(), index=sessions["session_id"].to_numpy())
    sid_to_idx = sid_to_idx[~sid_to_idx.index.duplicated()]
    starts = sessions["start"].to_numpy(dtype=np.int64)
    stops = sessions["stop"].to_numpy(dtype=np.int64)
    ts_ns = requests["ts"].array.asi8 if len(requests) else np.zeros(0, dtype=np.int64)
    status = requests["status"].to_numpy() if "status" in requests else np.zeros(len(requests))
    entity = requests["entity"] if "entity" in requests.columns else None
    cols = [c for c in ("session_id", "client_ip", "user_agent", "first_seen", "last_seen", "requests", "score", "rules") if c in table.columns]
    docs = []
    for alert in alerts:
        doc = alert.to_dict()
        idx = sid_to_idx.reindex(alert.session_ids).dropna().astype(np.int64).to_numpy()
        listed = table.loc[table.index.intersection(idx[:max_sessions]), cols]
        doc["sessions"] = _records(listed)
        if len(idx):
            pos = np.concatenate([np.arange(starts[i], stops[i]) for i in idx])
            minute = ts_ns[pos] // 60_000_000_000
            frame = pd.DataFrame({"m": minute, "err": status[pos] >= 400})
            agg = frame.groupby("m").agg(requests=("err", "size"), errors=("err", "sum"))
            if entity is not None:
                ent = pd.DataFrame({"m": minute, "e": entity.to_numpy()[pos]})
                agg["distinct_entities"] = ent.dropna().groupby("m")["e"].nunique().reindex(agg.index).fillna(0)
            agg = agg.iloc[-MAX_ACTIVITY_MINUTES:]
            doc["activity"] = [
                {
                    "minute": _iso_ns(int(m) * 60_000_000_000),
                    "requests": int(row.requests),
                    "errors": int(row.errors),
                    **({"distinct_entities": int(row.distinct_entities)} if entity is not None else {}),
                }
                for m, row in zip(agg.index, agg.itertuples())
            ]
        else:
            doc["activity"] = []
        docs.append(doc)
    return docs


def _records(frame: pd.DataFrame) -> list[dict]:
    out = []
    for rec in frame.to_dict(orient="records"):
        clean = {}
        for k, v in rec.items():
            if isinstance(v, (np.integer,)):
                v = int(v)
            elif isinstance(v, (np.floating, float)):
                v = None if math.isnan(float(v)) else float(v)
            elif isinstance(v, pd.Timestamp):
                v = v.strftime("%Y-%m-%dT%H:%M:%SZ")
            clean[k] = v
        out.append(clean)
    return out


def iter_batches(lines: Iterable[str], size: int) -> Iterable[list[str]]:
    """Group lines into lists of at most ``size``."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
