"""Parser for HAProxy's HTTP log format (``option httplog``, and ``httpslog``).

HAProxy logs through syslog; the syslog header is removed by the reader
(:mod:`detector.io.syslog`), and a bare ``haproxy[1234]: `` tag in front of
the line (as some collectors keep it) is skipped here::

    203.0.113.5:51234 [14/Sep/2026:08:00:01.123] fe be/srv 0/0/1/2/3 200 5123 - - ---- 1/1/0/0/0 0/0
      {Mozilla/5.0|https://sis.example.org/} "GET /path HTTP/1.1"

(one line, wrapped here), that is: ``client:port``, ``[accept date]``, frontend, ``backend/server``,
the timers ``TR/Tw/Tc/Tr/Ta`` (ms; the last is the total time, ``-1`` when
the request was aborted), status, bytes sent to the client, the captured
request and response cookies, the termination state, connection counts,
queues, the optional ``{captured request headers}`` and ``{captured response
headers}``, then the quoted request (anything after it, such as the TLS
fields of ``httpslog``, is ignored).  The accept date carries no UTC offset:
like every time without one it is taken as UTC, which is right for a host
whose clock runs in UTC (on local time, the times are off by its offset).  HAProxy logs no authenticated
user of its own; a captured header value, request or response, that names an account (an e-mail address or
``DOMAIN\\user``, as an app's ``X-Auth-User`` carries) is taken as the user.  Which headers are captured, and
in which order, is configuration
that the log does not record: of the captured request headers the first
that reads as a user agent (``Mozilla/5.0 (...``, ``curl/8.0``) is taken as
the user agent and the first absolute ``http(s)://`` URL as the referer.  A
request HAProxy could not read (``<BADREQ>``) is a record with an empty
method and path.  Custom ``log-format`` lines and ``option tcplog`` lines do
not match and are rejected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from detector.io.records import assemble, match_lines, normalize_target, split_request, timestamp_rejects, to_number
from detector.io.timeparse import parse_strftime
from detector.schema import empty_records

_HAPROXY_RE = re.compile(
    r"(?:[^\s:\[\]]+(?:\[\d+\])?: )?"  # a bare syslog tag, e.g. haproxy[1234]:
    r"(\S+):\d+ "  # client:port (an IPv6 address unbracketed: the port is after the last colon)
    r"\[(\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d)(?:\.(\d+))?\] "  # accept date
    r"\S+ [^\s/]+/\S+ "  # frontend, backend/server
    r"-?\d+/-?\d+/-?\d+/-?\d+/\+?(-?\d+) "  # timers, the last is the total time
    r"(-?\d+) \+?(\d+) "  # status, bytes sent
    r"\S+ \S+ \S+ "  # captured request cookie, response cookie, termination state
    r"\d+/\d+/\d+/\d+/\+?\d+ \d+/\d+ "  # actconn/feconn/beconn/srv_conn/retries, srv_queue/backend_queue
    r"(?:\{([^}]*)\} )?(?:\{([^}]*)\} )?"  # captured request headers, captured response headers
    r'"([^"]*)"?'  # the request (HAProxy truncates a long one, and its closing quote with it)
)
_AGENT_RE = re.compile(r"[A-Za-z][\w.+-]*/\d")  # a product token: Mozilla/5.0, curl/8.0
#: A captured value that names an account: an e-mail address, or Windows' ``DOMAIN\user``.
_ACCOUNT_RE = re.compile(r"[^\s@|/\\]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}|[A-Za-z][\w.-]*\\[\w.$-]+")
_TIME_FORMAT = "%d/%b/%Y:%H:%M:%S.%f"
#: Rejection reason of a line that is not an HAProxy HTTP log line.
NOT_HAPROXY = "line does not match haproxy format"
_NO_REQUEST = frozenset({"<BADREQ>", "-", ""})


def looks_like_haproxy(line: str) -> bool:
    """True when the line is an HAProxy HTTP log line (after any syslog header)."""
    return _HAPROXY_RE.match(line) is not None


def captured_headers(block: str | None) -> tuple[str | None, str | None]:
    """``(user_agent, referer)`` guessed from a ``{a|b|c}`` block of captured request headers.

    Parameters
    ----------
    block : str or None
        The text between the braces.

    Returns
    -------
    tuple[str or None, str or None]
        The first value that reads as a user agent (a product token such as
        ``Mozilla/5.0`` at its start, not a URL) and the first absolute
        ``http(s)://`` URL; None for what is not there.

    Examples
    --------
    >>> captured_headers("sis.example.org|Mozilla/5.0 (X11)|https://sis.example.org/")
    ('Mozilla/5.0 (X11)', 'https://sis.example.org/')
    """
    agent = referer = None
    for value in (block or "").split("|"):
        value = value.strip()
        if not value:
            continue
        if value.startswith(("http://", "https://")):
            referer = referer or value
        elif agent is None and _AGENT_RE.match(value):
            agent = value
    return agent, referer


def captured_account(*blocks: str | None) -> str | None:
    """The first captured header value, request or response, that names an account (an e-mail address or
    ``DOMAIN\\user``): what an app's ``X-Auth-User``-like header carries when the configuration captures it.

    Examples
    --------
    >>> captured_account("Mozilla/5.0 (X11)|https://sis.example.org/", "jdoe@district.example")
    'jdoe@district.example'
    >>> captured_account("Mozilla/5.0 (X11)|", "text/html") is None
    True
    """
    for block in blocks:
        for value in (block or "").split("|"):
            value = value.strip()
            if value and _ACCOUNT_RE.fullmatch(value):
                return value
    return None


def _row(m: re.Match) -> tuple | str:
    client, time, frac, total, status, sent, headers, response_headers, request = m.groups()
    request = request.strip()
    if request in _NO_REQUEST:
        method = path = ""
    else:
        split = split_request(request)
        if isinstance(split, str):
            return split
        method, path = split[0], normalize_target(split[1], split[0])
    agent, referer = captured_headers(headers)
    user = captured_account(headers, response_headers)
    return f"{time}.{frac or '0'}", client, total, status, sent, method, path, agent, referer, user


class HaproxyParser:
    """Parse HAProxy HTTP log lines into records."""

    name = "haproxy"

    def parse(self, lines: Sequence[str], first_line_no: int, file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """Parse a chunk of lines.

        Parameters
        ----------
        lines : Sequence[str]
            Lines without their newline (syslog headers already removed).
        first_line_no : int
            Line number of ``lines[0]``.
        file_idx : int
            Index of the file the lines come from.

        Returns
        -------
        tuple[pandas.DataFrame, list[tuple[int, str]]]
            Records and ``(line_no, reason)`` for the rejected lines; blank
            lines are neither.
        """
        rows, nos, rejects = match_lines(lines, first_line_no, _HAPROXY_RE.match, NOT_HAPROXY, _row)
        if not rows:
            return empty_records(), rejects
        return self._build(rows, nos, file_idx, rejects), rejects

    @staticmethod
    def _build(rows: list[tuple], nos: list[int], file_idx: int, rejects: list[tuple[int, str]]) -> pd.DataFrame:
        n = len(rows)
        times, clients, totals, statuses, sent, methods, paths, agents, referers, users = zip(*rows)
        ts, off = parse_strftime(times, _TIME_FORMAT)
        keep = timestamp_rejects(ts, nos, rejects)
        duration = to_number(totals, n)
        duration[duration < 0] = np.nan
        return assemble(
            ts_ns=ts, offset_min=off, line_no=nos, file_idx=file_idx,
            client_ip=clients, user=users, method=methods, path=paths, status=statuses,
            nbytes=sent, referer=referers, user_agent=agents, duration_ms=duration, keep=keep,
        )


__all__ = ["HaproxyParser", "NOT_HAPROXY", "captured_account", "captured_headers", "looks_like_haproxy"]
