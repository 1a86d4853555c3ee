"""The simulated district: schools, pupils, staff, networks, user agents.

Product: "Lanternline" attendance & student-supports platform, tenant
Red Prairie ISD (rpisd.org).  Local time zone America/Chicago (CDT, UTC-5
for the March 2026 default window; a fixed offset is used).
"""
import datetime as dt

DOMAIN = "rpisd.org"
HOST = "lanternline.rpisd.org"
HEROKU_HOST = "lanternline-rpisd.herokuapp.com"
TZ = "America/Chicago"
UTC_OFFSET_H = -5          # CDT
START = dt.date(2026, 3, 10)   # a Tuesday

FIRST = ("maria james robert linda michael patricia david jennifer william "
         "elizabeth richard susan joseph jessica thomas sarah carlos karen "
         "daniel nancy luis lisa mark betty paul sandra steven ashley andrew "
         "kimberly joshua donna kevin emily brian michelle george carol "
         "edward amanda ronald melissa anthony deborah jason stephanie ryan "
         "rebecca jacob laura gary sharon nicholas cynthia eric kathleen "
         "jose amy adam angela juan shirley kyle anna noah brenda ethan "
         "pamela aaron emma tyler nicole diego helen rosa tomas priya "
         "nguyen ahmed fatima olga").split()
LAST = ("smith johnson williams brown jones garcia miller davis rodriguez "
        "martinez hernandez lopez gonzalez wilson anderson thomas taylor "
        "moore jackson martin lee perez thompson white harris sanchez clark "
        "ramirez lewis robinson walker young allen king wright scott torres "
        "nguyen hill flores green adams nelson baker hall rivera campbell "
        "mitchell carter roberts gomez phillips evans turner diaz parker "
        "cruz edwards collins reyes stewart morris morales murphy cook "
        "rogers gutierrez ortiz morgan cooper peterson bailey reed kelly "
        "howard ramos kim cox ward richardson watson brooks chavez wood "
        "bennett gray mendoza ruiz hughes price alvarez castillo sanders "
        "patel myers long ross foster jimenez").split()

ROLES = [  # role, weight, mobile share, evening prob
    ("attendance_clerk", 30, 0.0, 0.08),
    ("counselor", 20, 0.05, 0.25),
    ("social_worker", 12, 0.7, 0.30),
    ("school_psychologist", 10, 0.1, 0.30),
    ("truancy_officer", 8, 0.8, 0.15),
    ("nurse", 8, 0.0, 0.05),
    ("principal", 7, 0.05, 0.35),
    ("data_staff", 5, 0.0, 0.20),
]

WIN_CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
              "(KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36")
WIN_EDGE = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0")
MAC_SAFARI = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
              "(KHTML, like Gecko) Version/17.{v} Safari/605.1.15")
MAC_CHROME = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
              "(KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36")
CROS = ("Mozilla/5.0 (X11; CrOS x86_64 15633.69.0) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36")
WIN_FF = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"
IOS_APP = "LanternField/3.14.{p} (iPhone; iOS 17.{o}; Scale/3.00)"
AND_APP = "LanternField/3.14.{p} (Android 14; {dev}) okhttp/4.12.0"
ANDROID_DEVS = ["SM-S918U", "SM-A546U", "Pixel 7", "Pixel 8", "moto g power 5G"]


def browser_ua(rng):
    r = rng.random()
    if r < 0.42:
        return WIN_CHROME.format(v=rng.choice([121, 122, 122, 122]))
    if r < 0.64:
        return WIN_EDGE.format(v=rng.choice([121, 122, 122]))
    if r < 0.76:
        return CROS.format(v=rng.choice([120, 121, 122]))
    if r < 0.86:
        return MAC_SAFARI.format(v=rng.choice([2, 3, 3]))
    if r < 0.95:
        return MAC_CHROME.format(v=rng.choice([121, 122]))
    return WIN_FF.format(v=rng.choice([122, 123]))


def app_ua(rng):
    if rng.random() < 0.55:
        return IOS_APP.format(p=rng.choice([1, 2, 2]), o=rng.choice(["3.1", "3.1", "2.1", "4"]))
    return AND_APP.format(p=rng.choice([1, 2, 2]), dev=rng.choice(ANDROID_DEVS))


def ip_in(rng, prefix):
    """prefix like '73.12' or '198.51.100'; fills remaining octets."""
    parts = prefix.split(".")
    while len(parts) < 4:
        parts.append(str(rng.randint(1, 254)))
    return ".".join(parts)


RESIDENTIAL = ["73.%d" % i for i in range(40, 60)] + ["99.%d" % i for i in (6, 21, 38, 112)] \
    + ["24.%d" % i for i in (160, 161, 242)] + ["70.%d" % i for i in (112, 113, 120)]
CARRIER = ["172.56", "172.57", "172.58", "174.205", "174.206", "174.240", "107.77", "166.205"]
DATACENTER = ["159.203", "167.99", "5.161", "51.79", "45.79", "3.142", "54.183",
              "134.209", "188.166", "64.227"]
FOREIGN = ["102.89", "41.58", "185.107", "91.219", "103.152", "197.210"]


class World:
    pass


def build(rng, n_staff):
    w = World()
    w.schools = []
    kinds = ["ES"] * 18 + ["MS"] * 7 + ["HS"] * 5
    for i, k in enumerate(kinds):
        w.schools.append({"code": 101 + i, "kind": k, "size": {"ES": 520, "MS": 850, "HS": 1600}[k]})
    # district WAN: all schools egress through one NAT, except 6 with own lines
    w.district_nat = "204.62.118.9"
    w.central_office_ip = "204.62.118.40"
    w.state_export_ip = "204.62.119.17"
    own = rng.sample(range(len(w.schools)), 6)
    for i, s in enumerate(w.schools):
        s["ip"] = ip_in(rng, rng.choice(["12.157", "66.169", "65.117"])) if i in own else w.district_nat
    # pupils: 8-digit state ids, ~40% density inside a block
    total = sum(s["size"] for s in w.schools)
    span = int(total / 0.4)
    base = 41200000
    ids = sorted(rng.sample(range(span), total))
    w.pupil_ids = [base + x for x in ids]
    w.id_range = (base, base + span)
    w.pupil_set = frozenset(w.pupil_ids)
    order = list(w.pupil_ids)
    rng.shuffle(order)
    w.school_pupils = {}
    k = 0
    for s in w.schools:
        w.school_pupils[s["code"]] = sorted(order[k:k + s["size"]])
        k += s["size"]
    # chronic-absence case files for ~9% of pupils
    w.cases = {}
    for n, p in enumerate(sorted(rng.sample(w.pupil_ids, total * 9 // 100))):
        w.cases[p] = "CA-25%05d" % (400 + n * 3 + rng.randint(0, 2))
    # staff
    roles = [r for r in ROLES for _ in range(r[1])]
    used = set()
    w.staff = []
    for i in range(n_staff):
        role, _, mob, eve = roles[i % len(roles)] if i < len(roles) else rng.choice(roles)
        while True:
            f, l = rng.choice(FIRST), rng.choice(LAST)
            email = "%s.%s@%s" % (f, l, DOMAIN) if rng.random() < 0.7 else "%s%s@%s" % (f[0], l, DOMAIN)
            if email not in used:
                used.add(email)
                break
        school = w.schools[i % len(w.schools)] if role == "attendance_clerk" else rng.choice(w.schools)
        st = {
            "email": email, "role": role, "school": school["code"],
            "office_ip": w.central_office_ip if role == "data_staff" else school["ip"],
            "home_ip": ip_in(rng, rng.choice(RESIDENTIAL)),
            "ua": browser_ua(rng), "home_ua": browser_ua(rng) if rng.random() < 0.5 else None,
            "mobile": rng.random() < mob, "app_ua": app_ua(rng),
            "evening": eve * rng.uniform(0.5, 1.6),
            "sso": rng.random() < 0.9, "activity": rng.lognormvariate(0, 0.35),
            "carrier": rng.choice(CARRIER),
        }
        pool = w.school_pupils[school["code"]]
        n_case = {"attendance_clerk": 60, "counselor": 250, "social_worker": 70,
                  "school_psychologist": 45, "truancy_officer": 90, "nurse": 120,
                  "principal": 150, "data_staff": 80}[role]
        st["caseload"] = sorted(rng.sample(pool, min(len(pool), int(n_case * rng.uniform(0.6, 1.4)))))
        w.staff.append(st)
    w.by_email = {s["email"]: s for s in w.staff}
    return w


def day_start_utc(day_index):
    """UTC datetime of local midnight for day index."""
    d = START + dt.timedelta(days=day_index)
    return dt.datetime(d.year, d.month, d.day, tzinfo=dt.timezone.utc) - dt.timedelta(hours=UTC_OFFSET_H)


def epoch0():
    return day_start_utc(0).timestamp()
