"""What :class:`detector.stream.StreamEngine` takes and gives back.

Its own settings (:class:`StreamParams`), what one ingest and one analysis
did (:class:`IngestResult`, :class:`ScoreResult`), the error for a batch in
which nothing parses (:class:`NothingParsed`), and the :class:`Observer` it
tells about ingests and scorings (metrics; see
:class:`service.metrics.ServiceMetrics`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from detector.config import Settings

__all__ = ["IngestResult", "NothingParsed", "Observer", "ReplayReport", "ScoreResult", "StreamParams", "iso_ns"]


class Observer(Protocol):  # pragma: no cover - typing only
    def on_ingest(self, fmt: str, accepted: int, rejected: int, duplicates: int, too_old: int = 0) -> None: ...
    def on_replay(self, lines: int) -> None: ...
    def on_retained(self, records: int, newest_ns: int | None) -> None: ...
    def on_scored(self, duration_s: float, sessions: int, raised: list[tuple[str, str]], mode: str = "full") -> None: ...
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
    refit_minutes: float = 60.0
    incremental: bool = True
    suppress_false_positives: bool = True
    withdraw_unconfirmed: bool = True
    max_rejected_samples: int = 10
    max_future_skew_hours: float = 24.0

    @classmethod
    def from_settings(cls, settings: Settings) -> "StreamParams":
        return cls(**{name: getattr(settings, name) for name in cls.__dataclass_fields__ if hasattr(settings, name)})


@dataclass
class IngestResult:
    """What one ingest did.

    Every non-blank line of a batch is counted once: ``accepted`` (held in
    the retention window and journalled, ``duplicates`` of them already
    held before), ``rejected`` (did not parse, or dated too far ahead of the
    server clock) or ``too_old`` (parsed, but older than the retention
    window: neither retained nor journalled).
    """

    accepted: int
    rejected: int
    duplicates: int
    format: str
    rejected_samples: list[dict]
    journal_seq: int | None = None
    too_old: int = 0

    def to_dict(self) -> dict:
        return {
            "accepted": self.accepted,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "too_old": self.too_old,
            "format": self.format,
            "rejected_samples": self.rejected_samples,
        }


@dataclass
class ReplayReport:
    """What replaying the journal at start did.

    Attributes
    ----------
    lines : int
        Journalled lines held again.
    batches : int
        Journal batches read.
    failed_batches, failed_lines : int
        Batches in which no line could be parsed again (their lines are not held).
    rejected_lines : int
        Lines of the other batches that were not held again (unparseable, or
        dated too far ahead of the server clock).
    too_old : int
        Lines older than the retention window (not held, as at ingest).
    """

    lines: int = 0
    batches: int = 0
    failed_batches: int = 0
    failed_lines: int = 0
    rejected_lines: int = 0
    too_old: int = 0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class ScoreResult:
    """What one analysis of the window did.

    ``mode`` is ``full`` (every retained record analysed; the model fitted
    on them unless one is given), or ``incremental`` (only the records of
    the ``subjects`` — accounts and addresses — that received new records,
    scored with the model already fitted; see :mod:`detector.stream_subjects`).
    ``records`` counts the records analysed, ``retained`` those held.
    """

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
    mode: str = "full"
    subjects: int = 0
    retained: int = 0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def iso_ns(ns: int | None) -> str | None:
    """ISO 8601 UTC (whole seconds, ``Z``) of a nanosecond timestamp; None stays None."""
    if ns is None:
        return None
    return pd.Timestamp(int(ns), unit="ns", tz="UTC").strftime("%Y-%m-%dT%H:%M:%SZ")
