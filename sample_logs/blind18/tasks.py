"""Ordinary SIS tasks as request sequences: pupil look-ups (typeahead search), pupil pages, rosters, attendance,
gradebooks, reports and exports, letters, screening lists, enrolment."""
import base64
import json
from urllib.parse import quote

from .world import LAST, SCHOOLS, DISTRICT

SUBPAGES = ["contacts", "schedule", "attendance", "grades", "health", "iep"]
HEALTH_OK = {"nurse", "principal", "sped_coordinator", "counselor"}
IEP_OK = {"sped_coordinator", "principal", "counselor", "teacher"}
EXPORTS = ["attendance", "enrollment", "grades", "discipline", "demographics", "assessments", "ell", "immunizations"]


def cursor(last_id):
    raw = json.dumps({"students.id": last_id, "_pointsToNextItems": True}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def search_term(rng):
    if rng.random() < 0.18:
        return str(rng.randint(310, 311)) + str(rng.randrange(10, 99))
    name = rng.choice(LAST).lower()
    return name[:rng.randint(3, min(6, len(name)))]


def typeahead(c, t, term=None):
    """Keystroke searches (debounced: from the 3rd character, about every other keystroke)."""
    rng = c.rng
    term = term or search_term(rng)
    n = 3
    while n <= len(term):
        c.api(t, "/api/students", "search=" + quote(term[:n]), nbytes=rng.randint(600, 9000))
        t += rng.uniform(0.35, 1.3)
        n += rng.choice([1, 1, 2])
    return t + rng.uniform(0.5, 2.5)


def open_student(c, t, pid, role, sub=None, search=True, dwell=(8, 70), id_set=None):
    rng = c.rng
    if search:
        t = typeahead(c, t)
    if id_set is not None and rng.random() < 0.01:
        pid = pid + rng.choice([7, 13, -9])
        if pid not in id_set:
            return c.page_view(t, "/students/%d" % pid, status=404, nbytes=2210, student=str(pid)) + rng.uniform(3, 9)
    t = c.page_view(t, "/students/%d" % pid, student=str(pid))
    c.api(t, "/api/students/%d/summary" % pid, student=str(pid), nbytes=rng.randint(1800, 2600))
    t += rng.uniform(*dwell)
    if sub:
        ok = not ((sub == "health" and role not in HEALTH_OK) or (sub == "iep" and role not in IEP_OK))
        t = c.page_view(t, "/students/%d/%s" % (pid, sub), status=200 if ok else 403, student=str(pid),
                        nbytes=None if ok else 3120)
        t += rng.uniform(*dwell)
    return t


def roster(c, t, section):
    t = c.page_view(t, "/classes/%d/roster" % section)
    c.api(t, "/api/classes/%d/students" % section, nbytes=c.rng.randint(4000, 12000))
    return t + c.rng.uniform(10, 60)


def attendance(c, t, section):
    rng = c.rng
    t = c.page_view(t, "/classes/%d/attendance" % section) + rng.uniform(30, 150)
    c.req(t, "POST", "/classes/%d/attendance" % section, status=302, dur=rng.randint(80, 400))
    return c.page_view(t + 0.4, "/classes/%d/attendance" % section, query="saved=1") + rng.uniform(2, 10)


def gradebook(c, t, section):
    rng = c.rng
    t = c.page_view(t, "/classes/%d/gradebook" % section) + rng.uniform(60, 400)
    for _ in range(rng.randint(0, 3)):
        c.req(t, "POST", "/classes/%d/gradebook" % section, status=302, dur=rng.randint(90, 500))
        t = c.page_view(t + 0.4, "/classes/%d/gradebook" % section) + rng.uniform(40, 240)
    return t


def export(c, t, kind, school, fmt="xlsx"):
    """A report export (seconds to a minute; 2 % fail with 500)."""
    rng = c.rng
    dur = int(rng.lognormvariate(8.6, 0.7))
    st = 500 if rng.random() < 0.02 else 200
    c.req(t, "GET", "/reports/export/%s" % kind, "school=%s&format=%s" % (school, fmt), status=st,
          nbytes=rng.randint(30000, 2400000) if st == 200 else 5400, dur=dur)
    return t + dur / 1000.0 + rng.uniform(2, 30)


def any_school(rng):
    return rng.choice(SCHOOLS)[0]


def task(c, t, s, world, rng):
    """One ordinary task for this staff member's role; returns the end time."""
    role, pupils = s["role"], world.pupils_of(s)
    pid = rng.choice(pupils)
    x = rng.random()
    ids = world.id_set
    if role == "teacher" and s["sections"]:
        sec, members = rng.choice(s["sections"])
        if x < 0.3:
            return roster(c, t, sec)
        if x < 0.55:
            return gradebook(c, t, sec)
        sub = rng.choice(["contacts", "grades", "attendance", "schedule", "iep", None, None])
        return open_student(c, t, rng.choice(members), role, sub, search=rng.random() < 0.6, id_set=ids)
    if role == "office_secretary":
        if x < 0.08:
            c.req(t, "POST", "/letters/batch", status=302, dur=rng.randint(900, 6000))
            return c.page_view(t + 2, "/letters/batch/%d" % rng.randint(88000, 89999)) + rng.uniform(20, 90)
        return open_student(c, t, pid, role, rng.choice(["contacts", "attendance", "contacts", None]), id_set=ids)
    if role == "registrar":
        if x < 0.25:
            t = c.page_view(t, "/enrollment/new") + rng.uniform(120, 420)
            new = rng.choice(pupils)
            c.req(t, "POST", "/enrollment", status=302, dur=rng.randint(200, 900))
            t = c.page_view(t + 0.5, "/students/%d" % new, student=str(new)) + rng.uniform(20, 80)
            c.req(t, "POST", "/students/%d/contacts" % new, status=302, student=str(new), dur=rng.randint(100, 400))
            return c.page_view(t + 0.4, "/students/%d/contacts" % new, student=str(new)) + rng.uniform(5, 30)
        return open_student(c, t, pid, role, rng.choice(["contacts", "schedule", None]), id_set=ids)
    if role == "counselor":
        return open_student(c, t, pid, role, rng.choice(["schedule", "grades", "iep", "contacts"]), id_set=ids)
    if role == "nurse":
        return open_student(c, t, pid, role, rng.choice(["health", "health", "contacts"]), id_set=ids)
    if role == "sped_coordinator":
        return open_student(c, t, rng.choice(pupils), role, "iep", id_set=ids)
    if role == "principal":
        if x < 0.15:
            t = c.page_view(t, "/reports", query="school=%d" % s["school"]) + rng.uniform(10, 60)
            return export(c, t, rng.choice(EXPORTS[:3]), s["school"])
        return open_student(c, t, pid, role, rng.choice(["attendance", "grades", "health", None]), id_set=ids)
    if role == "district_analyst":
        if x < 0.4:
            t = c.page_view(t, "/reports", query="school=%d" % any_school(rng)) + rng.uniform(10, 60)
            return export(c, t, rng.choice(EXPORTS), any_school(rng), rng.choice(["xlsx", "csv"]))
        return open_student(c, t, pid, role, None, id_set=ids)
    if role == "it_support":
        if x < 0.3:
            st = 200
            return c.page_view(t, "/admin/users", query="search=" + rng.choice(LAST).lower()[:4], status=st) + rng.uniform(20, 120)
        return open_student(c, t, pid, role, None, id_set=ids)
    # hr_specialist: staff side, a little pupil access
    if x < 0.7:
        return c.page_view(t, "/staff/%d" % rng.randint(20000, 28000)) + rng.uniform(30, 200)
    return c.page_view(t, "/students/%d" % pid, status=403, nbytes=3120, student=str(pid)) + rng.uniform(5, 20)


def school_of(code):
    return "district" if code == DISTRICT else str(code)
