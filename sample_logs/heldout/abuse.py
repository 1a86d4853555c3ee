"""Abuse in the held-out district: scraping and credential sharing, done differently from ``sample_logs``.

Every abusive account keeps its owner's ordinary days (except generic
logins, which have no single owner), so per-account features mix the two.
Parameters are drawn per instance and recorded in the label.
"""

from __future__ import annotations

import random

from .browser import Client, lognorm
from .lookalikes import Ordinary
from .site import SCRIPT_UAS, Person, Site, host, ua


def abusive(label: str, behaviour: str, kinds: list[str], **params) -> dict:
    """An abusive label with the parameters drawn for this instance."""
    return {"label": label, "behaviour": behaviour, "kinds": kinds,
            "params": {k: round(v, 3) if isinstance(v, float) else v for k, v in params.items()}}


class LowAndSlow(Ordinary):
    """A staff member's own login, office address and browser user agent reading one record every 15-60 s all day.

    ``macro`` (50 %): a browser macro in a second browser window (assets cached,
    SignalR, keep-alives, no referer: it types URLs); else a script replaying
    the session cookie with the browser's user agent (no assets or referers).
    Gaps log-normal with median 15-60 s (sigma 0.25-0.6); from arrival to
    departure, lunch pause in half the instances; pupils of the person's school
    in roster order or a random list, each read once (profile, 60 %: contacts too).
    """

    def __init__(self, site: Site, p: Person, r: random.Random, out: list, days: int) -> None:
        super().__init__(site, p, r, out, days)
        self.site, self.r, self.out = site, r, out
        self.macro, self.median, self.sigma = r.random() < 0.5, r.uniform(15, 60), r.uniform(0.25, 0.6)
        self.lunch, self.contacts, self.order = r.random() < 0.5, r.random() < 0.6, r.choice(("roster", "list"))
        pool = site.schools[p.school].pupils if p.school >= 0 else list(range(len(site.local_id)))
        self.queue = list(pool) if self.order == "list" else [i for sec in site.schools[max(p.school, 0)].sections for i in sec.pupils]
        if self.order == "list":
            r.shuffle(self.queue)
        self.label = abusive("scraping", "low_and_slow_insider", ["scraping"], macro=self.macro, gap_median_s=self.median,
                             gap_sigma=self.sigma, lunch_pause=self.lunch, contacts=self.contacts, order=self.order,
                             user_agent=p.laptop)

    def emit(self, d: int) -> None:
        s, r, w = self.site, self.r, self.w
        first, last = w.workday(d)
        ip = w.work_ip()
        c = Client(s, self.out, r, ip, w.p.laptop, w.p.user, mode="browser" if self.macro else "script")
        c.last = first  # rides on the owner's signed-in cookie
        t, lunch, seen = first + r.uniform(300, 1500), s.at(d, r.uniform(11.4, 12.2)), set()
        while self.queue and t < last:
            i = self.queue.pop(0)
            if i in seen:
                continue
            seen.add(i)
            t = c.page(t, s.pupil_url(i), ref=None, photo=s.local_id[i], xhr=(f"/api/v2/pupils/{s.pupil_uuid[i]}/alerts",))
            if self.contacts:
                t = c.page(t + lognorm(r, 2.0, 0.4), f"/Student/Contacts.aspx?StudentID={s.local_id[i]}", ref=None,
                           xhr=(f"/api/v2/pupils/{s.pupil_uuid[i]}/contacts",))
            t = c.wait(t, lognorm(r, self.median, self.sigma, 3))
            if self.lunch and t > lunch:
                t, lunch = c.wait(t, 60 * r.uniform(30, 60)), float("inf")
        c.close(t)


class HeadlessWalker(Ordinary):
    """A headless browser on a staff login walking every class roster, then each pupil's tabs, at a human-like pace.

    HeadlessChrome (40 %) or a current desktop Chrome user agent; from a cloud
    host (40 %), the owner's home (40 %) or the office; evening (50 %) or
    daytime; 2-6 h; gaps log-normal with median 3-9 s (sigma 0.5-0.9) plus a
    1-6 min pause every 15-45 min; assets (20 % cache disabled, 50 % images
    blocked) and referers; 2-4 tabs per pupil; 60 % skip pupils already seen.
    """

    def __init__(self, site: Site, p: Person, r: random.Random, out: list, days: int) -> None:
        super().__init__(site, p, r, out, days)
        self.site, self.r, self.out = site, r, out
        self.ua = ua("headless" if r.random() < 0.4 else "chrome_win", site.chrome)
        where = r.choices(("hosting", "home", "office"), (0.4, 0.4, 0.2))[0]
        self.ip = {"hosting": host(r, r.choice(site.hosting)), "home": p.home_ip, "office": site.school_ip(p)}[where]
        self.start = r.uniform(18, 21.5) if r.random() < 0.5 else r.uniform(8.5, 13)
        self.hours, self.median, self.sigma = r.uniform(2, 6), r.uniform(3, 9), r.uniform(0.5, 0.9)
        self.tabs, self.dedupe = r.randint(2, 4), r.random() < 0.6
        self.nocache, self.media = r.random() < 0.2, r.random() < 0.5
        self.days = {r.randrange(days)} | {d for d in range(days) if r.random() < 0.3}
        self.label = abusive("scraping", "headless_roster_walker", ["scraping"], user_agent=self.ua, ip=self.ip, where=where,
                             start_hour=self.start, hours=self.hours, gap_median_s=self.median, gap_sigma=self.sigma,
                             tabs=self.tabs, dedupe=self.dedupe, nocache=self.nocache, media=self.media, days=sorted(self.days))

    def emit(self, d: int) -> None:
        self.w.emit(d)
        if d not in self.days:
            return
        s, r, w = self.site, self.r, self.w
        c = Client(s, self.out, r, self.ip, self.ua, w.p.user, mode="headless", nocache=self.nocache, media=self.media)
        w.b = c
        t = c.page(s.at(d, self.start), "/Home/Dashboard", xhr=("~/api/v2/me/notifications",))
        end, pause, seen = t + 3600 * self.hours, t + 60 * r.uniform(15, 45), set()
        gap = lambda: lognorm(r, self.median, self.sigma, 0.6)  # noqa: E731
        school = s.schools[w.p.school] if w.p.school >= 0 else r.choice(s.schools)
        for sec in school.sections:
            t = c.page(c.wait(t, gap()), f"/Roster/Class.aspx?SectionID={sec.sid}&term=S2", xhr=(f"~/api/v2/sections/{sec.sid}/pupils",))
            roster = c.url
            for i in sec.pupils:
                if self.dedupe and i in seen:
                    continue
                seen.add(i)
                t = w.pupil(c.wait(t, gap()), i, tabs=0, ref=roster)
                t = self._tabs(c, t, i, gap)
                if t > pause:
                    t = c.wait(t, 60 * r.uniform(1, 6))
                    pause = t + 60 * r.uniform(15, 45)
                if t > end:
                    return c.close(t)
        c.close(t)

    def _tabs(self, c: Client, t: float, i: int, gap) -> float:
        s = self.site
        local, uid, code = s.local_id[i], s.pupil_uuid[i], s.schools[s.pupil_school[i]].code
        profile = c.url
        pages = ((f"/Student/Grades.aspx?id={local}&term=S2", (f"/api/v2/pupils/{uid}/grades?term=S2",)),
                 (f"/Student/Contacts.aspx?StudentID={local}", (f"/api/v2/pupils/{uid}/contacts",)),
                 (f"/Student/Attendance.aspx?StudentID={local}&SchoolCode={code}&yr=2027", (f"~/api/v2/pupils/{uid}/attendance?from=2026-08-17&to={s.date(0)}",)),
                 (f"/Student/Health.aspx?StudentID={local}", ()))
        for path, xhr in pages[: self.tabs]:
            t = c.page(c.wait(t, gap()), path, xhr=xhr, ref=profile)
        return t


class ApiPager(Ordinary):
    """A script on a staff login paging ``/api/v2/pupils?page=N&pageSize=200`` then reading each pupil's JSON.

    Token from ``POST /connect/token``; script user agent (python-requests,
    curl, Windows PowerShell, PowerShell 7; 75 %) or a spoofed Chrome; 1-8
    parallel workers; 0.03-0.4 s between calls, 50 % sleep 0.5-2 s per pupil;
    429 with a retry when more than ~15 calls a second; 1-3 endpoints per
    pupil; a cloud host at night (50 %), the office by day (30 %) or home in
    the evening; 1500-6000 pupils; one day (20 % the next ones too).
    """

    def __init__(self, site: Site, p: Person, r: random.Random, out: list, days: int) -> None:
        super().__init__(site, p, r, out, days)
        self.site, self.r, self.out = site, r, out
        self.ua = r.choice(SCRIPT_UAS) if r.random() < 0.75 else ua("chrome_win", site.chrome)
        where = r.choices(("hosting", "office", "home"), (0.5, 0.3, 0.2))[0]
        self.ip = {"hosting": host(r, r.choice(site.hosting)), "office": site.school_ip(p), "home": p.home_ip}[where]
        self.start = {"hosting": r.uniform(21, 26), "office": r.uniform(9, 14), "home": r.uniform(18.5, 22)}[where]
        self.workers, self.gap, self.sleep = r.choice((1, 2, 4, 8)), r.uniform(0.03, 0.4), r.random() < 0.5
        self.n = min(len(site.local_id), r.randint(1500, 6000))
        self.endpoints = r.sample(("contacts", "attendance?from=2026-08-17&to=" + site.date(0), "grades?term=S2", "health"), r.randint(0, 2))
        self.days = {r.randrange(days)} | {d for d in range(days) if r.random() < 0.2}
        self.label = abusive("scraping", "api_pager", ["scraping"], user_agent=self.ua, ip=self.ip, where=where,
                             start_hour=self.start, workers=self.workers, gap_s=self.gap, sleeps=self.sleep, pupils=self.n,
                             endpoints=["pupil"] + [e.split("?")[0] for e in self.endpoints], days=sorted(self.days))

    def emit(self, d: int) -> None:
        self.w.emit(d)
        if d not in self.days:
            return
        s, r = self.site, self.r
        c = Client(s, self.out, r, self.ip, self.ua, self.w.p.user, mode="script")
        t = c.emit(s.at(d, self.start), "POST", "/connect/token", 200, 1_450, lognorm(r, 180, 0.3), None, authed=False)
        schools = sorted(range(len(s.schools)), key=lambda k: r.random())
        pupils: list[int] = []
        for k in schools:
            code, members = s.schools[k].code, sorted(s.schools[k].pupils, key=lambda i: s.local_id[i])
            for page in range(1, len(members) // 200 + 3):
                chunk = members[(page - 1) * 200: page * 200]
                t = c.xhr(t + lognorm(r, self.gap, 0.5), f"/api/v2/pupils?page={page}&pageSize=200&schoolCode={code}",
                          nbytes=60 + 410 * len(chunk))
                pupils += chunk
                if not chunk:
                    break
            if len(pupils) >= self.n:
                break
        lanes = [t + 0.01 * k for k in range(self.workers)]
        for i in pupils[: self.n]:
            k = min(range(self.workers), key=lanes.__getitem__)
            tl = lanes[k]
            for ep in ("",) + tuple("/" + e for e in self.endpoints):
                path = f"/api/v2/pupils/{s.pupil_uuid[i]}{ep}"
                if self.workers >= 4 and r.random() < 0.02 * self.workers:
                    tl = c.xhr(tl, path, status=429, nbytes=0) + r.uniform(1, 5)
                tl = c.xhr(tl + lognorm(r, self.gap, 0.6), path, nbytes=int(lognorm(r, 2_200, 0.5, 200)))
            lanes[k] = tl + (r.uniform(0.5, 2.0) if self.sleep else 0.0)
