"""When the streaming engine re-analyses its window: due checks, throttle, background thread, refits.

An analysis is due every ``score_interval_minutes`` of new *log* time since
the last one (or at once after :meth:`ScoringScheduleMixin.request_scoring`),
and runs at most once per ``min_rescore_seconds`` of wall time.  A scheduled
analysis is incremental once a model is fitted (``flush(full=False)``: only
the subjects that received new records are re-scored);
:meth:`~ScoringScheduleMixin._pass_model` decides which model an analysis
uses and when the window is re-fitted (every ``refit_minutes`` of log time).
:meth:`~ScoringScheduleMixin.maybe_score` scores in the caller's thread when
due; :meth:`~ScoringScheduleMixin.start` runs a background thread that does
the same whenever an ingest wakes it, so ingest stays fast.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from detector.stream_types import ScoreResult

__all__ = ["ScoringScheduleMixin"]

log = logging.getLogger("detector.stream")


class ScoringScheduleMixin:
    """Scheduling part of :class:`detector.stream.StreamEngine`.

    The engine provides ``params`` (``score_interval_minutes``,
    ``min_rescore_seconds``, ``incremental``, ``fit_mode``,
    ``refit_minutes``), ``_buffer`` (newest and oldest log time held), the
    models (``model`` from a file, ``_fitted``, ``_window_model`` and
    ``_window_fit``) and ``flush(full=...)``; :meth:`_init_schedule` sets the
    state kept here.
    ``_dirty`` is set when records arrive and cleared when a snapshot is
    analysed; ``_scored_upto_ns`` and ``_last_score_wall`` are set by each
    analysis.
    """

    params: Any
    _buffer: Any
    model: Any
    _fitted: Any
    _window_model: Any
    _window_fit: tuple[int, int]

    def _init_schedule(self) -> None:
        self._scored_upto_ns: int | None = None
        self._dirty = False
        self._force = False
        self._last_score_wall = 0.0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _due(self) -> bool:
        newest = self._buffer.newest_ns
        if newest is None:
            return False
        if self._force:
            return True
        if not self._dirty:
            return False
        base = self._scored_upto_ns if self._scored_upto_ns is not None else self._buffer.oldest_ns
        return (newest - (base or newest)) >= self.params.score_interval_minutes * 60e9

    def maybe_score(self) -> ScoreResult | None:
        """Score when enough new log time arrived and the wall-clock throttle allows."""
        if not self._due():
            return None
        if time.monotonic() - self._last_score_wall < self.params.min_rescore_seconds:
            return None
        return self.flush(full=False)

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
                    self.flush(full=False)
            except Exception as exc:  # keep the thread alive whatever happens
                log.error("background scoring failed (%s)", type(exc).__name__)
