"""Credential sharing in the held-out district: one login, several people."""

from __future__ import annotations

import random

from .abuse import abusive
from .lookalikes import Ordinary
from .site import Person, Site, host, make_person, prefix, ua
from .staff import Worker

#: Generic logins a district ends up with; ``{nb}`` is the NetBIOS domain, ``{dom}`` the mail domain.
GENERIC = ("{nb}\\frontoffice", "registrar.shared@{dom}", "data.admin@{dom}", "{nb}\\attendance", "{nb}\\counseling",
           "enrollment@{dom}", "{nb}\\subdesk", "frontdesk.ms@{dom}")
DESKTOPS = ("chrome_win", "edge_win", "safari_mac", "firefox_win", "chrome_mac")


def family(user_agent: str) -> str:
    """The :func:`~sample_logs.heldout.site.ua` kind a desktop user agent was made from."""
    if "Edg/" in user_agent:
        return "edge_win"
    if "Firefox/" in user_agent:
        return "firefox_win"
    if "Macintosh" in user_agent:
        return "chrome_mac" if "Chrome/" in user_agent else "safari_mac"
    return "chrome_cros" if "CrOS" in user_agent else "chrome_win"


def _other_desktop(r: random.Random, site: Site, owner_ua: str) -> str:
    """A desktop browser of another family than ``owner_ua``."""
    return ua(r.choice([k for k in DESKTOPS if k != family(owner_ua)]), site.chrome)


class TwoPlacesAtOnce(Ordinary):
    """The owner works at school while someone else uses the same login from a distant network with another browser.

    The other person (a former colleague, a tutoring company) works 1.5-4 h
    inside the owner's day on 70 % of days (at least one), looking pupils up
    as a clerk would, from a residential or business address in a /16 nobody
    in the district uses.
    """

    def __init__(self, site: Site, p: Person, r: random.Random, out: list, days: int, taken: set[str]) -> None:
        super().__init__(site, p, r, out, days)
        self.site, self.r = site, r
        q = make_person(r, site, "clerk", p.school, taken, user=p.user)
        q.laptop, q.p_evening, q.p_phone = _other_desktop(r, site, p.laptop), 0.0, 0.0
        self.other, self.ip = Worker(site, q, r, out), host(r, prefix(r))
        self.days = {r.randrange(days)} | {d for d in range(days) if r.random() < 0.7}
        self.label = abusive("credential_sharing", "two_places_at_once", ["credential_sharing"], owner_ip=site.school_ip(p),
                             owner_ua=p.laptop, other_ip=self.ip, other_ua=q.laptop, days=sorted(self.days))

    def emit(self, d: int) -> None:
        first, last = self.w.workday(d)
        self.w.extras(d, first, last)
        if d in self.days:
            s, r = self.site, self.r
            h0 = (first - s.at(d, 0)) / 3600 + r.uniform(0.3, 3.0)
            self.other.workday(d, ip=self.ip, start=h0, end=h0 + r.uniform(1.5, 4.0), n_tasks=r.randint(4, 12))


class ForeignNight(Ordinary):
    """The owner's login used at night from abroad or a cloud host, with another browser, after the owner's ordinary day.

    00:30-04:00 local, 20-90 minutes, 15-120 pupils looked up at a reading
    pace (think median 6-15 s), a report exported in 40 % of cases; one night.
    """

    def __init__(self, site: Site, p: Person, r: random.Random, out: list, days: int, taken: set[str]) -> None:
        super().__init__(site, p, r, out, days)
        self.site, self.r = site, r
        q = make_person(r, site, "clerk", p.school, taken, user=p.user)
        q.laptop, q.think = ua(r.choice(("chrome_linux", "firefox_win", "chrome_win")), site.chrome - r.randint(2, 6)), r.uniform(6, 15)
        where = r.choice(("foreign", "hosting"))
        self.ip = host(r, r.choice(site.foreign if where == "foreign" else site.hosting))
        self.intruder, self.day = Worker(site, q, r, out), r.randrange(days)
        self.start, self.minutes, self.pupils = r.uniform(0.5, 4.0), r.uniform(20, 90), r.randint(15, 120)
        self.label = abusive("credential_sharing", "foreign_night_use", ["credential_sharing"], where=where, ip=self.ip,
                             user_agent=q.laptop, day=self.day, start_hour=self.start, minutes=self.minutes, pupils=self.pupils)

    def emit(self, d: int) -> None:
        self.w.emit(d)
        if d != self.day:
            return
        s, r, w = self.site, self.r, self.intruder
        b = w.use(self.ip, w.p.laptop)
        t = b.page(s.at(d, self.start), "/Home/Dashboard", xhr=("~/api/v2/me/notifications",))
        end, pool = t + 60 * self.minutes, w.my_pupils()
        for k in range(self.pupils):
            t = w.search(w.pace(t), r.choice(pool), r.choice((0, 1, 2))) if k % 3 == 0 else w.pupil(w.pace(t), r.choice(pool), 1)
            if t > end:
                break
        if r.random() < 0.4:
            t = w.report(w.pace(t))
        b.close(t)


class GenericShared:
    """A generic login used by 3-7 people at 3-6 schools (and sometimes from home) on the same days.

    Each user has their own browser and habits and a 2-7 hour stretch of the
    school day, so sessions overlap from different networks and user agents.
    """

    def __init__(self, site: Site, r: random.Random, out: list, days: int, taken: set[str], name: str) -> None:
        self.site, self.r, self.key = site, r, name
        schools = r.sample(range(len(site.schools)), min(len(site.schools), r.randint(3, 6)))
        self.users: list[tuple[Worker, str]] = []
        for k in range(r.randint(max(3, len(schools)), 7)):
            q = make_person(r, site, r.choice(("clerk", "registrar")), schools[k % len(schools)], taken, user=name)
            q.p_evening = q.p_phone = 0.0
            ip = q.home_ip if k >= len(schools) and r.random() < 0.5 else site.schools[q.school].ip
            self.users.append((Worker(site, q, r, out), ip))
        self.label = abusive("credential_sharing", "generic_shared_login", ["credential_sharing"], n_users=len(self.users),
                             ips=sorted({ip for _, ip in self.users}), user_agents=sorted({w.p.laptop for w, _ in self.users}))

    def emit(self, d: int) -> None:
        for k, (w, ip) in enumerate(self.users):
            if k < 2 or self.r.random() < 0.85:
                h0 = self.r.uniform(7.3, 11.5)
                w.workday(d, ip=ip, start=h0, end=min(16.8, h0 + self.r.uniform(2, 7)), n_tasks=self.r.randint(3, 12))


def generic_names(site: Site, r: random.Random, n: int) -> list[str]:
    """``n`` distinct generic account names for this district."""
    return [g.format(nb=site.netbios, dom=site.domain) for g in r.sample(GENERIC, n)]
