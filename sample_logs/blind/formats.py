"""Log line formats: Elastic Common Schema JSON and Caddy's JSON access log.

``ecs``: what an edge proxy behind a cloud load balancer ships to
Elasticsearch (nested ECS fields, ``user.name`` from the session, duration in
nanoseconds, ``@timestamp`` at completion).  ``caddy``: Caddy's structured
access log (``ts`` in epoch seconds, ``request.client_ip`` the real client
behind the load balancer's ``remote_ip``, ``user_id`` from the auth layer).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Iterable

from sample_logs.blind.client import Hit
from sample_logs.blind.world import HOST

FORMATS = ("ecs", "caddy")
LB_PEERS = ["10.20.0.14", "10.20.1.9", "10.20.2.31"]
_dumps = json.JSONEncoder(separators=(",", ":")).encode
_TLS = {"resumed": False, "version": 772, "cipher_suite": 4865, "proto": "h2", "server_name": HOST}


def _iso(ts: float) -> str:
    """ISO 8601 UTC with milliseconds, as Elasticsearch writes it."""
    ms = int(round(ts * 1000))
    return datetime.fromtimestamp(ms // 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + f".{ms % 1000:03d}Z"


def ecs_line(h: Hit) -> str:
    """One ECS JSON line."""
    request: dict = {"method": h.method, "id": h.trace}
    if h.referer:
        request["referrer"] = h.referer
    if h.req_size:
        request["body"] = {"bytes": h.req_size}
    url = {"domain": HOST, "path": h.path, "original": h.path + ("?" + h.query if h.query else "")}
    if h.query:
        url["query"] = h.query
    doc: dict = {
        "@timestamp": _iso(h.ts),
        "ecs": {"version": "8.11.0"},
        "event": {"dataset": "learnerhub.access", "kind": "event", "category": ["web"],
                  "duration": int(h.dur * 1e9), "outcome": "success" if h.status < 400 else "failure"},
        "source": {"ip": h.ip, "port": h.port},
        "client": {"ip": h.ip},
    }
    if h.user:
        doc["user"] = {"name": h.user}
    doc["http"] = {"version": h.proto, "request": request,
                   "response": {"status_code": h.status, "body": {"bytes": h.size}}}
    doc["url"] = url
    doc["user_agent"] = {"original": h.ua}
    doc["trace"] = {"id": h.trace}
    doc["service"] = {"name": "learnerhub-edge"}
    return _dumps(doc)


def caddy_line(h: Hit) -> str:
    """One Caddy access-log JSON line."""
    headers: dict = {"User-Agent": [h.ua], "Accept-Encoding": ["gzip, deflate, br"]}
    if h.referer:
        headers["Referer"] = [h.referer]
    if h.user:
        headers["Cookie"] = ["REDACTED"]
    internal = h.ip.startswith("10.")
    peer = h.ip if internal else LB_PEERS[int(h.trace[-2:], 16) % len(LB_PEERS)]
    proto = "HTTP/2.0" if h.proto == "2" else "HTTP/1.1"
    request = {"remote_ip": peer, "remote_port": str(h.port), "client_ip": h.ip, "proto": proto,
               "method": h.method, "host": HOST, "uri": h.path + ("?" + h.query if h.query else ""),
               "headers": headers}
    if not internal:
        request["tls"] = _TLS
    doc = {"level": "info" if h.status < 500 else "error", "ts": round(h.ts, 6), "logger": "http.log.access.log0",
           "msg": "handled request", "request": request, "bytes_read": h.req_size, "user_id": h.user or "",
           "duration": round(h.dur, 6), "size": h.size, "status": h.status,
           "resp_headers": {"Server": ["Caddy"], "Content-Type": [_ctype(h)]}}
    return _dumps(doc)


def _ctype(h: Hit) -> str:
    """The response content type Caddy would log."""
    if h.path.endswith("/file") or "/reports/" in h.path:
        return "text/plain; charset=utf-8" if "/file" in h.path else "text/csv"
    if h.path.endswith("/content"):
        return "application/pdf"
    if h.path.startswith("/app") or h.path in ("/",):
        return "text/html; charset=utf-8"
    return "application/json"


def write(hits: Iterable[Hit], path, fmt: str) -> int:
    """Write hits (already sorted) in ``fmt``; return the number of lines."""
    line = {"ecs": ecs_line, "caddy": caddy_line}[fmt]
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for h in hits:
            fh.write(line(h) + "\n")
            n += 1
    return n
