"""The made-up district: schools, networks, user agents, names, pupils, sections and the staff roster."""
import datetime

HOST = "sis.mpls.k12.mn.us"
DOMAIN = "mpls.k12.mn.us"
TZ = "America/Chicago"
START = datetime.datetime(2026, 9, 9, 0, 0, 0)      # Wednesday, second day of the school year
OKTA = "https://mpls.okta.com/"

# code, name, level, network mode ("nat": one 10.x address for the staff VLAN; "direct": per-device 10.x addresses)
SCHOOLS = [
    (612, "Cedar Bluff High", "high", "nat"), (618, "Northside STEM High", "high", "direct"),
    (421, "Lake Hiawatha Middle", "middle", "nat"), (433, "Folwell Park Middle", "middle", "nat"),
    (440, "Bassett Creek Middle", "middle", "direct"), (105, "Minnehaha Falls Elementary", "elem", "nat"),
    (117, "Loring Park Elementary", "elem", "hub"), (123, "Powderhorn Elementary", "elem", "direct"),
    (131, "Shingle Creek Elementary", "elem", "hub"), (142, "Bde Maka Ska Community School", "elem", "hub"),
]
HUB_NAT = "10.59.0.10"     # the north-side hub firewall NATs three elementary schools' staff VLANs
DISTRICT = 1        # district office, per-device 10.44.x.y addresses
GUEST_WIFI = "205.173.24.10"       # every school's guest/BYOD Wi-Fi leaves through this public address
DC = {"synthmon": "10.44.250.15", "scanner": "10.44.250.20", "integration": "10.44.250.31"}

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Safari/537.36"
EDGE = CHROME + " Edg/%s.0.%s"
EDGE_BUILD = {150: "3351.83", 151: "3405.102", 152: "3456.59"}     # district-managed Edge builds
CROS = "Mozilla/5.0 (X11; CrOS x86_64 %s) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Safari/537.36"
MAC_SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Safari/605.1.15"
MAC_CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Safari/537.36"
WIN_FF = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%s.0) Gecko/20100101 Firefox/%s.0"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS %s like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Mobile/15E148 Safari/604.1"
ANDROID = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Mobile Safari/537.36"

FIRST = ("Maria James Linda Robert Jennifer Michael Sarah David Amina Kou Mai Pa Fartun Abdi Hodan Jose Ana Luis Emily "
         "Megan Kristin Erik Anders Ingrid Nels Kari Gretchen Tou Yer Nhia Chue Deborah Angela Keisha Marcus Tyrone "
         "Jasmine Brian Heather Laura Nicole Ryan Kevin Jason Amy Rebecca Hannah Samuel Daniel Grace Olivia Noah Liam "
         "Sofia Carlos Ramon Lupe Khadra Mohamed Ifrah Bao Lee Cheng Tamara Colleen Patrick Shannon Bridget Dawn").split()
LAST = ("Anderson Johnson Olson Larson Nelson Peterson Swanson Carlson Hanson Lindqvist Berg Nguyen Vang Xiong Yang Lor "
        "Thao Her Moua Hassan Mohamed Ali Ahmed Warsame Farah Garcia Hernandez Lopez Martinez Ramirez Torres Smith "
        "Brown Williams Jones Miller Davis Wilson Moore Taylor Thomas Jackson White Harris Martin Thompson Robinson "
        "Clark Lewis Walker Hall Young King Wright Scott Green Baker Adams Nelsen Schmidt Mueller Kowalski Novak "
        "Erickson Gustafson Lund Sorensen Dahl Holm Bergstrom Engstrom Christensen Eide Halvorsen Yusuf Omar").split()

# role, share, where, typical tasks/hour on a school day
ROLES = [("teacher", 0.56, "school", 3.0), ("office_secretary", 0.08, "school", 6.0), ("principal", 0.05, "school", 3.5),
         ("counselor", 0.06, "school", 5.5), ("nurse", 0.04, "school", 4.0), ("registrar", 0.03, "school", 7.0),
         ("sped_coordinator", 0.04, "school", 4.0), ("district_analyst", 0.06, "district", 3.0),
         ("it_support", 0.04, "district", 2.0), ("hr_specialist", 0.04, "district", 2.5)]


def ua_pool(rng):
    """A fresh user agent of a staff device (district laptops are Windows Chrome/Edge, some Chromebooks and Macs)."""
    c = rng.choice([150, 151, 152, 152, 152])
    x = rng.random()
    if x < 0.45:
        return CHROME % c
    if x < 0.65:
        return EDGE % (c, c, EDGE_BUILD[c])
    if x < 0.78:
        return CROS % (rng.choice(["16463.48.0", "16433.71.0", "16496.21.0"]), c)
    if x < 0.88:
        return MAC_CHROME % c
    if x < 0.95:
        return MAC_SAFARI % rng.choice(["19.5", "19.6", "26.0"])
    return WIN_FF % ((rng.choice([142, 143]),) * 2)


def phone_ua(rng):
    if rng.random() < 0.62:
        v = rng.choice(["18_6", "18_6_2", "26_0"])
        return IPHONE % (v, {"18_6": "18.6", "18_6_2": "18.6", "26_0": "26.0"}[v])
    return ANDROID % rng.choice([151, 152])


def home_ip(rng):
    """A residential address in the Twin Cities (Comcast, CenturyLink/Lumen, US Internet)."""
    b = rng.choice([(73, 37, 65), (73, 94, 95), (24, 118, 131), (71, 195, 222), (97, 116, 127), (207, 153, 153),
                    (208, 107, 107)])
    return "%d.%d.%d.%d" % (b[0], rng.randint(b[1], b[2]), rng.randrange(256), rng.randint(2, 254))


def carrier_ip(rng):
    b = rng.choice([(172, 58, 59), (174, 212, 219), (166, 170, 199), (107, 77, 77)])
    return "%d.%d.%d.%d" % (b[0], rng.randint(b[1], b[2]), rng.randrange(256), rng.randint(1, 254))


def school_ip(rng, code):
    """Staff address inside a school (the school's NAT or a device address on a direct-routed VLAN)."""
    if code == DISTRICT:
        return "10.44.%d.%d" % (rng.randint(1, 6), rng.randint(10, 250))
    nat = school_nat(code)
    if nat:
        return nat
    i = [s[0] for s in SCHOOLS].index(code)
    return "10.%d.%d.%d" % (60 + i, rng.randint(8, 15), rng.randint(10, 250))


def loaner_ip(rng, code):
    """Loaner Chromebooks on a school's instructional-device VLAN (routed without NAT everywhere)."""
    i = [s[0] for s in SCHOOLS].index(code)
    return "10.%d.%d.%d" % (60 + i, rng.randint(20, 23), rng.randint(10, 250))


def school_nat(code):
    i = [s[0] for s in SCHOOLS].index(code)
    mode = SCHOOLS[i][3]
    return "10.%d.0.10" % (60 + i) if mode == "nat" else (HUB_NAT if mode == "hub" else None)


class World:
    """Pupils (9-digit IDs, ~15 % gaps), sections, staff accounts."""

    def __init__(self, rng, n_staff):
        self.rng = rng
        n_pupils = n_staff * 50
        ids, cur = [], 310000000 + rng.randrange(1000)
        while len(ids) < n_pupils:
            cur += 1 if rng.random() < 0.85 else rng.randint(2, 4)
            ids.append(cur)
        self.pupil_ids = ids
        self.id_set = set(ids)
        codes = [s[0] for s in SCHOOLS]
        self.pupils_by_school = {c: [] for c in codes}
        for p in ids:
            self.pupils_by_school[rng.choice(codes)].append(p)
        self.has_iep = set(p for p in ids if rng.random() < 0.16)
        self.staff, self.by_login = [], {}
        section = 5001
        for k in range(n_staff):
            x, acc, role = rng.random(), 0.0, ROLES[-1]
            for r in ROLES:
                acc += r[1]
                if x < acc:
                    role = r
                    break
            school = DISTRICT if role[2] == "district" else rng.choice(codes)
            first, last = rng.choice(FIRST), rng.choice(LAST)
            base = (first[0] + last).lower()
            login, n = base, 1
            while login + "@" + DOMAIN in self.by_login:
                n += 1
                login = "%s%d" % (base, n)
            s = {"login": login + "@" + DOMAIN, "name": "%s %s" % (first, last), "role": role[0], "rate": role[3],
                 "school": school, "auth": "okta" if rng.random() < 0.86 else "local", "ua": ua_pool(rng),
                 "home": home_ip(rng), "phone_ua": phone_ua(rng) if rng.random() < 0.55 else None,
                 "carrier": carrier_ip(rng), "sections": [], "behaviour": role[0]}
            if role[0] == "teacher":
                level = SCHOOLS[codes.index(school)][2]
                pool = self.pupils_by_school[school]
                for _ in range(1 if level == "elem" else rng.randint(4, 6)):
                    s["sections"].append((section, rng.sample(pool, min(len(pool), rng.randint(18, 32)))))
                    section += rng.randint(1, 7)
            self.staff.append(s)
            self.by_login[s["login"]] = s
        self.sections = {n: ps for s in self.staff for n, ps in s["sections"]}

    def pupils_of(self, s):
        if s["school"] == DISTRICT:
            return self.pupil_ids
        return self.pupils_by_school[s["school"]]

    def pick(self, role_names, rng, n=1, school=None):
        c = [s for s in self.staff if s["role"] in role_names and s["behaviour"] == s["role"]
             and (school is None or s["school"] == school)]
        return rng.sample(c, min(n, len(c)))
