"""Benign non-human and look-alike traffic: uptime monitor, search crawler,
sanctioned nightly state-reporting export, shared front-desk PC."""
import datetime as dt

from . import world as W
from .benign import ev, web_session, think

UPTIME_UA = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"
GOOGLE_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
BING_UA = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"
EXPORT_UA = "rpisd-state-extract/1.4 python-requests/2.31.0"
PUBLIC = ["/", "/about", "/privacy", "/help", "/help/signing-in", "/help/mobile-app",
          "/help/attendance-codes", "/help/exports", "/signin", "/robots.txt", "/sitemap.xml",
          "/help/chronic-absence", "/accessibility"]


def uptime(rng, w, out, days, e0):
    ips = ["216.144.250.150", "69.162.124.235", "63.143.42.248"]
    t = e0 + rng.uniform(0, 60)
    interval = 60.0
    while t < e0 + days * 86400:
        ev(out, t + rng.uniform(0, 0.4), ips[int(t // 60) % 3], "GET", "/healthz", 200, 15, UPTIME_UA,
           "", "", "-", rng.randint(1, 4))
        t += interval
    return {ip: {"label": "benign", "behaviour": "uptime_monitor", "kinds": [],
                 "params": {"interval_s": interval, "path": "/healthz", "user_agent": UPTIME_UA}} for ip in ips}


def crawler(rng, w, out, days, e0):
    res = {}
    for ua, pref, n_ip, gap in ((GOOGLE_UA, "66.249.66", 4, 240), (BING_UA, "40.77.167", 2, 900)):
        ips = [W.ip_in(rng, pref) for _ in range(n_ip)]
        t = e0 + rng.uniform(0, gap)
        while t < e0 + days * 86400:
            p = rng.choice(PUBLIC)
            st, b = (200, rng.randint(4000, 16000)) if p != "/signin" else (200, 6120)
            if rng.random() < 0.04:
                p, st, b = rng.choice(["/help/old-portal", "/parents", "/login.aspx"]), 404, 1932
            ev(out, t, rng.choice(ips), "GET", p, st, b, ua, "", "", "-", rng=rng)
            t += rng.expovariate(1.0 / gap)
        for ip in ips:
            res[ip] = {"label": "benign", "behaviour": "search_crawler", "kinds": [],
                       "params": {"user_agent": ua, "mean_gap_s": gap}}
    return res


def state_export(rng, w, out, days, e0):
    acct = "svc-statereport@" + W.DOMAIN
    ip = W.state_export_ip if hasattr(W, "state_export_ip") else w.state_export_ip
    start_h = rng.uniform(1.3, 1.8)
    for d in range(days):
        t = e0 + d * 86400 + start_h * 3600 + rng.uniform(0, 240)
        date = (W.START + dt.timedelta(days=d - 1)).isoformat()
        for feed in ("attendance", "enrollment", "chronic"):
            for s in w.schools:
                p = "/api/v1/state/%s?school=%d&date=%s" % (feed, s["code"], date)
                dur = int(rng.lognormvariate(7.3, 0.5))
                t = ev(out, t, ip, "GET", p, 200, rng.randint(40000, 900000), EXPORT_UA, acct, "key:sr01", "-", dur)
                t += rng.uniform(0.5, 3)
    return acct, {"label": "benign", "behaviour": "sanctioned_state_export", "kinds": [],
                  "params": {"ip": ip, "user_agent": EXPORT_UA, "local_start_h": round(start_h, 2),
                             "requests_per_night": 3 * len(w.schools), "auth": "api_key"}}


def front_desk(rng, w, out, days, e0, weekdays):
    """One PC (same address + UA) at a school front desk, several staff sign in in turn."""
    school = rng.choice([s for s in w.schools if s["ip"] != w.district_nat])
    people = [s for s in w.staff if s["school"] == school["code"] and s["role"] in
              ("attendance_clerk", "nurse", "principal", "counselor") and not s.get("special")][:5]
    ua = W.WIN_EDGE.format(v=122)
    for d in range(days):
        if not weekdays[d]:
            continue
        t = e0 + d * 86400 + rng.uniform(7.6, 8.2) * 3600
        while t < e0 + d * 86400 + 16 * 3600:
            st = rng.choice(people)
            t, _ = web_session(rng, w, out, st, t, school["ip"], ua, rng.randint(2, 9),
                               cached=True, signout=True)
            t += think(rng, 600, 0.8, 3600)
    return {p["email"]: {"label": "benign", "behaviour": "shared_front_desk_pc", "kinds": [],
                         "params": {"ip": school["ip"], "user_agent": ua, "role": p["role"],
                                    "n_people_on_pc": len(people)}} for p in people}
