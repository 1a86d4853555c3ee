"""blind23 look-alikes: benign people whose traffic resembles abuse (deadline review, audit sample, help desk,
senior transcript audit, score-report batch printing, an IT script on its owner's account, several devices,
forgotten passwords)."""
from . import staff as S
from . import tasks as T
from . import world as W
from .client import Browser
from .world import Prof

DAY = W.DAY


def deadline_review(ctx, p):
    """A district data steward at the fall-enrolment deadline: uploads, fixes, then reviews the district pupil by
    pupil (hundreds), sometimes from home in the evening; certifies before 17:00 on the deadline day."""
    rng = ctx.rng("look:deadline:" + p.login)
    rows = ctx.pupils.by[p.district]
    for d in range(ctx.days):
        if not ctx.school_day(d):
            continue
        dl = d == ctx.deadline_day
        if d > ctx.deadline_day:
            S.workday(ctx, p, d, rng)
            continue
        b = Browser(ctx, rng, p.laptop, p.work_ip, xff=p.xff)
        b.pref_val = p.district
        t = d * DAY + 3600 * (7.2 + rng.random() * 0.5)
        noon = d * DAY + 3600 * (12.6 + rng.random() * 0.5)
        uploads = sorted(t + rng.random() * (noon - t - 3600) for _ in range(rng.randint(1, 3)))
        batch = None
        while t < noon - 900:
            t = S.ensure(b, t, p)
            if uploads and t >= uploads[0]:
                uploads.pop(0)
                t, batch = T.upload(b, t, p.district, rows[rng.randrange(len(rows) - 50):])
            else:
                t = S.do_task(ctx, b, t, p)
            t = b.idle(t, t + 3600, T.read(rng, 300)) + T.read(rng, 300)
        t = S.ensure(b, max(t, noon), p)
        n = rng.randint(260, 480) if dl else rng.randint(90, 200)
        start = rng.randrange(len(rows))
        school, grade = None, None
        for i in range(n):
            r = rows[(start + i) % len(rows)]
            if (r[2], r[3]) != (school, grade):
                school, grade = r[2], r[3]
                t = T.roster(b, S.ensure(b, t, p), p.district, school, grade)
            t = T.student(b, S.ensure(b, t + T.read(rng, 8), p), r, ["enrollment"], p.role, via="list")
            t += T.read(rng, 14, 0.7) + (600 + rng.random() * 900 if rng.random() < 0.01 else 0)
            if dl and t > d * DAY + 16.4 * 3600 and batch:
                t = T.certify(b, S.ensure(b, t, p), batch)
                batch = None
            if t > d * DAY + 17.6 * 3600:
                break
        if batch and dl:
            T.certify(b, S.ensure(b, t, p), batch)
        if rng.random() < 0.5:
            S.evening(ctx, p, d, rng, start_h=19.5 + rng.random(), n=2)


def audit_sample(ctx, p):
    """The state auditor's random sample across districts: SSIDs typed from a sample sheet, full record each."""
    rng = ctx.rng("look:audit:" + p.login)
    for d in range(ctx.days):
        if not ctx.school_day(d):
            continue
        b = Browser(ctx, rng, p.laptop, p.work_ip)
        t = d * DAY + 3600 * (8.3 + rng.random() * 0.4)
        end = d * DAY + 3600 * (16.3 + rng.random() * 0.5)
        lunch = d * DAY + 3600 * (11.8 + rng.random() * 0.5)
        while t < end:
            if lunch <= t < lunch + 2700:
                t = lunch + 2700
            t = S.ensure(b, t, p)
            r = S.any_pupil(ctx, rng)
            t = T.student(b, t, r, ["enrollment", "transcript", "programs", "sped"], p.role, pdf_p=0.8)
            t += T.read(rng, 100)


def helpdesk(ctx, p):
    """Help-desk staff looking up pupils (any district) and accounts for callers all day, at a person's pace."""
    rng = ctx.rng("look:helpdesk:" + p.login)
    for d in range(ctx.days):
        if not ctx.school_day(d):
            continue
        b = Browser(ctx, rng, p.laptop, p.work_ip)
        t = d * DAY + 3600 * (7.5 + rng.random() * 0.3)
        end = d * DAY + 3600 * (16.8 + rng.random() * 0.4)
        lunch = d * DAY + 3600 * (11.3 + rng.random() * 1.2)
        while t < end:
            if lunch <= t < lunch + 1800:
                t = lunch + 1800
            t = S.ensure(b, t, p)
            x = rng.random()
            if x < 0.55:
                for _ in range(1 if rng.random() < 0.7 else 2):
                    t = T.student(b, t, S.any_pupil(ctx, rng), ["enrollment", "demographics"], p.role)
            elif x < 0.7:
                code = rng.choice(W.DCODES)
                t = T.search(b, t, code, S.any_pupil(ctx, rng, code)[1])
            elif x < 0.88:
                t = T.admin(b, t, p.role, rng.choice(W.DCODES))
            else:
                t = T.help_page(b, t)
            t += T.read(rng, 240, 0.7)


def senior_audit(ctx, p):
    """A high-school counselor's graduation-credit check: every senior's transcript in one day."""
    rng = ctx.rng("look:senior:" + p.login)
    day = min(ctx.days - 1, 1)
    for d in range(ctx.days):
        if not ctx.school_day(d):
            continue
        if d != day:
            S.workday(ctx, p, d, rng)
            continue
        b = Browser(ctx, rng, p.laptop, p.work_ip, xff=p.xff)
        t = S.ensure(b, d * DAY + 3600 * (7.8 + rng.random() * 0.4), p)
        seniors = [r for r in ctx.pupils.school(p.district, p.school) if r[3] == 12] or ctx.pupils.by[p.district][:90]
        t = T.roster(b, t, p.district, p.school, 12)
        for r in seniors[:rng.randint(80, 150)]:
            t = S.ensure(b, t, p)
            t = T.student(b, t, r, ["transcript"] + (["transcript_pdf"] if rng.random() < 0.2 else []), p.role,
                          via="list")
            t += T.read(rng, 35)
            if d * DAY + 11.6 * 3600 < t < d * DAY + 12.2 * 3600:
                t += 1800


def score_report_print(ctx, p):
    """Office staff print a whole school's score reports: the page's 'Print all' fetches each PDF in turn."""
    rng = ctx.rng("look:print:" + p.login)
    day = 0
    for d in range(ctx.days):
        if not ctx.school_day(d):
            continue
        b = S.workday(ctx, p, d, rng, n=S.poisson(rng, 6))
        if d != day:
            continue
        t = S.ensure(b, d * DAY + 3600 * (13.5 + rng.random() * 1.5), p)
        rows = ctx.pupils.school(p.district, p.school)
        for g in sorted({r[3] for r in rows})[:rng.randint(2, 4)]:
            q = "school=%s&grade=%02d&year=2026" % (W.school_code(p.district, p.school), g)
            t = b.nav(t, "/ksr/reports/score-reports", q, xhrs=(("/ksr/api/v2/reports/score-reports", q),))
            t += T.read(rng, 10)
            for r in [r for r in rows if r[3] == g]:
                b.hit(t, "GET", "/ksr/reports/score-reports/%s.pdf" % r[0], "year=2026", "xhr", dur=0.5)
                t += 0.8 + rng.random() * 1.2
            b.touch(t)
            t += T.read(rng, 200)


def it_script(ctx, p):
    """A district IT admin's PowerShell job on her own account: each school's roster CSV at 06:30, then logout."""
    rng = ctx.rng("look:itscript:" + p.login)
    ps = Prof("powershell", "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.20348; en-US) PowerShell/7.4.6")
    for d in range(ctx.days):
        if not ctx.school_day(d):
            continue
        b = Browser(ctx, rng, ps, p.work_ip)
        t = d * DAY + 6.5 * 3600 + rng.random() * 40
        t = b.login_form(t, p.log_name, home=False, typing=0.3)
        for s in range(W.DINFO[p.district][6]):
            t += 2 + rng.random() * 2
            b.hit(t, "GET", "/ksr/district/%s/roster/export.csv" % p.district,
                  "school=%s&grade=ALL" % W.school_code(p.district, s), "api", dur=2 + rng.random() * 4, ref=None)
        b.hit(t + 5, "GET", "/ksr/logout", "", "api", 302, ref=None)
        S.workday(ctx, p, d, rng)


def several_devices(ctx, p, kind):
    """'phone_and_laptop': phone look-ups while the laptop session is open; 'two_computers': a desktop in the
    office and a classroom Chromebook, both signed in at once behind the same NAT."""
    rng = ctx.rng("look:devices:" + p.login)
    for d in range(ctx.days):
        if not ctx.school_day(d):
            continue
        S.workday(ctx, p, d, rng)
        if kind == "phone_and_laptop":
            S.phone_use(ctx, p, d, rng, k=rng.randint(2, 3))
            if rng.random() < 0.5:
                S.evening(ctx, p, d, rng)
        else:
            q = W.device("chromeos")
            rng2 = ctx.rng("look:devices2:%s:%d" % (p.login, d))
            clone = type(p)(**dict(p.__dict__, laptop=q, rate=p.rate * 0.8))
            S.workday(ctx, clone, d, rng2)


def forgot_password(ctx, p):
    """A form-login user who gets the password wrong several times, then resets it."""
    rng = ctx.rng("look:forgot:" + p.login)
    for d in range(ctx.days):
        if not ctx.school_day(d):
            continue
        if d == 0:
            b = Browser(ctx, rng, p.laptop, p.work_ip, xff=p.xff)
            t = d * DAY + 3600 * (7.9 + rng.random())
            t = b.login_form(t, p.log_name, ok=False, password_fail=rng.randint(3, 5) - 1, home=False)
            t = b.nav(t + 20, "/ksr/password/reset", "")
            body = "email=%s&_csrf=%08x" % (p.login.replace("@", "%40"), rng.getrandbits(32))
            b.hit(t + 15, "POST", "/ksr/password/reset", "", "form", 302, body=body,
                  ctype="application/x-www-form-urlencoded")
            t = b.nav(t + 16, "/ksr/password/reset", "sent=1")
            t += 300 + rng.random() * 600
            t = b.nav(t, "/ksr/password/change", "token=" + "%032x" % rng.getrandbits(128), ref=None)
            body = "password=********&confirm=********&_csrf=%08x" % rng.getrandbits(32)
            b.hit(t + 40, "POST", "/ksr/password/change", "", "form", 302, body=body,
                  ctype="application/x-www-form-urlencoded")
            S.workday(ctx, p, d, rng, browser=b)
        else:
            S.workday(ctx, p, d, rng)
