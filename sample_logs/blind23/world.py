"""blind23 world: Keystone Records' districts, networks, devices (user agents), pupils and staff. All made up."""
import datetime as dt
import random
from zoneinfo import ZoneInfo

TZ_NAME = "America/Chicago"
TZ = ZoneInfo(TZ_NAME)
START = dt.datetime(2026, 11, 17, 0, 0, tzinfo=TZ)          # a Tuesday (school day)
HOST = "keystone.ed.example.gov"
BASE = "https://" + HOST
IDP = "https://idp.ed.example.gov"
STATE_DOMAIN = "ed.example.gov"
DAY = 86400.0

# code, name, pupils, staff weight, NAT, auth, schools
DISTRICTS = [
    ("WSF", "Westfield", 26000, 0.26, "216.81.94.10", "saml", 36),
    ("RVB", "Riverbend", 9800, 0.10, "50.200.18.66", "saml", 14),
    ("MLB", "Millbrook", 7200, 0.09, "64.119.33.2", "saml", 11),
    ("STB", "Stonebridge", 6100, 0.08, "207.191.4.130", "saml", 9),
    ("PRH", "Prairie Hills", 5400, 0.08, "68.71.140.9", "saml", 8),
    ("OSV", "Osage Valley", 4200, 0.07, "66.170.28.44", "saml", 7),
    ("RDO", "Red Oak", 3100, 0.06, "198.51.23.77", "form", 6),
    ("TLG", "Tallgrass", 2600, 0.05, "74.117.52.6", "form", 5),
    ("CLW", "Clearwater", 2200, 0.05, "96.31.201.18", "form", 5),
    ("LNE", "Lone Elm", 1800, 0.04, "63.150.97.3", "form", 4),
    ("NFK", "North Fork", 1500, 0.04, "209.33.176.21", "form", 4),
]
DCODES = [d[0] for d in DISTRICTS]
DINFO = {d[0]: d for d in DISTRICTS}
STATE_NAT = "164.119.20.35"          # Department of Education, Capitol office
STATE_DC = "10.50.12.31"             # state data centre (internal route to the VIP)
RVB_PROXY_NET = "10.72."             # Riverbend's web filter adds X-Forwarded-For


def domain(code):
    return "%s.k12.example.us" % DINFO[code][1].lower().replace(" ", "")


SCHOOL_BASES = ["Lincoln", "Jefferson", "Washington", "Roosevelt", "Prairie View", "Oak Grove", "Cedar Ridge",
                "Maple Park", "Hillside", "Meadowlark", "Pioneer", "Willow Creek", "Eastview", "Northside",
                "Sunset", "Franklin", "Hoover", "Garfield", "Riverside", "Kennedy", "Walnut Hill", "Fairview"]
FIRST = ["james", "mary", "john", "patricia", "robert", "jennifer", "michael", "linda", "david", "elizabeth",
         "william", "barbara", "richard", "susan", "joseph", "jessica", "thomas", "sarah", "chris", "karen",
         "daniel", "lisa", "matthew", "nancy", "anthony", "betty", "mark", "sandra", "donald", "ashley", "steven",
         "kim", "paul", "emily", "andrew", "donna", "joshua", "michelle", "kevin", "carol", "brian", "amanda",
         "george", "melissa", "tim", "deborah", "jason", "stephanie", "ryan", "rebecca", "jacob", "laura",
         "gary", "sharon", "nick", "cynthia", "eric", "kathleen", "jon", "amy", "scott", "angela", "brandon",
         "anna", "ben", "brenda", "sam", "pamela", "greg", "nicole", "alex", "emma", "frank", "ruth", "raymond",
         "katherine", "jack", "julie", "dennis", "heather", "jerry", "teresa", "tyler", "gloria", "aaron", "megan"]
LAST = ["smith", "johnson", "williams", "brown", "jones", "miller", "davis", "garcia", "rodriguez", "wilson",
        "martinez", "anderson", "taylor", "thomas", "hernandez", "moore", "martin", "jackson", "thompson",
        "white", "lopez", "lee", "gonzalez", "harris", "clark", "lewis", "robinson", "walker", "perez", "hall",
        "young", "allen", "sanchez", "wright", "king", "scott", "green", "baker", "adams", "nelson", "hill",
        "ramirez", "campbell", "mitchell", "roberts", "carter", "phillips", "evans", "turner", "torres",
        "parker", "collins", "edwards", "stewart", "flores", "morris", "nguyen", "murphy", "rivera", "cook",
        "rogers", "morgan", "peterson", "cooper", "reed", "bailey", "bell", "gomez", "kelly", "howard", "ward",
        "cox", "diaz", "richardson", "wood", "watson", "brooks", "bennett", "gray", "james", "reyes", "cruz",
        "hughes", "price", "myers", "long", "foster", "sanders", "ross", "morales", "powell", "sullivan",
        "russell", "ortiz", "jensen", "olson", "larson", "schmidt", "hansen", "meyer", "schultz", "kruger",
        "o'brien", "o'neil", "mcdonald", "vang", "xiong", "her", "abdi", "hassan", "yoder", "schrock"]

# --- networks -------------------------------------------------------------------------------------------
HOME_NETS = ["173.19", "173.20", "173.28", "97.87", "75.160", "75.161", "75.166", "184.96", "71.208", "24.183",
             "66.190", "70.93", "76.185", "50.47", "208.54", "69.29", "162.39", "98.214", "67.52"]
CARRIER_NETS = ["172.56", "172.58", "172.59", "172.57", "174.205", "174.221", "174.240", "97.139", "166.205",
                "107.115", "166.170"]
BUSINESS_NETS = ["50.237", "173.166", "208.107", "74.94"]
CLOUD = {"aws": ["3.128", "3.131", "3.134", "18.116", "18.191", "3.19"], "azure": ["20.98", "20.118", "52.165"],
         "digitalocean": ["138.197", "159.203", "167.99", "64.225"], "vultr": ["45.76", "45.63", "149.28"],
         "linode": ["172.104", "45.79", "23.239"], "ovh": ["51.79", "158.69", "144.217"]}
CLOUD_GEO = {"ovh": "CA"}


def addr(rng, nets):
    return "%s.%d.%d" % (rng.choice(nets), rng.randint(0, 255), rng.randint(2, 254))


def geo_of(ip):
    return "N/A" if ip.startswith("10.") else GEO.get(ip, "US")


GEO = {}                                  # non-US addresses register their country here


# --- devices ------------------------------------------------------------------------------------------
class Prof:
    """One client software: its engine (header set), user agent and client hints."""
    __slots__ = ("engine", "ua", "ch", "platform", "mobile", "ext")

    def __init__(self, engine, ua, ch=None, platform=None, mobile=False, ext=None):
        self.engine, self.ua, self.ch, self.platform, self.mobile, self.ext = engine, ua, ch, platform, mobile, ext


def _ch(brand, v):
    if brand == "Google Chrome":
        return '"Google Chrome";v="%d", "Not.A/Brand";v="8", "Chromium";v="%d"' % (v, v)
    if brand == "Microsoft Edge":
        return '"Microsoft Edge";v="%d", "Not.A/Brand";v="8", "Chromium";v="%d"' % (v, v)
    return '"Chromium";v="%d", "Not.A/Brand";v="8", "%s";v="%d"' % (v, brand, v)


def device(family, v=147):
    """A browser profile of a family ('chrome_win', 'edge_win', 'chrome_mac', 'chromeos', 'firefox_win',
    'safari_mac', 'iphone', 'android', 'headless')."""
    wk = "AppleWebKit/537.36 (KHTML, like Gecko)"
    if family == "chrome_win":
        return Prof("chromium", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) %s Chrome/%d.0.0.0 Safari/537.36" % (wk, v),
                    _ch("Google Chrome", v), "Windows")
    if family == "edge_win":
        return Prof("chromium", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) %s Chrome/%d.0.0.0 Safari/537.36 Edg/%d.0.0.0"
                    % (wk, v, v), _ch("Microsoft Edge", v), "Windows")
    if family == "chrome_mac":
        return Prof("chromium", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) %s Chrome/%d.0.0.0 Safari/537.36"
                    % (wk, v), _ch("Google Chrome", v), "macOS")
    if family == "chromeos":
        return Prof("chromium", "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) %s Chrome/%d.0.0.0 Safari/537.36" % (wk, v),
                    _ch("Google Chrome", v), "Chrome OS")
    if family == "headless":
        return Prof("chromium", "Mozilla/5.0 (X11; Linux x86_64) %s HeadlessChrome/%d.0.0.0 Safari/537.36" % (wk, v),
                    _ch("HeadlessChrome", v), "Linux")
    if family == "android":
        return Prof("chromium", "Mozilla/5.0 (Linux; Android 10; K) %s Chrome/%d.0.0.0 Mobile Safari/537.36" % (wk, v),
                    _ch("Google Chrome", v), "Android", True)
    if family == "firefox_win":
        fv = v - 2
        return Prof("firefox", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (fv, fv))
    if family == "safari_mac":
        return Prof("safari", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    "Version/26.1 Safari/605.1.15")
    if family == "iphone":
        return Prof("safari", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
                    "Gecko) Version/26.1 Mobile/15E148 Safari/604.1", mobile=True)
    raise ValueError(family)


LAPTOP_MIX = [("chrome_win", 40), ("edge_win", 22), ("chromeos", 12), ("chrome_mac", 8), ("safari_mac", 5),
              ("firefox_win", 13)]


def pick(rng, mix):
    tot = sum(w for _, w in mix)
    x = rng.random() * tot
    for v, w in mix:
        x -= w
        if x < 0:
            return v
    return mix[-1][0]


def laptop(rng):
    return device(pick(rng, LAPTOP_MIX), 147 if rng.random() < 0.8 else 146)


def phone(rng):
    return device("iphone") if rng.random() < 0.64 else device("android", 147 if rng.random() < 0.7 else 146)


# --- pupils -------------------------------------------------------------------------------------------
def luhn_digit(s):
    tot = 0
    for i, ch in enumerate(reversed(s)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        tot += d
    return str((10 - tot % 10) % 10)


class Pupils:
    """Per district: SSIDs (9 digits, Luhn check digit), surname, school, grade, SPED/EL flags."""

    def __init__(self, seed):
        rng = random.Random("blind23:%d:pupils" % seed)
        seen = set()
        self.by = {}
        for code, _n, n, *_rest in DISTRICTS:
            nsch = DINFO[code][6]
            rows = []
            for _ in range(n):
                while True:
                    body = str(rng.randint(1, 8)) + "%07d" % rng.randint(0, 9999999)
                    s = body + luhn_digit(body)
                    if s not in seen:
                        seen.add(s)
                        break
                g = rng.randint(0, 12)
                sped = rng.random() < 0.14
                docs = ["IEP-%d-%06d" % (rng.choice((2025, 2026)), rng.randint(0, 999999))
                        for _ in range(rng.randint(1, 3))] if sped else []
                rows.append((s, rng.choice(LAST), min(nsch - 1, int(g / 13 * nsch + rng.random() * 2)), g, docs,
                             rng.random() < 0.09))
            rows.sort(key=lambda r: (r[2], r[3], r[1]))             # roster order: school, grade, surname
            self.by[code] = rows

        self._schools = {}

    def all_rows(self):
        return [r for c in DCODES for r in self.by[c]]

    def school(self, code, idx):
        """Rows of one school (the district list is sorted by school first)."""
        key = (code, idx)
        if key not in self._schools:
            self._schools[key] = [r for r in self.by[code] if r[2] == idx] or self.by[code][:40]
        return self._schools[key]


def school_code(code, idx):
    return "%02d%02d" % (DCODES.index(code) + 10, idx + 1)


def school_name(code, idx):
    base = SCHOOL_BASES[(idx * 7 + DCODES.index(code) * 3) % len(SCHOOL_BASES)]
    n = DINFO[code][6]
    kind = "Elementary" if idx < n * 0.55 else ("Middle School" if idx < n * 0.8 else "High School")
    return "%s %s" % (base, kind)
