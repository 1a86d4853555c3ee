"""A browser (or script) talking to Beacon through the ALB: cookies, forms-auth expiry, cache, SignalR, events."""
from . import app
from .app import ORIGIN, TIMEOUT

TLS = {"browser": ("TLS_AES_128_GCM_SHA256", "TLSv1.3"), "py": ("TLS_AES_256_GCM_SHA384", "TLSv1.3"),
       "ps": ("ECDHE-RSA-AES256-GCM-SHA384", "TLSv1.2"), "java": ("ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2")}
PUBLIC = {"login", "public_rc"}


class Ev:
    __slots__ = ("t", "d", "m", "stem", "q", "st", "sub", "w32", "out", "inb", "ip", "port", "node", "srv",
                 "ua", "ck", "ref", "user", "acct", "kind", "xff", "tls")


class Browser:
    """One browser run (or one script run) of one account on one device and network."""

    def __init__(self, sink, w, rng, ip, device=None, ua=None, acct=None, script=False, xff=None,
                 jar=True, tls="browser", transport="webSockets", nocache=False, ga=True):
        self.sink, self.w, self.r, self.ip, self.acct, self.xff = sink, w, rng, ip, acct, xff
        self.device = device
        self.ua = device.ua if device else ua
        self.cache = {} if (device is None or nocache) else device.cache
        self.script, self.jar, self.tls = script, jar, TLS[tls]
        self.kind = "https" if script else "h2"
        self.transport = transport
        self.sid = self.auth = self.rvt = None
        self.auth_until = self.auth_t = self.last_auth = 0.0
        self.ga = None
        if ga and not script and device is not None:
            self.ga = device.cache.setdefault("_ga", f"GA1.3.{rng.randrange(10 ** 8, 10 ** 9)}.{1700000000 + rng.randrange(10 ** 7)}")
        self.cur, self.hub, self.conn, self.nonce = None, None, None, 0
        self.fails, self.tabs = 0, 1

    # ------------------------------------------------------------------ low level
    def authed(self, t):
        return self.auth is not None and t <= self.auth_until

    def cookie(self):
        if not self.jar:
            return "-"
        parts = []
        if self.ga:
            parts.append("_ga=" + self.ga)
        if self.sid:
            parts.append("ASP.NET_SessionId=" + self.sid)
        if self.rvt:
            parts.append("__RequestVerificationToken=" + self.rvt)
        if self.auth:
            parts.append(".ASPXAUTH=" + self.auth)
        return ";+".join(parts) if parts else "-"

    def emit(self, t, m, stem, qs="", st=200, size=300, dur=None, ref=None, api=False, inb=0, sub=0, w32=0,
             kind=None, svc="page"):
        r = self.r
        if dur is None:
            dur = app.svc(svc, size, r)
        e = Ev()
        e.t, e.d, e.m, e.stem, e.q, e.st, e.sub, e.w32, e.out = t, dur, m, stem, qs, st, sub, w32, size
        e.ip, e.xff, e.ua, e.tls, e.kind = self.ip, self.xff, self.ua, self.tls, kind or self.kind
        c = self.conn
        if c is None or t - c[2] > 60.0 or (self.script and not self.jar):
            c = self.conn = [r.randrange(1024, 65535), r.randrange(3), t]
        c[2] = max(c[2], t + dur)
        e.port, e.node, e.srv = c[0], c[1], r.randrange(2)
        user = "-"
        if self.acct is not None and self.authed(t) and not app.static(stem):
            user = self.acct.api_name if api else self.acct.log_name
            self.auth_until = max(self.auth_until, t + TIMEOUT)
            if t - self.auth_t > TIMEOUT / 2:          # forms-auth renews the ticket past half its life
                self.auth, self.auth_t = app.hexs(64, self.ip, self.acct.email, t), t
        e.user, e.acct = user, (self.acct.email if self.acct is not None else None)
        e.ck = self.cookie()
        e.ref = ref or "-"
        e.inb = inb + 190 + len(stem) + len(qs) + len(self.ua) + len(e.ck) + (len(e.ref) if ref else 0) + \
            (0 if self.script else 260)
        self.sink.append(e)
        if self.sid is None and self.jar and not app.static(stem):
            self.sid = "".join(r.choice("abcdefghijklmnopqrstuvwxyz012345") for _ in range(24))
        return t + dur

    def login_ok(self, t):
        self.auth = app.hexs(64, self.sid, t, self.ua)
        self.auth_t, self.auth_until = t, t + TIMEOUT

    # ------------------------------------------------------------------ pages
    def assets(self, t, groups, ref):
        dep, r, end, k = self.w.deploy(t), self.r, t, 0
        for g in groups:
            for stem, qs, size, kind in dep.groups[g]:
                key = stem + qs
                st = 200
                if kind == "v" and key in self.cache:
                    continue
                if kind == "s" and key in self.cache:
                    if r.random() > 0.012:
                        continue
                    st, size = 304, 212
                self.cache[key] = 1
                k += 1
                end = max(end, self.emit(t + 0.015 * k + r.random() * 0.04, "GET", stem, qs, st, size,
                                         ref=ref, svc="static" if app.static(stem) else "tiny"))
        return end

    def xhr(self, t, x, ref):
        m, stem, qs, size, body, api = x
        svc = "api"
        if stem == "/graphql":
            body, size = app.gql(*body)
            svc = "gql"
        self.nonce += 1
        return self.emit(t, m, stem, qs.replace("{n}", str(self.nonce)), 200, size, ref=ref, api=api, inb=body,
                         svc=svc)

    def open(self, t, kind, ref="cur", method="GET", body=0, **a):
        """Navigate to a page (signing in first if the session has expired); returns when the page is ready."""
        stem, qs, size, groups, xhrs, hub = app.page(kind, a)
        url = ORIGIN + stem + ("?" + qs if qs else "")
        ref = self.cur if ref == "cur" else ref
        self.leave(t)
        if kind not in PUBLIC and not self.authed(t):
            t = self.emit(t, method, stem, qs, 302, 431, ref=ref, svc="tiny") + 0.03
            t = self.signin(t, app.q(stem + ("?" + qs if qs else "")), ref)
            ref, method = self.cur, "GET"
        end = self.emit(t, method, stem, qs, 404 if kind == "error404" else 200, size, ref=ref, inb=body)
        self.nonce = int(end * 1000)
        if self.script:
            self.cur = url
            return end
        ready = self.assets(end + 0.03, groups, url)
        for i, x in enumerate(xhrs):
            ready = max(ready, self.xhr(end + 0.35 + 0.05 * i + self.r.random() * 0.2, x, url))
        if hub:
            ready = max(ready, self.hub_start(end + 0.4, hub, url))
        self.cur = url
        return ready

    def postback(self, t, kind, size_delta=0, **a):
        """A WebForms __doPostBack: POST to the same .aspx URL carrying the view state."""
        stem, qs, size, groups, _, _ = app.page(kind, a)
        url = ORIGIN + stem + ("?" + qs if qs else "")
        body = 5200 + app.hx(stem, qs) % 9000
        if not self.authed(t):
            return self.open(t, kind, method="POST", body=body, **a)
        end = self.emit(t, "POST", stem, qs, 200, size + size_delta, ref=url, inb=body)
        self.cur = url
        return end

    def download(self, t, file, size, ref="cur", svc="pdf"):
        ref = self.cur if ref == "cur" else ref
        if not self.authed(t):
            return self.open(t, "login", query=f"ReturnUrl={app.q('/Handlers/Download.ashx?file=' + file)}")
        return self.emit(t, "GET", "/Handlers/Download.ashx", "file=" + file, 200, size, ref=ref, svc=svc)

    # ------------------------------------------------------------------ sign-in
    def login_page(self, t, query="", ref=None):
        t = self.open(t, "login", ref=ref, query=query)
        self.rvt = app.token(40, self.sid, t)
        return t

    def post_login(self, t, query, ok=True, locked=False):
        body = 230 + len(self.acct.email if self.acct else "x" * 22)
        if locked:
            return self.emit(t, "POST", "/Account/Login", query, 200, 7312 + self.r.randrange(30), ref=self.cur,
                             inb=body, svc="login")
        if not ok:
            return self.emit(t, "POST", "/Account/Login", query, 200, 9947 + self.r.randrange(40), ref=self.cur,
                             inb=body, svc="login")
        end = self.emit(t, "POST", "/Account/Login", query, 302, 612, ref=self.cur, inb=body, svc="login")
        self.login_ok(end)
        return end

    def signin(self, t, ret="%2f", ref=None):
        """The login form as a person uses it: typos, lockouts. Returns when the 302 back arrives."""
        query = f"ReturnUrl={ret}"
        t = self.login_page(t, query, ref)
        r = self.r
        while True:
            t += r.uniform(4.0, 14.0)
            lock = self.acct.locked(t)
            if lock:
                t = self.post_login(t, query, locked=True)
                t = max(t, lock) + r.uniform(60, 900)
                t = self.login_page(t, query, self.cur)
                continue
            if self.fails > 0:
                self.fails -= 1
                t = self.post_login(t, query, ok=False)
                continue
            return self.post_login(t, query) + 0.03

    def forgot(self, t):
        r = self.r
        t = self.emit(t, "GET", "/Account/ForgotPassword", "", 200, 8120, ref=self.cur)
        self.cur = ORIGIN + "/Account/ForgotPassword"
        t = self.emit(t + r.uniform(8, 25), "POST", "/Account/ForgotPassword", "", 302, 560, ref=self.cur, inb=250)
        t = self.emit(t + 0.05, "GET", "/Account/ForgotPasswordConfirmation", "", 200, 7380, ref=self.cur)
        code = app.token(68, self.acct.email, t)
        t += r.uniform(40, 300)                       # waiting for the e-mail
        qs = f"userId={app.token(8, self.acct.email)}-{app.hexs(4, t)}&code={code}"
        t = self.emit(t, "GET", "/Account/ResetPassword", qs, 200, 8570, ref=None)
        self.cur = ORIGIN + "/Account/ResetPassword?" + qs
        t = self.emit(t + r.uniform(15, 50), "POST", "/Account/ResetPassword", qs, 302, 590, ref=self.cur, inb=420)
        t = self.emit(t + 0.05, "GET", "/Account/ResetPasswordConfirmation", "", 200, 7410, ref=self.cur)
        self.cur = ORIGIN + "/Account/ResetPasswordConfirmation"
        self.fails = 0
        return t

    def logoff(self, t):
        self.leave(t)
        t = self.emit(t, "POST", "/Account/LogOff", "", 302, 420, ref=self.cur, inb=180, svc="tiny")
        self.auth = None
        return self.login_page(t + 0.03, "", self.cur)

    def close(self, t):
        """The browser (or tab) is closed: an open WebSocket ends, the session cookie is gone."""
        self.leave(t)
        self.cur = None

    # ------------------------------------------------------------------ SignalR and idle time
    def hub_conn_qs(self):
        h = self.hub
        return (f"clientProtocol=1.5&connectionToken={h['tok']}&connectionData=%5B%7B%22name%22%3A%22"
                f"{h['name'].lower()}%22%7D%5D")

    def hub_start(self, t, name, ref):
        r = self.r
        self.nonce += 1
        cd = f"%5B%7B%22name%22%3A%22{name.lower()}%22%7D%5D"
        t = self.emit(t, "GET", "/signalr/negotiate", f"clientProtocol=1.5&connectionData={cd}&_={self.nonce}",
                      200, 512, ref=ref, svc="tiny")
        tok = app.q(app.token(72, self.sid, t) + "==")
        self.hub = {"name": name, "tok": tok, "ws": self.transport == "webSockets", "start": t, "msg": 0,
                    "ref": ref, "tid": r.randrange(11), "last": t}
        cq = self.hub_conn_qs()
        if self.hub["ws"]:
            self.hub["tid_q"] = f"transport=webSockets&{cq}&tid={self.hub['tid']}"
        else:
            t = self.emit(t + 0.02, "GET", "/signalr/connect", f"transport=longPolling&{cq}&tid={self.hub['tid']}&_={self.nonce}",
                          200, 420, ref=ref, svc="tiny")
        self.nonce += 1
        tr = "webSockets" if self.hub["ws"] else "longPolling"
        return self.emit(t + 0.03, "GET", "/signalr/start", f"transport={tr}&{cq}&_={self.nonce}", 200, 254,
                         ref=ref, svc="tiny")

    def leave(self, t):
        h = self.hub
        if not h:
            return
        self.hub = None
        if h["ws"]:
            d = max(0.5, t - h["start"])
            self.hub = None
            self.emit(h["start"], "GET", "/signalr/connect", h["tid_q"], 101, 900 + int(d / 30) * 60, dur=d,
                      ref=None, sub=0, w32=64, kind="wss" if not self.script else None)
        else:
            self.hub = h
            self.emit(t, "POST", "/signalr/abort", f"transport=longPolling&{self.hub_conn_qs()}", 200, 190,
                      ref=h["ref"], inb=40, svc="tiny")
            self.hub = None

    def idle(self, t, until):
        """The page stays open from t to until: SignalR keeps polling (and the session alive); other pages
        time out after 20 minutes and the script sends the tab back to the login page."""
        r, h = self.r, self.hub
        if h is not None:
            if h["ws"]:
                p = t + 300.0 - (t - h["start"]) % 300.0
                while p < until:
                    self.nonce += 1
                    self.emit(p, "GET", "/signalr/ping", f"_={self.nonce}", 200, 191, ref=h["ref"], svc="tiny")
                    p += 300.0 + r.uniform(-0.2, 0.4)
            else:
                p = max(t, h["last"])
                while p < until:
                    d = min(110.0 + r.uniform(0.0, 0.6), until - p)
                    h["msg"] += 1
                    self.emit(p, "GET", "/signalr/poll",
                              f"transport=longPolling&messageId=d-{app.hexs(8, h['tok'])}-B%2C{h['msg']}&{self.hub_conn_qs()}"
                              f"&tid={h['tid']}&_={self.nonce}", 200, 240 + r.randrange(160), dur=d, ref=h["ref"])
                    self.nonce += 1
                    p += d + r.uniform(0.05, 0.3)
                h["last"] = p
            return
        if self.authed(t) and until > self.auth_until + 2 and self.cur and "/Account/" not in self.cur:
            exp = self.auth_until + r.uniform(1.0, 4.0)
            back = self.cur.replace(ORIGIN, "")
            self.open(exp, "login", ref=self.cur, query=f"ReturnUrl={app.q(back)}&expired=1")
