"""Scraping in Harbor (blind14): an agency API key paging the whole consortium politely, a vendor tool rotating
six contractors' logins, a director's bulk Medicaid export sweep, and a browser extension auto-paging contacts."""
from . import world as W
from . import tasks as T
from .client import Actor, JSON, lognorm
from .staff import device, place

CRAWL_IP, CRAWL_UA = W.AGENCIES["tidewater"][2], "python-requests/2.32.3"
CAROUSEL_IP = "164.92.87.113"
CAROUSEL_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/160.0.0.0 Safari/537.36"


def agency_roster_crawl(ctx, consumer, days):
    """The agency key pages /partner/v1/students/ (all pupils, not the caseload) with detail and contacts,
    `sleep(4)` after every response, weekdays 09:00-17:00 only, resuming where it stopped."""
    rng = ctx.rng
    a = Actor(ctx.out, rng, CRAWL_UA, CRAWL_IP, acct=consumer, abuse="agency_key_roster_crawl", kind="script")
    a.consumer = consumer
    pupils, i, n0 = ctx.pupils, 0, len(ctx.out)
    page = 25
    for day in range(days):
        if not W.school_day(day) or i >= len(pupils):
            continue
        t, stop = W.utc(day, 9.0 + rng.uniform(0.0, 0.15)), W.utc(day, 17.0 - rng.uniform(0, 0.05))
        need_list = True
        while t < stop and i < len(pupils):
            if need_list:
                cur = "" if i == 0 else "&cursor=" + W.drf_cursor(pupils[i].created)
                t = a.hit(t, "GET", "/partner/v1/students/?page_size=%d%s" % (page, cur), 200, (9000, 14000),
                          (180, .3), "partner", auth="apikey") + 4.0 + rng.uniform(0.001, 0.012)
                need_list = False
                continue
            p = pupils[i]
            t = a.hit(t, "GET", "/partner/v1/students/%s/" % p.uuid, 200, (1500, 4200), (70, .35), "partner",
                      auth="apikey") + 4.0 + rng.uniform(0.001, 0.012)
            if t >= stop:
                break
            t = a.hit(t, "GET", "/partner/v1/students/%s/contacts/" % p.uuid, 200, (500, 1600), (50, .35),
                      "partner", auth="apikey") + 4.0 + rng.uniform(0.001, 0.012)
            i += 1
            need_list = i % page == 0
        # the next day the script starts again from the last cursor it printed
        need_list = True
    return {"ip": CRAWL_IP, "user_agent": CRAWL_UA, "n_requests": len(ctx.out) - n0, "pupils_read": i,
            "page_size": page, "sleep_s": 4.0, "hours": "09:00-17:00 school days"}


def vendor_carousel(ctx, accounts, days):
    """A caseload-analytics vendor's headless Chrome on one droplet signs in as six contractors in turn (password +
    TOTP seed), 10-20 min each, reading a slice of the agency's IEPs (detail, goals, PDF), then signs out."""
    rng = ctx.rng
    mine = [p for p in ctx.pupils if p.agency == "evergreen"]
    counts = {s.email: 0 for s in accounts}
    windows = {0: (10.0, 16.5), 1: (9.0, 14.0), 2: (9.5, 15.0), 3: (9.5, 15.0), 4: (9.0, 13.0)}
    run = 0
    for day in range(days):
        if not W.school_day(day):
            continue
        # first run: every IEP of the agency's pupils; later runs: the current IEPs again (refresh)
        queue = sorted(i for p in mine for i in (p.ieps if run == 0 else p.ieps[-1:]))
        run += 1
        slices = [queue[k::len(accounts)] for k in range(len(accounts))]
        pos = [0] * len(accounts)
        h0, h1 = windows[W.weekday(day)]
        t, stop, k = W.utc(day, h0 + rng.uniform(0, .1)), W.utc(day, h1), day % len(accounts)
        while t < stop and any(pos[j] < len(slices[j]) for j in range(len(accounts))):
            if pos[k] >= len(slices[k]):
                k = (k + 1) % len(accounts)
                continue
            s = accounts[k]
            a = Actor(ctx.out, rng, CAROUSEL_UA, CAROUSEL_IP, None, "en-US,en;q=0.9", acct=s.email,
                      abuse="vendor_credential_carousel", login=s.email, auth_mode="local_totp")
            n0 = len(ctx.out)
            t = a.local(t, "/accounts/login/", think=rng.uniform(1.2, 2.4), totp_ok=rng.random() > 0.04)
            if not a.signed:                               # TOTP step drifted: the tool's second try
                t = a.local(t + 31, "/accounts/login/", think=rng.uniform(1.2, 2.0))
            end = t + rng.uniform(600, 1200)
            t = a.lazy(t, "iep")
            while t < end and pos[k] < len(slices[k]):
                iep = slices[k][pos[k]]
                pos[k] += 1
                a.go("/ieps/%d" % iep)
                t = a.hit(t, "GET", "/api/ieps/%d/" % iep, 200, (6000, 25000), (90, .4))
                t = a.hit(t + 0.01, "GET", "/api/ieps/%d/goals/" % iep, 200, (3000, 12000), (60, .4))
                t = a.hit(t + rng.uniform(0.8, 1.6), "GET", "/api/ieps/%d/pdf/" % iep, 200, (150000, 900000),
                          (1500, .4), ctype=T.PDF, rhdr={"content-disposition": 'inline; filename="IEP-%d.pdf"' % iep})
                t += rng.uniform(4, 12)
            t = a.logout(t + rng.uniform(0.5, 2))
            counts[s.email] += len(ctx.out) - n0
            k = (k + 1) % len(accounts)
            t += rng.uniform(5, 40)
    return counts


def export_sweep(ctx, s, day=0, start=21.15):
    """A district administrator's session pulls the Medicaid export for every month and every district (not his
    job, not his districts) in about 15 minutes from home: few requests, huge bytes."""
    rng = ctx.rng
    a = device(ctx, s, "laptop")
    place(a, rng, s, "home")
    saved = a.abuse
    a.abuse = "billing_export_sweep"
    n0 = len(ctx.out)
    t = a.open_app(W.utc(day, start + rng.uniform(0, .1)), "/billing/exports")
    months = ["2025-%02d" % m for m in range(7, 13)] + ["2026-%02d" % m for m in range(1, 13)] + ["2027-01", "2027-02"]
    size = {"SB": (18000000, 36000000), "TR": (14000000, 30000000), "CP": (9000000, 22000000), "SV": (3500000, 9000000)}
    for m in months:
        for d in W.DISTRICT_ORDER:
            lo, hi = size[d]
            if m[5:] in ("07", "08"):
                lo, hi = lo // 12, hi // 12                # extended school year only
            T.export(a, t, m, W.DISTRICTS[d][2], ms=(4000, .4), size=(lo, hi))
            t += rng.uniform(6, 16)                        # clicks the next download while others run
    a.abuse = saved
    return {"ip": a.ip, "user_agent": a.ua, "n_requests": len(ctx.out) - n0, "months": len(months),
            "districts": 4, "start_local": "%02d:%02d" % (int(start), int(start % 1 * 60))}


def extension_evening(ctx, s, day):
    """A resigning SLP's Chrome runs a scraping extension in the evening: it pages the district's student list
    and opens each pupil's contacts (first evening) and IEP list (second), 2-5 s apart, on her own session and
    address, after her own short look at the caseload. Returns the extension's request count."""
    rng = ctx.rng
    if day > 1:
        return 0
    a = device(ctx, s, "laptop")
    slug = W.DISTRICTS[s.district][2]
    pupils = ctx.by_district[s.district]
    place(a, rng, s, "home")
    t = a.open_app(W.utc(day, 18.7 + rng.uniform(0, .2)), "/caseload")
    for _ in range(rng.randint(3, 6)):                     # her own evening look at the caseload
        t = T.do_task(a, t + lognorm(rng, 40, .5), s, ctx, rng.choice(["student", "services", "caseload"]))
    t = max(t, W.utc(day, 19.6 + rng.uniform(0, .4)))
    a.go("/students?district=%s" % slug)
    a.abuse = "extension_autopager"
    n0 = len(ctx.out)
    sub = "contacts/" if day == 0 else "ieps/"
    for i, p in enumerate(pupils):
        t = a.ensure(t)
        if i % 50 == 0:
            cur = "" if i == 0 else "&cursor=" + W.drf_cursor(p.created)
            t = a.hit(t, "GET", "/api/students/?district=%s&page_size=50%s" % (slug, cur), 200, (19000, 26000),
                      (180, .3)) + rng.uniform(2, 5)
        t = a.hit(t, "GET", "/api/students/%s/%s" % (p.uuid, sub), 200, (600, 2600), (40, .4)) + rng.uniform(2, 5)
    a.abuse = None
    return len(ctx.out) - n0
