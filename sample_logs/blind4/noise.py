"""Unlabelled background: LB health checks, uptime monitors, search engines, scanners."""
from __future__ import annotations

from . import pages as P
from .site import Client, Site
from .world import LBS, Nets, day_start

UPTIMEROBOT = ("69.162.124.231", "63.143.42.244", "216.245.221.83", "208.115.199.22", "216.144.250.150",
               "69.162.124.237")
PINGDOM = ("64.237.49.203", "185.180.12.65", "76.164.234.106", "178.255.152.2", "94.75.211.74", "64.141.100.136")
BOTS = (
    ("Googlebot", ("66.249.66.1", "66.249.66.34", "66.249.68.71", "66.249.79.130"),
     "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 70),
    ("Googlebot smartphone", ("66.249.66.160", "66.249.68.6"),
     "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/141.0.7390.122 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 35),
    ("bingbot", ("157.55.39.12", "157.55.39.201", "207.46.13.88", "40.77.167.35"),
     "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 45),
    ("GPTBot", ("20.171.207.44", "20.171.206.170"),
     "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)", 25),
    ("AhrefsBot", ("5.39.1.229", "54.36.148.48"),
     "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", 20),
    ("Applebot", ("17.241.219.52",),
     "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 "
     "Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)", 10),
)
SCAN_PATHS = ("/.env", "/.git/config", "/.git/HEAD", "/wp-login.php", "/wp-admin/setup-config.php", "/xmlrpc.php",
              "/phpmyadmin/", "/pma/", "/admin", "/admin/login", "/administrator/", "/actuator/env", "/actuator/health",
              "/server-status", "/config.json", "/.aws/credentials", "/api/v1/users?per_page=1000", "/console",
              "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/cgi-bin/luci/;stok=/locale", "/owa/auth/logon.aspx",
              "/remote/login", "/global-protect/login.esp", "/dana-na/auth/url_default/welcome.cgi", "/.DS_Store",
              "/backup.zip", "/db.sql", "/rails/info/routes", "/rails/info/properties", "/sidekiq", "/graphql",
              "/api/swagger.json", "/swagger-ui.html", "/.well-known/security.txt", "/solr/admin/info/system",
              "/telescope/requests", "/_ignition/execute-solution", "/jenkins/login", "/manager/html", "/.svn/entries",
              "/cgi-bin/.%2e/.%2e/.%2e/.%2e/etc/passwd", "/index.php?s=/Index/\\think\\app/invokefunction",
              "/config/database.yml", "/storage/logs/laravel.log", "/users/sign_in?user[email]=admin", "/robots.txt")


def health_checks(site: Site, days: int) -> None:
    r = site.r
    for lb in LBS:
        c = Client(lb, "ELB-HealthChecker/2.0", via="", browser=False)
        t = day_start(0) + r.uniform(0, 30)
        end = day_start(days)
        while t < end:
            site.hit(c, t, "GET", "/up", nb=73, ctrl="Rails::HealthController#show", fmt="html",
                     dur=r.uniform(0.001, 0.006))
            t += 30.0 + r.uniform(-0.02, 0.02)


def monitors(site: Site, days: int) -> None:
    r = site.r
    end = day_start(days)
    ur = [Client(ip, "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", browser=False)
          for ip in UPTIMEROBOT]
    t = day_start(0) + r.uniform(0, 300)
    while t < end:
        site.hit(r.choice(ur), t, "HEAD", "/users/sign_in", nb=5300, ctrl="Users::SessionsController#new", fmt="html")
        t += 300 + r.uniform(-1, 1)
    pd = [Client(ip, "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)", browser=False) for ip in PINGDOM]
    t = day_start(0) + r.uniform(0, 60)
    while t < end:
        site.hit(r.choice(pd), t, "GET", "/status", nb=r.randint(410, 430), ctrl="StatusController#show")
        t += 60 + r.uniform(-0.5, 0.5)


def crawlers(site: Site, days: int) -> None:
    r = site.r
    for d in range(days):
        for name, ips, ua, n in BOTS:
            for _ in range(int(n * r.uniform(0.6, 1.4))):
                c = Client(r.choice(ips), ua, browser=False)
                t = day_start(d) + r.uniform(0, 86400)
                x = r.random()
                if x < 0.12:
                    site.static(c, t, "/robots.txt", 212)
                elif x < 0.22:
                    site.hit(c, t, "GET", "/", st=302, nb=0, ctrl="HomeController#index", fmt="html",
                             loc="https://sds.ed.example.gov/users/sign_in")
                elif x < 0.3:
                    site.hit(c, t, "GET", "/users/sign_in", nb=5300, ctrl="Users::SessionsController#new", fmt="html")
                elif x < 0.34:
                    site.static(c, t, "/sitemap.xml", 1880)
                else:
                    site.static(c, t, r.choice(P.HELP), r.randint(7000, 26000))


def scanners(site: Site, nets: Nets, days: int) -> dict:
    """An internet vulnerability scanner one night, plus daily low-volume internet survey probes."""
    r = site.r
    ip = nets.ip("badhost", "internet vulnerability scanner (Nuclei / zgrab), unlabelled background")
    uas = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/94.0.4606.81 Safari/537.36",
           "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)", "Mozilla/5.0 zgrab/0.x")
    t = day_start(min(1, days - 1)) + r.uniform(2.5, 4.5) * 3600
    for _ in range(r.randint(3, 5)):
        for path in r.sample(SCAN_PATHS, len(SCAN_PATHS)):
            c = Client(ip, r.choice(uas), browser=False)
            p, _, q = path.partition("?")
            if p.startswith("/.") or "/." in p:
                site.hit(c, t, "GET", p, q, st=403, nb=153, layer=0)
            elif p == "/robots.txt":
                site.static(c, t, p, 212)
            elif p.startswith("/users/sign_in"):
                site.hit(c, t, "GET", p, q, nb=5300, ctrl="Users::SessionsController#new", fmt="html")
            else:
                site.hit(c, t, r.choice(("GET", "GET", "POST")), p, q, st=404, nb=r.choice((1722, 1722, 0)),
                         ctrl="ErrorsController#not_found", fmt="html",
                         pp={"unmatched": p.lstrip("/")} if not q else {"unmatched": p.lstrip("/"), "s": "[FILTERED]"})
            t += r.uniform(0.05, 1.2)
        t += r.uniform(30, 400)
    survey = {}
    for d in range(days):
        for ua in ("Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)",
                   "Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day "
                   "to identify customers&#39; presences on the Internet. If you would like to be excluded from our scans, "
                   "please send IP addresses/domains to: scaninfo@paloaltonetworks.com",
                   "Mozilla/5.0 (compatible; InternetMeasurement/1.0; +https://internet-measurement.com/)"):
            sip = nets.ip("badhost", "internet survey scanner (Censys / Expanse / InternetMeasurement)")
            survey[sip] = ua
            c = Client(sip, ua, browser=False)
            t = day_start(d) + r.uniform(0, 86000)
            site.hit(c, t, "GET", "/", st=302, nb=0, ctrl="HomeController#index", fmt="html",
                     loc="https://sds.ed.example.gov/users/sign_in")
            site.static(c, t + 1, "/favicon.ico", 4286)
    return {"scanner": ip, "survey": sorted(survey)}
