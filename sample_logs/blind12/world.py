"""The made-up district: time zone rules, buildings, networks, people, pupils, sections and documents."""
import calendar
import datetime as dt

TZ = "America/New_York"
START = dt.datetime(2027, 1, 28)          # Thursday, a school day (local midnight)
DOMAIN = "countyschools.org"
NETBIOS = "DISTRICT"
SERVER, SERVER_IP, SERVICE = "KSWEB01", "10.10.2.21", "W3SVC1"

# code, level, second octet of the building's 10.x network
BUILDINGS = [("BOE", "office", 10), ("ACHS", "high", 20), ("NMS", "middle", 30), ("SMS", "middle", 31),
             ("CEL", "elem", 41), ("MEL", "elem", 42), ("PEL", "elem", 43), ("REL", "elem", 44), ("WEL", "elem", 45)]
OCTET = {b: o for b, _, o in BUILDINGS}
LEVEL = {b: lv for b, lv, _ in BUILDINGS}
SCHOOLS = [b for b, lv, _ in BUILDINGS if lv != "office"]
PUPILS_PER = {"high": 2050, "middle": 830, "elem": 610}
GRADES = {"high": range(9, 13), "middle": range(6, 9), "elem": range(0, 6)}
# bell schedule: first bell, last bell (local hours), periods
BELLS = {"high": (7 + 40 / 60, 14 + 40 / 60, 7), "middle": (8 + 5 / 60, 15 + 5 / 60, 8),
         "elem": (8 + 50 / 60, 15.5, 2), "office": (8.0, 16.5, 0)}

FIRST = ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph "
         "Jessica Thomas Sarah Christopher Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra Donald Ashley "
         "Steven Kimberly Andrew Emily Paul Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa Timothy "
         "Deborah Ronald Stephanie Jason Rebecca Jeffrey Laura Ryan Sharon Gary Cynthia Eric Kathleen Scott Amy "
         "Brandon Angela Gregory Shannon Nathan Heather Adam Rachel Tyler Megan Aaron Nicole Zachary Erin Kyle Tiffany "
         "Derek Brooke Travis Courtney Chad Kelsey Dustin Holly Jared Lindsey Cody Allison Brett Tara Shane Natalie").split()
LAST = ("Smith Johnson Miller Brown Davis Wilson Moore Taylor Anderson Thomas Jackson White Harris Martin Thompson "
        "Garcia Martinez Robinson Clark Lewis Lee Walker Hall Allen Young King Wright Scott Green Baker Adams Nelson "
        "Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins Edwards Stewart Morris Murphy Cook "
        "Rogers Morgan Cooper Peterson Bailey Reed Kelly Howard Cox Ward Richardson Wood Watson Brooks Bennett Gray "
        "Hughes Price Sanders Myers Long Ross Foster Powell Jenkins Perry Russell Sullivan Bell Coleman Butler "
        "Henderson Barnes Fisher Vasquez Simmons Graham Marshall Owens Harrison Gibson Wagner Schneider Hoffman "
        "Kramer Yoder Stoltzfus Kovach Novak Zimmerman Brenneman Hershberger Weaver Kaufman Shultz Ritter Lantz "
        "Moser Hostetler Baughman Kline Sommer Ruff Dietz Pfeiffer Gerber Stutzman Troyer Mast Miller").split()

HOME_NETS = ["66.61.{}.{}", "74.134.{}.{}", "174.100.{}.{}", "174.101.{}.{}", "65.24.{}.{}",        # Spectrum
             "99.30.{}.{}", "108.230.{}.{}", "76.205.{}.{}",                                          # AT&T
             "69.144.{}.{}", "173.188.{}.{}", "75.88.{}.{}", "74.83.{}.{}"]                           # WOW, Windstream, CBT
CARRIER_NETS = ["174.204.{}.{}", "174.211.{}.{}", "172.56.{}.{}", "172.58.{}.{}", "166.198.{}.{}", "107.77.{}.{}"]
DISTRICT_BYOD_NAT = "66.213.140.10"       # staff phones and personal devices on the district Wi-Fi, hairpinned
RDS_HOSTS = ["10.10.2.41", "10.10.2.42"]  # remote desktop session hosts (RD Gateway from home, itinerant staff)


def ny_offset(utc_ts):
    """UTC offset in seconds of America/New_York at a UTC epoch (US rules since 2007)."""
    y = dt.datetime.fromtimestamp(utc_ts, dt.timezone.utc).year

    def nth_sunday(month, n):
        first = dt.date(y, month, 1)
        return first + dt.timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))
    begin = calendar.timegm(dt.datetime.combine(nth_sunday(3, 2), dt.time(7)).timetuple())
    end = calendar.timegm(dt.datetime.combine(nth_sunday(11, 1), dt.time(6)).timetuple())
    return -4 * 3600 if begin <= utc_ts < end else -5 * 3600


def local_to_utc(local_dt):
    """UTC epoch of a naive local New York time (a non-existent spring-forward time moves on an hour)."""
    naive = calendar.timegm(local_dt.timetuple()) + local_dt.microsecond / 1e6
    guess = naive + 5 * 3600
    return naive - ny_offset(guess) if ny_offset(guess) == -4 * 3600 else guess


def day_at(day, hours):
    """UTC epoch of `hours` (float, may exceed 24) local on window day `day` (0-based)."""
    return local_to_utc(START + dt.timedelta(days=day, hours=hours))


def weekday(day):
    return (START + dt.timedelta(days=day)).weekday()     # 0 = Monday


def is_school_day(day):
    return weekday(day) < 5


class Addresses:
    """Hands out unique addresses so that no two actors collide by accident."""

    def __init__(self, rng):
        self.rng, self.used = rng, {SERVER_IP, DISTRICT_BYOD_NAT, *RDS_HOSTS}

    def take(self, pattern_or_list, lo=2, hi=250):
        pats = pattern_or_list if isinstance(pattern_or_list, list) else [pattern_or_list]
        while True:
            pat = self.rng.choice(pats)
            ip = pat.format(*[self.rng.randint(lo, hi) for _ in range(pat.count("{}"))])
            if ip not in self.used:
                self.used.add(ip)
                return ip

    def school_pc(self, building, wifi=False):
        o = OCTET[building]
        return self.take("10.%d.%d.{}" % (o, self.rng.randint(64, 71) if wifi else self.rng.randint(8, 11)), 10, 250)


class Staff:
    __slots__ = ("sid", "first", "last", "role", "building", "win", "email", "phone_email", "home_ip", "pc_ip",
                 "engine", "sections", "pupils", "lookalike", "abuse", "keep_open", "evening", "ticket", "extra", "actor")

    def __init__(self, **kw):
        self.lookalike = self.abuse = None
        self.sections, self.pupils, self.extra, self.phone_email = [], [], {}, None
        for k, v in kw.items():
            setattr(self, k, v)


ROLE_PLAN = [  # role, buildings it sits in, count per building (or absolute for BOE)
    ("principal", SCHOOLS, 1), ("assistant_principal", ["ACHS", "ACHS", "NMS", "SMS"], 1),
    ("office_secretary", ["ACHS", "ACHS", "ACHS", "NMS", "NMS", "SMS", "SMS"] + SCHOOLS[3:], 1),
    ("counselor", ["ACHS"] * 4 + ["NMS", "NMS", "SMS", "SMS", "CEL", "PEL"], 1),
    ("nurse", ["ACHS", "NMS", "SMS", "CEL", "REL"], 1), ("registrar", ["BOE", "BOE", "ACHS"], 1),
    ("district_analyst", ["BOE", "BOE"], 1), ("it_staff", ["BOE", "BOE", "BOE"], 1),
    ("sped_coordinator", ["BOE", "ACHS"], 1), ("attendance_officer", ["BOE"], 1),
    ("district_admin", ["BOE", "BOE"], 1), ("substitute", ["ACHS", "NMS", "CEL", "WEL"], 1),
]


def build_pupils(rng):
    """Pupils per building. ID = two digits of the school year of first enrolment + a 4-digit sequence."""
    pupils, used, docs = {}, set(), {}
    next_doc = rng.randint(1180000, 1200000)
    for b in SCHOOLS:
        lv = LEVEL[b]
        ids = []
        for _ in range(PUPILS_PER[lv]):
            grade = rng.choice(list(GRADES[lv]))
            year = 26 - grade if rng.random() < 0.8 else rng.randint(26 - grade, 26)
            while True:
                pid = year * 10000 + rng.randint(1, 9999)
                if pid not in used:
                    used.add(pid)
                    break
            ids.append(pid)
            n = rng.randint(2, 8)
            docs[pid] = [next_doc + i * rng.randint(1, 3) for i in range(n)]
            next_doc = docs[pid][-1] + rng.randint(1, 40)
        ids.sort()
        pupils[b] = ids
    return pupils, docs


def _name(rng, taken_win, taken_mail):
    f, l = rng.choice(FIRST), rng.choice(LAST)
    base = (f[0] + l).lower()
    win, k = base, 2
    while win in taken_win:
        win, k = "%s%d" % (base, k), k + 1
    mail, k = "%s.%s" % (f.lower(), l.lower()), 2
    while mail in taken_mail:
        mail, k = "%s.%s%d" % (f.lower(), l.lower(), k), k + 1
    taken_win.add(win)
    taken_mail.add(mail)
    return f, l, win, mail


def build_staff(rng, n_staff, addrs, pupils):
    """Staff with roles, Windows logins (flast), e-mail logins, home and school addresses, sections."""
    plan = []
    for role, blds, _ in ROLE_PLAN:
        plan.extend((role, b) for b in blds)
    n_teach = n_staff - len(plan)
    if n_teach < 30:
        raise ValueError("n_staff too small")
    weights = {"high": 5.5, "middle": 2.6, "elem": 2.1}
    tot = sum(weights[LEVEL[b]] for b in SCHOOLS)
    counts = {b: int(n_teach * weights[LEVEL[b]] / tot) for b in SCHOOLS}
    counts["ACHS"] += n_teach - sum(counts.values())
    for b in SCHOOLS:
        plan.extend(("teacher", b) for _ in range(counts[b]))
    staff, tw, tm, next_sec = [], set(), set(), 4100
    for i, (role, b) in enumerate(plan):
        f, l, win, mail = _name(rng, tw, tm)
        ie_roles = ("office_secretary", "registrar", "attendance_officer")
        engine = "ie" if role in ie_roles and rng.random() < 0.7 else rng.choice(["chrome", "edge", "edge"])
        s = Staff(sid="E%04d" % (1000 + i * 7 % 9000), first=f, last=l, role=role, building=b,
                  win="%s\\%s" % (NETBIOS, win), email="%s@%s" % (mail, DOMAIN), home_ip=addrs.take(HOME_NETS),
                  pc_ip=addrs.school_pc(b, wifi=rng.random() < 0.35), engine=engine,
                  keep_open=rng.random() < (0.85 if role != "teacher" else 0.45),
                  evening=rng.random() < {"teacher": 0.3, "counselor": 0.25, "principal": 0.55}.get(role, 0.15),
                  ticket=rng.randint(1800, 4700))
        if role == "teacher":
            lv = LEVEL[b]
            nsec = {"high": 5, "middle": 6, "elem": 1}[lv] - (rng.random() < 0.2 and lv != "elem")
            for _ in range(nsec):
                size = rng.randint(18, 31)
                s.sections.append((next_sec, rng.sample(pupils[b], size)))
                next_sec += rng.randint(1, 4)
            s.pupils = sorted({p for _, r in s.sections for p in r})
        elif role in ("counselor",):
            s.pupils = sorted(rng.sample(pupils[b], min(len(pupils[b]), 420)))
        elif b != "BOE":
            s.pupils = pupils[b]
        else:
            s.pupils = [p for bb in SCHOOLS for p in pupils[bb]]
        if b == "BOE" and role in ("district_admin", "attendance_officer", "sped_coordinator", "registrar") \
                and rng.random() < 0.7:
            s.pc_ip = rng.choice(RDS_HOSTS)              # BOE thin clients: the session host is the client
        s.actor = "staff:" + s.sid
        staff.append(s)
    return staff
