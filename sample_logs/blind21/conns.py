"""TCP connections as the sensors see them: browsers' keep-alive connections (Apache KeepAliveTimeout 5 s,
MaxKeepAliveRequests 100, at most 6 at once), scripts' one-shot or persistent connections, and HAProxy's
pooled backend connections, which carry requests of many different outside clients one after another."""
import heapq

from . import world as W

KEEPALIVE, MAXREQ, BROWSER_CAP = 5.0, 100, 6
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


class Conn:
    __slots__ = ("uid", "fid", "oip", "oport", "start", "last", "closed", "n", "bts", "btc", "pts", "ptc",
                 "single", "alerted")

    def __init__(self, uid, fid, oip, oport, start, single):
        self.uid, self.fid, self.oip, self.oport, self.start, self.single = uid, fid, oip, oport, start, single
        self.last, self.closed, self.n = start, None, 0
        self.bts = self.btc = 0
        self.pts, self.ptc = 3, 1          # SYN, ACK, (ACK of FIN); SYN-ACK
        self.alerted = False


class Ports:
    """Source ports: Windows counts up from a random start; NATs and Linux hosts pick at random."""

    def __init__(self, rng):
        self.rng, self.next = rng, {}

    def take(self, key, mode):
        if mode == "seq":
            p = self.next.get(key) or self.rng.randint(49152, 64000)
            self.next[key] = p + self.rng.randint(1, 3) if p < 65400 else 49152
            return p
        if mode == "linux":
            return self.rng.randint(32768, 60999)
        return self.rng.randint(1024, 65535)


def _uid(rng, prefix="C"):
    return prefix + "".join(rng.choice(B62) for _ in range(rng.choice((16, 17))))


def _mode(ip, natted):
    if natted or not ip.startswith("10."):
        return "nat"
    return "seq" if ip.startswith(("10.40.6", "10.40.7", "10.49.")) else "linux"


def assign(reqs, styles, world, rng):
    """Give every request a connection and a depth (Zeek trans_depth); returns the list of connections."""
    nat_ips = {s.nat for s in world.schools if s.nat} | {d.office_nat for d in world.districts if d.office_nat}
    groups = {}
    for r in reqs:
        key = ("px", r.px) if r.px is not None else ("dev", r.dev or (r.ip, r.ua))
        groups.setdefault(key, []).append(r)
    ports, conns = Ports(rng), []
    for key in sorted(groups, key=lambda k: (k[0], str(k[1]))):
        rs = groups[key]
        rs.sort(key=lambda r: (r.t, r.seq))
        if key[0] == "px":
            style, oip, mode = "pool", W.PROXIES[key[1]], "linux"
        else:
            style = styles.get(key[1], "single")
            oip = rs[0].ip
            mode = _mode(oip, oip in nat_ips)
        idle, busy, k = [], [], 0
        for r in rs:
            while busy and busy[0][0] <= r.t:
                end, _, c = heapq.heappop(busy)
                if c.n >= MAXREQ:
                    c.closed = end
                else:
                    idle.append(c)
            still = []
            for c in idle:
                if r.t - c.last > KEEPALIVE:
                    c.closed = c.last + KEEPALIVE
                else:
                    still.append(c)
            idle = still
            if style == "browser" and not idle and len(busy) >= BROWSER_CAP:
                end, _, c = heapq.heappop(busy)
                shift = end + 0.0005 - r.t
                r.t, r.end = r.t + shift, r.end + shift
                idle.append(c)
            if style == "single" or not idle:
                c = Conn(_uid(rng), rng.getrandbits(50) + 2 ** 49, oip, ports.take(key, mode),
                         r.t - 0.0005 - rng.random() * 0.002, style == "single")
                conns.append(c)
            else:
                c = idle.pop()
            c.n += 1
            r.conn, r.depth = c, c.n
            c.last = max(c.last, r.end)
            hdr_up = 380 + len(r.uri) + (len(r.ua) if r.ua else 0) + (60 if r.user else 0) + (
                len(r.ref) if r.ref else 0) + (34 if r.px is not None else 0)
            up, down = hdr_up + r.rqlen, 260 + r.rslen
            c.bts += up
            c.btc += down
            c.pts += 1 + up // 1448 + down // 2896
            c.ptc += 1 + down // 1448
            if style == "single":
                c.closed = r.end + 0.0005
            else:
                k += 1
                heapq.heappush(busy, (r.end, k, c))
        for _, _, c in busy:
            c.closed = c.last + (0.0005 if c.n >= MAXREQ else KEEPALIVE)
        for c in idle:
            c.closed = c.last + KEEPALIVE
    for c in conns:
        c.pts += 2
        c.ptc += 2
        c.bts += 66 * c.pts
        c.btc += 66 * c.ptc
    return conns
