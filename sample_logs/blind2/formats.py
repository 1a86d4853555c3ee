"""Log writers: Traefik JSON access log at the edge, or Tomcat's AccessLogValve behind it.

* ``traefik``: Traefik v2/v3 ``accessLog.format=json`` with ``fields.headers`` keeping
  ``User-Agent`` and ``Referer`` (``request_User-Agent``, ``request_Referer``),
  ``Duration``/``OriginDuration`` in nanoseconds, ``StartUTC`` plus ``StartLocal`` in the
  container's Pacific time.  ``ClientUsername`` carries the signed-in account, which the
  site's auth middleware exposes to Traefik; ``-`` when nobody is signed in.  No session id.
* ``tomcat``: the app's embedded Tomcat 9 with ``RemoteIpValve`` (so ``%a`` is the client)
  and the pattern ``%a %l %u %t "%r" %s %b "%{Referer}i" "%{User-Agent}i" %D %{JSESSIONID}c``,
  i.e. Apache combined plus the duration in milliseconds and the session cookie (with the
  ``.node1`` jvmRoute suffix).  The container's principal is the signed-in account.

Both write a line when the response completes, so lines are in completion order.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable
from zoneinfo import ZoneInfo

from sample_logs.blind2.app import HOST, Hit

FORMATS = ("traefik", "tomcat")


def _iso(t: float, zone: ZoneInfo | timezone) -> str:
    d = datetime.fromtimestamp(t, zone)
    base = d.strftime("%Y-%m-%dT%H:%M:%S")
    frac = f"{int(round((t % 1) * 1e9)) % 1000000000:09d}"
    off = d.strftime("%z")
    return f"{base}.{frac}" + ("Z" if off == "+0000" else f"{off[:3]}:{off[3:]}")


def traefik_line(h: Hit, n: int, zone: ZoneInfo) -> str:
    """One Traefik JSON access-log record."""
    ns = h.ms * 1_000_000
    overhead = 40_000 + (n * 7919) % 400_000
    pod = f"10.42.{1 + n % 3}.{17 + n % 2}:8080"
    rec = {
        "ClientAddr": f"{h.ip}:{h.port}", "ClientHost": h.ip, "ClientPort": str(h.port),
        "ClientUsername": h.user or "-", "DownstreamContentSize": h.size, "DownstreamStatus": h.status,
        "Duration": ns + overhead, "OriginContentSize": h.size, "OriginDuration": ns, "OriginStatus": h.status,
        "Overhead": overhead, "RequestAddr": HOST, "RequestContentSize": 0 if h.method == "GET" else 120 + n % 900,
        "RequestCount": n, "RequestHost": HOST, "RequestMethod": h.method, "RequestPath": h.path, "RequestPort": "-",
        "RequestProtocol": "HTTP/2.0" if "Mozilla" in h.ua else "HTTP/1.1", "RequestScheme": "https",
        "RetryAttempts": 0, "RouterName": "websecure-caseload-web-6f1d2@kubernetescrd",
        "ServiceAddr": pod, "ServiceName": "caseload-caseload-web-8080@kubernetescrd", "ServiceURL": f"http://{pod}",
        "StartLocal": _iso(h.t, zone), "StartUTC": _iso(h.t, timezone.utc), "TLSCipher": "TLS_AES_128_GCM_SHA256",
        "TLSVersion": "1.3", "entryPointName": "websecure", "level": "info", "msg": "",
    }
    if h.referer:
        rec["request_Referer"] = h.referer
    if h.ua:
        rec["request_User-Agent"] = h.ua
    rec["time"] = _iso(h.t + h.ms / 1000, timezone.utc)[:19] + "Z"
    return json.dumps(rec, separators=(",", ":"))


def tomcat_line(h: Hit, zone: ZoneInfo) -> str:
    """One Tomcat AccessLogValve line."""
    stamp = datetime.fromtimestamp(h.t, zone).strftime("%d/%b/%Y:%H:%M:%S %z")
    size = str(h.size) if h.size else "-"
    ref = h.referer or "-"
    ua = (h.ua or "-").replace('"', '\\"')
    cookie = f"{h.sid}.node1" if h.sid else "-"
    return (f'{h.ip} - {h.user or "-"} [{stamp}] "{h.method} {h.path} HTTP/1.1" {h.status} {size} "{ref}" "{ua}" '
            f"{h.ms} {cookie}")


def write_log(hits: Iterable[Hit], path: Path, fmt: str, tz: str) -> int:
    """Write hits in completion order; return the number of lines."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    zone = ZoneInfo(tz)
    ordered = sorted(hits, key=lambda h: (h.t + h.ms / 1000, h.ip, h.path))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for n, h in enumerate(ordered, 1):
            out.write((traefik_line(h, n, zone) if fmt == "traefik" else tomcat_line(h, zone)) + "\n")
    return len(ordered)
