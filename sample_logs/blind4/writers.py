"""Log writers.

nginx_xff   nginx behind the internal load balancer, `log_format main` with "$http_x_forwarded_for" last:
            $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer"
            "$http_user_agent" "$http_x_forwarded_for"
            $remote_addr is an LB node; $remote_user is the SSO identity the auth subrequest hands back for
            authenticated app/API locations, "-" on public locations (assets, help, sign-in) and for anonymous calls.
lograge_json Rails production log on stdout with Lograge::Formatters::Json and the app's custom_options
            (time = event start, host, remote_ip = request.remote_ip, request_id, user = current_user.email,
            user_agent, referer, params without controller/action/format). Only requests reaching a Rails
            controller are logged: no static files, no OmniAuth request phase, no Rack::Attack 429s.
"""
from __future__ import annotations

import json
import random
import time
import zlib

from .world import HOST, LBS, ZONE
import datetime as _dt

MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FORMATS = ("nginx_xff", "lograge_json")


class _Clock:
    def __init__(self):
        self._off: dict[int, int] = {}

    def off(self, t: float) -> int:
        k = int(t // 3600)
        if k not in self._off:
            self._off[k] = int(_dt.datetime.fromtimestamp(k * 3600 + 1800, ZONE).utcoffset().total_seconds())
        return self._off[k]

    @staticmethod
    def _z(o: int, colon: bool) -> str:
        sgn = "-" if o < 0 else "+"
        o = abs(o)
        return f"{sgn}{o // 3600:02d}{':' if colon else ''}{o % 3600 // 60:02d}"

    def nginx(self, t: float) -> str:
        o = self.off(t)
        g = time.gmtime(int(t) + o)
        return f"{g.tm_mday:02d}/{MON[g.tm_mon - 1]}/{g.tm_year}:{g.tm_hour:02d}:{g.tm_min:02d}:{g.tm_sec:02d} {self._z(o, False)}"

    def iso(self, t: float) -> str:
        o = self.off(t)
        g = time.gmtime(int(t) + o)
        ms = int((t - int(t)) * 1000)
        return (f"{g.tm_year}-{g.tm_mon:02d}-{g.tm_mday:02d}T{g.tm_hour:02d}:{g.tm_min:02d}:{g.tm_sec:02d}"
                f".{ms:03d}{self._z(o, True)}")


def _lb(q) -> str:
    if q.via == "":
        return q.ip
    return LBS[zlib.crc32(f"{q.ip}|{int(q.t0 // 90)}".encode()) % len(LBS)]


def _esc(s: str) -> str:
    """nginx escapes '"' and '\\' (and non-printables) in logged variables as \\xXX."""
    return s.replace("\\", "\\x5C").replace('"', "\\x22") if ("\\" in s or '"' in s) else s


def nginx_lines(reqs, seed: int):
    clk = _Clock()
    for q in sorted(reqs, key=lambda x: x.t1):
        uri = _esc(q.path + ("?" + q.q if q.q else ""))
        xff = "-" if q.via == "" else (f"{q.via}, {q.ip}" if q.via else q.ip)
        nb = 0 if q.m == "HEAD" else q.nb
        yield (f'{_lb(q)} - {q.user or "-"} [{clk.nginx(q.t1)}] "{q.m} {uri} HTTP/1.1" {q.st} {nb} '
               f'"{q.ref or "-"}" "{q.ua}" "{xff}"')


def lograge_lines(reqs, seed: int):
    clk = _Clock()
    r = random.Random(f"lograge:{seed}")
    for q in sorted(reqs, key=lambda x: x.t1):
        if q.layer != 2:
            continue
        ctrl, _, action = q.ctrl.partition("#")
        ms = (q.t1 - q.t0) * 1000.0 * r.uniform(0.86, 0.97)
        if q.fmt == "html" and q.st in (200, 422):
            view = ms * r.uniform(0.45, 0.75)
        elif q.st in (200, 201) and q.fmt == "json":
            view = ms * r.uniform(0.1, 0.45)
        else:
            view = 0.0
        db = (ms - view) * r.uniform(0.15, 0.8)
        d = {"method": q.m, "path": q.path, "format": q.fmt, "controller": ctrl, "action": action, "status": q.st,
             "allocations": min(int(ms * r.uniform(180, 900)), r.randint(1_400_000, 2_600_000)) + 1200,
             "duration": round(ms, 2), "view": round(view, 2), "db": round(db, 2)}
        if q.loc:
            d["location"] = q.loc
        d["time"] = clk.iso(q.t0)
        d["host"] = HOST
        d["remote_ip"] = q.ip
        d["request_id"] = "%08x-%04x-4%03x-%04x-%012x" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(12),
                                                          0x8000 | r.getrandbits(14), r.getrandbits(48))
        d["user"] = q.user
        d["user_agent"] = q.ua
        d["referer"] = q.ref
        d["params"] = q.pp or {}
        yield json.dumps(d, separators=(",", ":"))


WRITERS = {"nginx_xff": nginx_lines, "lograge_json": lograge_lines}
