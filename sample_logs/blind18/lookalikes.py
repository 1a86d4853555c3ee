"""Hard benign look-alikes: an IEP audit review, counselors rebuilding schedules, registrars in fall enrolment, the
assessment office exporting everything, nurses' screening lists, a teacher on laptop + phone + home PC."""
from .client import lognorm_ms
from .staff import school_day, is_school_day, phone_check, home_session
from .tasks import EXPORTS, open_student
from .world import SCHOOLS


def iep_audit_review(env, s, world, rng, days):
    """Every IEP of her schools before the state audit: IEP page, often the PDF, 30-120 s each, all day."""
    schools = rng.sample([x[0] for x in SCHOOLS], 3)
    todo = sorted(p for c in schools for p in world.pupils_by_school[c] if p in world.has_iep)
    s["params"] = {"schools": schools, "n_ieps": len(todo)}
    for d in range(days):
        if not is_school_day(d):
            continue
        def review(c, t, d=d):
            end = d * 86400 + 3600 * rng.uniform(15.2, 16.3)
            while todo and t < end:
                p = todo.pop(0)
                t = c.page_view(t, "/students/%d/iep" % p, student=str(p), dur=lognorm_ms(rng, 220))
                if rng.random() < 0.45:
                    c.req(t + rng.uniform(4, 20), "GET", "/students/%d/iep/pdf" % p, student=str(p),
                          nbytes=rng.randint(180000, 900000), dur=lognorm_ms(rng, 900))
                t += rng.lognormvariate(4.0, 0.5)
                if rng.random() < 0.04:
                    t += rng.uniform(600, 1800)
            return t
        school_day(env, s, d, rng, world, role_rate=0.6, extra=[(d * 86400 + 3600 * 8.3, review)])


def counselor_scheduling(env, s, world, rng, days):
    """First weeks of school: schedule changes for a long queue of pupils (schedule GET, POST, GET)."""
    pupils = world.pupils_of(s)
    for d in range(days):
        if not is_school_day(d):
            continue
        def sched(c, t, d=d):
            end = d * 86400 + 3600 * rng.uniform(14.5, 15.5)
            while t < end:
                p = rng.choice(pupils)
                t = open_student(c, t, p, "counselor", "schedule", search=rng.random() < 0.7, dwell=(10, 60))
                for _ in range(rng.randint(1, 3)):
                    c.req(t, "POST", "/students/%d/schedule" % p, status=302, student=str(p), dur=rng.randint(120, 600))
                    t = c.page_view(t + 0.4, "/students/%d/schedule" % p, student=str(p)) + rng.uniform(20, 90)
                t += rng.uniform(20, 240)
            return t
        school_day(env, s, d, rng, world, role_rate=0.5, extra=[(d * 86400 + 3600 * 8.0, sched)])


def registrar_enrollment(env, s, world, rng, days):
    """Fall enrolment rush: three times the usual pace, lots of typeahead searching."""
    for d in range(days):
        if is_school_day(d):
            school_day(env, s, d, rng, world, role_rate=s["rate"] * 3)


def assessment_exports(env, s, world, rng, days):
    """Every export of every school, both formats; slow ones take minutes; one beyond HAProxy's 120 s timeout."""
    jobs = [(k, c[0], f) for k in EXPORTS for c in SCHOOLS for f in ("xlsx", "csv")]
    rng.shuffle(jobs)
    s["params"] = {"n_exports": len(jobs)}
    for d in range(days):
        if not is_school_day(d):
            continue
        def run(c, t, d=d):
            end = d * 86400 + 3600 * 16.2
            while jobs and t < end:
                kind, school, fmt = jobs.pop()
                dur = int(rng.lognormvariate(9.3, 0.8))
                if (kind, school, fmt) == ("attendance", 612, "xlsx"):     # the big high school's full year
                    dur = rng.randint(125000, 190000)
                q = "school=%d&format=%s" % (school, fmt)
                if dur > 120000:
                    c.req(t, "GET", "/reports/export/" + kind, q, status=504, nbytes=198, dur=120001, tsc="sH--",
                          tr=-1, app_status=200)
                else:
                    st = 500 if rng.random() < 0.02 else 200
                    c.req(t, "GET", "/reports/export/" + kind, q, status=st, dur=dur,
                          nbytes=rng.randint(80000, 6000000) if st == 200 else 5400)
                t += dur / 1000.0 + rng.uniform(3, 40)
            return t
        school_day(env, s, d, rng, world, role_rate=0.5, extra=[(d * 86400 + 3600 * 8.6, run)])


def nurse_screening(env, s, world, rng, days):
    """Vision/hearing screening lists by grade, then the flagged pupils' health pages and a recorded result."""
    for d in range(days):
        if not is_school_day(d):
            continue
        def screen(c, t, d=d):
            for kind in rng.sample(["vision", "hearing", "immunizations"], 2):
                for grade in rng.sample(["K", "1", "3", "5", "7", "9"], rng.randint(2, 4)):
                    t = c.page_view(t, "/reports/screening/" + kind, "school=%d&grade=%s" % (s["school"], grade))
                    lst = c.page
                    for p in rng.sample(world.pupils_of(s), rng.randint(8, 25)):
                        c.page = lst
                        t = c.page_view(t + rng.uniform(4, 25), "/students/%d/health" % p, student=str(p))
                        if rng.random() < 0.6:
                            c.req(t + rng.uniform(10, 50), "POST", "/students/%d/health/screenings" % p, status=302,
                                  student=str(p), dur=rng.randint(90, 300))
                            t += 50
                    t += rng.uniform(60, 600)
            return t
        school_day(env, s, d, rng, world, role_rate=1.5, extra=[(d * 86400 + 3600 * 9.0, screen)])


def three_devices(env, s, world, rng, days):
    """Laptop at school, phone during the day (guest Wi-Fi or carrier), a home PC in the evening."""
    if not s["phone_ua"]:
        from .world import phone_ua
        s["phone_ua"] = phone_ua(rng)
    home_ua = s.setdefault("home_ua", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
                           "Gecko) Chrome/149.0.0.0 Safari/537.36")
    for d in range(days):
        if is_school_day(d):
            school_day(env, s, d, rng, world)
            for h in sorted(rng.sample([10.2, 11.9, 13.1, 16.8, 18.2], 3)):
                phone_check(env, s, d, rng, world, at=h + rng.uniform(0, 0.5))
            home_session(env, s, d, rng, world, 19.5, 21.0, ua=home_ua, name="home")
        else:
            home_session(env, s, d, rng, world, 14.0, 20.0, ua=home_ua, name="home")


LOOKALIKES = [("iep_audit_review", ["sped_coordinator"], 1, iep_audit_review),
              ("counselor_scheduling", ["counselor"], 3, counselor_scheduling),
              ("registrar_fall_enrollment", ["registrar"], 3, registrar_enrollment),
              ("assessment_office_export_all", ["district_analyst"], 2, assessment_exports),
              ("nurse_screening_lists", ["nurse"], 3, nurse_screening),
              ("teacher_laptop_phone_home_pc", ["teacher"], 3, three_devices)]
