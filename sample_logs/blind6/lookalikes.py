"""Benign look-alikes (rostering sync, report printing, tab restore) and infrastructure traffic."""
import datetime as dt
import random

from . import app, staff
from .client import TLS, Browser, Ev
from .world import STATE_AD, STATE_MAIL, Account

GRADES_BY_LEVEL = {"High School": ("09", "10", "11"), "Middle School": ("06", "07", "08"),
                   "Junior High": ("06", "07", "08")}


def rostering_sync(w, sink):
    """The state's sanctioned OneRoster sync: client-credentials token, then OData delta pages, nightly by cron."""
    r = random.Random(f"blind6/{w.seed}/rostersync")
    acct = Account(f"svc-rostersync@{STATE_MAIL}", STATE_AD, "svc-rostersync")
    ip = f"{w.state_dc[0]}.{w.state_dc[1]}.12.{r.randrange(20, 200)}"
    agent = f"RosterSync-Agent/4.{r.randint(1, 4)}.{r.randint(0, 9)} (OneRoster 1.2; +https://rostersync.example.com/agent)"
    hour = r.choice((1.0, 2.0, 2.5, 3.0))
    pages = 0
    for day in range(w.days):
        t = w.local(day, hour) + r.uniform(0.05, 1.5)
        since = dt.datetime.fromtimestamp(t - 86400, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        b = Browser(sink, w, r, ip, ua=agent, acct=acct, script=True, jar=False, tls="java")
        t = b.emit(t, "POST", "/oauth/token", "", 200, 1480, inb=310, svc="login")
        b.auth, b.auth_t, b.auth_until = "bearer", t, 1e18
        for d in w.districts:
            f = f"$filter=DistrictCode%20eq%20%27{d.code}%27%20and%20ModifiedOn%20gt%20{since}"
            n = int(sum(s.n for s in d.schools) * r.uniform(0.03, 0.2))
            for k in range(0, max(1, n), 1000):
                t = b.emit(t + r.uniform(0.05, 0.3), "GET", "/api/odata/Enrollments", f"{f}&$skip={k}&$top=1000",
                           200, 900 + 410 * min(1000, n - k), api=True, svc="api")
                pages += 1
            for stem in ("/api/odata/Sections", "/api/odata/Staff"):
                t = b.emit(t + r.uniform(0.05, 0.3), "GET", stem, f"{f}&$top=1000", 200, 1200 + r.randrange(60000),
                           api=True, svc="api")
                pages += 1
    return acct, {"ip": ip, "user_agent": agent, "cron_local_h": hour, "pages": pages, "network": "state data centre"}


def score_report_printing(w, p, sink):
    """A test coordinator prints 200-400 individual score reports one by one in the afternoon, in the browser."""
    r = random.Random(f"blind6/{w.seed}/print/{p.key}")
    day = r.randrange(w.days)
    target, med, sig = r.randint(200, 400), r.uniform(7.0, 14.0), r.uniform(0.35, 0.7)
    for d in range(w.days):
        if d != day:
            staff.workday(w, p, d, sink)
    b = staff.browser(w, p, sink, r, "work", 0)
    t = staff.session(w, p, b, w.local(day, r.gauss(7.8, 0.3)), w.local(day, 11.8), r)
    b.idle(t, w.local(day, 12.6))
    t = b.open(w.local(day, r.uniform(12.7, 14.0)), "reports", code=p.school.code)
    ids, n, k = w.students(p.school), 0, 0
    grades = GRADES_BY_LEVEL.get(p.school.level, ("03", "04", "05"))
    while n < target and k < len(ids):
        g = grades[(k // 80) % len(grades)]
        t = b.postback(t + staff.think(p, r), "reports", code=p.school.code, grade=g)
        page = b.cur
        for sid, _ in ids[k:k + r.randint(30, 110)]:
            t = b.download(t + med * r.lognormvariate(0.0, sig), app.q(f"ISR/2025/{sid}.pdf"), app.pdf_size(sid), ref=page)
            n += 1
            k += 1
            if n >= target:
                break
            if r.random() < 1 / 35:
                t += r.uniform(60, 300)                    # printer out of paper, a question at the door
    end = staff.session(w, p, b, t + r.uniform(60, 600), w.local(day, 16.3), r)
    b.close(end)
    return {"day": day, "reports": n, "gap_median_s": round(med, 1), "gap_sigma": round(sig, 2), "ip": b.ip}


def tab_restore(w, p, sink):
    """A teacher's browser restores 10-18 tabs at once (remember-me cookie still valid): many students in seconds."""
    r = random.Random(f"blind6/{w.seed}/tabs/{p.key}")
    day = r.randrange(w.days)
    n_tabs = r.randint(10, 18)
    for d in range(w.days):
        if d != day:
            staff.workday(w, p, d, sink)
    t0 = w.local(day, r.gauss(7.4, 0.3))
    b = staff.browser(w, p, sink, r, "work", t0)
    b.sid = "".join(r.choice("abcdefghijklmnopqrstuvwxyz012345") for _ in range(24))
    b.login_ok(t0 - 30)
    pupils = [x for _, ids in p.sections for x in ids]
    tabs = [("roster", {"section": s, "n": len(ids)}) for s, ids in p.sections[:2]] + [("reports", {"code": p.school.code})]
    for sid, guid in r.sample(pupils, min(len(pupils), n_tabs - len(tabs))):
        tabs.append((r.choice(("profile", "profile", "assess")), {"sid": sid, "guid": guid}))
    end = t0
    for i, (kind, a) in enumerate(tabs):
        b.cur = None
        end = max(end, b.open(t0 + i * r.uniform(0.04, 0.3), kind, ref=None, **a))
    t = staff.session(w, p, b, end + r.uniform(30, 200), end + r.uniform(1800, 5400), r)
    b.close(t)
    return {"day": day, "tabs": len(tabs), "ip": b.ip, "user_agent": b.ua}


def _ev(sink, t, d, m, stem, qs, st, size, ip, ua, node, srv, kind="https", inb=None):
    e = Ev()
    e.t, e.d, e.m, e.stem, e.q, e.st, e.sub, e.w32, e.out = t, d, m, stem, qs, st, 0, 0, size
    e.ip, e.port, e.node, e.srv, e.ua, e.ck, e.ref, e.user, e.acct = ip, 1024 + app.hx(ip, t) % 64000, node, srv, ua, "-", "-", "-", None
    e.kind, e.xff, e.tls = kind, None, TLS["py"]
    e.inb = inb or 160 + len(stem) + len(qs) + len(ua)
    sink.append(e)


def alb_health_checks(w, sink):
    """Each ALB node checks each IIS target every 30 s (IIS logs them; the ALB's own log never does)."""
    r = random.Random(f"blind6/{w.seed}/hc")
    for node, nip in enumerate(w.alb_nodes):
        for srv in range(len(w.targets)):
            t = w.t0 + r.uniform(0, 30)
            while t < w.t_end:
                _ev(sink, t, 0.001 + r.random() * 0.003, "GET", "/Health/Ping", "", 200, 178, nip, "ELB-HealthChecker/2.0",
                    node, srv, kind="hc", inb=112)
                t += 30.0 + r.uniform(-0.02, 0.02)
    return {ip: {"interval_s": 30, "path": "/Health/Ping", "user_agent": "ELB-HealthChecker/2.0"} for ip in w.alb_nodes}


def search_crawlers(w, sink):
    r = random.Random(f"blind6/{w.seed}/crawl")
    g_ua = ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            f"Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
            f"Chrome/{w.chrome}.0.{6367 + 55 * (w.chrome - 124)}.{r.randrange(50, 200)} Mobile Safari/537.36 "
            f"(compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
    bots = [(f"66.249.{r.choice((64, 66, 68, 70, 72, 79))}.{r.randrange(1, 250)}", g_ua) for _ in range(r.randint(2, 4))]
    bots.append((f"157.55.39.{r.randrange(1, 250)}", ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",)))
    out = {}
    for ip, uas in bots:
        t, n = w.t0 + r.uniform(0, 3600), 0
        gap = r.uniform(240, 1500)
        while t < w.t_end:
            x = r.random()
            if x < 0.06:
                stem, qs, size = "/robots.txt", "", 412
            elif x < 0.1:
                stem, qs, size = "/sitemap.xml", "", 48213
            elif x < 0.2:
                stem, qs, size = "/Public/Default.aspx", "", 18204
            else:
                s = r.choice(w.directory)
                stem, qs = "/Public/ReportCard.aspx", f"RCDTS={s.code}"
                size = app.per(s.code, "prc", 28000, 44000)
            _ev(sink, t, app.svc("page", size, r), "GET", stem, qs, 200, size, ip, r.choice(uas), r.randrange(3),
                r.randrange(2))
            n += 1
            t += r.expovariate(1 / gap)
        out[ip] = {"user_agent": uas[0], "requests": n, "crawler": "bingbot" if "bing" in uas[0] else "Googlebot"}
    return out


def uptime_monitor(w, sink):
    """UptimeRobot: HEAD /Account/Login every 5 minutes from a rotating pool of its addresses."""
    r = random.Random(f"blind6/{w.seed}/uptime")
    pool = [f"69.162.124.{r.randrange(226, 238)}", f"63.143.42.{r.randrange(242, 253)}", "216.144.250.150",
            f"208.115.199.{r.randrange(18, 30)}"]
    agent = "Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"
    t, used = w.t0 + r.uniform(0, 300), {}
    while t < w.t_end:
        ip = r.choice(pool)
        _ev(sink, t, 0.05 + r.random() * 0.1, "HEAD", "/Account/Login", "", 200, 391, ip, agent, r.randrange(3),
            r.randrange(2))
        used[ip] = used.get(ip, 0) + 1
        t += 300.0 + r.uniform(-1.0, 1.0)
    return {ip: {"user_agent": agent, "interval_s": 300, "requests": n} for ip, n in sorted(used.items())}
