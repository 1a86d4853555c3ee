"""Strict parsers for both renderings (used by check.py and to make sure damaged lines really are malformed)."""
import re

_PREFIX = re.compile(r"^([DIWEF]), \[(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}) #(\d+)\] +(DEBUG|INFO|WARN|ERROR|FATAL) "
                     r"-- ([a-z]*): (.*)$")
_TAGS = re.compile(r"^\[([0-9a-f]{32})\] (?:\[user:(\d+)\] )?(.*)$")
_HEADER = re.compile(r"^# Logfile created on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} by logger\.rb/v[\d.]+$")
_IP = r"(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]+)"
_STARTED = re.compile(r'^Started (GET|POST|PATCH|PUT|DELETE|HEAD) "([^"\s]*)" for (%s) at '
                      r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4})$" % _IP)
_INFO = [re.compile(p) for p in (
    r'^Started GET "/cable/" \[WebSocket\] for %s at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}$' % _IP,
    r'^Finished "/cable/" \[WebSocket\] for %s at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}$' % _IP,
    r"^Successfully upgraded to WebSocket \(REQUEST_METHOD: GET, HTTP_CONNECTION: Upgrade, HTTP_UPGRADE: websocket\)$",
    r"^Registered connection \([A-Za-z0-9_-]+\)$",
    r"^Turbo::StreamsChannel (is transmitting the subscription confirmation|is streaming from [A-Za-z0-9_-]+:\w+|"
    r"stopped streaming from [A-Za-z0-9_-]+:\w+)$",
    r"^Processing by (?:[A-Z]\w*::)*[A-Z]\w*Controller#\w+ as (?:HTML|TURBO_STREAM|JSON|PDF|CSV|\*/\*)$",
    r'^  Parameters: \{"[^"]*"=>.*[}"\]]\}$',
    r"^  Rendered [\w/]+\.[\w.]+ (?:within layouts/[\w/]+ )?\(Duration: \d+\.\dms \| Allocations: \d+\)$",
    r"^  Rendered layout layouts/[\w/]+\.html\.erb \(Duration: \d+\.\dms \| Allocations: \d+\)$",
    r"^Redirected to https://ledger\.chestateeschools\.org/\S*$",
    r"^Completed \d{3} [A-Z][A-Za-z ]+ in \d+ms \((?:Views: \d+\.\dms \| )?ActiveRecord: \d+\.\dms \| "
    r"Allocations: \d+\)$",
    r"^Sent data [\w.-]+\.(?:pdf|csv) \(\d+\.\dms\)$",
)]
_WARN = re.compile(r"^(Can't verify CSRF token authenticity\.|DEPRECATION WARNING: .+ \(called from \w+ at \S+:\d+\))$")
_OMNI = re.compile(r"^\(google_oauth2\) (Request|Callback) phase initiated\.$")


def rails_line(line, prev_rid=None):
    """Classifies one line: ('header'|'log'|'cont'|None, info). prev_rid: rid of an open FATAL block or None."""
    m = _PREFIX.match(line)
    if not m:
        t = _TAGS.match(line)
        if t and prev_rid is not None and t.group(1) == prev_rid:
            return "cont", {"rid": prev_rid}
        return None, None
    sev, prog, msg = m.group(1), m.group(5), m.group(6)
    if sev != m.group(4)[0]:
        return None, None
    if prog:
        return ("log", {"sev": sev, "omni": True}) if prog == "omniauth" and _OMNI.match(msg) else (None, None)
    t = _TAGS.match(msg)
    if not t:
        return None, None
    rid, user, body = t.group(1), t.group(2), t.group(3)
    info = {"sev": sev, "rid": rid, "user": user, "pid": m.group(3), "ts": m.group(2)}
    if sev == "F":
        return ("log", dict(info, fatal=True)) if body == "  " else (None, None)
    if sev == "W":
        return ("log", info) if _WARN.match(body) else (None, None)
    if sev != "I":
        return None, None
    s = _STARTED.match(body)
    if s:
        info.update(start=True, method=s.group(1), path=s.group(2), ip=s.group(3), at=s.group(4))
        return "log", info
    for rx in _INFO:
        if rx.match(body):
            return "log", info
    return None, None


def parse_rails(lines):
    """Returns (requests, bad_line_numbers, header_line_numbers); requests carry line, rid, user, ip, method, path."""
    reqs, bad, header = [], [], []
    open_rid = None
    for n, line in enumerate(lines, 1):
        if n == 1 and _HEADER.match(line):
            header.append(n)
            continue
        kind, info = rails_line(line, open_rid)
        if kind is None:
            bad.append(n)
            open_rid = None
            continue
        if kind == "cont":
            continue
        open_rid = info["rid"] if info.get("fatal") else None
        if info.get("start"):
            reqs.append(dict(info, line=n))
    return reqs, bad, header


_NGX = re.compile(r'^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d) (%s) (GET|POST|PATCH|PUT|DELETE|HEAD|OPTIONS) '
                  r'"((?:[^"\\\s]|\\x[0-9A-F]{2})+)" (\d{3}) (\d+) (\d+\.\d{3}) (\d+\.\d{3}|-) '
                  r'"((?:[^"\\]|\\x[0-9A-F]{2})*)" "((?:[^"\\]|\\x[0-9A-F]{2})*)" "([0-9a-f.:, ]+|-)" '
                  r"rid=([0-9a-f]{32}) uid=(\d+|-)$" % _IP)


def nginx_line(line):
    m = _NGX.match(line)
    if not m:
        return None
    g = m.groups()
    return {"time": g[0], "ip": g[1], "method": g[2], "path": g[3], "status": int(g[4]), "bytes": int(g[5]),
            "rt": g[6], "urt": g[7], "ref": g[8], "ua": g[9], "xff": g[10], "rid": g[11],
            "user": None if g[12] == "-" else g[12]}


def parse_nginx(lines):
    reqs, bad = [], []
    for n, line in enumerate(lines, 1):
        r = nginx_line(line)
        if r is None:
            bad.append(n)
        else:
            r["line"] = n
            reqs.append(r)
    return reqs, bad, []
