"""Event log and the browser/app client model: page loads with assets, XHR, polling, sign-in flows."""
import bisect
import math

from . import world as W

V = "?v=" + W.APP_VER
ASSETS = [("/static/css/trailmark.min.css" + V, 48213), ("/static/js/vendor.min.js" + V, 311874),
          ("/static/js/trailmark.min.js" + V, 142663), ("/static/img/trailmark-logo.svg", 6120),
          ("/static/fonts/source-sans-3-v15-latin-regular.woff2", 38812),
          ("/static/fonts/source-sans-3-v15-latin-600.woff2", 39406), ("/favicon.ico", 15086)]
LOGIN_ASSETS = [("/static/css/trailmark.min.css" + V, 48213), ("/static/js/login.min.js" + V, 9120),
                ("/static/img/trailmark-logo.svg", 6120), ("/favicon.ico", 15086)]
DUR = {"page": (125000, 0.55), "api": (38000, 0.5), "static": (900, 0.6), "redirect": (9000, 0.5),
       "pdf": (420000, 0.45), "photo": (14000, 0.4), "post": (160000, 0.5)}
SIZE = {"page": (24000, 0.45), "api": (2600, 0.8), "static": (20000, 0.5), "redirect": (0, 0), "pdf": (96000, 0.35),
        "photo": (7800, 0.35), "post": (0, 0)}
AUTO = object()
LOGIN_PAGE = 6112


def lognorm(rng, median, sigma):
    return median * math.exp(rng.gauss(0.0, sigma))


class Log:
    """Collects events: (t, host, ip, user, method, target, status, bytes, referer, ua, dur_us, tag)."""

    def __init__(self):
        self.ev = []

    def add(self, t, ip, user, method, target, status, nbytes, ref, ua, dur, tag=None, host=None):
        self.ev.append((t, host, ip, user, method, target, status, nbytes, ref, ua, dur, tag))


class Client:
    """One device/program talking to TrailMark from one address with one user agent."""

    def __init__(self, log, rng, ip, ua, user=None, tag=None, browser=True, warm=True, auth="saml"):
        self.log, self.rng, self.ip, self.ua, self.user, self.tag = log, rng, ip, ua, user, tag
        self.browser, self.warm, self.auth = browser, warm, auth
        self.cached = self.login_cached = not browser
        self.cur = self.logout_at = None
        self.pt, self.pu = [], []

    # -- primitives ---------------------------------------------------------------------------------
    def hit(self, t, target, method="GET", status=200, nbytes=None, ref=AUTO, user=True, kind="page", dur=None):
        r = self.rng
        if dur is None:
            m, s = DUR[kind]
            dur = lognorm(r, m, s)
            if status >= 400:
                dur *= 0.4
        if nbytes is None:
            m, s = SIZE[kind]
            nbytes = int(lognorm(r, m, s)) if m else 0
            if status == 404:
                nbytes = r.randint(4100, 4300)
            elif status == 403:
                nbytes = r.randint(3600, 3700)
            elif status == 500:
                nbytes = 2841
        if status in (301, 302, 304) or method == "HEAD":
            nbytes = 0
        if ref is AUTO:
            ref = self.cur
        u = self.user if user is True else (user or None)
        self.log.add(t, self.ip, u, method, target, status, nbytes, ref, self.ua, int(dur), self.tag)
        return t + dur / 1e6

    def think(self, t, median, sigma=0.6):
        return t + lognorm(self.rng, median, sigma)

    def _assets(self, t, url, assets):
        r = self.rng
        end = t
        for path, size in assets:
            st = 200 if (not self.warm or r.random() < 0.25) else 304
            tt = t + r.uniform(0.01, 0.35)
            end = max(end, self.hit(tt, path, status=st, nbytes=size, ref=url, user=False, kind="static"))
        return end + 0.05

    def page(self, t, target, status=200, nbytes=None, kind="page", xhr=(), ref=AUTO, photos=()):
        t1 = self.hit(t, target, "GET", status, nbytes, ref, kind=kind)
        url = W.BASE + target
        if self.browser and status == 200 and kind == "page":
            if not self.cached:
                t1 = self._assets(t1, url, ASSETS)
                self.cached = True
            r = self.rng
            for x in xhr:
                t1 = self.hit(t1 + r.uniform(0.02, 0.15), x, kind="api", ref=url)
            for sid, size in photos:
                self.hit(t1 + r.uniform(0.0, 0.3), "/photo.php?sid=%s&s=%s" % (sid, size), kind="photo", ref=url)
            t1 += 0.3 if photos else 0
        if kind == "page" and status == 200:
            self.cur = url
            self.pt.append(t)
            self.pu.append(url)
        return t1

    def api(self, t, target, method="GET", status=200, nbytes=None, ref=AUTO, kind="api"):
        return self.hit(t, target, method, status, nbytes, ref, kind=kind)

    def post(self, t, target, status=302, ref=AUTO):
        return self.hit(t, target, "POST", status, None, ref, kind="post" if status == 302 else "page")

    # -- sign-in ------------------------------------------------------------------------------------
    def home(self, t, ref, campus="ALL"):
        return self.page(t, "/home", ref=ref, xhr=("/api/v3/me", "/api/v3/dashboard/widgets?school=%s" % campus))

    def saml_login(self, t, login, entry="/", idp_wait=None, campus="ALL"):
        if entry:
            t = self.hit(t, entry, status=302, ref=None, user=False, kind="redirect") + 0.03
        t = self.hit(t, "/auth/saml/login?RelayState=%2Fhome", status=302, ref=None, user=False, kind="redirect")
        t += idp_wait if idp_wait is not None else lognorm(self.rng, 5.0, 0.7)
        t = self.hit(t, "/auth/saml/acs", "POST", 302, ref=W.IDP, user=login, kind="redirect")
        self.user = login
        return self.home(t + 0.03, ref=W.IDP, campus=campus)

    def form_login(self, t, login, fails=0, entry="/", campus="ALL", home=True):
        r = self.rng
        if entry:
            t = self.hit(t, entry, status=302, ref=None, user=False, kind="redirect") + 0.03
        lp = W.BASE + "/auth/login"
        t = self.hit(t, "/auth/login", nbytes=LOGIN_PAGE, ref=None, user=False)
        if self.browser and not self.login_cached:
            t = self._assets(t, lp, LOGIN_ASSETS)
            self.login_cached = True
        rf = lp if self.browser else None
        for _ in range(fails):
            t = self.hit(t + lognorm(r, 7.0, 0.5), "/auth/login", "POST", 200, LOGIN_PAGE + 231, ref=rf, user=False)
        t = self.hit(t + lognorm(r, 6.0, 0.5), "/auth/login", "POST", 302, ref=rf, user=login, kind="redirect")
        self.user = login
        self.cur = lp
        return self.home(t + 0.03, ref=lp, campus=campus) if home else t

    def login(self, t, staff, fails=0, entry="/"):
        self.auth = staff.auth
        if staff.auth == "saml":
            return self.saml_login(t, staff.login, entry, campus=staff.campus)
        return self.form_login(t, staff.login, fails, entry, campus=staff.campus)

    def logout(self, t):
        self.logout_at = t
        t = self.hit(t, "/auth/logout", status=302, kind="redirect")
        if self.auth == "form":
            t = self.hit(t + 0.03, "/auth/login?loggedout=1", nbytes=LOGIN_PAGE, user=False)
        self.user = None
        return t

    # -- SPA header widget polling -----------------------------------------------------------------
    def poll(self, t0, t1, period=120.0):
        """Notification polling every `period` s while the tab is open (referer = page shown then)."""
        r = self.rng
        order = sorted(range(len(self.pt)), key=self.pt.__getitem__)
        pt = [self.pt[i] for i in order]
        pu = [self.pu[i] for i in order]
        t = t0 + r.uniform(3.0, period)
        last = t0
        while t < t1:
            i = bisect.bisect_right(pt, t) - 1
            ref = pu[i] if i >= 0 else W.BASE + "/home"
            nb = 27 if r.random() < 0.93 else r.randint(240, 1600)
            self.log.add(t, self.ip, self.user, "GET", "/api/v3/notifications/unread?since=%d" % int(last * 1000),
                         200, nb, ref, self.ua, int(lognorm(r, 11000, 0.4)), self.tag)
            last = t
            t += period + r.uniform(-0.3, 0.8)
