"""Ordinary staff days: teachers, office clerks, counselors, principals, nurses, registrars, district staff.

Each function appends the requests of one person's day to a list of events
(see :mod:`sample_logs.blind3.app`).  Teachers take attendance every period
from a classroom Chromebook or PC, enter grades in their prep period and
sometimes at night from home; office staff look up many students at a human
pace; people check the SIS on their phones at lunch; some keep the tab open
all day (keep-alive pings), others get logged out when idle and log in again.
"""

from __future__ import annotations

import random

from .app import TABS, Client, profile
from .world import LAST, Person, World, mobile_ip, students_of

PERIODS = (8.0, 9.0, 10.0, 11.0, 12.75, 13.75)
H = 3600.0


def roster(world: World, section: int, school_students: list[int]) -> list[int]:
    """The students of one class section (fixed per section)."""
    return random.Random(section).sample(school_students, min(30, len(school_students)))


def client(person: Person, rng: random.Random, where: str, world: World) -> Client:
    """A client of ``person`` at ``where``: ``work``, ``classroom``, ``home`` or ``phone``."""
    if where in ("work", "classroom"):
        ip = rng.choice(person.school.nat_ips)
        ua = person.classroom_ua if where == "classroom" else person.work_ua
    elif where == "home":
        ip = rng.choice(world.vpn_ips) if person.uses_vpn else person.home_ip
        ua = person.home_ua
    else:
        ip, ua = mobile_ip(rng), person.phone_ua
    return Client(ip, ua, person.account, rng)


def visit(c: Client, t: float, sid: int, rng: random.Random, tabs: int = 1, search: bool = True,
          think: tuple[float, float] = (8, 60)) -> float:
    """Look a student up (search box, profile, a few tabs) at a human pace."""
    if search:
        t = c.search(t, rng.choice(LAST))
    t = c.page(t, profile(sid)) + rng.uniform(*think)
    for tab in rng.sample(TABS, min(tabs, len(TABS))):
        t = c.page(t, profile(sid, tab)) + rng.uniform(*think)
    return t


def gradebook(c: Client, t: float, section: int, saves: int, rng: random.Random) -> float:
    """Open a section's gradebook and type scores into it (one XHR per cell)."""
    t = c.page(t, f"/sis/index.php?m=gradebook&a=view&sec={section}") + rng.uniform(5, 40)
    for _ in range(saves):
        t = c.xhr(t, "/sis/ajax.php?fn=gb_save", "POST", 60) + rng.lognormvariate(2.2, 0.7)
    return t


def teacher_day(world: World, p: Person, day0: float, rng: random.Random, out: list) -> None:
    """A school day of a classroom teacher."""
    c = client(p, rng, "classroom", world)
    c.pinned, c.out = p.keeps_tab_open, out
    start = t = day0 + rng.uniform(7.1, 8.1) * H
    t = c.ensure(t)
    for k, at in enumerate(PERIODS):
        t = max(t, day0 + at * H + rng.uniform(0, 420))
        t = c.ensure(t)
        if k < len(p.sections):
            sec = p.sections[k]
            take = f"/sis/index.php?m=attendance&a=take&sec={sec}&per={k + 1}"
            t = c.page(t, take) + rng.uniform(20, 150)
            if rng.random() < 0.93:
                t = c.post(t, "/sis/index.php?m=attendance&a=save", then=take + "&saved=1")
            if rng.random() < 0.15 * p.heavy:
                t = visit(c, t + rng.uniform(60, 600), rng.choice(roster(world, sec, p.school.students)), rng, search=False)
        else:  # prep period
            for sec in rng.sample(p.sections, min(2, len(p.sections))):
                t = gradebook(c, t + rng.uniform(30, 300), sec, int(rng.randint(5, 30) * p.heavy), rng)
    if rng.random() < 0.5:
        t = gradebook(c, max(t, day0 + rng.uniform(14.9, 16) * H), rng.choice(p.sections), int(rng.randint(5, 25) * p.heavy), rng)
    if c.pinned:
        c.keepalive(start, max(t, day0 + 15.5 * H))
    if rng.random() < p.phone_at_work:
        phone = client(p, rng, "phone", world)
        phone.out = out
        t = phone.login(day0 + rng.uniform(11.8, 12.6) * H)
        phone.page(t + rng.uniform(10, 60), "/sis/index.php?m=messages")
    evening(world, p, day0, rng, out)


def evening(world: World, p: Person, day0: float, rng: random.Random, out: list) -> None:
    """Work from home in the evening (grading, e-mail-style lookups)."""
    if rng.random() >= p.evening or not p.sections:
        return
    c = client(p, rng, "home", world)
    c.out = out
    t = c.ensure(day0 + rng.uniform(19, 22.5) * H)
    for sec in rng.sample(p.sections, rng.randint(1, min(3, len(p.sections)))):
        t = gradebook(c, t, sec, int(rng.randint(10, 40) * p.heavy), rng) + rng.uniform(60, 600)
        t = c.ensure(t)
    if rng.random() < 0.4:
        c.logout(t + 5)


def office_day(world: World, p: Person, day0: float, rng: random.Random, out: list) -> None:
    """A day of an office clerk, counselor, principal, nurse, registrar or district staff member."""
    where = "home" if rng.random() < p.works_from_home else "work"
    c = client(p, rng, where, world)
    c.pinned, c.out = p.keeps_tab_open or p.role == "clerk", out
    start = t = day0 + rng.uniform(7.3, 8.6) * H
    t = c.ensure(t)
    end = day0 + rng.uniform(15.5, 17.0) * H
    if p.role == "clerk":  # morning absence calls
        t = c.page(t + rng.uniform(300, 2400), f"/sis/index.php?m=attendance&a=unverified&school={p.school.code}")
        for sid in students_of(world, p, rng, int(rng.randint(12, 35) * p.heavy)):
            t = visit(c, t + rng.uniform(10, 90), sid, rng, tabs=1, think=(15, 120))
            t = c.post(t, "/sis/index.php?m=attendance&a=correct", then=profile(sid, "attendance"))
    tasks = {"clerk": 12, "counselor": 14, "admin": 8, "nurse": 10, "registrar": 10, "district": 8}[p.role]
    while t < end:
        t = c.ensure(t + rng.expovariate(1 / 900))
        if t >= end:
            break
        roll = rng.random()
        if p.role in ("admin", "district") and roll < 0.35:
            rpt = rng.choice(("attendance_summary", "ada_by_school", "grade_dist", "chronic_absence", "suspensions"))
            school = p.school.code if p.school.students else rng.choice(world.schools).code
            t = c.page(t, "/sis/reports/index.php") + rng.uniform(5, 30)
            t = c.page(t, f"/sis/reports/run.php?rpt={rpt}&school={school}", rng.randint(30000, 300000)) + rng.uniform(60, 400)
            if p.role == "district" and rng.random() < 0.25:
                c.hit(t, "GET", f"/sis/reports/export.php?rpt={rpt}&school={school}&fmt=csv", 200, rng.randint(40000, 900000))
        elif p.role == "registrar" and roll < 0.4:
            sid = rng.choice(p.school.students)
            t = visit(c, t, sid, rng, tabs=1)
            c.hit(t, "GET", f"/sis/print.php?doc=transcript&sid={sid}", 200, rng.randint(60000, 160000))
        elif p.role == "nurse" and roll < 0.6:
            sid = rng.choice(p.school.students)
            t = c.page(visit(c, t, sid, rng, tabs=0), profile(sid, "health")) + rng.uniform(30, 200)
            t = c.post(t, "/sis/index.php?m=health&a=log", then=profile(sid, "health"))
        else:
            for sid in students_of(world, p, rng, max(1, int(rng.randint(1, 4) * p.heavy))):
                t = visit(c, t, sid, rng, tabs=rng.randint(0, 3))
        tasks -= 1
        if tasks <= 0:
            break
    if c.pinned:
        c.keepalive(start, max(t, end))
    if rng.random() < p.phone_at_work * 0.5:
        phone = client(p, rng, "phone", world)
        phone.out = out
        phone.page(phone.login(day0 + rng.uniform(17.5, 20) * H), "/sis/index.php?m=messages")


def staff_day(world: World, p: Person, day0: float, weekday: bool, rng: random.Random, out: list) -> None:
    """Whatever ``p`` does on the day starting at local midnight ``day0``."""
    if not weekday:
        if rng.random() < p.evening * 0.5:
            evening(world, p, day0 - 2 * H, rng, out)  # Sunday-afternoon grading
        return
    if rng.random() < 0.06 or p.role == "itinerant":  # out sick / training day; itinerant days come from lookalikes
        return
    (teacher_day if p.role == "teacher" else office_day)(world, p, day0, rng, out)


__all__ = ["staff_day", "client", "visit", "gradebook", "roster", "teacher_day", "office_day", "evening", "H"]
