"""Builds the blind24 world: districts with pupils, the staff sample (roles, logins, devices,
home addresses, sections), school and agency networks. Deterministic from the seed."""
import itertools
import random

from . import world as W

RURAL = {"Colfax", "Truckee", "Ione", "Sutter Creek", "Murphys", "Twain Harte", "Mariposa", "Angels Camp",
         "San Andreas", "Paradise", "Gridley", "Nevada City", "Jackson", "Sonora"}


class World:
    def __init__(self, seed, n_staff):
        rng = random.Random("blind24:%d:world" % seed)
        self.net = W.Net(random.Random("blind24:%d:net" % seed))
        self.net.set(W.ESA_WAN_NAT, "Sacramento", "esa_wan")
        self.net.set(W.ESA_SERVERS, "Sacramento", "esa_servers")
        ids = itertools.count(rng.randint(310000, 390000))
        self.doc_ids = ids
        self.districts = [W.build_district(rng, row, ids) for row in W.DISTRICTS]
        self.by_code = {d.code: d for d in self.districts}
        for d in self.districts:
            d.nat = W.ESA_WAN_NAT if d.wan else self.net.alloc("cenic", d.city)
            d.office_ip = d.nat
        self.sec_ids = itertools.count(rng.randint(40000, 52000), 7)
        self.staff, self.used = [], set()
        self._make_staff(rng, n_staff)

    # ------------------------------------------------------------------ staff
    def login_for(self, first, last, domain, title=False):
        base = "%s.%s" % (first.lower(), last.lower())
        n = 1
        name = base
        while "%s@%s" % (name, domain) in self.used:
            n += 1
            name = "%s%d" % (base, n)
        self.used.add("%s@%s" % (name, domain))
        if title:
            name = name.replace(first.lower(), first, 1).replace(last.lower(), last, 1)
        return "%s@%s" % (name, domain)

    def _make_staff(self, rng, n):
        n_esa = max(10, round(n * 0.09))
        esa_roles = _spread(W.ESA_ROLES, n_esa)
        dist_roles = _spread(W.ROLE_SHARES, n - n_esa)
        rng.shuffle(dist_roles)
        weights = [len(d.pupils) ** 0.6 for d in self.districts]
        for role in esa_roles:
            self.staff.append(self._person(rng, role, None))
        for i, role in enumerate(dist_roles):
            d = self.districts[i] if i < len(self.districts) else rng.choices(self.districts, weights)[0]
            self.staff.append(self._person(rng, role, d))

    def _person(self, rng, role, d):
        first, last = rng.choice(W.FIRST), rng.choice(W.LAST)
        if d is None:
            domain, auth, city, title = W.AGENCY_DOMAIN, "entra", rng.choice(["Sacramento", "Roseville", "Auburn", "Folsom", "Rocklin"]), False
            if role == "esa_it" and rng.random() < 0.5:
                auth = "local"
        else:
            domain, title = d.domain, d.upn_title
            auth = "entra" if d.entra and rng.random() > 0.07 else "local"
            city = rng.choice(W.NEAR.get(d.city, [d.city]))
        if auth == "local":
            title = False
        school = None
        if d is not None and role not in W.DISTRICT_OFFICE_ROLES:
            pool = d.schools
            if role == "counselor":
                pool = [s for s in d.schools if s.level in ("middle", "high", "k8")] or d.schools
            school = rng.choices(pool, [len(s.pupils) + 1 for s in pool])[0]
        s = W.Staff(self.login_for(first, last, domain, title), first, last, role, d, school, auth, city)
        self.equip(rng, s)
        if role == "teacher":
            self._sections(rng, s)
        return s

    def equip(self, rng, s, city=None):
        city = city or s.home_city
        isp = rng.choices(["comcast", "att", "starlink", "frontier"],
                          [2, 3, 4, 3] if city in RURAL else [6, 4, 1, 1])[0]
        s.home_ip = self.net.alloc(isp, city)
        chromebook = s.role == "teacher" and s.district is not None and s.district.code % 3 == 0
        kind = "cros" if chromebook else rng.choices(["win_chrome", "win_edge", "mac_chrome", "mac_safari"], [58, 24, 10, 8])[0]
        s.work_ua = W.ua(kind, rng)
        s.laptop_home = (not chromebook) and rng.random() < (0.65 if s.role in ("teacher", "principal", "counselor", "psychologist", "esa_psychologist") else 0.4)
        s.home_ua = s.work_ua if s.laptop_home else W.ua(rng.choice(["win_chrome", "mac_safari", "mac_chrome", "win_edge", "win_firefox"]), rng)
        s.phone_ua = W.ua(rng.choices(["iphone", "android"], [62, 38])[0], rng)
        s.phone_pool = rng.choices(["tmobile", "verizon", "attmobile"], [4, 4, 3])[0]

    def _sections(self, rng, s):
        sch = s.school
        if sch.level in ("elem", "k8") and rng.random() < 0.8:
            g = rng.choice(sch.grades[:6])
            kids = [p for p in sch.pupils if s.district.grade_of[p] == g] or sch.pupils
            s.sections.append((next(self.sec_ids), rng.sample(kids, min(len(kids), rng.randint(20, 28))), 0))
        else:
            periods = rng.sample(range(1, 7), 5)
            for per in sorted(periods):
                s.sections.append((next(self.sec_ids), rng.sample(sch.pupils, min(len(sch.pupils), rng.randint(22, 32))), per))

    def pick(self, rng, taken, roles, pred=lambda s: True):
        """A not-yet-used staff member with one of the roles (relaxing the predicate if needed)."""
        for test in (pred, lambda s: True):
            cands = [s for s in self.staff if s.role in roles and s.login not in taken and test(s)]
            if cands:
                s = rng.choice(cands)
                taken.add(s.login)
                return s
        cands = [s for s in self.staff if s.login not in taken and s.role not in ("esa_it",)]
        s = rng.choice(cands)
        taken.add(s.login)
        return s

    def pupils_of(self, s):
        if s.school is not None:
            return s.school.pupils
        if s.district is not None:
            return s.district.pupils
        return None


def _spread(shares, n):
    total = sum(w for _, w in shares)
    raw = [(r, n * w / total) for r, w in shares]
    out = {r: int(x) for r, x in raw}
    rest = n - sum(out.values())
    for r, x in sorted(raw, key=lambda rx: -(rx[1] - int(rx[1])))[:rest]:
        out[r] += 1
    return [r for r, _ in shares for _ in range(out[r])]
