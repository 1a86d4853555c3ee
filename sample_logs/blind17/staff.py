"""Ordinary staff days: arrival, sign-in, role tasks, lunch, meetings, evenings at home, phones, weekends."""
import random

from . import tasks
from .client import Agent, Device
from .world import work_ip

EVENING = {"case_manager": 0.3, "school_psychologist": 0.35, "sped_director": 0.5, "sped_coordinator": 0.35,
           "principal": 0.3, "slp": 0.2, "ot": 0.15, "compliance_monitor": 0.2, "district_analyst": 0.15}
LANGS = ["en-US,en;q=0.9"] * 8 + ["en-US,en;q=0.9,es;q=0.8", "es-US,es;q=0.9,en;q=0.8"]


def ports_for(ua):
    return (32768, 60999) if ("CrOS" in ua or "Linux" in ua or "Android" in ua) else (49152, 65535)


def device(ua, rng, **kw):
    kw.setdefault("lang", rng.choice(LANGS))
    return Device(ua, ports=ports_for(ua), **kw)


def setup_devices(w):
    for s in w.staff:
        rng = random.Random("blind17:%d:dev:%s" % (w.rng_seed, s.login))
        s.dev_work = device(s.work_ua, rng)
        s.dev_home = device(s.home_ua, rng, lang=s.dev_work.lang)
        s.dev_phone = device(s.phone_ua, rng, lang=s.dev_work.lang)
        s.plans, s.agents = {}, {}


def itinerary_net(ctx, w, s, day):
    stops = s.itinerary

    def net(t):
        h = (t - ctx.day0[day]) / 3600.0
        i = 0 if h < 11.5 else (1 if h < 13.75 else 2)
        return work_ip(w, s, stops[min(i, len(stops) - 1)])
    return net


def landing(a, t, s):
    if s.role in ("case_manager", "slp", "ot", "pt", "school_psychologist"):
        return tasks.caseload(a, t, 1)
    return a.api(t, "GET", "/api/dashboard", size=a.rng.randint(2500, 7000), route="/") + a.rng.uniform(3, 20)


def busy(a, t, end, s, w, ctx, rate, mix=None):
    """Tasks at `rate` per hour until `end`, polling in between."""
    r = a.rng
    while True:
        tn = t + max(15.0, r.expovariate(rate / 3600.0))
        if tn >= end:
            break
        a.idle(t, tn)
        t = tasks.do_task(a, tn, s, w, ctx, mix)
    a.idle(t, end)
    return max(t, end)


def work_day(ctx, w, s, day, rng, plan):
    office = s.building == w.districts[s.district]["buildings"][-1]
    arrive = plan.get("arrive") or rng.gauss(7.8 if office else 7.3, 0.3)
    leave = plan.get("leave") or rng.gauss(16.5 if office else 15.9, 0.45)
    a = Agent(ctx, plan.get("actor", "staff"), plan.get("dev") or s.dev_work,
              plan.get("net") or itinerary_net(ctx, w, s, day), rng, s.login)
    t = ctx.at(day, arrive) + rng.uniform(60, 1200)
    t_leave = ctx.at(day, leave)
    t = a.open_app(t)
    fails = plan.get("fails", 1 if (s.auth == "cognito" and rng.random() < 0.05) else 0)
    t = a.sign_in(t, s.auth, s.idp, fails=fails)
    for fn in plan.get("after_signin", []):
        fn(a, t)
    t = landing(a, t, s)
    lunch0 = ctx.at(day, plan.get("lunch") or rng.gauss(11.9, 0.25))
    lunch1, sleep = lunch0 + rng.uniform(25, 45) * 60, rng.random() < 0.5
    meet = None
    if s.role in ("case_manager", "school_psychologist", "sped_director", "sped_coordinator", "principal", "slp") \
            and rng.random() < 0.45:
        m0 = ctx.at(day, rng.uniform(8.3, 14.5))
        meet = (m0, m0 + rng.uniform(40, 90) * 60, rng.random() < 0.5)
    rate = tasks.RATE[s.role] * plan.get("rate", 1.0)
    eps = sorted(plan.get("episodes", []), key=lambda e: e[0])
    while True:
        tn = t + max(15.0, rng.expovariate(rate / 3600.0))
        if eps and eps[0][0] <= tn:
            t0, fn = eps.pop(0)
            t0 = max(t, t0)
            a.idle(t, t0)
            t = fn(a, t0)
            continue
        if tn >= t_leave:
            break
        if lunch0 is not None and tn >= lunch0:
            a.idle(t, lunch0)
            a.idle(max(t, lunch0), lunch1, awake=not sleep)
            t, lunch0 = max(t, lunch1), None
            continue
        if meet and tn >= meet[0]:
            m0, m1, editing = meet
            meet = None
            a.idle(t, m0)
            if editing and s.caseload:
                t = tasks.edit_iep(a, max(t, m0), rng.choice(s.caseload), (m1 - m0) / 60.0)
            else:
                a.idle(max(t, m0), m1, awake=False)
                t = max(t, m1)
            continue
        a.idle(t, tn)
        t = tasks.do_task(a, tn, s, w, ctx, plan.get("mix"))
    a.idle(t, t_leave)
    t = max(t, t_leave)
    if not plan.get("no_signout") and rng.random() < 0.35:
        a.sign_out(t + rng.uniform(5, 60))
    s.agents[(day, "work")] = a
    return a


def home_session(ctx, w, s, day, rng, hour, minutes, dev=None, net=None, rate=0.8, mix=None, tag="home"):
    dev = dev or (s.dev_work if s.home_same_laptop else s.dev_home)
    a = Agent(ctx, "staff", dev, net or s.home_ip, rng, s.login)
    t = a.open_app(ctx.at(day, hour))
    t = a.sign_in(t, s.auth, s.idp)
    t = landing(a, t, s)
    t = busy(a, t, t + minutes * 60, s, w, ctx, tasks.RATE[s.role] * rate, mix)
    if rng.random() < 0.2:
        a.sign_out(t + rng.uniform(5, 30))
    s.agents[(day, tag)] = a
    return a


def phone_session(ctx, w, s, day, rng, hour, net=None, n_tasks=None):
    a = Agent(ctx, "staff", s.dev_phone, net or w.nets.carrier(s.carrier), rng, s.login)
    t = a.open_app(ctx.at(day, hour))
    t = a.sign_in(t, s.auth, s.idp, typing=(9, 30))
    mix = [("open", 50), ("search", 30), ("accom", 20)]
    for _ in range(n_tasks or rng.randint(1, 3)):
        tn = t + rng.uniform(10, 90)
        a.idle(t, tn)
        t = tasks.do_task(a, tn, s, w, ctx, mix)
    return a


def run_staff(ctx, w, s):
    rng = random.Random("blind17:%d:staff:%s" % (w.rng_seed, s.login))
    for day in range(ctx.days):
        plan = s.plans.get(day, {})
        if plan.get("skip"):
            continue
        if ctx.school_day(day):
            if plan.get("present", rng.random() < 0.94):
                work_day(ctx, w, s, day, rng, plan)
            if rng.random() < plan.get("evening", EVENING.get(s.role, 0.1)):
                home_session(ctx, w, s, day, rng, min(22.5, max(18.5, rng.gauss(20.0, 1.0))), rng.uniform(15, 75))
            if rng.random() < 0.1:
                phone_session(ctx, w, s, day, rng, rng.uniform(6.5, 21.5))
        elif rng.random() < plan.get("weekend", 0.06):
            home_session(ctx, w, s, day, rng, rng.uniform(9, 20), rng.uniform(20, 90), rate=0.6)


def ensure_seen(ctx, w, named):
    """Anyone absent for the whole window still glances at the app on their phone one evening."""
    for s in w.staff:
        if not named.get(s.login):
            rng = random.Random("blind17:%d:seen:%s" % (w.rng_seed, s.login))
            phone_session(ctx, w, s, 0, rng, rng.uniform(18.0, 21.0), n_tasks=1)
