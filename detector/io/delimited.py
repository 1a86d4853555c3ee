"""Parser for access logs exported as CSV (or TSV) with a header row.

Investigators often get web logs not as the server's files but as an export
from wherever they were collected: Azure Log Analytics (``AppServiceHTTPLogs``,
"Export to CSV"), Splunk, Kibana/OpenSearch Discover, a SIEM's report.  Such
a file starts with a header row naming its columns, in any order, and each
following line is one request, comma-, tab- or semicolon-separated with
RFC 4180 quoting (a user agent's commas are inside quotes).  A user agent
without a space but with ``+`` signs is one an IIS-based export wrote the
IIS way (Azure App Service's): the ``+`` are spaces.

Columns are recognised by name, compared without case, punctuation or a
trailing unit in brackets, so that ``TimeGenerated [UTC]``, ``cs-uri-stem``
and ``CsUriStem`` are ``timegenerated``, ``csuristem`` and ``csuristem``
(:func:`column_key`); :data:`CSV_COLUMNS` lists the names each field is
taken from.  A header row met again later (exports concatenated into one
file) starts a new layout, like a W3C ``#Fields:`` directive, so one parser
must read one file from its start (the read plan never splits a CSV file).
A row with another number of fields than its header is rejected with its
line number; a quoted value spanning lines is not supported (no access-log
field holds a line break).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from detector.io.forwarded import real_clients
from detector.io.records import (
    absent,
    assemble,
    normalize_target,
    USER_KEY_RE,
    session_from_cookies,
    user_from_cookies,
    split_request,
    timestamp_rejects,
    to_number,
)
from detector.io.timeparse import parse_auto
from detector.io.values import plain_user_agent, strip_port
from detector.schema import UA_NOT_LOGGED, empty_records

#: Field -> column keys (see :func:`column_key`) it is taken from, first present wins.  Azure's
#: ``AppServiceHTTPLogs`` and W3C names (``CsUriStem``, ``cs-uri-stem``), Splunk's web fields
#: (``clientip``, ``uri_path``, ``useragent``), Elastic Common Schema as Kibana exports it
#: (``source.ip``, ``url.original``, ``http.response.status_code``), Akamai DataStream 2's (``reqTimeSec``,
#: ``cliIP``, ``reqPath``) and generic names.  The JSON reader falls back on the same table for keys it does
#: not know (:mod:`detector.io.jsonl`).
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "ts": ("timegenerated", "timestamp", "time", "datetime", "eventtime", "receivedat", "starttime", "startutc",
           "timelocal", "timeiso8601", "logtime", "edgestarttimestamp", "reqtimesec", "date"),
    "client_ip": ("cip", "clientip", "clientipaddress", "remoteipaddress", "calleripaddress", "callerip", "remoteaddr", "remoteip",
                  "remotehost", "sourceip", "sourceaddress", "srcip", "clienthost", "clientaddress", "cliip", "ip",
                  "src"),
    "forwarded_for": ("xforwardedfor", "csxforwardedfor", "httpxforwardedfor", "forwardedfor", "xff",
                      "clientipforwarded"),
    "user": ("csusername", "username", "user", "remoteuser", "userauthenticatedid", "userid", "useremail", "userprincipalname",
             "authuser", "clientusername", "email", "uid"),
    "method": ("csmethod", "method", "httpmethod", "requestmethod", "clientrequestmethod", "httprequestmethod",
               "reqmethod", "verb"),
    "path": ("csuristem", "uripath", "urlpath", "path", "requestpath", "clientrequestpath", "csuri", "uri", "url",
             "requesturi", "requesturl", "clientrequesturi", "urloriginal", "reqpath"),
    "query": ("csuriquery", "uriquery", "urlquery", "query", "querystring", "querystr", "args"),
    "request": ("request", "requestline"),
    "status": ("scstatus", "status", "statuscode", "httpstatus", "httpstatuscode", "responsecode", "resultcode",
               "responsestatus", "edgeresponsestatus", "httpresponsestatuscode"),
    "bytes": ("scbytes", "bytes", "bytessent", "bodybytessent", "responsebytes", "responsesize", "sentbytes",
              "edgeresponsebytes", "httpresponsebodybytes", "httpresponsebytes", "responsebodysize", "size"),
    "referer": ("csreferer", "referer", "referrer", "httpreferer", "csreferrer", "clientrequestreferer",
                "httprequestreferrer", "requestreferer", "requestreferrer"),
    "user_agent": ("useragent", "csuseragent", "httpuseragent", "clientrequestuseragent", "useragentoriginal",
                   "requestuseragent", "agent", "ua"),
    "cookie": ("cookie", "cscookie", "httpcookie"),
    "session": ("sessionid", "session", "jsessionid", "sid"),
    "duration_ms": ("timetaken", "durationms", "elapsedms", "latencyms", "responsetimems", "timetakenms",
                    "turnaroundtimemsec"),
    "duration_s": ("requesttime", "durations", "timetakens"),
    # Application Insights' request telemetry: the method only in the operation's name (``GET Students/Details
    # [id]``), the address masked to 0.0.0.0 by default (its location kept), availability tests marked synthetic
    "operation": ("name", "operationname"),
    "city": ("clientcity", "city"),
    "region": ("clientstateorprovince", "clientregion", "region"),
    "country": ("clientcountryorregion", "clientcountry", "country", "countrycode"),
    "synthetic": ("syntheticsource",),
}
_HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
#: What a telemetry export writes for an address it masked (Application Insights' default).
MASKED_ADDRESSES = frozenset({"0.0.0.0", "::"})
_SLOTS = tuple(CSV_COLUMNS)


def user_key(keys: Sequence[str]) -> int:
    """Position of the column key (see :func:`column_key`) that names the user: the first of
    :data:`CSV_COLUMNS`'s names present, else the first key :data:`USER_KEY_RE` finds at its end, else -1."""
    for name in CSV_COLUMNS["user"]:
        if name in keys:
            return keys.index(name)
    return next((i for i, k in enumerate(keys) if USER_KEY_RE.search(k)), -1)
#: Separators tried, in order of preference when they split a header equally well.
DELIMITERS = (",", "\t", ";", "|")
NO_HEADER = "no CSV header row before data"
FIELD_COUNT = "field count differs from the CSV header"
_UNIT_RE = re.compile(r"\s*[\[(][^\])]*[\])]\s*$")
_KEY_RE = re.compile(r"[^0-9a-z]")
_TIME_ONLY_RE = re.compile(r"\d{1,2}:\d\d")


def column_key(name: str) -> str:
    """A column name as :data:`CSV_COLUMNS` knows it: lower case, no punctuation, no trailing ``[unit]``.

    Examples
    --------
    >>> column_key("TimeGenerated [UTC]"), column_key("cs-uri-stem"), column_key("cs(User-Agent)")
    ('timegenerated', 'csuristem', 'csuseragent')
    """
    text = name.strip().lstrip("\ufeff").strip('"')
    if not text.lower().startswith("cs("):  # cs(User-Agent) is W3C's name, not a unit
        text = _UNIT_RE.sub("", text)
    return _KEY_RE.sub("", text.lower())


def _split(line: str, delimiter: str) -> list[str]:
    """One line's fields ([] for a line the csv module refuses, such as one holding a NUL)."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return []


def _split_all(lines: Sequence[str], delimiter: str) -> list[list[str]]:
    """Each line's fields, in order: one reader for all the lines (fast), or one per line when a quote left
    open made the reader run on into the next line or a line was refused."""
    try:
        rows = list(csv.reader(lines, delimiter=delimiter))
    except csv.Error:
        rows = []
    if len(rows) == len(lines):
        return rows
    return [_split(line, delimiter) for line in lines]


@dataclass(frozen=True)
class CsvLayout:
    """How one header row lays out its file's columns.

    Attributes
    ----------
    delimiter : str
        The separator.
    width : int
        Fields per row.
    columns : dict of str to int
        Field (a key of :data:`CSV_COLUMNS`) -> column index.
    date : int
        Index of a ``date`` column to join to a ``time`` of day, or -1.
    """

    delimiter: str
    width: int
    columns: dict[str, int]
    date: int = -1


def header_layout(line: str) -> CsvLayout | None:
    """The layout of a header row, or None when the line is not one.

    A header names a time column, a status column and the request (a path
    or URL column, or a request line), and no column name is a number.
    """
    best: CsvLayout | None = None
    for delimiter in DELIMITERS:
        if delimiter not in line:
            continue
        names = _split(line, delimiter)
        if len(names) < 3 or any(_is_number(n) or not n.strip() for n in names):
            continue
        keys = [column_key(n) for n in names]
        columns = {}
        for slot, candidates in CSV_COLUMNS.items():
            pos = user_key(keys) if slot == "user" else next((keys.index(c) for c in candidates if c in keys), -1)
            if pos >= 0:
                columns[slot] = pos
        if "ts" in columns and "status" in columns and ("path" in columns or "request" in columns):
            if best is None or len(columns) > len(best.columns):
                # W3C-style exports split the time: a ``time`` of day beside a ``date``
                date = keys.index("date") if keys[columns["ts"]] == "time" and "date" in keys else -1
                best = CsvLayout(delimiter, len(names), columns, date)
    return best


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def looks_like_csv(sample: Sequence[str]) -> bool:
    """True when the first line is a CSV header (see :func:`header_layout`) and the next line has as many fields."""
    if not sample:
        return False
    layout = header_layout(sample[0])
    if layout is None:
        return False
    if len(sample) == 1:
        return True
    return len(_split(sample[1], layout.delimiter)) == layout.width


class CsvParser:
    """Stateful parser for CSV exports of access logs.

    The current header's layout carries over between calls to :meth:`parse`,
    so one instance must read one file from start to end.
    """

    name = "csv"

    def __init__(self) -> None:
        self._layout: CsvLayout | None = None
        self._header: str | None = None

    def parse(self, lines: Sequence[str], first_line_no: int, file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """Parse a chunk of lines (header rows set the layout and are never rejected).

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
        rows: list[list[str]] = []
        nos: list[int] = []
        layouts: list[CsvLayout] = []
        rejects: list[tuple[int, str]] = []
        split: list[list[str]] = []  # the fields of lines[split_from:], split with split_by
        split_from, split_by = 0, None
        for i, line in enumerate(lines):
            if not line or line.isspace():
                continue
            no = first_line_no + i
            text = line.lstrip("\ufeff")
            if text == self._header:
                continue
            layout = self._layout
            fields: list[str] = []
            if layout is not None:
                if split_by != layout.delimiter:  # from here on, every line split by one reader
                    split_from, split_by = i, layout.delimiter
                    split = _split_all(lines[i:], split_by)
                fields = split[i - split_from] if text is line else _split(text, layout.delimiter)
            # a row whose status is a number is data; anything else may be a new export's header
            if layout is None or len(fields) != layout.width or not fields[layout.columns["status"]].strip().isdigit():
                new = header_layout(text)
                if new is not None:
                    self._layout, self._header = new, text
                    continue
            if layout is None:
                rejects.append((no, NO_HEADER))
                continue
            if len(fields) != layout.width:
                rejects.append((no, FIELD_COUNT))
                continue
            rows.append(fields)
            nos.append(no)
            layouts.append(layout)
        if not rows:
            return empty_records(), rejects
        return _build(rows, nos, layouts, file_idx, rejects), rejects


def _clean(values: Sequence[str]) -> list[str | None]:
    """Values without surrounding blanks; empty and ``-`` ones None."""
    return [None if not (text := v.strip()) or text == "-" else text for v in values]


def _columns(rows: list[list[str]], layouts: list[CsvLayout]) -> dict[str, list[str | None]]:
    """Field -> its cleaned values, one per row (None where the row's layout has no such column)."""
    out: dict[str, list[str | None]] = {slot: [None] * len(rows) for slot in (*_SLOTS, "_date")}
    start = 0
    while start < len(rows):  # runs of rows under one header (a file has one run unless exports were joined)
        layout = layouts[start]
        stop = start + 1
        while stop < len(rows) and layouts[stop] is layout:
            stop += 1
        table = list(zip(*rows[start:stop]))
        wanted = {**layout.columns, **({"_date": layout.date} if layout.date >= 0 else {})}
        for slot, pos in wanted.items():
            out[slot][start:stop] = _clean(table[pos])
        if "user_agent" not in layout.columns:  # an export without the column: not recorded, not "none sent"
            out["user_agent"][start:stop] = [UA_NOT_LOGGED] * (stop - start)
        start = stop
    return out


def _times(stamps: list[str | None], dates: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """UTC nanoseconds and offsets; a ``time`` column holding only a time of day is joined to the ``date`` column."""
    if any(d is not None for d in dates):
        stamps = [f"{d} {t}" if d and t and _TIME_ONLY_RE.match(t) and len(t) <= 15 else t
                  for d, t in zip(dates, stamps)]
    return parse_auto(stamps)


def _placed(clients: list[str | None], cols: dict[str, list[str | None]]) -> list[str | None]:
    """Each client, or where it was when the export masked its address (``Fresno, California, United States``)."""
    out = []
    for client, *place in zip(clients, cols["city"], cols["region"], cols["country"]):
        if (client is None or client in MASKED_ADDRESSES) and any(place):
            client = ", ".join(p for p in place if p)
        out.append(client)
    return out


def _build(rows: list[list[str]], nos: list[int], layouts: list[CsvLayout], file_idx: int,
           rejects: list[tuple[int, str]]) -> pd.DataFrame:
    cols = _columns(rows, layouts)
    ts, off = _times(cols["ts"], cols["_date"])
    keep = timestamp_rejects(ts, nos, rejects)
    methods, paths = [], []
    for method, path, query, request, operation in zip(cols["method"], cols["path"], cols["query"], cols["request"],
                                                       cols["operation"]):
        if (method is None or path is None) and request is not None:
            split = split_request(request)
            if not isinstance(split, str):
                method, path = method or split[0], path or split[1]
        verb = operation.split(" ", 1)[0] if method is None and operation is not None else None
        if verb in _HTTP_METHODS:
            method = verb
        method = method.upper() if method else None
        if path is not None:
            if query is not None and "?" not in path:
                path = f"{path}?{query.lstrip('?')}"
            path = normalize_target(path, method or "")
        methods.append(method)
        paths.append(path)
    n = len(rows)
    duration = to_number(cols["duration_ms"], n)
    seconds = to_number(cols["duration_s"], n, scale=1e3)
    duration = np.where(np.isnan(duration), seconds, duration)
    sessions = [s if s is not None else session_from_cookies(c) for s, c in zip(cols["session"], cols["cookie"])]
    # IIS-based exports (Azure App Service's) write a space in the user agent as ``+``, like IIS's W3C log
    agents = [plain_user_agent(a) if s is None else s for a, s in zip(cols["user_agent"], cols["synthetic"])]
    return assemble(
        ts_ns=ts, offset_min=off, line_no=nos, file_idx=file_idx,
        client_ip=_placed(real_clients([strip_port(v) for v in cols["client_ip"]], cols["forwarded_for"]), cols),
        user=[u if u is not None else user_from_cookies(c) for u, c in zip(cols["user"], cols["cookie"])],
        method=methods, path=paths, status=cols["status"], nbytes=cols["bytes"],
        referer=cols["referer"], user_agent=agents, app_session=sessions,
        duration_ms=duration, keep=keep,
    )


__all__ = ["CSV_COLUMNS", "USER_KEY_RE", "CsvLayout", "CsvParser", "column_key", "header_layout", "looks_like_csv",
           "user_key"]
