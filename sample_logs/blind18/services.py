"""Non-human benign traffic: sanctioned integrations on svc- accounts (bearer tokens, paced by the rate limit),
the synthetic sign-in monitor, an external uptime check, crawlers (answered by HAProxy's static backend) and IT's
vulnerability scanner."""
from .client import Client, lognorm_ms
from .tasks import cursor
import datetime

from .world import DC, DOMAIN, START

SVC_UA = "CompassConnector/3.2 (svc-transport; +https://transport.mpls.k12.mn.us) GuzzleHttp/7"
HR_UA = "python-requests/2.32.3"
SYNTH_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/152.0.0.0 "
            "Safari/537.36")
PINGDOM_UA = "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)"
PINGDOM_IPS = ["5.172.196.188", "76.164.194.74", "185.180.12.65", "43.229.84.12", "13.232.220.164", "178.255.152.2"]
CRAWLERS = [("googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
             ["66.249.66.%d" % i for i in (1, 34, 77, 160)]),
            ("bingbot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; "
             "+http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36", ["40.77.167.%d" % i for i in (3, 48)]),
            ("gptbot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; "
             "+https://openai.com/gptbot)", ["20.171.207.%d" % i for i in (12, 130)])]
SCAN_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Nessus/10.8"
PROBES = ["/.env", "/.git/config", "/wp-login.php", "/phpinfo.php", "/server-status", "/admin", "/admin/config.php",
          "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/_ignition/health-check", "/telescope/requests",
          "/horizon", "/storage/logs/laravel.log", "/api/v1/users", "/backup.zip", "/.DS_Store", "/config.json",
          "/cgi-bin/test.cgi", "/index.php?s=/Index/\\think\\app/invokefunction", "/api/students?search=%27%20OR%201=1--",
          "/login?redirect=//evil.example", "/.well-known/security.txt", "/actuator/env", "/debug/default/view",
          "/_profiler/phpinfo", "/public/hot", "/build/manifest.json", "/solr/admin/info/system", "/console"]


def transport_sync(env, rng, days, acct):
    """svc-transport: nightly 01:30 full walk of /api/students (cursor pages of 50) and summaries of changed pupils;
    06:00-18:00 deltas every 30 min. A bearer token (its session hash is the token's)."""
    c = Client(env, rng, DC["integration"], SVC_UA, user=acct, role="integration", h2=False, script=True)
    ids = env.world.pupil_ids
    for d in range(days):
        t = d * 86400 + 3600 * 1.5 + rng.uniform(0, 120)
        last = None
        for i in range(0, len(ids), 50):
            q = "search=&per_page=50" + ("&cursor=" + cursor(last) if last else "")
            ev, ra = c.api(t, "/api/students", q, nbytes=rng.randint(21000, 26000))
            t += ev.dur / 1000.0 + rng.uniform(0.15, 0.4)
            if ra:
                t += ra + rng.uniform(0.5, 2)
                continue
            last = ids[min(i + 49, len(ids) - 1)]
        for p in sorted(rng.sample(ids, len(ids) // 15)):
            while True:
                ev, ra = c.api(t, "/api/students/%d/summary" % p, student=str(p), nbytes=rng.randint(1800, 2600))
                t += ev.dur / 1000.0 + rng.uniform(0.1, 0.3)
                if not ra:
                    break
                t += ra + rng.uniform(0.5, 2)
        t = d * 86400 + 6 * 3600 + rng.uniform(0, 60)
        while t < d * 86400 + 18 * 3600:
            since = START + datetime.timedelta(seconds=int(t // 1800 * 1800) - 1800)
            c.api(t, "/api/students", "updated_since=%s&per_page=50" % since.strftime("%Y-%m-%dT%H:%M:%S"))
            t += 1800 + rng.uniform(-5, 5)


def hr_sync(env, rng, days, acct):
    """svc-hrsync: the HR system's staff sync every 15 min around the clock (Python script, same address)."""
    c = Client(env, rng, DC["integration"], HR_UA, user=acct, role="integration", h2=False, script=True)
    t = rng.uniform(0, 900)
    while t < days * 86400:
        c.api(t, "/api/staff", "updated_since=-15m", nbytes=rng.randint(300, 4000))
        if rng.random() < 0.2:
            c.req(t + 0.8, "POST", "/api/staff/sync", status=204, nbytes=0, dur=lognorm_ms(rng, 300))
        t += 900 + rng.uniform(-3, 3)


def synthetic_monitor(env, rng, days, acct):
    """Signs in with a form every 5 min from the monitoring host in a headless browser with no cache."""
    t = rng.uniform(0, 300)
    while t < days * 86400:
        c = Client(env, rng, DC["synthmon"], SYNTH_UA, user=acct, role="monitor")
        tt, _ = c.login_form(t, acct)
        ev, _ = c.api(tt + 0.4, "/api/students/310000000/summary", student="310000000", nbytes=1204)
        c.logout(tt + 1.5)
        t += 300 + rng.uniform(-1, 1)


def pingdom(env, rng, days):
    t = rng.uniform(0, 60)
    while t < days * 86400:
        c = Client(env, rng, rng.choice(PINGDOM_IPS), PINGDOM_UA, h2=False, script=True)
        c.req(t, "GET", "/up", status=200, nbytes=128, kind="up", dur=lognorm_ms(rng, 6, 0.4), ref="")
        t += 60 + rng.uniform(-0.5, 0.5)


def crawlers(env, rng, days):
    """Bot user agents are sent to be_static (the public landing page); the app never sees them."""
    for name, ua, ips in CRAWLERS:
        n = {"googlebot": 30, "bingbot": 45, "gptbot": 12}[name] * days
        for _ in range(n):
            c = Client(env, rng, rng.choice(ips), ua, h2=name == "googlebot", script=True)
            t = rng.uniform(0, days * 86400)
            path = rng.choice(["/robots.txt", "/", "/login", "/", "/favicon.ico", "/help/privacy", "/help/accessibility"])
            st = 404 if path.startswith("/help/acc") else 200
            c.req(t, "GET", path, status=st, nbytes=rng.randint(300, 7000), kind="public", ref="",
                  dur=lognorm_ms(rng, 3))


def vuln_scanner(env, rng, days):
    """IT's authenticated-less web scan from the scanner host, day 1 22:05 for ~40 min. Dot-paths are denied by
    HAProxy (403, <NOSRV>); the rest reach the app (404s, a few 405/419)."""
    c = Client(env, rng, DC["scanner"], SCAN_UA, h2=False, script=True)
    t = 22 * 3600 + 300 + rng.uniform(0, 60)
    n = rng.randint(700, 1000)
    for i in range(n):
        p = rng.choice(PROBES)
        if rng.random() < 0.5:
            p = p.replace("/", "/%s/" % rng.choice(["api", "public", "app", "old", "v1", "static", "sis"]), 1) \
                if p.count("/") > 0 else p
        path, _, q = p.partition("?")
        if path.startswith("/.") or "/." in path:
            c.req(t, "GET", path, q, status=403, nbytes=212, kind="deny", dur=0, tsc="PR--", ref="")
        elif path.startswith("/build/"):
            c.req(t, "GET", path, q, status=404, nbytes=150, kind="static", ref="")
        else:
            m = "POST" if rng.random() < 0.06 else "GET"
            st = 419 if m == "POST" else (302 if path == "/login" else (200 if path == "/up" else 404))
            c.req(t, m, path, q, status=st, nbytes=2210 if st == 404 else 600, ref="", user="",
                  dur=lognorm_ms(rng, 25))
        t += rng.uniform(0.5, 4.5)


def service_accounts(env, rng, days):
    svc = {"svc-transport@" + DOMAIN: ("sanctioned_integration_transport", transport_sync, DC["integration"], SVC_UA),
           "svc-hrsync@" + DOMAIN: ("sanctioned_integration_hr_sync", hr_sync, DC["integration"], HR_UA),
           "svc-synthmon@" + DOMAIN: ("synthetic_signin_monitor", synthetic_monitor, DC["synthmon"], SYNTH_UA)}
    out = {}
    for acct in sorted(svc):
        beh, fn, ip, ua = svc[acct]
        fn(env, rng, days, acct)
        out[acct] = (beh, ip, ua)
    return out
