"""Page flows of the Cairn SPA: what one user task puts on the wire."""
import datetime as dt

from . import world as W
from .app import PDF, page

TABS = {"registrar": ("documents", "transcript", "history", "contacts"),
        "counselor": ("transcript", "discipline", "documents", "contacts"),
        "secretary": ("contacts", "health", "history"), "nurse": ("health", "contacts"),
        "principal": ("discipline", "transcript", "contacts"),
        "state_analyst": ("transcript", "history"), "state_records": ("documents", "history", "transcript"),
        "state_helpdesk": ("history", "contacts")}


def pick_pupil(g, s):
    r, w = g.rng, g.w
    if s.caseload and r.random() < 0.65:
        return r.choice(s.caseload)
    if s.dist is not None and r.random() < 0.9:
        return r.choice(s.dist.pupils)
    return r.randrange(len(w.pupil_id))


def overview(c, pid):
    r = c.g.rng
    c.nav(f"/app/pupils/{pid}", "pupil")
    c.api(f"/api/v2/pupils/{pid}", r.randint(1_800, 3_400))
    c.api(f"/api/v2/pupils/{pid}/enrollments", r.randint(700, 2_600))
    c.api(f"/api/v2/pupils/{pid}/alerts", r.randint(60, 900))


def tab(c, pid, name):
    r = c.g.rng
    base = f"/api/v2/pupils/{pid}"
    c.nav(f"/app/pupils/{pid}/{name}", "pupil")
    if name == "transcript":
        c.api(f"{base}/courses?limit=50", r.randint(4_000, 16_000))
        if r.random() < 0.35:
            c.think(6, 0.6)
            c.api(f"{base}/courses?limit=50&cursor={W.cursor(r)}", r.randint(2_000, 12_000))
        c.api(f"{base}/grades/summary", r.randint(400, 1_200))
    elif name == "health":
        c.api(f"{base}/immunizations", r.randint(1_500, 5_200))
        c.api(f"{base}/health-conditions", r.randint(80, 1_400))
    elif name == "discipline":
        c.api(f"{base}/discipline-incidents?limit=25", r.randint(90, 6_000))
    elif name == "documents":
        c.api(f"{base}/documents?limit=25", r.randint(300, 4_500))
    elif name == "contacts":
        c.api(f"{base}/guardians", r.randint(500, 1_800))
    else:
        c.api(f"{base}/enrollments?include=history", r.randint(900, 3_800))


def view_pupil(c, s, pid, depth=None):
    r = c.g.rng
    overview(c, pid)
    tabs = TABS.get(s.role, TABS["secretary"]) if s else TABS["registrar"]
    for _ in range(depth if depth is not None else r.choice((0, 1, 1, 1, 2, 2, 3))):
        c.think(14, 0.8)
        tab(c, pid, r.choice(tabs))


def search(c, pid, statewide=False):
    """Type a surname (debounced requests) and maybe a birth date, then pick a row."""
    g = c.g
    r, w = g.rng, g.w
    name = W.SURNAMES[w.pupil_sur[pid]]
    c.nav("/app/search", "search")
    c.think(2.5, 0.5)
    lens = sorted(set(r.sample(range(2, len(name) + 1), min(len(name) - 1, r.choice((1, 1, 2, 2, 3))))))
    extra = "" if statewide else f"&district={w.districts[w.pupil_dist[pid]].code}"
    for n in lens:
        hits = int(W.STATEWIDE_PUPILS * w.search_share(name[:n]) * (1 if statewide else 0.05)) + r.randint(0, 3)
        c.api(f"/api/v2/search/pupils?q={name[:n]}{extra}&limit=25", W.rows_bytes(r, min(25, hits), 310, 180))
        c.small(0.3, 1.5)
    if r.random() < 0.3:
        c.think(5, 0.5)
        dob = dt.date(2008, 1, 1) + dt.timedelta(days=r.randint(0, 4_800))
        c.api(f"/api/v2/search/pupils?q={name}&dob={dob.isoformat()}{extra}&limit=25", W.rows_bytes(r, r.randint(0, 3), 310, 180))
    c.think(4, 0.6)


def task_lookup(c, s):
    pid = pick_pupil(c.g, s)
    search(c, pid, statewide=s.dist is None)
    view_pupil(c, s, c.g.w.pupil_id[pid])


def task_recent(c, s):
    r = c.g.rng
    if r.random() < 0.5:
        task_home(c, s)
        c.think(5, 0.6)
    view_pupil(c, s, c.g.w.pupil_id[pick_pupil(c.g, s)])


def task_typo(c, s):
    """A pasted or mistyped pupil ID (or transfer number) gives a 404, then a proper search."""
    r = c.g.rng
    good = c.g.w.pupil_id[pick_pupil(c.g, s)]
    if r.random() < 0.6:
        bad = list(good)
        i = r.choice([k for k, ch in enumerate(bad) if ch != "-"])
        bad[i] = r.choice([h for h in "0123456789abcdef" if h != bad[i]])
        bad = "".join(bad) if r.random() < 0.7 else good[:-r.randint(1, 6)]
        c.nav(f"/app/pupils/{bad}", "pupil")
        c.api(f"/api/v2/pupils/{bad}", r.choice((164, 171)), status=404 if len(bad) == 36 else 400)
    else:
        bad = c.g.w.next_transfer + r.randint(5_000, 90_000)
        c.nav(f"/app/transfers/{bad}", "transfers")
        c.api(f"/api/v2/transfers/{bad}", 158, status=404)
    c.think(8, 0.6)
    task_lookup(c, s)


def task_home(c, s):
    r = c.g.rng
    c.nav("/app/home")
    c.api("/api/v2/dashboard/summary", r.randint(900, 2_400))
    c.api("/api/v2/transfers?direction=incoming&status=pending&limit=10", r.randint(300, 5_200))


def open_transfer(c, tid, accept_p=0.4, download_p=0.4):
    r = c.g.rng
    c.nav(f"/app/transfers/{tid}", "transfers")
    c.api(f"/api/v2/transfers/{tid}", r.randint(1_400, 3_000))
    c.api(f"/api/v2/transfers/{tid}/documents", r.randint(400, 2_600))
    c.api(f"/api/v2/transfers/{tid}/timeline", r.randint(300, 1_500))
    if r.random() < download_p:
        c.think(6, 0.6)
        c.api(f"/api/v2/documents/{W.token(r)}/content", r.randint(60_000, 1_900_000), ctype=PDF)
    if r.random() < accept_p:
        c.think(10, 0.7)
        c.api(f"/api/v2/transfers/{tid}/accept", r.randint(300, 700), method="POST", reqb=r.randint(700, 1_100))


def task_transfers(c, s):
    g = c.g
    r = g.rng
    c.nav("/app/transfers?tab=incoming", "transfers")
    c.api("/api/v2/transfers?direction=incoming&status=pending&limit=50", r.randint(2_000, 24_000))
    if r.random() < 0.2:
        c.think(5, 0.5)
        c.api(f"/api/v2/transfers?direction=incoming&status=pending&limit=50&cursor={W.cursor(r)}", r.randint(800, 20_000))
    pool = s.dist.transfers_in if s.dist else g.w.districts[r.randrange(len(g.w.districts))].transfers_in
    for _ in range(r.choice((1, 1, 2, 3))):
        c.think(7, 0.7)
        open_transfer(c, r.choice(pool))
        if r.random() < 0.5:
            c.think(9, 0.7)
            view_pupil(c, s, g.w.pupil_id[r.randrange(len(g.w.pupil_id))], depth=r.choice((0, 1)))


def task_send(c, s):
    g = c.g
    r = g.rng
    pid = g.w.pupil_id[pick_pupil(g, s)]
    overview(c, pid)
    c.think(8, 0.6)
    c.nav(f"/app/transfers/new?pupil={pid}", "transfers")
    c.api("/api/v2/districts?limit=500", r.randint(21_000, 23_000))
    c.think(25, 0.6)
    tid = g.w.new_transfer()
    c.api("/api/v2/transfers", r.randint(900, 1_400), status=201, method="POST", reqb=r.randint(1_100, 1_600))
    c.page = f"/app/transfers/{tid}/edit"
    for _ in range(r.randint(1, 3)):
        c.think(12, 0.6)
        c.api(f"/api/v2/transfers/{tid}/documents", r.randint(400, 700), status=201, method="POST",
              reqb=r.randint(80_000, 3_000_000))
    c.think(8, 0.6)
    c.api(f"/api/v2/transfers/{tid}/submit", r.randint(300, 600), method="POST", reqb=r.randint(700, 900))


def task_transcript(c, s):
    g = c.g
    r = g.rng
    pid = g.w.pupil_id[pick_pupil(g, s)]
    overview(c, pid)
    c.think(6, 0.6)
    tab(c, pid, "transcript")
    c.think(9, 0.6)
    tok = W.token(r)
    c.api(f"/api/v2/pupils/{pid}/transcripts", r.randint(200, 260), status=202, method="POST", reqb=r.randint(700, 900))
    for _ in range(r.randint(1, 3)):
        c.t += r.uniform(1.5, 3.0)
        c.api(f"/api/v2/transcripts/{tok}", r.randint(180, 320))
    c.api(f"/api/v2/transcripts/{tok}/pdf", r.randint(70_000, 420_000), ctype=PDF)


def task_health(c, s):
    g = c.g
    r = g.rng
    pid = g.w.pupil_id[pick_pupil(g, s)]
    overview(c, pid)
    c.think(5, 0.6)
    tab(c, pid, "health")
    if r.random() < 0.4:
        c.think(30, 0.6)
        c.api(f"/api/v2/pupils/{pid}/immunizations/{r.randint(10_000_000, 99_999_999)}", r.randint(300, 600),
              method="PATCH", reqb=r.randint(800, 1_200))


def task_roster(c, s):
    g = c.g
    r = g.rng
    d = s.dist or r.choice(g.w.districts)
    code = r.choice(d.schools)[0]
    grade = r.choice(("K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"))
    c.nav(f"/app/roster?school={code}&grade={grade}", "roster")
    c.api(f"/api/v2/schools/{code}/roster?grade={grade}&limit=50", r.randint(6_000, 14_000))
    for _ in range(r.choice((0, 0, 1, 2))):
        c.think(8, 0.6)
        c.api(f"/api/v2/schools/{code}/roster?grade={grade}&limit=50&cursor={W.cursor(r)}", r.randint(3_000, 14_000))
    if r.random() < 0.6:
        c.think(6, 0.6)
        view_pupil(c, s, g.w.pupil_id[r.choice(d.pupils)], depth=r.choice((0, 1)))


def task_reports(c, s):
    g = c.g
    r = g.rng
    c.nav("/app/reports", "reports")
    for _ in range(r.randint(1, 4)):
        d = r.choice(g.w.districts).code
        c.api(f"/api/v2/reports/transfers/summary?district={d}&from=2026-07-01&to=2026-08-31", r.randint(2_000, 9_000))
        c.think(20, 0.7)
    if r.random() < 0.25:
        c.api("/api/v2/reports/transfers/export?format=csv&from=2026-07-01&to=2026-08-31", r.randint(40_000, 400_000),
              ctype="text/csv")


def task_notifications(c, s):
    r = c.g.rng
    c.api("/api/v2/notifications?limit=20", r.randint(800, 5_000))
    c.think(6, 0.5)
    c.api("/api/v2/notifications/read-all", 0, status=204, method="POST", reqb=r.randint(600, 800))


def task_help(c, s):
    r = c.g.rng
    slug = r.choice(("sending-a-cumulative-file", "accepting-transfers", "transcript-requests", "ferpa-basics",
                     "mfa-and-sign-in", "immunization-records"))
    c.emit("GET", f"/help/articles/{slug}", 200, r.randint(9_000, 22_000), ref=page(c.page), ctype="text/html")
    c.fetch_assets(page(f"/help/articles/{slug}"))


WEIGHTS = {
    "registrar": {task_lookup: 20, task_recent: 10, task_transfers: 30, task_send: 12, task_transcript: 15,
                  task_home: 8, task_typo: 3, task_notifications: 4, task_roster: 2, task_help: 1},
    "counselor": {task_lookup: 25, task_recent: 25, task_transcript: 14, task_roster: 12, task_home: 8,
                  task_typo: 3, task_notifications: 5, task_send: 3, task_help: 1},
    "secretary": {task_lookup: 30, task_recent: 20, task_home: 10, task_transfers: 12, task_typo: 4,
                  task_notifications: 5, task_health: 5, task_help: 1},
    "nurse": {task_lookup: 20, task_recent: 15, task_health: 40, task_home: 10, task_typo: 3, task_help: 1},
    "principal": {task_lookup: 15, task_recent: 20, task_roster: 25, task_home: 20, task_reports: 5,
                  task_notifications: 4},
    "state": {task_lookup: 30, task_reports: 25, task_transfers: 10, task_home: 10, task_help: 4, task_typo: 3,
              task_recent: 8},
}


def pick_task(r, role):
    wts = WEIGHTS.get(role, WEIGHTS["state"])
    return r.choices(list(wts), weights=list(wts.values()))[0]
