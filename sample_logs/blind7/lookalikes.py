"""Benign behaviours that a naive detector would flag (all labelled benign)."""
import math

from . import tasks
from . import world as W
from .app import Client, page
from .people import client_for, office_day, phone_session, run_session, staff_day


def pick(g, pred):
    cands = [s for s in g.w.staff if s.special is None and pred(s)]
    s = g.rng.choice(cands)
    s.special = "reserved"
    return s


def entry(behaviour, label="benign", kinds=(), **params):
    return {"label": label, "behaviour": behaviour, "kinds": list(kinds), "params": params}


def weekdays(g):
    d = [x for x in g.w.dates if x.weekday() < 5]
    return d or list(g.w.dates)


def batch_registrar(g):
    """Enrolment-season registrar clearing 150-300 incoming transfers a day, briskly but humanly."""
    r = g.rng
    s = pick(g, lambda s: s.role == "registrar" and s.dist and not s.dist.vdi)
    target = r.randint(150, 300)
    span = r.uniform(9.0, 10.5)
    gap = max(15.0, span * 3600 / target - 45)
    done = [0]

    def process(c, s):
        done[0] += 1
        if r.random() < 0.15:
            c.nav("/app/transfers?tab=incoming", "transfers")
            c.api(f"/api/v2/transfers?direction=incoming&status=pending&limit=50", r.randint(8_000, 24_000))
            c.think(4, 0.5)
        tasks.open_transfer(c, g.w.new_transfer(), accept_p=0.85, download_p=0.55)
        if r.random() < 0.25:
            c.think(6, 0.5)
            tasks.overview(c, g.w.pupil_id[r.randrange(len(g.w.pupil_id))])

    def run():
        for day in weekdays(g):
            a = r.uniform(7.0, 7.4)
            c = client_for(g, s, "office")
            lz = (W.local_ts(day, r.uniform(11.5, 12.3)), r.uniform(22, 35) * 60)
            run_session(c, s, W.local_ts(day, a), W.local_ts(day, a + span), gap, lz, task=process, sigma=0.55)
        ent["params"]["transfers_opened"] = done[0]
    ent = entry("enrolment_batch_registrar", transfers_per_day_target=target, gap_median_s=round(gap, 1),
                hours=round(span, 2), ip=s.office_ip, user_agent=s.office_ua)
    return [("accounts", s.email, ent)], run, {s.email}


def auditor(g):
    """State auditor reading many records statewide, slowly, all day."""
    r = g.rng
    s = pick(g, lambda s: s.dist is None)
    gap = r.uniform(60, 150)

    def review(c, s):
        pid = g.w.pupil_id[r.randrange(len(g.w.pupil_id))]
        tasks.overview(c, pid)
        c.think(20, 0.5)
        c.nav(f"/app/audit?pupil={pid}", "audit")
        c.api(f"/api/v2/audit/access-events?pupil={pid}&limit=50", r.randint(1_500, 12_000))
        if r.random() < 0.4:
            c.think(25, 0.5)
            tasks.tab(c, pid, r.choice(("documents", "history", "transcript")))

    def run():
        for day in weekdays(g):
            c = client_for(g, s, "office")
            a = r.uniform(7.8, 8.3)
            lz = (W.local_ts(day, r.uniform(11.8, 12.4)), r.uniform(30, 50) * 60)
            run_session(c, s, W.local_ts(day, a), W.local_ts(day, a + r.uniform(8.0, 8.7)), gap, lz,
                        task=review, sigma=0.5)
    return [("accounts", s.email, entry("state_auditor", gap_median_s=round(gap, 1), ip=s.office_ip,
                                         user_agent=s.office_ua))], run, {s.email}


def traveller(g):
    """Office in the morning, airport on a phone, then a hotel in another city (sequential)."""
    r = g.rng
    s = pick(g, lambda s: s.dist is not None and not s.dist.vdi and s.idp)
    s.laptop, s.home_ua = True, s.office_ua
    days = weekdays(g)
    tday = days[0]
    hotel = g.w.net.alloc(6461, "DEN")

    def run():
        for day in g.w.dates:
            if day != tday:
                staff_day(g, s, day)
                continue
            office_day(g, s, day, start_h=r.uniform(7.2, 7.6), end_h=r.uniform(10.2, 10.6), lunch=False)
            phone_session(g, s, day, h0=r.uniform(12.0, 12.6))
            c = client_for(g, s, "home", ip=hotel)
            run_session(c, s, W.local_ts(day, r.uniform(15.0, 15.5)), W.local_ts(day, r.uniform(18.0, 18.6)),
                        r.uniform(240, 420))
            c = client_for(g, s, "home", ip=hotel)
            run_session(c, s, W.local_ts(day, r.uniform(20.0, 20.4)), W.local_ts(day, r.uniform(20.8, 21.3)), 180)
    return [("accounts", s.email, entry("traveller", day=tday.isoformat(), office_ip=s.office_ip,
                                         hotel_ip=hotel, hotel_city="Denver", user_agent=s.office_ua))], run, {s.email}


def two_devices(g):
    """A counselor with the desktop open and a phone in the hallway, at the same time."""
    r = g.rng
    s = pick(g, lambda s: s.role == "counselor" and not s.dist.vdi)
    n = r.randint(4, 8)

    def run():
        for day in weekdays(g):
            office_day(g, s, day)
            for _ in range(n):
                phone_session(g, s, day, h0=r.uniform(8.0, 15.5))
    return [("accounts", s.email, entry("desktop_plus_phone", phone_sessions_per_day=n, ip=s.office_ip,
                                         user_agent=s.office_ua, mobile_user_agent=s.mobile_ua))], run, {s.email}


def integration(g):
    """Sanctioned nightly SIS connector with an API token (service account)."""
    r = g.rng
    d = r.choice([d for d in g.w.districts if d.size > 0.8] or g.w.districts)
    email = f"svc-sis-sync@{d.domain}"
    ip = g.w.net.alloc(d.asn, d.colo)
    ua = "RostrumConnector/5.2.0 (cairn-sync; Java/17.0.11)"
    n_changes = r.randint(700, 1_800)
    start_h = r.uniform(0.6, 1.2)

    def run():
        for day in g.w.dates:
            c = Client(g, ip, ua, email, proto="1.1", bot="a")
            c.user = email
            c.t = W.local_ts(day, start_h + r.uniform(0, 0.05))
            since = f"{(day).isoformat()}T05:00:00Z"
            c.emit("GET", "/api/v2/integrations/health", 200, 44)
            pages = math.ceil(n_changes * r.uniform(0.8, 1.2) / 100)
            for i in range(pages):
                c.t += r.uniform(0.3, 0.9)
                cur = "" if i == 0 else f"&cursor={W.cursor(r)}"
                c.emit("GET", f"/api/v2/integrations/enrollment-changes?since={since}&limit=100{cur}", 200,
                       r.randint(38_000, 52_000))
            for i in range(pages * 100):
                c.t += r.uniform(0.08, 0.35)
                pid = g.w.pupil_id[r.choice(d.pupils)]
                c.emit("GET", f"/api/v2/pupils/{pid}?view=sync", 200, r.randint(2_200, 4_000))
                if i % 250 == 249:
                    c.t += r.uniform(0.5, 2)
                    c.emit("POST", "/api/v2/integrations/enrollments:batch", 207, r.randint(3_000, 9_000),
                           reqb=r.randint(180_000, 420_000))
            c.t += r.uniform(1, 3)
            c.emit("GET", f"/api/v2/transfers?direction=incoming&status=accepted&updated_since={since}&limit=500",
                   200, r.randint(20_000, 90_000))
    return [("accounts", email, entry("sanctioned_nightly_integration", ip=ip, user_agent=ua,
                                       changes_per_night=n_changes, start_local_h=round(start_h, 2),
                                       sanctioned=True, auth="api_token")),
            ("sources", ip, entry("sanctioned_nightly_integration", account=email))], run, set()


def uptime_monitor(g):
    r = g.rng
    probes = [g.w.net.alloc(r.choice((63949, 14061))) for _ in range(r.randint(4, 6))]
    ua = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"

    def run():
        t = W.local_ts(g.w.dates[0], 0.0) + r.uniform(0, 60)
        end = W.local_ts(g.w.dates[-1], 24.0)
        k = 0
        while t < end:
            c = Client(g, probes[k % len(probes)], ua, "", proto="1.1", bot="v")
            c.t = t
            if k % 5 == 4:
                c.emit("HEAD", "/login", 200, 0, ctype="text/html")
            else:
                c.emit("GET", "/actuator/health", 200, 15, ctype="application/vnd.spring-boot.actuator.v3+json")
            k += 1
            t += 60 + r.uniform(-0.6, 0.6)
    return [("sources", ip, entry("uptime_monitor", interval_s=60, user_agent=ua)) for ip in probes], run, set()


PUBLIC = ["/", "/about", "/help", "/privacy", "/accessibility", "/status", "/districts", "/login"] + \
         [f"/help/articles/{a}" for a in ("sending-a-cumulative-file", "accepting-transfers", "transcript-requests",
                                          "ferpa-basics", "mfa-and-sign-in", "immunization-records", "api-tokens")]


def crawlers(g):
    r = g.rng
    bots = [("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 15169, r.randint(150, 380)),
            ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/150.0.7310.88 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
             15169, r.randint(60, 160)),
            ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 8068, r.randint(40, 120))]
    ips = {i: [g.w.net.alloc(asn) for _ in range(r.randint(3, 6))] for i, (_ua, asn, _n) in enumerate(bots)}
    pages = PUBLIC + [f"/districts/{d.slug}" for d in g.w.districts]

    def run():
        t0, t1 = W.local_ts(g.w.dates[0], 0.0), W.local_ts(g.w.dates[-1], 24.0)
        for i, (ua, _asn, n) in enumerate(bots):
            for _ in range(n * len(g.w.dates)):
                c = Client(g, r.choice(ips[i]), ua, "", proto="1.1" if "bing" in ua else "2", bot="v",
                           dev="mobile" if "Android" in ua else "desktop")
                c.t = r.uniform(t0, t1)
                p = r.choice(pages + ["/robots.txt", "/sitemap.xml"])
                ctype = "text/plain" if p.endswith(".txt") else "application/xml" if p.endswith(".xml") else "text/html"
                c.emit("GET", p, 200 if r.random() > 0.01 else 304, r.randint(900, 24_000) if ctype == "text/html" else r.randint(300, 6_000),
                       ctype=ctype)
                if ctype == "text/html" and "Googlebot" in ua and r.random() < 0.3:
                    c.fetch_assets(page(p))
    out = []
    for i, (ua, _asn, n) in enumerate(bots):
        for ip in ips[i]:
            out.append(("sources", ip, entry("search_engine_crawler", user_agent=ua, requests_per_day=n)))
    return out, run, set()


ALL = (batch_registrar, auditor, traveller, two_devices, integration, uptime_monitor, crawlers)
