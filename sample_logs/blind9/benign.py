"""Benign staff: office days, evening sessions, keep-alive dashboards, and the task vocabulary."""
from . import world as W
from .client import Browser, ln, hexid, open_pupil, search

REPORTS = ["ENR-CENSUS", "ENR-CONTACTS", "ATT-DAILY", "ATT-CHRONIC", "PRG-EL", "PRG-FRPM", "HLT-ALERTS",
           "ENR-CHANGES", "GRD-ROSTER", "ENR-ADDR-VERIFY"]
EXTRACTS = ["SENR", "SINF", "SPRG", "SELA", "STAS", "SCSC", "CRSC", "SCSE", "SDEM", "SASS", "SINC", "SIRS", "SOFF"]

TASKS = {
    "registrar": [("lookup", 4), ("roster", 2), ("enrol", 2), ("withdraw", 1), ("report", .5), ("home", .5)],
    "counselor": [("lookup", 6), ("roster", 1), ("report", .5), ("home", .5)],
    "teacher": [("lookup", 3), ("roster", 3), ("home", 1)],
    "site_admin": [("lookup", 3), ("roster", 2), ("report", 2), ("home", 1), ("admin", .3)],
    "attendance_tech": [("lookup", 3), ("roster", 3), ("report", 2)],
    "health_clerk": [("lookup", 5), ("roster", 1)],
    "office_manager": [("lookup", 3), ("roster", 2), ("report", 1), ("enrol", .5)],
    "data_coordinator": [("validation", 4), ("extracts", 1.5), ("lookup", 2), ("report", 1.5)],
    "coe_analyst": [("report", 4), ("lookup", 1), ("extracts", .5), ("home", 1)],
    "help_desk": [("lookup", 4), ("admin", 3), ("home", 1)],
    "auditor": [("lookup", 5), ("report", 1)],
    "coe_data_staff": [("validation", 3), ("extracts", 2), ("report", 2)],
}
RATE = {"registrar": 3.7, "counselor": 3.1, "teacher": 1.8, "site_admin": 2.2, "attendance_tech": 3.3,
        "health_clerk": 2.5, "office_manager": 2.8, "data_coordinator": 3.1, "coe_analyst": 2.5,
        "help_desk": 4.2, "auditor": 2.2, "coe_data_staff": 2.9}


def pick(r, mix):
    tot = sum(p for _, p in mix)
    x = r.random() * tot
    for name, p in mix:
        x -= p
        if x < 0:
            return name
    return mix[-1][0]


def poisson(r, lam):
    n, acc = 0, r.expovariate(1.0)
    while acc < lam:
        n += 1
        acc += r.expovariate(1.0)
    return n


def pupil_for(w, st, r):
    sch = r.choice(W.school_of(w, st))
    return sch, r.choice(sch.pupils)


def ensure_auth(w, st, b, t, target="/sdh/home.xhtml", query="", kind="home"):
    """Sign in again if needed (SSO session 8 h; local form session dies with the JSF session)."""
    r = b.r
    if st.login == "sso":
        if not b.user or t - b.auth_t > 8 * 3600:
            b.user, b.auth = "", ""
            return b.sso(t, st.key, target, query, kind, idp=ln(r, 2.5, .5) if b.auth_t > 0 else None)
        if t - b.last > 1800 and not b.keepalive and r.random() < .3:   # stale page: ViewExpiredException
            t = b.send(t, "POST", b.cur, 302, 0, ln(r, 30, .4))
            return b.page(t + .05, "/sdh/error/expired.xhtml", "", "expired")
        return t
    if not b.jsid:
        return b.local_login(t, True, target)
    if t - b.last > 1800:    # session gone: Tomcat answers the protected URL with the login form
        t = b.send(t, "GET", target + ("?" + query if query else ""), 200, 14500, ln(r, 60, .4))
        b.jsid = hexid(r, 32)
        t = b.send(t + ln(r, 8, .5), "POST", "/sdh/j_security_check", 302, 0, ln(r, 180, .4))
        b.jsid, b.last = hexid(r, 32), t
        return b.page(t + .05, target, query, kind)
    return t


def task(w, st, b, t, kind, r):
    lea = st.lea if st.lea != "00" else r.choice(W.DISTRICTS[:12])[0]
    if kind == "lookup":
        n = r.choice([1, 1, 2, 2, 3])
        if r.random() < .55:
            t = search(b, t, r, lea, scope="school" if st.school else "district", paging=r.choice([0, 0, 1]))
            t += ln(r, 8, .6)
        for i in range(n):
            sch, pk = pupil_for(w, st, r)
            x = r.random()
            if x < .015:
                pk = "%s-%06d" % (sch.lea, r.randint(100000, 999999))
                t = open_pupil(b, t, pk, r, status=404)
            elif x < .025 and st.role in ("teacher", "health_clerk", "counselor"):
                other = r.choice(list(w["schools"].values()))
                t = open_pupil(b, t, r.choice(other.pupils), r, status=403 if other.code != st.school else 200)
            else:
                t = open_pupil(b, t, pk, r)
            t += ln(r, 18, .8)
    elif kind == "roster":
        sch = r.choice(W.school_of(w, st))
        t = b.page(t, "/sdh/enrol/roster.xhtml", "school=%s&grade=%s" % (sch.code, r.choice(["all", "K", "3", "6", "9"])),
                   "roster", ajax=r.choice([0, 1, 2, 3]), ajax_gap=5, dur=ln(r, 480, .5))
        for _ in range(r.choice([0, 1, 1, 2])):
            t = open_pupil(b, t + ln(r, 10, .6), r.choice(sch.pupils), r)
    elif kind == "enrol":
        sch = r.choice(W.school_of(w, st))
        t = b.page(t, "/sdh/enrol/new.xhtml", "school=" + sch.code, "new", ajax=r.randint(4, 10), ajax_gap=14)
        t = b.send(t + ln(r, 10, .5), "POST", b._url("/sdh/enrol/new.xhtml"), 302, 0, ln(r, 650, .4))
        pk = "%s-%06d" % (sch.lea, int(sch.pupils[-1][3:]) + r.randint(500, 2000))
        t = b.page(t + .05, "/sdh/pupil/summary.xhtml", "pk=" + pk, "summary", ajax=r.choice([0, 1]))
    elif kind == "withdraw":
        sch, pk = pupil_for(w, st, r)
        t = open_pupil(b, t, pk, r, contacts=False, cum=False)
        t = b.page(t + ln(r, 6, .5), "/sdh/enrol/withdraw.xhtml", "pk=" + pk, "withdraw", ajax=r.randint(1, 3))
        t = b.send(t + ln(r, 8, .5), "POST", b._url("/sdh/enrol/withdraw.xhtml"), 302, 0, ln(r, 400, .4))
        t = b.page(t + .05, "/sdh/pupil/summary.xhtml", "pk=" + pk, "summary")
    elif kind == "report":
        sch = r.choice(W.school_of(w, st))
        t = b.page(t, "/sdh/reports/catalog.xhtml", "", "reports")
        rpt = r.choice(REPORTS)
        t = b.page(t + ln(r, 7, .5), "/sdh/reports/run.xhtml", "rpt=%s&school=%s" % (rpt, sch.code), "run")
        for _ in range(1 + r.randint(1, 4)):
            t = b.ajax(t + ln(r, 2.2, .3))
        fmt = r.choice(["csv", "csv", "pdf", "xlsx"])
        job = "R" + hexid(r, 7)
        status = 500 if r.random() < .01 else 200
        t = b.download(t + ln(r, 3, .5), "/sdh/reports/download", "job=%s&fmt=%s" % (job, fmt),
                       int(ln(r, 180000, .9)) if status == 200 else 3100, ln(r, 1800, .7), status)
    elif kind == "extracts":
        t = b.page(t, "/sdh/calpads/extracts.xhtml", "lea=" + lea, "extracts", ajax=r.choice([0, 1]))
        for _ in range(r.randint(1, 4)):
            sch = r.choice([s for s in w["schools"].values() if s.lea == lea])
            t = extract(b, t + ln(r, 12, .6), r, r.choice(EXTRACTS), sch)
    elif kind == "validation":
        t = b.page(t, "/sdh/calpads/errors.xhtml", "lea=%s&type=%s" % (lea, r.choice(EXTRACTS[:6])), "errors",
                   ajax=r.randint(0, 3), ajax_gap=6, dur=ln(r, 900, .5))
        for _ in range(r.randint(1, 4)):
            sch = r.choice([s for s in w["schools"].values() if s.lea == lea])
            t = open_pupil(b, t + ln(r, 9, .6), r.choice(sch.pupils), r, tabs=r.randint(2, 5), contacts=False)
    elif kind == "admin":
        ok = st.role in ("help_desk",)
        t = b.page(t, "/sdh/admin/users.xhtml", "", "users", status=200 if ok else 403, ajax=r.randint(1, 3) if ok else 0)
        if ok:
            t = b.page(t + ln(r, 8, .5), "/sdh/admin/user.xhtml", "id=%d" % r.randint(1000, 4800), "users",
                       ajax=r.randint(0, 3))
    else:
        t = b.page(t, "/sdh/home.xhtml", "", "home", ajax=r.choice([0, 1, 2]))
    return t


def extract(b, t, r, typ, sch):
    size = int(ln(r, 40 * len(sch.pupils), .6)) * (3 if typ in ("SCSC", "CRSC", "SCSE") else 1)
    return b.download(t, "/sdh/calpads/extract.download", "type=%s&school=%s&ay=%s" % (typ, sch.code, W.AY),
                      size, ln(r, 2500 + size / 900, .5))


def polls(b, t0, stop, r):
    """PrimeFaces p:poll on an open dashboard tab: POST every 300 s to the (possibly rewritten) page URL.
    When the 8 h Easy Auth / OIDC session runs out the poll is redirected and the tab signs in again silently."""
    url = b._url("/sdh/home.xhtml") if b.rewrite else "/sdh/home.xhtml"
    ref = b.ref if b.cur == "/sdh/home.xhtml" else W.BASE + "/sdh/home.xhtml"
    user, auth_end, t = b.user, b.auth_t + 8 * 3600, t0 + 300 + r.uniform(-.3, .3)
    while t < stop:
        if t > auth_end:
            t = b.send(t, "POST", url, 200, 410, ln(r, 20, .3), ref=ref, user="")
            t = b.send(t + r.uniform(.2, .6), "GET", "/sdh/home.xhtml", 302, 0, ln(r, 10, .3), ref=ref, user="")
            t = b.send(t + r.uniform(.05, .2), "GET", "/sdh/home.xhtml", 302, 0, ln(r, 10, .3), ref=ref, user="",
                       route="sso_start")
            t = b.send(t + ln(r, 1.6, .3), "GET", "/sdh/home.xhtml", 302, 0, ln(r, 140, .4), user="",
                       ref="https://login.microsoftonline.com/", route="sso_cb")
            t = b.send(t + .1, "GET", "/sdh/home.xhtml", 200, int(r.uniform(40000, 52000)), ln(r, 210, .5),
                       ref="https://login.microsoftonline.com/", user=user)
            url, ref, auth_end = "/sdh/home.xhtml", W.BASE + "/sdh/home.xhtml", t + 8 * 3600
        else:
            b.send(t, "POST", url, 200, int(r.uniform(640, 910)), ln(r, 28, .4), ref=ref, user=user)
        t += 300 + r.gauss(0, .15)


def workday(w, st, b, day, r, arrive=None, leave=None, scale=1.0, mix=None, poll=None, signout_p=.25,
            lunch=True, weekend=False, fresh=True):
    """One office day through browser `b`.  Returns (start, end) epoch seconds or None."""
    if W.weekday(day) >= 5 and not weekend:
        return None
    arrive = arrive if arrive is not None else min(9.3, max(6.6, r.gauss(7.65, .4)))
    leave = leave if leave is not None else min(18.6, max(14.6, r.gauss(16.2, .55)))
    ls = r.uniform(11.4, 12.7)
    le = ls + r.uniform(.45, .9)
    if fresh:
        b.close()
    b.keepalive = st.keepalive if poll is None else poll
    t = ensure_auth(w, st, b, W.at(day, arrive))
    start = t
    overnight = b.keepalive and st.overnight
    if b.keepalive:
        polls(b, t, W.at(day + 1, r.uniform(5.5, 6.4)) if overnight else W.at(day, leave), r)
    n = poisson(r, RATE[st.role] * (leave - arrive - (le - ls)) * st.activity * scale)
    hours = sorted(r.uniform(arrive + .05, leave - .05) for _ in range(n))
    mix = mix or TASKS[st.role]
    for h in hours:
        if lunch and ls <= h <= le:
            continue
        ts = max(W.at(day, h), t + ln(r, 45, .8))
        if ts > W.at(day, leave + .3):
            break
        ts = ensure_auth(w, st, b, ts)
        t = task(w, st, b, ts, pick(r, mix), r)
    if r.random() < signout_p and not overnight:
        t = (b.sso_logout if st.login == "sso" else b.local_logout)(t + ln(r, 30, .6))
    return start, t


def evening(w, st, day, r, b):
    if W.weekday(day) >= 5 and r.random() > .5:
        return None
    t = W.at(day, r.uniform(18.8, 21.8))
    b.close()
    t = ensure_auth(w, st, b, t)
    start = t
    for _ in range(r.randint(1, 4)):
        t = task(w, st, b, t + ln(r, 40, .8), pick(r, [("lookup", 3), ("report", 1), ("home", 1)]), r)
    return start, t


def staff_days(sink, w, days, seed):
    """All staff not taken over by a look-alike or abuse module (st.custom)."""
    import random
    for st in w["staff"]:
        if getattr(st, "custom", False):
            continue
        r = random.Random("%s:staff:%s" % (seed, st.key))
        normal_days(sink, w, st, days, r)


def normal_days(sink, w, st, days, r, office=None, skip=()):
    office = office or Browser(sink, r, st.office_ip, st.office_ua, st.key, st.key)
    home = Browser(sink, r, st.home_ip, st.home_ua, st.key, st.key)
    for day in range(days):
        if day in skip:
            continue
        if W.weekday(day) < 5 and r.random() < .94:
            workday(w, st, office, day, r)
        elif W.weekday(day) >= 5 and r.random() < .06:
            workday(w, st, home, day, r, arrive=r.uniform(9, 14), scale=.3, poll=False, weekend=True,
                    leave=r.uniform(14.5, 16))
            continue
        if r.random() < st.evening_p:
            evening(w, st, day, r, home)
    return office, home
