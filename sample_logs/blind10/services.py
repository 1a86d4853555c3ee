"""Non-human benign traffic: load-balancer checks, uptime monitor, crawlers, URL-defense sandbox, a scanner,
and the two sanctioned integrations on service accounts."""
import random
from datetime import datetime, timezone

from . import world as W
from .client import Client, LOGIN

GOOGLEBOT = ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/156.0.7812.96 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
GOOGLEBOT_D = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
BINGBOT = ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) "
           "Chrome/116.0.1938.76 Safari/537.36")
PINGDOM = "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)"
PROOFPOINT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
DW_UA = "curl/7.61.1"
SCHOOLOGY_UA = "Schoology-OneRoster/2.4 (+https://www.schoology.com/)"
PUBLIC = [("/robots.txt", 200, 68), ("/", 302, 0), ("/lodestar/", 302, 0), (LOGIN, 200, 7400),
          ("/lodestar/help/index.html", 200, 11840), ("/lodestar/help/getting-started.html", 200, 15310),
          ("/lodestar/help/parents.html", 404, 6204), ("/lodestar/index.php?page=pwreset", 200, 6120),
          ("/sitemap.xml", 404, 6204), ("/favicon.ico", 200, 5430)]
PROBES = ["/.env", "/.git/config", "/wp-login.php", "/xmlrpc.php", "/phpmyadmin/index.php", "/pma/index.php",
          "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/lodestar/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
          "/server-status", "/lodestar/.env", "/lodestar/config.php.bak", "/lodestar/config.inc.php~", "/info.php",
          "/phpinfo.php", "/lodestar/phpinfo.php", "/cgi-bin/luci/;stok=/locale", "/actuator/env", "/api/v1/pods",
          "/lodestar/index.php?page=../../../../etc/passwd", "/lodestar/print.php?doc=../../config&sid=1",
          "/owa/auth/logon.aspx", "/remote/fgt_lang?lang=/../../../..//////////dev/cmdb/sslvpn_websession",
          "/lodestar/backup.zip", "/lodestar/db.sql", "/.DS_Store", "/admin/", "/lodestar/admin/", "/solr/admin/info/system"]
SCAN_UA = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
           "Mozilla/5.0 zgrab/0.x", "Go-http-client/1.1", "python-requests/2.31.0"]
DW_REPORTS = ["stu_directory", "guardian_contacts", "enroll_counts", "att_daily", "att_chronic", "grade_dist",
              "ell_roster", "iep_due", "discipline_summary", "schedule_master", "staff_assign", "course_catalog",
              "transcript_marks", "test_scores"]
OR_RES = [("orgs", 1), ("academicSessions", 1), ("courses", 2), ("classes", 4), ("students", 17), ("teachers", 1),
          ("enrollments", 42), ("demographics", 17)]


def emit(out, seed, pop, addr, days, sources):
    rng = random.Random("%s:services" % seed)
    t_end = W.at(days, 0)
    # HAProxy pair checking both web servers (no X-Forwarded-For: logged as "-")
    for node in W.LB_NODES:
        for srv in W.SERVERS:
            t = W.T0 + rng.uniform(0, 60)
            while t < t_end:
                out.append(_health(t, node, srv, rng))
                t += 60 + rng.uniform(-0.05, 0.05)
    # Pingdom: login page every minute from a rotating probe
    c = Client(out, rng, ("0",), PINGDOM, assets=False, referer=False)
    t = W.T0 + rng.uniform(0, 60)
    while t < t_end:
        c.chain = (rng.choice(W.PINGDOM),)
        c.hit(t, "GET", LOGIN, 200, "login", ref="-", dur=int(rng.lognormvariate(0, 0.3) * 30000))
        t += 60 + rng.uniform(-0.5, 0.5)
    for ip in W.PINGDOM:
        sources[ip] = {"label": "benign", "behaviour": "uptime_monitor", "kinds": [], "params": {"user_agent": PINGDOM}}
    # crawlers
    for ips, uas, name, per_day in ((W.GOOGLEBOT, [GOOGLEBOT, GOOGLEBOT_D], "googlebot", 46), (W.BINGBOT, [BINGBOT], "bingbot", 30)):
        for day in range(days):
            for _ in range(int(per_day * rng.uniform(0.6, 1.4))):
                ip = rng.choice(ips)
                c = Client(out, rng, (ip,), rng.choice(uas), assets=False, referer=False)
                t = W.at(day, rng.uniform(0, 24))
                if rng.random() < 0.15:
                    c.hit(t, "GET", "/lodestar/index.php?page=student&sid=%d&tab=summary" % rng.choice(pop.all_sids),
                          302, "redir")
                else:
                    path, st, size = rng.choice(PUBLIC)
                    c.hit(t, "GET", path, st, "small", size=size)
        for ip in ips:
            sources[ip] = {"label": "benign", "behaviour": "search_crawler", "kinds": [], "params": {"crawler": name}}
    # Proofpoint URL Defense opening mailed deep links before the staff member does
    for day in range(days):
        for _ in range(rng.randint(8, 25)):
            c = Client(out, rng, (rng.choice(W.PROOFPOINT),), PROOFPOINT, assets=False, referer=False)
            t = W.at(day, rng.uniform(6.5, 17.5))
            target = rng.choice(["/lodestar/index.php?page=student&sid=%d&tab=summary" % rng.choice(pop.all_sids),
                                 "/lodestar/index.php?page=message&id=%d" % rng.randint(880000, 905000),
                                 "/lodestar/index.php?page=report&rpt=att_chronic&bldg=%s" % rng.choice(W.SCHOOLS)[0]])
            c.hit(t, "GET", target, 302, "redir")
    for ip in W.PROOFPOINT:
        sources[ip] = {"label": "benign", "behaviour": "url_defense_sandbox", "kinds": [], "params": {}}
    _scanner(out, rng, addr, days, sources)
    _dw(out, rng, days, sources)
    _schoology(out, rng, days, sources)


def _health(t, node, srv, rng):
    from .client import Ev
    return Ev(t, (), "-", "GET", "/lodestar/health.php", 200, 2, "-", "-", int(rng.uniform(900, 4000)), srv, "HTTP/1.0")


def _scanner(out, rng, addr, days, sources):
    ip = addr.pick(rng.choice(["45.148.10", "194.180.49", "80.82.77"]))
    day = rng.randrange(days)
    t = W.at(day, rng.uniform(0, 24))
    n = rng.randint(40, 130)
    c = Client(out, rng, (ip,), rng.choice(SCAN_UA), assets=False, referer=False)
    n_long = 0
    for i in range(n):
        c.chain = ("127.0.0.1", ip) if rng.random() < 0.2 else (ip,)
        if rng.random() < 0.035 or (i == n // 2 and n_long < 2):
            n_long += 1
            payload = "%27%20OR%201%3D1%20UNION%20SELECT%20NULL%2C" * rng.randint(95, 140)
            c.hit(t, "GET", "/lodestar/index.php?page=search&scope=bldg&q=" + payload, 500, "small")
        else:
            path = rng.choice(PROBES)
            st = 403 if path in ("/server-status", "/lodestar/admin/") else (400 if "fgt_lang" in path else 404)
            c.hit(t, "GET", path, st, "small")
        t += rng.lognormvariate(0, 0.8) * 2.5
    sources[ip] = {"label": "benign", "behaviour": "internet_scanner", "kinds": [],
                   "params": {"n_probes": n, "user_agent": c.ua, "spoofs_xff": "127.0.0.1"}}


def _dw(out, rng, days, sources):
    """svc-dw: the district data warehouse's nightly pull (curl, HTTP Basic on /lodestar/feeds/)."""
    for day in range(days):
        c = Client(out, rng, (W.DO_FIREWALL,), DW_UA, user="svc-dw", assets=False, referer=False)
        t = W.at(day, 3.25) + rng.uniform(0, 40)
        for rpt in DW_REPORTS:
            t = c.hit(t, "GET", "/lodestar/feeds/export.php?rpt=%s&bldg=ALL&fmt=csv" % rpt, 200, "export",
                      size=int(rng.uniform(0.3, 9.0) * 1e6), dur=int(rng.uniform(2, 45) * 1e6)) + rng.uniform(0.2, 1.0)


def _schoology(out, rng, days, sources):
    """svc-schoology: the LMS's OneRoster pull, full at 01:30 and deltas every two hours by day."""
    for day in range(days):
        runs = [(1.5, None)] + [(h + rng.uniform(0, 0.2), h - 2) for h in range(6, 19, 2)]
        for h, since in runs:
            c = Client(out, rng, (rng.choice(W.SCHOOLOGY),), SCHOOLOGY_UA, user="svc-schoology", assets=False,
                       referer=False)
            t = W.at(day, h)
            for res, pages in OR_RES:
                for pg in range(pages if since is None else 1):
                    q = "offset=%d&limit=500" % (pg * 500)
                    if since is not None:
                        stamp = datetime.fromtimestamp(W.at(day, since), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                        q += "&filter=dateLastModified%3E%27" + stamp.replace(":", "%3A") + "%27"
                    t = c.hit(t, "GET", "/lodestar/api/oneroster/v1p1/%s?%s" % (res, q), 200, "api",
                              size=None if since is None else rng.randint(300, 9000)) + rng.uniform(0.05, 0.4)
    for ip in W.SCHOOLOGY:
        sources[ip] = {"label": "benign", "behaviour": "sanctioned_oneroster_sync", "kinds": [],
                       "params": {"account": "svc-schoology", "user_agent": SCHOOLOGY_UA}}
