"""The held-out district: schools, pupils, class sections, staff, networks and browsers.

Everything here is drawn from one :class:`random.Random` per seed.  The
district runs an ASP.NET student-information system ("PupilPath") on its own
host name; pupils carry a 6- or 7-digit local ID (district sequence, so a
school's pupils are spread over the range) and a UUID used by the JSON API;
schools have 3-digit codes and class sections 5-digit IDs.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

#: (time zone, state) of the districts a seed can pick.
ZONES = (("America/Los_Angeles", "ca"), ("America/Denver", "co"), ("America/Chicago", "tx"), ("America/New_York", "ny"))
DISTRICTS = ("Riverbend", "Cedar Valley", "Lakeshore", "Mesa Verde", "North Fork", "Pine Hollow", "Harborview", "Sierra Vista")
FIRST = ("james mary robert patricia john jennifer michael linda david elizabeth william barbara richard susan joseph "
         "jessica thomas sarah carlos karen daniel nancy mateo lisa anthony betty mark sandra paul ashley steven "
         "kimberly andrew emily kevin donna brian michelle george carol edward amanda ronald melissa timothy "
         "deborah jason stephanie jeffrey rebecca ryan laura jacob sharon gary cynthia nicholas kathleen eric amy "
         "wei mei hiroshi yuki priya arjun fatima omar sofia diego lucia javier").split()
LAST = ("smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez "
        "wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez "
        "lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker "
        "hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards "
        "collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey "
        "reed kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza "
        "ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez chen wang singh").split()
#: First octets of the public IPv4 addresses drawn (no private, loopback, link-local or documentation ranges).
OCTETS = tuple(o for o in range(12, 224) if o not in (100, 127, 169, 172, 192, 198, 203))
ROLES = ("teacher", "clerk", "counselor", "admin", "registrar", "district")
SCRIPT_UAS = ("python-requests/2.32.3", "curl/8.7.1",
              "Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.22621.4391",
              "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.22631; en-US) PowerShell/7.4.6")


def ua(kind: str, v: int) -> str:
    """A user-agent string of browser ``kind`` at major version ``v`` (Chrome-based numbering).

    Parameters
    ----------
    kind : str
        ``chrome_win``, ``edge_win``, ``chrome_cros``, ``chrome_linux``, ``chrome_mac``, ``firefox_win``,
        ``safari_mac``, ``iphone``, ``ipad``, ``android`` or ``headless``.
    v : int
        Chrome major version; the others are derived from it.
    """
    kit = "AppleWebKit/537.36 (KHTML, like Gecko)"
    sv, iv = 18 + (v % 3) // 2, 18 - (v % 2)
    return {
        "chrome_win": f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) {kit} Chrome/{v}.0.0.0 Safari/537.36",
        "edge_win": f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) {kit} Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.{3000 + v}.{v % 90}",
        "chrome_cros": f"Mozilla/5.0 (X11; CrOS x86_64 {15000 + 60 * (v - 120)}.0.0) {kit} Chrome/{v}.0.0.0 Safari/537.36",
        "chrome_linux": f"Mozilla/5.0 (X11; Linux x86_64) {kit} Chrome/{v}.0.0.0 Safari/537.36",
        "chrome_mac": f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) {kit} Chrome/{v}.0.0.0 Safari/537.36",
        "firefox_win": f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v - 4}.0) Gecko/20100101 Firefox/{v - 4}.0",
        "safari_mac": f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{sv}.1 Safari/605.1.15",
        "iphone": f"Mozilla/5.0 (iPhone; CPU iPhone OS {iv}_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{iv}.2 Mobile/15E148 Safari/604.1",
        "ipad": f"Mozilla/5.0 (iPad; CPU OS {iv}_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{iv}.2 Mobile/15E148 Safari/604.1",
        "android": f"Mozilla/5.0 (Linux; Android 14; K) {kit} Chrome/{v}.0.0.0 Mobile Safari/537.36",
        "headless": f"Mozilla/5.0 (X11; Linux x86_64) {kit} HeadlessChrome/{v}.0.0.0 Safari/537.36",
    }[kind]


@dataclass
class Section:
    """A class section: one teacher, one period, 18-34 pupils (indices into the site's pupil lists)."""

    sid: int
    school: int
    period: int
    pupils: list[int]


@dataclass
class School:
    """A school: 3-digit code, egress addresses and pupils."""

    code: str
    level: str
    ip: str
    byod_ip: str
    longpoll: bool
    chromebooks: bool
    pupils: list[int] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass
class Person:
    """One human at a keyboard: account as logged, role, devices, networks and habits."""

    user: str
    role: str
    school: int
    laptop: str
    phone: str | None
    home_ua: str
    home_ip: str
    think: float
    sigma: float
    arrive: float
    hours: float
    sections: list[int] = field(default_factory=list)
    p_evening: float = 0.0
    p_phone: float = 0.0


@dataclass
class Site:
    """The district, its networks and its staff."""

    name: str
    netbios: str
    domain: str
    host: str
    tz: str
    start: dt.date
    days: int
    chrome: int
    schools: list[School]
    local_id: list[int]
    pupil_uuid: list[str]
    pupil_school: list[int]
    office_pool: list[str]
    residential: list[tuple[int, int]]
    carriers: list[tuple[int, int]]
    carrier_v6: list[str]
    hosting: list[tuple[int, int]]
    foreign: list[tuple[int, int]]
    bundle_hash: list[str]
    staff: list[Person] = field(default_factory=list)

    def at(self, day: int, hour: float) -> float:
        """UTC epoch seconds of local ``hour`` (may exceed 24) on day ``day``."""
        d = dt.datetime.combine(self.start + dt.timedelta(days=day), dt.time(), ZoneInfo(self.tz))
        return d.timestamp() + hour * 3600.0

    def date(self, day: int) -> str:
        """ISO date of day ``day``."""
        return (self.start + dt.timedelta(days=day)).isoformat()

    def school_ip(self, p: Person) -> str:
        """Where a person's work laptop reaches the SIS from (district office: the first pool address)."""
        return self.schools[p.school].ip if p.school >= 0 else self.office_pool[0]

    def mobile_ip(self, r: random.Random) -> str:
        """A carrier address for one phone session: CGNAT IPv4 or (one carrier) IPv6."""
        if r.random() < 0.35:
            return f"{r.choice(self.carrier_v6)}:{r.getrandbits(16):x}:{r.getrandbits(16):x}:{r.getrandbits(16):x}:{r.getrandbits(16):x}"
        return host(r, r.choice(self.carriers))

    def pupil_url(self, i: int) -> str:
        """The profile page of pupil ``i``."""
        return f"/Student/Profile.aspx?StudentID={self.local_id[i]}&SchoolCode={self.schools[self.pupil_school[i]].code}"


def prefix(r: random.Random) -> tuple[int, int]:
    """A random public /16."""
    return r.choice(OCTETS), r.randrange(256)


def host(r: random.Random, p16: tuple[int, int], third: int | None = None) -> str:
    """A host address inside a /16 (optionally inside one /24)."""
    return f"{p16[0]}.{p16[1]}.{r.randrange(256) if third is None else third}.{r.randrange(1, 255)}"


def _token(r: random.Random, n: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return "".join(r.choice(alphabet) for _ in range(n))


def _sections(r: random.Random, school: School, si: int, next_sid: list[int]) -> None:
    periods = [0] if school.level == "elem" else list(range(1, 7))
    for period in periods:
        pupils = school.pupils[:]
        r.shuffle(pupils)
        size = r.randint(22, 30)
        for k in range(0, len(pupils), size):
            next_sid[0] += r.randint(1, 3)
            school.sections.append(Section(next_sid[0], si, period, sorted(pupils[k:k + size])))


def build_site(r: random.Random, n_staff: int, days: int) -> Site:
    """Draw the district: 8-14 schools, pupils, sections, networks and ``n_staff`` staff.

    Parameters
    ----------
    r : random.Random
        The seed's generator.
    n_staff : int
        Ordinary staff accounts (look-alikes and abusers are cast from them).
    days : int
        Working days in the log (1-3, consecutive weekdays).
    """
    tz, state = r.choice(ZONES)
    name = r.choice(DISTRICTS)
    abbr = "".join(w[0] for w in name.split()).lower() + r.choice(("usd", "isd", "sd"))
    domain = f"{abbr}.k12.{state}.us"
    monday = dt.date(2027, 2, 1) + dt.timedelta(weeks=r.randrange(10))
    start = monday + dt.timedelta(days=r.randrange(0, 5 - min(days, 3) + 1))
    levels = ["high"] + [r.choices(("elem", "middle", "high"), (0.6, 0.25, 0.15))[0] for _ in range(r.randint(7, 13))]
    codes = r.sample(range(101, 999), len(levels))
    hub = prefix(r)  # the district's address block: office pool and the schools behind its firewall
    office_third = r.randrange(256)
    office_pool = [f"{hub[0]}.{hub[1]}.{office_third}.{h}" for h in r.sample(range(2, 250), 4)]
    schools = []
    for lv, code in zip(levels, codes):
        own = r.random() < 0.6
        p16 = prefix(r) if own else hub
        third = r.randrange(256)
        ip, byod = host(r, p16, third), host(r, p16, third)
        schools.append(School(f"{code:03d}", lv, ip, byod, r.random() < 0.15, r.random() < 0.35))
    sizes = [r.randint(*{"elem": (300, 650), "middle": (600, 1100), "high": (1100, 2000)}[s.level]) for s in schools]
    total = sum(sizes)
    base = r.randint(200_000, 880_000) if r.random() < 0.6 else r.randint(1_000_000, 3_000_000)
    ids = sorted(r.sample(range(base, base + int(total * 1.12)), total))
    owner = [si for si, n in enumerate(sizes) for _ in range(n)]
    r.shuffle(owner)
    for i, si in enumerate(owner):
        schools[si].pupils.append(i)
    next_sid = [r.randint(10_000, 30_000)]
    for si, s in enumerate(schools):
        _sections(r, s, si, next_sid)
    site = Site(
        name=f"{name} Unified School District", netbios=abbr.upper(), domain=domain, host=f"sis.{domain}", tz=tz,
        start=start, days=days, chrome=r.randint(138, 146), schools=schools, local_id=ids,
        pupil_uuid=[str(uuid.UUID(int=r.getrandbits(128), version=4)) for _ in ids], pupil_school=owner,
        office_pool=office_pool, residential=[prefix(r) for _ in range(r.randint(14, 24))],
        carriers=[prefix(r) for _ in range(r.randint(4, 7))],
        carrier_v6=[f"2607:{r.randrange(0xf000, 0xffff):x}:{r.getrandbits(16):x}" for _ in range(3)],
        hosting=[prefix(r) for _ in range(r.randint(5, 9))], foreign=[prefix(r) for _ in range(4)],
        bundle_hash=[_token(r, 43) for _ in range(days + 1)],
    )
    _staff(r, site, n_staff)
    return site


def _account(r: random.Random, site: Site, first: str, last: str, taken: set[str]) -> str:
    style = r.choices(("domain", "upn", "numeric"), (0.68, 0.27, 0.05))[0]
    if style == "numeric":
        name = str(r.randint(100_000, 199_999))
    else:
        base = f"{first[0]}{last}"
        name, k = base, 2
        while name in taken:
            name, k = f"{base}{k}", k + 1
    taken.add(name)
    if style == "domain":
        return f"{site.netbios}\\{name}"
    return name if style == "numeric" else f"{name}@{site.domain}"


def make_person(r: random.Random, site: Site, role: str, school: int, taken: set[str], user: str | None = None) -> Person:
    """A staff member with devices, a home network and habits (``user`` overrides the account name)."""
    first, last = r.choice(FIRST), r.choice(LAST)
    v = site.chrome - r.choices((0, 1, 2), (0.6, 0.3, 0.1))[0]
    cb = school >= 0 and site.schools[school].chromebooks and role == "teacher"
    laptop = ua("chrome_cros" if cb else r.choices(("chrome_win", "edge_win", "safari_mac", "firefox_win"), (0.55, 0.3, 0.1, 0.05))[0], v)
    phone = ua(r.choices(("iphone", "android"), (0.6, 0.4))[0], v) if r.random() < 0.75 else None
    home = laptop if r.random() < 0.5 else ua(r.choice(("chrome_win", "safari_mac", "chrome_mac", "ipad", "firefox_win")), v)
    return Person(
        user=user or _account(r, site, first, last, taken), role=role, school=school, laptop=laptop, phone=phone,
        home_ua=home, home_ip=host(r, r.choice(site.residential)), think=r.uniform(5.0, 16.0), sigma=r.uniform(0.8, 1.25),
        arrive=r.gauss(7.35 if role == "teacher" else 7.7, 0.35), hours=r.uniform(7.8, 9.3),
        p_evening=r.choice((0.0, 0.0, 0.15, 0.35)), p_phone=r.choice((0.0, 0.1, 0.3)),
    )


def _staff(r: random.Random, site: Site, n: int) -> None:
    taken: set[str] = set()
    n_district = max(2, int(n * 0.11))
    weights = [len(s.pupils) for s in site.schools]
    for k in range(n):
        if k < n_district:
            site.staff.append(make_person(r, site, "district", -1, taken))
            continue
        si = r.choices(range(len(site.schools)), weights)[0]
        school = site.schools[si]
        roles = ("teacher", "clerk", "counselor", "admin", "registrar")
        w = (0.74, 0.12, 0.0 if school.level == "elem" else 0.07, 0.05, 0.02 if school.level == "high" else 0.0)
        p = make_person(r, site, r.choices(roles, w)[0], si, taken)
        if p.role == "teacher":
            periods = [0] if school.level == "elem" else sorted(r.sample(range(1, 7), r.randint(4, 5)))
            p.sections = [r.choice([j for j, s in enumerate(school.sections) if s.period == q]) for q in periods]
        site.staff.append(p)
