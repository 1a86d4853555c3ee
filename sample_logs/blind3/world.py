"""Who and where: the schools, staff, students, networks and browsers of one district.

The district ("Harbor Unified") runs a PHP student-information system,
*TidePool SIS*, hosted in its own data centre.  Staff reach it from school
office NATs (one or two public addresses per school, shared by everyone in the
building), from home ISPs, from the district VPN and from phones on carrier
NAT.  Everything here is drawn from a seeded :class:`random.Random`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

FIRST = ("maria jose luis ana carlos jennifer michael david sarah emily james linda robert patricia daniel "
         "karen thomas nancy kevin laura brian angela jason rosa miguel jessica eric monica steven diana "
         "anthony teresa mark veronica paul alicia ryan sandra jorge lisa kimberly hector grace tuan mai "
         "priya raj wei ling omar fatima").split()
LAST = ("garcia rodriguez martinez hernandez lopez gonzalez perez sanchez ramirez torres flores rivera "
        "gomez diaz reyes morales cruz ortiz gutierrez chavez nguyen tran le pham kim park lee wong chen "
        "smith johnson williams brown jones miller davis wilson anderson taylor thomas moore jackson "
        "martin thompson white harris clark lewis walker hall young allen patel shah singh").split()
SCHOOL_NAMES = ("Lincoln Elementary", "Bayview Elementary", "Cesar Chavez Elementary", "Harbor Middle",
                "Marina Vista Middle", "Harbor High", "Seacliff High", "Delta Continuation",
                "Oak Grove Elementary", "Pacific Middle", "Mission Elementary", "Redwood High")

CHROME_WIN = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/{v}.0.0.0 Safari/537.36")
EDGE_WIN = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0")
CHROMEOS = ("Mozilla/5.0 (X11; CrOS x86_64 15917.{b}.0) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/{v}.0.0.0 Safari/537.36")
MAC_SAFARI = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
              "Version/{s} Safari/605.1.15")
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS {i} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/{s} Mobile/15E148 Safari/604.1")
ANDROID = ("Mozilla/5.0 (Linux; Android 14; {m}) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/{v}.0.0.0 Mobile Safari/537.36")
RESIDENTIAL = ((73, None), (98, None), (24, None), (99, None), (107, None), (108, None), (76, None),
               (104, (32, 63)), (47, (144, 159)), (68, (96, 111)), (71, None), (75, None))
MOBILE = ((172, (56, 59)), (174, (192, 255)), (166, (137, 216)))
DISTRICT_NET = "157.242"


@dataclass
class School:
    """One school: its office NAT addresses, students and class sections."""

    code: int
    name: str
    level: str
    nat_ips: list[str]
    students: list[int]
    sections: list[int]


@dataclass
class Person:
    """One member of staff and the devices and networks they use."""

    account: str
    name: str
    role: str
    school: School
    home_ip: str
    work_ua: str
    home_ua: str
    phone_ua: str
    classroom_ua: str
    uses_vpn: bool
    heavy: float
    evening: float
    keeps_tab_open: bool
    phone_at_work: float
    works_from_home: float = 0.0
    sections: list[int] = field(default_factory=list)


@dataclass
class World:
    """The district: schools, staff and the district's own addresses."""

    schools: list[School]
    district_office: School
    staff: list[Person]
    vpn_ips: list[str]
    addresses: dict[str, str]


def residential_ip(rng: random.Random) -> str:
    """A home broadband address from a consumer-ISP-looking block."""
    first, second = rng.choice(RESIDENTIAL)
    b = rng.randint(*second) if second else rng.randint(1, 254)
    return f"{first}.{b}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def mobile_ip(rng: random.Random) -> str:
    """A phone's carrier-NAT address (changes between sessions)."""
    first, (lo, hi) = rng.choice(MOBILE)
    return f"{first}.{rng.randint(lo, hi)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def desktop_ua(rng: random.Random) -> str:
    """A staff desktop or laptop browser."""
    v = rng.choice((129, 130, 131, 131, 132))
    pick = rng.random()
    if pick < 0.5:
        return CHROME_WIN.format(v=v)
    if pick < 0.7:
        return EDGE_WIN.format(v=v)
    if pick < 0.85:
        return CHROMEOS.format(v=v, b=rng.randint(40, 90))
    return MAC_SAFARI.format(s=rng.choice(("17.6", "18.0", "18.1")))


def phone_ua(rng: random.Random) -> str:
    """A staff phone browser."""
    if rng.random() < 0.6:
        return IPHONE.format(i=rng.choice(("17_6", "18_0", "18_1")), s=rng.choice(("17.6", "18.0", "18.1")))
    return ANDROID.format(m=rng.choice(("SM-S918U", "Pixel 8", "SM-A546U", "moto g 5G")), v=rng.choice((130, 131)))


def _account(first: str, last: str, taken: set[str]) -> str:
    base = f"{first[0]}{last}"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    taken.add(name)
    return name


ROLES = (("teacher", 0.70), ("clerk", 0.08), ("counselor", 0.06), ("admin", 0.05), ("nurse", 0.02),
         ("registrar", 0.03), ("district", 0.06))


def build_world(rng: random.Random, n_staff: int) -> World:
    """Draw a district with about ``n_staff`` staff accounts.

    Parameters
    ----------
    rng : random.Random
        Seeded generator; the same seed gives the same district.
    n_staff : int
        Number of ordinary staff accounts.

    Returns
    -------
    World
    """
    n_schools = max(3, min(len(SCHOOL_NAMES), n_staff // 25))
    schools, addresses, next_id, section = [], {}, 100000, 3000
    for i, name in enumerate(SCHOOL_NAMES[:n_schools]):
        level = "high" if "High" in name else "middle" if "Middle" in name else "elem"
        ips = [f"{DISTRICT_NET}.{16 + i}.{rng.randint(2, 60)}"]
        if level == "high":
            ips.append(f"{DISTRICT_NET}.{16 + i}.{rng.randint(61, 120)}")
        for ip in ips:
            addresses[ip] = f"office NAT of {name}"
        size = rng.randint(350, 700) if level == "elem" else rng.randint(700, 1800)
        students = list(range(next_id, next_id + size))
        next_id += size + rng.randint(50, 400)
        sections = list(range(section, section + size // 14))
        section += len(sections) + 100
        schools.append(School(10 + i, name, level, ips, students, sections))
    district = School(1, "District Office", "district", [f"{DISTRICT_NET}.0.5", f"{DISTRICT_NET}.0.6"], [], [])
    for ip in district.nat_ips:
        addresses[ip] = "district office NAT"
    vpn = [f"{DISTRICT_NET}.1.{10 + k}" for k in range(3)]
    for ip in vpn:
        addresses[ip] = "district VPN concentrator"
    staff, taken = [], set()
    weights = [w for _, w in ROLES]
    for _ in range(n_staff):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        role = rng.choices([r for r, _ in ROLES], weights)[0]
        school = district if role == "district" else rng.choice(schools)
        work = desktop_ua(rng)
        person = Person(
            account=_account(first, last, taken), name=f"{first.title()} {last.title()}", role=role, school=school,
            home_ip=residential_ip(rng), work_ua=work, home_ua=work if rng.random() < 0.45 else desktop_ua(rng),
            phone_ua=phone_ua(rng), classroom_ua=CHROMEOS.format(v=131, b=rng.randint(40, 90)) if rng.random() < 0.3 else work,
            uses_vpn=rng.random() < 0.15, heavy=rng.choice((0.6, 0.8, 1.0, 1.0, 1.3, 2.0, 3.0)),
            evening=rng.random() * 0.5, keeps_tab_open=rng.random() < 0.4, phone_at_work=rng.random() * 0.4,
        )
        if role == "district":
            person.works_from_home = 0.2
        if role == "teacher" and school.sections:
            person.sections = rng.sample(school.sections, min(len(school.sections), rng.randint(4, 6)))
        staff.append(person)
    return World(schools, district, staff, vpn, addresses)


def students_of(world: World, person: Person, rng: random.Random, n: int) -> list[int]:
    """``n`` students a person plausibly works with (own school; district staff: any school)."""
    pool = person.school.students or rng.choice(world.schools).students
    return rng.sample(pool, min(n, len(pool)))


__all__ = ["World", "School", "Person", "build_world", "residential_ip", "mobile_ip", "desktop_ua", "phone_ua",
           "students_of"]
