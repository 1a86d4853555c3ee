"""Renderings of the events: the site's nginx line, then Filebeat's file output or Fluentd's out_file.

Both shippers batch per web server, so the merged file is in flush order, not strictly in time order. Filebeat
re-sends a stretch after a restart (duplicates, same ``log.offset``). A few lines are damaged (cut short, glued to
the next one, a head-less fragment or a run of NUL bytes). ``render`` returns the lines and, per line, a meta
tuple ``(kind, event_index)`` with kind ``req``, ``dup`` or ``bad``.
"""
import datetime as dt
import json
import random

from .world import TZ

HOSTS = ("web01", "web02", "web03")
FB_VERSION = ("8.15.3", "8.15.3", "8.14.1")
DEVICE = ("64768", "64768", "2049")
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_OFF = {}


def _local(t):
    """(datetime in local time, '+hhmm') for an epoch time; offsets cached per hour."""
    h = int(t // 3600)
    if h not in _OFF:
        _OFF[h] = dt.datetime.fromtimestamp(h * 3600, TZ).utcoffset().total_seconds()
    off = _OFF[h]
    lt = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(t) + off)
    sign = "+" if off >= 0 else "-"
    return lt, "%s%02d%02d" % (sign, abs(off) // 3600, (abs(off) % 3600) // 60)


def _iso(t):
    return dt.datetime.fromtimestamp(round(t), TZ).isoformat()


def esc(s):
    """nginx's default log escaping of variable values."""
    if s.isascii() and s.isprintable() and '"' not in s and "\\" not in s:
        return s
    out = []
    for ch in s:
        o = ord(ch)
        out.append("\\x%02X" % o if ch in '"\\' or o < 32 or o > 126 else ch)
    return "".join(out)


def nginx_line(e):
    t, _srv, client, xff, method, uri, proto, status, size, ref, ua, user, rt, _a = e
    lt, off = _local(t)
    ts = "%02d/%s/%d:%02d:%02d:%02d %s" % (lt.day, MONTHS[lt.month - 1], lt.year, lt.hour, lt.minute, lt.second, off)
    return '%s - - [%s] "%s %s %s" %d %d "%s" "%s" "%s" "%s" %.3f' % (
        client, ts, method, esc(uri), proto, status, size, esc(ref), esc(ua), esc(xff or "-"), esc(user), rt)


def _uuid(r):
    return "%08x-%04x-4%03x-%04x-%012x" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(12),
                                           0x8000 | r.getrandbits(14), r.getrandbits(48))


def _batches(order, flush, r, phase):
    """Sort key (flush time, host, seq) for events read at ``order`` times: batches every ``flush`` seconds."""
    return [(phase + (int((tr - phase) // flush) + 1) * flush + r.uniform(0.01, 0.4), tr) for tr in order]


def _filebeat(events, w, r):
    per = {0: [], 1: [], 2: []}
    for i, e in enumerate(events):
        per[e[1]].append(i)
    ids = [_uuid(r) for _ in HOSTS]
    eph = [[(0.0, _uuid(r))] for _ in HOSTS]
    restarts = []
    for day in range(w.days):
        h = r.randrange(3)
        ts = w.t(day, r.uniform(9.5, 14.5) if day % 2 == 0 else r.uniform(1.0, 4.0))
        restarts.append((h, ts, r.uniform(4, 9), r.uniform(8, 25)))   # host, stop, downtime, unacked seconds
        eph[h].append((ts, _uuid(r)))
    rows = []   # (flush, host, tread, seq, kind, idx, offset, @ts)
    seq = 0
    for h in range(3):
        offset = r.randint(30_000_000, 60_000_000)
        inode, rot_day = r.randint(1_050_000, 4_190_000), -1
        phase = r.uniform(0, 5)
        mine = [(hh, ts, down, un) for hh, ts, down, un in restarts if hh == h]
        for i in per[h]:
            e = events[i]
            day = w.days - 1 if e[0] >= w.midnights[-1] else max(k for k in range(w.days) if w.midnights[k] <= e[0])
            if day > rot_day and e[0] >= w.t(day, 6.42) and rot_day < day:
                offset, rot_day = 0, day          # logrotate (cron.daily 06:25) + nginx reopen: new inode
                inode += r.randint(3, 900)
            line = nginx_line(e)
            tread = e[0] + 0.05 + r.lognormvariate(-1.6, 0.8)
            for _hh, ts, down, un in mine:
                if ts <= tread < ts + down:
                    tread = ts + down + r.uniform(0.0, 0.6)
            flush = phase + (int((tread - phase) // 5.0) + 1) * 5.0 + r.uniform(0.01, 0.3)
            for _hh, ts, down, un in mine:
                if ts - un <= tread < ts:
                    flush = min(flush, ts - 0.01)      # flushed on shutdown, but not acknowledged
            rows.append((flush, h, tread, seq, "req", i, (offset, inode), line))
            seq += 1
            for _hh, ts, down, un in mine:
                if ts - un <= tread < ts:
                    tr2 = ts + down + r.uniform(0.05, 0.5)
                    rows.append((tr2 + 1.0, h, tr2, seq, "dup", i, (offset, inode), line))
                    seq += 1
            offset += len(line) + 1
    rows.sort(key=lambda x: (x[0], x[1], x[3]))
    envs = ({"fields": {"env": "prod"}}, {"fields": {"env": "prod"}},
            {"tags": ["beacon", "nginx-access"], "fields": {"env": "production"}})
    lines, meta = [], []
    for flush, h, tread, _s, kind, i, (offset, inode), line in rows:
        ep = [u for tt, u in eph[h] if tt <= tread][-1]
        stamp = dt.datetime(1970, 1, 1) + dt.timedelta(seconds=tread)
        obj = {"@timestamp": stamp.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (stamp.microsecond // 1000),
               "@metadata": {"beat": "filebeat", "type": "_doc", "version": FB_VERSION[h]},
               "log": {"offset": offset, "file": {"path": "/var/log/nginx/beacon_access.log",
                                                 "inode": str(inode), "device_id": DEVICE[h]}},
               "message": line, "input": {"type": "filestream"}, "host": {"name": HOSTS[h]},
               "agent": {"type": "filebeat", "version": FB_VERSION[h], "ephemeral_id": ep, "id": ids[h],
                         "name": HOSTS[h], "hostname": HOSTS[h]}, "ecs": {"version": "8.0.0"}}
        obj.update(envs[h])
        lines.append(json.dumps(obj, separators=(",", ":")))
        meta.append((kind, i))
    return lines, meta, [{"event": "filebeat_restart_resend", "host": HOSTS[h], "at": _iso(ts)}
                         for h, ts, _d, _u in restarts]


def _fluentd(events, w, r):
    rows = []
    late = []
    for day in range(w.days):
        ts = w.t(day, r.uniform(7.5, 15.5))
        late.append((r.randrange(3), ts, ts + r.uniform(30, 75)))     # forwarder retry: a stretch arrives late
    phase = [r.uniform(0, 3) for _ in HOSTS]
    for i, e in enumerate(events):
        h = e[1]
        tin = e[0] + 0.05 + r.lognormvariate(-1.2, 0.9)
        for hh, a, z in late:
            if hh == h and a <= tin < z:
                tin = z + r.uniform(0, 2)
        fwd = phase[h] + (int((tin - phase[h]) // 3.0) + 1) * 3.0 + r.uniform(0.02, 0.5)
        rows.append((fwd, h, i))
    rows.sort()
    lines, meta = [], []
    for _f, h, i in rows:
        e = events[i]
        t, _srv, client, xff, method, uri, _p, status, size, ref, ua, user, rt, _a = e
        lt, off = _local(t)
        stamp = lt.strftime("%Y-%m-%dT%H:%M:%S") + off[:3] + ":" + off[3:]
        rec = {"remote": client, "host": "-", "user": "-", "method": method, "path": esc(uri), "code": str(status),
               "size": str(size), "referer": esc(ref), "agent": esc(ua), "http_x_forwarded_for": esc(xff or "-"),
               "beacon_user": esc(user), "request_time": "%.3f" % rt}
        lines.append("%s\tbeacon.nginx.access.%s\t%s" % (stamp, HOSTS[h], json.dumps(rec, separators=(",", ":"))))
        meta.append(("req", i))
    return lines, meta, [{"event": "forwarder_retry_late_stretch", "host": HOSTS[h], "from": _iso(a), "to": _iso(z)}
                         for h, a, z in late]


def _damage(lines, meta, events, fmt, r):
    """Cut short, glued to the next line, head-less fragment (filebeat) or NUL run (fluentd)."""
    users = {}
    for e in events:
        users[e[11]] = users.get(e[11], 0) + 1
    kinds = ["cut", "cut", "glue", "glue", "head" if fmt == "filebeat" else "nul", r.choice(["cut", "glue"])]
    if r.random() < 0.5:
        kinds.append("cut")
    picked, inserts = set(), []
    n = len(lines)
    for k in sorted(kinds, key=lambda k: k == "nul"):
        while True:
            j = r.randrange(50, n - 50)
            if any(abs(j - q) < 4 for q in picked) or meta[j][0] != "req" or meta[j + 1][0] != "req":
                continue
            e = events[meta[j][1]]
            if e[13] is None and users.get(e[11], 0) > 20 and events[meta[j + 1][1]][13] is None:
                break
        picked.add(j)
        line = lines[j]
        if k == "cut":
            lines[j] = line[:r.randint(20, len(line) - 10)]
            meta[j] = ("bad", meta[j][1])
        elif k == "glue":
            lines[j] = line[:r.randint(30, len(line) - 10)] + lines[j + 1]
            meta[j] = ("bad", meta[j][1])
            lines[j + 1], meta[j + 1] = None, None
        elif k == "head":
            lines[j] = line[r.randint(40, len(line) - 30):]
            meta[j] = ("bad", meta[j][1])
        else:
            inserts.append(j)
    for j in sorted(inserts, reverse=True):
        lines.insert(j, "\x00" * r.randint(300, 1500))
        meta.insert(j, ("bad", None))
    keep = [(l, m) for l, m in zip(lines, meta) if l is not None]
    return [l for l, _ in keep], [m for _, m in keep]


def render(events, w, fmt):
    r = random.Random("blind22:%d:render:%s" % (w.seed, fmt))
    if fmt == "filebeat":
        lines, meta, notes = _filebeat(events, w, r)
    else:
        lines, meta, notes = _fluentd(events, w, r)
    lines, meta = _damage(lines, meta, events, fmt, r)
    return lines, meta, notes
