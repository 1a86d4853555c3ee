"""The made-up world of blind9: Calloway County Office of Education's "Student Data Hub".

A Java EE / JSF (PrimeFaces) student-records hub hosted by a county office for its
districts and charters.  Everything here is invented; addresses only look plausible.
"""
import datetime as _dt

START = _dt.date(2026, 12, 9)          # Wednesday, a week before the CALPADS Fall 1 deadline
UTC_OFFSET_H = -8                      # America/Los_Angeles, PST all window long
TZ = "America/Los_Angeles"
HOST = "sdh.callowaycoe.org"
AZ_HOST = "ccoe-sdh-prod.azurewebsites.net"
BASE = "https://" + HOST
AY = "2026-27"
T0 = int(_dt.datetime(START.year, START.month, START.day, tzinfo=_dt.timezone.utc).timestamp()) - UTC_OFFSET_H * 3600


def at(day, hour):
    """Epoch seconds of local `hour` (float) on window day `day`."""
    return T0 + day * 86400 + hour * 3600.0


def weekday(day):
    return (START + _dt.timedelta(days=day)).weekday()   # 0 = Monday


FIRST = ("maria jose luis ana carlos elena juan sofia miguel laura david sarah michael jennifer robert linda james "
         "patricia daniel karen thomas nancy kevin lisa brian angela jason monica eric diana steven teresa mark "
         "veronica paul rosa andrew yolanda ryan gloria joshua alicia kyle norma tyler irene adam leticia sean "
         "beatriz nathan carmen derek lorena travis esther omar graciela victor priya hung mei tuan amrit "
         "farah kenji ngozi aaron bianca cody dana ellen felipe gina hector ivy jorge kathy leon marisol").split()
LAST = ("garcia hernandez lopez martinez gonzalez rodriguez perez sanchez ramirez torres flores rivera gomez diaz "
        "reyes morales cruz ortiz gutierrez chavez ramos ruiz alvarez mendoza castillo jimenez moreno romero "
        "herrera medina aguilar vargas castro guzman fernandez smith johnson williams brown jones miller davis "
        "wilson anderson taylor thomas moore jackson martin lee thompson white harris clark lewis robinson walker "
        "young allen king wright scott nguyen tran pham patel singh kaur chen wong yamamoto okafor bauer "
        "lindqvist oconnor mcallister delacruz villanueva espinoza salazar cardenas navarro velasquez").split()

# lea, name, e-mail domain (None = local logins), naming scheme, pupil weight, one district NAT?
DISTRICTS = [
    ("01", "Calloway Union High SD", "cuhsd.org", "first.last", 1.6, True),
    ("02", "Alder Creek Elementary SD", "aldercreekesd.org", "flast", 0.6, True),
    ("03", "Bellmont Unified SD", "bellmontusd.org", "first.last", 1.8, False),
    ("04", "Cedar Flat Joint Unified SD", "cedarflatjusd.org", "firstl", 1.0, True),
    ("05", "Dry Wash Elementary SD", "drywashesd.org", "flast", 0.4, True),
    ("06", "Fenwick Valley Unified SD", "fvusd.net", "first.last", 1.4, False),
    ("07", "Granite Bar Elementary SD", "granitebar.k12.ca.us", "flast", 0.5, True),
    ("08", "Juniper Springs Unified SD", "jsusd.org", "first_last", 1.2, True),
    ("09", "Kettle Rock Elementary SD", "kettlerockesd.org", "firstl", 0.4, True),
    ("10", "Mendel Flats Unified SD", "mendelflats.org", "first.last", 1.1, False),
    ("11", "Oro Lindo Unified SD", "orolindousd.org", "flast", 0.9, True),
    ("12", "Pinecrest Valley Elementary SD", "pvesd.org", "first.last", 0.7, True),
    ("13", "Riverbend Classical Academy", None, "rca", 0.35, False),
    ("14", "Summit Trails Charter", None, "stc", 0.3, False),
]
COE_DOMAIN = "callowaycoe.org"

ASSETS = [  # JSF resource URLs (path, query, bytes)
    ("/sdh/javax.faces.resource/theme.css.xhtml", "ln=primefaces-saga&v=12.0.6", 41733),
    ("/sdh/javax.faces.resource/components.css.xhtml", "ln=primefaces&v=12.0.6", 118204),
    ("/sdh/javax.faces.resource/jquery/jquery.js.xhtml", "ln=primefaces&v=12.0.6", 89664),
    ("/sdh/javax.faces.resource/jquery/jquery-plugins.js.xhtml", "ln=primefaces&v=12.0.6", 58112),
    ("/sdh/javax.faces.resource/core.js.xhtml", "ln=primefaces&v=12.0.6", 39880),
    ("/sdh/javax.faces.resource/components.js.xhtml", "ln=primefaces&v=12.0.6", 331457),
    ("/sdh/javax.faces.resource/css/sdh.css.xhtml", "ln=sdh&v=2026.11.3", 12406),
    ("/sdh/javax.faces.resource/js/sdh.js.xhtml", "ln=sdh&v=2026.11.3", 7315),
    ("/sdh/javax.faces.resource/img/ccoe-seal.svg.xhtml", "ln=sdh", 5480),
    ("/sdh/javax.faces.resource/primeicons/fonts/primeicons.woff2.xhtml", "ln=primefaces&v=12.0.6", 35148),
]

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
EDGE = CHROME + " Edg/{v}.0.0.0"
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0"
MAC_SAFARI = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{v} Safari/605.1.15"
MAC_CHROME = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
CROS = "Mozilla/5.0 (X11; CrOS x86_64 16433.{b}.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/{v} Mobile/15E148 Safari/604.1")
ANDROID = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36"


def desktop_ua(rng, mac_p=0.06):
    x = rng.random()
    if x < mac_p:
        return MAC_SAFARI.format(v=rng.choice(["26.0.1", "26.1", "18.6"])) if rng.random() < .6 else \
            MAC_CHROME.format(v=rng.choice([141, 142, 143]))
    if x < mac_p + 0.30:
        v = rng.choice([141, 142, 142, 143])
        return EDGE.format(v=v)
    if x < mac_p + 0.36:
        return FIREFOX.format(v=rng.choice([144, 145, 146]))
    return CHROME.format(v=rng.choice([140, 141, 142, 142, 143, 143]))


def phone_ua(rng):
    if rng.random() < .62:
        return IPHONE.format(v=rng.choice(["26.0.1", "26.1", "26.1", "18.6"]))
    return ANDROID.format(v=rng.choice([141, 142, 143]))


POOLS = {   # first octets (and optional second-octet ranges) of plausible public blocks
    "cenic": [(137, 164)], "cenic2": [(198, 189)],
    "business": [(12, None), (50, None), (173, None), (70, None), (66, None), (208, None)],
    "residential": [(73, None), (24, None), (98, None), (67, None), (76, None), (71, None), (99, None),
                    (107, None), (108, None), (75, None), (47, None), (174, (0, 120)), (68, None), (172, (100, 127))],
    "carrier": [(172, (56, 59)), (174, (192, 255)), (166, (170, 205)), (107, (77, 77))],
    "aws": [(3, None), (18, None), (34, (208, 223)), (35, (80, 95)), (44, (224, 255)), (52, (8, 95)), (54, (144, 255))],
    "azure": [(20, (36, 59)), (40, (64, 127)), (13, (64, 95)), (52, (224, 255))],
    "vps": [(159, (203, 203)), (164, (90, 92)), (143, (198, 198)), (137, (184, 184)), (5, (161, 161)),
            (65, (108, 109)), (95, (216, 217)), (135, (181, 181)), (51, (79, 81)), (141, (94, 95)), (45, (77, 77))],
    "msft_links": [(40, (94, 94)), (52, (100, 101)), (104, (47, 47))],
}


class IpAlloc:
    def __init__(self, rng):
        self.r, self.used = rng, set()

    def take(self, pool):
        while True:
            a, b = self.r.choice(POOLS[pool])
            if b is None:
                b = self.r.randint(1, 254)
            elif isinstance(b, tuple):
                b = self.r.randint(*b)
            ip = "%d.%d.%d.%d" % (a, b, self.r.randint(0, 255), self.r.randint(2, 253))
            if ip not in self.used:
                self.used.add(ip)
                return ip

    def fixed(self, ip):
        self.used.add(ip)
        return ip


class School:
    def __init__(self, code, lea, name, pupils, ip):
        self.code, self.lea, self.name, self.pupils, self.ip = code, lea, name, pupils, ip


class Staff:
    """One staff account.  `key` is the lower-case name it appears under in the logs."""
    def __init__(self, **kw):
        self.__dict__.update(kw)


SCHOOL_WORDS = ("Oak Manzanita Sierra Vista Lincoln Roosevelt Sunrise Mesa Willow Foothill Canyon Riverside Hillcrest "
                "Meadow Cottonwood Valley Ridge Pioneer Eagle Laurel Madrone Buckeye Sycamore Quail Redwood "
                "Granite Lakeside").split()


def build(rng, n_staff):
    ipa = IpAlloc(rng)
    w = {"ip": ipa, "districts": [], "schools": {}, "staff": [], "by_key": {}}
    sw = list(SCHOOL_WORDS)
    rng.shuffle(sw)
    for lea, name, dom, scheme, weight, nat in DISTRICTS:
        nat_ip = ipa.take("cenic") if nat else None
        n_sch = 1 if dom is None else max(2, int(round(weight * rng.uniform(3.0, 4.5))))
        base = rng.randint(100000, 400000)
        schools = []
        for i in range(n_sch):
            code = "%s%02d" % (lea, i + 31)
            npup = rng.randint(180, 1100)
            keys, k = [], base
            for _ in range(npup):
                k += 1 if rng.random() < .72 else rng.randint(2, 4)
                keys.append("%s-%06d" % (lea, k))
            base = k + rng.randint(40, 400)
            ip = nat_ip or ipa.take(rng.choice(["cenic", "business", "business"]))
            nm = sw[len(w["schools"]) % len(sw)] + (" High" if lea == "01" else " Elementary" if i else " Middle")
            s = School(code, lea, nm, keys, ip)
            schools.append(s)
            w["schools"][code] = s
        do_ip = nat_ip or (schools[0].ip if dom is None else ipa.take("business"))
        w["districts"].append({"lea": lea, "name": name, "domain": dom, "scheme": scheme, "weight": weight,
                               "nat": nat_ip, "office_ip": do_ip, "schools": schools})
    w["coe_ip"] = ipa.take("cenic2")
    w["coe_dc_ip"] = ipa.take("cenic2")
    _staff(rng, w, n_staff)
    return w


ROLE_MIX = [("registrar", .22), ("counselor", .15), ("teacher", .24), ("site_admin", .10),
            ("attendance_tech", .12), ("health_clerk", .08), ("office_manager", .09)]
COE_ROLES = [("coe_analyst", .35), ("help_desk", .35), ("auditor", .1), ("coe_data_staff", .2)]


def _pick(rng, mix):
    x, acc = rng.random(), 0.0
    for name, p in mix:
        acc += p
        if x < acc:
            return name
    return mix[-1][0]


def _name(rng, used, scheme, dom):
    for _ in range(200):
        f, l = rng.choice(FIRST), rng.choice(LAST)
        login = {"first.last": f + "." + l, "flast": f[0] + l, "firstl": f + l[0], "first_last": f + "_" + l,
                 "rca": f[0] + l + ".rca", "stc": f + "." + l[:3] + ".stc", "coe": f[0] + l}[scheme]
        if dom:
            key = login + "@" + dom
        else:
            key = login
        if key not in used:
            used.add(key)
            return f, l, key
    raise RuntimeError("names exhausted")


def _staff(rng, w, n_staff):
    used = set()
    n_coe = max(8, int(round(n_staff * .08)))
    dists = w["districts"]
    tot = sum(d["weight"] for d in dists)
    counts = [max(3, int(n_staff * .92 * d["weight"] / tot)) for d in dists]
    i = 0
    while sum(counts) + n_coe < n_staff:
        counts[i % len(counts)] += 1
        i += 1
    while sum(counts) + n_coe > n_staff:
        j = counts.index(max(counts))
        counts[j] -= 1
    for d, c in zip(dists, counts):
        for k in range(c):
            role = "data_coordinator" if k == 0 else _pick(rng, ROLE_MIX)
            school = None if role == "data_coordinator" else rng.choice(d["schools"])
            _add(rng, w, used, d, role, school)
    for k in range(n_coe):
        role = "coe_data_staff" if k == 0 else "auditor" if k == 1 else _pick(rng, COE_ROLES)
        _add(rng, w, used, None, role, None)


def _add(rng, w, used, d, role, school):
    if d is None:
        f, l, key = _name(rng, used, "coe", COE_DOMAIN)
        lea, dom, office = "00", COE_DOMAIN, w["coe_ip"]
    else:
        f, l, key = _name(rng, used, d["scheme"], d["domain"])
        lea, dom, office = d["lea"], d["domain"], (school.ip if school else d["office_ip"])
    ldap = (f[0] + l)[:20]
    while ldap in used:
        ldap = (f[0] + l)[:18] + str(rng.randint(2, 99))
    used.add(ldap)
    laptop = rng.random() < (.5 if role in ("counselor", "site_admin", "coe_analyst", "auditor") else .2)
    ua = desktop_ua(rng, mac_p=.25 if role == "counselor" else .06)
    st = Staff(key=key, first=f, last=l, lea=lea, domain=dom, role=role, behaviour=role,
               school=school.code if school else None, login="sso" if dom else "local",
               ldap=ldap, office_ip=office, office_ua=ua,
               home_ip=w["ip"].take("residential"),
               home_ua=ua if laptop else desktop_ua(rng, mac_p=.3),
               phone_ua=phone_ua(rng) if rng.random() < .3 else None,
               activity=rng.lognormvariate(0, .35), keepalive=rng.random() < .28,
               overnight=rng.random() < .2, evening_p={"counselor": .25, "site_admin": .35, "teacher": .3,
                                                        "data_coordinator": .3, "coe_analyst": .2}.get(role, .08),
               params={})
    w["staff"].append(st)
    w["by_key"][key] = st
    return st


def school_of(w, st):
    """Schools a staff member normally works on."""
    if st.school:
        return [w["schools"][st.school]]
    if st.lea == "00":
        return list(w["schools"].values())
    return [s for s in w["schools"].values() if s.lea == st.lea]
