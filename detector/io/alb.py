"""Parser for AWS Elastic Load Balancing access logs (Application and Classic load balancers).

An Application Load Balancer writes one space-separated line per request::

    https 2026-09-14T15:00:01.123456Z app/my-lb/50dc6c495c0c9188 203.0.113.5:2817 10.0.0.1:80
      0.000 0.001 0.000 200 200 34 5123 "GET https://sis.example.org:443/students/42?term=F HTTP/1.1"
      "curl/8.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:... "Root=1-..." "sis.example.org" ...

(one line, wrapped here), that is: type, time, load balancer, ``client:port``, ``target:port``, the
request, target and response processing times (seconds, ``-1`` when they
do not apply), the load balancer's and the target's status, bytes received
and sent, ``"request line"`` and ``"user agent"``, then fields that are not
read (TLS, target group, trace id...).  A Classic Load Balancer writes the
same fields from the time on, without the type and with fewer trailing
fields.  Times are UTC; there is no authenticated user.  The status is the
load balancer's (what the client got), the bytes are those sent to the
client, the duration is the sum of the three processing times.  A request
the load balancer could not read (logged ``"- - - "`` by a TCP listener or
``"- http://host:80- -"``) is a record with an empty method and path, as a
``"-"`` request of Apache's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from detector.io.records import absent, assemble, match_lines, normalize_target, split_request, timestamp_rejects, to_number
from detector.io.timeparse import parse_auto
from detector.io.values import strip_port
from detector.schema import empty_records

_QUOTED = r'"((?:[^"\\]|\\.)*)"'
_ALB_RE = re.compile(
    r"(?:(?:https?|h2|grpcs?|wss?) )?"  # the ALB's listener type; a Classic ELB line starts at the time
    r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) "
    r"\S+ (\S+) \S+ "  # load balancer, client:port, target:port
    r"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) "  # request, target, response processing times (s)
    r"(\S+) \S+ \S+ (\S+) "  # load balancer status, target status, bytes received, bytes sent
    + _QUOTED + " " + _QUOTED  # request line, user agent
    + r"(?: |$)"
)
#: Rejection reason of a line that is not an ALB/ELB access log line.
NOT_ALB = "line does not match alb format"


def looks_like_alb(line: str) -> bool:
    """True when the line is an AWS ALB or Classic ELB access-log line."""
    return _ALB_RE.match(line) is not None


def _request(text: str) -> tuple[str | None, str | None] | str:
    """``(method, path)`` of a logged request line, ``('', '')`` when none was read, or a rejection reason."""
    text = text.strip()
    if text in ("", "-") or text.startswith("- "):
        return "", ""
    split = split_request(text)
    if isinstance(split, str):
        return split
    return split[0], normalize_target(split[1], split[0])


def _duration_ms(parts: Sequence[tuple[str, str, str]]) -> np.ndarray:
    """Sum of the three processing times, ms; NaN when any is ``-1`` (the request never reached a target)."""
    n = len(parts)
    if n == 0:
        return np.zeros(0)
    times = np.column_stack([to_number(col, n) for col in zip(*parts)])
    total = times.sum(axis=1) * 1e3
    total[(times < 0).any(axis=1)] = np.nan
    return total


def _row(m: re.Match) -> tuple | str:
    time, client, t1, t2, t3, status, sent, request, agent = m.groups()
    req = _request(request)
    if isinstance(req, str):
        return req
    return time, client, (t1, t2, t3), status, sent, req[0], req[1], agent


class AlbParser:
    """Parse AWS ALB and Classic ELB access logs into records."""

    name = "alb"

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
            Records and ``(line_no, reason)`` for the rejected lines; blank
            lines are neither.
        """
        rows, nos, rejects = match_lines(lines, first_line_no, _ALB_RE.match, NOT_ALB, _row)
        if not rows:
            return empty_records(), rejects
        return self._build(rows, nos, file_idx, rejects), rejects

    @staticmethod
    def _build(rows: list[tuple], nos: list[int], file_idx: int, rejects: list[tuple[int, str]]) -> pd.DataFrame:
        times, clients, timings, statuses, sent, methods, paths, agents = zip(*rows)
        ts, off = parse_auto(times)
        keep = timestamp_rejects(ts, nos, rejects)
        return assemble(
            ts_ns=ts, offset_min=off, line_no=nos, file_idx=file_idx,
            client_ip=[None if absent(c) else strip_port(c, has_port=True) for c in clients],
            user=None, method=methods, path=paths, status=statuses, nbytes=sent, referer=None,
            user_agent=[None if absent(a) else a.replace('\\"', '"') for a in agents],
            duration_ms=_duration_ms(timings), keep=keep,
        )


__all__ = ["AlbParser", "NOT_ALB", "looks_like_alb"]
