"""Labelled scraping: vendors and tools harvesting pupil records with staff members' credentials."""
from __future__ import annotations

import base64

from . import pages as P
from .ctx import Ctx
from .humans import wait
from .site import Client, Site
from .world import ORIGIN, UA, day_start, weekday

OLD_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
HEADLESS = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/142.0.0.0 Safari/537.36"


def bot_login(site: Site, c: Client, t: float) -> float:
    return site.login_local(c, t, typing=(0.2, 0.9))


def roster_api(site: Site, c: Client, t: float, lea: str, school: str, page: int, per: int, extra: str = "") -> float:
    q = f"status=active&page={page}&per_page={per}" + extra
    pp = {"lea_id": lea, "school_id": school, "status": "active", "page": str(page), "per_page": str(per)}
    return site.xhr(c, t, "GET", f"/api/v1/leas/{lea}/schools/{school}/students", "Api::V1::SchoolStudentsController#index",
                    q=q, lo=per * 480, hi=per * 560, pp=pp)


def student_api(site: Site, c: Client, t: float, ssid: str, sub: str = "") -> float:
    if not sub:
        return site.xhr(c, t, "GET", f"/api/v1/students/{ssid}", "Api::V1::StudentsController#show", lo=2300, hi=4600,
                        pp={"id": ssid})
    ctrl = {"programs": "Api::V1::ProgramsController#index", "enrollments": "Api::V1::EnrollmentsController#index",
            "assessments": "Api::V1::AssessmentsController#index",
            "demographics": "Api::V1::DemographicsController#show"}[sub]
    return site.xhr(c, t, "GET", f"/api/v1/students/{ssid}/{sub}", ctrl, lo=600, hi=4000, pp={"student_id": ssid})


def night_job(cx: Ctx) -> None:
    """A vendor's nightly cloud job signs in as a district data coordinator and pulls every pupil via the JSON API."""
    site, r = cx.site, cx.r
    p = cx.take(lambda p: p.s.role in ("data", "it") and 1800 < p.s.lea.students() < 9000)
    lea = p.s.lea
    ips = []
    for d in range(cx.days):
        ip = cx.nets.ip("aws", f"AWS EC2 (vendor nightly job as {p.s.account})")
        ips.append(ip)
        c = cx.bot(ip, "python-requests/2.32.3", p.s.account)
        t = bot_login(site, c, day_start(d) + r.uniform(1.0, 1.3) * 3600)
        budget = r.randint(1500, 2000)
        for sch in lea.schools:
            for pg in range(1, -(-sch.n // 100) + 1):
                t = roster_api(site, c, t + r.uniform(0.1, 0.4), lea.cds, sch.cds, pg, 100)
            for ssid in sch.ssids[: max(0, min(sch.n, budget))]:
                t = student_api(site, c, t + r.uniform(0.12, 0.5), ssid)
                if r.random() < 0.5:
                    t = student_api(site, c, t + r.uniform(0.05, 0.2), ssid, "programs")
                budget -= 1
        site.logout(c, t + 0.3)
    cx.acct(p.s.account, "scraping", "vendor_night_job_cloud", ["scraping"], vendor_ips=ips, ua="python-requests/2.32.3",
            hours="01:00-04:00", owner_also_works_daytime=True, style="roster API pages then every pupil via /api/v1/students/:ssid")


def multi_district(cx: Ctx) -> None:
    """One vendor server uses four districts' staff credentials in turn, from one cloud address."""
    site, r = cx.site, cx.r
    ip = cx.nets.ip("do", "DigitalOcean droplet of an SIS vendor using several districts' staff logins")
    used, accts = set(), []
    for _ in range(4):
        p = cx.take(lambda p: p.s.lea.cds not in used and p.s.role in ("data", "admin", "it", "clerk"))
        used.add(p.s.lea.cds)
        accts.append(p)
    for d in range(cx.days):
        t = day_start(d) + r.uniform(18.4, 19.2) * 3600
        for p in accts:
            c = cx.bot(ip, OLD_CHROME, p.s.account)
            t = bot_login(site, c, t)
            lea = p.s.lea
            for sch in lea.schools:
                for pg in range(1, -(-sch.n // 100) + 1):
                    t = roster_api(site, c, t + r.uniform(1.0, 2.6), lea.cds, sch.cds, pg, 100,
                                   "&include=programs,el_status,sped")
                t = site.export_report(c, t + r.uniform(1, 3), lea.cds, "8-1-student-profile-list",
                                       f"school={sch.cds}&as_of=2025-10-01", "csv")
            t = site.logout(c, t + 1) + r.uniform(20, 90)
    for p in accts:
        cx.acct(p.s.account, "scraping", "vendor_server_many_districts", ["scraping"], vendor_ip=ip, ua=OLD_CHROME,
                other_accounts=[q.s.account for q in accts if q is not p], hours="18:30-23:30")


def rotating(cx: Ctx) -> None:
    """One staff login spread over many rotating residential-proxy / cloud addresses, one cookie throughout."""
    site, r, nets = cx.site, cx.r, cx.nets
    p = cx.take(lambda p: p.s.role in ("clerk", "data") and p.s.lea.students() > 3000)
    lea, ips = p.s.lea, []
    ua = UA["win_chrome"]
    for d in range(cx.days):
        if weekday(d) >= 5:
            continue
        ip = nets.ip("resproxy", f"residential proxy exit (rotating scraper as {p.s.account})")
        ips.append(ip)
        c = Client(ip, ua, p.s.account, browser=False)
        t = bot_login(site, c, day_start(d) + r.uniform(9.8, 10.3) * 3600)
        end = day_start(d) + r.uniform(13.3, 13.8) * 3600
        left = r.randint(8, 40)
        sch_i = r.randrange(len(lea.schools))
        while t < end:
            sch = lea.schools[sch_i % len(lea.schools)]
            sch_i += 1
            for ssid in r.sample(sch.ssids, min(len(sch.ssids), r.randint(80, 200))):
                for sub in ("", "enrollments"):
                    if sub:
                        t = site.hit(c, t + r.uniform(0.3, 0.9), "GET", f"/api/v1/students/{ssid}/enrollments",
                                     ctrl="Api::V1::EnrollmentsController#index", nb=r.randint(900, 3800),
                                     ref=ORIGIN + f"/students/{ssid}", pp={"student_id": ssid}, auth=True)
                    else:
                        t = site.hit(c, t + r.uniform(2.0, 5.5), "GET", f"/api/v1/students/{ssid}",
                                     ctrl="Api::V1::StudentsController#show", nb=r.randint(2300, 4600),
                                     ref=ORIGIN + f"/students/{ssid}", pp={"id": ssid}, auth=True)
                    left -= 1
                    if left <= 0:
                        c.ip = nets.ip(r.choice(("resproxy", "resproxy", "aws", "azure")),
                                       f"rotating proxy exit (scraper as {p.s.account})")
                        ips.append(c.ip)
                        left = r.randint(8, 40)
                if t >= end:
                    break
    cx.acct(p.s.account, "scraping", "rotating_proxy_scraper", ["scraping", "credential_sharing"], n_ips=len(ips),
            ips=ips, ua=ua, note="one session cookie replayed through a rotating proxy; 8-40 requests per exit address")


def roster_pager(cx: Ctx) -> None:
    """A vendor tool pages through server-rendered roster pages, 100 pupils a page, page=1..N for every school."""
    site, r = cx.site, cx.r
    p = cx.take(lambda p: len(p.s.lea.schools) >= 8 and p.s.role in ("data", "admin", "clerk"))
    lea = p.s.lea
    ip = cx.nets.ip("biz", f"vendor office (AT&T business), roster pager as {p.s.account}")
    d = min(1, cx.days - 1)
    c = cx.bot(ip, UA["win_chrome143"], p.s.account)
    t = bot_login(site, c, day_start(d) + r.uniform(13.0, 13.4) * 3600)
    for sch in lea.schools:
        for pg in range(1, -(-sch.n // 100) + 1):
            sp = P.roster(lea.cds, sch.cds, None, pg, 100)
            t = site.hit(c, t + r.uniform(3, 9), "GET", sp[0], sp[1], nb=sp[6] + r.randint(-3000, 3000),
                         ctrl=sp[2], fmt="html", pp=sp[3], auth=True, dur=r.uniform(0.4, 1.6))
    cx.acct(p.s.account, "scraping", "html_roster_pager", ["scraping"], ip=ip, ua=UA["win_chrome143"],
            per_page=100, note="HTML roster pages only, no assets, no XHR, no referer")


def cursor_harvest(cx: Ctx) -> None:
    """A Node script walks the district-wide JSON list API with an opaque cursor; throttled by Rack::Attack."""
    site, r = cx.site, cx.r
    p = cx.take(lambda p: p.s.lea.students() > 5000)
    lea = p.s.lea
    ip = cx.nets.ip("gcp", f"Google Cloud VM, cursor API harvester as {p.s.account}")
    c = cx.bot(ip, "axios/1.7.9", p.s.account)
    d = cx.days - 1
    t = bot_login(site, c, day_start(d) + r.uniform(20.0, 20.5) * 3600)
    total, n, since = lea.students(), 0, 0
    cursor = None
    while n < total:
        q = "limit=200&fields=ssid,name,birth_date,grade,programs,el_status,address" + (f"&cursor={cursor}" if cursor else "")
        since += 1
        if since > 45 and r.random() < 0.35:                       # throttled at the Rack layer
            site.hit(c, t, "GET", f"/api/v1/leas/{lea.cds}/students", q, st=429, nb=31, layer=1)
            t += r.uniform(58, 65)
            since = 0
            continue
        t = site.xhr(c, t + r.uniform(0.9, 1.6), "GET", f"/api/v1/leas/{lea.cds}/students", "Api::V1::LeaStudentsController#index",
                     q=q, lo=190000, hi=230000, pp={"lea_id": lea.cds, "limit": "200", "fields": q.split("&")[1][7:],
                                                    **({"cursor": cursor} if cursor else {})})
        n += 200
        cursor = base64.urlsafe_b64encode(f'{{"after":{n},"k":"{r.getrandbits(24):06x}"}}'.encode()).decode().rstrip("=")
    cx.acct(p.s.account, "scraping", "cursor_list_api_harvest", ["scraping"], ip=ip, ua="axios/1.7.9", pages=since,
            note="district-wide /api/v1/leas/:cds/students?limit=200&cursor=..., 429s are Rack::Attack (nginx only)")


def headless(cx: Ctx) -> None:
    """Puppeteer: a real headless browser that loads assets, sends referers and runs the session pings."""
    site, r = cx.site, cx.r
    p = cx.take(lambda p: p.s.role in ("sped", "counselor", "clerk") and p.s.lea.students() > 2500)
    lea = p.s.lea
    ip = cx.nets.ip("azure", f"Azure VM running headless Chrome as {p.s.account}")
    c = Client(ip, HEADLESS, p.s.account)
    for d in range(cx.days):
        t = site.login_local(c, day_start(d) + r.uniform(20.0, 20.4) * 3600, typing=(0.4, 1.0))
        t = site.page(c, t, P.dashboard(lea.cds), full=True)
        end = day_start(d) + r.uniform(21.5, 21.8) * 3600
        for sch in r.sample(lea.schools, len(lea.schools)):
            for pg in range(1, -(-sch.n // 50) + 1):
                t = wait(site, c, site.page(c, t + r.uniform(1.0, 2.5), P.roster(lea.cds, sch.cds, None, pg, 50)), 1.0)
                for ssid in sch.ssids[(pg - 1) * 50: pg * 50]:
                    t = wait(site, c, site.page(c, t, P.student(ssid)), r.uniform(1.2, 3.0))
                    for tab in ("programs", "special-education"):
                        t = wait(site, c, site.page(c, t, P.student_tab(ssid, tab)), r.uniform(0.8, 2.0))
                    if t > end:
                        break
                if t > end:
                    break
            if t > end:
                break
    cx.acct(p.s.account, "scraping", "headless_browser_walk", ["scraping"], ip=ip, ua=HEADLESS,
            note="loads assets and lazy chunks, sends referers, keeps session pings; 1-3 s per page")


def human_paced(cx: Ctx) -> None:
    """A patient tool on a cloud VM: one pupil every 20-60 s (jittered), all day, no lunch, normal Chrome UA."""
    site, r = cx.site, cx.r
    p = cx.take(lambda p: p.s.role in ("counselor", "clerk", "sped"))
    ip = cx.nets.ip("aws", f"AWS EC2 Elastic IP, slow human-paced scraper as {p.s.account}")
    c = cx.bot(ip, UA["win_chrome"], p.s.account)
    lea = p.s.lea
    queue = [s for sch in lea.schools for s in sch.ssids]
    k = 0
    for d in range(cx.days):
        t = bot_login(site, c, day_start(d) + r.uniform(6.4, 6.7) * 3600)
        end = day_start(d) + r.uniform(19.8, 20.2) * 3600
        while t < end and k < len(queue):
            if not site.session_valid(c, t):
                t = bot_login(site, c, t)
            ssid = queue[k]
            k += 1
            t = student_api(site, c, t, ssid)
            t = student_api(site, c, t + r.uniform(0.4, 1.2), ssid, "enrollments")
            t = student_api(site, c, t + r.uniform(0.4, 1.2), ssid, "programs")
            t += r.uniform(20, 60)
    cx.acct(p.s.account, "scraping", "human_paced_cloud_tool", ["scraping"], ip=ip, ua=UA["win_chrome"],
            records=k, gap_s="20-60 uniform", hours="06:30-20:00, no lunch")


def rpa_bot(cx: Ctx) -> None:
    """An RPA bot (UiPath) driving the clerk's own Edge on the clerk's PC: typed URLs, fixed cadence, past hours."""
    site, r = cx.site, cx.r
    p = cx.take(lambda p: p.s.role == "clerk" and not p.s.remote and p.s.school is not None)
    cx.schooled(p)
    own = p.client("office")
    c = Client(own.ip, own.ua, p.s.account, own.via)     # same PC, browser and address as the clerk
    sch = p.s.school
    k = 0
    for d in range(cx.days):
        if weekday(d) >= 5:
            continue
        t = day_start(d) + r.uniform(13.4, 13.6) * 3600
        c.cache = set(own.cache)
        if not site.session_valid(c, t):
            t = site.login_sso(c, t, p.s.lea, 2.0) if p.s.lea.idp != "local" and not p.s.local_auth else \
                site.login_local(c, t, typing=(0.5, 0.8))
        end = day_start(d) + r.uniform(15.9, 16.1) * 3600
        while t < end:
            ssid = sch.ssids[k % len(sch.ssids)]
            k += 1
            t = site.page(c, t, P.student(ssid), full=True)
            t = site.page(c, t + r.uniform(2.0, 2.3), P.student_tab(ssid, "enrollment"))
            t += r.uniform(7.6, 8.4)
    cx.acct(p.s.account, "scraping", "rpa_bot_on_staff_pc", ["scraping"], ip=c.ip, ua=c.ua, records=k,
            note="same IP, browser and session as the clerk; typed-URL full loads every ~10 s, 13:30-16:00")


def extension(cx: Ctx) -> None:
    """A vendor browser extension in the staff member's Chrome fetches pupils in the background (no referer)."""
    site, r = cx.site, cx.r
    p = cx.take(lambda p: p.s.role in ("counselor", "clerk", "sped") and not p.s.remote and p.s.lea.students() > 2000)
    c = p.client("office")
    bg = Client(c.ip, c.ua, p.s.account, c.via, browser=False)
    lea = p.s.lea
    k = 0
    pool = [s for sch in lea.schools for s in sch.ssids]
    for d in range(cx.days):
        if weekday(d) >= 5:
            continue
        t = day_start(d) + r.uniform(9.8, 10.2) * 3600
        bg.authed, bg.auth_at = True, t     # rides on the cookie of the user's signed-in browser
        end = day_start(d) + r.uniform(14.3, 14.6) * 3600
        while t < end:
            ssid = pool[k % len(pool)]
            k += 1
            t = student_api(site, bg, t + r.uniform(2.5, 6.0), ssid, r.choice(("", "", "programs", "assessments")))
    cx.acct(p.s.account, "scraping", "browser_extension_background_fetch", ["scraping"], ip=c.ip, ua=c.ua, records=k,
            note="background fetches with the user's cookie from the user's own PC, no referer, 10:00-14:30")


def bulk_extracts(cx: Ctx) -> None:
    """Every ODS extract type for every school, requested and downloaded overnight by a script."""
    site, r = cx.site, cx.r
    from .world import EXTRACTS
    p = cx.take(lambda p: p.s.role in ("admin", "it", "data") and len(p.s.lea.schools) >= 6)
    lea = p.s.lea
    ip = cx.nets.ip("linode", f"Linode VPS, bulk extract downloader as {p.s.account}")
    c = cx.bot(ip, "Go-http-client/2.0", p.s.account)
    t = bot_login(site, c, day_start(0) + r.uniform(22.4, 22.8) * 3600)
    n = 0
    for sch in lea.schools:
        for ft in EXTRACTS:
            t = site.extract(c, t + r.uniform(0.5, 1.5), lea.cds, ft, sch.cds, poll=(2.0, 2.2))
            n += 1
    cx.acct(p.s.account, "scraping", "bulk_extract_all_types_all_schools", ["scraping"], ip=ip, ua="Go-http-client/2.0",
            extracts=n, types=list(EXTRACTS))


ALL = (night_job, multi_district, rotating, roster_pager, cursor_harvest, headless, human_paced, rpa_bot, extension,
       bulk_extracts)
