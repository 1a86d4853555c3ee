"""Credential sharing: generic logins not tied to one person, and one person's login used by someone else."""
from . import app as A
from . import world as W
from .client import Browser, human
from .people import UA
from .staff import class_scores, lookup, session

TESTING = "testing.office"


def _other_ua(ua, rng, choices=("win_firefox_esr", "win_edge", "win_chrome", "win_firefox")):
    opts = [UA[k] for k in choices if UA[k] != ua]
    return rng.choice(opts)


def testing_office(log, world, rng, reg, users):
    """`testing.office`: the district testing office's generic login, used at once by coordinators at
    different schools (their own PCs, a private window) to check accommodations before fall testing."""
    key = "generic_testing_office_login"
    for k, (ip, ua, school) in enumerate(users):
        b = Browser(log, rng, TESTING, ip, ua, "to:%d" % k, actor=key, typo=0.08)
        fake = type("S", (), {"school": school, "district": school.district, "tags": {}, "role": "sped",
                              "login": TESTING})()
        for d in range(log.days):
            if not log.school_day(d):
                continue
            b.new_day()
            for h in sorted(rng.uniform(7.8, 15.3) for _ in range(rng.randint(2, 4))):
                t = session(b, log.at(d, h), world, fake, rng, 0)
                for _ in range(rng.randint(3, 12)):
                    t = lookup(b, t + human(rng, 15), world, fake, rng, tabs=["accom"])
    reg.account(TESTING, "credential_sharing", key, ["credential_sharing"], role="generic (district testing office)",
                campus=users[0][2].district.code + "-0000", auth="ldap-basic", login=TESTING,
                n_people=len(users), schools=sorted({u[2].code for u in users}))


def colleague_same_nat(log, world, rng, reg, teacher):
    """A long-term substitute without an account uses a teacher's login on a second computer in the same
    school (same NAT address, another browser) while the teacher is in class."""
    key = "colleague_uses_teacher_login"
    ua = _other_ua(teacher.work_ua, rng)
    b = Browser(log, rng, teacher.login, teacher.work_ip, ua, "col:" + teacher.login, host=teacher.host,
                actor=key)
    for d in range(log.days):
        if not log.school_day(d):
            continue
        b.new_day()
        for h in (rng.uniform(9.0, 10.2), rng.uniform(12.9, 14.2)):
            t = session(b, log.at(d, h), world, teacher, rng, 0)
            t = class_scores(b, t + human(rng, 8), world, teacher, rng)
            lookup(b, t + human(rng, 20), world, teacher, rng)
    reg.behaviour(key, "credential_sharing", ["credential_sharing"], [teacher.login],
                  second_person="long-term substitute without an account", hours="09:00-10:30, 12:55-14:30",
                  same_address_as_owner=True)


def retired_successor(log, world, rng, reg, successor, retired_login):
    """A registrar retired in June; her successor, not yet provisioned for ScoreView (her own login gets
    401s: not in the LDAP group), uses the retired registrar's login from the same office."""
    key = "retired_account_used_by_successor"
    b0 = Browser(log, rng, successor.login, successor.work_ip, successor.work_ua, successor.work_key,
                 host=successor.host)
    t = log.at(0, 7.9 + rng.uniform(0, 0.3))
    b0.emit(t, A.home(), 401, A.ERR401[0], A.ERR401[1], 0.004, None)
    for _ in range(rng.randint(3, 5)):
        t += human(rng, 10)
        b0.emit(t, A.home(), 401, A.ERR401[0], A.ERR401[1], 0.06, successor.login)
    b = Browser(log, rng, retired_login, successor.work_ip, successor.work_ua, successor.work_key + ":r",
                host=successor.host, actor=key, typo=0.0)
    fake = type("S", (), {"school": None, "district": successor.district, "tags": {}, "role": "registrar",
                          "login": retired_login})()
    for d in range(log.days):
        if not log.school_day(d):
            continue
        b.new_day()
        start = t + human(rng, 600) if d == 0 else log.at(d, rng.uniform(7.8, 8.4))
        for h in range(rng.randint(4, 7)):
            start = session(b, start, world, fake, rng, rng.randint(1, 3), ["enroll", "enroll", "lookup"])
            start += human(rng, 2400, 0.5)
            if start > log.at(d, 16.5):
                break
    reg.account(retired_login, "credential_sharing", key, ["credential_sharing"],
                role="registrar (retired 2026-06-30)", campus=successor.district.code + "-0000", auth="ldap-basic",
                login=retired_login, used_by=successor.login, same_office=True)


def out_of_state_consultant(log, world, rng, reg, owner):
    """A district data coordinator's password given to a consultant in Oregon: evenings, home network,
    Linux desktop Firefox."""
    key = "out_of_state_consultant_evenings"
    ip, isp = W.pool_ip(rng, "oregon_residential", world.used)
    b = Browser(log, rng, owner.login, ip, UA["linux_firefox"], "cons", px=rng.randint(0, 1), actor=key)
    for d in range(log.days):
        b.new_day()
        t = log.at(d, rng.uniform(18.4, 19.6))
        end = log.at(d, rng.uniform(22.3, 23.6))
        while t < end:
            t = session(b, t, world, owner, rng, rng.randint(1, 3), ["reports", "reports", "lookup"])
            t += human(rng, 900, 0.5)
    reg.behaviour(key, "credential_sharing", ["credential_sharing"], [owner.login], consultant_state="OR",
                  isp=isp, hours="18:30-23:30 local, every day")
    reg.source(ip, "credential_sharing", key, ["credential_sharing"], account=owner.login, via_proxy=True)


def front_office_shifts(log, world, rng, reg, school, name):
    """A generic front-office login on the one front-desk PC, used by two part-time aides in turn."""
    key = "generic_front_office_login_shifts"
    ua = UA["win_edge"]
    b = Browser(log, rng, name, school.nat, ua, "fo:" + name, actor=key)
    fake = type("S", (), {"school": school, "district": school.district, "tags": {}, "role": "office",
                          "login": name})()
    for d in range(log.days):
        if not log.school_day(d):
            continue
        b.new_day()
        t = log.at(d, rng.uniform(7.35, 7.7))
        shift, end = log.at(d, rng.uniform(11.7, 11.9)), log.at(d, rng.uniform(16.0, 16.4))
        while t < end:
            if shift and t > shift:                    # first aide closes the browser, second one signs in
                b.restart()
                t, shift = max(t, shift + rng.uniform(120, 900)), None
            t = session(b, t, world, fake, rng, rng.randint(1, 2), ["enroll", "lookup"]) + human(rng, 1300, 0.6)
        b.pings(log.at(d, 7.8), end)
    reg.account(name, "credential_sharing", key, ["credential_sharing"], role="generic (front office)",
                campus=school.code, auth="ldap-basic", login=name, n_people=2,
                shifts=["07:30-11:45", "11:45-16:15"], same_pc=True)


def run(log, world, rng, reg, cast):
    testing_office(log, world, rng, reg, cast["testing_users"])
    colleague_same_nat(log, world, rng, reg, cast["colleague_teacher"])
    retired_successor(log, world, rng, reg, cast["successor"], cast["retired_login"])
    out_of_state_consultant(log, world, rng, reg, cast["consultant_owner"])
    front_office_shifts(log, world, rng, reg, cast["front_school"], cast["front_login"])
