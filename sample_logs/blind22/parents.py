"""Parent portal (``/parent/``, same hosts, local accounts keyed by the guardian's e-mail) and anonymous visitors
of the public pages (calendars, lunch menus)."""
from . import world as W
from .client import Browser, BASE
from .services import PUBLIC

WINDOWS = [((6.3, 8.0), 0.18), ((11.5, 13.0), 0.12), ((15.0, 17.8), 0.25), ((17.8, 22.6), 0.45)]


def guardian_session(w, g, day, t, out, r, actor=None, b=None, ua=None, ip=None, extra=()):
    """A portal visit: sign-in (or remembered), a few pages, sometimes sign-out. Returns the end time."""
    if b is None:
        if ip is None:
            ip = g.home_ip if (not g.on_phone or r.random() < 0.55) else W.carrier_ip(r, g.carrier)
        b = Browser(out, r, ua or g.ua, ip, actor=actor)
    sid = g.child.sid
    remembered = actor is None and r.random() < 0.4
    if remembered:
        b.user = g.login
        t = b.page(t, "/parent/home.php", group="parent", ref="-")
    else:
        t = b.page(t, "/parent/login.php", group="parent", ref="-", auth=False) + r.uniform(6, 25)
        if r.random() < 0.06:
            t = b.post(t, "/parent/login.php", ref=BASE + "/parent/login.php", auth=False) + 0.05
            t = b.page(t, "/parent/login.php?e=1", group="parent", auth=False) + r.uniform(6, 20)
        typed = g.login
        if "iPhone" in b.ua and r.random() < 0.6:
            typed = g.login[0].upper() + g.login[1:]
        b.user = typed
        t = b.post(t, "/parent/login.php", ref=BASE + "/parent/login.php") + 0.05
        t = b.page(t, "/parent/home.php", group="parent", ref=BASE + "/parent/login.php")
    t += r.uniform(4, 30)
    pages = ["/parent/grades.php?stu=%s&term=2027Q2" % sid, "/parent/attendance.php?stu=" + sid,
             "/parent/assignments.php?stu=%s&course=%d" % (sid, r.randint(1001, 1299)), "/parent/messages.php",
             "/parent/lunch_balance.php?stu=" + sid, "/parent/student.php?stu=" + sid]
    for pg in r.sample(pages, r.choice([1, 1, 2, 2, 3, 4])) + list(extra):
        t = b.page(t, pg, 500 if r.random() < 0.002 else 200, group="parent") + r.uniform(5, 60)
    if r.random() < 0.05:
        t = b.hit(t, "GET", "/parent/report_card.php?stu=%s&term=2027Q1" % sid, kind="pdf") + r.uniform(10, 60)
    if r.random() < 0.15:
        t = b.hit(t, "GET", "/parent/logout.php", 302, "redir") + 0.05
        b.user = None
        t = b.page(t, "/parent/login.php?bye=1", group="parent", auth=False)
    return t


def run(w, out):
    r = w.rng("parents")
    for day in range(w.days):
        share = 0.075 if w.school_day[day] else 0.03
        for g in w.guardians:
            if r.random() >= share:
                continue
            (lo, hi), = r.choices([win for win, _ in WINDOWS], [k for _, k in WINDOWS])
            g.seen = True
            guardian_session(w, g, day, w.t(day, r.uniform(lo, hi)), out, r)
        for _ in range(int(len(w.pupils) * (0.03 if w.school_day[day] else 0.012))):   # anonymous visitors
            ua = W.phone_ua(r) if r.random() < 0.65 else W.home_ua(r)
            ip = W.carrier_ip(r) if r.random() < 0.4 else W.home_ip(r)
            b = Browser(out, r, ua, ip, cached=r.random() < 0.5)
            t = w.t(day, r.uniform(6.0, 22.5))
            ref = r.choice(["https://www.google.com/", "https://www.harlowcps.org/", "-", "-"])
            t = b.page(t, r.choice(PUBLIC), ref=ref, auth=False) + r.uniform(5, 90)
            if r.random() < 0.3:
                b.page(t, r.choice(PUBLIC), auth=False)
