"""Keystone URLs and the ordinary tasks staff do (finding pupils, attendance, gradebook, reports, offices)."""
import uuid

from .client import lognorm
from .world import LAST, START

DATE_Q = START.strftime("%Y-%m-%d")
TABS = ["/Demographics.aspx", "/Contacts.aspx", "/Attendance.aspx", "/ScheduleGrid.aspx", "/Grades.aspx",
        "/Documents.aspx"]
CRV = "/aspnet_client/system_web/4_0_30319/crystalreportviewers13"
CR_ASSETS = [(CRV + "/js/crviewer/crv.js", "-", 412000, True, 200), (CRV + "/js/crviewer/allInOne.js", "-", 301000,
             True, 200), (CRV + "/css/allInOne.css", "-", 61000, True, 200),
             (CRV + "/js/crviewer/images/allInOne.png", "-", 38200, True, 200)]
REPORTS = ["AttendanceSummary", "DailyAbsence", "PerfectAttendance", "HonorRoll", "FailureList", "ClassRoster",
           "EnrollmentCounts", "Immunization", "TruancyWatch", "GPARank", "EmergencyCards", "BusRoster"]


def photo(pid, sz="S"):
    return ("/Handlers/StudentPhoto.ashx", "ID=%d&sz=%s" % (pid, sz), {"S": 3900, "M": 11800, "L": 48200}[sz],
            False, 200)


def gap(r, median, sigma=0.7):
    return lognorm(r, median, sigma)


def home(b, t):
    return b.page(t, "/Default.aspx", scb=b.rng.randint(28000, 45000))


def typeahead(b, t, building):
    """The search box's autocomplete handler, one call per keystroke from the third (debounced)."""
    r, name = b.rng, b.rng.choice(LAST)
    for k in range(3, min(len(name), 3 + r.randint(0, 3)) + 1):
        t = b.hit(t + lognorm(r, 0.45, 0.4), "GET", "/Handlers/StudentLookup.ashx",
                  "q=%s&b=%s" % (name[:k].lower(), building), 200, r.randint(600, 2900), lognorm(r, 35, 0.5)) + 0.01
    return t


def open_pupil(b, t, pid, building, tabs=0, search=True):
    """Find a pupil (search postback or autocomplete), open Student.aspx and a few tabs."""
    r = b.rng
    if search and r.random() < 0.45:
        t = b.page(t, "/StudentSearch.aspx", scb=r.randint(21000, 23000)) + gap(r, 4)
        t = b.page(t, "/StudentSearch.aspx", method="POST", body=r.randint(9000, 14000), scb=r.randint(30000, 90000),
                   tt=lognorm(r, 420, 0.5)) + gap(r, 5)
    elif search:
        t = typeahead(b, t, building) + gap(r, 1.2, 0.4)
    if r.random() < 0.012:                                  # stale link / mistyped ID from a bookmark
        t = b.page(t, "/Student.aspx", "ID=%d" % (pid + r.choice((-1, 1)) * r.randint(1, 9)), status=404,
                   scb=4914, tt=18) + gap(r, 3)
    t = b.page(t, "/Student.aspx", "ID=%d" % pid, scb=r.randint(39000, 71000), extra=[photo(pid, "M")])
    for stem in r.sample(TABS, min(tabs, len(TABS))):
        t = b.page(t + gap(r, 9), stem, "ID=%d" % pid, scb=r.randint(30000, 90000))
        if stem == "/Attendance.aspx" and r.random() < 0.4:
            t = b.page(t + gap(r, 4), stem, "ID=%d" % pid, "POST", body=r.randint(14000, 30000))
        if stem == "/Documents.aspx" and r.random() < 0.3:
            t = b.hit(t + gap(r, 5), "GET", "/Handlers/Document.ashx", "DocID=%d" % r.choice(b.w.docs[pid]), 200,
                      r.randint(90000, 2400000), lognorm(r, 300, 0.6))
    return t


def take_attendance(b, t, sec, seating=None):
    sid, roster = sec
    r = b.rng
    seating = r.random() < 0.4 if seating is None else seating
    extra = [photo(p) for p in roster] if seating else []
    t = b.page(t, "/Teacher/TakeAttendance.aspx", "SectionID=%d&Date=%s" % (sid, DATE_Q),
               scb=r.randint(26000, 52000), extra=extra) + gap(r, 55, 0.6)
    return b.page(t, "/Teacher/TakeAttendance.aspx", "SectionID=%d&Date=%s" % (sid, DATE_Q), "POST",
                  body=r.randint(12000, 31000), scb=r.randint(26000, 52000))


def gradebook(b, t, sec, n):
    sid, _ = sec
    r, q = b.rng, "SectionID=%d&Term=Q3" % sec[0]
    t = b.page(t, "/Teacher/Gradebook.aspx", q, scb=r.randint(60000, 140000), tt=lognorm(r, 480, 0.5))
    for _ in range(n):
        t = b.ajax(t + gap(r, 25, 0.9), "/Teacher/Gradebook.aspx", q, body=r.randint(40000, 90000))
    return t


def roster(b, t, sec):
    return b.page(t, "/Teacher/Roster.aspx", "SectionID=%d" % sec[0], extra=[photo(p) for p in sec[1]])


def report(b, t, rpt, building, exports=1, big=False):
    """Crystal Reports viewer page, chart images, then PDF/Excel exports (postbacks returning a file)."""
    r, q = b.rng, "rpt=%s&Building=%s" % (rpt, building)
    first = not getattr(b, "crv", False)
    b.crv = True
    img = [("/CrystalImageHandler.aspx", "dynamicimage=cr_tmp_image_%s.png" % uuid.UUID(int=r.getrandbits(128)),
            r.randint(9000, 30000), False, 200) for _ in range(r.randint(0, 2))]
    t = b.page(t, "/Reports/ReportViewer.aspx", q, scb=r.randint(60000, 150000), tt=lognorm(r, 2500, 0.7),
               extra=(CR_ASSETS if first else []) + img)
    for _ in range(exports):
        fail = r.random() < 0.01
        size = r.randint(2_000_000, 18_000_000) if big else r.randint(60000, 900000)
        t = b.hit(t + gap(r, 12), "POST", "/Reports/ReportViewer.aspx", q, 500 if fail else 200,
                  7100 if fail else size, lognorm(r, 9000 if big else 2200, 0.6), body=r.randint(30000, 70000))
    return t


def office_attendance(b, t, pid, building):
    r = b.rng
    t = open_pupil(b, t, pid, building) + gap(r, 6)
    t = b.page(t, "/Attendance.aspx", "ID=%d" % pid, scb=r.randint(40000, 80000)) + gap(r, 20)
    return b.page(t, "/Attendance.aspx", "ID=%d" % pid, "POST", body=r.randint(16000, 32000))


def nurse_visit(b, t, pid, building):
    r = b.rng
    t = b.page(t, "/Nurse/VisitLog.aspx", scb=r.randint(30000, 60000)) + gap(r, 5)
    t = open_pupil(b, t, pid, building) + gap(r, 5)
    t = b.page(t, "/Health.aspx", "ID=%d" % pid, scb=r.randint(30000, 70000)) + gap(r, 60)
    return b.page(t, "/Nurse/VisitLog.aspx", "-", "POST", body=r.randint(12000, 20000))


def schedule_change(b, t, pid, building, edits):
    r = b.rng
    t = open_pupil(b, t, pid, building) + gap(r, 6)
    t = b.page(t, "/ScheduleGrid.aspx", "ID=%d" % pid, scb=r.randint(50000, 110000))
    for _ in range(edits):
        t = b.ajax(t + gap(r, 14), "/ScheduleGrid.aspx", "ID=%d" % pid, body=r.randint(30000, 60000))
    return b.page(t + gap(r, 6), "/ScheduleGrid.aspx", "ID=%d" % pid, "POST", body=r.randint(30000, 60000))


def discipline(b, t, pid, building):
    r = b.rng
    t = open_pupil(b, t, pid, building, tabs=1) + gap(r, 8)
    t = b.page(t, "/Discipline/Incident.aspx", "ID=%d" % pid, scb=r.randint(30000, 60000)) + gap(r, 120)
    return b.page(t, "/Discipline/Incident.aspx", "ID=%d" % pid, "POST", body=r.randint(20000, 40000))


def admin_page(b, t, allowed):
    r, stem = b.rng, b.rng.choice(["/Admin/Users.aspx", "/Admin/AuditLog.aspx", "/Admin/Jobs.aspx",
                                   "/Admin/Settings.aspx"])
    if not allowed:
        return b.page(t, stem, status=403, scb=1480, tt=9)
    t = b.page(t, stem, scb=r.randint(30000, 160000))
    if r.random() < 0.5:
        t = b.page(t + gap(r, 15), stem, "-", "POST", body=r.randint(20000, 60000))
    return t


def stale_bookmark(b, t):
    stem = b.rng.choice(["/Reports/OldAttendance.aspx", "/Teacher/Lesson.aspx", "/Keystone/Default.aspx"])
    return b.page(t, stem, status=404, scb=4914, tt=12)


def role_task(b, t, s, r):
    """One task drawn for a staff member's role at school (or from home)."""
    pick = r.random()
    bld, pool = s.building, s.pupils
    pid = r.choice(pool) if pool else None
    if r.random() < 0.004:
        return stale_bookmark(b, t)
    if s.role == "teacher":
        if pick < 0.45 and s.sections:
            return gradebook(b, t, r.choice(s.sections), r.randint(1, 6))
        if pick < 0.6 and s.sections:
            return roster(b, t, r.choice(s.sections))
        if pick < 0.63:
            return b.page(t, "/Health.aspx", "ID=%d" % pid, status=403, scb=1480, tt=11)
        return open_pupil(b, t, pid, bld, tabs=r.randint(0, 2))
    if s.role == "office_secretary":
        if pick < 0.5:
            return office_attendance(b, t, pid, bld)
        if pick < 0.6:
            return b.page(t, "/Office/DailyAttendance.aspx", "Building=%s&Date=%s" % (bld, DATE_Q))
        if pick < 0.68:
            return b.page(t, "/Office/Tardy.aspx", "-", "POST", body=r.randint(9000, 16000))
        return open_pupil(b, t, pid, bld, tabs=r.randint(1, 2))
    if s.role == "nurse":
        return nurse_visit(b, t, pid, bld) if pick < 0.7 else open_pupil(b, t, pid, bld, tabs=1)
    if s.role == "counselor":
        if pick < 0.45:
            return schedule_change(b, t, pid, bld, r.randint(1, 4))
        if pick < 0.6:
            return b.page(t, "/Counselor/Notes.aspx", "ID=%d" % pid) + 0.1
        if pick < 0.68:
            return report(b, t, "Transcript", bld)
        return open_pupil(b, t, pid, bld, tabs=r.randint(1, 3))
    if s.role in ("principal", "assistant_principal"):
        if pick < 0.3:
            return discipline(b, t, pid, bld)
        if pick < 0.45:
            return report(b, t, r.choice(REPORTS[:6]), bld)
        if pick < 0.47:
            return admin_page(b, t, False)
        return open_pupil(b, t, pid, bld, tabs=r.randint(1, 3))
    if s.role == "it_staff":
        return admin_page(b, t, True) if pick < 0.55 else open_pupil(b, t, pid, "ALL", tabs=1)
    if s.role == "district_analyst":
        if pick < 0.5:
            return report(b, t, r.choice(REPORTS), r.choice(["ALL", "ACHS", "NMS", "SMS"]), r.randint(1, 2))
        if pick < 0.75:
            t = b.page(t, "/Reports/AdHoc.aspx") + gap(r, 30)
            t = b.page(t, "/Reports/AdHoc.aspx", "-", "POST", body=r.randint(20000, 50000), tt=lognorm(r, 4000, .6))
            return b.hit(t + gap(r, 5), "GET", "/Reports/Export.ashx", "job=%d" % r.randint(20000, 29999), 200,
                         r.randint(200000, 6000000), lognorm(r, 1500, 0.5))
        return open_pupil(b, t, pid, "ALL", tabs=2)
    if s.role == "sped_coordinator" and pick < 0.5:
        t = open_pupil(b, t, pid, bld) + gap(r, 5)
        return b.page(t, "/SpecialEd/IEP.aspx", "ID=%d" % pid, scb=r.randint(60000, 120000))
    if s.role == "attendance_officer" and pick < 0.4:
        return report(b, t, "TruancyWatch", r.choice(["ALL"] + ["ACHS", "NMS", "SMS"]))
    return open_pupil(b, t, pid, bld if bld != "BOE" else "ALL", tabs=r.randint(0, 3))
