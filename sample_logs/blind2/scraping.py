"""Automated collection of student records with a staff member's credentials.

Styles: a vendor platform logging in from its servers, an RPA robot on the staff member's
own desktop, a browser extension riding the staff member's session, a bulk download of
every document, and a script harvesting reports with a data clerk's login.
"""

from __future__ import annotations

import random

from sample_logs.blind2.app import TABS, Browser, Hit, run_report, tab_path
from sample_logs.blind2.staff import Calendar, ordinary_days
from sample_logs.blind2.world import CLOUD_PREFIXES, Person, World, ip_in, make_person, user_agent

BOT_UAS = (
    "python-requests/2.31.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Java/17.0.9",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36",
)


def _targets(world: World, rng: random.Random, person: Person, n: int) -> list[int]:
    """Students a tool walks: the person's schools first, then the whole SELPA."""
    pool = [i for s in person.schools for i in world.by_school[s]]
    seen = set(pool)
    rest = [i for i in range(len(world.students)) if i not in seen]
    rng.shuffle(pool)
    rng.shuffle(rest)
    return (pool + rest)[:n]


def vendor_cloud(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A vendor's platform (billing, analytics, 'IEP sync') logs in from its servers and walks records."""
    person = make_person(world, rng, rng.choice(("case_manager", "slp", "psych", "program_specialist")))
    world.people.append(person)
    ordinary_days(world, person, rng, cal, sink)
    ua = rng.choice(BOT_UAS)
    headless = "Headless" in ua or "Chrome/" in ua
    ips = [ip_in(rng, CLOUD_PREFIXES) for _ in range(rng.randint(1, 3))]
    lo = rng.choice((0.3, 1.0, 4.0, 12.0))
    hi = lo * rng.uniform(1.5, 4)
    tabs = rng.sample(TABS, k=rng.randint(2, 6))
    per_run = rng.randint(60, 400)
    schedule = rng.choice(("nightly", "business_hours", "every_few_hours"))
    days = sorted(rng.sample(range(len(cal.days)), k=max(1, len(cal.days) - rng.randint(0, 1))))
    total = 0
    for day in days:
        hours = {"nightly": [rng.uniform(0.5, 4.5)], "business_hours": [rng.uniform(9, 14)],
                 "every_few_hours": [h + rng.uniform(0, 1) for h in range(6, 22, rng.choice((3, 4, 6)))]}[schedule]
        for h in hours:
            b = Browser(sink, rng, rng.choice(ips), ua, person.account, assets=headless and rng.random() < 0.5)
            t = b.login_form(cal.at(day, h), typing=(0.2, 1.5), totp=(0.3, 2.0))
            n = per_run if schedule != "every_few_hours" else max(10, per_run // len(hours))
            students = _targets(world, rng, person, n)
            for page in range(1, n // 25 + 2):
                t = b.page(t + rng.uniform(lo, hi), f"/search?q=&scope=all&school={person.school + 100}&page={page}")
            for i in students:
                st = world.students[i]
                t = b.page(t + rng.uniform(lo, hi), f"/students/{st.key}/profile")
                for tab in tabs:
                    t = b.page(t + rng.uniform(lo, hi), tab_path(st, tab))
                total += 1
            b.close(t)
    params = {"user_agent": ua, "ips": ips, "delay_s": [round(lo, 2), round(hi, 2)], "tabs": tabs, "schedule": schedule,
              "students_per_run": per_run, "records_visited": total, "days": days}
    return person.account, params


def rpa_desktop(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """An RPA robot (UiPath-style) driving the staff member's own browser on the school PC."""
    person = make_person(world, rng, rng.choice(("case_manager", "psych", "data_clerk")))
    world.people.append(person)
    ordinary_days(world, person, rng, cal, sink)
    step = rng.uniform(1.2, 6.0)
    jitter = rng.uniform(0.05, 0.5)
    n = rng.randint(60, 350)
    day = rng.randrange(len(cal.days))
    hour = rng.choice((12.1, 15.6, 17.5, 2.0))
    ip = world.school_ips[person.school]
    b = Browser(sink, rng, ip, person.devices[0], person.account)
    t = b.login_sso(cal.at(day, hour)) if person.sso else b.login_form(cal.at(day, hour))
    prints = rng.random() < 0.6
    for i in _targets(world, rng, person, n):
        st = world.students[i]
        t = b.page(t + step + rng.uniform(-jitter, jitter), f"/search?ssid={st.ssid}")
        t = b.page(t + step + rng.uniform(-jitter, jitter), f"/students/{st.key}/profile")
        t = b.page(t + step + rng.uniform(-jitter, jitter), f"/legacy/FaceSheet.do?ssid={st.ssid}&print=true")
        if prints:
            t = b.page(t + step + rng.uniform(-jitter, jitter), f"/students/{st.key}/iep/{st.iep_id}/print?draft=false",
                       size=rng.randint(150000, 800000), kind="pdf")
    b.close(t + 30)
    return person.account, {"step_s": round(step, 2), "jitter_s": round(jitter, 2), "records": n, "day": day,
                            "hour": hour, "prints_iep": prints, "ip": ip}


def browser_extension(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A vendor's Chrome extension syncing records in the background of the staff member's own session."""
    person = make_person(world, rng, rng.choice(("case_manager", "slp")))
    world.people.append(person)
    own: list[Hit] = []
    ordinary_days(world, person, rng, cal, own)
    sink.extend(own)
    every = rng.uniform(8, 30) * 60
    burst = rng.randint(15, 60)
    gap = (rng.uniform(0.05, 0.3), rng.uniform(0.4, 1.5))
    queue = _targets(world, rng, person, 100000)
    letters = "abcdefghijklmnoprstvwy"
    spans: list[list[Hit]] = []
    for h in sorted(own, key=lambda h: h.t):
        if h.user and (not spans or h.t - spans[-1][-1].t > 900 or h.ip != spans[-1][-1].ip):
            spans.append([h])
        elif h.user and spans:
            spans[-1].append(h)
    pulled, k = 0, 0
    for span in spans:
        t, first = span[0].t + rng.uniform(5, 60), span[0]
        while t < span[-1].t:
            for _ in range(burst):
                if k % 12 == 0:
                    sink.append(Hit(t, first.ip, first.user, "GET", f"/api/students/lookup?term={rng.choice(letters)}{rng.choice(letters)}",
                                    200, rng.randint(800, 6000), "", first.ua, first.sid, rng.randint(15, 80), first.port))
                st = world.students[queue[pulled % len(queue)]]
                pulled += 1
                t += rng.uniform(*gap)
                path = rng.choice((f"/api/students/{st.key}/summary", f"/students/{st.key}/iep/{st.iep_id}/services?format=json"))
                sink.append(Hit(t, first.ip, first.user, "GET", path, 200, rng.randint(1500, 9000), "", first.ua, first.sid,
                                rng.randint(20, 120), first.port))
                k += 1
            t += every * rng.uniform(0.8, 1.2)
    return person.account, {"every_min": round(every / 60, 1), "burst": burst, "gap_s": [round(g, 2) for g in gap],
                            "records_pulled": pulled}


def bulk_documents(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A departing employee (or one asked by a vendor) downloads every document of whole schools at home."""
    person = make_person(world, rng, rng.choice(("case_manager", "program_specialist", "psych")))
    world.people.append(person)
    day = rng.randrange(len(cal.days))
    ordinary_days(world, person, rng, cal, sink)
    manager = rng.random() < 0.5  # a download-manager extension fetches in parallel
    delay = (0.1, 0.8) if manager else (1.5, 7.0)
    schools = rng.sample(range(len(world.school_ips)), k=rng.randint(1, 3))
    b = Browser(sink, rng, person.home_ip, person.devices[0], person.account)
    t = b.login_sso(cal.at(day, rng.uniform(19, 22.5))) if person.sso else b.login_form(cal.at(day, rng.uniform(19, 22.5)))
    files = 0
    for s in schools:
        t = run_report(b, t + rng.uniform(5, 30), rng, "STUDENT_DIRECTORY", str(s + 100), "csv")
        for i in world.by_school[s]:
            st = world.students[i]
            t = b.page(t + rng.uniform(1, 4), f"/students/{st.key}/documents")
            for d in st.docs:
                t = b.page(t + rng.uniform(*delay), f"/documents/{d}/download", size=rng.randint(80000, 900000), kind="pdf")
                files += 1
    b.close(t + 60)
    return person.account, {"download_manager": manager, "schools": schools, "files": files, "day": day}


def report_harvest(world: World, cal: Calendar, rng: random.Random, sink: list[Hit]) -> tuple[str, dict]:
    """A script on a vendor's server queues and downloads every report and extract with a clerk's login."""
    person = make_person(world, rng, "data_clerk")
    world.people.append(person)
    ordinary_days(world, person, rng, cal, sink)
    ua = rng.choice(("python-requests/2.31.0", "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.22621.2506",
                     user_agent(rng, "win_chrome")))
    ip = ip_in(rng, CLOUD_PREFIXES)
    reports = rng.sample(("CASELOAD_ROSTER", "STUDENT_DIRECTORY", "SERVICE_MINUTES", "IEP_DUE_DATES", "CONTACTS_EXPORT"),
                         k=rng.randint(2, 4))
    runs = 0
    for day in range(len(cal.days)):
        b = Browser(sink, rng, ip, ua, person.account, assets=False)
        t = b.login_form(cal.at(day, rng.uniform(5, 6.5)), typing=(0.2, 1.0), totp=(0.5, 1.5))
        for s in range(len(world.school_ips)):
            for r in reports:
                t = run_report(b, t + rng.uniform(0.5, 3), rng, r, str(s + 100), "csv", poll=(1.0, 1.2))
                runs += 1
        for f in ("SPED", "SSRV", "PLAN", "MEET"):
            t = b.page(t + 1, f"/calpads/extracts/latest/download?file={f}", size=rng.randint(200000, 3000000), kind="file")
    return person.account, {"user_agent": ua, "ip": ip, "reports": reports, "report_runs": runs}


STYLES = {"vendor_cloud_scraper": (vendor_cloud, ["scraping", "credential_sharing"]),
          "rpa_robot_on_desktop": (rpa_desktop, ["scraping"]),
          "browser_extension_sync": (browser_extension, ["scraping"]),
          "bulk_document_download": (bulk_documents, ["scraping"]),
          "vendor_report_harvest": (report_harvest, ["scraping", "credential_sharing"])}
