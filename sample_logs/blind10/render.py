"""The two renderings of the same events.

apache_xff: httpd's own files, `LogFormat "%{X-Forwarded-For}i %l %u %t \"%r\" %>s %b \"%{Referer}i\"
\"%{User-Agent}i\" %D" proxy`, written through rotatelogs (one file per server per local day, lines in the order
they were written, i.e. by request end), gathered with `tail -n +1 web1/* web2/*`.
splunk_csv: Splunk Web "Export results" (CSV) of a search over the same servers' combined logs (mod_remoteip,
so %a is the client as the load balancer saw it), newest first.
"""
import random
from datetime import date, datetime, timedelta, timezone

from . import world as W

TZ = timezone(timedelta(hours=W.OFFSET_H))
PIPE_BUF = 4096
SPLUNK_HEADER = "_time,host,source,sourcetype,clientip,user,method,uri_path,uri_query,status,bytes,referer,useragent,_raw"
SOURCE = "/var/log/httpd/lodestar-ssl_access_log"


def esc(s):
    return s.replace("\\", "\\\\").replace('"', '\\"')


def clf(t):
    return datetime.fromtimestamp(int(t), TZ).strftime("%d/%b/%Y:%H:%M:%S %z")


def xff(ev):
    return ", ".join(ev.chain) if ev.chain else "-"


def shown_addresses(ev, fmt):
    """Addresses as the rendering shows them: the X-Forwarded-For field and its members, or Splunk's clientip."""
    if fmt == "splunk_csv":
        return [ev.chain[-1]] if ev.chain else []
    if not ev.chain:
        return []
    return [xff(ev)] + (list(ev.chain) if len(ev.chain) > 1 else [])


def apache_line(ev):
    return '%s - %s [%s] "%s %s %s" %d %s "%s" "%s" %d' % (
        xff(ev), ev.user, clf(ev.t), ev.method, esc(ev.target), ev.proto, ev.status, ev.size or "-", esc(ev.ref),
        esc(ev.ua), ev.dur)


def combined_line(ev):
    ip = ev.chain[-1] if ev.chain else W.LB_NODES[0]
    return '%s - %s [%s] "%s %s %s" %d %s "%s" "%s"' % (
        ip, ev.user, clf(ev.t), ev.method, esc(ev.target), ev.proto, ev.status, ev.size or "-", esc(ev.ref), esc(ev.ua))


def out_of_order(kept):
    n, mx = 0, None
    for e in kept:
        ts = int(e.t)
        if mx is not None and ts < mx:
            n += 1
        mx = ts if mx is None else max(mx, ts)
    return n


def _cut_in_request(rng, line):
    a = line.index('"') + 6
    b = line.index('"', a)
    return rng.randint(a, max(a, b - 2))


def render_apache(events, days, rng):
    """-> (text, meta, kept events). Files per server and local day by write time; tail -n +1 headers."""
    per = {}
    for ev in events:
        day = int((ev.end - W.T0) // 86400)
        if 0 <= day < days:
            per.setdefault((ev.srv, day), []).append(ev)
    files = [(srv, day) for srv in W.SERVERS for day in range(days)]
    for k in files:
        per.get(k, []).sort(key=lambda e: (e.end, e.t))
    longs = [(k, i) for k in files for i, ev in enumerate(per.get(k, [])[:-2]) if len(apache_line(ev)) > PIPE_BUF + 20]
    inter = set(rng.sample(longs, min(len(longs), rng.choice([1, 2]))))
    last_of = {srv: (srv, max(d for s, d in files if s == srv)) for srv in W.SERVERS}
    out, malformed, headers, kept = [], [], [], []
    pending_nl = False
    for fi, k in enumerate(files):
        srv, day = k
        name = "%s/lodestar-ssl_access_log.%s" % (srv.split("-")[-1], (date(*W.START) + timedelta(days=day)).isoformat())
        if fi > 0:
            if pending_nl:
                out.append("")
                malformed.append(len(out))
        headers.append(len(out) + 1)
        out.append("==> %s <==" % name)
        evs = per.get(k, [])
        i = 0
        while i < len(evs):
            ev = evs[i]
            line = apache_line(ev)
            if (k, i) in inter:
                nxt = apache_line(evs[i + 1])
                out.append(line[:PIPE_BUF] + nxt)
                malformed.append(len(out))
                out.append(line[PIPE_BUF:])
                malformed.append(len(out))
                i += 2
                continue
            if i == len(evs) - 1 and last_of[srv] == k:
                out.append(line[:_cut_in_request(rng, line)])
                malformed.append(len(out))
                i += 1
                continue
            out.append(line)
            kept.append(ev)
            i += 1
        pending_nl = not (last_of[srv] == k)
    text = "\n".join(out)          # the very last line was cut: no newline at the end of the file
    meta = {"malformed_lines": malformed, "header_lines": headers, "n_lines": len(out), "n_events": len(kept),
            "n_out_of_order": out_of_order(kept)}
    return text, meta, kept


def _csv(v):
    if any(ch in v for ch in ',"\n\r') or v != v.strip():
        return '"' + v.replace('"', '""') + '"'
    return v


def _stime(t):
    return datetime.fromtimestamp(int(t), TZ).isoformat(timespec="milliseconds")


def render_splunk(events, days, rng):
    t_end = W.at(days, 0)
    evs = [e for e in events if W.T0 <= e.t < t_end and e.target != "/lodestar/health.php"]
    evs.sort(key=lambda e: (e.end, e.t, e.srv))
    by_srv = {}
    for e in evs:
        by_srv.setdefault(e.srv, []).append(e)
    # long lines written to the pipe in two pieces with another child's line between them
    longs = [(srv, i) for srv in W.SERVERS for i, e in enumerate(by_srv.get(srv, [])[:-1])
             if len(combined_line(e)) > PIPE_BUF + 20]
    inter = set(rng.sample(longs, min(len(longs), rng.choice([1, 2]))))
    cands = [i for i, e in enumerate(evs) if e.status == 200 and e.method == "GET" and "?" in e.target]
    splits = set(evs[i] for i in rng.sample(cands, rng.choice([1, 2])))
    items, seq = [], 0      # (time, seq, host, raw, ev or None)
    for srv in W.SERVERS:
        lst = by_srv.get(srv, [])
        skip = set()
        for i, e in enumerate(lst):
            if i in skip:
                continue
            raw = combined_line(e)
            if (srv, i) in inter:
                nxt = lst[i + 1]
                items.append((int(e.t), e.end, srv, raw[:PIPE_BUF] + combined_line(nxt), None))
                items.append((int(e.t), e.end + 1e-4, srv, raw[PIPE_BUF:], None))
                skip.add(i + 1)
            elif e in splits:   # half-written line read by the forwarder, indexed as two events
                k = _cut_in_request(rng, raw)
                items.append((int(e.t), e.end, srv, raw[:k], None))
                items.append((int(e.t), e.end + 1e-4, srv, raw[k:], None))
            else:
                items.append((int(e.t), e.end, srv, raw, e))
    items.sort(key=lambda z: (-z[0], -z[1], z[2]))
    out, malformed, kept = [SPLUNK_HEADER], [], []
    for ts, _, srv, raw, e in items:
        if e is None:
            vals = [_stime(ts), srv, SOURCE, "access_combined"] + [""] * 9 + [raw]
            malformed.append(len(out) + 1)
        else:
            path, _, query = e.target.partition("?")
            vals = [_stime(ts), srv, SOURCE, "access_combined", e.chain[-1], e.user, e.method, path, query,
                    str(e.status), str(e.size or "-"), e.ref, e.ua, raw]
            kept.append(e)
        out.append(",".join(_csv(v) for v in vals))
    text = "\n".join(out) + "\n"
    meta = {"malformed_lines": malformed, "header_lines": [1], "n_lines": len(out), "n_events": len(kept),
            "n_out_of_order": out_of_order(kept)}
    return text, meta, kept


def render(fmt, events, days, seed):
    rng = random.Random("%s:render:%s" % (seed, fmt))
    if fmt == "splunk_csv":
        return render_splunk(events, days, rng)
    if fmt == "apache_xff":
        return render_apache(events, days, rng)
    raise ValueError("fmt must be splunk_csv or apache_xff")
