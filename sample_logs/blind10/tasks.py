"""Lodestar URLs and the staff's ordinary tasks (each a short burst of requests)."""
from . import world as W

P = "/lodestar/index.php?page="
TABS = ["contacts", "sched", "grades", "att", "notes", "health", "programs"]
REPORTS = ["att_daily", "att_chronic", "enroll_counts", "stu_directory", "guardian_contacts", "grade_dist",
           "failing_list", "ell_roster", "iep_due", "discipline_summary", "honor_roll", "schedule_gaps"]
SPORTS = ["BBB", "GBB", "WRS", "BSW", "GSW", "BOW", "CHR"]


def student(sid, tab="summary"):
    return "%sstudent&sid=%d&tab=%s" % (P, sid, tab)


def think(x, s=None, scale=1.0):
    med = (s.think if s is not None else 25.0) * scale
    return x.rng.lognormvariate(0, 0.6) * med


def status_for(x, s, sid):
    """Mistyped pupil numbers (404) and pupils outside the user's building (403)."""
    r = x.rng.random()
    if r < 0.012:
        return sid + x.rng.choice([-1, 1]) * x.rng.randint(90000, 400000), 404
    if s is not None and s.level in "EMH" and s.role in ("teacher", "nurse", "counselor") \
            and x.pop.school_of.get(sid) not in (None, s.school):
        return sid, 403
    if r > 0.997:
        return sid, 500
    return sid, 200


def pupil_for(x, s):
    rng, pop = x.rng, x.pop
    if s.role == "teacher" and s.sections and rng.random() < 0.9:
        return rng.choice(pop.sections[rng.choice(s.sections)][3])
    if s.role == "counselor" and s.caseload and rng.random() < 0.85:
        return rng.choice(s.caseload)
    if rng.random() < 0.03:
        return rng.choice(pop.all_sids)
    return rng.choice(pop.sids_of(s.school))


def lookup(c, t, s, x, sid=None, tabs=None):
    rng = x.rng
    if sid is None:
        sid = pupil_for(x, s)
        q = rng.choice(W.PUPIL_Q)
        if rng.random() < 0.55:
            for k in range(2, min(len(q), 4) + 1):
                t = c.ajax(t + rng.uniform(0.2, 0.9), "/lodestar/ajax.php?act=stusearch&q=%s" % q[:k])
        else:
            scope = "district" if s.level == "D" else "bldg"
            t = c.page(t, "%ssearch&q=%s&scope=%s" % (P, q, scope)) + think(x, s, 0.3)
    sid, st = status_for(x, s, sid)
    t = c.page(t, student(sid), st)
    if st != 200:
        return t
    n = rng.choice([0, 1, 1, 2, 2, 3]) if tabs is None else tabs
    for tab in rng.sample(TABS, n):
        t = c.page(t + think(x, s, 0.5), student(sid, tab))
    return t


def roster(c, t, s, x):
    if not s.sections:
        return lookup(c, t, s, x)
    rng, sec = x.rng, x.rng.choice(s.sections)
    t = c.page(t, "%sroster&sec=%d&term=S2" % (P, sec))
    r = rng.random()
    if r < 0.12:
        t = c.page(t + think(x, s, 0.4), "/lodestar/print.php?doc=roster&sec=%d&term=S2" % sec, kind="print")
    elif r < 0.2:
        t = c.hit(t + think(x, s, 0.4), "GET", "/lodestar/export.php?rpt=section_roster&sec=%d&fmt=csv" % sec,
                  kind="export", size=rng.randint(2500, 6000))
    elif r < 0.7:
        t = lookup(c, t + think(x, s, 0.5), s, x, sid=rng.choice(x.pop.sections[sec][3]))
    return t


def attendance(c, t, s, x, sec):
    url = "%sattendance&sec=%d&date=%s" % (P, sec, x.date)
    t = c.page(t, url)
    return c.post_redirect(t, "/lodestar/attendance.php?sec=%d" % sec, url + "&saved=1", dwell=(20, 140))


def gradebook(c, t, s, x):
    if not s.sections:
        return lookup(c, t, s, x)
    rng, sec = x.rng, x.rng.choice(s.sections)
    t = c.page(t, "%sgradebook&sec=%d&term=S2" % (P, sec))
    for _ in range(rng.randint(2, 22)):
        t = c.ajax(t + rng.lognormvariate(0, 0.5) * 7, "/lodestar/ajax.php?act=savegrade&sec=%d" % sec, "POST")
    return t


def final_grades(c, t, s, x):
    if not s.sections:
        return lookup(c, t, s, x)
    sec = x.rng.choice(s.sections)
    url = "%sgrades.final&sec=%d&term=S1" % (P, sec)
    t = c.page(t, url)
    if x.rng.random() < 0.5:
        t = c.post_redirect(t, url, url + "&saved=1", dwell=(15, 120))
    return t


def comments(c, t, s, x):
    if not s.sections:
        return lookup(c, t, s, x)
    rng, sec = x.rng, x.rng.choice(s.sections)
    t = c.page(t, "%src.comments&sec=%d&term=S1" % (P, sec))
    for _ in range(rng.randint(2, 9)):
        t = c.ajax(t + rng.uniform(15, 90), "/lodestar/ajax.php?act=savecomment&sec=%d" % sec, "POST")
    return t


def office_att(c, t, s, x):
    rng = x.rng
    t = c.page(t, "%satt.office&bldg=%s&date=%s" % (P, s.school, x.date))
    for _ in range(rng.randint(2, 14)):
        t = c.ajax(t + rng.uniform(8, 60), "/lodestar/ajax.php?act=attcode", "POST")
    if rng.random() < 0.3:
        t = c.page(t + 5, "/lodestar/print.php?doc=absences&bldg=%s&date=%s" % (s.school, x.date), kind="print")
    return t


def contact_update(c, t, s, x):
    sid = pupil_for(x, s)
    url = student(sid, "contacts")
    t = c.page(t, url)
    return c.post_redirect(t, url, url + "&saved=1", dwell=(30, 180))


def discipline(c, t, s, x):
    sid = pupil_for(x, s)
    url = "%sdiscipline&sid=%d" % (P, sid)
    t = lookup(c, t, s, x, sid=sid, tabs=0)
    t = c.page(t + think(x, s, 0.3), url)
    return c.post_redirect(t, url, url + "&saved=1", dwell=(60, 300))


def report(c, t, s, x, rpt=None, bldg=None):
    rng = x.rng
    rpt = rpt or rng.choice(REPORTS)
    bldg = bldg or (s.school if s.level != "D" else rng.choice(["ALL"] + [k for k, _, _, _ in W.SCHOOLS]))
    t = c.page(t, P + "reports")
    t = c.page(t + think(x, s, 0.3), "%sreport&rpt=%s&bldg=%s" % (P, rpt, bldg))
    if rng.random() < 0.6:
        st = 500 if rng.random() < 0.01 else 200
        fmt = "csv" if rng.random() < 0.7 else "xlsx"
        t = c.hit(t + think(x, s, 0.3), "GET", "/lodestar/export.php?rpt=%s&bldg=%s&fmt=%s" % (rpt, bldg, fmt), st,
                  "export")
    return t


def health(c, t, s, x):
    sid = pupil_for(x, s)
    t = lookup(c, t, s, x, sid=sid, tabs=0)
    t = c.page(t + 3, student(sid, "health"))
    url = "%shealth.visit&sid=%d" % (P, sid)
    t = c.page(t + think(x, s, 0.3), url)
    return c.post_redirect(t, url, student(sid, "health") + "&saved=1", dwell=(40, 240))


def sched(c, t, s, x):
    sid = pupil_for(x, s)
    t = c.page(t, student(sid, "sched"))
    url = "%ssched.change&sid=%d&term=S2" % (P, sid)
    t = c.page(t + think(x, s, 0.5), url)
    for _ in range(x.rng.randint(1, 4)):
        t = c.ajax(t + x.rng.uniform(5, 40), "/lodestar/ajax.php?act=schedcheck&sid=%d" % sid, "POST")
    return c.post_redirect(t, url, student(sid, "sched") + "&saved=1", dwell=(10, 60))


def transcript(c, t, s, x):
    sid = pupil_for(x, s)
    t = c.page(t, student(sid, "grades"))
    return c.page(t + think(x, s, 0.3), "/lodestar/print.php?doc=transcript&sid=%d" % sid, kind="print")


def helpdesk(c, t, s, x):
    rng = x.rng
    who = rng.choice(x.pop.staff)
    t = c.page(t, "/lodestar/admin/index.php?page=users&q=%s" % who.last.lower()[:5])
    t = c.page(t + think(x, s, 0.3), "/lodestar/admin/index.php?page=user&id=%d" % (1000 + x.pop.staff.index(who)))
    if rng.random() < 0.4:
        url = "/lodestar/admin/index.php?page=user&id=%d" % (1000 + x.pop.staff.index(who))
        t = c.post_redirect(t, url + "&act=unlock", url + "&done=1", dwell=(5, 30))
    return t


def messages(c, t, s, x):
    t = c.page(t, P + "messages")
    if x.rng.random() < 0.6:
        t = c.page(t + think(x, s, 0.4), "%smessage&id=%d" % (P, x.rng.randint(880000, 905000)))
    return t


def enroll(c, t, s, x):
    rng = x.rng
    t = c.page(t, P + "enroll.queue")
    app = rng.randint(24000, 24900)
    url = "%senroll.review&app=%d" % (P, app)
    t = c.page(t + think(x, s, 0.4), url)
    return c.post_redirect(t, url, "%senroll.queue&done=%d" % (P, app), dwell=(60, 360))


def eligibility(c, t, s, x):
    rng = x.rng
    t = c.page(t, "%seligibility&sport=%s&bldg=%s" % (P, rng.choice(SPORTS), s.school))
    for _ in range(rng.randint(0, 4)):
        t = c.page(t + think(x, s, 0.4), student(rng.choice(x.pop.sids_of(s.school)), "grades"))
    return t


def denied(c, t, s, x):
    return c.page(t, "/lodestar/admin/index.php?page=users", 403)


ROLE_TASKS = {
    "teacher": [(lookup, 3), (roster, 2), (gradebook, 3), (final_grades, 1), (comments, 1), (messages, 1),
                (denied, 0.04)],
    "principal": [(lookup, 2), (discipline, 2), (report, 2), (messages, 2), (denied, 0.05)],
    "assistant_principal": [(discipline, 4), (lookup, 3), (report, 1), (messages, 1)],
    "secretary": [(office_att, 3), (contact_update, 3), (lookup, 3), (messages, 1), (report, 1), (denied, 0.05)],
    "registrar": [(enroll, 3), (transcript, 2), (lookup, 2), (contact_update, 2), (report, 1)],
    "attendance_clerk": [(office_att, 6), (lookup, 3), (contact_update, 1)],
    "counselor": [(lookup, 3), (sched, 3), (transcript, 1), (messages, 1), (denied, 0.03)],
    "nurse": [(health, 5), (lookup, 2)],
    "social_worker": [(lookup, 4), (messages, 1), (report, 1)],
    "athletic_director": [(eligibility, 3), (lookup, 2), (messages, 1)],
    "data_specialist": [(report, 5), (lookup, 2), (messages, 1)],
    "it_helpdesk": [(helpdesk, 6), (lookup, 1)],
    "sped_coordinator": [(lookup, 4), (report, 2), (messages, 1)],
    "enrollment_clerk": [(enroll, 5), (contact_update, 2), (lookup, 2)],
    "hr_specialist": [(report, 2), (messages, 2), (denied, 0.1)],
    "assistant_superintendent": [(report, 3), (messages, 2), (lookup, 1)],
}


def pick_task(x, role):
    lst = ROLE_TASKS[role]
    r = x.rng.random() * sum(w for _, w in lst)
    for fn, w in lst:
        r -= w
        if r <= 0:
            return fn
    return lst[-1][0]
