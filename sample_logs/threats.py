"""Threat behaviours: scraping, credential sharing and credential stuffing.

Each class draws its parameters per seed (ranges in the docstrings, volumes
multiplied by ``scale``) and records them in its label so evaluations can
see how hard each instance was.
"""

from __future__ import annotations

import numpy as np

from .app import EXTRACT_TYPES, SCRIPT_UAS, STUDENT_TABS, Browser, Person, World
from .behaviours import Actor
from .client import Client, Draw

GENERIC = ("data.admin", "records.office", "sis.sync", "calpads.admin", "registrar", "attendance.office", "enrollment.center")


def _label(label: str, behaviour: str, kinds: list[str], **params) -> dict:
    return {"label": label, "behaviour": behaviour, "kinds": kinds,
            "params": {k: round(v, 3) if isinstance(v, float) else v for k, v in params.items()}}


def _days(rng: np.random.Generator, days: int, p: float) -> set[int]:
    return {int(rng.integers(days))} | {d for d in range(days) if rng.random() < p}


def _where(w: World, p: Person, rng: np.random.Generator, probs: tuple[float, float, float]) -> tuple[str, str]:
    kind = str(rng.choice(("hosting", "office", "home"), p=probs))
    return kind, {"hosting": w.hosting_ip(rng), "office": p.office_ip, "home": p.home_ip}[kind]


class VendorScript(Actor):
    """A staff login driven by a script: non-browser UA, no assets or referers, machine pacing.

    Interval 0.4-4 s with 1-8 % jitter (sometimes sleeps 30-300 s every
    200-1000 requests); 1200-6000 records walked from rosters, by sequential
    SSID (hitting 404s in the gaps) or from a sorted list; 1-3 requests per
    record; 65 % at night (often cron-exact start), on 80 % of days.

    Parameters
    ----------
    w : World
    p : Person
        The staff member whose login is used.
    rng : numpy.random.Generator
        Draws this instance's parameters.
    days : int
        Number of days in the log.
    scale : float
        Multiplier on volumes (``threat_scale``).
    """

    def __init__(self, w: World, p: Person, rng: np.random.Generator, days: int, scale: float) -> None:
        self.w, self.p, self.key = w, p, p.email
        self.ua = str(rng.choice(SCRIPT_UAS))
        self.ip_kind, self.ip = _where(w, p, rng, (0.5, 0.3, 0.2))
        self.mode = str(rng.choice(("roster", "sequential", "list")))
        self.interval, self.cv = float(rng.uniform(0.4, 4.0)), float(rng.uniform(0.01, 0.08))
        self.n = max(100, int(rng.integers(1200, 6001) * scale))
        eps = ["/students/{}", "/students/{}/demographics", "/students/{}/enrollment", "/students/{}/programs"]
        self.eps = ["/api/v1/students/{}"] if rng.random() < 0.5 else eps[:int(rng.integers(1, 4))]
        self.night = bool(rng.random() < 0.65)
        self.cron = self.night and bool(rng.random() < 0.5)
        self.start_s = 3600 * (int(rng.integers(20, 27)) if self.cron else rng.uniform(20, 27) if self.night else rng.uniform(8, 16))
        self.pause = (int(rng.integers(200, 1001)), float(rng.uniform(30, 300))) if rng.random() < 0.4 else None
        self.days = _days(rng, days, 0.8)
        self.label = _label("scraping", "vendor_script", ["scraping"], user_agent=self.ua, ip=self.ip, ip_kind=self.ip_kind,
                            mode=self.mode, interval_s=self.interval, jitter_cv=self.cv, records_per_run=self.n,
                            requests_per_record=len(self.eps), night=self.night, cron=self.cron, days=sorted(self.days))

    def targets(self, rng: np.random.Generator) -> list[tuple[str, int, str]]:
        """(path, status, kind) requests of one run, in order."""
        w, dist = self.w, self.w.districts[self.p.district]
        out: list[tuple[str, int, str]] = []

        def rec(s: int, ok: bool) -> None:
            for j, ep in enumerate(self.eps):
                if ok or j == 0:
                    out.append((ep.format(s), 200 if ok else 404, "api" if ep.startswith("/api") else "student"))

        if self.mode == "sequential":
            lo = int(dist.ssids[int(rng.integers(0, max(1, len(dist.ssids) - self.n)))])
            cand = np.arange(lo, lo + self.n, dtype=np.int64)
            for s, ok in zip(cand.tolist(), np.isin(cand, dist.ssids).tolist()):
                rec(s, ok)
        elif self.mode == "list":
            for s in np.sort(rng.choice(dist.ssids, min(self.n, len(dist.ssids)), replace=False)).tolist():
                rec(s, True)
        else:
            k = 0
            for si in dist.schools:
                sch = w.schools[si]
                for g, grade in enumerate(sch.grades):
                    out.append((f"/api/v1/schools/{sch.cds}/roster?grade={grade}&year={w.year}", 200, "api_roster"))
                    for s in sch.ssids[sch.grade_of == g].tolist():
                        rec(s, True)
                        k += 1
                    if k >= self.n:
                        return out
        return out

    def emit(self, d: int, out: list, dr: Draw) -> None:
        if d not in self.days:
            return
        rng = dr.rng
        t = self.w.clock.at(d, self.start_s + (rng.uniform(0, 2) if self.cron else rng.normal(0, 900)))
        c = Client(self.w, out, dr, self.ip, self.ua, self.p.email, browser=False)
        t0 = t = c.login(t)
        reqs = self.targets(rng)
        gaps = np.maximum(0.05, self.interval * (1 + self.cv * rng.standard_normal(len(reqs))))
        if self.pause:
            gaps[self.pause[0]::self.pause[0]] += self.pause[1] * rng.uniform(0.9, 1.1, len(gaps[self.pause[0]::self.pause[0]]))
        for (path, st, kind), tt in zip(reqs, (t + np.cumsum(gaps)).tolist()):
            if tt - t0 > 4 * 3600:  # absolute session lifetime: 401, sign in again
                c.emit(tt, "GET", path, 401, "error", authed=False)
                t0 = c.login(tt + 0.2)
                tt = t0 + 0.1
            c.emit(tt, "GET", path, st, kind)


class HeadlessScraper(Actor):
    """A browser-automation tool on a staff login: real assets and referers, never tires.

    Desktop Chrome UA (30 % HeadlessChrome); gaps uniform in [1.5-3, 5-8] s
    (2 % slow pages of 10-25 s); 3-7 hours without a break walking every
    roster, opening each student and 0-2 tabs; 20 % with the cache disabled,
    50 % blocking fonts and images; on one day (15 % chance of each other day).

    Parameters
    ----------
    w : World
    p : Person
        The staff member whose login is used.
    rng : numpy.random.Generator
        Draws this instance's parameters.
    days : int
        Number of days in the log.
    scale : float
        Multiplier on volumes (``threat_scale``).
    """

    def __init__(self, w: World, p: Person, rng: np.random.Generator, days: int, scale: float) -> None:
        self.w, self.p, self.key = w, p, p.email
        headless = bool(rng.random() < 0.3)
        self.ua = Browser("headless" if headless else "chrome", str(rng.choice(("win", "linux", "mac"), p=(0.7, 0.2, 0.1))),
                          w.chrome - int(rng.integers(0, 3))).ua()
        self.ip_kind, self.ip = _where(w, p, rng, (0.35, 0.4, 0.25))
        self.lo, self.hi = float(rng.uniform(1.5, 3.0)), float(rng.uniform(5.0, 8.0))
        self.hours = max(0.25, float(rng.uniform(3.0, 7.0)) * scale)
        self.tabs = [STUDENT_TABS[i] for i in sorted(rng.choice(4, int(rng.choice(3, p=(0.4, 0.4, 0.2))), replace=False))]
        self.nocache, self.media = bool(rng.random() < 0.2), bool(rng.random() < 0.5)
        self.start_h = float(rng.uniform(8, 14) if rng.random() < 0.6 else rng.uniform(18, 23))
        self.days = _days(rng, days, 0.15)
        self.label = _label("scraping", "headless_scraper", ["scraping"], user_agent=self.ua, ip=self.ip, ip_kind=self.ip_kind,
                            gap_s=[round(self.lo, 3), round(self.hi, 3)], hours=self.hours, tabs=self.tabs,
                            nocache=self.nocache, media=self.media,
                            start_hour=self.start_h, days=sorted(self.days))

    def emit(self, d: int, out: list, dr: Draw) -> None:
        if d not in self.days:
            return
        w = self.w
        c = Client(w, out, dr, self.ip, self.ua, self.p.email, nocache=self.nocache, reval=0.5, idle=float("inf"),
                   media=self.media)
        t = c.login(w.clock.at(d, 3600 * self.start_h), typing=0.5 + 1.5 * dr.u())
        end = t + 3600 * self.hours
        gap = lambda: (10 + 15 * dr.u()) if dr.u() < 0.02 else self.lo + (self.hi - self.lo) * dr.u()  # noqa: E731
        t = c.page(t, "/dashboard", "dashboard", api="/api/v1/notifications?unread=1")
        schools = [w.districts[self.p.district].schools[i] for i in dr.rng.permutation(len(w.districts[self.p.district].schools))]
        for si in schools * 3:
            sch = w.schools[si]
            for g, grade in enumerate(sch.grades):
                path = f"/schools/{sch.cds}/roster?grade={grade}&year={w.year}"
                t = c.page(t + gap(), path, "roster", "schools", api="/api/v1" + path, api_kind="api_roster")
                roster = c.url
                for s in sch.ssids[sch.grade_of == g].tolist():
                    t = c.page(t + gap(), f"/students/{s}", "student", "students", api=f"/api/v1/students/{s}", ref=roster)
                    home = c.url
                    for tab in self.tabs:
                        t = c.page(t + gap(), f"/students/{s}/{tab}", "student", "students", api=f"/api/v1/students/{s}/{tab}", ref=home)
                    if t > end:
                        return


class RotatingProxy(Actor):
    """One login spread over a residential-proxy pool: each exit IP does a little.

    25-120 exit IPs, each in its own /16; requests split over them in
    contiguous runs; one Chrome UA (or a different browser UA per exit, 40 %);
    assets 50 %, referers 70 %; gaps log-normal, median 1-5 s; 400-1500
    students (page, sometimes a tab); 50 % sign in again on every new exit.

    Parameters
    ----------
    w : World
    p : Person
        The staff member whose login is used.
    rng : numpy.random.Generator
        Draws this instance's parameters.
    days : int
        Number of days in the log.
    scale : float
        Multiplier on volumes (``threat_scale``).
    """

    def __init__(self, w: World, p: Person, rng: np.random.Generator, days: int, scale: float) -> None:
        self.w, self.p, self.key = w, p, p.email
        self.n_students = max(60, int(rng.integers(400, 1501) * scale))
        self.ips = [w.fresh_ip(rng) for _ in range(min(int(rng.integers(25, 121)), max(8, self.n_students // 4)))]
        self.rotate_ua = bool(rng.random() < 0.4)
        self.ua = Browser("chrome", "win", w.chrome).ua()
        self.assets, self.refs = bool(rng.random() < 0.5), bool(rng.random() < 0.7)
        self.gap, self.relogin = float(rng.uniform(1.0, 5.0)), bool(rng.random() < 0.5)
        self.start_h = float(rng.uniform(0, 24))
        self.days = _days(rng, days, 0.3)
        self.label = _label("scraping", "rotating_proxy", ["scraping", "credential_sharing"], n_ips=len(self.ips),
                            students=self.n_students, rotate_ua=self.rotate_ua, assets=self.assets, referers=self.refs,
                            gap_median_s=self.gap, relogin_per_ip=self.relogin, start_hour=self.start_h, days=sorted(self.days))

    def emit(self, d: int, out: list, dr: Draw) -> None:
        if d not in self.days:
            return
        w, rng = self.w, dr.rng
        dist = w.districts[self.p.district]
        ids = rng.choice(dist.ssids, min(self.n_students, len(dist.ssids)), replace=False).tolist()
        cuts = set(np.sort(rng.choice(np.arange(1, len(ids)), min(len(self.ips), len(ids)) - 1, replace=False)).tolist())
        order = rng.permutation(len(self.ips)).tolist()
        c = Client(w, out, dr, self.ips[order[0]], self.ua, self.p.email, browser=self.assets,
                   referers=self.refs or self.assets, idle=float("inf"))
        t = c.login(w.clock.at(d, 3600 * self.start_h), typing=1.0 + 2 * dr.u())
        k = 0
        for i, s in enumerate(ids):
            if i in cuts:
                k += 1
                c.ip = self.ips[order[k % len(order)]]
                if self.rotate_ua:
                    c.ua, c.loaded = w.desktop_browser(rng).ua(), set()
                if self.relogin:
                    t = c.login(t + dr.lognorm(self.gap, 0.5), typing=1.0 + 2 * dr.u())
            t = c.page(t + dr.lognorm(self.gap, 0.5, 0.2), f"/students/{s}", "student", "students", api=f"/api/v1/students/{s}")
            if dr.u() < 0.4:
                tab = dr.pick(STUDENT_TABS)
                t = c.page(t + dr.lognorm(self.gap, 0.5, 0.2), f"/students/{s}/{tab}", "student", "students",
                           api=f"/api/v1/students/{s}/{tab}")


class BulkExportLoop(Actor):
    """Loops ``/reports/extract`` over every type x school x year, polling and downloading each.

    Script UA (60 %) or an automated desktop browser; 5-9 types x all schools
    plus the district x 1-4 years (more for small districts, so at least ~40
    combinations), at most 300; polls every
    0.5-3 s (3 % jitter); 1 lane or 2-4 in parallel; downloads 0.05-0.5 s
    after ready; 50 % at night; 2 % of requests fail with 500 and are retried.

    Parameters
    ----------
    w : World
    p : Person
        The staff member whose login is used.
    rng : numpy.random.Generator
        Draws this instance's parameters.
    days : int
        Number of days in the log.
    scale : float
        Multiplier on volumes (``threat_scale``).
    """

    def __init__(self, w: World, p: Person, rng: np.random.Generator, days: int, scale: float) -> None:
        self.w, self.p, self.key = w, p, p.email
        self.browser = bool(rng.random() < 0.4)
        self.ua = w.desktop_browser(rng, 0).ua() if self.browser else str(rng.choice(SCRIPT_UAS))
        self.ip_kind, self.ip = _where(w, p, rng, (0.3, 0.5, 0.2))
        types = list(EXTRACT_TYPES) if rng.random() < 0.6 else sorted(rng.choice(EXTRACT_TYPES, int(rng.integers(5, 9)), replace=False).tolist())
        dist = w.districts[p.district]
        scopes = [w.schools[s].cds for s in dist.schools] + [dist.cds]
        years = w.years[:max(int(rng.integers(1, 5)), min(5, -(-40 // (len(types) * len(scopes)))))]
        combos = [(a, b, c) for a in types for b in scopes for c in years]
        if rng.random() < 0.5:
            combos = [(a, b, c) for b in scopes for a in types for c in years]
        self.combos = combos[:max(12, int(300 * scale))]
        self.interval, self.lanes = float(rng.uniform(0.5, 3.0)), 1 if rng.random() < 0.6 else int(rng.integers(2, 5))
        self.start_h = float(rng.uniform(19, 23) if rng.random() < 0.5 else rng.uniform(7, 15))
        self.days = _days(rng, days, 0.3)
        self.label = _label("scraping", "bulk_export_loop", ["scraping"], user_agent=self.ua, ip=self.ip, n_extracts=len(self.combos),
                            types=len(types), schools=len(scopes), years=len(years), poll_s=self.interval, lanes=self.lanes,
                            start_hour=self.start_h, days=sorted(self.days))

    def emit(self, d: int, out: list, dr: Draw) -> None:
        if d not in self.days:
            return
        c = Client(self.w, out, dr, self.ip, self.ua, self.p.email, browser=self.browser, idle=float("inf"))
        t = c.login(self.w.clock.at(d, 3600 * self.start_h), typing=0.5 * dr.u())
        lanes = [t + 0.5 * i for i in range(self.lanes)]
        ivl = lambda: self.interval * (1 + 0.03 * dr.z())  # noqa: E731
        for typ, school, year in self.combos:
            k = min(range(self.lanes), key=lanes.__getitem__)
            t = lanes[k] + 0.2 + 0.8 * dr.u()
            if dr.u() < 0.02:
                c.emit(t, "GET", f"/reports/extract?type={typ}&year={year}&school={school}", 500, "error", c.url)
                t += 5.0
            build = dr.lognorm(30.0 * (3 if school.endswith("0000000") else 1), 0.8, 5.0, 900.0)
            lanes[k] = c.extract(t, typ, year, school, build_s=build, interval=ivl, click=(0.05, 0.5), size=2.0)
