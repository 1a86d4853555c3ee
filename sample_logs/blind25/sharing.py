"""Credential sharing: a copied session cookie, two teachers on one login, a generic login, a student's stolen password."""
import copy

from . import tasks as T
from . import world as W
from .client import Client
from .staff import ordinary_day, run_tasks, work_day


def _person(owner, ua, nat=None, role=None, campus=None, pupils=None, sections=None):
    """A second person using `owner`'s login: a copy of the owner's record with their own device."""
    p = copy.copy(owner)
    p.ua_work = p.ua_home = ua
    p.nat = nat or owner.nat
    p.role = role or owner.role
    p.campus = campus or owner.campus
    p.pupils = pupils if pupils is not None else owner.pupils
    p.sections = sections if sections is not None else owner.sections
    return p


def saml_cookie_two_cities(ctx):
    """An assistant principal's app session cookie pasted into a colleague's Safari in Tucson; no sign-in there."""
    r, pop = ctx.rng("C1"), ctx.pop
    s = pop.pick(r, role="asst_principal", district="SVUSD", auth="saml") or pop.pick(r, role="principal", district="SVUSD", auth="saml")
    ip = W.ip_in(r, W.HOME["tucson"])
    ua = W.ua_safari_mac("27.1")
    ctx.abuse("C1", "credential_sharing", "saml_cookie_two_cities", ["credential_sharing"], s,
              second_city="Tucson", note="same PHP session, second browser never signs in")
    wins = {0: (13.0, 16.4), 1: (9.0, 12.0)}
    for d in range(ctx.days):
        rr = ctx.rng("C1own:%d" % d)
        if not W.is_school_day(d) or d not in wins:
            ordinary_day(ctx, s, d, rr)
            continue
        own, _last = work_day(ctx, s, d, rr)
        a, b = wins[d]
        c = Client(ctx.log, rr, ip, ua, user=s.login, tag="C1", warm=(d > 0))
        t, end = W.local(d, a + rr.uniform(0, 0.5)), W.local(d, b + rr.uniform(-0.3, 0.3))
        first, t0 = True, t
        while t < end:
            if own.logout_at and t > own.logout_at:
                c.hit(t, "/reports/index.php", status=302, user=False, kind="redirect")
                c.page(t + 0.05, "/auth/login?expired=1", nbytes=6112)
                break
            x = rr.random()
            if first:
                t = c.page(t, "/reports/run.php?report=discipline_incidents&school=%s&term=Q2" % s.campus, ref=None)
                first = False
            elif x < 0.45:
                sid = rr.choice(s.pupils)
                t = T.student(c, t, sid, s.role, rr.sample(("discipline", "grades", "attendance", "contacts"), rr.randint(1, 2)))
            elif x < 0.7:
                t = c.page(t, "/discipline/incidents.php?school=%s" % s.campus)
                t = c.page(c.think(t, 15.0), "/discipline/incident.php?id=%d" % rr.randint(80000, 89999))
            else:
                t = T.report(c, t, rr.choice(("chronic_absence", "failing_students", "discipline_incidents")), s.campus,
                             export=rr.random() < 0.3)
            t = c.think(t, 70.0, 0.8)
        c.poll(t0, min(t, own.logout_at or t))


def two_teachers_one_login(ctx):
    """A new teacher without an account works all day on a colleague's AD login, next room, same NAT."""
    r, pop = ctx.rng("C2"), ctx.pop
    s = pop.pick(r, role="teacher", district="CRESD", level="es") or pop.pick(r, role="teacher", district="CRESD")
    s.ua_work = W.ua_edge_win(152)
    secs = []
    for per in (1,):
        sec = next(pop._sec_ids)
        g = [p for p in pop.pupils[s.campus] if p not in s.pupils]
        pop.sections[sec] = (s.campus, s.login, per, r.sample(g, 24))
        secs.append((sec, per))
    second = _person(s, W.ua_chrome_win(151), pupils=[p for sec, _ in secs for p in pop.sections[sec][3]], sections=secs)
    ctx.abuse("C2", "credential_sharing", "two_teachers_one_login", ["credential_sharing"], s, no_sources=True,
              second_person="new hire in the next classroom (co-teacher workaround)", second_sections=[x for x, _ in secs])
    for d in range(ctx.days):
        ordinary_day(ctx, s, d, ctx.rng("C2own:%d" % d))
        if W.is_school_day(d):
            work_day(ctx, second, d, ctx.rng("C2sec:%d" % d), tag="C2")


def assess_task(c, t, s, pop, day):
    r = c.rng
    x = r.random()
    if x < 0.3:
        t = c.page(t, "/assess/sessions.php?test=AASA&school=%s" % s.campus)
        return c.page(c.think(t, 20.0), "/assess/sessions.php?test=AASA&school=%s&session=%d" % (s.campus, r.randint(100, 999)))
    if x < 0.55:
        sid = r.choice(s.pupils)
        t = c.page(t, "/assess/accommodations.php?sid=%s" % sid)
        return c.post(c.think(t, 60.0), "/assess/accommodations.php?sid=%s&action=save" % sid) if r.random() < 0.4 else t
    if x < 0.75:
        return c.hit(t, "/assess/tickets.php?school=%s&grade=%d&test=AASA" % (s.campus, r.choice((6, 7, 8, 9, 10, 11))), kind="pdf")
    if x < 0.9:
        return c.page(t, "/assess/index.php")
    return T.report(c, t, "assessment_scores", s.campus)


def generic_testing_coordinator(ctx):
    """testing.coordinator@... shared by the test coordinators of four secondary schools."""
    r, pop = ctx.rng("C3"), ctx.pop
    login = "testing.coordinator@svusd.k12.az.example"
    base = copy.copy(pop.staff[0])
    base.login, base.auth, base.role, base.district, base.level = login, "form", "test_coordinator", "SVUSD", "ms"
    ctx.generic_account(login, "C3", campus="SMS,AMS,SVH,RMH")
    people = []
    for k, code in enumerate(("SMS", "AMS", "SVH", "RMH")):
        people.append(_person(base, W.desktop_ua(r, ("cw", "ew", "cm", "cw")[k]), nat=pop.school[code][5],
                              campus=code, pupils=pop.pupils[code], sections=[]))
    ctx.abuse("C3", "credential_sharing", "generic_shared_login", ["credential_sharing"], login, no_sources=True,
              n_people=4, schools=["SMS", "AMS", "SVH", "RMH"])
    for d in range(ctx.days):
        if not W.is_school_day(d):
            continue
        for k, p in enumerate(people):
            rr = ctx.rng("C3:%d:%d" % (d, k))
            for _ in range(rr.randint(1, 3)):
                c = Client(ctx.log, rr, p.nat, p.ua_work, tag="C3", auth="form")
                t = c.form_login(W.local(d, rr.uniform(7.6, 14.5)), login, fails=1 if rr.random() < 0.08 else 0, campus=p.campus)
                t1 = t
                t = run_tasks(c, p, pop, d, t, t + rr.uniform(900, 3600), 9.0, task=assess_task, first=t)
                c.poll(t1, t)
                if rr.random() < 0.5:
                    c.logout(t + rr.uniform(5, 30))


def student_shoulder_surf(ctx):
    """A pupil who watched a teacher type her password: lunch on the student Wi-Fi, then evenings at home."""
    r, pop = ctx.rng("C4"), ctx.pop
    s = pop.pick(r, role="teacher", campus="RMH", auth="saml") or pop.pick(r, role="teacher", level="hs", auth="saml")
    sec, _per = r.choice(s.sections)
    me = r.choice(pop.sections[sec][3])
    friends = r.sample(pop.sections[sec][3], 3)
    net = W.STUDENT_NET.get(s.campus, "199.48.215.") + str(r.randint(30, 45))
    home = W.ip_in(r, W.HOME["phoenix"])
    ua = W.ua_cros(152)
    ctx.abuse("C4", "credential_sharing", "student_shoulder_surfed_password", ["credential_sharing"], s,
              student_sid=me, section=sec, student_network=net)
    plan = [(0, r.uniform(11.8, 12.0), "school")] + [(0, r.uniform(20.8, 21.4), "home")]
    if ctx.days > 1:
        plan.append((1, r.uniform(20.3, 20.9), "home"))
    for d, h, where in plan:
        c = Client(ctx.log, r, net if where == "school" else home, ua, tag="C4", warm=(where == "home"))
        t = c.saml_login(W.local(d, h), s.login, idp_wait=r.uniform(14, 30), campus=s.campus)
        t = T.student(c, c.think(t, 8.0), me, "teacher", ("grades",), ref=W.BASE + "/home")
        t = T.gradebook(c, c.think(t, 20.0), sec, edits=0 if where == "school" else r.randint(3, 7))
        if where == "home":
            for f in ([me] + friends)[:r.randint(2, 4)]:
                t = T.student(c, c.think(t, 12.0), f, "teacher", ("grades",))
        c.logout(c.think(t, 10.0))
    for d in range(ctx.days):
        ordinary_day(ctx, s, d, ctx.rng("C4own:%d" % d))


def run_all(ctx):
    saml_cookie_two_cities(ctx)
    two_teachers_one_login(ctx)
    generic_testing_coordinator(ctx)
    student_shoulder_surf(ctx)
