"""World model: towns, networks, people, students, time helpers (America/New_York)."""
import datetime as _dt

EPOCH = _dt.datetime(1970, 1, 1)
HOST = "records.trec.k12.ma.us"
PUBLIC_IP = "192.0.2.80"
TZ = "America/New_York"
START = (2026, 11, 17)  # Tuesday
NODES = [("10.20.1.11", "7c4a8d09ca3762af61e59520943dc26494f8941b"),
         ("10.20.1.12", "e38ad214943daad1d64c102faec29de4afe9da3d")]

# code, name, google_sso, totp_mfa, legacy_local_names, network ('own' or 'fiber')
TOWNS = [
    ("ASB", "Ashby", 0, 1, 0, "own"), ("TWN", "Townsend", 1, 0, 0, "own"),
    ("SHI", "Shirley", 1, 0, 1, "fiber"), ("LUN", "Lunenburg", 1, 1, 0, "own"),
    ("HAR", "Harvard", 1, 0, 0, "own"), ("BOL", "Bolton", 0, 1, 0, "fiber"),
    ("BER", "Berlin", 1, 0, 1, "fiber"), ("BOY", "Boylston", 1, 1, 0, "own"),
    ("STE", "Sterling", 1, 0, 0, "own"), ("PRI", "Princeton", 0, 1, 0, "fiber"),
    ("HUB", "Hubbardston", 0, 0, 0, "fiber"), ("TEM", "Templeton", 1, 1, 0, "own"),
    ("PHI", "Phillipston", 0, 0, 1, "fiber"), ("ROY", "Royalston", 0, 1, 0, "fiber"),
    ("PET", "Petersham", 1, 0, 0, "fiber"), ("HWK", "Hardwick", 0, 1, 0, "own"),
    ("BAR", "Barre", 1, 1, 0, "own"), ("OAK", "Oakham", 0, 0, 0, "fiber"),
    ("RUT", "Rutland", 1, 1, 0, "own"), ("PAX", "Paxton", 0, 0, 0, "own"),
    ("WES", "Westminster", 1, 1, 0, "own"), ("ASH", "Ashburnham", 0, 0, 1, "own"),
    ("WIN", "Winchendon", 1, 0, 0, "own"), ("NBR", "New Braintree", 0, 1, 0, "fiber"),
    ("HOL", "Holden", 1, 1, 0, "own"),
]
COLLAB_DOMAIN = "trec.k12.ma.us"
OFFICE_NAT = "192.0.2.10"          # collaborative office (Devens) and its staff VPN egress
OFFICE_VPN = "192.0.2.14"
FIBER_NATS = ["203.0.113.40", "203.0.113.41"]  # regional fiber shared egress

FIRST = ("Linda Karen Susan Maria Jennifer Michelle Kelly Nicole Amy Heather Erin Megan Colleen Denise Paula "
         "Diane Kathleen Patricia Christine Lisa Donna Joanne Maureen Sarah Emily Rachel Lauren Katie Brianna "
         "Ana Beatriz Fatima Priya Mei Jessica Stephanie Melissa Tracy Danielle Robert Michael John David James "
         "Brian Kevin Sean Patrick Daniel Matthew Mark Thomas Joseph Christopher Steven Paul Jason Ryan Eric "
         "Timothy Andrew Jose Luis Marcus Derek Tyler Nathan Adam Peter Gregory Scott Keith Dennis Carlos "
         "Abigail Hannah Olivia Grace Molly Caitlin Shannon Tara Renee Yvonne Monique Gail Jean").split()
LAST = ("Sullivan Murphy OBrien Kelly Walsh McCarthy Donovan Fitzgerald Doherty Lynch Gallagher Reardon "
        "Costa Silva Medeiros Pereira Souza Rodrigues Ferreira Amaral Cabral Pimentel Rossi Russo DAngelo "
        "Caruso Marino Ricci Romano Lombardi Leblanc Gagnon Cote Bouchard Theriault Lavoie Pelletier "
        "Ouellette Boucher Morin Levesque Arsenault Smith Johnson Brown Davis Miller Wilson Moore Taylor "
        "Anderson Thomas Jackson White Harris Martin Thompson Clark Lewis Walker Hall Allen Young King Wright "
        "Hill Green Adams Baker Nelson Carter Mitchell Roberts Phillips Campbell Parker Evans Edwards Collins "
        "Stewart Morris Rogers Reed Cook Bailey Cooper Howard Ward Peterson Gray Ramirez Nguyen Tran Patel "
        "Shah Chen Wong Kim Haddad Nasser Ortiz Rivera Santiago Torres Alvarez Cruz Ramos Kowalski Nowak "
        "Wisniewski Jankowski Hebert Paradis Dube Morrissette Trudeau Kearney Brennan Hurley Conroy").split()
STU_FIRST = ("Liam Noah Oliver Elijah Mason Lucas Logan Ethan Aiden Jackson Owen Caleb Wyatt Hunter Carter "
             "Emma Ava Sophia Mia Isabella Charlotte Amelia Harper Evelyn Abigail Ella Avery Scarlett Lily "
             "Chloe Zoe Nora Riley Aubrey Brooklyn Mateo Santiago Diego Valentina Camila Aaliyah Jayden").split()
APOS_NAMES = ["o'brien or obrien", "d'angelo or dangelo", "o'neil or o'neill", "o'connor and connor",
              "d'amico or damico", "o'reilly or oreilly"]


def lt(y, m, d, hh=0, mm=0, ss=0.0):
    """Local naive wall-clock seconds (seconds since 1970-01-01 00:00 as if local were UTC)."""
    return (_dt.datetime(y, m, d, hh, mm) - EPOCH).total_seconds() + ss


def _nth_sunday(y, m, n):
    d = _dt.date(y, m, 1)
    d += _dt.timedelta(days=(6 - d.weekday()) % 7)
    return d + _dt.timedelta(days=7 * (n - 1))


def utc_offset_h(tl):
    d = EPOCH + _dt.timedelta(seconds=int(tl))
    s = _dt.datetime.combine(_nth_sunday(d.year, 3, 2), _dt.time(2))
    e = _dt.datetime.combine(_nth_sunday(d.year, 11, 1), _dt.time(1))
    return -4 if s <= d < e else -5


def to_epoch(tl):
    return tl - utc_offset_h(tl) * 3600


def dt_of(tl):
    return EPOCH + _dt.timedelta(seconds=int(tl))


def sasid(town_idx, k):
    x = town_idx * 5000 + k
    return str(1000000000 + (x * 282475249 + 104729) % 900000000)


class Town:
    def __init__(self, idx, row, rng):
        self.idx = idx
        self.code, self.name, g, m, leg, self.net = row
        self.google, self.mfa, self.legacy = bool(g), bool(m), bool(leg)
        self.domain = self.name.lower().replace(" ", "") + ".k12.ma.us"
        self.n_students = rng.randint(140, 1300)
        self.nat = FIBER_NATS[idx % 2] if self.net == "fiber" else "198.51.100.%d" % (20 + idx * 3)
        self.schools = ["%s-ES" % self.code] + (["%s-MS" % self.code, "%s-HS" % self.code]
                                                 if self.n_students > 600 else [])

    def student(self, k):
        return sasid(self.idx, k)

    def lid(self, k):
        return "%s%06d" % (self.code, 1000 + k * 7)


class Person:
    def __init__(self, pid, first, last, town, role, school):
        self.pid, self.first, self.last, self.town, self.role, self.school = pid, first, last, town, role, school
        self.email = None
        self.local = None
        self.names = []     # log names actually used (filled while simulating)
        self.devs = {}
        self.home_ip = None
        self.sections = []
        self.method = "local"   # default sign-in: local | google
        self.note = None
        self.mfa = None         # override of the home town's TOTP rule
        self.behaviour = None
        self.dual = False

    def login_name(self, method):
        return self.email if method == "google" or self.local is None else self.local

    def use(self, name):
        if name not in self.names:
            self.names.append(name)

    @property
    def auth(self):
        if self.method == "google":
            return "google_sso"
        if self.mfa is not None:
            return "local+totp" if self.mfa else "local"
        return "local+totp" if self.town is None or self.town.mfa else "local"

    @property
    def login_path(self):
        return "/auth/google/callback" if self.method == "google" else "/auth/login"


ROLES = [("teacher", 55), ("secretary", 10), ("counselor", 6), ("principal", 4), ("assistant_principal", 4),
         ("nurse", 5), ("sped_coordinator", 6), ("attendance_clerk", 3), ("librarian", 2)]
DISTRICT_ROLES = [("registrar", 2), ("data_coordinator", 2), ("helpdesk", 3)]


def make_world(rng, n_staff, nets):
    towns = [Town(i, r, rng) for i, r in enumerate(TOWNS)]
    people, used = [], set()
    n_district = max(8, n_staff // 20)
    wts = [w for _, w in ROLES]
    for i in range(n_staff):
        f, l = rng.choice(FIRST), rng.choice(LAST)
        if i < n_district:
            role = DISTRICT_ROLES[i % len(DISTRICT_ROLES)][0]
            town, school = None, "TREC-Office"
        else:
            role = rng.choices([r for r, _ in ROLES], wts)[0]
            town = towns[rng.randrange(len(towns))]
            school = rng.choice(town.schools)
        p = Person(i, f, l, town, role, school)
        base = (f[0] + l).lower()
        dom = town.domain if town else COLLAB_DOMAIN
        n = base
        k = 2
        while n + "@" + dom in used:
            n = "%s%d" % (base, k)
            k += 1
        used.add(n + "@" + dom)
        p.email = n + "@" + dom
        if town is not None and town.legacy:
            p.local = "%s.%s" % (n, town.code.lower())
        if town is None:
            p.method = "google" if rng.random() < 0.7 else "local"
        elif town.google:
            p.method = "google" if rng.random() < 0.85 else "local"
        p.home_ip = nets.home()
        if town is not None:
            start = rng.randrange(max(1, town.n_students - 60))
            for s in range(rng.randint(4, 6) if role == "teacher" else (2 if role == "librarian" else 0)):
                p.sections.append((town.idx * 1000 + rng.randrange(1000) + 40000,
                                   [start + rng.randrange(60) for _ in range(rng.randint(14, 26))]))
        people.append(p)
    return towns, people
