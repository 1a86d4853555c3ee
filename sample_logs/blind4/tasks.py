"""Role tasks of ordinary staff: what a clerk, data coordinator, counselor, SPED lead, admin or IT person does."""
from __future__ import annotations

from . import pages as P
from .humans import ROLE_TABS, open_student, think, typeahead, wait
from .world import ANOMALY_TYPES, EXTRACTS, FIRST, LAST, ORIGIN, REPORTS, WINDOW


def t_lookup(site, p, c, t):
    r, s = site.r, p.s
    for _ in range(r.randint(1, 6)):
        ssid = r.choice(p.students())
        if r.random() < 0.75:
            t = typeahead(site, c, t, s.lea.cds)
        else:
            term = f"{r.choice(LAST)} {r.choice(FIRST)}"
            t = site.page(c, t, P.search(s.lea.cds, term))
            t = wait(site, c, t, think(r, 7))
        tabs = r.sample(ROLE_TABS[s.role], min(len(ROLE_TABS[s.role]), r.choice((0, 1, 1, 2, 3))))
        t = open_student(site, p, c, t, ssid, tabs, edit=0.18 if s.role == "clerk" else 0.05)
        t = wait(site, c, t, think(r, 10))
    return t


def t_roster(site, p, c, t):
    r, s = site.r, p.s
    sch = s.school or r.choice(s.lea.schools)
    grade = r.choice(sch.grades()) if r.random() < 0.7 else None
    per = r.choice((25, 50, 50, 100))
    for pg in range(1, r.choice((1, 1, 2, 3)) + 1):
        t = site.page(c, t, P.roster(s.lea.cds, sch.cds, grade, pg, per), full=r.random() < 0.1)
        t = wait(site, c, t, think(r, 25))
    for _ in range(r.randint(0, 4)):
        t = open_student(site, p, c, t, r.choice(sch.ssids), r.sample(ROLE_TABS[s.role], r.randint(0, 2)))
    return t


def t_ssid(site, p, c, t):
    r, s = site.r, p.s
    t = site.page(c, t, P.ssid_new())
    t = wait(site, c, t, think(r, 90, 0.5))
    t = site.xhr(c, t, "POST", "/api/v1/ssid_requests/match", "Api::V1::SsidMatchesController#create", lo=200, hi=3000,
                 pp={"student": {"first_name": r.choice(FIRST).title(), "last_name": r.choice(LAST).title(),
                                 "birth_date": f"20{r.randint(10, 21)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"}})
    t = wait(site, c, t, think(r, 25))
    ssid = str(r.randrange(1_000_000_000, 9_999_999_999))
    t = site.xhr(c, t, "POST", "/api/v1/ssid_requests", "Api::V1::SsidRequestsController#create", st=201,
                 lo=900, hi=1100, pp={"ssid_request": {"school_cds": (s.school or s.lea.schools[0]).cds,
                                                       "grade": "KN", "enroll_start": "2025-12-08"}})
    return open_student(site, p, c, t + 1, ssid, ("enrollment",))


def t_anomalies(site, p, c, t):
    r, lea = site.r, p.s.lea.cds
    typ = r.choice(ANOMALY_TYPES)
    t = site.page(c, t, P.anomalies(lea, typ))
    t = wait(site, c, t, think(r, 20))
    for _ in range(r.randint(2, 8)):
        aid = r.randint(300000, 399999)
        t = site.page(c, t, P.anomaly(lea, aid))
        t = wait(site, c, t, think(r, 30))
        if r.random() < 0.5:
            t = open_student(site, p, c, t, r.choice(r.choice(p.s.lea.schools).ssids), ("enrollment",))
        if r.random() < 0.7:
            t = site.xhr(c, t, "POST", f"/api/v1/anomalies/{aid}/resolution", "Api::V1::AnomalyResolutionsController#create",
                         st=201, lo=350, hi=420, pp={"anomaly_id": str(aid), "resolution": {"action": r.choice(
                             ("retain", "merge", "exit", "no_action")), "note": "[FILTERED]"}})
        t = site.page(c, t + 0.5, P.anomalies(lea, typ))
        t = wait(site, c, t, think(r, 6))
    return t


def t_submission(site, p, c, t):
    r, lea = site.r, p.s.lea.cds
    t = site.page(c, t, P.submissions(lea))
    t = wait(site, c, t, think(r, 12))
    t = site.page(c, t, P.submission(lea))
    for pg in range(2, r.randint(2, 5)):
        t = wait(site, c, t, think(r, 35))
        t = site.xhr(c, t, "GET", f"/api/v1/leas/{lea}/submissions/{WINDOW}/errors", "Api::V1::SubmissionErrorsController#index",
                     q=f"severity=fatal&page={pg}&per_page=50", lo=2000, hi=40000,
                     pp={"lea_id": lea, "submission_id": WINDOW, "severity": "fatal", "page": str(pg), "per_page": "50"})
    return wait(site, c, t, think(r, 40))


def t_upload(site, p, c, t):
    r, lea = site.r, p.s.lea.cds
    t = site.page(c, t, P.upload_new(lea))
    t = wait(site, c, t, think(r, 25))
    t = site.upload(c, t, lea, r.choice(("SENR", "SINF", "SPRG", "SELA", "CRSE", "SCSE", "STAS", "SDIS")))
    return wait(site, c, t, think(r, 60))


def t_reports(site, p, c, t):
    r, s = site.r, p.s
    lea = s.lea.cds
    t = site.page(c, t, P.reports(lea))
    t = wait(site, c, t, think(r, 15))
    for _ in range(r.randint(1, 3)):
        slug = "16-1-sped-students-by-disability" if s.role == "sped" and r.random() < .6 else r.choice(REPORTS)
        sch = (s.school.cds if s.school else "all") if r.random() < .6 else r.choice(s.lea.schools).cds
        t = site.page(c, t, P.report(lea, slug, sch))
        t = wait(site, c, t, think(r, 70))
        if r.random() < 0.4:
            t = site.export_report(c, t, lea, slug, f"school={sch}&as_of=2025-10-01")
            t = wait(site, c, t, think(r, 20))
    return t


def t_extracts(site, p, c, t):
    r, s = site.r, p.s
    t = site.page(c, t, P.extracts(s.lea.cds))
    t = wait(site, c, t, think(r, 15))
    pool = ("SPED", "SSRV", "SWDS") if s.role == "sped" else EXTRACTS
    for ft in r.sample(pool, r.randint(1, 3)):
        t = site.extract(c, t, s.lea.cds, ft, None if r.random() < .6 else r.choice(s.lea.schools).cds)
        t = wait(site, c, t, think(r, 20))
    return t


def t_cert(site, p, c, t):
    r, lea = site.r, p.s.lea.cds
    t = site.page(c, t, P.certification(lea))
    t = wait(site, c, t, think(r, 120, 0.5))
    if p.s.role == "admin" and r.random() < 0.15:
        t = site.xhr(c, t, "POST", f"/api/v1/leas/{lea}/certifications/{WINDOW}/approvals",
                     "Api::V1::CertificationApprovalsController#create", st=201, lo=500, hi=600,
                     pp={"lea_id": lea, "certification_id": WINDOW, "approval": {"level": "lea", "attest": "1"}})
    return t


def t_users(site, p, c, t):
    r, lea = site.r, p.s.lea.cds
    t = site.page(c, t, P.users(lea))
    t = wait(site, c, t, think(r, 20))
    for _ in range(r.randint(0, 3)):
        uid = r.randint(40000, 99999)
        t = site.page(c, t, (f"/leas/{lea}/users/{uid}/edit", "", "Admin::UsersController#edit",
                             {"lea_id": lea, "id": str(uid)}, [(f"/api/v1/leas/{lea}/users/{uid}", "", "Api::V1::UsersController#show",
                                                               {"lea_id": lea, "id": str(uid)}, 900, 1400)], "AdminUsers", 4700))
        t = wait(site, c, t, think(r, 40))
        if r.random() < 0.5:
            t = site.xhr(c, t, "PATCH", f"/api/v1/leas/{lea}/users/{uid}", "Api::V1::UsersController#update", lo=900, hi=1400,
                         pp={"lea_id": lea, "id": str(uid), "user": {"roles": ["school_clerk"], "active": r.choice(("true", "false"))}})
    return t


def t_staffrec(site, p, c, t):
    r, lea = site.r, p.s.lea.cds
    for pg in range(1, r.randint(1, 3) + 1):
        t = site.page(c, t, P.staff_records(lea, pg))
        t = wait(site, c, t, think(r, 30))
    return t


def t_dash(site, p, c, t):
    return wait(site, c, site.page(c, t, P.dashboard(p.s.lea.cds)), think(site.r, 15))


def t_help(site, p, c, t):
    r = site.r
    ref = ORIGIN + c.url if c.url else None
    rel = site.release(t)
    for i, path in enumerate(r.sample(P.HELP, r.randint(1, 3))):
        t = site.static(c, t, path, r.randint(7000, 26000), ref)
        if i == 0:
            site.static(c, t + 0.05, f"/help/assets/help-{site.h(rel, 'help')}.css", 18400, ORIGIN + path)
        ref = ORIGIN + path
        t += think(r, 45)
    return t


TASKS = {"lookup": t_lookup, "roster": t_roster, "ssid": t_ssid, "anomalies": t_anomalies, "submission": t_submission,
         "upload": t_upload, "reports": t_reports, "extracts": t_extracts, "cert": t_cert, "users": t_users,
         "staffrec": t_staffrec, "dash": t_dash, "help": t_help}
ROLE_TASKS = {
    "clerk": {"lookup": 55, "roster": 12, "ssid": 9, "anomalies": 4, "dash": 6, "help": 2},
    "data": {"anomalies": 24, "submission": 18, "upload": 7, "reports": 14, "extracts": 7, "lookup": 16, "roster": 5,
             "cert": 3, "dash": 4, "help": 2},
    "counselor": {"lookup": 55, "roster": 22, "reports": 8, "dash": 5, "help": 2},
    "sped": {"lookup": 45, "reports": 22, "extracts": 6, "roster": 12, "dash": 5},
    "admin": {"dash": 14, "reports": 26, "cert": 14, "users": 18, "submission": 14, "lookup": 12, "help": 2},
    "it": {"users": 26, "extracts": 14, "submission": 14, "upload": 8, "reports": 10, "lookup": 10, "staffrec": 14, "help": 4},
}
