"""Hard benign look-alikes: state reporting analysts, a state auditor, counselors in scheduling week, principals
on phone and laptop at once, Apollo `pollInterval` dashboards, report-card printing, IT scripts on own accounts."""
import math
import random

from . import tasks
from .client import Client
from .netpool import POWERSHELL
from .world import relay

LOOKALIKES = ("state_reporting_analyst", "state_auditor", "counselor_scheduling_week", "principal_phone_and_laptop",
              "apollo_poll_dashboard", "registrar_reportcard_batch", "it_script_own_account")


def _pick(w, rng, roles, k, taken, pred=lambda s: True):
    pool = [s for s in w.staff if s.role in roles and s.sid not in taken and pred(s)]
    got = rng.sample(pool, min(k, len(pool)))
    taken.update(s.sid for s in got)
    return got


def assign(w, seed):
    """sid -> look-alike dict: name, hooks ('day', 'school_day', 'weekend', 'replace'), extras."""
    rng = random.Random("blind13:%d:lookalikes" % seed)
    taken, la = set(), {}
    five = lambda s: w.district[s.district]["week"] == 5
    for s in _pick(w, rng, ("state_analyst",), 3, taken):
        la[s.sid] = {"name": "state_reporting_analyst", "day": analyst_day}
    for s in _pick(w, rng, ("state_auditor",), 1, taken):
        la[s.sid] = {"name": "state_auditor", "day": auditor_day, "replace": ("school",)}
        s.hotel_ip = w.net.fixed("71.33.219")
    for s in _pick(w, rng, ("counselor",), 3, taken, five):
        s.task_weights = ((tasks.course_requests, 0.82), (tasks.lookup, 0.1), (tasks.inbox, 0.08))
        s.queue = sorted([p for p in w.schools[s.school]["pupils"] if p.grade >= 8], key=lambda p: (p.grade, p.last))
        la[s.sid] = {"name": "counselor_scheduling_week", "rate_mult": 3.2}
    for s in _pick(w, rng, ("principal",), 2, taken, five):
        la[s.sid] = {"name": "principal_phone_and_laptop", "day": phone_day}
    for s in _pick(w, rng, ("secretary",), 2, taken, five):
        la[s.sid] = {"name": "apollo_poll_dashboard", "day": poll_day}
    for s in _pick(w, rng, ("data_coordinator",), 2, taken, five):
        la[s.sid] = {"name": "registrar_reportcard_batch", "day": reportcard_day}
    for s in _pick(w, rng, ("it_tech",), 2, taken):
        la[s.sid] = {"name": "it_script_own_account", "script": True}
    return la


def _tab(w, sink, rng, s, d, h, ip=None, ua=None):
    c = Client(sink, rng, ip or s.nat, ua or s.primary_ua, user=s)
    t = c.refresh(w.at(d, h))                        # a second tab of the signed-in browser
    return c, c.load(t + rng.uniform(0.2, 0.8), dashboard=False)


def analyst_day(w, sink, rng, s, d, kind):
    if kind != "school":
        return
    districts = [k for k in w.district if k != "STATE"]
    for h in sorted(rng.uniform(8.4, 15.6) for _ in range(rng.randint(2, 4))):
        c, t = _tab(w, sink, rng, s, d, h)
        for dc in rng.sample(districts, rng.randint(2, 5)):
            did = relay("District", tasks.hash_school(dc))
            t = c.gql(t + c.think(20.0), "EnrollmentCounts", {"districtId": did, "schoolYear": "2026-2027"})
            n = len(w.by_district.get(dc, ())) or 50
            for coll in ("students", "enrollments", "attendance", "programs", "discipline"):
                rows = n * {"students": 1, "enrollments": 2, "attendance": 120, "programs": 1, "discipline": 1}[coll]
                cursor = None
                for page in range(max(1, min(40, math.ceil(rows / 500)))):
                    lat = c.lat(4600, 0.6)
                    size = int(min(500, rows - page * 500 if rows > page * 500 else 40) * rng.uniform(600, 950)) + 400
                    var = {"districtId": did, "collection": coll, "first": 500, "after": cursor}
                    if lat > 29000:
                        t = c.gql(t, "StateReportExtract", var, lat=30000, st=504, size=40, err="GATEWAY_TIMEOUT")
                        sink[-1].alat = lat
                        break
                    t = c.gql(t, "StateReportExtract", var, lat=lat, size=size) + rng.uniform(0.15, 0.6)
                    cursor = relay("Cursor", (page + 1) * 500)
            t = c.gql(t + c.think(30.0), "DataQualityIssues", {"districtId": did, "severity": "ERROR"})
            if rng.random() < 0.3:
                t = c.gql(t + c.think(60.0), "ValidationRun")
            t += c.think(240.0, 0.6)


def auditor_day(w, sink, rng, s, d, kind):
    if kind == "pd":
        return
    if kind == "school":
        h, end, ip, ua = rng.uniform(8.8, 9.3), rng.uniform(15.2, 15.8), s.hotel_ip, s.primary_ua
    elif kind == "weekend" and rng.random() < 0.7:
        h = rng.uniform(13.0, 16.0)
        end, ip, ua = h + rng.uniform(1.2, 2.2), s.home_ip, s.home_ua
    else:
        return
    c = Client(sink, rng, ip, ua, user=s)
    t = c.load(c.sign_in(w.at(d, h), s.auth))
    x = tasks.Ctx(w, s, c, "")
    dists = rng.sample([k for k in w.district if k != "STATE" and w.by_district.get(k)], 3)
    while t < w.at(d, end):
        p = rng.choice(w.by_district[rng.choice(dists)])
        t = c.gql(t + c.think(25.0, 0.5), "StudentSearch", {"q": p.last.lower(), "scope": "STATE", "first": 20})
        t = c.gql(t + c.think(3.0), "StudentProfile", {"id": p.rid})
        t = c.gql(t + c.think(8.0), "EnrollmentHistory", {"id": p.rid})
        for op in rng.sample(("StudentPrograms", "StudentAttendance", "StudentDocuments"), rng.randint(1, 2)):
            t = tasks.tab(x, t + c.think(10.0), op, p)
        if rng.random() < 0.05:
            t += rng.uniform(600, 1500)


def phone_day(w, sink, rng, s, d, kind):
    if kind != "school":
        return
    c = None
    for h in sorted(rng.uniform(7.6, 16.2) for _ in range(rng.randint(4, 9))):
        ip = w.net.carrier(rng, "verizon")
        if c is None:
            c = Client(sink, rng, ip, s.phone_ua, user=s)
            t = c.load(c.sign_in(w.at(d, h), s.auth, hd=w.district[s.district]["domain"]), dashboard=False)
        else:
            c.ip = ip                                # CGNAT hands the phone a new address per radio session
            t = c.load(w.at(d, h), dashboard=False)
        x = tasks.Ctx(w, s, c, "")
        for _ in range(rng.randint(1, 3)):
            f = rng.choice((tasks.lookup, tasks.lookup, tasks.behaviour, tasks.inbox))
            t = f(x, t + c.think(20.0))


def poll_day(w, sink, rng, s, d, kind):
    if kind != "school":
        return
    c, t = _tab(w, sink, rng, s, d, rng.gauss(7.55, 0.08))
    var = {"schoolId": relay("School", tasks.hash_school(s.school or s.district)),
           "date": (w.day0.date().fromordinal(w.day0.date().toordinal() + d)).isoformat()}
    stop = w.at(d, rng.gauss(16.45, 0.15))
    while t < stop:
        lat = c.lat(185, 0.3)
        c.gql(t, "AttendanceDashboard", var, lat=lat)
        t += 30.0 + lat / 1000.0 + rng.uniform(0.002, 0.02)


def reportcard_day(w, sink, rng, s, d, kind):
    if kind != "school":
        return
    c, t = _tab(w, sink, rng, s, d, rng.uniform(8.3, 9.2))
    schools = w.district[s.district]["schools"]
    for sc in rng.sample(schools, min(len(schools), rng.randint(1, 2))):
        t = c.gql(t + c.think(20.0), "GenerateReportCards")
        job = relay("ReportJob", rng.randint(900000, 999999))
        for _ in range(rng.randint(40, 120)):
            t = c.gql(t + rng.uniform(1.95, 2.1), "ReportJobStatus", {"jobId": job})
        t = c.export(t + 0.4)
        pupils = sorted(w.schools[sc]["pupils"], key=lambda p: (p.grade, p.last))
        for p in pupils[:rng.randint(80, 150)]:
            t = c.gql(t + c.think(7.0, 0.5), "ReportCardPreview", {"id": p.rid, "termId": tasks.TERM})
            if rng.random() < 0.15:
                t = c.export(t + c.think(3.0))


def it_script(w, sink, seed, s):
    """The tech's scheduled PowerShell task on the district server: his own token, around the clock."""
    rng = random.Random("blind13:%d:itscript:%d" % (seed, s.sid))
    c = Client(sink, rng, s.nat, POWERSHELL, user=s, browser=False, apq=False)
    c.exp = float("inf")                            # InitiateAuth happens against Cognito directly: not in this log
    did = relay("District", tasks.hash_school(s.district))
    t = w.start + rng.uniform(0, 600)
    while t < w.end:
        c.rest(t, "GET", "/v1/sync/status", "GET /v1/sync/status", size=c.lat(640, 0.1), lmed=45,
               qs="districtId=%s" % did)
        if int((t - w.start) // 600) % 6 == 0:
            for page in range(1, rng.randint(2, 4)):
                c.rest(t + page * 0.6, "GET", "/v1/admin/users", "GET /v1/admin/users", size=c.lat(41000, 0.1),
                       lmed=210, qs="districtId=%s&page=%d&pageSize=200" % (did, page))
        t += 600 + rng.uniform(-1.5, 2.5)


def extra(w, sink, seed, la_map):
    for s in w.staff:
        if la_map.get(s.sid, {}).get("script"):
            it_script(w, sink, seed, s)
