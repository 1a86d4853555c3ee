"""Scraping: vendor tools and scripts that use a staff member's credentials or session to pull pupil records."""
from . import staff_days as SD
from . import tasks as T
from .client import Client, lognorm
from .world import BASE, SCHOOLS, UA_MAC_SAFARI, UA_WIN_CHROME


def consultancy(E, w, s, rng, days, A, L):
    """A college-admissions consultancy with a counselor's Google password: transcript PDFs of the counselor's
    seniors, then of other seniors, in evening bursts of 20-40 from its office, in Safari."""
    ip = "50.205.%d.%d" % (rng.randint(16, 250), rng.randint(2, 250))
    ua = UA_MAC_SAFARI % "26.1"
    mine = sorted((p for p in w.caseload[s.uid] if w.pupils[p].grade == 12), key=lambda p: w.pupils[p].last)
    others = sorted((p.pid for p in w.by_school[s.campus] if p.grade == 12 and p.pid not in set(mine)),
                    key=lambda p: w.pupils[p].last)
    queue, bursts = mine + others, []
    pos = start = max(0, len(mine) - rng.randint(15, 45))   # earlier evenings (before the window) took the rest
    for d in range(days):
        c = Client(E, rng, ua, ip, actor="consultancy", device=("consultancy", d), assets=A)
        t = T.at(d, 18, 30) + rng.uniform(0, 75 * 60)
        for b in range(rng.choice([1, 1, 2])):
            n = rng.randint(20, 40)
            t = c.sso(t, s) + lognorm(rng, 6, 0.4) if c.uid is None else t
            in_case = pos < len(mine)
            lst = "/caseload?grade=12" if in_case else "/students?school=%s&grade=12&page=%d" % (s.campus,
                                                                                                 1 + (pos - len(mine)) // 25)
            t = c.visit(t, lst) + lognorm(rng, 8, 0.5)
            for k, pid in enumerate(queue[pos:pos + n]):
                c.page = BASE + lst
                t = c.visit(t, "/students/%d/transcript" % pid) + lognorm(rng, 3.5, 0.4)
                t = c.req(t, "GET", "/students/%d/transcript.pdf" % pid, "pdf") + lognorm(rng, 9, 0.5)
                if k % 10 == 9:
                    t = c.visit(t, lst) + lognorm(rng, 5, 0.4)
            bursts.append(min(n, len(queue) - pos))
            pos += n
            c.leave(t)
            t += rng.uniform(40, 80) * 60
    L.abuse("consultancy", s, "scraping", ["scraping", "credential_sharing"], ips=[ip], user_agent=ua,
            match={"ips": [ip]}, bursts=bursts, caseload_seniors=len(mine), caseload_done_before=start,
            n_pupils=min(pos, len(queue)) - start,
            abuser_auth="google_sso_with_counselor_password", site="consultancy office (Comcast Business, Atlanta)")
    L.attacker(ip, "consultancy", "scraping", ["scraping", "credential_sharing"], s)


def extension(E, w, s, rng, days, A, L):
    """A grade-syncing browser extension in a teacher's Chrome: every 10 min while the browser is open it fetches
    the section list and each section's gradebook JSON with the teacher's own session (no referer)."""
    s.home_ua = s.laptop
    n0 = len(E)
    specials = {}
    for d in range(days):
        if SD.day_kind(d) == "school":
            specials[d] = lambda p, dd: (SD.school_day(p, dd), SD.evening(p, dd, prob=0.9))
    SD.run(E, w, s, rng, days, A, special=specials)
    spans = []
    for e in E[n0:]:
        if e.ua == s.laptop and e.nu == s.uid:
            if spans and e.t - spans[-1][1] < 2.5 * 3600 and spans[-1][2] == e.ip:
                spans[-1][1] = e.t
            else:
                spans.append([e.t, e.t, e.ip, e.xff])
    c = Client(E, rng, s.laptop, s.home, actor="extension", turbo=False)
    c.uid = s.uid
    n_polls = 0
    for t0, t1, ip, xff in spans:
        c.move(ip, xff)
        t = t0 + rng.uniform(20, 600)
        while t < t1 + rng.uniform(0, 900):
            tt = c.req(t, "GET", "/sections.json", "json", ref=None, size=int(lognorm(rng, 1900, 0.1)))
            for sec in s.sections:
                tt = c.req(tt + rng.uniform(0.15, 0.6), "GET", "/sections/%d/gradebook.json" % sec, "json",
                           ref=None)
            n_polls += 1
            t += 600 + rng.uniform(-2, 4)
    L.abuse("extension", s, "scraping", ["scraping"], ips=sorted({sp[2] for sp in spans}), user_agent=s.laptop,
            match={"path_re": r"^/sections(/\d+/gradebook)?\.json$"}, interval_s=600, n_polls=n_polls,
            sections=len(s.sections), extension="GradeSync for Ledger (Chrome extension, background fetch)")


def playwright_walker(E, w, s, rng, days, A, L):
    """A tutoring vendor's Playwright (headless Chrome, normal Windows UA) signs in with a data clerk's local
    password from a cloud VM and walks the school's pupils page by page: profile, grades tab, contacts tab."""
    s.auth = "local"
    ip = "20.121.%d.%d" % (rng.randint(0, 255), rng.randint(2, 250))
    ua = UA_WIN_CHROME % "139.0.0.0"
    roster = sorted(w.by_school[s.campus], key=lambda p: (p.last, p.first))
    pos, runs, med = 0, 0, rng.uniform(30, 55)
    for d in range(days):
        if SD.day_kind(d) != "school":
            continue
        for h0, h1 in ((10, 11.6), (13.2, 15.0), (19.5, 21.0))[:rng.choice([2, 3])]:
            c = Client(E, rng, ua, ip, actor="walker", device=("walker", d, h0), assets=A)
            t = T.at(d, h0, rng.uniform(0, 12))
            t = c.local(t, s) + lognorm(rng, 3, 0.3)
            runs += 1
            while t < T.at(d, h1) and pos < len(roster):
                if pos % 25 == 0:
                    t = c.visit(t, "/students?school=%s&page=%d" % (s.campus, pos // 25 + 1)) + lognorm(rng, 4, 0.3)
                pid = roster[pos].pid
                c.page = BASE + "/students?school=%s&page=%d" % (s.campus, pos // 25 + 1)
                t = c.visit(t, "/students/%d" % pid, [f % pid for f in T.STUDENT_FRAMES]) + lognorm(rng, 2.5, 0.3)
                t = c.frame(t, "/students/%d/grades" % pid) + lognorm(rng, 2.0, 0.3)
                t = c.frame(t, "/students/%d/contacts" % pid) + lognorm(rng, med, 0.45)
                pos += 1
            c.leave(t)
    L.abuse("walker", s, "scraping", ["scraping"], ip=ip, user_agent=ua, match={"ips": [ip]}, runs=runs,
            n_pupils=pos, median_gap_s=round(med, 1), tool="Playwright headless Chromium with a Chrome 139 UA",
            abuser_auth="local password of the data clerk")
    L.attacker(ip, "walker", "scraping", ["scraping"], s)
    return SD.run(E, w, s, rng, days, A)


def nightly_csv(E, w, s, rng, days, A, L):
    """A credit-recovery vendor's python-requests script signs in with an assistant principal's local password at
    02:15 each night and downloads every section's grade export of the school as CSV."""
    s.auth = "local"
    ip = "159.203.%d.%d" % (rng.randint(0, 255), rng.randint(2, 250))
    ua = "python-requests/2.32.3"
    depts = rng.sample(["Math", "English", "Science", "Social Studies"], 2)
    secs = sorted(k for k, v in w.sections.items() if v[1] == s.campus and w.by_uid[v[0]].dept in depts)
    secs = secs or sorted(k for k, v in w.sections.items() if v[1] == s.campus)[:30]
    n = 0
    for d in range(days):
        c = Client(E, rng, ua, ip, actor="nightly_csv", accept_all="*/*", turbo=False)
        t = T.at(d, 2, 15) + rng.uniform(-600, 600)
        t = c.req(t, "GET", "/users/sign_in", "page", ref=None) + 0.05
        t = c.req(t, "POST", "/users/sign_in", "signin_ok", 303, 0, ref=None,
                  x={"email": s.email, "uid": s.uid, "loc": "/"}) + 0.02
        t = c.req(t, "GET", "/", "page", ref=None) + 0.05
        t = c.req(t, "GET", "/reports/sections?school=%s&term=S1" % s.campus, "page", ref=None) + 0.3
        for sec in secs:
            t = c.req(t, "GET", "/sections/%d/grades/export.csv" % sec, "csv", ref=None,
                      x={"file": "grades-%d-S1.csv" % sec}) + rng.uniform(0.4, 2.0)
            n += 1
    L.abuse("nightly_csv", s, "scraping", ["scraping"], ip=ip, user_agent=ua, match={"ips": [ip]},
            n_exports=n, sections=len(secs), departments=depts, time="02:15 +/- 10 min nightly",
            abuser_auth="local password")
    L.attacker(ip, "nightly_csv", "scraping", ["scraping"], s)
    return SD.run(E, w, s, rng, days, A)


def pick_school(rng):
    return rng.choice(SCHOOLS)
