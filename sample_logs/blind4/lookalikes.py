"""Benign look-alikes: legitimate behaviour that resembles scraping or sharing (labelled with empty kinds)."""
from __future__ import annotations

from . import pages as P
from .ctx import Ctx
from .humans import plan_day, run_day, sign_in, sitting, think, typeahead, wait
from .site import Client
from .world import REPORTS, day_start, weekday


def census_clerk(cx: Ctx) -> None:
    """A district data clerk fixing concurrent-enrollment anomalies opens 1,000+ pupil records in one day."""
    site, r = cx.site, cx.r
    p = cx.take(lambda p: p.s.role in ("data", "clerk") and not p.s.remote and p.s.lea.students() > 4000, normal=False)
    pool = [s for sch in p.s.lea.schools for s in sch.ssids]
    counts = []
    for d in range(cx.days):
        if weekday(d) >= 5:
            counts.append(0)
            continue
        c = p.client("office")
        base = day_start(d)
        heavy = d == 0
        spans = [(base + r.uniform(6.9, 7.2) * 3600, base + r.uniform(11.9, 12.1) * 3600),
                 (base + r.uniform(12.5, 12.6) * 3600, base + (r.uniform(18.2, 18.6) if heavy else 14.5) * 3600)]
        n = 0
        for t, end in spans:
            if not site.session_valid(c, t):
                t = sign_in(site, p, c, t, d)
            t = site.page(c, t, P.anomalies(p.s.lea.cds, "CCE"), full=c.url is None)
            while t < end:
                if r.random() < 0.3:
                    t = typeahead(site, c, t, p.s.lea.cds)
                ssid = r.choice(pool)
                t = site.page(c, t, P.student(ssid))
                t = wait(site, c, t, think(r, 5 if heavy else 9, 0.6, 1.5, 120))
                t = site.page(c, t, P.student_tab(ssid, "enrollment"))
                t = wait(site, c, t, think(r, 5 if heavy else 8, 0.6, 1.5, 120))
                if r.random() < 0.45:
                    t = site.xhr(c, t, "PATCH", f"/api/v1/students/{ssid}/enrollments/{site.new_id()}",
                                 "Api::V1::EnrollmentsController#update", lo=1200, hi=1500,
                                 pp={"student_id": ssid, "enrollment": {"exit_code": "E150", "exit_date": "2025-10-01"}})
                    t = wait(site, c, t, think(r, 4, 0.5))
                n += 1
                if r.random() < 0.01:
                    t = wait(site, c, t, r.uniform(300, 900))      # coffee, phone call
        counts.append(n)
    cx.acct(p.s.account, "benign", "census_window_heavy_clerk", [], records_per_day=counts,
            note="legitimate Fall 1 crunch: anomaly list -> pupil -> enrollment tab -> fix, human think times, lunch break")


def coe_proxy(cx: Ctx) -> None:
    """Small districts whose traffic leaves through the county office of education proxy (XFF chain of two)."""
    ips = sorted({l.office_ip for l in cx.leas if l.via_coe})
    for ip in ips:
        cx.src(ip, "benign", "county_proxy_many_users_one_address", [],
               districts=[l.name for l in cx.leas if l.via_coe],
               note="many ordinary staff share this address; X-Forwarded-For carries '10.x.y.z, this address'")


def laptop_and_phone(cx: Ctx) -> None:
    """A teacher-counselor with the app open on the office laptop and on a phone at the same time."""
    site, r = cx.site, cx.r
    p = cx.take(lambda p: p.s.role == "counselor" and not p.s.remote, normal=False)
    p.s.phone_user = False
    for d in range(cx.days):
        plan = plan_day(r, p, d, force=True)
        extra = []
        for t0, t1, w in plan[:3]:
            a = t0 + (t1 - t0) * r.uniform(0.1, 0.5)
            extra.append((a, a + r.uniform(3, 12) * 60, "phone"))
        for t0, t1, w in sorted(plan + extra):
            c = p.client(w, d)
            wait(site, c, sitting(site, p, c, t0, t1, d), r.uniform(300, 1500))
    cx.acct(p.s.account, "benign", "same_person_laptop_and_phone", [], note="office laptop plus own phone on mobile data, "
                                                                            "overlapping sessions of one person")


def it_sync(cx: Ctx) -> None:
    """IT's sanctioned nightly SIS sync service account (token auth, documented, authorised by the LEA and the state)."""
    site, r = cx.site, cx.r
    lea = cx.lea(lambda l: l.students() > 3000)
    acct = f"svc-sis-sync@{lea.domain}"
    ua = "SDS-SyncAgent/3.4.1 (+https://" + lea.domain + "/it/sds-sync)"
    c = Client(lea.dc_ip, ua, acct, browser=False)
    pool = [s for sch in lea.schools for s in sch.ssids]
    for d in range(cx.days):
        t = day_start(d) + 2 * 3600 + r.uniform(0, 40)
        c.authed, c.auth_at, c.last = True, t, t
        since = f"2025-12-{8 + d:02d}T02:00:00-08:00"
        for pg in range(1, r.randint(4, 9)):
            t = site.xhr(c, t + r.uniform(0.1, 0.3), "GET", f"/api/v1/leas/{lea.cds}/changes", "Api::V1::ChangesController#index",
                         q=f"since={since}&page={pg}&per_page=500", lo=60000, hi=240000,
                         pp={"lea_id": lea.cds, "since": since, "page": str(pg), "per_page": "500"})
        for ssid in r.sample(pool, min(len(pool), r.randint(400, 900))):
            t = site.xhr(c, t + r.uniform(0.15, 0.45), "GET", f"/api/v1/students/{ssid}", "Api::V1::StudentsController#show",
                         q="include=enrollments,programs", lo=4000, hi=9000, pp={"id": ssid, "include": "enrollments,programs"})
        site.xhr(c, t + 1, "POST", f"/api/v1/leas/{lea.cds}/sync_runs", "Api::V1::SyncRunsController#create", st=201,
                 lo=150, hi=200, pp={"lea_id": lea.cds, "sync_run": {"status": "completed"}})
    cx.acct(acct, "benign", "sanctioned_nightly_sync_service_account", [], authorised=True, ip=lea.dc_ip, ua=ua,
            note="IT-owned service account with an API token, approved by the LEA and listed with the state; runs 02:00 "
                 "from the district data centre. Label it benign look-alike (authorised), not a generic shared login.")
    cx.notes["svc_account"] = f"{acct} is authorised (sanctioned service account); treat as a benign look-alike"


def screen_reader(cx: Ctx) -> None:
    """A blind clerk using a screen reader: long dwell on each page, keyboard typeahead one letter at a time."""
    site, r = cx.site, cx.r
    p = cx.take(lambda p: p.s.role in ("clerk", "counselor") and not p.s.remote, normal=False)
    for d in range(cx.days):
        for t0, t1, w in plan_day(r, p, d, 1.3, force=True):
            c = p.client(w, d)
            t = t0
            if not site.session_valid(c, t):
                t = sign_in(site, p, c, t, d) + r.uniform(20, 60)
            t = wait(site, c, site.page(c, t, P.dashboard(p.s.lea.cds), full=c.url is None), r.uniform(40, 160))
            while t < t1:
                name = r.choice(("garcia", "nguyen", "hernandez", "washington", "ramirez"))
                for k in range(2, len(name) + 1):
                    t = site.xhr(c, t + r.uniform(0.9, 1.4), "GET", "/api/v1/students/typeahead",
                                 "Api::V1::StudentTypeaheadController#index", q=f"q={name[:k]}&lea={p.s.lea.cds}&limit=10",
                                 lo=300, hi=2400, pp={"q": name[:k], "lea": p.s.lea.cds, "limit": "10"})
                ssid = r.choice(p.students())
                t = wait(site, c, site.page(c, t + r.uniform(3, 10), P.student(ssid)), r.uniform(90, 420))
                for tab in r.sample(("enrollment", "programs", "demographics"), 2):
                    t = wait(site, c, site.page(c, t, P.student_tab(ssid, tab)), r.uniform(60, 300))
    cx.acct(p.s.account, "benign", "screen_reader_user_pacing", [], note="very long dwell times, letter-by-letter "
                                                                         "typeahead at a steady ~1 s rhythm")


def transcript_audit(cx: Ctx) -> None:
    """A counselor audits course completion for the whole caseload in roster order, at human pace, all day."""
    site, r = cx.site, cx.r
    p = cx.take(lambda p: p.s.role == "counselor" and p.s.school is not None and p.s.school.level == "H"
                and not p.s.remote, normal=False)
    cx.schooled(p)
    case = p.students()
    k = 0
    for d in range(cx.days):
        if weekday(d) >= 5:
            continue
        c = p.client("office")
        base = day_start(d)
        for t, end in ((base + 7.6 * 3600, base + 11.8 * 3600), (base + 12.6 * 3600, base + 15.9 * 3600)):
            if not site.session_valid(c, t):
                t = sign_in(site, p, c, t, d)
            t = site.page(c, t, P.roster(p.s.lea.cds, p.s.school.cds, "12", 1 + k // 50, 50), full=c.url is None)
            while t < end and k < len(case):
                ssid = case[k]
                k += 1
                t = wait(site, c, site.page(c, t, P.student(ssid)), think(r, 6, 0.5))
                t = wait(site, c, site.page(c, t, P.student_tab(ssid, "courses")), think(r, 40, 0.6, 8, 400))
                if r.random() < 0.3:
                    t = wait(site, c, site.page(c, t, P.student_tab(ssid, "assessments")), think(r, 15))
    cx.acct(p.s.account, "benign", "counselor_transcript_audit", [], records=k,
            note="caseload in roster order, courses + assessments tabs, 30-60 s per pupil, lunch break")


def tab_restore(cx: Ctx) -> None:
    """Chrome crashed mid-morning; the user restores 60 tabs at once (60 full page loads in a few seconds)."""
    site, r = cx.site, cx.r
    p = cx.take(lambda p: p.s.role in ("data", "counselor", "sped") and not p.s.remote)
    c = p.client("office")
    d = 0 if weekday(0) < 5 else min(1, cx.days - 1)
    t = day_start(d) + r.uniform(10.3, 10.6) * 3600
    c.authed, c.auth_at, c.last, c.url = True, t - 1200, t - 60, None   # persistent session cookie survives the crash
    c.cache = set()
    sch = p.s.school or p.s.lea.schools[0]
    specs = [P.student(s) for s in r.sample(sch.ssids, 44)] + \
            [P.student_tab(r.choice(sch.ssids), "courses") for _ in range(8)] + \
            [P.report(p.s.lea.cds, x) for x in r.sample(REPORTS, 4)] + [P.roster(p.s.lea.cds, sch.cds, None, k, 50) for k in (1, 2, 3)] + \
            [P.dashboard(p.s.lea.cds)]
    for i, sp in enumerate(specs):
        site.page(c, t + i * r.uniform(0.02, 0.07), sp, full=True)
    cx.acct(p.s.account, "benign", "browser_tab_restore_60", [], at=t, tabs=len(specs),
            note="60 full page loads within ~3 s after a browser crash, then ordinary work")


def traveller(cx: Ctx) -> None:
    """A data coordinator at a conference: hotel Wi-Fi in the morning, phone at the airport, home in the evening."""
    site, r, nets = cx.site, cx.r, cx.nets
    p = cx.take(lambda p: p.s.role in ("data", "admin"), normal=False)
    d = 0 if weekday(0) < 5 else min(1, cx.days - 1)
    hotel = nets.ip("hotel", f"hotel guest Wi-Fi in another city ({p.s.account} travelling)")
    p.dev["office"] = Client(hotel, p.s.desk_ua, p.s.account)
    base = day_start(d)
    run_day(site, p, d, [(base + 6.8 * 3600, base + 8.6 * 3600, "office"),
                         (base + 12.2 * 3600, base + 12.6 * 3600, "phone"),
                         (base + 18.4 * 3600, base + 20.5 * 3600, "home")])
    for dd in range(cx.days):
        if dd != d:
            p.dev.pop("office", None)
            run_day(site, p, dd, plan_day(r, p, dd))
    cx.acct(p.s.account, "benign", "travelling_hotel_phone_home", [], hotel_ip=hotel, day=d,
            note="same person on hotel Wi-Fi, mobile data and home broadband in one day; never concurrent")


ALL = (census_clerk, coe_proxy, laptop_and_phone, it_sync, screen_reader, transcript_audit, tab_restore, traveller)
