"""Ordinary tasks of Pathways users (pupil look-ups with the typeahead and SPA tabs, attendance,
gradebook, reports and exports, health, special education, scheduling, enrollment, admin and
impersonation) and the per-role task mix used by staff days."""
from . import routes, world as W
from .client import ln
from .errors import EXC

TERM, NEXT_TERM = "2027-Q1", "2028-S2"
HEALTH_OK = {"nurse", "principal", "psychologist", "sped_director", "esa_psychologist", "district_admin"}
ADMIN_OK = {"district_it", "district_admin", "esa_it", "esa_support"}
SLOW = "Slow query ({ElapsedMilliseconds} ms) in {Operation}: {CommandText}"
SLOW_SC = "Pathways.Data.Interceptors.SlowQueryInterceptor"


def day_str(ctx, t):
    return ctx.dates[max(0, min(len(ctx.dates) - 1, int((t - ctx.t0) // 86400)))]


def _prefix(r):
    name = r.choice(W.LAST).lower()
    return name[:r.randint(3, min(6, len(name)))]


def download(v, t, path, query, dur=None, slug=""):
    """A file download (export, PDF): the browser stays on the page, no page view."""
    r = v.r
    v.flush_polls(t)
    if not v.signed_in(t):
        t = v.sign_in(t, "/Reports", "")
        t = v.page(t, "/Reports", "", 200)
    dur = dur or ln(r, 1400.0, 0.7)
    status, exc, logs = 200, None, None
    if r.random() < 0.006:
        status, dur, exc = 500, 30000 + r.uniform(5, 90), EXC["sql_timeout"]
    elif dur > 2500:
        logs = [(dur * r.uniform(0.6, 0.95), "Warning", SLOW,
                 {"ElapsedMilliseconds": int(dur * 0.8), "Operation": "Export:" + (slug or path.rsplit("/", 1)[-1]),
                  "CommandText": "SELECT [s].[Id], [s].[LastName], [s].[FirstName], [g].[Phone] FROM [Students] AS [s] "
                                 "LEFT JOIN [Guardians] AS [g] ON [s].[Id] = [g].[StudentId] WHERE [s].[SchoolId] = @__schoolId_0"},
                 SLOW_SC)]
    if exc:
        logs = [(None, "Error", "An unhandled exception has occurred while executing the request.",
                 {"EventId": {"Id": 1, "Name": "UnhandledException"}}, "Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", exc)]
    t, _ = v.send(t, "GET", path, query, status, dur, logs=logs, exc=exc)
    return t


def search(v, t, scope):
    r = v.r
    q = _prefix(r)
    for k in range(3, len(q) + 1):
        t = v.xhr(t + r.uniform(0.15, 0.6), "GET", "/api/v1/students/search", "q=%s&scope=%s" % (q[:k], scope), 200, ln(r, 30.0))
    return t + r.uniform(0.5, 3)


def student(v, t, d, pid, tabs=("attendance",), via_search=True, prefixed=False, role=None):
    r = v.r
    if via_search:
        t = search(v, t, "district" if prefixed or v.a.school is None else "school")
    path = "/d/%d/Students/%d" % (d.code, pid) if prefixed else "/Students/Details/%d" % pid
    if r.random() < 0.012:
        bad = pid + r.choice((-1, 1)) * r.randint(1, 90) * 10
        return v.page(t, path.replace(str(pid), str(bad)), "", 404, dur=ln(r, 20.0))
    exc = EXC["nullref"] if r.random() < 0.002 else None
    xs = [("GET", "/api/v1/students/%d/summary" % pid, "", 500 if exc else 200, ln(r, 45.0), exc),
          ("GET", "/api/v1/students/%d/alerts" % pid, "", 200, ln(r, 15.0))]
    t = v.page(t, path, "", 200, xs)
    role = role or v.a.role
    for tab in tabs:
        t += ln(r, 7.0, 0.8)
        q = {"attendance": "from=2027-08-11&to=" + day_str(v.ctx, t), "grades": "term=" + TERM}.get(tab, "")
        st = 403 if tab == "health" and role not in HEALTH_OK else 200
        t = v.xhr(t, "GET", "/api/v1/students/%d/%s" % (pid, tab), q, st, ln(r, 35.0))
    return t


def pupil_for(s, r):
    if s.sections:
        return r.choice(r.choice(s.sections)[1])
    pool = s.school.pupils if s.school else s.district.pupils
    return r.choice(pool)


# ------------------------------------------------------------------- task functions
def t_student(v, t, s):
    r = v.r
    pool = ["attendance", "grades", "contacts", "programs", "documents"]
    if s.role in HEALTH_OK or r.random() < 0.04:       # the tab is hidden for other roles; stale links 403
        pool.append("health")
    tabs = r.sample(pool, r.randint(0, 3))
    return student(v, t, s.district, pupil_for(s, r), tabs, r.random() < 0.8)


def t_attendance(v, t, s, sec=None, dur=None):
    r = v.r
    sec = sec or r.choice(s.sections)
    day = day_str(v.ctx, t)
    q = "sectionId=%d&date=%s" % (sec[0], day)
    t = v.page(t, "/Attendance/Take", q, 200, [("GET", "/api/v1/sections/%d/roster" % sec[0], "date=" + day, 200, ln(r, 40.0))])
    t += dur if dur is not None else ln(r, 55.0, 0.5)
    exc = EXC["concurrency"] if r.random() < 0.003 else None
    if exc:
        return v.page(t, "/Attendance/Take", "", 500, method="POST", exc=exc, dur=ln(r, 90.0))
    return v.post_redirect(t, "/Attendance/Take", "", "/Attendance/Take", q + "&saved=true",
                           [("GET", "/api/v1/sections/%d/roster" % sec[0], "date=" + day, 200, ln(r, 40.0))])


def t_gradebook(v, t, s):
    r = v.r
    sec = r.choice(s.sections)
    t = v.page(t, "/Gradebook/Section/%d" % sec[0], "", 200,
               [("GET", "/api/v1/sections/%d/gradebook" % sec[0], "term=" + TERM, 200, ln(r, 120.0))])
    for _ in range(r.choice((0, 1, 2, 3, 4, 6, 9))):
        t = v.xhr(t + ln(r, 45.0, 0.7), "PUT", "/api/v1/sections/%d/scores" % sec[0], "", 204, ln(r, 60.0))
    return t


def t_roster(v, t, s):
    sec = v.r.choice(s.sections)
    return v.page(t, "/Sections/Roster/%d" % sec[0], "", 200, [("GET", "/api/v1/sections/%d/roster" % sec[0], "", 200, ln(v.r, 40.0))])


def t_messages(v, t, s):
    return v.page(t, "/Messages", "", 200, [("GET", "/api/v1/messages", "folder=inbox&page=1", 200, ln(v.r, 30.0))])


def t_dashboard(v, t, s):
    return v.page(t, "/", "", 200, [("GET", "/api/v1/dashboard/widgets", "", 200, ln(v.r, 80.0))])


def t_help(v, t, s):
    t = v.page(t, "/Help", "", 200)
    return v.page(t + ln(v.r, 8.0), "/Help/Articles/" + v.r.choice(routes.HELP), "", 200)


def _school_q(s, r):
    if s.school:
        return s.school.sid
    return r.choice(s.district.schools).sid


def t_report(v, t, s, export_p=0.35, slugs=None):
    r = v.r
    slug = r.choice(slugs or routes.REPORTS)
    q = "schoolId=%d" % _school_q(s, r) + ("&grade=%s" % r.choice(["K", "1", "2", "3", "4", "5", "6", "7", "8"]) if r.random() < 0.4 else "")
    t = v.page(t, "/Reports", "", 200) + ln(r, 5.0)
    t = v.page(t, "/Reports/Run/" + slug, q, 200, dur=ln(r, 600.0, 0.7))
    if r.random() < export_p:
        t = download(v, t + ln(r, 12.0), "/Reports/Export/" + slug, q + "&format=" + r.choice(["xlsx", "csv"]), slug=slug)
    return t


def t_office_attendance(v, t, s):
    r = v.r
    sid, day = _school_q(s, r), day_str(v.ctx, t)
    t = v.page(t, "/Attendance/Office", "schoolId=%d&date=%s" % (sid, day), 200)
    for _ in range(r.randint(1, 5)):
        p = r.choice(s.school.pupils if s.school else s.district.pupils)
        t = search(v, t + ln(r, 6.0), "school")
        t = v.xhr(t + ln(r, 8.0), "PUT", "/api/v1/students/%d/attendance/%s" % (p, day), "", 204, ln(r, 50.0))
    return t


def t_transport(v, t, s):
    r = v.r
    t = v.page(t, "/Transportation/Routes", "schoolId=%d" % _school_q(s, r), 200)
    return v.page(t + ln(r, 6.0), "/Transportation/Riders/%d" % r.randint(10, 60), "", 200)


def t_enrollment(v, t, s):
    r = v.r
    t = v.page(t, "/Enrollment/Pending", "schoolId=%d" % _school_q(s, r), 200)
    app = r.randint(88000, 89999)
    t = v.page(t + ln(r, 5.0), "/Enrollment/Review/%d" % app, "", 200)
    if r.random() < 0.5:
        t = v.post_redirect(t + ln(r, 60.0), "/Enrollment/Review/%d" % app, "", "/Enrollment/Pending", "schoolId=%d" % _school_q(s, r))
    return t


def t_health(v, t, s):
    r = v.r
    p = pupil_for(s, r)
    t = student(v, t, s.district, p, ("health",), True)
    if r.random() < 0.6:
        t = v.page(t + ln(r, 4.0), "/Health/Visits/Create", "studentId=%d" % p, 200)
        t = v.post_redirect(t + ln(r, 90.0), "/Health/Visits/Create", "studentId=%d" % p, "/Students/Details/%d" % p, "",
                            [("GET", "/api/v1/students/%d/health" % p, "", 200, ln(r, 30.0))])
    return t


def t_immunizations(v, t, s):
    return v.page(t, "/Health/Immunizations/Compliance", "schoolId=%d" % _school_q(s, v.r), 200, dur=ln(v.r, 700.0))


def iep(v, t, d, p, docs=True, prefixed=False, note=False):
    r = v.r
    q = "districtId=%d" % d.code if prefixed else ""
    has = p in d.iep
    xs = [("GET", "/api/v1/students/%d/iep" % p, q, 200 if has else 404, ln(r, 50.0))]
    if has:
        xs.append(("GET", "/api/v1/students/%d/iep/documents" % p, q, 200, ln(r, 30.0)))
    t = v.page(t, "/SpecialEd/Iep/%d" % p, q, 200, xs)
    if has and docs:
        for doc in r.sample(d.iep[p], r.randint(0, len(d.iep[p]))):
            t = download(v, t + ln(r, 6.0), "/SpecialEd/Iep/%d/Documents/%d" % (p, doc), q, ln(r, 420.0, 0.5))
    if has and note:
        t = v.post_redirect(t + ln(r, 120.0), "/SpecialEd/Iep/%d/Notes" % p, q, "/SpecialEd/Iep/%d" % p, q, xs)
    return t


def t_iep(v, t, s):
    r = v.r
    d = s.district
    pool = [p for p in (s.school.pupils if s.school else d.pupils) if p in d.iep] or list(d.iep)
    if r.random() < 0.4:
        t = v.page(t, "/SpecialEd/Caseload", "schoolId=%d" % _school_q(s, r), 200)
    return iep(v, t + ln(r, 5.0), d, r.choice(pool), r.random() < 0.5, note=r.random() < 0.3)


def t_schedule(v, t, s, p=None):
    r = v.r
    p = p or pupil_for(s, r)
    sid = _school_q(s, r)
    t = v.page(t, "/Scheduling/Builder", "schoolId=%d&term=%s&studentId=%d" % (sid, NEXT_TERM, p), 200,
               [("GET", "/api/v1/scheduling/requests", "studentId=%d&term=%s" % (p, NEXT_TERM), 200, ln(r, 60.0))])
    for _ in range(r.randint(1, 4)):
        course = r.choice(["ENG10", "ALG1", "GEOM", "BIO", "CHEM", "USHIST", "SPAN2", "PE9", "ART1", "AGSCI", "WELD1"])
        t = v.xhr(t + ln(r, 20.0), "GET", "/api/v1/scheduling/sections", "schoolId=%d&course=%s&term=%s" % (sid, course, NEXT_TERM), 200, ln(r, 40.0))
        t = v.xhr(t + ln(r, 8.0), "POST", "/api/v1/scheduling/assign", "", 200, ln(r, 70.0))
    return t


def t_admin(v, t, s):
    r = v.r
    page = r.choice(["/Admin/Users", "/Admin/Audit", "/Admin/Integrations", "/Admin/Jobs"])
    q = {"/Admin/Users": "q=" + _prefix(r), "/Admin/Audit": "from=" + day_str(v.ctx, t), "/Admin/Jobs": "state=failed"}.get(page, "")
    if s.role not in ADMIN_OK:
        t = v.page(t, page, q, 302, dur=ln(r, 4.0), xhrs=())
        return v.page(t + 0.05, "/Account/AccessDenied", "ReturnUrl=" + page.replace("/", "%2F"), 200)
    t = v.page(t, page, q, 200, dur=ln(r, 90.0))
    if page == "/Admin/Users" and r.random() < 0.6:
        t = v.page(t + ln(r, 6.0), "/Admin/Users/Edit/%d" % r.randint(1000, 9999), "", 200)
    return t


ROLE_TASKS = {
    "teacher": (6, [(t_student, 30), (t_gradebook, 24), (t_roster, 8), (t_messages, 16), (t_dashboard, 10), (t_report, 4), (t_help, 1), (t_admin, 0.3)]),
    "office": (11, [(t_student, 45), (t_office_attendance, 20), (t_enrollment, 4), (t_transport, 8), (t_report, 7), (t_messages, 10), (t_dashboard, 4)]),
    "principal": (6, [(t_student, 35), (t_report, 25), (t_dashboard, 15), (t_messages, 15), (t_admin, 1)]),
    "counselor": (8, [(t_student, 38), (t_schedule, 35), (t_report, 8), (t_messages, 15)]),
    "nurse": (6, [(t_health, 40), (t_student, 25), (t_immunizations, 15), (t_messages, 15)]),
    "registrar": (9, [(t_enrollment, 35), (t_student, 35), (t_report, 15), (t_transport, 5), (t_messages, 10)]),
    "data_clerk": (8, [(t_report, 40), (t_student, 30), (t_enrollment, 10), (t_messages, 20)]),
    "psychologist": (5, [(t_iep, 50), (t_student, 30), (t_messages, 15)]),
    "sped_director": (5, [(t_iep, 40), (t_report, 25), (t_messages, 20), (t_dashboard, 10)]),
    "district_analyst": (6, [(t_report, 70), (t_student, 10), (t_dashboard, 10), (t_messages, 10)]),
    "district_admin": (4, [(t_report, 30), (t_admin, 25), (t_dashboard, 20), (t_messages, 25)]),
    "district_it": (5, [(t_admin, 50), (t_student, 20), (t_report, 15), (t_help, 5), (t_messages, 10)]),
}


def run_task(v, t, s):
    rate, mix = ROLE_TASKS.get(s.role, ROLE_TASKS["district_admin"])
    fn = v.r.choices([f for f, _ in mix], [w for _, w in mix])[0]
    if fn in (t_gradebook, t_roster) and not s.sections:
        fn = t_student
    return fn(v, t, s)
