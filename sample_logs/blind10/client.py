"""Request events and a small browser model of the Lodestar SIS (PHP 7.4 on Apache httpd 2.4)."""
import string

from . import world as W

B64 = string.ascii_letters + string.digits + "-_"
HOME = "/lodestar/index.php?page=home"
LOGIN = "/lodestar/index.php?page=login"
ASSETS = [("/lodestar/css/lodestar.css?v=%s" % W.VER, 48211), ("/lodestar/css/jquery-ui.min.css", 32076),
          ("/lodestar/js/jquery-1.12.4.min.js", 97163), ("/lodestar/js/jquery-ui-1.12.1.min.js", 253669),
          ("/lodestar/js/lodestar.js?v=%s" % W.VER, 61842), ("/lodestar/img/lodestar-logo.png", 9240),
          ("/lodestar/img/sprites.png", 18411), ("/favicon.ico", 5430)]
PRINT_ASSETS = [("/lodestar/css/print.css?v=%s" % W.VER, 7233)]
# kind -> (median bytes, sigma, median duration us, sigma)
KIND = {"page": (24000, 0.4, 120000, 0.6), "ajax": (900, 0.8, 35000, 0.6), "redir": (0, 0, 4000, 0.5),
        "post": (0, 0, 160000, 0.5), "print": (52000, 0.35, 700000, 0.5), "export": (180000, 1.2, 4000000, 0.9),
        "api": (240000, 0.3, 900000, 0.4), "static": (0, 0, 900, 0.5), "health": (2, 0, 2000, 0.4),
        "small": (6200, 0.1, 20000, 0.5), "login": (7400, 0.02, 30000, 0.4)}
ERR_SIZE = {403: 3112, 404: 6204, 500: 1876, 401: 381, 503: 299, 400: 226}


class Ev:
    __slots__ = ("t", "chain", "user", "method", "target", "status", "size", "ref", "ua", "dur", "srv", "proto", "tag")

    def __init__(self, t, chain, user, method, target, status, size, ref, ua, dur, srv, proto="HTTP/1.1", tag=None):
        self.t, self.chain, self.user, self.method, self.target = t, chain, user, method, target
        self.status, self.size, self.ref, self.ua, self.dur, self.srv = status, size, ref, ua, dur, srv
        self.proto, self.tag = proto, tag

    @property
    def end(self):
        return self.t + self.dur / 1e6


def token(rng, n):
    return "".join(rng.choice(B64) for _ in range(n))


def oidc_callback(rng):
    return ("/oidc/redirect_uri?state=%s&code=4%%2F0A%s&scope=email+openid+https%%3A%%2F%%2Fwww.googleapis.com"
            "%%2Fauth%%2Fuserinfo.email&authuser=0&hd=%s&prompt=none" % (token(rng, 43), token(rng, 62), W.DOMAIN))


OIDC_LOGOUT = "/oidc/redirect_uri?logout=https%3A%2F%2Flodestar.saukbend214.org%2Flodestar%2Findex.php%3Fpage%3Dlogin%26bye%3D1"


class Client:
    """One browser (or script) with its address chain, user agent, cookie state and current page."""

    def __init__(self, out, rng, chain, ua, user="-", srv=None, assets=True, referer=True, tag=None):
        self.out, self.rng, self.chain, self.ua, self.user = out, rng, tuple(chain), ua, user
        self.tag = tag
        self.srv = srv or rng.choice(W.SERVERS)
        self.ref = "-"
        self.loaded = not assets          # scripts never fetch assets
        self.send_ref = referer
        self.cached = rng.random() < 0.7
        self.revalidate = assets

    def hit(self, t, method, target, status=200, kind="page", ref=None, user=None, size=None, dur=None,
            proto="HTTP/1.1"):
        rng = self.rng
        mb, sb, md, sd = KIND[kind]
        if size is None:
            if status in ERR_SIZE and kind not in ("redir", "post"):
                size = ERR_SIZE[status]
            else:
                size = int(mb * rng.lognormvariate(0, sb)) if mb else 0
        if dur is None:
            dur = int(md * rng.lognormvariate(0, sd)) + 150
            if status == 500:
                dur = int(dur * 3 + 30000)
        if ref is None:
            ref = self.ref if self.send_ref else "-"
        self.out.append(Ev(t, self.chain, self.user if user is None else user, method, target, status, size,
                           ref, self.ua, dur, self.srv, proto, self.tag))
        return t + dur / 1e6

    def load_assets(self, t, page_url, lst=ASSETS):
        rng = self.rng
        css = W.ORIGIN + lst[0][0]
        for path, size in lst:
            t += rng.uniform(0.004, 0.06)
            ref = css if path.endswith("sprites.png") else page_url
            st = 304 if self.cached else 200
            self.hit(t, "GET", path, st, "static", ref=ref, size=0 if st == 304 else size)
        self.loaded = True
        return t + rng.uniform(0.05, 0.3)

    def page(self, t, target, status=200, kind="page", method="GET", assets=None, ref=None, size=None):
        end = self.hit(t, method, target, status, kind, ref=ref, size=size)
        url = W.ORIGIN + target
        if status == 200 and kind in ("page", "print", "login"):
            if assets or (assets is None and not self.loaded):
                end = self.load_assets(end, url)
            elif kind == "print" and assets is None and self.rng.random() < 0.15:
                end = self.load_assets(end, url, PRINT_ASSETS)
            elif assets is None and self.revalidate and self.rng.random() < 0.33:
                # no Expires/Cache-Control on /lodestar/ statics: the browser revalidates some of them (304)
                for path, _ in self.rng.sample(ASSETS[:7], self.rng.randint(1, 4)):
                    end += self.rng.uniform(0.004, 0.05)
                    self.hit(end, "GET", path, 304, "static", ref=url, size=0)
            self.ref = url
        return end

    def ajax(self, t, target, method="GET", status=200, size=None):
        return self.hit(t, method, target, status, "ajax", size=size)

    def post_redirect(self, t, target, then, dwell=(4, 40)):
        """A form post answered with 302 and the page it redirects to."""
        t = self.hit(t + self.rng.uniform(*dwell), "POST", target, 302, "post")
        return self.page(t + 0.02, then)

    # --- sign-in / sign-out ------------------------------------------------------------------
    def sso_signin(self, t, login, landing=HOME, entry=None):
        rng = self.rng
        if entry is None:
            entry = rng.random() < 0.35
        if entry:
            t = self.hit(t, "GET", "/lodestar/", 302, "redir", user="-") + 0.03
        t = self.hit(t, "GET", landing, 302, "redir", user="-")
        t += rng.uniform(4, 25) if rng.random() < 0.15 else rng.uniform(0.5, 3.0)
        t = self.hit(t, "GET", oidc_callback(rng), 302, "redir", user="-", ref="https://accounts.google.com/")
        self.user = login
        self.ref = "https://accounts.google.com/"
        return self.page(t + 0.03, landing)

    def reauth(self, t, target, login):
        """Idle session expired (60 min): mod_auth_openidc sends the browser through Google silently."""
        self.user = "-"
        t = self.hit(t, "GET", target, 302, "redir")
        t = self.hit(t + self.rng.uniform(0.4, 1.8), "GET", oidc_callback(self.rng), 302, "redir",
                     ref="https://accounts.google.com/")
        self.user = login
        return self.page(t + 0.03, target, ref="https://accounts.google.com/")

    def form_signin(self, t, login, ok=True, typing=(4, 16), landing=HOME, show_form=True):
        rng = self.rng
        if show_form:
            t = self.page(t, LOGIN, kind="login", ref=self.ref if self.ref != "-" else "-")
        t += rng.uniform(*typing)
        t = self.hit(t, "POST", "/lodestar/auth/dologin", 302, "post", ref=W.ORIGIN + LOGIN, user=login)
        if ok:
            self.user = login
            return self.page(t + 0.02, landing, ref=W.ORIGIN + LOGIN)
        self.user = "-"
        return self.page(t + 0.02, LOGIN + "&err=1", kind="login", ref=W.ORIGIN + LOGIN)

    def signout(self, t, sso=True):
        t = self.hit(t, "GET", "/lodestar/index.php?page=logout", 302, "redir")
        self.user = "-"
        if sso:
            t = self.hit(t + 0.03, "GET", OIDC_LOGOUT, 302, "redir")
        return self.page(t + 0.03, LOGIN + "&bye=1", kind="login")
