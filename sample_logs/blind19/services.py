"""Integrations, monitors, crawlers and scanners (benign infrastructure)."""
from urllib.parse import unquote
from .client import Client
from .world import HTML, JSON, TEXT, XML, PROB, iso_utc, guid

PUBLIC = (("/", "/", HTML, (9000, 9400)), ("/Public/About", "/Public/About", HTML, (11000, 11300)),
          ("/Public/Privacy", "/Public/Privacy", HTML, (16000, 16400)), ("/Help/ferpa", "/Help/{topic}", HTML, (9000, 15000)),
          ("/Help/attendance-codes", "/Help/{topic}", HTML, (9000, 15000)), ("/Public/Districts", "/Public/Districts", HTML, (21000, 22000)))
SCAN_PATHS = ("/.env", "/.git/config", "/wp-login.php", "/admin", "/phpmyadmin/", "/server-status", "/actuator/env",
              "/api/v2/../../etc/passwd", "/Account/Login?ReturnUrl=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/swagger/index.html",
              "/web.config", "/cgi-bin/luci", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/.aws/credentials",
              "/Students/Search?q=%27%20OR%201%3D1--", "/api/v2/students?districtId=1%20UNION%20SELECT%20NULL", "/owa/auth/logon.aspx",
              "/robots.txt", "/sitemap.xml", "/login.action", "/HNAP1/", "/.DS_Store", "/backup.zip", "/elmah.axd")
ATTACK = ("..", "<script", "UNION", "' OR", "phpunit", "/.env", "/.git", "/.aws", "passwd")


def _src(L, ip, behaviour, provider, **kw):
    p = {"provider": provider}
    p.update(kw)
    L["sources"][ip] = {"label": "benign", "behaviour": behaviour, "kinds": [], "params": p}


def anon_get(sim, t, cli, path, status=None):
    """Anonymous probe of an arbitrary path: WAF block, public page, redirect or 404."""
    rng = sim.rng
    p, _, q = path.partition("?")
    if any(a in unquote(path) for a in ATTACK):
        sim.emit(t, cli, None, "GET", p, q, 403, 560, "text/html", 1.0, p, kind="waf")
        return
    for pub in PUBLIC:
        if pub[0] == p:
            sim.emit(t, cli, None, "GET", p, q, 200, rng.randint(*pub[3]), pub[2], sim.dur(12), pub[1])
            return
    if p == "/robots.txt":
        sim.emit(t, cli, None, "GET", p, q, 200, 118, TEXT, sim.dur(2), "/robots.txt")
    elif p == "/sitemap.xml":
        sim.emit(t, cli, None, "GET", p, q, 200, 1432, XML, sim.dur(3), "/sitemap.xml")
    elif p.startswith("/Students") or p.startswith("/Dashboard") or p.startswith("/Reports"):
        sim.emit(t, cli, None, "GET", p, q, 302, 0, "-", sim.dur(3), p if p in ("/Dashboard", "/Reports") else "/Students/{stateId}")
    elif p.startswith("/api/"):
        sim.emit(t, cli, None, "GET", p, q, 401, 0, "-", sim.dur(2), "-")
    else:
        sim.emit(t, cli, None, "GET", p, q, 404, 0, "-", sim.dur(2), "-")


def monitors(sim, world, L, days):
    rng = sim.rng
    ur = ["216.144.250.150", "69.162.124.235"]
    for i, ip in enumerate(ur):
        cli = Client(ip, "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", False)
        t = sim.t0 + 60 * i + rng.uniform(0, 5)
        while t < sim.t1:
            sim.emit(t, cli, None, "HEAD" if i else "GET", "/status", "", 200, 7, TEXT, sim.dur(2.5), "/status")
            t += 120 + rng.uniform(-0.4, 0.4)
        _src(L, ip, "uptime_monitor", "UptimeRobot", interval_s=120)
    for i, ip in enumerate(("52.165.184.21", "40.122.108.77", "20.49.111.32")):
        cli = Client(ip, "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0; AppInsights)", False)
        t = sim.t0 + 100 * i + rng.uniform(0, 30)
        while t < sim.t1:
            sim.emit(t, cli, None, "GET", "/", "", 200, rng.randint(9000, 9400), HTML, sim.dur(10), "/")
            t += 300 + rng.uniform(-2, 2)
        _src(L, ip, "availability_test", "Azure Application Insights", interval_s=300)


def crawlers(sim, world, L, days):
    rng = sim.rng
    bots = (("66.249.66.%d" % rng.randint(1, 220), "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Google", 90),
            ("40.77.167.%d" % rng.randint(1, 220), "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36", "Microsoft Bing", 60),
            ("17.241.75.%d" % rng.randint(1, 220), "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)", "Apple", 25))
    for ip, ua, prov, n in bots:
        cli = Client(ip, ua, False)
        for _ in range(n * days // 2):
            t = rng.uniform(sim.t0, sim.t1)
            anon_get(sim, t, cli, rng.choice(("/robots.txt", "/", "/Public/About", "/Public/Privacy", "/Help/ferpa",
                                               "/Public/Districts", "/sitemap.xml", "/Help/attendance-codes", "/Dashboard")))
        _src(L, ip, "search_engine_crawler", prov)


def scanners(sim, world, L, days):
    rng = sim.rng
    # the state agency's own authenticated-less Tenable scan, Wednesday night
    ip = "165.201.30.45"
    cli = Client(ip, "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0)", False)
    t = world.day_epoch(min(1, days - 1), world.districts[0].tz, 1.5)
    for i in range(rng.randint(700, 900)):
        path = rng.choice(SCAN_PATHS)
        if rng.random() < 0.4:
            path = "/%s%d.%s" % (rng.choice(("test", "old", "bak", "admin", "config", "db")), rng.randint(0, 99),
                                 rng.choice(("php", "aspx", "zip", "bak", "sql", "jsp")))
        anon_get(sim, t, cli, path)
        t += rng.uniform(0.2, 3)
    _src(L, ip, "agency_vulnerability_scanner", "KSEDS security office (Tenable Nessus)", window="01:30-02:15 America/Chicago day 2")
    for ip, ua, prov in (("167.94.138.%d" % rng.randint(2, 200), "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)", "Censys"),
                         ("205.210.31.%d" % rng.randint(2, 200), "Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day to identify customers' presences on the Internet. If you would like to be excluded from our scans, please contact us at: scaninfo@paloaltonetworks.com", "Palo Alto Expanse"),
                         ("45.156.129.%d" % rng.randint(2, 200), "Mozilla/5.0 zgrab/0.x", "unknown hosting")):
        cli = Client(ip, ua, False)
        for _ in range(rng.randint(6, 30)):
            anon_get(sim, rng.uniform(sim.t0, sim.t1), cli, rng.choice(SCAN_PATHS[:12] + ("/", "/favicon.ico")))
        _src(L, ip, "internet_background_scanner", prov)


def token(sim, t, cli):
    sim.emit(t, cli, None, "POST", "/api/v2/auth/token", "", 200, sim.rng.randint(1350, 1450), JSON, sim.dur(60),
             "/api/v2/auth/token", reqb=sim.rng.randint(600, 700))
    return t + 0.2


def svc_account(L, name, role, campus, behaviour, login, **kw):
    p = {"role": role, "campus": campus, "auth": "service_credentials", "login": login}
    p.update(kw)
    L["accounts"][name] = {"label": "benign", "behaviour": behaviour, "kinds": [], "params": p}


def integrations(sim, world, L, days):
    rng = sim.rng
    # district SIS sync (hourly, from the district office NAT, token endpoint)
    for d in world.districts[1:40:6]:
        user = "svc-sis-sync@" + d.domain
        cli = Client(d.office[1], "PlainsSIS-Connector/3.8.1 (.NET 8.0.11; Windows Server 2022)", False)
        for day in range(days):
            for h in range(6, 19):
                t = token(sim, world.day_epoch(day, d.tz, h + rng.uniform(0.01, 0.03)), cli)
                since = iso_utc(t - 3600) + "Z"
                for pg in range(1, rng.randint(2, 4)):
                    t = sim.api(t + 0.1, cli, user, "/api/v2/sync/enrollments", "/api/v2/sync/enrollments",
                                "districtId=%d&since=%s&page=%d&pageSize=200" % (d.num, since, pg), (2000, 90000), med=140)
                t = sim.api(t + 0.2, cli, user, "/api/v2/sync/attendance", "/api/v2/sync/attendance", "districtId=%d" % d.num,
                            method="POST", status=204, med=300)
        svc_account(L, user, "sis_integration", d.office[0], "district_sis_sync", "/api/v2/auth/token",
                    ips=[d.office[1]], schedule="hourly 06-18 local")
    # LMS roster sync by a vendor service user, nightly, every district: looks like a bulk walk
    user = "svc.rostersync@vendors.kseds.org"
    ips = ["3.139.%d.%d" % (rng.randint(1, 250), rng.randint(1, 250)) for _ in range(2)]
    for day in range(days):
        cli = Client(ips[day % 2], "CanopyRosterSync/2.14.0 (+https://canopylms.com/rostering)", False)
        t = world.day_epoch(day, world.districts[0].tz, 2.0 + rng.uniform(0, 0.2))
        t = sim.login_form(t, cli)[0]
        for d in world.districts:
            for pg in range(1, len(d.sections) // 40 + 2):
                t = sim.api(t + rng.uniform(0.2, 0.5), cli, user, "/api/v2/sections", "/api/v2/sections",
                            "districtId=%d&page=%d&pageSize=40" % (d.num, pg), (8000, 30000), med=90)
            for sec, _ in d.sections:
                t = sim.api(t + rng.uniform(0.15, 0.4), cli, user, "/api/v2/sections/%d/roster" % sec,
                            "/api/v2/sections/{sectionId:int}/roster", "", (2500, 9000), med=30)
    svc_account(L, user, "lms_vendor_integration", "Canopy LMS (vendor)", "lms_roster_sync_service", "/Account/Login",
                ips=ips, schedule="nightly 02:00 America/Chicago, all districts")
    # state data warehouse ETL
    user = "svc-edw-etl@kseds.org"
    cli = Client("165.201.8.20", "azure-data-factory/2.0", False)
    for day in range(days):
        t = token(sim, world.day_epoch(day, world.districts[0].tz, 3.25), cli)
        for d in world.districts:
            for pg in range(1, len(d.students) // 1000 + 2):
                t = sim.api(t + rng.uniform(0.3, 1.0), cli, user, "/api/v2/students", "/api/v2/students",
                            "districtId=%d&page=%d&pageSize=1000&fields=core" % (d.num, pg), (300000, 900000), med=700)
    svc_account(L, user, "state_etl", "KSEDS data center", "state_warehouse_etl", "/api/v2/auth/token",
                ips=["165.201.8.20"], schedule="nightly 03:15 America/Chicago")
    # approved Power Automate flow of one district: attendance summary every 15 min
    d = world.districts[7]
    user = "svc-attendance-flow@" + d.domain
    cli = Client("52.173.%d.%d" % (rng.randint(1, 250), rng.randint(1, 250)),
                 "azure-logic-apps/1.0 (workflow 6c1e0f83a5b94e2c9d0f4b7a12e6d3c8; version 08584633214712890123)", False)
    for day in range(days):
        t = world.day_epoch(day, d.tz, 7.0)
        end = world.day_epoch(day, d.tz, 16.0)
        while t < end:
            t2 = token(sim, t + rng.uniform(0, 2), cli)
            sim.api(t2, cli, user, "/api/v2/reports/attendance-summary", "/api/v2/reports/{reportKey}",
                    "districtId=%d&date=today" % d.num, (3000, 9000), med=120)
            t += 900
    svc_account(L, user, "automation_integration", d.office[0], "approved_power_automate_flow", "/api/v2/auth/token",
                ips=[cli.ip], schedule="every 15 min 07-16 local")
