"""Event collector and the browser model of blind16.

An event is a tuple (end_ms, start_ms, ip, method, path, status, size, user, ua, referer,
squid_code, hierarchy, mime, tag); `tag` is None for benign traffic or the key of an abuse.
Squid logs a line when a transaction ends, so events are later sorted by end time.
"""
import math
import random

from . import world as W

ASSETS = [
    ("/static/css/rosterpoint.min.css?v=%s" % W.VERSION, 48213, "text/css"),
    ("/static/js/vendor/jquery-3.7.1.min.js", 87533, "application/javascript"),
    ("/static/js/vendor/bootstrap-4.6.2.bundle.min.js", 80721, "application/javascript"),
    ("/static/js/rosterpoint.min.js?v=%s" % W.VERSION, 211884, "application/javascript"),
    ("/static/img/rp-logo.svg?v=%s" % W.VERSION, 6122, "image/svg+xml"),
    ("/static/fonts/source-sans-3-regular.woff2?v=%s" % W.VERSION, 38904, "font/woff2"),
    ("/static/img/district-seal.png?v=%s" % W.VERSION, 14377, "image/png"),
]
FAVICON = ("/favicon.ico", 5430, "image/x-icon")
ERR_SIZE = {302: (380, 520), 304: (228, 262), 400: (1880, 1960), 401: (1120, 1180), 403: (2290, 2360),
            404: (1930, 2010), 405: (1760, 1810), 500: (3560, 3900), 503: (3940, 4010)}
MIN = 60000
SESSION_IDLE = 30 * MIN


def think(rng, median_s, sigma=0.8, lo=0.4, hi=3600.0):
    return int(1000 * min(hi, max(lo, median_s * math.exp(rng.gauss(0, sigma)))))


class Sim:
    """Collects events for the window [day 0 00:00, day N 00:00) local time."""

    def __init__(self, seed, directory, days):
        self.seed, self.d, self.days = seed, directory, days
        self.t0 = W.local_epoch_ms(0)
        self.t1 = W.local_epoch_ms(days)
        self.events = []
        self.abuse = {}       # tag -> dict(account, label, behaviour, kinds, params)
        self.sources = {}     # benign special address -> (behaviour, params)
        r = self.rng("outage")
        at = W.local_epoch_ms(0, 21.75) + r.randint(0, 20 * MIN)
        self.outage = (at, at + r.randint(70, 110) * 1000)   # nightly redeploy, Tomcat down

    def register(self, tag, account, label, behaviour, kinds, **params):
        self.abuse[tag] = dict(account=account, label=label, behaviour=behaviour, kinds=list(kinds), params=params)
        return tag

    def source(self, ip, behaviour, **params):
        self.sources.setdefault(ip, (behaviour, params))

    def rng(self, name):
        return random.Random("blind16:%d:%s" % (self.seed, name))

    def emit(self, start, dur, ip, method, path, status, size, user, ua, ref, sq, hier, mime, tag):
        end = start + dur
        if start < self.t0 or end >= self.t1:
            return end
        if hier != "HIER_NONE/-" and self.outage[0] <= start < self.outage[1]:
            status, size, user, mime, sq, hier = 503, 3980, None, "text/html", "TCP_MISS", "HIER_NONE/-"
        self.events.append((end, start, ip, method, path, status, size, user, ua, ref, sq, hier, mime, tag))
        return end


class Browser:
    """One client (browser, phone, script) used by one person on one account."""

    def __init__(self, sim, rng, ip, ua, login=None, auth="saml", tag=None, p_cold=0.5,
                 no_cache=False, assets=True):
        self.sim, self.rng, self.ip, self.ua = sim, rng, ip, ua
        self.login, self.auth, self.tag = login, auth, tag
        self.p_cold, self.no_cache, self.load_assets = p_cold, no_cache, assets
        self.user = None
        self.last = -10 ** 15
        self.cached = False
        self.ref = None
        self.idp_until = -1

    # low level ---------------------------------------------------------------
    def send(self, t, path, method="GET", status=200, mime="text/html", size=None, dur=None,
             named=True, ref=None, sq="TCP_MISS"):
        rng = self.rng
        if size is None:
            if status in ERR_SIZE:
                lo, hi = ERR_SIZE[status]
                size = rng.randint(lo, hi)
            elif mime == "application/json":
                size = int(420 + rng.lognormvariate(7.2, 0.8))
            else:
                size = int(2600 + rng.lognormvariate(9.6, 0.45))
        if status in (302, 304):
            mime = "-"
        if dur is None:
            base = 35 if status in (302, 304) else (70 if mime == "application/json" else 140)
            dur = int(base * rng.lognormvariate(0, 0.55)) + size // 40000
        if status == 200 and mime == "text/html" and rng.random() < 0.002:
            sq, size = "TCP_MISS_ABORTED", rng.randint(0, size)
        user = self.user if named else None
        hier = "HIER_DIRECT/" + W.ORIGINS[rng.random() < 0.5]
        if sq not in ("TCP_MISS", "TCP_MISS_ABORTED", "TCP_REFRESH_UNMODIFIED"):
            hier = "HIER_NONE/-"
        self.sim.emit(t, dur, self.ip, method, path, status, size, user, self.ua,
                      self.ref if ref is None else (ref or None), sq, hier, mime, self.tag)
        if user:
            self.last = t + dur
        return t + dur

    def static(self, t, asset, ref, conditional=False):
        path, size, mime = asset
        r = self.rng.random()
        if conditional:
            return self.send(t, path, status=304, mime=mime, named=False, ref=ref, dur=self.rng.randint(0, 2),
                             sq="TCP_IMS_HIT")
        sq = "TCP_MEM_HIT" if r < 0.80 else ("TCP_HIT" if r < 0.92 else ("TCP_REFRESH_UNMODIFIED" if r < 0.97 else "TCP_MISS"))
        dur = self.rng.randint(0, 3) if sq in ("TCP_MEM_HIT", "TCP_HIT") else self.rng.randint(12, 60)
        dur += size // 250000
        return self.send(t, path, mime=mime, size=size + self.rng.randint(318, 352), dur=dur, named=False,
                         ref=ref, sq=sq)

    def assets(self, t, page_url):
        """Sub-resources of a page, if this browser's cache does not have them."""
        if not self.load_assets or (self.cached and not self.no_cache):
            return t
        cold_all = self.no_cache or self.rng.random() < 0.6
        last = t
        css_url = W.PAGE + ASSETS[0][0]
        for i, a in enumerate(ASSETS):
            ref = css_url if "/fonts/" in a[0] else page_url
            cond = (not cold_all) and self.rng.random() < 0.7
            last = max(last, self.static(t + 8 * i + self.rng.randint(2, 90), a, ref, cond))
        if not self.cached:
            last = max(last, self.static(last + self.rng.randint(20, 200), FAVICON, page_url))
        self.cached = True
        return last

    # pages -----------------------------------------------------------------
    def page(self, t, path, status=200, size=None, xhr=(), photo=None, method="GET", named=True):
        if size is None and status == 200 and path.startswith("/login"):
            size = self.rng.randint(9100, 9180) + (260 if "?" in path else 0)
        end = self.send(t, path, method=method, status=status, size=size, named=named)
        url = W.PAGE + path
        last = end
        if status == 200:
            last = self.assets(end + self.rng.randint(10, 80), url)
            tt = end + self.rng.randint(60, 400)
            if photo:
                last = max(last, self.send(tt, photo, mime="image/jpeg", ref=url,
                                           size=self.rng.randint(4200, 9800) if "thumb" in photo else self.rng.randint(24000, 61000)))
            for x in xhr:
                tt += self.rng.randint(5, 120)
                last = max(last, self.send(tt, x, mime="application/json", ref=url))
        self.ref = url
        return last

    def expired(self, t):
        return self.user is None or t - self.last > SESSION_IDLE

    def signin(self, t, target="/home", fail_first=False, idp_fresh=None):
        """Sign-in flow starting from an unauthenticated request for `target`."""
        rng = self.rng
        self.user = None
        t = self.send(t, target, status=302, named=False) + rng.randint(20, 120)
        t = self.page(t, "/login", named=False) + think(rng, 2.5 if self.auth == "saml" else 6, 0.6)
        login_url = W.PAGE + "/login"
        if self.auth == "saml":
            t = self.send(t, "/saml/login?idp=co-k12", status=302, named=False, ref=login_url)
            fresh = (t > self.idp_until) if idp_fresh is None else idp_fresh
            t += think(rng, 14, 0.5) if fresh else rng.randint(500, 1900)
            self.idp_until = t + 8 * 3600 * 1000
            self.user = self.login
            t = self.send(t, "/saml/SSO", method="POST", status=302, ref="https://idp.k12sso.state.co.us/",
                          dur=rng.randint(160, 420))
        else:
            if fail_first:
                t = self.send(t, "/j_spring_security_check", method="POST", status=302, named=False,
                              ref=login_url, dur=rng.randint(90, 260))
                t = self.page(t + rng.randint(15, 90), "/login?error", named=False) + think(rng, 7, 0.5)
                login_url = W.PAGE + "/login?error"
            self.user = self.login
            t = self.send(t, "/j_spring_security_check", method="POST", status=302, ref=login_url,
                          dur=rng.randint(90, 260))
        return t + rng.randint(15, 90)

    def open(self, t, path, **kw):
        """Open an application page, signing in first if the session is gone."""
        if self.expired(t):
            t = self.signin(t, path if path != "/home" else "/", fail_first=self.rng.random() < 0.04)
            if path == "/home":
                kw = {"xhr": ("/api/v2/me", "/api/v2/notifications?unread=1")}
        return self.page(t, path, **kw)

    def signout(self, t):
        t = self.send(t, "/logout", status=302)
        self.user = None
        return self.page(t + self.rng.randint(10, 60), "/login?logout", named=False)
