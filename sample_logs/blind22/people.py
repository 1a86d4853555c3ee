"""Staff, class sections and parent-portal guardians of the blind22 world.

``build_world(seed, n_staff, days)`` returns a ``World`` with pupils, staff (roles per campus), sections (secondary
teachers teach 5 of 7 periods, elementary teachers one homeroom), guardians and the calendar of the window.
"""
import datetime as dt
import random

from . import world as W

FIXED = {
    "es": ["principal", "secretary"],
    "ms": ["principal", "assistant_principal", "secretary", "attendance_clerk", "counselor", "nurse"],
    "hs": ["principal", "assistant_principal", "assistant_principal", "secretary", "attendance_clerk", "registrar",
           "counselor", "counselor", "counselor", "nurse", "media_specialist"],
    "co": ["superintendent", "registrar", "registrar", "data_analyst", "data_analyst", "data_analyst", "it_admin",
           "it_admin", "it_admin", "sped_coordinator", "sped_coordinator", "attendance_officer", "program_specialist",
           "program_specialist"],
}
CO_FILL = ["program_specialist", "data_analyst", "district_office", "sped_coordinator"]
ADMINS = {"principal", "assistant_principal", "superintendent", "it_admin"}
EVENING = {"teacher": 0.33, "counselor": 0.25, "principal": 0.5, "assistant_principal": 0.4, "secretary": 0.05,
           "attendance_clerk": 0.05, "registrar": 0.1, "nurse": 0.1, "data_analyst": 0.2, "it_admin": 0.3,
           "superintendent": 0.6, "sped_coordinator": 0.25}
MAIL = [("gmail.com", 55), ("yahoo.com", 12), ("outlook.com", 7), ("hotmail.com", 5), ("icloud.com", 10),
        ("aol.com", 3), ("comcast.net", 5), ("verizon.net", 3)]


class Person:
    """A staff member or guardian; attributes are set by the builders."""

    def __init__(self, **kw):
        self.sections, self.behaviour, self.extra = [], None, {}
        self.__dict__.update(kw)


class World:
    def __init__(self, seed, n_staff, days):
        self.seed, self.n_staff, self.days = seed, n_staff, days
        self.dates = [W.START_DATE + dt.timedelta(days=i) for i in range(days)]
        self.midnights = [dt.datetime(d.year, d.month, d.day, tzinfo=W.TZ).timestamp() for d in self.dates]
        self.school_day = [d.weekday() < 5 and d not in W.HOLIDAYS for d in self.dates]

    def t(self, day, hours):
        """Epoch seconds of a local time of day (hours as a float) on day index ``day``."""
        return self.midnights[day] + hours * 3600.0

    def rng(self, *parts):
        return random.Random("blind22:%d:" % self.seed + ":".join(str(p) for p in parts))


def _counts(n_staff):
    co = max(len(FIXED["co"]), round(n_staff * 0.14))
    rest = n_staff - co
    shares = [(c[0], c[6]) for c in W.CAMPUSES if c[2] != "co"]
    tot = sum(s for _, s in shares)
    raw = [(code, rest * s / tot) for code, s in shares]
    counts = {code: int(x) for code, x in raw}
    left = rest - sum(counts.values())
    for code, x in sorted(raw, key=lambda r: (-(r[1] - int(r[1])), r[0]))[:left]:
        counts[code] += 1
    counts["CO"] = co
    return counts


def _login(first, last, taken):
    base = "%s.%s" % (first.lower(), last.lower().replace("'", ""))
    name, k = base, 1
    while name in taken:
        k += 1
        name = "%s%d" % (base, k)
    taken.add(name)
    return name + "@" + W.DOMAIN


def build_staff(w, rng):
    counts, taken, staff = _counts(w.n_staff), set(), []
    sec_id = {"es": 11000, "ms": 31000, "hs": 41000}
    for code, _name, level, _num, nat, _n, _s in W.CAMPUSES:
        roles = list(FIXED[level]) + (["nurse"] if code in ("BHE", "DME") else [])
        while len(roles) < counts[code]:
            roles.append(CO_FILL[(len(roles) - len(FIXED["co"])) % len(CO_FILL)] if level == "co" else "teacher")
        for role in roles[:max(counts[code], len(FIXED[level]))]:
            first, last = rng.choice(W.FIRST), rng.choice(W.LAST)
            auth = "local" if rng.random() < 0.15 or role == "superintendent" else "sso"
            p = Person(login=_login(first, last, taken), first=first, last=last, role=role, campus=code,
                       level=level, nat=nat, auth=auth, mfa=role in ADMINS, ua=W.district_ua(rng, role, level),
                       phone=W.phone_ua(rng) if rng.random() < 0.45 else None,
                       carrier=rng.choice(["tmobile", "verizon", "verizon", "att"]), home_ip=W.home_ip(rng),
                       home_ua=None if rng.random() < 0.6 else W.home_ua(rng),
                       evening=EVENING.get(role, 0.15), pace=rng.lognormvariate(0, 0.25),
                       arrive=rng.gauss(7.0 if level == "hs" else 7.45 if level in ("ms", "es") else 7.9, 0.22),
                       leave=rng.gauss(15.2 if level == "hs" else 15.6 if level != "co" else 16.6, 0.35))
            p.behaviour = role
            if role == "teacher":
                _sections(w, rng, p, sec_id)
            staff.append(p)
    return staff


def _sections(w, rng, p, sec_id):
    pupils = w.by_school[p.campus]
    if p.level == "es":
        g = rng.choice(list(W.GRADES["es"]))
        pool = [x for x in pupils if x.grade == g]
        sec_id["es"] += rng.randint(1, 9)
        p.sections.append((str(sec_id["es"]), 0, rng.sample(pool, min(len(pool), rng.randint(18, 24)))))
        return
    grades = rng.sample(list(W.GRADES[p.level]), 2)
    pool = [x for x in pupils if x.grade in grades]
    for period in sorted(rng.sample(range(7), 5)):
        sec_id[p.level] += rng.randint(1, 9)
        p.sections.append((str(sec_id[p.level]), period, rng.sample(pool, min(len(pool), rng.randint(22, 30)))))


def build_guardians(w, rng):
    """One portal account for about 55 % of pupils (the guardian's personal e-mail)."""
    out, taken = [], set()
    names = [d for d, _ in MAIL]
    weights = [k for _, k in MAIL]
    for p in w.pupils:
        if rng.random() > 0.55:
            continue
        first = rng.choice(W.FIRST)
        last = p.last if rng.random() < 0.8 else rng.choice(W.LAST)
        while True:
            style = rng.random()
            local = (first + last + str(rng.randint(1, 99)) if style < 0.5 else
                     first[0] + last + str(rng.randint(60, 99)) if style < 0.8 else first + "." + last).lower()
            email = local + "@" + rng.choices(names, weights)[0]
            if email not in taken:
                break
        taken.add(email)
        on_phone = rng.random() < 0.7
        out.append(Person(login=email, first=first, last=last, role="parent", campus=p.school, child=p,
                          auth="local", ua=W.phone_ua(rng) if on_phone else W.home_ua(rng), on_phone=on_phone,
                          carrier=rng.choice(["tmobile", "verizon", "att"]), home_ip=W.home_ip(rng)))
    return out


def build_world(seed, n_staff, days):
    w = World(seed, n_staff, days)
    rng = w.rng("world")
    w.pupils, w.by_school = W.build_pupils(rng)
    w.sid_index = {p.sid: p for p in w.pupils}
    w.staff = build_staff(w, rng)
    w.by_login = {p.login: p for p in w.staff}
    w.guardians = build_guardians(w, w.rng("guardians"))
    w.extra_accounts = {}     # generic / service / external accounts: login -> Person
    w.sources = {}            # address -> label entry (filled by behaviours)
    w.abuse = {}              # actor id -> dict(account=..., behaviour=..., kinds=..., params=...)
    return w


def pick(w, rng, role, campus=None, exclude=(), level=None):
    """A staff member of a role (optionally at a campus / level) who has not been given a special behaviour."""
    cands = [p for p in w.staff if p.role == role and (campus is None or p.campus == campus)
             and (level is None or p.level == level) and p.behaviour == p.role and p.login not in exclude]
    if not cands:
        cands = [p for p in w.staff if p.role == role and p.behaviour == p.role] or \
                [p for p in w.staff if p.behaviour == p.role]
    return rng.choice(cands)
