"""Ordinary tasks in Wayfinder, by role."""
from .client import lognorm, hexs

TABS = ["contacts", "attendance", "grades", "schedule", "notes", "documents", "health", "programs"]
REPORTS = ["daily-absences", "chronic-absence", "grade-distribution", "enrolment-counts", "guardian-contacts",
           "ell-roster", "iep-due-dates", "immunization-status", "honor-roll", "failing-grades"]


def uuid(rng):
    h = hexs(rng, 32)
    return "%s-%s-4%s-%s-%s" % (h[:8], h[8:12], h[13:16], "89ab"[int(h[16], 16) % 4] + h[17:20], h[20:])


def pick_pupil(rng, ctx, p):
    c = p["campus"]
    if c == "NO" or rng.random() < 0.03:
        c = rng.choice(sorted(ctx.pupils))
    return rng.choice(ctx.pupils[c])


def typeahead(b, rng, text, scope="campus", keystrokes=True):
    """Typing into the navbar search: one lookup per keystroke from the 2nd (debounced: some skipped)."""
    n = rng.randint(2, min(6, len(text))) if keystrokes else len(text)
    for k in range(2 if keystrokes else n, n + 1):
        if keystrokes and k < n and rng.random() < 0.3:
            b.t += rng.uniform(0.1, 0.3)
            continue
        b.xhr("GET", "/api/lookup", "q=%s&scope=%s&limit=10" % (text[:k], scope), 200, int(lognorm(rng, 1900, .4)))
        b.t += rng.uniform(0.15, 0.6)


def open_pupil(b, rng, ctx, p, pupil=None, tabs=None, via_search=True):
    pid, first, last = pupil or pick_pupil(rng, ctx, p)
    if via_search:
        typeahead(b, rng, (last if rng.random() < 0.7 else first), "network" if p["campus"] == "NO" else "campus")
        b.think(2, .4)
    if rng.random() < 0.012:
        b.page("/students/%s" % pid[:-1] + str(rng.randint(0, 9)), status=404, size=5211)
        b.think(5, .4)
    b.page("/students/" + pid)
    for tab in (tabs if tabs is not None else rng.sample(TABS[:5], rng.choice([0, 1, 1, 2]))):
        b.think(12, .6)
        status = 403 if tab == "health" and p["role"] not in ("nurse", "principal", "sped_coordinator") else 200
        b.page("/students/%s/%s" % (pid, tab), status=status)
    return pid


def roster(b, rng, ctx, p, sec):
    pupils = ctx.pupils[p["campus"]] if p["campus"] != "NO" else ctx.pupils["AUR"]
    rs = random_slice(rng, pupils, rng.randint(18, 30), sec)
    b.page("/sections/%d/roster" % sec, thumbs=[x[0] for x in rs])
    return rs


def random_slice(rng, pupils, n, key):
    i = (key * 37) % max(1, len(pupils) - n)
    return pupils[i:i + n]


def export(b, rng, p, slug=None, campus=None):
    slug = slug or rng.choice(REPORTS)
    campus = campus or (p["campus"] if p["campus"] != "NO" else "ALL")
    b.page("/reports")
    b.think(6, .5)
    b.page("/reports/" + slug, "campus=" + campus)
    b.think(10, .5)
    st = 500 if rng.random() < 0.01 else 200
    b.hit("GET", "/reports/%s/export.csv" % slug, "campus=" + campus, st,
          int(lognorm(rng, 90000 if campus == "ALL" else 18000, .5)) if st == 200 else 1830,
          "text/csv" if st == 200 else "text/html; charset=utf-8")


def task(b, rng, ctx, p):
    role = p["role"]
    r = rng.random()
    if role == "teacher" and p["sections"]:
        sec = rng.choice(p["sections"])
        if r < 0.30:
            b.page("/sections/%d/gradebook" % sec, live=True)
            b.think(90, .7)
        elif r < 0.50:
            rs = roster(b, rng, ctx, p, sec)
            b.think(15, .5)
            if rng.random() < 0.6:
                open_pupil(b, rng, ctx, p, rng.choice(rs), via_search=False)
        elif r < 0.62:
            b.page("/inbox", live=True)
            b.think(40, .6)
        else:
            open_pupil(b, rng, ctx, p)
    elif role == "nurse" and r < 0.45:
        pid = open_pupil(b, rng, ctx, p, tabs=["health"])
        b.think(60, .5)
        b.hit("POST", "/students/%s/health/visits" % pid, "", 302, 0)
        b.page("/students/%s/health" % pid, "visit=saved")
    elif role == "registrar" and r < 0.40:
        pid = open_pupil(b, rng, ctx, p, tabs=["documents"])
        b.think(8, .5)
        b.hit("GET", "/students/%s/documents/%s/download" % (pid, uuid(rng)), "", 200,
              int(lognorm(rng, 240000, .7)), "application/pdf")
    elif role == "enrolment_clerk" and r < 0.45:
        b.page("/enrolments", "status=pending&campus=" + rng.choice(["ALL", "AUR", "FTC", "AHS", "CHS"]))
        b.think(10, .5)
        app = rng.randint(26000, 27999)
        b.page("/enrolments/%d" % app, live=True)
        b.think(120, .5)
        if rng.random() < 0.5:
            typeahead(b, rng, rng.choice(ctx.lastnames), "network")
    elif role in ("data_analyst", "principal", "assistant_principal", "chief_academic_officer") and r < 0.3:
        export(b, rng, p)
    elif role == "it_admin" and r < 0.5:
        b.page(rng.choice(["/admin/users", "/admin/audit", "/admin/integrations"]),
               "page=%d" % rng.randint(1, 9) if rng.random() < 0.5 else "")
        b.think(30, .5)
    elif role in ("counselor", "sped_coordinator") and r < 0.35:
        b.page("/caseload", live=True)
        b.think(30, .5)
        open_pupil(b, rng, ctx, p, tabs=["schedule", "programs"] if role == "sped_coordinator" else ["grades"])
    elif r < 0.10:
        b.page("/inbox", live=True)
        b.think(30, .5)
    elif r < 0.13 and role not in ("it_admin",):
        b.page("/admin/users", status=403, size=4920)
    elif r < 0.25:
        b.page("/students", "q=%s&campus=%s" % (rng.choice(ctx.lastnames), p["campus"]))
        b.think(5, .4)
        open_pupil(b, rng, ctx, p, via_search=False)
    else:
        open_pupil(b, rng, ctx, p)
    if rng.random() < 0.003:
        b.page("/students", "q=" + rng.choice(ctx.lastnames), status=500, size=1830)
