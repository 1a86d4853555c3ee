"""Non-human benign traffic: sanctioned integrations, monitors, crawlers, link expanders, a scanner."""
from .client import Browser, lognorm
from .staff import day0, school_day
from .world import CAMPUSES

SVC = {"svc-lunchline@meridianpeaks.org": ("LunchLine-Connector/5.3.1 (+https://lunchline.example/connector)",
                                           ["20.84.113.40", "20.84.113.47"]),
       "svc-transitiq@meridianpeaks.org": ("TransitIQ-Sync/2.8 Go-http-client/2.0", ["34.106.52.191"])}
MONITORS = {"uptimerobot": ("Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
                            ["69.162.124.226", "63.143.42.244", "216.245.221.82", "104.131.107.63"], 300, "HEAD", "/healthz"),
            "datadog_synthetics": ("Datadog/Synthetics", ["3.18.172.189", "35.183.82.84", "52.15.245.39"], 120, "GET", "/login")}
CRAWLERS = {"googlebot": ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "66.249.66.%d", (25, 60)),
            "bingbot": ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "157.55.39.%d", (15, 40))}
SLACK = ("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "3.89.%d.%d")
SCANNER = ("45.148.10.%d", ["Mozilla/5.0 zgrab/0.x", "python-requests/2.31.0", "Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))"])
PROBES = ["/.env", "/wp-login.php", "/.git/config", "/phpmyadmin/", "/actuator/health", "/api/v1/../../etc/passwd",
          "/server-status", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/login.action", "/cgi-bin/luci",
          "/.aws/credentials", "/config.json", "/admin/config.php", "/owa/auth/logon.aspx", "/_profiler/phpinfo"]


def sanctioned(out, rng, ctx, days, sources):
    campuses = [c[0] for c in CAMPUSES if c[2] != "office"]
    email = "svc-lunchline@meridianpeaks.org"
    ua, ips = SVC[email]
    for d in range(days):
        h0, h1 = (5.0, 19.0) if school_day(d) else (6.0, 6.6)
        t = day0(d) + 3600 * h0 + rng.uniform(0, 20)
        while t < day0(d) + 3600 * h1:
            b = Browser(out, rng, rng.choice(ips), ua, email, t, email, assets=False)
            b.signed = True
            for c in campuses:
                b.hit("GET", "/api/v1/rosters", "campus=%s&updated_since=%s" % (c, iso(t - 1800)), 200,
                      int(lognorm(rng, 3000, .8)), "application/json", ref=None, dur=lognorm(rng, .3, .4))
            t += 1800 + rng.uniform(-5, 25)
    email = "svc-transitiq@meridianpeaks.org"
    ua, ips = SVC[email]
    for d in range(days):
        b = Browser(out, rng, ips[0], ua, email, day0(d) + 3600 * 2.17 + rng.uniform(0, 60), email, assets=False)
        b.signed = True
        b.hit("POST", "/api/v1/oauth/token", "", 200, 690, "application/json", ref=None)
        for what, n in (("students", 32), ("addresses", 30)):
            for i in range(1, n + 1):
                b.hit("GET", "/api/v1/" + what, "page=%d&per_page=200" % i, 200, int(lognorm(rng, 160000, .1)),
                      "application/json", ref=None, dur=lognorm(rng, .9, .3))
    for email, (ua, ips) in sorted(SVC.items()):
        for ip in ips:
            sources[ip] = {"label": "benign", "behaviour": "sanctioned_integration", "kinds": [],
                           "params": {"account": email, "user_agent": ua}}


def iso(t):
    import datetime as dt
    return (dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(t))).strftime("%Y-%m-%dT%H:%M:%SZ")


def robots(out, rng, ctx, days, sources):
    end = day0(days)
    for name, (ua, ips, every, method, path) in sorted(MONITORS.items()):
        for ip in ips:
            t = day0(0) + rng.uniform(0, every)
            while t < end:
                b = Browser(out, rng, ip, ua, "", t, name, assets=False)
                b.hit(method, path, "", 200, 2 if path == "/healthz" else 9800, ref=None,
                      cache="PASS", ctype="text/plain" if path == "/healthz" else "text/html; charset=utf-8")
                t += every * len(ips) + rng.uniform(-1, 1)
            sources[ip] = {"label": "benign", "behaviour": name, "kinds": [], "params": {"user_agent": ua}}
    for name, (ua, pat, (lo, hi)) in sorted(CRAWLERS.items()):
        ipset = ["%s" % (pat % rng.randint(1, 250)) for _ in range(4)]
        for d in range(days):
            for _ in range(rng.randint(lo, hi)):
                ip = rng.choice(ipset)
                b = Browser(out, rng, ip, ua, "", day0(d) + rng.uniform(0, 86400), name, assets=False)
                path = rng.choice(["/robots.txt", "/", "/login", "/help", "/help/privacy", "/help/accessibility",
                                   "/dashboard"])
                st = 302 if path in ("/", "/dashboard") else 200
                b.hit("GET", path, "", st, 0 if st == 302 else (68 if path == "/robots.txt" else 8800), ref=None,
                      ctype="text/plain" if path == "/robots.txt" else "text/html; charset=utf-8", cache="HIT")
        for ip in ipset:
            sources[ip] = {"label": "benign", "behaviour": name, "kinds": [], "params": {"user_agent": ua}}
    ua, pat = SLACK
    for d in range(days):
        for _ in range(rng.randint(8, 30) if school_day(d) else rng.randint(0, 4)):
            ip = pat % (rng.randint(0, 255), rng.randint(1, 254))
            b = Browser(out, rng, ip, ua, "", day0(d) + 3600 * rng.uniform(7, 21), "slackbot", assets=False)
            pid = rng.choice(ctx.pupils[rng.choice(sorted(ctx.pupils))])[0]
            b.hit("GET", "/students/" + pid, "", 302, 0, ref=None)
            b.hit("GET", "/login", "", 200, 9800, ref=None)
            sources[ip] = {"label": "benign", "behaviour": "slack_link_expander", "kinds": [],
                           "params": {"user_agent": ua}}
    ip = SCANNER[0] % rng.randint(2, 250)
    t = day0(days - 1) + 3600 * rng.uniform(1, 22)
    b = Browser(out, rng, ip, rng.choice(SCANNER[1]), "", t, "scanner", assets=False)
    for _ in range(rng.randint(40, 90)):
        b.ua = rng.choice(SCANNER[1])
        b.hit(rng.choice(["GET", "GET", "POST"]), rng.choice(PROBES), "", rng.choice([404, 404, 404, 400, 403]),
              rng.randint(180, 5200), ref=None, adv=rng.uniform(0.05, 2))
    sources[ip] = {"label": "benign", "behaviour": "internet_scanner", "kinds": [], "params": {}}

