"""Pupils, class sections and the staff directory of blind16, drawn from a seeded RNG."""
import random

from . import world as W

PERIODS_SEC = [(7.75, 8.67), (8.75, 9.67), (9.75, 10.67), (10.75, 11.67), (12.42, 13.33), (13.42, 14.33), (14.42, 15.33)]
PERIODS_ES = [(8.17, 11.5), (12.5, 15.17)]

REPORTS = {
    "ENR": ["ENR-%02d" % i for i in range(1, 13)],
    "ATT": ["ATT-%02d" % i for i in range(1, 7)],
    "GRD": ["GRD-%02d" % i for i in range(1, 5)],
    "HLT": ["HLT-%02d" % i for i in range(1, 4)],
    "SPED": ["SPED-%02d" % i for i in range(1, 4)],
    "STATE": ["STATE-%02d" % i for i in range(1, 9)],
    "DISC": ["DISC-01", "DISC-02"],
}


class Section:
    __slots__ = ("num", "campus", "period", "pupils", "grade")

    def __init__(self, num, campus, period, pupils, grade):
        self.num, self.campus, self.period, self.pupils, self.grade = num, campus, period, pupils, grade


class Directory:
    """Everything about the district that does not change during the window."""

    def __init__(self, seed, n_staff):
        rng = random.Random("blind16:%d:directory" % seed)
        self.rng = rng
        self.scale = max(0.5, n_staff / 240.0)
        self._pupils(rng)
        self.staff = []
        self.by_login = {}
        self._staff(rng, n_staff)
        self.reserved_ips = {s.home_ip for s in self.staff}
        self._sections(rng)

    # pupils ---------------------------------------------------------------
    def _pupils(self, rng):
        self.pupils, self.by_campus, self.by_ssid = [], {}, {}
        seen = set()
        for code, _name, level, base, _net in W.CAMPUSES:
            if level == "do":
                continue
            lst = []
            for _ in range(int(base * self.scale)):
                while True:
                    body = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
                    ssid = body + W.luhn_digit(body)
                    if ssid not in seen:
                        seen.add(ssid)
                        break
                p = W.Pupil(ssid, rng.choice(W.FIRSTS), rng.choice(W.SURNAMES), code,
                            rng.choice(W.GRADES[level]), rng.random() < 0.12, rng.random() < 0.14)
                lst.append(p)
                self.by_ssid[ssid] = p
            self.by_campus[code] = lst
            self.pupils.extend(lst)

    # staff ----------------------------------------------------------------
    def _staff(self, rng, n_staff):
        plan = []
        for code, _n, level, _b, _net in W.CAMPUSES:
            if level == "do":
                continue
            plan.append((code, "principal"))
            if level != "es":
                plan += [(code, "assistant_principal"), (code, "registrar"), (code, "counselor")]
            plan.append((code, "office"))
            if level == "hs":
                plan.append((code, "counselor"))
        plan += [("DO", "registrar"), ("DO", "district_analyst"), ("DO", "district_analyst"),
                 ("DO", "it_admin"), ("DO", "it_admin"), ("DO", "director"),
                 ("HHS", "nurse"), ("FHM", "nurse"), ("AME", "nurse")]
        extras = [("HHS", "assistant_principal"), ("ISH", "assistant_principal"), ("DO", "registrar"),
                  ("AME", "office"), ("CWE", "office"), ("HHS", "counselor"), ("ISH", "counselor"),
                  ("FHM", "counselor"), ("GPM", "counselor"), ("ISH", "nurse"), ("GPM", "nurse"),
                  ("CWE", "nurse"), ("DO", "sped_coordinator"), ("DO", "sped_coordinator"),
                  ("DO", "district_analyst"), ("DO", "it_admin"), ("DO", "director"), ("AME", "counselor"),
                  ("CWE", "counselor"), ("HHS", "office"), ("ISH", "office"), ("FHM", "office"),
                  ("BBE", "nurse"), ("DO", "district_analyst"), ("DO", "it_admin"), ("DO", "director"),
                  ("GPM", "assistant_principal"), ("FHM", "assistant_principal"), ("DCE", "counselor"),
                  ("HHS", "registrar"), ("DO", "sped_coordinator")]
        target = int(round(0.30 * n_staff))
        for e in extras:
            if len(plan) >= target:
                break
            plan.append(e)
        n_teach = n_staff - len(plan)
        weights = [(c[0], c[3]) for c in W.CAMPUSES if c[2] != "do"]
        tot = sum(w for _, w in weights)
        alloc = {c: max(3, int(n_teach * w / tot)) for c, w in weights}
        order = [c for c, _ in sorted(weights, key=lambda x: -x[1])]
        i = 0
        while sum(alloc.values()) < n_teach:
            alloc[order[i % len(order)]] += 1
            i += 1
        while sum(alloc.values()) > n_teach:
            c = order[i % len(order)]
            if alloc[c] > 3:
                alloc[c] -= 1
            i += 1
        for c in order:
            plan += [(c, "teacher")] * alloc[c]
        for campus, role in plan:
            self.add_staff(rng, campus, role)

    def add_staff(self, rng, campus, role, first=None, last=None, auth=None, extra=False, login=None):
        first = first or rng.choice(W.STAFF_FIRSTS)
        last = last or rng.choice(W.SURNAMES)
        login = base = login or first[0] + last
        k = 2
        while login in self.by_login:
            login = "%s%d" % (base, k)
            k += 1
        if auth is None:
            auth = "form" if (role == "it_admin" or rng.random() < 0.17) else "saml"
        evening = {"teacher": 0.30, "counselor": 0.22, "principal": 0.40, "assistant_principal": 0.40,
                   "district_analyst": 0.25, "it_admin": 0.30, "director": 0.35}.get(role, 0.10)
        s = W.Staff(login=login, first=first, last=last, role=role, campus=campus, auth=auth,
                    work_ua=W.district_pc_ua(rng), home_ip=W.home_ip(rng), home_ua=W.home_ua(rng),
                    phone_ua=W.phone_ua(rng), phone_p=rng.uniform(0.02, 0.12), evening_p=evening,
                    laptop=rng.random() < 0.45, proxy_node=rng.randrange(2), extra=extra)
        if s.laptop:  # district laptop taken home: the same browser at home
            s.home_ua = s.work_ua
        self.by_login[login] = s
        if not extra:
            self.staff.append(s)
        return s

    # sections -------------------------------------------------------------
    def _sections(self, rng):
        self.sections = {}
        self.campus_sections = {}
        for code, _n, level, _b, _net in W.CAMPUSES:
            if level == "do":
                continue
            num = 1000 + W.SCHOOLS.index(code) * 450 + rng.randint(0, 40)
            secs = []
            pupils = self.by_campus[code]
            by_grade = {}
            for p in pupils:
                by_grade.setdefault(p.grade, []).append(p)
            teachers = [s for s in self.staff if s.campus == code and s.role == "teacher"]
            for t in teachers:
                if level == "es":
                    g = rng.choice(sorted(by_grade))
                    plist = [(i, g) for i in range(2)]
                    n_sec = 1
                else:
                    plan_p = rng.randrange(7)
                    plist = [(p, rng.choice(sorted(by_grade))) for p in range(7) if p != plan_p][:rng.choice([5, 5, 6])]
                    n_sec = len(plist)
                for period, g in plist[:n_sec]:
                    pool = by_grade[g]
                    size = min(len(pool), rng.randint(19, 27) if level == "es" else rng.randint(22, 33))
                    sec = Section(num, code, period, rng.sample(pool, size), g)
                    num += rng.randint(1, 3)
                    secs.append(sec)
                    t.sections.append(sec)
                    self.sections[sec.num] = sec
            self.campus_sections[code] = secs

    # helpers ----------------------------------------------------------------
    def of_role(self, role, campus=None):
        return [s for s in self.staff if s.role == role and (campus is None or s.campus == campus)]

    def local_pupils(self, staff):
        if staff.campus == "DO":
            return self.pupils
        return self.by_campus[staff.campus]
