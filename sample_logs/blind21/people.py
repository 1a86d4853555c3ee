"""Staff of blind21: roles, logins (`jsmith.d27`), where they sit, and their devices (work, home, phone).

`make_staff(world, rng, n_staff)` returns the list of `Staff`; the first staff are the state office (`.sde`),
then each district's assessment coordinator and IT, then roles spread over schools by size.
"""
from . import world as W

CHROME, EDGE, FF, FF_ESR, SAFARI = "152.0.0.0", "152.0.3468.62", "155.0", "140.0", "26.5"
UA = {
    "win_chrome": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/%s Safari/537.36" % CHROME,
    "win_chrome_old": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                      "Chrome/149.0.0.0 Safari/537.36",
    "win_edge": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/152.0.0.0 Safari/537.36 Edg/%s" % EDGE,
    "win_firefox": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%s) Gecko/20100101 Firefox/%s" % (FF, FF),
    "win_firefox_esr": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%s) Gecko/20100101 Firefox/%s" % (FF_ESR,
                                                                                                      FF_ESR),
    "cros": "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/%s Safari/537.36" % CHROME,
    "mac_chrome": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
                  "Chrome/%s Safari/537.36" % CHROME,
    "mac_safari": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                  "Version/%s Safari/605.1.15" % SAFARI,
    "iphone": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
              "Version/%s Mobile/15E148 Safari/604.1" % SAFARI,
    "ipad": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/%s Safari/605.1.15" % SAFARI,
    "android": "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/%s Mobile Safari/537.36" % CHROME,
    "linux_firefox": "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:%s) Gecko/20100101 Firefox/%s" % (FF, FF),
}
# work-computer browser mix per district (weights)
DISTRICT_UA = {
    "d27": {"win_chrome": 5, "win_edge": 3, "cros": 2, "win_chrome_old": 1},
    "adams12": {"win_edge": 6, "win_chrome": 3, "mac_chrome": 1},
    "d49": {"cros": 4, "win_chrome": 4, "win_edge": 1},
    "mesa51": {"win_chrome": 6, "win_firefox_esr": 2, "win_edge": 2},
    "weld6": {"win_edge": 5, "win_chrome": 4, "win_chrome_old": 1},
    "lake1": {"mac_safari": 2, "mac_chrome": 3, "win_chrome": 3},
    "routt3": {"mac_chrome": 3, "win_chrome": 3, "win_firefox": 1},
    "sde": {"win_edge": 6, "win_chrome": 3, "win_firefox": 1},
}
HOME_UA = {"win_chrome": 5, "mac_safari": 3, "mac_chrome": 2, "win_edge": 2, "win_firefox": 1}

STATE_ROLES = ["psychometrician", "auditor", "helpdesk", "state_analyst", "helpdesk", "assessment_specialist",
               "state_analyst", "sde_it", "assessment_specialist", "helpdesk", "state_analyst", "psychometrician"]
SCHOOL_ROLES = [("teacher", 0.50), ("office", 0.12), ("principal", 0.08), ("counselor", 0.09),
                ("registrar", 0.05), ("nurse", 0.03), ("sped", 0.05), ("analyst", 0.04), ("asst_principal", 0.04)]
OFFICE_ROLES = {"registrar": 0.3, "analyst": 1.0}   # share of the role that sits at the district office


def pick(rng, weights):
    items = sorted(weights.items())
    total = sum(w for _, w in items)
    x = rng.random() * total
    for k, w in items:
        x -= w
        if x < 0:
            return k
    return items[-1][0]


class Staff:
    __slots__ = ("login", "first", "last", "role", "district", "school", "campus", "auth", "work_ip", "work_px",
                 "work_ua", "work_key", "host", "home_ip", "home_ua", "home_key", "phone_key", "phone_carrier",
                 "phone_cap", "tags", "typo_names", "idx")

    def __init__(self, login, first, last, role, district, school):
        self.login, self.first, self.last, self.role = login, first, last, role
        self.district, self.school = district, school
        self.campus = school.code if school else ((district.code + "-0000") if district else "SDE-HQ")
        self.auth = "ldap-basic"
        self.tags = {}
        self.typo_names = []
        self.home_ip = self.home_ua = self.home_key = self.phone_key = self.phone_carrier = None
        self.phone_cap = False
        self.work_px = None

    @property
    def suffix(self):
        return self.district.suffix if self.district else W.STATE_SUFFIX


def _login(first, last, suffix, taken):
    base = (first[0] + "".join(c for c in last if c.isalpha())).lower()
    name, k = base + "." + suffix, 2
    while name in taken:
        name, k = "%s%d.%s" % (base, k, suffix), k + 1
    taken.add(name)
    return name


def _weights(world):
    out = []
    for d in world.districts:
        for s in d.schools:
            out.append((s, {"E": 1.0, "M": 1.3, "H": 1.9}[s.level]))
    return out


def make_staff(world, rng, n_staff):
    taken, staff, routed_used = set(), [], {}
    n_state = max(6, round(n_staff * 0.05))

    def new(role, district, school):
        first, last = rng.choice(W.FIRST), rng.choice(W.LAST)
        s = Staff(_login(first, last, district.suffix if district else W.STATE_SUFFIX, taken), first, last, role,
                  district, school)
        staff.append(s)
        return s

    for i in range(n_state):
        new(STATE_ROLES[i % len(STATE_ROLES)], None, None)
    for d in world.districts:
        new("dac", d, None)
    for d in world.districts:
        if d.net != "internet":
            new("it", d, None)
    schools = _weights(world)
    total_w = sum(w for _, w in schools)
    rest = n_staff - len(staff)
    roles = []
    for role, share in SCHOOL_ROLES:
        roles += [role] * max(1, round(rest * share))
    while len(roles) < rest:
        roles.append("teacher")
    roles = roles[:rest]
    rng.shuffle(roles)
    for role in roles:
        x, school = rng.random() * total_w, schools[-1][0]
        for s, w in schools:
            x -= w
            if x < 0:
                school = s
                break
        if role in OFFICE_ROLES and rng.random() < OFFICE_ROLES[role]:
            new(role, school.district, None)
        else:
            if role == "counselor" and school.level == "E" and rng.random() < 0.6:
                school = rng.choice([s for s in school.district.schools if s.level != "E"])
            new(role, school.district, school)
    for i, s in enumerate(staff):
        s.idx = i
        _devices(world, rng, s, routed_used)
        s.typo_names = [n for n in s.typo_names if n not in taken]
        if s.school:
            s.tags["grade"] = rng.choice(W.TESTED[s.school.level])
    return staff


def _devices(world, rng, s, routed_used):
    d = s.district
    s.work_ua = UA[pick(rng, DISTRICT_UA[d.suffix if d else "sde"])]
    if s.role == "teacher" and d and d.suffix in ("d27", "d49") and rng.random() < 0.3:
        s.work_ua = UA["cros"]
    if d is None:
        s.work_ip = W.ip_in(rng, "10.40.%d" % rng.randint(64, 71), routed_used)
    elif d.net == "routed":
        s.work_ip = W.ip_in(rng, "%s.%d" % (d.base, (s.school.index + 1) if s.school else 100), routed_used)
    elif d.net == "internet":
        s.work_ip, s.work_px = d.office_nat, rng.randint(0, 1)
    else:
        s.work_ip = s.school.nat if s.school else d.office_nat
    x = rng.random()
    s.host = W.HOST_INT if x < 0.86 else (W.HOST_SHORT if x < 0.96 else W.APP_IP)
    s.work_key = "w:" + s.login
    if rng.random() < 0.68:
        s.home_ip, _ = W.pool_ip(rng, "co_residential", world.used)
        laptop = s.role not in ("office", "nurse") and rng.random() < 0.55
        s.home_ua = s.work_ua if laptop else UA[pick(rng, HOME_UA)]
        s.home_key = s.work_key if laptop else "h:" + s.login
    if rng.random() < 0.5:
        kind = "iphone" if rng.random() < 0.64 else "android"
        s.phone_key = "p:%s:%s" % (kind, s.login)
        s.phone_carrier = "mobile"
        s.phone_cap = kind == "iphone" and rng.random() < 0.12
    base = s.login.split(".")[0]
    s.typo_names = [base]                                       # forgot the district suffix
    if len(base) > 4:
        i = rng.randint(1, len(base) - 2)
        s.typo_names.append(base[:i] + base[i + 1] + base[i] + base[i + 2:] + "." + s.suffix)


def phone_ua(s):
    return UA["iphone"] if s.phone_key and s.phone_key.startswith("p:iphone") else UA["android"]
