"""Both renderings of the same events: API Gateway HTTP API JSON access log (`apigw`) and the Node app's own
pino-style log with its non-request lines (`app`); then realistic damage. Lines are Line(text, kind, evs, tms)."""
import base64
import json
import time

MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
APIGW_TPL = ('{"requestId":"%s","ip":"%s","requestTime":"%s","requestTimeEpoch":"%d","httpMethod":"%s","routeKey":"%s",'
             '"path":"%s","status":"%d","protocol":"HTTP/1.1","responseLength":"%d","integrationLatency":"%s",'
             '"userAgent":"%s","jwtEmail":"%s"}')
LOG_FILE = {"apigw": "apigw-access.json", "app": "compass-app.log"}
STACKS = {"INTERNAL_SERVER_ERROR": None}


def _stack(op):
    from .client import OPS
    kind = "Mutation" if OPS.get(op, (0,))[0] else "Query"
    res = op[0].lower() + op[1:]
    msg = "Connection terminated due to connection timeout"
    return ("Error", msg, "Error: %s\n    at Client._handleErrorWhileConnecting (/app/node_modules/pg/lib/client.js:336:19)"
            "\n    at Pool.connect (/app/node_modules/pg-pool/index.js:45:11)\n    at async %s.%s "
            "(/app/dist/resolvers/%s.js:%d:20)" % (msg, kind, res, res, 20 + len(op) * 3))


class Line:
    __slots__ = ("text", "kind", "evs", "tms")

    def __init__(self, text, kind, evs=(), tms=0):
        self.text, self.kind, self.evs, self.tms = text, kind, evs, tms


def clf(sec):
    g = time.gmtime(sec)
    return "%02d/%s/%04d:%02d:%02d:%02d +0000" % (g.tm_mday, MON[g.tm_mon - 1], g.tm_year, g.tm_hour, g.tm_min, g.tm_sec)


def req_id(rng):
    return base64.b64encode(rng.getrandbits(88).to_bytes(11, "big")).decode().replace("+", "A").replace("/", "g")


def render_apigw(events, rng):
    """One JSON object per line, values as the template quotes them (API Gateway does not escape them)."""
    keyed = sorted(((e.end + rng.uniform(0.0, 0.9), i) for i, e in enumerate(events)))
    out = []
    for _, i in keyed:
        e = events[i]
        ms = int(e.t * 1000)
        path = e.path
        text = APIGW_TPL % (req_id(rng), e.ip, clf(ms // 1000), ms, e.m, e.route, path, e.st, e.size,
                            "-" if e.integ is None else str(e.integ), e.ua, e.who.email if e.who else "-")
        out.append(Line(text, "req", (e,), ms))
    return out


class Tasks:
    """ECS tasks of the Node service: hostnames and pino's per-process request counters; a deploy at 05:4x."""
    def __init__(self, rng, deploy):
        mk = lambda: "ip-10-40-%d-%d.us-west-2.compute.internal" % (rng.randint(1, 60), rng.randint(2, 250))
        self.old = [[mk(), rng.randint(20000, 400000)] for _ in range(3)]
        self.new = [[mk(), 0] for _ in range(3)]
        self.deploy, self.rng = deploy, rng

    def pick(self, tms):
        pool = self.old if tms < self.deploy else self.new
        tk = pool[self.rng.randrange(len(pool))]
        tk[1] += 1
        return tk[0], tk[1]


def _j(d):
    return json.dumps(d, separators=(",", ":"), ensure_ascii=False)


def render_app(events, rng, w):
    deploy = int(w.at(0, 5.7 + rng.uniform(0, 0.1)) * 1000)
    tasks = Tasks(rng, deploy)
    rows = []                                   # (tms, order, Line)
    for e in events:
        if not e.app:
            continue
        rt = max(1, (e.alat or e.integ) - rng.randint(1, 4))
        tms = int(e.t * 1000) + 2 + rt
        host, rid = tasks.pick(tms)
        st = 200 if e.st == 504 else e.st
        lvl = 50 if st >= 500 else 40 if st >= 400 else 30
        uid = e.who.uid if e.who else None
        url = e.path + ("?" + e.qs if e.qs else "")
        d = {"lvl": lvl, "time": tms, "pid": 1, "hostname": host, "reqId": rid,
             "req": {"method": e.m, "url": url, "remoteAddress": e.ip, "headers": {"user-agent": e.ua}},
             "res": {"statusCode": st}, "responseTime": rt, "uid": uid, "gqlOp": e.op, "msg": "request completed"}
        rows.append((tms, 1, Line(_j(d), "req", (e,), tms)))
        if e.err in STACKS:
            typ, msg, stack = _stack(e.op or "unknown")
            o = {"lvl": 50, "time": tms - 1, "pid": 1, "hostname": host, "reqId": rid,
                 "err": {"type": typ, "message": msg, "stack": stack}, "gqlOp": e.op, "msg": "resolver failed"}
            rows.append((tms - 1, 0, Line(_j(o), "other", (), tms - 1)))
        elif e.err and e.err != "GATEWAY_TIMEOUT":
            o = {"lvl": 40, "time": tms - 1, "pid": 1, "hostname": host, "reqId": rid, "uid": uid, "gqlOp": e.op,
                 "code": e.err, "msg": "graphql error"}
            rows.append((tms - 1, 0, Line(_j(o), "other", (), tms - 1)))
        if rt > 3000:
            o = {"lvl": 40, "time": tms, "pid": 1, "hostname": host, "reqId": rid, "gqlOp": e.op, "durationMs": rt,
                 "msg": "slow operation"}
            rows.append((tms, 2, Line(_j(o), "other", (), tms)))
    rows += _ops_lines(rng, w, tasks)
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows]


def _ops_lines(rng, w, tasks):
    rows = []
    start, end, dep = int(w.start * 1000), int(w.end * 1000), tasks.deploy
    for pool, a, b in ((tasks.old, start, dep), (tasks.new, dep + 40000, end)):
        for host, _ in pool:
            t = a + rng.randint(0, 900000)
            while t < b:
                o = {"lvl": 30, "time": t, "pid": 1, "hostname": host, "total": 20, "idle": rng.randint(12, 20),
                     "waiting": 0, "msg": "pg pool stats"}
                rows.append((t, 3, Line(_j(o), "other", (), t)))
                t += 900000 + rng.randint(-50, 50)
    if start < dep < end:
        for i, (host, _) in enumerate(tasks.new):
            t = dep - 30000 + i * 4000
            for k, (lvl, msg, extra) in enumerate((
                    (30, "compass-api starting", {"version": "2027.03.04-2", "node": "v22.14.0"}),
                    (30, "connected to postgres", {"host": "compass-prod.cluster-c4x7kq2b9tzr.us-west-2.rds.amazonaws.com"}),
                    (40, "APOLLO_ENABLE_INTROSPECTION is not set; introspection disabled", {}),
                    (30, "apollo server ready", {"path": "/graphql"}), (30, "listening", {"port": 4000}))):
                o = {"lvl": lvl, "time": t + k * 350 + rng.randint(0, 120), "pid": 1, "hostname": host}
                o.update(extra)
                o["msg"] = msg
                rows.append((o["time"], 4, Line(_j(o), "other", (), o["time"])))
        for i, (host, _) in enumerate(tasks.old):
            t = dep + 5000 + i * 6000
            for k, msg in enumerate(("SIGTERM received, draining connections", "http server closed")):
                o = {"lvl": 30, "time": t + k * 9000 + rng.randint(0, 500), "pid": 1, "hostname": host, "msg": msg}
                rows.append((o["time"], 4, Line(_j(o), "other", (), o["time"])))
    return rows


def damage(lines, fmt, rng, w):
    """5-8 malformed lines: cut records, a glued pair, and format-specific strays. Only benign, frequent
    accounts' request lines are damaged. Returns the new list."""
    counts = {}
    for ln in lines:
        if ln.kind == "req" and ln.evs[0].who is not None:
            counts[ln.evs[0].who.sid] = counts.get(ln.evs[0].who.sid, 0) + 1
    ok = [i for i, ln in enumerate(lines) if ln.kind == "req" and ln.evs[0].tag is None and ln.evs[0].who is not None
          and counts[ln.evs[0].who.sid] > 40 and '"' not in ln.evs[0].ua]
    while True:
        picks = sorted(rng.sample(ok, 4))
        if min(b - a for a, b in zip(picks, picks[1:])) > 2:
            break
    cut = set(picks[:2] + picks[3:])
    glue = picks[2]
    out, i = [], 0
    while i < len(lines):
        ln = lines[i]
        if i in cut:
            out.append(Line(ln.text[:rng.randint(40, len(ln.text) - 25)], "bad", ln.evs, ln.tms))
        elif i == glue and i + 1 < len(lines):
            nx = lines[i + 1]
            out.append(Line(ln.text + nx.text, "bad", ln.evs + nx.evs, ln.tms))
            i += 1
        else:
            out.append(ln)
        i += 1
    if fmt == "apigw":
        for d in range(min(w.days, 2)):
            k = rng.randrange(len(out))
            ts = out[k].tms
            msg = {"messageType": "CONTROL_MESSAGE", "owner": "CloudwatchLogs", "logGroup": "", "logStream": "",
                   "subscriptionFilters": [], "logEvents": [{"id": "", "timestamp": ts,
                                                             "message": "CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}
            out.insert(k, Line(_j(msg), "bad", (), ts))
    else:
        k = next((j for j, ln in enumerate(out) if "compass-api starting" in ln.text), rng.randrange(len(out)))
        ts = out[k].tms
        out.insert(k + 1, Line("(node:1) [DEP0040] DeprecationWarning: The `punycode` module is deprecated. Please use "
                               "a userland alternative instead.", "bad", (), ts))
        out.insert(k + 2, Line("(Use `node --trace-deprecation ...` to show where the warning was created)", "bad", (), ts))
        k = rng.randrange(len(out) // 3, len(out))
        out.insert(k, Line("Error: read ECONNRESET", "bad", (), out[k].tms))
    for ln in out:                       # API Gateway does not escape a `"` in the user agent
        if ln.kind == "req" and '"' in ln.evs[0].ua and fmt == "apigw":
            ln.kind = "bad"
    return out
