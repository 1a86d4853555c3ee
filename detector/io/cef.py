"""Parser for SIEM event formats: ArcSight's CEF and IBM QRadar's LEEF, one web request per event.

Web application firewalls and proxies (F5 BIG-IP ASM, Imperva, Citrix ADC,
Barracuda, Fortinet) send each request they see to a SIEM in these formats,
usually behind a syslog header, and the SIEM's export keeps them as they came::

    Nov 17 08:01:02 bigip1 ASM:CEF:0|F5|ASM|17.1.0|200000001|Request passed|2|dvchost=bigip1
      act=passed cn1=200 cn1Label=response_code src=203.0.113.7 spt=51234 requestMethod=GET
      rt=Nov 17 2026 08:01:02 suser=jdoe@district.org request=/ksr/student?ssid\\=123456789
    <13>Nov 17 08:01:02 waf LEEF:2.0|Vendor|WAF|1.0|access|^|devTime=1763388062000^src=203.0.113.7^
      usrName=jdoe^method=GET^url=/ksr/student^status=200

(each one line).  A CEF line is ``CEF:Version|Vendor|Product|Version|
SignatureID|Name|Severity|Extension`` (``\\|`` escapes a bar in the header);
its extension is ``key=value`` pairs separated by spaces, a value running to
the next `` key=``, with ``\\=``, ``\\\\``, ``\\n`` and ``\\r`` escaped.  LEEF
1.0 separates its pairs by tabs, LEEF 2.0 by the character its sixth header
field names (``^``, ``x09``, ``0x5E``).

Fields come from the CEF dictionary (``src``, ``suser``, ``requestMethod``,
``request``, ``requestClientApplication``, ``requestContext`` as the referer,
``out`` as the response's bytes, ``rt``/``start``/``end`` as the time), from
custom fields by their labels (``cn1=200 cn1Label=response_code``,
``cs5Label=x_forwarded_for_header_value``), and otherwise by the usual column
names (:data:`detector.io.delimited.CSV_COLUMNS`: LEEF's ``src``, ``url``,
``status``...).  A raw request with its headers (``GET / HTTP/1.1\\r\\nHost:
...\\r\\nUser-Agent: ...``) gives the user agent, referer and cookie when no
field does.  ``N/A`` is an empty value.  Events that carry no request (a
WAF's attack summary, a device's own events) are skipped, not rejected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from detector.io.delimited import CSV_COLUMNS, column_key
from detector.io.forwarded import real_clients
from detector.io.records import (absent, assemble, match_lines, normalize_target, session_from_cookies,
                                 timestamp_rejects)
from detector.io.timeparse import NAT, parse_auto, parse_epoch
from detector.io.values import RAW_HEADER_FIELDS, raw_request_headers, strip_port
from detector.schema import LOCAL_CLOCK, empty_records

_START_RE = re.compile(r"(?:^|[\s:>])(CEF:\d+|LEEF:[12]\.\d+)\|")
_EXT_KEY_RE = re.compile(r"(?:^|(?<=\s))([A-Za-z][\w.\[\]-]*)=")
_RAW_REQUEST_RE = re.compile(r"[A-Z]+ \S+ HTTP/\d")
_UNESCAPE_RE = re.compile(r"\\([\\=|nr])")
_UNESCAPED = {"\\": "\\", "=": "=", "|": "|", "n": "\n", "r": "\r"}
#: CEF's custom fields, whose ``<name>Label`` says what they hold.
_CUSTOM_RE = re.compile(r"^(cs\d|cn\d|cfp\d|c6a\d|deviceCustomDate\d|flexString\d|flexNumber\d|flexDate\d)$")
#: Record field -> CEF dictionary keys (short and full names) and LEEF's predefined keys, tried first.
CEF_KEYS: dict[str, tuple[str, ...]] = {
    "ts": ("rt", "deviceReceiptTime", "start", "startTime", "end", "endTime", "devTime"),
    "client_ip": ("src", "sourceAddress", "srcIP", "c6a2"),
    "forwarded_for": ("xff", "x_forwarded_for_header_value", "X-Forwarded-For"),
    "user": ("suser", "sourceUserName", "usrName", "userName", "duser", "destinationUserName"),
    "method": ("requestMethod", "method", "httpMethod"),
    "path": ("request", "requestURL", "url", "uri"),
    "query": ("qstr", "query", "queryString"),
    "status": (),
    "bytes": ("out", "bytesOut", "dstBytes", "responseSize"),
    "referer": ("requestContext", "referer", "referrer"),
    "user_agent": ("requestClientApplication", "userAgent", "useragent"),
    "cookie": ("requestCookies",),
    # F5 ASM writes its session id as the CEF dictionary's source user id (``suid``; ``0`` before tracking starts)
    "session": ("suid",),
}
_FIELDS = tuple(CEF_KEYS)
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec"), 1)}
# ArcSight's own time layout: "Nov 17 2026 08:01:02", optionally ".123" and a zone name (read as local time)
_ARCSIGHT_TIME_RE = re.compile(r"([A-Za-z]{3}) +(\d{1,2}) (\d{4}) (\d\d:\d\d:\d\d(?:\.\d+)?)(?: +[A-Za-z/_+-]+)?$")
#: Rejection reasons.
NOT_CEF = "not a CEF or LEEF event"
NO_TIME = "missing timestamp"
#: What an event without a request gives (a WAF's summary of an attack, a device's own events): skipped.
NO_REQUEST_EVENT = "not a web request event"


def looks_like_cef(line: str) -> bool:
    """True when the line holds a CEF or LEEF event (behind any syslog header)."""
    return ("CEF:" in line or "LEEF:" in line) and _START_RE.search(line) is not None


def _unescape(text: str) -> str:
    return _UNESCAPE_RE.sub(lambda m: _UNESCAPED[m.group(1)], text) if "\\" in text else text


def _split_header(text: str, n: int) -> list[str] | None:
    """The first ``n`` bar-separated header fields (``\\|`` is not a separator) and the rest, or None."""
    parts, start, i = [], 0, 0
    while len(parts) < n:
        i = text.find("|", i)
        if i < 0:
            return None
        if i > 0 and text[i - 1] == "\\" and not text[start:i].endswith("\\\\"):
            i += 1
            continue
        parts.append(text[start:i])
        start = i = i + 1
    parts.append(text[start:])
    return parts


def _cef_pairs(text: str) -> dict[str, str]:
    """A CEF extension's pairs: each value runs to the next unescaped `` key=``."""
    keys = list(_EXT_KEY_RE.finditer(text))
    pairs = {}
    for k, m in enumerate(keys):
        end = keys[k + 1].start() if k + 1 < len(keys) else len(text)
        pairs.setdefault(m.group(1), _unescape(text[m.end():end].strip()))
    return pairs


def _leef_delimiter(field: str) -> str | None:
    """LEEF 2.0's delimiter field (``^``, ``x09``, ``0x5E``) as a character, or None when it is not one."""
    if len(field) == 1:
        return field
    m = re.fullmatch(r"(?:0?[xX])([0-9A-Fa-f]{2,4})", field)
    return chr(int(m.group(1), 16)) if m else None


def _leef_pairs(text: str, delimiter: str) -> dict[str, str]:
    pairs = {}
    for item in text.split(delimiter):
        key, sep, value = item.partition("=")
        if sep and key.strip():
            pairs.setdefault(key.strip(), value.strip())
    return pairs


def event_pairs(line: str) -> dict[str, str] | None:
    """The key-value pairs of the CEF or LEEF event in ``line`` (custom fields also under their labels), or None."""
    m = _START_RE.search(line)
    if m is None:
        return None
    rest = line[m.end():]
    if m.group(1).startswith("CEF"):
        header = _split_header(rest, 6)
        if header is None:
            return None
        pairs = _cef_pairs(header[6])
    else:
        header = _split_header(rest, 4)
        if header is None:
            return None
        ext, delimiter = header[4], "\t"
        if m.group(1).startswith("LEEF:2"):
            field, bar, after = ext.partition("|")
            if bar and _leef_delimiter(field) is not None:
                ext, delimiter = after, _leef_delimiter(field)
        pairs = _leef_pairs(ext, delimiter)
    for key in [k for k in pairs if _CUSTOM_RE.match(k)]:
        label = pairs.get(key + "Label")
        if label:
            pairs.setdefault(label, pairs[key])
    return pairs


def _lookup(pairs: dict[str, str], keyed: dict[str, str], field: str) -> str | None:
    """A field's value: the CEF/LEEF keys first, then labels and other keys by their column names."""
    for key in CEF_KEYS[field]:
        value = pairs.get(key)
        if value is not None and not absent(value) and value != "N/A":
            return value
    for name in CSV_COLUMNS.get(field, ()):
        value = keyed.get(name)
        if value is not None and not absent(value) and value != "N/A":
            return value
    return None


def _row(line: str) -> tuple | str:
    """One event's row in :data:`_FIELDS` order, or why it has none."""
    pairs = event_pairs(line)
    if pairs is None:
        return NOT_CEF
    keyed: dict[str, str] = {}
    for key, value in pairs.items():
        keyed.setdefault(column_key(key), value)
    row = {field: _lookup(pairs, keyed, field) for field in _FIELDS}
    if row["status"] is None:
        outcome = pairs.get("outcome", "")
        row["status"] = outcome if re.fullmatch(r"[1-5]\d\d", outcome) else None
    headers = next((raw_request_headers(v) for v in pairs.values() if "\\r\\n" in v or "\r\n" in v), None)
    request_line = headers.pop("", "") if headers else ""
    if headers:
        for field, name in RAW_HEADER_FIELDS:
            if row[field] is None and headers.get(name):
                row[field] = headers[name]
    if row["path"] is not None and _RAW_REQUEST_RE.match(row["path"]):  # the raw request under the URL's key
        request_line, row["path"] = raw_request_headers(row["path"])[""], None
    if row["path"] is None or row["method"] is None:
        parts = request_line.split(" ")
        if len(parts) >= 2:
            row["method"] = row["method"] or parts[0]
            row["path"] = row["path"] or parts[1]
    if row["path"] is None:
        return NO_REQUEST_EVENT
    if row["query"] and "?" not in row["path"]:
        row["path"] = f"{row['path']}?{row['query'].lstrip('?')}"
    if row["session"] == "0":
        row["session"] = None
    if row["session"] is None and row["cookie"]:
        row["session"] = session_from_cookies(row["cookie"])
    if row["ts"] is None:
        return NO_TIME
    return tuple(row[f] for f in _FIELDS)


def _times(values: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """UTC nanoseconds and offsets of CEF/LEEF times: epoch milliseconds or seconds, ArcSight's layout, ISO.

    ArcSight's layout (``Nov 17 2026 08:01:02``) without a zone, or with one other than UTC, is the device's
    local clock (:data:`~detector.schema.LOCAL_CLOCK`: read in the site's ``--timezone``).
    """
    texts, local = [], np.zeros(len(values), dtype=bool)
    for i, value in enumerate(values):
        m = _ARCSIGHT_TIME_RE.match(value.strip())
        month = _MONTHS.get(m.group(1).lower()) if m else None
        texts.append(f"{m.group(3)}-{month:02d}-{int(m.group(2)):02d} {m.group(4)}" if month else value)
        local[i] = bool(month) and not value.rstrip().upper().endswith((" UTC", " GMT", " Z"))
    ts, off = parse_auto(texts)
    off[local & (ts != NAT)] = LOCAL_CLOCK
    epoch = np.array([t.isdigit() and len(t) in (10, 13) for t in texts], dtype=bool)
    if epoch.any():  # milliseconds (13 digits, ArcSight's and QRadar's usual) or seconds
        ts[epoch], off[epoch] = parse_epoch([t for t, e in zip(texts, epoch) if e])
    return ts, off


class CefParser:
    """Stateless parser for CEF and LEEF events (see the module docstring)."""

    name = "cef"

    def parse(self, lines: Sequence[str], first_line_no: int, file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """:meth:`detector.io.formats.LineParser.parse`; events without a request are neither rows nor rejections."""
        rows, nos, rejects = match_lines(lines, first_line_no, _START_RE.search, NOT_CEF, lambda m: _row(m.string),
                                         skip=NO_REQUEST_EVENT)
        if not rows:
            return empty_records(), rejects
        cols = dict(zip(_FIELDS, (list(c) for c in zip(*rows))))
        ts, off = _times(cols["ts"])
        keep = timestamp_rejects(ts, nos, rejects)
        clients = real_clients([strip_port(c) for c in cols["client_ip"]], cols["forwarded_for"])
        methods = [m.upper() if m else None for m in cols["method"]]
        paths = [normalize_target(p, m or "") for p, m in zip(cols["path"], methods)]
        return assemble(
            ts_ns=ts, offset_min=off, line_no=nos, file_idx=file_idx, client_ip=clients, user=cols["user"],
            method=methods, path=paths, status=cols["status"], nbytes=cols["bytes"], referer=cols["referer"],
            user_agent=cols["user_agent"], app_session=cols["session"], keep=keep,
        ), rejects


__all__ = ["CEF_KEYS", "CefParser", "NOT_CEF", "event_pairs", "looks_like_cef"]
