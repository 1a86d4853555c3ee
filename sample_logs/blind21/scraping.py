"""Scraping: vendor tools and scripts that sign in with a staff member's Basic-auth credentials and pull pupil
records.  Each is unlike the textbook bot: slow and office-hours only, spread over four logins, behind a
rotating residential pool, or a nightly connector on a school server behind the district NAT."""
from . import app as A
from . import world as W
from .client import Browser, Script, human
from .people import UA

VENDOR_UA = UA["win_chrome"].replace("152.0.0.0", "151.0.0.0")
RR_UA = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/150.0.0.0 Safari/537.36")
POOL_UA = UA["win_chrome"]
CONNECTOR_UA = "Java/1.8.0_402"


def _queue(world, district):
    for sc in district.schools:
        for g in W.TESTED[sc.level]:
            for p in sc.pupils[g]:
                yield sc, g, p


def vendor_isr_trickle(log, world, rng, reg, dac):
    """A test-prep vendor's tool with the coordinator's password, in a cloud VM: every ISR PDF of the district,
    one every 1-4 minutes, 08:05-16:20 on school days with a lunch pause, through the proxy."""
    key = "vendor_isr_trickle"
    ip = W.ip_in(rng, rng.choice(W.CLOUD["azure_westus2"]), world.used)
    q = _queue(world, dac.district)
    cur = None
    for d in range(log.days):
        if not log.school_day(d):
            continue
        b = Browser(log, rng, dac.login, ip, VENDOR_UA, "vendor:%d" % d, px=rng.randint(0, 1), actor=key,
                    typo=0.0, autofill=1.0)
        t = log.at(d, 8.08 + rng.uniform(-0.05, 0.1))
        stop_am, start_pm = log.at(d, 11.8 + rng.uniform(0, 0.2)), log.at(d, 12.7 + rng.uniform(0, 0.2))
        end = log.at(d, 16.3 + rng.uniform(-0.1, 0.15))
        t = b.page(t, A.home(), "page")
        while t < end:
            if stop_am < t < start_pm:
                t = start_pm
                b.page(t, A.home(), "page")
            item = next(q, None)
            if item is None:
                break
            sc, g, p = item
            if cur != (sc.code, g):
                cur = (sc.code, g)
                t = b.page(t + rng.uniform(20, 60), A.roster(sc.code, g), "roster")
            for adm in (W.admins_for(g) or ["2026SP-ELA"])[:2]:
                t += rng.uniform(60, 240)
                b.get(t, A.isr(p[0], adm), A.answer(rng, "pdf"), "ISR_%s_%s.pdf" % (p[0], adm))
            if rng.random() < 0.02:
                t += rng.uniform(300, 900)
    reg.behaviour(key, "scraping", ["scraping"], [dac.login], vendor="test-prep vendor's report harvester",
                  cloud="Azure West US 2", gap_seconds=[60, 240], hours="08:05-16:20, lunch 11:50-12:45",
                  target="every tested pupil's ISR PDF in %s" % dac.district.name)
    reg.source(ip, "scraping", key, ["scraping"], account=dac.login, via_proxy=True)


def four_login_round_robin(log, world, rng, reg, owners):
    """One script at one outside address rotating four staff logins request by request, each login staying
    below a normal day's reading (70-110 pupils a day each)."""
    key = "four_login_round_robin"
    ip, isp = W.pool_ip(rng, "co_residential", world.used)
    district = owners[0].district
    q = _queue(world, district)
    i = 0
    for d in range(log.days):
        if not log.school_day(d):
            continue
        per_login = rng.randint(70, 110)
        t = log.at(d, 13.4 + rng.uniform(0, 0.4))
        c = [Script(log, rng, o.login, ip, RR_UA, "rr:%d:%d" % (d, k), px=rng.randint(0, 1), actor=key,
                    style="single") for k, o in enumerate(owners)]
        ref = "https://%s%s" % (W.HOST_EXT, A.home())
        for _ in range(per_login * len(owners)):
            item = next(q, None)
            if item is None:
                break
            sc, g, p = item
            cl = c[i % len(owners)]
            i += 1
            uri = A.student(p[0], "scores") if i % 3 else A.score(p[0], (W.admins_for(g) or ["2026SP-ELA"])[0])
            t = cl.get(t, uri, A.answer(rng, "student"), ref=ref) + human(rng, 38, 0.45, lo=12)
    reg.behaviour(key, "scraping", ["scraping"], [o.login for o in owners], script_address=ip, isp=isp,
                  per_login_per_day=[70, 110], hours="13:25-~18:30", rotation="round-robin per request")
    reg.source(ip, "scraping", key, ["scraping"], account=owners[0].login, accounts=[o.login for o in owners],
               via_proxy=True)


def residential_pool(log, world, rng, reg, owner):
    """One login behind a rotating residential proxy pool: a new exit address every 2-6 requests, a fresh
    browser context (so a fresh 401 challenge) on most rotations, demographics and accommodations tabs."""
    key = "residential_pool_scrape"
    q = _queue(world, owner.district)
    cur, used = None, []
    for d in range(log.days):
        t = log.at(d, 15.0 + rng.uniform(0, 0.5))
        end = log.at(d, 23.4 + rng.uniform(0, 0.3))
        while t < end:
            ip, _ = W.pool_ip(rng, "us_residential", world.used)
            used.append(ip)
            b = Browser(log, rng, owner.login, ip, POOL_UA, "pool:" + ip, px=rng.randint(0, 1), actor=key,
                        typo=0.0, autofill=1.0)
            b.authed = rng.random() < 0.4
            b.cached = True
            for _ in range(rng.randint(2, 6)):
                item = next(q, None)
                if item is None:
                    return _label(reg, key, owner, used)
                sc, g, p = item
                if cur != (sc.code, g):
                    cur = (sc.code, g)
                    t = b.page(t, A.roster(sc.code, g), "roster") + human(rng, 12)
                tab = "demo" if rng.random() < 0.5 else "accom"
                t = b.page(t, A.student(p[0], tab), "page") + human(rng, 24, 0.6, lo=4)
                if t >= end:
                    break
    _label(reg, key, owner, used)


def _label(reg, key, owner, used):
    reg.behaviour(key, "scraping", ["scraping"], [owner.login], pool="US residential proxy pool",
                  requests_per_address=[2, 6], hours="15:00-23:30 every day", n_addresses=len(used))
    for ip in used:
        reg.source(ip, "scraping", key, ["scraping"], account=owner.login, via_proxy=True)


def vendor_connector(log, world, rng, reg, owner):
    """A parent-messaging vendor's connector on a school server, configured with the principal's password:
    every roster export and school results file of the district at 02:40 and 12:15, behind the district NAT."""
    key = "vendor_connector_nightly_exports"
    ip = owner.work_ip
    for d in range(log.days):
        for h in (2.67, 12.25):
            if h > 12 and not log.school_day(d):
                continue
            c = Script(log, rng, owner.login, ip, CONNECTOR_UA, "conn:%d:%s" % (d, h), actor=key, style="single")
            t = log.at(d, h) + rng.uniform(0, 90)
            for sc in owner.district.schools:
                for g in W.TESTED[sc.level]:
                    t = c.get(t, A.roster_csv(sc.code, g), A.answer(rng, "csv"),
                              "roster_%s_%s_2026SP.csv" % (sc.code, g)) + rng.uniform(0.1, 0.6)
                if h < 12:
                    t = c.get(t, A.school_file(sc.code, "2026SP", "csv"), A.answer(rng, "bigcsv"),
                              "results_%s_2026SP.csv" % sc.code) + 0.3
    reg.behaviour(key, "scraping", ["scraping"], [owner.login], vendor="parent-messaging vendor connector",
                  host="a server at the school, behind the district NAT", times=["02:40", "12:15 (school days)"])


def run(log, world, rng, reg, cast):
    vendor_isr_trickle(log, world, rng, reg, cast["vendor_dac"])
    four_login_round_robin(log, world, rng, reg, cast["round_robin"])
    residential_pool(log, world, rng, reg, cast["pool_owner"])
    vendor_connector(log, world, rng, reg, cast["connector_owner"])
