"""Credentials used by more than one person, and attacks on the login form."""

from __future__ import annotations

import random
from dataclasses import replace

from sample_logs.blind2.app import Browser, Hit
from sample_logs.blind2.staff import Calendar, ordinary_days, work_block
from sample_logs.blind2.world import (CLOUD_PREFIXES, DESKTOP, DISTRICTS, HOME_PREFIXES, Person, World, ip_in, make_person,
                                      user_agent)


def _double(world: World, rng: random.Random, person: Person, role: str | None = None) -> Person:
    """Another human working under ``person``'s account: own school, devices and home."""
    other = make_person(world, rng, role or person.role)
    world.used_accounts.discard(other.account)
    return replace(other, account=person.account, sso=person.sso)


def generic_account(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A non-personal office login (front desk, SpEd office) used by several people at several sites."""
    school = rng.randrange(len(world.school_ips))
    name = rng.choice((f"sped.office@{rng.choice(DISTRICTS)}", f"frontdesk.school{school + 100}@{rng.choice(DISTRICTS)}",
                       f"iep.clerk@{rng.choice(DISTRICTS)}", f"selpa.data@{rng.choice(DISTRICTS)}"))
    if name in world.used_accounts:
        name = name.replace("@", f"{rng.randint(2, 9)}@")
    world.used_accounts.add(name)
    base = make_person(world, rng, rng.choice(("admin", "case_manager", "data_clerk")))
    base = replace(base, account=name, sso=False)
    users = rng.randint(2, 6)
    for _ in range(users):
        p = _double(world, rng, base)
        if rng.random() < 0.5:
            p = replace(p, school=base.school, schools=[base.school])
        ordinary_days(world, p, rng, cal, sink)
    return name, {"people": users}


def colleague(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A case manager gives a password to an aide or colleague who uses it at the same time elsewhere."""
    person = make_person(world, rng, "case_manager")
    world.people.append(person)
    ordinary_days(world, person, rng, cal, sink)
    aide = _double(world, rng, person, rng.choice(("case_manager", "admin")))
    days = sorted(rng.sample(range(len(cal.days)), k=rng.randint(1, len(cal.days))))
    for d in days:
        for _ in range(rng.randint(1, 3)):
            t0 = cal.at(d, rng.uniform(8, 15))
            work_block(world, aide, rng, sink, t0, t0 + rng.uniform(0.3, 1.5) * 3600,
                       world.school_ips[aide.school] if rng.random() < 0.7 else aide.home_ip, aide.devices[0])
    return person.account, {"days": days, "aide_school": aide.school}


def substitute_borrow(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """The teacher is out; a substitute signs in with the teacher's password (not at the same time)."""
    person = make_person(world, rng, "case_manager")
    world.people.append(person)
    out = {rng.randrange(len(cal.days))}
    ordinary_days(world, person, rng, cal, sink, skip_days=out)
    sub = _double(world, rng, person)
    sub = replace(sub, devices=[user_agent(rng, rng.choice(DESKTOP))], sso=False)
    for d in out:
        t0 = cal.at(d, rng.uniform(6.5, 7.5))
        work_block(world, sub, rng, sink, t0, t0 + rng.uniform(0.2, 0.5) * 3600, sub.home_ip, sub.devices[0])
        for _ in range(rng.randint(1, 3)):
            t0 = cal.at(d, rng.uniform(8.5, 15))
            work_block(world, sub, rng, sink, t0, t0 + rng.uniform(0.2, 1.0) * 3600,
                       world.school_ips[person.school], sub.devices[0])
    return person.account, {"days_out": sorted(out)}


def contractor_team(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A therapy agency lets its coordinator and several therapists work under one therapist's login."""
    person = make_person(world, rng, "slp")
    world.people.append(person)
    ordinary_days(world, person, rng, cal, sink)
    n = rng.randint(1, 3)
    for _ in range(n):
        ordinary_days(world, _double(world, rng, person, rng.choice(("slp", "admin"))), rng, cal, sink)
    return person.account, {"extra_people": n}


def password_guessing(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """Someone guesses one account's password on the local login form from one address."""
    ip = ip_in(rng, HOME_PREFIXES + CLOUD_PREFIXES)
    ua = user_agent(rng, rng.choice(DESKTOP)) if rng.random() < 0.6 else "python-requests/2.28.1"
    tries = rng.randint(15, 90)
    pace = (rng.uniform(0.5, 4), rng.uniform(5, 25))
    day = rng.randrange(len(cal.days))
    b = Browser(sink, rng, ip, ua, "", assets="python" not in ua)
    t = cal.at(day, rng.uniform(0, 23))
    for k in range(tries):
        t = b.login_form(t, ok=False, typing=pace) + rng.uniform(0.2, 2)
        if k == 5:
            b.hit(t, "/login?locked", size=9300)
    return ip, {"tries": tries, "pace_s": [round(p, 2) for p in pace], "user_agent": ua}


def credential_stuffing(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> list[tuple[str, dict]]:
    """Leaked email/password pairs tried from a few proxies, many usernames, all failing."""
    out = []
    day = rng.randrange(len(cal.days))
    start = cal.at(day, rng.uniform(0, 20))
    for _ in range(rng.randint(2, 4)):
        ip = ip_in(rng, CLOUD_PREFIXES + HOME_PREFIXES)
        tries = rng.randint(40, 250)
        ua = user_agent(rng, rng.choice(DESKTOP))
        b = Browser(sink, rng, ip, ua, "", assets=False)
        t = start + rng.uniform(0, 1800)
        for _ in range(tries):
            b.sid = ""
            t = b.login_form(t, ok=False, typing=(0.3, 3)) + rng.uniform(0.5, 6)
        out.append((ip, {"tries": tries, "user_agent": ua}))
    return out


STYLES = {"generic_office_account": (generic_account, ["credential_sharing"]),
          "password_given_to_colleague": (colleague, ["credential_sharing"]),
          "substitute_uses_teacher_login": (substitute_borrow, ["credential_sharing"]),
          "agency_shares_therapist_login": (contractor_team, ["credential_sharing"])}
