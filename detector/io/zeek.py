"""Parser for Zeek's ``http.log``: what a network sensor saw of each HTTP request.

A security team that runs Zeek in front of the web servers has every plain
HTTP request (behind the TLS-terminating proxy, or on an intranet) in
``http.log``, whichever server answered.  Zeek's default writer is a
tab-separated file whose header names the columns::

    #separator \\x09
    #set_separator	,
    #empty_field	(empty)
    #unset_field	-
    #path	http
    #fields	ts	uid	id.orig_h	id.orig_p	...	method	host	uri	referrer	...	status_code	...	username	...	proxied
    #types	time	string	addr	port	...
    1789912801.123456	CHhAvVGS1DHFjwGM9	10.1.2.3	51234	...	GET	sv.state.example	/sv/student/123	-	...

The directives may come again (Zeek rotates its logs hourly, and rotated
files are often joined) and may change the columns; ``#close`` ends a file.
``ts`` is the request's start in epoch seconds (UTC).  The client is
``id.orig_h``, or, for a request that came through a proxy, the address its
``proxied`` headers name (``X-FORWARDED-FOR -> 203.0.113.7``); the user is
``username``, HTTP Basic authentication's (Zeek sees no cookie or form
sign-in); the bytes are ``response_body_len``.  Zeek writes a separator or an
unprintable byte inside a value as ``\\xNN``.  Zeek's JSON writer
(``LogAscii::use_json``) uses the same names as keys: those lines are read
by :mod:`detector.io.jsonl`, with :func:`proxied_client` for ``proxied``.
A log of another of Zeek's streams (``conn.log``, ``dns.log``) names no
request: its lines are rejected with :data:`NOT_HTTP`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from detector.io.forwarded import real_clients
from detector.io.records import assemble, normalize_target, timestamp_rejects
from detector.io.timeparse import parse_epoch
from detector.schema import empty_records

#: Record slot -> the ``http.log`` column that fills it.
ZEEK_FIELDS: dict[str, str] = {
    "ts": "ts",
    "client_ip": "id.orig_h",
    "method": "method",
    "uri": "uri",
    "referer": "referrer",
    "user_agent": "user_agent",
    "status": "status_code",
    "bytes": "response_body_len",
    "user": "username",
    "proxied": "proxied",
}
_SLOTS = tuple(ZEEK_FIELDS)
#: Headers Zeek's ``proxied`` set may list (``HTTP::proxy_headers``) that name the client, in the order tried.
CLIENT_HEADERS: tuple[str, ...] = ("X-FORWARDED-FOR", "FORWARDED", "X-REAL-IP", "CLIENT-IP", "X-FORWARDED-FROM")
NO_HEADER = "no Zeek #fields header before data"
FIELD_COUNT = "field count differs from the Zeek #fields header"
NOT_HTTP = "not a Zeek http.log line: its #fields name no method or uri"
_ESCAPE_RE = re.compile(r"\\x([0-9a-fA-F]{2})")
_FORWARDED_FOR_RE = re.compile(r'for="?\[?([^\]";,]+)', re.IGNORECASE)


def unescape(value: str) -> str:
    r"""A Zeek value with its ``\xNN`` escapes decoded (``a\x09b`` -> ``a<TAB>b``)."""
    return _ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), value) if "\\x" in value else value


def proxied_client(items: object) -> str | None:
    """The client address that Zeek's ``proxied`` headers name, if any.

    Parameters
    ----------
    items : object
        ``proxied`` as Zeek logs it: a list of ``"NAME -> value"`` strings
        (JSON), or one such string.

    Returns
    -------
    str or None
        The value of the first of :data:`CLIENT_HEADERS` present (an
        ``X-Forwarded-For`` chain as logged; ``Forwarded``'s ``for=``), or
        None.

    Examples
    --------
    >>> proxied_client(["VIA -> 1.1 proxy", "X-FORWARDED-FOR -> 203.0.113.7"])
    '203.0.113.7'
    """
    if isinstance(items, str):
        items = [items]
    if not isinstance(items, list):
        return None
    named: dict[str, str] = {}
    for item in items:
        if isinstance(item, str) and " -> " in item:
            name, _, value = item.partition(" -> ")
            named.setdefault(name.strip().upper(), value.strip())
    for header in CLIENT_HEADERS:
        value = named.get(header)
        if value:
            if header == "FORWARDED":
                m = _FORWARDED_FOR_RE.search(value)
                value = m.group(1) if m else ""
            if value:
                return value
    return None


class ZeekHttpParser:
    """Stateful parser for Zeek's TSV ``http.log`` (the layout carries over between calls: one instance per file)."""

    name = "zeek"

    def __init__(self) -> None:
        self._sep = "\t"
        self._set_sep = ","
        self._unset = "-"
        self._empty = "(empty)"
        self._nfields = 0
        self._index: tuple[int, ...] | None = None
        self._http = True

    def _directive(self, line: str) -> None:
        if line.startswith("#separator"):
            value = line[len("#separator"):].strip()
            self._sep = unescape(value) or "\t"
            return
        head, _, rest = line[1:].partition(self._sep)
        if head == "set_separator":
            self._set_sep = unescape(rest) or ","
        elif head == "unset_field":
            self._unset = rest
        elif head == "empty_field":
            self._empty = rest
        elif head == "fields":
            names = rest.split(self._sep)
            self._nfields = len(names)
            self._index = tuple(names.index(ZEEK_FIELDS[slot]) if ZEEK_FIELDS[slot] in names else -1 for slot in _SLOTS)
            self._http = "method" in names and "uri" in names

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
                self._directive(line.rstrip("\r\n"))
                continue
            if self._index is None:
                rejects.append((no, NO_HEADER))
                continue
            if not self._http:
                rejects.append((no, NOT_HTTP))
                continue
            parts = line.rstrip("\r\n").split(self._sep)
            if len(parts) != self._nfields:
                rejects.append((no, FIELD_COUNT))
                continue
            rows.append(tuple(self._value(parts[i]) if i >= 0 else None for i in self._index))
            nos.append(no)
        if not rows:
            return empty_records(), rejects
        return self._build(rows, nos, file_idx, rejects), rejects

    def _value(self, text: str) -> str | None:
        if text == self._unset or text == self._empty or not text:
            return None
        return unescape(text)

    def _build(self, rows: list[tuple], nos: list[int], file_idx: int, rejects: list[tuple[int, str]]) -> pd.DataFrame:
        cols = dict(zip(_SLOTS, zip(*rows)))
        ts, off = parse_epoch(cols["ts"], unit="s")
        keep = timestamp_rejects(ts, nos, rejects)
        methods = list(cols["method"])
        paths = [None if uri is None else normalize_target(uri, method or "") for uri, method in zip(cols["uri"], methods)]
        sep = self._set_sep
        forwarded = [None if p is None else proxied_client(p.split(sep)) for p in cols["proxied"]]
        return assemble(
            ts_ns=ts, offset_min=np.where(keep, off, np.nan), line_no=nos, file_idx=file_idx,
            client_ip=real_clients(list(cols["client_ip"]), forwarded),
            user=list(cols["user"]), method=methods, path=paths, status=cols["status"], nbytes=cols["bytes"],
            referer=list(cols["referer"]), user_agent=list(cols["user_agent"]), keep=keep,
        )


def looks_like_zeek(lines: Sequence[str]) -> bool:
    """True when the lines carry Zeek's TSV header (``#separator`` or a tab-separated ``#fields``)."""
    return any(line.startswith("#separator") or line.startswith("#fields\t") for line in lines)


__all__ = ["CLIENT_HEADERS", "ZEEK_FIELDS", "ZeekHttpParser", "looks_like_zeek", "proxied_client", "unescape"]
