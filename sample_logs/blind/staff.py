"""Ordinary staff days: sign in, work in blocks, drift away, come back.

Each staff member works on a small set of learners per day in blocks
separated by classes, meetings and lunch; the app signs them out after 30
idle minutes, so a day holds several SSO sign-ins.  Some days are worked from
home (directly or over the district VPN), some include a glance from a phone
or an evening session.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sample_logs.blind import nets
from sample_logs.blind import pages as P
from sample_logs.blind.client import Client, Hit
from sample_logs.blind.world import EXTRACT_TYPES, Staff

#: role -> task weights
MIX: dict[str, dict[str, float]] = {
    "registrar": {"search_open": 4, "open_edit": 3, "enroll_new": 1.2, "transcript": 0.8, "dashboard": 0.4, "report": 0.4},
    "attendance_clerk": {"search_open": 3, "attendance_fix": 4, "report": 1.2, "dashboard": 0.5},
    "counselor": {"search_open": 3.5, "transcript": 2, "courses": 2, "roster": 1, "assessments": 1.5},
    "teacher": {"roster": 3, "search_open": 1, "assessments": 1},
    "principal": {"dashboard": 4, "report": 2, "search_open": 2.5},
    "sped_coordinator": {"search_open": 3, "programs_edit": 4, "report": 1.5, "pick_school": 1},
    "eld_coordinator": {"search_open": 3, "assessments": 3, "programs_edit": 2, "pick_school": 1.5},
    "data_coordinator": {"validation": 3.5, "dashboard": 1.5, "extract": 0.6, "report": 1.5, "pick_school": 1.5,
                         "search_open": 1},
    "district_it": {"dashboard": 2, "report": 3, "search_open": 2, "pick_school": 2},
    "state_analyst": {"dashboard": 4, "report": 4, "pick_school": 2, "search_open": 0.3},
}
#: role -> (blocks per day range, tasks per block)
PACE: dict[str, tuple[tuple[int, int], float]] = {
    "registrar": ((3, 6), 11), "attendance_clerk": ((3, 5), 10), "counselor": ((2, 5), 8), "teacher": ((1, 2), 3),
    "principal": ((1, 3), 4), "sped_coordinator": ((2, 4), 7), "eld_coordinator": ((2, 4), 7),
    "data_coordinator": ((3, 5), 6), "district_it": ((1, 3), 4), "state_analyst": ((2, 4), 5),
}


def local_ts(tz: str, day: date, hours: float) -> float:
    """Epoch seconds of ``hours`` after local midnight of ``day`` in ``tz``."""
    return (datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(tz)) + timedelta(hours=hours)).timestamp()


def actor_rng(seed: int, key: str) -> random.Random:
    """The random stream of one actor (stable across runs and platforms)."""
    return random.Random(f"blind:{seed}:{key}")


@dataclass
class Desk:
    """What a worker works on today: their learners and organisations."""

    staff: Staff
    learners: list[str]
    orgs: list[str]

    @classmethod
    def today(cls, staff: Staff, rng: random.Random, size: tuple[int, int] = (15, 70)) -> "Desk":
        """Draw today's working set of learners."""
        scope = staff.scope()
        k = min(len(scope), rng.randint(*size))
        orgs = [staff.school.id] if staff.school else [s.id for s in staff.district.schools]
        return cls(staff, rng.sample(scope, k), orgs)

    def pick(self, rng: random.Random) -> str:
        """A learner, favouring the first few of the day's set."""
        k = len(self.learners)
        return self.learners[min(k - 1, int(rng.expovariate(3.0 / k)))]

    def org(self, rng: random.Random) -> str:
        """An organisation to work in."""
        return rng.choice(self.orgs)


def do_task(c: Client, task: str, desk: Desk, rng: random.Random) -> None:
    """Perform one task of the role's mix."""
    org, staff = desk.org(rng), desk.staff
    if task in ("search_open", "transcript", "courses", "assessments", "attendance_fix", "programs_edit", "open_edit"):
        lid = desk.pick(rng)
        if rng.random() < 0.7:
            P.search(c, org)
            c.think(2.5, 0.5, cap=30)
        P.open_learner(c, lid, tabs=rng.choice([0, 0, 1, 1, 2]), download=task == "transcript")
        tab = {"courses": "courses", "assessments": "assessments", "attendance_fix": "attendance",
               "programs_edit": "programs"}.get(task)
        if tab:
            c.think(5.0, 0.6, cap=90)
            P.learner_tab(c, lid, tab)
        if task in ("open_edit", "attendance_fix", "programs_edit") and rng.random() < 0.8:
            c.think(35.0, 0.7, cap=600)
            P.edit(c, lid)
    elif task == "enroll_new":
        P.enroll_new(c, org)
    elif task == "roster" and staff.school:
        P.roster(c, rng.choice(staff.school.sections))
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            c.think(9.0, 0.7, cap=120)
            P.open_learner(c, desk.pick(rng), tabs=rng.choice([0, 1]))
    elif task == "dashboard":
        P.dashboard(c, org)
    elif task == "report":
        P.report(c, org)
    elif task == "pick_school":
        P.pick_school(c, staff.district, org)
    elif task == "validation":
        P.validation_page(c, org, rng.randint(1, 4))
        for _ in range(rng.randint(2, 7)):
            c.think(10.0, 0.6, cap=120)
            lid = desk.pick(rng)
            P.open_learner(c, lid, tabs=rng.choice([0, 1]))
            if rng.random() < 0.7:
                c.think(30.0, 0.6, cap=400)
                P.edit(c, lid)
    elif task == "extract":
        P.extract(c, rng.choice(EXTRACT_TYPES), org, len(staff.scope()) // max(1, len(desk.orgs)))
    else:
        P.search(c, org)


def run_block(c: Client, desk: Desk, n_tasks: int, until: float, rng: random.Random,
              mix: dict[str, float] | None = None, pause: float = 25.0) -> None:
    """Do up to ``n_tasks`` tasks of the mix, pausing between them, until ``until``."""
    mix = mix or MIX[desk.staff.role]
    names, weights = list(mix), list(mix.values())
    for _ in range(n_tasks):
        if c.t >= until:
            break
        do_task(c, rng.choices(names, weights)[0], desk, rng)
        c.think(pause, 1.0, cap=900)


def client_for(out: list[Hit], rng: random.Random, staff: Staff, ip: str, ua: str, user: str | None = None,
               realtime: str | None = None) -> Client:
    """A client for this staff member's district sign-in and UI."""
    d = staff.district
    rt = realtime or ("poll" if d.ws_blocked and ip in d.office_ips + [s.nat_ip for s in d.schools] else "ws")
    return Client(out, rng, user or staff.email, ua, ip, sso=d.sso, domain=d.domain, ui=staff.ui, realtime=rt)


@dataclass
class Day:
    """Where and when a staff member worked on one day."""

    ip: str
    ua: str
    start: float
    end: float


def work_day(out: list[Hit], staff: Staff, day: date, rng: random.Random, *, scale: float = 1.0,
             force: bool = False, ip: str | None = None, ua: str | None = None, pause: float = 25.0,
             hours: tuple[float, float] | None = None, extras: bool = True) -> Day | None:
    """One ordinary working day; returns where and when it happened (None if off that day)."""
    if not force and rng.random() > staff.active_prob:
        return None
    remote = ip is None and rng.random() < staff.remote_prob
    if ip is None:
        ip = staff.office_ip
        if remote:
            ip = rng.choice(staff.district.vpn_ips) if rng.random() < 0.6 else staff.home_ip
    ua = ua or ((staff.laptop_ua or staff.ua) if remote else staff.ua)
    h0, h1 = hours or (staff.start_h, staff.end_h)
    start = local_ts(staff.tz, day, h0 + rng.gauss(0, 0.25))
    end = local_ts(staff.tz, day, h1 + rng.gauss(0, 0.3))
    (lo, hi), per_block = PACE[staff.role]
    n_blocks = rng.randint(lo, hi)
    starts = sorted([start] + [rng.uniform(start + 1800, end - 1800) for _ in range(n_blocks - 1)])
    desk = Desk.today(staff, rng)
    c = client_for(out, rng, staff, ip, ua)
    for i, bs in enumerate(starts):
        c.at(max(c.t + rng.uniform(60, 600), bs) if i else bs)
        if c.t > end + 3600:
            break
        c.login(silent=i > 0)
        n = max(1, round(per_block * staff.intensity * scale * rng.uniform(0.5, 1.5)))
        nxt = starts[i + 1] if i + 1 < len(starts) else end
        run_block(c, desk, n, nxt, rng, pause=pause)
        if i + 1 == len(starts) and rng.random() < 0.5:
            c.t = max(c.t, c.last_action + rng.uniform(60, 1500))
            c.close("none")
        else:
            c.close("explicit" if rng.random() < 0.1 else "idle")
    last = c.last_action
    if extras:
        _extras(out, staff, day, rng, desk)
    return Day(ip, ua, start, last)


def _extras(out: list[Hit], staff: Staff, day: date, rng: random.Random, desk: Desk) -> None:
    """A phone glance early or late, or an evening session from home."""
    r = rng.random()
    if r < 0.08 or (staff.role == "principal" and r < 0.3):
        ip = nets.mobile(rng, staff.carrier)
        c = client_for(out, rng, staff, ip, staff.phone_ua, realtime="ws")
        c.at(local_ts(staff.tz, day, rng.choice([rng.uniform(6.2, 7.3), rng.uniform(17.5, 21.5)])))
        c.login(silent=False)
        run_block(c, desk, rng.randint(1, 3), c.t + 1800, rng, {"dashboard": 2, "search_open": 1})
        c.close("none")
    elif r < 0.14:
        c = client_for(out, rng, staff, staff.home_ip, staff.laptop_ua or staff.ua, realtime="ws")
        c.at(local_ts(staff.tz, day, rng.uniform(19.0, 21.5)))
        c.login(silent=False)
        run_block(c, desk, rng.randint(2, 8), c.t + 7200, rng)
        c.close("idle")
