"""Parser for Squid's native access log (``logformat squid``), forward or reverse proxy.

Squid, unless configured otherwise, writes one request per line as::

    1706884445.123    245 203.0.113.5 TCP_MISS/200 5120 GET http://sis.example.org/student?id=7 jsmith HIER_DIRECT/10.20.0.15 text/html

that is (``%ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %[un %Sh/%<a %mt``):
the time the request **finished**, as Unix seconds with milliseconds (UTC),
the elapsed time in milliseconds right-aligned in six columns, the client
address, Squid's result code and the HTTP status, the bytes sent to the
client, the method, the URL (absolute, or ``host:port`` for ``CONNECT``),
the user name (proxy authentication, ident, or a name an accelerator
learned from the application; ``-`` when none), the hierarchy code and peer,
and the MIME type.  There is no user agent or referer.

The start of a request is its finishing time less the elapsed time, so
requests are placed when they were made, as other formats log them.  User
names are URL-decoded (Squid escapes the ones it logs).  Squid's
``logformat combined`` is Apache's combined with ``%Ss:%Sh`` after the user
agent and is read by the combined reader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import unquote

import numpy as np
import pandas as pd

from detector.io.records import absent, assemble, match_lines, normalize_target, timestamp_rejects, to_number
from detector.schema import empty_records

_SQUID_RE = re.compile(
    r"(\d{9,11})(?:\.(\d{1,6}))?\s+"  # finish time: Unix seconds and their fraction
    r"(-?\d+)\s+"  # elapsed ms
    r"(\S+)\s+"  # client address
    r"[A-Z_]+(?:/|:)(\d{3}|-|0{1,3})\s+"  # result code / HTTP status
    r"(\d+|-)\s+"  # bytes sent to the client
    r"([A-Z_]+|-|NONE)\s+"  # method
    r"(\S+)\s+"  # URL
    r"(\S+)\s+"  # user
    r"[A-Z_]+/\S+"  # hierarchy code / peer
    r"(?:\s+(\S+))?\s*$"  # MIME type
)
#: Rejection reason of a line that is not in Squid's native format.
NOT_SQUID = "line does not match Squid's native access log format"


def looks_like_squid(line: str) -> bool:
    """True when the line is one request in Squid's native access log format."""
    return _SQUID_RE.match(line.strip()) is not None


def _user(text: str) -> str | None:
    if absent(text):
        return None
    name = unquote(text) if "%" in text else text
    return None if absent(name) else name


def _row(m: re.Match) -> tuple:
    seconds, fraction, elapsed, ip, status, sent, method, url, user = m.groups()[:9]
    method = None if method in ("-", "NONE") else method
    # Squid's own error when no request arrived (``error:invalid-request``): a record without a path, counted
    path = "" if url.startswith("error:") else None if absent(url) else normalize_target(url, method or "")
    return (seconds, fraction or "", elapsed, ip, status, sent, method, path, _user(user))


def _start_ns(seconds: list[str], fractions: list[str], elapsed: np.ndarray) -> np.ndarray:
    """When each request started: its finishing time less its elapsed milliseconds, in nanoseconds."""
    whole = np.array(seconds, dtype=np.int64) * 1_000_000_000
    frac = np.array([int((f + "000000000")[:9]) if f else 0 for f in fractions], dtype=np.int64)
    taken = np.where(np.isfinite(elapsed) & (elapsed > 0), elapsed, 0.0)
    return whole + frac - (taken * 1_000_000).astype(np.int64)


class SquidParser:
    """Stateless parser for Squid's native access log (see the module docstring)."""

    name = "squid"

    def parse(self, lines: Sequence[str], first_line_no: int, file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """:meth:`detector.io.formats.LineParser.parse`."""
        rows, nos, rejects = match_lines(lines, first_line_no, _SQUID_RE.match, NOT_SQUID, _row)
        if not rows:
            return empty_records(), rejects
        seconds, fractions, elapsed, ip, status, sent, method, path, user = (list(c) for c in zip(*rows))
        taken = to_number(elapsed, len(seconds))
        ts = _start_ns(seconds, fractions, taken)
        keep = timestamp_rejects(ts, nos, rejects)
        return assemble(
            ts_ns=ts, offset_min=np.zeros(len(ts)), line_no=nos, file_idx=file_idx,
            client_ip=ip, user=user, method=method, path=path, status=status, nbytes=sent,
            duration_ms=taken, keep=keep,
        ), rejects


__all__ = ["NOT_SQUID", "SquidParser", "looks_like_squid"]
