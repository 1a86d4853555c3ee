"""The made-up world: districts and their networks, staff accounts, devices and pupils' cases."""
import uuid
from zoneinfo import ZoneInfo

from .nets import Nets

TZ_NAME = "America/Chicago"
TZ = ZoneInfo(TZ_NAME)
HOST = "pathways.prairiesde.org"
BASE = "https://" + HOST
STATE_DOMAIN = "prairiesde.org"
# code, slug, name, weight, auth, identity provider, buildings (last = office), fleet
DISTRICTS = [
    ("2301", "cedarbluffs", "Cedar Bluffs USD 2301", 0.30, "entra", "CedarBluffs-Entra",
     ["CBHS", "CBMS", "CBE1", "CBE2", "CBE3", "CBDO"], "win"),
    ("3360", "riverbend", "Riverbend Public Schools", 0.13, "entra", "Riverbend-Entra",
     ["RBHS", "RBMS", "RBES", "RBDO"], "win"),
    ("1107", "willowcreek", "Willow Creek SD 1107", 0.11, "google", "WillowCreek-Google",
     ["WCHS", "WCEL", "WCDO"], "cros"),
    ("4512", "prairiewind", "Prairie Wind USD 4512", 0.12, "cognito", None,
     ["PWHS", "PWMS", "PWES", "PWDO"], "mixed"),
    ("0833", "sandhill", "Sandhill County Schools", 0.07, "cognito", None, ["SCJH", "SCES", "SCDO"], "win"),
    ("6104", "lakeview", "Lakeview USD 6104", 0.07, "google", "Lakeview-Google", ["LVHS", "LVES", "LVDO"], "cros"),
    ("5021", "twinoaks", "Twin Oaks Special Education Cooperative", 0.13, "cognito", None,
     ["TOAL", "TOBR", "TOCH", "TODN", "TOHQ"], "mac"),
    ("SDE", "prairiesde", "Prairie State Department of Education", 0.06, "entra", "PrairieSDE-Entra", ["SDE"], "win"),
]
ROLES = [("case_manager", 28), ("slp", 8), ("ot", 3), ("pt", 2), ("school_psychologist", 7), ("sped_secretary", 6),
         ("registrar", 3), ("counselor", 6), ("nurse", 4), ("principal", 6), ("teacher", 12), ("sped_coordinator", 3),
         ("district_analyst", 1), ("it_admin", 0.4)]
SDE_ROLES = [("compliance_monitor", 4), ("state_analyst", 2), ("state_it", 1), ("sde_program_manager", 1)]
OFFICE_ROLES = {"sped_director", "sped_coordinator", "district_analyst", "it_admin"}
ITINERANT = {"slp", "ot", "pt", "school_psychologist"}
FIRST = ("mary james patricia robert jennifer michael linda david elizabeth william barbara richard susan joseph "
         "jessica thomas sarah charles karen daniel lisa matthew nancy anthony betty mark sandra donald ashley "
         "steven kimberly andrew emily joshua donna kevin michelle brian carol george amanda timothy melissa ronald "
         "deborah jason stephanie jeffrey rebecca ryan sharon jacob laura gary cynthia nicholas kathleen eric amy "
         "jonathan angela stephen brenda larry emma justin anna scott pamela brandon nicole benjamin samantha "
         "gregory katherine alexander christine patrick debra dennis rachel tyler carolyn aaron janet jose maria "
         "adam heather nathan diane henry julie zachary joyce peter victoria kyle kelly noah christina ethan lauren "
         "jeremy joan walter evelyn christian olivia keith judith roger megan terry cheryl austin andrea sean hannah "
         "gerald martha carl jacqueline harold frances dylan gloria arthur ann lawrence teresa jordan kathryn").split()
LAST = ("smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson "
        "anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis "
        "robinson walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall "
        "rivera campbell mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes "
        "stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard "
        "ramos kim cox ward richardson watson brooks chavez wood james bennett gray mendoza ruiz hughes price "
        "alvarez castillo sanders patel myers long ross foster jimenez powell jenkins perry russell sullivan bell "
        "coleman butler henderson barnes gonzales fisher vasquez simmons romero jordan patterson alexander hamilton "
        "graham reynolds griffin wallace moreno west cole hayes bryant herrera gibson ellis tran medina aguilar "
        "stevens murray ford castro marshall owens harrison fernandez mcdonald woods washington kennedy wells "
        "vargas henry chen freeman webb tucker guzman burns crawford olson simpson porter hunter gordon mendez "
        "silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black robertson boyd rose stone "
        "salazar fox warren mills meyer rice schmidt garza daniels ferguson nichols stephens soto weaver ryan "
        "gardner payne grant dunn kelley spencer hawkins arnold pierce vazquez hansen peters santos hart bradley "
        "knight elliott cunningham duncan armstrong hudson carroll lane riley andrews alvarado ray delgado berry "
        "perkins hoffman johnston matthews pena richards willis carpenter lawrence sandoval o'brien kowalski "
        "nowak schroeder lindqvist yazzie begay thunderbird whitehorse").split()
CHROME, FIREFOX, SAFARI = "169", "171", "28.0"


def ua(kind, ver=None):
    """User agent strings for October 2027 (reduced UA strings, so many people share one)."""
    c = ver or CHROME
    if kind == "win_chrome":
        return "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Safari/537.36" % c
    if kind == "win_edge":
        return ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 "
                "Safari/537.36 Edg/%s.0.0.0" % (c, c))
    if kind == "mac_chrome":
        return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Safari/537.36" % c
    if kind == "cros":
        return "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Safari/537.36" % c
    if kind == "android":
        return "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Mobile Safari/537.36" % c
    if kind == "linux_chrome":
        return "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%s.0.0.0 Safari/537.36" % c
    f = ver or FIREFOX
    if kind == "win_firefox":
        return "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%s.0) Gecko/20100101 Firefox/%s.0" % (f, f)
    if kind == "linux_firefox":
        return "Mozilla/5.0 (X11; Linux x86_64; rv:%s.0) Gecko/20100101 Firefox/%s.0" % (f, f)
    if kind == "mac_firefox":
        return "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:%s.0) Gecko/20100101 Firefox/%s.0" % (f, f)
    s = ver or SAFARI
    if kind == "mac_safari":  # also every iPad in its default desktop mode
        return ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                "Version/%s Safari/605.1.15" % s)
    if kind == "iphone":
        return ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                "Version/%s Mobile/15E148 Safari/604.1" % s)
    raise ValueError(kind)


def chrome_ver(rng):
    return rng.choices(["166", "167", "168", "169"], [1, 2, 4, 8])[0]


FLEET = {"win": [("win_chrome", 6), ("win_edge", 3), ("win_firefox", 1)], "cros": [("cros", 9), ("win_chrome", 1)],
         "mac": [("mac_chrome", 5), ("mac_safari", 4), ("mac_firefox", 1)],
         "mixed": [("win_chrome", 4), ("cros", 3), ("mac_safari", 2), ("win_edge", 1)]}


class Staff:
    def __init__(self, **kw):
        self.__dict__.update(kw)
        self.caseload = []
        self.special = None      # look-alike name, if any
        self.abused_by = None    # abusive behaviour using this account, if any


class Case:
    __slots__ = ("id", "sid", "last", "district", "building", "cm", "versions", "docs", "due")


class World:
    pass


def _uuid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def build_world(seed, n_staff):
    import random
    rng = random.Random("blind17:%d:world" % seed)
    w = World()
    w.rng_seed = seed
    w.nets = Nets(random.Random("blind17:%d:nets" % seed))
    w.districts, w.building_ips, w.nat_ips, w.nat_names = {}, {}, [], {}
    for code, slug, name, weight, auth, idp, buildings, fleet in DISTRICTS:
        d = dict(code=code, slug=slug, name=name, weight=weight, auth=auth, idp=idp, buildings=buildings, fleet=fleet,
                 domain=STATE_DOMAIN if code == "SDE" else "%s.k12.ps.us" % slug)
        w.districts[code] = d
        if code == "2301":
            pool = w.nets.site(2)
            for b in buildings:
                w.building_ips[b] = pool
            w.nat_names.update({ip: "cedarbluffs_district_nat" for ip in pool})
            d["server_ip"] = w.nets.site(1)[0]
        elif code == "5021":
            for b in buildings:
                w.building_ips[b] = w.nets.site(1)
                w.nat_names[w.building_ips[b][0]] = "twinoaks_site_%s" % b.lower()
        elif code == "4512":
            pool = w.nets.site(2)
            w.building_ips["PWHS"] = w.nets.site(1)
            w.nat_names[w.building_ips["PWHS"][0]] = "prairiewind_hs_nat"
            for b in buildings[1:]:
                w.building_ips[b] = pool
            w.nat_names.update({ip: "prairiewind_district_nat" for ip in pool})
        else:
            pool = w.nets.site(1)
            for b in buildings:
                w.building_ips[b] = pool
            w.nat_names[pool[0]] = "%s_nat" % slug
    # staff
    codes = [d[0] for d in DISTRICTS]
    weights = [d[3] for d in DISTRICTS]
    per = {c: max(4, int(round(n_staff * wt))) for c, wt in zip(codes, weights)}
    while sum(per.values()) > n_staff:
        per[max(per, key=lambda c: per[c])] -= 1
    while sum(per.values()) < n_staff:
        per["2301"] += 1
    w.staff, w.by_login, used = [], {}, set()
    for code in codes:
        d = w.districts[code]
        forced = (["compliance_monitor", "compliance_monitor", "compliance_monitor", "state_analyst"] if code == "SDE"
                  else ["sped_director", "sped_secretary", "case_manager", "case_manager", "slp"]
                  + (["it_admin"] if per[code] >= 20 else []))
        table = SDE_ROLES if code == "SDE" else ROLES
        for i in range(per[code]):
            role = forced[i] if i < len(forced) else rng.choices([r for r, _ in table], [x for _, x in table])[0]
            first, last = rng.choice(FIRST), rng.choice(LAST).replace("'", "")
            login = "%s.%s@%s" % (first, last, d["domain"])
            k = 2
            while login in used:
                login = "%s.%s%d@%s" % (first, last, k, d["domain"])
                k += 1
            used.add(login)
            office = d["buildings"][-1]
            schools = d["buildings"][:-1] or d["buildings"]
            building = office if (role in OFFICE_ROLES or role == "sped_director" or code == "SDE"
                                  or (role == "sped_secretary" and rng.random() < 0.5)) else rng.choice(schools)
            fleet = FLEET[d["fleet"]]
            kind = rng.choices([k_ for k_, _ in fleet], [x for _, x in fleet])[0]
            if role in ("slp", "ot", "pt") and rng.random() < 0.5:
                kind = "mac_safari"   # an iPad, which announces itself as a Mac
            s = Staff(login=login, first=first, last=last, role=role, district=code, building=building,
                      auth=d["auth"], idp=d["idp"], work_kind=kind, work_ua=ua(kind, None if "safari" in kind
                                                                              or "firefox" in kind else chrome_ver(rng)),
                      itinerary=rng.sample(schools, min(len(schools), rng.randint(2, 3))) if role in ITINERANT else [building],
                      home_ip=w.nets.home(v6=0.3), nat_slot=rng.randint(0, 1),
                      home_same_laptop=rng.random() < 0.6,
                      home_ua=ua(rng.choice(["win_chrome", "mac_safari", "win_edge", "mac_chrome"])),
                      phone_ua=ua("iphone") if rng.random() < 0.55 else ua("android", chrome_ver(rng)),
                      carrier=rng.choice(["tmobile", "verizon", "verizon", "att_mobility"]), index=len(w.staff))
            w.staff.append(s)
            w.by_login[login] = s
    # pupils' cases
    w.cases, w.by_district, sids = [], {}, set()
    for code in codes:
        if code == "SDE":
            continue
        d = w.districts[code]
        staff_d = [s for s in w.staff if s.district == code]
        cms = [s for s in staff_d if s.role == "case_manager"] or staff_d
        lst = []
        for i in range(max(60, int(len(staff_d) * 11))):
            c = Case()
            c.id = _uuid(rng)
            while True:
                sid = "%d" % rng.randint(1000000000, 9999999999)
                if sid not in sids:
                    sids.add(sid)
                    break
            c.sid, c.last, c.district = sid, rng.choice(LAST), code
            c.building = rng.choice(d["buildings"][:-1] or d["buildings"])
            cm = cms[i % len(cms)]
            c.cm = cm.login
            cm.caseload.append(c)
            c.versions = rng.choices([1, 2, 3, 4, 5, 6], [8, 14, 14, 10, 5, 3])[0]
            docs = [(_uuid(rng), "iep", v, int(rng.lognormvariate(13.0, 0.45))) for v in range(1, c.versions + 1)]
            docs += [(_uuid(rng), "eval", 0, int(rng.lognormvariate(13.2, 0.5))) for _ in range(rng.randint(1, 2))]
            docs += [(_uuid(rng), "progress", 0, int(rng.lognormvariate(12.0, 0.3))) for _ in range(rng.randint(0, 3))]
            docs += [(_uuid(rng), "pwn", 0, int(rng.lognormvariate(11.5, 0.3))) for _ in range(rng.randint(0, 2))]
            docs += [(_uuid(rng), "consent", 0, int(rng.lognormvariate(14.0, 0.6))) for _ in range(rng.randint(0, 2))]
            c.docs = docs
            c.due = rng.randint(0, 364)
            lst.append(c)
            w.cases.append(c)
        w.by_district[code] = lst
        for s in staff_d:   # therapists' and psychologists' working lists
            if s.role in ("slp", "ot", "pt", "school_psychologist"):
                s.caseload = rng.sample(lst, min(len(lst), rng.randint(18, 40)))
            elif s.role != "case_manager":
                s.caseload = rng.sample(lst, min(len(lst), rng.randint(4, 12)))
    w.by_sid = {c.sid: c for c in w.cases}
    w.by_id = {c.id: c for c in w.cases}
    return w


def work_ip(w, s, building=None):
    pool = w.building_ips[building or s.building]
    return pool[s.nat_slot % len(pool)]


def pick(w, rng, roles, districts=None, auth=None, n=1):
    """Staff not yet given a special part, preferring the roles and districts asked for."""
    def cands(use_roles, use_d):
        return [s for s in w.staff if s.special is None and s.abused_by is None
                and (use_roles is None or s.role in use_roles) and (use_d is None or s.district in use_d)
                and (auth is None or s.auth in auth)]
    for use_roles, use_d in ((roles, districts), (roles, None), (None, districts), (None, None)):
        c = cands(use_roles, use_d)
        if len(c) >= n:
            return rng.sample(c, n) if n > 1 else rng.choice(c)
    raise ValueError("not enough staff for %s" % (roles,))
