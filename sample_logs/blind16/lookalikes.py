"""Benign look-alikes: staff who legitimately read many records, use several devices or script."""
from . import tasks as T
from . import world as W
from .client import MIN, Browser, think
from .directory import REPORTS
from .staff import H, device, home_session, look, work_ip


def mark(s, name, **params):
    s.behaviour, s.always = name, True
    s.look_params = params


def registrar_morning_reports(sim, s, rng):
    ids = sorted(rng.sample(REPORTS["ENR"], rng.randint(8, 11)))
    fmts = {rid: rng.choice(["csv", "csv", "xlsx"]) for rid in ids}
    school = None if s.campus == "DO" else s.campus
    mark(s, "registrar_morning_reports", reports=ids, start="07:35")

    def hook(w, day):
        def batch(w, t):
            for rid in ids:
                t = T.run_report(w, t, rid, fmts[rid], school) + w.rng.randint(2000, 15000)
            return t
        return [(W.local_epoch_ms(day, w.rng.uniform(7.55, 7.85)), True, batch)]
    s.plan_hooks = [hook]


def counselor_scheduling(sim, s, rng):
    mark(s, "counselor_scheduling")
    s.look_params["blocks_per_day"] = blocks = rng.randint(2, 3)

    def hook(w, day):
        out = []
        pupils = w.d.by_campus[s.campus]
        grades = sorted({p.grade for p in pupils})
        for k in range(blocks):
            g = w.rng.choice(grades)
            lst = sorted((p for p in pupils if p.grade == g), key=lambda p: (p.last, p.first))
            i0 = w.rng.randrange(max(1, len(lst) - 60))
            chunk = lst[i0:i0 + w.rng.randint(30, 70)]

            def block(w, t, chunk=chunk):
                t = w.ensure(t)
                for p in chunk:
                    t = T.schedule_change(w, t, p) + think(w.rng, 8, 0.5)
                return t
            out.append((W.local_epoch_ms(day, w.rng.choice([8.2, 9.6, 13.1, 14.2]) + k * 0.05), True, block))
        return out
    s.plan_hooks = [hook]


def state_reporting_coordinator(sim, s, rng):
    mark(s, "state_reporting_export", deadline="2025-02-14", evenings=True)
    s.scope = "district"

    def exports(w, t, n):
        ids = REPORTS["STATE"] + REPORTS["ENR"] + REPORTS["ATT"] + REPORTS["SPED"]
        for rid in w.rng.sample(ids, min(n, len(ids))):
            t = T.run_report(w, t, rid, w.rng.choice(["csv", "csv", "xlsx"]), None) + w.rng.randint(3000, 40000)
        for school in W.SCHOOLS:
            t = T.run_report(w, t, "STATE-03", "csv", school, view=False) + w.rng.randint(2000, 9000)
        return t

    def validate(w, t):
        school = w.rng.choice(W.SCHOOLS)
        t = w.ensure(t)
        for page in range(1, w.rng.randint(15, 35)):
            t = w.b.page(t, "/search?q=&school=%s&grade=&page=%d" % (school, page)) + think(w.rng, 9, 0.5)
            if w.rng.random() < 0.35:
                p = w.rng.choice(w.d.by_campus[school])
                t = T.pupil_page(w.b, t, "profile", p) + think(w.rng, 12, 0.5)
        return t

    def hook(w, day):
        return [(W.local_epoch_ms(day, 8.6), True, lambda w, t: exports(w, t, 30)),
                (W.local_epoch_ms(day, 13.3), True, validate),
                (W.local_epoch_ms(day, 14.6), True, lambda w, t: exports(w, t, 12))]

    def evening(sim, s, day, rng):
        if W.is_school_day(day):
            home_session(sim, s, day, rng, rng.uniform(19.3, 20.2), rng.uniform(60, 150),
                         mix=[(lambda w, t: exports(w, t, 6), 1), (validate, 1)])
    s.plan_hooks, s.side_hooks = [hook], [evening]


def nurse_grade_screening(sim, s, rng):
    grade = rng.choice(sorted({p.grade for p in sim.d.by_campus[s.campus]}))
    mark(s, "nurse_grade_screening", grade=grade, screening=rng.choice(["vision", "hearing"]))

    def block(w, t):
        lst = [p for p in w.d.by_campus[s.campus] if p.grade == grade]
        half = len(lst) // 2
        lst = lst[:half] if w.day % 2 == 0 else lst[half:]
        t = w.ensure(t)
        t = w.b.page(t, "/health/screenings?school=%s&grade=%d" % (s.campus, grade)) + think(w.rng, 10)
        for p in lst:
            t = T.pupil_page(w.b, t, "health", p) + think(w.rng, 20, 0.4)
            t = w.b.send(t, "/api/v2/students/%s/health/screenings" % p.ssid, method="POST",
                         mime="application/json", size=w.rng.randint(250, 450)) + think(w.rng, 6, 0.4)
        return t
    s.plan_hooks = [lambda w, day: [(W.local_epoch_ms(day, w.rng.uniform(8.4, 9.0)), True, block)]]


def report_card_printing(sim, s, rng):
    mark(s, "report_card_printing", report="GRD-04")

    def block(w, t):
        for sec in w.d.campus_sections[s.campus]:
            t = T.run_report(w, t, "GRD-04", "pdf", None, rows=len(sec.pupils), view=False,
                             extra="&section=%d" % sec.num) + think(w.rng, 25, 0.4)
        for p in w.rng.sample(w.d.by_campus[s.campus], w.rng.randint(3, 12)):
            t = T.run_report(w, t, "GRD-04", "pdf", None, rows=1, view=False, extra="&ssid=%s" % p.ssid)
            t += think(w.rng, 30)
        return t
    s.plan_hooks = [lambda w, day: [(W.local_epoch_ms(day, 13.2), True, block)] if day == min(1, sim.days - 1) else []]


def multi_device_teacher(sim, s, rng):
    mark(s, "multi_device_teacher", devices=["district laptop", "own phone", "home PC"])
    s.home_ua = W.home_ua(rng) if s.home_ua == s.work_ua else s.home_ua
    while s.home_ua == s.work_ua:
        s.home_ua = W.MAC_SAFARI % "18.3"
    s.evening_p = 0.0

    def side(sim, s, day, rng):
        if not W.is_school_day(day):
            return
        h = rng.uniform(9.8, 10.6)      # phone on the school Wi-Fi during class: same NAT, another browser
        home_session(sim, s, day, rng, h, rng.uniform(1, 4), kind="phone", ip=work_ip(s, rng),
                     mix=[(look, 1)])
        home_session(sim, s, day, rng, rng.uniform(12.0, 12.3), rng.uniform(2, 6), kind="phone", mix=[(look, 1)])
        home_session(sim, s, day, rng, rng.uniform(19, 21), rng.uniform(25, 70))
    s.side_hooks = [side]


def late_night_grader(sim, s, rng):
    mark(s, "late_night_grader")
    s.evening_p = 0.0
    s.side_hooks = [lambda sim, s, day, rng: home_session(sim, s, day, rng, rng.uniform(22.3, 23.2),
                                                        rng.uniform(60, 130), mix=[(T.gradebook, 5), (look, 1)])]


def it_admin_script(sim, s, rng):
    test = [p.ssid for p in rng.sample(sim.d.pupils, 3)]
    ua = "python-requests/2.32.3"
    mark(s, "it_admin_own_script", user_agent=ua, interval_min=10, test_pupils=test)

    def side(sim, s, day, rng):
        if not W.is_school_day(day):
            return
        b = Browser(sim, rng, W.DISTRICT_PROXY[s.proxy_node], ua, s.login, "form", assets=False)
        t = W.local_epoch_ms(day, 7.0) + rng.randint(0, 90000)
        end = W.local_epoch_ms(day, 18.0)
        b.send(t, "/login", named=False)
        b.user = s.login
        t = b.send(t + 300, "/j_spring_security_check", method="POST", status=302, ref="")
        while t < end:
            for ss in test:
                t = b.send(t + rng.randint(80, 400), "/api/v2/students/%s" % ss, mime="application/json", ref="")
            b.send(t + rng.randint(80, 400), "/admin/jobs?format=json", mime="application/json", ref="")
            t += 10 * MIN + rng.randint(-1500, 1500)
    s.side_hooks = [side]


def state_auditor(sim, rng):
    d = sim.d
    s = d.add_staff(rng, "DO", "state_auditor", "renee", "valdez", auth="form", extra=True)
    s.scope, s.work_ua = "district", W.WIN_EDGE % ("132", W.EDGE_VERS["132"])
    mark(s, "state_auditor", agency="CDE Exceptional Student Services", ip_range="165.127.0.0/16")
    ip = "165.127.%d.%d" % (rng.randint(10, 40), rng.randint(10, 250))
    s.look_params["ip"] = ip
    sim.source(ip, "state_agency_network", account=s.login)
    sample = [p for p in d.pupils if p.sped]
    rng.shuffle(sample)

    def day_run(sim, s, day, rng):
        if not W.is_school_day(day):
            return
        b = Browser(sim, rng, ip, s.work_ua, s.login, "form", p_cold=0.5)
        w = T.Work(sim, s, b, rng, day)
        t = W.local_epoch_ms(day, rng.uniform(8.5, 9.0))
        end = W.local_epoch_ms(day, rng.uniform(15.2, 15.8))
        lunch = W.local_epoch_ms(day, 12.0)
        t = b.open(t, "/home") + think(rng, 20)
        i = day * 60
        while t < end and i < len(sample):
            p = sample[i]
            i += 1
            t = T.lookup(w, t, p, ["programs"], search=False)
            t = b.page(t, "/student/documents?ssid=%s" % p.ssid) + think(rng, 20)
            for _ in range(rng.randint(1, 3)):
                t = b.send(t, "/student/document?id=%d" % rng.randint(700000, 799999), mime="application/pdf",
                           size=rng.randint(90000, 900000), dur=rng.randint(300, 2500)) + think(rng, 70, 0.5)
            if lunch <= t < lunch + H:
                t = lunch + H + rng.randint(0, 15 * MIN)
    s.side_hooks = [day_run]
    s.sections = []
    return s
