"""Ordinary staff days in Harbor (blind14): arrival, buildings, lunch, the open tab's poll, tasks, phones between
schools, evenings and weekends from home. Look-alikes reuse these pieces with their own plans."""
from . import world as W
from .client import Actor, lognorm
from .tasks import RATES, do_task

EVENING = {"case_manager": .35, "school_psych": .3, "slp": .22, "principal": .3, "sped_director": .35,
           "program_specialist": .2, "teacher": .12, "contract_slp": .3, "contract_ot": .3, "contract_bcba": .3,
           "district_analyst": .15, "billing_coordinator": .1}
SCHOOL_BASED_LEAVE = 15.6
OFFICE_ROLES = {"district_analyst", "it_admin", "sped_director", "program_specialist", "billing_coordinator",
                "crssc_analyst", "crssc_it", "state_auditor"}


def device(ctx, s, name):
    """The staff member's persistent device (browser cache and cookies survive between days)."""
    key = (s.email, name)
    if key not in ctx.devices:
        ua = {"laptop": s.laptop, "home_pc": s.home_pc or s.laptop, "phone": s.phone, "tablet": s.tablet or s.phone}[name]
        ctx.devices[key] = Actor(ctx.out, ctx.rng, ua, s.home, None, s.lang, acct=s.email, login=s.email,
                                 auth_mode=s.auth)
    return ctx.devices[key]


def place(a, rng, s, where):
    if where == "home":
        a.ip, a.xpre = s.home, None
    elif where == "carrier":
        a.ip, a.xpre = W.carrier_ip(rng), None
    elif where.startswith("AG-"):
        a.ip, a.xpre = W.AGENCIES[where[3:]][2], None
    elif where in ("CRSSC", "OSPI"):
        a.ip, a.xpre = (W.NAT["CRSSC"] if where == "CRSSC" else "198.238.212.17"), None
    else:
        a.ip, a.xpre = W.campus_addr(rng, where, s.host)


TAB_OPEN = {"case_manager": .8, "slp": .6, "school_psych": .6, "ot": .6, "pt": .6, "contract_slp": .5,
            "contract_ot": .5, "contract_bcba": .5, "teacher": .25, "counselor": .5, "nurse": .4, "principal": .5,
            "office_staff": .7, "registrar": .7}


def work(a, t0, t1, s, ctx, rate=None, kinds=None, lunch=None, poll=True, first_load=True):
    """Tasks as a Poisson process between t0 and t1 (epoch seconds) on Actor a. Some people keep the tab open
    (its poll runs between tasks), others close it after each task and reload the app for the next one."""
    rng = a.rng
    rate = rate if rate is not None else RATES[s.role][0]
    poll = poll and (a.kind == "script" or rng.random() < TAB_OPEN.get(s.role, 0.7))
    t = t0
    if first_load:
        t = a.open_app(t, "/", password_ok=rng.random() > 0.04 or s.auth == "oidc")
        if not a.signed:                       # mistyped password: second try
            t = a.local(t + rng.uniform(4, 12), "/accounts/login/")
    while True:
        gap = rng.expovariate(rate / 3600.0)
        nxt = t + max(20.0, gap)
        if lunch and lunch[0] <= nxt < lunch[1]:
            nxt = lunch[1] + rng.uniform(0, 300)
        if nxt >= t1:
            break
        if poll:
            a.poll(t, nxt)
        if not poll and a.kind != "script":
            a.close_tab()
            nxt = a.open_app(nxt, "/")                  # the bookmark, again
        kind = rng.choice(kinds) if kinds else None
        if kind is None and rng.random() < 0.015 and s.role not in ("it_admin", "crssc_it"):
            kind = "admin"                      # a click on Admin, 403
        t = do_task(a, nxt, s, ctx, kind)
    if poll:
        a.poll(t, t1)
    a.close_tab()
    return t1


def phone_check(ctx, s, t, where="carrier", n=None):
    rng = ctx.rng
    a = device(ctx, s, "phone")
    place(a, rng, s, where)
    t = a.open_app(t, "/")
    for _ in range(n if n is not None else rng.randint(1, 3)):
        t = do_task(a, t + lognorm(rng, 25, .6), s, ctx, rng.choice(["student", "caseload", "dashboard"]))
    return t


def school_day(ctx, s, day, plan=None):
    rng, plan = ctx.rng, plan or {}
    present = rng.random() < plan.get("present", 0.94)
    if not present:
        if day == 0 or rng.random() < 0.4:
            a = device(ctx, s, "phone")
            place(a, rng, s, "home")
            phone_check(ctx, s, W.utc(day, rng.uniform(18.5, 21.5)), "home", rng.randint(1, 2))
        return
    office = s.role in OFFICE_ROLES
    arrive = rng.gauss(7.9 if office else 7.45, 0.3)
    leave = plan.get("leave") or rng.gauss(16.4 if office else SCHOOL_BASED_LEAVE, 0.35)
    lunch_h = rng.gauss(11.8, 0.35)
    lunch = (W.utc(day, lunch_h), W.utc(day, lunch_h + rng.uniform(25, 45) / 60))
    a = device(ctx, s, "laptop")
    if rng.random() < plan.get("morning_phone", 0.12):
        phone_check(ctx, s, W.utc(day, arrive - rng.uniform(0.3, 0.9)), "carrier", 1)
    stops = list(s.buildings) if s.buildings else [s.campus]
    if plan.get("stops"):
        stops = list(plan["stops"])
    elif s.agency:
        stops = rng.sample(s.buildings, min(len(s.buildings), rng.randint(1, 3)))
        if s.agency != "tidewater" and rng.random() < 0.35:
            stops = ["AG-" + s.agency] + stops[:2]          # paperwork at the agency office first
    elif len(stops) > 1:
        stops = stops[:rng.choice([2, 2, 3])] if rng.random() < 0.75 else stops[:1]
        rng.shuffle(stops)
    start = arrive + rng.uniform(0.05, 0.7)
    span = (leave - start) / len(stops)
    for i, b in enumerate(stops):
        b0 = start + i * span + (0.3 if i else 0)
        b1 = start + (i + 1) * span - (0.15 if i < len(stops) - 1 else 0)
        place(a, rng, s, b)
        work(a, W.utc(day, b0), W.utc(day, b1), s, ctx, lunch=lunch, first_load=True)
        if i < len(stops) - 1 and rng.random() < plan.get("between_phone", 0.35):
            phone_check(ctx, s, W.utc(day, b1 + rng.uniform(0.02, 0.2)), "carrier", 1)
    if rng.random() < 0.3:
        a.logout(W.utc(day, leave) + rng.uniform(0, 60))
    if rng.random() < plan.get("evening", EVENING.get(s.role, 0.08)):
        evening(ctx, s, day)


def evening(ctx, s, day, start=None, minutes=None, device_name=None):
    rng = ctx.rng
    name = device_name or ("home_pc" if s.home_pc and rng.random() < 0.4 else "laptop")
    a = device(ctx, s, name)
    place(a, rng, s, "home")
    h = start if start is not None else min(22.8, max(17.5, rng.gauss(20.0, 1.0)))
    dur = minutes if minutes is not None else min(150, max(10, lognorm(rng, 35, .6)))
    t0 = W.utc(day, h)
    work(a, t0, t0 + dur * 60, s, ctx, rate=RATES[s.role][0] * 1.2)


def weekend_day(ctx, s, day):
    rng = ctx.rng
    p = 0.12 if s.role in ("case_manager", "school_psych", "sped_director") else 0.05
    if rng.random() < p:
        evening(ctx, s, day, start=rng.uniform(9.5, 20.5), minutes=lognorm(rng, 50, .6))


def ordinary_day(ctx, s, day, plan=None):
    if W.school_day(day):
        school_day(ctx, s, day, plan)
    else:
        weekend_day(ctx, s, day)
