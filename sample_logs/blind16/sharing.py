"""Credential sharing: a generic front-desk login at four schools, a teacher's spouse at home, a retired
clerk's account kept alive by her successor, and a student aide on a Chromebook with a teacher's login."""
from . import tasks as T
from . import world as W
from .client import MIN, Browser, think
from .directory import PERIODS_SEC
from .staff import school_day


def frontdesk_generic(sim, schools):
    """Generic `frontdesk` account (not tied to a person) used all day by receptionists at four schools."""
    d = sim.d
    rng = sim.rng("abuse:frontdesk_generic")
    acct = d.add_staff(rng, "DO", "generic", "front", "desk", auth="form", extra=True, login="frontdesk")
    acct.scope, acct.role = "district", "front_office_generic"
    people = []
    for school in schools:
        ua = W.WIN_EDGE % ("131", W.EDGE_VERS["131"]) if rng.random() < 0.4 else W.WIN_CHROME % rng.choice(["131", "132", "133"])
        people.append(W.Staff(login="frontdesk", first="", last="", role="generic", campus=school, auth="form",
                              work_ua=ua, home_ip=None, home_ua=ua, phone_ua=ua, phone_p=0, evening_p=0,
                              laptop=False, proxy_node=0, extra=True, scope="district", always=True))
    tag = sim.register("frontdesk_generic", "frontdesk", "credential_sharing", "generic_shared_frontdesk_login",
                       ["credential_sharing"], ips=[W.CAMPUS[s][4] for s in schools],
                       user_agents=sorted({p.work_ua for p in people}), schools=list(schools), n_people=len(people))
    for p in people:
        p.tag = tag
    for day in range(sim.days):
        if W.is_school_day(day):
            for k, p in enumerate(people):
                school_day(sim, p, day, sim.rng("frontdesk:%d:%d" % (k, day)))
    return tag, acct


def spouse_at_home(sim, teacher):
    """The teacher works at school; at the same time her spouse uses her login at home to look up
    the neighbours' children (profile directory is district-wide, details only for her school)."""
    rng = sim.rng("abuse:spouse_at_home")
    ua = W.MAC_SAFARI % "18.3"
    if teacher.home_ua == ua or teacher.home_ua == teacher.work_ua:
        teacher.home_ua = W.WIN_CHROME % "133"
    families = rng.sample(W.SURNAMES, rng.randint(6, 9))
    tag = sim.register("spouse_at_home", teacher.login, "credential_sharing", "teacher_login_used_by_spouse_at_home",
                       ["credential_sharing"], ip=teacher.home_ip, user_agent=ua, neighbour_surnames=families,
                       window_local="10:00-14:30 school days")
    teacher.evening_p = 0.45
    b = Browser(sim, rng, teacher.home_ip, ua, teacher.login, "saml", tag=tag, p_cold=0.2)
    s = W.Staff(login=teacher.login, role="teacher", campus=teacher.campus, sections=[], scope="")
    for day in range(sim.days):
        if not W.is_school_day(day):
            continue
        b.cached = rng.random() > 0.2
        for _ in range(rng.randint(1, 3)):
            t = W.local_epoch_ms(day, rng.uniform(10.0, 14.0))
            w = T.Work(sim, s, b, rng, day)
            end = t + rng.randint(8, 30) * MIN
            t = b.open(t, "/home", xhr=("/api/v2/me",)) + think(rng, 10)
            while t < end:
                fam = rng.choice(families)
                kids = [p for p in sim.d.pupils if p.last == fam]
                t, typed = T.suggest(w, t, fam)
                t = b.page(t, "/search?q=%s&page=1" % fam) + think(rng, 9, 0.6)
                for p in rng.sample(kids, min(len(kids), rng.randint(1, 3))):
                    t = T.pupil_page(b, t, "profile", p) + think(rng, 20, 0.6)
                    for kind in rng.sample(["contacts", "schedule", "grades"], rng.randint(1, 2)):
                        t = T.pupil_page(b, t, kind, p, T.allowed(s, p, kind)) + think(rng, 18, 0.6)
    return tag


def retired_successor(sim, successor):
    """A records clerk who retired in June 2024 (Bluebird Elementary, district records scope): her account
    is used months later, in Edge on the same office PC, by the successor at another school."""
    d = sim.d
    rng = sim.rng("abuse:retired_successor")
    acct = d.add_staff(rng, "BBE", "records_clerk", "linda", "martinez", auth="form", extra=True)
    acct.scope = "district"
    ua = W.WIN_EDGE % ("132", W.EDGE_VERS["132"])
    successor.work_ua = W.WIN_CHROME % "132"
    ip = W.CAMPUS[successor.campus][4]
    tag = sim.register("retired_successor", acct.login, "credential_sharing", "retired_account_used_by_successor",
                       ["credential_sharing"], ip=ip, user_agent=ua, retired="2024-06-28", owner_active=False,
                       successor=successor.login, successor_campus=successor.campus)
    b = Browser(sim, rng, ip, ua, acct.login, "form", tag=tag, p_cold=0.3)
    s = W.Staff(login=acct.login, role="registrar", campus="BBE", sections=[], scope="district")
    for day in range(sim.days):
        if not W.is_school_day(day):
            continue
        b.cached = rng.random() > 0.3
        for h in sorted(rng.uniform(8.2, 15.3) for _ in range(rng.randint(2, 4))):
            w = T.Work(sim, s, b, rng, day)
            t = W.local_epoch_ms(day, h)
            for _ in range(rng.randint(2, 6)):
                p = rng.choice(d.pupils)
                r = rng.random()
                if r < 0.5:
                    t = T.lookup(w, t, p, ["schedule"] if rng.random() < 0.5 else [])
                    t = b.page(t, "/student/records?ssid=%s" % p.ssid) + think(rng, 40, 0.6)
                    if rng.random() < 0.4:
                        t = b.send(t, "/student/records/request?ssid=%s" % p.ssid, method="POST", status=302)
                        t = b.page(t + 40, "/student/records?ssid=%s&requested=1" % p.ssid) + think(rng, 8)
                elif r < 0.8:
                    t = T.enrollment(w, t)
                else:
                    t = T.run_report(w, t, "ENR-08", "xlsx", None)
    return tag, acct


def student_aide(sim, teacher):
    """A student teaching assistant on a Chromebook (student Wi-Fi NAT) with the teacher's SSO login,
    during the teacher's class: enters attendance, then looks up classmates."""
    rng = sim.rng("abuse:student_aide")
    ua = W.CROS % "132"
    sec = teacher.sections[min(1, len(teacher.sections) - 1)]
    tag = sim.register("student_aide", teacher.login, "credential_sharing", "teacher_login_used_by_student_aide",
                       ["credential_sharing"], ip=W.HHS_STUDENT_WIFI, user_agent=ua, section=sec.num,
                       period=sec.period + 1, days="Mon-Thu")
    b = Browser(sim, rng, W.HHS_STUDENT_WIFI, ua, teacher.login, "saml", tag=tag, p_cold=0.9)
    s = W.Staff(login=teacher.login, role="teacher", campus=teacher.campus, sections=[sec], scope="")
    for day in range(sim.days):
        if not W.is_school_day(day) or W.weekday(day) == 4:      # no aide period on Fridays
            continue
        b.cached = False
        w = T.Work(sim, s, b, rng, day)
        t = W.local_epoch_ms(day, PERIODS_SEC[sec.period][0] + rng.uniform(0.05, 0.2))
        t = T.take_attendance(w, t, sec) + think(rng, 40)
        for _ in range(rng.randint(3, 7)):
            p = rng.choice(sec.pupils) if rng.random() < 0.6 else rng.choice(sim.d.by_campus[teacher.campus])
            kinds = rng.sample(["grades", "schedule", "attendance", "health", "contacts"], rng.randint(1, 3))
            t = T.lookup(w, t, p, kinds) + think(rng, 30, 0.7)
    return tag
