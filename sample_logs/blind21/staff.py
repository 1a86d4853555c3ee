"""Ordinary staff days: when each role uses ScoreView, from which device, and the page sequences of its tasks.

School days: sessions in role-specific windows (teachers before school, in a planning period, at lunch, after
school), keep-alive pings while a tab stays open, evenings from home through the proxy, quick phone look-ups.
Weekends: a few look in from home.  Release day (day 1, 08:00) brings more teachers and principals in.
"""
from . import app as A
from . import world as W
from .client import Browser, human
from .people import phone_ua

# role: p(use) school day, p(use) release day, sessions lo-hi, tasks per session lo-hi, p(evening), tab kept open
PROFILE = {
    "teacher": (0.66, 0.92, (1, 3), (1, 3), 0.16, 0.5), "office": (0.85, 0.85, (3, 7), (1, 3), 0.02, 0.7),
    "registrar": (0.9, 0.9, (4, 8), (2, 4), 0.05, 0.8), "counselor": (0.9, 0.92, (4, 8), (2, 4), 0.12, 0.6),
    "nurse": (0.5, 0.5, (1, 3), (1, 3), 0.02, 0.3), "sped": (0.85, 0.85, (3, 6), (2, 4), 0.1, 0.6),
    "principal": (0.8, 0.98, (2, 5), (2, 3), 0.18, 0.5), "asst_principal": (0.7, 0.92, (2, 4), (1, 3), 0.12, 0.4),
    "analyst": (0.9, 0.95, (3, 7), (2, 4), 0.14, 0.8), "dac": (0.9, 1.0, (3, 6), (2, 4), 0.22, 0.9),
    "it": (0.75, 0.75, (2, 5), (1, 3), 0.06, 0.7), "helpdesk": (0.95, 0.95, (6, 12), (2, 4), 0.02, 0.95),
    "psychometrician": (0.85, 0.9, (2, 5), (2, 3), 0.1, 0.8), "state_analyst": (0.85, 0.9, (3, 6), (2, 4), 0.08, 0.8),
    "assessment_specialist": (0.85, 0.95, (3, 6), (2, 3), 0.05, 0.8), "auditor": (0.8, 0.8, (2, 4), (1, 2), 0.05, 0.7),
    "sde_it": (0.8, 0.8, (2, 4), (1, 2), 0.05, 0.8),
}
WINDOWS = {
    "teacher": [(7.15, 7.9, 2), (8.5, 14.6, 4), (11.4, 12.3, 1), (15.1, 16.6, 3)],
    "school": [(7.6, 11.4, 4), (12.6, 16.2, 4)],
    "office": [(7.9, 11.8, 5), (13.0, 16.9, 5)],
}
TASKS = {
    "teacher": ["class", "class", "lookup", "isr"], "office": ["enroll", "lookup"],
    "registrar": ["enroll", "enroll", "lookup"],
    "counselor": ["lookup", "lookup", "class", "isr"], "nurse": ["accom"], "sped": ["accom", "accom", "lookup"],
    "principal": ["reports", "class", "lookup"], "asst_principal": ["class", "lookup", "reports"],
    "analyst": ["reports", "reports", "lookup"], "dac": ["reports", "accom", "lookup"], "it": ["admin", "lookup"],
    "helpdesk": ["lookup", "lookup", "admin"], "psychometrician": ["reports", "lookup"],
    "state_analyst": ["reports", "lookup"], "assessment_specialist": ["accom", "lookup", "reports"],
    "auditor": ["accom", "enroll"], "sde_it": ["admin"],
}


def scope_pupil(world, s, rng, own_grade=False):
    """A pupil this person would look at: own school (own grade for teachers), district, or anywhere (state)."""
    if s.school is not None:
        g = s.tags.get("grade") if own_grade else rng.choice(W.GRADES[s.school.level])
        return rng.choice(s.school.pupils[g]), g, s.school
    return world.random_pupil(rng, district=s.district)


def district_code(s, school):
    return s.district.code if s.district else school.district.code


def open_student(b, t, world, s, rng, pupil, school, tabs):
    sid = pupil[0]
    if rng.random() < 0.008:                                        # typed a SASID into the box, one digit off
        t = b.page(t, A.student(world.fake_sasid(rng)), answer=A.not_found_student(rng))
        t += human(rng, 6)
    t = b.page(t, A.student(sid, "scores"), "student", xhr=[(A.history(sid), "json"), (A.flags(sid), "json")])
    for tab in tabs:
        t += human(rng, 9)
        if tab == "detail":
            grade_admins = W.admins_for(rng.choice(W.TESTED[school.level])) or ["2026SP-ELA"]
            t = b.page(t, A.score(sid, rng.choice(grade_admins)), "page")
        elif tab == "isr":
            adm = rng.choice(W.admins_for(rng.choice(W.TESTED[school.level])) or ["2026SP-ELA"])
            t = b.get(t, A.isr(sid, adm), A.answer(rng, "pdf"), "ISR_%s_%s.pdf" % (sid, adm))
        else:
            t = b.page(t, A.student(sid, tab), "page", xhr=[(A.flags(sid), "json")] if tab == "accom" else ())
    return t


def lookup(b, t, world, s, rng, tabs=None, pupil=None, school=None):
    """Type a surname into the search box (suggest XHR per pause), then open the pupil."""
    if pupil is None:
        pupil, _, school = scope_pupil(world, s, rng)
    dcode = district_code(s, school)
    name = pupil[1]
    here = b.last or A.home()
    for n in range(3, min(len(name), 3 + rng.randint(0, 3)) + 1):
        t += 0.35 + rng.random() * 0.6
        b.get(t, A.suggest(name[:n].lower(), dcode), A.answer(rng, "suggest"), ref=here)
    t += human(rng, 2.5)
    if rng.random() < 0.3:                                 # Enter instead of a suggestion: the search form
        first = pupil[2] if rng.random() < 0.4 else ""
        if rng.random() < 0.5:
            t = b.page(t, A.search(name, first, dcode), "search")
        else:                                              # the advanced search form posts
            form = "lastName=%s&firstName=%s&district=%s&grade=&school=" % (A.q(name), A.q(first), dcode)
            t = b.page(t, "/sv/search.do", "search", method="POST", rqlen=len(form))
        t += human(rng, 5)
    if tabs is None:
        tabs = rng.sample(["demo", "accom", "enroll", "detail", "detail"], rng.randint(0, 2))
    return open_student(b, t, world, s, rng, pupil, school, tabs)


def class_scores(b, t, world, s, rng, k=None):
    school = s.school or rng.choice(s.district.schools if s.district else world.schools)
    g = s.tags.get("grade") if s.school else rng.choice(W.TESTED[school.level])
    t = b.page(t, A.roster(school.code, g), "roster", xhr=[("/sv/api/roster/summary.json?school=%s&grade=%s"
                                                              % (school.code, g), "json")])
    pupils = school.pupils[g]
    for p in rng.sample(pupils, min(len(pupils), k or rng.randint(3, 18))):
        t += human(rng, 14)
        t = open_student(b, t, world, s, rng, p, school, rng.sample(["detail", "isr", "accom"], rng.randint(0, 1)))
        if rng.random() < 0.45:                               # Back button: the roster is re-requested (no-cache)
            t = b.page(t + human(rng, 3), A.roster(school.code, g), "roster", ref=None)
    if rng.random() < 0.12:
        t += human(rng, 6)
        t = b.get(t, A.roster_csv(school.code, g), A.answer(rng, "csv"),
                  "roster_%s_%s_2026SP.csv" % (school.code, g))
    return t


def isr_print(b, t, world, s, rng, k=None):
    pupil, g, school = scope_pupil(world, s, rng, own_grade=s.role == "teacher")
    t = b.page(t, A.roster(school.code, g), "roster")
    for p in rng.sample(school.pupils[g], min(len(school.pupils[g]), k or rng.randint(1, 5))):
        t += human(rng, 11)
        adm = rng.choice(W.admins_for(g) or ["2026SP-ELA"])
        t = b.get(t, A.isr(p[0], adm), A.answer(rng, "pdf"), "ISR_%s_%s.pdf" % (p[0], adm))
    return t


def reports(b, t, world, s, rng):
    t = b.page(t, "/sv/reports.do", "page")
    schools = [s.school] if s.school else (s.district.schools if s.district else world.schools)
    for _ in range(rng.randint(1, 3)):
        sc = rng.choice(schools)
        t += human(rng, 8)
        t = b.page(t, A.school_summary(sc.code), "roster", xhr=[("/sv/api/reports/chart.json?school=%s&admin=2026SP"
                                                                  % sc.code, "json")])
        if rng.random() < 0.35:
            t += human(rng, 5)
            t = b.get(t, A.school_file(sc.code, "2026SP", "csv"), A.answer(rng, "csv"),
                      "school_%s_2026SP.csv" % sc.code)
    return t


def admin(b, t, world, s, rng):
    ok = s.role in A.ADMIN_OK
    for p in rng.sample(A.ADMIN_PAGES, rng.randint(1, 3) if ok else 1):
        uri = p.format(d=s.district.code if s.district else "0427", u=s.login)
        t = b.page(t, uri, answer=A.answer(rng, "page") if ok else A.forbidden(rng))
        t += human(rng, 12)
    return t


def task(kind, b, t, world, s, rng):
    if rng.random() < 0.003:
        return b.page(t, A.home(), answer=A.server_error(rng)) + human(rng, 20)
    if kind == "class":
        return class_scores(b, t, world, s, rng)
    if kind == "isr":
        return isr_print(b, t, world, s, rng)
    if kind == "reports":
        return reports(b, t, world, s, rng)
    if kind == "admin":
        return admin(b, t, world, s, rng)
    if kind == "accom":
        return lookup(b, t, world, s, rng, tabs=["accom"] + (["demo"] if rng.random() < 0.3 else []))
    if kind == "enroll":
        return lookup(b, t, world, s, rng, tabs=["enroll", "demo"][:rng.randint(1, 2)])
    if rng.random() < 0.01 and s.role not in A.ADMIN_OK:          # curious click on the admin menu
        t = b.page(t, "/sv/admin/users.do", answer=A.forbidden(rng)) + human(rng, 5)
    for _ in range(rng.choice((1, 1, 2, 3, 4))):
        t = lookup(b, t, world, s, rng) + human(rng, 12)
    return t


def session(b, t, world, s, rng, n_tasks, kinds=None):
    if rng.random() < 0.25:                                # old bookmark: /sv/ redirects to the home page
        t = b.get(t, "/sv/", (302, A.HTML, 0, 0.004), ref=None) + 0.01
    t = b.page(t, A.home(), "page", xhr=[("/sv/api/notices.json", "json")])
    for _ in range(n_tasks):
        t += human(rng, 10)
        t = task(rng.choice(kinds or TASKS[s.role]), b, t, world, s, rng)
    if rng.random() < 0.06:
        b.page(t + human(rng, 4), "/sv/logout.do", answer=(401,) + A.ERR401 + (0.003,))
        b.restart()
    return t


def _window(rng, role):
    w = WINDOWS["teacher" if role == "teacher" else ("office" if role in (
        "analyst", "dac", "it", "helpdesk", "psychometrician", "state_analyst", "assessment_specialist", "auditor",
        "sde_it") else "school")]
    lo, hi, _ = w[rng.choices(range(len(w)), [x[2] for x in w])[0]]
    return rng.uniform(lo, hi)


class StaffDevices:
    """The Browser objects of one person (work, home, phone), created on first use."""

    def __init__(self, log, rng, s):
        self.log, self.rng, self.s, self.b = log, rng, s, {}

    def work(self):
        s = self.s
        if "work" not in self.b:
            self.b["work"] = Browser(self.log, self.rng, s.login, s.work_ip, s.work_ua, s.work_key, px=s.work_px,
                                     host=None if s.work_px is not None else s.host, name_typo=0.02,
                                     typo_names=s.typo_names)
        return self.b["work"]

    def home(self):
        s = self.s
        if "home" not in self.b:
            self.b["home"] = Browser(self.log, self.rng, s.login, s.home_ip, s.home_ua, s.home_key + ":home",
                                     px=self.rng.randint(0, 1), typo_names=s.typo_names, name_typo=0.02)
        return self.b["home"]

    def phone(self, ip):
        s = self.s
        user = s.login[0].upper() + s.login[1:] if s.phone_cap else s.login
        if user != s.login:
            self.log.aliases[user] = (s.login, "login_autocapitalised_on_iphone")
        b = Browser(self.log, self.rng, user, ip, phone_ua(s), s.phone_key, px=self.rng.randint(0, 1), typo=0.06)
        return b


def devices(log, rng, s):
    """The one StaffDevices of a person (shared by every module so a browser keeps its state)."""
    if s.login not in log.devices:
        log.devices[s.login] = StaffDevices(log, rng, s)
    return log.devices[s.login]


def staff_days(log, world, staff, rng, busy):
    """Ordinary days for everyone; `busy[login]` gives (day, start, end) spans already used by look-alikes."""
    seen = set()
    for s in staff:
        if s.tags.get("skip_days"):
            continue
        dev = devices(log, rng, s)
        prof = PROFILE[s.role]
        for d in range(log.days):
            if not log.school_day(d):
                if s.home_ip and rng.random() < 0.05:
                    b = dev.home()
                    b.new_day()
                    session(b, log.at(d, rng.uniform(9.0, 21.0)), world, s, rng, rng.randint(1, 2))
                    seen.add(s.login)
                continue
            p_use = prof[1] if d == 0 else prof[0]
            if rng.random() < p_use and rng.random() < 0.95:
                b = dev.work()
                b.new_day()
                starts = sorted(_window(rng, s.role) for _ in range(rng.randint(*prof[2])))
                first = last = None
                for h in starts:
                    t = log.at(d, h)
                    if last is not None and t < last + 120:
                        t = last + human(rng, 300)
                    if rng.random() < 0.04:
                        b.restart()
                    last = session(b, t, world, s, rng, rng.randint(*prof[3]))
                    first = first or t
                if first is not None and rng.random() < prof[5]:
                    b.pings(last, min(log.at(d, rng.gauss(16.4 if s.school else 17.0, 0.5)), last + 9 * 3600))
                seen.add(s.login)
            if s.home_ip and rng.random() < prof[4] * (1.6 if d == 0 else 1.0):
                b = dev.home()
                b.new_day()
                session(b, log.at(d, rng.uniform(18.8, 22.4)), world, s, rng, rng.randint(1, 3))
                seen.add(s.login)
            if s.phone_key and rng.random() < (0.16 if s.role == "teacher" else 0.1):
                ip, _ = W.pool_ip(rng, "mobile")
                b = dev.phone(ip)
                t = log.at(d, rng.choice([rng.uniform(6.8, 7.6), rng.uniform(12.0, 13.0), rng.uniform(17, 21.5)]))
                t = b.page(t, A.home(), "page")
                lookup(b, t + human(rng, 6), world, s, rng, tabs=[])
                seen.add(s.login)
    for s in staff:                                   # everyone shows up at least once in the window
        if s.login not in seen and not s.tags.get("skip_days") and s.login not in busy:
            b = devices(log, rng, s).work()
            session(b, log.at(0, _window(rng, s.role) if log.school_day(0) else 10.0), world, s, rng, 1)
