"""Request events and a small browser model (JSF sessions, URL rewriting, SSO, assets)."""
from . import world as W

# event tuple fields
T, DUR, IP, METHOD, PATH, STATUS, NBYTES, INB, UA, REF, USER, BUSER, JSID, AUTH, ROUTE, INST, ACCT, TAG = range(18)

PAGE_BYTES = {"home": 46000, "search": 38000, "summary": 52000, "contacts": 31000, "enrolment": 36000,
              "programs": 29000, "roster": 61000, "new": 44000, "reports": 27000, "run": 24000,
              "extracts": 33000, "errors": 48000, "users": 40000, "help": 21000, "login": 14000,
              "goodbye": 9000, "expired": 9500, "withdraw": 26000, "status": 6000}


def ln(rng, median, sigma):
    return median * rng.lognormvariate(0, sigma)


def hexid(rng, n):
    return "%0*X" % (n, rng.getrandbits(4 * n))


class Sink:
    def __init__(self):
        self.ev = []

    def add(self, *f):
        self.ev.append(f)


class Browser:
    """A user agent with a cookie jar on one address.  Times are epoch seconds (floats)."""

    def __init__(self, sink, rng, ip, ua, acct="", tag="", assets=True, cookies=True):
        self.s, self.r, self.ip, self.ua, self.acct, self.tag = sink, rng, ip, ua, acct, tag
        self.assets, self.cookies = assets, cookies
        self.jsid, self.auth, self.user = "", "", ""
        self.cached, self.rewrite, self.ref, self.cur = rng.random() < .85, "", "", "/sdh/home.xhtml"
        self.last, self.inst = -1e12, rng.randrange(2)
        self.keepalive, self.auth_t = False, -1e12

    def close(self):
        """Browser closed: session cookies gone (the HTTP cache stays)."""
        self.jsid, self.auth, self.user, self.rewrite, self.last, self.auth_t = "", "", "", "", -1e12, -1e12

    # --- raw request -------------------------------------------------------------------------------
    def send(self, t, method, path, status=200, nbytes=None, dur=None, ref=None, route="", buser="",
             user=None, inb=None):
        r = self.r
        if dur is None:
            dur = ln(r, 160, .6) if status == 200 else ln(r, 25, .5)
        if nbytes is None:
            nbytes = 0 if status in (302, 304) else int(ln(r, 9000, .5))
        if inb is None:
            inb = int(ln(r, 900 if method == "GET" else 2100, .25)) + (400 if self.jsid else 0)
        jar = self.cookies
        self.s.add(t, int(dur), self.ip, method, path, status, int(nbytes), inb, self.ua,
                   self.ref if ref is None else ref, self.user if user is None else user, buser,
                   self.jsid if jar else "", self.auth if jar else "", route,
                   self.inst if jar else r.randrange(2), self.acct, self.tag)
        return t + dur / 1000.0

    def _url(self, path, query=""):
        if self.rewrite:
            path = path + ";jsessionid=" + self.rewrite
        return path + ("?" + query if query else "")

    # --- pages ---------------------------------------------------------------------------------------
    def page(self, t, path, query="", kind="home", status=200, ajax=0, ajax_gap=4.0, method="GET", nbytes=None,
             dur=None):
        """A full JSF page view: the GET (or non-ajax POST), its resources, then `ajax` partial POSTs."""
        r = self.r
        url = self._url(path, query)
        new_sess = not self.jsid or (t - self.last > 1800 and not self.keepalive) or not self.cookies
        had_cookie = bool(self.jsid) and self.cookies
        if status == 200 and r.random() < .0015:          # an unhandled exception: Tomcat's 500 page
            status, nbytes, dur = 500, int(r.uniform(6000, 9000)), ln(r, 900, .6)
        if nbytes is None and status == 200:
            nbytes = int(PAGE_BYTES.get(kind, 30000) * r.uniform(.8, 1.3))
        if dur is None and status == 200:
            dur = ln(r, 210, .55)
        end = self.send(t, method, url, status, nbytes, dur)
        if new_sess:
            self.jsid = hexid(r, 32)
        self.rewrite = ""
        if new_sess and not had_cookie and status == 200:
            self.rewrite = self.jsid          # Tomcat encodes URLs until it sees the cookie come back
        self.ref, self.cur = W.BASE + url, path
        if status == 200 and self.assets:
            end = self.resources(end)
        t2 = end
        for _ in range(ajax):
            t2 = self.ajax(t2 + ln(r, ajax_gap, .6))
        self.last = t2
        return t2

    def resources(self, t):
        if self.cached and not self.rewrite:
            return t
        r, end, first = self.r, t, not self.cached
        for p, q, size in W.ASSETS:
            t += r.uniform(.005, .06)
            e = self.send(t, "GET", self._url(p, q), 200, size, ln(self.r, 14, .6))
            end = max(end, e)
        if not self.rewrite:
            self.cached = True
        if first or r.random() < .3:
            end = self.send(end + .02, "GET", "/favicon.ico", 200 if first else 304, 5430 if first else 0,
                            ln(r, 4, .4))
        return end

    def ajax(self, t, nbytes=None, path=None, dur=None):
        r = self.r
        p = self._url(path or self.cur)
        e = self.send(t, "POST", p, 200, nbytes or int(ln(r, 4200, .7)), dur or ln(r, 95, .6))
        self.last = e
        return e

    def download(self, t, path, query, nbytes, dur, status=200):
        e = self.send(t, "GET", self._url(path, query), status, nbytes, dur)
        self.last = e
        return e

    # --- sign-in / out -------------------------------------------------------------------------------
    def sso(self, t, user, target="/sdh/home.xhtml", query="", kind="home", idp=None):
        """Entra ID sign-in.  Renderers turn routes sso_start / sso_cb into Easy Auth or mod_auth_openidc URLs."""
        r = self.r
        tgt = target + ("?" + query if query else "")
        t = self.send(t, "GET", self._url(target, query), 302, 0, ln(r, 12, .4))
        t = self.send(t + r.uniform(.05, .3), "GET", tgt, 302, 0, ln(r, 9, .4), route="sso_start")
        t += idp if idp is not None else (ln(r, 3.5, .5) + (ln(r, 14, .5) if r.random() < .3 else 0))
        t = self.send(t, "GET", tgt, 302, 0, ln(r, 140, .4), ref="https://login.microsoftonline.com/",
                      route="sso_cb")
        self.user, self.auth, self.auth_t = user, hexid(r, 40), t
        self.ref = "https://login.microsoftonline.com/"
        return self.page(t + r.uniform(.05, .4), target, query, kind)

    def local_login(self, t, ok=True, target="/sdh/home.xhtml", typing=None):
        r = self.r
        t = self.page(t, "/sdh/login.xhtml", "", "login")
        t += typing if typing is not None else ln(r, 9, .5)
        url = self._url("/sdh/j_security_check")
        if ok:
            t = self.send(t, "POST", url, 302, 0, ln(r, 180, .4))
            self.jsid = hexid(r, 32)             # session id changes on authentication
            self.rewrite = ""
            return self.page(t + .05, target, "", "home")
        t = self.send(t, "POST", url, 200, int(PAGE_BYTES["login"] * 1.05), ln(r, 260, .4))
        self.ref = W.BASE + url
        self.last = t
        return t

    def sso_logout(self, t):
        r = self.r
        t = self.send(t, "GET", self._url("/sdh/logout.xhtml"), 302, 0, ln(r, 20, .4))
        t = self.send(t + .05, "GET", "/sdh/goodbye.xhtml", 302, 0, ln(r, 8, .4), route="sso_out")
        self.user, self.auth = "", ""
        t += ln(r, 1.2, .4)
        t = self.send(t, "GET", "/sdh/goodbye.xhtml", 200, 9200, ln(r, 40, .4), ref="https://login.microsoftonline.com/")
        self.last = -1e12
        return t

    def local_logout(self, t):
        r = self.r
        t = self.send(t, "GET", self._url("/sdh/logout.xhtml"), 302, 0, ln(r, 20, .4))
        self.last = -1e12
        return self.page(t + .05, "/sdh/login.xhtml", "bye=1", "login")


# --- common staff actions --------------------------------------------------------------------------------
def open_pupil(b, t, pk, rng, tabs=None, contacts=None, cum=None, status=200):
    t = b.page(t, "/sdh/pupil/summary.xhtml", "pk=" + pk, "summary", status=status,
               ajax=rng.choice([0, 1, 1, 2, 3]) if tabs is None else tabs)
    if status != 200:
        return t
    if contacts or (contacts is None and rng.random() < .25):
        t = b.page(t + ln(rng, 9, .7), "/sdh/pupil/contacts.xhtml", "pk=" + pk, "contacts")
    if cum or (cum is None and rng.random() < .06):
        t = b.download(t + ln(rng, 6, .6), "/sdh/print/cumcard", "pk=%s&fmt=pdf" % pk,
                       int(ln(rng, 95000, .35)), ln(rng, 1400, .4))
    return t


def search(b, t, rng, lea, prefix=None, scope="school", paging=0):
    q = prefix or (rng.choice(W.LAST)[:rng.randint(3, 6)])
    return b.page(t, "/sdh/search/pupils.xhtml", "q=%s&lea=%s&scope=%s" % (q, lea, scope), "search",
                  ajax=paging, ajax_gap=3, dur=ln(rng, 520, .5))
