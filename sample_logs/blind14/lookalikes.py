"""Benign hard look-alikes in Harbor (blind14): month-start Medicaid exports, IEP-season drafting, itinerant
staff on phones, the state auditor, an analyst paging the directory, registrar transfers, progress-report printing,
counselor scheduling, an IT admin's token script, several devices in meetings, a shared classroom PC."""
from . import world as W
from . import tasks as T
from .client import Actor, lognorm
from .staff import device, place, work, evening, ordinary_day, school_day

MONTH = "2027-02"


def billing_month_start(ctx, s, day):
    """Billing coordinators run last month's Medicaid exports for every district on the 1st."""
    rng = ctx.rng
    if day != 0:
        return ordinary_day(ctx, s, day)
    a = device(ctx, s, "laptop")
    place(a, rng, s, s.campus)
    t = a.open_app(W.utc(0, rng.uniform(7.8, 8.4)), "/billing/exports")
    for d in W.DISTRICT_ORDER:
        slug = W.DISTRICTS[d][2]
        t = T.claims(a, t + lognorm(rng, 60, .5), s, pages=rng.randint(2, 6))
        t = T.export(a, t + rng.uniform(20, 90), MONTH, slug)
        if rng.random() < 0.3:                          # re-run after fixing a claim
            t = T.export(a, t + rng.uniform(300, 900), MONTH, slug)
    work(a, t + 600, W.utc(0, rng.gauss(16.3, .3)), s, ctx, first_load=False)


def iep_season(ctx, s, day):
    plan = {"present": 0.99, "evening": 0.85, "leave": 16.1}
    if not W.school_day(day):
        return ordinary_day(ctx, s, day)
    school_day_heavy(ctx, s, day, plan)


def school_day_heavy(ctx, s, day, plan):
    rng = ctx.rng
    a = device(ctx, s, "laptop")
    place(a, rng, s, s.campus)
    t0, t1 = W.utc(day, rng.gauss(7.3, .2)), W.utc(day, plan["leave"] + rng.uniform(0, .5))
    lunch = (W.utc(day, 11.9), W.utc(day, 12.3))
    work(a, t0, t1, s, ctx, rate=9.0, kinds=["iep_edit", "iep_edit", "pdf", "student", "services", None], lunch=lunch)
    if rng.random() < plan["evening"]:
        b = device(ctx, s, "laptop")
        place(b, rng, s, "home")
        e0 = W.utc(day, rng.uniform(19.0, 20.5))
        work(b, e0, e0 + rng.uniform(60, 150) * 60, s, ctx, rate=8.0, kinds=["iep_edit", "iep_edit", "pdf", "student"])


def itinerant_phone(ctx, s, day):
    plan = {"between_phone": 1.0, "morning_phone": 0.7, "present": 0.98}
    if W.school_day(day):
        school_day(ctx, s, day, plan)
        rng = ctx.rng
        ph = device(ctx, s, "phone")                     # the phone on the school Wi-Fi during sessions
        place(ph, rng, s, s.buildings[0])
        t = ph.open_app(W.utc(day, rng.uniform(9.0, 10.5)), "/")
        for _ in range(rng.randint(2, 5)):
            t = T.do_task(ph, t + lognorm(rng, 60, .6), s, ctx, rng.choice(["services", "student"]))
    else:
        ordinary_day(ctx, s, day)


def state_auditor(ctx, s, day, sample):
    """OSPI monitoring: a stratified sample of IEPs across districts, read end to end, methodically."""
    rng = ctx.rng
    if not W.school_day(day):
        return
    a = device(ctx, s, "laptop")
    place(a, rng, s, "OSPI")
    t = a.open_app(W.utc(day, rng.uniform(8.3, 8.7)), "/")
    lunch = W.utc(day, 12.0 + rng.uniform(0, .3))
    end = W.utc(day, 15.8)
    todo = sample[day * 30:(day + 1) * 30] if day < 2 else rng.sample(sample, 10)
    for p in todo:
        if lunch <= t < lunch + 2700:
            t = lunch + 2700
        if t > end:
            break
        t = a.ensure(t)
        t = T.search(a, t, p.surname, W.DISTRICTS[p.district][2])
        t = T.student(a, t, p, contacts=0.0)
        for iep in p.ieps:
            t = T.iep_view(a, t, iep)
        t = T.pdf(a, t, p.ieps[-1], "iep")
        t = a.hit(t + lognorm(rng, 20, .5), "GET", "/api/service-logs/?student=%s&page_size=100" % p.uuid, 200,
                  (4000, 22000), (120, .4))
        t += lognorm(rng, 240, .4)                       # reading and writing findings
    a.logout(t + 30)


def analyst_paging(ctx, s, day):
    """A district analyst pages the whole student directory for the spring caseload audit, then exports it."""
    rng = ctx.rng
    if day != 0 or s.district not in W.DISTRICTS:
        return ordinary_day(ctx, s, day)
    a = device(ctx, s, "laptop")
    place(a, rng, s, s.campus)
    t = a.open_app(W.utc(0, rng.gauss(8.0, .2)), "/")
    t = work(a, t, W.utc(0, 9.8), s, ctx, first_load=False)
    t = a.ensure(t)
    a.go("/students?district=%s" % W.DISTRICTS[s.district][2])
    pupils = ctx.by_district[s.district]
    slug = W.DISTRICTS[s.district][2]
    for i in range(0, len(pupils), 100):
        cur = "" if i == 0 else "&cursor=" + W.drf_cursor(pupils[i].created)
        t = a.hit(t, "GET", "/api/students/?district=%s&page_size=100%s" % (slug, cur), 200, (38000, 52000),
                  (240, .3)) + rng.uniform(2.5, 9)
    t = a.hit(t + 20, "GET", "/api/students/export/?district=%s&format=csv" % slug, 200, (900000, 1400000),
              (6000, .3), ctype="text/csv") + 60
    work(a, t, W.utc(0, rng.gauss(16.5, .3)), s, ctx, first_load=False)


def registrar_transfers(ctx, s, day, batch_day):
    rng = ctx.rng
    if day != batch_day:
        return ordinary_day(ctx, s, day)
    a = device(ctx, s, "laptop")
    place(a, rng, s, s.campus)
    t = a.open_app(W.utc(day, rng.gauss(7.6, .15)), "/")
    pool = ctx.by_district.get(s.district) or ctx.pupils
    for p in rng.sample(pool, rng.randint(30, 55)):
        t = a.ensure(t)
        t = a.hit(t, "GET", "/api/students/?search=%s&limit=8" % p.ssid, 200, (300, 900), (90, .4)) + 2
        t = T.student(a, t, p, contacts=0.8)
        t = T.iep_view(a, t, p.ieps[-1])
        t = T.pdf(a, t, p.ieps[-1], "iep")
        if rng.random() < 0.4:
            t = T.upload(a, t, p)
        t += lognorm(rng, 70, .5)
    work(a, t, W.utc(day, rng.gauss(15.9, .3)), s, ctx, first_load=False)


def progress_printing(ctx, s, day, print_day):
    rng = ctx.rng
    if day != print_day:
        return ordinary_day(ctx, s, day)
    a = device(ctx, s, "laptop")
    place(a, rng, s, s.campus)
    t0 = W.utc(day, rng.gauss(7.4, .2))
    mid = W.utc(day, rng.uniform(13.0, 14.5))
    work(a, t0, mid, s, ctx, lunch=(W.utc(day, 11.8), W.utc(day, 12.2)))
    t = a.ensure(mid)
    a.go("/caseload")
    t = T.caseload(a, t)
    for p in s.caseload:
        t = T.pdf(a, t, p.ieps[-1], "progress") + rng.uniform(5, 40)
    work(a, t, W.utc(day, 16.2), s, ctx, first_load=False)


def counselor_scheduling(ctx, s, day):
    rng = ctx.rng
    if not W.school_day(day):
        return ordinary_day(ctx, s, day)
    a = device(ctx, s, "laptop")
    place(a, rng, s, s.campus)
    work(a, W.utc(day, rng.gauss(7.5, .2)), W.utc(day, 12.9), s, ctx, lunch=(W.utc(day, 11.6), W.utc(day, 12.1)))
    t = a.ensure(W.utc(day, 13.0))
    pool = ctx.by_school.get(s.campus) or ctx.pupils
    for p in rng.sample(pool, min(len(pool), rng.randint(60, 110))):
        if t > W.utc(day, 15.8):
            break
        t = T.student(a, t, p, contacts=0.0, accomm=1.0)
        t = a.ensure(t)
    work(a, t, W.utc(day, 16.1), s, ctx, first_load=False)


def it_script(ctx, s, days):
    """The IT admin's own monitoring script: personal API token, every 10 min around the clock."""
    rng = ctx.rng
    a = Actor(ctx.out, rng, "curl/8.5.0", W.NAT["CRSSC_SRV"], acct=s.email, login=s.email, kind="script")
    a.signed, a.sess_t = True, 0.0
    t = W.utc(0, 0) + rng.uniform(0, 600)
    while t < W.utc(days, 0):
        a.sess_t = t
        t1 = a.hit(t, "GET", "/api/admin/health/integrations/", 200, (1800, 2400), (140, .3), auth="token")
        a.hit(t1 + 0.01, "GET", "/api/admin/sync-status/?source=partner", 200, (600, 900), (60, .3), auth="token")
        t += 600 + rng.uniform(0, 0.5)


def meetings_multi_device(ctx, s, day):
    """A principal or director in IEP meetings: laptop tab open, iPad at the table, phone in the hallway."""
    rng = ctx.rng
    if not W.school_day(day):
        return ordinary_day(ctx, s, day)
    school_day(ctx, s, day, {"present": 1.0, "morning_phone": 0.5})
    ipad = device(ctx, s, "tablet")
    place(ipad, rng, s, s.campus)
    for h in sorted(rng.sample([8.5, 9.5, 10.5, 13.0, 14.0, 15.0], 3)):
        t = ipad.open_app(W.utc(day, h + rng.uniform(0, .2)), "/")
        p = rng.choice(s.caseload or ctx.pupils)
        t = T.student(ipad, t, p)
        t = T.iep_view(ipad, t, p.ieps[-1])
        T.pdf(ipad, t + lognorm(rng, 300, .4), p.ieps[-1], "draft")


def shared_pc(ctx, s, day, first):
    """Two teachers share one classroom PC: same browser, same internal address, one signs out for the other."""
    rng = ctx.rng
    if not W.school_day(day):
        return ordinary_day(ctx, s, day)
    key = ("shared_pc", s.campus)
    if key not in ctx.devices:
        ctx.devices[key] = Actor(ctx.out, rng, s.laptop, s.home, None, s.lang, auth_mode="oidc")
    a = ctx.devices[key]
    a.acct, a.login, a.sid = s.email, s.email, None
    place(a, rng, s, s.campus)
    blocks = [(7.6, 9.9), (12.3, 13.6)] if first else [(10.0, 12.2), (13.7, 15.6)]
    for b0, b1 in blocks:
        t0 = W.utc(day, b0 + rng.uniform(0, .1))
        a.signed = False
        work(a, t0, W.utc(day, b1), s, ctx)
        a.logout(W.utc(day, b1) + rng.uniform(5, 40))
