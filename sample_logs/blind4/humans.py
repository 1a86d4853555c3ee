"""Ordinary staff at human pace: sittings, sign-in, role tasks, think times, keep-alive pings."""
from __future__ import annotations

import random

from . import pages as P
from .site import Client, Site
from .world import LAST, ORIGIN, Nets, Staff, day_start, home_ip, office_ip, weekday


def think(r: random.Random, med: float, sigma: float = 0.8, lo: float = 1.5, hi: float = 900.0) -> float:
    return min(hi, max(lo, r.lognormvariate(0, sigma) * med))


class Person:
    """Runtime state of one human: their browsers (clients) by location."""

    def __init__(self, s: Staff, nets: Nets, r: random.Random):
        self.s, self.nets, self.r = s, nets, r
        self.dev: dict[str, Client] = {}
        self.caseload = None
        self.first_login_day = -1

    def client(self, where: str, day: int = 0) -> Client:
        s, key = self.s, where if where != "phone" else f"phone{day}"
        if key not in self.dev:
            via = None
            if where == "office":
                ip = office_ip(s)
                if s.lea.via_coe:
                    via = f"10.{self.r.randint(16, 31)}.{self.r.randint(0, 255)}.{self.r.randint(2, 250)}"
            elif where == "home":
                ip = home_ip(s, self.nets)
            elif where == "vpn":
                ip = s.lea.vpn_ip or home_ip(s, self.nets)
            else:
                ip = self.nets.ip("mobile", f"mobile carrier CGNAT ({s.account} phone)")
            ua = s.phone_ua if where == "phone" else s.desk_ua
            self.dev[key] = Client(ip, ua, s.account, via)
        return self.dev[key]

    def students(self):
        s, r = self.s, self.r
        if s.role == "counselor" and s.school:
            if self.caseload is None:
                ss = s.school.ssids
                k = r.randint(0, max(0, len(ss) - 350))
                self.caseload = ss[k:k + r.randint(220, 350)]
            return self.caseload
        sch = s.school or r.choice(s.lea.schools)
        return sch.ssids


def wait(site: Site, c: Client, t: float, dt: float) -> float:
    """Let time pass with the tab open: the front end polls /api/v1/session every 5 minutes."""
    end = t + dt
    if c.url is None or not c.browser:
        return end
    nt = t + site.r.uniform(240, 300)
    while nt < end:
        if not site.session_valid(c, nt):
            site.ping(c, nt)                     # 401, the SPA bounces to the sign-in page
            site.sign_in_page(c, nt + 0.2, ref=ORIGIN + c.url, q="timeout=true")
            c.url = None
            break
        last = c.last
        site.ping(c, nt)
        c.last = last
        nt += site.r.uniform(299, 301)
    return end


def sign_in(site: Site, p: Person, c: Client, t: float, day: int) -> float:
    s, r = p.s, site.r
    first = p.first_login_day != day
    p.first_login_day = day
    if s.local_auth or s.lea.idp == "local":
        if r.random() < 0.04:                    # a typo first
            t = site.login_local(c, t, ok=False, typing=(5, 15)) + r.uniform(4, 12)
            return site.login_local(c, t, typing=(5, 14), page=False)
        return site.login_local(c, t, typing=(4, 14))
    return site.login_sso(c, t, s.lea, r.uniform(6, 28) if first else r.uniform(0.8, 3.5))


# ----------------------------------------------------------------------------- tasks
def open_student(site: Site, p: Person, c: Client, t: float, ssid: str, tabs=(), edit: float = 0.0) -> float:
    r = site.r
    full = r.random() < 0.08
    t = site.page(c, t, P.student(ssid), full=full, ref=ORIGIN + c.url if (full and c.url) else None)
    t = wait(site, c, t, think(r, 14))
    for tab in tabs:
        t = site.page(c, t, P.student_tab(ssid, tab))
        t = wait(site, c, t, think(r, 12))
        if tab == "enrollment" and r.random() < edit:
            t = wait(site, c, t, think(r, 35))
            t = site.xhr(c, t, "PATCH", f"/api/v1/students/{ssid}/enrollments/{site.new_id()}",
                         "Api::V1::EnrollmentsController#update", lo=1200, hi=1500,
                         pp={"student_id": ssid, "enrollment": {"exit_code": r.choice(("E150", "E230", "T160", "N470")),
                                                                "exit_date": "2025-12-0" + str(r.randint(1, 8))}})
            t = wait(site, c, t, think(r, 6))
    return t


def typeahead(site: Site, c: Client, t: float, lea: str) -> float:
    r = site.r
    name = r.choice(LAST)
    for k in range(min(r.randint(2, 4), len(name) - 2)):
        frag = name[: 3 + k]
        t = site.xhr(c, t + r.uniform(0.25, 0.9), "GET", "/api/v1/students/typeahead",
                     "Api::V1::StudentTypeaheadController#index", q=f"q={frag}&lea={lea}&limit=10",
                     lo=300, hi=2400, pp={"q": frag, "lea": lea, "limit": "10"})
    return t + r.uniform(0.6, 2.5)


ROLE_TABS = {"clerk": ("enrollment", "demographics", "programs", "english-language"),
             "data": ("enrollment", "programs", "demographics", "courses", "absences"),
             "counselor": ("courses", "assessments", "programs", "absences", "discipline"),
             "sped": ("special-education", "programs", "enrollment", "assessments"),
             "admin": ("enrollment", "discipline", "absences"), "it": ("enrollment", "demographics")}


def sitting(site: Site, p: Person, c: Client, t: float, t_end: float, day: int, tasks=None) -> float:
    r = site.r
    if not site.session_valid(c, t):
        t = sign_in(site, p, c, t, day)
        t = site.page(c, t, P.dashboard(p.s.lea.cds), full=True)
        t = wait(site, c, t, think(r, 8))
    elif c.url is None:
        t = site.page(c, t, P.dashboard(p.s.lea.cds), full=True)
    from .tasks import ROLE_TASKS, TASKS
    w = tasks or ROLE_TASKS[p.s.role]
    names, weights = list(w), list(w.values())
    while t < t_end:
        t = TASKS[r.choices(names, weights)[0]](site, p, c, t)
        t = wait(site, c, t, think(r, 20))
    if r.random() < 0.18 and c.authed:
        t = site.logout(c, t)
        c.url = None
    return t


SIT = {"clerk": (4, 10), "data": (5, 22), "counselor": (3, 7), "sped": (3, 8), "admin": (2.5, 6), "it": (3, 8)}
P_ACTIVE = {"clerk": 0.8, "data": 0.97, "counselor": 0.55, "sped": 0.6, "admin": 0.6, "it": 0.5}


def plan_day(r: random.Random, p: Person, d: int, busy: float = 1.0, force: bool = False):
    """Sittings (start, end, where) of an ordinary working day."""
    s = p.s
    if force and weekday(d) < 5:
        for _ in range(8):
            pl = plan_day(r, p, d, busy)
            if pl:
                return pl
    base = day_start(d)
    weekend = weekday(d) >= 5
    if r.random() > (0.12 if weekend and s.role == "data" else 0.03 if weekend else P_ACTIVE[s.role]):
        return []
    if weekend:
        t0 = base + r.uniform(9, 20) * 3600
        return [(t0, t0 + r.uniform(10, 50) * 60, "home")]
    start = base + (s.start_h + r.gauss(0, 0.25)) * 3600
    end = base + (s.end_h + r.gauss(0, 0.3)) * 3600
    lunch0 = base + r.uniform(11.4, 12.9) * 3600
    lunch1 = lunch0 + r.uniform(25, 60) * 60
    n_mean, med = SIT[s.role]
    n = max(1, int(round(r.gauss(n_mean, 1.2) * s.level * busy)))
    where = "home" if s.remote else "office"
    if s.remote and s.lea.vpn_ip and r.random() < 0.5:
        where = "vpn"
    starts = sorted(r.uniform(start, end - 600) for _ in range(n))
    out = []
    for i, t0 in enumerate(starts):
        if lunch0 <= t0 < lunch1:
            t0 = lunch1 + r.uniform(0, 600)
        t1 = t0 + think(r, med * 60, 0.7, 120, 4 * 3600)
        if t0 < lunch0 < t1:
            t1 = lunch0
        if i + 1 < len(starts):
            t1 = min(t1, starts[i + 1] - 30)
        if t1 - t0 >= 60:
            out.append((t0, t1, where))
    if s.phone_user and r.random() < 0.35:
        t0 = lunch0 + r.uniform(0, max(60, lunch1 - lunch0 - 300))
        out.append((t0, t0 + r.uniform(2, 7) * 60, "phone"))
    if s.evening and r.random() < 0.6:
        t0 = base + r.uniform(19.2, 22.2) * 3600
        out.append((t0, t0 + r.uniform(10, 45) * 60, "home"))
    return sorted(out)


def run_day(site: Site, p: Person, d: int, plan, tasks=None) -> None:
    for i, (t0, t1, where) in enumerate(plan):
        c = p.client(where, d)
        t = sitting(site, p, c, t0, t1, d, tasks)
        nxt = next((a for a, _, w in plan[i + 1:] if w == where), day_start(d + 1) + 6 * 3600)
        wait(site, c, t, max(0.0, min(nxt - t - 5, 2400.0)))
