"""People, places and networks of the SELPA special-education case-management system.

The fictional app ("Caseload", ``iep.nvselpa.org``) serves one Special Education Local
Plan Area: a dozen member districts' schools, a SELPA office, contracted therapists
(speech, OT, behaviour) and district data clerks who submit the special-education
CALPADS files.  Everything here is derived from one seed, with one random stream
per actor (:func:`stream`).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

#: first names and surnames for account names (apostrophes and hyphens on purpose)
FIRST = ("maria", "jose", "linh", "aisha", "david", "sarah", "kevin", "rosa", "tam", "priya", "james", "noor",
         "elena", "marcus", "hana", "luis", "grace", "omar", "kim", "diana", "tyler", "mei", "ana", "robert",
         "yesenia", "brian", "fatima", "chris", "leticia", "daniel", "erin", "samuel", "julia", "victor", "amy")
LAST = ("garcia", "nguyen", "smith", "o'connor", "patel", "hernandez", "lee", "johnson", "ramirez", "kim",
        "lopez", "chen", "martinez", "brown", "davis", "tran", "wilson", "gonzalez", "singh", "perez", "anderson",
        "flores", "torres", "rivera", "sanchez", "jackson", "white", "vu", "moore", "mendoza", "ali", "ortiz",
        "reyes", "santos", "le-roux", "park", "wong", "ito", "cruz", "diaz")
DISTRICT_BLOCKS = ("205.155.16", "137.164.52", "163.150.81", "209.129.200")
DISTRICTS = ("nvusd.org", "orchardesd.org", "riverbendusd.org", "mtnviewsd.org")
CONTRACTORS = ("brightpaththerapy.com", "pacificspeechgroup.com", "coastbehavior.net")

UA = {
    "chromebook": "Mozilla/5.0 (X11; CrOS x86_64 15917.71.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "win_chrome": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "win_edge": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.2478.{p}",
    "mac_safari": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{p} Safari/605.1.15",
    "mac_chrome": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "win_firefox": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0",
    "ipad": "Mozilla/5.0 (iPad; CPU OS 17_{p} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{p} Mobile/15E148 Safari/604.1",
    "iphone": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{p} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{p} Mobile/15E148 Safari/604.1",
    "android": "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36",
}
DESKTOP = ("chromebook", "chromebook", "win_chrome", "win_edge", "win_edge", "mac_safari", "mac_chrome", "win_firefox")
MOBILE = ("ipad", "iphone", "android")


def stream(seed: int, name: str) -> random.Random:
    """A random stream of its own for one actor (stable whatever else is generated)."""
    return random.Random(f"blind2:{seed}:{name}")


def user_agent(rng: random.Random, family: str) -> str:
    """A concrete user-agent string of a device family."""
    return UA[family].format(v=rng.choice((118, 119, 120, 121, 122)), p=rng.randint(1, 6))


def ip_in(rng: random.Random, prefixes: tuple[str, ...]) -> str:
    """A random address in one of ``prefixes`` (``"a.b"`` or ``"a.b.c"``)."""
    p = rng.choice(prefixes)
    parts = p.split(".")
    parts += [str(rng.randint(1, 254)) for _ in range(4 - len(parts))]
    return ".".join(parts)


#: residential ISPs (Comcast, AT&T, Spectrum, Frontier) and carrier CGNAT pools
HOME_PREFIXES = ("73.15", "73.92", "98.207", "24.6", "99.113", "107.197", "76.88", "47.151", "71.198", "108.211")
MOBILE_PREFIXES = ("172.56", "172.58", "174.205", "174.214", "166.170", "166.199")
#: hosting providers a vendor or script would run from
CLOUD_PREFIXES = ("3.101", "18.144", "44.226", "52.53", "54.183", "20.66", "40.78", "34.94", "35.236", "159.203", "167.99")


@dataclass
class Student:
    """One special-education student: opaque key, state SSID, current IEP and documents."""

    key: str
    ssid: str
    iep_id: int
    school: int
    docs: list[str]
    goals: list[int]


@dataclass
class Person:
    """A staff account and how its owner works."""

    account: str
    role: str
    school: int
    schools: list[int]
    sso: bool
    devices: list[str]
    home_ip: str
    caseload: list[int]
    evening: float
    mobile_ip: str = ""
    extra: dict = field(default_factory=dict)


@dataclass
class World:
    """The SELPA: schools and their NAT addresses, students, staff, shared infrastructure."""

    seed: int
    school_ips: list[str]
    office_ip: str
    vpn_ips: list[str]
    students: list[Student]
    by_school: dict[int, list[int]]
    people: list[Person]
    used_accounts: set[str]

    def new_account(self, rng: random.Random, domain: str | None = None) -> str:
        """A personal account name not used yet (``first.last@domain``)."""
        while True:
            dom = domain or rng.choice(DISTRICTS)
            name = f"{rng.choice(FIRST)}.{rng.choice(LAST)}"
            if rng.random() < 0.15:
                name += str(rng.randint(2, 9))
            acct = f"{name}@{dom}"
            if acct not in self.used_accounts:
                self.used_accounts.add(acct)
                return acct


def _student(seed: int, i: int, school: int, rng: random.Random) -> Student:
    digest = hashlib.sha256(f"{seed}:{i}".encode()).hexdigest()
    key = format(int(digest[:15], 16), "x").upper()[:12]
    docs = [hashlib.md5(f"{seed}:{i}:{d}".encode()).hexdigest() for d in range(rng.randint(3, 12))]
    docs = [f"{d[:8]}-{d[8:12]}-4{d[13:16]}-a{d[17:20]}-{d[20:32]}" for d in docs]
    return Student(key=key, ssid=str(1000000000 + int(digest[15:24], 16) % 8999999999), iep_id=300000 + i * 7 + rng.randint(0, 6),
                   school=school, docs=docs, goals=[rng.randint(10000, 99999) for _ in range(rng.randint(2, 6))])


ROLES = (("case_manager", 0.58), ("slp", 0.12), ("psych", 0.08), ("program_specialist", 0.06),
         ("data_clerk", 0.05), ("admin", 0.11))


def build_world(seed: int, n_staff: int) -> World:
    """Create schools, students and ``n_staff`` ordinary staff accounts."""
    rng = stream(seed, "world")
    n_schools = max(6, n_staff // 12)
    # each member district has its own address block; a school's traffic leaves through one NAT address
    school_ips = [f"{DISTRICT_BLOCKS[s % 4]}.{(s // 4) * 9 % 240 + 5}" for s in range(n_schools)]
    students, by_school = [], {s: [] for s in range(n_schools)}
    for i in range(max(200, n_staff * 14)):
        s = rng.randrange(n_schools)
        students.append(_student(seed, i, s, rng))
        by_school[s].append(i)
    world = World(seed, school_ips, "205.155.1.5", [f"205.155.250.{i}" for i in (10, 11, 12, 13)],
                  students, by_school, [], set())
    for n in range(n_staff):
        world.people.append(make_person(world, stream(seed, f"person{n}"), None))
    return world


def make_person(world: World, rng: random.Random, role: str | None) -> Person:
    """One staff member with a role, schools, devices, home address and caseload."""
    if role is None:
        x, role = rng.random(), "admin"
        for name, p in ROLES:
            if x < p:
                role = name
                break
            x -= p
    contractor = role == "slp" and rng.random() < 0.6
    account = world.new_account(rng, rng.choice(CONTRACTORS) if contractor else None)
    school = rng.randrange(len(world.school_ips))
    schools = [school] + rng.sample(range(len(world.school_ips)), k=2 if role in ("slp", "psych") else 0)
    devices = [rng.choice(DESKTOP)]
    if rng.random() < 0.25:
        devices.append(rng.choice(MOBILE))
    pool = [i for s in schools for i in world.by_school[s]] or list(range(len(world.students)))
    size = {"case_manager": (8, 28), "slp": (25, 55), "psych": (15, 35), "program_specialist": (40, 90),
            "data_clerk": (10, 30), "admin": (5, 20)}[role]
    caseload = rng.sample(pool, k=min(len(pool), rng.randint(*size)))
    return Person(account=account, role=role, school=school, schools=schools, sso=not contractor,
                  devices=[user_agent(rng, d) for d in devices], home_ip=ip_in(rng, HOME_PREFIXES), caseload=caseload,
                  evening=rng.choice((0.0, 0.05, 0.15, 0.35)), mobile_ip=ip_in(rng, MOBILE_PREFIXES))
