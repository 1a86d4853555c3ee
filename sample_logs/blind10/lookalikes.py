"""Benign look-alikes: heavy but legitimate use that resembles the planted abuse."""
import random

from . import tasks as T
from . import world as W
from .client import Client
from .staff import Ctx, period_start, run_block

P = T.P


def _mark(s, behaviour, **params):
    s.behaviour = behaviour
    s.extra["params"] = params


def plan(pop, rng, addr, seed, days, accounts):
    """Choose the look-alike staff now; return the emitters to run after the ordinary days."""
    jobs = []
    school_days = [d for d in range(days) if W.is_school_day(d)] or [0]

    # registrars/secretaries printing every report card of the building, one iframe per pupil
    for i in range(rng.choice([2, 3])):
        s = pop.pick(role=rng.choice(["secretary", "registrar"]), level="EMH")
        day = rng.choice(school_days)
        pupils = list(pop.pupils[s.school])
        start = W.at(day, rng.uniform(8.6, 12.8))
        gap = rng.uniform(2.2, 5.5)
        est = len(pupils) * (gap + 0.4) + 12 * 240
        _mark(s, "report_card_print_run", role=s.role, school=s.school, login=s.login, day=day,
              n_pupils=len(pupils), gap_median_s=round(gap, 2))
        s.extra["busy"] = [(day, start - 60, start + est)]
        jobs.append(lambda out, s=s, day=day, start=start, gap=gap, pupils=pupils: _print_run(
            out, s, seed, pop, addr, day, start, gap, pupils))

    # counselors reading the whole caseload before a meeting
    for i in range(2):
        s = pop.pick(role="counselor", where=lambda z: len(z.caseload) >= 150)
        day = rng.choice(school_days)
        start = W.at(day, rng.uniform(7.7, 8.4))
        n = min(len(s.caseload), rng.randint(150, 380))
        per = rng.uniform(14, 32)
        _mark(s, "caseload_review", role=s.role, school=s.school, login=s.login, day=day, n_pupils=n,
              seconds_per_pupil=round(per, 1))
        s.extra["busy"] = [(day, start - 60, start + n * (per + 6))]
        jobs.append(lambda out, s=s, day=day, start=start, n=n, per=per: _caseload(
            out, s, seed, pop, addr, day, start, n, per))

    # home VPN whose exit changes every session
    for i in range(rng.choice([3, 4])):
        s = pop.pick(where=lambda z: z.role in ("teacher", "counselor", "principal", "data_specialist"))
        _mark(s, "home_vpn_changing_exit", role=s.role, school=s.school, login=s.login)
        s.extra["vpn"] = True

    # late-night grading from home
    for i in range(rng.randint(4, 6)):
        s = pop.pick(role="teacher")
        _mark(s, "after_hours_grader", role=s.role, school=s.school, login=s.login)
        s.extra["late"] = True

    # a teacher at a conference in Orlando: hotel Wi-Fi and phone, away from school
    s = pop.pick(role="teacher", level="MH")
    hotel = addr.any(W.HOTEL)
    phone = W.phone_ua(rng)
    _mark(s, "travelling_teacher", role=s.role, school=s.school, login=s.login, hotel_ip=hotel,
          phone_user_agent=phone)
    s.extra["skip_work"] = set(school_days)
    s.p_evening = 0.0
    jobs.append(lambda out, s=s: _travel(out, s, seed, pop, addr, days, hotel, phone))

    # coaches checking eligibility on their own logins from phones after school
    for i in range(3):
        s = pop.pick(role="teacher", level="H")
        ua = W.phone_ua(rng)
        _mark(s, "coach_own_login_on_phone", role=s.role, school=s.school, login=s.login, phone_user_agent=ua)
        jobs.append(lambda out, s=s, ua=ua: _coach(out, s, seed, pop, addr, days, ua))

    # substitute logins granted by IT, one per secondary school (extra accounts)
    for code, _, lv, _ in W.SCHOOLS:
        if lv in "MH" and rng.random() < 0.8:
            login = "sub.%s" % code
            accounts[login] = {"label": "benign", "behaviour": "substitute_pool_login", "kinds": [],
                               "params": {"role": "substitute", "school": code, "login": login, "auth": "local_form"}}
            jobs.append(lambda out, code=code, login=login: _subs(out, code, login, seed, pop, addr, days, accounts))
    return jobs


def _ctx(seed, pop, addr, day, key):
    return Ctx(seed, pop, addr, day, random.Random("%s:%s:%d" % (seed, key, day)))


def _browser(out, s, x, day):
    blocks = [b for b in s.extra.get("blocks", ()) if b[0] == day]
    chain, srv = (blocks[0][3], blocks[0][4]) if blocks else (s.work_chain(x.seed, day), None)
    c = Client(out, x.rng, chain, s.ua, user=s.login, srv=srv, assets=False)
    c.ref = W.ORIGIN + T.P + "home"
    return c


def _print_run(out, s, seed, pop, addr, day, start, gap, pupils):
    x = _ctx(seed, pop, addr, day, "print:" + s.login)
    rng, c = x.rng, _browser(out, s, x, day)
    t = start
    lv = W.LEVEL[s.school]
    batch = rng.randint(4100, 4900)
    for g in W.GRADES[lv]:
        members = [p for p in pupils if pop.grade[p] == g]
        url = "%src.batch&bldg=%s&grade=%s&term=S1" % (P, s.school, g)
        t = c.page(t, url) + rng.uniform(5, 25)
        batch += 1
        for i, sid in enumerate(members):
            t = c.hit(t, "GET", "/lodestar/print.php?doc=reportcard&sid=%d&term=S1&batch=%d&seq=%d" % (sid, batch, i + 1),
                      kind="print", ref=W.ORIGIN + url)
            t += rng.lognormvariate(0, 0.3) * gap
        t += rng.uniform(60, 420)   # printer catches up, next grade


def _caseload(out, s, seed, pop, addr, day, start, n, per):
    x = _ctx(seed, pop, addr, day, "caseload:" + s.login)
    rng, c = x.rng, _browser(out, s, x, day)
    t = c.page(start, "%scaseload&bldg=%s" % (P, s.school))
    lst = P + "caseload&bldg=%s" % s.school
    for sid in s.caseload[:n]:
        c.ref = W.ORIGIN + lst
        t = c.page(t + rng.uniform(1.5, 5), T.student(sid))
        for tab in ("grades", "att")[:rng.choice([1, 2, 2])]:
            t = c.page(t + rng.lognormvariate(0, 0.4) * per * 0.4, T.student(sid, tab))
        t += rng.lognormvariate(0, 0.4) * per * 0.5


def _travel(out, s, seed, pop, addr, days, hotel, phone):
    for day in range(days):
        if not W.is_school_day(day):
            continue
        x = _ctx(seed, pop, addr, day, "travel:" + s.login)
        rng = x.rng
        lan = "172.20.%d.%d" % (rng.randint(8, 15), rng.randint(2, 254))   # the hotel's proxy adds X-Forwarded-For
        c = Client(out, rng, (lan, hotel), s.ua)
        t0 = W.at(day, rng.uniform(6.2, 7.0))
        run_block(c, s, x, t0, t0 + rng.uniform(1200, 2400), rate=4.0, sso=True, signout_p=0.0)
        for k in range(rng.randint(2, 3)):
            cp = Client(out, rng, (addr.any(W.CARRIER),), phone)
            t0 = W.at(day, rng.uniform(9.5, 15.5))
            run_block(cp, s, x, t0, t0 + rng.uniform(180, 700), rate=8.0, sso=True, signout_p=0.0,
                      pick=lambda x_: T.lookup)
        c = Client(out, rng, (lan, hotel), s.ua)
        t0 = W.at(day, rng.uniform(19.5, 21.5))
        run_block(c, s, x, t0, t0 + rng.uniform(1800, 4800), rate=5.0, sso=True, signout_p=0.5,
                  pick=lambda x_: rng.choice([T.gradebook, T.final_grades, T.comments]))


def _coach(out, s, seed, pop, addr, days, ua):
    for day in range(days):
        if not W.is_school_day(day):
            continue
        x = _ctx(seed, pop, addr, day, "coach:" + s.login)
        rng = x.rng
        for k in range(rng.randint(1, 2)):
            c = Client(out, rng, (addr.any(W.CARRIER),), ua)
            t0 = W.at(day, rng.uniform(15.3, 18.4))
            run_block(c, s, x, t0, t0 + rng.uniform(200, 900), rate=10.0, sso=True, signout_p=0.1,
                      pick=lambda x_: T.eligibility)


def _subs(out, code, login, seed, pop, addr, days, accounts):
    n_users = 0
    net = W.internal_net(code)
    for day in range(days):
        if not W.is_school_day(day):
            continue
        x = _ctx(seed, pop, addr, day, "sub:" + login)
        rng = x.rng
        teachers = [s for s in pop.staff if s.school == code and s.role == "teacher" and s.sections]
        for k in range(rng.randint(1, 3)):
            n_users += 1
            absent = rng.choice(teachers)
            pc = "%s.%d.%d" % (net, rng.randint(50, 90), rng.randint(10, 250))
            c = Client(out, rng, W.chain_for(pc), W.chrome_win(rng.choice([154, 155, 156])))
            fixed = []
            for sec in absent.sections:
                p = pop.sections[sec][2]
                tt = W.at(day, period_start(W.LEVEL[code], p)) + rng.uniform(120, 600)
                fixed.append((tt, lambda c_, t_, s_, x_, sec=sec: T.attendance(c_, t_, s_, x_, sec)))
            t0 = W.at(day, rng.uniform(7.45, 7.9))
            run_block(c, absent, x, t0, W.at(day, 15.2), fixed, rate=0.4, sso=False, login=login,
                      signout_p=0.6, pick=lambda x_: T.roster)
    accounts[login]["params"]["n_users"] = n_users
