"""Request events, devices and the browser/script agent: SPA loading, Cognito sign-in, token refresh, polling."""
import base64
import math
from urllib.parse import quote

from .world import BASE

CLIENT_ID = "6f1k3s8q2v7m9d4t0h5c1n8b2r"
REDIRECT = quote(BASE + "/auth/callback", safe="")
IDP_REFERER = {"entra": "https://login.microsoftonline.com/", "google": "https://accounts.google.com/"}
HTML = "text/html"
JSON = "application/json"
# asset versions: (path, content type, transferred bytes); the release on day 1 evening changes some hashes
CORE = [("/assets/index-%s.js", "application/javascript", 97412, ("C3kq81Zp", "Dw9xT2mL")),
        ("/assets/vendor-%s.js", "application/javascript", 243870, ("BfR5t0aQ", "BfR5t0aQ")),
        ("/assets/index-%s.css", "text/css", 21304, ("a9Hc2LwE", "Q0zP7yVn")),
        ("/assets/inter-latin-400-normal-%s.woff2", "font/woff2", 23664, ("CbNZ4lrk", "CbNZ4lrk")),
        ("/assets/inter-latin-600-normal-%s.woff2", "font/woff2", 24180, ("Bq2Ho3xD", "Bq2Ho3xD")),
        ("/assets/pathways-mark-%s.svg", "image/svg+xml", 3918, ("DxM1sQ4v", "DxM1sQ4v"))]
LAZY = {"case": ("/assets/CaseView-%s.js", 61220, ("B1ybu7Ge", "CnV7u0Wd")),
        "iep": ("/assets/IepEditor-%s.js", 88410, ("D6pQe2Kx", "Ap4kM9sR")),
        "pdf": ("/assets/pdf.worker.min-%s.mjs", 366100, ("BsT0rZ2c", "BsT0rZ2c")),
        "reports": ("/assets/Reports-%s.js", 40210, ("CqL2nV8e", "CqL2nV8e")),
        "servicelog": ("/assets/ServiceLogForm-%s.js", 18730, ("Dg5Xw1Po", "B8mYc6Tz"))}


def b64(rng, n):
    return base64.urlsafe_b64encode(bytes(rng.getrandbits(8) for _ in range(n))).decode().rstrip("=")


class Ev:
    __slots__ = ("t", "ip", "port", "method", "path", "query", "status", "size", "ctype", "body", "dur", "ttfb",
                 "ref", "cookie", "auth", "dev", "waf", "actor", "extra", "rid", "result", "user")


class Device:
    """One browser profile or HTTP client: user agent, protocol, language, cache and connection reuse."""

    def __init__(self, ua, kind="browser", proto="HTTP/2.0", lang="en-US,en;q=0.9", keepalive=55.0,
                 tls=("TLSv1.3", "TLS_AES_128_GCM_SHA256"), ports=(49152, 65535)):
        self.ua, self.kind, self.proto, self.lang, self.keepalive, self.tls, self.ports = ua, kind, proto, lang, keepalive, tls, ports
        self.cache = set()
        self._conn = (None, -1e12, 0)

    def port(self, rng, t, ip):
        ip0, last, p = self._conn
        if not (ip0 == ip and 0 <= t - last < self.keepalive):
            p = rng.randint(*self.ports)
        self._conn = (ip, max(t, last), p)
        return p


class Ctx:
    """Generation context: the event list and the local-time calendar."""

    def __init__(self, world, day0, days, deploy_t):
        self.w, self.day0, self.days, self.deploy_t = world, day0, days, deploy_t
        self.events = []
        self.start, self.end = day0[0], day0[days]

    def at(self, day, hour):
        return self.day0[day] + hour * 3600.0

    def weekday(self, day):
        return (1 + day) % 7   # day 0 is a Tuesday; 0 = Monday

    def school_day(self, day):
        return self.weekday(day) < 5

    def core_assets(self, t):
        v = 1 if t >= self.deploy_t else 0
        return [(p % h[v], ct, sz) for p, ct, sz, h in CORE]

    def lazy(self, t, name):
        p, sz, h = LAZY[name]
        return p % h[1 if t >= self.deploy_t else 0], sz


class Agent:
    """A client acting on behalf of an actor: sends requests, keeps cookies, tokens and the SPA route."""

    def __init__(self, ctx, actor, dev, net, rng, login=None):
        self.ctx, self.actor, self.dev, self.net, self.rng, self.login = ctx, actor, dev, net, rng, login
        self.pw = None
        self.cog = []
        self.token, self.token_t = None, 0.0
        self.next_poll = 1e18
        self.route = "/"
        self.sessions = []
        self.tokens = []
        self.n = 0

    def ip(self, t):
        return self.net(t) if callable(self.net) else self.net

    def cookie_header(self, path):
        parts = []
        if self.cog and (path.startswith("/login") or path.startswith("/oauth2")):
            parts += ["%s=%s" % kv for kv in self.cog]
        if self.pw:
            parts += ["pw_session=%s" % self.pw[0], "pw_user=%s" % quote(self.pw[1], safe="")]
        return "; ".join(parts) or None

    def req(self, t, method, path, query="", status=200, size=0, ctype=None, body=0, dur=None, ref="route",
            auth=None, waf=None, extra=None, cookie="auto"):
        r = self.rng
        if dur is None:
            if ctype and ctype != JSON and ctype != HTML and "pdf" not in ctype:
                dur = 0.001 + r.random() * 0.004 + size / r.uniform(4e6, 2.5e7)
            elif ctype and "pdf" in ctype:
                dur = r.uniform(0.12, 0.5) + size / r.uniform(2e6, 1.2e7)
            else:
                dur = min(6.0, r.lognormvariate(math.log(0.085), 0.55) + size / 2.5e7)
        ev = Ev()
        ip = self.ip(t)
        ev.t, ev.ip, ev.port, ev.method, ev.path, ev.query = t, ip, self.dev.port(r, t, ip), method, path, query
        ev.status, ev.size, ev.ctype, ev.body, ev.dur = status, size, ctype, body, dur
        ev.ttfb = dur if size < 20000 else min(dur, r.uniform(0.02, 0.3))
        ev.ref = BASE + self.route if ref == "route" else ref
        ev.cookie = self.cookie_header(path) if cookie == "auto" else cookie
        if auth is None:
            auth = self.token if path.startswith("/api/") else None
        ev.auth, ev.dev, ev.waf, ev.actor, ev.extra = auth or None, self.dev, waf, self.actor, extra
        ev.rid = ev.result = None
        ev.user = self.pw[1] if self.pw else None
        self.ctx.events.append(ev)
        self.n += 1
        return t + dur

    # ---- the single-page app -------------------------------------------------
    def open_app(self, t, path="/", query="", ref=None):
        r = self.rng
        status = 304 if (self.dev.cache and r.random() < 0.5) else 200
        t = self.req(t, "GET", path, query, status, 0 if status == 304 else 2310, HTML, ref=ref, auth=False)
        page = BASE + path + ("?" + query if query else "")
        end = t
        for p, ct, sz in self.ctx.core_assets(t):
            if p not in self.dev.cache:
                self.dev.cache.add(p)
                end = max(end, self.req(t + r.uniform(0.005, 0.06), "GET", p, "", 200, sz, ct, ref=page, auth=False))
        end = max(end, self.req(t + r.uniform(0.1, 0.4), "GET", "/config.json", "", 200, 644, JSON, ref=page, auth=False))
        if "/favicon.ico" not in self.dev.cache:
            self.dev.cache.add("/favicon.ico")
            self.req(end + r.uniform(0.05, 0.3), "GET", "/favicon.ico", "", 200, 15086, "image/x-icon", ref=page, auth=False)
        return end + r.uniform(0.05, 0.3)

    def chunk(self, t, name):
        p, sz = self.ctx.lazy(t, name)
        if p in self.dev.cache:
            return t
        self.dev.cache.add(p)
        return self.req(t, "GET", p, "", 200, sz, "application/javascript", auth=False)

    def authorize_query(self, idp=None, state=None, cc=None):
        q = "response_type=code&client_id=%s&redirect_uri=%s&scope=openid+email+profile&state=%s" % (
            CLIENT_ID, REDIRECT, state or b64(self.rng, 24))
        q += "&code_challenge=%s&code_challenge_method=S256" % (cc or b64(self.rng, 32))
        return q + ("&identity_provider=%s" % idp if idp else "")

    def sign_in(self, t, auth, idp=None, fails=0, typing=(5, 18)):
        """Hosted-UI sign-in (local password) or federated via the district's IdP; returns the end time."""
        r = self.rng
        q = self.authorize_query(idp if auth != "cognito" else None)
        state = q.split("state=")[1].split("&")[0]
        t = self.req(t, "GET", "/oauth2/authorize", q, 302, 0, None, ref=BASE + "/", auth=False)
        if auth != "cognito":
            t += r.uniform(1.5, 14)
            t = self.req(t, "GET", "/oauth2/idpresponse", "code=%s&state=%s" % (b64(r, 96), b64(r, 180)), 302, 0,
                         None, ref=IDP_REFERER[auth], auth=False)
            cb_ref = IDP_REFERER[auth]
        else:
            lq = q
            t = self.req(t, "GET", "/login", lq, 200, 9214, HTML, ref=BASE + "/", auth=False)
            self.cog = [("XSRF-TOKEN", b64(r, 27))]
            for _ in range(fails):
                t += r.uniform(*typing)
                t = self.req(t, "POST", "/login", lq, 200, 9388, HTML, body=r.randint(150, 190),
                             ref=BASE + "/login?" + lq, auth=False)
            t += r.uniform(*typing)
            t = self.req(t, "POST", "/login", lq, 302, 0, None, body=r.randint(150, 190), ref=BASE + "/login?" + lq,
                         auth=False)
            self.cog.append(("cognito", b64(r, 66)))
            cb_ref = BASE + "/login?" + lq
        cq = "code=%s&state=%s" % (b64(r, 27), state)
        t = self.req(t + r.uniform(0.05, 0.2), "GET", "/auth/callback", cq, 200, 2310, HTML, ref=cb_ref, auth=False)
        t = self.req(t + 0.05, "GET", "/config.json", "", 200, 644, JSON, ref=BASE + "/auth/callback?" + cq, auth=False)
        t = self.req(t, "POST", "/oauth2/token", "", 200, 3912, JSON, body=r.randint(1050, 1150),
                     ref=BASE + "/auth/callback?" + cq, auth=False)
        self.token, self.token_t = b64(r, 48), t
        self.tokens.append((t, self.token))
        self.route = "/"
        t = self.req(t, "POST", "/api/session", "", 201, 164, JSON, body=2)
        sid = "%032x" % r.getrandbits(128)
        self.pw = (sid, self.login)
        self.sessions.append(sid)
        t = self.req(t + 0.02, "GET", "/api/me", "", 200, r.randint(780, 1100), JSON)
        self.next_poll = t + r.uniform(200, 300)
        return t

    def ensure_token(self, t):
        if self.token and t - self.token_t > 3300:
            t = self.req(t, "POST", "/oauth2/token", "", 200, 3870, JSON, body=self.rng.randint(1800, 1900), auth=False)
            self.token, self.token_t = b64(self.rng, 48), t
            self.tokens.append((t, self.token))
        return t

    def api(self, t, method, path, query="", status=200, size=None, ctype=JSON, body=0, route=None, extra=None,
            ref="route", err=0.002):
        if route:
            self.route = route
        t = self.ensure_token(t)
        if size is None:
            size = int(self.rng.lognormvariate(8.2, 0.7))
        if status < 300 and self.rng.random() < err:
            status, size, ctype = 500, 112, JSON
        return self.req(t, method, path, query, status, size, ctype, body=body, ref=ref, extra=extra)

    def idle(self, t0, t1, awake=True):
        """The tab stays open between t0 and t1: notification polls and silent token refreshes."""
        if self.pw is None:
            return
        if not awake:
            self.next_poll = max(self.next_poll, t1 + self.rng.uniform(1, 20))
            return
        while self.next_poll < t1:
            tp = max(self.next_poll, t0)
            tp = self.ensure_token(tp)
            self.req(tp, "GET", "/api/notifications", "since=%d" % int((tp - 300) * 1000), 200,
                     self.rng.choice([41, 41, 41, 388, 702]), JSON)
            self.next_poll = tp + self.rng.uniform(296, 306)

    def sign_out(self, t):
        r = self.rng
        t = self.api(t, "DELETE", "/api/session", status=204, size=0, ctype=None, err=0)
        self.pw, self.token = None, None
        here = BASE + self.route
        t = self.req(t + 0.05, "GET", "/logout", "client_id=%s&logout_uri=%s" % (CLIENT_ID, quote(BASE + "/signed-out", safe="")),
                     302, 0, None, ref=here, auth=False)
        self.cog = []
        t = self.req(t + r.uniform(0.05, 0.2), "GET", "/signed-out", "", 200, 2310, HTML, ref=here, auth=False)
        self.next_poll = 1e18
        return t
