"""Scraping with staff credentials (each its own account, label ``scraping``).

S1 ``grade_sync_extension``    a teacher's browser extension pulls every pupil of her sections in her own session
S2 ``vendor_headless_counselor`` a vendor's headless Chrome on a counselor's password inside the school NAT
S3 ``attendance_export_enumeration`` a script on a clerk's password enumerating school codes and date ranges
S4 ``yearbook_vendor_photos``  a yearbook vendor's office downloading full-size photos on a media specialist's login
"""
import datetime as dt

from . import world as W
from .client import Browser, BASE
from .people import pick

TERM_START = dt.date(2026, 8, 24)


def _abuse(w, actor, p, behaviour, params, kinds=("scraping",), label="scraping"):
    p.behaviour = behaviour
    w.abuse[actor] = {"account": p.login, "label": label, "behaviour": behaviour, "kinds": list(kinds),
                      "params": params}


def setup(w, out):
    r = w.rng("scraping")
    w.s1 = pick(w, r, "teacher", "FVM")
    _abuse(w, "S1", w.s1, "grade_sync_extension", {
        "extension": "Grade Sync Helper 2.3.1 (Chrome Web Store, unreviewed)", "runs": "first sign-in each school "
        "morning + a midday delta", "n_sections": len(w.s1.sections),
        "n_pupils": sum(len(s[2]) for s in w.s1.sections), "referer": "-"})
    w.s2 = pick(w, r, "counselor", "HHS")
    w.s2_gap = (r.uniform(3.2, 4.5), r.uniform(6.5, 9.5))
    _abuse(w, "S2", w.s2, "vendor_headless_counselor", {
        "vendor": "CollegeTrack Insights (headless Chrome, counselor's own UA string)", "school": "HHS",
        "pages_per_pupil": ["/students/discipline.php", "/students/health.php"], "gap_s": [round(x, 1) for x in w.s2_gap],
        "window_local": "day 1 from 13:05, resumed day 2 13:00 if unfinished", "abuser_auth": "local form"})
    w.s3 = pick(w, r, "attendance_clerk", "GRM")
    w.s3_ip = "172.105.%d.%d" % (r.randint(0, 255), r.randint(2, 250))
    w.s3_typed = w.s3.first + "." + w.s3.last + w.s3.login[len(w.s3.first) + len(w.s3.last) + 1:]
    _abuse(w, "S3", w.s3, "attendance_export_enumeration", {
        "script_address": w.s3_ip, "typed_login": w.s3_typed, "gap_s": [20, 75],
        "school_codes": "8 real codes + unknown codes 0101-0140 (404)", "date_ranges": "weekly windows since 2026-08-24",
        "windows_local": "day 1 19:10-23:30, day 2 05:20-06:40 and 19:00-21:30", "abuser_auth": "local form"})
    w.s4 = pick(w, r, "media_specialist", "HHS")
    w.s4_ip = "50.207.%d.%d" % (r.randint(0, 255), r.randint(2, 250))
    w.s4_gap = (r.uniform(1.0, 1.6), r.uniform(2.8, 4.0))
    _abuse(w, "S4", w.s4, "yearbook_vendor_photos", {
        "vendor": "Summit Portrait & Yearbook Co. office (Comcast Business)", "endpoint": "/api/v2/students/<sid>/photo?size=full",
        "gap_s": [round(x, 1) for x in w.s4_gap], "school": "HHS", "abuser_auth": "local form"})


def extension(w, out):
    p, r = w.s1, w.rng("S1")
    pupils = [(s[0], x.sid) for s in p.sections for x in s[2]]
    for day in range(w.days):
        for (t0, t1, srv, ip, ua, user, kind) in getattr(p, "sessions", {}).get(day, []):
            if kind != "work":
                continue
            b = Browser(out, r, ua, ip, actor="S1", server=srv)
            b.user = user
            for k, (lo, n) in enumerate(((r.uniform(70, 200), len(pupils)), (None, r.randint(20, 40)))):
                t = t0 + lo if lo else w.t(day, r.uniform(12.3, 12.9))
                if not t0 < t < t1:
                    continue
                todo = pupils if k == 0 else r.sample(pupils, n)
                secs = sorted({s for s, _ in todo})
                for s in secs:
                    t = b.hit(t + r.uniform(0.05, 0.3), "GET", "/api/v2/sections/%s/roster" % s, kind="json", ref="-")
                for s, sid in todo:
                    b.hit(t, "GET", "/api/v2/students/%s/grades/current?term=2027Q2" % sid, kind="json", ref="-")
                    t += r.uniform(0.15, 0.75)


def headless(w, out):
    p, r = w.s2, w.rng("S2")
    pool = w.by_school[p.campus]
    b = Browser(out, r, p.ua, p.nat, actor="S2", cached=False)
    k = 0
    for day, start in ((0, 13.08), (1, 13.0)):
        if day >= w.days or k >= len(pool):
            continue
        b.new_day(keep_cache=False)
        b.cached, b.favicon = False, True            # fresh headless profile, never asks for the favicon
        t, end = w.t(day, start) + r.uniform(0, 1200), w.t(day, 18.0)
        t = b.form(t, p.login)
        num = W.CAMPUS[p.campus][3]
        while t < end and k < len(pool):
            g = pool[k].grade
            first = [x for x in pool if x.grade == g].index(pool[k])
            lst = "/students/search.php?school=%s&grade=%d&page=%d" % (num, g, first // 50 + 1)
            t = b.page(t, lst) + r.uniform(*w.s2_gap)
            while t < end and k < len(pool) and pool[k].grade == g:
                sid = pool[k].sid
                t = b.page(t, "/students/discipline.php?sid=" + sid, ref=BASE + lst) + r.uniform(*w.s2_gap)
                t = b.page(t, "/students/health.php?sid=" + sid) + r.uniform(*w.s2_gap)
                k += 1
                if k % 50 == 0:
                    break
        b.hit(t, "GET", "/logout.php", 302, "redir")


def exports(w, out):
    p, r = w.s3, w.rng("S3")
    codes = [W.CAMPUS[s][3] for s in W.SCHOOLS] * 3 + ["%04d" % k for k in range(101, 141)]
    weeks = [(TERM_START + dt.timedelta(days=7 * i), TERM_START + dt.timedelta(days=7 * i + 4)) for i in range(12)]
    grid = [(c, a, z) for c in codes for a, z in weeks]
    r.shuffle(grid)
    size = {W.CAMPUS[s][3]: len(w.by_school[s]) for s in W.SCHOOLS}
    b = Browser(out, r, W.ua_chrome_win(131), w.s3_ip, actor="S3", cached=False)
    for day in range(w.days):
        wins = [(19.15, 23.5)] if day % 2 == 0 else [(5.33, 6.67), (19.0, 21.5)]
        for lo, hi in wins:
            t, end = w.t(day, lo) + r.uniform(0, 300), w.t(day, hi)
            b.user = None
            t = b.hit(t, "GET", "/login", ref="-", auth=False) + r.uniform(0.3, 1)
            b.user = w.s3_typed
            t = b.post(t, "/login", ref=BASE + "/login") + 0.1
            t = b.hit(t, "GET", "/home.php", ref=BASE + "/login") + r.uniform(1, 3)
            while t < end and grid:
                code, a, z = grid.pop()
                uri = "/attendance/export.php?school=%s&from=%s&to=%s&fmt=csv" % (code, a, z)
                if code in size:
                    st = 500 if r.random() < 0.03 else 200
                    t = b.hit(t, "GET", uri, st, "csv", ref="-", size=size[code] * 5 * r.randint(55, 70),
                              rt=r.uniform(2, 14))
                else:
                    t = b.hit(t, "GET", uri, 404, "json", ref="-")
                t += r.uniform(20, 75)


def photos(w, out):
    p, r = w.s4, w.rng("S4")
    day = 1 if w.days > 1 else 0
    b = Browser(out, r, W.ua_firefox_win(), w.s4_ip, actor="S4", cached=False)
    t = w.t(day, r.uniform(9.0, 9.6))
    t = b.form(t, p.login) + r.uniform(5, 20)
    pool = w.by_school[p.campus]
    num = W.CAMPUS[p.campus][3]
    for i in range(0, len(pool), 50):
        lst = "/students/search.php?school=%s&grade=%d&page=%d&view=photos" % (num, pool[i].grade, i // 50 + 1)
        t = b.page(t, lst) + r.uniform(3, 10)
        for x in pool[i:i + 50]:
            t = b.hit(t, "GET", "/api/v2/students/%s/photo?size=full" % x.sid, kind="img", ref=BASE + lst,
                      size=r.randint(90000, 230000)) + r.uniform(*w.s4_gap)
        if b.expired(t):
            t = b.form(t, p.login)
    b.logout(t + 20)


def run(w, out):
    extension(w, out)
    headless(w, out)
    exports(w, out)
    photos(w, out)
