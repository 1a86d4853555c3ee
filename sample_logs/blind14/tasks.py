"""Ordinary tasks in the Harbor app (blind14): pupil look-ups, IEP work, PDFs, service minutes, reports,
billing, admin pages. Each task takes an Actor and a start time and returns its end time."""
from . import world as W
from .client import JSON, lognorm

PDF = "application/pdf"
MONTHS_BACK = ["2027-02", "2027-01", "2026-12", "2026-11", "2026-10", "2026-09"]
RATES = {  # tasks per hour at work, and the task mix
    "case_manager": (4.5, {"student": 25, "iep_edit": 25, "pdf": 10, "services": 10, "caseload": 10, "search": 10,
                           "upload": 5, "dashboard": 5}),
    "teacher": (1.2, {"student": 50, "caseload": 30, "dashboard": 20}),
    "slp": (3.5, {"services": 35, "student": 20, "iep_edit": 15, "pdf": 10, "caseload": 10, "search": 10}),
    "school_psych": (3.0, {"iep_edit": 30, "student": 25, "pdf": 15, "search": 15, "caseload": 15}),
    "ot": (3.0, {"services": 40, "student": 25, "iep_edit": 10, "caseload": 15, "search": 10}),
    "pt": (2.5, {"services": 40, "student": 25, "iep_edit": 10, "caseload": 15, "search": 10}),
    "contract_slp": (3.0, {"services": 45, "student": 25, "iep_edit": 10, "caseload": 20}),
    "contract_ot": (3.0, {"services": 45, "student": 25, "iep_edit": 10, "caseload": 20}),
    "contract_bcba": (2.5, {"services": 40, "student": 30, "iep_edit": 10, "caseload": 20}),
    "office_staff": (2.0, {"search": 40, "student": 30, "dashboard": 20, "upload": 10}),
    "registrar": (3.0, {"ssid": 35, "student": 30, "pdf": 15, "upload": 20}),
    "counselor": (2.5, {"accomm": 50, "search": 30, "caseload": 20}),
    "nurse": (2.0, {"health": 50, "student": 30, "search": 20}),
    "principal": (2.0, {"dashboard": 30, "reports": 20, "student": 30, "iep_view": 20}),
    "sped_director": (3.0, {"reports": 35, "iep_view": 20, "student": 20, "dashboard": 15, "claims": 10}),
    "district_analyst": (3.0, {"reports": 60, "search": 20, "student": 20}),
    "it_admin": (2.0, {"admin": 60, "student": 20, "reports": 20}),
    "program_specialist": (3.0, {"iep_view": 35, "student": 30, "reports": 20, "pdf": 15}),
    "billing_coordinator": (2.5, {"claims": 50, "reports": 20, "student": 20, "export": 10}),
    "crssc_analyst": (3.0, {"reports": 70, "student": 30}),
    "crssc_it": (2.0, {"admin": 70, "reports": 30}),
    "state_auditor": (2.0, {"iep_view": 50, "pdf": 30, "student": 20}),
}


def district_slug(s):
    return W.DISTRICTS[s.district][2] if s.district in W.DISTRICTS else None


def pick_pupil(a, s, ctx):
    rng = a.rng
    if s.caseload and rng.random() < 0.72:
        return rng.choice(s.caseload)
    if s.campus in ctx.by_school and rng.random() < 0.6:
        return rng.choice(ctx.by_school[s.campus])
    pool = ctx.by_district.get(s.district) or ctx.pupils
    return rng.choice(pool)


def search(a, t, q, district=None, limit=8):
    rng = a.rng
    q = q.lower().replace("'", "")
    n = rng.randint(min(3, len(q)), min(len(q), 7))
    extra = "&district=%s" % district if district else ""
    for k in range(2, n + 1):
        if k < n and rng.random() < 0.45:
            continue                                  # debounced keystroke
        t = a.hit(t, "GET", "/api/students/?search=%s%s&limit=%d" % (q[:k], extra, limit), 200, (320, 2600), (70, .4))
        t += rng.uniform(0.15, 0.6)
    return t + rng.uniform(0.6, 2.5)


def student(a, t, p, contacts=0.3, accomm=0.0):
    rng = a.rng
    t = a.lazy(t, "students")
    if rng.random() < 0.006:                          # a stale link to a pupil who left the consortium
        return a.hit(t, "GET", "/api/students/%s/" % W.uuid4(rng), 404, 23, (25, .3)) + rng.uniform(2, 6)
    a.go("/students/%s" % p.uuid)
    base = "/api/students/%s/" % p.uuid
    t = a.hit(t, "GET", base, 200, (2100, 5200), (55, .4))
    e1 = a.hit(t + 0.003, "GET", base + "ieps/", 200, (800, 2600), (40, .4))
    e2 = a.hit(t + 0.006, "GET", base + "services/", 200, (600, 2100), (42, .4))
    t = max(e1, e2)
    if rng.random() < contacts:
        t = a.hit(t + lognorm(rng, 4, .6), "GET", base + "contacts/", 200, (600, 1500), (30, .4))
    if rng.random() < accomm:
        t = a.hit(t + lognorm(rng, 3, .6), "GET", base + "accommodations/", 200, (900, 3800), (35, .4))
    return t + lognorm(rng, 25, .8)


def iep_view(a, t, iep_id):
    rng = a.rng
    t = a.lazy(t, "iep")
    a.go("/ieps/%d" % iep_id)
    base = "/api/ieps/%d/" % iep_id
    t = a.hit(t, "GET", base, 200, (6000, 25000), (90, .4))
    e1 = a.hit(t + 0.004, "GET", base + "goals/", 200, (3000, 12000), (60, .4))
    e2 = a.hit(t + 0.007, "GET", base + "accommodations/", 200, (1000, 4000), (40, .4))
    return max(e1, e2) + lognorm(rng, 40, .8)


def iep_edit(a, t, iep_id, saves=None):
    rng = a.rng
    t = iep_view(a, t, iep_id)
    a.go("/ieps/%d/edit" % iep_id)
    for _ in range(saves if saves is not None else rng.randint(2, 12)):
        t += rng.uniform(25, 95)                      # autosave while typing
        t = a.hit(t, "PATCH", "/api/ieps/%d/" % iep_id, 200, (6000, 20000), (120, .4), rx=(280, 3200),
                  hdr={"x-csrftoken": a.csrf or "", "content-type": JSON})
    if rng.random() < 0.1:
        t = a.hit(t + 3, "POST", "/api/ieps/%d/goals/" % iep_id, 201, (700, 1400), (80, .3), rx=(400, 1500),
                  hdr={"x-csrftoken": a.csrf or "", "content-type": JSON})
    return t + lognorm(rng, 20, .6)


def pdf(a, t, iep_id, kind="iep"):
    rng = a.rng
    path = {"iep": "/api/ieps/%d/pdf/", "draft": "/api/ieps/%d/pdf/?draft=1",
            "progress": "/api/ieps/%d/progress-report/pdf/?period=2026-27-Q3"}[kind] % iep_id
    r = rng.random()
    if r < 0.008:
        return a.hit(t, "GET", path, 500, 145, (9000, .2), ctype="text/html") + rng.uniform(3, 10)
    if r < 0.015:                                      # the user gives up while the PDF renders
        return a.hit(t, "GET", path, 0, 0, (2500, .4), ctype=PDF, flags="DC") + rng.uniform(1, 4)
    cd = {"content-disposition": 'inline; filename="%s-%d.pdf"' % ("IEP" if kind != "progress" else "progress", iep_id)}
    return a.hit(t, "GET", path, 200, (150000, 900000), (1500, .4), ctype=PDF, rhdr=cd) + lognorm(rng, 30, .7)


def services(a, t, p, n_new=None):
    rng = a.rng
    t = a.lazy(t, "services")
    a.go("/students/%s/services" % p.uuid)
    t = a.hit(t, "GET", "/api/service-logs/?student=%s&page_size=20" % p.uuid, 200, (1800, 9000), (70, .4))
    for _ in range(n_new if n_new is not None else rng.randint(1, 5)):
        t += lognorm(rng, 45, .5)
        bad = rng.random() < 0.03
        t = a.hit(t, "POST", "/api/service-logs/", 400 if bad else 201, (90, 160) if bad else (380, 520), (60, .3),
                  rx=(280, 460), hdr={"x-csrftoken": a.csrf or "", "content-type": JSON})
    return t + lognorm(rng, 15, .6)


def caseload(a, t):
    a.go("/caseload")
    e1 = a.hit(t, "GET", "/api/caseload/?page_size=50", 200, (5000, 22000), (140, .4))
    e2 = a.hit(t + 0.004, "GET", "/api/calendar/deadlines/?days=30", 200, (400, 3000), (60, .4))
    return max(e1, e2) + lognorm(a.rng, 30, .8)


def dashboard(a, t):
    a.go("/")
    t = a.hit(t, "GET", "/api/notifications/?unread=true", 200, (300, 4000), (40, .4))
    return a.hit(t, "GET", "/api/caseload/summary/", 200, (400, 1200), (80, .4)) + lognorm(a.rng, 20, .8)


def upload(a, t, p):
    rng = a.rng
    a.go("/students/%s/documents" % p.uuid)
    t = a.hit(t, "GET", "/api/students/%s/documents/" % p.uuid, 200, (500, 3000), (45, .4))
    t += lognorm(rng, 20, .5)
    return a.hit(t, "POST", "/api/students/%s/documents/" % p.uuid, 201, (350, 600), (900, .5),
                 rx=(180000, 2600000), hdr={"x-csrftoken": a.csrf or "", "content-type": "multipart/form-data"}) + 5


def reports(a, t, s, pages=None):
    rng = a.rng
    t = a.lazy(t, "reports")
    d = district_slug(s) or W.DISTRICTS[rng.choice(W.DISTRICT_ORDER)][2]
    a.go("/reports")
    kind = rng.choice(["compliance", "timelines", "caseload-sizes", "service-minutes"])
    t = a.hit(t, "GET", "/api/reports/%s/?district=%s" % (kind, d), 200, (4000, 30000), (700, .5))
    cur = "%s 08:00:00.000000+00:00" % rng.choice(["2026-11-02", "2026-09-15", "2027-01-20"])
    for _ in range(pages if pages is not None else rng.randint(0, 4)):
        t += lognorm(rng, 6, .5)
        t = a.hit(t, "GET", "/api/reports/%s/?district=%s&cursor=%s" % (kind, d, W.drf_cursor(cur)), 200,
                  (4000, 30000), (650, .5))
    return t + lognorm(rng, 60, .7)


def export(a, t, month, district, ms=(5000, .4), size=(2000000, 38000000)):
    t = a.lazy(t, "billing")
    a.go("/billing/exports")
    cd = {"content-disposition": 'attachment; filename="medicaid-%s-%s.csv"' % (district, month)}
    return a.hit(t, "GET", "/api/billing/exports/?month=%s&district=%s" % (month, district), 200, size, ms,
                 ctype="text/csv", rhdr=cd)


def claims(a, t, s, pages=None):
    rng = a.rng
    t = a.lazy(t, "billing")
    d = district_slug(s) or W.DISTRICTS[rng.choice(W.DISTRICT_ORDER)][2]
    a.go("/billing/claims")
    m = "2027-02" if rng.random() < 0.7 else "2027-01"
    t = a.hit(t, "GET", "/api/billing/claims/?month=%s&district=%s" % (m, d), 200, (8000, 40000), (300, .4))
    for _ in range(pages if pages is not None else rng.randint(0, 5)):
        t += lognorm(rng, 12, .6)
        cur = "2027-02-%02d 17:%02d:00.000000+00:00" % (rng.randint(1, 27), rng.randint(0, 59))
        t = a.hit(t, "GET", "/api/billing/claims/?month=%s&district=%s&cursor=%s" % (m, d, W.drf_cursor(cur)), 200,
                  (8000, 40000), (300, .4))
    return t + lognorm(rng, 40, .7)


def admin(a, t, allowed):
    rng = a.rng
    a.go("/admin/users")
    t = a.lazy(t, "admin")
    if not allowed:
        return a.hit(t, "GET", "/api/admin/users/", 403, 63, (20, .3)) + 5
    q = rng.choice(W.LAST).lower()[:rng.randint(3, 5)]
    t = a.hit(t, "GET", "/api/admin/users/?search=%s" % q, 200, (300, 4000), (60, .4))
    if rng.random() < 0.5:
        t = a.hit(t + lognorm(rng, 10, .5), "GET", "/api/admin/audit/?page_size=100", 200, (20000, 60000), (400, .4))
    return t + lognorm(rng, 40, .7)


def health(a, t, p, allowed):
    t = student(a, t, p, contacts=0.5)
    return a.hit(t, "GET", "/api/students/%s/health-plan/" % p.uuid, 200 if allowed else 403,
                 (800, 3000) if allowed else 63, (40, .4)) + lognorm(a.rng, 20, .7)


def do_task(a, t, s, ctx, kind=None):
    rng = a.rng
    rate, mix = RATES[s.role]
    if kind is None:
        kind = rng.choices(list(mix), list(mix.values()))[0]
    t = a.ensure(t)
    p = pick_pupil(a, s, ctx)
    d = district_slug(s)
    if kind in ("student", "search"):
        if kind == "search" or rng.random() < 0.4:
            t = search(a, t, p.surname, d)
        return student(a, t, p)
    if kind == "ssid":
        t = a.hit(t, "GET", "/api/students/?search=%s&limit=8" % p.ssid, 200, (300, 900), (90, .4)) + 2
        return student(a, t, p, contacts=0.6)
    if kind == "accomm":
        return student(a, t, p, contacts=0.1, accomm=0.9)
    if kind == "iep_edit":
        return iep_edit(a, t, p.ieps[-1])
    if kind == "iep_view":
        return iep_view(a, t, rng.choice(p.ieps))
    if kind == "pdf":
        t = iep_view(a, t, p.ieps[-1]) if rng.random() < 0.6 else t
        return pdf(a, t, p.ieps[-1], rng.choice(["iep", "iep", "draft", "progress"]))
    if kind == "services":
        return services(a, t, p)
    if kind == "caseload":
        return caseload(a, t)
    if kind == "dashboard":
        return dashboard(a, t)
    if kind == "upload":
        return upload(a, t, p)
    if kind == "reports":
        return reports(a, t, s)
    if kind == "claims":
        return claims(a, t, s)
    if kind == "export":
        return export(a, t, "2027-02", district_slug(s) or "salish-bay")
    if kind == "admin":
        return admin(a, t, s.role in ("it_admin", "crssc_it"))
    if kind == "health":
        return health(a, t, p, True)
    raise ValueError(kind)
