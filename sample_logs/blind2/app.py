"""The Caseload app's requests: a server-rendered Java/Spring MVC case-management system.

URL scheme (ids of three kinds):

* opaque student keys in paths: ``/students/{key}/profile``, tabs such as
  ``/students/{key}/iep/{iepId}/goals``; edits are ``GET .../edit`` then a ``POST`` answered 302;
* state student ids (SSID) in query strings of the legacy Struts pages that survived the
  migration: ``/legacy/FaceSheet.do?ssid=...``, and the SSID search ``/search?ssid=...``;
* document UUIDs: ``/documents/{uuid}/download``; report and extract jobs by number.

Login is SAML SSO for district staff (``/saml2/authenticate/district`` round trip) and a
local form with a TOTP prompt (``/login`` then ``/mfa/verify``) for contractors.  Spring
session times out after 30 idle minutes; an open tab polls ``/api/notifications/unread-count``
every two minutes and sends ``/session/keepalive`` every ten, and the RUM agent posts a beacon
after most page loads.
"""

from __future__ import annotations

import math
import random
from typing import NamedTuple

from sample_logs.blind2.world import Student

HOST = "iep.nvselpa.org"
ASSETS = ("/webjars/bootstrap/5.3.2/css/bootstrap.min.css", "/css/app.3f9c2e1a.css", "/webjars/jquery/3.7.1/jquery.min.js",
          "/js/vendor.8b1d4f07.js", "/js/app.c41e9a52.js", "/img/selpa-logo.svg", "/fonts/inter-var.woff2")
TABS = ("contacts", "eligibility", "iep/{i}/present-levels", "iep/{i}/goals", "iep/{i}/services",
        "iep/{i}/accommodations", "iep/{i}/placement", "progress", "meetings", "documents", "service-logs")
IDP = "https://login.microsoftonline.com/"


class Hit(NamedTuple):
    """One logged request."""

    t: float
    ip: str
    user: str
    method: str
    path: str
    status: int
    size: int
    referer: str
    ua: str
    sid: str
    ms: int
    port: int


def _ms(rng: random.Random, median: float, spread: float = 0.6) -> int:
    return max(1, int(median * math.exp(rng.gauss(0, spread))))


class Browser:
    """A client (real browser, automated browser or script) of one account from one address.

    Parameters
    ----------
    sink : list of Hit
        Where requests go.
    rng : random.Random
        The actor's own stream.
    ip, ua : str
        Address and user agent.
    account : str
        The account it will log in as.
    assets : bool
        Whether it loads page assets and runs the page's scripts (polls, RUM beacons).
    """

    def __init__(self, sink: list[Hit], rng: random.Random, ip: str, ua: str, account: str, assets: bool = True):
        self.sink, self.rng, self.ip, self.ua, self.account, self.assets = sink, rng, ip, ua, account, assets
        self.sid, self.user, self.cached, self.last_url = "", "", False, ""
        self.port = rng.randint(30000, 60000)
        self.open_from: float | None = None

    def _new_sid(self) -> str:
        return "".join(self.rng.choice("0123456789ABCDEF") for _ in range(32))

    def hit(self, t: float, path: str, method: str = "GET", status: int = 200, size: int = 0, ref: str | None = None,
            ms: int | None = None) -> None:
        """Log one request at ``t`` (epoch seconds)."""
        if not size:
            size = int(self.rng.uniform(15000, 60000))
        referer = self.last_url if ref is None else ref
        self.port = self.port + 1 if self.port < 65000 else 30000
        self.sink.append(Hit(t, self.ip, self.user, method, path, status, size, referer, self.ua, self.sid,
                             _ms(self.rng, 90) if ms is None else ms, self.port))

    def page(self, t: float, path: str, size: int = 0, ms: int | None = None, kind: str = "html") -> float:
        """A page view (document, assets on a cold cache, RUM beacon); return when it finished."""
        ms = ms if ms is not None else _ms(self.rng, {"html": 140, "pdf": 900, "json": 45, "file": 2500}[kind])
        self.hit(t, path, size=size, ms=ms)
        end = t + ms / 1000
        if kind == "html":
            self.last_url = f"https://{HOST}{path}"
            if self.assets and not self.cached:
                for a in ASSETS:
                    end += self.rng.uniform(0.02, 0.15)
                    self.hit(end, a, size=int(self.rng.uniform(3000, 180000)), ms=_ms(self.rng, 8), ref=self.last_url)
                self.cached = self.rng.random() < 0.95
            if self.assets and self.rng.random() < 0.75:
                self.hit(end + self.rng.uniform(0.5, 3), "/rum/v1/beacon", "POST", 204, 0, ms=_ms(self.rng, 6))
        return end

    def post(self, t: float, path: str, to: str, status: int = 302) -> float:
        """A form post answered with a redirect that the client follows."""
        self.hit(t, path, "POST", status, 0, ms=_ms(self.rng, 120))
        return self.page(t + 0.2, to) if status == 302 and to else t + 0.2

    def login_sso(self, t: float, mfa: bool = False) -> float:
        """SAML SSO round trip through the district identity provider."""
        self.user, self.sid = "", self._new_sid()
        self.hit(t, "/", status=302, size=0, ref="")
        self.hit(t + 0.1, "/saml2/authenticate/district", status=302, size=0, ref="")
        t += 0.3 + (self.rng.uniform(8, 30) if mfa else self.rng.uniform(0.8, 4))
        self.hit(t, "/login/saml2/sso/district", "POST", 302, 0, ref=IDP)
        self.sid, self.user = self._new_sid(), self.account
        self.open_from = t
        self.last_url = ""
        return self.page(t + 0.15, "/caseload")

    def login_form(self, t: float, ok: bool = True, typing: tuple[float, float] = (4, 15),
                   totp: tuple[float, float] = (6, 25)) -> float:
        """Local form login followed by the TOTP prompt."""
        self.user, self.sid = "", self.sid or self._new_sid()
        t = self.page(t, "/login", size=9000)
        t += self.rng.uniform(*typing)
        if not ok:
            self.hit(t, "/login", "POST", 302, 0, ms=_ms(self.rng, 250))
            return self.page(t + 0.2, "/login?error", size=9200)
        self.hit(t, "/login", "POST", 302, 0, ms=_ms(self.rng, 250))
        t = self.page(t + 0.2, "/mfa/verify", size=7000) + self.rng.uniform(*totp)
        self.hit(t, "/mfa/verify", "POST", 302, 0, ms=_ms(self.rng, 60))
        self.sid, self.user = self._new_sid(), self.account
        self.open_from = t
        return self.page(t + 0.15, "/caseload")

    def logout(self, t: float) -> float:
        """Explicit sign-out."""
        self.close(t)
        self.hit(t, "/logout", status=302, size=0)
        self.user = ""
        self.hit(t + 0.1, "/login?logout", size=9000)
        self.sid = ""
        return t + 0.2

    def close(self, t: float) -> None:
        """The tab is closed or left: emit the page's background polls for the time it was open."""
        if self.open_from is None or not self.assets:
            self.open_from = None
            return
        start, self.open_from = self.open_from, None
        x = start + self.rng.uniform(20, 120)
        k = 0
        while x < t:
            self.hit(x, "/api/notifications/unread-count", size=self.rng.randint(18, 40), ms=_ms(self.rng, 12), ref=self.last_url)
            k += 1
            if k % 5 == 0:
                self.hit(x + 0.05, "/session/keepalive", "POST", 204, 0, ms=_ms(self.rng, 5), ref=self.last_url)
            x += 120 + self.rng.uniform(-3, 3)


def tab_path(st: Student, tab: str) -> str:
    """The path of one tab of a student's record."""
    return f"/students/{st.key}/" + tab.format(i=st.iep_id)


def view_student(b: Browser, t: float, st: Student, rng: random.Random, n_tabs: int, think: float = 25.0,
                 edit: float = 0.0) -> float:
    """Open a student's profile and ``n_tabs`` tabs, sometimes editing a goal or logging a service."""
    t = b.page(t, f"/students/{st.key}/profile") + think * math.exp(rng.gauss(0, 0.8))
    for tab in rng.sample(TABS, k=min(n_tabs, len(TABS))):
        t = b.page(t, tab_path(st, tab)) + think * math.exp(rng.gauss(0, 0.9))
        if tab == "iep/{i}/goals" and rng.random() < edit:
            g = rng.choice(st.goals)
            base = f"/students/{st.key}/iep/{st.iep_id}/goals/{g}"
            t = b.page(t, base + "/edit") + rng.uniform(60, 400)
            t = b.post(t, base, tab_path(st, tab)) + think
        elif tab == "service-logs" and rng.random() < edit:
            t = b.page(t, f"/students/{st.key}/service-logs/new") + rng.uniform(40, 180)
            t = b.post(t, f"/students/{st.key}/service-logs", tab_path(st, tab)) + think
        elif tab == "documents" and rng.random() < 0.3:
            t = b.page(t, f"/documents/{rng.choice(st.docs)}/download", size=rng.randint(80000, 900000), kind="pdf") + think
    return t


def search(b: Browser, t: float, rng: random.Random, term: str) -> float:
    """Type-ahead lookups as a name is typed, then the results page."""
    for n in range(2, len(term) + 1):
        t += rng.uniform(0.25, 0.9)
        b.hit(t, f"/api/students/lookup?term={term[:n]}", size=rng.randint(300, 4000), ms=_ms(rng, 30))
    return b.page(t + rng.uniform(0.5, 2), f"/search?q={term}&scope=caseload")


def run_report(b: Browser, t: float, rng: random.Random, report: str, school: str, fmt: str = "xlsx",
               poll: tuple[float, float] = (2.5, 3.5)) -> float:
    """Queue a report, poll its job until done, download the file."""
    job = rng.randint(40000, 99999)
    t = b.page(t, "/reports") + rng.uniform(3, 15) if b.assets else t
    t = b.post(t, f"/reports/run?report={report}&school={school}&format={fmt}", f"/reports/jobs/{job}")
    for _ in range(rng.randint(1, 6)):
        t += rng.uniform(*poll)
        b.hit(t, f"/api/jobs/{job}/status", size=rng.randint(60, 90), ms=_ms(rng, 10))
    return b.page(t + rng.uniform(0.5, 4), f"/reports/jobs/{job}/download", size=rng.randint(40000, 2500000), kind="file")
