"""Scraping: a tutoring company's "homework helper" on a teacher's password (rate-limit shaped), a lapsed
long-term-sub account walking pupil IDs slowly at night, and a data broker spreading its pulls over stuffed accounts."""
import math

from .client import Client, lognorm_ms
from .tasks import cursor, search_term
from .staff import is_school_day

HWH_UA = "Dart/3.5 (dart:io)"
PROXY_BLOCKS = [(45, 86, 200, 203), (193, 233, 140, 143), (91, 246, 192, 195)]   # one residential-proxy provider


def homework_helper(env, rng, world, days, reg, teacher):
    """Nightly from one cloud host: sign in (form), the teacher's rosters and each pupil's summary, then search
    pages (cursor, 50 a page) and summaries of new pupils; a bigger budget each night; sleeps Retry-After on 429."""
    ip = "18.191.%d.%d" % (rng.randint(0, 255), rng.randint(2, 254))
    teacher["auth"] = "local"
    seen, budget = set(), rng.randint(500, 800)
    tag = "homework_helper"
    for d in range(days):
        c = Client(env, rng, ip, HWH_UA, user=teacher["login"], role=teacher["role"], h2=False, tag=tag, script=True)
        t = d * 86400 + 3600 * 0.6 + rng.uniform(0, 1800)
        t, _ = c.login_form(t, teacher["login"])
        c.page = ""

        def get(t, path, q="", student="", nbytes=None):
            while True:
                ev, ra = c.api(t, path, q, student=student, nbytes=nbytes)
                t += ev.dur / 1000.0 + rng.uniform(0.12, 0.45)
                if not ra:
                    return t
                t += ra + rng.uniform(0.0, 0.3)

        queue = []
        for sec, members in teacher["sections"]:
            t = get(t, "/api/classes/%d/students" % sec, nbytes=rng.randint(5000, 11000))
            queue += [p for p in members if p not in seen]
        n = 0
        while n < budget:
            for p in queue:
                if p in seen:
                    continue
                seen.add(p)
                t = get(t, "/api/students/%d/summary" % p, student=str(p), nbytes=rng.randint(1800, 2600))
                n += 1
            term = search_term(rng)
            hits = sorted(rng.sample(world.pupil_ids, rng.randint(20, 260)))
            queue = []
            for i in range(0, len(hits), 50):
                q = "search=%s" % term + ("&cursor=" + cursor(hits[i - 1]) if i else "")
                t = get(t, "/api/students", q, nbytes=rng.randint(3000, 24000))
                queue += hits[i:i + 50]
        budget = int(budget * rng.uniform(1.6, 2.2))
    reg.account(teacher, "scraping", tag, ["scraping", "credential_sharing"], [ip], [HWH_UA],
                {"teacher_sections": [s for s, _ in teacher["sections"]], "pupils_pulled": len(seen),
                 "night_start": "00:36-01:06", "rate_limit": "120 API calls/min/session, honours Retry-After"})
    reg.source(ip, "scraping", tag, ["scraping", "credential_sharing"], {"account": teacher["login"],
                                                                          "provider": "AWS us-east-2"})


def id_walk(env, rng, world, days, reg, acct):
    """A lapsed long-term-sub account (never disabled) used from a home ISP at night: sequential pupil IDs, the
    contacts page and the summary XHR for each, 404 on the gaps, 12-40 s per pupil, 23:00-04:30."""
    ip = "73.%d.%d.%d" % (rng.randint(160, 190), rng.randrange(256), rng.randint(2, 254))
    ua = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:143.0) Gecko/20100101 Firefox/143.0"
    tag = "lapsed_account_id_walk"
    cur = world.pupil_ids[rng.randrange(len(world.pupil_ids) // 3)]
    first = cur
    for d in range(days):
        c = Client(env, rng, ip, ua, user=acct["login"], role=acct["role"], tag=tag)
        t = d * 86400 - 3600 + rng.uniform(0, 1200) if d else 3600 * rng.uniform(0.2, 0.6)
        end = d * 86400 + 3600 * 4.5 + rng.uniform(-900, 900)
        t, _ = c.login_form(t, acct["login"])
        while t < end:
            ok = cur in world.id_set
            t = c.page_view(t, "/students/%d/contacts" % cur, status=200 if ok else 404, student=str(cur),
                            nbytes=None if ok else 2210)
            if ok:
                c.api(t + rng.uniform(0.1, 0.4), "/api/students/%d/summary" % cur, student=str(cur))
            cur += 1
            t += rng.lognormvariate(math.log(22), 0.45)
            if rng.random() < 0.01:
                t += rng.uniform(300, 1500)
    reg.account(acct, "scraping", tag, ["scraping"], [ip], [ua],
                {"first_id": first, "last_id": cur - 1, "hours": "23:00-04:30", "owner_active": False})
    reg.source(ip, "scraping", tag, ["scraping"], {"account": acct["login"], "provider": "Comcast residential"})


def proxy_ip(rng):
    b = rng.choice(PROXY_BLOCKS)
    return "%d.%d.%d.%d" % (b[0], b[1], rng.randint(b[2], b[3]), rng.randint(2, 254))


def broker(env, rng, world, days, reg, victims):
    """Stuffed local passwords, each account used for 30-60 pupils a school day (profile + contacts, sometimes
    schedule) in office hours, a fresh residential-proxy address per sign-in, a real-browser build with no cache."""
    tag = "broker_stuffed_accounts"
    uas = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 "
           "Safari/537.36" % v for v in (149, 150, 151)]
    for s in victims:
        ips, used_uas, n = [], [], 0
        ua = rng.choice(uas)
        for d in range(days):
            if not is_school_day(d):
                continue
            k = rng.randint(30, 60)
            t = d * 86400 + 3600 * rng.uniform(8.5, 14.5)
            while k > 0:
                ip = proxy_ip(rng)
                ips.append(ip)
                c = Client(env, rng, ip, ua, user=s["login"], role=s["role"], tag=tag)
                t, _ = c.login_form(t, s["login"])
                for _ in range(min(k, rng.randint(8, 25))):
                    p = rng.choice(world.pupil_ids)
                    c.api(t, "/api/students", "search=%d" % (p // 1000), nbytes=rng.randint(800, 3000))
                    t = c.page_view(t + rng.uniform(1, 3), "/students/%d" % p, student=str(p))
                    c.api(t, "/api/students/%d/summary" % p, student=str(p))
                    t = c.page_view(t + rng.uniform(3, 10), "/students/%d/contacts" % p, student=str(p))
                    if rng.random() < 0.3:
                        t = c.page_view(t + rng.uniform(3, 10), "/students/%d/schedule" % p, student=str(p))
                    t += rng.lognormvariate(math.log(35), 0.5)
                    k -= 1
                    n += 1
                t += rng.uniform(1200, 5400)
        if ua not in used_uas:
            used_uas.append(ua)
        reg.account(s, "scraping", tag, ["scraping", "credential_sharing"], sorted(set(ips)), used_uas,
                    {"pupils_pulled": n, "per_day": "30-60", "proxy_blocks": ["%d.%d.%d-%d.0/24" % b for b in PROXY_BLOCKS]})
        for ip in sorted(set(ips)):
            reg.source(ip, "scraping", tag, ["scraping", "credential_sharing"], {"account": s["login"],
                                                                               "provider": "residential proxy"})
