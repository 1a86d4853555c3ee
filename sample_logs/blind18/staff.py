"""Ordinary staff days: arrival, sign-in, tasks by role, attendance periods, lunch, notification polling, phones,
evenings and weekends from home."""
import datetime

from .client import Client
from .tasks import task, attendance, open_student
from .world import START, school_ip, GUEST_WIFI, ua_pool

PERIODS = {"high": [7.75, 8.8, 9.85, 11.5, 12.55, 13.6], "middle": [8.1, 9.1, 10.1, 11.9, 12.9, 13.9],
           "elem": [8.2, 12.7]}
ARRIVE = {"teacher": 7.2, "office_secretary": 7.6, "principal": 7.0, "registrar": 7.7, "nurse": 7.6,
          "district_analyst": 8.0, "it_support": 7.8, "hr_specialist": 8.0}
EVENING = {"teacher": 0.3, "counselor": 0.2, "principal": 0.35, "sped_coordinator": 0.25, "district_analyst": 0.12}


def is_school_day(d):
    return (START + datetime.timedelta(days=d)).weekday() < 5


def level_of(world, s):
    from .world import SCHOOLS
    for code, _, level, _ in SCHOOLS:
        if code == s["school"]:
            return level
    return "district"


def device(env, s, name, ip, ua, rng, h2=True):
    caches = s.setdefault("caches", {})
    return Client(env, rng, ip, ua, user=s["login"], role=s["role"], h2=h2, cache=caches.setdefault(name, {}))


def sign_in(c, t, s, rng):
    if s["auth"] == "okta":
        return c.login_okta(t)
    if rng.random() < 0.06:
        t, _ = c.login_form(t, s["login"], password_ok=False)
        t += rng.uniform(4, 15)
        return c.login_form(t, s["login"], page=False)[0]
    return c.login_form(t, s["login"])[0]


def polls(c, t0, t1, rng, gaps=()):
    """The dashboard's unread-count XHR every 5 min while the tab is open (not while the laptop sleeps)."""
    t = t0 + rng.uniform(60, 300)
    visible, flip = True, t + rng.uniform(600, 3600)
    while t < t1:
        if t > flip:                      # a hidden/frozen tab stops polling for a while
            visible, flip = not visible, t + (rng.uniform(900, 3600) if not visible else rng.uniform(300, 2400))
        if visible and not any(a <= t < b for a, b in gaps):
            c.poll(t)
        t += 300 + rng.uniform(-2, 4)


def work_block(env, c, s, world, rng, t, end, extra=(), rate=None):
    """Tasks (Poisson at the role's rate) between t and end, with fixed-time items (t_at, fn) interleaved."""
    rate = (rate or s["rate"]) * 1.35 / 3600.0
    fixed = sorted(extra, key=lambda x: x[0])
    while t < end:
        nxt = t + rng.expovariate(rate)
        if fixed and fixed[0][0] <= nxt:
            at, fn = fixed.pop(0)
            t = fn(c, max(t, at))
            continue
        if nxt >= end:
            break
        t = task(c, nxt, s, world, rng)
    return t


def school_day(env, s, d, rng, world, role_rate=None, extra=()):
    """A normal day at work; returns the main device client (look-alikes add to it)."""
    base = d * 86400
    role = s["role"]
    arrive = base + 3600 * (ARRIVE.get(role, 7.5) + rng.gauss(0, 0.3))
    leave = base + 3600 * (15.5 + (0.6 if role in ("principal", "district_analyst", "registrar") else 0) + rng.gauss(0, 0.45))
    c = device(env, s, "main", school_ip(rng, s["school"]), s["ua"], rng)
    t = t_in = sign_in(c, arrive + rng.uniform(60, 1200), s, rng)
    lunch0 = base + 3600 * rng.uniform(11.1, 12.6)
    lunch1 = lunch0 + 60 * rng.uniform(22, 45)
    fixed = list(extra)
    if role == "teacher":
        per = PERIODS.get(level_of(world, s), [])
        for i, (sec, _) in enumerate(s["sections"]):
            slots = per if len(s["sections"]) == 1 else [per[i % len(per)]]
            for p in slots:
                at = base + 3600 * p + rng.uniform(60, 600)
                fixed.append((at, lambda cc, tt, sec=sec: attendance(cc, tt, sec)))
    t = work_block(env, c, s, world, rng, t, lunch0, [f for f in fixed if f[0] < lunch0], role_rate)
    t = work_block(env, c, s, world, rng, max(t, lunch1), leave, [f for f in fixed if f[0] >= lunch0], role_rate)
    polls(c, t_in, leave, rng, [(lunch0, lunch1)] if rng.random() < 0.5 else [])
    if rng.random() < 0.3:
        c.logout(max(t, leave))
    return c


def phone_check(env, s, d, rng, world, at=None):
    base = d * 86400
    h = at if at is not None else rng.uniform(7.0, 21.5)
    t = base + 3600 * h
    ip = GUEST_WIFI if 7.5 < h < 15.5 and rng.random() < 0.6 else s["carrier"]
    c = device(env, s, "phone", ip, s["phone_ua"], rng)
    t = c.login_okta(t, idp_initiated=True)
    for _ in range(rng.randint(1, 3)):
        t = open_student(c, t + rng.uniform(3, 20), rng.choice(world.pupils_of(s)), s["role"],
                         rng.choice([None, "contacts", "schedule"]), dwell=(5, 40), id_set=world.id_set)
    return t


def home_session(env, s, d, rng, world, h0, h1, ua=None, ip=None, name=None):
    t = d * 86400 + 3600 * rng.uniform(h0, h1)
    same = ua is None and rng.random() < 0.6
    if ua is None:
        ua = s["ua"] if same else s.setdefault("home_ua", ua_pool(rng))
    c = device(env, s, name or ("main" if same else "home"), ip or s["home"], ua, rng)
    t0 = t = sign_in(c, t, s, rng)
    end = t + 60 * rng.uniform(10, 55)
    t = work_block(env, c, s, world, rng, t, end, rate=s["rate"] * 1.2)
    polls(c, t0, max(t, end), rng)
    return c


def ordinary(env, s, world, rng, days):
    for d in range(days):
        if is_school_day(d):
            if rng.random() < 0.94:
                school_day(env, s, d, rng, world)
                if rng.random() < EVENING.get(s["role"], 0.08):
                    home_session(env, s, d, rng, world, 19.0, 21.8)
            if s["phone_ua"] and rng.random() < 0.15:
                phone_check(env, s, d, rng, world)
        elif rng.random() < 0.08:
            home_session(env, s, d, rng, world, 9.5, 20.5)
