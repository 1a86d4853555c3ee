"""Hard benign look-alikes: people who legitimately read or export many records, use several
devices or share a PC with separate accounts, an IT script on its owner's account, a state
auditor, lockouts. Each sets staff.plan hooks (or adds an account) and records its parameters."""
from . import staff as S, tasks as T, world as W
from .client import Visit, iso, ln
from .errors import EXC

PS_UA = "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.20348; en-US) PowerShell/7.4.6"


def setup(ctx, taken):
    """Choose the look-alike staff; returns extra accounts [(Staff, runner)]."""
    w, r = ctx.w, ctx.rng("lookalikes")
    extra = []
    for i in range(2):
        s = w.pick(r, taken, ["nurse"], lambda s: s.school and len(s.school.pupils) > 250)
        _mark(s, "vision_screening_day", day_hook=_screening, hook_days=(i % max(1, ctx.days),), present=True)
    for _ in range(3):
        s = w.pick(r, taken, ["counselor"], lambda s: s.school and s.school.level in ("high", "middle"))
        _mark(s, "counselor_schedule_building", day_hook=_scheduling, hook_days=tuple(range(min(2, ctx.days))), present=True)
    for _ in range(2):
        s = w.pick(r, taken, ["registrar"], lambda s: len(s.district.pupils) > 1000)
        _mark(s, "registrar_enrollment_wave", day_hook=_enrollment_wave, hook_days=(0,), present=True)
    for i in range(2):
        s = w.pick(r, taken, ["office"], lambda s: s.school and len(s.school.pupils) > 300)
        _mark(s, "report_card_printing", day_hook=_report_cards, hook_days=(min(1, ctx.days - 1),), present=True)
    s = w.pick(r, taken, ["district_analyst"])
    _mark(s, "analyst_export_day", day_hook=_export_day, hook_days=(0,), present=True)
    s = w.pick(r, taken, ["psychologist"], lambda s: len(s.district.iep) > 120)
    _mark(s, "psychologist_annual_reviews", day_hook=_reviews, hook_days=(0,), present=True)
    s = w.pick(r, taken, ["esa_support"])
    _mark(s, "support_ticket_marathon", day_hook=_tickets, hook_days=(0,), present=True)
    for _ in range(2):
        s = w.pick(r, taken, ["teacher"])
        _mark(s, "teacher_phone_laptop_ipad", evenings=tuple(range(ctx.days)), present=True)
        s.plan["day_hook"], s.plan["hook_days"] = _many_devices, tuple(range(ctx.days))
    for _ in range(2):
        s = w.pick(r, taken, ["teacher"], lambda s: s.laptop_home)
        _mark(s, "evening_grading_marathon", evenings=tuple(range(ctx.days)), present=True)
        s.plan["evening_hook"] = True
    mates = lambda x: [y for y in w.staff if y is not x and y.district is x.district and y.login not in taken
                       and y.role in ("nurse", "office", "counselor", "teacher")]
    s = w.pick(r, taken, ["office"], lambda x: x.school is not None and mates(x))
    s2 = r.choice(mates(s) or [y for y in w.staff if y.login not in taken and y.district is not None])
    taken.add(s2.login)
    if s2.district is not s.district:      # tiny staff samples only: move the colleague over
        s2.login = w.login_for(s2.first, s2.last, s.district.domain)
        s2.district, s2.auth = s.district, "local"
    s2.school = s.school
    pc = ctx.client(s.district.nat, s.work_ua)
    _mark(s, "shared_office_pc_two_accounts", shared_pc=pc, arrive=7.5, leave=11.6, sign_out=True, present=True)
    _mark(s2, "shared_office_pc_two_accounts", shared_pc=pc, arrive=12.1, leave=16.3, sign_out=True, present=True)
    s.params["shared_with"], s2.params["shared_with"] = s2.login, s.login
    s = w.pick(r, taken, ["esa_it"])
    s.auth = "local"
    s.login = s.login.lower()
    _mark(s, "it_script_own_account", interval_min=10, hours="06:00-22:00", source=W.ESA_SERVERS, user_agent=PS_UA)
    extra.append((s, _it_script))
    s = w.pick(r, taken, ["teacher", "office", "counselor"], lambda s: s.auth == "local")
    s.auth = "local"
    _mark(s, "lockout_then_helpdesk_reset", present=True, day_hook=_lockout, hook_days=(0,))
    a = W.Staff(w.login_for(r.choice(W.FIRST), r.choice(W.LAST), "cde.ca.example"), "", "", "state_auditor", None, None, "local", "Sacramento")
    w.equip(r, a)
    a.work_ua = W.ua("win_edge", r)
    a.home_ip = w.net.alloc("state_ca")
    a.params.update(districts=[d.code for d in r.sample([d for d in w.districts if len(d.pupils) > 800], 3)])
    _mark(a, "state_auditor_attendance_sample", source=a.home_ip)
    extra.append((a, _auditor))
    return extra


def _mark(s, behaviour, **plan):
    s.behaviour = behaviour
    s.plan = getattr(s, "plan", {})
    s.plan.update({k: v for k, v in plan.items() if k in ("day_hook", "hook_days", "present", "evenings", "arrive", "leave", "sign_out", "shared_pc", "evening_hook")})
    s.params.update({k: v for k, v in plan.items() if k not in s.plan})


def _loop(v, t, leave, items, step, gap):
    """Run step(v, t, item) for the items with gaps, stopping at leave; returns (t, n done)."""
    n = 0
    for it in items:
        if t >= leave:
            break
        t = step(v, t, it)
        n += 1
        t = v.idle(t + gap())
    return t, n


def _screening(ctx, s, v, day, t, leave):
    r, d = v.r, s.district
    # a school without a screened grade (a high school) screens its first grade instead
    grades = [g for g in ("K", "2", "5", "8") if g in s.school.grades] or sorted(s.school.grades)[:1]
    pupils = [p for p in s.school.pupils if d.grade_of[p] in grades]
    t = v.page(t, "/Health/Screenings", "schoolId=%d&type=vision&grade=%s" % (s.school.sid, grades[0]), 200)

    def step(v, t, p):
        q = "studentId=%d&type=vision" % p
        t = v.page(t, "/Health/Screenings/Record", q, 200, dur=ln(r, 40.0))
        t += ln(r, 20.0, 0.5)
        return v.post_redirect(t, "/Health/Screenings/Record", q, "/Health/Screenings",
                               "schoolId=%d&type=vision&grade=%s" % (s.school.sid, d.grade_of[p]))
    t, n = _loop(v, t + 60, leave, pupils, step, lambda: ln(r, 45.0, 0.5) + (r.random() < 0.04) * r.uniform(300, 1500))
    s.params.update(school=s.school.sid, grades=grades, n_pupils=n)
    return t


def _scheduling(ctx, s, v, day, t, leave):
    r = v.r
    pupils = r.sample(s.school.pupils, min(len(s.school.pupils), r.randint(50, 130)))
    t, n = _loop(v, t + 300, leave, pupils,
                 lambda v, t, p: T.t_schedule(v, T.student(v, t, s.district, p, ("grades",), False) + ln(r, 10.0), s, p),
                 lambda: ln(r, 90.0, 0.6))
    s.params["n_pupils_day%d" % (day + 1)] = n
    return t


def _enrollment_wave(ctx, s, v, day, t, leave):
    r, d = v.r, s.district
    n = r.randint(25, 60)
    sch = r.choice(d.schools)

    def step(v, t, _):
        t = v.page(t, "/Enrollment/New", "schoolId=%d" % sch.sid, 200)
        pid = d.next_id
        d.next_id += 1
        t = v.post_redirect(t + ln(r, 150.0, 0.4), "/Enrollment/New", "schoolId=%d" % sch.sid, "/Students/Details/%d" % pid, "",
                            [("GET", "/api/v1/students/%d/summary" % pid, "", 200, ln(r, 40.0))])
        for _ in range(r.randint(1, 3)):
            t = v.xhr(t + ln(r, 40.0), "POST", "/api/v1/students/%d/contacts" % pid, "", 201, ln(r, 60.0))
        for _ in range(r.randint(1, 3)):
            t = v.xhr(t + ln(r, 30.0), "POST", "/api/v1/students/%d/documents" % pid, "", 201, ln(r, 900.0))
        return t
    t, done = _loop(v, t + 200, leave, range(n), step, lambda: ln(r, 120.0, 0.6))
    s.params.update(n_new_pupils=done, school=sch.sid)
    return t


def _report_cards(ctx, s, v, day, t, leave):
    r = v.r
    n = r.randint(18, 45)
    secs = sorted(r.sample(range(60000, 69999), n))
    t = v.page(t + 600, "/Reports/ReportCards", "schoolId=%d" % s.school.sid, 200)

    def step(v, t, sec):
        if r.random() < 0.01:
            return v.page(t, "/Reports/ReportCards/Pdf", "sectionId=%d&term=%s" % (sec, T.TERM), 500, exc=EXC["pdf"], dur=ln(r, 2000.0))
        return T.download(v, t, "/Reports/ReportCards/Pdf", "sectionId=%d&term=%s" % (sec, T.TERM), ln(r, 2600.0, 0.4))
    t, done = _loop(v, t, leave, secs, step, lambda: ln(r, 70.0, 0.5))
    s.params.update(n_sections=done, school=s.school.sid)
    return t


def _export_day(ctx, s, v, day, t, leave):
    r, d = v.r, s.district
    combos = [(sch.sid, g, slug) for sch in d.schools for g in sch.grades for slug in ("chronic-absence", "d-f-list", "ell-roster")]
    r.shuffle(combos)

    def step(v, t, c):
        q = "schoolId=%d&grade=%s" % (c[0], c[1])
        t = v.page(t, "/Reports/Run/" + c[2], q, 200, dur=ln(r, 700.0))
        return T.download(v, t + ln(r, 10.0), "/Reports/Export/" + c[2], q + "&format=xlsx", slug=c[2])
    t, done = _loop(v, t + 300, leave, combos[:r.randint(40, 80)], step, lambda: ln(r, 100.0, 0.7))
    s.params["n_exports"] = done
    return t


def _reviews(ctx, s, v, day, t, leave):
    r, d = v.r, s.district
    pool = sorted(p for p in d.iep if s.school is None or d.school_of[p] == s.school.sid) or sorted(d.iep)
    pupils = r.sample(pool, min(len(pool), r.randint(35, 70)))
    t, done = _loop(v, t + 300, leave, pupils, lambda v, t, p: T.iep(v, t, d, p, True, note=r.random() < 0.4), lambda: ln(r, 240.0, 0.6))
    s.params["n_ieps"] = done
    return t


def _tickets(ctx, s, v, day, t, leave):
    r = v.r
    t, done = _loop(v, t + 120, leave, range(r.randint(25, 40)), lambda v, t, _: S.ticket(v, t, s), lambda: ln(r, 420.0, 0.6))
    s.params["n_tickets"] = done
    return t


def _many_devices(ctx, s, v, day, t, leave):
    """Normal day at the school desktop, attendance from the phone on school Wi-Fi, then home devices."""
    r = v.r
    phone = Visit(ctx, ctx.client(s.district.nat, s.phone_ua) if not hasattr(s, "_ph") else s._ph, s, r)
    s._ph = phone.cl
    phone.cl.ip = s.district.nat
    tp = ctx.at(day, r.uniform(9.0, 13.5))
    phone.wake(tp)
    tp = T.t_attendance(phone, tp, s)
    phone.sleep(tp + ln(r, 60.0))
    end = min(leave, ctx.at(day, 15.5))
    while t < end:
        t = v.idle(t + r.expovariate(8.0 / 3600))
        t = T.run_task(v, t, s)
    if not hasattr(s, "_ipad"):
        s._ipad = ctx.client(s.home_ip, W.ua("mac_safari", r))     # iPadOS Safari asks for the desktop site
    ipad = Visit(ctx, s._ipad, s, r)
    ti = ctx.at(day, r.uniform(19.5, 21.0))
    ipad.wake(ti)
    for _ in range(r.randint(2, 6)):
        ti = T.run_task(ipad, ti + ln(r, 60.0), s)
    ipad.sleep(ti + 30)
    s.params["devices"] = ["school desktop", "phone (school Wi-Fi)", "iPad at home", "laptop at home"]
    return t


def _lockout(ctx, s, v, day, t, leave):
    """Forgot the new password: four failures, lockout, help desk reset, success."""
    r = v.r
    v.cl.auth.pop(s.login, None)
    v.send(t, "GET", "/Account/Login", "", 200, ln(r, 18.0))
    t += 8
    for i in range(5):
        msg = "Invalid password for {UserName}" if i < 4 else "User {UserName} locked out until {LockoutEnd}"
        props = {"UserName": s.login} if i < 4 else {"UserName": s.login, "LockoutEnd": iso(t + 900)}
        t, _ = v.send(t, "POST", "/Account/Login", "", 200, ln(r, 140.0, 0.2), user=False,
                      logs=[(70.0, "Warning", msg, props, "Pathways.Web.Areas.Identity.Pages.Account.LoginModel")])
        t += r.uniform(9, 25)
    t += r.uniform(1200, 2400)
    t = v.sign_in(t, "/", "")
    s.params.update(failed_attempts=5, locked_minutes=15)
    return v.page(t, "/", "", 200, [("GET", "/api/v1/dashboard/widgets", "", 200, ln(r, 80.0))])


def _it_script(ctx, s):
    r = ctx.rng("it_script")
    for day in range(ctx.days):
        t = ctx.at(day, 6.0) + r.uniform(0, 30)
        while t < ctx.at(day, 22.0):
            cl = ctx.client(W.ESA_SERVERS, PS_UA, sdk=False, sticky=False)
            v = Visit(ctx, cl, s, r)
            v.fail_p = 0.0
            t1, _ = v.send(t, "GET", "/Account/Login", "", 200, ln(r, 15.0))
            t1 = v.password(t1 + 0.2, "", 0)
            v.touch(t1)
            t1, _ = v.send(t1 + 0.1, "GET", "/Admin/Integrations/Status", "format=json", 200, ln(r, 120.0))
            t1, _ = v.send(t1 + 0.1, "GET", "/Admin/Jobs", "state=failed&format=json", 200, ln(r, 60.0))
            v.send(t1 + 0.1, "POST", "/Account/Logout", "", 302, ln(r, 5.0))
            t += 600 + r.uniform(-2, 2)


def _auditor(ctx, a):
    r = ctx.rng("auditor")
    cl = ctx.client(a.home_ip, a.work_ua)
    v = Visit(ctx, cl, a, r)
    v.district = "CDE"
    ds = [ctx.w.by_code[c] for c in a.params["districts"]]
    n = 0
    for day in range(min(2, ctx.days)):
        t = ctx.at(day, r.gauss(8.9, 0.2))
        v.wake(t)
        t = v.page(t, "/", "", 200, [("GET", "/api/v1/dashboard/widgets", "", 200, ln(r, 80.0))])
        end = ctx.at(day, r.gauss(16.0, 0.2))
        while t < end:
            d = r.choice(ds)
            p = r.choice(d.pupils)
            t = T.student(v, t + ln(r, 70.0, 0.6), d, p, ("attendance", "documents"), False, True, role="state_auditor")
            if r.random() < 0.3:
                t = v.page(t + ln(r, 20.0), "/d/%d/Reports/Run/attendance-detail" % d.code, "studentId=%d" % p, 200, dur=ln(r, 600.0))
            n += 1
            if ctx.at(day, 12.0) < t < ctx.at(day, 12.1):
                t += r.uniform(1800, 3000)
        v.sleep(t + 60)
    a.params["n_pupils"] = n
