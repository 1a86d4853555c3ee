"""Benign look-alikes: staff who legitimately read many records or use many devices.

``plan(world, rng, taken)`` marks people (``behaviour``, ``flags``) and returns ``extras[(login, day)]`` =
[(time of day, task)] that ``staff.work_day`` runs inside their ordinary day.  The state auditor is a separate
account and runs here (``auditor_days``).
"""
from . import tasks as T
from .browser import Browser
from .staff import H, weekday
from .world import BASE, NEXT_YEAR, Person, UA_WORK


def _take(world, rng, roles, n, taken, levels=None):
    pool = [p for p in world.staff if p.role in roles and p.login not in taken
            and (levels is None or (world.schools.get(p.school) and world.schools[p.school].level in levels))]
    chosen = rng.sample(pool, min(n, len(pool)))
    for p in chosen:
        taken[p.login] = 1
    return chosen


def _break(rng, t, d0, done):
    """Take the lunch break once, somewhere between 11:45 and 12:40."""
    if not done[0] and t > d0 + rng.uniform(11.75, 12.66) * H:
        done[0] = True
        return t + rng.uniform(25, 45) * 60
    return t


def transfer_batch(until):
    def run(b, t, ctx):
        rng, d0, lunch = ctx.rng, ctx.day * 86400.0, [False]
        school_codes = ctx.all_codes
        while t < d0 + until:
            t = b.page(t, "/harbor/enroll/transfers.do?status=pending&schoolId=ALL", size=rng.randint(30000, 52000))
            for _ in range(rng.randint(2, 6)):
                s = ctx.world.schools[rng.choice(school_codes)]
                pid, req = rng.choice(s.pupils), rng.randint(310000, 329999)
                t = b.page(t + T.think(rng, 8), "/harbor/enroll/transfer.do?requestId=%d" % req) + T.think(rng, 30, .6)
                t = b.page(t, T.P % pid) + T.think(rng, 15)
                t = b.page(t, T.TAB["documents"] % pid) + T.think(rng, 6)
                for _ in range(rng.randint(1, 4)):
                    t = b.download(t, "/harbor/documents/download.do?docId=%d" % rng.randint(5100000, 5899999),
                                   rng.randint(90000, 900000)) + T.think(rng, 25, .7)
                t = b.page(t, "/harbor/enroll/records-request.do?studentId=%s" % pid) + T.think(rng, 40, .6)
                t = b.post(t, "/harbor/enroll/approveTransfer.do?requestId=%d" % req,
                           then="/harbor/enroll/transfers.do?status=pending&schoolId=ALL") + T.think(rng, 10)
                t = _break(rng, t, d0, lunch)
        return t
    return run


def scheduling_batch(until):
    """Counselor building next year's requests pupil after pupil, 'Save & next' in roll order."""
    def run(b, t, ctx):
        rng, d0, lunch = ctx.rng, ctx.day * 86400.0, [False]
        s = ctx.school
        roll = sorted(s.pupils, key=lambda p: (s.surnames[p], p))
        i = rng.randrange(len(roll))
        t = b.page(t, "/harbor/scheduling/builder.do?schoolId=%s&year=%s" % (s.code, NEXT_YEAR), size=88000)
        t += T.think(rng, 20)
        q = "/harbor/scheduling/requests.do?studentId=%s&year=" + NEXT_YEAR
        t = b.page(t, q % roll[i])
        while t < d0 + until:
            pid = roll[i % len(roll)]
            t = b.xhr(t, "/harbor/api/v1/students/%s/transcript" % pid, size=rng.randint(3000, 9000))
            t = b.xhr(t + T.think(rng, 25, .6), "/harbor/api/v1/scheduling/conflicts?studentId=%s&year=%s" %
                      (pid, NEXT_YEAR), size=rng.randint(80, 900))
            if rng.random() < .15:
                t = b.page(t + T.think(rng, 6), T.TAB["grades"] % pid) + T.think(rng, 12)
            i += 1
            t = b.post(t + T.think(rng, 35, .6), "/harbor/scheduling/saveRequests.do?studentId=%s" % pid,
                       then=q % roll[i % len(roll)])
            t = _break(rng, t, d0, lunch)
        return t
    return run


def immunisation_batch(until):
    def run(b, t, ctx):
        rng, d0, lunch = ctx.rng, ctx.day * 86400.0, [False]
        t = T.report(b, t, ctx, rid="HLT008", fmt="html")
        s = ctx.school
        todo = sorted(rng.sample(s.pupils, min(len(s.pupils), 260)))
        for pid in todo:
            if t > d0 + until:
                break
            t = b.page(t + T.think(rng, 8), "/harbor/health/immunizations.do?studentId=%s" % pid) + T.think(rng, 30, .7)
            if rng.random() < .35:
                t = b.post(t, "/harbor/health/saveImmunization.do?studentId=%s" % pid,
                           then="/harbor/health/immunizations.do?studentId=%s&saved=1" % pid)
            if rng.random() < .25:
                t = b.page(t + T.think(rng, 5), T.TAB["contacts"] % pid) + T.think(rng, 60, .6)
            t = _break(rng, t, d0, lunch)
        return t
    return run


def report_cards(b, t, ctx):
    """Principal printing every report card: the batch page opens each pupil's PDF in turn."""
    rng, s = ctx.rng, ctx.school
    t = b.page(t, "/harbor/reportcards/batch.do?schoolId=%s&term=Q1" % s.code, size=41000) + T.think(rng, 20)
    for pid in sorted(s.pupils, key=lambda p: (s.surnames[p], p)):
        status = 500 if rng.random() < .004 else 200
        t = b.download(t + rng.uniform(1.1, 3.4), "/harbor/reportcards/print.do?studentId=%s&term=Q1" % pid,
                       rng.randint(78000, 142000) if status == 200 else 4310, dur=rng.uniform(.6, 2.4), status=status)
    return t


def phone_bank(n_calls):
    def run(b, t, ctx):
        for _ in range(n_calls):
            t = T.call_home(b, t + T.think(ctx.rng, 15), ctx)
        return t
    return run


def bulk_exports(b, t, ctx):
    rng = ctx.rng
    rid = rng.choice(("ATT030", "ENR010", "CHR001", "ELL004"))
    for code in ctx.all_codes:
        t = T.report(b, t + T.think(rng, 20), ctx, rid=rid, fmt="csv", school=code)
    return t


def plan(world, rng, taken):
    extras, school_days = {}, [d for d in range(world.days) if weekday(d) < 5]
    last = school_days[-1] if school_days else 0

    def add(p, day, tod, fn):
        extras.setdefault((p.login, day), []).append((tod, fn))

    for p in _take(world, rng, ("registrar", "enrollment_clerk"), 2, taken):
        p.behaviour, p.flags["present"], p.flags["rate"] = "registrar_transfer_day", True, .4
        for d in school_days:
            add(p, d, rng.uniform(8.3, 8.8) * H, transfer_batch(rng.uniform(14.8, 15.6) * H))
    for p in _take(world, rng, ("counselor",), 3, taken, ("MS", "HS")):
        p.behaviour, p.flags["present"], p.flags["rate"] = "counselor_scheduling", True, .4
        for d in school_days:
            add(p, d, rng.uniform(8.4, 9.0) * H, scheduling_batch(rng.uniform(14.5, 15.5) * H))
    for p in _take(world, rng, ("nurse",), 2, taken):
        p.behaviour, p.flags["present"], p.flags["rate"] = "nurse_immunisation_deadline", True, .8
        for d in school_days:
            add(p, d, rng.uniform(9.5, 10.5) * H, immunisation_batch(rng.uniform(14.3, 15.2) * H))
    for p in _take(world, rng, ("principal",), 1, taken, ("ES", "MS")):
        p.behaviour, p.flags["present"], p.flags["leave"] = "principal_report_cards", True, 17.6 * H
        add(p, last, rng.uniform(15.4, 15.8) * H, report_cards)
    clerks = [p for p in world.staff if p.role == "attendance_clerk" and p.login not in taken]
    for i, p in enumerate(clerks):
        heavy = i == 0
        p.behaviour = "attendance_phone_bank" if heavy else p.behaviour
        for d in school_days:
            add(p, d, rng.uniform(8.4, 8.9) * H, phone_bank(rng.randint(55, 95) if heavy else rng.randint(15, 40)))
        if heavy:
            taken[p.login] = 1
    for p in _take(world, rng, ("analyst",), 2, taken):
        p.behaviour = "analyst_bulk_exports"
        for d in school_days:
            add(p, d, rng.uniform(9.5, 13.5) * H, bulk_exports)
    for p in _take(world, rng, ("teacher",), 4, taken):
        p.behaviour, p.flags["phone_att"], p.flags["phone_share"] = "teacher_phone_and_laptop", True, .8
        p.flags["evenings"] = {d: (rng.gauss(20.5, .6) * H, rng.uniform(15, 45), rng.choice(("home", "phone_home")))
                               for d in range(world.days)}
    return extras


def auditor_days(world, log, rng_for):
    """The state auditor's sample: 120 pupils across the district, from the state office network."""
    rng = rng_for("auditor")
    who = Person("c%d" % rng.randint(700000, 799999), "state_auditor", "0900", "Dana", "Whitfield",
                 UA_WORK[2][0], "170.123.14.6", UA_WORK[2][0], UA_WORK[2][0], "172.58", behaviour="state_auditor")
    pupils = [p for s in world.schools.values() for p in s.pupils]
    sample = rng.sample(pupils, 120)
    b = Browser(log, rng, "170.123.14.6", who.work_ua, who.login)
    ctx_rng, k = rng, 0
    for d in [d for d in range(world.days) if weekday(d) < 5]:
        t = d * 86400.0 + rng.uniform(9.3, 10.2) * H
        end = d * 86400.0 + rng.uniform(14.5, 15.5) * H
        t = b.page(t, "/harbor/audit/sample.do?sampleId=FY27-ATT-03", size=66000)
        while t < end and k < len(sample):
            pid = sample[k]; k += 1
            for tab in ("profile", "attendance", "demographics", "documents"):
                path = T.P % pid if tab == "profile" else T.TAB[tab] % pid
                t = b.page(t + T.think(ctx_rng, 20, .7), path) + T.think(ctx_rng, 45, .7)
            if rng.random() < .5:
                t = b.download(t, "/harbor/documents/download.do?docId=%d" % rng.randint(5100000, 5899999),
                               rng.randint(90000, 600000)) + T.think(rng, 60, .6)
            t = b.page(t, "/harbor/audit/sample.do?sampleId=FY27-ATT-03&done=%s" % pid, size=66000)
    world.extra_accounts.append(who)
    return who, BASE
