"""Parser for Apache/nginx access logs: ``combined``, ``common`` or any ``LogFormat``.

Lines are matched one by one against the fast regex of a
:class:`~detector.io.logformat.CompiledFormat`; the groups of each match go
into a list and the records frame is built once per chunk.  Lines the fast
regex misses take the slow path: unwrap an extra pair of double quotes (the
ocatak scanner logs), then the tolerant regex, then request-line checks.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
import pandas as pd

from detector.io.logformat import COMBINED_FORMAT, COMMON_FORMAT, NULLABLE_ROLES, CompiledFormat
from detector.io.records import BAD_TIMESTAMP, absent, assemble, normalize_target, split_request, to_number
from detector.io.timeparse import NAT, parse_auto, parse_epoch, parse_strftime
from detector.schema import empty_records

_DURATION_SCALE = {"dur_ms": 1.0, "dur_us": 1e-3, "dur_s": 1e3}


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a chunk's row tuples pile up."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class LogFormatParser:
    """Parse lines written with an Apache ``LogFormat`` into records.

    Parameters
    ----------
    log_format : str
        The format string.
    name : str
        Name reported for this format (``'combined'``, ``'logformat'``...).
    optional_after : str or None
        See :class:`CompiledFormat`.
    """

    def __init__(self, log_format: str, name: str = "logformat", optional_after: str | None = None) -> None:
        self.name = name
        self.compiled = CompiledFormat(log_format, optional_after)

    def _tolerant(self, line: str) -> tuple | str:
        """Slow path for a line the fast regex rejected: a row tuple or a reason."""
        c = self.compiled
        text = line.strip()
        if len(text) > 1 and text[0] == '"' and text[-1] == '"' and not c.starts_quoted:
            text = text[1:-1]
            m = c.fast.match(text)
            if m is not None:
                return m.groups()
        if c.fast_no_ident is not None:
            m = c.fast_no_ident.match(text)
            if m is not None:
                return m.groups()
        m = c.tolerant.match(text)
        if m is None:
            return f"line does not match {self.name} format"
        vals = dict(zip(c.tol_slots, m.groups()))
        if "request" in vals:
            split = split_request(vals.pop("request"))
            if isinstance(split, str):
                return split
            vals["method"], vals["path"] = split[0], normalize_target(split[1], split[0])
        elif "uri" in vals:
            vals["path"] = normalize_target(vals.pop("uri") or "", vals.get("method") or "")
        for role in NULLABLE_ROLES.intersection(vals):
            if absent(vals[role]):
                vals[role] = None
        return tuple(vals.get(slot) for slot in c.slots)

    def classify(self, line: str) -> str | None:
        """For format detection: ``'full'``, ``'head'`` (tail missing) or ``None``."""
        c = self.compiled
        if c.fast.match(line):
            return "full"
        text = line.strip()
        if len(text) > 1 and text[0] == '"' and text[-1] == '"' and not c.starts_quoted:
            text = text[1:-1]
            if c.fast.match(text):
                return "full"
        m = c.tolerant.match(text)
        if m is None:
            return None
        return "head" if c.has_tail and m.group(c.tail_group) is None else "full"

    def parse(self, lines: Sequence[str], first_line_no: int, file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """Parse a chunk of lines.

        Parameters
        ----------
        lines : Sequence[str]
            Lines without their newline.
        first_line_no : int
            Line number of ``lines[0]``.
        file_idx : int
            Index of the file the lines come from.

        Returns
        -------
        tuple[pandas.DataFrame, list[tuple[int, str]]]
            The records and ``(line_no, reason)`` for every rejected line.
            Blank lines are neither.
        """
        with _gc_paused():
            return self._parse(lines, first_line_no, file_idx)

    def _parse(self, lines: Sequence[str], first_line_no: int, file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        fast = self.compiled.fast.match
        rows: list[tuple] = []
        nos: list[int] = []
        rejects: list[tuple[int, str]] = []
        append, nappend = rows.append, nos.append
        for no, line in enumerate(lines, first_line_no):
            m = fast(line)
            if m is not None:
                append(m.groups())
                nappend(no)
                continue
            if not line or line.isspace():
                continue
            res = self._tolerant(line)
            if type(res) is str:
                rejects.append((no, res))
            else:
                append(res)
                nappend(no)
        return self._build(rows, nos, file_idx, rejects), rejects

    def _build(self, rows: list[tuple], nos: list[int], file_idx: int, rejects: list[tuple[int, str]]) -> pd.DataFrame:
        c = self.compiled
        n = len(rows)
        if n == 0:
            return empty_records()
        cols = dict(zip(c.slots, zip(*rows)))
        times = cols["time"]
        kind = c.time_kind
        if "time_frac" in cols:
            times = [f"{t}.{f}" if t is not None and f is not None else t for t, f in zip(times, cols["time_frac"])]
            if kind != "auto" and kind[0] == "strftime":
                kind = ("strftime", kind[1] + ".%f")
            elif kind != "auto":
                kind = ("epoch", "s")
        if kind == "auto":
            ts, off = parse_auto(times)
        elif kind[0] == "strftime":
            ts, off = parse_strftime(times, kind[1])
        else:
            ts, off = parse_epoch(times, kind[1])
        keep = ts != NAT
        if not keep.all():
            rejects.extend((nos[i], BAD_TIMESTAMP) for i in np.flatnonzero(~keep))
            rejects.sort()
        path = cols.get("path")
        if path is not None and "query" in cols:
            path = [u + q if u is not None and q and q != "-" else u for u, q in zip(path, cols["query"])]
        duration = None
        dur_role = next((slot for slot in c.slots if slot in _DURATION_SCALE), None)
        if dur_role is not None:
            duration = to_number(cols[dur_role], n, scale=_DURATION_SCALE[dur_role])
        return assemble(
            ts_ns=ts, offset_min=off, line_no=nos, file_idx=file_idx,
            client_ip=cols.get("client_ip"), user=cols.get("user"), method=cols.get("method"),
            path=path, status=cols.get("status"), nbytes=cols.get("bytes"),
            referer=cols.get("referer"), user_agent=cols.get("user_agent"),
            app_session=cols.get("app_session"), duration_ms=duration, keep=keep,
        )


def combined_parser() -> LogFormatParser:
    """Parser for the Apache/nginx ``combined`` format (tolerates common lines)."""
    return LogFormatParser(COMBINED_FORMAT, name="combined", optional_after="b")


def common_parser() -> LogFormatParser:
    """Parser for the Common Log Format (anything after the byte count ignored)."""
    return LogFormatParser(COMMON_FORMAT, name="common")


__all__ = ["LogFormatParser", "combined_parser", "common_parser"]
