"""Benign behaviours: ordinary staff, the benign look-alikes and the uptime monitor.

Every actor writes the events of one local day at a time through
:meth:`Actor.emit`; human tasks (search, roster review, enrollment update,
report extract, error fixing) are shared with the threat behaviours in
:mod:`sample_logs.threats` that imitate people.
"""

from __future__ import annotations

import math
from urllib.parse import quote_plus

from .app import EXTRACT_TYPES, LAST, STUDENT_TABS, Person, World
from .client import Client, Draw

TASKS = ("lookup", "roster", "update", "report", "dashboard", "errors")
ROLE_TASKS = {"records_clerk": (0.42, 0.14, 0.26, 0.04, 0.08, 0.06), "counselor": (0.5, 0.3, 0.05, 0.05, 0.1, 0.0),
              "school_admin": (0.25, 0.3, 0.02, 0.18, 0.25, 0.0), "district_data": (0.2, 0.2, 0.05, 0.3, 0.1, 0.15),
              "sped_coordinator": (0.45, 0.25, 0.15, 0.05, 0.1, 0.0)}
TAB_P = {"demographics": 0.45, "enrollment": 0.4, "programs": 0.2, "assessments": 0.15}


class Actor:
    """Something that writes to the log.  Subclasses set a label to be listed.

    Attributes
    ----------
    key : str or None
        Account e-mail (``scope == "accounts"``) or source IP (``"sources"``) the label is about.
    label : dict or None
        ``{"label", "behaviour", "kinds", "params"}`` entry for the labels file.
    """

    key: str | None = None
    scope = "accounts"
    label: dict | None = None

    def emit(self, d: int, out: list, dr: Draw) -> None:
        """Append the events of local day ``d`` to ``out``."""
        raise NotImplementedError

    def labels(self) -> list[tuple[str, str, dict]]:
        """``(scope, key, entry)`` label entries this actor contributes."""
        return [(self.scope, self.key, self.label)] if self.label and self.key else []


def think(dr: Draw, p: Person, scale: float = 1.0) -> float:
    """Human think time between two page views (log-normal, heavy-tailed)."""
    return dr.lognorm(p.think_med * scale, p.think_sigma, 1.2, 900.0)


def pick_student(w: World, p: Person, dr: Draw) -> int:
    """A student of one of the person's schools."""
    sch = w.schools[dr.pick(p.schools)]
    return int(sch.ssids[dr.int(0, len(sch.ssids))])


def view_student(c: Client, p: Person, t: float, dr: Draw, ssid: int, tab_p: dict = TAB_P, ref=None) -> float:
    """Open a student's page and some of its tabs.  Returns the time of the last view."""
    if dr.u() < p.p_404:  # mistyped or stale id
        t = c.page(t, f"/students/{ssid + dr.int(1, 9)}", "error", "students", status=404)
        t += think(c.dr, p, 0.6)
    kw = {} if ref is None else {"ref": ref}
    t = c.page(t, f"/students/{ssid}", "student", "students", api=f"/api/v1/students/{ssid}", **kw)
    home = c.url
    for tab in STUDENT_TABS:
        if dr.u() < tab_p.get(tab, 0.0):
            t += think(dr, p)
            t = c.page(t, f"/students/{ssid}/{tab}", "student", "students", api=f"/api/v1/students/{ssid}/{tab}", ref=home)
    return t


def edit_enrollment(c: Client, p: Person, t: float, dr: Draw, ssid: int) -> float:
    """Open the enrollment tab, submit a change (sometimes rejected first), see the result."""
    path = f"/students/{ssid}/enrollment"
    t = c.page(t, path, "student", "students", api=f"/api/v1/students/{ssid}/enrollment")
    form = c.url
    if dr.u() < 0.1:  # validation error: the form comes back with messages
        t += dr.lognorm(25.0, 0.6, 5.0, 400.0)
        c.emit(t, "POST", path, 422, "student", form)
    t += dr.lognorm(25.0, 0.6, 5.0, 400.0)
    c.emit(t, "POST", path, 303, "post", form)
    return c.page(t + 0.25, path, "student", "students", ref=form)


def roster_path(w: World, p: Person, dr: Draw) -> tuple[str, list[int]]:
    """A roster page of one of the person's schools and the SSIDs it lists, in roster order."""
    sch = w.schools[dr.pick(p.schools)]
    g = dr.int(0, len(sch.grades))
    ids = sch.ssids[sch.grade_of == g].tolist()
    return f"/schools/{sch.cds}/roster?grade={sch.grades[g]}&year={w.year}", ids


def do_task(kind: str, c: Client, p: Person, t: float, dr: Draw, w: World, n_students: int | None = None) -> float:
    """Carry out one human task of ``kind``.  Returns the time of its last request."""
    if kind == "lookup":
        for _ in range(1 + (dr.u() < 0.3)):
            if dr.u() < 0.25:  # by SSID: the app redirects straight to the student
                ssid = pick_student(w, p, dr)
                c.emit(t, "GET", f"/students/search?q={ssid}", 302, "redirect", c.url)
                t = view_student(c, p, t + 0.2, dr, ssid) + think(dr, p)
                continue
            q = quote_plus(dr.pick(LAST) if dr.u() < 0.8 else f"{dr.pick(LAST)}, {dr.pick(LAST)[0]}")
            t = c.page(t, f"/students/search?q={q}", "search", "students", api=f"/api/v1/students/search?q={q}")
            res = c.url
            for _ in range(n_students or 1 + int(-math.log(1 - dr.u()) * 0.9)):
                t += think(dr, p)
                t = view_student(c, p, t, dr, pick_student(w, p, dr), ref=res) + think(dr, p, 0.5)
            t += think(dr, p)
    elif kind in ("roster", "errors"):
        if kind == "roster":
            path, ids = roster_path(w, p, dr)
            t = c.page(t, path, "roster", "schools", api="/api/v1" + path, api_kind="api_roster")
        else:
            sch = w.schools[dr.pick(p.schools)]
            typ = dr.pick(EXTRACT_TYPES[:4])
            t = c.page(t, f"/reports/errors?type={typ}&year={w.year}&school={sch.cds}", "roster", "reports")
            ids = sch.ssids.tolist()
        lst = c.url
        n = n_students or min(len(ids), 2 + int(dr.lognorm(6.0, 0.7, 0, 40)))
        idx = sorted({dr.int(0, len(ids)) for _ in range(n)}) if ids else []
        for i in idx:
            t += think(dr, p)
            t = (edit_enrollment(c, p, t, dr, ids[i]) if kind == "errors" and dr.u() < 0.6
                 else view_student(c, p, t, dr, ids[i], ref=lst))
            t += think(dr, p, 0.5)
    elif kind == "update":
        for _ in range(1 + (dr.u() < 0.35)):
            ssid = pick_student(w, p, dr)
            t = view_student(c, p, t, dr, ssid, {}) + think(dr, p)
            t = edit_enrollment(c, p, t, dr, ssid) + think(dr, p)
    elif kind == "report":
        t = c.page(t, "/reports", "reports", "reports") + think(dr, p)
        sch = w.schools[dr.pick(p.schools)]
        t = c.extract(t, dr.pick(EXTRACT_TYPES), w.year if dr.u() < 0.85 else dr.pick(w.years[1:]), sch.cds,
                      build_s=dr.lognorm(25.0, 0.8, 4.0, 400.0))
    else:
        t = c.page(t, "/dashboard", "dashboard", None, api="/api/v1/notifications?unread=1")
    return t


class Staff(Actor):
    """An ordinary staff member working in the office (sometimes from home), on the phone, at night.

    Parameters
    ----------
    world : World
    person : Person
    """

    def __init__(self, world: World, person: Person) -> None:
        self.w, self.p = world, person
        self.last_t = -math.inf

    def client(self, dr: Draw, out: list, ip: str, ua: str) -> Client:
        """A fresh browser session for this person."""
        return Client(self.w, out, dr, ip, ua, self.p.email, reval=self.p.p_reval)

    def session(self, d: int, out: list, dr: Draw, t: float, ip: str, ua: str, n_tasks: int, fail: bool | None = None) -> float:
        """A short sign-in, a few tasks, maybe sign-out (home, weekend, phone).  Returns the end time."""
        p, c = self.p, self.client(dr, out, ip, ua)
        t = c.login(t, fail=dr.u() < p.p_fail_login if fail is None else fail)
        t = c.page(t, "/dashboard", "dashboard", None, api="/api/v1/notifications?unread=1") + think(dr, p)
        kinds = [k for k in TASKS if k not in ("report", "errors")]
        for _ in range(n_tasks):
            t = do_task(dr.pick(kinds), c, p, t, dr, self.w) + think(dr, p)
        if dr.u() < p.p_logout:
            t = c.logout(t)
        return t

    def office_day(self, d: int, out: list, dr: Draw, *, ip: str | None = None, start: float | None = None,
                   end: float | None = None, n_tasks: int | None = None, logout: bool | None = None,
                   also: tuple[float, ...] = ()) -> tuple[float, float]:
        """A working day of tasks between breaks.  Returns (first, last) event time."""
        p, w, clk = self.p, self.w, self.w.clock
        ip = ip or (p.home_ip if dr.u() < p.p_wfh else p.office_ip)
        s0 = 3600 * p.start_h + 1200 * dr.z() if start is None else start
        s1 = s0 + 3600 * p.len_h + 1800 * dr.z() if end is None else end
        lunch0 = 3600 * (11.4 + 1.4 * dr.u())
        lunch1 = lunch0 + 60 * (15 + 45 * dr.u())
        n = n_tasks if n_tasks is not None else 1 + int(dr.rng.poisson(p.tasks_mu))
        starts = sorted([s0 + (s1 - s0) * dr.u() for _ in range(n)] + list(also))
        starts[0] = min(s0, starts[0])
        c = self.client(dr, out, ip, p.browser_at(d, s0).ua())
        weights = ROLE_TASKS[p.role]
        bye = dr.u() < p.p_logout if logout is None else logout
        t = first = clk.at(d, s0)
        c.emit(t, "GET", "/", 302, "redirect")
        t = c.login(t + 0.2, fail=dr.u() < p.p_fail_login)
        for i, s in enumerate(starts):
            if lunch0 <= s < lunch1:
                s = lunch1 + 60 * dr.u()
            t = max(clk.at(d, s), t + think(dr, p))
            c.ua = p.browser_at(d, s).ua()
            if i == 0:
                t = c.page(t, "/dashboard", "dashboard", None, api="/api/v1/notifications?unread=1") + think(dr, p)
            u, k = dr.u(), 0
            while k < len(TASKS) - 1 and u > weights[k]:
                u -= weights[k]
                k += 1
            t = do_task(TASKS[k], c, p, t, dr, w)
            nxt = clk.at(d, starts[i + 1]) if i + 1 < len(starts) else t + 4 * 3600
            if i == len(starts) - 1 and bye:
                t = c.logout(t + think(dr, p))
            elif dr.u() < p.p_tab_poll:  # tab left open: the page polls notifications in the background
                tp, period = t + 60.0, 60.0 if dr.u() < 0.5 else 120.0
                while tp < min(nxt, t + c.idle):
                    c.emit(tp, "GET", "/api/v1/notifications/count", 200, "count", c.url)
                    tp += period + 0.4 * dr.u()
                if nxt > t + c.idle:
                    c.emit(tp, "GET", "/api/v1/notifications/count", 401, "error", c.url, authed=False)
                    c.emit(tp + 0.1, "GET", "/login?expired=1", 200, "login", c.url, authed=False)
        return first, t

    def extras(self, d: int, out: list, dr: Draw, first: float, last: float) -> None:
        """Phone check before work and evening session from home, sometimes."""
        p, clk = self.p, self.w.clock
        if dr.u() < p.p_mobile:
            t = first - 60 * (10 + 50 * dr.u())
            if t > clk.at(d, 5 * 3600):
                self.session(d, out, dr, t, self.w.mobile_ip(dr.rng, p.carrier), p.phone.ua(), 0)
        if dr.u() < p.p_evening:
            t = max(last + 3600, clk.at(d, 3600 * (19 + 3 * dr.u())))
            self.session(d, out, dr, t, p.home_ip, p.home.ua(), 1 + (dr.u() < 0.3))

    def emit(self, d: int, out: list, dr: Draw) -> None:
        """One day of ordinary work (nothing on most weekends or absent days)."""
        p = self.p
        if self.w.clock.weekday(d) >= 5:
            if dr.u() < p.p_weekend:
                self.session(d, out, dr, self.w.clock.at(d, 3600 * (9 + 12 * dr.u())), p.home_ip, p.home.ua(), 1)
            return
        if dr.u() > p.p_present:
            return
        first, last = self.office_day(d, out, dr)
        self.extras(d, out, dr, first, last)
