"""World of blind21: the state's ScoreView portal, its networks, districts, schools, pupils and address pools.

Everything here is made up.  Staff are built in `people.py`; this module holds the fixed geography and the
helpers to draw addresses and pupil ids deterministically from a `random.Random`.
"""
import datetime
import zoneinfo

TZ_NAME = "America/Denver"
TZ = zoneinfo.ZoneInfo(TZ_NAME)
START_DATE = datetime.date(2026, 9, 15)          # a Tuesday; spring results released to districts at 08:00
RELEASE_HOUR = 8.0
APP_IP, APP_PORT = "10.40.8.20", 80
PROXIES = ("10.40.0.5", "10.40.0.6")             # HAProxy pair, TLS terminated there
HOST_INT, HOST_SHORT, HOST_EXT = "scoreview.sde.wan", "scoreview", "scoreview.sde-portal.org"
STATIC_VER = "4.18.2"
NAGIOS_IP, NESSUS_IP = "10.40.20.8", "10.40.20.15"
SYNC_IP, DWH_IP = "10.40.12.30", "10.40.12.31"
DNS_IP, LDAP_IPS = "10.40.0.53", ("10.40.9.11", "10.40.9.12")
STATE_SUFFIX = "sde"

# code, login suffix, name, network mode, address base, schools (name, level)
DISTRICTS = [
    ("0427", "d27", "Platte Valley 27J", "school_nat", "10.27", [
        ("Riverside Elementary", "E"), ("Prairie View Elementary", "E"), ("Meadowlark Elementary", "E"),
        ("Overland Trail Middle", "M"), ("Vikan Middle", "M"), ("Platte Valley High", "H")]),
    ("0020", "adams12", "North Metro 12", "district_nat", "10.112", [
        ("Cottonwood Creek Elementary", "E"), ("Hulstrom Elementary", "E"), ("Silver Hills Elementary", "E"),
        ("Mountain Range Middle", "M"), ("Rocky Top Middle", "M"), ("Legacy High", "H"), ("Northglenn High", "H")]),
    ("1110", "d49", "Falcon 49", "routed", "10.49", [
        ("Evans Elementary", "E"), ("Woodmen Hills Elementary", "E"), ("Falcon Middle", "M"),
        ("Sand Creek High", "H"), ("Vista Ridge High", "H")]),
    ("2000", "mesa51", "Mesa Valley 51", "school_nat", "10.51", [
        ("Chipeta Elementary", "E"), ("Orchard Avenue Elementary", "E"), ("Bookcliff Middle", "M"),
        ("Grand Junction High", "H"), ("Central High", "H")]),
    ("3085", "weld6", "Greeley-Evans 6", "district_nat", "10.106", [
        ("Jefferson Elementary", "E"), ("Monfort Elementary", "E"), ("Heath Middle", "M"), ("Northridge High", "H")]),
    ("1510", "lake1", "Lake County R-1", "internet", "67.41.191", [
        ("West Park Elementary", "E"), ("Lake County High", "H")]),
    ("3200", "routt3", "South Routt RE-3", "internet", "216.17.132", [
        ("Soroco Elementary", "E"), ("Soroco High", "H")]),
]
GRADES = {"E": ["KG", "01", "02", "03", "04", "05"], "M": ["06", "07", "08"], "H": ["09", "10", "11", "12"]}
TESTED = {"E": ["03", "04", "05"], "M": ["06", "07", "08"], "H": ["09", "10", "11"]}
SIZE = {"E": (330, 520), "M": (520, 820), "H": (900, 1450)}

ADMIN_YEARS = ["2026SP", "2025SP", "2024SP"]


def admins_for(grade):
    """Test administrations a pupil in `grade` (this school year) took in spring 2026."""
    g = int(grade) if grade.isdigit() else 0
    tests = []
    if 3 <= g <= 9:
        tests += ["ELA", "MAT"]
    if g in (5, 8):
        tests.append("SCI")
    if g == 9:
        tests.append("PSAT9")
    if g == 10:
        tests.append("PSAT10")
    if g == 11:
        tests += ["SAT", "SCI"]
    return ["2026SP-" + t for t in tests]


FIRST = ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph "
         "Jessica Thomas Sarah Christopher Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra Donald Ashley "
         "Steven Kimberly Andrew Emily Paul Donna Joshua Michelle Kenneth Carol Kevin Amanda Brian Melissa Timothy "
         "Deborah Ronald Stephanie Jason Rebecca Jeffrey Laura Ryan Sharon Jacob Cynthia Gary Kathleen Nicholas Amy "
         "Eric Angela Jonathan Shirley Stephen Anna Larry Brenda Justin Pamela Scott Emma Brandon Nicole Benjamin "
         "Helen Samuel Katherine Gregory Christine Alexander Debra Patrick Rachel Frank Carolyn Raymond Janet Jack "
         "Maria Dennis Heather Jerry Diane Tyler Julie Aaron Joyce Jose Victoria Adam Kelly Nathan Christina Henry "
         "Lauren Zachary Joan Douglas Evelyn Peter Olivia Kyle Judith Noah Megan Ethan Andrea Jeremy Cheryl Walter "
         "Hannah Christian Jacqueline Keith Martha Roger Gloria Terry Teresa Austin Ann Sean Sara Gerald Madison "
         "Carl Frances Harold Kathryn Dylan Janice Arthur Jean Lawrence Abigail Jordan Alice Jesse Judy Bryan Sophia "
         "Billy Grace Bruce Denise Gabriel Amber Joe Doris Logan Marilyn Alan Danielle Juan Beverly Albert Isabella "
         "Willie Theresa Elijah Diana Wayne Natalie Randy Brittany Vincent Charlotte Mason Marie Roy Kayla Ralph "
         "Alexis Bobby Lori Russell Ximena Lucia Mateo Camila Diego Valeria Santiago Guadalupe Luis Rosa Jorge "
         "Araceli Hoang Linh Minh Trang Mai Tuan Priya Anil Fatima Omar Yusuf Amina Aiyana Dakota Tahoma").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
        "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis "
        "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall "
        "Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes "
        "Stewart Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard "
        "Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price "
        "Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell "
        "Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton "
        "Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar "
        "Stevens Murray Ford Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells "
        "Vargas Henry Chen Freeman Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez "
        "Silva Shaw Snyder Mason Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone "
        "Salazar Fox Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan "
        "Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley "
        "Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry "
        "Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis Carpenter Lawrence Sandoval Archuleta "
        "Trujillo Maestas Vigil Lucero Montoya Gallegos Valdez Espinoza Lovato Yazzie Begay Tsosie Pham Vu Dang "
        "Le Huynh Nakamura Sato Singh Shah Ahmed Hassan Abdi Kowalski Novak Lindqvist Brennan Whitaker").split()

# (owner, prefixes) of public ranges used to draw addresses; each prefix is "a.b" or "a.b.c"
POOLS = {
    "co_residential": [("Comcast", ["73.14", "73.95", "73.153", "73.169", "73.181", "73.243", "98.245", "67.190",
                                   "24.9", "71.229", "76.120"]),
                       ("CenturyLink", ["71.208", "71.211", "71.218", "75.166", "75.70", "174.16", "174.51",
                                        "97.118", "63.225"]),
                       ("Charter", ["24.117", "97.121", "71.205"])],
    "mobile": [("T-Mobile", ["172.56", "172.58", "172.59", "172.32"]), ("Verizon", ["174.205", "174.215", "174.241"]),
               ("AT&T", ["107.77", "166.205", "166.199"])],
    "us_residential": [("Comcast", ["68.36", "69.140", "73.2", "75.72", "76.104", "98.199", "24.30", "50.169"]),
                       ("Charter/Spectrum", ["66.91", "70.114", "76.167", "97.94", "174.108", "99.37"]),
                       ("Verizon Fios", ["72.69", "96.255", "100.11", "108.28", "71.105"]),
                       ("AT&T", ["99.100", "104.5", "107.197", "75.20", "108.93"]),
                       ("Cox", ["68.0", "70.162", "72.200", "98.164", "184.179"]),
                       ("Frontier", ["47.149", "50.44", "74.43"])],
    "oregon_residential": [("Comcast", ["73.11", "73.25", "73.67"]), ("Ziply", ["50.35", "50.47"])],
}
CLOUD = {
    "azure_westus2": ["20.112", "20.83", "52.137", "40.91"],
    "aws_us_west_2": ["35.87", "44.237", "52.38", "54.188"],
    "aws_us_east_1": ["3.85", "18.212", "34.227", "54.165"],
    "digitalocean_nyc": ["159.65", "167.99", "137.184"],
    "linode_dallas": ["45.79", "172.104"],
    "ovh_us": ["51.81", "135.148"],
    "hetzner_ash": ["5.161", "5.78"],
    "vultr_lax": ["45.32", "149.28"],
}
CRAWLERS = {
    "Googlebot": (["66.249.66", "66.249.68", "66.249.70", "66.249.79"],
                  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
    "bingbot": (["40.77.167", "157.55.39", "207.46.13"],
                "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; "
                "+http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36"),
    "Applebot": (["17.241.219", "17.241.227", "17.246.15"],
                 "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                 "Version/17.4 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)"),
}


def ip_in(rng, prefix, used=None):
    """A host address under `prefix` ("a.b" or "a.b.c"), not in `used` (a dict/set) when given."""
    for _ in range(200):
        parts = prefix.split(".")
        while len(parts) < 4:
            parts.append(str(rng.randint(2, 253)))
        ip = ".".join(parts)
        if used is None or ip not in used:
            if used is not None:
                used[ip] = True
            return ip
    raise RuntimeError("address pool exhausted: " + prefix)


def pool_ip(rng, pool, used=None):
    owner, prefixes = rng.choice(POOLS[pool])
    return ip_in(rng, rng.choice(prefixes), used), owner


def luhn_digit(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


class School:
    __slots__ = ("code", "name", "level", "district", "index", "pupils", "nat")

    def __init__(self, code, name, level, district, index):
        self.code, self.name, self.level, self.district, self.index = code, name, level, district, index
        self.pupils = {}      # grade -> list of (sasid, last, first)
        self.nat = None


class District:
    __slots__ = ("code", "suffix", "name", "net", "base", "schools", "office_nat")

    def __init__(self, code, suffix, name, net, base):
        self.code, self.suffix, self.name, self.net, self.base = code, suffix, name, net, base
        self.schools, self.office_nat = [], None


class World:
    """Districts with schools and pupils, plus the set of addresses already handed out."""

    def __init__(self, rng):
        self.rng = rng
        self.used = {}
        self.districts = []
        self.sasids = {}
        for code, suffix, name, net, base, schools in DISTRICTS:
            d = District(code, suffix, name, net, base)
            if net == "district_nat":
                d.office_nat = base + ".0.10"
            elif net == "school_nat":
                d.office_nat = base + ".0.1"
            elif net == "internet":
                d.office_nat = ip_in(rng, base, self.used)
            self.used[d.office_nat or ""] = True
            for i, (sname, level) in enumerate(schools):
                s = School("%s-%04d" % (code, 1000 + rng.randint(1, 8999)), sname, level, d, i)
                s.nat = {"school_nat": "%s.%d.1" % (base, i + 1), "district_nat": d.office_nat,
                         "internet": d.office_nat, "routed": None}[net]
                self._pupils(s)
                d.schools.append(s)
            self.districts.append(d)
        self.schools = [s for d in self.districts for s in d.schools]

    def _pupils(self, school):
        rng = self.rng
        lo, hi = SIZE[school.level]
        n = rng.randint(lo, hi)
        grades = GRADES[school.level]
        for g in grades:
            lst = []
            for _ in range(n // len(grades) + rng.randint(-12, 12)):
                while True:
                    body = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
                    sid = body + luhn_digit(body)
                    if sid not in self.sasids:
                        break
                self.sasids[sid] = school
                lst.append((sid, rng.choice(LAST), rng.choice(FIRST)))
            school.pupils[g] = lst

    def district(self, suffix):
        return next(d for d in self.districts if d.suffix == suffix)

    def tested_pupils(self, school):
        return [(p, g) for g in TESTED[school.level] for p in school.pupils[g]]

    def random_pupil(self, rng, school=None, district=None):
        if school is None:
            pool = district.schools if district else self.schools
            school = rng.choice(pool)
        g = rng.choice(GRADES[school.level])
        return rng.choice(school.pupils[g]), g, school

    def fake_sasid(self, rng):
        """A mistyped or stale SASID that does not exist (404)."""
        while True:
            s = str(rng.randint(1000000000, 9999999999))
            if s not in self.sasids:
                return s
