"""Logins used by more than one person, and password guessing."""
import random

from . import app, staff
from .client import Browser
from .scraping import script_ua
from .world import EDNET_AD, Account, Device, ua as make_ua

GENERIC = ("testing.coord", "sis-office", "assessment.office", "datateam", "frontoffice", "testing")


def shared_generic_account(w, sink, k, used):
    """testing.coord@<district> and the like, used at once by 3-6 people at several schools."""
    r = random.Random(f"blind6/{w.seed}/generic/{k}")
    ds = sorted((d for d in w.districts if len(d.schools) >= 3), key=lambda d: d.code) or list(w.districts)
    d = r.choice(ds)
    name = r.choice([g for g in GENERIC if f"{g}@{d.mail}" not in used])
    acct = Account(f"{name}@{d.mail}", EDNET_AD if d.ednet else None, name.replace(".", "").replace("-", "")[:20])
    n = r.randint(3, 6)
    users = []
    for i in range(n):
        school = d.schools[i % len(d.schools)] if i < n - 1 or r.random() < 0.5 else None
        u = w.person(f"generic{k}-{i}", role=("school_tc" if school else "district_tc") if r.random() < 0.6 else
                     ("clerk" if school else "district_steward"), district=d, school=school)
        u.acct = acct
        u.habits.update(present=0.97, forgot=0.0)
        users.append(u)
        for day in range(w.days):
            staff.workday(w, u, day, sink)
    return acct, {"people": n, "schools": sorted({u.school.code for u in users if u.school}),
                  "district_office_user": any(u.school is None for u in users),
                  "user_agents": sorted({u.work.ua for u in users})}


def substitute_on_teacher_login(w, p, sink):
    """A substitute teaches with the absent teacher's login on a school PC while the teacher, home sick,
    checks grades and score reports from home."""
    r = random.Random(f"blind6/{w.seed}/sub/{p.key}")
    day = r.randrange(w.days)
    others = [s for s in p.district.schools if s is not p.school]
    own = r.random() < 0.65 or not others
    school = p.school if own else r.choice(others)
    sub = w.person(f"{p.key}-sub", role="teacher", district=p.district, school=school)
    sub.acct, sub.sections, sub.vdi = p.acct, p.sections, False
    sub.work = Device(r.choice([k for k in ("chromeos", "edge", "chrome", "firefox") if k != p.work.kind]),
                      w.chrome - r.randrange(0, 3), r.randrange(20, 90))
    sub.habits.update(present=1.0, phone=0.0, evening=0.0, wfh=0.0, forgot=0.0)
    for d in range(w.days):
        if d != day:
            staff.workday(w, p, d, sink)
    staff.workday(w, sub, day, sink, where="work")
    home_uses = []
    for lo, hi in r.sample(((8.8, 10.5), (12.0, 14.5), (15.5, 17.0), (19.0, 21.5)), r.randint(2, 4)):
        where = "phone" if r.random() < 0.3 else "home"
        t = w.local(day, r.uniform(lo, hi))
        b = staff.browser(w, p, sink, r, where, t)
        b.close(staff.session(w, p, b, t, t + r.uniform(300, 1800), r, {"home": 3, "roster": 2, "reports": 1}))
        home_uses.append(where)
    return {"day": day, "substitute_school": school.code, "same_school": own, "substitute_ua": sub.work.ua,
            "substitute_ip": w.work_ip(sub, r) if not sub.vdi else None, "teacher_home_ip": p.home_ip,
            "teacher_sessions": home_uses}


def credential_passed_to_vendor_then_owner(w, p, sink):
    """The vendor's consultant uses the owner's login from the vendor's office at the same hours as the
    owner, on a Mac with Safari, while the owner works on Windows Edge."""
    r = random.Random(f"blind6/{w.seed}/vendor/{p.key}")
    p.work = Device("edge", w.chrome - r.randrange(0, 2), r.randrange(20, 90))
    p.vdi = False
    ip = w.nets.addr(kind="biz")
    cons = w.person(f"{p.key}-vendor", role=p.role, district=p.district, school=p.school)
    cons.acct, cons.vdi = p.acct, False
    cons.work = Device("safari", w.safari)
    days = [d for d in range(w.days) if r.random() < 0.8] or [0]
    for d in range(w.days):
        staff.workday(w, p, d, sink)
    hours = []
    for d in days:
        t = w.local(d, r.uniform(8.3, 13.0))
        length = r.uniform(2.0, 6.0) * 3600
        b = Browser(sink, w, r, ip, device=cons.work, acct=p.acct)
        b.close(staff.session(w, cons, b, t, t + length, r))
        hours.append(round(length / 3600, 1))
    return {"vendor_ip": ip, "vendor_ua": cons.work.ua, "owner_ua": p.work.ua, "days": days, "hours": hours}


def _attempt(b, t, qs, r, ok=False, locked=False):
    t = b.emit(t, "GET", "/Account/Login", qs, 200, 9412 + r.randrange(40), svc="page")
    b.rvt = app.token(40, b.sid, t)
    return b.post_login(t + r.uniform(0.3, 1.6), qs, ok=ok, locked=locked)


def password_spray(w, sink, k, pool):
    """One address, one password, 100-400 user names, 20-90 s apart; rarely one works."""
    r = random.Random(f"blind6/{w.seed}/spray/{k}")
    ip = w.nets.addr(kind=r.choice(("do", "aws", "proxy")))
    kind = r.choice(("chrome", "requests", "chrome"))
    agent, tls = script_ua(kind, r, w)
    n, lo, hi = r.randint(100, 400), r.uniform(20.0, 35.0), r.uniform(50.0, 90.0)
    day = r.randrange(w.days)
    t = w.local(day, r.uniform(0.0, 20.0))
    qs = "ReturnUrl=%2f" if r.random() < 0.5 else ""
    hit = r.randrange(n) if r.random() < 0.35 else None
    victim = r.choice(pool) if hit is not None else None
    start = t
    for i in range(n):
        b = Browser(sink, w, r, ip, ua=agent, script=True, tls=tls, acct=victim.acct if i == hit else None)
        e = _attempt(b, t, qs, r, ok=i == hit)
        if i == hit:
            e = b.emit(e + 0.02, "GET", "/Home/Index", "", 200, 15800 + r.randrange(1700))
            for kind_ in ("/Students/Search", "/Reports/ScoreReports.aspx"):
                e = b.emit(e + r.uniform(3, 20), "GET", kind_, "", 200, 12900 + r.randrange(9000))
        t += r.uniform(lo, hi)
    return ip, victim, {"user_agent": agent, "attempts": n, "gap_s": [round(lo, 1), round(hi, 1)], "day": day,
                        "start_local_h": round((start - w.local(day, 0)) / 3600, 2), "hits": [victim.acct.email] if victim else []}


def slow_single_account_guessing(w, p, sink):
    """3-6 residential-proxy addresses each try the principal's password a few times an hour, day and night;
    after 5 failures the account is locked (a different 200 page). Must run before the owner's days."""
    r = random.Random(f"blind6/{w.seed}/guess/{p.key}")
    ips = [w.nets.addr(kind="proxy") for _ in range(r.randint(3, 6))]
    one_ua = r.random() < 0.5
    base = make_ua("chrome", w.chrome - 1)
    uas = [base if one_ua else w.some_ua(r) for _ in ips]
    rates = [r.uniform(0.3, 1.2) for _ in ips]
    lock_s = r.choice((15, 30)) * 60.0
    attempts = []
    for i, rate in enumerate(rates):
        t = w.t0 + r.expovariate(rate / 3600)
        while t < w.t_end - 120:
            attempts.append((t, i))
            t += r.expovariate(rate / 3600)
    attempts.sort()
    fails, until, n_locked = 0, 0.0, 0
    for t, i in attempts:
        b = Browser(sink, w, r, ips[i], ua=uas[i], script=True)
        b.kind = "h2"
        locked = t < until
        end = _attempt(b, t, "ReturnUrl=%2f", r, locked=locked)
        n_locked += locked
        if not locked:
            fails += 1
            if fails >= 5:
                until, fails = end + lock_s, 0
                p.acct.lock.append((end, until))
    for d in range(w.days):
        staff.workday(w, p, d, sink)
    return ips, {"target": p.acct.email, "attempts": len(attempts), "rates_per_h": [round(x, 2) for x in rates],
                 "lockouts": len(p.acct.lock), "locked_answers": n_locked, "lockout_min": int(lock_s / 60),
                 "one_user_agent": one_ua}
