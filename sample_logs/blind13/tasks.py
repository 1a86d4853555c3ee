"""Ordinary staff tasks in the Compass SPA: pupil look-ups, attendance, gradebook, inbox, reports, behaviour,
health visits, course requests, demographics fixes, user admin. Each takes a context and a start time and
returns the time it ends."""
from .world import relay

TERM = relay("Term", 412)
YEAR = "2027-2028"
SEE_HEALTH = ("nurse", "principal", "superintendent", "counselor", "state_helpdesk", "state_auditor")
TABS = {
    "teacher": ["StudentGrades", "StudentAttendance", "StudentContacts", "StudentSchedule", "StudentBehavior"],
    "secretary": ["StudentContacts", "StudentAttendance", "StudentSchedule", "StudentHealth"],
    "principal": ["StudentBehavior", "StudentContacts", "StudentAttendance", "StudentGrades", "StudentPrograms"],
    "counselor": ["StudentGrades", "StudentSchedule", "StudentCourseRequests", "StudentAttendance", "StudentPrograms"],
    "nurse": ["StudentHealth", "StudentContacts"],
    "data_coordinator": ["StudentContacts", "StudentPrograms", "StudentSchedule", "StudentDocuments"],
}
DEFAULT_TABS = ["StudentContacts", "StudentAttendance", "StudentGrades", "StudentPrograms"]


class Ctx:
    """One staff member's working context: world, staff, client (tab), local date string."""
    def __init__(self, w, s, c, date):
        self.w, self.s, self.c, self.date, self.rng = w, s, c, date, c.rng
        self.photos_seen = set()

    def pupil(self):
        s, rng = self.s, self.rng
        if s.sections and rng.random() < 0.85:
            return rng.choice(rng.choice(s.sections).roster)
        pool = self.w.school_pupils(s)
        return rng.choice(pool)


def tab(x, t, op, p):
    err = "FORBIDDEN" if op == "StudentHealth" and x.s.role not in SEE_HEALTH else None
    return x.c.gql(t, op, {"id": p.rid}, err=err)


def open_pupil(x, t, p, tabs=None, ntabs=(1, 3), search=True, scope="SCHOOL"):
    c, rng = x.c, x.rng
    if search:
        k = rng.randint(2, min(6, len(p.last)))
        for i in range(2, k + 1):
            t = c.gql(t, "StudentSearch", {"q": p.last[:i].lower(), "scope": scope, "first": 20})
            t += rng.uniform(0.2, 0.9)
        t += c.think(1.6, 0.5)
    t = c.gql(t, "StudentProfile", {"id": p.rid})
    if p.n not in x.photos_seen and rng.random() < 0.75:
        x.photos_seen.add(p.n)
        t = c.photo(t + 0.03, p)
    tabs = tabs or TABS.get(x.s.role, DEFAULT_TABS)
    for op in rng.sample(tabs, min(len(tabs), rng.randint(*ntabs))):
        t = tab(x, t + c.think(7.0, 0.8), op, p)
        if op == "StudentDocuments" and rng.random() < 0.3:
            t = c.document(t + c.think(4.0), p)
    return t


def lookup(x, t):
    return open_pupil(x, t, x.pupil(), search=not x.s.sections or x.rng.random() < 0.5)


def attendance(x, t, sec):
    c, rng = x.c, x.rng
    t = c.gql(t, "SectionRoster", {"sectionId": sec.rid}) + rng.uniform(0.01, 0.05)
    t = c.gql(t, "AttendanceForSection", {"sectionId": sec.rid, "date": x.date})
    if sec.n not in x.photos_seen and rng.random() < 0.3:           # seating-chart view with photo thumbnails
        x.photos_seen.add(sec.n)
        for p in sec.roster:
            t = c.photo(t + rng.uniform(0.005, 0.04), p)
    t += c.think(70.0, 0.5)
    t = c.gql(t, "SaveAttendance") + rng.uniform(0.05, 0.2)
    return c.gql(t, "AttendanceForSection", {"sectionId": sec.rid, "date": x.date})


def gradebook(x, t, sec=None):
    c, rng = x.c, x.rng
    sec = sec or (rng.choice(x.s.sections) if x.s.sections else None)
    if sec is None:
        return lookup(x, t)
    t = c.gql(t, "Gradebook", {"sectionId": sec.rid, "termId": TERM}) + rng.uniform(0.01, 0.05)
    t = c.gql(t, "Assignments", {"sectionId": sec.rid})
    if rng.random() < 0.25:
        t = c.gql(t + c.think(40.0), "CreateAssignment")
    for _ in range(rng.randint(2, 14)):
        t = c.gql(t + c.think(22.0, 0.8), "UpdateScores")
    if rng.random() < 0.3:
        t = open_pupil(x, t + c.think(10.0), rng.choice(sec.roster), search=False, ntabs=(1, 2))
    return t


def inbox(x, t):
    c, rng = x.c, x.rng
    t = c.gql(t, "Inbox", {"folder": "INBOX", "first": 25})
    for _ in range(rng.randint(1, 3)):
        t = c.gql(t + c.think(5.0), "Message", {"id": relay("Message", rng.randint(3000000, 3999999))})
    if rng.random() < 0.3:
        t = c.gql(t + c.think(60.0), "SendMessage")
    if rng.random() < 0.5:
        t = c.gql(t + 0.5, "MarkNotificationsRead")
    return t


def report(x, t):
    c, rng = x.c, x.rng
    t = c.cached(t, "ReportCatalog")
    t = c.gql(t + c.think(12.0), "RunReport")
    job = relay("ReportJob", rng.randint(900000, 999999))
    for _ in range(rng.randint(1, 6)):
        t = c.gql(t + rng.uniform(1.9, 2.2), "ReportJobStatus", {"jobId": job})
    if rng.random() < 0.75:
        t = c.export(t + rng.uniform(0.2, 1.0))
    return t


def dashboard(x, t):
    t = x.c.gql(t, "StaffDashboard") + x.rng.uniform(0.01, 0.05)
    t = x.c.gql(t, "NotificationCount")
    if x.s.role in ("principal", "superintendent", "clerk") and x.rng.random() < 0.05:   # the Admin menu: IT only
        t = x.c.rest(t + x.c.think(5.0), "GET", "/v1/admin/users", "GET /v1/admin/users", 403, 58, 25,
                     qs="districtId=%s&page=1&pageSize=50" % relay("District", hash_school(x.s.district)))
    return t


def behaviour(x, t):
    c = x.c
    p = x.pupil()
    t = open_pupil(x, t, p, tabs=["StudentBehavior"], ntabs=(1, 1))
    t = c.gql(t + c.think(120.0, 0.5), "CreateBehaviorIncident")
    return tab(x, t + 0.2, "StudentBehavior", p)


def nurse_visit(x, t):
    c = x.c
    p = x.pupil()
    t = open_pupil(x, t, p, tabs=["StudentHealth"], ntabs=(1, 1), scope="DISTRICT")
    t = c.gql(t + c.think(150.0, 0.5), "RecordHealthVisit")
    return tab(x, t + 0.2, "StudentHealth", p)


def course_requests(x, t, p=None):
    c, rng = x.c, x.rng
    queue = getattr(x.s, "queue", None)
    p = p or (queue.pop(0) if queue else x.pupil())
    t = c.gql(t, "StudentProfile", {"id": p.rid})
    t = c.gql(t + c.think(3.0), "StudentCourseRequests", {"id": p.rid, "year": YEAR})
    t = c.cached(t + 0.05, "CourseCatalog", {"schoolId": relay("School", hash_school(p.school)), "year": YEAR})
    if rng.random() < 0.6:
        t = c.gql(t + c.think(45.0, 0.6), "SaveCourseRequests")
        t = c.gql(t + 0.1, "StudentCourseRequests", {"id": p.rid, "year": YEAR})
    if rng.random() < 0.4:
        t = c.gql(t + c.think(8.0), "ScheduleConflicts", {"id": p.rid, "year": YEAR})
    return t


def hash_school(code):
    return sum(ord(ch) * (i + 7) for i, ch in enumerate(code)) % 900 + 100


def demographics(x, t):
    c = x.c
    p = x.pupil()
    t = open_pupil(x, t, p, tabs=["StudentContacts", "StudentPrograms"], ntabs=(1, 2), scope="DISTRICT")
    t = c.gql(t + c.think(90.0, 0.5), "UpdateStudentDemographics")
    return c.gql(t + 0.2, "StudentProfile", {"id": p.rid})


def admin_users(x, t):
    c, rng = x.c, x.rng
    t = c.gql(t, "AdminUsers", {"districtId": relay("District", hash_school(x.s.district)), "first": 50})
    if rng.random() < 0.25:
        t = c.gql(t + c.think(30.0), "UpdateUserRoles")
    return t


WEIGHTS = {
    "teacher": ((gradebook, 0.36), (lookup, 0.3), (inbox, 0.2), (dashboard, 0.08), (behaviour, 0.06)),
    "secretary": ((lookup, 0.55), (inbox, 0.15), (report, 0.12), (dashboard, 0.1), (demographics, 0.08)),
    "principal": ((lookup, 0.38), (behaviour, 0.2), (report, 0.14), (inbox, 0.16), (dashboard, 0.12)),
    "counselor": ((lookup, 0.45), (course_requests, 0.3), (inbox, 0.15), (behaviour, 0.1)),
    "nurse": ((nurse_visit, 0.6), (lookup, 0.3), (inbox, 0.1)),
    "data_coordinator": ((lookup, 0.35), (report, 0.3), (demographics, 0.25), (inbox, 0.1)),
    "superintendent": ((dashboard, 0.3), (report, 0.35), (inbox, 0.25), (lookup, 0.1)),
    "clerk": ((report, 0.5), (dashboard, 0.3), (inbox, 0.2)),
    "it_tech": ((admin_users, 0.45), (lookup, 0.2), (report, 0.35)),
    "state_helpdesk": ((lookup, 0.6), (admin_users, 0.4)),
    "state_it": ((admin_users, 0.6), (dashboard, 0.4)),
    "state_analyst": ((report, 0.6), (dashboard, 0.4)),
    "state_auditor": ((lookup, 0.7), (report, 0.3)),
}
RATE = {"teacher": 5.4, "secretary": 9.5, "principal": 6.5, "counselor": 7.0, "nurse": 6.0, "data_coordinator": 8.0,
        "superintendent": 3.6, "clerk": 4.0, "it_tech": 4.5, "state_helpdesk": 6.5, "state_it": 4.0,
        "state_analyst": 3.5, "state_auditor": 3.5}


def do_task(x, t, light=False):
    rng = x.rng
    pairs = getattr(x.s, "task_weights", None) or WEIGHTS.get(x.s.role, WEIGHTS["secretary"])
    if light and x.s.role == "teacher":
        pairs = ((gradebook, 0.7), (inbox, 0.2), (lookup, 0.1))
    f = rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]
    t = f(x, t)
    if rng.random() < 0.004:
        t = x.c.beacon(t + 0.3)
    return t
