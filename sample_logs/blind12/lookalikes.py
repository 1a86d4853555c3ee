"""Benign look-alikes: heavy but legitimate readers, people on several devices and addresses, IT scripts."""
from .client import Browser
from .staff import home_session, ordinary_days, run_session, school_browser, school_day, teacher_events
from .tasks import gap, open_pupil, role_task, schedule_change
from .world import HOME_NETS, NETBIOS, SCHOOLS, Staff, day_at, is_school_day

LOOKALIKES = {
    "registrar_enrolment_batch": "registrars key 35-70 new/transferring pupils each morning: search, demographics and "
                                 "contacts saved, enrolment PDFs opened, schedule checked, 1-4 min each",
    "counselor_semester_scheduling": "high-school counselors rework 2nd-semester schedules: a block of 15-35 pupils in "
                                     "ID order of their caseload list, several partial postbacks each",
    "state_auditor_sampling": "an Auditor of State EMIS/FTE auditor on a district loaner laptop at the BOE samples "
                              "40-70 pupils a day across all buildings (attendance, enrolment documents)",
    "report_card_printing": "school secretaries proof and print Q2 report cards: every pupil's preview homeroom by "
                            "homeroom at 4-15 s, then a multi-MB PDF export per homeroom",
    "it_scripted_job_check": "an IT admin's PowerShell (Invoke-WebRequest -UseDefaultCredentials) polls the job status "
                             "page every 10 minutes around the clock on her own account: 401, 401, 200 each time",
    "itinerant_two_buildings": "itinerant elementary specialists: morning at one building, afternoon at another, same "
                               "Windows name from two school networks the same day",
    "substitute_own_account": "substitutes with their own sub accounts take attendance for absent teachers' sections",
}


def pick(W, role, n, building=None, exclude=()):
    pool = [s for s in W.staff if s.role == role and s.lookalike is None and s.abuse is None
            and (building is None or s.building == building) and s.sid not in exclude]
    chosen = W.rng("pick-lookalike", role, building or "*").sample(pool, min(n, len(pool)))
    return chosen


def assign(W):
    for s in pick(W, "registrar", 2):
        s.lookalike = "registrar_enrolment_batch"
    for s in pick(W, "counselor", 3, "ACHS"):
        s.lookalike = "counselor_semester_scheduling"
    secs = pick(W, "office_secretary", 4)
    for s in secs:
        s.lookalike = "report_card_printing"
    for s in pick(W, "it_staff", 1):
        s.lookalike = "it_scripted_job_check"
    elem = [s for s in W.staff if s.role == "teacher" and s.building in SCHOOLS[3:] and s.lookalike is None
            and s.abuse is None]
    for s in W.rng("itinerant").sample(elem, min(4, len(elem))):
        s.lookalike = "itinerant_two_buildings"
    for s in W.staff:
        if s.role == "substitute" and s.lookalike is None:
            s.lookalike = "substitute_own_account"
    r = W.rng("auditor")
    aud = Staff(sid="X0001", first="Kathleen", last="Brennan", role="state_auditor", building="BOE",
                win="%s\\aos.kbrennan" % NETBIOS, email="aos.kbrennan@%s" % W.domain, home_ip=W.addrs.take(HOME_NETS),
                pc_ip=W.addrs.school_pc("BOE", wifi=True), engine="edge", keep_open=True, evening=False,
                ticket=r.randint(2000, 4000))
    aud.actor, aud.lookalike, aud.pupils = "staff:X0001", "state_auditor_sampling", []
    W.extra_people.append(aud)


def registrar_batch(W, s, d, r):
    pool = [p for b in SCHOOLS for p in W.pupils[b] if p // 10000 >= 25] or W.pupils["ACHS"]
    batch = r.sample(pool, r.randint(35, 70))

    def work(b, t):
        for pid in batch:
            t = open_pupil(b, t, pid, "ALL") + gap(r, 8)
            for stem in ("/Demographics.aspx", "/Contacts.aspx"):
                t = b.page(t, stem, "ID=%d" % pid) + gap(r, 25)
                t = b.page(t, stem, "ID=%d" % pid, "POST", body=r.randint(30000, 70000)) + gap(r, 6)
            t = b.page(t, "/Documents.aspx", "ID=%d" % pid) + gap(r, 5)
            for doc in r.sample(W.docs[pid], min(len(W.docs[pid]), r.randint(1, 3))):
                t = b.hit(t, "GET", "/Handlers/Document.ashx", "DocID=%d" % doc, 200, r.randint(90000, 2400000),
                          r.randint(60, 900)) + gap(r, 12)
            if r.random() < 0.4:
                t = b.hit(t, "POST", "/Handlers/DocumentUpload.ashx", "ID=%d" % pid, 200, 412, r.randint(300, 2500),
                          body=r.randint(150000, 3000000)) + gap(r, 5)
            t = b.page(t, "/ScheduleGrid.aspx", "ID=%d" % pid) + gap(r, 30, 0.8)
        return t
    school_day(W, s, d, r, rate_mult=0.4, extra=[(day_at(d, 8.1 + r.uniform(0, 0.3)), work)])


def counselor_block(W, s, d, r):
    start = r.randrange(0, max(1, len(s.pupils) - 40))
    block = s.pupils[start:start + r.randint(15, 35)]

    def work(b, t):
        for pid in block:
            t = schedule_change(b, t, pid, s.building, r.randint(1, 5)) + gap(r, 40, 0.8)
        return t
    school_day(W, s, d, r, rate_mult=0.6, extra=[(day_at(d, r.uniform(9.0, 12.5)), work)])


def auditor_day(W, s, d, r):
    b = school_browser(W, s)
    sample = [r.choice(W.pupils[r.choice(SCHOOLS)]) for _ in range(r.randint(40, 70))]
    t, lunch = day_at(d, 8.9 + r.uniform(0, 0.3)), day_at(d, 12.0)
    ev = []
    for pid in sample:
        def one(b, t, pid=pid):
            t = open_pupil(b, t, pid, "ALL", search=r.random() < 0.9) + gap(r, 30)
            t = b.page(t, "/Attendance.aspx", "ID=%d" % pid) + gap(r, 25)
            for _ in range(r.randint(0, 3)):
                t = b.page(t, "/Attendance.aspx", "ID=%d" % pid, "POST", body=r.randint(15000, 30000)) + gap(r, 15)
            t = b.page(t, "/Documents.aspx", "ID=%d" % pid) + gap(r, 10)
            return b.hit(t, "GET", "/Handlers/Document.ashx", "DocID=%d" % r.choice(W.docs[pid]), 200,
                         r.randint(90000, 2400000), r.randint(60, 900))
        ev.append((t, one))
        t += gap(r, 240, 0.5) + (2700 if lunch <= t < lunch + 400 else 0)
    run_session(b, day_at(d, 8.85), day_at(d, 15.6), ev, True, r)


def report_cards(W, s, d, r):
    pupils = W.pupils[s.building]
    rooms = [pupils[i:i + 24] for i in range(0, len(pupils), 24)]
    rooms = rooms[r.randrange(len(rooms)):][:r.randint(6, 11)]

    def work(b, t):
        t = b.page(t, "/Reports/ReportCards.aspx", "Building=%s&Term=Q2" % s.building) + gap(r, 10)
        for room in rooms:
            t = b.ajax(t, "/Reports/ReportCards.aspx", "Building=%s&Term=Q2" % s.building, body=40000) + gap(r, 6)
            for pid in room:
                t = b.page(t, "/Reports/ReportCardPreview.aspx", "ID=%d&Term=Q2" % pid, scb=r.randint(70000, 120000),
                           tt=r.randint(700, 3200)) + gap(r, 7, 0.5)
            t = b.hit(t, "POST", "/Reports/ReportCards.aspx", "Building=%s&Term=Q2" % s.building, 200,
                      r.randint(2_500_000, 19_000_000), r.randint(9000, 45000), body=r.randint(40000, 60000))
            t += gap(r, 90)
        return t
    hour = 12.6 if s.building != "ACHS" else 8.4
    school_day(W, s, d, r, rate_mult=0.5, extra=[(day_at(d, hour + r.uniform(0, 0.5)), work)])


def it_job_check(W, s):
    b = Browser(W, W.rng("ps", s.sid), s.pc_ip, s.win, "ntlm", s.actor, "powershell", assets=False)
    t, end = W.t0 + W.rng("ps0", s.sid).uniform(0, 600), W.t_end
    while t < end:
        b.conns = []
        b.hit(t, "GET", "/Admin/JobStatus.aspx", "format=xml", 200, b.rng.randint(2100, 2600), b.rng.randint(30, 160))
        t += 600 + b.rng.uniform(0, 4)


def itinerant_day(W, s, d, r):
    other = W.rng("itin-b", s.sid).choice([x for x in SCHOOLS[3:] if x != s.building])
    lap = school_browser(W, s)
    if "ip2" not in s.extra:
        s.extra["ip2"], s.extra["building2"] = W.addrs.school_pc(other, wifi=True), other
    lap.ip, lap.conns = s.pc_ip, []
    ev = [(t, lambda b, t: role_task(b, t, s, r)) for t in (day_at(d, r.uniform(8.4, 11.3)) for _ in range(3))]
    ev += teacher_events(s, d, r)[0][:1]
    run_session(lap, day_at(d, 8.3 + r.uniform(0, 0.2)), day_at(d, 11.6), ev, False, r)
    lap.ip, lap.conns = s.extra["ip2"], []
    pool = W.pupils[other]
    ev = [(day_at(d, r.uniform(12.4, 15.2)),
           lambda b, t: open_pupil(b, t, r.choice(pool), other, tabs=r.randint(0, 2))) for _ in range(r.randint(2, 6))]
    run_session(lap, day_at(d, 12.3 + r.uniform(0, 0.2)), day_at(d, 15.6), ev, s.keep_open, r)
    lap.ip = s.pc_ip


def substitute_day(W, s, d, r):
    teachers = [t for t in W.staff if t.role == "teacher" and t.building == s.building and t.sections]
    absent = W.rng("sub-for", s.sid, d).choice(teachers)
    ev, _ = teacher_events(absent, d, r)
    school_day(W, s, d, r, extra=ev)


DAY = {"registrar_enrolment_batch": registrar_batch, "counselor_semester_scheduling": counselor_block,
       "report_card_printing": report_cards, "itinerant_two_buildings": itinerant_day,
       "substitute_own_account": substitute_day, "state_auditor_sampling": auditor_day}


def run(W, s):
    """Days of a look-alike: its special school day where it applies, ordinary evenings otherwise."""
    if s.lookalike == "it_scripted_job_check":
        it_job_check(W, s)
        return ordinary_days(W, s)
    fn = DAY[s.lookalike]
    for d in range(W.days):
        r = W.rng("lk", s.sid, d)
        if not is_school_day(d):
            continue
        if s.lookalike == "report_card_printing" and d != (0 if s.building != "ACHS" else min(1, W.days - 1)):
            school_day(W, s, d, r)
        elif s.lookalike == "state_auditor_sampling" and d > 1:
            continue
        else:
            fn(W, s, d, r)
        if s.evening and r.random() < 0.4:
            home_session(W, s, d, r, day_at(d, r.uniform(18.5, 22.0)))
    if not W.seen(s):
        home_session(W, s, 0, W.rng("fallback", s.sid), day_at(0, 19.0))
