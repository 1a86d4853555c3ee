"""blind23 client: the request event, a browser/script model with ASM session tracking, and the sign-in flows."""
import base64

from . import world as W

TS_NAME = "TS01d3c5a7"                    # the ASM policy's main cookie
COOKIE_LEN = ("alerted", "Illegal cookie length", "", "", "", "Buffer Overflow", "Warning", 1)
SAME = object()                           # referer = the browser's current page
BROWSERS = ("chromium", "firefox", "safari")


class Event:
    """One request as the WAF saw it. `tag` names the labelled behaviour that produced it (None = benign)."""
    __slots__ = ("t", "dur", "ip", "port", "method", "path", "query", "prof", "kind", "ref", "cookie", "body",
                 "ctype", "extra", "status", "rstat", "viol", "user", "sid", "xff", "tag", "clen")


def rand_token(rng, nbytes):
    return base64.urlsafe_b64encode(rng.getrandbits(nbytes * 8).to_bytes(nbytes, "big")).decode().rstrip("=")


DUR = {"nav": (0.12, 0.5), "xhr": (0.04, 0.35), "css": (0.01, 0.05), "js": (0.01, 0.08), "img": (0.01, 0.04),
       "font": (0.01, 0.04), "form": (0.15, 0.6), "dl": (0.4, 2.5), "api": (0.05, 0.5), "ext": (0.05, 0.5)}
ASSETS = [("/ksr/static/css/ksr-4.12.3.min.css", "css"), ("/ksr/static/js/vendor-4.12.3.min.js", "js"),
          ("/ksr/static/js/ksr-app-4.12.3.min.js", "js"), ("/ksr/static/img/state-seal.svg", "img"),
          ("/ksr/static/fonts/source-sans-3-400.woff2", "font"), ("/favicon.ico", "img")]


class Browser:
    """A browser (or script) on one address: cookies, the ASM session (TS cookie) and the user ASM tracks."""

    def __init__(self, ctx, rng, prof, ip, tag=None, xff=None, extra_cookie=None):
        self.ctx, self.rng, self.prof, self.ip, self.tag, self.xff = ctx, rng, prof, ip, tag, xff
        self.extra_cookie = extra_cookie
        self.ts = None
        self.sid = "0"
        self.user = "N/A"
        self.ksr = None
        self.pref = None
        self.pref_val = None
        self.cached = False
        self.page = None
        self.listing = None
        self.exp = -1.0
        self.hard_exp = -1.0
        self.port = rng.randint(49152, 65500)
        self.last_t = -1e9

    # --- low level -------------------------------------------------------------------------------------
    def restart(self):
        """Browser closed: session cookies (TS, KSRSESSION) are gone."""
        self.ts, self.sid, self.user, self.ksr, self.cached, self.page = None, "0", "N/A", None, False, None
        self.exp = self.hard_exp = -1.0

    def cookie(self):
        parts = []
        if self.ksr:
            parts.append("KSRSESSION=" + self.ksr)
        if self.pref:
            parts.append("ksr_district=" + self.pref)
        if self.ts:
            parts.append(TS_NAME + "=" + self.ts)
        if self.extra_cookie:
            parts.append(self.extra_cookie)
        return "; ".join(parts) or None

    def hit(self, t, method, path, query="", kind="nav", status=200, dur=None, body=None, ctype=None, ref=SAME,
            extra=None, viol=None, cookies=True, clen=None):
        rng = self.rng
        e = Event()
        e.t, e.ip, e.method, e.path, e.query, e.prof, e.kind = t, self.ip, method, path, query, self.prof, kind
        if t - self.last_t > 20:
            self.port = rng.randint(49152, 65500)
        e.port = self.port + (rng.randint(0, 3) if kind in ("css", "js", "img", "font") else 0)
        self.last_t = t
        if ref is SAME:
            ref = W.BASE + self.page if (self.page and self.prof.engine in BROWSERS) else None
        e.ref = ref
        e.cookie = self.cookie() if cookies else None
        if viol is None and cookies and self.extra_cookie:
            viol = COOKIE_LEN
        e.body, e.ctype, e.extra, e.status, e.viol, e.xff = body, ctype, extra, status, viol, self.xff
        e.clen = clen
        e.rstat = "passed" if viol is None else viol[0]
        if e.rstat == "blocked":
            e.status = 0
        lo, hi = DUR.get(kind, (0.05, 0.4)) if dur is None else (dur, dur)
        e.dur = lo + (hi - lo) * rng.random() ** 2 + rng.random() * 0.35
        e.user = self.user
        e.sid = self.sid if (cookies and self.ts) else "0"
        e.tag = self.tag
        if self.ts is None:                                  # the response sets the TS cookie
            self.ts = "01" + "%0126x" % rng.getrandbits(504)
            self.sid = "%016x" % rng.getrandbits(64)
        self.ctx.sink.append(e)
        return e

    def nav(self, t, path, query="", status=200, assets=None, xhrs=(), ref=SAME, kind="nav"):
        """A page view: the document, static assets (first time in this browser session), then its XHRs."""
        self.hit(t, "GET", path, query, kind, status, ref=ref)
        url = path + ("?" + query if query else "")
        t += 0.3 + self.rng.random() * 0.5
        if status == 200:
            self.page = url
            if assets or (assets is None and not self.cached and self.prof.engine in BROWSERS):
                for i, (a, k) in enumerate(ASSETS):
                    self.hit(t + i * 0.03 * self.rng.random(), "GET", a, "", k)
                self.cached = True
                t += 0.4
            for x in xhrs:
                xp, xq = x if isinstance(x, tuple) else (x, "")
                st = 500 if self.rng.random() < 0.003 else 200
                self.hit(t, "GET", xp, xq, "xhr", st)
                t += 0.05 + self.rng.random() * 0.3
        return t + 0.2

    def touch(self, t):
        self.exp = min(t + 1800, self.hard_exp)

    def alive(self, t):
        return self.user != "N/A" and self.ksr is not None and t < self.exp

    # --- sign-in flows ---------------------------------------------------------------------------------
    def login_form(self, t, log_name, ok=True, home=True, password_fail=0, typing=None):
        rng = self.rng
        if self.user != "N/A" and self.ksr:                 # app session timed out: bounced to the login page
            t = self.nav(t, "/ksr/login", "expired=1")
        else:
            t = self.nav(t, "/ksr/login", "")
        for i in range(password_fail + 1):
            t += (5 + rng.random() * 14 + len(log_name) * 0.15) if typing is None else typing
            good = ok and i == password_fail
            body = "username=%s&password=********&_csrf=%s" % (log_name.replace("@", "%40"), rand_token(rng, 24))
            self.hit(t, "POST", "/ksr/login", "", "form", 302 if good else 200, body=body,
                     ctype="application/x-www-form-urlencoded")
            if good:
                self._signed_in(t, log_name)
                self.ctx.sink[-1].user = log_name           # ASM validates the response, logs the name
                self.ctx.sink[-1].sid = self.sid
            else:
                self.page = "/ksr/login"
                t += 1.0
        if ok and home:
            t = self.home(t + 0.3)
        return t

    def login_saml(self, t, log_name, district=None, idp_wait=None, home=True):
        rng = self.rng
        t = self.nav(t, "/ksr/login", "expired=1" if (self.user != "N/A" and self.ksr) else "")
        t += 2 + rng.random() * 6
        self.hit(t, "GET", "/ksr/saml/login", "idp=state" + ("&district=" + district if district else ""),
                 "nav", 302)
        t += idp_wait if idp_wait is not None else (3 + rng.random() * 25)
        saml = rand_token(rng, 1620)
        body = "SAMLResponse=%s&RelayState=%s" % (saml, rand_token(rng, 12))
        self.hit(t, "POST", "/ksr/saml/acs", "", "form", 200, body=body, cookies=False, ref=W.IDP + "/",
                 ctype="application/x-www-form-urlencoded", extra=(("Origin", W.IDP),), clen=len(body) + 6230)
        self.ts = None                                       # cross-site POST had no TS cookie: ASM issues a new one
        self.ts = "01" + "%0126x" % rng.getrandbits(504)
        self.sid = "%016x" % rng.getrandbits(64)
        self.user = "N/A"
        self.page = "/ksr/saml/acs"
        t += 0.4 + rng.random() * 0.4
        body = "username=%s&ticket=%s" % (log_name.replace("@", "%40"), rand_token(rng, 18))
        self._signed_in(t, log_name)
        self.hit(t, "POST", "/ksr/login/sso", "", "form", 302, body=body, ctype="application/x-www-form-urlencoded",
                 extra=(("Origin", W.BASE),))
        if home:
            t = self.home(t + 0.2)
        return t

    def _signed_in(self, t, log_name):
        self.user = log_name
        self.ksr = rand_token(self.rng, 24)
        self.hard_exp = t + 8 * 3600
        self.exp = t + 1800

    def home(self, t, ref=SAME):
        t = self.nav(t, "/ksr/home", "", xhrs=("/ksr/api/v2/me", "/ksr/api/v2/notifications/count",
                                               "/ksr/api/v2/home/recent"), ref=ref)
        if self.pref_val and self.user != "N/A":
            self.pref = self.pref_val
        self.touch(t)
        return t

    def logout(self, t):
        self.hit(t, "GET", "/ksr/logout", "", "nav", 302)
        self.user, self.ksr = "N/A", None
        t += 0.2 + self.rng.random() * 0.2
        t = self.nav(t, "/ksr/login", "loggedout=1")
        return t

    def idle(self, t0, t1, attention):
        """Tab left open: the page polls notifications every 5 minutes until closed (or t1)."""
        end = min(t1, t0 + attention)
        t = t0 + 300
        while t < end and self.alive(t):
            self.hit(t + self.rng.random(), "GET", "/ksr/api/v2/notifications/count", "", "xhr")
            self.touch(t)
            t += 300
        return end
