"""Benign look-alikes: people and services that a naive detector might flag.

Each is labelled ``benign`` with its ``behaviour`` so an evaluation can count
false alarms on them.  Parameters are drawn per seed from the ranges in the
docstrings.
"""

from __future__ import annotations

import numpy as np

from .app import EXTRACT_TYPES, MONITOR_UAS, World
from .behaviours import Actor, Staff, do_task, think
from .client import Client, Draw


def _label(behaviour: str, **params) -> dict:
    return {"label": "benign", "behaviour": behaviour, "kinds": [],
            "params": {k: round(v, 3) if isinstance(v, float) else v for k, v in params.items()}}


def _weekdays(w: World, days: int) -> list[int]:
    return [d for d in range(days) if w.clock.weekday(d) < 5] or [0]


class DeadlinePowerUser(Staff):
    """Deadline week: 9-14 hour days fixing 200-600 students a day at human pace.

    Batches of 8-40 students from error lists and rosters, spread over the
    day (phone calls and paperwork in between); think time median 4-8 s,
    breaks of 5-20 min every 40-100 min, lunch, sometimes a few hours on
    Saturday; assets and referers as any browser.

    Parameters
    ----------
    world : World
    person : Person
        The staff member.
    rng : numpy.random.Generator
        Draws this instance's parameters.
    """

    def __init__(self, world: World, person, rng: np.random.Generator) -> None:
        super().__init__(world, person)
        person.think_med = float(rng.uniform(4.0, 8.0))
        self.target = int(rng.integers(200, 601))
        self.key = person.email
        self.label = _label("deadline_power_user", students_per_day=self.target, think_median_s=person.think_med)

    def emit(self, d: int, out: list, dr: Draw) -> None:
        p, w, clk = self.p, self.w, self.w.clock
        wd = w.clock.weekday(d)
        if wd == 6 or (wd == 5 and dr.u() < 0.6):
            return
        s0 = 3600 * (6.8 + 1.3 * dr.u())
        end = clk.at(d, s0 + 3600 * (9.0 if wd < 5 else 3.0) + 3600 * 5.0 * dr.u())
        c = self.client(dr, out, p.office_ip if wd < 5 else p.home_ip, p.browser_at(d, s0).ua())
        t = c.login(clk.at(d, s0), fail=dr.u() < p.p_fail_login)
        t = c.page(t, "/dashboard", "dashboard", api="/api/v1/notifications?unread=1") + think(dr, p)
        brk, lunch, done = t + 60 * (40 + 60 * dr.u()), clk.at(d, 3600 * (11.5 + dr.u())), 0
        while t < end and done < self.target:
            n, t0 = dr.int(8, 40), t
            t = do_task("errors" if dr.u() < 0.6 else "roster", c, p, t, dr, w, n_students=n) + think(dr, p)
            done += n
            left = max(1.0, (self.target - done) / 24)  # spread the remaining batches over the rest of the day
            t += dr.lognorm(max(20.0, (end - t) / left - (t - t0)), 0.5, 10.0, 1500.0)
            if t > lunch:
                t, lunch = t + 60 * (20 + 25 * dr.u()), float("inf")
            elif t > brk:
                t, brk = t + 60 * (5 + 15 * dr.u()), t + 60 * (40 + 60 * dr.u())
        c.logout(t)


class OfficeThenHome(Staff):
    """Office by day, phone on the way home, home PC in the evening - in sequence, never at once.

    Office day ends 15:00-16:30 with a sign-out; the phone session starts
    20-75 min later; the home session starts 0.75-2.25 h after that (not
    before 18:30) with 1-3 tasks.

    Parameters
    ----------
    world : World
    person : Person
        The staff member.
    rng : numpy.random.Generator
        Draws this instance's parameters.
    """

    def __init__(self, world: World, person, rng: np.random.Generator) -> None:
        super().__init__(world, person)
        self.key = person.email
        self.label = _label("office_then_home", office_ip=person.office_ip, home_ip=person.home_ip)

    def emit(self, d: int, out: list, dr: Draw) -> None:
        p, w, clk = self.p, self.w, self.w.clock
        if clk.weekday(d) >= 5:
            return super().emit(d, out, dr)
        _, last = self.office_day(d, out, dr, ip=p.office_ip, start=3600 * (7.0 + dr.u()),
                                  end=3600 * (15.0 + 1.5 * dr.u()), logout=True)
        t = self.session(d, out, dr, last + 60 * (20 + 55 * dr.u()), w.mobile_ip(dr.rng, p.carrier), p.phone.ua(), dr.int(0, 2))
        t = max(t + 3600 * (0.75 + 1.5 * dr.u()), clk.at(d, 3600 * (18.5 + 1.5 * dr.u())))
        self.session(d, out, dr, t, p.home_ip, p.home.ua(), dr.int(1, 4))


class CoordinatorBulkExtracts(Staff):
    """Requests every extract type at once, one tab each, on 1+ days.

    Tabs opened 2-40 s apart; each page polls its job every 2-5 s while it
    builds (10 s-10 min); the coordinator downloads each 2-30 s after it is ready.
    Otherwise an ordinary working day.

    Parameters
    ----------
    world : World
    person : Person
        The staff member.
    rng : numpy.random.Generator
        Draws this instance's parameters.
    days : int
        Number of days in the log.
    """

    def __init__(self, world: World, person, rng: np.random.Generator, days: int) -> None:
        super().__init__(world, person)
        wd = _weekdays(world, days)
        self.days = {int(rng.choice(wd))} | {d for d in wd if rng.random() < 0.3}
        self.key = person.email
        self.label = _label("coordinator_bulk_extracts", days=sorted(self.days))

    def emit(self, d: int, out: list, dr: Draw) -> None:
        if d not in self.days:
            return super().emit(d, out, dr)
        p, w, clk = self.p, self.w, self.w.clock
        first, last = self.office_day(d, out, dr, ip=p.office_ip)
        t = max(first + 600, clk.at(d, 3600 * (8.5 + 5 * dr.u())))
        c = Client(w, out, dr, p.office_ip, p.browser_at(d, 43200.0).ua(), p.email, reval=p.p_reval)
        c.warm(t)
        c.authed, c.last = True, t
        c.page(t, "/reports", "reports", "reports")
        rep = c.url
        scope = w.districts[p.district].cds if len(p.schools) > 1 else w.schools[p.schools[0]].cds
        types = list(EXTRACT_TYPES) if dr.u() < 0.5 else [EXTRACT_TYPES[i] for i in dr.rng.permutation(len(EXTRACT_TYPES))]
        for typ in types:
            t += dr.lognorm(7.0, 0.6, 2.0, 40.0)
            c.url = rep
            c.extract(t, typ, w.year, scope, build_s=dr.lognorm(60.0, 0.8, 10.0, 600.0), click=(2.0, 30.0), size=3.0)
        self.extras(d, out, dr, first, last)


class BrowserUpdate(Staff):
    """The browser updates itself mid-day (10:00-15:00): the UA version goes up by one.

    Parameters
    ----------
    world : World
    person : Person
        The staff member.
    rng : numpy.random.Generator
        Draws this instance's parameters.
    days : int
        Number of days in the log.
    """

    def __init__(self, world: World, person, rng: np.random.Generator, days: int) -> None:
        super().__init__(world, person)
        self.day = int(rng.choice(_weekdays(world, days)))
        person.update_at = (self.day, float(3600 * rng.uniform(10.0, 15.0)))
        self.key = person.email
        self.label = _label("browser_update", day=self.day, at_hour=person.update_at[1] / 3600,
                            before=person.desktop.ua(), after=person.desktop.updated().ua())

    def emit(self, d: int, out: list, dr: Draw) -> None:
        if d != self.day:
            return super().emit(d, out, dr)
        s0, up = 3600 * (7.0 + 1.5 * dr.u()), self.p.update_at[1]
        first, last = self.office_day(d, out, dr, ip=self.p.office_ip, start=s0, end=3600 * (16.0 + 1.5 * dr.u()),
                                      also=(up - 600 - 1800 * dr.u(), up + 300 + 1800 * dr.u()))
        self.extras(d, out, dr, first, last)


class UptimeMonitor(Actor):
    """Unauthenticated ``GET /health`` all day, every ``period`` seconds (scheduler jitter < 0.5 s).

    The first monitor is an external service (60 s); a second one, if any, is
    the load balancer's internal check (30 or 60 s, private address).

    Parameters
    ----------
    world : World
    rng : numpy.random.Generator
        Draws this instance's parameters.
    internal : bool
        The load balancer's check (private address) instead of an external service.
    """

    scope = "sources"

    def __init__(self, world: World, rng: np.random.Generator, internal: bool = False) -> None:
        self.w = world
        self.period = float(rng.choice((30.0, 60.0))) if internal else 60.0
        self.key = f"10.{int(rng.integers(0, 256))}.{int(rng.integers(0, 256))}.{int(rng.integers(2, 255))}" if internal else world.hosting_ip(rng)
        self.ua = str(rng.choice(MONITOR_UAS[3:] if internal else MONITOR_UAS[:3]))
        self.phase = float(rng.uniform(0, self.period))
        self.label = _label("uptime_monitor", period_s=self.period, user_agent=self.ua)

    def emit(self, d: int, out: list, dr: Draw) -> None:
        clk = self.w.clock
        t0, t1 = clk.at(d, 0) + self.phase, clk.at(d + 1, 0)
        ts = t0 + self.period * np.arange(int((t1 - t0) // self.period) + 1)
        ts = (ts + 0.4 * dr.rng.random(len(ts)))[ts < t1]
        dur = 1.0 + 4.0 * dr.rng.random(len(ts))
        down = [(r, r + 90.0) for r, _ in self.w.releases[1:]]
        ip, ua = self.key, self.ua
        for t, ms in zip(ts.tolist(), dur.tolist()):
            st = 503 if any(a <= t < b for a, b in down) else 200
            out.append((t + ms / 1000, t, ip, None, "GET", "/health", st, 15 if st == 200 else 299, None, ua, ms))
