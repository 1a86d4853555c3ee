"""Requests and the clients that make them: the event record, the event log with its clock, a browser
(HTTP Basic challenge, static files, XHR, session keep-alive pings) and a scripted client."""
import datetime

from . import app as A
from . import world as W


class Req:
    """One HTTP request/response as the sensor behind the proxy sees it (connection fields filled by conns.py)."""
    __slots__ = ("t", "dur", "ip", "px", "ua", "method", "host", "uri", "ref", "status", "rqlen", "rslen", "mime",
                 "user", "dev", "actor", "fname", "origin", "ver", "end", "conn", "depth", "seq")

    def __init__(self, t, dur, ip, px, ua, method, host, uri, ref, status, rqlen, rslen, mime, user, dev, actor,
                 fname, origin, ver):
        self.t, self.dur, self.ip, self.px, self.ua, self.method = t, dur, ip, px, ua, method
        self.host, self.uri, self.ref, self.status, self.rqlen, self.rslen = host, uri, ref, status, rqlen, rslen
        self.mime, self.user, self.dev, self.actor, self.fname, self.origin = mime, user, dev, actor, fname, origin
        self.ver = ver
        self.end = t + dur
        self.conn = None
        self.depth = 0
        self.seq = 0


class Log:
    """All requests of the window plus the calendar (local days in America/Denver)."""

    def __init__(self, world, days):
        self.world, self.days, self.reqs = world, days, []
        self.styles = {}          # device key -> "browser" | "persistent" | "single"
        self.aliases = {}         # a name seen in the user field -> (canonical login, behaviour)
        self.devices = {}         # login -> StaffDevices (staff.py)
        self.day0 = []
        for d in range(days + 1):
            dt = datetime.datetime.combine(W.START_DATE + datetime.timedelta(days=d), datetime.time(0), W.TZ)
            self.day0.append(dt.timestamp())
        self.t0, self.t1 = self.day0[0], self.day0[days]

    def at(self, d, hours):
        return self.day0[d] + hours * 3600.0

    def weekday(self, d):
        return (W.START_DATE + datetime.timedelta(days=d)).weekday()

    def school_day(self, d):
        return self.weekday(d) < 5

    def add(self, t, dur, ip, ua, method, uri, status, mime, size, user=None, ref=None, dev=None, actor=None,
            px=None, host=W.HOST_INT, rqlen=0, fname=None, origin=None, ver="1.1"):
        r = Req(t, max(dur, 0.0004), ip, px, ua, method, host, uri, ref, status, rqlen, size, mime, user, dev,
                actor, fname, origin, ver)
        self.reqs.append(r)
        return r


def human(rng, median, sigma=0.7, lo=0.4):
    return max(lo, median * rng.lognormvariate(0.0, sigma))


class Client:
    """Common state of a client program on one device: address, user agent, proxy, host header, device key."""

    def __init__(self, log, rng, user, ip, ua, dev, style, px=None, host=None, actor=None):
        self.log, self.rng, self.user, self.ip, self.ua, self.dev = log, rng, user, ip, ua, dev
        self.px, self.actor = px, actor
        self.host = host or (W.HOST_EXT if px is not None else W.HOST_INT)
        self.scheme = "https://" if px is not None else "http://"
        log.styles[dev] = style

    def url(self, uri):
        return self.scheme + self.host + uri

    def emit(self, t, uri, status, mime, size, dur, user, ref=None, method="GET", rqlen=0, fname=None,
             origin=None, ip=None):
        px = self.px
        if px is not None and self.log.styles[self.dev] == "single":   # each new connection may land on either proxy
            px = self.rng.randint(0, 1)
        return self.log.add(t, dur, ip or self.ip, self.ua, method, uri, status, mime, size, user, ref, self.dev,
                            self.actor, px, self.host, rqlen, fname, origin)


class Browser(Client):
    """A browser profile: Basic credentials cached until restart, static files cached for the day."""

    def __init__(self, log, rng, user, ip, ua, dev, px=None, host=None, actor=None, typo=0.03, autofill=0.7,
                 name_typo=0.0, typo_names=None):
        super().__init__(log, rng, user, ip, ua, dev, "browser", px, host, actor)
        self.authed = self.cached = False
        self.typo, self.autofill, self.name_typo = typo, autofill, name_typo
        self.typo_names = typo_names or []
        self.last = None
        self.jsid = None

    def restart(self):
        self.authed = False
        self.last = None

    def new_day(self):
        self.authed = self.cached = False
        self.last = None

    def _login(self, t, uri):
        """401 challenge, password prompt, perhaps a wrong password, then credentials cached."""
        rng = self.rng
        st, mime, size = 401, A.ERR401[0], A.ERR401[1]
        self.emit(t, uri, st, mime, size, 0.004 + rng.random() * 0.01, None, self.last and self.url(self.last))
        t += human(rng, 2.2 if rng.random() < self.autofill else 7.0, 0.5)
        if self.typo_names and rng.random() < self.name_typo:
            bad = rng.choice(self.typo_names)
            self.emit(t, uri, 401, mime, size, 0.03 + rng.random() * 0.05, bad)
            t += human(rng, 8.0, 0.4)
        n_bad = 0
        if rng.random() < self.typo:
            n_bad = 1 + (rng.random() < 0.35) + (rng.random() < 0.2)
        for _ in range(n_bad):
            self.emit(t, uri, 401, mime, size, 0.02 + rng.random() * 0.06, self.user)
            t += human(rng, 6.5, 0.5)
        self.authed = True
        self.jsid = "%032X" % rng.getrandbits(128) if rng.random() < 0.5 else None
        return t

    def page(self, t, uri, kind="page", answer=None, xhr=(), ref=-1, fname=None, method="GET", rqlen=0):
        """Render a page: (challenge), document, first-load static files, XHRs.  Returns the time it is done."""
        rng = self.rng
        if not self.authed:
            t = self._login(t, uri)
        if self.jsid and self.last is not None:
            p = uri.find("?")
            uri = (uri[:p] + ";jsessionid=" + self.jsid + uri[p:]) if p >= 0 else uri + ";jsessionid=" + self.jsid
            self.jsid = None
        st, mime, size, dur = answer or A.answer(rng, kind)
        referer = self.url(self.last) if ref == -1 and self.last else (self.url(ref) if isinstance(ref, str) else None)
        origin = (self.scheme + self.host) if method == "POST" else None
        r = self.emit(t, uri, st, mime, size, dur, self.user, referer, method, rqlen, fname, origin)
        done = r.end
        if mime.startswith("text/html") and st == 200:
            here = self.url(uri)
            if not self.cached:
                t2 = r.end + 0.01
                for i, (p, m, s) in enumerate(A.ASSETS_FIRST):
                    _, m2, s2, d2 = A.static_answer(rng, p, m, s)
                    a = self.emit(t2 + i * 0.003 + rng.random() * 0.02, p, 200, m2, s2, d2, self.user, here)
                    done = max(done, a.end)
                f = self.emit(done + 0.01, A.FONT[0], 200, A.FONT[1], A.FONT[2], 0.01, self.user,
                              self.url(A.ASSETS_FIRST[0][0]))
                fav = self.emit(done + 0.05, "/favicon.ico", 200, "image/x-icon", 5430, 0.003, None, here)
                done = max(f.end, fav.end)
                self.cached = True
            elif rng.random() < 0.04:
                p, m, s = rng.choice(A.ASSETS_FIRST)
                a = self.emit(r.end + 0.02, p, 304, m, 0, 0.003, self.user, here)
                done = max(done, a.end)
            if kind == "student" and rng.random() < 0.08:
                fresh = rng.random() < 0.3
                self.emit(r.end + 0.03, A.CHART[0], 200 if fresh else 304, A.CHART[1],
                          A.CHART[2] if fresh else 0, 0.02, self.user, here)
            for x_uri, x_kind in xhr:
                t3 = done + 0.05 + rng.random() * 0.25
                _, xm, xs, xd = A.answer(rng, x_kind)
                x = self.emit(t3, x_uri, 200, xm, xs, xd, self.user, here)
                done = max(done, x.end)
            self.last = uri
        return done

    def get(self, t, uri, answer, fname=None, ref=-1, keep_last=True):
        """A download or XHR from the current page (no static files)."""
        if not self.authed:
            t = self._login(t, uri)
        st, mime, size, dur = answer
        referer = self.url(self.last) if ref == -1 and self.last else (self.url(ref) if isinstance(ref, str) else None)
        r = self.emit(t, uri, st, mime, size, dur, self.user, referer, fname=fname)
        if not keep_last:
            self.last = uri
        return r.end

    def pings(self, t_from, t_to, every=300.0):
        """Session keep-alive XHR (jQuery, cache:false) every 5 minutes while a ScoreView tab is open."""
        rng = self.rng
        t = t_from + every * (0.3 + 0.7 * rng.random())
        ref = self.url(self.last or A.home())
        while t < t_to:
            _, m, s, d = A.answer(rng, "ping")
            self.emit(t, A.ping(int(t * 1000) - rng.randint(0, 900)), 200, m, s, d, self.user, ref)
            t += every + rng.uniform(-1.5, 4.0)


class Script(Client):
    """A non-browser client with Basic credentials (sent up front, or after one 401 like Apache HttpClient)."""

    def __init__(self, log, rng, user, ip, ua, dev, px=None, host=None, actor=None, style="persistent",
                 challenge=False):
        super().__init__(log, rng, user, ip, ua, dev, style, px, host, actor)
        self.challenge = challenge

    def get(self, t, uri, answer, fname=None, ref=None, method="GET", rqlen=0, user=-1):
        st, mime, size, dur = answer
        if self.challenge:
            r = self.emit(t, uri, 401, A.ERR401[0], A.ERR401[1], 0.004, None, ref, method, rqlen)
            t = r.end + 0.002
            self.challenge = False
        r = self.emit(t, uri, st, mime, size, dur, self.user if user == -1 else user, ref, method, rqlen, fname)
        return r.end
