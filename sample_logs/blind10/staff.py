"""Ordinary staff days: sign-in, bell-schedule attendance, Poisson tasks, notification polls, evenings."""
import random
from datetime import date, timedelta

from . import tasks as T
from . import world as W
from .client import HOME, Client

IDLE = 3600.0   # mod_auth_openidc / PHP session idle timeout


class Ctx:
    def __init__(self, seed, pop, addr, day, rng):
        self.seed, self.pop, self.addr, self.day, self.rng = seed, pop, addr, day, rng
        self.date = (date(*W.START) + timedelta(days=day)).isoformat()


def period_start(level, p):
    if level == "M":
        return 8.0 + (p - 1) * 55 / 60.0
    if level == "H":
        return 7.67 + (p - 1) * 52 / 60.0
    return 8.8 if p == 0 else 12.67


def sign_in(c, s, x, t, login=None, sso=None):
    login = login or s.login
    sso = s.sso if sso is None else sso
    if sso:
        return c.sso_signin(t, login)
    if x.rng.random() < 0.06:          # mistyped password first
        t = c.form_signin(t, login, ok=False) + x.rng.uniform(4, 20)
        return c.form_signin(t, login, show_form=False)
    return c.form_signin(t, login)


def run_block(c, s, x, t0, t1, fixed=(), rate=None, poll=False, signout_p=0.4, lunch=None, busy=(),
              sso=None, login=None, pick=None, signin=True):
    """One sitting: sign in at t0, do tasks until t1. Returns the end time."""
    rng = x.rng
    login = login or s.login
    sso = s.sso if sso is None else sso
    rate = rate or s.rate
    items, t = [], t0
    while True:
        t += rng.expovariate(rate / 3600.0)
        if t >= t1:
            break
        if (lunch and lunch[0] <= t < lunch[1]) or any(a <= t < b for a, b in busy):
            continue
        items.append((t, 1, None))
    items += [(ft, 0, fn) for ft, fn in fixed if t0 < ft < t1 + 600]
    items.sort(key=lambda z: (z[0], z[1]))
    cur = sign_in(c, s, x, t0, login, sso) if signin else t0
    last, nonce = cur, int(cur * 1000)
    for tt, _, fn in items:
        if tt < cur + 2:
            tt = cur + rng.uniform(2, 12)
        if poll:
            tp = last + 300 + rng.uniform(-0.3, 0.3)
            while tp < tt - 1:
                nonce += 1
                c.ajax(tp, "/lodestar/ajax.php?act=notifcount&_=%d" % nonce)
                tp += 300 + rng.uniform(-0.3, 0.3)
        elif tt - last > IDLE:
            if sso:
                tt = c.reauth(tt, HOME, login) + rng.uniform(2, 8)
            else:
                tt = c.form_signin(tt, login) + rng.uniform(2, 8)
        fn = fn or (pick(x) if pick else T.pick_task(x, s.role))
        cur = fn(c, tt, s, x)
        last = cur
    if poll:
        tp = last + 300
        while tp < t1:
            nonce += 1
            c.ajax(tp, "/lodestar/ajax.php?act=notifcount&_=%d" % nonce)
            tp += 300 + rng.uniform(-0.3, 0.3)
        last = max(last, tp - 300)
    if rng.random() < signout_p:
        last = c.signout(last + rng.uniform(5, 90), sso)
    return last


def teacher_fixed(s, x, day):
    fixed = []
    for sec in s.sections:
        p = x.pop.sections[sec][2]
        if s.level == "E":
            for q in (0, 1):
                fixed.append((W.at(day, period_start("E", q)) + x.rng.uniform(60, 480), sec))
        else:
            fixed.append((W.at(day, period_start(s.level, p)) + x.rng.uniform(60, 420), sec))
    return [(t, (lambda c, tt, s_, x_, sec=sec: T.attendance(c, tt, s_, x_, sec))) for t, sec in fixed
            if x.rng.random() < 0.97]


def work_day(s, x, out, day):
    rng = x.rng
    arrive = W.at(day, s.arrive + rng.gauss(0, 0.22))
    leave = W.at(day, s.leave + rng.gauss(0, 0.3))
    start = arrive + rng.uniform(60, 1500)
    chain = s.work_chain(x.seed, day)
    c = Client(out, rng, chain, s.ua)
    fixed = teacher_fixed(s, x, day) if s.role == "teacher" else []
    fixed += [(t, fn) for d, t, fn in s.extra.get("fixed", ()) if d == day]
    lunch_s = W.at(day, rng.uniform(11.1, 12.4))
    busy = [(a, b) for d, a, b in s.extra.get("busy", ()) if d == day]
    end = run_block(c, s, x, start, leave, fixed, poll=s.poller, lunch=(lunch_s, lunch_s + rng.uniform(1500, 2700)),
                    busy=busy, signout_p=0.35)
    s.extra.setdefault("blocks", []).append((day, start, end, chain, c.srv))


def evening(s, x, out, day, force=False):
    rng = x.rng
    n = 1
    if s.extra.get("vpn"):
        n = rng.choice([1, 2])
    for k in range(n):
        if s.extra.get("late"):
            start = W.at(day, rng.uniform(21.5, 23.4))
            dur = rng.uniform(3600, 9000)
            pick = lambda x_: rng.choice([T.gradebook, T.gradebook, T.final_grades, T.comments, T.lookup])
        else:
            start = W.at(day, rng.uniform(18.6, 22.0) + k * 1.6)
            dur = rng.lognormvariate(0, 0.5) * 1800 + 300
            pick = None
        if s.extra.get("vpn"):
            ip = x.addr.any(W.VPN_EXITS)
            s.extra.setdefault("vpn_exits", []).append(ip)
            chain = (ip,)
        else:
            chain = (s.home_ip,)
        c = Client(out, rng, chain, s.home_ua)
        run_block(c, s, x, start, start + dur, rate=s.rate * 1.6, signout_p=0.25, sso=True, pick=pick)


def staff_days(s, seed, pop, addr, days, out):
    for day in range(days):
        rng = random.Random("%s:staff:%s:%d" % (seed, s.login, day))
        x = Ctx(seed, pop, addr, day, rng)
        skip = day in s.extra.get("skip_work", ())
        if W.is_school_day(day):
            if not skip and rng.random() < 0.94:
                work_day(s, x, out, day)
            p = s.p_evening * (1.4 if s.role == "teacher" else 1.0)
            if s.extra.get("vpn") or s.extra.get("late") or (not skip and rng.random() < p):
                evening(s, x, out, day)
        elif not skip and rng.random() < 0.06:
            evening(s, x, out, day)
