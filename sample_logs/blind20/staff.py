"""Ordinary staff days: arrival, sign-in, class periods, role activities, lunch, idle tabs, evenings, phones."""
from . import acts
from .client import Client
from .nets import Dev, DESK_MIX, PHONE_MIX
from .world import OFFICE_NAT

PERIODS = [8 * 3600 + 5 * 60, 9 * 3600, 9 * 3600 + 55 * 60, 10 * 3600 + 50 * 60, 12 * 3600 + 15 * 60,
           13 * 3600 + 10 * 60, 14 * 3600 + 5 * 60]
GAPS = {"teacher": 1900, "secretary": 480, "attendance_clerk": 600, "counselor": 720, "principal": 950,
        "assistant_principal": 850, "nurse": 1000, "sped_coordinator": 900, "librarian": 1500, "registrar": 500,
        "data_coordinator": 800, "helpdesk": 650}


def setup_devices(G, p):
    r = G.rng
    desk = Dev(r.choice(DESK_MIX), name="desk")
    p.devs["desk"] = desk
    p.devs["home"] = desk if r.random() < 0.35 else Dev(r.choice(DESK_MIX), name="home")
    p.devs["phone"] = Dev(r.choice(PHONE_MIX), name="phone")
    p.dual = bool(p.town and p.town.legacy and p.town.google and p.method == "google" and r.random() < 0.5)


def work_ip(p):
    return p.town.nat if p.town is not None else OFFICE_NAT


def client(G, dev, ip, t, tag=None):
    c = Client(G, dev, ip, t, tag)
    st = G.devstate.get(dev)
    if st:
        c.user, c.sess, c.cached = st
    return c


def park(G, c):
    G.devstate[c.dev] = (c.user, c.sess, c.cached)


def needs_mfa(p, method):
    if method != "local":
        return False
    if p.mfa is not None:
        return p.mfa
    return p.town is None or p.town.mfa


def tool_sign_in(G, p, c, speed=0.05, method="local"):
    name = p.login_name(method)
    p.use(name)
    c.speed = speed
    return c.sign_in(name, method, needs_mfa(p, method), 0, p.town.domain if p.town else "trec.k12.ma.us", start=None)


def sign_in(G, p, c, method=None, fails=0):
    method = method or p.method
    name = p.login_name(method)
    p.use(name)
    mfa = needs_mfa(p, method)
    dom = p.town.domain if p.town else "trec.k12.ma.us"
    start = "/" if G.rng.random() < 0.6 else None
    ok = c.sign_in(name, method, mfa, fails, dom, start=start)
    if not ok:  # locked out: helpdesk unlocks after a phone call
        c.wait(G.rng.uniform(600, 2400))
        ok = c.sign_in(name, method, mfa, 0, dom, start=None)
    return ok


def block(G, p, c, until, town=None, sched=None, gap=None, weights=None):
    r = G.rng
    town = town or p.town or G.towns[r.randrange(len(G.towns))]
    wl = weights or acts.WEIGHTS.get(p.role, acts.WEIGHTS["teacher"])
    kinds, wts = [k for k, _ in wl], [w for _, w in wl]
    gap = gap or GAPS.get(p.role, 600)
    sched = sched if sched is not None else []
    while True:
        nt = c.t + r.expovariate(1.0 / gap)
        if sched and sched[0][0] <= nt and sched[0][0] < until:
            t0, sec = sched.pop(0)
            c.idle(max(c.t, t0))
            acts.attendance(c, sec, r)
            continue
        if nt >= until:
            break
        c.idle(nt)
        acts.do(r.choices(kinds, wts)[0], c, p, town, r)
        if p.town is None and r.random() < 0.3:
            town = G.towns[r.randrange(len(G.towns))]
    c.idle(until)


def workday(G, p, d0, arrive=None, leave=None, ip=None, dev=None, gap=None, weights=None, lunch=True,
            logout_p=0.35, overnight_p=0.08, fails=None, tag=None):
    r = G.rng
    role = p.role
    a = arrive if arrive is not None else d0 + (6.8 if role in ("secretary", "attendance_clerk") else 7.1) * 3600 \
        + r.uniform(0, 3300)
    lv = leave if leave is not None else d0 + (15.0 if role in ("teacher", "librarian") else 15.7) * 3600 \
        + r.uniform(0, 5400)
    c = client(G, dev or p.devs["desk"], ip or work_ip(p), a, tag)
    if fails is None:
        fails = r.choice([1, 1, 2, 2, 3]) if r.random() < 0.05 else 0
    sign_in(G, p, c, fails=fails)
    sched = []
    if p.sections:
        times = sorted(r.sample(PERIODS, min(len(p.sections), len(PERIODS))))
        sched = [(d0 + t + r.uniform(30, 600), s[0]) for t, s in zip(times, p.sections)]
    if lunch:
        ls = d0 + r.uniform(11.0, 12.6) * 3600
        block(G, p, c, ls, sched=sched, gap=gap, weights=weights)
        c.idle(ls + r.uniform(1500, 3000))
    block(G, p, c, lv, sched=sched, gap=gap, weights=weights)
    if r.random() < logout_p:
        c.logout()
    elif r.random() < overnight_p:
        c.idle(min(d0 + 30 * 3600, c.login_t + 40000))   # tab left open: pings until the 10 h cap
    else:
        c.idle(lv + r.uniform(60, 1800))
    park(G, c)
    return c


def evening(G, p, d0, start=None, minutes=None, tag=None, ip=None):
    r = G.rng
    t = start if start is not None else d0 + r.uniform(18.5, 22.5) * 3600
    c = client(G, p.devs["home"], ip or p.home_ip, t, tag)
    sign_in(G, p, c)
    block(G, p, c, t + 60 * (minutes or r.uniform(12, 75)), gap=240,
          weights=[("gradebook", 50), ("student", 30), ("roster", 20)] if p.sections else None)
    if r.random() < 0.5:
        c.logout()
    park(G, c)


def phone(G, p, d0, t=None, ip=None, pages=None):
    r = G.rng
    t = t if t is not None else d0 + r.choice([r.uniform(6.5, 7.3), r.uniform(12, 13), r.uniform(16, 21)]) * 3600
    c = client(G, p.devs["phone"], ip or G.nets.carrier(), t)
    method = "local" if p.dual else None
    sign_in(G, p, c, method=method)
    town = p.town or G.towns[r.randrange(len(G.towns))]
    for _ in range(pages or r.randint(1, 4)):
        c.wait(r.uniform(8, 70))
        acts.student(c, town, r.randrange(town.n_students), p.role, r, ntabs=r.randint(0, 1))
    park(G, c)
    return c


def ordinary(G, p, days):
    r = G.rng
    for d0, wd in days:
        if wd >= 5:
            if r.random() < 0.06:
                evening(G, p, d0, start=d0 + r.uniform(9, 21) * 3600)
            continue
        if r.random() < 0.06:
            continue
        workday(G, p, d0)
        if r.random() < (0.3 if p.role == "teacher" else 0.12):
            evening(G, p, d0)
        if r.random() < (0.7 if p.dual else 0.13):
            phone(G, p, d0)
