"""The state, its districts, schools, pupils, networks, people and browsers (one seed = one world)."""
import datetime as dt
import random
import uuid
from zoneinfo import ZoneInfo

from . import app

TZ_NAME = "America/Chicago"
TZ = ZoneInfo(TZ_NAME)
STATE_MAIL = "prairie-ed.gov"          # the state education agency's mail domain
STATE_AD, EDNET_AD = "PSDE", "EDNET"   # AD domains IIS shows as DOMAIN\user
SCHOOL_YEAR, ADMIN = "2025", "SP25"
ID_ALPHA = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

FIRST = ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan "
         "Joseph Jessica Thomas Sarah Chris Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra Donald "
         "Ashley Steven Kimberly Andrew Emily Paul Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian "
         "Melissa George Deborah Timothy Stephanie Ronald Rebecca Jason Sharon Edward Laura Jeffrey Cynthia Ryan "
         "Amy Jacob Angela Gary Shirley Nicholas Brenda Eric Emma Jonathan Anna Stephen Pamela Larry Nicole "
         "Justin Samantha Scott Katherine Brandon Christine Benjamin Debra Samuel Rachel Gregory Carolyn Alex "
         "Janet Frank Maria Raymond Heather Jack Diane Dennis Julie Jerry Joyce Tyler Victoria Aaron Kelly Jose "
         "Lauren Adam Christina Nathan Joan Henry Evelyn Zachary Judith Douglas Megan Peter Andrea Kyle Cheryl "
         "Noah Hannah Ethan Jacqueline Jeremy Martha Keisha Tamika Luis Rosa Hector Guadalupe Minh Priya").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
        "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark "
        "Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams "
        "Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz "
        "Edwards Collins Reyes Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson "
        "Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray "
        "Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins "
        "Perry Russell Sullivan Bell Coleman Butler Henderson Barnes Fisher Vasquez Simmons Romero Jordan "
        "Patterson Alexander Hamilton Graham Reynolds Griffin Wallace West Cole Hayes Bryant Herrera Gibson Ellis "
        "Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison Fernandez Kowalski Novak Schultz "
        "Lindqvist Okafor Brandt Hoffman Schmidt Weber Becker Wagner Meyer Koch Richter Klein Wolf Schroeder").split()
TOWNS = ("Cedar Grove|Millbrook|Oak Prairie|Fox River|Harmon|Bluff City|Kaskaskia Valley|Salt Creek|Wabash Flats|"
         "Pecatonica|Vermilion|Sangamon Ridge|Rock Falls|Iroquois West|Mackinaw|Embarras|Spoon River|Big Muddy|"
         "Kishwaukee|Des Plaines Valley|Apple Canyon|Lost Nation|Prairie Du Rocher|Shabbona|Elkhart|Tuscola|"
         "Carmi Plains|Okaw Valley|Meadowbrook|Lincoln Trail|Galena Hills|Pinckney|Otter Creek|Sugar Grove|"
         "Hidden Lake|Marquette Heights|Pleasant Plains|Arcola|Kewanee|Stonington").split("|")
SCHOOL_SUFFIX = ("Elementary", "Elementary", "Elementary", "Middle School", "Junior High", "High School",
                 "Primary", "Intermediate")


# ---------------------------------------------------------------- addresses
class Nets:
    """Public addresses by kind, each kind in its own /16s; never reserved ranges."""
    FIRST = {"edu": (146, 149, 152, 164, 192, 199, 204, 205, 206, 207, 208, 209),
             "home": (24, 50, 67, 68, 69, 71, 73, 75, 76, 96, 98, 99, 107, 108, 173, 174),
             "mobile": (166, 172, 174, 97),
             "biz": (38, 45, 63, 65, 66, 70, 72, 74, 104, 184, 216),
             "aws": (3, 18, 34, 35, 44, 52, 54), "azure": (13, 20, 40, 52, 104),
             "do": (64, 138, 142, 146, 157, 159, 161, 165, 167, 188), "proxy": (45, 71, 76, 98, 99, 108, 174, 186, 189)}

    def __init__(self, rng):
        self.rng, self.used = rng, set()

    def block(self, kind):
        while True:
            a = self.rng.choice(self.FIRST[kind])
            b = self.rng.randrange(32, 250) if a == 172 else self.rng.randrange(1, 254)
            if (a, b) not in self.used and not (a == 172 and b < 32) and not (a == 192 and b == 168):
                self.used.add((a, b))
                return (a, b)

    def addr(self, block=None, kind="home"):
        a, b = block or self.block(kind)
        return f"{a}.{b}.{self.rng.randrange(0, 255)}.{self.rng.randrange(2, 254)}"


# ---------------------------------------------------------------- user agents
def ua(kind, v, rng=None, minor=0):
    """A user agent string. v = Chrome/Edge/Firefox major, or Safari 'major.minor'."""
    win = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
    if kind == "chrome":
        return f"{win} Chrome/{v}.0.0.0 Safari/537.36"
    if kind == "edge":
        return f"{win} Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.{2478 + 70 * (v - 124)}.{minor}"
    if kind == "firefox":
        return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"
    if kind == "mac_chrome":
        return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
    if kind == "safari":
        return (f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                f"Version/{v} Safari/605.1.15")
    if kind == "chromeos":
        return f"Mozilla/5.0 (X11; CrOS x86_64 {15000 + 20 * (v - 115)}.{minor}.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
    if kind == "iphone":
        u = str(v).replace(".", "_")
        return (f"Mozilla/5.0 (iPhone; CPU iPhone OS {u} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                f"Version/{v} Mobile/15E148 Safari/604.1")
    if kind == "android":
        return f"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36"
    if kind == "headless":
        return f"{win} HeadlessChrome/{v}.0.{6367 + 55 * (v - 124)}.{minor} Safari/537.36"
    raise ValueError(kind)


class Device:
    """One browser on one machine: kind, version (can be bumped by an update) and a stable HTTP cache."""
    __slots__ = ("kind", "v", "minor", "cache")

    def __init__(self, kind, v, minor=0):
        self.kind, self.v, self.minor, self.cache = kind, v, minor, {}

    @property
    def ua(self):
        return ua(self.kind, self.v, minor=self.minor)


# ---------------------------------------------------------------- places and people
class School:
    __slots__ = ("name", "code", "district", "ip", "filter", "n", "_ids", "level")


class District:
    __slots__ = ("name", "slug", "code", "schools", "ip", "mail", "ednet", "vdi", "via_office", "filter")


class Account:
    """A login. log_name is what IIS shows on pages; api_name what the API endpoints show."""
    __slots__ = ("email", "log_name", "api_name", "lock")

    def __init__(self, email, ad=None, sam=None):
        self.email = email
        self.log_name = f"{ad}\\{sam}" if ad else email
        self.api_name = email
        self.lock = []          # [(start, end)] lockout windows (epoch)

    def locked(self, t):
        for a, b in self.lock:
            if a <= t < b:
                return b
        return None


class Person:
    __slots__ = ("key", "name", "acct", "role", "district", "school", "home_ip", "work", "home", "phone",
                 "think", "sigma", "habits", "sections", "vdi", "rng")


ROLES = (("teacher", 46), ("counselor", 9), ("school_tc", 10), ("principal", 7), ("clerk", 6),
         ("district_steward", 8), ("district_tc", 5), ("district_admin", 3), ("state_staff", 6))


class World:
    def __init__(self, seed, n_staff, days):
        self.seed, self.days = seed, days
        r = self.rng = random.Random(f"blind6/{seed}/world")
        self.nets = Nets(r)
        start = dt.date(2025, 3, 4) + dt.timedelta(weeks=seed % 10)       # a Tuesday in the testing window
        self.dates = [start + dt.timedelta(days=i) for i in range(days)]
        self.t0 = dt.datetime.combine(start, dt.time(), TZ).timestamp()
        self.t_end = dt.datetime.combine(start + dt.timedelta(days=days), dt.time(), TZ).timestamp()
        self.chrome = r.randrange(126, 134)            # current Chrome/Edge major this seed
        self.firefox = self.chrome - r.randrange(0, 3)
        self.safari = r.choice(("17.4", "17.5", "17.6", "18.1", "18.3"))
        self.alb_nodes = [f"10.42.{i + 1}.{r.randrange(20, 240)}" for i in range(3)]
        self.targets = [f"10.42.{11 + i}.{r.randrange(10, 90)}" for i in range(2)]
        self.state_dc = self.nets.block("edu")                           # state data centre /16
        self.vdi_ips = [f"{self.state_dc[0]}.{self.state_dc[1]}.40.{r.randrange(10, 250)}"
                        for _ in range(r.randint(3, 5))]
        self.vdi_ua = ua("chrome", self.chrome - 2)
        self.state_office = self.nets.addr(self.state_dc)
        self.carriers = [self.nets.block("mobile") for _ in range(3)]
        self.home_blocks = [self.nets.block("home") for _ in range(r.randint(30, 50))]
        self._names = set()
        self._build_districts(n_staff)
        builds = [0] + [d for d in range(1, days) if r.random() < 0.5]     # nightly deploys change hashes
        self.deploys = [(self.local(d, 4.6) if d else -1e18, app.Deploy(seed, d)) for d in builds]

    def deploy(self, t):
        cur = self.deploys[0][1]
        for ts, d in self.deploys:
            if t >= ts:
                cur = d
        return cur

    # -- places
    def _build_districts(self, n_staff):
        r = self.rng
        towns = r.sample(TOWNS, len(TOWNS))
        n_d = max(4, min(24, n_staff // 14))
        self.districts, self.directory = [], []
        for i in range(n_d + r.randint(14, 24)):               # staffed districts, then the rest of the state
            town = towns[i % len(towns)]
            if i >= len(towns):
                town = f"{('North', 'South', 'East', 'West')[(i // len(towns)) % 4]} {town}"
            d = District()
            d.name = f"{town} CUSD {r.randrange(1, 400)}"
            d.slug = town.lower().replace(" ", "")
            d.mail = f"{d.slug}.k12.ps.us"
            d.code = f"{r.randrange(1, 60):02d}{r.randrange(1, 120):03d}{r.randrange(1, 9999):04d}26"
            d.ednet = r.random() < 0.3
            d.vdi = False
            d.via_office = r.random() < 0.45
            d.filter = r.random() < 0.2
            blk = self.nets.block("edu")
            d.ip = self.nets.addr(blk)
            d.schools = []
            for j in range(r.choices((1, 2, 3, 4, 5, 6, 8), (2, 3, 4, 4, 3, 2, 1))[0]):
                s = School()
                s.level = r.choice(SCHOOL_SUFFIX)
                s.name = f"{r.choice(LAST)} {s.level}"
                s.code = f"{d.code[:9]}{'25' if 'High' in s.level else '22'}{r.randrange(1000, 9999):04d}"
                s.district, s.filter, s._ids = d, d.filter, None
                s.n = r.randint(260, 1900) if "High" in s.level else r.randint(220, 800)
                s.ip = d.ip if d.via_office else self.nets.addr(blk if r.random() < 0.6 else None, "edu")
                d.schools.append(s)
            (self.districts if i < n_d else []).append(d)
            self.directory.extend(d.schools)      # every school in the state directory
        for d in r.sample(self.districts[1:], min(3, len(self.districts) - 1)):
            d.vdi = True                          # small districts on the state's Citrix farm
        self.schools = [s for d in self.districts for s in d.schools]

    def students(self, school):
        """The school's pupils: 8-character state IDs (random, not sequential) with an enrolment GUID."""
        if school._ids is None:
            r = random.Random(f"blind6/{self.seed}/pupils/{school.code}")
            school._ids = [("".join(r.choice(ID_ALPHA) for _ in range(8)), str(uuid.UUID(int=r.getrandbits(128), version=4)))
                           for _ in range(school.n)]
        return school._ids

    # -- people
    def unique_local(self, first, last, dom, r):
        for style in (f"{first}.{last}", f"{first[0]}{last}", f"{first}.{last}{r.randrange(2, 9)}",
                      f"{first[0]}{last}{r.randrange(10, 99)}"):
            if (style, dom) not in self._names:
                self._names.add((style, dom))
                return style
        return f"{first}.{last}{r.randrange(100, 999)}"

    def person(self, key, role=None, district=None, school=None):
        r = random.Random(f"blind6/{self.seed}/person/{key}")
        p = Person()
        p.key, p.rng = key, r
        p.role = role or r.choices([x for x, _ in ROLES], [w for _, w in ROLES])[0]
        first, last = r.choice(FIRST), r.choice(LAST)
        p.name = f"{first} {last}"
        if p.role == "state_staff":
            p.district, p.school = None, None
            local = self.unique_local(first.lower(), last.lower(), STATE_MAIL, r)
            p.acct = Account(f"{local}@{STATE_MAIL}", STATE_AD, (first[0] + last)[:20].lower())
        else:
            p.district = district or r.choice(self.districts)
            p.school = school or (r.choice(p.district.schools) if not p.role.startswith("district") else None)
            local = self.unique_local(first.lower(), last.lower(), p.district.mail, r)
            p.acct = Account(f"{local}@{p.district.mail}", EDNET_AD if p.district.ednet else None,
                             (first[0] + last).lower()[:20])
        p.vdi = bool(p.district and p.district.vdi and r.random() < 0.85)
        c = self.chrome - r.choices((0, 1, 2), (6, 3, 1))[0]
        wk = r.choices(("chrome", "edge", "firefox", "mac_chrome", "safari", "chromeos"), (40, 30, 6, 6, 6, 12))[0]
        if p.role != "teacher" and wk == "chromeos":
            wk = "chrome"
        p.work = Device(wk, self.safari if wk == "safari" else (self.firefox if wk == "firefox" else c), r.randrange(20, 90))
        hk = r.choices(("chrome", "edge", "safari", "mac_chrome", "same"), (30, 15, 15, 10, 30))[0]
        p.home = p.work if hk == "same" and wk != "chromeos" else Device(
            "chrome" if hk == "same" else hk, self.safari if hk == "safari" else self.chrome - r.randrange(0, 3),
            r.randrange(20, 90))
        pk = r.choice(("iphone", "iphone", "android"))
        p.phone = Device(pk, r.choice(("17.5", "17.6", "18.1", "18.3")) if pk == "iphone" else self.chrome)
        p.home_ip = self.nets.addr(r.choice(self.home_blocks))
        p.think = r.uniform(5.0, 18.0)            # median seconds between clicks
        p.sigma = r.uniform(0.7, 1.1)
        p.habits = {"evening": r.uniform(0.0, 0.3), "phone": r.uniform(0.0, 0.25), "wfh": r.uniform(0.0, 0.2),
                    "fail": r.uniform(0.0, 0.08), "typo": r.uniform(0.003, 0.02), "forgot": r.uniform(0, 0.03),
                    "logoff": r.uniform(0.0, 0.6), "update": r.random() < 0.15, "present": r.uniform(0.85, 0.97)}
        p.sections = []
        if p.role == "teacher":
            ids = self.students(p.school)
            for _ in range(r.randint(2, 6)):
                k = min(len(ids), r.randint(18, 32))
                p.sections.append((str(r.randrange(100000, 999999)), r.sample(ids, k)))
        return p

    def some_ua(self, r, kind=None):
        kind = kind or r.choice(("chrome", "edge", "firefox", "safari", "mac_chrome"))
        v = self.safari if kind in ("safari", "iphone") else (
            self.firefox if kind == "firefox" else self.chrome - r.randrange(0, 3))
        return ua(kind, v, minor=r.randrange(20, 90))

    def work_ip(self, p, r):
        """Where the person's office PC reaches the internet from (VDI staff: one farm address per session)."""
        if p.vdi:
            return r.choice(self.vdi_ips)
        if p.school is not None:
            return p.school.ip
        return p.district.ip if p.district else self.state_office

    def mobile_ip(self, r):
        return self.nets.addr(r.choice(self.carriers))

    def scope_schools(self, p):
        if p.role == "state_staff":
            return self.directory
        if p.school is not None:
            return [p.school]
        return p.district.schools

    def local(self, day, hours):
        """Epoch seconds of local wall-clock time `hours` (may exceed 24) after midnight of day index `day`."""
        d = dt.datetime.combine(self.dates[0] + dt.timedelta(days=day), dt.time(), TZ)
        return (d + dt.timedelta(hours=hours)).timestamp()

    def weekday(self, day):
        return (self.dates[0] + dt.timedelta(days=day)).weekday() < 5
