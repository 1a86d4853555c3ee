"""Scraping with staff credentials: vendor scripts, headless browsers, API pagination, exports, extensions."""
from urllib.parse import quote

from . import acts, staff
from .client import Client, ASSETS
from .lookalikes import pick, weekdays
from .nets import Dev


def own_day(G, p, wk, **kw):
    for d0, _ in wk:
        staff.workday(G, p, d0, **kw)


def scraping(G):
    r = G.rng
    towns = G.towns
    wk = weekdays(G)
    small = sorted([t for t in towns if t.n_students < 520], key=lambda t: t.idx)
    # 1. family-engagement vendor: AP's password, nightly printable card of every pupil of three towns
    p = pick(G, "assistant_principal", lambda q: q.method == "local")
    p.method = "local"
    three = r.sample(small, 3) if len(small) >= 3 else r.sample(towns, 3)
    three = sorted(three, key=lambda t: t.idx)
    ip, ua = G.nets.ip("aws"), r.choice(["requests", "requests_old"])
    tag = G.abuse(p, "scraping", "vendor_nightly_student_card_pull", ["scraping", "credential_sharing"],
                  {"vendor": "family engagement app", "towns": [t.code for t in three], "start_local": "01:00-02:30"})
    own_day(G, p, wk)
    for d0, _ in G.days:
        c = Client(G, Dev(ua), ip, d0 + r.uniform(1.0, 2.5) * 3600, tag)
        staff.tool_sign_in(G, p, c)
        for t in three:
            for pg in range(1, 2 + t.n_students // 200):
                c.req("GET", "/sis/search.php?town=%s&grade=ALL&page=%d&per_page=200" % (t.code, pg), noref=True)
                c.wait(r.uniform(0.3, 1.0))
            for k in range(t.n_students):
                c.req("GET", "/sis/card.php?lid=%s&print=1" % t.lid(k), size=r.randint(4000, 7000), noref=True)
                c.wait(r.uniform(0.25, 1.4))
        c.req("GET", "/auth/logout", st=302, loc="/auth/login?bye=1", noref=True)
    # 2. headless browser paced like a person (20-40 s/page), no images/CSS, no lunch, on a cloud VM
    variants = [("headless_linux", G.nets.ip("azure"), "cloud_vm"), ("chrome_linux", None, "school_pc")]
    for ua, ip, where in variants:
        p = pick(G, pred=lambda q: q.method == "local" and q.town is not None and q.role in ("counselor", "teacher", "secretary"))
        ip = ip or p.town.nat
        lo = r.uniform(18, 24); hi = lo + r.uniform(12, 20)
        tag = G.abuse(p, "scraping", "headless_browser_paced_scraper", ["scraping"],
                      {"pace_s": [round(lo, 1), round(hi, 1)], "runs_on": where})
        own_day(G, p, wk)
        dev = Dev(G.claim(ip, [ua, "chrome_win149"]), assets=False)
        k = r.randrange(p.town.n_students)
        for d0, _ in wk:
            c = Client(G, dev, ip, d0 + r.uniform(6.8, 7.6) * 3600, tag)
            c.speed = 0.3
            staff.sign_in(G, p, c)
            for a, ct, sz in ASSETS[1:3]:
                c.req("GET", a, ct=ct, size=sz, static=True)
            end = d0 + r.uniform(18.5, 20.5) * 3600
            while c.t < end:
                k = (k + 1) % p.town.n_students
                sid = p.town.student(k)
                for tab in ("overview", "contacts", "grades"):
                    c.page("/records/s/%s/%s" % (sid, tab))
                    c.wait(r.uniform(lo, hi))
    # 3. API pagination with huge pages (the grid uses per_page=50) from a VPS
    p = pick(G, pred=lambda q: q.method == "local" and q.role in ("data_coordinator", "principal", "registrar"))
    ip = G.nets.ip("digitalocean")
    per = r.choice([2000, 5000, 10000])
    tag = G.abuse(p, "scraping", "api_pagination_huge_pages", ["scraping"], {"per_page": per})
    own_day(G, p, wk)
    for d0, _ in wk:
        c = Client(G, Dev("go"), ip, d0 + r.uniform(10, 14) * 3600, tag)
        staff.tool_sign_in(G, p, c)
        for t in towns:
            for what in ("students", "contacts", "guardians"):
                for pg in range(1, 2 + t.n_students // per):
                    c.req("GET", "/sis/api/%s?town=%s&page=%d&per_page=%d" % (what, t.code, pg, per), ct="json",
                          size=r.randint(400000, 4000000), noref=True, dur=r.uniform(1, 8))
                    c.wait(r.uniform(0.1, 0.6))
    # 4. fast bulk walk of every record of two towns
    p = pick(G, pred=lambda q: q.method == "local" and q.town is not None)
    ip, t2 = G.nets.ip("hetzner"), sorted(r.sample(towns, 2), key=lambda t: t.idx)
    tag = G.abuse(p, "scraping", "fast_bulk_record_walk", ["scraping"], {"towns": [t.code for t in t2]})
    own_day(G, p, wk)
    d0 = wk[-1][0]
    c = Client(G, Dev("requests"), ip, d0 + r.uniform(12.5, 15) * 3600, tag)
    staff.tool_sign_in(G, p, c)
    for t in t2:
        for k in range(t.n_students):
            for tab in ("overview", "contacts"):
                c.req("GET", "/records/s/%s/%s" % (t.student(k), tab), noref=True)
            c.wait(r.uniform(0.05, 0.4))
    # 5. bulk export hoarding with curl from a consultant's home
    p = pick(G, pred=lambda q: q.method == "local" and q.role in ("principal", "data_coordinator", "counselor", "helpdesk"))
    ip = G.nets.home()
    tag = G.abuse(p, "scraping", "bulk_export_hoarding", ["scraping"], {"tool": "curl"})
    own_day(G, p, wk)
    for d0, _ in wk:
        c = Client(G, Dev(r.choice(["curl", "curl_win"])), ip, d0 + r.uniform(8.8, 9.6) * 3600, tag)
        staff.tool_sign_in(G, p, c)
        i = r.randrange(len(towns))
        while c.t < d0 + 16.2 * 3600:
            t = towns[i % len(towns)]; i += 1
            job = r.randint(300000, 999999)
            c.req("POST", "/reports/builder/run", st=302, loc="/reports/job/%d" % job, noref=True)
            c.wait(r.uniform(5, 20))
            c.req("GET", "/reports/download/%d.xlsx?name=%s" % (job, quote(t.code + "_all_students_contacts_guardians")),
                  ct="xlsx", size=r.randint(900000, 6000000), noref=True, dur=r.uniform(2, 12))
            c.wait(r.uniform(420, 900))
            if c.expired():
                staff.tool_sign_in(G, p, c)
    # 6. low and slow, around the clock, fake browser UA from a VPS
    p = pick(G, pred=lambda q: q.method == "local" and q.town is not None)
    ip = G.nets.ip("digitalocean")
    lo = r.uniform(80, 150)
    tag = G.abuse(p, "scraping", "low_and_slow_round_the_clock", ["scraping"], {"pace_s": [round(lo), round(lo * 3)]})
    own_day(G, p, wk)
    c = Client(G, Dev("chrome_win", fake=True), ip, G.t0 + r.uniform(0, 3600), tag)
    staff.tool_sign_in(G, p, c, speed=0.5)
    k = r.randrange(p.town.n_students)
    while c.t < G.t1 - 600:
        if c.expired():
            staff.tool_sign_in(G, p, c, speed=0.5)
        k = (k + 7) % p.town.n_students
        c.req("GET", "/records/s/%s/contacts" % p.town.student(k))
        c.wait(r.uniform(lo, lo * 3))
    # 7. rotating addresses and user agents, one session cookie
    p = pick(G, pred=lambda q: q.method == "local" and q.town is not None)
    ips = [G.nets.ip("residential_proxy") for _ in range(r.randint(6, 10))]
    devs = [Dev(k, fake=True) for k in r.sample(["chrome_win", "firefox_win", "safari_mac", "edge_win", "chrome_mac"], 4)]
    tag = G.abuse(p, "scraping", "rotating_addresses_and_agents", ["scraping"], {"n_addresses": len(ips)})
    own_day(G, p, wk)
    for d0, _ in wk:
        c = Client(G, devs[0], ips[0], d0 + r.uniform(9.5, 11) * 3600, tag)
        staff.tool_sign_in(G, p, c, speed=0.2)
        end = c.t + r.uniform(3, 5) * 3600
        while c.t < end:
            c.ip, c.dev = r.choice(ips), r.choice(devs)
            t = p.town
            c.req("GET", "/records/s/%s/%s" % (t.student(r.randrange(t.n_students)), r.choice(["contacts", "overview"])))
            c.wait(r.uniform(3, 12))
    # 8. browser extension riding the staff member's own session (no Referer, Origin chrome-extension://)
    p = pick(G, pred=lambda q: q.role in ("secretary", "teacher", "counselor") and q.town is not None)
    p.devs["desk"] = Dev(G.claim(p.town.nat, ["chrome_win", "edge_win", "chrome_win149"]), name="desk")
    tag = G.abuse(p, "scraping", "browser_extension_session_riding", ["scraping"],
                  {"extension_origin": "chrome-extension://fmkadmapgofadopljbjfkapdkoienihi"})
    for d0, _ in wk:
        c = staff.workday(G, p, d0, logout_p=0.0, overnight_p=0.0, tag=tag)
        t, k = p.town, r.randrange(p.town.n_students)
        e = Client(G, p.devs["desk"], c.ip, c.login_t + 600, tag)
        e.user, e.sess, e.alive, e.extra = c.user, c.sess, True, {"Origin": "chrome-extension://fmkadmapgofadopljbjfkapdkoienihi"}
        e.node = c.node
        while e.t < c.t - 900:
            for _ in range(r.randint(30, 80)):
                k = (k + 1) % t.n_students
                e.req("GET", "/sis/card.php?lid=%s&print=1&format=json" % t.lid(k), ct="json", noref=True)
                e.wait(r.uniform(0.1, 0.5))
            e.wait(r.uniform(2400, 4200))
    # 9. overnight IEP/504 document harvest with wget
    p = pick(G, "sped_coordinator", lambda q: q.method == "local")
    p.method = "local"
    ip = G.nets.home()
    tag = G.abuse(p, "scraping", "overnight_document_harvest", ["scraping"], {"tool": "wget"})
    own_day(G, p, wk)
    for d0, _ in G.days[:2]:
        c = Client(G, Dev("wget"), ip, d0 - r.uniform(0.2, 1.0) * 3600 if d0 > G.t0 else d0 + r.uniform(0.1, 0.5) * 3600, tag)
        staff.tool_sign_in(G, p, c)
        t = p.town
        end = c.t + r.uniform(3.5, 5) * 3600
        k = 0
        while c.t < end and k < t.n_students:
            kind = "iep" if r.random() < 0.7 else "504"
            c.req("GET", "/docs/%s/%s-%d.pdf?sasid=%s" % (kind, t.code, 20000 + k * 3 + (kind == "504"), t.student(k)),
                  ct="pdf", size=r.randint(90000, 900000), noref=True)
            k += r.randint(1, 3)
            c.wait(r.uniform(5, 20))
