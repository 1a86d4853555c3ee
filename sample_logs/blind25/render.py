"""Apache lines, deliberate damage, and the two SIEM renderings (Splunk JSON export, elasticdump of OpenSearch)."""
import json
import time
import zlib

from . import world as W
from .parse import parse_apache

MON = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
ACCESS = "/var/log/httpd/ssl_access_log"
ERRLOG = "/var/log/httpd/ssl_error_log"
HOSTS = ("web01", "web02", "web03")
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def host_for(ip):
    """nginx `ip_hash`: the first three octets of the address nginx saw (last in X-Forwarded-For)."""
    last = ip.split(", ")[-1]
    return HOSTS[zlib.crc32(last.rsplit(".", 1)[0].encode()) % 3]


class Lines:
    def __init__(self):
        self._ts = {}

    def ts(self, sec):
        s = self._ts.get(sec)
        if s is None:
            g = time.gmtime(sec + W.UTC_OFFSET)
            s = self._ts[sec] = "%02d/%s/%04d:%02d:%02d:%02d -0700" % (g.tm_mday, MON[g.tm_mon - 1], g.tm_year,
                                                                       g.tm_hour, g.tm_min, g.tm_sec)
        return s

    def apache(self, ev):
        t, _h, ip, user, method, target, status, nb, ref, ua, dur, _tag = ev
        u = user.replace("\\", "\\\\") if user else "-"
        return '%s - %s [%s] "%s %s HTTP/1.1" %d %s "%s" "%s" %d' % (
            ip or "-", u, self.ts(int(t)), method, target, status, nb or "-", ref or "-", ua or "-", dur)


def build_records(events, rng):
    """Records (t, t_end, host, raw, ok, ev_index) in file-write order per host, with 5-7 damaged lines."""
    L = Lines()
    recs = []
    for i, ev in enumerate(events):
        host = ev[1] or host_for(ev[2])
        recs.append([ev[0], ev[0] + ev[10] / 1e6, host, L.apache(ev), True, i])
    recs.sort(key=lambda r: (r[2], r[1]))
    counts = {}
    for ev in events:
        if ev[3]:
            counts[ev[3]] = counts.get(ev[3], 0) + 1
    ok_victim = lambda k: events[recs[k][5]][11] is None and (events[recs[k][5]][3] is None or counts[events[recs[k][5]][3]] > 60) \
        and recs[k][2] == recs[k + 1][2]
    cands = [k for k in range(1, len(recs) - 2) if ok_victim(k)]
    picks = sorted(rng.sample(cands, 12))
    used, drop, plan = set(), set(), []
    kinds = ["cut", "cut"] + (["cut"] if rng.random() < 0.5 else []) + ["glued", "nul"]
    for kind, k in zip(kinds, picks):
        if k in used or k + 1 in used or k - 1 in used:
            continue
        used.update((k, k + 1))
        raw = recs[k][3]
        while True:
            cut = rng.randint(len(raw) // 5, len(raw) - len(events[recs[k][5]][9] or "-") - 14)
            part = raw[:cut]
            if kind == "glued":
                new = part + recs[k + 1][3]
            elif kind == "nul":
                new = "\x00" * rng.randint(40, 400) + raw[cut:]
            else:
                new = part
            if parse_apache(new) is None:
                break
        recs[k][3], recs[k][4] = new, False
        if kind == "glued":
            drop.add(k + 1)
        plan.append(kind)
    recs = [r for k, r in enumerate(recs) if k not in drop]
    for _ in range(rng.randint(1, 2)):
        k = rng.randrange(len(recs))
        t = recs[k][0] + 0.001
        g = time.gmtime(int(t) + W.UTC_OFFSET)
        raw = ("[%s %s %02d %02d:%02d:%02d.%06d %d] [proxy_fcgi:error] [pid %d:tid %d] [client %s:%d] AH01071: Got error "
               "'PHP message: PHP Warning:  Undefined array key \"term\" in /var/www/trailmark/public/reports/run.php on "
               "line 88', referer: %s/reports/index.php" % (
                   time.strftime("%a", g), MON[g.tm_mon - 1], g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec,
                   rng.randint(0, 999999), g.tm_year, rng.randint(2000, 60000), rng.randint(2000, 60000),
                   "10.20.0.%d" % rng.randint(5, 7), rng.randint(30000, 60000), W.BASE))
        recs.append([t, t, recs[k][2], raw, False, None, ERRLOG])
        plan.append("errlog")
    for r in recs:
        if len(r) == 6:
            r.append(ACCESS)
    recs.sort(key=lambda r: (r[2], r[1]))
    return recs, drop_events(recs, events), plan


def drop_events(recs, events):
    """Indices of events that did not survive as a parsable line."""
    alive = {r[5] for r in recs if r[4]}
    return [i for i in range(len(events)) if i not in alive]


def _iso_local(sec):
    g = time.gmtime(sec + W.UTC_OFFSET)
    return "%04d-%02d-%02dT%02d:%02d:%02d.000-07:00" % (g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec)


def write_splunk(recs, path, rng):
    """Newest first; rows streamed in chunks whose offsets restart at 0, the chunk's last row has lastrow:true."""
    lat = {id(r): rng.uniform(1.5, 25.0) for r in recs}
    order = sorted(recs, key=lambda r: (-int(r[0]), -r[1]))
    guid = {"idx01": "5C1D3F0E-7A2B-4E8C-9D61-0B7F3A2C4E15", "idx02": "A8E2B7C4-1F3D-4A6B-8C09-6D5E4F3A2B10"}
    base = {"idx01": 1187, "idx02": 1203}
    counters = {}
    cds = {}
    for r in sorted(recs, key=lambda r: r[1] + lat[id(r)]):
        idx = "idx0%d" % (1 + (zlib.crc32(r[2].encode()) + int((r[1] + lat[id(r)]) // 30)) % 2)
        b = base[idx] + int((r[1] - W.START) // 43200)
        n = counters.get((idx, b), 0) + 1
        counters[(idx, b)] = n
        cds[id(r)] = (idx, b, n * 4 + 3)
    out, header, malformed = [], [], []
    chunk_left, off = rng.randint(4000, 26000), 0
    for serial, r in enumerate(order):
        idx, b, c = cds[id(r)]
        last = chunk_left == 1 or serial == len(order) - 1
        out.append('{"preview":false,"offset":%d,%s"result":{"_bkt":"web~%d~%s","_cd":"%d:%d","_indextime":"%d",'
                   '"_raw":%s,"_serial":"%d","_si":["%s","web"],"_sourcetype":"access_combined","_time":"%s",'
                   '"host":"%s","index":"web","linecount":"1","source":"%s","sourcetype":"access_combined",'
                   '"splunk_server":"%s"}}' % (off, '"lastrow":true,' if last else "", b, guid[idx], b, c,
                                               int(r[1] + lat[id(r)]), json.dumps(r[3], ensure_ascii=False),
                                               serial, idx, _iso_local(int(r[0])), r[2], r[6], idx))
        if not r[4]:
            malformed.append(len(out))
        off += 1
        chunk_left -= 1
        if chunk_left == 0:
            chunk_left, off = rng.randint(4000, 26000), 0
    out.append('{"preview":false,"messages":[{"type":"INFO","text":"Your timerange was substituted based on your '
               'search string"}]}')
    header.append(len(out))
    _write(path, out)
    return len(out), malformed, header


def write_opensearch(recs, path, rng):
    """elasticdump output: daily indices (UTC) in name order, inside each by shard, inside a shard in indexing order."""
    agents = {h: ("%08x-%04x-4%03x-8%03x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                                    rng.getrandbits(12), rng.getrandbits(48)),
                  "%08x-%04x-4%03x-9%03x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                                    rng.getrandbits(12), rng.getrandbits(48))) for h in HOSTS}
    offsets = {}
    hits = []
    for r in recs:                                   # recs are in per-host write order
        key = (r[2], r[6])
        off = offsets.get(key, 0)
        offsets[key] = off + len(r[3].encode()) + 1
        ts = r[1] + rng.uniform(0.05, 3.0)
        ms = int(ts * 1000)
        g = time.gmtime(ms // 1000)
        at = "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (g.tm_year, g.tm_mon, g.tm_mday, g.tm_hour, g.tm_min, g.tm_sec, ms % 1000)
        index = "web-logs-%04d.%02d.%02d" % (g.tm_year, g.tm_mon, g.tm_mday)
        _id = "".join(B64[rng.getrandbits(6)] for _ in range(20))
        aid, eph = agents[r[2]]
        src = ('{"@timestamp":"%s","agent":{"hostname":"%s","name":"%s","id":"%s","ephemeral_id":"%s","type":"filebeat",'
               '"version":"7.10.2"},"ecs":{"version":"1.6.0"},"event":{"dataset":"apache.access","module":"apache",'
               '"timezone":"-07:00"},"fileset":{"name":"access"},"host":{"name":"%s"},"input":{"type":"log"},'
               '"log":{"offset":%d,"file":{"path":"%s"}},"message":%s,"service":{"type":"apache"}}' % (
                   at, r[2], r[2], aid, eph, r[2], off, r[6], json.dumps(r[3], ensure_ascii=False)))
        line = '{"_index":"%s","_id":"%s","_score":1,"_source":%s}' % (index, _id, src)
        hits.append((index, zlib.crc32(_id.encode()) % 3, ts + rng.uniform(0, 1.5), line, r[4]))
    hits.sort(key=lambda h: (h[0], h[1], h[2]))
    out, malformed = [], []
    resume = rng.randrange(len(hits) // 4, 3 * len(hits) // 4)
    for k, h in enumerate(hits):
        if k == resume:                              # elasticdump killed mid-write, restarted with --offset
            out.append(h[3][:rng.randint(60, len(h[3]) - 40)])
            malformed.append(len(out))
        out.append(h[3])
        if not h[4]:
            malformed.append(len(out))
    _write(path, out)
    return len(out), malformed, []


def _write(path, lines):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))
        f.write("\n")
