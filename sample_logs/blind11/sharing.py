"""Credential sharing and brute force."""
from .client import Browser, lognorm, b64s
from .staff import day0, workday, work, evening, school_day
from .tasks import open_pupil
from .world import CAMPUS, EDGE, CH, FF, desktop_ua, mobile_ua


def second_person_edge_same_nat(out, rng, ctx, p, days):
    """An office manager's login also used all day by the front-desk aide on Edge, same campus NAT."""
    actor = "abuse:second_person_edge_same_nat"
    v = int(p["ua"].split("Chrome/")[1].split(".")[0])
    ua = EDGE.format(v=v, b=rng.randint(3100, 3300), p=rng.randint(40, 120))
    ip = CAMPUS[p["campus"]][3]
    for d in range(days):
        if not school_day(d):
            continue
        workday(out, rng, ctx, p, d, signout=False)
        t0 = day0(d) + 3600 * rng.gauss(7.9, .15)
        b = Browser(out, rng, ip, ua, p["email"], t0, actor)
        b.signin("classlink")
        q = dict(p, rate=p["rate"] * 0.9)
        lunch = day0(d) + 3600 * rng.uniform(11.5, 12.5)
        work(b, rng, ctx, q, day0(d) + 3600 * rng.gauss(15.2, .2), lunch=(lunch, lunch + 1800))
    return {"ip": ip, "user_agent": ua, "owner_user_agent": p["ua"],
            "abuser_auth": "ClassLink with the owner's password, second browser"}, {}


def family_tablet_evenings(out, rng, ctx, p, days):
    """A teacher's login used by a family member on an Android tablet at home in the evenings."""
    actor = "abuse:family_tablet_evenings"
    ua = ("Mozilla/5.0 (Linux; Android 15; SM-X210) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/149.0.0.0 Safari/537.36")
    kids = rng.sample(ctx.pupils[p["campus"]], 3)
    for d in range(days):
        if school_day(d):
            workday(out, rng, ctx, p, d)
        if rng.random() < 0.5:
            evening(out, rng, ctx, p, d, t0=day0(d) + 3600 * rng.uniform(17.5, 18.5), minutes=rng.uniform(20, 40))
        t0 = day0(d) + 3600 * rng.uniform(19.0, 20.5)
        b = Browser(out, rng, p["home"], ua, p["email"], t0, actor)
        b.signin("classlink")
        end = t0 + 60 * rng.uniform(15, 45)
        while b.t < end:
            kid = rng.choice(kids)
            open_pupil(b, rng, ctx, p, kid, tabs=rng.sample(["grades", "attendance", "contacts", "notes"], 2),
                       via_search=rng.random() < 0.5)
            b.think(60, .6)
            if rng.random() < 0.3:
                b.page("/inbox", live=True)
                b.think(45, .5)
    return {"ip": p["home"], "user_agent": ua, "pupils_viewed": [k[0] for k in kids],
            "abuser_auth": "ClassLink password saved on the family tablet"}, {}


def mfa_fatigue_takeover(out, rng, ctx, p, days):
    """Known password, push after push from abroad at night until the owner taps Approve."""
    actor = "abuse:mfa_fatigue_takeover"
    ip = "86.12%d.%d.%d" % (rng.randint(0, 5), rng.randint(0, 255), rng.randint(2, 254))   # RCS&RDS, Romania
    ua = FF.format(v=153) if "Firefox" not in p["ua"] else CH.format(v=150)
    b = Browser(out, rng, ip, ua, p["email"], day0(0) + 3600 * rng.uniform(22.0, 22.8), actor)
    pushes = 0
    phases = [(rng.randint(15, 28), False)]
    if days > 1:
        phases.append((rng.randint(3, 6), True))
    for i, (n, approve_last) in enumerate(phases):
        if i == 1:
            b.t = day0(1) + 3600 * rng.uniform(5.4, 5.9)
        for j in range(n):
            b.signed = False
            b.page("/login")
            b.think(4, .3)
            b.signed = True
            b.hit("POST", "/login", "", 302, 0)
            ok = approve_last and j == n - 1
            b.mfa(approve=ok, polls=rng.randint(3, 8) if ok else rng.choice([rng.randint(2, 6), 30]))
            pushes += 1
            if not ok:
                b.signed = False
                b.t += lognorm(rng, 75, .4)
    if days > 1:
        b.page("/dashboard", live=True)
        b.think(20, .5)
        for slug, c in [("guardian-contacts", "ALL"), ("enrolment-counts", "ALL"), ("ell-roster", "ALL")]:
            b.page("/reports/" + slug, "campus=" + c)
            b.think(8, .4)
            b.hit("GET", "/reports/%s/export.csv" % slug, "campus=" + c, 200, int(lognorm(rng, 400000, .3)), "text/csv")
            b.think(15, .4)
        b.page("/admin/users", status=403, size=4920)
        b.think(10, .4)
        b.page("/settings/mfa")
        b.think(25, .4)
        b.hit("POST", "/settings/mfa/devices", "", 302, 0)
        b.page("/settings/mfa", "added=1")
        b.think(10, .4)
        b.signout()
    for d in range(days):
        if school_day(d):
            workday(out, rng, ctx, p, d)
    return {"ip": ip, "user_agent": ua, "pushes": pushes, "abuser_auth": "local password + MFA push fatigue"}, \
        {ip: ("credential_sharing", ["credential_sharing", "brute_force"])}


# ---- brute force (sources only) -----------------------------------------------------------------------------

def ipv6_slow_rotation(out, rng, ctx, days, sources):
    prefix = "2a01:4f8:1c1e:%x:" % rng.randint(0x1000, 0xffff)
    uas = [desktop_ua(rng) for _ in range(18)] + [mobile_ua(rng) for _ in range(6)]
    gap = rng.uniform(60, 120)
    used = {}
    wins = [(day0(0) + 3600 * rng.uniform(19.5, 20.5), day0(1) + 3600 * rng.uniform(5.5, 6.5))]
    if days > 1:
        wins.append((day0(1) + 3600 * rng.uniform(20, 21), day0(min(days, 2)) - 60))
    n = 0
    for w0, w1 in wins:
        t = w0
        while t < w1:
            ip = prefix + ":".join("%x" % rng.randint(0, 0xffff) for _ in range(4))
            b = Browser(out, rng, ip, rng.choice(uas), "", t, "bruteforce:ipv6_slow_rotation", assets=False)
            b.page("/login")
            b.t += rng.uniform(1, 4)
            b.hit("POST", "/login", "", 200, int(lognorm(rng, 9800, .1)))
            used[ip] = used.get(ip, 0) + 2
            n += 1
            t += lognorm(rng, gap, .6)
    for ip in sorted(used):
        sources[ip] = {"label": "brute_force", "behaviour": "ipv6_slow_rotation", "kinds": ["brute_force"],
                       "params": {"prefix": prefix + ":/64", "attempts_total": n, "gap_median_s": round(gap, 1),
                                  "n_user_agents": len(uas)}}


def api_token_guessing(out, rng, ctx, days, sources):
    ip = "159.203.%d.%d" % (rng.randint(0, 255), rng.randint(2, 254))
    ua = "Go-http-client/1.1"
    n = 0
    d = 1 if days > 1 else 0
    t = day0(d) + 3600 * rng.uniform(1.0, 2.0)
    for _ in range(rng.randint(3, 6)):
        b = Browser(out, rng, ip, ua, "", t, "bruteforce:api_token_guessing", assets=False)
        k = rng.randint(60, 200)
        for i in range(k):
            b.hit("GET", rng.choice(["/api/v1/me", "/api/v1/students"]), "", 429 if i % 60 >= 50 else 401,
                  64, "application/json", ref=None, adv=lognorm(rng, .25, .4))
            n += 1
        t = b.t + rng.uniform(300, 1500)
    sources[ip] = {"label": "brute_force", "behaviour": "api_token_guessing", "kinds": ["brute_force"],
                   "params": {"user_agent": ua, "requests": n}}
