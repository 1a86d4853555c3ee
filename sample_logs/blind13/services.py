"""Non-human traffic: the CloudWatch Synthetics canary (a benign headless Chrome), UptimeRobot, sanctioned
integrations on service accounts (MealTrack, the state's Ed-Fi sync, RouteWise), crawlers and a scanner."""
import random

from .client import CLIENT_ID, REDIRECT, Client
from .netpool import CLOUD
from .tasks import hash_school
from .world import Staff, relay

CANARY_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/152.0.0.0 "
             "Safari/537.36 CloudWatchSynthetics/arn:aws:synthetics:us-west-2:418295730641:canary:compass-signin")
UPTIME_UA = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
BINGBOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
SCAN_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
SERVICES = [  # email, uid, role, behaviour, user agent
    ("canary@mtsis.org", 90001, "service", "synthetics_canary", CANARY_UA),
    ("svc-mealtrack@mtsis.org", 90011, "service", "integration_mealtrack", "MealTrackSync/4.2.1 (+support@mealtrack.io)"),
    ("svc-edfi@mtsis.org", 90012, "service", "integration_edfi_nightly", "EdFi-ODS-Bulk/7.2 (.NET 8.0.11)"),
    ("svc-routewise@mtsis.org", 90013, "service", "integration_routewise", "python-requests/2.32.3"),
]
PROBES = [("GET", "/.env", 404), ("GET", "/.git/config", 404), ("GET", "/wp-login.php", 404), ("GET", "/server-status", 404),
          ("GET", "/actuator/env", 404), ("GET", "/swagger.json", 404), ("GET", "/api/v1/users", 404),
          ("GET", "/v2/api-docs", 404), ("GET", "/.aws/credentials", 404), ("GET", "/config.json", 404),
          ("GET", "/graphiql", 404), ("GET", "/altair", 404), ("POST", "/graphql", 401), ("GET", "/graphql", 401),
          ("GET", "/v1/admin/users", 401), ("GET", "/phpinfo.php", 404), ("GET", "/.DS_Store", 404),
          ("GET", "/backup.zip", 404), ("GET", "/login", 400), ("POST", "/oauth2/token", 400),
          ("GET", "/v1/public/districts", 200), ("GET", "/cgi-bin/luci/;stok=/locale", 404),
          ("GET", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", 404), ("GET", "/owa/auth/logon.aspx", 404)]


def accounts(w):
    out = []
    for email, uid, role, beh, ua in SERVICES:
        s = Staff(sid=10000 + uid, uid=uid, email=email, first="svc", last=beh, role=role, district="STATE",
                  campus="MTSIS services", school=None, auth="cognito", nat=None, sections=[], kind="service",
                  behaviour=beh, primary_ua=ua, home_ua=ua, phone_ua=ua, secondary=False)
        out.append(s)
    return out


def _route(m, path):
    if path in ("/graphql",):
        return "%s /graphql" % m
    if path == "/v1/admin/users":
        return "GET /v1/admin/users"
    if path == "/v1/public/districts":
        return "GET /v1/public/districts"
    if path in ("/login",):
        return "ANY /login"
    if path.startswith("/oauth2/"):
        return "ANY /oauth2/{proxy+}"
    return "$default"


def run(w, sink, seed, svc, src):
    """Emit all service traffic. `src` collects benign source addresses: ip -> (behaviour, params)."""
    rng = random.Random("blind13:%d:services" % seed)
    canary, meal, edfi, route = svc
    # canary: a fresh headless Chrome every 10 minutes from changing Lambda addresses
    pool = [w.net.cloud("aws_usw2", rng) for _ in range(5)]
    t = w.start + rng.uniform(0, 600)
    while t < w.end:
        ip = rng.choice(pool)
        c = Client(sink, rng, ip, CANARY_UA, user=canary)
        c.race_p, c.err_p = 0.0, 0.0
        u = c.sign_in(t, "cognito")
        u = c.load(u + 0.4, dashboard=False)
        c.gql(u + 0.2, "CanaryPing")
        t += 600 + rng.uniform(-0.5, 3.0)
    for ip in pool:
        src[ip] = ("synthetics_canary", {"account": canary.email})
    # UptimeRobot every 60 s, rotating locations
    ups = [w.net.cloud("uptimerobot", rng) for _ in range(3)]
    for ip in ups:
        src[ip] = ("uptime_monitor", {})
    t = w.start + rng.uniform(0, 60)
    while t < w.end:
        c = Client(sink, rng, rng.choice(ups), UPTIME_UA, browser=False)
        c.emit(t, "GET", "/healthz", "", "GET /healthz", 200, 15, c.lat(3, 0.3), False)
        t += 60 + rng.uniform(-0.3, 0.3)
    # MealTrack: roster deltas every 15 min 05:00-19:00 for its districts
    mips = [w.net.cloud("azure_wus2", rng) for _ in range(2)]
    mdist = ["SGV", "LPR", "BPP", "HWB", "TMK", "RWV"]
    for ip in mips:
        src[ip] = ("integration_mealtrack", {"account": meal.email})
    for d in range(w.days):
        t = w.at(d, 5.0) + rng.uniform(0, 30)
        while t < w.at(d, 19.0):
            c = Client(sink, rng, rng.choice(mips), meal.primary_ua, user=meal, browser=False, apq=False)
            c.exp = float("inf")
            u = t
            for dc in mdist:
                qs = "districtId=%s&updatedSince=%d" % (relay("District", hash_school(dc)), int(t - 900))
                u = c.rest(u, "GET", "/v1/integrations/rosters", "GET /v1/integrations/{feed}", size=c.lat(2400, 0.8),
                           lmed=120, qs=qs) + rng.uniform(0.05, 0.3)
            t += 900 + rng.uniform(-5, 20) if w.day_kind("SGV", d) == "school" else 3600
    # Ed-Fi nightly bulk pull from the state's servers
    src["161.7.40.12"] = ("state_servers", {"account": edfi.email})
    for d in range(w.days):
        c = Client(sink, rng, "161.7.40.12", edfi.primary_ua, user=edfi, browser=False, apq=False)
        c.exp = float("inf")
        t = w.at(d, 1.5) + rng.uniform(0, 120)
        for dc in sorted(w.by_district):
            n = len(w.by_district[dc])
            for res, mult in (("students", 1), ("studentSchoolAssociations", 1), ("studentSectionAttendanceEvents", 25)):
                for off in range(0, n * mult, 500):
                    qs = "districtId=%s&offset=%d&limit=500" % (relay("District", hash_school(dc)), off)
                    t = c.rest(t, "GET", "/v1/edfi/%s" % res, "GET /v1/edfi/{resource}",
                               size=int(min(500, n * mult - off) * rng.uniform(700, 900)), lmed=900, qs=qs)
                    t += rng.uniform(0.05, 0.2)
    # RouteWise: bus routing addresses, nightly
    rip = w.net.cloud("aws_use1", rng)
    src[rip] = ("integration_routewise", {"account": route.email})
    for d in range(w.days):
        c = Client(sink, rng, rip, route.primary_ua, user=route, browser=False, apq=False)
        c.exp = float("inf")
        t = w.at(d, 3.17) + rng.uniform(0, 60)
        for dc in ("SGV", "TMP", "BPP", "HWB", "PRB", "ELD", "SHB"):
            t = c.rest(t, "GET", "/v1/integrations/addresses", "GET /v1/integrations/{feed}", size=c.lat(52000, 0.4),
                       lmed=700, qs="districtId=%s" % relay("District", hash_school(dc))) + rng.uniform(0.5, 2)
    crawlers(w, sink, rng, src)
    scanner(w, sink, rng, src)


def crawlers(w, sink, rng, src):
    lq = "client_id=%s&response_type=code&scope=openid+email+profile&redirect_uri=%s" % (CLIENT_ID, REDIRECT)
    pages = [("/robots.txt", "", "GET /robots.txt", 200, 68), ("/v1/public/districts", "", "GET /v1/public/districts",
             200, 4100), ("/login", lq, "ANY /login", 200, 5640), ("/oauth2/authorize", lq, "ANY /oauth2/{proxy+}", 302, 0),
             ("/forgotPassword", lq, "ANY /forgotPassword", 200, 4980)]
    for name, ua, n in (("google_bot", GOOGLEBOT, (4, 12)), ("bing_bot", BINGBOT, (2, 8))):
        ips = [w.net.cloud(name, rng) for _ in range(3)]
        for ip in ips:
            src[ip] = ("search_crawler", {"crawler": name})
        for d in range(w.days):
            for _ in range(rng.randint(*n)):
                path, qs, route, st, size = rng.choice(pages)
                c = Client(sink, rng, rng.choice(ips), ua, browser=False)
                c.emit(w.at(d, rng.uniform(0, 24)), "GET", path, qs, route, st, size, c.lat(40), False)


def scanner(w, sink, rng, src):
    ip = w.net.cloud("scanner", rng)
    src[ip] = ("vulnerability_scanner", {})
    c = Client(sink, rng, ip, SCAN_UA, browser=False)
    t = w.at(0, rng.uniform(2.0, 3.0))
    probes = [rng.choice(PROBES) for _ in range(rng.randint(60, 140))]
    probes[rng.randint(5, len(probes) - 5)] = ("GET", "/search", 404, 'Mozilla/5.0 (compatible; probe) "><svg/onload=confirm(1)>')
    for p in probes:
        m, path, st = p[:3]
        c.ua = p[3] if len(p) > 3 else SCAN_UA
        app = st not in (401,)
        lat = c.lat(12, 0.5) if app else None
        c.emit(t, m, path, "", _route(m, path), st, {404: 44, 401: 26, 400: 1218, 200: 4100}[st], lat, False, app=app)
        t += rng.uniform(0.2, 12.0)
