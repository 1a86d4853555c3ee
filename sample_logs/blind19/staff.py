"""Staff population and ordinary working days."""
from datetime import timedelta
from .client import Client
from .world import (FIRST, LAST, START, STATE_OFFICE, STATE_VPN, CHI, desktop_ua, phone_ua, home_ip, carrier_ip)

ROLE_MIX = (("teacher", 52), ("para", 4), ("counselor", 6), ("registrar", 5), ("front_office", 4), ("principal", 5),
            ("sped_coordinator", 4), ("nurse", 3), ("ec_specialist", 4), ("data_coordinator", 4),
            ("district_admin", 3), ("state_analyst", 3))
REQUIRED = (("state_analyst", 8), ("registrar", 5), ("counselor", 4), ("principal", 3), ("data_coordinator", 3),
            ("district_admin", 3), ("sped_coordinator", 4), ("front_office", 3), ("nurse", 3), ("ec_specialist", 2),
            ("teacher", 10))
DISTRICT_LEVEL = {"data_coordinator", "district_admin", "sped_coordinator"}

# role -> (action weights, bursts, actions per burst, start hour, end hour, evening p, phone p)
PROFILE = {
    "teacher": ({"dash": 2, "roster": 3, "att": 4, "grades": 3, "student": 4, "search": 1, "help": .2}, (3, 7), (2, 5), (7.2, 8.0), (15.4, 16.6), .3, .12),
    "para": ({"dash": 1, "roster": 2, "student": 3, "att": 1}, (1, 3), (1, 3), (7.6, 8.3), (14.8, 15.8), .05, .05),
    "counselor": ({"dash": 1, "student": 9, "search": 4, "asm": 2, "enr": 1}, (5, 9), (3, 8), (7.4, 8.1), (15.8, 16.9), .15, .1),
    "registrar": ({"dash": 1, "search": 6, "student": 6, "enr": 4, "prog": 1, "export": .3}, (5, 10), (3, 8), (7.3, 7.9), (16.0, 16.8), .05, .05),
    "front_office": ({"dash": 1, "search": 5, "student": 5, "att": 1}, (4, 8), (2, 5), (7.2, 7.8), (15.9, 16.6), .02, .05),
    "principal": ({"dash": 4, "student": 4, "search": 2, "export": .6, "roster": 1}, (3, 7), (1, 4), (7.0, 7.8), (16.0, 17.5), .35, .45),
    "sped_coordinator": ({"dash": 1, "iep": 6, "prog": 3, "search": 2, "student": 2}, (4, 8), (2, 6), (7.5, 8.2), (15.8, 16.9), .2, .1),
    "nurse": ({"dash": 1, "search": 4, "student": 5}, (3, 7), (1, 4), (7.5, 8.0), (15.3, 16.0), .02, .1),
    "ec_specialist": ({"dash": 1, "ec": 5, "prog": 3, "student": 3, "search": 1}, (3, 7), (2, 5), (7.6, 8.3), (15.8, 16.8), .15, .1),
    "data_coordinator": ({"dash": 1, "export": 1.2, "roster": 2, "student": 3, "search": 2, "enr": 2}, (4, 8), (2, 6), (7.4, 8.2), (16.0, 17.2), .2, .1),
    "district_admin": ({"dash": 3, "export": .8, "search": 2, "student": 2, "help": .5}, (3, 7), (1, 4), (7.2, 8.0), (16.2, 17.5), .3, .35),
    "state_analyst": ({"dash": 1, "search": 3, "student": 4, "export": .8, "ec": 1}, (4, 8), (2, 6), (7.8, 8.6), (16.3, 17.2), .1, .05),
}
REPORTS = ("enrollment-roster", "attendance-summary", "ec-screening-status", "sped-child-count", "kids-exit-audit",
           "chronic-absence", "program-participation", "assessment-roster")


class Person:
    def __init__(self, name, upn, district, campus, nat, role, auth, tz, rng):
        self.name, self.upn, self.district, self.campus, self.nat = name, upn, district, campus, nat
        self.role, self.auth, self.tz = role, auth, tz
        self.work = Client(nat, desktop_ua(rng))
        self.home = Client(home_ip(rng), self.work.ua if rng.random() < 0.6 else desktop_ua(rng))
        self.phone_ua = phone_ua(rng)
        self.sections = []
        self.skip_days = set()

    @property
    def login(self):
        return "/Account/Login" if self.auth == "local" else "/signin-oidc"

    def label_params(self):
        return {"role": self.role, "campus": self.campus, "auth": "local_password" if self.auth == "local" else "entra_oidc",
                "login": self.login, "district": self.district.label if self.district else "KSEDS (state agency)",
                "tz": "America/Denver" if self.tz is not CHI else "America/Chicago"}


def make_staff(world, rng, n):
    roles = [r for r, w in ROLE_MIX for _ in range(w)]
    need = [r for r, k in REQUIRED for _ in range(k)]
    used, people = set(), []
    for i in range(n):
        role = need[i] if i < len(need) else rng.choice(roles)
        while True:
            f, l = rng.choice(FIRST), rng.choice(LAST)
            d = None if role == "state_analyst" else world.districts[rng.randrange(len(world.districts))]
            if d is not None and i % 12 == 5:
                d = rng.choice([x for x in world.districts if x.auth == "local"])
            dom = "kseds.org" if d is None else d.domain
            upn = ("%s.%s@%s" % (f, l, dom) if (d is None or d.num % 3) else "%s%s@%s" % (f[0], l, dom)).lower()
            if upn not in used:
                used.add(upn)
                break
        if d is None:
            p = Person(f + " " + l, upn, None, "KSEDS Topeka office", rng.choice(STATE_OFFICE), role, "entra", CHI, rng)
        else:
            campus, nat = d.office if role in DISTRICT_LEVEL else rng.choice(d.schools)
            p = Person(f + " " + l, upn, d, campus, nat, role, d.auth, d.tz, rng)
            if role in ("teacher", "para", "counselor", "principal"):
                p.sections = rng.sample(d.sections, min(len(d.sections), rng.randint(1, 5)))
        people.append(p)
    return people


def scope(world, p, rng):
    if p.district is None:
        return world.districts[rng.randrange(len(world.districts))].students
    if p.sections and rng.random() < 0.75:
        return rng.choice(p.sections)[1]
    return p.district.students


def do_action(sim, world, p, cli, user, t, act, date):
    rng = sim.rng
    d = p.district or world.districts[rng.randrange(len(world.districts))]
    if act == "dash":
        return sim.dashboard(t, cli, user)
    if act in ("student", "asm", "iep"):
        sid = rng.choice(scope(world, p, rng))
        sub = {"asm": "asm", "iep": "iep"}.get(act) or (rng.random() < 0.3 and rng.choice(("att", "asm"))) or None
        return sim.student(t, cli, user, sid, sub)
    if act == "search":
        term = rng.choice(LAST)[:rng.randint(3, 6)].lower()
        t = sim.search(t, cli, user, term, d.num)
        if rng.random() < 0.8:
            t = sim.student(t + rng.uniform(3, 15), cli, user, rng.choice(scope(world, p, rng)))
        return t
    if act in ("roster", "att", "grades"):
        if not p.sections:
            return sim.roster(t, cli, user, rng.choice(d.sections)[0])
        sec, sids = rng.choice(p.sections)
        if act == "roster":
            return sim.roster(t, cli, user, sec)
        if act == "att":
            return sim.attendance(t, cli, user, sec, date)
        return sim.grades(t, cli, user, sec, sids)
    if act == "enr":
        return sim.enrollment(t, cli, user, rng.choice(scope(world, p, rng)))
    if act == "prog":
        return sim.program(t, cli, user, rng.choice(scope(world, p, rng)))
    if act == "export":
        return sim.export(t, cli, user, rng.choice(REPORTS), d.num)
    if act == "ec":
        return sim.screenings(t, cli, user, d.num, rng.randint(1, 3))
    return sim.help(t, cli, user, rng.choice(("attendance-codes", "ferpa", "exports", "kids-collection")))


def signin(sim, p, cli, t, fails=0):
    cli.assets = False
    if p.auth == "local":
        return sim.login_form(t, cli, fails)[0]
    return sim.signin_entra(t, cli, fail=fails > 0)


def session(sim, world, p, cli, t, t_end, bursts, acts, weights, date, user=None, sign=True, logout_p=0.25,
            polls=(0, 6), gaps=(8, 90)):
    """A sign-in followed by `bursts` bursts of actions spread over [t, t_end]."""
    rng = sim.rng
    user = user or p.upn
    names, ws = list(weights), list(weights.values())
    if sign:
        fails = 1 if (p.auth == "local" and rng.random() < 0.05) else 0
        t = signin(sim, p, cli, t, fails)
        t = sim.dashboard(t, cli, user)
    starts = sorted(rng.uniform(t, max(t + 60, t_end)) for _ in range(bursts))
    for bs in starts:
        t = max(t + rng.uniform(*gaps), bs)
        for _ in range(rng.randint(*acts)):
            t = do_action(sim, world, p, cli, user, t, rng.choices(names, ws)[0], date)
            t += rng.uniform(*gaps)
        for k in range(rng.randint(*polls)):
            sim.poll(t + 300 * (k + 1) + rng.uniform(-4, 4), cli, user)
    if rng.random() < logout_p:
        t = sim.logout(t + rng.uniform(5, 60), cli, user, p.auth != "local")
    return t


def ordinary_day(sim, world, p, day, heavy=1.0):
    rng = sim.rng
    if day in p.skip_days or rng.random() < 0.07:
        return
    w, bursts, acts, hs, he, eve, ph = PROFILE[p.role]
    date = (START + timedelta(days=day)).strftime("%Y-%m-%d")
    base = world.day_epoch(day, p.tz)
    t0 = base + rng.uniform(*hs) * 3600
    t1 = base + rng.uniform(*he) * 3600
    nb = int(rng.randint(*bursts) * heavy)
    session(sim, world, p, p.work, t0, t1, nb, acts, w, date)
    if rng.random() < ph:
        cli = Client(carrier_ip(rng), p.phone_ua)
        tp = base + rng.uniform(6.3, 21.5) * 3600
        session(sim, world, p, cli, tp, tp + 300, 1, (1, 2), {"dash": 1, "student": 2, "search": 1}, date,
                logout_p=0, polls=(0, 1))
    if rng.random() < eve:
        te = base + rng.uniform(18.8, 21.8) * 3600
        session(sim, world, p, p.home, te, te + rng.uniform(600, 3600), rng.randint(1, 2), acts, w, date,
                logout_p=0.4, polls=(0, 3))
