"""Ordinary staff days: arrival, sign-in, desk blocks with tasks and SPA polling, lunch, phones, evenings, weekends."""
from . import tasks as T
from . import world as W
from .client import Client, lognorm

SEC_PERIODS = {1: 7.83, 2: 8.83, 3: 9.83, 4: 10.83, 5: 12.42, 6: 13.42}
ARRIVE = {"teacher": (7.2, 0.25), "office": (7.4, 0.2), "nurse": (7.4, 0.2), "registrar": (7.6, 0.25),
          "it": (7.8, 0.4), "analyst": (8.0, 0.45), "data_coordinator": (8.0, 0.4), "auditor": (8.3, 0.3),
          "state_analyst": (8.2, 0.4)}
LEAVE = {"teacher": (15.7, 0.45), "office": (16.3, 0.3), "nurse": (15.5, 0.3)}
EVENING = {"teacher": 0.22, "counselor": 0.2, "principal": 0.35, "asst_principal": 0.3, "analyst": 0.15,
           "data_coordinator": 0.15, "it": 0.2}
IDLE_TIMEOUT = 7200.0


def merge(blocks):
    out = []
    for a, b in sorted(blocks):
        if out and a <= out[-1][1] + 60:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


def desk_blocks(s, day, r, t_in, t_out):
    """Intervals (epoch) with the TrailMark tab open, plus teachers' attendance times."""
    L = lambda h: W.local(day, h)
    att = []
    if s.role != "teacher":
        lunch = L(r.uniform(11.4, 12.8))
        if r.random() < 0.45:
            return [[t_in, t_out]], att
        return [[t_in, lunch], [lunch + r.uniform(1500, 2700), t_out]], att
    if s.level == "es":
        starts = [L(8.0), L(12.2)]
        prep = L(r.choice((9.0, 10.0, 11.0, 13.0)))
        first, dismiss, lunch = L(8.0), L(14.75), L(11.5)
        blocks = [[t_in, first + 300], [prep, prep + 2700]]
    else:
        starts, prep, blocks = [], None, [[t_in, L(7.83) + 300]]
        for sec, per in s.sections:
            starts.append(L(SEC_PERIODS[per]))
        for per in range(1, 7):
            if per not in [p for _sec, p in s.sections]:
                prep = L(SEC_PERIODS[per])
                blocks.append([prep, prep + 3300])
        dismiss, lunch = L(14.33), L(11.75)
    secs = s.sections if s.level != "es" else [(s.sections[0][0], 1), (s.sections[0][0], 5)]
    for (sec, _p), st in zip(secs, starts):
        a = st + r.uniform(40, 420)
        att.append((a, sec))
        blocks.append([a - 20, a + r.uniform(180, 600)])
    if r.random() < 0.4:
        blocks.append([lunch + 300, lunch + r.uniform(600, 1500)])
    blocks.append([dismiss + r.uniform(300, 1200), t_out])
    if r.random() < 0.5:
        return [[t_in, t_out]], att
    return merge(blocks), att


def run_tasks(c, s, pop, day, a, b, rate, task=None, first=None):
    """Poisson tasks in [a, b); tasks are sequential, each starting after the previous one ends."""
    r = c.rng
    fn = task or T.ROLE_TASK.get(s.role, T.office_task)
    if b <= a:
        return a if first is None else first
    lam = rate * (b - a) / 3600.0
    n = max(0, int(round(r.gauss(lam, 0.3 + lam ** 0.5))))
    times = sorted(r.uniform(a, b) for _ in range(n))
    t = a if first is None else first
    for st in times:
        t = max(t + r.uniform(2, 20), st)
        if t >= b:
            break
        t = fn(c, t, s, pop, day)
    return t


def work_day(ctx, s, day, r, nat=None, override=None, rate_mult=1.0, leave=None, tag=None, ua=None):
    """A staff member's school day. `override(c, t, block_end) -> t` replaces tasks in the first long block."""
    pop = ctx.pop
    m, sd = ARRIVE.get(s.role, (7.6, 0.3))
    t_in = W.local(day, r.gauss(m, sd)) + r.uniform(60, 1200)
    m, sd = LEAVE.get(s.role, (16.6, 0.5))
    t_out = leave or W.local(day, r.gauss(m, sd))
    ua = ua or s.ua_work
    c = Client(ctx.log, r, W.via_filter(nat or s.nat, s.login + ua), ua, tag=tag, auth=s.auth)
    fails = 1 if s.auth == "form" and r.random() < 0.05 else 0
    t = c.login(t_in, s, fails)
    blocks, att = desk_blocks(s, day, r, t, max(t_out, t + 1800))
    last, done_override, rate = t, override is None, T.ROLE_RATE.get(s.role, 2.0) * rate_mult
    for a, b in blocks:
        a = max(a, t)
        if a >= b:
            continue
        if a - last > IDLE_TIMEOUT:
            a = c.login(a, s, entry="/home")
        p0 = a
        while att and att[0][0] < b:
            ta, sec = att.pop(0)
            if ta < a - 900:
                continue
            a = run_tasks(c, s, pop, day, a, ta, rate, first=a)
            a = T.attendance(c, max(ta, a), sec, day)
        if not done_override and b - a > 3600:
            a = override(c, a, b)
            done_override = True
        t = run_tasks(c, s, pop, day, a, b, rate, first=a)
        c.poll(p0, min(max(b, t), W.local(day, 23.9)))
        last = max(b, t)
    if r.random() < 0.3:
        c.logout(last + r.uniform(5, 60))
    return c, last


def phone_check(ctx, s, r, t, n=None, ip=None):
    """A few minutes on the phone browser (carrier or home Wi-Fi); signs in unless the phone's session lives."""
    if not s.ua_phone:
        return t
    ip = ip or (W.ip_in(r, W.CARRIER) if r.random() < 0.6 else s.home_ip)
    c = Client(ctx.log, r, W.via_filter(ip, s.login + s.ua_phone), s.ua_phone, auth=s.auth)
    t = c.login(t, s, entry="/home")
    for _ in range(n or r.randint(1, 3)):
        t = c.think(t, 20.0)
        t = T.messages(c, t) if r.random() < 0.4 else T.lookup(c, t, r.choice(s.pupils), s.role, ("grades",))
    return t


def app_session(ctx, s, r, t, n, ip=None, ua=None, tag=None):
    """The official mobile app: bearer token, no cookies, no referer, no sign-in lines."""
    c = Client(ctx.log, r, ip or W.ip_in(r, W.CARRIER), ua or s.app_ua, user=s.login, tag=tag, browser=False)
    t = c.api(t, "/api/v3/me", ref=None)
    t = c.api(t + 0.2, "/api/v3/notifications/unread?since=%d" % int((t - 3600) * 1000), ref=None)
    if r.random() < 0.15:
        t = c.api(t + 0.1, "/api/v3/auth/refresh", "POST", ref=None)
    for _ in range(n):
        t = c.think(t, 18.0, 0.8)
        sid = r.choice(s.pupils)
        t = c.api(t, "/api/v3/students/%s" % sid, ref=None)
        if r.random() < 0.5:
            t = c.api(t + r.uniform(1, 6), "/api/v3/students/%s/%s" % (sid, r.choice(("schedule", "grades", "attendance"))), ref=None)
    return t


def evening(ctx, s, day, r, start=None, minutes=None, ua=None, ip=None, tag=None):
    """Work from home in the evening on the home computer (or the school laptop taken home)."""
    ua = ua or s.ua_home
    c = Client(ctx.log, r, ip or s.home_ip, ua, warm=(ua == s.ua_work), tag=tag, auth=s.auth)
    t0 = start or W.local(day, r.uniform(18.8, 22.0))
    t = t1 = c.login(t0, s, entry="/home")
    end = t + 60 * (minutes or r.uniform(12, 70))
    t = run_tasks(c, s, ctx.pop, day, t, end, T.ROLE_RATE.get(s.role, 2.0) * 1.4, first=t)
    c.poll(t1, max(t, end))
    if r.random() < 0.4:
        c.logout(max(t, end) + r.uniform(5, 40))
    return c, max(t, end)


def ordinary_day(ctx, s, day, r):
    """Default behaviour for one staff member on one window day."""
    if not W.is_school_day(day):
        if r.random() < 0.12 and s.role not in ("auditor",):
            evening(ctx, s, day, r, start=W.local(day, r.uniform(9.0, 20.0)), minutes=r.uniform(30, 120))
        return
    if r.random() < 0.05:
        if r.random() < 0.25:
            phone_check(ctx, s, r, W.local(day, r.uniform(9, 20)))
        return
    _c, last = work_day(ctx, s, day, r)
    if s.ua_phone and r.random() < 0.12:
        phone_check(ctx, s, r, W.local(day, r.uniform(11.6, 12.6)), ip=s.nat if r.random() < 0.3 else None)
    if s.app_ua and r.random() < 0.5:
        app_session(ctx, s, r, W.local(day, r.uniform(7.0, 21.0)), r.randint(1, 6))
    if r.random() < EVENING.get(s.role, 0.08):
        evening(ctx, s, day, r)
    elif s.ua_phone and r.random() < 0.12:
        phone_check(ctx, s, r, W.local(day, r.uniform(17.5, 22.5)))
