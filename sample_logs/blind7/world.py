"""The world of one seed: clock, districts, sites, staff accounts, pupils, identifiers."""
import base64
import calendar
import datetime as dt
import math

from . import net

HOST = "cairn.sde.example.gov"
TZ = "America/Chicago"
DEFAULT_START = "2026-08-17"          # a Monday in the August enrolment rush
STATE_DOMAIN = "sde.example.gov"
STATEWIDE_PUPILS = 418_000            # what the search index holds (not materialised)

FIRST = ("maria james linda robert jennifer michael patricia david susan karen lisa nancy "
         "sandra donna carol michelle amanda melissa deborah stephanie rebecca laura sharon cynthia "
         "kathleen amy angela brenda emma olivia noah liam ava sophia jessica brian kevin jason "
         "matthew gary timothy jose larry jeffrey frank scott eric andrew raymond gregory joshua "
         "jerry dennis walter tammy heather teresa denise rachel carmen ana rosa diane julie joyce "
         "victoria kelly christina lauren joan evelyn judith megan cheryl andrea hannah jacqueline "
         "martha gloria kim tanya dolores leticia yolanda nguyen thanh aisha fatima keisha latoya").split()
SURNAMES = ("smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez "
            "lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white "
            "harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres "
            "nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter roberts "
            "gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales "
            "murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos "
            "kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes "
            "price alvarez castillo sanders patel myers long ross foster jimenez powell jenkins perry "
            "russell sullivan bell coleman butler henderson barnes gonzales fisher vasquez simmons "
            "romero jordan patterson alexander hamilton graham reynolds griffin wallace moreno west "
            "cole hayes bryant herrera gibson ellis tran medina aguilar stevens murray ford castro "
            "marshall owens harrison fernandez mcdonald woods washington kennedy wells vargas henry "
            "chen freeman webb tucker guzman burns crawford olson simpson porter hunter gordon mendez "
            "silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black robertson "
            "boyd rose stone salazar fox warren mills meyer rice schmidt garza daniels ferguson "
            "nichols stephens soto weaver ryan gardner payne grant dunn kelley spencer hawkins "
            "arnold pierce vazquez hansen peters santos hart bradley knight elliott cunningham "
            "duncan armstrong hudson carroll lane riley andrews alvarado ray delgado berry perkins "
            "hoffman johnston matthews pena richards willis carpenter lawrence sandoval yang "
            "xiong vang lor thao her moua hmong yazzie begay okafor adeyemi kowalski novak "
            "lindqvist svoboda ibrahim hassan abdi warsame").split()
DISTRICTS = ("Millbrook, Cedar Bend, North Fork, Osage Valley, Prairie Hills, Red Cloud, Willow Creek, "
             "Harlan County, Ashby, Bluestem, Cottonwood Falls, Elk Ridge, Fairview, Grand Meadow, "
             "Hickory Flats, Iron Lake, Juniper, Kettle River, Lone Tree, Marais, Newcastle, "
             "Oak Point, Pine Island, Quarry Hill").split(", ")
SCHOOL_KIND = ("Elementary", "Middle School", "High School", "Intermediate", "Academy")


def _first_sunday(y, m, n):
    d = dt.date(y, m, 1)
    d += dt.timedelta(days=(6 - d.weekday()) % 7)
    return d + dt.timedelta(days=7 * (n - 1))


def utc_offset_h(date):
    """America/Chicago: CDT (-5) from the 2nd Sunday of March to the 1st Sunday of November."""
    return -5 if _first_sunday(date.year, 3, 2) <= date < _first_sunday(date.year, 11, 1) else -6


def local_ts(date, hour):
    """Epoch seconds for local clock time `hour` (may exceed 24) on `date`."""
    return calendar.timegm(date.timetuple()) + (hour - utc_offset_h(date)) * 3600.0


def local_hour(ts, date):
    return (ts - calendar.timegm(date.timetuple())) / 3600.0 + utc_offset_h(date)


# ---------------------------------------------------------------- identifiers
B32 = "abcdefghijklmnopqrstuvwxyz234567"


def uuid4(rng):
    h = "%032x" % rng.getrandbits(128)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


def token(rng, n=26):
    v = rng.getrandbits(5 * n)
    return "".join(B32[(v >> (5 * i)) & 31] for i in range(n))


def cursor(rng):
    return base64.urlsafe_b64encode(rng.getrandbits(144).to_bytes(18, "big")).decode()


def rows_bytes(rng, rows, per=290, base=90):
    """JSON body size of a result page: rows vary in length (names, schools)."""
    return base + rows * per + int(rng.gauss(0, 1) * 18 * rows ** 0.5) if rows > 0 else base


def hexid(rng, n):
    return "%0*x" % (n, rng.getrandbits(4 * n))


# ---------------------------------------------------------------- entities
class District:
    def __init__(self, idx, name, rng, nt):
        self.idx, self.name = idx, name
        self.slug = name.lower().replace(" ", "")
        self.code = "%04d" % rng.randint(100, 9800)
        self.domain = f"{self.slug}.k12.example.net"
        self.size = rng.lognormvariate(0, 0.7)
        r = rng.random()
        self.idp = "entra" if r < 0.55 else "google" if r < 0.85 else "local"
        self.reg = f"{self.idp}-{self.slug}"
        self.asn = rng.choice((209, 7018, 11096, 11096, 20115))
        self.colo = rng.choice(net.HOME_COLOS)
        n_schools = 1 + min(6, int(self.size * 2.2))
        self.schools = [(f"{self.code}-{10 * (i + 1):03d}",
                         f"{rng.choice(('Lincoln', 'Washington', 'Central', 'Roosevelt', 'Jefferson', name, 'Riverside', 'Sunrise', 'Eastview'))} {rng.choice(SCHOOL_KIND)}")
                        for i in range(n_schools)]
        # one NAT per site: district office + each school
        self.sites = [nt.alloc(self.asn, self.colo) for _ in range(n_schools + 1)]
        self.vdi = False
        self.pupils = []          # indices into World.pupil_*
        self.transfers_in = []    # pending incoming transfer ids


class Staff:
    __slots__ = ("email", "name", "dist", "role", "office_ip", "office_ua", "home_ip", "home_ua",
                 "mobile_ua", "caches", "p_work", "p_evening", "p_phone", "arrive", "hours",
                 "gap_med", "typo", "caseload", "special", "laptop", "idp")

    def __init__(self, **kw):
        self.special = None
        for k, v in kw.items():
            setattr(self, k, v)


ROLES = (("registrar", 0.26), ("counselor", 0.30), ("secretary", 0.28), ("nurse", 0.08), ("principal", 0.08))
STATE_ROLES = ("state_analyst", "state_records", "state_helpdesk")


class World:
    def __init__(self, rng, n_staff, start, days):
        self.rng, self.start, self.days = rng, start, days
        self.dates = [start + dt.timedelta(days=i) for i in range(days)]
        self.net = nt = net.Net(rng)
        self.districts = [District(i, n, rng, nt) for i, n in enumerate(DISTRICTS)]
        self.state_sites = [nt.alloc(11096, "ORD") for _ in range(2)]
        # a regional service cooperative hosts a Citrix farm for its smallest member districts (~12% of staff)
        total, acc = sum(d.size for d in self.districts), 0.0
        for d in sorted(self.districts, key=lambda d: d.size):
            if acc >= 0.12 * total:
                break
            d.vdi, acc = True, acc + d.size
        self.vdi_ip = nt.alloc(209, "MCI")
        self.vdi_ua = net.chrome_win(150)
        self.sur_w = [1.0 / (i + 3) ** 0.9 for i in range(len(SURNAMES))]
        self._pupils()
        self.next_transfer = rng.randint(4_100_000, 4_300_000)
        for d in self.districts:
            d.transfers_in = [self.new_transfer() for _ in range(int(20 + 60 * d.size))]
        self.staff = self._staff(n_staff)

    def new_transfer(self):
        self.next_transfer += self.rng.randint(1, 9)
        return self.next_transfer

    def _pupils(self):
        rng = self.rng
        self.pupil_id, self.pupil_sur, self.pupil_dist, self.pupil_school = [], [], [], []
        total = sum(d.size for d in self.districts)
        for d in self.districts:
            n = int(44_000 * d.size / total) + 200
            sur = rng.choices(range(len(SURNAMES)), weights=self.sur_w, k=n)
            for i in range(n):
                d.pupils.append(len(self.pupil_id))
                self.pupil_id.append(uuid4(rng))
                self.pupil_sur.append(sur[i])
                self.pupil_dist.append(d.idx)
                self.pupil_school.append(rng.randrange(len(d.schools)))

    def _staff(self, n):
        rng, nt = self.rng, self.net
        out, seen = [], set()
        n_state = max(6, int(n * 0.08))
        weights = [d.size for d in self.districts]
        for i in range(n):
            state = i < n_state
            d = None if state else rng.choices(self.districts, weights=weights)[0]
            first, last = rng.choice(FIRST), rng.choice(SURNAMES)
            domain = STATE_DOMAIN if state else d.domain
            email = f"{first}.{last}@{domain}"
            k = 2
            while email in seen:
                email = f"{first}.{last}{k}@{domain}"
                k += 1
            seen.add(email)
            role = rng.choice(STATE_ROLES) if state else rng.choices([r for r, _ in ROLES], [w for _, w in ROLES])[0]
            if state:
                office, ua = rng.choice(self.state_sites), net.desktop_ua(rng)
            elif d.vdi:
                office, ua = self.vdi_ip, self.vdi_ua
            else:
                office = d.sites[0] if role in ("registrar",) and rng.random() < 0.5 else rng.choice(d.sites)
                ua = net.desktop_ua(rng)
            laptop = rng.random() < 0.45 and not (d and d.vdi)
            home_colo = nt.info[office][2]
            caseload = rng.sample(d.pupils, min(len(d.pupils), rng.randint(25, 160))) if d else []
            out.append(Staff(
                email=email, name=f"{first} {last}", dist=d, role=role, office_ip=office, office_ua=ua,
                home_ip=nt.residential(home_colo), home_ua=ua if laptop else net.desktop_ua(rng, False),
                mobile_ua=net.mobile_ua(rng), caches={}, laptop=laptop,
                p_work=rng.uniform(0.86, 0.98), p_evening=rng.choice((0.0, 0.03, 0.08, 0.15, 0.3)),
                p_phone=rng.choice((0.0, 0.05, 0.1, 0.25)), arrive=rng.gauss(7.5, 0.35),
                hours=rng.uniform(8.0, 9.0), gap_med=rng.uniform(6.0, 13.0) * 60,
                typo=rng.uniform(0.0, 0.15),
                caseload=caseload, idp=("sde-okta" if state else (None if d.idp == "local" else d.reg))))
        return out

    def ip_info(self, ip):
        return self.net.info[ip]

    def search_share(self, prefix):
        """Fraction of statewide pupils whose surname starts with `prefix` (smoothed)."""
        w = sum(wt for s, wt in zip(SURNAMES, self.sur_w) if s.startswith(prefix))
        tot = sum(self.sur_w)
        base = 0.6 * w / tot + 0.4 * math.exp(-1.3 * len(prefix)) * (0.2 if prefix[-1] in "qxz" else 1.0) / 26
        return base
