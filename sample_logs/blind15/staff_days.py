"""Ordinary staff days by role: school days with bell periods, evenings from home, phones, break and weekend days."""
import datetime as _dt

from . import tasks as T
from .client import Client, lognorm
from .world import BREAK_FROM, GRADES_DUE, SCHOOLS, START_LOCAL, mobile_ip

TEACHING = ("teacher", "dept_head", "sped_coordinator")
EVENING = {"teacher": 0.15, "dept_head": 0.2, "sped_coordinator": 0.15, "counselor": 0.3, "assistant_principal": 0.25,
           "principal": 0.35, "district_analyst": 0.12, "it_admin": 0.15, "sysadmin": 0.2, "office": 0.03,
           "nurse": 0.03, "registrar": 0.1, "district_registrar": 0.12, "curriculum_coordinator": 0.15,
           "assessment_coordinator": 0.15}
OFF_DAY = {"counselor": 0.35, "registrar": 0.4, "district_registrar": 0.45, "it_admin": 0.5, "sysadmin": 0.5,
           "district_analyst": 0.3, "principal": 0.3}


def day_kind(d):
    date = (START_LOCAL + _dt.timedelta(days=d)).date()
    if date.weekday() >= 5:
        return "weekend"
    return "break" if date >= BREAK_FROM else "school"


def grades_due(d):
    return (START_LOCAL + _dt.timedelta(days=d)).date() <= GRADES_DUE


class Person:
    """A staff member's devices: district laptop (campus network), home computer (maybe the laptop), phone."""

    def __init__(self, E, w, s, rng, A):
        self.s, self.w, self.rng = s, w, rng
        ip, xff = T.campus_net(s, rng)
        self.laptop = Client(E, rng, s.laptop, ip, xff, device=(s.uid, "laptop"), assets=A)
        self.home = self.laptop if s.home_ua == s.laptop else Client(E, rng, s.home_ua, s.home,
                                                                     device=(s.uid, "home"), assets=A)
        self.phone = Client(E, rng, s.phone, mobile_ip(rng), device=(s.uid, "phone"), assets=A) if s.phone else None
        for c in (self.laptop, self.home, self.phone):
            if c is not None:
                c.role = s.role
        self.heavy = False

    def to_campus(self, c):
        if c is self.laptop:
            c.move(*T.campus_net(self.s, self.rng))

    def to_home(self, c):
        c.move(self.s.home)


def ensure(p, c, t):
    """Signs in unless the device still has a live session (Devise timeout: 3 h idle)."""
    if c.last is None or t - c.last > 3 * 3600:
        c.uid, c.page = None, None
    return c.sign_in(t, p.s)


def session(p, c, t, until, work=None, min_tasks=1, gap=240.0, close=True):
    """Signs in when needed, works task after task until `until`, then closes the lid (close=False: the tab stays
    open on the desk and the Action Cable socket with it)."""
    rng, s = p.rng, p.s
    t = ensure(p, c, t)
    work = work or WORK.get(s.role, district_work if s.campus == "DO" else office_work)
    n = 0
    while t < until or n < min_tasks:
        t = work(p, c, t)
        n += 1
        if c.cable is not None and rng.random() < 0.04:
            c.cable_close(t + rng.uniform(0, 60))
            c.cable_open(t + rng.uniform(62, 70))
        t += lognorm(rng, gap, 0.9)
    if close:
        c.leave(t)
    c.last = t
    return t


def _secs(p):
    return p.s.sections or [rp for rp in p.w.sections][:1]


def teacher_work(p, c, t):
    rng, w = p.rng, p.w
    r = rng.random()
    sec = rng.choice(_secs(p))
    if r < 0.34:
        edits = int(lognorm(rng, 12 if p.heavy else 3, 0.5))
        return T.gradebook(c, t, w, sec, min(edits, 30), gap=6 if p.heavy else 9)
    if r < 0.6:
        tabs = rng.choice([("grades",), ("contacts",), (), ("grades",), ("contacts",), (), ("attendance",),
                           ("health",) if rng.random() < 0.3 else ("notes",)])
        return T.open_pupil(c, t, w, rng.choice(w.sections[sec][2]), tabs)
    if r < 0.75:
        return T.roster(c, t, w, sec)
    if r < 0.9:
        return T.messages(c, t)
    if p.s.role == "dept_head" and r < 0.96:
        return c.visit(t, "/departments/%d/grade_distribution?term=S1" % (SCHOOLS.index(p.s.campus) * 10 + 3)) + 30
    return T.dashboard(c, t)


def counselor_work(p, c, t):
    rng, w, s = p.rng, p.w, p.s
    r = rng.random()
    mine = w.caseload.get(s.uid) or [q.pid for q in w.by_school.get(s.campus, w.by_school["NRH"])[:50]]
    if r < 0.55:
        req = rng.randint(8100, 9899)
        t = c.visit(t, "/transcript_requests?status=pending") + lognorm(rng, 8, 0.5)
        t = c.visit(t, "/transcript_requests/%d" % req) + lognorm(rng, 6, 0.5)
        pid = rng.choice([q for q in mine if w.pupils[q].grade == 12] or mine)
        t = T.transcript(c, t, pid, pdf=rng.random() < 0.6)
        body = {"authenticity_token": "[FILTERED]", "delivery": {"method": rng.choice(["electronic", "electronic",
                                                                                        "mail"])},
                "commit": "Send transcript"}
        return c.submit(t, "/transcript_requests/%d/send" % req, "/transcript_requests?status=pending",
                        {"body": body})
    if r < 0.8:
        pid = rng.choice(mine)
        t = T.open_pupil(c, t, w, pid, ("grades", "notes"))
        return T.note(c, t, pid) if rng.random() < 0.5 else t
    if r < 0.9:
        return c.visit(t, "/caseload?grade=%d" % rng.choice([12, 12, 11, 10, 9])) + lognorm(rng, 40, 0.6)
    return T.messages(c, t)


def registrar_work(p, c, t):
    rng, w, s = p.rng, p.w, p.s
    school = s.campus if s.campus in SCHOOLS else rng.choice(SCHOOLS)
    r = rng.random()
    pid = T.pick_pid(w, rng, school)
    if r < 0.35:
        t = c.visit(t, "/records_requests?status=open") + lognorm(rng, 10, 0.5)
        return T.transcript(c, t, pid)
    if r < 0.75:
        return T.open_pupil(c, t, w, pid, ("enrollment_history",))
    return T.messages(c, t)


def office_work(p, c, t):
    rng, w, s = p.rng, p.w, p.s
    school = s.campus if s.campus in SCHOOLS else rng.choice(SCHOOLS)
    r = rng.random()
    if r < 0.35:
        day = _dt.datetime.fromtimestamp(t, START_LOCAL.tzinfo).strftime("%Y-%m-%d")
        t = c.visit(t, "/attendance/daily?school=%s&date=%s" % (school, day)) + lognorm(rng, 20, 0.5)
        for _ in range(rng.randint(1, 6)):
            body = {"authenticity_token": "[FILTERED]", "attendance_record": {"code": rng.choice(["E", "U", "T", "CK"])},
                    "commit": "Update"}
            rec = rng.randint(7700000, 7799999)
            t = c.submit(t, "/attendance_records/%d" % rec, "/attendance/daily?school=%s&date=%s" % (school, day),
                         {"body": body}, rm="PATCH") + lognorm(rng, 25, 0.6)
        return t
    if r < 0.8:
        return T.open_pupil(c, t, w, T.pick_pid(w, rng, school), ("contacts",))
    return T.messages(c, t)


def admin_school_work(p, c, t):
    rng, w, s = p.rng, p.w, p.s
    r = rng.random()
    if r < 0.45:
        return T.open_pupil(c, t, w, T.pick_pid(w, rng, s.campus), rng.choice([("incidents",), ("grades",),
                                                                               ("attendance", "contacts")]))
    if r < 0.6:
        return T.report(c, t, rng.choice(["failing_grades", "attendance_rates", "enrollment"]), s.campus)
    if r < 0.8:
        return T.messages(c, t)
    return T.dashboard(c, t)


def nurse_work(p, c, t):
    rng, w, s = p.rng, p.w, p.s
    if rng.random() < 0.75:
        pid = T.pick_pid(w, rng, s.campus)
        t = T.open_pupil(c, t, w, pid, ("health",))
        if rng.random() < 0.6:
            body = {"authenticity_token": "[FILTERED]", "health_visit": {"reason": rng.choice(
                ["headache", "injury", "medication", "illness"]), "disposition": rng.choice(["returned_to_class",
                                                                                            "sent_home"])},
                    "commit": "Log visit"}
            t = c.submit(t, "/students/%d/health_visits" % pid, "/students/%d/health" % pid, {"body": body})
        return t
    return T.messages(c, t)


def district_work(p, c, t):
    rng, w, s = p.rng, p.w, p.s
    r = rng.random()
    if s.role in ("it_admin", "sysadmin") and r < 0.6:
        t = c.visit(t, "/admin/users?q=%s" % T.pick_name(w, rng)[:4].lower()) + lognorm(rng, 10, 0.6)
        if rng.random() < 0.7:
            t = c.visit(t, "/admin/users/%d" % rng.choice(list(w.by_uid))) + lognorm(rng, 20, 0.6)
        if rng.random() < 0.3:
            t = c.visit(t, "/admin/audits?user_id=%d" % rng.choice(list(w.by_uid))) + lognorm(rng, 30, 0.6)
        return t
    if s.role == "district_registrar" and r < 0.6:
        return registrar_work(p, c, t)
    if r < 0.75:
        return T.report(c, t, rng.choice(["enrollment", "grade_distribution", "attendance_rates", "failing_grades"]),
                        rng.choice(SCHOOLS), csv=s.role == "district_analyst" and rng.random() < 0.5)
    if r < 0.85:
        return T.open_pupil(c, t, w, T.pick_pid(w, rng, None), ())
    return T.messages(c, t)


WORK = {"teacher": teacher_work, "dept_head": teacher_work, "sped_coordinator": teacher_work,
        "counselor": counselor_work, "registrar": registrar_work, "office": office_work,
        "assistant_principal": admin_school_work, "principal": admin_school_work, "nurse": nurse_work}


def school_day(p, d):
    rng, s = p.rng, p.s
    c = p.laptop
    p.to_campus(c)
    p.heavy = False
    teach = s.role in TEACHING
    arrive = T.at(d, 7, 30 if teach else (15 if s.role == "office" else 40)) + rng.gauss(0, 12 * 60)
    leave = T.at(d, 16, 0 if teach else 10) + rng.gauss(0, 25 * 60)
    if teach:
        planning = s.uid % 7
        periods = [i for i in range(7) if i != planning][:len(s.sections)]
        t = session(p, c, arrive + rng.uniform(120, 900), T.at(d, 8, 15), gap=700, close=False)
        for i in range(7):
            ps = T.at(d, 8, 20 + 55 * i)
            if i in periods:
                sec = s.sections[periods.index(i)]
                t = max(t, ps + rng.uniform(60, 540))
                t = T.attendance(c, t, p.w, sec)
                if rng.random() < 0.12:
                    t = teacher_work(p, c, t + lognorm(rng, 900, 0.5))
                c.last = t
            elif rng.random() < 0.55:
                t = session(p, c, max(t, ps + rng.uniform(60, 600)), ps + 45 * 60, gap=1800, close=False)
        if rng.random() < 0.6:
            t = session(p, c, max(t, T.at(d, 15, 35)), leave, gap=1200, close=False)
    else:
        t = arrive
        lunch = T.at(d, 11, 30) + rng.uniform(0, 75 * 60)
        g = {"office": 2000, "counselor": 1500, "registrar": 1700}.get(s.role, 2400)
        t = session(p, c, t, lunch, gap=g, close=False)
        t = session(p, c, max(t, lunch + rng.uniform(25, 45) * 60), leave, gap=g, close=False)
    t = max(t, leave) + rng.uniform(0, 600)
    c.leave(t)
    c.last = t
    if rng.random() < 0.2 and c.uid is not None:
        c.sign_out(t + 5)
    if p.phone is not None and rng.random() < 0.25:
        ph = p.phone
        lt = T.at(d, 11, 45) + rng.uniform(0, 60 * 60)
        ph.move(*T.phone_net(s, rng, True))
        session(p, ph, lt, lt + 120, work=lambda q, cc, tt: T.messages(cc, tt), min_tasks=1)
    evening(p, d)


def evening(p, d, prob=None):
    rng, s = p.rng, p.s
    pr = EVENING.get(s.role, 0.1) if prob is None else prob
    if s.role in TEACHING and grades_due(d) and day_kind(d) == "school":
        pr = min(0.75, pr + 0.2)
    if rng.random() >= pr:
        return
    p.heavy = s.role in TEACHING and grades_due(d)
    c = p.home
    p.to_home(c)
    t = T.at(d, 19, 0) + rng.uniform(0, 3.2 * 3600)
    session(p, c, t, t + lognorm(rng, 35 * 60, 0.5), gap=420 if p.heavy else 600)


def off_day(p, d):
    rng, s = p.rng, p.s
    kind = day_kind(d)
    pr = OFF_DAY.get(s.role, 0.08) * (0.5 if kind == "weekend" else 1.0)
    if rng.random() < pr:
        c = p.home
        p.to_home(c)
        t = T.at(d, rng.choice([9, 10, 13, 14, 20]), rng.uniform(0, 59))
        session(p, c, t, t + lognorm(rng, 35 * 60, 0.5), gap=600)


def run(E, w, s, rng, days, A, absent=0.05, special=None):
    """All days of one staff member; special maps a day index to a function(person, day) replacing that day."""
    p = Person(E, w, s, rng, A)
    n0 = len(E)
    for d in range(days):
        if special and d in special:
            special[d](p, d)
        elif day_kind(d) != "school":
            off_day(p, d)
        elif rng.random() < absent:
            evening(p, d, prob=0.4)
        else:
            school_day(p, d)
    if len(E) == n0:
        c = p.phone or p.home
        p.to_home(c) if c is not p.phone else c.move(mobile_ip(rng))
        session(p, c, T.at(days - 1, 20, rng.uniform(0, 90)), 0, min_tasks=1)
    return p
