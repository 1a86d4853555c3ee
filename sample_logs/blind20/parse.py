"""Strict parsers for the two formats. parse(line, fmt) -> (kind, record); kind "req", "other" or None."""
import base64
import datetime as _dt
import json
import re

_CTIME = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"([ \d]\d) (\d\d):(\d\d):(\d\d) (\d{4})$")
_IP = re.compile(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")
_Q = r'"((?:[^"\\]|\\.)*)"'
_LIGHT = re.compile(r'^(\S+) (\S+) (\S+) \[(\d\d)/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/(\d{4}):(\d\d):(\d\d):(\d\d) '
                    r'([+-]\d{4})\] "([A-Z]{3,7}) (\S+) HTTP/(\d\.\d)" (\d{3}) (\d+|-) ' + _Q + " " + _Q + "$")
_MON = {m: i + 1 for i, m in enumerate("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split())}
_SETCK = re.compile(r'"Set-Cookie":"sis_user=([^;"]*)')
_USER = re.compile(r"(?:^|;\s*)sis_user=([^;]*)")


def _ip_ok(s):
    m = _IP.match(s)
    return bool(m) and all(int(x) < 256 for x in m.groups())


def _unesc(s):
    if "\\" not in s:
        return s
    return re.sub(r"\\x([0-9A-Fa-f]{2})|\\(.)", lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), s)


def _modsec(line):
    if not line.startswith('{"transaction":{') or not line.endswith("}}"):
        return None, None
    try:
        o = json.loads(line)
    except ValueError:
        return None, None
    try:
        tx = o["transaction"]
        rq, rs = tx["request"], tx["response"]
        ip, ts, port = tx["client_ip"], tx["time_stamp"], tx["client_port"]
        method, uri, hv, code = rq["method"], rq["uri"], rq["http_version"], rs["http_code"]
        hdr = rq.get("headers", {})
        msgs = tx["messages"]
        tx["producer"], tx["unique_id"], tx["server_id"], tx["host_ip"], tx["host_port"]
    except (KeyError, TypeError):
        return None, None
    m = _CTIME.match(ts) if isinstance(ts, str) else None
    if not m or not isinstance(ip, str) or not _ip_ok(ip) or not isinstance(port, int) or not isinstance(code, int) \
            or not isinstance(hdr, dict) or not isinstance(uri, str) or not isinstance(method, str) \
            or not isinstance(hv, (int, float)) or not isinstance(msgs, list):
        return None, None
    t = _dt.datetime(int(m.group(7)), _MON[m.group(2)], int(m.group(3)), int(m.group(4)), int(m.group(5)), int(m.group(6)))
    user = None
    sm = _SETCK.search(line)
    if sm and sm.group(1):
        user = sm.group(1)
    else:
        cm = _USER.search(hdr.get("Cookie", "") or "")
        if cm and cm.group(1):
            user = cm.group(1)
    auth = None
    a = hdr.get("Authorization", "")
    if a.startswith("Basic "):
        try:
            auth = base64.b64decode(a[6:]).decode("utf-8").split(":", 1)[0]
        except (ValueError, UnicodeDecodeError):
            auth = None
    rh = rs.get("headers", {})
    path, _, query = uri.partition("?")
    return "req", {"time": t.isoformat(), "ip": ip, "port": port, "method": method, "uri": uri, "path": path,
                   "query": query, "http_version": hv, "status": code, "bytes": int(rh.get("Content-Length", 0) or 0),
                   "host": hdr.get("Host"), "ua": hdr.get("User-Agent"), "referer": hdr.get("Referer"),
                   "user": user, "auth_user": auth, "cookie": hdr.get("Cookie"), "location": rh.get("Location"),
                   "rules": [x.get("details", {}).get("ruleId") for x in msgs if isinstance(x, dict)],
                   "unique_id": tx["unique_id"], "server_id": tx["server_id"]}


def _light(line):
    m = _LIGHT.match(line)
    if not m:
        return None, None
    g = m.groups()
    if not _ip_ok(g[0]):
        return None, None
    try:
        t = _dt.datetime(int(g[5]), _MON[g[4]], int(g[3]), int(g[6]), int(g[7]), int(g[8]))
    except ValueError:
        return None, None
    uri = g[11]
    path, _, query = uri.partition("?")
    ref, ua = _unesc(g[15]), _unesc(g[16])
    return "req", {"time": t.isoformat(), "tz_offset": g[9], "ip": g[0], "host": g[1],
                   "user": None if g[2] == "-" else g[2], "auth_user": None if g[2] == "-" else g[2],
                   "method": g[10], "uri": uri, "path": path, "query": query, "http_version": float(g[12]),
                   "status": int(g[13]), "bytes": 0 if g[14] == "-" else int(g[14]),
                   "referer": None if ref == "-" else ref, "ua": None if ua == "-" else ua}


def parse(line, fmt):
    if isinstance(line, bytes):
        if b"\x00" in line:
            return None, None
        line = line.decode("utf-8", "replace")
    if "\x00" in line or "\ufffd" in line:
        return None, None
    line = line.rstrip("\r\n")
    if fmt == "modsec_json":
        return _modsec(line)
    if fmt == "lighttpd":
        return _light(line)
    raise ValueError("unknown format %r" % fmt)
