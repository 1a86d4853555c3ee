"""Ordinary tasks in Ledger (what a signed-in person clicks through) and network placement of staff devices."""
from .client import lognorm
from .world import CAMPUS_NAT, LAST, STUDENT_NAT, PROXY_IPS, PROXY_SITES, SCHOOLS, START, DAY, grade_id, mobile_ip

STUDENT_FRAMES = ("/students/%d/schedule", "/students/%d/attendance_summary")


def frames_for(rng, pid, p_below=0.35):
    """Lazy frames of a pupil page: the schedule is above the fold, the attendance summary loads when scrolled to."""
    return [STUDENT_FRAMES[0] % pid] + ([STUDENT_FRAMES[1] % pid] if rng.random() < p_below else [])


def at(d, h, m=0.0):
    return START + d * DAY + h * 3600 + m * 60


def pick_pid(w, rng, school=None):
    pool = w.by_school[school] if school in w.by_school else w.by_school[rng.choice(SCHOOLS)]
    return rng.choice(pool).pid


def pick_name(w, rng):
    return rng.choice(LAST)


def campus_net(s, rng):
    """(ip, xff) of a staff member's district laptop on campus: the web-filter proxy or the campus NAT."""
    if s.campus in PROXY_SITES:
        ip = PROXY_IPS[0] if (s.uid + int(rng.random() < 0.15)) % 2 else PROXY_IPS[1]
        return ip, "%s, %s" % (s.internal, ip)
    return CAMPUS_NAT[s.campus], None


def phone_net(s, rng, on_campus):
    if on_campus and s.campus in STUDENT_NAT and not s.extra.get("no_student_wifi") and rng.random() < 0.12:
        return STUDENT_NAT[s.campus], None
    if on_campus and rng.random() < 0.55:
        return CAMPUS_NAT[s.campus], None
    return mobile_ip(rng), None


def search(c, t, name):
    rng = c.rng
    n = rng.choice([1, 1, 2, 2, 3])
    for i in range(n):
        q = name.lower()[:min(len(name), 2 + i + rng.randint(0, 1))]
        t = c.frame(t, "/students?q=%s" % q) + lognorm(rng, 0.7, 0.4)
    return t


def open_pupil(c, t, w, pid, tabs=("grades",), typed=True, neighbours=()):
    """Finds a pupil (typeahead search or a link), opens the profile and some tabs (lazy frames)."""
    rng = c.rng
    p = w.pupils[pid]
    if typed:
        t = search(c, t, p.last)
    if rng.random() < 0.012:
        bad = pid + rng.choice([-1, 1, 10, -10, 100])
        if bad not in w.pupils:
            t = c.visit(t, "/students/%d" % bad, kind="notfound", st=404) + lognorm(rng, 4, 0.5)
    for nb in neighbours:
        t = c.visit(t, "/students/%d" % nb, prefetch=True) + lognorm(rng, 0.5, 0.6)
    t = c.visit(t, "/students/%d" % pid, frames_for(rng, pid)) + lognorm(rng, 6, 0.7)
    for tab in tabs:
        if tab == "health" and c.role not in ("nurse", "principal", "assistant_principal", "sped_coordinator"):
            t = c.frame(t, "/students/%d/health" % pid, kind="forbidden", st=403) + lognorm(rng, 3, 0.5)
            continue
        t = c.frame(t, "/students/%d/%s" % (pid, tab)) + lognorm(rng, 9, 0.8)
    return t


def attendance(c, t, w, sec):
    rng = c.rng
    roster = w.sections[sec][2]
    t = c.visit(t, "/sections/%d/attendance" % sec) + lognorm(rng, 70, 0.5)
    absent = sorted(rng.sample(roster, rng.randint(0, 3)))
    body = {"authenticity_token": "[FILTERED]", "attendance": {"absent": [str(a) for a in absent] or [""],
                                                                "tardy": [""]}, "commit": "Submit attendance"}
    if rng.random() < 0.6:   # the turbo-stream variant answers in place (200), no redirect
        return c.req(t, "POST", "/sections/%d/attendance" % sec, "stream", x={"body": body})
    return c.submit(t, "/sections/%d/attendance" % sec, "/sections/%d/attendance" % sec, {"body": body})


def gradebook(c, t, w, sec, edits, gap=7.0):
    """Opens a section's gradebook (the grid fetches its JSON) and types scores: each cell a PATCH (turbo-stream)."""
    rng = c.rng
    roster = w.sections[sec][2]
    t = c.visit(t, "/sections/%d/gradebook" % sec)
    t = c.req(t + 0.05, "GET", "/sections/%d/gradebook.json?term=S1" % sec, "json") + lognorm(rng, 8, 0.6)
    start = rng.randrange(len(roster))
    for k in range(edits):
        i = (start + k) % len(roster)
        score = str(rng.choice([rng.randint(55, 100), rng.randint(70, 100), rng.randint(80, 100)]))
        if rng.random() < 0.002:
            t = c.req(t, "PATCH", "/sections/%d/grades/%d" % (sec, grade_id(sec, i)), "error", 500,
                      x={"body": {"score": score, "grade": {"score": score}}, "err": 2}) + lognorm(rng, 5, 0.5)
            continue
        t = c.req(t, "PATCH", "/sections/%d/grades/%d" % (sec, grade_id(sec, i)), "stream", 200,
                  x={"body": {"score": score, "grade": {"score": score}}}) + lognorm(rng, gap, 0.6)
    return t


def roster(c, t, w, sec, open_one=True):
    rng = c.rng
    pids = w.sections[sec][2]
    t = c.visit(t, "/sections/%d" % sec) + lognorm(rng, 10, 0.6)
    if open_one:
        k = rng.randrange(len(pids))
        nb = [pids[(k + j) % len(pids)] for j in range(1, rng.randint(1, 4))]
        t = open_pupil(c, t, w, pids[k], tabs=rng.choice([(), ("grades",), ("contacts",)]), typed=False,
                       neighbours=nb)
    return t


def dashboard(c, t):
    from .client import DASH_FRAMES
    return c.visit(t, "/", DASH_FRAMES) + lognorm(c.rng, 12, 0.7)


def messages(c, t):
    rng = c.rng
    t = c.visit(t, "/messages") + lognorm(rng, 15, 0.6)
    if rng.random() < 0.4:
        t = c.visit(t, "/messages/%d" % rng.randint(40000, 49999)) + lognorm(rng, 30, 0.6)
    return t


def report(c, t, slug, school, csv=False, err=0.004):
    rng = c.rng
    q = "?school=%s&term=S1" % school
    t = c.visit(t, "/reports/%s%s" % (slug, q)) + lognorm(rng, 25, 0.7)
    if csv:
        if rng.random() < err:
            return c.req(t, "GET", "/reports/%s.csv%s" % (slug, q), "error", 500, x={"err": 1}, dur=30.0)
        t = c.req(t, "GET", "/reports/%s.csv%s" % (slug, q), "csv", x={"file": "%s-%s-S1.csv" % (slug, school)})
        t += lognorm(rng, 20, 0.6)
    return t


def transcript(c, t, pid, pdf=True):
    rng = c.rng
    t = c.visit(t, "/students/%d/transcript" % pid) + lognorm(rng, 9, 0.6)
    if pdf:
        if rng.random() < 0.003:
            return c.req(t, "GET", "/students/%d/transcript.pdf" % pid, "error", 500, x={"err": 0}) + 4
        ab = {"abort": True} if rng.random() < 0.02 else None   # navigated away while the PDF rendered: 499
        t = c.req(t, "GET", "/students/%d/transcript.pdf" % pid, "pdf", x=ab) + lognorm(rng, 6, 0.6)
    return t


def note(c, t, pid):
    body = {"authenticity_token": "[FILTERED]", "note": {"category": c.rng.choice(
        ["parent_contact", "academic", "attendance", "scheduling"]), "body": c.rng.choice(NOTES)}, "commit": "Save note"}
    return c.submit(t, "/students/%d/notes" % pid, "/students/%d/notes" % pid, {"body": body})


NOTES = ["Called guardian re: missing assignments", "Met with student about schedule change",
         "Parent asked for transcript copy", "Left voicemail for guardian", "Discussed credit recovery options",
         "Student requested recommendation letter", "Emailed guardian about final exam"]


def other_school(rng, own):
    return rng.choice([s for s in SCHOOLS if s != own])
