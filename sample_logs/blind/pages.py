"""What each page of the app asks the API for.

The classic pages call REST endpoints (``/api/v1/learners/{id}/...``, the
record visible in the URL); the new pages call ``POST /graphql`` (the record
only in the body), sometimes through persisted-query GETs.
"""

from __future__ import annotations

import math

from sample_logs.blind.client import Client
from sample_logs.blind.world import LAST, District, opaque

YEAR = "2025-26"
TABS = ["attendance", "assessments", "programs", "courses", "discipline", "documents", "contacts", "history"]
#: bytes per learner row of each state-reporting extract (rows per learner folded in)
EXTRACT_ROW_BYTES = {"SENR": 180, "SINF": 420, "SPRG": 60, "SELA": 45, "CRSC": 90, "SCSC": 980, "SCTE": 30,
                     "SDIS": 25, "STAS": 130}
REPORTS = ["enrollment-by-grade", "chronic-absence", "program-participation", "el-status", "cumulative-enrollment",
           "graduation-cohort", "unduplicated-count"]


def open_learner(c: Client, lid: str, tabs: int = 0, download: bool = False) -> None:
    """Open a learner's profile, then ``tabs`` more tabs, optionally download a document."""
    rng = c.rng
    c.page = f"/app/learners/{lid}"
    if c.ui == "new":
        if rng.random() < 0.35:
            c.persisted("LearnerHeader", '{"id":"%s"}' % lid)
        c.graphql("LearnerProfile")
        if rng.random() < 0.5:
            c.graphql("LearnerAlerts", (300, 1400))
    else:
        c.burst([("GET", f"/api/v1/learners/{lid}", "", rng.randint(2200, 6800)),
                 ("GET", f"/api/v1/learners/{lid}/enrollments", "", rng.randint(700, 3200)),
                 ("GET", f"/api/v1/learners/{lid}/contacts", "", rng.randint(500, 2400)),
                 ("GET", f"/api/v1/learners/{lid}/flags", "", rng.randint(90, 600))])
    for _ in range(tabs):
        c.think(7.0, 0.8, cap=180)
        learner_tab(c, lid, rng.choice(TABS))
    if download:
        c.think(5.0, 0.7, cap=120)
        download_document(c, lid)


def learner_tab(c: Client, lid: str, tab: str) -> None:
    """One tab of the learner page."""
    c.page = f"/app/learners/{lid}/{tab}"
    if c.ui == "new":
        c.graphql("Learner" + tab.title())
    else:
        query = f"year={YEAR}" if tab in ("attendance", "courses", "discipline") else ""
        c.burst([("GET", f"/api/v1/learners/{lid}/{tab}", query, None)])


def download_document(c: Client, lid: str) -> None:
    """Documents tab, then one PDF (transcript, IEP summary, withdrawal form)."""
    learner_tab(c, lid, "documents")
    c.think(4.0, 0.6, cap=60)
    doc = opaque(c.rng, "doc_", 12)
    size = c.rng.randint(60_000, 420_000)
    c.req("GET", f"/api/v1/documents/{doc}/content", "disposition=attachment", size=size,
          dur=size / c.rng.uniform(2e6, 9e6) + 0.15)
    c.last_action = c.t


def search(c: Client, org: str, term: str | None = None) -> None:
    """Type-ahead learner search: one call per debounced pause while typing."""
    rng = c.rng
    c.page = "/app/learners"
    term = term or rng.choice(LAST)
    cuts = sorted(rng.sample(range(2, len(term) + 1), min(len(term) - 1, rng.randint(1, 3))))
    for k in cuts:
        c.wait(rng.uniform(0.3, 1.1))
        c.req("GET", "/api/v1/learners", f"q={term[:k]}&org={org}&limit=20", size=rng.randint(400, 7800))
    c.last_action = c.t


def edit(c: Client, lid: str) -> None:
    """Save a change on the learner (sometimes rejected by validation)."""
    rng = c.rng
    r = rng.random()
    status = 422 if rng.random() < 0.05 else 200
    body = rng.randint(120, 2200)
    if r < 0.4:
        c.req("PATCH", f"/api/v1/learners/{lid}", status=status, req_size=body, size=rng.randint(300, 5000))
    elif r < 0.65:
        c.req("POST", f"/api/v1/learners/{lid}/enrollments", status=201 if status == 200 else status,
              req_size=body, size=rng.randint(300, 1200))
    elif r < 0.85:
        code = rng.choice(["101", "122", "144", "162", "181", "190", "301"])
        c.req("PUT", f"/api/v1/learners/{lid}/programs/{code}", status=status, req_size=body, size=400)
    else:
        c.req("POST", f"/api/v1/learners/{lid}/attendance/corrections", status=201, req_size=body, size=350)
    c.last_action = c.t


def enroll_new(c: Client, org: str) -> str:
    """Create a learner (a new enrolment); returns the new id."""
    rng = c.rng
    c.page = "/app/learners/new"
    c.req("POST", "/api/v1/learners/match", f"org={org}", req_size=rng.randint(300, 700), size=rng.randint(200, 3000))
    c.think(40.0, 0.5, cap=400)
    lid = opaque(rng, "lrn_")
    c.req("POST", "/api/v1/learners", status=201, req_size=rng.randint(1500, 5200), size=rng.randint(2000, 4000))
    c.page = f"/app/learners/{lid}"
    c.last_action = c.t
    return lid


def pick_school(c: Client, district: District, org: str) -> None:
    """The school picker: list the district's schools, switch context."""
    c.page = "/app/"
    c.req("GET", "/api/v1/orgs", f"type=school&parent={district.id}", size=300 + 160 * len(district.schools))
    c.wait(c.rng.uniform(1.5, 6.0))
    c.req("PUT", "/api/v1/me/context", status=204, size=0, req_size=62)
    c.last_action = c.t


def dashboard(c: Client, org: str) -> None:
    """The school or district dashboard."""
    rng = c.rng
    c.page = "/app/dashboard"
    if c.ui == "new":
        for op in ["SchoolDashboard", "EnrollmentTrend", "AttendanceRates"][: rng.randint(2, 3)]:
            c.graphql(op, (1200, 24000))
    else:
        c.burst([("GET", f"/api/v1/orgs/{org}/summary", "", rng.randint(900, 3000)),
                 ("GET", f"/api/v1/orgs/{org}/enrollment-counts", "by=grade", rng.randint(400, 1600)),
                 ("GET", f"/api/v1/orgs/{org}/alerts", "status=open", rng.randint(200, 5000))])


def roster(c: Client, section: str) -> None:
    """A teacher's class roster."""
    c.page = f"/app/sections/{section}"
    c.burst([("GET", f"/api/v1/sections/{section}", "", 900),
             ("GET", f"/api/v1/sections/{section}/roster", f"year={YEAR}", c.rng.randint(3000, 9000))])


def validation_page(c: Client, org: str, page: int) -> None:
    """One page of the state validation errors awaiting a fix."""
    c.page = "/app/validation"
    c.req("GET", "/api/v1/validation/errors", f"org={org}&status=open&page={page}&size=50",
          size=c.rng.randint(6000, 21000))
    c.last_action = c.t


def extract(c: Client, kind: str, org: str, learners: int, year: str = YEAR, browse: bool = True) -> int:
    """Request a state-reporting extract, wait for it, download it; returns bytes."""
    rng = c.rng
    c.page = "/app/extracts"
    if browse:
        c.req("GET", "/api/v1/extracts", f"org={org}&type={kind}", size=rng.randint(500, 4000))
        c.think(6.0, 0.6, cap=60)
    c.req("POST", "/api/v1/extracts", status=202, req_size=rng.randint(110, 180), size=260)
    job = opaque(rng, "ext_", 16)
    for _ in range(rng.randint(2, 10)):
        c.wait(2.0 + rng.uniform(0.0, 0.05))
        c.req("GET", f"/api/v1/extracts/{job}", size=rng.randint(280, 340))
    size = int(EXTRACT_ROW_BYTES[kind] * learners * rng.uniform(0.9, 1.1)) + 400
    c.req("GET", f"/api/v1/extracts/{job}/file", f"name={kind}_{org}_{year}.txt", size=size,
          dur=size / rng.uniform(3e6, 1.2e7) + rng.lognormvariate(math.log(0.3), 0.4))
    c.last_action = c.t
    return size


def report(c: Client, org: str, name: str | None = None) -> None:
    """An aggregate report as CSV (no learner ids in the URL)."""
    rng = c.rng
    c.page = "/app/reports"
    name = name or rng.choice(REPORTS)
    c.req("GET", f"/api/v1/reports/{name}", f"org={org}&year={YEAR}&format=csv", size=rng.randint(4000, 220_000),
          dur=rng.lognormvariate(math.log(1.2), 0.6))
    c.last_action = c.t
