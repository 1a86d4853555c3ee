"""Legitimate work that resembles abuse: heavy users, many places, many devices, odd hours."""

from __future__ import annotations

import random

from sample_logs.blind2.app import Browser, Hit, view_student
from sample_logs.blind2.staff import Calendar, ordinary_days, work_block
from sample_logs.blind2.world import MOBILE_PREFIXES, World, ip_in, make_person, user_agent


def _person(world: World, rng: random.Random, role: str):
    p = make_person(world, rng, role)
    world.people.append(p)
    return p


def calpads_season(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A data clerk in submission season: every extract and validation report for every school, from the office."""
    p = _person(world, rng, "data_clerk")
    day = rng.randrange(len(cal.days))
    ordinary_days(world, p, rng, cal, sink, skip_days={day})
    b = Browser(sink, rng, world.office_ip, p.devices[0], p.account)
    t = b.login_sso(cal.at(day, rng.uniform(7.5, 8.5)))
    n = 0
    for s in range(len(world.school_ips)):
        for f in rng.sample(("SPED", "SSRV", "PLAN", "MEET"), k=rng.randint(2, 4)):
            t = b.page(t + rng.uniform(8, 40), "/calpads/extracts")
            t = b.post(t + rng.uniform(5, 20), f"/calpads/extracts?file={f}&school={s + 100}", f"/calpads/extracts/{s}{f}")
            t = b.page(t + rng.uniform(20, 90), f"/calpads/extracts/{s}{f}/download?file={f}", kind="file")
            t = b.page(t + rng.uniform(30, 180), f"/calpads/validation?file={f}&school={s + 100}")
            n += 1
        if rng.random() < 0.3:
            t += rng.uniform(300, 1500)
    b.close(t)
    return p.account, {"extracts": n, "day": day}


def compliance_review(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A program specialist reads many files end to end for a state compliance review."""
    p = _person(world, rng, "program_specialist")
    day = rng.randrange(len(cal.days))
    ordinary_days(world, p, rng, cal, sink, skip_days={day})
    b = Browser(sink, rng, world.office_ip, p.devices[0], p.account)
    t = b.login_sso(cal.at(day, rng.uniform(7.5, 8.5)))
    end = cal.at(day, rng.uniform(15.5, 17.5))
    n = 0
    while t < end:
        st = world.students[rng.randrange(len(world.students))]
        t = view_student(b, t + rng.uniform(5, 30), st, rng, rng.randint(4, 9), think=rng.uniform(15, 45))
        n += 1
        if rng.random() < 0.08:
            b.close(t)
            t += rng.uniform(600, 2400)
            t = b.login_sso(t)
    b.close(t)
    return p.account, {"students": n, "day": day}


def itinerant(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A speech therapist who works at three schools a day and finishes notes at home."""
    p = _person(world, rng, "slp")
    for d in range(len(cal.days)):
        h = 7.8
        for s in p.schools:
            t0 = cal.at(d, h + rng.uniform(0, 0.5))
            work_block(world, p, rng, sink, t0, t0 + rng.uniform(0.5, 1.5) * 3600, world.school_ips[s], p.devices[0], 18)
            h += rng.uniform(2.2, 3)
        t0 = cal.at(d, rng.uniform(19, 21))
        work_block(world, p, rng, sink, t0, t0 + rng.uniform(0.5, 1.5) * 3600, p.home_ip, p.devices[0], 18)
    return p.account, {"schools": p.schools}


def mobile_principal(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A principal on a phone walking the campus: carrier NAT changes the address every few requests."""
    p = _person(world, rng, "admin")
    ua = user_agent(rng, rng.choice(("iphone", "android")))
    for d in range(len(cal.days)):
        for _ in range(rng.randint(2, 5)):
            b = Browser(sink, rng, ip_in(rng, MOBILE_PREFIXES), ua, p.account)
            t = b.login_sso(cal.at(d, rng.uniform(7, 17)))
            for _ in range(rng.randint(3, 12)):
                if rng.random() < 0.4:
                    b.ip = ip_in(rng, MOBILE_PREFIXES)
                st = world.students[rng.choice(p.caseload)]
                t = view_student(b, t + rng.uniform(5, 40), st, rng, rng.randint(0, 2), think=20)
            b.close(t)
    return p.account, {"user_agent": ua}


def two_devices(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A case manager with the laptop open and an iPad (on cellular) in an IEP meeting at the same time."""
    p = _person(world, rng, "case_manager")
    ordinary_days(world, p, rng, cal, sink)
    ipad = user_agent(rng, "ipad")
    days = sorted(rng.sample(range(len(cal.days)), k=rng.randint(1, len(cal.days))))
    for d in days:
        t0 = cal.at(d, rng.uniform(8, 15))
        work_block(world, p, rng, sink, t0, t0 + rng.uniform(0.5, 1.2) * 3600, p.mobile_ip, ipad, 40)
        work_block(world, p, rng, sink, t0 + 60, t0 + rng.uniform(0.5, 1.2) * 3600, world.school_ips[p.school],
                   p.devices[0], 25)
    return p.account, {"days": days, "ipad": ipad}


def substitute_account(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A long-term substitute with a named account reads the whole inherited caseload on day one."""
    p = _person(world, rng, "case_manager")
    p.caseload = p.caseload + rng.sample(range(len(world.students)), k=20)
    b = Browser(sink, rng, world.school_ips[p.school], p.devices[0], p.account)
    t = b.login_sso(cal.at(0, rng.uniform(7.5, 9)))
    for i in p.caseload:
        t = view_student(b, t + rng.uniform(3, 20), world.students[i], rng, rng.randint(3, 7), think=rng.uniform(8, 20))
    b.close(t)
    ordinary_days(world, p, rng, cal, sink, skip_days={0})
    return p.account, {"students": len(p.caseload)}


def late_night(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A case manager who writes IEPs from home late at night, for hours."""
    p = _person(world, rng, "case_manager")
    p.evening = 0.0  # the late sitting is the evening work
    ordinary_days(world, p, rng, cal, sink)
    for d in range(len(cal.days)):
        t0 = cal.at(d, rng.uniform(21, 23))
        work_block(world, p, rng, sink, t0, t0 + rng.uniform(1.5, 3.5) * 3600, p.home_ip, p.devices[0], 35)
    return p.account, {}


def meeting_printer(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """Before a day of IEP meetings, a case manager prints every draft and face sheet in a few minutes."""
    p = _person(world, rng, "case_manager")
    ordinary_days(world, p, rng, cal, sink)
    day = rng.randrange(len(cal.days))
    b = Browser(sink, rng, world.school_ips[p.school], p.devices[0], p.account)
    t = b.login_sso(cal.at(day, rng.uniform(7, 7.6)))
    for i in p.caseload:
        st = world.students[i]
        t = b.page(t + rng.uniform(2, 8), f"/students/{st.key}/iep/{st.iep_id}/print?draft=true", kind="pdf")
        t = b.page(t + rng.uniform(2, 8), f"/legacy/FaceSheet.do?ssid={st.ssid}&print=true")
    b.close(t)
    return p.account, {"printed": len(p.caseload), "day": day}


def vpn_flapper(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A specialist on the district VPN from home: the egress NAT pool hands out addresses per
    connection and the tunnel drops now and then (the app stays reachable directly from home)."""
    p = _person(world, rng, "program_specialist")
    for d in range(len(cal.days)):
        b = Browser(sink, rng, rng.choice(world.vpn_ips), p.devices[0], p.account)
        t = b.login_sso(cal.at(d, rng.uniform(7.5, 9)))
        end = t + rng.uniform(3, 6) * 3600
        while t < end:
            if rng.random() < 0.1:
                b.ip = rng.choice(world.vpn_ips + [p.home_ip])
            t = view_student(b, t + rng.uniform(10, 60), world.students[rng.choice(p.caseload)], rng, rng.randint(1, 4))
        b.close(t)
    return p.account, {}


def forgot_password(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A contractor mistypes a password several times, resets it and signs in."""
    p = _person(world, rng, "slp")
    p.sso = False
    day = rng.randrange(len(cal.days))
    ip = world.school_ips[p.school]
    b = Browser(sink, rng, ip, p.devices[0], p.account)
    t = cal.at(day, rng.uniform(7.5, 9))
    fails = rng.randint(3, 6)
    for _ in range(fails):
        t = b.login_form(t, ok=False) + rng.uniform(3, 20)
    t = b.page(t, "/password/forgot") + rng.uniform(5, 20)
    t = b.post(t, "/password/forgot", "/password/forgot?sent") + rng.uniform(30, 240)
    t = b.page(t, f"/password/reset?token={rng.getrandbits(64):016x}") + rng.uniform(10, 40)
    t = b.post(t, "/password/reset", "/login?reset")
    work_block(world, p, rng, sink, t + 5, t + rng.uniform(0.5, 1.5) * 3600, ip, p.devices[0])
    ordinary_days(world, p, rng, cal, sink, skip_days={day})
    return p.account, {"failed_logins": fails, "day": day}


STYLES = {"calpads_submission_clerk": calpads_season, "compliance_file_review": compliance_review,
          "itinerant_therapist": itinerant, "mobile_principal": mobile_principal, "laptop_and_ipad": two_devices,
          "long_term_substitute": substitute_account, "late_night_iep_writer": late_night,
          "meeting_prep_printing": meeting_printer, "vpn_reconnects": vpn_flapper, "forgot_password": forgot_password}
