"""Log lines: Apache ``vhost_combined`` or nginx JSON lines.

* ``vhost_combined``: ``host:port ip - user [time] "request" status bytes "referer" "agent"``
  (Apache's ``%v:%p %h %l %u %t ...``; the account is the one the PHP app put in ``X-SIS-User``).
* ``jsonl``: one nginx ``escape=json`` object per line with ``time``, ``remote_addr``,
  ``remote_user``, ``request``, ``status``, ``bytes``, ``referer``, ``user_agent``,
  ``session_id`` (the PHPSESSID cookie), ``request_time`` and ``host``.
"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from .app import HOST

FORMATS = ("vhost_combined", "jsonl")


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def format_line(event: tuple, fmt: str, tz: ZoneInfo) -> str:
    """One event as a log line in ``fmt``.

    Parameters
    ----------
    event : tuple
        ``(epoch, ip, user, method, path, status, bytes, referer, ua, session, ms)``.
    fmt : str
        One of :data:`FORMATS`.
    tz : zoneinfo.ZoneInfo
        Local zone of the server (offset written on every line).
    """
    t, ip, user, method, path, status, size, ref, ua, sid, ms = event
    when = datetime.fromtimestamp(t, tz)
    if fmt == "vhost_combined":
        stamp = when.strftime("%d/%b/%Y:%H:%M:%S %z")
        return (f'{HOST}:443 {ip} - {user or "-"} [{stamp}] "{method} {path} HTTP/1.1" {status} '
                f'{size if size else "-"} "{_esc(ref)}" "{_esc(ua)}"')
    if fmt == "jsonl":
        return json.dumps({
            "time": when.isoformat(timespec="milliseconds"), "host": HOST, "remote_addr": ip, "remote_user": user or "",
            "request": f"{method} {path} HTTP/1.1", "status": status, "bytes": size, "referer": "" if ref == "-" else ref,
            "user_agent": ua, "session_id": sid or "", "request_time": round(ms / 1000, 3),
        }, separators=(",", ":"))
    raise ValueError(f"unknown format {fmt!r}; choose from {FORMATS}")


__all__ = ["format_line", "FORMATS"]
