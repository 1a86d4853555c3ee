"""Events and a small browser model for Wayfinder (Phoenix LiveView app)."""
import math

from .world import BASE

ASSETS = [("/assets/app-9c41e07d2b6a5f38e1d0c7a4b2f96e13.css", "text/css", 61840),
          ("/assets/app-3f7a2c9e1b8d4065a7e2f1c0d9b8a736.js", "text/javascript", 318772),
          ("/fonts/inter-var-5d1b8e0a.woff2", "font/woff2", 97312),
          ("/images/wayfinder-mark-0be8a1f4.svg", "image/svg+xml", 4108)]


class Ev:
    __slots__ = ("t", "dur", "ip", "method", "path", "query", "status", "size", "ua", "ref", "user", "ctype",
                 "cache", "actor")

    def __init__(self, t, dur, ip, method, path, query, status, size, ua, ref, user, ctype, cache, actor):
        self.t, self.dur, self.ip, self.method, self.path, self.query = t, dur, ip, method, path, query
        self.status, self.size, self.ua, self.ref, self.user = status, size, ua, ref, user
        self.ctype, self.cache, self.actor = ctype, cache, actor


def lognorm(rng, median, sigma):
    return median * math.exp(rng.gauss(0, sigma))


def hexs(rng, n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def b64s(rng, n):
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(n))


class Browser:
    """One client (address + user agent) acting for `user`; `actor` tags who really acts (for labels)."""

    def __init__(self, out, rng, ip, ua, user, t, actor, cached=False, assets=True):
        self.out, self.rng, self.ip, self.ua, self.user, self.t, self.actor = out, rng, ip, ua, user, t, actor
        self.ref = None
        self.have_assets = cached or not assets
        self.signed = False

    def hit(self, method, path, query="", status=200, size=None, ctype="text/html; charset=utf-8", ref="__page",
            user=True, cache="PASS", dur=None, adv=None):
        rng = self.rng
        if size is None:
            size = int(lognorm(rng, 24000, 0.35)) if ctype.startswith("text/html") else int(lognorm(rng, 2200, .5))
        if dur is None:
            dur = lognorm(rng, 0.11 if cache == "PASS" else 0.004, 0.6)
        r = self.ref if ref == "__page" else ref
        u = self.user if (user and self.signed) else ""
        self.out.append(Ev(self.t, dur, self.ip, method, path, query, status, size, self.ua, r, u, ctype, cache,
                           self.actor))
        self.t += dur + (adv if adv is not None else rng.uniform(0.01, 0.12))

    def assets(self):
        if self.have_assets:
            return
        self.have_assets = True
        css = BASE + ASSETS[0][0]
        for i, (p, ct, sz) in enumerate(ASSETS):
            self.hit("GET", p, "", 200, sz, ct, ref=css if i == 2 else self.ref, user=False,
                     cache=self.rng.choice(["HIT", "HIT", "HIT", "MISS"]), adv=0.02)
        if self.rng.random() < 0.7:
            self.hit("GET", "/favicon.ico", "", 200, 15086, "image/vnd.microsoft.icon", ref=None, user=False,
                     cache="HIT", adv=0.01)

    def page(self, path, query="", live=False, status=200, size=None, thumbs=()):
        url = BASE + path + ("?" + query if query else "")
        self.hit("GET", path, query, status, size)
        if status == 200:
            self.ref = url
            self.assets()
            if live:
                self.hit("GET", "/live/websocket", "_csrf_token=%s&_track_static%%5B0%%5D=%s&_mounts=0&vsn=2.0.0"
                         % (b64s(self.rng, 44), "https%3A%2F%2F" + "wayfinder.meridianpeaks.org%2Fassets%2Fapp-9c41e07d2b6a5f38e1d0c7a4b2f96e13.css"),
                         101, 0, "-", ref=None, dur=self.rng.uniform(0.02, 0.09))
            for pid in thumbs:
                self.hit("GET", "/media/photos/%s.jpg" % pid, "s=thumb", 200, int(lognorm(self.rng, 6200, .25)),
                         "image/jpeg", cache=self.rng.choice(["HIT", "MISS", "MISS"]), adv=0.005)
        return url

    def xhr(self, method, path, query="", status=200, size=None, ctype="application/json"):
        self.hit(method, path, query, status, size, ctype)

    def think(self, median, sigma=0.6):
        self.t += lognorm(self.rng, median, sigma)

    def signin(self, auth, mfa=False, landing=True, fail_first=False):
        rng = self.rng
        if landing:
            self.hit("GET", rng.choice(["/", "/", "/dashboard"]), "", 302, 0, ref=None)
        self.page("/login")
        self.think(3, .5)
        if auth == "classlink":
            self.hit("GET", "/auth/classlink", "", 302, 0)
            self.t += lognorm(rng, 4, .5)
            self.signed = True
            self.hit("GET", "/auth/classlink/callback", "code=%s&state=%s" % (b64s(rng, 32), b64s(rng, 24)), 302, 0,
                     ref="https://launchpad.classlink.com/")
        else:
            if fail_first:
                self.hit("POST", "/login", "", 200, int(lognorm(rng, 9800, .1)))
                self.think(6, .4)
            if mfa:
                self.hit("POST", "/login", "", 302, 0)
                self.signed = True
                self.mfa(approve=True)
            else:
                self.signed = True
                self.hit("POST", "/login", "", 302, 0)
        self.page("/dashboard", live=True)

    def mfa(self, approve=True, polls=None):
        rng = self.rng
        tx = b64s(rng, 22)
        self.page("/login/mfa")
        n = polls if polls is not None else rng.randint(1, 4)
        for i in range(n):
            self.t += 2.0 + rng.uniform(0, .2)
            last = i == n - 1
            state = ("approved" if approve else rng.choice(["denied", "timeout", "timeout"])) if last else "pending"
            self.xhr("GET", "/login/mfa/poll", "tx=" + tx, 200, {"pending": 19, "approved": 20}.get(state, 18))
        if approve:
            self.hit("GET", "/login/mfa/complete", "tx=" + tx, 302, 0)
        return tx

    def signout(self):
        self.hit("POST", "/logout", "", 302, 0)
        self.signed = False
        self.page("/login", query="signed_out=1")
