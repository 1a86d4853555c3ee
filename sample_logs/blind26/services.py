"""Non-human and outside traffic: load-balancer checks, monitors, crawlers, the weekly scan, sanctioned integrations on
``svc-`` ids (HTTP Basic on ``/harbor/api/v2``), an IT admin's own script, and parents on the family portal.
"""
import math

from . import tasks as T
from .browser import Browser
from .staff import H, weekday
from .world import BASE, ip_in

LB = ["10.40.1.2", "10.40.1.3"]
PINGDOM = ["76.72.167.90", "178.255.152.2", "185.180.12.65", "85.195.116.134", "69.59.28.19", "52.0.204.16",
           "94.75.211.74", "185.136.156.82"]
GOOGLE = ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) "
          "Chrome/141.0.7390.122 Safari/537.36")
BING = "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36"
APPLE = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 "
         "Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)")
PUBLIC = [("/", 200, 8140), ("/robots.txt", 200, 118), ("/parent/help/", 200, 14220), ("/parent/help/faq", 200, 22810),
          ("/parent/help/create-account", 200, 17350), ("/parent/help/es/faq", 200, 23990),
          ("/parent/help/report-cards", 200, 12670), ("/parent/help/privacy", 200, 19400), ("/sitemap.xml", 404, 196),
          ("/harbor/", 302, 0), ("/parent/", 302, 0), ("/parent/help/es/create-account", 200, 17902)]
NESSUS_UA = "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0)"
PROBES = ["/.git/config", "/.env", "/wp-login.php", "/phpmyadmin/", "/admin/", "/manager/html", "/host-manager/html",
          "/server-status", "/server-info", "/cgi-bin/test-cgi", "/cgi-bin/printenv", "/harbor/struts/webconsole.html",
          "/harbor/index.action", "/harbor/login.do?redirect:%24%7B%23a%3D1%7D", "/WEB-INF/web.xml",
          "/harbor/WEB-INF/web.xml", "/backup.zip", "/harbor.war", "/jmx-console/", "/invoker/JMXInvokerServlet",
          "/solr/admin/", "/actuator/env", "/harbor/actuator/health", "/console/", "/_vti_bin/", "/iisadmin/",
          "/examples/servlets/", "/docs/", "/harbor/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/windows/win.ini",
          "/harbor/student/profile.do?studentId=%27", "/harbor/student/search.do?lastName=%3Cscript%3E",
          "/crossdomain.xml", "/clientaccesspolicy.xml", "/.DS_Store", "/.svn/entries", "/config.php.bak",
          "/harbor/api/v2/", "/harbor/api/v1/", "/parent/../harbor/admin/users.do", "/nessus-check-%d.html"]


def infrastructure(world, log, truth, rng_for, restart):
    rng = rng_for("infra")
    end = world.days * 86400.0
    for i, ip in enumerate(LB):
        t = rng.uniform(0, 15)
        while t < end:
            log.add(t, ip, "-", "GET", "/harbor/healthcheck.jsp", 200, 2, "-", "-", dur=rng.uniform(.002, .01),
                    proto="HTTP/1.0")
            t += 15 + rng.uniform(-.05, .05)
        truth.source(ip, "load_balancer_health_check", node=i + 1, interval_s=15)
    t = rng.uniform(0, 60)
    while t < end:
        ip = rng.choice(PINGDOM)
        log.add(t, ip, "-", "GET", "/parent/help/", 200, 14220, "-", "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
                dur=rng.uniform(.05, .2))
        t += 60 + rng.uniform(-.5, .5)
    for ip in PINGDOM:
        truth.source(ip, "uptime_monitor_pingdom", interval_s=60)
    t = rng.uniform(0, 300)
    while t < end:
        log.add(t, "10.30.2.11", "-", "GET", "/harbor/healthcheck.jsp?deep=1", 200, 311, "-",
                "check_http/v2.3.3 (monitoring-plugins 2.3.3)", dur=rng.uniform(.05, .4))
        t += 300
    truth.source("10.30.2.11", "nagios_internal_check", interval_s=300)
    for ua, prefixes, per_day, name in ((GOOGLE, ("66.249.66", "66.249.68", "66.249.79"), 110, "googlebot"),
                                        (BING, ("40.77.167", "207.46.13", "157.55.39"), 70, "bingbot"),
                                        (APPLE, ("17.241.219", "17.241.227"), 20, "applebot")):
        ips = [ip_in(rng, rng.choice(prefixes)) for _ in range(6)]
        for d in range(world.days):
            for _ in range(int(rng.gauss(per_day, per_day * .2))):
                path, status, size = rng.choice(PUBLIC)
                if path == "/harbor/" and rng.random() < .5:
                    path = T.P % rng.choice(rng.choice(list(world.schools.values())).pupils)   # a leaked link
                log.add(d * 86400.0 + rng.uniform(0, 86400), rng.choice(ips), "-", "GET", path, status, size, "-", ua,
                        dur=rng.uniform(.01, .3))
        for ip in ips:
            truth.source(ip, "search_engine_crawler", crawler=name)
    scan_day = min(1, world.days - 1)
    t = scan_day * 86400.0 + rng.uniform(1.05, 1.2) * H
    n = rng.randint(1800, 2600)
    for i in range(n):
        path = rng.choice(PROBES)
        if "%d" in path:
            path = path % rng.randint(10000, 99999)
        method = rng.choice(("GET", "GET", "GET", "GET", "POST", "HEAD", "OPTIONS", "TRACE", "PROPFIND"))
        status = 405 if method in ("TRACE", "PROPFIND") else 400 if ".." in path or "%2e" in path else \
            302 if path.startswith("/harbor/") else 403 if path.startswith("/server-") else 404
        if rng.random() < .01:
            log.add(t, "10.30.8.15", "-", "", "-", 408, 0, "-", "-", dur=20)
        else:
            log.add(t, "10.30.8.15", "-", method, path, status, 0 if status == 302 else rng.randint(196, 1100), "-",
                    NESSUS_UA if rng.random() < .9 else "Nessus SOAP v0.0.1 (Nessus.org)", dur=rng.uniform(.002, .08))
        t += rng.expovariate(1 / .9)
    truth.source("10.30.8.15", "authorised_weekly_vulnerability_scan", scanner="Tenable Nessus", n_probes=n)
    return restart


def _api(log, rng, ip, user, ua, t, path, size, status=200, dur=None):
    log.add(t, ip, user, "GET", path, status, size, "-", ua, dur=dur if dur is not None else rng.uniform(.05, .6))
    return t + (dur or .3) + rng.uniform(.02, .2)


def integrations(world, log, truth, rng_for, it_admin):
    rng = rng_for("integrations")
    schools = list(world.schools.values())
    lms = ("svc-lmssync", "20.102.37.118", "Apache-HttpClient/4.5.14 (Java/17.0.9)")
    meals = ("svc-mealtrack", "34.198.61.23", "python-requests/2.32.3")
    bus = ("svc-routewise", "52.14.200.81", "okhttp/4.12.0")
    state = ("svc-statereport", "199.167.41.20", "Java/17.0.12")
    for d in range(world.days):
        d0 = d * 86400.0
        name, ip, ua = lms
        t = d0 + rng.uniform(1.4, 1.7) * H
        t = _api(log, rng, ip, "-", ua, t, "/harbor/api/v2/schools", 381, status=401)   # challenge first
        t = _api(log, rng, ip, name, ua, t, "/harbor/api/v2/schools", 4100)
        for s in schools:
            for pg in range(1, len(s.sections) // 50 + 2):
                t = _api(log, rng, ip, name, ua, t, "/harbor/api/v2/sections?schoolId=%s&page=%d&pageSize=50" %
                         (s.code, pg), rng.randint(9000, 40000))
            for pg in range(1, len(s.pupils) // 100 + 2):
                t = _api(log, rng, ip, name, ua, t, "/harbor/api/v2/enrollments?schoolId=%s&page=%d&pageSize=100"
                         % (s.code, pg), rng.randint(20000, 48000), dur=rng.uniform(.3, 1.5))
            t = _api(log, rng, ip, name, ua, t, "/harbor/api/v2/teachers?schoolId=%s" % s.code, rng.randint(3000, 20000))
        if weekday(d) < 5:
            name, ip, ua = meals
            t = d0 + 5.5 * H + rng.uniform(0, 60)
            while t < d0 + 14.1 * H:
                since = T.utc_iso((t - 1800) // 1800 * 1800)
                _api(log, rng, ip, name, ua, t, "/harbor/api/v2/students/changes?since=%s&fields=lunchStatus,schoolId"
                     % since, rng.randint(60, 5000))
                t += 1800 + rng.uniform(-3, 8)
        name, ip, ua = bus
        t = d0 + rng.uniform(3.6, 3.8) * H
        for s in schools:
            for pg in range(1, len(s.pupils) // 250 + 2):
                t = _api(log, rng, ip, name, ua, t, "/harbor/api/v2/students/addresses?schoolId=%s&page=%d&pageSize=250"
                         % (s.code, pg), rng.randint(40000, 80000), dur=rng.uniform(.5, 2))
        name, ip, ua = state
        t = d0 + rng.uniform(22.1, 22.3) * H
        for coll in ("SRS-ATT", "SRS-ENR", "SRS-DISC"):
            for s in schools:
                t = _api(log, rng, ip, name, ua, t, "/harbor/api/v2/state/extract?collection=%s&date=%s&schoolId=%s"
                         % (coll, T.date_of(d), s.code), rng.randint(5000, 90000), dur=rng.uniform(.4, 3))
    for name, ip, ua in (lms, meals, bus, state):
        truth.account(name, "sanctioned_integration", role="service", campus="0900", auth="basic", login=name,
                      vendor_address=ip)
        truth.source(ip, "sanctioned_integration", account=name)
    if it_admin is not None:        # cron on an IT VM in the data center, HTTP Basic with her own id
        t = rng.uniform(0, 900)
        while t < world.days * 86400.0:
            _api(log, rng, "199.167.41.20", it_admin.login, "curl/8.5.0", t,
                 "/harbor/api/v2/admin/jobs?status=failed&since=15m", rng.choice((2, 2, 2, 2, 388, 1204)),
                 dur=rng.uniform(.03, .1))
            t += 900 + rng.uniform(0, 2)
        it_admin.behaviour = "it_script_own_account"
        truth.source("199.167.41.20", "district_datacenter_nat", n_accounts=2,
                     accounts=["svc-statereport", it_admin.login])


PARENT_SLOTS = [((6.3, 8.0), 10), ((11.8, 13.2), 10), ((15.0, 17.8), 22), ((18.0, 22.8), 58)]


def parent_visit(world, log, rng, parent, d, tag=None, ip=None, ua=None, kids=None, minutes=None, t=None):
    email, own_kids, home_ip, phone_ua, home_ua, carrier = parent
    kids = kids or own_kids
    if ip is None:
        r = rng.random()
        ip, ua = (home_ip, phone_ua) if r < .45 else (ip_in(rng, carrier), phone_ua) if r < .75 else (home_ip, home_ua)
    if t is None:
        lo, hi = rng.choices([s for s, _ in PARENT_SLOTS], [w for _, w in PARENT_SLOTS])[0]
        t = d * 86400.0 + rng.uniform(lo, hi) * H
    b = Browser(log, rng, ip, ua, email, tag=tag, app="parent")
    b.login_day = d if rng.random() < .7 else -1       # "remember me" on the family CAS: no typing
    t = b.page(t, "/parent/home", size=rng.randint(15000, 24000))
    end = t + (minutes or rng.lognormvariate(math.log(3), .7)) * 60
    while True:
        kid = rng.choice(kids)
        t = b.page(t + T.think(rng, 6), "/parent/students/%s/grades?term=%s" % (kid, T.TERM))
        t = b.xhr(t, "/parent/api/students/%s/summary" % kid, size=rng.randint(600, 1800))
        r = rng.random()
        if r < .4:
            t = b.page(t + T.think(rng, 12), "/parent/students/%s/assignments?term=%s" % (kid, T.TERM))
        elif r < .6:
            t = b.page(t + T.think(rng, 10), "/parent/students/%s/attendance" % kid)
        elif r < .72:
            t = b.download(t + T.think(rng, 8), "/parent/documents/%s/report-card.pdf?term=Q1" % kid,
                           rng.randint(80000, 140000))
        elif r < .8:
            t = b.page(t + T.think(rng, 8), "/parent/messages")
        if t > end:
            break
    if rng.random() < .1:
        b.logout(t + 5)
    return b


def parents(world, log, rng_for, busy):
    """Ordinary parents; returns the e-mails that show up.  ``busy`` maps e-mails handled elsewhere."""
    rng = rng_for("parents")
    seen = {}
    for parent in world.parents:
        if parent[0] in busy:
            continue
        for d in range(world.days):
            share = .2 if weekday(d) < 5 else .12
            if rng.random() < share:
                parent_visit(world, log, rng, parent, d)
                seen[parent[0]] = 1
                if rng.random() < .15:
                    parent_visit(world, log, rng, parent, d)
    return seen
