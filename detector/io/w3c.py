"""Parser for W3C extended log files: IIS, and AWS CloudFront standard logs.

Columns come from the ``#Fields:`` directive, in any order, and the
directive may change in the middle of a file (IIS writes a new header when
its logging configuration changes or the service restarts).  ``date`` and
``time`` are UTC.  Values never contain spaces (columns are split on spaces
or tabs): IIS writes ``+`` for a space in the user agent.  CloudFront
(recognised by its ``x-edge-*`` columns) separates columns with tabs,
percent-encodes the user agent and cookies (decoded here) and writes
``time-taken`` in seconds, where IIS writes milliseconds.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence

import numpy as np
import pandas as pd

from detector.io.forwarded import real_clients
from detector.io.records import (
    absent,
    assemble,
    normalize_target,
    session_from_cookies,
    user_from_cookies,
    timestamp_rejects,
    to_number,
)
from detector.io.timeparse import parse_auto
from detector.io.values import decode_percent
from detector.schema import UA_NOT_LOGGED, empty_records

#: Slot -> W3C field names (lower case) that fill it.
W3C_FIELDS: dict[str, tuple[str, ...]] = {
    "date": ("date",),
    "time": ("time",),
    "client_ip": ("c-ip",),
    "user": ("cs-username",),
    "method": ("cs-method",),
    "stem": ("cs-uri-stem",),
    "query": ("cs-uri-query",),
    "uri": ("cs-uri",),
    "status": ("sc-status",),
    "bytes": ("sc-bytes",),
    "referer": ("cs(referer)", "cs(referrer)"),
    "user_agent": ("cs(user-agent)",),
    "time_taken": ("time-taken",),
    "cookie": ("cs(cookie)",),
    "forwarded_for": ("x-forwarded-for", "cs(x-forwarded-for)", "x-forwarded-for-header"),
}
_SLOTS = tuple(W3C_FIELDS)
#: Columns only CloudFront writes: their presence marks a CloudFront layout.
CLOUDFRONT_FIELDS: frozenset[str] = frozenset({"x-edge-location", "x-edge-request-id", "x-edge-result-type"})
NO_HEADER = "no #Fields header before data"
FIELD_COUNT = "field count differs from #Fields header"


class W3CParser:
    """Stateful parser for W3C extended logs (IIS, CloudFront).

    The current ``#Fields:`` layout carries over between calls to
    :meth:`parse`, so one instance must read one file from start to end.
    """

    name = "w3c"

    def __init__(self) -> None:
        self._nfields = 0
        self._getter: operator.itemgetter | None = None
        self._date: str | None = None
        self._cloudfront = False

    def _directive(self, line: str) -> None:
        head, _, rest = line[1:].partition(":")
        head = head.strip().lower()
        if head == "fields":
            names = [f.lower() for f in rest.split()]
            index = []
            for slot in _SLOTS:
                pos = next((names.index(n) for n in W3C_FIELDS[slot] if n in names), -1)
                index.append(pos)
            self._nfields = len(names)
            self._cloudfront = not CLOUDFRONT_FIELDS.isdisjoint(names)
            self._getter = operator.itemgetter(*index)
        elif head == "date":
            self._date = rest.strip().split(" ")[0] or None

    def parse(self, lines: Sequence[str], first_line_no: int, file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """Parse a chunk of lines (directives update the layout, never rejected).

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
            Records and ``(line_no, reason)`` for the rejected lines.
        """
        rows: list[tuple] = []
        nos: list[int] = []
        rejects: list[tuple[int, str]] = []
        for no, line in enumerate(lines, first_line_no):
            if not line or line.isspace():
                continue
            if line[0] == "#":
                self._directive(line)
                continue
            if self._getter is None:
                rejects.append((no, NO_HEADER))
                continue
            parts = line.strip().split()
            if len(parts) != self._nfields:
                rejects.append((no, FIELD_COUNT))
                continue
            parts.append(None)
            rows.append(self._getter(parts) + (self._date, self._cloudfront))
            nos.append(no)
        if not rows:
            return empty_records(), rejects
        return self._build(rows, nos, file_idx, rejects), rejects

    @staticmethod
    def _build(rows: list[tuple], nos: list[int], file_idx: int, rejects: list[tuple[int, str]]) -> pd.DataFrame:
        n = len(rows)
        cols = dict(zip(_SLOTS + ("directive_date", "cloudfront"), zip(*rows)))
        cloudfront = np.fromiter(cols["cloudfront"], dtype=bool, count=n)
        stamps = [f"{d or dd} {t}" if t is not None and (d or dd) else None
                  for d, t, dd in zip(cols["date"], cols["time"], cols["directive_date"])]
        ts, _ = parse_auto(stamps)
        keep = timestamp_rejects(ts, nos, rejects)
        offset = np.where(keep, 0.0, np.nan)
        methods = [m if not absent(m) else None for m in cols["method"]]
        paths = []
        for stem, query, uri, method in zip(cols["stem"], cols["query"], cols["uri"], methods):
            target = uri if absent(stem) else stem
            if absent(target):
                paths.append(None)
                continue
            if not absent(query) and "?" not in target:
                target = f"{target}?{query}"
            paths.append(normalize_target(target, method or ""))
        # no cs(User-Agent) in #Fields (None): the log does not record it; '-': the client sent none
        agents = [UA_NOT_LOGGED if a is None else None if absent(a) else decode_percent(a) if cf else a.replace("+", " ")
                  for a, cf in zip(cols["user_agent"], cloudfront)]
        cookies = [decode_percent(c) if cf else c for c, cf in zip(cols["cookie"], cloudfront)]
        duration = to_number(cols["time_taken"], n)
        if cloudfront.any():
            duration = np.where(cloudfront, duration * 1e3, duration)  # CloudFront: seconds
        return assemble(
            ts_ns=ts, offset_min=offset, line_no=nos, file_idx=file_idx,
            # behind a load balancer (IIS's custom X-Forwarded-For field): the client, not the balancer
            client_ip=real_clients([None if absent(v) else v for v in cols["client_ip"]],
                                   [None if absent(v) else v for v in cols["forwarded_for"]]),
            # no user field, or none filled in: the name an application keeps in a cookie of its own
            user=[user_from_cookies(c) if absent(v) else v for v, c in zip(cols["user"], cookies)],
            method=methods, path=paths, status=cols["status"], nbytes=cols["bytes"],
            referer=[None if absent(v) else v for v in cols["referer"]],
            user_agent=agents,
            app_session=[session_from_cookies(c) for c in cookies],
            duration_ms=duration,
            keep=keep,
        )


def looks_like_w3c(lines: Sequence[str]) -> bool:
    """True when the lines carry W3C directives (``#Fields:``, ``#Software:``...)."""
    return any(line.startswith(("#Fields:", "#Software:", "#Version:")) for line in lines)


__all__ = ["W3CParser", "W3C_FIELDS", "looks_like_w3c"]
