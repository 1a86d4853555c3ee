"""Request events and the client model: browser sessions, sign-in flows (Okta SAML, local form), assets, limits."""
import math

DEPLOY_AT = 17 * 3600 + 41 * 60      # seconds after start on day 1: a release changes every asset hash
ASSETS = [[("app", "js", "D3kq9TxA", 142000), ("app", "css", "Bf7Wm2Lp", 61000), ("vendor", "js", "C1nR8sYe", 388000),
           ("inter-latin-400-normal", "woff2", "BVp0uZ4c", 23600)],
          [("app", "js", "Hq2LmX7v", 143900), ("app", "css", "Bf7Wm2Lp", 61000), ("vendor", "js", "Ck5sJ0aW", 391200),
           ("inter-latin-400-normal", "woff2", "BVp0uZ4c", 23600)]]


class Ev:
    """One HTTP request as HAProxy saw it (kind: app, static, public, deny, up) plus the app's audit details."""
    __slots__ = ("t", "ip", "port", "method", "path", "query", "status", "nbytes", "ua", "ref", "user", "role", "kind",
                 "dur", "h2", "action", "student", "sess", "tag", "tsc", "tr", "app_status")

    def __init__(self, **kw):
        self.tag = None
        self.action = ""
        self.student = ""
        self.tsc = "----"
        self.tr = None
        self.app_status = None
        for k, v in kw.items():
            setattr(self, k, v)


class Env:
    """Shared state: output list, pupil world, per-account sign-in failure times, abuse tags, session counter."""

    def __init__(self, rng, world, days, secret):
        self.rng, self.world, self.days, self.events = rng, world, days, []
        self.failures = {}
        self.secret = secret

    def new_sess(self, rng):
        return "%020x" % rng.getrandbits(80)


def lognorm_ms(rng, median, sigma=0.6):
    return max(1, int(median * math.exp(rng.gauss(0, sigma))))


class Client:
    """A device/script with an address, user agent and (once signed in) a session; renders requests as events."""

    def __init__(self, env, rng, ip, ua, user="", role="", h2=True, tag=None, cache=None, script=False):
        self.env, self.rng, self.ip, self.ua, self.user, self.role, self.h2 = env, rng, ip, ua, user, role, h2
        self.tag, self.cache, self.script = tag, cache if cache is not None else {}, script
        self.sess = env.new_sess(rng)
        self.port, self.last_t, self.page = rng.randint(49152, 65500), -1e9, ""
        self.win, self.count = -1e9, 0
        self.signed_in = False

    def req(self, t, method, path, query="", status=200, nbytes=None, kind="app", dur=None, user=None, ref=None,
            action="", student="", tsc="----", tr=None, app_status=None):
        rng = self.rng
        if t - self.last_t > (5 if self.script and not self.h2 else 110):
            self.port = rng.randint(49152, 65500) if rng.random() < 0.7 else self.port + rng.randint(1, 40)
            if self.port > 65535:
                self.port = 49152 + self.port % 1000
        self.last_t = t
        if getattr(self, "cookieless", False):
            self.sess = self.env.new_sess(rng)
        if dur is None:
            dur = lognorm_ms(rng, 4 if kind == "static" else 90)
        if nbytes is None:
            nbytes = rng.randint(14000, 42000) if status == 200 else (380 if status in (301, 302) else rng.randint(800, 9000))
        ev = Ev(t=t, ip=self.ip, port=self.port, method=method, path=path, query=query, status=status, nbytes=nbytes,
                ua=self.ua, ref=("" if self.script else self.page) if ref is None else ref, user=self.user if user is None else user,
                role=self.role, kind=kind, dur=dur, h2=self.h2, action=action, student=student, sess=self.sess,
                tag=self.tag, tsc=tsc, tr=tr, app_status=app_status)
        if kind != "app":
            ev.sess = ""
            ev.user = ""
        self.env.events.append(ev)
        return ev

    # ---- pages -------------------------------------------------------------------------------------------------
    def assets(self, t):
        ver = 0 if t < DEPLOY_AT else 1
        if self.cache.get("v") == ver or self.script:
            return t
        self.cache["v"] = ver
        css = "https://%s/build/assets/app-%s.css" % ("sis.mpls.k12.mn.us", ASSETS[ver][1][2])
        for name, ext, h, size in ASSETS[ver]:
            t += self.rng.uniform(0.01, 0.12)
            ref = css if ext == "woff2" else self.page
            self.req(t, "GET", "/build/assets/%s-%s.%s" % (name, h, ext), nbytes=size // 3, kind="static", ref=ref)
        if not self.cache.get("fav"):
            self.cache["fav"] = 1
            self.req(t + 0.2, "GET", "/favicon.ico", nbytes=4286, kind="static")
        return t + 0.3

    def page_view(self, t, path, query="", status=200, action="", student="", nbytes=None, dur=None):
        """A full page navigation (HTML) with the asset loads a stale cache needs (0.15 % end in a 500)."""
        if status == 200 and not self.script and self.rng.random() < 0.0015:
            status, nbytes = 500, 5391
        ev = self.req(t, "GET", path, query, status, nbytes, dur=dur, action=action, student=student)
        self.page = "https://sis.mpls.k12.mn.us" + path + ("?" + query if query else "")
        t = t + ev.dur / 1000.0
        if status == 200:
            t = self.assets(t)
        return t + self.rng.uniform(0.05, 0.4)

    def api(self, t, path, query="", nbytes=None, student="", action=""):
        """An XHR to /api/...: counts against the per-session limit (120/min); returns (event, retry_after or 0)."""
        if t - self.win >= 60:
            self.win, self.count = t, 0
        self.count += 1
        if self.count > 120:
            ra = max(1, int(math.ceil(self.win + 60 - t)))
            ev = self.req(t, "GET", path, query, 429, 412, dur=lognorm_ms(self.rng, 6, 0.3), student=student,
                          action=action)
            return ev, ra
        ev = self.req(t, "GET", path, query, 200, nbytes or self.rng.randint(900, 6000),
                      dur=lognorm_ms(self.rng, 45, 0.5), student=student, action=action)
        return ev, 0

    def poll(self, t):
        return self.api(t, "/api/notifications/unread-count", nbytes=self.rng.randint(28, 34))[0]

    # ---- sign-in -----------------------------------------------------------------------------------------------
    def login_okta(self, t, idp_initiated=None):
        rng = self.rng
        if idp_initiated is None:
            idp_initiated = rng.random() < 0.45
        if not idp_initiated:
            t = self._login_page(t)
            self.req(t, "GET", "/auth/okta/redirect", status=302, user="", dur=lognorm_ms(rng, 12))
            t += rng.uniform(1.5, 9.0)
        self.sess = self.env.new_sess(rng)
        self.signed_in = True
        self.req(t, "POST", "/auth/okta/callback", status=302, ref="https://mpls.okta.com/", action="LOGIN_OK",
                 dur=lognorm_ms(rng, 160, 0.4))
        return self.page_view(t + rng.uniform(0.2, 0.5), "/dashboard")

    def _login_page(self, t):
        ev = self.req(t, "GET", "/login", nbytes=self.rng.randint(5800, 6100), user="", dur=lognorm_ms(self.rng, 30))
        self.page = "https://sis.mpls.k12.mn.us/login"
        return self.assets(t + ev.dur / 1000.0) + self.rng.uniform(0.5, 2.0)

    def login_form(self, t, login, password_ok=True, page=True, dashboard=True):
        """GET /login, POST /login; returns (t, outcome) with outcome ok|failed|locked (5 failures/15 min -> 429)."""
        rng, env = self.rng, self.env
        if page:
            t = self._login_page(t) + rng.uniform(3, 12)
        fails = [x for x in env.failures.get(login, []) if t - x < 900]
        env.failures[login] = fails
        if len(fails) >= 5:
            self.req(t, "POST", "/login", status=429, nbytes=520, user=login, action="LOGIN_LOCKED",
                     dur=lognorm_ms(rng, 20))
            return t + 0.3, "locked"
        if not password_ok:
            fails.append(t)
            ev = self.req(t, "POST", "/login", status=302, user=login, action="LOGIN_FAILED", dur=lognorm_ms(rng, 240, 0.3))
            t += ev.dur / 1000.0 + 0.05
            self.req(t, "GET", "/login", nbytes=rng.randint(6000, 6300), user="", dur=lognorm_ms(rng, 30))
            return t + 0.2, "failed"
        self.sess = env.new_sess(rng)
        self.signed_in = True
        self.user = login
        ev = self.req(t, "POST", "/login", status=302, action="LOGIN_OK", dur=lognorm_ms(rng, 250, 0.3))
        t += ev.dur / 1000.0 + 0.05
        if dashboard:
            t = self.page_view(t, "/dashboard")
        return t, "ok"

    def logout(self, t):
        self.req(t, "POST", "/logout", status=302, action="LOGOUT", dur=lognorm_ms(self.rng, 25))
        self.signed_in = False
        self.sess = self.env.new_sess(self.rng)
        user, self.user = self.user, ""
        self.req(t + 0.1, "GET", "/login", nbytes=self.rng.randint(5800, 6100), user="", dur=lognorm_ms(self.rng, 30))
        self.user = user
        self.page = "https://sis.mpls.k12.mn.us/login"
        return t + 0.5
