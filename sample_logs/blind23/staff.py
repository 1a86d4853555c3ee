"""blind23 staff: an ordinary staff member's days (arrival, tasks by role, lunch, phone, evenings from home)."""
import math

from . import tasks as T
from . import world as W
from .client import Browser

DAY = W.DAY


def poisson(rng, lam):
    if lam <= 0:
        return 0
    lim, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p < lim:
            return k
        k += 1


def ensure(b, t, p, name=None):
    """Signed in with a live app session, or sign in now (SAML or the form, as the person does)."""
    if b.alive(t):
        return t
    rng = b.rng
    if b.user != "N/A" and b.ksr:                       # session timed out: the next click bounces
        b.hit(t, "GET", "/ksr/home", "", "nav", 302)
        t += 0.3
    name = name or p.log_name
    if p.auth == "saml":
        return b.login_saml(t, name, p.district if p.district != "STATE" else None,
                            idp_wait=2 + rng.random() * (30 if rng.random() < 0.3 else 5))
    return b.login_form(t, name, password_fail=1 if rng.random() < 0.05 else 0)


def any_pupil(ctx, rng, code=None):
    code = code or rng.choice(W.DCODES)
    rows = ctx.pupils.by[code]
    return rows[rng.randrange(len(rows))]


def own_pupil(ctx, rng, p):
    if p.district == "STATE":
        return any_pupil(ctx, rng)
    if p.role in ("teacher", "office_staff", "registrar", "counselor", "nurse", "principal"):
        rows = ctx.pupils.school(p.district, p.school)
        return rows[rng.randrange(len(rows))]
    return any_pupil(ctx, rng, p.district)


def do_task(ctx, b, t, p):
    """One ordinary task of the person's role."""
    rng, role = b.rng, p.role
    code = p.district if p.district != "STATE" else rng.choice(W.DCODES)
    x = rng.random()
    if role == "teacher":
        rows = ctx.pupils.school(code, p.school)
        g = rows[rng.randrange(len(rows))][3]
        t = T.roster(b, t, code, p.school, g)
        for _ in range(rng.randint(1, 5)):
            t = T.student(b, t + T.read(rng, 10), own_pupil(ctx, rng, p), ["assessments"], role, via="list")
        return t
    if role in ("office_staff", "nurse"):
        if x < 0.6:
            tabs = ["enrollment", "demographics"] if role == "office_staff" else ["demographics", "programs"]
            return T.student(b, t, any_pupil(ctx, rng) if rng.random() < 0.3 else own_pupil(ctx, rng, p), tabs, role)
        if x < 0.85:
            r = own_pupil(ctx, rng, p)
            t = T.search(b, t, code, r[1])
            return T.student(b, t + T.read(rng, 5), r, ["enrollment"], role, via="list")
        return T.report(b, t, code) if rng.random() < 0.5 else T.help_page(b, t)
    if role in ("registrar", "counselor"):
        n = 1 if x < 0.6 else rng.randint(2, 4)
        tabs = ["transcript", "enrollment"] if role == "registrar" else ["transcript", "assessments"]
        for _ in range(n):
            r = any_pupil(ctx, rng) if rng.random() < 0.25 else own_pupil(ctx, rng, p)
            extra = ["transcript_pdf"] if rng.random() < 0.35 else []
            if rng.random() < 0.3:
                t = T.search(b, t, code, r[1])
                t = T.student(b, t + T.read(rng, 5), r, tabs + extra, role, via="list")
            else:
                t = T.student(b, t, r, tabs + extra, role)
            t += T.read(rng, 40)
        return t
    if role == "principal":
        if x < 0.45:
            return T.report(b, t, code)
        if x < 0.7:
            return T.roster(b, t, code, p.school, rng.randint(0, 12), export=rng.random() < 0.3)
        return T.student(b, t, own_pupil(ctx, rng, p), ["enrollment", "assessments", "sped"], role)
    if role == "sped_coordinator":
        if x < 0.75:
            return T.student(b, t, own_pupil(ctx, rng, p), ["programs", "sped"], role, pdf_p=0.7)
        return T.report(b, t, code)
    if role in ("data_steward", "district_analyst", "state_analyst", "regional_coordinator"):
        if x < 0.45:
            return T.report(b, t, code, export_p=0.5)
        if x < 0.6 and role != "regional_coordinator":
            return T.extract(b, t, code, rng.choice(("enrollment", "assessments", "programs", "courses")))
        if x < 0.8:
            r = any_pupil(ctx, rng, code)
            return T.student(b, t, r, ["enrollment", "programs"], role)
        t = T.search(b, t, code, any_pupil(ctx, rng, code)[1])
        return t + T.read(rng, 20)
    if role == "program_specialist":
        return T.student(b, t, any_pupil(ctx, rng), ["programs", "sped", "enrollment"], role, pdf_p=0.3)
    if role in ("district_it", "state_it", "helpdesk"):
        return T.admin(b, t, role, p.district) if x < 0.7 else T.help_page(b, t)
    return T.student(b, t, any_pupil(ctx, rng, code), ["enrollment"], role)


def work_window(rng, d, p):
    late = 0.35 if p.district == "STATE" else 0.0
    arrive = d * DAY + 3600 * (7.55 + late + rng.gauss(0, 0.33))
    leave = d * DAY + 3600 * (16.1 + late + rng.gauss(0, 0.45))
    lunch = d * DAY + 3600 * (11.5 + rng.random() * 1.0)
    return arrive, leave, lunch, lunch + 1500 + rng.random() * 2100


def task_times(rng, n, arrive, leave, l0, l1):
    out = []
    for _ in range(n):
        x = arrive + 600 + rng.random() * max(600.0, leave - arrive - 900)
        if l0 <= x < l1:
            x = l1 + rng.random() * 600
        out.append(x)
    return sorted(out)


def workday(ctx, p, d, rng, n=None, task=None, browser=None, tag=None):
    """A school day at work on the laptop, from the work address. Returns the browser (still open)."""
    arrive, leave, l0, l1 = work_window(rng, d, p)
    n = poisson(rng, p.rate * 2.2) if n is None else n
    if d == 0:
        n = max(n, 1)
    b = browser or Browser(ctx, rng, p.laptop, p.work_ip, tag=tag, xff=p.xff, extra_cookie=p.extra_cookie)
    b.pref_val = p.district
    t = arrive
    times = task_times(rng, n, arrive, leave, l0, l1)
    for i, tt in enumerate(times):
        t = ensure(b, max(tt, t), p)
        t = (task or do_task)(ctx, b, t, p)
        nxt = times[i + 1] if i + 1 < len(times) else leave
        t = b.idle(t, nxt, T.read(rng, 1500))
    return b


def phone_use(ctx, p, d, rng, k=None, tag=None):
    """Quick look-ups on the phone from a carrier address during the day (laptop session may still be open)."""
    if not p.phone:
        return
    for _ in range(k or rng.randint(1, 2)):
        t = d * DAY + 3600 * (8.2 + rng.random() * 8.5)
        b = Browser(ctx, rng, p.phone, W.addr(rng, W.CARRIER_NETS), tag=tag)
        t = ensure(b, t, p)
        t = T.student(b, t, own_pupil(ctx, rng, p), ["enrollment"], p.role) if rng.random() < 0.7 else \
            T.report(b, t, p.district if p.district != "STATE" else "WSF", export_p=0)


def evening(ctx, p, d, rng, start_h=None, n=None, task=None, tag=None, dev=None):
    """From home in the evening (own laptop or a home computer; the phone sometimes)."""
    ip = p.home_ip
    if dev is None:
        dev = p.home_dev
        if p.phone and rng.random() < 0.3:
            dev, ip = p.phone, W.addr(rng, W.CARRIER_NETS) if rng.random() < 0.3 else p.home_ip
    b = Browser(ctx, rng, dev, ip, tag=tag, extra_cookie=p.extra_cookie)
    b.pref_val = p.district
    t = d * DAY + 3600 * (start_h if start_h is not None else 19 + rng.random() * 2.5)
    for _ in range(n or rng.randint(1, 3)):
        t = ensure(b, t, p)
        t = (task or do_task)(ctx, b, t, p)
        t = b.idle(t, t + 3600, T.read(rng, 400)) + T.read(rng, 120)
    if rng.random() < 0.3:
        b.logout(t)
    return b


def ordinary(ctx, p):
    """All days of an ordinary staff member."""
    rng = ctx.rng("staff:" + p.login)
    for d in range(ctx.days):
        if not ctx.school_day(d):
            if rng.random() < 0.06:
                evening(ctx, p, d, rng, start_h=10 + rng.random() * 10, n=1)
            continue
        if d > 0 and rng.random() < 0.06:
            continue
        b = workday(ctx, p, d, rng)
        if rng.random() < 0.35 and b.alive(b.last_t):
            b.logout(b.last_t + 60)
        if rng.random() < p.phone_p:
            phone_use(ctx, p, d, rng)
        if rng.random() < p.evening_p:
            evening(ctx, p, d, rng)
