"""Automated collection of learner records (labelled ``scraping``).

Each function adds one tool's traffic on top of the account owner's own
ordinary days (played elsewhere with the owner's stream) and returns the
parameters it drew from its own stream.  ``days`` maps each date to where and
when the owner worked (:class:`~sample_logs.blind.staff.Day`, or None).
"""

from __future__ import annotations

import math
import random
from datetime import date
from typing import Callable

from sample_logs.blind import nets
from sample_logs.blind import pages as P
from sample_logs.blind.client import REFRESH_S, Client, Hit
from sample_logs.blind.staff import Day, client_for, local_ts
from sample_logs.blind.world import EXTRACT_TYPES, Staff, World

Tool = Callable[[list[Hit], World, Staff, dict[date, Day | None], random.Random], dict]
SCRIPT_UAS = ["python-requests/2.32.3", "python-httpx/0.27.2", "axios/1.7.7",
              "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
              "Go-http-client/2.0", "okhttp/4.12.0"]
HEADLESS = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/{v}.0.0.0 Safari/537.36"
SUBRESOURCES = ["enrollments", "programs", "contacts", "attendance", "assessments", "discipline", "courses"]


def _api_client(out: list[Hit], rng: random.Random, staff: Staff, ip: str, ua: str) -> Client:
    """A script holding the staff member's token (no sign-in dance, no real-time channel)."""
    c = Client(out, rng, staff.email, ua, ip, realtime="none", proto=rng.choice(["1.1", "2"]))
    c.authed = True
    return c


def _pull(c: Client, lid: str, style: str, subs: list[str], referer: bool) -> None:
    """Fetch one learner the way the tool does (REST with sub-resources, or one GraphQL POST)."""
    c.page = f"/app/learners/{lid}" if referer else ""
    if style == "graphql":
        c.req("POST", "/graphql", size=c.rng.randint(6000, 26000), req_size=c.rng.randint(700, 1600),
              dur=c.rng.lognormvariate(math.log(0.25), 0.5))
        return
    c.req("GET", f"/api/v1/learners/{lid}", size=c.rng.randint(2200, 6800))
    for sub in subs:
        yearly = sub in ("attendance", "courses", "discipline")
        c.req("GET", f"/api/v1/learners/{lid}/{sub}", f"year={P.YEAR}" if yearly else "",
              size=c.rng.randint(400, 5000))


def vendor_night_job(out: list[Hit], world: World, staff: Staff, days: dict[date, Day | None],
                     rng: random.Random) -> dict:
    """A vendor's scheduled job, from a cloud VM at night, with the staff member's refresh token."""
    provider = rng.choice(list(nets.CLOUD))
    ua = rng.choice(SCRIPT_UAS + [HEADLESS.format(v=rng.choice([126, 128, 129])), staff.ua])
    style = rng.choice(["rest", "rest", "graphql"])
    subs = rng.sample(SUBRESOURCES, rng.randint(1, 4))
    lo = rng.uniform(0.05, 0.8)
    hi = lo * rng.uniform(1.3, 4.0)
    cron_h = rng.choice([0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0])
    fixed_ip = nets.cloud(rng, provider) if rng.random() < 0.6 else None
    schools = staff.district.schools if rng.random() < 0.7 or staff.school is None else [staff.school]
    cap = min(sum(len(s.learners) for s in schools), rng.randint(1500, 6000))
    pulled = 0
    for day in days:
        c = _api_client(out, rng, staff, fixed_ip or nets.cloud(rng, provider), ua)
        c.at(local_ts(staff.tz, day, cron_h) + rng.uniform(0.0, 4.0))
        c.req("POST", "/auth/token/refresh", size=1180)
        refreshed, done = c.t, 0
        for sch in schools:
            for page in range(0, len(sch.learners), 100):
                if done >= cap:
                    break
                c.req("GET", "/api/v1/learners", f"org={sch.id}&page={page // 100 + 1}&size=100",
                      size=rng.randint(20000, 42000))
                for lid in sch.learners[page:page + 100][: cap - done]:
                    _pull(c, lid, style, subs, referer=ua.startswith("Mozilla"))
                    done += 1
                    c.wait(rng.uniform(lo, hi))
                    if rng.random() < 0.004:  # the portal's rate limiter
                        c.req("GET", f"/api/v1/learners/{lid}", status=429, size=120)
                        c.wait(rng.uniform(30, 90))
                    if c.t - refreshed > REFRESH_S:
                        c.req("GET", f"/api/v1/learners/{lid}", status=401, size=71)
                        c.req("POST", "/auth/token/refresh", size=1180)
                        refreshed = c.t
        pulled += done
    return {"provider": provider, "ip": fixed_ip or "per-night", "ua": ua, "style": style, "subresources": subs,
            "delay_s": [round(lo, 2), round(hi, 2)], "local_start_h": cron_h, "records_per_night": cap,
            "schools": len(schools),
            "requests_approx": pulled * (1 if style == "graphql" else 1 + len(subs))}


def slow_drip(out: list[Hit], world: World, staff: Staff, days: dict[date, Day | None], rng: random.Random) -> dict:
    """Low and slow: one learner every minute or so, around the clock, from a small VPS, pass after pass."""
    provider = rng.choice(["digitalocean", "hetzner", "aws"])
    ip = nets.cloud(rng, provider)
    ua = nets.desktop_ua("win_chrome", rng.choice([124, 127, 129]), rng)
    style = rng.choice(["rest", "graphql"])
    subs = rng.sample(SUBRESOURCES, rng.randint(0, 2))
    lo, hi = rng.uniform(20, 60), rng.uniform(70, 160)
    scope = rng.sample(staff.district.learners(), len(staff.district.learners()))
    first = min(days)
    c = _api_client(out, rng, staff, ip, ua)
    c.at(local_ts(staff.tz, first, rng.uniform(0.0, 2.0)))
    end = local_ts(staff.tz, max(days), 24.0)
    refreshed, i = c.t - REFRESH_S, 0
    while c.t < end:
        if c.t - refreshed >= REFRESH_S:
            c.req("POST", "/auth/token/refresh", size=1180)
            refreshed = c.t
        _pull(c, scope[i % len(scope)], style, subs, referer=True)
        i += 1
        if i % len(scope) == 0:  # a full pass done: start over to keep the vendor's copy fresh
            rng.shuffle(scope)
        c.wait(rng.uniform(lo, hi))
    return {"provider": provider, "ip": ip, "ua": ua, "style": style, "subresources": subs,
            "gap_s": [round(lo), round(hi)], "records": i}


def rpa_robot(out: list[Hit], world: World, staff: Staff, days: dict[date, Day | None], rng: random.Random) -> dict:
    """An RPA robot (UiPath-like) driving the staff member's own browser at the office in work hours."""
    runs = [d for d, info in days.items() if info is not None] or list(days)
    runs = rng.sample(runs, rng.randint(1, len(runs)))
    n = rng.randint(120, 480)
    delay = (rng.uniform(0.8, 2.0), rng.uniform(2.5, 5.0))
    download = rng.random() < 0.5
    tabs = rng.sample(["attendance", "programs", "assessments", "contacts"], rng.randint(1, 2))
    start_h = rng.uniform(9.0, 13.0)
    school = staff.school or staff.district.schools[0]
    for day in runs:
        info = days.get(day)  # the robot drives the browser of the PC the owner works at that day
        c = client_for(out, rng, staff, info.ip if info else staff.office_ip, info.ua if info else staff.ua)
        c.at(local_ts(staff.tz, day, start_h + rng.uniform(-0.2, 0.2)))
        c.login(silent=True)
        for lid in rng.sample(school.learners, min(n, len(school.learners))):
            P.search(c, school.id, term=rng.choice(P.LAST) + " " + rng.choice(["a", "b", "c", "d"]))
            c.wait(rng.uniform(*delay))
            P.open_learner(c, lid)
            for tab in tabs:
                c.wait(rng.uniform(*delay))
                P.learner_tab(c, lid, tab)
            if download:
                c.wait(rng.uniform(*delay))
                P.download_document(c, lid)
            c.wait(rng.uniform(*delay))
        c.close("none")
    return {"days": sorted(d.isoformat() for d in runs), "records_per_run": n, "delay_s": [round(x, 2) for x in delay],
            "tabs": tabs, "download": download, "local_start_h": round(start_h, 2)}


def browser_extension(out: list[Hit], world: World, staff: Staff, days: dict[date, Day | None],
                      rng: random.Random) -> dict:
    """A 'roster sync' browser extension pulling the whole school through the staff member's session."""
    school = staff.school or staff.district.schools[0]
    workers = rng.randint(2, 6)
    lo, hi = rng.uniform(0.05, 0.3), rng.uniform(0.4, 1.5)
    subs = rng.sample(["contacts", "programs", "enrollments"], rng.randint(1, 2))
    referer = rng.random() < 0.5
    synced = 0
    for day, info in days.items():
        if info is None:
            continue
        t0 = info.start + rng.uniform(40, 240)
        lanes = [_api_client(out, rng, staff, info.ip, info.ua).at(t0 + k * 0.01) for k in range(workers)]
        lanes[0].req("GET", "/api/v1/learners", f"org={school.id}&page=1&size=50", size=rng.randint(9000, 21000))
        for j, lid in enumerate(school.learners):
            c = lanes[j % workers]
            if j % 50 == 0 and j:
                c.req("GET", "/api/v1/learners", f"org={school.id}&page={j // 50 + 1}&size=50",
                      size=rng.randint(9000, 21000))
            _pull(c, lid, "rest", subs, referer=referer)
            c.wait(rng.uniform(lo, hi))
            synced += 1
    return {"workers": workers, "delay_s": [round(lo, 2), round(hi, 2)], "subresources": subs,
            "records_per_day": len(school.learners), "sends_referer": referer, "synced": synced}


def extract_hoarder(out: list[Hit], world: World, staff: Staff, days: dict[date, Day | None],
                    rng: random.Random) -> dict:
    """Every extract type, for every school, for several years: far beyond any duty."""
    years = ["2025-26", "2024-25", "2023-24", "2022-23", "2021-22"][: rng.randint(2, 5)]
    where = rng.choice(["office", "home_evening"])
    scripted = rng.random() < 0.4
    day = rng.choice(list(days))
    ip = staff.office_ip if where == "office" else staff.home_ip
    ua = rng.choice(SCRIPT_UAS) if scripted else (staff.ua if where == "office" else staff.laptop_ua or staff.ua)
    c = client_for(out, rng, staff, ip, ua, realtime="none" if scripted else None)
    c.at(local_ts(staff.tz, day, rng.uniform(13.0, 15.0) if where == "office" else rng.uniform(19.0, 22.0)))
    if scripted:
        c.authed = True
        c.req("POST", "/auth/token/refresh", size=1180)
    else:
        c.login(silent=where == "office")
    files = 0
    for year in years:
        for school in staff.district.schools:
            for kind in EXTRACT_TYPES:
                P.extract(c, kind, school.id, len(school.learners), year=year, browse=not scripted)
                files += 1
                c.wait(rng.uniform(0.3, 2.0) if scripted else rng.lognormvariate(math.log(6.0), 0.5))
    if not scripted:
        c.close("idle")
    return {"day": day.isoformat(), "years": years, "files": files, "where": where, "scripted": scripted}


#: name -> (function, preferred roles, how many per log, kinds)
TOOLS: dict[str, tuple[Tool, tuple[str, ...], tuple[int, int], list[str]]] = {
    "vendor_night_job": (vendor_night_job, ("data_coordinator", "registrar", "counselor"), (1, 2),
                         ["scraping", "credential_sharing"]),
    "slow_drip": (slow_drip, ("counselor", "teacher", "sped_coordinator"), (1, 1), ["scraping", "credential_sharing"]),
    "rpa_robot": (rpa_robot, ("registrar", "attendance_clerk"), (1, 2), ["scraping"]),
    "browser_extension": (browser_extension, ("teacher", "counselor", "registrar"), (1, 1), ["scraping"]),
    "extract_hoarder": (extract_hoarder, ("data_coordinator", "district_it"), (1, 1), ["scraping"]),
}
