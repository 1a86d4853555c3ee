"""Reader of access logs in a layout no format here names, its fields found by what they look like.

Sites write their own layouts: an nginx ``log_format`` with the ISO time first
and ``key=value`` fields at the end, a proxy's or an app server's own line.
When no known format fits, the lines are cut into fields (a quoted string, a
bracketed one, or a run without spaces) and, if most lines have the same
number of fields, each field position is given the one kind most of its
values look like (:func:`infer_layout`):

* a time: ISO 8601, ``[10/Oct/2000:13:55:36 -0700]``, or an epoch number;
* an address, and a quoted list of addresses (X-Forwarded-For);
* a method, a quoted request line (``"GET /x HTTP/1.1"``) or a path (``/x``);
* a status (100-599), then the first whole number after it as the bytes sent
  and a decimal one as the seconds taken;
* a quoted user agent (``Mozilla/5.0 (…)``, ``curl/8.4.0``) and a quoted URL,
  the referer;
* ``key=value`` fields named like a user (``uid=``, ``user=``) or a session.

A layout needs a time, a status and the request; anything else is optional.
The layout is worked out again from each chunk a parser reads (the same file
gives the same layout), and a line that does not have the layout's number of
fields is rejected with its line number.  A ``--log-format`` string, when the
format is known, reads it exactly.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from detector.io.delimited import CSV_COLUMNS, column_key, user_key
from detector.io.forwarded import real_clients
from detector.io.records import assemble, normalize_target, split_request, timestamp_rejects, to_number
from detector.io.timeparse import parse_auto, parse_epoch
from detector.io.values import strip_port
from detector.schema import empty_records

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\[[^\]]*\]|\S+')
_ISO = re.compile(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?$")
_CLF = re.compile(r"^\[?\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d(?:\.\d+)? [+-]\d{4}\]?$")
_EPOCH = re.compile(r"^1\d{9}(?:\.\d+)?$")
_IP = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?|\[?[0-9a-fA-F:]*:[0-9a-fA-F:.]+\]?(?::\d+)?)$")
_IPS = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]*:[0-9a-fA-F:.]+)(?:, ?(?:\d{1,3}(?:\.\d{1,3}){3}|"
                  r"[0-9a-fA-F:]*:[0-9a-fA-F:.]+))*$")
_METHOD = re.compile(r"^(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS|CONNECT|TRACE|PROPFIND)$")
_REQUEST = re.compile(r"^[A-Z]+ \S+ HTTP/[\d.]+$")
_STATUS = re.compile(r"^[1-5]\d\d$")
_INT = re.compile(r"^\d+$")
_FLOAT = re.compile(r"^\d+\.\d+$")
_AGENT = re.compile(r"^[A-Za-z][\w.+-]*/\S+")
_URL = re.compile(r"^https?://")
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w.-]*)=(.*)$")
#: Rejection reason of a line without the inferred layout's number of fields.
NOT_LAYOUT = "line does not have the fields of the layout inferred for this file"
#: Share of a field position's values that must look alike.
_AGREEMENT = 0.8


@dataclass(frozen=True)
class Layout:
    """Field positions of an inferred layout (-1: not in the line) and its number of fields."""

    width: int
    ts: int
    status: int
    path: int = -1
    request: int = -1
    method: int = -1
    client_ip: int = -1
    forwarded_for: int = -1
    nbytes: int = -1
    duration_s: int = -1
    user_agent: int = -1
    referer: int = -1
    user: str | None = None  # a key=value field's key
    session: str | None = None

    def describe(self) -> str:
        """The layout in words, for the read report."""
        named = [f"{name} in field {pos + 1}" for name, pos in (
            ("time", self.ts), ("client", self.client_ip), ("request", self.request), ("method", self.method),
            ("path", self.path), ("status", self.status), ("bytes", self.nbytes), ("user agent", self.user_agent))
            if pos >= 0]
        if self.user:
            named.append(f"user from {self.user}=")
        return ", ".join(named)


def _unquote(token: str) -> str:
    if len(token) >= 2 and token[0] == '"' and token[-1] == '"':
        return token[1:-1].replace('\\"', '"')
    if len(token) >= 2 and token[0] == "[" and token[-1] == "]":
        return token[1:-1]
    return token


def _kind(token: str) -> str:
    """What one field looks like."""
    quoted = token.startswith('"')
    text = _unquote(token)
    if text in ("-", ""):
        return "empty"
    if _ISO.match(text) or _CLF.match(token) or _CLF.match(text):
        return "time"
    if _KEY_VALUE.match(text) and not quoted:
        return "kv"
    if _REQUEST.match(text):
        return "request"
    if _METHOD.match(text):
        return "method"
    if text.startswith("/"):
        return "path"
    if _URL.match(text):
        return "url"
    if not quoted and _STATUS.match(text):
        return "status"
    if not quoted and _EPOCH.match(text):
        return "epoch"
    if not quoted and _INT.match(text):
        return "int"
    if not quoted and _FLOAT.match(text):
        return "float"
    if _IP.match(text):
        return "ip"
    if quoted and _IPS.match(text):
        return "ips"
    if quoted and _AGENT.match(text):
        return "agent"
    return "text"


def infer_layout(lines: Sequence[str]) -> Layout | None:
    """The layout most of ``lines`` share, or None when no time, status and request can be placed."""
    rows = [_TOKEN.findall(line.strip()) for line in lines if line.strip() and not line.startswith("#")]
    if not rows:  # one line will do: ``detector explain`` re-reads only an alert's lines
        return None
    width, count = Counter(len(r) for r in rows).most_common(1)[0]
    if count < 0.6 * len(rows) or width < 4:
        return None
    rows = [r for r in rows if len(r) == width]
    kinds: list[str] = []
    for pos in range(width):
        seen = Counter(_kind(r[pos]) for r in rows)
        present = sum(v for k, v in seen.items() if k != "empty")
        kind, n = next(((k, v) for k, v in seen.most_common() if k != "empty"), ("empty", 0))
        # a status column's values all look like whole numbers too, and a bytes column's may look like statuses
        if kind in ("status", "int") and seen["status"] + seen["int"] >= _AGREEMENT * present:
            kind = "status" if seen["status"] >= _AGREEMENT * present else "int"
        elif present and n < _AGREEMENT * present:
            kind = "text"
        kinds.append(kind)
    return _assign(kinds, rows)


def _assign(kinds: list[str], rows: list[list[str]]) -> Layout | None:
    def first(kind: str, after: int = -1) -> int:
        return next((i for i, k in enumerate(kinds) if k == kind and i > after), -1)

    ts = first("time")
    if ts < 0:
        ts = first("epoch")
    status = first("status")
    request, path = first("request"), first("path")
    if ts < 0 or status < 0 or (request < 0 and path < 0):
        return None
    keys = {}
    for pos, kind in enumerate(kinds):
        if kind == "kv":  # the key as most rows write it (a row may hold '-' there)
            named = Counter(m.group(1) for r in rows if (m := _KEY_VALUE.match(r[pos])) is not None)
            key = named.most_common(1)[0][0]
            keys[column_key(key)] = key
    names = list(keys)
    at = user_key(names)
    session = next((keys[k] for k in CSV_COLUMNS["session"] if k in keys), None)
    return Layout(
        width=len(kinds), ts=ts, status=status, path=path if request < 0 else -1, request=request,
        method=first("method"), client_ip=first("ip"), forwarded_for=first("ips"), nbytes=first("int", status),
        duration_s=first("float"), user_agent=first("agent"), referer=first("url"),
        user=keys[names[at]] if at >= 0 else None, session=session,
    )


class InferredParser:
    """Parser of a layout inferred from the lines it reads (see the module docstring)."""

    name = "inferred"

    def parse(self, lines: Sequence[str], first_line_no: int, file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """:meth:`detector.io.formats.LineParser.parse`, the layout inferred from these lines."""
        layout = infer_layout(lines[:2000])
        rejects: list[tuple[int, str]] = []
        rows: list[list[str]] = []
        nos: list[int] = []
        for no, line in enumerate(lines, first_line_no):
            if not line or line.isspace():
                continue
            fields = _TOKEN.findall(line.strip())
            if layout is None or len(fields) != layout.width:
                rejects.append((no, NOT_LAYOUT))
                continue
            rows.append(fields)
            nos.append(no)
        if not rows:
            return empty_records(), rejects
        return _build(layout, rows, nos, file_idx, rejects), rejects


def _column(rows: list[list[str]], pos: int) -> list[str | None] | None:
    if pos < 0:
        return None
    return [None if (v := _unquote(r[pos])) in ("-", "") else v for r in rows]


def _keyed(rows: list[list[str]], key: str | None) -> list[str | None] | None:
    if key is None:
        return None
    out = []
    for r in rows:
        value = next((t[len(key) + 1:] for t in r if t.startswith(key + "=")), None)
        value = value.strip('"') if value else None
        out.append(None if value in (None, "", "-") else value)
    return out


def _build(layout: Layout, rows: list[list[str]], nos: list[int], file_idx: int,
           rejects: list[tuple[int, str]]) -> pd.DataFrame:
    stamps = _column(rows, layout.ts)
    if all(s is not None and _EPOCH.match(s) for s in stamps):
        ts, off = parse_epoch(stamps)
    else:
        ts, off = parse_auto(stamps)
    keep = timestamp_rejects(ts, nos, rejects)
    methods = _column(rows, layout.method) or [None] * len(rows)
    targets = _column(rows, layout.path) or [None] * len(rows)
    if layout.request >= 0:
        for i, request in enumerate(_column(rows, layout.request)):
            split = split_request(request) if request else None
            if split is not None and not isinstance(split, str):
                methods[i], targets[i] = split
    paths = [normalize_target(t, m or "") if t else None for t, m in zip(targets, methods)]
    n = len(rows)
    remote = [strip_port(v) if v else None for v in (_column(rows, layout.client_ip) or [None] * n)]
    return assemble(
        ts_ns=ts, offset_min=off, line_no=nos, file_idx=file_idx,
        client_ip=real_clients(remote, _column(rows, layout.forwarded_for) or [None] * n),
        user=_keyed(rows, layout.user), method=methods, path=paths, status=_column(rows, layout.status),
        nbytes=_column(rows, layout.nbytes), referer=_column(rows, layout.referer) if layout.referer >= 0 else None,
        user_agent=_column(rows, layout.user_agent) if layout.user_agent >= 0 else None,
        app_session=_keyed(rows, layout.session),
        duration_ms=to_number(_column(rows, layout.duration_s), n, scale=1e3) if layout.duration_s >= 0 else None,
        keep=keep,
    )


__all__ = ["InferredParser", "Layout", "NOT_LAYOUT", "infer_layout"]
