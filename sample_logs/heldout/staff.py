"""Ordinary staff of the held-out district: what a teacher, clerk, counselor... does in a day.

A :class:`Worker` is one person with their devices; :meth:`Worker.workday`
plays one working day: sign in on arrival, fixed duties (teachers take
attendance at the start of each period they teach), role-specific tasks at
random times, heavy-tailed think times, a lunch break (laptop closed or left
open), then home.  Some days: a phone check before work (carrier NAT) or an
evening session from home.
"""

from __future__ import annotations

import random

from .browser import Client, lognorm
from .site import Person, Site

TABS = ("grades", "attendance", "contacts", "schedule", "health", "transcript")
#: role -> (tasks per day range, task weights over TASKS)
TASKS = ("lookup", "roster", "gradebook", "dashboard", "report", "enroll", "counsel", "discipline", "list")
ROLE_TASKS = {
    "teacher": ((3, 7), (0.25, 0.3, 0.3, 0.1, 0.05, 0, 0, 0, 0)),
    "clerk": ((20, 40), (0.7, 0, 0, 0.1, 0.1, 0.1, 0, 0, 0)),
    "counselor": ((10, 20), (0.4, 0, 0, 0.05, 0.05, 0, 0.5, 0, 0)),
    "admin": ((6, 12), (0.35, 0, 0, 0.1, 0.3, 0, 0, 0.25, 0)),
    "registrar": ((10, 20), (0.3, 0, 0, 0.05, 0.15, 0.4, 0, 0, 0.1)),
    "district": ((8, 16), (0.3, 0, 0, 0.05, 0.3, 0, 0, 0, 0.35)),
}
REPORTS = ("AttendanceSummary", "ChronicAbsence", "GradeDistribution", "EnrollmentByGrade", "IneligibilityList", "ELProgress")


class Worker:
    """One person at work: their devices (one :class:`Client` per address and user agent) and habits.

    Parameters
    ----------
    site : Site
    p : Person
    r : random.Random
        This person's generator.
    out : list
        Events are appended here.
    """

    def __init__(self, site: Site, p: Person, r: random.Random, out: list) -> None:
        self.site, self.p, self.r, self.out = site, p, r, out
        self.clients: dict[tuple, Client] = {}
        self.b: Client | None = None

    # ------------------------------------------------------------------ devices and time
    def use(self, ip: str | tuple[str, ...], ua: str, mode: str = "browser", **kw) -> Client:
        """Switch to the device at ``ip`` with ``ua`` (its cache survives between days)."""
        key = (ip, ua, mode)
        if key not in self.clients:
            school = self.site.schools[self.p.school] if self.p.school >= 0 else None
            lp = bool(school and school.longpoll and ip in (school.ip, school.byod_ip))
            self.clients[key] = Client(self.site, self.out, self.r, ip, ua, self.p.user, mode=mode, longpoll=lp, **kw)
        self.b = self.clients[key]
        return self.b

    def work_ip(self) -> str | tuple[str, ...]:
        """The laptop's address at work: the school NAT, or the district office's per-connection pool."""
        return self.site.schools[self.p.school].ip if self.p.school >= 0 else tuple(self.site.office_pool)

    def think(self, scale: float = 1.0) -> float:
        """A think time: log-normal around the person's median, with a heavy (Pareto) tail."""
        t = lognorm(self.r, self.p.think * scale, self.p.sigma, 0.8, 900)
        return t + (self.r.paretovariate(1.4) * 25 if self.r.random() < 0.04 else 0.0)

    def pace(self, t: float, scale: float = 1.0) -> float:
        """Think on the current page, keeping it alive."""
        return self.b.wait(t, self.think(scale))

    def my_pupils(self) -> list[int]:
        """Pupils this person normally deals with: own sections, own school, or the district."""
        s = self.site
        if self.p.sections:
            sch = s.schools[self.p.school]
            return sorted({i for j in self.p.sections for i in sch.sections[j].pupils})
        return s.schools[self.p.school].pupils if self.p.school >= 0 else list(range(len(s.local_id)))

    # ------------------------------------------------------------------ tasks
    def pupil(self, t: float, i: int, tabs: int = 1, ref: str | None | bool = True, new_tab: bool = False) -> float:
        """Open pupil ``i``'s profile and ``tabs`` of its tabs."""
        s, b = self.site, self.b
        local, uid, code = s.local_id[i], s.pupil_uuid[i], s.schools[s.pupil_school[i]].code
        t = b.page(t, s.pupil_url(i), photo=local, ref=ref, new_tab=new_tab, kb=46,
                   xhr=(f"/api/v2/pupils/{uid}/alerts", f"~/api/v2/pupils/{uid}/summary"))
        for tab in self.r.sample(TABS, min(tabs, len(TABS))):
            t = self.pace(t, 0.8)
            path, xhr = {
                "grades": (f"/Student/Grades.aspx?id={local}&term=S2", (f"/api/v2/pupils/{uid}/grades?term=S2",)),
                "attendance": (f"/Student/Attendance.aspx?StudentID={local}&SchoolCode={code}&yr=2027",
                               (f"~/api/v2/pupils/{uid}/attendance?from=2026-08-17&to={s.date(0)}",)),
                "contacts": (f"/Student/Contacts.aspx?StudentID={local}", (f"/api/v2/pupils/{uid}/contacts",)),
                "schedule": (f"/Student/Schedule.aspx?StudentID={local}&SchoolCode={code}", ()),
                "health": (f"/Student/Health.aspx?StudentID={local}", ()),
                "transcript": (f"/Student/Transcript.aspx?StudentID={local}&fmt=html", ()),
            }[tab]
            t = b.page(t, path, xhr=xhr)
        return t

    def search(self, t: float, i: int, tabs: int) -> float:
        """Find a pupil by name (autocomplete, postback) and open them."""
        b, r = self.b, self.r
        t = b.page(t, "/Student/Search.aspx", kb=22)
        for k in range(r.randint(1, 3)):
            t = b.xhr(t + r.uniform(0.3, 1.5), f"/api/v2/pupils/lookup?term={'garmiwhnl'[i % 9]}{'aeiou'[k]}", bust=True)
        t = b.page(t + r.uniform(1, 4), "/Student/Search.aspx", method="POST", kb=31)
        return self.pupil(self.pace(t, 0.5), i, tabs)

    def roster(self, t: float, sec: int, opens: int = 0) -> float:
        """Open a class roster and ``opens`` pupils from it (sometimes ctrl-clicked into tabs)."""
        section, b, r = self.site.schools[self.p.school].sections[sec], self.b, self.r
        t = b.page(t, f"/Roster/Class.aspx?SectionID={section.sid}&term=S2", xhr=(f"~/api/v2/sections/{section.sid}/pupils",))
        roster_url = b.url
        picks = r.sample(section.pupils, min(opens, len(section.pupils)))
        burst = len(picks) > 1 and r.random() < 0.4
        for k, i in enumerate(picks):
            t = t + r.uniform(0.8, 2.5) if burst else self.pace(t)
            t = self.pupil(t, i, tabs=0 if burst else r.randint(0, 2), ref=roster_url, new_tab=burst)
            if burst and k == len(picks) - 1:
                for _ in picks:
                    t = self.pace(t)
        return t

    def attendance(self, t: float, sec: int) -> float:
        """Take attendance for one section: load, mark, submit (sometimes a correction)."""
        section, b, r = self.site.schools[self.p.school].sections[sec], self.b, self.r
        path = f"/Attendance/TakeAttendance.aspx?SectionID={section.sid}&date={self.site.date(0)}"
        t = b.page(t, path, xhr=(f"~/api/v2/sections/{section.sid}/pupils?date={self.site.date(0)}",))
        for _ in range(1 + (r.random() < 0.12)):
            t = b.page(b.wait(t, lognorm(r, 45, 0.6, 8, 400)), path, method="POST", kb=30)
        return t

    def gradebook(self, t: float, sec: int, scores: int) -> float:
        """Enter ``scores`` scores in one section's gradebook (one PUT per pupil), then save."""
        section, b, r = self.site.schools[self.p.school].sections[sec], self.b, self.r
        path = f"/Gradebook/Entry.aspx?SectionID={section.sid}&term=S2"
        t = b.page(t, path, xhr=(f"~/api/v2/sections/{section.sid}/scores",))
        for i in section.pupils[:scores]:
            t = b.wait(t, lognorm(r, self.p.think * 0.45, 0.45, 1.2))
            t = b.xhr(t, f"/api/v2/gradebook/{section.sid}/scores/{self.site.pupil_uuid[i]}", method="PUT", nbytes=74)
        return b.page(self.pace(t, 0.3), path, method="POST", kb=52)

    def report(self, t: float) -> float:
        """Run a report in the ReportViewer and sometimes export it to Excel."""
        b, r = self.b, self.r
        code = self.site.schools[self.p.school].code if self.p.school >= 0 else r.choice(self.site.schools).code
        name = r.choice(REPORTS)
        t = b.page(t, f"/Reports/ReportViewer.aspx?rpt={name}&SchoolCode={code}", kb=64)
        ctl = "%032x" % r.getrandbits(128)
        t = b.xhr(b.wait(t, lognorm(r, 6, 0.5)), f"/Reserved.ReportViewerWebControl.axd?OpType=SessionKeepAlive&ControlID={ctl}")
        if r.random() < 0.4:
            t = b.wait(t, self.think())
            t = b.emit(t, "GET", f"/Reserved.ReportViewerWebControl.axd?ReportSession={ctl[:24]}&Culture=1033&ControlID={ctl}"
                       f"&Mode=true&OpType=Export&FileName={name}&ContentDisposition=AlwaysAttachment&Format=EXCELOPENXML",
                       200, lognorm(r, 180_000, 0.9, 9_000), lognorm(r, 2_500, 0.7, 200), b.url)
        return t

    def task(self, t: float, kind: str) -> float:
        """Run one task of ``kind`` (see :data:`TASKS`)."""
        r, b, pool = self.r, self.b, self.my_pupils()
        if kind == "lookup" or (kind == "roster" and not self.p.sections):
            return self.search(t, r.choice(pool), r.choice((0, 1, 1, 2, 3)))
        if kind == "roster":
            return self.roster(t, r.choice(self.p.sections), r.choice((0, 1, 2, 3, 5)))
        if kind == "gradebook" and self.p.sections:
            return self.gradebook(t, r.choice(self.p.sections), r.randint(3, 30))
        if kind in ("enroll", "counsel", "discipline"):
            local = self.site.local_id[r.choice(pool)]
            path = {"enroll": f"/Enrollment/Enroll.aspx?StudentID={local}", "counsel": f"/Scheduling/Requests.aspx?StudentID={local}&yr=2027",
                    "discipline": f"/Discipline/Incident.aspx?IncidentID={r.randint(40_000, 99_999)}&StudentID={local}"}[kind]
            t = b.page(t, path)
            return b.page(self.pace(t, 1.5), path, method="POST", kb=40)
        if kind == "list":
            code = self.site.schools[self.p.school].code if self.p.school >= 0 else r.choice(self.site.schools).code
            t = b.page(t, f"/Student/List.aspx?SchoolCode={code}")
            for page in range(1, r.randint(2, 7)):
                t = b.xhr(self.pace(t, 0.5), f"/api/v2/pupils?page={page}&pageSize=50&schoolCode={code}&sort=lastName", bust=True,
                          nbytes=int(lognorm(r, 21_000, 0.2)))
            return self.pupil(self.pace(t), r.choice(pool), r.randint(0, 2)) if r.random() < 0.6 else t
        if kind == "report":
            return self.report(t)
        return b.page(t, "/Home/Dashboard", xhr=("~/api/v2/me/notifications", "/api/v2/dashboard/widgets"))

    # ------------------------------------------------------------------ a day
    def workday(self, d: int, ip: str | tuple[str, ...] | None = None, ua: str | None = None, start: float | None = None,
                end: float | None = None, n_tasks: int | None = None, awake_all_day: bool = False) -> tuple[float, float]:
        """Play one working day (hours local); return its first and last activity times."""
        s, p, r = self.site, self.p, self.r
        b = self.use(ip or self.work_ip(), ua or p.laptop)
        t0 = s.at(d, start if start is not None else p.arrive + r.gauss(0, 0.2))
        t1 = s.at(d, end) if end is not None else t0 + 3600 * (p.hours + r.gauss(0, 0.35))
        lunch = s.at(d, r.uniform(11.2, 12.3))
        lunch_end = lunch + 60 * r.uniform(22, 50)
        plan: list[tuple[float, str, int]] = []
        if p.role == "teacher" and p.sections and start is None:
            for j in p.sections:
                q = s.schools[p.school].sections[j].period
                h = 8.1 if q == 0 else 8.0 + (q - 1) * 0.95 + (0.6 if q > 4 else 0.0)
                plan.append((s.at(d, h) + r.uniform(60, 420), "attendance", j))
            if s.schools[p.school].level == "elem":
                plan.append((lunch_end + r.uniform(60, 400), "attendance", p.sections[0]))
        lo, hi = ROLE_TASKS[p.role][0]
        for _ in range(n_tasks if n_tasks is not None else r.randint(lo, hi)):
            plan.append((r.uniform(t0 + 300, t1), r.choices(TASKS, ROLE_TASKS[p.role][1])[0], 0))
        plan = sorted(x for x in plan if t0 <= x[0] <= t1 and not lunch <= x[0] <= lunch_end)
        t = b.page(t0, "/Home/Dashboard", xhr=("~/api/v2/me/notifications", "/api/v2/dashboard/widgets"))
        for when, kind, arg in plan:
            if when <= t:
                t = self.pace(t, 0.5)
            else:
                gap = when - t
                sleeps = not awake_all_day and ((t < lunch_end and when > lunch and r.random() < 0.6) or (gap > 2400 and r.random() < 0.5))
                t = b.wait(t, gap, awake=not sleeps)
            t = self.attendance(t, arg) if kind == "attendance" else self.task(t, kind)
        if awake_all_day and t < t1:
            t = b.wait(t, t1 - t)
        if r.random() < 0.25:
            t = b.page(self.pace(t), "/Account/LogOff", status=302, kb=0)
            b.last = -1e18
        b.close(t + 1)
        return t0, t

    def extras(self, d: int, first: float, last: float) -> None:
        """Sometimes a phone check before work (carrier NAT) and an evening session from home."""
        s, p, r = self.site, self.p, self.r
        if p.phone and r.random() < p.p_phone:
            b = self.use(s.mobile_ip(r), p.phone)
            t = b.page(first - r.uniform(1800, 5400), "/Home/Dashboard", xhr=("~/api/v2/me/notifications",))
            if r.random() < 0.5:
                t = self.pupil(self.pace(t), r.choice(self.my_pupils()))
            b.close(self.pace(t))
        if r.random() < p.p_evening:
            b = self.use(p.home_ip, p.home_ua)
            start = max(last + 3600, s.at(d, r.uniform(18.5, 21.5)))
            t = b.page(start, "/Home/Dashboard", xhr=("~/api/v2/me/notifications",))
            for _ in range(r.randint(1, 4)):
                t = self.task(self.pace(t), "gradebook" if p.sections and r.random() < 0.6 else "lookup")
            b.close(self.pace(t))

    def emit(self, d: int) -> None:
        """An ordinary day: at work (most days) plus the extras."""
        if self.r.random() < 0.94:
            first, last = self.workday(d)
            self.extras(d, first, last)
