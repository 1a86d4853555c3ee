"""Non-human traffic of blind22: F5 health monitors, Pingdom, crawlers, Censys, a vulnerability scanner, the
sanctioned integrations on ``svc-`` accounts and the IT admin's documented PowerShell script."""
import math

from . import world as W
from .client import Browser, BASE
from .people import Person

PUBLIC = ["/public/calendar.php?month=2026-11", "/public/calendar.php?month=2026-12", "/public/schools.php",
          "/public/bell-schedules.php", "/public/enroll/", "/public/enroll/checklist.php", "/public/contact.php",
          "/public/board/meetings.php", "/parent/login.php", "/public/transportation.php"] + [
    "/public/school.php?id=" + c[3] for c in W.CAMPUSES if c[2] != "co"] + [
    "/public/lunch-menu.php?school=%s&week=2026-11-16" % c[3] for c in W.CAMPUSES if c[2] != "co"]
GOOGLEBOT = ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; "
             "+http://www.google.com/bot.html) Chrome/156.0.7390.54 Safari/537.36")
BINGBOT = ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; "
           "+http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36")
APPLEBOT = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
            "Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)")
PINGDOM = "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)"
CENSYS = "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)"
PROBES = ["/.env", "/.git/config", "/.git/HEAD", "/wp-login.php", "/wp-admin/", "/xmlrpc.php", "/phpinfo.php",
          "/info.php", "/server-status", "/admin/", "/admin/config.php", "/config.php.bak", "/backup.zip",
          "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/cgi-bin/luci", "/actuator/env", "/.DS_Store",
          "/api/v2/", "/api/v2/swagger.json", "/api/v1/users", "/solr/admin/info/system", "/owa/auth/logon.aspx",
          "/remote/login", "/global-protect/login.esp", "/.aws/credentials", "/composer.json", "/web.config",
          "/students/profile.php?sid=1%27%20OR%20%271%27%3D%271", "/login?next=%2F%2Fevil.example", "/debug/pprof/",
          "/phpmyadmin/", "/pma/", "/test.php", "/_profiler/phpinfo", "/telescope/requests", "/.svn/entries",
          "/storage/logs/laravel.log", "/assets/js/../../../../etc/passwd", "/export/state_submission.php",
          "/reports/download.php?job=../../../../etc/passwd", "/parent/login.php?redirect=javascript:alert(1)"]


def _svc(w, login, behaviour, ua, ips, label_params):
    p = Person(login=login, role="service", campus="CO", auth="api_token", behaviour=behaviour, ua=ua)
    p.label_params = label_params
    w.extra_accounts[login] = p
    for ip in ips:
        ent = w.sources.setdefault(ip, {"behaviour": behaviour, "params": {}})
        ent["params"].setdefault("integrations", []).append(login)
    return p


def monitors(w, out):
    r = w.rng("monitors")
    end = w.t(w.days - 1, 24)
    for unit, ip in enumerate(W.F5_SELF_IPS):
        w.sources[ip] = {"behaviour": "f5_health_monitor", "params": {"unit": "bigip-%02d" % (unit + 1),
                                                                      "interval_s": 30}}
        for srv in range(3):
            t = w.midnights[0] + r.uniform(0, 30)
            while t < end:
                out.ev(t, srv, ip, None, "GET", "/healthcheck.php", "HTTP/1.1", 200, 2, "-", "-", "-",
                       round(r.uniform(0.002, 0.011), 3), None)
                t += 30.0 + r.uniform(-0.01, 0.02)
    probes = ["76.72.167.%d" % k for k in (90, 154)] + ["64.237.49.203", "69.59.28.19", "185.180.12.65",
                                                        "72.46.140.186", "76.164.234.170", "178.255.152.2"]
    for ip in probes:
        w.sources[ip] = {"behaviour": "pingdom_uptime", "params": {"interval_s": 300}}
    t = w.midnights[0] + r.uniform(0, 300)
    while t < end:
        b = Browser(out, r, PINGDOM, r.choice(probes), cached=False)
        b.hit(t, "GET", "/login", 200, "html", ref="-", auth=False, rt=r.uniform(0.03, 0.12))
        t += 300.0 + r.uniform(-1, 1)


def crawlers(w, out):
    r = w.rng("crawlers")
    bots = [("googlebot", GOOGLEBOT, ["66.249.66.%d" % k for k in (1, 12, 37, 69, 70, 160)] + ["66.249.68.33"], 900),
            ("bingbot", BINGBOT, ["40.77.167.%d" % k for k in (5, 27, 60)] + ["207.46.13.%d" % k for k in (86, 140)],
             1500),
            ("applebot", APPLEBOT, ["17.241.219.%d" % k for k in (44, 161)] + ["17.22.245.23"], 5400)]
    for name, ua, ips, gap in bots:
        for ip in ips:
            w.sources[ip] = {"behaviour": "crawler_" + name, "params": {}}
        t = w.midnights[0] + r.uniform(0, gap)
        while t < w.t(w.days - 1, 24):
            b = Browser(out, r, ua, r.choice(ips), cached=False)
            path = "/robots.txt" if r.random() < 0.12 else "/" if r.random() < 0.08 else r.choice(PUBLIC)
            if path == "/":
                b.hit(t, "GET", "/", 302, "redir", ref="-", auth=False)
                b.hit(t + r.uniform(0.5, 30), "GET", "/login", 200, ref="-", auth=False)
            else:
                st = 404 if r.random() < 0.03 else 200
                b.hit(t, "GET", path if st == 200 else "/public/news.php?id=%d" % r.randint(100, 900), st,
                      "img" if path.endswith(".txt") else "html", ref="-", auth=False,
                      size=312 if path.endswith(".txt") else None)
            t += r.expovariate(1.0 / gap)
    for ip in ("167.94.138.%d" % r.randint(2, 250), "162.142.125.%d" % r.randint(2, 250)):
        w.sources[ip] = {"behaviour": "censys_inventory", "params": {}}
        for day in range(w.days):
            b = Browser(out, r, CENSYS, ip, cached=False)
            t = w.t(day, r.uniform(0, 23.5))
            b.hit(t, "GET", "/", 302, "redir", ref="-", auth=False)
            b.hit(t + 1.5, "GET", "/favicon.ico", 200, "img", ref="-", auth=False, size=5430, rt=0.0)


def scanner(w, out):
    r = w.rng("scanner")
    ip = "193.142.146.%d" % r.randint(10, 240)
    w.sources[ip] = {"behaviour": "internet_vulnerability_scanner", "params": {"spoofed_xff": "127.0.0.1"}}
    w.sources["127.0.0.1"] = {"behaviour": "internet_vulnerability_scanner",
                              "params": {"note": "spoofed X-Forwarded-For of " + ip}}
    uas = [W.ua_chrome_win(r.randint(110, 150)) for _ in range(6)] + [
        "Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))",
        "python-requests/2.31.0", "Go-http-client/1.1", "curl/8.5.0"]
    t = w.t(0, r.uniform(2.0, 4.0))
    paths = PROBES * 6
    r.shuffle(paths)
    for path in paths[:r.randint(180, 260)]:
        spoof = "127.0.0.1" if r.random() < 0.2 else None
        b = Browser(out, r, r.choice(uas), ip, cached=False, spoof=spoof)
        method = "POST" if path in ("/xmlrpc.php", "/wp-login.php") and r.random() < 0.6 else "GET"
        st = 403 if path.startswith(("/.", "/server-status")) else 302 if path.startswith(
            ("/admin/", "/students/", "/export/", "/reports/")) else 200 if path.startswith(("/login", "/parent/")) \
            else 404
        b.hit(t, method, path, st, "redir" if st == 302 else "html", ref="-", auth=False, rt=r.uniform(0.001, 0.05))
        t += r.expovariate(1 / 4.0)


def integrations(w, out):
    r = w.rng("integrations")
    specs = [
        ("svc-staterpt@" + W.DOMAIN, "state_reporting_nightly_export", "HCPS-StateReporter/3.2 (python-requests/2.32.3)",
         [W.CO_SERVERS], [1.5], ["enrollment", "attendance", "programs"], "/api/v2/export/state/%s?school=%s&page=%d&per_page=500"),
        ("svc-routing@" + W.DOMAIN, "bus_routing_nightly_addresses", "Apache-HttpClient/5.3.1 (Java/21.0.5)",
         ["52.70.183.41"], [2.75], ["addresses"], "/api/v2/export/%s?school=%s&page=%d&per_page=500"),
        ("svc-mealpoint@" + W.DOMAIN, "cafeteria_pos_roster", "MealPoint-Connector/5.1 (.NET 8.0.11; Windows)",
         ["20.121.88.170"], [4.0, 10.25], ["roster"], "/api/v2/export/%s?school=%s&page=%d&per_page=500"),
        ("svc-canvas@" + W.DOMAIN, "lms_roster_sync_hourly", "Instructure-SISSync/2.4 (+https://www.instructure.com)",
         ["34.231.64.12", "3.224.190.77"], [h + 0.1 for h in range(6, 19)], ["sections", "enrollments"],
         "/api/v2/sync/%s?school=%s&page=%d&updated_since=-1h"),
    ]
    for login, beh, ua, ips, hours, kinds, pat in specs:
        _svc(w, login, beh, ua, ips, {"sanctioned": True, "schedule_local": ["%02d:%02d" % (h, round(h % 1 * 60)) for h in hours]})
        for day in range(w.days):
            for h in hours:
                if beh.startswith("lms") and not w.school_day[day]:
                    continue
                b = Browser(out, r, ua, r.choice(ips), cached=False)
                t = w.t(day, h) + r.uniform(5, 50)
                t = b.post(t, "/api/v2/auth/token", 200, "json", ref="-", auth=False, size=612)
                b.user = login
                for school in W.SCHOOLS:
                    n = len(w.by_school[school])
                    for kind in kinds:
                        pages = 1 if beh.startswith("lms") else math.ceil(n / 500)
                        for pg in range(1, pages + 1):
                            big = "json" if beh.startswith("lms") else "csv"
                            t = b.hit(t + r.uniform(0.05, 0.6), "GET", pat % (kind, W.CAMPUS[school][3], pg), 200,
                                      big, ref="-", rt=r.uniform(0.4, 4.0) if big == "csv" else None)


def it_script(w, out, p):
    """The IT admin's documented PowerShell job on his own account (MFA exemption for the server NAT)."""
    r = w.rng("itscript")
    ua = "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.20348; en-US) PowerShell/7.4.6"
    p.behaviour = "it_powershell_script"
    p.label_params = {"script_user_agent": ua, "script_address": W.CO_SERVERS, "interval_min": 30,
                      "documented": "CHG0041877 locked-account and session report, MFA exemption for " + W.CO_SERVERS}
    t = w.midnights[0] + r.uniform(60, 1700)
    while t < w.t(w.days - 1, 24):
        b = Browser(out, r, ua, W.CO_SERVERS, cached=False)
        t1 = b.hit(t, "GET", "/login", ref="-", auth=False)
        b.user = p.login
        t1 = b.post(t1 + 0.2, "/login", ref="-")
        for path in ("/admin/users.php?export=json&filter=locked", "/api/v2/admin/sessions?active=1",
                     "/admin/jobs.php?format=json"):
            t1 = b.hit(t1 + 0.1, "GET", path, 200, "json", ref="-")
        b.hit(t1 + 0.1, "GET", "/logout.php", 302, "redir", ref="-")
        t += 1800.0 + r.uniform(-2, 8)


def run(w, out):
    monitors(w, out)
    crawlers(w, out)
    scanner(w, out)
    integrations(w, out)
