"""Events and the browser model: keep-alive connections, Windows Integrated handshakes, forms sign-in, assets."""
import math

KEEPALIVE = 120.0            # IIS connectionTimeout: idle connections are closed after 2 minutes
WIN_OK, WIN_DENIED, WIN_NOCRED, WIN_LOGON_FAIL, WIN_LOCKED = 0, 5, 2148074254, 1326, 1909
SC_401_2, SC_401_1 = 1565, 1829      # IIS 10 401.2 page with WWW-Authenticate headers; NTLM type-2 challenge


class Log:
    """Collects request events: (logged_time, seq, ip, user, method, stem, query, status, win32, csb, scb, tt, actor)."""

    def __init__(self):
        self.rows, self.named = [], set()

    def add(self, t, ip, user, method, stem, query, status, win32, csb, scb, tt, actor):
        tt = int(tt)
        if user != "-":
            self.named.add(actor)
        self.rows.append((t + tt / 1000.0, len(self.rows), ip, user, method, stem, query or "-", status, win32,
                          int(csb), int(scb), tt, actor))
        return t + tt / 1000.0


def lognorm(rng, median, sigma):
    return median * math.exp(rng.gauss(0, sigma))


def asset_tokens(rng):
    """WebResource.axd / ScriptResource.axd URLs (tokens depend on the server's machine key, fixed for a run)."""
    alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    ticks = ["637%015d" % rng.randint(0, 10 ** 15 - 1) for _ in range(2)]
    out = []
    for stem, size, tk in [("/WebResource.axd", 24100, 0), ("/WebResource.axd", 7300, 0),
                           ("/ScriptResource.axd", 36200, 1), ("/ScriptResource.axd", 23900, 1),
                           ("/ScriptResource.axd", 11800, 1)]:
        d = "".join(rng.choice(alpha) for _ in range(rng.choice([86, 108, 130]))) + "1"
        out.append((stem, "d=%s&t=%s" % (d, ticks[tk]), size))
    return out


STATIC = [("/Styles/Site.css", "v=4.2.7", 14200), ("/Styles/jquery-ui.min.css", "-", 7900),
          ("/Scripts/jquery-1.12.4.min.js", "-", 34100), ("/Scripts/jquery-ui-1.12.1.min.js", "-", 71800),
          ("/Scripts/keystone.js", "v=4.2.7", 9600), ("/Images/ks_logo.png", "-", 11913),
          ("/Images/nav_sprite.png", "-", 22480), ("/favicon.ico", "-", 5430)]


class Browser:
    """One client program on one address. auth: kerb | ntlm | forms | none (anonymous)."""

    def __init__(self, world, rng, ip, user, auth, actor, engine="chrome", assets=True, phone=False):
        self.w, self.rng, self.ip, self.user, self.auth, self.actor = world, rng, ip, user, auth, actor
        self.engine, self.assets, self.phone = engine, assets, phone
        self.conns, self.cached, self.signed_in, self.last_page = [], False, False, -1e18
        self.ticket = 2600 + rng.randint(-700, 2000)

    # ------------------------------------------------------------------ low level
    def _user(self, static):
        if self.auth in ("kerb", "ntlm"):
            return self.user
        if self.auth == "forms" and self.signed_in and not static:
            return self.user                 # FormsAuthenticationModule runs for managed handlers only
        return "-"

    def _csb(self, method, stem, query, body):
        cookie = 70 if self.auth in ("kerb", "ntlm") else (330 if self.signed_in else 60)
        return 360 + len(stem) + (len(query) if query != "-" else 0) + cookie + body + self.rng.randint(0, 40)

    def _handshake(self, t, method, stem, query, csb):
        """A new connection under Windows Integrated auth: anonymous try, (NTLM type 1), then the real request."""
        log, r = self.w.log, self.rng
        small = csb - (0 if method == "GET" else csb - 420)     # browsers send no body on the anonymous try
        t = log.add(t, self.ip, "-", method, stem, query, 401, WIN_DENIED, small, SC_401_2, r.choice((0, 0, 1, 2)),
                    self.actor) + 0.004 + r.random() * 0.02
        if self.auth == "ntlm":
            t = log.add(t, self.ip, "-", method, stem, query, 401, WIN_NOCRED, small + 62, SC_401_1,
                        r.choice((0, 1)), self.actor) + 0.003 + r.random() * 0.01
            return t, 650
        return t, self.ticket

    def hit(self, t, method, stem, query="-", status=200, scb=2000, tt=None, body=0, static=False, conn=None):
        """One request on a connection (conn: None = pick/open one). Returns the end time."""
        if conn is None:
            self.conns = [c for c in self.conns if t - c < KEEPALIVE]
            new = not self.conns
            if not new:
                self.conns.pop()
        else:
            new = conn
        csb = self._csb(method, stem, query, body)
        if new and self.auth in ("kerb", "ntlm"):
            t, extra = self._handshake(t, method, stem, query, csb)
            csb += extra
        if tt is None:
            tt = lognorm(self.rng, 2 if static else 120, 0.7)
        end = self.w.log.add(t, self.ip, self._user(static), method, stem, query, status,
                             WIN_OK if status < 400 else (WIN_DENIED if status == 403 else 0), csb, scb, tt,
                             self.actor)
        if conn is None:
            self.conns.append(end)
        return end

    def batch(self, t, reqs):
        """Parallel sub-resources: reqs = [(stem, query, scb, static, status)]. Returns the end time."""
        if not reqs:
            return t
        self.conns = sorted(c for c in self.conns if t - c < KEEPALIVE)
        k = min(6, max(len(self.conns), len(reqs)))
        n_new = max(0, k - len(self.conns))
        lanes = [(t + self.rng.random() * 0.02, False) for _ in self.conns[-k:]]
        lanes += [(t + 0.01 + self.rng.random() * 0.03, True) for _ in range(n_new)]
        ends = []
        for i, (stem, query, scb, static, status) in enumerate(reqs):
            j = i % len(lanes)
            start, fresh = lanes[j]
            tt = self.rng.choice((0, 0, 1, 2, 3)) if static else lognorm(self.rng, 25, 0.6)
            end = self.hit(start, "GET", stem, query, status, scb + self.rng.randint(0, 30), tt, static=static,
                           conn=fresh)
            lanes[j] = (end + 0.001 + self.rng.random() * 0.004, False)
            ends.append(end)
        self.conns = sorted(self.conns[:len(self.conns) - min(k, len(self.conns))] + [e for e, _ in lanes])[-6:]
        return max(ends)

    # ------------------------------------------------------------------ pages
    def layout_assets(self):
        if not self.assets:
            return []
        if self.cached:
            if self.engine == "ie" and self.rng.random() < 0.25:     # IE mode revalidates some static files
                return [(s, q, 270, True, 304) for s, q, _ in self.rng.sample(STATIC[:5], 2)]
            return []
        self.cached = True
        reqs = [(s, q, z, True, 200) for s, q, z in STATIC] + [(s, q, z, False, 200) for s, q, z in self.w.axd]
        if self.phone:
            reqs += [("/apple-touch-icon-precomposed.png", "-", 1245, True, 404),
                     ("/apple-touch-icon.png", "-", 1245, True, 404)]
        return reqs

    def page(self, t, stem, query="-", method="GET", scb=None, tt=None, body=0, extra=(), status=200):
        """A WebForms page (GET or full postback to the same URL) with layout assets and extra resources."""
        if scb is None:
            scb = self.rng.randint(24000, 61000)
        if tt is None:
            tt = lognorm(self.rng, 190 if method == "GET" else 260, 0.6)
        if method == "POST" and status == 200 and self.rng.random() < 0.003:
            status, scb, tt = 500, self.rng.randint(6800, 7400), tt * 3      # ViewState/validation errors
        end = self.hit(t, method, stem, query, status, scb, tt, body=body)
        self.last_page = end
        reqs = self.layout_assets() if status == 200 else []
        reqs = reqs + list(extra)
        return self.batch(end + 0.04 + self.rng.random() * 0.1, reqs) if reqs else end

    def ajax(self, t, stem, query="-", scb=None, body=0, tt=None):
        """An UpdatePanel partial postback (POST to the page) or a handler call; no assets."""
        return self.hit(t, "POST" if body else "GET", stem, query, 200, scb or self.rng.randint(3000, 22000),
                        tt if tt is not None else lognorm(self.rng, 150, 0.6), body=body)

    def ping(self, t):
        ms = int(t * 1000)
        return self.hit(t, "GET", "/Handlers/SessionPing.ashx", "_=%d" % ms, 200, 312, self.rng.choice((0, 1, 2, 3)))

    # ------------------------------------------------------------------ forms sign-in (outside the district)
    def signin(self, t, ok=True, fails=0, return_to="/Default.aspx"):
        """GET target -> 302 Login.aspx?ReturnUrl, login page, failed POSTs re-render 200, success 302 + target."""
        r, ru = self.rng, "ReturnUrl=%s" % return_to.replace("/", "%2f")
        t = self.hit(t, "GET", return_to, "-", 302, 462, r.randint(1, 6)) + 0.05
        t = self.page(t, "/Login.aspx", ru, scb=r.randint(9800, 10400), tt=lognorm(r, 40, 0.4))
        for _ in range(fails):
            t = self.page(t + lognorm(r, 9, 0.5), "/Login.aspx", ru, "POST", r.randint(10100, 10600),
                          lognorm(r, 420, 0.3), body=r.randint(1900, 2100))
        if not ok:
            return t
        t = self.hit(t + lognorm(r, 8, 0.5), "POST", "/Login.aspx", ru, 302, 710, lognorm(r, 380, 0.3),
                     body=r.randint(1900, 2100)) + 0.03
        self.signed_in = True
        return self.page(t, return_to)

    def signout(self, t):
        t = self.hit(t, "GET", "/Logout.aspx", "-", 302, 630, self.rng.randint(2, 9))
        self.signed_in = False
        return self.page(t + 0.03, "/Login.aspx", "-", scb=self.rng.randint(9800, 10400), tt=30)
