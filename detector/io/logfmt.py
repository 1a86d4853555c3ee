"""Parser for logfmt request lines: Heroku's router, and apps' request-logging middleware.

A logfmt line is ``key=value`` pairs separated by spaces, a value quoted
when it holds a space.  Heroku drains (``heroku logs``, a logplex drain)
write each line behind a time and a source, and the router's line for every
request looks like::

    2026-03-10T14:03:12.345678+00:00 heroku[router]: at=info method=GET path="/pupils/12?term=2"
      host=app.example.org request_id=3a1a... fwd="203.0.113.9" dyno=web.3 connect=0ms service=45ms
      status=200 bytes=5312 protocol=https

(one line, wrapped here).  The router knows no user and no user agent, so
apps log their own line per request (Go's and Ruby's logfmt middleware)::

    2026-03-10T14:03:12.350001+00:00 app[web.3]: level=info msg="request" method=GET path="/pupils/12?term=2"
      status=200 duration_ms=44 user_id=jdoe@district.org remote_ip=203.0.113.9 user_agent="Mozilla/5.0 ..."
      request_id=3a1a...

F5 BIG-IP ASM's remote log in its Splunk format is ``key="value"`` pairs
separated by commas behind a syslog header (``ASM:unit_hostname="...",
ip_client="203.0.113.9",method="GET",uri="/pupils",query_string="id=7",
response_code="200",date_time="2026-03-10 14:03:12",username="jdoe",
session_id="a1b2",request="GET /pupils?id=7 HTTP/1.1\\r\\nUser-Agent: ..."``):
the query is put back on the path, the raw request gives the user agent,
referer and session cookie, ``N/A`` is empty and session ``0`` is none.

A line is a request when it has a method, a path and a status under one of
the usual keys (:data:`KEYS`); its time is the leading time stamp or a
``time``/``ts`` key.  Lines of one request that share a ``request_id``
within a chunk are one record: each field is taken from the first line that
has it (the app's user and user agent, the router's bytes).  A pair split by
a chunk boundary gives two records, the router's without a user; chunks are
megabytes, so that is a handful per chunk.  Other lines of the drain (dyno
state changes, job logs) are rejected with their line numbers as not
request lines, like every line that is not one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from detector.io.forwarded import real_clients
from detector.io.records import (absent, assemble, match_lines, normalize_target, session_from_cookies,
                                 timestamp_rejects)
from detector.io.timeparse import NAT, parse_auto
from detector.io.values import RAW_HEADER_FIELDS, durations_ms, raw_request_headers, strip_port
from detector.schema import LOCAL_CLOCK, empty_records

_PAIR_RE = re.compile(r'([A-Za-z_][\w.\-]*)=("(?:[^"\\]|\\.)*"|\S*)')
_PREFIX_RE = re.compile(r"(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?)?\s*"
                        r"(?:[\w.\-]+\[[\w.\-]+\]:\s+)?")
#: Record field -> logfmt keys tried in order.  Words that other lines use for something else (``client=ios``,
#: ``login=ok``, ``t=3``) are left out.
KEYS: dict[str, tuple[str, ...]] = {
    "ts": ("time", "ts", "timestamp", "@timestamp", "date_time"),
    "client_ip": ("remote_ip", "client_ip", "remote_addr", "ip", "peer_addr", "ip_client"),
    "forwarded_for": ("fwd", "x_forwarded_for", "forwarded_for", "xff", "x_forwarded_for_header_value"),
    "user": ("user_id", "user", "username", "user_email", "email", "uid"),
    "method": ("method", "http_method", "verb", "request_method"),
    "path": ("path", "uri", "url", "request_uri", "request_path"),
    "status": ("status", "status_code", "http_status", "response_code"),
    "bytes": ("bytes", "size", "bytes_out", "response_size", "body_bytes_sent", "bytes_sent"),
    "referer": ("referer", "referrer", "http_referer"),
    "user_agent": ("user_agent", "ua", "agent", "http_user_agent", "useragent"),
    "session": ("session_id", "session", "sess", "sid"),
    "request_id": ("request_id", "req_id", "requestid", "request-id", "x_request_id", "trace_id"),
}
#: Duration keys and the milliseconds per unit of a value written without one (Heroku's ``service=45ms``).
DURATION_KEYS: tuple[tuple[str, float], ...] = (("duration_ms", 1.0), ("elapsed_ms", 1.0), ("latency_ms", 1.0),
                                                ("service", 1.0), ("duration", 1e3), ("elapsed", 1e3),
                                                ("latency", 1e3), ("took", 1.0))
#: Time keys written on the device's local clock without a zone (F5 ASM's ``date_time``): read in ``--timezone``.
LOCAL_CLOCK_KEYS = ("date_time",)
#: Keys of a query string logged apart from the path (F5 ASM's ``query_string``).
QUERY_KEYS = ("query_string", "query")
_ZONED_TS_KEYS = tuple(k for k in KEYS["ts"] if k not in LOCAL_CLOCK_KEYS)
_FIELDS = tuple(KEYS)
_TS, _REQUEST_ID = _FIELDS.index("ts"), _FIELDS.index("request_id")
#: Rejection reason of a line that is not a logfmt request line.
NOT_LOGFMT_REQUEST = "not a logfmt request line (no method, path and status)"
NO_TIME = "missing timestamp"


def _pairs(m: re.Match) -> tuple[str | None, dict[str, str]]:
    """A line's leading time (or None) and its ``key=value`` pairs, quotes removed, from its prefix match."""
    stamp = m.group(1)
    pairs = {}
    for key, value in _PAIR_RE.findall(m.string, m.end()):
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        pairs.setdefault(key.lower(), value)
    return stamp, pairs


def _first(pairs: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = pairs.get(key)
        if value is not None and not absent(value) and value != "N/A":
            return value
    return None


def looks_like_logfmt(line: str) -> bool:
    """True when the line is a logfmt request line (a time, a method, a path and a status; format detection).

    The time is required: a line without one cannot be read, and a container
    runtime's time in front of the line (``kubectl logs --timestamps``) is
    then the line's own, not a wrapper to remove.
    """
    if "=" not in line:
        return False
    stamp, pairs = _pairs(_PREFIX_RE.match(line))
    fields = ("method", "path", "status") if stamp is not None else ("ts", "method", "path", "status")
    return len(pairs) >= 3 and all(_first(pairs, KEYS[f]) is not None for f in fields)


def _from_raw_request(row: list, pairs: dict[str, str]) -> None:
    """Fill a WAF's row (F5 ASM's key-value format) from its query key and its raw request with headers."""
    path = row[_FIELDS.index("path")]
    query = _first(pairs, QUERY_KEYS)
    if query is not None and "?" not in path:
        row[_FIELDS.index("path")] = f"{path}?{query.lstrip('?')}"
    raw = pairs.get("request")
    if raw is None or "\\r\\n" not in raw:
        return
    headers = raw_request_headers(raw)
    for field, name in RAW_HEADER_FIELDS:
        at = _FIELDS.index("session" if field == "cookie" else field)  # logfmt keeps the session, not the cookie
        if row[at] is None and headers.get(name):
            row[at] = session_from_cookies(headers[name]) if field == "cookie" else headers[name]


def _request(m: re.Match) -> tuple | str:
    """One request line's fields in :data:`_FIELDS` order plus its duration in ms, or why the line is rejected."""
    stamp, pairs = _pairs(m)
    row = [_first(pairs, KEYS[f]) for f in _FIELDS]
    if row[_FIELDS.index("method")] is None or row[_FIELDS.index("path")] is None or row[_FIELDS.index("status")] is None:
        return NOT_LOGFMT_REQUEST
    if stamp is not None:
        row[_TS] = stamp
    _from_raw_request(row, pairs)
    if row[_FIELDS.index("session")] == "0":  # F5 ASM's session before session tracking starts
        row[_FIELDS.index("session")] = None
    if row[_TS] is None:
        return NO_TIME
    duration = np.nan
    for key, scale in DURATION_KEYS:
        value = pairs.get(key)
        if value is not None:
            duration = float(durations_ms([value], scale)[0])
            break
    return (*row, duration, row[_TS] is not None and stamp is None and _first(pairs, _ZONED_TS_KEYS) is None)


def _merge(rows: list[tuple], nos: list[int]) -> tuple[list[tuple], list[int]]:
    """Lines of one request (the same request id) as one row: each field from the first line that has it."""
    by_id: dict[str, int] = {}
    merged: list[list] = []
    kept: list[int] = []
    for row, no in zip(rows, nos):
        rid = row[_REQUEST_ID]
        at = by_id.get(rid) if rid is not None else None
        if at is None:
            if rid is not None:
                by_id[rid] = len(merged)
            merged.append(list(row))
            kept.append(no)
            continue
        target = merged[at]
        for i, value in enumerate(row):
            if target[i] is None or (isinstance(target[i], float) and np.isnan(target[i])):
                target[i] = value
    return [tuple(r) for r in merged], kept


class LogfmtParser:
    """Parse logfmt request lines (Heroku router and app middleware) into records."""

    name = "logfmt"

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
            One record per request (lines sharing a request id merged) and
            ``(line_no, reason)`` for the rejected lines; blank lines are neither.
        """
        # the prefix pattern matches every line (all of it is optional): _request judges the rest
        rows, nos, rejects = match_lines(lines, first_line_no, _PREFIX_RE.match, NOT_LOGFMT_REQUEST, _request)
        if not rows:
            return empty_records(), rejects
        rows, nos = _merge(rows, nos)
        return self._build(rows, nos, file_idx, rejects), rejects

    @staticmethod
    def _build(rows: list[tuple], nos: list[int], file_idx: int, rejects: list[tuple[int, str]]) -> pd.DataFrame:
        cols = dict(zip((*_FIELDS, "duration_ms", "local_clock"), zip(*rows)))
        ts, off = parse_auto(list(cols["ts"]))
        # F5 ASM's date_time is the unit's local clock, written without a zone: read in the site's --timezone
        off[np.asarray(cols["local_clock"], dtype=bool) & np.isnan(off) & (ts != NAT)] = LOCAL_CLOCK
        keep = timestamp_rejects(ts, nos, rejects)
        # a router line names the client only in its X-Forwarded-For chain (detector.io.forwarded reads it)
        clients = real_clients([strip_port(c) for c in cols["client_ip"]], list(cols["forwarded_for"]))
        methods = [m.upper() for m in cols["method"]]
        paths = [normalize_target(p, m) for p, m in zip(cols["path"], methods)]
        return assemble(
            ts_ns=ts, offset_min=off, line_no=nos, file_idx=file_idx,
            client_ip=clients, user=cols["user"], method=methods, path=paths, status=cols["status"],
            nbytes=cols["bytes"], referer=cols["referer"], user_agent=cols["user_agent"],
            app_session=cols["session"], duration_ms=np.asarray(cols["duration_ms"], dtype=np.float64), keep=keep,
        )


__all__ = ["DURATION_KEYS", "KEYS", "LogfmtParser", "NOT_LOGFMT_REQUEST", "looks_like_logfmt"]
