"""Writers for the held-out log: IIS W3C extended (default) and nginx combined with timings.

* ``w3c``: IIS 10 with its *default* field set (no ``sc-bytes``, no cookie):
  ``date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip
  cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken``,
  UTC, time of completion, ``+`` for spaces; a new ``#Software/#Version/#Date/#Fields``
  block at every UTC midnight, as when daily ``u_ex*.log`` files are concatenated.
* ``nginx``: ``$remote_addr - $remote_user [$time_local] "$request" $status
  $body_bytes_sent "$http_referer" "$http_user_agent" $request_time
  $upstream_response_time`` in the site's local time; the user is the
  application's ``X-Auth-User`` header logged in the user field, escaped as
  nginx escapes variables (``\\`` becomes ``\\x5C``); static files are served
  by nginx itself (upstream time ``-``).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

W3C_FIELDS = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) "
              "sc-status sc-substatus sc-win32-status time-taken")
SERVER_IP = "10.64.8.31"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
STATIC = (".css", ".js", ".png", ".woff2", ".ico", ".gif", ".jpg", ".svg")


def nginx_escape(text: str) -> str:
    """Escape a value as nginx does in access logs: ``"``, ``\\``, control and non-ASCII bytes as ``\\xHH``."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return text
    return "".join(f"\\x{b:02X}" if b < 32 or b > 126 or b in (34, 92) else chr(b) for b in text.encode("utf-8"))


class W3CWriter:
    """IIS W3C extended lines; a header block at the start and at every UTC day."""

    fmt = "w3c"

    def __init__(self, tz: str) -> None:
        self.day: str | None = None

    def lines(self, events: list[tuple]) -> tuple[list[str], list[int]]:
        """Render events; return the lines and the 1-based numbers of the directive lines."""
        out: list[str] = []
        heads: list[int] = []
        minute, stamp = -1, ""
        for t_end, ip, user, method, path, status, nbytes, ref, ua, ms, win32, _proto in events:
            s = int(t_end)
            if s // 60 != minute:
                minute = s // 60
                d = dt.datetime.fromtimestamp(minute * 60, dt.timezone.utc)
                stamp = f"{d:%Y-%m-%d %H:%M}:"
                if stamp[:10] != self.day:
                    self.day = stamp[:10]
                    block = ["#Software: Microsoft Internet Information Services 10.0", "#Version: 1.0",
                             f"#Date: {d:%Y-%m-%d %H:%M:%S}", f"#Fields: {W3C_FIELDS}"]
                    heads += range(len(out) + 1, len(out) + 1 + len(block))
                    out += block
            stem, _, query = path.partition("?")
            out.append(f"{stamp}{s % 60:02d} {SERVER_IP} {method} {stem} {query or '-'} 443 {user or '-'} {ip} "
                       f"{ua.replace(' ', '+')} {(ref or '-').replace(' ', '+')} {status} 0 {win32} {ms}")
        return out, heads


class NginxWriter:
    """nginx ``combined`` plus ``$request_time $upstream_response_time``, local time with offset."""

    fmt = "nginx"

    def __init__(self, tz: str) -> None:
        self.tz = ZoneInfo(tz)

    def lines(self, events: list[tuple]) -> tuple[list[str], list[int]]:
        """Render events; there are no directive lines."""
        out: list[str] = []
        minute, pre, post = -1, "", ""
        for t_end, ip, user, method, path, status, nbytes, ref, ua, ms, _win32, proto in events:
            s = int(t_end)
            if s // 60 != minute:
                minute = s // 60
                d = dt.datetime.fromtimestamp(minute * 60, self.tz)
                off = int(d.utcoffset().total_seconds()) // 60
                pre = f"{d.day:02d}/{MONTHS[d.month - 1]}/{d.year}:{d.hour:02d}:{d.minute:02d}:"
                post = f" {'-' if off < 0 else '+'}{abs(off) // 60:02d}{abs(off) % 60:02d}"
            upstream = "-" if path.split("?")[0].endswith(STATIC) else f"{ms * 0.985 / 1000:.3f}"
            out.append(f'{ip} - {nginx_escape(user) if user else "-"} [{pre}{s % 60:02d}{post}] "{method} {path} {proto}" '
                       f'{status} {nbytes} "{nginx_escape(ref) if ref else "-"}" "{nginx_escape(ua)}" {ms / 1000:.3f} {upstream}')
        return out, []


WRITERS = {"w3c": W3CWriter, "nginx": NginxWriter}
