"""Rendering: CloudFront result types and request ids, CloudFront standard log files (headers per delivered
file), the WAF log, and the deliberate damage (malformed lines) of each format."""
import base64
import math
import random
import time

from . import waf
from .world import HOST

CF_DOMAIN = "d2q7xk4vf8m1ab.cloudfront.net"
FIELDS = ("date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) "
          "cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken "
          "x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status "
          "fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len "
          "sc-range-start sc-range-end")
HEADER = ["#Version: 1.0", "#Fields: " + FIELDS]
_ENC = {o: "%%%02X" % o for o in list(range(0, 33)) + [127] + [ord(c) for c in "<>\"#%{}|\\^~[]`'"]}
STATIC = ("/assets/", "/favicon.ico", "/robots.txt")


def enc(s):
    """CloudFront's escaping of logged values (spaces, quotes, percent signs and the like)."""
    return s.translate(_ENC)


def prepare(events, w, seed):
    """Request ids, edge cache results and proxy headers, in time order (shared by both renderings)."""
    rng = random.Random("blind17:%d:render" % seed)
    cache = set()
    for ev in events:
        ev.rid = base64.urlsafe_b64encode(rng.randbytes(40)).decode()
        edge = w.nets.edge[ev.ip]
        abort = None
        if ev.waf and ev.waf != "allow_pentest" and ev.status == 403:
            res = ("Error", "Error", "Error")
        elif ev.status >= 400:
            res = ("Error", "Error", "Error")
        elif ev.path.startswith(STATIC):
            key = (edge, ev.path)
            res = ("Hit",) * 3 if key in cache else ("Miss",) * 3
            cache.add(key)
        elif ev.ctype == "text/html" and ev.method in ("GET", "HEAD") and not ev.path.startswith(("/login", "/oauth2", "/logout")):
            key = (edge, "/index.html")
            res = ("RefreshHit",) * 3 if (key in cache or ev.status == 304) else ("Miss",) * 3
            cache.add(key)
        else:
            res = ("Miss",) * 3
            if ev.ctype == "application/pdf" and rng.random() < 0.004:
                res, abort = ("Error", "Miss", "ClientCommError"), rng.uniform(0.05, 0.7)
        ev.result = res + (abort,)
        if ev.ip in w.xff_nats and ev.dev.kind == "browser":
            lan = getattr(ev.dev, "lan", None)
            if lan is None:
                lan = ev.dev.lan = "10.%d.%d.%d" % (rng.randint(16, 31), rng.randint(0, 255), rng.randint(2, 254))
            ev.extra = dict(ev.extra or {}, xff=lan)


def cf_line(ev):
    dev, x = ev.dev, ev.extra or {}
    end = ev.t + ev.dur
    r, rr, dr, abort = ev.result
    size = ev.size if abort is None else int(ev.size * abort)
    ua = "-" if x.get("no_ua") else enc(dev.ua)
    q = enc(ev.query) if ev.query else "-"
    ck = enc(ev.cookie) if ev.cookie else "-"
    ref = enc(ev.ref) if ev.ref else "-"
    hdr = 300 + (len(ev.ctype) if ev.ctype else 0) + (90 if ev.path.startswith("/assets/") else 0) + \
        (140 if ev.status == 201 and ev.path == "/api/session" else 0) + (260 if ev.status == 302 else 0)
    raw = 110 + len(ev.path) + len(ev.query) + (0 if ua == "-" else len(dev.ua)) + len(ev.cookie or "") + \
        len(ev.ref or "") + (len(ev.auth) + 22 if ev.auth else 0) + len(dev.lang or "")
    cs_bytes = int(raw * (0.62 if dev.proto == "HTTP/2.0" else 1.0)) + ev.body
    ct = ev.ctype or "-"
    if ct == "-" or ev.status == 304:
        clen = "0" if ev.status in (302, 204) else "-"
    elif ct in ("application/json", "text/html") and size > 1024:
        clen = "-"
    else:
        clen = str(ev.size)
    fields = [time.strftime("%Y-%m-%d\t%H:%M:%S", time.gmtime(end)), edge_of(ev), str(size + hdr), ev.ip, ev.method,
              CF_DOMAIN, enc(ev.path), str(ev.status), ref, ua, q, ck, r, ev.rid, HOST, "https", str(cs_bytes),
              "%.3f" % ev.dur, x.get("xff", "-"), dev.tls[0], dev.tls[1], rr, dev.proto, "-", "-", str(ev.port),
              "%.3f" % ev.ttfb, dr, ct, clen, "-", "-"]
    return "\t".join(fields)


_EDGE = {}


def edge_of(ev):
    return _EDGE[ev.ip]


def cloudfront(events, w, seed):
    """Lines (and their kinds 'h'/'e') of the concatenated log files: per UTC hour 1-3 files, each in near time order."""
    _EDGE.clear()
    _EDGE.update(w.nets.edge)
    rng = random.Random("blind17:%d:cffiles" % seed)
    byhour = {}
    for ev in events:
        byhour.setdefault(int((ev.t + ev.dur) // 3600), []).append(ev)
    lines, info = [], []
    for hour in sorted(byhour):
        evs = byhour[hour]
        k = max(1, math.ceil(len(evs) / rng.randint(2500, 4500)))
        files = [[] for _ in range(k)]
        for ev in evs:
            files[rng.randrange(k)].append((ev.t + ev.dur + rng.uniform(-1.5, 1.5), ev))
        for f in files:
            if not f:
                continue
            f.sort(key=lambda p: p[0])
            lines += HEADER
            info += [("h", None), ("h", None)]
            for _, ev in f:
                lines.append(cf_line(ev))
                info.append(("e", ev))
    return lines, info


def waf_log(events, w, seed):
    ordered = sorted(events, key=lambda e: int(e.t * 1000))
    return [waf.line(ev, w, HOST) for ev in ordered], [("e", ev) for ev in ordered]


def _victims(info, rng, n, need_next=False, at_end=False):
    """Health-check lines (benign, plentiful) to damage; with need_next the following line must be benign too,
    with at_end (preferably) the last line of a delivered file."""
    cand = [i for i, (k, ev) in enumerate(info) if k == "e" and ev.actor == "svc:route53"
            and (not need_next or (i + 1 < len(info) and info[i + 1][0] == "e"
                                   and info[i + 1][1].actor.startswith(("svc:", "staff"))))]
    if at_end:
        ends = [i for i in cand if i + 1 < len(info) and info[i + 1][0] == "h"]
        if len(ends) >= n:
            cand = ends
    return rng.sample(cand, n)


def damage(lines, info, fmt, seed):
    """5-8 malformed lines; returns new lines and a kind per line ('h' header, 'e' event, 'm' malformed)."""
    rng = random.Random("blind17:%d:damage:%s" % (seed, fmt))
    kinds = [k for k, _ in info]
    ops = []
    n_cut = rng.randint(2, 3)
    for i in _victims(info, rng, n_cut, at_end=fmt == "cloudfront"):
        ops.append((i, "cut"))
    for i in _victims(info, rng, 1 if fmt == "cloudfront" else rng.randint(1, 2), need_next=True):
        ops.append((i, "glue"))
    starts = [i for i in range(len(lines)) if lines[i] == HEADER[0]] if fmt == "cloudfront" else list(range(1, len(lines)))
    for kind in ("blank", "junk"):
        ops.append((rng.choice(starts[1:] or starts), kind))
    used, final = set(), []
    for i, op in sorted(ops, key=lambda o: -o[0]):
        if i in used or i + 1 in used or i - 1 in used:
            continue
        used.add(i)
        final.append((i, op))
    for i, op in final:   # highest index first, so earlier indices stay valid
        if op == "cut":
            s = lines[i]
            lines[i] = s[:int(len(s) * rng.uniform(0.3, 0.75))]
            kinds[i] = "m"
        elif op == "glue":
            lines[i] = lines[i] + lines[i + 1]
            kinds[i] = "m"
            del lines[i + 1], kinds[i + 1]
        elif op == "blank":
            lines.insert(i, "")
            kinds.insert(i, "m")
        else:
            lines.insert(i, junk(fmt, rng))
            kinds.insert(i, "m")
    return lines, kinds


def junk(fmt, rng):
    if fmt == "cloudfront":   # a still-gzipped delivery concatenated as text
        return "\x1f\ufffd\x08\x08" + "".join(rng.choice("\ufffdQ}x9k\u00c3\u00b1Z!\ufffd0Lw") for _ in range(rng.randint(30, 90)))
    return ('{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"",'
            '"subscriptionFilters":[],"logEvents":[{"id":"","timestamp":%d,'
            '"message":"CWL CONTROL MESSAGE: Checking health of destination Firehose."}]}' % rng.randint(1791158400000, 1791244800000))
