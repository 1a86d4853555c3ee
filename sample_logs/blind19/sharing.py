"""Credential sharing: generic shared logins and staff logins used by someone else."""
from .client import Client
from .lookalikes import date
from .scraping import abusive, owner_days
from .staff import Person, session, PROFILE
from .world import (CHROME, EDGE, FIREFOX, SAFARI, MAC_CHROME, IPHONE, IPAD, carrier_ip, home_ip, ip4)

SPED = {"iep": 5, "prog": 3, "student": 3, "search": 2, "dash": 1}
DESK = {"search": 5, "student": 5, "enr": 3, "dash": 1, "att": 1}


def generic(world, rng, d, local_part, role):
    p = Person(local_part.replace(".", " ").title(), "%s@%s" % (local_part, d.domain), d, d.office[0], d.office[1],
               role, d.auth, d.tz, rng)
    return p


def crowd(sim, world, p, devices, weights, days, hours=(7.4, 16.5), bursts=(4, 8)):
    rng = sim.rng
    for day in range(days):
        for cli in devices:
            t0 = world.day_epoch(day, p.tz, rng.uniform(hours[0], hours[0] + 1.2))
            t1 = world.day_epoch(day, p.tz, rng.uniform(hours[1] - 1.0, hours[1]))
            session(sim, world, p, cli, t0, t1, rng.randint(*bursts), (2, 6), weights, date(day))


def sharing(sim, world, L, pool, days):
    rng = sim.rng
    ent = [d for d in world.districts if d.auth == "entra"]
    loc = [d for d in world.districts if d.auth == "local"]
    # 1. sped.office@ generic login used by five people at once
    d = ent[3]
    p = generic(world, rng, d, "sped.office", "generic_shared_account")
    sims = d.schools + [d.office]
    devs = [Client(sims[0][1], EDGE.format(v=150)), Client(sims[-1][1], FIREFOX.format(v=151)),
            Client(sims[1 % len(sims)][1], CHROME.format(v=149)), Client(home_ip(rng), SAFARI.format(m=1)),
            Client(carrier_ip(rng), IPHONE.format(m=1))]
    sim.tag = "c_sped"
    crowd(sim, world, p, devs, SPED, days)
    abusive(L, p, "credential_sharing", "generic_shared_login_five_users", "c_sped", users="five SPED staff",
            where="two buildings, district office, a home ISP and a phone, concurrently")
    # 2. registrar@ generic on a local-account district, three clerks in two buildings
    d = loc[0]
    p = generic(world, rng, d, "registrar", "generic_shared_account")
    a, b = d.schools[0][1], (d.schools[1] if len(d.schools) > 1 else d.office)[1]
    devs = [Client(a, EDGE.format(v=150)), Client(a, CHROME.format(v=150)), Client(b, EDGE.format(v=149))]
    sim.tag = "c_registrar"
    crowd(sim, world, p, devs, DESK, days)
    abusive(L, p, "credential_sharing", "generic_shared_login", "c_registrar", users="three clerks, two buildings")
    # 3. data.admin@ used by a district employee and an out-of-state contractor
    d = ent[9]
    p = generic(world, rng, d, "data.admin", "generic_shared_account")
    devs = [Client(d.office[1], EDGE.format(v=150)), Client(ip4(rng, "104.5.%d" % rng.randint(1, 250)), MAC_CHROME.format(v=150))]
    sim.tag = "c_dataadmin"
    crowd(sim, world, p, devs, {"export": 1, "roster": 2, "student": 3, "enr": 2, "dash": 1}, days)
    abusive(L, p, "credential_sharing", "generic_shared_login_with_contractor", "c_dataadmin",
            where="district office and a contractor in Texas (AT&T)")
    # 4. frontoffice@ generic, two desks plus evenings at home
    d = ent[14]
    p = generic(world, rng, d, "frontoffice", "generic_shared_account")
    devs = [Client(d.schools[0][1], CHROME.format(v=150)), Client(d.schools[-1][1], EDGE.format(v=150))]
    sim.tag = "c_frontoffice"
    crowd(sim, world, p, devs, DESK, days)
    for day in range(days):
        t = world.day_epoch(day, p.tz, rng.uniform(19, 21))
        session(sim, world, p, Client(home_ip(rng), CHROME.format(v=149)), t, t + 1800, 2, (1, 3), DESK, date(day))
    abusive(L, p, "credential_sharing", "generic_shared_login", "c_frontoffice")
    # 5. consultant abroad using a teacher's login during the teacher's own hours
    p = pool.take("teacher", auth="entra", pred=lambda q: q.sections)
    owner_days(sim, world, p, days)
    sim.tag = "c_abroad"
    cli = Client(ip4(rng, "106.51.%d" % rng.randint(1, 250)), CHROME.format(v=150))
    for day in range(days):
        t0 = world.day_epoch(day, p.tz, rng.uniform(8.0, 8.6))
        session(sim, world, p, cli, t0, world.day_epoch(day, p.tz, 15.5), rng.randint(5, 8), (2, 5),
                {"iep": 3, "student": 4, "grades": 2, "roster": 1}, date(day), logout_p=0)
    abusive(L, p, "credential_sharing", "foreign_consultant_concurrent_use", "c_abroad",
            where="consultant in Bengaluru, India (ACT Fibernet) during the teacher's Kansas school day")
    # 6. colleague in another district using a teacher's login
    p = pool.take("teacher", auth="entra", pred=lambda q: q.sections)
    owner_days(sim, world, p, days)
    other = next(x for x in ent if x is not p.district and x.tz is p.tz)
    sim.tag = "c_colleague"
    cli = Client(other.schools[0][1], EDGE.format(v=150))
    for day in range(days):
        t0 = world.day_epoch(day, p.tz, rng.uniform(9, 10))
        session(sim, world, p, cli, t0, t0 + 4 * 3600, rng.randint(3, 5), (2, 4),
                {"roster": 2, "student": 3, "att": 1, "grades": 1}, date(day), logout_p=0.5)
    abusive(L, p, "credential_sharing", "colleague_other_district_use", "c_colleague",
            where="school NAT of %s" % other.label)
    # 7. impossible travel: same login from Germany between Kansas sessions
    p = pool.take("counselor", auth="entra")
    owner_days(sim, world, p, days)
    sim.tag = "c_travel"
    cli = Client(ip4(rng, "91.64.%d" % rng.randint(1, 250)), FIREFOX.format(v=151))
    for day in range(days):
        t0 = world.day_epoch(day, p.tz, rng.uniform(9.5, 11))
        session(sim, world, p, cli, t0, t0 + rng.uniform(1, 2) * 3600, 3, (1, 4), {"student": 3, "search": 2},
                date(day), logout_p=0.8)
    abusive(L, p, "credential_sharing", "impossible_travel_other_user", "c_travel",
            where="Vodafone Germany address minutes after Kansas school use")
    # 8. speech-language contractor in Colorado using a sped coordinator's local account
    p = pool.take("sped_coordinator", auth="local")
    owner_days(sim, world, p, days)
    sim.tag = "c_contractor"
    cli = Client(ip4(rng, "73.229.%d" % rng.randint(1, 250)), MAC_CHROME.format(v=150))
    for day in range(days):
        t0 = world.day_epoch(day, p.tz, rng.uniform(8.5, 9.5))
        session(sim, world, p, cli, t0, t0 + 5 * 3600, rng.randint(3, 6), (2, 4), SPED, date(day), logout_p=0.6)
    abusive(L, p, "credential_sharing", "out_of_state_contractor", "c_contractor",
            where="Comcast Denver metro, Colorado, same hours as the owner")
    # 9. a second iPad user on a teacher login? no: an aide using her teacher's login from the same building
    p = pool.take("teacher", auth="entra", pred=lambda q: q.sections and len(q.district.schools) > 1)
    owner_days(sim, world, p, days)
    sim.tag = "c_aide"
    other_school = next(s for s in p.district.schools if s[1] != p.nat)
    cli = Client(other_school[1], IPAD.format(m=0))
    for day in range(days):
        t0 = world.day_epoch(day, p.tz, rng.uniform(7.8, 8.4))
        session(sim, world, p, cli, t0, world.day_epoch(day, p.tz, 15.3), rng.randint(4, 7), (1, 3),
                {"att": 3, "roster": 2, "student": 2}, date(day), logout_p=0)
    abusive(L, p, "credential_sharing", "colleague_other_building_concurrent", "c_aide",
            where="another building of the same district on an iPad while the teacher is at her own school")
    sim.tag = None
