"""The imaginary state portal: districts, schools, learners, networks and staff.

The portal ("LearnerHub") is a state education agency's student-records
system used by every district of a state that spans two time zones.  Staff
sign in through their district's identity provider (Azure AD, Google
Workspace or ADFS), use a single-page app that talks to a REST and GraphQL
API, and download state-reporting extracts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from sample_logs.blind import nets

#: Site time zone (the state capital) and the western districts' zone.
STATE_TZ = "America/Chicago"
WEST_TZ = "America/Denver"
HOST = "learnerhub.sea.example.gov"
STATE_DOMAIN = "sea.example.gov"

DISTRICT_NAMES = [
    "Brazos Valley", "Red River", "Pecos", "Llano Estacado", "Sabine", "Cedar Creek", "Big Bend",
    "Guadalupe", "Neches", "Caprock", "Trinity Hills", "Blanco", "Nueces Bay", "Palo Duro",
    "Canadian River", "Frio", "San Saba", "Bosque", "Angelina", "Hill Country",
]
SCHOOL_WORDS = ["Lincoln", "Oak Grove", "Mesa Verde", "Riverside", "Crockett", "Bluebonnet", "Sunset",
                "Prairie View", "Eagle Ridge", "Travis", "Pinewood", "Lone Star", "Westview", "Mission",
                "Cypress", "Heritage", "Valley View", "Northside", "Lakeside", "Canyon"]
SCHOOL_KINDS = ["Elementary", "Middle School", "High School", "Early College", "Academy"]
FIRST = ["maria", "james", "linda", "robert", "patricia", "michael", "jennifer", "david", "elizabeth",
         "jose", "susan", "carlos", "karen", "daniel", "nancy", "juan", "lisa", "mark", "sandra", "luis",
         "ashley", "kevin", "emily", "brian", "angela", "jorge", "melissa", "eric", "rosa", "steven",
         "laura", "thomas", "monica", "ana", "gary", "veronica", "diana", "ricardo", "tammy", "hector"]
LAST = ["garcia", "smith", "martinez", "johnson", "hernandez", "williams", "lopez", "brown", "gonzalez",
        "jones", "rodriguez", "davis", "perez", "miller", "sanchez", "wilson", "ramirez", "moore", "torres",
        "taylor", "flores", "anderson", "rivera", "thomas", "gomez", "jackson", "diaz", "white", "reyes",
        "harris", "cruz", "martin", "morales", "thompson", "ortiz", "clark", "gutierrez", "lewis", "chavez"]

#: role -> (share of staff, district-level?)
ROLES: dict[str, tuple[float, bool]] = {
    "registrar": (0.27, False), "attendance_clerk": (0.10, False), "counselor": (0.15, False),
    "teacher": (0.14, False), "principal": (0.08, False), "sped_coordinator": (0.05, True),
    "eld_coordinator": (0.05, True), "data_coordinator": (0.07, True), "district_it": (0.04, True),
    "state_analyst": (0.05, True),
}
EXTRACT_TYPES = ["SENR", "SINF", "SPRG", "SELA", "CRSC", "SCSC", "SCTE", "SDIS", "STAS"]
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def opaque(rng: random.Random, prefix: str, n: int = 14) -> str:
    """An opaque, non-sequential identifier such as ``lrn_4Hq2Zp9aKc1mXb``."""
    return prefix + "".join(rng.choices(BASE62, k=n))


@dataclass
class School:
    """One campus and its learners."""

    id: str
    name: str
    district: str
    learners: list[str]
    sections: list[str]
    nat_ip: str


@dataclass
class District:
    """A district: its identity provider, networks and managed browser."""

    id: str
    name: str
    domain: str
    tz: str
    sso: str
    ws_blocked: bool
    schools: list[School]
    office_ips: list[str]
    vpn_ips: list[str]
    fleet_ua: str

    def learners(self) -> list[str]:
        """Every learner of the district, school by school."""
        return [lid for s in self.schools for lid in s.learners]


@dataclass
class Staff:
    """One named staff member and their habits."""

    email: str
    name: str
    role: str
    district: District
    school: School | None
    ua: str
    office_ip: str
    home_ip: str
    phone_ua: str
    carrier: str
    ui: str
    start_h: float
    end_h: float
    intensity: float
    remote_prob: float
    active_prob: float
    laptop_ua: str = ""

    @property
    def tz(self) -> str:
        """The staff member's local time zone."""
        return self.district.tz

    def scope(self) -> list[str]:
        """Learners the staff member normally works on."""
        return self.school.learners if self.school else self.district.learners()


@dataclass
class World:
    """Everything that exists before anyone sends a request."""

    seed: int
    start: date
    days: int
    districts: list[District]
    staff: list[Staff]
    state_ips: list[str]
    emails: set[str] = field(default_factory=set)

    def schools(self) -> list[School]:
        """All schools of all districts."""
        return [s for d in self.districts for s in d.schools]


def _district(rng: random.Random, name: str, west: bool, big: bool) -> District:
    """One district with its schools, learners, networks and identity provider."""
    slug = name.lower().replace(" ", "")
    did = opaque(rng, "dst_", 8)
    office = nets.enterprise_block(rng)
    n_schools = rng.randint(5, 9) if big else rng.randint(2, 4)
    schools = []
    for _ in range(n_schools):
        sname = f"{rng.choice(SCHOOL_WORDS)} {rng.choice(SCHOOL_KINDS)}"
        learners = [opaque(rng, "lrn_") for _ in range(rng.randint(180, 900 if big else 520))]
        sections = [opaque(rng, "sec_", 10) for _ in range(rng.randint(12, 40))]
        nat = nets.host(rng, office) if big else ""
        schools.append(School(opaque(rng, "sch_", 8), sname, did, learners, sections, nat))
    office_ips = sorted({nets.host(rng, office) for _ in range(rng.randint(1, 3))})
    for s in schools:
        s.nat_ip = s.nat_ip or rng.choice(office_ips)
    vpn = nets.enterprise_block(rng)
    fleet = nets.browser_ua(rng, managed=True)
    sso = rng.choice(["azure", "azure", "google", "adfs"])
    return District(did, name, f"{slug}.k12.example.us", WEST_TZ if west else STATE_TZ, sso,
                    rng.random() < 0.25, schools, office_ips,
                    [nets.host(rng, vpn) for _ in range(rng.randint(2, 4))], fleet)


def _email(world: World, first: str, last: str, domain: str, rng: random.Random) -> str:
    """A unique mail address in the district's style."""
    base = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}.{last}"])
    email, n = f"{base}@{domain}", 1
    while email in world.emails:
        n += 1
        email = f"{base}{n}@{domain}"
    world.emails.add(email)
    return email


def new_staff(world: World, rng: random.Random, role: str, district: District, school: School | None) -> Staff:
    """Create one staff member with their own devices, networks and hours."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    domain = STATE_DOMAIN if role == "state_analyst" else district.domain
    email = _email(world, first, last, domain, rng)
    if role == "state_analyst":
        office = rng.choice(world.state_ips)
    else:
        office = school.nat_ip if school else rng.choice(district.office_ips)
    ua = district.fleet_ua if rng.random() < 0.7 else nets.browser_ua(rng, managed=False)
    heavy = rng.random() < 0.12
    return Staff(
        email=email, name=f"{first.title()} {last.title()}", role=role, district=district, school=school,
        ua=ua, office_ip=office, home_ip=nets.residential(rng), phone_ua=nets.phone_ua(rng),
        carrier=rng.choice(list(nets.CARRIERS)), ui=rng.choice(["classic", "classic", "new"]),
        start_h=min(9.5, max(6.5, rng.gauss(7.7, 0.5))), end_h=min(18.5, max(14.5, rng.gauss(16.3, 0.7))),
        intensity=rng.lognormvariate(0.0, 0.45) * (2.6 if heavy else 1.0),
        remote_prob=rng.choice([0.0, 0.0, 0.1, 0.2, 0.5]), active_prob=rng.uniform(0.78, 0.97),
        laptop_ua=nets.browser_ua(rng, managed=False) if rng.random() < 0.3 else "",
    )


def build_world(seed: int, n_staff: int, days: int, start: date) -> World:
    """Lay out districts, schools, learners and staff for one seed.

    Parameters
    ----------
    seed : int
        World seed; the world uses its own random stream.
    n_staff : int
        Named staff accounts (150-400 is realistic for one region).
    days : int
        Working days in the log.
    start : datetime.date
        First day (a weekday).

    Returns
    -------
    World
    """
    rng = random.Random(f"blind:{seed}:world")
    names = rng.sample(DISTRICT_NAMES, rng.randint(8, 12))
    west = set(rng.sample(range(len(names)), 2))
    districts = [_district(rng, n, i in west, i < 3) for i, n in enumerate(names)]
    state_block = nets.state_block(rng)
    world = World(seed, start, days, districts, [], [nets.host(rng, state_block) for _ in range(2)])
    roles = list(ROLES)
    weights = [ROLES[r][0] for r in roles]
    for _ in range(n_staff):
        role = rng.choices(roles, weights)[0]
        district = rng.choice(districts)
        school = None if ROLES[role][1] else rng.choice(district.schools)
        world.staff.append(new_staff(world, rng, role, district, school))
    return world
