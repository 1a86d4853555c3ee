"""Scraping: a vendor's night sync on a staff refresh token, a headless Chrome driving the SPA across the weekend,
phished logins used lightly from one host, and a teacher's script walking persisted-query IDs from home."""
import random

from . import tasks
from .client import Client
from .netpool import LINUX_CHROME, WIN_CHROME
from .world import relay

MONTHS = [("2026-09-01", "2026-09-30"), ("2026-10-01", "2026-10-31"), ("2026-11-01", "2026-11-30"),
          ("2026-12-01", "2026-12-31"), ("2027-01-01", "2027-01-31"), ("2027-02-01", "2027-02-28"),
          ("2027-03-01", "2027-03-31")]


def vendor_night_sync(w, sink, seed, owner):
    """'BrightPath Early Warning' connector on a PC in the school: the principal's refresh token, POST /graphql
    (no APQ, variables in the body) every 1.5-3 s from ~22:00 to ~05:30, the browser UA string copied."""
    key = "vendor_night_sync"
    rng = random.Random("blind13:%d:%s" % (seed, key))
    c = Client(sink, rng, owner.nat, owner.primary_ua, user=owner, tag=key, browser=False, apq=False)
    pupils = sorted(w.by_district[owner.district], key=lambda p: p.n)
    years = ["2022-2023", "2023-2024", "2024-2025", "2025-2026", "2026-2027"]
    ops = ([("StudentProfile", None), ("StudentContacts", None)] + [("StudentAttendanceDays", m) for m in MONTHS]
           + [("StudentGrades", None), ("StudentBehavior", None), ("StudentPrograms", None)]
           + [("StudentAssessments", y) for y in years])
    a_mu, b_mu = rng.uniform(21.8, 22.4), rng.uniform(5.2, 5.7)
    k = 0
    for d in range(w.days):
        t, stop = w.at(d, rng.gauss(a_mu, 0.1)), min(w.end, w.at(d + 1, rng.gauss(b_mu, 0.1)))
        while t < stop:
            p = pupils[k % len(pupils)]
            k += 1
            for op, arg in ops:
                var = {"id": p.rid}
                if op == "StudentAttendanceDays":
                    var.update({"from": arg[0], "to": arg[1]})
                elif op == "StudentAssessments":
                    var["schoolYear"] = arg
                s = c.gql(t, op, var)
                t = max(s + 0.05, t + rng.uniform(1.5, 3.0))
                if rng.random() < 0.002:
                    t += rng.uniform(15, 75)
    return {"key": key, "label": "scraping", "kinds": ["scraping"], "account": owner,
            "params": {"pace_s": [1.5, 3.0], "start_hour": round(a_mu, 2), "stop_hour": round(b_mu, 2),
                       "ops_per_pupil": len(ops), "transport": "POST /graphql, no persisted queries, no preflight",
                       "vendor": "BrightPath Early Warning connector", "token": "owner's refresh token"}}


def headless_spa_weekend(w, sink, seed, owner):
    """A real headless Chrome (UA overridden to desktop Linux Chrome) on a Linode host, driving the SPA like a
    person: types surnames, opens every pupil, walks the tabs; 3-4 browser runs over ~9 h from Friday night."""
    key = "headless_spa_weekend"
    rng = random.Random("blind13:%d:%s" % (seed, key))
    ip, ua = w.net.cloud("linode_newark", rng), LINUX_CHROME % "153.0.0.0"
    pupils = sorted(w.by_district[owner.district], key=lambda p: (p.last, p.first))
    sections = [sec for sc in w.district[owner.district]["schools"] for sec in w.schools[sc]["sections"]]
    t0 = w.at(0, rng.uniform(20.8, 21.6))
    stop = t0 + 9 * 3600 + rng.uniform(-600, 600)
    t, k, j = t0, 0, 0
    runs = rng.randint(3, 4)
    run_len = (stop - t0) / runs
    for r in range(runs):
        c = Client(sink, rng, ip, ua, user=owner, tag=key)
        x = tasks.Ctx(w, owner, c, "2027-03-05")
        t = c.load(c.sign_in(t, "cognito") + rng.uniform(0.5, 1.5))
        run_end = min(stop, t0 + (r + 1) * run_len)
        while t < run_end:
            if k < len(pupils):
                p = pupils[k]
                k += 1
                for i in range(2, rng.randint(3, min(6, len(p.last)) + 1) + 1):
                    t = c.gql(t, "StudentSearch", {"q": p.last[:i].lower(), "scope": "DISTRICT", "first": 20})
                    t += rng.uniform(0.12, 0.4)
                t = c.gql(t + c.think(2.2, 0.4), "StudentProfile", {"id": p.rid})
                t = c.photo(t + 0.03, p)
                for op in ("StudentContacts", "StudentAttendance", "StudentGrades", "StudentSchedule",
                           "StudentDocuments", "StudentPrograms"):
                    t = tasks.tab(x, t + c.think(5.5, 0.5), op, p)
                    if op == "StudentDocuments" and rng.random() < 0.4:
                        t = c.document(t + c.think(2.5, 0.4), p)
            else:
                sec = sections[j % len(sections)]
                j += 1
                t = c.gql(t, "SectionRoster", {"sectionId": sec.rid})
                t = c.gql(t + c.think(4.0, 0.5), "Gradebook", {"sectionId": sec.rid, "termId": tasks.TERM})
            t += c.think(7.0, 0.6)
            if rng.random() < 0.02:
                t += rng.uniform(30, 180)
        t += rng.uniform(240, 1500)               # the farm restarts the browser with a fresh profile
    return {"key": key, "label": "scraping", "kinds": ["scraping"], "account": owner,
            "params": {"runs": runs, "hours": round((stop - t0) / 3600, 2), "host": "Linode Newark",
                       "think_median_s": 5.5, "pupils_opened": min(k, len(pupils)), "sections_opened": j,
                       "order": "pupils by surname, then sections"}}


def phished_accounts(w, sink, seed, victims):
    """12 phished local passwords, each used once or twice lightly (30-80 requests) from one cloud host."""
    key = "phished_accounts_one_host"
    rng = random.Random("blind13:%d:%s" % (seed, key))
    ip, ua = w.net.cloud("vultr_chicago", rng), WIN_CHROME % "152.0.0.0"
    span = w.end - w.start
    out = []
    for v in victims:
        target = rng.randint(30, 80)
        t = w.start + rng.uniform(0.12, 0.93) * span
        c = Client(sink, rng, ip, ua, user=v, tag=key)
        x = tasks.Ctx(w, v, c, "")
        t = c.load(c.sign_in(t, "cognito") + rng.uniform(0.4, 1.0))
        mine = lambda: sum(1 for e in sink[-400:] if e.who is v and e.tag == key)
        n = 0
        while n < target:
            if rng.random() < 0.15:
                t = tasks.inbox(x, t + c.think(6.0))
            else:
                p = rng.choice(w.school_pupils(v))
                q = p.last[:rng.randint(2, 3)].lower()
                t = c.gql(t + c.think(4.0), "StudentSearch", {"q": q, "scope": "DISTRICT", "first": 50})
                t = c.gql(t + c.think(3.0), "StudentProfile", {"id": p.rid})
                t = c.gql(t + c.think(2.5), "StudentContacts", {"id": p.rid})
            n = mine()
        out.append({"key": key, "label": "scraping", "kinds": ["scraping", "credential_sharing"], "account": v,
                    "params": {"target_requests": target, "host": "Vultr Chicago", "n_victims": len(victims)}})
    return out


def persisted_id_walk(w, sink, seed, owner):
    """A teacher copies a GET persisted-query URL and her token from DevTools into a script at home and walks
    Relay IDs upward (other districts' pupils come back 200 with FORBIDDEN, gaps NOT_FOUND); the script dies
    when the token expires (401s) and she refreshes the SPA to copy a new one."""
    key = "persisted_id_walk"
    rng = random.Random("blind13:%d:%s" % (seed, key))
    mine = {p.n for p in w.by_district[owner.district]}
    known = {p.n for p in w.pupils}
    n = n0 = min(mine) - rng.randint(50, 300)
    t = w.at(0, rng.uniform(19.4, 19.8))
    runs = rng.randint(2, 3)
    for r in range(runs):
        b = Client(sink, rng, owner.home_ip, owner.home_ua, user=owner)      # her own browser: not the abuse
        t = b.load(b.refresh(t) + 0.5) + c_think(rng, 25.0)
        exp = b.exp
        c = Client(sink, rng, owner.home_ip, owner.home_ua, user=owner, tag=key, browser=False)
        c.exp = float("inf")
        while t < exp and t < w.end:
            op_err = None if n in mine else ("FORBIDDEN" if n in known else "NOT_FOUND")
            t = c.gql(t, "StudentProfile", {"id": relay("Student", n)}, err=op_err)
            if op_err is None and rng.random() < 0.5:
                t = c.gql(t + rng.uniform(0.2, 0.5), "StudentContacts", {"id": relay("Student", n)})
            n += 1
            t += rng.uniform(0.6, 1.5)
        for _ in range(3):                           # expired token: API Gateway's JWT authorizer answers 401
            c.emit(t, "GET", "/graphql", c.sink[-1].qs, "GET /graphql", 401, 26, None, False, app=False)
            t += rng.uniform(1.0, 2.0)
        t += rng.uniform(360, 1200)
    return {"key": key, "label": "scraping", "kinds": ["scraping"], "account": owner,
            "params": {"runs": runs, "gap_s": [0.6, 1.5], "first_id": n0, "last_id": n - 1,
                       "transport": "GET /graphql persisted StudentProfile, sequential Relay IDs"}}


def c_think(rng, med):
    return med * rng.lognormvariate(0, 0.5)
