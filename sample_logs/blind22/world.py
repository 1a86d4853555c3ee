"""The made-up world of blind22: Harlow County Public Schools and its "Beacon SIS".

Calendar, campuses, network addresses, user agents, names, pupils (7-digit local IDs, 10-digit state IDs),
class sections and staff. Everything is drawn from a seeded ``random.Random``; nothing depends on the clock.
"""
import datetime as dt
from zoneinfo import ZoneInfo

TZ_NAME = "America/New_York"
TZ = ZoneInfo(TZ_NAME)
START_DATE = dt.date(2026, 11, 17)          # a Tuesday, regular school day
DOMAIN = "harlowcps.org"
HOST = "beacon.harlowcps.org"
BASE = "https://" + HOST
HOLIDAYS = {dt.date(2026, 11, 25), dt.date(2026, 11, 26), dt.date(2026, 11, 27)} | {
    dt.date(2026, 12, 21) + dt.timedelta(days=i) for i in range(12)}
F5_SELF_IPS = ("10.50.0.11", "10.50.0.12")  # the balancer pair: health monitors, no X-Forwarded-For
NET = "72.45.186."                           # the district's public block
CO_SERVERS = NET + "12"                      # central-office server NAT (scripts, integrations)
GUEST_WIFI = NET + "60"                      # HCPS-Guest BYOD Wi-Fi, all campuses
STATE_NET = "149.76.230."                    # the state education agency's network (auditor)

# code, name, level, school number, NAT address, pupils, share of staff
CAMPUSES = [
    ("BHE", "Birch Hollow Elementary", "es", "0112", NET + "21", 460, 0.078),
    ("CPE", "Cedar Point Elementary", "es", "0118", NET + "22", 430, 0.078),
    ("DME", "Dunmore Elementary", "es", "0124", NET + "23", 480, 0.078),
    ("EFE", "Eastfield Elementary", "es", "0131", NET + "24", 440, 0.076),
    ("FVM", "Fairview Middle", "ms", "0207", NET + "31", 820, 0.10),
    ("GRM", "Granite Ridge Middle", "ms", "0215", NET + "32", 780, 0.10),
    ("HHS", "Harlow High", "hs", "0302", NET + "41", 1450, 0.19),
    ("IWH", "Ironwood High", "hs", "0309", NET + "42", 1300, 0.16),
    ("CO", "Central Office", "co", "0900", NET + "10", 0, 0.14),
]
CAMPUS = {c[0]: c for c in CAMPUSES}
SCHOOLS = [c[0] for c in CAMPUSES if c[2] != "co"]
GRADES = {"es": range(0, 6), "ms": range(6, 9), "hs": range(9, 13)}
# period start times (local, seconds) used for attendance, and lunch windows
PERIODS = {"hs": [7.42, 8.33, 9.25, 10.17, 11.58, 12.5, 13.42], "ms": [8.17, 9.0, 9.83, 10.67, 12.0, 12.83, 13.67],
           "es": [8.25, 12.5]}
LUNCH = {"hs": (10.95, 11.5), "ms": (11.2, 11.95), "es": (11.3, 12.2), "co": (11.75, 13.25)}

HOME_ISPS = ["73.132", "73.140", "73.163", "73.170", "98.204", "98.233", "69.143", "24.126", "71.178", "71.191",
             "108.28", "108.45", "96.255", "100.15", "68.100", "68.106", "72.209", "47.196"]
CARRIERS = {"tmobile": ["172.56", "172.58", "172.59"], "verizon": ["174.205", "174.212", "174.224", "174.240"],
            "att": ["107.77", "107.115", "166.205"]}

CHROME, EDGE_FULL, FIREFOX, SAFARI = 156, "156.0.3485.66", 158, "27.1"


def ua_chrome_win(v=CHROME):
    return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"


def ua_edge_win(full=EDGE_FULL):
    return ua_chrome_win(int(full.split(".")[0])) + " Edg/" + full


def ua_chromeos(v=CHROME):
    return f"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"


def ua_chrome_mac(v=CHROME):
    return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"


def ua_safari_mac(v=SAFARI):   # also what an iPad in desktop mode sends
    return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{v} Safari/605.1.15"


def ua_iphone(v=SAFARI):
    return f"Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{v} Mobile/15E148 Safari/604.1"


def ua_android(v=CHROME):
    return f"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36"


def ua_firefox_win(v=FIREFOX):
    return f"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"


def ua_firefox_mac(v=FIREFOX):
    return f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"


def district_ua(rng, role, level):
    """The browser on a district-managed machine (managed Chrome/Edge, a few laggards)."""
    lag = CHROME - (1 if rng.random() < 0.12 else 0)
    if level == "es" and role == "teacher" and rng.random() < 0.35:
        return ua_chromeos(lag)
    if role in ("secretary", "attendance_clerk", "registrar", "nurse") and rng.random() < 0.6:
        return ua_edge_win(EDGE_FULL if lag == CHROME else "155.0.3405.119")
    if role == "it_admin" and rng.random() < 0.5:
        return ua_firefox_win()
    return ua_edge_win() if rng.random() < 0.25 else ua_chrome_win(lag)


def phone_ua(rng):
    return ua_iphone(rng.choice(["27.1", "27.1", "27.0", "26.4"])) if rng.random() < 0.62 else ua_android(
        rng.choice([CHROME, CHROME, CHROME - 1, CHROME - 2]))


def home_ua(rng):
    r = rng.random()
    if r < 0.4:
        return ua_chrome_win(rng.choice([CHROME, CHROME, CHROME - 1, CHROME - 2]))
    if r < 0.6:
        return ua_safari_mac(rng.choice(["27.1", "27.0", "26.4"]))
    if r < 0.75:
        return ua_chrome_mac(rng.choice([CHROME, CHROME - 1]))
    if r < 0.85:
        return ua_edge_win()
    return ua_firefox_win(rng.choice([FIREFOX, FIREFOX - 1]))


def ip_in(rng, prefix16):
    return "%s.%d.%d" % (prefix16, rng.randint(0, 255), rng.randint(1, 254))


def home_ip(rng):
    return ip_in(rng, rng.choice(HOME_ISPS))


def carrier_ip(rng, carrier=None):
    return ip_in(rng, rng.choice(CARRIERS[carrier or rng.choice(sorted(CARRIERS))]))


FIRST = ("James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph "
         "Jessica Thomas Sarah Christopher Karen Charles Lisa Daniel Nancy Matthew Betty Anthony Sandra Mark Ashley "
         "Donald Kimberly Steven Emily Andrew Donna Paul Michelle Joshua Carol Kenneth Amanda Kevin Melissa Brian "
         "Deborah Timothy Stephanie Ronald Rebecca Jason Laura George Sharon Edward Cynthia Jeffrey Kathleen Ryan Amy "
         "Jacob Angela Gary Shirley Nicholas Brenda Eric Emma Jonathan Anna Stephen Pamela Larry Nicole Justin "
         "Samantha Scott Katherine Brandon Christine Benjamin Debra Samuel Rachel Gregory Carolyn Alexander Janet "
         "Patrick Maria Frank Olivia Raymond Heather Jack Helen Dennis Catherine Tyler Diane Aaron Julie Jose Victoria "
         "Adam Joyce Nathan Lauren Henry Kelly Zachary Christina Douglas Ruth Peter Joan Kyle Virginia Noah Judith "
         "Ethan Evelyn Jeremy Hannah Walter Andrea Christian Megan Keith Cheryl Roger Jacqueline Terry Martha Austin "
         "Madison Sean Teresa Gerald Gloria Carl Sara Harold Janice Dylan Ann Arthur Kathryn Lawrence Abigail Jordan "
         "Sophia Jesse Frances Bryan Jean Billy Alice Bruce Judy Gabriel Isabella Joe Julia Logan Grace Alan Amber "
         "Juan Denise Albert Danielle Willie Marilyn Elijah Beverly Wayne Charlotte Randy Natalie Vincent Theresa "
         "Mason Diana Roy Brittany Ralph Doris Bobby Kayla Russell Alexis Bradley Lori Philip Marie Eugene Tamika "
         "DeShawn Aaliyah Luis Ximena Mateo Camila Wei Mei Priya Arjun Nguyen Linh Fatima Omar Yusuf Amina").split()
LAST = ("Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson "
        "Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis "
        "Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall Rivera "
        "Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart "
        "Morris Morales Murphy Cook Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim "
        "Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez Castillo "
        "Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan Bell Coleman Butler "
        "Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson Alexander Hamilton Graham Reynolds "
        "Griffin Wallace Moreno West Cole Hayes Bryant Herrera Gibson Ellis Tran Medina Aguilar Stevens Murray Ford "
        "Castro Marshall Owens Harrison Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman "
        "Webb Tucker Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason Dixon "
        "Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox Warren Mills Meyer Rice "
        "Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan Gardner Payne Grant Dunn Kelley Spencer "
        "Hawkins Arnold Pierce Vazquez Hansen Peters Santos Hart Bradley Knight Elliott Cunningham Duncan Armstrong "
        "Hudson Carroll Lane Riley Andrews Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards "
        "Okafor Adeyemi Haddad Nakamura Kowalski Novak Oyelaran Banerjee Dang Pham Abdi Mwangi Yilmaz Osei").split()


def luhn_digit(num):
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return str((10 - total % 10) % 10)


class Pupil:
    __slots__ = ("sid", "ssid", "school", "grade", "first", "last", "idx")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)


def build_pupils(rng):
    """Pupils per school: local ID = 2-digit entry year + 5 digits, state ID = '4' + 8 digits + Luhn digit."""
    pupils, by_school, used, sids = [], {}, set(), set()
    for code, _n, level, _num, _nat, n, _w in CAMPUSES:
        if not n:
            continue
        grades = list(GRADES[level])
        lst = []
        for _ in range(n):
            g = rng.choice(grades)
            yy = 26 - g - (1 if rng.random() < 0.1 else 0) + (rng.randint(1, 4) if rng.random() < 0.15 and g > 2 else 0)
            while True:
                sid = "%02d%05d" % (min(yy, 26), rng.randint(100, 99999))
                if sid not in sids:
                    break
            sids.add(sid)
            while True:
                core = "4" + "%08d" % rng.randint(10000000, 99999999)
                if core not in used:
                    break
            used.add(core)
            p = Pupil(sid=sid, ssid=core + luhn_digit(core), school=code, grade=g, first=rng.choice(FIRST),
                      last=rng.choice(LAST), idx=len(pupils))
            pupils.append(p)
            lst.append(p)
        lst.sort(key=lambda p: (p.grade, p.last, p.first, p.sid))
        by_school[code] = lst
    return pupils, by_school
