"""Benign look-alikes: legitimate work that resembles scraping or sharing.

Each function adds one person's unusual-but-legitimate activity to ``out``
and returns a ``benign`` label naming the behaviour.
"""

from __future__ import annotations

import random

from .abuse import cloud_ip
from .app import Client, profile
from .staff import H, client, gradebook, visit
from .world import CHROMEOS, Person, World, desktop_ua, students_of

LOOKALIKES = ("census_exports", "counselor_transcript_audit", "registrar_transcript_batch", "tab_restore_burst",
              "multi_device_teacher", "shared_front_office_pc", "itinerant_specialist", "approved_api_sync",
              "late_night_grading", "attendance_sweep", "vpn_laptop_and_phone")


def _benign(behaviour: str, **params) -> dict:
    return {"label": "benign", "behaviour": behaviour, "kinds": [], "params": params}


def _weekday(days: list[tuple[float, bool]], rng: random.Random) -> float:
    return rng.choice([d for d, wk in days if wk] or [days[0][0]])


def lookalike(name: str, world: World, p: Person, days: list[tuple[float, bool]], rng: random.Random, out: list,
              helpers: list[Person] | None = None) -> dict:
    """Add look-alike ``name`` (one of :data:`LOOKALIKES`) performed by ``p``; returns its label."""
    day0 = _weekday(days, rng)
    p.works_from_home = 0.0  # the look-alike happens on site: no work-from-home day at the same time
    if name == "itinerant_specialist":
        p.role = "itinerant"
    if name == "vpn_laptop_and_phone":
        p.uses_vpn = True
    c = client(p, rng, "work", world)
    c.out = out
    if name == "census_exports":  # Fall census: the CALPADS coordinator pulls every extract, checks, fixes, re-pulls
        t = c.ensure(day0 + rng.uniform(8, 9.5) * H)
        n = rng.randint(25, 70)
        for _ in range(n):
            t = c.ensure(t)
            school = rng.choice(world.schools).code
            rpt = rng.choice(("senr", "sinf", "sprg", "scsc", "sela", "stas"))
            t = c.page(t, f"/sis/reports/run.php?rpt=calpads_{rpt}&school={school}", rng.randint(40000, 400000))
            c.hit(t + rng.uniform(5, 40), "GET", f"/sis/reports/export.php?rpt=calpads_{rpt}&school={school}&fmt=txt",
                  200, rng.randint(100000, 3000000))
            t += rng.uniform(60, 420)
        return _benign(name, exports=n)
    if name in ("counselor_transcript_audit", "registrar_transcript_batch"):
        n = rng.randint(70, 150) if name.startswith("counselor") else rng.randint(25, 60)
        t = c.ensure(day0 + rng.uniform(8, 10) * H)
        for sid in students_of(world, p, rng, n):
            t = c.ensure(t)
            if name.startswith("counselor"):
                t = visit(c, t, sid, rng, tabs=1, search=rng.random() < 0.3, think=(10, 50))
            c.hit(t, "GET", f"/sis/print.php?doc=transcript&sid={sid}", 200, rng.randint(60000, 160000))
            t += rng.uniform(15, 70)
        return _benign(name, students=n)
    if name == "tab_restore_burst":  # browser update restores yesterday's 15-40 student tabs at once
        t = c.ensure(day0 + rng.uniform(7.5, 8) * H)
        n = rng.randint(15, 40)
        for sid in students_of(world, p, rng, n):
            c.page(t, profile(sid, rng.choice(("profile", "grades", "attendance"))))
            t += rng.uniform(0.05, 0.3)
        return _benign(name, tabs=n)
    if name in ("multi_device_teacher", "vpn_laptop_and_phone"):
        devices = [client(p, rng, "classroom", world), client(p, rng, "phone", world)]
        if name == "multi_device_teacher":
            devices.append(Client(rng.choice(p.school.nat_ips), CHROMEOS.format(v=130, b=55), p.account, rng))
        else:
            devices = [Client(rng.choice(world.vpn_ips), p.home_ua, p.account, rng), devices[1]]
        for d in devices:
            d.out = out
            t = d.ensure(day0 + (rng.uniform(9, 11) if name.startswith("multi") else rng.uniform(19, 20)) * H)
            for _ in range(rng.randint(3, 8)):
                t = visit(d, t, rng.choice(p.school.students or world.schools[0].students), rng, tabs=1)
                t += rng.uniform(60, 900)
        return _benign(name, devices=len(devices))
    if name == "shared_front_office_pc":  # one PC, several people, each with their own account
        pc_ip, pc_ua = rng.choice(p.school.nat_ips), desktop_ua(rng)
        t = day0 + 7.5 * H
        for person in [p] + list(helpers or []):
            d = Client(pc_ip, pc_ua, person.account, rng, out=out)
            t = d.ensure(t + rng.uniform(60, 900))
            for sid in students_of(world, p, rng, rng.randint(3, 10)):
                t = visit(d, t, sid, rng, tabs=rng.randint(0, 2))
            d.logout(t + 5)
        return _benign(name, people=1 + len(helpers or []))
    if name == "itinerant_specialist":  # speech therapist / psychologist: three schools a day, notes at night
        for d0, wk in days:
            if not wk:
                continue
            t = d0 + 7.8 * H
            for school in rng.sample(world.schools, min(3, len(world.schools))):
                d = Client(rng.choice(school.nat_ips), p.work_ua, p.account, rng, out=out)
                t = d.ensure(t + rng.uniform(600, 2400))
                for sid in rng.sample(school.students, rng.randint(2, 6)):
                    t = visit(d, t, sid, rng, tabs=2)
                t += rng.uniform(3600, 7200)
        return _benign(name, schools=3)
    if name == "approved_api_sync":  # LMS roster sync with its own documented API key, nightly
        ip, provider = cloud_ip(rng)
        d = Client(ip, "Instructure-SIS-Sync/3.2 (+https://www.instructure.com)", p.account, rng, style="script", out=out)
        d.sid = "api"
        for d0, _ in days:
            t = d0 + 2 * H + rng.uniform(0, 300)
            for school in world.schools:
                for page in range(1, len(school.sections) // 10 + 2):
                    d.hit(t, "GET", f"/sis/api/v2/rosters?school={school.code}&page={page}", 200, rng.randint(20000, 90000), ref="-")
                    t += rng.uniform(0.3, 1.5)
        return _benign(name, provider=provider)
    if name == "late_night_grading":  # report cards due: hundreds of grade cells after 9 pm
        d = client(p, rng, "home", world)
        d.out = out
        t = d.ensure(day0 + rng.uniform(21, 22) * H)
        for sec in p.sections or [0]:
            t = gradebook(d, t, sec, rng.randint(40, 90), rng) + rng.uniform(30, 300)
        return _benign(name, sections=len(p.sections))
    if name == "attendance_sweep":  # clerk clears the unverified-absence list quickly
        t = c.ensure(day0 + rng.uniform(9, 10) * H)
        t = c.page(t, f"/sis/index.php?m=attendance&a=unverified&school={p.school.code}")
        n = rng.randint(50, 110)
        for sid in students_of(world, p, rng, n):
            t = c.page(t + rng.uniform(3, 12), profile(sid, "attendance"))
            t = c.post(t + rng.uniform(2, 8), "/sis/index.php?m=attendance&a=correct")
        return _benign(name, students=n)
    raise ValueError(f"unknown look-alike {name}")


__all__ = ["lookalike", "LOOKALIKES"]
