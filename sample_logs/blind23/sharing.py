"""blind23 sharing: credential sharing - a generic office login, a coordinator's login shared across two cities,
a departed employee's account used by the successor, a principal's login on the secretary's PC."""
from . import staff as S
from . import tasks as T
from . import world as W
from .client import Browser
from .people import Person

DAY = W.DAY


def _clone(p, **kw):
    return Person(**dict(p.__dict__, **kw))


def generic_office(ctx, acct, tag, code, spellings, sup_ip):
    """`records.office@...`: four clerks of one district office on four PCs (each types the address her own way),
    2-4 sign-ins a day each, sometimes at once; and the superintendent from home in the evening (Safari, Mac)."""
    rng = ctx.rng("abuse:generic")
    nat = W.DINFO[code][4]
    pcs = [W.device("chrome_win", 147), W.device("chrome_win", 146), W.device("edge_win", 147),
           W.device("firefox_win", 147)]
    clerks = [_clone(acct, log_name=spellings[i], laptop=pcs[i], rate=1.3, work_ip=nat, role="office_staff")
              for i in range(4)]
    for d in range(ctx.days):
        if not ctx.school_day(d):
            continue
        for c in clerks:
            b = S.workday(ctx, c, d, rng, n=rng.randint(2, 4), tag=tag)
            if rng.random() < 0.5 and b.alive(b.last_t):
                b.logout(b.last_t + 30)
        if d == 0 or rng.random() < 0.5:
            sup = _clone(acct, log_name=spellings[0], home_ip=sup_ip, role="principal", phone=None)
            S.evening(ctx, sup, d, rng, start_h=20 + rng.random() * 0.7, n=2, tag=tag, dev=W.device("safari_mac"))
    return {"clerks": 4, "superintendent_home_ip": sup_ip}


def two_cities(ctx, p, tag, ip, prof):
    """A regional coordinator's form login, also used a few times a day by a colleague of another district in another
    city (own office line, Firefox), at the same time as the owner works."""
    rng = ctx.rng("abuse:twocities")
    col = _clone(p, laptop=prof, work_ip=ip, xff=None, role="regional_coordinator", extra_cookie=None)
    for d in range(ctx.days):
        if not ctx.school_day(d):
            continue
        for _ in range(rng.randint(2, 4)):
            b = Browser(ctx, rng, prof, ip, tag=tag)
            t = d * DAY + 3600 * (8.3 + rng.random() * 7.8)
            t = b.login_form(t, p.log_name)
            stop = t + 60 * (5 + rng.random() * 15)
            while t < stop:
                t = S.do_task(ctx, b, t, col) + T.read(rng, 60)
            if rng.random() < 0.5:
                b.logout(t)
    city = "Harlan" if "Northwest" in p.campus else "Sioux Bend"
    return {"colleague_sessions_per_day": [2, 4], "session_min": [5, 20], "colleague_city": city,
            "owner_office": p.campus}


def departed(ctx, acct, successor, tag, last_day):
    """A registrar who left on `last_day`: her local password still works and her successor uses it at the district
    office (Edge). From day 2 the successor's own new account exists but lacks the role: she signs in with it, gets
    403s, signs out and back in as the departed registrar in the same browser."""
    rng = ctx.rng("abuse:departed")
    prof = W.device("edge_win", 147)
    user = _clone(acct, laptop=prof, work_ip=successor.work_ip, xff=successor.xff, rate=3.2)
    for d in range(ctx.days):
        if not ctx.school_day(d):
            continue
        b = Browser(ctx, rng, prof, successor.work_ip, xff=successor.xff)
        if d >= 1:
            t = d * DAY + 3600 * (7.7 + rng.random() * 0.3)
            t = b.login_form(t, successor.log_name)
            t = b.nav(t + T.read(rng, 20), "/ksr/submissions/", "district=" + successor.district, status=403)
            r = S.own_pupil(ctx, rng, successor)
            t = T.student(b, t + T.read(rng, 10), r, [], "registrar")
            t = b.nav(t + T.read(rng, 8), "/ksr/student/%s/transcript" % r[0], "", status=403)
            t = b.logout(t + T.read(rng, 30))
            b.tag = tag
            t = b.login_form(t + 10, acct.log_name, home=True)
            S.workday(ctx, user, d, rng, browser=b)
        else:
            b.tag = tag
            S.workday(ctx, user, d, rng, browser=b)
    return {"last_day": last_day, "successor": successor.login}


def principal_secretary(ctx, p, tag, prof):
    """A principal signed in to the front-office PC once (the IdP remembers it); the secretary works under the
    principal's name all day on that PC (Edge) behind the same NAT while the principal uses her own laptop."""
    rng = ctx.rng("abuse:secretary")
    sec = _clone(p, laptop=prof, role="office_staff", rate=5.0)
    for d in range(ctx.days):
        if not ctx.school_day(d):
            continue
        b = S.workday(ctx, sec, d, rng, tag=tag)
        if rng.random() < 0.3 and b.alive(b.last_t):
            b.logout(b.last_t + 30)
    return {"secretary_browser": "Edge", "owner_browser": p.laptop.ua}
