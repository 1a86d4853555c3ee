"""Scraping with staff credentials: vendor tools and scripts, widely varied."""
from .client import Client
from .staff import ordinary_day, signin
from .world import PROB, JSON, HTML, HEADLESS, CHROME, FIREFOX, SAFARI, EDGE, RESI_PROXY, ip4

PY = "python-requests/2.32.%d"
PWSH = "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.20348; en-US) PowerShell/7.5.2"


def abusive(L, p, label, behaviour, tag, kinds=None, **extra):
    params = p.label_params()
    params.update(extra)
    params.update({"tag": tag, "log_names": [p.upn]})
    L["accounts"][p.upn] = {"label": label, "behaviour": behaviour, "kinds": kinds or [label], "params": params}


def get_student(sim, t, cli, user, sid, scope_ids, sub="", med=20):
    """API read of a student record; 200 if in scope, 404 gap, 403 other district."""
    path = "/api/v2/students/%d%s" % (sid, sub)
    route = "/api/v2/students/{stateId}" + sub
    st = 200 if sid in scope_ids else 404 if sid not in sim.world.owner else 403
    return sim.api(t, cli, user, path, route, "", (1800, 3900) if st == 200 else (300, 420), status=st,
                   ctype=JSON if st == 200 else PROB, med=med)


def owner_days(sim, world, p, days):
    sim.tag = None
    for day in range(days):
        ordinary_day(sim, world, p, day)


def scraping(sim, world, L, pool, days):
    rng = sim.rng
    everyone = world.owner
    # 1. vendor early-intervention analytics: Entra token on an Azure VM walking every ID range
    p = pool.take("state_analyst")
    owner_days(sim, world, p, days)
    sim.tag = "s_ei_walk"
    cli = Client("20.98.%d.%d" % (rng.randint(1, 250), rng.randint(1, 250)), PY % 3, False)
    sid = world.all_ids[rng.randrange(len(world.all_ids) // 3)]
    for day in range(days):
        for start_h in (rng.uniform(1, 2), rng.uniform(19, 20)):
            t = world.day_epoch(day, p.tz, start_h)
            end = t + rng.uniform(0.6, 1.1) * 3600
            tok = t + 3600
            while t < end:
                if t > tok:
                    sim.api(t, cli, p.upn, "/api/v2/students/%d" % sid, "/api/v2/students/{stateId}", status=401)
                    t += rng.uniform(2, 6)
                    tok = t + 3600
                t = get_student(sim, t, cli, p.upn, sid, everyone)
                if sid in everyone and rng.random() < 0.5:
                    t = get_student(sim, t + 0.05, cli, p.upn, sid, everyone, "/programs")
                sid += 1
                t += rng.uniform(0.4, 1.2)
    abusive(L, p, "scraping", "vendor_vm_sequential_id_walk", "s_ei_walk", client="early-intervention analytics vendor tool on Azure VM")
    # 2. UiPath robot driving Chrome on a district PC, on the registrar's own login, all day
    p = pool.take("registrar", auth="entra")
    owner_days(sim, world, p, days)
    sim.tag = "s_uipath"
    bot = Client(p.nat, CHROME.format(v=150))
    ids = sorted(p.district.students)
    i = 0
    for day in range(days):
        t = signin(sim, p, bot, world.day_epoch(day, p.tz, rng.uniform(6.9, 7.1)))
        end = world.day_epoch(day, p.tz, 18.5)
        while t < end:
            s = ids[i % len(ids)]
            t = sim.search(t, bot, p.upn, str(s), p.district.num) + rng.uniform(5, 9)
            t = sim.student(t, bot, p.upn, s) + rng.uniform(20, 35)
            if i % 3 == 0:
                t = sim.enrollment(t, bot, p.upn, s) + rng.uniform(15, 25)
            i += 1
    abusive(L, p, "scraping", "rpa_bot_on_staff_login", "s_uipath", client="UiPath robot driving Chrome on a district PC")
    # 3. low-and-slow script all day and night, faked browser UA, API only
    p = pool.take("counselor")
    owner_days(sim, world, p, days)
    sim.tag = "s_lowslow"
    cli = Client("159.203.%d.%d" % (rng.randint(1, 250), rng.randint(1, 250)), CHROME.format(v=148), False)
    ids = list(p.district.students)
    rng.shuffle(ids)
    sc = set(ids)
    t = sim.t0 + rng.uniform(0, 600)
    k = 0
    while t < sim.t1:
        t = get_student(sim, t, cli, p.upn, ids[k % len(ids)], sc, rng.choice(("", "", "/attendance", "/contacts")))
        k += 1
        t += rng.uniform(40, 130)
    abusive(L, p, "scraping", "low_and_slow_api_script", "s_lowslow", note="browser UA but no pages or assets, 24h")
    # 4. headless browser paced like a person through the search pages
    p = pool.take("sped_coordinator")
    owner_days(sim, world, p, days)
    sim.tag = "s_headless"
    cli = Client("18.224.%d.%d" % (rng.randint(1, 250), rng.randint(1, 250)), HEADLESS.format(v=150))
    for day in range(days):
        t = world.day_epoch(day, p.tz, rng.uniform(8.5, 9.5))
        end = world.day_epoch(day, p.tz, rng.uniform(15, 16.5))
        ids = iter(sorted(p.district.students))
        while t < end:
            s = next(ids, None)
            if s is None:
                break
            t = sim.student(t, cli, p.upn, s, "iep") + rng.uniform(8, 25)
    abusive(L, p, "scraping", "headless_browser_paced", "s_headless", note="re-used session cookie, no sign-in seen")
    # 5. API pagination with huge pages across every district
    p = pool.take("state_analyst")
    owner_days(sim, world, p, days)
    sim.tag = "s_bigpages"
    cli = Client("3.21.%d.%d" % (rng.randint(1, 250), rng.randint(1, 250)), "Go-http-client/2.0", False)
    t = world.day_epoch(0, p.tz, rng.uniform(22.5, 23.5))
    for d in world.districts:
        for res, route in (("students", "/api/v2/students"), ("program-participations", "/api/v2/program-participations"),
                           ("enrollments", "/api/v2/enrollments")):
            for pg in range(1, 3):
                n = len(d.students) - (pg - 1) * 5000
                t = sim.api(t + rng.uniform(0.1, 0.4), cli, p.upn, route, route,
                            "districtId=%d&page=%d&pageSize=5000" % (d.num, pg),
                            (n * 900, n * 1200) if n > 0 else (40, 60), med=2500)
    abusive(L, p, "scraping", "api_pagination_huge_pages", "s_bigpages")
    # 6. bulk export hoarding from a vendor's office in the evening
    p = pool.take("district_admin", auth="entra")
    owner_days(sim, world, p, days)
    sim.tag = "s_exports"
    cli = Client(ip4(rng, "64.251.%d" % rng.randint(1, 250)), PWSH, False)
    from .staff import REPORTS
    for day in range(days):
        t = world.day_epoch(day, p.tz, rng.uniform(20, 21))
        for i in range(rng.randint(25, 45)):
            t = sim.export(t, cli, p.upn, REPORTS[i % len(REPORTS)], p.district.num, rng.choice(("csv", "xlsx")),
                           big=True) + rng.uniform(2, 8)
    abusive(L, p, "scraping", "bulk_export_hoarding", "s_exports", where="vendor office, Springfield MO")
    # 7. tool rotating residential proxies and user agents
    p = pool.take("teacher", auth="entra")
    owner_days(sim, world, p, days)
    sim.tag = "s_rotate"
    ips = [ip4(rng, rng.choice(RESI_PROXY)) for _ in range(12)]
    uas = [CHROME.format(v=150), CHROME.format(v=149), FIREFOX.format(v=151), SAFARI.format(m=1), EDGE.format(v=150),
           CHROME.format(v=147)]
    ids = list(p.district.students)
    sc = set(ids)
    for day in range(days):
        t = world.day_epoch(day, p.tz, rng.uniform(9, 13))
        end = t + rng.uniform(2.5, 4) * 3600
        while t < end:
            cli = Client(rng.choice(ips), rng.choice(uas), False)
            s = rng.choice(ids)
            t = get_student(sim, t, cli, p.upn, s, sc)
            t = get_student(sim, t + 0.1, cli, p.upn, s, sc, "/contacts") + rng.uniform(5, 15)
    abusive(L, p, "scraping", "rotating_proxy_and_ua_tool", "s_rotate")
    # 8. browser extension riding the principal's own session
    p = pool.take("principal", auth="entra")
    ids = list(p.district.students)
    sc = set(ids)
    for day in range(days):
        sim.tag = None
        ordinary_day(sim, world, p, day)
        sim.tag = "s_extension"
        for h in (9, 10, 11, 13, 14, 15):
            t = world.day_epoch(day, p.tz, h + rng.uniform(0, 0.3))
            for s in rng.sample(ids, min(len(ids), rng.randint(40, 80))):
                t = get_student(sim, t, p.work, p.upn, s, sc, med=15)
                t = get_student(sim, t + 0.02, p.work, p.upn, s, sc, "/attendance", med=15) + rng.uniform(0.2, 0.6)
    abusive(L, p, "scraping", "browser_extension_session_riding", "s_extension",
            note="same browser, address and UA as the principal's own use; n_requests includes that browser's own use")
    # 9. overnight scheduled job on a district server with a data coordinator's login
    p = pool.take("data_coordinator", auth="entra")
    owner_days(sim, world, p, days)
    sim.tag = "s_overnight"
    cli = Client(p.district.office[1], PWSH, False)
    ids = sorted(p.district.students)
    sc = set(ids)
    for day in range(days):
        t = world.day_epoch(day, p.tz, rng.uniform(0.4, 0.6))
        for s in ids:
            for sub in ("", "/iep", "/programs"):
                t = get_student(sim, t, cli, p.upn, s, sc, sub) + rng.uniform(0.4, 1.2)
    abusive(L, p, "scraping", "overnight_scheduled_job", "s_overnight", note="same district office NAT as daytime staff")
    # 10. HTML page scraping with a faked browser UA, no assets or XHRs
    p = pool.take("ec_specialist")
    owner_days(sim, world, p, days)
    sim.tag = "s_html"
    cli = Client(ip4(rng, "172.105.%d" % rng.randint(1, 250)), CHROME.format(v=150), False)
    ids = sorted(p.district.students)
    k = rng.randrange(len(ids))
    for day in range(days):
        t = world.day_epoch(day, p.tz, rng.uniform(10, 11))
        end = t + rng.uniform(1.5, 2.5) * 3600
        while t < end:
            s = ids[k % len(ids)]
            sim.emit(t, cli, p.upn, "GET", "/Students/%d" % s, "", 200, rng.randint(14000, 42000), HTML, sim.dur(40),
                     "/Students/{stateId}")
            k += 1
            t += rng.uniform(1.5, 4.5)
    abusive(L, p, "scraping", "html_scraper_fake_browser_ua", "s_html")
    sim.tag = None
