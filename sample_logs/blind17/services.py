"""Non-human and sanctioned traffic: health checks, uptime monitor, synthetics canary, nightly export,
crawlers, link previews, an internet scanner."""
import random

from .client import Agent, Device, JSON, HTML
from .tasks import PDF, ymd
from .world import STATE_DOMAIN, Staff, ua

R53_UA = "Amazon-Route53-Health-Check-Service (ref 7c4e2a51-9d3b-4f6e-a0c2-5b8e1d7f3a90; report http://amzn.to/1vsZADi)"
UPTIME_UA = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"
CANARY_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/166.0.7390.54 "
             "Safari/537.36 CloudWatchSynthetics/arn:aws:synthetics:us-east-2:418272790143:canary:pathways-signin")
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
GOOGLEBOT_M = ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/169.0.7412.88 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
BINGBOT = ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) "
           "Chrome/116.0.1938.76 Safari/537.36")
SLACK_UA = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"
TEAMS_UA = ("Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) SkypeUriPreview Preview/0.5 "
            "skype-url-preview@microsoft.com")
PROBES = ["/.env", "/.git/config", "/wp-login.php", "/wp-admin/setup-config.php", "/xmlrpc.php", "/phpinfo.php",
          "/server-status", "/.aws/credentials", "/config.php.bak", "/backup.zip", "/admin", "/login.action",
          "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/actuator/health", "/api/v1/users", "/.DS_Store",
          "/owa/auth/logon.aspx", "/remote/login", "/cgi-bin/luci", "/solr/admin/info/system", "/debug/default/view",
          "/hudson", "/.well-known/security.txt", "/sitemap.xml", "/app.ini", "/error.log", "/console", "/graphql"]


def _fresh(w, rng, pattern, lo, hi, region, hosting=False):
    while True:
        ip = pattern % rng.randint(lo, hi)
        if ip not in w.nets.used:
            return w.nets.fixed(ip, region, hosting=hosting)


def _src(w, ip, behaviour, **params):
    w.sources[ip] = {"label": "benign", "behaviour": behaviour, "kinds": [], "params": params}


def script(u, proto="HTTP/1.1", keepalive=0, tls=("TLSv1.3", "TLS_AES_256_GCM_SHA384")):
    return Device(u, kind="script", proto=proto, lang=None, keepalive=keepalive, tls=tls, ports=(1024, 65535))


def static_result(p):
    """What the origin answers for a path outside the app's routes."""
    last = p.rsplit("/", 1)[-1]
    if p.startswith("/api/"):
        return 404, 88, JSON
    if "." in last:
        return 403, 243, "application/xml"    # S3 AccessDenied for a missing key
    return 200, 2310, HTML                     # extension-less paths are SPA routes


def monitors(ctx, w):
    rng = random.Random("blind17:%d:monitors" % w.rng_seed)
    checkers = [_fresh(w, rng, "54.243.31.%d", 193, 254, "use1", True), _fresh(w, rng, "54.183.255.%d", 129, 190, "west", True),
                _fresh(w, rng, "54.244.52.%d", 193, 254, "west", True)]
    for ip in checkers:
        _src(w, ip, "route53_health_check", path="/health", interval_s=30)
        dev, a = script(R53_UA, tls=("TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256")), None
        a = Agent(ctx, "svc:route53", dev, ip, rng)
        t = ctx.start + rng.uniform(0, 30)
        while t < ctx.end:
            a.req(t, "GET", "/health", "", 200, 41, JSON, ref=None, auth=False, dur=rng.uniform(0.004, 0.03))
            t += 30 + rng.uniform(-0.4, 0.4)
    robots = [w.nets.fixed(ip, "texas", hosting=True) for ip in ("216.144.250.150", "69.162.124.235", "63.143.42.250")]
    for ip in robots:
        _src(w, ip, "uptime_monitor", path="/", method="HEAD")
    a = Agent(ctx, "svc:uptime", script(UPTIME_UA), robots[0], rng)
    t = ctx.start + rng.uniform(0, 300)
    while t < ctx.end:
        a.net = rng.choice(robots)
        a.req(t, "HEAD", "/", "", 200, 0, HTML, ref=None, auth=False)
        t += 300 + rng.uniform(-1, 1)


def canary(ctx, w, account):
    """CloudWatch Synthetics signs in with its own service account every 15 minutes."""
    rng = random.Random("blind17:%d:canary" % w.rng_seed)
    pool = [w.nets.cloud("aws_use2") for _ in range(10)]
    test = w.by_district["4512"][0]
    t = ctx.start + rng.uniform(60, 800)
    used = set()
    while t < ctx.end:
        ip = rng.choice(pool)
        used.add(ip)
        a = Agent(ctx, "svc:canary", Device(CANARY_UA, lang="en-US", ports=(32768, 60999)), ip, rng, account.login)
        t1 = a.sign_in(a.open_app(t), "cognito", typing=(0.4, 0.9))
        t1 = a.api(t1, "GET", "/api/caseload", "staff=me&page=1", size=rng.randint(900, 1300), route="/caseload", err=0)
        t1 = a.api(t1 + 0.3, "GET", "/api/cases/" + test.id, size=4410, route="/cases/" + test.id, err=0)
        a.sign_out(t1 + 0.5)
        t += 900 + rng.uniform(-3, 3)
    for ip in pool:
        if ip in used:
            _src(w, ip, "synthetics_canary", account=account.login)


def nightly_export(ctx, w, account):
    """The state data warehouse's sanctioned nightly export on its svc- account."""
    rng = random.Random("blind17:%d:export" % w.rng_seed)
    ip = w.nets.cloud("aws_use2")
    _src(w, ip, "sanctioned_nightly_export", account=account.login)
    dev = script("python-requests/2.32.3", keepalive=60)
    for d in range(ctx.days):
        a = Agent(ctx, "svc:export", dev, ip, rng, account.login)
        t = ctx.at(d, 1.5 + rng.uniform(0, 0.01))
        t = a.req(t, "POST", "/oauth2/token", "", 200, 1412, JSON, body=214, ref=None, auth=False)
        a.token, a.token_t = "%064x" % rng.getrandbits(256), t
        t = a.req(t, "POST", "/api/session", "", 201, 164, JSON, body=2, ref=None)
        a.pw = ("%032x" % rng.getrandbits(128), account.login)
        for code, cases in w.by_district.items():
            for p in range((len(cases) + 99) // 100):
                t = a.api(t + 0.1, "GET", "/api/export/cases", "district=%s&page=%d&pageSize=100" % (code, p + 1),
                          size=rng.randint(250000, 600000), ref=None, err=0) + rng.uniform(0.2, 1.0)
        day = ymd(ctx, t, 1)
        for p in range(rng.randint(2, 4)):
            t = a.api(t + 0.1, "GET", "/api/export/service-logs", "date=%s&page=%d" % (day, p + 1),
                      size=rng.randint(80000, 300000), ref=None, err=0)
        t = a.api(t, "GET", "/api/export/documents", "createdSince=%s" % day, size=rng.randint(6000, 20000), ref=None)
        for _ in range(rng.randint(20, 80)):
            c = rng.choice(w.cases)
            doc = rng.choice(c.docs)
            t = a.api(t + rng.uniform(0.2, 1.2), "GET", "/api/export/documents/" + doc[0], size=doc[3], ctype=PDF,
                      ref=None, err=0)
        a.api(t + 0.2, "DELETE", "/api/session", status=204, size=0, ctype=None, ref=None, err=0)


def crawlers(ctx, w):
    rng = random.Random("blind17:%d:crawlers" % w.rng_seed)
    bots = [("googlebot", [GOOGLEBOT, GOOGLEBOT_M], ["66.249.66.%d", "66.249.68.%d", "66.249.79.%d"]),
            ("bingbot", [BINGBOT], ["40.77.167.%d", "157.55.39.%d", "207.46.13.%d"])]
    for name, uas, nets in bots:
        ips = [_fresh(w, rng, rng.choice(nets), 2, 250, "midwest") for _ in range(3)]
        for ip in ips:
            _src(w, ip, "search_engine_crawler", crawler=name)
        for d in range(ctx.days):
            for _ in range(rng.randint(3, 8)):
                a = Agent(ctx, "svc:crawler", Device(rng.choice(uas), kind="bot", lang=None, proto="HTTP/1.1",
                                                      ports=(32768, 60999)), rng.choice(ips), rng)
                t = ctx.at(d, rng.uniform(0, 24))
                p = rng.choice(["/robots.txt", "/", "/", "/index.html", "/signed-out", "/login"])
                if p == "/robots.txt":
                    a.req(t, "GET", p, "", 200, 68, "text/plain", ref=None, auth=False)
                elif p == "/login":
                    a.req(t, "GET", p, "", 400, 1033, HTML, ref=None, auth=False)   # no client_id
                else:
                    a.open_app(t, p)


def link_previews(ctx, w):
    rng = random.Random("blind17:%d:previews" % w.rng_seed)
    kinds = [("slack", SLACK_UA, [w.nets.cloud("aws_use1") for _ in range(3)]),
             ("teams", TEAMS_UA, [w.nets.cloud("azure_cus") for _ in range(2)])]
    for name, u, ips in kinds:
        for ip in ips:
            _src(w, ip, "chat_link_preview", app=name)
        for d in range(ctx.days):
            if not ctx.school_day(d):
                continue
            for _ in range(rng.randint(4, 14)):
                c = rng.choice(w.cases)
                a = Agent(ctx, "svc:preview", script(u), rng.choice(ips), rng)
                a.req(ctx.at(d, rng.uniform(7.5, 17.0)), "GET", "/cases/" + c.id, "", 200, 2310, HTML, ref=None, auth=False)


def scanner(ctx, w):
    rng = random.Random("blind17:%d:scanner" % w.rng_seed)
    ip = w.nets.foreign("DE")
    w.nets.hosting[ip] = True
    uas = ["Mozilla/5.0 zgrab/0.x", None, "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
           ua("win_chrome", "120"), "curl/8.7.1", "python-requests/2.28.1"]
    t = ctx.at(0, rng.uniform(3, 22))
    n = rng.randint(40, 90)
    for _ in range(n):
        u = rng.choice(uas)
        a = Agent(ctx, "svc:scanner", script(u or "-"), ip, rng)
        p = rng.choice(PROBES)
        st, size, ct = static_result(p)
        waf = None
        if u is None:
            waf = "noua"
        elif "Nmap" in u or "zgrab" in u:
            waf = "badbot"
        elif p.endswith((".ini", ".log", ".bak")):
            waf = "restricted_ext"
        elif rng.random() < 0.1:
            p, waf = "/cgi-bin/../../../../etc/passwd", "lfi"
        elif rng.random() < 0.08:
            waf = "log4j"
        if waf:
            st, size, ct = 403, 919, HTML
        a.req(t, "GET", p, "", st, size, ct, ref=None, auth=False, waf=waf, extra={"no_ua": True} if u is None else None)
        t += rng.uniform(0.2, 4)
    _src(w, ip, "internet_vulnerability_scanner", n_requests=n)


def service_accounts(w):
    """Sanctioned non-person accounts that sign in to the app."""
    out = []
    for login, role in (("svc-synthetics@" + STATE_DOMAIN, "service_monitor"), ("svc-dw-export@" + STATE_DOMAIN, "service_export")):
        s = Staff(login=login, role=role, district="SDE", building="SDE", auth="cognito", idp=None, itinerary=["SDE"],
                  nat_slot=0, first="svc", last=role)
        s.caseload, s.agents, s.plans = [], {}, {}
        out.append(s)
    return out
