"""Hard benign look-alikes: people and jobs that legitimately read many records.

registrar enrolment wave, counselors building next semester's schedules, a nurse reviewing every immunisation
record before the state deadline, a state auditor's sample, report-card printing, an analyst's term attendance
exports (same endpoint as the enumeration scraper), an IEP compliance review, multi-device teachers, the IT
admin's documented PowerShell job, and the shared NATs (registered as benign sources here).
"""
from . import services
from . import tasks as T
from . import world as W
from .client import Browser
from .people import Person, pick


def enroll_new(c, t):
    r, b = c.r, c.b
    school = W.CAMPUS[r.choice(W.SCHOOLS)][3]
    t = b.page(t, "/enrollment/new.php?school=" + school) + c.read(20, 90)
    core = "4" + "%08d" % r.randint(10000000, 99999999)
    found = r.random() < 0.6
    t = b.hit(t, "GET", "/api/v2/students/by-state-id/" + core + W.luhn_digit(core), 200 if found else 404,
              "json") + c.read(30, 200)
    sid = "26%05d" % r.randint(60000, 99999)
    t = b.post(t, "/enrollment/new.php") + 0.05
    t = b.page(t, "/enrollment/confirm.php?sid=" + sid) + c.read(5, 30)
    for _ in range(r.randint(1, 3)):
        t = b.page(t, "/enrollment/documents_upload.php?sid=" + sid) + c.read(15, 60)
        t = b.post(t, "/enrollment/documents_upload.php") + 0.05
    if r.random() < 0.5:
        t = b.page(t, "/students/schedule.php?sid=" + sid) + c.read(20, 90)
    return t


def schedule_build(c, t):
    r, b = c.r, c.b
    pool = c.w.by_school[c.p.campus]
    g = r.choice(sorted({x.grade for x in pool}))
    t = b.page(t, "/scheduling/builder.php?school=%s&grade=%d&term=2027S2" % (c.num, g), rt=r.uniform(0.5, 2)) + c.read(10, 40)
    kids = [x for x in pool if x.grade == g]
    start = r.randrange(len(kids))
    for pup in kids[start:start + r.randint(6, 18)]:
        t = T.open_card(c, t, pup, tabs=["schedule", "grades"], search=False)
        t = b.page(t, "/scheduling/requests.php?sid=" + pup.sid) + c.read(8, 50)
        t = b.post(t, "/scheduling/assign.php", 200, "json") + c.read(3, 20)
    return t


def immun_batch(c, t):
    r, b, p = c.r, c.b, c.p
    pool = c.w.by_school[p.campus]
    for i in range(r.randint(12, 35)):
        k = p.extra.get("cursor", 0) % len(pool)
        pup = pool[k]
        if i == 0 or pool[k - 1].grade != pup.grade:
            t = b.page(t, "/health/immunization_report.php?school=%s&grade=%d&status=all" % (c.num, pup.grade),
                       size=r.randint(60000, 200000), rt=r.uniform(0.8, 3)) + c.read(10, 40)
        p.extra["cursor"] = k + 1
        t = b.page(t, "/health/immunizations.php?sid=" + pup.sid) + c.read(8, 45)
        if r.random() < 0.12:
            t = b.post(t, "/health/immunizations_save.php") + 0.05
            t = b.page(t, "/health/immunizations.php?sid=%s&saved=1" % pup.sid) + c.read(2, 6)
        if r.random() < 0.05:
            t = b.hit(t, "GET", "/health/letter.php?sid=%s&type=exclusion" % pup.sid, kind="pdf") + c.read(5, 20)
    return t


def iep_review(c, t):
    r, b = c.r, c.b
    t = b.page(t, "/programs/compliance.php?type=iep&due=30&school=ALL", rt=r.uniform(0.6, 2.5)) + c.read(10, 40)
    for _ in range(r.randint(8, 22)):
        pup = r.choice(c.w.pupils)
        t = b.page(t, "/students/programs.php?sid=%s&type=iep" % pup.sid) + c.read(15, 90)
        if r.random() < 0.3:
            t = b.hit(t, "GET", "/programs/iep_doc.php?sid=%s&doc=current" % pup.sid, kind="pdf") + c.read(30, 180)
    return t


def report_card_batch(c, t):
    r, b = c.r, c.b
    for g in sorted({x.grade for x in c.w.by_school[c.p.campus]}):
        n = sum(1 for x in c.w.by_school[c.p.campus] if x.grade == g)
        t = b.page(t, "/reports/report_cards.php?school=%s&grade=%d&term=2027Q1" % (c.num, g)) + c.read(5, 20)
        t = b.post(t, "/reports/report_cards.php") + 0.05
        job = "%08x-%04x-%04x" % (r.getrandbits(32), r.getrandbits(16), r.getrandbits(16))
        t = b.page(t, "/reports/jobs.php?job=" + job)
        for _ in range(r.randint(4, 15)):
            t = b.hit(t + 3.0, "GET", "/api/v2/jobs/%s/status" % job, kind="tiny", size=r.randint(40, 60))
        t = b.hit(t + 1, "GET", "/reports/download.php?job=" + job, kind="pdf", size=n * r.randint(38000, 52000),
                  rt=r.uniform(0.5, 2)) + c.read(60, 300)
    for pup in r.sample(c.w.by_school[c.p.campus], r.randint(20, 60)):
        t = T.print_card(c, t, pup) + r.uniform(4, 15)
    return t


def analyst_exports(c, t):
    r, b = c.r, c.b
    t = b.page(t, "/attendance/export_form.php?school=ALL") + c.read(10, 30)
    for school in W.SCHOOLS:
        n = len(c.w.by_school[school])
        t = b.hit(t, "GET", "/attendance/export.php?school=%s&from=2026-08-24&to=%s&fmt=csv" % (
            W.CAMPUS[school][3], c.date), kind="csv", size=n * r.randint(4200, 5200), rt=r.uniform(6, 25)) + c.read(40, 200)
    return t


def _auditor(w, out, a):
    r = w.rng("auditor")
    sample = r.sample(w.pupils, 120)
    b = Browser(out, r, W.ua_edge_win(), W.STATE_NET + "44", cached=False)
    k = 0
    for day, lo, hi in ((0, 12.6, 16.3), (1, 8.7, 11.9)):
        if day >= w.days or not w.school_day[day]:
            continue
        b.new_day()
        c = T.Ctx(w, a, b, r, day)
        t, end = w.t(day, lo + r.uniform(0, 0.2)), w.t(day, hi)
        t = b.form(t, a.login, mfa=True)
        while t < end and k < len(sample):
            if b.expired(t):
                t = b.form(t, a.login, mfa=True, bookmark=True)
            pup = sample[k]
            k += 1
            t = b.page(t, "/students/search.php?q=%s&school=ALL" % pup.sid) + c.read(3, 10)
            for pg in ("/enrollment/history.php?sid=", "/students/attendance.php?view=year&sid=",
                       "/students/programs.php?type=ell&sid="):
                t = b.page(t, pg + pup.sid) + c.read(15, 70)
            if r.random() < 0.4:
                t = b.hit(t, "GET", "/enrollment/documents.php?sid=%s&doc=residency" % pup.sid, kind="pdf") + c.read(20, 60)
        t = b.hit(t, "GET", "/reports/export.php?report=audit_sample&sample=SEA-2027-114&fmt=csv", kind="csv")
        b.logout(t + 30)


def setup(w, out):
    r = w.rng("lookalikes")
    for code, name, level, _n, nat, _p, _s in W.CAMPUSES:
        w.sources[nat] = {"behaviour": "central_office_nat" if level == "co" else "school_nat", "nat": True,
                          "params": {"campus": code}}
    w.sources[W.GUEST_WIFI] = {"behaviour": "guest_wifi_nat", "nat": True, "params": {"campus": "all"}}
    w.sources[W.CO_SERVERS] = {"behaviour": "central_office_server_nat", "nat": True, "params": {"campus": "CO"}}
    p = pick(w, r, "registrar", "CO")
    p.behaviour, p.tasks, p.rate, p.never_absent = "registrar_enrollment_wave", [
        (enroll_new, 8), (T.search_page, 1), (T.enrollment_queue, 1)], 6.0, True
    for campus in ("HHS", "IWH", "IWH"):
        p = pick(w, r, "counselor", campus)
        p.behaviour, p.tasks, p.rate = "counselor_schedule_building", [
            (schedule_build, 6), (T.counselor_work, 2), (T.messages, 1)], 4.0
    p = pick(w, r, "nurse", "IWH")
    p.behaviour, p.tasks, p.rate, p.never_absent = "nurse_immunization_deadline", [
        (immun_batch, 6), (T.nurse_work, 1)], 4.5, True
    p.label_params = {"deadline": "2026-12-01", "pupils_in_school": len(w.by_school["IWH"])}
    p = pick(w, r, "sped_coordinator", "CO")
    p.behaviour, p.tasks, p.rate = "iep_compliance_review", [(iep_review, 6), (T.programs, 2)], 3.5
    day = 1 if w.days > 1 and w.school_day[1] else 0
    for campus in ("BHE", "CPE", "DME", "EFE", "FVM", "GRM"):
        p = pick(w, r, "secretary", campus)
        p.behaviour, p.never_absent = "report_card_printing", True
        p.anchor_fn = lambda w_, p_, d, r_, day=day: [(w_.t(d, r_.uniform(9.0, 13.0)), report_card_batch)] if d == day else []
    p = pick(w, r, "data_analyst", "CO")
    p.behaviour = "analyst_term_attendance_exports"
    p.anchor_fn = lambda w_, p_, d, r_: [(w_.t(d, r_.uniform(13.0, 14.5)), analyst_exports)] if d == 0 else []
    for _ in range(3):
        p = pick(w, r, "teacher")
        p.behaviour, p.evening, p.phone_prob = "multi_device_teacher", 0.9, 0.9
        p.phone, p.home_ua = p.phone or W.phone_ua(r), p.home_ua or W.home_ua(r)
    w.it_script_owner = pick(w, r, "it_admin", "CO")
    w.it_script_owner.behaviour = "it_powershell_script"
    a = Person(login="ext.mwhitfield@" + W.DOMAIN, role="state_auditor", campus="CO", auth="local",
               behaviour="state_auditor_sample", ua=W.ua_edge_win())
    a.label_params = {"organisation": "State Department of Education, Office of Audit", "sample_size": 120,
                      "mfa": True}
    w.extra_accounts[a.login] = w.auditor = a
    w.sources[W.STATE_NET + "44"] = {"behaviour": "state_auditor_sample", "params": {"account": a.login}}


def run(w, out):
    services.it_script(w, out, w.it_script_owner)
    _auditor(w, out, w.auditor)
