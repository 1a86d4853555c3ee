"""Benign behaviour that resembles abuse (labelled ``benign`` with its name).

Every function plays one staff member over all days of the log with the
actor's own random stream and returns the parameters it drew.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Callable

from sample_logs.blind import nets
from sample_logs.blind import pages as P
from sample_logs.blind.client import Hit
from sample_logs.blind.staff import Desk, client_for, local_ts, run_block, work_day
from sample_logs.blind.world import EXTRACT_TYPES, Staff, World

Behaviour = Callable[[list[Hit], World, Staff, random.Random], dict]


def _days(world: World) -> list[date]:
    """The working days of the log."""
    return [world.start + timedelta(days=i) for i in range(world.days)]


def census_registrar(out: list[Hit], world: World, staff: Staff, rng: random.Random) -> dict:
    """Census week: a registrar enrols and corrects records all day at a brisk human pace."""
    scale, pause = rng.uniform(4.0, 7.0), rng.uniform(8.0, 16.0)
    for day in _days(world):
        work_day(out, staff, day, rng, scale=scale, force=True, pause=pause, hours=(7.0, 17.5))
    return {"task_scale": round(scale, 2), "median_pause_s": round(pause, 1)}


def validation_fixer(out: list[Hit], world: World, staff: Staff, rng: random.Random) -> dict:
    """A data coordinator works down the state validation-error list, opening each learner in list order."""
    per_page, pace = rng.randint(25, 50), rng.uniform(7.0, 16.0)
    opened = 0
    for day in _days(world):
        desk = Desk.today(staff, rng, size=(400, 900))
        c = client_for(out, rng, staff, staff.office_ip, staff.ua)
        c.at(local_ts(staff.tz, day, staff.start_h + rng.uniform(0, 0.5)))
        end = local_ts(staff.tz, day, staff.end_h)
        page, i = 1, 0
        while c.t < end and i < len(desk.learners):
            c.login(silent=page > 1)
            for _ in range(rng.randint(2, 5)):
                P.validation_page(c, desk.orgs[0], page)
                for _ in range(per_page):
                    c.think(pace, 0.5, cap=240)
                    lid = desk.learners[i % len(desk.learners)]
                    i += 1
                    P.open_learner(c, lid, tabs=rng.choice([0, 0, 1]))
                    if rng.random() < 0.6:
                        c.think(pace * 1.5, 0.5, cap=300)
                        P.edit(c, lid)
                page += 1
            c.close("idle")
            c.wait(rng.uniform(600, 3600))
        opened += i
    return {"errors_per_page": per_page, "median_pace_s": round(pace, 1), "learners_opened": opened}


def extract_coordinator(out: list[Hit], world: World, staff: Staff, rng: random.Random) -> dict:
    """Submission prep: every extract type once per school, reviewed between downloads."""
    day = rng.choice(_days(world))
    files = 0
    for d in _days(world):
        info = work_day(out, staff, d, rng, force=True, scale=0.6)
        if d != day or info is None:
            continue
        c = client_for(out, rng, staff, staff.office_ip, staff.ua)
        c.at(info.end + rng.uniform(600, 1800))
        c.login(silent=True)
        for school in staff.district.schools:
            for kind in EXTRACT_TYPES:
                P.extract(c, kind, school.id, len(school.learners))
                files += 1
                c.think(45.0, 0.7, cap=900)
        c.close("idle")
    return {"day": day.isoformat(), "files": files, "schools": len(staff.district.schools)}


def overnight_tab(out: list[Hit], world: World, staff: Staff, rng: random.Random) -> dict:
    """The live attendance page (which never idles out) left open at the office overnight."""
    night = rng.choice(_days(world))
    for day in _days(world):
        info = work_day(out, staff, day, rng, force=True)
        if day == night and info is not None:
            c = client_for(out, rng, staff, staff.office_ip, staff.ua)
            c.at(info.end + rng.uniform(60, 900))
            c.login(silent=True, route="/app/attendance/live")
            P.dashboard(c, staff.school.id if staff.school else staff.district.schools[0].id)
            c.t = c.open_since + 12 * 3600
            c.close("expired")
    return {"night": night.isoformat(), "realtime": "poll" if staff.district.ws_blocked else "ws"}


def mobile_principal(out: list[Hit], world: World, staff: Staff, rng: random.Random) -> dict:
    """Desktop in the office plus a phone on the cellular network during walk-throughs."""
    glances = rng.randint(3, 8)
    for day in _days(world):
        info = work_day(out, staff, day, rng, force=True)
        if info is None:
            continue
        for _ in range(glances):
            c = client_for(out, rng, staff, nets.mobile(rng, staff.carrier), staff.phone_ua, realtime="ws")
            c.at(rng.uniform(info.start, info.end))
            c.login(silent=True)
            run_block(c, Desk.today(staff, rng), rng.randint(1, 4), c.t + 1200, rng,
                      {"dashboard": 1, "search_open": 2})
            c.close("none")
    return {"phone_glances_per_day": glances, "carrier": staff.carrier}


def conference_traveller(out: list[Hit], world: World, staff: Staff, rng: random.Random) -> dict:
    """One day at an out-of-state conference: hotel Wi-Fi, a phone hotspot, another time zone."""
    away = rng.choice(_days(world))
    tz = rng.choice(["America/Los_Angeles", "America/New_York", "America/Phoenix"])
    for day in _days(world):
        if day != away:
            work_day(out, staff, day, rng, force=True)
            continue
        traveller = replace(staff, district=replace(staff.district, tz=tz))
        hotel = nets.hotel(rng)
        for ip, hours in ((hotel, (6.8, 8.4)), (nets.mobile(rng, staff.carrier), (12.0, 13.3)), (hotel, (19.0, 21.5))):
            work_day(out, traveller, day, rng, force=True, ip=ip, ua=staff.laptop_ua or staff.ua, scale=0.5,
                     hours=hours, extras=False)
    return {"day": away.isoformat(), "conference_tz": tz}


def two_devices(out: list[Hit], world: World, staff: Staff, rng: random.Random) -> dict:
    """An office desktop and a laptop on the district VPN, both in use the same hours."""
    laptop = staff.laptop_ua or nets.browser_ua(rng, managed=False)
    vpn = rng.choice(staff.district.vpn_ips)
    for day in _days(world):
        work_day(out, staff, day, rng, force=True)
        work_day(out, staff, day, rng, force=True, ip=vpn, ua=laptop, scale=0.5, extras=False)
    return {"vpn_ip": vpn}


def night_owl(out: list[Hit], world: World, staff: Staff, rng: random.Random) -> dict:
    """A counselor finishes college-application transcripts late at night from home."""
    n, start = rng.randint(20, 60), rng.uniform(20.0, 22.0)
    for day in _days(world):
        work_day(out, staff, day, rng, force=True, extras=False)
        c = client_for(out, rng, staff, staff.home_ip, staff.laptop_ua or staff.ua, realtime="ws")
        c.at(local_ts(staff.tz, day, start + rng.uniform(-0.3, 0.3)))
        c.login()
        for lid in rng.sample(staff.scope(), min(n, len(staff.scope()))):
            P.search(c, staff.school.id if staff.school else staff.district.schools[0].id)
            P.open_learner(c, lid, tabs=rng.choice([0, 1]), download=True)
            c.think(40.0, 0.6, cap=600)
        c.close("idle")
    return {"transcripts_per_night": n, "start_hour": round(start, 2)}


def relogin_storm(out: list[Hit], world: World, staff: Staff, rng: random.Random) -> dict:
    """A broken identity-provider cookie: the session drops every few minutes all morning."""
    day, n = rng.choice(_days(world)), 0
    for d in _days(world):
        if d != day:
            work_day(out, staff, d, rng, force=True)
            continue
        c = client_for(out, rng, staff, staff.office_ip, staff.ua)
        c.at(local_ts(staff.tz, d, staff.start_h))
        end = c.t + rng.uniform(2.5, 4.5) * 3600
        desk = Desk.today(staff, rng)
        while c.t < end:
            c.login(silent=n > 0)
            n += 1
            run_block(c, desk, rng.randint(1, 3), end, rng)
            c.req("GET", "/api/v1/me", status=401, size=71, authed=False)
            c.open_since = None
            c.wait(rng.uniform(2.0, 20.0))
        work_day(out, staff, d, rng, force=True, hours=(12.5, staff.end_h), extras=False)
    return {"day": day.isoformat(), "sign_ins": n}


def shared_front_desk(out: list[Hit], world: World, pair: list[Staff], rng: random.Random) -> dict:
    """Two clerks, each with their own account, take turns at one front-desk PC."""
    a, b = pair
    for day in _days(world):
        switch = rng.uniform(11.0, 13.0)
        work_day(out, a, day, rng, force=True, hours=(7.5, switch), extras=False)
        work_day(out, b, day, rng, force=True, ip=a.office_ip, ua=a.ua, hours=(switch + 0.2, 16.5), extras=False)
    return {"pc_ua": a.ua, "accounts": [a.email, b.email]}


#: name -> (function, preferred roles, how many per log)
LOOKALIKES: dict[str, tuple[Behaviour, tuple[str, ...], tuple[int, int]]] = {
    "census_registrar": (census_registrar, ("registrar",), (1, 2)),
    "validation_fixer": (validation_fixer, ("data_coordinator",), (1, 2)),
    "extract_coordinator": (extract_coordinator, ("data_coordinator",), (1, 1)),
    "overnight_tab": (overnight_tab, ("attendance_clerk", "registrar"), (1, 2)),
    "mobile_principal": (mobile_principal, ("principal",), (1, 2)),
    "conference_traveller": (conference_traveller, ("counselor", "principal", "sped_coordinator"), (1, 1)),
    "two_devices": (two_devices, ("registrar", "counselor", "eld_coordinator"), (1, 2)),
    "night_owl": (night_owl, ("counselor",), (1, 2)),
    "relogin_storm": (relogin_storm, ("registrar", "attendance_clerk", "teacher"), (1, 1)),
}
