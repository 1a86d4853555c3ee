"""Abusive behaviours: scraping, credential sharing, password guessing."""
from . import app
from .benign import ordinary_day, staff_client, sign_in, work_until, caseload_of, inner_xff
from .session import Client
from .world import (Staff, fill_ua, rand_ip, UA_DESKTOP, CLOUD_PREFIXES, FOREIGN_PREFIXES, RESI_PROXY_PREFIXES,
                    HOME_PREFIXES)

SCR, CS, BF = "scraping", "credential_sharing", "brute_force"


def owner_days(ctx, st, beh, skip=()):
    for d in range(ctx.days):
        if d not in skip:
            ordinary_day(ctx, st, d, beh=beh)


def night_start(ctx):
    days = ctx.workdays()
    day = ctx.rng.choice([d for d in days if d < ctx.days - 1] or days)
    return day, (ctx.at(day, ctx.rng.uniform(23.0, 23.8)) if day < ctx.days - 1 else ctx.at(day, 0.4))


def keep_token(c):
    if c.t > c.token_exp - 300:
        c.refresh()


def vendor_overnight_plan_pull(ctx):
    beh = "vendor_overnight_plan_pull"
    st = ctx.take(ctx.world.staff_by_role("coordinator"))
    ip = ctx.world.uniq_ip(CLOUD_PREFIXES["aws"])
    day, t0 = night_start(ctx)
    ctx.label_account(st.email, SCR, beh, [SCR, CS], ip=ip, night_of_day=day, ua="python-requests/2.31.0")
    owner_days(ctx, st, beh)
    c = Client(ctx, t0, ip, "python-requests/2.31.0", user=st.email, beh=beh, browser=False)
    app.api_login(c)
    stop = t0 + 5.5 * 3600
    for sc in st.district.schools:
        for off in range(0, len(sc.students), 200):
            c.req("GET", "/api/v2/students?school=%s&offset=%d&limit=200" % (sc.code, off),
                  size=370 * min(200, len(sc.students) - off), gap=c.rng.uniform(0.3, 0.8))
        for s in sc.students:
            if c.t > stop:
                return
            keep_token(c)
            c.req("GET", "/api/v2/students/%s" % s.sid, size=app.S(c, 3400), gap=c.rng.uniform(0.2, 0.6))
            c.req("GET", "/api/v2/students/%s/plans" % s.sid, size=app.S(c, 1800), gap=c.rng.uniform(0.2, 0.6))
            for doc in s.plans:
                for sub in ("", "/goals", "/services", "/accommodations"):
                    c.req("GET", "/api/v2/plans/%s%s" % (doc, sub), size=app.S(c, 9000), gap=c.rng.uniform(0.2, 0.6))


def headless_browser_walk(ctx):
    beh = "headless_browser_walk"
    st = ctx.take(ctx.world.staff_by_role("case_manager"), lambda s: len(s.schools[0].students) > 60)
    day = ctx.rng.choice(ctx.workdays())
    ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.91 Safari/537.36"
    ctx.label_account(st.email, SCR, beh, [SCR], day=day, ip=st.home_ip, ua="HeadlessChrome")
    owner_days(ctx, st, beh)
    c = staff_client(ctx, st, ctx.at(day, ctx.rng.uniform(19.5, 21.0)), ip=st.home_ip, ua=ua, beh=beh, cold=True)
    c.proto = "HTTP/1.1"
    app.login_form(c, typo=False)
    sc = st.schools[0]
    app.roster(c, sc, full=True)
    for s in sc.students:
        c.idle(c.rng.uniform(1.2, 2.8))
        app.student(c, s, full=True)
        for doc in s.plans:
            c.idle(c.rng.uniform(0.8, 1.6))
            app.plan(c, s, doc, full=True)
        for doc in s.docs:
            app.download(c, doc)
    c.close()


def slow_drip_scraper(ctx):
    beh = "slow_drip_scraper"
    st = ctx.take(ctx.world.staff_by_role("clerk"))
    day = ctx.rng.choice(ctx.workdays())
    ctx.label_account(st.email, SCR, beh, [SCR], day=day, records_per_min="3-4", ip=st.base_ip)
    owner_days(ctx, st, beh)
    c = staff_client(ctx, st, ctx.at(day, ctx.rng.uniform(8.0, 8.4)), beh=beh, browser=False)
    app.api_login(c)
    studs = sorted(st.district.students, key=lambda s: s.sid)
    end = ctx.at(day, 16.4)
    i = 0
    while c.t < end and i < len(studs):
        s = studs[i]
        i += 1
        keep_token(c)
        c.req("GET", "/api/v2/students/%s" % s.sid, size=app.S(c, 3400), gap=c.rng.uniform(0.3, 1.0))
        c.req("GET", "/api/v2/students/%s/plans" % s.sid, size=app.S(c, 1800), gap=c.rng.uniform(0.3, 1.0))
        if s.plans:
            c.req("GET", "/api/v2/plans/%s" % s.plans[0], size=app.S(c, 24000, 8000), gap=0)
        c.t += c.rng.uniform(12, 24)
        if c.rng.random() < 0.01:
            c.t += c.rng.uniform(600, 2400)  # lunch: the script is paused with the laptop


def offset_pager(ctx):
    beh = "offset_list_pager"
    st = ctx.take(ctx.world.staff_by_role("speech", "related_services"))
    ua = fill_ua(ctx.rng, UA_DESKTOP[0])
    ctx.label_account(st.email, SCR, beh, [SCR], ip=st.home_ip, ua="spoofed Chrome")
    owner_days(ctx, st, beh)
    n = sum(len(s.students) for s in st.schools)
    for day in ctx.workdays()[:2]:
        c = staff_client(ctx, st, ctx.at(day, ctx.rng.uniform(20.0, 22.0)), ip=st.home_ip, ua=ua, beh=beh, browser=False)
        app.api_login(c)
        for ep, per, inc in (("students", 1, "&include=contacts,disability"), ("plans", 1.6, "&include=goals,services"),
                             ("meetings", 2.2, ""), ("documents", 2.5, "")):
            lim = 50
            for off in range(0, int(n * per), lim):
                c.req("GET", "/api/v2/%s?offset=%d&limit=%d%s" % (ep, off, lim, inc), size=app.S(c, 650 * lim),
                      gap=c.rng.uniform(2.5, 7.0))
            c.req("GET", "/api/v2/%s?offset=%d&limit=%d%s" % (ep, int(n * per) // lim * lim + lim, lim, inc), size=14,
                  gap=c.rng.uniform(2, 5))


def export_every_report(ctx):
    beh = "export_every_report"
    st = ctx.take(ctx.world.staff_by_role("coordinator"))
    day = ctx.rng.choice(ctx.workdays())
    ua = "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.4291"
    ctx.label_account(st.email, SCR, beh, [SCR], day=day, ua="WindowsPowerShell", ip=st.base_ip)
    owner_days(ctx, st, beh)
    c = staff_client(ctx, st, ctx.at(day, ctx.rng.uniform(12.2, 12.8)), beh=beh, ua=ua, browser=False)
    app.api_login(c)
    for rt in app.REPORT_TYPES:
        for sc in [None] + st.district.schools:
            for fmt in ("csv", "pdf"):
                keep_token(c)
                app.reports(c, rt, sc, export=fmt)
                c.t += c.rng.uniform(0.5, 2.0)


def vendor_multi_district(ctx):
    beh = "vendor_multi_district_logins"
    ip = ctx.world.uniq_ip(CLOUD_PREFIXES["azure"])
    ua = "ScholarLink-Agent/2.8.4 (+https://scholarlink.io/agent) Go-http-client/1.1"
    ds = ctx.rng.sample(ctx.world.districts, min(4, len(ctx.world.districts)))
    day, t = night_start(ctx)
    t -= 4 * 3600  # early evening
    for d in ds:
        st = ctx.take(ctx.world.staff, lambda s: s.district is d and s.role in ("case_manager", "psychologist", "clerk"))
        ctx.label_account(st.email, SCR, beh, [CS, SCR], ip=ip, day=day, vendor="ScholarLink")
        owner_days(ctx, st, beh)
        c = Client(ctx, t, ip, ua, user=st.email, beh=beh, browser=False, scope=None)
        app.api_login(c)
        for off in range(0, 75, 25):
            c.req("GET", "/api/v2/caseload?offset=%d&limit=25&sort=last_name" % off, size=app.S(c, 9000), gap=0.4)
        for s in caseload_of(ctx, st):
            keep_token(c)
            for sub in ("", "/plans", "/services", "/contacts", "/progress?period=2024-25-Q1"):
                c.req("GET", "/api/v2/students/%s%s" % (s.sid, sub), size=app.S(c, 3000), gap=c.rng.uniform(0.4, 1.2))
            for doc in s.plans:
                c.req("GET", "/api/v2/plans/%s" % doc, size=app.S(c, 24000, 8000), gap=c.rng.uniform(0.4, 1.2))
        c.req("POST", "/auth/logout", status=204, size=0)
        t = c.t + ctx.rng.uniform(60, 600)


def _generic_account(ctx, email, role, d, schools):
    st = Staff(email, role, d, schools, "", ctx.rng)
    st.sso = False
    return st


def _shared_user(ctx, st, beh, day, ip, start_h, end_h, xff=None, ua=None):
    ua = ua or fill_ua(ctx.rng, ctx.rng.choice(UA_DESKTOP))
    c = staff_client(ctx, st, ctx.at(day, start_h), ip=ip, ua=ua, beh=beh, xff=xff)
    sign_in(c, st, typo=ctx.rng.random() < 0.1)
    work_until(c, ctx, st, ctx.at(day, end_h), meetings=False)
    c.close()


def shared_generic_login(ctx, plain=False):
    beh = "shared_generic_login_" + ("plain" if plain else "role")
    d = ctx.rng.choice(ctx.world.districts)
    email = ("%s%02d@%s" % (ctx.rng.choice(["wolverines", "tigerpride", "mesa.blue"]), ctx.rng.randint(10, 24), d.domain)
             if plain else "sped.office@%s" % d.domain)
    st = _generic_account(ctx, email, "clerk" if not plain else "case_manager", d, list(d.schools))
    places = [("office", d.office_ip)] + [(sc.code, sc.nat_ip) for sc in ctx.rng.sample(d.schools, min(3, len(d.schools)))]
    ctx.label_account(email, CS, beh, [CS], users=len(places), places=[p for p, _ in places])
    uas = [fill_ua(ctx.rng, ctx.rng.choice(UA_DESKTOP)) for _ in places]
    for day in ctx.workdays():
        for (name, ip), ua in zip(places, uas):
            if ctx.rng.random() < 0.8:
                s = ctx.rng.uniform(7.6, 13.0)
                _shared_user(ctx, st, beh, day, ip, s, s + ctx.rng.uniform(1.0, 3.5), ua=ua)
        if plain and ctx.rng.random() < 0.7:
            _shared_user(ctx, st, beh, day, rand_ip(ctx.rng, HOME_PREFIXES), 19.5, 20.5)


def concurrent_two_schools(ctx):
    beh = "concurrent_two_schools"
    st = ctx.take(ctx.world.staff_by_role("speech", "psychologist"), lambda s: len(s.district.schools) > len(s.schools))
    other = ctx.rng.choice([sc for sc in st.district.schools if sc not in st.schools])
    day = ctx.rng.choice(ctx.workdays())
    ctx.label_account(st.email, CS, beh, [CS], day=day, second_school=other.code)
    owner_days(ctx, st, beh)
    st2 = Staff(st.email, st.role, st.district, [other] + st.schools, "", ctx.rng)
    st2.sso, st2.caseload = st.sso, caseload_of(ctx, st)
    _shared_user(ctx, st2, beh, day, other.nat_ip, ctx.rng.uniform(8.5, 9.5), ctx.rng.uniform(13.0, 14.5),
                 xff=inner_xff(ctx, st2, other))


def lent_to_assistant(ctx):
    beh = "login_lent_to_assistant"
    st = ctx.take(ctx.world.staff_by_role("case_manager"))
    ua = fill_ua(ctx.rng, UA_DESKTOP[3])
    ctx.label_account(st.email, CS, beh, [CS], ip=st.base_ip, assistant_ua="ChromeOS")
    owner_days(ctx, st, beh)
    for day in ctx.workdays():
        for a, b in ((9.0, 11.3), (12.8, 15.0)):
            c = staff_client(ctx, st, ctx.at(day, a + ctx.rng.uniform(0, 0.4)), ua=ua, beh=beh)
            c.xff = inner_xff(ctx, st)
            sign_in(c, st, typo=False)
            while c.t < ctx.at(day, b):
                s = ctx.rng.choice(caseload_of(ctx, st))
                app.student(c, s)
                c.pause(20)
                app.progress(c, s)
                c.pause(40)
            c.close()


def contractor_abroad(ctx):
    beh = "contractor_abroad_night"
    st = ctx.take(ctx.world.staff_by_role("psychologist"))
    cc = ctx.rng.choice(["in", "ph"])
    ctx.label_account(st.email, CS, beh, [CS], country=cc, hours="22:00-03:30 America/Denver")
    owner_days(ctx, st, beh)
    ua = fill_ua(ctx.rng, UA_DESKTOP[0])
    for day in ctx.workdays():
        ip = rand_ip(ctx.rng, FOREIGN_PREFIXES[cc])
        c = staff_client(ctx, st, ctx.at(day, ctx.rng.uniform(21.8, 22.6)), ip=ip, ua=ua, beh=beh)
        app.login_form(c, typo=ctx.rng.random() < 0.2)
        app.dashboard(c)
        end = c.t + ctx.rng.uniform(4.0, 5.5) * 3600
        while c.t < end:
            s = ctx.rng.choice(caseload_of(ctx, st))
            app.student(c, s)
            c.pause(40)
            if s.plans and ctx.rng.random() < 0.5:
                app.plan(c, s, s.plans[0])
                app.edit_plan(c, s, s.plans[0], ctx.rng.uniform(10, 35))
            elif s.docs:
                app.download(c, ctx.rng.choice(s.docs))
            if ctx.rng.random() < 0.3:
                app.upload(c, s)
            c.pause(60)
        c.close()


def _attempt(ctx, t, ip, ua, beh, status=401, browserish=False):
    c = Client(ctx, t, ip, ua, beh=beh, browser=browserish)
    if browserish and ctx.rng.random() < 0.3:
        c.req("GET", "/login", size=2150, ctype="text/html; charset=utf-8", auth=False, ref="-")
    c.req("POST", "/auth/login", status=status, size=61 if status == 401 else 74,
          recv=ctx.rng.randint(520, 640) if browserish else ctx.rng.randint(90, 160), auth=False,
          dur=ctx.rng.uniform(150, 330) if status == 401 else ctx.rng.uniform(1, 4),
          ref="https://%s/login" % "sesame.sped-portal.org" if browserish else "-")
    return c


def brute_force_single_ip(ctx):
    beh = "brute_force_single_ip"
    ip = ctx.world.uniq_ip(CLOUD_PREFIXES["ovh"])
    day = ctx.rng.choice(range(ctx.days))
    t = ctx.at(day, ctx.rng.uniform(2, 22))
    n = ctx.rng.randint(1500, 3200)
    ctx.label_ip(ip, BF, beh, [BF], attempts=n, day=day)
    fails = 0
    for _ in range(n):
        fails += 1
        limited = fails % 300 > 240  # rate limiter window
        _attempt(ctx, t, ip, "python-requests/2.28.1", beh, status=429 if limited else 401)
        t += ctx.rng.uniform(0.2, 0.9)


def slow_password_spray(ctx):
    beh = "slow_password_spray"
    ip = ctx.world.uniq_ip(CLOUD_PREFIXES["do"])
    ua = fill_ua(ctx.rng, UA_DESKTOP[0])
    ctx.label_ip(ip, BF, beh, [BF], interval_s="120-420", accounts="many")
    t, end = ctx.at(0, ctx.rng.uniform(6, 9)), ctx.end() - 3600
    n = 0
    while t < end:
        _attempt(ctx, t, ip, ua, beh, browserish=True)
        n += 1
        t += ctx.rng.uniform(120, 420)
    ctx.sources[ip]["params"]["attempts"] = n


def rotating_ip_guessing(ctx):
    beh = "rotating_ip_guessing"
    ips = [ctx.world.uniq_ip(RESI_PROXY_PREFIXES) for _ in range(ctx.rng.randint(50, 90))]
    day = ctx.rng.choice(range(ctx.days))
    t0 = ctx.at(day, ctx.rng.uniform(9, 18))
    for ip in ips:
        ctx.label_ip(ip, BF, beh, [BF], pool=len(ips), day=day)
        ua = fill_ua(ctx.rng, ctx.rng.choice(UA_DESKTOP))
        t = t0 + ctx.rng.uniform(0, 3 * 3600)
        for _ in range(ctx.rng.randint(1, 5)):
            _attempt(ctx, t, ip, ua, beh, browserish=True)
            t += ctx.rng.uniform(20, 400)


def stuffing_then_takeover(ctx):
    beh = "credential_stuffing_takeover"
    ip = ctx.world.uniq_ip(CLOUD_PREFIXES["hetzner"])
    st = ctx.take(ctx.world.staff_by_role("case_manager"), lambda s: not s.sso)
    day = ctx.rng.choice(ctx.workdays())
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36"
    n = ctx.rng.randint(40, 120)
    ctx.label_ip(ip, BF, beh, [BF], attempts=n, compromised=st.email)
    ctx.label_account(st.email, SCR, beh, [BF, SCR], ip=ip, day=day)
    owner_days(ctx, st, beh)
    t = ctx.at(day, ctx.rng.uniform(1.0, 3.0))
    for _ in range(n):
        _attempt(ctx, t, ip, ua, beh)
        t += ctx.rng.uniform(2, 15)
    c = staff_client(ctx, st, t, ip=ip, ua=ua, beh=beh, browser=False)
    app.api_login(c)
    for s in caseload_of(ctx, st) + st.schools[0].students[:40]:
        c.req("GET", "/api/v2/students/%s/documents" % s.sid, size=app.S(c, 1500), gap=0.3)
        for doc in s.docs + s.plans[:1]:
            app.download(c, doc)
            c.t += ctx.rng.uniform(0.2, 1.0)


ALL = [vendor_overnight_plan_pull, headless_browser_walk, slow_drip_scraper, offset_pager, export_every_report,
       vendor_multi_district, shared_generic_login, lambda ctx: shared_generic_login(ctx, plain=True),
       concurrent_two_schools, lent_to_assistant, contractor_abroad, brute_force_single_ip, slow_password_spray,
       rotating_ip_guessing, stuffing_then_takeover]
