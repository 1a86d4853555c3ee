"""nginx front rendering (custom log_format `ledger`) and the deliberate damage applied to both renderings.

log_format ledger '$time_iso8601 $remote_addr $request_method "$request_uri" $status $body_bytes_sent '
                  '$request_time $upstream_response_time "$http_referer" "$http_user_agent" '
                  '"$http_x_forwarded_for" rid=$request_id uid=$upstream_http_x_user_id';
"""
import datetime as _dt

from .parsers import nginx_line, rails_line
from .world import START, START_LOCAL

_cache = {}


def iso(t):
    s = int(t)
    v = _cache.get(s)
    if v is None:
        v = _cache[s] = (START_LOCAL + _dt.timedelta(seconds=s - int(START))).strftime("%Y-%m-%dT%H:%M:%S-05:00")
    return v


def render(events, window_end):
    """Returns (lines, meta) with meta[i] = (event index, True, damageable)."""
    recs = []
    for i, ev in enumerate(events):
        if ev.dur is None:
            continue
        end = ev.t + ev.dur
        if end >= window_end:
            continue
        recs.append((end, ev.seq, i))
    recs.sort()
    lines, meta = [], []
    for end, _, i in recs:
        ev = events[i]
        up = "-" if ev.kind in ("static", "nginx", "alb") else "%.3f" % max(0.001, ev.dur - 0.0015)
        st = 499 if (ev.x or {}).get("abort") else ev.st
        size = ev.size if st != 499 else 0
        lines.append('%s %s %s "%s" %d %d %.3f %s "%s" "%s" "%s" rid=%s uid=%s' % (
            iso(end), ev.ip, ev.m, ev.path, st, size, ev.dur, up, ev.ref or "-", ev.ua or "-", ev.xff or "-",
            ev.rid, ev.nu if ev.nu is not None else "-"))
        meta.append((i, True, ev.nu is None and ev.ru is None and ev.actor is None and ev.kind != "cable"))
    return lines, meta


NGINX_STRAY = ('%s [warn] 1187#1187: *%d an upstream response is buffered to a temporary file '
               '/var/cache/nginx/proxy_temp/%d/%02d/00000%05d while reading upstream, client: %s, server: %s, '
               'request: "GET %s HTTP/1.1", upstream: "http://unix:/var/www/ledger/shared/tmp/sockets/puma.sock:%s", '
               'host: "%s"')
PUMA_STRAY = "[%d] ! Terminating timed out worker (Worker %d failed to check in within 60 seconds): %d"


def _valid(fmt, line):
    if fmt == "nginx":
        return nginx_line(line) is not None
    return rails_line(line)[0] == "log"


def damage(fmt, lines, meta, rng, events):
    """Cuts, glues and garbles a few lines (only lines of anonymous requests); returns (lines, meta, malformed)."""
    n = len(lines)
    cands = [i for i in range(n - 1) if meta[i][2]]
    big = [i for i in range(1, n - 1) if meta[i][0] >= 0 and events[meta[i][0]].kind in ("pdf", "csv")
           and events[meta[i][0]].actor is None]
    ops, used = [], set()
    plan = ["cut", "cut", "glue", "nul", "stray"] + rng.sample(["cut", "glue", "cut", "stray"], rng.randint(0, 3))
    for op in plan:
        for _ in range(1000):
            i = rng.choice(cands)
            if any(abs(i - u) < 3 for u in used) or (op == "glue" and not meta[i + 1][2]):
                continue
            if op == "stray" and fmt == "nginx" and big:
                j = rng.choice(big)     # nginx warns while buffering a big response, before its access line
                if any(abs(j - 1 - u) < 3 for u in used):
                    continue
                ops.append((j - 1, op, j))
                used.add(j - 1)
                break
            if op in ("cut", "glue"):
                line = lines[i]
                cut = line[:rng.randint(len(line) // 4, len(line) * 7 // 8)]
                if _valid(fmt, cut) or (op == "glue" and _valid(fmt, cut + lines[i + 1])):
                    continue
                ops.append((i, op, cut))
            else:
                ops.append((i, op, None))
            used.add(i)
            break
    ops.sort()
    out, out_meta, bad = [], [], []
    skip = set()
    byi = {i: (op, cut) for i, op, cut in ops}
    for i in range(n):
        if i in skip:
            continue
        if i in byi:
            op, cut = byi[i]
            if op == "cut":
                out.append(cut)
                out_meta.append((-1, False, False))
                bad.append(len(out))
                continue
            if op == "glue":
                out.append(cut + lines[i + 1])
                out_meta.append((-1, False, False))
                bad.append(len(out))
                skip.add(i + 1)
                continue
            if op == "nul":
                out.append("\x00" * rng.randint(40, 400) + lines[i])
                out_meta.append((-1, False, False))
                bad.append(len(out))
                continue
            out.append(lines[i])
            out_meta.append(meta[i])
            if fmt == "nginx":
                ev = events[meta[cut][0]]
                when = (START_LOCAL + _dt.timedelta(seconds=int(ev.t + ev.dur * 0.6) - int(START)))
                stray = NGINX_STRAY % (when.strftime("%Y/%m/%d %H:%M:%S"), rng.randint(10 ** 5, 10 ** 6),
                                       rng.randint(0, 9), rng.randint(0, 99), rng.randint(0, 99999), ev.ip,
                                       "ledger.chestateeschools.org", ev.path, ev.path, "ledger.chestateeschools.org")
            else:
                master = rng.randint(1800, 2099)
                stray = PUMA_STRAY % (master, rng.randint(0, 3), rng.randint(2100, 3999))
            out.append(stray)
            out_meta.append((-1, False, False))
            bad.append(len(out))
            continue
        out.append(lines[i])
        out_meta.append(meta[i])
    return out, out_meta, bad
