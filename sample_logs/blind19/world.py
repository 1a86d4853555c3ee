"""Static world of blind19: KSEDS PrairieRecords portal, districts, networks, UAs."""
import hashlib
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

HOST = "records.kseds.org"
TZ = "America/Chicago"
START = datetime(2026, 11, 17)  # Tuesday, school week before Thanksgiving break
CHI = ZoneInfo("America/Chicago")
DEN = ZoneInfo("America/Denver")

HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"
PROB = "application/problem+json; charset=utf-8"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT = "text/plain; charset=utf-8"
XML = "application/xml; charset=utf-8"

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
EDGE = CHROME + " Edg/{v}.0.0.0"
MAC_CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
CROS = "Mozilla/5.0 (X11; CrOS x86_64 16463.{b}.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"
SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.{m} Safari/605.1.15"
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 26_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.{m} Mobile/15E148 Safari/604.1"
IPAD = "Mozilla/5.0 (iPad; CPU OS 26_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.{m} Mobile/15E148 Safari/604.1"
ANDROID = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36"
HEADLESS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/{v}.0.0.0 Safari/537.36"


def desktop_ua(rng):
    r = rng.random()
    v = rng.choice((149, 150, 150, 150, 151))
    if r < 0.40:
        return CHROME.format(v=v)
    if r < 0.68:
        return EDGE.format(v=v)
    if r < 0.80:
        return CROS.format(v=v, b=rng.choice((44, 57, 61)))
    if r < 0.87:
        return MAC_CHROME.format(v=v)
    if r < 0.93:
        return SAFARI.format(m=rng.choice((0, 1)))
    return FIREFOX.format(v=rng.choice((150, 151)))


def phone_ua(rng):
    if rng.random() < 0.6:
        return IPHONE.format(m=rng.choice((0, 1, 1)))
    return ANDROID.format(v=rng.choice((149, 150)))


FIRST = ("Amy Brent Carla Dale Erin Faye Glen Holly Ivan Jana Kurt Lena Marc Nora Owen Paige Quinn Rita Seth Tara "
         "Uma Vance Wendy Alan Beth Cody Dana Eli Gwen Hank Iris Joel Kara Luke Mindy Noel Opal Reid Shawna Troy "
         "Vera Wade Abby Blake Cora Dean Ella Floyd Gina Heath Jill Kent Lori Myles Nita Perry Rhonda Shane Tina "
         "Wyatt Allie Brock Cheryl Darin Emmy Garth Heidi Jace Kristi Logan Marla Neil Patti Rusty Sonja Trent").split()
LAST = ("Albers Baird Conley Dreiling Eck Fager Giebler Harkness Isom Janzen Klassen Lueker Meis Nusz Ochs Pfannenstiel "
        "Quint Ruder Schmidtberger Tholen Unruh Voth Wedel Yoder Zerr Brungardt Carlin Dinkel Engel Flax Gottschalk "
        "Hadley Jacobs Kohlman Leiker Mayhew Neuburger Oborny Peintner Riedel Sauer Tuttle Urban Vajnar Walz Bieker "
        "Cordes Dechant Egging Frank Goetz Hemphill Kuhn Lang Munsch Nickel Pabst Rome Staab Toll Wasinger Ziegler").split()

DISTRICT_NAMES = (
    "Cimarron Valley", "Smoky Hill", "Prairie Ridge", "Walnut Creek", "Pawnee Heights", "Solomon Valley",
    "Chikaskia", "Flint Hills", "Medicine Lodge", "Little River", "Saline Bend", "Kaw Valley", "Neosho Falls",
    "Arkalon", "Rolling Plains", "Big Bend", "Rattlesnake Creek", "Sappa Creek", "Blue Stem", "Cottonwood",
    "Ninnescah", "Verdigris", "Mill Creek", "Republican Valley", "Buffalo Trace", "Spring River", "Elk Valley",
    "Wakarusa", "Fall River", "Bluff City", "Sand Hills", "Chalk Bluffs", "Wildcat Creek", "Stranger Creek",
    "Marais des Cygnes", "Lyon Creek", "Timber Hill", "Twin Lakes", "Goodland Plains", "High Plains")
WEST = {"Sappa Creek", "Goodland Plains", "High Plains", "Chalk Bluffs", "Sand Hills"}  # America/Denver

# provider prefixes (made-up but plausible allocations)
HOME_ISP = ("68.97", "70.179", "72.204", "98.185", "24.124", "97.121", "99.110", "75.130", "66.87", "24.220",
            "63.245", "65.28", "104.173", "173.19")
CARRIER4 = ("172.56", "172.58", "174.205", "174.229", "107.77", "166.205", "100.38")
CARRIER6 = ("2607:fb90", "2600:1010", "2600:387", "2600:380")
RESI_PROXY = ("73.12", "98.33", "76.104", "71.59", "47.186", "108.51", "174.62", "24.16", "67.167", "50.88",
              "69.141", "96.41", "184.91", "99.47")
STATE_OFFICE = ["165.201.12.34", "165.201.12.35"]
STATE_VPN = ["165.201.40.10", "165.201.40.11", "165.201.40.12", "165.201.40.13"]


def ip4(rng, prefix):
    parts = prefix.split(".")
    while len(parts) < 4:
        parts.append(str(rng.randint(1, 254)))
    return ".".join(parts)


def ip6(rng, prefix):
    return prefix + ":" + ":".join("%x" % rng.randint(1, 0xffff) for _ in range(6))


def home_ip(rng):
    return ip4(rng, rng.choice(HOME_ISP))


def carrier_ip(rng):
    if rng.random() < 0.35:
        return ip6(rng, rng.choice(CARRIER6))
    return ip4(rng, rng.choice(CARRIER4))


def guid(*parts):
    h = hashlib.md5(":".join(str(p) for p in parts).encode()).hexdigest()
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], "89ab"[int(h[16], 16) % 4], h[17:20], h[20:32])


class District:
    def __init__(self, idx, name, num, rng):
        self.idx, self.name, self.num = idx, name, num
        self.domain = "usd%d.org" % num
        self.label = "%s USD %d" % (name, num)
        self.tz = DEN if name in WEST else CHI
        self.auth = "local" if idx % 7 == 3 else "entra"
        n_sch = rng.choice((1, 2, 2, 3, 3, 4))
        kinds = ["Elementary", "Jr/Sr High", "Middle School", "Early Learning Center"]
        self.schools = []
        for s in range(n_sch):
            nat = "164.113.%d.%d" % (16 + idx * 2 + s // 3, 10 + (s % 3) * 16 + rng.randint(1, 9))
            self.schools.append(("%s %s" % (name, kinds[s]), nat))
        self.office = ("%s District Office" % name, "164.113.%d.%d" % (16 + idx * 2 + 1, 200 + rng.randint(1, 40)))
        self.students = []
        self.sections = []


class World:
    def __init__(self, rng):
        nums = rng.sample(range(201, 499), len(DISTRICT_NAMES))
        self.districts = [District(i, n, nums[i], rng) for i, n in enumerate(DISTRICT_NAMES)]
        sizes = [rng.randint(180, 900) for _ in self.districts]
        total = sum(sizes)
        sid = 4183000000 + rng.randint(0, 400000)
        self.all_ids = []
        self.owner = {}
        pool = [i for i, s in enumerate(sizes) for _ in range(s)]
        rng.shuffle(pool)
        for di in pool:
            sid += rng.choice((1, 1, 1, 2, 3))
            self.all_ids.append(sid)
            self.owner[sid] = di
            self.districts[di].students.append(sid)
        self.n_students = total
        sec = 100000 + rng.randint(0, 5000)
        for d in self.districts:
            d.students.sort()
            for _ in range(max(4, len(d.students) // 22)):
                sec += rng.randint(1, 40)
                d.sections.append((sec, sorted(rng.sample(d.students, rng.randint(12, 26)))))

    def utc(self, local_dt, tz):
        return local_dt.replace(tzinfo=tz).timestamp()

    def day_epoch(self, day, tz, hour=0.0):
        """epoch of local wall clock `hour` on window day `day` in tz."""
        d = START + timedelta(days=day)
        return d.replace(tzinfo=tz).timestamp() + hour * 3600.0


def window(days):
    s = START.replace(tzinfo=CHI).timestamp()
    e = (START + timedelta(days=days)).replace(tzinfo=CHI).timestamp()
    return s, e


def iso_utc(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
