"""The made-up district: schools, pupils, staff, networks and user agents (stdlib only, seeded)."""
import random
from datetime import datetime, timedelta, timezone

DOMAIN = "saukbend214.org"
HOST = "lodestar.saukbend214.org"
ORIGIN = "https://" + HOST
TZNAME = "America/Chicago"
OFFSET_H = -6                      # January: CST, no DST change before March
START = (2027, 1, 14)              # Thursday; report cards go home Friday 15 Jan
VER = "7.4.12"
SERVERS = ("lodestar-web1", "lodestar-web2")
T0 = datetime(*START, tzinfo=timezone(timedelta(hours=OFFSET_H))).timestamp()

SCHOOLS = [  # building code, name, level, pupils
    ("110", "Alder Grove Elementary", "E", 390), ("120", "Birchwood Elementary", "E", 342),
    ("130", "Cedar Ridge Elementary", "E", 415), ("140", "Dunmore Elementary", "E", 301),
    ("150", "Elm Hollow Elementary", "E", 368), ("160", "Foxfield Elementary", "E", 436),
    ("170", "Glenmary Elementary", "E", 287), ("180", "Heron Lake Elementary", "E", 355),
    ("190", "Ironwood Elementary", "E", 402),
    ("310", "Kettle Creek Middle School", "M", 712), ("320", "Lockport Road Middle School", "M", 655),
    ("330", "Marrow Valley Middle School", "M", 598),
    ("510", "Sauk Bend High School", "H", 1388), ("520", "North Prairie High School", "H", 1214),
]
DO = "900"  # district office (Wabash Street)
LEVEL = {c: lv for c, _, lv, _ in SCHOOLS}
LEVEL[DO] = "D"
GRADES = {"E": ["K", "1", "2", "3", "4", "5"], "M": ["6", "7", "8"], "H": ["9", "10", "11", "12"]}

# --- networks --------------------------------------------------------------------------------
PROXY_EGRESS = ("64.129.48.20", "64.129.48.21")   # district Lightspeed filter, explicit proxy, adds XFF
DO_FIREWALL = "64.129.48.5"                        # servers in the district office (no proxy)
ELEM_NAT = {c: "66.186.214.%d" % (31 + i) for i, (c, _, lv, _) in enumerate(SCHOOLS) if lv == "E"}
RESIDENTIAL = ["73.44", "73.50", "73.209", "98.212", "98.226", "24.13", "24.15", "67.167", "71.201",
               "76.229", "99.109", "108.71", "107.203", "69.243"]
CARRIER = ["172.58", "172.56", "172.59", "174.215", "174.193", "97.140", "166.199"]
VPN_EXITS = ["89.187.164", "89.187.171", "185.156.46", "193.27.12", "212.102.44", "138.199.52",
             "149.88.22", "146.70.116", "45.134.212", "37.19.221"]
HOTEL = ["24.72", "97.104", "50.88"]          # Orlando area ISPs (conference)
PINGDOM = ["185.180.12.65", "185.180.12.66", "5.172.196.188", "23.22.2.46", "72.46.140.106",
           "72.46.140.186", "43.225.198.122", "94.75.211.73", "174.34.156.130", "178.255.153.2",
           "185.93.3.92", "76.72.172.208"]
GOOGLEBOT = ["66.249.66.%d" % i for i in (1, 3, 12, 34, 70, 161)] + ["66.249.72.%d" % i for i in (8, 97)]
BINGBOT = ["157.55.39.%d" % i for i in (9, 14, 205)] + ["207.46.13.%d" % i for i in (31, 110)] + ["40.77.167.60"]
PROOFPOINT = ["148.163.150.%d" % i for i in (21, 22, 37)] + ["148.163.158.44"]
SCHOOLOGY = ["54.208.112.17", "34.231.96.204", "3.224.41.178"]

LB_NODES = ("10.60.0.5", "10.60.0.6")


def at(day, hours):
    """Epoch seconds for local day index + decimal hours."""
    return T0 + day * 86400 + hours * 3600.0


def weekday(day):
    return (3 + day) % 7   # day 0 = Thursday; Mon = 0


def is_school_day(day):
    return weekday(day) < 5


def internal_net(code):
    return "10.%d" % (int(code) // 10)


def egress_for(internal):
    a = [int(x) for x in internal.split(".")]
    return PROXY_EGRESS[(a[2] * 7 + a[3]) % 2]


def chain_for(internal):
    return (internal, egress_for(internal))


class Addresses:
    def __init__(self, rng):
        self.rng = rng
        self.used = set()

    def pick(self, prefix):
        parts = prefix.split(".")
        while True:
            tail = [str(self.rng.randint(2, 254)) for _ in range(4 - len(parts))]
            ip = ".".join(parts + tail)
            if ip not in self.used:
                self.used.add(ip)
                return ip

    def any(self, prefixes):
        return self.pick(self.rng.choice(prefixes))


# --- user agents -----------------------------------------------------------------------------
def chrome_win(v, edge=False, w11=False):
    ua = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % v
    return ua + (" Edg/%d.0.0.0" % v if edge else "")


def chrome_mac(v):
    return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36" % v


def safari_mac(v):
    return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%s Safari/605.1.15" % v


def firefox_win(v):
    return "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (v, v)


def firefox_linux(v):
    return "Mozilla/5.0 (X11; Linux x86_64; rv:%d.0) Gecko/20100101 Firefox/%d.0" % (v, v)


def iphone(v):
    return ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/%s Mobile/15E148 Safari/604.1" % v)


def android(v, model="K"):
    return ("Mozilla/5.0 (Linux; Android 10; %s) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 "
            "Mobile Safari/537.36" % (model, v))


def desktop_ua(rng):
    r = rng.random()
    v = rng.choice([155, 156, 156, 157, 157, 157])
    if r < 0.62:
        return chrome_win(v)
    if r < 0.86:
        return chrome_win(v, edge=True)
    if r < 0.92:
        return firefox_win(rng.choice([159, 160]))
    if r < 0.97:
        return chrome_mac(v)
    return safari_mac(rng.choice(["26.2", "27.1"]))


def home_ua(rng):
    r = rng.random()
    if r < 0.35:
        return safari_mac(rng.choice(["26.2", "27.1", "27.2"]))
    if r < 0.75:
        return chrome_win(rng.choice([154, 156, 157]))
    if r < 0.9:
        return chrome_mac(rng.choice([156, 157]))
    return firefox_win(rng.choice([158, 160]))


def phone_ua(rng):
    if rng.random() < 0.6:
        return iphone(rng.choice(["26.1", "27.1", "27.2"]))
    return android(rng.choice([155, 156, 157]))


# --- names -----------------------------------------------------------------------------------
FIRST = ("Mary Linda Susan Karen Lisa Nancy Donna Carol Sandra Michelle Laura Amy Angela Melissa Rebecca Kelly "
         "Heather Amanda Stephanie Jessica Sarah Megan Emily Rachel Katie Nicole Erin Andrea Julie Kristen "
         "Monica Veronica Rosa Alicia Dana Tracy Wendy Paula Joan Beth Gina Holly Tara Jill Colleen Bridget "
         "James John Robert Michael David William Richard Thomas Daniel Mark Steven Paul Kevin Brian Jason "
         "Jeffrey Scott Eric Gregory Patrick Timothy Matthew Ryan Adam Nathan Luis Carlos Miguel Derek Troy "
         "Dale Wayne Glenn Curtis Marcus Andre Darnell").split()
LAST = ("Kowalski Nowak Wisniewski Zielinski Dombrowski Mazur Krawczyk Sobczak Jankowski Wojcik Schmidt "
        "Mueller Schneider Becker Hoffmann Wagner Krueger Hartmann Brandt Vogel Lange Richter Klein Weber "
        "Murphy Kelly Sullivan Walsh OBrien Byrne Ryan Gallagher Doyle Lynch Brennan Quinn Fitzgerald "
        "Garcia Martinez Hernandez Lopez Gonzalez Ramirez Torres Flores Rivera Gutierrez Morales Ortiz "
        "Castillo Mendoza Ruiz Alvarez Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor "
        "Thomas Moore Jackson Martin Thompson White Harris Clark Lewis Robinson Walker Young Allen King "
        "Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner "
        "Parker Collins Edwards Stewart Morris Murray Cook Rogers Peterson Olson Larson Nielsen Hansen "
        "Lindquist Carlson Swanson Johansen Berg Novak Horvat Kovac Petrov Jablonski Lewandowski Kaminski "
        "Kozlowski Wozniak Pawlak Michalski Adamczyk Dudek Zajac Wieczorek Kaczmarek Grabowski Sikora "
        "Nguyen Tran Patel Shah Kim Park Chen Wong Okafor Mensah Diallo Abdi Hassan Haddad Rossi Romano "
        "Esposito Bianchi Costa Ricci Marino Greco Bruno Gallo").split()
PUPIL_Q = ["ma", "jo", "sm", "gar", "nguy", "kow", "wil", "and", "tho", "mar", "her", "lop", "ander", "bro",
           "dav", "mil", "tay", "mo", "lee", "kim", "pat", "ric", "sch", "hof", "wal", "rob", "cla", "lew",
           "ya", "ha", "ch", "be", "ro", "sa", "de", "al", "fl", "or", "pe", "ca"]
