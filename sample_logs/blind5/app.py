"""URL scheme of the SESAME portal and the request fan-out of each screen."""
from .session import HOST

ASSETS = [("/assets/index-4c1f9e2a.js", 148_000, "application/javascript"),
          ("/assets/vendor-b83d07e5.js", 312_000, "application/javascript"),
          ("/assets/index-9a7be310.css", 41_500, "text/css"),
          ("/assets/fonts/inter-var-latin-5e2a.woff2", 48_200, "font/woff2"),
          ("/assets/img/state-seal-7f31.svg", 9_400, "image/svg+xml"),
          ("/favicon.ico", 4_286, "image/x-icon")]
CHUNKS = {"student": ("/assets/StudentView-1e8b44d0.js", 61_000), "plan": ("/assets/PlanEditor-c07a91f3.js", 204_000),
          "reports": ("/assets/Reports-55d2e6b1.js", 38_000), "meetings": ("/assets/Calendar-2f9c0d7e.js", 72_000)}
REPORT_TYPES = ["child-count", "eligibility-timelines", "service-minutes", "overdue-annual-reviews",
                "transition-plans", "section-504-roster", "caseload-summary", "exit-reasons", "lre-placement"]
HELP = ["getting-started", "signing-in-with-district-sso", "resetting-your-password", "creating-an-iep-draft",
        "progress-monitoring", "504-plan-basics", "uploading-documents", "scheduling-meetings",
        "running-state-reports", "parent-contact-log", "accessibility-statement", "privacy-ferpa"]
JSON = "application/json; charset=utf-8"


def S(c, mean, sd=None):
    return max(40, int(c.rng.gauss(mean, sd if sd is not None else mean * 0.25)))


def shell(c, route, assets=True):
    """Full page load of the SPA: HTML shell (Node), hashed assets (Envoy/bucket), bootstrap API calls."""
    prev = c.page
    c.page = route
    cached = not c.cold
    st = 304 if cached and c.rng.random() < 0.7 else 200
    c.req("GET", route, status=st, size=0 if st == 304 else S(c, 2150, 30), auth=False,
          ctype="text/html; charset=utf-8", ref=("https://%s%s" % (HOST, prev)) if prev else "-",
          dur=c.rng.lognormvariate(1.4, 0.4))
    if assets and not cached:
        reqs = [("GET", p, dict(size=S(c, sz, sz * 0.01), static=True, ctype=ct, auth=False,
                                ref="https://%s%s" % (HOST, route))) for p, sz, ct in ASSETS]
        c.burst(reqs, after=0.02)
        c.cold = False
    boot = [("GET", "/api/v2/me", dict(size=S(c, 1400))), ("GET", "/api/v2/config", dict(size=S(c, 820, 10))),
            ("GET", "/api/v2/notifications/count", dict(size=S(c, 34, 8)))]
    if not c.boot_lookups:
        boot.append(("GET", "/api/v2/lookups?sets=disability,services,placements,languages", dict(size=S(c, 18400, 50))))
        c.boot_lookups = True
    if c.authed:
        c.burst(boot)


def chunk(c, name):
    if name not in c.chunks:
        c.chunks.add(name)
        p, sz = CHUNKS[name]
        if c.cold or c.rng.random() < 0.1:
            c.burst([("GET", p, dict(size=S(c, sz, sz * 0.01), static=True, ctype="application/javascript", auth=False))],
                    after=0.01)


def nav(c, route):
    c.page = route


def login_form(c, ok=True, typo=False):
    if c.page != "/login":
        shell(c, "/login")
    c.think(4, 10)
    if typo:
        c.req("POST", "/auth/login", status=401, size=61, recv=c.rng.randint(520, 640), auth=False,
              dur=c.rng.uniform(180, 320))
        c.think(5, 12)
    if ok:
        c.authed = True
        c.req("POST", "/auth/login", status=200, size=S(c, 1180, 20), recv=c.rng.randint(520, 640), auth=True,
              dur=c.rng.uniform(180, 320), upino=c.user)
        _after_login(c)
    else:
        c.req("POST", "/auth/login", status=401, size=61, recv=c.rng.randint(520, 640), auth=False,
              dur=c.rng.uniform(180, 320))


def login_sso(c, district):
    shell(c, "/login")
    c.think(2, 4)
    c.req("GET", "/auth/sso/%s" % district.slug, status=302, size=0, auth=False, ctype="text/html")
    c.t += c.rng.uniform(4, 40)  # at the district IdP
    c.authed = True
    c.req("POST", "/auth/saml/acs", status=302, size=0, recv=c.rng.randint(7000, 11000), auth=False,
          upino=c.user, ctype="text/html", ref="https://idp.%s/" % district.domain)
    _after_login(c)


def _after_login(c):
    c.token_exp = c.t + 900
    c.next_refresh = c.t + 600 + c.rng.uniform(-4, 8)
    if c.browser:
        c.start_timers()
        if c.page == "/login":
            c.page = "/app/dashboard"
            boot = [("GET", "/api/v2/me", dict(size=S(c, 1400))), ("GET", "/api/v2/config", dict(size=S(c, 820, 10)))]
            if not c.boot_lookups:
                boot.append(("GET", "/api/v2/lookups?sets=disability,services,placements,languages",
                             dict(size=S(c, 18400, 50))))
                c.boot_lookups = True
            c.burst(boot)


def api_login(c, ok=True):
    """Script login: JSON body straight to the endpoint."""
    c.authed = ok
    c.req("POST", "/auth/login", status=200 if ok else 401, size=S(c, 1180, 20) if ok else 61,
          recv=c.rng.randint(90, 160), auth=ok, upino=c.user if ok else None, dur=c.rng.uniform(180, 320),
          ref="-")
    c.token_exp = c.t + 900 if ok else 0


def dashboard(c, full=False):
    if full:
        shell(c, "/app/dashboard")
    else:
        nav(c, "/app/dashboard")
    d = _date(c)
    c.burst([("GET", "/api/v2/caseload?offset=0&limit=25&sort=next_review", dict(size=S(c, 9200))),
             ("GET", "/api/v2/meetings?from=%s&to=%s" % (d, d), dict(size=S(c, 2300))),
             ("GET", "/api/v2/tasks?status=open&limit=10", dict(size=S(c, 3100))),
             ("GET", "/api/v2/notifications?limit=20", dict(size=S(c, 5200)))])


def caseload(c, page=0, limit=25):
    nav(c, "/app/caseload" + ("?page=%d" % (page + 1) if page else ""))
    c.burst([("GET", "/api/v2/caseload?offset=%d&limit=%d&sort=last_name" % (page * limit, limit),
              dict(size=S(c, 360 * limit)))])


def roster(c, school, offset=0, limit=50, full=False, sort="last_name"):
    route = "/app/schools/%s/students" % school.code
    if full:
        shell(c, route)
    else:
        nav(c, route)
    c.burst([("GET", "/api/v2/students?school=%s&offset=%d&limit=%d&sort=%s" % (school.code, offset, limit, sort),
              dict(size=S(c, 370 * min(limit, max(1, len(school.students) - offset)) + 120)))])


def search(c, term):
    nav(c, "/app/search")
    n = c.rng.randint(1, 3)
    for k in range(n):
        q = term[:max(2, len(term) - (n - 1 - k) * 2)]
        c.req("GET", "/api/v2/students?q=%s&limit=10" % q, size=S(c, 2600), gap=c.rng.uniform(0.3, 1.5))


def student(c, stu, full=False, fan=True):
    route = "/app/students/%s" % stu.sid
    if full:
        shell(c, route)
    else:
        nav(c, route)
    chunk(c, "student")
    if c.scope is not None and stu.school.code not in c.scope:
        c.req("GET", "/api/v2/students/%s" % stu.sid, status=403, size=88)
        return False
    r = [("GET", "/api/v2/students/%s" % stu.sid, dict(size=S(c, 3400)))]
    if fan:
        r += [("GET", "/api/v2/students/%s/plans" % stu.sid, dict(size=S(c, 900 * len(stu.plans) + 200))),
              ("GET", "/api/v2/students/%s/contacts" % stu.sid, dict(size=S(c, 1500))),
              ("GET", "/api/v2/students/%s/meetings?limit=5" % stu.sid, dict(size=S(c, 1700))),
              ("GET", "/api/v2/students/%s/documents" % stu.sid, dict(size=S(c, 400 + 450 * len(stu.docs))))]
    c.burst(r)
    return True


def plan(c, stu, doc, full=False):
    route = "/app/students/%s/plans/%s" % (stu.sid, doc)
    if full:
        shell(c, route)
    else:
        nav(c, route)
    chunk(c, "plan")
    p = "/api/v2/plans/%s" % doc
    c.burst([("GET", p, dict(size=S(c, 24000, 8000))), ("GET", p + "/goals", dict(size=S(c, 7800))),
             ("GET", p + "/accommodations", dict(size=S(c, 3900))), ("GET", p + "/services", dict(size=S(c, 2600))),
             ("GET", p + "/history?limit=10", dict(size=S(c, 2100)))])


def edit_plan(c, stu, doc, minutes):
    nav(c, "/app/students/%s/plans/%s/edit" % (stu.sid, doc))
    end = c.t + minutes * 60
    p = "/api/v2/plans/%s" % doc
    while c.t < end:
        c.idle(c.rng.uniform(50, 200))
        c.req("PUT", p + "/draft", size=S(c, 210, 10), recv=c.rng.randint(2500, 16000), dur=c.rng.uniform(40, 160))
        if c.rng.random() < 0.15:
            c.req("PATCH", p + "/goals/%d" % c.rng.randint(1, 8), size=S(c, 1300), recv=c.rng.randint(900, 3000))
    if c.rng.random() < 0.3:
        c.req("POST", p + "/comments", status=201, size=S(c, 400), recv=c.rng.randint(500, 1800))


def progress(c, stu, write=True):
    nav(c, "/app/students/%s/progress" % stu.sid)
    c.burst([("GET", "/api/v2/students/%s/progress?period=2024-25-Q1" % stu.sid, dict(size=S(c, 5400)))])
    if write:
        c.idle(c.rng.uniform(60, 300))
        c.req("POST", "/api/v2/students/%s/progress" % stu.sid, status=201, size=S(c, 450), recv=c.rng.randint(600, 4000))


def download(c, doc):
    return c.req("GET", "/api/v2/documents/%s/download" % doc, size=S(c, 420000, 250000), ctype="application/pdf",
                 dur=c.rng.uniform(300, 2200))


def upload(c, stu):
    c.req("POST", "/api/v2/students/%s/documents" % stu.sid, status=201, size=S(c, 520),
          recv=c.rng.randint(150_000, 3_000_000), dur=c.rng.uniform(600, 4000))


def meetings(c, schedule=False):
    nav(c, "/app/meetings")
    chunk(c, "meetings")
    d = _date(c)
    c.burst([("GET", "/api/v2/meetings?from=%s&to=%s&view=week" % (d, d), dict(size=S(c, 6800)))])
    if schedule:
        c.idle(c.rng.uniform(40, 200))
        c.req("POST", "/api/v2/meetings", status=201, size=S(c, 700), recv=c.rng.randint(800, 2000))


def reports(c, rtype=None, school=None, export=None):
    nav(c, "/app/reports")
    chunk(c, "reports")
    if rtype is None:
        c.burst([("GET", "/api/v2/reports", dict(size=S(c, 2900)))])
        return
    q = "school=%s" % school.code if school else "district=all"
    if export:
        ct = "text/csv; charset=utf-8" if export == "csv" else "application/pdf"
        sz = S(c, 90_000 if export == "csv" else 260_000, 60_000)
        c.req("GET", "/api/v2/reports/%s/export?%s&format=%s" % (rtype, q, export), size=sz, ctype=ct,
              dur=c.rng.uniform(900, 9000))
    else:
        c.burst([("GET", "/api/v2/reports/%s?%s&preview=1" % (rtype, q), dict(size=S(c, 14000), dur=c.rng.uniform(300, 2500)))])


def logout(c):
    c.req("POST", "/auth/logout", status=204, size=0)
    c.authed = False
    c.close()
    c.page = "/login"


def _date(c):
    import datetime as dt
    from .session import TZ
    return dt.datetime.fromtimestamp(c.t, TZ).strftime("%Y-%m-%d")
