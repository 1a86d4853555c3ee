"""Ordinary things staff do in the app (URLs, sizes, errors) and the role-based task mix."""
import datetime
import uuid

from .client import JSON
from .world import TZ

PDF = "application/pdf"
SECTIONS = ["present-levels", "goals", "accommodations", "services", "transition", "lre", "esy", "assessments"]
MIX = {
    "case_manager": [("open", 40), ("doc", 12), ("iep", 9), ("slog", 6), ("caseload", 12), ("search", 12),
                     ("accom", 4), ("timeline", 5)],
    "slp": [("slog", 55), ("open", 20), ("caseload", 10), ("search", 10), ("doc", 5)],
    "school_psychologist": [("open", 30), ("doc", 20), ("eval", 20), ("search", 20), ("caseload", 10)],
    "sped_secretary": [("search", 35), ("roster", 20), ("open", 25), ("doc", 15), ("meeting", 5)],
    "registrar": [("sid", 45), ("open", 25), ("roster", 15), ("search", 15)],
    "counselor": [("search", 35), ("accom", 45), ("open", 20)],
    "nurse": [("search", 40), ("health", 35), ("open", 25)],
    "principal": [("open", 35), ("doc", 15), ("report", 20), ("search", 20), ("roster", 10)],
    "teacher": [("accom", 60), ("search", 40)],
    "sped_director": [("report", 30), ("open", 25), ("doc", 20), ("roster", 15), ("search", 10)],
    "sped_coordinator": [("open", 30), ("doc", 20), ("report", 20), ("roster", 15), ("search", 15)],
    "district_analyst": [("report", 60), ("roster", 30), ("open", 10)],
    "it_admin": [("admin", 50), ("roster", 20), ("search", 20), ("open", 10)],
    "compliance_monitor": [("report", 25), ("open", 40), ("doc", 25), ("search", 10)],
    "state_analyst": [("report", 80), ("roster", 20)],
    "state_it": [("admin", 70), ("report", 30)],
    "sde_program_manager": [("report", 50), ("open", 30), ("doc", 20)],
}
MIX["ot"] = MIX["pt"] = MIX["slp"]
RATE = {"case_manager": 6, "slp": 4, "ot": 4, "pt": 3, "school_psychologist": 5, "sped_secretary": 8, "registrar": 6,
        "counselor": 3, "nurse": 2.5, "principal": 3, "teacher": 0.8, "sped_director": 5, "sped_coordinator": 5,
        "district_analyst": 4, "it_admin": 3, "compliance_monitor": 4, "state_analyst": 4, "state_it": 2,
        "sde_program_manager": 3}
REPORTS = [("annual-reviews-due", "district=%s&within=60"), ("compliance", "district=%s&indicator=11"),
           ("caseload-summary", "district=%s"), ("service-minutes", "district=%s&month=2027-09"),
           ("child-count", "district=%s&date=2027-10-01")]


def ymd(ctx, t, back_days=0):
    return datetime.datetime.fromtimestamp(t - back_days * 86400, TZ).strftime("%Y-%m-%d")


def open_case(a, t, c, home, deep=True):
    """Case page: the case, the current IEP and the document list load together."""
    t = a.chunk(t, "case")
    ok = home in (c.district, "SDE")
    t0 = a.api(t, "GET", "/api/cases/" + c.id, status=200 if ok else 403, size=a.rng.randint(3100, 9400) if ok else 96,
               route="/cases/" + c.id)
    if not ok or not deep:
        return t0 + a.rng.uniform(1, 4)
    t1 = a.api(t0 + 0.01, "GET", "/api/cases/%s/iep/%d" % (c.id, c.versions), size=a.rng.randint(12000, 41000))
    t2 = a.api(t0 + 0.02, "GET", "/api/cases/%s/documents" % c.id, size=300 + 190 * len(c.docs))
    return max(t1, t2) + a.rng.uniform(2, 20)


def view_doc(a, t, c, doc=None):
    doc = doc or a.rng.choice(c.docs)
    t = a.chunk(t, "pdf")
    return a.api(t, "GET", "/api/cases/%s/documents/%s" % (c.id, doc[0]), size=doc[3], ctype=PDF,
                 route="/cases/%s/documents" % c.id) + a.rng.uniform(10, 90)


def edit_iep(a, t, c, minutes):
    r = a.rng
    t = a.chunk(t, "iep")
    route = "/cases/%s/iep/%d/edit" % (c.id, c.versions)
    t = a.api(t, "GET", "/api/cases/%s/iep/%d" % (c.id, c.versions), size=r.randint(12000, 41000), route=route)
    end = t + minutes * 60
    sec = r.choice(SECTIONS)
    while t < end:
        nt = t + r.uniform(30, 95)
        a.idle(t, nt)
        if r.random() < 0.2:
            sec = r.choice(SECTIONS)
        st = 409 if r.random() < 0.01 else 200
        t = a.api(nt, "PUT", "/api/cases/%s/iep/%d/sections/%s" % (c.id, c.versions, sec), status=st,
                  size=r.randint(300, 900), body=r.randint(800, 6000))
    return t


def service_log(a, t, c, ctx):
    r = a.rng
    t = a.chunk(t, "servicelog")
    t = a.api(t, "GET", "/api/cases/%s/service-logs" % c.id, "from=%s" % ymd(ctx, t, 30),
              size=r.randint(900, 6000), route="/service-logs/new")
    nt = t + r.uniform(40, 160)
    a.idle(t, nt)
    return a.api(nt, "POST", "/api/service-logs", status=201, size=r.randint(280, 340), body=r.randint(450, 1500)) + 2


def search_last(a, t, name, code):
    r = a.rng
    a.route = "/search"
    n = len(name)
    for k in range(3, n + 1):
        if k < n and r.random() < 0.35:
            continue
        t = a.api(t + r.uniform(0.15, 0.7), "GET", "/api/search", "lastName=%s&district=%s" % (name[:k], code),
                  size=r.randint(120, 4200))
    return t + r.uniform(1, 6)


def search_sid(a, t, c, found=True):
    a.route = "/search"
    return a.api(t, "GET", "/api/search", "stateId=%s" % c.sid, size=a.rng.randint(520, 760) if found else 41) + a.rng.uniform(1, 5)


def caseload(a, t, page=1):
    return a.api(t, "GET", "/api/caseload", "staff=me&page=%d" % page, size=a.rng.randint(6000, 14000),
                 route="/caseload") + a.rng.uniform(3, 25)


def roster(a, t, code, page=1):
    return a.api(t, "GET", "/api/districts/%s/roster" % code, "page=%d&pageSize=50" % page,
                 size=a.rng.randint(14000, 22000), route="/districts/%s/roster" % code) + a.rng.uniform(5, 40)


def report(a, t, code, which=None):
    r = a.rng
    t = a.chunk(t, "reports")
    name, q = which or r.choice(REPORTS)
    t = a.api(t, "GET", "/api/reports/" + name, q % code, size=r.randint(4000, 60000), route="/reports/" + name)
    if r.random() < 0.25:
        t = a.api(t + r.uniform(5, 30), "GET", "/api/reports/%s.csv" % name, q % code, size=r.randint(20000, 400000),
                  ctype="text/csv", err=0.01)
    return t + r.uniform(20, 120)


def do_task(a, t, s, w, ctx, mix=None):
    """One task of the staff member's role; returns when the person is done with it."""
    r = a.rng
    table = mix or MIX[s.role]
    kind = r.choices([k for k, _ in table], [x for _, x in table])[0]
    home = s.district
    pool = w.by_district.get(home) or w.cases
    if s.caseload and r.random() < 0.75:
        c = r.choice(s.caseload)
    else:
        c = r.choice(pool if home != "SDE" else w.cases)
    code = c.district
    if r.random() < 0.004:
        return a.api(t, "GET", "/api/cases/" + str(uuid.UUID(int=r.getrandbits(128), version=4)), status=404,
                     size=88, route="/cases") + 3
    if kind == "open":
        return open_case(a, t, c, home)
    if kind == "doc":
        return view_doc(a, open_case(a, t, c, home), c)
    if kind == "iep":
        return edit_iep(a, open_case(a, t, c, home), c, r.uniform(4, 25))
    if kind == "slog":
        return service_log(a, t, c, ctx)
    if kind == "caseload":
        return caseload(a, t, r.choice([1, 1, 1, 2]))
    if kind == "search":
        t = search_last(a, t, c.last, code)
        return open_case(a, t, c, home) if r.random() < 0.8 else t
    if kind == "sid":
        return open_case(a, search_sid(a, t, c), c, home)
    if kind == "accom":
        t = a.chunk(t, "case")
        return a.api(t, "GET", "/api/cases/%s/accommodations" % c.id, size=r.randint(1500, 5200),
                     route="/cases/%s/accommodations" % c.id) + r.uniform(20, 120)
    if kind == "timeline":
        return a.api(t, "GET", "/api/cases/%s/timeline" % c.id, size=r.randint(2000, 12000),
                     route="/cases/%s/timeline" % c.id) + r.uniform(10, 60)
    if kind == "health":
        return a.api(t, "GET", "/api/cases/%s/health-plan" % c.id, size=r.randint(900, 3000),
                     route="/cases/%s/health" % c.id) + r.uniform(20, 90)
    if kind == "eval":
        t = a.api(t, "GET", "/api/cases/%s/evaluations" % c.id, size=r.randint(2000, 9000),
                  route="/cases/%s/evaluations" % c.id)
        for _ in range(r.randint(1, 5)):
            nt = t + r.uniform(40, 150)
            a.idle(t, nt)
            t = a.api(nt, "PUT", "/api/cases/%s/evaluations/%s" % (c.id, c.docs[-1][0][:8]), size=r.randint(300, 700),
                      body=r.randint(1500, 9000))
        return t
    if kind == "meeting":
        t = a.api(t, "GET", "/api/cases/%s/meetings" % c.id, size=r.randint(800, 2500), route="/cases/%s/meetings" % c.id)
        return a.api(t + r.uniform(30, 120), "POST", "/api/cases/%s/meetings" % c.id, status=201, size=420,
                     body=r.randint(300, 800)) + 5
    if kind == "roster":
        return roster(a, t, code if home == "SDE" else home, r.choice([1, 1, 2, 3]))
    if kind == "report":
        return report(a, t, code if home == "SDE" else home)
    if kind == "admin":
        ok = s.role in ("it_admin", "state_it")
        t = a.api(t, "GET", "/api/admin/users", "district=%s&page=1" % home, status=200 if ok else 403,
                  size=r.randint(8000, 20000) if ok else 96, route="/admin/users")
        if ok and r.random() < 0.4:
            t = a.api(t + r.uniform(5, 40), "GET", "/api/admin/audit", "from=%s&district=%s" % (ymd(ctx, t, 1), home),
                      size=r.randint(10000, 90000), route="/admin/audit")
        return t + r.uniform(10, 60)
    raise ValueError(kind)
