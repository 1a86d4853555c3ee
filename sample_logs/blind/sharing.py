"""One account, several people (labelled ``credential_sharing``).

A colleague at another school using a staff member's login, a contractor
working from another state or country, and generic mailbox accounts
(``registrar@…``, ``office@…``) that a whole front office signs in with.
Every person behind an account gets their own random stream (derived from
the behaviour's stream), device, network and hours.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

from sample_logs.blind import nets
from sample_logs.blind.staff import Day, work_day
from sample_logs.blind.world import District, Staff, World

GENERIC_NAMES = ["registrar", "office", "data.admin", "attendance", "frontoffice", "enrollment"]


def _person(rng: random.Random) -> random.Random:
    """A separate stream for one more person behind the account."""
    return random.Random(rng.getrandbits(64))


def shared_with_colleague(out: list, world: World, owner: Staff, days: dict[date, Day | None],
                          rng: random.Random) -> dict:
    """A colleague at another school signs in with the owner's credentials on their own PC."""
    same_district = rng.random() < 0.5
    district = owner.district if same_district else rng.choice([d for d in world.districts if d is not owner.district])
    school = rng.choice([s for s in district.schools if s is not owner.school] or district.schools)
    ua = district.fleet_ua if (district is not owner.district and rng.random() < 0.6) else nets.browser_ua(rng, False)
    colleague = replace(owner, ua=ua, office_ip=school.nat_ip, start_h=rng.uniform(7.0, 8.8),
                        end_h=rng.uniform(15.0, 17.0), intensity=rng.uniform(0.4, 1.2), laptop_ua="",
                        role=rng.choice(["registrar", "attendance_clerk", "counselor"]))
    used = rng.sample(list(days), rng.randint(1, len(days)))
    p = _person(rng)
    for day in sorted(used):
        work_day(out, colleague, day, p, force=True, extras=False)
    return {"colleague_ip": school.nat_ip, "colleague_ua": ua, "same_district": same_district,
            "days": [d.isoformat() for d in sorted(used)], "colleague_role": colleague.role}


def remote_contractor(out: list, world: World, owner: Staff, days: dict[date, Day | None],
                      rng: random.Random) -> dict:
    """A contractor in another state or country does data entry under the owner's login in their own day."""
    where = rng.choice(["india", "philippines", "us_other_state"])
    tz = {"india": "Asia/Kolkata", "philippines": "Asia/Manila"}.get(where) or rng.choice(
        ["America/New_York", "America/Los_Angeles", "America/Phoenix"])
    ip = nets.abroad(rng, where) if where != "us_other_state" else nets.residential(rng)
    ua = nets.browser_ua(rng, managed=False)
    contractor = replace(owner, district=replace(owner.district, tz=tz), ua=ua, office_ip=ip, laptop_ua="",
                         start_h=rng.uniform(8.5, 10.0), end_h=rng.uniform(16.0, 19.0), role="registrar",
                         intensity=rng.uniform(0.8, 2.0), remote_prob=0.0)
    p = _person(rng)
    for day in sorted(days):
        work_day(out, contractor, day, p, force=True, extras=False)
    return {"where": where, "tz": tz, "ip": ip, "ua": ua, "intensity": round(contractor.intensity, 2)}


def generic_account(out: list, world: World, district: District, template: Staff, rng: random.Random) -> tuple[str, dict]:
    """A mailbox account that several front-office people use; returns the account and parameters."""
    name = rng.choice(GENERIC_NAMES)
    email = f"{name}@{district.domain}"
    while email in world.emails:
        email = f"{name}{rng.randint(1, 9)}@{district.domain}"
    world.emails.add(email)
    n = rng.randint(3, 5)
    schools = rng.sample(district.schools, min(len(district.schools), rng.randint(1, 3)))
    people = []
    for k in range(n):
        school = schools[k % len(schools)]
        ua = district.fleet_ua if rng.random() < 0.6 else nets.browser_ua(rng, managed=False)
        person = replace(template, email=email, district=district, school=school, office_ip=school.nat_ip, ua=ua,
                         laptop_ua="",
                         role=rng.choice(["registrar", "attendance_clerk"]), start_h=rng.uniform(7.0, 9.0),
                         end_h=rng.uniform(14.5, 17.0), intensity=rng.uniform(0.3, 1.0), remote_prob=0.0,
                         ui=rng.choice(["classic", "new"]))
        people.append({"school": school.id, "ip": school.nat_ip, "ua": ua})
        p = _person(rng)
        for day in (date.fromordinal(world.start.toordinal() + i) for i in range(world.days)):
            if p.random() < 0.85:
                work_day(out, person, day, p, force=True, extras=False)
    return email, {"people": n, "schools": len(schools), "who": people}


#: name -> (function, preferred roles of the owner, how many per log)
SHARING = {
    "shared_with_colleague": (shared_with_colleague, ("registrar", "counselor", "attendance_clerk"), (1, 2)),
    "remote_contractor": (remote_contractor, ("registrar", "data_coordinator", "sped_coordinator"), (1, 2)),
}
