"""Simulation context and the HTTP client model (browser tabs and scripts)."""
import datetime as _dt
import uuid
from zoneinfo import ZoneInfo

TZ = ZoneInfo("America/Denver")
HOST = "sesame.sped-portal.org"

# event tuple positions
(T, DUR, METHOD, PATH, STATUS, SENT, RECV, IP, PORT, UA, REF, UPINO, UENV, STATIC, XFF, PROTO, CTYPE,
 FLAGS, RID, BEH) = range(20)


class Ctx:
    def __init__(self, rng, world, start_date, days):
        self.rng, self.world, self.days = rng, world, days
        self.events = []
        self.accounts, self.sources = {}, {}
        self.taken = set()
        self.day0 = [start_date + _dt.timedelta(days=i) for i in range(days)]

    def at(self, day, hour):
        """Epoch seconds for local (Denver) time `hour` (float, may exceed 24) on simulated day `day`."""
        d = self.day0[day]
        base = _dt.datetime(d.year, d.month, d.day, tzinfo=TZ)
        return base.timestamp() + hour * 3600.0

    def weekday(self, day):
        return self.day0[day].weekday() < 5

    def workdays(self):
        return [i for i in range(self.days) if self.weekday(i)] or [0]

    def end(self):
        return self.at(self.days - 1, 24)

    def take(self, pool, pred=lambda s: True):
        cands = [s for s in pool if s.email not in self.taken and pred(s)]
        if not cands:  # small worlds: fall back to any free account
            cands = [s for s in self.world.staff if s.email not in self.taken and pred(s)] or \
                    [s for s in self.world.staff if s.email not in self.taken]
        s = self.rng.choice(cands)
        self.taken.add(s.email)
        return s

    def label_account(self, email, label, behaviour, kinds, **params):
        self.taken.add(email)
        self.accounts[email] = {"label": label, "behaviour": behaviour, "kinds": list(kinds), "params": params}

    def label_ip(self, ip, label, behaviour, kinds, **params):
        self.sources[ip] = {"label": label, "behaviour": behaviour, "kinds": list(kinds), "params": params}


class Client:
    """One user agent instance (a browser profile or a script) talking to the portal."""

    def __init__(self, ctx, t, ip, ua, user=None, beh="staff", browser=True, xff=None, scope=None,
                 proto=None, cold=None):
        self.ctx, self.rng, self.t, self.ip, self.ua, self.user = ctx, ctx.rng, t, ip, ua, user
        self.beh, self.browser, self.scope = beh, browser, scope
        self.xff = xff
        self.proto = proto or ("HTTP/2" if browser else "HTTP/1.1")
        self.port = self.rng.randint(32768, 65000)
        self.authed = False
        self.token_exp = 0.0
        self.tab_open = False
        self.next_poll = self.next_refresh = 1e18
        self.page = None
        self.cold = (self.rng.random() < 0.45) if cold is None else cold
        self.chunks = set()
        self.boot_lookups = False

    # -- low level -------------------------------------------------------
    def emit(self, t, method, path, status=200, size=200, recv=0, dur=None, static=False, ref=None,
             auth=True, ctype="application/json; charset=utf-8", flags="-", upino=None):
        rng = self.rng
        if dur is None:
            dur = rng.lognormvariate(3.0, 0.6) if not static else rng.lognormvariate(2.3, 0.5)
        if ref is None and self.browser and self.page:
            ref = "https://%s%s" % (HOST, self.page)
        u = self.user if (auth and self.authed) else None
        ue = None if path in ("/auth/login", "/auth/saml/acs") else u  # no JWT yet at the edge
        if recv == 0:
            recv = rng.randint(380, 1400) if self.browser else rng.randint(150, 420)
        ev = (t, round(dur, 3), method, path, status, int(size), int(recv), self.ip, self.port, self.ua, ref,
              upino if upino is not None else u, ue, static, self.xff, self.proto, ctype, flags,
              str(uuid.UUID(int=rng.getrandbits(128), version=4)), self.beh)
        self.ctx.events.append(ev)
        return t + dur / 1000.0

    def req(self, method, path, gap=None, **kw):
        """Sequential request; advances the clock past the response plus a small gap."""
        self._ensure_token(path)
        end = self.emit(self.t, method, path, **kw)
        self.t = end + (gap if gap is not None else self.rng.uniform(0.01, 0.12))
        return kw.get("status", 200)

    def burst(self, reqs, after=None):
        """Parallel requests fired by one screen (SPA fan-out). reqs: list of (method, path, kw)."""
        self._ensure_token(reqs[0][1] if reqs else "")
        t0, end = self.t, self.t
        for i, (m, p, kw) in enumerate(reqs):
            e = self.emit(t0 + i * self.rng.uniform(0.001, 0.02), m, p, **kw)
            end = max(end, e)
        self.t = end + (after if after is not None else self.rng.uniform(0.05, 0.4))

    def _ensure_token(self, path):
        if self.authed and self.t > self.token_exp and path.startswith("/api/"):
            # access token expired (laptop slept); SPA gets a 401 and refreshes
            self.emit(self.t, "GET", path, status=401, size=52, auth=False)
            self.t += 0.08
            self.refresh()

    def refresh(self):
        self.t = self.emit(self.t, "POST", "/auth/refresh", size=rng_size(self.rng, 620, 40), recv=
                           self.rng.randint(900, 1300), auth=True) + 0.05
        self.token_exp = self.t + 900
        self.next_refresh = self.t + 600 + self.rng.uniform(-4, 8)

    # -- time passing ------------------------------------------------------
    def idle(self, secs):
        """Tab open but user idle (reading, meeting): SPA timers keep firing."""
        end = self.t + max(0.0, secs)
        while self.tab_open and self.authed and min(self.next_poll, self.next_refresh) < end:
            if self.next_refresh <= self.next_poll:
                self.t = self.next_refresh
                self.refresh()
            else:
                self.t = self.next_poll
                self._ensure_token("/api/v2/notifications/count")
                self.t = self.emit(self.t, "GET", "/api/v2/notifications/count", size=rng_size(self.rng, 34, 8),
                          ref="https://%s%s" % (HOST, self.page))
                self.next_poll += 300 + self.rng.uniform(-1, 3)
        self.t = max(self.t, end)

    def suspend(self, secs):
        """Laptop lid closed / tab discarded: nothing is sent."""
        self.t += max(0.0, secs)
        if self.tab_open:
            self.next_poll = self.t + self.rng.uniform(0.5, 3)
            if self.t > self.token_exp:
                self.next_refresh = 1e18  # refreshed lazily through the 401 path
            elif self.next_refresh < self.t:
                self.next_refresh = self.t + self.rng.uniform(0.5, 2)
        self.port = self.rng.randint(32768, 65000)

    def start_timers(self):
        self.tab_open = True
        self.next_poll = self.t + 300 + self.rng.uniform(0, 5)
        self.next_refresh = self.t + 600 + self.rng.uniform(-4, 8)

    def close(self):
        self.tab_open = False
        self.next_poll = self.next_refresh = 1e18


def rng_size(rng, mean, spread):
    return max(20, int(rng.gauss(mean, spread)))


def _think(self, lo, hi):
    self.idle(self.rng.uniform(lo, hi))


def _pause(self, median, sigma=0.8):
    import math
    self.idle(min(1800.0, self.rng.lognormvariate(math.log(median), sigma)))


Client.think = _think
Client.pause = _pause
