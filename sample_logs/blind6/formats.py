"""Rendering events as IIS W3C extended lines (behind the ALB) or as AWS ALB access-log lines."""
import datetime as dt
import random

from .app import HOST, hexs

IIS_FIELDS = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs-version "
              "cs(User-Agent) cs(Cookie) cs(Referer) cs-host sc-status sc-substatus sc-win32-status sc-bytes "
              "cs-bytes time-taken X-Forwarded-For")
N_IIS = len(IIS_FIELDS.split())
ALB_ARN = "app/beacon-prod-alb/7c2e91f4a05b3d18"
TG_ARN = "arn:aws:elasticloadbalancing:us-east-2:381492003457:targetgroup/beacon-iis-tg/8a1f3c5d7e9b2c40"
CERT_ARN = "arn:aws:acm:us-east-2:381492003457:certificate/5d0f7b1e-93a4-4c2b-8e61-2f7a9c0d4b13"
N_ALB = 30          # fields after splitting quoted strings as single fields


def _utc(t):
    return dt.datetime.fromtimestamp(t, dt.timezone.utc)


def _plus(s):
    return s.replace(" ", "+") if s else "-"


def iis_lines(events, w):
    """Yield W3C lines; a new #Software/#Version/#Date/#Fields block whenever the UTC date changes."""
    day = None
    for e in events:
        end = e.t + e.d
        ts = _utc(end)
        d = ts.strftime("%Y-%m-%d")
        if d != day:
            day = d
            yield "#Software: Microsoft Internet Information Services 10.0"
            yield "#Version: 1.0"
            yield f"#Date: {d} {ts.strftime('%H:%M:%S')}"
            yield "#Fields: " + IIS_FIELDS
        if e.kind == "hc":
            xff, host = "-", w.targets[e.srv]
        else:
            xff, host = (f"{e.xff},+{e.ip}" if e.xff else e.ip), HOST
        yield " ".join((d, ts.strftime("%H:%M:%S"), w.targets[e.srv], e.m, e.stem, e.q or "-", "80", e.user,
                        w.alb_nodes[e.node], "HTTP/1.1", _plus(e.ua), e.ck, _plus(e.ref), host, str(e.st),
                        str(e.sub), str(e.w32), str(e.out), str(e.inb), str(int(round(e.d * 1000))), xff))


def _iso(t):
    return _utc(t).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def alb_lines(events, w):
    """Yield ALB access-log lines. ALB does not log its own health checks, so those events are skipped."""
    r = random.Random(f"blind6/{w.seed}/alb")
    for e in events:
        if e.kind == "hc":
            continue
        end = e.t + e.d
        target = f"{w.targets[e.srv]}:80"
        h2 = e.kind == "h2"
        ver = "HTTP/2.0" if h2 else "HTTP/1.1"
        url = f"https://{HOST}:443{e.stem}" + (f"?{e.q}" if e.q else "")
        rpt = 0.001 if r.random() < 0.3 else 0.0
        if e.kind == "wss":
            tpt, created = 0.002, e.t
        else:
            tpt, created = max(0.0, e.d - rpt), e.t
        recv = int(e.inb * 0.62) if h2 else e.inb
        sent = max(1, e.out - 74) if h2 else e.out
        prio = "10" if e.stem.startswith(("/api/", "/graphql", "/oauth/")) else ("20" if e.stem.startswith("/signalr/") else "0")
        conn = "TID_" + hexs(32, e.ip, e.port, e.node)
        cert = "session-reused" if conn[4] in "0123" else CERT_ARN      # TLS resumption, per connection
        trace = f"Root=1-{int(created):08x}-{r.getrandbits(96):024x}"
        yield (f'{e.kind} {_iso(end)} {ALB_ARN} {e.ip}:{e.port} {target} {rpt:.3f} {tpt:.3f} 0.000 {e.st} {e.st} '
               f'{recv} {sent} "{e.m} {url} {ver}" "{e.ua}" {e.tls[0]} {e.tls[1]} {TG_ARN} "{trace}" "{HOST}" '
               f'"{cert}" {prio} {_iso(created)} "forward" "-" "-" "{target}" "{e.st}" "-" "-" {conn}')


def split_alb(line):
    """Split an ALB line into fields (quoted strings are one field)."""
    out, i, n = [], 0, len(line)
    while i < n:
        if line[i] == '"':
            j = line.index('"', i + 1)
            out.append(line[i + 1:j])
            i = j + 2
        else:
            j = line.find(" ", i)
            j = n if j < 0 else j
            out.append(line[i:j])
            i = j + 1
    return out
