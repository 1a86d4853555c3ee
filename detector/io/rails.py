"""Parser for a Ruby on Rails application's own log (``production.log``): several lines per request.

Rails writes each request as a ``Started`` line, then ``Processing by``,
``Parameters``, rendering and SQL lines, and a ``Completed`` line::

    I, [2027-02-02T09:14:05.123456 #12345]  INFO -- : [5f1e0c2a-...] [user:4821] Started GET "/students/104882" for 203.0.113.5 at 2027-02-02 09:14:05 -0500
    I, [2027-02-02T09:14:05.180012 #12345]  INFO -- : [5f1e0c2a-...] [user:4821] Completed 200 OK in 52ms (Views: 31.2ms | ActiveRecord: 8.1ms)

The logger's ``X, [time #pid]  LEVEL -- progname:`` prefix is optional (a
plain formatter writes none), and so are the tags in brackets that
``config.log_tags`` adds: Rails' default production setting tags the request
id, and many apps tag the signed-in user too.  A record is made from each
``Started`` line (time with its offset, method, path, client address) and
completed by the ``Completed`` line of the same request: the one with the same
request id, or else the next one of the same process.  A request whose
``Completed`` line is not in the chunk read (a crash, the end of the file)
keeps status 0.  The user is a tag such as ``[user:4821]``, ``[uid=4821]`` or an
e-mail address in brackets.  Rails logs no user agent, referer or size.

Every other line (SQL, rendering, parameters, backtraces, a job's lines) is
not a request and is neither parsed nor rejected, nor is the second
``Started GET "/cable" [WebSocket]`` line Action Cable writes for an upgrade;
a ``Started`` line that is cut short is rejected with its line number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from detector.io.records import assemble, normalize_target, timestamp_rejects
from detector.io.timeparse import parse_auto
from detector.schema import empty_records

_PREFIX = r"(?:[DIWEFAU], \[(?P<clock>\d{4}-\d\d-\d\dT[\d:.]+) #(?P<pid>\d+)\] +[A-Z]+ -- [^:]*: )?"
_TAGS = r"(?P<tags>(?:\[[^\]]*\] )*)"
_STARTED_RE = re.compile(_PREFIX + _TAGS + r"Started (?P<rest>.*)$")
_STARTED_REST = re.compile(
    r'(?P<method>[A-Z]+) "(?P<path>[^"]*)"(?P<websocket> \[WebSocket\])? for (?P<ip>\S+) at (?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?: [+-]\d{4}| UTC)?)$'
)
_COMPLETED_RE = re.compile(_PREFIX + _TAGS + r"Completed (?P<status>\d{3}) .*? in (?P<ms>\d+(?:\.\d+)?)ms")
_TAG_RE = re.compile(r"\[([^\]]*)\]")
_USER_TAG = re.compile(r"(?i)^(?:user|uid|user_id|current_user|account|login)\s*[:=]\s*(\S+)$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_REQUEST_ID = re.compile(r"^[0-9a-fA-F-]{16,}$")
#: Rejection reason of a ``Started`` line that is cut short.
CUT_SHORT = "Rails request line cut short"
#: The message words of Rails' request lines, for format detection.
_RAILS_MESSAGE = re.compile(r"(?:^|: |\] )(?:Started [A-Z]+ \"|Processing by \S+#\S+ as |Completed \d{3} |"
                            r"  Parameters: \{|  Rendered |Redirected to )")


def looks_like_rails(line: str) -> bool:
    """True when the line is one a Rails app logs about a request (``Started``, ``Processing by``, ``Completed``...)."""
    return _RAILS_MESSAGE.search(line) is not None


def _tag_values(tags: str) -> tuple[str | None, str | None]:
    """``(request id, user)`` among a line's leading tags."""
    request_id = user = None
    for tag in _TAG_RE.findall(tags or ""):
        tag = tag.strip()
        named = _USER_TAG.match(tag)
        if named:
            user = user or named.group(1)
        elif _EMAIL.match(tag):
            user = user or tag
        elif request_id is None and _REQUEST_ID.match(tag):
            request_id = tag
    return request_id, user


def _stamp(clock: str | None, at: str) -> str:
    """The request's time: the logger's, to the microsecond, with the zone of the ``at`` time (whole seconds)."""
    zone = at[19:].strip()
    zone = "Z" if zone in ("", "UTC") else zone
    if clock is None or clock[:19] != at[:19].replace(" ", "T"):  # no logger time, or one on another clock
        return f"{at[:19]}{zone}"
    return f"{clock}{zone}"


class RailsLogParser:
    """Parser for Rails' multi-line request logs (see the module docstring); stateless between chunks."""

    name = "rails"

    def parse(self, lines: Sequence[str], first_line_no: int, file_idx: int) -> tuple[pd.DataFrame, list[tuple[int, str]]]:
        """:meth:`detector.io.formats.LineParser.parse`: one record per ``Started`` line."""
        rows: list[list] = []
        nos: list[int] = []
        rejects: list[tuple[int, str]] = []
        by_id: dict[str, int] = {}  # open requests by request id, and by process, oldest first
        by_pid: dict[str | None, list[int]] = {}
        for no, line in enumerate(lines, first_line_no):
            if "Started " in line:
                m = _STARTED_RE.match(line.strip())
                if m is not None:
                    rest = _STARTED_REST.match(m.group("rest"))
                    if rest is None:
                        rejects.append((no, CUT_SHORT))
                        continue
                    if rest.group("websocket"):  # Action Cable's upgrade, logged again for the request just started
                        continue
                    request_id, user = _tag_values(m.group("tags"))
                    method = rest.group("method")
                    rows.append([_stamp(m.group("clock"), rest.group("time")), rest.group("ip"), user, method,
                                 normalize_target(rest.group("path"), method), 0, np.nan])
                    nos.append(no)
                    if request_id is not None:
                        by_id[request_id] = len(rows) - 1
                    else:
                        by_pid.setdefault(m.group("pid"), []).append(len(rows) - 1)
                    continue
            if "Completed " in line:
                m = _COMPLETED_RE.match(line.strip())
                if m is None:
                    continue
                request_id, _ = _tag_values(m.group("tags"))
                at = by_id.pop(request_id, None) if request_id is not None else None
                if at is None and request_id is None:
                    waiting = by_pid.get(m.group("pid"))
                    at = waiting.pop(0) if waiting else None
                if at is not None:
                    rows[at][5], rows[at][6] = int(m.group("status")), float(m.group("ms"))
        if not rows:
            return empty_records(), rejects
        stamps, ips, users, methods, paths, statuses, durations = (list(c) for c in zip(*rows))
        ts, off = parse_auto(stamps)
        keep = timestamp_rejects(ts, nos, rejects)
        return assemble(
            ts_ns=ts, offset_min=off, line_no=nos, file_idx=file_idx, client_ip=ips, user=users, method=methods,
            path=paths, status=statuses, duration_ms=np.asarray(durations, dtype=np.float64), keep=keep,
        ), rejects


__all__ = ["CUT_SHORT", "RailsLogParser", "looks_like_rails"]
