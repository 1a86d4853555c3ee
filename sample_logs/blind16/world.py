"""The made-up world of blind16: Example County School District RE-1 and its "Roster Point" SIS.

Campuses and their networks, user agents, names, pupils (10-digit state student IDs with a
Luhn check digit), class sections, report catalogue and the staff directory.
"""
import datetime
import zoneinfo

HOST = "rosterpoint.example-county.k12.co.us"
BASE = "http://" + HOST            # what Squid logs (TLS ends at the HAProxy in front of it)
PAGE = "https://" + HOST           # what browsers send as referer
TZ = "America/Denver"
START = (2025, 2, 10)              # Monday 10 February 2025, 00:00 local (MST, UTC-7)
ORIGINS = ("10.20.0.15", "10.20.0.16")
VERSION = "7.4.2"
IDP = "https://idp.k12sso.state.co.us/idp/profile/SAML2/Redirect/SSO"

# code, name, level, pupils at 240 staff, network ("proxy" = district outbound proxy, else own NAT)
CAMPUSES = [
    ("AME", "Aspen Meadow Elementary", "es", 430, "proxy"),
    ("BBE", "Bluebird Elementary", "es", 390, "proxy"),
    ("CWE", "Cottonwood Elementary", "es", 460, "proxy"),
    ("DCE", "Dry Creek Elementary", "es", 250, "50.209.116.42"),
    ("ERE", "Elk Ridge Elementary", "es", 230, "50.233.12.58"),
    ("FHM", "Fox Hollow Middle", "ms", 720, "proxy"),
    ("GPM", "Granite Peak Middle", "ms", 680, "199.45.89.2"),
    ("HHS", "Highline High", "hs", 1150, "199.45.89.66"),
    ("ISH", "Iron Springs High", "hs", 980, "199.45.89.130"),
    ("DO", "District Office", "do", 0, "proxy"),
]
CAMPUS = {c[0]: c for c in CAMPUSES}
SCHOOLS = [c[0] for c in CAMPUSES if c[2] != "do"]
DISTRICT_PROXY = ("199.45.88.10", "199.45.88.11")
HHS_STUDENT_WIFI = "199.45.89.70"
IT_PROBE = "10.20.5.21"
IT_SCANNER = "10.20.5.40"
GRADES = {"es": list(range(0, 6)), "ms": [6, 7, 8], "hs": [9, 10, 11, 12]}

WIN_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Safari/537.36"
WIN_EDGE = WIN_CHROME + " Edg/%s"
WIN_FF = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%s.0) Gecko/20100101 Firefox/%s.0"
MAC_SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Safari/605.1.15"
MAC_CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Safari/537.36"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS %s like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Mobile/15E148 Safari/604.1"
ANDROID = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Mobile Safari/537.36"
CROS = "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Safari/537.36"
EDGE_VERS = {"132": "132.0.2957.127", "131": "131.0.2903.112", "133": "133.0.3065.59"}


def district_pc_ua(rng):
    """Managed district Windows PCs: mostly the same Chrome build, some Edge."""
    r = rng.random()
    if r < 0.70:
        return WIN_CHROME % "132"
    if r < 0.82:
        return WIN_CHROME % "131"
    v = rng.choice(["132", "131"])
    return WIN_EDGE % (v, EDGE_VERS[v])


def home_ua(rng):
    r = rng.random()
    if r < 0.38:
        return WIN_CHROME % rng.choice(["132", "132", "133", "131"])
    if r < 0.50:
        v = rng.choice(["132", "133"])
        return WIN_EDGE % (v, EDGE_VERS[v])
    if r < 0.62:
        v = rng.choice(["134", "135"])
        return WIN_FF % (v, v)
    if r < 0.86:
        return MAC_SAFARI % rng.choice(["18.2", "18.3", "17.6"])
    return MAC_CHROME % rng.choice(["132", "133"])


def phone_ua(rng):
    if rng.random() < 0.68:
        ios = rng.choice([("18_2_1", "18.2"), ("18_3", "18.3"), ("17_7_2", "17.7"), ("18_1_1", "18.1")])
        return IPHONE % ios
    return ANDROID % rng.choice(["132", "133"])


# Colorado residential ISPs (synthetic prefixes): name, first two octets choices
HOME_ISPS = [
    ("Comcast", ["73.14", "73.78", "73.95", "73.169", "73.203", "67.164", "67.174", "98.245", "24.9", "71.237"]),
    ("CenturyLink", ["75.166", "71.33", "174.16", "97.118", "63.227", "184.96", "65.101"]),
    ("Lumen Fiber", ["75.71", "97.122"]),
    ("Rise Broadband", ["65.100", "216.186"]),
    ("Spectrum", ["24.56", "70.123"]),
    ("Allo", ["104.207"]),
]
CARRIERS = [("T-Mobile", ["172.58", "172.56", "172.59"]), ("Verizon", ["174.205", "174.215", "174.241"]),
            ("AT&T", ["166.205", "107.77"])]


def addr(rng, prefixes):
    p = rng.choice(prefixes)
    return "%s.%d.%d" % (p, rng.randint(0, 255), rng.randint(2, 254))


def home_ip(rng):
    isp = HOME_ISPS[0] if rng.random() < 0.55 else rng.choice(HOME_ISPS)
    return addr(rng, isp[1])


def carrier_ip(rng):
    return addr(rng, rng.choice(CARRIERS)[1])


SURNAMES = """garcia martinez smith johnson brown williams jones miller davis rodriguez lopez hernandez
gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark
ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson
baker hall rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards
collins reyes stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed
kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes
price alvarez castillo sanders patel myers long ross foster jimenez trujillo vigil archuleta maestas
romero baca valdez montoya lucero gallegos sandoval martinez duran medina salazar espinoza olguin quintana
schmidt larson olson hansen lindstrom yazzie begay whitehorse fischer weber novak kowalski""".split()
FIRSTS = """olivia emma ava sophia isabella mia amelia harper evelyn abigail emily ella elizabeth camila luna
sofia avery mila aria scarlett penelope layla chloe victoria madison eleanor grace nora riley zoey hannah
liam noah oliver elijah william james benjamin lucas henry alexander mason michael ethan daniel jacob logan
jackson levi sebastian mateo jack owen theodore aiden samuel joseph john david wyatt matthew luke asher
carter julian grayson leo jayden gabriel isaac lincoln anthony hudson dylan ezra thomas charles christopher
jaxon maverick josiah isaiah andrew elias joshua nathan caleb ryan adrian miles eli nolan christian aaron
cameron ezekiel colton luca landon hunter jonathan santiago axel easton cooper jeremiah angel roman
maria jose juan carlos luis ana rosa diego valeria ximena""".split()
STAFF_FIRSTS = """jennifer lisa karen michelle amy angela melissa stephanie rebecca laura heather nicole
kimberly elizabeth mary patricia linda susan sarah jessica rachel amanda christina julie megan erin
kristen andrea monica veronica rosa teresa yolanda guadalupe carmen diana brenda tracy dawn kelly
robert john michael david james william richard thomas mark steven paul brian kevin jason jeff eric
daniel matthew chris scott greg tim ryan adam josh ben luis carlos miguel jose manuel ramon arturo""".split()


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


class Pupil:
    __slots__ = ("ssid", "first", "last", "campus", "grade", "sped", "ell")

    def __init__(self, ssid, first, last, campus, grade, sped, ell):
        self.ssid, self.first, self.last = ssid, first, last
        self.campus, self.grade, self.sped, self.ell = campus, grade, sped, ell


class Staff:
    """A staff member: directory entry plus the devices and habits the simulation uses."""

    def __init__(self, **kw):
        self.sections = []
        self.behaviour = None
        self.__dict__.update(kw)

    @property
    def net(self):
        return CAMPUS[self.campus][4]


def local_epoch_ms(day, hour=0.0):
    """Epoch milliseconds of `hour` (float, local wall clock) on window day `day` (0-based)."""
    d = datetime.date(*START) + datetime.timedelta(days=day)
    h = int(hour)
    m = (hour - h) * 60
    naive = datetime.datetime(d.year, d.month, d.day) + datetime.timedelta(hours=h, minutes=m)
    dt = naive.replace(tzinfo=zoneinfo.ZoneInfo(TZ))
    return int(round(dt.timestamp() * 1000))


def weekday(day):
    return (datetime.date(*START) + datetime.timedelta(days=day)).weekday()


def is_school_day(day):
    return weekday(day) < 5


def iso_date(day):
    return (datetime.date(*START) + datetime.timedelta(days=day)).isoformat()
