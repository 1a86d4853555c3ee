"""Non-human traffic: mod_status scraper, uptime monitors, crawlers, scanners and the sanctioned integrations."""
from . import world as W
from .client import Client, lognorm

HOSTS = ("web01", "web02", "web03")
UPTIMEROBOT = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"
PINGDOM = "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
GOOGLEBOT_SP = ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/152.0.7390.54 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
BINGBOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
NESSUS_UA = "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0)"
PUBLIC = ["/public/", "/public/about.php", "/public/calendar.php?month=2026-11", "/public/calendar.php?month=2026-12",
          "/help/", "/help/sign-in.php", "/help/parents.php", "/help/faq.php", "/public/data/enrollment-2026.php"]
PROBES = ["/.env", "/.git/config", "/wp-login.php", "/xmlrpc.php", "/phpinfo.php", "/info.php", "/server-status",
          "/cgi-bin/test-cgi", "/admin/", "/phpmyadmin/", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
          "/.DS_Store", "/backup.zip", "/config.php.bak", "/actuator/health", "/api/v1/", "/console", "/solr/admin/",
          "/owa/auth/logon.aspx", "/remote/login", "/boaform/admin/formLogin", "/.aws/credentials", "/debug/default/view"]


def exporter(ctx):
    """Prometheus apache_exporter on each web host reading mod_status locally: no X-Forwarded-For, so `-`."""
    r = ctx.rng("exporter")
    for h in HOSTS:
        t = W.START + r.uniform(0, 60)
        while t < W.START + ctx.days * 86400:
            ctx.log.add(t, "-", None, "GET", "/server-status?auto", 200, r.randint(1050, 1190), None,
                        "Go-http-client/1.1", r.randint(350, 1900), None, host=h)
            t += 60.0 + r.uniform(-0.05, 0.05)
    ctx.benign_source("-", "apache_exporter_mod_status", note="local scrape on each web host, no proxy header")


def monitors(ctx):
    r = ctx.rng("monitors")
    end = W.START + ctx.days * 86400
    robots = ["216.144.250.150", "69.162.124.226", "63.143.42.246", "216.245.221.82"]
    t = W.START + r.uniform(0, 300)
    while t < end:
        ip = r.choice(robots)
        ctx.log.add(t, ip, None, "HEAD", "/healthz", 200, 0, None, UPTIMEROBOT, r.randint(900, 4000), None)
        t += 300.0 + r.uniform(-1, 1)
    pings = ["185.180.12.65", "5.172.196.188", "178.255.153.2", "76.72.172.208", "13.232.220.164", "52.59.46.112"]
    t = W.START + r.uniform(0, 60)
    while t < end:
        ctx.log.add(t, r.choice(pings), None, "GET", "/auth/login", 200, 6112, None, PINGDOM,
                    int(lognorm(r, 21000, 0.3)), None)
        t += 60.0 + r.uniform(-0.5, 0.5)
    for ip in robots:
        ctx.benign_source(ip, "uptimerobot_healthz_monitor")
    for ip in pings:
        ctx.benign_source(ip, "pingdom_login_page_check")


def crawlers(ctx):
    r = ctx.rng("crawlers")
    codes = [s[0] for s in W.SCHOOLS]
    pages = PUBLIC + ["/public/schools/%s" % c for c in codes] + ["/public/reportcards/2026/%s.pdf" % c for c in codes]
    for name, ua_list, pfx, per_day in (("googlebot", (GOOGLEBOT, GOOGLEBOT_SP), "66.249.6%d.", 420),
                                        ("bingbot", (BINGBOT,), "40.77.167.", 160)):
        ips = [(pfx % r.randint(4, 9) if "%" in pfx else pfx) + str(r.randint(2, 250)) for _ in range(6)]
        for day in range(ctx.days):
            for _ in range(int(r.gauss(per_day, per_day * 0.1))):
                t = W.local(day, r.uniform(0, 24))
                ip, ua = r.choice(ips), r.choice(ua_list)
                x = r.random()
                if x < 0.05:
                    ctx.log.add(t, ip, None, "GET", "/robots.txt", 200, 214, None, ua, r.randint(300, 900), None)
                elif x < 0.12:
                    sid = r.choice(ctx.pop.all_sids)
                    ctx.log.add(t, ip, None, "GET", "/student.php?sid=%s" % sid, 302, 0, None, ua, r.randint(4000, 9000), None)
                else:
                    p = r.choice(pages)
                    st = 304 if r.random() < 0.3 else 200
                    nb = 0 if st == 304 else (r.randint(180000, 900000) if p.endswith(".pdf") else r.randint(9000, 30000))
                    ctx.log.add(t, ip, None, "GET", p, st, nb, None, ua, int(lognorm(r, 60000, 0.5)), None)
        for ip in ips:
            ctx.benign_source(ip, name + "_public_pages")


def scanners(ctx):
    """The state SOC's weekly authorised Nessus scan (Tuesday 01:00) and internet background scanners."""
    r = ctx.rng("scanners")
    for day in range(ctx.days):
        if W.day_date(day).weekday() != 1:
            continue
        ip = "159.87.30.60"
        t = W.local(day, 1.0 + r.uniform(0, 0.1))
        for i in range(r.randint(1500, 2400)):
            x = r.random()
            if x < 0.35:
                p, st = r.choice(PROBES), r.choice((404, 404, 404, 403))
            elif x < 0.55:
                p, st = "/%s%d.%s" % (r.choice(("nessus", "Nessus_Test", "nstest")), r.randint(1000, 99999),
                                      r.choice(("html", "php", "asp", "cgi", "jsp"))), 404
            elif x < 0.75:
                p = r.choice(("/student.php?sid=", "/search.php?q=", "/auth/login?next=", "/public/calendar.php?month="))
                p += r.choice(("%27%20OR%20%271%27%3D%271", "..%2F..%2F..%2Fetc%2Fpasswd", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                               "%24%7Bjndi%3Aldap%3A%2F%2F159.87.30.60%2Fa%7D", "1%20AND%20SLEEP(5)"))
                st = 302 if p.startswith("/student") else r.choice((200, 400, 404))
            elif x < 0.9:
                p, st = r.choice(PUBLIC + ["/", "/auth/login", "/favicon.ico", "/robots.txt"]), 200
            else:
                p, st = r.choice(("/cgi-bin/", "/icons/", "/manual/", "/server-info", "/.htaccess", "/static/")), r.choice((403, 404))
            nb = 0 if st == 302 else r.randint(200, 9000)
            ctx.log.add(t, ip, None, "OPTIONS" if i % 97 == 0 else "GET", p, st, nb, None, NESSUS_UA,
                        int(lognorm(r, 6000, 0.8)), None)
            t += lognorm(r, 2.2, 0.9)
        ctx.benign_source(ip, "authorised_weekly_vuln_scan", operator="state SOC (Tenable Nessus)", n_requests=i + 1)
    uas = ["Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)", "Mozilla/5.0 zgrab/0.x",
           "Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day to "
           "identify customers' presences on the Internet. If you would like to be excluded from our scans, please send "
           "IP addresses/domains to: scaninfo@paloaltonetworks.com", "python-requests/2.31.0", "curl/7.88.1"]
    for k in range(r.randint(4, 7)):
        ip = "%d.%d.%d.%d" % (r.choice((45, 80, 162, 167, 185, 193, 198)), r.randint(1, 254), r.randint(1, 254), r.randint(1, 254))
        ua = uas[k % len(uas)]
        t = W.local(r.randrange(ctx.days), r.uniform(0, 24))
        n = r.randint(2, 30)
        for _ in range(n):
            p = r.choice(PROBES + ["/", "/", "/auth/login"])
            st = 200 if p == "/auth/login" else (302 if p == "/" else 404)
            ctx.log.add(t, ip, None, "GET", p, st, 0 if st == 302 else r.randint(200, 6200), None, ua, r.randint(800, 9000), None)
            t += r.uniform(0.2, 4)
        ctx.benign_source(ip, "internet_background_scanner", n_requests=n)


def integrations(ctx):
    """Sanctioned service accounts: the nightly LMS sync, the assessment vendor's uploads, cafeteria roster pulls."""
    r = ctx.rng("integrations")
    pop = ctx.pop
    sync = "svc-lmsync@svusd.k12.az.example"
    ips = [W.ip_in(r, W.CLOUD["aws_us_west_2"]) for _ in range(2)]
    ua = "LumenLMS-SISBridge/2.8.4 (+https://lumen-lms.example/sis)"
    ctx.service_account(sync, "nightly_sync_service", "SVDO", ips, ua)
    svsids = pop.district_sids["SVUSD"]
    for day in range(ctx.days):
        c = Client(ctx.log, r, r.choice(ips), ua, user=sync, browser=False)
        t = W.local(day, 1.5 + r.uniform(0, 0.05))
        since = W.day_date(day - 1).isoformat() + "T01:30:00-07:00"
        for kind, n in (("sections", r.randint(30, 45)), ("enrollments", r.randint(80, 120))):
            for pg in range(1, n + 1):
                t = c.api(t + r.uniform(0.05, 0.4), "/api/v3/sync/%s?updated_since=%s&page=%d&per_page=500" %
                          (kind, since.replace(":", "%3A"), pg), ref=None, nbytes=r.randint(90000, 260000))
        for sid in r.sample(svsids, r.randint(180, 380)):
            c.ip = r.choice(ips)
            t = c.api(t + r.uniform(0.02, 0.3), "/api/v3/students/%s?fields=enrollment,schedule" % sid, ref=None)
    for ip in ips:
        ctx.benign_source(ip, "nightly_sync_service", account=sync)
    vendor = "svc-assessvendor@sde.az.example"
    ip = W.ip_in(r, W.CLOUD["azure_westus2"])
    ua = "Apache-HttpClient/4.5.14 (Java/17.0.9)"
    ctx.service_account(vendor, "assessment_vendor_upload", "SDE", [ip], ua)
    for day in range(ctx.days):
        if not W.is_school_day(day):
            continue
        c = Client(ctx.log, r, ip, ua, user=vendor, browser=False)
        t = W.local(day, 18.0 + r.uniform(0, 0.3))
        for b in range(r.randint(20, 40)):
            bid = "%d-%04d" % (day + 1, b)
            t = c.api(t + r.uniform(1, 6), "/api/v3/assessments/results/batch", "POST", ref=None, nbytes=142)
            t = c.api(t + r.uniform(2, 9), "/api/v3/assessments/results/status?batch=%s" % bid, ref=None, nbytes=311)
    ctx.benign_source(ip, "assessment_vendor_upload", account=vendor)
    cafe = "svc-nutrition@svusd.k12.az.example"
    ip = W.ip_in(r, W.CLOUD["azure_westus2"])
    ctx.service_account(cafe, "cafeteria_roster_pull", "SVDO", [ip], "okhttp/4.9.3")
    for day in range(ctx.days):
        c = Client(ctx.log, r, ip, "okhttp/4.9.3", user=cafe, browser=False)
        for h in range(6, 19, 2):
            t = W.local(day, h + r.uniform(0, 0.02))
            for code in [s[0] for s in W.SCHOOLS if s[2] == "SVUSD"]:
                t = c.api(t + r.uniform(0.3, 1.5), "/api/v3/rosters/%s?fields=sid,grade,meal_status" % code, ref=None,
                          nbytes=r.randint(40000, 160000))
    ctx.benign_source(ip, "cafeteria_roster_pull", account=cafe)
