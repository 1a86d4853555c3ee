"""Pupils, sections and staff of the district (seeded)."""
import random

from . import world as W

# role -> (tasks per hour, share of evenings at home, arrive mean h, leave mean h)
ROLE = {
    "teacher": (1.6, 0.22, 7.35, 15.75), "principal": (2.6, 0.18, 7.2, 16.6),
    "assistant_principal": (2.8, 0.12, 7.25, 16.3), "secretary": (3.6, 0.04, 7.3, 15.9),
    "registrar": (3.4, 0.05, 7.4, 16.0), "attendance_clerk": (3.8, 0.02, 7.25, 15.6),
    "counselor": (3.0, 0.12, 7.5, 16.0), "nurse": (2.2, 0.03, 7.5, 15.5),
    "social_worker": (2.0, 0.08, 7.9, 16.1), "athletic_director": (2.0, 0.2, 8.0, 17.2),
    "data_specialist": (3.2, 0.1, 7.9, 16.5), "it_helpdesk": (3.0, 0.08, 7.6, 16.3),
    "sped_coordinator": (2.4, 0.12, 7.9, 16.4), "enrollment_clerk": (3.6, 0.03, 7.9, 16.4),
    "hr_specialist": (1.6, 0.05, 8.0, 16.5), "assistant_superintendent": (1.8, 0.22, 7.7, 17.0),
}


class Staff:
    def __init__(self, login, first, last, role, school):
        self.login, self.first, self.last, self.role, self.school = login, first, last, role, school
        self.level = W.LEVEL[school]
        self.behaviour, self.label, self.kinds, self.extra = role, "benign", [], {}
        self.sections, self.caseload = [], []
        self.desk = None
        self.wifi = False

    def work_chain(self, seed, day):
        if self.level == "E":
            return (W.ELEM_NAT[self.school],)
        if self.wifi:
            r = random.Random("%s:wifi:%s:%d" % (seed, self.login, day))
            ip = "%s.%d.%d" % (W.internal_net(self.school), r.randint(128, 159), r.randint(2, 254))
            return W.chain_for(ip)
        return W.chain_for(self.desk)


class Population:
    def __init__(self, seed, n_staff, rng, addr):
        if n_staff < 100:
            raise ValueError("n_staff must be at least 100")
        self.seed, self.rng, self.addr = seed, rng, addr
        self.pupils = {}      # school -> list of sids
        self.grade = {}       # sid -> grade
        self.school_of = {}   # sid -> school
        self.sections = {}    # sec -> (teacher login, school, period, sids)
        self._make_pupils()
        self.staff = []
        self.by_login = {}
        self._make_staff(n_staff)

    def _make_pupils(self):
        rng = self.rng
        total = sum(n for _, _, _, n in W.SCHOOLS)
        pool = sorted(rng.sample(range(31000, 31000 + int(total * 3.1)), total))
        rng.shuffle(pool)
        i = 0
        for code, _, lv, n in W.SCHOOLS:
            sids = sorted(pool[i:i + n])
            i += n
            self.pupils[code] = sids
            for s in sids:
                self.grade[s] = rng.choice(W.GRADES[lv])
                self.school_of[s] = code
        self.all_sids = sorted(self.school_of)

    def _slots(self, n_staff):
        slots = []
        for code, _, lv, _ in W.SCHOOLS:
            slots += [("principal", code), ("secretary", code)]
            if lv in "MH":
                k = 1 if lv == "M" else 2
                slots += [("assistant_principal", code)] * k + [("counselor", code)] * (2 * k)
                slots += [("registrar", code), ("attendance_clerk", code), ("nurse", code), ("social_worker", code)]
                if lv == "H":
                    slots.append(("athletic_director", code))
        slots += [("nurse", "130"), ("nurse", "160"), ("nurse", "190")]
        slots += [("data_specialist", W.DO)] * 3 + [("it_helpdesk", W.DO)] * 2 + [("sped_coordinator", W.DO)] * 2
        slots += [("enrollment_clerk", W.DO)] * 2 + [("hr_specialist", W.DO), ("assistant_superintendent", W.DO)]
        weights = [(c, n) for c, _, _, n in W.SCHOOLS]
        tot = sum(n for _, n in weights)
        rest = n_staff - len(slots)
        alloc = [(c, int(rest * n / tot)) for c, n in weights]
        short = rest - sum(k for _, k in alloc)
        for j in range(short):
            c, k = alloc[j % len(alloc)]
            alloc[j % len(alloc)] = (c, k + 1)
        for c, k in alloc:
            slots += [("teacher", c)] * k
        return slots

    def _make_staff(self, n_staff):
        rng, used = self.rng, set()
        desk_used = set()
        sec_id = 7010
        for role, school in self._slots(n_staff):
            first, last = rng.choice(W.FIRST), rng.choice(W.LAST)
            base = (first[0] + last).lower()
            login, k = base, 1
            while login in used:
                k += 1
                login = "%s%d" % (base, k)
            used.add(login)
            s = Staff(login, first, last, role, school)
            lv = s.level
            if lv in "MHD":
                net = W.internal_net(school)
                while True:
                    ip = "%s.%d.%d" % (net, rng.randint(1, 40), rng.randint(10, 250))
                    if ip not in desk_used:
                        desk_used.add(ip)
                        break
                s.desk = ip
                s.wifi = role == "teacher" and rng.random() < 0.7
            s.ua = W.desktop_ua(rng)
            s.home_ip = self.addr.any(W.RESIDENTIAL)
            s.laptop_home = role == "teacher" and rng.random() < 0.6
            s.home_ua = s.ua if s.laptop_home else W.home_ua(rng)
            s.sso = rng.random() < 0.9
            s.poller = rng.random() < 0.45
            s.rate = ROLE[role][0] * 1.3 * rng.lognormvariate(0, 0.3)
            s.p_evening = ROLE[role][1]
            s.arrive = rng.gauss(ROLE[role][2], 0.3)
            s.leave = rng.gauss(ROLE[role][3], 0.45)
            s.think = rng.uniform(14, 40)
            if role == "teacher":
                sids = self.pupils[school]
                if lv == "E":
                    g = rng.choice(W.GRADES["E"])
                    pool = [p for p in sids if self.grade[p] == g] or sids
                    secs = [(sec_id, 0, rng.sample(pool, min(len(pool), rng.randint(20, 26))))]
                    sec_id += 1
                else:
                    periods = sorted(rng.sample(range(1, 8), 5 if lv == "M" or rng.random() < 0.5 else 6))
                    secs = []
                    for p in periods:
                        secs.append((sec_id, p, rng.sample(sids, rng.randint(22, 32))))
                        sec_id += rng.randint(1, 3)
                for sec, p, members in secs:
                    self.sections[sec] = (login, school, p, members)
                    s.sections.append(sec)
            self.staff.append(s)
            self.by_login[login] = s
        for code, _, _, _ in W.SCHOOLS:
            cs = [s for s in self.staff if s.school == code and s.role == "counselor"]
            sids = self.pupils[code]
            for i, c in enumerate(cs):
                c.caseload = sids[i::len(cs)] if cs else []

    def pick(self, role=None, level=None, school=None, exclude=(), where=None):
        """A staff member not yet given a behaviour; constraints are relaxed (level, then the rest) if none fits."""
        for lv, wh, rl in ((level, where, role), (None, where, role), (None, None, role), (None, None, None)):
            cand = [s for s in self.staff if (rl is None or s.role == rl) and (lv is None or s.level in lv)
                    and (school is None or s.school == school) and s.behaviour == s.role and s.login not in exclude
                    and (wh is None or wh(s))]
            if cand:
                return self.rng.choice(cand)
        raise ValueError("no staff left to pick")

    def sids_of(self, school):
        return self.pupils.get(school) or self.all_sids
