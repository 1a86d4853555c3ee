"""Hard benign look-alikes: legitimate heavy readers, several devices, shared places, scripts on one's own account."""
from . import tasks as T
from . import world as W
from .client import Client
from .staff import app_session, evening, ordinary_day, phone_check, work_day

PY_UA = "python-requests/2.32.3"


def _mark(ctx, s, name, **params):
    s.behaviour = name
    s.params.update(params)
    ctx.driven.add(s.login)


def _school_days(ctx):
    return [d for d in range(ctx.days) if W.is_school_day(d)]


def _batch(fn, n):
    """An override running `fn(c, t)` up to n times inside the block."""
    def run(c, t, b):
        for _ in range(n):
            if t >= b:
                break
            t = fn(c, c.think(t, 6.0, 0.5))
        return t
    return run


def run_all(ctx):
    pop, r = ctx.pop, ctx.rng("lookalikes")
    days = _school_days(ctx)
    # registrars working through the enrolment queue
    regs = [s for s in pop.staff if s.role == "registrar" and s.behaviour == s.role][:3]
    for s in regs:
        _mark(ctx, s, "registrar_enrolment_batch")
        for d in range(ctx.days):
            rr = ctx.rng("reg:%s:%d" % (s.login, d))
            if d not in days:
                ordinary_day(ctx, s, d, rr)
                continue
            work_day(ctx, s, d, rr, override=_batch(lambda c, t, s=s: T.enrol_application(c, t, s, c.rng.choice(s.pupils)),
                                                    rr.randint(40, 90)))
    # counselors building next term's schedules
    for s in [x for x in pop.staff if x.role == "counselor" and x.level in ("hs", "ms") and x.behaviour == x.role][:3]:
        _mark(ctx, s, "counselor_schedule_building")
        for d in range(ctx.days):
            rr = ctx.rng("sched:%s:%d" % (s.login, d))
            if d not in days:
                ordinary_day(ctx, s, d, rr)
                continue
            work_day(ctx, s, d, rr, override=_batch(lambda c, t, s=s: T.schedule_builder(c, t, c.rng.choice(s.pupils), True),
                                                    rr.randint(60, 150)))
    # the state auditor's sample of pupils across all schools
    for s in [x for x in pop.staff if x.role == "auditor"]:
        sample = r.sample(pop.all_sids, r.randint(150, 220))
        _mark(ctx, s, "state_auditor_sample", sample_size=len(sample))
        per = max(1, len(sample) // max(1, len(days)))
        for i, d in enumerate(days):
            chunk = sample[i * per:(i + 1) * per] if i < len(days) - 1 else sample[i * per:]
            it = iter(chunk)

            def audit(c, t, it=it):
                sid = next(it, None)
                if sid is None:
                    return t + 3600
                t = T.student(c, t, sid, "auditor", ("attendance", "documents"), gap=20.0)
                return T.document(c, c.think(t, 25.0), sid) if c.rng.random() < 0.5 else t
            work_day(ctx, s, d, ctx.rng("audit:%d" % d), override=_batch(audit, len(chunk)))
    # report-card printing: the print page loads every pupil's PDF of a grade, one after another
    printers = [x for x in pop.staff if x.role == "office" and x.level in ("es", "ms") and x.behaviour == x.role]
    for k, s in enumerate(printers[:3]):
        _mark(ctx, s, "report_card_printing")

        def printing(c, t, b, s=s):
            rr = c.rng
            grades = sorted({pop.grade[p] for p in pop.pupils[s.campus]})
            for g in rr.sample(grades, min(len(grades), rr.randint(2, 4))):
                page = "/reports/reportcards.php?school=%s&grade=%d&term=Q1" % (s.campus, g)
                t = c.page(t, page)
                for sid in [p for p in pop.pupils[s.campus] if pop.grade[p] == g]:
                    t = c.hit(t + rr.uniform(0.2, 1.4), "/reports/reportcard_pdf.php?sid=%s&term=Q1" % sid, kind="pdf",
                              ref=W.BASE + page)
                t = c.think(t, 300.0, 0.5)
            return t
        d = days[k % len(days)] if days else None
        for dd in range(ctx.days):
            rr = ctx.rng("print:%s:%d" % (s.login, dd))
            work_day(ctx, s, dd, rr, override=printing) if dd == d else ordinary_day(ctx, s, dd, rr)
    # an IT admin's own monitoring script on his own account, every 10 minutes around the clock
    it = pop.pick(r, role="it", district="SVUSD")
    it.auth = "form"
    _mark(ctx, it, "it_scripted_checks", script_ip=W.IT_SERVER, script_user_agent=PY_UA)
    ctx.benign_source(W.IT_SERVER, "it_scripted_checks", account=it.log_name)
    rr = ctx.rng("itscript")
    test_sid = W.make_sid("SVUSD", 1)
    c = Client(ctx.log, rr, W.IT_SERVER, PY_UA, browser=False, auth="form")
    t = W.START + rr.uniform(0, 600)
    while t < W.START + ctx.days * 86400:
        tt = c.form_login(t, it.login, entry=None, home=False)
        tt = c.api(tt + 0.05, "/api/v3/me", ref=None)
        tt = c.api(tt + 0.05, "/api/v3/students/%s" % test_sid, ref=None, status=200)
        tt = c.hit(tt + 0.05, "/reports/run.php?report=attendance_summary&school=PVE&term=Q2", ref=None)
        c.hit(tt + 0.05, "/auth/logout", status=302, ref=None, kind="redirect")
        c.user = None
        t += 600.0 + rr.uniform(-0.5, 2.0)
    for d in range(ctx.days):
        ordinary_day(ctx, it, d, ctx.rng("it:%d" % d))
    # teachers on laptop and phone at the same time in the evening
    for s in [x for x in pop.staff if x.role == "teacher" and x.ua_phone and x.behaviour == x.role][:4]:
        _mark(ctx, s, "teacher_phone_and_laptop")
        for d in range(ctx.days):
            rr = ctx.rng("pl:%s:%d" % (s.login, d))
            ordinary_day(ctx, s, d, rr)
            if d in days:
                t0 = W.local(d, rr.uniform(19.0, 21.0))
                evening(ctx, s, d, rr, start=t0, minutes=rr.uniform(30, 60))
                phone_check(ctx, s, rr, t0 + rr.uniform(300, 1500), n=rr.randint(2, 4), ip=W.ip_in(rr, W.CARRIER))
    # counselors who live in the official mobile app (Android, okhttp user agent)
    for s in [x for x in pop.staff if x.role == "counselor" and x.behaviour == x.role][:2]:
        s.app_ua = W.APP_ANDROID % r.choice(W.ANDROID_MODELS)
        _mark(ctx, s, "counselor_mobile_app", app_user_agent=s.app_ua)
        for d in range(ctx.days):
            rr = ctx.rng("app:%s:%d" % (s.login, d))
            ordinary_day(ctx, s, d, rr)
            for h in (rr.uniform(7.0, 7.6), rr.uniform(12.0, 13.0), rr.uniform(19.0, 22.0)):
                app_session(ctx, s, rr, W.local(d, h), rr.randint(8, 35), ip=s.home_ip if h > 18 or h < 7.5 else None)
    # itinerant school psychologists: two or three campuses a day, one laptop, many IEPs
    for s in [x for x in pop.staff if x.role == "psychologist" and x.behaviour == x.role]:
        _mark(ctx, s, "itinerant_specialist")
        for d in range(ctx.days):
            rr = ctx.rng("itin:%s:%d" % (s.login, d))
            if d not in days:
                continue
            visits = rr.sample([x for x in W.SCHOOLS if x[2] == s.district], rr.randint(2, 3))
            c = Client(ctx.log, rr, visits[0][5], s.ua_work, auth=s.auth)
            t = c.login(W.local(d, rr.uniform(7.5, 8.2)), s)
            for k2, v in enumerate(visits):
                c.ip = v[5]
                end = W.local(d, 8.0 + (k2 + 1) * 8.0 / len(visits)) - rr.uniform(900, 2400)
                t0 = t
                while t < end:
                    sid = rr.choice(pop.pupils[v[0]])
                    t = T.student(c, c.think(t, 90.0), sid, s.role, ("sped",))
                    t = c.page(c.think(t, 30.0), "/sped/iep.php?sid=%s" % sid)
                c.poll(t0, t)
                t = end + rr.uniform(1500, 2700)
    # two teachers married to each other, both grading from the same home in the evening
    pair = [x for x in pop.staff if x.role == "teacher" and x.district == "SVUSD" and x.behaviour == x.role][4:6]
    if len(pair) == 2:
        pair[1].home_ip = pair[0].home_ip
        for s in pair:
            _mark(ctx, s, "married_teachers_same_home", home_ip=pair[0].home_ip)
        for d in range(ctx.days):
            rr = ctx.rng("pair:%d" % d)
            t0 = W.local(d, rr.uniform(19.0, 20.5))
            for s in pair:
                ordinary_day(ctx, s, d, ctx.rng("pair:%s:%d" % (s.login, d)))
                if d in days:
                    evening(ctx, s, d, rr, start=t0 + rr.uniform(0, 1800), minutes=rr.uniform(40, 90))
    # a district analyst's daytime exports of every school
    s = pop.pick(r, role="analyst", district="SVUSD")
    if s:
        _mark(ctx, s, "analyst_daytime_bulk_export")

        def exports(c, t, b):
            rr = c.rng
            for slug in rr.sample(T.EXPORTS, rr.randint(3, 5)):
                for code in T.pop_schools("SVUSD"):
                    t = c.page(c.think(t, 40.0), "/reports/run.php?report=%s&school=%s&term=Q2" % (slug, code))
                    t = T.export_csv(c, c.think(t, 10.0), slug, code)
            return t
        for d in range(ctx.days):
            rr = ctx.rng("ana:%d" % d)
            work_day(ctx, s, d, rr, override=exports) if d in days else ordinary_day(ctx, s, d, rr)
    # a principal at a conference in Las Vegas on the second day: hotel Wi-Fi and phone, no campus network
    s = pop.pick(r, role="principal", district="SVUSD")
    if s:
        dd = min(1, ctx.days - 1)
        hotel = W.ip_in(r, ["70.173.", "72.193.", "68.108."][:2])
        _mark(ctx, s, "conference_travel", hotel_ip=hotel, day=dd + 1)
        for d in range(ctx.days):
            rr = ctx.rng("conf:%d" % d)
            if d != dd:
                ordinary_day(ctx, s, d, rr)
                continue
            for h, mins in ((6.6, 25), (21.0, 40)):
                evening(ctx, s, d, rr, start=W.local(d, h + rr.uniform(0, 0.4)), minutes=mins, ip=hotel)
            phone_check(ctx, s, rr, W.local(d, rr.uniform(12.0, 13.0)), n=3)
    # two office staff sharing the front-desk PC (same machine image, same NAT, separate accounts)
    for code in ("SMS", "DWE", "PVE"):
        offs = [x for x in pop.staff if x.campus == code and x.role == "office" and x.behaviour == x.role]
        if len(offs) >= 2:
            offs[1].ua_work = offs[0].ua_work
            for x in offs[:2]:
                _mark(ctx, x, "shared_front_office_pc", campus_pc_user_agent=offs[0].ua_work)
                for d in range(ctx.days):
                    ordinary_day(ctx, x, d, ctx.rng("fo:%s:%d" % (x.login, d)))
            break
