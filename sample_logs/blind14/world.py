"""The made-up world of Harbor (blind14): districts, schools, networks, user agents, names, pupils, staff."""
import base64
import calendar
import urllib.parse

HOST = "harbor.crssc.org"
TZ = "America/Los_Angeles"
START_LOCAL = "2027-03-01T00:00:00"            # Monday 1 March 2027 (PST, UTC-8)
EPOCH0 = calendar.timegm((2027, 3, 1, 8, 0, 0))  # that instant in UTC
DST_START = 13 * 86400 + 2 * 3600              # Sunday 14 March 02:00 local -> PDT


def utc(day, hour):
    """Epoch seconds of local `hour` (float) on window day `day` (0 = Monday 1 March)."""
    local = day * 86400 + hour * 3600.0
    return EPOCH0 + local - (3600 if local >= DST_START else 0)


def weekday(day):
    return day % 7                              # 0 Monday .. 6 Sunday


def school_day(day):
    return weekday(day) < 5


DISTRICTS = {
    "SB": ("Salish Bay School District", "salishbay.k12.wa.us", "salish-bay", 0.35),
    "TR": ("Tahoma Ridge School District", "tahomaridge.k12.wa.us", "tahoma-ridge", 0.30),
    "CP": ("Cedar Prairie School District", "cedarprairie.k12.wa.us", "cedar-prairie", 0.22),
    "SV": ("Skookum Valley School District", "skookumvalley.k12.wa.us", "skookum-valley", 0.13),
}
DISTRICT_ORDER = ["SB", "TR", "CP", "SV"]
SCHOOLS = {   # code: (district, level)
    "SBH": ("SB", "high"), "MMS": ("SB", "middle"), "KPE": ("SB", "elem"), "RWE": ("SB", "elem"), "SBDO": ("SB", "office"),
    "TRH": ("TR", "high"), "FMS": ("TR", "middle"), "CRE": ("TR", "elem"), "WPE": ("TR", "elem"), "TRDO": ("TR", "office"),
    "CPH": ("CP", "high"), "AMS": ("CP", "middle"), "SBE": ("CP", "elem"), "CPDO": ("CP", "office"),
    "SVJ": ("SV", "high"), "SVE": ("SV", "elem"), "SVDO": ("SV", "office"),
}
BUILDINGS = {d: [c for c, (dd, lvl) in SCHOOLS.items() if dd == d and lvl != "office"] for d in DISTRICTS}
OFFICE = {d: d + "DO" for d in DISTRICTS}
# Egress: SB and TR have one NAT per building, CP leaves through an iboss cloud filter pool that adds the
# device's internal address to X-Forwarded-For, SV has one NAT for every building.
NAT = {
    "SBH": "204.196.160.10", "MMS": "204.196.160.11", "KPE": "204.196.160.12", "RWE": "204.196.160.13",
    "SBDO": "204.196.160.2",
    "TRH": "206.61.226.20", "FMS": "206.61.226.21", "CRE": "206.61.226.22", "WPE": "206.61.226.23",
    "TRDO": "206.61.226.2",
    "SVJ": "216.186.71.2", "SVE": "216.186.71.2", "SVDO": "216.186.71.2",
    "CRSSC": "198.236.93.2", "CRSSC_SRV": "198.236.93.5",
}
CP_FILTER = ["69.174.32.40", "69.174.32.41", "69.174.32.42"]
CP_SUBNET = {"CPH": 10, "AMS": 20, "SBE": 30, "CPDO": 2}
AGENCIES = {   # key: (name, domain, office NAT, consumer, sync address, auth)
    "soundpath": ("SoundPath Therapy Group", "soundpaththerapy.com", "50.205.17.34",
                  "agency-soundpath-therapy", "44.234.118.27", "key-auth"),
    "evergreen": ("Evergreen Pediatric Therapy", "evergreenpeds.com", "50.242.61.198",
                  "agency-evergreen-pediatric", "20.115.42.163", "oauth2"),
    "tidewater": ("Tidewater Behavioral Health", "tidewaterbh.org", "50.226.88.70",
                  "agency-tidewater-behavioral", "35.85.211.9", "key-auth"),
}
AGENCY_ORDER = ["soundpath", "evergreen", "tidewater"]
FRONT_DOOR = ["147.243.20.%d" % n for n in (6, 9, 14)] + ["147.243.21.%d" % n for n in (3, 12, 40)] + \
             ["147.243.117.%d" % n for n in (7, 22)]

HOME_PREFIXES = ["73.11", "73.42", "73.53", "73.97", "73.109", "73.118", "73.157", "73.169", "73.193", "73.221",
                 "73.225", "73.239", "24.16", "24.17", "24.18", "24.19", "24.22", "67.160", "67.168", "67.171",
                 "67.183", "71.227", "98.203", "98.232", "98.247", "50.35", "50.46", "50.47", "97.113", "97.126",
                 "174.21", "174.61", "71.212", "98.97"]
CARRIER_PREFIXES = ["172.56", "172.57", "172.58", "172.59", "172.32", "174.205", "174.212", "174.226", "174.244",
                    "107.77", "166.137", "166.199"]


def ip_in(rng, prefix):
    parts = prefix.split(".")
    while len(parts) < 4:
        parts.append(str(rng.randint(1, 254)))
    return ".".join(parts)


def home_ip(rng):
    return ip_in(rng, rng.choice(HOME_PREFIXES))


def carrier_ip(rng):
    return ip_in(rng, rng.choice(CARRIER_PREFIXES))


def campus_addr(rng, campus, host=None):
    """(public address, internal XFF prefix or None) of a device in a building."""
    if campus in CP_SUBNET:
        h = host if host is not None else rng.randint(20, 250)
        return rng.choice(CP_FILTER), "10.48.%d.%d" % (CP_SUBNET[campus] + h % 4, h)
    return NAT[campus], None


# ---- user agents (spring 2027: Chrome/Edge 160, Firefox 162, Safari 27) ----
CHROME_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Safari/537.36"
EDGE_WIN = CHROME_WIN + " Edg/%s"
CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Safari/537.36"
SAFARI_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Safari/605.1.15"
FIREFOX_WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%s.0) Gecko/20100101 Firefox/%s.0"
CROS = "Mozilla/5.0 (X11; CrOS x86_64 16%03d.%d.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Safari/537.36"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Mobile/15E148 Safari/604.1"
IPAD = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Mobile/15E148 Safari/604.1"
ANDROID = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Mobile Safari/537.36"


def laptop_ua(rng, district_issued=True):
    v = rng.choice(["160", "160", "160", "159"])
    r = rng.random()
    if district_issued:
        if r < 0.45:
            return CHROME_WIN % v
        if r < 0.75:
            return EDGE_WIN % (v, "%s.0.%d.%d" % (v, rng.choice([3012, 3027, 3041]), rng.randint(40, 96)))
        if r < 0.9:
            return CHROME_MAC % v
        return SAFARI_MAC % rng.choice(["27.3", "27.2"])
    if r < 0.4:
        return CHROME_WIN % v
    if r < 0.6:
        return SAFARI_MAC % rng.choice(["27.3", "27.2", "26.5"])
    if r < 0.8:
        return CHROME_MAC % v
    return FIREFOX_WIN % ((rng.choice(["162", "161"]),) * 2)


def phone_ua(rng):
    if rng.random() < 0.62:
        return IPHONE % rng.choice(["27.3", "27.3", "27.2", "26.6"])
    return ANDROID % rng.choice(["160", "159", "158"])


def tablet_ua(rng):
    return IPAD % rng.choice(["27.3", "27.2"])


def chromebook_ua(rng):
    return CROS % (rng.choice([63, 93]), rng.choice([45, 52, 61]), rng.choice(["159", "160"]))


FIRST = ("Aaliyah Aiden Alejandro Amara Anika Ben Bianca Brandon Caleb Camila Chen Chloe Connor Daniel Deja Diego Dmitri "
         "Elena Eli Emily Ethan Farah Fatima Gabriel Grace Hannah Hiro Imani Isaac Jasmine Javier Jenna Jordan Joseph "
         "Kai Kayla Keanu Laila Leah Liam Lucia Malia Marcus Maya Mei Mohamed Natalie Noah Nora Olivia Omar Paige Priya "
         "Quinn Rachel Rafael Riley Rosa Ryan Samantha Sara Sean Sofia Tariq Tessa Thanh Tyler Uma Valeria Victor "
         "Wesley Ximena Yara Yusuf Zoe Andrea Brooke Colleen Dana Erin Gretchen Heidi Janelle Kristin Lorna Megan "
         "Nicole Patrice Renee Shannon Tamara Wendy").split()
LAST = ("Abbott Aguilar Anderson Bautista Becker Begay Bjornstad Brennan Castillo Chang Charlie Cruz Dahl Delgado Dinh "
        "Erickson Fa'amoe Fischer Flores Gallagher Garcia Gustafson Haugen Hernandez Hoang Holm Ibrahim Jensen Johansen "
        "Kaur Kim Kowalski Larsen Lee Lindqvist Lopez Lundgren Martinez McCarthy Mendoza Moreno Nakamura Nguyen Nilsen "
        "Novak Okafor Olsen Ortiz Pacheco Patel Pedersen Petrov Quintero Ramirez Reyes Rivera Rodriguez Sahota Santos "
        "Schmidt Silva Singh Sorensen Tanaka Thompson Tran Tuiasosopo Urbina Vasquez Vu Walker Whitehorse Williams "
        "Wong Yamamoto Yazzie Zhang Zielinski Barrett Chavez Dominguez Eastman Fairbanks Greer Hollis Iverson").split()


def slug(name):
    return "".join(c for c in name.lower() if c.isalpha())


def uuid4(rng):
    n = rng.getrandbits(128)
    h = "%032x" % n
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], "89ab"[n % 4], h[17:20], h[20:32])


def drf_cursor(created):
    """A Django REST framework cursor for the position `created` (string), URL-encoded for a query string."""
    raw = urllib.parse.urlencode({"p": created})
    return urllib.parse.quote(base64.b64encode(raw.encode()).decode(), safe="")


class Pupil:
    __slots__ = ("uuid", "given", "surname", "district", "school", "ssid", "created", "ieps", "agency")


def make_pupils(rng, n):
    pupils = []
    next_iep = 40000 + rng.randint(0, 900)
    schools = [c for c, (d, lvl) in SCHOOLS.items() if lvl != "office"]
    weights = [DISTRICTS[SCHOOLS[c][0]][3] / len(BUILDINGS[SCHOOLS[c][0]]) for c in schools]
    for i in range(n):
        p = Pupil()
        p.uuid = uuid4(rng)
        p.given, p.surname = rng.choice(FIRST), rng.choice(LAST)
        p.school = rng.choices(schools, weights)[0]
        p.district = SCHOOLS[p.school][0]
        p.ssid = str(rng.randint(1000000000, 9999999999))
        y, mo, d = rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28)
        if y == 2026 and mo > 12:
            mo = 12
        p.created = "%04d-%02d-%02d %02d:%02d:%02d.%06d+00:00" % (y, mo, d, rng.randint(15, 23), rng.randint(0, 59),
                                                                   rng.randint(0, 59), rng.randint(0, 999999))
        k = rng.choice([1, 1, 2, 2, 3])
        p.ieps = []
        for _ in range(k):
            next_iep += rng.randint(1, 4)
            p.ieps.append(next_iep)
        p.agency = rng.choices([None] + AGENCY_ORDER, [0.74, 0.1, 0.1, 0.06])[0]
        pupils.append(p)
    pupils.sort(key=lambda q: q.created, reverse=True)    # the API's default ordering (-created)
    return pupils
