"""The made-up Harbor City Public Schools: schools, networks, user agents, pupils, staff and parents.

Everything is drawn from a ``random.Random`` seeded with a string, so the world is the same for a seed.
Times elsewhere are "window seconds": 0 is the window's first local midnight (America/New_York).
"""
from dataclasses import dataclass, field

HOST = "sis.harborschools.org"
BASE = "https://" + HOST
SSO = "https://sso.harborschools.org/"
FAMILY_SSO = "https://family.harborschools.org/"
TZ = "America/New_York"
START = (2026, 11, 16)          # Monday 16 November 2026, 00:00 local (EST, UTC-5)
YEAR, NEXT_YEAR, TERM = "2026-27", "2027-28", "Q2"

# code, name, level, pupils (min, max), egress NAT
SCHOOLS = [
    ("0112", "Bayview Elementary", "ES", (380, 520), "199.167.40.21"),
    ("0118", "Fulton Street Elementary", "ES", (400, 560), "199.167.40.22"),
    ("0125", "Marina Heights Elementary", "ES", (360, 500), "199.167.40.23"),
    ("0131", "Pier Park Elementary", "ES", (420, 580), "199.167.40.24"),
    ("0137", "Lighthouse Elementary", "ES", (380, 520), "199.167.40.25"),
    ("0144", "Cannery Row Elementary", "ES", (340, 480), "199.167.40.26"),
    ("0211", "Harbor View Middle", "MS", (650, 850), "199.167.40.31"),
    ("0218", "Seaport Middle", "MS", (600, 800), "199.167.40.32"),
    ("0225", "Drydock Middle", "MS", (620, 820), "199.167.40.33"),
    ("0311", "Harbor City High", "HS", (1400, 1700), "199.167.40.5"),
    ("0318", "Eastshore High", "HS", (1100, 1400), "199.167.40.41"),
    ("0325", "Maritime Academy High", "HS", (700, 900), "199.167.40.42"),
]
CENTRAL, WELCOME = "0900", "0910"       # Central Office and Welcome Center share the core NAT with 0311
CORE_NAT = "199.167.40.5"
OFFICE_NATS = {CENTRAL: CORE_NAT, WELCOME: CORE_NAT}

ROLE_SHARES = [("teacher", .54), ("office_manager", .05), ("attendance_clerk", .03), ("records_clerk", .04),
               ("counselor", .06), ("nurse", .04), ("principal", .05), ("assistant_principal", .04),
               ("sped_coordinator", .03), ("enrollment_clerk", .03), ("registrar", .02), ("analyst", .04),
               ("it_admin", .03)]
DESK_ROLES = {"office_manager", "attendance_clerk", "records_clerk", "counselor", "nurse", "principal",
              "assistant_principal", "sped_coordinator", "enrollment_clerk", "registrar", "analyst", "it_admin"}

FIRST = ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan "
         "Joseph Jessica Thomas Sarah Carlos Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra Luis "
         "Ashley Steven Kimberly Andrew Emily Kevin Donna Brian Michelle Jose Carol Ana Amanda Wei Melissa Omar "
         "Deborah Ryan Stephanie Jacob Rebecca Nicole Tyrone Laura Keisha Priya Sofia Jamal Mei Fatima Diego").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
        "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez "
        "Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker "
        "Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins "
        "Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly "
        "Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes "
        "Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan "
        "Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander "
        "Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina "
        "Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy "
        "Wells Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon "
        "Mendez Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose "
        "Stone Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver "
        "Ryan Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart "
        "Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray "
        "Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval").split()

C = "142.0.0.0"
UA_WORK = [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36" % C, 48),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36", 10),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36 Edg/142.0.3595.65" % C, 22),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0", 4),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.1 Safari/605.1.15", 8),
    ("Mozilla/5.0 (X11; CrOS x86_64 16433.52.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36" % C, 8),
]
UA_HOME = [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36" % C, 34),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.1 Safari/605.1.15", 22),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36" % C, 14),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0", 8),
    ("Mozilla/5.0 (X11; CrOS x86_64 16328.65.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36", 8),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36 Edg/142.0.3595.65" % C, 14),
]
UA_PHONE = [
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.1 Mobile/15E148 Safari/604.1", 40),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1", 14),
    ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Mobile Safari/537.36" % C, 30),
    ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36 SamsungBrowser/29.0", 8),
    ("Mozilla/5.0 (iPad; CPU OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.1 Mobile/15E148 Safari/604.1", 8),
]
HOME_ISPS = ["73.149", "73.186", "98.218", "24.60", "24.187", "108.35", "71.246", "100.37", "69.116", "67.84", "96.232"]
CARRIERS = ["172.58", "172.56", "174.205", "174.212", "107.77", "166.205", "100.15"]


def pick(rng, weighted):
    """Weighted choice from [(value, weight), ...]."""
    total = sum(w for _, w in weighted)
    x = rng.random() * total
    for v, w in weighted:
        x -= w
        if x < 0:
            return v
    return weighted[-1][0]


def ip_in(rng, prefix):
    """A host address inside a dotted prefix such as '73.149' or '146.70.12'."""
    parts = prefix.count(".") + 1
    tail = [str(rng.randint(1 if i == 3 - parts else 0, 254)) for i in range(4 - parts)]
    return prefix + "." + ".".join(tail)


def luhn_id(serial):
    """A 7-digit pupil id: 6-digit serial plus a Luhn check digit."""
    digits = [int(c) for c in str(serial)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return "%d%d" % (serial, (10 - total % 10) % 10)


@dataclass
class School:
    code: str
    name: str
    level: str
    nat: str
    pupils: list = field(default_factory=list)        # pupil ids
    surnames: dict = field(default_factory=dict)      # pupil id -> surname
    sections: list = field(default_factory=list)      # (section id, [pupil ids])
    _prefix: dict = field(default_factory=dict)

    def by_prefix(self, prefix):
        """Pupils whose surname starts with prefix (case-insensitive), in roll order."""
        key = prefix.lower()
        if key not in self._prefix:
            self._prefix[key] = [p for p in self.pupils if self.surnames[p].lower().startswith(key)]
        return self._prefix[key]


@dataclass
class Person:
    login: str
    role: str
    school: str
    first: str
    last: str
    work_ua: str
    home_ip: str
    home_ua: str
    phone_ua: str
    carrier: str
    auth: str = "cas"
    behaviour: str = ""                                # benign look-alike name (or role)
    sections: list = field(default_factory=list)
    flags: dict = field(default_factory=dict)          # set by abuse/look-alike planners


@dataclass
class World:
    seed: int
    days: int
    schools: dict
    staff: list
    parents: list          # (email, [pupil ids], home_ip, phone_ua, home_ua, carrier)
    pupil_school: dict
    extra_accounts: list = field(default_factory=list)

    def nat(self, code):
        return OFFICE_NATS.get(code) or self.schools[code].nat

    def school_of(self, person):
        return self.schools.get(person.school) or self.schools["0311"]


def build_world(rng, n_staff, days, seed):
    """Draw schools with pupils and sections, staff with roles, devices and homes, and parents."""
    schools, serials, pupil_school = {}, rng.sample(range(100000, 999999), 14000), {}
    k = 0
    for code, name, level, (lo, hi), nat in SCHOOLS:
        s = School(code, name, level, nat)
        for _ in range(rng.randint(lo, hi)):
            pid = luhn_id(serials[k]); k += 1
            s.pupils.append(pid); s.surnames[pid] = rng.choice(LAST); pupil_school[pid] = code
        schools[code] = s
    counts = [(r, int(round(n_staff * sh))) for r, sh in ROLE_SHARES]
    diff = n_staff - sum(c for _, c in counts)
    counts[0] = ("teacher", counts[0][1] + diff)
    roles = [r for r, c in counts for _ in range(c)]
    ids = rng.sample(range(100000, 999999), n_staff + 400)
    weights = [(code, len(schools[code].pupils)) for code in schools]
    staff, n_principal = [], 0
    for i, role in enumerate(roles):
        if role in ("analyst", "it_admin", "registrar"):
            code = CENTRAL
        elif role == "enrollment_clerk":
            code = WELCOME
        elif role == "principal" and n_principal < len(SCHOOLS):
            code = SCHOOLS[n_principal][0]; n_principal += 1
        elif role in ("counselor", "attendance_clerk", "assistant_principal"):
            code = pick(rng, [(c, w * (2.5 if schools[c].level != "ES" else 1)) for c, w in weights])
        else:
            code = pick(rng, weights)
        p = Person("e%d" % ids[i], role, code, rng.choice(FIRST), rng.choice(LAST), pick(rng, UA_WORK),
                   ip_in(rng, rng.choice(HOME_ISPS)), pick(rng, UA_HOME), pick(rng, UA_PHONE),
                   rng.choice(CARRIERS), behaviour=role)
        staff.append(p)
    _sections(rng, schools, staff)
    parents = _parents(rng, schools, ids[n_staff:])
    return World(seed, days, schools, staff, parents, pupil_school)


def _sections(rng, schools, staff):
    """Give teachers sections (secondary: 5 periods of 22-32; elementary: one homeroom)."""
    next_id = 40000 + rng.randint(0, 5000)
    for p in staff:
        if p.role != "teacher":
            continue
        s = schools[p.school]
        periods = [0] if s.level == "ES" else sorted(rng.sample(range(1, 8), 5))
        for period in periods:
            size = rng.randint(20, 26) if s.level == "ES" else rng.randint(22, 32)
            sec = (str(next_id), sorted(rng.sample(s.pupils, size), key=lambda x: (s.surnames[x], x)), period)
            next_id += rng.randint(1, 9)
            s.sections.append(sec); p.sections.append(sec)


def _parents(rng, schools, spare_ids):
    """Parent-portal accounts: e-mail logins with one to three linked children."""
    parents, used = [], {}
    domains = [("gmail.com", 55), ("yahoo.com", 14), ("outlook.com", 9), ("icloud.com", 12), ("aol.com", 3),
               ("hotmail.com", 7)]
    all_pupils = [p for s in schools.values() for p in s.pupils]
    for i in range(len(all_pupils) // 4):
        first, last = rng.choice(FIRST).lower(), rng.choice(LAST).lower()
        style = rng.random()
        local = ("%s.%s" % (first, last)) if style < .45 else ("%s%s%d" % (first[0], last, rng.randint(1, 99))) \
            if style < .75 else ("%s.%s%d" % (first, last, rng.randint(1960, 2001)))
        email = "%s@%s" % (local, pick(rng, domains))
        if email in used:
            continue
        used[email] = 1
        kids = [rng.choice(all_pupils)]
        if rng.random() < .35:
            kids.append(rng.choice(all_pupils))
        if rng.random() < .08:
            kids.append(rng.choice(all_pupils))
        parents.append((email, kids, ip_in(rng, rng.choice(HOME_ISPS)), pick(rng, UA_PHONE), pick(rng, UA_HOME),
                        rng.choice(CARRIERS)))
    return parents
