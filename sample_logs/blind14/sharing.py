"""Credential sharing in Harbor (blind14): a contractor's TOTP seed shared with an offshore assistant, a generic
sped.office login used by several people, and a psychologist's login used at two schools at once."""
from . import world as W
from .client import Actor, lognorm
from .staff import device, place, work, school_day, evening
from . import tasks as T

PH_FD = ["147.243.146.18", "147.243.146.33"]          # Front Door's Manila edge
PH_LANG = "en-PH,en-US;q=0.9,en;q=0.8,fil;q=0.7"


def offshore_day(ctx, s, day, info):
    """Owner: schools, then notes from home 16:20-17:10. Assistant in Manila (08:00-11:45 PHT = 16:00-19:45 PST)
    signs in with the same password and the shared TOTP seed and types the therapist's session notes."""
    rng = ctx.rng
    if not W.school_day(day):
        return
    school_day(ctx, s, day, {"present": 1.0, "evening": 0.0, "leave": 15.3})
    evening(ctx, s, day, start=16.3 + rng.uniform(0, .15), minutes=rng.uniform(35, 55))
    key = ("assistant", s.email)
    if key not in ctx.devices:
        ctx.devices[key] = Actor(ctx.out, rng, W.CHROME_WIN % "160", "", None, PH_LANG, acct=s.email,
                                 abuse="totp_seed_shared_offshore", login=s.email, auth_mode="local_totp")
        ctx.devices[key].fds = PH_FD
    a = ctx.devices[key]
    a.ip = "112.198.%d.%d" % (rng.randint(64, 127), rng.randint(2, 254))   # PLDT, a new lease each day
    info.setdefault("ips", []).append(a.ip)
    n0 = len(ctx.out)
    t = W.utc(day, 16.0 + rng.uniform(0, .25))
    t = a.open_app(t, "/caseload", password_ok=rng.random() > 0.1)
    if not a.signed:
        t = a.local(t + rng.uniform(5, 15), "/accounts/login/")
    stop, brk = W.utc(day, 19.75), W.utc(day, 18.0 + rng.uniform(0, .3))
    t = T.caseload(a, t)
    for p in rng.sample(s.caseload, len(s.caseload)):
        if t >= stop:
            break
        if brk <= t < brk + 900:
            t = brk + 900 + rng.uniform(0, 120)
        t = a.ensure(t)
        if rng.random() < 0.3:
            t = T.student(a, t, p, contacts=0.0)
        t = T.services(a, t, p, rng.randint(2, 6))
    a.logout(t + rng.uniform(3, 20))
    info["n_requests"] = info.get("n_requests", 0) + len(ctx.out) - n0


GENERIC_USERS = [  # (where, host, ua, hours) of the people who use the shared mailbox's login
    ("CPDO", 31, W.CHROME_WIN % "160", (7.75, 16.5), 3.0),
    ("AMS", 77, W.EDGE_WIN % ("160", "160.0.3027.64"), (9.0, 14.5), 2.0),
    ("CPH", 140, W.CHROME_WIN % "159", (12.5, 15.5), 3.0),
    ("home", 0, W.SAFARI_MAC % "27.3", (19.5, 20.25), 4.0),
]


def generic_office_day(ctx, g, day, info):
    """sped.office@: a department mailbox whose Azure AD login several people use, concurrently."""
    rng = ctx.rng
    if not W.school_day(day):
        return
    n0 = len(ctx.out)
    for k, (where, host, ua, (h0, h1), rate) in enumerate(GENERIC_USERS):
        if where == "home" and day != 0:
            continue
        key = ("generic", k)
        if key not in ctx.devices:
            ctx.devices[key] = Actor(ctx.out, rng, ua, "", None, "en-US,en;q=0.9", acct=g.email,
                                     abuse="generic_sped_office", login=g.email, auth_mode="oidc")
        a = ctx.devices[key]
        if where == "home":
            a.ip, a.xpre = g.home, None
        else:
            a.ip, a.xpre = W.campus_addr(rng, where, host)
        info.setdefault("addresses", set()).add(a.ip)
        t0 = W.utc(day, h0 + rng.uniform(0, .2))
        lunch = (W.utc(day, 11.5 + k * .3), W.utc(day, 12.0 + k * .3))
        work(a, t0, W.utc(day, h1), g, ctx, rate=rate, lunch=lunch)
    info["n_requests"] = info.get("n_requests", 0) + len(ctx.out) - n0


def two_schools_day(ctx, s, day, info):
    """The psychologist works at her school; a psych intern uses her login at another school the same hours."""
    rng = ctx.rng
    if not W.school_day(day):
        return
    own, other = info["owner_school"], info["intern_school"]
    school_day(ctx, s, day, {"present": 1.0, "stops": [own], "evening": 0.2})
    key = ("intern", s.email)
    if key not in ctx.devices:
        ctx.devices[key] = Actor(ctx.out, rng, info["intern_ua"], "", None, "en-US,en;q=0.9", acct=s.email,
                                 abuse="two_schools_at_once", login=s.email, auth_mode="oidc")
    a = ctx.devices[key]
    a.ip, a.xpre = W.campus_addr(rng, other, 188)
    n0 = len(ctx.out)
    t0 = W.utc(day, 8.3 + rng.uniform(0, .2))
    a.signed = False
    t = a.open_app(t0, "/")
    lunch = (W.utc(day, 11.4), W.utc(day, 11.9))
    work(a, t, W.utc(day, 14.6 + rng.uniform(0, .2)), s, ctx, rate=3.5,
         kinds=["student", "iep_view", "iep_edit", "pdf", "search", "caseload"], lunch=lunch, first_load=False)
    info["n_requests"] = info.get("n_requests", 0) + len(ctx.out) - n0
