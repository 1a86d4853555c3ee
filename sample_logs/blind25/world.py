"""The made-up world: site constants, districts and schools, networks, user agents, pupils, staff."""
import datetime as _dt
import zlib as _zlib

HOST = "trailmark.sde.az.example"
BASE = "https://" + HOST
IDP = "https://login.edlogin.az.example/"
TZ = "America/Phoenix"
UTC_OFFSET = -7 * 3600
START_DATE = _dt.date(2026, 11, 16)            # a Monday
START = int(_dt.datetime(2026, 11, 16, tzinfo=_dt.timezone(_dt.timedelta(hours=-7))).timestamp())
HOLIDAYS = {_dt.date(2026, 11, 26), _dt.date(2026, 11, 27)}   # Thanksgiving break
APP_VER = "6.4.2"

# code, name, district, level, pupils, egress NAT
SCHOOLS = [
    ("PVE", "Palo Verde Elementary", "SVUSD", "es", 620, "199.48.212.10"),
    ("IWE", "Ironwood Elementary", "SVUSD", "es", 540, "199.48.212.10"),
    ("DWE", "Desert Willow Elementary", "SVUSD", "es", 580, "199.48.212.10"),
    ("MQE", "Mesquite Elementary", "SVUSD", "es", 500, "199.48.212.10"),
    ("SMS", "Sonoran Middle School", "SVUSD", "ms", 900, "199.48.212.21"),
    ("AMS", "Agave Middle School", "SVUSD", "ms", 860, "199.48.212.22"),
    ("SVH", "Saguaro Valley High School", "SVUSD", "hs", 1750, "199.48.212.23"),
    ("RMH", "Red Mountain High School", "SVUSD", "hs", 1600, "199.48.212.24"),
    ("CRE", "Copper Ridge Elementary", "CRESD", "es", 480, "67.40.118.5"),
    ("JPE", "Juniper Elementary", "CRESD", "es", 430, "67.40.118.5"),
    ("CRM", "Copper Ridge Middle School", "CRESD", "ms", 610, "67.40.118.5"),
]
OFFICES = {"SVDO": ("SVUSD", "199.48.212.10"), "CRDO": ("CRESD", "67.40.118.5"), "SDE": ("SDE", "159.87.30.14")}
DISTRICT_NUM = {"SVUSD": "31", "CRESD": "47"}
DOMAIN = {"SVUSD": "svusd.k12.az.example", "CRESD": "CRESD", "SDE": "sde.az.example"}
SVUSD_NAT = "199.48.212.10"
IT_SERVER = "199.48.212.40"
STUDENT_NET = {"RMH": "199.48.215.", "SVH": "199.48.214."}

HOME = {"phoenix": ["68.2.", "68.3.", "70.176.", "70.190.", "72.200.", "98.165.", "98.167.", "184.183.", "184.96.", "97.123."],
        "prescott": ["24.120.", "24.121.", "71.37.", "75.171."],
        "tucson": ["68.108.", "68.109.", "70.162.", "72.208."]}
CARRIER = ["172.56.", "172.58.", "172.59.", "174.205.", "174.210.", "97.145.", "107.77.", "166.199."]
CLOUD = {"gcp_us_west1": ["34.82.", "35.197.", "34.105."], "aws_us_east_1": ["3.83.", "54.164.", "44.201."],
         "azure_westus2": ["20.106.", "52.191.", "20.69."], "aws_us_west_2": ["44.230.", "52.12.", "35.88."],
         "ovh_singapore": ["139.99.", "51.79."], "hetzner_helsinki": ["65.21.", "95.216."], "m247_bucharest": ["89.46.", "185.45."]}
RESIDENTIAL_US = ["73.", "24.", "98.", "76.", "71.", "67.", "99.", "108.", "174.", "50.", "68.", "69.", "75.", "72.", "47.", "104."]

CH = "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36"
WIN = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "


def ua_chrome_win(v): return WIN + CH % v
def ua_edge_win(v): return WIN + CH % v + " Edg/%d.0.0.0" % v
def ua_chrome_mac(v): return MAC + CH % v
def ua_cros(v): return "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) " + CH % v
def ua_firefox_win(v): return "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (v, v)
def ua_safari_mac(v): return MAC + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Safari/605.1.15" % v
def ua_iphone(v): return ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                         "Version/%s Mobile/15E148 Safari/604.1" % v)
def ua_android(v): return "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Mobile Safari/537.36" % v
def ua_ipad(v): return MAC + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Safari/605.1.15" % v


APP_IOS = "TrailMark/5.3.0 (gov.az.sde.trailmark; build:5301; iOS 27.1.0) Alamofire/5.10.2"
APP_ANDROID = "TrailMark/5.3.0 (Android 16; %s) okhttp/4.12.0"
ANDROID_MODELS = ["SM-S931U", "Pixel 9", "SM-A166U", "moto g 5G - 2025", "Pixel 8a"]


def desktop_ua(rng, kind=None):
    """A school or home computer's browser."""
    v = rng.choice((152, 152, 152, 151, 153))
    kind = kind or rng.choices(("cw", "ew", "cros", "cm", "sm", "fw"), (52, 22, 10, 6, 6, 4))[0]
    return {"cw": ua_chrome_win, "ew": ua_edge_win, "cros": ua_cros, "cm": ua_chrome_mac,
            "sm": lambda _v: ua_safari_mac(rng.choice(("27.1", "27.0.1", "26.4"))),
            "fw": lambda _v: ua_firefox_win(rng.choice((157, 157, 140)))}[kind](v)


def phone_ua(rng):
    if rng.random() < 0.62:
        return ua_iphone(rng.choice(("27.1", "27.1", "27.0.1", "26.4")))
    return ua_android(rng.choice((152, 152, 151)))


CRESD_NAT = "67.40.118.5"


def via_filter(ip, key):
    """CRESD's web filter (an explicit proxy) adds the device's internal address: `10.47.x.y, 67.40.118.5`."""
    if ip != CRESD_NAT:
        return ip
    h = _zlib.crc32(key.encode())
    return "10.47.%d.%d, %s" % (h % 40 + 10, (h >> 8) % 250 + 2, ip)


def ip_in(rng, prefixes):
    p = rng.choice(prefixes)
    n = 4 - p.count(".")
    return p + ".".join(str(rng.randint(1, 254)) for _ in range(n))


FIRST = ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph "
         "Jessica Thomas Sarah Carlos Karen Daniel Lisa Matthew Nancy Anthony Betty Mark Sandra Donald Ashley Steven "
         "Kimberly Andrew Emily Joshua Donna Kevin Michelle Brian Carol George Amanda Timothy Melissa Ronald Deborah "
         "Jason Stephanie Luis Rebecca Jose Sharon Juan Laura Miguel Cynthia Eric Dorothy Adrian Amy Raul Angela Tyler "
         "Veronica Diego Rosa Ana Hector Lorena Ramon Yolanda Wyatt Naomi Dakota Shonto Leilani Grace Priya").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
        "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis "
        "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera "
        "Campbell Mitchell Carter Roberts Begay Yazzie Tsosie Benally Chavez Ortiz Gutierrez Morales Reyes Castillo "
        "Romero Vasquez Mendoza Ruiz Acosta Salazar Delgado Aguilar Espinoza Fuentes Becker Olsen Kowalski Patel Kim").split()


def luhn_digit(digits):
    tot = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        tot += d
    return str((10 - tot % 10) % 10)


def make_sid(district, serial):
    body = DISTRICT_NUM[district] + "%06d" % serial
    return body + luhn_digit(body)


def mistype(rng, sid):
    """A sid with two digits swapped or one changed (fails the check digit or does not exist)."""
    s = list(sid)
    i = rng.randrange(2, len(s) - 1)
    s[i] = str((int(s[i]) + rng.randint(1, 9)) % 10)
    return "".join(s)


def local(day, hour):
    """Epoch seconds of local `hour` (float hours) on window day `day` (0-based)."""
    return START + day * 86400 + hour * 3600.0


def day_date(day):
    return START_DATE + _dt.timedelta(days=day)


def is_school_day(day):
    d = day_date(day)
    return d.weekday() < 5 and d not in HOLIDAYS
