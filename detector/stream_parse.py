"""Turning a posted batch of raw lines into records, for the streaming engine.

:class:`BatchParser` picks the batch's format (the one asked for, else the
configured ``input_format`` or ``log_format``, else detected from the batch),
remembers each source's last W3C ``#Fields:`` directive so that later batches
of W3C data without one still parse (only a batch that is not recognised on
its own and whose lines fit that directive is read with it: a combined or
JSON-lines batch is never read as W3C), and parses with the reader's RE2/Arrow fast path
when the format has one (``parse_bytes``, what ``detector scan`` uses),
else :func:`detector.io.reader.parse_lines`.  :func:`split_body` and
:func:`iter_batches` cut text and line streams into batches.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from detector.config import Settings
from detector.stream_types import NothingParsed, StreamParams

__all__ = ["DETECT_SAMPLE", "BatchParser", "ParsedBatch", "iter_batches", "split_body"]

#: Lines looked at to detect a batch's format.
DETECT_SAMPLE = 50


def split_body(text: str) -> list[str]:
    """Split a body into lines: ``\\n`` or ``\\r\\n``; a final newline adds no empty line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if "\r" not in text:
        return lines
    return [line[:-1] if line.endswith("\r") else line for line in lines]


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


@dataclass
class ParsedBatch:
    """One batch, parsed.

    Attributes
    ----------
    records : pandas.DataFrame
        Parsed records; ``line_no`` counts from 1 within ``lines``.  May be
        empty (see :meth:`nothing_parsed`).
    lines : sequence of str
        The batch's lines (``records.line_no - 1`` indexes them).
    prefix : list of str
        A remembered W3C ``#Fields:`` line parsed before ``lines`` (not part
        of the batch), or empty.
    format : str
    rejected : int
        Lines of the batch that did not parse, or were refused (:meth:`refuse`).
    samples : list of dict
        The first rejected lines' ``line_no`` and ``reason``.
    reasons : list
        Why each rejected line (the prefix's too) did not parse or was refused.
    refused : int
        Lines that parsed but were refused (:meth:`refuse`).
    """

    records: pd.DataFrame
    lines: Sequence[str]
    prefix: list[str]
    format: str
    rejected: int
    samples: list[dict]
    reasons: list[Any]
    refused: int = 0

    def nothing_parsed(self) -> NothingParsed:
        """The error for a batch with no record, naming the most common reasons."""
        counts = Counter(str(reason) for reason in self.reasons)
        why = "; ".join(f"{n} × {reason}" for reason, n in counts.most_common(3)) or "no data lines"
        verb = "accepted" if self.refused else "parsed"
        return NothingParsed(f"no line {verb} as {self.format} ({why})", self.format, self.rejected, self.samples)

    def refuse(self, mask: np.ndarray, reason: str, max_samples: int) -> int:
        """Reject the parsed records where ``mask`` is true (counted and sampled like lines that do not parse).

        Parameters
        ----------
        mask : numpy.ndarray of bool
            One value per row of :attr:`records`.
        reason : str
            Why (never quoting the line).
        max_samples : int
            Bound of :attr:`samples`.

        Returns
        -------
        int
            Records rejected.
        """
        n = int(mask.sum())
        if not n:
            return 0
        numbers = self.records["line_no"].to_numpy()[mask]
        self.records = self.records.loc[~mask].reset_index(drop=True)
        self.rejected += n
        self.refused += n
        self.reasons += [reason] * n
        added = [{"line_no": int(no), "reason": reason} for no in numbers[:max_samples]]
        self.samples = sorted(self.samples + added, key=lambda s: s["line_no"])[:max_samples]
        return n

    def journal_lines(self, positions: Sequence[int]) -> list[str]:
        """The lines at ``positions`` (indexes into :attr:`lines`), as journalled: re-parseable on their own.

        A W3C batch's lines are preceded by the ``#Fields:`` directive each
        was parsed with (the batch's own, or the remembered :attr:`prefix`),
        a CSV batch's by its header row, so that replaying the journal reads
        them with the same columns.
        """
        from detector.io.formats import DIRECTIVE_FORMATS, layout_line, sets_columns

        if self.format in DIRECTIVE_FORMATS:
            is_header = sets_columns
        elif self.format == "csv":
            is_header = layout_line("csv")
        else:
            return [self.lines[i] for i in positions]
        at = [i for i, line in enumerate(self.lines) if is_header(line)]
        before = self.prefix[-1] if self.prefix else None
        out: list[str] = []
        written = None
        for i in positions:
            k = bisect.bisect_left(at, i)
            header = self.lines[at[k - 1]] if k else before
            if header is not None and header != written:
                out.append(header)
                written = header
            out.append(self.lines[i])
        return out


class BatchParser:
    """Parse batches of raw lines, remembering each source's W3C header.

    Parameters
    ----------
    settings : Settings
        ``input_format`` and ``log_format`` choose the format when a batch
        does not name one.
    params : StreamParams
        ``max_rejected_samples`` bounds the samples of rejected lines.
    """

    def __init__(self, settings: Settings, params: StreamParams) -> None:
        self.settings = settings
        self.params = params
        self._columns: dict[str, str] = {}  # each source's last #Fields: (W3C) or #fields (Zeek) directive
        self._parsers: dict[tuple, Any] = {}

    def parse(self, lines: Sequence[str], fmt: str | None, source: str) -> ParsedBatch:
        """Parse one batch.

        Parameters
        ----------
        lines : sequence of str
            Raw log lines without newlines.
        fmt : str, optional
            one of :data:`detector.io.formats.FORMATS` or ``logformat``;
            None uses the configured format, else detects it.
        source : str
            Names the stream whose W3C header is remembered.

        Returns
        -------
        ParsedBatch

        Raises
        ------
        NothingParsed
            The batch is empty, its format is unknown, or the parser refuses it.
        """
        from detector.io.errors import LogReadError
        from detector.io.formats import DIRECTIVE_FORMATS
        from detector.io.reader import parse_lines

        if not lines or not any(line.strip() for line in lines):
            raise NothingParsed("the body holds no log lines", fmt, 0, [])
        if fmt is None:
            fmt = self.settings.input_format
        if fmt is None and self.settings.log_format:
            fmt = "logformat"
        log_format = self.settings.log_format if fmt == "logformat" else None
        if fmt is None:
            fmt = self._detect(lines, source)
        prefix: list[str] = []
        if fmt in DIRECTIVE_FORMATS:
            lines, prefix = self._columns_prefix(lines, source)
        try:
            records, rejected = self._parse_fast(lines, fmt, log_format, source) if not prefix else (None, None)
            if records is None:
                records, rejected, _ = parse_lines(
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
        return ParsedBatch(records, lines, prefix, fmt, n_rejected, samples, [r.reason for r in rejected])

    def _detect(self, lines: Sequence[str], source: str) -> str:
        """The batch's format, detected from its own first lines.

        Only when they are not recognised on their own (or only by the
        ``inferred`` reader's guess), carry no directive and fit the source's
        remembered ``#Fields:`` (or Zeek ``#fields``) directive, as many
        columns, are they W3C (or Zeek) data continuing an earlier batch.

        Raises
        ------
        NothingParsed
            No format can be told.
        """
        from detector.io.errors import LogReadError
        from detector.io.formats import detect_format, fits_columns

        sample = [line for line in lines[: DETECT_SAMPLE * 4] if line.strip()][:DETECT_SAMPLE]
        header = self._columns.get(source)
        fitting = fits_columns(sample, header) if header is not None else None
        try:
            found = detect_format(lines)  # the first 50 lines vote; more are looked at for an app's user field
        except LogReadError as exc:
            if fitting is not None:
                return fitting
            raise NothingParsed(f"cannot tell the log format: {exc}", None, len(lines), []) from None
        return fitting if found == "inferred" and fitting is not None else found

    def _parse_fast(self, lines: Sequence[str], fmt: str, log_format: str | None, source: str) -> tuple[Any, Any]:
        """Parse through the reader's RE2/Arrow path (what ``detector scan`` uses on files), when the format has one.

        Returns ``(None, None)`` when it has none (JSON lines, W3C) or the
        lines carry syslog headers or a container runtime's wrapper
        (Docker, CRI, ``kubectl --timestamps``): :func:`detector.io.reader.parse_lines`
        then parses them (same records either way, several times slower).
        """
        from detector.io.formats import container_wrapper, make_parser
        from detector.io.report import Rejected
        from detector.io.syslog import looks_like_syslog

        key = (fmt, log_format)
        parser = self._parsers.get(key)
        if parser is None:
            parser = self._parsers[key] = make_parser(fmt, log_format=log_format)
        if not hasattr(parser, "parse_bytes") or looks_like_syslog(lines):
            return None, None
        if container_wrapper(lines, lambda: make_parser(fmt, log_format=log_format)) is not None:
            return None, None
        data = "\n".join(lines).encode("utf-8", "replace")
        records, rejects = parser.parse_bytes([data], [len(lines)], 1, 0)
        return records, [Rejected(f"<{source}>", no, reason) for no, reason in rejects]

    def _columns_prefix(self, lines: Sequence[str], source: str) -> tuple[list[str], list[str]]:
        """Remember this source's last column directive (W3C's ``#Fields:``, Zeek's ``#fields``); prefix it when a batch
        starts without one."""
        from detector.io.formats import sets_columns

        previous = self._columns.get(source)
        first_data = next((i for i, line in enumerate(lines) if line.strip() and not line.startswith("#")), len(lines))
        has_header = any(sets_columns(line) for line in lines[:first_data])
        for line in lines:
            if sets_columns(line):
                self._columns[source] = line
        if not has_header and previous is not None:
            return list(lines), [previous]
        return list(lines), []
