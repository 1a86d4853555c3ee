"""Ordinary staff days, evenings and Sundays, plus the benign look-alikes."""
import datetime as dt

from .client import Browser, lognorm, b64s
from .tasks import task, open_pupil, typeahead, uuid
from .world import CAMPUS, START, UTC_OFF, SERVER_NAT, carrier_ip, desktop_ua, mobile_ua

EPOCH0 = int((dt.datetime(START.year, START.month, START.day) - dt.datetime(1970, 1, 1)).total_seconds()) - UTC_OFF


def day0(d):
    return EPOCH0 + d * 86400


def school_day(d):
    return (START + dt.timedelta(days=d)).weekday() < 5


PERIODS = [8.0, 8.92, 9.83, 10.75, 12.33, 13.25, 14.17]


def work(b, rng, ctx, p, t_end, rate_mult=1.0, attendance=(), lunch=None):
    rate_mult *= 2.6
    att = sorted(attendance)
    while b.t < t_end:
        if att and b.t >= att[0][0]:
            _, sec = att.pop(0)
            b.page("/sections/%d/attendance" % sec, live=True)
            b.think(70, .4)
            continue
        if lunch and lunch[0] <= b.t < lunch[1]:
            b.t = lunch[1] + rng.uniform(0, 120)
            continue
        task(b, rng, ctx, p)
        b.t += min(lognorm(rng, 3600 / (p["rate"] * rate_mult), .7), 5400)


def workday(out, rng, ctx, p, d, ua=None, ip=None, actor=None, signout=None):
    base = day0(d)
    off = p["campus"] == "NO"
    arrive = base + 3600 * rng.gauss(7.8 if off else 7.25, 0.3)
    leave = base + 3600 * rng.gauss(16.4 if off else 15.9, 0.45)
    b = Browser(out, rng, ip or CAMPUS[p["campus"]][3], ua or p["ua"], p["email"], arrive + rng.uniform(60, 1200),
                actor or p["email"])
    b.signin(p["auth"], fail_first=rng.random() < 0.05)
    lunch0 = base + 3600 * rng.uniform(11.1, 12.3)
    att = []
    if p["role"] == "teacher":
        level = CAMPUS[p["campus"]][2]
        times = [8.25, 12.5] if level == "elem" else PERIODS
        for i, sec in enumerate(p["sections"][:len(times)] if level != "elem" else p["sections"][:1] * 2):
            att.append((base + 3600 * times[i] + rng.uniform(60, 420), sec))
    work(b, rng, ctx, p, leave, attendance=att, lunch=(lunch0, lunch0 + rng.uniform(1500, 2700)))
    if (signout if signout is not None else rng.random() < 0.35):
        b.signout()
    return b


def evening(out, rng, ctx, p, d, t0=None, minutes=None, ua=None, actor=None):
    base = day0(d)
    t0 = t0 or base + 3600 * rng.uniform(18.6, 21.8)
    b = Browser(out, rng, p["home"], ua or p.get("home_ua") or p["ua"], p["email"], t0, actor or p["email"])
    b.signin(p["auth"], mfa=p["auth"] == "local" and rng.random() < 0.3)
    work(b, rng, ctx, p, t0 + 60 * (minutes or lognorm(rng, 30, .5)))
    return b


def plain_staff(out, rng, ctx, p, days):
    for d in range(days):
        if school_day(d):
            if rng.random() < 0.95:
                workday(out, rng, ctx, p, d)
            if rng.random() < p["evening"]:
                evening(out, rng, ctx, p, d)
        elif rng.random() < 0.05:
            evening(out, rng, ctx, p, d, t0=day0(d) + 3600 * rng.uniform(10, 20), minutes=lognorm(rng, 40, .5))


# ---- look-alikes ---------------------------------------------------------------------------------------------

def enrolment_typeahead_day(out, rng, ctx, p, days):
    """An enrolment clerk checking duplicates: dozens of typed surnames an hour, most then opened."""
    for d in range(days):
        if not school_day(d):
            continue
        base = day0(d)
        b = Browser(out, rng, CAMPUS["NO"][3], p["ua"], p["email"], base + 3600 * rng.gauss(7.7, .2), p["email"])
        b.signin(p["auth"])
        end = base + 3600 * rng.gauss(16.3, .3)
        while b.t < end:
            if base + 3600 * 11.9 <= b.t < base + 3600 * 12.5:
                b.t = base + 3600 * 12.5
            name = rng.choice(ctx.lastnames)
            typeahead(b, rng, name, "network")
            if rng.random() < 0.75:
                b.think(2, .4)
                open_pupil(b, rng, ctx, p, via_search=False, tabs=rng.choice([[], ["contacts"], ["schedule"]]))
            b.think(50, .7)


def liaison_tablet_and_laptop(out, rng, ctx, p, days):
    ipad = mobile_ua(rng, "ipad")
    p["extra_uas"] = [ipad]
    for d in range(days):
        if not school_day(d):
            continue
        workday(out, rng, ctx, p, d)
        for _ in range(rng.randint(3, 5)):
            t0 = day0(d) + 3600 * rng.uniform(8.5, 15.5)
            ip = CAMPUS[p["campus"]][3] if rng.random() < 0.3 else carrier_ip(rng)
            b = Browser(out, rng, ip, ipad, p["email"], t0, p["email"])
            b.signin(p["auth"])
            work(b, rng, ctx, p, t0 + 60 * rng.uniform(8, 30), rate_mult=2)


def it_admin_scripted_checks(out, rng, ctx, p, days):
    ua = "curl/8.11.1"
    p["extra_uas"] = [ua]
    t = day0(0) + rng.uniform(0, 300)
    end = day0(days)
    while t < end:
        b = Browser(out, rng, SERVER_NAT, ua, p["email"], t, p["email"], assets=False)
        b.signed = True
        b.hit("GET", "/api/v1/me", "", 200, 412, "application/json", ref=None)
        b.hit("GET", "/api/v1/students/S99-000001/summary", "", 200, 1288, "application/json", ref=None)
        if rng.random() < 0.002:
            b.hit("GET", "/api/v1/me", "", 503, 96, "application/json", ref=None)
        t += 300 + rng.uniform(-0.4, 0.9)
    for d in range(days):
        if school_day(d):
            workday(out, rng, ctx, p, d)


def weekend_marking_home(out, rng, ctx, p, days):
    for d in range(days):
        if school_day(d):
            workday(out, rng, ctx, p, d)
            continue
        t0 = day0(d) + 3600 * rng.uniform(12.5, 19.5)
        b = Browser(out, rng, p["home"], p["ua"], p["email"], t0, p["email"])
        b.signin(p["auth"])
        end = t0 + 3600 * rng.uniform(1.0, 3.0)
        while b.t < end:
            sec = rng.choice(p["sections"])
            b.page("/sections/%d/gradebook" % sec, live=True)
            b.think(240, .6)
            for _ in range(rng.randint(0, 3)):
                open_pupil(b, rng, ctx, p, tabs=["grades"])
                b.think(40, .5)


def registrar_transfer_batch(out, rng, ctx, p, days):
    for d in range(days):
        if not school_day(d):
            continue
        b = workday(out, rng, ctx, p, d)
        b2 = Browser(out, rng, CAMPUS[p["campus"]][3], p["ua"], p["email"], day0(d) + 3600 * rng.uniform(9, 10.5),
                     p["email"], cached=True)
        b2.signed = True
        for _ in range(rng.randint(40, 90)):
            pid = open_pupil(b2, rng, ctx, p, tabs=["documents"], via_search=rng.random() < 0.5)
            for _ in range(rng.choice([1, 1, 2, 3])):
                b2.think(6, .4)
                b2.hit("GET", "/students/%s/documents/%s/download" % (pid, uuid(rng)), "", 200,
                       int(lognorm(rng, 300000, .7)), "application/pdf")
            b2.think(25, .5)


def home_ipad_and_laptop(out, rng, ctx, p, days):
    ipad = mobile_ua(rng, "ipad")
    p["extra_uas"] = [ipad]
    for d in range(days):
        if school_day(d):
            workday(out, rng, ctx, p, d)
        t0 = day0(d) + 3600 * rng.uniform(18.8, 20.5)
        evening(out, rng, ctx, p, d, t0=t0, minutes=rng.uniform(25, 70))
        b = Browser(out, rng, p["home"], ipad, p["email"], t0 + rng.uniform(300, 1800), p["email"])
        b.signin(p["auth"])
        work(b, rng, ctx, p, b.t + 60 * rng.uniform(10, 40), rate_mult=1.5)


LOOKALIKES = [("enrolment_typeahead_day", "enrolment_clerk", 2, enrolment_typeahead_day),
              ("liaison_tablet_and_laptop", "family_liaison", 2, liaison_tablet_and_laptop),
              ("it_admin_scripted_checks", "it_admin", 1, it_admin_scripted_checks),
              ("weekend_marking_home", "teacher", 10, weekend_marking_home),
              ("registrar_transfer_batch", "registrar", 2, registrar_transfer_batch),
              ("home_ipad_and_laptop", "teacher", 3, home_ipad_and_laptop)]
