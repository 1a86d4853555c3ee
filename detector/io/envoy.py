"""Parser for Envoy's default text access log, and Istio's default, which extends it.

Envoy (an Istio sidecar or ingress gateway, Contour, Emissary, Gloo) writes,
unless configured otherwise::

    [2016-04-15T20:17:00.310Z] "POST /api/v1/locations HTTP/2" 204 - 154 0 226 100 "10.0.35.28"
      "nsq2http" "cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2" "locations" "tcp://10.0.2.1:80"

(one line, wrapped here): start time, the request line, the response code
(0 when none was sent), the response flags, bytes received and sent, the
duration and the upstream's service time (ms), then the quoted
X-Forwarded-For, User-Agent, request id, authority and upstream host.
Istio's default puts the response code details, the connection termination
details and the quoted upstream failure reason after the flags, and the
upstream cluster, upstream local, downstream local and **downstream remote
address**, the SNI and the route name at the end.

The client is the downstream remote address when the line has one, else
taken from X-Forwarded-For as behind a proxy of one's own
(:func:`detector.io.forwarded.real_client`: a balancer's own private address
gives way to the chain).  There is no authenticated user.  JSON access logs
from Envoy are read by :mod:`detector.io.jsonl`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from detector.io.forwarded import real_clients
from detector.io.records import absent, assemble, match_lines, normalize_target, timestamp_rejects, to_number
from detector.io.timeparse import parse_auto
from detector.io.values import strip_port
from detector.schema import empty_records

_ENVOY_RE = re.compile(
    r"\[(\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)\] "  # start time
    r'"(\S+) (\S+) ([^"]*)" '  # method, path, protocol
    r"(\d{1,3}) (\S+) "  # response code, flags
    r'(?:\S+ \S+ "[^"]*" )?'  # Istio: response code details, connection termination details, failure reason
    r"(\d+) (\d+) (\d+) (\S+) "  # bytes received, bytes sent, duration, upstream service time
    r'"([^"]*)" "((?:[^"\\]|\\.)*)" "[^"]*" "([^"]*)" "[^"]*"'  # X-Forwarded-For, user agent, request id, authority, upstream
    r"(?: \S+ \S+ \S+ (\S+))?"  # Istio: upstream cluster, upstream local, downstream local, downstream remote
)
#: Rejection reason of a line that is not in Envoy's default text format.
NOT_ENVOY = "line does not match Envoy's default access log format"


def looks_like_envoy(line: str) -> bool:
    """True when the line is one request in Envoy's (or Istio's) default text access log format."""
    return _ENVOY_RE.match(line.strip()) is not None


def _value(text: str | None) -> str | None:
    return None if absent(text) else text


def _row(m: re.Match) -> tuple:
    stamp, method, path, _protocol, code, _flags, _received, sent, duration, _service, forwarded, agent, _host, remote = \
        m.groups()
    method = _value(method)
    target = _value(path)
    return (stamp, _value(strip_port(remote) if remote else None), _value(forwarded), method,
            normalize_target(target, method or "") if target else None, code, sent, duration,
            _value(agent.replace('\\"', '"')))


class EnvoyParser:
    """Stateless parser for Envoy's and Istio's default text access logs (see the module docstring)."""

    name = "envoy"

    def parse(self, lines: Sequence[str], first_line_no: int, file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """:meth:`detector.io.formats.LineParser.parse`."""
        rows, nos, rejects = match_lines(lines, first_line_no, _ENVOY_RE.match, NOT_ENVOY, _row)
        if not rows:
            return empty_records(), rejects
        stamps, remote, forwarded, methods, paths, codes, sent, durations, agents = (list(c) for c in zip(*rows))
        ts, off = parse_auto(stamps)
        keep = timestamp_rejects(ts, nos, rejects)
        return assemble(
            ts_ns=ts, offset_min=off, line_no=nos, file_idx=file_idx,
            client_ip=real_clients(remote, forwarded), user=None, method=methods, path=paths, status=codes,
            nbytes=sent, user_agent=agents, duration_ms=to_number(durations, len(ts)), keep=keep,
        ), rejects


__all__ = ["NOT_ENVOY", "EnvoyParser", "looks_like_envoy"]
