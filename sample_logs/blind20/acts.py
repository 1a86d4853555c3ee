"""Staff activities: what a person does in the UI (each emits a few page views, XHRs, downloads)."""
from urllib.parse import quote

from .world import LAST, APOS_NAMES

TABS = {"teacher": ["grades", "attendance", "contacts", "schedule"],
        "secretary": ["contacts", "attendance", "schedule", "enrollment"],
        "attendance_clerk": ["attendance", "contacts"],
        "counselor": ["schedule", "grades", "transcript", "attendance", "plans"],
        "principal": ["discipline", "attendance", "grades", "contacts"],
        "assistant_principal": ["discipline", "attendance", "contacts", "grades"],
        "nurse": ["health", "contacts", "immunizations"],
        "sped_coordinator": ["plans", "documents", "schedule", "contacts"],
        "librarian": ["schedule"],
        "registrar": ["enrollment", "contacts", "transcript", "documents"],
        "data_coordinator": ["enrollment", "schedule", "transcript"],
        "helpdesk": ["enrollment", "schedule", "contacts"]}


def day_str(c):
    from .world import dt_of
    return dt_of(c.t).strftime("%Y-%m-%d")


def student(c, town, k, role, rng, ntabs=None, legacy=None):
    sid = town.student(k)
    if legacy if legacy is not None else rng.random() < 0.3:
        c.page("/sis/student.php?sasid=%s&tab=demo" % sid)
    else:
        c.page("/records/s/%s/overview" % sid)
    tabs = TABS.get(role, ["contacts"])
    for _ in range(rng.randint(0, 3) if ntabs is None else ntabs):
        c.think(4, 45)
        c.page("/records/s/%s/%s" % (sid, rng.choice(tabs)), size=rng.randint(7000, 30000))
    return sid


def search(c, town, role, rng, apos_ok=True):
    if apos_ok and rng.random() < 0.012:
        q = rng.choice(APOS_NAMES)
        c.page("/sis/search.php?q=%s&town=%s" % (quote(q, safe=""), town.code), st=403, size=199, msgs=["sqli", q],
               notify=False)
        c.think(8, 30)
        q = q.split(" ")[-1].replace("'", "")
    else:
        q = rng.choice(LAST).lower()[:rng.randint(3, 7)]
        for i in range(3, len(q) + 1 if rng.random() < 0.6 else 3):
            c.xhr("/sis/api/typeahead?q=%s&town=%s" % (q[:i], town.code), size=rng.randint(90, 1400))
    c.page("/sis/search.php?q=%s&town=%s" % (quote(q, safe=""), town.code), size=rng.randint(6000, 22000))
    c.think(3, 20)
    return student(c, town, rng.randrange(town.n_students), role, rng)


def attendance(c, sec, rng):
    d = day_str(c)
    c.page("/classes/%d/attendance?d=%s" % (sec, d))
    c.think(25, 160)
    c.page("/classes/%d/attendance?d=%s" % (sec, d), m="POST", st=302,
           loc="/classes/%d/attendance?d=%s&saved=1" % (sec, d))
    c.page("/classes/%d/attendance?d=%s&saved=1" % (sec, d))


def roster(c, sec, rng):
    c.page("/classes/%d/roster" % sec)
    c.xhr("/sis/api/students?section=%d&page=1&per_page=50" % sec, size=rng.randint(3000, 9000))


def gradebook(c, sec, rng):
    c.page("/gradebook/%d/term/Q2" % sec, size=rng.randint(20000, 80000))
    for _ in range(rng.randint(1, 12)):
        c.wait(rng.uniform(4, 40))
        c.xhr("/gradebook/%d/term/Q2/cell" % sec, m="POST", size=rng.randint(40, 90))


def card(c, town, k, rng, photo=True):
    c.page("/sis/card.php?lid=%s&print=1" % town.lid(k), size=rng.randint(4000, 7000), notify=False)
    if photo:
        c.req("GET", "/sis/photo.php?sasid=%s&s=card" % town.student(k), ct="jpeg", size=rng.randint(9000, 42000))


def document(c, town, k, rng):
    sid = town.student(k)
    c.page("/records/s/%s/documents" % sid)
    c.think(5, 30)
    kind = "iep" if rng.random() < 0.7 else "504"
    c.req("GET", "/docs/%s/%s-%d.pdf?sasid=%s" % (kind, town.code, 20000 + k * 3 + (kind == "504"), sid),
          ct="pdf", size=rng.randint(90000, 900000))


def report(c, rng, town_code, fmt=None, cols=None):
    c.page("/reports/builder")
    c.think(20, 180)
    job = rng.randint(300000, 999999)
    c.page("/reports/builder/run", m="POST", st=302, loc="/reports/job/%d" % job)
    c.page("/reports/job/%d" % job)
    for _ in range(rng.randint(1, 3)):
        c.wait(rng.uniform(1.5, 3.5))
        c.xhr("/reports/job/%d/status" % job, size=rng.randint(40, 70))
    fmt = fmt or rng.choice(["csv", "xlsx", "xlsx"])
    c.req("GET", "/reports/download/%d.%s?name=%s" % (job, fmt, quote(town_code + "_" + (cols or "custom"))),
          ct=fmt, size=rng.randint(20000, 2400000))


def extract(c, rng, town_code, coll):
    c.page("/state/extracts?town=%s" % town_code)
    c.think(5, 40)
    period = {"SIMS": "OCT2026", "EPIMS": "OCT2026", "SCS": "OCT2026", "SSDR": "EOY2026"}[coll]
    c.req("GET", "/state/extract.cgi?coll=%s&period=%s&town=%s&fmt=txt" % (coll, period, town_code), ct="txt",
          size=rng.randint(40000, 1600000), dur=rng.uniform(2, 25))


def enroll(c, town, rng):
    c.page("/sis/enroll.php?town=%s" % town.code)
    c.think(120, 420)
    new = town.student(town.n_students + rng.randint(0, 900))
    c.page("/sis/enroll.php?town=%s" % town.code, m="POST", st=302, loc="/records/s/%s/overview?new=1" % new)
    c.page("/records/s/%s/overview?new=1" % new)


def daily_attendance(c, town, school, rng):
    d = day_str(c)
    c.page("/attendance/daily.php?school=%s&d=%s" % (school, d))
    for _ in range(rng.randint(1, 5)):
        c.think(10, 60)
        c.xhr("/attendance/daily.php?school=%s&d=%s&act=mark" % (school, d), m="POST", size=rng.randint(50, 120))


def schedule(c, town, k, rng):
    sid = town.student(k)
    c.page("/scheduling/requests?sasid=%s" % sid)
    for _ in range(rng.randint(1, 6)):
        c.wait(rng.uniform(3, 25))
        c.xhr("/scheduling/requests?sasid=%s&act=move" % sid, m="POST", size=rng.randint(200, 900))


WEIGHTS = {
    "teacher": [("student", 25), ("roster", 20), ("gradebook", 35), ("search", 10), ("home", 10)],
    "secretary": [("search", 30), ("student", 35), ("card", 8), ("daily", 15), ("home", 7), ("enroll", 5)],
    "attendance_clerk": [("daily", 50), ("student", 30), ("search", 20)],
    "counselor": [("student", 35), ("search", 25), ("report", 5), ("schedule", 35)],
    "principal": [("home", 20), ("student", 30), ("report", 15), ("search", 25), ("daily", 10)],
    "assistant_principal": [("home", 15), ("student", 35), ("report", 10), ("search", 30), ("daily", 10)],
    "nurse": [("search", 40), ("student", 60)],
    "sped_coordinator": [("student", 30), ("doc", 35), ("search", 35)],
    "librarian": [("search", 60), ("student", 40)],
    "registrar": [("enroll", 35), ("student", 30), ("search", 30), ("report", 5)],
    "data_coordinator": [("report", 35), ("extract", 15), ("student", 25), ("search", 25)],
    "helpdesk": [("search", 45), ("student", 40), ("home", 15)],
}


def do(kind, c, p, town, rng):
    role = p.role
    if kind == "student":
        student(c, town, rng.randrange(town.n_students), role, rng)
    elif kind == "search":
        search(c, town, role, rng)
    elif kind == "roster" and p.sections:
        roster(c, rng.choice(p.sections)[0], rng)
    elif kind == "gradebook" and p.sections:
        gradebook(c, rng.choice(p.sections)[0], rng)
    elif kind == "card":
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            card(c, town, rng.randrange(town.n_students), rng)
            c.think(5, 30)
    elif kind == "daily":
        daily_attendance(c, town, p.school if p.town else town.schools[0], rng)
    elif kind == "report":
        report(c, rng, town.code)
    elif kind == "doc":
        document(c, town, rng.randrange(town.n_students), rng)
    elif kind == "extract":
        extract(c, rng, town.code, rng.choice(["SIMS", "EPIMS", "SCS"]))
    elif kind == "enroll":
        enroll(c, town, rng)
    elif kind == "schedule":
        schedule(c, town, rng.randrange(town.n_students), rng)
    else:
        c.page("/sis/home")
