"""Non-human benign traffic: the IT monitoring probe, crawlers, IT's vulnerability scanner and the
sanctioned nightly integrations on `svc-` accounts."""
from . import world as W
from .client import MIN, Browser
from .directory import REPORTS

def monitor(sim):
    rng = sim.rng("monitor")
    ua = "check_http/v2.3.3 (nagios-plugins 2.3.3)"
    b = Browser(sim, rng, W.IT_PROBE, ua, assets=False)
    sim.source(W.IT_PROBE, "it_monitoring_probe", user_agent=ua, interval_s=60, paths=["/monitor/health", "/login"])
    t = sim.t0 + rng.randint(0, 59000)
    k = 0
    while t < sim.t1:
        b.send(t, "/monitor/health", mime="application/json", size=rng.randint(318, 326), ref="",
               dur=rng.randint(3, 25))
        if k % 5 == 2:
            b.send(t + rng.randint(200, 900), "/login", named=False, ref="", size=rng.randint(9100, 9200))
        k += 1
        t += 60000 + rng.randint(-40, 40)


CRAWLERS = [
    ("googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", ["66.249.66.%d", "66.249.68.%d"], 10),
    ("googlebot", "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/132.0.6834.159 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
     ["66.249.66.%d"], 5),
    ("bingbot", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", ["157.55.39.%d", "207.46.13.%d"], 8),
    ("ahrefsbot", "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", ["54.36.148.%d", "54.36.149.%d"], 4),
]
OLD_URLS = ["/parentportal/login.aspx", "/district/RosterPoint-Parent-Guide.pdf", "/rosterpoint/help.html",
            "/campus/portal/examplecounty.jsp", "/index.html", "/login.do", "/staff/", "/enroll",
            "/student/profile", "/sitemap.xml", "/apple-touch-icon.png", "/apple-touch-icon-precomposed.png"]


def crawlers(sim):
    rng = sim.rng("crawlers")
    for name, ua, nets, per_day in CRAWLERS:
        ips = [rng.choice(nets) % rng.randint(1, 250) for _ in range(3)]
        for day in range(sim.days):
            for _ in range(per_day):
                ip = rng.choice(ips)
                sim.source(ip, "search_engine_crawler", crawler=name, user_agent=ua)
                b = Browser(sim, rng, ip, ua, assets=False)
                t = W.local_epoch_ms(day, rng.uniform(0, 24))
                cached = rng.random() < 0.5
                t = b.send(t, "/robots.txt", mime="text/plain", size=rng.randint(560, 580), ref="",
                           sq="TCP_MEM_HIT" if cached else "TCP_MISS", dur=0 if cached else rng.randint(4, 20))
                for _ in range(rng.randint(0, 3)):
                    t += rng.randint(2000, 900000)
                    r = rng.random()
                    if r < 0.35:
                        b.send(t, "/", status=302, named=False, ref="")
                    elif r < 0.6:
                        b.send(t, "/login", named=False, ref="", size=rng.randint(9100, 9200))
                    elif r < 0.75:
                        b.static(t, ("/static/css/rosterpoint.min.css?v=%s" % W.VERSION, 48213, "text/css"), "")
                    else:
                        b.send(t, rng.choice(OLD_URLS), status=404, named=False, ref="")


SCAN_PATHS = ["/.git/config", "/.env", "/wp-login.php", "/phpmyadmin/", "/server-status", "/console/",
              "/jmx-console/", "/invoker/JMXInvokerServlet", "/WEB-INF/web.xml", "/examples/servlets/index.html",
              "/docs/", "/solr/admin/", "/backup.zip", "/db.sql", "/actuator/env", "/actuator/heapdump",
              "/api/v2/../../etc/passwd", "/static/..%2f..%2fWEB-INF/web.xml", "/cgi-bin/test.cgi",
              "/struts2-showcase/index.action", "/login.action", "/axis2/services/listServices",
              "/CFIDE/administrator/", "/xmlrpc.php", "/owa/", "/remote/login", "/.DS_Store", "/crossdomain.xml",
              "/clientaccesspolicy.xml", "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&page=1",
              "/login?error=%27%22%3E%3Csvg%2Fonload%3Dalert(1)%3E", "/student/profile?ssid=1%27%20OR%20%271%27%3D%271"]
DENIED = ["/manager/html", "/host-manager/html", "/manager/status", "/..;/manager/html", "/monitor/heapdump"]


def scanner(sim):
    rng = sim.rng("scanner")
    ua = "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0)"
    day = min(1, sim.days - 1)
    t = W.local_epoch_ms(day, 1.0) + rng.randint(0, 20 * MIN)
    b = Browser(sim, rng, W.IT_SCANNER, ua, assets=False)
    n = rng.randint(520, 860)
    sim.source(W.IT_SCANNER, "it_vulnerability_scan", tool="Tenable Nessus (IT, weekly)", user_agent=ua, n_probes=n)
    paths = SCAN_PATHS * 4 + DENIED * 3 + OLD_URLS
    for i in range(n):
        t += rng.randint(80, 9000)
        r = rng.random()
        if r < 0.012:
            sim.emit(t, rng.randint(0, 3), W.IT_SCANNER, "NONE", "error:invalid-request", 400, 3960, None, None,
                     None, "NONE_NONE", "HIER_NONE/-", "text/html", None)
        elif r < 0.02:
            sim.emit(t, rng.randint(0, 40), W.IT_SCANNER, "-", "error:transaction-end-before-headers", 0, 0, None,
                     None, None, "NONE_NONE", "HIER_NONE/-", "-", None)
        elif r < 0.05:
            b.send(t, "/", method=rng.choice(["OPTIONS", "TRACE", "PROPFIND", "PUT", "DELETE"]),
                   status=rng.choice([405, 405, 403]), named=False, ref="")
        elif r < 0.08:
            b.send(t, rng.choice(["/", "/home", "/admin/users", "/reports"]), status=302, named=False, ref="")
        else:
            path = rng.choice(paths)
            if path in DENIED:
                b.send(t, path, status=403, named=False, ref="", sq="TCP_DENIED", size=rng.randint(3860, 3900))
            elif path.startswith(("/search", "/student")):
                b.send(t, path, status=302, named=False, ref="")
            elif path.startswith("/login"):
                b.send(t, path, named=False, ref="", size=rng.randint(9100, 9300))
            else:
                b.send(t, path, status=rng.choice([404, 404, 404, 400]) if "%2f" in path or ".." in path else 404,
                       named=False, ref="")


def _svc_signin(b, t):
    b.user = b.login
    return b.send(t, "/j_spring_security_check", method="POST", status=302, ref="", dur=b.rng.randint(90, 240))


def integrations(sim):
    """Sanctioned integrations; returns {login: (behaviour, params)}."""
    d = sim.d
    out = {}
    rng = sim.rng("svc-oneroster")
    ua = "Apache-HttpClient/4.5.14 (Java/17.0.10)"
    ips = ["20.118.%d.%d" % (rng.randint(0, 255), rng.randint(2, 250)) for _ in range(2)]
    out["svc-oneroster"] = ("sanctioned_integration:lms_roster_sync", dict(ips=ips[:sim.days], user_agent=ua,
                                                                          schedule="02:10 nightly"))
    for ip in ips[:sim.days]:
        sim.source(ip, "sanctioned_integration", account="svc-oneroster", user_agent=ua)
    for day in range(sim.days):
        b = Browser(sim, rng, ips[day % 2], ua, "svc-oneroster", "form", assets=False)
        t = _svc_signin(b, W.local_epoch_ms(day, 2.17) + rng.randint(0, 120000))
        for school in W.SCHOOLS:
            secs = d.campus_sections[school]
            for page in range(1, len(secs) // 100 + 2):
                t = b.send(t + rng.randint(40, 160), "/api/v2/sections?school=%s&page=%d&size=100" % (school, page),
                           mime="application/json", size=rng.randint(30000, 60000), ref="")
            for sec in secs:
                t = b.send(t + rng.randint(40, 260), "/api/v2/sections/%d/enrollments" % sec.num,
                           mime="application/json", size=len(sec.pupils) * 190 + rng.randint(200, 400), ref="")
        for page in range(1, len(d.pupils) // 200 + 2):
            t = b.send(t + rng.randint(50, 200), "/api/v2/students?updated_since=%sT02:00:00&page=%d&size=200"
                       % (W.iso_date(day - 1), page), mime="application/json", size=rng.randint(60000, 120000), ref="")
    rng = sim.rng("svc-nutrition")
    ua = "python-requests/2.31.0"
    ip = "34.222.%d.%d" % (rng.randint(0, 255), rng.randint(2, 250))
    out["svc-nutrition"] = ("sanctioned_integration:meal_benefits_roster", dict(ip=ip, user_agent=ua, schedule="every 2 h 06-18 school days"))
    sim.source(ip, "sanctioned_integration", account="svc-nutrition", user_agent=ua)
    for day in range(sim.days):
        if not W.is_school_day(day):
            continue
        for h in range(6, 19, 2):
            b = Browser(sim, rng, ip, ua, "svc-nutrition", "form", assets=False)
            t = _svc_signin(b, W.local_epoch_ms(day, h) + rng.randint(5000, 40000))
            for rid in ("ENR-01", "ENR-11"):
                size = len(d.pupils) * (260 if rid == "ENR-01" else 40) + rng.randint(900, 1500)
                t = b.send(t + rng.randint(100, 500), "/reports/run?id=%s&fmt=csv" % rid, mime="text/csv",
                           size=size, dur=600 + size // 300, ref="")
            b.send(t + 200, "/logout", status=302, ref="")
    rng = sim.rng("svc-transport")
    ua = "Java-http-client/21.0.2"
    ip = "64.74.%d.%d" % (rng.randint(0, 255), rng.randint(2, 250))
    out["svc-transport"] = ("sanctioned_integration:bus_routing_addresses", dict(ip=ip, user_agent=ua, schedule="03:30 nightly"))
    sim.source(ip, "sanctioned_integration", account="svc-transport", user_agent=ua)
    for day in range(sim.days):
        b = Browser(sim, rng, ip, ua, "svc-transport", "form", assets=False)
        t = _svc_signin(b, W.local_epoch_ms(day, 3.5) + rng.randint(0, 60000))
        size = len(d.pupils) * 340
        t = b.send(t + 300, "/reports/run?id=ENR-05&fmt=csv", mime="text/csv", size=size, dur=900 + size // 280, ref="")
        for school in W.SCHOOLS:
            for page in range(1, len(d.by_campus[school]) // 250 + 2):
                t = b.send(t + rng.randint(700, 1300), "/api/v2/students?school=%s&fields=address,guardians&page=%d&size=250"
                           % (school, page), mime="application/json", size=rng.randint(70000, 110000), ref="")
    return out
