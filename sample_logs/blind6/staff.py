"""Ordinary staff: what each role does in Beacon, and a working day (office, home, phone, evening)."""
import random

from . import app
from .client import Browser
from .world import Device

SUBJECTS = ("ELA", "MATH", "SCI")
GRADES = ("03", "04", "05", "06", "07", "08", "11")
TASKS = {"teacher": {"roster": 6, "lookup": 2, "home": 2, "reports": 2, "accom": 1},
         "counselor": {"lookup": 6, "accom": 2, "reports": 1, "home": 1, "acct": 0.5},
         "school_tc": {"testing": 4, "accom": 3, "lookup": 2, "reports": 2, "home": 1},
         "principal": {"acct": 4, "reports": 2, "lookup": 1.5, "home": 2},
         "clerk": {"lookup": 6, "accom": 1, "home": 1, "grid": 1},
         "district_steward": {"grid": 4, "acct": 2, "lookup": 2, "reports": 2, "home": 1},
         "district_tc": {"testing": 2, "reports": 3, "acct": 1, "lookup": 1, "home": 1},
         "district_admin": {"acct": 4, "home": 2, "reports": 1},
         "state_staff": {"acct": 5, "reports": 1, "home": 2, "grid": 0.5}}
GAP = {"teacher": 240, "counselor": 300, "school_tc": 260, "principal": 480, "clerk": 240,
       "district_steward": 280, "district_tc": 360, "district_admin": 600, "state_staff": 420}


def think(p, r, scale=1.0):
    return min(900.0, 1.2 + scale * p.think * r.lognormvariate(0.0, p.sigma))


def pupils(w, p, r):
    if p.sections:
        return r.choice(p.sections)[1]
    return w.students(r.choice(w.scope_schools(p) if p.role != "state_staff" else w.schools))


def view_student(b, t, p, r, sid, guid, tabs=None):
    t = b.open(t, "profile", sid=sid)
    for tab in tabs if tabs is not None else r.sample(("assess", "accom", "enroll"), r.choice((0, 1, 1, 2, 3))):
        t = b.open(t + think(p, r), tab, sid=sid, guid=guid)
    return t


def task(kind, w, b, t, p, r):
    sc = w.scope_schools(p)
    school = p.school or r.choice(sc if p.role != "state_staff" else w.schools)
    if kind == "home":
        return b.open(t, "home", who=p.key, day=int(t // 86400))
    if kind == "roster":
        sec, ids = r.choice(p.sections)
        t = b.open(t, "roster", section=sec, n=len(ids))
        for _ in range(min(len(ids), int(r.expovariate(1 / 2.5)))):
            sid, guid = r.choice(ids)
            t = view_student(b, t + think(p, r), p, r, sid, guid)
            if r.random() < 0.6:
                t = b.open(t + think(p, r, 0.3), "roster", section=sec, n=len(ids))
        return t
    if kind == "lookup":
        t = b.open(t, "search")
        ids = pupils(w, p, r)
        for _ in range(1 + int(r.expovariate(1 / 1.6))):
            sid, guid = r.choice(ids)
            prefix = r.choice(("gar", "nguy", "smi", "john", "wil", "rod", "mar", "tho", "lee", "dav"))
            for k in range(r.randint(1, 3)):
                stem, qs = "/api/odata/Students", (f"$filter=startswith(LastName,%27{prefix[:k + 2]}%27)&$orderby=LastName"
                                                   f"&$skip=0&$top=25&$count=true")
                t = b.emit(t + r.uniform(0.6, 2.5), "GET", stem, qs, 200, 900 + app.hx(prefix, k) % 7000,
                           ref=b.cur, api=True, svc="api")
            if r.random() < p.habits["typo"] * 8:            # a mistyped state ID
                bad = sid[:3] + r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") + sid[4:]
                return b.open(t + think(p, r), "error404", stem="/Student/Profile.aspx", qs=f"StudentID={bad}")
            t = view_student(b, t + think(p, r, 0.5), p, r, sid, guid)
            t = b.open(t + think(p, r, 0.5), "search") if r.random() < 0.5 else t
        return t
    if kind == "accom":
        sid, guid = r.choice(pupils(w, p, r))
        t = b.open(t, "accom", sid=sid)
        if r.random() < 0.6:
            t = b.postback(t + think(p, r, 2.0), "accom", sid=sid, size_delta=r.randrange(-300, 900))
        return t
    if kind == "reports":
        t = b.open(t, "reports", code=school.code)
        for _ in range(r.choice((0, 1, 1, 2))):
            t = b.postback(t + think(p, r), "reports", code=school.code, grade=r.choice(GRADES))
        for _ in range(r.choice((0, 1, 1, 2, 3))):
            if r.random() < 0.5:
                sid = r.choice(pupils(w, p, r))[0]
                f = app.q(f"ISR/{w_year()}/{sid}.pdf")
                t = b.download(t + think(p, r), f, app.pdf_size(sid))
            else:
                f = app.q(f"SchoolReports/{w_year()}/{school.code}/{r.choice(SUBJECTS)}_G{r.choice(GRADES)}.pdf")
                t = b.download(t + think(p, r), f, app.pdf_size(f))
        return t
    if kind == "acct":
        for _ in range(r.randint(1, 3)):
            if p.role in ("district_admin", "district_steward") and r.random() < 0.4:
                t = b.open(t, "acct_district", code=p.district.code, year=r.choice(("2024", "2024", "2023")))
            else:
                t = b.open(t, "acct_school", code=r.choice(sc).code, year=r.choice(("2024", "2024", "2023")))
            t += think(p, r, 1.5)
        return t
    if kind == "testing":
        t = b.open(t, "sessions", code=school.code)
        sess = app.token(8, school.code, t // 3600)
        guid = f"{app.hexs(8, sess)}-{app.hexs(4, sess, 1)}-4{app.hexs(3, sess, 2)}-a{app.hexs(3, sess, 3)}-{app.hexs(12, sess, 4)}"
        t = b.open(t + think(p, r), "monitor", session=guid)
        for _ in range(r.choice((0, 1, 2, 3))):
            stay = r.uniform(60, 900)
            b.idle(t, t + stay)
            t = b.postback(t + stay, "monitor", session=guid)
        return t
    if kind == "grid":
        code = school.code
        t = b.open(t, "grid", code=code)
        for k in range(r.randint(1, 6)):
            stem, qs = app.odata_students(code, 50 * k, 50)
            t = b.emit(t + (0.5 if k == 0 else think(p, r, 0.4)), "GET", stem, qs, 200, 21000 + app.hx(code, k) % 9000,
                       ref=b.cur, api=True, svc="api")
        if r.random() < 0.35:
            t = b.download(t + think(p, r), app.q(f"Exports/{app.hexs(8, code, t)}-{app.hexs(4, t)}.xlsx"),
                           180000 + app.hx(code) % 900000, svc="xlsx")
        return t
    raise KeyError(kind)


def w_year():
    return "2025"


def session(w, p, b, t, t_end, r, tasks=None):
    """Work in Beacon from t until about t_end on browser b; returns the end time."""
    weights = TASKS[p.role] if tasks is None else tasks
    kinds, wts = list(weights), list(weights.values())
    first = True
    while t < t_end:
        if first and r.random() < p.habits["forgot"] * 10 and not b.authed(t):
            b.fails = r.randint(2, 3)
            t = b.login_page(t, "ReturnUrl=%2f")
            for _ in range(b.fails):
                t = b.post_login(t + r.uniform(4, 12), "ReturnUrl=%2f", ok=False)
            b.fails = 0
            t = b.forgot(t + r.uniform(3, 10))
        elif not b.authed(t) and r.random() < p.habits["fail"]:
            b.fails = r.choice((1, 1, 2))
        first = False
        kind = r.choices(kinds, wts)[0]
        if kind == "roster" and not p.sections:
            kind = "lookup"
        t = task(kind, w, b, t, p, r)
        if r.random() < p.habits["typo"]:
            bad = r.choice(("/Student/Profle.aspx", "/Reports/ScoreReport.aspx", "/Home/Indx", "/Students/Serach"))
            t = b.open(t + think(p, r), "error404", stem=bad)
        gap = min(3600.0, GAP[p.role] * r.lognormvariate(0.0, 0.9))
        b.idle(t, min(t + gap, t_end))
        t += gap
    return t


def browser(w, p, sink, r, where, t):
    """Open the person's browser at work/home/phone."""
    if where == "work":
        if p.vdi:
            dev = Device("chrome", w.chrome - 2)          # non-persistent Citrix desktop: empty cache each time
            return Browser(sink, w, r, w.work_ip(p, r), device=dev, acct=p.acct)
        filt = p.school.filter if p.school else False
        xff = f"10.{app.hx(p.key) % 200 + 20}.{app.hx(p.key, 2) % 250}.{app.hx(p.key, 3) % 250 + 2}" if filt else None
        return Browser(sink, w, r, w.work_ip(p, r), device=p.work, acct=p.acct, xff=xff,
                       transport="longPolling" if filt else "webSockets")
    if where == "home":
        return Browser(sink, w, r, p.home_ip, device=p.home, acct=p.acct)
    return Browser(sink, w, r, w.mobile_ip(r), device=p.phone, acct=p.acct)


def workday(w, p, day, sink, where=None, skip_work=False):
    """One ordinary day. Returns (start, end) of the work part (for look-alikes that build on it)."""
    r = random.Random(f"blind6/{w.seed}/day/{p.key}/{day}")
    if not w.weekday(day):
        if r.random() < 0.06:
            t = w.local(day, r.uniform(10, 20))
            b = browser(w, p, sink, r, "home", t)
            b.close(session(w, p, b, t, t + r.uniform(600, 3000), r))
        return None
    if r.random() > p.habits["present"]:
        return None
    if p.habits["update"] and day == 1 and isinstance(p.work.v, int):
        p.work.v += 1                                  # the browser updated itself overnight
    teacher = p.role == "teacher"
    start = w.local(day, r.gauss(7.3 if teacher else 7.9, 0.45))
    end = start + r.uniform(8.0, 9.6) * 3600
    if where is None:
        where = "home" if (not teacher and r.random() < p.habits["wfh"]) else "work"
    if r.random() < p.habits["phone"]:
        t = start - r.uniform(900, 3600)
        b = browser(w, p, sink, r, "phone", t)
        b.close(session(w, p, b, t, t + r.uniform(60, 400), r, {"home": 2, "lookup": 1, "reports": 0.5}))
    if not skip_work:
        lunch = w.local(day, r.uniform(11.3, 12.8))
        if teacher:
            windows = [(start, start + r.uniform(600, 2400))]
            for _ in range(r.randint(1, 3)):
                a = w.local(day, r.uniform(8.5, 15.0))
                windows.append((a, a + r.uniform(600, 2700)))
            windows.append((end - r.uniform(1800, 3600), end))
            windows.sort()
            b = browser(w, p, sink, r, where, start)
            t = start
            for i, (a, z) in enumerate(windows):
                if a < t:
                    continue
                t = session(w, p, b, a, z, r)
                nxt = next((x for x, _ in windows[i + 1:] if x > t), None)
                if nxt is not None and r.random() < 0.5:
                    b.idle(t, nxt)                      # tab left open until the next free period
                else:
                    b.close(t)
            b.close(t)
        else:
            b = browser(w, p, sink, r, where, start)
            t = session(w, p, b, start, lunch, r)
            back = max(t, lunch) + r.uniform(1200, 3600)
            b.idle(t, back)
            t = session(w, p, b, back, end, r)
            if r.random() < p.habits["logoff"]:
                t = b.logoff(t)
            b.close(t)
    if r.random() < p.habits["evening"]:
        t = w.local(day, r.uniform(19.0, 22.0))
        b = browser(w, p, sink, r, "home", t)
        b.close(session(w, p, b, t, t + r.uniform(600, 3600), r))
    return start, end
