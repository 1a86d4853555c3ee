"""The simulated world: districts, schools, networks, staff, students, user agents."""
import string

B62 = string.digits + string.ascii_letters

DISTRICT_NAMES = [
    ("Aspen Valley School District 3", "avsd3.org", "avsd3"),
    ("Cedar Ridge Public Schools", "cedarridge.k12.us", "crps"),
    ("Red Butte Unified", "redbutte.net", "rbu"),
    ("Pinon Mesa School District", "pmsd51.org", "pmsd"),
    ("North Platte Valley Schools", "npvs.org", "npvs"),
    ("Sangre Basin BOCES", "sangrebasin.org", "sbboces"),
    ("Lone Cone School District RE-2", "lonecone-re2.org", "lcre2"),
    ("Front Range Academy Network", "franet.org", "fran"),
]
SCHOOL_WORDS = ["Aspen", "Juniper", "Ridgeview", "Prairie", "Columbine", "Eagle Crest", "Sunset",
                "Mountain View", "Willow Creek", "Bear Canyon", "Lincoln", "Mesa", "Timberline",
                "Cottonwood", "Highland", "Pioneer", "Sage", "Riverbend", "Bluebell", "Granite Peak"]
SCHOOL_KINDS = ["Elementary", "Elementary", "Elementary", "Middle School", "High School", "K-8"]
FIRST = ["maria", "james", "linda", "robert", "jennifer", "michael", "sarah", "david", "karen", "daniel",
         "lisa", "thomas", "nancy", "carlos", "emily", "joshua", "amanda", "kevin", "rachel", "brian",
         "megan", "jose", "heather", "eric", "stephanie", "jason", "nicole", "ryan", "laura", "aaron",
         "angela", "tyler", "monica", "derek", "kristin", "luis", "holly", "shawn", "tara", "victor"]
LAST = ["garcia", "smith", "martinez", "johnson", "lopez", "brown", "hernandez", "miller", "gonzales",
        "davis", "wilson", "anderson", "romero", "taylor", "thomas", "moore", "jackson", "sanchez",
        "white", "harris", "trujillo", "clark", "lewis", "baca", "walker", "young", "allen", "king",
        "wright", "montoya", "hill", "scott", "green", "archuleta", "adams", "nelson", "baker", "hall"]
STUDENT_LAST = LAST + ["nguyen", "patel", "kim", "chavez", "ortiz", "reyes", "cruz", "morales", "vigil"]

ROLES = [("case_manager", 0.48), ("psychologist", 0.12), ("speech", 0.12), ("related_services", 0.08),
         ("coordinator", 0.07), ("clerk", 0.13)]

UA_DESKTOP = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0",
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{m} Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{f}.0) Gecko/20100101 Firefox/{f}.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
]
UA_MOBILE = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{m} Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 17_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{m} Mobile/15E148 Safari/604.1",
]


def fill_ua(rng, tpl):
    return tpl.format(v=rng.choice([127, 128, 129, 129, 130, 130]), m=rng.choice([4, 5, 6, 6]),
                      f=rng.choice([130, 131]))


def rand_ip(rng, prefixes):
    p = rng.choice(prefixes)
    parts = p.split(".")
    while len(parts) < 4:
        parts.append(str(rng.randint(1, 254)))
    return ".".join(parts)


HOME_PREFIXES = ["73.14", "73.95", "73.169", "67.165", "67.174", "71.211", "71.33", "174.51", "75.70",
                 "98.245", "24.9", "76.25", "216.161", "65.128"]
MOBILE_PREFIXES = ["172.56", "172.58", "174.205", "174.214", "166.199", "107.77", "98.97"]
HOTEL_PREFIXES = ["12.167.40", "66.60.173", "104.220.12", "208.54.86", "65.113.192"]
CLOUD_PREFIXES = {"aws": ["3.91", "18.219", "52.14", "54.183", "44.226"], "azure": ["20.59", "20.120", "40.84"],
                  "do": ["159.89", "164.90", "167.99", "143.198"], "hetzner": ["95.216", "88.198", "168.119"],
                  "ovh": ["51.79", "51.222", "145.239"]}
FOREIGN_PREFIXES = {"in": ["49.36", "49.37", "106.203", "117.99", "223.186"],
                    "ph": ["112.198", "49.145", "120.29", "175.176"]}
RESI_PROXY_PREFIXES = ["68.4", "69.244", "70.161", "72.193", "96.41", "99.105", "100.14", "108.18", "142.126",
                       "173.66", "184.170", "187.190", "189.6", "190.84", "181.43", "177.37", "78.161", "91.203"]


class District:
    def __init__(self, name, domain, slug, sso, office_ip):
        self.name, self.domain, self.slug, self.sso, self.office_ip = name, domain, slug, sso, office_ip
        self.schools = []

    @property
    def students(self):
        return [s for sc in self.schools for s in sc.students]


class School:
    def __init__(self, code, name, district, nat_ip, filtered):
        self.code, self.name, self.district, self.nat_ip, self.filtered = code, name, district, nat_ip, filtered
        self.students = []


class Student:
    __slots__ = ("sid", "school", "plans", "docs", "last")

    def __init__(self, sid, school, plans, docs, last):
        self.sid, self.school, self.plans, self.docs, self.last = sid, school, plans, docs, last


class Staff:
    def __init__(self, email, role, district, schools, ua, rng):
        self.email, self.role, self.district, self.schools = email, role, district, schools
        self.ua = ua
        self.home_ip = rand_ip(rng, HOME_PREFIXES)
        self.mobile_ua = fill_ua(rng, rng.choice(UA_MOBILE)) if rng.random() < 0.35 else None
        self.evening = rng.random() < (0.3 if role in ("psychologist", "coordinator", "case_manager") else 0.1)
        self.sso = district.sso and rng.random() < 0.85
        self.intensity = rng.lognormvariate(0, 0.35)

    @property
    def base_ip(self):
        return self.district.office_ip if self.role in ("coordinator", "clerk") else self.schools[0].nat_ip


def doc_id(rng):
    return "".join(rng.choice(B62) for _ in range(22))


class World:
    def __init__(self, rng, n_staff):
        self.rng = rng
        n_d = 5 if n_staff < 150 else (6 if n_staff < 300 else 8)
        self.districts, self.schools, self.staff = [], [], []
        used_ips, used_sids, used_emails = set(), set(), set()

        def uniq_ip(prefixes):
            while True:
                ip = rand_ip(rng, prefixes)
                if ip not in used_ips:
                    used_ips.add(ip)
                    return ip

        weights = [rng.uniform(0.5, 2.0) for _ in range(n_d)]
        for i in range(n_d):
            name, dom, slug = DISTRICT_NAMES[i]
            base = rng.choice(["162.245", "204.130", "66.241", "199.45", "65.102", "207.174", "63.225"])
            d = District(name, dom, slug, sso=rng.random() < 0.6, office_ip=uniq_ip([base]))
            d.ipbase = base
            self.districts.append(d)
        tot = sum(weights)
        school_words = SCHOOL_WORDS[:]
        for d, w in zip(self.districts, weights):
            share = n_staff * w / tot
            n_sc = max(2, round(share / 6))
            for j in range(n_sc):
                code = "%04d" % rng.randint(100, 9899)
                nm = "%s %s" % (rng.choice(school_words), rng.choice(SCHOOL_KINDS))
                sc = School(code, nm, d, uniq_ip([d.ipbase]), filtered=rng.random() < 0.4)
                for _ in range(rng.randint(35, 110)):
                    while True:
                        sid = str(rng.randint(100000000, 999999999))
                        if sid not in used_sids:
                            used_sids.add(sid)
                            break
                    plans = [doc_id(rng) for _ in range(rng.choice([1, 1, 2, 2, 3]))]
                    docs = [doc_id(rng) for _ in range(rng.randint(0, 4))]
                    sc.students.append(Student(sid, sc, plans, docs, rng.choice(STUDENT_LAST)))
                d.schools.append(sc)
                self.schools.append(sc)
        dist_w = [len(d.schools) for d in self.districts]
        for i in range(n_staff):
            d = rng.choices(self.districts, dist_w)[0]
            role = rng.choices([r for r, _ in ROLES], [w for _, w in ROLES])[0]
            if role in ("psychologist", "speech", "related_services"):
                schools = rng.sample(d.schools, min(len(d.schools), rng.randint(2, 4)))
            elif role in ("coordinator", "clerk"):
                schools = list(d.schools)
            else:
                schools = [rng.choice(d.schools)]
            while True:
                f, l = rng.choice(FIRST), rng.choice(LAST)
                style = rng.random()
                local = f + "." + l if style < 0.6 else (f[0] + l if style < 0.9 else f + l[0] + str(rng.randint(1, 99)))
                email = "%s@%s" % (local, d.domain)
                if email not in used_emails:
                    used_emails.add(email)
                    break
            ua = fill_ua(rng, rng.choice(UA_DESKTOP))
            self.staff.append(Staff(email, role, d, schools, ua, rng))
        self.used_ips = used_ips
        self.uniq_ip = uniq_ip

    def staff_by_role(self, *roles):
        return [s for s in self.staff if s.role in roles]
