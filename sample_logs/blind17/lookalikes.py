"""Hard benign look-alikes: heavy but legitimate readers, several devices, hotspots, batch jobs, IT scripts."""
import random

from . import tasks
from .client import Agent, Device, b64
from .staff import device, home_session, phone_session
from .world import pick, work_ip, ua


def _note(w, s, name, **params):
    s.special = name
    w.lookalikes[s.login] = (name, params)


def review_block(ctx, s, queue, until, gap, prev=0.3):
    """Open case after case from `queue`, read the IEP PDF (and sometimes more) until `until`."""
    def fn(a, t):
        r = a.rng
        while t < until and queue:
            c = queue.pop(0)
            t = tasks.open_case(a, t, c, s.district)
            ieps = [d for d in c.docs if d[1] == "iep"]
            t = tasks.view_doc(a, t, c, ieps[-1])
            if len(ieps) > 1 and r.random() < prev:
                t = tasks.view_doc(a, t, c, ieps[-2])
            if r.random() < 0.35:
                t = tasks.view_doc(a, t, c, r.choice(c.docs))
            nt = t + r.uniform(*gap)
            a.idle(t, nt)
            t = nt
        return t
    return fn


def setup(ctx, w):
    rng = random.Random("blind17:%d:lookalikes" % w.rng_seed)
    school = [d for d in range(ctx.days) if ctx.school_day(d)] or [0]
    d0, dl = school[0], school[-1]
    d1 = school[1] if len(school) > 1 else d0
    # special-education director reviewing every IEP due for annual review
    s = pick(w, rng, ["sped_director"], ["2301"])
    queue = sorted([c for c in w.by_district[s.district] if c.due <= 120], key=lambda c: c.due)
    _note(w, s, "director_annual_review_marathon", n_due_cases=len(queue))
    s.plans[d0] = {"present": True, "rate": 0.25, "leave": 17.5, "arrive": 7.6, "episodes": [
        (ctx.at(d0, 7.9), review_block(ctx, s, queue, ctx.at(d0, 11.7), (30, 110))),
        (ctx.at(d0, 12.4), review_block(ctx, s, queue, ctx.at(d0, 17.3), (30, 110)))]}
    w.extra.append(lambda s=s, queue=queue: _marathon_evening(ctx, w, s, d0, queue))
    # compliance monitors of the state department
    mons = [x for x in w.staff if x.role == "compliance_monitor" and x.special is None][:3]
    for i, m in enumerate(mons):
        code = sorted(c for c in w.by_district)[(i * 3 + w.rng_seed) % len(w.by_district)]
        sample = rng.sample(w.by_district[code], min(40, len(w.by_district[code])))
        where = ["sde_office", "on_site", "home"][i]
        _note(w, m, "state_compliance_monitor", reviewed_district=code, day2_location=where)
        m.plans[d0] = {"present": True, "rate": 0.2, "episodes": [(ctx.at(d0, 8.6), review_block(ctx, m, sample, ctx.at(d0, 11.6), (200, 500), 0.8)),
                                                 (ctx.at(d0, 13.0), review_block(ctx, m, sample, ctx.at(d0, 16.0), (200, 500), 0.8))]}
        if d1 != d0:
            plan = {"present": True, "rate": 0.2, "episodes": [(ctx.at(d1, 8.5), review_block(ctx, m, sample, ctx.at(d1, 15.5), (150, 450), 0.8))]}
            if where == "on_site":
                plan["net"] = work_ip(w, m, w.districts[code]["buildings"][-1])
            elif where == "home":
                plan["net"] = m.home_ip
            m.plans[d1] = plan
        if i == 1:
            hotel = w.nets.site(1)[0]
            w.hotels.append(hotel)
            w.extra.append(lambda m=m, hotel=hotel: home_session(ctx, w, m, dl, random.Random("blind17:%d:hotel" % w.rng_seed),
                                                                  20.2, 70, net=hotel, rate=0.9, tag="hotel"))
    # case managers with very large caseloads
    for s in pick(w, rng, ["case_manager"], n=2):
        extra = [c for c in w.by_district[s.district] if c not in s.caseload]
        s.caseload += rng.sample(extra, min(len(extra), rng.randint(75, 100)))
        _note(w, s, "large_caseload_manager", caseload=len(s.caseload))
        for d in school:
            s.plans[d] = {"rate": 2.2, "mix": [("open", 55), ("caseload", 15), ("doc", 10), ("slog", 5), ("search", 15)],
                          "after_signin": [lambda a, t: [tasks.caseload(a, t + 4 * p, p + 1) for p in range(5)]]}
    # therapists recording many service logs on iPads, moving between schools
    for s in pick(w, rng, ["slp", "ot", "pt"], n=5):
        s.work_ua = ua("mac_safari")
        s.dev_work = device(s.work_ua, rng)
        _note(w, s, "tablet_therapist_service_logs", buildings=s.itinerary)
        for d in school:
            s.plans[d] = {"rate": 1.5, "mix": [("slog", 80), ("open", 15), ("caseload", 5)], "evening": 0.35}
    # itinerant teachers on a phone hotspot whose address keeps changing
    for s in pick(w, rng, ["case_manager", "teacher", "school_psychologist"], ["5021"], n=2):
        _note(w, s, "itinerant_mobile_hotspot", carrier=s.carrier)
        for d in school:
            s.plans[d] = {"net": _hotspot(ctx, w, s, d, rng)}
    # registrars processing incoming transfers: pupils of other districts looked up by state ID
    for s in pick(w, rng, ["registrar", "sped_secretary"], n=2):
        others = [c for c in w.cases if c.district != s.district]
        batch = rng.sample(others, rng.randint(30, 60))
        _note(w, s, "registrar_transfer_batch", n_transfers=len(batch))
        s.plans[d1] = {"present": True, "rate": 0.5, "episodes": [(ctx.at(d1, 8.4), _transfers(s, batch, ctx.at(d1, 11.6)))]}
    # counselors reading accommodations for scheduling
    for s in pick(w, rng, ["counselor"], n=3):
        kids = rng.sample(w.by_district[s.district], min(len(w.by_district[s.district]), rng.randint(30, 60)))
        _note(w, s, "counselor_scheduling_accommodations", n_pupils=len(kids))
        s.plans[d0] = {"present": True, "episodes": [(ctx.at(d0, 13.0), _accommodations(s, kids, ctx.at(d0, 15.4)))]}
    # progress reports printed for the whole caseload at the end of the grading period
    for i, s in enumerate(pick(w, rng, ["case_manager"], n=3)):
        _note(w, s, "progress_report_printing", mode="batch_job" if i == 0 else "one_by_one")
        s.plans[dl] = {"present": True, "episodes": [(ctx.at(dl, rng.uniform(13.2, 14.2)), _progress(ctx, s, i == 0))]}
    # people with a phone open at the same time as the laptop
    for s in pick(w, rng, ["principal", "sped_coordinator", "case_manager", "nurse"], n=6):
        _note(w, s, "laptop_and_phone_concurrent")
        for d in school:
            w.extra.append(lambda s=s, d=d: phone_session(ctx, w, s, d, random.Random("blind17:%d:2dev:%s:%d" % (w.rng_seed, s.login, d)),
                                                         rng.uniform(9.0, 14.5), net=work_ip(w, s) if d % 2 else None, n_tasks=3))
    # a state analyst pulling the child-count report for every district in a row
    for s in [x for x in w.staff if x.role == "state_analyst" and x.special is None][:1]:
        _note(w, s, "state_analyst_district_sweep")
        s.plans[d0] = {"present": True, "episodes": [(ctx.at(d0, 10.2), _sweep(w))]}


def _marathon_evening(ctx, w, s, day, queue):
    rng = random.Random("blind17:%d:marathon" % w.rng_seed)
    a = Agent(ctx, "staff", s.dev_work, s.home_ip, rng, s.login)
    t = a.sign_in(a.open_app(ctx.at(day, 19.4)), s.auth, s.idp)
    review_block(ctx, s, queue, ctx.at(day, 21.6), (40, 120))(a, t)


def _hotspot(ctx, w, s, day, rng):
    cuts, ips, t = [], [], ctx.at(day, 6.0)
    while t < ctx.at(day, 19.0):
        cuts.append(t)
        ips.append(w.nets.carrier(s.carrier, v6=0.0))
        t += rng.uniform(5, 40) * 60

    def net(t):
        i = 0
        while i + 1 < len(cuts) and cuts[i + 1] <= t:
            i += 1
        return ips[i]
    return net


def _transfers(s, batch, until):
    def fn(a, t):
        r = a.rng
        while batch and t < until:
            c = batch.pop(0)
            t = tasks.search_sid(a, t, c)
            t = tasks.open_case(a, t, c, s.district)   # 403: not ours yet
            t = a.api(t + r.uniform(20, 90), "POST", "/api/cases/%s/transfer-requests" % c.id, status=201,
                      size=r.randint(300, 420), body=r.randint(400, 900))
            nt = t + r.uniform(40, 150)
            a.idle(t, nt)
            t = nt
        return t
    return fn


def _accommodations(s, kids, until):
    def fn(a, t):
        r = a.rng
        while kids and t < until:
            c = kids.pop(0)
            t = tasks.search_last(a, t, c.last, c.district)
            t = a.api(t, "GET", "/api/cases/%s/accommodations" % c.id, size=r.randint(1500, 5200),
                      route="/cases/%s/accommodations" % c.id)
            nt = t + r.uniform(60, 160)
            a.idle(t, nt)
            t = nt
        return t
    return fn


def _progress(ctx, s, batch):
    def fn(a, t):
        r = a.rng
        if batch:
            job = "%032x" % r.getrandbits(128)
            t = a.api(t, "POST", "/api/caseload/progress-reports", "period=2027-Q1", status=202, size=180, body=40,
                      route="/caseload/progress-reports")
            for _ in range(r.randint(20, 45)):
                t = a.api(t + 2.0, "GET", "/api/jobs/" + job, size=150, err=0)
            return a.api(t + 1, "GET", "/api/jobs/%s/download" % job, size=r.randint(6000000, 12000000),
                         ctype="application/zip", err=0) + 30
        for c in list(s.caseload):
            t = a.api(t, "POST", "/api/cases/%s/progress-reports" % c.id, "period=2027-Q1", status=201, size=240,
                      body=60, route="/cases/%s/progress" % c.id)
            doc = "%s" % c.docs[0][0][:24] + "%012x" % r.getrandbits(48)
            t = a.api(t + r.uniform(1, 3), "GET", "/api/cases/%s/documents/%s" % (c.id, doc), size=r.randint(120000, 300000),
                      ctype=tasks.PDF)
            nt = t + r.uniform(15, 45)
            a.idle(t, nt)
            t = nt
        return t
    return fn


def _sweep(w):
    def fn(a, t):
        for code in w.by_district:
            t = tasks.report(a, t, code, ("child-count", "district=%s&date=2027-10-01")) - a.rng.uniform(15, 100)
        return t
    return fn


def it_script(ctx, w):
    """A district IT admin's own PowerShell check every hour from the district's server address."""
    cand = [s for s in w.staff if s.role == "it_admin" and s.district == "2301" and s.special is None]
    if not cand:
        return None
    s = cand[0]
    ip = w.districts["2301"]["server_ip"]
    _note(w, s, "it_admin_powershell_checks", ip=ip)
    rng = random.Random("blind17:%d:itscript" % w.rng_seed)
    dev = Device("Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.20348; en-US) PowerShell/7.4.6", kind="script",
                 proto="HTTP/1.1", lang=None, tls=("TLSv1.2", "ECDHE-RSA-AES256-GCM-SHA384"), keepalive=5)
    for day in range(ctx.days):
        if not ctx.school_day(day):
            continue
        for h in range(6, 19):
            a = Agent(ctx, "staff", dev, ip, rng, s.login)
            t = ctx.at(day, h + rng.uniform(0.0, 0.02))
            t = a.req(t, "POST", "/oauth2/token", "", 200, 3870, "application/json", body=1890, ref=None, auth=False)
            a.token, a.token_t = b64(rng, 48), t
            t = a.req(t, "POST", "/api/session", "", 201, 164, "application/json", body=2, ref=None)
            a.pw = ("%032x" % rng.getrandbits(128), s.login)
            t = a.api(t, "GET", "/api/districts/2301/roster", "page=1&pageSize=1", size=612, ref=None)
            a.api(t, "GET", "/api/reports/sync-status", "district=2301", size=rng.randint(300, 420), ref=None)
    return ip
