"""Request events and a browser model (Turbo Drive visits, lazy Turbo Frames, assets, Action Cable, sign-in flows).

An event is one HTTP request as the app stack sees it; both renderings are made from the same events.
Fields: t (start, epoch s), dur, ip (client address as Rails/nginx resolve it), xff (X-Forwarded-For as received by
nginx), m (method on the wire), rm (method Rails sees after _method override), path (path+query), st (status nginx
logs), size, ref, ua, ru (user tag Rails computes at request start), nu (X-User-Id the app sets on the response),
kind (what Rails does), x (extras), actor (who really sent it: None or an abuse/look-alike key).
"""
import math

from .world import BASE, HOST

NO_HEADER = {"static", "nginx", "cable", "authfail", "notfound", "routing", "forbidden", "error", "omni_req", "health",
             "csrf", "signin_fail", "alb", "omni_fail", "signout"}
RAILS_SKIP = {"static", "nginx", "alb"}
DUR = {"page": (0.11, 0.5), "frame": (0.05, 0.5), "stream": (0.07, 0.45), "json": (0.06, 0.6), "pdf": (1.6, 0.45),
       "csv": (0.5, 0.7), "redirect": (0.06, 0.4), "static": (0.002, 0.8), "signin_ok": (0.31, 0.15),
       "signin_fail": (0.3, 0.15), "omni_cb": (0.42, 0.3), "api": (0.09, 0.6), "health": (0.003, 0.4)}
SIZE = {"page": (14000, 0.5), "frame": (4200, 0.7), "stream": (900, 0.5), "json": (9000, 0.8), "pdf": (78000, 0.4),
        "csv": (21000, 0.8), "api": (6000, 0.9), "signin_fail": (6100, 0.05), "notfound": (1722, 0.0),
        "forbidden": (2210, 0.05), "error": (1635, 0.0), "routing": (1722, 0.0)}
GOOGLE_SCOPE = ("email+profile+https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fuserinfo.email+openid+"
                "https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fuserinfo.profile")


class Ev:
    __slots__ = ("t", "dur", "ip", "xff", "m", "rm", "path", "st", "size", "ref", "ua", "ru", "nu", "kind", "x",
                 "actor", "rid", "proto", "seq")


def lognorm(rng, median, sigma):
    return median * math.exp(rng.gauss(0.0, sigma))


class Assets:
    """Digested asset paths per deploy (the window has one deploy, on day 1 at 21:40)."""

    NAMES = ["application.css", "application.js", "turbo.min.js", "stimulus.min.js", "stimulus-loading.js",
             "@rails/request.js", "controllers/index.js", "controllers/application.js",
             "controllers/gradebook_grid_controller.js", "controllers/search_controller.js",
             "controllers/attendance_controller.js", "controllers/dropdown_controller.js",
             "controllers/autosave_controller.js", "ledger-mark.svg", "inter-var.woff2"]

    def __init__(self, rng, deploy_t):
        self.deploy_t = deploy_t
        self.sets = []
        for _ in range(2):
            out = []
            for n in self.NAMES:
                stem, ext = n.rsplit(".", 1)
                out.append("/assets/%s-%064x.%s" % (stem, rng.getrandbits(256), ext))
            self.sets.append(out)
        self.warm = {}

    def epoch(self, t):
        return 1 if t >= self.deploy_t else 0


class Client:
    """One browser (or script) on one network; keeps sign-in state, current page, Action Cable socket."""

    def __init__(self, events, rng, ua, ip, xff=None, actor=None, device=None, assets=None, proto="HTTP/2.0",
                 accept_all=False, turbo=True):
        self.E, self.rng, self.ua, self.ip, self.actor = events, rng, ua, ip, actor
        self.xff = xff if xff else ip
        self.device, self.assets_db, self.proto = device, assets, proto
        self.uid, self.page, self.cable, self.accept_all, self.turbo = None, None, None, accept_all, turbo
        self.role, self.last = None, None

    def move(self, ip, xff=None):
        self.ip, self.xff = ip, (xff if xff else ip)

    def req(self, t, m, path, kind="page", st=200, size=None, dur=None, ref=0, rm=None, x=None, nu=0):
        rng = self.rng
        e = Ev()
        e.t, e.m, e.rm, e.path, e.kind, e.st, e.x = t, m, rm or m, path, kind, st, x
        e.ip, e.xff, e.ua, e.actor, e.proto = self.ip, self.xff, self.ua, self.actor, self.proto
        if dur is None:
            med, sg = DUR.get(kind, (0.05, 0.5))
            dur = lognorm(rng, med, sg)
        e.dur = dur
        if size is None:
            med, sg = SIZE.get(kind, (0, 0))
            size = int(lognorm(rng, med, sg)) if med else 0
        e.size = size
        e.ref = self.page if ref == 0 else ref
        e.ru = None if kind in ("api",) else self.uid
        if accept := self.accept_all:
            e.x = dict(x or {}, accept=accept)
        if kind == "signin_ok":
            self.uid = (x or {}).get("uid")
        if kind == "signout":
            self.uid = None
        e.nu = (None if kind in NO_HEADER else self.uid) if nu == 0 else nu
        e.seq, e.rid = len(self.E), None
        self.E.append(e)
        return t + dur

    # --- browser behaviour -------------------------------------------------------------------------------------
    def static(self, t, ref):
        if self.assets_db is None or self.device is None:
            return t
        ep = self.assets_db.epoch(t)
        if self.assets_db.warm.get(self.device) == ep:
            return t
        self.assets_db.warm[self.device] = ep
        end = t
        for i, p in enumerate(self.assets_db.sets[ep]):
            r = ref if not p.endswith(".woff2") else BASE + self.assets_db.sets[ep][0]
            kb = 1400 if p.endswith(".svg") else (41000 if p.endswith((".css", ".woff2")) else 6000)
            end = max(end, self.req(t + 0.01 * i + self.rng.uniform(0, 0.08), "GET", p, "static", 200,
                                    int(lognorm(self.rng, kb, 0.4)), ref=r, nu=None))
        if "iPhone" in self.ua and self.rng.random() < 0.5:
            for p in ("/apple-touch-icon-precomposed.png", "/apple-touch-icon.png"):
                self.req(end + 0.2, "GET", p, "routing", 404, ref=None)
        return end

    def cable_open(self, t):
        if self.cable is None and self.uid is not None:
            self.req(t, "GET", "/cable", "cable", 101, 0, dur=None, ref=None)
            self.cable = self.E[-1]
            self.cable.dur = None
            self.cable.x = {"uid": self.uid}

    def cable_close(self, t):
        if self.cable is not None:
            self.cable.dur = max(1.0, t - self.cable.t)
            self.cable.size = int(self.cable.dur * self.rng.uniform(2, 12)) + 180
            self.cable = None

    def visit(self, t, path, frames=(), kind="page", full=False, st=200, prefetch=False):
        """A Turbo Drive visit (or a full load when full=True); frames are lazy Turbo Frames fetched after it."""
        ref = self.page
        end = self.req(t, "GET", path, kind, st, ref=ref)
        if prefetch:
            return end
        if st >= 300 and kind != "page":
            return end
        self.page = BASE + path
        if full:
            self.cable_close(end)
            end = max(end, self.static(end + 0.01, self.page))
        if self.turbo:
            self.cable_open(end + self.rng.uniform(0.05, 0.4))
        for f in frames:
            end = max(end, self.req(end + self.rng.uniform(0.01, 0.2), "GET", f, "frame", ref=self.page))
        return end

    def frame(self, t, path, kind="frame", st=200):
        return self.req(t, "GET", path, kind, st, ref=self.page)

    def submit(self, t, path, loc, x=None, m="POST", rm=None, follow=True, frames=()):
        """Turbo form submission answered with 303, then the follow-up GET of the new location."""
        end = self.req(t, m, path, "redirect", 303, x=dict(x or {}, loc=loc), rm=rm)
        if follow:
            end = self.visit(end + 0.02, loc, frames)
        return end

    def think(self, median, sigma=0.8):
        return lognorm(self.rng, median, sigma)

    # --- sign-in ----------------------------------------------------------------------------------------------
    def sso(self, t, staff, from_root=True):
        rng = self.rng
        if from_root:
            t = self.req(t, "GET", "/", "authfail", 302, 0, ref=None, x={"loc": "/users/sign_in"}) + 0.05
        t = self.visit(t, "/users/sign_in", full=True) + lognorm(rng, 1.8, 0.6)
        t = self.req(t, "POST", "/users/auth/google_oauth2", "omni_req", 302, 0) + lognorm(rng, 3.5, 0.8)
        q = "state=%048x&code=4%%2F0Ab%s&scope=%s&authuser=0&hd=chestateeschools.org&prompt=%s" % (
            rng.getrandbits(192), "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789_-")
                                          for _ in range(70)), GOOGLE_SCOPE, rng.choice(["none", "consent", "none"]))
        t = self.req(t, "GET", "/users/auth/google_oauth2/callback?" + q, "omni_cb", 302, 0,
                     ref="https://accounts.google.com/", x={"loc": "/", "uid": staff.uid}, nu=staff.uid) + 0.03
        self.uid = staff.uid
        self.page = "https://accounts.google.com/"    # a redirect keeps the referrer of the callback request
        return self.visit(t, "/", DASH_FRAMES, full=True)

    def local(self, t, staff, ok=True, email=None, tries_bad=0):
        rng = self.rng
        t = self.visit(t, "/users/sign_in", full=self.page is None) + lognorm(rng, 7, 0.5)
        mail = email or staff.email
        for _ in range(tries_bad):
            t = self.req(t, "POST", "/users/sign_in", "signin_fail", 422, x={"email": mail}) + lognorm(rng, 6, 0.5)
        if not ok:
            return t
        t = self.req(t, "POST", "/users/sign_in", "signin_ok", 303, 0, x={"email": mail, "uid": staff.uid, "loc": "/"})
        return self.visit(t + 0.02, "/", DASH_FRAMES)

    def sign_in(self, t, staff, **kw):
        if self.uid == staff.uid:
            return t
        if staff.auth == "google":
            return self.sso(t, staff)
        r = self.rng.random()
        if r < 0.012:     # the sign-in form was left open for hours: stale CSRF token, then a fresh form
            t = self.req(t, "POST", "/users/sign_in", "csrf", 422, 0, x={"email": staff.email, "token": 1}) + 2
            self.page = None
        kw.setdefault("tries_bad", 2 if r > 0.985 else (1 if r > 0.93 else 0))
        return self.local(t, staff, **kw)

    def sign_out(self, t):
        end = self.req(t, "POST", "/users/sign_out", "signout", 303, 0, rm="DELETE", x={"loc": "/users/sign_in"})
        self.cable_close(end)
        return self.visit(end + 0.02, "/users/sign_in")

    def leave(self, t):
        """Closes the lid / the tab: the socket drops, the session cookie stays."""
        self.cable_close(t)
        self.page = None


DASH_FRAMES = ("/dashboard/sections", "/dashboard/alerts", "/notifications?unread=1")
