"""The made-up district behind the logs: schools, networks, user agents, staff, pupils, sections.

Chestatee County Schools (Georgia), SIS "Ledger" at ledger.chestateeschools.org; time zone
America/New_York (the whole supported window is in EST, UTC-5).
"""
import datetime as _dt

HOST = "ledger.chestateeschools.org"
BASE = "https://" + HOST
DOMAIN = "chestateeschools.org"
TZ_NAME = "America/New_York"
TZ = _dt.timezone(_dt.timedelta(hours=-5))
START_LOCAL = _dt.datetime(2026, 12, 16, 0, 0, tzinfo=TZ)   # a Wednesday
START = START_LOCAL.timestamp()
DAY = 86400.0
MAX_DAYS = 14            # stays inside EST (no DST change) and before January
BREAK_FROM = _dt.date(2026, 12, 21)   # winter break starts Monday 21 December
GRADES_DUE = _dt.date(2026, 12, 18)   # semester grades due Friday 15:00

SCHOOLS = ["NRH", "SCH", "EMH", "BOH", "LGH", "CCA"]
SCHOOL_NAMES = {"NRH": "North Ridge High", "SCH": "Sweetwater Creek High", "EMH": "Etowah Mill High",
                "BOH": "Briar Oak High", "LGH": "Laurel Gap High", "CCA": "Chestatee College & Career Academy",
                "DO": "Central Office"}
SITE_OCTET = {"NRH": 21, "SCH": 22, "EMH": 23, "BOH": 24, "LGH": 25, "CCA": 26, "DO": 10}
PROXY_SITES = {"NRH", "SCH", "EMH", "BOH", "DO"}   # district laptops leave through the web-filter proxy
PROXY_IPS = ["74.143.200.10", "74.143.200.11"]
CAMPUS_NAT = {"NRH": "74.143.201.21", "SCH": "74.143.201.22", "EMH": "74.143.201.23", "BOH": "74.143.201.24",
              "LGH": "74.143.202.25", "CCA": "74.143.202.26", "DO": "74.143.200.30"}
STUDENT_NAT = {s: "74.143.203.%d" % (40 + i) for i, s in enumerate(SCHOOLS)}
DO_SERVERS = "74.143.200.45"
ALB_NODES = ["10.20.1.37", "10.20.2.141", "10.20.3.88"]

HOME_PREFIXES = ["73.43", "73.207", "24.99", "98.192", "76.97", "99.108", "108.208", "107.204", "71.71",
                 "162.39", "75.88", "68.55"]
MOBILE_PREFIXES = ["172.56", "172.58", "174.203", "174.216", "166.205", "107.77"]

CHROME = "143.0.0.0"
UA_WIN_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36"
UA_WIN_EDGE = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s "
               "Safari/537.36 Edg/%s")
UA_MAC_CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36"
UA_MAC_SAFARI = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                 "Version/%s Safari/605.1.15")
UA_CROS = "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Safari/537.36"
UA_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
             "Version/%s Mobile/15E148 Safari/604.1")
UA_ANDROID = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s Mobile Safari/537.36"
UA_WIN_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:146.0) Gecko/20100101 Firefox/146.0"


def laptop_ua(rng, site):
    if site in ("CCA",) and rng.random() < 0.7:
        return UA_MAC_CHROME % CHROME if rng.random() < 0.8 else UA_MAC_SAFARI % "26.1"
    r = rng.random()
    if r < 0.55:
        return UA_WIN_CHROME % rng.choice([CHROME, CHROME, "142.0.0.0"])
    if r < 0.85:
        return UA_WIN_EDGE % (CHROME, rng.choice(["143.0.3650.66", "143.0.3650.80", "142.0.3595.94"]))
    return UA_CROS % CHROME


def home_ua(rng):
    r = rng.random()
    if r < 0.35:
        return UA_WIN_CHROME % CHROME
    if r < 0.6:
        return UA_MAC_SAFARI % rng.choice(["26.1", "26.0.1", "18.6"])
    if r < 0.8:
        return UA_MAC_CHROME % CHROME
    return UA_WIN_EDGE % (CHROME, "143.0.3650.80")


def phone_ua(rng):
    if rng.random() < 0.62:
        return UA_IPHONE % rng.choice(["26.1", "26.1", "26.0", "18.6"])
    return UA_ANDROID % rng.choice([CHROME, "142.0.0.0"])


def ip_in(rng, prefix):
    parts = prefix.split(".")
    while len(parts) < 4:
        parts.append(str(rng.randint(1, 254)))
    return ".".join(parts)


def home_ip(rng):
    return ip_in(rng, rng.choice(HOME_PREFIXES))


def mobile_ip(rng):
    return ip_in(rng, rng.choice(MOBILE_PREFIXES))


FIRST = ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph "
         "Jessica Thomas Sarah Charles Karen Chris Lisa Daniel Nancy Matthew Betty Anthony Sandra Mark Ashley Donald "
         "Kimberly Steven Emily Andrew Donna Joshua Michelle Kevin Carol Brian Amanda Tamika Latoya Marcus Keisha "
         "Darnell Jasmine Tyrone Ebony Carlos Maria Luis Ana Jorge Rosa Wei Mei Priya Raj Nguyen Thu Andre Tiffany "
         "Brandon Brittany Kyle Megan Cody Whitney Travis Crystal Dustin Heather Shanice Demetrius Aaliyah Terrence").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
        "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis "
        "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall "
        "Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes "
        "Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard "
        "Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez "
        "Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman "
        "Butler Henderson Barnes Fisher Vasquez Simmons Graham Marshall Owens Harrison Gibson McDaniel Whitfield "
        "Pruitt Dockery Satterfield Holcomb Blalock Echols Crumbley Tolbert").split()


class Staff:
    __slots__ = ("uid", "first", "last", "email", "role", "campus", "auth", "laptop", "phone", "home", "home_ua",
                 "internal", "sections", "dept", "behaviour", "extra")

    def key(self):
        return str(self.uid)


class Pupil:
    __slots__ = ("pid", "first", "last", "school", "grade")


class World:
    def __init__(self):
        self.staff, self.by_uid, self.pupils, self.by_school = [], {}, {}, {}
        self.sections, self.caseload, self.extra_accounts = {}, {}, []


def _roles_for(n):
    roles = ["principal", "registrar", "nurse"]
    roles += ["counselor"] * max(2, round(n * 0.07)) + ["office"] * max(3, round(n * 0.08))
    roles += ["assistant_principal"] * max(1, round(n * 0.04)) + ["dept_head"] * max(2, round(n * 0.05))
    roles += ["sped_coordinator"] * round(n * 0.03)
    roles += ["teacher"] * max(4, n - len(roles))
    return roles


DO_ROLES = ["district_analyst", "it_admin", "district_analyst", "sysadmin", "it_admin", "district_registrar",
            "district_analyst", "curriculum_coordinator", "it_admin", "district_analyst", "assessment_coordinator",
            "sysadmin", "district_analyst", "it_admin", "curriculum_coordinator", "district_analyst"]
DEPTS = ["Math", "Science", "English", "Social Studies", "World Languages", "CTAE", "Fine Arts", "PE/Health"]


def _local_share(role):
    return {"office": 0.7, "registrar": 0.5, "nurse": 0.3, "dept_head": 0.2, "it_admin": 0.5, "sysadmin": 0.6,
            "district_registrar": 0.5, "teacher": 0.08}.get(role, 0.04)


def build_world(seed, n_staff):
    import random
    rng = random.Random("blind15:%d:world" % seed)
    w = World()
    used_pids = set()
    for si, school in enumerate(SCHOOLS):
        w.by_school[school] = []
        for _ in range(1400 + rng.randint(0, 300)):
            p = Pupil()
            while True:
                p.pid = rng.randint(100000, 189999)
                if p.pid not in used_pids:
                    break
            used_pids.add(p.pid)
            p.first, p.last, p.school = rng.choice(FIRST), rng.choice(LAST), school
            p.grade = rng.choices([9, 10, 11, 12], [27, 26, 24, 23])[0]
            w.pupils[p.pid] = p
            w.by_school[school].append(p)
    n_do = max(8, round(n_staff * 0.07))
    per = [(n_staff - n_do) // 6 + (1 if i < (n_staff - n_do) % 6 else 0) for i in range(6)]
    plan = [("DO", DO_ROLES[i % len(DO_ROLES)]) for i in range(n_do)]
    for school, n in zip(SCHOOLS, per):
        plan += [(school, r) for r in _roles_for(n)[:n]]
    used_uids, used_mail = set(), set()
    next_section = [rng.randint(20, 60)]
    for campus, role in plan:
        s = Staff()
        while True:
            s.uid = rng.randint(1000, 9899)
            if s.uid not in used_uids:
                break
        used_uids.add(s.uid)
        s.first, s.last = rng.choice(FIRST), rng.choice(LAST)
        base = "%s.%s" % (s.first.lower(), s.last.lower())
        mail, k = base, 1
        while mail in used_mail:
            k += 1
            mail = "%s%d" % (base, k)
        used_mail.add(mail)
        s.email = mail + "@" + DOMAIN
        s.role, s.campus = role, campus
        s.auth = "local" if rng.random() < _local_share(role) else "google"
        s.laptop = laptop_ua(rng, campus)
        s.phone = phone_ua(rng) if rng.random() < 0.6 else None
        s.home = home_ip(rng)
        s.home_ua = s.laptop if rng.random() < 0.6 else home_ua(rng)
        s.internal = "10.%d.%d.%d" % (SITE_OCTET[campus], rng.randint(8, 40), rng.randint(10, 250))
        s.dept = rng.choice(DEPTS)
        s.sections, s.behaviour, s.extra = [], role, {}
        if role in ("teacher", "dept_head", "sped_coordinator"):
            for _ in range(5 if role != "teacher" else 6):
                sec = next_section[0]
                next_section[0] += rng.randint(1, 3)
                roster = rng.sample(w.by_school[campus], rng.randint(22, 32))
                w.sections[sec] = (s.uid, campus, [p.pid for p in roster])
                s.sections.append(sec)
        w.staff.append(s)
        w.by_uid[s.uid] = s
    for school in SCHOOLS:
        couns = [s for s in w.staff if s.campus == school and s.role == "counselor"]
        pupils = sorted(w.by_school[school], key=lambda p: (p.last, p.first, p.pid))
        for i, p in enumerate(pupils):
            w.caseload.setdefault(couns[i * len(couns) // len(pupils)].uid, []).append(p.pid)
    return w


def grade_id(section, pid_index):
    return 400000 + section * 40 + pid_index


def pick(w, rng, campus=None, grade=None):
    pool = w.by_school[campus] if campus in w.by_school else w.by_school[rng.choice(SCHOOLS)]
    while True:
        p = rng.choice(pool)
        if grade is None or p.grade == grade:
            return p
