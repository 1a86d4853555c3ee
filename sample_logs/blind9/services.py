"""Non-human benign sources: sanctioned integrations, probes, monitors, crawlers, Safe Links, a scanner."""
import datetime
import random

from . import world as W
from .client import ln, hexid

ROSTER_UA = "CCOE-RosterSync/2.3.1 (+https://it.callowaycoe.org/rostersync; Java/17.0.13)"
SSRS_UA = "Mozilla/4.0 (compatible; MSIE 6.0; MS Web Services Client Protocol 4.0.30319.42000)"
UPTIME_UA = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
GOOGLEBOT_M = ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/142.0.7444.59 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
BINGBOT = ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) "
           "Chrome/116.0.1938.76 Safari/537.36")
SAFELINKS_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
TOPICS = ["signing-in", "mfa", "pupil-search", "enrolment-import", "withdrawals", "calpads-extracts", "fall-1",
          "reports", "contacts", "health-alerts", "password-reset", "charter-accounts", "browser-support"]
PUBLIC = [("/", "", 302), ("/robots.txt", "", 200), ("/sdh/", "", 302), ("/sdh/login.xhtml", "", 200),
          ("/sdh/public/status.xhtml", "", 200), ("/sdh/public/privacy.xhtml", "", 200), ("/sitemap.xml", "", 404)]
SCAN_PATHS = ["/.env", "/.git/config", "/wp-login.php", "/xmlrpc.php", "/manager/html", "/host-manager/html",
              "/actuator/env", "/actuator/health", "/sdh/..;/manager/html", "/console/login/LoginForm.jsp",
              "/sdh/javax.faces.resource/..%2f..%2fWEB-INF%2fweb.xml.xhtml", "/solr/admin/info/system",
              "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/cgi-bin/.%2e/.%2e/bin/sh", "/server-status",
              "/api/v1/pods", "/owa/auth/logon.aspx", "/remote/login", "/sdh/j_security_check", "/.DS_Store",
              "/backup.zip", "/sdh/WEB-INF/web.xml", "/struts2-showcase/index.action", "/jmx-console/",
              "/invoker/JMXInvokerServlet", "/sdh/faces/javax.faces.resource/web.xml?ln=../WEB-INF"]
SCAN_UA = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36",
           "Mozilla/5.0 zgrab/0.x", "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)"]


def raw(sink, t, dur, ip, method, path, status, nbytes, ua, ref="", user="", buser="", route="", inst=None,
        acct="", tag="", r=None, inb=None):
    sink.add(t, int(dur), ip, method, path, status, int(nbytes), inb or int(ln(r, 520, .2)), ua, ref, user, buser,
             "", "", route, r.randrange(2) if inst is None else inst, acct, tag)


def run(sink, w, days, seed, L):
    r = random.Random("%s:services" % seed)
    ip = w["ip"]
    # sanctioned nightly roster sync (bearer token: no user name in either log)
    for day in range(days):
        t = W.at(day, 1.0 + r.uniform(0, .3))
        since = (W.START + datetime.timedelta(days=day - 1)).isoformat() + "T09:00:00Z"
        for d in w["districts"]:
            for p in range(1, r.randint(2, 6)):
                t = t + r.uniform(.05, .3)
                raw(sink, t, ln(r, 900, .5), w["coe_dc_ip"], "GET",
                    "/sdh/api/v1/districts/%s/enrolments?since=%s&page=%d&size=500" % (d["lea"], since, p), 200,
                    ln(r, 160000, .6), ROSTER_UA, acct="svc-rostersync@callowaycoe.org", tag="roster_sync", r=r)
                t += .9
            for _ in range(r.randint(8, 70)):
                t += r.uniform(.06, .35)
                raw(sink, t, ln(r, 70, .5), w["coe_dc_ip"], "GET", "/sdh/api/v1/pupils/%d" % r.randint(10**9, 10**10 - 1),
                    200, ln(r, 3800, .3), ROSTER_UA, acct="svc-rostersync@callowaycoe.org", tag="roster_sync", r=r)
            t += r.uniform(.1, .5)
            raw(sink, t, ln(r, 60, .4), w["coe_dc_ip"], "POST", "/sdh/api/v1/districts/%s/sync-receipts" % d["lea"],
                204, 0, ROSTER_UA, acct="svc-rostersync@callowaycoe.org", tag="roster_sync", r=r, inb=2400)
    L["accounts"]["svc-rostersync@callowaycoe.org"] = {
        "label": "benign", "behaviour": "sanctioned_roster_sync", "kinds": [],
        "params": {"ip": w["coe_dc_ip"], "user_agent": ROSTER_UA, "auth": "bearer token (no user name logged)",
                   "window_local": "01:00-01:40", "log_names": []}}
    # county SSRS server pulls aggregate feeds with HTTP Basic (user name logged by Apache only)
    for day in range(days):
        t = W.at(day, 5.5 + r.uniform(0, .05))
        for d in w["districts"][:12]:
            t += r.uniform(.4, 2.5)
            raw(sink, t, ln(r, 700, .4), w["coe_dc_ip"], "GET", "/sdh/feeds/enrollment-counts.csv?lea=" + d["lea"],
                200, ln(r, 6000, .3), SSRS_UA, buser="svc-ssrs", acct="svc-ssrs", tag="ssrs_feed", r=r)
    L["accounts"]["svc-ssrs"] = {"label": "benign", "behaviour": "sanctioned_report_feed", "kinds": [],
                                 "params": {"ip": w["coe_dc_ip"], "user_agent": SSRS_UA, "log_names": ["svc-ssrs"]}}
    L["sources"][w["coe_dc_ip"]] = {"label": "benign", "behaviour": "county_datacenter", "kinds": [],
                                    "params": {"accounts": ["svc-rostersync@callowaycoe.org", "svc-ssrs"]}}
    end = W.at(days, 0)
    # platform health probes, one per instance per minute (Azure health check / F5 monitor)
    for inst in (0, 1):
        t = W.T0 + r.uniform(0, 60)
        while t < end:
            raw(sink, t, ln(r, 6, .4), "probe", "GET", "/sdh/health", 200, 87, "", route="probe", inst=inst,
                tag="probe", r=r, inb=120)
            t += 60 + r.uniform(-.02, .02)
    # UptimeRobot, every 5 min from rotating monitor addresses
    ups = [ip.fixed(x) for x in ("69.162.124.235", "63.143.42.248", "216.245.221.83", "208.115.199.20")]
    t = W.T0 + r.uniform(0, 300)
    while t < end:
        u = r.choice(ups)
        raw(sink, t, ln(r, 18, .4), u, "HEAD", "/sdh/public/status.xhtml", 200, 0, UPTIME_UA, tag="uptime", r=r)
        t += 300 + r.uniform(-1, 1)
    for u in ups:
        L["sources"][u] = {"label": "benign", "behaviour": "uptime_monitor", "kinds": [], "params": {"period_s": 300}}
    # crawlers on the public pages (cookie-less: Tomcat rewrites every URL with ;jsessionid=)
    for name, uas, prefixes, gap in (("googlebot", [GOOGLEBOT, GOOGLEBOT_M], ["66.249.66.", "66.249.68.", "66.249.79."], 420),
                                     ("bingbot", [BINGBOT], ["157.55.39.", "40.77.167.", "207.46.13."], 1300)):
        addrs = [ip.fixed(p + str(r.randint(2, 250))) for p in prefixes for _ in range(2)]
        t = W.T0 + r.uniform(0, gap)
        while t < end:
            a = r.choice(addrs)
            if r.random() < .45:
                path = "/sdh/public/help.xhtml" + (";jsessionid=" + hexid(r, 32) if r.random() < .6 else "")
                raw(sink, t, ln(r, 150, .5), a, "GET", path + "?topic=" + r.choice(TOPICS), 200, ln(r, 21000, .2),
                    r.choice(uas), tag=name, r=r)
            else:
                p, q, st = r.choice(PUBLIC)
                raw(sink, t, ln(r, 60, .5), a, "GET", p, st, 0 if st == 302 else ln(r, 9000, .4), r.choice(uas),
                    tag=name, r=r)
            t += r.expovariate(1.0 / gap)
        for a in addrs:
            L["sources"][a] = {"label": "benign", "behaviour": "search_crawler", "kinds": [], "params": {"bot": name}}
    # Microsoft Defender Safe Links opening deep links mailed to staff (no cookies: redirected to sign-in)
    sl = [ip.take("msft_links") for _ in range(5)]
    for day in range(days):
        if W.weekday(day) >= 5:
            continue
        for _ in range(r.randint(12, 40)):
            t = W.at(day, r.uniform(7, 17))
            sch = r.choice(list(w["schools"].values()))
            a = r.choice(sl)
            path = r.choice(["/sdh/pupil/summary.xhtml?pk=" + r.choice(sch.pupils),
                             "/sdh/reports/run.xhtml?rpt=ENR-CHANGES&school=" + sch.code, "/sdh/calpads/extracts.xhtml"])
            raw(sink, t, ln(r, 15, .4), a, "GET", path, 302, 0, SAFELINKS_UA, tag="safe_links", r=r)
            raw(sink, t + r.uniform(.1, .4), ln(r, 9, .4), a, "GET", path, 302, 0, SAFELINKS_UA, route="sso_start",
                tag="safe_links", r=r)
    for a in sl:
        L["sources"][a] = {"label": "benign", "behaviour": "safe_links_detonation", "kinds": [], "params": {}}
    # one internet-wide scanner
    a = ip.take("vps")
    t = W.at(r.randrange(days), r.uniform(0, 23))
    ua = r.choice(SCAN_UA)
    for _ in range(r.randint(40, 130)):
        p = r.choice(SCAN_PATHS)
        st = 400 if "%2e" in p or "..;" in p else 404
        raw(sink, t, ln(r, 8, .5), a, r.choice(["GET", "GET", "GET", "POST"]), p, st, ln(r, 1100, .2), ua,
            tag="scanner", r=r)
        t += ln(r, 1.5, .8)
    L["sources"][a] = {"label": "benign", "behaviour": "internet_scanner", "kinds": [], "params": {"user_agent": ua}}
