"""Automated collection through a staff login: GraphQL bulk pull, OData pager, RPA robot, headless harvester."""
import heapq
import random

from . import app, staff
from .client import Browser
from .world import ua as make_ua

SCRIPT_UAS = {"node-fetch": ("node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", "py"),
              "httpx": ("python-httpx/0.{}.{}", "py"), "requests": ("python-requests/2.{}.{}", "py"),
              "powershell": ("Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.{}.{}", "ps")}


def script_ua(kind, r, w):
    if kind == "chrome":
        return make_ua("chrome", w.chrome - r.randrange(0, 4)), "py"
    s, tls = SCRIPT_UAS[kind]
    if kind == "httpx":
        s = s.format(r.choice((25, 26, 27, 28)), r.randint(0, 2))
    elif kind == "requests":
        s = s.format(r.choice((28, 31, 32)), r.randint(0, 3))
    elif kind == "powershell":
        s = s.format(r.choice((19041, 22621, 26100)), r.randrange(1000, 5500))
    return s, tls


def script_login(b, t, follow=True):
    """A script signs in through the form: GET for the anti-forgery token, POST, maybe follow the 302."""
    t = b.emit(t, "GET", "/Account/Login", "", 200, 9412 + b.r.randrange(40), svc="page")
    b.rvt = app.token(40, b.sid, t)
    t = b.emit(t + b.r.uniform(0.05, 0.4), "POST", "/Account/Login", "", 302, 612, inb=260, svc="login")
    b.login_ok(t)
    if follow:
        t = b.emit(t + 0.01, "GET", "/Home/Index", "", 200, 15800 + b.r.randrange(1700))
    return t


def district_pupils(w, d):
    return [x for s in d.schools for x in w.students(s)]


# ---------------------------------------------------------------------------------------------------------------
def graphql_bulk_pull(w, p, sink):
    """A vendor's tool with a data steward's login POSTs /graphql all night from a cloud VM; the student id
    is in the body, so every request has the same URL."""
    r = random.Random(f"blind6/{w.seed}/gql/{p.key}")
    kind = r.choice(("node-fetch", "httpx", "chrome"))
    agent, tls = script_ua(kind, r, w)
    ip = w.nets.addr(kind=r.choice(("aws", "azure")))
    nights = [d for d in range(w.days) if r.random() < 0.85] or [r.randrange(w.days)]
    workers, ops = r.randint(1, 4), r.choice((1, 2, 2))
    glo, ghi = r.uniform(0.05, 0.4), r.uniform(0.6, 2.0)
    per_night = r.randint(2000, 6000)
    pupils = district_pupils(w, p.district)
    if len(pupils) < per_night:                  # the steward also sees the neighbouring co-op districts
        for d in w.districts:
            if d is not p.district and len(pupils) < per_night:
                pupils += district_pupils(w, d)
    done = 0
    for d in range(w.days):
        staff.workday(w, p, d, sink)
    for night in nights:
        t = w.local(night, r.uniform(0.25, 2.5))
        lead = Browser(sink, w, r, ip, ua=agent, acct=p.acct, script=True, tls=tls)
        t = script_login(lead, t, follow=kind != "httpx")
        bs = [lead] + [Browser(sink, w, r, ip, ua=agent, acct=p.acct, script=True, tls=tls) for _ in range(workers - 1)]
        for b in bs[1:]:
            b.sid, b.rvt, b.auth, b.auth_t, b.auth_until = lead.sid, lead.rvt, lead.auth, lead.auth_t, lead.auth_until
        start = done % len(pupils)
        todo = [pupils[(start + i) % len(pupils)] for i in range(min(per_night, len(pupils)))]
        reqs = [("Schools", p.district.code, 4800, 9000)]
        reqs += [("Roster", f"{s.code}/{k}", 42000, 88000) for s in p.district.schools for k in range(0, s.n, 200)]
        for sid, _ in todo:
            reqs.append(("StudentDetail", sid, 5200, 31000))
            if ops == 2:
                reqs.append(("AssessmentHistory", sid, 2600, 14000))
        heap = [(t + i * 0.13, i) for i in range(workers)]
        for op, key, lo, hi in reqs:
            ts, i = heapq.heappop(heap)
            err = r.random() < 0.006
            size = 214 if err else app.per(key, op, lo, hi)
            end = bs[i].emit(ts, "POST", "/graphql", "", 200, size, api=True, inb=380 + len(op) * 11 + len(key),
                             svc="gql")
            heapq.heappush(heap, (end + r.uniform(glo, ghi), i))
        done += len(todo)
    return {"user_agent": agent, "client": kind, "ip": ip, "nights": nights, "workers": workers,
            "ops_per_student": ops, "gap_s": [round(glo, 2), round(ghi, 2)], "students_per_night": per_night,
            "district": p.district.name}


def odata_pager(w, p, sink):
    """A script pages /api/odata/Students then every student's assessments, from home, in the daytime."""
    r = random.Random(f"blind6/{w.seed}/odata/{p.key}")
    kind = r.choice(("requests", "powershell", "chrome"))
    agent, tls = script_ua(kind, r, w)
    days = [r.randrange(w.days)] if r.random() < 0.7 or w.days < 2 else list(range(min(2, w.days)))
    lo, hi = r.uniform(2.0, 3.0), r.uniform(4.0, 6.0)
    top, subs = 100, r.choice((1, 2))
    select = "&$select=StateID,LastName,FirstName,Grade,SchoolCode" if r.random() < 0.5 else ""
    pages_first = r.random() < 0.5
    schools = w.scope_schools(p) if p.role != "state_staff" else [r.choice(w.schools)]
    n = 0
    for d in range(w.days):
        staff.workday(w, p, d, sink, where="home" if d in days else None)
    for day in days:
        b = Browser(sink, w, r, p.home_ip, ua=agent, acct=p.acct, script=True, tls=tls)
        t = script_login(b, w.local(day, r.uniform(9.0, 11.5)), follow=kind == "chrome")
        stop = w.local(day, r.uniform(15.5, 17.0))
        for s in schools:
            ids = w.students(s)
            queue = []
            for k in range(0, len(ids), top):
                chunk = ids[k:k + top]
                page = ("/api/odata/Students", f"$filter=SchoolCode%20eq%20%27{s.code}%27{select}"
                                               f"&$orderby=StateID&$skip={k}&$top={top}", 30000 + 380 * len(chunk))
                dets = []
                for sid, _ in chunk:
                    dets.append((f"/api/odata/Students('{sid}')/Assessments", "", app.per(sid, "asmj", 1400, 9800)))
                    if subs == 2:
                        dets.append((f"/api/odata/Students('{sid}')/Accommodations", "", app.per(sid, "accj", 600, 2400)))
                queue.append((page, dets))
            if pages_first:
                queue = [q[0] for q in queue] + [d for q in queue for d in q[1]]
            else:
                queue = [x for q in queue for x in [q[0]] + q[1]]
            for stem, qs, size in queue:
                if t > stop:
                    break
                t = b.emit(t, "GET", stem, qs, 200, size, api=True, svc="api") + r.uniform(lo, hi)
                n += stem.endswith("/Assessments")
    return {"user_agent": agent, "ip": p.home_ip, "days": days, "gap_s": [round(lo, 2), round(hi, 2)], "top": top,
            "requests_per_student": subs, "pages_first": pages_first, "students": n}


def rpa_bot_on_staff_pc(w, p, sink):
    """UiPath/Power Automate drives the owner's real Chrome on the owner's office PC, one student every
    8-20 s, very regularly, for 6-9 hours including lunch, while the owner is away from the PC."""
    r = random.Random(f"blind6/{w.seed}/rpa/{p.key}")
    day = r.randrange(w.days)
    period, jit = r.uniform(8.0, 20.0), r.uniform(0.02, 0.06)
    hours, steps = r.uniform(6.0, 9.0), r.choice((2, 3))
    for d in range(w.days):
        staff.workday(w, p, d, sink, skip_work=d == day)
    b = staff.browser(w, p, sink, r, "work", 0)
    t = w.local(day, r.uniform(7.75, 9.5))
    end = t + hours * 3600
    home = p.school or p.district.schools[0]
    pupils = list(w.students(home))                  # the owner's school first, then the district's others
    for s in p.district.schools:
        if s is not home:
            pupils += w.students(s)
    t = b.open(t, "home", who=p.key, day=day)
    n, batch = 0, r.randint(150, 300)
    while t < end and n < len(pupils):
        sid, guid = pupils[n]
        n += 1
        t0 = t
        e = b.emit(t0, "GET", "/Students/Search", f"q={sid}", 302, 466, ref=b.cur, svc="api")
        b.open(e + 0.02, "profile", sid=sid)
        b.open(t0 + period * 0.38 + r.gauss(0, 0.15), "assess", sid=sid)
        if steps == 3:
            b.open(t0 + period * 0.7 + r.gauss(0, 0.15), "accom", sid=sid)
        t = t0 + r.gauss(period, period * jit)
        if n % batch == 0:
            t += r.uniform(20, 70)                 # the robot reloads its Excel batch
    b.close(t)
    return {"day": day, "period_s": round(period, 2), "jitter": round(jit, 3), "hours": round(hours, 2),
            "steps_per_student": steps, "students": n, "ip": b.ip, "user_agent": b.ua}


def headless_report_harvester(w, p, sink):
    """Playwright's headless Chromium signs in and downloads every school's score-report PDFs in the evening."""
    r = random.Random(f"blind6/{w.seed}/harvest/{p.key}")
    days = [r.randrange(w.days)] if r.random() < 0.7 or w.days < 2 else list(range(min(2, w.days)))
    where = "home" if r.random() < 0.7 else "cloud"
    ip = p.home_ip if where == "home" else w.nets.addr(kind="do")
    agent = make_ua("headless", w.chrome + r.choice((-2, -1, 0)), minor=r.randrange(20, 120))
    schools = list(w.directory if p.role == "state_staff" else p.district.schools)
    n = 0
    for d in range(w.days):
        staff.workday(w, p, d, sink)
    for day in days:
        b = Browser(sink, w, r, ip, ua=agent, acct=p.acct, transport="webSockets")
        t = b.login_page(w.local(day, r.uniform(18.5, 21.0)), "ReturnUrl=%2f")
        t = b.post_login(t + r.uniform(0.4, 1.5), "ReturnUrl=%2f")
        t = b.open(t + r.uniform(0.3, 1.0), "home", who=p.key, day=day)
        for s in schools:
            t = b.open(t + r.uniform(0.4, 1.8), "reports", code=s.code)
            grades = {"High School": ("11",), "Middle School": ("06", "07", "08"), "Junior High": ("06", "07", "08")}.get(
                s.level, ("03", "04", "05"))
            for g in grades:
                for subj in ("ELA", "MATH", "SCI"):
                    f = app.q(f"SchoolReports/2025/{s.code}/{subj}_G{g}.pdf")
                    if subj == "SCI" and g not in ("05", "08", "11"):
                        t = b.emit(t + r.uniform(0.15, 0.6), "GET", "/Handlers/Download.ashx", "file=" + f, 404, 1245,
                                   ref=b.cur, svc="api")
                        continue
                    t = b.download(t + r.uniform(0.15, 0.9), f, app.pdf_size(f))
                    n += 1
        b.close(t)
    return {"days": days, "where": where, "ip": ip, "user_agent": agent, "schools": len(schools), "pdfs": n}
