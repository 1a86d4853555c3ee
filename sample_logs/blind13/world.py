"""The made-up world of Compass: districts, schools, networks, user agents, names, pupils, sections, staff."""
import base64
import datetime as dt
import zoneinfo

from .netpool import Net, ua_for

TZ = "America/Denver"
START = (2027, 3, 5)        # a Friday (MST, UTC-7)
STATE_DOMAIN = "mtsis.org"

# code, district name, domain, days/week, sign-in, in the co-op, weight, schools (code suffix, town, kind)
DISTRICTS = [
    ("SGV", "Sweetgrass Valley Schools", "sweetgrassvalley.k12.mt.us", 5, "google", False, 30,
     [("E", "Harlan Creek", "E"), ("H", "Harlan Creek", "H")]),
    ("TMP", "Two Medicine Plains Public Schools", "twomedplains.k12.mt.us", 5, "google", False, 34,
     [("R", "Ridgeline", "K8"), ("C", "Cobb Flats", "K8"), ("H", "Ridgeline", "H")]),
    ("LPR", "Lodgepole Ridge Schools", "lodgepoleridge.k12.mt.us", 5, "cognito", False, 26,
     [("E", "Lodgepole", "E"), ("H", "Lodgepole", "H")]),
    ("RWV", "Redwater Valley K-12", "redwatervalley.k12.mt.us", 4, "cognito", True, 16, [("S", "Vida Bend", "K12")]),
    ("ANF", "Antelope Flats Elementary", "antelopeflats.k12.mt.us", 4, "cognito", True, 9, [("S", "Antelope", "K8")]),
    ("SHB", "Sage Hen Bench Schools", "sagehen.k12.mt.us", 4, "cognito", True, 13, [("S", "Sage Hen", "K12")]),
    ("WLC", "Willow Coulee School", "willowcoulee.k12.mt.us", 5, "cognito", True, 8, [("S", "Willow Coulee", "K8")]),
    ("BPP", "Bear Paw Prairie Schools", "bearpawprairie.k12.mt.us", 5, "google", False, 22,
     [("E", "Milk River", "E"), ("H", "Milk River", "H")]),
    ("ELD", "Elkhorn Divide Public Schools", "elkhorndivide.k12.mt.us", 4, "google", True, 15, [("S", "Basin Forks", "K12")]),
    ("HWB", "Highwood Bench Schools", "highwoodbench.k12.mt.us", 5, "cognito", False, 32,
     [("E", "Belt Butte", "E"), ("M", "Belt Butte", "M"), ("H", "Belt Butte", "H")]),
    ("TMK", "Tamarack Creek School", "tamarackcreek.k12.mt.us", 5, "cognito", False, 10, [("S", "Tamarack", "K8")]),
    ("PRB", "Pryor Bench K-12", "pryorbench.k12.mt.us", 4, "google", False, 14, [("S", "Pryor Bench", "K12")]),
]
DISTRICT_NET = {"SGV": "66.60.118", "TMP": "209.193.44", "LPR": "67.42.190", "BPP": "64.183.6", "HWB": "208.90.212",
                "TMK": "199.190.56", "PRB": "63.155.201"}
COOP_NAT = "207.178.224.2"            # Prairie Winds Education Cooperative
STATE_NAT, STATE_SERVERS = "161.7.44.25", "161.7.40.12"
TOWN_ISP = {"Cobb Flats": "216.229.71"}  # a second town on another provider

FIRST = ("Mary James Linda Robert Patricia John Jennifer Michael Susan David Karen William Lisa Richard Nancy Thomas "
         "Betty Mark Sandra Steven Ashley Paul Kimberly Andrew Donna Joshua Emily Kevin Michelle Brian Carol Jason "
         "Amanda Ryan Melissa Jacob Deborah Gary Stephanie Eric Rebecca Tyler Laura Aaron Sharon Wyatt Cynthia Cody "
         "Kathleen Travis Amy Dustin Shelby Colt Tanya Levi Brandi Casey Jolene Dalton Rhonda Jared Kristi Clint "
         "Heather Shane Tara Wade Megan Trent Jodi Brady Kelsey Logan Darcy Rory Leah Quinn Carla").split()
LAST = ("Anderson Johnson Olson Peterson Miller Nelson Larson Hanson Schmidt Meyer Wagner Becker Hoffman Koch Bauer "
        "Richter Klein Wolf Schroeder Neumann Braun Zimmerman Krueger Hartmann Lange Werner Lehmann Krause Walsh "
        "Murphy Kelly Sullivan Byrne Ryan Brennan Lynch Quinn Doyle Brooks Running Crow Old Horn Bull Plenty Hawk "
        "Spotted Eagle Standing Rock Two Bears Rides Horse Yellowtail Morsette Azure Gardipee Denny Stiffarm "
        "Jorgensen Thorson Lund Berg Sather Haugen Vold Moe Strand Dahl Engel Harkins Tillman Mcrae Gustafson "
        "Pederson Bjork Skogen Rasmussen Fenner Cobb Harlow Whitcomb Baxter Pruitt Ackerman Devlin Fairbanks").split()
LAST = [x for x in LAST if x not in ("Running", "Old", "Bull", "Plenty", "Spotted", "Standing", "Two", "Rides")]
LAST += ["Runningcrow", "Oldhorn", "Bullplenty", "Spottedeagle", "Standingrock", "Twobears", "Rideshorse", "Hawk"]

ROLE_EVENING = {"teacher": 0.32, "principal": 0.45, "superintendent": 0.5, "counselor": 0.3, "secretary": 0.12,
                "nurse": 0.15, "data_coordinator": 0.35, "clerk": 0.2, "it_tech": 0.3, "state_analyst": 0.25,
                "state_auditor": 0.2, "state_helpdesk": 0.2}


def relay(kind, n):
    return base64.b64encode(("%s:%d" % (kind, n)).encode()).decode()


def uuid(rng):
    return "%08x-%04x-4%03x-%04x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                          0x8000 | rng.getrandbits(14), rng.getrandbits(48))


class Pupil:
    __slots__ = ("n", "rid", "first", "last", "grade", "school", "district", "docs")


class Section:
    __slots__ = ("n", "rid", "school", "period", "roster")


class Staff:
    """One account. `devices`: primary (work) UA, home UA, phone UA; `home_ip` a fixed residential address."""
    def __init__(self, **kw):
        self.__dict__.update(kw)

    def __repr__(self):
        return "<Staff %s %s>" % (self.email, self.role)


class World:
    def __init__(self, seed, n_staff, days):
        import random
        self.seed, self.n_staff, self.days = seed, n_staff, days
        self.rng = random.Random("blind13:%d:world" % seed)
        self.tz = zoneinfo.ZoneInfo(TZ)
        self.day0 = dt.datetime(*START, tzinfo=self.tz)
        self.start = self.day0.timestamp()
        self.end = self.at(days, 0.0)
        self.net = Net(self.rng)
        self.schools, self.district = {}, {}
        self._build_districts()
        self._build_staff()
        self._build_pupils()

    # -- time ---------------------------------------------------------------------------------------------------
    def at(self, day, hours):
        """Epoch seconds of local wall time `hours` (float) on window day `day` (0 = the first Friday)."""
        return (self.day0 + dt.timedelta(days=day) + dt.timedelta(seconds=round(hours * 3600, 3))).timestamp()

    def weekday(self, day):
        return (self.day0 + dt.timedelta(days=day)).weekday()   # Monday 0 ... Sunday 6

    def day_kind(self, dcode, day):
        wd = self.weekday(day)
        if wd >= 5:
            return "weekend"
        if wd == 4 and self.district[dcode]["week"] == 4:
            return "pd"          # four-day-week districts: Friday is a staff work / PD day, no pupils
        return "school"

    # -- build --------------------------------------------------------------------------------------------------
    def _build_districts(self):
        net = self.net
        for code, name, dom, week, auth, coop, wt, schools in DISTRICTS:
            d = {"code": code, "name": name, "domain": dom, "week": week, "auth": auth, "coop": coop, "weight": wt,
                 "schools": []}
            towns = {}
            for suf, town, kind in schools:
                sc = "%s-%s" % (code, suf)
                if coop:
                    ip = COOP_NAT
                elif town in towns:
                    ip = towns[town]
                else:
                    ip = net.fixed(TOWN_ISP.get(town, DISTRICT_NET[code]))
                    towns[town] = ip
                self.schools[sc] = {"code": sc, "district": code, "town": town, "kind": kind, "nat": ip,
                                    "pupils": [], "sections": []}
                d["schools"].append(sc)
            d["office_nat"] = self.schools[d["schools"][-1]]["nat"]
            self.district[code] = d
        self.district["STATE"] = {"code": "STATE", "name": "MTSIS state office", "domain": STATE_DOMAIN, "week": 5,
                                  "auth": "cognito", "coop": False, "schools": [], "office_nat": STATE_NAT}

    def _email(self, first, last, domain):
        base = "%s.%s" % (first.lower(), last.lower())
        e, k = "%s@%s" % (base, domain), 1
        while e in self.by_email:
            k += 1
            e = "%s%d@%s" % (base, k, domain)
        return e

    def _new_staff(self, role, dcode, campus, school=None):
        rng = self.rng
        d = self.district[dcode]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = self._email(first, last, d["domain"])
        uid = rng.randint(10020, 29990)
        while uid in self.by_uid:
            uid = rng.randint(10020, 29990)
        nat = self.schools[school]["nat"] if school else d["office_nat"]
        s = Staff(sid=len(self.staff), uid=uid, email=email, first=first, last=last, role=role, district=dcode,
                  campus=campus, school=school, auth=d["auth"], nat=nat, sections=[], kind="person",
                  secondary=False)
        s.primary_ua, s.home_ua, s.phone_ua = ua_for(rng, d["auth"] == "google", role)
        s.home_ip, s.home_isp = self.net.home()
        s.evening_p = ROLE_EVENING.get(role, 0.25)
        self.staff.append(s)
        self.by_email[email], self.by_uid[uid] = s, s
        return s

    def _build_staff(self):
        rng, n = self.rng, self.n_staff
        self.staff, self.by_email, self.by_uid = [], {}, {}
        n_state = max(5, round(n * 0.035))
        rest = n - n_state
        tot = sum(d[6] for d in DISTRICTS)
        shares = [max(6, int(rest * d[6] / tot)) for d in DISTRICTS]
        i = 0
        while sum(shares) < rest:
            shares[i % len(shares)] += 1
            i += 1
        while sum(shares) > rest:
            j = max(range(len(shares)), key=lambda k: shares[k])
            shares[j] -= 1
        for (code, *_), size in zip(DISTRICTS, shares):
            self._staff_district(code, size)
        roles = ["state_analyst", "state_analyst", "state_auditor", "state_helpdesk", "state_it"]
        roles += ["state_analyst", "state_helpdesk"] * n_state
        for role in roles[:n_state]:
            self._new_staff(role, "STATE", "MTSIS Helena")

    def _staff_district(self, code, size):
        d = self.district[code]
        schools = d["schools"]
        office = "%s district office" % code
        plan = [("superintendent", None), ("data_coordinator", None)]
        if size >= 10:
            plan.append(("clerk", None))
        if size >= 24:
            plan.append(("it_tech", None))
        for sc in schools:
            kind = self.schools[sc]["kind"]
            if len(schools) > 1 or size >= 12:
                plan.append(("principal", sc))
            plan.append(("secretary", sc))
            if kind in ("H", "K12") and size >= 8:
                plan.append(("counselor", sc))
        if size >= 16:
            plan.append(("nurse", None))
        plan = plan[:size - 2]
        n_teach = size - len(plan)
        for k in range(n_teach):
            plan.append(("teacher", schools[k % len(schools)]))
        for role, sc in plan:
            self._new_staff(role, code, sc or office, sc)

    def _build_pupils(self):
        rng = self.rng
        pupils = []
        for sc, info in self.schools.items():
            teachers = [s for s in self.staff if s.school == sc and s.role == "teacher"]
            count = max(28, len(teachers) * rng.randint(11, 15) + rng.randint(0, 20))
            grades = {"E": (0, 6), "K8": (0, 8), "M": (6, 8), "H": (9, 12), "K12": (0, 12)}[info["kind"]]
            for _ in range(count):
                p = Pupil()
                p.first, p.last = rng.choice(FIRST), rng.choice(LAST)
                p.grade, p.school, p.district = rng.randint(*grades), sc, info["district"]
                p.docs = [uuid(rng) for _ in range(rng.randint(1, 6))]
                pupils.append(p)
        rng.shuffle(pupils)
        n = 481200 + rng.randint(0, 999)
        for p in pupils:                       # a statewide sequence: districts interleave
            n += rng.choice((1, 1, 1, 2, 3))
            p.n, p.rid = n, relay("Student", n)
            self.schools[p.school]["pupils"].append(p)
        self.pupils = sorted(pupils, key=lambda p: p.n)
        self.by_district = {}
        for p in self.pupils:
            self.by_district.setdefault(p.district, []).append(p)
        sec_n = 70000 + rng.randint(0, 500)
        for s in self.staff:
            if s.role != "teacher":
                continue
            info = self.schools[s.school]
            secondary = info["kind"] in ("H", "M") or (info["kind"] == "K12" and rng.random() < 0.5)
            periods = sorted(rng.sample(range(1, 8), 6)) if secondary else [0]
            s.secondary = secondary
            for per in periods:
                sec_n += rng.randint(1, 40)
                sec = Section()
                sec.n, sec.rid, sec.school, sec.period = sec_n, relay("Section", sec_n), s.school, per
                sec.roster = rng.sample(info["pupils"], min(len(info["pupils"]), rng.randint(12, 24)))
                s.sections.append(sec)
                info["sections"].append(sec)

    # -- helpers ------------------------------------------------------------------------------------------------
    def school_pupils(self, s):
        if s.school:
            return self.schools[s.school]["pupils"]
        return self.by_district.get(s.district) or self.pupils

    def staff_in(self, dcode=None, roles=None):
        return [s for s in self.staff if (dcode is None or s.district == dcode) and (roles is None or s.role in roles)]
