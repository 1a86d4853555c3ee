"""TrailMark URL scheme and the ordinary tasks of each role (each takes a client and a start time, returns the end)."""
from . import world as W

TERM = "Q2"
HEALTH_OK = {"nurse", "principal", "asst_principal", "sped_director"}
SPED_OK = {"sped", "psychologist", "sped_director", "principal", "asst_principal", "counselor"}
TABS = ("schedule", "grades", "attendance", "tests", "contacts", "discipline", "documents", "notes")
REPORTS = ("attendance_summary", "chronic_absence", "grade_distribution", "failing_students", "ell_roster",
           "enrollment_roster", "contact_directory", "demographics", "assessment_scores", "sped_caseload",
           "discipline_incidents", "immunization_compliance")
EXPORTS = ("enrollment_roster", "contact_directory", "demographics", "assessment_scores", "sped_caseload",
           "discipline_incidents")


def date_s(day):
    return W.day_date(day).isoformat()


def student(c, t, sid, role, tabs=(), ref=None, gap=9.0):
    """Open a pupil's record (photo + alerts XHR), then some tabs; 403 on tabs the role may not see."""
    kw = {} if ref is None else {"ref": ref}
    t = c.page(t, "/student.php?sid=%s" % sid, xhr=("/api/v3/students/%s/alerts" % sid,), photos=((sid, "m"),), **kw)
    for tab in tabs:
        t = c.think(t, gap, 0.7)
        st = 403 if (tab == "health" and role not in HEALTH_OK) or (tab == "sped" and role not in SPED_OK) else 200
        t = c.page(t, "/student.php?sid=%s&tab=%s" % (sid, tab), status=st)
    return t


def typeahead(c, t, scope="school"):
    """Typing a surname in the header search: one XHR per keystroke after the second (debounced)."""
    r = c.rng
    name = r.choice(W.LAST).lower()
    n = min(len(name), r.randint(3, 5))
    for k in range(2, n + 1):
        t = c.api(t + r.uniform(0.25, 0.9), "/api/v3/search/students?q=%s&scope=%s&limit=15" % (name[:k], scope))
    return t + r.uniform(0.8, 3.0), name[:n]


def lookup(c, t, sid, role, tabs=(), scope="school"):
    """Find a pupil by typeahead (or the search page) and open the record; 1.2 % mistyped ids give a 404."""
    r = c.rng
    if r.random() < 0.75:
        t, _q = typeahead(c, t, scope)
    else:
        t = c.page(t, "/search.php?q=%s&scope=%s" % (r.choice(W.LAST).lower()[:r.randint(3, 6)], scope))
        t = c.think(t, 4.0)
    if r.random() < 0.012:
        t = c.page(t, "/student.php?sid=%s" % W.mistype(r, sid), status=404)
        t = c.think(t, 5.0)
    return student(c, t, sid, role, tabs)


def attendance(c, t, sec, day):
    d = date_s(day)
    t = c.page(t, "/attendance.php?section=%d&date=%s" % (sec, d), xhr=("/api/v3/sections/%d/roster?fields=photo" % sec,))
    t = c.think(t, 55.0, 0.5)
    t = c.post(t, "/attendance.php?section=%d&date=%s" % (sec, d))
    return c.page(t + 0.03, "/attendance.php?section=%d&date=%s&saved=1" % (sec, d))


def gradebook(c, t, sec, edits=None):
    r = c.rng
    t = c.page(t, "/gradebook.php?section=%d&term=%s" % (sec, TERM), xhr=("/api/v3/gradebook/%d/assignments" % sec,))
    for _ in range(edits if edits is not None else r.randint(1, 6)):
        t = c.think(t, 40.0, 0.8)
        t = c.api(t, "/api/v3/gradebook/%d/scores" % sec, "POST", kind="api")
    return t


def roster(c, t, sec, pop):
    sids = pop.sections[sec][3]
    return c.page(t, "/roster.php?section=%d" % sec, photos=[(s, "t") for s in sids] if not c.pt else ())


def messages(c, t):
    r = c.rng
    t = c.page(t, "/messages.php")
    for _ in range(r.randint(0, 3)):
        t = c.page(c.think(t, 12.0), "/messages.php?msg=%d" % r.randint(400000, 499999))
    return t


def report(c, t, slug, school, export=False):
    r = c.rng
    t = c.page(t, "/reports/index.php")
    t = c.think(t, 6.0)
    st = 500 if r.random() < 0.006 else 200
    t = c.page(t, "/reports/run.php?report=%s&school=%s&term=%s" % (slug, school, TERM), status=st)
    if export and st == 200:
        t = c.think(t, 8.0)
        t = export_csv(c, t, slug, school)
    return t


def export_csv(c, t, slug, school, big=1.0):
    r = c.rng
    size = int(W_size(r, school) * big)
    return c.hit(t, "/reports/export.php?report=%s&school=%s&format=csv" % (slug, school), nbytes=size,
                 kind="pdf", dur=int(size / r.uniform(0.9, 2.2) + r.uniform(2e5, 9e5)))


def W_size(r, school):
    n = 11000 if school == "ALL" else next((s[4] for s in W.SCHOOLS if s[0] == school), 800)
    return int(n * r.uniform(180, 420))


def document(c, t, sid=None):
    r = c.rng
    return c.hit(t, "/documents/download.php?doc=%d" % r.randint(1000000, 1999999) + ("&sid=%s" % sid if sid else ""),
                 kind="pdf")


def teacher_task(c, t, s, pop, day):
    r = c.rng
    sec = r.choice(s.sections)[0] if s.sections else None
    x = r.random()
    if x < 0.34 and sec:
        return gradebook(c, t, sec)
    if x < 0.62:
        sid = r.choice(s.pupils)
        return lookup(c, t, sid, s.role, r.sample(("grades", "attendance", "contacts", "schedule", "tests"), r.randint(0, 2)))
    if x < 0.74 and sec:
        return roster(c, t, sec, pop)
    if x < 0.90:
        return messages(c, t)
    return report(c, t, r.choice(("attendance_summary", "grade_distribution", "failing_students")), s.campus)


def office_task(c, t, s, pop, day):
    r = c.rng
    x = r.random()
    if x < 0.45:
        return lookup(c, t, r.choice(s.pupils), s.role, r.sample(("contacts", "attendance", "schedule"), r.randint(1, 2)))
    if x < 0.65:
        t = c.page(t, "/attendance/office.php?school=%s&date=%s" % (s.campus, date_s(day)))
        for _ in range(r.randint(1, 4)):
            t = c.think(t, 60.0)
            t = c.post(t, "/attendance/office.php?school=%s&date=%s&action=excuse" % (s.campus, date_s(day)))
            t = c.page(t + 0.03, "/attendance/office.php?school=%s&date=%s" % (s.campus, date_s(day)))
        return t
    if x < 0.8:
        return messages(c, t)
    return report(c, t, r.choice(("attendance_summary", "contact_directory", "enrollment_roster")), s.campus)


def counselor_task(c, t, s, pop, day):
    r = c.rng
    sid = r.choice(s.pupils)
    x = r.random()
    if x < 0.5:
        t = lookup(c, t, sid, s.role, r.sample(("grades", "schedule", "tests", "notes", "attendance"), r.randint(1, 3)))
        if r.random() < 0.3:
            t = c.post(c.think(t, 90.0), "/student.php?sid=%s&tab=notes&action=add" % sid)
        return t
    if x < 0.75:
        return schedule_builder(c, t, sid)
    if x < 0.88:
        return messages(c, t)
    return report(c, t, r.choice(("failing_students", "grade_distribution", "chronic_absence")), s.campus)


def schedule_builder(c, t, sid, fast=False):
    r = c.rng
    t = c.page(t, "/schedule/builder.php?sid=%s&term=S2" % sid, xhr=("/api/v3/schedule/courses?sid=%s&term=S2" % sid,))
    for _ in range(r.randint(1, 4)):
        t = c.think(t, 8.0 if fast else 20.0)
        t = c.api(t, "/api/v3/schedule/requests?sid=%s" % sid, "POST", status=409 if r.random() < 0.05 else 200)
    return t


def nurse_task(c, t, s, pop, day):
    r = c.rng
    if r.random() < 0.7:
        sid = r.choice(s.pupils)
        t = lookup(c, t, sid, s.role, ("health",))
        t = c.page(c.think(t, 20.0), "/health/visits.php?sid=%s" % sid)
        return c.post(c.think(t, 120.0), "/health/visits.php?sid=%s&action=add" % sid)
    return c.page(t, "/health/immunizations.php?school=%s&status=noncompliant" % s.campus)


def leader_task(c, t, s, pop, day):
    r = c.rng
    x = r.random()
    if x < 0.3:
        t = c.page(t, "/discipline/incidents.php?school=%s" % s.campus)
        t = c.page(c.think(t, 10.0), "/discipline/incident.php?id=%d" % r.randint(80000, 89999))
        return t
    if x < 0.6:
        return lookup(c, t, r.choice(s.pupils), s.role, r.sample(("grades", "attendance", "discipline", "contacts"), r.randint(1, 3)))
    if x < 0.75:
        return messages(c, t)
    return report(c, t, r.choice(REPORTS[:6]), s.campus)


def sped_task(c, t, s, pop, day):
    r = c.rng
    if r.random() < 0.3:
        return c.page(t, "/sped/caseload.php")
    sid = r.choice(s.pupils)
    t = lookup(c, t, sid, s.role, ("sped",))
    t = c.page(c.think(t, 15.0), "/sped/iep.php?sid=%s" % sid)
    if r.random() < 0.4:
        t = document(c, c.think(t, 20.0), sid)
    return t


def analyst_task(c, t, s, pop, day):
    r = c.rng
    school = r.choice([x[0] for x in W.SCHOOLS if x[2] == s.district] + ["ALL"]) if s.district != "SDE" else "ALL"
    return report(c, t, r.choice(REPORTS), school, export=r.random() < 0.35)


def it_task(c, t, s, pop, day):
    r = c.rng
    x = r.random()
    if x < 0.45:
        t = c.page(t, "/admin/users.php?q=%s" % r.choice(W.LAST).lower()[:4])
        return c.page(c.think(t, 12.0), "/admin/users.php?id=%d" % r.randint(1000, 9999))
    if x < 0.65:
        return c.page(t, "/admin/audit.php?user=%d&days=7" % r.randint(1000, 9999))
    if x < 0.8:
        return c.page(t, "/admin/integrations.php")
    return messages(c, t)


def registrar_task(c, t, s, pop, day):
    r = c.rng
    if r.random() < 0.5:
        return enrol_application(c, t, s, r.choice(s.pupils))
    return lookup(c, t, r.choice(s.pupils), s.role, ("documents",))


def enrol_application(c, t, s, sid):
    r = c.rng
    school = s.campus if s.campus in pop_schools() else r.choice(pop_schools(s.district))
    t = c.page(t, "/enroll/queue.php?school=%s&status=pending" % school)
    app = r.randint(700000, 799999)
    t = c.page(c.think(t, 6.0), "/enroll/application.php?app=%d" % app)
    for _ in range(r.randint(1, 3)):
        t = document(c, c.think(t, 15.0))
    t = c.post(c.think(t, 40.0), "/enroll/application.php?app=%d&action=approve" % app)
    return student(c, t + 0.05, sid, s.role, ("schedule",), ref=W.BASE + "/enroll/application.php?app=%d" % app)


def pop_schools(district=None):
    return [x[0] for x in W.SCHOOLS if district is None or x[2] == district]


ROLE_TASK = {"teacher": teacher_task, "office": office_task, "registrar": registrar_task, "counselor": counselor_task,
             "nurse": nurse_task, "principal": leader_task, "asst_principal": leader_task, "sped": sped_task,
             "psychologist": sped_task, "sped_director": sped_task, "analyst": analyst_task,
             "data_coordinator": analyst_task, "state_analyst": analyst_task, "it": it_task, "auditor": analyst_task}
ROLE_RATE = {"teacher": 2.2, "office": 4.5, "registrar": 4.0, "counselor": 3.8, "nurse": 3.0, "principal": 2.4,
             "asst_principal": 3.0, "sped": 2.4, "psychologist": 2.8, "sped_director": 2.0, "analyst": 2.0,
             "data_coordinator": 2.0, "state_analyst": 1.4, "it": 2.4, "auditor": 1.5}
