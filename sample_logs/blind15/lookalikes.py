"""Benign look-alikes: people and scripts that legitimately read many records or look odd (all labelled benign)."""
from . import staff_days as SD
from . import tasks as T
from .client import Client, Ev, lognorm
from .world import BASE, CHROME, DO_SERVERS, DOMAIN, PROXY_IPS, SCHOOLS, UA_WIN_CHROME, Staff, phone_ua


def _first_school_day(days, skip=0):
    ds = [d for d in range(days) if SD.day_kind(d) == "school"]
    return ds[min(skip, len(ds) - 1)] if ds else 0


def registrar_records_batch(E, w, s, rng, days, A):
    """A registrar prints transcripts of 50-120 withdrawing / mid-year pupils in one morning, 15-45 s apart."""
    n = rng.randint(50, 120)

    def batch(p, d):
        c = p.laptop
        p.to_campus(c)
        t = SD.session(p, c, T.at(d, 7, 50) + rng.uniform(0, 900), T.at(d, 8, 20))
        t = c.visit(t, "/records_requests?status=open&batch=withdrawals") + 20
        school = s.campus if s.campus in SCHOOLS else rng.choice(SCHOOLS)
        for pid in rng.sample([q.pid for q in w.by_school[school]], n):
            t = T.transcript(c, t, pid) + lognorm(rng, 22, 0.4)
        c.last = t
        SD.session(p, c, t + 1800, T.at(d, 15, 45))
        SD.evening(p, d)
    return SD.run(E, w, s, rng, days, A, special={_first_school_day(days): batch}), {"n_transcripts": n}


def ap_failing_grades_review(E, w, s, rng, days, A):
    """An assistant principal opens every pupil on the failing-grades report (grades tab), 8-40 s apart."""
    n = rng.randint(40, 120)

    def review(p, d):
        c = p.laptop
        p.to_campus(c)
        t = SD.session(p, c, T.at(d, 7, 45), T.at(d, 9, 30))
        t = T.report(c, t + 600, "failing_grades", s.campus)
        pool = [q.pid for q in w.by_school[s.campus]]
        for pid in rng.sample(pool, n):
            c.page = BASE + "/reports/failing_grades?school=%s&term=S1" % s.campus
            t = c.visit(t, "/students/%d" % pid, [f % pid for f in T.STUDENT_FRAMES]) + lognorm(rng, 3, 0.5)
            t = c.frame(t, "/students/%d/grades" % pid) + lognorm(rng, 14, 0.6)
            if rng.random() < 0.08:
                t = T.note(c, t, pid) + 10
        c.last = t
        SD.session(p, c, t + 900, T.at(d, 16, 0))
    return SD.run(E, w, s, rng, days, A, special={_first_school_day(days, 1): review}), {"n_pupils": n}


def report_card_printing(E, w, s, rng, days, A):
    """Office staff print progress-report PDFs homeroom by homeroom."""
    n = rng.randint(30, 60)
    school = s.campus if s.campus in SCHOOLS else "NRH"

    def printing(p, d):
        c = p.laptop
        p.to_campus(c)
        t = SD.session(p, c, T.at(d, 7, 30), T.at(d, 8, 0))
        t = c.visit(t, "/report_cards/batches?school=%s&term=S1" % school) + 30
        for hr in rng.sample(range(100, 260), n):
            t = c.req(t, "GET", "/report_cards/batches/%s-S1-HR%d.pdf" % (school, hr), "pdf",
                      dur=lognorm(rng, 5, 0.3), size=int(lognorm(rng, 900000, 0.3))) + lognorm(rng, 35, 0.5)
        c.last = t
        SD.session(p, c, t + 600, T.at(d, 15, 45))
    return SD.run(E, w, s, rng, days, A, special={_first_school_day(days, 1): printing}), {"n_batches": n}


def it_script_own_account(E, w, s, rng, days, A, t0, t1):
    """An IT admin's cron job (Ruby Net::HTTP, own local password) polls the sync status every 5 min all day."""
    s.auth = "local"
    c = Client(E, rng, "Ruby", DO_SERVERS, accept_all="*/*", turbo=False, proto="HTTP/1.1")
    c.role = s.role
    t = t0 + rng.uniform(120, 240)
    t = c.req(t, "GET", "/users/sign_in", "page", ref=None)
    t = c.req(t + 0.1, "POST", "/users/sign_in", "signin_ok", 303, 0, ref=None,
              x={"email": s.email, "uid": s.uid, "loc": "/"})
    while t < t1:
        c.req(t + 0.2, "GET", "/admin/sync_status.json", "json", ref=None, size=int(lognorm(rng, 700, 0.1)))
        t += 300 + rng.uniform(-1.5, 1.5)
    return SD.run(E, w, s, rng, days, A), {"interval_s": 300, "script_ip": DO_SERVERS}


def phone_and_laptop_evening(E, w, s, rng, days, A):
    """A teacher grades on the laptop at home while checking messages and pupils on the phone at the same time."""
    def evening(p, d):
        SD.school_day(p, d)
        t = T.at(d, 20, rng.uniform(0, 40))
        p.to_home(p.home)
        p.heavy = True
        SD.session(p, p.home, t, t + 3600, gap=150)
        p.phone.move(*T.phone_net(s, rng, False))
        SD.session(p, p.phone, t + 600, t + 2400, gap=300)
    if s.phone is None:
        s.phone = phone_ua(rng)
    return SD.run(E, w, s, rng, days, A, special={d: evening for d in range(days) if SD.day_kind(d) == "school"}), {}


def cable_flapping(E, w, s, rng, days, A):
    """A Chromebook on a flaky access point: the Action Cable socket drops and reconnects every 20-120 s for hours."""
    n0 = len(E)
    p = SD.run(E, w, s, rng, days, A)
    d = _first_school_day(days)
    lo, hi = T.at(d, 8, 0), T.at(d, 11, 30)
    for i in range(n0, len(E)):
        e = E[i]
        if e.kind != "cable" or e.dur is None or not (lo <= e.t < hi) or e.ua != s.laptop:
            continue
        end, t = e.t + e.dur, e.t
        e.dur = lognorm(rng, 50, 0.6)
        t += e.dur + rng.uniform(1, 6)
        while t < min(end, hi) - 30:
            n = Ev()
            for f in Ev.__slots__:
                setattr(n, f, getattr(e, f))
            n.t, n.dur, n.seq = t, min(lognorm(rng, 50, 0.6), end - t), len(E)
            n.size = int(n.dur * 3) + 180
            E.append(n)
            t += n.dur + rng.uniform(1, 6)
    return p, {"window": "08:00-11:30 on the first school day"}


def coteachers_shared_desktop(E, w, pair, rng, days, A):
    """Two co-teachers take turns on one classroom desktop (same machine, own accounts, sign in and out)."""
    a, b = pair
    b.laptop, b.internal = a.laptop, a.internal
    pa, pb = SD.Person(E, w, a, rng, A), SD.Person(E, w, b, rng, A)
    desk = pa.laptop
    for pp in (pa, pb):
        pp.laptop = desk
        pp.home = Client(E, rng, pp.s.home_ua, pp.s.home, device=(pp.s.uid, "home"), assets=A)
        pp.home.role = pp.s.role
    for d in range(days):
        if SD.day_kind(d) != "school":
            SD.off_day(pa, d)
            SD.off_day(pb, d)
            continue
        slots = [(pa, 7, 40, 10, 20), (pb, 10, 25, 12, 50), (pa, 12, 55, 14, 30), (pb, 14, 35, 16, 5)]
        for pp, h0, m0, h1, m1 in slots:
            desk.role, desk.last, desk.uid = pp.s.role, None, None
            pp.to_campus(desk)
            t = SD.session(pp, desk, T.at(d, h0, m0 + rng.uniform(0, 4)), T.at(d, h1, m1) - 300, gap=240)
            desk.sign_out(t + 5)
            desk.leave(t + 8)
        for pp in (pa, pb):
            SD.evening(pp, d)
    return {"internal": a.internal}


def analyst_bulk_exports(E, w, s, rng, days, A):
    """A district analyst exports four reports for every school as CSV, 20-60 s apart."""
    def exports(p, d):
        c = p.laptop
        p.to_campus(c)
        t = SD.session(p, c, T.at(d, 8, 10), T.at(d, 8, 40))
        for slug in ("failing_grades", "grade_distribution", "attendance_rates", "enrollment"):
            for school in SCHOOLS:
                t = T.report(c, t, slug, school, csv=True) + lognorm(rng, 20, 0.5)
        c.last = t
        SD.session(p, c, t + 1200, T.at(d, 16, 30))
    return SD.run(E, w, s, rng, days, A, special={_first_school_day(days): exports}), {"n_exports": 24}


def grade_marathon(E, w, s, rng, days, A):
    """Semester end: a teacher enters every final-exam score of all sections from home in one long evening."""
    def marathon(p, d):
        SD.school_day(p, d) if SD.day_kind(d) == "school" else None
        c = p.home
        p.to_home(c)
        t = T.at(d, 19, 30) + rng.uniform(0, 1800)
        t = SD.ensure(p, c, t)
        for sec in s.sections:
            t = T.gradebook(c, t, w, sec, len(w.sections[sec][2]), gap=5) + lognorm(rng, 120, 0.5)
        c.leave(t)
        c.last = t
    d = _first_school_day(days)
    return SD.run(E, w, s, rng, days, A, special={d: marathon}), {}


def state_auditor(E, w, rng, days, A, uid):
    """A Georgia DOE FTE auditor (temporary local account) samples pupils' enrolment and attendance at the central office."""
    s = Staff()
    s.uid, s.first, s.last, s.email = uid, "Gadoe", "Auditor", "gadoe.fte.audit@" + DOMAIN
    s.role, s.campus, s.auth = "state_auditor", "DO", "local"
    s.laptop = s.home_ua = UA_WIN_CHROME % CHROME
    s.phone, s.home, s.internal, s.sections, s.dept, s.extra = None, "0.0.0.0", "10.10.31.204", [], "", {}
    s.behaviour = "state_auditor_fte_sample"
    p = SD.Person(E, w, s, rng, A)
    c = p.laptop
    c.move(PROXY_IPS[0], "%s, %s" % (s.internal, PROXY_IPS[0]))
    n = 0
    for d in range(days):
        if SD.day_kind(d) != "school":
            continue
        t = SD.session(p, c, T.at(d, 9, rng.uniform(0, 20)), 0, work=lambda q, cc, tt: T.dashboard(cc, tt))
        while t < T.at(d, 15, 30):
            pid = T.pick_pid(w, rng)
            t = T.search(c, t, str(pid)[:rng.randint(4, 6)]) if rng.random() < 0.8 else t
            t = c.visit(t, "/students/%d" % pid, [f % pid for f in T.STUDENT_FRAMES]) + lognorm(rng, 12, 0.5)
            t = c.frame(t, "/students/%d/attendance?term=S1" % pid) + lognorm(rng, 25, 0.5)
            t = c.frame(t, "/students/%d/enrollment_history" % pid) + lognorm(rng, 30, 0.5)
            n += 1
            if T.at(d, 12, 0) < t < T.at(d, 12, 5):
                t += 45 * 60
        c.leave(t)
        c.last = t
    return s, {"n_pupils": n}
