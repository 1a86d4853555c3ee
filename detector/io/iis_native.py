"""Parser for Microsoft's "IIS log file format", the native IIS format that predates W3C extended.

Older IIS servers, and servers whose logging was never changed from it, write
one request per line as fifteen comma-separated fields, each comma followed by
a space, and a trailing comma::

    192.168.114.201, -, 03/20/01, 7:55:20, W3SVC2, SALES1, 172.21.13.45, 4502, 163, 3223, 200, 0, GET, /DeptLogo.gif, -,

that is: client address, user name (``DOMAIN\\user`` under Windows
authentication, ``-`` when anonymous), date (``MM/DD/YY``), time, service and
instance, server name, server address, time taken (ms), bytes received,
bytes sent, HTTP status, Windows status, method, target and parameters (the
query string).  There is no user agent or referer.

The time is **the server's local clock** with no zone written, unlike W3C
extended (UTC).  The records carry :data:`detector.schema.LOCAL_CLOCK` as
their offset, and :func:`detector.enrich.enrich_records` reads the times in
the site's time zone (``--timezone``); without one they are taken as UTC and
the detector warns (see :func:`detector.io.formats.sniff_format`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from detector.io.records import absent, assemble, match_lines, normalize_target, timestamp_rejects, to_number
from detector.io.timeparse import parse_strftime
from detector.schema import LOCAL_CLOCK, empty_records

_IIS_NATIVE_RE = re.compile(
    r"([^,\s]+), ([^,]*), "  # client, user
    r"(\d{1,2}/\d{1,2}/\d{2}(?:\d\d)?), (\d{1,2}:\d\d:\d\d), "  # date, time (local)
    r"[^,]*, [^,]*, [^,]*, "  # service and instance, server name, server address
    r"(-?\d+|-), (?:-?\d+|-), (-?\d+|-), "  # time taken, bytes received, bytes sent
    r"(\d+|-), (?:-?\d+|-), "  # HTTP status, Windows status
    r"([^,\s]*), (\S*?), (.*?),?\s*$"  # method, target, parameters, the trailing comma
)
#: Rejection reason of a line that is not in the IIS log file format.
NOT_IIS_NATIVE = "line does not match the IIS log file format"
#: Warning when the format is read without the site's time zone.
LOCAL_TIME_NOTE = ("the IIS log file format writes the server's local time without a zone: its times are "
                   "read in the site's --timezone, or as UTC when none is given")


def looks_like_iis_native(line: str) -> bool:
    """True when the line is one request in the IIS log file format."""
    return _IIS_NATIVE_RE.match(line.strip()) is not None


def _value(text: str) -> str | None:
    text = text.strip()
    return None if absent(text) else text


def _row(m: re.Match) -> tuple:
    ip, user, date, clock, taken, sent, status, method, target, params = m.groups()
    target, params = _value(target), _value(params)
    if target is not None and params is not None and "?" not in target:
        target = f"{target}?{params}"
    method = _value(method)
    return (_value(ip), _value(user), f"{date} {clock}", taken, sent, status, method,
            normalize_target(target, method or "") if target is not None else None)


def _times(stamps: list[str]) -> np.ndarray:
    """Nanoseconds of ``MM/DD/YY H:MM:SS`` (or a four-digit year) wall-clock times (NAT when unreadable)."""
    short = np.array([len(s.split(" ", 1)[0].rsplit("/", 1)[-1]) == 2 for s in stamps], dtype=bool)
    ns = np.empty(len(stamps), dtype=np.int64)
    for mask, fmt in ((short, "%m/%d/%y %H:%M:%S"), (~short, "%m/%d/%Y %H:%M:%S")):
        if mask.any():
            ns[mask] = parse_strftime([s for s, m in zip(stamps, mask) if m], fmt)[0]
    return ns


class IisNativeParser:
    """Stateless parser for the IIS log file format (see the module docstring)."""

    name = "iis_native"

    def parse(self, lines: Sequence[str], first_line_no: int, file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """:meth:`detector.io.formats.LineParser.parse` (times on the server's clock: :data:`detector.schema.LOCAL_CLOCK`)."""
        rows, nos, rejects = match_lines(lines, first_line_no, _IIS_NATIVE_RE.match, NOT_IIS_NATIVE, _row)
        if not rows:
            return empty_records(), rejects
        ip, user, stamp, taken, sent, status, method, path = (list(c) for c in zip(*rows))
        ts = _times(stamp)
        keep = timestamp_rejects(ts, nos, rejects)
        return assemble(
            ts_ns=ts, offset_min=np.full(len(ts), LOCAL_CLOCK), line_no=nos, file_idx=file_idx,
            client_ip=ip, user=user, method=method, path=path, status=status, nbytes=sent,
            duration_ms=to_number(taken, len(ts)), keep=keep,
        ), rejects


__all__ = ["LOCAL_TIME_NOTE", "NOT_IIS_NATIVE", "IisNativeParser", "looks_like_iis_native"]
