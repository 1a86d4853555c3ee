"""Browser model for blind22: one request = one event tuple, as nginx on web01-03 would log it.

An event is ``(t, server, client, xff, method, uri, proto, status, size, referer, ua, user, rt, actor)``: ``t`` is the
epoch time nginx writes the line (request end), ``client`` the log's first field (first X-Forwarded-For entry or the
balancer's address), ``user`` the app's ``X-Beacon-User`` response header (``-`` when absent), ``actor`` the ground
truth (``None`` for benign clients). ``Browser`` adds static assets, F5 cookie persistence, the student-card SPA and
its polling, and the two sign-in flows (district SAML SSO, local form with MFA for admins).
"""
import math
import statistics
import zlib
from urllib.parse import quote

from .world import BASE

IDP = "https://login.microsoftonline.com/"
_ND = statistics.NormalDist()
ASSETS = {
    "legacy": [("/assets/css/beacon.min.css?v=26.4.2", 9876), ("/assets/js/jquery-3.7.1.min.js", 30288),
               ("/assets/js/beacon.min.js?v=26.4.2", 18342), ("/assets/img/beacon-logo.svg", 2107),
               ("/assets/fonts/source-sans-3-v15-latin-regular.woff2", 19320)],
    "spa": [("/studentcard/assets/index-B7xQ2k9f.js", 121334), ("/studentcard/assets/vendor-D1fa8Ks2.js", 95120),
            ("/studentcard/assets/index-Cw3pL0aZ.css", 8721)],
    "parent": [("/parent/assets/portal.css?v=9", 5532), ("/parent/assets/portal.js?v=9", 11240),
               ("/assets/img/beacon-logo.svg", 2107)],
}
# kind -> (median size, sigma, median request time)
KINDS = {"html": (14500, 0.45, 0.11), "json": (1700, 0.7, 0.035), "redir": (0, 0, 0.03), "pdf": (160000, 0.5, 1.1),
         "csv": (420000, 0.9, 3.5), "img": (24000, 0.35, 0.03), "tiny": (14, 0.05, 0.012), "err": (567, 0, 0.4),
         "post": (0, 0, 0.14), "xlsx": (2100000, 0.6, 9.0)}


def _size(uri, med, sig, who, r):
    """Response size: stable per resource (and per user for pages), a few per cent of jitter."""
    u = (zlib.crc32((uri + "|" + (who or "")).encode()) % 99991 + 0.5) / 99991.0
    return max(20, int(med * math.exp(sig * _ND.inv_cdf(u)) * r.uniform(0.97, 1.03)))


def _login_size(uri):
    """Sign-in pages are one template: the size only moves with the echoed query string."""
    if uri.startswith("/login/mfa"):
        return 9124 + (188 if "e=1" in uri else 0)
    base = 12846 if uri.startswith("/parent/") else 17382
    q = uri.split("?", 1)[1] if "?" in uri else ""
    return base + (len(q) if "u=" in q or "next=" in q else 0) + (214 if "e=" in q else 0) + (96 if "loggedout" in q or "bye" in q else 0)


class Out(list):
    """The event list of one generation run."""

    def ev(self, *fields):
        self.append(fields)


class Browser:
    def __init__(self, out, rng, ua, ip, actor=None, cached=True, server=None, spoof=None):
        self.out, self.rng, self.ua, self.ip, self.actor = out, rng, ua, ip, actor
        self.cached, self.loaded, self.spoof = cached, set(), spoof
        self.server = rng.randrange(3) if server is None else server
        self.user, self.last_auth, self.ref = None, -1e12, "-"
        self.spa_until, self.next_poll, self.spa_ref = 0.0, 0.0, "-"
        self.favicon = False

    def new_day(self, ip=None, keep_cache=True):
        """Browser restarted: session cookies (app session, F5 persistence) gone, HTTP cache kept."""
        self.close(self.spa_until)
        self.loaded, self.user, self.ref, self.favicon = set(), None, "-", False
        self.cached = self.cached or keep_cache
        self.server = self.rng.randrange(3)
        if ip:
            self.ip = ip

    # -- raw requests ------------------------------------------------------------------------------------------
    def hit(self, t, method, uri, status=200, kind="html", ref=None, auth=True, size=None, rt=None, ua=None):
        if self.spa_until and t > self.next_poll:
            self._polls(t)
        r = self.rng
        med, sig, rtm = KINDS[kind]
        if status >= 500:
            med, sig, rtm = KINDS["err"][0], 0.05, max(rtm, 0.4) * 3
        elif status in (403, 404, 401, 429):
            med, sig = (3900, 0.1) if kind == "html" else (110, 0.1)
        if size is None and kind == "html" and status == 200 and uri.startswith(("/login", "/parent/login.php")):
            size = _login_size(uri)
        if size is None:
            size = _size(uri, med, sig, self.user if kind == "html" else "", r) if med else 0
        if rt is None:
            rt = rtm * r.lognormvariate(0, 0.55)
        user = self.user if (auth and self.user) else "-"
        if auth and self.user:
            self.last_auth = t
        client, xff = self.ip, self.ip
        if self.spoof:
            client, xff = self.spoof, self.spoof + ", " + self.ip
        self.out.ev(t, self.server, client, xff, method, uri, "HTTP/1.1", status, size,
                    self.ref if ref is None else ref, ua or self.ua, user, round(rt, 3), self.actor)
        return t + rt

    def assets(self, t, group, ref):
        if group in self.loaded or group is None:
            return t
        self.loaded.add(group)
        for path, size in ASSETS[group]:
            t += self.rng.uniform(0.004, 0.06)
            fref = BASE + ASSETS["legacy"][0][0] if path.endswith(".woff2") else ref
            self.hit(t, "GET", path, 304 if self.cached else 200, "img", ref=fref, auth=False,
                     size=0 if self.cached else size, rt=self.rng.uniform(0, 0.002))
        if not self.favicon:
            self.favicon = True
            self.hit(t + 0.2, "GET", "/favicon.ico", 200, "img", ref=ref, auth=False, size=5430, rt=0.0)
        return t + self.rng.uniform(0.1, 0.4)

    def page(self, t, uri, status=200, kind="html", group="legacy", ref=None, auth=True, size=None, rt=None):
        t1 = self.hit(t, "GET", uri, status, kind, ref, auth, size, rt)
        if kind == "html":
            t1 = self.assets(t1, group, BASE + uri)
            self.ref = BASE + uri
        return t1

    def post(self, t, uri, status=302, kind="post", ref=None, auth=True, size=None):
        return self.hit(t, "POST", uri, status, kind, ref, auth, size)

    # -- student-card SPA ----------------------------------------------------------------------------------------
    def spa(self, t, sid, shell_ref=None):
        """Make sure the SPA is loaded on a pupil (shell + assets when closed, else client-side routing)."""
        card = "/studentcard/?sid=" + sid
        if t > self.spa_until:
            t = self.page(t, card, group="spa", ref=shell_ref, size=2113 + self.rng.randint(0, 40), rt=0.02)
            self.next_poll = t + 120.0
        self.ref = self.spa_ref = BASE + card
        self.spa_until = max(self.spa_until, t + self.rng.uniform(5, 25) * 60)
        return t

    def _polls(self, upto):
        end = min(upto, self.spa_until)
        while self.next_poll <= end:
            if self.user and self.next_poll - self.last_auth < 3500:
                self.out.ev(self.next_poll, self.server, self.spoof or self.ip, self.ip, "GET",
                            "/api/v2/notifications/unread-count", "HTTP/1.1", 200, 12 + self.rng.randint(0, 3),
                            self.spa_ref, self.ua, self.user, round(self.rng.uniform(0.006, 0.03), 3), self.actor)
            self.next_poll += 120.0 + self.rng.uniform(-0.5, 2.5)

    def close(self, t):
        """Tab or browser closed at ``t``: stop polling."""
        self.spa_until = min(self.spa_until, t)
        self._polls(t)
        self.spa_until = 0.0

    # -- sign-in flows -------------------------------------------------------------------------------------------
    def sso(self, t, login, nxt="/home.php", bookmark=True, idp_mfa=False):
        r = self.rng
        if bookmark:
            t = self.hit(t, "GET", nxt, 302, "redir", auth=False) + 0.05
            lp = "/login?next=" + quote(nxt, safe="")
        else:
            lp = "/login"
        t = self.page(t, lp, auth=False) + r.uniform(1.2, 6)
        t = self.hit(t, "GET", "/sso/saml/login?RelayState=" + quote(nxt, safe=""), 302, "redir",
                     ref=BASE + lp, auth=False)
        t += r.uniform(18, 45) if idp_mfa else r.uniform(1.2, 4.5)
        self.user = login
        t = self.post(t, "/sso/saml/acs", ref=IDP) + 0.05
        return self.page(t, nxt, ref=IDP)

    def form(self, t, typed, mfa=False, typos=0, nxt="/home.php", bookmark=False, final_ok=True):
        r = self.rng
        if bookmark:
            t = self.hit(t, "GET", nxt, 302, "redir", auth=False) + 0.05
        lp = "/login" if not bookmark else "/login?next=" + quote(nxt, safe="")
        t = self.page(t, lp, auth=False)
        for _ in range(typos + (0 if final_ok else 1)):
            t = self.post(t + r.uniform(5, 16), "/login", ref=BASE + lp, auth=False) + 0.04
            lp = "/login?e=1&u=" + quote(typed, safe="")
            t = self.page(t, lp, auth=False)
        if not final_ok:
            return t
        self.user = typed
        t = self.post(t + r.uniform(4, 14), "/login", ref=BASE + lp) + 0.04
        if mfa:
            t = self.page(t, "/login/mfa", ref=BASE + lp) + r.uniform(9, 35)
            t = self.post(t, "/login/mfa", ref=BASE + "/login/mfa") + 0.04
            lp = "/login/mfa"
        return self.page(t, nxt, ref=BASE + lp)

    def logout(self, t):
        t = self.hit(t, "GET", "/logout.php", 302, "redir") + 0.04
        self.user = None
        self.close(t)
        return self.page(t, "/login?loggedout=1", auth=False)

    def expired(self, t):
        return self.user is None or t - self.last_auth > 3600
