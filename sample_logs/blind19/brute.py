"""Brute force on the local-account form: spraying, stuffing via proxies, slow guessing, a burst."""
from .client import Client
from .scraping import abusive, owner_days, get_student, PY
from .world import CHROME, FIREFOX, SAFARI, EDGE, RESI_PROXY, ip4, home_ip


def _bf(L, ip, behaviour, provider, tag, **kw):
    p = {"provider": provider, "tag": tag}
    p.update(kw)
    L["sources"][ip] = {"label": "brute_force", "behaviour": behaviour, "kinds": ["brute_force"], "params": p}


def attempt(sim, t, cli, ret="%2FDashboard", get=True, locked=False):
    rng = sim.rng
    q = "ReturnUrl=" + ret
    if get:
        sim.emit(t, cli, None, "GET", "/Account/Login", q, 200, rng.randint(6100, 6400), "text/html; charset=utf-8",
                 sim.dur(9), "/Account/Login")
        t += rng.uniform(0.1, 0.6)
    if locked:
        sim.emit(t, cli, None, "POST", "/Account/Login", q, 302, 0, "-", sim.dur(160, 0.2), "/Account/Login",
                 reqb=rng.randint(1100, 1300))
    else:
        sim.emit(t, cli, None, "POST", "/Account/Login", q, 200, rng.randint(6300, 6600), "text/html; charset=utf-8",
                 sim.dur(180, 0.2), "/Account/Login", reqb=rng.randint(1100, 1300))
    return t + 0.3


def brute(sim, world, L, pool, days):
    rng = sim.rng
    tz = world.districts[0].tz
    # 1. password spraying from one hosting address, nights
    ip = "194.26.192.%d" % rng.randint(2, 250)
    cli = Client(ip, PY % 0, False)
    sim.tag = "b_spray"
    for day in range(days):
        t = world.day_epoch(day, tz, rng.uniform(0.3, 1.0))
        end = world.day_epoch(day, tz, rng.uniform(5.5, 6.2))
        while t < end:
            t = attempt(sim, t, cli) + rng.uniform(35, 85)
    _bf(L, ip, "password_spraying", "hosting provider (NL)", "b_spray", user_agents=[cli.ua],
        note="one password against many local accounts, ~1 attempt/min overnight")
    # 2. credential stuffing through residential proxies; one hit, later used from a VPS
    victim = pool.take("nurse", auth="local")
    owner_days(sim, world, victim, days)
    uas = [CHROME.format(v=150), FIREFOX.format(v=151), SAFARI.format(m=1), EDGE.format(v=150), CHROME.format(v=149)]
    proxies = sorted({ip4(rng, rng.choice(RESI_PROXY)) for _ in range(8)})
    win0 = world.day_epoch(0, tz, 12.0)
    hit = rng.randrange(len(proxies))
    for i, pip in enumerate(proxies):
        sim.tag = "b_stuff"
        cli = Client(pip, rng.choice(uas), False)
        t = win0 + rng.uniform(0, 5 * 3600)
        n = rng.randint(14, 40)
        for k in range(n):
            t = attempt(sim, t, cli) + rng.uniform(20, 200)
        _bf(L, pip, "credential_stuffing_proxy", "residential proxy network", "b_stuff", user_agents=[cli.ua])
        if i == hit:
            sim.tag = "b_victim"
            t, _ = sim.login_form(t, cli, get=True)
            sim.dashboard(t, cli, victim.upn)
            hit_cli = cli
    sim.tag = "b_victim"
    vps = Client("5.161.%d.%d" % (rng.randint(1, 250), rng.randint(1, 250)), PY % 4, False)
    ids = sorted(victim.district.students)
    sc = set(ids)
    t = world.day_epoch(0, tz, rng.uniform(22, 23))
    t, _ = sim.login_form(t, vps, get=True)
    for s in ids:
        t = get_student(sim, t, vps, victim.upn, s, sc) + rng.uniform(1.5, 4)
        t = get_student(sim, t, vps, victim.upn, s, sc, "/contacts") + rng.uniform(1.5, 4)
    abusive(L, victim, "brute_force", "stuffed_credentials_then_used", "b_victim", kinds=["brute_force", "scraping"],
            note="valid login POST from a stuffing proxy (%s), then a VPS walks the district at night" % hit_cli.ip)
    # 3. slow guessing of one account all window from one home address, browser UA
    ip = home_ip(rng)
    while ip in L["sources"]:
        ip = home_ip(rng)
    cli = Client(ip, FIREFOX.format(v=151))
    sim.tag = "b_slow"
    t = sim.t0 + rng.uniform(0, 3600)
    while t < sim.t1:
        t = attempt(sim, t, cli, ret="%2FStudents%2FSearch") + rng.uniform(14 * 60, 32 * 60)
    _bf(L, ip, "slow_password_guessing", "home ISP", "b_slow", user_agents=[cli.ua],
        note="one account guessed every 15-30 min, stays under the 5-in-15-min lockout")
    # 4. fast burst against one account, hits the lockout
    ip = "45.135.232.%d" % rng.randint(2, 250)
    cli = Client(ip, "Mozilla/5.0 (Hydra)", False)
    sim.tag = "b_burst"
    t = world.day_epoch(days - 1, tz, rng.uniform(14, 16))
    for k in range(rng.randint(250, 400)):
        t = attempt(sim, t, cli, locked=k >= 5) + rng.uniform(0.5, 2.5)
    _bf(L, ip, "brute_force_burst", "hosting provider", "b_burst", user_agents=[cli.ua],
        note="hundreds of POSTs in minutes; after 5 failures the form answers 302 to /Account/Lockout")
    sim.tag = None
