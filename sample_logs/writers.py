"""Render events as Apache combined, IIS W3C extended or JSON lines, plus malformed lines.

Events are the tuples described in :mod:`sample_logs.client`.  Each writer
turns a time-ordered batch of events into text lines with :meth:`lines`, and
produces deliberately broken lines with :meth:`malformed` so parsers can be
tested on them.
"""

from __future__ import annotations

import datetime as dt
import string
from json.encoder import encode_basestring as _js  # type: ignore[attr-defined]
from zoneinfo import ZoneInfo

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
W3C_FIELDS = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
              "cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes time-taken")
SERVER_IP = "10.40.12.21"


class Writer:
    """Base writer: per-minute timestamp cache and the malformed-line generator.

    Parameters
    ----------
    tz : str
        Time zone used for local timestamps (combined format).
    """

    fmt = ""

    def __init__(self, tz: str) -> None:
        self.tz = ZoneInfo(tz)
        self._cache: dict[int, str] = {}

    def header(self, first_ts: float) -> list[str]:
        """Lines written before the first event (none for most formats)."""
        return []

    def lines(self, events: list[tuple]) -> list[str]:
        """Render a batch of events, one line each."""
        raise NotImplementedError

    def truncate(self, line: str, u: float) -> str:
        """Cut ``line`` at a point (``u`` in [0, 1)) that leaves it unparseable."""
        raise NotImplementedError

    def malformed(self, rng, neighbour: str, ts: float) -> str:
        """A broken line: a truncated write, an error-log line leaking in, or binary-ish garbage."""
        u = rng.random()
        if u < 0.6:
            return self.truncate(neighbour, rng.random())
        if u < 0.8:
            d = dt.datetime.fromtimestamp(ts, self.tz)
            return (f"[{DAYS[d.weekday()]} {MONTHS[d.month - 1]} {d.day:02d} {d:%H:%M:%S}.{d.microsecond:06d} {d.year}] "
                    f"[proxy_http:error] [pid {int(rng.integers(1000, 30000))}:tid {int(rng.integers(10**14, 10**15))}] "
                    "(104)Connection reset by peer: AH01102: error reading status line from remote server 127.0.0.1:8080")
        alphabet = string.ascii_letters + string.digits + "\\x%#@!~^*"
        return "".join(alphabet[i] for i in rng.integers(0, len(alphabet), int(rng.integers(12, 70))))


class CombinedWriter(Writer):
    """Apache combined: ``%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"`` in local time."""

    fmt = "combined"

    def _minute(self, m: int) -> str:
        d = dt.datetime.fromtimestamp(m * 60, self.tz)
        off = int(d.utcoffset().total_seconds()) // 60
        sign = "-" if off < 0 else "+"
        self._cache[m] = f"{d.day:02d}/{MONTHS[d.month - 1]}/{d.year}:{d.hour:02d}:{d.minute:02d}:", f" {sign}{abs(off) // 60:02d}{abs(off) % 60:02d}]"
        return self._cache[m]

    def lines(self, events: list[tuple]) -> list[str]:
        cache, out = self._cache, []
        for _, t, ip, user, method, path, st, nb, ref, ua, _dur in events:
            s = int(t)
            pre = cache.get(s // 60) or self._minute(s // 60)
            proto = "HTTP/2.0" if ua.startswith("Mozilla") else "HTTP/1.1"
            out.append(f'{ip} - {user or "-"} [{pre[0]}{s % 60:02d}{pre[1]} "{method} {path} {proto}" {st} '
                       f'{nb or "-"} "{ref or "-"}" "{ua}"')
        return out

    def truncate(self, line: str, u: float) -> str:
        q = line.index('"')
        end = line.index('" ', q + 1)  # cut before the request's closing quote
        return line[: 8 + int(u * (end - 8))]


class W3CWriter(Writer):
    """IIS W3C extended log: UTC date and time, ``+`` for spaces, ``-`` for empty fields."""

    fmt = "w3c"

    def header(self, first_ts: float) -> list[str]:
        d = dt.datetime.fromtimestamp(int(first_ts), dt.timezone.utc)
        return ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0",
                f"#Date: {d:%Y-%m-%d %H:%M:%S}", f"#Fields: {W3C_FIELDS}"]

    def _minute(self, m: int) -> str:
        d = dt.datetime.fromtimestamp(m * 60, dt.timezone.utc)
        self._cache[m] = f"{d:%Y-%m-%d %H:%M}:"
        return self._cache[m]

    def lines(self, events: list[tuple]) -> list[str]:
        cache, out = self._cache, []
        for _, t, ip, user, method, path, st, nb, ref, ua, dur in events:
            s = int(t)
            pre = cache.get(s // 60) or self._minute(s // 60)
            stem, _, query = path.partition("?")
            out.append(f"{pre}{s % 60:02d} {SERVER_IP} {method} {stem} {query or '-'} 443 {user or '-'} {ip} "
                       f"{ua.replace(' ', '+')} {(ref or '-').replace(' ', '+')} {st} 0 0 {nb} {int(dur)}")
        return out

    def truncate(self, line: str, u: float) -> str:
        spaces = [i for i, ch in enumerate(line) if ch == " "]
        return line[: spaces[2 + int(u * 8)]]  # at most 10 of the 16 fields


class JsonlWriter(Writer):
    """One JSON object per line: ts (ISO 8601 UTC, ms), client_ip, user, method, path, status, bytes, referer, user_agent."""

    fmt = "jsonl"

    def _minute(self, m: int) -> str:
        d = dt.datetime.fromtimestamp(m * 60, dt.timezone.utc)
        self._cache[m] = f"{d:%Y-%m-%dT%H:%M}:"
        return self._cache[m]

    def lines(self, events: list[tuple]) -> list[str]:
        cache, out = self._cache, []
        for _, t, ip, user, method, path, st, nb, ref, ua, _dur in events:
            s = int(t)
            pre = cache.get(s // 60) or self._minute(s // 60)
            ms = min(999, int((t - s) * 1000))
            out.append(f'{{"ts": "{pre}{s % 60:02d}.{ms:03d}Z", "client_ip": "{ip}", "user": {_js(user) if user else "null"}, '
                       f'"method": "{method}", "path": {_js(path)}, "status": {st}, "bytes": {nb}, '
                       f'"referer": {_js(ref) if ref else "null"}, "user_agent": {_js(ua)}}}')
        return out

    def truncate(self, line: str, u: float) -> str:
        return line[: 5 + int(u * (len(line) - 8))]


WRITERS = {"combined": CombinedWriter, "w3c": W3CWriter, "jsonl": JsonlWriter}
