"""The imaginary student-records web application and the world around it.

Everything the behaviours need to know about the application and its users
lives here: the URL scheme and static assets, the calendar and time zone,
the networks (office NATs, residential ISPs, mobile carriers, hosting
providers), browser and script user agents, and the records of districts,
schools, students and staff.  :func:`sample_logs.world.build_world` draws a
:class:`World` from one seeded :class:`numpy.random.Generator`, so a seed
fixes the whole world.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .world import Clock, Networks

HOST = "https://records.example.gov"
EXTRACT_TYPES = ("SENR", "SINF", "SPRG", "SELA", "CRSC", "SCSC", "SCTE", "SDIS", "STAS")
STUDENT_TABS = ("enrollment", "demographics", "programs", "assessments")
ROLES = ("records_clerk", "counselor", "school_admin", "district_data", "sped_coordinator")
ROLE_P = (0.34, 0.2, 0.2, 0.14, 0.12)
FIRST = ("maria jose juan ana luis carmen david sofia daniel laura michael jennifer james linda robert "
         "patricia kevin lisa brian karen jason angela eric michelle mark nancy steven sandra thomas "
         "elizabeth anthony veronica jorge rosa miguel alejandra carlos diana minh linh thanh mai jun "
         "wei hui mei priya anil sunita raj grace samuel esther aaron rachel omar leila yusuf fatima "
         "tyler megan kyle ashley brandon amber derek kelly lauren nathan hannah marcus tanya gloria "
         "victor irene ramon teresa hector lucia arturo silvia").split()
LAST = ("garcia hernandez lopez martinez gonzalez rodriguez perez sanchez ramirez torres flores rivera "
        "gomez diaz reyes cruz morales ortiz gutierrez chavez ramos ruiz alvarez mendoza vasquez castillo "
        "jimenez moreno romero herrera medina aguilar nguyen tran le pham huynh vo kim park lee chen wang "
        "liu zhang lin wong patel singh shah khan smith johnson williams brown jones miller davis wilson "
        "anderson taylor thomas moore jackson martin thompson white harris clark lewis robinson walker "
        "young allen wright scott green baker adams nelson hill campbell mitchell roberts carter").split()
PLACES = ("alder creek,bayview,cedar grove,coyote hills,del oro,el camino,foothill,granite ridge,harbor,"
          "iron mountain,juniper,kings valley,laguna vista,live oak,madrone,mesa verde,mission hills,"
          "north fork,oak glen,ocean view,palo seco,pine ridge,quail run,rancho alto,redwood,river bend,"
          "sage hill,san benito vale,sierra vista,silver lake,sunnyslope,sycamore,tierra linda,tule river,"
          "valle verde,walnut grove,west shore,willow springs,yucca flats,arroyo seco,buena tierra,"
          "canyon crest,deer creek,eastvale heights,fern hollow,golden plains").split(",")
SCHOOL_KINDS = {"elem": (("TK", "KN", "01", "02", "03", "04", "05"), 250, 700),
                "middle": (("06", "07", "08"), 450, 1100),
                "high": (("09", "10", "11", "12"), 900, 2400)}
SCRIPT_UAS = ("python-requests/2.32.3", "python-requests/2.31.0", "curl/8.5.0", "curl/7.81.0",
              "Go-http-client/1.1", "Go-http-client/2.0", "Java/17.0.12", "Java/11.0.22",
              "Apache-HttpClient/4.5.14 (Java/17.0.9)", "okhttp/4.12.0", "python-httpx/0.27.2",
              "axios/1.7.7", "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.19041.4894")
MONITOR_UAS = ("UptimeRobot/2.0; http://www.uptimerobot.com/", "Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)",
               "Site24x7", "kube-probe/1.30", "ELB-HealthChecker/2.0", "StatusCake_Pagespeed_indev")
_OS = {"win": "Windows NT 10.0; Win64; x64", "mac": "Macintosh; Intel Mac OS X 10_15_7",
       "cros": "X11; CrOS x86_64 16181.61.0", "linux": "X11; Linux x86_64"}


@dataclass(frozen=True)
class Browser:
    """A browser installation: family, operating system and major version.

    ``family`` is one of chrome, edge, firefox, safari, headless, ios, android.
    For Safari and iOS ``ver`` is the minor of version 26.x.
    """

    family: str
    os: str
    ver: int

    def ua(self) -> str:
        """Return the User-Agent header this browser sends."""
        f, v, o = self.family, self.ver, _OS.get(self.os, "")
        wk = "AppleWebKit/537.36 (KHTML, like Gecko)"
        if f == "chrome":
            return f"Mozilla/5.0 ({o}) {wk} Chrome/{v}.0.0.0 Safari/537.36"
        if f == "headless":
            return f"Mozilla/5.0 ({o}) {wk} HeadlessChrome/{v}.0.0.0 Safari/537.36"
        if f == "edge":
            return f"Mozilla/5.0 ({o}) {wk} Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.{3100 + 65 * (v % 40)}.{(v * 37) % 90 + 10}"
        if f == "firefox":
            return f"Mozilla/5.0 ({o}; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"
        if f == "safari":
            return f"Mozilla/5.0 ({o}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.{v} Safari/605.1.15"
        if f == "ios":
            return ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 "
                    f"(KHTML, like Gecko) Version/26.{v} Mobile/15E148 Safari/604.1")
        return f"Mozilla/5.0 (Linux; Android 10; K) {wk} Chrome/{v}.0.0.0 Mobile Safari/537.36"

    def updated(self) -> "Browser":
        """Return the same browser one version later."""
        return replace(self, ver=self.ver + 1)


@dataclass
class School:
    """A school: 14-digit CDS code, grades, and its students (SSIDs, grade index)."""

    cds: str
    district: int
    grades: tuple[str, ...]
    ssids: np.ndarray
    grade_of: np.ndarray
    ip: str


@dataclass
class District:
    """A district (or county office): e-mail domain, office NAT IP, schools, SSID block."""

    name: str
    domain: str
    cds: str
    office_ip: str
    schools: list[int] = field(default_factory=list)
    ssids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))


@dataclass
class Person:
    """A staff member: identity, networks, devices and working habits."""

    email: str
    district: int
    schools: list[int]
    role: str
    office_ip: str
    home_ip: str
    carrier: int
    desktop: Browser
    home: Browser
    phone: Browser
    start_h: float
    len_h: float
    tasks_mu: float
    think_med: float
    think_sigma: float
    p_present: float
    p_evening: float
    p_mobile: float
    p_wfh: float
    p_weekend: float
    p_fail_login: float
    p_reval: float
    p_tab_poll: float
    p_logout: float
    p_404: float
    update_at: tuple[int, float] | None = None

    def browser_at(self, d: int, sec: float) -> Browser:
        """Desktop browser in use at local second ``sec`` of day ``d`` (after any update)."""
        if self.update_at is not None and (d, sec) >= self.update_at:
            return self.desktop.updated()
        return self.desktop


def host(rng: np.random.Generator, blk: tuple[int, int]) -> str:
    """A random host address inside the /16 prefix ``blk``."""
    return f"{blk[0]}.{blk[1]}.{int(rng.integers(0, 256))}.{int(rng.integers(1, 255))}"


@dataclass
class World:
    """Everything fixed for one seed: calendar, app constants, networks, people."""

    clock: Clock
    year: str
    years: list[str]
    chrome: int
    firefox: int
    safari: int
    poll_s: float
    releases: list[tuple[float, dict[str, str]]]
    nets: Networks
    residential: list[tuple[int, int]]
    carriers: list[list[tuple[int, int]]]
    hosting: list[tuple[int, int]]
    districts: list[District] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    def assets(self, t: float, group: str | None) -> list[tuple[str, int, bool]]:
        """Static assets a page of route ``group`` loads at time ``t``: (path, bytes, hashed)."""
        h = self.releases[0][1]
        for t0, hashes in self.releases:
            if t >= t0:
                h = hashes
        out = [(f"/static/js/runtime.{h['runtime']}.js", 2_310, True), (f"/static/js/vendor.{h['vendor']}.js", 182_114, True),
               (f"/static/js/app.{h['app']}.js", 96_240, True), (f"/static/css/app.{h['css']}.css", 41_377, True),
               ("/static/fonts/inter-400.woff2", 23_812, False), ("/static/fonts/inter-600.woff2", 24_920, False),
               ("/static/img/logo.png", 7_934, False), ("/favicon.ico", 4_286, False)]
        if group in ("students", "schools", "reports"):
            out.append((f"/static/js/{group}.{h[group]}.chunk.js", {"students": 38_410, "schools": 27_902, "reports": 19_655}[group], True))
        return out

    def home_ip(self, rng: np.random.Generator) -> str:
        """A residential broadband address."""
        return host(rng, self.residential[int(rng.integers(len(self.residential)))])

    def mobile_ip(self, rng: np.random.Generator, carrier: int) -> str:
        """A carrier-grade-NAT egress address of mobile carrier ``carrier`` (changes per session)."""
        blocks = self.carriers[carrier % len(self.carriers)]
        return host(rng, blocks[int(rng.integers(len(blocks)))])

    def hosting_ip(self, rng: np.random.Generator) -> str:
        """An address at a cloud / hosting provider."""
        return host(rng, self.hosting[int(rng.integers(len(self.hosting)))])

    def fresh_ip(self, rng: np.random.Generator) -> str:
        """An address in a /16 nobody else uses (proxy exits, contractors)."""
        return host(rng, self.nets.block())

    def desktop_browser(self, rng: np.random.Generator, lag: int | None = None) -> Browser:
        """A typical desktop browser with the version mix of a managed fleet."""
        lag = int(rng.choice(3, p=(0.7, 0.25, 0.05))) if lag is None else lag
        fam = str(rng.choice(("chrome", "edge", "firefox", "safari", "cros"), p=(0.52, 0.27, 0.08, 0.08, 0.05)))
        if fam == "cros":
            return Browser("chrome", "cros", self.chrome - lag)
        if fam == "safari":
            return Browser("safari", "mac", max(0, self.safari - lag))
        os_ = "mac" if fam == "chrome" and rng.random() < 0.12 else "win"
        return Browser(fam, os_, (self.firefox if fam == "firefox" else self.chrome) - lag)

    def phone_browser(self, rng: np.random.Generator) -> Browser:
        """An iPhone Safari or Android Chrome."""
        if rng.random() < 0.6:
            return Browser("ios", "ios", max(0, self.safari - int(rng.integers(0, 2))))
        return Browser("android", "android", self.chrome - int(rng.integers(0, 2)))

    def make_person(self, rng: np.random.Generator, di: int, role: str | None = None, email: str | None = None) -> Person:
        """Draw a staff member of district ``di`` (not added to :attr:`people`)."""
        dist = self.districts[di]
        role = role or str(rng.choice(ROLES, p=ROLE_P))
        if role == "district_data" or rng.random() < 0.15:
            schools, ip = list(dist.schools), dist.office_ip
        else:
            s = dist.schools[int(rng.integers(len(dist.schools)))]
            schools, ip = [s], (self.schools[s].ip if rng.random() < 0.8 else dist.office_ip)
        desk = self.desktop_browser(rng)
        k = (1.4 if role in ("records_clerk", "district_data") else 1.0) * float(np.exp(rng.normal(0, 0.45)))
        return Person(
            email=email or "", district=di, schools=schools, role=role, office_ip=ip, home_ip=self.home_ip(rng),
            carrier=int(rng.integers(0, len(self.carriers))), desktop=desk,
            home=desk if rng.random() < 0.5 else self.desktop_browser(rng), phone=self.phone_browser(rng),
            start_h=float(np.clip(rng.normal(7.6, 0.6), 6.0, 10.0)), len_h=float(np.clip(rng.normal(8.4, 0.7), 6.0, 10.5)),
            tasks_mu=4.5 * k, think_med=float(np.exp(rng.normal(np.log(11.0), 0.35))),
            think_sigma=float(rng.uniform(0.8, 1.2)), p_present=float(rng.uniform(0.85, 0.97)),
            p_evening=float(rng.uniform(0.0, 0.3)), p_mobile=float(rng.uniform(0.0, 0.2)),
            p_wfh=float(rng.uniform(0.0, 0.25 if role == "district_data" else 0.08)),
            p_weekend=float(rng.uniform(0.0, 0.12)), p_fail_login=float(rng.uniform(0.01, 0.08)),
            p_reval=float(rng.uniform(0.02, 0.4)), p_tab_poll=float(rng.uniform(0.0, 0.5)),
            p_logout=float(rng.uniform(0.05, 0.5)), p_404=float(rng.uniform(0.003, 0.02)))
