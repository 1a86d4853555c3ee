"""Benign look-alikes: legitimate staff whose day resembles abuse in one way or another.

Each is labelled ``benign`` with its behaviour, so an evaluation can count how
many of them were alerted.  They keep working like ordinary staff otherwise.
"""

from __future__ import annotations

import random

from .browser import lognorm
from .site import Person, Site, host, prefix
from .staff import Worker


def benign(behaviour: str, **params) -> dict:
    """A benign label with the parameters drawn for this instance."""
    return {"label": "benign", "behaviour": behaviour, "kinds": [],
            "params": {k: round(v, 3) if isinstance(v, float) else v for k, v in params.items()}}


class Ordinary:
    """An unlisted ordinary staff member (not labelled)."""

    label: dict | None = None

    def __init__(self, site: Site, p: Person, r: random.Random, out: list, days: int) -> None:
        self.key, self.w = p.user, Worker(site, p, r, out)

    def emit(self, d: int) -> None:
        self.w.emit(d)


class RegistrarHeavyDay(Ordinary):
    """A registrar (or clerk) verifying records before a state reporting deadline: 300-800 pupils in a day.

    Walks class rosters of the school pupil by pupil at human pace (think median
    5-10 s, heavy tail), goes back to the roster often, opens 0-2 tabs per pupil,
    posts an enrollment correction every ~10 pupils, takes 5-20 min breaks every
    40-100 min and lunch; 10-11.5 hours.  Other days are ordinary.
    """

    def __init__(self, site: Site, p: Person, r: random.Random, out: list, days: int) -> None:
        super().__init__(site, p, r, out, days)
        self.site, self.r = site, r
        self.day, self.n, self.think = r.randrange(days), r.randint(300, 800), r.uniform(5.0, 10.0)
        self.label = benign("registrar_heavy_day", day=self.day, pupils_target=self.n, think_median_s=self.think)

    def emit(self, d: int) -> None:
        if d != self.day:
            return self.w.emit(d)
        s, r, w = self.site, self.r, self.w
        w.p.think = self.think
        b = w.use(w.work_ip(), w.p.laptop)
        t = b.page(s.at(d, w.p.arrive - 0.5), "/Home/Dashboard", xhr=("~/api/v2/me/notifications",))
        end, lunch = t + 3600 * r.uniform(10, 11.5), s.at(d, r.uniform(11.5, 12.5))
        next_break, seen = t + 60 * r.uniform(40, 100), set()
        school = s.schools[w.p.school] if w.p.school >= 0 else r.choice(s.schools)
        secs = [sec for sec in school.sections if sec.period in (0, 1)]
        r.shuffle(secs)
        for sec in secs:
            t = b.page(w.pace(t), f"/Roster/Class.aspx?SectionID={sec.sid}&term=S2", xhr=(f"~/api/v2/sections/{sec.sid}/pupils",))
            roster = b.url
            for i in sec.pupils:
                t = w.pupil(w.pace(t, 0.7), i, tabs=r.choice((0, 1, 1, 2)), ref=roster)
                seen.add(i)
                if r.random() < 0.1:
                    path = f"/Enrollment/Enroll.aspx?StudentID={s.local_id[i]}"
                    t = b.page(b.page(w.pace(t), path), path, method="POST", kb=40)
                if r.random() < 0.3:
                    t = b.page(w.pace(t, 0.3), f"/Roster/Class.aspx?SectionID={sec.sid}&term=S2")
                if t > lunch:
                    t, lunch = b.wait(t, 60 * r.uniform(25, 45), awake=False), float("inf")
                elif t > next_break:
                    t = b.wait(t, 60 * r.uniform(5, 20))
                    next_break = t + 60 * r.uniform(40, 100)
                if len(seen) >= self.n or t > end:
                    b.close(t)
                    return


class GradebookMarathon(Ordinary):
    """A teacher entering a whole assessment for every section at once: one score PUT per pupil every few seconds.

    After school (at school, 60 %) or in the evening from home: all sections, every
    pupil, gaps log-normal with median 2-5 s and little spread (typing numbers).
    """

    def __init__(self, site: Site, p: Person, r: random.Random, out: list, days: int) -> None:
        super().__init__(site, p, r, out, days)
        self.site, self.r = site, r
        self.day, self.gap, self.at_school = r.randrange(days), r.uniform(2.0, 5.0), r.random() < 0.6
        self.label = benign("gradebook_marathon", day=self.day, gap_median_s=self.gap, at_school=self.at_school,
                            sections=len(p.sections))

    def emit(self, d: int) -> None:
        w, r, s = self.w, self.r, self.site
        if d != self.day:
            return w.emit(d)
        first, last = w.workday(d)
        b = w.use(w.work_ip(), w.p.laptop) if self.at_school else w.use(w.p.home_ip, w.p.home_ua)
        t = last + (r.uniform(300, 1200) if self.at_school else max(3600, s.at(d, 19.0) - last))
        for j in w.p.sections:
            sec = s.schools[w.p.school].sections[j]
            path = f"/Gradebook/Entry.aspx?SectionID={sec.sid}&term=S2"
            t = b.page(t, path, xhr=(f"~/api/v2/sections/{sec.sid}/scores",))
            for i in sec.pupils:
                t = b.xhr(b.wait(t, lognorm(r, self.gap, 0.3, 0.8)), f"/api/v2/gradebook/{sec.sid}/scores/{s.pupil_uuid[i]}",
                          method="PUT", nbytes=74)
            t = b.page(b.wait(t, r.uniform(5, 30)), path, method="POST", kb=52)
            t = b.wait(t, r.uniform(20, 240))
        b.close(t)


class PhoneAlongside(Ordinary):
    """Laptop at work all day and, at the same time, the person's phone: on school Wi-Fi or on the carrier.

    2-5 phone sessions of a few minutes inside the working day (dashboard, a
    pupil looked up between classes), while the laptop session stays open.
    ``cellular`` chooses the carrier (a fresh carrier-NAT address per session,
    IPv4 or IPv6) instead of the school's BYOD Wi-Fi.
    """

    def __init__(self, site: Site, p: Person, r: random.Random, out: list, days: int, cellular: bool) -> None:
        super().__init__(site, p, r, out, days)
        self.site, self.r, self.cellular = site, r, cellular
        p.phone = p.phone or "Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.2 Mobile/15E148 Safari/604.1"
        self.n = r.randint(2, 5)
        self.label = benign("phone_on_cellular_at_work" if cellular else "phone_and_laptop_same_wifi", sessions_per_day=self.n,
                            phone=p.phone)

    def emit(self, d: int) -> None:
        w, r, s = self.w, self.r, self.site
        first, last = w.workday(d)
        school = s.schools[w.p.school] if w.p.school >= 0 else None
        for _ in range(self.n):
            ip = s.mobile_ip(r) if self.cellular else (r.choice((school.ip, school.byod_ip)) if school else s.office_pool[1])
            b = w.use(ip, w.p.phone)
            t = b.page(r.uniform(first + 600, max(first + 900, last - 900)), "/Home/Dashboard", xhr=("~/api/v2/me/notifications",))
            for _ in range(r.randint(1, 3)):
                t = w.search(w.pace(t), r.choice(w.my_pupils()), r.randint(0, 2))
            b.close(w.pace(t))


class ConferenceTravel(Ordinary):
    """A day at a conference out of town: the work laptop on hotel Wi-Fi, the phone on the carrier, never at school.

    The hotel network is a /16 nobody else uses; 3-8 tasks between sessions,
    a couple of phone checks.  Other days are ordinary.
    """

    def __init__(self, site: Site, p: Person, r: random.Random, out: list, days: int) -> None:
        super().__init__(site, p, r, out, days)
        self.site, self.r = site, r
        self.day, self.hotel = r.randrange(days), host(r, prefix(r))
        self.label = benign("conference_travel", day=self.day, hotel_ip=self.hotel)

    def emit(self, d: int) -> None:
        w, r = self.w, self.r
        if d != self.day:
            return w.emit(d)
        first, last = w.workday(d, ip=self.hotel, start=r.uniform(6.8, 7.6), end=r.uniform(16.5, 20.0), n_tasks=r.randint(3, 8))
        if w.p.phone:
            for _ in range(r.randint(1, 3)):
                b = w.use(self.site.mobile_ip(r), w.p.phone)
                b.close(w.pace(b.page(r.uniform(first, last), "/Home/Dashboard", xhr=("~/api/v2/me/notifications",))))


class IdleTabAllDay(Ordinary):
    """A front-office clerk who keeps the SIS open all day and never closes the laptop: keep-alives and polls all day long."""

    def __init__(self, site: Site, p: Person, r: random.Random, out: list, days: int) -> None:
        super().__init__(site, p, r, out, days)
        self.r = r
        self.label = benign("idle_tab_all_day")

    def emit(self, d: int) -> None:
        self.w.workday(d, n_tasks=self.r.randint(4, 10), awake_all_day=True)


LOOKALIKES = {
    "registrar_heavy_day": (RegistrarHeavyDay, ("registrar", "clerk"), (1, 2)),
    "gradebook_marathon": (GradebookMarathon, ("teacher",), (1, 2)),
    "phone_and_laptop_same_wifi": (lambda *a: PhoneAlongside(*a, cellular=False), ("teacher", "clerk", "admin"), (2, 3)),
    "phone_on_cellular_at_work": (lambda *a: PhoneAlongside(*a, cellular=True), ("teacher", "clerk", "admin"), (1, 2)),
    "conference_travel": (ConferenceTravel, ("admin", "district", "counselor"), (1, 2)),
    "idle_tab_all_day": (IdleTabAllDay, ("clerk",), (1, 2)),
}
