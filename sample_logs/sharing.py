"""Credential sharing and credential stuffing behaviours."""

from __future__ import annotations

import numpy as np

from .app import Browser, Person, World, host
from .behaviours import Actor, Staff
from .client import Client, Draw
from .threats import GENERIC, _label


class GenericAccount(Actor):
    """A generic login (``data.admin@...``) used at once by 3-8 people at 2-5 sites.

    Each user has their own network (district office, school site, another
    district's office, home), browser and habits, and works an ordinary day
    (from 90 % of weekdays); the first two users always share the first day.

    Parameters
    ----------
    w : World
    rng : numpy.random.Generator
        Draws this instance's parameters.
    days : int
        Number of days in the log.
    taken : set of str
        Account names already in use (updated).
    """

    def __init__(self, w: World, rng: np.random.Generator, days: int, taken: set[str]) -> None:
        self.w = w
        di = int(rng.integers(len(w.districts)))
        dist = w.districts[di]
        name = str(rng.choice(GENERIC))
        self.key = f"{name}@{dist.domain}"
        while self.key in taken:
            self.key = f"{name}{int(rng.integers(2, 10))}@{dist.domain}"
        taken.add(self.key)
        sites = [dist.office_ip] + [w.schools[s].ip for s in dist.schools] + [w.districts[int(rng.integers(len(w.districts)))].office_ip]
        self.users: list[Staff] = []
        for i in range(int(rng.integers(3, 9))):
            p = w.make_person(rng, di, email=self.key)
            p.office_ip = sites[i % 2] if i < 2 else (str(rng.choice(sites)) if rng.random() < 0.8 else p.home_ip)
            p.p_wfh = 0.0
            self.users.append(Staff(w, p))
        if self.users[1].p.office_ip.rsplit(".", 2)[0] == self.users[0].p.office_ip.rsplit(".", 2)[0]:
            self.users[1].p.office_ip = self.users[1].p.home_ip  # the first two share day one from two networks
        self.active = [{0} | {d for d in range(days) if w.clock.weekday(d) < 5 and rng.random() < 0.9} for _ in self.users]
        nets = sorted({u.p.office_ip for u in self.users})
        self.label = _label("credential_sharing", "generic_account", ["credential_sharing"], n_users=len(self.users),
                            ips=nets, user_agents=sorted({u.p.desktop.ua() for u in self.users}))

    def emit(self, d: int, out: list, dr: Draw) -> None:
        for u, act in zip(self.users, self.active):
            if d in act:
                u.office_day(d, out, dr, ip=u.p.office_ip)


class SharedWithContractor(Actor):
    """A named staff login used normally from the office and, at the same time, by a contractor.

    The contractor works from another /16 (own office or home) with a
    different browser, 2-6 hours inside the owner's working day, on 70 % of
    weekdays (at least one), opening rosters and students' programs/assessments.

    Parameters
    ----------
    w : World
    p : Person
        The staff member whose login is used.
    rng : numpy.random.Generator
        Draws this instance's parameters.
    days : int
        Number of days in the log.
    """

    def __init__(self, w: World, p: Person, rng: np.random.Generator, days: int) -> None:
        self.w, self.key = w, p.email
        self.owner = Staff(w, p)
        q = w.make_person(rng, p.district, role="sped_coordinator", email=p.email)
        q.office_ip = w.fresh_ip(rng) if rng.random() < 0.6 else w.home_ip(rng)
        q.desktop = Browser(*(("safari", "mac", w.safari) if p.desktop.family != "safari" else ("firefox", "win", w.firefox)))
        q.p_wfh, q.update_at = 0.0, None
        self.ctr = Staff(w, q)
        wd = [d for d in range(days) if w.clock.weekday(d) < 5] or [0]
        self.days = {int(rng.choice(wd))} | {d for d in wd if rng.random() < 0.7}
        self.label = _label("credential_sharing", "shared_with_contractor", ["credential_sharing"], owner_ip=p.office_ip,
                            contractor_ip=q.office_ip, contractor_ua=q.desktop.ua(), days=sorted(self.days))

    def emit(self, d: int, out: list, dr: Draw) -> None:
        if d not in self.days:
            return self.owner.emit(d, out, dr)
        clk = self.w.clock
        first, last = self.owner.office_day(d, out, dr, ip=self.owner.p.office_ip, n_tasks=dr.int(4, 9))
        self.owner.extras(d, out, dr, first, last)
        s0 = first - clk.at(d, 0) + (last - first) * (0.1 + 0.5 * dr.u())
        self.ctr.office_day(d, out, dr, ip=self.ctr.p.office_ip, start=s0, end=s0 + 3600 * (2 + 4 * dr.u()),
                            n_tasks=dr.int(2, 8))


class CredentialStuffing(Actor):
    """Many ``POST /login`` from 1-3 IPs over many usernames: mostly 401, user ``-``.

    300-3000 attempts; gaps log-normal, median 0.3-3 s per IP; 50 % fetch
    ``GET /login`` first (CSRF token); a single browser UA, a rotating list,
    or a script UA; 0-10 % answered 429 by the rate limiter; 0-2 hits (302
    with the account's name, then ``/dashboard``).

    Parameters
    ----------
    w : World
    rng : numpy.random.Generator
        Draws this instance's parameters.
    days : int
        Number of days in the log.
    scale : float
        Multiplier on volumes (``threat_scale``).
    staff : list of Person
        Accounts the stuffing campaign may hit.
    """

    scope = "sources"

    def __init__(self, w: World, rng: np.random.Generator, days: int, scale: float, staff: list[Person]) -> None:
        self.w = w
        n_ip = int(rng.choice((1, 2, 3), p=(0.6, 0.25, 0.15)))
        blk = w.hosting[int(rng.integers(len(w.hosting)))] if rng.random() < 0.5 else None
        self.ips = [host(rng, blk) if blk else w.fresh_ip(rng) for _ in range(n_ip)]
        self.key = self.ips[0]
        self.n = max(60, int(rng.integers(300, 3001) * scale))
        self.gap, self.get_first = float(rng.uniform(0.3, 3.0)), bool(rng.random() < 0.5)
        mode = str(rng.choice(("single", "rotate", "script"), p=(0.5, 0.3, 0.2)))
        self.uas = ([w.desktop_browser(rng).ua() for _ in range(int(rng.integers(5, 15)))] if mode == "rotate"
                    else ["python-requests/2.31.0" if mode == "script" else w.desktop_browser(rng).ua()])
        self.p429 = float(rng.uniform(0, 0.1))
        self.hits = [staff[int(i)].email for i in rng.choice(len(staff), int(rng.integers(0, 3)), replace=False)]
        self.day, self.start_h = int(rng.integers(days)), float(rng.uniform(0, 24))
        self.label = _label("brute_force", "credential_stuffing", ["brute_force"], ips=self.ips, attempts=self.n,
                            gap_median_s=self.gap, get_first=self.get_first, ua_mode=mode, p_429=self.p429,
                            hits=self.hits, day=self.day, start_hour=self.start_h)

    def labels(self) -> list[tuple[str, str, dict]]:
        return [("sources", ip, self.label) for ip in self.ips]

    def emit(self, d: int, out: list, dr: Draw) -> None:
        if d != self.day:
            return
        t0 = self.w.clock.at(d, 3600 * self.start_h)
        clients = [Client(self.w, out, dr, ip, self.uas[0], None, browser=False) for ip in self.ips]
        clock = [t0 + 5 * dr.u() for _ in clients]
        hit_at = sorted(dr.int(0, self.n) for _ in self.hits)
        for i in range(self.n):
            k = i % len(clients)
            c, t = clients[k], clock[k]
            c.ua = dr.pick(self.uas)
            if self.get_first:
                c.emit(t, "GET", "/login", 200, "login", authed=False)
                t += 0.1 + 0.3 * dr.u()
            if hit_at and i == hit_at[0]:
                c.user = self.hits[len(self.hits) - len(hit_at)]
                hit_at.pop(0)
                c.emit(t, "POST", "/login", 302, "post_login", authed=True)
                c.emit(t + 0.4, "GET", "/dashboard", 200, "dashboard", authed=True)
                c.user = None
            else:
                c.emit(t, "POST", "/login", 429 if dr.u() < self.p429 else 401, "login", authed=False)
            clock[k] = t + dr.lognorm(self.gap, 0.4, 0.05)
