"""Pupils, sections and staff of the two districts and the state agency (deterministic from the rng)."""
from . import world as W

ROLE_SEQ = {
    "es": ["principal", "office", "nurse", "teacher", "teacher", "counselor", "teacher", "teacher", "office", "sped"],
    "ms": ["principal", "office", "nurse", "counselor", "teacher", "teacher", "asst_principal", "teacher",
           "counselor", "office", "sped", "teacher"],
    "hs": ["principal", "office", "nurse", "counselor", "teacher", "teacher", "asst_principal", "counselor",
           "teacher", "office", "registrar", "sped", "counselor", "teacher", "asst_principal"],
}
FIXED = [("SDE", "auditor"), ("SDE", "state_analyst"), ("SVDO", "it"), ("SVDO", "it"), ("SVDO", "it"),
         ("SVDO", "analyst"), ("SVDO", "data_coordinator"), ("SVDO", "registrar"), ("SVDO", "registrar"),
         ("SVDO", "psychologist"), ("SVDO", "psychologist"), ("SVDO", "sped_director"), ("CRDO", "it"),
         ("CRDO", "registrar"), ("CRDO", "analyst")]


class Staff:
    """One person's account and devices. `login` is the real login; `log_name` is how Apache's %u prints it."""
    __slots__ = ("login", "first", "last", "role", "district", "campus", "level", "auth", "nat", "home_ip",
                 "home_city", "ua_work", "ua_home", "ua_phone", "app_ua", "sections", "pupils", "behaviour",
                 "kinds", "params", "seen")

    @property
    def log_name(self):
        return self.login.replace("\\", "\\\\")


class Population:
    def __init__(self, rng, n_staff):
        self.school = {s[0]: s for s in W.SCHOOLS}
        self.pupils, self.pupil_school, self.grade = {}, {}, {}
        self.sections = {}               # section id -> (school, teacher login, period, [sids])
        serials = {d: rng.sample(range(100000, 999999), 12000) for d in W.DISTRICT_NUM}
        for code, _n, dist, level, n, _nat in W.SCHOOLS:
            lo, hi = {"es": (0, 5), "ms": (6, 8), "hs": (9, 12)}[level]
            sids = [W.make_sid(dist, serials[dist].pop()) for _ in range(n)]
            self.pupils[code] = sids
            for s in sids:
                self.pupil_school[s] = code
                self.grade[s] = rng.randint(lo, hi)
        self.all_sids = [s for c in self.pupils for s in self.pupils[c]]
        self.district_sids = {d: [s for s in self.all_sids if self.school[self.pupil_school[s]][2] == d]
                              for d in W.DISTRICT_NUM}
        self.staff, self._logins, self._sec_ids = [], set(), iter(rng.sample(range(20000, 69999), 4000))
        for campus, role in FIXED:
            self._add(rng, campus, role)
        rest = n_staff - len(FIXED)
        tot = sum(s[4] for s in W.SCHOOLS)
        quota = {s[0]: max(6, int(rest * s[4] / tot)) for s in W.SCHOOLS}
        order = sorted(W.SCHOOLS, key=lambda s: -s[4])
        i = 0
        while sum(quota.values()) != rest:
            code = order[i % len(order)][0]
            if sum(quota.values()) < rest:
                quota[code] += 1
            elif quota[code] > 6:
                quota[code] -= 1
            i += 1
        for code, _n, _d, level, _p, _nat in W.SCHOOLS:
            seq = ROLE_SEQ[level]
            for k in range(quota[code]):
                role = seq[k] if k < len(seq) else ("office" if k % 11 == 0 else
                                                   "counselor" if level == "hs" and k % 13 == 0 else "teacher")
                self._add(rng, code, role)
        self.by_login = {s.login: s for s in self.staff}

    def _add(self, rng, campus, role):
        s = Staff()
        if campus in W.OFFICES:
            s.district, s.nat = W.OFFICES[campus]
            s.level = "office"
        else:
            sc = self.school[campus]
            s.district, s.level, s.nat = sc[2], sc[3], sc[5]
        s.campus, s.role = campus, role
        while True:
            s.first, s.last = rng.choice(W.FIRST), rng.choice(W.LAST)
            if s.district == "SDE":
                base = "%s.%s" % (s.first.lower(), s.last.lower())
            else:
                base = (s.first[0] + s.last).lower()
            login = self._login(s.district, base)
            if login not in self._logins:
                break
            login = self._login(s.district, base + str(rng.randint(2, 9)))
            if login not in self._logins:
                break
        s.login = login
        self._logins.add(login)
        s.auth = "form" if s.district == "CRESD" else ("form" if rng.random() < 0.15 else "saml")
        s.home_city = "prescott" if s.district == "CRESD" else "phoenix"
        s.home_ip = W.ip_in(rng, W.HOME[s.home_city])
        s.ua_work = W.desktop_ua(rng)
        s.ua_home = s.ua_work if rng.random() < 0.6 else W.desktop_ua(rng)
        s.ua_phone = W.phone_ua(rng) if rng.random() < 0.75 else None
        app_p = 0.55 if role in ("counselor", "principal", "asst_principal", "psychologist") else 0.08
        s.app_ua = None
        if rng.random() < app_p:
            s.app_ua = W.APP_IOS if rng.random() < 0.6 else W.APP_ANDROID % rng.choice(W.ANDROID_MODELS)
        s.sections, s.pupils = [], []
        s.behaviour, s.kinds, s.params, s.seen = role, [], {}, False
        if campus in self.pupils:
            pool = self.pupils[campus]
            if role == "teacher" and s.level == "es":
                g = rng.randint(0, 5)
                cands = [p for p in pool if self.grade[p] == g] or pool
                self._section(rng, s, 1, rng.sample(cands, min(len(cands), rng.randint(22, 28))))
            elif role == "teacher":
                prep = rng.randint(1, 6)
                for per in range(1, 7):
                    if per != prep:
                        self._section(rng, s, per, rng.sample(pool, rng.randint(24, 32)))
            else:
                s.pupils = pool
        elif s.district in W.DISTRICT_NUM:
            s.pupils = self.district_sids[s.district]
        else:
            s.pupils = self.all_sids
        self.staff.append(s)

    def _section(self, rng, s, period, sids):
        sec = next(self._sec_ids)
        self.sections[sec] = (s.campus, s.login, period, sids)
        s.sections.append((sec, period))
        s.pupils = s.pupils + sids

    @staticmethod
    def _login(district, base):
        if district == "CRESD":
            return "CRESD\\" + base
        return "%s@%s" % (base, W.DOMAIN[district])

    def pick(self, rng, role=None, district=None, level=None, free=True, campus=None, auth=None):
        """A staff member with the given traits not yet given a special behaviour."""
        c = [s for s in self.staff if (role is None or s.role == role) and (district is None or s.district == district)
             and (level is None or s.level == level) and (campus is None or s.campus == campus)
             and (auth is None or s.auth == auth) and (not free or s.behaviour == s.role)]
        return rng.choice(c) if c else None
