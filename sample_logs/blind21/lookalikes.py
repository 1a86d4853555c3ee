"""Benign look-alikes: legitimate heavy readers, scripts on people's own accounts, multi-device people and
benign 401 storms.  Each marks its staff with `tags["lookalike"]` (the behaviour name in labels.json)."""
from . import app as A
from . import world as W
from .client import Script, human
from .staff import devices, lookup, open_student, session

R_UA = "libcurl/8.5.0 r-curl/5.2.3 httr/1.4.7"
PS_UA = "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.19045; en-US) PowerShell/7.4.5"


def _mark(s, name, **params):
    s.tags["lookalike"] = name
    s.tags.update(params)


def release_day_files(log, world, staff, rng, dacs):
    """District assessment coordinators pull every school's results file (CSV) and ISR bundle (ZIP) at 08:00."""
    if not log.school_day(0):
        return
    for s in dacs:
        _mark(s, "release_day_school_files")
        b = devices(log, rng, s).work()
        b.new_day()
        t = log.at(0, rng.uniform(7.80, 7.97))
        t = b.page(t, "/sv/reports.do", "page")
        t = b.page(t + human(rng, 20), A.school_file(s.district.schools[0].code, "2026SP", "csv"), "page")  # embargo
        t = max(t, log.at(0, W.RELEASE_HOUR + rng.uniform(0.002, 0.05)))
        for sc in s.district.schools:
            for fmt, kind in (("csv", "bigcsv"), ("zip", "zip")):
                load = 2.6 if t < log.at(0, 9.5) else 1.2
                tries = 0
                while True:
                    tries += 1
                    if t < log.at(0, 8.7) and rng.random() < (0.18 if fmt == "zip" else 0.06) and tries < 4:
                        b.get(t, A.school_file(sc.code, "2026SP", fmt), A.unavailable(rng))
                        t += rng.uniform(20, 110)
                        continue
                    ans = A.answer(rng, kind, load)
                    end = b.get(t, A.school_file(sc.code, "2026SP", fmt), ans,
                                "%s_%s_2026SP.%s" % ("ISR" if fmt == "zip" else "results", sc.code, fmt))
                    t = (t + rng.uniform(6, 40)) if fmt == "zip" else end + human(rng, 4)
                    break
        b.pings(t, log.at(0, 16.8))


def psychometrician_scripts(log, world, s, rng):
    """Her documented R scripts page through /sv/api/v2/results from her own workstation on her own login."""
    _mark(s, "psychometrician_r_scripts", documented="SDE data request DR-2026-014 (approved 2026-08-28)")
    c = Script(log, rng, s.login, s.work_ip, R_UA, "r:" + s.login)
    runs = [(0, 10.2), (0, 14.4), (1, 9.7), (1, 15.1), (2, 10.5), (3, 13.0)]
    for d, h in runs:
        if d >= log.days or not log.school_day(d):
            continue
        t = log.at(d, h + rng.uniform(-0.2, 0.2))
        for adm in rng.sample(["ELA", "MAT", "SCI", "PSAT9", "PSAT10", "SAT"], rng.randint(2, 4)):
            for dist in world.districts:
                n = sum(len(sc.pupils[g]) for sc in dist.schools for g in W.TESTED[sc.level])
                for page in range(1, n // 500 + 2):
                    uri = "/sv/api/v2/results?admin=2026SP-%s&district=%s&page=%d&pageSize=500" % (adm, dist.code,
                                                                                                   page)
                    t = c.get(t, uri, A.answer(rng, "api")) + rng.uniform(0.02, 0.4)
            t += rng.uniform(20, 240)


def registrar_batch(log, world, s, rng, d):
    """Incoming transfers: 40-90 pupils from anywhere in the state looked up in one morning."""
    _mark(s, "registrar_transfer_batch")
    b = devices(log, rng, s).work()
    t = log.at(d, rng.uniform(8.0, 8.6))
    t = session(b, t, world, s, rng, 0)
    for _ in range(rng.randint(40, 90)):
        pupil, g, sc = world.random_pupil(rng)
        t = lookup(b, t + human(rng, 25), world, s, rng, tabs=["enroll", "demo"] + (["detail"] if rng.random() < .4
                                                                                      else []), pupil=pupil, school=sc)
        if t > log.at(d, 11.8):
            t += human(rng, 2400, 0.2)


def counselor_scheduling(log, world, s, rng, d):
    """Course placement: a high-school counselor reads 100-250 pupils' scores in a day, grade by grade."""
    _mark(s, "counselor_course_scheduling")
    sc = s.school if s.school and s.school.level == "H" else next(x for x in world.schools if x.level == "H")
    b = devices(log, rng, s).work()
    t = session(b, log.at(d, rng.uniform(7.7, 8.2)), world, s, rng, 0)
    left = rng.randint(100, 250)
    for g in ["09", "10", "11"]:
        t = b.page(t + human(rng, 10), A.roster(sc.code, g), "roster")
        for p in sc.pupils[g][:left // 3]:
            t = open_student(b, t + human(rng, 16, 0.6), world, s, rng, p, sc, ["detail"])
            if log.at(d, 11.6) < t < log.at(d, 12.3):
                t = log.at(d, 12.3) + rng.uniform(0, 600)
            if t > log.at(d, 15.6):
                return


def state_auditor(log, world, s, rng):
    """A state auditor samples accommodations and enrolment records across every district all day."""
    _mark(s, "state_auditor_sampling")
    b = devices(log, rng, s).work()
    for d in range(log.days):
        if not log.school_day(d):
            continue
        b.new_day()
        t = session(b, log.at(d, rng.uniform(8.0, 8.5)), world, s, rng, 0)
        while t < log.at(d, 16.2):
            if log.at(d, 11.8) < t < log.at(d, 12.6):
                t = log.at(d, 12.6)
            if rng.random() < 0.03:                       # transcription error in the sample list
                t = b.page(t, A.student(world.fake_sasid(rng)), answer=A.not_found_student(rng))
            pupil, g, sc = world.random_pupil(rng)
            t = open_student(b, t + human(rng, 20), world, s, rng, pupil, sc, ["accom", "enroll"])
            t += human(rng, 45)


def report_card_printing(log, world, s, rng, d):
    """Parent-teacher conferences: an office assistant prints a whole grade's score reports in one go."""
    _mark(s, "conference_isr_printing")
    sc = s.school or world.schools[0]
    g = rng.choice(W.TESTED[sc.level])
    b = devices(log, rng, s).work()
    t = session(b, log.at(d, rng.uniform(13.2, 14.0)), world, s, rng, 0)
    t = b.page(t, A.roster(sc.code, g), "roster")
    adm = (W.admins_for(g) or ["2026SP-ELA"])[0]
    for p in sc.pupils[g][:rng.randint(80, 140)]:
        t = b.get(t + rng.uniform(4.5, 15), A.isr(p[0], adm), A.answer(rng, "pdf"), "ISR_%s_%s.pdf" % (p[0], adm))


def it_powershell(log, world, s, rng):
    """A district IT admin's scheduled PowerShell check every 15 minutes, on his own account and workstation."""
    _mark(s, "it_powershell_own_account")
    c = Script(log, rng, s.login, s.work_ip, PS_UA, "ps:" + s.login, style="single")
    for d in range(log.days):
        if not log.school_day(d):
            continue
        t = log.at(d, 6.0) + rng.uniform(0, 60)
        while t < log.at(d, 18.0):
            c.get(t, "/sv/admin/users.do?district=%s&fmt=csv" % s.district.code, A.answer(rng, "csv"),
                  "users_%s.csv" % s.district.code)
            c.get(t + 1.2, "/sv/api/ping?_=%d" % int(t * 1000), A.answer(rng, "ping"))
            t += 900 + rng.uniform(0, 3)


def phone_and_laptop(log, world, s, rng):
    """A teacher with the school laptop in class and her own phone in the hallway, same day, same hour."""
    _mark(s, "teacher_phone_and_laptop")
    dev = devices(log, rng, s)
    if not s.phone_key:
        s.phone_key = "p:iphone:" + s.login
    for d in range(log.days):
        if not log.school_day(d):
            continue
        b = dev.work()
        b.new_day()
        h = rng.uniform(9.0, 13.5)
        session(b, log.at(d, h), world, s, rng, 2, ["class", "lookup"])
        ph = dev.phone(W.pool_ip(rng, "mobile")[0])
        t = ph.page(log.at(d, h + rng.uniform(0.2, 0.8)), A.home(), "page")
        lookup(ph, t + human(rng, 5), world, s, rng, tabs=["detail"])


def lockout_and_expired(log, world, s1, s2, rng):
    """Benign 401 storms: an LDAP lock-out after five wrong passwords, and an expired password retried all morning."""
    _mark(s1, "ldap_lockout_then_helpdesk")
    b = devices(log, rng, s1).work()
    t = log.at(0, rng.uniform(8.1, 9.5))
    b.emit(t, A.home(), 401, A.ERR401[0], A.ERR401[1], 0.004, None)
    for _ in range(rng.randint(6, 9)):
        t += human(rng, 12, 0.5)
        b.emit(t, A.home(), 401, A.ERR401[0], A.ERR401[1], 0.05, s1.login)
    b.authed = False
    session(b, t + rng.uniform(1500, 2600), world, s1, rng, 2)
    _mark(s2, "expired_password_retries")
    b = devices(log, rng, s2).work()
    t = log.at(0, rng.uniform(7.5, 8.0))
    while t < log.at(0, 10.5):
        b.emit(t, A.home(), 401, A.ERR401[0], A.ERR401[1], 0.004, None)
        for _ in range(rng.randint(1, 3)):
            t += human(rng, 9)
            b.emit(t, A.home(), 401, A.ERR401[0], A.ERR401[1], 0.05, s2.login)
        t += human(rng, 1100, 0.5)
    b.authed = False
    session(b, t + 300, world, s2, rng, 2)


def run(log, world, staff, rng, pick):
    """Cast the look-alikes (`pick(role, n, **constraints)` returns unassigned staff) and play them."""
    dacs = [s for s in staff if s.role == "dac"]
    release_day_files(log, world, staff, rng, dacs)
    for s in pick("psychometrician", 1):
        psychometrician_scripts(log, world, s, rng)
    last = log.days - 1
    for s in pick("registrar", 2, fallback="office"):
        registrar_batch(log, world, s, rng, min(1, last))
    for s in pick("counselor", 2, level="H"):
        counselor_scheduling(log, world, s, rng, rng.randint(0, last))
    for s in pick("auditor", 1):
        state_auditor(log, world, s, rng)
    for s in pick("office", 2, school=True):
        report_card_printing(log, world, s, rng, min(1, last))
    for s in pick("it", 1, net="routed"):
        it_powershell(log, world, s, rng)
    for s in pick("teacher", 3, phone=True):
        phone_and_laptop(log, world, s, rng)
    a = pick("teacher", 2)
    if len(a) == 2:
        lockout_and_expired(log, world, a[0], a[1], rng)
