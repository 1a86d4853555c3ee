"""The Cairn single-page app as seen on the wire: one browser (or tool) = one Client.

Event tuple (format-neutral, rendered later by formats.py):
 0 t  1 dur  2 ip  3 method  4 uri  5 status  6 bytes  7 ua  8 referer  9 x-user-id
10 acct (whose credentials; for labels only)  11 cache  12 content-type  13 request bytes
14 protocol  15 bot hint  16 security action  17 device type
"""
import math

from . import world as W

JSON, HTML, PDF, SSE = "application/json", "text/html", "application/pdf", "text/event-stream"
IDLE_LOGOUT = 20 * 60          # FERPA policy: the SPA signs users out after 20 idle minutes
IDP_ORIGIN = {"entra": "https://login.microsoftonline.com/", "google": "https://accounts.google.com/",
              "sde": "https://sde-idp.okta.com/"}


def page(route):
    return f"https://{W.HOST}{route}"


class Gen:
    """Shared generation state: event list, rng, world, edge cache, app builds."""

    def __init__(self, rng, world):
        self.rng, self.w, self.ev = rng, world, []
        self.edge = set()
        self._builds = {}
        # rolling restart during the nightly deploy: the API answers 503 for about a minute
        self.down = [(W.local_ts(d, 2.0), W.local_ts(d, 2.0) + rng.uniform(35, 80)) for d in world.dates]

    def build(self, t):
        """Nightly deploy at 02:00 local: asset hashes change every day."""
        for i, d in enumerate(self.w.dates):
            if t < W.local_ts(d, 2.0):
                return i
        return len(self.w.dates)

    def assets(self, b):
        if b not in self._builds:
            r = self.rng
            h = lambda: W.hexid(r, 8)
            self._builds[b] = {
                "core": [(f"/static/js/runtime.{h()}.js", 2_480, "application/javascript"),
                         (f"/static/js/vendor.{h()}.js", 418_512 + b * 37, "application/javascript"),
                         (f"/static/js/main.{h()}.js", 241_077 + b * 211, "application/javascript"),
                         (f"/static/css/main.{h()}.css", 48_309 + b * 5, "text/css"),
                         ("/static/media/inter-var.7c1e2f0a.woff2", 98_316, "font/woff2"),
                         ("/static/media/cairn-mark.41b09d3e.svg", 3_112, "image/svg+xml"),
                         ("/favicon.ico", 15_086, "image/x-icon"),
                         ("/manifest.webmanifest", 611, "application/manifest+json")],
                "chunks": {c: (f"/static/js/{c}.{h()}.chunk.js", s, "application/javascript") for c, s in (
                    ("pupil", 88_140), ("transfers", 61_902), ("search", 22_415), ("reports", 131_770),
                    ("audit", 40_233), ("roster", 27_008), ("settings", 12_560), ("transcripts", 35_120))},
            }
        return self._builds[b]

    def edge_status(self, path, colo):
        key = (path, colo)
        if key in self.edge:
            return "hit" if self.rng.random() > 0.01 else "revalidated"
        self.edge.add(key)
        return "miss"


class Client:
    """One browser profile (or tool) at one address, acting as account `acct`."""

    def __init__(self, g, ip, ua, acct="", *, dev="desktop", proto="2", bot="h", idp=None,
                 cache=None, login_as=None):
        self.g, self.ip, self.ua, self.acct = g, ip, ua, acct
        self.login_as = login_as if login_as is not None else acct
        self.dev, self.proto, self.bot, self.idp = dev, proto, bot, idp
        self.cache = cache if cache is not None else set()
        self.user, self.t, self.page, self.last = "", 0.0, "", 0.0
        self.chunks, self.sse, self.sse_user, self.sse_ref, self.mfa_done = set(), None, "", "", False

    # ------------------------------------------------------------ primitives
    def emit(self, method, uri, status=200, nbytes=0, *, ref="", ctype=JSON, cache="dynamic",
             dur=None, reqb=None, user=None, at=None, sec=""):
        r = self.g.rng
        if dur is None:
            if cache in ("hit", "revalidated"):
                dur = r.uniform(0.002, 0.03) + nbytes / 9e6
            else:
                dur = 0.018 * math.exp(0.55 * r.gauss(0, 1)) + nbytes / 4e6
        t0 = self.t if at is None else at
        if cache == "dynamic" and status < 500:
            for a, b in self.g.down:
                if a <= t0 < b:
                    status, nbytes, ctype = 503, 162, JSON
            if status == 200 and r.random() < 0.0003:
                status, nbytes = 500, 214
        if reqb is None:
            reqb = 420 + len(uri) + len(self.ua) + (180 if self.user else 40) + r.randint(0, 60)
        self.g.ev.append((self.t if at is None else at, dur, self.ip, method, uri, status, nbytes,
                          self.ua, ref, self.user if user is None else user, self.acct, cache, ctype,
                          reqb, self.proto, self.bot, sec, self.dev))

    def think(self, median, sigma=0.8):
        self.t += median * math.exp(sigma * self.g.rng.gauss(0, 1))

    def small(self, a=0.01, b=0.15):
        self.t += self.g.rng.uniform(a, b)

    def api(self, path, nbytes=None, status=200, method="GET", **kw):
        r = self.g.rng
        if nbytes is None:
            nbytes = int(r.uniform(600, 4000))
        self.small()
        self.emit(method, path, status, nbytes, ref=page(self.page), **kw)
        self.last = self.t

    # ------------------------------------------------------------ page loads
    def fetch_assets(self, ref):
        g = self.g
        colo = g.w.ip_info(self.ip)[2]
        for path, size, ctype in g.assets(g.build(self.t))["core"]:
            if path in self.cache:
                continue
            self.cache.add(path)
            self.small(0.004, 0.06)
            self.emit("GET", path, 200, size, ref=ref, ctype=ctype, cache=g.edge_status(path, colo), user="")

    def chunk(self, name):
        g = self.g
        path, size, ctype = g.assets(g.build(self.t))["chunks"][name]
        if path in self.cache:
            return
        self.cache.add(path)
        self.small(0.005, 0.05)
        self.emit("GET", path, 200, size, ref=page(self.page), ctype=ctype,
                  cache=g.edge_status(path, g.w.ip_info(self.ip)[2]), user="")

    def boot(self, route="/app/home", ref=""):
        """Full document load of the SPA shell, then the session probe."""
        r = self.g.rng
        self.close_sse()
        self.emit("GET", route, 200, r.randint(1_900, 2_300), ref=ref, ctype=HTML)
        self.page, self.chunks = route, set()
        self.small(0.05, 0.25)
        self.fetch_assets(page(route))
        self.small(0.1, 0.4)
        if not self.user:
            self.api("/api/v2/me", 96, status=401, user="")
            return False
        self.after_login()
        return True

    def after_login(self):
        r = self.g.rng
        self.api("/api/v2/me", r.randint(700, 1_100))
        self.api("/api/v2/me/preferences", r.randint(200, 420))
        self.api("/api/v2/notifications?unread=true&limit=20", r.randint(120, 3_800))
        self.sse, self.sse_user, self.sse_ref = self.t + 0.05, self.user, page(self.page)
        self.last = self.t

    # ------------------------------------------------------------ sign-in
    def sign_in(self, route="/app/home", fails=0, prompt=True):
        """SSO redirect chain, or the local-password form when the account has no IdP."""
        r = self.g.rng
        if self.idp:
            kind = self.idp.split("-")[0]
            kind = "sde" if self.idp == "sde-okta" else kind
            self.close_sse()
            self.emit("GET", f"/oauth2/authorization/{self.idp}", 302, 0, ref=page("/login"), ctype="")
            self.page = "/login"
            self.think(14.0 if not self.mfa_done else 1.6, 0.5)
            self.mfa_done = True
            st = W.token(r, 22)
            q = {"entra": f"code=0.A{W.token(r, 40)}&state={st}&session_state={W.uuid4(r)}",
                 "google": f"state={st}&code=4%2F0Ad{W.token(r, 36)}&scope=email+openid+profile&authuser=0&prompt=none",
                 "sde": f"code={W.token(r, 43)}&state={st}"}[kind]
            self.user = self.login_as
            self.emit("GET", f"/login/oauth2/code/{self.idp}?{q}", 302, 0, ref=IDP_ORIGIN[kind], ctype="")
            self.small(0.08, 0.3)
            return self.boot(route, ref=IDP_ORIGIN[kind])
        if prompt:
            self.emit("GET", "/login", 200, r.randint(3_300, 3_500), ref=page(self.page) if self.page else "", ctype=HTML)
            self.page = "/login"
            self.fetch_assets(page("/login"))
        for _ in range(fails):
            self.think(9.0, 0.5)
            self.emit("POST", "/login", 302, 0, ref=page("/login"), ctype="", reqb=r.randint(620, 700), user="")
            self.small(0.05, 0.2)
            self.emit("GET", "/login?error", 200, r.randint(3_400, 3_600), ref=page("/login"), ctype=HTML)
        self.think(7.0, 0.5)
        self.user = self.login_as
        self.emit("POST", "/login", 302, 0, ref=page("/login"), ctype="", reqb=r.randint(620, 700))
        self.small(0.05, 0.2)
        return self.boot(route, ref=page("/login"))

    def start(self, route="/app/home", fails=0):
        """Open the app from a bookmark; the 401 probe sends the SPA to sign-in."""
        if not self.boot(route):
            self.small(0.2, 0.8)
            self.sign_in(route, fails=fails)

    def resume(self, route="/app/home", fails=0):
        """Back at the 'signed out for inactivity' screen: sign in again."""
        self.sign_in(route, fails=fails, prompt=False)

    def idle_logout(self):
        """The SPA's inactivity timer fires IDLE_LOGOUT after the last user action."""
        r = self.g.rng
        self.t = self.last + IDLE_LOGOUT + r.uniform(0, 2)
        self.close_sse()
        self.emit("POST", "/logout", 302, 0, ref=page(self.page), ctype="")
        self.user = ""
        self.small(0.05, 0.2)
        self.emit("GET", "/login?timeout", 200, r.randint(3_300, 3_500), ref=page(self.page), ctype=HTML)
        self.page = "/login?timeout"

    def logout(self):
        r = self.g.rng
        self.close_sse()
        self.emit("POST", "/logout", 302, 0, ref=page(self.page), ctype="")
        self.user = ""
        self.small(0.05, 0.2)
        self.emit("GET", "/login?logout", 200, r.randint(3_300, 3_500), ref=page(self.page), ctype=HTML)

    def close_sse(self, at=None):
        if self.sse is None:
            return
        r, end = self.g.rng, self.t if at is None else at
        s = self.sse
        while s < end - 1:
            seg = min(end - s, r.uniform(840, 900))      # server recycles streams after ~15 min
            self.emit("GET", "/api/v2/notifications/stream", 200, int(seg / 25) * 16 + r.randint(60, 900),
                      ref=self.sse_ref, ctype=SSE, dur=seg, at=s, user=self.sse_user)
            s += seg + r.uniform(1.0, 4.0)
        self.sse = None

    # ------------------------------------------------------------ SPA navigation
    def nav(self, route, chunk=None):
        self.page = route
        if chunk:
            self.chunk(chunk)
