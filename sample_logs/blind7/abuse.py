"""Scraping through people's accounts (labelled scraping)."""
import datetime as dt
import math

from . import net, tasks
from . import world as W
from .app import PDF, Client
from .lookalikes import entry, pick, weekdays

CLOUD = (16509, 8075, 14061, 63949)


def roster_walk(g, d, start=0):
    """Pupils of district d in roster order (school by school), endlessly."""
    w = g.w
    order = sorted(d.pupils, key=lambda p: (w.pupil_school[p], W.SURNAMES[w.pupil_sur[p]], w.pupil_id[p][9:]))
    i = start
    while True:
        if i % 50 == 0:
            yield ("page", d.schools[g.w.pupil_school[order[i % len(order)]]][0], i)
        yield ("pupil", g.w.pupil_id[order[i % len(order)]], i)
        i += 1


def read_pupil(c, pid, gap, sigma, p_tabs):
    r = c.g.rng
    tasks.overview(c, pid)
    for name, p in p_tabs:
        if r.random() < p:
            c.think(gap, sigma)
            tasks.tab(c, pid, name)


def walk(c, it, end, gap, sigma, p_tabs, quota=None, restart=None):
    """Drive a roster walk until `end` (or `quota` pupils); return pupils touched."""
    r = c.g.rng
    n, next_restart = 0, (c.t + restart if restart else None)
    for kind, val, i in it:
        if c.t >= end or (quota is not None and n >= quota):
            break
        if next_restart and c.t >= next_restart:
            c.cache = set()                      # the tool relaunches its browser with a fresh profile
            c.boot(c.page)
            next_restart = c.t + restart * math.exp(0.3 * r.gauss(0, 1))
        if kind == "page":
            cur = "" if i == 0 else f"&cursor={W.cursor(r)}"
            c.nav(f"/app/roster?school={val}", "roster")
            c.api(f"/api/v2/schools/{val}/roster?limit=50{cur}", r.randint(9_000, 15_000))
        else:
            read_pupil(c, val, gap, sigma, p_tabs)
            n += 1
        c.think(gap, sigma)
    return n


def vendor_paced(g):
    """(a) A vendor's tool in a real Chrome, pacing like a human, 10-14 h a day without lunch."""
    r = g.rng
    big = sorted((d for d in g.w.districts if not d.vdi), key=lambda d: -len(d.pupils))[:4]
    s = pick(g, lambda s: s.role == "counselor" and s.dist in big)
    ip = g.w.net.alloc(r.choice(CLOUD))
    ua = net.chrome_win(r.choice((150, 151)))
    p = dict(gap_median_s=round(r.uniform(4, 12), 2), sigma=round(r.uniform(0.45, 0.8), 2),
             hours=round(r.uniform(10, 14), 2), start_local_h=round(r.uniform(6.3, 8.5), 2),
             restart_every_min=round(r.uniform(50, 150)), p_tabs=[["transcript", 0.9], ["contacts", 0.6],
                                                                   ["health", r.uniform(0.2, 0.6)],
                                                                   ["discipline", r.uniform(0.2, 0.5)]])
    ent = entry("human_paced_vendor_tool", "scraping", ("scraping", "credential_sharing"), ip=ip, user_agent=ua, **p)
    params = ent["params"]

    def run():
        it = roster_walk(g, s.dist)
        total = 0
        for day in weekdays(g):
            c = Client(g, ip, ua, s.email, bot="s", idp=s.idp)
            c.t = W.local_ts(day, p["start_local_h"] + r.uniform(-0.2, 0.2))
            c.start()
            total += walk(c, it, c.t + 3600 * p["hours"], p["gap_median_s"], p["sigma"], p["p_tabs"],
                          restart=60 * p["restart_every_min"])
            c.close_sse()
        params["pupils_touched"] = total
    return [("accounts", s.email, ent)], run, set()


def distributed(g):
    """(b) One vendor host, 4-8 staff accounts (each from its owner), 150-400 pupils/account/day."""
    r = g.rng
    asn = r.choice(CLOUD)
    pref = r.choice(net.ASNS[asn][3]) + f".{r.randint(0, 255)}"
    colo = r.choice(net.ASNS[asn][4] or ("ORD",))
    n = r.randint(4, 8)
    ua = net.chrome_win(r.choice((149, 150)))
    start_h, span = r.uniform(8.0, 9.5), r.uniform(6.5, 8.5)
    owners, used = [], set()
    for _ in range(n):
        s = pick(g, lambda s: s.dist is not None and s.role != "nurse" and not s.dist.vdi and s.dist.idx not in used)
        used.add(s.dist.idx)
        owners.append(s)
    out, runs = [], []
    for s in owners:
        ip = g.w.net.alloc(asn, colo, prefix=pref)
        quota = r.randint(150, 400)
        per = span * 3600 / quota
        gap = max(4.0, per / 2.6)
        pr = dict(ip=ip, user_agent=ua, group_prefix=pref + ".0/24", group_size=n, pupils_per_day=quota,
                  gap_median_s=round(gap, 1), start_local_h=round(start_h, 2), hours=round(span, 2))
        out.append(("accounts", s.email, entry("distributed_low_and_slow", "scraping",
                                                ("scraping", "credential_sharing"), **pr)))
        runs.append((s, ip, quota, gap))

    def run():
        for s, ip, quota, gap in runs:
            it = roster_walk(g, s.dist, r.randrange(len(s.dist.pupils)))
            for day in weekdays(g):
                c = Client(g, ip, ua, s.email, bot="s", proto="2")
                c.t = W.local_ts(day, start_h + r.uniform(-0.1, 0.1))
                c.start()
                walk(c, it, W.local_ts(day, start_h + span + r.uniform(-0.1, 0.1)), gap, 0.6,
                     [["transcript", 0.7], ["contacts", 0.5], ["health", 0.2]], quota=quota)
                c.logout()
    return out, run, set()


LETTER1 = dict(zip("abcdefghijklmnopqrstuvwxyz", (3, 8, 7, 5, 2, 3.5, 5, 7, 0.4, 2, 4, 5, 9, 2, 1.5, 5, 0.2, 5, 10, 4, 0.3, 2, 5, 0.1, 1, 0.7)))
LETTER2 = dict(zip("abcdefghijklmnopqrstuvwxyz", (8, 1.5, 2.8, 4, 12, 2.2, 2, 6, 7, 0.2, 0.8, 4, 2.4, 6.7, 7.5, 1.9, 0.1, 6, 6.3, 9, 2.8, 1, 2.4, 0.15, 2, 0.1)))


def prefix_hits(prefix):
    f = LETTER1[prefix[0]] / 100
    for ch in prefix[1:]:
        f *= LETTER2[ch] / 100
    return int(W.STATEWIDE_PUPILS * f)


def search_enum(g):
    """(c) Enumerates the statewide search API (name prefixes or birth-date windows); never opens pupils."""
    r = g.rng
    s = pick(g, lambda s: s.dist is None)
    mode = r.choice(("prefix", "dob"))
    ip = g.w.net.alloc(r.choice((14061, 24940, 63949, 16509)))
    ua = net.chrome_mac(r.choice((150, 151)))
    p = dict(mode=mode, limit=r.choice((50, 100)), page_gap_median_s=round(r.uniform(2, 6), 2),
             query_gap_median_s=round(r.uniform(4, 15), 2), start_local_h=round(r.uniform(7.0, 10.0), 2),
             hours=round(r.uniform(6, 11), 2), result_cap=1000, dob_window_days=r.randint(1, 3))
    ent = entry("search_enumeration", "scraping", ("scraping",), ip=ip, user_agent=ua, owner_on_leave=True, **p)
    params = ent["params"]

    def queries():
        if mode == "prefix":
            stack = [a + b for a in "zyxwvutsrqponmlkjihgfedcba" for b in "zyxwvutsrqponmlkjihgfedcba"]
            while stack:
                q = stack.pop()
                hits = prefix_hits(q)
                if hits > p["result_cap"] and len(q) < 4:
                    stack.extend(q + ch for ch in "zyxwvutsrqponmlkjihgfedcba")
                    continue
                yield f"q={q}", min(hits, p["result_cap"])
        else:
            d = dt.date(2007, 9, 1)
            while True:
                e = d + dt.timedelta(days=p["dob_window_days"] - 1)
                yield f"dob_from={d.isoformat()}&dob_to={e.isoformat()}", int(82 * p["dob_window_days"] * r.uniform(0.8, 1.2))
                d = e + dt.timedelta(days=1)

    def run():
        qs, nq, nreq = queries(), 0, 0
        for day in weekdays(g):
            c = Client(g, ip, ua, s.email, bot="s")
            c.t = W.local_ts(day, p["start_local_h"] + r.uniform(-0.3, 0.3))
            c.start()
            c.nav("/app/search", "search")
            end = c.t + 3600 * p["hours"]
            for q, hits in qs:
                pages = max(1, math.ceil(hits / p["limit"]))
                for i in range(pages):
                    cur = "" if i == 0 else f"&cursor={W.cursor(r)}"
                    rows = min(p["limit"], hits - i * p["limit"])
                    c.api(f"/api/v2/search/pupils?{q}&limit={p['limit']}{cur}", W.rows_bytes(r, max(0, rows)))
                    nreq += 1
                    c.think(p["page_gap_median_s"], 0.5)
                nq += 1
                c.think(p["query_gap_median_s"], 0.6)
                if c.t >= end:
                    break
            c.close_sse()
        params.update(queries_done=nq, search_requests=nreq)
    return [("accounts", s.email, ent)], run, {s.email}


def pdf_harvest(g):
    """(d) A registrar's evening script downloading every issued transcript PDF by its opaque token."""
    r = g.rng
    s = pick(g, lambda s: s.role == "registrar" and not s.dist.vdi)
    p = dict(start_local_h=round(r.uniform(20.0, 22.5), 2), hours=round(r.uniform(2, 5), 2),
             burst=[5, 20], gap_median_s=round(r.uniform(1.5, 4), 2), pause_min=[1, 8],
             sends_referer=r.random() < 0.5, per_night_cap=r.randint(400, 1_500))
    ent = entry("transcript_pdf_harvest", "scraping", ("scraping",), ip=s.home_ip, user_agent=s.home_ua, **p)
    params = ent["params"]

    def run():
        n = 0
        for day in weekdays(g):
            c = Client(g, s.home_ip, s.home_ua, s.email, bot="h", idp=s.idp,
                       cache=s.caches.setdefault("home", set()))
            c.t = W.local_ts(day, p["start_local_h"])
            c.start()                                     # she signs in with her browser ...
            c.think(30, 0.5)
            c.bot, c.proto = "s", "1.1"                   # ... and hands the cookie to a script
            c.close_sse()
            c.page = "/app/transcripts" if p["sends_referer"] else ""
            end, k = c.t + 3600 * p["hours"], 0
            while c.t < end and k < p["per_night_cap"]:
                cur = "" if k == 0 else f"&cursor={W.cursor(r)}"
                c.small(0.2, 0.6)
                c.emit("GET", f"/api/v2/transcripts?status=issued&issued_after=2019-01-01&limit=100{cur}", 200,
                       r.randint(24_000, 31_000), ref=c.page and f"https://{W.HOST}{c.page}")
                for _ in range(100):
                    c.think(p["gap_median_s"], 0.5)
                    c.emit("GET", f"/api/v2/transcripts/{W.token(r)}/pdf", 200, r.randint(70_000, 420_000),
                           ctype=PDF, ref=c.page and f"https://{W.HOST}{c.page}")
                    k += 1
                    if r.random() < 1 / r.randint(5, 20):
                        c.t += 60 * r.uniform(1, 8)
                    if c.t >= end or k >= p["per_night_cap"]:
                        break
            n += k
        params["pdfs_downloaded"] = n
    return [("accounts", s.email, ent)], run, set()


ALL = (vendor_paced, distributed, search_enum, pdf_harvest)
