"""Event model of blind24: requests (Req), the generation context (Ctx), clients (browsers with or
without the Application Insights JS SDK, scripts) and Visit, one account used on one client:
sign-in (Entra ID OIDC or the local form), page views with static assets, SPA fetches correlated to
the page view, notification polling while the tab is open, sign-out, and the app's log events."""
import random
from datetime import datetime, timezone
from urllib.parse import quote
from zoneinfo import ZoneInfo

from . import routes, world as W
from .errors import EXC, exc_logs as _exc_logs

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
POLL_S = 300.0
SIGNED_IN = "User {UserName} signed in via {Scheme}"
AUTH_SC = "Pathways.Web.Auth.SignInAuditor"


class Req:
    __slots__ = ("t", "dur", "method", "path", "query", "status", "ip", "ua", "user", "name", "tag", "op",
                 "parent", "sp", "logs", "acct", "synth", "ckey", "inst", "uid", "sid", "exc", "ver", "conn", "rid")


class Client:
    """A browser or script: address, user agent, AI cookies, ARR affinity, auth cookies."""

    def __init__(self, key, ip, ua, sdk=True, cookies=True, uid=None, inst=None, assets=True):
        self.key, self.ip, self.ua, self.sdk, self.cookies = key, ip, ua, sdk, cookies
        self.fetch_assets = assets and cookies
        self.uid, self.sid, self.s_start, self.s_last = uid, None, -1e18, -1e18
        self.pv_op, self.inst = None, inst
        self.auth, self.ms, self.asset_day = {}, set(), None


class Ctx:
    def __init__(self, world, seed, days):
        self.w, self.seed, self.days = world, seed, days
        tz = ZoneInfo(W.TZ)
        y, m, d = W.START
        self.midnights = []
        for i in range(days + 1):
            base = datetime(y, m, d, tzinfo=tz).toordinal() + i
            dd = datetime.fromordinal(base)
            self.midnights.append(datetime(dd.year, dd.month, dd.day, tzinfo=tz).timestamp())
        self.t0, self.t1 = self.midnights[0], self.midnights[-1]
        self.dates = [datetime.fromtimestamp(m + 43200, tz).strftime("%Y-%m-%d") for m in self.midnights]
        self.user_count = {}
        self.deploy_t = self.at(0, 22 + 1 / 6)   # deployment (restart of both instances), day 1 22:10
        self.deploy_times = [self.deploy_t, self.deploy_t + 95.0]
        self.reqs, self.events = [], []
        self.ids = random.Random("blind24:%d:ids" % seed)
        self.n_clients = 0

    def rng(self, name):
        return random.Random("blind24:%d:%s" % (self.seed, name))

    def at(self, day, hour):
        return self.midnights[day] + hour * 3600.0

    def weekday(self, day):
        return datetime.fromtimestamp(self.midnights[day] + 43200, ZoneInfo(W.TZ)).weekday()

    def school_day(self, day):
        return self.weekday(day) < 5

    def hexid(self, n):
        return "%0*x" % (n, self.ids.getrandbits(4 * n))

    def aiid(self):
        return "".join(self.ids.choice(B64) for _ in range(22))

    def client(self, ip, ua, sdk=True, cookies=True, uid=None, sticky=True, blocker=True, assets=True):
        self.n_clients += 1
        inst = self.ids.randrange(2) if (cookies and sticky) else None
        if sdk and uid is None and self.ids.random() < 0.85:
            uid = self.aiid()              # cookie from before the window
        if self.ids.random() < 0.08 and blocker:
            sdk = False                      # content blocker: no ai_user / ai_session
        return Client(self.n_clients, ip, ua, sdk and cookies, cookies, uid if sdk else None, inst, assets)

    def emit(self, cl, t, method, path, query="", status=200, dur=5.0, user=None, op=None, parent=None,
             logs=None, acct=None, tag=None, synth=None, exc=None, uid=None, sid=None):
        if t < self.t0 or t >= self.t1:
            return None
        q = Req()
        q.t, q.dur, q.method, q.path, q.query, q.status = t, dur, method, path, query, status
        q.ip, q.ua, q.user, q.tag, q.synth, q.exc, q.logs = cl.ip, cl.ua, user, tag, synth, exc, logs
        q.name = routes.op_name(method, path)
        q.op = op or self.hexid(32)
        q.parent = parent or q.op
        q.sp = self.hexid(16)
        q.acct, q.ckey, q.inst = acct, cl.key, cl.inst
        if cl.sdk and cl.uid:
            q.uid, q.sid = cl.uid, cl.sid
            cl.s_last = t
        else:
            q.uid, q.sid = uid, sid
        q.ver = 1 if t >= self.deploy_t else 0
        if user:
            self.user_count[user] = self.user_count.get(user, 0) + 1
        self.reqs.append(q)
        return q

    def event(self, t, level, mt, props, sc, exc=None, inst=None):
        if self.t0 <= t < self.t1:
            self.events.append((t, level, mt, props, sc, exc, inst))


def iso(t):
    """Serilog's rendering of a DateTimeOffset (UTC)."""
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f0+00:00")


def ln(r, median, sigma=0.5):
    return median * r.lognormvariate(0, sigma)


def enc(path, query):
    return quote(path + ("?" + query if query else ""), safe="")


class Visit:
    """One account (a Staff-like object) used on one client; tag marks an abusive client."""

    def __init__(self, ctx, cl, acct, r, tag=None):
        self.ctx, self.cl, self.a, self.r, self.tag = ctx, cl, acct, r, tag
        self.poll_next, self.awake_end, self.district = None, 1e18, acct.acct
        self.fail_p = 0.05

    # ---------------------------------------------------------------- low level
    def signed_in(self, t):
        exp = self.cl.auth.get(self.a.login)
        return exp is not None and t < exp

    def touch(self, t):
        self.cl.auth[self.a.login] = t + 3600.0

    def send(self, t, method, path, query="", status=200, dur=None, user=True, op=None, parent=None,
             logs=None, exc=None):
        dur = dur if dur is not None else ln(self.r, 25.0, 0.6)
        name_user = self.a.login if (user and self.signed_in(t)) else None
        q = self.ctx.emit(self.cl, t, method, path, query, status, dur, name_user, op, parent, logs,
                          self.district if name_user else None, self.tag, exc=exc)
        if name_user and status < 400:
            self.touch(t)
        return t + dur / 1000.0, q

    def xhr(self, t, method, path, query="", status=200, dur=None, exc=None):
        t += self.r.uniform(0.03, 0.35)
        if not self.signed_in(t):
            status, exc = 401, None
        op = self.cl.pv_op if self.cl.sdk else None
        t, _ = self.send(t, method, path, query, status, dur, op=op, parent=self.ctx.hexid(16) if op else None,
                         exc=exc, logs=_exc_logs(exc))
        return t

    def assets(self, t):
        day = int((t - self.ctx.t0) // 86400)
        ver = 1 if t >= self.ctx.deploy_t else 0
        if not self.cl.fetch_assets or self.cl.asset_day == (day, ver):
            if self.cl.fetch_assets and self.r.random() < 0.03:      # heuristic-freshness revalidation
                self.ctx.emit(self.cl, t + 0.05, "GET", "/favicon.ico", "", 304, ln(self.r, 1.2), tag=self.tag)
            return t
        self.cl.asset_day = (day, ver)
        for a in routes.ASSETS:
            path, _, q = a.partition("?")
            q = q.format(c=routes.SITE_CSS_V[ver], j=routes.SITE_JS_V[ver])
            t += self.r.uniform(0.005, 0.06)
            self.ctx.emit(self.cl, t, "GET", path, q, 200, ln(self.r, 2.0, 0.7), tag=self.tag)
        return t + 0.05

    def pageview(self, t):
        if not self.cl.sdk:
            return
        if self.cl.uid is None:
            self.cl.uid = self.ctx.aiid()
        if self.cl.sid is None or t - self.cl.s_last > 1800 or t - self.cl.s_start > 86400:
            self.cl.sid, self.cl.s_start = self.ctx.aiid(), t
        self.cl.s_last = t
        self.cl.pv_op = self.ctx.hexid(32)

    # ---------------------------------------------------------------- polling / awake
    def flush_polls(self, t):
        while self.poll_next is not None and self.poll_next < t and self.poll_next < self.awake_end:
            pt = self.poll_next
            ok = self.signed_in(pt)
            self.xhr(pt - 0.1, "GET", "/api/v1/notifications/unread-count", "", 200, ln(self.r, 9.0, 0.4))
            self.poll_next = pt + POLL_S + self.r.uniform(0.0, 0.08) if ok else None

    def sleep(self, t):
        self.flush_polls(t)
        self.awake_end = t

    def wake(self, t):
        self.awake_end = 1e18
        if self.poll_next is not None:
            self.poll_next = t + self.r.uniform(1.0, 6.0)

    def idle(self, t):
        """Leave the tab open until t (polls fire)."""
        self.flush_polls(t)
        return t

    # ---------------------------------------------------------------- sign-in / out
    def sign_in(self, t, path="/", query=""):
        a, r = self.a, self.r
        if a.auth == "entra":
            if path == "/" and r.random() < 0.35:
                t, _ = self.send(t, "GET", "/Account/Login", "", 200, ln(r, 18.0))
                t = self.assets(t) + r.uniform(1.0, 4.0)
                t, _ = self.send(t, "GET", "/MicrosoftIdentity/Account/SignIn", "", 302, ln(r, 4.0))
            else:
                t, _ = self.send(t, "GET", path, query, 302, ln(r, 3.0))
            t += r.uniform(7, 28) if a.login not in self.cl.ms else r.uniform(0.5, 1.6)
            self.cl.ms.add(a.login)
            if r.random() < 0.006:    # correlation cookie lost (back button / second tab)
                t, _ = self.send(t, "POST", "/signin-oidc", "", 500, ln(r, 40.0), exc=EXC["correlation"],
                                 logs=_exc_logs(EXC["correlation"]))
                t += r.uniform(8, 30)
                t, _ = self.send(t, "GET", path, query, 302, ln(r, 3.0))
                t += r.uniform(0.5, 1.5)
            logs = [(ln(r, 60.0), None, SIGNED_IN, {"UserName": a.login, "Scheme": "OpenIdConnect"}, AUTH_SC)]
            t, _ = self.send(t, "POST", "/signin-oidc", "", 302, ln(r, 180.0, 0.3), logs=logs)
        else:
            ret = enc(path, query)
            if path != "/Account/Login":
                t, _ = self.send(t, "GET", path, query, 302, ln(r, 3.0))
            t, _ = self.send(t + 0.1, "GET", "/Account/Login", "ReturnUrl=" + ret, 200, ln(r, 20.0))
            t = self.assets(t)
            t = self.password(t + r.uniform(5, 16), ret)
        self.touch(t)
        return t + r.uniform(0.05, 0.3)

    def password(self, t, ret, fails=None):
        r, a = self.r, self.a
        fails = fails if fails is not None else (1 if r.random() < self.fail_p else 0)
        for _ in range(fails):
            logs = [(ln(r, 70.0), "Warning", "Invalid password for {UserName}", {"UserName": a.login}, LOGIN_SC)]
            t, _ = self.send(t, "POST", "/Account/Login", "ReturnUrl=" + ret if ret else "", 200, ln(r, 140.0, 0.2), user=False, logs=logs)
            t = self.assets(t) + r.uniform(5, 14)
        logs = [(ln(r, 80.0), None, SIGNED_IN, {"UserName": a.login, "Scheme": "Local"}, AUTH_SC)]
        t, _ = self.send(t, "POST", "/Account/Login", "ReturnUrl=" + ret if ret else "", 302, ln(r, 150.0, 0.2), user=False, logs=logs)
        return t

    def sign_out(self, t):
        r = self.r
        self.flush_polls(t)
        if self.a.auth == "entra":
            t, _ = self.send(t, "GET", "/MicrosoftIdentity/Account/SignOut", "", 302, ln(r, 5.0))
            self.cl.auth.pop(self.a.login, None)
            t += r.uniform(1.0, 3.0)
            t, _ = self.send(t, "GET", "/signout-callback-oidc", "state=" + self.ctx.hexid(24), 302, ln(r, 3.0))
            t, _ = self.send(t + 0.1, "GET", "/MicrosoftIdentity/Account/SignedOut", "", 200, ln(r, 9.0))
        else:
            t, _ = self.send(t, "POST", "/Account/Logout", "", 302, ln(r, 6.0))
            self.cl.auth.pop(self.a.login, None)
            t, _ = self.send(t + 0.1, "GET", "/Account/Login", "", 200, ln(r, 15.0))
        self.poll_next = None
        return t

    # ---------------------------------------------------------------- pages
    def page(self, t, path, query="", status=200, xhrs=(), dur=None, method="GET", exc=None):
        """Navigate to a page; xhrs: (method, path, query, status[, dur]) fetched by the page."""
        self.flush_polls(t)
        if not self.signed_in(t):
            t = self.sign_in(t, path if method == "GET" else "/", query if method == "GET" else "")
        t, _ = self.send(t, method, path, query, status, dur if dur is not None else ln(self.r, 60.0, 0.6),
                         exc=exc, logs=_exc_logs(exc))
        if method == "POST" and status == 302:
            return t
        t = self.assets(t)
        self.pageview(t)
        for x in xhrs:
            t = self.xhr(t, *x)
        self.poll_next = t + POLL_S + self.r.uniform(0, 1)
        return t

    def post_redirect(self, t, path, query, target, tq="", xhrs=(), dur=None):
        """Form post answered by 302 and the page it redirects to."""
        t = self.page(t, path, query, 302, method="POST", dur=dur or ln(self.r, 45.0))
        return self.page(t + 0.05, target, tq, 200, xhrs)


LOGIN_SC = "Pathways.Web.Areas.Identity.Pages.Account.LoginModel"
