"""What a read did: files, formats, line counts, rejected lines and warnings."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field, fields

#: How many rejected lines a report keeps as samples.
MAX_SAMPLES = 20


@dataclass
class Rejected:
    """A line that could not be parsed: where, and why (never its content)."""

    file: str
    line_no: int
    reason: str


@dataclass
class FileTally:
    """What the reading of one file (or of a piece of it) saw, for the per-file checks.

    ``notes`` are the warnings found while deciding the file's format (they
    are also in the report's ``warnings``).  ``reasons`` counts rejections
    by reason, in the order the reasons were first met.  ``other_events``
    counts the lines that are neither blank, nor read, nor rejected: an
    app's or a sensor's events that are not requests (JSON readers only).
    """

    label: str
    fmt: str | None
    seen: int = 0
    parsed: int = 0
    rejected: int = 0
    other_events: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, other: FileTally) -> None:
        """Add a later piece of the same file."""
        self.seen += other.seen
        self.parsed += other.parsed
        self.rejected += other.rejected
        self.other_events += other.other_events
        for reason, count in other.reasons.items():
            self.reasons[reason] = self.reasons.get(reason, 0) + count


@dataclass
class ReadReport:
    """What a read did: files, formats, line counts, rejections, warnings.

    ``lines_read`` counts every physical line, ``lines_parsed`` the records
    produced, ``lines_rejected`` the lines refused with a reason and
    ``lines_skipped`` the rest (blank lines, W3C directives, a Rails log's messages other than requests).
    ``syslog_files`` lists the files whose lines carried a syslog header,
    removed before parsing.

    ``pending`` holds, by ``file_idx``, the files planned or read but not
    yet through their per-file checks (see :mod:`detector.io.tasks`); it is
    empty once a read is finished and is left out of :meth:`to_dict` and of
    comparisons.
    """

    files: list[str] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)
    lines_read: int = 0
    lines_parsed: int = 0
    lines_rejected: int = 0
    lines_skipped: int = 0
    rejected_by_format: dict[str, int] = field(default_factory=dict)
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    rejected_samples: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    syslog_files: list[str] = field(default_factory=list)
    pending: dict[int, FileTally] = field(default_factory=dict, repr=False, compare=False)

    def add_rejects(self, fmt: str, rejects: list[Rejected]) -> None:
        """Count rejected lines and keep the first :data:`MAX_SAMPLES`."""
        if not rejects:
            return
        self.lines_rejected += len(rejects)
        self.rejected_by_format[fmt] = self.rejected_by_format.get(fmt, 0) + len(rejects)
        for reason, count in Counter(r.reason for r in rejects).items():
            self.rejected_by_reason[reason] = self.rejected_by_reason.get(reason, 0) + count
        room = MAX_SAMPLES - len(self.rejected_samples)
        if room > 0:
            self.rejected_samples.extend(rejects[:room])

    def to_dict(self) -> dict:
        """The report as plain JSON-serialisable types (for ``summary.json``)."""
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self) if f.name != "pending"}


def _plain(value: object) -> object:
    if isinstance(value, list):
        return [asdict(v) if isinstance(v, Rejected) else v for v in value]
    return dict(value) if isinstance(value, dict) else value


__all__ = ["MAX_SAMPLES", "FileTally", "ReadReport", "Rejected"]
