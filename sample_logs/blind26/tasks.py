"""Harbor SIS URL scheme and the ordinary tasks of staff (each task takes a browser and a time, returns a time).

Struts actions ``/harbor/<area>/<action>.do?studentId=`` for pages, ``/harbor/api/v1/...`` JSON for the newer
widgets, ``/harbor/reports/...`` for report jobs, ``/harbor/documents/...`` for PDFs.
"""
import datetime
import math

from .world import START, YEAR, TERM

P = "/harbor/student/profile.do?studentId=%s"
TAB = {"contacts": "/harbor/student/contacts.do?studentId=%s",
       "schedule": "/harbor/student/schedule.do?studentId=%s&year=" + YEAR,
       "attendance": "/harbor/student/attendance.do?studentId=%s",
       "grades": "/harbor/student/grades.do?studentId=%s&term=" + TERM,
       "demographics": "/harbor/student/demographics.do?studentId=%s",
       "transport": "/harbor/student/transport.do?studentId=%s",
       "health": "/harbor/health/summary.do?studentId=%s",
       "discipline": "/harbor/student/discipline.do?studentId=%s",
       "documents": "/harbor/documents/list.do?studentId=%s"}
HEALTH_OK = {"nurse", "principal", "assistant_principal", "sped_coordinator", "records_clerk", "registrar",
             "enrollment_clerk", "counselor"}
DISCIPLINE_OK = {"principal", "assistant_principal", "counselor", "sped_coordinator", "analyst"}
REPORTS = {"teacher": ["ATT002", "GRD011", "GRD014"], "attendance_clerk": ["ATT001", "ATT014", "ATT020"],
           "office_manager": ["ATT001", "ENR003", "CON007"], "principal": ["ATT014", "GRD030", "DIS004", "ENR003"],
           "assistant_principal": ["DIS004", "DIS009", "ATT014"], "counselor": ["GRD030", "SCH012", "CRD005"],
           "nurse": ["HLT002", "HLT008"], "analyst": ["ATT030", "ENR010", "GRD040", "DEM002", "ELL004", "CHR001"],
           "it_admin": ["SYS001", "USR004"], "records_clerk": ["ENR003", "ENR007"], "registrar": ["ENR007", "ENR010"],
           "enrollment_clerk": ["ENR001", "ENR003"], "sped_coordinator": ["SPD002", "SPD006"]}


def think(rng, median=6.0, sigma=.8):
    return rng.lognormvariate(math.log(median), sigma)


def date_of(day):
    return (datetime.date(*START) + datetime.timedelta(days=day)).isoformat()


def utc_iso(t):
    """Window seconds as an ISO UTC instant (the window is in EST, UTC-5)."""
    d = datetime.datetime(*START, 5) + datetime.timedelta(seconds=int(t))
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def bad_id(rng, pid):
    """A mistyped pupil id (two digits swapped or one changed)."""
    d = list(pid)
    i = rng.randrange(len(d) - 1)
    d[i], d[i + 1] = d[i + 1], d[i]
    if d == list(pid):
        d[i] = str((int(d[i]) + 1) % 10)
    return "".join(d)


def open_pupil(b, t, rng, school, pid, how="auto"):
    """Find a pupil by surname (typeahead or search page) and open the profile."""
    name = school.surnames.get(pid, "Smith")
    how = how if how != "auto" else ("typeahead" if rng.random() < .6 else "search")
    if how == "typeahead":
        for k in range(2, rng.randint(3, min(6, len(name)) + 1) if len(name) > 2 else 3):
            t = b.xhr(t + rng.uniform(.2, .8), "/harbor/api/v1/students/lookup?q=%s&schoolId=%s" %
                      (name[:k].lower(), school.code), size=rng.randint(300, 3200))
        t += rng.uniform(.8, 3)
    elif how == "search":
        t = b.page(t, "/harbor/student/search.do?lastName=%s&firstName=&schoolId=%s&grade=" %
                   (name[:rng.randint(3, max(3, len(name)))], school.code), size=rng.randint(9000, 42000))
        t += think(rng, 4)
    elif how == "id" and rng.random() < .12:
        t = b.page(t, P % bad_id(rng, pid), status=404, size=3117) + think(rng, 5)
    return b.page(t, P % pid)


def tabs(b, t, rng, role, pid, names):
    for name in names:
        t += think(rng, 7)
        if name == "health" and role not in HEALTH_OK:
            t = b.page(t, TAB[name] % pid, status=403, size=2895)
        elif name == "discipline" and role not in DISCIPLINE_OK:
            t = b.page(t, TAB[name] % pid, status=403, size=2895)
        else:
            t = b.page(t, TAB[name] % pid)
    return t


def lookup(b, t, ctx):
    rng, role = ctx.rng, ctx.person.role
    pid = ctx.some_pupil()
    t = open_pupil(b, t, rng, ctx.school, pid, "id" if rng.random() < .15 else "auto")
    pool = ["contacts", "schedule", "attendance", "grades", "demographics", "transport", "documents", "health"]
    if role in DISCIPLINE_OK:
        pool.append("discipline")
    return tabs(b, t, rng, role, pid, rng.sample(pool, min(len(pool), int(rng.expovariate(1 / 1.3)))))


def attendance(b, t, ctx, section, period):
    rng = ctx.rng
    sid = section[0]
    q = "/harbor/section/attendance.do?sectionId=%s&date=%s&period=%d" % (sid, ctx.date, period)
    t = b.page(t, q, size=18000 + 380 * len(section[1]))
    t += rng.uniform(25, 160)
    return b.post(t, "/harbor/section/saveAttendance.do", then=q + "&saved=1")


def gradebook(b, t, ctx, section=None):
    rng = ctx.rng
    if section is None:
        if not ctx.person.sections:
            return lookup(b, t, ctx)
        section = rng.choice(ctx.person.sections)
    sid = section[0]
    t = b.page(t, "/harbor/section/gradebook.do?sectionId=%s&term=%s" % (sid, TERM), size=60000 + 900 * len(section[1]))
    t = b.xhr(t, "/harbor/api/v1/sections/%s/assignments?term=%s" % (sid, TERM), size=rng.randint(4000, 16000))
    for _ in range(int(rng.expovariate(1 / 4.0))):
        t = b.xhr(t + think(rng, 25, 1.0), "/harbor/api/v1/sections/%s/scores" % sid, method="POST",
                  size=rng.randint(60, 140))
    return t


def roster(b, t, ctx, section=None):
    rng = ctx.rng
    if section is None:
        if not ctx.person.sections:
            return lookup(b, t, ctx)
        section = rng.choice(ctx.person.sections)
    t = b.page(t, "/harbor/section/roster.do?sectionId=%s" % section[0], size=14000 + 420 * len(section[1]))
    if rng.random() < .4:
        for pid in section[1]:
            t = b.download(t + rng.uniform(.005, .05), "/harbor/student/photo.do?studentId=%s&size=thumb" % pid,
                           rng.randint(3500, 9000), dur=rng.uniform(.01, .08))
    return t


def report(b, t, ctx, rid=None, fmt=None, school=None):
    rng = ctx.rng
    rid = rid or rng.choice(REPORTS.get(ctx.person.role, ["ATT001"]))
    fmt = fmt or rng.choice(("html", "pdf", "pdf", "csv"))
    school = school or ctx.school.code
    t = b.page(t, "/harbor/reports/index.do", size=21400) + think(rng, 8)
    t = b.page(t, "/harbor/reports/params.do?reportId=%s" % rid, size=15800) + think(rng, 10)
    job = ctx.next_job(t)
    if rng.random() < .012:
        return b.post(t, "/harbor/reports/run.do?reportId=%s&schoolId=%s&format=%s" % (rid, school, fmt),
                      status=500, size=4310)
    t = b.post(t, "/harbor/reports/run.do?reportId=%s&schoolId=%s&format=%s" % (rid, school, fmt),
               then="/harbor/reports/status.do?jobId=%d" % job)
    for _ in range(rng.randint(1, 6)):
        t = b.xhr(t + 2.0 + rng.uniform(-.05, .1), "/harbor/api/v1/reports/jobs/%d" % job, size=rng.randint(90, 120))
    size = int(rng.lognormvariate(math.log(90000 if fmt != "csv" else 240000), .9))
    return b.download(t + .3, "/harbor/reports/download.do?jobId=%d" % job, size)


def inbox(b, t, ctx):
    rng = ctx.rng
    t = b.page(t, "/harbor/messages/inbox.do", size=rng.randint(12000, 30000))
    for _ in range(rng.randint(0, 3)):
        t = b.page(t + think(rng, 9), "/harbor/messages/view.do?id=%d" % rng.randint(2200000, 2399999))
    return t


def dashboard(b, t, ctx):
    return b.page(t, "/harbor/home.do", size=ctx.rng.randint(30000, 44000))


def call_home(b, t, ctx, pid=None):
    rng = ctx.rng
    pid = pid or ctx.some_pupil()
    t = b.page(t, TAB["contacts"] % pid) + think(rng, 40, .7)
    if rng.random() < .5:
        t = b.page(t, TAB["attendance"] % pid) + think(rng, 8)
    return b.post(t, "/harbor/attendance/logCall.do?studentId=%s" % pid, then=TAB["contacts"] % pid + "&logged=1")


def nurse_visit(b, t, ctx, pid=None):
    rng = ctx.rng
    pid = pid or ctx.some_pupil()
    t = open_pupil(b, t, rng, ctx.school, pid)
    t = b.page(t + think(rng, 5), TAB["health"] % pid) + think(rng, 60, .6)
    return b.post(t, "/harbor/health/saveVisit.do", then=TAB["health"] % pid + "&saved=1")


def discipline(b, t, ctx):
    rng = ctx.rng
    pid = ctx.some_pupil()
    t = open_pupil(b, t, rng, ctx.school, pid)
    t = b.page(t + think(rng, 6), TAB["discipline"] % pid) + think(rng, 120, .6)
    return b.post(t, "/harbor/discipline/saveIncident.do", then=TAB["discipline"] % pid)


def documents(b, t, ctx, pid=None):
    rng = ctx.rng
    pid = pid or ctx.some_pupil()
    t = b.page(t, TAB["documents"] % pid)
    for _ in range(rng.randint(0, 2)):
        t = b.download(t + think(rng, 5), "/harbor/documents/download.do?docId=%d" % rng.randint(5100000, 5899999),
                       int(rng.lognormvariate(math.log(180000), .7)))
    return t


def counsel_note(b, t, ctx):
    rng = ctx.rng
    pid = ctx.some_pupil()
    t = open_pupil(b, t, rng, ctx.school, pid)
    t = b.page(t + think(rng, 5), "/harbor/counseling/notes.do?studentId=%s" % pid) + think(rng, 150, .6)
    return b.post(t, "/harbor/counseling/saveNote.do", then="/harbor/counseling/notes.do?studentId=%s" % pid)


def iep(b, t, ctx):
    rng = ctx.rng
    t = b.page(t, "/harbor/sped/caseload.do?schoolId=%s" % ctx.school.code) + think(rng, 6)
    pid = ctx.some_pupil()
    return b.page(t, "/harbor/sped/iep.do?studentId=%s" % pid, size=rng.randint(40000, 90000))


def analytics(b, t, ctx):
    rng = ctx.rng
    view = rng.choice(("chronic-absence", "enrollment-trend", "grade-distribution", "ell-progress", "suspensions"))
    t = b.page(t, "/harbor/analytics/dashboard.do?view=%s&schoolId=ALL" % view, size=rng.randint(50000, 90000))
    for _ in range(rng.randint(1, 4)):
        t = b.xhr(t + rng.uniform(.1, 1), "/harbor/api/v1/analytics/%s?schoolId=%s" %
                  (view, rng.choice(ctx.all_codes)), size=rng.randint(2000, 40000))
    return t


def admin(b, t, ctx):
    rng = ctx.rng
    ok = ctx.person.role == "it_admin"
    page = rng.choice(("users.do", "jobs.do", "audit.do?from=%s" % ctx.date, "roles.do", "integrations.do"))
    t = b.page(t, "/harbor/admin/" + page, status=200 if ok else 403, size=rng.randint(20000, 70000) if ok else 2895)
    if ok and rng.random() < .4:
        t = b.page(t + think(rng, 10), "/harbor/admin/user.do?login=e%d" % rng.randint(100000, 999999))
    return t


def enroll_new(b, t, ctx):
    rng = ctx.rng
    t = b.page(t, "/harbor/enroll/new.do") + think(rng, 30)
    for step in range(1, 5):
        if step == 2:
            t = b.xhr(t, "/harbor/api/v1/address/validate?zip=0%d" % rng.randint(2100, 2199), size=rng.randint(200, 900))
        t = b.post(t + think(rng, 60, .6), "/harbor/enroll/saveStep.do?step=%d" % step,
                   then="/harbor/enroll/new.do?step=%d" % (step + 1))
    return t


ROLE_TASKS = {
    "teacher": [(lookup, 5), (gradebook, 4), (roster, 1), (inbox, 2), (report, .4), (dashboard, 1)],
    "office_manager": [(lookup, 6), (call_home, 2), (report, 1), (inbox, 2), (dashboard, 1), (admin, .1)],
    "attendance_clerk": [(call_home, 6), (lookup, 3), (report, 1), (dashboard, 1)],
    "records_clerk": [(lookup, 5), (documents, 3), (report, 1), (inbox, 1)],
    "counselor": [(lookup, 4), (counsel_note, 3), (report, .6), (inbox, 2)],
    "nurse": [(nurse_visit, 5), (lookup, 2), (report, .6), (inbox, 1)],
    "principal": [(lookup, 3), (report, 2), (discipline, 1), (inbox, 3), (dashboard, 1)],
    "assistant_principal": [(discipline, 3), (lookup, 4), (report, 1), (inbox, 2)],
    "sped_coordinator": [(iep, 4), (lookup, 3), (report, 1), (inbox, 1)],
    "enrollment_clerk": [(enroll_new, 3), (lookup, 3), (documents, 2), (report, .5)],
    "registrar": [(lookup, 3), (documents, 3), (report, 2), (inbox, 1)],
    "analyst": [(analytics, 4), (report, 4), (lookup, 1), (inbox, 1)],
    "it_admin": [(admin, 5), (lookup, 1), (report, 1), (inbox, 1)],
}
# tasks per hour at work
ROLE_RATE = {"teacher": 1.6, "office_manager": 5, "attendance_clerk": 5, "records_clerk": 4.5, "counselor": 3.2,
             "nurse": 3, "principal": 2.6, "assistant_principal": 3, "sped_coordinator": 2.5, "enrollment_clerk": 2.4,
             "registrar": 3, "analyst": 2.5, "it_admin": 2.5}


def random_task(ctx):
    from .world import pick
    return pick(ctx.rng, ROLE_TASKS[ctx.person.role])
