"""Scraping with a staff member's credentials: a vendor's nightly data bridge, a scraper rotating
through residential proxies, and a browser-automation tool on a counselor's own office PC."""
from . import tasks as T
from . import world as W
from .client import MIN, Browser, think
from .directory import REPORTS

JAVA_UA = "Java-http-client/17.0.8"
PROXY_ISPS = ["Comcast", "CenturyLink", "Lumen Fiber", "Rise Broadband", "Spectrum", "Allo", "Ting", "Viasat",
              "Clearnetworx", "Elevate Fiber", "Ziply", "Wave", "Kinetic", "ForethoughtNet", "Bresnan",
              "Mountain Broadband", "Xfinity Business", "Beam", "Yampa Valley Electric", "Nunn Telephone",
              "Eagle Telephone", "Peetz Telephone", "Wiggins Telephone", "Delta-Montrose", "SECOM",
              "Rural Connect", "Blanca Telephone", "Phillips County Telephone", "Plains Internet", "Zito Media"]


def vendor_data_bridge(sim, victim):
    """A vendor's 'data bridge' with an assistant principal's local password: 12 enrolment reports, then
    the JSON API for every pupil of the school at a steady pace, nightly from a cloud host."""
    rng = sim.rng("abuse:vendor_data_bridge")
    ip = "44.234.%d.%d" % (rng.randint(0, 255), rng.randint(2, 250))
    fmts = {rid: rng.choice(["csv", "csv", "xlsx"]) for rid in REPORTS["ENR"]}
    step = rng.randint(1050, 1400)
    start_h = rng.uniform(1.2, 1.6)
    tag = sim.register("vendor_data_bridge", victim.login, "scraping", "vendor_data_bridge", ["scraping"],
                       ip=ip, user_agent=JAVA_UA, vendor_host="AWS us-west-2", reports=REPORTS["ENR"],
                       report_formats=fmts, api_step_ms=step, start_local="%02d:%02d" % (int(start_h), int(start_h % 1 * 60)),
                       school=victim.campus)
    pupils = sorted(sim.d.by_campus[victim.campus], key=lambda p: (p.last, p.first, p.ssid))
    for day in range(sim.days):
        b = Browser(sim, rng, ip, JAVA_UA, victim.login, "form", tag=tag, assets=False)
        t = W.local_epoch_ms(day, start_h) + rng.randint(0, 240000)
        t = b.send(t, "/login", named=False, ref="") + rng.randint(30, 90)
        b.user = victim.login
        t = b.send(t, "/j_spring_security_check", method="POST", status=302, ref="") + rng.randint(5, 20)
        t = b.send(t, "/home", ref="") + rng.randint(200, 600)
        for rid in REPORTS["ENR"]:
            size = T.report_size(rid, len(pupils), fmts[rid], rng)
            t = b.send(t, "/reports/run?id=%s&fmt=%s&school=%s" % (rid, fmts[rid], victim.campus), mime=T.MIME[fmts[rid]],
                       size=size, dur=900 + int(size / rng.uniform(150, 300)), ref="") + rng.randint(400, 1200)
        t0 = t
        for i, p in enumerate(pupils):
            at = t0 + i * step + rng.randint(-25, 25)
            b.send(at, "/api/v2/students/%s" % p.ssid, mime="application/json", size=rng.randint(2600, 4200),
                   dur=rng.randint(25, 110), ref="")
        b.send(t0 + len(pupils) * step + 300, "/logout", status=302, ref="")
    return tag


def residential_proxy_scraper(sim, victim):
    """A phished teacher password in a scraper that changes residential proxy address every few requests,
    pages the search (school filter) and reads each pupil's profile and contacts, evenings."""
    rng = sim.rng("abuse:residential_proxy_scraper")
    ua = W.WIN_CHROME % "131"
    isps = rng.sample(PROXY_ISPS, rng.randint(22, 30))
    prefixes = {isp: ["%d.%d" % (rng.choice([24, 50, 63, 65, 67, 69, 70, 71, 73, 75, 96, 97, 98, 104, 107, 108, 162,
                                             173, 174, 184, 199, 204, 206, 207, 208, 209, 216]), rng.randint(0, 255))
                      for _ in range(2)] for isp in isps}
    used = []
    tag = sim.register("residential_proxy_scraper", victim.login, "scraping", "residential_proxy_scraper",
                       ["scraping"], user_agent=ua, isps=isps, requests_per_address="2-6",
                       window_local="19:00-22:30 every evening", school=victim.campus)
    pupils = sim.d.by_campus[victim.campus]
    seen = set()
    prefixes_q = sorted({p.last[:2] for p in pupils})
    rng.shuffle(prefixes_q)
    b = Browser(sim, rng, None, ua, victim.login, "form", tag=tag, assets=False)

    def rotate():
        while True:
            isp = rng.choice(isps)
            ip = "%s.%d.%d" % (rng.choice(prefixes[isp]), rng.randint(0, 255), rng.randint(2, 254))
            if ip not in sim.d.reserved_ips:
                sim.d.reserved_ips.add(ip)
                used.append(ip)
                b.ip = ip
                return rng.randint(2, 6)

    qi = 0
    for day in range(sim.days):
        t = W.local_epoch_ms(day, rng.uniform(19.0, 20.5))
        end = t + rng.randint(70, 130) * MIN
        left = rotate()
        b.user = None
        while t < end and qi < len(prefixes_q):
            if b.expired(t):
                t = b.send(t, "/login", named=False, ref="") + think(rng, 2, 0.3)
                b.user = victim.login
                t = b.send(t, "/j_spring_security_check", method="POST", status=302, ref=W.PAGE + "/login")
                t = b.send(t + 60, "/home", ref=W.PAGE + "/login") + think(rng, 4, 0.5)
                left -= 3
            q = prefixes_q[qi]
            qi += 1
            hits = sorted((p for p in pupils if p.last.startswith(q)), key=lambda p: (p.last, p.first))
            for page in range(0, (len(hits) + 19) // 20):
                if left <= 0:
                    left = rotate()
                url = "/search?q=%s&school=%s&page=%d" % (q, victim.campus, page + 1)
                t = b.send(t, url, size=rng.randint(14000, 26000)) + think(rng, 5, 0.5)
                left -= 1
                for p in hits[page * 20:(page + 1) * 20]:
                    if p.ssid in seen:
                        continue
                    seen.add(p.ssid)
                    for kind in ("profile", "contacts"):
                        if left <= 0:
                            left = rotate()
                        b.ref = W.PAGE + url
                        t = b.send(t, "/student/%s?ssid=%s" % (kind, p.ssid)) + think(rng, 5, 0.55)
                        left -= 1
    sim.abuse[tag]["params"]["proxy_addresses_drawn"] = len(used)
    return tag


def disguised_browser_scraper(sim, victim):
    """Browser automation on a counselor's own office PC (same NAT, same Chrome build, her SSO password):
    full page loads with every asset (cache disabled), human-like pauses, three ~1 h blocks a school day."""
    rng = sim.rng("abuse:disguised_browser_scraper")
    ip = W.CAMPUS[victim.campus][4]
    tag = sim.register("disguised_browser_scraper", victim.login, "scraping", "disguised_browser_scraper",
                       ["scraping"], ip=ip, user_agent=victim.work_ua, cache="disabled", pause_median_s=16,
                       blocks_per_school_day=3, grades=[11, 12], school=victim.campus)
    pupils = sorted((p for p in sim.d.by_campus[victim.campus] if p.grade >= 11), key=lambda p: (p.grade, p.last, p.first))
    i = 0
    for day in range(sim.days):
        if not W.is_school_day(day):
            continue
        for h0 in (rng.uniform(8.3, 9.2), rng.uniform(10.3, 11.1), rng.uniform(13.0, 14.2)):
            b = Browser(sim, rng, ip, victim.work_ua, victim.login, "saml", tag=tag, no_cache=True)
            t = W.local_epoch_ms(day, h0)
            end = t + rng.randint(50, 70) * MIN
            t = b.signin(t, "/home", idp_fresh=True)
            t = b.page(t, "/home", xhr=("/api/v2/me", "/api/v2/notifications?unread=1")) + think(rng, 16, 0.7)
            while t < end and i < len(pupils):
                p = pupils[i]
                i += 1
                if i % 25 == 1:
                    t = b.page(t, "/counselor/caseload?grade=%d&page=%d" % (p.grade, i // 25 + 1)) + think(rng, 16, 0.7)
                for kind in ("profile", "schedule", "grades", "attendance"):
                    t = T.pupil_page(b, t, kind, p) + think(rng, 16, 0.7)
                    if rng.random() < 0.05:
                        t += rng.randint(60, 300) * 1000
    return tag
