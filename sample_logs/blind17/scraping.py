"""Scraping through staff accounts: a headless PDF harvester, a browser extension, a vendor sync, an RPA robot."""
import math
import random

from .client import Agent, Device
from .tasks import PDF, ymd
from .world import pick, ua, work_ip


def _register(w, s, behaviour, kinds, match, **params):
    s.abused_by = behaviour
    w.abuse[s.login] = dict(behaviour=behaviour, kinds=kinds, label=kinds[0], match=match, params=params,
                            actor="abuse:" + behaviour)


def headless_harvest(ctx, w):
    """An advocacy contractor's headless Chrome on a cloud VM pulls every IEP-related PDF of the district."""
    rng = random.Random("blind17:%d:headless" % w.rng_seed)
    s = pick(w, rng, ["school_psychologist"], ["2301"])
    vm = w.nets.cloud("do_nyc")
    agent_ua = ua("win_chrome", "169")
    queue = []
    for c in sorted(w.by_district[s.district], key=lambda c: (c.last, c.sid)):
        for d in c.docs:
            if d[1] in ("iep", "eval", "progress"):
                queue.append((c, d))
    match = {"sessions": []}
    _register(w, s, "headless_iep_pdf_harvest", ["scraping", "credential_sharing"], match, ip=vm, user_agent=agent_ua,
              n_documents_available=len(queue), doc_gap_s=[25, 40], restart_hours=[5.5, 8.0])
    t = ctx.at(0, rng.uniform(9.4, 11.0))
    seen = 0
    while queue and t < ctx.end:
        dev = Device(agent_ua, ports=(32768, 60999))
        a = Agent(ctx, "abuse:headless_iep_pdf_harvest", dev, vm, rng, s.login)
        t = a.sign_in(a.open_app(t), s.auth, s.idp)
        match["sessions"] += a.sessions
        stop = t + rng.uniform(5.5, 8.0) * 3600
        last = None
        while queue and t < stop and t < ctx.end:
            c, d = queue.pop(0)
            if c is not last:
                if seen % 50 == 0:
                    t = a.api(t, "GET", "/api/districts/%s/roster" % s.district, "page=%d&pageSize=50" % (seen // 50 + 1),
                              size=rng.randint(14000, 22000), route="/districts/%s/roster" % s.district) + 1.2
                seen += 1
                t = a.api(t, "GET", "/api/cases/" + c.id, size=rng.randint(3100, 9400), route="/cases/%s/documents" % c.id)
                t = a.api(t + 0.01, "GET", "/api/cases/%s/documents" % c.id, size=300 + 190 * len(c.docs)) + 0.8
                t = a.chunk(t, "pdf")
                last = c
            t = a.api(t, "GET", "/api/cases/%s/documents/%s" % (c.id, d[0]), size=d[3], ctype=PDF)
            nt = t + rng.uniform(25, 40)
            a.idle(t, nt)
            t = nt
        t += rng.uniform(60, 240)   # the job restarts with a fresh browser profile


def caseload_extension(ctx, w):
    """A 'caseload helper' extension opens every case of the caseload in the background after the first sign-in."""
    rng = random.Random("blind17:%d:extension" % w.rng_seed)
    s = pick(w, rng, ["case_manager"], ["1107"])
    extra = [c for c in w.by_district[s.district] if c not in s.caseload]
    want = rng.randint(30, 56)
    if len(s.caseload) < want:
        s.caseload += rng.sample(extra, min(len(extra), want - len(s.caseload)))
    ext_id = "".join(rng.choice("abcdefghijklmnop") for _ in range(32))
    hdr = {"origin": "chrome-extension://" + ext_id, "sec-fetch-site": "none"}
    match = {"no_referer_api": True}
    _register(w, s, "caseload_extension_burst", ["scraping"], match, ip=None, user_agent=s.work_ua,
              extension_id=ext_id, caseload=len(s.caseload), calls_per_case=2)
    actor = "abuse:caseload_extension_burst"

    def burst(a, t):
        old, a.actor = a.actor, actor
        calls = [("/api/caseload", "staff=me&page=%d" % (p + 1)) for p in range(math.ceil(len(s.caseload) / 25))]
        for c in s.caseload:
            calls += [("/api/cases/" + c.id, ""), ("/api/cases/%s/contacts" % c.id, "")]
        span = rng.uniform(35, 58)
        t0 = t + rng.uniform(20, 150)
        for k, (p, q) in enumerate(calls):
            a.api(t0 + span * k / len(calls) + rng.uniform(0, 0.3), "GET", p, q, ref=None, extra=hdr,
                  size=rng.randint(1200, 9000))
        a.actor = old
    for d in range(ctx.days):
        if ctx.school_day(d):
            s.plans[d] = {"present": True, "after_signin": [burst]}


def vendor_sync(ctx, w):
    """A progress-monitoring vendor's servers sign in with a coordinator's password and sync all day."""
    rng = random.Random("blind17:%d:vendor" % w.rng_seed)
    s = pick(w, rng, ["sped_coordinator", "sped_director"], ["4512"], auth=["cognito"])
    ips = [w.nets.cloud("aws_use1"), w.nets.cloud("aws_use1")]
    agent_ua = "axios/1.7.7"
    match = {"sessions": []}
    _register(w, s, "vendor_sync_with_staff_password", ["scraping"], match, ips=ips, user_agent=agent_ua,
              vendor="GoalPath", schedule="02:15 nightly full, every 2 h 06:05-20:05 on school days")
    cases = w.by_district[s.district]
    runs = []
    for d in range(ctx.days):
        runs.append((ctx.at(d, 2.25 + rng.uniform(0, 0.02)), True))
        if ctx.school_day(d):
            runs += [(ctx.at(d, h + 5 / 60.0 + rng.uniform(0, 0.01)), False) for h in range(6, 21, 2)]
    for i, (t, full) in enumerate(runs):
        dev = Device(agent_ua, kind="script", proto="HTTP/1.1", lang=None, keepalive=0, ports=(32768, 60999),
                     tls=("TLSv1.3", "TLS_AES_256_GCM_SHA384"))
        a = Agent(ctx, "abuse:vendor_sync_with_staff_password", dev, ips[i % 2], rng, s.login)
        q = a.authorize_query()
        t = a.req(t, "GET", "/oauth2/authorize", q, 302, 0, None, ref=None, auth=False)
        t = a.req(t, "GET", "/login", q, 200, 9214, "text/html", ref=None, auth=False)
        a.cog = [("XSRF-TOKEN", "%032x" % rng.getrandbits(128))]
        t = a.req(t + 0.2, "POST", "/login", q, 302, 0, None, body=172, ref=None, auth=False)
        a.cog.append(("cognito", "%064x" % rng.getrandbits(256)))
        t = a.req(t, "GET", "/auth/callback", "code=%032x&state=%s" % (rng.getrandbits(128), q.split("state=")[1].split("&")[0]),
                  200, 2310, "text/html", ref=None, auth=False)
        t = a.req(t, "POST", "/oauth2/token", "", 200, 3912, "application/json", body=1120, ref=None, auth=False)
        a.token, a.token_t = "%064x" % rng.getrandbits(256), t
        t = a.req(t, "POST", "/api/session", "", 201, 164, "application/json", body=2, ref=None)
        a.pw = ("%032x" % rng.getrandbits(128), s.login)
        match["sessions"].append(a.pw[0])
        for p in range(math.ceil(len(cases) / 100)):
            t = a.api(t + rng.uniform(0.1, 0.5), "GET", "/api/districts/%s/roster" % s.district,
                      "page=%d&pageSize=100" % (p + 1), size=rng.randint(28000, 44000), ref=None)
        todo = cases if full else rng.sample(cases, min(len(cases), rng.randint(20, 60)))
        for c in todo:
            t = a.api(t + rng.uniform(0.15, 1.0), "GET", "/api/cases/%s/iep/%d" % (c.id, c.versions),
                      "include=goals,progress", size=rng.randint(9000, 30000), ref=None)
            if rng.random() < 0.5:
                t = a.api(t + rng.uniform(0.1, 0.6), "GET", "/api/cases/%s/service-logs" % c.id,
                          "from=%s" % ymd(ctx, t, 14), size=rng.randint(700, 5000), ref=None)


def rpa_stateid_lookup(ctx, w):
    """A desktop-automation robot on an office VM works through a spreadsheet of state IDs in a secretary's name."""
    rng = random.Random("blind17:%d:rpa" % w.rng_seed)
    s = pick(w, rng, ["sped_secretary"], ["3360"])
    office = w.districts[s.district]["buildings"][-1]
    ip = work_ip(w, s, office)
    agent_ua = ua("win_edge", "118")
    own = [c for c in w.by_district[s.district]]
    others = [c for c in w.cases if c.district != s.district]
    match = {"sessions": []}
    _register(w, s, "rpa_stateid_lookup", ["scraping"], match, ip=None, user_agent=agent_ua,
              robot_host="RPA-01 (office VM)", pace_s=[41, 47])
    dev = Device(agent_ua, lang="en-US")
    for d in range(ctx.days):
        if not ctx.school_day(d):
            continue
        a = Agent(ctx, "abuse:rpa_stateid_lookup", dev, ip, rng, s.login)
        t = a.sign_in(a.open_app(ctx.at(d, 8.92 + rng.uniform(0, 0.05))), s.auth, s.idp)
        match["sessions"] += a.sessions[-1:]
        end = ctx.at(d, 15.5)
        while t < end:
            roll = rng.random()
            if roll < 0.08:
                sid = "%d" % rng.randint(1000000000, 9999999999)
                a.route = "/search"
                t = a.api(t, "GET", "/api/search", "stateId=%s" % sid, size=41) + rng.uniform(2, 3)
            else:
                c = rng.choice(own if roll < 0.72 else others)
                t = a.api(t, "GET", "/api/search", "stateId=%s" % c.sid, size=rng.randint(520, 760), route="/search") + 2.1
                t = a.chunk(t, "case")
                ok = c.district == s.district
                t = a.api(t, "GET", "/api/cases/" + c.id, status=200 if ok else 403,
                          size=rng.randint(3100, 9400) if ok else 96, route="/cases/" + c.id) + 0.4
                if ok:
                    t = a.api(t, "GET", "/api/cases/%s/iep/%d" % (c.id, c.versions), size=rng.randint(12000, 41000))
                    t = a.api(t + 1.6, "GET", "/api/cases/%s/contacts" % c.id, size=rng.randint(900, 2400),
                              route="/cases/%s/contacts" % c.id)
            nt = t + rng.uniform(36, 42)
            a.idle(t, nt)
            t = nt
