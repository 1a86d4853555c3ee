"""Request emission: clients, sign-in flows, pages with their XHR fan-out and assets."""
from .world import HTML, JSON, PROB, CSV, TEXT, guid

ASSETS = (("/css/site.min.css", "v=Qm3xT8kd1Y", "text/css", 41822), ("/js/site.min.js", "v=H2k9LzP0aw", "text/javascript", 96310),
          ("/lib/bootstrap/dist/js/bootstrap.bundle.min.js", "", "text/javascript", 80663),
          ("/lib/htmx/htmx.min.js", "", "text/javascript", 50917), ("/img/kseds-logo.svg", "", "image/svg+xml", 7214),
          ("/fonts/inter-var.woff2", "", "font/woff2", 109320), ("/favicon.ico", "", "image/x-icon", 15086))


class Client:
    __slots__ = ("ip", "ua", "proto", "port", "last", "assets", "browser")

    def __init__(self, ip, ua, browser=True):
        self.ip, self.ua, self.browser = ip, ua, browser
        self.proto = "HTTP/2.0" if browser else "HTTP/1.1"
        self.port, self.last, self.assets = 0, -1e18, False


class Sim:
    """Collects events. Event tuple:
    (t, method, path, query, status, nbytes, ctype, dur_ms, ip, port, ua, route, user, kind, reqbytes, proto, tag)
    kind: app (reaches the pods), asset (static blob backend, gateway only), waf (blocked at gateway)."""

    def __init__(self, rng, t0, t1):
        self.rng, self.t0, self.t1 = rng, t0, t1
        self.ev = []
        self.tag = None
        self.world = None

    def emit(self, t, cli, user, method, path, query, status, nbytes, ctype, dur, route, kind="app", reqb=None):
        if t < self.t0 or t >= self.t1:
            return
        rng = self.rng
        if t - cli.last > 100 or (not cli.browser and rng.random() < 0.6) or rng.random() < 0.02 or not cli.port:
            cli.port = rng.randint(1025, 65500)
        cli.last = t
        if reqb is None:
            reqb = 180 + len(path) + len(query) + len(cli.ua) + (1650 if user else 240) + rng.randint(0, 120)
        self.ev.append((t, method, path, query, status, nbytes, ctype, round(dur, 4), cli.ip, cli.port, cli.ua,
                        route, user, kind, reqb, cli.proto, self.tag))

    def dur(self, med, spread=0.6):
        return self.rng.lognormvariate(0, spread) * med

    # --- building blocks -------------------------------------------------
    def page(self, t, cli, user, path, route, query="", size=(14000, 42000), xhrs=(), status=200):
        rng = self.rng
        d = self.dur(38)
        self.emit(t, cli, user, "GET", path, query, status, rng.randint(*size), HTML, d, route)
        t2 = t + d / 1000 + rng.uniform(0.05, 0.25)
        if cli.browser and not cli.assets:
            cli.assets = True
            for a in ASSETS:
                self.emit(t2, cli, None, "GET", a[0], a[1], 200, a[3], a[2], self.dur(9), a[0], kind="asset")
                t2 += rng.uniform(0.002, 0.03)
        elif cli.browser and rng.random() < 0.03:
            a = ASSETS[rng.randrange(len(ASSETS))]
            self.emit(t2, cli, None, "GET", a[0], a[1], 304, 0, "-", self.dur(5), a[0], kind="asset")
        for x in xhrs:
            self.api(t2, cli, user, *x)
            t2 += rng.uniform(0.005, 0.08)
        return t2 + 0.3

    def api(self, t, cli, user, path, route, query="", size=(600, 5000), method="GET", status=200, ctype=JSON, med=22):
        if status == 200 and self.rng.random() < 0.0008:
            status, ctype, size = 500, PROB, (380, 420)
        if status in (204, 302, 401):
            n, ctype = 0, "-"
        else:
            n = self.rng.randint(*size)
        d = self.dur(med)
        self.emit(t, cli, user, method, path, query, status, n, ctype, d, route)
        return t + d / 1000

    # --- sign in / out ------------------------------------------------------
    def signin_entra(self, t, cli, start="/Dashboard", fail=False):
        rng = self.rng
        self.emit(t, cli, None, "GET", start, "", 302, 0, "-", self.dur(3), start if start == "/" else "/Dashboard")
        t += rng.uniform(3, 28)
        if fail:
            self.emit(t, cli, None, "POST", "/signin-oidc", "", 302, 0, "-", self.dur(14), "/signin-oidc",
                      reqb=rng.randint(3900, 4300))
            self.emit(t + 0.2, cli, None, "GET", "/Account/SignInFailed", "error=access_denied", 200,
                      rng.randint(5200, 5400), HTML, self.dur(8), "/Account/SignInFailed")
            t += rng.uniform(20, 90)
            self.emit(t, cli, None, "GET", start, "", 302, 0, "-", self.dur(3), "/Dashboard")
            t += rng.uniform(5, 30)
        self.emit(t, cli, None, "POST", "/signin-oidc", "", 302, 0, "-", self.dur(45), "/signin-oidc",
                  reqb=rng.randint(4100, 4700))
        return t + rng.uniform(0.2, 0.6)

    def login_form(self, t, cli, fails=0, ret="%2FDashboard", get=True, lock=False):
        """Local account form. Returns (t, success)."""
        rng = self.rng
        q = "ReturnUrl=" + ret
        if get:
            self.emit(t, cli, None, "GET", "/Account/Login", q, 200, rng.randint(6100, 6400), HTML, self.dur(9),
                      "/Account/Login")
            t += rng.uniform(4, 14) if cli.browser else rng.uniform(0.05, 0.3)
        for _ in range(fails):
            self.emit(t, cli, None, "POST", "/Account/Login", q, 200, rng.randint(6300, 6600), HTML,
                      self.dur(180, 0.2), "/Account/Login", reqb=rng.randint(1100, 1300))
            t += rng.uniform(6, 25) if cli.browser else rng.uniform(0.3, 1.5)
        if lock:
            self.emit(t, cli, None, "POST", "/Account/Login", q, 302, 0, "-", self.dur(170, 0.2), "/Account/Login",
                      reqb=rng.randint(1100, 1300))
            self.emit(t + 0.2, cli, None, "GET", "/Account/Lockout", "", 200, rng.randint(4400, 4500), HTML,
                      self.dur(6), "/Account/Lockout")
            return t + 0.5, False
        self.emit(t, cli, None, "POST", "/Account/Login", q, 302, 0, "-", self.dur(190, 0.2), "/Account/Login",
                  reqb=rng.randint(1100, 1300))
        return t + rng.uniform(0.2, 0.5), True

    def logout(self, t, cli, user, entra=True):
        self.emit(t, cli, user, "GET", "/Account/Logout", "", 302, 0, "-", self.dur(4), "/Account/Logout")
        t += 0.3
        if entra:
            t += self.rng.uniform(1.5, 4)
            self.emit(t, cli, None, "GET", "/signout-callback-oidc", "state=" + guid(t, "so")[:18], 302, 0, "-",
                      self.dur(5), "/signout-callback-oidc")
            t += 0.3
        self.emit(t, cli, None, "GET", "/Account/SignedOut", "", 200, self.rng.randint(4800, 5000), HTML,
                  self.dur(6), "/Account/SignedOut")
        return t + 0.2

    def poll(self, t, cli, user):
        self.api(t, cli, user, "/api/v2/notifications/unread", "/api/v2/notifications/unread", size=(28, 410), med=6)

    # --- pages --------------------------------------------------------------
    def dashboard(self, t, cli, user):
        return self.page(t, cli, user, "/Dashboard", "/Dashboard", xhrs=(
            ("/api/v2/me", "/api/v2/me", "", (700, 900)),
            ("/api/v2/dashboard/summary", "/api/v2/dashboard/summary", "", (1500, 4200)),
            ("/api/v2/notifications/unread", "/api/v2/notifications/unread", "", (28, 410))))

    def search(self, t, cli, user, term, did):
        q = "q=" + term
        t = self.page(t, cli, user, "/Students/Search", "/Students/Search", q, (16000, 19000))
        return self.api(t, cli, user, "/api/v2/students/search", "/api/v2/students/search",
                        "%s&districtId=%d&take=25" % (q, did), (400, 9000), med=60) + 0.2

    def student(self, t, cli, user, sid, sub=None, status=200):
        s = str(sid)
        if status != 200:
            self.emit(t, cli, user, "GET", "/Students/" + s, "", status, 0 if status == 302 else 5800,
                      "-" if status == 302 else HTML, self.dur(20), "/Students/{stateId}")
            return t + 0.3
        b = "/api/v2/students/" + s
        t = self.page(t, cli, user, "/Students/" + s, "/Students/{stateId}", xhrs=(
            (b, "/api/v2/students/{stateId}", "", (1800, 3900)),
            (b + "/enrollments", "/api/v2/students/{stateId}/enrollments", "", (700, 2600)),
            (b + "/programs", "/api/v2/students/{stateId}/programs", "", (90, 1800)),
            (b + "/contacts", "/api/v2/students/{stateId}/contacts", "", (400, 1500))))
        if sub:
            t += self.rng.uniform(4, 40)
            name, api, route = {"att": ("Attendance", "attendance", "attendance"),
                                "asm": ("Assessments", "assessments", "assessments"),
                                "iep": ("Iep", "iep", "iep")}[sub]
            t = self.page(t, cli, user, "/Students/%s/%s" % (s, name), "/Students/{stateId}/" + name, xhrs=(
                ("%s/%s" % (b, api), "/api/v2/students/{stateId}/" + route, "schoolYear=2026-27", (900, 7000)),))
        return t

    def enrollment(self, t, cli, user, sid):
        g = guid("enr", sid)
        return self.page(t, cli, user, "/Enrollments/" + g, "/Enrollments/{enrollmentId:guid}", xhrs=(
            ("/api/v2/enrollments/" + g, "/api/v2/enrollments/{enrollmentId:guid}", "", (1100, 2400)),))

    def program(self, t, cli, user, sid):
        g = guid("prg", sid)
        return self.page(t, cli, user, "/Programs/" + g, "/Programs/{participationId:guid}", xhrs=(
            ("/api/v2/program-participations/" + g, "/api/v2/program-participations/{participationId:guid}", "",
             (900, 2100)),))

    def roster(self, t, cli, user, sec):
        return self.page(t, cli, user, "/Sections/%d/Roster" % sec, "/Sections/{sectionId:int}/Roster", xhrs=(
            ("/api/v2/sections/%d/roster" % sec, "/api/v2/sections/{sectionId:int}/roster", "", (2500, 9000)),))

    def attendance(self, t, cli, user, sec, date):
        t = self.page(t, cli, user, "/Sections/%d/Attendance" % sec, "/Sections/{sectionId:int}/Attendance", xhrs=(
            ("/api/v2/sections/%d/attendance" % sec, "/api/v2/sections/{sectionId:int}/attendance", "date=" + date,
             (1200, 4000)),))
        t += self.rng.uniform(25, 140)
        return self.api(t, cli, user, "/api/v2/sections/%d/attendance" % sec, "/api/v2/sections/{sectionId:int}/attendance",
                        "date=" + date, method="POST", status=204, med=40)

    def grades(self, t, cli, user, sec, sids):
        rng = self.rng
        t = self.page(t, cli, user, "/Sections/%d/Gradebook" % sec, "/Sections/{sectionId:int}/Gradebook", xhrs=(
            ("/api/v2/sections/%d/grades" % sec, "/api/v2/sections/{sectionId:int}/grades", "", (5000, 22000)),))
        for sid in rng.sample(sids, min(len(sids), rng.randint(0, 12))):
            t += rng.uniform(6, 45)
            t = self.api(t, cli, user, "/api/v2/sections/%d/grades/%d" % (sec, sid),
                         "/api/v2/sections/{sectionId:int}/grades/{stateId}", "", (180, 260), method="PUT", med=30)
        return t

    def export(self, t, cli, user, report, did, fmt="csv", big=False):
        rng = self.rng
        t = self.page(t, cli, user, "/Reports", "/Reports", xhrs=(
            ("/api/v2/reports/catalog", "/api/v2/reports/catalog", "", (3000, 3400)),))
        t += rng.uniform(5, 40)
        g = guid("exp", t, user, report)
        t = self.api(t, cli, user, "/api/v2/exports", "/api/v2/exports", "", (260, 300), method="POST", status=202)
        for _ in range(rng.randint(1, 4)):
            t += rng.uniform(1.5, 3)
            t = self.api(t, cli, user, "/api/v2/exports/" + g, "/api/v2/exports/{exportId:guid}", "", (240, 330), med=5)
        t += rng.uniform(0.5, 2)
        size = (2_000_000, 14_000_000) if big else (40_000, 900_000)
        return self.api(t, cli, user, "/api/v2/exports/%s/file" % g, "/api/v2/exports/{exportId:guid}/file",
                        "format=" + fmt, size, ctype=CSV, med=900 if big else 250)

    def screenings(self, t, cli, user, did, page=1):
        return self.page(t, cli, user, "/EarlyChildhood/Screenings", "/EarlyChildhood/Screenings", xhrs=(
            ("/api/v2/ec/screenings", "/api/v2/ec/screenings", "districtId=%d&page=%d&pageSize=25" % (did, page),
             (4000, 16000)),))

    def help(self, t, cli, user, topic):
        return self.page(t, cli, user, "/Help/" + topic, "/Help/{topic}", size=(9000, 15000))


def problem(status):
    return (PROB, (300, 420)) if status >= 400 else (JSON, (1800, 3900))


__all__ = ["Client", "Sim", "problem", "TEXT"]
