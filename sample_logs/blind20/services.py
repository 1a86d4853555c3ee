"""Infrastructure: monitors, the district's integrations (HTTP Basic on /api/export/*), crawlers, scanners."""
from .client import Client
from .nets import Dev

PUBLIC = ["/public/", "/public/calendar?m=2026-11", "/public/calendar?m=2026-12", "/public/enroll",
          "/public/contact", "/public/privacy", "/public/districts", "/public/forms/residency-affidavit.pdf",
          "/public/forms/home-language-survey.pdf"]
PROBES = ["/.env", "/.git/config", "/.git/HEAD", "/wp-login.php", "/xmlrpc.php", "/server-status", "/phpinfo.php",
          "/actuator/env", "/admin/", "/config.json", "/.DS_Store", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
          "/cgi-bin/luci/;stok=/locale", "/owa/auth/logon.aspx", "/.aws/credentials", "/backup.zip", "/api/v1/users",
          "/sis/student.php?sasid=1%27%20OR%20%271%27=%271", "/boaform/admin/formLogin", "/HNAP1/", "/solr/admin/info/system",
          "/.well-known/security.txt", "/robots.txt", "/sitemap.xml", "/manager/html", "/console/", "/debug/default/view"]
RULE_OF = {"/.env": "lfi", "/.git/config": "lfi", "/.git/HEAD": "lfi", "/.aws/credentials": "lfi", "/.DS_Store": "lfi",
           "/sis/student.php?sasid=1%27%20OR%20%271%27=%271": "sqli"}


def svc(G, name, provider, purpose):
    G.acct(name, "benign", "district_integration_" + purpose, [], {
        "role": "integration", "campus": "TREC data centre", "auth": "http_basic", "login": "/api/export/*",
        "provider": provider})


def beat(G, ip, ua, path, every, hv="1.1", jitter=1.0, size=27, behaviour=None, provider=None):
    c = Client(G, Dev(ua), ip, G.t0 + G.rng.uniform(0, every))
    c.hv = hv
    while c.t < G.t1:
        c.req("GET", path, ct="json" if path == "/healthz" else "html", size=size, noref=True, dur=0.004)
        c.t += every - 0.02 + G.rng.uniform(0, jitter)
    G.src(ip, "benign", behaviour, [], {"provider": provider, "interval_s": every, "user_agent": c.dev.ua})


def api_pull(G, c, user, paths):
    for p in paths:
        c.req("GET", p, ct="csv" if ".csv" in p else "json", size=G.rng.randint(20000, 1900000), auth=user, noref=True,
              dur=G.rng.uniform(0.3, 6))
        c.wait(G.rng.uniform(0.2, 1.5))


def services(G):
    r = G.rng
    towns = G.towns
    beat(G, "10.20.3.15", "uptimekuma", "/healthz", 60, behaviour="uptime_monitor", provider="Uptime Kuma (TREC DC)")
    beat(G, "10.20.3.20", "check_http", "/healthz", 300, hv="1.0", behaviour="nagios_check", provider="Nagios (TREC DC)")
    for ip in ["5.172.196.188", "185.180.12.65", "76.72.167.90", "178.255.153.2"]:
        beat(G, ip, "pingdom", "/auth/login", 240, jitter=20, size=11832, behaviour="uptime_monitor_pingdom",
             provider="Pingdom probe")
    # LMS roster sync: hourly, paginated with big pages (look-alike of API scraping)
    svc(G, "svc-lms-roster", "Canvas roster sync (AWS)", "lms_roster_sync")
    lms_ips = [G.nets.ip("aws"), G.nets.ip("aws")]
    for d0, wd in G.days:
        if wd >= 5:
            continue
        for h in range(6, 21):
            c = Client(G, Dev("go"), lms_ips[h % 2], d0 + h * 3600 + 900 + r.uniform(0, 60))
            for t in towns:
                api_pull(G, c, "svc-lms-roster", ["/api/export/sections?town=%s&page=%d&per_page=1000" % (t.code, i)
                                                  for i in range(1, 2 + t.n_students // 700)]
                         + ["/api/export/enrollments?town=%s&page=%d&per_page=1000" % (t.code, i)
                            for i in range(1, 2 + t.n_students // 400)])
    for ip in lms_ips:
        G.src(ip, "benign", "lms_roster_sync_integration", [], {"provider": "AWS us-east-1 (Canvas sync)",
                                                                "account": "svc-lms-roster"})
    # nightly state (DESE) sync from the data centre
    svc(G, "svc-dese-sync", "TREC DC cron", "state_sync")
    for d0, wd in G.days:
        c = Client(G, Dev("requests"), "10.20.4.30", d0 + 2 * 3600 + 600 + r.uniform(0, 120))
        api_pull(G, c, "svc-dese-sync", [p for t in towns for p in
                                         ("/api/export/students.csv?town=%s&collection=SIMS" % t.code,
                                          "/api/export/staff.csv?town=%s&collection=EPIMS" % t.code)])
    G.src("10.20.4.30", "benign", "nightly_state_sync_integration", [], {"provider": "TREC DC", "account": "svc-dese-sync"})
    # bus routing vendor via Azure Logic Apps, every 30 min
    svc(G, "svc-transport", "bus routing vendor via Azure Logic Apps", "transport_routing")
    tip = G.nets.ip("azure")
    sub = sorted(r.sample(range(len(towns)), 8))
    for d0, wd in G.days:
        if wd >= 5:
            continue
        for k in range(24):
            c = Client(G, Dev("logicapps"), tip, d0 + 6 * 3600 + k * 1800 + r.uniform(0, 40))
            api_pull(G, c, "svc-transport", ["/api/export/students?fields=address,grade,school&town=%s&changed_since=%s"
                                             % (towns[i].code, "2026-11-%02dT00:00:00" % 1) for i in sub])
    G.src(tip, "benign", "transport_routing_integration", [], {"provider": "Azure (Logic Apps)", "account": "svc-transport"})
    # notification vendor: absences every 15 min in the morning
    svc(G, "svc-messenger", "family notification vendor", "absence_calls")
    mip = G.nets.ip("aws")
    msub = sorted(r.sample(range(len(towns)), 12))
    for d0, wd in G.days:
        if wd >= 5:
            continue
        for k in range(13):
            c = Client(G, Dev("java"), mip, d0 + 8.5 * 3600 + k * 900 + r.uniform(0, 20))
            api_pull(G, c, "svc-messenger", ["/api/export/absences?date=%s&school=%s" % (
                G.datestr(d0), s) for i in msub for s in towns[i].schools])
    G.src(mip, "benign", "absence_notification_integration", [], {"provider": "AWS (notification vendor)",
                                                                  "account": "svc-messenger"})
    crawlers(G)
    scanners(G)


def crawlers(G):
    r = G.rng
    bots = [("66.249.66.%d" % r.randint(1, 200), "googlebot", "Google"), ("66.249.66.%d" % r.randint(1, 200), "googlebot", "Google"),
            ("157.55.39.%d" % r.randint(1, 250), "bingbot", "Microsoft Bing"), ("207.46.13.%d" % r.randint(1, 250), "bingbot", "Microsoft Bing")]
    for ip, ua, prov in bots:
        c = Client(G, Dev(ua), ip, G.t0 + r.uniform(0, 3600))
        while c.t < G.t1:
            p = r.choice(PUBLIC + ["/robots.txt", "/", "/auth/login", "/public/lunch/%s.pdf" % r.choice(G.towns).code.lower()])
            if p == "/":
                c.req("GET", p, st=302, loc="/auth/login", noref=True)
            else:
                c.req("GET", p, ct="pdf" if p.endswith(".pdf") else ("txt" if p.endswith(".txt") else "html"),
                      st=304 if r.random() < 0.2 else 200, noref=True)
            c.wait(r.expovariate(1 / 1500.0))
        G.src(ip, "benign", "search_engine_crawler", [], {"provider": prov, "user_agent": c.dev.ua})


def scanners(G):
    r = G.rng
    # the district's own vulnerability scan (Greenbone) - WAF in DetectionOnly for this address
    c = Client(G, Dev("greenbone"), "10.20.9.50", G.t0 + 3600 * r.uniform(1.2, 1.6))
    paths = PROBES + ["/sis/%s.php" % w for w in ("admin", "install", "test", "config", "upload", "debug")] + \
        ["/cgi-bin/%s" % w for w in ("test.cgi", "printenv", "php.cgi", "status")]
    for i in range(r.randint(900, 1300)):
        p = r.choice(paths) if r.random() < 0.6 else "/%s%d.%s" % (r.choice(["nvt", "test", "x", "cgi"]), r.randint(1, 9999),
                                                                   r.choice(["php", "asp", "cgi", "html", "jsp"]))
        st = 404 if p not in ("/robots.txt", "/auth/login") else 200
        c.req("GET" if r.random() < 0.9 else r.choice(["POST", "OPTIONS", "HEAD", "TRACE"]), p, st=st, noref=True,
              msgs=[RULE_OF.get(p, "scan_ua"), "detect"], dur=0.01)
        c.wait(r.uniform(0.05, 1.2))
    G.src("10.20.9.50", "benign", "district_vulnerability_scanner", [], {"provider": "TREC DC (Greenbone)",
                                                                         "user_agent": c.dev.ua})
    # internet background scanners, blocked by the WAF / 404
    for ua, prov in [("censys", "Censys"), ("zgrab", "unknown"), ("l9", "LeakIX"), ("nuclei", "unknown VPS")]:
        ip = G.nets.ip(r.choice(["digitalocean", "ovh", "m247", "hetzner"]))
        c = Client(G, Dev(ua), ip, G.t0 + r.uniform(0, G.t1 - G.t0 - 7200))
        c.host = r.choice(["192.0.2.80", "records.trec.k12.ma.us"])
        n = {"censys": 3, "zgrab": 2}.get(ua, r.randint(25, 70))
        for p in (["/", "/favicon.ico", "/robots.txt"] if ua in ("censys", "zgrab") else r.sample(PROBES, min(n, len(PROBES)))):
            bad = p in RULE_OF
            st = 403 if bad else (302 if p == "/" else 404)
            c.req("GET", p, st=st, loc="/auth/login" if p == "/" else None, noref=True,
                  msgs=[RULE_OF[p]] if bad else (["ip_host"] if c.host[0] == "1" else None))
            c.wait(r.uniform(0.2, 3))
        G.src(ip, "benign", "internet_background_scanner", [], {"provider": prov, "user_agent": c.dev.ua,
                                                               "note": "probes, no sign-in attempts"})
