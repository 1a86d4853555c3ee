"""The world of the blind4 generator: clock, networks, browsers, LEAs, schools, pupils, staff.

The system is a state-level student data system in the style of CALPADS ("SDS"), a Rails app
with a Vite/React + Turbo front end, behind an internal load balancer and nginx.
"""
from __future__ import annotations

import datetime as _dt
import random
from zoneinfo import ZoneInfo

TZ = "America/Los_Angeles"
ZONE = ZoneInfo(TZ)
HOST = "sds.ed.example.gov"
ORIGIN = "https://" + HOST
APP = "sds"
START = (2025, 12, 9)            # a Tuesday, in the last week of the Fall 1 certification window
WINDOW = "fall-1-2025-26"        # slug of the open submission window
LBS = ("10.40.1.27", "10.40.2.91", "10.40.3.14")  # internal load-balancer nodes, one per AZ

# ODS extract / submission file types (CALPADS style)
EXTRACTS = ("SENR", "SINF", "SPRG", "SELA", "CRSE", "SCSE", "CRSC", "SCSC", "SCTE",
            "SDIS", "STAS", "SWDS", "PSTS", "SPED", "SSRV", "SDEM", "SASS")
REPORTS = ("1-1-enrollment-primary-status-by-subgroup", "1-2-enrollment-grade-level-by-ethnicity",
           "1-17-frpm-el-foster-youth-count", "1-18-frpm-el-foster-youth-student-list",
           "2-9-census-day-enrollment-summary", "3-1-course-section-enrollment-count",
           "8-1-student-profile-list", "16-1-sped-students-by-disability",
           "5-4-absence-summary-by-school", "7-12-discipline-incident-count")
TABS = ("enrollment", "demographics", "programs", "english-language", "courses",
        "assessments", "discipline", "absences", "special-education")
ANOMALY_TYPES = ("MID", "CCE", "SSID-EXIT", "EXIT-NO-SHOW")


def day_start(d: int) -> float:
    y, m, dd = START
    return _dt.datetime(y, m, dd, tzinfo=ZONE).timestamp() + d * 86400.0 + _dst_fix(d)


def _dst_fix(d: int) -> float:
    """Correct the naive +86400*d for DST changes so day d starts at local midnight."""
    y, m, dd = START
    base = _dt.datetime(y, m, dd, tzinfo=ZONE)
    off0 = base.utcoffset().total_seconds()
    off1 = (base + _dt.timedelta(days=d)).utcoffset().total_seconds()
    return off0 - off1


def weekday(d: int) -> int:
    y, m, dd = START
    return (_dt.date(y, m, dd) + _dt.timedelta(days=d)).weekday()


# ----------------------------------------------------------------------------- networks
POOLS = {
    "cenic": [(137, 164, 164)],                       # CENIC / K12HSN, district egress
    "biz": [(12, 130, 250), (66, 27, 27), (50, 193, 193), (24, 43, 43)],
    "home": [(73, 0, 255), (98, 32, 63), (67, 160, 191), (47, 144, 159), (76, 80, 95),
             (99, 0, 127), (108, 192, 255), (107, 192, 223), (104, 32, 35), (71, 102, 111)],
    "home_other_state": [(174, 52, 56), (68, 100, 111), (24, 160, 175), (97, 64, 127)],
    "mobile": [(172, 56, 59), (174, 192, 255), (166, 170, 199)],
    "hotel": [(64, 125, 125), (216, 113, 113), (65, 154, 154)],
    "aws": [(3, 80, 101), (18, 236, 246), (34, 208, 223), (35, 80, 95), (44, 224, 255),
            (52, 8, 13), (54, 148, 193)],
    "gcp": [(34, 82, 82), (34, 94, 94), (35, 199, 199), (35, 230, 230)],
    "azure": [(20, 57, 57), (20, 66, 66), (40, 78, 78), (13, 64, 64), (13, 91, 91)],
    "do": [(137, 184, 184), (143, 198, 198), (164, 90, 90), (159, 223, 223)],
    "linode": [(45, 79, 79), (172, 105, 105), (139, 144, 144)],
    "hetzner": [(5, 161, 161), (88, 99, 99), (95, 216, 216), (116, 203, 203)],
    "ovh": [(51, 75, 75), (145, 239, 239), (54, 37, 37)],
    "vpn": [(89, 187, 187), (146, 70, 70), (185, 213, 213)],
    "india": [(49, 36, 37), (106, 192, 223), (117, 192, 223), (122, 160, 175)],
    "badhost": [(185, 224, 224), (45, 148, 148), (193, 163, 163), (80, 94, 95), (194, 49, 49)],
    "resproxy": [(73, 0, 255), (24, 160, 175), (68, 100, 111), (189, 0, 63), (181, 0, 31),
                 (86, 0, 127), (177, 0, 63), (201, 0, 63), (36, 224, 255), (41, 96, 127)],
}


class Nets:
    """Deterministic allocator of unique public addresses, remembering what each one is."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.what: dict[str, str] = {}

    def ip(self, pool: str, what: str) -> str:
        r = self.rng
        while True:
            a, lo, hi = r.choice(POOLS[pool])
            ip = f"{a}.{r.randint(lo, hi)}.{r.randint(0, 255)}.{r.randint(2, 253)}"
            if ip not in self.what:
                self.what[ip] = what
                return ip

    def near(self, ip: str, what: str) -> str:
        """Another address in the same /24 (the same provider block)."""
        pre = ip.rsplit(".", 1)[0]
        while True:
            cand = f"{pre}.{self.rng.randint(2, 253)}"
            if cand not in self.what:
                self.what[cand] = what
                return cand


# ----------------------------------------------------------------------------- browsers
CH = "142.0.0.0"
UA = {
    "win_chrome": f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{CH} Safari/537.36",
    "win_chrome143": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/143.0.0.0 Safari/537.36",
    "win_edge": f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{CH} Safari/537.36 Edg/142.0.0.0",
    "win_firefox": "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:145.0) Gecko/20100101 Firefox/145.0",
    "mac_chrome": f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{CH} Safari/537.36",
    "mac_safari": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.1 Safari/605.1.15",
    "mac_firefox": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:145.0) Gecko/20100101 Firefox/145.0",
    "cros": f"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{CH} Safari/537.36",
    "iphone": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.7 Mobile/15E148 Safari/604.1",
    "iphone26": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.1 Mobile/15E148 Safari/604.1",
    "android": f"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{CH} Mobile Safari/537.36",
    "ipad": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Safari/605.1.15",
}
DESKTOP_MIX = (("win_chrome", 34), ("win_edge", 22), ("win_chrome143", 8), ("cros", 8),
               ("mac_chrome", 10), ("mac_safari", 8), ("win_firefox", 6), ("mac_firefox", 2))
PHONE_MIX = (("iphone", 45), ("iphone26", 20), ("android", 35))


def pick(r: random.Random, mix) -> str:
    return r.choices([k for k, _ in mix], [w for _, w in mix])[0]


# ----------------------------------------------------------------------------- people & places
FIRST = ("maria jose juan ana luis carmen jennifer michael david sarah jessica daniel laura "
         "karen linda patricia elizabeth james robert john lisa nancy angela veronica sandra "
         "monica alicia rosa teresa gabriela diana adriana brenda erica kimberly amanda "
         "christopher matthew anthony mark steven kevin brian jason eric ryan thomas hector "
         "ricardo miguel carlos jorge francisco alejandro oscar raul sergio thi linh minh "
         "huong mai jasmine priya anjali wei mei ling kenji yuki grace esther ruth helen "
         "tamika latoya keisha denise tracy stephanie melissa rebecca yesenia araceli").split()
LAST = ("garcia hernandez lopez martinez gonzalez rodriguez perez sanchez ramirez torres flores "
        "rivera gomez diaz reyes morales cruz ortiz gutierrez chavez ramos ruiz alvarez mendoza "
        "castillo jimenez vasquez romero herrera medina aguilar vargas guzman salazar nguyen tran "
        "le pham huynh vo kim lee park chen wang liu zhang wong smith johnson williams brown jones "
        "miller davis wilson anderson taylor thomas moore jackson martin thompson white harris "
        "clark lewis robinson walker young allen king wright scott hill green adams baker nelson "
        "carter mitchell roberts campbell patel singh shah kaur sharma yamamoto tanaka nakamura "
        "okafor mensah washington jefferson bautista navarro delgado espinoza soto contreras").split()
DISTRICTS = ("Valle Verde Unified|Sierra Oaks Elementary|Rio Bravo Joint Union High|Sequoia Hills Unified|"
             "Mission Creek Elementary|Los Robles Unified|Coastline Union High|Golden Plains Unified|"
             "Cedar Springs Elementary|Alta Vista Unified|Bayview City Unified|Oak Meadow Elementary|"
             "San Benito Heights Unified|Tule River Joint Unified|Palomar Valley Unified|Eastside Union Elementary|"
             "Harbor Point Unified|Lakeport Joint Unified|Redwood Grove Elementary|Desert Sands Valley Unified|"
             "Fairmont Unified|Mira Loma Unified|Kings Canyon Joint Unified|Shasta Ridge Union|"
             "Twin Rivers Crossing Unified|Arroyo Seco Elementary|Pinecrest Unified|Santa Ynez Valley Union|"
             "Westlake Hills Unified|Vineyard Elementary|Buena Park Heights Unified|Diablo Vista Unified|"
             "Cuyama Valley Joint Unified|Morro Bay Unified|Feather River Elementary|Orchard Park Unified|"
             "Saddleback Canyon Unified|Chino Ranch Unified|Clear Lake Union High|Mojave Springs Unified|"
             "Esperanza Unified|Sunnyslope Elementary|Trinity Alps Unified|Marina Del Mar Unified|"
             "Lindsay Grove Unified|Hollister Ranch Elementary").split("|")
SCHOOL_NAMES = ("Lincoln Roosevelt Washington Jefferson Cesar-Chavez Dolores-Huerta Sierra Vista Monte-Vista "
                "Valley-View Oak-Grove Pine-Ridge Madison Franklin Kennedy Mission Rancho Sunrise Sunset "
                "Hillcrest Lakeside Riverside Parkside Edison Garfield Jackson Harding Wilson Grant Adams "
                "Loma-Linda Del-Mar La-Paz Esperanza Central Northside Eastside Westside Sequoia Redwood").split()


class School:
    __slots__ = ("cds", "name", "level", "ip", "n", "_ssids", "_seed")

    def __init__(self, cds, name, level, n, seed):
        self.cds, self.name, self.level, self.n, self._seed = cds, name, level, n, seed
        self.ip = None
        self._ssids = None

    @property
    def ssids(self) -> list[str]:
        if self._ssids is None:
            r = random.Random(f"ssid:{self._seed}:{self.cds}")
            self._ssids = [str(r.randrange(1_000_000_000, 9_999_999_999)) for _ in range(self.n)]
        return self._ssids

    def grades(self):
        return {"E": ("KN", "01", "02", "03", "04", "05"), "M": ("06", "07", "08"),
                "H": ("09", "10", "11", "12")}[self.level]


class Lea:
    __slots__ = ("name", "slug", "domain", "cds", "schools", "office_ip", "vpn_ip", "idp",
                 "school_egress", "dc_ip", "via_coe")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)

    def students(self) -> int:
        return sum(s.n for s in self.schools)


class Staff:
    __slots__ = ("account", "first", "last", "role", "lea", "school", "desk_ua", "phone_ua",
                 "home_ip", "remote", "start_h", "end_h", "level", "local_auth", "phone_user",
                 "evening")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)


ROLE_MIX = (("clerk", 44), ("data", 12), ("counselor", 18), ("sped", 9), ("admin", 10), ("it", 7))


def _initials(name: str) -> str:
    skip = {"joint", "union", "city", "heights", "valley", "hills"}
    return "".join(w[0] for w in name.lower().split() if w not in skip)


def build_world(r: random.Random, nets: Nets, n_staff: int):
    """LEAs with schools and addresses, and the ordinary staff population."""
    n_leas = max(5, min(len(DISTRICTS), n_staff // 7))
    names = r.sample(DISTRICTS, n_leas)
    leas: list[Lea] = []
    used_domains: set[str] = set()
    coe_ip = None
    for i, nm in enumerate(names):
        ini = _initials(nm)
        kind = "usd" if "Unified" in nm else ("esd" if "Elementary" in nm else "uhsd")
        dom = f"{ini[:-1] if ini.endswith(kind[0]) else ini}{kind}.org"
        while dom in used_domains:
            dom = "x" + dom
        used_domains.add(dom)
        county = r.randint(1, 58)
        cds = f"{county:02d}{r.randint(10000, 77999):05d}"
        nsch = r.choice((3, 4, 5, 6, 8, 10, 14, 22)) if kind == "usd" else r.choice((2, 3, 4, 6))
        schools = []
        for j in range(nsch):
            lvl = ("H" if kind == "uhsd" else "E" if kind == "esd" else
                   r.choices("EMH", (60, 22, 18))[0])
            n = {"E": r.randint(280, 720), "M": r.randint(550, 1150), "H": r.randint(900, 2400)}[lvl]
            sname = r.choice(SCHOOL_NAMES).replace("-", " ") + {"E": " Elementary", "M": " Middle", "H": " High"}[lvl]
            schools.append(School(f"{r.randint(100000, 699999):07d}", sname, lvl, n, cds))
        idp = r.choices(("saml", "entra_id", "google_oauth2", "local"), (38, 30, 20, 12))[0]
        via_coe = nsch <= 4 and r.random() < 0.35
        if via_coe and coe_ip is None:
            coe_ip = nets.ip("cenic", "county office of education web proxy / SSO gateway shared by "
                                      "small districts (adds itself to X-Forwarded-For)")
        lea = Lea(name=nm, slug=nm.lower().replace(" ", "-"), domain=dom, cds=cds, schools=schools,
                  office_ip=coe_ip if via_coe else nets.ip("cenic", f"{nm} district office NAT (CENIC)"),
                  vpn_ip=None, idp=idp, school_egress="district", dc_ip=None, via_coe=via_coe)
        if r.random() < 0.45:
            lea.vpn_ip = nets.near(lea.office_ip, f"{nm} staff VPN concentrator egress")
        lea.dc_ip = nets.near(lea.office_ip, f"{nm} district data centre")
        if r.random() < 0.4 and not via_coe:
            lea.school_egress = "own"
            for s in schools:
                s.ip = nets.ip("biz", f"{s.name} ({nm}) school site NAT")
        for s in schools:
            if s.ip is None:
                s.ip = lea.office_ip
        leas.append(lea)
    staff: list[Staff] = []
    seen: set[str] = set()
    weights = [max(1, len(l.schools)) for l in leas]
    for _ in range(n_staff):
        lea = r.choices(leas, weights)[0]
        staff.append(make_staff(r, nets, lea, pick(r, ROLE_MIX), seen))
    return leas, staff, seen, coe_ip


def make_staff(r: random.Random, nets: Nets, lea: Lea, role: str, seen: set, account: str | None = None) -> Staff:
    while True:
        f, l = r.choice(FIRST), r.choice(LAST)
        acct = account or r.choice((f"{f}.{l}", f"{f[0]}{l}", f"{f}{l[0]}", f"{f}.{l}{r.randint(1, 9)}")) + "@" + lea.domain
        if account or acct not in seen:
            break
    seen.add(acct)
    school = None if role in ("data", "admin", "it") or (role == "sped" and r.random() < .5) else r.choice(lea.schools)
    remote = r.random() < (0.18 if role in ("data", "it", "admin") else 0.04)
    return Staff(account=acct, first=f, last=l, role=role, lea=lea, school=school,
                 desk_ua=UA[pick(r, DESKTOP_MIX)], phone_ua=UA[pick(r, PHONE_MIX)],
                 home_ip=None, remote=remote, start_h=r.uniform(6.8, 8.9),
                 end_h=r.uniform(15.2, 17.6) + (0.8 if role == "data" else 0.0),
                 level=r.lognormvariate(0, 0.45), local_auth=(lea.idp == "local" or r.random() < 0.08),
                 phone_user=r.random() < 0.22, evening=r.random() < 0.15)


def home_ip(s: Staff, nets: Nets) -> str:
    if s.home_ip is None:
        s.home_ip = nets.ip("home", f"home broadband ({s.account})")
    return s.home_ip


def office_ip(s: Staff) -> str:
    return s.school.ip if s.school is not None else s.lea.office_ip
