"""Ordinary staff days: arrival, sign-in, period attendance, Poisson tasks, lunch, phones, evenings, weekends.

Look-alikes and abuse reuse these pieces through per-person overrides (``p.tasks``, ``p.rate``, ``p.anchor_fn``)
and read ``p.sessions[day]`` (start, end, server, address, user agent, name) to run alongside a person's own work.
"""
from . import tasks as T
from . import world as W
from .client import Browser


def signin(c, t, bookmark=None, phone=False, nxt="/home.php"):
    p, b, r = c.p, c.b, c.r
    if bookmark is None:
        bookmark = r.random() < 0.45
    if p.auth == "sso":
        return b.sso(t, p.login, nxt=nxt, bookmark=bookmark, idp_mfa=r.random() < (0.6 if phone else 0.25))
    typed = p.login
    if phone and "iPhone" in b.ua and r.random() < 0.75:
        typed = p.login[0].upper() + p.login[1:]        # iOS capitalises the first letter of the login field
    return b.form(t, typed, mfa=p.mfa, typos=1 if r.random() < 0.05 else 0, bookmark=bookmark, nxt=nxt)


def laptop(w, p, out):
    if not hasattr(p, "laptop"):
        p.laptop = Browser(out, w.rng("laptop", p.login), p.ua, p.nat)
    return p.laptop


def record(p, day, t0, t1, b, kind):
    p.sessions = getattr(p, "sessions", {})
    p.sessions.setdefault(day, []).append((t0, t1, b.server, b.ip, b.ua, b.user or p.login, kind))


def class_blocks(w, p, day):
    if p.role != "teacher":
        return []
    starts = W.PERIODS[p.level]
    if p.level == "es":
        return [(w.t(day, 8.25), w.t(day, 11.3)), (w.t(day, 12.25), w.t(day, 14.75))]
    return [(w.t(day, starts[s[1]]), w.t(day, starts[s[1]]) + 50 * 60) for s in p.sections]


def anchors_for(w, p, day, r):
    out = []
    if p.role == "teacher":
        for sec in p.sections:
            slots = enumerate(W.PERIODS["es"]) if p.level == "es" else [(sec[1], W.PERIODS[p.level][sec[1]])]
            for k, h in slots:
                late = r.uniform(20, 40) * 60 if r.random() < 0.07 else 0
                out.append((w.t(day, h) + r.uniform(60, 480) + late,
                            lambda c, t, s=sec, k=k: T.attendance(c, t, s, k)))
    if p.role in ("attendance_clerk", "secretary") and r.random() < 0.85:
        out.append((w.t(day, r.uniform(9.5, 14.5)), T.attendance_export))
    if getattr(p, "anchor_fn", None):
        out.extend(p.anchor_fn(w, p, day, r))
    out.sort(key=lambda a: a[0])
    return out


def workday(w, p, day, out):
    r = w.rng("day", p.login, day)
    b = laptop(w, p, out)
    b.new_day(ip=p.nat)
    c = T.Ctx(w, p, b, r, day)
    if r.random() < 0.05 and not getattr(p, "never_absent", False):
        return False
    t0 = t = w.t(day, p.arrive + r.gauss(0, 0.1)) + r.uniform(60, 1200)
    leave = w.t(day, p.leave + r.gauss(0, 0.15))
    ls, le = W.LUNCH[p.level]
    lunch0 = w.t(day, ls + r.uniform(0, le - ls - 0.4))
    lunch1 = lunch0 + r.uniform(25, 45) * 60
    blocks, anchors = class_blocks(w, p, day), anchors_for(w, p, day, r)
    base = getattr(p, "rate", None) or T.RATE.get(p.role, 3.0)
    t = signin(c, t)
    while True:
        rate = base
        if any(a <= t < z for a, z in blocks):
            rate = 0.8
        elif p.role == "teacher":
            rate = base * 1.7
        tn = t + r.expovariate(rate / 3600.0)
        if anchors and anchors[0][0] <= tn:
            ta, fn = anchors.pop(0)
            if ta > leave + 1800:
                continue
            t = max(t, ta)
            if b.expired(t):
                t = signin(c, t, bookmark=True)
            t = fn(c, t)
            continue
        if lunch0 <= tn < lunch1:
            tn = lunch1 + r.uniform(0, 600)
        if tn >= leave:
            break
        t = tn
        if b.expired(t):
            t = signin(c, t, bookmark=True)
        t = T.random_task(c, t, getattr(p, "tasks", None))
    if r.random() < 0.3:
        t = b.logout(t + r.uniform(5, 60))
    b.close(t + r.uniform(0, 300))
    record(p, day, t0, t, b, "work")
    if p.phone and r.random() < getattr(p, "phone_prob", 0.22):
        phone_check(w, p, day, out, lunch0 + 60, lunch1 - 120)
    return True


def session_block(w, p, day, out, b, t, minutes, rate=8.0, tasks=None, phone=False, key="blk"):
    """A short signed-in block (evening, weekend, phone) of random tasks."""
    r = w.rng(key, p.login, day)
    c = T.Ctx(w, p, b, r, day)
    t0 = t
    t = signin(c, t, phone=phone)
    end = t + minutes * 60
    while t < end:
        t = T.random_task(c, t, tasks) + r.expovariate(rate / 3600.0)
    if r.random() < 0.2:
        t = b.logout(t)
    b.close(t + r.uniform(0, 200))
    record(p, day, t0, t, b, key)
    return t


def phone_check(w, p, day, out, t0, t1):
    r = w.rng("phone", p.login, day)
    ip = W.GUEST_WIFI if r.random() < 0.6 else W.carrier_ip(r, p.carrier)
    b = Browser(out, r, p.phone, ip)
    tasks = [(T.open_card, 3), (T.messages, 2), (T.home, 1)]
    session_block(w, p, day, out, b, r.uniform(t0, max(t0, t1)), r.uniform(1, 6), 10.0, tasks, True, "phone")


def away_session(w, p, day, out, lo, hi, forced=False, key="eve"):
    """An evening or weekend session from home on the school laptop, a home computer or the phone."""
    r = w.rng(key + "-pick", p.login, day)
    if not forced and r.random() >= (p.evening if key == "eve" else 0.07 if p.role != "superintendent" else 0.5):
        return None
    if p.phone and r.random() < getattr(p, "phone_prob", 0.22):
        b, phone = Browser(out, r, p.phone, p.home_ip), True
    elif p.home_ua:
        if not hasattr(p, "home_browser"):
            p.home_browser = Browser(out, w.rng("homebrowser", p.login), p.home_ua, p.home_ip)
        b, phone = p.home_browser, False
        b.new_day(ip=p.home_ip)
    else:
        b, phone = laptop(w, p, out), False
        b.new_day(ip=p.home_ip)
    tasks = getattr(p, "home_tasks", None) or ([(T.gradebook, 5), (T.open_card, 2), (T.messages, 2)]
                                               if p.role == "teacher" else None)
    return session_block(w, p, day, out, b, w.t(day, r.uniform(lo, hi)), r.uniform(8, 65), 9.0, tasks, phone, key)


def run_staff(w, out):
    for p in w.staff:
        for day in range(w.days):
            if getattr(p, "day_fn", None):
                p.day_fn(w, p, day, out)
                continue
            if w.school_day[day]:
                present = workday(w, p, day, out)
                early = w.rng("early", p.login, day).random()
                if p.role in ("principal", "superintendent", "assistant_principal") and early < 0.25:
                    away_session(w, p, day, out, 5.6, 6.6, True, "early")
                away_session(w, p, day, out, 18.3, 21.8, forced=not present and early < 0.5)
            else:
                away_session(w, p, day, out, 9.5, 20.5, key="wkend")
        # everybody is in the log at least once
        if not getattr(p, "sessions", None):
            away_session(w, p, w.days - 1, out, 19.0, 21.5, True, "eve2")
