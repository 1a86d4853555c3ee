"""Non-human traffic of Harbor (blind14): Front Door health probes, the Prometheus scrape, an uptime monitor,
crawlers, Teams link previews, a vulnerability scanner, and the sanctioned partner integrations (Kong consumers)."""
from . import world as W
from .client import Actor, JSON, HTML, INDEX_SIZE, lognorm, token

PROBE_UA = "Edge Health Probe"
PROM = ("20.99.137.44", "Prometheus/2.53.1")
UPTIME = (["69.162.124.226", "69.162.124.233", "216.144.250.150", "208.115.199.24"], "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)")
GOOGLEBOT = ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/160.0.0.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
BINGBOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
TEAMS = ("Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) SkypeUriPreview Preview/0.5 "
         "skype-url-preview@microsoft.com")
SCANNER_IP = "185.247.137.61"
SCAN_PATHS = ["/.env", "/.git/config", "/.git/HEAD", "/wp-login.php", "/wp-admin/setup-config.php", "/xmlrpc.php",
              "/server-status", "/.aws/credentials", "/config.json", "/api/swagger.json", "/swagger-ui.html",
              "/v2/api-docs", "/actuator/health", "/actuator/env", "/phpmyadmin/", "/.DS_Store", "/backup.zip",
              "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/cgi-bin/luci/;stok=/locale", "/owa/",
              "/remote/login", "/api/v1/users", "/graphql", "/admin/", "/admin/login/", "/api/schema/",
              "/api/docs/", "/debug/default/view", "/.well-known/security.txt", "/sitemap.xml", "/robots.txt",
              "/partner/v1/", "/metrics", "/static/../../etc/passwd", "/api/students/", "/console/", "/.svn/entries",
              "/web.config", "/ecp/Current/exporttool/microsoft.exchange.ediscovery.exporttool.application",
              "/hudson", "/solr/admin/info/system", "/_profiler/phpinfo", "/telescope/requests", "/info.php"]


def _script(ctx, ip, ua, seed_fd=None):
    a = Actor(ctx.out, ctx.rng, ua, ip, kind="script")
    if seed_fd:
        a.fds = [seed_fd, seed_fd]
    return a


def monitors(ctx, days):
    rng = ctx.rng
    t_end = W.utc(days, 0)
    for fd in W.FRONT_DOOR[:6]:                       # Front Door origin health probes (HEAD, every 100 s)
        a = _script(ctx, fd, PROBE_UA, fd)
        t = W.utc(0, 0) + rng.uniform(0, 100)
        while t < t_end:
            a.hit(t, "HEAD", "/healthz", 200, 0, (3, .3), "health", "text/plain", auth=None)
            t += 100 + rng.uniform(-0.02, 0.02)
    a = _script(ctx, PROM[0], PROM[1])                # ops Prometheus scraping django-prometheus
    t = W.utc(0, 0) + rng.uniform(0, 30)
    while t < t_end:
        a.hit(t, "GET", "/metrics", 200, (52000, 61000), (38, .3), "metrics", "text/plain; version=0.0.4",
              auth="bearer")
        t += 30 + rng.uniform(-0.01, 0.01)
    t = W.utc(0, 0) + rng.uniform(0, 300)             # UptimeRobot keyword check on the sign-in page
    while t < t_end:
        a = _script(ctx, rng.choice(UPTIME[0]), UPTIME[1])
        a.hit(t, "GET", "/accounts/login/", 200, INDEX_SIZE, (6, .3), "web", HTML)
        t += 300 + rng.uniform(-1, 1)


def crawlers(ctx, days):
    rng = ctx.rng
    for ua, ips, per_day in ((GOOGLEBOT, ["66.249.66.%d" % n for n in (1, 33, 70, 161)] + ["66.249.79.%d" % n for n in (6, 211)], 6),
                             (BINGBOT, ["40.77.167.%d" % n for n in (13, 54, 139)] + ["207.46.13.%d" % n for n in (91, 157)], 4)):
        for day in range(days):
            for _ in range(rng.randint(per_day - 2, per_day + 2)):
                a = _script(ctx, rng.choice(ips), ua)
                t = W.utc(day, rng.uniform(0, 24))
                t = a.hit(t, "GET", "/robots.txt", 200, 26, (3, .3), "web", "text/plain")
                if rng.random() < 0.25:             # links to the sign-in page found elsewhere (disallowed,
                    a.hit(t + rng.uniform(1, 30), "GET", "/", 200, INDEX_SIZE, (6, .3), "web", HTML)  # fetched once)


def teams_previews(ctx, days):
    """Staff paste Harbor links into Teams chats; the link preview service fetches the app shell."""
    rng = ctx.rng
    for day in range(days):
        if not W.school_day(day):
            continue
        for _ in range(rng.randint(6, 14)):
            a = _script(ctx, "52.112.%d.%d" % (rng.choice([49, 95, 118]), rng.randint(2, 250)), TEAMS)
            p = rng.choice(ctx.pupils)
            route = rng.choice(["/students/%s" % p.uuid, "/ieps/%d" % p.ieps[-1], "/caseload", "/reports"])
            a.hit(W.utc(day, rng.uniform(7.5, 16.5)), "GET", route, 200, INDEX_SIZE, (7, .3), "web", HTML)


def scanner(ctx, days):
    rng = ctx.rng
    a = _script(ctx, SCANNER_IP, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/122.0.6261.95 Safari/537.36")
    t = W.utc(0, rng.uniform(2.5, 5.0))
    paths = SCAN_PATHS * 2
    rng.shuffle(paths)
    n = 0
    for path in paths[:rng.randint(60, 90)]:
        if rng.random() < 0.15:
            a.ua = "Mozilla/5.0 zgrab/0.x"
        if path.startswith("/api/") or path.startswith("/accounts"):
            st, tx, svc = (401 if path == "/api/students/" else 404), 58, "api"
        elif path.startswith("/admin"):
            st, tx, svc = 403, 45, "admin"
        elif path.startswith("/partner/"):
            st, tx, svc = 401, 45, "partner"
        elif path == "/metrics":
            st, tx, svc = 403, 45, "metrics"
        elif path == "/robots.txt":
            st, tx, svc = 200, 26, "web"
        elif ".." in path:
            st, tx, svc = 400, 157, "web"
        else:
            st, tx, svc = 200, INDEX_SIZE, "web"            # the SPA's history fallback answers everything
        t = a.hit(t, "GET" if rng.random() < 0.93 else "POST", path, st, tx, (6, .4), svc,
                  HTML if svc == "web" else JSON, auth=None) + rng.uniform(0.05, 1.2)
        n += 1
    return {SCANNER_IP: n}


def _partner(a, t, path, tx=(800, 6000), ms=(90, .4), status=200, method="GET", rx=0):
    return a.hit(t, method, path, status, tx, ms, "partner", JSON, rx=rx, auth=a.bearer or "apikey")


def _token(a, t):
    t = a.hit(t, "POST", "/partner/v1/oauth2/token", 200, (128, 134), (35, .3), "oauth", JSON, rx=(118, 126),
              hdr={"content-type": "application/x-www-form-urlencoded"}, auth=None)
    a.bearer = "bearer"
    return t + 0.05


def caseload_sync(a, t, rng, pupils, since, changed, post=True, page=100):
    """One agency sync run: caseload delta pages, then changed students' IEP and services, then the bulk upload."""
    pages = max(1, len(pupils) // page + (1 if len(pupils) % page else 0))
    for i in range(pages):
        cur = "" if i == 0 else "&cursor=" + W.drf_cursor(pupils[min(len(pupils) - 1, i * page)].created)
        t = _partner(a, t, "/partner/v1/caseload/?updated_since=%s&page_size=%d%s" % (since, page, cur),
                     (3000, 24000), (160, .4)) + rng.uniform(0.05, 0.3)
    for p in rng.sample(pupils, min(len(pupils), changed)):
        t = _partner(a, t, "/partner/v1/students/%s/iep/current/" % p.uuid, (4000, 18000), (110, .4)) + rng.uniform(0.05, 0.4)
        t = _partner(a, t, "/partner/v1/students/%s/services/" % p.uuid, (600, 2400), (60, .4)) + rng.uniform(0.05, 0.4)
    if post:
        for _ in range(rng.randint(1, 3)):
            t = _partner(a, t, "/partner/v1/service-logs/bulk/", (300, 900), (700, .4), 201, "POST",
                         (20000, 200000)) + rng.uniform(0.5, 2)
    return t


INTEGRATIONS = {   # consumer: (address, user agent, hour of the nightly run)
    "agency-soundpath-therapy": ("44.234.118.27", "SoundPath-HarborSync/3.4.1 (+https://soundpaththerapy.com)", 1.5),
    "agency-evergreen-pediatric": ("20.115.42.163", "EvergreenEHR-Connector/2.0 (.NET 8.0; Windows NT 10.0)", 2.25),
    "agency-tidewater-behavioral": ("35.85.211.9", "tidewater-sync/1.7 python-requests/2.31.0", 0.75),
    "vendor-medbill-connect": ("34.83.14.201", "MedBillConnect/5.2 (Java/21.0.2)", 3.0),
}


def integrations(ctx, days):
    """Sanctioned integrations; returns {consumer: n_requests}."""
    rng, counts = ctx.rng, {}
    agency_of = {W.AGENCIES[k][3]: k for k in W.AGENCY_ORDER}
    for consumer, (ip, ua, hour) in INTEGRATIONS.items():
        a = _script(ctx, ip, ua)
        a.consumer, a.acct = consumer, consumer
        before = len(ctx.out)
        for day in range(days):
            a.bearer = None
            t = W.utc(day, hour + rng.uniform(0, 0.05))
            since = "2027-%02d-%02dT%02d:00:00Z" % (3 if day else 2, day if day else 28, 9)
            if consumer == "vendor-medbill-connect":
                t = _token(a, t)
                for d in W.DISTRICT_ORDER:
                    slug = W.DISTRICTS[d][2]
                    n_pages = rng.randint(22, 60) if day == 0 else rng.randint(1, 2)
                    for i in range(n_pages):
                        cur = "" if i == 0 else "&cursor=" + W.drf_cursor("2027-02-%02d 18:%02d:%02d.%06d+00:00" % (
                            28 - i % 27, rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999999)))
                        t = _partner(a, t, "/partner/v1/billing/claims/?month=2027-02&district=%s&page_size=200%s"
                                     % (slug, cur), (30000, 90000), (420, .4)) + rng.uniform(0.2, 1.0)
                continue
            pupils = [p for p in ctx.pupils if p.agency == agency_of[consumer]]
            if consumer == "agency-evergreen-pediatric":
                t = _token(a, t)
            caseload_sync(a, t, rng, pupils, since, rng.randint(15, 45))
            if consumer == "agency-evergreen-pediatric" and W.school_day(day):
                for h in (8, 10, 12, 14, 16, 18):           # daytime delta pulls, token cached for an hour
                    t = W.utc(day, h + rng.uniform(0, 0.02))
                    if h in (8, 12, 16):
                        t = _token(a, t)
                    caseload_sync(a, t, rng, pupils[:100], since, rng.randint(0, 5), post=False)
        counts[consumer] = len(ctx.out) - before
    return counts
