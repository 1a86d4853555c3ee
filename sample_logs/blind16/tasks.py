"""URL scheme of Roster Point and the ordinary tasks staff do with it (one function per task).

Each task takes a Work context and a start time (ms) and returns the time it ends.
"""
from . import world as W
from .client import MIN, think
from .directory import REPORTS

HEALTH_ROLES = {"nurse", "principal", "assistant_principal", "counselor", "sped_coordinator", "director"}
DISTRICT_ROLES = {"registrar", "district_analyst", "it_admin", "director", "sped_coordinator", "generic"}
TERM = "2025S2"
MIME = {"csv": "text/csv", "pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
ROW_BYTES = {"ENR": 420, "ATT": 120, "GRD": 210, "HLT": 150, "SPED": 320, "STATE": 720, "DISC": 220}
WIDE = {"ENR-05": 380, "ENR-06": 640, "ENR-12": 2600}


class Work:
    """What a task needs: the sim, the directory, the person, the browser and an RNG."""

    def __init__(self, sim, staff, browser, rng, day):
        self.sim, self.d, self.s, self.b, self.rng, self.day = sim, sim.d, staff, browser, rng, day
        self.role = staff.role

    def ensure(self, t):
        if self.b.expired(t):
            t = self.b.open(t, "/home", xhr=("/api/v2/me", "/api/v2/notifications?unread=1"))
            t += think(self.rng, 4, 0.6)
        return t

    def pupils(self):
        return self.d.local_pupils(self.s)

    def my_pupil(self):
        s, rng = self.s, self.rng
        if s.sections and rng.random() < 0.8:
            return rng.choice(rng.choice(s.sections).pupils)
        if s.campus == "DO" or (s.role == "generic" and rng.random() < 0.15):
            return rng.choice(self.d.pupils)
        if rng.random() < 0.012:             # a pupil from another school: 403 on details
            return rng.choice(self.d.pupils)
        return rng.choice(self.d.by_campus[s.campus])


def allowed(staff, pupil, kind):
    """Directory profile is district-wide; other tabs need the pupil's campus (or a district scope)."""
    if kind == "health" and staff.role not in HEALTH_ROLES:
        return False
    if kind == "profile" or staff.campus == "DO" or getattr(staff, "scope", "") == "district":
        return True
    return pupil.campus == staff.campus


def pupil_page(b, t, kind, p, ok=True, rng=None):
    ss = p.ssid
    path = "/student/%s?ssid=%s" % (kind, ss)
    if not ok:
        return b.page(t, path, status=403)
    if kind == "profile":
        return b.page(t, path, photo="/student/photo?ssid=%s&size=thumb" % ss,
                      xhr=("/api/v2/students/%s/alerts" % ss,))
    xhr = {"schedule": ("/api/v2/students/%s" % ss, "/api/v2/students/%s/schedule?term=%s" % (ss, TERM)),
           "grades": ("/api/v2/students/%s/grades?term=%s" % (ss, TERM),),
           "attendance": ("/api/v2/students/%s/attendance?from=2024-08-14" % ss,),
           "health": ("/api/v2/students/%s/health/screenings" % ss,),
           "programs": ("/api/v2/students/%s/programs" % ss,)}.get(kind, ())
    return b.page(t, path, xhr=xhr)


def suggest(w, t, text):
    b, rng = w.b, w.rng
    n = min(len(text), rng.randint(3, 6))
    for k in range(2, n + 1):
        t += rng.randint(180, 700)
        b.send(t, "/api/v2/search/suggest?q=%s" % text[:k], mime="application/json", size=rng.randint(600, 2400))
    return t + rng.randint(100, 400), text[:n]


def lookup(w, t, p=None, tabs=(), search=None):
    """Find a pupil with the header search and open the profile and some tabs."""
    b, rng = w.b, w.rng
    p = p or w.my_pupil()
    t = w.ensure(t)
    t, typed = suggest(w, t, p.last)
    if search if search is not None else rng.random() < 0.45:
        t = b.page(t, "/search?q=%s&page=1" % typed) + think(rng, 5, 0.6)
        if rng.random() < 0.15:
            t = b.page(t, "/search?q=%s&page=2" % typed) + think(rng, 4, 0.6)
    if rng.random() < 0.01:      # a mistyped ID in the address bar
        t = b.page(t, "/student/profile?ssid=%s" % (p.ssid[:-1] + str((int(p.ssid[-1]) + 3) % 10)), status=404)
        t += think(rng, 6)
    t = pupil_page(b, t, "profile", p, allowed(w.s, p, "profile")) + think(rng, 14, 0.7)
    for kind in tabs:
        t = pupil_page(b, t, kind, p, allowed(w.s, p, kind)) + think(rng, 16, 0.7)
    return t


def take_attendance(w, t, sec):
    b, rng = w.b, w.rng
    t = w.ensure(t)
    path = "/section/%d/attendance" % sec.num
    t = b.page(t, path + "?date=%s" % W.iso_date(w.day), xhr=("/api/v2/sections/%d/attendance?date=%s" % (sec.num, W.iso_date(w.day)),))
    t += think(rng, 55, 0.5)
    t = b.send(t, path, method="POST", status=302)
    return b.page(t + rng.randint(10, 60), path + "?date=%s&saved=1" % W.iso_date(w.day)) + think(rng, 4)


def gradebook(w, t, sec=None):
    b, rng = w.b, w.rng
    sec = sec or rng.choice(w.s.sections)
    t = w.ensure(t)
    t = b.page(t, "/section/%d/gradebook" % sec.num, xhr=("/api/v2/sections/%d/gradebook?term=%s" % (sec.num, TERM),))
    for _ in range(rng.randint(2, 14)):
        t += think(rng, 25, 0.7)
        t = b.send(t, "/api/v2/sections/%d/gradebook" % sec.num, method="POST", mime="application/json",
                   size=rng.randint(300, 700))
    return t + think(rng, 8)


def roster(w, t, sec=None, photos=None):
    b, rng = w.b, w.rng
    sec = sec or rng.choice(w.s.sections or w.d.campus_sections.get(w.s.campus) or w.d.campus_sections["HHS"])
    t = w.ensure(t)
    photos = rng.random() < 0.25 if photos is None else photos
    path = "/section/%d/roster" % sec.num + ("?view=photos" if photos else "")
    t = b.page(t, path)
    if photos:
        tt = t
        for p in sec.pupils:
            tt = max(tt, b.send(t + rng.randint(20, 900), "/student/photo?ssid=%s&size=thumb" % p.ssid,
                                mime="image/jpeg", size=rng.randint(4200, 9800)))
        t = tt
    return t + think(rng, 20, 0.7)


def report_size(rid, rows, fmt, rng):
    per = WIDE.get(rid, ROW_BYTES[rid.split("-")[0]])
    size = int(rows * per * rng.uniform(0.9, 1.1)) + 900
    if fmt == "xlsx":
        size = int(size * 0.42) + 9000
    elif fmt == "pdf":
        size = int(rows * 2200 * rng.uniform(0.9, 1.1)) + 40000
    return size


def run_report(w, t, rid, fmt="csv", school=None, rows=None, view=True, extra=""):
    b, rng = w.b, w.rng
    t = w.ensure(t)
    if view:
        t = b.page(t, "/reports/view?id=%s" % rid) + think(rng, 6, 0.6)
    if rows is None:
        rows = len(w.d.by_campus[school]) if school else len(w.d.pupils)
    size = report_size(rid, rows, fmt, rng)
    path = "/reports/run?id=%s&fmt=%s" % (rid, fmt) + ("&school=%s" % school if school else "") + extra
    status = 500 if rng.random() < 0.004 else 200
    dur = 700 + int(size / rng.uniform(140, 420)) if status == 200 else rng.randint(30000, 60000)
    t = b.send(t, path, status=status, mime=MIME[fmt], size=size if status == 200 else None, dur=dur)
    return t + think(rng, 10, 0.7)


def messages(w, t):
    b, rng = w.b, w.rng
    t = w.ensure(t)
    t = b.page(t, "/messages", xhr=("/api/v2/messages?folder=inbox",)) + think(rng, 8)
    for _ in range(rng.randint(0, 3)):
        t = b.page(t, "/messages/thread?id=%d" % rng.randint(200000, 260000)) + think(rng, 20)
    return t


def office_daily(w, t):
    b, rng = w.b, w.rng
    t = w.ensure(t)
    school = w.s.campus if w.s.campus in W.CAMPUS and w.s.campus != "DO" else rng.choice(W.SCHOOLS)
    t = b.page(t, "/attendance/daily?school=%s&date=%s" % (school, W.iso_date(w.day))) + think(rng, 20)
    for _ in range(rng.randint(1, 6)):
        t = b.send(t, "/api/v2/attendance/daily", method="POST", mime="application/json", size=rng.randint(200, 500))
        t += think(rng, 15)
    return t


def enrollment(w, t):
    b, rng = w.b, w.rng
    t = w.ensure(t)
    t = b.page(t, "/enrollment/queue") + think(rng, 10)
    for _ in range(rng.randint(1, 3)):
        app = rng.randint(31000, 33999)
        t = b.page(t, "/enrollment/app?id=%d" % app) + think(rng, 60, 0.6)
        if rng.random() < 0.5:
            t = b.send(t, "/enrollment/app/approve?id=%d" % app, method="POST", status=302)
            t = b.page(t + 30, "/enrollment/queue") + think(rng, 8)
    return t


def schedule_change(w, t, p=None):
    b, rng = w.b, w.rng
    p = p or w.my_pupil()
    t = w.ensure(t)
    t = pupil_page(b, t, "schedule", p, allowed(w.s, p, "schedule")) + think(rng, 30, 0.6)
    if allowed(w.s, p, "schedule") and rng.random() < 0.5:
        t = b.send(t, "/student/schedule/change?ssid=%s" % p.ssid, method="POST", status=302)
        t = pupil_page(b, t + 40, "schedule", p) + think(rng, 10)
    return t


def health_visit(w, t):
    b, rng = w.b, w.rng
    t = w.ensure(t)
    t = b.page(t, "/health/log?school=%s&date=%s" % (w.s.campus, W.iso_date(w.day))) + think(rng, 12)
    p = w.my_pupil()
    t = lookup(w, t, p, ("health",))
    t = b.send(t, "/health/visit?ssid=%s" % p.ssid, method="POST", status=302)
    return b.page(t + 30, "/health/log?school=%s&date=%s" % (w.s.campus, W.iso_date(w.day))) + think(rng, 10)


def discipline(w, t):
    b, rng = w.b, w.rng
    t = w.ensure(t)
    school = w.s.campus if w.s.campus != "DO" else rng.choice(W.SCHOOLS)
    t = b.page(t, "/discipline/incidents?school=%s" % school) + think(rng, 15)
    inc = rng.randint(8000, 9999)
    t = b.page(t, "/discipline/incident?id=%d" % inc) + think(rng, 45, 0.6)
    if rng.random() < 0.4:
        t = b.send(t, "/discipline/incident?id=%d" % inc, method="POST", status=302)
        t = b.page(t + 30, "/discipline/incident?id=%d&saved=1" % inc) + think(rng, 6)
    return t


def admin_task(w, t):
    b, rng = w.b, w.rng
    t = w.ensure(t)
    other = rng.choice(w.d.staff).login
    for path in rng.sample(["/admin/users?q=%s" % other[:4], "/admin/user?login=%s" % other,
                            "/admin/audit?user=%s&date=%s" % (other, W.iso_date(w.day)), "/admin/jobs"], rng.randint(1, 3)):
        t = b.page(t, path, status=500 if rng.random() < 0.01 else 200) + think(rng, 25)
    return t


def report_task(w, t):
    rng = w.rng
    fam = rng.choice({"district_analyst": ["ENR", "ATT", "GRD", "STATE", "SPED"], "director": ["ENR", "ATT", "DISC"],
                      "principal": ["ATT", "GRD", "DISC"], "assistant_principal": ["ATT", "DISC"],
                      "registrar": ["ENR"], "sped_coordinator": ["SPED"], "nurse": ["HLT"],
                      "counselor": ["GRD", "ATT"]}.get(w.role, ["ATT"]))
    t = w.ensure(t)
    t = w.b.page(t, "/reports") + think(rng, 5)
    school = None if w.s.campus == "DO" and rng.random() < 0.6 else (w.s.campus if w.s.campus != "DO" else rng.choice(W.SCHOOLS))
    return run_report(w, t, rng.choice(REPORTS[fam]), rng.choice(["csv", "csv", "xlsx"]), school)


def forbidden_click(w, t):
    """A menu item the role may not use."""
    path = w.rng.choice(["/admin/users", "/reports/view?id=STATE-03", "/admin/audit"])
    return w.b.page(w.ensure(t), path, status=403) + think(w.rng, 5)
