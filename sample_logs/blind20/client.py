"""Events and a browser/script client that emits them (sign-in flows, pages, assets, XHRs, pings)."""
import base64
from urllib.parse import quote

from .world import HOST

ASSET_VER = "v26.11.2"
ASSETS = [("/static/%s/css/trec.min.css" % ASSET_VER, "css", 48213), ("/static/%s/js/htmx.min.js" % ASSET_VER, "js", 16514),
          ("/static/%s/js/trec.min.js" % ASSET_VER, "js", 91377),
          ("/static/%s/fonts/SourceSans3-Regular.woff2" % ASSET_VER, "woff2", 40212), ("/favicon.ico", "ico", 5430)]
SESSION_IDLE, SESSION_MAX = 1800, 36000


class Ev:
    __slots__ = ("t", "dur", "ip", "port", "dev", "m", "uri", "st", "size", "ref", "user", "sess", "setck", "loc",
                 "ct", "msgs", "static", "tag", "auth", "xhr", "node", "hv", "host", "extra", "seq")


def b64(rng, n):
    return base64.urlsafe_b64encode(rng.getrandbits(8 * n).to_bytes(n, "big")).decode().rstrip("=")


def url(uri):
    return "https://" + HOST + uri


class Client:
    def __init__(self, G, dev, ip, t, tag=None, host=HOST):
        self.G, self.dev, self.ip, self.t, self.tag, self.host = G, dev, ip, t, tag, host
        self.rng = G.rng
        self.user = self.sess = self.ref = None
        self.cached = False
        self.port = self.rng.randint(49152, 65535)
        self.node = self.rng.randrange(2)
        self.alive = False
        self.login_t = self.last = t
        self.cred = None
        self.hv = "1.1"
        self.extra = None
        self.speed = 1.0

    # ---- low level
    def req(self, m, uri, st=200, ct="html", size=None, ref=None, xhr=False, static=False, setck=None, loc=None,
            msgs=None, dur=None, auth=None, extra=None, noref=False):
        r = self.rng
        if self.t - self.last > 5 or r.random() < 0.04:
            self.port = r.randint(49152, 65535) if r.random() < 0.9 else r.randint(1025, 49151)
        e = Ev()
        e.t, e.ip, e.port, e.dev, e.m, e.uri, e.st, e.ct = self.t, self.ip, self.port, self.dev, m, uri, st, ct
        if size is None:
            size = r.randint(9000, 64000) if ct == "html" else r.randint(60, 2400)
        if st in (301, 302, 303):
            size, ct = 189 + len(loc or ""), "html"
        elif st == 304:
            size = 0
        e.size = size
        e.ref = None if noref else (ref if ref is not None else self.ref)
        e.user, e.sess, e.setck, e.loc, e.msgs = self.user, self.sess, setck, loc, msgs
        e.static, e.tag, e.auth, e.xhr, e.node, e.hv, e.host = static, self.tag, auth, xhr, self.node, self.hv, self.host
        e.extra = extra if extra is not None else self.extra
        if dur is None:
            dur = 0.002 + r.random() * 0.01 if static else 0.03 + r.expovariate(1 / 0.18) + size / 4e6
        e.dur = dur
        e.seq = len(self.G.events)
        self.G.events.append(e)
        self.t += dur + (0.01 + r.random() * 0.08 if (static or xhr) else 0.05 + r.random() * 0.3)
        self.last = self.t
        return e

    def wait(self, s):
        self.t += s

    def pause(self, lo, hi):
        self.t += self.rng.uniform(lo, hi) * self.speed

    def cookie(self, name, val):
        if val is None:
            return "%s=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/" % name
        if name == "session":
            return "session=%s; Secure; HttpOnly; Path=/; SameSite=Lax" % val
        return "%s=%s; Secure; Path=/; SameSite=Lax" % (name, val)

    def new_sess(self):
        r = self.rng
        return ".eJ" + b64(r, r.randint(30, 54)) + "." + b64(r, 6) + "." + b64(r, 20)

    # ---- browser behaviour
    def assets(self, force=False):
        if not self.dev.assets:
            return
        if not self.cached or force:
            for a, ct, sz in ASSETS:
                self.req("GET", a, ct=ct, size=sz, static=True)
            self.cached = True
        elif self.rng.random() < 0.02:
            a, ct, sz = ASSETS[self.rng.randrange(3)]
            self.req("GET", a, st=304, ct=ct, static=True)

    def expired(self):
        if not self.alive:
            return True
        if self.t - self.last > SESSION_IDLE or self.t - self.login_t > SESSION_MAX:
            self.alive = False
        return not self.alive

    def page(self, uri, ct="html", size=None, st=200, m="GET", notify=True, msgs=None, loc=None, xhr=False):
        if self.expired() and self.cred is not None:
            self.req("GET", uri, st=302, loc="/auth/login?next=" + quote(uri, safe=""))
            self.ref = None
            self.sign_in(*self.cred, start=None, nxt=uri)
            return self.page(uri, ct, size, st, m, notify, msgs, loc, xhr)
        e = self.req(m, uri, st=st, ct=ct, size=size, msgs=msgs, loc=loc, xhr=xhr)
        if ct == "html" and st == 200 and not xhr:
            self.assets()
            self.ref = url(uri)
            if notify and self.dev.browser:
                self.req("GET", "/sis/api/notify/count", ct="json", size=self.rng.randint(18, 40), xhr=True)
        return e

    def xhr(self, uri, ct="json", size=None, m="GET", st=200):
        return self.req(m, uri, st=st, ct=ct, size=size, xhr=True)

    def idle(self, until, step=300):
        """Open tab: keepalive ping every 5 min until `until` (browser desktop devices only)."""
        r = self.rng
        if self.dev.mobile or not self.dev.browser:
            self.t = max(self.t, until)
            return
        while self.t + step < until:
            self.t += step + r.uniform(-0.4, 1.2)
            if not self.alive:
                break
            if self.t - self.login_t > SESSION_MAX:
                self.req("GET", "/sis/api/ping", st=401, ct="json", size=31, xhr=True)
                self.alive = False
                break
            self.req("GET", "/sis/api/ping", ct="json", size=16, xhr=True)
        self.t = max(self.t, until)

    def think(self, lo, hi):
        self.idle(self.t + self.rng.uniform(lo, hi))

    # ---- sign-in flows
    def sign_in(self, login, method="local", mfa=False, fails=0, domain=None, start="/", nxt=None):
        r = self.rng
        self.cred = (login, method, mfa, 0, domain)
        if start:
            self.req("GET", start, st=302, loc="/auth/login", noref=True)
        lp = "/auth/login" if not nxt else "/auth/login?next=" + quote(nxt, safe="")
        if self.sess is None:
            self.sess = self.new_sess()
            self.req("GET", lp, setck=[self.cookie("session", self.sess)])
        else:
            self.req("GET", lp)
        self.assets()
        self.ref = url(lp)
        if method == "google":
            self.pause(1.5, 6)
            st = b64(r, 22)
            self.req("GET", "/auth/google/start", st=302,
                     loc="https://accounts.google.com/o/oauth2/v2/auth?response_type=code&client_id=48213977"
                         "0412-trecrecords.apps.googleusercontent.com&state=" + st)
            self.pause(2, 14)
            cb = ("/auth/google/callback?state=%s&code=4%%2F0Ab%s&scope=email+openid+https%%3A%%2F%%2Fwww.googleapis"
                  ".com%%2Fauth%%2Fuserinfo.email&authuser=0&hd=%s&prompt=none" % (st, b64(r, 52), domain))
            self.ref = "https://accounts.google.com/"
            self._success(cb)
            return True
        for i in range(fails):
            self.pause(4, 14)
            err = "locked" if i >= 4 else "invalid"
            lu = "/auth/login?err=%s&last=%s" % (err, quote(login, safe=""))
            self.req("POST", "/auth/login", st=302, loc=lu)
            self.req("GET", lu)
            self.ref = url(lu)
            if i >= 4:
                return False
        self.pause(3, 12)
        if mfa:
            self.req("POST", "/auth/login", st=302, loc="/auth/mfa")
            self.req("GET", "/auth/mfa")
            self.ref = url("/auth/mfa")
            self.pause(6, 28)
            self._success(None, "POST", "/auth/mfa")
        else:
            self._success(None, "POST", "/auth/login")
        return True

    def _success(self, cb, m="GET", path=None):
        login = self.cred[0]
        self.sess = self.new_sess()
        ck = [self.cookie("session", self.sess), self.cookie("sis_user", login)]
        self.req(m, cb or path, st=302, loc="/sis/home", setck=ck)
        self.user = login
        self.alive = True
        self.login_t = self.t
        if self.speed >= 0.5 or self.rng.random() < 0.5:
            self.page("/sis/home")

    def logout(self):
        self.req("GET", "/auth/logout", st=302, loc="/auth/login?bye=1",
                 setck=[self.cookie("session", None), self.cookie("sis_user", None)])
        self.user = self.sess = None
        self.alive = False
        self.cred = None
        self.sess = self.new_sess()
        self.req("GET", "/auth/login?bye=1", setck=[self.cookie("session", self.sess)])
        self.ref = None
