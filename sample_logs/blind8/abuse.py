"""Abuse instances: scraping, credential sharing, brute force.  Each returns
its label entry; parameters are drawn per instance."""
import math

from . import world as W
from .benign import ev, web_session, page_for, think, new_sess, assets, BASE, MONTHS

A = "/api/m/v2"


def _windows(rng, days, mode):
    if mode == "night":
        return [(max(0, d * 24 - rng.uniform(1, 3)), min(days * 24, d * 24 + rng.uniform(4, 5.5)))
                for d in range(days + 1) if d * 24 - 1 < days * 24]
    return [(d * 24 + rng.uniform(6.5, 8), d * 24 + rng.uniform(20, 23.5)) for d in range(days)]


def mobile_harvester(rng, w, out, days, e0, st):
    ip = W.ip_in(rng, rng.choice(W.DATACENTER))
    spoof = rng.random() < 0.5
    ua = (st["app_ua"] if rng.random() < 0.5 else W.AND_APP.format(p=2, dev="Pixel 7")) if spoof \
        else "okhttp/4.%d.0" % rng.choice([9, 10, 11, 12])
    mode = rng.choice(["night", "all_day"])
    med = rng.uniform(4.0, 10.0)
    sig = rng.uniform(0.3, 0.8)
    order = list(w.pupil_ids)
    sequential = rng.random() < 0.5
    if not sequential:
        rng.shuffle(order)
    tok, k, n = "m" + new_sess(rng)[:7], rng.randrange(len(order)), 0
    for a, b in _windows(rng, days, mode):
        t = e0 + a * 3600
        ev(out, t, ip, "POST", A + "/auth/refresh", 200, 812, ua, st["email"], tok, rng=rng)
        while t < e0 + b * 3600:
            sid = order[k % len(order)]
            k += 1
            t += rng.lognormvariate(math.log(med), sig) + (rng.uniform(60, 900) if rng.random() < 0.004 else 0)
            t = ev(out, t, ip, "GET", A + "/pupils/%d" % sid, 200, rng.randint(2500, 7000), ua, st["email"], tok, rng=rng)
            t = ev(out, t + rng.uniform(0.2, 1.5), ip, "GET", A + "/pupils/%d/guardians" % sid, 200,
                   rng.randint(800, 2600), ua, st["email"], tok, rng=rng)
            n += 2
            if sid in w.cases:
                t = ev(out, t + rng.uniform(0.2, 1.5), ip, "GET", A + "/cases/%s" % w.cases[sid], 200,
                       rng.randint(3000, 16000), ua, st["email"], tok, rng=rng)
                n += 1
    return {"label": "scraping", "behaviour": "mobile_api_harvester", "kinds": ["scraping"],
            "params": {"ip": ip, "user_agent": ua, "schedule": mode, "median_interval_s": round(med, 2),
                       "jitter_sigma": round(sig, 2), "order": "sequential" if sequential else "shuffled",
                       "n_requests": n, "token": tok, "victim_role": st["role"]}}


def browser_extension(rng, w, out, st):
    """Background fetches from the counselor's own browser while she works."""
    own = sorted((e for e in out if e[7] == st["email"] and e[1] == st["office_ip"]), key=lambda e: e[0])
    med = rng.uniform(4, 15)
    kinds = rng.sample(["/pupils/%d/guardians", "/pupils/%d/plans/504", "/pupils/%d", "/pupils/%d/attendance?term=3"],
                       rng.randint(1, 3))
    targets = list(st["caseload"]) + [p for p in w.school_pupils[st["school"]] if p not in set(st["caseload"])]
    for s in rng.sample(w.schools, 6):
        targets += w.school_pupils[s["code"]]
    segs, cur = [], []
    for e in own:
        if cur and e[0] - cur[-1][0] > 1200:
            segs.append(cur)
            cur = []
        cur.append(e)
    if cur:
        segs.append(cur)
    k, n, j = 0, 0, 0
    for seg in segs:
        t, end, j = seg[0][0] + rng.uniform(20, 90), seg[-1][0] + rng.uniform(30, 300), 0
        while t < end and k < len(targets):
            while j + 1 < len(seg) and seg[j + 1][0] <= t:
                j += 1
            cur_ev = seg[j]
            ref = BASE + cur_ev[3] if cur_ev[2] == "GET" else cur_ev[9]
            for pat in kinds:
                p = pat % targets[k]
                t = ev(out, t, st["office_ip"], "GET", p, 200, rng.randint(7000, 30000), st["ua"],
                       st["email"], cur_ev[8], ref, rng=rng) + rng.uniform(0.05, 0.4)
                n += 1
            k += 1
            t += rng.lognormvariate(math.log(med), 0.35)
    return {"label": "scraping", "behaviour": "browser_extension_harvest", "kinds": ["scraping"],
            "params": {"ip": st["office_ip"], "user_agent": st["ua"], "median_interval_s": round(med, 2),
                       "endpoints": kinds, "n_requests": n, "pupils_fetched": k}}


def export_loop(rng, w, out, days, e0, st):
    on_vps = rng.random() < 0.5
    ip = W.ip_in(rng, rng.choice(W.DATACENTER)) if on_vps else st["office_ip"]
    ua = "python-requests/2.%d.0" % rng.choice([28, 31, 32]) if rng.random() < 0.6 else st["ua"]
    reports = ["attendance"] + rng.sample(["chronic-absence", "guardian-contacts", "interventions"], rng.randint(1, 2))
    gap = rng.uniform(0.8, 6)
    start_h = rng.uniform(0.5, 4) if rng.random() < 0.4 else rng.uniform(12, 15)
    sess, n = new_sess(rng), 0
    for d in range(days):
        t = e0 + (d * 24 + start_h + rng.uniform(-0.3, 0.3)) * 3600
        for rep in reports:
            for s in w.schools:
                for m in MONTHS:
                    dur = int(rng.lognormvariate(math.log(2500), 1.0))
                    st_ = 200 if dur < 30000 else 503
                    t = ev(out, t, ip, "GET", "/exports/%s.csv?school=%d&month=%s" % (rep, s["code"], m), st_,
                           rng.randint(30000, 1500000) if st_ == 200 else 0, ua, st["email"], sess, "-", dur)
                    t += rng.uniform(0.3, 1.0) * gap
                    n += 1
    return {"label": "scraping", "behaviour": "export_loop", "kinds": ["scraping"],
            "params": {"ip": ip, "user_agent": ua, "on_vps": on_vps, "reports": reports, "gap_s": round(gap, 2),
                       "local_start_h": round(start_h, 2), "n_requests": n}}


def id_walker(rng, w, out, days, e0, st):
    ip = W.ip_in(rng, rng.choice(W.DATACENTER))
    ua = rng.choice(["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/122.0.0.0 Safari/537.36",
                     "python-aiohttp/3.9.3", st["ua"]])
    mode = rng.choice(["sequential", "sparse"])
    med = rng.uniform(0.4, 2.5)
    lo, hi = w.id_range
    cur, n, n404 = rng.randint(lo, lo + (hi - lo) // 3), 0, 0
    for d in range(days):
        t = e0 + (d * 24 + rng.uniform(0, 20)) * 3600
        sess = new_sess(rng)
        t = ev(out, t, ip, "POST", "/signin", 302, 0, ua, st["email"], sess, BASE + "/signin", rng.randint(180, 400))
        for _ in range(rng.randint(1500, 4500)):
            cur += 1 if mode == "sequential" else rng.randint(1, 40)
            if cur >= hi:
                cur = lo
            ok = cur in w.pupil_set
            n404 += not ok
            t += rng.lognormvariate(math.log(med), 0.5)
            t = ev(out, t, ip, "GET", "/pupils/%d" % cur, 200 if ok else 404,
                   rng.randint(14000, 38000) if ok else 1932, ua, st["email"], sess, "-", rng=rng)
            n += 1
            if ok and rng.random() < 0.5:
                t = ev(out, t + 0.1, ip, "GET", "/pupils/%d/guardians" % cur, 200, rng.randint(7000, 15000),
                       ua, st["email"], sess, "-", rng=rng)
                n += 1
    return {"label": "scraping", "behaviour": "id_walking", "kinds": ["scraping"],
            "params": {"ip": ip, "user_agent": ua, "mode": mode, "median_interval_s": round(med, 2),
                       "n_requests": n, "n_404": n404}}


def generic_account(rng, w, out, days, e0, weekdays):
    email = rng.choice(["attendance", "frontoffice", "attendance.office"]) + "@" + W.DOMAIN
    users = []
    own = [s for s in w.schools if s["ip"] != w.district_nat]
    nat = [s for s in w.schools if s["ip"] == w.district_nat]
    for s in rng.sample(own, 2) + rng.sample(nat, rng.randint(1, 3)):
        users.append({"email": email, "role": "attendance_clerk", "school": s["code"], "sso": False,
                      "caseload": w.school_pupils[s["code"]][:80], "ip": s["ip"], "ua": W.browser_ua(rng)})
    for d in range(days):
        if not weekdays[d]:
            continue
        for u in users:
            t = e0 + (d * 24 + rng.uniform(7.3, 8.5)) * 3600
            while t < e0 + (d * 24 + 16.3) * 3600:
                t, _ = web_session(rng, w, out, u, t, u["ip"], u["ua"], rng.randint(5, 30), cached=t > e0 + (d * 24 + 8.6) * 3600)
                t += think(rng, 1500, 0.7, 5400)
    return email, {"label": "credential_sharing", "behaviour": "generic_shared_account", "kinds": ["credential_sharing"],
                   "params": {"ips": sorted(set(u["ip"] for u in users)), "user_agents": [u["ua"] for u in users],
                              "n_people": len(users), "schools": [u["school"] for u in users]}}


def session_replay(rng, w, out, days, e0, st):
    mine = sorted((e for e in out if e[7] == st["email"] and e[8] and e[1] == st["office_ip"]), key=lambda e: e[0])
    sess = rng.choice(mine[: max(1, len(mine) // 2)])[8]
    span = [e[0] for e in mine if e[8] == sess]
    ip = W.ip_in(rng, rng.choice(W.FOREIGN))
    ua = st["ua"] if rng.random() < 0.6 else W.browser_ua(rng)
    t = span[0] + rng.uniform(60, 900)
    end = max(span[-1], t) + rng.uniform(1800, 3 * 3600)
    n, cached, ref = 0, False, BASE + "/home"
    while t < end:
        reqs = page_for(rng, w, st) if rng.random() < 0.7 else [
            ("GET", "/pupils/%d/guardians" % rng.choice(w.school_pupils[st["school"]]), 200, rng.randint(7000, 15000))]
        for m, p, s, b in reqs:
            t = ev(out, t, ip, m, p, s, b, ua, st["email"], sess, ref, rng=rng)
            n += 1
        if not cached:
            assets(rng, out, t, ip, ua, BASE + reqs[0][1], False)
            cached = True
        ref = BASE + reqs[-1][1]
        t += think(rng, 14, 0.8)
    return {"label": "credential_sharing", "behaviour": "session_cookie_replay", "kinds": ["credential_sharing"],
            "params": {"ip": ip, "user_agent": ua, "session": sess, "n_requests": n,
                       "same_ua_as_owner": ua == st["ua"]}}


def spouse_home(rng, w, out, days, e0, st, weekdays):
    ua = st["home_ua"] or W.MAC_SAFARI.format(v=3)
    d = max(i for i in range(days) if weekdays[i]) if any(weekdays) else 0
    D = e0 + d * 86400
    web_session(rng, w, out, st, D + rng.uniform(17.0, 18.0) * 3600, st["office_ip"], st["ua"], rng.randint(40, 90),
                cached=True, signout=False)
    t = D + rng.uniform(18.3, 19.5) * 3600
    for _ in range(rng.randint(1, 3)):
        t, _ = web_session(rng, w, out, st, t, st["home_ip"], ua, rng.randint(10, 45), cached=False)
        t += rng.uniform(600, 2400)
    return {"label": "credential_sharing", "behaviour": "login_shared_at_home", "kinds": ["credential_sharing"],
            "params": {"ip": st["home_ip"], "user_agent": ua, "day": d, "owner_office_ip": st["office_ip"]}}
