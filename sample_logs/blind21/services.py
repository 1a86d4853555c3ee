"""Non-human traffic: HAProxy health checks, Nagios, the sanctioned integrations (nightly roster sync, data
warehouse pull), search-engine crawlers on the public pages, IT's weekly Nessus scan, internet background noise."""
import datetime

from . import app as A
from . import world as W
from .client import Script

NAGIOS_UA = "check_http/v2.4.9 (nagios-plugins 2.4.9)"
JAVA_UA = "Apache-HttpClient/4.5.14 (Java/17.0.12)"
DWH_UA = "python-requests/2.32.3"
NESSUS_UA = "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0)"
NESSUS_PROBES = ["/admin/", "/phpinfo.php", "/.git/HEAD", "/server-status", "/manager/html", "/host-manager/html",
                 "/examples/servlets/index.html", "/docs/", "/cgi-bin/test-cgi", "/WEB-INF/web.xml",
                 "/sv/..;/WEB-INF/web.xml", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/index.jsp", "/jmx-console/",
                 "/web-console/", "/struts2-showcase/", "/sv/home.do?redirect:http://www.nessus.org",
                 "/sv/home.do?class.classLoader.resources.context.parent.pipeline.first.pattern=x",
                 "/.svn/entries", "/backup.zip", "/sv/static/../../../../etc/passwd", "/solr/admin/",
                 "/axis2/axis2-admin/", "/invoker/JMXInvokerServlet", "/console/login/LoginForm.jsp",
                 "/nessus_is_probing_you_%d", "/crossdomain.xml", "/sitemap.xml", "/.well-known/security.txt",
                 "/sv/login.jsp", "/sv/static/", "/TRACE_test", "/CFIDE/administrator/", "/iisstart.htm"]
TOMCAT_DEFAULTS = ["tomcat", "admin", "manager", "role1", "both", "root", "xampp", "ovwebusr"]
BACKGROUND = [("Mozilla/5.0 zgrab/0.x", ["/"]),
              ("Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day "
               "to identify customers' presences on the Internet. If you would like to be excluded from our scans, "
               "please send IP addresses/domains to: scaninfo@paloaltonetworks.com", ["/"]),
              ("Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)", ["/", "/favicon.ico"]),
              ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/120.0 Safari/537.36",
               ["/.env", "/wp-login.php", "/.git/config", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
                "/cgi-bin/luci/;stok=/locale", "/actuator/health", "/owa/auth/logon.aspx"])]


def health_checks(log, rng):
    """HAProxy `option httpchk GET /public/ping` every 30 s from each proxy, one connection per check."""
    for px, ip in enumerate(W.PROXIES):
        dev = "hc:" + ip
        log.styles[dev] = "single"
        t = log.t0 + rng.uniform(0, 30)
        while t < log.t1:
            log.add(t, 0.0015 + rng.random() * 0.002, ip, None, "GET", "/public/ping", 200, "text/plain", 2,
                    dev=dev, host="scoreview-app", ver="1.1")
            t += 30.0 + rng.uniform(-0.05, 0.05)


def nagios(log, rng):
    c1 = Script(log, rng, None, W.NAGIOS_IP, NAGIOS_UA, "ng1", style="single")
    c2 = Script(log, rng, "svc_nagios", W.NAGIOS_IP, NAGIOS_UA, "ng2", style="single")
    t = log.t0 + rng.uniform(0, 300)
    while t < log.t1:
        c1.get(t, "/", A.answer(rng, "public"))
        c2.get(t + rng.uniform(2, 9), A.home(), A.answer(rng, "page"))
        t += 300 + rng.uniform(-2, 2)


def roster_sync(log, world, rng):
    """svc_rostersync: nightly full pull at 01:30 and hourly deltas 06:00-18:00 (HttpClient: one 401 first)."""
    for d in range(log.days):
        day = W.START_DATE + datetime.timedelta(days=d)
        stamp = A.q("%sT01:30:00-06:00" % (day - datetime.timedelta(days=1)).isoformat())
        c = Script(log, rng, "svc_rostersync", W.SYNC_IP, JAVA_UA, "rs:%d" % d, challenge=True)
        t = log.at(d, 1.5) + rng.uniform(0, 40)
        for dist in world.districts:
            n = sum(len(v) for sc in dist.schools for v in sc.pupils.values())
            for page in range(1, n // 1000 + 2):
                uri = "/sv/api/v2/rosters?district=%s&changedSince=%s&page=%d" % (dist.code, stamp, page)
                t = c.get(t, uri, A.answer(rng, "api")) + rng.uniform(0.01, 0.05)
        for h in range(6, 19):
            c = Script(log, rng, "svc_rostersync", W.SYNC_IP, JAVA_UA, "rs:%d:%d" % (d, h), challenge=True)
            t = log.at(d, h) + rng.uniform(5, 50)
            since = A.q("%sT%02d:00:00-06:00" % (day.isoformat(), h - 1))
            for dist in world.districts:
                uri = "/sv/api/v2/enrollments/delta?district=%s&since=%s" % (dist.code, since)
                t = c.get(t, uri, A.answer(rng, "json")) + 0.01


def dwh_pull(log, world, rng):
    """svc_dwh: the data warehouse's nightly extract of all results at 03:10."""
    for d in range(log.days):
        c = Script(log, rng, "svc_dwh", W.DWH_IP, DWH_UA, "dwh:%d" % d)
        t = log.at(d, 3.15) + rng.uniform(0, 120)
        for adm in ["ELA", "MAT", "SCI", "PSAT9", "PSAT10", "SAT"]:
            for dist in world.districts:
                n = sum(len(sc.pupils[g]) for sc in dist.schools for g in W.TESTED[sc.level])
                for page in range(1, n // 2000 + 2):
                    uri = "/sv/api/v2/results?admin=2026SP-%s&district=%s&page=%d&pageSize=2000" % (adm, dist.code,
                                                                                                    page)
                    t = c.get(t, uri, A.answer(rng, "api")) + 0.005


def crawlers(log, world, rng):
    """Search engines on the public pages through the proxy; links into /sv/ get a 401."""
    for name, (prefixes, ua) in sorted(W.CRAWLERS.items()):
        ips = [W.ip_in(rng, p, world.used) for p in prefixes]
        for ip in ips:
            log.crawler_ips[ip] = name
        per_day = {"Googlebot": 70, "bingbot": 45, "Applebot": 12}[name]
        for d in range(log.days):
            for k in range(per_day):
                ip = rng.choice(ips)
                c = Script(log, rng, None, ip, ua, "cr:%s" % ip, px=rng.randint(0, 1), style="single")
                t = log.at(d, rng.uniform(0, 24))
                if k % 15 == 0:
                    c.get(t, "/robots.txt", (200, "text/plain", 96, 0.002))
                    t += 1
                x = rng.random()
                if x < 0.07:
                    c.get(t, A.home(), (401,) + A.ERR401 + (0.003,))
                elif x < 0.1:
                    c.get(t, "/help/old-page.html", (404, "text/html; charset=iso-8859-1", 196, 0.003))
                else:
                    c.get(t, rng.choice(A.PUBLIC_PAGES), A.answer(rng, "public"))
    return


def nessus(log, rng):
    """IT's weekly authenticated Nessus scan (Tuesdays 05:10): probes, default Tomcat logins, a crawl as svc_nessus."""
    if log.weekday(0) != 1:
        return
    c = Script(log, rng, None, W.NESSUS_IP, NESSUS_UA, "nessus", style="persistent")
    t = log.at(0, 5.17)
    for _ in range(3):
        for p in NESSUS_PROBES:
            p = p % rng.randint(10 ** 9, 10 ** 10) if "%d" in p else p
            st = 401 if p.startswith("/sv/") and "static/.." not in p else (200 if p in ("/",) else 404)
            t = c.get(t, p, (st, "text/html; charset=iso-8859-1", 196 if st == 404 else 381, 0.003)) + 0.05
            if rng.random() < 0.15:
                c.get(t, p, (st, "text/html; charset=iso-8859-1", 196, 0.003), method=rng.choice(["OPTIONS", "TRACE"]))
        t += rng.uniform(60, 200)
    for name in TOMCAT_DEFAULTS:
        for p in ("/manager/html", "/host-manager/html", "/sv/home.do"):
            st = 401 if p.startswith("/sv/") else 404
            t = c.get(t, p, (st, "text/html; charset=iso-8859-1", 381 if st == 401 else 196, 0.05), user=name) + 0.2
    c2 = Script(log, rng, "svc_nessus", W.NESSUS_IP, NESSUS_UA, "nessus2")
    for p in ["/sv/home.do", "/sv/reports.do", "/sv/search.do", "/sv/admin/users.do"] + [
            A.ASSETS_FIRST[i][0] for i in range(len(A.ASSETS_FIRST))]:
        for q in ("", "?'", "?x=<script>alert(1)</script>", "?lastName=%27%20OR%201%3D1--"):
            st = 403 if "admin" in p else (400 if q and "static" not in p and rng.random() < 0.3 else 200)
            t = c2.get(t, p + q, (st, A.HTML, rng.randint(1800, 22000), 0.12)) + 0.1


def background(log, world, rng):
    """Internet scanners that reach the public name through the proxy."""
    for d in range(log.days):
        for _ in range(rng.randint(40, 90)):
            ua, paths = rng.choice(BACKGROUND)
            cloud = rng.choice(sorted(W.CLOUD))
            ip = W.ip_in(rng, rng.choice(W.CLOUD[cloud]), world.used)
            c = Script(log, rng, None, ip, ua, "bg:" + ip, px=rng.randint(0, 1), style="single")
            t = log.at(d, rng.uniform(0, 24))
            for p in paths[:rng.randint(1, len(paths))]:
                st = 200 if p == "/" else 404
                t = c.get(t, p, (st, "text/html", 6212 if st == 200 else 196, 0.004)) + rng.uniform(0.2, 2)
            log.background_ips.append(ip)


def run(log, world, rng):
    log.background_ips, log.crawler_ips = [], {}
    health_checks(log, rng)
    nagios(log, rng)
    roster_sync(log, world, rng)
    dwh_pull(log, world, rng)
    crawlers(log, world, rng)
    nessus(log, rng)
    background(log, world, rng)
