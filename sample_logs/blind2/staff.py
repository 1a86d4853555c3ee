"""Ordinary staff days: case managers, therapists, psychologists, specialists, clerks, principals."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sample_logs.blind2.app import Browser, Hit, run_report, search, view_student
from sample_logs.blind2.world import LAST, Person, World

TZ = "America/Los_Angeles"


class Calendar:
    """Local school days of the window and conversion of local clock times to epoch seconds."""

    def __init__(self, start: date, days: int, tz: str = TZ):
        self.zone, self.days = ZoneInfo(tz), []
        d = start
        while len(self.days) < days:
            if d.weekday() < 5:
                self.days.append(d)
            d += timedelta(days=1)

    def at(self, day: int, hour: float) -> float:
        """Epoch seconds of local ``hour`` (may exceed 24) on school day ``day``."""
        base = datetime.combine(self.days[day], datetime.min.time(), tzinfo=self.zone)
        return (base + timedelta(hours=hour)).timestamp()


def place_ip(world: World, person: Person, rng: random.Random, where: str) -> str:
    """The address a person's traffic comes from at a kind of place."""
    if where == "school":
        return world.school_ips[rng.choice(person.schools)]
    if where == "office":
        return world.office_ip
    if where == "vpn":
        return rng.choice(world.vpn_ips)
    if where == "mobile":
        return person.mobile_ip
    return person.home_ip


def _action(world: World, person: Person, b: Browser, rng: random.Random, t: float, pace: float) -> float:
    """One unit of ordinary work; returns the time after it."""
    role = person.role
    x = rng.random()
    st = world.students[rng.choice(person.caseload)]
    if role == "data_clerk" and x < 0.35:
        if rng.random() < 0.5:
            t = b.page(t, "/calpads/extracts") + rng.uniform(5, 30)
            return b.page(t, f"/calpads/validation?file={rng.choice(('SPED', 'SSRV', 'PLAN', 'MEET'))}") + rng.uniform(20, 120)
        return run_report(b, t, rng, rng.choice(("CASELOAD_ROSTER", "IEP_DUE_DATES", "SERVICE_MINUTES")),
                          str(rng.choice(person.schools) + 100)) + rng.uniform(20, 90)
    if role in ("program_specialist", "admin") and x < 0.15:
        return run_report(b, t, rng, rng.choice(("COMPLIANCE_TIMELINES", "IEP_DUE_DATES", "DISPROPORTIONALITY")),
                          str(person.school + 100)) + rng.uniform(30, 200)
    if x < 0.55:
        return view_student(b, t, st, rng, rng.randint(1, 4), think=pace, edit=0.25 if role != "admin" else 0.0)
    if x < 0.68:
        t = b.page(t, rng.choice(("/caseload", "/caseload?view=due&days=30", "/caseload?view=meetings")))
        return t + pace * rng.uniform(0.5, 3)
    if x < 0.78:
        t = search(b, t, rng, rng.choice(LAST).replace("'", "")[: rng.randint(3, 6)]) + pace
        return view_student(b, t, st, rng, rng.randint(0, 2), think=pace)
    if x < 0.84:
        t = b.page(t, f"/meetings/calendar?month={rng.choice(('2025-11', '2025-12'))}") + pace
        return t
    if x < 0.89:
        t = b.page(t, f"/legacy/FaceSheet.do?ssid={st.ssid}&print=true") + pace
        return t
    if x < 0.94:
        return b.page(t, f"/students/{st.key}/iep/{st.iep_id}/print?draft=true", size=rng.randint(150000, 800000),
                      kind="pdf") + pace * rng.uniform(1, 4)
    return b.page(t, rng.choice(("/inbox", "/help/faq", "/profile/preferences"))) + pace


def work_block(world: World, person: Person, rng: random.Random, sink: list[Hit], t0: float, t1: float, ip: str,
               ua: str, pace: float = 25.0) -> float:
    """A sitting: sign in, work until ``t1`` (with idle gaps), close or sign out."""
    b = Browser(sink, rng, ip, ua, person.account)
    t = b.login_sso(t0, mfa=rng.random() < 0.1) if person.sso else b.login_form(t0)
    t += rng.uniform(2, 20)
    while t < t1:
        t = _action(world, person, b, rng, t, pace)
        if rng.random() < 0.08:
            t += rng.uniform(120, 900)  # phone call, student at the door
    if rng.random() < 0.3:
        return b.logout(t)
    b.close(t + rng.uniform(0, 600))
    return t


def ordinary_days(world: World, person: Person, rng: random.Random, cal: Calendar, sink: list[Hit],
                  skip_days: set[int] = frozenset()) -> None:
    """All of a person's ordinary work over the window."""
    pace = {"case_manager": 22.0, "slp": 18.0, "psych": 30.0, "program_specialist": 20.0, "data_clerk": 15.0,
            "admin": 28.0}[person.role]
    for day in range(len(cal.days)):
        if day in skip_days or rng.random() < 0.1:
            continue
        n = {"data_clerk": (3, 6), "program_specialist": (2, 5), "admin": (1, 2)}.get(person.role, (1, 4))
        starts = sorted(rng.uniform(7.2, 16.0) for _ in range(rng.randint(*n)))
        last = 0.0
        for h in starts:
            h = max(h, last + 0.6)
            where = "school"
            if person.role == "program_specialist":
                where = rng.choice(("office", "office", "school", "vpn"))
            elif person.role == "data_clerk":
                where = "office" if rng.random() < 0.7 else "school"
            elif person.role == "admin" and rng.random() < 0.25:
                where = "mobile"
            ua = person.devices[-1] if where == "mobile" and len(person.devices) > 1 else person.devices[0]
            dur = rng.uniform(0.15, 1.1) * (1.6 if person.role == "data_clerk" else 1.0)
            t0 = cal.at(day, h)
            work_block(world, person, rng, sink, t0, t0 + dur * 3600, place_ip(world, person, rng, where), ua, pace)
            last = h + dur
        if rng.random() < person.evening:
            h = rng.uniform(18.5, 22.5)
            ua = rng.choice(person.devices)
            t0 = cal.at(day, h)
            where = "vpn" if rng.random() < 0.2 else "home"
            work_block(world, person, rng, sink, t0, t0 + rng.uniform(0.2, 1.2) * 3600,
                       place_ip(world, person, rng, where), ua, pace)
