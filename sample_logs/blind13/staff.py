"""Ordinary staff days: school days (attendance by period, Poisson tasks, lunch), four-day-week PD Fridays,
weekends, evenings from home (same laptop or own device), phone checks; look-alike hooks from `lookalikes`."""
import datetime as dt
import random

from . import lookalikes, tasks
from .client import Client
from .tasks import Ctx

PERIODS = (8.1, 9.0, 9.92, 10.83, 12.33, 13.25, 14.17)      # secondary periods 1-7 (11:40-12:15 lunch)
ELEM_ATT = (8.17, 12.67)
ARRIVE = {"teacher": (7.35, 0.22), "secretary": (7.45, 0.18), "principal": (7.25, 0.3), "counselor": (7.5, 0.25),
          "nurse": (7.7, 0.3), "superintendent": (7.4, 0.4), "clerk": (7.6, 0.3), "data_coordinator": (7.55, 0.3),
          "it_tech": (7.3, 0.35)}
LEAVE = {"teacher": (15.85, 0.4), "secretary": (16.25, 0.25), "principal": (16.8, 0.6), "counselor": (16.1, 0.4),
         "superintendent": (17.0, 0.7)}


def date_str(w, d):
    return (w.day0 + dt.timedelta(days=d)).strftime("%Y-%m-%d")


def staff_rng(seed, s, what="staff"):
    return random.Random("blind13:%d:%s:%d" % (seed, what, s.sid))


def work_block(w, sink, rng, s, d, a, b, rate, fixed=(), lunch=None, light=False, c=None, ip=None, ua=None,
               resume=False, pre=None):
    """A stretch of work in one tab from hour a to hour b (local, day d). Returns the client."""
    if c is None:
        c = Client(sink, rng, ip or s.nat, ua or s.primary_ua, user=s)
        if pre is not None:
            c.pre = pre
        t = w.at(d, a)
        if resume:
            t = c.refresh(t)
        else:
            fails = 1 if (s.auth == "cognito" and rng.random() < 0.05) else 0
            t = c.sign_in(t, s.auth, fails=fails, hd=w.district[s.district]["domain"])
        t = c.load(t + rng.uniform(0.3, 1.2))
    else:
        t = w.at(d, a)
    x = Ctx(w, s, c, date_str(w, d))
    end = w.at(d, b)
    fixed = sorted((w.at(d, h), f) for h, f in fixed)
    lunch = (w.at(d, lunch[0]), w.at(d, lunch[1])) if lunch else None
    nxt = t + rng.expovariate(rate / 3600.0) if rate > 0 else end
    while True:
        cand = fixed[0][0] if fixed else end
        if nxt < cand:
            if lunch and lunch[0] <= nxt < lunch[1]:
                nxt = lunch[1] + rng.uniform(0, 300)
                continue
            if nxt >= end:
                break
            t = tasks.do_task(x, max(t, nxt), light=light)
            nxt = t + rng.expovariate(rate / 3600.0)
        else:
            if not fixed:
                break
            ft, f = fixed.pop(0)
            t = f(x, max(t, ft))
            nxt = max(nxt, t + rng.uniform(5, 60))
    c.last_t = t
    return c


def school_day(w, sink, rng, s, d, la):
    role = s.role
    mu, sd = ARRIVE.get(role, (7.9, 0.35))
    arrive = rng.gauss(mu, sd)
    first = arrive + rng.uniform(0.03, 0.3)
    mu, sd = LEAVE.get(role, (16.4, 0.45))
    leave = max(first + 2.0, rng.gauss(mu, sd))
    fixed = []
    skip = getattr(s, "skip_sections", ())            # a student teacher takes these
    if role == "teacher":
        if s.secondary:
            for sec in s.sections:
                if sec.n not in skip:
                    fixed.append((PERIODS[sec.period - 1] + rng.uniform(0.03, 0.13), _att(sec)))
            lunch = (11.67, 12.25)
        else:
            sec = s.sections[0]
            fixed.append((ELEM_ATT[0] + rng.uniform(0.0, 0.1), _att(sec)))
            if "pm" not in skip:
                fixed.append((ELEM_ATT[1] + rng.uniform(0, 0.1), _att(sec)))
            lunch = (11.9, 12.4)
    else:
        ls = rng.gauss(12.0, 0.3)
        lunch = (ls, ls + rng.uniform(0.4, 0.7))
    rate = tasks.RATE.get(role, 4.0) * s.activity * la.get("rate_mult", 1.0)
    hook = la.get("school_day")
    if hook:
        first, leave, rate, fixed = hook(w, sink, rng, s, d, first, leave, rate, fixed)
    c = work_block(w, sink, rng, s, d, first, leave, rate, fixed, lunch)
    signed_out = rng.random() < 0.3
    if signed_out:
        c.sign_out(c.last_t + rng.uniform(2, 30))
    evening(w, sink, rng, s, d, first, None if signed_out else c)


def _att(sec):
    return lambda x, t: tasks.attendance(x, t, sec)


def evening(w, sink, rng, s, d, signed_in_at, day_client, p_mult=1.0):
    if rng.random() < s.evening_p * p_mult:
        start = min(22.8, max(17.6, rng.gauss(19.9, 1.0)))
        dur = min(2.5, 0.42 * rng.lognormvariate(0, 0.6))
        same = s.home_ua == s.primary_ua
        resume = same and day_client is not None and start < signed_in_at + 12
        work_block(w, sink, rng, s, d, start, start + dur, tasks.RATE.get(s.role, 4) * 1.3, light=True,
                   ip=s.home_ip, ua=s.home_ua, resume=resume,
                   pre=day_client.pre if (same and day_client is not None) else None)
    if rng.random() < 0.07 * p_mult:
        h = rng.uniform(17.0, 22.0)
        work_block(w, sink, rng, s, d, h, h + rng.uniform(0.05, 0.2), 12.0, light=True,
                   ip=w.net.carrier(rng), ua=s.phone_ua)


def pd_day(w, sink, rng, s, d, la):
    first = rng.gauss(8.1, 0.25)
    leave = max(first + 1.5, rng.gauss(12.6, 0.5))
    rate = tasks.RATE.get(s.role, 4.0) * s.activity * 0.6
    work_block(w, sink, rng, s, d, first, leave, rate, light=True)
    evening(w, sink, rng, s, d, first, None, p_mult=0.4)


def weekend_day(w, sink, rng, s, d, la):
    p = {"teacher": 0.13, "principal": 0.12, "superintendent": 0.15, "counselor": 0.06}.get(s.role, 0.04)
    hook = la.get("weekend")
    if hook:
        hook(w, sink, rng, s, d)
        return
    if rng.random() < p:
        h = rng.uniform(8.5, 20.5)
        dur = min(3.0, 0.8 * rng.lognormvariate(0, 0.6))
        work_block(w, sink, rng, s, d, h, h + dur, tasks.RATE.get(s.role, 4) * 1.2, light=True,
                   ip=s.home_ip, ua=s.home_ua)


def simulate(w, sink, seed, la_map):
    """All staff, all days. `la_map`: sid -> look-alike dict (hooks, rate multipliers)."""
    for s in w.staff:
        rng = staff_rng(seed, s)
        s.activity = rng.lognormvariate(0, 0.35)
        la = la_map.get(s.sid, {})
        for d in range(w.days):
            kind = w.day_kind(s.district, d)
            if la.get("day"):
                la["day"](w, sink, rng, s, d, kind)
            if la.get("replace") and kind in la["replace"]:
                continue
            if kind == "school":
                if rng.random() < 0.95 or la:
                    school_day(w, sink, rng, s, d, la)
            elif kind == "pd":
                if rng.random() < 0.72:
                    pd_day(w, sink, rng, s, d, la)
            else:
                weekend_day(w, sink, rng, s, d, la)
    lookalikes.extra(w, sink, seed, la_map)


def ensure_presence(w, sink, seed, accounts):
    """Everyone listed must show up: staff with no signed-in request get a short look from home on day 1."""
    seen = {e.who.sid for e in sink if e.who is not None and w.start <= e.t < w.end}
    for s in accounts:
        if s.sid in seen:
            continue
        rng = staff_rng(seed, s, "presence")
        h = rng.uniform(19.0, 21.5)
        work_block(w, sink, rng, s, 0, h, h + rng.uniform(0.1, 0.3), 8.0, light=True, ip=s.home_ip, ua=s.home_ua)
