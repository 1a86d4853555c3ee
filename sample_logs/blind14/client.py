"""Clients of Harbor (blind14): the request event, and an Actor (one device on one network acting for one
account) with the Vue app's page loads, static assets, Azure AD (OIDC) and local password + TOTP sign-in."""
import math
import time

from . import world as W

JSON = "application/json"
HTML = "text/html"
SESSION_AGE = 8 * 3600
ASSETS = [("/static/js/chunk-vendors.7c2e91fa.js", 131204, "application/javascript"),
          ("/static/js/app.4b1d0c3e.js", 58311, "application/javascript"),
          ("/static/css/chunk-vendors.0f3a6b21.css", 14877, "text/css"),
          ("/static/css/app.9e8d7c51.css", 6112, "text/css"),
          ("/static/fonts/source-sans-3-latin-400-normal.9a1b2c3d.woff2", 21340, "font/woff2"),
          ("/static/fonts/source-sans-3-latin-600-normal.5e6f7a8b.woff2", 21872, "font/woff2"),
          ("/static/img/harbor-logo.3c7e2f10.svg", 4211, "image/svg+xml"),
          ("/favicon.ico", 5430, "image/vnd.microsoft.icon")]
LAZY = {"students": ("/static/js/students.51af02b7.js", 18230), "iep": ("/static/js/iep-editor.a2c4e6f8.js", 64118),
        "services": ("/static/js/service-logs.7d9e1f3a.js", 12004), "billing": ("/static/js/billing.11d3e5f7.js", 9870),
        "reports": ("/static/js/reports.8b0d2f46.js", 22431), "admin": ("/static/js/admin.c5b7d9e1.js", 15552)}
INDEX_SIZE = 1874


class Ev:
    __slots__ = ("t", "dur", "up", "method", "path", "status", "rx", "tx", "ip", "xpre", "ua", "ref", "user",
                 "consumer", "auth", "sid", "csrf", "ctype", "svc", "acct", "abuse", "fd", "lang", "flags",
                 "hdr", "rhdr", "kind", "seq")


def ua_kind(ua):
    if ua.startswith("Mozilla/5.0") and "Bot" not in ua and "bot" not in ua and "Preview" not in ua:
        if "Firefox/" in ua:
            return "firefox"
        if "Chrome/" in ua:
            return "edge" if "Edg/" in ua else "chrome"
        return "safari"
    return "script"


def token(rng, n, alphabet="abcdefghijklmnopqrstuvwxyz0123456789"):
    return "".join(rng.choice(alphabet) for _ in range(n))


def lognorm(rng, med, sigma):
    return med * math.exp(rng.gauss(0, sigma))


class Actor:
    """One device on one network acting for one account (or for nobody). Appends Ev objects to `out`."""

    def __init__(self, out, rng, ua, ip, xpre=None, lang="en-US,en;q=0.9", acct=None, abuse=None, login=None,
                 auth_mode="oidc", kind=None):
        self.out, self.rng, self.ua, self.ip, self.xpre, self.lang = out, rng, ua, ip, xpre, lang
        self.acct, self.abuse, self.login, self.auth_mode = acct, abuse, login, auth_mode
        self.kind = kind or ua_kind(ua)
        self.signed, self.sid, self.csrf, self.sess_t = False, None, None, 0.0
        self.cached, self.page, self.consumer, self.bearer = set(), None, None, None
        self.fds = rng.sample(W.FRONT_DOOR, 2)
        self.next_poll = None

    # ---- one request ----
    def hit(self, t, method, path, status=200, tx=300, ms=(45, .45), svc="api", ctype=JSON, rx=0, ref="page",
            user="auto", hdr=None, rhdr=None, flags=None, auth="session"):
        rng = self.rng
        e = Ev()
        e.t, e.method, e.path, e.status = t, method, path, status
        e.tx = rng.randint(*tx) if isinstance(tx, tuple) else tx
        e.rx = rng.randint(*rx) if isinstance(rx, tuple) else rx
        dur = max(1, int(lognorm(rng, *ms))) if isinstance(ms, tuple) else int(ms)
        if e.tx > 200000:
            dur += int(e.tx / rng.uniform(900, 4000))         # streaming a big body to the client
        e.dur = dur
        if flags == "DC":
            e.up = None
        elif ctype in ("application/pdf", "text/csv") and e.tx > 50000:
            e.up = max(1, int(dur * rng.uniform(0.55, 0.9)))
        else:
            e.up = max(1, dur - rng.randint(0, 2))
        e.ip, e.xpre, e.ua, e.lang, e.kind = self.ip, self.xpre, self.ua, self.lang, self.kind
        if ref == "page":
            ref = ("https://%s%s" % (W.HOST, self.page)) if (self.page and self.kind != "script") else None
        e.ref = ref
        if user == "auto":
            user = self.login if (self.signed and svc in ("api", "auth") and status != 401) else None
        e.user = user
        e.consumer = self.consumer if svc == "partner" else None
        e.auth = auth if auth != "session" else ("cookie" if (self.sid or self.csrf) else None)
        e.sid, e.csrf = self.sid, self.csrf
        e.ctype, e.svc, e.acct, e.abuse = ctype, svc, self.acct, self.abuse
        e.fd = self.fds[0] if rng.random() < 0.9 else self.fds[1]
        e.flags, e.hdr, e.rhdr = flags, hdr, rhdr
        self.out.append(e)
        return t + dur / 1000.0

    # ---- the single-page app ----
    def index(self, t, route="/"):
        cached = "index" in self.cached and self.kind != "script"
        t = self.hit(t, "GET", route, 304 if cached else 200, 0 if cached else INDEX_SIZE, (6, .4), "web", HTML,
                     ref=None)
        self.cached.add("index")
        self.page = route
        if "core" not in self.cached:
            end = t
            for i, (path, size, ctype) in enumerate(ASSETS):
                st = t + 0.004 * i + self.rng.uniform(0.002, 0.03)
                end = max(end, self.hit(st, "GET", path, 200, size, (4 + size / 9000, .5), "web", ctype,
                                        ref="https://%s%s" % (W.HOST, route)))
            self.cached.add("core")
            t = end
        return t + self.rng.uniform(0.05, 0.25)

    def lazy(self, t, chunk):
        if chunk in self.cached:
            return t
        path, size = LAZY[chunk]
        self.cached.add(chunk)
        return self.hit(t, "GET", path, 200, size, (8, .4), "web", "application/javascript") + 0.02

    def csrf_cookie(self, t):
        """The app asks for Django's CSRF cookie once per browser (it lives a year)."""
        if self.csrf is not None:
            return t
        self.csrf = token(self.rng, 32, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return self.hit(t, "GET", "/api/auth/csrf/", 204, 0, (7, .3), "auth",
                        rhdr={"set-cookie": "csrftoken=%s; expires=Tue, 29 Feb 2028 08:00:00 GMT; Max-Age=31449600; "
                                            "Path=/; SameSite=Lax; Secure" % self.csrf})

    def open_app(self, t, route="/", password_ok=True):
        """Full page load of `route`; signs in when the session is missing. Returns the end time."""
        t = self.index(t, route)
        if self.kind != "script":
            t = self.csrf_cookie(t)
        if self.signed and t - self.sess_t < SESSION_AGE:
            return self.hit(t, "GET", "/api/me/", 200, (540, 720), (28, .3)) + 0.05
        self.signed = False
        t = self.hit(t, "GET", "/api/me/", 401, 58, (9, .3))
        return self.sign_in(t + 0.1, route, password_ok)

    def ensure(self, t):
        """Before an API action: a stale session shows as a 401, the app reloads and signs in again."""
        if self.signed and t - self.sess_t < SESSION_AGE:
            return t
        if self.signed:
            t = self.hit(t, "GET", "/api/notifications/count/", 401, 58, (9, .3))
            self.signed = False
        return self.open_app(t + 0.3, self.page or "/")

    def sign_in(self, t, route="/", password_ok=True):
        if self.auth_mode == "oidc":
            return self.oidc(t, route)
        return self.local(t, route, password_ok)

    def _session(self, t):
        self.sid = token(self.rng, 32)
        self.signed, self.sess_t = True, t
        exp = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(int(t) + SESSION_AGE))
        return {"set-cookie": "sessionid=%s; expires=%s; HttpOnly; Max-Age=28800; Path=/; SameSite=Lax; Secure"
                              % (self.sid, exp)}

    def oidc(self, t, route="/", interactive=None):
        rng = self.rng
        nxt = "%2F" if route == "/" else route.replace("/", "%2F")
        t = self.hit(t, "GET", "/accounts/oidc/authenticate/?next=%s" % nxt, 302, 0, (14, .3), "auth", HTML)
        if interactive is None:
            interactive = rng.random() < 0.25
        t += lognorm(rng, 22, .5) if interactive else rng.uniform(1.2, 3.5)
        code = "1.AVYA" + token(rng, rng.randint(980, 1180), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        q = "code=%s&state=%s&session_state=%s" % (code, token(rng, 32, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"), W.uuid4(rng))
        rh = self._session(t)
        rh["location"] = route
        t = self.hit(t, "GET", "/accounts/oidc/callback/?" + q, 302, 0, (180, .35), "auth", HTML,
                     ref="https://login.microsoftonline.com/", rhdr=rh)
        t = self.index(t + 0.05, route)
        return self.hit(t, "GET", "/api/me/", 200, (540, 720), (30, .3)) + 0.05

    def local(self, t, route="/accounts/login/", password_ok=True, totp_ok=True, think=None):
        rng = self.rng
        if route != "/accounts/login/":
            t = self.index(t, "/accounts/login/?next=" + route.replace("/", "%2F"))
        t = self.csrf_cookie(t)
        t += think if think is not None else lognorm(rng, 9, .5)
        hdr = {"x-csrftoken": self.csrf, "content-type": JSON}
        if not password_ok:
            return self.hit(t, "POST", "/api/auth/login/", 400, 42, (260, .2), "auth", rx=(58, 84), hdr=hdr)
        t = self.hit(t, "POST", "/api/auth/login/", 200, 44, (270, .2), "auth", rx=(58, 84), hdr=hdr)
        t += lognorm(rng, 7, .4) if think is None else think / 2
        if not totp_ok:
            return self.hit(t, "POST", "/api/auth/totp/", 400, 27, (30, .3), "auth", rx=18, hdr=hdr)
        rh = self._session(t)
        t = self.hit(t, "POST", "/api/auth/totp/", 200, (610, 760), (45, .3), "auth", rx=18, hdr=hdr, rhdr=rh)
        self.page = "/"
        t = self.index(t, "/") if self.kind != "script" else t
        return self.hit(t, "GET", "/api/me/", 200, (540, 720), (28, .3)) + 0.05

    def logout(self, t):
        if not self.signed:
            return t
        t = self.hit(t, "POST", "/api/auth/logout/", 200, 47, (22, .3), "auth", rx=0,
                     hdr={"x-csrftoken": self.csrf or ""},
                     rhdr={"set-cookie": 'sessionid=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/; '
                                         'SameSite=Lax'})
        self.signed, self.sid = False, None
        self.page = "/accounts/login/"
        return self.index(t + 0.05, "/accounts/login/")

    def poll(self, t0, t1, every=300.0):
        """The app's unread-notification poll while the tab stays open (setInterval, 5 min); call it for
        consecutive stretches of the open tab (between tasks) so it keeps its phase."""
        if getattr(self, "next_poll", None) is None or self.next_poll < t0 - every:
            self.next_poll = t0 + every * self.rng.uniform(0.2, 1.0)
        while self.next_poll < t1:
            t = self.next_poll
            self.next_poll += every + self.rng.uniform(-0.05, 0.4)
            if not self.signed:
                self.next_poll = None
                return
            if t - self.sess_t >= SESSION_AGE:
                if self.auth_mode == "oidc":
                    self.ensure(t)
                    continue
                self.hit(t, "GET", "/api/notifications/count/", 401, 58, (9, .3))
                self.signed, self.next_poll = False, None
                return
            self.hit(t, "GET", "/api/notifications/count/", 200, (14, 17), (11, .35))

    def close_tab(self):
        self.next_poll = None

    def go(self, route):
        """In-app navigation: only changes the page the next API calls carry as referer."""
        self.page = route
