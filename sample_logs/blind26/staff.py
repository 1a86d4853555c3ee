"""Ordinary staff days: arrival, CAS sign-in, teaching periods with attendance, desk work with the notification poll,
lunch, phones, evenings and early mornings from home.  Look-alikes and abuse owners adjust this through ``flags``.
"""
import datetime

from . import tasks as T
from .browser import Browser
from .world import DESK_ROLES, START, ip_in

H = 3600.0
EVENING_SHARE = {"teacher": .28, "principal": .35, "assistant_principal": .25, "counselor": .15, "analyst": .2,
                 "it_admin": .22, "sped_coordinator": .12}


def weekday(day):
    return (datetime.date(*START) + datetime.timedelta(days=day)).weekday()


class Ctx:
    """What a task needs to know about who is working, where and when."""

    def __init__(self, world, person, rng, day):
        self.world, self.person, self.rng, self.day = world, person, rng, day
        self.school = world.schools.get(person.school) or world.schools[rng.choice(list(world.schools))]
        self.date = T.date_of(day)
        self.all_codes = list(world.schools)

    def some_pupil(self):
        if self.person.sections and self.rng.random() < .85:
            return self.rng.choice(self.rng.choice(self.person.sections)[1])
        return self.rng.choice(self.school.pupils)

    def next_job(self, t):
        return 7400000 + int(t / 4) + self.rng.randint(0, 3)


class Devices:
    """The browsers of each person, kept across days (same computer, same cache rules)."""

    def __init__(self, world, log, rng_for):
        self.world, self.log, self.rng_for, self.by = world, log, rng_for, {}

    def get(self, p, kind):
        key = (p.login, kind)
        if key not in self.by:
            rng = self.rng_for("dev:%s:%s" % key)
            ip, ua = {"work": (self.world.nat(p.school), p.work_ua), "home": (p.home_ip, p.home_ua),
                      "phone_home": (p.home_ip, p.phone_ua),
                      "phone_school": (self.world.nat(p.school), p.phone_ua)}[kind]
            self.by[key] = Browser(self.log, rng, ip, ua, p.login)
        return self.by[key]

    def cell(self, p, rng):
        """A phone on the carrier network: a new address each time."""
        return Browser(self.log, rng, ip_in(rng, p.carrier), p.phone_ua, p.login)


def poisson_times(rng, a, b, per_hour):
    out, t = [], a
    if per_hour <= 0:
        return out
    while True:
        t += rng.expovariate(per_hour / H)
        if t >= b:
            return out
        out.append(t)


def hours_of(p, level, rng):
    """(arrive, leave, lunch start, lunch length) in seconds after midnight."""
    if p.school in ("0900", "0910"):
        arrive, leave = rng.gauss(8.05, .3), rng.gauss(16.7, .4)
    elif p.role in DESK_ROLES:
        arrive, leave = rng.gauss(7.5, .25), rng.gauss(16.1, .45)
    elif level == "ES":
        arrive, leave = rng.gauss(7.85, .22), rng.gauss(15.7, .4)
    else:
        arrive, leave = rng.gauss(7.3, .22), rng.gauss(15.25, .4)
    lunch = rng.gauss(12.1 if p.role != "teacher" else 11.6, .35)
    return arrive * H, max(leave, arrive + 6) * H, lunch * H, rng.uniform(22, 45) * 60


def work_day(world, dev, p, day, rng, extra=None):
    """One school day at work.  ``extra``: [(time of day, fn(b, t, ctx) -> t)] added by look-alikes."""
    d0 = day * 86400.0
    ctx = Ctx(world, p, rng, day)
    level = world.schools[p.school].level if p.school in world.schools else "CO"
    arrive, leave, lunch, lunch_len = hours_of(p, level, rng)
    arrive, leave = p.flags.get("arrive", arrive), p.flags.get("leave", leave)
    b = dev.get(p, "work")
    if "polls" not in p.flags:
        p.flags["polls"] = rng.random() < (.85 if p.role in DESK_ROLES else .45)
    b.idle = 10 ** 9 if (p.flags["polls"] or p.flags.get("no_idle")) else 3600
    start = arrive + rng.uniform(2, 20) * 60
    plan = []
    if p.role == "teacher":
        for sid, pupils, period in p.sections:
            if period == 0:
                times = [8.66 * H, 12.6 * H]
            else:
                times = [(7.92 + (period - 1) * 56 / 60.0) * H]
            for tt in times:
                tt += rng.uniform(1, 9) * 60
                if rng.random() < .97:
                    plan.append((tt, "att", (sid, pupils, period)))
    rate = p.flags.get("rate", T.ROLE_RATE[p.role])
    for tt in poisson_times(rng, start + 60, leave - 120, rate):
        plan.append((tt, "task", None))
    for tt, fn in (extra or []):
        plan.append((tt, "extra", fn))
    plan.sort(key=lambda x: x[0])
    t = b.page(d0 + start, "/harbor/home.do", size=rng.randint(30000, 44000))
    if p.flags["polls"]:
        b.start_polls(t)
    phone_att = p.flags.get("phone_att", rng.random() < .15)
    phone_share = p.flags.get("phone_share", .5)
    for tt, kind, arg in plan:
        tt = d0 + tt
        if kind != "extra" and d0 + lunch < tt < d0 + lunch + lunch_len:
            continue
        tt = max(tt, t + rng.uniform(3, 20))
        b.poll_until(tt)
        if kind == "att":
            if phone_att and rng.random() < phone_share:
                t = T.attendance(dev.get(p, "phone_school"), tt, ctx, arg, arg[2] or 1)
            else:
                t = T.attendance(b, tt, ctx, arg, arg[2] or 1)
        elif kind == "task":
            fn = T.random_task(ctx)
            t = fn(b, tt, ctx)
        else:
            t = arg(b, tt, ctx)
    end = max(d0 + leave, t + 30)
    b.poll_until(end)
    b.stop_polls()
    if rng.random() < .3:
        b.logout(end - rng.uniform(5, 90))
    if rng.random() < .09:
        lunch_phone(dev, p, ctx, d0 + lunch + rng.uniform(5, 20) * 60, rng)
    return end


def lunch_phone(dev, p, ctx, t, rng):
    b = dev.cell(p, rng) if rng.random() < .6 else dev.get(p, "phone_school")
    t = T.inbox(b, t, ctx) if rng.random() < .5 else T.lookup(b, t, ctx)


def home_session(world, dev, p, day, rng, start, minutes, device=None, tasks=None):
    """A short session from home (laptop, or phone on home Wi-Fi)."""
    ctx = Ctx(world, p, rng, day)
    kind = device or ("home" if rng.random() < .8 else "phone_home")
    b = dev.get(p, kind)
    b.idle = 3600
    t = day * 86400.0 + start
    end = t + minutes * 60
    t = b.page(t, "/harbor/home.do", size=rng.randint(30000, 44000))
    choices = tasks or ([T.gradebook, T.gradebook, T.lookup, T.inbox] if p.role == "teacher"
                        else [T.lookup, T.inbox, T.report, T.dashboard])
    while t < end:
        fn = rng.choice(choices)
        if fn is T.gradebook:
            if not p.sections:
                fn = T.lookup
            else:
                t = T.gradebook(b, t + T.think(rng, 20), ctx, rng.choice(p.sections))
                continue
        t = fn(b, t + T.think(rng, 20), ctx)
    if rng.random() < .2:
        b.logout(t + 20)
    return t


def staff_days(world, dev, rng_for, extras):
    """Every staff member's days.  ``extras[(login, day)]`` holds the look-alikes' additional work tasks."""
    for p in world.staff:
        rng = rng_for("staff:" + p.login)
        days = [d for d in range(world.days)]
        present = [weekday(d) < 5 and rng.random() < .94 for d in days]
        if p.flags.get("present"):
            for d in days:
                present[d] = weekday(d) < 5
        if p.flags.get("on_leave"):
            present = [False for _ in days]
        if not any(present) and not p.flags.get("on_leave"):
            present[-1] = True
        for d in days:
            if present[d]:
                work_day(world, dev, p, d, rng, extras.get((p.login, d)))
            elif weekday(d) >= 5 and rng.random() < .06:
                home_session(world, dev, p, d, rng, rng.uniform(10, 21) * H, rng.uniform(15, 70))
            evening = p.flags.get("evenings", {}).get(d)
            if evening is not None:
                home_session(world, dev, p, d, rng, evening[0], evening[1], device=evening[2])
            elif present[d] and rng.random() < EVENING_SHARE.get(p.role, .06):
                home_session(world, dev, p, d, rng, rng.gauss(20.3, .8) * H, rng.uniform(10, 70))
            if present[d] and weekday(d) < 5 and rng.random() < .04:
                b = dev.get(p, "phone_home")
                ctx = Ctx(world, p, rng, d)
                T.inbox(b, d * 86400.0 + rng.uniform(6.2, 7.0) * H, ctx)
        if not any(present) and not p.flags.get("evenings"):
            home_session(world, dev, p, world.days - 1, rng, rng.gauss(20.3, .8) * H, rng.uniform(10, 40))
