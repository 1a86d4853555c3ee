"""Beacon SIS URL scheme and the ordinary tasks staff do in it.

Legacy PHP pages take query-string IDs (``/students/profile.php?sid=2301234``); the student card is an SPA under
``/studentcard/`` backed by ``/api/v2/...``. Every task is ``task(c, t) -> t_end`` with ``c`` a ``Ctx``.
"""
from urllib.parse import quote

from . import world as W

TERM = "2027Q2"


class Ctx:
    def __init__(self, w, p, b, r, day):
        self.w, self.p, self.b, self.r, self.day = w, p, b, r, day
        self.date = w.dates[day].isoformat()
        self.num = W.CAMPUS[p.campus][3] if p.campus != "CO" else "ALL"

    def pupil(self):
        p, r = self.p, self.r
        if p.sections and r.random() < 0.88:
            return r.choice(r.choice(p.sections)[2])
        if p.campus in self.w.by_school and r.random() < 0.95:
            return r.choice(self.w.by_school[p.campus])
        return r.choice(self.w.pupils)

    def read(self, lo=4, hi=40):
        return self.r.uniform(lo, hi) * self.p.pace if hasattr(self.p, "pace") else self.r.uniform(lo, hi)


def err(r, status=200, p500=0.003):
    return 500 if r.random() < p500 else status


def typeahead(c, t, pup):
    """Keystrokes in the header search box: one debounced call per keystroke from the 2nd."""
    r, b = c.r, c.b
    if r.random() < 0.25:
        text, ks = pup.sid, range(4, 8)
    else:
        text = pup.last.lower()
        ks = range(2, min(len(text), r.randint(3, 6)) + 1)
    for k in ks:
        t = b.hit(t + r.uniform(0.25, 0.9), "GET", "/api/v2/search?q=%s&limit=8" % quote(text[:k]), kind="json")
    return t + r.uniform(0.4, 1.5)


def open_card(c, t, pup=None, tabs=None, search=True):
    r, b = c.r, c.b
    pup = pup or c.pupil()
    if search:
        t = typeahead(c, t, pup)
    sid = pup.sid
    if r.random() < 0.006:                                   # mistyped ID pasted into the card URL
        sid = sid[:-2] + "%02d" % r.randint(0, 99)
        t = b.spa(t, sid)
        return b.hit(t + 0.05, "GET", "/api/v2/students/" + sid, 404, "json") + c.read(2, 6)
    t = b.spa(t, sid) + 0.05
    for part, kind in (("", "json"), ("/photo", "img"), ("/attendance/summary", "json"), ("/grades/current", "json"),
                       ("/alerts", "json")):
        b.hit(t + r.uniform(0.01, 0.25), "GET", "/api/v2/students/%s%s" % (sid, part), kind=kind)
    t += 0.3 + c.read(3, 20)
    if tabs is None:
        tabs = r.sample(["contacts", "schedule", "attendance", "grades"], r.choice([0, 0, 1, 1, 2]))
        if r.random() < 0.03:
            tabs.append(r.choice(["health", "discipline"]))
    for tab in tabs:
        st = 403 if (tab in ("health", "discipline") and c.p.role == "teacher") else 200
        t = b.hit(t, "GET", "/api/v2/students/%s/%s" % (sid, tab), err(r, st), "json") + c.read(3, 25)
    return t


def search_page(c, t):
    r, b, pup = c.r, c.b, c.pupil()
    t = b.page(t, "/students/search.php?q=%s&school=%s" % (quote(pup.last), c.num)) + c.read(3, 12)
    t = b.page(t, "/students/profile.php?sid=" + pup.sid, err(r)) + c.read(5, 30)
    for pg in r.sample(["contacts", "attendance", "grades", "schedule"], r.choice([0, 1, 1, 2])):
        t = b.page(t, "/students/%s.php?sid=%s" % (pg, pup.sid), err(r)) + c.read(5, 30)
    return t


def home(c, t):
    return c.b.page(t, "/home.php", err(c.r)) + c.read(3, 20)


def messages(c, t):
    r, b = c.r, c.b
    t = b.page(t, "/messages/inbox.php") + c.read(3, 15)
    for _ in range(r.choice([0, 1, 1, 2])):
        t = b.page(t, "/messages/view.php?id=%d" % r.randint(8812000, 8899999)) + c.read(8, 50)
    if r.random() < 0.3:
        t = b.page(t, "/messages/compose.php") + c.read(30, 150)
        t = b.post(t, "/messages/send.php") + 0.05
        t = b.page(t, "/messages/inbox.php?sent=1") + c.read(2, 6)
    return t


def attendance(c, t, sec, period):
    r, b = c.r, c.b
    base = "/teacher/attendance.php?section=%s&date=%s&period=%d" % (sec[0], c.date, period + 1)
    t = b.page(t, base)
    b.hit(t + 0.1, "GET", "/teacher/roster_photos.php?section=" + sec[0], kind="img", size=None,
          rt=r.uniform(0.15, 0.5))
    t += c.read(25, 150)
    t = b.post(t, "/teacher/attendance.php", ref=b.ref) + 0.04
    return b.page(t, base + "&saved=1") + c.read(2, 8)


def gradebook(c, t):
    r, b = c.r, c.b
    sec = r.choice(c.p.sections)
    t = b.page(t, "/teacher/gradebook.php?section=%s&term=%s" % (sec[0], TERM), err(r)) + c.read(5, 30)
    for _ in range(r.choice([0, 1, 2, 3, 5, 8, 12])):
        t = b.post(t, "/teacher/gradebook_save.php", 200, "json") + c.read(3, 25)
    if r.random() < 0.25:
        t = b.page(t, "/teacher/assignment.php?section=%s&id=%d" % (sec[0], r.randint(300000, 399999))) + c.read(10, 60)
    return t


def roster(c, t):
    sec = c.r.choice(c.p.sections)
    t = c.b.page(t, "/teacher/sections.php") + c.read(2, 8)
    return c.b.page(t, "/teacher/roster.php?section=" + sec[0]) + c.read(5, 40)


def parent_contact(c, t):
    pup = c.pupil()
    t = open_card(c, t, pup, tabs=["contacts"])
    t = c.b.page(t, "/messages/compose.php?to=guardians&sid=" + pup.sid) + c.read(40, 200)
    t = c.b.post(t, "/messages/send.php") + 0.05
    return c.b.page(t, "/messages/inbox.php?sent=1") + c.read(2, 5)


def office_attendance(c, t):
    r, b = c.r, c.b
    t = b.page(t, "/attendance/office.php?school=%s&date=%s" % (c.num, c.date), err(r)) + c.read(5, 30)
    for _ in range(r.choice([0, 1, 2, 3, 4])):
        t = b.post(t, "/attendance/office_update.php") + 0.04
        t = b.page(t, "/attendance/office.php?school=%s&date=%s&saved=1" % (c.num, c.date)) + c.read(10, 90)
    return t


def attendance_export(c, t):
    """The daily own-school export attendance clerks and secretaries run (a look-alike of enumeration)."""
    r, b = c.r, c.b
    t = b.page(t, "/attendance/export_form.php?school=" + c.num) + c.read(5, 20)
    return b.hit(t, "GET", "/attendance/export.php?school=%s&from=%s&to=%s&fmt=csv" % (c.num, c.date, c.date),
                 err(r, p500=0.01), "csv", size=int(r.uniform(40, 90) * len(c.w.by_school.get(c.p.campus, [1])))
                 ) + c.read(20, 90)


def print_card(c, t, pup=None):
    pup = pup or c.pupil()
    return c.b.hit(t, "GET", "/students/print_card.php?sid=%s&term=2027Q1" % pup.sid, err(c.r), "pdf") + c.read(4, 25)


def enrollment_queue(c, t):
    r, b, pup = c.r, c.b, c.pupil()
    t = b.page(t, "/enrollment/queue.php?school=" + c.num) + c.read(5, 30)
    if r.random() < 0.5:
        t = b.page(t, "/enrollment/transfer.php?sid=" + pup.sid) + c.read(20, 120)
        if r.random() < 0.4:
            t = b.hit(t, "GET", "/enrollment/documents.php?sid=%s&doc=%d" % (pup.sid, r.randint(40000, 99999)),
                      kind="pdf") + c.read(10, 60)
    return t


def counselor_work(c, t):
    r, b, pup = c.r, c.b, c.pupil()
    t = open_card(c, t, pup, tabs=r.sample(["schedule", "grades", "attendance", "discipline"], 2))
    t = b.page(t, "/scheduling/requests.php?sid=" + pup.sid, err(r)) + c.read(10, 60)
    if r.random() < 0.35:
        t = b.page(t, "/students/notes.php?sid=" + pup.sid) + c.read(30, 180)
        t = b.post(t, "/students/notes_save.php") + 0.05
        t = b.page(t, "/students/notes.php?sid=%s&saved=1" % pup.sid) + c.read(2, 8)
    return t


def nurse_work(c, t):
    r, b, pup = c.r, c.b, c.pupil()
    t = b.page(t, "/health/office.php?school=" + c.num) + c.read(5, 20)
    t = b.page(t, "/health/visit.php?sid=" + pup.sid) + c.read(60, 300)
    t = b.post(t, "/health/visit_save.php") + 0.05
    t = b.page(t, "/health/office.php?school=%s&saved=1" % c.num) + c.read(3, 10)
    if r.random() < 0.3:
        t = b.page(t, "/students/health.php?sid=" + pup.sid) + c.read(10, 60)
    return t


def discipline(c, t):
    r, b = c.r, c.b
    t = b.page(t, "/discipline/incidents.php?school=%s&status=open" % c.num) + c.read(5, 30)
    inc = r.randint(88000, 89999)
    t = b.page(t, "/discipline/incident.php?id=%d" % inc, err(r)) + c.read(20, 200)
    if r.random() < 0.5:
        t = b.post(t, "/discipline/incident_save.php") + 0.05
        t = b.page(t, "/discipline/incident.php?id=%d&saved=1" % inc) + c.read(2, 8)
    if r.random() < 0.4:
        pup = c.pupil()
        t = b.page(t, "/students/discipline.php?sid=" + pup.sid) + c.read(10, 60)
    return t


REPORTS = ["ada_summary", "daily_attendance", "chronic_absence", "enrollment_summary", "grade_distribution",
           "ell_roster", "iep_due_dates", "failing_students", "demographics_by_school"]


def reports(c, t, big=False):
    r, b = c.r, c.b
    rep = r.choice(REPORTS)
    t = b.page(t, "/reports/index.php") + c.read(3, 15)
    t = b.page(t, "/reports/run.php?report=%s&school=%s&term=%s" % (rep, c.num, TERM), err(r, p500=0.01),
               rt=r.uniform(0.8, 6)) + c.read(20, 120)
    if big or r.random() < 0.3:
        t = b.hit(t, "GET", "/reports/export.php?report=%s&school=%s&term=%s&fmt=xlsx" % (rep, c.num, TERM),
                  err(r, p500=0.01), "xlsx" if c.num == "ALL" else "csv") + c.read(30, 200)
    return t


def admin(c, t):
    r, b = c.r, c.b
    st = 200 if c.p.role == "it_admin" else 403
    pg = r.choice(["/admin/users.php?q=%s" % quote(r.choice(W.LAST).lower()), "/admin/audit.php?from=%s" % c.date,
                   "/admin/integrations.php", "/admin/jobs.php"])
    t = b.page(t, pg, st) + c.read(5, 60)
    if st == 200 and pg.startswith("/admin/users") and r.random() < 0.6:
        t = b.page(t, "/admin/user.php?id=%d" % r.randint(1000, 9999)) + c.read(10, 60)
        if r.random() < 0.5:
            t = b.post(t, "/admin/user_save.php") + 0.05
            t = b.page(t, b.ref[len(W.BASE):] + "&saved=1") + c.read(2, 8)
    return t


def programs(c, t):
    r, b, pup = c.r, c.b, c.pupil()
    typ = r.choice(["iep", "iep", "504", "ell", "gifted"])
    t = b.page(t, "/programs/caseload.php?type=%s&school=%s" % (typ, c.num if c.num != "ALL" else
                                                              W.CAMPUS[r.choice(W.SCHOOLS)][3])) + c.read(5, 30)
    return b.page(t, "/students/programs.php?sid=%s&type=%s" % (pup.sid, typ)) + c.read(20, 150)


def dashboard(c, t):
    return c.b.page(t, "/reports/district_dashboard.php", rt=c.r.uniform(0.6, 2.5)) + c.read(20, 120)


TEACHER = [(open_card, 5), (gradebook, 3), (roster, 1), (messages, 1.5), (parent_contact, 0.6), (home, 1),
           (search_page, 0.8)]
ROLE_TASKS = {
    "teacher": TEACHER,
    "secretary": [(office_attendance, 3), (open_card, 4), (search_page, 2), (print_card, 1), (messages, 1),
                  (enrollment_queue, 1)],
    "attendance_clerk": [(office_attendance, 6), (open_card, 4), (search_page, 1), (messages, 0.5)],
    "registrar": [(enrollment_queue, 4), (search_page, 3), (open_card, 2), (print_card, 1)],
    "counselor": [(counselor_work, 5), (open_card, 2), (messages, 1), (search_page, 1)],
    "nurse": [(nurse_work, 5), (open_card, 2), (messages, 0.5)],
    "principal": [(discipline, 2), (reports, 2), (open_card, 2), (messages, 1.5), (home, 1), (dashboard, 0.5),
                  (admin, 0.15)],
    "assistant_principal": [(discipline, 5), (open_card, 3), (messages, 1), (search_page, 1)],
    "media_specialist": [(open_card, 2), (search_page, 1), (messages, 1)],
    "superintendent": [(dashboard, 3), (reports, 1), (messages, 2), (home, 1)],
    "data_analyst": [(reports, 5), (open_card, 1), (search_page, 1), (dashboard, 1)],
    "it_admin": [(admin, 5), (open_card, 1), (search_page, 1), (home, 1)],
    "sped_coordinator": [(programs, 5), (open_card, 2), (messages, 1)],
    "program_specialist": [(programs, 3), (reports, 1), (open_card, 2), (messages, 1)],
    "attendance_officer": [(open_card, 3), (reports, 2), (search_page, 2)],
    "district_office": [(reports, 1), (open_card, 1), (messages, 2), (home, 1)],
}
RATE = {"teacher": 3.0, "secretary": 7.5, "attendance_clerk": 7.0, "registrar": 6.5, "counselor": 5.5, "nurse": 4.5,
        "principal": 4.0, "assistant_principal": 5.0, "media_specialist": 2.5, "superintendent": 2.0,
        "data_analyst": 4.0, "it_admin": 4.0, "sped_coordinator": 4.0, "program_specialist": 3.5,
        "attendance_officer": 4.0, "district_office": 2.5}


def random_task(c, t, tasks=None):
    tasks = tasks or ROLE_TASKS.get(c.p.role, TEACHER)
    fn = c.r.choices([f for f, _ in tasks], [k for _, k in tasks])[0]
    return fn(c, t)
