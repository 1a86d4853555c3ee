"""Request events and the browser model: CAS sign-in through mod_auth_cas, session timeouts, cached assets, polls.

An event is a tuple ``(t_end, seq, t, ip, user, method, path, proto, status, size, referer, ua, tag)``; Apache writes
the line when the request ends but stamps it with the start time, so ``t_end`` orders the log.  ``tag`` is None for
benign traffic or a key of the ground truth (see ``generate``).
"""
import math
from bisect import bisect_right

from .world import BASE, SSO, FAMILY_SSO

HARBOR_ASSETS = [("/static/harbor/7.4.2/css/harbor.min.css", 48211), ("/static/harbor/7.4.2/js/vendor/jquery-3.7.1.min.js", 87533),
                 ("/static/harbor/7.4.2/js/harbor.min.js", 213877), ("/static/harbor/7.4.2/img/harbor-logo.svg", 6120),
                 ("/static/harbor/7.4.2/fonts/SourceSans3-Regular.woff2", 31404), ("/favicon.ico", 5430)]
PARENT_ASSETS = [("/static/parent/app.8c1e4f2a.css", 31876), ("/static/parent/app.8c1e4f2a.js", 164220),
                 ("/static/parent/img/harbor-family.png", 14907), ("/static/parent/manifest.json", 611),
                 ("/favicon.ico", 5430)]
PAGE_JS = {"gradebook.do": ("/static/harbor/7.4.2/js/gradebook.min.js", 58110),
           "builder.do": ("/static/harbor/7.4.2/js/scheduler.min.js", 74402),
           "requests.do": ("/static/harbor/7.4.2/js/scheduler.min.js", 74402)}
POLL = "/harbor/api/v1/notifications/unread"
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def token(rng, n):
    return "".join(rng.choice(ALNUM) for _ in range(n))


class Log:
    """The list of events of the whole window."""

    def __init__(self):
        self.ev = []

    def add(self, t, ip, user, method, path, status, size, ref, ua, tag=None, dur=0.05, proto="HTTP/1.1"):
        self.ev.append((t + dur, len(self.ev), t, ip, user or "-", method, path, proto, status, size,
                        ref or "-", ua or "-", tag))


class Browser:
    """One client (browser, phone, script) of one account on one address."""

    def __init__(self, log, rng, ip, ua, user, tag=None, app="harbor", idle=3600, absolute=8 * 3600, assets=True):
        self.log, self.rng, self.ip, self.ua, self.user, self.tag, self.app = log, rng, ip, ua, user, tag, app
        self.idle, self.absolute, self.assets = idle, absolute, assets
        self.sess = None                 # [start, last request]
        self.sessions = []               # [start, end] of each mod_auth_cas session
        self.ref = None                  # page currently shown (full URL)
        self.assets_day = -1
        self.login_day = -1
        self.hist_t, self.hist_u = [], []
        self.next_poll = None
        self.page_js = {}
        self.n = 0

    # -- low level -------------------------------------------------------------------------------------------
    def emit(self, t, method, path, status, size, ref, dur, user=True):
        u = self.user if (user and self.sess is not None) else "-"
        self.log.add(t, self.ip, u, method, path, status, size, ref, self.ua, self.tag, dur)
        self.n += 1
        if user and self.sess is not None:
            self.sess[1] = t
            self.sessions[-1][1] = t

    def valid(self, t):
        if self.sess is None:
            return False
        return t - self.sess[1] < self.idle and t - self.sess[0] < self.absolute

    def signin(self, t, target, typed=None):
        """mod_auth_cas round trip: 302 to CAS (other host), back with a ticket (302), then the target."""
        rng = self.rng
        self.sess = None
        self.emit(t, "GET", target, 302, 0, self.ref, rng.uniform(.004, .02))
        day = int(t // 86400)
        typed = (self.login_day != day) if typed is None else typed
        t += rng.uniform(7, 28) if typed else rng.uniform(.4, 1.6)
        ticket = "ST-%d-%s-cas%02d" % (rng.randint(10000, 999999), token(rng, 20), rng.randint(1, 3))
        self.sess = [t, t]
        self.sessions.append([t, t])
        self.login_day = day
        sso = FAMILY_SSO if self.app == "parent" else SSO
        self.emit(t, "GET", "/%s/j_spring_cas_security_check?ticket=%s" % (self.app, ticket), 302, 0, sso,
                  rng.uniform(.06, .35))
        self.ref = sso
        return t + rng.uniform(.1, .4)

    def _assets(self, t, path):
        day = int(t // 86400)
        out = []
        if self.assets and day != self.assets_day:
            out = list(HARBOR_ASSETS if self.app == "harbor" else PARENT_ASSETS)
            self.assets_day = day
            self.page_js = {}
        elif self.assets and self.rng.random() < .04:
            out = [((HARBOR_ASSETS if self.app == "harbor" else PARENT_ASSETS)[0][0], 0)]   # revalidated: 304
        leaf = path.split("?")[0].rsplit("/", 1)[-1]
        if self.assets and leaf in PAGE_JS and leaf not in getattr(self, "page_js", {}):
            out.append(PAGE_JS[leaf]); self.page_js[leaf] = 1
        for a, size in out:
            t += self.rng.uniform(.01, .12)
            self.log.add(t, self.ip, "-", "GET", a, 304 if size == 0 else 200, size, self.ref, self.ua,
                         self.tag, self.rng.uniform(.002, .04))
            self.n += 1
        return t

    # -- what callers use --------------------------------------------------------------------------------------
    def page(self, t, path, size=None, status=200, method="GET", slow=1.0):
        """A full page load (signing in first when the session is gone); returns when the page is shown."""
        rng = self.rng
        if not self.valid(t):
            t = self.signin(t, path if method == "GET" else "/%s/home.do" % self.app if self.app == "harbor"
                            else "/parent/home")
        size = size if size is not None else int(rng.lognormvariate(math.log(26000), .35))
        dur = rng.lognormvariate(math.log(.22 * slow), .6)
        self.emit(t, method, path, status, size if status != 302 else 0, self.ref, dur)
        self.ref = BASE + path
        self.hist_t.append(t); self.hist_u.append(self.ref)
        return self._assets(t + dur, path) + rng.uniform(.2, .9)

    def xhr(self, t, path, size=None, status=200, method="GET", dur=None):
        rng = self.rng
        if not self.valid(t):
            self.emit(t, method, path, 302, 0, self.ref, .01, user=False)
            return self.page(t + rng.uniform(.3, 1.5), self.ref[len(BASE):] if self.ref and self.ref.startswith(BASE)
                             else "/%s/home.do" % self.app)
        size = size if size is not None else int(rng.lognormvariate(math.log(1800), .8))
        dur = dur if dur is not None else rng.lognormvariate(math.log(.09), .5)
        self.emit(t, method, path, status, size, self.ref, dur)
        return t + dur

    def post(self, t, path, then=None, status=302, size=0):
        """A form post; Struts answers 302 and the browser follows to ``then``."""
        if not self.valid(t):
            t = self.page(t, self.ref[len(BASE):] if self.ref and self.ref.startswith(BASE) else "/harbor/home.do")
            t += self.rng.uniform(2, 6)
        dur = self.rng.lognormvariate(math.log(.3), .5)
        if status == 200 and not size:
            size = int(self.rng.lognormvariate(math.log(16000), .3))
        self.emit(t, "POST", path, status, size, self.ref, dur)
        if then:
            return self.page(t + dur + .05, then)
        return t + dur

    def download(self, t, path, size, dur=None, status=200):
        dur = dur if dur is not None else self.rng.lognormvariate(math.log(.9), .6)
        if not self.valid(t):
            t = self.signin(t, path)
        self.emit(t, "GET", path, status, size, self.ref, dur)
        return t + dur

    def logout(self, t):
        if self.sess is not None:
            self.emit(t, "GET", "/%s/logout.do" % self.app if self.app == "harbor" else "/parent/logout", 302, 0,
                      self.ref, .03)
        self.sess = None
        self.ref = None
        return t + .5

    def referer_at(self, t):
        i = bisect_right(self.hist_t, t)
        return self.hist_u[i - 1] if i else None

    # -- background poll of an open tab ------------------------------------------------------------------------
    def start_polls(self, t):
        self.next_poll = t + self.rng.uniform(280, 300)

    def stop_polls(self):
        self.next_poll = None

    def poll_until(self, t):
        while self.next_poll is not None and self.next_poll < t:
            tp = self.next_poll
            self.next_poll = tp + 300 + self.rng.uniform(-.4, 1.2)
            if self.sess is not None and tp - self.sess[0] >= self.absolute:
                # the poll hits the dead session; the app's script reloads the page through CAS
                self.xhr(tp, POLL)
            else:
                self.xhr(tp, POLL, size=self.rng.choice((52, 52, 52, 53, 87)), dur=self.rng.uniform(.01, .05))

    def session_at(self, t):
        """True when one of this browser's mod_auth_cas sessions covers t (absolute timeout)."""
        for a, b in self.sessions:
            if a <= t <= a + self.absolute and t <= b + self.idle:
                return True
        return False
