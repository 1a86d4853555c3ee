"""Serilog compact JSON (CLEF) rendering of the events: request-completion events from
UseSerilogRequestLogging() (timestamped at completion) interleaved with the app's other log
events, realistic damage, and a strict parser of the format."""
import json
import re
import time

from . import world as W

MT = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms"
RLM = "Serilog.AspNetCore.RequestLoggingMiddleware"
MACHINES = [("e7c1b5a3f9d2", "0c94d2f7a1e8"), ("5d0a8e6c2b4f", "a61f3e09b7c5")]
_T_RX = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$")
_RID_RX = re.compile(r"^([0-9A-V]{13}):[0-9A-F]{8}$")
_R_RX = re.compile(r"^\d+\.\d{4}$")
_DUMP = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def ts(t):
    whole = int(t)
    frac = int(round((t - whole) * 1e7))
    if frac >= 10000000:
        whole, frac = whole + 1, frac - 10000000
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole)) + ".%07dZ" % frac


def machine(ctx, inst, t, ver=None):
    if ver is None:
        ver = 1 if t >= ctx.deploy_times[inst] else 0
    return MACHINES[inst][ver]


def request_line(ctx, q):
    end = q.t + q.dur / 1000.0
    d = {"@t": ts(end), "@mt": MT, "@r": ["%.4f" % q.dur]}
    if q.status >= 500 or q.exc:
        d["@l"] = "Error"
    if q.exc:
        d["@x"] = q.exc
    d["@tr"], d["@sp"] = q.op, q.sp
    d["RequestHost"], d["RequestScheme"] = W.HOST, "https"
    if q.query:
        d["QueryString"] = "?" + q.query
    d["RemoteIpAddress"], d["UserAgent"] = q.ip, q.ua
    if q.user:
        d["UserName"] = q.user
    d.update(RequestMethod=q.method, RequestPath=q.path, StatusCode=q.status, Elapsed=round(q.dur, 6),
             SourceContext=RLM, RequestId=q.rid, ConnectionId=q.conn, MachineName=machine(ctx, q.inst, q.t),
             EnvironmentName="Production")
    return end, _DUMP(d)


def log_line(ctx, t, level, mt, props, sc, exc, q=None, inst=None, ver=None):
    d = {"@t": ts(t), "@mt": mt}
    if level:
        d["@l"] = level
    if exc:
        d["@x"] = exc
    if q is not None:
        d["@tr"], d["@sp"] = q.op, q.sp
    d.update(props)
    d["SourceContext"] = sc
    if q is not None:
        d.update(RequestId=q.rid, RequestPath=q.path, ConnectionId=q.conn)
        inst = q.inst
    d["MachineName"] = machine(ctx, inst, t, ver)
    d["EnvironmentName"] = "Production"
    return _DUMP(d)


def render(ctx, reqs, rng):
    """Returns [(text, kind, req)] with kind req|other|malformed, and the damage notes."""
    items = []
    for q in reqs:
        end, line = request_line(ctx, q)
        items.append((end, 1, line, "req", q))
        for lg in q.logs or ():
            off, level, mt, props, sc = lg[:5]
            exc = lg[5] if len(lg) > 5 else None
            lt = q.t + (off if off is not None else max(0.0, q.dur - 0.2)) / 1000.0
            items.append((min(lt, end - 1e-7), 0, log_line(ctx, lt, level, mt, props, sc, exc, q), "other", None))
    for t, level, mt, props, sc, exc, inst in ctx.events:
        items.append((t, 0, log_line(ctx, t, level, mt, props, sc, exc, inst=inst[0], ver=inst[1]), "other", None))
    items.sort(key=lambda x: (x[0], x[1]))
    lines = [[x[2], x[3], x[4]] for x in items]
    return damage(ctx, lines, rng)


def damage(ctx, lines, rng):
    reqi = [i for i, x in enumerate(lines) if x[1] == "req" and i + 1 < len(lines) and lines[i + 1][1] == "req"]
    before = [i for i in reqi if lines[i][2].t + lines[i][2].dur / 1000 < ctx.deploy_times[0] and lines[i][2].inst == 0]
    picks = set()

    def pick(pool):
        while True:
            i = rng.choice(pool)
            if all(abs(i - j) > 3 for j in picks):
                picks.add(i)
                return i
    ops = [("cut", before[-1] if before else pick(reqi))]
    picks.add(ops[0][1])
    ops += [("cut", pick(reqi)), ("glue", pick(reqi)), ("glue", pick(reqi)), ("cutglue", pick(reqi)), ("nul", pick(reqi))]
    notes = []
    for kind, i in sorted(ops, key=lambda o: -o[1]):
        text = lines[i][0]
        if kind == "cut":
            lines[i] = [text[:rng.randint(40, len(text) - 8)], "malformed", None]
        elif kind == "glue":
            lines[i:i + 2] = [[text + lines[i + 1][0], "malformed", None]]
        elif kind == "cutglue":
            lines[i:i + 2] = [[text[:rng.randint(40, len(text) - 8)] + lines[i + 1][0], "malformed", None]]
        else:
            lines.insert(i + 1, ["\x00" * rng.randint(180, 900), "malformed", None])
        notes.append(kind)
    return lines, sorted(notes)


def parse(line):
    """Strict parser: ('req', dict) | ('other', dict) | None when the line is not a valid CLEF event."""
    if not line.startswith("{") or not line.endswith("}"):
        return None
    try:
        d = json.loads(line)
    except ValueError:
        return None
    if not isinstance(d, dict) or not isinstance(d.get("@t"), str) or not _T_RX.match(d["@t"]):
        return None
    if not isinstance(d.get("@mt"), str) or not isinstance(d.get("SourceContext"), str):
        return None
    if not isinstance(d.get("MachineName"), str) or d.get("EnvironmentName") != "Production":
        return None
    if d["SourceContext"] != RLM:
        return ("other", d)
    try:
        ok = (d["@mt"] == MT and isinstance(d["RequestMethod"], str) and d["RequestPath"].startswith("/")
              and isinstance(d["StatusCode"], int) and isinstance(d["Elapsed"], (int, float))
              and isinstance(d["@r"], list) and len(d["@r"]) == 1 and _R_RX.match(d["@r"][0])
              and abs(float(d["@r"][0]) - d["Elapsed"]) < 0.0006 and d["RequestHost"] == W.HOST
              and d["RequestScheme"] == "https" and isinstance(d["RemoteIpAddress"], str)
              and (d["UserAgent"] is None or isinstance(d["UserAgent"], str))
              and isinstance(d.get("UserName", ""), str) and isinstance(d.get("QueryString", "?"), str)
              and d.get("QueryString", "?").startswith("?") and _RID_RX.match(d["RequestId"])
              and d["RequestId"].split(":")[0] == d["ConnectionId"]
              and re.fullmatch(r"[0-9a-f]{32}", d["@tr"]) and re.fullmatch(r"[0-9a-f]{16}", d["@sp"]))
    except (KeyError, TypeError, AttributeError):
        return None
    return ("req", d) if ok else None


def fields(d):
    """(user, address, user agent) of a parsed request event."""
    return d.get("UserName"), d["RemoteIpAddress"], d["UserAgent"]
